"""MkDocs hook: the notebook pages that mkdocs-jupyter executes.

* Cache: mkdocs-jupyter's cache key hashes the notebook but not the code it
  imports, so before each notebook page its cache directory is set to one
  keyed by the gd_snippets modules that notebook imports (transitively): a
  notebook re-runs only when code it uses changes.
* In parallel: mkdocs-jupyter runs the notebooks one by one as it renders
  their pages, after the figures. Here, as the build starts, the notebooks
  that will miss the cache run in two kernels, while the figures render, and
  fill mkdocs-jupyter's cache with what it would have written (its own
  conversion, its own cache key); each notebook page waits for its run.
  A kernel runs its notebooks one after another, its namespace and figures
  cleared between them: starting a kernel and importing matplotlib cost
  more than most notebooks' cells.
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

import json
import os
import tempfile
from concurrent.futures import Future
from pathlib import Path
from threading import Thread

import jupytext
from bs4 import BeautifulSoup, Comment
from disk_cache import CACHE, ROOT, memo, source_key
from jupyter_client import AsyncKernelManager
from jupyter_core.utils import run_sync
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs_jupyter import convert
from mkdocs_jupyter import plugin as jupyter_plugin
from nbclient import NotebookClient
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


CONVERT_OPTIONS = (  # mkdocs-jupyter's options that its conversion takes
    "kernel_name",
    "theme",
    "allow_errors",
    "show_input",
    "no_input",
    "no_prompt",
    "remove_tag_config",
    "highlight_extra_classes",
    "include_requirejs",
    "custom_mathjax_url",
)
_runs: dict[str, Future] = {}  # notebook path -> its run, this build


def cache_dir(source: Path) -> Path:
    """Where mkdocs-jupyter keeps notebook ``source``'s run: keyed by the
    gd_snippets code it imports."""
    try:
        used = used_files(source)
    except SyntaxError:  # the notebook's own error shows when it runs
        used = set((ROOT / PACKAGE).rglob("*.py"))
    return CACHE / "mkdocs-jupyter" / source_key(used)


def cache_path(source: Path, options) -> Path:
    """The file mkdocs-jupyter reads for notebook ``source``."""
    key = jupyter_plugin._compute_cache_key(source, options, options["execute"])
    return jupyter_plugin._get_cache_path(str(cache_dir(source)), key)


KERNELS = 2  # kernels running the notebooks, each one after another
# Run before each notebook but a kernel's first: what a fresh kernel has.
CLEAN_SLATE = "import matplotlib.pyplot\nmatplotlib.pyplot.close('all')\n%reset -f"


def execute(notebook, kernel, options) -> None:
    """Run every cell of ``notebook`` in ``kernel`` (a kernel manager, started
    by the first run), as mkdocs-jupyter would in a kernel of its own."""
    client = NotebookClient(
        notebook,
        km=kernel,
        kernel_name=options["kernel_name"],
        allow_errors=options["allow_errors"],
        timeout=600,
    )
    try:
        client.execute()
    finally:
        if client.kc is not None:
            client.kc.stop_channels()


def run_notebook(source: Path, options, path: Path, kernel) -> None:
    """Execute ``source`` in ``kernel`` and convert it as mkdocs-jupyter does,
    into its cache."""
    if kernel.has_kernel:
        execute(
            jupytext.reads(f"# %%\n{CLEAN_SLATE}\n", fmt="py:percent"), kernel, options
        )
    notebook = jupytext.read(source)
    execute(notebook, kernel, options)
    with tempfile.TemporaryDirectory() as folder:
        executed = Path(folder) / f"{source.stem}.ipynb"
        executed.write_text(jupytext.writes(notebook, fmt="ipynb"), encoding="utf-8")
        body = convert.nb2html(
            str(executed),
            execute=False,
            **{option: options[option] for option in CONVERT_OPTIONS},
        )
    toc_tokens, title = jupyter_plugin._get_nb_toc_tokens(
        str(source), options["toc_depth"]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    page = {"content": body, "toc_tokens": toc_tokens, "title": title}
    path.write_text(json.dumps(page), encoding="utf-8")


def run_in_one_kernel(runs: list[tuple[Path, Path, Future]], options) -> None:
    """Run each notebook of ``runs`` (its source, its cache file, its future)
    in turn in one kernel; a notebook's error goes to its own future."""
    kernel = AsyncKernelManager(kernel_name=options["kernel_name"])
    try:
        for source, path, future in runs:
            try:
                run_notebook(source, options, path, kernel)
            except BaseException as error:  # its page's build step reports it
                future.set_exception(error)
            else:
                future.set_result(None)
    finally:
        if kernel.has_kernel:
            run_sync(kernel.shutdown_kernel)(now=True)


def start_runs(files, jupyter) -> None:
    """Start the runs of the notebooks the cache does not hold, in ``KERNELS``
    kernels (processes of their own), while the build goes on."""
    _runs.clear()
    if not (jupyter.config["execute"] and jupyter.config["cache"]):
        return
    runs = []
    for file in files:
        source = Path(file.abs_src_path or "")
        if is_notebook(file) and jupyter.should_include(file):
            path = cache_path(source, jupyter.config)
            if not path.exists():
                runs.append((source, path, _runs.setdefault(str(source), Future())))
    for k in range(KERNELS):
        Thread(
            target=run_in_one_kernel,
            args=(runs[k::KERNELS], jupyter.config),
            daemon=True,
        ).start()


@event_priority(50)  # before mkdocs-jupyter reads its cache
def on_pre_page(page, config, files):
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None and is_notebook(page.file):
        source = Path(page.file.abs_src_path)
        jupyter.config["cache_dir"] = str(cache_dir(source))
        run = _runs.pop(str(source), None)
        if run is not None:
            run.result()  # a failing notebook fails the build here, with its error
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
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        start_runs(files, jupyter)
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
    join_printed_text(soup)
    return str(soup)


def _printed(output) -> bool:
    """Whether an output of a cell is text it printed (not a value it returned)."""
    return "jp-OutputArea-executeResult" not in output.get("class", []) and bool(
        output.select(':scope > .jp-RenderedText[data-mime-type="text/plain"]')
    )


def join_printed_text(soup) -> None:
    """One output per run of printed text. The kernel sends what a cell prints
    in pieces, as its timer fires, and each piece became an output of its own:
    how a cell's text was cut hung on the machine's load, and two builds
    differed."""
    for area in soup.select("div.jp-OutputArea"):
        previous = None
        for output in area.select(":scope > div.jp-OutputArea-child"):
            if not _printed(output):
                previous = None
            elif previous is None:
                previous = output
            else:
                previous.pre.extend(list(output.pre.contents))
                output.decompose()


def on_page_content(html, page, config, files):
    if not is_notebook(page.file):
        return html
    source = Path(page.file.abs_src_path)
    key = html.encode() + source.read_bytes()  # a warm build skips the parsing
    return memo("notebook-pages", key, lambda: slim_notebook(html, source))
