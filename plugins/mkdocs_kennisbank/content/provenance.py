"""Where what a case says comes from, and how well it is documented, apart from what it claims.

- `peildatum`: the date its facts hold (the source's date: 2017-03 for the shipped
  publication). A status needs it: "lopend" is only true on a date.
- `volgens-bron`: per facet, the values the source itself gives; every other value of the case
  is the editors' classification. The site marks the two kinds.
- `effect`: an optional effect claim with a fixed set of values, which needs a source.
- `status: gestopt` asks for `waarom-gestopt`: stopped programmes teach as much as running ones.
- The documentation label is computed, never written: from what a case documents (situation,
  approach, results, source, contact, period).

The two computed facets (`beschrijving`, `effect`) are added to every taxonomy, so pages,
filters and counts treat them like declared facets; they have no front-matter field of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .schema import EFFECT_KEYS, EFFECTS, MONTH, Field, FieldKind
from .strictyaml import Mapping, Node, Scalar, Sequence
from .suggest import did_you_mean
from .taxonomy import Facet, Taxonomy, Term

if TYPE_CHECKING:
    from .model import Case
    from .validate import Validator

# Dutch month names, also for the site's dates (site/filters.py).
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

# -- the computed facets -----------------------------------------------------------------------

DOCUMENTATION_FACET = "beschrijving"
EFFECT_FACET = "effect"
NO_CLAIM = "geen-uitspraak"
# What a well documented case has: (what, Dutch name). Sections are found by their heading.
DOCUMENTED = (
    ("aanleiding", "de situatie (Aanleiding)"),
    ("aanpak", "de aanpak (Aanpak)"),
    ("resultaten", "de resultaten (Resultaten)"),
    ("bron", "een bron"),
    ("contact", "een contactpersoon"),
    ("periode", "de periode"),
)
DOCUMENTATION_LEVELS = (
    ("goed", "Goed beschreven", "Alle zes onderdelen: situatie, aanpak, resultaten, bron, contact en periode."),
    ("redelijk", "Redelijk beschreven", "Vier of vijf van de zes onderdelen."),
    ("beknopt", "Beknopt beschreven", "Drie of minder van de zes onderdelen."),
)
EFFECT_DESCRIPTIONS = {
    "niet-onderzocht": "Niemand heeft onderzocht of de aanpak het beoogde effect had.",
    "aanwijzingen": "Er zijn aanwijzingen voor effect, zoals een monitor of ervaringen, maar geen evaluatie die het aantoont.",
    "aangetoond": "Een evaluatie heeft het effect aangetoond; de bron staat bij het voorbeeld.",
    "geen-effect": "Een evaluatie vond geen effect. Ook dat is een les.",
    NO_CLAIM: "Het voorbeeld zegt niets over effect.",
}


def computed_facets() -> list[Facet]:
    """The documentation label and the effect claim as facets: pages, filters and counts."""
    documentation = Facet(
        key=DOCUMENTATION_FACET,
        label="Beschrijving",
        plural="Beschrijving",
        description="Hoe volledig een praktijkvoorbeeld is beschreven: berekend uit wat erin staat, geen oordeel over de aanpak.",
        weight=0.0,
        lessons="geen",
        multiple=False,
        computed=True,
    )
    documentation.terms = [
        Term(DOCUMENTATION_FACET, i, label, text, documentation.path, label) for i, label, text in DOCUMENTATION_LEVELS
    ]
    effect = Facet(
        key=EFFECT_FACET,
        label="Effect",
        plural="Effect",
        description="Wat het voorbeeld zegt over het effect van de aanpak, met de bron van die uitspraak.",
        weight=0.0,
        lessons="geen",
        multiple=False,
        computed=True,
    )
    labels = {**EFFECTS, NO_CLAIM: "Geen uitspraak over effect"}
    effect.terms = [
        Term(EFFECT_FACET, i, labels[i], EFFECT_DESCRIPTIONS[i], effect.path, labels[i]) for i in (*EFFECTS, NO_CLAIM)
    ]
    return [documentation, effect]


@dataclass(frozen=True)
class Documentation:
    level: str  # goed, redelijk, beknopt
    present: tuple[str, ...]  # Dutch names of what the case documents
    missing: tuple[str, ...]

    @property
    def label(self) -> str:
        return next(label for i, label, _ in DOCUMENTATION_LEVELS if i == self.level)


_HEADING = re.compile(r"^ {0,3}#{2,3}[ \t]+(.+?)[ \t#]*(?:\{[^}]*\})?[ \t]*$", re.MULTILINE)


def _sections(body: str) -> set[str]:
    """The (lower-case) headings of sections that have text below them."""
    found = set()
    matches = list(_HEADING.finditer(body))
    for number, match in enumerate(matches):
        end = matches[number + 1].start() if number + 1 < len(matches) else len(body)
        if body[match.end() : end].strip():
            found.add(match.group(1).strip().casefold())
    return found


def documentation(case: Case) -> Documentation:
    sections = _sections(case.body)
    has = {
        "aanleiding": "aanleiding" in sections,
        "aanpak": "aanpak" in sections,
        "resultaten": "resultaten" in sections,
        "bron": bool(case.sources),
        "contact": case.contact is not None,
        "periode": case.period is not None,
    }
    present = tuple(name for key, name in DOCUMENTED if has[key])
    missing = tuple(name for key, name in DOCUMENTED if not has[key])
    level = "goed" if not missing else "redelijk" if len(present) >= 4 else "beknopt"
    return Documentation(level, present, missing)


def month_text(value: str) -> str:
    """'2017-03' -> 'maart 2017'; '2017' -> '2017'."""
    match = MONTH.match(value)
    if match is None or match.group(2) is None:
        return value
    return f"{MONTHS[int(match.group(2)) - 1]} {match.group(1)}"


# -- the checks of the new field kinds ---------------------------------------------------------


def check_month(v: Validator, node: Node, spec: Field) -> str | None:
    scalar = v._scalar(node, spec.name, "een jaar of een maand")
    if scalar is None:
        return None
    value = scalar.value.strip()
    if not MONTH.match(value):
        v.problem(scalar, spec.name, f"'{value}' is geen jaar of maand; schrijf bijvoorbeeld 2017 of 2017-03")
        return None
    return value


def check_sourced(v: Validator, node: Node, spec: Field) -> dict[str, list[str]] | None:
    """volgens-bron: {facet: [values]} (or one value); which facets and values is checked against
    the case's own values by `case_rules`."""
    if not isinstance(node, Mapping):
        v.problem(
            node, spec.name, "hier hoort per facet de waarden die de bron geeft, zoals 'interventieniveaus: [VII]'"
        )
        return None
    found: dict[str, list[str]] = {}
    for key, (key_node, value) in node.items.items():
        items = value.items if isinstance(value, Sequence) else [value]
        if not items or not all(isinstance(i, Scalar) and i.value.strip() for i in items):
            v.problem(value, f"{spec.name}.{key}", "hier hoort een waarde of een lijst met waarden, zoals [VII]")
            continue
        v.positions[f"{spec.name}.{key}"] = key_node
        found[key] = [i.value.strip() for i in items if isinstance(i, Scalar)]
    # The readable facets are kept (and checked against the case's values) even when another
    # is malformed: every mistake shows at once; the file fails either way.
    return found


