"""The sanitiser, what `check` reports about it, static files in docs/, and linear time.

- `clean()`: no script-capable markup and nothing that fetches from outside the site survives
  (remote images in every spelling, Mermaid's class, the theme's reserved ids).
- `unsafe_html()`: everything `clean()` removes from a rendered body is reported, at the line
  where it was written (differential, also over generated hostile bodies).
- Static files in docs/: inert types published, html and svg sanitised, css checked, anything
  else refused; symlinks never lead out of docs/ or into .git; special files refused.
- Time: every regex we own, and `unsafe_html` as a whole, grow linearly with the input.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort

from mkdocs_kennisbank.content import htmlcheck, sanitize
from mkdocs_kennisbank.content.htmlcheck import render, unsafe_html
from mkdocs_kennisbank.content.sanitize import ATTRIBUTES, REMOVE_WITH_CONTENT, TAGS, URL_SCHEMES, clean, same_site
from mkdocs_kennisbank.search.analysis import plain_text
from mkdocs_kennisbank.site.staticfiles import (
    Review,
    SvgRefused,
    clean_svg,
    css_problems,
    decide,
    folder_problems,
    review_docs,
)

# -- Helpers ---------------------------------------------------------------------------------


class Elements(HTMLParser):
    """(tag, attrs) of every start tag, outside content that nh3 removes with its element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []
        self.skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skip:
            self.found.append((tag, {k: v or "" for k, v in attrs}))
        if tag in REMOVE_WITH_CONTENT and tag not in ("embed",):
            self.skip.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skip:
            self.found.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skip:
            while self.skip and self.skip.pop() != tag:
                pass


def elements(markup: str) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(markup)
    parser.close()
    return parser.found


def browser_url(value: str) -> str:
    """A URL as a browser reads it: trimmed, tabs and newlines dropped, backslash as slash."""
    value = value.strip("".join(map(chr, range(0x21))))
    for char in "\t\n\r":
        value = value.replace(char, "")
    return value.replace("\\", "/")


SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def assert_safe(markup: str) -> None:
    """No element, attribute or URL in `markup` that runs script or fetches from outside."""
    allowed_any = ATTRIBUTES["*"]
    for tag, attrs in elements(markup):
        assert tag in TAGS, tag
        for name, value in attrs.items():
            assert name in allowed_any | ATTRIBUTES.get(tag, set()) or (tag, name) == ("input", "type"), (tag, name)
            assert not name.startswith("on")
            if name in ("href", "src"):
                url = browser_url(value)
                scheme = SCHEME.match(url)
                assert scheme is None or scheme.group(1).lower() in URL_SCHEMES, value
            if (tag, name) == ("img", "src"):
                url = browser_url(value)
                assert not url.startswith("//") and not SCHEME.match(url), value
            if name == "class":
                assert "mermaid" not in value.lower().split()
            if name == "id":
                assert not value.startswith("__") or re.fullmatch(r"__(tabbed|codelineno|span|code)[-_\d]+", value), (
                    value
                )
            if name == "style":
                assert re.fullmatch(r"\s*text-align\s*:\s*(left|right|center|justify)\s*;?\s*", value, re.IGNORECASE), (
                    value
                )
            if (tag, name) == ("input", "type"):
                assert value in ("radio", "checkbox")


def removed(body: str) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """What clean() takes out of the rendered body: elements, and attributes of kept elements.
    Written independently of sanitize's own comparison, so the differential test means something."""
    raw = render(body)
    before, after = elements(raw), elements(clean(raw))
    gone_elements = Counter(t for t, _ in before) - Counter(t for t, _ in after)
    before_attrs = Counter((t, k, v) for t, a in before for k, v in a.items())
    after_attrs = Counter((t, k, v) for t, a in after for k, v in a.items())
    gone_attrs = Counter(
        (t, k) for (t, k, v), n in (before_attrs - after_attrs).items() for _ in range(n) if t not in gone_elements
    )
    return gone_elements, gone_attrs


def messages(body: str, first_line: int = 1) -> list[str]:
    return [m for _, _, m in unsafe_html(body, first_line)]


def ratio(function: Callable[[str], object], make: Callable[[int], str], n: int) -> float:
    """Best-of-five CPU time at 8n divided by best-of-five CPU time at n (CPU time: other processes on the machine do not count)."""

    def best(size: int) -> float:
        text = make(size)
        times = []
        for _ in range(5):
            start = time.process_time()
            function(text)
            times.append(time.process_time() - start)
        return min(times)

    small = max(best(n), 2e-4)  # below that, timer noise decides
    return best(8 * n) / small


