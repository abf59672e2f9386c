"""Typed configuration of the `kennisbank` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class KennisbankConfig(Config):
    content_dir = c.Type(str, default="kennisbank")
    """Folder with taxonomie.yml, niveaus/, praktijkvoorbeelden/ and lessen/, relative to mkdocs.yml."""

    contribute_page = c.Optional(c.Type(str))
    """Page in docs/ that explains how to contribute (e.g. `bijdragen.md`); empty matrix cells link to it."""
