"""Hostile input: whatever a contributor writes, the core answers with its own problems, quickly.

Property-based (Hypothesis): the strict YAML reader, the front-matter splitter and the whole
loader raise nothing but `YamlProblem` / `ContentError` on generated text and bytes; every
problem prints as one visible line that points into the file; plain text is accepted exactly
as typed; `kennisbank new` titles round-trip. Linear time: adversarial inputs of size n and 8n,
compared as a ratio with generous slack (no absolute seconds: the brief forbids timed tests).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_kennisbank import ContentError, load
from mkdocs_kennisbank.content.frontmatter import body_problems, decode, split
from mkdocs_kennisbank.content.schema import DATE, EMAIL, PERIOD, SLUG, URL
from mkdocs_kennisbank.content.strictyaml import (
    REFUSED_CHARACTERS,
    YamlProblem,
    invisible_only,
    parse,
    refused_character,
)
from mkdocs_kennisbank.content.taxonomy import TERM_ID, load_taxonomy
from mkdocs_kennisbank.contribute.report import render
from mkdocs_kennisbank.contribute.scaffold import clean_title
from mkdocs_kennisbank.contribute.scaffold import render as render_template
from mkdocs_kennisbank.errors import Problem, visible

from .conftest import REPO, Project

HOSTILE_CHARACTERS = [
    "\x00",
    "\x07",
    "\x08",
    "\x0b",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9b",
    "\u00a0",
    "\u00ad",
    "\u061c",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u2028",
    "\u2029",
    "\u202a",
    "\u202e",
    "\u2060",
    "\u2066",
    "\u2069",
    "\u3164",
    "\ufeff",
    "\ufdd0",
    "\ufffe",
    "\uffff",
    "\U0001fffe",
    "\U0010ffff",
    "\U000e0041",
    "\ud800",
    "\udcff",
    "\t",
    "\r",
    "\n",
]
YAML_TOKENS = [
    "\n",
    "  ",
    " ",
    ": ",
    ":",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "'",
    '"',
    "\\",
    "\\n",
    "\\e",
    "\\0",
    "\\u202e",
    "\\ud800",
    "\\uffff",
    "\\x85",
    "\\N",
    "\\L",
    "\\P",
    "#",
    " #",
    "&a ",
    "*a",
    "!!str ",
    "! ",
    "|",
    ">",
    "? ",
    "---",
    "...",
    "%YAML 1.2",
    "~",
    "null",
    "yes",
    "NO",
    "010",
    "12:30",
    "2026-11-27",
    "9999-12-31",
    "1969-12-31",
    "title",
    "description",
    "interventieniveaus",
    "fase",
    "onderwijs",
    "gepubliceerd",
    "bijgewerkt",
    "periode",
    "contact",
    "naam",
    "email",
    "bronnen",
    "titel",
    "url",
    "review",
    "status",
    "volgende",
    "lessen",
    "I",
    "VII",
    "pilotfase",
    "mbo",
    "index",
    "https://x.nl",
    "javascript:x",
    "a@b.nl",
    "a@b.nl?bcc=c@d.nl",
    "<script>",
    "{{ x }}",
    "{%",
    "**",
    "[a](b)",
    "<15",
    "&amp;",
]
MARKDOWN_TOKENS = [
    "\n",
    "\n\n",
    "    ",
    "\t",
    "- ",
    "* ",
    "1. ",
    "> ",
    "!!! note",
    "??? ",
    '=== "a"',
    ": ",
    "```",
    "~~~",
    "`",
    "*",
    "_",
    "**",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "<script>",
    "<b onclick=x>",
    "{{",
    "{%",
    "#",
    "| a |",
    "javascript:",
    "x",
    "tekst",
]


def tokens(*alphabets: list[str]) -> st.SearchStrategy[str]:
    pieces = st.one_of(*(st.sampled_from(a) for a in alphabets), st.text(max_size=4))
    return st.lists(pieces, max_size=120).map("".join)


YAML_TEXT = tokens(YAML_TOKENS, HOSTILE_CHARACTERS)
BODY_TEXT = tokens(MARKDOWN_TOKENS, HOSTILE_CHARACTERS)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_visible_line(problem: Problem, text: str | None = None) -> None:
    """One problem is one printable line, encodable as UTF-8, pointing into the file."""
    line = problem.format()
    assert "\n" not in line and "\r" not in line
    assert all(ch.isprintable() or unicodedata.category(ch) == "Zs" for ch in line)
    assert visible(line) == line
    line.encode("utf-8")
    assert problem.line >= 1 and problem.col >= 1
    if text is not None:  # a lone CR ends a line too (the reader turns it into LF, as editors do)
        assert problem.line <= text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 2


# -- the YAML reader and the front-matter splitter -------------------------------------------


@SETTINGS
@given(YAML_TEXT)
def test_strict_yaml_raises_only_its_own_problem(text: str) -> None:
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        parse(text, line_offset=0)
    except YamlProblem as exc:
        assert 1 <= exc.line <= normalised.count("\n") + 2
        assert exc.col >= 1 and exc.message


@SETTINGS
@given(YAML_TEXT, BODY_TEXT)
def test_front_matter_split_raises_only_its_own_problem(front: str, body: str) -> None:
    raw = f"---\n{front}\n---\n{body}".encode("utf-8", "surrogatepass")
    try:
        doc = split(decode(raw))
    except YamlProblem as exc:
        assert exc.line >= 1 and exc.col >= 1
        return
    assert doc.body_line >= 2
    for line, col, message in body_problems(doc.body, doc.body_line):
        assert line >= doc.body_line and col >= 1 and message


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_give_a_document_or_a_problem(raw: bytes) -> None:
    try:
        split(decode(raw), required=False)
    except YamlProblem as exc:
        assert exc.line >= 1 and exc.col >= 1


def test_refused_characters_are_never_accepted_raw() -> None:
    """NEL, U+2028 and U+2029 would shift PyYAML's line numbers: refused where they stand."""
    for char in ("\x85", "\u2028", "\u2029", "\u202e", "\x1b", "\ufffe"):
        with pytest.raises(YamlProblem) as exc:
            parse(f"a: 1\nb: x{char}y\nc: 3\n", line_offset=1)
        assert (exc.value.line, exc.value.col, exc.value.field) == (3, 5, "b")
        assert f"U+{ord(char):04X}" in exc.value.message


