"""A case's figures (`cijfers`) as an accessible SVG chart and a table, made at build time.

No script and no outside reference: the chart is inline SVG with `role="img"`, a `<title>` and
a `<desc>` that sums the series up in Dutch, and the same figures sit beside it in a `<table>`
(caption, `th scope`). Lines, text and bars are drawn in `currentColor` (CSS classes
`kb-chart__*` can restyle them), so the chart follows Material's light and dark schemes and
prints in black.

Every function returns `Markup`: all text in it is escaped, so templates print it as it is.
The output depends only on the figures (and the `ident` the caller gives for element ids), so
builds are reproducible.
"""

from __future__ import annotations

import html
import itertools
import math
import re

from markupsafe import Markup

from ..content.model import Figures

KINDS = ("auto", "line", "bar")
# Geometry in SVG user units (the viewBox); CSS scales the whole chart.
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 72, 24, 42, 38
FONT = 15
CHAR_WIDTH = 0.6 * FONT  # a generous estimate of a digit's width, to keep labels apart
MAX_DECIMALS = 2
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")
MINUS = "\u2212"


# -- Dutch numbers ---------------------------------------------------------------------------


def decimals_needed(values: list[float], cap: int = MAX_DECIMALS) -> int:
    """The fewest decimals (at most `cap`) that show every value as exactly as `cap` would."""
    needed = 0
    for value in values:
        text = f"{abs(value):.{cap}f}".rstrip("0")
        needed = max(needed, len(text.partition(".")[2]))
    return needed


def format_number(value: float, decimals: int | None = None) -> str:
    """A number as Dutch readers write it: 1.234,5 (points group thousands, a comma decimals).

    `decimals` None: as many as the value needs, at most two. Negative values get a real minus
    sign; a value that rounds to zero gets none.
    """
    if not math.isfinite(value):
        raise ValueError(f"geen getal: {value!r}")
    places = decimals_needed([value]) if decimals is None else decimals
    text = f"{abs(value):,.{places}f}".translate(str.maketrans(",.", ".,"))
    negative = value < 0 and any(c not in "0.," for c in text)
    return (MINUS if negative else "") + text


def format_value(value: float, unit: str | None, decimals: int | None = None) -> str:
    """A number with its unit, for sentences: "12,5%", "1.234 leerlingen"."""
    number = format_number(value, decimals)
    if not unit:
        return number
    return number + unit if unit == "%" else f"{number} {unit}"


# -- checks and helpers ----------------------------------------------------------------------


def _text(value: str) -> str:
    """Text for XML and HTML: escaped, characters XML does not allow removed."""
    return html.escape(_NOT_XML.sub("", value), quote=True)


def _ident(ident: str) -> str:
    return "kb-chart-" + (_NOT_ID.sub("-", ident).strip("-") or "x")


