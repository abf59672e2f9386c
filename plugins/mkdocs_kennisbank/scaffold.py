"""`kennisbank new`: create a case or lesson from its template, never overwriting a file."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from importlib import resources
from pathlib import Path

from .errors import FileExistsProblem, UsageError
from .loader import CASES_DIR, LESSONS_DIR
from .taxonomy import TAXONOMY_FILE, Taxonomy, load_taxonomy
from .validate import MARKUP

KINDS = {"praktijkvoorbeeld": (CASES_DIR, "praktijkvoorbeeld.md"), "les": (LESSONS_DIR, "les.md")}
MAX_SLUG = 80


def slugify(title: str) -> str:
    """'Bèta in één regio' -> 'beta-in-een-regio': lowercase ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_SLUG].rstrip("-")


def _yaml_text(value: str) -> str:
    """A title as a YAML scalar that reads back as exactly this text (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def render(kind: str, title: str, taxonomy: Taxonomy, today: dt.date) -> str:
    template = resources.files(__package__).joinpath("scaffold", KINDS[kind][1]).read_text(encoding="utf-8")
    facets = taxonomy.facets
    values = {
        "title": _yaml_text(title),
        "today": today.isoformat(),
        "levels": ", ".join(f"{t.id} ({t.label})" for t in facets["interventieniveaus"].terms),
        "phases": ", ".join(facets["fase"].ids),
        "education": ", ".join(facets["onderwijs"].ids),
        "themes": ", ".join(facets["thema"].ids),
        "regions": ", ".join(facets["regio"].ids),
    }
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], template)


def create(content_dir: Path, kind: str, title: str, *, today: dt.date | None = None) -> Path:
    """Write the new file and return its path; refuse bad titles and existing files."""
    if kind not in KINDS:
        raise UsageError(f"onbekende soort '{kind}'; kies praktijkvoorbeeld of les")
    title = " ".join(title.split())
    if not title:
        raise UsageError("geef een titel op, bijvoorbeeld: kennisbank new praktijkvoorbeeld \"Bèta in één regio\"")
    if len(title) > 120:
        raise UsageError(f"de titel is {len(title)} tekens lang; het maximum is 120")
    if MARKUP.search(title):
        raise UsageError("de titel mag alleen platte tekst zijn, zonder HTML, Markdown of {{ }}")
    slug = slugify(title)
    if not slug:
        raise UsageError("de titel bevat geen letters of cijfers; daar kan geen bestandsnaam van gemaakt worden")
    taxonomy = load_taxonomy(content_dir / TAXONOMY_FILE, f"{content_dir.name}/{TAXONOMY_FILE}")
    folder, _ = KINDS[kind]
    target = content_dir / folder / f"{slug}.md"
    for other, _ in KINDS.values():
        existing = content_dir / other / f"{slug}.md"
        if existing.exists() or existing.is_symlink():
            raise FileExistsProblem(existing)
    text = render(kind, title, taxonomy, today or dt.date.today())
    target.parent.mkdir(parents=True, exist_ok=True)
    # 'x' mode: fails instead of overwriting, even if the file appeared a moment ago.
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise FileExistsProblem(target) from None
    return target
