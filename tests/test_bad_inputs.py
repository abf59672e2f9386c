"""Data-driven catalogue of bad content: each file in data/bad/<folder>/ next to its expected output.

Every case is dropped into a valid project; `kennisbank check` must exit 1, print exactly the
lines in the `.expected` file (nothing more, nothing less) and leave every file as it was.
To (re)write expected files on purpose after reviewing a change: KENNISBANK_REGENERATE=1.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mkdocs_kennisbank.cli import main

DATA = Path(__file__).parent / "data" / "bad"
CASES = sorted(p for p in DATA.glob("*/*.md"))


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("bad", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_bad_input(bad: Path, chdir_project, capsys) -> None:
    project = chdir_project
    target = project.write(f"kennisbank/{bad.parent.name}/{bad.name}", bad.read_bytes())
    before = snapshot(project.root)

    code = main(["check"])

    out = capsys.readouterr()
    expected_file = bad.with_suffix(".expected")
    if os.environ.get("KENNISBANK_REGENERATE"):
        expected_file.write_text(out.out, encoding="utf-8")
    assert code == 1
    assert out.out == expected_file.read_text(encoding="utf-8")
    assert all(line.startswith(f"kennisbank/{bad.parent.name}/{bad.name}:") for line in out.out.splitlines())
    assert "Traceback" not in out.err
    assert snapshot(project.root) == before
    assert target.read_bytes() == bad.read_bytes()


def test_catalogue_is_large_enough() -> None:
    assert len(CASES) >= 25
