"""MkDocs hook: ``mkdocs serve`` keeps serving the last good build.

MkDocs rebuilds into the folder it serves, cleaning it first, and while a
rebuild has failed it holds every request until one succeeds: a writer who
saves a typo sees the browser hang. Here the server serves a copy of the last
build that passed instead, refreshed after each good build; a failed build
prints its error and the site keeps answering, unchanged, until the next good
one reloads the browser.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import traceback
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.last_good")


def keep(built: Path, served: Path) -> None:
    """Make ``served`` a copy of the folder ``built``."""
    shutil.rmtree(served, ignore_errors=True)
    shutil.copytree(built, served)


def on_serve(server, config, builder):
    built = Path(config.site_dir)  # where every build writes, cleaning it first
    served = Path(tempfile.mkdtemp(prefix="gd-weekly-last-good-")) / "site"
    keep(built, served)  # the first build, which passed
    server.root = str(served)
    build = server.builder

    def build_and_keep(*args, **kwargs):
        try:
            build(*args, **kwargs)
        except Exception:
            traceback.print_exc()
            log.error(
                "The build failed: the site keeps serving the last good build "
                "until you fix the error above."
            )
            # MkDocs marks a build as wanted before it starts, and holds every
            # request until one is shown: show the last good one again.
            with server._epoch_cond:
                server._wanted_epoch = server._visible_epoch
            return
        keep(built, served)

    server.builder = build_and_keep
    return server
