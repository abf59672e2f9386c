"""No fault loses the site: concurrent builds, kills at every step of the swap, signals, a
read-only or full disk, a cache path that is a file.

Every test ends by proving the same two things:
- a whole site is in place: `index.html` and exactly the files, byte for byte, of either the
  previous or the new build (two reference builds, "een" and "twee", differ in site name and one
  case, so a mix of the two shows; builds are reproducible, so every file is compared);
- nothing is left behind: no staging, old or removed folder, no temporary cache file; only the
  agreed lock file `.site.kennisbank-lock` stays.

Builds that must be killed or signalled run as subprocesses of DRIVER, which runs `mkdocs build`
after replacing `staging._checkpoint` (a documented no-op hook).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mkdocs_kennisbank.site import staging
from mkdocs_kennisbank.site.staging import LOCK_SUFFIX, StagedSite

from .conftest import MKDOCS_YML, Project, case_text

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux-only fault injection")

VERSIONS = ("een", "twee")
MARKER = {v: f"Versie {v}" for v in VERSIONS}
CONFIG = {"een": "mkdocs.yml", "twee": "twee.yml"}
PLUGIN_OPTIONS = "      contribute_page: bijdragen.md"
LOCK = f".site{LOCK_SUFFIX}"

DRIVER = r'''
"""`mkdocs build` with the fault hooks of tests/test_faults.py; argv[1] is a JSON spec:
at: a staging checkpoint; signal: KILL, TERM or INT, sent to ourselves there; two_renames:
pretend renameat2(RENAME_EXCHANGE) is missing."""
import json, os, signal, sys
from pathlib import Path

spec = json.loads(sys.argv[1])
from mkdocs_kennisbank.site import staging

if spec.get("two_renames"):
    staging._exchange = lambda a, b: False


def act():
    os.kill(os.getpid(), getattr(signal, "SIG" + spec["signal"]))


def checkpoint(step):
    if step != spec.get("at"):
        return
    if step == "removing-old":  # killed halfway through removing the old tree
        for old in Path(spec["parent"]).glob("site.kennisbank-*"):
            for path in sorted(old.rglob("*.html"))[::2]:
                path.unlink()
    act()


staging._checkpoint = checkpoint

from mkdocs.__main__ import cli

sys.argv = ["mkdocs", "build", *spec.get("args", [])]
cli()
'''


# -- projects and reference sites


def make_project(root: Path) -> Project:
    """Two configurations in one project: mkdocs.yml builds "een", twee.yml builds "twee"."""
    project = Project(root)
    project.write("mkdocs.yml", MKDOCS_YML.replace("site_name: Testkennisbank", f"site_name: {MARKER['een']}"))
    shutil.copytree(project.content, root / "kennisbank-twee")
    project.write("kennisbank-twee/praktijkvoorbeelden/alleen-in-twee.md", case_text("Alleen in twee"))
    project.write(
        "twee.yml",
        MKDOCS_YML.replace("site_name: Testkennisbank", f"site_name: {MARKER['twee']}").replace(
            PLUGIN_OPTIONS, PLUGIN_OPTIONS + "\n      content_dir: kennisbank-twee"
        ),
    )
    return project


def build_in_process(project: Project, version: str = "een", site: Path | None = None) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = site or project.root / "site"
    config = load_config(str(project.root / CONFIG[version]), site_dir=str(site), strict=True)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    build(config)
    return site


def digest(site: Path) -> dict[str, str]:
    """Every file with its hash."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@dataclass
class Reference:
    site: Path
    files: dict[str, str]


@pytest.fixture(scope="module")
def refs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Reference]:
    root = tmp_path_factory.mktemp("refs")
    project = make_project(root / "project")
    result = {}
    for version in VERSIONS:
        site = build_in_process(project, version, root / f"site-{version}")
        result[version] = Reference(site, digest(site))
        other = MARKER["twee" if version == "een" else "een"]
        for page in site.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            assert MARKER[version] in text and other not in text, page
    assert set(result["een"].files) != set(result["twee"].files)
    return result


@pytest.fixture
def kb(tmp_path: Path, refs: dict[str, Reference]) -> Project:
    """A project whose site/ holds a whole "een" build (the last good site)."""
    project = make_project(tmp_path / "project")
    shutil.copytree(refs["een"].site, project.root / "site")
    return project


