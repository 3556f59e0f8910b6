"""Every figure of the site: a registry of functions returning matplotlib Figures.

A figure is registered under a stable name (``topic/what-it-shows``) with alt
text that says what it shows. ``render_svgs`` draws it once, in the light
palette, and returns deterministic SVG bytes in both palettes; ``render_card``
draws it as the PNG that link previews show (an issue's lead figure is its
social card), and ``render_thumbnail`` as the small PNG of its issue's card on
the home page.
Figures call the package's own functions: no math is redone inside a plot.
"""

from __future__ import annotations

import importlib
import io
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, LogFormatter
from PIL import Image

PALETTES = ("light", "dark")
CARD_SIZE = (1200, 630)  # pixels: the 1.91:1 image link previews expect
# An issue card's thumbnail (docs/stylesheets/extra.css, "Cards"): at most
# 240 CSS px wide on a wide screen, so twice that for a sharp one at 2x; a
# phone shows it up to its column's width. Few colours keep it about 10 KB.
THUMBNAIL_SIZE = (480, 270)
THUMBNAIL_COLOURS = 64
# A phone 375 CSS px wide shows a figure at its full width (extra.css): the
# figure's smallest text, scaled to that width, must be at least this big.
PHONE_WIDTH_PX = 375
MIN_PHONE_TEXT_PX = 9
# The rules a figure follows (the README's checklist quotes them, tested).
NAME_PATTERN = r"[a-z0-9-]+/[a-z0-9-]+"  # topic/what-it-shows
MIN_ALT_WORDS = 12
MIN_FIGURES_PER_TOPIC = 3  # and per post

_BASE_STYLE = {
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 100,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "font.family": "sans-serif",
    # Text stays text in the SVG, naming its font in every label: one name
    # (the font matplotlib measured with) and the generic fallback.
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.linewidth": 0.6,
    "lines.linewidth": 2.0,
    "legend.frameon": False,
    "svg.fonttype": "none",
    "svg.hashsalt": "gradient-descent-weekly",
    "path.simplify": True,
}

# Okabe-Ito inspired colours, one shade for each page background.
STYLES = {
    "light": _BASE_STYLE
    | {
        "text.color": "#1f2328",
        "axes.labelcolor": "#1f2328",
        "axes.edgecolor": "#57606a",
        "xtick.color": "#57606a",
        "ytick.color": "#57606a",
        "grid.color": "#d0d7de",
        "axes.prop_cycle": matplotlib.cycler(
            color=["#0b5cad", "#c4470b", "#1a7f37", "#8250df", "#bf3989"]
        ),
    },
    "dark": _BASE_STYLE
    | {
        "text.color": "#e6edf3",
        "axes.labelcolor": "#e6edf3",
        "axes.edgecolor": "#8b949e",
        "xtick.color": "#8b949e",
        "ytick.color": "#8b949e",
        "grid.color": "#30363d",
        "axes.prop_cycle": matplotlib.cycler(
            color=["#79c0ff", "#ffa657", "#7ee787", "#d2a8ff", "#ff7eb6"]
        ),
    },
}


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure: its stable name, alt text and drawing function."""

    name: str
    alt: str
    draw: Callable[[], Figure]


FIGURES: dict[str, FigureSpec] = {}


def figure(
    name: str, *, alt: str
) -> Callable[[Callable[[], Figure]], Callable[[], Figure]]:
    """Register the decorated function as the figure ``name``."""
    if not re.fullmatch(NAME_PATTERN, name):
        raise ValueError(
            f"name must be topic/what-it-shows in lowercase letters, digits and "
            f"hyphens ({NAME_PATTERN}), got {name!r}"
        )
    if name in FIGURES:
        raise ValueError(f"name {name!r} is already registered")
    words = alt.split()
    if len(words) < MIN_ALT_WORDS or words[0].lower().startswith("figure"):
        raise ValueError(
            f"alt text of figure {name!r} must say what it shows in at least "
            f"{MIN_ALT_WORDS} words, not starting with 'figure'; got {alt!r}"
        )

    def register(draw: Callable[[], Figure]) -> Callable[[], Figure]:
        FIGURES[name] = FigureSpec(name, alt.strip(), draw)
        return draw

    return register


def catalog() -> dict[str, str]:
    """Every registered figure's name and alt text."""
    return {name: spec.alt for name, spec in FIGURES.items()}


