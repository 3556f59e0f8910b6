"""The built site in a real browser: Debian's Chromium, driven by Playwright.

Every page is opened in the light and in the dark palette on a desktop
screen, and on phones (touch; 375 px wide, and 320 px, the width WCAG's
reflow criterion names), served on 127.0.0.1 as GitHub Pages serves it; what
the browser saw is recorded (console errors, requests, images, axe-core's
report, math, what scrolls sideways, the size of figure text) and each test
asserts one thing about all pages. Further tests then use the site as a reader
does: the copy button, search, the palette toggle and issue #3's playground
(with and without JavaScript).

No test hangs on font metrics: whether an element overflows depends on the
fonts of the machine, so every element that *can* scroll sideways must take
keyboard focus, whether it overflows here or not.

Without a Chromium these tests skip, saying why. ``.ci/run`` installs one and
sets ``GD_WEEKLY_REQUIRE_BROWSER=1``, which turns that skip into a failure.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from browsing import page_paths
from docs_blocks import ROOT, python_blocks

from gd_snippets.figures import MIN_PHONE_TEXT_PX, PHONE_WIDTH_PX
from gd_snippets.playgrounds.learning_rate import LRS, QUARTIC

# Browser contexts: Material picks its palette from prefers-color-scheme.
VIEWS = {
    "light": {"color_scheme": "light"},
    "dark": {"color_scheme": "dark"},
    "phone": {
        "color_scheme": "light",
        "viewport": {"width": PHONE_WIDTH_PX, "height": 740},
        "is_mobile": True,
        "has_touch": True,
    },
    "phone-320": {
        "color_scheme": "dark",
        "viewport": {"width": 320, "height": 640},
        "is_mobile": True,
        "has_touch": True,
    },
}
POST = ROOT / "docs" / "issues" / "posts" / "001-how-models-learn.md"
POST_URL = "issues/how-models-learn/"
SEARCH_FILES = re.compile(r"/search_index\.json|/workers/search\.")  # on first use
SEARCH_WORD = "intercept"  # in the prose of POST, not in its title or headings

# Every <img> decoded from its URL, shown or not (the other palette's figures).
BROKEN_IMAGES = """async () => {
  const broken = [];
  for (const img of document.querySelectorAll("img")) {
    const probe = new Image();
    probe.src = img.currentSrc || img.src;
    try { await probe.decode(); } catch { broken.push(img.getAttribute("src")); }
  }
  return broken;
}"""
# Visible <math> that the browser does not lay out as math, and TeX left raw
# in the prose (code excluded).
MATH = r"""() => {
  const visible = [...document.querySelectorAll("math")]
    .filter((m) => m.checkVisibility());
  const unrendered = visible.filter((m) => {
    const box = m.getBoundingClientRect();
    return !getComputedStyle(m).display.includes("math") || !box.width || !box.height;
  });
  const prose = document.querySelector(".md-content").cloneNode(true);
  prose.querySelectorAll("pre, code, math, script").forEach((e) => e.remove());
  const raw = prose.textContent.match(/\$\$|\$[^\s$][^$]*\$|\\\(|\\\[|\\[a-z]+\{/g);
  return {count: visible.length, unrendered: unrendered.length, raw: raw || []};
}"""
# Elements of the content that can scroll sideways (overflow-x auto or scroll)
# and that the keyboard cannot reach: neither they nor anything inside them
# take focus. A code block is Material's: it makes one focusable once it
# overflows, on a device that can hover (overrides/main.html keeps every one
# focusable on touch screens).
UNREACHABLE_SCROLLERS = """() => {
  const focusable = "a[href], button, input, select, textarea, [tabindex]";
  const unreachable = [];
  for (const el of document.querySelectorAll(".md-content *")) {
    const style = getComputedStyle(el);
    if (!["auto", "scroll"].includes(style.overflowX)) continue;
    if (style.display.includes("table")) continue;  // overflow does not apply
    if (el.matches(focusable) && el.tabIndex >= 0) continue;
    if (el.querySelector(focusable)) continue;
    if (el.matches("pre > code") && el.scrollWidth <= el.clientWidth) continue;
    unreachable.push(el.tagName.toLowerCase() + "." + [...el.classList].join("."));
  }
  return unreachable;
}"""
# The smallest text of each shown figure, in CSS pixels as drawn on the page:
# the SVG's smallest font size scaled by the width the page gives the image.
FIGURE_TEXT = """async () => {
  const sizes = {};
  for (const img of document.querySelectorAll("figure.gd-figure img")) {
    if (!img.checkVisibility()) continue;
    const svg = new DOMParser().parseFromString(
      await (await fetch(img.currentSrc || img.src)).text(), "image/svg+xml");
    // every element that sets a size, a superscript's <tspan> too
    const fonts = [...svg.querySelectorAll("[style*='font-size']")]
      .map((element) => parseFloat(element.style.fontSize))
      .filter(Number.isFinite);
    const scale = img.getBoundingClientRect().width
      / svg.documentElement.viewBox.baseVal.width;
    sizes[img.getAttribute("src")] = Math.min(...fonts) * scale;
  }
  return sizes;
}"""

# Each issue section taller than the placeholder size that extra.css gives a
# section not yet drawn: where a page is long, such a section's content would
# run past its box into the next section (axe saw one fold's summary covering
# another's and failed WCAG's target-size).
OVERSIZED_SECTIONS = """() => [...document.querySelectorAll(".gd-section")]
  .flatMap((section) => {
    const size = getComputedStyle(section).containIntrinsicHeight.split(" ");
    const height = section.getBoundingClientRect().height;
    const heading = section.previousElementSibling;
    return height > parseFloat(size.at(-1))
      ? [`${heading ? heading.id : "top"}: ${Math.round(height)} px > ${size.at(-1)}`]
      : [];
  })"""


@dataclass
class Visit:
    """What the browser saw on one page in one view."""

    url: str
    view: str
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    search_requests: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    math: dict = field(default_factory=dict)
    unreachable_scrollers: list[str] = field(default_factory=list)
    figure_text_px: dict[str, float] = field(default_factory=dict)
    oversized_sections: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.url} ({self.view})"


def visit(context, base_url: str, path: str, view: str) -> Visit:
    seen = Visit(path or "/", view)
    page = context.new_page()
    page.on(
        "console",
        lambda m: m.type == "error" and seen.console_errors.append(m.text),
    )
    page.on("pageerror", lambda error: seen.console_errors.append(str(error)))

    def only_local(route):
        if route.request.url.startswith((base_url, "data:")):
            if SEARCH_FILES.search(route.request.url):
                seen.search_requests.append(route.request.url)
            return route.continue_()
        seen.foreign_requests.append(route.request.url)
        return route.abort()

    page.route("**/*", only_local)
    page.goto(base_url + path, wait_until="networkidle")
    seen.broken_images = page.evaluate(BROKEN_IMAGES)
    seen.unreachable_scrollers = page.evaluate(UNREACHABLE_SCROLLERS)
    # Lay out every block so that axe can check them all, and math and figures
    # be measured, not just the ones near the screen (extra.css defers the
    # others with content-visibility).
    page.add_style_tag(content="* { content-visibility: visible !important; }")
    seen.math = page.evaluate(MATH)
    seen.figure_text_px = page.evaluate(FIGURE_TEXT)
    seen.oversized_sections = page.evaluate(OVERSIZED_SECTIONS)
    report = Axe().run(page).response
    seen.violations = [
        f"{v['id']} ({v['impact']}): {v['help']}, at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in report["violations"]
    ]
    page.close()
    return seen


@pytest.fixture(scope="session")
def visits(browser, base_url, site) -> list[Visit]:
    """Every page of the site, visited in every view."""
    seen = []
    for view, options in VIEWS.items():
        context = browser.new_context(**options)
        seen += [visit(context, base_url, url, view) for url in page_paths(site)]
        context.close()
    return seen


def _report(visits: list[Visit], attribute: str) -> str:
    return "\n".join(f"{v}: {item}" for v in visits for item in getattr(v, attribute))


def test_every_page_was_visited(visits, site):
    assert len(visits) == len(VIEWS) * len(page_paths(site)) >= 4 * 5


def test_no_console_error(visits):
    assert not _report(visits, "console_errors")


def test_no_request_leaves_the_local_server(visits):
    assert not _report(visits, "foreign_requests")


def test_search_loads_only_when_used(visits):
    assert not _report(visits, "search_requests")


def test_every_image_loads(visits):
    assert not _report(visits, "broken_images")


def test_axe_finds_no_accessibility_violation(visits):
    assert not _report(visits, "violations")


def test_everything_that_scrolls_sideways_takes_keyboard_focus(visits):
    assert not _report(visits, "unreachable_scrollers")


def test_every_section_fits_the_size_it_holds_before_it_is_drawn(visits):
    """Split a section taller than this (at a heading) or raise the size in
    extra.css: a section not yet drawn must not overflow into the next."""
    assert not _report(visits, "oversized_sections")


def test_figure_text_is_readable_on_a_phone(visits):
    sizes = {
        f"{v}: {src}": round(px, 1)
        for v in visits
        if v.view == "phone"
        for src, px in v.figure_text_px.items()
    }
    assert len(sizes) >= 4, "the issues' figures were measured"
    too_small = {figure: px for figure, px in sizes.items() if px < MIN_PHONE_TEXT_PX}
    assert not too_small, f"text under {MIN_PHONE_TEXT_PX} CSS px"


def test_math_is_rendered_by_the_browser(visits):
    for seen in visits:
        assert not seen.math["raw"], f"{seen}: raw TeX {seen.math['raw']}"
        assert not seen.math["unrendered"], f"{seen}: math not laid out as math"
    issue = [v for v in visits if v.url == POST_URL]
    assert all(v.math["count"] > 10 for v in issue), "the issue shows its formulas"


def test_copy_button_copies_the_tested_code(browser, base_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + POST_URL, wait_until="networkidle")
    block = page.locator(".md-content .language-python").first
    block.hover()
    block.locator("button.md-code__button[data-md-type=copy]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    context.close()
    assert copied.strip() == python_blocks(POST)[0].shown.code.strip()


def test_search_finds_an_issue_by_a_word_from_its_body(browser, base_url):
    text = POST.read_text().lower()
    headings = re.findall(r"^(?:title: |#+ )(.+)$", text, re.MULTILINE)
    assert SEARCH_WORD in text
    assert not any(SEARCH_WORD in heading for heading in headings)
    page = browser.new_page()
    page.goto(base_url, wait_until="networkidle")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(SEARCH_WORD, delay=20)  # as a reader types
    # A result for the whole word links to the issue with the word to highlight.
    hit = page.locator(
        f'.md-search-result__item a[href*="/{POST_URL}?h={SEARCH_WORD}"]'
    )
    hit.first.wait_for(timeout=10_000)
    # The result opens the issue with the word highlighted (search.highlight).
    hit.first.click()
    mark = page.locator(
        "mark[data-md-highlight]", has_text=re.compile(SEARCH_WORD, re.I)
    )
    mark.first.wait_for(state="attached", timeout=10_000)
    page.close()


def test_palette_toggle_switches_figures_to_dark(browser, base_url):
    page = browser.new_context(color_scheme="light").new_page()
    page.goto(base_url + POST_URL, wait_until="networkidle")
    figure = page.locator("figure.gd-figure").first
    light, dark = (
        figure.locator('img[src$="#only-light"]'),
        figure.locator('img[src$="#only-dark"]'),
    )
    page_scheme = "getComputedStyle(document.documentElement).colorScheme"
    assert light.is_visible() and not dark.is_visible()
    assert page.evaluate(page_scheme) != "dark"
    page.locator("form[data-md-component=palette] label:visible").click()
    dark.scroll_into_view_if_needed()
    dark.wait_for(state="visible")
    assert not light.is_visible()
    assert page.evaluate(page_scheme) == "dark"  # scrollbars, canvas
    assert ".dark.svg" in dark.get_attribute("src")
    page.wait_for_function("(img) => img.complete", arg=dark.element_handle())
    assert dark.evaluate("(img) => img.naturalWidth") > 0
    page.context.close()


# Records each change made once <body> exists that restyles every element
# drawn: a change of <html>'s classes, a <meta name="color-scheme"> added or
# changed (overrides/main.html makes the first in <head>, and leaves the
# second out).
WHOLE_PAGE_RESTYLES = """
window.wholePageRestyles = [];
const restyle = (what) => window.wholePageRestyles.push(what);
const colorScheme = (node) => node.nodeName === "META" && node.name === "color-scheme";
new MutationObserver((changes) => {
  if (!document.body) return;
  for (const { type, target, oldValue, addedNodes } of changes) {
    if (type === "childList")
      for (const node of addedNodes)
        if (colorScheme(node)) restyle("color-scheme meta added");
    if (type === "attributes" && colorScheme(target))
      restyle(`color-scheme meta: ${oldValue} -> ${target.content}`);
    if (type === "attributes" && target === document.documentElement
        && oldValue !== target.className)
      restyle(`<html> class: ${oldValue} -> ${target.className}`);
  }
}).observe(document, {
  subtree: true, childList: true, attributes: true, attributeOldValue: true,
  attributeFilter: ["class", "content", "name"],
});
"""


def test_nothing_restyles_the_whole_page_as_it_loads(browser, base_url):
    context = browser.new_context()
    context.add_init_script(WHOLE_PAGE_RESTYLES)
    page = context.new_page()
    page.goto(base_url + POST_URL, wait_until="networkidle")
    classes = page.evaluate("document.documentElement.className").split()
    restyles = page.evaluate("window.wholePageRestyles")
    context.close()
    assert {"js", "js-focus-visible"} <= set(classes) and "no-js" not in classes
    assert restyles == []


def test_the_phone_drawer_is_drawn_only_while_open(browser, base_url):
    page = browser.new_context(**VIEWS["phone"]).new_page()
    page.goto(base_url + POST_URL, wait_until="networkidle")
    link = page.locator(".md-sidebar--primary .md-nav__link").first
    drawn = "(element) => element.checkVisibility({ contentVisibilityAuto: true })"
    assert not link.evaluate(drawn)
    page.locator("label.md-header__button[for=__drawer]").click()
    link.wait_for(state="visible")
    assert link.evaluate(drawn)
    page.context.close()


PLAYGROUND_URL = "playgrounds/learning-rate/"  # newsletter issue #3's playground


def live_playground(browser, base_url, **options):
    """The learning-rate playground, once the script has drawn it."""
    page = browser.new_context(**options).new_page()
    page.goto(base_url + PLAYGROUND_URL, wait_until="networkidle")
    page.locator(".gd-playground").scroll_into_view_if_needed()
    page.locator(".gd-playground--live").wait_for(timeout=10_000)
    return page


def drawn(page) -> tuple[str, str]:
    """The playground's drawing and its readout, as the reader gets them."""
    panels = page.locator(".gd-playground__panels").inner_html()
    return panels, page.locator(".gd-playground__readout").text_content()


def test_playground_redraws_when_each_control_moves(browser, base_url):
    page = live_playground(browser, base_url)
    assert not page.locator(".gd-playground .gd-figure").is_visible()
    for label, key in [
        ("Learning rate", "ArrowLeft"),
        ("Starting point", "ArrowRight"),
    ]:
        before = drawn(page)
        page.get_by_label(label).focus()
        page.keyboard.press(key)
        after = drawn(page)
        assert after[0] != before[0], f"{label}: the drawing did not change"
        assert after[1] != before[1], f"{label}: the readout did not change"
    before = drawn(page)
    page.get_by_label("Problem").select_option(index=1)
    after = drawn(page)
    assert after[0] != before[0] and after[1] != before[1]
    assert "w₀ = (" in after[1], "the 2-D problem's starts are points"
    page.context.close()


def test_playground_reads_diverged_beyond_the_stable_range(browser, base_url):
    page = live_playground(browser, base_url)
    rate = page.get_by_label("Learning rate")
    for problem in (0, 1):
        page.get_by_label("Problem").select_option(index=problem)
        rate.focus()
        page.keyboard.press("Home")
        assert "diverged" not in drawn(page)[1]
        # 0.001 from w0 = -1.5 never gets past the quartic's flat spot
        assert ("stuck on the flat spot" in drawn(page)[1]) == (problem == 0)
        page.keyboard.press("End")  # 0.316: past 2/L'' of both problems
        assert "diverged" in drawn(page)[1]
        assert float(rate.get_attribute("aria-valuetext")) > 0.2
    page.context.close()


def test_playground_says_when_converged_is_not_a_minimum(browser, base_url):
    """From w0 = 1 at the top rate the quartic's run stops on the flat spot
    at w = 0: "converged", and the readout must say it is not the minimum."""
    page = live_playground(browser, base_url)
    page.get_by_label("Starting point").focus()
    flat_start = [float(w) for w in QUARTIC.starts].index(1.0)
    for _ in range(flat_start - QUARTIC.default_start):
        page.keyboard.press("ArrowRight")
    page.get_by_label("Learning rate").focus()
    page.keyboard.press("End")
    readout = drawn(page)[1]
    assert "w₀ = 1:" in readout and "converged" in readout
    assert "a flat spot, not a minimum" in readout
    page.context.close()


@pytest.mark.parametrize("view", ["dark", "phone-320"])
def test_live_playground_is_accessible_and_fits(browser, base_url, view):
    page = live_playground(browser, base_url, **VIEWS[view])
    page.add_style_tag(content="* { content-visibility: visible !important; }")
    report = Axe().run(page).response
    assert not [v["id"] for v in report["violations"]]
    playground = page.locator(".gd-playground")
    width = page.evaluate("document.querySelector('.md-content').clientWidth")
    assert playground.evaluate("(el) => el.scrollWidth") <= width
    for svg in page.locator(".gd-playground__panels svg").all():
        assert svg.bounding_box()["width"] <= width
    page.context.close()


# The page's layout shifts so far, as Lighthouse counts them (not after input).
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  new PerformanceObserver((list) => resolve(list.getEntries()
    .filter((shift) => !shift.hadRecentInput)
    .reduce((sum, shift) => sum + shift.value, 0)))
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(0), 500);  // no shift at all: no entry comes
})"""


def late(route) -> None:
    """Hold a request a second, as a slow network would: the page paints first."""
    time.sleep(1)
    route.continue_()


@pytest.mark.parametrize("view", ["light", "phone", "phone-320"])
def test_the_playground_going_live_moves_nothing_on_the_page(browser, base_url, view):
    page = browser.new_context(**VIEWS[view]).new_page()
    page.route("**/playgrounds/learning-rate.json", late)
    page.goto(base_url + PLAYGROUND_URL)
    page.locator(".gd-playground--live").wait_for(timeout=10_000)
    assert page.evaluate(LAYOUT_SHIFT) < 0.01
    page.context.close()


def test_a_playground_whose_data_fails_shows_its_figure(browser, base_url):
    page = browser.new_context().new_page()
    page.route("**/playgrounds/learning-rate.json", lambda route: route.abort())
    page.goto(base_url + PLAYGROUND_URL, wait_until="networkidle")
    playground = page.locator(".gd-playground")
    playground.scroll_into_view_if_needed()
    page.wait_for_function(
        "!document.querySelector('.gd-playground').matches('.gd-playground--rates')"
    )
    assert playground.locator(".gd-figure img").first.is_visible()
    assert not playground.locator("form").is_visible()
    page.context.close()


def test_playground_without_javascript_shows_its_figure_and_a_table(browser, base_url):
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(base_url + PLAYGROUND_URL)
    playground = page.locator(".gd-playground")
    assert playground.locator(".gd-figure img").first.is_visible()
    assert not playground.locator("form").is_visible()
    rows = playground.locator("table tbody tr")
    assert rows.count() == 2 * len(LRS), "a row per rate, for each problem"
    assert "diverged" in playground.locator("table").text_content()
    page.context.close()


RACE_URL = "issues/optimizers/"  # newsletter issue #5's animated optimizer race


def race_page(browser, base_url, **options):
    """Issue #5 scrolled to its race, once the script has drawn it."""
    page = browser.new_context(**options).new_page()
    page.goto(base_url + RACE_URL, wait_until="networkidle")
    page.locator(".gd-playground").scroll_into_view_if_needed()
    page.locator(".gd-playground form").wait_for(state="visible", timeout=10_000)
    return page


