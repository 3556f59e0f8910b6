"""MkDocs hook: the notebook pages that mkdocs-jupyter executes.

* Cache: mkdocs-jupyter's cache key hashes the notebook but not the code it
  imports, so before each notebook page its cache directory is set to one
  keyed by the gd_snippets modules that notebook imports (transitively): a
  notebook re-runs only when code it uses changes.
* Download: each jupytext ``.py`` notebook is also offered as an ``.ipynb``.
* Reproducible: the random cell ids of the executed notebook are numbered.
* Light and in the site's style: mkdocs-jupyter inlines about 600 KB of
  JupyterLab CSS, MathJax and Mermaid loaders and its own copy buttons into
  every notebook page. They go; code cells become Material code blocks (the
  issues' colours, copy button and keyboard scrolling) and ``extra.css`` lays
  out the outputs.
* Alt text: an image output takes its alt text from its cell's ``alt``
  metadata (``# %% alt="..."`` in the jupytext file); the build fails on an
  image output without one.
"""

from __future__ import annotations

import os
from pathlib import Path

import jupytext
from bs4 import BeautifulSoup, Comment
from disk_cache import CACHE, ROOT, memo, source_key
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from package_imports import PACKAGE, used_files

# Everything of mkdocs-jupyter's page chrome that the site replaces.
DROPPED = (
    "style, script, .zeroclipboard-container, .clipboard-copy-txt, "
    ".jp-Collapser, .jp-InputPrompt, .jp-OutputPrompt"
)


def is_notebook(file: File) -> bool:
    return file.src_uri.startswith("notebooks/") and file.src_uri.endswith(".py")


def on_config(config):
    if config.plugins.get("mkdocs-jupyter") is not None:
        _quiet_kernel()
    return config


@event_priority(50)  # before mkdocs-jupyter reads its cache
def on_pre_page(page, config, files):
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None and is_notebook(page.file):
        try:
            used = used_files(Path(page.file.abs_src_path))
        except SyntaxError:  # the notebook's own error shows when it runs
            used = set((ROOT / PACKAGE).rglob("*.py"))
        key = source_key(used)
        jupyter.config["cache_dir"] = str(CACHE / "mkdocs-jupyter" / key)
    return page


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
    for file in list(files):
        if is_notebook(file):
            ipynb = notebook_ipynb(Path(file.abs_src_path))
            files.append(
                File.generated(config, file.src_uri[:-3] + ".ipynb", content=ipynb)
            )
    return files


def slim_notebook(html: str, source: Path) -> str:
    """mkdocs-jupyter's ``html`` of notebook ``source`` as the site shows it."""
    cells = jupytext.read(source).cells
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select(DROPPED):
        tag.decompose()
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()  # the template's notes on the loaders it had
    for link in soup.select("a.anchor-link"):
        link["class"] = ["headerlink"]  # shown on hover, as on other pages
    for tag in soup.select("[tabindex]:not(.jp-OutputArea-output)"):
        del tag["tabindex"]  # only what scrolls takes keyboard focus
    for number, cell in enumerate(soup.select('[id^="cell-id="]'), start=1):
        cell["id"] = f"cell-{number}"  # in place of a random uuid
        for image in cell.select(".jp-RenderedImage img"):
            alt = cells[number - 1].metadata.get("alt")
            if not alt:
                raise PluginError(
                    f"{source.name}: cell {number} shows an image; give the cell "
                    'alt text with `# %% alt="..."`'
                )
            image["alt"] = alt
    for block in soup.select("div.highlight-ipynb"):
        code = soup.new_tag("code")
        code.extend(list(block.pre.contents))
        block.pre.append(code)
        block["class"] = ["language-python", "highlight"]
    return str(soup)


def on_page_content(html, page, config, files):
    if not is_notebook(page.file):
        return html
    source = Path(page.file.abs_src_path)
    key = html.encode() + source.read_bytes()  # a warm build skips the parsing
    return memo("notebook-pages", key, lambda: slim_notebook(html, source))
