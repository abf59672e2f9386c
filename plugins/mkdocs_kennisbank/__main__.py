"""`python -m mkdocs_kennisbank` is the same as the `kennisbank` command."""

from .cli import run

run()
