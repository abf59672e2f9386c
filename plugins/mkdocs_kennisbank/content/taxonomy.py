"""The taxonomy: facets and their allowed values, read from `taxonomie.yml`.

The taxonomy is the facet registry: each facet is declared once, here, as data (its
front-matter key, labels, URL folder, filter name, one value or several, required or not,
whether lessons carry it, whether search offers it, its weight for related cases, how a value
is shown). The schema's facet fields, the loader, the search index and the command line's
filter options, the listings, the editing form and the field reference are generated from it,
so another organisation runs the generator with its own framework by editing this file alone.
Two facets carry the framework itself and must exist: `interventieniveaus` (one kennisbank per
value, with its level text) and `fase` (the columns of the level x phase overview).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError, Problem
from .frontmatter import MAX_FILE_BYTES, decode
from .fsutil import Refused, read_regular
from .schema import CONTENT_KINDS, MATERIAL_KEYS
from .strictyaml import Mapping, Node, Scalar, Sequence, YamlProblem, parse, plain_text_problem
from .suggest import did_you_mean

TAXONOMY_FILE = "taxonomie.yml"

# The two facets the framework is built around (level pages, the level x phase matrix).
LEVELS_FACET, PHASES_FACET = "interventieniveaus", "fase"
REQUIRED_FACETS = (LEVELS_FACET, PHASES_FACET)
SETTINGS = (
    "label",
    "meervoud",
    "beschrijving",
    "uitleg",
    "meerdere",
    "verplicht",
    "zoeken",
    "kaart",
    "map",
    "filter",
    "weergave",
    "gewicht",
    "lessen",
    "advies-bron",
    "waarden",
)
TERM_KEYS = ("id", "label", "beschrijving", "advies", "interventies")
YES_NO = {"ja": True, "nee": False}
# A facet's key is a front-matter key, so it may not be one the schema or MkDocs already uses.
COMPUTED_FACETS = ("beschrijving", "effect")  # content/provenance.py: key, URL folder and filter name
RESERVED_KEYS = frozenset(
    {f.name for kind in CONTENT_KINDS for f in kind.fields} | set(MATERIAL_KEYS) | set(COMPUTED_FACETS)
)

# Optional settings of a facet in taxonomie.yml: name -> (allowed values or None for a pattern,
# the default, what the message says).
DISPLAYS = ("label", "id-en-label")  # "III. Pilotgerichte interventies" or "Pilotfase"
LESSON_RULES = ("eigen", "van-praktijkvoorbeelden", "eigen-anders-van-praktijkvoorbeelden", "geen")
NAME = re.compile(r"^[a-z][a-z0-9-]*$")
# URL folders and filter names the site uses itself.
RESERVED_FOLDERS = frozenset(
    {
        "praktijkvoorbeelden",
        "lessen",
        "zoeken",
        "admin",
        "assets",
        "beheer",
        "velden",
        "kaarten",
        "kaartensets",
        "feeds",
        "data",
    }
)
RESERVED_FILTERS = frozenset({"q", "soort", "sorteer"})

TERM_ID = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
# Names the site uses for its own pages in every content and facet folder (`site/pages.py`:
# `<folder>/index.md` is the folder's overview). A case, lesson or term with such a name would
# take the overview's place; compared in lower case, as term pages are named.
RESERVED_IDS = frozenset({"index"})


@dataclass(frozen=True)
class Term:
    facet: str
    id: str
    label: str
    description: str
    path: str = ""  # the facet's URL folder
    shown: str = ""  # how the site shows it (`Facet.display`): "III. Pilotgerichte interventies"
    advice: str = ""  # `advies`: for a phase, which interventions fit it (shown with its source)
    advised: tuple[str, ...] = ()  # `interventies`: the level ids that advice names

    @property
    def slug(self) -> str:
        return self.id.lower()


@dataclass
class Facet:
    key: str
    label: str
    plural: str
    description: str
    terms: list[Term] = field(default_factory=list)
    path: str = ""  # URL folder of its pages (`map`, default: the key)
    filter: str = ""  # name on the search page and in its URL (`filter`, default: the key)
    display: str = "label"  # `weergave`: label, or id-en-label ("III. Pilotgerichte interventies")
    weight: float = 0.2  # `gewicht`: how much a shared value counts for related cases (0 to 1)
    lessons: str = "eigen"  # `lessen`: which values a lesson is found under in search
    multiple: bool = True  # `meerdere`: a list of values, or exactly one
    required: bool = False  # `verplicht`: in every file that carries the facet
    searchable: bool = True  # `zoeken`: a filter on the search page and in `kennisbank search`
    on_card: bool = False  # `kaart`: shown on case cards in listings
    help: str = ""  # `uitleg`: the explanation for contributors (default: made from the values)
    advice_source: str = ""  # `advies-bron`: where the values' `advies` comes from
    computed: bool = False  # made by the kennisbank from other fields (content/provenance.py), no field of its own

    def __post_init__(self) -> None:
        self.path = self.path or self.key
        self.filter = self.filter or self.key

    def shown(self, term: Term) -> str:
        return f"{term.id}. {term.label}" if self.display == "id-en-label" else term.label

    def get(self, term_id: str) -> Term | None:
        return next((t for t in self.terms if t.id == term_id), None)

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.terms]

    @property
    def in_lessons(self) -> bool:
        """Whether a lesson's front matter carries this facet (`lessen`: eigen, or eigen-anders-...)."""
        return self.lessons in ("eigen", "eigen-anders-van-praktijkvoorbeelden")

    @property
    def explanation(self) -> str:
        """The contributor's explanation: `uitleg`, or one made from the labels (the allowed
        values are listed beside it, in the template, the form and the field reference)."""
        if self.help:
            return self.help
        if self.multiple:
            return f"Lijst met {self.plural.lower()} uit de taxonomie."
        return f"Eén {self.label.lower()} uit de taxonomie."


