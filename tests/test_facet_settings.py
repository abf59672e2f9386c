"""Facet settings in taxonomie.yml (map, filter, weergave, gewicht, lessen): each is read from
the taxonomy alone, checked with a Dutch message and its line, and used by every output."""

from __future__ import annotations

import json

import pytest

from mkdocs_kennisbank.content.taxonomy import load_taxonomy
from mkdocs_kennisbank.errors import ContentError
from mkdocs_kennisbank.search.searchfiles import decode_gaps

from .conftest import REPO, Project


def with_settings(project: Project, facet: str, **settings: str) -> None:
    """Replace (or add) settings of one facet in the project's taxonomy."""
    lines = project.read("kennisbank/taxonomie.yml").split("\n")
    start = lines.index(f"  {facet}:")
    names = {"map", "filter", "weergave", "gewicht", "lessen"}
    end = start + 1
    while lines[end].startswith("    "):
        end += 1
    block = [line for line in lines[start + 1 : end] if line.strip().split(":")[0] not in names]
    block[2:2] = [f"    {name}: {value}" for name, value in settings.items()]  # after label and meervoud
    project.write("kennisbank/taxonomie.yml", "\n".join([*lines[: start + 1], *block, *lines[end:]]))


def problems(project: Project) -> list[str]:
    path = project.content / "taxonomie.yml"
    with pytest.raises(ContentError) as caught:
        load_taxonomy(path, "kennisbank/taxonomie.yml")
    return [p.format() for p in caught.value.problems]


def test_the_shipped_settings() -> None:
    taxonomy = load_taxonomy(REPO / "kennisbank" / "taxonomie.yml", "kennisbank/taxonomie.yml")
    levels = taxonomy.facets["interventieniveaus"]
    assert (levels.path, levels.filter, levels.display, levels.weight, levels.lessons) == (
        "niveaus",
        "niveau",
        "id-en-label",
        0.6,
        "eigen",
    )
    assert levels.terms[2].shown == "III. Pilotgerichte interventies"
    assert taxonomy.facets["fase"].terms[0].shown == "Pilotfase"
    assert taxonomy.facets["regio"].lessons == "van-praktijkvoorbeelden"


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"map": "Fasen"}, "fase.map: 'Fasen': gebruik kleine letters, cijfers en koppeltekens, zoals 'fase'"),
        ({"map": "lessen"}, "fase.map: 'lessen' gebruikt de kennisbank zelf; kies een andere naam"),
        ({"filter": "soort"}, "fase.filter: 'soort' gebruikt de kennisbank zelf; kies een andere naam"),
        ({"filter": "regio"}, "regio.filter: 'regio' is ook de filter van facet fase"),
        ({"weergave": "nummer"}, "fase.weergave: onbekende waarde 'nummer'"),
        ({"gewicht": "2"}, "fase.gewicht: '2': een getal van 0 tot en met 1, zoals 0.5"),
        ({"gewicht": "veel"}, "fase.gewicht: 'veel': een getal van 0 tot en met 1"),
        ({"lessen": "alle"}, "fase.lessen: onbekende waarde 'alle'"),
    ],
)
def test_bad_settings_are_refused_with_their_line(project: Project, settings: dict, expected: str) -> None:
    with_settings(project, "fase", **settings)
    found = problems(project)
    assert any(expected in line and line.startswith("kennisbank/taxonomie.yml:") for line in found), found


def test_a_build_follows_the_settings(project: Project) -> None:
    """Rename the phase folder and filter, show phases with their ids, and let lessons keep only
    their own phases (none): pages, links, search filters and the lesson's filter values follow."""
    with_settings(project, "fase", map="fasen", filter="stadium", weergave="id-en-label", lessen="geen")
    site = project.build()
    assert (site / "fasen" / "pilotfase" / "index.html").is_file() and not (site / "fase").exists()
    case = (site / "praktijkvoorbeelden" / "pilot-docenten" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../fasen/pilotfase/">pilotfase. Pilotfase<' in case
    search = (site / "zoeken" / "index.html").read_text(encoding="utf-8")
    facets = json.loads(search.split('data-facets="')[1].split('"')[0].replace("&#34;", '"').replace("&quot;", '"'))
    assert ["stadium", "Fase"] in facets and ["soort", "Soort"] == facets[0]
    data = (site / "assets" / "kennisbank" / "zoekdata" / "facets.js").read_text(encoding="utf-8")
    filters = json.loads(data[data.index(",") + 1 : data.rindex(")")])
    assert "stadium" in filters and "fase" not in filters
    assert ["pilotfase. Pilotfase"] == [v for v, _ in filters["stadium"] if v.startswith("pilotfase")]
    # No lesson is found under a phase any more ("lessen: geen"): only cases carry the filter.
    kinds = dict(filters["soort"])
    lessons = set(decode_gaps(kinds["Les"]))
    assert all(not set(decode_gaps(code)) & lessons for _, code in filters["stadium"])