def _num(x: float) -> str:
    """A coordinate: two decimals at most, no trailing zeros, no "-0"."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def check(figures: Figures) -> None:
    """Refuse what cannot be drawn honestly; the loader should have refused it already."""
    if not figures.points:
        raise ValueError(f"'{figures.indicator}': geen cijfers om te tonen")
    years = [year for year, _ in figures.points]
    if any(isinstance(y, bool) or not isinstance(y, int) for y in years):
        raise ValueError(f"'{figures.indicator}': een jaar moet een geheel getal zijn")
    if any(b <= a for a, b in itertools.pairwise(years)):
        raise ValueError(f"'{figures.indicator}': de jaren moeten oplopen en elk jaar mag één keer voorkomen")
    if not all(math.isfinite(v) for _, v in figures.points):
        raise ValueError(f"'{figures.indicator}': elke waarde moet een eindig getal zijn")


def chart_kind(figures: Figures, kind: str = "auto") -> str:
    """ "line" or "bar". Auto: bars for up to three years (a trend needs more points), else a line."""
    if kind not in KINDS:
        raise ValueError(f"onbekend soort grafiek: {kind!r}; kies uit {', '.join(KINDS)}")
    if kind != "auto":
        return kind
    return "bar" if len(figures.points) <= 3 else "line"


def _nice_step(span: float, target: int = 5) -> float:
    raw = span / target
    exponent = math.floor(math.log10(raw))
    fraction = raw / 10**exponent
    mantissa = next(m for m in (1, 2, 2.5, 5, 10) if fraction <= m + 1e-9)
    return mantissa * 10.0**exponent


def scale(values: list[float], kind: str) -> tuple[float, float, float]:
    """The value axis: (lowest tick, highest tick, step). Bars always include zero; a line
    includes it when that costs little (all values positive, the lowest at most half the
    highest), so a small change is not blown up."""
    low, high = min(values), max(values)
    if kind == "bar" or (low >= 0 and low <= high / 2) or (high <= 0 and high >= low / 2):
        low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        pad = abs(high) * 0.1 or 1.0
        low, high = (low - pad, high + pad) if kind == "line" else (min(low, 0.0), max(high, 0.0) or 1.0)
        if low == high:
            high = low + 1.0
    step = _nice_step(high - low)
    bottom = math.floor(low / step + 1e-9) * step
    top = math.ceil(high / step - 1e-9) * step
    return bottom, top, step


def _tick_decimals(step: float) -> int:
    return len(f"{step:.6f}".rstrip("0").partition(".")[2])


# -- the chart -------------------------------------------------------------------------------


def summary(figures: Figures, kind: str) -> str:
    """The chart's `<desc>`: what it shows, first and last value, highest and lowest."""
    points = figures.points
    values = [v for _, v in points]
    decimals = decimals_needed(values)

    def said(year: int, value: float) -> str:
        return f"{format_value(value, figures.unit, decimals)} in {year}"

    name = "Staafdiagram" if kind == "bar" else "Lijndiagram"
    if len(points) == 1:
        return f"{name} van {figures.indicator}: {said(*points[0])}."
    first, last = points[0], points[-1]
    high = max(points, key=lambda p: p[1])  # the first year with the highest value
    low = min(points, key=lambda p: p[1])
    parts = [
        f"{name} van {figures.indicator} per jaar, {len(points)} jaren van {first[0]} tot en met {last[0]}.",
        f"Van {said(*first)} naar {said(*last)}.",
    ]
    if len(points) > 2:
        parts.append(f"Hoogste waarde {said(*high)}, laagste {said(*low)}.")
    if figures.source:
        parts.append(f"Bron: {figures.source}.")
    return " ".join(parts)


