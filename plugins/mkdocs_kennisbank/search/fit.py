"""Fit: how well a practice case fits a visitor's school, or another case.

A profile is what a visitor tells about their school: per facet (school type, region, theme,
phase: every facet but the intervention levels, which are what the visitor is looking for) the
values that apply. A case fits in a facet when it shares one of those values, differs when it
has values but none of them, and says nothing when it has none. The score is the sum of the
weights (`gewicht` in taxonomie.yml) of the facets it fits; the reason says which, in Dutch,
made from the facets' labels: "zelfde onderwijssoort en regio, andere fase".

The browser ("Voorbeelden zoals mijn school", assets/like-mine.js) gets `fit_data`: the same
weights as whole numbers, the same phrases, and the cases already in tie order (newest, then
title), so it computes the same ranking and the same reasons without sorting text itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..content.model import Case, Kennisbank, sort_key
from ..content.taxonomy import Facet, Taxonomy

# The words of a reason; the browser gets them in `fit_data`, so the two always agree.
SAME = "zelfde"
OTHER = "andere"
AND = "en"

Profile = Mapping[str, Collection[str]]  # facet key -> the chosen term ids

# What to choose in each phase comes from the taxonomy (a phase's `advies` and `interventies`,
# the facet's `advies-bron`); for a phase without advice the page says the source names none.
ADVICE_GENERAL = "De keuze van interventies hangt af van de fase waarin het thema zich bevindt."
NO_ADVICE = "Voor de fase ‘{label}’ noemt de bron geen interventies die het best passen."


@dataclass(frozen=True)
class Fit:
    score: float  # the sum of the weights of the matched facets
    matched: tuple[str, ...]  # facet keys, in reason order
    differing: tuple[str, ...]
    reason: str  # "zelfde onderwijssoort en regio, andere fase"; "" when nothing to say


def points(facet: Facet) -> int:
    """A facet's weight in hundredths: sums of whole numbers do not depend on their order, and
    the browser gets exactly these numbers."""
    return round(facet.weight * 100)


def mid_sentence(label: str) -> str:
    """A label as a word inside a sentence: "Onderwijssoort" -> "onderwijssoort", but an
    abbreviation stays as it is ("ICT-thema")."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def join(words: list[str]) -> str:
    """Dutch list: "a", "a en b", "a, b en c"."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {AND} {words[-1]}"


def reason_order(taxonomy: Taxonomy) -> list[Facet]:
    """Facets in the order a reason names them: heaviest first, then as the taxonomy lists them.
    Not the computed facets (how well a case is documented is no likeness)."""
    facets = [f for f in taxonomy.facets.values() if not f.computed]
    return sorted(facets, key=lambda f: (-points(f), facets.index(f)))


def reason(taxonomy: Taxonomy, matched: Iterable[str], differing: Iterable[str]) -> str:
    """The Dutch reason for these matched and differing facet keys (each list in reason order)."""
    return Rules(taxonomy).reason(list(matched), list(differing))


def profile_facets(taxonomy: Taxonomy) -> list[Facet]:
    """The facets a visitor describes their school with: all but the intervention levels."""
    return [f for f in taxonomy.facets.values() if f.key != taxonomy.levels.key and not f.computed]


def profile_from_query(taxonomy: Taxonomy, params: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    """A profile from URL parameters (filter name -> values, as `?onderwijs=vmbo&fase=pilotfase`):
    known values only, in taxonomy order; a one-value facet (fase) keeps the first one given."""
    profile: dict[str, tuple[str, ...]] = {}
    for facet in profile_facets(taxonomy):
        given = list(params.get(facet.filter, ()))
        if not facet.multiple:
            given = [v for v in given if facet.get(v) is not None][:1]
        chosen = tuple(t for t in facet.ids if t in given)
        if chosen:
            profile[facet.key] = chosen
    return profile


class Rules:
    """What fit needs of a taxonomy, worked out once: for a ranking, or for every pair of related
    cases (`Rules(kb.taxonomy).case_fit(case, other)`), instead of once per comparison."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.order = [(f.key, points(f)) for f in reason_order(taxonomy)]
        self.names = {f.key: mid_sentence(f.label) for f in taxonomy.facets.values()}
        self.profile_keys = frozenset(f.key for f in profile_facets(taxonomy))

    def reason(self, matched: list[str], differing: list[str]) -> str:
        parts = []
        if matched:
            parts.append(f"{SAME} {join([self.names[k] for k in matched])}")
        if differing:
            parts.append(f"{OTHER} {join([self.names[k] for k in differing])}")
        return ", ".join(parts)

    def _compare(self, keys: Collection[str], mine: Callable[[str], Collection[str]], case: Case) -> Fit:
        matched: list[str] = []
        differing: list[str] = []
        total = 0
        for key, weight in self.order:
            if key not in keys:
                continue
            ours, theirs = mine(key), case.terms(key)
            if not ours or not theirs:
                continue
            if any(value in theirs for value in ours):
                matched.append(key)
                total += weight
            else:
                differing.append(key)
        return Fit(total / 100, tuple(matched), tuple(differing), self.reason(matched, differing))

    def fit(self, case: Case, profile: Profile) -> Fit:
        return self._compare(self.profile_keys, lambda key: profile.get(key, ()), case)

    def case_fit(self, case: Case, other: Case) -> Fit:
        return self._compare(self.names, case.terms, other)


