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
    missing = [
        p for p in ("decap-cms/dist/decap-cms.js", "decap-server/dist/index.js") if not (NODE_MODULES / p).exists()
    ]
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
        capture_output=True,
        text=True,
        check=True,
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
    identity = {
        f"GIT_{who}_{what}": value
        for who in ("AUTHOR", "COMMITTER")
        for what, value in (("NAME", "Redactie"), ("EMAIL", "redactie@example.org"))
    }
    env = dict(os.environ, PORT=str(port), MODE="git", GIT_REPO_DIRECTORY=str(project.root), **identity)
    # A file, not a pipe: Node writes to pipes synchronously and would block once it is full.
    log = (tmp_path / "decap-server.log").open("w")
    server = subprocess.Popen(
        ["node", str(NODE_MODULES / "decap-server" / "dist" / "index.js")],
        cwd=project.root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
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
    assert list(fields)[:8] == [
        "title",
        "description",
        "interventieniveaus",
        "fase",
        "onderwijs",
        "thema",
        "regio",
        "gepubliceerd",
    ]
    assert fields["fase"]["widget"] == "select" and fields["fase"]["required"] is True
    assert [o["value"] for o in fields["fase"]["options"]] == [
        "pilotfase",
        "vroege-volgers",
        "opschalingsfase",
        "late-volgers",
    ]
    assert fields["interventieniveaus"]["multiple"] is True and fields["interventieniveaus"]["min"] == 1
    assert fields["interventieniveaus"]["options"][2] == {"label": "III. Pilotgerichte interventies", "value": "III"}
    assert fields["thema"]["required"] is False
    assert fields["organisaties"]["widget"] == "list"
    assert fields["lessen"]["widget"] == "relation" and fields["lessen"]["collection"] == "lessen"
    assert fields["gepubliceerd"]["format"] == "YYYY-MM-DD"
    assert fields["body"]["modes"] == ["raw"], "a raw editor never rewrites admonitions or attribute lists"
    admin = (site / "admin" / "index.html").read_text(encoding="utf-8")
    assert 'load("decap-cms.js"' in admin or "Beheer is niet meegebouwd" in admin
    assert "unpkg" not in admin and "cdn" not in admin.lower()


def test_saving_a_case_in_the_form_gives_a_file_that_check_accepts(cms_project, monkeypatch, capsys) -> None:
    project, site, api = cms_project
    with serve(site, "/kb/") as base, browser_page(base, api) as (page, blocked):
        page.goto(base + "admin/index.html")
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url("**/admin/index.html#/collections/**")
        page.goto(base + "admin/index.html#/collections/praktijkvoorbeelden/new")
        page.locator("input[id^='title-field']").fill("Bèta in één regio: samen sterk")
        page.locator("textarea[id^='description-field']").fill(
            "Scholen en bedrijven in één regio werken samen aan techniek."
        )
        for name, options in [
            ("interventieniveaus", ["Regionale", "Ketensamen"]),
            ("fase", ["Vroege"]),
            ("onderwijs", ["Vmbo", "Mbo"]),
        ]:
            for option in options:
                page.locator(f"input[id^='{name}-field']").first.click()  # the first: also under volgens-bron
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
    from mkdocs_kennisbank.contribute.decap import CASE_BODY

    front = chdir_project.read("kennisbank/praktijkvoorbeelden/netwerk-scholen.md").split("---\n")[1]
    chdir_project.write("kennisbank/praktijkvoorbeelden/netwerk-scholen.md", f"---\n{front}---\n{CASE_BODY}")
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 2)[2].split("'")[1] for line in lines] == [
        "Aanleiding",
        "Aanpak",
        "Resultaten",
        "Lessen",
        "Meer weten",
    ]


