"""`make bench`: how fast the site builds and tests, how heavy and fast its pages are.

Prints a table and writes ``bench/results.json``. It reports, against the
budgets of the quality-gates issue, and never fails on a number:

* wall time of a cold and a warm ``make build`` (own cache folder, so the
  maintainer's cache is untouched), and of the test suite;
* render time of every figure: each palette's SVG and its link card;
* first-load bytes of every page, raw and as served gzipped, by kind: what
  Chromium downloads to show the page and scroll to its end (so every figure
  of the reader's palette, and the search index) on 127.0.0.1;
* Lighthouse scores (npm ``lighthouse``, mobile profile, Debian's Chromium),
  the median of five runs, as the scores vary from run to run.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # shares the browser tests' set-up
from browsing import CHROMIUM, CHROMIUM_FLAGS, page_paths, serve  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE_RUNS = 5  # scores vary run to run: the median of 5, as Lighthouse advises
BUDGET = {
    "performance": 0.95,
    "accessibility": 1.0,
    "best-practices": 1.0,
    "seo": 1.0,
    "first_load_raw_kb": 450,  # KB = 1000 bytes
    "warm_over_cold": 1 / 3,
}
KINDS = {  # Playwright's resource types, grouped as the table shows them
    "document": "html",
    "stylesheet": "css",
    "script": "js",
    "image": "images",
    "font": "fonts",
}

# A reader scrolling down the page, so that lazy figures load as they would.
SCROLL_TO_THE_END = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}"""


def seconds(command: list[str], **env: str) -> float:
    """Wall time of ``command``; a failure stops the bench with its output."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=os.environ | env, capture_output=True)
    if done.returncode:
        output = (done.stdout + done.stderr).decode()[-3000:]
        sys.exit(f"{' '.join(command)} failed:\n{output}")
    return time.perf_counter() - start


def is_issue(path: str) -> bool:
    return re.fullmatch(r"issues/(?!category/)[^/]+/", path) is not None


def build_times() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as cache:
        cold = seconds(["make", "build"], GD_WEEKLY_CACHE=cache)
        warm = seconds(["make", "build"], GD_WEEKLY_CACHE=cache)
    return {"cold_s": cold, "warm_s": warm, "warm_over_cold": warm / cold}


def figure_times() -> dict[str, dict[str, float]]:
    """Seconds to render each figure: each palette's SVG and the link card."""
    from gd_snippets.figures import PALETTES, catalog, render_card, render_svg

    names = list(catalog())
    render_svg(names[0])  # imports and the font cache, not a figure's cost
    renders = {palette: partial(render_svg, palette=palette) for palette in PALETTES}
    renders["card"] = render_card
    times = {}
    for name in names:
        for kind, render in renders.items():
            start = time.perf_counter()
            render(name)
            times.setdefault(name, {})[kind] = time.perf_counter() - start
    return times


def first_load(context, url: str) -> dict:
    """Bytes the page at ``url`` downloads, raw and on the wire, by kind."""
    page = context.new_page()
    loaded = []
    page.on("requestfinished", lambda request: loaded.append(request))
    page.goto(url, wait_until="networkidle")
    page.evaluate(SCROLL_TO_THE_END)
    page.wait_for_load_state("networkidle")
    sizes = defaultdict(lambda: {"raw": 0, "gzip": 0})
    for request in loaded:
        response = request.response()
        if response is None or request.url.startswith("data:"):
            continue
        kind = KINDS.get(request.resource_type, "other")
        sizes[kind]["raw"] += len(response.body())
        sizes[kind]["gzip"] += request.sizes()["responseBodySize"]
    page.close()
    return {
        "raw_bytes": sum(size["raw"] for size in sizes.values()),
        "gzip_bytes": sum(size["gzip"] for size in sizes.values()),
        "by_kind": dict(sizes),
    }


def first_loads(base_url: str, paths: list[str]) -> dict[str, dict]:
    """Every page's first load in the light palette, each in a fresh context."""
    from playwright.sync_api import sync_playwright

    weights = {}
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for path in paths:
            context = browser.new_context(color_scheme="light")
            weights[path or "/"] = first_load(context, base_url + path)
            context.close()
        browser.close()
    return weights


