"""The MkDocs adapter: a thin layer that wires the framework-free core into a build.

Hook order and why:
- on_config: reset per-build state (`mkdocs serve` reuses this object), put our templates
  between the user's `custom_dir` and the theme (so every template can be overridden).
- on_pre_build: load and check all content. This runs before MkDocs empties the site folder,
  so a content error leaves the last good site untouched.
- on_files: add one generated page per case, lesson, level, facet and facet value.
- on_page_markdown: hand Material only the front-matter keys it should act on.
- on_page_context: give templates the `kb` view and the page's own object.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from .config import KennisbankConfig
from .errors import ContentError, KennisbankError
from .loader import load
from .sitemap import PageSpec, plan
from .view import SiteView

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

    from .model import Kennisbank

CSS_URI = "assets/kennisbank/kennisbank.css"


class KennisbankPlugin(BasePlugin[KennisbankConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.kb: Kennisbank | None = None
        self.pages: dict[str, PageSpec] = {}
        self.files: Files | None = None
        self.content_dir: Path | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.kb, self.pages, self.files = None, {}, None
        root = Path(config.config_file_path or ".").resolve().parent
        self.content_dir = (root / self.config.content_dir).resolve()
        templates = str(resources.files(__package__) / "templates")
        if templates not in config.theme.dirs:
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, templates)
        if CSS_URI not in config.extra_css:
            config.extra_css.insert(0, CSS_URI)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        assert self.content_dir is not None
        root = Path(config.config_file_path or ".").resolve().parent
        try:
            self.kb = load(self.content_dir, root=root)
        except ContentError as exc:
            count = len(exc.problems)
            raise PluginError(
                f"De kennisbank bevat {count} {'fout' if count == 1 else 'fouten'}; er is niets gebouwd:\n{exc}"
            ) from exc
        except KennisbankError as exc:
            raise PluginError(str(exc)) from exc

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.kb is not None
        for spec in plan(self.kb):
            if files.get_file_from_path(spec.src_uri) is not None:
                raise PluginError(
                    f"docs/{spec.src_uri} bestaat al; die pagina maakt de kennisbank zelf. Verwijder of hernoem het bestand."
                )
            # A leading blank line stops MkDocs from reading the body as front matter.
            inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, spec.src_uri, content="\n" + spec.body, inclusion=inclusion))
            self.pages[spec.src_uri] = spec
        css = resources.files(__package__).joinpath("assets/kennisbank.css").read_text(encoding="utf-8")
        files.append(File.generated(config, CSS_URI, content=css))
        self.files = files
        return files

    @event_priority(50)  # before other plugins read page.meta
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.pages.get(page.file.src_uri)
        if spec is not None:
            page.meta = {"title": spec.title, "description": spec.description, "template": spec.template}
        return markdown

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        assert self.kb is not None and self.files is not None
        files = self.files

        def url_for(src: str) -> str | None:
            found = files.get_file_from_path(src)
            return found.url if found is not None else None

        context["kb"] = SiteView(self.kb, url_for, self.config.contribute_page)
        context["kb_page"] = self.pages.get(page.file.src_uri)
        return context

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        if self.content_dir is not None:
            server.watch(str(self.content_dir))
        return server
