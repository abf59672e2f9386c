"""Audit of issue 11: everything the `kennisbank` command says on wrong use is Dutch.

click's own messages ("Missing argument", "No such command", "Invalid value for") are English;
the CLI says each problem in Dutch and points to the help of the command that was used."""

from __future__ import annotations

import re

import pytest

from mkdocs_kennisbank.cli import main

# Words of click's English messages that must never reach a contributor.
ENGLISH = re.compile(
    r"Missing|No such|Invalid value|is not one of|is not in the range|not a valid|"
    r"requires an argument|does not take|unexpected extra|Did you mean|Usage|Try '"
)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["controleer"],
            "Fout: verkeerd gebruik: onbekende opdracht 'controleer'; kies uit: check, new, reviews, search\n"
            "Zie: kennisbank --help\n",
        ),
        (
            ["check", "--form"],
            "Fout: onbekende optie: '--form' bestaat niet; bedoelde je --format?\nZie: kennisbank check --help\n",
        ),
        (["new"], "Fout: er ontbreekt een argument: SOORT\nZie: kennisbank new --help\n"),
        (["new", "les"], 'Fout: er ontbreekt een argument: "TITEL"\nZie: kennisbank new --help\n'),
        (["search"], "Fout: er ontbreekt een argument: ZOEKWOORDEN...\nZie: kennisbank search --help\n"),
        (
            ["search", "x", "--limit", "0"],
            "Fout: ongeldige waarde: --limit: 0 ligt niet tussen 1 en 100\nZie: kennisbank search --help\n",
        ),
        (
            ["reviews", "--dagen", "veel"],
            "Fout: ongeldige waarde: --dagen: 'veel' is geen geheel getal\nZie: kennisbank reviews --help\n",
        ),
        (
            ["check", "--format", "xml"],
            "Fout: ongeldige waarde: --format: 'xml' is geen keuze; kies uit: tekst, json, "
            "github, gitlab\nZie: kennisbank check --help\n",
        ),
        (["check", "extra"], "Fout: verkeerd gebruik: te veel argumenten: extra\nZie: kennisbank check --help\n"),
    ],
)
def test_wrong_use_is_explained_in_dutch(chdir_project, capsys, argv, expected) -> None:
    assert main(argv) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == expected
    assert not ENGLISH.search(out.err)


@pytest.mark.parametrize("argv", [["check", "--map"], ["search", "x", "--json=ja"]])
def test_parser_messages_are_dutch(chdir_project, capsys, argv) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fout: verkeerd gebruik: ")
    assert not ENGLISH.search(err), err


def test_help_lists_arguments_apart_from_options(capsys) -> None:
    assert main(["new", "--help"]) == 0
    out = capsys.readouterr().out
    arguments = out[out.index("Argumenten:") : out.index("Opties:")]
    assert "SOORT    Praktijkvoorbeeld of les." in arguments
    assert '"TITEL"' in arguments
    assert "SOORT" not in out[out.index("Opties:") :]