@dataclass
class Taxonomy:
    facets: dict[str, Facet]

    @property
    def levels(self) -> Facet:
        return self.facets[LEVELS_FACET]

    @property
    def phases(self) -> Facet:
        return self.facets[PHASES_FACET]

    @property
    def searchable(self) -> list[Facet]:
        """The facets search offers as filters (`zoeken: ja`), in taxonomy order."""
        return [f for f in self.facets.values() if f.searchable]

    def term(self, facet: str, term_id: str) -> Term:
        found = self.facets[facet].get(term_id)
        assert found is not None, (facet, term_id)
        return found


def load_taxonomy(path: Path, shown: str) -> Taxonomy:
    """Read and check the taxonomy; raise `ContentError` listing every problem in it."""
    problems: list[Problem] = []

    def problem(node: Node | None, where: str, message: str) -> None:
        line, col = (node.line, node.col) if node else (1, 1)
        problems.append(Problem(shown, line, col, where, message))

    try:
        root = parse(decode(read_regular(path, MAX_FILE_BYTES)))
    except FileNotFoundError:
        raise ContentError(
            [Problem(shown, 1, 1, "bestand", "de taxonomie ontbreekt; dit bestand is verplicht")]
        ) from None
    except Refused as exc:
        raise ContentError([Problem(shown, 1, 1, "bestand", exc.message)]) from None
    except OSError as exc:
        raise ContentError(
            [Problem(shown, 1, 1, "bestand", f"de taxonomie kan niet gelezen worden ({exc.strerror})")]
        ) from None
    except YamlProblem as exc:
        raise ContentError([Problem(shown, exc.line, exc.col, exc.field or "taxonomie", exc.message)]) from None

    if not isinstance(root, Mapping) or "facetten" not in root.items:
        problem(root, "facetten", "de taxonomie moet beginnen met 'facetten:' en daaronder de facetten")
        raise ContentError(problems)
    for key, (key_node, _) in root.items.items():
        if key != "facetten":
            problem(key_node, key, f"onbekend veld{did_you_mean(key, ['facetten'])}; toegestaan is alleen: facetten")
    facets_node = root.items["facetten"][1]
    if not isinstance(facets_node, Mapping):
        problem(facets_node, "facetten", "hier hoort per facet een blok 'naam:' met label en waarden")
        raise ContentError(problems)

    facets: dict[str, Facet] = {}
    for key, (key_node, node) in facets_node.items.items():
        if not NAME.match(key):
            problem(
                key_node, key, f"'{key}': de naam van een facet bestaat uit kleine letters, cijfers en koppeltekens"
            )
            continue
        if key in RESERVED_KEYS:
            problem(
                key_node,
                key,
                f"'{key}' is al een veld van praktijkvoorbeelden of lessen (of van MkDocs); geef het facet een andere naam",
            )
            continue
        facet = _facet(key, node, problem)
        if facet is not None:
            facets[key] = facet
    for key in REQUIRED_FACETS:
        if key not in facets_node.items:
            problem(
                facets_node, key, "dit facet ontbreekt in de taxonomie; interventieniveaus en fase zijn altijd nodig"
            )
    if problems:
        raise ContentError(problems)
    for name, attribute in (("map", "path"), ("filter", "filter")):
        owners: dict[str, str] = {}
        for facet in facets.values():
            value = getattr(facet, attribute)
            if value in owners:
                # Report it where it was written: at the facet that sets it (the other may use
                # the default, its own name).
                first, second = owners[value], facet.key
                culprit, other = (
                    (second, first)
                    if _setting(facets_node, second, name) or not _setting(facets_node, first, name)
                    else (first, second)
                )
                node = _setting(facets_node, culprit, name) or facets_node.items[culprit][1]
                problem(
                    node,
                    f"{culprit}.{name}",
                    f"'{value}' is ook de {name} van facet {other}; elk facet heeft een eigen {name}",
                )
            owners[value] = facet.key
    levels = facets.get(LEVELS_FACET)
    for facet in facets.values():
        for number, term in enumerate(facet.terms, start=1):
            for level in term.advised:
                if levels is not None and levels.get(level) is None:
                    node = _setting(facets_node, facet.key, "waarden") or facets_node
                    problem(
                        node,
                        f"{facet.key}.waarden[{number}].interventies",
                        f"onbekend interventieniveau '{level}'; kies uit: {', '.join(levels.ids)}",
                    )
    if problems:
        raise ContentError(problems)
    from .provenance import computed_facets  # it reads Facet and Term from here

    return Taxonomy(facets | {f.key: f for f in computed_facets()})


