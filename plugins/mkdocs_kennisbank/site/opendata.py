"""The whole kennisbank as open data: CSV and JSON, a data dictionary and a Data Package.

Pure: the kennisbank and the fields of each kind in (`schema.fields_of(CASES, taxonomy)`, so
facet fields come from the taxonomy), file contents out under `data/`, byte-identical for
the same content (no clock, stable order: rows by slug, facets and values in taxonomy order).

    data/praktijkvoorbeelden.csv|json   a row per case, a column per field
    data/lessen.csv|json                a row per lesson
    data/koppelingen.csv|json           case-lesson links, whichever side wrote them
    data/bronnen.csv                    the sources of cases and lessons (JSON: in the entries)
    data/facetten.csv, data/waarden.csv the taxonomy (JSON: data/taxonomie.json, nested)
    data/velden.csv|json                the data dictionary, from the schema's fields
    data/datapackage.json               a Frictionless Data Package describing the CSV files

CSV: UTF-8 without BOM, a header row, RFC 4180 quoting and line ends (csv module, CRLF). A
field with several values (a list in the front matter) is one cell, the values joined by `;`;
its description says so. JSON keeps lists as lists and blocks (contact, review) as objects.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..content.model import Entry, Kennisbank
from ..content.schema import CASES, FORMATS, LESSONS, SOURCE_KEYS, Field, FieldKind

DATA_DIR = "data"
PACKAGE_FILE = f"{DATA_DIR}/datapackage.json"
SEPARATOR = ";"
MULTIPLE = "Meerdere waarden staan in één cel, gescheiden door een puntkomma (;)."
LINE_END = "\r\n"  # RFC 4180

# The first column of cases and lessons: not front matter, but described like a field.
SLUG = Field(
    "slug",
    FieldKind.TEXT,
    "Naam",
    "De bestandsnaam zonder .md: de vaste, unieke naam in de kennisbank en het laatste deel van het adres.",
    required=True,
)
SLUG_FORMAT = "de bestandsnaam zonder .md: kleine letters, cijfers en koppeltekens"

# Where a field's value is on the model, by front-matter key (facet fields: `Entry.terms`).
_VALUES: dict[str, Callable[[Any], Any]] = {
    "slug": lambda e: e.slug,
    "title": lambda e: e.title,
    "description": lambda e: e.description,
    "gepubliceerd": lambda e: e.published,
    "bijgewerkt": lambda e: e.updated,
    "bronnen": lambda e: e.sources,
    "programma": lambda e: e.programme,
    "organisaties": lambda e: e.organisations,
    "periode": lambda e: e.period,
    "status": lambda e: e.status,
    "contact": lambda e: e.contact,
    "indicatoren": lambda e: e.indicators,
    "gespreksvragen": lambda e: e.questions,
    "peildatum": lambda e: e.as_of,
    "waarom-gestopt": lambda e: e.stop_reason,
    "volgens-bron": lambda e: [f"{facet}={value}" for facet, values in e.sourced.items() for value in values],
    "effect": lambda e: e.effect,
    "cijfers": lambda e: e.figures,
    "review": lambda e: e.review,
    # Links joined both ways, as the site shows them (koppelingen.csv has them as pairs).
    "lessen": lambda e: e.links,
    "praktijkvoorbeelden": lambda e: e.links,
}
# The parts of a block field: front-matter key -> (model attribute, Dutch name, Table Schema type).
BLOCK_PARTS: dict[FieldKind, dict[str, tuple[str, str, str]]] = {
    FieldKind.CONTACT: {
        "naam": ("name", "naam", "string"),
        "organisatie": ("organisation", "organisatie", "string"),
        "email": ("email", "e-mailadres", "string"),
    },
    FieldKind.EFFECT: {
        "oordeel": ("claim", "oordeel", "string"),
        "bron": ("source", "bron", "string"),
    },
    FieldKind.REVIEW: {
        "status": ("status", "status", "string"),
        "door": ("by", "door wie", "string"),
        "datum": ("date", "datum", "date"),
        "volgende": ("next", "volgende review", "date"),
    },
}
SOURCE_PARTS = {"titel": "title", "url": "url"}  # SOURCE_KEYS -> Source attribute
_MULTIPLE_KINDS = (FieldKind.TERMS, FieldKind.TEXTS, FieldKind.REFS, FieldKind.SOURCED)


@dataclass(frozen=True)
class Column:
    """One CSV column and its Table Schema field."""

    name: str
    type: str  # Table Schema type: string, date, integer, boolean
    title: str  # Dutch
    description: str  # Dutch
    value: Callable[[Any], Any]  # row -> str, date, int, bool, list of str, or None
    required: bool = False

    def schema(self) -> dict[str, Any]:
        found: dict[str, Any] = {"name": self.name, "title": self.title, "description": self.description}
        found["type"] = self.type
        if self.type == "boolean":
            found |= {"trueValues": ["ja"], "falseValues": ["nee"]}
        if self.required:
            found["constraints"] = {"required": True}
        return found


@dataclass(frozen=True)
class Table:
    name: str  # file name without extension, and the Data Package resource name
    title: str
    description: str
    columns: list[Column]
    rows: list[Any]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, other table, its column)

    def csv(self) -> bytes:
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator=LINE_END)
        writer.writerow([c.name for c in self.columns])
        for row in self.rows:
            writer.writerow([_cell(c.value(row)) for c in self.columns])
        return out.getvalue().encode("utf-8")

    def resource(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"fields": [c.schema() for c in self.columns]}
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": [column], "reference": {"resource": other, "fields": [key]}}
                for column, other, key in self.foreign_keys
            ]
        return {
            "name": self.name,
            "path": f"{self.name}.csv",
            "profile": "tabular-data-resource",
            "title": self.title,
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "lineTerminator": LINE_END, "quoteChar": '"', "header": True},
            "schema": schema,
        }


def supported(spec: Field) -> bool:
    """Whether the open data can carry a field: a facet, or a key whose place on the model it knows."""
    return spec.facet is not None or spec.name in _VALUES


def open_data(
    kb: Kennisbank,
    case_fields: Sequence[Field],
    lesson_fields: Sequence[Field],
    *,
    title: str = "Kennisbank",
    name: str = "kennisbank",
    licence: str | None = None,
) -> dict[str, bytes]:
    """Every open-data file: path under `data/` -> content (UTF-8), in a stable order.

    `title` is the site's name; `name` the Data Package's (lower-case letters, digits, `-._`);
    `licence` an SPDX or Open Definition id such as `CC-BY-4.0`, or a licence's URL (without
    it the package has no `licenses`). Fields that are not `supported` are left out.
    """
    case_fields = [f for f in case_fields if supported(f)]
    lesson_fields = [f for f in lesson_fields if supported(f)]
    cases = sorted(kb.cases.values(), key=lambda e: e.slug)
    lessons = sorted(kb.lessons.values(), key=lambda e: e.slug)
    links = [
        {"praktijkvoorbeeld": c, "les": lesson} for c, lesson in sorted((c.slug, s) for c in cases for s in c.links)
    ]
    figures = [
        {
            "slug": c.slug,
            "reeks": series,
            "indicator": f.indicator,
            "eenheid": f.unit,
            "bron": f.source,
            "jaar": year,
            "waarde": value,
        }
        for c in cases
        for series, f in enumerate(c.figures, start=1)
        for year, value in f.points
    ]
    sources = [
        {"soort": e.kind, "slug": e.slug, "nummer": number, "titel": source.title, "url": source.url}
        for e in [*cases, *lessons]
        for number, source in enumerate(e.sources, start=1)
    ]
    facets = [_facet_json(kb, key) for key in kb.taxonomy.facets]
    terms = [{"facet": f["sleutel"], **term} for f in facets for term in f["waarden"]]
    dictionary = _dictionary(CASES.folder, case_fields) + _dictionary(LESSONS.folder, lesson_fields)
    tables = [
        _entries_table(CASES.folder, CASES.plural, "Een rij per praktijkvoorbeeld.", case_fields, cases),
        _entries_table(LESSONS.folder, LESSONS.plural, "Een rij per les.", lesson_fields, lessons),
        _records(LINKS, links, (("praktijkvoorbeeld", CASES.folder, "slug"), ("les", LESSONS.folder, "slug"))),
        _records(SOURCES, sources),
        _records(FIGURES, figures, (("slug", CASES.folder, "slug"),)),
        _records(FACETS, facets),
        _records(TERMS, terms, (("facet", FACETS[0], "sleutel"),)),
        _records(DICTIONARY, dictionary),
    ]
    documents: dict[str, Any] = {
        CASES.folder: [_entry_json(e, case_fields) for e in cases],
        LESSONS.folder: [_entry_json(e, lesson_fields) for e in lessons],
        "koppelingen": links,
        "taxonomie": {"facetten": facets},
        "velden": dictionary,
    }
    files = {f"{DATA_DIR}/{t.name}.csv": t.csv() for t in tables}
    files |= {f"{DATA_DIR}/{n}.json": _dump(document) for n, document in documents.items()}
    files[PACKAGE_FILE] = _dump(_package(tables, documents, title, name, licence))
    return files


# -- the tables --------------------------------------------------------------------------------

# The tables whose rows are plain records (dicts, as in their JSON):
# name, title, description, its columns (name, title, description, type, required), primary key.
_Records = tuple[str, str, str, tuple[tuple[str, str, str, str, bool], ...], tuple[str, ...]]
LINKS: _Records = (
    "koppelingen",
    "Koppelingen",
    "Welke praktijkvoorbeelden welke lessen onderbouwen: een rij per koppeling, "
    "of die nu in het praktijkvoorbeeld of in de les is vastgelegd.",
    (
        ("praktijkvoorbeeld", "Praktijkvoorbeeld", "De naam (slug) van het praktijkvoorbeeld.", "string", True),
        ("les", "Les", "De naam (slug) van de les.", "string", True),
    ),
    ("praktijkvoorbeeld", "les"),
)
SOURCES: _Records = (
    "bronnen",
    "Bronnen",
    "De bronnen van praktijkvoorbeelden en lessen: een rij per bron, in de volgorde van het bestand.",
    (
        ("soort", "Soort", "praktijkvoorbeelden of lessen: de map van het bestand.", "string", True),
        ("slug", "Naam", "De naam (slug) van het praktijkvoorbeeld of de les.", "string", True),
        ("nummer", "Nummer", "De hoeveelste bron van het bestand: 1, 2, ...", "integer", True),
        ("titel", "Titel", "De titel van de bron.", "string", True),
        ("url", "Adres", "Het webadres van de bron, als dat er is.", "string", False),
    ),
    ("slug", "nummer"),
)
FIGURES: _Records = (
    "cijfers",
    "Cijfers",
    "De cijfers per jaar van praktijkvoorbeelden (veld cijfers): een rij per jaar van een reeks.",
    (
        ("slug", "Praktijkvoorbeeld", "De naam (slug) van het praktijkvoorbeeld.", "string", True),
        ("reeks", "Reeks", "De hoeveelste reeks van het praktijkvoorbeeld: 1, 2, ...", "integer", True),
        ("indicator", "Indicator", "Wat er gemeten is.", "string", True),
        ("eenheid", "Eenheid", "De eenheid van de waarden, als die er is.", "string", False),
        ("bron", "Bron", "Waar de cijfers vandaan komen.", "string", True),
        ("jaar", "Jaar", "Het jaar van de waarde.", "integer", True),
        ("waarde", "Waarde", "De waarde in dat jaar (met een punt als decimaalteken).", "number", True),
    ),
    ("slug", "reeks", "jaar"),
)
FACETS: _Records = (
    "facetten",
    "Facetten",
    "De facetten van de taxonomie: de kenmerken waarop praktijkvoorbeelden en lessen zijn ingedeeld.",
    (
        ("sleutel", "Sleutel", "De naam van het veld in de front matter.", "string", True),
        ("label", "Label", "De naam zoals de site die toont.", "string", True),
        ("meervoud", "Meervoud", "De naam in het meervoud.", "string", True),
        ("beschrijving", "Beschrijving", "Wat het facet betekent.", "string", False),
        ("map", "Map", "De map van de pagina's van het facet in de site.", "string", True),
        ("filter", "Filter", "De naam van het filter op de zoekpagina.", "string", True),
    ),
    ("sleutel",),
)
TERMS: _Records = (
    "waarden",
    "Waarden",
    "De toegestane waarden van elk facet, in de volgorde van de taxonomie.",
    (
        ("facet", "Facet", "De sleutel van het facet (facetten.csv).", "string", True),
        ("id", "Id", "De waarde zoals die in de front matter en in de andere bestanden staat.", "string", True),
        ("label", "Label", "De naam van de waarde.", "string", True),
        ("weergave", "Weergave", "Hoe de site de waarde toont: 'III. Pilotgerichte interventies'.", "string", True),
        ("beschrijving", "Beschrijving", "Wat de waarde betekent.", "string", False),
    ),
    ("facet", "id"),
)
DICTIONARY: _Records = (
    "velden",
    "Velden",
    "Het gegevenswoordenboek: elk veld van praktijkvoorbeelden en lessen, wat het betekent en in welke "
    "kolommen het staat. " + MULTIPLE,
    (
        ("bestand", "Bestand", "praktijkvoorbeelden of lessen.", "string", True),
        ("veld", "Veld", "De naam van het veld in de front matter.", "string", True),
        ("label", "Label", "De naam zoals de site die toont.", "string", True),
        ("beschrijving", "Beschrijving", "Wat het veld betekent en hoe het wordt ingevuld.", "string", True),
        ("soort", "Soort", "De soort waarde: text, term, terms, enum, date, ...", "string", True),
        ("formaat", "Formaat", "Hoe de waarde in de front matter geschreven wordt.", "string", True),
        ("verplicht", "Verplicht", "Of elk bestand dit veld moet hebben: ja of nee.", "boolean", True),
        ("facet", "Facet", "Bij waarden uit de taxonomie: het facet (waarden.csv).", "string", False),
        ("keuzes", "Keuzes", "De toegestane waarden, als het een vaste lijst is. " + MULTIPLE, "string", False),
        ("csv", "CSV-bestand", "Het CSV-bestand waarin het veld staat.", "string", True),
        ("kolommen", "Kolommen", "De kolommen van dat bestand waarin het veld staat. " + MULTIPLE, "string", False),
    ),
    ("bestand", "veld"),
)


def _records(spec: _Records, rows: list[dict[str, Any]], foreign_keys: tuple = ()) -> Table:
    name, title, description, columns, primary_key = spec
    return Table(name, title, description, [_key(*c) for c in columns], rows, primary_key, foreign_keys)


def _key(name: str, title: str, description: str, kind: str, required: bool) -> Column:
    return Column(name, kind, title, description, lambda row: row[name], required)


def _entries_table(folder: str, title: str, description: str, fields: Sequence[Field], rows: Sequence[Entry]) -> Table:
    columns = [column for spec in (SLUG, *fields) for column in _field_columns(spec)]
    return Table(folder, title, f"{description} {MULTIPLE}", columns, list(rows), ("slug",))


def _field_columns(spec: Field) -> list[Column]:
    """The CSV columns of one field: none for sources and figures (bronnen.csv, cijfers.csv),
    one per part of a block."""
    get = _getter(spec)
    if spec.kind in (FieldKind.SOURCES, FieldKind.FIGURES):
        return []
    if spec.kind in BLOCK_PARTS:
        return [
            Column(
                f"{spec.name}_{key}",
                kind,
                f"{spec.label}: {shown}",
                f"Het onderdeel '{key}' van {spec.name}. {spec.help}",
                _part(get, attribute),
            )
            for key, (attribute, shown, kind) in BLOCK_PARTS[spec.kind].items()
        ]
    value: Callable[[Any], Any] = (lambda e: next(iter(get(e)), None)) if spec.kind == FieldKind.TERM else get
    kind = "date" if spec.kind == FieldKind.DATE else "string"
    return [Column(spec.name, kind, spec.label, _description(spec), value, spec.required)]


def _part(get: Callable[[Any], Any], attribute: str) -> Callable[[Any], Any]:
    return lambda e: getattr(get(e), attribute, None)


def _getter(spec: Field) -> Callable[[Any], Any]:
    if spec.facet is not None:
        facet = spec.facet
        return lambda e: e.terms(facet)
    return _VALUES[spec.name]


def _description(spec: Field) -> str:
    if spec.facet is not None:
        allowed = f"De waarden staan in waarden.csv (facet {spec.facet})."
        return f"{spec.help} {allowed} {MULTIPLE}" if spec.kind in _MULTIPLE_KINDS else f"{spec.help} {allowed}"
    if spec.kind in _MULTIPLE_KINDS:
        return f"{spec.help} {MULTIPLE}"
    if spec.kind == FieldKind.SOURCES:
        return f"{spec.help} In CSV staan de bronnen in bronnen.csv, een rij per bron."
    if spec.kind == FieldKind.FIGURES:
        return f"{spec.help} In CSV staan de cijfers in cijfers.csv, een rij per jaar."
    return spec.help


def _dictionary(folder: str, fields: Sequence[Field]) -> list[dict[str, Any]]:
    """The data dictionary's rows of one kind of entry: a row per field, the slug first."""
    rows = []
    for spec in (SLUG, *fields):
        in_sources = spec.kind == FieldKind.SOURCES
        in_figures = spec.kind == FieldKind.FIGURES
        rows.append(
            dict(
                bestand=folder,
                veld=spec.name,
                label=spec.label,
                beschrijving=_description(spec),
                soort="slug" if spec is SLUG else spec.kind.value,
                formaat=SLUG_FORMAT if spec is SLUG else _format(spec),
                verplicht=spec.required,
                facet=spec.facet,
                keuzes=list(spec.choices),
                csv=f"{SOURCES[0]}.csv" if in_sources else f"{FIGURES[0]}.csv" if in_figures else f"{folder}.csv",
                kolommen=list(SOURCE_KEYS)
                if in_sources
                else [c[0] for c in FIGURES[3]]
                if in_figures
                else [c.name for c in _field_columns(spec)],
            )
        )
    return rows


