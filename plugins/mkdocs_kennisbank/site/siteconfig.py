"""Settings in mkdocs.yml that would make the built site reach outside itself or run a link.

The site must make no request outside itself (an intranet without internet) and no value may
turn into a script. Material fetches from outside for some settings (Google Fonts, analytics,
polyfills, a logo given as a URL) and prints others as links (repo_url, social links). This
module checks the plain configuration values; the plugin passes them in and reports problems
as `mkdocs.yml:line:col: key: message`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import Problem

# A value with a scheme (`https:`, `javascript:`) or starting with `//` points outside the site.
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
LINK_SCHEMES = ("http", "https", "mailto")
# Plugins that need internet at build time or make the site fetch from outside at view time.
OUTSIDE_PLUGINS = {
    "privacy": "downloadt bij het bouwen bestanden van internet",
    "social": "downloadt bij het bouwen lettertypen van internet",
    "offline": "laat de browser een script van unpkg.com laden",
}


def is_outside(url: str) -> bool:
    """True when a browser would fetch `url` from another host."""
    text = url.strip().replace("\\", "/")
    return text.startswith("//") or _SCHEME.match(text) is not None


def link_problem(url: str) -> str | None:
    """Why a configured link may not be printed, or None (http, https, mailto or relative)."""
    match = _SCHEME.match(url.replace("\\", "/"))
    if match and match.group(1).lower() not in LINK_SCHEMES:
        return f"een link moet beginnen met https://, http:// of mailto:, of binnen de site blijven (niet '{match.group(1)}:')"
    if any(ord(c) < 32 for c in url):
        return "een link mag geen regeleinden of stuurtekens bevatten"
    return None


def _line_of(text: str, key: str) -> int:
    """The line of a (possibly dotted) key in mkdocs.yml, for messages; 1 when not found."""
    last = key.split(".")[-1].split("[")[0]
    for number, line in enumerate(text.split("\n"), start=1):
        if re.match(rf"\s*-?\s*{re.escape(last)}\s*:", line):
            return number
    return 1


def config_problems(config: Mapping[str, Any], plugins: Iterable[str], shown: str, text: str) -> list[Problem]:
    """Every setting that would reach outside the site or print an unsafe link."""
    found: list[tuple[str, str]] = []
    theme = config.get("theme") or {}
    extra = config.get("extra") or {}
    font = theme.get("font") if hasattr(theme, "get") else False
    if font is not False and font != 0:  # Material loads Google Fonts unless font is false (an empty value too)
        found.append(
            (
                "theme.font",
                "zet font: false; anders laadt elke pagina lettertypen van Google (de kennisbank heeft ze zelf)",
            )
        )
    if extra.get("analytics"):
        found.append(
            ("extra.analytics", "webstatistieken laden een script van buiten de site; haal extra.analytics weg")
        )
    fetched = {
        "extra_css": config.get("extra_css") or [],
        "extra_javascript": config.get("extra_javascript") or [],
        "extra.polyfills": extra.get("polyfills") or [],
    }
    for key, values in fetched.items():
        for value in values:
            path = getattr(value, "path", value)
            if isinstance(path, str) and is_outside(path):
                found.append(
                    (key, f"'{path}' staat buiten de site; zet het bestand in docs/ en verwijs er relatief naar")
                )
    for key in ("logo", "favicon"):
        value = theme.get(key) if hasattr(theme, "get") else None
        if isinstance(value, str) and is_outside(value):
            found.append(
                (
                    f"theme.{key}",
                    f"'{value}' staat buiten de site; zet het bestand in docs/ en verwijs er relatief naar",
                )
            )
    links: list[tuple[str, Any]] = [
        ("repo_url", config.get("repo_url")),
        ("edit_uri", config.get("edit_uri")),
        ("site_url", config.get("site_url")),
        ("extra.homepage", extra.get("homepage")),
    ]
    for key in ("social", "alternate"):
        for index, item in enumerate(extra.get(key) or [], start=1):
            if isinstance(item, Mapping):
                links.append((f"extra.{key}[{index}].link", item.get("link")))
    for key, value in links:
        if isinstance(value, str) and (problem := link_problem(value)):
            found.append((key, problem))
    for name in plugins:
        base = name.split("/")[-1]
        if base in OUTSIDE_PLUGINS:
            found.append(
                (
                    "plugins",
                    f"de plugin '{name}' {OUTSIDE_PLUGINS[base]}; de kennisbank werkt zonder internet, haal hem weg",
                )
            )
    return [Problem(shown, _line_of(text, key), 1, key, message) for key, message in found]
