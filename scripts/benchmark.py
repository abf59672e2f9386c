"""Benchmark: our build against a plain mkdocs-material build of the same pages, in one run.

    .venv/bin/python scripts/benchmark.py --cases 10000        # prints a Markdown table
    .venv/bin/python scripts/benchmark.py --cases 10000 --only cli       # only the CLI search (no builds)
    .venv/bin/python scripts/benchmark.py --cases 10000 --only related   # only related cases (no builds)

Both projects are generated from the same synthetic Dutch cases (fixed seed, scripts/synthetic.py).
The plain project has the cases and lessons as ordinary pages, Material's search plugin on and a
small nav (cases not_in_nav), so it is the cheapest honest Material site of the same content.
Every build runs in its own process; peak memory is that process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import write_project

PLAIN_MKDOCS = """\
site_name: Plain Material
use_directory_urls: false
theme:
  name: material
  language: nl
  font: false
plugins:
  - search:
      lang: nl
not_in_nav: |
  /praktijkvoorbeelden/
  /lessen/
nav:
  - index.md
markdown_extensions:   # the same extensions as the kennisbank's mkdocs.yml
  - admonition
  - attr_list
  - def_list
  - footnotes
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.tabbed:
      alternate_style: true
"""
FRONT = re.compile(r"^---\n(.*?)\n---\n", re.DOTALL)
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


def write_plain(project: Path, plain: Path) -> None:
    """The same cases and lessons as plain Material pages (only title and description kept)."""
    docs = plain / "docs"
    for kind in ("praktijkvoorbeelden", "lessen"):
        (docs / kind).mkdir(parents=True)
        for path in (project / "kennisbank" / kind).glob("*.md"):
            text = path.read_text(encoding="utf-8")
            meta = FRONT.match(text)
            assert meta is not None
            keep = [line for line in meta.group(1).splitlines() if line.startswith(("title:", "description:"))]
            (docs / kind / path.name).write_text(
                "---\n" + "\n".join(keep) + "\n---\n" + text[meta.end() :], encoding="utf-8"
            )
    (docs / "index.md").write_text(
        "# Plain Material\n\nDezelfde pagina's, zonder kennisbank-plugin.\n", encoding="utf-8"
    )
    (plain / "mkdocs.yml").write_text(PLAIN_MKDOCS, encoding="utf-8")


# Runs a module like `python -m`, then reports its own peak memory and that of its children
# separately on stderr (the build starts none any more; a plugin of the plain build might).
MEASURED = (
    "import atexit, resource, runpy, sys\n"
    "def report():\n"
    "    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "    sys.stderr.write(f'\\nMAXRSS {own} {kids}\\n')\n"
    "atexit.register(report)\n"
    "sys.argv = sys.argv[1:]\n"
    "runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)\n"
)


def run(module_args: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, peak memory (MB) of the process itself and of its largest child."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-c", MEASURED, *module_args]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    stderr = result.stderr.decode()
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(module_args)} failed:\n{stderr[-2000:]}")
    own, kids = re.findall(r"MAXRSS (\d+) (\d+)", stderr)[-1]
    return elapsed, int(own) / 1024, int(kids) / 1024


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


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


def print_table(cases: int, rows: list[tuple[str, ...]]) -> None:
    print(f"\n{cases} cases, {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    print("| Measure | Kennisbank | Plain Material | Ratio | Target |")
    print("|---|---:|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=None, help="folder to keep the projects in")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-query measurement")
    parser.add_argument(
        "--only",
        choices=["cli", "related"],
        action="append",
        help="measure only this part, in this process and without builds (repeatable)",
    )
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kennisbank-bench-"))
    ours, plain = work / "ours", work / "plain"
    shutil.rmtree(work, ignore_errors=True)
    write_project(args.cases, ours)
    if args.only:
        rows = []
        # Related cases first: they would otherwise find the Dutch analysis warmed up by the index.
        for part in sorted(set(args.only), key=["related", "cli"].index):
            rows += related_rows(ours) if part == "related" else cli_rows(ours)
        print_table(args.cases, rows)
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
        return
    write_plain(ours, plain)
    mkdocs = ["mkdocs", "build", "-q", "-d", "site"]
    edit = "praktijkvoorbeelden/voorbeeld-00001.md"

    rows = []
    plain_cold = run(mkdocs, plain)
    ours_cold = run(mkdocs, ours)
    for folder in (ours / "kennisbank", plain / "docs"):
        path = folder / edit
        path.write_text(path.read_text(encoding="utf-8") + "\nEen extra zin na een bewerking.\n", encoding="utf-8")
    plain_warm = run(mkdocs, plain)
    ours_warm = run(mkdocs, ours)
    check = run(["mkdocs_kennisbank", "check"], ours)

    rows.append(
        (
            "Cold build (s)",
            f"{ours_cold[0]:.1f}",
            f"{plain_cold[0]:.1f}",
            f"{ours_cold[0] / plain_cold[0]:.2f}×",
            "≤ 1.3×",
        )
    )
    rows.append(
        (
            "Warm rebuild after one edit (s)",
            f"{ours_warm[0]:.1f}",
            f"{plain_warm[0]:.1f}",
            f"{ours_warm[0] / plain_cold[0]:.2f}× (vs plain cold)",
            "≤ 1.1×",
        )
    )
    ours_peak, plain_peak = max(ours_cold[1], ours_warm[1]), max(plain_cold[1], plain_warm[1])
    rows.append(
        (
            "Peak memory, build process (MB)",
            f"{ours_peak:.0f}",
            f"{plain_peak:.0f}",
            f"{ours_peak / plain_peak:.2f}×",
            "≤ 1024 MB",
        )
    )
    rows.append(
        (
            "Peak memory, child processes (MB)",
            f"{max(ours_cold[2], ours_warm[2]):.0f}",
            f"{max(plain_cold[2], plain_warm[2]):.0f}",
            "",
            "≤ 1024 MB",
        )
    )
    rows.append(
        (
            "Site size (MB)",
            f"{size_mb(ours / 'site'):.0f}",
            f"{size_mb(plain / 'site'):.0f}",
            f"{size_mb(ours / 'site') / size_mb(plain / 'site'):.2f}×",
            "",
        )
    )
    if not args.no_browser:
        ours_bytes = first_query_bytes(ours / "site", "zoeken.html?q=gesprekken", ours_query)
        plain_bytes = first_query_bytes(plain / "site", "index.html", plain_query)
        rows.append(
            (
                "First query: search bytes (KB)",
                f"{ours_bytes[1] / 1024:.0f}",
                f"{plain_bytes[1] / 1024:.0f}",
                f"{ours_bytes[1] / max(plain_bytes[1], 1):.3f}×",
                "≤ 300 KB",
            )
        )
        rows.append(
            (
                "First query: all bytes incl. page (KB)",
                f"{ours_bytes[0] / 1024:.0f}",
                f"{plain_bytes[0] / 1024:.0f}",
                f"{ours_bytes[0] / max(plain_bytes[0], 1):.3f}×",
                "",
            )
        )
    rows += cli_rows(ours)
    rows.append(("`kennisbank check` (s)", f"{check[0]:.2f}", "–", "", "≤ 5 s"))
    print_table(args.cases, rows)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
