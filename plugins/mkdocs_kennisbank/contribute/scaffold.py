"""`kennisbank new`: create a case or lesson from its template, never overwriting a file."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
import unicodedata
from importlib import resources
from pathlib import Path

from ..content.fsutil import create_new, folder_problem
from ..content.loader import CASES_DIR, LESSONS_DIR
from ..content.schema import CASES, LESSONS, TITLE, fields_of
from ..content.strictyaml import invisible_only, refused_character
from ..content.taxonomy import RESERVED_IDS, TAXONOMY_FILE, Taxonomy, load_taxonomy
from ..errors import FileExistsProblem, UsageError

KINDS = {"praktijkvoorbeeld": (CASES_DIR, "praktijkvoorbeeld.md"), "les": (LESSONS_DIR, "les.md")}
CONTENT_KINDS = {"praktijkvoorbeeld": CASES, "les": LESSONS}
MAX_SLUG = 80


def clean_title(title: str) -> str:
    """The title as it will be written (whitespace folded), or `UsageError` saying why not.

    Any printable text is fine (quotes, <, &, {{ ...): it is written as a YAML string that reads
    back exactly. Checked before anything is read or written.
    """
    if any("\udc80" <= char <= "\udcff" for char in title):
        # Bytes that were not UTF-8 reach Python as lone surrogates (surrogateescape).
        raise UsageError("de titel is geen geldige UTF-8-tekst; typ de titel opnieuw of zet je terminal op UTF-8")
    title = " ".join(title.split())
    if not title:
        raise UsageError('geef een titel op, bijvoorbeeld: kennisbank new praktijkvoorbeeld "Bèta in één regio"')
    found = refused_character(title, "de titel")
    if found is not None:
        raise UsageError(found[1])
    if invisible_only(title):
        raise UsageError("de titel bestaat alleen uit onzichtbare tekens; schrijf zichtbare tekst")
    if TITLE.max_length and len(title) > TITLE.max_length:
        raise UsageError(f"de titel is {len(title)} tekens lang; het maximum is {TITLE.max_length}")
    return title


def slugify(title: str) -> str:
    """'Bèta in één regio' -> 'beta-in-een-regio': lowercase ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_SLUG].rstrip("-")


def _yaml_text(value: str) -> str:
    """A title as a YAML scalar that reads back as exactly this text (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def render(kind: str, title: str, taxonomy: Taxonomy, today: dt.date) -> str:
    template = (
        resources.files("mkdocs_kennisbank.content").joinpath("scaffold", KINDS[kind][1]).read_text(encoding="utf-8")
    )
    values = {"title": _yaml_text(title), "today": today.isoformat(), "facets": facet_prompts(kind, taxonomy)}
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], template)


def facet_prompts(kind: str, taxonomy: Taxonomy) -> str:
    """The template's lines for the facet fields of `kind`, made from the taxonomy: per field its
    explanation, how to write it, the values to choose from, and the empty key."""
    lines = []
    for spec in fields_of(CONTENT_KINDS[kind], taxonomy):
        if spec.facet is None:
            continue
        facet = taxonomy.facets[spec.facet]
        required = "(verplicht) " if spec.required else ""
        ids = facet.ids
        pair = f" of [{ids[0]}, {ids[1]}]" if len(ids) > 1 else ""
        form = f"Als lijst: [{ids[0]}]{pair}." if facet.multiple else "Eén waarde."
        shown = [f"{t.id} ({t.label})" if facet.display == "id-en-label" else t.id for t in facet.terms]
        lines += textwrap.wrap(
            f"{required}{facet.explanation} {form}",
            96,
            initial_indent="# ",
            subsequent_indent="# ",
            break_on_hyphens=False,
        )
        lines += textwrap.wrap(
            f"Kies uit: {', '.join(shown)}", 96, initial_indent="# ", subsequent_indent="#   ", break_on_hyphens=False
        )
        lines.append(f"{spec.name}:")
    return "\n".join(lines)


def create(content_dir: Path, kind: str, title: str, *, today: dt.date | None = None) -> Path:
    """Write the new file and return its path; refuse bad titles and existing files.

    The file appears complete or not at all (`fsutil.create_new`), never over another file.
    """
    if kind not in KINDS:
        raise UsageError(f"onbekende soort '{kind}'; kies praktijkvoorbeeld of les")
    title = clean_title(title)
    slug = slugify(title)
    if not slug:
        raise UsageError("de titel bevat geen letters of cijfers; daar kan geen bestandsnaam van gemaakt worden")
    if slug in RESERVED_IDS:
        raise UsageError(
            f"de titel geeft de bestandsnaam '{slug}.md', die de kennisbank zelf gebruikt; kies een andere titel"
        )
    folder, _ = KINDS[kind]
    for directory in (content_dir, content_dir / folder):
        problem = folder_problem(directory)
        if problem is not None:
            raise UsageError(f"{directory.as_posix()}: {problem}")
    taxonomy = load_taxonomy(content_dir / TAXONOMY_FILE, f"{content_dir.name}/{TAXONOMY_FILE}")
    target = content_dir / folder / f"{slug}.md"
    for other, _ in KINDS.values():
        existing = content_dir / other / f"{slug}.md"
        if existing.exists() or existing.is_symlink():
            raise FileExistsProblem(existing)
    data = render(kind, title, taxonomy, today or dt.date.today()).encode("utf-8")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        create_new(target, data)
    except FileExistsError:
        raise FileExistsProblem(target) from None
    except OSError as exc:  # no permission, disk full, ...: nothing is left behind
        raise UsageError(f"{target.as_posix()} kan niet geschreven worden ({exc.strerror or exc})") from None
    return target
