"""Read a whole kennisbank folder into a `Kennisbank`, or report every problem in it.

Layout (relative to the content folder):
    taxonomie.yml                   facets and allowed values
    niveaus/<ID>.md                 the text of each intervention level (ID from the taxonomy)
    praktijkvoorbeelden/<slug>.md   practice cases
    lessen/<slug>.md                lessons
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import WARNING, ContentError, Problem, UsageError, display_path
from .frontmatter import MAX_FILE_BYTES, Document, body_problems, decode, split
from .fsutil import SYMLINK_FILE, SYMLINK_FOLDER, Refused, folder_problem, links_under, read_regular
from .htmlcheck import unsafe_html
from .model import Case, Contact, Effect, Figures, Kennisbank, Lesson, LevelText, Review, Source
from .provenance import DOCUMENTATION_FACET, EFFECT_FACET, NO_CLAIM, case_rules, documentation
from .schema import CASES, LESSONS, LEVELS_KIND, SLUG, ContentKind, fields_of
from .strictyaml import YamlProblem
from .suggest import did_you_mean
from .taxonomy import RESERVED_IDS, TAXONOMY_FILE, Taxonomy, load_taxonomy
from .validate import Checked, Validator

CASES_DIR = CASES.folder
LESSONS_DIR = LESSONS.folder
LEVELS_DIR = LEVELS_KIND.folder


class _Reader:
    def __init__(self, content_dir: Path, root: Path) -> None:
        self.content_dir = content_dir
        self.root = root
        self.problems: list[Problem] = []

    def shown(self, path: Path) -> str:
        return display_path(path, self.root)

    def problem(self, path: Path, line: int, col: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.shown(path), line, col, field, message))

    def markdown_files(self, folder: str) -> list[Path]:
        """The .md files of a content folder, sorted; anything else there is reported.

        Symbolic links are skipped here: `links` reports every link in the content tree.
        Special files (a FIFO named like a case) are listed and refused when read.
        """
        directory = self.content_dir / folder
        problem = folder_problem(directory)
        if problem is not None:
            if problem != SYMLINK_FOLDER:
                self.problem(directory, 1, 1, "map", problem)
            return []
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except FileNotFoundError:
            return []
        except OSError as exc:
            self.problem(directory, 1, 1, "map", f"de map kan niet gelezen worden ({exc.strerror})")
            return []
        files = []
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith(".") or entry.is_symlink():
                continue
            if entry.is_dir(follow_symlinks=False):
                self.problem(
                    path,
                    1,
                    1,
                    "bestand",
                    f"submappen zijn niet toegestaan in {folder}/; zet het bestand direct in {folder}/",
                )
            elif not entry.name.endswith(".md"):
                self.problem(path, 1, 1, "bestand", f"alleen .md-bestanden horen in {folder}/")
            else:
                files.append(path)
        return files

    def links(self) -> None:
        """Every symbolic link in the content tree is an error: it could publish a file (or a
        whole folder) from outside the repository."""
        for path in links_under(self.content_dir):
            if path.is_dir():
                self.problem(path, 1, 1, "map", SYMLINK_FOLDER)
            else:
                self.problem(path, 1, 1, "bestand", SYMLINK_FILE)

    def document(self, path: Path, *, required: bool = True) -> Document | None:
        try:
            return split(decode(read_regular(path, MAX_FILE_BYTES)), required=required)
        except YamlProblem as exc:
            self.problem(path, exc.line, exc.col, exc.field or "front matter", exc.message)
        except Refused as exc:
            self.problem(path, 1, 1, "bestand", exc.message)
        except OSError as exc:
            self.problem(path, 1, 1, "bestand", f"het bestand kan niet gelezen worden ({exc.strerror})")
        return None

    def entries(self, kind: ContentKind, taxonomy: Taxonomy) -> list[tuple[Path, Document, Checked]]:
        folder = kind.folder
        read = []
        for path in self.markdown_files(folder):
            if not SLUG.match(path.stem):
                self.problem(
                    path,
                    1,
                    1,
                    "bestandsnaam",
                    f"'{path.name}' is geen geldige bestandsnaam; gebruik kleine letters zonder accenten, cijfers en koppeltekens, bijvoorbeeld 'beta-in-een-regio.md'",
                )
                continue
            if path.stem in RESERVED_IDS:
                self.problem(
                    path,
                    1,
                    1,
                    "bestandsnaam",
                    f"'{path.name}' is een gereserveerde naam: de kennisbank maakt zelf de pagina {folder}/{path.stem}; "
                    "kies een andere bestandsnaam",
                )
                continue
            doc = self.document(path)
            if doc is None:
                continue
            validator = Validator(taxonomy, self.shown(path), self.problems)
            checked = validator.check(doc.meta, fields_of(kind, taxonomy))
            if kind is CASES:
                case_rules(validator, checked.values, doc.meta, taxonomy)
            self.body(path, doc)
            read.append((path, doc, checked))
        return read

    def body(self, path: Path, doc: Document) -> None:
        """Report what the Markdown text may not hold, what the HTML sanitiser would remove, and
        text that was never filled in: the template's prompts and headings without text."""
        found = [
            *body_problems(doc.body, doc.body_line),
            *unsafe_html(doc.body, doc.body_line),
            *unfilled(doc.body, doc.body_line),
        ]
        for line, col, message in found:
            self.problem(path, line, col, "tekst", message)


