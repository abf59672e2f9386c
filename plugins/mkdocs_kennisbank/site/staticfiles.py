"""What happens to the files in docs/ that are not Markdown: published, sanitised or refused.

MkDocs copies every such file into the site as it is. An `.html` or `.svg` file there (Decap's
upload folder included) would run script in the site's origin, a `.css` file could load from
another host, and a symlink could publish anything the build can read. So:

- inert types (images, fonts, documents, data; `INERT`) are published as they are;
- `.html`/`.htm` is reduced to its body and sanitised with the page rules (`sanitize.clean`);
- `.svg` goes through an allow-list SVG cleaner (`clean_svg`); a DOCTYPE or entity is refused;
- `.css` is refused when it imports or loads from outside the site (`css_problems`);
- any other type (`.js`, `.php`, `.exe`, no extension, ...) is refused.

Symlinks may only point inside docs/ (and never into a `.git` folder); FIFOs, sockets and
device files are refused (MkDocs would block reading a FIFO). Nothing here depends on MkDocs.
"""

from __future__ import annotations

import bisect
import html
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from ..content.fsutil import Refused, read_regular
from ..content.sanitize import URL_SCHEMES, clean, same_site
from ..errors import Problem, display_path

FIELD = "bestand"
INERT = {
    # images (never SVG: that is a document that can carry script)
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
    "avif",
    "ico",
    "bmp",
    # fonts
    "woff",
    "woff2",
    "ttf",
    "otf",
    "eot",
    # documents and data, downloaded or shown by the browser's own viewers
    "pdf",
    "txt",
    "csv",
    "tsv",
    "json",
    "rtf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "odt",
    "ods",
    "odp",
    "zip",
    # audio and video
    "mp3",
    "mp4",
    "m4a",
    "ogg",
    "oga",
    "webm",
    "wav",
}
INERT_NAMES = {"CNAME"}  # GitHub Pages' domain file
HTML_TYPES = {"html", "htm"}
ALLOWED_TEXT = (
    "toegestaan zijn afbeeldingen (png, jpg, jpeg, gif, webp, avif, ico, bmp), lettertypen (woff, woff2, ttf, otf, eot), "
    "documenten (pdf, txt, csv, tsv, json, rtf, doc(x), xls(x), ppt(x), odt, ods, odp, zip), geluid en video "
    "(mp3, mp4, m4a, ogg, oga, webm, wav) en, na controle, html, svg en css"
)


@dataclass
class Review:
    """The outcome for docs/: problems that stop the build, and sanitised replacements."""

    problems: list[Problem] = field(default_factory=list)
    replacements: dict[str, bytes] = field(default_factory=dict)  # src_uri -> published content


# HTML, SVG and CSS files are read to be sanitised or checked; bigger ones are refused.
MAX_STATIC_BYTES = 2 * 1024 * 1024


# -- The folder itself: symlinks and special files -------------------------------------------


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def folder_problems(docs_dir: Path, root: Path) -> list[Problem]:
    """Every symlink in `docs_dir` that leads out of it, into a `.git` folder or nowhere, and
    every FIFO, socket or device file in it."""
    problems: list[Problem] = []
    docs_real = os.path.realpath(docs_dir)

    def refuse(path: Path, message: str) -> None:
        problems.append(Problem(display_path(path, root), 1, 1, FIELD, message))

    for current, dirs, names in os.walk(docs_dir, followlinks=False):
        for name in sorted([*dirs, *names]):
            path = Path(current) / name
            try:
                mode = os.lstat(path).st_mode
            except OSError:
                continue
            if stat.S_ISLNK(mode):
                target = os.path.realpath(path)
                if not os.path.exists(target):
                    refuse(
                        path,
                        "deze symbolische link wijst naar iets dat niet bestaat en wordt niet gepubliceerd; "
                        "zet het bestand zelf in docs/",
                    )
                elif not _inside(target, docs_real):
                    refuse(
                        path,
                        "deze symbolische link wijst naar een plek buiten docs/ en wordt niet gepubliceerd; "
                        "zet het bestand zelf in docs/",
                    )
                elif ".git" in Path(os.path.relpath(target, docs_real)).parts:
                    refuse(
                        path,
                        "deze symbolische link wijst naar een map .git en wordt niet gepubliceerd; "
                        "zet het bestand zelf in docs/",
                    )
                elif not (os.path.isfile(target) or os.path.isdir(target)):
                    refuse(
                        path,
                        "deze symbolische link wijst naar een pipe, socket of apparaat en kan niet worden "
                        "gepubliceerd; haal hem weg uit docs/",
                    )
            elif stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
                refuse(
                    path,
                    "dit is geen gewoon bestand (maar een pipe, socket of apparaat) en kan niet worden "
                    "gepubliceerd; haal het weg uit docs/",
                )
    return problems


