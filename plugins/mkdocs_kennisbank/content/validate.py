"""Check one file's front matter against the schema and the taxonomy.

`Validator.check(...)` never stops at the first error: it returns the typed values it could
read, and apart from them where each was written (for messages about them later), and appends a
`Problem` for everything else, so a contributor sees every mistake at once. Which check reads
which field kind is one table, `CHECKS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple

from ..errors import Problem
from .figures import check_figures
from .provenance import check_effect, check_month, check_sourced
from .schema import (
    CONTACT_KEYS,
    DATE,
    EMAIL,
    MATERIAL_KEYS,
    PERIOD,
    REVIEW_KEYS,
    REVIEW_STATUSES,
    SLUG,
    SOURCE_KEYS,
    URL,
    Field,
    FieldKind,
)
from .strictyaml import Mapping, Node, Scalar, Sequence, plain_text_problem
from .suggest import did_you_mean
from .taxonomy import Taxonomy

# Dates are of editorial events (published, updated, reviewed): not before the Unix epoch
# (SOURCE_DATE_EPOCH is derived from the newest one and cannot be negative) and not past 2099
# (far-future dates overflow timestamps, such as gzip's, later in the build).
MIN_DATE = dt.date(1970, 1, 1)
MAX_DATE = dt.date(2099, 12, 31)
MIN_YEAR, MAX_YEAR = 1900, 2099  # years in a `periode`
# Plain-text fields (titles, descriptions, names) accept any printable text as typed, markup
# included: every template escapes it at output. Control and invisible characters are refused
# (`strictyaml.plain_text_problem`).


def _empty(node: Node) -> bool:
    if isinstance(node, Scalar):
        return node.is_null or not node.value.strip()
    if isinstance(node, Sequence):
        return not node.items
    return isinstance(node, Mapping) and not node.items


def _continue_sentence(text: str) -> str:
    """A sentence as the continuation of another: its first letter in lower case. "Eén" is
    the capital of "één" (Dutch drops the first accent there), so it gets both back."""
    if text.startswith("Eén"):
        return "één" + text[3:]
    return text[:1].lower() + text[1:]


class Checked(NamedTuple):
    """What `Validator.check` read: typed values by field name, and where each value was written
    (field name, "name[i]" for the i-th item of a list of links, "review.volgende", ...)."""

    values: dict[str, Any]
    positions: dict[str, Node]


class Validator:
    def __init__(self, taxonomy: Taxonomy, shown: str, problems: list[Problem]) -> None:
        self.taxonomy = taxonomy
        self.shown = shown
        self.problems = problems
        self.positions: dict[str, Node] = {}

    def problem(self, node: Node, field: str, message: str) -> None:
        self.problems.append(Problem(self.shown, node.line, node.col, field, message))

    def check(self, meta: Mapping, fields: tuple[Field, ...]) -> Checked:
        """Typed values of every valid field (absent and empty optional fields are left out) and
        their positions."""
        by_name = {f.name: f for f in fields}
        values: dict[str, Any] = {}
        self.positions = {}
        for key, (key_node, node) in meta.items.items():
            spec = by_name.get(key)
            if spec is None:
                self.problem(key_node, key, self._unknown_key(key, by_name))
                continue
            if _empty(node):
                # An empty value ('', [], {} or nothing) holds no data: fine for an optional field
                # (forms such as Decap write them), an error for a required one.
                if spec.required:
                    self.problem(node, key, f"dit veld is verplicht maar leeg; {self._expect(spec)}")
                continue
            value = CHECKS[spec.kind](self, node, spec)
            if value is not None:
                values[key] = value
                self.positions[key] = node
        for spec in fields:
            if spec.required and spec.name not in meta.items:
                self.problem(meta, spec.name, f"dit verplichte veld ontbreekt; {self._expect(spec)}")
        return Checked(values, self.positions)

    # -- messages ----------------------------------------------------------------------------

    def _unknown_key(self, key: str, by_name: dict[str, Field]) -> str:
        allowed = ", ".join(by_name)
        if key in MATERIAL_KEYS:
            return f"dit veld wordt in de kennisbank niet gebruikt; toegestaan zijn: {allowed}"
        return f"onbekend veld{did_you_mean(key, list(by_name))}; toegestaan zijn: {allowed}"

    def _expect(self, spec: Field) -> str:
        if spec.facet:
            ids = ", ".join(self.taxonomy.facets[spec.facet].ids)
            return (
                f"kies uit: {ids}"
                if spec.kind == "term"
                else f"schrijf een lijst, bijvoorbeeld [{self.taxonomy.facets[spec.facet].ids[0]}]; kies uit: {ids}"
            )
        if spec.kind == "date":
            return "schrijf een datum als JJJJ-MM-DD, bijvoorbeeld 2026-11-27"
        if spec.kind == "period":
            return (
                'schrijf een jaartal of twee jaartallen, bijvoorbeeld "2015", "2010-2015" of "2018-" als het nog loopt'
            )
        if spec.kind == "enum":
            return f"kies uit: {', '.join(spec.choices)}"
        return _continue_sentence(spec.help)

    # -- kinds -------------------------------------------------------------------------------

    def _scalar(self, node: Node, field: str, what: str) -> Scalar | None:
        if isinstance(node, Scalar):
            return node
        shape = "lijst" if isinstance(node, Sequence) else "blok met velden"
        self.problem(node, field, f"hier hoort {what}, geen {shape}")
        return None

    def _text(self, node: Node, spec: Field, field: str | None = None) -> str | None:
        field = field or spec.name
        scalar = self._scalar(node, field, "een tekst")
        if scalar is None:
            return None
        text = " ".join(scalar.value.split())
        if not text:
            self.problem(scalar, field, "de tekst is leeg")
            return None
        if scalar.plain and text in ("true", "false"):
            self.problem(scalar, field, f"'{text}' is een ja/nee-waarde; zet tekst tussen dubbele aanhalingstekens")
            return None
        refused = plain_text_problem(text)
        if refused is not None:
            self.problem(scalar, field, refused)
            return None
        if spec.max_length and len(text) > spec.max_length:
            self.problem(scalar, field, f"de tekst is {len(text)} tekens lang; het maximum is {spec.max_length}")
            return None
        return text

    def _term(self, node: Node, spec: Field) -> str | None:
        scalar = self._scalar(node, spec.name, "één waarde")
        if scalar is None:
            return None
        return self._term_value(scalar, spec)

    def _term_value(self, scalar: Scalar, spec: Field) -> str | None:
        facet = self.taxonomy.facets[spec.facet or ""]
        if facet.get(scalar.value) is not None:
            return scalar.value
        labels = {t.id: t.label for t in facet.terms}
        if "," in scalar.value:
            hint = f" (meerdere waarden schrijf je als lijst: [{scalar.value}])"
        else:
            hint = did_you_mean(scalar.value, labels)
        self.problem(scalar, spec.name, f"onbekende waarde '{scalar.value}'{hint}; kies uit: {', '.join(facet.ids)}")
        return None

    def _items(self, node: Node, spec: Field) -> list[Node] | None:
        items: list[Node] | None = (
            list(node.items) if isinstance(node, Sequence) else [node] if isinstance(node, Scalar) else None
        )
        if items is None:
            self.problem(node, spec.name, "hier hoort een lijst, geen blok met velden")
            return None
        if not items and spec.required:
            self.problem(node, spec.name, f"de lijst is leeg; {self._expect(spec)}")
            return None
        return items

    def _unique(self, values: list[tuple[Scalar, str]], spec: Field) -> list[str]:
        seen: list[str] = []
        for node, value in values:
            if value in seen:
                self.problem(node, spec.name, f"'{value}' staat twee keer in de lijst")
            else:
                seen.append(value)
        return seen

    def _terms(self, node: Node, spec: Field) -> list[str] | None:
        items = self._items(node, spec)
        if items is None:
            return None
        found = []
        for item in items:
            scalar = self._scalar(item, spec.name, "een waarde")
            if scalar is not None and (value := self._term_value(scalar, spec)) is not None:
                found.append((scalar, value))
        if len(found) != len(items):
            return None
        return self._unique(found, spec)

    def _enum(self, node: Node, spec: Field) -> str | None:
        scalar = self._scalar(node, spec.name, "één waarde")
        if scalar is None:
            return None
        if scalar.value in spec.choices:
            return scalar.value
        hint = did_you_mean(scalar.value, spec.choices)
        self.problem(scalar, spec.name, f"onbekende waarde '{scalar.value}'{hint}; kies uit: {', '.join(spec.choices)}")
        return None

    def _date(self, node: Node, spec: Field) -> dt.date | None:
        scalar = self._scalar(node, spec.name, "een datum")
        if scalar is None:
            return None
        if DATE.match(scalar.value):
            try:
                date = dt.date.fromisoformat(scalar.value)
            except ValueError:
                self.problem(scalar, spec.name, f"'{scalar.value}' bestaat niet als datum")
                return None
            if not MIN_DATE <= date <= MAX_DATE:
                self.problem(
                    scalar,
                    spec.name,
                    f"'{scalar.value}' ligt buiten het toegestane bereik; kies een datum van "
                    f"{MIN_DATE.isoformat()} tot en met {MAX_DATE.isoformat()}",
                )
                return None
            return date
        self.problem(scalar, spec.name, f"'{scalar.value}' is geen geldige datum; {self._expect(spec)}")
        return None

    def _texts(self, node: Node, spec: Field) -> list[str] | None:
        items = self._items(node, spec)
        if items is None:
            return None
        texts = [self._text(item, spec) for item in items]
        return [t for t in texts if t is not None] if None not in texts else None

    def _refs(self, node: Node, spec: Field) -> list[str] | None:
        """Slugs (positions: "name[i]"); whether they exist is checked once everything is read."""
        items = self._items(node, spec)
        if items is None:
            return None
        refs: list[str] = []
        for item in items:
            scalar = self._scalar(item, spec.name, "een bestandsnaam zonder .md")
            if scalar is None:
                continue
            slug = scalar.value.removesuffix(".md")
            if not SLUG.match(slug):
                self.problem(
                    scalar,
                    spec.name,
                    f"'{scalar.value}' is geen geldige bestandsnaam; gebruik kleine letters, cijfers en koppeltekens",
                )
            elif slug in refs:
                self.problem(scalar, spec.name, f"'{slug}' staat twee keer in de lijst")
            else:
                self.positions[f"{spec.name}[{len(refs)}]"] = scalar
                refs.append(slug)
        return refs

    def _period(self, node: Node, spec: Field) -> str | None:
        scalar = self._scalar(node, spec.name, "een periode")
        if scalar is None:
            return None
        match = PERIOD.match(scalar.value.strip())
        if match and (match.group(2) is None or match.group(2) >= match.group(1)):
            years = [int(year) for year in match.groups() if year]
            if all(MIN_YEAR <= year <= MAX_YEAR for year in years):
                return scalar.value.strip()
            self.problem(scalar, spec.name, f"'{scalar.value}': jaartallen liggen tussen {MIN_YEAR} en {MAX_YEAR}")
            return None
        self.problem(scalar, spec.name, f"'{scalar.value}' is geen geldige periode; {self._expect(spec)}")
        return None

    def _fields(self, node: Node, spec: Field, where: str, keys: dict[str, bool]) -> dict[str, str] | None:
        if not isinstance(node, Mapping):
            self.problem(node, where, f"hier horen de velden {', '.join(keys)}")
            return None
        out: dict[str, str] = {}
        ok = True
        for key, (key_node, value) in node.items.items():
            if key not in keys:
                self.problem(
                    key_node,
                    f"{where}.{key}",
                    f"onbekend veld{did_you_mean(key, list(keys))}; toegestaan zijn: {', '.join(keys)}",
                )
                ok = False
            elif key == "url" and isinstance(value, Scalar) and not URL.match(value.value.strip()):
                self.problem(value, f"{where}.url", "een url begint met https:// of http:// en bevat geen spaties")
                ok = False
            elif (text := self._text(value, spec, f"{where}.{key}")) is not None:
                out[key] = text
            else:
                ok = False
        for key, required in keys.items():
            if required and key not in node.items:
                self.problem(node, f"{where}.{key}", "dit verplichte veld ontbreekt")
                ok = False
        if "email" in out and not EMAIL.match(out["email"]):
            self.problem(
                node.items["email"][1],
                f"{where}.email",
                "dit is geen geldig e-mailadres; schrijf alleen het adres, zoals naam@voorbeeld.nl "
                "(zonder spaties, aanhalingstekens of ?, &, %, komma of puntkomma)",
            )
            ok = False
        return out if ok else None

    def _sources(self, node: Node, spec: Field) -> list[dict[str, str]] | None:
        if not isinstance(node, Sequence):
            self.problem(node, spec.name, "hier hoort een lijst met bronnen, elk met '- titel: ...'")
            return None
        sources = [self._fields(item, spec, f"{spec.name}[{i}]", SOURCE_KEYS) for i, item in enumerate(node.items, 1)]
        return [s for s in sources if s is not None] if None not in sources else None

    def _contact(self, node: Node, spec: Field) -> dict[str, str] | None:
        return self._fields(node, spec, spec.name, CONTACT_KEYS)

    def _review(self, node: Node, spec: Field) -> dict | None:
        """review: {status, door, datum, volgende}; dates typed, status from REVIEW_STATUSES."""
        if not isinstance(node, Mapping):
            self.problem(node, spec.name, f"hier horen de velden {', '.join(REVIEW_KEYS)}")
            return None
        review: dict[str, Any] = {}
        ok = True
        for key, (key_node, value) in node.items.items():
            where = f"{spec.name}.{key}"
            if key not in REVIEW_KEYS:
                self.problem(
                    key_node,
                    where,
                    f"onbekend veld{did_you_mean(key, list(REVIEW_KEYS))}; toegestaan zijn: {', '.join(REVIEW_KEYS)}",
                )
                ok = False
            elif key == "status":
                status = Field(where, FieldKind.ENUM, "", "", choices=tuple(REVIEW_STATUSES))
                review[key] = self._enum(value, status)
            elif key in ("datum", "volgende"):
                review[key] = self._date(value, Field(where, FieldKind.DATE, "", ""))
                self.positions[where] = value
            else:
                review[key] = self._text(value, spec, where)
            ok = ok and review.get(key, True) is not None
        if "status" not in node.items:
            self.problem(
                node, f"{spec.name}.status", f"dit verplichte veld ontbreekt; kies uit: {', '.join(REVIEW_STATUSES)}"
            )
            ok = False
        return review if ok else None


# Which check reads which field kind (a test proves every kind has one).
CHECKS: dict[FieldKind, Callable[[Validator, Node, Field], Any]] = {
    FieldKind.TEXT: Validator._text,
    FieldKind.TERM: Validator._term,
    FieldKind.TERMS: Validator._terms,
    FieldKind.ENUM: Validator._enum,
    FieldKind.DATE: Validator._date,
    FieldKind.TEXTS: Validator._texts,
    FieldKind.REFS: Validator._refs,
    FieldKind.PERIOD: Validator._period,
    FieldKind.SOURCES: Validator._sources,
    FieldKind.CONTACT: Validator._contact,
    FieldKind.REVIEW: Validator._review,
    FieldKind.FIGURES: check_figures,
    FieldKind.MONTH: check_month,
    FieldKind.SOURCED: check_sourced,
    FieldKind.EFFECT: check_effect,
}
