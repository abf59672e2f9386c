"""Checks that keep the code as the next engineer expects it: lint, format and types (run here,
so `scripts/test` and CI run them), and Material's partials that we override, pinned to the
upstream versions our copies were made from."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
OURS = REPO / "plugins" / "mkdocs_kennisbank" / "templates" / "partials"
BIN = Path(sys.executable).parent

# Material's partials as they were when we copied and changed them (mkdocs-material 9.8.2). When
# an upgrade changes one, compare it with ours, carry our changes (the comment at the top of our
# copy says what they are) over to the new version, and record the new hash here.
UPSTREAM = {
    "partials/copyright.html": "bc86bca3bf75070fe5d72e2a3463bdddf87c10f4d6459c945fe81c5d384e35ea",
    "partials/header.html": "8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f",
    "partials/nav.html": "af33f6e032f632eb055c365eb5f1a975bf8456152fa768e69a1aad6d470b843f",
    "partials/source.html": "6847616d67be4920d39c278c2799bf20222bbc02ee2a8393aca85e3eaa518752",
    "partials/tabs.html": "d2c82916569e645a6b6dc5a36a2beddfaca5a66c8738c5b3e13b7d100ac2e8b7",
    "partials/toc.html": "fde48f583563364b0e0e6865a5ab1e7060ec1826161f69f5cbee653e621b0f84",
}


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy"]],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_passes(command: list[str]) -> None:
    done = subprocess.run([str(BIN / command[0]), *command[1:]], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_overridden_partial_is_pinned() -> None:
    assert sorted(f"partials/{p.name}" for p in OURS.glob("*.html")) == sorted(UPSTREAM)


@pytest.mark.parametrize("name", sorted(UPSTREAM))
def test_materials_partial_is_the_one_we_copied(name: str) -> None:
    upstream = resources.files("material") / "templates" / name
    digest = hashlib.sha256(upstream.read_bytes()).hexdigest()
    assert digest == UPSTREAM[name], f"Material's {name} changed since our copy: compare it with ours and update"
