"""Unit tests of the framework-free core: strict YAML, front matter, loader, model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mkdocs_kennisbank import ContentError, load
from mkdocs_kennisbank.frontmatter import MAX_FILE_BYTES, decode, split
from mkdocs_kennisbank.scaffold import slugify
from mkdocs_kennisbank.strictyaml import Mapping, Scalar, Sequence, YamlProblem, parse
from mkdocs_kennisbank.suggest import closest

from .conftest import REPO, case_text


def scalar(text: str, key: str) -> Scalar:
    node = parse(text)
    assert isinstance(node, Mapping)
    value = node.items[key][1]
    assert isinstance(value, Scalar)
    return value


@pytest.mark.parametrize("raw", ["NO", "010", "12:30", "1e3", "0x1F", "yes", "2026-11-27", "~x"])
def test_plain_scalars_stay_text(raw: str) -> None:
    """PyYAML would turn these into False, 8, 750, 1000.0, 31, True or a date."""
    assert scalar(f"a: {raw}\n", "a").value == raw


def test_positions_are_one_based_and_offset() -> None:
    node = parse("a: 1\nb:\n  - x\n  - y\n", line_offset=1)
    assert isinstance(node, Mapping)
    seq = node.items["b"][1]
    assert isinstance(seq, Sequence)
    assert [(i.line, i.col) for i in seq.items] == [(4, 5), (5, 5)]


def test_billion_laughs_is_refused_before_expansion() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    with pytest.raises(YamlProblem) as exc:
        parse(bomb)
    assert "ankers" in exc.value.message and exc.value.line == 1


def test_quoted_hash_is_kept() -> None:
    assert scalar('t: "Top 10 #1"\n', "t").value == "Top 10 #1"


def test_bom_and_crlf_are_accepted() -> None:
    text = decode("\ufeff---\r\ntitle: Hallo\r\n---\r\nTekst\r\n".encode())
    doc = split(text)
    assert doc.meta.items["title"][1].value == "Hallo"
    assert doc.body == "Tekst\n" and doc.body_line == 4


def test_latin1_file_is_refused_with_position() -> None:
    with pytest.raises(YamlProblem) as exc:
        decode("---\ntitle: Bèta\n".encode("latin-1"))
    assert (exc.value.line, exc.value.col) == (2, 9)
    assert "UTF-8" in exc.value.message


def test_file_size_cap() -> None:
    with pytest.raises(YamlProblem) as exc:
        decode(b"x" * (MAX_FILE_BYTES + 1))
    assert "te groot" in exc.value.message


def test_front_matter_size_cap() -> None:
    with pytest.raises(YamlProblem) as exc:
        split("---\n" + "a: b\n" * 20000 + "---\n")
    assert "front matter is te groot" in exc.value.message


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Bèta in één regio", "beta-in-een-regio"),
        ("  Techniek & Zorg: 2026!  ", "techniek-zorg-2026"),
        ("Ça va? Ĳsselmeer", "ca-va-ijsselmeer"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_suggestions() -> None:
    assert closest("Pilotfase", {"pilotfase": "Pilotfase"}) == "pilotfase"
    assert closest("Financiële middelen", {"I": "Financiële middelen", "II": "Monitoring"}) == "I"
    assert closest("volkomen anders", ["pilotfase"]) is None


def test_model_joins_links_from_both_sides(project) -> None:
    kb = load(project.content, root=project.root)
    assert [lesson.slug for lesson in kb.lessons_of(kb.cases["pilot-docenten"])] == ["begin-klein"]
    assert [case.slug for case in kb.cases_of(kb.lessons["begin-klein"])] == ["pilot-docenten"]
    assert [case.slug for case in kb.cases_of(kb.lessons["combineer-geld-en-kennis"])] == ["regionale-aanpak"]
    assert kb.cases["regionale-aanpak"].published == dt.date(2026, 11, 27)


def test_matrix_counts(project) -> None:
    kb = load(project.content, root=project.root)
    counts = {(level.id, phase.id): n for level, row in kb.matrix() for phase, n in row}
    assert counts[("I", "vroege-volgers")] == 1
    assert counts[("V", "vroege-volgers")] == 1
    assert counts[("III", "pilotfase")] == 1
    assert sum(counts.values()) == 4  # one case carries two levels
    assert len(counts) == 28


def problems_of(project) -> list[str]:
    with pytest.raises(ContentError) as exc:
        load(project.content, root=project.root)
    return [p.format() for p in exc.value.problems]


def test_every_file_reported_in_one_run(project) -> None:
    project.case("een", "Een", fase="fout-een")
    project.case("twee", "Twee", onderwijs="[fout-twee]")
    lines = problems_of(project)
    assert any(line.startswith("kennisbank/praktijkvoorbeelden/een.md:5:7: fase:") for line in lines)
    assert any(line.startswith("kennisbank/praktijkvoorbeelden/twee.md:6:13: onderwijs:") for line in lines)


def test_invalid_file_name(project) -> None:
    project.write("kennisbank/praktijkvoorbeelden/Bèta Regio.md", case_text("Bèta"))
    assert problems_of(project) == [
        "kennisbank/praktijkvoorbeelden/Bèta Regio.md:1:1: bestandsnaam: 'Bèta Regio.md' is geen geldige "
        "bestandsnaam; gebruik kleine letters zonder accenten, cijfers en koppeltekens, bijvoorbeeld "
        "'beta-in-een-regio.md'"
    ]


def test_slug_unique_across_cases_and_lessons(project) -> None:
    project.lesson("pilot-docenten", "Pilot docenten als les")
    assert problems_of(project) == [
        "kennisbank/lessen/pilot-docenten.md:1:1: bestandsnaam: 'pilot-docenten' is ook de naam van een "
        "praktijkvoorbeeld; elke naam mag maar één keer voorkomen in de kennisbank"
    ]


def test_symlink_is_refused(project, tmp_path: Path) -> None:
    outside = tmp_path / "geheim.md"
    outside.write_text(case_text("Geheim"), encoding="utf-8")
    (project.content / "praktijkvoorbeelden" / "geheim.md").symlink_to(outside)
    assert problems_of(project) == [
        "kennisbank/praktijkvoorbeelden/geheim.md:1:1: bestand: symbolische links zijn niet toegestaan in de "
        "kennisbank; zet het bestand zelf hier neer"
    ]


def test_other_files_in_content_folder(project) -> None:
    project.write("kennisbank/praktijkvoorbeelden/notities.txt", "x")
    assert problems_of(project) == [
        "kennisbank/praktijkvoorbeelden/notities.txt:1:1: bestand: alleen .md-bestanden horen in praktijkvoorbeelden/"
    ]


def test_missing_and_unknown_level_texts(project) -> None:
    (project.content / "niveaus" / "IV.md").unlink()
    project.write("kennisbank/niveaus/VIII.md", "Tekst")
    assert problems_of(project) == [
        "kennisbank/niveaus/IV.md:1:1: bestand: de tekst van interventieniveau IV ontbreekt; maak dit bestand aan",
        "kennisbank/niveaus/VIII.md:1:1: bestandsnaam: er is geen interventieniveau 'VIII' (bedoelde je 'VII'?); "
        "de bestanden heten naar de id's: I.md, II.md, III.md, IV.md, V.md, VI.md, VII.md",
    ]


@pytest.mark.parametrize(
    ("taxonomy", "expected"),
    [
        (
            "facetten:\n  fase:\n    label: Fase\n    meervoud: Fasen\n    waarden: []\n",
            [
                "kennisbank/taxonomie.yml:2:3: interventieniveaus: dit facet ontbreekt in de taxonomie",
                "kennisbank/taxonomie.yml:2:3: onderwijs: dit facet ontbreekt in de taxonomie",
                "kennisbank/taxonomie.yml:2:3: regio: dit facet ontbreekt in de taxonomie",
                "kennisbank/taxonomie.yml:2:3: thema: dit facet ontbreekt in de taxonomie",
                "kennisbank/taxonomie.yml:5:14: fase.waarden: hier hoort een lijst met ten minste één waarde (- id: ...)",
            ],
        ),
        (
            "facetten:\n  fase: x\n  fasen: y\n",
            [
                "kennisbank/taxonomie.yml:2:3: interventieniveaus: dit facet ontbreekt in de taxonomie",
                "kennisbank/taxonomie.yml:2:3: onderwijs: dit facet ontbreekt in de taxonomie",
                "kennisbank/taxonomie.yml:2:3: regio: dit facet ontbreekt in de taxonomie",
                "kennisbank/taxonomie.yml:2:3: thema: dit facet ontbreekt in de taxonomie",
                "kennisbank/taxonomie.yml:2:9: fase: hier horen de velden label, meervoud, beschrijving en waarden",
                "kennisbank/taxonomie.yml:3:3: fasen: onbekend facet (bedoelde je 'fase'?); toegestaan: "
                "interventieniveaus, fase, onderwijs, thema, regio",
            ],
        ),
        ("facetten: &a x\n", ["kennisbank/taxonomie.yml:1:11: facetten: ankers (&a) zijn niet toegestaan; schrijf de waarde voluit"]),
    ],
)
def test_taxonomy_is_checked(project, taxonomy: str, expected: list[str]) -> None:
    project.write("kennisbank/taxonomie.yml", taxonomy)
    assert problems_of(project) == expected


def test_duplicate_term_id_in_taxonomy(project) -> None:
    text = project.read("kennisbank/taxonomie.yml").replace("- id: noord", "- id: Landelijk")
    project.write("kennisbank/taxonomie.yml", text)
    lines = problems_of(project)
    assert len(lines) == 1 and "regio.waarden[2].id: id 'Landelijk' komt al voor" in lines[0]


def test_fast_terms_equal_whoosh_analyzer() -> None:
    from mkdocs_kennisbank.analysis import analyzer, terms

    text = (REPO / "kennisbank" / "niveaus" / "III.md").read_text(encoding="utf-8") + " Gesprekken, DOCENTEN; e.g. 3.14 a*b"
    assert terms(text) == [token.text for token in analyzer()(text)]
    assert terms("gesprekken met docenten") == ["gesprek", "docent"]


def test_empty_optional_values_count_as_absent(project) -> None:
    """Forms (Decap) write empty optional fields as '' or []; that holds no data, so it is accepted."""
    path = project.case("leeg", "Leeg", onderwijs="[mbo]")
    text = path.read_text(encoding="utf-8").replace(
        "status: lopend", "status: ''\nprogramma: \"\"\norganisaties: []\nlessen: []\ncontact: {}\nbronnen: []"
    )
    path.write_text(text, encoding="utf-8")
    kb = load(project.content, root=project.root)
    case = kb.cases["leeg"]
    assert (case.status, case.programme, case.organisations, case.contact) == (None, None, [], None)
