"""Lighthouse scores of the kennisbank against a plain Material build of the same content.

    .venv/bin/python scripts/lighthouse.py                  # builds both, 3 runs a page
    .venv/bin/python scripts/lighthouse.py --site site --runs 5 --out /tmp/lh

Runs Lighthouse (npm devDependency `lighthouse`, node_modules/.bin/lighthouse) against Debian's
Chromium (CHROME_PATH=/usr/bin/chromium, flags --headless=new --no-sandbox) in its default mode:
mobile form factor, simulated throttling (slow 4G, 4× CPU slowdown). Pages: home, a level page,
a case page and the search page with a query, for the kennisbank and for plain Material (the
shipped cases, lessons, level pages and home page as ordinary pages, Material's search plugin
on; its search "page" is the home page with ?q=, which opens Material's search with the query).

Both sites are served by a local HTTP server on 127.0.0.1, with gzip for text files as any real
host would (--no-gzip to serve them as they are). Without --site the shipped kennisbank is built
with `mkdocs build -d <tmp>` in the repository; the plain site is always built from the shipped
content unless --plain-site is given. Runs alternate ours and plain page by page; the table has
the median of the runs (performance and LCP also their min-max). Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import plain_page

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# (page kind, path in the kennisbank, path in the plain Material site)
PAGES = [
    ("home", "index.html", "index.html"),
    ("level", "niveaus/iii.html", "niveaus/iii.html"),
    ("case", "praktijkvoorbeelden/jet-net.html", "praktijkvoorbeelden/jet-net.html"),
    ("search", "zoeken.html?q=docenten", "index.html?q=docenten"),
]
LEVELS = ["I", "II", "III", "IV", "V", "VI", "VII"]
PLAIN_MKDOCS = """\
site_name: Kennisbank (plain Material)
use_directory_urls: false
theme:
  name: material
  language: nl
  font: false
  features:
    - navigation.tabs
    - navigation.indexes
    - navigation.top
    - content.code.copy
  palette:
    primary: indigo
    accent: indigo
plugins:
  - search:
      lang: nl
not_in_nav: |
  /praktijkvoorbeelden/
  /lessen/
nav:
  - Home: index.md
  - Interventieniveaus:
{levels}
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
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".map"}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def mkdocs(cwd: Path, target: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(target)]
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{shlex.join(command)} in {cwd} failed:\n{result.stderr[-3000:]}")


def write_plain_shipped(project: Path) -> None:
    """The shipped home page, level pages, cases and lessons as plain Material pages."""
    docs = project / "docs"
    for kind in ("praktijkvoorbeelden", "lessen"):
        (docs / kind).mkdir(parents=True)
        for path in sorted((REPO / "kennisbank" / kind).glob("*.md")):
            (docs / kind / path.name).write_text(plain_page(path.read_text(encoding="utf-8")), encoding="utf-8")
    (docs / "niveaus").mkdir()
    for level in LEVELS:
        body = plain_page((REPO / "kennisbank" / "niveaus" / f"{level}.md").read_text(encoding="utf-8"))
        if not body.lstrip().startswith(("---", "# ")):
            body = f"# Interventieniveau {level}\n\n{body}"
        (docs / "niveaus" / f"{level.lower()}.md").write_text(body, encoding="utf-8")
    (docs / "index.md").write_text(
        plain_page((REPO / "docs" / "index.md").read_text(encoding="utf-8")), encoding="utf-8"
    )
    levels = "\n".join(f"      - niveaus/{level.lower()}.md" for level in LEVELS)
    (project / "mkdocs.yml").write_text(PLAIN_MKDOCS.format(levels=levels), encoding="utf-8")


