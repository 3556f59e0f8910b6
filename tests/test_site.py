"""Checks on the site as built by ``mkdocs build --strict``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import POSTS, _full_series, load_hook, posts_in
from docs_blocks import ROOT, all_blocks

from gd_snippets.figures import MIN_ALT_WORDS, MIN_FIGURES_PER_TOPIC

reading_time = load_hook("reading_time")
SITE_URL = os.environ.get("SITE_URL") or "http://127.0.0.1:8000/"  # as mkdocs.yml
PYTHON_BLOCK = re.compile(r'<div class="language-(?:python|py|python3) highlight">')
EXCERPT = re.compile(
    r'<article class="md-post md-post--excerpt">.*?</article>', re.DOTALL
)


def slug(post: Path) -> str:
    return re.search(r"^slug: (.+)$", post.read_text(), re.MULTILINE).group(1)


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def is_notebook(html: str) -> bool:
    return "jp-Notebook" in html


class Tags(HTMLParser):
    """Collect (tag, attributes) of every start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def test_python_blocks_in_the_html_equal_the_blocks_executed(site):
    unpublished = set(POSTS.glob("*.md")) - set(posts_in(site))
    executed = [
        b
        for b in all_blocks()
        if b.page.is_relative_to(ROOT / "docs") and b.page not in unpublished
    ]
    shown = 0
    for page in pages(site):
        html = page.read_text()
        if not is_notebook(html):  # notebooks are executed by the build itself
            shown += len(PYTHON_BLOCK.findall(EXCERPT.sub("", html)))
    assert shown == len(executed) > 0


def test_every_post_is_published_with_its_figures_rendered(site):
    for post in posts_in(site):
        html = (site / "issues" / slug(post) / "index.html").read_text()
        assert "![[" not in html, f"{post.name}: a figure marker was not replaced"
        images = [
            a for t, a in tags(html) if t == "img" and "/figures/" in a.get("src", "")
        ]
        assert len(images) >= 2 * MIN_FIGURES_PER_TOPIC, (
            f"{post.name}: fewer than {MIN_FIGURES_PER_TOPIC} figures (light + dark)"
        )
        for image in images:
            path = site / "issues" / slug(post) / image["src"].split("#")[0]
            assert path.resolve().is_file(), image["src"]


def test_the_figures_published_are_those_of_the_issues_out(site):
    topics = {folder.name for folder in (site / "figures").iterdir()}
    assert topics == {slug(post) for post in posts_in(site)}


def test_every_post_previews_as_its_first_figure(site):
    for post in posts_in(site):
        lead = re.search(r"^!\[\[([a-z0-9/-]+)\]\]", post.read_text(), re.M).group(1)
        meta = {
            a.get("property") or a.get("name"): a.get("content")
            for t, a in tags((site / "issues" / slug(post) / "index.html").read_text())
            if t == "meta"
        }
        assert meta["og:image"] == f"{SITE_URL}figures/{lead}.card.png"
        assert (site / "figures" / f"{lead}.card.png").is_file()
        assert len(meta["og:image:alt"].split()) >= MIN_ALT_WORDS
        assert meta["twitter:card"] == "summary_large_image"
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
        assert meta["og:title"] and meta["og:description"]


READ_BADGE = re.compile(r"(\d+) min read")
ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)


def test_every_issue_reads_in_its_limit_and_its_badge_says_so(site):
    """A beginner reads the main path (prose, and the code and output shown;
    collapsed blocks left out) within the limit, and the badge shows that
    honest time, not one that skips the code."""
    for post in posts_in(site):
        html = (site / "issues" / slug(post) / "index.html").read_text()
        article = ARTICLE.search(html).group(0)
        taken = reading_time.minutes(article)
        words, code_lines = reading_time.main_path(article)
        assert taken <= reading_time.LIMIT_MINUTES, (
            f"{post.name}: main path {taken:.1f} min ({words} words, {code_lines} "
            f"code lines) > {reading_time.LIMIT_MINUTES}: collapse plumbing or cut"
        )
        badge = int(READ_BADGE.search(html).group(1))
        assert abs(badge - taken) <= 1, (
            f"{post.name}: badge {badge} min, reads {taken:.1f}"
        )


