"""MkDocs hook: the figures, rendered from gd_snippets.

Every figure registered in ``gd_snippets.figures`` is rendered to SVG in both
palettes and added to the build as a generated file (nothing is written into
``docs/``). A page places one with a line ``![[topic/name]]``; its first figure
is also its link preview (``<name>.card.png``, named by ``page.meta.card``,
which ``overrides/main.html`` turns into Open Graph tags), and its thumbnail
in each palette (``<name>.thumb.<palette>.png``, named by
``page.meta.thumbnail``) the issue's card on the home page and the issues
index (``issues.py``). Only those first figures get these card files: they cost
more to render than both SVGs.

Renders are cached per topic module of ``gd_snippets/figures/``, in
``.cache/figures/<topic>-<key>/`` (``$GD_WEEKLY_CACHE`` in place of ``.cache``
if set); the key hashes the topic module, the gd_snippets code it imports, the
figures package's own modules and the versions that draw them, so a warm build
renders nothing and an edit re-renders only its topic. Renders run in fresh
worker processes, on every core, in the background from ``on_files`` (while
the other hooks and the notebooks' kernels start) until ``on_nav`` needs them;
the cards of the lead figures are drawn in the same pass as their SVGs.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import releases
from build_errors import choices, where
from disk_cache import CACHE, source_key
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from package_imports import used_files

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ROOT / "gd_snippets" / "figures"
PALETTES = ("light", "dark")
# Any name: one that cannot be registered fails the build instead of showing raw.
FIGURE_LINE = re.compile(r"^!\[\[(.*?)\]\]\s*$", re.MULTILINE)
# A playground line ``![[playground/<name>]]`` shows the figure <name>/playground
# (overrides/hooks/playgrounds.py).
PLAYGROUND = re.compile(r"playground/(.+)")
# Render processes. Each starts a session of its own, as Jupyter's kernels do:
# Linux shares the CPU between sessions first, so figures the pages wait for
# would otherwise share one session's part with this process while the
# notebooks' kernels each got a whole one.
WORKERS = min(2, os.cpu_count() or 1)

_figures: dict[str, dict] = {}  # name -> {"alt", "width", "height"} of this build
_rendering: Future  # this build's render_all, started by on_files


def topic_keys() -> dict[str, str]:
    """Each figure topic module's name and the key of what draws its figures:
    the module, the gd_snippets code it imports and the figures package's own
    modules (styles, rendering), not the other topics."""
    own = set(FIGURES.glob("_*.py"))
    return {
        module.stem: source_key(
            used_files(module, whole_subpackages=False) | own | {module}, ROOT
        )
        for module in sorted(FIGURES.glob("[!_]*.py"))
    }


def _svg_size(svg: bytes) -> tuple[int, int]:
    """Width and height in CSS pixels from the SVG's pt dimensions."""
    head = svg[:2000].decode(errors="ignore")  # may cut a character in two
    w, h = (
        float(re.search(rf'{k}="([\d.]+)pt"', head).group(1))
        for k in ("width", "height")
    )
    return round(w * 4 / 3), round(h * 4 / 3)


def rendered_files(name: str) -> list[str]:
    """The SVG files the figures command writes for figure ``name``."""
    return [f"{name}.{p}.svg" for p in PALETTES]


def card_files(name: str) -> list[str]:
    """The files the figures command writes for figure ``name`` as a page's
    lead: its link preview and its thumbnail in each palette."""
    return [f"{name}.card.png", *(f"{name}.thumb.{p}.png" for p in PALETTES)]


def lead_figure(markdown: str) -> str | None:
    """The figure a page's Markdown shows first (a playground shows its
    figure), if any: its link preview and thumbnail."""
    first = FIGURE_LINE.search(markdown)
    if not first:
        return None
    playground = PLAYGROUND.fullmatch(first.group(1))
    return f"{playground.group(1)}/playground" if playground else first.group(1)


def lead_figures(markdowns: list[str]) -> set[str]:
    """The first figure of each page's Markdown: the ones that need a card."""
    return {lead_figure(markdown) for markdown in markdowns} - {None}


def _png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def _complete(folder: Path) -> bool:
    catalog = folder / "catalog.json"
    return catalog.exists() and all(
        (folder / file).exists()
        for name in json.loads(catalog.read_text())
        for file in rendered_files(name)
    )


