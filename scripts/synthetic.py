"""Synthetic Dutch kennisbank content for benchmarks (fixed seed, so every run is the same).

Two corpora, both with the same front matter and lessons:

- `benchmark` (the default): short cases (about 450 words) made of sentences from the shipped
  kennisbank, so the vocabulary stays that of the shipped content (about 2,300 words).
- `varied`: longer cases (600-1,200 words) of Dutch-looking text drawn word by word from an
  open-ended word list: the words of the shipped kennisbank, then morphological variants and
  compounds of them (prefixes, suffixes, linking -s-/-en-), ranked and drawn Zipf-Mandelbrot
  style, so the number of distinct words grows with the corpus as in real text (Heaps' law:
  about 70,000 distinct words at 1,000 cases, some 100,000s at 10,000).

Deterministic for a given content of kennisbank/ (the word list and sentences are read from it).
Used by scripts/benchmark.py; importable on its own:

    python scripts/synthetic.py 500 /tmp/project            # writes a project with 500 cases
    python scripts/synthetic.py 500 /tmp/project varied     # the same with the varied corpus
"""

from __future__ import annotations

import random
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

LEVELS = ["I", "II", "III", "IV", "V", "VI", "VII"]
PHASES = ["pilotfase", "vroege-volgers", "opschalingsfase", "late-volgers"]
EDUCATION = ["po", "vmbo", "havo-vwo", "mbo", "hbo", "wo"]
THEMES = [
    "keuze-voor-techniek",
    "techniekdocenten",
    "doorlopende-leerlijnen",
    "onderwijs-en-bedrijfsleven",
    "wetenschap-en-technologie",
    "excellentie",
    "leven-lang-leren",
    "zorg",
    "entreeonderwijs",
    "schoolontwikkeling",
]
REGIONS = ["landelijk", "noord", "oost", "west", "zuid"]
PLACES = [
    "Groningen",
    "Leeuwarden",
    "Assen",
    "Zwolle",
    "Enschede",
    "Arnhem",
    "Nijmegen",
    "Utrecht",
    "Amersfoort",
    "Haarlem",
    "Leiden",
    "Delft",
    "Rotterdam",
    "Dordrecht",
    "Middelburg",
    "Breda",
    "Tilburg",
    "Eindhoven",
    "Venlo",
    "Maastricht",
    "Almere",
    "Lelystad",
    "Deventer",
    "Apeldoorn",
    "Den Bosch",
]
SUBJECTS = [
    "gesprekken met ouders",
    "gastlessen van bedrijven",
    "techniekdocenten",
    "loopbaangesprekken",
    "stages in de regio",
    "onderzoekend leren",
    "doorlopende leerlijnen",
    "excellente leerlingen",
    "hybride docenten",
    "praktijkgericht onderzoek",
    "werkplekleren",
    "zij-instromers",
    "techniekmiddagen",
    "bedrijfsbezoeken",
    "leerwerktrajecten",
    "profielkeuze",
    "studiekeuzeactiviteiten",
    "mentoren",
    "omscholing van werkenden",
    "schoolleiders",
    "netwerkbijeenkomsten",
    "lerarenopleidingen",
]
VERBS = ["versterken", "verbinden", "vernieuwen", "opschalen", "verankeren", "organiseren", "verbeteren"]
SENTENCES = [
    "De school in {place} begon met {subject} omdat te weinig leerlingen voor techniek kozen.",
    "Docenten voerden gesprekken met collega's uit het bedrijfsleven over {subject}.",
    "Een kleine projectgroep zette de aanpak op en betrok al snel de schoolleiding.",
    "Bedrijven uit de regio leverden gastdocenten en openden hun werkplaatsen voor leerlingen.",
    "De gemeente en de provincie steunden het plan met een tijdelijke bijdrage.",
    "Na een jaar bleek dat leerlingen beter wisten welke beroepen er in de techniek zijn.",
    "Niet alles werkte: de planning van stages botste vaak met het rooster van de school.",
    "Het netwerk besloot de bijeenkomsten korter en concreter te maken.",
    "Leraren zeiden dat de samenwerking hun lessen actueler en praktischer maakte.",
    "Het project deelde ervaringen met andere scholen in de regio tijdens studiedagen.",
    "Om te blijven bestaan zochten de partners naar cofinanciering door bedrijven.",
    "De monitoring liet zien dat de instroom in technische opleidingen langzaam steeg.",
    "Ouders werden uitgenodigd voor avonden waarop leerlingen hun ontwerpen lieten zien.",
    "De aanpak sloot aan bij de doorlopende leerlijn van basisschool tot beroepsonderwijs.",
    "Voor nieuwe docenten kwam er een begeleidingstraject met vaste coaches.",
    "Het bestuur legde afspraken over tijd en geld voor meerdere jaren vast.",
]


