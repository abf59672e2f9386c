"""Search in the browser, served and from a file share (file://), in headless Chromium.

Both use the kennisbank's own Dutch analysis (search-dutch.js over the build's word map) and the
command line's ranking. The last tests run search-dutch.js in Node and compare it with dutch.py
on the benchmark's whole word list, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from mkdocs_kennisbank.search import dutch

from .browser import browser_page, require_browser, serve
from .conftest import REPO, Project, case_text

BENCH = REPO / "scripts" / "search_bench"
NODE_RUNNER = Path(__file__).parent / "js" / "analyse.js"

# The command line's ranking tests (test_search.py), as pages of a small kennisbank.
PAGES = {
    "bedrijven-in-het-vmbo": (
        "Bedrijven in het vmbo",
        "Bedrijven geven gastlessen techniek op vmbo-scholen.",
        "[vmbo]",
    ),
    "alleen-bedrijven": ("Samen met de buurt", "Bedrijven uit de buurt doen mee.", "[mbo]"),
    "techniek-in-het-vmbo": ("Techniek op school", "Het vmbo en techniek: een verhaal over lessen.", "[vmbo]"),
    "tekort": ("Nieuwe wegen naar de klas", "Er is een groot tekort aan techniekdocenten en leraren.", "[havo-vwo]"),
    "beta-onderwijs": ("Bèta in de bovenbouw", "Financiële steun voor bèta en coördinatie.", "[havo-vwo]"),
    "windmolens": ("Onderhoud", "Vakmensen voor het onderhoud van windmolens.", "[mbo]"),
    "winnen": ("Talent winnen", "Jongeren winnen voor de techniek is het doel.", "[po]"),
    "in-de-titel": ("Ouderbetrokkenheid", "Een tekst over scholen.", "[po]"),
    "in-de-tekst": ("Een verhaal over scholen", "Hier gaat het ook over ouderbetrokkenheid.", "[po]"),
}


@pytest.fixture(scope="module")
def teachers_site(tmp_path_factory) -> Path:
    project = Project(tmp_path_factory.mktemp("teachers") / "project")
    for slug, (title, body, education) in PAGES.items():
        project.write(
            f"kennisbank/praktijkvoorbeelden/{slug}.md", case_text(title, onderwijs=education) + f"\n{body}\n"
        )
    # A lesson backed by a vmbo case only: found under the school type "Vmbo", not under "Po".
    project.lesson("leer-van-bedrijven", "Leer van bedrijven", levels="[I]", cases="[bedrijven-in-het-vmbo]")
    return project.build(use_directory_urls=False)


@pytest.fixture(scope="module")
def served_teachers(teachers_site):
    require_browser()
    with serve(teachers_site, "/kb/") as base:
        yield base


@pytest.fixture(scope="module")
def served_shipped(shipped_site):
    require_browser()
    with serve(shipped_site, "/intranet/kennisbank/") as base:
        yield base


def slug(url: str) -> str:
    name = url.split("?")[0].rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
    return f"niveau-{name}" if "/niveaus/" in url else name


def search(page, base: str, query: str, extra: str = "") -> list[str]:
    """Open the search page with `query` and return the slugs of all results, best first."""
    page.goto(base + "zoeken.html?q=" + quote(query) + extra)
    page.wait_for_selector("form[data-searched]", timeout=30000)
    return [slug(u) for u in page.evaluate("kbSearchState.urls(100)")]


def cases_and_lessons(found: list[str]) -> list[str]:
    """Results without level pages (they are searched too; the command line has none)."""
    return [s for s in found if not s.startswith("niveau-")]


def status(page) -> str:
    return page.locator("#kb-search-status").inner_text()


@pytest.fixture(params=["served", "file"])
def surface(request, teachers_site):
    """(page, base URL) of the search page of the small kennisbank, served or as files."""
    require_browser()
    if request.param == "served":
        with serve(teachers_site, "/kb/") as base, browser_page(base) as (page, blocked):
            yield page, base
            assert blocked == []
    else:
        base = teachers_site.as_uri() + "/"
        with browser_page(base) as (page, blocked):
            yield page, base
            assert blocked == []


# -- ranking and word forms, on both surfaces -----------------------------------------------------


def test_most_words_first_and_never_empty(surface) -> None:
    page, base = surface
    found = search(page, base, "bedrijven betrekken bij techniekonderwijs in het vmbo")
    assert found[0] == "bedrijven-in-het-vmbo"
    assert found.index("techniek-in-het-vmbo") < found.index("alleen-bedrijven")
    assert "winnen" not in found  # only "techniek": half of "techniekonderwijs" is no match
    assert "Geen pagina bevat alle woorden" in status(page)


def test_compounds_find_their_parts(surface) -> None:
    page, base = surface
    assert search(page, base, "lerarentekort")[0] == "tekort"
    # "Pilot docenten" (from the project fixture) has the word itself; "tekort" has techniekdocenten.
    assert cases_and_lessons(search(page, base, "docent")) == ["pilot-docenten", "tekort"]
    found = search(page, base, "gastles")
    assert (
        found[0] == "bedrijven-in-het-vmbo" and "techniek-in-het-vmbo" not in found
    )  # "lessen" alone is no guest lesson
    # A compound no page has, nor all its parts: no hits, but a search per part ("wind" finds windmolens).
    assert search(page, base, "windturbines") == []
    hint = page.locator("#kb-search-hint").inner_text()
    assert "Geen pagina bevat ‘windturbines’ of al zijn delen" in hint
    links = page.locator("#kb-search-hint a").all_inner_texts()
    assert links[0] == "wind" and links[1].startswith("turbine") and len(links) == 2
    assert "windmolens" in cases_and_lessons(search(page, base, "wind"))


def test_diacritics_are_folded(surface) -> None:
    page, base = surface
    found = search(page, base, "beta financiele coordinatie")
    assert found[0] == "beta-onderwijs" and cases_and_lessons(found) == ["beta-onderwijs"]  # niveau I: "Financiële"
    assert search(page, base, "Bèta") == ["beta-onderwijs"]


def test_title_weighs_more_than_text(surface) -> None:
    page, base = surface
    assert search(page, base, "ouderbetrokkenheid")[:2] == ["in-de-titel", "in-de-tekst"]


def test_no_shared_term_no_hit_and_a_suggestion(surface) -> None:
    page, base = surface
    assert search(page, base, "onvindbaar") == []
    assert search(page, base, "ondrehoud") == []
    assert status(page).startswith("Geen resultaten voor ‘ondrehoud’")
    hint = page.locator("#kb-search-hint")
    assert hint.inner_text() == "Bedoelde je onderhoud?"
    hint.get_by_role("link", name="onderhoud").click()
    page.wait_for_function("kbSearchState.query === 'onderhoud'")
    assert page.locator(".kb-search__title").all_inner_texts() == ["Onderhoud"]


def test_stop_words_alone_are_refused(surface) -> None:
    page, base = surface
    assert search(page, base, "de het en") == []
    assert "alleen veelvoorkomende woorden" in status(page)


def test_excerpt_marks_the_word_that_matched(served_teachers) -> None:
    with browser_page(served_teachers) as (page, blocked):
        assert search(page, served_teachers, "docent")[1] == "tekort"
        excerpt = page.locator(".kb-search__result").nth(1).locator(".kb-search__excerpt")
        assert excerpt.locator("mark").all_inner_texts() == ["techniekdocenten"]
        # The query's own word is marked, not a page's word that only shares a compound part
        # ("Lessen" for "gastles")...
        assert search(page, served_teachers, "gastles")[0] == "bedrijven-in-het-vmbo"
        first = page.locator(".kb-search__result").first.locator(".kb-search__excerpt mark")
        assert first.all_inner_texts() == ["gastlessen"]
        # ... unless the page has only the parts: then the parts are marked.
        assert search(page, served_teachers, "lerarentekort")[0] == "tekort"
        first = page.locator(".kb-search__result").first.locator(".kb-search__excerpt mark")
        assert first.all_inner_texts() == ["tekort", "leraren."]
        assert blocked == []


def test_file_search_shows_excerpts_too(teachers_site) -> None:
    require_browser()
    base = teachers_site.as_uri() + "/"
    with browser_page(base) as (page, blocked):
        assert search(page, base, "windmolens") == ["windmolens"]
        assert page.locator(".kb-search__excerpt mark").all_inner_texts() == ["windmolens."]
        assert blocked == []


QUERIES = [
    "bedrijven gastlessen vmbo",
    "docent",
    "lerarentekort",
    "beta financiele coordinatie",
    "scholen",
    "techniek",
    "winnen",
]


def test_filters_load_when_asked_and_keep_the_ranking(surface) -> None:
    """A first query loads no filter data; "Filters tonen" loads it (served and from a file);
    the ranking stays as it was, a filter keeps the ranked pages that have its value in the same
    order, and the counts say how many results each value would give."""
    page, base = surface
    own = {q: search(page, base, q) for q in QUERIES}
    assert all(own.values())
    assert not [f for f in page.evaluate("kbSearchState.loaded()") if f.endswith("/facets.js")]
    page.get_by_role("button", name="Filters tonen").click()
    page.wait_for_selector("fieldset.kb-search__facet")
    assert [f for f in page.evaluate("kbSearchState.loaded()") if f.endswith("/facets.js")]
    runs = page.evaluate("kbSearchState.runs")
    for query in QUERIES:
        page.fill("#kb-search-q", query)
        page.press("#kb-search-q", "Enter")
        page.wait_for_function(f"kbSearchState.done > {runs} && kbSearchState.query === {json.dumps(query)}")
        runs = page.evaluate("kbSearchState.runs")
        assert [slug(u) for u in page.evaluate("kbSearchState.urls(100)")] == own[query], query
        kinds = (
            page.locator("fieldset", has=page.locator("legend", has_text=re.compile("^Soort$")))
            .locator(".kb-count")
            .all_inner_texts()
        )
        assert sum(int(c.strip("()")) for c in kinds) == len(own[query]), query
    assert page.locator(".kb-search__excerpt").count() > 0
    vmbo = search(page, base, "techniek", "&onderwijs=Vmbo")
    assert vmbo == [
        s for s in own["techniek"] if s in {"bedrijven-in-het-vmbo", "techniek-in-het-vmbo", "leer-van-bedrijven"}
    ]
    assert vmbo and "onderwijs=Vmbo" in page.url


# -- filters ---------------------------------------------------------------------------------


def test_lessons_are_filtered_by_the_cases_behind_them(served_teachers) -> None:
    with browser_page(served_teachers) as (page, blocked):
        assert "leer-van-bedrijven" in search(page, served_teachers, "bedrijven", "&onderwijs=Vmbo")
        found = search(page, served_teachers, "bedrijven", "&onderwijs=Primair+onderwijs")
        assert "leer-van-bedrijven" not in found and "bedrijven-in-het-vmbo" not in found
        # Only filters: the lesson counts under its case's school type.
        assert "leer-van-bedrijven" in search(page, served_teachers, "", "&soort=Les&onderwijs=Vmbo")
        assert "Lessen tellen bij fase, onderwijssoort en regio mee" in page.locator("#kb-search-lessons").inner_text()
        assert blocked == []


def test_region_filter_on_the_shipped_kennisbank(served_shipped) -> None:
    from playwright.sync_api import expect

    with browser_page(served_shipped) as (page, blocked):
        assert search(page, served_shipped, "") == []
        page.get_by_role("button", name="Filters tonen").click()
        region = page.locator("fieldset", has=page.locator("legend", has_text="Regio"))
        expect(region).to_be_visible()
        runs = page.evaluate("kbSearchState.runs")
        region.get_by_role("checkbox", name="West-Nederland").check()
        page.wait_for_function(f"kbSearchState.done > {runs}")
        found = [slug(u) for u in page.evaluate("kbSearchState.urls(100)")]
        # The one case in the west, and the lessons it backs (they count with their cases' region).
        lessons = {path.stem for path in (REPO / "kennisbank" / "lessen").glob("*.md")}
        case = "toptechniek-gooi-en-vechtstreek"
        assert case in found and 1 < len(found) < 12
        assert all(s in lessons for s in found if s != case)
        assert "regio=West-Nederland" in page.url
        # Counts are per value: as many results as ticking it would give (OR within a facet).
        region = page.locator("fieldset", has=page.locator("legend", has_text="Regio"))
        assert region.locator("label", has_text="Landelijk").locator(".kb-count").inner_text() != "(0)"
        assert blocked == []


def test_school_type_keeps_lessons_on_the_shipped_kennisbank(served_shipped) -> None:
    with browser_page(served_shipped) as (page, blocked):
        found = search(page, served_shipped, "", "&soort=Les&onderwijs=Vmbo")
        assert "geef-ketennetwerken-ruimte-voor-maatwerk" in found  # backed by Toptechniek in bedrijf (vmbo)
        assert all(not s.startswith("niveau-") for s in found)
        assert blocked == []


# -- the shipped kennisbank ----------------------------------------------------------------------------


def test_shipped_questions_and_misleading_hits(served_shipped) -> None:
    with browser_page(served_shipped) as (page, blocked):
        top = search(page, served_shipped, "bedrijven betrekken bij techniekonderwijs in het vmbo")[:3]
        assert {"toptechniek-in-bedrijf", "toptechniek-gooi-en-vechtstreek"} & set(top)
        assert search(page, served_shipped, "lerarentekort")[0] == "hybride-docent"
        # No page has "netwerkdag" (nor both its parts): its parts find pages, and the page says so.
        search(page, served_shipped, "netwerkdag")
        assert "Geen pagina bevat ‘netwerkdag’" in status(page)
        assert search(page, served_shipped, "samenwerkng") == []
        assert page.locator("#kb-search-hint").inner_text() == "Bedoelde je samenwerking?"
        assert blocked == []


def test_file_search_reads_the_whole_text(shipped_site) -> None:
    """From a file share: the full text of cases, lessons and level pages, and the filters,
    without a server."""
    require_browser()
    base = shipped_site.as_uri() + "/"
    with browser_page(base) as (page, blocked):
        found = search(page, base, "gastlessen")
        assert found[0] == "jet-net"
        assert page.locator("#kb-search-offline").is_visible()
        # Filters work from a file share too: the region filter finds the one case in the west.
        west = search(page, base, "", "&regio=West-Nederland&soort=Praktijkvoorbeeld")
        assert west == ["toptechniek-gooi-en-vechtstreek"]
        assert "niveau-iii" in search(page, base, "pilotgerichte interventies")
        assert search(page, base, "samenwerkng") == []
        assert page.locator("#kb-search-hint").inner_text() == "Bedoelde je samenwerking?"
        assert blocked == []


# -- Python and JavaScript give the same terms ------------------------------------------------------------


def benchmark_words() -> list[str]:
    words = []
    with (BENCH / "wordforms.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            words += [row["query"], row["target"]]
    for item in yaml.safe_load((BENCH / "questions.yml").read_text(encoding="utf-8")):
        words += item["question"].split()
    words += [w for w in (BENCH / "not_compounds.txt").read_text(encoding="utf-8").split() if not w.startswith("#")]
    # Names of JavaScript's Object.prototype: a lookup in a table parsed from JSON must not find them.
    words += ["constructor", "__proto__", "prototype"]
    return sorted({w.lower() for w in words})


def run_node(site: Path, request: dict) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js ontbreekt (apt-get install nodejs)")
    done = subprocess.run(
        [node, str(NODE_RUNNER), str(site)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)


def shard_data(site: Path, kind: str) -> list[list]:
    """The arguments of every KBSearchData(kind, ...) call in the site's search data."""
    found = []
    for path in sorted((site / "assets" / "kennisbank" / "zoekdata").glob("*.js")):
        text = path.read_text(encoding="utf-8")
        if text.startswith(f'KBSearchData("{kind}",'):
            found.append(json.loads("[" + text[text.index(",") + 1 : text.rindex(")")] + "]"))
    return found


