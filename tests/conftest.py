"""Shared fixtures: strict builds of the site."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from browsing import CHROMIUM, CHROMIUM_FLAGS, serve
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
POSTS = ROOT / "docs" / "issues" / "posts"


def build(site_dir: Path, *, root: Path = ROOT, **env: str) -> Path:
    """Build the site of the checkout at ``root`` into ``site_dir`` with
    ``mkdocs build --strict``."""
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1", "JUPYTER_PLATFORM_DIRS": "1"} | env
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--site-dir",
            str(site_dir),
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stderr}", pytrace=False)
    return site_dir


def repository_copy(copy: Path) -> Path:
    """A clone of this checkout at ``copy``, its history included (tests read
    it), with the working tree as it is (changes, and new files git does not
    ignore): to change freely."""
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(copy)], check=True)
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, tracked.split("\0")):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    return copy


def load_hook(name: str):
    """The MkDocs hook ``overrides/hooks/<name>.py``, imported as a module."""
    folder = ROOT / "overrides" / "hooks"
    path = folder / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"hooks.{name}", path)
    module = importlib.util.module_from_spec(spec)
    if str(folder) not in sys.path:  # as MkDocs does: hooks import their helpers
        sys.path.append(str(folder))
    spec.loader.exec_module(module)
    return module


SLOW_MODULES = {"test_browser.py"}  # every test there is slow (make check skips)


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


_first_failure: dict[str, str] = {}  # a setup error's text -> the first test id


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed session fixture (a broken build) is reported in full once; the
    other tests that needed it point there."""
    report = yield
    if report.when == "setup" and report.failed:
        first = _first_failure.setdefault(str(report.longrepr), item.nodeid)
        if first != item.nodeid:
            report.longrepr = f"the same setup error as {first}, shown there"
    return report


@pytest.fixture(scope="session")
def build_site() -> Callable[..., Path]:
    """``build(site_dir, **env)``: a strict build with extra environment."""
    return build


def _sites() -> list[str]:
    """The builds every check of the built site runs on: the site as
    published today, and, when an issue is written ahead of its day, the full
    series too (overrides/hooks/releases.py)."""
    releases = load_hook("releases")
    ahead = releases.unreleased(releases.release_day())
    return ["published", *(["full series"] if ahead else [])]


_full_series: set[Path] = set()  # the sites built with every issue


@pytest.fixture(scope="session", params=_sites())
def site(request, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as ``make build`` makes it (any warning fails the build), in
    ``$GD_WEEKLY_SITE_DIR`` if set: CI publishes the very folder it tested.
    Or the full series, issues not yet out included, in a folder of its own."""
    if request.param == "full series":
        folder = tmp_path_factory.mktemp("full-series")
        _full_series.add(folder)
        return build(folder, GD_WEEKLY_RELEASE_DAY="all")
    folder = os.environ.get("GD_WEEKLY_SITE_DIR")
    return build(Path(folder) if folder else tmp_path_factory.mktemp("site"))


def posts_in(site: Path) -> list[Path]:
    """The posts that the built ``site`` publishes, in order."""
    releases = load_hook("releases")
    day = None if site in _full_series else releases.release_day()
    return [
        POSTS / name
        for name, meta in releases.posts().items()
        if releases.is_released(meta, day)
    ]


@pytest.fixture(scope="session")
def browser():
    """Chromium, one for the whole session (Playwright's sync API runs one
    driver at a time), shared by every module's browser tests."""
    if CHROMIUM is None:
        reason = (
            "no Chromium on PATH: install Debian's `chromium` package "
            "(or set GD_WEEKLY_CHROMIUM) to run the browser tests"
        )
        if os.environ.get("GD_WEEKLY_REQUIRE_BROWSER") == "1":
            pytest.fail(f"GD_WEEKLY_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def base_url(site):
    """The built site served as GitHub Pages serves it."""
    with serve(site) as url:
        yield url
