"""`make serve` while writing: a rebuild that fails keeps the last good site
answering (overrides/hooks/last_good.py), and the next good one replaces it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import load_hook, repository_copy

CACHE = load_hook("disk_cache").CACHE  # this checkout's: the copy's build is warm


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 10) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode()


def page_of(html: str) -> str:
    """The page without the live-reload script the server adds (its request
    number changes every time)."""
    return html[: html.rindex("<script>")]


def wait_for(condition, what: str, timeout: float = 180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if result := condition():
                return result
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
def test_a_failed_rebuild_keeps_the_last_good_site(tmp_path: Path):
    copy = repository_copy(tmp_path / "repo")
    port = free_port()
    url = f"http://127.0.0.1:{port}/glossary/"
    log = tmp_path / "serve.log"
    env = os.environ | {"GD_WEEKLY_CACHE": str(CACHE), "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload",
             "--dev-addr", f"127.0.0.1:{port}"],
            cwd=copy, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        first = wait_for(lambda: get(url), "the first build")
        page = copy / "docs" / "glossary.md"
        good = page.read_text()
        page.write_text(good + "\n![[no/such-figure]]\n")
        wait_for(lambda: "The build failed" in log.read_text(), "the failed build")
        assert page_of(get(url, timeout=5)) == page_of(first), "the last good page"
        page.write_text(good + "\nA sentence the fixed build adds.\n")
        wait_for(lambda: "the fixed build adds" in get(url), "the fixed build")
    finally:
        server.terminate()
        server.wait(timeout=30)
