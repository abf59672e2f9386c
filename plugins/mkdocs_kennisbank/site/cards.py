"""Printable cards ("kaarten") of practice cases, for a team meeting: one A4 page, two at most.

A card shows what a team needs on the table: the title and the case's facets, the situation,
what was done and what came of it (the body's sections, found by their headings), the lessons
the case backs, the discussion questions, the figures as charts and tables, the sources, and
the page's address as text and as a QR code (when the absolute address is known).

`render_card` makes the page of one case, `render_card_set` one page with many ("kaartenset",
e.g. every case of a level), each card starting on a new sheet. Both render
`templates/kennisbank/print-card.html` with Jinja2 (autoescaped) and link only relatively:
the caller says where the case page and `assets/print-card.css` are, seen from the card page.
The page has no script; it is printed with the browser's own print command.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markdown
import nh3
from markupsafe import Markup

from ..content import sanitize
from ..content.model import Case, Kennisbank
from ..content.provenance import documentation, month_text
from .charts import figures_block
from .filters import dutch_date, status_label
from .qrcode import qr_svg

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TEMPLATE = "kennisbank/print-card.html"

# The card's three parts and the body headings each is taken from (compared without case,
# accents and punctuation). The shipped cases use Aanleiding, Aanpak and Resultaten.
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "situatie",
        "De situatie",
        ("aanleiding", "situatie", "de situatie", "uitgangssituatie", "context", "achtergrond", "probleem"),
    ),
    (
        "aanpak",
        "Wat is er gedaan",
        ("aanpak", "de aanpak", "wat is er gedaan", "werkwijze", "uitvoering", "activiteiten"),
    ),
    (
        "resultaat",
        "Wat het opleverde",
        ("resultaten", "resultaat", "opbrengst", "opbrengsten", "effecten", "uitkomsten", "wat leverde het op"),
    ),
)
MARKDOWN_EXTENSIONS = ["admonition", "def_list", "tables", "sane_lists"]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ATTR_LIST = re.compile(r"\s*\{[^{}]*\}\s*$")
_NOT_WORD = re.compile(r"[^\w\s]+")
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")

# A card is read on paper, and its page lies elsewhere than the case page: links and images in
# the text would lead nowhere, so they become plain text; ids could clash between the cards of
# a set. This pass runs after `sanitize.clean`, which has removed everything unsafe already.
_CARD_CLEANER = nh3.Cleaner(
    tags=sanitize.TAGS - {"a", "img", "input", "label"},
    clean_content_tags={"script", "style"},
    attributes={"*": {"class", "lang"}, "td": {"align", "colspan", "rowspan"}, "th": {"align", "colspan", "rowspan"}},
    strip_comments=True,
    link_rel=None,
)


def _normal(heading: str) -> str:
    text = unicodedata.normalize("NFKD", _ATTR_LIST.sub("", heading))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", text.replace("*", "").replace("_", " ")).casefold().split())


def body_sections(body: str) -> dict[str, str]:
    """The body's level-2 sections: normalised heading -> its Markdown (up to the next heading
    of level 1 or 2). Headings inside fenced code do not count; the first of a name wins."""
    found: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    fence: str | None = None

    def close() -> None:
        if current is not None and current not in found:
            found[current] = "\n".join(lines).strip("\n")

    for line in body.splitlines():
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
        elif opening:
            fence = opening.group(1)
        else:
            heading = _HEADING.match(line)
            if heading and len(heading.group(1)) <= 2:
                close()
                current = _normal(heading.group(2)) if len(heading.group(1)) == 2 else None
                lines = []
                continue
        lines.append(line)
    close()
    return found


_H2 = re.compile(r"<h2\b[^>]*>(.*?)</h2>", re.DOTALL)
_NOT_HEADING_TEXT = re.compile(r'<a class="headerlink".*?</a>|<span class="kb-label".*?</span>|<[^>]+>', re.DOTALL)


def html_sections(html: str) -> dict[str, str]:
    """The level-2 sections of a page's rendered (and sanitised) HTML: normalised heading ->
    its HTML up to the next h2. The build has rendered every case already; a card reuses that
    instead of rendering its Markdown a second time."""
    found: dict[str, str] = {}
    matches = list(_H2.finditer(html))
    for number, match in enumerate(matches):
        end = matches[number + 1].start() if number + 1 < len(matches) else len(html)
        name = _normal(_NOT_HEADING_TEXT.sub("", match.group(1)))
        found.setdefault(name, html[match.end() : end])
    return found


def card_html(html_text: str, shift: int = 0) -> Markup:
    """Rendered HTML as a card shows it: links and images as text, headings `shift` down."""
    if shift:
        html_text = re.sub(r"<(/?)h([1-6])\b", lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + shift, 6)}", html_text)
    return Markup(sanitize._nh3(_CARD_CLEANER.clean, html_text))


def render_markdown(text: str, shift: int = 0) -> Markup:
    """Markdown as safe HTML for a card: sanitised, links and images as text, headings moved
    `shift` levels down (so they stay below the card's own)."""
    converter = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)
    return card_html(sanitize.clean(converter.convert(text)), shift)


