"""The taxonomy: facets and their allowed values, read from `taxonomie.yml`.

The taxonomy is data so another organisation can run the generator with its own framework;
which facets exist is part of the schema (the front-matter keys), their values are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError, Problem
from .frontmatter import MAX_FILE_BYTES, decode
from .fsutil import Refused, read_regular
from .strictyaml import Mapping, Node, Scalar, Sequence, YamlProblem, parse, plain_text_problem
from .suggest import did_you_mean

TAXONOMY_FILE = "taxonomie.yml"

# Facet key (as used in front matter) -> URL folder of its pages. Order is display order.
FACETS: dict[str, str] = {
    "interventieniveaus": "niveaus",
    "fase": "fase",
    "onderwijs": "onderwijs",
    "thema": "thema",
    "regio": "regio",
}

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

    @property
    def path(self) -> str:
        return FACETS[self.key]

    def get(self, term_id: str) -> Term | None:
        return next((t for t in self.terms if t.id == term_id), None)

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.terms]


@dataclass
class Taxonomy:
    facets: dict[str, Facet]

    @property
    def levels(self) -> Facet:
        return self.facets["interventieniveaus"]

    @property
    def phases(self) -> Facet:
        return self.facets["fase"]

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
        if key not in FACETS:
            problem(key_node, key, f"onbekend facet{did_you_mean(key, FACETS)}; toegestaan: {', '.join(FACETS)}")
            continue
        facet = _facet(key, node, problem)
        if facet is not None:
            facets[key] = facet
    for key in FACETS:
        if key not in facets_node.items:
            problem(facets_node, key, "dit facet ontbreekt in de taxonomie")
    if problems:
        raise ContentError(problems)
    return Taxonomy({key: facets[key] for key in FACETS})


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
    allowed = ("label", "meervoud", "beschrijving", "waarden")
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
            if name not in ("id", "label", "beschrijving"):
                problem(
                    name_node, f"{where}.{name}", f"onbekend veld{did_you_mean(name, ['id', 'label', 'beschrijving'])}"
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
                f"id '{term_id}' is gereserveerd: de kennisbank maakt zelf de pagina {FACETS[key]}/{term_id.lower()} "
                "(het overzicht van dit facet); kies een andere id",
            )
        elif term_id.lower() in seen:
            problem(item.items["id"][1], f"{where}.id", f"id '{term_id}' komt al voor (regel {seen[term_id.lower()]})")
        elif term_id:
            seen[term_id.lower()] = item.line
        label = _text(item, "label", where, problem)
        description = _text(item, "beschrijving", where, problem, required=False)
        facet.terms.append(Term(key, term_id, label, description))
    return facet