# -- the whole loader ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return Project(tmp_path_factory.mktemp("hostile") / "project")


CASE_HEAD = "---\ntitle: Goed\ndescription: Kort.\ninterventieniveaus: [I]\nfase: pilotfase\nonderwijs: [mbo]\n"


@SETTINGS
@given(front=YAML_TEXT, body=BODY_TEXT, keep_head=st.booleans())
def test_loader_raises_only_content_error(project: Project, front: str, body: str, keep_head: bool) -> None:
    text = (CASE_HEAD if keep_head else "---\n") + front + "\n---\n" + body
    raw = text.encode("utf-8", "surrogatepass")
    path = project.write("kennisbank/praktijkvoorbeelden/x.md", raw)
    try:
        try:
            load(project.content, root=project.root, today=dt.date(2026, 11, 27))
        except ContentError as exc:
            assert exc.problems
            for problem in exc.problems:
                assert_visible_line(problem, text)
                assert problem.path == "kennisbank/praktijkvoorbeelden/x.md"
            for fmt in ("json", "github", "gitlab"):
                render(exc.problems, fmt).encode("utf-8")
    finally:
        path.unlink()


PRINTABLE = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")), min_size=1, max_size=120
).filter(lambda t: refused_character(t) is None and not invisible_only(" ".join(t.split())) and t.strip())


@SETTINGS
@given(title=PRINTABLE, description=PRINTABLE)
def test_plain_text_is_accepted_exactly_as_typed(project: Project, title: str, description: str) -> None:
    """Quotes, <, &, {{ and ** are ordinary text: accepted, and read back unchanged."""
    body = CASE_HEAD.replace("title: Goed", f"title: {json.dumps(title)}").replace(
        "description: Kort.", f"description: {json.dumps(description)}"
    )
    path = project.write("kennisbank/praktijkvoorbeelden/x.md", body + "gepubliceerd: 2026-11-27\n---\n\nTekst.\n")
    try:
        kb = load(project.content, root=project.root)
    finally:
        path.unlink()
    assert kb.cases["x"].title == " ".join(title.split())
    assert kb.cases["x"].description == " ".join(description.split())


