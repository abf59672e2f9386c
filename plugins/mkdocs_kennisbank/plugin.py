"""The MkDocs adapter: a thin layer that wires the framework-free core into a build.

Hook order and why:
- on_startup: remember the command (`serve` builds into a temporary folder: no staging).
- on_config: a new `BuildState` (`mkdocs serve` reuses this object), put our templates
  between the user's `custom_dir` and the theme (so every template can be overridden), check the
  cache folder, and stage the build (`staging.StagedSite`: a lock, a unique staging folder, the
  litter of killed builds removed) so a failed build never touches the last good site.
- on_pre_build: load and check all content, the editorial pages in docs/ (`editorial`) and the
  settings that would reach outside the site (`siteconfig`), all problems at once. A problem
  stops `mkdocs build`; under `serve` the build becomes one Dutch error page (`serveerror`)
  instead, because MkDocs blocks every request while a build error stands. Then related cases.
- on_files: refuse symlinks out of docs/ and files that could run script or fetch from outside,
  sanitise static html and svg (`staticfiles`); add one generated page per case, lesson, level,
  facet and facet value, plus our assets and the search indexes.
- on_page_markdown: hand Material only the front-matter keys it should act on; start the render
  clock; let `render.PageRenderer` render the page (one Markdown instance, a persistent cache).
  on_page_content: stop the clock, sanitise the HTML, label the editors' headings, mark it (and
  headings) as Markup, keep a case's content for its print card. on_post_page: drop the theme's
  indentation.
- on_page_context: give templates the `kb` view and the page's own object.
- on_env: switch on autoescaping for every template (Material's too); all Markdown is rendered:
  add the editing form (admin/).
- on_post_build: write the print cards, keep the render and analysis caches, swap the staged
  site into place atomically.
- on_build_error: stop the clock, drop the staging folder, and say an OSError or a
  too deep text in one Dutch line instead of a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import logging
import os
import posixpath
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from .config import KennisbankConfig
from .content.htmlcheck import use_markdown
from .content.loader import load
from .content.sanitize import clean
from .contribute.decap import admin_data, config_yaml, script_json
from .errors import ContentError, KennisbankError, Problem, display_path
from .render import RENDER_CACHE, PageRenderer
from .search import dutch
from .search.related import RELATED_CACHE, load_word_cache, related_cases, save_cache, save_word_cache
from .search.searchfiles import compact_js
from .search.sitesearch import OFFLINE_INDEX, search_data
from .site.discovery import CARD_CSS, LIKE_MINE_SCRIPT, QR_CACHE, QrCache, card_files, extra_files, write_files
from .site.editorial import check_docs
from .site.feeds import NO_FEEDS
from .site.filters import FILTERS as TEMPLATE_FILTERS
from .site.listingview import LISTING_SCRIPT
from .site.markup import clean_inline, collapse_whitespace, label_editorial
from .site.pages import SEARCH_ANALYSIS, SEARCH_SCRIPT, PageSpec, plan
from .site.siteconfig import config_problems
from .site.staging import StagedSite, os_error_message
from .site.staticfiles import review_docs
from .site.timeout import RenderClock
from .site.view import SiteView

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

    from .content.model import Kennisbank

log = logging.getLogger("mkdocs.plugins.kennisbank")
CSS_URI = "assets/kennisbank/kennisbank.css"
ANALYSIS_CACHE = "dutch-words"  # + the analysis version: words analysed by earlier builds
INDEXED_KINDS = ("case", "lesson", "level")  # the pages that get a search record
ASSETS = {
    CSS_URI: "assets/kennisbank.css",
    SEARCH_SCRIPT: "assets/search.js",
    SEARCH_ANALYSIS: "assets/search-dutch.js",
    LISTING_SCRIPT: "assets/listing.js",
    LIKE_MINE_SCRIPT: "assets/like-mine.js",
    CARD_CSS: "assets/print-card.css",
}
SEARCH_ASSETS = (SEARCH_SCRIPT, SEARCH_ANALYSIS)  # only with the search (`search: false` leaves them out)


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _mark_toc(items: Any) -> None:
    for item in items:
        item.title = Markup(clean_inline(item.title))
        _mark_toc(item.children)


class _EnglishOsErrorLines(logging.Filter):
    """MkDocs logs "Error building page '...': [Errno 28] ..." before it re-raises an OSError;
    on_build_error reports the same error in Dutch, so that English line is left out."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Error building page") and "[Errno " in message)