def corpus() -> list[str]:
    """Sentences from the shipped kennisbank (our own Dutch), so word frequencies look real."""
    sentences = []
    for path in sorted((REPO / "kennisbank").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[-1] if text.startswith("---") else text
        for line in body.splitlines():
            if line.strip() and not line.lstrip().startswith(("#", "!!!", "-", "|", "[")):
                sentences += [
                    s.strip().rstrip(".") + "." for s in line.replace("*", "").split(". ") if len(s.split()) > 4
                ]
    # No links, markup or code: a synthetic case must not point at pages that do not exist.
    return [s for s in sentences if not any(mark in s for mark in ("](", "<", ">", "{", "`", "[", "http"))]


CORPUS = corpus()


def case_text(rng: random.Random, number: int) -> tuple[str, str]:
    """A case of the `benchmark` corpus: five sections of 4-6 sentences from the kennisbank."""
    subject = rng.choice(SUBJECTS)
    place = rng.choice(PLACES)
    verb = rng.choice(VERBS)
    title = f"{subject.capitalize()} {verb} in {place} ({number})"
    slug = f"voorbeeld-{number:05d}"
    description = f"Hoe een school in {place} {subject} gebruikte om het techniekonderwijs te {verb}."
    levels = sorted(rng.sample(LEVELS, rng.randint(1, 2)), key=LEVELS.index)
    sections = []
    for heading in ("Aanleiding", "Aanpak", "Resultaten", "Lessen", "Meer weten"):
        sentences = [rng.choice(SENTENCES).format(place=place, subject=subject)]
        sentences += [rng.choice(CORPUS) for _ in range(rng.randint(3, 5))]
        sections.append(f"## {heading}\n\n" + " ".join(sentences) + "\n")
    return slug, front_matter(rng, title, description, levels) + "\n".join(sections)


def front_matter(rng: random.Random, title: str, description: str, levels: list[str]) -> str:
    lines = [
        "---",
        f'title: "{title}"',
        f'description: "{description}"',
        f"interventieniveaus: [{', '.join(levels)}]",
        f"fase: {rng.choice(PHASES)}",
        f"onderwijs: [{', '.join(sorted(rng.sample(EDUCATION, rng.randint(1, 2)), key=EDUCATION.index))}]",
        f"thema: [{rng.choice(THEMES)}]",
        f"regio: [{rng.choice(REGIONS)}]",
    ]
    status = rng.choice(["lopend", "afgerond", "gestopt"])
    # A status needs its date (peildatum), a stopped programme its reason (issue 14). No random
    # draws here: the cases stay the same as before these fields were required.
    lines += [f"status: {status}", "peildatum: 2017-03"]
    if status == "gestopt":
        lines.append('waarom-gestopt: "De tijdelijke financiering liep af en niemand nam het werk over."')
    return "\n".join([*lines, "gepubliceerd: 2026-11-27", "---", ""])


# --- The `varied` corpus -------------------------------------------------------------------------

PREFIXES = ["be", "ver", "ont", "her", "mede", "samen", "over", "onder", "voor", "na", "door", "uit", "in", "op"]
SUFFIXES = [
    "en",
    "s",
    "e",
    "er",
    "ers",
    "ing",
    "ingen",
    "heid",
    "heden",
    "lijk",
    "lijke",
    "tje",
    "tjes",
    "de",
    "te",
    "baar",
    "schap",
    "isch",
    "ische",
    "aar",
    "ares",
    "loos",
    "achtig",
    "nis",
]
LINKS = ["", "", "", "s", "en", "e"]
HEADINGS = ["Aanleiding", "Aanpak", "Resultaten", "Lessen", "Meer weten"]
# Zipf-Mandelbrot draw of a word rank: P(rank >= r) = (1 + r / SHIFT) ** -(EXPONENT - 1).
# EXPONENT sets how fast the vocabulary grows (Heaps' law, about n ** (1 / EXPONENT) distinct
# words in n), SHIFT how common the commonest words are ("de" about 5 % of all words).
EXPONENT, SHIFT, MAX_RANK = 1.3, 5.0, 50_000_000


def base_words() -> list[str]:
    """The words of the shipped kennisbank (bodies only), commonest first, ties alphabetical."""
    counts: dict[str, int] = {}
    for path in sorted((REPO / "kennisbank").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[-1] if text.startswith("---") else text
        body = re.sub(r"\]\([^)]*\)|`[^`]*`|<[^>]*>|\{[^}]*\}|https?://\S+", " ", body)
        for word in re.findall(r"[a-zà-ÿ]+", body.lower()):
            if len(word) > 1 or word in ("u", "a"):
                counts[word] = counts.get(word, 0) + 1
    return sorted(counts, key=lambda word: (-counts[word], word))


class WordList:
    """An open-ended, deterministic word list: rank -> word. The first ranks are the kennisbank's
    own words; every rank after them is a variant or compound of its content words, chosen by a
    hash of the rank (so the same rank is the same word in every run and every corpus size)."""

    def __init__(self) -> None:
        self.base = base_words()
        # Content words to derive from: not the commonest (function) words, not too short.
        self.stems = [word for word in self.base[150:] if len(word) >= 4]
        self.cache: dict[int, str] = {}

    def word(self, rank: int) -> str:
        found = self.cache.get(rank)
        if found is None:
            found = self.base[rank] if rank < len(self.base) else self._derived(rank)
            self.cache[rank] = found
        return found

    def _derived(self, rank: int) -> str:
        h = _mix(rank)
        a = self.stems[(h >> 8) % len(self.stems)]
        b = self.stems[(h >> 24) % len(self.stems)]
        suffix = SUFFIXES[(h >> 40) % len(SUFFIXES)]
        kind = h % 10
        if kind < 3:
            return _join(a, suffix)
        if kind == 3:
            return PREFIXES[(h >> 48) % len(PREFIXES)] + a
        compound = _join(a, LINKS[(h >> 56) % len(LINKS)] + b) if a != b else a + "en"
        return compound if kind < 8 else _join(compound, suffix)

    def draw(self, rng: random.Random) -> str:
        while True:
            rank = int(SHIFT * ((1.0 - rng.random()) ** (-1.0 / (EXPONENT - 1.0)) - 1.0))
            if rank < MAX_RANK:
                return self.word(rank)


def _mix(value: int) -> int:
    """splitmix64: a well-spread 64-bit hash of an integer."""
    value = (value + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return value ^ (value >> 31)


def _join(word: str, ending: str) -> str:
    """Glue an ending on; a vowel the word ends with is not doubled (rolle + en -> rollen)."""
    if ending and word[-1] == ending[0] and word[-1] in "aeiou":
        return word + ending[1:]
    return word + ending


def sentence(rng: random.Random, words: WordList) -> str:
    picked = [words.draw(rng) for _ in range(rng.randint(6, 22))]
    for index in range(1, len(picked) - 1):
        if rng.random() < 0.07:
            picked[index] += ","
    ending = "?" if rng.random() < 0.05 else "."
    return picked[0].capitalize() + " " + " ".join(picked[1:]) + ending


def varied_case_text(rng: random.Random, number: int, words: WordList) -> tuple[str, str]:
    """A case of the `varied` corpus: 600-1,200 words in five sections, some with a subheading."""
    subject, place, verb = rng.choice(SUBJECTS), rng.choice(PLACES), rng.choice(VERBS)
    title = f"{subject.capitalize()} {verb} in {place} ({number})"
    description = f"Hoe een school in {place} {subject} gebruikte om het techniekonderwijs te {verb}."
    levels = sorted(rng.sample(LEVELS, rng.randint(1, 2)), key=LEVELS.index)
    front = front_matter(rng, title, description, levels)
    total = rng.randint(600, 1200)
    weights = [rng.random() + 0.5 for _ in HEADINGS]
    sections = []
    for heading, weight in zip(HEADINGS, weights):
        budget = round(total * weight / sum(weights))
        # One sentence about the case itself, so titles, places and subjects are searchable.
        paragraphs, paragraph = [], [rng.choice(SENTENCES).format(place=place, subject=subject)]
        count = len(paragraph[0].split())
        while count < budget:
            paragraph.append(sentence(rng, words))
            count += paragraph[-1].count(" ") + 1
            if len(paragraph) >= rng.randint(3, 6):
                paragraphs.append(" ".join(paragraph))
                paragraph = []
        if paragraph:
            paragraphs.append(" ".join(paragraph))
        if len(paragraphs) > 2:  # a long section gets a subheading halfway
            middle = len(paragraphs) // 2
            sub = " ".join(words.draw(rng) for _ in range(rng.randint(2, 4))).rstrip(",").capitalize()
            paragraphs.insert(middle, f"### {sub}")
        sections.append(f"## {heading}\n\n" + "\n\n".join(paragraphs) + "\n")
    return f"voorbeeld-{number:05d}", front + "\n".join(sections)


def lesson_text(rng: random.Random, number: int, case_slugs: list[str]) -> tuple[str, str]:
    level = LEVELS[number % len(LEVELS)]
    backed = ", ".join(sorted(rng.sample(case_slugs, min(3, len(case_slugs)))))
    text = (
        f'---\ntitle: "Les {number}: {rng.choice(VERBS)} {rng.choice(SUBJECTS)}"\n'
        f'description: "Een les over {rng.choice(SUBJECTS)}."\ninterventieniveaus: [{level}]\n'
        f"praktijkvoorbeelden: [{backed}]\ngepubliceerd: 2026-11-27\n---\n\n## Waarom\n\n"
        + " ".join(
            rng.choice(SENTENCES).format(place=rng.choice(PLACES), subject=rng.choice(SUBJECTS)) for _ in range(5)
        )
        + "\n"
    )
    return f"les-{number:04d}", text


def write_project(count: int, target: Path, seed: int = 20261127, corpus: str = "benchmark") -> dict[str, str]:
    """A full kennisbank project (our layout) with `count` cases of `corpus` ("benchmark" or
    "varied"); returns slug -> case text."""
    if corpus not in ("benchmark", "varied"):
        raise ValueError(f"unknown corpus {corpus!r}")
    rng = random.Random(seed)
    words = WordList() if corpus == "varied" else None
    if target.exists():
        shutil.rmtree(target)
    content = target / "kennisbank"
    (content / "praktijkvoorbeelden").mkdir(parents=True)
    (content / "lessen").mkdir()
    shutil.copytree(REPO / "kennisbank" / "niveaus", content / "niveaus")
    shutil.copy(REPO / "kennisbank" / "taxonomie.yml", content / "taxonomie.yml")
    shutil.copytree(REPO / "docs", target / "docs")
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    cases = {}
    for number in range(1, count + 1):
        slug, text = case_text(rng, number) if words is None else varied_case_text(rng, number, words)
        (content / "praktijkvoorbeelden" / f"{slug}.md").write_text(text, encoding="utf-8")
        cases[slug] = text
    slugs = sorted(cases)
    for number in range(1, max(28, count // 50) + 1):
        slug, text = lesson_text(rng, number, slugs)
        (content / "lessen" / f"{slug}.md").write_text(text, encoding="utf-8")
    return cases


if __name__ == "__main__":
    write_project(int(sys.argv[1]), Path(sys.argv[2]), corpus=sys.argv[3] if len(sys.argv) > 3 else "benchmark")
