"""`make bench`: how fast the site builds and tests, how heavy and fast its pages are.

Prints a table and writes ``bench/results.json``. It reports, against the
budgets of the quality-gates issue, and never fails on a number:

* wall time of a cold and a warm ``make build`` (own cache folder, so the
  maintainer's cache is untouched), and of the test suite;
* render time of every figure: each palette's SVG and its link card;
* first-load bytes of every page, raw and as served gzipped, by kind: what
  Chromium downloads to show the page and scroll to its end (so every figure
  of the reader's palette, and the search index) on 127.0.0.1;
* Lighthouse (npm ``lighthouse``, mobile profile, Debian's Chromium): five
  runs of every page, each run's performance score and total blocking time
  shown, as they vary from run to run;
* the same for a fixture: the longest issue written out twice, built in a
  copy of the project, so that a page twice as long as any issue so far is
  held to the issue budgets too.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # shares the browser tests' set-up
from browsing import CHROMIUM, CHROMIUM_FLAGS, page_paths, serve  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE_RUNS = 5  # scores vary run to run: 5 runs, as Lighthouse advises
BUDGET = {
    "performance": 0.95,  # issue pages: the lowest of the runs; others: median
    "median_tbt_ms": 100,  # issue pages: total blocking time, median of the runs
    "accessibility": 1.0,
    "best-practices": 1.0,
    "seo": 1.0,
    # What a reader downloads to read the page to its end (every figure it
    # loads included), as GitHub Pages serves it (gzip), and decoded.
    "first_load_gzip_kb": 150,  # KB = 1000 bytes
    "first_load_raw_kb": 700,
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


def seconds(command: list[str], cwd: Path = ROOT, **env: str) -> float:
    """Wall time of ``command``; a failure stops the bench with its output."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=os.environ | env, capture_output=True)
    if done.returncode:
        output = (done.stdout + done.stderr).decode()[-3000:]
        sys.exit(f"{' '.join(command)} failed:\n{output}")
    return time.perf_counter() - start


def is_issue(path: str) -> bool:
    """An issue, or a page that goes with one (a playground): held to the
    issue budgets."""
    return (
        re.fullmatch(r"issues/(?!category/)[^/]+/|playgrounds/[^/]+/", path) is not None
    )


def build_times() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as cache:
        cold = seconds(["make", "build"], GD_WEEKLY_CACHE=cache)
        warm = seconds(["make", "build"], GD_WEEKLY_CACHE=cache)
    return {"cold_s": cold, "warm_s": warm, "warm_over_cold": warm / cold}


def figure_times() -> dict[str, dict[str, float]]:
    """Seconds to render each figure: its SVGs (both palettes, one drawing)
    and the link card."""
    from gd_snippets.figures import catalog, render_card, render_svgs

    names = list(catalog())
    render_svgs(names[0])  # imports and the font cache, not a figure's cost
    renders = {"svgs": render_svgs, "card": render_card}
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
    """One Lighthouse run: the score of each category and the total blocking
    time in milliseconds (``tbt_ms``)."""
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
    lighthouse_report = json.loads(report.read_text())
    categories = lighthouse_report["categories"]
    tbt = lighthouse_report["audits"]["total-blocking-time"]["numericValue"]
    return {c: categories[c]["score"] for c in CATEGORIES} | {"tbt_ms": tbt}


def summary(runs: list[dict[str, float]]) -> dict:
    """The median of each category and of the blocking time, the lowest
    performance score, and every run."""
    return {c: statistics.median(run[c] for run in runs) for c in CATEGORIES} | {
        "lowest_performance": min(run["performance"] for run in runs),
        "median_tbt_ms": statistics.median(run["tbt_ms"] for run in runs),
        "runs": runs,
    }


def lighthouse(base_url: str, paths: list[str]) -> dict[str, dict]:
    """Lighthouse (mobile) on every page, ``LIGHTHOUSE_RUNS`` times each."""
    scores = {}
    with tempfile.TemporaryDirectory() as reports:
        for path in paths:
            runs = [
                lighthouse_run(base_url + path, Path(reports) / f"{n}.json")
                for n in range(LIGHTHOUSE_RUNS)
            ]
            scores[path or "/"] = summary(runs)
    return scores


def double_length_site(folder: Path) -> tuple[Path, str]:
    """A copy of the project in ``folder`` with one more post, the longest
    issue written out twice, built; return the site and the post's path."""
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for file in files:
        if (ROOT / file).is_file():
            (folder / file).parent.mkdir(parents=True, exist_ok=True)
            (folder / file).write_bytes((ROOT / file).read_bytes())
    posts = sorted((ROOT / "docs" / "issues" / "posts").glob("*.md"))
    longest = max(posts, key=lambda post: len(post.read_text()))
    _, front, body = longest.read_text().split("---\n", 2)
    front = re.sub(r"(?m)^slug: .*$", f"slug: {DOUBLE_SLUG}", front)
    front = re.sub(r"(?m)^title: .*$", 'title: "Twice as long (make bench)"', front)
    fixture = folder / "docs" / "issues" / "posts" / f"999-{DOUBLE_SLUG}.md"
    fixture.write_text(f"---\n{front}---\n{body}\n{body.split('<!-- more -->')[-1]}")
    site = folder / "site"
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)]
    seconds(build, cwd=folder, GD_WEEKLY_CACHE=str(ROOT / ".cache"))
    return site, f"issues/{DOUBLE_SLUG}/"


