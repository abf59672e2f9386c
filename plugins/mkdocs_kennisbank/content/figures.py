"""Figures per year for an indicator of a case (`cijfers:`), checked like every other field.

    cijfers:
      - indicator: Deelnemende scholen
        eenheid: scholen          # optional
        bron: Impactrijke veranderingen (2017), p. 12
        waarden:
          - jaar: 2014
            waarde: 12
          - jaar: 2015
            waarde: 20,5

A list of year/value pairs (not a mapping of years) so the editing form can write it. The source
is required: the kennisbank shows no figure it cannot say where it comes from.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from .schema import FIGURE_KEYS, POINT_KEYS, Field
from .strictyaml import Mapping, Node, Scalar, Sequence
from .suggest import did_you_mean

if TYPE_CHECKING:
    from .validate import Validator

MIN_YEAR, MAX_YEAR = 1900, 2099
MAX_POINTS = 40
# 12, -3, 12.5 or 12,5 (Dutch decimal comma); no thousands separators, units or percent signs.
NUMBER = re.compile(r"^-?[0-9]+(?:[.,][0-9]+)?$")


def _unknown(v: Validator, key_node: Node, where: str, key: str, allowed: dict[str, bool]) -> None:
    v.problem(
        key_node,
        f"{where}.{key}",
        f"onbekend veld{did_you_mean(key, list(allowed))}; toegestaan zijn: {', '.join(allowed)}",
    )


def _year(v: Validator, node: Node, where: str) -> int | None:
    text = node.value.strip() if isinstance(node, Scalar) else ""
    if not text.isascii() or not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        v.problem(node, where, f"hier hoort een jaartal van {MIN_YEAR} tot en met {MAX_YEAR}, zoals 2015")
        return None
    return int(text)


def _number(v: Validator, node: Node, where: str) -> float | None:
    text = node.value.strip() if isinstance(node, Scalar) else ""
    if not NUMBER.match(text) or not math.isfinite(value := float(text.replace(",", "."))):
        shown = f"'{text}' is geen getal" if text else "hier hoort een getal"
        v.problem(node, where, f"{shown}; schrijf alleen het getal, zoals 12 of 12,5 (de eenheid staat bij 'eenheid')")
        return None
    return value


def _points(v: Validator, node: Node, where: str) -> list[tuple[int, float]] | None:
    if not isinstance(node, Sequence) or not node.items:
        v.problem(
            node, where, "hier hoort een lijst met ten minste één jaar en waarde ('- jaar: 2015' en 'waarde: 12')"
        )
        return None
    if len(node.items) > MAX_POINTS:
        v.problem(node, where, f"hoogstens {MAX_POINTS} jaren per indicator")
        return None
    points: dict[int, float] = {}
    years: set[int] = set()
    ok = True
    for number, item in enumerate(node.items, 1):
        at = f"{where}[{number}]"
        if not isinstance(item, Mapping):
            v.problem(item, at, "hier horen de velden jaar en waarde")
            ok = False
            continue
        found: dict[str, Any] = {}
        for key, (key_node, value) in item.items.items():
            if key not in POINT_KEYS:
                _unknown(v, key_node, at, key, POINT_KEYS)
                ok = False
            else:
                found[key] = (_year if key == "jaar" else _number)(v, value, f"{at}.{key}")
                ok = ok and found[key] is not None
        for key in POINT_KEYS:
            if key not in item.items:
                v.problem(item, f"{at}.{key}", "dit verplichte veld ontbreekt")
                ok = False
        year = found.get("jaar")
        if year is not None and year in years:
            v.problem(item.items["jaar"][1], f"{at}.jaar", f"het jaar {year} staat twee keer in de lijst")
            ok = False
        elif year is not None:
            years.add(year)
            if found.get("waarde") is not None:
                points[year] = found["waarde"]
    return sorted(points.items()) if ok else None


def check_figures(v: Validator, node: Node, spec: Field) -> list[dict[str, Any]] | None:
    """The `cijfers` field: a list of series, each with indicator, source and year/value pairs."""
    if not isinstance(node, Sequence):
        v.problem(node, spec.name, "hier hoort een lijst met reeksen, elk beginnend met '- indicator: ...'")
        return None
    series: list[dict[str, Any] | None] = []
    for number, item in enumerate(node.items, 1):
        where = f"{spec.name}[{number}]"
        if not isinstance(item, Mapping):
            v.problem(item, where, f"hier horen de velden {', '.join(FIGURE_KEYS)}")
            series.append(None)
            continue
        found: dict[str, Any] = {}
        ok = True
        for key, (key_node, value) in item.items.items():
            if key not in FIGURE_KEYS:
                _unknown(v, key_node, where, key, FIGURE_KEYS)
                ok = False
                continue
            found[key] = (
                _points(v, value, f"{where}.{key}") if key == "waarden" else v._text(value, spec, f"{where}.{key}")
            )
            ok = ok and found[key] is not None
        for key, required in FIGURE_KEYS.items():
            if required and key not in item.items:
                v.problem(item, f"{where}.{key}", "dit verplichte veld ontbreekt")
                ok = False
        series.append(found if ok else None)
    return [s for s in series if s is not None] if None not in series else None
