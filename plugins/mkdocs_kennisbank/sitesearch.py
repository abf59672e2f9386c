"""Search in the built site: Pagefind for served sites, a script-loaded index for file://.

Pagefind (the `pagefind[bin]` wheel ships the binary; it runs offline) indexes one small record
per case, lesson and level (template `kennisbank/search-record.html`): Dutch stemming comes from
its `<html lang="nl">`, filters and metadata from its `data-pagefind-*` attributes. Browsers refuse `fetch` over file://, which
Pagefind needs, so the search page then falls back to lunr over `offline-index.js`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from .analysis import plain_text
from .errors import KennisbankError
from .model import Entry, Kennisbank

PAGEFIND_DIR = "pagefind"
RECORDS_DIR = "pagefind-records"
OFFLINE_INDEX = "assets/kennisbank/offline-index.js"
OFFLINE_TEXT_CHARS = 800
TIMEOUT_SECONDS = 600


class PagefindJob:
    """Pagefind, run in the background over small record pages while MkDocs renders the site.

    MkDocs renders every page's Markdown before it renders any template; at that moment we write
    one small record per indexed page (title, description, facets as filters, the rendered text)
    and start Pagefind on them. It indexes on another core while MkDocs spends most of the build
    on templates, instead of re-reading the whole site afterwards.
    """

    def __init__(self, records: Path, output: Path) -> None:
        command = [
            sys.executable, "-m", "pagefind", "--site", str(records), "--output-path", str(output),
            "--exclude-selectors", ".headerlink", "--silent",
        ]
        try:
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        except OSError as exc:
            raise KennisbankError(f"Pagefind kon niet starten ({exc}); is pagefind[bin] geïnstalleerd?") from None

    def wait(self) -> None:
        try:
            out, err = self.process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.kill()
            raise KennisbankError(f"Pagefind was na {TIMEOUT_SECONDS} seconden nog niet klaar met de zoekindex") from None
        if self.process.returncode != 0:
            detail = (err or out).strip().splitlines()[-5:]
            raise KennisbankError("Pagefind kon de zoekindex niet maken:\n" + "\n".join(detail))

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def offline_index_js(kb: Kennisbank, url_for: Callable[[Entry], str], summary: Callable[[Entry], str]) -> str:
    """A script that sets `window.KB_OFFLINE_INDEX` (a script tag loads it, also over file://)."""
    records = []
    for entry in [*kb.sorted_cases(), *kb.sorted_lessons()]:
        records.append(
            {
                "u": url_for(entry),
                "t": entry.title,
                "d": entry.description,
                "k": summary(entry),
                "x": plain_text(entry.body[: OFFLINE_TEXT_CHARS * 2])[:OFFLINE_TEXT_CHARS],
            }
        )
    payload = json.dumps(records, ensure_ascii=False, separators=(",", ":"))
    # "</" never appears raw, so the JSON cannot end a script element early.
    return "window.KB_OFFLINE_INDEX = " + payload.replace("</", "<\\/") + ";\n"
