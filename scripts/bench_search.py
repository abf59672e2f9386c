"""Search measures for scripts/benchmark.py: the first query in a browser (bytes), the CLI's
Whoosh index (build and query times) and related cases. Each returns table rows of
(measure, kennisbank, plain Material, ratio, target)."""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

QUERIES = [
    "gesprekken",
    "docenten",
    "techniek",
    "stages regio",
    "ouders",
    "bedrijven gastlessen",
    "leerlijn",
    "monitoring instroom",
    "coaches",
    "netwerk bijeenkomsten",
    "profielkeuze",
    "werkplekleren",
    "omscholing werkenden",
    "schoolleiding",
    "cofinanciering",
    "ontwerpen",
    "hybride docent",
    "zij-instromers",
]
HOSTILE = ["*", "a*b*c*d*e*f*", "[a TO zzzzzz]", "docent~5", "title:x^100", "(" * 150, "x" * 200, "de het een"]


def first_query_bytes(site: Path, page: str, query_action) -> tuple[int, int]:
    """(all bytes, search bytes) a fresh browser fetches to open `page` and answer one query."""
    from tests.browser import browser_page, response_sizes, serve

    with serve(site, "/kb/") as base, browser_page(base) as (browser, blocked):
        sizes = response_sizes(browser)
        browser.goto(base + page)
        query_action(browser)
        browser.wait_for_timeout(500)
        assert not blocked, blocked
        search = sum(n for url, n in sizes.items() if "/assets/kennisbank/" in url or "search" in url)
        return sum(sizes.values()), search


def ours_query(page) -> None:
    page.wait_for_selector(".kb-search__title", timeout=60000)


def plain_query(page) -> None:
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").fill("gesprekken")
    page.wait_for_selector(".md-search-result__item", timeout=120000)


def whoosh_timings(project: Path) -> dict[str, float]:
    """The CLI search adapter: cold index and an update with nothing changed (s); query p50/p95
    (ms) with the index kept open (one process answering many queries, as `search_benchmark.py`
    does) and opened per query (what one `kennisbank search` run pays, after loading the
    kennisbank); the slowest hostile query (ms, index opened per query)."""
    from mkdocs_kennisbank import load
    from mkdocs_kennisbank.errors import UsageError
    from mkdocs_kennisbank.search.textsearch import SearchIndex

    kb = load(project / "kennisbank", root=project)
    cache = project / ".cache" / "kennisbank"
    start, cpu = time.perf_counter(), time.process_time()
    SearchIndex(cache).update(kb, project)
    found = {"cold": time.perf_counter() - start, "cold cpu": time.process_time() - cpu}
    start = time.perf_counter()
    SearchIndex(cache).update(kb, project)
    found["unchanged"] = time.perf_counter() - start
    filters = [{}, {"niveau": "III"}, {"fase": "pilotfase"}, {"onderwijs": "mbo", "niveau": "V"}]
    for mode in ("open", "reopened"):
        rng = random.Random(7)
        search_index = SearchIndex(cache)
        timings, cpus = [], []
        for _ in range(200):
            query, restriction = rng.choice(QUERIES), rng.choice(filters)
            if mode == "reopened":
                search_index = SearchIndex(cache)
            start, cpu = time.perf_counter(), time.process_time()
            search_index.search(query, kb, restriction, limit=10)
            timings.append((time.perf_counter() - start) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        for name, values in (("", timings), (" cpu", cpus)):
            values.sort()
            found[f"{mode} p50{name}"] = statistics.median(values)
            found[f"{mode} p95{name}"] = values[int(len(values) * 0.95) - 1]
    hostile = []
    for query in HOSTILE:
        search_index = SearchIndex(cache)
        start = time.perf_counter()
        try:
            search_index.search(query, kb, {}, limit=10)
        except UsageError:
            pass
        hostile.append((time.perf_counter() - start) * 1000)
    found["hostile"] = max(hostile)
    return found


def cli_rows(project: Path) -> list[tuple[str, ...]]:
    """The CLI search measures (see `whoosh_timings`) as table rows."""
    t = whoosh_timings(project)

    def percentiles(mode: str) -> str:
        # Wall time, then CPU time (which other processes on the machine change much less).
        wall = f"{t[mode + ' p50']:.1f} / {t[mode + ' p95']:.1f}"
        return f"{wall} (CPU {t[mode + ' p50 cpu']:.1f} / {t[mode + ' p95 cpu']:.1f})"

    return [
        ("Whoosh index, cold (s)", f"{t['cold']:.1f} (CPU {t['cold cpu']:.1f})", "–", "", ""),
        ("Whoosh index, nothing changed (s)", f"{t['unchanged']:.2f}", "–", "", ""),
        ("Whoosh query p50 / p95 (ms)", percentiles("open"), "–", "", "p95 ≤ 50 ms"),
        ("Whoosh query p50 / p95, index opened per query (ms)", percentiles("reopened"), "–", "", "p95 ≤ 50 ms"),
        ("Whoosh slowest hostile query (ms)", f"{t['hostile']:.1f}", "–", "", "well under 1 s"),
    ]


def related_rows(project: Path) -> list[tuple[str, ...]]:
    """Related cases as a build computes them: cold (empty word cache) and warm (cache filled)."""
    from mkdocs_kennisbank import load
    from mkdocs_kennisbank.search.related import related_cases

    kb = load(project / "kennisbank", root=project)
    cache: dict[str, list[str]] = {}
    found = []
    for _ in range(2):  # cold, then warm
        start, cpu = time.perf_counter(), time.process_time()
        related_cases(kb, cache=cache)
        found.append(f"{time.perf_counter() - start:.2f} (CPU {time.process_time() - cpu:.2f})")
    return [
        ("Related cases, cold word cache (s)", found[0], "–", "", ""),
        ("Related cases, warm word cache (s)", found[1], "–", "", ""),
    ]


def browser_rows(ours_site: Path, plain_site: Path) -> list[tuple[str, ...]]:
    """What a fresh browser fetches for the first query "gesprekken" (one measurement each)."""
    ours = first_query_bytes(ours_site, "zoeken.html?q=gesprekken", ours_query)
    plain = first_query_bytes(plain_site, "index.html", plain_query)
    return [
        (
            'First query "gesprekken": search bytes (KB)',
            f"{ours[1] / 1024:.0f}",
            f"{plain[1] / 1024:.0f}",
            f"{ours[1] / max(plain[1], 1):.3f}×",
            "≤ 300 KB",
        ),
        (
            "First query: all bytes incl. page (KB)",
            f"{ours[0] / 1024:.0f}",
            f"{plain[0] / 1024:.0f}",
            f"{ours[0] / max(plain[0], 1):.3f}×",
            "",
        ),
    ]