@dataclass(frozen=True)
class Chip:
    facet: str  # the facet's label, plural for more than one term: "Fase", "Onderwijssoorten"
    terms: list[str]  # as the site shows them: "Pilotfase", "III. Pilotgerichte interventies"


@dataclass(frozen=True)
class Section:
    key: str  # situatie, aanpak, resultaat
    heading: str
    html: Markup


@dataclass(frozen=True)
class Card:
    """What the template shows of one case."""

    id: str
    title: str
    description: str
    chips: list[Chip]
    facts: list[tuple[str, str]]
    sections: list[Section]
    lessons: list[str]
    questions: list[str]
    sources: list[tuple[str, str | None]]
    figures: list[Markup]
    case_url: str
    address: str | None
    qr: Markup | None
    date: str


def chips(kb: Kennisbank, case: Case) -> list[Chip]:
    """A chip per facet the case has values of, its values in taxonomy order as the site shows them."""
    found = []
    for key, facet in kb.taxonomy.facets.items():
        if facet.computed:  # documentation and effect are facts on the card
            continue
        own = set(case.terms(key))
        # The editors' classification says so on paper too (on screen it is a dashed chip).
        terms = [
            facet.shown(term) + ("" if case.from_source(key, term.id) else " (redactie)")
            for term in facet.terms
            if term.id in own
        ]
        if terms:
            found.append(Chip(facet.plural if len(terms) > 1 else facet.label, terms))
    return found


def facts(case: Case) -> list[tuple[str, str]]:
    contact = None
    if case.contact:
        contact = ", ".join(x for x in (case.contact.name, case.contact.organisation, case.contact.email) if x)
    status = status_label(case.status)
    if status and case.as_of:
        status = f"{status} in {month_text(case.as_of)}"
    effect = None
    if case.effect:
        effect = case.effect.label + (f" (bron: {case.effect.source})" if case.effect.source else "")
    rows = [
        ("Programma", case.programme),
        ("Organisaties", ", ".join(case.organisations)),
        ("Periode", case.period),
        ("Status", status),
        ("Waarom gestopt", case.stop_reason),
        ("Beschrijving", documentation(case).label),
        ("Effect", effect or "geen uitspraak"),
        ("Contact", contact),
    ]
    return [(name, value) for name, value in rows if value]


def sections(case: Case, shift: int, html: str | None = None) -> list[Section]:
    """Situation, approach and result from the body; when none of them is there, the whole
    body (a case with other headings is still worth a card). With `html` (the case page's
    rendered content) the sections are taken from it; else the Markdown is rendered here."""
    parts = html_sections(html) if html is not None else body_sections(case.body)
    render = card_html if html is not None else render_markdown
    found = []
    for key, heading, names in SECTIONS:
        text = next((parts[n] for n in names if parts.get(n, "").strip()), None)
        if text is not None:
            found.append(Section(key, heading, render(text, shift)))
    if not found and case.body.strip():
        whole = html if html is not None else case.body
        found.append(Section("tekst", "Het praktijkvoorbeeld", render(whole, shift + 1)))
    return found


