"""The Jinja filters for dates and labels (site/filters.py), and the review badge on the model."""

from __future__ import annotations

import datetime as dt

import jinja2

from mkdocs_kennisbank.content.model import Review
from mkdocs_kennisbank.site.filters import FILTERS, dutch_date, iso_date, review_text, status_label


def test_dates_and_labels() -> None:
    assert dutch_date(dt.date(2026, 3, 1)) == "1 maart 2026"
    assert dutch_date(None) == iso_date(None) == ""
    assert iso_date(dt.date(2026, 3, 1)) == "2026-03-01"
    assert status_label("lopend") == "Lopend" and status_label(None) == ""


def test_review_badge() -> None:
    review = Review("in-review", "Sanne de Vries", dt.date(2026, 5, 4), dt.date(2026, 11, 1))
    assert review.label == "In review"
    today = dt.date(2026, 12, 1)
    assert review.overdue(today)
    assert review_text(review, today) == (
        "Review: in review; door Sanne de Vries op 4 mei 2026; volgende review was gepland op 1 november 2026"
    )
    assert review_text(Review("concept"), today) == "Review: concept"
    assert review_text(None, today) == ""


def test_filters_work_in_templates_and_escape_as_usual() -> None:
    env = jinja2.Environment(autoescape=True)
    env.filters.update(FILTERS)
    template = env.from_string('<time datetime="{{ d | iso }}">{{ d | datum }}</time> {{ r | review_text(t) }}')
    review = Review("goedgekeurd", "<b>Jan & Piet</b>")
    html = template.render(d=dt.date(2026, 1, 2), r=review, t=dt.date(2026, 1, 3))
    assert (
        html
        == '<time datetime="2026-01-02">2 januari 2026</time> Review: goedgekeurd; door &lt;b&gt;Jan &amp; Piet&lt;/b&gt;'
    )
