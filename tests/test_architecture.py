"""The import contract that keeps the architecture visible (README, "Architecture").

- Only the MkDocs adapter (`plugin.py`, `config.py`) imports MkDocs.
- `content/` (read, validate, model) imports nothing above it: only itself and `errors.py`.
- `search/` builds on `content/` and never imports `site/`, `contribute/` or the adapter.
- `site/` and `contribute/` never import the adapter or the CLI.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "mkdocs_kennisbank"
ADAPTER = {"plugin", "config", "render"}
TOP = {"plugin", "config", "render", "cli", "__main__"}


def modules() -> dict[str, Path]:
    return {".".join(p.relative_to(PACKAGE).with_suffix("").parts): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path) -> set[str]:
    """Every module `name` imports, absolute; ours as dotted paths below the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name.split(".")[:-1]  # a module's package; __init__ lies in it too
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                stem = [*base, *(node.module.split(".") if node.module else [])]
                if node.module:
                    found.add("." + ".".join(stem))
                for alias in node.names:  # from . import dutch
                    candidate = ".".join([*stem, alias.name])
                    if candidate in modules():
                        found.add("." + candidate)
            elif node.module:
                found.add(node.module)
    return found


def layer(name: str) -> str:
    return name.split(".")[0] if "." in name else name


ALL = modules()


@pytest.mark.parametrize("name", sorted(ALL))
def test_import_contract(name: str) -> None:
    found = imports(name, ALL[name])
    ours = {i[1:] for i in found if i.startswith(".")}
    packages = {n.rpartition(".")[0] for n in ALL if n.endswith("__init__")}
    assert all(i in ALL or i in packages for i in ours), f"{name} imports a module that does not exist: {sorted(ours)}"
    if layer(name) not in ADAPTER:
        assert not {i for i in found if i == "mkdocs" or i.startswith("mkdocs.")}, f"{name} imports MkDocs"
    if layer(name) == "content":
        assert {layer(i) for i in ours} <= {"content", "errors"}, f"{name} imports {sorted(ours)}"
    if layer(name) == "search":
        assert not {layer(i) for i in ours} & ({"site", "contribute"} | TOP), f"{name} imports {sorted(ours)}"
    if layer(name) in ("site", "contribute"):
        assert not {layer(i) for i in ours} & TOP, f"{name} imports {sorted(ours)}"


def test_the_layers_are_there() -> None:
    assert {layer(n) for n in ALL} >= {"content", "search", "site", "contribute", "plugin", "cli", "errors"}
    assert len([n for n in ALL if layer(n) == "content"]) >= 8