def _text(mapping: Mapping, key: str, where: str, problem, *, required: bool = True) -> str:
    if key not in mapping.items:
        if required:
            problem(mapping, f"{where}.{key}", "dit veld ontbreekt")
        return ""
    node = mapping.items[key][1]
    if not isinstance(node, Scalar) or node.is_null or not node.value.strip():
        problem(node, f"{where}.{key}", "hier hoort een tekst")
        return ""
    text = " ".join(node.value.split())
    refused = plain_text_problem(text)  # labels and descriptions reach every page's nav
    if refused is not None:
        problem(node, f"{where}.{key}", refused)
        return ""
    return text


def _facet(key: str, node: Node, problem) -> Facet | None:
    if not isinstance(node, Mapping):
        problem(node, key, "hier horen de velden label, meervoud, beschrijving en waarden")
        return None
    allowed = SETTINGS
    for name, (name_node, _) in node.items.items():
        if name not in allowed:
            problem(
                name_node,
                f"{key}.{name}",
                f"onbekend veld{did_you_mean(name, allowed)}; toegestaan: {', '.join(allowed)}",
            )
    facet = Facet(
        key=key,
        label=_text(node, "label", key, problem),
        plural=_text(node, "meervoud", key, problem),
        description=_text(node, "beschrijving", key, problem, required=False),
        path=_name(node, "map", key, problem, RESERVED_FOLDERS),
        filter=_name(node, "filter", key, problem, RESERVED_FILTERS),
        display=_choice(node, "weergave", key, problem, DISPLAYS),
        weight=_weight(node, key, problem),
        lessons=_choice(node, "lessen", key, problem, LESSON_RULES),
        multiple=_yes_no(node, "meerdere", key, problem, True),
        required=_yes_no(node, "verplicht", key, problem, False),
        searchable=_yes_no(node, "zoeken", key, problem, True),
        on_card=_yes_no(node, "kaart", key, problem, False),
        help=_text(node, "uitleg", key, problem, required=False),
        advice_source=_text(node, "advies-bron", key, problem, required=False),
    )
    values = node.items.get("waarden", (None, None))[1]
    if not isinstance(values, Sequence) or not values.items:
        problem(values or node, f"{key}.waarden", "hier hoort een lijst met ten minste één waarde (- id: ...)")
        return facet
    seen: dict[str, int] = {}
    for index, item in enumerate(values.items, start=1):
        where = f"{key}.waarden[{index}]"
        if not isinstance(item, Mapping):
            problem(item, where, "elke waarde heeft de velden id, label en beschrijving")
            continue
        for name, (name_node, _) in item.items.items():
            if name not in TERM_KEYS:
                problem(
                    name_node,
                    f"{where}.{name}",
                    f"onbekend veld{did_you_mean(name, TERM_KEYS)}; toegestaan: {', '.join(TERM_KEYS)}",
                )
        term_id = _text(item, "id", where, problem)
        if term_id and not TERM_ID.match(term_id):
            problem(
                item.items["id"][1],
                f"{where}.id",
                "een id bestaat uit letters, cijfers en koppeltekens, zonder spaties",
            )
        elif term_id.lower() in RESERVED_IDS:
            problem(
                item.items["id"][1],
                f"{where}.id",
                f"id '{term_id}' is gereserveerd: de kennisbank maakt zelf de pagina {facet.path}/{term_id.lower()} "
                "(het overzicht van dit facet); kies een andere id",
            )
        elif term_id.lower() in seen:
            problem(item.items["id"][1], f"{where}.id", f"id '{term_id}' komt al voor (regel {seen[term_id.lower()]})")
        elif term_id:
            seen[term_id.lower()] = item.line
        label = _text(item, "label", where, problem)
        description = _text(item, "beschrijving", where, problem, required=False)
        advice = _text(item, "advies", where, problem, required=False)
        advised = _ids(item, "interventies", where, problem)
        term = Term(key, term_id, label, description, facet.path)
        facet.terms.append(
            Term(key, term_id, label, description, facet.path, facet.shown(term), advice, tuple(advised))
        )
    return facet


