"""Figures: registered with alt text, drawn in both palettes, byte-deterministic."""

import functools
import io
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from gd_snippets.figures import (
    CARD_SIZE,
    FIGURES,
    MIN_ALT_WORDS,
    MIN_FIGURES_PER_TOPIC,
    MIN_PHONE_TEXT_PX,
    PALETTES,
    PHONE_WIDTH_PX,
    THUMBNAIL_COLOURS,
    THUMBNAIL_SIZE,
    catalog,
    compact_svg,
    draw_svg,
    figure,
    plain_number,
    recolour,
    render_card,
    render_lead,
    render_svg,
    render_svgs,
    render_thumbnail,
)
from gd_snippets.figures import __main__ as figures_command

NAMES = sorted(FIGURES)


def test_every_issue_topic_has_at_least_three_figures():
    topics = {name.split("/")[0] for name in NAMES}
    for topic in topics:
        count = sum(name.startswith(topic + "/") for name in NAMES)
        assert count >= MIN_FIGURES_PER_TOPIC, topic


def test_every_topic_module_is_imported_without_being_listed():
    folder = Path(__file__).resolve().parents[1] / "gd_snippets" / "figures"
    for path in folder.glob("[!_]*.py"):
        assert f"gd_snippets.figures.{path.stem}" in sys.modules, path.name


@pytest.mark.parametrize("name", NAMES)
def test_alt_text_says_what_the_figure_shows(name):
    alt = catalog()[name]
    assert len(alt.split()) >= MIN_ALT_WORDS, f"{name}: alt text too short"
    assert "figure" not in alt.lower().split()[:2], (
        "alt text should not start with 'figure'"
    )


def _ids_in_order(svg: bytes) -> str:
    """``svg`` with its ids (hashes of what they name, colours included)
    numbered in order of first definition."""
    text = svg.decode()
    ids = dict.fromkeys(re.findall(r'\sid="([^"]+)"', text))
    numbers = {old: f"id{k}" for k, old in enumerate(ids)}
    return re.sub(r"[\w-]+", lambda m: numbers.get(m.group(0), m.group(0)), text)


@pytest.mark.parametrize("name", NAMES)
def test_render_is_deterministic_and_the_dark_one_is_drawn_in_the_dark(name):
    """Both palettes come from one light drawing, recoloured: it must be what
    drawing in the dark palette gives, shape for shape."""
    svgs = render_svgs(name)
    assert svgs == render_svgs(name)
    light, dark = svgs["light"], svgs["dark"]
    assert light.startswith(b"<?xml") and b"<svg" in light
    assert b"<dc:date>" not in light
    assert dark != light
    assert _ids_in_order(dark) == _ids_in_order(draw_svg(name, "dark"))


def test_recolour_maps_each_light_colour_and_nothing_else():
    light = b'<path style="stroke: #0b5cad; fill: #1F2328"/><g fill="#0b5cad1"/>'
    assert recolour(light, "light") == light
    assert recolour(light, "dark") == (
        b'<path style="stroke: #79c0ff; fill: #e6edf3"/><g fill="#0b5cad1"/>'
    )
    with pytest.raises(ValueError, match="palette must be one of"):
        recolour(light, "sepia")


def test_palettes_are_light_and_dark():
    assert PALETTES == ("light", "dark")


def test_bad_names_get_a_clear_error():
    with pytest.raises(ValueError, match="name must be a registered figure"):
        render_svg("no/such-figure")
    with pytest.raises(ValueError, match="palette must be one of"):
        render_svg(NAMES[0], "sepia")
    with pytest.raises(ValueError, match="already registered"):
        figure(NAMES[0], alt="again")
    with pytest.raises(ValueError, match="alt text"):
        figure("new/figure", alt="  ")


LONG_ALT = "A line that falls from the top left to the bottom right over ten steps."


@pytest.mark.parametrize("name", ["toy/MAE-vs-mse", "no-topic", "a/b c", "a/b/"])
def test_a_bad_figure_name_fails_at_registration(name):
    with pytest.raises(ValueError, match=r"name must be topic/what-it-shows.*got"):
        figure(name, alt=LONG_ALT)


@pytest.mark.parametrize("alt", ["Too short to say much.", "Figure: " + LONG_ALT])
def test_alt_text_rules_are_checked_at_registration(alt):
    with pytest.raises(ValueError, match=f"at least {MIN_ALT_WORDS} words"):
        figure("new/figure", alt=alt)
    assert "new/figure" not in FIGURES


def test_compact_svg_keeps_text_and_references_and_drops_the_rest():
    svg = b"""<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10.123456 5">
 <metadata><title>Matplotlib</title></metadata>
 <g id="axes_1">
  <clipPath id="p1"><rect x="1.23456" y="2" width="3" height="4"/></clipPath>
  <path d="M 1.987654 2.5
L 3.14159 4" clip-path="url(#p1)"/>
  <text x="0.333333" y="1">loss = 0.693147</text>
 </g>
</svg>"""
    compact = compact_svg(svg)
    root = ET.fromstring(compact)
    assert b"metadata" not in compact and b"DOCTYPE" not in compact
    assert b'd="M 1.98 2.5 L 3.14 4"' in compact
    assert b'id="p1"' in compact and b'id="axes_1"' not in compact
    assert root.find(".//{http://www.w3.org/2000/svg}text").text == "loss = 0.693147"
    assert b">\n" not in compact