# -- One file --------------------------------------------------------------------------------


def review_docs(docs_dir: Path, files: Iterable[tuple[str, str]], root: Path) -> Review:
    """Decide for every (src_uri, absolute path) MkDocs would copy from `docs_dir`.

    `files` are the non-Markdown files; the folder's symlinks and special files are checked too.
    """
    review = Review(problems=folder_problems(docs_dir, root))
    refused = [p.path for p in review.problems]
    docs_real = os.path.realpath(docs_dir)
    for uri, source in files:
        path = Path(source)
        shown = display_path(path, root)
        if any(shown == r or shown.startswith(r + "/") for r in refused):
            continue  # the symlink (to a folder) is reported already
        real = os.path.realpath(source)
        if not _inside(real, docs_real) or ".git" in Path(os.path.relpath(real, docs_real)).parts:
            # reached through a symlinked folder higher up (already reported) or a path trick
            review.problems.append(
                Problem(shown, 1, 1, FIELD, "dit bestand ligt buiten docs/ en wordt niet gepubliceerd")
            )
            continue
        decide(uri, path, shown, review)
    review.problems.sort()
    return review


def _kind(uri: str) -> str:
    name = uri.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[1].lower() if "." in name.lstrip(".") else ""


def decide(uri: str, path: Path, shown: str, review: Review) -> None:
    kind = _kind(uri)
    name = uri.rsplit("/", 1)[-1]
    if kind in INERT or name in INERT_NAMES:
        return
    if kind not in HTML_TYPES | {"svg", "css"}:
        shown_kind = f"'.{kind}'" if kind else "zonder extensie"
        review.problems.append(
            Problem(
                shown,
                1,
                1,
                FIELD,
                f"bestanden van het type {shown_kind} worden niet gepubliceerd (ze kunnen code uitvoeren of zijn onbekend); "
                f"{ALLOWED_TEXT}. Haal het bestand weg uit docs/",
            )
        )
        return
    try:
        # Never blocks on a FIFO behind a symlink, and caps the size like every content file.
        data = read_regular(Path(os.path.realpath(path)), MAX_STATIC_BYTES)
    except Refused as exc:
        review.problems.append(Problem(shown, 1, 1, FIELD, exc.message))
        return
    except OSError as exc:
        review.problems.append(Problem(shown, 1, 1, FIELD, f"het bestand kan niet gelezen worden ({exc.strerror})"))
        return
    if kind in HTML_TYPES:
        review.replacements[uri] = clean_html_document(data)
    elif kind == "svg":
        result = clean_svg(data)
        if isinstance(result, SvgRefused):
            review.problems.append(Problem(shown, result.line, result.col, FIELD, result.message))
        else:
            review.replacements[uri] = result
    else:
        text = _decode(data)
        for line, col, message in css_problems(text):
            review.problems.append(Problem(shown, line, col, FIELD, message))


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# -- HTML ------------------------------------------------------------------------------------


