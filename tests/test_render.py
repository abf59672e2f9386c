"""The fast renderer (render.py): one Markdown instance per build and a persistent cache of
rendered pages. It must give exactly what MkDocs' own per-page rendering gives, and a warm
rebuild after any change must equal a cold build of the changed project."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from mkdocs.structure.pages import Page

from mkdocs_kennisbank import render

from .conftest import Project


def files_of(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def cold(project: Project, site: Path) -> dict[str, bytes]:
    """A build with no cache at all."""
    shutil.rmtree(project.root / ".cache", ignore_errors=True)
    return files_of(project.build(site))


def test_renders_exactly_as_mkdocs_does(project: Project, tmp_path: Path, monkeypatch) -> None:
    ours = cold(project, tmp_path / "ours")
    with monkeypatch.context() as patch:
        patch.setattr(render.PageRenderer, "render", lambda self, page, config, files: Page.render(page, config, files))
        theirs = cold(project, tmp_path / "theirs")
    assert ours.keys() == theirs.keys()
    assert [name for name in ours if ours[name] != theirs[name]] == []


def test_a_warm_build_reuses_pages_and_equals_a_cold_one(project: Project, tmp_path: Path, caplog) -> None:
    first = cold(project, tmp_path / "a")
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.kennisbank")
    caplog.clear()
    second = files_of(project.build(tmp_path / "b"))
    assert second == first
    line = next(r.getMessage() for r in caplog.records if "uit de cache" in r.getMessage())
    assert line.endswith(", 0 opnieuw omgezet"), line


@pytest.mark.parametrize("change", ["case text", "taxonomy label", "template", "new case"])
def test_every_change_shows_up_as_in_a_cold_build(project: Project, tmp_path: Path, change: str) -> None:
    project.build(tmp_path / "before")  # fills the cache
    if change == "case text":
        path = "kennisbank/praktijkvoorbeelden/pilot-docenten.md"
        project.write(path, project.read(path).replace("Tekst over Pilot docenten.", "Een nieuwe zin over docenten."))
    elif change == "taxonomy label":
        path = "kennisbank/taxonomie.yml"
        project.write(path, project.read(path).replace("label: Pilotfase", "label: Pilotstadium", 1))
    elif change == "template":
        # A theme override of one section, as a site owner would write it.
        project.write(
            "overrides/kennisbank/case.html",
            '{% extends "kennisbank/case-page.html" %}\n{% block kb_sources %}<p>Eigen bronnenblok</p>{% endblock %}\n',
        )
        project.write(
            "mkdocs.yml",
            project.read("mkdocs.yml").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
        )
    else:
        project.case("nieuw-geval", "Nieuw geval", levels="[III]")
    warm = files_of(project.build(tmp_path / "warm"))
    fresh = cold(project, tmp_path / "cold")
    assert warm.keys() == fresh.keys()
    assert [name for name in warm if warm[name] != fresh[name]] == []
    shown = {
        "case text": ("praktijkvoorbeelden/pilot-docenten/index.html", "Een nieuwe zin over docenten."),
        "taxonomy label": ("praktijkvoorbeelden/pilot-docenten/index.html", "Pilotstadium"),
        "template": ("praktijkvoorbeelden/pilot-docenten/index.html", "Eigen bronnenblok"),
        "new case": ("niveaus/iii/index.html", "Nieuw geval"),
    }[change]
    assert shown[1] in warm[shown[0]].decode("utf-8")


def test_a_broken_cache_is_only_a_slower_build(project: Project, tmp_path: Path) -> None:
    first = cold(project, tmp_path / "a")
    cache = project.root / ".cache" / "kennisbank" / render.RENDER_CACHE
    assert cache.is_file()
    cache.write_bytes(b"geen database")
    assert files_of(project.build(tmp_path / "b")) == first


def test_collapsing_whitespace_keeps_what_whitespace_means() -> None:
    from mkdocs_kennisbank.site.markup import collapse_whitespace

    page = (
        "<ul>\n      <li>\n        <a>een</a>\n\n      </li>\n    </ul>\n"
        "<pre><code>  code\n\n    ingesprongen</code></pre>\n  <script>var a = 1;\n  // b\n</script>\n"
        "<p>een  twee\tdrie</p><textarea>\n  tekst\n</textarea>"
    )
    assert collapse_whitespace(page) == (
        "<ul>\n<li>\n<a>een</a>\n</li>\n</ul>\n"
        "<pre><code>  code\n\n    ingesprongen</code></pre>\n<script>var a = 1;\n  // b\n</script>\n"
        "<p>een  twee\tdrie</p><textarea>\n  tekst\n</textarea>"
    )
