"""Jinja filters for dates and labels, in Dutch (the plugin registers `FILTERS` in every
template environment, Material's included):

    {{ case.published | datum }}        27 november 2026
    {{ case.published | iso }}          2026-11-27 (for <time datetime>)
    {{ case.status | status_label }}    Lopend
    {{ case.review | review_text(kb.today) }}

Framework-free: plain functions of values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..content.model import Review
from ..content.provenance import MONTHS, month_text
from ..content.schema import STATUSES


def dutch_date(value: dt.date | None) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else ""


def iso_date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def status_label(status: str | None) -> str:
    return STATUSES.get(status or "", "")


def review_text(review: Review | None, today: dt.date) -> str:
    """A review badge's explanation: who reviewed when, and when the next review is due."""
    if review is None:
        return ""
    parts = [f"Review: {review.label.lower()}"]
    done = " ".join(
        x
        for x in ("door " + review.by if review.by else "", "op " + dutch_date(review.date) if review.date else "")
        if x
    )
    if done:
        parts.append(done)
    if review.next:
        parts.append(
            ("volgende review was gepland op " if review.overdue(today) else "volgende review: ")
            + dutch_date(review.next)
        )
    return "; ".join(parts)


FILTERS: dict[str, Callable[..., Any]] = {
    "datum": dutch_date,
    "maand": month_text,  # a peildatum: "2017-03" -> "maart 2017"
    "iso": iso_date,
    "status_label": status_label,
    "review_text": review_text,
}
