"""Charts and tables of a case's figures (site/charts.py) and the QR code (site/qrcode.py)."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from mkdocs_kennisbank.content.model import Figures
from mkdocs_kennisbank.site import charts
from mkdocs_kennisbank.site.charts import chart_svg, figures_block, figures_table, format_number
from mkdocs_kennisbank.site.qrcode import absolute_url, is_absolute, qr_svg

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>&"x"'
SERIES = Figures(
    "Deelnemende scholen",
    ((2016, 120.0), (2017, 180.5), (2019, 1234.5), (2020, 1500.0), (2022, 2010.0)),
    "scholen",
    "Jaarverslag",
)


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def texts(svg: ET.Element, group: str) -> list[str]:
    found = svg.find(f".//{SVG}g[@class='kb-chart__{group}']")
    assert found is not None, group
    return [t.text or "" for t in found.iter(f"{SVG}text")]


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234.5, None, "1.234,5"),
        (1234567.891, None, "1.234.567,89"),
        (0.5, None, "0,5"),
        (12.0, None, "12"),
        (12.0, 1, "12,0"),
        (999.999, None, "1.000"),
        (-12.5, None, "\u221212,5"),
        (-0.001, None, "0"),
        (0, 0, "0"),
    ],
)
def test_dutch_number_format(value: float, decimals: int | None, expected: str) -> None:
    assert format_number(value, decimals) == expected


def test_not_a_number_is_refused() -> None:
    with pytest.raises(ValueError):
        format_number(math.nan)


@pytest.mark.parametrize("kind", ["line", "bar"])
def test_the_chart_is_accessible_svg(kind: str) -> None:
    svg = parse(chart_svg(SERIES, "jet-net-1", kind))
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Deelnemende scholen"
    summary = desc.text or ""
    assert "2016 tot en met 2022" in summary
    assert "120,0 scholen in 2016" in summary and "2.010,0 scholen in 2022" in summary
    assert "Bron: Jaarverslag" in summary
    assert texts(svg, "years") == ["2016", "2017", "2019", "2020", "2022"]
    assert "1.234,5" in texts(svg, "values")
    assert texts(svg, "ticks") == ["0", "500", "1.000", "1.500", "2.000", "2.500"]


def test_the_chart_has_no_script_handlers_or_outside_references() -> None:
    for kind in ("line", "bar"):
        markup = str(figures_block(SERIES, "x", kind))
        for element in parse(chart_svg(SERIES, "x", kind)).iter():
            assert not element.tag.endswith(("script", "foreignObject", "image", "use", "a"))
            for name, value in element.attrib.items():
                assert not name.startswith("on"), name
                assert "url(" not in value and "href" not in name and "style" != name
        assert "http://" not in markup.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in markup


def test_bars_start_at_zero() -> None:
    figures = Figures("Hoog", ((2020, 900.0), (2021, 950.0), (2022, 1000.0)))
    svg = parse(chart_svg(figures, "z", "bar"))
    assert texts(svg, "ticks")[0] == "0"
    rects = list(svg.iter(f"{SVG}rect"))
    assert len(rects) == 3
    heights = [float(r.get("height", "0")) for r in rects]
    assert heights[0] < heights[1] < heights[2]
    assert heights[0] > 0.8 * heights[2]  # 900 against 1000, not blown up
    # A line may leave out zero when that would flatten a small change.
    line = parse(chart_svg(figures, "z", "line"))
    assert texts(line, "ticks")[0] != "0"


def test_negative_values_go_below_the_baseline() -> None:
    figures = Figures("Saldo", ((2020, -40.0), (2021, 10.0), (2022, 30.0)), "%")
    svg = parse(chart_svg(figures, "n", "bar"))
    baseline = svg.find(f"{SVG}line[@class='kb-chart__baseline']")
    assert baseline is not None
    zero = float(baseline.get("y1", "0"))
    rects = list(svg.iter(f"{SVG}rect"))
    assert float(rects[0].get("y", "0")) == pytest.approx(zero)  # hangs down from zero
    assert float(rects[1].get("y", "0")) + float(rects[1].get("height", "0")) == pytest.approx(zero)
    assert "\u221240" in texts(svg, "values")
    assert "\u221240%" in (svg.find(f"{SVG}desc").text or "")


@pytest.mark.parametrize("count", [1, 2, 3, 7, 15])
def test_one_to_fifteen_points(count: int) -> None:
    points = tuple((2000 + i, float(i * i)) for i in range(count))
    figures = Figures("Reeks", points)
    for kind in ("auto", "line", "bar"):
        svg = parse(chart_svg(figures, "r", kind))
        years = texts(svg, "years")
        assert years[0] == "2000" and years[-1] == str(1999 + count)
        assert len(years) <= count
        for element in svg.iter():
            for name in ("x", "y", "cx", "cy", "width", "height"):
                if name in element.attrib:
                    assert math.isfinite(float(element.attrib[name]))
    assert charts.chart_kind(figures) == ("bar" if count <= 3 else "line")


def test_equal_values_and_a_single_zero() -> None:
    for figures in (Figures("Vlak", ((2020, 5.0), (2021, 5.0))), Figures("Nul", ((2020, 0.0),))):
        for kind in ("line", "bar"):
            assert parse(chart_svg(figures, "v", kind)).get("role") == "img"


@pytest.mark.parametrize(
    "points",
    [(), ((2021, 1.0), (2020, 2.0)), ((2020, 1.0), (2020, 2.0)), ((2020, math.inf),), ((2020, math.nan),)],
)
def test_what_cannot_be_drawn_is_refused(points) -> None:
    with pytest.raises(ValueError):
        chart_svg(Figures("Fout", points), "f")
    with pytest.raises(ValueError):
        figures_table(Figures("Fout", points))


def test_the_table_holds_exactly_the_figures() -> None:
    table = parse(figures_table(SERIES))
    caption = table.find("caption")
    assert caption is not None and caption.text == "Deelnemende scholen (scholen)"
    heads = table.findall("thead/tr/th")
    assert [(h.text, h.get("scope")) for h in heads] == [("Jaar", "col"), ("Waarde (scholen)", "col")]
    rows = [(r.find("th"), r.find("td")) for r in table.findall("tbody/tr")]
    assert all(th is not None and th.get("scope") == "row" for th, _ in rows)
    assert [(th.text, td.text) for th, td in rows] == [
        ("2016", "120,0"),
        ("2017", "180,5"),
        ("2019", "1.234,5"),
        ("2020", "1.500,0"),
        ("2022", "2.010,0"),
    ]


def test_a_hostile_indicator_name_is_escaped_everywhere() -> None:
    figures = Figures(HOSTILE, ((2020, 1.0), (2021, 2.0)), unit=HOSTILE, source=HOSTILE)
    for kind in ("line", "bar"):
        markup = str(figures_block(figures, 'id"><script>', kind))
        assert "<script" not in markup
        assert "&lt;script&gt;&amp;&quot;x&quot;" in markup
        svg = parse(chart_svg(figures, 'id"><script>', kind))
        assert svg.find(f"{SVG}title").text == HOSTILE
        assert all(c.isalnum() or c in "-_ " for c in svg.get("aria-labelledby", ""))
    table = parse(figures_table(figures))
    assert table.find("caption").text == f"{HOSTILE} ({HOSTILE})"


def test_output_is_deterministic() -> None:
    assert str(figures_block(SERIES, "d")) == str(figures_block(SERIES, "d"))
    assert str(chart_svg(SERIES, "a")) != str(chart_svg(SERIES, "b"))  # ids follow the caller


# -- QR code ---------------------------------------------------------------------------------


def test_a_qr_code_only_for_an_absolute_address() -> None:
    for url in (
        None,
        "",
        "praktijkvoorbeelden/jet-net.html",
        "/kb/x.html",
        "javascript:alert(1)",
        "https://",
        "http://a b/",
    ):
        assert qr_svg(url) is None, url
    svg = qr_svg("https://intranet.example/kb/praktijkvoorbeelden/jet-net.html")
    assert svg is not None
    root = parse(svg)
    assert root.get("role") == "img"
    assert "https://intranet.example/kb/praktijkvoorbeelden/jet-net.html" in root.get("aria-label", "")
    assert root.find(f"{SVG}title") is not None
    assert root.find(f"{SVG}path") is not None
    assert qr_svg("https://intranet.example/") == qr_svg("https://intranet.example/")


def test_the_qr_label_is_escaped() -> None:
    svg = qr_svg("https://intranet.example/", label=HOSTILE)
    assert svg is not None and "<script" not in str(svg)
    assert parse(svg).get("aria-label") == HOSTILE


def test_the_absolute_address_of_a_page() -> None:
    assert absolute_url(None, "praktijkvoorbeelden/a.html") is None
    assert absolute_url("kennisbank/", "praktijkvoorbeelden/a.html") is None
    assert absolute_url("https://intra.example/kb", "praktijkvoorbeelden/a b.html") == (
        "https://intra.example/kb/praktijkvoorbeelden/a%20b.html"
    )
    assert absolute_url("https://intra.example/kb/", "x.html") == "https://intra.example/kb/x.html"
    with pytest.raises(ValueError):
        absolute_url("https://intra.example/", "https://elders.example/")
    assert is_absolute("http://intra/kb/") and not is_absolute("ftp://intra/")