def _format(spec: Field) -> str:
    """How the value is written, as the field reference says it, without its "hieronder" (below)."""
    if spec.kind == FieldKind.ENUM:
        return "één van de waarden in de kolom keuzes"
    if spec.kind == FieldKind.SOURCES:
        return f"een lijst met bronnen, elk met de velden {', '.join(SOURCE_KEYS)}"
    if spec.kind in BLOCK_PARTS:
        return f"een blok met de velden {', '.join(BLOCK_PARTS[spec.kind])}"
    if spec.kind == FieldKind.FIGURES:
        return "een lijst met reeksen, elk met indicator, eenheid, bron en waarden (jaar en waarde)"
    return FORMATS[spec.kind]


# -- JSON and the package ----------------------------------------------------------------------


def _entry_json(entry: Entry, fields: Sequence[Field]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for spec in (SLUG, *fields):
        value = _getter(spec)(entry)
        if spec.kind == FieldKind.TERM:
            value = next(iter(value), None)
        elif spec.kind == FieldKind.SOURCES:
            value = [{key: getattr(s, SOURCE_PARTS[key]) for key in SOURCE_KEYS} for s in value]
        elif spec.kind == FieldKind.FIGURES:
            value = [
                {"indicator": f.indicator, "eenheid": f.unit, "bron": f.source, "waarden": [list(p) for p in f.points]}
                for f in value
            ]
        elif spec.kind in BLOCK_PARTS and value is not None:
            value = {key: getattr(value, part[0]) for key, part in BLOCK_PARTS[spec.kind].items()}
        found[spec.name] = _json(value)
    return found


def _facet_json(kb: Kennisbank, key: str) -> dict[str, Any]:
    facet = kb.taxonomy.facets[key]
    values = [dict(id=t.id, label=t.label, weergave=facet.shown(t), beschrijving=t.description) for t in facet.terms]
    return dict(
        sleutel=facet.key,
        label=facet.label,
        meervoud=facet.plural,
        beschrijving=facet.description,
        map=facet.path,
        filter=facet.filter,
        waarden=values,
    )


def _package(tables: list[Table], documents: dict[str, Any], title: str, name: str, licence: str | None) -> dict:
    package: dict[str, Any] = {
        "profile": "data-package",  # not tabular-data-package: the JSON files are resources too
        "name": name,
        "title": f"{title}: open data",
        "description": "Alle praktijkvoorbeelden en lessen van de kennisbank, hun koppelingen en de taxonomie, "
        "als CSV (elke tabel beschreven in dit pakket) en als JSON. In CSV staan meerdere waarden in één cel, "
        "gescheiden door een puntkomma (;); in JSON als lijst. velden.csv beschrijft elk veld.",
    }
    if licence:
        package["licenses"] = [{"path": licence} if licence.startswith(("http://", "https://")) else {"name": licence}]
    package["resources"] = [t.resource() for t in tables] + [
        {
            "name": f"{document}-json",
            "path": f"{document}.json",
            "profile": "data-resource",
            "title": f"{document}.json",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
        }
        for document in documents
    ]
    return package


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return SEPARATOR.join(_cell(v) for v in value)
    return str(value)


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    return value


def _dump(document: Any) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
