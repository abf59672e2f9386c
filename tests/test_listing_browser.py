"""Listing filters (assets/listing.js) and "Voorbeelden zoals mijn school" (assets/like-mine.js)
in headless Chromium, from a file share (file://) and served under a sub-path.

The pages are fixtures built here: the listing markup as the HTML contract in listing.js says,
and the like-mine template rendered with search/fit.fit_data. The browser's ranking and reasons
are compared with Python's `rank`, its filters, counts, sort orders and CSV with the same rules
computed here.
"""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from mkdocs_kennisbank.content.model import sort_key
from mkdocs_kennisbank.search.fit import profile_from_query, rank
from mkdocs_kennisbank.search.searchfiles import compact_js

from .browser import browser_page, require_browser, serve
from .test_fit import HOSTILE, LIKE_MINE_KB, TAXONOMY, render_like_mine

ASSETS = Path(__file__).resolve().parent.parent / "plugins" / "mkdocs_kennisbank" / "assets"
FACETS = [f for f in TAXONOMY.facets.values() if not f.computed]  # niveau, fase, onderwijs, thema, regio
LISTING_HOSTILE = '</li></ul><script>window.pwned = 1</script> & "quote"; semi'

# slug, title, levels, phase, school types, themes, regions, date, lessons
LISTED = [
    ("alpha", "Alpha in de klas", ["I", "III"], ["pilotfase"], ["vmbo"], ["zorg"], ["noord"], "2024-05-01", 2),
    ("beta", "Bèta voor iedereen", ["III"], ["opschalingsfase"], ["mbo", "hbo"], ["keuze-voor-techniek"], ["west"], "2025-01-10", 0),
    ("gamma", "Gamma netwerk", ["VII"], ["pilotfase"], ["po"], ["zorg", "excellentie"], ["noord", "oost"], "2023-03-03", 5),
    ("delta", "Delta-regio", ["V"], ["late-volgers"], ["vmbo", "mbo"], [], ["zuid"], "2025-01-10", 1),
    ("vijandig", LISTING_HOSTILE, ["I"], ["vroege-volgers"], ["wo"], ["zorg"], [], "2022-02-02", 3),
    ("formule", '=HYPERLINK("http://x";"klik")', ["III", "IV"], ["pilotfase"], ["havo-vwo"], ["excellentie"], ["west"], "2026-01-01", 2),
    ("epsilon", "epsilon met een ‘aanhaling’", ["IV"], ["opschalingsfase"], ["vmbo"], ["keuze-voor-techniek"], ["landelijk"], "", 0),
]  # fmt: skip


def record(row: tuple) -> dict:
    slug, title, *values, date, lessons = row
    return {
        "slug": slug,
        "title": title,
        "values": dict(zip([f.filter for f in FACETS], values)),
        "date": date,
        "lessons": lessons,
    }


RECORDS = [record(row) for row in LISTED]


def listing_page() -> str:
    facets = [[f.filter, f.label, [[t.id, t.shown] for t in f.terms]] for f in FACETS]
    items = []
    for r in RECORDS:
        attributes = " ".join(f'data-kb-f-{k}="{" ".join(v)}"' for k, v in r["values"].items())
        items.append(
            f'<li data-kb-slug="{r["slug"]}" {attributes} data-kb-date="{r["date"]}"'
            f' data-kb-title="{html.escape(sort_key(r["title"]))}" data-kb-lessons="{r["lessons"]}">'
            f'<article class="kb-card"><h3 class="kb-card__title"><a href="praktijkvoorbeelden/{r["slug"]}/">'
            f"{html.escape(r['title'])}</a></h3><p>Beschrijving.</p></article></li>"
        )
    return (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Lijst</title></head><body>'
        f"<div class=\"kb-listing\" data-kb-listing data-facets='{html.escape(json.dumps(facets), quote=True)}'>"
        '<div data-kb-listing-controls><p class="kb-listing__nojs">Alle voorbeelden.</p></div>'
        f'<ul class="kb-cards">{"".join(items)}</ul></div>'
        '<script src="listing.js"></script></body></html>'
    )


# -- what listing.js should do, computed in Python ----------------------------------------------------


def passes(r: dict, selected: dict[str, list[str]], except_: str | None = None) -> bool:
    return all(k == except_ or not v or set(v) & set(r["values"][k]) for k, v in selected.items())


