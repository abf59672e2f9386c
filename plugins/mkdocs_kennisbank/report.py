"""Problems in the formats that CI platforms read (`kennisbank check --format ...`)."""

from __future__ import annotations

import hashlib
import json

from .errors import WARNING, Problem

FORMATS = ("tekst", "json", "github", "gitlab")


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render(problems: list[Problem], fmt: str) -> str:
    """All problems in one format; '' when there is nothing to say in text formats."""
    if fmt == "json":
        return json.dumps([p.as_json() for p in problems], ensure_ascii=False, indent=2)
    if fmt == "github":
        # Workflow commands: GitHub shows them as annotations on the changed lines.
        return "\n".join(
            f"::{'warning' if p.severity == WARNING else 'error'} file={_github_escape(p.path, True)},"
            f"line={p.line},col={p.col},title={_github_escape(p.field or 'kennisbank', True)}::{_github_escape(p.message)}"
            for p in problems
        )
    if fmt == "gitlab":
        # GitLab Code Quality report: shown in the merge request widget and diff.
        return json.dumps(
            [
                {
                    "description": f"{p.field}: {p.message}" if p.field else p.message,
                    "check_name": f"kennisbank-{p.field.split('.')[0].split('[')[0] or 'bestand'}",
                    "fingerprint": hashlib.sha1(p.format().encode("utf-8")).hexdigest(),
                    "severity": "minor" if p.severity == WARNING else "major",
                    "location": {"path": p.path, "lines": {"begin": p.line}},
                }
                for p in problems
            ],
            ensure_ascii=False,
            indent=2,
        )
    return "\n".join(p.format() for p in problems)