@pytest.mark.parametrize(
    "text",
    ['"<15 leerlingen"', '"Zij zei \\"ja\\" & nee"', '"{{ x }} en {% y %}"', '"**vet** en [a](b)"', "'#1 of <b>'"],
)
def test_markup_like_text_is_ordinary_text(project: Project, text: str) -> None:
    for field in ("title", "description"):
        case = CASE_HEAD.replace(f"{field}: " + ("Goed" if field == "title" else "Kort."), f"{field}: {text}")
        path = project.write(
            "kennisbank/praktijkvoorbeelden/x.md", case + f"programma: {text}\ngepubliceerd: 2026-11-27\n---\n\nT.\n"
        )
        try:
            kb = load(project.content, root=project.root)
        finally:
            path.unlink()
        value = getattr(kb.cases["x"], field)
        assert value == parse(f"v: {text}\n").items["v"][1].value
        assert kb.cases["x"].programme == value


@SETTINGS
@given(st.text(max_size=130))
def test_new_titles_round_trip_into_yaml(title: str) -> None:
    """What `kennisbank new` accepts is written so that the strict reader gives it back exactly."""
    try:
        cleaned = clean_title(title)
    except Exception as exc:  # noqa: BLE001 - only the core's own usage error may come out
        from mkdocs_kennisbank.errors import UsageError

        assert isinstance(exc, UsageError)
        return
    taxonomy = load_taxonomy(REPO / "kennisbank" / "taxonomie.yml", "taxonomie.yml")
    text = render_template("praktijkvoorbeeld", cleaned, taxonomy, dt.date(2026, 11, 27))
    assert split(decode(text.encode("utf-8"))).meta.items["title"][1].value == cleaned


def test_problem_output_is_one_visible_line_in_every_format() -> None:
    problem = Problem("a\nb\x1b[31m.md", 1, 2, "veld\u202e", "bericht\nnep:1:1: x: y\x07\ud800")
    line = problem.format()
    assert line == "a\\nb\\x1b[31m.md:1:2: veld\\u202e: bericht\\nnep:1:1: x: y\\x07\\ud800"
    for fmt in ("tekst", "github"):
        out = render([problem, problem], fmt)
        assert len(out.split("\n")) == 2 and "\x1b" not in out and "\u202e" not in out
    for fmt in ("json", "gitlab"):
        out = render([problem], fmt)
        out.encode("utf-8")
        assert "\x1b" not in out and "\u202e" not in out and "\\\\n" in out
        json.loads(out)


# -- linear time -----------------------------------------------------------------------------


def _cost(run: Callable[[], object], repeat: int = 5) -> float:
    """The fastest of `repeat` runs (the least disturbed by other work on the machine)."""
    best = float("inf")
    gc.disable()
    try:
        for _ in range(repeat):
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best


def _parse_quietly(text: str) -> None:
    try:
        parse(text)
    except YamlProblem:
        pass


def _split_quietly(text: str) -> None:
    try:
        split(text)
    except YamlProblem:
        pass