_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


@functools.cache
def scaffold_prompts() -> frozenset[str]:
    """The explanatory lines of the texts `kennisbank new` writes (scaffold/*.md, below the front
    matter), whitespace folded: left in, they would be published as if they were the case."""
    prompts = set()
    for name in ("praktijkvoorbeeld.md", "les.md"):
        text = resources.files(__package__).joinpath("scaffold", name).read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1]
        for line in body.splitlines():
            if line.strip() and not _HEADING.match(line):
                prompts.add(" ".join(line.split()))
    return frozenset(prompts)


def unfilled(body: str, first_line: int) -> list[tuple[int, int, str]]:
    """(line, column, message) for text that was never filled in: a prompt of the template left
    in, a heading with no text below it (before the next heading of the same or a higher level),
    or no text at all. Code blocks are text."""
    prompts = scaffold_prompts()
    found: list[tuple[int, int, str]] = []
    open_heading: tuple[int, int, int, str] | None = None  # line, column, level, title
    has_text = False
    fence: str | None = None
    section = ""  # the title of the heading above the current line

    def close(level: int) -> None:
        nonlocal open_heading
        if open_heading is not None and level <= open_heading[2]:
            line, col, _, title = open_heading
            found.append(
                (line, col, f"onder de kop '{title}' staat geen tekst; schrijf er iets onder of haal de kop weg")
            )
        open_heading = None

    for number, line in enumerate(body.splitlines(), start=first_line):
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        if not line.strip():
            continue
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            close(level)
            section = re.sub(r"\s*\{[^{}]*\}\s*$", "", heading.group(2) or "")  # without { .kb-redactie }
            open_heading = (number, line.index("#") + 1, level, section)
            continue
        open_heading, has_text = None, True
        fenced = _FENCE.match(line)
        if fenced:
            fence = fenced.group(1)
        elif " ".join(line.split()) in prompts:
            found.append(
                (
                    number,
                    len(line) - len(line.lstrip()) + 1,
                    (f"onder '{section}' staat" if section else "hier staat") + " nog de uitleg uit het sjabloon; "
                    "vervang die door je eigen tekst",
                )
            )
    close(1)  # the end of the text closes every heading
    if not has_text and not found:
        found.append(
            (
                first_line,
                1,
                "de tekst is leeg; schrijf de tekst van de pagina onder de front matter (na de tweede regel ---)",
            )
        )
    return found


def _as_list(value: Any) -> list[str]:
    return list(value) if isinstance(value, list) else [value]


def _entry_args(
    path: Path, doc: Document, values: dict[str, Any], kind: ContentKind, taxonomy: Taxonomy
) -> dict[str, Any]:
    """What every entry has; facet values for every facet field of its kind, generically."""
    fields = fields_of(kind, taxonomy)
    return dict(
        slug=path.stem,
        path=path,
        title=values.get("title", path.stem),
        description=values.get("description", ""),
        body=doc.body,
        values={spec.facet: _as_list(values[spec.name]) for spec in fields if spec.facet and spec.name in values},
        published=values.get("gepubliceerd"),
        updated=values.get("bijgewerkt"),
        sources=[Source(s["titel"], s.get("url")) for s in values.get("bronnen", [])],
        declared_links=list(values.get(kind.links_key or "", [])),
        questions=values.get("gespreksvragen", []),
    )


