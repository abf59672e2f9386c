"""Dutch text analysis shared by every search surface: one set of rules, one set of terms.

A word becomes an index term in four steps, each measured against the word-form benchmark in
`scripts/search_bench/` (see the README for the figures that chose them):

1. Lowercase and fold diacritics (bèta = beta, financiële = financiele, coördinator = coordinator).
2. Lemma from simplemma's Dutch dictionary (bedrijven -> bedrijf, musea -> museum, kinderen ->
   kind, gekozen -> kiezen, opgeleid -> opleiden), then a few rules of our own for what the
   dictionary lacks: irregular Latin plurals, diminutives (handje -> hand), separable participles
   (opgezet -> opzet), English plurals in Dutch text (communities -> community).
3. Snowball 3's `dutch` stemmer (Kraaij-Pohlmann based) on the folded lemma, so that what the
   dictionary does not know still meets its other forms (techniekdocenten = techniekdocent).
4. Compounds are split over a dictionary (simplemma's forms and lemmas plus this kennisbank's own
   words, `DOMAIN_WORDS`) into parts that are indexed beside the whole: "techniekdocenten" is also
   "techniek" and "docent", so "docent" finds it, and the query "lerarentekort" also asks for
   "leraar" and "tekort". Splits are refused when a part is a prefix, particle, suffix, stop word
   or too short, when the word is an inflection of a simple word (kinderen is not kind + eren),
   and for lexicalised words listed in `KEEP_WHOLE` (netwerk is not net + werk).

Everything is memoised per distinct word; the core never imports MkDocs.

API: `terms(text)` (index terms in order), `tokens(text)` (the same with character offsets, for
highlighting), `query_terms(text)` (per query word its alternatives: the word's own form first,
then its compound parts), `normalise(word)`, `parts(word)`, `is_stop_word(word)` and
`suggest(word, vocabulary)` ("Bedoelde je ...?").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

import snowballstemmer

# Bump when a rule or list here changes what `terms` returns: stored indexes are rebuilt.
RULES_VERSION = "1"
# The Snowball Dutch stop list, plus question words and contractions that carry no subject.
STOP_WORDS = frozenset(
    [
        "aan",
        "al",
        "alles",
        "als",
        "altijd",
        "andere",
        "ben",
        "bij",
        "daar",
        "dan",
        "dat",
        "de",
        "der",
        "deze",
        "die",
        "dit",
        "doch",
        "doen",
        "door",
        "dus",
        "een",
        "eens",
        "en",
        "er",
        "ge",
        "geen",
        "geweest",
        "haar",
        "had",
        "heb",
        "hebben",
        "heeft",
        "hem",
        "het",
        "hier",
        "hij",
        "hoe",
        "hun",
        "iemand",
        "iets",
        "ik",
        "in",
        "is",
        "ja",
        "je",
        "kan",
        "kon",
        "kunnen",
        "maar",
        "me",
        "meer",
        "men",
        "met",
        "mij",
        "mijn",
        "moet",
        "na",
        "naar",
        "niet",
        "niets",
        "nog",
        "nu",
        "of",
        "om",
        "omdat",
        "onder",
        "ons",
        "ook",
        "op",
        "over",
        "reeds",
        "te",
        "tegen",
        "toch",
        "toen",
        "tot",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "voor",
        "want",
        "waren",
        "was",
        "wat",
        "we",
        "wel",
        "werd",
        "wezen",
        "wie",
        "wil",
        "worden",
        "wordt",
        "zal",
        "ze",
        "zelf",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zonder",
        "zou",
        "welk",
        "welke",
        "waarom",
        "wanneer",
        "waar",
        "hoeveel",
        "wij",
        "jij",
        "jullie",
        "hun",
        "onze",
        "ons",
        "jouw",
        "zo'n",
        "z'n",
        "m'n",
        "d'r",
        "'t",
        "'n",
    ]
)

# Irregular plurals and other forms the dictionary misses or gets wrong; folded word -> lemma.
IRREGULAR = {
    "musea": "museum",
    "centra": "centrum",
    "laboratoria": "laboratorium",
    "curricula": "curriculum",
    "criteria": "criterium",
    "media": "medium",
    "technici": "technicus",
    "politici": "politicus",
    "musici": "musicus",
    "alumni": "alumnus",
    "kinderen": "kind",
    "leden": "lid",
    "communities": "community",
    "faculteiten": "faculteit",
}

# Words of this kennisbank (and of Dutch education generally) that simplemma's dictionary lacks,
# so that compounds with them split: vmbo-scholen, bètatechniek, pilotfase, techniekinstroom.
DOMAIN_WORDS = frozenset(
    [
        "po",
        "vo",
        "vmbo",
        "havo",
        "vwo",
        "mbo",
        "hbo",
        "wo",
        "ho",
        "pbt",
        "pps",
        "coe",
        "civ",
        "edk",
        "ocw",
        "ez",
        "szw",
        "mkb",
        "tno",
        "fme",
        "beta",
        "bèta",
        "techniek",
        "technologie",
        "monitoring",
        "benchmarking",
        "benchmark",
        "feedback",
        "community",
        "learning",
        "centre",
        "instroom",
        "doorstroom",
        "uitstroom",
        "concurrentie",
        "eigenaarschap",
        "kennisprogramma",
        "toptechniek",
        "pilot",
        "stage",
        "cofinanciering",
        "onderwijsketen",
        "kennisdeling",
        "leerlijn",
        "leerlijnen",
        "robot",
        "robotica",
        "verstrekker",
    ]
)

# Lexicalised words whose parts say something else than the whole; value: the parts to index.
KEEP_WHOLE: dict[str, tuple[str, ...]] = {
    "netwerk": (),
    "onderwijs": (),
    "onderzoek": (),
    "bedrijfsleven": ("bedrijf",),
    "werkveld": ("werk",),
    "overheid": (),
    "wetenschap": (),
    "vakmanschap": (),
    "leiderschap": (),
    "eigenaarschap": (),
    "gemeenschap": (),
    "landschap": (),
    "werkgever": (),
    "werknemer": (),
    "werkgelegenheid": (),
    "samenleving": (),
    "samenwerking": (),
    "samenhang": (),
    "vanzelfsprekend": (),
    "verantwoordelijkheid": (),
    "voorwaarde": (),
    "handreiking": (),
    "kerntaak": ("taak",),
    "tegenhanger": (),
    "regelgeving": ("regel",),
    "wetgeving": ("wet",),
    "zeggenschap": (),
    "toekomst": (),
    "uitwisseling": (),
    "leerling": (),
    "leerjaar": ("jaar",),
    "vrijblijvend": (),
    "beleidsmaker": ("beleid",),
    "meerwaarde": ("waarde",),
    "hoofdstuk": (),
    "ontwikkelpad": ("pad",),
    "vertrekpunt": (),
    "aandachtspunt": (),
    "uitgangspunt": (),
    "standpunt": (),
    "tijdstip": (),
    "jongere": (),
    "belangrijk": (),
    "belangstelling": (),
    "buitenstaander": (),
    "combinatie": (),
    "deelnemer": (),
    "handleiding": (),
    "hogeschool": (),
    "literatuur": (),
    "maatwerk": (),
    "medewerker": (),
    "opdrachtgever": ("opdracht",),
    "praktijk": (),
    "rechtstreeks": (),
    "sindsdien": (),
    "versnippering": (),
    "zorgwerkgever": ("zorg", "werkgever"),
    "allemaal": (),
    "helemaal": (),
}

# Never a part of a compound: prefixes and particles (as first part) and derivational endings
# (as last part). "voorbeeld" is not voor + beeld, "opleiding" not op + leiding.
_NOT_FIRST = frozenset(
    [
        "aan",
        "af",
        "achter",
        "al",
        "be",
        "bij",
        "binnen",
        "boven",
        "buiten",
        "door",
        "er",
        "ge",
        "her",
        "in",
        "langs",
        "mee",
        "mis",
        "na",
        "neer",
        "om",
        "on",
        "onder",
        "ont",
        "op",
        "over",
        "rond",
        "samen",
        "tegen",
        "terug",
        "toe",
        "tussen",
        "uit",
        "ver",
        "voor",
        "voorbij",
        "weg",
        "weer",
        "wan",
        "wel",
        "zelf",
        "inter",
        "super",
        "multi",
    ]
)
_NOT_LAST = frozenset(
    [
        "aal",
        "aar",
        "aard",
        "aars",
        "achtig",
        "age",
        "ant",
        "atie",
        "baar",
        "bare",
        "dom",
        "eel",
        "ele",
        "en",
        "ens",
        "ent",
        "enten",
        "er",
        "eren",
        "erij",
        "ers",
        "heid",
        "heden",
        "ief",
        "ieve",
        "iek",
        "ier",
        "ig",
        "ige",
        "ing",
        "ingen",
        "isch",
        "ische",
        "ist",
        "isten",
        "iteit",
        "je",
        "jes",
        "lijk",
        "lijke",
        "ling",
        "lingen",
        "loos",
        "nis",
        "schap",
        "schappen",
        "sel",
        "sels",
        "ster",
        "sters",
        "te",
        "ten",
        "tie",
        "ties",
        "tje",
        "tjes",
        "ken",
        "kens",
        "ende",
        "lijkheid",
    ]
)
_PARTICLES = tuple(
    sorted(
        [
            "aan",
            "af",
            "bij",
            "door",
            "in",
            "mee",
            "na",
            "om",
            "onder",
            "op",
            "over",
            "samen",
            "terug",
            "toe",
            "uit",
            "voor",
            "weg",
            "vast",
        ],
        key=len,
        reverse=True,
    )
)
_DIMINUTIVES = ("etjes", "etje", "tjes", "tje", "pjes", "pje", "kjes", "kje", "jes", "je")
MIN_PART = 3
MIN_PART_LENGTH = 4
MIN_COMPOUND = 6
# Three-letter nouns that are parts often enough to be allowed (gastles, werkdag, regierol).
SHORT_PARTS = frozenset(["les", "dag", "rol", "wet", "pad", "vak", "top", "web", "tip", "zin"])
# Lemmas with these endings are adjectives or adverbs, not compounds (belangrijk, regelmatig).
_NO_SPLIT_ENDINGS = ("lijk", "ig", "isch", "baar", "loos", "end", "ende", "enden", "ief", "eus", "rijk")
MAX_PARTS = 3

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)*")
_MEMO_LIMIT = 500_000


@functools.cache
def analysis_version() -> str:
    """Rules and library versions: an index built with another analysis must be rebuilt."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("snowballstemmer", "simplemma"):
        try:
            found.append(f"{package}-{version(package)}")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree without metadata
            found.append(f"{package}-unknown")
    return "-".join([f"rules-{RULES_VERSION}", *found])


