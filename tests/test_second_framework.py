"""The generator is general: a second kennisbank with another framework (three levels, other
phases, no school types or themes, an extra facet "sector") is built from its own taxonomy with
no code change. Its pages, search filters, command-line options, template and editing form all
follow the taxonomy."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
import yaml

from mkdocs_kennisbank.cli import main
from mkdocs_kennisbank.content.loader import load
from mkdocs_kennisbank.contribute.scaffold import render
from mkdocs_kennisbank.errors import ContentError
from mkdocs_kennisbank.search.searchfiles import decode_gaps

from .conftest import Project

TAXONOMY = """\
facetten:
  interventieniveaus:
    label: Niveau
    meervoud: Niveaus
    map: niveaus
    filter: niveau
    weergave: id-en-label
    verplicht: ja
    kaart: ja
    gewicht: 0.5
    waarden:
      - id: A
        label: Geld
      - id: B
        label: Kennis
      - id: C
        label: Netwerk
  fase:
    label: Stadium
    meervoud: Stadia
    meerdere: nee
    verplicht: ja
    lessen: van-praktijkvoorbeelden
    waarden:
      - id: verkennen
        label: Verkennen
      - id: uitvoeren
        label: Uitvoeren
  sector:
    label: Sector
    meervoud: Sectoren
    map: sectoren
    verplicht: ja
    kaart: ja
    lessen: van-praktijkvoorbeelden
    beschrijving: De sector waarin het voorbeeld speelt.
    waarden:
      - id: zorg
        label: Zorg en welzijn
      - id: bouw
        label: Bouw & infra
"""

CASE = """\
---
title: {title}
description: Samenvatting van {title}.
interventieniveaus: [{level}]
fase: {phase}
sector: [{sector}]
gepubliceerd: 2026-11-01
---

## Aanleiding

