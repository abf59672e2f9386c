"""Escaping at the output and what editorial pages and mkdocs.yml may say.

Every template (Material's included) is autoescaped; editorial pages may only carry the keys and
templates the kennisbank knows; mkdocs.yml settings that would reach outside the site are refused.
"""

from __future__ import annotations

import logging
import re

import pytest
from mkdocs.exceptions import Abort

from mkdocs_kennisbank.site.editorial import check_editorial
from mkdocs_kennisbank.site.markup import clean_inline
from mkdocs_kennisbank.site.siteconfig import config_problems, is_outside, link_problem


def editorial(front: str, body: str = "Tekst.\n") -> tuple[dict, list[str]]:
    values, problems = check_editorial(f"---\n{front}\n---\n\n{body}".encode(), "docs/over.md")
    return values, [p.format() for p in problems]


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "author: '\"><script>alert(1)</script>'",
            "docs/over.md:2:1: author: dit veld is op redactionele pagina's niet toegestaan",
        ),
        (
            "redirect: javascript:alert(1)",
            "docs/over.md:2:1: redirect: dit veld is op redactionele pagina's niet toegestaan",
        ),
        ("template: redirect.html", "docs/over.md:2:11: template: template 'redirect.html' is hier niet toegestaan"),
        (
            "template: kennisbank/case.html",
            "docs/over.md:2:11: template: template 'kennisbank/case.html' is hier niet toegestaan",
        ),
        (
            "template: ../../etc/passwd",
            "docs/over.md:2:11: template: template '../../etc/passwd' is hier niet toegestaan",
        ),
        ("hide: [navigatie]", "docs/over.md:2:8: hide: onbekende waarde 'navigatie' (bedoelde je 'navigation'?)"),
        ("hide: {toc: true}", "docs/over.md:2:7: hide: hier hoort een lijst"),
        ("title: ''", ""),  # empty optional value: fine, like in cases
        (
            "description: '" + "x" * 301 + "'",
            "docs/over.md:2:14: description: de tekst is 301 tekens lang; het maximum is 300",
        ),
        ("icon: material/home", "docs/over.md:2:1: icon: dit veld is op redactionele pagina's niet toegestaan"),
        ("title: Over\ntitle: Nog eens", "docs/over.md:3:1: title: veld 'title' staat er twee keer in"),
    ],
)
def test_editorial_front_matter(front: str, expected: str) -> None:
    _, problems = editorial(front)
    if expected:
        assert any(p.startswith(expected) for p in problems), problems
    else:
        assert problems == []


def test_editorial_allowed_keys_are_kept_as_text() -> None:
    values, problems = editorial(
        'title: Sturen & "stimuleren" <15\ndescription: Over <b>niets</b>\ntemplate: kennisbank/home.html\nhide: [navigation, toc]'
    )
    assert problems == []
    assert values == {
        "title": 'Sturen & "stimuleren" <15',
        "description": "Over <b>niets</b>",
        "template": "kennisbank/home.html",
        "hide": ["navigation", "toc"],
    }


def test_editorial_body_is_checked_like_content() -> None:
    _, problems = editorial("title: Over", "Tekst\n\n<script>alert(1)</script>\n")
    assert any(p.startswith("docs/over.md:7:1: tekst: ") for p in problems), problems


def test_heading_html_becomes_text() -> None:
    assert clean_inline("A &amp; B <code>&lt;b&gt;</code> <img src=x onerror=alert(1)>") == "A &amp; B &lt;b&gt; "
    assert clean_inline("<script>alert(1)</script>Kop") == "Kop"


@pytest.mark.parametrize(
    ("url", "outside"),
    [
        ("https://cdn.example/x.js", True),
        ("//cdn.example/x.js", True),
        ("\\\\cdn.example/x.js", True),
        ("assets/x.js", False),
        ("/assets/x.js", False),
        ("javascript:alert(1)", True),
    ],
)
def test_outside_urls(url: str, outside: bool) -> None:
    assert is_outside(url) is outside


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org", True),
        ("mailto:a@b.nl", True),
        ("../x.html", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("https://x\n", False),
    ],
)
def test_configured_links(url: str, ok: bool) -> None:
    assert (link_problem(url) is None) is ok