# -- clean(): nothing reaches outside, nothing runs ------------------------------------------


@pytest.mark.parametrize(
    "src",
    [
        "https://evil.example/x.png",
        "http://evil.example/x.png",
        "//evil.example/x.png",
        "\\\\evil.example/x.png",
        "/\\evil.example/x.png",
        "\\/evil.example/x.png",
        " //evil.example/x.png",
        "\t//evil.example/x.png",
        "/\t/evil.example/x.png",
        "https:evil.example/x.png",
        "HTTPS://evil.example/x.png",
        "&#47;&#47;evil.example/x.png",
        "&#x2F;&#x2F;evil.example/x.png",
        "&sol;&sol;evil.example/x.png",
        "ftp://evil.example/x.png",
        "data:image/png;base64,AAAA",
        "javascript:alert(1)",
    ],
)
def test_remote_image_sources_are_dropped(src: str) -> None:
    html = clean(f'<p><img alt="x" src="{src}"></p>')
    assert "src=" not in html and 'alt="x"' in html
    assert_safe(html)


@pytest.mark.parametrize(
    "src", ["foto.png", "../assets/uploads/foto.png", "/assets/foto.png", "./a/b.png", "foto.png?x=1#y"]
)
def test_same_site_image_sources_are_kept(src: str) -> None:
    assert f'src="{src}"' in clean(f'<img src="{src}">')


def test_links_to_other_sites_stay() -> None:
    html = clean('<a href="https://example.org/x">a</a> <a href="//example.org">b</a> <a href="mailto:a@b.nl">c</a>')
    assert 'href="https://example.org/x"' in html and 'href="//example.org"' in html and "mailto:" in html


@pytest.mark.parametrize(
    "markup",
    [
        '<pre class="mermaid">graph TD; A--&gt;B</pre>',
        '<pre class="MERMAID">graph</pre>',
        '<div class="mermaid">graph</div>',
        '<pre class="language-x mermaid extra">graph</pre>',
        '<pre class="  mermaid  ">graph</pre>',
    ],
)
def test_mermaid_class_is_dropped(markup: str) -> None:
    html = clean(markup)
    assert "mermaid" not in html.lower().replace("graph", "")
    assert_safe(html)


def test_other_classes_survive_next_to_mermaid() -> None:
    assert 'class="language-x extra"' in clean('<pre class="language-x mermaid extra">g</pre>')


@pytest.mark.parametrize("value", ["__config", "__search", "__drawer", "__anything"])
def test_theme_ids_are_dropped(value: str) -> None:
    assert "id=" not in clean(f'<p id="{value}">{{"base": "https://evil.example"}}</p>')


def test_generated_ids_and_table_alignment_survive() -> None:
    html = render('=== "Een"\n    a\n\n=== "Twee"\n    b\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n')
    cleaned = clean(html)
    assert 'id="__tabbed_1_1"' in cleaned and 'data-tabs="1:2"' in cleaned
    assert 'style="text-align: right;"' in cleaned
    assert "style=" not in clean('<td style="text-align: right; background: url(//evil.example/x)">x</td>')


HOSTILE_HTML = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<a href=javascript:alert(1)>x</a>",
    "<a href=' jav&#x09;ascript:alert(1)'>x</a>",
    "<iframe src=//evil.example></iframe>",
    "<style>@import '//e'</style>",
    "<pre class=mermaid>g</pre>",
    "<img src=//evil.example/p.png>",
    "<img src=\\\\evil.example/p.png>",
    "<p id=__config>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<!--><img src=x onerror=alert(1)>-->",
    "<svg><foreignObject><img src=//e/x></foreignObject></svg>",
    "<input type=image src=//e>",
    "<form action=//e><button formaction=//e>x</button></form>",
    "<object data=//e></object>",
    "<base href=//e/>",
    "<link rel=stylesheet href=//e>",
    "<meta http-equiv=refresh content='0;url=//e'>",
    "<td style='background:url(//e)'>",
    "<img srcset='//e/x.png 1x'>",
    "<a ping=//e href=x>x</a>",
    "<video poster=//e src=//e></video>",
    "<p style=x>",
    "<textarea><img src=x onerror=alert(1)></textarea>",
    "<select><option>x</select>",
    "<x onclick=y>",
    '<a href="&#106;avascript:x">',
    "<img/src=x/onerror=alert(1)>",
    "<img\nsrc=x\nonerror=alert(1)>",
    '<div data-tabs="x" data-x=1>',
    '<span class="mermaid a">',
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(HOSTILE_HTML) | st.text(max_size=12), max_size=12).map("".join))
def test_clean_never_leaves_script_or_outside_fetches(markup: str) -> None:
    html = clean(markup)
    assert_safe(html)
    assert_safe(clean(html))  # and what it keeps is stable


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_clean_accepts_any_text(markup: str) -> None:
    assert_safe(clean(markup))


