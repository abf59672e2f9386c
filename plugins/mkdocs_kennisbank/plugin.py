"""The MkDocs adapter: a thin layer that wires the framework-free core into a build.

Hook order and why:
- on_startup: remember the command (`serve` builds into a temporary folder: no staging).
- on_config: reset per-build state (`mkdocs serve` reuses this object), put our templates
  between the user's `custom_dir` and the theme (so every template can be overridden), and
  point MkDocs at a staging folder so a failed build never touches the last good site.
- on_pre_build: load and check all content (a content error stops the build here), compute
  related cases.
- on_files: refuse symlinks out of docs/; add one generated page per case, lesson, level,
  facet and facet value, plus our assets and the offline search index.
- on_page_markdown: check editorial pages' front matter; hand Material only the keys it should
  act on; start the render clock. on_page_content: stop it and sanitise the HTML.
- on_page_context: give templates the `kb` view and the page's own object.
- on_env: all Markdown is rendered; add the editing form (admin/), write search records and
  start Pagefind in the background.
- on_post_build: wait for Pagefind, then swap the staged site into place.
- on_build_error: stop Pagefind and the clock, drop the staging folder.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from .config import KennisbankConfig
from .decap import config_yaml
from .errors import ContentError, KennisbankError, display_path
from .frontmatter import decode, split
from .loader import load
from .paths import outside_symlinks, template_problem
from .related import RELATED_CACHE, load_word_cache, related_cases, save_word_cache
from .sanitize import clean
from .sitemap import OFFLINE_VENDOR, SEARCH_SCRIPT, PageSpec, plan, src_uri
from .sitesearch import OFFLINE_INDEX, PAGEFIND_DIR, RECORDS_DIR, PagefindJob, offline_index_js
from .staging import StagedSite
from .strictyaml import Scalar, YamlProblem
from .timeout import RenderClock
from .validate import MARKUP
from .view import SiteView

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

    from .model import Kennisbank

log = logging.getLogger("mkdocs.plugins.kennisbank")
CSS_URI = "assets/kennisbank/kennisbank.css"
INDEXED_KINDS = ("case", "lesson", "level")  # the pages that get a search record
ASSETS = {CSS_URI: "assets/kennisbank.css", SEARCH_SCRIPT: "assets/search.js"} | {
    uri: f"assets/vendor/{uri.rsplit('/', 1)[1]}" for uri in OFFLINE_VENDOR
}


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class KennisbankPlugin(BasePlugin[KennisbankConfig]):
    supports_multiple_instances = False
    command: str | None = None
    dirty = False

    def __init__(self) -> None:
        self.kb: Kennisbank | None = None
        self.pages: dict[str, PageSpec] = {}
        self.files: Files | None = None
        self.content_dir: Path | None = None
        self.related: dict[str, list[str]] = {}
        self.view: SiteView | None = None
        self._urls: dict[str, str] | None = None
        self.cache_dir: Path | None = None
        self.staged: StagedSite | None = None
        self.warnings = _WarningCounter()
        self.clock = RenderClock(error=PluginError)
        self.pagefind: PagefindJob | None = None
        self.root = Path.cwd()
        # Survives rebuilds under `mkdocs serve`: analysed words of unchanged cases.
        self._related_cache: dict[str, list[str]] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.kb, self.pages, self.files, self.view, self.related = None, {}, None, None, {}
        self._urls: dict[str, str] | None = None
        root = self.root = Path(config.config_file_path or ".").resolve().parent
        self.content_dir = (root / self.config.content_dir).resolve()
        self.cache_dir = (root / self.config.cache_dir).resolve()
        templates = str(resources.files(__package__) / "templates")
        if templates not in config.theme.dirs:
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, templates)
        if CSS_URI not in config.extra_css:
            config.extra_css.insert(0, CSS_URI)
        # Build next to the site folder and swap at the end, so a failed build keeps the last
        # good site. Not for `serve` (its folder is temporary) nor --dirty (it reuses the output).
        self.staged = None
        if self.command != "serve" and not self.dirty:
            self.staged = StagedSite(Path(config.site_dir))
            config.site_dir = str(self.staged.staging)
        self.warnings.count = 0
        self.clock.seconds = self.config.render_timeout
        logging.getLogger("mkdocs").addHandler(self.warnings)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        assert self.content_dir is not None
        try:
            self.kb = load(self.content_dir, root=self.root)
        except ContentError as exc:
            count = len(exc.problems)
            raise PluginError(
                f"De kennisbank bevat {count} {'fout' if count == 1 else 'fouten'}; er is niets gebouwd:\n{exc}"
            ) from exc
        except KennisbankError as exc:
            raise PluginError(str(exc)) from exc
        # Reproducible output: sitemap dates follow the content, not the clock (unless the caller
        # set SOURCE_DATE_EPOCH, which MkDocs honours).
        dates = [d for e in [*self.kb.cases.values(), *self.kb.lessons.values()] for d in (e.published, e.updated) if d]
        if dates and "SOURCE_DATE_EPOCH" not in os.environ:
            newest = dt.datetime.combine(max(dates), dt.time(), tzinfo=dt.UTC)
            os.environ["SOURCE_DATE_EPOCH"] = str(int(newest.timestamp()))
        if self.config.related > 0:
            assert self.cache_dir is not None
            cache_file = self.cache_dir / RELATED_CACHE
            if not self._related_cache:
                self._related_cache = load_word_cache(cache_file)
            self.related = related_cases(self.kb, self.config.related, cache=self._related_cache)
            save_word_cache(cache_file, self._related_cache, self.kb)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.kb is not None
        unsafe = outside_symlinks(Path(config.docs_dir), self.root)
        if unsafe:
            raise PluginError("\n".join(p.format() for p in unsafe))
        for spec in plan(self.kb, search=self.config.search):
            if files.get_file_from_path(spec.src_uri) is not None:
                raise PluginError(
                    f"docs/{spec.src_uri} bestaat al; die pagina maakt de kennisbank zelf. Verwijder of hernoem het bestand."
                )
            # A leading blank line stops MkDocs from reading the body as front matter.
            inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, spec.src_uri, content="\n" + spec.body, inclusion=inclusion))
            self.pages[spec.src_uri] = spec
        package = resources.files(__package__)
        for uri, source in ASSETS.items():
            if uri == CSS_URI or self.config.search:
                files.append(File.generated(config, uri, content=package.joinpath(source).read_bytes()))
        self.files = files
        if self.config.search:
            view = self._view()
            script = offline_index_js(self.kb, lambda entry: self._url(src_uri(entry)), view.summary)
            files.append(File.generated(config, OFFLINE_INDEX, content=script))
        return files

    def _url(self, src: str) -> str | None:
        assert self.files is not None
        if self._urls is None:
            self._urls = {f.src_uri: f.url for f in self.files}
        return self._urls.get(src)

    def _view(self) -> SiteView:
        """One view per build, created once the files (and so the URLs) are known."""
        if self.view is None:
            assert self.kb is not None
            self.view = SiteView(
                self.kb, self._url, self.config.contribute_page, self.related, list_limit=self.config.list_limit
            )
        return self.view

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        # Also for templates rendered without a page context (404.html): the header and nav use it.
        env.globals["kb"] = self._view()
        if self.config.cms:
            self._add_cms(env, config, files)
        if self.config.search:
            self._start_pagefind(env, config, files)
        return env

    def _add_cms(self, env: Any, config: MkDocsConfig, files: Files) -> None:
        """admin/: the Decap page, its generated config.yml and Decap's files from node_modules."""
        assert self.kb is not None and self.content_dir is not None
        dist = (self.root / self.config.cms_node_modules / "decap-cms" / "dist").resolve()
        available = (dist / "decap-cms.js").is_file()
        if not available:
            log.info("Decap CMS ontbreekt (voer npm ci uit); admin/ legt uit hoe je het toevoegt.")
        page = env.get_template("kennisbank/admin.html").render(site_name=config.site_name, available=available)
        files.append(File.generated(config, "admin/index.html", content=page))
        folder = display_path(self.content_dir, self.root)
        settings = config_yaml(self.kb.taxonomy, folder, self.config.cms_backend, self.config.cms_local_backend)
        files.append(File.generated(config, "admin/config.yml", content=settings))
        if available:
            for path in sorted(dist.iterdir()):
                # The bundle, its lazily loaded chunks (NNN.decap-cms.js), styles, wasm and licence.
                if path.name.endswith(("decap-cms.js", ".wasm", ".LICENSE.txt")) or path.name == "cms.css":
                    files.append(File.generated(config, f"admin/{path.name}", abs_src_path=str(path)))

    def _start_pagefind(self, env: Any, config: MkDocsConfig, files: Files) -> None:
        """All Markdown is rendered by now, no template yet: write the search records and let
        Pagefind index them on another core while MkDocs renders the pages."""
        assert self.cache_dir is not None
        records = self.cache_dir / RECORDS_DIR
        shutil.rmtree(records, ignore_errors=True)
        template = env.get_template("kennisbank/search-record.html")
        view = self._view()
        for file in files.documentation_pages():
            spec = self.pages.get(file.src_uri)
            if spec is None or spec.kind not in INDEXED_KINDS or file.page is None:
                continue
            target = records / file.dest_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(template.render(page=file.page, kb=view, kb_page=spec), encoding="utf-8")
        try:
            self.pagefind = PagefindJob(records, Path(config.site_dir) / PAGEFIND_DIR)
        except KennisbankError as exc:
            raise PluginError(str(exc)) from exc

    @event_priority(50)  # before other plugins read page.meta
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.pages.get(page.file.src_uri)
        if spec is not None:
            shown = display_path(spec.source, self.root) if spec.source else f"(gemaakt) {page.file.src_uri}"
        else:
            shown = display_path(Path(config.docs_dir) / page.file.src_uri, self.root)
            self._check_editorial(page, shown)
            if "template" in page.meta:
                problem = template_problem(page.meta["template"], list(config.theme.dirs))
                if problem:
                    raise PluginError(f"{shown}: template: {problem}")
        self.clock.start(shown)  # stopped in on_page_content, right after Markdown is rendered
        if spec is not None:
            page.meta = {"title": spec.title, "description": spec.description, "template": spec.template}
            if spec.kind == "search":
                page.meta["hide"] = ["navigation", "toc"]  # room for filters and results
        return markdown

    @staticmethod
    def _check_editorial(page: Page, shown: str) -> None:
        """Editorial pages get the strict front-matter reader too (MkDocs' own drops bad YAML
        silently), and their title and description must be plain text like a case's."""
        try:
            doc = split(decode(page.file.content_bytes), required=False)
        except YamlProblem as exc:
            raise PluginError(f"{shown}:{exc.line}:{exc.col}: {exc.field or 'front matter'}: {exc.message}") from None
        for key in ("title", "description"):
            node = doc.meta.items.get(key, (None, None))[1]
            if isinstance(node, Scalar) and MARKUP.search(node.value):
                raise PluginError(
                    f"{shown}:{node.line}:{node.col}: {key}: hier mag alleen platte tekst staan, zonder HTML, "
                    "Markdown of {{ }}; tekens als < en > zijn niet toegestaan"
                )

    @event_priority(-100)  # last: whatever other plugins add is sanitised too
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.clock.stop()
        return clean(html)

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        context["kb"] = self._view()
        context["kb_page"] = self.pages.get(page.file.src_uri)
        return context

    def on_post_build(self, config: MkDocsConfig) -> None:
        job, self.pagefind = self.pagefind, None
        if job is not None:
            try:
                job.wait()
            except KennisbankError as exc:
                raise PluginError(str(exc)) from exc
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.staged is not None:
            if config.strict and self.warnings.count:
                self.staged.discard()  # MkDocs aborts right after this hook; keep the old site
            else:
                self.staged.commit()
            config.site_dir = str(self.staged.final)

    def on_build_error(self, error: Exception) -> None:
        self.clock.stop()
        job, self.pagefind = self.pagefind, None
        if job is not None:
            job.kill()
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.staged is not None:
            self.staged.discard()

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        if self.content_dir is not None:
            server.watch(str(self.content_dir))
        return server
