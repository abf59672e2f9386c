"""Builds for scripts/benchmark.py: the plain Material project, one measured build process, and
the alternating cold/warm build loop."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

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
MKDOCS = ["mkdocs", "build", "-q", "-d", "site"]
# The case file that a warm rebuild finds edited (the same path in both projects).
EDITED = "praktijkvoorbeelden/voorbeeld-00001.md"
EDIT = "\nEen extra zin na een bewerking.\n"


def plain_page(text: str) -> str:
    """A kennisbank page as a plain Material page: only title and description kept."""
    meta = FRONT.match(text)
    if meta is None:
        return text
    keep = [line for line in meta.group(1).splitlines() if line.startswith(("title:", "description:"))]
    return "---\n" + "\n".join(keep) + "\n---\n" + text[meta.end() :]


def write_plain(project: Path, plain: Path) -> None:
    """The same cases and lessons as plain Material pages (only title and description kept)."""
    docs = plain / "docs"
    for kind in ("praktijkvoorbeelden", "lessen"):
        (docs / kind).mkdir(parents=True)
        for path in (project / "kennisbank" / kind).glob("*.md"):
            (docs / kind / path.name).write_text(plain_page(path.read_text(encoding="utf-8")), encoding="utf-8")
    (docs / "index.md").write_text(
        "# Plain Material\n\nDezelfde pagina's, zonder kennisbank-plugin.\n", encoding="utf-8"
    )
    (plain / "mkdocs.yml").write_text(PLAIN_MKDOCS, encoding="utf-8")


# Runs a module like `python -m`, then reports its own peak memory and that of its children
# separately on stderr (the build starts none any more; a plugin of the plain build might), and
# its own CPU time (user + system), which other load on the machine changes less than wall time.
MEASURED = (
    "import atexit, resource, runpy, sys\n"
    "def report():\n"
    "    me = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "    sys.stderr.write(f'\\nMAXRSS {me.ru_maxrss} {kids} {me.ru_utime + me.ru_stime}\\n')\n"
    "atexit.register(report)\n"
    "sys.argv = sys.argv[1:]\n"
    "runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)\n"
)


def run(module_args: list[str], cwd: Path) -> tuple[float, float, float, float]:
    """Wall seconds, peak memory (MB) of the process itself and of its largest child, and the
    process's own CPU seconds."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-c", MEASURED, *module_args]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    stderr = result.stderr.decode()
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(module_args)} in {cwd} failed:\n{stderr[-2000:]}")
    own, kids, cpu = re.findall(r"MAXRSS (\d+) (\d+) ([\d.]+)", stderr)[-1]
    return elapsed, int(own) / 1024, int(kids) / 1024, float(cpu)


def site_stats(folder: Path) -> tuple[float, int]:
    """Size (MB, 10^6 bytes) and number of files of a built site."""
    sizes = [p.stat().st_size for p in folder.rglob("*") if p.is_file()]
    return sum(sizes) / 1e6, len(sizes)


class Project:
    """One project to build: where its pages are, and what a cold build must throw away."""

    def __init__(self, name: str, root: Path, pages: Path) -> None:
        self.name, self.root = name, root
        self.edited = pages / EDITED
        self.original = self.edited.read_text(encoding="utf-8")

    def reset(self) -> None:
        """Fresh site folder and fresh cache (ours: .cache/kennisbank; plain has none), and the
        edited case back as it was generated."""
        for folder in [self.root / "site", self.root / ".cache", *self.root.glob("site.kennisbank-*")]:
            shutil.rmtree(folder, ignore_errors=True)  # (the last: our plugin's staging folders)
        self.edited.write_text(self.original, encoding="utf-8")

    def edit(self) -> None:
        self.edited.write_text(self.original + EDIT, encoding="utf-8")


def measure_builds(ours: Project, plain: Project, runs: int, log=print) -> dict[str, dict[str, list[float]]]:
    """`runs` rounds of: cold ours, cold plain, warm ours, warm plain (strictly alternating, so
    drift of the machine hits both alike). Cold: no site folder and no cache. Warm: one case
    edited, then rebuilt with the site folder and cache of that project's cold build."""
    found: dict[str, dict[str, list[float]]] = {p.name: {} for p in (ours, plain)}

    def add(project: Project, key: str, value: float) -> None:
        found[project.name].setdefault(key, []).append(value)

    for index in range(runs):
        for project in (ours, plain):
            project.reset()
            seconds, own, kids, cpu = run(MKDOCS, project.root)
            size, files = site_stats(project.root / "site")
            for key, value in (("cold", seconds), ("cold rss", own), ("cold kids", kids), ("cold cpu", cpu)):
                add(project, key, value)
            add(project, "size", size)
            add(project, "files", files)
            log(f"  run {index + 1}/{runs} {project.name} cold: {seconds:.1f} s (CPU {cpu:.1f} s), {own:.0f} MB")
        for project in (ours, plain):
            project.edit()
            seconds, own, kids, cpu = run(MKDOCS, project.root)
            for key, value in (("warm", seconds), ("warm rss", own), ("warm kids", kids), ("warm cpu", cpu)):
                add(project, key, value)
            log(f"  run {index + 1}/{runs} {project.name} warm: {seconds:.1f} s (CPU {cpu:.1f} s), {own:.0f} MB")
    return found
