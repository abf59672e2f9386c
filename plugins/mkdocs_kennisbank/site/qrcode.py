"""A QR code of a page's absolute address, as inline SVG (segno, pure Python, at build time).

The site itself keeps every link relative (it works under any sub-path), so it knows its
absolute address only when the maintainer gives one. Without it there is no QR code: a code of
a relative path would lead a phone nowhere. The code is always black on white, in either
colour scheme: many scanners cannot read a light-on-dark code.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

import segno
from markupsafe import Markup

QUIET_ZONE = 4  # modules of white around the code, as the standard asks
_SEGNO_SVG = re.compile(r'^<svg viewBox="0 0 (\d+) (\d+)">(.*)</svg>$', re.DOTALL)


def absolute_url(base: str | None, path: str) -> str | None:
    """`path` (relative to the site's root, "praktijkvoorbeelden/jet-net.html") under `base`
    ("https://intranet.example/kennisbank/"), or None when no usable base is known."""
    if not base or not is_absolute(base):
        return None
    if path.startswith(("/", "\\")) or urlsplit(path).scheme or urlsplit(path).netloc:
        raise ValueError(f"geen pad binnen de site: {path!r}")
    return base.rstrip("/") + "/" + quote(path, safe="/#?=&%.-_~")


def is_absolute(url: str | None) -> bool:
    """An http(s) address with a host, without spaces or control characters."""
    if not url or any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def qr_svg(url: str | None, label: str | None = None) -> Markup | None:
    """The QR code of `url` as inline SVG with an accessible name, or None when `url` is not an
    absolute http(s) address. `label`: the accessible name (default: says what the code holds).
    """
    if not is_absolute(url):
        return None
    assert url is not None
    code = segno.make(url, error="m", micro=False)
    inner = code.svg_inline(
        scale=1, border=QUIET_ZONE, dark="#000", light="#fff", omitsize=True, svgclass=None, lineclass=None
    )
    match = _SEGNO_SVG.match(inner)
    if match is None:  # segno changed its output: better no code than a broken one
        raise RuntimeError("onverwachte SVG-uitvoer van segno")
    size = match.group(1)
    name = label or f"QR-code met het adres van deze pagina: {url}"
    text = html.escape(name, quote=True)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-qr" viewBox="0 0 {size} {size}"'
        f' width="{int(size) * 4}" height="{int(size) * 4}" role="img" aria-label="{text}"'
        f' shape-rendering="crispEdges"><title>{text}</title>{match.group(3)}</svg>'
    )
