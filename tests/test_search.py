"""Command-line search (Whoosh adapter), query cleaning, related cases and `new`'s warning."""

from __future__ import annotations

import json
import shutil

import pytest

from mkdocs_kennisbank import load
from mkdocs_kennisbank.cli import main
from mkdocs_kennisbank.errors import UsageError
from mkdocs_kennisbank.query import MAX_QUERY_LENGTH, clean
from mkdocs_kennisbank.related import related_cases
from mkdocs_kennisbank.textsearch import SearchIndex

from .conftest import case_text


@pytest.fixture
def searchable(project):
    project.write(
        "kennisbank/praktijkvoorbeelden/gesprekken-met-ouders.md",
        case_text("Ouders betrekken", levels="[V]", fase="opschalingsfase", onderwijs="[vmbo]")
        + "\nDe school voert elk jaar een gesprek met ouders over de keuze voor techniek.\n",
    )
    project.write(
        "kennisbank/praktijkvoorbeelden/hybride-docenten-in-het-mbo.md",
        case_text("Hybride docenten in het mbo", levels="[III]", fase="pilotfase", onderwijs="[mbo]",
                  description="Vakmensen uit bedrijven geven les als hybride docent.")
        + "\nHybride docenten combineren werk in een bedrijf met lesgeven op school.\n",
    )
    project.write(
        "kennisbank/praktijkvoorbeelden/hybride-docenten-in-het-vmbo.md",
        case_text("Hybride docenten in het vmbo", levels="[III]", fase="vroege-volgers", onderwijs="[vmbo]",
                  description="Een hybride docent werkt deels in een bedrijf en deels op school.")
        + "\nOok in het vmbo combineren hybride docenten werk in een bedrijf met lesgeven.\n",
    )
    return project


def index_for(project):
    kb = load(project.content, root=project.root)
    search_index = SearchIndex(project.root / ".cache" / "kennisbank")
    stats = search_index.update(kb, project.root)
    return kb, search_index, stats


def slugs(results) -> list[str]:
    return [hit.slug for hit in results.hits]


def test_dutch_stemming(searchable) -> None:
    kb, search_index, _ = index_for(searchable)
    assert slugs(search_index.search("gesprekken", kb)) == ["gesprekken-met-ouders"]
    assert "«gesprek»" in search_index.search("gesprekken", kb).hits[0].snippet


def test_facet_filters_combine(searchable) -> None:
    kb, search_index, _ = index_for(searchable)
    found = slugs(search_index.search("hybride docent", kb))
    # Pages with both words first; "Pilot docenten" matches one word and comes after them.
    assert set(found[:2]) == {"hybride-docenten-in-het-mbo", "hybride-docenten-in-het-vmbo"}
    assert found[2:] == ["pilot-docenten"]
    assert slugs(search_index.search("hybride docent", kb, {"onderwijs": "vmbo"})) == ["hybride-docenten-in-het-vmbo"]
    assert slugs(search_index.search("hybride docent", kb, {"niveau": "III", "fase": "pilotfase"})) == [
        "hybride-docenten-in-het-mbo", "pilot-docenten",
    ]
    assert slugs(search_index.search("hybride docent", kb, {"niveau": "I"})) == []
    assert slugs(search_index.search("hybride docent", kb, {"fase": "late-volgers"})) == []


@pytest.fixture
def teachers(project):
    """Pages for the ranking rules: several words, compounds, diacritics, title weight."""
    pages = {
        "bedrijven-in-het-vmbo": ("Bedrijven in het vmbo", "Bedrijven geven gastlessen techniek op vmbo-scholen."),
        "alleen-bedrijven": ("Samen met de buurt", "Bedrijven uit de buurt doen mee."),
        "techniek-in-het-vmbo": ("Techniek op school", "Het vmbo en techniek: een verhaal over lessen."),
        "tekort": ("Nieuwe wegen naar de klas", "Er is een groot tekort aan techniekdocenten en leraren."),
        "beta-onderwijs": ("Bèta in de bovenbouw", "Financiële steun voor bèta en coördinatie."),
        "windmolens": ("Onderhoud", "Vakmensen voor het onderhoud van windmolens."),
        "winnen": ("Talent winnen", "Jongeren winnen voor de techniek is het doel."),
        "in-de-titel": ("Ouderbetrokkenheid", "Een tekst over scholen."),
        "in-de-tekst": ("Een verhaal over scholen", "Hier gaat het ook over ouderbetrokkenheid."),
    }
    for slug, (title, body) in pages.items():
        project.write(f"kennisbank/praktijkvoorbeelden/{slug}.md", case_text(title, onderwijs="[vmbo]") + f"\n{body}\n")
    return project