def card(
    kb: Kennisbank,
    case: Case,
    case_url: str,
    address: str | None = None,
    heading_level: int = 1,
    html: str | None = None,
    qr: Callable[[str, str], Markup | None] = qr_svg,
) -> Card:
    """The card of `case`. `case_url`: the case page, relative to the card page; `address`:
    the case page's absolute URL when known (shown as text and as a QR code)."""
    ident = "kaart-" + (_NOT_ID.sub("-", case.slug).strip("-") or "x")
    date = case.updated or case.published
    return Card(
        id=ident,
        title=case.title,
        description=case.description,
        chips=chips(kb, case),
        facts=facts(case),
        sections=sections(case, shift=heading_level - 1, html=html),
        lessons=[lesson.title for lesson in kb.lessons_of(case)],
        questions=[q for q in case.questions if q.strip()],
        sources=[(s.title, s.url) for s in case.sources],
        figures=[figures_block(f, f"{ident}-{i}") for i, f in enumerate(case.figures, 1)],
        case_url=case_url,
        address=address,
        qr=qr(address, f"QR-code met het adres van het praktijkvoorbeeld ‘{case.title}’: {address}")
        if address
        else None,
        date=dutch_date(date),
    )


_ENVIRONMENT: jinja2.Environment | None = None


def environment() -> jinja2.Environment:
    """The card template's own environment: autoescaped, strict about missing values."""
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        _ENVIRONMENT = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
    return _ENVIRONMENT


def _render(**context: Any) -> str:
    return environment().get_template(TEMPLATE).render(**context)


def render_card(
    kb: Kennisbank,
    case: Case,
    *,
    case_url: str,
    css_url: str,
    address: str | None = None,
    site_name: str = "Kennisbank",
    html: str | None = None,
    qr: Callable[[str, str], Markup | None] = qr_svg,
) -> str:
    """The standalone page with the card of one case (an HTML document).

    `case_url`, `css_url`: the case page and `print-card.css`, relative to this page.
    `address`: the case page's absolute URL, or None when the site's address is not known.
    `html`: the case page's rendered content, to take the sections from (else rendered here);
    `qr`: makes the QR code (the build passes a cached one).
    """
    return _render(
        page_title=f"Kaart: {case.title} – {site_name}",
        set_title=None,
        set_description=None,
        site_name=site_name,
        css_url=css_url,
        back_url=case_url,
        back_label="Terug naar het praktijkvoorbeeld",
        heading_level=1,
        cards=[card(kb, case, case_url, address, heading_level=1, html=html, qr=qr)],
    )


def render_card_set(
    kb: Kennisbank,
    cases: Iterable[Case],
    *,
    title: str,
    css_url: str,
    case_url: Callable[[Case], str],
    address: Callable[[Case], str | None] | None = None,
    back_url: str | None = None,
    back_label: str = "Terug",
    description: str | None = None,
    site_name: str = "Kennisbank",
    html: Callable[[Case], str | None] | None = None,
    qr: Callable[[str, str], Markup | None] = qr_svg,
) -> str:
    """One page with the cards of `cases` in the given order, each starting on a new sheet.

    `title`: the set's name ("Kaartenset III. Pilotgerichte interventies"); `case_url(case)`:
    each case page relative to this page; `address(case)`: its absolute URL or None;
    `back_url`: where the set came from (a level page), relative; None shows no link back.
    """
    listed = list(cases)
    return _render(
        page_title=f"{title} – {site_name}",
        set_title=title,
        set_description=description,
        site_name=site_name,
        css_url=css_url,
        back_url=back_url,
        back_label=back_label,
        heading_level=2,
        cards=[
            card(kb, c, case_url(c), address(c) if address else None, 2, html(c) if html else None, qr) for c in listed
        ],
    )