def test_reading_time_leaves_out_only_collapsed_blocks():
    prose = "<p>" + "word " * 200 + "</p>"
    code = "<pre><code>" + "x = 1\n" * 15 + "</code></pre>"
    assert reading_time.minutes(prose + code) == 2
    assert reading_time.minutes(f"<details open>{code}</details>") == 1
    assert reading_time.minutes(f"<details><summary>s</summary>{code}</details>") == 0
    assert reading_time.minutes(f"<math>{prose}</math><script>{prose}</script>") == 0


def test_every_image_has_alt_text(site):
    for page in pages(site):
        for tag, attributes in tags(page.read_text()):
            if tag == "img":
                assert attributes.get("alt", "").strip(), (
                    f"{page}: {attributes.get('src')}"
                )


def test_math_is_rendered_to_mathml(site):
    for post in posts_in(site):
        html = (site / "issues" / slug(post) / "index.html").read_text()
        if "$" in post.read_text():
            assert "<math" in html
        text = re.sub(r"<(pre|code)[^>]*>.*?</\1>", "", html, flags=re.DOTALL)
        assert "$$" not in text and "\\frac" not in text


def test_nothing_is_loaded_from_another_host(site):
    for page in [*pages(site), *site.rglob("*.css")]:
        text = page.read_text()
        for tag, attributes in tags(text) if page.suffix == ".html" else []:
            url = attributes.get("src") or (
                attributes.get("href")
                if tag == "link" and "stylesheet" in attributes.get("rel", "")
                else None
            )
            assert not url or not re.match(r"(https?:)?//", url), f"{page}: {tag} {url}"
        assert "fonts.googleapis" not in text and "@import url(http" not in text


def test_feeds_have_one_rendered_item_per_issue(site):
    rss = ET.parse(site / "feed_rss_created.xml").getroot()
    items = rss.findall("./channel/item")
    assert len(items) == len(posts_in(site))
    assert "None" not in ET.tostring(rss, encoding="unicode")
    feed = json.loads((site / "feed_json_created.json").read_text())
    assert len(feed["items"]) == len(posts_in(site))
    assert "null" not in json.dumps(feed), "JSON Feed's optional fields are omitted"
    for item in items:
        description = item.findtext("description")
        assert description.strip()
        assert "--8<--" not in description and "$" not in description
        assert "<h1" not in description, "the abstract repeats the title"
        assert re.search(r"\d{4} 00:00:00", item.findtext("pubDate")), (
            "date from front matter"
        )


def test_notebooks_are_executed_and_downloadable(site):
    out = {slug(post) for post in posts_in(site)}  # a notebook goes out with its issue
    for notebook in (ROOT / "docs" / "notebooks").glob("*.py"):
        if notebook.stem not in out:
            assert not (site / "notebooks" / notebook.stem).exists()
            continue
        page = site / "notebooks" / notebook.stem
        html = (page / "index.html").read_text()
        assert is_notebook(html) and "jp-OutputArea" in html
        assert (page / notebook.name).is_file()
        assert (page.parent / f"{notebook.stem}.ipynb").is_file()
        # slimmed: no JupyterLab CSS or loaders; code cells are Material blocks
        assert "<style" not in html and "mathjax" not in html.lower()
        assert 'class="language-python highlight"' in html
        assert "No description has been provided" not in html


def test_a_warm_build_renders_no_figure(site, monkeypatch):
    renders = load_hook("renders")

    def no_render(*args, **kwargs):
        raise AssertionError("a warm build started a figure render")

    monkeypatch.setattr(subprocess, "Popen", no_render)
    unpublished = set(POSTS.glob("*.md")) - set(posts_in(site))
    docs = (ROOT / "docs").rglob("*.md")
    pages = [p.read_text() for p in docs if p not in unpublished]
    leads = renders.lead_figures(pages)  # the build's: cards only for what is out
    assert {"how-models-learn/guess-check-adjust", "learning-rate/playground"} <= leads
    rendered = renders.render_all(renders.CACHE / "figures", leads)
    leads_files = {file for name in leads for file in renders.card_files(name)}
    assert len(rendered) == 2 * len(renders._figures) + len(leads_files)  # SVGs
    assert leads_files <= set(rendered)  # a lead's card and thumbnails


@pytest.mark.parametrize("command", ["serve", "build", "test"])
def test_readme_gives_the_make_commands(command):
    assert f"make {command}" in (ROOT / "README.md").read_text()


def _ids(html: str) -> set[str]:
    return {a["id"] for _, a in tags(html) if "id" in a} | {
        a["name"] for t, a in tags(html) if t == "a" and "name" in a
    }