DOUBLE_SLUG = "bench-twice-as-long"


def over_budget(results: dict) -> list[str]:
    """Every budget a result misses, in words."""
    missed = []
    build = results.get("build", {"warm_over_cold": 0})
    if build["warm_over_cold"] > BUDGET["warm_over_cold"]:
        missed.append(f"warm build is {build['warm_over_cold']:.2f} of a cold one")
    for path, weight in results.get("first_load", {}).items():
        if not is_issue(path):
            continue
        for measure, key in (("gzip", "gzip_bytes"), ("raw", "raw_bytes")):
            kb = weight[key] / 1000
            if kb > BUDGET[f"first_load_{measure}_kb"]:
                missed.append(f"{path}: first load {kb:.0f} KB {measure}")
    for path, scores in results.get("lighthouse", {}).items():
        if not is_issue(path):
            continue
        if scores["lowest_performance"] < BUDGET["performance"]:
            missed.append(
                f"{path}: lowest Lighthouse performance "
                f"{scores['lowest_performance']:.2f}"
            )
        if scores["median_tbt_ms"] > BUDGET["median_tbt_ms"]:
            missed.append(f"{path}: median TBT {scores['median_tbt_ms']:.0f} ms")
        missed += [
            f"{path}: Lighthouse {name} {scores[name]:.2f}"
            for name in CATEGORIES[1:]
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
    return "\n".join([*lines, "", page_table(results)])


def page_table(results: dict) -> str:
    """Each page's weight and Lighthouse runs, and what misses a budget."""
    lighthouse_scores = results.get("lighthouse", {})
    lines = [
        "| page | first load raw | gzipped"
        " | html / css / js / images / fonts / other (raw KB)"
        f" | Lighthouse performance ({LIGHTHOUSE_RUNS} runs)"
        " | TBT ms (runs; median) | a11y / best / SEO (median) |",
        "|---|---|---|---|---|---|---|",
    ]
    for path, weight in results.get("first_load", {}).items():
        kinds = weight["by_kind"]
        split = " / ".join(
            f"{kinds.get(k, {}).get('raw', 0) / 1000:.0f}"
            for k in ("html", "css", "js", "images", "fonts", "other")
        )
        scores = lighthouse_scores.get(path)
        if scores:
            runs = scores["runs"]
            perf = ", ".join(f"{run['performance']:.2f}" for run in runs)
            tbt = ", ".join(f"{run['tbt_ms']:.0f}" for run in runs)
            tbt += f"; **{scores['median_tbt_ms']:.0f}**"
            rest = " / ".join(f"{scores[c]:.2f}" for c in CATEGORIES[1:])
        else:
            perf = tbt = rest = ""
        lines.append(
            f"| `{path}` | {weight['raw_bytes'] / 1000:.0f} KB | "
            f"{weight['gzip_bytes'] / 1000:.0f} KB | {split} | {perf} | {tbt} "
            f"| {rest} |"
        )
    missed = results["over_budget"]
    lines += ["", "Over budget: " + ("; ".join(missed) if missed else "nothing")]
    return "\n".join(lines)


def pages_only(paths: list[str]) -> None:
    """`make bench PAGES="issues/a/ ..."`: the rows of those pages alone (a
    warm build, then weight and Lighthouse), in minutes instead of half an
    hour, while writing an issue. Nothing is written to results.json."""
    seconds(["make", "build"])
    site = ROOT / "site"
    unknown = set(paths) - set(page_paths(site))
    if unknown:
        sys.exit(f"PAGES must be pages of the site (issues/<slug>/): {sorted(unknown)}")
    with serve(site) as base_url:
        results = {"first_load": first_loads(base_url, paths)}
        results["lighthouse"] = lighthouse(base_url, paths)
    results["over_budget"] = over_budget(results)
    print(page_table(results))


def main() -> None:
    if os.environ.get("PAGES"):
        return pages_only(os.environ["PAGES"].split())
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
        print("building and measuring the double-length fixture ...", file=sys.stderr)
        with tempfile.TemporaryDirectory() as folder:
            fixture_site, path = double_length_site(Path(folder))
            with serve(fixture_site) as base_url:
                results["first_load"] |= first_loads(base_url, [path])
                results["lighthouse"] |= lighthouse(base_url, [path])
    results["over_budget"] = over_budget(results)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
