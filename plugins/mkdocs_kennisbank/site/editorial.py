"""Editorial pages (the Markdown files in docs/): which front matter they may carry.

Material acts on many front-matter keys by itself and prints some of them into every page
(`author`, `redirect`, `icon`, ...), and MkDocs lets a page pick any theme template, including
`redirect.html` or one of the kennisbank's own content templates (which need a case or lesson
behind them). An editorial page may therefore only use the keys and templates listed here; the
check reads the file with the same strict reader as cases, so nothing is dropped silently.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..content.frontmatter import MAX_FILE_BYTES, body_problems, decode, split
from ..content.fsutil import Refused, read_regular
from ..content.htmlcheck import unsafe_html
from ..content.strictyaml import Mapping, Node, Scalar, Sequence, YamlProblem, plain_text_problem
from ..content.suggest import did_you_mean
from ..errors import Problem, display_path
from .staticfiles import folder_problems, review_docs

# `hide` values Material understands for a page.
HIDE_VALUES = ("navigation", "toc", "footer", "path", "feedback", "tags")
# Templates an editorial page may name: Material's page template and the kennisbank's home page.
TEMPLATES = ("main.html", "kennisbank/home.html")
TITLE_MAX = 120
# The extensions MkDocs reads as pages (mkdocs.utils.markdown_extensions), not only `.md`.
PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
DESCRIPTION_MAX = 300


@dataclass(frozen=True)
class EditorialKey:
    name: str
    help: str


KEYS = (
    EditorialKey("title", "de titel van de pagina, platte tekst"),
    EditorialKey("description", f"een samenvatting van hoogstens {DESCRIPTION_MAX} tekens"),
    EditorialKey("hide", f"een lijst met wat de pagina verbergt: {', '.join(HIDE_VALUES)}"),
    EditorialKey("template", f"de opmaak van de pagina: {', '.join(TEMPLATES)}"),
)
ALLOWED = {key.name: key for key in KEYS}


def check_editorial(raw: bytes, shown: str) -> tuple[dict[str, object], list[Problem]]:
    """The page's allowed front matter as plain values, and every problem in the file."""
    problems: list[Problem] = []

    def problem(node: Node, field: str, message: str) -> None:
        problems.append(Problem(shown, node.line, node.col, field, message))

    try:
        doc = split(decode(raw), required=False)
    except YamlProblem as exc:
        return {}, [Problem(shown, exc.line, exc.col, exc.field or "front matter", exc.message)]
    values: dict[str, object] = {}
    for key, (key_node, node) in doc.meta.items.items():
        if key not in ALLOWED:
            allowed = "; ".join(f"{k.name} ({k.help})" for k in KEYS)
            problem(
                key_node,
                key,
                f"dit veld is op redactionele pagina's niet toegestaan{did_you_mean(key, list(ALLOWED))}; toegestaan zijn: {allowed}",
            )
            continue
        if _empty(node):
            continue  # an empty value holds no data (forms write them), as in cases
        value = _value(key, node, problem)
        if value is not None:
            values[key] = value
    for line, col, message in [*body_problems(doc.body, doc.body_line), *unsafe_html(doc.body, doc.body_line)]:
        problems.append(Problem(shown, line, col, "tekst", message))
    return values, problems


def _empty(node: Node) -> bool:
    if isinstance(node, Scalar):
        return node.is_null or not node.value.strip()
    return isinstance(node, (Sequence, Mapping)) and not node.items


def _text(key: str, node: Node, problem, limit: int) -> str | None:
    if not isinstance(node, Scalar) or node.is_null:
        problem(node, key, "hier hoort een tekst")
        return None
    text = " ".join(node.value.split())
    if not text:
        problem(node, key, "de tekst is leeg")
        return None
    if (reason := plain_text_problem(text)) is not None:
        problem(node, key, reason)
        return None
    if len(text) > limit:
        problem(node, key, f"de tekst is {len(text)} tekens lang; het maximum is {limit}")
        return None
    return text


def _value(key: str, node: Node, problem) -> object | None:
    if key == "title":
        return _text(key, node, problem, TITLE_MAX)
    if key == "description":
        return _text(key, node, problem, DESCRIPTION_MAX)
    if key == "template":
        if isinstance(node, Scalar) and node.value in TEMPLATES:
            return node.value
        shown = node.value if isinstance(node, Scalar) else "?"
        problem(
            node,
            key,
            f"template '{shown}' is hier niet toegestaan{did_you_mean(shown, TEMPLATES)}; kies uit: {', '.join(TEMPLATES)}",
        )
        return None
    # hide: a list of known values
    items = node.items if isinstance(node, Sequence) else [node] if isinstance(node, Scalar) else None
    if items is None or isinstance(node, Mapping):
        problem(node, key, f"hier hoort een lijst; kies uit: {', '.join(HIDE_VALUES)}")
        return None
    found = []
    for item in items:
        if isinstance(item, Scalar) and item.value in HIDE_VALUES:
            found.append(item.value)
        else:
            shown = item.value if isinstance(item, Scalar) else "?"
            problem(
                item,
                key,
                f"onbekende waarde '{shown}'{did_you_mean(shown, HIDE_VALUES)}; kies uit: {', '.join(HIDE_VALUES)}",
            )
    return found if len(found) == len(items) else None


def check_docs(
    docs_dir: Path, root: Path, *, static: bool = False
) -> tuple[dict[str, dict[str, object]], list[Problem]]:
    """Every editorial page's allowed front matter (by path inside docs/) and every problem.

    Symlinks out of docs/ or into .git, FIFOs and devices are reported first, and such a page
    is never read. With `static`, the other files MkDocs would copy are reviewed too (as the
    build does in `on_files`), so `kennisbank check` reports what the build would refuse.
    """
    problems = folder_problems(docs_dir, root)
    refused = [p.path for p in problems]
    values: dict[str, dict[str, object]] = {}
    for path in editorial_pages(docs_dir):
        shown = display_path(path, root)
        if any(shown == r or shown.startswith(r + "/") for r in refused):
            continue
        try:
            raw = read_regular(Path(os.path.realpath(path)), MAX_FILE_BYTES)
        except Refused as exc:
            problems.append(Problem(shown, 1, 1, "bestand", exc.message))
            continue
        except OSError as exc:
            problems.append(Problem(shown, 1, 1, "bestand", f"het bestand kan niet gelezen worden ({exc.strerror})"))
            continue
        page_values, found = check_editorial(raw, shown)
        problems.extend(found)
        values[path.relative_to(docs_dir).as_posix()] = page_values
    if static:
        others = [
            (path.relative_to(docs_dir).as_posix(), str(path))
            for path in sorted(docs_dir.rglob("*"))
            if path.suffix.lower() not in PAGE_SUFFIXES
            and not path.is_dir()
            and not any(part.startswith(".") for part in path.relative_to(docs_dir).parts)
        ]
        problems.extend(p for p in review_docs(docs_dir, others, root).problems if p not in problems)
    return values, problems


def editorial_pages(docs_dir: Path) -> list[Path]:
    """The pages MkDocs would read from docs/, sorted (dot folders are skipped, like MkDocs)."""
    pages = []
    for path in sorted(docs_dir.rglob("*")):
        if path.suffix.lower() not in PAGE_SUFFIXES or path.is_dir():
            continue
        if any(part.startswith(".") for part in path.relative_to(docs_dir).parts):
            continue
        pages.append(path)
    return pages