def fit(case: Case, profile: Profile, taxonomy: Taxonomy) -> Fit:
    """How well `case` fits a visitor's profile (facet key -> chosen ids; any subset of facets)."""
    return Rules(taxonomy).fit(case, profile)


def case_fit(case: Case, other: Case, taxonomy: Taxonomy) -> Fit:
    """How well `other` fits `case`, over every facet (levels included): for related cases."""
    return Rules(taxonomy).case_fit(case, other)


def newest(case: Case) -> dt.date | None:
    """The case's latest date: updated, or else published."""
    dates = [d for d in (case.published, case.updated) if d is not None]
    return max(dates) if dates else None


def tie_order(kb: Kennisbank) -> list[Case]:
    """Every case, newest first, then by title (then slug): the order of cases that fit equally."""
    return sorted(
        kb.cases.values(),
        key=lambda c: (-(newest(c) or dt.date.min).toordinal(), sort_key(c.title), c.slug),
    )


def rank(kb: Kennisbank, profile: Profile) -> list[tuple[Case, Fit]]:
    """The cases that fit the profile in at least one facet, best first; equal scores newest
    first, then by title. An empty profile fits every case equally: all of them, newest first."""
    rules = Rules(kb.taxonomy)
    found = [(case, rules.fit(case, profile)) for case in tie_order(kb)]
    if any(profile.values()):
        found = [(case, f) for case, f in found if f.matched]
    return sorted(found, key=lambda pair: -pair[1].score)  # stable: ties keep the tie order


def advice(kb: Kennisbank, url_of: Callable[[Any], str]) -> list[dict[str, Any]]:
    """Per phase (taxonomy order) the levels the publication advises and why, or that it says nothing."""
    levels = kb.taxonomy.levels
    found = []
    for phase in kb.taxonomy.phases.terms:
        text = phase.advice
        terms = [t for t in (levels.get(i) for i in phase.advised) if t is not None]
        found.append(
            {
                "id": phase.id,
                "label": phase.label,
                "levels": [[t.id, t.shown, url_of(t)] for t in terms],
                "text": text or NO_ADVICE.format(label=phase.label),
                "advised": bool(text),
            }
        )
    return found


def fit_data(kb: Kennisbank, url_of: Callable[[Any], str]) -> dict[str, Any]:
    """What the page "Voorbeelden zoals mijn school" needs, JSON-able; `url_of` gives the
    site-relative URL of a case, a facet or a term (the view's `kb.url`).

    - facets: the profile facets in taxonomy order: key, filter (URL name), label, name (in a
      sentence), points (weight in hundredths), multiple, url (its overview), terms [[id, shown]].
    - cases: in tie order (newest, then title): slug, title, url, description, date (ISO or ""),
      values (facet key -> ids, every facet), levels [shown, ...].
    - phrases: same, other, and (the words of a reason).
    - advice: phase facet key, the general sentence, the source, per phase (see `advice`).
    """
    taxonomy = kb.taxonomy
    facets = [
        {
            "key": f.key,
            "filter": f.filter,
            "label": f.label,
            "name": mid_sentence(f.label),
            "points": points(f),
            "multiple": f.multiple,
            "url": url_of(f),
            "terms": [[t.id, t.shown] for t in f.terms],
        }
        for f in profile_facets(taxonomy)
    ]
    cases = []
    for case in tie_order(kb):
        date = newest(case)
        cases.append(
            {
                "slug": case.slug,
                "title": case.title,
                "url": url_of(case),
                "description": case.description,
                "date": date.isoformat() if date else "",
                "values": {key: case.terms(key) for key in taxonomy.facets if case.terms(key)},
                "levels": [t.shown for t in taxonomy.levels.terms if t.id in case.levels],
            }
        )
    return {
        "facets": facets,
        "cases": cases,
        "phrases": {"same": SAME, "other": OTHER, "and": AND},
        "advice": {
            "facet": taxonomy.phases.key,
            "general": ADVICE_GENERAL,
            "source": taxonomy.phases.advice_source,
            "phases": advice(kb, url_of),
        },
    }