def test_same_site() -> None:
    for url in ("a.png", "../a.png", "/a.png", "#x", "?q", "", "a:b/../c"[3:]):
        assert same_site(url), url
    for url in ("//h/a", "\\\\h/a", "/\\h/a", " //h", "\x01//h", "https:h", "data:x", "a:b"):
        assert not same_site(url), url


# -- unsafe_html(): every removal is reported, where it is -----------------------------------

BODY_AT = 10  # the body's first line in the file


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        # attribute lists
        ('Alinea\n{: onclick="alert(1)" }\n', 1, "on...-attribuut"),
        ("Tekst\n\nAlinea met klik\n{: #x onmouseover=alert(1) }\n", 3, "on...-attribuut"),
        ('![foto](foto.png){: onerror="alert(1)" }\n', 0, "on...-attribuut"),
        ('Alinea\n{: style="position:fixed" }\n', 1, "style-attribuut"),
        ("Alinea\n{: data-x=1 }\n", 1, "data-x"),
        # reference links and entity tricks
        ("Zie [hier][1].\n\n[1]: javascript:alert(1)\n", 2, "links met javascript:"),
        ("Zie [hier][a].\n\n[a]: <vbscript:msgbox(1)>\n", 2, "links met javascript:"),
        ("Zie [x](&#106;avascript:alert(1)) nu.\n", 0, "links met javascript:"),
        ("Zie [x](&#x6A;&#x61;vascript:alert(1)) nu.\n", 0, "links met javascript:"),
        ('Zie <a href="jav&#x09;ascript:alert(1)">x</a>.\n', 0, "links met javascript:"),
        ("Zie [x](data:text/html;base64,PHNjcmlwdD4=).\n", 0, "links met javascript:"),
        ("Bel [ons](tel:0301234567).\n", 0, "links met 'tel:'"),
        # tags over several lines, odd spellings
        ("Tekst\n\n<img\nsrc=x\nonerror=alert(1)>\n", 4, "on...-attribuut"),
        ("<IMG SRC=x ONERROR=alert(1)>\n", 0, "on...-attribuut"),
        ("Tekst <SCRIPT>alert(1)</SCRIPT>\n", 0, "<script>"),
        ("<div\n  onclick=alert(1)>x</div>\n", 1, "on...-attribuut"),
        # autolinks
        ("Zie <ftp://evil.example/x>.\n", 0, "links met 'ftp:'"),
        ("Zie <javascript:alert(1)>.\n", 0, "niet toegestaan"),
        # remote images
        ("![x](https://evil.example/p.png)\n", 0, "van buiten de site"),
        ("Tekst\n![x](//evil.example/p.png)\n", 1, "van buiten de site"),
        ("![x][p]\n\n[p]: https://evil.example/p.png\n", 2, "van buiten de site"),
        ('<img src="\\\\evil.example/p.png">\n', 0, "van buiten de site"),
        ('<img src="&#47;&#47;evil.example/p.png">\n', 0, "van buiten de site"),
        ("![x](https:evil.example/p.png)\n", 0, "van buiten de site"),
        # mermaid
        ('<pre class="mermaid">graph TD; A--&gt;B</pre>\n', 0, "mermaid"),
        ("Diagram\n{: .mermaid }\n", 1, "mermaid"),
        ("``` {.text .mermaid}\ngraph\n```\n", 0, "mermaid"),
        # the theme's ids
        ("# __config\n\nTekst\n", 0, "__config"),
        ("Tekst\n\n## Over {: #__search }\n", 2, "__search"),
        # elements, also inside admonitions and tabs
        ('!!! tip "Let op"\n    <iframe src="https://evil.example"></iframe>\n', 1, "<iframe>"),
        ('=== "Tab"\n    <svg onload=alert(1)></svg>\n', 1, "<svg>"),
        ("<textarea>x</textarea>\n", 0, "<textarea>"),
    ],
)
def test_check_reports_what_the_sanitiser_removes(body: str, line: int, fragment: str) -> None:
    found = unsafe_html(body, BODY_AT)
    assert found, body
    assert any(fragment in m and l == BODY_AT + line for l, _, m in found), found