def expected_order(sort: str) -> list[dict]:
    by_title = sorted(range(len(RECORDS)), key=lambda i: (sort_key(RECORDS[i]["title"]), i))
    if sort == "titel":
        order = by_title
    else:
        order = sorted(by_title, key=lambda i: RECORDS[i]["date"], reverse=True)  # stable
        if sort == "lessen":
            order = sorted(order, key=lambda i: RECORDS[i]["lessons"], reverse=True)
    return [RECORDS[i] for i in order]


def expected_visible(selected: dict[str, list[str]], sort: str) -> list[str]:
    return [r["slug"] for r in expected_order(sort) if passes(r, selected)]


def expected_counts(selected: dict[str, list[str]]) -> dict[str, dict[str, int]]:
    counts = {}
    for f in FACETS:
        present = [t.id for t in f.terms if any(t.id in r["values"][f.filter] for r in RECORDS)]
        pool = [r for r in RECORDS if passes(r, selected, f.filter)]
        counts[f.filter] = {v: sum(v in r["values"][f.filter] for r in pool) for v in present}
    return counts


# -- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("listing")
    (root / "listing.html").write_text(listing_page(), encoding="utf-8")
    for name in ("listing.js", "like-mine.js"):  # as the build ships them: without comments
        (root / name).write_text(compact_js((ASSETS / name).read_text(encoding="utf-8")), encoding="utf-8")
    (root / "like-mine.html").write_text(render_like_mine(LIKE_MINE_KB), encoding="utf-8")
    return root


@pytest.fixture(scope="module", params=["file", "http"])
def base(request, pages: Path):
    require_browser()
    if request.param == "file":
        yield pages.as_uri() + "/"
    else:
        with serve(pages) as url:
            yield url


@pytest.fixture(scope="module")
def session(base: str):
    """One Chromium per way of opening the pages; its script errors and blocked requests."""
    with browser_page(base, "file://") as (page, blocked):
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page, blocked, errors


@pytest.fixture
def browser(session):
    page, blocked, errors = session
    blocked.clear()
    errors.clear()
    yield page
    assert errors == [], "script errors"
    assert blocked == [], "the page asked for something outside itself"
    assert page.evaluate("window.pwned") is None


# -- listing.js --------------------------------------------------------------------------------------


def state(page) -> dict:
    return page.evaluate(
        """() => {
          const boxes = {};
          document.querySelectorAll('.kb-listing__facet input').forEach(b => {
            const label = b.closest('label');
            (boxes[b.name] = boxes[b.name] || {})[b.value] = [Number(label.querySelector('.kb-count').textContent.slice(1, -1)), b.disabled, b.checked];
          });
          return {
            dom: [...document.querySelectorAll('.kb-cards > li')].filter(li => !li.hidden).map(li => li.dataset.kbSlug),
            api: window.kbListings[0].visible(),
            status: document.querySelector('.kb-listing__status').textContent,
            live: document.querySelector('.kb-listing__status').getAttribute('aria-live'),
            legends: [...document.querySelectorAll('.kb-listing__facet legend')].map(l => l.textContent),
            boxes: boxes,
            sort: document.querySelector('.kb-listing__bar select').value,
            nojs: document.querySelectorAll('.kb-listing__nojs').length,
          };
        }"""
    )


def check(page, selected: dict[str, list[str]], sort: str) -> None:
    found = state(page)
    visible = expected_visible(selected, sort)
    assert found["dom"] == found["api"] == visible
    assert found["status"] == f"{len(visible)} van {len(RECORDS)} praktijkvoorbeelden"
    assert found["sort"] == sort
    counts = expected_counts(selected)
    for name, values in counts.items():
        for value, count in values.items():
            checked = value in selected.get(name, [])
            assert found["boxes"][name][value] == [count, count == 0 and not checked, checked], (name, value)


def ready(page, count: int) -> None:
    page.wait_for_selector(f"[data-kb-listing-ready='{count}']")


