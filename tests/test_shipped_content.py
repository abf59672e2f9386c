"""Guards on the kennisbank that ships: counts per level, structure, reachability, own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mkdocs_kennisbank import load

from .conftest import REPO

SEED = REPO.parent / "shared" / "seed" / "impactrijke-veranderingen.txt"
CASE_SECTIONS = ["Aanleiding", "Aanpak", "Resultaten", "Lessen", "Meer weten"]
SCHOOL = "Wat kun je hier als school mee?"
# A lesson: what the source says, then the editors' explanation (Valkuilen only where there are some).
LESSON_SECTIONS = ["Waarom", "Wanneer wel", "Wanneer niet", "Valkuilen", SCHOOL]
LESSON_EDITORIAL = {"Wanneer wel", "Wanneer niet", "Valkuilen", SCHOOL}
LEVEL_SECTIONS = ["Wat is het", "Wanneer past het", "Zo zette PBT het in", "Let op", SCHOOL]
# The only web addresses the publication gives; content may link nowhere else.
ALLOWED_HOSTS = {
    "www.pbt-netwerk.nl",
    "wijzijnkatapult.nl",
    "www.hybridedocent.nl",
    "www.wetenschapentechnologieindeklas.nl",
}


@pytest.fixture(scope="module")
def kb():
    return load(REPO / "kennisbank", root=REPO)


def words(markdown: str) -> int:
    return len(re.findall(r"[\wÀ-ÿ'-]+", re.sub(r"[#*_>`\[\]()!]", " ", markdown)))


def sections(markdown: str) -> list[str]:
    """The h2 headings, without an attribute list such as { .kb-redactie }."""
    return [h.strip() for h in re.findall(r"^## (.+?)\s*(?:\{[^}]*\})?\s*$", markdown, flags=re.MULTILINE)]


def editorial_sections(markdown: str) -> set[str]:
    """The h2 headings marked as the editors' words ({ .kb-redactie })."""
    return {h.strip() for h in re.findall(r"^## (.+?)\s*\{[^}]*\.kb-redactie[^}]*\}\s*$", markdown, flags=re.MULTILINE)}


def test_counts(kb) -> None:
    assert len(kb.cases) >= 20
    assert len(kb.lessons) >= 28
    for level in kb.taxonomy.levels.terms:
        assert len(kb.cases_with("interventieniveaus", level.id)) >= 2, level.id
        assert len(kb.lessons_with("interventieniveaus", level.id)) >= 3, level.id


def test_level_texts(kb) -> None:
    for level in kb.taxonomy.levels.ids:
        text = kb.level_texts[level].body
        assert sections(text) == LEVEL_SECTIONS, level
        assert SCHOOL in editorial_sections(text), level
        assert words(text) >= 200, level


def test_cases_are_complete(kb) -> None:
    for case in kb.cases.values():
        # "Lessen" only where the case adds something of its own to its level's lessons.
        found = sections(case.body)
        assert found[:3] == CASE_SECTIONS[:3] and set(found[3:]) <= {"Lessen", "Meer weten"}, case.slug
        assert words(case.body) >= 80, case.slug  # a thin source gives a short case, not a padded one
        # A region only where the source gives one.
        assert case.themes and case.organisations and case.sources, case.slug


def test_lessons_are_backed(kb) -> None:
    for lesson in kb.lessons.values():
        found = sections(lesson.body)
        assert found in (LESSON_SECTIONS, [h for h in LESSON_SECTIONS if h != "Valkuilen"]), lesson.slug
        assert editorial_sections(lesson.body) == LESSON_EDITORIAL & set(found), lesson.slug
        assert 3 <= len(lesson.questions) <= 5 and lesson.sources, lesson.slug
        assert kb.cases_of(lesson), f"{lesson.slug} is backed by no case"
        assert set(lesson.levels) & {lvl for case in kb.cases_of(lesson) for lvl in case.levels}, lesson.slug


def test_every_classification_and_status_says_where_it_comes_from(kb) -> None:
    """Provenance: each case says which of its values the source gives (`volgens-bron`), and
    a status holds on a date (`peildatum`), the publication's for the shipped cases."""
    for case in kb.cases.values():
        text = case.path.read_text(encoding="utf-8")
        assert "\nvolgens-bron:" in text, case.slug
        assert case.sourced, f"{case.slug}: the source gives none of its values?"
        if case.status:
            assert case.as_of and case.as_of.startswith("2017"), case.slug
        if case.status == "gestopt":
            assert case.stop_reason, case.slug
        if case.effect:
            assert case.effect.source or case.effect.claim == "niet-onderzocht", case.slug
        assert 3 <= len(case.questions) <= 5, case.slug