def load(content_dir: Path, root: Path | None = None, today: dt.date | None = None) -> Kennisbank:
    """Load and check everything; raise `ContentError` with every problem found.

    Warnings (a review date that has passed) do not fail; they are in `Kennisbank.warnings`.
    """
    root = root or Path.cwd()
    today = today or dt.date.today()
    if folder_problem(content_dir) == SYMLINK_FOLDER:
        raise ContentError([Problem(display_path(content_dir, root), 1, 1, "map", SYMLINK_FOLDER)])
    if not content_dir.is_dir():
        raise UsageError(
            f"de map '{display_path(content_dir, root)}' bestaat niet; geef met --map de map van de kennisbank op"
        )
    reader = _Reader(content_dir, root)
    taxonomy_path = content_dir / TAXONOMY_FILE
    # Without a valid taxonomy no value can be checked: its ContentError reports the taxonomy alone.
    taxonomy = load_taxonomy(taxonomy_path, reader.shown(taxonomy_path))
    reader.links()

    cases: dict[str, Case] = {}
    warnings: list[Problem] = []
    case_files = reader.entries(CASES, taxonomy)
    for path, doc, (values, positions) in case_files:
        args = _entry_args(path, doc, values, CASES, taxonomy)
        contact = values.get("contact")
        review = _review(values.get("review"), positions, reader.shown(path), today, warnings)
        cases[path.stem] = Case(
            **args,
            programme=values.get("programma"),
            organisations=values.get("organisaties", []),
            period=values.get("periode"),
            status=values.get("status"),
            contact=Contact(contact["naam"], contact.get("organisatie"), contact.get("email")) if contact else None,
            indicators=values.get("indicatoren", []),
            figures=[
                Figures(f["indicator"], tuple(f["waarden"]), f.get("eenheid"), f.get("bron"))
                for f in values.get("cijfers", [])
            ],
            review=review,
            as_of=values.get("peildatum"),
            stop_reason=values.get("waarom-gestopt"),
            sourced=dict(values.get("volgens-bron") or {}),
            effect=Effect(effect["oordeel"], effect.get("bron")) if (effect := values.get("effect")) else None,
        )
        case = cases[path.stem]
        # The computed facets: the documentation label and the effect claim (content/provenance.py).
        case.values[DOCUMENTATION_FACET] = [documentation(case).level]
        case.values[EFFECT_FACET] = [case.effect.claim if case.effect else NO_CLAIM]
    lessons: dict[str, Lesson] = {}
    lesson_files = reader.entries(LESSONS, taxonomy)
    for path, doc, (values, _) in lesson_files:
        if path.stem in cases:
            reader.problem(
                path,
                1,
                1,
                "bestandsnaam",
                f"'{path.stem}' is ook de naam van een praktijkvoorbeeld; elke naam mag maar één keer voorkomen in de kennisbank",
            )
            continue
        lessons[path.stem] = Lesson(**_entry_args(path, doc, values, LESSONS, taxonomy))

    _check_references(reader, case_files, "lessen", lessons)
    _check_references(reader, lesson_files, "praktijkvoorbeelden", cases)
    level_texts = _level_texts(reader, taxonomy)
    if reader.problems:
        raise ContentError(reader.problems)
    return Kennisbank(taxonomy, cases, lessons, level_texts, sorted(warnings), today)


def _review(
    values: dict | None, positions: dict[str, Any], shown: str, today: dt.date, warnings: list[Problem]
) -> Review | None:
    if not values:
        return None
    review = Review(values["status"], values.get("door"), values.get("datum"), values.get("volgende"))
    if review.overdue(today) and review.next is not None:
        node = positions["review.volgende"]
        warnings.append(
            Problem(
                shown,
                node.line,
                node.col,
                "review.volgende",
                f"de volgende review ({review.next.isoformat()}) is verstreken; laat het voorbeeld opnieuw "
                "beoordelen en zet daarna een nieuwe datum",
                WARNING,
            )
        )
    return review


def _check_references(reader: _Reader, files, key: str, targets: dict[str, Any]) -> None:
    """Every slug in `key` must name an existing file in the other folder."""
    for path, _, (values, positions) in files:
        for i, slug in enumerate(values.get(key, [])):
            node = positions[f"{key}[{i}]"]
            if slug not in targets:
                hint = did_you_mean(slug, sorted(targets))
                reader.problem(
                    path,
                    node.line,
                    node.col,
                    key,
                    f"'{slug}' bestaat niet in kennisbank/{key}/{hint}",
                )


def _level_texts(reader: _Reader, taxonomy: Taxonomy) -> dict[str, LevelText]:
    """One Markdown text per intervention level, named after its id (I.md, II.md, ...)."""
    texts: dict[str, LevelText] = {}
    ids = taxonomy.levels.ids
    for path in reader.markdown_files(LEVELS_DIR):
        if path.stem not in ids:
            reader.problem(
                path,
                1,
                1,
                "bestandsnaam",
                f"er is geen interventieniveau '{path.stem}'{did_you_mean(path.stem, ids)}; "
                f"de bestanden heten naar de id's: {', '.join(i + '.md' for i in ids)}",
            )
            continue
        doc = reader.document(path, required=False)
        if doc is None:
            continue
        values, _ = Validator(taxonomy, reader.shown(path), reader.problems).check(doc.meta, LEVELS_KIND.fields)
        reader.body(path, doc)
        texts[path.stem] = LevelText(path.stem, path, doc.body, values.get("description"))
    for level in ids:
        if level not in texts and not os.path.lexists(reader.content_dir / LEVELS_DIR / f"{level}.md"):
            path = reader.content_dir / LEVELS_DIR / f"{level}.md"
            reader.problem(
                path, 1, 1, "bestand", f"de tekst van interventieniveau {level} ontbreekt; maak dit bestand aan"
            )
    return texts
