"""MkDocs hook: everything the build renders from gd_snippets.

* Figures: every figure registered in ``gd_snippets.figures`` is rendered to SVG
  in both palettes and added to the build as a generated file (nothing is
  written into ``docs/``). A page places one with a line ``![[topic/name]]``.
* Notebooks: mkdocs-jupyter's cache key ignores imported code, so its cache
  directory is keyed by the package's fingerprint too; the random cell ids of
  the executed notebook are numbered in order, so two builds are identical;
  each jupytext ``.py`` notebook is also offered as an ``.ipynb`` download.

Renders are cached in ``.cache/figures/<fingerprint>/`` (``$GD_WEEKLY_CACHE``
in place of ``.cache`` if set); the fingerprint hashes
the package's source and the versions that draw it, so a warm build renders
nothing. A cold build renders in fresh worker processes, on every core.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import posixpath
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import jupytext
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "gd_snippets"
CACHE = Path(os.environ.get("GD_WEEKLY_CACHE", ROOT / ".cache"))
PALETTES = ("light", "dark")
CELL_ID = re.compile(r'id="cell-id=[0-9a-f-]+"')
FIGURE_LINE = re.compile(r"^!\[\[([a-z0-9/-]+)\]\]\s*$", re.MULTILINE)
WORKERS = min(2, os.cpu_count() or 1)

_figures: dict[str, dict] = {}  # name -> {"alt", "width", "height"} of this build


def fingerprint() -> str:
    """Hash of the package source and of the libraries that draw the figures."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    for library in ("numpy", "matplotlib"):
        digest.update(f"{library}=={version(library)}".encode())
    return digest.hexdigest()[:16]


def _svg_size(svg: bytes) -> tuple[int, int]:
    """Width and height in CSS pixels from the SVG's pt dimensions."""
    head = svg[:2000].decode()
    w, h = (
        float(re.search(rf'{k}="([\d.]+)pt"', head).group(1))
        for k in ("width", "height")
    )
    return round(w * 4 / 3), round(h * 4 / 3)


def render_all(cache_dir: Path) -> dict[str, bytes]:
    """Every figure in every palette, keyed ``name.palette.svg``: read from the
    cache when it holds them all, else rendered by one process per core."""
    catalog = cache_dir / "catalog.json"
    if not catalog.exists() or not all(
        (cache_dir / f"{name}.{p}.svg").exists()
        for name in json.loads(catalog.read_text())
        for p in PALETTES
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
        for palette in PALETTES:
            rendered[f"{name}.{palette}.svg"] = (
                cache_dir / f"{name}.{palette}.svg"
            ).read_bytes()
        width, height = _svg_size(rendered[f"{name}.light.svg"])
        _figures[name] = {"alt": alt, "width": width, "height": height}
    return rendered


def on_config(config):
    key = fingerprint()
    config["gd_fingerprint"] = key
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        jupyter.config["cache_dir"] = str(CACHE / "mkdocs-jupyter" / key)
        _quiet_kernel()
    return config


def _quiet_kernel() -> None:
    """Keep the notebook kernel's notice about TCP transport out of the build log
    (the kernel runs on loopback for the build only), so real warnings show."""
    profile = CACHE / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text(
        "c.IPKernelApp.log_level = 'ERROR'\nc.HistoryManager.enabled = False\n"
    )
    os.environ["IPYTHONDIR"] = str(CACHE / "ipython")


def notebook_ipynb(source: Path) -> str:
    """The .ipynb readers download for a jupytext notebook, without outputs and
    with cell ids numbered in order (nbformat would draw random ones)."""
    notebook = jupytext.read(source)
    for number, cell in enumerate(notebook.cells, start=1):
        cell["id"] = f"cell-{number}"
    return jupytext.writes(notebook, fmt="ipynb")


def on_files(files, config):
    for name, svg in render_all(CACHE / "figures" / config["gd_fingerprint"]).items():
        files.append(File.generated(config, f"figures/{name}", content=svg))
    for file in list(files):
        if file.src_uri.startswith("notebooks/") and file.src_uri.endswith(".py"):
            ipynb = notebook_ipynb(Path(file.abs_src_path))
            files.append(
                File.generated(config, file.src_uri[:-3] + ".ipynb", content=ipynb)
            )
    return files


def figure_markdown(name: str, page_path: str) -> str:
    """The Markdown that shows figure ``name`` on the page at ``page_path``."""
    if name not in _figures:
        raise PluginError(
            f"{page_path}: no figure named {name!r} in gd_snippets.figures"
        )
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
    path = page.file.src_uri
    return FIGURE_LINE.sub(lambda m: figure_markdown(m.group(1), path), markdown)


def on_page_content(html, page, config, files):
    if page.file.src_uri.startswith("notebooks/") and page.file.src_uri.endswith(".py"):
        number = itertools.count(1)
        html = CELL_ID.sub(lambda _: f'id="cell-id={next(number)}"', html)
    return html