_GEOMETRY = re.compile(r'(\s(?:d|x|y|width|height|transform|viewBox|style)=")([^"]*)"')
_LONG_DECIMAL = re.compile(r"(\d\.\d\d)\d+")


def compact_svg(svg: bytes) -> bytes:
    """``svg`` as matplotlib writes it, without what a browser does not need:
    metadata, the doctype, indentation, unused ids, and coordinates finer than
    a hundredth of a point. Text is left exactly as it is."""
    text = svg.decode()
    text = re.sub(
        r"<!DOCTYPE[^>]*>\s*|<metadata>.*?</metadata>\s*", "", text, flags=re.S
    )

    def geometry(match: re.Match) -> str:
        value = " ".join(_LONG_DECIMAL.sub(r"\1", match.group(2)).split())
        return f'{match.group(1)}{value}"'

    text = _GEOMETRY.sub(geometry, text)
    used = set(re.findall(r'(?:url\(#|href="#)([^)"]+)', text))
    text = re.sub(
        r'\sid="([^"]+)"', lambda m: m.group(0) if m.group(1) in used else "", text
    )
    return re.sub(r">\s+<", "><", text).encode()


def plain_number(value: float) -> str:
    """A log axis's tick label at full size: ``0.001`` to ``10000`` written out,
    ``1e-20`` beyond. Matplotlib's ``10^{-20}`` draws the exponent, which is
    the information, at 70% of the font size: too small on a phone."""
    if value == 0 or not np.isfinite(value):
        return f"{value:g}"
    exponent = int(np.floor(np.log10(abs(value)) + 1e-9))
    if -3 <= exponent <= 4:
        return np.format_float_positional(value, precision=4, trim="-")
    mantissa = np.format_float_positional(value / 10.0**exponent, precision=2, trim="-")
    return f"{mantissa}e{exponent}"


class _PlainLogLabels(Formatter):
    """Labels the ticks matplotlib's log formatter labels, as plain numbers."""

    def __init__(self, chooser: LogFormatter) -> None:
        self.chooser = chooser

    def set_locs(self, locs) -> None:
        self.chooser.set_locs(locs)

    def __call__(self, x, pos=None) -> str:
        return plain_number(x) if self.chooser(x, pos) else ""


def _full_size_log_labels(fig: Figure) -> None:
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), LogFormatter):
                axis.set_major_formatter(_PlainLogLabels(axis.get_major_formatter()))
            if isinstance(axis.get_minor_formatter(), LogFormatter):
                axis.set_minor_formatter(_PlainLogLabels(axis.get_minor_formatter()))


def _palette_colours(palette: str) -> list[str]:
    style = STYLES[palette]
    keys = sorted(key for key in style if key.endswith("color"))
    return [style[key] for key in keys] + style["axes.prop_cycle"].by_key()["color"]


# Each colour of the light palette and its shade in the dark one.
_SHADES = dict(zip(_palette_colours("light"), _palette_colours("dark"), strict=True))
_LIGHT_COLOUR = re.compile(
    "(" + "|".join(map(re.escape, _SHADES)) + ")(?![0-9a-f])", re.IGNORECASE
)


def recolour(svg: bytes, palette: str) -> bytes:
    """``svg``, drawn in the light palette, in ``palette``: each light colour
    replaced by its shade. A figure draws the same shapes in both palettes, so
    one drawing serves both (tests compare it with a drawing in the dark)."""
    if palette not in PALETTES:
        raise ValueError(f"palette must be one of {PALETTES}, got {palette!r}")
    if palette == "light":
        return svg
    return _LIGHT_COLOUR.sub(
        lambda m: _SHADES[m.group(1).lower()], svg.decode()
    ).encode()


# How each kind of file is saved from a drawing: the SVGs; a PNG large
# enough for a link preview; one for a thumbnail, a quarter of its pixels.
_SVG = {"format": "svg", "metadata": {"Date": None}}
_CARD_PNG = {"format": "png", "dpi": 200, "metadata": {"Software": None}}
_THUMBNAIL_PNG = _CARD_PNG | {"dpi": 100}


