"""Open data (site/opendata.py): CSV, JSON, the data dictionary and the Data Package.

The package is validated with frictionless on files written to disk; row counts and values
are compared with the model, never with numbers written here.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import frictionless
import pytest

from mkdocs_kennisbank.content import schema
from mkdocs_kennisbank.content.loader import load
from mkdocs_kennisbank.content.model import Kennisbank
from mkdocs_kennisbank.site.opendata import BLOCK_PARTS, DATA_DIR, PACKAGE_FILE, SEPARATOR, open_data, supported
from tests.test_feeds import HOSTILE_DESCRIPTION, HOSTILE_TITLE, hostile_kennisbank

REPO = Path(__file__).resolve().parent.parent


def fields(kb: Kennisbank) -> tuple[tuple[schema.Field, ...], tuple[schema.Field, ...]]:
    return schema.fields_of(schema.CASES, kb.taxonomy), schema.fields_of(schema.LESSONS, kb.taxonomy)


def make(kb: Kennisbank, **options) -> dict[str, bytes]:
    return open_data(kb, *fields(kb), **options)


def write(files: dict[str, bytes], root: Path) -> Path:
    for path, content in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return root / PACKAGE_FILE


def rows(files: dict[str, bytes], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[f"{DATA_DIR}/{name}.csv"].decode("utf-8"), newline="")))


def document(files: dict[str, bytes], name: str):
    return json.loads(files[f"{DATA_DIR}/{name}.json"])


@pytest.fixture(scope="module")
def kb() -> Kennisbank:
    return load(REPO / "kennisbank", root=REPO)


@pytest.fixture
def hostile(project) -> Kennisbank:
    return hostile_kennisbank(project)


def errors(report) -> list:
    return report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])


# -- the package validates ---------------------------------------------------------------------


@pytest.mark.parametrize("which", ["shipped", "hostile"])
def test_the_data_package_is_valid(which, kb, project, tmp_path) -> None:
    source = kb if which == "shipped" else hostile_kennisbank(project)
    package = write(make(source, licence="CC-BY-4.0"), tmp_path)
    report = frictionless.validate(str(package))
    assert report.valid, errors(report)


def test_the_validation_can_fail(kb, tmp_path) -> None:
    """The foreign keys are checked: a link to a case that is not in the table is an error."""
    files = make(kb)
    cases = files[f"{DATA_DIR}/praktijkvoorbeelden.csv"].decode().split("\r\n")
    linked = rows(files, "koppelingen")[0]["praktijkvoorbeeld"]
    files[f"{DATA_DIR}/praktijkvoorbeelden.csv"] = "\r\n".join(
        line for line in cases if not line.startswith(linked + ",")
    ).encode()
    report = frictionless.validate(str(write(files, tmp_path)))
    assert not report.valid
    assert "foreign-key" in {e[3] for e in errors(report)}


def test_the_package_describes_every_csv_file_with_its_header(kb) -> None:
    files = make(kb)
    package = json.loads(files[PACKAGE_FILE])
    assert package["profile"] == "data-package"
    assert "licenses" not in package
    tabular = [r for r in package["resources"] if r["profile"] == "tabular-data-resource"]
    assert {f"{DATA_DIR}/{r['path']}" for r in tabular} == {p for p in files if p.endswith(".csv")}
    described = {f"{DATA_DIR}/{r['path']}" for r in package["resources"]}
    assert described == set(files) - {PACKAGE_FILE}
    for resource in tabular:
        header = next(csv.reader(io.StringIO(files[f"{DATA_DIR}/{resource['path']}"].decode())))
        names = [f["name"] for f in resource["schema"]["fields"]]
        assert header == names, resource["name"]
        for field in resource["schema"]["fields"]:
            assert field["type"] in ("string", "date", "integer", "number", "boolean")
            assert field["description"] and field["title"], (resource["name"], field["name"])


def test_a_licence_is_named_in_the_package(kb) -> None:
    assert json.loads(make(kb, licence="CC-BY-4.0")[PACKAGE_FILE])["licenses"] == [{"name": "CC-BY-4.0"}]
    url = "https://creativecommons.org/licenses/by/4.0/"
    assert json.loads(make(kb, licence=url)[PACKAGE_FILE])["licenses"] == [{"path": url}]


# -- the rows are the kennisbank ---------------------------------------------------------------


def test_row_counts_are_those_of_the_kennisbank(kb, hostile) -> None:
    for source in (kb, hostile):
        files = make(source)
        links = sum(len(c.links) for c in source.cases.values())
        assert links == sum(len(lesson.links) for lesson in source.lessons.values())
        terms = sum(len(f.terms) for f in source.taxonomy.facets.values())
        expected = {
            "praktijkvoorbeelden": len(source.cases),
            "lessen": len(source.lessons),
            "koppelingen": links,
            "facetten": len(source.taxonomy.facets),
            "waarden": terms,
            "bronnen": sum(len(e.sources) for e in [*source.cases.values(), *source.lessons.values()]),
        }
        for name, count in expected.items():
            assert len(rows(files, name)) == count, name
            if name not in ("facetten", "waarden", "bronnen"):
                assert len(document(files, name)) == count, name
        taxonomy = document(files, "taxonomie")["facetten"]
        assert [f["sleutel"] for f in taxonomy] == list(source.taxonomy.facets)
        assert sum(len(f["waarden"]) for f in taxonomy) == terms


def test_values_match_the_model(kb) -> None:
    files = make(kb)
    by_slug = {row["slug"]: row for row in rows(files, "praktijkvoorbeelden")}
    json_by_slug = {item["slug"]: item for item in document(files, "praktijkvoorbeelden")}
    assert set(by_slug) == set(kb.cases) == set(json_by_slug)
    for slug, case in kb.cases.items():
        row, item = by_slug[slug], json_by_slug[slug]
        assert row["title"] == item["title"] == case.title
        assert row["interventieniveaus"].split(SEPARATOR) == item["interventieniveaus"] == case.levels
        assert row["fase"] == item["fase"] == case.phase
        assert row["gepubliceerd"] == item["gepubliceerd"] == (case.published.isoformat() if case.published else "")
        assert row["lessen"] == SEPARATOR.join(case.links) and item["lessen"] == case.links
        assert item["bronnen"] == [{"titel": s.title, "url": s.url} for s in case.sources]
    pairs = {(r["praktijkvoorbeeld"], r["les"]) for r in rows(files, "koppelingen")}
    assert pairs == {(c.slug, s) for c in kb.cases.values() for s in c.links}
    assert pairs == {(s, lesson.slug) for lesson in kb.lessons.values() for s in lesson.links}
    levels = [r for r in rows(files, "waarden") if r["facet"] == "interventieniveaus"]
    assert [r["id"] for r in levels] == kb.taxonomy.levels.ids


def test_hostile_text_round_trips_through_csv_and_json(hostile) -> None:
    files = make(hostile)
    row = next(r for r in rows(files, "praktijkvoorbeelden") if r["slug"] == "vijftien-leerlingen")
    item = next(i for i in document(files, "praktijkvoorbeelden") if i["slug"] == "vijftien-leerlingen")
    case = hostile.cases["vijftien-leerlingen"]
    assert row["title"] == item["title"] == HOSTILE_TITLE
    assert row["description"] == item["description"] == HOSTILE_DESCRIPTION
    assert item["organisaties"] == case.organisations
    assert row["organisaties"] == SEPARATOR.join(case.organisations)
    assert row["contact_organisatie"] == item["contact"]["organisatie"] == 'O&O, "samen"'
    assert row["bijgewerkt"] == "2026-12-01" and row["review_status"] == "" and item["review"] is None
    source = next(r for r in rows(files, "bronnen") if r["slug"] == "vijftien-leerlingen")
    assert (source["nummer"], source["titel"], source["url"]) == (
        "1",
        'Rapport <2024> & "bijlage"',
        "https://example.org/rapport?a=1&b=2",
    )
    lesson = next(r for r in rows(files, "lessen") if r["slug"] == "zonder-datum")
    assert lesson["gepubliceerd"] == "" and lesson["praktijkvoorbeelden"] == "vijftien-leerlingen"


# -- the data dictionary -----------------------------------------------------------------------


def test_every_field_of_the_schema_is_in_the_data_dictionary(kb) -> None:
    files = make(kb)
    dictionary = {(r["bestand"], r["veld"]): r for r in rows(files, "velden")}
    in_json = {(r["bestand"], r["veld"]): r for r in document(files, "velden")}
    for kind, kind_fields in zip((schema.CASES, schema.LESSONS), fields(kb), strict=True):
        columns = next(csv.reader(io.StringIO(files[f"{DATA_DIR}/{kind.folder}.csv"].decode())))
        for field in kind_fields:
            assert supported(field), f"open data does not know where {field.name} is on the model"
            row = dictionary[(kind.folder, field.name)]
            assert row["label"] == field.label
            assert row["beschrijving"].startswith(field.help)
            assert row["soort"] == field.kind.value
            assert row["verplicht"] == ("ja" if field.required else "nee")
            assert in_json[(kind.folder, field.name)]["verplicht"] is field.required
            listed = row["kolommen"].split(SEPARATOR)
            if row["csv"] == f"{kind.folder}.csv":
                assert set(listed) <= set(columns), field.name
            if field.kind in (schema.FieldKind.TERMS, schema.FieldKind.TEXTS, schema.FieldKind.REFS):
                assert "puntkomma (;)" in row["beschrijving"], field.name
        assert len([k for k in dictionary if k[0] == kind.folder]) == len(kind_fields) + 1  # and the slug


def test_block_parts_are_those_of_the_schema() -> None:
    assert list(BLOCK_PARTS[schema.FieldKind.CONTACT]) == list(schema.CONTACT_KEYS)
    assert list(BLOCK_PARTS[schema.FieldKind.REVIEW]) == list(schema.REVIEW_KEYS)


def test_the_field_list_is_a_parameter(kb) -> None:
    """A field left out (such as contact details) is in no file."""
    case_fields, lesson_fields = fields(kb)
    files = open_data(kb, [f for f in case_fields if f.name != "contact"], lesson_fields)
    assert not any("contact_" in name for name in rows(files, "praktijkvoorbeelden")[0])
    assert all("contact" not in item for item in document(files, "praktijkvoorbeelden"))
    assert ("praktijkvoorbeelden", "contact") not in {(r["bestand"], r["veld"]) for r in rows(files, "velden")}


# -- reproducible, well-formed -----------------------------------------------------------------


def test_open_data_is_byte_identical_and_consistently_encoded(kb) -> None:
    files = make(kb, licence="CC-BY-4.0")
    assert files == make(load(REPO / "kennisbank", root=REPO), licence="CC-BY-4.0")
    assert all(path.startswith(DATA_DIR + "/") for path in files)
    for path, content in files.items():
        content.decode("utf-8")  # UTF-8
        assert not content.startswith(b"\xef\xbb\xbf"), path  # without BOM
        if path.endswith(".csv"):
            assert content.endswith(b"\r\n") and content.count(b"\n") == content.count(b"\r\n"), path
        else:
            json.loads(content)