def test_race_plays_and_the_button_pauses_it(browser, base_url):
    page = race_page(browser, base_url)
    button, step = (
        page.locator(".gd-playground button"),
        page.get_by_role("slider", name="Step"),
    )
    assert button.text_content() == "Pause", "it plays when it comes into view"
    page.wait_for_function("(s) => +s.value > 0", arg=step.element_handle())
    button.click()
    assert button.text_content() == "Play"
    paused_at = step.input_value()
    page.wait_for_timeout(500)  # a dozen frames, were it still playing
    assert step.input_value() == paused_at, "paused, it stands still"
    before = page.locator(".gd-playground__panels").inner_html()
    step.focus()
    page.keyboard.press("End")
    assert "the finish" in page.locator(".gd-playground__readout").text_content()
    page.get_by_label("Problem").select_option(index=1)
    assert page.locator(".gd-playground__panels").inner_html() != before
    assert "500 of 500" in page.locator(".gd-playground output").text_content()
    page.context.close()


def test_race_stands_still_at_the_finish_for_reduced_motion(browser, base_url):
    page = race_page(browser, base_url, reduced_motion="reduce")
    button, step = (
        page.locator(".gd-playground button"),
        page.get_by_role("slider", name="Step"),
    )
    assert button.text_content() == "Play"
    assert step.input_value() == step.get_attribute("max")
    page.wait_for_timeout(500)
    assert step.input_value() == step.get_attribute("max")
    assert "the finish" in page.locator(".gd-playground__readout").text_content()
    page.context.close()