def test_internal_links_and_anchors_resolve(site):
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in pages(site):
        for tag, attributes in tags(page.read_text()):
            href = attributes.get("href") if tag in {"a", "link"} else None
            if not href or re.match(r"[a-z][a-z+.-]*:|//", href):
                continue  # no link, or another host (absolute URLs are canonical/meta)
            path, _, fragment = href.partition("#")
            base = (
                site if path.startswith("/") else page.parent
            )  # 404.html: from the root
            target = (base / path.lstrip("/")).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {href}")
            elif fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = _ids(target.read_text())
                if fragment not in ids[target]:
                    broken.append(f"{page.relative_to(site)}: {href} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_sitemap_lists_every_page(site):
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [loc.text for loc in sitemap.findall("s:url/s:loc", namespace)]
    assert any(url.endswith("/issues/how-models-learn/") for url in urls)
    assert (site / "sitemap.xml.gz").is_file()


@pytest.mark.slow
def test_the_site_also_builds_with_properdocs(site, tmp_path):
    """ProperDocs is the maintained MkDocs 1.x fork (mkdocs-rss-plugin uses it)."""
    result = subprocess.run(
        [
            Path(sys.executable).with_name("properdocs"),
            "build",
            "--strict",
            "-d",
            tmp_path,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=os.environ
        | {"NO_MKDOCS_2_WARNING": "1", "JUPYTER_PLATFORM_DIRS": "1"}
        | ({"GD_WEEKLY_RELEASE_DAY": "all"} if site in _full_series else {}),
    )
    assert result.returncode == 0, result.stderr
    files = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    assert files == {p.relative_to(site) for p in site.rglob("*") if p.is_file()}


# The one figure that measures something as it is drawn (the time of a gradient,
# gd_snippets/figures/sgd_and_mini_batches.py): its files, and no others, may
# differ between two builds. The page showing it must not.
MEASURED = {  # timings drawn at build time; not a page's first figure: no card
    Path(f"figures/{name}.{kind}")
    for name in ("sgd-and-mini-batches/vectorization", "backpropagation/cost")
    for kind in ("light.svg", "dark.svg")
}


@pytest.mark.slow
def test_two_clean_builds_differ_only_in_sitemaps_and_timing(build_site, tmp_path):
    epoch = {"SOURCE_DATE_EPOCH": "1763769600"}
    first, second = (
        build_site(
            tmp_path / f"site{i}", GD_WEEKLY_CACHE=str(tmp_path / f"cache{i}"), **epoch
        )
        for i in (1, 2)
    )
    names = {p.relative_to(first) for p in first.rglob("*") if p.is_file()}
    assert names == {p.relative_to(second) for p in second.rglob("*") if p.is_file()}
    published = {Path(f"figures/{slug(post)}") for post in posts_in(first)}
    measured = {name for name in MEASURED if name.parent in published}
    assert measured and names >= measured, "the exempted files are measured figures"
    differ = [
        name
        for name in sorted(names)
        if (first / name).read_bytes() != (second / name).read_bytes()
        and not name.name.startswith("sitemap.xml")
        and name not in MEASURED
    ]
    assert not differ, f"files differ between two clean builds: {differ}"


def test_the_package_archive_holds_the_code_the_pages_import(site, tmp_path):
    """Readers install ``gd_snippets`` from the site: its archive is this
    build's code, file for file, and its modules import from it alone."""
    with zipfile.ZipFile(site / "downloads" / "gd-snippets.zip") as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path)
    modules = {
        p.relative_to(ROOT).as_posix() for p in (ROOT / "gd_snippets").rglob("*.py")
    }
    assert names == modules | {"pyproject.toml", "README.md"}
    for name in names:
        assert (tmp_path / name).read_bytes() == (ROOT / name).read_bytes(), name
    imported = subprocess.run(
        [
            sys.executable,
            "-c",
            "import gd_snippets.losses, gd_snippets.optimizers, "
            "gd_snippets.training, gd_snippets.figures; print('ok')",
        ],
        cwd=tmp_path,
        env=os.environ | {"PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert imported.stdout == "ok\n", imported.stderr


def test_the_exercises_page_links_every_exercise(site):
    exercises = load_hook("exercises")
    html = (site / "exercises" / "index.html").read_text()
    for post in posts_in(site):
        for exercise in exercises.exercises(post.read_text()):
            link = f'href="../issues/{slug(post)}/#{exercise.anchor}"'
            assert link in html, f"{post.name}: {exercise.title}"