def test_config_that_reaches_outside_is_refused() -> None:
    config = {
        "theme": {"font": {"text": "Roboto"}, "logo": "https://cdn.example/logo.png"},
        "extra": {
            "analytics": {"provider": "google", "property": "G-X"},
            "homepage": "javascript:alert(1)",
            "social": [{"link": "javascript:alert(2)"}],
        },
        "extra_javascript": ["https://cdn.example/x.js", "assets/ok.js"],
        "extra_css": ["//cdn.example/x.css"],
        "repo_url": "javascript:alert(3)",
    }
    text = "site_name: x\ntheme:\n  font:\n    text: Roboto\nextra:\n  analytics:\n"
    problems = config_problems(config, ["kennisbank", "material/privacy"], "mkdocs.yml", text)
    fields = sorted(p.field for p in problems)
    assert fields == sorted(
        [
            "theme.font",
            "theme.logo",
            "extra.analytics",
            "extra.homepage",
            "extra.social[1].link",
            "extra_javascript",
            "extra_css",
            "repo_url",
            "plugins",
        ]
    )
    assert next(p for p in problems if p.field == "theme.font").line == 3
    assert config_problems({"theme": {"font": False}}, ["kennisbank", "search"], "mkdocs.yml", "") == []


def quiet_build(project, **kw):
    logging.getLogger("mkdocs").setLevel(logging.CRITICAL)
    return project.build(**kw)


def failed_build(project, caplog) -> str:
    """The error lines of a build that must fail."""
    with pytest.raises(Abort):
        quiet_build(project)
    return "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)


def test_material_meta_tags_and_nav_are_escaped(project) -> None:
    taxonomy = project.read("kennisbank/taxonomie.yml").replace(
        "label: Pilotfase", "label: 'Pilot <img src=x onerror=alert(1)> & co'"
    )
    project.write("kennisbank/taxonomie.yml", taxonomy)
    project.write(
        "docs/over.md",
        '---\ntitle: Over "ons" & <jullie>\ndescription: \'Een " http-equiv="refresh" content="0;url=https://evil.example\'\n---\n\n# Kop & meer\n',
    )
    project.write(
        "mkdocs.yml",
        project.read("mkdocs.yml").replace(
            "site_name: Testkennisbank", 'site_name: Test "<b>kennis</b>"\nsite_author: \'"><script>x</script>\''
        )
        + "nav:\n  - Home: index.md\n  - 'Over <i>ons</i>': over.md\n  - Fasen: fase/index.md\n",
    )
    site = quiet_build(project)
    page = (site / "over" / "index.html").read_text(encoding="utf-8")
    assert (
        '<meta name="description" content="Een &#34; http-equiv=&#34;refresh&#34; content=&#34;0;url=https://evil.example">'
        in page
    )
    assert '<meta name="author" content="&#34;&gt;&lt;script&gt;x&lt;/script&gt;">' in page
    assert "<title>Over &#34;ons&#34; &amp; &lt;jullie&gt; - Test &#34;&lt;b&gt;kennis&lt;/b&gt;&#34;</title>" in page
    assert "Over &lt;i&gt;ons&lt;/i&gt;" in page and "<i>ons</i>" not in page
    assert "<script>x</script>" not in page and "<b>kennis</b>" not in page
    phase = next(p for p in site.rglob("*.html") if "pilotfase" in str(p)).read_text(encoding="utf-8")
    assert "Pilot &lt;img src=x onerror=alert(1)&gt; &amp; co" in phase
    assert "<img src=x" not in phase
    # Headings stay single-escaped in the toc and the nav.
    assert "Kop &amp; meer" in page and "&amp;amp;" not in page


