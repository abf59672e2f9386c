"""Fit between a case and a visitor's profile, or another case (search/fit.py): reasons, scores,
ranking, ties and the data the page "Voorbeelden zoals mijn school" gets."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader
from markupsafe import Markup

from mkdocs_kennisbank.content.model import Case, Kennisbank
from mkdocs_kennisbank.content.taxonomy import Facet, Taxonomy, Term, load_taxonomy
from mkdocs_kennisbank.contribute.decap import script_json
from mkdocs_kennisbank.search.fit import (
    case_fit,
    fit,
    fit_data,
    join,
    mid_sentence,
    profile_from_query,
    rank,
    reason_order,
)

from .conftest import REPO

PACKAGE = REPO / "plugins" / "mkdocs_kennisbank"

TAXONOMY = load_taxonomy(REPO / "kennisbank" / "taxonomie.yml", "kennisbank/taxonomie.yml")
HOSTILE = "</script><script>window.pwned = 1</script> & <!-- \u2028 “Bèta”"


def make_case(
    slug: str,
    title: str | None = None,
    published: str = "2026-01-01",
    updated: str | None = None,
    **values: list[str],
) -> Case:
    values.setdefault("interventieniveaus", ["I"])
    values.setdefault("fase", ["pilotfase"])
    values.setdefault("onderwijs", ["mbo"])
    return Case(
        slug=slug,
        path=Path(f"{slug}.md"),
        title=title or slug.replace("-", " ").capitalize(),
        description=f"Over {slug}.",
        body="",
        values={key: list(ids) for key, ids in values.items()},
        published=dt.date.fromisoformat(published),
        updated=dt.date.fromisoformat(updated) if updated else None,
    )


def make_kb(*cases: Case, taxonomy: Taxonomy = TAXONOMY) -> Kennisbank:
    return Kennisbank(taxonomy, {c.slug: c for c in cases}, {}, {})


def url_of(obj) -> str:
    return f"{type(obj).__name__.lower()}/{getattr(obj, 'slug', getattr(obj, 'key', ''))}/"


def with_facet(taxonomy: Taxonomy, key: str, **changes) -> Taxonomy:
    facets = dict(taxonomy.facets)
    facets[key] = dataclasses.replace(facets[key], **changes)
    return Taxonomy(facets)


# -- reasons --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "joined"),
    [([], ""), (["fase"], "fase"), (["fase", "regio"], "fase en regio"), (["a", "b", "c"], "a, b en c")],
)
def test_dutch_list_joining(words: list[str], joined: str) -> None:
    assert join(words) == joined


def test_labels_are_lower_case_mid_sentence_but_abbreviations_stay() -> None:
    assert mid_sentence("Onderwijssoort") == "onderwijssoort"
    assert mid_sentence("ICT-thema") == "ICT-thema"
    assert mid_sentence("Ö") == "ö"


def test_reason_names_matched_then_differing_facets() -> None:
    case = make_case("a", fase=["opschalingsfase"], onderwijs=["vmbo"], regio=["noord"])
    found = fit(case, {"onderwijs": ["vmbo"], "regio": ["noord"], "fase": ["pilotfase"]}, TAXONOMY)
    assert found.reason == "zelfde onderwijssoort en regio, andere fase"
    assert found.matched == ("onderwijs", "regio")
    assert found.differing == ("fase",)
    assert found.score == pytest.approx(0.3)  # onderwijs 0.2 + regio 0.1, from taxonomie.yml


def test_reasons_list_heaviest_facets_first_with_commas_and_en() -> None:
    case = make_case("a", fase=["pilotfase"], onderwijs=["vmbo", "mbo"], thema=["zorg"], regio=["west"])
    profile = {"onderwijs": ["mbo"], "thema": ["zorg"], "fase": ["pilotfase"], "regio": ["noord"]}
    found = fit(case, profile, TAXONOMY)
    # thema 0.5, fase 0.3, onderwijs 0.2, regio 0.1
    assert found.reason == "zelfde thema, fase en onderwijssoort, andere regio"
    assert found.score == pytest.approx(1.0)


def test_a_case_without_values_in_a_facet_neither_fits_nor_differs() -> None:
    case = make_case("a", onderwijs=["vmbo"])  # no region, no theme
    found = fit(case, {"onderwijs": ["vmbo"], "regio": ["noord"], "thema": ["zorg"]}, TAXONOMY)
    assert (found.matched, found.differing, found.reason) == (("onderwijs",), (), "zelfde onderwijssoort")


def test_only_differences() -> None:
    found = fit(make_case("a", onderwijs=["po"]), {"onderwijs": ["wo"], "fase": ["late-volgers"]}, TAXONOMY)
    assert (found.score, found.reason) == (0, "andere fase en onderwijssoort")


def test_reasons_and_weights_come_from_the_taxonomy() -> None:
    changed = with_facet(TAXONOMY, "regio", label="Provincie", weight=0.9)
    changed = with_facet(changed, "onderwijs", label="MBO-niveau")
    case = make_case("a", onderwijs=["vmbo"], regio=["noord"])
    found = fit(case, {"onderwijs": ["vmbo"], "regio": ["noord"]}, changed)
    assert found.reason == "zelfde provincie en MBO-niveau"
    assert found.score == pytest.approx(1.1)
    assert [f.key for f in reason_order(changed)][:2] == ["regio", "interventieniveaus"]


def test_the_visitor_profile_never_uses_intervention_levels() -> None:
    found = fit(make_case("a", interventieniveaus=["III"]), {"interventieniveaus": ["III"]}, TAXONOMY)
    assert (found.matched, found.reason) == ((), "")


def test_case_fit_compares_every_facet_levels_included() -> None:
    mine = make_case("a", interventieniveaus=["III", "IV"], thema=["zorg"], fase=["pilotfase"], onderwijs=["vmbo"])
    other = make_case("b", interventieniveaus=["IV"], thema=["zorg"], fase=["opschalingsfase"], onderwijs=["vmbo"])
    found = case_fit(mine, other, TAXONOMY)
    assert found.reason == "zelfde interventieniveau, thema en onderwijssoort, andere fase"
    assert found.score == pytest.approx(1.3)
    assert case_fit(mine, other, TAXONOMY) == case_fit(other, mine, TAXONOMY)


# -- the profile from the URL ----------------------------------------------------------------------


def test_profile_from_query_keeps_known_values_in_taxonomy_order() -> None:
    params = {
        "onderwijs": ["wo", "vmbo", "onbekend", "vmbo"],
        "fase": ["geen-fase", "opschalingsfase", "pilotfase"],  # one value: the first known one
        "regio": [""],
        "niveau": ["III"],  # not part of a profile
        "soort": ["x"],
    }
    assert profile_from_query(TAXONOMY, params) == {"fase": ("opschalingsfase",), "onderwijs": ("vmbo", "wo")}
    assert profile_from_query(TAXONOMY, {}) == {}


# -- ranking ---------------------------------------------------------------------------------------


def test_rank_best_fit_first_then_newest_then_title() -> None:
    kb = make_kb(
        make_case("oud", "Oud", published="2020-01-01", onderwijs=["vmbo"]),
        make_case("nieuw", "Nieuw", published="2025-01-01", onderwijs=["vmbo"]),
        make_case("bijgewerkt", "Bijgewerkt", published="2019-01-01", updated="2026-03-01", onderwijs=["vmbo"]),
        make_case("zelfde-dag-b", "Één dag", published="2024-06-01", onderwijs=["vmbo"]),
        make_case("zelfde-dag-a", "een dag", published="2024-06-01", onderwijs=["vmbo"]),
        make_case("beste", "Beste", published="2010-01-01", onderwijs=["vmbo"], regio=["noord"]),
        make_case("anders", "Anders", published="2026-06-01", onderwijs=["po"], regio=["zuid"]),
    )
    ranked = rank(kb, {"onderwijs": ["vmbo"], "regio": ["noord"]})
    # Titles "Één dag" and "een dag" have the same sort key: the slug decides.
    assert [c.slug for c, _ in ranked] == ["beste", "bijgewerkt", "nieuw", "zelfde-dag-a", "zelfde-dag-b", "oud"]
    assert ranked[0][1].reason == "zelfde onderwijssoort en regio"
    assert ranked[1][1].reason == "zelfde onderwijssoort"
    assert "anders" not in [c.slug for c, _ in ranked]  # fits in nothing: not "like mine"


def test_rank_is_deterministic_whatever_the_input_order() -> None:
    cases = [make_case(f"c{i}", f"Titel {i % 3}", published=f"2024-0{1 + i % 2}-01", thema=["zorg"]) for i in range(9)]
    first = [c.slug for c, _ in rank(make_kb(*cases), {"thema": ["zorg"]})]
    second = [c.slug for c, _ in rank(make_kb(*reversed(cases)), {"thema": ["zorg"]})]
    assert first == second


def test_an_empty_profile_lists_every_case_newest_first() -> None:
    kb = make_kb(make_case("a", published="2020-01-01"), make_case("b", published="2022-01-01"))
    for profile in ({}, {"onderwijs": []}):
        ranked = rank(kb, profile)
        assert [(c.slug, f.score, f.reason) for c, f in ranked] == [("b", 0, ""), ("a", 0, "")]


def test_a_case_without_date_comes_last_on_a_tie() -> None:
    undated = dataclasses.replace(make_case("zonder"), published=None)
    kb = make_kb(undated, make_case("met", published="2001-01-01"))
    assert [c.slug for c, _ in rank(kb, {"fase": ["pilotfase"]})] == ["met", "zonder"]


# -- what the browser gets --------------------------------------------------------------------------


def test_fit_data_has_what_the_browser_needs() -> None:
    kb = make_kb(
        make_case("a", "A", published="2020-01-01", interventieniveaus=["III", "I"], regio=["noord"]),
        make_case("b", "B", published="2021-01-01", updated="2021-02-03"),
    )
    data = fit_data(kb, url_of)
    assert [f["key"] for f in data["facets"]] == ["fase", "onderwijs", "thema", "regio"]
    onderwijs = data["facets"][1]
    assert onderwijs["filter"] == "onderwijs" and onderwijs["name"] == "onderwijssoort"
    assert onderwijs["points"] == 20 and onderwijs["multiple"] is True
    assert onderwijs["terms"][0] == ["po", "Primair onderwijs"]
    assert data["facets"][0]["multiple"] is False  # fase: one value, a select in the form
    assert [c["slug"] for c in data["cases"]] == ["b", "a"]  # tie order: newest first
    b, a = data["cases"]
    assert b["date"] == "2021-02-03" and b["url"] == "case/b/"
    assert a["values"]["regio"] == ["noord"] and "thema" not in a["values"]
    assert a["levels"] == ["I. Financiële middelen", "III. Pilotgerichte interventies"]
    assert data["phrases"] == {"same": "zelfde", "other": "andere", "and": "en"}
    json.dumps(data)  # JSON-able


def test_advice_per_phase_follows_the_publication_and_invents_nothing() -> None:
    phases = {p["id"]: p for p in fit_data(make_kb(), url_of)["advice"]["phases"]}
    assert list(phases) == ["pilotfase", "vroege-volgers", "opschalingsfase", "late-volgers"]
    assert [lvl[0] for lvl in phases["pilotfase"]["levels"]] == ["III", "IV"]
    assert phases["pilotfase"]["levels"][0][1:] == ["III. Pilotgerichte interventies", "term/iii/"]
    assert [lvl[0] for lvl in phases["opschalingsfase"]["levels"]] == ["II"]
    assert "regelgeving" in phases["opschalingsfase"]["text"]
    for advised in ("pilotfase", "opschalingsfase"):
        assert phases[advised]["advised"] and phases[advised]["text"].startswith("Volgens de publicatie")
    for silent in ("vroege-volgers", "late-volgers"):
        assert not phases[silent]["advised"] and not phases[silent]["levels"]
        assert "noemt de bron geen interventies" in phases[silent]["text"]
    source = fit_data(make_kb(), url_of)["advice"]["source"]
    assert "Impactrijke veranderingen" in source and "Kiezen van interventies" in source


def test_hostile_titles_stay_text_and_cannot_leave_the_script_element() -> None:
    kb = make_kb(make_case("vijandig", HOSTILE, onderwijs=["vmbo"]), make_case("gewoon", onderwijs=["vmbo"]))
    data = fit_data(kb, url_of)
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == data
    assert data["cases"][0]["title"] == HOSTILE or data["cases"][1]["title"] == HOSTILE
    ranked = rank(kb, {"onderwijs": ["vmbo"]})
    assert {c.title for c, _ in ranked} >= {HOSTILE}
    assert all(f.reason == "zelfde onderwijssoort" for _, f in ranked)


# -- the page without JavaScript (the template; the browser tests are in test_listing_browser.py) --------

MAIN = (
    '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Zoals mijn school</title></head>'
    "<body>{% block content %}{% endblock %}</body></html>"
)


def like_mine_cases():
    schools = ["po", "vmbo", "havo-vwo", "mbo", "hbo", "wo"]
    phases = ["pilotfase", "vroege-volgers", "opschalingsfase", "late-volgers"]
    themes = ["zorg", "excellentie", "techniekdocenten"]
    regions = ["noord", "oost", "west", "zuid", "landelijk"]
    cases = []
    for i in range(24):
        cases.append(
            make_case(
                f"geval-{i:02d}",
                f"Voorbeeld {'ABCDEF'[i % 6]}",  # repeated titles: ties go by date, then slug
                published=f"202{i % 4}-0{1 + i % 3}-01",
                updated="2026-01-01" if i % 7 == 0 else None,
                interventieniveaus=[["I", "II", "III", "IV", "V", "VI", "VII"][i % 7]],
                fase=[phases[i % 4]],
                onderwijs=[schools[i % 6], schools[(i + 2) % 6]],
                thema=[themes[i % 3]] if i % 5 else [],
                regio=[regions[i % 5]] if i % 4 else [],
            )
        )
    cases.append(make_case("vijandig", HOSTILE, onderwijs=["vmbo"], regio=["noord"]))
    return cases


LIKE_MINE_KB = make_kb(*like_mine_cases())


def site_url(obj) -> str:
    if isinstance(obj, Term):
        return f"{obj.path}/{obj.slug}/"
    if isinstance(obj, Facet):
        return f"{obj.path}/"
    return f"praktijkvoorbeelden/{obj.slug}/"


def render_like_mine(kb) -> str:
    env = Environment(
        loader=ChoiceLoader([DictLoader({"main.html": MAIN}), FileSystemLoader(str(PACKAGE / "templates"))]),
        autoescape=True,
    )
    env.filters["url"] = lambda value: value
    data = fit_data(kb, site_url)
    discovery = SimpleNamespace(
        like_mine=data,
        like_mine_json=Markup(script_json(data)),
        like_mine_script="like-mine.js",
    )
    view = SimpleNamespace(discovery=discovery, cases_url="praktijkvoorbeelden/")
    return env.get_template("kennisbank/like-mine.html").render(kb=view, base_url=".")


def test_the_like_mine_page_works_without_javascript() -> None:
    page = render_like_mine(LIKE_MINE_KB)
    assert page.count("</script>") == 2  # the data element and the script: no title breaks out
    assert "window.pwned" in page and "<script>window.pwned" not in page
    assert '<select id="kb-like-mine-fase" name="fase">' in page
    for f in [f for f in TAXONOMY.facets.values() if not f.computed][2:]:
        assert f"<legend>{f.label}</legend>" in page
    assert page.count('type="checkbox" name="onderwijs"') == 6
    assert page.count("data-kb-advice=") == 4
    assert "noemt de bron geen interventies" in page
    assert '<a href="niveaus/iii/">III. Pilotgerichte interventies</a>' in page
    assert "<noscript>" in page and 'href="onderwijs/">onderwijssoort</a>' in page