def test_report_columns_point_at_the_text() -> None:
    body = 'Klik [hier](javascript:alert(1)) of <a href="vbscript:x">daar</a>.\n\n<p style="x">y</p> <img src=//e/x onerror=y>\n'
    found = unsafe_html(body, 1)
    assert (1, 11, htmlcheck._LINK_MESSAGE) in found and (1, 40, htmlcheck._LINK_MESSAGE) in found
    assert any(l == 3 and c == 1 and "style" in m for l, c, m in found)
    assert any(l == 3 and c == 20 and "on..." in m for l, c, m in found)
    assert any(l == 3 and c == 25 and "afbeelding" in m for l, c, m in found)


def test_every_occurrence_is_reported_on_its_own_line() -> None:
    body = "".join(f"Regel {i} <img src=x onerror=alert({i})>\n\n" for i in range(5))
    lines = sorted(l for l, _, m in unsafe_html(body, 1) if "on..." in m)
    assert lines == [1, 3, 5, 7, 9]


def test_clean_bodies_and_code_report_nothing() -> None:
    for body in (
        "## Kop\n\nGewone tekst met [een link](https://example.org) en ![foto](foto.png).\n",
        "Sturen & stimuleren, R&D, 3 < 4 en 5 > 2.\n",
        "```html\n<script>alert(1)</script>\n```\n\nEn `<img src=x onerror=y>` inline.\n",
        "Een voetnoot[^1].\n\n[^1]: De noot met [link](../x.md).\n",
        '=== "Een"\n    a\n\n=== "Twee"\n    b\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n',
        "Alinea\n{: .klasse #eigen-id }\n\n![foto](foto.png){ width=300 loading=lazy }\n",
        "Schrijf snake_case_namen en __init__ gewoon op.\n",
        "Mail <iemand@example.org> of bezoek <https://example.org>.\n",
    ):
        assert unsafe_html(body, 1) == [], body


def test_jinja_is_reported_literal() -> None:
    found = unsafe_html("Waarde {{ config.site_name }} en {% include 'x' %}.\n\n```\n{{ in code }}\n```\n", 5)
    assert [(l, c) for l, c, _ in found] == [(5, 8), (5, 34)]


def test_too_many_brackets_is_reported_not_rendered() -> None:
    body = "Tekst\n\n" + "![" * 4_000 + "\n\nMeer tekst.\n"
    found = unsafe_html(body, 1)  # reported from a count, never handed to Python-Markdown
    assert found == [(3, 1, found[0][2])] and found[0][2].startswith("te veel [")


def test_unclosed_tags_and_heavy_markup_are_reported_not_rendered() -> None:
    for body in ("<a x='>' " * 5_000, "<!-- " * 5_000 + "<b>", "<a " * 5_000, "<div>" * 50_000, "<b>*a*</b> " * 20_000):
        found = unsafe_html(body, 1)
        assert len(found) == 1 and found[0][2].startswith("te veel"), found


def test_slow_rendering_is_stopped_and_reported(monkeypatch) -> None:
    monkeypatch.setattr(htmlcheck, "CHECK_SECONDS", 0.001)
    found = unsafe_html("<b>x</b> *y* " * 2000, 1)
    assert len(found) == 1 and "duurde langer dan" in found[0][2]
    monkeypatch.undo()
    assert any("on..." in m for _, _, m in unsafe_html("<b onclick=x>y</b>", 1))  # the next body is checked again


def test_deep_nesting_is_published_as_text_and_reported() -> None:
    markup = "<div>" * 5000 + "<img src=x onerror=alert(1)> tekst &amp; meer"
    out = clean(markup)
    assert out == "<p>tekst &amp; meer</p>"
    found = unsafe_html(markup, 1)
    assert len(found) == 1 and "te diep genest" in found[0][2]


