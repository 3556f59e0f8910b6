"""MkDocs hook: the figures, rendered from gd_snippets.

Every figure registered in ``gd_snippets.figures`` is rendered to SVG in both
palettes and added to the build as a generated file (nothing is written into
``docs/``). A page places one with a line ``![[topic/name]]``; its first figure
is also its link preview (``<name>.card.png``, named by ``page.meta.card``,
which ``overrides/main.html`` turns into Open Graph tags).

Renders are cached in ``.cache/figures/<fingerprint>/`` (``$GD_WEEKLY_CACHE``
in place of ``.cache`` if set); the fingerprint hashes
the package's source and the versions that draw it, so a warm build renders
nothing. A cold build renders in fresh worker processes, on every core.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import struct
import subprocess
import sys
from pathlib import Path

from build_errors import choices, where
from disk_cache import CACHE, source_key
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "gd_snippets"
PALETTES = ("light", "dark")
# Any name: one that cannot be registered fails the build instead of showing raw.
FIGURE_LINE = re.compile(r"^!\[\[(.*?)\]\]\s*$", re.MULTILINE)
WORKERS = min(2, os.cpu_count() or 1)

_figures: dict[str, dict] = {}  # name -> {"alt", "width", "height"} of this build


def fingerprint() -> str:
    """Hash of the package source and of the libraries that draw the figures."""
    return source_key(PACKAGE.rglob("*.py"), ROOT)


def _svg_size(svg: bytes) -> tuple[int, int]:
    """Width and height in CSS pixels from the SVG's pt dimensions."""
    head = svg[:2000].decode()
    w, h = (
        float(re.search(rf'{k}="([\d.]+)pt"', head).group(1))
        for k in ("width", "height")
    )
    return round(w * 4 / 3), round(h * 4 / 3)


def rendered_files(name: str) -> list[str]:
    """The files the figures command writes for figure ``name``."""
    return [*(f"{name}.{p}.svg" for p in PALETTES), f"{name}.card.png"]


def render_all(cache_dir: Path) -> dict[str, bytes]:
    """Every file of every figure (both palettes' SVG, the card), keyed by file
    name: read from the cache when it holds them all, else rendered by one
    process per core."""
    catalog = cache_dir / "catalog.json"
    if not catalog.exists() or not all(
        (cache_dir / file).exists()
        for name in json.loads(catalog.read_text())
        for file in rendered_files(name)
    ):
        # Fresh processes import the package as it is on disk now; this one
        # never imports it, so `mkdocs serve` cannot draw with stale code.
        command = [sys.executable, "-m", "gd_snippets.figures", str(cache_dir)]
        shards = [
            subprocess.Popen(
                [*command, f"--shard={k}/{WORKERS}"], stderr=subprocess.PIPE
            )
            for k in range(WORKERS)
        ]
        for process in shards:
            _, stderr = process.communicate()
            if process.returncode:
                raise PluginError(f"rendering figures failed:\n{stderr.decode()}")
    _figures.clear()
    rendered = {}
    for name, alt in json.loads(catalog.read_text()).items():
        for file in rendered_files(name):
            rendered[file] = (cache_dir / file).read_bytes()
        width, height = _svg_size(rendered[f"{name}.light.svg"])
        card = struct.unpack(">II", rendered[f"{name}.card.png"][16:24])  # IHDR
        _figures[name] = {"alt": alt, "width": width, "height": height, "card": card}
    return rendered


def on_config(config):
    config["gd_fingerprint"] = fingerprint()
    return config


def on_files(files, config):
    for name, svg in render_all(CACHE / "figures" / config["gd_fingerprint"]).items():
        files.append(File.generated(config, f"figures/{name}", content=svg))
    return files


def check_figures(markdown: str, file) -> None:
    """Fail on a figure line of page ``file`` that names no registered figure."""
    for match in FIGURE_LINE.finditer(markdown):
        name = match.group(1)
        if name not in _figures:
            raise PluginError(
                f"{where(file, match.group(0))}: no figure named {name!r} in "
                f"gd_snippets.figures; {choices(name, _figures)}"
            )


def figure_markdown(name: str, page_path: str) -> str:
    """The Markdown that shows the known figure ``name`` on the page at
    ``page_path``."""
    spec = _figures[name]
    alt = spec["alt"].replace("[", "(").replace("]", ")")
    size = f'width="{spec["width"]}" height="{spec["height"]}"'
    folder = posixpath.dirname(page_path)
    images = [
        f"![{alt}]({posixpath.relpath(f'figures/{name}.{p}.svg', folder)}#only-{p})"
        f"{{ {size} loading=lazy }}"
        for p in PALETTES
    ]
    return (
        '<figure class="gd-figure" markdown="span">\n'
        + "\n".join(images)
        + "\n</figure>"
    )


def on_page_markdown(markdown, page, config, files):
    check_figures(markdown, page.file)
    path = page.file.src_uri
    shown = FIGURE_LINE.sub(lambda m: figure_markdown(m.group(1), path), markdown)
    lead = FIGURE_LINE.search(markdown)  # a known figure: checked above
    if lead:
        name = lead.group(1)
        width, height = _figures[name]["card"]
        page.meta["card"] = {
            "url": f"{config.site_url}figures/{name}.card.png",
            "alt": _figures[name]["alt"],
            "width": width,
            "height": height,
        }
    return shown