def _hide_english_os_error_lines() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _EnglishOsErrorLines) for f in logger.filters):
        logger.addFilter(_EnglishOsErrorLines())


def _silence_traceback_of(error: BaseException) -> None:
    """A one-shot sys.excepthook: when `error` reaches the top of `mkdocs build` (which does not
    catch OSError), print nothing more; the Dutch line is already logged and Python exits with 1."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if sys.excepthook is hook:
            sys.excepthook = previous
        if value is not error:
            previous(kind, value, tb)

    sys.excepthook = hook


@contextlib.contextmanager
def _as_plugin_error() -> Iterator[None]:
    """The one place where an error of the core (`KennisbankError`, already a Dutch message)
    becomes MkDocs' `PluginError`, which MkDocs prints without a traceback."""
    try:
        yield
    except KennisbankError as exc:
        raise PluginError(str(exc)) from None


@dataclass
class BuildState:
    """What one build knows and makes. A new one at the start of every build: `mkdocs serve`
    reuses the plugin object, and nothing of an earlier build may leak into the next."""

    root: Path = field(default_factory=Path.cwd)
    content_dir: Path = field(default_factory=Path.cwd)
    cache_dir: Path = field(default_factory=Path.cwd)
    staged: StagedSite | None = None  # the staging folder and its lock (not under serve or --dirty)
    kb: Kennisbank | None = None  # the loaded content (on_pre_build)
    editorial: dict[str, dict[str, object]] = field(default_factory=dict)  # docs/ page -> its front matter
    serve_problems: list[Problem] = field(default_factory=list)  # under `serve`: shown instead of the site
    related: dict[str, list[str]] = field(default_factory=dict)  # case slug -> related case slugs
    pages: dict[str, PageSpec] = field(default_factory=dict)  # generated pages by source path
    files: Files | None = None  # the site's files (on_files)
    urls: dict[str, str] | None = None  # source path -> URL, once the files are known
    view: SiteView | None = None  # what templates see as `kb`
    site_url: str | None = None  # mkdocs.yml site_url: absolute addresses for feeds and QR codes
    case_html: dict[str, str] = field(default_factory=dict)  # case slug -> its page's content, for the cards
    renderer: PageRenderer | None = None  # one Markdown instance and the render cache (render.py)
    source_date_epoch: str | None = None  # the value this build put in os.environ


