"""Command-line search (Whoosh adapter), query cleaning, related cases and `new`'s warning."""

from __future__ import annotations

import gc
import json
import math
import random
import shutil
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import TEXT
from whoosh.query import And, Term

from mkdocs_kennisbank import load
from mkdocs_kennisbank.cli import main
from mkdocs_kennisbank.errors import UsageError
from mkdocs_kennisbank.search import dutch, related, textsearch
from mkdocs_kennisbank.search.query import MAX_QUERY_LENGTH, clean
from mkdocs_kennisbank.search.related import related_cases
from mkdocs_kennisbank.search.textsearch import SearchIndex

from .conftest import REPO, case_text


@pytest.fixture
def searchable(project):
    project.write(
        "kennisbank/praktijkvoorbeelden/gesprekken-met-ouders.md",
        case_text("Ouders betrekken", levels="[V]", fase="opschalingsfase", onderwijs="[vmbo]")
        + "\nDe school voert elk jaar een gesprek met ouders over de keuze voor techniek.\n",
    )
    project.write(
        "kennisbank/praktijkvoorbeelden/hybride-docenten-in-het-mbo.md",
        case_text(
            "Hybride docenten in het mbo",
            levels="[III]",
            fase="pilotfase",
            onderwijs="[mbo]",
            description="Vakmensen uit bedrijven geven les als hybride docent.",
        )
        + "\nHybride docenten combineren werk in een bedrijf met lesgeven op school.\n",
    )
    project.write(
        "kennisbank/praktijkvoorbeelden/hybride-docenten-in-het-vmbo.md",
        case_text(
            "Hybride docenten in het vmbo",
            levels="[III]",
            fase="vroege-volgers",
            onderwijs="[vmbo]",
            description="Een hybride docent werkt deels in een bedrijf en deels op school.",
        )
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
        "hybride-docenten-in-het-mbo",
        "pilot-docenten",
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
    assert "winnen" not in found  # only "techniek": half of "techniekonderwijs" is no match
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
    assert found[0] == "bedrijven-in-het-vmbo"  # gastlessen
    assert "techniek-in-het-vmbo" not in found  # "lessen" alone is not a guest lesson
    assert slugs(search_index.search("beta financiele coordinatie", kb)) == ["beta-onderwijs"]


def test_a_compound_needs_all_of_its_parts(teachers) -> None:
    """A compound no page has counts only where a page has all its parts: "windturbines" does not
    find a page that only shares "wind", and says which parts to search for instead."""
    kb, search_index, _ = index_for(teachers)
    results = search_index.search("windturbines", kb)
    assert slugs(results) == []
    assert any(
        "geen pagina bevat 'windturbines' of al zijn delen" in note and "'wind'" in note for note in results.notes
    )


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
        'zoektekens als * ? ~ ^ : " ( ) [ ] en AND/OR/NOT worden niet gebruikt; er wordt gezocht op de gewone woorden'
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
    )  # rewritten with the same bytes, but it loses the case behind it (pilot-docenten) and with
    # it that case's phase and school types as search filters: re-indexed for that reason alone
    kb, search_index, edited = index_for(searchable)
    assert (edited.written, edited.removed, edited.rebuilt) == (2, 1, False)
    _, _, unchanged = index_for(searchable)
    assert (unchanged.written, unchanged.removed) == (0, 0)
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


# -- the faster scorer, the index it reads, and the analysis version ---------------------------------

VOCABULARY = [
    "techniek",
    "docent",
    "docenten",
    "techniekdocenten",
    "gastles",
    "gastlessen",
    "les",
    "lessen",
    "bedrijf",
    "bedrijven",
    "leraar",
    "leraren",
    "lerarentekort",
    "tekort",
    "ouders",
    "ouderbetrokkenheid",
    "regio",
    "stage",
    "stages",
    "school",
    "scholen",
    "leerling",
    "leerlingen",
    "netwerk",
    "profielkeuze",
    "profiel",
    "keuze",
    "coach",
    "coaches",
    "werkplekleren",
    "instroom",
    "monitoring",
    "vmbo",
    "mbo",
    "hybride",
    "windmolens",
]


@pytest.fixture
def corpus(project):
    """150 cases of random words: big tiers of equal coverage, compounds and their parts, repeats."""
    rng = random.Random(20261127)
    for number in range(150):
        title = " ".join(rng.sample(VOCABULARY, 3)).capitalize()
        body = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(5, 60)))
        levels = rng.choice(["[I]", "[III]", "[III, V]"])
        project.write(
            f"kennisbank/praktijkvoorbeelden/geval-{number:03d}.md",
            case_text(f"{title} {number}", levels=levels, onderwijs=rng.choice(["[mbo]", "[vmbo]"])) + f"\n{body}.\n",
        )
    return project