def clean_html_document(data: bytes) -> bytes:
    """A static HTML file as a minimal document: its title as text, its body sanitised."""
    text = _decode(data)
    lowered = text.lower()
    title = ""
    start = lowered.find("<title")
    if start >= 0:
        open_end = lowered.find(">", start)
        close = lowered.find("</title", open_end)
        if open_end >= 0:
            title = html.unescape(text[open_end + 1 : close if close >= 0 else open_end + 1])
    body = text
    start = lowered.find("<body")
    if start >= 0:
        open_end = lowered.find(">", start)
        close = lowered.rfind("</body")
        body = text[open_end + 1 : close if close > open_end else len(text)] if open_end >= 0 else ""
    else:
        head_end = lowered.find("</head")
        if head_end >= 0:
            body = text[head_end:]
    page = (
        '<!doctype html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(' '.join(title.split()))}</title>\n</head>\n<body>\n{clean(body)}\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


# -- CSS -------------------------------------------------------------------------------------

_CSS_ESCAPE = re.compile(r"\\(?:([0-9A-Fa-f]{1,6})(\r\n|[ \t\r\n\f])?|(.))", re.DOTALL)
_CSS_URL = re.compile(r"url\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^()\s\"']*))", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import\s*(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)
_CSS_IMAGE_SET = re.compile(r"image-set\(([^()]*)", re.IGNORECASE)
_CSS_STRING = re.compile(r"\"([^\"]*)\"|'([^']*)'")
_CSS_NAMESPACE = re.compile(r"@namespace\s+(?:[\w-]+\s+)?\Z", re.IGNORECASE)
_CSS_SCRIPT = re.compile(r"expression\s*\(|-moz-binding|\bbehavior\s*:|javascript:|vbscript:", re.IGNORECASE)


def _css_plain(text: str) -> str:
    """CSS without comments (blanked, newlines kept) and with escapes decoded, so `u\\72l(` is
    read as `url(`. Line numbers stay as they were."""
    out, pos = [], 0
    while True:
        start = text.find("/*", pos)
        if start < 0:
            out.append(text[pos:])
            break
        end = text.find("*/", start + 2)
        end = len(text) if end < 0 else end + 2
        out.append(text[pos:start])
        out.append("".join("\n" if c == "\n" else " " for c in text[start:end]))
        pos = end
    plain = "".join(out)

    def unescape(match: re.Match[str]) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            char = chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
            return char + "\n" * (match.group(2) or "").count("\n")
        return match.group(3)

    return _CSS_ESCAPE.sub(unescape, plain) if "\\" in plain else plain


def _css_allowed_url(value: str) -> bool:
    value = value.strip()
    return same_site(value) or value.lower().startswith("data:image/")


def css_problems(text: str) -> list[tuple[int, int, str]]:
    """(line, column, Dutch message) for everything in a stylesheet that loads from outside the
    site (`@import`, `url()`, `image-set()` with a host or scheme) or runs script (old IE)."""
    plain = _css_plain(text)
    starts = [0] + [m.end() for m in re.finditer("\n", plain)]
    found = []

    def at(offset: int, message: str) -> None:
        index = bisect.bisect_right(starts, offset) - 1
        found.append((index + 1, offset - starts[index] + 1, message))

    for match in _CSS_URL.finditer(plain):
        value = next((g for g in match.groups() if g is not None), "")
        if _CSS_NAMESPACE.search(plain[max(0, match.start() - 100) : match.start()]):
            continue  # a namespace name, never fetched
        if not _css_allowed_url(value):
            at(
                match.start(),
                f"url({value.strip()[:60]}) laadt iets van buiten de site; gebruik een relatief pad naar een bestand in docs/",
            )
    for match in _CSS_IMPORT.finditer(plain):
        value = match.group(1) if match.group(1) is not None else match.group(2)
        if not _css_allowed_url(value):
            at(
                match.start(),
                f"@import '{value.strip()[:60]}' laadt een stylesheet van buiten de site; gebruik een relatief pad",
            )
    for match in _CSS_IMAGE_SET.finditer(plain):
        for string in _CSS_STRING.finditer(match.group(1)):
            value = string.group(1) if string.group(1) is not None else string.group(2)
            if not _css_allowed_url(value):
                at(
                    match.start(),
                    f"image-set('{value.strip()[:60]}') laadt iets van buiten de site; gebruik een relatief pad",
                )
    for match in _CSS_SCRIPT.finditer(plain):
        at(match.start(), f"'{match.group(0)}' kan code uitvoeren en is niet toegestaan in een stylesheet")
    return sorted(found)


# -- SVG -------------------------------------------------------------------------------------

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

SVG_ELEMENTS = {
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "switch",
    "view",
    "style",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "linearGradient",
    "radialGradient",
    "stop",
    "pattern",
    "clipPath",
    "mask",
    "marker",
    "image",
    "a",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
}
# Geometry, presentation and filter attributes (no event handlers, no animation targets).
SVG_ATTRIBUTES = {
    "id",
    "class",
    "style",
    "lang",
    "tabindex",
    "role",
    "aria-label",
    "aria-hidden",
    "aria-labelledby",
    "aria-describedby",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "fr",
    "width",
    "height",
    "d",
    "points",
    "pathLength",
    "viewBox",
    "preserveAspectRatio",
    "transform",
    "gradientTransform",
    "gradientUnits",
    "patternTransform",
    "patternUnits",
    "patternContentUnits",
    "spreadMethod",
    "offset",
    "stop-color",
    "stop-opacity",
    "clipPathUnits",
    "maskUnits",
    "maskContentUnits",
    "markerWidth",
    "markerHeight",
    "markerUnits",
    "refX",
    "refY",
    "orient",
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "opacity",
    "color",
    "display",
    "visibility",
    "overflow",
    "clip-path",
    "clip-rule",
    "mask",
    "filter",
    "marker-start",
    "marker-mid",
    "marker-end",
    "paint-order",
    "vector-effect",
    "shape-rendering",
    "text-rendering",
    "image-rendering",
    "color-interpolation",
    "color-interpolation-filters",
    "font-family",
    "font-size",
    "font-size-adjust",
    "font-stretch",
    "font-style",
    "font-variant",
    "font-weight",
    "letter-spacing",
    "word-spacing",
    "text-anchor",
    "text-decoration",
    "dominant-baseline",
    "alignment-baseline",
    "baseline-shift",
    "writing-mode",
    "direction",
    "unicode-bidi",
    "dx",
    "dy",
    "rotate",
    "textLength",
    "lengthAdjust",
    "startOffset",
    "method",
    "spacing",
    "side",
    "filterUnits",
    "primitiveUnits",
    "in",
    "in2",
    "result",
    "mode",
    "type",
    "values",
    "tableValues",
    "slope",
    "intercept",
    "amplitude",
    "exponent",
    "k1",
    "k2",
    "k3",
    "k4",
    "operator",
    "radius",
    "scale",
    "xChannelSelector",
    "yChannelSelector",
    "stdDeviation",
    "edgeMode",
    "kernelMatrix",
    "kernelUnitLength",
    "order",
    "divisor",
    "bias",
    "targetX",
    "targetY",
    "preserveAlpha",
    "surfaceScale",
    "diffuseConstant",
    "specularConstant",
    "specularExponent",
    "lighting-color",
    "flood-color",
    "flood-opacity",
    "azimuth",
    "elevation",
    "pointsAtX",
    "pointsAtY",
    "pointsAtZ",
    "limitingConeAngle",
    "z",
    "baseFrequency",
    "numOctaves",
    "seed",
    "stitchTiles",
    "version",
    "baseProfile",
    "xmlns",
    "requiredExtensions",
    "requiredFeatures",
    "systemLanguage",
    "href",
    "target",
}
SVG_XML_ATTRIBUTES = {"space", "lang"}
FRAGMENT_ONLY = {"use", "linearGradient", "radialGradient", "pattern", "filter", "textPath", "feImage", "mpath"}
IMAGE_HREF = {"image", "feImage"}
_CSS_URL_VALUE = re.compile(r"url\(\s*[\"']?([^)\"']*)", re.IGNORECASE)


@dataclass(frozen=True)
class SvgRefused:
    line: int
    col: int
    message: str


class _Refuse(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _href_allowed(tag: str, value: str) -> bool:
    stripped = value.strip()
    if stripped.startswith("#"):
        return True
    if tag in IMAGE_HREF:
        return same_site(stripped) and tag == "image"  # feImage: fragments only
    if tag == "a":
        if same_site(stripped):
            return True
        scheme = stripped.split(":", 1)[0].lower()
        return scheme in URL_SCHEMES and not any(c in scheme for c in "\t\n\r\\/")
    return False


def _value_allowed(name: str, value: str) -> bool:
    """Presentation values may only point into the document itself: `url(#id)`."""
    if "\\" in value:
        return False  # CSS escapes could spell url( or a host
    lowered = value.lower()
    if "url(" in lowered and any(not m.group(1).strip().startswith("#") for m in _CSS_URL_VALUE.finditer(value)):
        return False
    if name == "style":
        return not css_problems(value) and "@" not in value and "image-set" not in lowered
    return "javascript:" not in lowered


def _escape_attribute(value: str) -> str:
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
    )


def _escape_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clean_svg(data: bytes) -> bytes | SvgRefused:
    """The SVG with only allow-listed elements and attributes, or why it is refused."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (name as written, kept)
    dropping = 0  # depth inside an element that is removed with its content
    in_style = [False]
    style_text: list[str] = []
    seen_root = [False]

    def split(name: str) -> tuple[str, str]:
        namespace, _, local = name.rpartition(" ")
        return namespace, local

    def refuse_doctype(*args: object) -> None:
        raise _Refuse(
            "een DOCTYPE-declaratie is niet toegestaan in een SVG-bestand (die kan entiteiten en verwijzingen naar "
            "buiten bevatten); haal de regel <!DOCTYPE ...> weg"
        )

    def refuse_entity(*args: object) -> None:
        raise _Refuse("entiteiten (<!ENTITY ...>) zijn niet toegestaan in een SVG-bestand; haal ze weg")

    def refuse_external(*args: object) -> int:
        raise _Refuse("verwijzingen naar externe entiteiten zijn niet toegestaan in een SVG-bestand")

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal dropping
        namespace, local = split(name)
        if not seen_root[0]:
            seen_root[0] = True
            if local != "svg" or namespace not in (SVG_NS, ""):
                raise _Refuse("dit bestand is geen SVG-afbeelding (het buitenste element is geen <svg>)")
        if dropping or namespace not in (SVG_NS, "") or local not in SVG_ELEMENTS:
            dropping += 1
            return
        parts = [local]
        if not stack:
            parts.append(f'xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}"')
        for key, value in attrs.items():
            attr_ns, attr = split(key)
            if attr_ns == XML_NS and attr in SVG_XML_ATTRIBUTES:
                written = f"xml:{attr}"
            elif attr_ns == XLINK_NS and attr == "href":
                written = "xlink:href"
            elif attr_ns == "" and attr in SVG_ATTRIBUTES and not attr.lower().startswith("on") and attr != "xmlns":
                written = attr
            else:
                continue
            if attr == "href":
                if local in FRAGMENT_ONLY and not value.strip().startswith("#"):
                    continue
                if not _href_allowed(local, value):
                    continue
            elif attr == "target":
                if local != "a" or value not in ("_blank", "_self", "_parent", "_top"):
                    continue
            elif not _value_allowed(attr, value):
                continue
            parts.append(f'{written}="{_escape_attribute(value)}"')
        out.append("<" + " ".join(parts) + ">")
        stack.append((local, True))
        if local == "style":
            in_style[0] = True
            style_text.clear()

    def end(name: str) -> None:
        nonlocal dropping
        if dropping:
            dropping -= 1
            return
        local, _ = stack.pop()
        if local == "style":
            in_style[0] = False
            css = "".join(style_text)
            if not css_problems(css) and "\\" not in css and "@import" not in css.lower():
                out.append(_escape_text(css))
        out.append(f"</{local}>")

    def text(data: str) -> None:
        if dropping:
            return
        if in_style[0]:
            style_text.append(data)
        else:
            out.append(_escape_text(data))

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_external
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except _Refuse as exc:
        return SvgRefused(parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, exc.message)
    except expat.ExpatError as exc:
        return SvgRefused(
            exc.lineno,
            exc.offset + 1,
            f"dit SVG-bestand is geen geldige XML ({expat.ErrorString(exc.code)}); sla het opnieuw op als SVG",
        )
    if not seen_root[0]:
        return SvgRefused(1, 1, "dit bestand is geen SVG-afbeelding")
    return ("".join(out) + "\n").encode("utf-8")
