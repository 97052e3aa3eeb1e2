"""The engine benchmark still runs and reports what docs/engine.md quotes (its figures are
not checked here: timing belongs in the benchmark, not in tests)."""

import json

import pytest

from scheduler import bench, bench_electives


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


def test_the_benchmark_summary_says_what_the_ratio_could_reach_with_the_shared_work_as_it_is():
    # given: two real cases; the exact runs spend 1 ms compiling and 1 ms rendering
    def case(name: str, exact_search: float, beam_search: float) -> dict:
        exact = {
            "exact_compile_median_ms": 1.0,
            "exact_search_median_ms": exact_search,
            "exact_render_median_ms": 1.0,
        }
        beam = {
            "beam_compile_median_ms": 1.0,
            "beam_search_median_ms": beam_search,
            "beam_render_median_ms": 1.0,
        }
        return {
            "case": name,
            "profile": "none",
            "beam_median_ms": 2.0 + beam_search,
            "beam_over_exact": (2.0 + beam_search) / (2.0 + exact_search),
            "beam_over_exact_search": beam_search / exact_search,
            **dict.fromkeys(
                ("exact_median_ms", "exact_p95_ms", "exact_cpu_median_ms", "peak_mb"), 1.0
            ),
            "beam_over_exact_cpu": 1.0,
            "proven_optimal": True,
            **exact,
            **beam,
        }

    rows = [case("uva-1", 2.0, 38.0), case("gt-1", 1.0, 79.0)]
    # when
    summary = bench.summarise(rows, [], runs=1)
    # then: with a search taking no time, 40/2 and 81/2; with no compilation, 39/3 and 80/2
    assert summary["real_geomean_ceiling_search_free"] == round((20.0 * 40.5) ** 0.5, 2)
    assert summary["real_geomean_ceiling_compile_free"] == round((13.0 * 40.0) ** 0.5, 2)


@pytest.mark.realdata
def test_the_benchmark_times_each_real_loads_section_check(
    capsys, uva_csv_path, gatech_json_path, loads_json
):
    # when: one real load, one profile, one timed run
    assert bench.main(["--load", "uva-2", "--profile", "none", "--runs", "1", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    # then: every section answered, within the budget
    (row,) = report["viability"]
    assert row["case"] == "uva-2" and row["sections"] == report["cases"][0]["sections"]
    assert row["viable"] + row["not_viable"] == row["sections"] and row["unknown"] == 0
    assert row["viable"] > 0 and report["summary"]["viability_unknown_sections"] == 0


@pytest.mark.realdata
def test_the_elective_benchmark_finds_the_scores_of_one_search_per_selection(
    capsys, uva_csv_path, gatech_json_path, loads_json
):
    # when: every real case with elective groups, one timed run
    assert bench_electives.main(["--runs", "1", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    # then: the tree search agrees with the enumeration it replaced, proven, on every case
    rows = report["cases"]
    assert len(rows) == len(bench_electives.LOADS) * len(bench_electives.SHAPES) * 3
    assert all(r["tree_proven"] and r["enumerated_proven"] and r["same_scores"] for r in rows)
    assert {r["selections"] for r in rows} == {10, 140, 455}


@pytest.mark.realdata
def test_the_elective_benchmark_explains_the_requests_it_draws_that_nothing_fits(
    uva_csv_path, loads_json
):
    # when
    requests = bench_electives.infeasible_cases(5)
    figures = bench_electives.measure_explanations(requests)
    # then: each has four groups and two blocks, no schedule, and a conflict set
    assert len(requests) == 5
    assert all(len(r.electives) == 4 and len(r.busy) == 2 for r in requests)
    assert figures["requests"] == figures["explained"] == 5
    assert figures["median_ms"] <= figures["p95_ms"] <= figures["max_ms"]
