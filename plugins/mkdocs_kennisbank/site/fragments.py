"""Rendering once what many pages share: the nav and the tabs of generated pages outside the
nav depend only on their folder (templates: `kb.fragments.cached(kb.fragments.key(...))`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .pages import PageSpec


class FragmentCache:
    def __init__(self) -> None:
        self._fragments: dict[str, str] = {}

    @staticmethod
    def key(name: str, page: Any, spec: Any) -> str | None:
        """A cache key for a fragment that only depends on the page's folder, or None.

        Only generated pages that are not in the nav qualify: nothing in the nav is active for
        them, and relative links only depend on their folder.
        """
        if not isinstance(spec, PageSpec) or spec.in_nav or page is None:
            return None
        return f"{name}:{page.url.rsplit('/', 1)[0] if '/' in page.url else ''}"

    def cached(self, key: str | None, caller: Callable[[], str]) -> str:
        if key is None:
            return caller()
        if key not in self._fragments:
            self._fragments[key] = caller()
        return self._fragments[key]
