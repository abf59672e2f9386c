"""Typed configuration of the `kennisbank` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class KennisbankConfig(Config):
    content_dir = c.Type(str, default="kennisbank")
    """Folder with taxonomie.yml, niveaus/, praktijkvoorbeelden/ and lessen/, relative to mkdocs.yml."""

    contribute_page = c.Optional(c.Type(str))
    """Page in docs/ that explains how to contribute (e.g. `bijdragen.md`); empty matrix cells link to it."""

    cache_dir = c.Type(str, default=".cache/kennisbank")
    """Folder for caches that speed up rebuilds (never inside the site), relative to mkdocs.yml."""

    search = c.Type(bool, default=True)
    """Add the search page, run Pagefind after the build and ship the offline (file://) index."""

    related = c.Type(int, default=4)
    """How many related cases to show on each case page (0 to show none)."""

    list_limit = c.Type(int, default=50)
    """Most cards in one list (a level's phase, a facet value, the overview); longer lists end
    with a link to the search page with the same filters. Keeps pages and builds small at scale."""

    render_timeout = c.Type(float, default=10.0)
    """Seconds Markdown may take to render one page before the build stops with an error."""

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