Een wijkteam met {word} in de hoofdrol.
"""


@pytest.fixture
def second(tmp_path) -> Project:
    project = Project(tmp_path / "second")
    shutil.rmtree(project.content)
    for folder in ("praktijkvoorbeelden", "lessen", "niveaus"):
        (project.content / folder).mkdir(parents=True)
    project.write("kennisbank/taxonomie.yml", TAXONOMY)
    for level in ("A", "B", "C"):
        project.write(f"kennisbank/niveaus/{level}.md", f"## Wat is het\n\nUitleg over niveau {level}.\n")
    project.write(
        "kennisbank/praktijkvoorbeelden/zorgnetwerk.md",
        CASE.format(title="Zorgnetwerk", level="C", phase="uitvoeren", sector="zorg", word="verpleegkundigen"),
    )
    project.write(
        "kennisbank/praktijkvoorbeelden/bouwfonds.md",
        CASE.format(title="Bouwfonds", level="A", phase="verkennen", sector="bouw", word="verpleegkundigen"),
    )
    project.write(
        "kennisbank/lessen/werk-samen.md",
        "---\ntitle: Werk samen\ndescription: Samen komt verder.\ninterventieniveaus: [C]\n"
        "praktijkvoorbeelden: [zorgnetwerk]\ngepubliceerd: 2026-11-02\n---\n\n## Waarom\n\nOmdat het werkt.\n",
    )
    return project


def test_the_content_follows_the_taxonomy(second: Project) -> None:
    kb = load(second.content, root=second.root)
    assert [t.id for t in kb.taxonomy.levels.terms] == ["A", "B", "C"]
    assert kb.cases["zorgnetwerk"].terms("sector") == ["zorg"] and kb.cases["zorgnetwerk"].phase == "uitvoeren"
    # The lesson does not carry the sector itself, but is found under its case's sector.
    assert kb.search_terms(kb.lessons["werk-samen"], "sector") == ["zorg"]
    # "sector: verplicht: ja": a case without it is refused, with file, line and field.
    second.write(
        "kennisbank/praktijkvoorbeelden/bouwfonds.md",
        second.read("kennisbank/praktijkvoorbeelden/bouwfonds.md").replace("sector: [bouw]\n", ""),
    )
    with pytest.raises(ContentError) as caught:
        load(second.content, root=second.root)
    assert [p.format() for p in caught.value.problems] == [
        "kennisbank/praktijkvoorbeelden/bouwfonds.md:2:1: sector: dit verplichte veld ontbreekt; "
        "schrijf een lijst, bijvoorbeeld [zorg]; kies uit: zorg, bouw"
    ]


def test_the_site_follows_the_taxonomy(second: Project) -> None:
    site = second.build()
    for page in ("niveaus/a", "niveaus/b", "niveaus/c", "sectoren/zorg", "sectoren/bouw", "fase/verkennen"):
        assert (site / page / "index.html").is_file(), page
    assert not (site / "onderwijs").exists() and not (site / "thema").exists()
    case = (site / "praktijkvoorbeelden" / "zorgnetwerk" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../sectoren/zorg/">Zorg en welzijn<' in case
    assert "C. Netwerk" in case
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Verkennen" in home and "Uitvoeren" in home and "C. Netwerk" in home
    # A listing shows the facets marked "kaart: ja" on its cards: the sector too.
    listing = (site / "niveaus" / "a" / "index.html").read_text(encoding="utf-8")
    assert "Bouw &amp; infra" in listing
    # The search page offers the taxonomy's filters, and the filter index has them.
    search = (site / "zoeken" / "index.html").read_text(encoding="utf-8")
    facets = json.loads(search.split('data-facets="')[1].split('"')[0].replace("&#34;", '"').replace("&quot;", '"'))
    # The taxonomy's filters, then the two every kennisbank computes (documentation, effect).
    assert facets == [
        ["soort", "Soort"],
        ["niveau", "Niveau"],
        ["fase", "Stadium"],
        ["sector", "Sector"],
        ["beschrijving", "Beschrijving"],
        ["effect", "Effect"],
    ]
    data = (site / "assets" / "kennisbank" / "zoekdata" / "facets.js").read_text(encoding="utf-8")
    filters = json.loads(data[data.index(",") + 1 : data.rindex(")")])
    assert set(filters) == {"soort", "niveau", "fase", "sector", "beschrijving", "effect"}
    assert {value for value, _ in filters["sector"]} == {"Zorg en welzijn", "Bouw & infra"}
    zorg = dict(filters["sector"])["Zorg en welzijn"]
    assert len(decode_gaps(zorg)) == 2  # the case and the lesson behind it
    # The field reference and the editing form have the sector field, with its values.
    fields = (site / "velden" / "index.html").read_text(encoding="utf-8")
    assert "sector" in fields and "Zorg en welzijn" in fields and "onderwijs" not in fields
    form = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    cases = next(c for c in form["collections"] if c["name"] == "praktijkvoorbeelden")
    sector = next(f for f in cases["fields"] if f["name"] == "sector")
    assert sector["required"] is True and sector["multiple"] is True
    assert [o["value"] for o in sector["options"]] == ["zorg", "bouw"]
    phase = next(f for f in cases["fields"] if f["name"] == "fase")
    assert phase.get("multiple", False) is False and phase["label"] == "Stadium"
    assert not [f for f in cases["fields"] if f["name"] in ("onderwijs", "thema", "regio")]


def test_the_command_line_follows_the_taxonomy(second: Project, monkeypatch, capsys) -> None:
    monkeypatch.chdir(second.root)
    assert main(["search", "--help"]) == 0
    help_text = capsys.readouterr().out
    assert "--sector" in help_text and "--niveau" in help_text and "--onderwijs" not in help_text
    assert "--beschrijving" in help_text and "--effect" in help_text
    assert main(["search", "verpleegkundigen", "--sector", "zorg", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["slug"] for h in hits] == ["zorgnetwerk"] and hits[0]["sector"] == ["zorg"]
    assert main(["search", "verpleegkundigen", "--sector", "onderwijs"]) == 2
    assert "--sector: onbekende waarde 'onderwijs'" in capsys.readouterr().err
    assert main(["search", "verpleegkundigen", "--onderwijs", "mbo"]) == 2
    assert "'--onderwijs' bestaat niet" in capsys.readouterr().err
    # The template `kennisbank new` writes asks for the taxonomy's fields, and passes the check
    # once they are filled in.
    kb = load(second.content, root=second.root)
    text = render("praktijkvoorbeeld", "Nieuw", kb.taxonomy, dt.date(2026, 12, 1))
    assert "\nsector:\n" in text and "# Kies uit: zorg, bouw" in text and "onderwijs:" not in text
    assert "\nfase:\n" in text and "Kies uit: verkennen, uitvoeren" in text
