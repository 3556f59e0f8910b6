"""`make bench` reports against the budgets; its arithmetic is tested here (its
timings never are)."""

from __future__ import annotations

import importlib.util

from docs_blocks import ROOT

spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

ALL_ONES = dict.fromkeys(bench.CATEGORIES, 1.0)


def results(*, warm=1.0, issue_bytes=400_000, performance=0.97, other_perf=0.5):
    return {
        "build": {"cold_s": 6.0, "warm_s": warm, "warm_over_cold": warm / 6.0},
        "first_load": {
            "issues/how-models-learn/": {"raw_bytes": issue_bytes},
            "/": {"raw_bytes": 900_000},  # not an issue page: no byte budget
        },
        "lighthouse": {
            "issues/how-models-learn/": ALL_ONES | {"performance": performance},
            "issues/category/foundations/": ALL_ONES | {"performance": other_perf},
        },
    }


def test_issue_pages_are_told_from_index_and_category_pages():
    assert bench.is_issue("issues/how-models-learn/")
    assert not bench.is_issue("issues/")
    assert not bench.is_issue("issues/category/foundations/")
    assert not bench.is_issue("notebooks/how-models-learn/")


def test_within_budget_reports_nothing():
    assert bench.over_budget(results()) == []


def test_each_missed_budget_is_named():
    missed = bench.over_budget(results(warm=3.0, issue_bytes=460_000, performance=0.94))
    assert missed == [
        "warm build is 0.50 of a cold one",
        "issues/how-models-learn/: first load 460 KB raw",
        "issues/how-models-learn/: Lighthouse performance 0.94",
    ]
