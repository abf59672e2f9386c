"""Synthetic Dutch kennisbank content for benchmarks (fixed seed, so every run is the same).

Used by scripts/benchmark.py; importable on its own:

    python scripts/synthetic.py 500 /tmp/project   # writes a project with 500 cases
"""

from __future__ import annotations

import random
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
    front = "\n".join(
        [
            "---",
            f'title: "{title}"',
            f'description: "{description}"',
            f"interventieniveaus: [{', '.join(levels)}]",
            f"fase: {rng.choice(PHASES)}",
            f"onderwijs: [{', '.join(sorted(rng.sample(EDUCATION, rng.randint(1, 2)), key=EDUCATION.index))}]",
            f"thema: [{rng.choice(THEMES)}]",
            f"regio: [{rng.choice(REGIONS)}]",
            f"status: {rng.choice(['lopend', 'afgerond', 'gestopt'])}",
            "gepubliceerd: 2026-11-27",
            "---",
            "",
        ]
    )
    return slug, front + "\n".join(sections)


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


def write_project(count: int, target: Path, seed: int = 20261127) -> dict[str, str]:
    """A full kennisbank project (our layout) with `count` cases; returns slug -> case text."""
    rng = random.Random(seed)
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
        slug, text = case_text(rng, number)
        (content / "praktijkvoorbeelden" / f"{slug}.md").write_text(text, encoding="utf-8")
        cases[slug] = text
    slugs = sorted(cases)
    for number in range(1, max(28, count // 50) + 1):
        slug, text = lesson_text(rng, number, slugs)
        (content / "lessen" / f"{slug}.md").write_text(text, encoding="utf-8")
    return cases


if __name__ == "__main__":
    write_project(int(sys.argv[1]), Path(sys.argv[2]))