def handler(root: Path, compress: bool):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args) -> None:  # quiet
            pass

        def send_head(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            wants = "gzip" in self.headers.get("Accept-Encoding", "")
            if not (compress and wants and path.is_file() and path.suffix in COMPRESSED):
                return super().send_head()
            body = gzip.compress(path.read_bytes(), compresslevel=6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

    return Handler


@contextmanager
def serve(root: Path, compress: bool):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler(root, compress))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def lighthouse(url: str, report: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=CHROME)
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=300)
    if result.returncode != 0 or not report.is_file():
        raise SystemExit(f"lighthouse {url} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    lhr = json.loads(report.read_text(encoding="utf-8"))
    if lhr.get("runtimeError"):
        raise SystemExit(f"lighthouse {url}: {lhr['runtimeError']}")
    return lhr


def figures(lhr: dict) -> dict[str, float]:
    audits = lhr["audits"]
    found = {name: lhr["categories"][name]["score"] * 100 for name in CATEGORIES}
    found["lcp"] = audits["largest-contentful-paint"]["numericValue"] / 1000
    found["fcp"] = audits["first-contentful-paint"]["numericValue"] / 1000
    found["tbt"] = audits["total-blocking-time"]["numericValue"]
    found["cls"] = audits["cumulative-layout-shift"]["numericValue"]
    found["bytes"] = audits["total-byte-weight"]["numericValue"] / 1024
    return found


def not_passed(lhr: dict) -> list[str]:
    """Audits of the accessibility, best-practices and SEO categories that did not pass, and
    the performance opportunities that would save time (estimated by Lighthouse)."""
    found = []
    for name in CATEGORIES[1:]:
        for ref in lhr["categories"][name]["auditRefs"]:
            audit = lhr["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                found.append(f"{name}: {ref['id']}")
    for audit in lhr["audits"].values():
        savings = (audit.get("metricSavings") or {}).get("LCP") or 0
        # The "-insight" audits repeat the classic ones; the LCP element audit is a breakdown.
        if audit["id"].endswith("-insight") or audit["id"] == "largest-contentful-paint-element":
            continue
        if audit.get("score") is not None and audit["score"] < 1 and savings >= 100:
            found.append(f"performance: {audit['id']} (LCP −{savings:.0f} ms)")
    return found


def spread(values: list[float], digits: int, show_range: bool) -> str:
    median = f"{statistics.median(values):.{digits}f}"
    low, high = f"{min(values):.{digits}f}", f"{max(values):.{digits}f}"
    return f"{median} ({low}–{high})" if show_range and low != high else median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="a built kennisbank site (default: build the shipped one)")
    parser.add_argument("--plain-site", type=Path, help="a built plain Material site (default: build it)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (default 3)")
    parser.add_argument("--out", type=Path, help="keep the JSON reports in this folder")
    parser.add_argument("--no-gzip", action="store_true", help="serve text files uncompressed")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("node_modules/.bin/lighthouse is missing: run `npm ci` in the repository")
    if not Path(CHROME).exists():
        raise SystemExit(f"{CHROME} is missing: apt-get install chromium")
    work = Path(tempfile.mkdtemp(prefix="kennisbank-lighthouse-"))
    out = args.out or work / "reports"
    out.mkdir(parents=True, exist_ok=True)
    try:
        ours = args.site
        commit = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True, check=False
        ).stdout.strip()
        if ours is None:
            ours = work / "ours"
            log(f"building the kennisbank into {ours}")
            mkdocs(REPO, ours)
        plain = args.plain_site
        if plain is None:
            plain = work / "plain-site"
            log(f"building plain Material into {plain}")
            write_plain_shipped(work / "plain")
            mkdocs(work / "plain", plain)
        version = subprocess.run(
            [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        chromium = subprocess.run([CHROME, "--version"], capture_output=True, text=True, check=False).stdout.strip()
        results: dict[tuple[str, str], list[dict]] = {}
        problems: dict[tuple[str, str], list[str]] = {}
        with (
            serve(ours.resolve(), not args.no_gzip) as ours_base,
            serve(plain.resolve(), not args.no_gzip) as plain_base,
        ):
            for index in range(args.runs):
                for kind, ours_path, plain_path in PAGES:
                    for site, url in (
                        ("Kennisbank", ours_base + ours_path),
                        ("Plain Material", plain_base + plain_path),
                    ):
                        lhr = lighthouse(url, out / f"{kind}-{site.split()[0].lower()}-{index + 1}.json")
                        found = figures(lhr)
                        results.setdefault((kind, site), []).append(found)
                        problems.setdefault((kind, site), not_passed(lhr))
                        log(
                            f"  run {index + 1}/{args.runs} {kind} {site}: perf {found['performance']:.0f}, "
                            f"LCP {found['lcp']:.2f} s, {found['bytes']:.0f} KB"
                        )
    finally:
        if not args.out:
            shutil.rmtree(work, ignore_errors=True)
    command = shlex.join([os.path.relpath(sys.executable), *sys.argv])
    print(f"\nCommand: `{command}`  ")
    print(f"Machine: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}; Lighthouse {version}, {chromium}  ")
    if args.site is None:
        print(f"Commit built: {commit}  ")
    print(
        f"Mode: Lighthouse default (mobile, simulated throttling), {'gzip' if not args.no_gzip else 'no compression'}; "
        f"median of {args.runs} runs (min–max)\n"
    )
    print(
        "| Page | Site | Performance | Accessibility | Best practices | SEO | LCP (s) | FCP (s) | TBT (ms) | CLS | Bytes (KB) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind, ours_path, plain_path in PAGES:
        for site, path in (("Kennisbank", ours_path), ("Plain Material", plain_path)):
            runs = results[(kind, site)]

            def col(key: str, digits: int, show_range: bool = False, runs: list[dict] = runs) -> str:
                return spread([run[key] for run in runs], digits, show_range)

            print(
                f"| {kind} `{path}` | {site} | {col('performance', 0, True)} | {col('accessibility', 0)} | "
                f"{col('best-practices', 0)} | {col('seo', 0)} | {col('lcp', 2, True)} | {col('fcp', 2)} | "
                f"{col('tbt', 0)} | {col('cls', 3)} | {col('bytes', 0)} |"
            )
    print("\nNot passed (first run):\n")
    for (kind, site), found in problems.items():
        print(f"- {kind}, {site}: {', '.join(found) if found else 'all passed'}")


if __name__ == "__main__":
    main()
