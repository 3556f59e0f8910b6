"""Figures: registered with alt text, drawn in both palettes, byte-deterministic."""

import pytest

from gd_snippets.figures import FIGURES, PALETTES, catalog, figure, render_svg

NAMES = sorted(FIGURES)


def test_every_issue_topic_has_at_least_three_figures():
    topics = {name.split("/")[0] for name in NAMES}
    for topic in topics:
        assert sum(name.startswith(topic + "/") for name in NAMES) >= 3, topic


@pytest.mark.parametrize("name", NAMES)
def test_alt_text_says_what_the_figure_shows(name):
    alt = catalog()[name]
    assert len(alt.split()) >= 12, f"{name}: alt text too short to describe the figure"
    assert "figure" not in alt.lower().split()[:2], (
        "alt text should not start with 'figure'"
    )


@pytest.mark.parametrize("name", NAMES)
def test_render_is_deterministic_and_differs_by_palette(name):
    light = render_svg(name, "light")
    assert light == render_svg(name, "light")
    assert light.startswith(b"<?xml") and b"<svg" in light
    assert render_svg(name, "dark") != light
    assert b"<dc:date>" not in light


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
