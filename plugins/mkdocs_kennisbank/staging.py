"""Build into a staging folder and swap it in only when the build succeeded.

MkDocs empties the site folder early and writes page by page, so a build that fails halfway
(a render time-out, a warning under --strict) would leave visitors a broken site. We let MkDocs
write next to the site folder and move the result into place at the very end.
"""

from __future__ import annotations

import shutil
from pathlib import Path

SUFFIX = ".kennisbank-nieuw"
OLD_SUFFIX = ".kennisbank-oud"


class StagedSite:
    def __init__(self, final: Path) -> None:
        self.final = final
        self.staging = final.with_name(final.name + SUFFIX)
        shutil.rmtree(self.staging, ignore_errors=True)  # leftovers of an interrupted build

    def commit(self) -> None:
        """Replace the site folder by the staged one (two renames; the old one is removed after)."""
        old = self.final.with_name(self.final.name + OLD_SUFFIX)
        shutil.rmtree(old, ignore_errors=True)
        if self.final.exists():
            self.final.rename(old)
        self.staging.rename(self.final)
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
