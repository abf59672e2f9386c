"""The `kennisbank` command: exit codes and exact output."""

from __future__ import annotations

import subprocess
import sys

from mkdocs_kennisbank.cli import main


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
    assert out.startswith("Gebruik: kennisbank [OPTIONS] COMMAND [ARGS]...")
    assert "Opdrachten" in out and "Controleer alle praktijkvoorbeelden" in out


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
    assert [line.split(": ")[1] for line in lines] == ["description", "interventieniveaus", "fase", "onderwijs"]
    assert all("dit veld is verplicht maar leeg" in line for line in lines)


def test_filled_in_scaffold_is_valid(chdir_project, capsys) -> None:
    assert main(["new", "les", "Begin met de uitvoerders"]) == 0
    path = chdir_project.root / "kennisbank/lessen/begin-met-de-uitvoerders.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("description:\n", "description: Vraag eerst wie het werk doet.\n")
    text = text.replace("interventieniveaus:\n", "interventieniveaus: [IV]\n")
    text = text.replace("praktijkvoorbeelden:\n", "praktijkvoorbeelden: [netwerk-scholen]\n")
    path.write_text(text, encoding="utf-8")
    assert main(["check"]) == 0


def test_new_usage_errors(chdir_project, capsys) -> None:
    assert main(["new", "verhaal", "Titel"]) == 2
    assert capsys.readouterr().err == "Fout: onbekende soort 'verhaal'; kies praktijkvoorbeeld of les\n"
    assert main(["new", "les", "<b>Vet</b>"]) == 2
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
