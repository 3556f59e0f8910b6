"""MkDocs hook: the playgrounds, computed by gd_snippets, drawn by a small script.

A page places one with a line ``![[playground/<name>]]``. The build writes
``playgrounds/<name>.json`` (every run the controls can ask for, from
``python -m gd_snippets.playgrounds``, cached like the figures) and puts on the
page, in a ``<div class="gd-playground">``:

* the controls, hidden until the script has the data: a ``<select>`` of the
  problems and two labelled ``<input type="range">``, for the learning rate
  (positions evenly spaced in log) and the starting point;
* the figure ``<name>/playground`` of ``gd_snippets.figures``, the same run as
  the controls' first setting: what a reader without JavaScript sees, with a
  table in ``<noscript>`` saying how each rate ends;
* ``assets/javascripts/<name>.js``, which fetches the data when the playground
  nears the screen and draws it (it does no math).
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from build_errors import choices, where
from disk_cache import CACHE, ROOT, source_key
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from package_imports import used_files

PLAYGROUNDS = ROOT / "gd_snippets" / "playgrounds"
PLAYGROUND_LINE = re.compile(r"^!\[\[playground/(.*?)\]\]\s*$", re.MULTILINE)
PLACEHOLDER = re.compile(  # and the figure after it
    r'<div class="gd-playground" data-playground="([^"]+)"></div>\s*'
    r'(<figure class="gd-figure">.*?</figure>)',
    re.DOTALL,
)

_data: dict[str, dict] = {}  # name -> the playground's data, this build


def compute_all(cache_root: Path) -> dict[str, str]:
    """Every playground's JSON, keyed by name: from the cache folder whose key
    hashes the gd_snippets code that computes them, or computed afresh in a
    new process (so that `mkdocs serve` never runs stale code)."""
    sources = {PLAYGROUNDS / "__main__.py", *PLAYGROUNDS.glob("*.py")}
    used = set().union(*(used_files(source) for source in sources)) | sources
    folder = cache_root / source_key(used, ROOT)
    if not folder.exists():
        fresh = Path(tempfile.mkdtemp(prefix="playgrounds-", dir=cache_root))
        done = subprocess.run(
            [sys.executable, "-m", "gd_snippets.playgrounds", str(fresh)],
            cwd=ROOT,
            capture_output=True,
        )
        if done.returncode:
            shutil.rmtree(fresh)
            raise PluginError(
                f"computing the playgrounds failed:\n{done.stderr.decode()}"
            )
        if not folder.exists():  # else a parallel build won
            fresh.rename(folder)
        else:
            shutil.rmtree(fresh)
    return {
        path.stem: path.read_text(encoding="utf-8") for path in folder.glob("*.json")
    }


def on_files(files, config):
    (CACHE / "playgrounds").mkdir(parents=True, exist_ok=True)
    _data.clear()
    for name, text in compute_all(CACHE / "playgrounds").items():
        _data[name] = json.loads(text)
        files.append(File.generated(config, f"playgrounds/{name}.json", content=text))
    return files


def on_page_markdown(markdown, page, config, files):
    """A playground line becomes a placeholder and the playground's figure."""
    for match in PLAYGROUND_LINE.finditer(markdown):
        if match.group(1) not in _data:
            name = match.group(1)
            raise PluginError(
                f"{where(page.file, match.group(0))}: no playground named {name!r} "
                f"in gd_snippets.playgrounds; {choices(name, _data)}"
            )
    return PLAYGROUND_LINE.sub(
        lambda m: (
            f'<div class="gd-playground" data-playground="{m.group(1)}"></div>\n\n'
            f"![[{m.group(1)}/playground]]"
        ),
        markdown,
    )


def _options(labels: list[str], chosen: int) -> str:
    return "".join(
        f'<option value="{i}"{" selected" * (i == chosen)}>{html.escape(text)}</option>'
        for i, text in enumerate(labels)
    )


def _slider(name: str, field: str, label: str, values: list[str], chosen: int) -> str:
    """A labelled range input over the positions of ``values``, and its readout."""
    id_, value = f"{name}-{field}", html.escape(values[chosen])
    return (
        f'<label for="{id_}">{label} <output for="{id_}">{value}</output></label>'
        f'<input id="{id_}" name="{field}" type="range" min="0" '
        f'max="{len(values) - 1}" step="1" value="{chosen}" aria-valuetext="{value}">'
    )