def check_effect(v: Validator, node: Node, spec: Field) -> dict[str, str] | None:
    if not isinstance(node, Mapping):
        v.problem(node, spec.name, f"hier horen de velden {', '.join(EFFECT_KEYS)}")
        return None
    out: dict[str, str] = {}
    ok = True
    for key, (key_node, value) in node.items.items():
        where = f"{spec.name}.{key}"
        if key not in EFFECT_KEYS:
            hint = did_you_mean(key, list(EFFECT_KEYS))
            v.problem(key_node, where, f"onbekend veld{hint}; toegestaan zijn: {', '.join(EFFECT_KEYS)}")
            ok = False
        elif key == "oordeel":
            choice = Field(where, FieldKind.ENUM, "", "", choices=tuple(EFFECTS))
            text = v._enum(value, choice)
            ok = ok and text is not None
            out[key] = text or ""
        else:
            text = v._text(value, spec, where)
            ok = ok and text is not None
            out[key] = text or ""
    if "oordeel" not in node.items:
        v.problem(node, f"{spec.name}.oordeel", f"dit verplichte veld ontbreekt; kies uit: {', '.join(EFFECTS)}")
        ok = False
    elif ok and out["oordeel"] != "niet-onderzocht" and "bron" not in out:
        v.problem(
            node,
            f"{spec.name}.bron",
            "een uitspraak over effect heeft een bron nodig: noem de evaluatie of het onderzoek waar het uit blijkt",
        )
        ok = False
    return out if ok else None


def case_rules(v: Validator, values: dict[str, Any], meta: Mapping, taxonomy: Taxonomy) -> None:
    """What one field of a case asks of another: a status its date, a stop its reason, a value
    'from the source' a value the case has."""
    status = values.get("status")
    if status and "peildatum" not in meta.items:
        v.problem(
            meta.items["status"][1],
            "status",
            "een status geldt op een datum: vul ook 'peildatum' in, de datum van de bron (bijvoorbeeld 2017-03)",
        )
    if status == "gestopt" and "waarom-gestopt" not in meta.items:
        v.problem(
            meta.items["status"][1],
            "status",
            "bij status gestopt hoort 'waarom-gestopt': waarom stopte het programma? Juist daarvan leren anderen",
        )
    for facet, ids in (values.get("volgens-bron") or {}).items():
        node = v.positions.get(f"volgens-bron.{facet}") or meta
        if facet not in taxonomy.facets or taxonomy.facets[facet].computed:
            names = [f.key for f in taxonomy.facets.values() if not f.computed]
            v.problem(
                node,
                f"volgens-bron.{facet}",
                f"onbekend facet{did_you_mean(facet, names)}; kies uit: {', '.join(names)}",
            )
            continue
        own = values.get(facet)
        own_ids = own if isinstance(own, list) else [own] if own else []
        for value in ids:
            if value not in own_ids:
                v.problem(
                    node,
                    f"volgens-bron.{facet}",
                    f"'{value}' staat niet bij {facet} van dit praktijkvoorbeeld; de bron kan alleen waarden geven "
                    f"die het voorbeeld ook heeft ({', '.join(own_ids) or 'geen'})",
                )