@pytest.mark.parametrize("view", ["dark", "phone-320"])
def test_live_race_is_accessible_and_fits(browser, base_url, view):
    page = race_page(browser, base_url, reduced_motion="reduce", **VIEWS[view])
    page.add_style_tag(content="* { content-visibility: visible !important; }")
    report = Axe().run(page).response
    assert not [v["id"] for v in report["violations"]]
    width = page.evaluate("document.querySelector('.md-content').clientWidth")
    assert page.locator(".gd-playground").evaluate("(el) => el.scrollWidth") <= width
    page.context.close()


def test_race_prints_its_still_figure(browser, base_url):
    page = race_page(browser, base_url, reduced_motion="reduce")
    page.emulate_media(media="print")
    race = page.locator(".gd-playground")
    race.locator(".gd-figure img").first.wait_for(state="visible", timeout=5_000)
    assert not race.locator(".gd-playground__panels").is_visible()
    assert not race.locator("form").is_visible()
    page.context.close()


def test_race_without_javascript_shows_its_figure_and_a_table(browser, base_url):
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(base_url + RACE_URL)
    race = page.locator(".gd-playground")
    race.scroll_into_view_if_needed()  # its section is laid out near the screen
    race.locator(".gd-figure img").first.wait_for(state="visible", timeout=5_000)
    assert not race.locator("form").is_visible()
    assert race.locator("table tbody tr").count() == 2 * 7, "each runner, each problem"
    page.context.close()


