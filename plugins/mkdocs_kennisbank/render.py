"""Rendering a page's Markdown for MkDocs, faster (part of the MkDocs adapter).

MkDocs builds a new `markdown.Markdown`, with every extension, for every page; that is about
40 % of its Markdown time. `PageRenderer` keeps one instance for the build (`reset()` between
pages, MkDocs' own tree processors registered for each page, as MkDocs does) and a persistent
cache of what each page renders to: the HTML, the table of contents, the title from the first
heading, the anchors. The cache key holds the page's Markdown and path, the Markdown
configuration, the versions of everything that renders, and the site's file map (links are
rewritten against it), so a hit is exactly what a render would give. Templates, the taxonomy
and the model are not in it: they are applied after it, in every build.

The plugin points a page's `render` at `PageRenderer.render` (on_page_markdown): MkDocs calls
it where it would render the page itself, between on_page_markdown and on_page_content.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markdown
from mkdocs.structure.pages import (
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

RENDER_CACHE = "render-v1.sqlite"
VERSIONED = ("markdown", "pymdown-extensions", "mkdocs", "mkdocs-material", "mkdocs-kennisbank")


def _versions() -> str:
    found = []
    for name in VERSIONED:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=?")
    return ",".join(found)


class PageRenderer:
    def __init__(self, config: MkDocsConfig, files: Files, cache_path: Path | None) -> None:
        self.md = markdown.Markdown(
            extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}
        )
        file_map = sorted((f.src_uri, f.url) for f in files)
        settings = json.dumps(
            [
                _versions(),
                [str(e) for e in config["markdown_extensions"]],
                config["mdx_configs"],
                config["use_directory_urls"],
                config.get("validation"),
                file_map,
            ],
            sort_keys=True,
            default=repr,
        )
        self.settings = hashlib.sha256(settings.encode("utf-8")).hexdigest()
        self.hits = self.misses = 0
        self.used: set[str] = set()
        self.db: sqlite3.Connection | None = None
        if cache_path is not None:
            with contextlib.suppress(sqlite3.Error, OSError):
                cache_path.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(str(cache_path), timeout=5)
                self.db.execute("CREATE TABLE IF NOT EXISTS render (key TEXT PRIMARY KEY, data TEXT NOT NULL)")

    def _key(self, page: Page) -> str:
        text = f"{self.settings}\0{page.file.src_uri}\0{page.markdown}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _cached(self, key: str) -> dict[str, Any] | None:
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT data FROM render WHERE key = ?", (key,)).fetchone()
            return json.loads(row[0]) if row else None
        except (sqlite3.Error, ValueError):
            return None

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """What `Page.render` does, from the cache or with the build's one Markdown instance."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        key = self._key(page)
        self.used.add(key)
        found = self._cached(key)
        if found is None:
            self.misses += 1
            found = self._render(page, config, files)
            if self.db is not None:
                with contextlib.suppress(sqlite3.Error):
                    self.db.execute("INSERT OR REPLACE INTO render VALUES (?, ?)", (key, json.dumps(found)))
        else:
            self.hits += 1
        page.content = found["content"]
        page.toc = get_toc(found["toc"])
        page._title_from_render = found["title"]
        page.present_anchor_ids = set(found["anchors"])
        links = {files.get_file_from_path(uri): anchors for uri, anchors in found["links"].items()}
        page.links_to_anchors = {f: a for f, a in links.items() if f is not None}

    def _render(self, page: Page, config: MkDocsConfig, files: Files) -> dict[str, Any]:
        md = self.md
        md.reset()
        raw_html = _RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = _ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative = _RelativePathTreeprocessor(page.file, files, config)
        relative._register(md)
        title = _ExtractTitleTreeprocessor()
        title._register(md)
        content = md.convert(page.markdown or "")
        return {
            "content": content,
            "toc": getattr(md, "toc_tokens", []),
            "title": title.title,
            "anchors": sorted(anchors.present_anchor_ids | raw_html.present_anchor_ids),
            "links": {f.src_uri: a for f, a in (relative.links_to_anchors or {}).items()},
        }

    def close(self) -> None:
        """Commit, keep only this build's pages (so the cache never grows without bound), close.
        Never fails: a cache that cannot be written only costs the speed-up."""
        if self.db is None:
            return
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            self.db.execute("DELETE FROM used")
            self.db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self.used))
            self.db.execute("DELETE FROM render WHERE key NOT IN (SELECT key FROM used)")
            self.db.commit()
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        self.db = None
