"""The shared Dutch analysis: word forms, folding, compounds, stop words, query terms, suggestions."""

from __future__ import annotations

import pytest

from mkdocs_kennisbank.search import dutch


def same(a: str, b: str) -> bool:
    return dutch.normalise(a) == dutch.normalise(b)


@pytest.mark.parametrize(
    ("kind", "a", "b"),
    [
        ("plural -en", "bedrijven", "bedrijf"),
        ("plural -en", "klassen", "klas"),
        ("plural -en", "gesprekken", "gesprek"),
        ("plural -en", "scholen", "school"),
        ("plural -s", "pilots", "pilot"),
        ("plural -s", "partners", "partner"),
        ("plural -'s", "regio's", "regio"),
        ("plural -'s", "programma's", "programma"),
        ("plural -s after e", "routes", "route"),
        ("plural -s after e", "fases", "fasen"),
        ("plural -ies", "communities", "community"),
        ("diminutive", "robotje", "robot"),
        ("diminutive", "klasje", "klas"),
        ("diminutive", "handjes", "hand"),
        ("diminutive", "plannetje", "plan"),
        ("diminutive", "teampje", "team"),
        ("diminutive", "programmaatje", "programma"),
        ("irregular plural", "musea", "museum"),
        ("irregular plural", "centra", "centrum"),
        ("irregular plural", "kinderen", "kind"),
        ("irregular plural", "laboratoria", "laboratorium"),
        ("irregular plural", "technici", "technicus"),
        ("irregular plural", "leden", "lid"),
        ("verb", "programmeert", "programmeren"),
        ("verb", "geprogrammeerd", "programmeren"),
        ("verb", "gekozen", "kiezen"),
        ("verb", "opgeleid", "opleiden"),
        ("verb", "ingevoerd", "invoeren"),
        ("verb", "opgezet", "opzetten"),
        ("verb", "stimuleerde", "stimuleren"),
        ("adjective", "financiële", "financieel"),
        ("adjective", "regionale", "regionaal"),
        ("adjective", "ambitieuze", "ambitieus"),
        ("adjective", "innovatieve", "innovatief"),
        ("adjective", "technische", "technisch"),
    ],
)
def test_word_forms_meet(kind: str, a: str, b: str) -> None:
    assert same(a, b), kind


@pytest.mark.parametrize(("a", "b"), [("gesprek", "gesprekken")])
def test_word_forms_meet_in_both_directions(a: str, b: str) -> None:
    assert same(a, b) and same(b, a)


@pytest.mark.parametrize(("a", "b"), [("middelbare", "middelen"), ("techniek", "technisch"), ("leraar", "leren")])
def test_different_words_stay_apart(a: str, b: str) -> None:
    assert not same(a, b)


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("bèta", "beta"),
        ("financiële", "financiele"),
        ("coördinator", "coordinator"),
        ("continuïteit", "continuiteit"),
        ("geëxperimenteerd", "geexperimenteerd"),
        ("BÈTA", "beta"),
    ],
)
def test_diacritics_are_folded(written: str, typed: str) -> None:
    assert same(written, typed)
    assert dutch.fold(written) == dutch.fold(typed)


@pytest.mark.parametrize(
    ("word", "wanted"),
    [
        ("lerarentekort", {"leraar", "tekort"}),
        ("techniekdocenten", {"techniek", "docent"}),
        ("windturbines", {"wind", "turbine"}),
        ("gastlessen", {"gast", "les"}),
        ("bedrijfsbezoek", {"bedrijf", "bezoek"}),  # linking s
        ("wetenschapsknooppunten", {"wetenschap", "knooppunt"}),
        ("denkkader", {"denk", "kader"}),  # verb stem as first part
        ("ouderbetrokkenheid", {"ouder", "betrokkenheid"}),
        ("bètatechniek", {"beta", "techniek"}),
    ],
)
def test_compounds_split_into_parts(word: str, wanted: set[str]) -> None:
    found = set(dutch.parts(word))
    assert {dutch.normalise(w) for w in wanted} <= found


@pytest.mark.parametrize(
    "word",
    [
        "netwerk",
        "netwerken",
        "onderwijs",
        "kinderen",
        "regionaal",
        "gesprekken",
        "verantwoording",
        "bijeenkomsten",
        "voorbeeld",
        "opleiding",
        "oplossing",
        "vergelijking",
        "belangrijk",
        "helpen",
        "vergaderen",
        "wetenschap",
        "combinatie",
        "praktijk",
        "intervisie",
        "hogeschool",
        "regelmatig",
    ],
)
def test_wrong_splits_are_rejected(word: str) -> None:
    assert dutch.parts(word) == []


