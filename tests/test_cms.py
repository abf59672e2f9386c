"""The editing form: Decap CMS at admin/, configured from the schema, saving through decap-server.

A real round trip: a case is filled in and saved in headless Chromium; decap-server (local
backend, git mode, so the editorial workflow makes a branch as a forge would make a pull
request) commits it; `kennisbank check` accepts the file as written.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time

import pytest
import yaml

from mkdocs_kennisbank.cli import main

from .browser import browser_page, require_browser, serve
from .conftest import REPO

NODE_MODULES = REPO / "node_modules"


def require_cms() -> None:
    require_browser()
    missing = [p for p in ("decap-cms/dist/decap-cms.js", "decap-server/dist/index.js") if not (NODE_MODULES / p).exists()]
    if missing or not shutil.which("node"):
        if os.environ.get("KENNISBANK_REQUIRE_BROWSER"):
            pytest.fail("Decap CMS of Node.js ontbreekt (npm ci)")
        pytest.skip("Decap CMS of Node.js ontbreekt (npm ci)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def git(root, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        capture_output=True, text=True, check=True,
    )
    return result.stdout


@pytest.fixture
def cms_project(project, tmp_path):
    require_cms()
    port = free_port()
    api = f"http://localhost:{port}/api/v1"
    config = project.read("mkdocs.yml").replace(
        "      contribute_page: bijdragen.md",
        "      contribute_page: bijdragen.md\n"
        f"      cache_dir: ../cache\n      cms_node_modules: {NODE_MODULES}\n"
        f"      cms_local_backend: {api}\n      cms_backend:\n        name: proxy\n        proxy_url: {api}\n        branch: main",
    )
    project.write("mkdocs.yml", config)
    git(project.root, "init", "-q", "-b", "main")
    git(project.root, "add", "-A")
    git(project.root, "commit", "-q", "-m", "start")
    site = project.build(site=tmp_path / "site")
    identity = {f"GIT_{who}_{what}": value for who in ("AUTHOR", "COMMITTER") for what, value in (("NAME", "Redactie"), ("EMAIL", "redactie@example.org"))}
    env = dict(os.environ, PORT=str(port), MODE="git", GIT_REPO_DIRECTORY=str(project.root), **identity)
    # A file, not a pipe: Node writes to pipes synchronously and would block once it is full.
    log = (tmp_path / "decap-server.log").open("w")
    server = subprocess.Popen(
        ["node", str(NODE_MODULES / "decap-server" / "dist" / "index.js")],
        cwd=project.root, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    try:
        yield project, site, f"http://localhost:{port}"
    finally:
        server.terminate()
        server.wait(10)
        log.close()
        print((tmp_path / "decap-server.log").read_text(encoding="utf-8")[-3000:])  # shown when a test fails


def test_generated_config_mirrors_the_schema(project) -> None:
    site = project.build()
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["locale"] == "nl" and config["publish_mode"] == "editorial_workflow"
    cases = config["collections"][0]
    assert cases["folder"] == "kennisbank/praktijkvoorbeelden"
    fields = {f["name"]: f for f in cases["fields"]}
    assert list(fields)[:6] == ["title", "description", "interventieniveaus", "fase", "onderwijs", "gepubliceerd"]
    assert fields["fase"]["widget"] == "select" and fields["fase"]["required"] is True
    assert [o["value"] for o in fields["fase"]["options"]] == ["pilotfase", "vroege-volgers", "opschalingsfase", "late-volgers"]
    assert fields["interventieniveaus"]["multiple"] is True and fields["interventieniveaus"]["min"] == 1
    assert fields["interventieniveaus"]["options"][2] == {"label": "III. Pilotgerichte interventies", "value": "III"}
    assert fields["thema"]["required"] is False
    assert fields["organisaties"]["widget"] == "list"
    assert fields["lessen"]["widget"] == "relation" and fields["lessen"]["collection"] == "lessen"
    assert fields["gepubliceerd"]["format"] == "YYYY-MM-DD"
    assert fields["body"]["modes"] == ["raw"], "a raw editor never rewrites admonitions or attribute lists"
    admin = (site / "admin" / "index.html").read_text(encoding="utf-8")
    assert 'script.src = "decap-cms.js"' in admin or "Beheer is niet meegebouwd" in admin
    assert "unpkg" not in admin and "cdn" not in admin.lower()


def test_saving_a_case_in_the_form_gives_a_file_that_check_accepts(cms_project, monkeypatch, capsys) -> None:
    project, site, api = cms_project
    with serve(site, "/kb/") as base, browser_page(base, api) as (page, blocked):
        page.goto(base + "admin/index.html")
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url("**/admin/index.html#/collections/**")
        page.goto(base + "admin/index.html#/collections/praktijkvoorbeelden/new")
        page.locator("input[id^='title-field']").fill("Bèta in één regio: samen sterk")
        page.locator("textarea[id^='description-field']").fill("Scholen en bedrijven in één regio werken samen aan techniek.")
        for name, options in [("interventieniveaus", ["Regionale", "Ketensamen"]), ("fase", ["Vroege"]), ("onderwijs", ["Vmbo", "Mbo"])]:
            for option in options:
                page.locator(f"input[id^='{name}-field']").click()
                page.keyboard.type(option)
                page.keyboard.press("Enter")
        # The raw Markdown editor keeps admonitions and attribute lists exactly as typed.
        page.locator("[contenteditable=true]").last.click()
        # Slate re-renders once it has focus; typing before that scatters the first keystrokes.
        page.wait_for_function("document.activeElement && document.activeElement.isContentEditable")
        # The form's body is five empty headings: select it all (Slate follows the DOM selection)
        # and write it anew.
        page.locator("[contenteditable=true]").last.evaluate(
            "el => { const r = document.createRange(); r.selectNodeContents(el);"
            " const s = getSelection(); s.removeAllRanges(); s.addRange(r); }"
        )
        page.wait_for_timeout(300)
        page.keyboard.press("Backspace")
        page.wait_for_timeout(300)
        body = []
        for heading in ["Aanleiding", "Aanpak", "Resultaten", "Lessen"]:
            body += [f"## {heading}", "", f"Tekst over {heading.lower()}.", ""]
        body += ["## Meer weten", ""]
        for line in [*body, '!!! tip "Let op"', "    Tekst in een kader.", "", "Een korte alinea.", "{ .klein }"]:
            page.keyboard.type(line)
            page.keyboard.press("Enter")
        page.get_by_role("button", name="Opslaan").click()
        branch = "cms/praktijkvoorbeelden/beta-in-een-regio-samen-sterk"
        # Once decap-server has committed, Decap opens the saved entry. (No git commands from the
        # test meanwhile: they race with decap-server's own.)
        page.wait_for_url("**/entries/beta-in-een-regio-samen-sterk", timeout=30000)
        assert branch in git(project.root, "branch", "--list"), git(project.root, "log", "--all", "--format=%d %s")
        assert blocked == []
    path = "kennisbank/praktijkvoorbeelden/beta-in-een-regio-samen-sterk.md"
    text = git(project.root, "show", f"{branch}:{path}")
    assert 'title: "Bèta in één regio: samen sterk"' in text
    assert "fase: vroege-volgers" in text and "gepubliceerd: 20" in text
    assert "## Aanleiding" in text and "## Meer weten" in text
    assert '!!! tip "Let op"\n    Tekst in een kader.\n' in text and "Een korte alinea.\n{ .klein }" in text
    git(project.root, "checkout", "-q", branch)
    monkeypatch.chdir(project.root)
    assert main(["check"]) == 0, capsys.readouterr().out + text


def test_the_forms_empty_body_is_refused_by_check(chdir_project, capsys) -> None:
    """Saved with only the required fields, the form's body is five empty headings: check (and
    so the build) refuses it, heading by heading, instead of publishing an empty case."""
    from mkdocs_kennisbank.decap import CASE_BODY

    front = chdir_project.read("kennisbank/praktijkvoorbeelden/netwerk-scholen.md").split("---\n")[1]
    chdir_project.write("kennisbank/praktijkvoorbeelden/netwerk-scholen.md", f"---\n{front}---\n{CASE_BODY}")
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 2)[2].split("'")[1] for line in lines] == ["Aanleiding", "Aanpak", "Resultaten", "Lessen", "Meer weten"]


def test_form_accepts_any_plain_text_within_the_length(project) -> None:
    """A description such as "<15 leerlingen" is ordinary text (the site escapes it): the form's
    pattern checks only the length, exactly as `kennisbank check` does."""
    import re

    from mkdocs_kennisbank.decap import config_yaml
    from mkdocs_kennisbank.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(project.root / "kennisbank" / "taxonomie.yml", "kennisbank/taxonomie.yml")
    settings = yaml.safe_load(config_yaml(taxonomy, "kennisbank", {"name": "proxy"}, True))
    cases = next(c for c in settings["collections"] if c["name"] == "praktijkvoorbeelden")
    description = next(f for f in cases["fields"] if f["name"] == "description")
    pattern = re.compile(description["pattern"][0])
    assert pattern.match("<15 leerlingen & 3 scholen > gemiddeld")
    assert pattern.match("x" * 300) and not pattern.match("x" * 301)
    assert "< en >" not in description["pattern"][1]
    project.write("kennisbank/praktijkvoorbeelden/klein.md", project.read(
        "kennisbank/praktijkvoorbeelden/netwerk-scholen.md").replace(
        "description: Een korte samenvatting.", 'description: "<15 leerlingen per klas"'))
    page = (project.build() / "praktijkvoorbeelden" / "klein" / "index.html").read_text(encoding="utf-8")
    assert "&lt;15 leerlingen per klas" in page


def test_admin_without_its_backend_says_what_to_start(cms_project, tmp_path) -> None:
    """Without decap-server the page says in Dutch what to start (and never starts Decap, whose
    failed requests fill the screen); from a file it says to open it through a web server."""
    project, site, api = cms_project
    # The same site, with a backend that does not answer.
    config = project.read("mkdocs.yml").replace(api, "http://localhost:9")
    project.write("mkdocs.yml", config)
    dead = project.build(site=tmp_path / "dead")
    with serve(dead, "/kb/") as base, browser_page(base, "http://localhost:9") as (page, blocked):
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(base + "admin/index.html")
        page.wait_for_selector("[data-kb-admin=kb-admin-local]")
        assert "BIND_HOST=127.0.0.1 npx decap-server" in page.inner_text("main")
        assert page.evaluate("typeof window.CMS") == "undefined", "Decap is not started"
        assert len(errors) <= 1, errors  # the one probe, not Decap's ~30 failed requests
    from playwright.sync_api import sync_playwright

    from .browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto((site / "admin" / "index.html").as_uri())
            page.wait_for_selector("[data-kb-admin=kb-admin-file]")
            assert "scripts/serve" in page.inner_text("main")
        finally:
            browser.close()