def test_form_accepts_any_plain_text_within_the_length(project) -> None:
    """A description such as "<15 leerlingen" is ordinary text (the site escapes it): the form's
    pattern checks only the length, exactly as `kennisbank check` does."""
    import re

    from mkdocs_kennisbank.content.taxonomy import load_taxonomy
    from mkdocs_kennisbank.contribute.decap import config_yaml

    taxonomy = load_taxonomy(project.root / "kennisbank" / "taxonomie.yml", "kennisbank/taxonomie.yml")
    settings = yaml.safe_load(config_yaml(taxonomy, "kennisbank", {"name": "proxy"}, True))
    cases = next(c for c in settings["collections"] if c["name"] == "praktijkvoorbeelden")
    description = next(f for f in cases["fields"] if f["name"] == "description")
    pattern = re.compile(description["pattern"][0])
    assert pattern.match("<15 leerlingen & 3 scholen > gemiddeld")
    assert pattern.match("x" * 300) and not pattern.match("x" * 301)
    assert "< en >" not in description["pattern"][1]
    project.write(
        "kennisbank/praktijkvoorbeelden/klein.md",
        project.read("kennisbank/praktijkvoorbeelden/netwerk-scholen.md").replace(
            "description: Een korte samenvatting.", 'description: "<15 leerlingen per klas"'
        ),
    )
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
    with serve(dead, "/kb/") as base, browser_page(base, "http://localhost:9") as (page, _blocked):
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(base + "admin/index.html")
        page.wait_for_selector("[data-kb-admin=kb-admin-local]")
        assert "BIND_HOST=127.0.0.1 MODE=git npx decap-server" in page.inner_text("main")
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


def open_new_case(page, base: str, description: str = "Scholen werken samen.") -> None:
    page.goto(base + "admin/index.html")
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_url("**/admin/index.html#/collections/**")
    page.goto(base + "admin/index.html#/collections/praktijkvoorbeelden/new")
    page.locator("input[id^='title-field']").fill("Klein en fijn")
    page.locator("textarea[id^='description-field']").fill(description)
    for name, option in [("interventieniveaus", "Monitoring"), ("fase", "Pilot"), ("onderwijs", "Hbo")]:
        page.locator(f"input[id^='{name}-field']").first.click()  # the first: also under volgens-bron
        page.keyboard.type(option)
        page.keyboard.press("Enter")


def test_admin_page_embeds_labels_styles_and_phrases_safely(project) -> None:
    """The preview's data is JSON in the page, with no "<" that could end its element; the
    stylesheets are the site's own, relative to admin/ (so any sub-path works)."""
    import json
    import re

    from mkdocs_kennisbank.contribute.decap import script_json

    assert script_json({"a": "</script><!--&\u2028"}) == '{"a":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028"}'
    if not (NODE_MODULES / "decap-cms" / "dist" / "decap-cms.js").is_file():
        pytest.skip("Decap CMS ontbreekt (npm ci)")
    project.write(
        "mkdocs.yml",
        project.read("mkdocs.yml").replace(
            "      contribute_page: bijdragen.md",
            f"      contribute_page: bijdragen.md\n      cms_node_modules: {NODE_MODULES}",
        ),
    )
    site = project.build()
    admin = (site / "admin" / "index.html").read_text(encoding="utf-8")
    raw = re.search(r'<script type="application/json" id="kb-admin-data">(.*?)</script>', admin, re.DOTALL).group(1)
    assert "<" not in raw and "&" not in raw
    data = json.loads(raw)
    facets = {key: dict(terms) for key, _label, _plural, terms in data["facets"]}
    assert facets["interventieniveaus"]["II"] == "II. Monitoring en benchmarking"
    assert facets["fase"]["pilotfase"] == "Pilotfase"
    main_css = next(
        href for href in data["styles"] if re.fullmatch(r"\.\./assets/stylesheets/main\.[0-9a-f]+\.min\.css", href)
    )
    assert (site / main_css[3:]).is_file()
    assert "../assets/kennisbank/kennisbank.css" in data["styles"]
    assert all(href.startswith("../") and (site / href[3:]).is_file() for href in data["styles"]), data["styles"]
    assert (site / "admin" / "admin-preview.js").is_file()
    preview = (site / "admin" / "admin-preview.js").read_text(encoding="utf-8")
    assert "innerHTML" not in preview and "dangerouslySetInnerHTML" not in preview
    assert data["locale"]["editor"]["editorControlPane"]["widget"]["regexPattern"] == "%{fieldLabel}: %{pattern}."
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    for collection in config["collections"]:
        for field in collection["fields"]:
            for sub in [field, field.get("field") or {}, *field.get("fields", [])]:
                if "pattern" in sub:
                    assert not sub["pattern"][1].endswith("."), sub  # Decap adds the period
    assert next(f for f in config["collections"][0]["fields"] if f["name"] == "body")["sanitize_preview"] is True