# name -> (input of size ~n, what to run on it). Each is a shape that would be quadratic (or
# worse) for a careless implementation: many values on one line with a '#', long runs that a
# regex can backtrack over, long indentation, long runs of markers.
ADVERSARIAL: dict[str, tuple[Callable[[int], str], Callable[[str], object]]] = {
    "flow list with comment": (lambda n: "a: [" + "x, " * (n // 3) + "x]  # c\n", _parse_quietly),
    "many keys": (lambda n: "".join(f"k{i}: v # c\n" for i in range(n // 10)), _parse_quietly),
    "unclosed flow": (lambda n: "a: " + "[x, " * (n // 4) + "\n", _parse_quietly),
    "unclosed flow maps": (lambda n: "a: " + "{a: " * (n // 4) + "\n", _parse_quietly),
    "shallow flow, error at the end": (lambda n: "a: [x]\n" * (n // 7) + "b: [\n", _parse_quietly),
    "deep block nesting, error at the end": (
        lambda n: "".join(" " * i + "a:\n" for i in range(int((2 * n) ** 0.5))) + "b: [\n",
        _parse_quietly,
    ),
    "long line without colon": (lambda n: "a" * n + "\n" + "b: [\n", _parse_quietly),
    "colons without space": (lambda n: "a:" * (n // 2) + "\nb: [\n", _parse_quietly),
    "escapes": (lambda n: 'a: "' + "\\u0041" * (n // 6) + '"\n', _parse_quietly),
    "unclosed fence": (lambda n: "---\n" + "a: b\n" * (n // 5), _split_quietly),
    "email dots": (lambda n: "a@" + "a." * (n // 2) + "!", EMAIL.match),
    "email no at": (lambda n: "a" * n + "!", EMAIL.match),
    "email many labels": (lambda n: "a@" + "a-." * (n // 3) + "a", EMAIL.match),
    "url": (lambda n: "https://" + "a" * n + " ", URL.match),
    "slug": (lambda n: "a-" * (n // 2) + "!", SLUG.match),
    "term id": (lambda n: "A-" * (n // 2) + "!", TERM_ID.match),
    "date": (lambda n: "1" * n, DATE.match),
    "period": (lambda n: "1" * n, PERIOD.match),
    "refused characters": (lambda n: "a" * n, REFUSED_CHARACTERS.search),
    "body: control characters": (lambda n: "\x1b" * n, lambda t: body_problems(t, 1)),
    "body: indentation": (
        lambda n: "".join(" " * (4 * i) + "- x\n" for i in range(int((n / 2) ** 0.5))),
        lambda t: body_problems(t, 1),
    ),
    "body: long indentation": (lambda n: " " * n + "- x\n" + " " * n + "x\n", lambda t: body_problems(t, 1)),
    "body: quotes": (lambda n: ">" * n + " x\n", lambda t: body_problems(t, 1)),
    "body: emphasis": (lambda n: "*_" * (n // 2) + "\n", lambda t: body_problems(t, 1)),
    "body: backticks": (lambda n: "`" + "a" * n + "*" * n + "\n", lambda t: body_problems(t, 1)),
    "body: fences": (lambda n: "```\n" * (n // 4), lambda t: body_problems(t, 1)),
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_time_is_linear_in_size(name: str) -> None:
    """Eight times the input may take at most about eight times as long (bound: 24, a quadratic
    algorithm gives 64). Sizes are small enough that a quadratic one still ends in seconds."""
    make, run = ADVERSARIAL[name]
    small, large = make(4_000), make(32_000)
    repeat_small = 8  # the small input is run several times per measurement, against timer noise

    def run_small() -> None:
        for _ in range(repeat_small):
            run(small)

    ratios = []
    for _ in range(3):  # a busy machine can spoil one measurement; a quadratic spoils all three
        base = _cost(run_small) / repeat_small
        ratios.append(_cost(lambda: run(large)) / max(base, 1e-9))
        if ratios[-1] <= 24:
            break
    assert min(ratios) <= 24, f"{name}: {min(ratios):.1f}x slower on 8x the input"


# -- settings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (5, 5.0),
        (2.5, 2.5),
        (600, 600.0),
        (None, 10.0),
        (0.0, None),
        (0, None),
        (-1, None),
        (True, None),
        (float("inf"), None),
        (float("nan"), None),
        ("5", None),
        (601, None),
    ],
)
def test_render_timeout_setting(value, ok) -> None:
    from mkdocs_kennisbank.config import KennisbankConfig

    config = KennisbankConfig()
    config.load_dict({} if value is None else {"render_timeout": value})
    failed, _ = config.validate()
    if ok is None:
        assert [key for key, _ in failed] == ["render_timeout"]
        assert "groter dan 0 en hoogstens 600" in str(failed[0][1])
    else:
        assert not failed and config["render_timeout"] == ok


def test_render_clock_refuses_a_limit_that_would_switch_it_off() -> None:
    from mkdocs_kennisbank.site.timeout import RenderClock

    assert RenderClock(5).seconds == 5.0
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            RenderClock(bad)


def test_reserved_names_cover_every_generated_page_in_content_folders(project: Project) -> None:
    """A case, lesson or term may not be named like a page the site generates in its folder."""
    from mkdocs_kennisbank.content.taxonomy import RESERVED_IDS
    from mkdocs_kennisbank.site.pages import plan

    kb = load(project.content, root=project.root)
    pages = plan(kb)
    own = {p.src_uri for p in pages if p.kind in ("case", "lesson", "level", "term")}
    folders = {Path(uri).parent.as_posix() for uri in own}
    generated = {
        Path(p.src_uri).stem for p in pages if p.src_uri not in own and Path(p.src_uri).parent.as_posix() in folders
    }
    assert generated and generated <= RESERVED_IDS
