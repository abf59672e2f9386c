"""The error page of the preview (`mkdocs serve`) while the content has problems.

MkDocs 1.6 stops answering every request while a rebuild has failed, so under `serve` the plugin
does not fail the build: it builds a site of one page instead, this one, which every URL shows
(as index.html and as the 404 page). It lists every problem as `pad:regel:kolom: veld: bericht`,
like `kennisbank check`, and reloads itself as soon as a later build has finished: it asks
MkDocs' livereload endpoint, which answers when the site changed. `mkdocs build` keeps failing.
The HTML is the template `kennisbank/serve-error.html` (overridable like every other).
"""

from __future__ import annotations

from typing import Any

from ..errors import WARNING, Problem

TEMPLATE = "kennisbank/serve-error.html"


def error_page(env: Any, problems: list[Problem], site_name: str, epoch: int = 0) -> str:
    """The whole HTML page for `problems` (already sorted), rendered with the theme's autoescaping
    Jinja environment `env`; `epoch`: the livereload version of the build that made it (0 when
    unknown: the page then asks for the current one first)."""
    count = sum(1 for p in problems if p.severity != WARNING)
    return env.get_template(TEMPLATE).render(problems=problems, count=count, site_name=site_name, epoch=epoch)