def split_and_delete(search_index, slugs_to_delete: list[str], extra_title: str) -> None:
    """A second segment and deleted documents, as incremental updates leave them (never merged here)."""
    ix = whoosh_index.open_dir(str(search_index.dir))
    writer = ix.writer()
    for slug in slugs_to_delete:
        writer.delete_by_term("slug", slug)
    writer.add_document(
        slug="extra",
        kind="praktijkvoorbeelden",
        path="x.md",
        title=extra_title,
        description="Extra.",
        body="",
        content=f"{extra_title} {extra_title} techniekdocenten gastlessen",
        facets="niveau=III,onderwijs=mbo",
    )
    writer.commit(merge=False)
    ix.close()


def reference_rank(search_index, groups, filters, limit):
    """Most words first, then BM25 over every matched term, computed for every page with Whoosh's
    public API only: what `textsearch._rank` must return, however it gets there."""
    ix = whoosh_index.open_dir(str(search_index.dir))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        total = reader.doc_count_all()
        average = searcher.avg_field_length("content", 1.0)

        def postings(term):
            found = {}
            try:
                matcher = reader.postings("content", term)
            except Exception:  # noqa: BLE001 - unknown term
                return found
            while matcher.is_active():
                found[matcher.id()] = matcher.weight()
                matcher.next()
            return found

        allowed = None
        if filters:
            allowed = set(searcher.docs_for_query(And([Term(f, v) for f, v in filters])))
        lists = {t: postings(t) for group in groups for t in group}
        coverage: dict[int, float] = {}
        for group in groups:
            whole, parts = lists[group[0]], [lists[t] for t in group[1:]]
            for d in set(whole).union(*parts):
                if d in whole:
                    coverage[d] = coverage.get(d, 0) + 1
                elif all(d in p for p in parts):  # a compound through all of its parts, never one
                    coverage[d] = coverage.get(d, 0) + textsearch.PART_COVERAGE
        ranked = []
        for d, covered in coverage.items():
            if allowed is not None and d not in allowed:
                continue
            score = 0.0
            for group in groups:
                for position, term in enumerate(group):
                    tf = lists[term].get(d)
                    if tf:
                        df = len(lists[term])
                        idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
                        length = reader.doc_field_length(d, "content", 0)
                        norm = textsearch.BM25_K1 * (1 - textsearch.BM25_B + textsearch.BM25_B * (length / average))
                        contribution = idf * tf * (textsearch.BM25_K1 + 1) / (tf + norm)
                        score += contribution if position == 0 else textsearch.PART_WEIGHT * contribution
            ranked.append((round(covered, 3), score, d))
    ix.close()
    ranked.sort(key=lambda item: (-item[0], -item[1], item[2]))
    return ranked[:limit], len(ranked)


def test_faster_scorer_ranks_like_plain_most_words_first_bm25(corpus) -> None:
    _, search_index, _ = index_for(corpus)
    split_and_delete(search_index, ["geval-003", "geval-050", "geval-149"], "Hybride techniekdocenten in de regio")
    rng = random.Random(7)
    snap = search_index._snapshot()
    assert len(snap.leaves) == 2 and snap.deleted  # several segments, deleted documents
    checked = 0
    for _ in range(120):
        words = " ".join(rng.sample([*VOCABULARY, "onbekendwoord"], rng.randint(1, 4)))
        groups = dutch.query_terms(words)
        if not groups:
            continue
        filters = rng.choice([[], [("niveau", "III")], [("niveau", "III"), ("onderwijs", "mbo")]])
        limit = rng.choice([1, 3, 10, 200])
        ranked, total, _ = textsearch._rank(snap, groups, snap.allowed(filters), limit)
        expected, expected_total = reference_rank(search_index, groups, filters, limit)
        assert total == expected_total, words
        assert [(c, d) for c, _, d in ranked] == [(c, d) for c, _, d in expected], (words, filters, limit)
        assert [s for _, s, _ in ranked] == pytest.approx([s for _, s, _ in expected], rel=1e-12)
        checked += 1
    assert checked > 100


def test_most_words_first_holds_in_big_tiers(corpus) -> None:
    kb, search_index, _ = index_for(corpus)
    for query in ["techniek docent", "gastlessen bedrijven regio", "lerarentekort ouders", "profielkeuze"]:
        groups = dutch.query_terms(query)
        results = search_index.search(query, kb, limit=50)
        pages = {e.slug: dutch.terms(f"{e.title} {e.description} {e.body}") for e in kb.cases.values()}
        covered = []
        for hit in results.hits:
            have = set(pages[hit.slug])
            covered.append(
                sum(
                    1.0
                    if g[0] in have
                    else textsearch.PART_COVERAGE * sum(t in have for t in g[1:]) / max(len(g) - 1, 1)
                    for g in groups
                )
            )
        assert covered == sorted(covered, reverse=True), query
        assert all(c > 0 for c in covered)