def test_preview_looks_like_the_site(cms_project) -> None:
    """The preview uses the site's CSS and shows the taxonomy's labels, not the stored ids; a
    description such as "<15 leerlingen & meer" is accepted and shown as text."""
    project, site, api = cms_project
    description = "<15 leerlingen & meer"
    with serve(site, "/kb/") as base, browser_page(base, api) as (page, blocked):
        open_new_case(page, base, description)
        frame = page.frame_locator("iframe").first
        article = frame.locator("article.kb-admin-preview")
        article.wait_for()
        assert article.locator("h1").inner_text() == "Klein en fijn"
        chips = article.locator(".kb-chip").all_inner_texts()
        assert chips == ["II. Monitoring en benchmarking", "Pilotfase", "Hbo"], chips
        assert article.locator("dt").all_inner_texts() == ["Interventieniveau", "Fase", "Onderwijssoort"]
        lead = article.locator(".kb-lead")
        assert lead.inner_text() == description
        assert "&lt;15 leerlingen &amp; meer" in lead.inner_html()
        assert article.locator("h2").all_inner_texts()[:2] == ["Aanleiding", "Aanpak"]  # the body
        # The site's own stylesheets, loaded (not only linked) into the preview frame.
        sheets = page.frames[1].evaluate(
            "() => [...document.styleSheets].filter(s => s.href).map(s => [s.href, s.cssRules.length])"
        )
        assert any("/kb/assets/stylesheets/main." in href and rules > 100 for href, rules in sheets), sheets
        assert any(href.endswith("/kb/assets/kennisbank/kennisbank.css") and rules for href, rules in sheets), sheets
        # Material's typography and the kennisbank's chips apply.
        assert (
            page.frames[1].evaluate("() => getComputedStyle(document.querySelector('.kb-admin-preview h1')).fontWeight")
            == "300"
        )
        assert (
            page.frames[1].evaluate("() => getComputedStyle(document.querySelector('.kb-chip')).borderRadius") != "0px"
        )
        # The description is accepted: no message on it.
        assert page.get_by_text("Samenvatting:", exact=False).count() == 0
        page.get_by_role("button", name="Opslaan").click()
        page.wait_for_url("**/entries/klein-en-fijn", timeout=30000)
        assert blocked == []
    text = git(
        project.root, "show", "cms/praktijkvoorbeelden/klein-en-fijn:kennisbank/praktijkvoorbeelden/klein-en-fijn.md"
    )
    assert yaml.safe_load(text.split("---\n")[1])["description"] == description


def test_validation_messages_are_plain_dutch_sentences(cms_project) -> None:
    """One sentence per message, with one period, in ordinary letters (Decap writes them, and
    the field labels, in capitals)."""
    _project, site, api = cms_project
    with serve(site, "/kb/") as base, browser_page(base, api) as (page, blocked):
        open_new_case(page, base)
        page.locator("input[id^='periode-field']").fill("ooit")
        page.locator("input[id^='title-field']").click()
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        page.get_by_role("button", name="Opslaan").click()
        expected = {
            "Periode: schrijf een jaartal of jaren, zoals 2015, 2010-2015 of 2018- (loopt nog).",
            "Titel is verplicht.",
        }
        for message in sorted(expected):
            item = page.locator("li", has_text=message)
            item.wait_for()
            assert item.inner_text() == message, "not in capitals"
            assert item.evaluate("el => getComputedStyle(el).textTransform") == "none"
        errors = page.locator("[class*='-ControlErrorsList'] li").all_inner_texts()
        assert errors and all(".." not in e and e.endswith(".") for e in errors), errors
        label = page.locator("label[for^='title-field']")
        assert label.inner_text() == "Titel" and label.evaluate("el => getComputedStyle(el).textTransform") == "none"
        assert blocked == []


GUIDE = REPO / "docs" / "bijdragen.md"


