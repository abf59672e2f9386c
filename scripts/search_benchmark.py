#!/usr/bin/env python3
"""Search quality benchmark: Dutch word forms and teachers' questions, per search surface.

    .venv/bin/python scripts/search_benchmark.py [--surfaces cli,browser,file] [--compare] [--speed N]
    .venv/bin/python scripts/search_benchmark.py --cases 10000     # cost in the browser at scale

Prints, per surface, word-form recall per kind and overall (`search_bench/wordforms.tsv`:
kind, query form, page form) and success@3 and MRR on the relevance set
(`search_bench/questions.yml`: a question and the pages a good answer puts first), both on the
shipped kennisbank.

Surfaces (a `textsearch.SearchFunction`: query -> slugs, best first; registered in `SURFACES`):
- analysis: does `dutch.terms(page form)` share a term with the query's alternatives
  (`dutch.query_terms`)? Every pair counts, also when the page form occurs in no page.
- cli: `kennisbank search` (Whoosh, `textsearch.SearchIndex`).
- browser: the search page of a fresh build of the shipped kennisbank, served over http from a
  local server, in headless Chromium (search.js, search-dutch.js over the shipped index).
- file: the same build opened as files (file://, the shipped inverted index).
On the search surfaces a word-form pair counts as found when a result page contains the page
form as a word; pairs whose page form occurs in no page are skipped ("not in content"). Level
pages are results in the browser (not on the command line); they count as misses for questions.

--cases N builds N synthetic cases (scripts/synthetic.py) and prints what search costs there:
search data sizes, bytes a fresh browser fetches for a first query, time to its first results
(served and file://). --compare measures candidate normalisers against each other on the
word-form set (the figures behind the choice of analysis, recorded in the README). --speed N
times `dutch.terms` on N synthetic cases (words per second at build time).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

from mkdocs_kennisbank import load
from mkdocs_kennisbank.search import dutch
from mkdocs_kennisbank.search.analysis import plain_text
from mkdocs_kennisbank.search.textsearch import SearchFunction, SearchIndex

BENCH = Path(__file__).resolve().parent / "search_bench"
KINDS = [
    "plural",
    "diminutive",
    "irregular_plural",
    "verb",
    "adjective",
    "diacritics",
    "compound_part",
    "compound_whole",
]
LIMIT = 10
_WORD = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)*")


def word_forms() -> list[tuple[str, str, str]]:
    with (BENCH / "wordforms.tsv").open(encoding="utf-8") as handle:
        return [(row["kind"], row["query"], row["target"]) for row in csv.DictReader(handle, delimiter="\t")]


def questions() -> list[tuple[str, list[str]]]:
    data = yaml.safe_load((BENCH / "questions.yml").read_text(encoding="utf-8"))
    return [(item["question"], list(item["expected"])) for item in data]


def page_words(kb) -> dict[str, set[str]]:
    """slug -> the lowercased words of its title, description and text."""
    pages = {}
    for entry in [*kb.cases.values(), *kb.lessons.values()]:
        text = f"{entry.title} {entry.description} {plain_text(entry.body)}".lower()
        pages[entry.slug] = set(_WORD.findall(text)) | {w[:-2] for w in _WORD.findall(text) if w.endswith("'s")}
    return pages


# -- surfaces -------------------------------------------------------------------------------


def cli_surface(kb, root: Path, cache: Path) -> SearchFunction:
    search_index = SearchIndex(cache)
    search_index.update(kb, root)

    def search(query: str) -> list[str]:
        return [hit.slug for hit in search_index.search(query, kb, limit=200).hits]

    return search


def build_site(project: Path, site: Path) -> Path:
    """`mkdocs build --strict` of a project into `site` (in this process)."""
    import logging
    import os

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True))
    return site


class BrowserSearch:
    """The search page of a built site in headless Chromium (outside requests blocked), served
    over http from a local server (`served`) or opened as files (`file://`)."""

    def __init__(self, site: Path, served: bool) -> None:
        import contextlib

        from tests.browser import browser_page, serve

        self.stack = contextlib.ExitStack()
        base = self.stack.enter_context(serve(site, "/kb/")) if served else site.as_uri() + "/"
        self.page, self.blocked = self.stack.enter_context(browser_page(base))
        self.base = base
        self.page.goto(base + "zoeken.html")
        self.page.wait_for_selector("form[data-searched]", timeout=60000)

    def run(self, query: str) -> None:
        done = int(self.page.get_attribute("form[data-kb-search]", "data-searched") or 0)
        self.page.fill("#kb-search-q", query)
        self.page.locator("#kb-search-q").press("Enter")
        self.page.wait_for_function(
            f"Number(document.querySelector('form[data-kb-search]').dataset.searched) > {done}", timeout=60000
        )

    def urls(self, limit: int = 200) -> list[str]:
        return self.page.evaluate(f"kbSearchState.urls({limit})")

    def __call__(self, query: str) -> list[str]:
        self.run(query)
        return [slug_of(url) for url in self.urls()]

    def close(self) -> None:
        assert not self.blocked, self.blocked
        self.stack.close()


def slug_of(url: str) -> str:
    """praktijkvoorbeelden/<slug>.html (or <slug>/) -> slug; a level page -> niveau-<id>."""
    path = url.split("?")[0].rstrip("/")
    name = path.rsplit("/", 1)[-1].removesuffix(".html")
    return f"niveau-{name}" if "/niveaus/" in path else name


def _browser_surface(served: bool) -> Callable[..., SearchFunction]:
    def factory(kb, root: Path, cache: Path) -> SearchFunction:
        site = build_site(root, cache / "site")
        return BrowserSearch(site, served)

    return factory


# Plug-in point: name -> factory(kb, root, cache) -> SearchFunction.
SURFACES: dict[str, Callable[..., SearchFunction]] = {
    "cli": cli_surface,
    "browser": _browser_surface(served=True),
    "file": _browser_surface(served=False),
}


# -- measuring ------------------------------------------------------------------------------


def recall_table(found: dict[str, list[bool]]) -> str:
    cells = []
    total_hits = total = 0
    for kind in KINDS:
        results = found.get(kind, [])
        hits = sum(results)
        total_hits += hits
        total += len(results)
        cells.append(f"{hits}/{len(results)}" if results else "–")
    overall = f"{total_hits}/{total} ({100 * total_hits / max(total, 1):.1f} %)"
    return " | ".join([*cells, overall])


def analysis_word_forms(pairs) -> tuple[dict[str, list[bool]], list[str]]:
    found: dict[str, list[bool]] = defaultdict(list)
    missed = []
    for kind, query, target in pairs:
        alternatives = {term for group in dutch.query_terms(query) for term in group}
        hit = bool(alternatives & set(dutch.terms(target)))
        found[kind].append(hit)
        if not hit:
            missed.append(f"{kind}: {query}→{target}")
    return found, missed


def surface_word_forms(search: SearchFunction, pairs, pages) -> tuple[dict[str, list[bool]], list[str], list[str]]:
    found: dict[str, list[bool]] = defaultdict(list)
    missed, absent = [], []
    for kind, query, target in pairs:
        wanted = target.lower()
        holders = {slug for slug, words in pages.items() if wanted in words}
        if not holders:
            absent.append(f"{query}→{target}")
            continue
        hit = any(slug in holders for slug in search(query))
        found[kind].append(hit)
        if not hit:
            missed.append(f"{kind}: {query}→{target}")
    return found, missed, absent


def relevance(search: SearchFunction, items) -> tuple[float, float, list[str]]:
    successes, reciprocal, misses = 0, 0.0, []
    for question, expected in items:
        ranked = search(question)[:LIMIT]
        rank = next((i for i, slug in enumerate(ranked, 1) if slug in expected), None)
        if rank is not None and rank <= 3:
            successes += 1
        else:
            misses.append(f"{question!r}: expected {expected[0]}…, got {ranked[:3]}")
        reciprocal += 1 / rank if rank else 0.0
    return successes / len(items), reciprocal / len(items), misses


# -- comparing candidate normalisers ----------------------------------------------------------


def candidates() -> dict[str, Callable[[str], set[str]]]:
    import simplemma
    import snowballstemmer
    from whoosh.analysis import LanguageAnalyzer

    snowball = snowballstemmer.stemmer("dutch").stemWord

    def lemma(word: str) -> str:
        return simplemma.lemmatize(word.lower(), lang="nl").replace("_", "")

    found: dict[str, Callable[[str], set[str]]] = {
        "Whoosh LanguageAnalyzer('nl') (old Porter)": lambda w: {t.text for t in LanguageAnalyzer("nl")(w)},
        "snowballstemmer 3.1 dutch": lambda w: {snowball(w.lower())},
        "simplemma 2.0 lemma": lambda w: {lemma(w)},
        "simplemma lemma, then Snowball": lambda w: {snowball(lemma(w))},
        "lemma, then Snowball, folded": lambda w: {snowball(dutch.fold(lemma(w)))},
    }
    try:
        from compound_split import char_split  # optional: PyPI compound-split, not a dependency

        def with_compound_split(word: str) -> set[str]:
            base = snowball(dutch.fold(lemma(word)))
            score, head, tail = char_split.split_compound(word.lower(), lang="nl")[0][:3]
            if score > 0:
                return {base, snowball(dutch.fold(lemma(head.lower()))), snowball(dutch.fold(lemma(tail.lower())))}
            return {base}

        found["lemma, Snowball, folded + compound-split (score > 0)"] = with_compound_split
    except ImportError:
        pass
    found["dutch.py (the above + own rules + own decompounder)"] = lambda w: set(dutch.terms(w))
    return found


def compare(pairs) -> None:
    print("| Normaliser | " + " | ".join(KINDS) + " | overall | wrong splits |")
    print("|---|" + "---:|" * (len(KINDS) + 2))
    simple = [w for w in (BENCH / "not_compounds.txt").read_text(encoding="utf-8").split() if not w.startswith("#")]
    for name, normaliser in candidates().items():
        found: dict[str, list[bool]] = defaultdict(list)
        for kind, query, target in pairs:
            found[kind].append(bool(normaliser(query) & normaliser(target)))
        wrong = [w for w in simple if len(normaliser(w)) > 1]
        print(f"| {name} | {recall_table(found)} | {len(wrong)}/{len(simple)} |")
        if wrong:
            print(f"|   wrong splits: {', '.join(wrong)} |")


def speed(cases: int) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import random

    words = [w for e in load(ROOT / "kennisbank", root=ROOT).cases.values() for w in _WORD.findall(plain_text(e.body))]
    rng = random.Random(7)
    texts = [
        " ".join(rng.choice(words) + rng.choice(["", "en", "s", "je", "tekort", "docenten"]) for _ in range(500))
        for _ in range(cases)
    ]
    start = time.perf_counter()
    dutch.normalise("laden")  # loads simplemma's dictionary and the decompounder's word list
    dutch._known()
    print(f"dictionaries loaded in {time.perf_counter() - start:.2f} s (once per process)")
    for label in ("cold memo", "warm memo"):
        if label == "cold memo":
            dutch._word_cache.clear()
            dutch._analyse.cache_clear()
            dutch._analysed.clear()
        start = time.perf_counter()
        count = sum(len(dutch.terms(text)) for text in texts)
        elapsed = time.perf_counter() - start
        distinct = len(dutch._word_cache)
        print(
            f"dutch.terms, {label}: {cases} texts × 500 words in {elapsed:.2f} s = {cases * 500 / elapsed:,.0f} words/s "
            f"({count:,} terms, {distinct:,} distinct words)"
        )


# -- cost at scale (--cases N) ------------------------------------------------------------------

COST_QUERIES = [
    "gesprekken",
    "bedrijven gastlessen",
    "lerarentekort",
    "kinderen enthousiast maken voor techniek",
    "samenwerkng",
]
COST_RUNS = 3  # fresh browsers per query and surface; the median time is printed


@dataclass
class FirstQuery:
    search: int  # bytes of search data
    total: int  # all bytes the page loaded
    ms: float  # from the start of the search to its first results
    results: int


def _first_query(site: Path, query: str, served: bool, filters: bool = False) -> FirstQuery:
    """A fresh browser opens the search page with `query`. With `filters`: then the visitor
    clicks "Filters tonen"; bytes and time are those of opening the filters."""
    from urllib.parse import quote

    from tests.browser import browser_page, response_sizes, serve

    with contextlib.ExitStack() as stack:
        base = stack.enter_context(serve(site, "/kb/")) if served else site.as_uri() + "/"
        # No request routing (it sends every request through Playwright's driver and would add
        # its latency to each of the small files); outside requests are still listed and refused.
        page, blocked = stack.enter_context(browser_page(base, intercept=False))
        sizes = response_sizes(page)
        page.goto(base + "zoeken.html?q=" + quote(query))
        page.wait_for_selector("form[data-searched]", timeout=120000)
        if filters:
            sizes.clear()
            runs = page.evaluate("kbSearchState.runs")
            start = page.evaluate("performance.now()")
            page.get_by_role("button", name="Filters tonen").click()
            page.wait_for_function(f"kbSearchState.done > {runs}", timeout=120000)
            state = page.evaluate(f"({{run: kbSearchState.shown - {start}, n: kbSearchState.ranked.length}})")
        else:
            state = page.evaluate(
                "({run: kbSearchState.shown - kbSearchState.started, n: kbSearchState.ranked.length})"
            )
        if not served:  # file:// responses carry no body: count the files the page loaded
            scripts = page.evaluate("Array.from(document.scripts).map(s => s.src).filter(Boolean)")
            names = [base + "zoeken.html", *scripts, *page.evaluate("kbSearchState.loaded()")]
            sizes = {name: _file_size(name) for name in names}
        assert not blocked, blocked
    search = sum(n for url, n in sizes.items() if "/assets/kennisbank/" in url)
    return FirstQuery(search, sum(sizes.values()), state["run"], state["n"])


def _median_query(site: Path, query: str, served: bool, filters: bool = False) -> tuple[FirstQuery, list[float]]:
    runs = [_first_query(site, query, served, filters) for _ in range(COST_RUNS)]
    times = sorted(r.ms for r in runs)
    return runs[0], times


def _file_size(url: str) -> int:
    from urllib.parse import unquote, urlparse

    path = Path(unquote(urlparse(url).path))
    return path.stat().st_size if path.is_file() else 0


def _folder_bytes(folder: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in folder.glob(pattern) if p.is_file())


def cost(cases: int, work: Path | None, site: Path | None = None) -> None:
    """Build N synthetic cases (scripts/synthetic.py), or take a built `site`, and print what
    search costs in the browser."""
    folder = work or Path(tempfile.mkdtemp(prefix="kennisbank-search-cost-"))
    built = None
    if site is None:
        sys.path.insert(0, str(ROOT / "scripts"))
        from synthetic import write_project

        project = folder / "project"
        write_project(cases, project)
        start = time.perf_counter()
        site = build_site(project, project / "site")
        built = time.perf_counter() - start
    data = site / "assets" / "kennisbank"
    zoekdata = data / "zoekdata"
    rows = [
        ("Build, cold (s)", f"{built:.1f}" if built else "(built before)", ""),
        ("Search data files (count)", str(len(list(zoekdata.iterdir())) + 1), ""),
        ("Word map shards, total (KB)", f"{_folder_bytes(zoekdata, 'w-*.js') / 1024:.0f}", "a query loads a few"),
        ("Suggestion shards, total (KB)", f"{_folder_bytes(zoekdata, 'v*.js') / 1024:.0f}", "loaded for unknown words"),
        (
            "Postings + lengths (KB)",
            f"{(_folder_bytes(zoekdata, 'p-*.js') + _folder_bytes(zoekdata, 'lengths.js')) / 1024:.0f}",
            "",
        ),
        (
            "Documents with their text, one file each (KB)",
            f"{_folder_bytes(zoekdata, 'd-*.js') / 1024:.0f}",
            "a query loads ten",
        ),
        (
            "Search data, all files (KB)",
            f"{(_folder_bytes(zoekdata) + (data / 'offline-index.js').stat().st_size) / 1024:.0f}",
            "",
        ),
        (
            "Filters: facets.js (KB)",
            f"{(zoekdata / 'facets.js').stat().st_size / 1024:.0f}",
            "loaded on 'Filters tonen'",
        ),
    ]

    def timing(times: list[float]) -> str:
        return f"{times[len(times) // 2]:.0f} ({times[0]:.0f}-{times[-1]:.0f})"

    for query in COST_QUERIES:
        first, times = _median_query(site, query, served=True)
        rows.append(
            (
                f"Served, '{query}' ({first.results} results): search bytes / all bytes (KB)",
                f"{first.search / 1024:.0f} / {first.total / 1024:.0f}",
                "≤ 300 KB",
            )
        )
        rows.append((f"Served, '{query}': first results after, ms, median (min-max)", timing(times), "≤ 300 ms"))
        first, times = _median_query(site, query, served=False)
        rows.append(
            (
                f"file://, '{query}': files loaded (KB); first results after, ms, median (min-max)",
                f"{first.search / 1024:.0f}; {timing(times)}",
                "",
            )
        )
    first, times = _median_query(site, COST_QUERIES[1], served=True, filters=True)
    rows.append(
        (
            f"Served, '{COST_QUERIES[1]}', then 'Filters tonen': bytes (KB); filters and counts after, ms",
            f"{first.search / 1024:.0f}; {timing(times)}",
            "second step",
        )
    )
    print(f"\n{cases} cases, {os.cpu_count()} cores, {COST_RUNS} fresh browsers per measure\n")
    print("| Measure | Value | Target |")
    print("|---|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if work is None:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compare", action="store_true", help="compare candidate normalisers on the word-form set")
    parser.add_argument("--speed", type=int, metavar="N", help="time dutch.terms on N synthetic texts of 500 words")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    parser.add_argument("--surfaces", default=",".join(SURFACES), help="comma-separated surfaces (default: all)")
    parser.add_argument(
        "--cases", type=int, metavar="N", help="cost table: build N synthetic cases and measure the browser"
    )
    parser.add_argument("--work", type=Path, help="with --cases: keep the project in this folder")
    parser.add_argument(
        "--site", type=Path, help="with --cases: measure this built site of N cases instead of building"
    )
    args = parser.parse_args()
    if args.cases:
        cost(args.cases, args.work, args.site)
        return 0
    pairs, items = word_forms(), questions()
    if args.compare:
        compare(pairs)
        return 0
    if args.speed:
        speed(args.speed)
        return 0
    kb = load(ROOT / "kennisbank", root=ROOT)
    pages = page_words(kb)
    print(f"{len(pairs)} word-form pairs, {len(items)} questions, {len(pages)} pages\n")
    print("| Surface | " + " | ".join(KINDS) + " | overall | success@3 | MRR |")
    print("|---|" + "---:|" * (len(KINDS) + 3))
    found, missed = analysis_word_forms(pairs)
    print(f"| analysis | {recall_table(found)} | – | – |")
    details = [("analysis", missed, [], [])]
    with tempfile.TemporaryDirectory() as cache:
        for name in args.surfaces.split(","):
            search = SURFACES[name](kb, ROOT, Path(cache) / name)
            found, missed, absent = surface_word_forms(search, pairs, pages)
            s3, mrr, misses = relevance(search, items)
            print(f"| {name} | {recall_table(found)} | {100 * s3:.1f} % | {mrr:.3f} |")
            details.append((name, missed, absent, misses))
            if isinstance(search, BrowserSearch):
                search.close()  # one Playwright at a time
    for name, missed, absent, misses in details:
        if absent and name == details[-1][0]:
            print(f"\nNot in content (skipped on search surfaces): {len(absent)}: {', '.join(absent)}")
        if args.verbose or missed or misses:
            print(f"\n{name}: word forms missed: {'; '.join(missed) or 'none'}")
            for miss in misses:
                print(f"  {name}: question not answered in the top 3: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