def test_fast_postings_and_lengths_equal_whoosh(corpus) -> None:
    _, search_index, _ = index_for(corpus)
    split_and_delete(search_index, ["geval-010", "geval-011"], "Nieuwe gastlessen")
    snap = search_index._snapshot()
    reader = snap.reader
    for term in ["techniek", "gastles", "les", "hybride", "windmolen", "geval", "onbekendwoord"]:
        expected_ids, expected_weights = [], []
        try:
            matcher = reader.postings("content", term)
            while matcher.is_active():
                expected_ids.append(matcher.id())
                expected_weights.append(matcher.weight())
                matcher.next()
        except Exception:  # noqa: BLE001, S110 - an unknown term has no postings
            pass
        found = snap.postings(term)
        assert (found.ids, found.frequencies) == (expected_ids, expected_weights), term
    for leaf, _ in snap.leaves:
        assert textsearch._field_lengths(leaf, "content") == [
            leaf.doc_field_length(d, "content", 0) or 0 for d in range(leaf.doc_count_all())
        ]


def test_content_field_indexes_like_whoosh_text() -> None:
    text = (REPO / "kennisbank" / "niveaus" / "III.md").read_text(encoding="utf-8")
    text += " Bèta-techniekdocenten, 3.14 a*b"
    ours = sorted(textsearch.DutchText().index(text))
    whoosh = sorted(TEXT(analyzer=textsearch.DutchAnalyzer(), phrase=False).index(text))
    assert ours == whoosh and ours


def test_open_index_sees_later_updates(searchable) -> None:
    kb, search_index, _ = index_for(searchable)
    assert slugs(search_index.search("windturbine", kb)) == []
    path = searchable.root / "kennisbank/praktijkvoorbeelden/netwerk-scholen.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nDe school bouwt een windturbine.\n", encoding="utf-8")
    kb = load(searchable.content, root=searchable.root)
    SearchIndex(searchable.root / ".cache" / "kennisbank").update(kb, searchable.root)  # another process
    assert slugs(search_index.search("windturbine", kb)) == ["netwerk-scholen"]
    path.unlink()
    kb = load(searchable.content, root=searchable.root)
    search_index.update(kb, searchable.root)
    assert slugs(search_index.search("windturbine", kb)) == []
    search_index.close()


def test_index_is_rebuilt_when_the_analysis_changes(searchable, monkeypatch) -> None:
    _, _, first = index_for(searchable)
    assert first.rebuilt
    _, _, same = index_for(searchable)
    assert not same.rebuilt
    monkeypatch.setattr(dutch, "analysis_version", lambda: "rules-99-snowballstemmer-9-simplemma-9")
    kb, search_index, changed = index_for(searchable)
    assert changed.rebuilt and changed.written == 8
    assert slugs(search_index.search("gesprekken", kb)) == ["gesprekken-met-ouders"]


def test_similar_title_is_found_among_many_cases_with_the_same_words(project) -> None:
    # Forty cases whose titles have the new title's words among many others, and that repeat them:
    # they outrank the one similar title on those words, but their titles are not similar.
    body = "\nHybride docenten, hybride docenten en nog eens hybride docenten in het hbo.\n"
    for number in range(40):
        project.case(f"ander-{number:02d}", f"Hybride docenten en hun werk op school en daarbuiten {number}")
        path = project.root / f"kennisbank/praktijkvoorbeelden/ander-{number:02d}.md"
        path.write_text(path.read_text(encoding="utf-8") + body, encoding="utf-8")
    project.case("hybride-docenten-in-het-mbo", "Hybride docenten in het mbo")
    _, search_index, _ = index_for(project)
    found = [hit.slug for hit in search_index.similar_cases("Hybride docenten in het hbo")]
    assert found == ["hybride-docenten-in-het-mbo"]
    assert search_index.similar_cases("Iets heel anders") == []


# -- related cases with the Dutch analysis ---------------------------------------------------------


def test_related_cases_use_the_dutch_analysis(monkeypatch) -> None:
    monkeypatch.setattr(related, "plain_text", lambda text: text)
    case = SimpleNamespace(title="Gastlessen", description="Techniekdocenten", programme=None, body="Bedrijven")
    assert related._words(case) == dutch.terms("Gastlessen Gastlessen Techniekdocenten  Bedrijven")


