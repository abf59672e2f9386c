"""Typed configuration of the `kennisbank` MkDocs plugin."""

from __future__ import annotations

import datetime as dt
import math

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from .site.timeout import MAX_RENDER_SECONDS, RENDER_SECONDS


class Seconds(c.BaseConfigOption[float]):
    """A number of seconds, integer or not, greater than 0 and at most `maximum`.

    `0`, a negative number, `.inf` or `.nan` would switch a time limit off without a word, and
    `true` is not a number (Python's bool is an int): all refused, with the allowed range.
    """

    def __init__(self, default: float, maximum: float) -> None:
        super().__init__()
        self.default = default
        self.maximum = maximum

    def run_validation(self, value: object) -> float:
        if value is None:
            return float(self.default)
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
            or not 0 < value <= self.maximum
        ):
            raise ValidationError(
                f"verwacht een aantal seconden groter dan 0 en hoogstens {self.maximum:g}, "
                f"bijvoorbeeld 10 of 2.5; gekregen: {value!r}"
            )
        return float(value)


class IsoDate(c.BaseConfigOption[dt.date | None]):
    """A date written as YYYY-MM-DD (YAML reads it as a date), or nothing."""

    def run_validation(self, value: object) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise ValidationError(f"verwacht een datum als JJJJ-MM-DD, bijvoorbeeld 2026-11-27; gekregen: {value!r}")


class KennisbankConfig(Config):
    content_dir = c.Type(str, default="kennisbank")
    """Folder with taxonomie.yml, niveaus/, praktijkvoorbeelden/ and lessen/, relative to mkdocs.yml."""

    contribute_page = c.Optional(c.Type(str))
    """Page in docs/ that explains how to contribute (e.g. `bijdragen.md`); empty matrix cells link to it."""

    cache_dir = c.Type(str, default=".cache/kennisbank")
    """Folder for caches that speed up rebuilds (never inside the site), relative to mkdocs.yml."""

    search = c.Type(bool, default=True)
    """Add the search page and its index (word map, postings, documents, filters), which works
    served and from a file share."""

    related = c.Type(int, default=4)
    """How many related cases to show on each case page (0 to show none)."""

    list_limit = c.Type(int, default=50)
    """Most cards in one list (a level's phase, a facet value, the overview); longer lists end
    with a link to the search page with the same filters. Keeps pages and builds small at scale."""

    render_timeout = Seconds(default=RENDER_SECONDS, maximum=MAX_RENDER_SECONDS)
    """Seconds Markdown may take to render one page before the build stops with an error
    (an integer or not, greater than 0, at most 600)."""

    cms = c.Type(bool, default=True)
    """Build the editing form (Decap CMS) at admin/; its JavaScript comes from node_modules (npm ci)."""

    cms_backend = c.Type(dict, default={"name": "proxy", "proxy_url": "http://localhost:8081/api/v1", "branch": "main"})
    """Decap's `backend`, passed through: where saved cases go (github, gitlab or forgejo with repo,
    branch, api_root, base_url; Decap's gitea backend lacks the editorial workflow). The default
    talks to `decap-server` on the editor's own machine (see docs/beheer.md)."""

    cms_local_backend = c.Type((bool, str), default=True)
    """Decap's `local_backend`: true, or the URL of a decap-server, for editing without a forge."""

    cms_node_modules = c.Type(str, default="node_modules")
    """Where `npm ci` put decap-cms, relative to mkdocs.yml."""

    owner = c.Optional(c.Type(str))
    """Who runs this kennisbank (an organisation), shown in every page's footer; empty: not shown."""

    contact = c.Optional(c.Type(str))
    """Where visitors can ask questions or report a mistake: an e-mail address or a web address,
    shown in the footer; empty: not shown. Never invent one: leave it empty until there is one."""

    licence = c.Optional(c.Type(str))
    """The licence of the content and the open data (an SPDX id such as CC-BY-4.0, or the
    licence's web address), shown on the open-data page and written into datapackage.json;
    empty: the page says none was given. Never guess one."""

    updated = IsoDate()
    """The date of the last update shown in the footer (YYYY-MM-DD); empty: the newest
    `gepubliceerd` or `bijgewerkt` date of the content."""
