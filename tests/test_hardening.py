"""Hostile content and faults: sanitised HTML, escaped values, paths, bounds, failed builds."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import markdown
import pytest
import yaml
from mkdocs.exceptions import Abort

from mkdocs_kennisbank.content.sanitize import clean

from .conftest import REPO


def render(text: str) -> str:
    """Markdown with the extensions of the shipped mkdocs.yml, then sanitised."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    extensions, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        extensions.append(name)
        if options:
            configs[name] = options
    return clean(markdown.markdown(text, extensions=extensions, extension_configs=configs))


def test_sanitiser_keeps_what_markdown_and_material_produce() -> None:
    source = (
        "## Kop\n\n"
        '!!! tip "Let op"\n    Tekst in een kader.\n\n'
        '??? note "Uitklappen"\n    Verborgen tekst.\n\n'
        '=== "Eerste"\n    Tab een.\n\n=== "Tweede"\n    Tab twee.\n\n'
        "```python\nprint('hallo')\n```\n\n"
        "Een voetnoot[^1].\n\n[^1]: De noot.\n\n"
        "| a | b |\n|---|--:|\n| 1 | 2 |\n\n"
        '![Een foto](foto.png "Titel")\n\n'
        "[Link](https://example.org) en [intern](../x.md)\n"
    )
    raw = markdown.markdown(source)  # sanity: the test input is meaningful
    assert raw
    html = render(source)
    for kept in (
        '<div class="admonition tip">',
        '<p class="admonition-title">Let op</p>',
        '<details class="note">',
        "<summary>Uitklappen</summary>",
        '<div class="tabbed-set tabbed-alternate"',
        'type="radio"',
        '<label for="__tabbed_1_1">Eerste</label>',
        '<div class="highlight"><pre><span></span><code><span class="nb">print</span>',
        '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>',
        '<div class="footnote">',
        '<a class="headerlink" href="#kop" title="Vaste link naar dit kopje">',
        '<a class="footnote-backref" href="#fnref:1" title="Terug naar voetnoot 1 in de tekst">',
        "<table>",
        '<img alt="Een foto" src="foto.png" title="Titel">',
        '<a href="https://example.org">Link</a>',
    ):
        assert kept in html, kept


@pytest.mark.parametrize(
    ("hostile", "gone"),
    [
        ("<script>alert(1)</script>", ["<script", "alert(1)"]),
        ('<img src="x" onerror="alert(1)">', ["onerror"]),
        ("[klik](javascript:alert(1))", ["javascript:"]),
        ('<a href="vbscript:msgbox(1)">x</a>', ["vbscript:"]),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', ["data:"]),
        ('<iframe src="https://example.org"></iframe>', ["<iframe"]),
        ('<form action="https://example.org"><button>x</button></form>', ["<form", "<button"]),
        ("<style>body { display: none }</style>", ["<style", "display: none"]),
        ('<p style="position: fixed">x</p>', ["style="]),
        ('<svg onload="alert(1)"><circle r="1"/></svg>', ["<svg", "onload"]),
        ('<object data="x.swf"></object><embed src="x.swf">', ["<object", "<embed"]),
        ("<!-- <script>alert(1)</script> -->", ["<!--", "<script"]),
        ('<meta http-equiv="refresh" content="0;url=https://example.org">', ["<meta", "refresh"]),
        ('<base href="https://example.org/">', ["<base"]),
        ('<input type="text" onfocus="alert(1)" autofocus>', ["onfocus", 'type="text"']),
    ],
)
def test_sanitiser_drops_hostile_html(hostile: str, gone: list[str]) -> None:
    html = render(f"Tekst voor.\n\n{hostile}\n\nTekst na.\n")
    for fragment in gone:
        assert fragment not in html
    assert "Tekst voor." in html and "Tekst na." in html


def quiet_build(project, **kw):
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    return project.build(**kw)