def controls(name: str, data: dict) -> str:
    """The playground's form: the problem, the learning rate, the start."""
    if data.get("kind") == "race":
        return race_controls(name, data)
    first = data["problems"][0]
    return (
        '<form class="gd-playground__controls" aria-label="Playground settings" hidden>'
        f'<label for="{name}-problem">Problem</label>'
        f'<select id="{name}-problem" name="problem">'
        f"{_options([p['label'] for p in data['problems']], 0)}</select>"
        + _slider(name, "lr", "Learning rate", data["lrs"], data["defaultLr"])
        + _slider(
            name, "start", "Starting point", first["starts"], first["defaultStart"]
        )
        + "</form>"
    )


def _noscript_table(intro: str, headers: tuple[str, ...], rows: list[tuple]) -> str:
    """What a reader without JavaScript gets in place of the live drawing."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>"
        for row in rows
    )
    return (
        f"<noscript><p>{intro}</p><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></noscript>"
    )


def text_alternative(data: dict) -> str:
    """For readers without JavaScript: how each rate ends, from each problem's
    default starting point."""
    if data.get("kind") == "race":
        return race_text(data)
    rows = [
        (
            f"{problem['key']}, {problem['starts'][problem['defaultStart']]}",
            lr,
            run["status"],
            run["end"] or run["why"],
        )
        for problem in data["problems"]
        for lr, run in zip(
            data["lrs"], problem["runs"][problem["defaultStart"]], strict=True
        )
    ]
    return _noscript_table(
        "The playground needs JavaScript; the figure shows its first setting. "
        f"How each learning rate ends, in at most {data['steps']} steps:",
        ("problem, start", "learning rate", "outcome", "where it ends"),
        rows,
    )


def race_controls(name: str, data: dict) -> str:
    """An animated race's form (issue #5): play or pause, the problem, a
    slider over its frames that shows the race at any step, and the legend
    (each runner's class gives its colour, in extra.css)."""
    first = data["problems"][0]
    steps = [
        f"{round(k * first['steps'] / data['frames'])} of {first['steps']}"
        for k in range(data["frames"] + 1)
    ]
    return (
        '<form class="gd-playground__controls" aria-label="Animation controls" hidden>'
        '<span>Animation</span><button type="button" name="play">Play</button>'
        f'<label for="{name}-problem">Problem</label>'
        f'<select id="{name}-problem" name="problem">'
        f"{_options([p['label'] for p in data['problems']], 0)}</select>"
        + _slider(name, "step", "Step", steps, data["frames"])
        + '<ul class="gd-race__legend">'
        + "".join(
            f'<li class="gd-race--{i}">{html.escape(runner)}</li>'
            for i, runner in enumerate(data["optimizers"])
        )
        + "</ul></form>"
    )


def race_text(data: dict) -> str:
    """For readers without JavaScript: each runner's loss at the finish."""
    rows = [
        (problem["label"], runner, run["final"])
        for problem in data["problems"]
        for runner, run in zip(data["optimizers"], problem["runs"], strict=True)
    ]
    return _noscript_table(
        "The animation needs JavaScript; the figure shows the finish. "
        "Each optimizer's loss at the finish:",
        ("problem", "optimizer", "loss at the finish"),
        rows,
    )


def playground_html(name: str, figure: str, page_url: str) -> str:
    """Everything the placeholder of playground ``name`` and its figure become."""
    here = posixpath.dirname(page_url) if not page_url.endswith("/") else page_url
    data_url = posixpath.relpath(f"playgrounds/{name}.json", here or ".")
    script_url = posixpath.relpath(f"assets/javascripts/{name}.js", here or ".")
    kind = _data[name].get("kind")
    # the first problem's stable range, as the script writes it: in place at once
    bound = html.escape(_data[name]["problems"][0].get("bound", ""))
    classes = f"gd-playground gd-playground--{kind or 'rates'}"
    return (
        f'<div class="{classes}" data-src="{data_url}">'
        + controls(name, _data[name])
        + '<div class="gd-playground__panels" hidden></div>'
        + '<p class="gd-playground__readout" role="status" hidden></p>'
        + f'<p class="gd-playground__bound" hidden>{bound}</p>'
        + figure
        + text_alternative(_data[name])
        + f'</div><script src="{script_url}" defer></script>'
    )


def on_page_content(html_text, page, config, files):
    return PLACEHOLDER.sub(
        lambda m: playground_html(m.group(1), m.group(2), page.url), html_text
    )
