"""Build errors name the file and line, and list the valid or nearest choices."""

from __future__ import annotations

import textwrap
from types import SimpleNamespace

import pytest
from conftest import load_hook
from mkdocs.exceptions import PluginError

build_errors = load_hook("build_errors")
renders = load_hook("renders")
mathml = load_hook("mathml")
issues = load_hook("issues")


def page(tmp_path, text: str) -> SimpleNamespace:
    """A stand-in for a MkDocs File of a page holding ``text``."""
    path = tmp_path / "page.md"
    path.write_text(textwrap.dedent(text))
    return SimpleNamespace(
        abs_src_path=str(path), src_uri="page.md", content_string=path.read_text()
    )


def test_where_gives_the_line_or_only_the_file(tmp_path):
    file = page(tmp_path, "a\nb\n  needle here\n")
    assert build_errors.where(file, "needle") == f"{tmp_path / 'page.md'}:3"
    assert build_errors.where(file, "absent") == str(tmp_path / "page.md")


def test_choices_suggest_the_nearest_and_list_a_short_set():
    assert build_errors.choices("Foundation", ["Training", "Foundations"]) == (
        "did you mean Foundations? valid: Foundations, Training"
    )
    many = [f"name-{i}" for i in range(50)]
    assert build_errors.choices("zzz", many) == "none is close among the 50 known"


def test_an_unknown_or_misspelt_figure_fails_at_its_line(tmp_path, monkeypatch):
    monkeypatch.setattr(renders, "_figures", {"toy/mae-vs-mse": {}, "toy/path": {}})
    file = page(tmp_path, "---\ntitle: x\n---\n\n![[toy/MAE-vs-mse]]\n")
    with pytest.raises(PluginError) as error:
        renders.check_figures(file.content_string, file)
    message = str(error.value)
    assert message.startswith(f"{tmp_path / 'page.md'}:5: no figure named")
    assert "did you mean toy/mae-vs-mse?" in message
    assert message.count("toy/MAE-vs-mse") == 1
    renders.check_figures("![[toy/path]]\n", file)  # a known figure passes


def test_an_unknown_latex_command_fails_at_its_line(tmp_path, monkeypatch):
    file = page(tmp_path, "Intro.\n\nThe rate $\\alpah x$ here.\n")
    monkeypatch.setitem(mathml._page, "file", file)
    with pytest.raises(PluginError) as error:
        mathml.to_mathml("\\alpah x", display=False)
    message = str(error.value)
    assert message.startswith(f"{tmp_path / 'page.md'}:3: unknown LaTeX command")
    assert message.count("\\alpah") == 2  # the command, then the formula
    assert "\\\\" not in message
    assert "did you mean \\alpha" in message


def test_known_commands_come_from_latex2mathml():
    assert {"\\frac", "\\alpha", "\\nabla"} <= mathml.known_commands()


POST = """\
    ---
    title: A post
    description: One sentence.
    date: 2026-11-29
    issue: 2
    slug: a-post
    categories: [Foundation]
    ---
    """


def test_a_category_outside_the_allowed_list_names_them_once(tmp_path):
    file = page(tmp_path, POST)
    with pytest.raises(PluginError) as error:
        issues.check_post(file, ["Foundations", "Training"])
    message = str(error.value)
    assert message.startswith(f"{tmp_path / 'page.md'}:7: category 'Foundation'")
    assert message.endswith("did you mean Foundations? valid: Foundations, Training")
    assert message.count("Training") == 1
    issues.check_post(file, [])  # no allowed list: any category


def test_a_post_without_description_is_named(tmp_path):
    file = page(tmp_path, POST.replace("    description: One sentence.\n", ""))
    with pytest.raises(PluginError, match=r"page.md:1: .* no 'description'"):
        issues.check_post(file, ["Foundation"])