def tree(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_editorial_page_with_unsafe_html_fails_like_content(project, caplog) -> None:
    """Editorial pages get the same body check as cases: what the sanitiser would remove is an error."""
    project.write(
        "docs/over.md",
        "# Over\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        "[x](javascript:alert(3))\n\nRekensom: {{ 7 * 7 }}\n",
    )
    with pytest.raises(Abort):
        quiet_build(project)
    errors = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    for line in (3, 5, 7, 9):
        assert f"docs/over.md:{line}:" in errors, errors
    assert not (project.root / "site").exists()


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (
            'author: "<img src=x onerror=alert(1)>"',
            "docs/over.md:2:1: author: dit veld is op redactionele pagina's niet toegestaan",
        ),
        ("title: Over\ntitle: Nog eens", "docs/over.md:3:1: title: veld 'title' staat er twee keer in"),
        ("title: [niet afgesloten", "docs/over.md:3:1: title: "),
    ],
)
def test_front_matter_of_editorial_pages_is_checked(project, caplog, front: str, message: str) -> None:
    """Editorial pages: unknown keys and bad YAML are errors, never dropped, and the last site stays."""
    site = quiet_build(project)
    before = tree(site)
    project.write("docs/over.md", f"---\n{front}\n---\n\nTekst.\n")
    with pytest.raises(Abort):
        quiet_build(project)
    errors = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    assert message in errors, errors
    assert tree(site) == before


def test_titles_are_escaped_in_the_head(project) -> None:
    project.write("docs/over.md", "---\ntitle: Sturen & stimuleren\n---\n\nTekst.\n")
    html = (quiet_build(project) / "over" / "index.html").read_text(encoding="utf-8")
    assert "<title>Sturen &amp; stimuleren - Testkennisbank</title>" in html


def test_render_time_limit_names_the_file_and_keeps_the_site(project, caplog) -> None:
    site = quiet_build(project)
    before = tree(site)
    project.write(
        "mkdocs.yml",
        project.read("mkdocs.yml").replace(
            "      contribute_page: bijdragen.md", "      contribute_page: bijdragen.md\n      render_timeout: 0.5"
        ),
    )
    project.write("docs/zwaar.md", "# Zwaar\n\n" + "[" * 20000 + "\n")
    with pytest.raises(Abort):
        quiet_build(project)
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(
        m.startswith("docs/zwaar.md: het omzetten van de tekst naar HTML duurde langer dan 0.5 seconden")
        for m in messages
    ), messages
    assert tree(site) == before
    assert not list(site.parent.glob("site.kennisbank-*"))


def test_strict_warning_keeps_the_last_good_site(project) -> None:
    site = quiet_build(project)
    before = tree(site)
    project.write("docs/bijdragen.md", "# Bijdragen\n\nZie [de regels](bestaat-niet.md).\n")
    with pytest.raises(Abort):
        quiet_build(project)
    assert tree(site) == before
    assert not list(site.parent.glob("site.kennisbank-*"))


def test_two_builds_are_byte_identical(project, tmp_path) -> None:
    """Every file, the search data included (it is written in sorted order)."""
    url = "https://kennisbank.example/"  # with a site_url, so that the sitemap is written too
    first = tree(quiet_build(project, site=tmp_path / "een", site_url=url))
    second = tree(quiet_build(project, site=tmp_path / "twee", site_url=url))
    assert first == second
    assert "assets/kennisbank/zoekdata/facets.js" in first
    assert "sitemap.xml.gz" in first and "assets/kennisbank/offline-index.js" in first


def test_symlink_in_docs_pointing_outside_is_refused(project, tmp_path, caplog) -> None:
    secret = tmp_path / "geheim.txt"
    secret.write_text("wachtwoord", encoding="utf-8")
    (project.root / "docs" / "geheim.txt").symlink_to(secret)
    with pytest.raises(Abort):
        quiet_build(project)
    assert any(
        "docs/geheim.txt:1:1: bestand: deze symbolische link wijst naar een plek buiten docs/" in r.getMessage()
        for r in caplog.records
    )
    assert not (project.root / "site" / "geheim.txt").exists()


@pytest.mark.parametrize("template", ["../../../etc/passwd", "/etc/passwd", "bestaat-niet.html"])
def test_template_outside_the_theme_is_refused(project, caplog, template: str) -> None:
    project.write("docs/over.md", f"---\ntemplate: {template}\n---\n\n# Over\n")
    with pytest.raises(Abort):
        quiet_build(project)
    assert any(
        f"docs/over.md:2:11: template: template '{template}' is hier niet toegestaan" in r.getMessage()
        for r in caplog.records
    )