def test_ampersands_come_out_as_nh3_writes_them() -> None:
    for markup in (
        "<p>a &amp; b &#38; c &lt; d & e</p>",
        '<a href="?a=1&amp;b=2&c=3">x</a>',
        "<pre><code>a &amp;&amp; b</code></pre>",
    ):
        assert clean(markup) == sanitize._CLEANER.clean(markup), markup


def test_many_removals_are_summed_up() -> None:
    found = unsafe_html("<img src=x onerror=y>\n\n" * 300, 1)
    assert len(found) == htmlcheck.MAX_REPORTS + 1
    assert sum(m.startswith("en nog 200 andere") for _, _, m in found) == 1


def test_render_uses_the_configured_extensions() -> None:
    try:
        htmlcheck.use_markdown(["attr_list"])
        assert "admonition" not in render('!!! tip "x"\n    y\n')
    finally:
        htmlcheck.use_markdown()
    assert "admonition" in render('!!! tip "x"\n    y\n')


# Pieces of Markdown that nh3 may change; joined at random with text and line breaks.
HOSTILE_MARKDOWN = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<img\nsrc=x\nonerror=alert(1)>",
    '{: onclick="x" }',
    "{: .mermaid }",
    "{: #__config }",
    '{: style="x" }',
    "[x](javascript:alert(1))",
    "[x](&#106;avascript:1)",
    "[x][r]",
    "\n\n[r]: javascript:alert(1)\n\n",
    "![i](https://evil.example/p.png)",
    "![i](//e/p.png)",
    "![i](p.png)",
    "<https://example.org>",
    "<ftp://e/x>",
    "<pre class=mermaid>g</pre>",
    "<iframe src=//e></iframe>",
    "# __config\n",
    '<a href="vbscript:x">v</a>',
    '<p style="color:red">p</p>',
    "<td>x</td>",
    "<svg><circle r=1 /></svg>",
    "&amp;",
    "&#60;b&#62;",
    "<!-- c -->",
    "<!--><img src=x onerror=y>-->",
    "`<script>`",
    "\n```\n<script>\n```\n",
    "\n!!! tip\n    <b onclick=x>b</b>\n",
    "[l](tel:1)",
    "<details open ontoggle=alert(1)>",
    "<input type=text autofocus onfocus=x>",
    '<img src="\\\\e/x">',
    "_",
    "<",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    "!",
    ":",
    "\n",
    "\n\n",
    "    ",
    '"',
    "'",
    "=",
    ">",
]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(HOSTILE_MARKDOWN) | st.text(alphabet="ab <>[]()!{}#=\"'\n&;:/._", max_size=8), max_size=14
    ).map("".join)
)
def test_everything_clean_removes_is_reported(body: str) -> None:
    gone_elements, gone_attributes = removed(body)
    found = unsafe_html(body, 7)
    lines = body.count("\n") + 1
    assert all(7 <= l < 7 + lines and c >= 1 and m for l, c, m in found), found
    if gone_elements or gone_attributes:
        assert found, (body, gone_elements, gone_attributes)
    text = " ".join(m for _, _, m in found)
    for tag in gone_elements:
        assert f"<{tag}>" in text, (body, tag, found)
    for tag, name in gone_attributes:
        assert (
            name in text
            or f"<{tag}>" in text
            or "links met" in text
            or "afbeelding" in text
            or "klasse" in text
            or "id '" in text
            or "HTML" in text
        ), (body, tag, name, found)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.integers(min_value=1, max_value=50))
def test_unsafe_html_accepts_any_text(body: str, first_line: int) -> None:
    found = unsafe_html(body, first_line)
    assert isinstance(found, list)
    for line, col, message in found:
        assert isinstance(line, int) and isinstance(col, int) and isinstance(message, str)
        assert first_line <= line <= first_line + body.count("\n") and col >= 1


# -- Linear time -----------------------------------------------------------------------------

RUNS = [
    "[",
    "![",
    "<a",
    "[a](",
    "<a href='",
    "<!--",
    "&#",
    "\n",
    " \n",
    '!!! a "',
    "```",
    "`",
    "{{",
    "__",
    "](x:",
    "a:b ",
]


