"""Every value that reaches HTML, filled with payloads, in headless Chromium.

One kennisbank is built in which every text field of every schema (cases, lessons, level
texts), every taxonomy label and description, every editorial page's front matter and the
mkdocs.yml values Material prints carry a payload. Then every page kind is opened, served under
a sub-path with all outside requests blocked, and from file://. Any dialog (the payloads call
alert), any outside request and any navigation away from the page fails the test; ordinary but
awkward text ("<15 leerlingen", quotes, an ampersand) must show exactly as typed.
"""

from __future__ import annotations

import json

import pytest
import yaml

from .browser import browser_page, require_browser, serve
from .conftest import REPO

PAYLOADS = [
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(2)>",
    '" http-equiv="refresh" content="0;url=https://evil.example/',
    "</title><svg onload=alert(3)>",
    "{{ 7*7 }}{% raw %}<iframe src=javascript:alert(4)>",
    "<a href=javascript:alert(5)>klik</a>",
    "&lt;script&gt;alert(6)&lt;/script&gt; &amp;",
    "<pre class=mermaid>graph TD; A--&gt;B</pre>",
    "<img src=https://evil.example/pixel.png>",
]
ORDINARY = "Klassen met <15 leerlingen & \"citaat\" 'enkel' > 3"
TEXTS = [*PAYLOADS, ORDINARY]


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML) that reads back as exactly `text`."""
    return json.dumps(text, ensure_ascii=False)


def case_file(index: int, text: str) -> str:
    return f"""---
title: {q(text)}
description: {q(text + " samenvatting")}
interventieniveaus: [I, III]
fase: pilotfase
onderwijs: [vmbo, mbo]
thema: [keuze-voor-techniek]
regio: [landelijk]
programma: {q(text)}
organisaties: [{q(text)}, {q("Tweede " + text)}]
periode: "2015-"
status: lopend
peildatum: "2017"
lessen: [les-{index}]
contact:
  naam: {q(text)}
  organisatie: {q(text)}
  email: info@example.org
bronnen:
  - titel: {q(text)}
    url: https://example.org/bron
indicatoren: [{q(text)}]
gepubliceerd: 2026-11-27
review:
  status: goedgekeurd
  door: {q(text)}
  datum: 2026-11-20
  volgende: 2099-01-01
---

## Aanleiding

Gewone tekst over leerlingen, met <15 leerlingen & "citaat" in de tekst.

## Aanpak

Een aanpak die werkt.
"""


def lesson_file(index: int, text: str) -> str:
    return f"""---
title: {q(text + " les")}
description: {q(text)}
interventieniveaus: [I]
praktijkvoorbeelden: [voorbeeld-{index}]
gepubliceerd: 2026-11-27
bronnen:
  - titel: {q(text)}
---

## Waarom

Omdat het werkt.
"""


def taxonomy_text() -> str:
    data = yaml.safe_load((REPO / "kennisbank" / "taxonomie.yml").read_text(encoding="utf-8"))
    n = 0
    for facet in data["facetten"].values():
        facet["label"] = f"{facet['label']} {TEXTS[n % len(TEXTS)]}"
        facet["meervoud"] = f"{facet['meervoud']} {TEXTS[(n + 1) % len(TEXTS)]}"
        facet["beschrijving"] = TEXTS[(n + 2) % len(TEXTS)]
        for term in facet["waarden"]:
            n += 1
            term["label"] = f"{term['label']} {TEXTS[n % len(TEXTS)]}"
            term["beschrijving"] = TEXTS[(n + 3) % len(TEXTS)]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


MKDOCS_YML = f"""\
site_name: {q("Kennisbank " + PAYLOADS[0])}
site_description: {q(PAYLOADS[2])}
site_author: {q(PAYLOADS[1])}
copyright: {q(PAYLOADS[3])}
repo_name: {q(PAYLOADS[5])}
repo_url: {q('https://example.org/repo"onmouseover="alert(7)')}
use_directory_urls: false
theme:
  name: material
  language: nl
  font: false
  features: [navigation.tabs, navigation.indexes]
extra:
  social:
    - icon: fontawesome/brands/github
      link: {q('https://example.org/"><script>alert(8)</script>')}
      name: {q(PAYLOADS[1])}
plugins:
  - kennisbank:
      contribute_page: bijdragen.md
markdown_extensions:
  - admonition
  - attr_list
  - toc:
      permalink: true
  - pymdownx.superfences