def fold(text: str) -> str:
    """Lowercase without diacritics: "Bèta" -> "beta", "coördinator" -> "coordinator"."""
    text = text.lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.cache
def _lexicon() -> Mapping[str, str]:
    """simplemma's Dutch dictionary: inflected form -> lemma (370,000 forms, loaded once)."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    return DefaultDictionaryFactory().get_dictionary("nl")


def _raw_lexicon() -> dict[bytes, bytes] | None:
    """simplemma's own bytes -> bytes table behind `_lexicon()` (None if it keeps another kind).

    The mapping decodes a key and a value on every access; `_known` reads the whole dictionary
    on every cold build, which is several times faster on the bytes themselves.
    """
    lexicon = _lexicon()
    raw = getattr(lexicon, "_dict", None)
    if isinstance(raw, dict) and len(raw) == len(lexicon):
        return raw
    return None


def _is_verb(lemma: str, lexicon: Mapping[str, str]) -> bool:
    """Whether a lemma is an infinitive: its third-person form (maakt, vindt, staat) maps back to it."""
    if lemma.endswith(("aan", "ien", "oen")):
        return lexicon.get(lemma[:-1] + "t") == lemma
    if not lemma.endswith("en") or len(lemma) < 4:
        return False
    root = lemma[:-2]
    roots = {root}
    if len(root) > 1 and root[-1] == root[-2]:
        roots.add(root[:-1])  # kunnen -> kun(t)
    if len(root) > 2 and root[-2] in "aeou" and root[-3] not in "aeiou":
        long = root[:-1] + root[-2] + root[-1]  # maken -> maak(t)
        roots.add(long)
        roots.add(long[:-1] + {"z": "s", "v": "f"}.get(long[-1], long[-1]))  # lezen -> lees(t)
    roots.update(r[:-1] + {"z": "s", "v": "f"}[r[-1]] for r in list(roots) if r[-1] in "zv")
    return any(lexicon.get(r + "t") == lemma or lexicon.get(r) == lemma for r in roots)


@functools.cache
def _known() -> frozenset[str]:
    """Every folded word the decompounder accepts as a part: nouns and their forms, our own words.

    Verbs and their conjugations are left out (helpen is not hel + pen, vergaderen not verg +
    ader), and so are words shorter than `MIN_PART_LENGTH` unless listed in `SHORT_PARTS`.
    """
    lexicon = _lexicon()
    raw = _raw_lexicon()
    every_lemma = {lemma.decode() for lemma in set(raw.values())} if raw is not None else set(lexicon.values())
    lemmas = {lemma for lemma in every_lemma if lemma.isalpha() and not _is_verb(lemma, lexicon)}
    words = {w.lower() if w.isascii() else fold(w) for w in lemmas}  # fold, without a call for plain ASCII
    if raw is not None:  # the same forms as below, decoded only when their lemma is wanted
        wanted = {lemma.encode() for lemma in lemmas}
        forms = (form.decode() for form, lemma in raw.items() if lemma in wanted)
        words.update(form.lower() if form.isascii() else fold(form) for form in forms if form.isalpha())
    else:
        words.update(fold(form) for form, lemma in lexicon.items() if lemma in lemmas and form.isalpha())
    words = {w for w in words if len(w) >= MIN_PART_LENGTH or w in SHORT_PARTS}
    words.update(fold(w) for w in DOMAIN_WORDS)
    return frozenset(words)


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("dutch")


@functools.lru_cache(maxsize=200_000)
def _lemma(word: str) -> str:
    """Dictionary lemma of a lowercased word, folded; the folded word itself when unknown."""
    folded = fold(word)
    if folded in IRREGULAR:
        return IRREGULAR[folded]
    lexicon = _lexicon()
    lemma = lexicon.get(word) or lexicon.get(folded)
    # The dictionary sometimes maps a lemma on (werkgevers -> werkgever -> werkgeefster): follow
    # it, so every form of a word ends at the same lemma.
    for _ in range(2):
        further = lexicon.get(lemma) if lemma else None
        if not further or further == lemma:
            break
        lemma = further
    if lemma is None and folded.endswith("ies") and folded[:-3] + "y" in _known():
        lemma = folded[:-3] + "y"
    base = fold(lemma).replace("_", "") if lemma else folded
    known = _known()
    # Diminutives the dictionary leaves as they are: handje -> hand, plannetje -> plan.
    for ending in _DIMINUTIVES:
        if base.endswith(ending) and len(base) - len(ending) >= MIN_PART:
            stem = base[: -len(ending)]
            if ending.startswith("e") and len(stem) > 2 and stem[-1] == stem[-2]:
                stem = stem[:-1]
            if stem in known and stem not in STOP_WORDS:
                return _lemma(stem)
    # Separable participles the dictionary leaves as they are: opgezet -> opzet.
    if base == folded:
        for particle in _PARTICLES:
            rest = base[len(particle) + 2 :]
            if base.startswith(particle + "ge") and len(rest) >= MIN_PART:
                candidate = particle + rest
                if candidate in known:
                    return fold(lexicon.get(candidate) or candidate).replace("_", "")
                break
    return base


@functools.lru_cache(maxsize=200_000)
def _stem(lemma: str) -> str:
    # Snowball strips -baar (middelbaar -> middel, like middelen): the lemma is enough there.
    if len(lemma) <= 3 or not lemma.isalpha() or lemma.endswith("baar"):
        return lemma
    return _stemmer().stemWord(lemma)


def _derived(word: str, known: frozenset[str]) -> bool:
    """A noun derived from a known word: betrokkenheid, begeleiding."""
    return any(word.endswith(suffix) and word[: -len(suffix)] in known for suffix in ("heid", "ing", "schap"))


def _verb_noun(word: str) -> bool:
    """A noun made from a verb with -ing: oplossing (oplossen), vergelijking (vergelijken)."""
    if not word.endswith("ing"):
        return False
    lexicon = _lexicon()
    root = word[:-3]
    return any(_is_verb(fold(lexicon.get(r) or ""), lexicon) for r in (root + "en", root + root[-1:] + "en"))


@functools.lru_cache(maxsize=200_000)
def _verb_stem(word: str) -> bool:
    """A verb stem as first part of a compound: denk(kader), ontwikkel(pad), werk(plek)."""
    if len(word) < MIN_PART_LENGTH:
        return False
    lexicon = _lexicon()
    for ending in ("en", word[-1] + "en"):
        lemma = lexicon.get(word + ending)
        if lemma and _is_verb(fold(lemma), lexicon):
            return True
    return False


def _segments(word: str) -> list[str] | None:
    """The best split of a folded word into dictionary parts (linking s kept on the left), or None."""
    known = _known()
    n = len(word)

    @functools.cache
    def best(start: int) -> tuple[int, int, tuple[str, ...]] | None:
        # (number of parts, -sum of squared part lengths, segments) for word[start:]; smaller is better.
        options: list[tuple[int, int, tuple[str, ...]]] = []
        for end in range(n if start > 0 else n - MIN_PART, start + MIN_PART - 1, -1):
            piece = word[start:end]
            last = end == n
            if piece in STOP_WORDS:
                continue
            if piece not in known and not (last and _derived(piece, known)) and not (not last and _verb_stem(piece)):
                continue
            if start == 0 and (piece in _NOT_FIRST or piece.endswith("s") and piece[:-1] in _NOT_FIRST):
                continue
            if last:
                if start == 0 or piece in _NOT_LAST or word[start - 1] == "s" and "s" + piece in _NOT_LAST:
                    continue
                options.append((1, -(len(piece) ** 2), (piece,)))
                continue
            for link in ("", "s"):
                tail_start = end + len(link)
                if link and word[end:tail_start] != link:
                    continue
                if n - tail_start < MIN_PART or link and "s" + word[tail_start:] in _NOT_LAST:
                    continue
                rest = best(tail_start)
                if rest is None or rest[0] + 1 > MAX_PARTS:
                    continue
                options.append((rest[0] + 1, rest[1] - len(piece) ** 2, (piece + link, *rest[2])))
        return min(options) if options else None

    found = best(0)
    if not found or found[0] < 2:
        return None
    if found[0] > 2 and min(len(s) for s in found[2]) < MIN_PART_LENGTH:
        return None
    return list(found[2])


# Every word analysed in this process, and those of earlier builds (`preload`, from the
# analysis cache the plugin keeps; its name holds `analysis_version()`, so a change of rules or
# libraries never reuses an old result). Bounded like the other memos.
_analysed: dict[str, tuple[str, ...]] = {}


def preload(analysed: dict[str, list[str]]) -> None:
    """Take words analysed by an earlier build with the same `analysis_version()`."""
    if len(analysed) <= _MEMO_LIMIT:
        _analysed.update((word, tuple(found)) for word, found in analysed.items())


def analysed_words() -> dict[str, tuple[str, ...]]:
    """Every word analysed in this process (for the plugin to keep for the next build)."""
    return dict(_analysed)


@functools.lru_cache(maxsize=200_000)
def _analyse(word: str) -> tuple[str, ...]:
    """(normal form, *compound parts) of one lowercased token."""
    found = _analysed.get(word)
    if found is not None:
        return found
    if word.isdigit() and word.isascii() and _lexicon().get(word) is None:
        found = (word,)  # a number (year, count): what `_full_analysis` gives it, without its steps
    else:
        found = _full_analysis(word)
    if len(_analysed) > _MEMO_LIMIT:
        _analysed.clear()
    _analysed[word] = found
    return found


def _full_analysis(word: str) -> tuple[str, ...]:
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    word = word.replace("’", "'").strip("'")
    lemma = _lemma(word)
    first = _lexicon().get(word)
    kept = next(
        (KEEP_WHOLE[w] for w in (lemma, fold(word), fold(first).replace("_", "") if first else "") if w in KEEP_WHOLE),
        None,
    )
    if kept is not None:
        return tuple(dict.fromkeys([_stem(lemma), *(_stem(_lemma(p)) for p in kept)]))
    if (
        "'" in lemma
        or len(lemma) < MIN_COMPOUND
        or not lemma.isalpha()
        or lemma.endswith(_NO_SPLIT_ENDINGS)
        or _is_verb(lemma, _lexicon())
        or _verb_noun(lemma)
    ):
        return (_stem(lemma),)
    # Split the lemma (kinderen -> kind: nothing to split), not the inflected word.
    segments = _segments(lemma)
    if not segments:
        return (_stem(lemma),)
    head = segments[-1]
    modifiers = [s[:-1] if s.endswith("s") and s[:-1] in _known() and s not in _known() else s for s in segments[:-1]]
    normal = "".join(segments[:-1]) + _stem(_lemma(head))
    parts = [_stem(_lemma(m)) for m in modifiers] + [_stem(_lemma(head))]
    return tuple(dict.fromkeys([normal, *(p for p in parts if p not in STOP_WORDS)]))


def normalise(word: str) -> str:
    """The normal form of one word: "bedrijven" -> "bedrijf", "Bèta" -> "beta"."""
    return _analyse(word.lower())[0]


def parts(word: str) -> list[str]:
    """The normalised compound parts of a word (empty when it is not split)."""
    return list(_analyse(word.lower())[1:])


def is_stop_word(word: str) -> bool:
    return word.lower() in STOP_WORDS or fold(word) in STOP_WORDS


_word_cache: dict[str, tuple[str, ...]] = {}


def _word_terms(word: str) -> tuple[str, ...]:
    """Index terms of one lowercased token; () for stop words and single characters."""
    found = _word_cache.get(word)
    if found is None:
        if len(word) < 2 or word in STOP_WORDS or fold(word) in STOP_WORDS:
            found = ()
        else:
            found = _analyse(word)
        if len(_word_cache) > _MEMO_LIMIT:
            _word_cache.clear()
        _word_cache[word] = found
    return found


def terms(text: str) -> list[str]:
    """Index terms of a text, in order: per word its normal form, then its compound parts."""
    cache_get = _word_cache.get
    found: list[str] = []
    for word in _TOKEN.findall(text.lower()):
        analysed = cache_get(word)
        if analysed is None:
            analysed = _word_terms(word)
        found.extend(analysed)
    return found


def tokens(text: str) -> Iterator[tuple[str, int, int, int]]:
    """(term, start, end, word number) for every index term; compound parts share their word's span."""
    lowered = text.lower()
    for number, match in enumerate(_TOKEN.finditer(lowered)):
        for term in _word_terms(match.group(0)):
            yield term, match.start(), match.end(), number