def test_most_words_first_and_never_empty(teachers) -> None:
    kb, search_index, _ = index_for(teachers)
    results = search_index.search("bedrijven betrekken bij techniekonderwijs in het vmbo", kb)
    found = slugs(results)
    # bedrijf + techniek(onderwijs) + vmbo first; then pages with fewer of the words.
    assert found[0] == "bedrijven-in-het-vmbo"
    assert found.index("techniek-in-het-vmbo") < found.index("alleen-bedrijven")
    assert "winnen" in found  # "techniek" in its text: a part of "techniekonderwijs"
    assert results.notes == [
        "geen resultaten met alle woorden; dit zijn resultaten met een deel van de woorden, de meeste eerst"
    ]


def test_compounds_and_word_forms_find_pages(teachers) -> None:
    kb, search_index, _ = index_for(teachers)
    assert slugs(search_index.search("lerarentekort", kb))[0] == "tekort"
    # "Pilot docenten" (from the project fixture) has the word itself; "tekort" has techniekdocenten.
    assert slugs(search_index.search("docent", kb)) == ["pilot-docenten", "tekort"]
    assert "«techniekdocenten»" in search_index.search("docent", kb).hits[1].snippet
    found = slugs(search_index.search("gastles", kb))
    assert found[0] == "bedrijven-in-het-vmbo"  # gastlessen; then pages with only "les" or "lessen"
    assert "techniek-in-het-vmbo" in found[1:]
    assert slugs(search_index.search("beta financiele coordinatie", kb)) == ["beta-onderwijs"]
    assert slugs(search_index.search("windturbines", kb)) == ["windmolens"]  # shares "wind"


def test_a_page_without_a_shared_word_is_never_a_hit(teachers) -> None:
    kb, search_index, _ = index_for(teachers)
    assert "winnen" not in slugs(search_index.search("windturbines", kb))
    assert slugs(search_index.search("onvindbaar", kb)) == []


def test_title_weighs_more_than_text(teachers) -> None:
    kb, search_index, _ = index_for(teachers)
    assert slugs(search_index.search("ouderbetrokkenheid", kb))[:2] == ["in-de-titel", "in-de-tekst"]


def test_misspelled_word_gets_a_suggestion(teachers) -> None:
    kb, search_index, _ = index_for(teachers)
    results = search_index.search("ondrehoud", kb)
    assert results.hits == [] and results.suggestions == {"ondrehoud": "onderhoud"}
    assert "bedoelde je 'onderhoud'?" in results.notes[-1]


def test_old_schema_cache_is_replaced(teachers) -> None:
    old = teachers.root / ".cache" / "kennisbank" / "whoosh-v4"
    old.mkdir(parents=True)
    (old / "digests.json").write_text("{}", encoding="utf-8")
    _, _, stats = index_for(teachers)
    assert stats.rebuilt and not old.exists()
    current = next((teachers.root / ".cache" / "kennisbank").glob("whoosh-v*"))
    (current / "analysis.txt").write_text("rules-0-snowballstemmer-2.2.0", encoding="utf-8")
    _, _, again = index_for(teachers)
    assert again.rebuilt  # another analysis (rules or library versions): rebuilt


def test_unknown_filter_value(searchable) -> None:
    kb, search_index, _ = index_for(searchable)
    with pytest.raises(UsageError) as exc:
        search_index.search("docent", kb, {"fase": "pilot"})
    assert str(exc.value) == (
        "--fase: onbekende waarde 'pilot' (bedoelde je 'pilotfase'?); "
        "kies uit: pilotfase, vroege-volgers, opschalingsfase, late-volgers"
    )


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("doc*", ["doc"]),
        ("*a*b*c*d*e*", ["a", "b", "c", "d", "e"]),
        ("title:hybride", ["title", "hybride"]),
        ("[a TO zzzz]", ["a", "zzzz"]),
        ("docent~2", ["docent", "2"]),
        ("hybride^100 docent", ["hybride", "100", "docent"]),
        ('"hybride docent" AND NOT mbo', ["hybride", "docent", "mbo"]),
        ("((((((((docent))))))))", ["docent"]),
    ],
)
def test_query_syntax_is_never_parsed(query: str, words: list[str]) -> None:
    cleaned = clean(query)
    assert cleaned.words == words
    assert cleaned.notes == [
        "zoektekens als * ? ~ ^ : \" ( ) [ ] en AND/OR/NOT worden niet gebruikt; er wordt gezocht op de gewone woorden"
    ]


def test_hostile_queries_get_an_answer(searchable) -> None:
    kb, search_index, _ = index_for(searchable)
    for query in ["*", "?", "a" * MAX_QUERY_LENGTH, "docent " * 28, "~~~~ ^^^^ ::::", "[* TO *]"]:
        try:
            search_index.search(query, kb)
        except UsageError as exc:
            assert str(exc).startswith("de zoekopdracht")


