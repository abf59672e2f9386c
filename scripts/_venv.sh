# Shared by scripts/serve and scripts/test: create .venv and install the project into it, with
# the test tools, so that both scripts need the same install and never redo each other's.
# Re-installs only when pyproject.toml changed (a stamp file holds its hash).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${KENNISBANK_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
STAMP="$VENV/.kennisbank-installed"
WANT="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1) test"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -e "$ROOT[test]"
    echo "$WANT" > "$STAMP"
fi
# Material prints an end-of-life banner on every `mkdocs` run unless NO_MKDOCS_2_WARNING is
# set; the README has people run .venv/bin/mkdocs directly, so this venv sets it at startup.
QUIET="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/kennisbank-quiet.pth"
if [ ! -f "$QUIET" ]; then
    echo 'import os; os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")' > "$QUIET"
fi