def query_groups(text: str) -> list[tuple[str, list[str]]]:
    """Per query word that counts: (the word as typed, lowercased; its alternatives).

    Alternatives are the word's own normal form first, then its compound parts. Stop words are
    left out, and so is a word whose normal form repeats an earlier word's.
    """
    groups: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    for word in _TOKEN.findall(text.lower()):
        analysed = _word_terms(word)
        if analysed and analysed[0] not in seen:
            seen.add(analysed[0])
            groups.append((word, list(analysed)))
    return groups


def query_terms(text: str) -> list[list[str]]:
    """Per query word its alternatives: its own normal form first, then its compound parts."""
    return [alternatives for _, alternatives in query_groups(text)]


# -- "Bedoelde je ...?" ----------------------------------------------------------------------


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count 1), or limit + 1 when larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def suggest(word: str, vocabulary: Mapping[str, int]) -> str | None:
    """The vocabulary word a misspelled query word most likely meant, or None.

    `vocabulary` counts lowercased surface words (as `vocabulary_of` makes them). A word that is
    in the vocabulary (diacritics aside) needs no suggestion. Candidates are at most one edit away
    (two for words of eight letters or more, an adjacent swap counting one); the closest wins,
    then the most frequent, then the first in alphabetical order.
    """
    folded = fold(word)
    if len(folded) < 4 or not folded.isalpha():
        return None
    limit = 1 if len(folded) < 8 else 2
    best: tuple[int, int, str] | None = None
    for candidate, count in vocabulary.items():
        if abs(len(candidate) - len(folded)) > limit:
            continue
        key = fold(candidate)
        if key == folded:
            return None
        if key[:1] != folded[:1] and key[1:2] != folded[1:2]:
            continue
        distance = _distance(folded, key, limit)
        if distance <= limit and (best is None or (distance, -count, candidate) < best):
            best = (distance, -count, candidate)
    return best[2] if best else None


def vocabulary_of(texts: Iterable[str]) -> Counter[str]:
    """Lowercased surface words (no stop words, no digits) and how often they occur, for `suggest`."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w for w in _TOKEN.findall(text.lower()) if len(w) >= 3 and w.isalpha() and w not in STOP_WORDS)
    return counts
