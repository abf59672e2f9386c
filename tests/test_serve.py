"""`mkdocs serve` for real (a subprocess on a free port): a content error gives a Dutch error page
on every URL instead of a server that hangs, and the site comes back once the file is fixed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from mkdocs_kennisbank.errors import Problem
from mkdocs_kennisbank.site.serveerror import error_page

BROKEN = "kennisbank/praktijkvoorbeelden/pilot-docenten.md"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 10) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def wait_for(url: str, wanted: str, seconds: float = 60) -> tuple[int, str]:
    """GET `url` until its body contains `wanted` (each GET itself must answer: no hang)."""
    deadline = time.monotonic() + seconds
    last: tuple[int, str] = (0, "")
    while time.monotonic() < deadline:
        try:
            last = get(url)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            last = (0, "")
        if wanted in last[1]:
            return last
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {wanted!r}; last answer {last[0]}: {last[1][:500]}")


class Serve:
    """`mkdocs serve` of a project on a free port, in a subprocess."""

    def __init__(self, root: Path) -> None:
        port = free_port()
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        env.pop("SOURCE_DATE_EPOCH", None)
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def stop(self) -> str:
        """End serve; its terminal output."""
        self.process.terminate()
        try:
            output, _ = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, _ = self.process.communicate()
        return output


def test_serve_shows_content_errors_and_recovers(project) -> None:
    serve = Serve(project.root)
    try:
        good = project.read(BROKEN)
        case_url = f"{serve.base}/praktijkvoorbeelden/pilot-docenten/"
        status, page = wait_for(case_url, "<h1>Pilot docenten</h1>")
        assert status == 200

        project.write(BROKEN, good.replace("fase: pilotfase", "fase: pilotfse"))
        status, page = wait_for(case_url, 'id="kb-serve-error"')
        assert "De kennisbank bevat 1 fout" in page
        assert f"{BROKEN}:5:7: fase:" in page  # pad:regel:kolom: veld: bericht
        assert "pilotfase" in page  # the "did you mean"
        assert "/livereload/" in page  # it reloads itself
        # Every URL shows it, also ones that never existed, and none hangs.
        for url in (f"{serve.base}/", f"{serve.base}/niveaus/i/", f"{serve.base}/bestaat-niet.html"):
            assert 'id="kb-serve-error"' in get(url)[1]

        project.write(BROKEN, good)
        status, page = wait_for(case_url, "<h1>Pilot docenten</h1>")
        assert status == 200 and "kb-serve-error" not in page
        assert serve.process.poll() is None, "serve is still running"
    finally:
        output = serve.stop()
    assert "De kennisbank bevat 1 fout" in output  # the terminal says it too
    assert "Traceback" not in output


def test_serve_starts_with_errors_and_recovers(project) -> None:
    """Right after `kennisbank new`, the first build of `serve` already has errors: serve must
    not exit but show them; the fixed file brings the site."""
    good = project.read(BROKEN)
    project.write(BROKEN, good.replace("gepubliceerd: 2026-11-27\n", ""))
    serve = Serve(project.root)
    try:
        url = f"{serve.base}/"
        _, page = wait_for(url, 'id="kb-serve-error"')
        assert "gepubliceerd" in page
        project.write(BROKEN, good)
        wait_for(url, "Welkom.")
        assert "kb-serve-error" not in get(url)[1]
    finally:
        output = serve.stop()
    assert "Traceback" not in output


def test_build_still_fails(project, caplog) -> None:
    from mkdocs.exceptions import Abort

    project.write(BROKEN, project.read(BROKEN).replace("fase: pilotfase", "fase: pilotfse"))
    with pytest.raises(Abort):
        project.build()
    assert any("er is niets gebouwd" in r.getMessage() for r in caplog.records)
    assert not (project.root / "site").exists()


def test_error_page_escapes_and_lists_every_problem() -> None:
    problems = [
        Problem("a.md", 2, 1, "title", "<script>alert(1)</script>"),
        Problem("b.md", 3, 4, "fase", "onbekend", severity="waarschuwing"),
    ]
    from importlib import resources

    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resources.files("mkdocs_kennisbank") / "templates")), autoescape=True
    )
    page = error_page(env, problems, "Site & co")
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert "a.md:2:1: title:" in page and "b.md:3:4: fase: waarschuwing: onbekend" in page
    assert "De kennisbank bevat 1 fout<" in page
    assert "Site &amp; co" in page


def test_source_date_epoch_stays_local_to_a_build(project) -> None:
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    project.build()
    assert "SOURCE_DATE_EPOCH" not in os.environ
    os.environ["SOURCE_DATE_EPOCH"] = "86400"  # the caller's own value is kept
    try:
        project.build(site=project.root / "site2")
        assert os.environ["SOURCE_DATE_EPOCH"] == "86400"
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def test_error_page_reloads_itself_in_the_browser(project) -> None:
    """The open tab goes from the error page to the fixed page by itself, also on a URL that
    `serve` answers with its 404 page (where MkDocs injects no livereload script)."""
    from tests.browser import browser_page, require_browser

    require_browser()
    good = project.read(BROKEN)
    project.write(BROKEN, good.replace("fase: pilotfase", "fase: pilotfse"))
    serve = Serve(project.root)
    try:
        case_url = f"{serve.base}/praktijkvoorbeelden/pilot-docenten/"
        wait_for(case_url, 'id="kb-serve-error"')
        with browser_page(serve.base) as (page, blocked):
            page.goto(case_url)
            page.wait_for_selector("#kb-serve-error")
            time.sleep(1)  # the page's first poll has its answer
            project.write(BROKEN, good)
            page.wait_for_selector("h1:has-text('Pilot docenten')", timeout=60_000)
            assert blocked == []
    finally:
        serve.stop()


def test_serve_and_test_scripts_share_one_install(tmp_path) -> None:
    """scripts/serve and scripts/test source the same _venv.sh without arguments: the first one
    installs (with the test tools), the other one finds the stamp and installs nothing; the
    venv then keeps Material's end-of-life banner quiet."""
    repo = Path(__file__).resolve().parent.parent
    for script in ("serve", "test"):
        assert 'source "$ROOT/scripts/_venv.sh"\n' in (repo / "scripts" / script).read_text(encoding="utf-8")
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    site_packages = tmp_path / "site-packages"
    site_packages.mkdir()
    log = tmp_path / "calls.log"
    fake = venv / "bin" / "python"  # records every call instead of installing
    fake.write_text(
        f'#!/bin/sh\necho "$*" >> {log}\ncase "$*" in *sysconfig*) echo {site_packages};; esac\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    env = dict(os.environ, KENNISBANK_VENV=str(venv))
    for _ in ("serve", "test", "serve"):
        subprocess.run(["bash", "-c", f'source "{repo}/scripts/_venv.sh"'], env=env, check=True)
    installs = [line for line in log.read_text().splitlines() if "install" in line and "-e" in line]
    assert installs == [f"-m pip install --quiet -e {repo}[test]"]
    assert "NO_MKDOCS_2_WARNING" in (site_packages / "kennisbank-quiet.pth").read_text()