def _render(options: list[str], out_dir: Path) -> None:
    """Run the figures command with ``options`` into ``out_dir``, one process
    per core. Fresh processes import the package as it is on disk now; this one
    never imports it, so `mkdocs serve` cannot draw with stale code."""
    command = [sys.executable, "-m", "gd_snippets.figures", str(out_dir), *options]
    shards = [
        subprocess.Popen(
            [*command, f"--shard={k}/{WORKERS}"],
            stderr=subprocess.PIPE,
            start_new_session=True,  # see WORKERS
        )
        for k in range(WORKERS)
    ]
    for process in shards:
        _, stderr = process.communicate()
        if process.returncode:
            raise PluginError(f"rendering figures failed:\n{stderr.decode()}")


def render_all(cache_root: Path, leads: set[str]) -> dict[str, bytes]:
    """Every file of every figure (both palettes' SVG, and the card of each of
    ``leads``), keyed by file name: read from each topic's cache folder,
    rendering the topics whose folder is missing or incomplete, and the
    missing cards."""
    folders = {t: cache_root / f"{t}-{key}" for t, key in topic_keys().items()}
    stale = [topic for topic, folder in folders.items() if not _complete(folder)]
    if stale:
        fresh = Path(tempfile.mkdtemp(prefix="render-", dir=cache_root))
        topics = [f"--topic={topic}" for topic in stale]
        # The cards of the lead figures among them, in the same pass.
        cards = [f"--card={name}" for name in sorted(leads)] or ["--no-cards"]
        try:
            _render([*topics, *cards], fresh)
            for topic in stale:
                if not _complete(folders[topic]):  # else a parallel build won
                    shutil.rmtree(folders[topic], ignore_errors=True)
                    (fresh / topic).rename(folders[topic])
        finally:
            shutil.rmtree(fresh)
    catalogs = {
        topic: json.loads((folder / "catalog.json").read_text())
        for topic, folder in folders.items()
    }
    folder_of = {name: folders[t] for t, names in catalogs.items() for name in names}
    uncarded = sorted(
        name
        for name in leads & set(folder_of)
        if not all((folder_of[name] / file).exists() for file in card_files(name))
    )
    if uncarded:
        fresh = Path(tempfile.mkdtemp(prefix="cards-", dir=cache_root))
        try:
            _render([*(f"--card={name}" for name in uncarded)], fresh)
            for name in uncarded:
                for file in card_files(name):
                    (fresh / file).replace(folder_of[name] / file)
        finally:
            shutil.rmtree(fresh)
    _figures.clear()
    rendered = {}
    for name, alt in (item for c in catalogs.values() for item in c.items()):
        for file in rendered_files(name):
            rendered[file] = (folder_of[name] / file).read_bytes()
        width, height = _svg_size(rendered[f"{name}.light.svg"])
        _figures[name] = {"alt": alt, "width": width, "height": height}
        for file in card_files(name) if name in leads else ():
            rendered[file] = (folder_of[name] / file).read_bytes()
        if name in leads:
            _figures[name]["card"] = _png_size(rendered[f"{name}.card.png"])
            _figures[name]["thumbnail"] = _png_size(rendered[f"{name}.thumb.light.png"])
    return rendered


@event_priority(100)  # first: the renders run while the other hooks work
def on_files(files, config):
    global _rendering
    (CACHE / "figures").mkdir(parents=True, exist_ok=True)
    leads = lead_figures([page.content_string for page in files.documentation_pages()])
    pool = ThreadPoolExecutor(max_workers=1)
    _rendering = pool.submit(render_all, CACHE / "figures", leads)
    pool.shutdown(wait=False)  # returns at once; the renders run on
    return files


def on_nav(nav, config, files):
    """The figures join the build here, once rendered, before any page; those
    of an issue not yet out stay out (``releases.py``): its topic is its slug."""
    unreleased = releases.unreleased(releases.release_day(), Path(config.docs_dir))
    hidden = {f"{meta['slug']}/" for meta in unreleased.values()}
    for name, svg in _rendering.result().items():
        if not name.startswith(tuple(hidden)):
            files.append(File.generated(config, f"figures/{name}", content=svg))
    return nav


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
    name = lead_figure(markdown)  # a known figure: checked above
    if name:
        width, height = _figures[name]["card"]
        page.meta["card"] = {
            "url": f"{config.site_url}figures/{name}.card.png",
            "alt": _figures[name]["alt"],
            "width": width,
            "height": height,
        }
        page.meta["thumbnail"] = thumbnail(name)
    return shown


def thumbnail(name: str) -> dict:
    """The thumbnail of the known lead figure ``name``: its file in each
    palette (under the site's root), alt text and pixel size."""
    width, height = _figures[name]["thumbnail"]
    return {
        "files": {p: f"figures/{name}.thumb.{p}.png" for p in PALETTES},
        "alt": _figures[name]["alt"],
        "width": width,
        "height": height,
    }
