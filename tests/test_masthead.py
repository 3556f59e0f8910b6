"""The masthead: the home page and the issues index show a card per issue of
the build (overrides/hooks/issues.py), with its lead figure's thumbnail in
each palette (overrides/hooks/renders.py), and lead a new reader to issue #1,
the feeds, the playground and the notebooks."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from conftest import load_hook, posts_in
from mkdocs.utils.meta import get_data
from PIL import Image

from gd_snippets.figures import FIGURES, PALETTES, THUMBNAIL_SIZE

issues = load_hook("issues")
renders = load_hook("renders")

CARD_PAGES = ["index.html", "issues/index.html"]  # the home page, the issues index
MAX_THUMBNAIL_BYTES = 20_000  # a card's thumbnail, not a figure: about 10 KB
MAX_THUMBNAIL_WIDTH = 480  # twice the card's width on a wide screen, at most
BADGE = re.compile(r"(\d+) min read")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def target(site: Path, page: str, href: str) -> Path:
    """The file a relative link ``href`` on ``page`` of ``site`` leads to."""
    path = (site / page).parent / href.split("#")[0]
    return path / "index.html" if href.split("#")[0].endswith("/") else path


def post_page(site: Path, meta: dict) -> Path:
    return site / "issues" / meta["slug"] / "index.html"


def cards(site: Path, page: str) -> list:
    return soup(site / page).select("ol.gd-cards > li.gd-card")


@pytest.mark.parametrize("page", CARD_PAGES)
def test_a_card_per_issue_of_the_build_newest_first(site, page):
    published = [get_data(post.read_text())[1] for post in posts_in(site)]
    newest_first = sorted(published, key=lambda m: (m["date"], m["issue"]))[::-1]
    shown = cards(site, page)
    numbers = [re.search(r"Issue #(\d+)", c.get_text()).group(1) for c in shown]
    assert numbers == [str(meta["issue"]) for meta in newest_first]
    for card, meta in zip(shown, newest_first, strict=True):
        link = card.select_one(".gd-card__title a")
        assert link.get_text() == meta["title"]
        assert target(site, page, link["href"]) == post_page(site, meta)
        abstract = card.select_one(".gd-card__abstract").get_text()
        assert abstract == meta["description"]
        assert card.time["datetime"] == str(meta["date"])
        assert card.time.get_text() == f"{meta['date']:%-d %B %Y}"


@pytest.mark.parametrize("page", CARD_PAGES)
def test_a_card_and_its_post_give_the_same_date(site, page):
    for card in cards(site, page):
        post = target(site, page, card.select_one(".gd-card__title a")["href"])
        dated = soup(post).select_one(".md-post__meta time")
        assert dated.get_text() == card.time.get_text(), post


@pytest.mark.parametrize("page", CARD_PAGES)
def test_a_cards_read_time_is_its_posts_badge(site, page):
    shown = cards(site, page)
    assert len(shown) == len(posts_in(site))
    for card in shown:
        post = target(site, page, card.select_one(".gd-card__title a")["href"])
        badge = BADGE.search(post.read_text()).group(1)
        minutes = card.select_one(".gd-card__minutes").get_text()
        assert minutes == f"{badge} min read", post


@pytest.mark.parametrize("page", CARD_PAGES)
def test_a_card_shows_its_lead_figure_small_in_each_palette(site, page):
    by_title = {get_data(p.read_text())[1]["title"]: p for p in posts_in(site)}
    shown = cards(site, page)
    assert len(shown) == len(by_title)
    for card in shown:
        post = by_title[card.select_one(".gd-card__title a").get_text()]
        lead = renders.lead_figure(post.read_text())
        images = card.find_all("img")
        assert [img["src"].rsplit("#", 1)[1] for img in images] == [
            f"only-{palette}" for palette in PALETTES
        ]
        for img, palette in zip(images, PALETTES, strict=True):
            file = target(site, page, img["src"])
            assert file.name == f"{lead.rsplit('/', 1)[1]}.thumb.{palette}.png"
            assert img["alt"] == FIGURES[lead].alt
            image = Image.open(io.BytesIO(file.read_bytes()))
            image.load()  # it decodes
            assert image.size == (int(img["width"]), int(img["height"]))
            assert image.width <= MAX_THUMBNAIL_WIDTH
            assert file.stat().st_size <= MAX_THUMBNAIL_BYTES, file
            # Lazy: the other palette's never loads, and none delays the page.
            assert img.get("loading") == "lazy"


SHOWN_THUMBNAILS = """() => [...document.querySelectorAll(".gd-card")].map((card) =>
  [...card.querySelectorAll("img")].filter((img) => img.offsetWidth > 0)
    .map((img) => [img.getAttribute("src"), img.complete && img.naturalWidth]))"""


@pytest.mark.slow
@pytest.mark.parametrize("palette", PALETTES)
def test_each_card_shows_the_thumbnail_of_the_readers_palette(
    browser,
    base_url,
    palette,
):
    page = browser.new_page(color_scheme=palette)
    page.goto(base_url, wait_until="networkidle")
    for card in page.query_selector_all(".gd-card"):  # lazy: load each in view
        card.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    shown = page.evaluate(SHOWN_THUMBNAILS)
    page.close()
    assert shown and all(len(images) == 1 for images in shown), shown
    for [(src, natural_width)] in shown:
        assert src.endswith(f".thumb.{palette}.png#only-{palette}")
        assert natural_width == THUMBNAIL_SIZE[0], f"{src} did not load"


# Lighthouse's phone: its largest paint must be the intro's text, painted at
# once, not a thumbnail, which loads later.
LIGHTHOUSE_PHONE = {"width": 412, "height": 823}
PAINTED_AREAS = """() => {
  const area = (el) => {
    const r = el.getBoundingClientRect()
    const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0))
    return r.width * h
  }
  const shown = (el) => el.offsetWidth > 0
  return {
    text: area(document.querySelector(".md-content h1 + p")),
    images: [...document.querySelectorAll(".gd-card img")].filter(shown).map(area),
  }
}"""


@pytest.mark.slow
def test_on_a_phone_the_largest_first_paint_is_text(browser, base_url):
    page = browser.new_page(viewport=LIGHTHOUSE_PHONE, is_mobile=True)
    page.goto(base_url, wait_until="networkidle")
    areas = page.evaluate(PAINTED_AREAS)
    page.close()
    assert areas["images"] and max(areas["images"]) < areas["text"], areas


def test_start_here_links_issue_1(site):
    button = soup(site / "index.html").find("a", string="Start here: issue #1")
    first = next(
        meta
        for meta in (get_data(p.read_text())[1] for p in posts_in(site))
        if meta["issue"] == 1
    )
    assert "md-button" in button["class"]
    assert target(site, "index.html", button["href"]) == post_page(site, first)


def test_the_feeds_playground_and_notebooks_are_linked_above_the_cards(site):
    html = (site / "index.html").read_text()
    top = soup(site / "index.html").select_one(".gd-masthead")
    assert html.index('class="gd-masthead"') < html.index('class="gd-cards"')
    hrefs = {a["href"] for a in top.find_all("a")}
    for feed in ("feed_rss_created.xml", "feed_json_created.json"):
        assert feed in hrefs and (site / feed).is_file()
    # and announced to feed readers (Material does it for RSS)
    announced = soup(site / "index.html").select("head link[rel=alternate]")
    assert "feed_rss_created.xml" in {link["href"] for link in announced}
    for page in (
        "playgrounds/learning-rate/",
        "notebooks/",
        "glossary/",
        "reference/",
        "corrections/",
    ):
        assert page in hrefs and target(site, "index.html", page).is_file()


def test_the_issues_index_has_cards_not_excerpts(site):
    index = soup(site / "issues" / "index.html")
    assert not index.select(".md-post--excerpt")
    # Its table of contents (the blog plugin's) links each card, in order.
    ids = [
        c.select_one(".gd-card__title")["id"] for c in cards(site, "issues/index.html")
    ]
    toc = [a["href"] for a in index.select("nav.md-nav--secondary a[href^='#']")]
    assert toc == [f"#{id}" for id in ids]


def test_a_category_shows_the_cards_of_its_issues(site):
    for category in (site / "issues" / "category").glob("*/index.html"):
        page = category.relative_to(site).as_posix()
        shown = cards(site, page)
        assert shown and not soup(category).select(".md-post--excerpt")
        for card in shown:
            post = target(site, page, card.select_one(".gd-card__title a")["href"])
            assert category.parent.name.title() in post.read_text()


# Unit tests of the card functions.

THUMBNAIL = {
    "files": {p: f"figures/t/lead.thumb.{p}.png" for p in PALETTES},
    "alt": 'A plot of "loss" & steps',
    "width": 480,
    "height": 270,
}


def card(issue: int, day: int) -> issues.Card:
    return issues.Card(
        issue=issue,
        date=dt.date(2026, 11, day),
        title=f"Issue <{issue}>",
        description="Why & how.",
        minutes=7,
        url=f"issues/slug-{issue}/",
        thumbnail=THUMBNAIL,
        anchor=f"issue-{issue}",
    )


def test_issue_card_takes_the_rendered_posts_read_time_and_thumbnail():
    post = SimpleNamespace(
        title="Gradient descent: walking downhill",
        url="issues/gradient-descent/",
        meta={"issue": 2, "description": "Downhill.", "thumbnail": THUMBNAIL},
        config=SimpleNamespace(
            readtime=19, date=SimpleNamespace(created=dt.datetime(2026, 11, 22))
        ),
    )
    assert issues.issue_card(post) == issues.Card(
        issue=2,
        date=dt.date(2026, 11, 22),
        title="Gradient descent: walking downhill",
        description="Downhill.",
        minutes=19,
        url="issues/gradient-descent/",
        thumbnail=THUMBNAIL,
        anchor="gradient-descent-walking-downhill",
    )


@pytest.mark.parametrize(
    ("page_url", "prefix", "link"),
    [
        ("", "", "issues/slug-2/"),
        ("issues/", "../", "slug-2/"),
        ("issues/category/x/", "../../../", "../../slug-2/"),
    ],
)
def test_cards_link_relative_to_their_page_newest_first(page_url, prefix, link):
    html = issues.cards_html([card(1, 22), card(2, 30)], page_url, heading=2)
    page = BeautifulSoup(html, "html.parser")
    assert page.select_one("h2 a")["href"] == link
    assert [c.select_one("h2").get_text() for c in page.select("li")] == [
        "Issue <2>",
        "Issue <1>",
    ]
    srcs = [img["src"] for img in page.find_all("img")]
    assert srcs[0] == f"{prefix}figures/t/lead.thumb.light.png#only-light"
    assert srcs[1] == f"{prefix}figures/t/lead.thumb.dark.png#only-dark"


def test_a_card_escapes_its_text_and_loads_its_thumbnails_lazily():
    html = issues.cards_html([card(1, 22), card(2, 30), card(3, 30)], "", heading=3)
    page = BeautifulSoup(html, "html.parser")
    assert "<2>" not in html and page.select_one("h3").get_text() == "Issue <3>"
    assert page.img["alt"] == THUMBNAIL["alt"]
    lazy = [img.get("loading") for img in page.find_all("img")]
    assert lazy == ["lazy"] * 6
    assert page.select_one("h3")["id"] == "issue-3"
    assert page.select_one(".gd-card__minutes").get_text() == "7 min read"
    assert page.time["datetime"] == "2026-11-30"


def test_a_pages_lead_figure_is_its_first_or_its_playgrounds():
    assert renders.lead_figure("text\n![[a/first]]\n![[a/second]]\n") == "a/first"
    assert renders.lead_figure("![[playground/rates]]\n") == "rates/playground"
    assert renders.lead_figure("no figure") is None


def test_a_lead_figure_has_a_card_and_a_thumbnail_per_palette():
    assert renders.card_files("t/lead") == [
        "t/lead.card.png",
        *(f"t/lead.thumb.{p}.png" for p in PALETTES),
    ]
    assert THUMBNAIL_SIZE[0] <= MAX_THUMBNAIL_WIDTH
