"""Search in the built site: our own index for every query, Pagefind for filters and counts.

The search page ranks every query, served or from a file share, from the index browserindex.py
ships as scripts (manifest `offline-index.js`; browsers refuse `fetch` over file://, but they run
scripts). Pagefind (the `pagefind[bin]` wheel ships the binary; it runs offline) indexes one tiny
record per case, lesson and level (template `kennisbank/search-record.html`): its filters and
its number in our index as a sort key. Once a visitor opens the filters, the page takes the pages
per filter value and their counts from Pagefind's chunked filter index.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .analysis import plain_text
from .errors import KennisbankError
from .model import Entry
from .staging import signals_deferred

PAGEFIND_DIR = "pagefind"
RECORDS_DIR = "pagefind-records"
OFFLINE_INDEX = "assets/kennisbank/offline-index.js"
OFFLINE_TEXT_CHARS = 800
TIMEOUT_SECONDS = 600


# Started instead of `python -m pagefind` on Linux: it asks the kernel to SIGKILL it when the
# build that started it dies (PR_SET_PDEATHSIG = 1; kept across the exec into the Pagefind
# binary), checks that the build did not die before that took effect, unblocks the signals
# the build held back while starting it (see below), then runs `pagefind`'s
# own entry point (which execs the binary, so there is one process). Doing this in the child
# itself, rather than in a `preexec_fn`, runs no Python between fork and exec in the parent.
DIE_WITH_PARENT = """\
import ctypes, os, runpy, signal, sys
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})
parent = int(sys.argv.pop(1))
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))
except (OSError, AttributeError):
    pass
if os.getppid() != parent:
    os._exit(1)
runpy.run_module("pagefind", run_name="__main__", alter_sys=True)
"""


class PagefindJob:
    """Pagefind, run in the background over small record pages while MkDocs renders the site.

    MkDocs renders every page's Markdown before it renders any template; at that moment we write
    one small record per indexed page (title, description, facets as filters, the rendered text)
    and start Pagefind on them. It indexes on another core while MkDocs spends most of the build
    on templates, instead of re-reading the whole site afterwards.

    Pagefind never outlives the build: on Linux the kernel kills it when the build process dies
    (also by SIGKILL); everywhere, `kill()` runs on a failed build and at interpreter exit. It
    writes only into `output`, which the plugin sets to the build's own staging folder.
    """

    def __init__(self, records: Path, output: Path) -> None:
        self.output = output
        arguments = [
            "--site", str(records), "--output-path", str(output), "--exclude-selectors", ".headerlink", "--silent",
        ]
        linux = sys.platform.startswith("linux")
        if linux:
            command = [sys.executable, "-c", DIE_WITH_PARENT, str(os.getpid()), *arguments]
        else:
            command = [sys.executable, "-m", "pagefind", *arguments]
        # No SIGTERM or Ctrl-C between starting the process and registering it: the clean-up they
        # trigger must find it (kill_running). The Linux starter unblocks them in the child.
        with signals_deferred() if linux else contextlib.nullcontext():
            try:
                self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            except OSError as exc:
                raise KennisbankError(f"Pagefind kon niet starten ({exc}); is pagefind[bin] geïnstalleerd?") from None
            _RUNNING.add(self)

    def wait(self) -> None:
        try:
            out, err = self.process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.kill()
            raise KennisbankError(f"Pagefind was na {TIMEOUT_SECONDS} seconden nog niet klaar met de zoekindex") from None
        finally:
            _RUNNING.discard(self)
        if self.process.returncode != 0:
            if "No space left on device" in (err or "") + (out or ""):
                raise KennisbankError(
                    "Pagefind kon de zoekindex niet schrijven: de schijf is vol. Maak ruimte vrij en bouw opnieuw."
                )
            detail = (err or out).strip().splitlines()[-5:]
            raise KennisbankError("Pagefind kon de zoekindex niet maken:\n" + "\n".join(detail))

    def kill(self) -> None:
        """Stop Pagefind now. Safe from a signal handler that interrupted `wait()` (no second
        `communicate`, no blocking wait on a lock that the interrupted code may hold)."""
        _RUNNING.discard(self)
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                self.process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)


_RUNNING: set[PagefindJob] = set()


@atexit.register
def kill_running() -> None:
    """Stop every Pagefind this process started (a failed or interrupted build)."""
    for job in list(_RUNNING):
        job.kill()


def offline_index_js(pages: Iterable[Any], url_for: Callable[[str], str | None], summary: Callable[[Entry], str]):
    """The browser's search data for the pages search indexes (cases, lessons, levels: `PageSpec`s).

    Returns a `browserindex.BrowserSearch`: `.files(OFFLINE_INDEX)` are the site's search files
    (word map, suggestions and the file:// index; the manifest keeps the name offline-index.js),
    `.numbers[src_uri]` is a page's number, the sort key of its Pagefind record. Every page is
    analysed once, here.
    """
    from .browserindex import BrowserSearch, SearchDocument

    documents = []
    for spec in pages:
        facets = summary(spec.obj) if isinstance(spec.obj, Entry) else f"Interventieniveau {spec.obj.id}"
        url = url_for(spec.src_uri) or ""
        documents.append(
            SearchDocument(spec.src_uri, spec.kind, url, spec.title, spec.description, plain_text(spec.body), facets)
        )
    return BrowserSearch(documents)