# -- the two promises


def assert_whole(site: Path, ref: Reference) -> None:
    assert (site / "index.html").is_file(), f"{site} has no index.html"
    files = digest(site)
    assert files.keys() == ref.files.keys(), "the site is not one build's set of files"
    assert files == ref.files, "the site mixes files of two builds"


def assert_clean(parent: Path, cache: Path | None = None) -> None:
    left = sorted(p.name for p in parent.iterdir() if ".kennisbank-" in p.name and p.name != LOCK)
    assert left == [], f"left behind: {left}"
    if cache is not None and cache.is_dir():
        assert list(cache.rglob("*.tmp")) == []


def run_driver(
    project: Project, version: str = "twee", *, wait: bool = True, **spec
) -> subprocess.CompletedProcess | subprocess.Popen:
    driver = project.root.parent / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    spec.setdefault("parent", str(project.root))
    spec["args"] = ["-f", CONFIG[version], *spec.get("args", [])]
    command = [*spec.pop("prefix", []), sys.executable, str(driver), json.dumps(spec)]
    if not wait:
        return subprocess.Popen(command, cwd=project.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(command, cwd=project.root, capture_output=True, text=True, timeout=120, check=False)


def next_build_starts(site: Path) -> None:
    """What every build does first, under the lock: restore or remove what killed builds left."""
    StagedSite(site).discard()


def assert_one_dutch_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, result.stderr
    for fragment in fragments:
        assert fragment in errors[0], errors[0]


# -- mounts


def mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"mount is not permitted here: {done.stderr.strip()}")


@contextlib.contextmanager
def read_only_bind(path: Path) -> Iterator[None]:
    mount("--bind", str(path), str(path))
    try:
        mount("-o", "remount,ro,bind", str(path), str(path))
        yield
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def without_capabilities() -> list[str]:
    """Run as root without CAP_DAC_OVERRIDE and friends: file modes apply to us again."""
    if os.geteuid() != 0:
        return []  # they already do
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is not installed")
    return ["setpriv", "--inh-caps=-all", "--bounding-set=-all"]


# -- tests


