"""The engine benchmark still runs and reports what docs/engine.md quotes (its figures are
not checked here: timing belongs in the benchmark, not in tests)."""

import json

from scheduler import bench


def test_the_benchmark_reports_every_profile_proven_with_its_phases(capsys):
    # when: one synthetic case (no real catalog needed), one timed run
    assert bench.main(["--load", "synthetic-4x6", "--runs", "1", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    # then
    rows = report["cases"]
    assert [r["profile"] for r in rows] == list(bench.profiles(bench.synthetic_cases()[0][1]))
    for row in rows:
        assert row["case"] == "synthetic-4x6" and row["proven_optimal"] and row["schedules"] == 10
        assert row["beam_found_any"]
        for strategy in ("exact", "beam"):
            assert all(row[f"{strategy}_{ph}_median_ms"] > 0 for ph in bench.PHASES)
        ratio = row["beam_search_median_ms"] / row["exact_search_median_ms"]
        assert abs(row["beam_over_exact_search"] - ratio) <= 0.01 * ratio
    assert report["summary"]["all_proven_optimal"] is True