def test_javascript_analysis_matches_dutch_py_on_the_benchmark_words(shipped_site) -> None:
    """Per word of the benchmark (queries, targets, questions, words that must stay whole): the
    same groups, the same alternatives in the same order, wherever the index has the term (a
    term no page has finds nothing, however it is spelled)."""
    index_terms = {t for args in shard_data(shipped_site, "words") for t in args[2].split()}
    words = benchmark_words()
    assert len(words) > 400
    answer = run_node(shipped_site, {"queries": words})["groups"]

    def effective(groups: list) -> list:
        # A compound no page has as a whole counts only where a page has all its parts: when
        # one part is in no page either, the group finds nothing, however it was split (the
        # browser splits over the index's words only, so it may not know such a part at all).
        return [[w, [None]] if alts and alts[0] is None and None in alts[1:] else [w, alts] for w, alts in groups]

    differences = []
    for word, js in zip(words, answer, strict=True):
        python = [
            [w, [t if t in index_terms else None for t in alternatives]] for w, alternatives in dutch.query_groups(word)
        ]
        if effective(python) != effective(js):
            differences.append((word, python, js))
    assert differences == []


def test_javascript_reads_the_postings_python_wrote(shipped_site) -> None:
    """Every term's documents and counts, and every document's length, decoded in Node, are what
    browserindex.py computed (searchfiles.postings_code and number_code, both directions)."""
    from mkdocs_kennisbank.search.searchfiles import decode_numbers, decode_postings

    python = {}
    for _, text in shard_data(shipped_site, "postings"):
        for line in text.split("\n"):
            term, _, rest = line.partition("=")
            python[term] = [list(p) for p in decode_postings(rest.partition("|")[0])]
    (lengths,) = shard_data(shipped_site, "lengths")
    answer = run_node(shipped_site, {"postings": sorted(python)})
    assert answer["postings"] == [python[t] for t in sorted(python)]
    assert answer["lengths"] == decode_numbers(lengths[0])
    assert len(python) > 1000 and len(answer["lengths"]) == len(shard_data(shipped_site, "document"))


def test_javascript_suggestions_match_dutch_py(shipped_site) -> None:
    vocabulary = {}
    for _, letter, text in shard_data(shipped_site, "vocabulary"):
        for line in text.split("\n"):
            word, _, count = line.partition(" ")
            vocabulary[word] = int(count or 1)
    typos = [
        "samenwerkng",
        "ondrehoud",
        "bedrijvn",
        "techneik",
        "leerlingne",
        "docnten",
        "gastlesen",
        "onderwjis",
        "vmob",
        "subsdie",
        "netwrek",
        "xyzzy",
        "kinderen",
        "techniek",
    ]
    typos += [w[:2] + w[3:] for w in sorted(vocabulary)[::97] if len(w) > 6]  # one letter dropped
    typos += [w[0] + w[2] + w[1] + w[3:] for w in sorted(vocabulary)[::89] if len(w) > 5]  # two swapped
    answer = run_node(shipped_site, {"suggest": typos})["suggestions"]
    assert answer == [dutch.suggest(t, vocabulary) for t in typos]
    assert answer[:2] == ["samenwerking", "onderhoud"]
