"""Build into a staging folder and swap it in only when the build succeeded.

MkDocs empties the site folder early and writes page by page, so a build that fails halfway
(a render time-out, a warning under --strict, a full disk) would leave visitors a broken site.
We let MkDocs write into a folder next to the site folder and swap it into place at the end.

What this module promises, for one site folder `site/`:
- One build at a time: a build holds an exclusive `flock` on `.site.kennisbank-lock` (next to
  `site/`, kept between builds) from its start to its end. A second build waits for the first
  and then builds (it logs that it waits). The lock is released by the kernel when the holder
  dies, however it dies.
- Unique names: each build writes into `site.kennisbank-nieuw-<pid>-<random>`, so nothing a
  build still writes can end up in another build's site.
- An atomic swap: on Linux `renameat2(RENAME_EXCHANGE)` swaps the two folders in one step, so
  `site/` is never missing, not even for a moment. Elsewhere (or on a file system without it)
  two renames: `site/` -> `site.kennisbank-oud-...`, staging -> `site/`; a kill between the two
  leaves the old site whole under the `oud` name and the next build puts it back first thing.
  A first build (no `site/` yet) is a plain rename. SIGINT/SIGTERM/SIGHUP wait until the swap
  is done.
- No litter: a build that holds the lock removes what killed builds left (their builder is
  gone, or it would hold the lock), and removes its own folders on every way out: success,
  error, Ctrl-C (atexit), SIGTERM/SIGHUP (a handler that cleans up and then dies of the signal).
  Only SIGKILL leaves something, which the next build removes. Read-only trees are made
  writable (we own them) before removal.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import errno
import fcntl
import logging
import os
import re
import secrets
import shutil
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

from ..errors import KennisbankError, display_path

NEW = "nieuw"  # a build in progress (or one that was killed)
OLD = "oud"  # the previous site, between the two renames of the fallback swap
KINDS = (NEW, OLD)
LOCK_SUFFIX = ".kennisbank-lock"
HANDLED_SIGNALS = tuple(s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s)
AT_FDCWD = -100
RENAME_EXCHANGE = 2


def _checkpoint(step: str) -> None:
    """Test hook, a no-op: tests/test_faults.py replaces it in a subprocess to kill the build
    at each step of the swap ("before-swap", "after-move-old", "after-swap", "removing-old")."""


def _load_renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # no glibc 2.28+ (musl has it too; very old libcs do not)
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _load_renameat2()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one atomic step; False when this system or file system cannot."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def os_error_message(exc: OSError, path: Path | str, root: Path | None = None) -> str:
    """A Dutch sentence for what went wrong with `path` (shown relative to `root`)."""
    shown = display_path(Path(path), root)
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"de schijf is vol: {shown} kon niet worden geschreven"
    if code == errno.EROFS:
        return f"geen schrijfrechten in {shown}: die staat op een alleen-lezen schijf"
    if code in (errno.EACCES, errno.EPERM):
        return f"geen schrijfrechten in {shown}"
    if code in (errno.ENOTDIR, errno.EEXIST):
        blocker = _file_in_the_way(Path(path))
        if blocker is not None:
            return f"{display_path(blocker, root)} is een bestand, geen map"
    if code == errno.EBUSY:
        return f"{shown} is in gebruik of is een koppelpunt (mount)"
    if code == errno.EXDEV:
        return f"{shown} ligt op een andere schijf dan de map erboven"
    return f"{shown}: fout van het besturingssysteem ({exc.strerror or exc})"


def _file_in_the_way(path: Path) -> Path | None:
    """The first part of `path` that exists but is not a folder."""
    for part in [*reversed(path.parents), path]:
        if part.exists() and not part.is_dir():
            return part
        if not part.exists():
            return None
    return None


def ensure_writable_dir(path: Path, root: Path | None = None, what: str | None = None) -> None:
    """Create `path` if needed and make sure we can write in it; a Dutch KennisbankError otherwise."""
    label = f"{display_path(path, root)} ({what})" if what else display_path(path, root)
    blocker = _file_in_the_way(path)
    if blocker is not None:
        raise KennisbankError(
            f"{label[0].upper()}{label[1:]} kan geen map zijn: {display_path(blocker, root)} is een bestand, geen map. "
            "Verwijder of hernoem dat bestand, of kies een andere map in mkdocs.yml."
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KennisbankError(f"{label}: {os_error_message(exc, exc.filename or path, root)}") from None
    if _read_only(path):
        raise KennisbankError(f"Geen schrijfrechten in {label}: die staat op een alleen-lezen schijf.")
    if not os.access(path, os.W_OK | os.X_OK):
        raise KennisbankError(f"Geen schrijfrechten in {label}.")


def _is_mount_point(path: Path) -> bool:
    """Also true for a bind mount within one file system, which os.path.ismount does not see."""
    if os.path.ismount(path):
        return True
    try:
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    wanted = os.path.realpath(path)
    for line in lines:
        fields = line.split(" ")
        if len(fields) > 4:
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4])
            if point == wanted:
                return True
    return False


def _read_only(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def _make_writable(path: Path) -> None:
    """Give the owner rwx on every folder below `path` (we own the trees we remove)."""
    try:
        info = os.lstat(path)
    except OSError:
        return
    if not stat.S_ISDIR(info.st_mode):
        return
    if info.st_mode & 0o700 != 0o700:
        with contextlib.suppress(OSError):
            os.chmod(path, info.st_mode | 0o700)
    try:
        entries = list(os.scandir(path))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            _make_writable(Path(entry.path))


def remove_tree(path: Path) -> None:
    """Remove a folder we made, read-only parts included; OSError when that is impossible."""
    if not os.path.lexists(path):
        return
    if path.is_symlink() or not path.is_dir():
        path.unlink()
        return
    try:
        shutil.rmtree(path)
    except OSError:
        _make_writable(path)
        shutil.rmtree(path)


class StagedSite:
    """One build's staging folder, lock and swap. Create it at the start of a build; end it
    with `commit()` (success) or `discard()` (anything else). Both are safe to call twice."""

    def __init__(self, final: Path, root: Path | None = None, log: logging.Logger | None = None) -> None:
        # A symlinked site folder is replaced where it points, not turned into a folder.
        self.final = Path(os.path.realpath(final))
        self.root = root
        self.log = log or logging.getLogger(__name__)
        self.token = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.staging = self._name(NEW)
        self.lock_path = self.final.with_name(f".{self.final.name}{LOCK_SUFFIX}")
        self._lock_fd: int | None = None
        self._previous_handlers: dict[int, object] = {}
        self._abort_callbacks: list[Callable[[], None]] = []
        self._old: Path | None = None
        self.done = False
        earlier = _ACTIVE.get(self.lock_path)
        if earlier is not None:  # this process started a build that never reached its end
            earlier.discard()
        ensure_writable_dir(self.final.parent, self.root, "de map waarin de site komt")
        self._lock()
        _ACTIVE[self.lock_path] = self
        try:
            self._install_signal_handlers()
            self._clean_litter()
            self._check_final()
            try:
                os.mkdir(self.staging)
            except OSError as exc:
                raise KennisbankError(self._cannot(exc, self.staging)) from None
        except BaseException:
            self._release()
            raise

    # -- names and messages

    def _name(self, kind: str, token: str | None = None) -> Path:
        return self.final.with_name(f"{self.final.name}.kennisbank-{kind}-{token or self.token}")

    def _shown(self, path: Path) -> str:
        return display_path(path, self.root)

    def _cannot(self, exc: OSError, path: Path) -> str:
        target = exc.filename2 or exc.filename or path  # a rename's or copy's target when it has one
        return f"De site kon niet worden gebouwd: {os_error_message(exc, target, self.root)}."

    # -- start of a build

    def _check_final(self) -> None:
        if os.path.lexists(self.final) and not self.final.is_dir():
            raise KennisbankError(
                f"{self._shown(self.final)} is een bestand, geen map; de site kan daar niet komen. "
                "Verwijder of hernoem het bestand, of kies een andere site_dir."
            )
        if self.final.is_dir() and _read_only(self.final):
            raise KennisbankError(
                f"Geen schrijfrechten in {self._shown(self.final)}: die map staat op een alleen-lezen schijf, dus de "
                "site kan niet worden vervangen. De vorige site blijft staan zoals hij is."
            )
        if self.final.is_dir() and _is_mount_point(self.final):
            raise KennisbankError(
                f"{self._shown(self.final)} is een koppelpunt (mount): de kennisbank bouwt de site ernaast en "
                "wisselt de hele map in één keer om, en dat kan niet met een koppelpunt. Kies als site_dir een map "
                "binnen het koppelpunt, bijvoorbeeld " + self._shown(self.final / "site") + "."
            )

    def _lock(self) -> None:
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as exc:
            raise KennisbankError(self._cannot(exc, self.lock_path.parent)) from None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self.log.info(
                    f"Er loopt al een build naar {self._shown(self.final)}; deze build wacht tot die klaar is."
                )
                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        self._lock_fd = fd

    def _litter(self) -> list[Path]:
        prefix = f"{self.final.name}.kennisbank-"
        found = []
        try:
            names = os.listdir(self.final.parent)
        except OSError:
            return []
        for name in names:
            rest = name[len(prefix) :] if name.startswith(prefix) else ""
            if any(rest == kind or rest.startswith(kind + "-") for kind in KINDS):
                found.append(self.final.parent / name)
        return sorted(found)

    def _clean_litter(self) -> None:
        """We hold the lock, so every staging, old or removed tree here belongs to a dead build."""
        litter = [p for p in self._litter() if p != self.staging]
        if not os.path.lexists(self.final):
            olds = [p for p in litter if p.name.split(".kennisbank-", 1)[1].startswith(OLD)]
            if olds:
                # Killed between the two renames of the fallback swap: the old site is whole.
                newest = max(olds, key=lambda p: p.lstat().st_ctime)
                try:
                    newest.rename(self.final)
                except OSError as exc:
                    raise KennisbankError(self._cannot(exc, self.final)) from None
                self.log.info(
                    f"{self._shown(self.final)} is teruggezet uit {self._shown(newest)} (een afgebroken build)."
                )
                litter.remove(newest)
        for path in litter:
            try:
                remove_tree(path)
            except OSError as exc:
                reason = os_error_message(exc, exc.filename or path, self.root)
                raise KennisbankError(
                    f"{self._shown(path)} is overgebleven van een afgebroken build en kan niet worden verwijderd "
                    f"({reason}). Verwijder die map zelf en bouw opnieuw."
                ) from None

    # -- signals

    def _install_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in HANDLED_SIGNALS:
            if signal.getsignal(signum) is signal.SIG_DFL:  # never take over someone else's handler
                self._previous_handlers[signum] = signal.signal(signum, _die_cleanly)

    def _restore_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for signum, previous in self._previous_handlers.items():
            if signal.getsignal(signum) is _die_cleanly:
                signal.signal(signum, previous)  # type: ignore[arg-type]
        self._previous_handlers.clear()

    # -- end of a build

    def on_abort(self, callback: Callable[[], None]) -> None:
        """Run `callback` before the staging folder is removed on a failed or interrupted build
        (for work a build started in the background, so it cannot write into a removed folder)."""
        self._abort_callbacks.append(callback)

    def commit(self) -> None:
        """Swap the staged site into place and remove the old one. On failure the old site stays
        whole, the staging folder is removed and a Dutch KennisbankError says why."""
        if self.done:
            return
        _checkpoint("before-swap")
        try:
            with signals_deferred():
                self._swap()
        except OSError as exc:
            message = self._cannot(exc, exc.filename or self.final)
            self.discard()
            raise KennisbankError(message) from None
        _checkpoint("after-swap")
        old = self._old  # stays known until it is gone: an interrupted removal is finished on exit
        if old is not None:
            _checkpoint("removing-old")
            try:
                remove_tree(old)
            except OSError as exc:
                self.log.warning(
                    f"De nieuwe site staat in {self._shown(self.final)}, maar de vorige ({self._shown(old)}) kon niet "
                    f"worden verwijderd: {os_error_message(exc, exc.filename or old, self.root)}. "
                    "De volgende build probeert het opnieuw."
                )
        self._old = None
        self.done = True
        self._release()

    def _swap(self) -> None:
        if not os.path.lexists(self.final):
            os.rename(self.staging, self.final)  # first build: nothing to keep
            return
        if _exchange(self.staging, self.final):
            self._old = self.staging  # now holds the previous site
            return
        old = self._name(OLD)
        os.rename(self.final, old)
        self._old = old
        _checkpoint("after-move-old")
        try:
            os.rename(self.staging, self.final)
        except OSError:
            os.rename(old, self.final)  # put the old site back before reporting
            self._old = None
            raise

    def discard(self) -> None:
        """Forget this build: stop what writes into it, remove its folders, free the lock."""
        if self.done:
            return
        self.done = True
        for callback in self._abort_callbacks:
            with contextlib.suppress(Exception):
                callback()
        self._abort_callbacks.clear()
        for path in (self.staging, self._old):
            if path is None or path == self.final:
                continue
            if path == self._old and not os.path.lexists(self.final):
                continue  # the only copy of the old site (a failed rename back): the next build restores it
            try:
                remove_tree(path)
            except OSError as exc:
                self.log.warning(
                    f"{self._shown(path)} kon niet worden verwijderd "
                    f"({os_error_message(exc, exc.filename or path, self.root)}); de volgende build ruimt het op."
                )
        self._release()

    def _release(self) -> None:
        self._restore_signal_handlers()
        if _ACTIVE.get(self.lock_path) is self:
            del _ACTIVE[self.lock_path]
        fd, self._lock_fd = self._lock_fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


_ACTIVE: dict[Path, StagedSite] = {}


def _discard_all() -> None:
    for staged in list(_ACTIVE.values()):
        with contextlib.suppress(Exception):
            staged.discard()


def _die_cleanly(signum: int, frame: FrameType | None) -> None:
    """SIGTERM/SIGHUP during a build: clean up, then die of the same signal (exit status intact)."""
    _discard_all()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold back Ctrl-C, SIGTERM and SIGHUP for a few system calls (the swap, so a signal never
    finds it half done). Children inherit the mask: whatever is started inside must unblock these
    signals itself."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, *HANDLED_SIGNALS}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


atexit.register(_discard_all)  # Ctrl-C and other exits that skip MkDocs' on_build_error
