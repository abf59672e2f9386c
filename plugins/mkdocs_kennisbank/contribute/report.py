"""Problems in the formats that CI platforms read (`kennisbank check --format ...`)."""

from __future__ import annotations

import hashlib
import json

from ..errors import WARNING, Problem, visible

FORMATS = ("tekst", "json", "github", "gitlab")


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _gitlab_issue(problem: Problem) -> dict[str, object]:
    """One entry of a GitLab Code Quality report."""
    path, field, message = visible(problem.path), visible(problem.field), visible(problem.message)
    return {
        "description": f"{field}: {message}" if field else message,
        "check_name": f"kennisbank-{field.split('.')[0].split('[')[0] or 'bestand'}",
        "fingerprint": hashlib.sha1(problem.format().encode("utf-8")).hexdigest(),
        "severity": "minor" if problem.severity == WARNING else "major",
        "location": {"path": path, "lines": {"begin": problem.line}},
    }


def render(problems: list[Problem], fmt: str) -> str:
    """All problems in one format; '' when there is nothing to say in text formats.

    Paths, fields and messages carry text from contributors' files; every format shows their
    control and invisible characters as escapes (`errors.visible`), so one problem stays one
    line or one record and nothing reaches a terminal or a CI log raw.
    """
    if fmt == "json":
        return json.dumps([p.as_json() for p in problems], ensure_ascii=False, indent=2)
    if fmt == "github":
        # Workflow commands: GitHub shows them as annotations on the changed lines.
        return "\n".join(
            f"::{'warning' if p.severity == WARNING else 'error'} file={_github_escape(visible(p.path), True)},"
            f"line={p.line},col={p.col},title={_github_escape(visible(p.field) or 'kennisbank', True)}"
            f"::{_github_escape(visible(p.message))}"
            for p in problems
        )
    if fmt == "gitlab":
        # GitLab Code Quality report: shown in the merge request widget and diff.
        return json.dumps([_gitlab_issue(p) for p in problems], ensure_ascii=False, indent=2)
    return "\n".join(p.format() for p in problems)
