"""The README's checklist for a new issue states the rules the tests enforce,
with the numbers the tests use."""

from __future__ import annotations

import inspect

import pytest
from conftest import ROOT, load_hook

from gd_snippets import _checks
from gd_snippets.figures import MIN_ALT_WORDS, MIN_FIGURES_PER_TOPIC, NAME_PATTERN

README = (ROOT / "README.md").read_text()
CHECKLIST = " ".join(
    README.split("## Writing a new issue")[1].split("\n## ")[0].split()
)  # one line: a rule may wrap


def rules() -> list[str]:
    """The public rules of ``@checked``: functions of _checks returning a Rule."""
    return [
        name
        for name, function in inspect.getmembers(_checks, inspect.isfunction)
        if function.__module__ == _checks.__name__
        and not name.startswith("_")
        and inspect.signature(function).return_annotation in ("Rule", _checks.Rule)
    ]


def test_the_figure_rules_have_the_numbers_the_tests_use():
    assert f"At least {MIN_FIGURES_PER_TOPIC} figures per topic" in CHECKLIST
    assert f"at least {MIN_FIGURES_PER_TOPIC} on each post" in CHECKLIST
    assert f"at least {MIN_ALT_WORDS} words, not starting with" in CHECKLIST
    assert f"Names match `{NAME_PATTERN}`" in CHECKLIST


def test_the_reading_time_rule_has_the_numbers_the_badge_uses():
    reading_time = load_hook("reading_time")
    assert f"at most {reading_time.LIMIT_MINUTES} minutes" in CHECKLIST
    assert f"{reading_time.WORDS_PER_MINUTE} words a minute" in CHECKLIST
    assert f"{reading_time.CODE_LINES_PER_MINUTE} lines a minute" in CHECKLIST


def test_the_exercise_rules_are_the_hooks():
    exercises = load_hook("exercises")
    for grade in exercises.GRADES:
        assert f"`{grade}`" in CHECKLIST
    assert f"`{exercises.SOLUTION}`" in CHECKLIST


def test_every_checked_rule_is_listed():
    assert len(rules()) >= 5
    for rule in rules():
        assert f"`{rule}`" in CHECKLIST, rule


def test_every_required_front_matter_field_is_listed():
    for field in load_hook("issues").REQUIRED:
        assert f"`{field}`" in CHECKLIST, field


@pytest.mark.parametrize(
    "command", ["new-issue", "serve", "format", "outputs", "check", "test"]
)
def test_the_maintainer_commands_are_given(command):
    assert f"make {command}" in CHECKLIST