class KennisbankPlugin(BasePlugin[KennisbankConfig]):
    supports_multiple_instances = False
    command: str | None = None
    dirty = False

    def __init__(self) -> None:
        self.build = BuildState()  # replaced at the start of every build (on_config)
        self.warnings = _WarningCounter()
        self.clock = RenderClock(error=PluginError)
        # Survives rebuilds under `mkdocs serve`: analysed words of unchanged cases.
        self._related_cache: dict[str, list[str]] = {}
        self._server: LiveReloadServer | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def _reset_source_date_epoch(self) -> None:
        """SOURCE_DATE_EPOCH is set for one build only (MkDocs reads it while rendering): a later
        build under `serve`, with newer content, must not keep the first build's date."""
        if (
            self.build.source_date_epoch is not None
            and os.environ.get("SOURCE_DATE_EPOCH") == self.build.source_date_epoch
        ):
            del os.environ["SOURCE_DATE_EPOCH"]
        self.build.source_date_epoch = None

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """A sitemap needs absolute addresses: without site_url MkDocs writes one with an empty
        <loc> for every page, which no search engine can use. Leave sitemap.xml(.gz) out then
        (here, after the theme's files are gathered: earlier, its template would be copied raw)."""
        if not config.site_url:
            config.theme.static_templates.discard("sitemap.xml")
        return nav

    def _serve_error(self, config: MkDocsConfig, error: ContentError) -> None:
        """Under `mkdocs serve`, a content error does not fail the build (MkDocs would then hold
        every request until the next good build, and end `serve` on the first one): the build makes
        one error page instead, shown for every URL (on_files), that reloads once a file is fixed."""
        self.build.serve_problems = error.problems
        config.nav = None  # no page of the nav exists in this build: no warnings about them
        config.theme.static_templates.clear()  # nor the theme's 404.html and sitemap.xml
        count = len(error.problems)
        print(  # not logged: a warning would end the build in strict mode
            f"FOUT    -  De kennisbank bevat {count} {'fout' if count == 1 else 'fouten'}; "
            f"de voorbeeldweergave toont ze op elke pagina tot ze zijn verbeterd:\n{error}",
            file=sys.stderr,
            flush=True,
        )

    def _serve_error_files(self, config: MkDocsConfig) -> Files:
        """The whole site of a `serve` build with content errors: the error page as index.html and
        as 404.html (which `mkdocs serve` answers for every other URL)."""
        from .site.serveerror import error_page

        epoch = getattr(self._server, "_wanted_epoch", 0)  # the livereload version being built
        env = config.theme.get_env()
        env.autoescape = True
        env.filters.update(TEMPLATE_FILTERS)  # | datum, | iso, | status_label, | review_text
        page = error_page(env, self.build.serve_problems, config.site_name, epoch if isinstance(epoch, int) else 0)
        return Files([File.generated(config, name, content=page) for name in ("index.html", "404.html")])

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.build.staged is not None:
            self.build.staged.discard()  # a build of this object that never reached its end
        root = Path(config.config_file_path or ".").resolve().parent
        # Not resolved: a content folder that is a symlink must be seen (and refused) as one.
        self.build = BuildState(root, root / self.config.content_dir, (root / self.config.cache_dir).resolve())
        self.build.site_url = config.site_url or None
        templates = str(resources.files(__package__) / "templates")
        if templates not in config.theme.dirs:
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, templates)
        if CSS_URI not in config.extra_css:
            config.extra_css.insert(0, CSS_URI)
        # Build next to the site folder and swap at the end, so a failed build keeps the last
        # good site. Not for `serve` (its folder is temporary) nor --dirty (it reuses the output).
        # StagedSite takes the lock (a second build waits), removes what killed builds left and
        # checks that the site's folder is writable. The cache folder is optional (a speed-up).
        _hide_english_os_error_lines()
        if self.command != "serve" and not self.dirty:
            with _as_plugin_error():
                self.build.staged = StagedSite(Path(config.site_dir), root=root, log=log)
            config.site_dir = str(self.build.staged.staging)
        self.warnings.count = 0
        self.clock.seconds = self.config.render_timeout
        logging.getLogger("mkdocs").addHandler(self.warnings)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        problems: list[Problem] = []
        # The check of each text renders it with this site's own Markdown extensions, so what it
        # reports is exactly what the sanitiser removes here (the CLI uses the shipped set).
        use_markdown(list(config.markdown_extensions), dict(config.mdx_configs))
        # Words analysed by an earlier build with the same analysis (its version names the file):
        # the Dutch analysis is the largest cost of a build with a varied vocabulary.
        dutch.preload(load_word_cache(self._analysis_cache()))
        try:
            with _as_plugin_error():
                try:
                    self.build.kb = load(self.build.content_dir, root=self.build.root)
                except ContentError as exc:
                    problems.extend(exc.problems)
                problems.extend(self._read_editorial(Path(config.docs_dir)))
        finally:
            use_markdown()
        problems.extend(self._config_problems(config))
        self.build.serve_problems = []
        if problems:
            error = ContentError(problems)
            count = len(error.problems)
            if self.command == "serve":
                self._serve_error(config, error)
                return
            raise PluginError(
                f"De kennisbank bevat {count} {'fout' if count == 1 else 'fouten'}; er is niets gebouwd:\n{error}"
            )
        assert self.build.kb is not None
        # Reproducible output: sitemap dates follow the content, not the clock (unless the caller
        # set SOURCE_DATE_EPOCH, which MkDocs honours).
        dates = [
            d
            for e in [*self.build.kb.cases.values(), *self.build.kb.lessons.values()]
            for d in (e.published, e.updated)
            if d
        ]
        if dates and "SOURCE_DATE_EPOCH" not in os.environ:
            newest = dt.datetime.combine(max(dates), dt.time(), tzinfo=dt.UTC)
            os.environ["SOURCE_DATE_EPOCH"] = self.build.source_date_epoch = str(int(newest.timestamp()))
        if self.config.related > 0:
            cache_file = self.build.cache_dir / RELATED_CACHE
            if not self._related_cache:
                self._related_cache = load_word_cache(cache_file)
            self.build.related = related_cases(self.build.kb, self.config.related, cache=self._related_cache)
            save_word_cache(cache_file, self._related_cache, self.build.kb)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        if self.build.serve_problems:
            return self._serve_error_files(config)
        assert self.build.kb is not None
        # docs/: no symlink out of it (or into .git), no special files; every other file MkDocs
        # would copy is published only when inert, sanitised (html, svg) or checked (css).
        docs = os.path.abspath(config.docs_dir)
        copied = [  # not the theme's own files, nor what plugins generate
            f
            for f in files
            if f.abs_src_path
            and f.generated_by is None
            and f.src_dir
            and os.path.abspath(f.src_dir) == docs
            and not f.is_documentation_page()
            and f.inclusion.is_in_serve()
        ]
        review = review_docs(
            Path(config.docs_dir), [(f.src_uri, f.abs_src_path or "") for f in copied], self.build.root
        )
        if review.problems:
            raise PluginError("\n".join(p.format() for p in review.problems))
        for file in copied:
            if file.src_uri in review.replacements:
                files.remove(file)
                files.append(
                    File.generated(
                        config,
                        file.src_uri,
                        content=review.replacements[file.src_uri],
                        inclusion=file.inclusion,
                    )
                )
        for spec in plan(self.build.kb, search=self.config.search):
            if files.get_file_from_path(spec.src_uri) is not None:
                raise PluginError(
                    f"docs/{spec.src_uri} bestaat al; die pagina maakt de kennisbank zelf. Verwijder of hernoem het bestand."
                )
            # A leading blank line stops MkDocs from reading the body as front matter.
            inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, spec.src_uri, content="\n" + spec.body, inclusion=inclusion))
            self.build.pages[spec.src_uri] = spec
        package = resources.files(__package__)
        for uri, source in ASSETS.items():
            if uri not in SEARCH_ASSETS or self.config.search:
                content = package.joinpath(source).read_bytes()
                if uri.endswith(".js"):  # our scripts, without comments (searchfiles.compact_js)
                    content = compact_js(content.decode("utf-8")).encode("utf-8")
                files.append(File.generated(config, uri, content=content))
        self.build.files = files
        if self.config.search:
            # One analysis of every searchable page: the search data files (word map,
            # suggestions, postings, documents, filters), the same served and from a file share.
            view = self._view()
            indexed = [spec for spec in self.build.pages.values() if spec.kind in INDEXED_KINDS]
            view.search_data = search_data(indexed, self._url, view.search.summary, view.search.filters)
            for uri, script in view.search_data.files(OFFLINE_INDEX).items():
                files.append(File.generated(config, uri, content=script))
        # Feeds (only with site_url: a feed needs absolute addresses), open data, print cards.
        if not self.build.site_url:
            log.info(NO_FEEDS)
        for uri, content in extra_files(self.build.kb, self._view(), site_name=config.site_name).items():
            files.append(File.generated(config, uri, content=content))
        return files

    def _url(self, src: str) -> str | None:
        assert self.build.files is not None
        if self.build.urls is None:
            self.build.urls = {f.src_uri: f.url for f in self.build.files}
        return self.build.urls.get(src)

    def _view(self) -> SiteView:
        """One view per build, created once the files (and so the URLs) are known."""
        if self.build.view is None:
            assert self.build.kb is not None
            self.build.view = SiteView(
                self.build.kb,
                self._url,
                self.config.contribute_page,
                self.build.related,
                list_limit=self.config.list_limit,
                site_url=self.build.site_url,
                licence=self.config.licence,
            )
        return self.build.view

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        env.filters.update(TEMPLATE_FILTERS)  # | datum, | iso, | status_label, | review_text
        if self.build.serve_problems:
            return env
        # Escape at the output, in every template, Material's own included: whatever content or
        # configuration puts in a value (a quote in a description, markup in a taxonomy label) is
        # printed as text. HTML we produce ourselves (sanitised page content, headings) is Markup.
        env.autoescape = True
        # Also for templates rendered without a page context (404.html): the header and nav use it.
        env.globals["kb"] = self._view()
        if self.config.cms:
            self._add_cms(env, config, files)
        return env

    def _add_cms(self, env: Any, config: MkDocsConfig, files: Files) -> None:
        """admin/: the Decap page, its generated config.yml and Decap's files from node_modules."""
        assert self.build.kb is not None
        dist = (self.build.root / self.config.cms_node_modules / "decap-cms" / "dist").resolve()
        available = (dist / "decap-cms.js").is_file()
        if not available:
            log.info("Decap CMS ontbreekt (voer npm ci uit); admin/ legt uit hoe je het toevoegt.")
        # The preview uses the site's own stylesheets, in the order the pages link them:
        # Material's (their names carry a hash, so taken from the theme's files), then extra_css.
        theme_css = [
            f.src_uri
            for f in files
            if re.fullmatch(r"assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css", f.src_uri)
        ]
        palette = config.theme.get("palette") or {}
        if isinstance(palette, list):  # a light/dark toggle: the first is the default
            palette = palette[0] if palette else {}
        if not palette:
            theme_css = [uri for uri in theme_css if "/main." in uri]  # Material links its palette only when set
        styles = sorted(theme_css, key=lambda uri: "/palette." in uri) + [
            posixpath.normpath(uri) for uri in config.extra_css if "://" not in uri and not uri.startswith("/")
        ]
        colors = {
            "data-md-color-scheme": str(palette.get("scheme") or "default"),
            "data-md-color-primary": str(palette.get("primary") or "indigo").replace(" ", "-"),
            "data-md-color-accent": str(palette.get("accent") or "indigo").replace(" ", "-"),
        }
        data = admin_data(self.build.kb.taxonomy, [f"../{uri}" for uri in styles], colors)
        page = env.get_template("kennisbank/admin.html").render(
            site_name=config.site_name,
            available=available,
            admin_data=Markup(script_json(data)),
        )
        files.append(File.generated(config, "admin/index.html", content=page))
        preview = resources.files("mkdocs_kennisbank") / "assets" / "admin-preview.js"
        files.append(File.generated(config, "admin/admin-preview.js", content=preview.read_text(encoding="utf-8")))
        folder = display_path(self.build.content_dir, self.build.root)
        settings = config_yaml(self.build.kb.taxonomy, folder, self.config.cms_backend, self.config.cms_local_backend)
        files.append(File.generated(config, "admin/config.yml", content=settings))
        if available:
            for path in sorted(dist.iterdir()):
                # The bundle, its lazily loaded chunks (NNN.decap-cms.js), styles, wasm and licence.
                if path.name.endswith(("decap-cms.js", ".wasm", ".LICENSE.txt")) or path.name == "cms.css":
                    files.append(File.generated(config, f"admin/{path.name}", abs_src_path=str(path)))

    @event_priority(50)  # before other plugins read page.meta
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.build.pages.get(page.file.src_uri)
        if spec is not None:
            shown = display_path(spec.source, self.build.root) if spec.source else f"(gemaakt) {page.file.src_uri}"
        else:
            shown = display_path(Path(config.docs_dir) / page.file.src_uri, self.build.root)
            # Only the keys the kennisbank allows, as its strict reader read them (MkDocs' own
            # reader drops invalid YAML silently and keeps keys Material would act on).
            page.meta = dict(self.build.editorial.get(page.file.src_uri, {}))
        self.clock.start(shown)  # stopped in on_page_content, right after Markdown is rendered
        # Render with the build's one Markdown instance and the render cache (render.py), where
        # MkDocs would render the page itself.
        if self.build.renderer is None:
            self.build.renderer = PageRenderer(config, files, self.build.cache_dir / RENDER_CACHE)
        setattr(page, "render", functools.partial(self.build.renderer.render, page))  # noqa: B010 - an instance attribute
        if spec is not None:
            page.meta = {"title": spec.title, "description": spec.description, "template": spec.template}
            if spec.kind == "search":
                page.meta["hide"] = ["navigation", "toc"]  # room for filters and results
        return markdown

    def _config_problems(self, config: MkDocsConfig) -> list[Problem]:
        """Settings in mkdocs.yml that would reach outside the site (fonts, analytics, links)."""
        path = Path(config.config_file_path or "mkdocs.yml")
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        return config_problems(config, list(config.plugins), display_path(path, self.build.root), text)

    def _read_editorial(self, docs_dir: Path) -> list[Problem]:
        """Check every editorial page's front matter and text (all at once, like the content)."""
        # Also the other files of docs/ (types, sanitising, links), so that under `serve` they
        # reach the error page instead of failing the build; on_files applies the replacements.
        self.build.editorial, problems = check_docs(docs_dir, self.build.root, static=True)
        return problems

    @event_priority(-100)  # last: whatever other plugins add is sanitised too
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.clock.stop()
        # MkDocs takes a title from the first heading and the table of contents from all of them
        # as HTML (escaped text, or raw HTML from the heading); a title from front matter or the
        # nav is plain text. Mark the HTML ones as Markup, sanitised to text, so autoescaping
        # prints every title once, correctly escaped.
        if "title" not in page.meta and page._title_from_render:
            page._title_from_render = Markup(clean_inline(page._title_from_render))
        _mark_toc(page.toc)
        content = label_editorial(clean(html))
        spec = self.build.pages.get(page.file.src_uri)
        if spec is not None and spec.kind == "case":
            self.build.case_html[spec.obj.slug] = content  # for its print card (on_post_build)
        return Markup(content)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return collapse_whitespace(output)  # the theme's indentation: a third of every page

    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        context["kb"] = self._view()
        context["kb_page"] = self.build.pages.get(page.file.src_uri)
        return context

    def _analysis_cache(self) -> Path:
        version = hashlib.sha1(dutch.analysis_version().encode()).hexdigest()[:12]
        return self.build.cache_dir / f"{ANALYSIS_CACHE}-{version}.json"

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.build.kb is not None and not self.build.serve_problems:
            save_cache(self._analysis_cache(), dutch.analysed_words())
        if self.build.renderer is not None:
            renderer = self.build.renderer
            log.info(f"Kennisbank: {renderer.hits} pagina's uit de cache, {renderer.misses} opnieuw omgezet")
            renderer.close()
        if self.build.kb is not None and self.build.view is not None and not self.build.serve_problems:
            # The print cards, from the case pages' rendered content (no second Markdown pass).
            qr = QrCache(self.build.cache_dir / QR_CACHE if self.build.site_url else None)
            cards = card_files(
                self.build.kb,
                self.build.view,
                site_name=config.site_name,
                html_of=lambda case: self.build.case_html.get(case.slug),
                qr=qr,
            )
            write_files(Path(config.site_dir), cards)
            qr.save()
        self._reset_source_date_epoch()
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.build.staged is not None:
            if config.strict and self.warnings.count:
                self.build.staged.discard()  # MkDocs aborts right after this hook; keep the old site
            else:
                with _as_plugin_error():
                    self.build.staged.commit()
            config.site_dir = str(self.build.staged.final)

    def on_build_error(self, *, error: Exception) -> None:
        if self.build.renderer is not None:
            self.build.renderer.close()
        self._reset_source_date_epoch()
        rendering = self.clock.current  # the page being rendered, if any
        self.clock.stop()
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.build.staged is not None:
            self.build.staged.discard()
        if isinstance(error, OSError):
            self._report_os_error(error)
        elif isinstance(error, RecursionError):
            # A safety net behind the check's nesting limits: Python-Markdown recurses per level.
            where = rendering or "een pagina"
            log.error(
                f"De build is gestopt: {where}: de tekst is te diep genest om om te zetten naar HTML; "
                "maak lijsten, citaten of blokken minder diep."
            )
            if self.command != "serve":
                _silence_traceback_of(error)

    def _report_os_error(self, error: OSError) -> None:
        """An OSError from MkDocs' own writes (a full disk, a read-only folder): say it in Dutch,
        and let `mkdocs build` end with that line and exit status 1 instead of a traceback."""
        staged = self.build.staged
        written = error.filename2 or error.filename  # a copy names its source first, its target second
        path = Path(written) if written else None
        if staged is not None:
            if path is not None and path.is_relative_to(staged.staging):
                path = staged.final / path.relative_to(staged.staging)  # where it would have ended up
            path = path or staged.final
        if path is not None:
            message = os_error_message(error, path, self.build.root)
        else:
            message = f"fout van het besturingssysteem ({error.strerror or error})"
        if staged is not None:
            shown = display_path(staged.final, self.build.root)
            if staged.final.is_dir():
                message += f". De vorige site in {shown}/ is niet veranderd"
            else:
                message += ". Er is geen site gebouwd"
        log.error(f"De build is gestopt: {message}.")
        if self.command != "serve":
            _silence_traceback_of(error)

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        self._server = server  # its build version goes into the error page (_serve_error_files)
        server.watch(str(self.build.content_dir))
        return server