def chart_svg(figures: Figures, ident: str, kind: str = "auto") -> Markup:
    """The series as an inline SVG line or bar chart. `ident` makes the ids of its title and
    description unique on the page (use the case slug and the series' number)."""
    check(figures)
    kind = chart_kind(figures, kind)
    uid = _ident(ident)
    points = figures.points
    values = [v for _, v in points]
    low, high, step = scale(values, kind)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    decimals = decimals_needed(values)

    def y_of(value: float) -> float:
        return TOP + (high - value) / (high - low) * plot_h

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-chart kb-chart--{kind}" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{uid}-title {uid}-desc"'
        f' font-size="{FONT}" fill="currentColor">',
        f'<title id="{uid}-title">{_text(figures.indicator)}</title>',
        f'<desc id="{uid}-desc">{_text(summary(figures, kind))}</desc>',
    ]
    if figures.unit:
        out.append(f'<text class="kb-chart__unit" x="{LEFT}" y="14">{_text(figures.unit)}</text>')
    # Value axis: grid lines and Dutch tick labels.
    tick_decimals = _tick_decimals(step)
    count = round((high - low) / step)
    out.append('<g class="kb-chart__grid" stroke="currentColor" stroke-opacity="0.2" stroke-width="1">')
    for i in range(count + 1):
        y = _num(y_of(low + i * step))
        out.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}"/>')
    out.append("</g>")
    out.append('<g class="kb-chart__ticks" text-anchor="end">')
    for i in range(count + 1):
        value = low + i * step
        label = format_number(value, tick_decimals)
        out.append(f'<text x="{LEFT - 8}" y="{_num(y_of(value) + FONT * 0.35)}">{_text(label)}</text>')
    out.append("</g>")
    baseline = 0.0 if low <= 0 <= high else low
    zero = _num(y_of(baseline))
    out.append(
        f'<line class="kb-chart__baseline" x1="{LEFT}" y1="{zero}" x2="{WIDTH - RIGHT}" y2="{zero}"'
        ' stroke="currentColor" stroke-opacity="0.7" stroke-width="1.5"/>'
    )

    # Where each year stands: bars in equal slots; a line by the calendar, so gaps show.
    if kind == "bar":
        slot = plot_w / len(points)
        xs = [LEFT + slot * (i + 0.5) for i in range(len(points))]
    else:
        first, last = points[0][0], points[-1][0]
        pad = 24
        xs = [
            LEFT + plot_w / 2 if last == first else LEFT + pad + (year - first) / (last - first) * (plot_w - 2 * pad)
            for year, _ in points
        ]

    labelled = _spread(xs, 4 * CHAR_WIDTH + 8)
    out.append('<g class="kb-chart__years" text-anchor="middle">')
    for i, (year, _) in enumerate(points):
        if i in labelled:
            out.append(f'<text x="{_num(xs[i])}" y="{HEIGHT - BOTTOM + 22}">{year}</text>')
    out.append("</g>")

    if kind == "bar":
        width = min(slot * 0.6, 64.0)
        out.append('<g class="kb-chart__bars" fill="currentColor" fill-opacity="0.75">')
        for x, (_, value) in zip(xs, points, strict=True):
            top, bottom = y_of(max(value, baseline)), y_of(min(value, baseline))
            out.append(
                f'<rect class="kb-chart__bar" x="{_num(x - width / 2)}" y="{_num(top)}"'
                f' width="{_num(width)}" height="{_num(max(bottom - top, 0.5))}"/>'
            )
        out.append("</g>")
    else:
        coords = " ".join(f"{_num(x)},{_num(y_of(v))}" for x, (_, v) in zip(xs, points, strict=True))
        if len(points) > 1:
            out.append(
                f'<polyline class="kb-chart__line" points="{coords}" fill="none" stroke="currentColor"'
                ' stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>'
            )
        out.append('<g class="kb-chart__points" fill="currentColor">')
        for x, (_, value) in zip(xs, points, strict=True):
            out.append(f'<circle class="kb-chart__point" cx="{_num(x)}" cy="{_num(y_of(value))}" r="4"/>')
        out.append("</g>")

    # Values on the chart as far as they fit side by side; the table has them all.
    texts = [format_number(v, decimals) for v in values]
    shown = _spread(xs, max(len(t) for t in texts) * CHAR_WIDTH + 6)
    out.append('<g class="kb-chart__values" text-anchor="middle">')
    for i in sorted(shown):
        value = points[i][1]
        below = value < baseline
        label_y = y_of(value) + (FONT + 6 if below else -8)
        out.append(f'<text x="{_num(xs[i])}" y="{_num(label_y)}">{_text(texts[i])}</text>')
    out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))


def _spread(xs: list[float], gap: float) -> set[int]:
    """Which points get a label `gap` wide: greedily from the left, the last always, none
    overlapping."""
    chosen: list[int] = []
    for i, x in enumerate(xs):
        if not chosen or x - xs[chosen[-1]] >= gap:
            chosen.append(i)
    last = len(xs) - 1
    if chosen[-1] != last:
        if len(chosen) > 1 and xs[last] - xs[chosen[-1]] < gap:
            chosen.pop()
        chosen.append(last)
    return set(chosen)


# -- the table and both together -------------------------------------------------------------


def value_heading(unit: str | None) -> str:
    return f"Waarde ({unit})" if unit else "Waarde"


def figures_table(figures: Figures) -> Markup:
    """The same figures as a table: a row per year, Dutch numbers."""
    check(figures)
    decimals = decimals_needed([v for _, v in figures.points])
    caption = figures.indicator + (f" ({figures.unit})" if figures.unit else "")
    rows = "".join(
        f'<tr><th scope="row">{year}</th><td class="kb-num">{_text(format_number(value, decimals))}</td></tr>'
        for year, value in figures.points
    )
    return Markup(
        f'<table class="kb-figures-table"><caption>{_text(caption)}</caption>'
        f'<thead><tr><th scope="col">Jaar</th><th scope="col">{_text(value_heading(figures.unit))}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def figures_block(figures: Figures, ident: str, kind: str = "auto") -> Markup:
    """Chart and table side by side, with the source under them."""
    source = f'<p class="kb-figures__source">Bron: {_text(figures.source)}</p>' if figures.source else ""
    return Markup(
        f'<div class="kb-figures"><div class="kb-figures__chart">{chart_svg(figures, ident, kind)}</div>'
        f'<div class="kb-figures__table">{figures_table(figures)}</div>{source}</div>'
    )
