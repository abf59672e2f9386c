"""Search in the built site: Pagefind for served sites, a script-loaded index for file://.

Pagefind (the `pagefind[bin]` wheel ships the binary; it runs offline) indexes the HTML after
the build: Dutch stemming comes from `<html lang="nl">`, filters and metadata from the
`data-pagefind-*` attributes in our templates. Browsers refuse `fetch` over file://, which
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
# Only these folders hold pages with data-pagefind-body; skipping the rest saves a third of the time.
INDEXED_GLOB = "{praktijkvoorbeelden,lessen,niveaus}/**/*.html"
OFFLINE_INDEX = "assets/kennisbank/offline-index.js"
OFFLINE_TEXT_CHARS = 800
TIMEOUT_SECONDS = 600


def run_pagefind(site_dir: Path) -> None:
    """Index the built site in place; raise `KennisbankError` with Pagefind's own words on failure."""
    command = [
        sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", PAGEFIND_DIR,
        "--exclude-selectors", ".headerlink", "--glob", INDEXED_GLOB, "--silent",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise KennisbankError(f"Pagefind was na {TIMEOUT_SECONDS} seconden nog niet klaar met de zoekindex") from None
    except OSError as exc:
        raise KennisbankError(f"Pagefind kon niet starten ({exc}); is pagefind[bin] geïnstalleerd?") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise KennisbankError("Pagefind kon de zoekindex niet maken:\n" + "\n".join(detail))


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