def test_listing_filters_counts_sorts_and_keeps_the_choice_in_the_url(browser, base: str) -> None:
    page = browser
    page.goto(base + "listing.html")
    ready(page, 1)
    found = state(page)
    assert found["live"] == "polite" and found["nojs"] == 0
    assert found["legends"] == [f.label for f in FACETS]
    selected: dict[str, list[str]] = {f.filter: [] for f in FACETS}
    check(page, selected, "titel")
    assert page.locator(".kb-cards").inner_text().count(LISTING_HOSTILE) == 1  # text, not markup
    # The filters are folded away until asked for (none chosen in the URL).
    assert not page.locator(".kb-listing__toggle").evaluate("d => d.open")
    page.click(".kb-listing__toggle > summary")

    steps = [
        ("niveau", "III"),  # one value
        ("niveau", "I"),  # OR within a facet
        ("fase", "pilotfase"),  # AND across
        ("onderwijs", "vmbo"),
    ]
    updates = 1
    for name, value in steps:
        page.check(f".kb-listing__facet input[name='{name}'][value='{value}']")
        selected[name].append(value)
        updates += 1
        ready(page, updates)
        check(page, selected, "titel")
    assert state(page)["dom"] == ["alpha"]

    page.uncheck(".kb-listing__facet input[name='onderwijs'][value='vmbo']")
    selected["onderwijs"] = []
    updates += 1
    ready(page, updates)
    for sort in ("nieuwste", "lessen", "titel", "nieuwste"):
        page.select_option(".kb-listing__bar select", sort)
        updates += 1
        ready(page, updates)
        check(page, selected, sort)

    query = parse_qs(urlsplit(page.url).query)
    assert query == {"niveau": ["I", "III"], "fase": ["pilotfase"], "sorteer": ["nieuwste"]}
    page.reload()  # the same choice from the URL
    ready(page, 1)
    check(page, selected, "nieuwste")

    page.click(".kb-listing__clear")
    ready(page, 2)
    check(page, {f.filter: [] for f in FACETS}, "nieuwste")
    assert parse_qs(urlsplit(page.url).query) == {"sorteer": ["nieuwste"]}


def test_listing_reads_its_state_from_the_url_and_ignores_what_it_does_not_know(browser, base: str) -> None:
    page = browser
    page.goto(base + "listing.html?thema=zorg&thema=onbekend&regio=noord&sorteer=raar&ander=1")
    ready(page, 1)
    check(page, {"thema": ["zorg"], "regio": ["noord"]}, "titel")
    assert parse_qs(urlsplit(page.url).query) == {"thema": ["zorg"], "regio": ["noord"], "ander": ["1"]}


def test_listing_is_usable_with_the_keyboard(browser, base: str) -> None:
    page = browser
    page.goto(base + "listing.html")
    ready(page, 1)
    page.focus(".kb-listing__toggle > summary")
    page.keyboard.press("Enter")  # opens the filters
    page.focus(".kb-listing__facet input[name='niveau'][value='I']")
    page.keyboard.press("Space")
    ready(page, 2)
    check(page, {"niveau": ["I"]}, "titel")
    assert page.evaluate("document.querySelector('.kb-listing__bar select').labels[0].textContent").startswith(
        "Sorteren"
    )


def test_the_csv_link_downloads_the_visible_cases(browser, base: str) -> None:
    page = browser
    page.goto(base + "listing.html?thema=zorg&thema=excellentie&sorteer=lessen")
    ready(page, 1)
    link = page.locator("a.kb-listing__csv")
    assert link.get_attribute("href").startswith("blob:")
    with page.expect_download() as info:
        link.click()
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheets read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["slug", "titel", "url"] + [f.filter for f in FACETS]
    visible = expected_visible({"thema": ["zorg", "excellentie"]}, "lessen")
    by_slug = {r["slug"]: r for r in RECORDS}
    expected = []
    for slug in visible:
        r = by_slug[slug]
        title = "'" + r["title"] if r["title"][0] in "=+-@" else r["title"]
        url = urljoin(page.url, f"praktijkvoorbeelden/{slug}/")
        expected.append([slug, title, url] + [", ".join(r["values"][f.filter]) for f in FACETS])
    assert rows[1:] == expected
    assert page.evaluate("window.kbListings[0].csv()") == raw.decode("utf-8-sig")


# -- like-mine ----------------------------------------------------------------------------------------


def python_ranking(query: str) -> list[dict]:
    profile = profile_from_query(TAXONOMY, parse_qs(query))
    return [
        {
            "slug": c.slug,
            "score": f.score,
            "matched": list(f.matched),
            "differing": list(f.differing),
            "reason": f.reason,
        }
        for c, f in rank(LIKE_MINE_KB, profile)
    ]