# Printed or saved as PDF (the print section of extra.css): an issue's
# content, whole, in the light palette, without the site's navigation. Read
# in the dark palette, the harder case, on a page about as wide as A4 paper.
PAPER = {"width": 720, "height": 1000}
PRINTED = """() => {
  const shown = (el) => el.checkVisibility();
  const width = document.documentElement.clientWidth;
  const figures = [...document.querySelectorAll("figure.gd-figure")];
  const folded = [...document.querySelectorAll("details:not([open])")];
  return {
    chrome: [...document.querySelectorAll(
      ".md-header, .md-tabs, .md-sidebar, .md-search, .md-footer, .md-top,"
      + " .md-code__nav, .md-content__button, .gd-series")]
      .filter(shown).map((el) => el.className),
    text: getComputedStyle(document.querySelector(".md-typeset")).color,
    figures: figures.length,
    wrongFigures: figures.filter((figure) =>
      !shown(figure.querySelector('img[src$="#only-light"]'))
      || shown(figure.querySelector('img[src$="#only-dark"]')))
      .map((figure) => figure.querySelector("img").getAttribute("src")),
    folded: folded.length,
    foldedHidden: folded.flatMap((details) =>
      [...details.querySelectorAll(":scope > :not(summary)")])
      .filter((el) => el.textContent.trim())
      .filter((el) => !shown(el) || !el.getBoundingClientRect().height)
      .map((el) => el.parentElement.querySelector("summary").textContent),
    deferred: [...document.querySelectorAll(".gd-section, div.highlight, .jp-CodeCell")]
      .filter((el) => getComputedStyle(el).contentVisibility !== "visible").length,
    wideCode: [...document.querySelectorAll("pre, pre > code")]
      .filter((el) => el.scrollWidth > el.clientWidth + 1
        || el.getBoundingClientRect().right > width)
      .map((el) => el.textContent.slice(0, 40)),
    playgrounds: [...document.querySelectorAll(".gd-playground")].map((p) => ({
      figure: shown(p.querySelector('.gd-figure img[src$="#only-light"]')),
      controls: [...p.querySelectorAll(
        "form, .gd-playground__panels, .gd-playground__readout, .gd-playground__bound")]
        .filter(shown).map((el) => el.tagName + "." + el.className),
    })),
  };
}"""