def test_a_part_finds_the_whole_and_the_whole_finds_its_parts() -> None:
    assert dutch.normalise("docent") in dutch.terms("Het tekort aan techniekdocenten")
    wanted = {t for group in dutch.query_terms("lerarentekort") for t in group}
    assert set(dutch.terms("Er is een tekort aan leraren")) & wanted >= {
        dutch.normalise("tekort"),
        dutch.normalise("leraar"),
    }


def test_lexicalised_compounds_keep_only_meaningful_parts() -> None:
    assert dutch.parts("bedrijfsleven") == [dutch.normalise("bedrijf")]
    assert dutch.normalise("leven") not in dutch.terms("het bedrijfsleven")


def test_stop_words_do_not_count() -> None:
    assert dutch.terms("de het een en van in op") == []
    assert dutch.is_stop_word("Het") and not dutch.is_stop_word("school")
    assert dutch.query_terms("hoe betrek je bedrijven bij het vmbo") == [
        [dutch.normalise("betrek")],
        [dutch.normalise("bedrijven")],
        ["vmbo"],
    ]


def test_query_terms_give_per_word_alternatives() -> None:
    groups = dutch.query_terms("Gastlessen van bedrijven")
    assert groups[0][0] == dutch.normalise("gastles")
    assert set(groups[0][1:]) == {dutch.normalise("gast"), dutch.normalise("les")}
    assert groups[1] == [dutch.normalise("bedrijf")]
    assert dutch.query_terms("bedrijf bedrijven") == [[dutch.normalise("bedrijf")]]  # repeats left out
    assert dutch.query_groups("Robotjes bouwen") == [
        ("robotjes", [dutch.normalise("robot")]),
        ("bouwen", [dutch.normalise("bouwen")]),
    ]


def test_tokens_give_offsets_and_parts_share_their_word() -> None:
    text = "Twee techniekdocenten."
    found = list(dutch.tokens(text))
    assert {text[start:end] for _, start, end, _ in found} == {"Twee", "techniekdocenten"}
    spans = {(start, end, number) for term, start, end, number in found if term != "twee"}
    assert len(spans) == 1  # the whole and its parts: one word, one span
    assert [t for t, *_ in found] == dutch.terms(text)


def test_terms_are_deterministic_and_memoised() -> None:
    text = "Bedrijven en scholen werken samen aan gastlessen in de regio's."
    assert dutch.terms(text) == dutch.terms(text) == dutch.terms(text.upper().lower())


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("samenwerkng", "samenwerking"), ("techneik", "techniek"), ("bedrijfen", "bedrijven"), ("financiele", None)],
)
def test_suggestions_come_from_the_vocabulary(typed: str, meant: str | None) -> None:
    vocabulary = dutch.vocabulary_of(
        ["Samenwerking tussen bedrijven en scholen in de techniek.", "Samenwerking, financiële middelen, techniek."]
    )
    assert dutch.suggest(typed, vocabulary) == meant


def test_suggestions_prefer_the_closest_then_the_most_frequent() -> None:
    assert dutch.suggest("klass", {"klas": 5, "klasse": 1}) == "klas"
    assert dutch.suggest("xyzzy", {"klas": 5}) is None
    assert dutch.suggest("klas", {"klas": 5}) is None


# -- performance shortcuts give what the plain steps give ------------------------------------------


def test_known_parts_read_from_the_raw_dictionary_equal_the_mapping(monkeypatch) -> None:
    fast = dutch._known()
    raw = dutch._raw_lexicon()
    assert raw is not None  # simplemma's bytes table is there: the shortcut is really taken
    monkeypatch.setattr(dutch, "_raw_lexicon", lambda: None)
    assert dutch._known.__wrapped__() == fast


@pytest.mark.parametrize("word", ["2014", "30", "007", "1234567890", "12345"])
def test_numbers_take_a_shortcut_to_what_the_full_analysis_gives(word: str) -> None:
    assert dutch._analyse(word) == dutch._full_analysis(word) == (word,)
    expected = [word, dutch.normalise("deden"), "12", dutch.normalise("scholen")]
    assert dutch.terms(f"In {word} deden 12 scholen") == expected
