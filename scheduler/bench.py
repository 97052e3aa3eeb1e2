"""Engine benchmark: `python -m scheduler.bench [--runs 20] [--json] [--load ID]`
(also `python manage.py bench_engine`).

Runs the ten loads of ../shared/data/loads.json on the real catalogs (parsed by the same
adapters the importer uses, mapped by the same `engine_input` the web path uses) and synthetic
instances of growing size, each under three preference profiles; exact top-10 and the beam
strategy side by side in one process, with ratios. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import sys
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

from scheduler import engine
from scheduler.engine_input import engine_course

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
PROFILES = {
    "plain": engine.Preferences(),
    "mornings+friday+compact": engine.Preferences(
        early_weight=5,
        early_before=10 * 60,
        free_days_weight=20,
        free_days=frozenset({4}),
        gaps_weight=2,
    ),
    "lunch+marathon+seats+days": engine.Preferences(
        lunch_weight=10,
        marathon_weight=3,
        marathon_cap=180,
        open_seats_weight=4,
        days_on_campus_weight=5,
    ),
}
GT_CAMPUS = engine.Filters(campuses=frozenset({"Georgia Tech-Atlanta"}))


def real_cases(only: str | None) -> list[tuple[str, engine.Request]]:
    from catalog.sources import gatech_json, uva_csv

    loads = json.loads((DATA / "loads.json").read_text())
    parsers = {"uva/2025_fall.csv": uva_csv.parse, "gatech/202208.json": gatech_json.parse}
    cases = []
    for name, parse in parsers.items():
        courses = {c.code: c for c in parse(DATA / name).courses}
        for load in loads[name]:
            if only and load["id"] != only:
                continue
            request = engine.Request(
                courses=tuple(engine_course(courses[code]) for code in load["courses"]),
                filters=GT_CAMPUS if name.startswith("gatech") else engine.Filters(),
                k=10,
            )
            cases.append((load["id"], request))
    return cases


def synthetic_cases(seed: int = 7) -> list[tuple[str, engine.Request]]:
    """Random catalogs of growing size: n courses, each a lecture and a linked discussion."""
    rng = random.Random(seed)
    cases = []
    for n, per in ((4, 6), (6, 10), (8, 14)):
        courses = []
        for c in range(n):
            lectures, discussions = [], []
            for s in range(per):
                days = rng.choice([(0, 2, 4), (1, 3), (0, 2)])
                start = rng.choice(range(8 * 60, 17 * 60, 30))
                lid = f"S{c}-{s}"
                lectures.append(
                    engine.Section(
                        lid,
                        "LEC",
                        tuple(engine.Meeting(d, start, start + 50) for d in days),
                        instructors=(f"P{rng.randrange(5)}",),
                    )
                )
                for t in range(2):
                    day = rng.randrange(5)
                    st = rng.choice(range(8 * 60, 18 * 60, 60))
                    discussions.append(
                        engine.Section(
                            f"{lid}-{t}",
                            "DIS",
                            (engine.Meeting(day, st, st + 50),),
                            parent_id=lid,
                            enrolled=rng.randrange(30),
                            capacity=25,
                        )
                    )
            courses.append(
                engine.Course(
                    f"SYN {c}",
                    "",
                    (
                        engine.Component("LEC", "Lecture", tuple(lectures)),
                        engine.Component("DIS", "Discussion", tuple(discussions)),
                    ),
                )
            )
        cases.append((f"synthetic-{n}x{per}", engine.Request(courses=tuple(courses), k=10)))
    return cases


def timed(request: engine.Request, runs: int) -> tuple[list[float], engine.Result]:
    engine.generate_schedules(request)  # warm-up
    times = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = engine.generate_schedules(request)
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def peak_mb(request: engine.Request) -> float:
    tracemalloc.start()
    engine.generate_schedules(request)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def measure(name: str, base: engine.Request, runs: int) -> list[dict]:
    rows = []
    from scheduler.engine.model import compile_request

    for profile, prefs in PROFILES.items():
        request = replace(base, preferences=prefs)
        problem = compile_request(request)
        exact_times, exact = timed(request, runs)
        beam_times, beam = timed(replace(request, strategy="beam"), max(3, runs // 4))
        best = exact.schedules[0].score if exact.schedules else None
        rows.append(
            {
                "case": name,
                "profile": profile,
                "sections": problem.sections_in,
                "choices": len(problem.choices),
                "exact_median_ms": round(statistics.median(exact_times), 2),
                "exact_p95_ms": round(p95(exact_times), 2),
                "exact_min_ms": round(min(exact_times), 2),
                "exact_max_ms": round(max(exact_times), 2),
                "nodes": exact.nodes,
                "proven_optimal": exact.proven_optimal,
                "schedules": len(exact.schedules),
                "peak_mb": round(peak_mb(request), 2),
                "beam_median_ms": round(statistics.median(beam_times), 2),
                "beam_found_any": bool(beam.schedules),
                "beam_found_optimum": bool(beam.schedules) and beam.schedules[0].score == best,
                "beam_over_exact": round(statistics.median(beam_times) / statistics.median(exact_times), 2),
            }
        )
    return rows


def infeasible_case(cases: list[tuple[str, engine.Request]], runs: int) -> dict | None:
    """A real load made impossible by a block over the weekdays' daytime."""
    if not cases:
        return None
    name, request = cases[0]
    blocked = replace(request, busy=(engine.BusyBlock((0, 1, 2, 3, 4), 8 * 60, 18 * 60, label="all day"),))
    times, result = timed(blocked, runs)
    return {
        "case": f"{name} + all-day block",
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(p95(times), 2),
        "explained": result.explanation is not None,
        "conflicts": [r.label for r in result.explanation.conflict_set] if result.explanation else [],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="timed runs per case after one warm-up")
    parser.add_argument("--load", help="only this load id (e.g. uva-3)")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)
    cases = real_cases(options.load) if (DATA / "loads.json").is_file() else []
    if not cases and not options.load:
        print(f"no real data at {DATA}: synthetic cases only", file=sys.stderr)
    if not options.load:
        cases += synthetic_cases()
    rows = [row for name, request in cases for row in measure(name, request, options.runs)]
    infeasible = infeasible_case([c for c in cases if not c[0].startswith("synthetic")], options.runs)
    ratios = [r["beam_over_exact"] for r in rows]
    summary = {
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "runs": options.runs,
        "geomean_beam_over_exact": round(math.exp(sum(map(math.log, ratios)) / len(ratios)), 2) if ratios else None,
        "worst_exact_p95_ms": max((r["exact_p95_ms"] for r in rows), default=None),
        "all_proven_optimal": all(r["proven_optimal"] for r in rows),
        "loads_where_exact_is_slower_than_beam": sorted(
            {f"{r['case']}/{r['profile']}" for r in rows if r["beam_over_exact"] < 1}
        ),
    }
    if options.json:
        print(json.dumps({"cases": rows, "infeasible": infeasible, "summary": summary}, indent=1))
        return 0
    header = (
        f"{'case':<20}{'profile':<27}{'sect':>6}{'chc':>5}{'med ms':>9}{'p95 ms':>9}{'nodes':>9}{'MB':>6}"
        f"{'opt':>5}{'beam ms':>9}{'b.any':>6}{'b.opt':>6}{'ratio':>8}"
    )
    print(header)
    for r in rows:
        print(
            f"{r['case']:<20}{r['profile']:<27}{r['sections']:>6}{r['choices']:>5}{r['exact_median_ms']:>9.1f}"
            f"{r['exact_p95_ms']:>9.1f}{r['nodes']:>9}{r['peak_mb']:>6.1f}{'yes' if r['proven_optimal'] else 'NO':>5}"
            f"{r['beam_median_ms']:>9.1f}{'yes' if r['beam_found_any'] else 'no':>6}"
            f"{'yes' if r['beam_found_optimum'] else 'no':>6}{r['beam_over_exact']:>8.2f}"
        )
    if infeasible:
        print(
            f"infeasible: {infeasible['case']}: median {infeasible['median_ms']} ms, p95 {infeasible['p95_ms']} ms, "
            f"conflict set {infeasible['conflicts']}"
        )
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
