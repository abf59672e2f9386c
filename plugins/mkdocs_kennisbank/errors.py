"""The single exception family of the core.

Every problem a contributor can fix is a `Problem` with a position; the core collects them
and raises `ContentError` once, so `kennisbank check` and `mkdocs build` can show every error
of every file in one run. The MkDocs plugin turns `KennisbankError` into `PluginError`, the CLI
into exit codes.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

WARNING = "waarschuwing"
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def visible(text: str) -> str:
    """`text` safe for one line of a terminal or a CI log: every character that is not printable
    (newlines, ESC and other controls, direction overrides, zero-width characters, lone
    surrogates, ...) is shown as an escape such as \\n, \\x1b or \\u202e; spaces stay spaces.

    A value from a file can otherwise forge a second problem line, recolour the terminal, or
    make the output unprintable (a lone surrogate cannot be encoded).
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or unicodedata.category(ch) == "Zs" else _escape(ch) for ch in text)


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, in the contributor's terms (Dutch message)."""

    path: str
    line: int
    col: int
    field: str
    message: str
    severity: str = "fout"  # or "waarschuwing": reported, but does not fail a check or build

    def format(self) -> str:
        """One line `path:line:col: field: message`, whatever the path, field or message hold."""
        field = visible(self.field) or "-"
        prefix = "waarschuwing: " if self.severity == WARNING else ""
        return f"{visible(self.path)}:{self.line}:{self.col}: {field}: {prefix}{visible(self.message)}"

    def as_json(self) -> dict[str, object]:
        """The problem for machine-readable reports, with the same visible text as `format`."""
        return {
            "path": visible(self.path),
            "line": self.line,
            "column": self.col,
            "field": visible(self.field),
            "message": visible(self.message),
            "severity": "warning" if self.severity == WARNING else "error",
        }


class KennisbankError(Exception):
    """Base class of every error the core raises on purpose."""


class ContentError(KennisbankError):
    """The content has one or more problems; `problems` lists all of them, sorted."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(p.format() for p in self.problems))


class UsageError(KennisbankError):
    """The command was called wrongly (wrong folder, bad argument); not a content problem."""


class FileExistsProblem(KennisbankError):
    """`kennisbank new` refuses to overwrite an existing file."""


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as a contributor should see it: relative to the project root, with slashes."""
    if root is None:
        return path.as_posix()
    absolute, base = os.path.abspath(path), os.path.abspath(root)
    if absolute.startswith(base + os.sep):  # the common case, without touching the disk
        return absolute[len(base) + 1 :].replace(os.sep, "/")
    # Never resolve the file itself: a symlink must be named where it is, not where it points.
    candidates = (
        (Path(os.path.abspath(path)), Path(os.path.abspath(root))),
        (path.parent.resolve() / path.name, root.resolve()),
    )
    for whole, folder in candidates:
        try:
            return whole.relative_to(folder).as_posix()
        except ValueError:
            continue
    return path.as_posix()