def lighthouse_run(url: str, report: Path) -> dict[str, float]:
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={report}",
            f"--chrome-path={CHROMIUM}",
            f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--quiet",
        ],
        check=True,
        capture_output=True,
    )
    categories = json.loads(report.read_text())["categories"]
    return {c: categories[c]["score"] for c in CATEGORIES}


def lighthouse(base_url: str, paths: list[str]) -> dict[str, dict]:
    """Median Lighthouse scores (mobile) of every page, and every run's."""
    scores = {}
    with tempfile.TemporaryDirectory() as reports:
        for path in paths:
            runs = [
                lighthouse_run(base_url + path, Path(reports) / f"{n}.json")
                for n in range(LIGHTHOUSE_RUNS)
            ]
            scores[path or "/"] = {
                c: statistics.median(run[c] for run in runs) for c in CATEGORIES
            } | {"runs": runs}
    return scores


def over_budget(results: dict) -> list[str]:
    """Every budget a result misses, in words."""
    missed = []
    build = results["build"]
    if build["warm_over_cold"] > BUDGET["warm_over_cold"]:
        missed.append(f"warm build is {build['warm_over_cold']:.2f} of a cold one")
    for path, weight in results.get("first_load", {}).items():
        kb = weight["raw_bytes"] / 1000
        if is_issue(path) and kb > BUDGET["first_load_raw_kb"]:
            missed.append(f"{path}: first load {kb:.0f} KB raw")
    for path, scores in results.get("lighthouse", {}).items():
        if is_issue(path):
            missed += [
                f"{path}: Lighthouse {name} {scores[name]:.2f}"
                for name in CATEGORIES
                if scores[name] < BUDGET[name]
            ]
    return missed


def table(results: dict) -> str:
    build = results["build"]
    lines = [
        "| measure | value | budget |",
        "|---|---|---|",
        f"| cold `make build` | {build['cold_s']:.1f} s | |",
        f"| warm `make build` | {build['warm_s']:.1f} s "
        f"({build['warm_over_cold']:.2f} of cold) | <= 0.33 of cold |",
        f"| test suite (`pytest`) | {results['tests_s']:.1f} s | |",
    ]
    for name, renders in results["figures"].items():
        rendered = ", ".join(f"{k} {t * 1000:.0f} ms" for k, t in renders.items())
        lines.append(f"| figure `{name}` | {rendered} | |")
    lighthouse_scores = results.get("lighthouse", {})
    lines += [
        "",
        "| page | first load raw | gzipped"
        " | html / css / js / images / fonts / other (raw KB)"
        f" | Lighthouse perf / a11y / best / SEO (median of {LIGHTHOUSE_RUNS}) |",
        "|---|---|---|---|---|",
    ]
    for path, weight in results.get("first_load", {}).items():
        kinds = weight["by_kind"]
        split = " / ".join(
            f"{kinds.get(k, {}).get('raw', 0) / 1000:.0f}"
            for k in ("html", "css", "js", "images", "fonts", "other")
        )
        scores = lighthouse_scores.get(path, {})
        shown = " / ".join(f"{scores[c]:.2f}" for c in CATEGORIES if c in scores)
        lines.append(
            f"| `{path}` | {weight['raw_bytes'] / 1000:.0f} KB | "
            f"{weight['gzip_bytes'] / 1000:.0f} KB | {split} | {shown} |"
        )
    missed = results["over_budget"]
    lines += ["", "Over budget: " + ("; ".join(missed) if missed else "nothing")]
    return "\n".join(lines)


def main() -> None:
    results = {"budget": BUDGET}
    print("building cold and warm ...", file=sys.stderr)
    results["build"] = build_times()
    print("rendering figures ...", file=sys.stderr)
    results["figures"] = figure_times()
    print("running the test suite ...", file=sys.stderr)
    results["tests_s"] = seconds([sys.executable, "-m", "pytest", "-q"])
    site = ROOT / "site"  # as the warm `make build` left it
    if CHROMIUM is None:
        results["browser"] = "skipped: no Chromium (install Debian's chromium)"
    else:
        with serve(site) as base_url:
            paths = page_paths(site)
            print("weighing pages ...", file=sys.stderr)
            results["first_load"] = first_loads(base_url, paths)
            print("running Lighthouse ...", file=sys.stderr)
            results["lighthouse"] = lighthouse(base_url, paths)
    results["over_budget"] = over_budget(results)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