def test_no_repeated_paragraphs_and_no_template_text(kb) -> None:
    """A paragraph of some length appears in one file only (the same closing sentence under 23
    cases was the symptom), and no prompt of `kennisbank new`'s templates is left in."""
    from mkdocs_kennisbank.content.loader import scaffold_prompts

    seen: dict[str, str] = {}
    prompts = scaffold_prompts()
    for name, text in all_texts(kb).items():
        body = text.split("\n---\n", 1)[-1]
        for paragraph in re.split(r"\n\s*\n", body):
            flat = " ".join(paragraph.split())
            if flat.startswith(("#", "!!!", "|", "-", "*")) or len(flat.split()) < 12:
                continue
            assert flat not in seen, (name, seen.get(flat), flat[:80])
            seen[flat] = name
        for line in body.splitlines():
            assert " ".join(line.split()) not in prompts or not line.strip(), (name, line)


def test_one_form_of_address_and_marked_tips(kb) -> None:
    """Visitors are addressed as "je" everywhere; tip boxes say they are the editors'."""
    for name, text in all_texts(kb).items():
        assert not re.search(r"\b(?:u|uw|U|Uw)\b", text), name
        for title in re.findall(r"^\s*[!?]{3}\+?\s+tip\b(.*)$", text, flags=re.MULTILINE):
            assert "redactie" in title, (name, title)


def test_everything_reachable_from_its_level_page(kb, shipped_site: Path) -> None:
    for level in kb.taxonomy.levels.terms:
        page = (shipped_site / "niveaus" / f"{level.slug}.html").read_text(encoding="utf-8")
        for case in kb.cases_with("interventieniveaus", level.id):
            assert f'href="../praktijkvoorbeelden/{case.slug}.html"' in page, (level.id, case.slug)
        for lesson in kb.lessons_with("interventieniveaus", level.id):
            assert f'href="../lessen/{lesson.slug}.html"' in page, (level.id, lesson.slug)


def all_texts(kb) -> dict[str, str]:
    texts = {f"niveaus/{k}": v.body for k, v in kb.level_texts.items()}
    texts.update({c.path.name: c.path.read_text(encoding="utf-8") for c in kb.cases.values()})
    texts.update({l.path.name: l.path.read_text(encoding="utf-8") for l in kb.lessons.values()})
    for page in (REPO / "docs").glob("*.md"):
        texts[page.name] = page.read_text(encoding="utf-8")
    return texts


