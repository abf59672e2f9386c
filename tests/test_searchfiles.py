"""The browser's search data format (searchfiles.py): numbers, postings, shards, script text."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from mkdocs_kennisbank.search.browserindex import BrowserSearch, SearchDocument, excerpt_word
from mkdocs_kennisbank.search.searchfiles import (
    ALPHABET,
    decode_gaps,
    decode_numbers,
    decode_postings,
    gaps_code,
    js_call,
    number_code,
    postings_code,
    shard_table,
)


@given(st.lists(st.integers(min_value=0, max_value=2**40)))
def test_numbers_round_trip(numbers) -> None:
    assert decode_numbers("".join(map(number_code, numbers))) == numbers


@given(
    st.dictionaries(st.integers(min_value=0, max_value=200_000), st.integers(min_value=1, max_value=5_000), min_size=1)
)
def test_postings_round_trip(found) -> None:
    postings = sorted(found.items())
    code = postings_code(postings)
    assert decode_postings(code) == postings
    assert set(code) <= set(ALPHABET)


def test_a_dense_posting_list_costs_one_character_per_page() -> None:
    assert postings_code([(n, 1 + n % 7) for n in range(10_000)]) == "".join(str(n % 7) for n in range(10_000))
    assert number_code(31) == "v" and number_code(32) == "x0"


def test_shard_table_puts_every_key_in_one_shard_under_the_limit_where_it_can() -> None:
    sizes = {f"{a}{b}": 10 for a in "abc" for b in "xyz"} | {"b": 5}
    table = shard_table(sizes, 35)
    assert sorted(k for keys in table.values() for k in keys) == sorted(sizes)
    for prefix, keys in table.items():
        assert all(k.startswith(prefix) for k in keys)
        assert sum(sizes[k] for k in keys) <= 35


def test_script_text_never_closes_a_script_element() -> None:
    line = js_call("document", 1, ["</script><script>alert(1)</script>"])
    assert "</" not in line
    assert json.loads("[" + line[line.index(",") + 1 : line.rindex(")")] + "]") == [
        1,
        ["</script><script>alert(1)</script>"],
    ]


def test_files_hold_the_postings_forms_and_documents() -> None:
    docs = [
        SearchDocument(
            "a.md", "case", "a/", "Gastlessen", "Bedrijven geven gastlessen.", "Een gastles, en nog een.", "III"
        ),
        SearchDocument("b.md", "case", "b/", "Onderhoud", "Windmolens.", "Geen les hier.", "II"),
    ]
    search = BrowserSearch(docs)
    files = search.files("assets/kennisbank/offline-index.js")
    data = "".join(files.values())
    # One file per document, with the text the excerpt is cut from.
    assert (
        'KBSearchData("document",0,["a/","Gastlessen","Bedrijven geven gastlessen.","III","case","Een gastles, en nog een."]);'
        in data
    )
    # Every word that carries a term is listed with it (lowercased, without edge punctuation).
    (line,) = [x for f in files.values() for x in f.split("\\n") if x.startswith("gastles=")]
    assert set(line.split("|")[1].split(",")) >= {"gastlessen", "gastles"}
    assert excerpt_word("(Gastlessen),") == "gastlessen"


@given(st.sets(st.integers(min_value=0, max_value=200_000)))
def test_gaps_round_trip(numbers) -> None:
    assert decode_gaps(gaps_code(sorted(numbers))) == sorted(numbers)