def test_editorial_key_fails_build_with_position(project, caplog) -> None:
    project.write("docs/over.md", "---\ntitle: Over\nauthor: iemand\ntemplate: redirect.html\n---\n\nTekst.\n")
    errors = failed_build(project, caplog)
    assert "docs/over.md:3:1: author: dit veld is op redactionele pagina's niet toegestaan" in errors
    assert "docs/over.md:4:11: template: template 'redirect.html' is hier niet toegestaan" in errors


def test_repo_link_makes_no_api_request(project) -> None:
    project.write("mkdocs.yml", project.read("mkdocs.yml") + "repo_url: https://github.com/voorbeeld/kennisbank\n")
    page = (quiet_build(project) / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/voorbeeld/kennisbank"' in page
    assert 'data-md-component="source"' not in page


def test_outside_config_fails_build(project, caplog) -> None:
    project.write("mkdocs.yml", project.read("mkdocs.yml") + "extra_javascript:\n  - https://cdn.example/x.js\n")
    errors = failed_build(project, caplog)
    assert re.search(
        r"mkdocs\.yml:\d+:1: extra_javascript: 'https://cdn\.example/x\.js' staat buiten de site", errors
    ), errors


def test_check_reports_editorial_pages_and_docs_files(chdir_project, capsys) -> None:
    """`kennisbank check` reports what the build would refuse in docs/ as well."""
    from mkdocs_kennisbank.cli import main

    chdir_project.write("docs/over.md", "---\ntitle: Over\nauthor: iemand\n---\n\n<img src=x onerror=alert(1)>\n")
    chdir_project.write("docs/assets/app.js", "alert(1)\n")
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "docs/over.md:3:1: author: dit veld is op redactionele pagina's niet toegestaan" in out
    assert "docs/over.md:6:" in out
    assert "docs/assets/app.js:1:1: bestand: " in out


def test_an_empty_font_setting_is_refused_too() -> None:
    """Material loads Google Fonts unless `font` is false; `font:` left empty is None, not false."""
    problems = config_problems({"theme": {"font": None}}, [], "mkdocs.yml", "theme:\n  font:\n")
    assert [p.field for p in problems] == ["theme.font"]


def test_pages_with_other_markdown_extensions_are_checked(project, caplog) -> None:
    project.write("docs/pagina.markdown", "---\nauthor: iemand\n---\n\nTekst.\n")
    errors = failed_build(project, caplog)
    assert "docs/pagina.markdown:2:1: author: dit veld is op redactionele pagina's niet toegestaan" in errors


def test_check_does_not_block_on_a_symlink_to_a_fifo(chdir_project, capsys) -> None:
    import os
    import threading

    from mkdocs_kennisbank.cli import main

    hidden = chdir_project.root / "docs" / ".verborgen"
    hidden.mkdir()
    os.mkfifo(hidden / "pijp.html")
    (chdir_project.root / "docs" / "pagina.html").symlink_to(".verborgen/pijp.html")
    result: list[int] = []
    worker = threading.Thread(target=lambda: result.append(main(["check"])), daemon=True)
    worker.start()
    worker.join(30)
    if worker.is_alive():  # unblock the reader so the test process can end, then fail
        with open(hidden / "pijp.html", "w"):
            pass
        pytest.fail("kennisbank check blocks on a FIFO behind a symlink")
    assert result == [1]
    assert "docs/pagina.html:1:1: bestand: deze symbolische link wijst naar een pipe" in capsys.readouterr().out


def test_search_cache_that_is_a_file_is_a_dutch_error(chdir_project, tmp_path, capsys) -> None:
    from mkdocs_kennisbank.cli import main

    blocker = tmp_path / "bestand"
    blocker.write_text("x", encoding="utf-8")
    assert main(["search", "aanpak", "--cache", str(blocker)]) == 2
    assert "is een bestand, geen map" in capsys.readouterr().err
