"""Kennisbank: turn Markdown practice cases and lessons into a faceted MkDocs site.

Layers, each importing only those below it (tests/test_architecture.py holds the contract):

- `content/`: read, validate and model the content (strict YAML, schema, taxonomy, loader).
- `search/`: the one Dutch analysis and everything built on it (Whoosh, the browser's index,
  related cases).
- `site/`: the pages of the site and what keeps them safe (page plan, template view, editorial
  pages, static files, settings, staged builds).
- `contribute/`: what contributors use (`kennisbank new`, the Decap form, check reports).
- on top: `plugin.py` and `config.py`, the thin MkDocs adapter (the only modules importing
  MkDocs), and `cli.py`, the thin command line.
"""

from .content.loader import load
from .errors import ContentError, KennisbankError, Problem, UsageError

__all__ = ["ContentError", "KennisbankError", "Problem", "UsageError", "load"]