def test_concurrent_builds_take_turns(kb: Project, refs) -> None:
    """Two builds into one site folder: both wait while a third holds the lock, write nothing
    meanwhile, then build one after the other; the site is one of them, whole."""
    site = kb.root / "site"
    fd = os.open(kb.root / LOCK, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    builds = [run_driver(kb, version, wait=False) for version in VERSIONS]
    try:
        for build in builds:
            seen = []
            while not any("wacht tot die klaar is" in line for line in seen):
                line = build.stderr.readline()
                assert line, "".join(seen)
                seen.append(line)
        assert sorted(p.name for p in kb.root.iterdir() if ".kennisbank-" in p.name) == [LOCK]
        assert_whole(site, refs["een"])
    except BaseException:
        for build in builds:
            build.kill()
            build.communicate()
        raise
    finally:
        os.close(fd)  # the waiting builds go on
    for build in builds:
        _, err = build.communicate(timeout=120)
        assert build.returncode == 0, err
    assert digest(site) in (refs["een"].files, refs["twee"].files)
    assert_whole(site, refs["een"] if digest(site) == refs["een"].files else refs["twee"])
    assert_clean(kb.root, kb.root / ".cache")


KILLS = [
    # (swap method, step, version that must be in site/ right after the SIGKILL); "before-swap"
    # comes before the method is chosen, so it needs no second run
    ("exchange", "before-swap", "een"),
    ("exchange", "after-swap", "twee"),
    ("exchange", "removing-old", "twee"),
    ("two-renames", "after-move-old", None),  # the old site waits whole under its "oud" name
    ("two-renames", "after-swap", "twee"),
    ("two-renames", "removing-old", "twee"),
]


@pytest.mark.parametrize(("method", "step", "expected"), KILLS, ids=[f"{m}-{s}" for m, s, _ in KILLS])
def test_sigkill_at_each_step_of_the_swap(kb: Project, refs, method: str, step: str, expected: str | None) -> None:
    site = kb.root / "site"
    result = run_driver(kb, at=step, signal="KILL", two_renames=method == "two-renames")
    assert result.returncode == -signal.SIGKILL, result.stderr
    if expected is not None:
        assert_whole(site, refs[expected])
    else:
        assert not site.exists()  # the one moment the fallback has no site/ ...
        [old] = kb.root.glob("site.kennisbank-oud-*")
        assert_whole(old, refs["een"])  # ... but the old one is whole, and comes back first thing:
    next_build_starts(site)
    assert_whole(site, refs[expected or "een"])
    assert_clean(kb.root, kb.root / ".cache")


SIGNALS = [
    ("TERM", "before-swap", False, "een", -signal.SIGTERM),
    ("TERM", "after-move-old", True, "twee", -signal.SIGTERM),  # held back until the swap is done
    ("INT", "before-swap", False, "een", 1),
]


@pytest.mark.parametrize(
    ("name", "step", "two_renames", "expected", "code"), SIGNALS, ids=[f"{s[0]}-{s[1]}" for s in SIGNALS]
)
def test_sigterm_and_ctrl_c_clean_up_on_the_way_out(
    kb: Project, refs, name: str, step: str, two_renames: bool, expected: str, code: int
) -> None:
    """No next build needed: the interrupted build removes its own folders."""
    result = run_driver(kb, at=step, signal=name, two_renames=two_renames)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert_whole(kb.root / "site", refs[expected])
    assert_clean(kb.root, kb.root / ".cache")


def test_litter_of_killed_builds_is_removed(kb: Project, refs) -> None:
    """Folders of builds killed by an older version or by SIGKILL, read-only parts included (the
    build runs without root's capabilities, so the modes apply)."""
    for kind in ("nieuw", "oud", "nieuw-1-dood", "oud-1-dood"):
        name = f"site.kennisbank-{kind}"
        shutil.copytree(refs["een"].site / "niveaus", kb.root / name / "niveaus")
        for path in (kb.root / name).rglob("*"):
            path.chmod(0o444 if path.is_file() else 0o555)
    (kb.root / "site.kennisbank-eigen").mkdir()  # not one of ours: stays
    result = run_driver(kb, "twee", prefix=without_capabilities())
    assert result.returncode == 0, result.stderr
    assert_whole(kb.root / "site", refs["twee"])
    assert (kb.root / "site.kennisbank-eigen").is_dir()
    (kb.root / "site.kennisbank-eigen").rmdir()
    assert_clean(kb.root, kb.root / ".cache")


def test_read_only_site_tree_is_replaced(kb: Project, refs) -> None:
    """A site whose folders are read-only (chmod a-w; we own them): replaced and removed anyway.
    Run without root's capabilities, so the file modes really apply."""
    for path in [*(kb.root / "site").rglob("*"), kb.root / "site"]:
        path.chmod(0o444 if path.is_file() else 0o555)
    result = run_driver(kb, "twee", prefix=without_capabilities())
    assert result.returncode == 0, result.stderr
    assert_whole(kb.root / "site", refs["twee"])
    assert_clean(kb.root, kb.root / ".cache")


def test_read_only_site_folder_fails_cleanly(kb: Project, refs) -> None:
    """site/ on a read-only mount: a Dutch error before anything is built, the old site whole,
    nothing left; once it is writable again the next build just works."""
    site = kb.root / "site"
    with read_only_bind(site):
        for _ in range(2):  # and every later build the same, with nothing piling up
            result = run_driver(kb, "twee")
            assert_one_dutch_error(result, "Geen schrijfrechten in site", "alleen-lezen")
            assert_whole(site, refs["een"])
            assert_clean(kb.root, kb.root / ".cache")
    assert run_driver(kb, "twee").returncode == 0
    assert_whole(site, refs["twee"])
    assert_clean(kb.root, kb.root / ".cache")


def test_read_only_parent_fails_cleanly(kb: Project, refs) -> None:
    out = kb.root / "uit"
    shutil.move(kb.root / "site", out / "site")
    with read_only_bind(out):
        result = run_driver(kb, "twee", args=["-d", str(out / "site")])
    assert_one_dutch_error(result, "Geen schrijfrechten in uit", "alleen-lezen")
    assert_whole(out / "site", refs["een"])
    assert_clean(out, kb.root / ".cache")


def test_unwritable_parent_fails_cleanly(kb: Project, refs) -> None:
    out = kb.root / "uit"
    shutil.move(kb.root / "site", out / "site")
    out.chmod(0o555)
    try:
        result = run_driver(kb, "twee", args=["-d", str(out / "site")], prefix=without_capabilities())
    finally:
        out.chmod(0o755)
    assert_one_dutch_error(result, "Geen schrijfrechten in uit")
    assert_whole(out / "site", refs["een"])
    assert_clean(out, kb.root / ".cache")


def test_full_disk_keeps_the_old_site(kb: Project, refs) -> None:
    """site/'s parent is a small tmpfs with room for the old site and 1 MB more: MkDocs' own
    writes hit ENOSPC; one Dutch line, exit 1, old site whole, space given back."""
    out = kb.root / "uit"
    out.mkdir()
    files = [p for p in refs["een"].site.rglob("*")]
    needed = sum(-(-p.stat().st_size // 4096) * 4096 for p in files if p.is_file()) + 4096 * len(files)
    mount("-t", "tmpfs", "-o", f"size={needed + 1024 * 1024}", "tmpfs", str(out))
    try:
        shutil.copytree(refs["een"].site, out / "site")
        before = os.statvfs(out).f_bfree
        result = run_driver(kb, "twee", args=["-d", str(out / "site")])
        assert_one_dutch_error(result, "de schijf is vol")
        assert_whole(out / "site", refs["een"])
        assert_clean(out, kb.root / ".cache")
        assert os.statvfs(out).f_bfree >= before - 2  # the lock file at most
    finally:
        subprocess.run(["umount", "-l", str(out)], check=False)


@pytest.mark.parametrize("search", [True, False], ids=["search", "no-search"])
def test_a_cache_file_in_the_way_costs_nothing(kb: Project, refs, search: bool) -> None:
    """The cache only speeds up rebuilds (related cases): a cache path that cannot be a folder
    costs that speed-up and nothing else."""
    (kb.root / ".cache").write_text("geen map\n", encoding="utf-8")
    if not search:
        kb.write("mkdocs.yml", kb.read("mkdocs.yml").replace(PLUGIN_OPTIONS, PLUGIN_OPTIONS + "\n      search: false"))
    site = build_in_process(kb, "een")
    if search:
        assert_whole(site, refs["een"])  # byte for byte: the same related lists and search data
    assert (site / "praktijkvoorbeelden" / "pilot-docenten" / "index.html").is_file()
    assert (kb.root / ".cache").read_text(encoding="utf-8") == "geen map\n"
    assert_clean(kb.root)


BROKEN_CACHES = {
    "not-json": b"\x00\xff{{{",
    "wrong-shape": json.dumps({"abc": 5, "def": [1, 2], "ghi": "woord"}).encode(),
    "deeply-nested": b"[" * 100_000 + b"]" * 100_000,
    "a-folder": None,
}


@pytest.mark.parametrize("kind", BROKEN_CACHES)
def test_broken_related_cache_never_fails_the_build(kb: Project, refs, kind: str) -> None:
    cache = kb.root / ".cache" / "kennisbank" / "related-words-v1.json"
    cache.parent.mkdir(parents=True)
    if BROKEN_CACHES[kind] is None:
        cache.mkdir()
    else:
        cache.write_bytes(BROKEN_CACHES[kind])
    build_in_process(kb, "twee")
    assert_whole(kb.root / "site", refs["twee"])  # byte for byte: the related lists are the same
    assert_clean(kb.root, kb.root / ".cache")


def test_os_error_message_names_the_problem(tmp_path: Path) -> None:
    blocker = tmp_path / "bestand"
    blocker.write_text("x", encoding="utf-8")
    cases = {
        errno.ENOSPC: "de schijf is vol: map/x.html kon niet worden geschreven",
        errno.EROFS: "geen schrijfrechten in map/x.html: die staat op een alleen-lezen schijf",
        errno.EACCES: "geen schrijfrechten in map/x.html",
    }
    for code, expected in cases.items():
        assert staging.os_error_message(OSError(code, "x"), tmp_path / "map" / "x.html", tmp_path) == expected
    message = staging.os_error_message(OSError(errno.ENOTDIR, "x"), blocker / "sub", tmp_path)
    assert message == "bestand is een bestand, geen map"