PROFILES = [
    "",
    "onderwijs=vmbo&regio=noord&fase=pilotfase",
    "thema=zorg&thema=excellentie",
    "fase=opschalingsfase&fase=pilotfase&onderwijs=onbekend&onderwijs=mbo",
    "regio=zuid&onderwijs=wo&thema=techniekdocenten",
    "fase=vroege-volgers",
    "regio=noord",
]


def like_mine_state(page) -> dict:
    return page.evaluate(
        """() => ({
          ranked: window.kbLikeMine.ranked,
          shown: document.querySelectorAll('#kb-like-mine-results > li').length,
          first: (document.querySelector('#kb-like-mine-results .kb-like-mine__reason') || {}).textContent || '',
          titles: [...document.querySelectorAll('#kb-like-mine-results .kb-like-mine__title')].map(a => a.textContent),
          advice: [...document.querySelectorAll('[data-kb-advice]')].filter(n => !n.hidden).map(n => n.dataset.kbAdvice),
          status: document.getElementById('kb-like-mine-status').textContent,
        })"""
    )


@pytest.mark.parametrize("query", PROFILES)
def test_like_mine_ranks_and_explains_as_python_does(browser, base: str, query: str) -> None:
    page = browser
    page.goto(base + "like-mine.html" + ("?" + query if query else ""))
    page.wait_for_selector("[data-kb-like-mine][data-ranked='1']")
    found = like_mine_state(page)
    expected = python_ranking(query)
    assert found["ranked"] == expected
    assert found["shown"] == min(20, len(expected))
    if expected and expected[0]["reason"]:
        assert found["first"] == "Waarom dit voorbeeld: " + expected[0]["reason"]
    phases = profile_from_query(TAXONOMY, parse_qs(query)).get("fase", ())
    assert found["advice"] == (
        list(phases) if phases else ["pilotfase", "vroege-volgers", "opschalingsfase", "late-volgers"]
    )
    if not query:
        assert found["status"].startswith("Je hebt nog niets gekozen")


def test_like_mine_follows_the_form_and_keeps_the_choice_in_the_url(browser, base: str) -> None:
    page = browser
    page.goto(base + "like-mine.html?onderwijs=vmbo&regio=noord")
    page.wait_for_selector("[data-kb-like-mine][data-ranked='1']")
    assert page.is_checked("input[name='onderwijs'][value='vmbo']")
    page.select_option("select[name='fase']", "opschalingsfase")
    page.wait_for_selector("[data-kb-like-mine][data-ranked='2']")
    page.check("input[name='thema'][value='zorg']")
    page.wait_for_selector("[data-kb-like-mine][data-ranked='3']")
    page.uncheck("input[name='regio'][value='noord']")
    page.wait_for_selector("[data-kb-like-mine][data-ranked='4']")
    query = urlsplit(page.url).query
    assert parse_qs(query) == {"fase": ["opschalingsfase"], "onderwijs": ["vmbo"], "thema": ["zorg"]}
    found = like_mine_state(page)
    assert found["ranked"] == python_ranking(query)
    assert found["advice"] == ["opschalingsfase"]
    assert found["shown"] == len(found["ranked"]) < 20 and page.is_hidden("#kb-like-mine-more")

    page.click("[data-kb-like-mine-reset]")
    page.wait_for_selector("[data-kb-like-mine][data-ranked='5']")
    assert urlsplit(page.url).query == ""
    assert not page.is_checked("input[name='onderwijs'][value='vmbo']")
    found = like_mine_state(page)
    assert found["ranked"] == python_ranking("") and found["shown"] == 20
    page.click("#kb-like-mine-more")
    assert page.locator("#kb-like-mine-results > li").count() == len(found["ranked"]) == 25
    assert page.is_hidden("#kb-like-mine-more")


def test_like_mine_shows_hostile_titles_as_text(browser, base: str) -> None:
    page = browser
    page.goto(base + "like-mine.html?onderwijs=vmbo&regio=noord")
    page.wait_for_selector("[data-kb-like-mine][data-ranked='1']")
    assert HOSTILE.replace("\u2028", " ").split()[0] in " ".join(like_mine_state(page)["titles"])
    assert page.evaluate("window.kbLikeMine.ranked[0].slug") == "vijandig"
    assert page.evaluate(
        "t => [...document.querySelectorAll('.kb-like-mine__title')].some(a => a.textContent === t)", HOSTILE
    )
