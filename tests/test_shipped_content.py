"""Guards on the kennisbank that ships: counts per level, structure, reachability, own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mkdocs_kennisbank import load

from .conftest import REPO

SEED = REPO.parent / "shared" / "seed" / "impactrijke-veranderingen.txt"
CASE_SECTIONS = ["Aanleiding", "Aanpak", "Resultaten", "Lessen", "Meer weten"]
LESSON_SECTIONS = ["Waarom", "Wanneer wel", "Wanneer niet"]
LEVEL_SECTIONS = ["Wat is het", "Wanneer past het", "Zo zette PBT het in", "Let op"]
# The only web addresses the publication gives; content may link nowhere else.
ALLOWED_HOSTS = {"www.pbt-netwerk.nl", "wijzijnkatapult.nl", "www.hybridedocent.nl", "www.wetenschapentechnologieindeklas.nl"}


@pytest.fixture(scope="module")
def kb():
    return load(REPO / "kennisbank", root=REPO)


def words(markdown: str) -> int:
    return len(re.findall(r"[\wÀ-ÿ'-]+", re.sub(r"[#*_>`\[\]()!]", " ", markdown)))


def sections(markdown: str) -> list[str]:
    return re.findall(r"^## (.+?)\s*$", markdown, flags=re.M)


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
        assert words(text) >= 200, level


def test_cases_are_complete(kb) -> None:
    for case in kb.cases.values():
        assert sections(case.body) == CASE_SECTIONS, case.slug
        assert words(case.body) >= 250, case.slug
        assert case.themes and case.regions and case.organisations and case.sources, case.slug
        assert case.programme, case.slug


def test_lessons_are_backed(kb) -> None:
    for lesson in kb.lessons.values():
        assert sections(lesson.body) == LESSON_SECTIONS, lesson.slug
        assert kb.cases_of(lesson), f"{lesson.slug} is backed by no case"
        assert set(lesson.levels) & {lvl for case in kb.cases_of(lesson) for lvl in case.levels} or lesson.slug


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
    "centres of expertise", "centra voor innovatief vakmanschap", "toptechniek in bedrijf",
    "vo ho netwerken", "economische zaken", "onderwijs cultuur en wetenschap",
    "sociale zaken en werkgelegenheid", "platform bèta techniek", "eerst de klas",
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