@pytest.mark.parametrize("unit", RUNS)
def test_plain_text_is_linear(unit: str) -> None:
    assert ratio(plain_text, lambda n: unit * (n // len(unit)), 64_000) < 24


@pytest.mark.parametrize("unit", RUNS + ["<img src=x onerror=y>", "{: onclick=x }\n", "[x]: javascript:y\n\n"])
def test_unsafe_html_is_linear(unit: str) -> None:
    """Up to the 512 KB file cap: 64 KB and 512 KB of the same run."""
    assert ratio(lambda s: unsafe_html(s, 1), lambda n: "Tekst " + unit * (n // len(unit)), 64_000) < 24


@pytest.mark.parametrize("unit", RUNS + ["<img src=//e onerror=y>", "<pre class=mermaid>"])
def test_clean_is_linear(unit: str) -> None:
    assert ratio(clean, lambda n: unit * (n // len(unit)), 64_000) < 24


@pytest.mark.parametrize("unit", ["url(", 'url("', "/*", "@import '", "image-set(", "\\", "\n"])
def test_css_check_is_linear(unit: str) -> None:
    assert ratio(css_problems, lambda n: unit * (n // len(unit)), 64_000) < 24


# -- Static files in docs/ -------------------------------------------------------------------


def decide_one(tmp_path: Path, name: str, data: bytes) -> Review:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    review = Review()
    decide(name, path, f"docs/{name}", review)
    return review


@pytest.mark.parametrize("name", ["a.png", "b.JPG", "c.woff2", "d.pdf", "e.txt", "f.csv", "g.docx", "h.webp", "CNAME"])
def test_inert_files_are_published_as_they_are(tmp_path: Path, name: str) -> None:
    review = decide_one(tmp_path, name, b"<script>alert(1)</script>")
    assert review.problems == [] and review.replacements == {}


@pytest.mark.parametrize(
    "name", ["a.js", "b.mjs", "c.php", "d.exe", "e.xml", "f.xhtml", "g.svgz", "h.swf", "Makefile", "i.xsl"]
)
def test_other_files_are_refused(tmp_path: Path, name: str) -> None:
    review = decide_one(tmp_path, name, b"x")
    assert len(review.problems) == 1
    problem = review.problems[0]
    assert problem.path == f"docs/{name}" and problem.field == "bestand"
    assert "worden niet gepubliceerd" in problem.message and "png" in problem.message and "svg" in problem.message


@pytest.mark.parametrize(
    "page",
    [
        b"<html><head><script>alert(1)</script><title>T</title></head><body onload=alert(1)><p>Hoi</p>"
        b"<img src=x onerror=alert(2)><img src=//evil.example/p.png><pre class=mermaid>g</pre></body></html>",
        b"<p>Hoi</p><script>alert(1)</script><iframe src=//e></iframe><a href=javascript:alert(1)>x</a>",
        b"<!doctype html><html><body><p>Hoi<svg onload=alert(1)></svg><style>*{background:url(//e)}</style></body>",
    ],
)
def test_static_html_is_sanitised(tmp_path: Path, page: bytes) -> None:
    review = decide_one(tmp_path, "upload/pagina.html", page)
    assert review.problems == []
    out = review.replacements["upload/pagina.html"].decode()
    assert "Hoi" in out
    body = out[out.index("<body>") + 6 : out.index("</body>")]
    assert_safe(body)
    assert "<script" not in out and "onload" not in out and "evil" not in out


SVG_HEAD = b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'


@pytest.mark.parametrize(
    ("inner", "gone"),
    [
        (b"<script>alert(1)</script>", [b"script", b"alert"]),
        (b'<script xlink:href="https://evil.example/x.js"/>', [b"script", b"evil"]),
        (
            b'<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/></div></foreignObject>',
            [b"foreign", b"onerror", b"img"],
        ),
        (
            b'<rect width="1" height="1" onclick="alert(1)" onmouseover="alert(2)"/>',
            [b"onclick", b"onmouseover", b"alert"],
        ),
        (b'<a href="javascript:alert(1)"><text>x</text></a>', [b"javascript"]),
        (b'<a xlink:href=" jav&#x09;ascript:alert(1)"><text>x</text></a>', [b"ascript"]),
        (b'<use href="https://evil.example/s.svg#a"/><use xlink:href="//evil.example/s.svg#b"/>', [b"evil"]),
        (b'<image href="https://evil.example/p.png"/><image xlink:href="\\\\evil.example/p.png"/>', [b"evil"]),
        (b'<rect style="fill:url(https://evil.example/f)" fill="url(//evil.example/g)"/>', [b"evil"]),
        (b"<style>@import url(https://evil.example/x.css); rect{fill:red}</style>", [b"evil", b"@import"]),
        (
            b'<animate attributeName="href" values="javascript:alert(1)"/><set attributeName="onclick" to="alert(1)"/>',
            [b"animate", b"<set", b"javascript"],
        ),
        (b'<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>', [b"script", b"alert"]),
        (b'<feImage href="https://evil.example/p.png"/>', [b"evil"]),
        (b'<g xml:base="https://evil.example/"><image href="p.png"/></g>', [b"xml:base", b"evil"]),
    ],
)
def test_svg_is_cleaned(inner: bytes, gone: list[bytes]) -> None:
    out = clean_svg(
        b'<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/x.css"?>' + SVG_HEAD + inner + b"</svg>"
    )
    assert isinstance(out, bytes)
    for fragment in gone:
        assert fragment not in out, (fragment, out)
    assert out.startswith(b"<svg ") and b"xml-stylesheet" not in out


def test_svg_keeps_drawings() -> None:
    inner = (
        b'<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>'
        b'<rect width="10" height="10" fill="url(#g)" class="a"/><use href="#g"/><image href="foto.png"/>'
        b'<a href="https://example.org"><text x="1" y="2">Tekst &amp; meer</text></a>'
        b"<style>.a { fill: blue }</style>"
    )
    out = clean_svg(SVG_HEAD + inner + b"</svg>")
    assert isinstance(out, bytes)
    for kept in (
        b'fill="url(#g)"',
        b'<use href="#g">',
        b'<image href="foto.png">',
        b'href="https://example.org"',
        b"Tekst &amp; meer",
        b".a { fill: blue }",
        b'viewBox="0 0 10 10"',
    ):
        assert kept in out, kept


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        (
            b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>',
            "DOCTYPE",
        ),
        (b'<!DOCTYPE svg SYSTEM "file:///etc/passwd"><svg xmlns="http://www.w3.org/2000/svg"/>', "DOCTYPE"),
        (
            b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg/>',
            "DOCTYPE",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect', "geen geldige XML"),
        (b'<svg xmlns="http://www.w3.org/2000/svg">&xxe;</svg>', "geen geldige XML"),
        (b"<html><script>alert(1)</script></html>", "geen SVG"),
    ],
)
def test_svg_with_doctype_or_broken_xml_is_refused(svg: bytes, message: str) -> None:
    result = clean_svg(svg)
    assert isinstance(result, SvgRefused) and message in result.message and result.line >= 1


@pytest.mark.parametrize(
    ("css", "line"),
    [
        ('@import url("https://evil.example/x.css");', 1),
        ("a {}\n@import '//evil.example/x.css';", 2),
        ("a { background: url(https://evil.example/x.png) }", 1),
        ("a { background: u\\72l(//evil.example/x.png) }", 1),
        ("a { background: url(\\2f\\2f evil.example/x.png) }", 1),
        ('@font-face { src: url("https://fonts.example/r.woff2") }', 1),
        ('a {}\n\nb { background-image: image-set("https://evil.example/a.png" 1x) }', 3),
        ("a { behavior: url(x.htc) }", 1),
        ("a { width: expression(alert(1)) }", 1),
        ("a { -moz-binding: url(x.xml#y) }", 1),
    ],
)
def test_css_reaching_outside_is_refused(css: str, line: int) -> None:
    found = css_problems(css)
    assert found and found[0][0] == line, found


def test_css_inside_the_site_passes() -> None:
    assert (
        css_problems(
            '@font-face { src: url("../fonts/r.woff2") format("woff2"); }\n@import "andere.css";\n'
            "a { background: url(data:image/svg+xml;base64,AAAA) } /* url(https://in.een/opmerking) */\n"
            '@namespace svg url(http://www.w3.org/2000/svg);\nb::before { content: "\\201C https://tekst" }\n'
        )
        == []
    )


def test_symlinks_and_special_files_in_docs(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    docs = root / "docs"
    (docs / "sub").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (docs / ".git").mkdir()
    (docs / ".git" / "HEAD").write_text("x", encoding="utf-8")
    (root / "geheim.txt").write_text("x", encoding="utf-8")
    (docs / "echt.png").write_bytes(b"png")
    (docs / "config.txt").symlink_to(root / ".git" / "config")
    (docs / "relatief.txt").symlink_to("../.git/config")
    (docs / "geheim.txt").symlink_to(root / "geheim.txt")
    (docs / "map").symlink_to(root / ".git")
    (docs / "head.txt").symlink_to(docs / ".git" / "HEAD")
    (docs / "weg.png").symlink_to(docs / "bestaat-niet.png")
    (docs / "lus").symlink_to(docs / "lus")
    (docs / "sub" / "goed.png").symlink_to(docs / "echt.png")
    os.mkfifo(docs / "pijp.md")
    problems = {p.path: p.message for p in folder_problems(docs, root)}
    assert set(problems) == {
        "docs/config.txt",
        "docs/relatief.txt",
        "docs/geheim.txt",
        "docs/map",
        "docs/head.txt",
        "docs/weg.png",
        "docs/lus",
        "docs/pijp.md",
    }
    assert problems["docs/config.txt"].startswith("deze symbolische link wijst naar een plek buiten docs/")
    assert ".git" in problems["docs/head.txt"] and "geen gewoon bestand" in problems["docs/pijp.md"]
    review = review_docs(
        docs, [("sub/goed.png", str(docs / "sub" / "goed.png")), ("map/config", str(docs / "map" / "config"))], root
    )
    assert all(p.path != "docs/sub/goed.png" for p in review.problems)
    assert [p.path for p in review.problems].count("docs/map") == 1  # files below a refused link: not again


# -- A real build ----------------------------------------------------------------------------


def quiet_build(project, **kw):
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    return project.build(**kw)


def errors(caplog) -> str:
    return "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)


def test_build_sanitises_static_html_and_svg(project) -> None:
    project.write(
        "docs/assets/uploads/pagina.html",
        "<html><head><script>alert(1)</script></head><body><p onclick=alert(2)>Hallo</p>"
        "<img src=//evil.example/p.png><a href=javascript:alert(3)>x</a></body></html>",
    )
    project.write(
        "docs/assets/uploads/logo.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script>'
        '<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject><rect width="4" height="4"/></svg>',
    )
    project.write("docs/assets/uploads/foto.png", b"\x89PNG\r\n")
    project.write("docs/assets/stylesheets/eigen.css", 'a { background: url("../uploads/foto.png") }\n')
    site = quiet_build(project)
    page = (site / "assets" / "uploads" / "pagina.html").read_text(encoding="utf-8")
    svg = (site / "assets" / "uploads" / "logo.svg").read_text(encoding="utf-8")
    assert "Hallo" in page and not any(s in page for s in ("script", "onclick", "evil", "javascript"))
    assert "<rect" in svg and not any(s in svg for s in ("script", "onload", "foreignObject", "alert"))
    assert (site / "assets" / "uploads" / "foto.png").read_bytes() == b"\x89PNG\r\n"
    assert (site / "assets" / "stylesheets" / "eigen.css").exists()


def test_build_refuses_a_symlink_to_git_config(project, caplog) -> None:
    (project.root / ".git").mkdir()
    (project.root / ".git" / "config").write_text(
        '[remote "origin"]\n\turl = https://token@example.org/x.git\n', encoding="utf-8"
    )
    (project.root / "docs" / "config.txt").symlink_to(project.root / ".git" / "config")
    with pytest.raises(Abort):
        quiet_build(project)
    assert "docs/config.txt:1:1: bestand: deze symbolische link wijst naar een plek buiten docs/" in errors(caplog)
    assert not (project.root / "site" / "config.txt").exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "docs/assets/uploads/script.js",
            b"alert(1)",
            "docs/assets/uploads/script.js:1:1: bestand: bestanden van het type '.js' worden niet gepubliceerd",
        ),
        ("docs/upload.php", b"<?php ?>", "docs/upload.php:1:1: bestand: bestanden van het type '.php'"),
        (
            "docs/assets/extra.css",
            b"a {}\n@import url(https://evil.example/x.css);\n",
            "docs/assets/extra.css:2:9: bestand: url(https://evil.example/x.css) laadt iets van buiten de site",
        ),
        (
            "docs/logo.svg",
            b'<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
            "docs/logo.svg:1:",
        ),
    ],
)
def test_build_refuses_unknown_and_outside_reaching_files(
    project, caplog, name: str, data: bytes, message: str
) -> None:
    project.write(name, data)
    with pytest.raises(Abort):
        quiet_build(project)
    assert message in errors(caplog), errors(caplog)
