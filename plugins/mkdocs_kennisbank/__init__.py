"""Kennisbank: turn Markdown practice cases and lessons into a faceted MkDocs site.

The core (everything except `plugin.py`, `config.py`, `pages.py` and `cli.py`) imports no
MkDocs, so it can be ported when MkDocs 1.x or Material reach end of life.
"""

from .errors import ContentError, KennisbankError, Problem, UsageError
from .loader import load

__all__ = ["ContentError", "KennisbankError", "Problem", "UsageError", "load"]
