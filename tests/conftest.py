"""Shared fixtures: tiny kennisbank projects in a temp dir, built with the real MkDocs."""

from __future__ import annotations

import logging
import os
import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

CASE = """\
---
title: {title}
description: {description}
interventieniveaus: {levels}
fase: {fase}
onderwijs: {onderwijs}
thema: [keuze-voor-techniek]
regio: [landelijk]
status: lopend
peildatum: 2026-11
gepubliceerd: 2026-11-27
---

## Aanleiding

Tekst over {title}.
"""

LESSON = """\
---
title: {title}
description: Korte uitleg van de les.
interventieniveaus: {levels}
praktijkvoorbeelden: {cases}
gepubliceerd: 2026-11-27
---

## Waarom

Omdat het werkt.
"""

MKDOCS_YML = """\
site_name: Testkennisbank
theme:
  name: material
  language: nl
  font: false
plugins:
  - kennisbank:
      contribute_page: bijdragen.md
markdown_extensions:
  - admonition
  - toc:
      permalink: true
"""


def case_text(
    title: str,
    levels: str = "[I]",
    fase: str = "pilotfase",
    onderwijs: str = "[mbo]",
    description: str = "Een korte samenvatting.",
) -> str:
    return CASE.format(title=title, levels=levels, fase=fase, onderwijs=onderwijs, description=description)


def lesson_text(title: str, levels: str = "[I]", cases: str = "[]") -> str:
    return LESSON.format(title=title, levels=levels, cases=cases)


class Project:
    """A minimal kennisbank project on disk: valid until a test breaks it on purpose."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "kennisbank"
        (self.content / "praktijkvoorbeelden").mkdir(parents=True)
        (self.content / "lessen").mkdir()
        (self.content / "niveaus").mkdir()
        shutil.copy(REPO / "kennisbank" / "taxonomie.yml", self.content / "taxonomie.yml")
        for level in ("I", "II", "III", "IV", "V", "VI", "VII"):
            self.write(f"kennisbank/niveaus/{level}.md", f"## Wat is het\n\nUitleg over niveau {level}.\n")
        self.write("mkdocs.yml", MKDOCS_YML)
        self.write(
            "docs/index.md",
            "---\ntitle: Testkennisbank\ntemplate: kennisbank/home.html\n---\n\nWelkom.\n",
        )
        self.write("docs/bijdragen.md", "# Bijdragen\n\nZo draag je bij.\n")
        self.case("regionale-aanpak", "Regionale aanpak", levels="[I, V]", fase="vroege-volgers")
        self.case("pilot-docenten", "Pilot docenten", levels="[III]", fase="pilotfase", onderwijs="[havo-vwo, wo]")
        self.case("netwerk-scholen", "Netwerk van scholen", levels="[VII]", fase="late-volgers")
        self.lesson("combineer-geld-en-kennis", "Combineer geld en kennis", levels="[I]", cases="[regionale-aanpak]")
        self.lesson("begin-klein", "Begin klein", levels="[III]", cases="[]")
        # A link written on the case side only: must show on both pages.
        self.write(
            "kennisbank/praktijkvoorbeelden/pilot-docenten.md",
            self.read("kennisbank/praktijkvoorbeelden/pilot-docenten.md").replace(
                "status: lopend", "status: lopend\nlessen: [begin-klein]"
            ),
        )

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def case(self, slug: str, title: str, **kw: str) -> Path:
        return self.write(f"kennisbank/praktijkvoorbeelden/{slug}.md", case_text(title, **kw))

    def lesson(self, slug: str, title: str, **kw: str) -> Path:
        return self.write(f"kennisbank/lessen/{slug}.md", lesson_text(title, **kw))

    def build(self, site: Path | None = None, **overrides) -> Path:
        """Run a real `mkdocs build --strict` into `site` (default: <root>/site)."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        site = site or self.root / "site"
        config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(site), strict=True, **overrides)
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        build(config)
        return site


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "project")


@pytest.fixture
def chdir_project(project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.chdir(project.root)
    return project


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped kennisbank, built once per test session with `mkdocs build --strict`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = tmp_path_factory.mktemp("shipped") / "site"
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site), strict=True)
    build(config)
    return site
