"""HTML fragments that are printed as they are: headings turned into titles and toc entries.

Every template is autoescaped (the plugin switches it on for the whole theme), so plain values
are always printed as text. The few values that already are HTML, a heading's rendered text,
are reduced to text without any tag here and then marked as safe.
"""

from __future__ import annotations

import nh3


def clean_inline(html: str) -> str:
    """A heading's HTML as escaped text: every tag removed, entities kept escaped."""
    return nh3.clean(html, tags=set(), attributes={}, strip_comments=True, clean_content_tags={"script", "style"})