def printed(browser, base_url: str, path: str) -> dict:
    """What ``path`` shows printed, read in the dark palette."""
    context = browser.new_context(color_scheme="dark", viewport=PAPER)
    page = context.new_page()
    page.goto(base_url + path, wait_until="networkidle")
    page.emulate_media(media="print")
    seen = page.evaluate(PRINTED)
    context.close()
    return seen


def issue_paths(site) -> list[str]:
    """Every issue the built ``site`` publishes, as a path."""
    from conftest import posts_in

    return [
        "issues/" + re.search(r"^slug: (.+)$", post.read_text(), re.M).group(1) + "/"
        for post in posts_in(site)
    ]


def test_every_issue_prints_whole_in_the_light_palette(browser, base_url, site):
    for path in issue_paths(site):
        seen = printed(browser, base_url, path)
        assert not seen["chrome"], f"{path}: navigation printed: {seen['chrome']}"
        assert all(int(c) < 100 for c in re.findall(r"\d+", seen["text"])[:3]), seen
        assert seen["figures"] >= 3, f"{path}: {seen['figures']} figures"
        assert not seen["wrongFigures"], f"{path}: not light: {seen['wrongFigures']}"
        assert seen["folded"], f"{path}: no collapsed block"
        assert not seen["foldedHidden"], f"{path}: shut: {seen['foldedHidden']}"
        assert not seen["deferred"], f"{path}: {seen['deferred']} sections undrawn"
        assert not seen["wideCode"], f"{path}: code cut off: {seen['wideCode']}"
        for playground in seen["playgrounds"]:
            assert playground["figure"] and not playground["controls"], seen


def test_the_playground_prints_its_still_figure_in_place_of_its_controls(
    browser, base_url
):
    seen = printed(browser, base_url, PLAYGROUND_URL)
    assert not seen["chrome"] and not seen["wrongFigures"]
    assert seen["playgrounds"] == [{"figure": True, "controls": []}]


def test_an_issue_saved_as_pdf_loads_every_figure(browser, base_url):
    """Chromium's own print: the figures, lazy or hidden on screen (the race's
    still figure), are all loaded into the PDF."""
    page = browser.new_context(color_scheme="dark").new_page()
    page.goto(base_url + RACE_URL, wait_until="networkidle")
    pdf = page.pdf(format="A4")
    loaded = page.evaluate(
        """() => [...document.querySelectorAll('img[src$="#only-light"]')]
          .map((img) => img.complete && img.naturalWidth > 0)"""
    )
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    page.context.close()
    assert loaded and all(loaded)
    assert pages >= 2, "the whole issue, not one screen"
