"""Contributing through pull requests: machine-readable check output, review state, CI files."""

from __future__ import annotations

import datetime as dt
import json

import yaml

from mkdocs_kennisbank import load
from mkdocs_kennisbank.cli import main

from .conftest import REPO


def break_one(project) -> None:
    project.case("kapot", "Kapot", fase="pilot")


def test_check_json(chdir_project, capsys) -> None:
    break_one(chdir_project)
    assert main(["check", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == [
        {
            "path": "kennisbank/praktijkvoorbeelden/kapot.md",
            "line": 5,
            "column": 7,
            "field": "fase",
            "message": "onbekende waarde 'pilot' (bedoelde je 'pilotfase'?); kies uit: pilotfase, vroege-volgers, "
            "opschalingsfase, late-volgers",
            "severity": "error",
        }
    ]


def test_check_github_annotations(chdir_project, capsys) -> None:
    break_one(chdir_project)
    assert main(["check", "--format", "github"]) == 1
    assert capsys.readouterr().out == (
        "::error file=kennisbank/praktijkvoorbeelden/kapot.md,line=5,col=7,title=fase::onbekende waarde 'pilot' "
        "(bedoelde je 'pilotfase'?); kies uit: pilotfase, vroege-volgers, opschalingsfase, late-volgers\n"
    )


def test_check_gitlab_code_quality(chdir_project, capsys) -> None:
    break_one(chdir_project)
    assert main(["check", "--format", "gitlab"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert len(report) == 1
    assert report[0]["location"] == {"path": "kennisbank/praktijkvoorbeelden/kapot.md", "lines": {"begin": 5}}
    assert report[0]["severity"] == "major" and report[0]["check_name"] == "kennisbank-fase"
    assert len(report[0]["fingerprint"]) == 40


def test_clean_check_in_json_is_an_empty_list(chdir_project, capsys) -> None:
    assert main(["check", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def with_review(project, volgende: str, status: str = "goedgekeurd") -> None:
    path = project.root / "kennisbank/praktijkvoorbeelden/pilot-docenten.md"
    text = path.read_text(encoding="utf-8").replace(
        "gepubliceerd: 2026-11-27",
        f"gepubliceerd: 2026-11-27\nreview:\n  status: {status}\n  door: Redactie\n  datum: 2025-01-10\n  volgende: {volgende}",
    )
    path.write_text(text, encoding="utf-8")


def test_passed_review_is_a_warning_not_an_error(chdir_project, capsys) -> None:
    with_review(chdir_project, "2020-01-01")
    assert main(["check"]) == 0
    out = capsys.readouterr()
    assert out.out == (
        "kennisbank/praktijkvoorbeelden/pilot-docenten.md:17:13: review.volgende: waarschuwing: de volgende review "
        "(2020-01-01) is verstreken; laat het voorbeeld opnieuw beoordelen en zet daarna een nieuwe datum\n"
    )
    assert out.err.endswith("; 1 waarschuwing.\n")
    assert main(["check", "--format", "github"]) == 0
    assert capsys.readouterr().out.startswith(
        "::warning file=kennisbank/praktijkvoorbeelden/pilot-docenten.md,line=17,"
    )


def test_review_fields_are_checked(chdir_project, capsys) -> None:
    with_review(chdir_project, "volgend jaar", status="klaar")
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[1] for line in lines] == ["review.status", "review.volgende"]


def test_reviews_command_lists_due_cases(chdir_project, capsys) -> None:
    soon = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    with_review(chdir_project, soon)
    assert main(["reviews"]) == 0
    assert capsys.readouterr().out == (
        f"{soon}  binnenkort  kennisbank/praktijkvoorbeelden/pilot-docenten.md  (Pilot docenten, laatst door Redactie)\n"
    )
    assert main(["reviews", "--dagen", "5"]) == 0
    assert capsys.readouterr().out == "Geen reviews verstreken of binnen 5 dagen.\n"


def test_review_badge_on_case_page(project) -> None:
    with_review(project, "2020-01-01")
    kb = load(project.content, root=project.root)
    assert kb.overdue_reviews()[0].slug == "pilot-docenten"
    html = (project.build() / "praktijkvoorbeelden/pilot-docenten/index.html").read_text(encoding="utf-8")
    assert 'class="kb-review kb-review--goedgekeurd kb-review--verlopen"' in html
    assert (
        "Review: goedgekeurd; door Redactie op 10 januari 2025; volgende review was gepland op 1 januari 2020" in html
    )


def test_ci_files_run_the_check_and_the_build() -> None:
    github = yaml.safe_load((REPO / ".github/workflows/kennisbank.yml").read_text(encoding="utf-8"))
    steps = [step.get("run", "") for job in github["jobs"].values() for step in job["steps"]]
    assert "kennisbank check --format github" in steps and "mkdocs build --strict" in steps
    gitlab = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert any("kennisbank check --format gitlab" in line for line in gitlab["check"]["script"])
    assert gitlab["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    reviews = yaml.safe_load((REPO / ".github/workflows/reviews.yml").read_text(encoding="utf-8"))
    assert "schedule" in reviews[True] or "schedule" in reviews.get("on", {})
    for template in (".github/pull_request_template.md", ".gitlab/merge_request_templates/Praktijkvoorbeeld.md"):
        text = (REPO / template).read_text(encoding="utf-8")
        assert "kennisbank check" in text and "toestemming" in text
