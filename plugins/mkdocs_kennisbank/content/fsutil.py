"""Reading and writing contributors' files without following links or blocking.

Every content file (cases, lessons, level texts, `taxonomie.yml`) is read through
`read_regular`: it never follows a symbolic link (a link could publish a file from outside the
repository), never opens a FIFO, socket or device for real (opening a FIFO blocks until someone
writes to it: `check` and `build` would hang forever) and never reads more than a size cap.
`create_new` writes a new file all at once or not at all, and never replaces one.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

SYMLINK_FILE = "symbolische links zijn niet toegestaan in de kennisbank; zet het bestand zelf hier neer"
SYMLINK_FOLDER = "symbolische links zijn niet toegestaan in de kennisbank; zet de map zelf hier neer"

_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once instead of waiting for a writer
    | getattr(os, "O_NOFOLLOW", 0)  # a link swapped in after the check fails to open
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class Refused(Exception):
    """A path the kennisbank will not read or write; `message` is Dutch, for the contributor."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "een map"
    if stat.S_ISFIFO(mode):
        return "een named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "een socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "een apparaatbestand"
    return "een speciaal bestand"


def _not_regular(mode: int) -> Refused:
    return Refused(f"dit is geen gewoon bestand maar {_kind(mode)}; zet hier alleen gewone tekstbestanden neer")


def _too_big(size: int, limit: int) -> Refused:
    return Refused(f"het bestand is te groot ({size // 1024} KB); het maximum is {limit // 1024} KB")


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    Raises `Refused` for a symbolic link, anything that is not a regular file, or a file over
    `limit` bytes; `FileNotFoundError` and other `OSError`s as usual.
    """
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        raise Refused(SYMLINK_FILE)
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(info.st_mode)  # never opened: opening a device can have effects
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        if os.path.islink(path):  # ELOOP: it became a link after the check above
            raise Refused(SYMLINK_FILE) from None
        raise
    try:
        info = os.fstat(fd)  # what was opened, not what the name pointed to a moment ago
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(info.st_mode)
        if info.st_size > limit:
            raise _too_big(info.st_size, limit)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 16, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # the file grew while it was read
            raise _too_big(size, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def folder_problem(path: Path) -> str | None:
    """Why the folder at `path` may not be read (a link, or not a folder); None when it may.

    A missing folder is not a problem here (the caller decides whether it is required).
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return SYMLINK_FOLDER
    if stat.S_ISREG(info.st_mode):
        return "hier hoort een map, maar dit is een bestand"
    if not stat.S_ISDIR(info.st_mode):
        return f"hier hoort een map, maar dit is {_kind(info.st_mode)}"
    return None


def links_under(folder: Path) -> list[Path]:
    """Every symbolic link under `folder` (never followed), sorted; hidden entries are skipped
    (editors keep lock files there, and nothing in them is read)."""
    found: list[Path] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                listed = list(entries)
        except OSError:
            continue
        for entry in listed:
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                found.append(Path(entry.path))
            elif entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
    return sorted(found)


def create_new(target: Path, data: bytes) -> None:
    """Write `data` to a new file at `target`: completely or not at all, never over an existing
    file (or link). Raises `FileExistsError` when `target` exists.

    The bytes go to a hidden temporary file in the same folder first; a hard link then gives
    them their name in one step, and fails if the name is taken. Where hard links are not
    supported, an exclusive create is the fallback (removed again if writing fails).
    """
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, target, follow_symlinks=False)
            return
        except FileExistsError:
            raise
        except (OSError, NotImplementedError):
            pass  # no hard links here (some network and FAT file systems)
        _write_exclusive(target, data)
    finally:
        try:
            os.unlink(temporary)
        except OSError:
            pass


def _write_exclusive(target: Path, data: bytes) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        os.unlink(target)
        raise
