"""Benchmark: our build against a plain mkdocs-material build of the same pages.

    .venv/bin/python scripts/benchmark.py --cases 10000                  # prints a Markdown table
    .venv/bin/python scripts/benchmark.py --cases 1000 --runs 5 --no-browser
    .venv/bin/python scripts/benchmark.py --cases 1000 --corpus varied   # longer, varied pages
    .venv/bin/python scripts/benchmark.py --cases 10000 --only cli       # only the CLI search (no builds)
    .venv/bin/python scripts/benchmark.py --cases 10000 --only related   # only related cases (no builds)

Both projects are generated from the same synthetic Dutch cases (fixed seed, scripts/synthetic.py;
`--corpus varied` for 600-1,200 words a case from a vocabulary that grows with the corpus). The
plain project has the cases and lessons as ordinary pages, Material's search plugin on and a small
nav (cases not_in_nav), so it is the cheapest honest Material site of the same content.

Method: `--runs` rounds (default 3), each of four builds in this order: ours cold, plain cold,
ours warm, plain warm, so ours and plain alternate and drift of the machine hits both alike.
Cold: no site folder and no cache (ours keeps one in .cache/kennisbank next to mkdocs.yml; plain
Material has none). Warm: one case file edited, then rebuilt keeping the site folder and cache of
that project's cold build. Every build is its own process; peak memory is that process's maximum
resident set size. The table gives the median and (min-max) over the runs; the ratio is taken
pair by pair (ours of run i against plain of run i) and the median of those ratios is shown.
The operating system's file cache is warm for every build ("cold" is about our caches).
Progress and raw values go to stderr, the table to stdout.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_build import Project, measure_builds, run, write_plain
from bench_search import browser_rows, cli_rows, related_rows
from synthetic import REPO, write_project

Rows = list[tuple[str, ...]]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def spread(values: list[float], digits: int) -> str:
    """Median and (min-max) of the runs; just the value for one run or identical values."""
    median = f"{statistics.median(values):.{digits}f}"
    low, high = f"{min(values):.{digits}f}", f"{max(values):.{digits}f}"
    return median if low == high else f"{median} ({low}–{high})"


def ratio(ours: list[float], plain: list[float]) -> str:
    """Median of the pairwise ratios ours[i] / plain[i], with their (min-max)."""
    pairs = [a / b for a, b in zip(ours, plain) if b]
    if not pairs:
        return ""
    median = f"{statistics.median(pairs):.2f}×"
    low, high = f"{min(pairs):.2f}", f"{max(pairs):.2f}"
    return median if low == high else f"{median} ({low}–{high})"


def build_rows(found: dict[str, dict[str, list[float]]]) -> Rows:
    ours, plain = found["ours"], found["plain"]
    rows: Rows = []
    measures = [
        ("Cold build (s)", "cold", "cold", 1, "≤ 1.3×"),
        ("Warm rebuild after one edit (s)", "warm", "warm", 1, ""),
        ("Warm rebuild against plain cold build (s)", "warm", "cold", 1, "≤ 1.1×"),
        ("Cold build, CPU of the build process (s)", "cold cpu", "cold cpu", 1, ""),
        ("Warm rebuild, CPU of the build process (s)", "warm cpu", "warm cpu", 1, ""),
        ("Peak RSS, cold build process (MB)", "cold rss", "cold rss", 0, "≤ 1024 MB"),
        ("Peak RSS, warm build process (MB)", "warm rss", "warm rss", 0, "≤ 1024 MB"),
        ("Site size (MB)", "size", "size", 1, ""),
        ("Site files", "files", "files", 0, ""),
    ]
    if any(ours["cold kids"] + ours["warm kids"] + plain["cold kids"] + plain["warm kids"]):
        measures.insert(5, ("Peak RSS, child processes (MB)", "cold kids", "cold kids", 0, "≤ 1024 MB"))
    for label, ours_key, plain_key, digits, target in measures:
        rows.append(
            (
                label,
                spread(ours[ours_key], digits),
                spread(plain[plain_key], digits),
                ratio(ours[ours_key], plain[plain_key]),
                target,
            )
        )
    return rows


def git_state() -> str:
    """The commit measured, and whether the plugin differs from it (others may be editing)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "plugins"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"{head}" + (" (plugins/ has uncommitted changes)" if dirty else "")


