"""Checks on paths that come from contributors: symlinks and template names.

A symlink in docs/ that points outside the repository would make MkDocs copy, say, a private
key into the public site; a `template:` with `../` would make Jinja read outside the theme.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import Problem, display_path


def outside_symlinks(folder: Path, root: Path) -> list[Problem]:
    """Every symlink under `folder` whose target lies outside `root` (or does not exist)."""
    problems = []
    root = root.resolve()
    for current, dirs, files in os.walk(folder, followlinks=False):
        for name in [*dirs, *files]:
            path = Path(current) / name
            if not path.is_symlink():
                continue
            target = path.resolve()
            if not target.exists() or not target.is_relative_to(root):
                problems.append(
                    Problem(
                        display_path(path, root), 1, 1, "bestand",
                        "deze symbolische link wijst naar een plek buiten de repository en wordt niet gepubliceerd; "
                        "zet het bestand zelf in de repository",
                    )
                )
    return sorted(problems)


def template_problem(template: object, theme_dirs: list[str]) -> str | None:
    """Why a page's `template:` value is refused, or None when it names a template of the theme."""
    if not isinstance(template, str) or not template.strip():
        return "template moet de naam van een template uit het thema zijn"
    parts = Path(template).parts
    if Path(template).is_absolute() or ".." in parts or "\\" in template:
        return f"template '{template}' wijst buiten het thema; gebruik een naam als 'main.html'"
    if not any(os.path.isfile(os.path.join(folder, template)) for folder in theme_dirs):
        return f"template '{template}' bestaat niet in het thema"
    return None