def _draw(name: str, palette: str, *saves: dict) -> list[bytes]:
    """Draw figure ``name`` once in ``palette``; save it once per options of
    ``saves`` (``savefig``'s keywords), cropped to what it shows."""
    if name not in FIGURES:
        raise ValueError(f"name must be a registered figure, got {name!r}")
    if palette not in PALETTES:
        raise ValueError(f"palette must be one of {PALETTES}, got {palette!r}")
    files = []
    with matplotlib.rc_context(STYLES[palette]):
        fig = FIGURES[name].draw()
        _full_size_log_labels(fig)
        for options in saves:
            buffer = io.BytesIO()
            fig.savefig(buffer, bbox_inches="tight", **options)
            files.append(buffer.getvalue())
    return files


def draw_svg(name: str, palette: str = "light") -> bytes:
    """Draw figure ``name`` in ``palette``; return SVG bytes, the same on every run."""
    return compact_svg(_draw(name, palette, _SVG)[0])


def render_svgs(name: str) -> dict[str, bytes]:
    """Figure ``name`` as SVG in every palette, drawn once: the SVG bytes by
    palette, the same on every run."""
    light = draw_svg(name, "light")
    return {palette: recolour(light, palette) for palette in PALETTES}


def render_svg(name: str, palette: str = "light") -> bytes:
    """Figure ``name`` as SVG in ``palette``, the same bytes on every run."""
    return recolour(draw_svg(name, "light"), palette)


def _card(drawing: bytes) -> bytes:
    """A PNG ``drawing`` (transparent) as a link preview: ``CARD_SIZE``,
    centred on white."""
    image = Image.open(io.BytesIO(drawing)).convert("RGBA")
    width, height = CARD_SIZE
    image.thumbnail((width - 80, height - 60), Image.Resampling.LANCZOS)
    card = Image.new("RGB", CARD_SIZE, "white")
    card.paste(image, ((width - image.width) // 2, (height - image.height) // 2), image)
    buffer = io.BytesIO()
    card.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _thumbnail(drawing: bytes) -> bytes:
    """A PNG ``drawing`` as an issue card's thumbnail: ``THUMBNAIL_SIZE``, a
    transparent background (the page's shows through, as with the SVGs) and
    at most ``THUMBNAIL_COLOURS`` colours."""
    image = Image.open(io.BytesIO(drawing)).convert("RGBA")
    image.thumbnail(THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
    thumbnail = Image.new("RGBA", THUMBNAIL_SIZE, (0, 0, 0, 0))
    width, height = THUMBNAIL_SIZE
    thumbnail.paste(image, ((width - image.width) // 2, (height - image.height) // 2))
    buffer = io.BytesIO()
    thumbnail.quantize(THUMBNAIL_COLOURS).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def render_card(name: str) -> bytes:
    """Figure ``name`` as a link preview: a PNG of ``CARD_SIZE``, light palette,
    centred on white."""
    return _card(_draw(name, "light", _CARD_PNG)[0])


def render_thumbnail(name: str, palette: str = "light") -> bytes:
    """Figure ``name`` in ``palette`` as an issue card's thumbnail: a PNG of
    ``THUMBNAIL_SIZE``, transparent, at most ``THUMBNAIL_COLOURS`` colours."""
    return _thumbnail(_draw(name, palette, _THUMBNAIL_PNG)[0])


def render_lead(name: str) -> dict[str, bytes]:
    """Every file of figure ``name`` as a page's lead, by kind: its SVG in
    each palette (``"light.svg"``, ``"dark.svg"``), its link preview
    (``"card.png"``) and its thumbnail in each palette (``"thumb.light.png"``,
    ``"thumb.dark.png"``). Two drawings, not five: the light files come from
    one, the dark thumbnail from the other."""
    svg, card, thumbnail = _draw(name, "light", _SVG, _CARD_PNG, _THUMBNAIL_PNG)
    (dark_thumbnail,) = _draw(name, "dark", _THUMBNAIL_PNG)
    light = compact_svg(svg)
    return {
        "light.svg": light,
        "dark.svg": recolour(light, "dark"),
        "card.png": _card(card),
        "thumb.light.png": _thumbnail(thumbnail),
        "thumb.dark.png": _thumbnail(dark_thumbnail),
    }


def _import_topics() -> None:
    """Import every topic module of this package: each registers its figures."""
    for module in pkgutil.iter_modules(__path__):
        if module.name != "__main__":
            importlib.import_module(f"{__name__}.{module.name}")


_import_topics()