@functools.cache
def light_svg(name: str) -> bytes:
    """Figure ``name`` in the light palette, drawn once for the tests that
    only read it."""
    return render_svg(name, "light")


@pytest.mark.parametrize("name", NAMES)
def test_rendered_figures_are_valid_svg(name):
    root = ET.fromstring(light_svg(name))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_cards_are_deterministic_pngs_of_the_preview_size():
    name = NAMES[0]
    card = render_card(name)
    assert card == render_card(name)
    image = Image.open(io.BytesIO(card))
    assert image.format == "PNG" and image.size == CARD_SIZE == (1200, 630)
    assert image.getpixel((0, 0)) == (255, 255, 255), "white margin"
    assert len(image.getcolors(1 << 20)) > 50, "the figure is drawn on it"
    with pytest.raises(ValueError, match="name must be a registered figure"):
        render_card("no/such-figure")


@pytest.mark.parametrize("name", NAMES)
def test_smallest_text_is_readable_on_a_phone(name):
    svg = ET.fromstring(light_svg(name))
    width = float(svg.get("viewBox").split()[2])
    sizes = [  # every element that sets a size: a superscript's tspan too
        float(size)
        for element in svg.iter()
        for size in re.findall(r"font-size: ?([\d.]+)px", element.get("style", ""))
    ]
    assert sizes, f"{name}: no text found"
    shown = min(sizes) * PHONE_WIDTH_PX / width
    assert shown >= MIN_PHONE_TEXT_PX, (
        f"{name}: its smallest text is {shown:.1f} CSS px on a {PHONE_WIDTH_PX} px "
        f"phone; draw it narrower or use larger fonts"
    )


def test_the_command_renders_cards_alone_or_none(tmp_path):
    name = NAMES[0]
    figures_command.main([str(tmp_path / "cards"), f"--card={name}"])
    written = [
        p.relative_to(tmp_path / "cards") for p in (tmp_path / "cards").rglob("*.*")
    ]
    assert sorted(written) == sorted(
        Path(f"{name}.{kind}") for kind in render_lead(name) if kind.endswith(".png")
    )
    assert {p.name.split(".", 1)[1] for p in written} == {
        "card.png",
        "thumb.light.png",
        "thumb.dark.png",
    }
    topic = figures_command.topic_of(name)
    figures_command.main([str(tmp_path / "svgs"), f"--topic={topic}", "--no-cards"])
    written = {p.suffix for p in (tmp_path / "svgs").rglob("*.*")}
    assert written == {".svg", ".json"}


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"), dtype=float)


@pytest.mark.parametrize(
    "name", [NAMES[0], "optimizers/playground", "sgd-and-mini-batches/three-ways"]
)
def test_a_leads_files_from_shared_drawings_are_those_drawn_alone(name):
    """A lead's SVGs are the figure's, byte for byte. Its PNGs come from the
    drawing its SVG was saved from, where matplotlib crops a pixel
    differently: they must look the same as PNGs drawn alone (a mean
    difference under 2% of full scale; the other palette's is 5% to 10%)."""
    lead = render_lead(name)
    assert {kind: lead[f"{kind}.svg"] for kind in PALETTES} == render_svgs(name)
    alone = {
        "card.png": render_card(name),
        "thumb.light.png": render_thumbnail(name, "light"),
        "thumb.dark.png": render_thumbnail(name, "dark"),
    }
    assert lead.keys() == alone.keys() | {"light.svg", "dark.svg"}
    for kind, png in alone.items():
        assert _pixels(lead[kind]).shape == _pixels(png).shape
        difference = np.abs(_pixels(lead[kind]) - _pixels(png)).mean()
        assert difference < 0.02 * 255, kind


def test_thumbnails_are_small_deterministic_pngs_for_each_palette():
    name = NAMES[0]
    light, dark = (render_thumbnail(name, palette) for palette in PALETTES)
    assert light == render_thumbnail(name, "light") and light != dark
    for thumbnail in (light, dark):
        image = Image.open(io.BytesIO(thumbnail))
        assert image.format == "PNG" and image.size == THUMBNAIL_SIZE == (480, 270)
        assert len(thumbnail) < 20_000, "about 10 KB: a card's thumbnail, not a figure"
        colours = image.convert("RGBA").getcolors(1 << 20)
        assert 8 < len(colours) <= THUMBNAIL_COLOURS, "drawn, in few colours"
        assert image.convert("RGBA").getpixel((0, 0))[3] == 0, "transparent margin"
    with pytest.raises(ValueError, match="palette must be one of"):
        render_thumbnail(name, "sepia")


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (1e-3, "0.001"),
        (0.2, "0.2"),
        (1.0, "1"),
        (1e4, "10000"),
        (1e-20, "1e-20"),
        (3e-5, "3e-5"),
        (2e6, "2e6"),
        (0.0, "0"),
    ],
)
def test_log_axes_label_ticks_as_plain_numbers(value, label):
    assert plain_number(value) == label
