"""The front-matter schema of practice cases, lessons and level texts, as data.

The fields below are those every kennisbank has; the facet fields (interventieniveaus, fase,
...) come from the taxonomy (`fields_of`), which declares each facet once. One declaration serves the validator, the `kennisbank new` templates' explanations and the
contributor docs, so they cannot drift apart. Keys are Dutch (they are the content contract);
`title` and `description` keep the names MkDocs and Material use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .taxonomy import Facet, Taxonomy

STATUSES = {"lopend": "Lopend", "afgerond": "Afgerond", "gestopt": "Gestopt"}
# An effect claim (`effect.oordeel`): what is known of the effect, from which source.
EFFECTS = {
    "niet-onderzocht": "Effect niet onderzocht",
    "aanwijzingen": "Aanwijzingen voor effect",
    "aangetoond": "Effect aangetoond in evaluatie",
    "geen-effect": "Geen effect gevonden",
}
REVIEW_STATUSES = {"concept": "Concept", "in-review": "In review", "goedgekeurd": "Goedgekeurd"}

# Keys Material would act on by itself. We never hand them over from contributor content
# (our `status` means something else), so in content files they are unknown keys with a reason.
MATERIAL_KEYS = ("tags", "hide", "icon", "template", "search", "subtitle")


# The patterns of the content contract. Also the editing form's patterns (decap.py), so each
# must stay valid JavaScript.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")  # ASCII digits only (\d would take any script's)
PERIOD = re.compile(r"^([0-9]{4})(?:-([0-9]{4})?)?$")
MONTH = re.compile(r"^([0-9]{4})(?:-(0[1-9]|1[0-2]))?$")  # a year or a month: 2017, 2017-03
URL = re.compile(r"^https?://[^\s<>\"']+$")
# A plain address and nothing else: it becomes a mailto: link, where '?', '&', '%', ',' and ';'
# would add recipients (?bcc=), a subject or a body. Unambiguous pieces, so matching is linear.
EMAIL = re.compile(r"^[A-Za-z0-9._+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}$")


class FieldKind(StrEnum):
    """What a front-matter value is. Every kind has a check (validate.CHECKS), a form widget
    (decap.py) and a line in the field reference (FORMATS); a test holds the three together."""

    TEXT = "text"
    TERM = "term"
    TERMS = "terms"
    ENUM = "enum"
    DATE = "date"
    TEXTS = "texts"
    REFS = "refs"
    PERIOD = "period"
    SOURCES = "sources"
    CONTACT = "contact"
    REVIEW = "review"
    FIGURES = "figures"
    MONTH = "month"
    SOURCED = "sourced"
    EFFECT = "effect"


# How each kind is written, for the field reference (velden.html).
FORMATS: dict[FieldKind, str] = {
    FieldKind.TEXT: "platte tekst",
    FieldKind.TERM: "één waarde uit de taxonomie",
    FieldKind.TERMS: "een lijst met waarden uit de taxonomie, zoals [a, b]",
    FieldKind.ENUM: "één van de waarden hieronder",
    FieldKind.DATE: "een datum als JJJJ-MM-DD",
    FieldKind.TEXTS: "een lijst met platte teksten",
    FieldKind.REFS: "een lijst met bestandsnamen zonder .md",
    FieldKind.PERIOD: "een jaartal of twee jaartallen: 2015, 2010-2015 of 2018- (loopt nog)",
    FieldKind.SOURCES: "een lijst met bronnen, elk met de velden hieronder",
    FieldKind.CONTACT: "een blok met de velden hieronder",
    FieldKind.REVIEW: "een blok met de velden en statussen hieronder",
    FieldKind.FIGURES: "een lijst met reeksen cijfers, elk met de velden hieronder en per jaar een waarde",
    FieldKind.MONTH: "een jaar of een maand: 2017 of 2017-03",
    FieldKind.SOURCED: "per facet de waarden die de bron zelf geeft, zoals interventieniveaus: [VII]",
    FieldKind.EFFECT: "een blok met een oordeel (een van de waarden hieronder) en de bron ervan",
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind  # given as its value ("text", ...) and checked when the field is declared
    label: str  # Dutch label, as shown on the site
    help: str  # Dutch explanation for contributors
    required: bool = False
    facet: str | None = None  # for term/terms: the taxonomy facet
    choices: tuple[str, ...] = ()  # for enum
    max_length: int | None = None  # for text
    target: str | None = None  # for refs: "praktijkvoorbeelden" or "lessen"

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", FieldKind(self.kind))  # an unknown kind fails at import

    @property
    def format(self) -> str:
        return FORMATS[self.kind]


TITLE = Field(
    "title",
    FieldKind.TEXT,
    "Titel",
    "De titel van de pagina: kort en herkenbaar, platte tekst zonder opmaak.",
    required=True,
    max_length=120,
)
DESCRIPTION = Field(
    "description",
    FieldKind.TEXT,
    "Samenvatting",
    "Eén of twee zinnen die zeggen waar het over gaat; platte tekst, hoogstens 300 tekens. "
    "Verschijnt op kaarten, in zoekresultaten en als beschrijving voor zoekmachines.",
    required=True,
    max_length=300,
)
PUBLISHED = Field(
    "gepubliceerd",
    FieldKind.DATE,
    "Gepubliceerd",
    "Datum van publicatie in de kennisbank, als JJJJ-MM-DD.",
)
UPDATED = Field(
    "bijgewerkt",
    FieldKind.DATE,
    "Bijgewerkt",
    "Datum van de laatste inhoudelijke wijziging, als JJJJ-MM-DD.",
)
QUESTIONS = Field(
    "gespreksvragen",
    FieldKind.TEXTS,
    "Gespreksvragen",
    "Lijst met vragen om in een teamoverleg over te praten, in de je- of wij-vorm; ze staan op de pagina "
    "en op de kaart om af te drukken.",
    max_length=300,
)
SOURCES = Field(
    "bronnen",
    FieldKind.SOURCES,
    "Bronnen",
    "Lijst met bronnen; per bron een 'titel' en eventueel een 'url' (https://...).",
)

CASE_FIELDS: tuple[Field, ...] = (
    TITLE,
    DESCRIPTION,
    Field(PUBLISHED.name, PUBLISHED.kind, PUBLISHED.label, PUBLISHED.help, required=True),
    Field("programma", FieldKind.TEXT, "Programma", "Naam van het programma of project.", max_length=200),
    Field("organisaties", FieldKind.TEXTS, "Organisaties", "Lijst met betrokken organisaties.", max_length=200),
    Field(
        "periode",
        FieldKind.PERIOD,
        "Periode",
        'Looptijd als jaartal of jaren: "2015", "2010-2015", of "2018-" als het nog loopt.',
    ),
    Field(
        "status",
        FieldKind.ENUM,
        "Status",
        "Stand van zaken op de peildatum: lopend, afgerond of gestopt. Vraagt om een peildatum.",
        choices=tuple(STATUSES),
    ),
    Field(
        "peildatum",
        FieldKind.MONTH,
        "Peildatum",
        "De datum waarop wat het voorbeeld vertelt (zoals de status) gold: meestal die van de bron, "
        'als jaar of maand ("2017-03" voor Impactrijke veranderingen). Verplicht bij een status.',
    ),
    Field(
        "waarom-gestopt",
        FieldKind.TEXT,
        "Waarom gestopt",
        "Waarom het programma stopte of mislukte; verplicht bij status gestopt. Juist daarvan leren anderen.",
        max_length=300,
    ),
    Field(
        "lessen",
        FieldKind.REFS,
        "Lessen",
        "Lijst met lessen (bestandsnamen zonder .md uit kennisbank/lessen) die dit voorbeeld onderbouwt.",
        target="lessen",
    ),
    Field(
        "contact",
        FieldKind.CONTACT,
        "Contact",
        "Contactpersoon met 'naam' en eventueel 'organisatie' en 'email'; alleen met toestemming van die persoon.",
    ),
    SOURCES,
    Field(
        "volgens-bron",
        FieldKind.SOURCED,
        "Indeling volgens de bron",
        "Per facet de waarden die de bron zelf geeft, zoals 'interventieniveaus: [VII]' en 'fase: pilotfase'. "
        "Alle andere waarden zijn de indeling van de redactie; de site toont het verschil.",
    ),
    Field(
        "effect",
        FieldKind.EFFECT,
        "Effect",
        "Wat bekend is over het effect: 'oordeel' (niet-onderzocht, aanwijzingen, aangetoond of geen-effect) "
        "en 'bron' (verplicht, behalve bij niet-onderzocht): de evaluatie of het onderzoek waar het uit blijkt.",
    ),
    Field("indicatoren", FieldKind.TEXTS, "Indicatoren", "Lijst met wat er gemeten is of wordt.", max_length=200),
    Field(
        "cijfers",
        FieldKind.FIGURES,
        "Cijfers",
        "Cijfers per jaar voor een indicator, getoond als grafiek met een tabel: per reeks een 'indicator', "
        "een 'bron' (verplicht), eventueel een 'eenheid', en 'waarden': een lijst met 'jaar' en 'waarde'. "
        "Alleen cijfers die de bron echt geeft.",
    ),
    QUESTIONS,
    UPDATED,
    Field(
        "review",
        FieldKind.REVIEW,
        "Review",
        "Stand van de redactionele review: 'status' (concept, in-review of goedgekeurd), 'door' (naam), "
        "'datum' (JJJJ-MM-DD) en 'volgende' (datum van de volgende review).",
    ),
)

LESSON_FIELDS: tuple[Field, ...] = (
    TITLE,
    DESCRIPTION,
    Field(
        "praktijkvoorbeelden",
        FieldKind.REFS,
        "Praktijkvoorbeelden",
        "Lijst met praktijkvoorbeelden (bestandsnamen zonder .md) die deze les onderbouwen.",
        target="praktijkvoorbeelden",
    ),
    PUBLISHED,
    UPDATED,
    SOURCES,
    QUESTIONS,
)

# Level texts (kennisbank/niveaus/<ID>.md) take their title from the taxonomy; front matter
# is optional and may only hold a short description that overrides the taxonomy's.
LEVEL_FIELDS: tuple[Field, ...] = (
    Field("description", FieldKind.TEXT, "Samenvatting", DESCRIPTION.help, max_length=300),
)

SOURCE_KEYS = {"titel": True, "url": False}  # key -> required
REVIEW_KEYS = {"status": True, "door": False, "datum": False, "volgende": False}
CONTACT_KEYS = {"naam": True, "organisatie": False, "email": False}
FIGURE_KEYS = {"indicator": True, "eenheid": False, "bron": True, "waarden": True}
POINT_KEYS = {"jaar": True, "waarde": True}
EFFECT_KEYS = {"oordeel": True, "bron": False}  # bron is required unless oordeel is niet-onderzocht


@dataclass(frozen=True)
class ContentKind:
    """One kind of content file: where it lives and what its front matter holds."""

    folder: str  # in the content folder, and the site's URL folder
    label: str  # Dutch, singular
    plural: str
    fields: tuple[Field, ...]  # the fields every kennisbank has; `fields_of` adds the facets
    links_key: str | None  # the field that links to the other kind, if any
    facets: str = "none"  # which facets it carries: all, lesson (`Facet.in_lessons`), none


CASES = ContentKind("praktijkvoorbeelden", "Praktijkvoorbeeld", "Praktijkvoorbeelden", CASE_FIELDS, "lessen", "all")
LESSONS = ContentKind("lessen", "Les", "Lessen", LESSON_FIELDS, "praktijkvoorbeelden", "lesson")
LEVELS_KIND = ContentKind("niveaus", "Interventieniveau", "Interventieniveaus", LEVEL_FIELDS, None)
CONTENT_KINDS = (CASES, LESSONS, LEVELS_KIND)


def facet_field(facet: Facet) -> Field:
    """The front-matter field of a facet, as the taxonomy declares it."""
    return Field(
        facet.key,
        FieldKind.TERMS if facet.multiple else FieldKind.TERM,
        facet.plural if facet.multiple else facet.label,
        facet.explanation,
        required=facet.required,
        facet=facet.key,
    )


def fields_of(kind: ContentKind, taxonomy: Taxonomy) -> tuple[Field, ...]:
    """Every field of a content kind: title and description, its facets in taxonomy order, the rest."""
    facets = [
        facet_field(f)
        for f in taxonomy.facets.values()
        if not f.computed and (kind.facets == "all" or (kind.facets == "lesson" and f.in_lessons))
    ]
    return (*kind.fields[:2], *facets, *kind.fields[2:]) if facets else kind.fields