def test_refused_queries_have_dutch_messages(searchable) -> None:
    kb, search_index, _ = index_for(searchable)
    with pytest.raises(UsageError, match=r"^de zoekopdracht is 201 tekens lang; het maximum is 200"):
        search_index.search("x" * 201, kb)
    with pytest.raises(UsageError, match=r"^de zoekopdracht bevat geen woorden"):
        search_index.search("*** ???", kb)
    with pytest.raises(UsageError, match=r"^de zoekopdracht bevat alleen veelvoorkomende woorden"):
        search_index.search("de het en", kb)


def test_incremental_index(searchable) -> None:
    _, _, first = index_for(searchable)
    assert (first.written, first.removed, first.rebuilt) == (8, 0, True)
    _, _, again = index_for(searchable)
    assert (again.written, again.removed, again.rebuilt) == (0, 0, False)
    path = searchable.root / "kennisbank/praktijkvoorbeelden/netwerk-scholen.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nNieuw: een gesprek met bedrijven.\n", encoding="utf-8")
    (searchable.root / "kennisbank/praktijkvoorbeelden/pilot-docenten.md").unlink()
    searchable.write(
        "kennisbank/lessen/begin-klein.md",
        searchable.read("kennisbank/lessen/begin-klein.md"),
    )  # rewritten with the same bytes: not re-indexed
    kb, search_index, edited = index_for(searchable)
    assert (edited.written, edited.removed, edited.rebuilt) == (1, 1, False)
    assert set(slugs(search_index.search("gesprek", kb))) == {"gesprekken-met-ouders", "netwerk-scholen"}


@pytest.mark.parametrize("damage", ["delete-digests", "garbage-digests", "garbage-toc", "delete-all"])
def test_damaged_cache_is_rebuilt(searchable, damage: str) -> None:
    index_for(searchable)
    folder = next((searchable.root / ".cache" / "kennisbank").glob("whoosh-v*"))
    if damage == "delete-digests":
        (folder / "digests.json").unlink()
    elif damage == "garbage-digests":
        (folder / "digests.json").write_text("{niet json", encoding="utf-8")
    elif damage == "garbage-toc":
        for toc in folder.glob("*.toc"):
            toc.write_bytes(b"\x00kapot")
    else:
        shutil.rmtree(searchable.root / ".cache")
    kb, search_index, stats = index_for(searchable)
    assert stats.rebuilt and stats.written == 8
    assert slugs(search_index.search("gesprekken", kb)) == ["gesprekken-met-ouders"]


def test_cli_search_json(searchable, monkeypatch, capsys) -> None:
    monkeypatch.chdir(searchable.root)
    assert main(["search", "hybride", "docenten", "--onderwijs", "mbo", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [hit["slug"] for hit in out] == ["hybride-docenten-in-het-mbo"]
    assert out[0]["title"] == "Hybride docenten in het mbo" and out[0]["score"] > 0
    assert out[0]["soort"] == "praktijkvoorbeeld" and out[0]["onderwijs"] == ["mbo"]


def test_cli_search_text_and_messages(searchable, monkeypatch, capsys) -> None:
    monkeypatch.chdir(searchable.root)
    assert main(["search", "gesprekken", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 resultaat:\n\n1. Ouders betrekken  [praktijkvoorbeeld]\n")
    assert main(["search", "doc*"]) == 0
    assert capsys.readouterr().err.startswith("Let op: zoektekens als *")
    assert main(["search", "x" * 300]) == 2
    assert capsys.readouterr().err.startswith("Fout: de zoekopdracht is 300 tekens lang")
    assert main(["search", "docent", "--niveau", "VIII"]) == 2
    assert main(["search", "docent", "--limit", "0"]) == 2
    assert main(["search", "onvindbaar"]) == 0
    assert capsys.readouterr().out.startswith("Geen resultaten.")


def test_related_cases(searchable) -> None:
    kb = load(searchable.content, root=searchable.root)
    related = related_cases(kb, limit=2)
    assert related["hybride-docenten-in-het-mbo"][0] == "hybride-docenten-in-het-vmbo"
    assert related["hybride-docenten-in-het-vmbo"][0] == "hybride-docenten-in-het-mbo"
    assert all(slug not in others for slug, others in related.items())
    cache: dict = {}
    assert related_cases(kb, limit=2, cache=cache) == related == related_cases(kb, limit=2, cache=cache)


def test_new_warns_about_a_similar_case(searchable, monkeypatch, capsys) -> None:
    monkeypatch.chdir(searchable.root)
    assert main(["new", "praktijkvoorbeeld", "Hybride docenten in het hbo"]) == 0
    err = capsys.readouterr().err
    assert "Let op: er bestaat al een vergelijkbaar praktijkvoorbeeld: " in err
    assert "kennisbank/praktijkvoorbeelden/hybride-docenten-in-het-mbo.md (Hybride docenten in het mbo)" in err
    assert (searchable.root / "kennisbank/praktijkvoorbeelden/hybride-docenten-in-het-hbo.md").exists()
    assert main(["new", "praktijkvoorbeeld", "Iets heel anders"]) == 0
    assert "Let op" not in capsys.readouterr().err
