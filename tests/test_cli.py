"""The `kennisbank` command: exit codes and exact output."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mkdocs_kennisbank.cli import main

from .conftest import case_text


def test_check_clean(chdir_project, capsys) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == "In orde: 3 praktijkvoorbeelden, 2 lessen, 7 niveauteksten.\n"


def test_check_errors_exit_1(chdir_project, capsys) -> None:
    chdir_project.case("fout", "Fout", fase="pilot")
    assert main(["check"]) == 1
    out = capsys.readouterr()
    assert out.out == (
        "kennisbank/praktijkvoorbeelden/fout.md:5:7: fase: onbekende waarde 'pilot' (bedoelde je 'pilotfase'?); "
        "kies uit: pilotfase, vroege-volgers, opschalingsfase, late-volgers\n"
    )
    assert out.err == "1 fout gevonden.\n"


def test_check_other_folder(project, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--map", "project/kennisbank"]) == 0


def test_check_missing_folder_is_usage_error(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert capsys.readouterr().err == (
        "Fout: de map 'kennisbank' bestaat niet; start in de map met mkdocs.yml of geef --map op\n"
    )


def test_unknown_option_is_usage_error(chdir_project, capsys) -> None:
    assert main(["check", "--snel"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fout: onbekende optie: ")
    assert "--snel" in err and "Traceback" not in err


def test_unknown_command_is_usage_error(chdir_project, capsys) -> None:
    assert main(["controleer"]) == 2
    assert capsys.readouterr().err.startswith("Fout: verkeerd gebruik: ")


def test_help_is_dutch(capsys) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Gebruik: kennisbank [OPTIES] OPDRACHT [ARGUMENTEN]...")
    assert "Opdrachten" in out and "Controleer alle praktijkvoorbeelden" in out
    for command in ("check", "new", "reviews", "search"):
        assert main([command, "--help"]) == 0
        out += capsys.readouterr().out
    for english in ("Show this message", "[default:", "OPTIONS", " TEXT", " INTEGER", "Usage:"):
        assert english not in out


def test_dutch_help_stays_in_our_commands() -> None:
    """Importing the CLI does not change click for the whole process (MkDocs' help stays as it is)."""
    import click
    from click.testing import CliRunner
    from mkdocs.__main__ import cli as mkdocs_cli

    assert click.Group.command_class is None
    out = CliRunner().invoke(mkdocs_cli, ["build", "--help"]).output
    assert "Show this message and exit." in out and "Gebruik" not in out


def test_new_case_and_never_overwrite(chdir_project, capsys) -> None:
    project = chdir_project
    assert main(["new", "praktijkvoorbeeld", "Bèta in één regio"]) == 0
    path = project.root / "kennisbank/praktijkvoorbeelden/beta-in-een-regio.md"
    assert capsys.readouterr().out == (
        "Aangemaakt: kennisbank/praktijkvoorbeelden/beta-in-een-regio.md\n"
        "Vul de velden in en controleer daarna met: kennisbank check\n"
    )
    text = path.read_text(encoding="utf-8")
    assert 'title: "Bèta in één regio"\n' in text
    assert "# Kies uit: I (Financiële middelen), II (Monitoring en benchmarking)" in text

    path.write_text(text + "\nMijn eigen tekst.\n", encoding="utf-8")
    edited = path.read_bytes()
    assert main(["new", "praktijkvoorbeeld", "Bèta in één regio"]) == 1
    assert capsys.readouterr().err == (
        "Fout: kennisbank/praktijkvoorbeelden/beta-in-een-regio.md bestaat al; er is niets overschreven.\n"
    )
    assert path.read_bytes() == edited


def test_new_lesson_refuses_slug_of_a_case(chdir_project, capsys) -> None:
    assert main(["new", "les", "Pilot docenten"]) == 1
    assert "praktijkvoorbeelden/pilot-docenten.md bestaat al" in capsys.readouterr().err
    assert not (chdir_project.root / "kennisbank/lessen/pilot-docenten.md").exists()


def test_new_file_guides_the_contributor(chdir_project, capsys) -> None:
    """A fresh scaffold parses; check names exactly the required fields still to fill."""
    assert main(["new", "praktijkvoorbeeld", "Techniek: zo doe je dat"]) == 0
    capsys.readouterr()
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    fields, prompts = lines[:4], lines[4:]
    assert [line.split(": ")[1] for line in fields] == ["description", "interventieniveaus", "fase", "onderwijs"]
    assert all("dit veld is verplicht maar leeg" in line for line in fields)
    # The template's prompts under each heading are refused too, each with its line.
    sections = ["Aanleiding", "Aanpak", "Resultaten", "Lessen", "Meer weten"]
    assert [line.split(": ", 2)[2] for line in prompts] == [
        f"onder '{title}' staat nog de uitleg uit het sjabloon; vervang die door je eigen tekst" for title in sections
    ]


def test_filled_in_scaffold_is_valid(chdir_project, capsys) -> None:
    assert main(["new", "les", "Begin met de uitvoerders"]) == 0
    path = chdir_project.root / "kennisbank/lessen/begin-met-de-uitvoerders.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("description:\n", "description: Vraag eerst wie het werk doet.\n")
    text = text.replace("interventieniveaus:\n", "interventieniveaus: [IV]\n")
    text = text.replace("praktijkvoorbeelden:\n", "praktijkvoorbeelden: [netwerk-scholen]\n")
    text = text.replace(
        "Waarom werkt dit zo? Wat zegt de bron erover, en wat gaat er mis als je het anders doet?",
        "Wie het werk doet, weet wat werkt.",
    )
    text = text.replace("In welke situatie of fase past deze les?", "Bij elke nieuwe regeling.")
    text = text.replace("Wanneer geldt de les niet, of minder?", "Als er nog geen uitvoerders zijn.")
    text = text.replace("Wat gaat er vaak mis als je de les toepast?", "Uitvoerders pas laat vragen.")
    text = text.replace("Wat kan een school, een team of een docent met deze les doen?", "Vraag het je team eerst.")
    path.write_text(text, encoding="utf-8")
    assert main(["check"]) == 0


def test_new_usage_errors(chdir_project, capsys) -> None:
    assert main(["new", "verhaal", "Titel"]) == 2
    assert capsys.readouterr().err == "Fout: onbekende soort 'verhaal'; kies praktijkvoorbeeld of les\n"
    assert main(["new", "les", "\u202eVet"]) == 2
    assert "richting omkeren" in capsys.readouterr().err
    assert main(["new", "les", "!!!"]) == 2
    assert "geen letters of cijfers" in capsys.readouterr().err
    assert main(["new", "les"]) == 2


def test_console_script_never_shows_traceback(chdir_project) -> None:
    chdir_project.write("kennisbank/taxonomie.yml", b"\xff\xfe kapot")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_kennisbank", "check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == "kennisbank/taxonomie.yml:1:1: bestand: het bestand is geen UTF-8; sla het op als UTF-8\n"


# -- hostile input at the command line (see also test_hostile_input.py) --------------------


def files_in(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_new_with_a_title_that_is_not_utf8_leaves_no_file(chdir_project) -> None:
    """argv bytes that are not UTF-8 reach Python as lone surrogates: refused before writing."""
    before = files_in(chdir_project.root)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_kennisbank", "new", "praktijkvoorbeeld", b"Caf\xe9 in de regio"],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert result.stderr.decode("utf-8") == (
        "Fout: de titel is geen geldige UTF-8-tekst; typ de titel opnieuw of zet je terminal op UTF-8\n"
    )
    assert files_in(chdir_project.root) == before


def test_new_in_process_with_surrogates_leaves_no_file(chdir_project, capsys) -> None:
    before = files_in(chdir_project.root)
    assert main(["new", "les", "abc\udcff"]) == 2
    assert main(["new", "les", "abc\ud800"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("Fout: ") == 2
    assert files_in(chdir_project.root) == before


def test_new_writes_completely_or_not_at_all(chdir_project, monkeypatch, capsys) -> None:
    """A write that fails halfway (disk full) leaves neither the file nor a temporary one."""
    import os

    from mkdocs_kennisbank.content import fsutil

    before = files_in(chdir_project.root)

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    fsync = os.fsync
    monkeypatch.setattr(fsutil.os, "fsync", full)
    assert main(["new", "les", "Schijf vol"]) == 2
    assert "kan niet geschreven worden (No space left on device)" in capsys.readouterr().err
    assert files_in(chdir_project.root) == before
    monkeypatch.setattr(fsutil.os, "fsync", fsync)

    def no_links(*args, **kwargs) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(fsutil.os, "link", no_links)  # file systems without hard links
    assert main(["new", "les", "Zonder harde links"]) == 0
    path = chdir_project.root / "kennisbank/lessen/zonder-harde-links.md"
    assert path.read_text(encoding="utf-8").startswith("---\n")
    assert set(files_in(chdir_project.root)) - set(before) == {"kennisbank/lessen/zonder-harde-links.md"}


@pytest.mark.parametrize(
    "title", ['Zij zei "ja" & <15 leerlingen', "{{ x }} en {% y %} **vet** [a](b)", "#1: 'a' \\ b"]
)
def test_new_accepts_any_printable_title_and_it_round_trips(chdir_project, capsys, title: str) -> None:
    assert main(["new", "les", title]) == 0
    created = capsys.readouterr().out.split("\n")[0].removeprefix("Aangemaakt: ")
    path = chdir_project.root / created
    from mkdocs_kennisbank.content.frontmatter import decode, split

    assert split(decode(path.read_bytes())).meta.items["title"][1].value == title


def test_new_refuses_a_reserved_name(chdir_project, capsys) -> None:
    assert main(["new", "praktijkvoorbeeld", "Index"]) == 2
    assert capsys.readouterr().err == (
        "Fout: de titel geeft de bestandsnaam 'index.md', die de kennisbank zelf gebruikt; kies een andere titel\n"
    )
    assert not (chdir_project.root / "kennisbank/praktijkvoorbeelden/index.md").exists()


def test_check_does_not_hang_on_a_fifo(chdir_project) -> None:
    import os

    os.mkfifo(chdir_project.root / "kennisbank/praktijkvoorbeelden/x.md")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_kennisbank", "check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,  # only a guard: the check itself must not wait for the FIFO at all
    )
    assert result.returncode == 1
    assert result.stdout == (
        "kennisbank/praktijkvoorbeelden/x.md:1:1: bestand: dit is geen gewoon bestand maar een named pipe (FIFO); "
        "zet hier alleen gewone tekstbestanden neer\n"
    )


@pytest.mark.parametrize("fmt", ["tekst", "json", "github", "gitlab"])
def test_values_cannot_forge_lines_or_escape_sequences(chdir_project, capsys, fmt: str) -> None:
    path = chdir_project.case("nep", "Nep")
    forged = '"pilot\\nkennisbank/praktijkvoorbeelden/echt.md:1:1: title: nep"'
    path.write_text(path.read_text(encoding="utf-8").replace("fase: pilotfase", f"fase: {forged}"), encoding="utf-8")
    chdir_project.write(
        "kennisbank/praktijkvoorbeelden/kleur.md",
        case_text("Kleur").replace("## Aanleiding", "## Aanleiding \x1b[31mrood\x1b[0m \u202e"),
    )
    assert main(["check", "--format", fmt]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    if fmt in ("tekst", "github"):
        lines = out.splitlines()
        forged_starts = (
            "kennisbank/praktijkvoorbeelden/echt.md",
            "::error file=kennisbank/praktijkvoorbeelden/echt.md",
        )
        assert len(lines) == 4 and not any(line.startswith(forged_starts) for line in lines)
        assert "pilot\\nkennisbank/praktijkvoorbeelden/echt.md" in out
    else:
        import json

        assert len(json.loads(out)) == 4


def test_usage_errors_show_what_was_typed_visibly(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--map", "kb\x1b[31m\n"]) == 2
    err = capsys.readouterr().err
    assert err == "Fout: de map 'kb\\x1b[31m\\n' bestaat niet; start in de map met mkdocs.yml of geef --map op\n"