def test_the_guides_button_names_are_what_the_form_shows(cms_project, tmp_path) -> None:
    """Every button and column the contributor guide names, step by step, as the form shows it
    in local mode (decap-server, git mode), and the forges' login buttons."""
    project, site, api = cms_project
    guide = GUIDE.read_text(encoding="utf-8")
    section = guide.split("## Manier 1")[1].split("## Manier 2")[0]

    def named(*names: str) -> None:
        for name in names:
            assert f"*{name}*" in section, f"de handleiding noemt {name!r} niet"

    with serve(site, "/kb/") as base, browser_page(base, api) as (page, blocked):
        page.goto(base + "admin/index.html")
        named("Inloggen")
        page.get_by_role("button", name="Inloggen", exact=True).click()
        page.wait_for_url("**/admin/index.html#/collections/**")
        named("Inhoudstypen", "Praktijkvoorbeelden", "Lessen", "Inhoud", "Workflow", "＋ Praktijkvoorbeeld")
        for text in ["Inhoudstypen", "Praktijkvoorbeelden", "Lessen", "Inhoud", "Workflow"]:
            assert page.get_by_text(text, exact=True).first.is_visible(), text
        page.get_by_role("link", name="Praktijkvoorbeelden").first.click()
        page.get_by_text("＋ Praktijkvoorbeeld", exact=True).click()
        page.wait_for_url("**/collections/praktijkvoorbeelden/new")
        page.locator("input[id^='title-field']").fill("Klein en fijn")
        page.locator("textarea[id^='description-field']").fill("Scholen werken samen.")
        for name, option in [("interventieniveaus", "Monitoring"), ("fase", "Pilot")]:
            page.locator(f"input[id^='{name}-field']").first.click()  # the first: also under volgens-bron
            page.keyboard.type(option)
            page.keyboard.press("Enter")
        named("Tekst", "Opslaan", "Onderwijssoorten is verplicht.")
        assert page.get_by_text("Tekst", exact=True).first.is_visible()
        page.get_by_role("button", name="Opslaan", exact=True).click()
        page.get_by_text("Onderwijssoorten is verplicht.", exact=True).wait_for()
        page.locator("input[id^='onderwijs-field']").first.click()
        page.keyboard.type("Mbo")
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Opslaan", exact=True).click()
        page.wait_for_url("**/entries/klein-en-fijn", timeout=30000)
        named("Item opgeslagen", "Status: Concept", "Wordt beoordeeld", "Publiceer")
        page.get_by_text("Item opgeslagen", exact=True).wait_for()
        assert page.get_by_role("button", name="Publiceer", exact=True).is_visible()
        page.get_by_role("button", name="Status: Concept", exact=True).click()
        page.get_by_role("menuitem", name="Wordt beoordeeld").click()
        page.get_by_role("button", name="Status: Wordt beoordeeld", exact=True).wait_for(timeout=30000)
        page.goto(base + "admin/index.html#/collections/praktijkvoorbeelden")
        page.get_by_role("link", name="Workflow").click()
        named("Concepten", "Klaar", "Publiceer nieuw item")
        for column in ["Concepten", "Wordt beoordeeld", "Klaar"]:
            page.get_by_role("heading", name=column, exact=True).wait_for()
        card = page.locator("a[href*='klein-en-fijn']").first
        card.hover()
        assert page.get_by_text("Publiceer nieuw item", exact=True).first.is_visible()
        assert blocked == []

    # On a forge the login button names it (Decap's Dutch has no Forgejo; the plugin adds it).
    import re

    for forge, settings in [
        ("GitHub", "name: github\n        repo: org/kb"),
        ("GitLab", "name: gitlab\n        repo: org/kb\n        auth_type: pkce\n        app_id: x"),
        (
            "Forgejo",
            "name: forgejo\n        repo: org/kb\n        app_id: x\n        api_root: https://git.example/api/v1",
        ),
    ]:
        named(f"Inloggen met {forge}")
        config = re.sub(
            r"      cms_local_backend: .*\n      cms_backend:\n(        .*\n)+",
            f"      cms_local_backend: false\n      cms_backend:\n        {settings}\n        branch: main\n",
            project.read("mkdocs.yml"),
        )
        project.write("mkdocs.yml", config)
        hosted = project.build(site=tmp_path / forge)
        with serve(hosted, "/kb/") as base, browser_page(base) as (page, blocked):
            page.goto(base + "admin/index.html")
            page.get_by_role("button", name=f"Inloggen met {forge}", exact=True).wait_for()