def _ids(mapping: Mapping, key: str, where: str, problem) -> list[str]:
    """A list of value ids of another facet (checked once every facet is read)."""
    if key not in mapping.items:
        return []
    node = mapping.items[key][1]
    if not isinstance(node, Sequence) or not all(isinstance(i, Scalar) and i.value.strip() for i in node.items):
        problem(node, f"{where}.{key}", "hier hoort een lijst met ids van interventieniveaus, zoals [III, IV]")
        return []
    return [i.value.strip() for i in node.items if isinstance(i, Scalar)]


def _setting(facets_node: Mapping, facet: str, name: str) -> Node | None:
    """The node of a facet's setting when the taxonomy writes it."""
    node = facets_node.items[facet][1]
    return node.items[name][1] if isinstance(node, Mapping) and name in node.items else None


def _optional(mapping: Mapping, key: str, where: str, problem) -> Scalar | None:
    if key not in mapping.items:
        return None
    node = mapping.items[key][1]
    if not isinstance(node, Scalar) or node.is_null or not node.value.strip():
        problem(node, f"{where}.{key}", "hier hoort één waarde")
        return None
    return node


def _name(mapping: Mapping, key: str, where: str, problem, reserved: frozenset[str]) -> str:
    """A URL folder or filter name: lower-case letters, digits and hyphens, not one of ours."""
    node = _optional(mapping, key, where, problem)
    if node is None:
        return ""
    value = node.value.strip()
    if not NAME.match(value):
        problem(node, f"{where}.{key}", f"'{value}': gebruik kleine letters, cijfers en koppeltekens, zoals 'fase'")
        return ""
    if value in reserved:
        problem(node, f"{where}.{key}", f"'{value}' gebruikt de kennisbank zelf; kies een andere naam")
        return ""
    return value


def _choice(mapping: Mapping, key: str, where: str, problem, allowed: tuple[str, ...]) -> str:
    node = _optional(mapping, key, where, problem)
    if node is None:
        return allowed[0]
    if node.value.strip() not in allowed:
        hint = did_you_mean(node.value.strip(), allowed)
        problem(
            node, f"{where}.{key}", f"onbekende waarde '{node.value.strip()}'{hint}; kies uit: {', '.join(allowed)}"
        )
        return allowed[0]
    return node.value.strip()


def _yes_no(mapping: Mapping, key: str, where: str, problem, default: bool) -> bool:
    node = _optional(mapping, key, where, problem)
    if node is None:
        return default
    value = node.value.strip()
    if value not in YES_NO:
        problem(node, f"{where}.{key}", f"'{value}': schrijf ja of nee")
        return default
    return YES_NO[value]


def _weight(mapping: Mapping, where: str, problem) -> float:
    node = _optional(mapping, "gewicht", where, problem)
    if node is None:
        return 0.2
    try:
        weight = float(node.value.strip())
    except ValueError:
        weight = -1.0
    if not 0 <= weight <= 1:
        problem(node, f"{where}.gewicht", f"'{node.value.strip()}': een getal van 0 tot en met 1, zoals 0.5")
        return 0.2
    return weight