def machine() -> str:
    cpu = "unknown CPU"
    try:
        names = re.findall(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
        cpu = names[0] if names else cpu
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, AttributeError):
        pass
    load = ", load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()) if hasattr(os, "getloadavg") else ""
    return f"{os.cpu_count()} CPUs ({usable} usable), {cpu}{memory}{load}"


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = [f"Python {platform.python_version()}"]
    for name in ("mkdocs", "mkdocs-material"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            pass
    return ", ".join(found)


def corpus_stats(cases: dict[str, str]) -> str:
    """Words per case (body, median and range) and distinct words over all cases."""
    counts, vocabulary = [], set()
    for text in cases.values():
        body = text.split("\n---\n", 1)[-1]
        words = re.findall(r"[a-zà-ÿ]+", body.lower())
        counts.append(len(words))
        vocabulary.update(words)
    return (
        f"{len(cases)} cases, {statistics.median(counts):.0f} words a case ({min(counts)}–{max(counts)}), "
        f"{sum(counts):,} words, {len(vocabulary):,} distinct"
    )


def print_table(header: list[str], rows: Rows) -> None:
    print()
    for line in header:
        print(line + "  ")
    print()
    print("| Measure | Kennisbank | Plain Material | Ratio (pairwise) | Target |")
    print("|---|---:|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="rounds of cold and warm builds (default 3)")
    parser.add_argument("--corpus", choices=["benchmark", "varied"], default="benchmark", help="see synthetic.py")
    parser.add_argument("--work", type=Path, default=None, help="folder to keep the projects in")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-query measurement")
    parser.add_argument(
        "--only",
        choices=["cli", "related"],
        action="append",
        help="measure only this part, in this process and without builds (repeatable)",
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    command = shlex.join([os.path.relpath(sys.executable), *sys.argv])
    work = args.work or Path(tempfile.mkdtemp(prefix="kennisbank-bench-"))
    ours, plain = work / "ours", work / "plain"
    shutil.rmtree(work, ignore_errors=True)
    log(f"generating {args.cases} cases ({args.corpus}) in {work}")
    cases = write_project(args.cases, ours, corpus=args.corpus)
    header = [
        f"Command: `{command}`",
        f"Machine: {machine()}; {versions()}",
        f"Commit: {git_state()}",
        f"Corpus: {args.corpus}, {corpus_stats(cases)}",
    ]
    if args.only:
        rows: Rows = []
        # Related cases first: they would otherwise find the Dutch analysis warmed up by the index.
        for part in sorted(set(args.only), key=["related", "cli"].index):
            rows += related_rows(ours) if part == "related" else cli_rows(ours)
        print_table(header, rows)
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
        return
    write_plain(ours, plain)
    header.append(
        f"Runs: {args.runs} × (ours cold, plain cold, ours warm, plain warm); median (min–max); "
        "ratio = median of ours/plain per run"
    )
    found = measure_builds(
        Project("ours", ours, ours / "kennisbank"), Project("plain", plain, plain / "docs"), args.runs, log
    )
    rows = build_rows(found)
    if not args.no_browser:
        log("first query in the browser")
        rows += browser_rows(ours / "site", plain / "site")
    log("CLI search")
    rows += cli_rows(ours)
    checks = [run(["mkdocs_kennisbank", "check"], ours)[0] for _ in range(args.runs)]
    rows.append(("`kennisbank check` (s)", spread(checks, 2), "–", "", "≤ 5 s"))
    print_table(header, rows)
    print("\nLoad average at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