"""


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory):
    from .conftest import Project

    root = tmp_path_factory.mktemp("payloads")
    project = Project(root / "project")
    project.write("kennisbank/taxonomie.yml", taxonomy_text())
    project.write("mkdocs.yml", MKDOCS_YML)
    for path in (project.content / "praktijkvoorbeelden").glob("*.md"):
        path.unlink()
    for path in (project.content / "lessen").glob("*.md"):
        path.unlink()
    for index, text in enumerate(TEXTS):
        project.write(f"kennisbank/praktijkvoorbeelden/voorbeeld-{index}.md", case_file(index, text))
        project.write(f"kennisbank/lessen/les-{index}.md", lesson_file(index, text))
    for level in ("I", "III", "VII"):
        project.write(
            f"kennisbank/niveaus/{level}.md",
            f"---\ndescription: {q(TEXTS[len(level)])}\n---\n\n## Wat is het\n\nUitleg over niveau {level}.\n",
        )
    project.write(
        "docs/index.md",
        f"---\ntitle: {q(PAYLOADS[4])}\ndescription: {q(PAYLOADS[2])}\ntemplate: kennisbank/home.html\n---\n\nWelkom.\n",
    )
    project.write(
        "docs/bijdragen.md", f"---\ntitle: {q(ORDINARY)}\ndescription: {q(PAYLOADS[0])}\n---\n\nZo draag je bij.\n"
    )
    project.write("docs/kop.md", '# Kop met <15 leerlingen & "citaat"\n\n## Tussenkop & meer\n\nTekst.\n')
    site = project.build()
    return site


def page_paths() -> list[str]:
    return [
        "index.html",
        "404.html",
        "bijdragen.html",
        "kop.html",
        "velden.html",
        "niveaus/index.html",
        "niveaus/i.html",
        "niveaus/iii.html",
        "praktijkvoorbeelden/index.html",
        "lessen/index.html",
        "fase/index.html",
        "fase/pilotfase.html",
        "onderwijs/vmbo.html",
        "thema/keuze-voor-techniek.html",
        "regio/landelijk.html",
        *[f"praktijkvoorbeelden/voorbeeld-{i}.html" for i in range(len(TEXTS))],
        *[f"lessen/les-{i}.html" for i in range(len(TEXTS))],
        "zoeken.html?q=samenvatting",
        "zoeken.html?q=leerlingen",
        "zoeken.html?q=script",
        "admin/index.html",
    ]


def visit(page, url: str, base: str) -> list[str]:
    """Open `url`; return what went wrong (dialogs, navigations away)."""
    trouble: list[str] = []
    page.on("dialog", lambda d: (trouble.append(f"dialog: {d.message}"), d.dismiss()))

    def navigated(frame) -> None:
        if frame == page.main_frame and not frame.url.startswith(base):
            trouble.append(f"navigated to {frame.url}")

    page.on("framenavigated", navigated)
    page.goto(url)
    page.wait_for_load_state("load")
    if "zoeken.html?" in url and url.startswith("http"):
        page.wait_for_selector(".kb-search__title, #kb-search-status:has-text('Geen')", timeout=20000)
    page.wait_for_timeout(150)  # a meta refresh of 0 s or a late onload would fire by now
    # Hovering and focusing every link fires handlers that content could have planted.
    page.evaluate(
        """() => { for (const el of document.querySelectorAll('a, img, svg, [onmouseover]')) {
            el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); } }"""
    )
    page.wait_for_timeout(50)
    return trouble


@pytest.mark.parametrize("path", page_paths())
def test_served_page_runs_no_payload(payload_site, path: str) -> None:
    require_browser()
    with serve(payload_site, "/sub/pad/") as base:
        origin = base.split("/sub/pad/")[0] + "/"  # 404.html asks for root-absolute assets: same host, not outside
        with browser_page(origin) as (page, blocked):
            trouble = visit(page, base + path, base)
            assert trouble == []
            assert blocked == []
            assert page.url.startswith(base)


@pytest.mark.parametrize(
    "path", ["index.html", "praktijkvoorbeelden/voorbeeld-0.html", "niveaus/i.html", "zoeken.html"]
)
def test_file_page_runs_no_payload(payload_site, path: str) -> None:
    require_browser()
    base = payload_site.as_uri() + "/"
    with browser_page(base) as (page, blocked):
        trouble = visit(page, base + path, base)
        assert trouble == []
        assert blocked == []


def test_ordinary_text_shows_as_typed(payload_site) -> None:
    require_browser()
    ordinary = TEXTS.index(ORDINARY)
    with serve(payload_site, "/kb/") as base, browser_page(base) as (page, blocked):
        page.goto(f"{base}praktijkvoorbeelden/voorbeeld-{ordinary}.html")
        assert page.locator("h1").first.inner_text() == ORDINARY
        assert page.title().startswith(ORDINARY)
        description = page.locator('meta[name="description"]').get_attribute("content")
        assert description == ORDINARY + " samenvatting"
        body = page.locator("article").inner_text()
        assert '<15 leerlingen & "citaat"' in body
        # Every payload shows as text on its own page, never as markup.
        for index, text in enumerate(PAYLOADS):
            page.goto(f"{base}praktijkvoorbeelden/voorbeeld-{index}.html")
            assert page.locator("h1").first.inner_text() == text
            assert page.locator("article script, article iframe, article svg[onload]").count() == 0
        page.goto(f"{base}kop.html")
        assert page.locator("h1").first.inner_text().startswith('Kop met <15 leerlingen & "citaat"')
        assert "Tussenkop & meer" in page.locator(".md-sidebar--secondary").inner_text()
        assert page.title().startswith('Kop met <15 leerlingen & "citaat"')
        assert blocked == []