def test_related_cases_on_the_shipped_kennisbank() -> None:
    kb = load(REPO / "kennisbank", root=REPO)
    found = related_cases(kb)
    assert set(found) == set(kb.cases)
    assert all(others and slug not in others for slug, others in found.items())
    assert found["toptechniek-in-bedrijf"][0] == "toptechniek-gooi-en-vechtstreek"
    assert found["toptechniek-gooi-en-vechtstreek"][0] == "toptechniek-in-bedrijf"
    assert found["kiezen-voor-technologie"][0] == "verbreding-techniek-basisonderwijs"
    assert found["verbreding-techniek-basisonderwijs"][0] == "kiezen-voor-technologie"
    assert found["hybride-docent"][0] == "eerst-de-klas"
    assert "centres-of-expertise" in found["centra-voor-innovatief-vakmanschap"][:2]  # centra = centrum
    assert "techniekpact" in found["zorgpact"]  # a shared compound part: pact


def test_related_cases_do_not_depend_on_the_hash_seed() -> None:
    code = (
        "import json, sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
        "from mkdocs_kennisbank import load; from mkdocs_kennisbank.search.related import related_cases;"
        "root = Path(sys.argv[2]); print(json.dumps(related_cases(load(root / 'kennisbank', root=root))))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code, str(REPO / "plugins"), str(REPO)],
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


SYLLABLES = ["ba", "de", "ko", "mi", "su", "ra", "te"]
FAKE_WORDS = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES]


def fake_cases(count: int, rng: random.Random) -> SimpleNamespace:
    """Cases as `related_cases` reads them: 40 words each from 343 made-up words, so that every
    word is shared by more cases than a candidate list keeps (`MAX_POSTINGS`)."""
    cases = {}
    words = FAKE_WORDS
    for number in range(count):
        text = " ".join(rng.choice(words) for _ in range(40))
        cases[f"c{number:05d}"] = SimpleNamespace(
            slug=f"c{number:05d}",
            title=text[:30],
            description=text[30:90],
            programme=None,
            body=text,
            terms=lambda facet, n=number: [str(n % 3)] if facet == "fase" else [],
        )
    from mkdocs_kennisbank.content.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(REPO / "kennisbank" / "taxonomie.yml", "kennisbank/taxonomie.yml")
    return SimpleNamespace(cases=cases, taxonomy=taxonomy)


def test_related_cases_grow_linearly(monkeypatch) -> None:
    monkeypatch.setattr(related, "plain_text", lambda text: text)
    rng = random.Random(3)
    small, large = fake_cases(1000, rng), fake_cases(4000, rng)
    dutch.terms(" ".join(FAKE_WORDS))  # the analysis of every word is memoised from here on

    def cost(kb) -> float:  # CPU time, best of three, without the cycle collector's pauses
        gc.collect()
        gc.disable()
        try:
            found = []
            for _ in range(3):
                start = time.process_time()
                related.related_cases(kb)
                found.append(time.process_time() - start)
            return min(found)
        finally:
            gc.enable()

    assert cost(large) / cost(small) < 8  # four times the cases: linear is 4, quadratic would be 16


def test_related_word_cache_follows_the_analysis_version(searchable, monkeypatch) -> None:
    kb = load(searchable.content, root=searchable.root)
    cache: dict = {}
    expected = related_cases(kb, limit=2, cache=cache)
    # Words cached by another analysis (here: nonsense) are never used: the key holds the version.
    stale = {key: ["onzin"] for key in cache}
    monkeypatch.setattr(dutch, "analysis_version", lambda: "rules-0-snowballstemmer-2.2.0")
    assert related_cases(kb, limit=2, cache=stale) == expected
    assert len(stale) == 2 * len(cache)


def test_cli_filters_on_region_and_keeps_lessons_under_case_facets(tmp_path, monkeypatch, capsys) -> None:
    """`--regio` is offered, and a school-type filter keeps the lessons its cases back."""
    import json as _json

    from mkdocs_kennisbank import load as load_kb
    from mkdocs_kennisbank.cli import main

    monkeypatch.chdir(REPO)
    kb = load_kb(REPO / "kennisbank", root=REPO)
    assert (
        main(["search", "techniek", "--onderwijs", "vmbo", "--limit", "100", "--json", "--cache", str(tmp_path)]) == 0
    )
    hits = _json.loads(capsys.readouterr().out)
    kinds = {hit["soort"] for hit in hits}
    assert kinds == {"praktijkvoorbeeld", "les"}, kinds
    for hit in hits:
        entry = kb.cases.get(hit["slug"]) or kb.lessons[hit["slug"]]
        assert "vmbo" in kb.search_terms(entry, "onderwijs")
    assert main(["search", "techniek", "--regio", "landelijk", "--json", "--cache", str(tmp_path)]) == 0
    assert _json.loads(capsys.readouterr().out)
    assert main(["search", "techniek", "--regio", "nergens", "--cache", str(tmp_path)]) == 2
