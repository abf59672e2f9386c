"""Unit tests of the framework-free core: strict YAML, front matter, loader, model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mkdocs_kennisbank import ContentError, load
from mkdocs_kennisbank.content.frontmatter import MAX_FILE_BYTES, decode, split
from mkdocs_kennisbank.content.strictyaml import Mapping, Scalar, Sequence, YamlProblem, parse
from mkdocs_kennisbank.content.suggest import closest
from mkdocs_kennisbank.contribute.scaffold import slugify

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
    counts = {(level.id, phase.id): n for level, row in kb.matrix() for phase, n, _ in row}
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
                "kennisbank/taxonomie.yml:2:3: interventieniveaus: dit facet ontbreekt in de taxonomie; "
                "interventieniveaus en fase zijn altijd nodig",
                "kennisbank/taxonomie.yml:5:14: fase.waarden: hier hoort een lijst met ten minste één waarde (- id: ...)",
            ],
        ),
        (
            "facetten:\n  fase: x\n  fasen: y\n",
            [
                "kennisbank/taxonomie.yml:2:3: interventieniveaus: dit facet ontbreekt in de taxonomie; "
                "interventieniveaus en fase zijn altijd nodig",
                "kennisbank/taxonomie.yml:2:9: fase: hier horen de velden label, meervoud, beschrijving en waarden",
                "kennisbank/taxonomie.yml:3:10: fasen: hier horen de velden label, meervoud, beschrijving en waarden",
            ],
        ),
        (
            "facetten: &a x\n",
            ["kennisbank/taxonomie.yml:1:11: facetten: ankers (&a) zijn niet toegestaan; schrijf de waarde voluit"],
        ),
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


def test_whoosh_analyzer_yields_the_dutch_terms() -> None:
    from mkdocs_kennisbank.search import dutch
    from mkdocs_kennisbank.search.textsearch import DutchAnalyzer

    text = (REPO / "kennisbank" / "niveaus" / "III.md").read_text(
        encoding="utf-8"
    ) + " Gesprekken, DOCENTEN; e.g. 3.14 a*b"
    assert dutch.terms(text) == [token.text for token in DutchAnalyzer()(text)]
    assert dutch.terms("gesprekken met docenten") == dutch.terms("gesprek met docent")


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


# -- hostile content: files, folders, names (see also test_hostile_input.py) ----------------


def load_in_thread(project, timeout: float = 60.0) -> list[str]:
    """problems_of(project), but a hang fails the test instead of blocking it forever."""
    import threading

    result: list = []
    worker = threading.Thread(target=lambda: result.append(_problems_or_none(project)), daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), "the loader blocked"
    return result[0]


def _problems_or_none(project) -> list[str] | None:
    try:
        load(project.content, root=project.root)
    except ContentError as exc:
        return [p.format() for p in exc.problems]
    return None


FIFO_MESSAGE = (
    "bestand: dit is geen gewoon bestand maar een named pipe (FIFO); zet hier alleen gewone tekstbestanden neer"
)


@pytest.mark.parametrize("rel", ["praktijkvoorbeelden/x.md", "lessen/x.md", "niveaus/I.md", "taxonomie.yml"])
def test_fifo_named_like_content_is_refused_without_blocking(project, rel: str) -> None:
    import os

    path = project.content / rel
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    assert load_in_thread(project) == [f"kennisbank/{rel}:1:1: {FIFO_MESSAGE}"]


@pytest.mark.parametrize("rel", ["praktijkvoorbeelden", "lessen", "niveaus", "taxonomie.yml", "afbeeldingen"])
def test_symlinks_anywhere_in_the_content_tree_are_refused(project, tmp_path: Path, rel: str) -> None:
    import shutil

    outside = tmp_path / "buiten"
    original = project.content / rel
    if original.is_dir():
        shutil.copytree(original, outside)
        shutil.rmtree(original)
    elif original.exists():
        shutil.copy(original, outside)
        original.unlink()
    else:
        outside.mkdir()
    original.symlink_to(outside)
    field, what = ("bestand", "het bestand") if rel.endswith(".yml") else ("map", "de map")
    lines = problems_of(project)  # links to cases or lessons in a refused folder fail as well
    assert (
        f"kennisbank/{rel}:1:1: {field}: symbolische links zijn niet toegestaan in de kennisbank; zet {what} zelf hier neer"
        in lines
    )
    assert not any(line.startswith(f"kennisbank/{rel}/") for line in lines)  # nothing behind the link was read


def test_content_folder_itself_may_not_be_a_symlink(project, tmp_path: Path) -> None:
    link = project.root / "kb-link"
    link.symlink_to(project.content)
    with pytest.raises(ContentError) as exc:
        load(link, root=project.root)
    assert [p.format() for p in exc.value.problems] == [
        "kb-link:1:1: map: symbolische links zijn niet toegestaan in de kennisbank; zet de map zelf hier neer"
    ]


def test_reserved_names_are_refused(project) -> None:
    project.write("kennisbank/praktijkvoorbeelden/index.md", case_text("Index"))
    text = project.read("kennisbank/taxonomie.yml").replace("- id: noord", "- id: Index")
    project.write("kennisbank/taxonomie.yml", text)
    lines = problems_of(project)  # the taxonomy first: without it nothing else can be checked
    assert len(lines) == 1
    assert lines[0].endswith(
        "regio.waarden[2].id: id 'Index' is gereserveerd: de kennisbank maakt zelf de pagina regio/index "
        "(het overzicht van dit facet); kies een andere id"
    )
    project.write("kennisbank/taxonomie.yml", (REPO / "kennisbank" / "taxonomie.yml").read_text(encoding="utf-8"))
    assert problems_of(project) == [
        "kennisbank/praktijkvoorbeelden/index.md:1:1: bestandsnaam: 'index.md' is een gereserveerde naam: de "
        "kennisbank maakt zelf de pagina praktijkvoorbeelden/index; kies een andere bestandsnaam"
    ]


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ('"Noord\\u202e"', "de waarde bevat een onzichtbaar teken U+202E (richting omkeren)"),
        ('"\\u200b"', "de tekst bestaat alleen uit onzichtbare tekens: U+200B (breedteloze spatie)"),
        ('"Noord\\e[31m"', "de waarde bevat een stuurteken U+001B (escape)"),
    ],
)
def test_taxonomy_labels_are_plain_text_like_any_other(project, label: str, message: str) -> None:
    text = project.read("kennisbank/taxonomie.yml")
    assert "label: Noord-Nederland\n" in text
    project.write("kennisbank/taxonomie.yml", text.replace("label: Noord-Nederland\n", f"label: {label}\n", 1))
    lines = problems_of(project)
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("kennisbank/taxonomie.yml:")


def test_taxonomy_labels_may_hold_markup_like_text(project) -> None:
    text = project.read("kennisbank/taxonomie.yml").replace(
        "label: Noord-Nederland\n", 'label: "Noord & <Zuid> \\"{{ x }}\\""\n', 1
    )
    project.write("kennisbank/taxonomie.yml", text)
    kb = load(project.content, root=project.root)
    assert kb.taxonomy.term("regio", "noord").label == 'Noord & <Zuid> "{{ x }}"'


@pytest.mark.parametrize(
    ("date", "ok"), [("1970-01-01", True), ("2099-12-31", True), ("1969-12-31", False), ("2100-01-01", False)]
)
def test_date_range(project, date: str, ok: bool) -> None:
    path = project.case("datum", "Datum")
    path.write_text(
        path.read_text(encoding="utf-8").replace("gepubliceerd: 2026-11-27", f"gepubliceerd: {date}"), encoding="utf-8"
    )
    if ok:
        assert load(project.content, root=project.root).cases["datum"].published.isoformat() == date
    else:
        assert problems_of(project) == [
            f"kennisbank/praktijkvoorbeelden/datum.md:11:15: gepubliceerd: '{date}' ligt buiten het toegestane bereik; "
            "kies een datum van 1970-01-01 tot en met 2099-12-31"
        ]


@pytest.mark.parametrize(
    ("email", "ok"),
    [
        ("naam.achternaam+kennisbank@school-x.nl", True),
        ("a@b.co.uk", True),
        ("a@b.nl?bcc=c@d.nl", False),
        ("a@b.nl?subject=x", False),
        ("a@b.nl&cc=c", False),
        ("a%40b@c.nl", False),
        ("a@b.nl,c@d.nl", False),
        ("a@b.nl;c@d.nl", False),
        ("'a'@b.nl", False),
        ("a b@c.nl", False),
    ],
)
def test_contact_email_is_a_plain_address(project, email: str, ok: bool) -> None:
    path = project.case("contact", "Contact")
    extra = f'contact:\n  naam: Jan\n  email: "{email}"\n'
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: lopend\n", "status: lopend\n" + extra), encoding="utf-8"
    )
    if ok:
        assert load(project.content, root=project.root).cases["contact"].contact.email == email
    else:
        assert [line.split(": ", 2)[1] for line in problems_of(project)] == ["contact.email"]


def test_positions_after_line_separator_characters_are_not_shifted() -> None:
    """PyYAML counts NEL, U+2028 and U+2029 as line breaks; refused where they stand, so no
    position after them can be off."""
    for char in ("\x85", "\u2028", "\u2029"):
        with pytest.raises(YamlProblem) as exc:
            split(decode(f"---\ntitle: a\ndescription: b{char}c\n---\n".encode()))
        assert (exc.value.line, exc.value.col, exc.value.field) == (3, 15, "description")


def test_deep_nesting_inside_code_is_fine(project) -> None:
    deep = "".join("    " * i + "- x\n" for i in range(60))
    path = project.case("code", "Code")
    path.write_text(path.read_text(encoding="utf-8") + "\n```text\n" + deep + "```\n", encoding="utf-8")
    load(project.content, root=project.root)
    path.write_text(path.read_text(encoding="utf-8").replace("```text\n", "").replace("```\n", ""), encoding="utf-8")
    lines = problems_of(project)
    assert len(lines) == 1 and "niveaus diep genest" in lines[0] and "ook op 26 regels daarna" in lines[0]
