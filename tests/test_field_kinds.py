"""Every field kind has a check, a form widget and a line in the field reference; every
declared field uses a known kind. A new kind that misses one of them fails here."""

from __future__ import annotations

import pytest

from mkdocs_kennisbank.content import schema
from mkdocs_kennisbank.content.schema import CONTENT_KINDS, FORMATS, FieldKind
from mkdocs_kennisbank.content.validate import CHECKS
from mkdocs_kennisbank.contribute import decap

from .conftest import REPO


@pytest.fixture(scope="module")
def taxonomy():
    from mkdocs_kennisbank.content.taxonomy import load_taxonomy

    return load_taxonomy(REPO / "kennisbank" / "taxonomie.yml", "kennisbank/taxonomie.yml")


@pytest.mark.parametrize("kind", list(FieldKind))
def test_every_kind_has_a_check_a_widget_and_a_reference_line(kind: FieldKind, taxonomy) -> None:
    assert kind in CHECKS
    assert FORMATS[kind] and FORMATS[kind][0].islower()  # Dutch, continues a sentence
    facet = next(iter(taxonomy.facets)) if kind in (FieldKind.TERM, FieldKind.TERMS) else None
    spec = schema.Field("veld", kind, "Veld", "Uitleg.", facet=facet, choices=("a",), target="lessen")
    widget = decap._widget(spec, taxonomy)
    assert widget["name"] == "veld" and widget["label"] == "Veld"


def test_an_unknown_kind_is_refused_where_it_is_declared() -> None:
    with pytest.raises(ValueError, match="'tekst' is not a valid FieldKind"):
        schema.Field("veld", "tekst", "Veld", "Uitleg.")  # type: ignore[arg-type]


def test_content_kinds_name_their_folders_fields_and_links() -> None:
    folders = [kind.folder for kind in CONTENT_KINDS]
    assert folders == ["praktijkvoorbeelden", "lessen", "niveaus"]
    for kind in CONTENT_KINDS:
        names = [f.name for f in kind.fields]
        assert len(names) == len(set(names)), kind.folder
        if kind.links_key:
            (link,) = [f for f in kind.fields if f.name == kind.links_key]
            assert link.kind is FieldKind.REFS and link.target in folders


def test_a_field_explanation_continues_a_message_in_good_dutch() -> None:
    from mkdocs_kennisbank.content.validate import _continue_sentence

    assert _continue_sentence("Eén of twee zinnen.") == "één of twee zinnen."
    assert _continue_sentence("Lijst met thema's.") == "lijst met thema's."