def test_no_invented_addresses(kb) -> None:
    for name, text in all_texts(kb).items():
        for host in (h.rstrip(".") for h in re.findall(r"https?://([^/\s)\"'>,]+)", text)):
            # Documentation examples use reserved names (RFC 2606: *.example) and the local preview.
            example = host.endswith(".example") or ".example." in host or host.startswith("127.0.0.1")
            assert host in ALLOWED_HOSTS or example, (name, host)
        assert not re.search(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", text), name
        assert not re.search(r"\b0\d{1,3}[- ]?\d{6,8}\b", text), name


# Proper names may be repeated word for word; each counts as one word in the comparison.
NAMES = [
    "centres of expertise",
    "centra voor innovatief vakmanschap",
    "toptechniek in bedrijf",
    "vo ho netwerken",
    "economische zaken",
    "onderwijs cultuur en wetenschap",
    "sociale zaken en werkgelegenheid",
    "platform bèta techniek",
    "eerst de klas",
    "ineke dezentjé hamming bluemink",
    "fme cmw",
    "eric wolkotte",
    "twentse zorgacademie",
    "dorine koopman van den berg",
    "wijklink oost",
]


def normalised_words(text: str) -> list[str]:
    text = " ".join(re.findall(r"[a-zà-ÿ0-9]+", text.lower()))
    for index, name in enumerate(NAMES):
        text = text.replace(name, f"name{index}")
    return text.split()


@pytest.mark.skipif(not SEED.exists(), reason="the PBT publication (shared/seed) is not beside the checkout")
def test_written_in_own_words(kb) -> None:
    """No run of 9 words from the publication appears in the content (names count as one word)."""
    n = 9
    seed = normalised_words(SEED.read_text(encoding="utf-8"))
    grams = {tuple(seed[i : i + n]) for i in range(len(seed) - n + 1)}
    copied = []
    for name, text in all_texts(kb).items():
        own = normalised_words(text)
        copied += [(name, " ".join(own[i : i + n])) for i in range(len(own) - n + 1) if tuple(own[i : i + n]) in grams]
    assert copied == []


# -- What each listing shows, computed from the cases' own fields (not from the code that builds
# the listing): dropping or changing a filter anywhere fails one of these. -------------------


def section(page: str, start: str, stop: str = r"<h[23][ >]") -> str:
    """The HTML from the heading with id `start` up to the next h2/h3 heading of the page."""
    head = re.search(rf'<h[23] id="{re.escape(start)}"', page)
    assert head, start
    rest = page[head.end() :]
    end = re.search(rf'{stop}(?![^>]*class="kb-card__title")', rest)
    return rest[: end.start()] if end else rest


def linked(html: str, folder: str, same: bool = False) -> list[str]:
    """Slugs of the cases or lessons `html` links to, in order, each once; `same`: the page is
    in `folder` itself, so its links there have no folder."""
    prefix = "(?!index)" if same else rf"(?:\.\./)*{folder}/"
    found = re.findall(rf'href="{prefix}([a-z0-9-]+)\.html"', html)
    return list(dict.fromkeys(found))


def by_title(entries) -> list[str]:
    from mkdocs_kennisbank.content.model import sort_key

    return [e.slug for e in sorted(entries, key=lambda e: (sort_key(e.title), e.slug))]


def test_level_page_lists_per_phase_exactly_its_cases(kb, shipped_site: Path) -> None:
    for level in kb.taxonomy.levels.terms:
        page = (shipped_site / "niveaus" / f"{level.slug}.html").read_text(encoding="utf-8")
        for phase in kb.taxonomy.phases.terms:
            shown = linked(section(page, f"fase-{phase.slug}"), "praktijkvoorbeelden")
            expected = by_title(c for c in kb.cases.values() if level.id in c.levels and c.phase == phase.id)
            assert shown == expected, (level.id, phase.id)
        lessons = linked(section(page, "lessen"), "lessen")
        assert sorted(lessons) == sorted(l.slug for l in kb.lessons.values() if level.id in l.levels), level.id


def test_term_pages_list_exactly_their_cases(kb, shipped_site: Path) -> None:
    for facet in ("fase", "onderwijs", "thema", "regio"):
        for term in kb.taxonomy.facets[facet].terms:
            page = (shipped_site / facet / f"{term.slug}.html").read_text(encoding="utf-8")
            shown = linked(section(page, "praktijkvoorbeelden", stop=r"<h2[ >]"), "praktijkvoorbeelden")
            assert shown == by_title(c for c in kb.cases.values() if term.id in c.terms(facet)), (facet, term.id)


def test_overviews_list_everything_once_in_title_order(kb, shipped_site: Path) -> None:
    cases = (shipped_site / "praktijkvoorbeelden" / "index.html").read_text(encoding="utf-8")
    main = cases[cases.index('<article class="md-content__inner') :]
    assert linked(main, "praktijkvoorbeelden", same=True) == by_title(kb.cases.values())
    lessons = (shipped_site / "lessen" / "index.html").read_text(encoding="utf-8")
    main = lessons[lessons.index('<article class="md-content__inner') :]
    assert sorted(linked(main, "lessen", same=True)) == sorted(kb.lessons)


def test_case_and_lesson_pages_link_exactly_each_other(kb, shipped_site: Path) -> None:
    for case in kb.cases.values():
        page = (shipped_site / "praktijkvoorbeelden" / f"{case.slug}.html").read_text(encoding="utf-8")
        expected = sorted(l.slug for l in kb.lessons.values() if case.slug in l.links)
        if expected:
            assert sorted(linked(section(page, "lessen-uit-dit-voorbeeld"), "lessen")) == expected, case.slug
        else:
            assert 'id="lessen-uit-dit-voorbeeld"' not in page, case.slug
        related = linked(section(page, "vergelijkbare-praktijkvoorbeelden"), "praktijkvoorbeelden", same=True)
        assert 0 < len(related) <= 4 and case.slug not in related, case.slug
    for lesson in kb.lessons.values():
        page = (shipped_site / "lessen" / f"{lesson.slug}.html").read_text(encoding="utf-8")
        shown = sorted(linked(section(page, "onderbouwing", stop=r"<h2[ >]"), "praktijkvoorbeelden"))
        assert shown == sorted(c.slug for c in kb.cases.values() if c.slug in lesson.links), lesson.slug


def test_home_matrix_counts(kb, shipped_site: Path) -> None:
    page = (shipped_site / "index.html").read_text(encoding="utf-8")
    for level in kb.taxonomy.levels.terms:
        for phase in kb.taxonomy.phases.terms:
            count = sum(1 for c in kb.cases.values() if level.id in c.levels and c.phase == phase.id)
            if count:
                assert re.search(
                    rf'<a href="niveaus/{level.slug}\.html#fase-{phase.slug}"[^>]*>'
                    rf'<span class="kb-matrix__phase" aria-hidden="true">[^<]*</span>{count} '
                    r'<span class="kb-matrix__sourced" aria-hidden="true">\d+ bron</span></a>',
                    page,
                ), (level.id, phase.id, count)
