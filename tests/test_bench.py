"""`make bench` reports against the budgets; its arithmetic is tested here (its
timings never are)."""

from __future__ import annotations

import importlib.util

from docs_blocks import ROOT

spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

ALL_ONES = dict.fromkeys(bench.CATEGORIES, 1.0)


def lighthouse(performance: list[float], tbt_ms: list[float]) -> dict:
    return bench.summary(
        [
            ALL_ONES | {"performance": p, "tbt_ms": t}
            for p, t in zip(performance, tbt_ms, strict=True)
        ]
    )


def results(
    *,
    warm=1.0,
    issue_bytes=400_000,
    issue_gzip_bytes=100_000,
    performance=(0.97, 0.99, 0.96, 1.0, 0.98),
    tbt_ms=(40, 120, 60, 90, 10),
    other_perf=(0.5,) * 5,
):
    return {
        "build": {"cold_s": 6.0, "warm_s": warm, "warm_over_cold": warm / 6.0},
        "first_load": {
            "issues/how-models-learn/": {
                "raw_bytes": issue_bytes,
                "gzip_bytes": issue_gzip_bytes,
            },
            "/": {"raw_bytes": 900_000, "gzip_bytes": 200_000},  # no byte budget
        },
        "lighthouse": {
            "issues/how-models-learn/": lighthouse(performance, tbt_ms),
            "issues/category/foundations/": lighthouse(other_perf, (900,) * 5),
        },
    }


def test_issue_pages_are_told_from_index_and_category_pages():
    assert bench.is_issue("issues/how-models-learn/")
    assert bench.is_issue("playgrounds/learning-rate/")
    assert not bench.is_issue("issues/")
    assert not bench.is_issue("issues/category/foundations/")
    assert not bench.is_issue("notebooks/how-models-learn/")


def test_within_budget_reports_nothing():
    assert bench.over_budget(results()) == []
    assert (
        bench.over_budget(results(issue_bytes=700_000, issue_gzip_bytes=150_000)) == []
    )


def test_the_transferred_budget_holds_alone():
    assert bench.over_budget(results(issue_gzip_bytes=150_001)) == [
        "issues/how-models-learn/: first load 150 KB gzip"
    ]


def test_summary_keeps_every_run_the_lowest_score_and_the_median_tbt():
    scores = lighthouse([0.97, 0.93, 0.99], [300, 20, 80])
    assert scores["lowest_performance"] == 0.93
    assert scores["performance"] == 0.97
    assert scores["median_tbt_ms"] == 80
    assert [run["tbt_ms"] for run in scores["runs"]] == [300, 20, 80]


def test_each_missed_budget_is_named():
    missed = bench.over_budget(
        results(
            warm=3.0,
            issue_bytes=760_000,
            issue_gzip_bytes=151_000,
            performance=(0.97, 0.99, 0.94, 1.0, 0.98),
            tbt_ms=(150, 120, 60, 190, 10),
        )
    )
    assert missed == [
        "warm build is 0.50 of a cold one",
        "issues/how-models-learn/: first load 151 KB gzip",
        "issues/how-models-learn/: first load 760 KB raw",
        "issues/how-models-learn/: lowest Lighthouse performance 0.94",
        "issues/how-models-learn/: median TBT 120 ms",
    ]
