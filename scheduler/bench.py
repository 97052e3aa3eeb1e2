"""Engine benchmark: `python -m scheduler.bench [--runs 20] [--json] [--load ID] [--profile P]`
(also `python manage.py bench_engine`, `make bench-engine`).

Runs the ten loads of ../shared/data/loads.json on the real catalogs (parsed by the same
adapters the importer uses, mapped by the same `engine_input` the web path uses) and synthetic
instances of growing size, each under three preference profiles. For every case it times the
exact top-10 and the beam strategy in the same process, their runs interleaved so that a busy
machine slows both alike, and prints sections, merged choices, median and p95 ms (wall clock;
also the median CPU time of the process, which other processes on a shared machine do not
inflate), nodes, peak memory (tracemalloc), whether the beam found anything and the optimum,
and the ratio. The JSON also has each strategy's median time per phase (compile, search,
render: `Result.phases_ms`) and the ratio of the searches alone, since both strategies compile
the request and render their schedules with the same code. Then each real load made
impossible by a weekday block is answered with its explanation, timed, and each real load's
per-section check (`engine.section_viability`) is timed.
Not a test: it prints figures; correctness lives in tests/engine.
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

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
CATALOGS = ("uva/2025_fall.csv", "gatech/202208.json")
GT_ATLANTA = engine.Filters(campuses=frozenset({"Georgia Tech-Atlanta"}))
PHASES = ("compile", "search", "render")  # of engine.Result.phases_ms
WEEKDAYS_BLOCK = engine.BusyBlock((0, 1, 2, 3, 4), 8 * 60, 18 * 60, label="weekdays 8:00-18:00")


def profiles(request: engine.Request) -> dict[str, engine.Preferences]:
    """The three preference profiles: none; mornings off, Friday free and compact days; lunch,
    no marathons, instructors (the first-named instructor of each course preferred, the last
    avoided) and open seats."""
    named = sorted({i for c in request.courses for p in c.components for s in p.sections for i in s.instructors})
    return {
        "none": engine.Preferences(),
        "mornings+friday+compact": engine.Preferences(
            early_weight=5,
            early_before=10 * 60,
            free_days_weight=20,
            free_days=frozenset({4}),
            gaps_weight=2,
        ),
        "lunch+marathon+instr+seats": engine.Preferences(
            lunch_weight=10,
            marathon_weight=3,
            marathon_cap=180,
            marathon_break=15,  # the break as timed since session 1 (the default is 30 since engine 2026-12-08)
            instructor_weight=4,
            preferred_instructors=frozenset(named[:3]),
            avoided_instructors=frozenset(named[-3:]),
            open_seats_weight=4,
        ),
    }


def real_cases(only: str | None) -> list[tuple[str, engine.Request]]:
    """The loads of loads.json as requests (Georgia Tech ones on the Atlanta campus)."""
    from catalog.sources import gatech_json, uva_csv
    from scheduler.engine_input import engine_course

    loads = json.loads((DATA / "loads.json").read_text())
    parsers = {CATALOGS[0]: uva_csv.parse, CATALOGS[1]: gatech_json.parse}
    cases = []
    for name, parse in parsers.items():
        wanted = [load for load in loads[name] if not only or load["id"] == only]
        if not wanted:
            continue
        records = parse(DATA / name)
        courses = {c.code: c for c in records.courses}
        for load in wanted:
            request = engine.Request(
                courses=tuple(engine_course(courses[code]) for code in load["courses"]),
                filters=GT_ATLANTA if name.startswith("gatech") else engine.Filters(),
                holidays=frozenset(records.term.holidays),  # as the web path passes them
                k=10,
            )
            cases.append((load["id"], request))
    return cases


def synthetic_cases(seed: int = 7) -> list[tuple[str, engine.Request]]:
    """Random catalogs of growing size: n courses, each `per` lectures on MWF, TR or MW at
    half-hour starts, each lecture with two linked 50-minute discussions."""
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


def elapsed_ms(request: engine.Request) -> tuple[float, engine.Result]:
    started = time.perf_counter()
    result = engine.generate_schedules(request)
    return (time.perf_counter() - started) * 1000, result


def timed_ms(request: engine.Request) -> tuple[float, float, engine.Result]:
    """(wall-clock ms, CPU ms of this process, result): on a shared machine the wall clock
    also counts the time other processes held the cores; the CPU time does not."""
    started, cpu = time.perf_counter(), time.process_time()
    result = engine.generate_schedules(request)
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000, result


def peak_mb(request: engine.Request) -> float:
    """Peak memory Python allocates while answering the request (tracemalloc)."""
    tracemalloc.start()
    engine.generate_schedules(request)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def measure(name: str, base: engine.Request, runs: int, only: str | None = None) -> list[dict]:
    """Exact and beam on each profile: one warm-up each, then `runs` interleaved pairs."""
    from scheduler.engine.model import compile_request

    rows = []
    for profile, prefs in profiles(base).items():
        if only and only not in profile:
            continue
        request = replace(base, preferences=prefs)
        beam_request = replace(request, strategy="beam")
        problem = compile_request(request)
        elapsed_ms(request), elapsed_ms(beam_request)
        exact_times, beam_times, exact_cpu, beam_cpu = [], [], [], []
        exact_phases: dict[str, list[float]] = {}
        beam_phases: dict[str, list[float]] = {}
        for _ in range(runs):
            t, cpu, exact = timed_ms(request)
            exact_times.append(t)
            exact_cpu.append(cpu)
            t, cpu, beam = timed_ms(beam_request)
            beam_times.append(t)
            beam_cpu.append(cpu)
            for phases, result in ((exact_phases, exact), (beam_phases, beam)):
                for phase in PHASES:
                    phases.setdefault(phase, []).append(result.phases_ms[phase])
        best = exact.schedules[0].score if exact.schedules else None
        exact_median, beam_median = statistics.median(exact_times), statistics.median(beam_times)
        rows.append(
            {
                "case": name,
                "profile": profile,
                "sections": problem.sections_in,
                "choices": len(problem.choices),
                "exact_median_ms": round(exact_median, 2),
                "exact_p95_ms": round(p95(exact_times), 2),
                "exact_min_ms": round(min(exact_times), 2),
                "exact_max_ms": round(max(exact_times), 2),
                "nodes": exact.nodes,
                "proven_optimal": exact.proven_optimal,
                "schedules": len(exact.schedules),
                "best_score": best,
                "peak_mb": round(peak_mb(request), 2),
                "beam_median_ms": round(beam_median, 2),
                "beam_p95_ms": round(p95(beam_times), 2),
                # the beam's own: when it finds none the exact search looks again ("exact")
                "beam_found_any": beam.strategy == "beam" and bool(beam.schedules),
                "beam_found_optimum": beam.strategy == "beam"
                and bool(beam.schedules)
                and beam.schedules[0].score == best,
                "beam_over_exact": round(beam_median / exact_median, 2),
                "exact_cpu_median_ms": round(statistics.median(exact_cpu), 2),
                "beam_cpu_median_ms": round(statistics.median(beam_cpu), 2),
                "beam_over_exact_cpu": round(statistics.median(beam_cpu) / statistics.median(exact_cpu), 2),
                **{f"exact_{ph}_median_ms": round(statistics.median(exact_phases[ph]), 3) for ph in PHASES},
                **{f"beam_{ph}_median_ms": round(statistics.median(beam_phases[ph]), 3) for ph in PHASES},
                "beam_over_exact_search": round(
                    statistics.median(beam_phases["search"]) / statistics.median(exact_phases["search"]), 2
                ),
            }
        )
    return rows


def infeasible_cases(cases: list[tuple[str, engine.Request]], runs: int) -> list[dict]:
    """Each real load with a block over the weekdays' daytime: no schedule, an explanation."""
    rows = []
    for name, request in cases:
        blocked = replace(request, busy=(WEEKDAYS_BLOCK,))
        elapsed_ms(blocked)
        times = []
        for _ in range(runs):
            t, result = elapsed_ms(blocked)
            times.append(t)
        explanation = result.explanation
        rows.append(
            {
                "case": f"{name} + weekday block",
                "median_ms": round(statistics.median(times), 2),
                "p95_ms": round(p95(times), 2),
                "explained": explanation is not None,
                "conflict_set": [r.label for r in explanation.conflict_set] if explanation else [],
                "repairs": [r.description for r in explanation.repairs] if explanation else [],
            }
        )
    return rows


def viability_cases(cases: list[tuple[str, engine.Request]], runs: int) -> list[dict]:
    """Each real load's per-section check (`engine.section_viability`, which a generation job
    runs after its schedules; preferences play no part in it)."""
    rows = []
    for name, request in cases:
        engine.section_viability(request)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            verdict = engine.section_viability(request)
            times.append((time.perf_counter() - started) * 1000)
        values = list(verdict.values())
        rows.append(
            {
                "case": name,
                "sections": len(values),
                "viable": values.count(True),
                "not_viable": values.count(False),
                "unknown": values.count(None),
                "median_ms": round(statistics.median(times), 2),
                "p95_ms": round(p95(times), 2),
            }
        )
    return rows


def geomean(values: list[float]) -> float | None:
    return round(math.exp(sum(map(math.log, values)) / len(values)), 2) if values else None


def summarise(rows: list[dict], infeasible: list[dict], runs: int, viability: list[dict] = ()) -> dict:
    real = [r for r in rows if not r["case"].startswith("synthetic")]
    return {
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "runs": runs,
        "real_geomean_beam_over_exact": geomean([r["beam_over_exact"] for r in real]),
        "real_geomean_by_profile": {
            profile: geomean([r["beam_over_exact"] for r in real if r["profile"] == profile])
            for profile in dict.fromkeys(r["profile"] for r in real)
        },
        "all_geomean_beam_over_exact": geomean([r["beam_over_exact"] for r in rows]),
        "real_worst_exact_median_ms": max((r["exact_median_ms"] for r in real), default=None),
        "real_worst_exact_p95_ms": max((r["exact_p95_ms"] for r in real), default=None),
        "real_worst_exact_cpu_median_ms": max((r["exact_cpu_median_ms"] for r in real), default=None),
        "real_geomean_beam_over_exact_cpu": geomean([r["beam_over_exact_cpu"] for r in real]),
        "real_worst_peak_mb": max((r["peak_mb"] for r in real), default=None),
        "all_proven_optimal": all(r["proven_optimal"] for r in rows),
        "cases_where_exact_is_slower_than_beam": [
            f"{r['case']}/{r['profile']}" for r in rows if r["beam_over_exact"] < 1
        ],
        "infeasible_worst_p95_ms": max((r["p95_ms"] for r in infeasible), default=None),
        "viability_worst_median_ms": max((r["median_ms"] for r in viability), default=None),
        "viability_worst_p95_ms": max((r["p95_ms"] for r in viability), default=None),
        "viability_unknown_sections": sum(r["unknown"] for r in viability),
        # the two strategies share compilation and rendering (the same code); the search alone:
        "real_geomean_beam_over_exact_search_only": geomean([r["beam_over_exact_search"] for r in real]),
        "real_geomean_search_only_by_profile": {
            profile: geomean([r["beam_over_exact_search"] for r in real if r["profile"] == profile])
            for profile in dict.fromkeys(r["profile"] for r in real)
        },
        # what the ratio could reach at best with the shared work as it is: the beam's time over
        # the exact run's compilation and rendering alone (a search taking no time), and with no
        # compilation for either strategy (the beam's search and rendering over the exact's)
        "real_geomean_ceiling_search_free": geomean(
            [r["beam_median_ms"] / (r["exact_compile_median_ms"] + r["exact_render_median_ms"]) for r in real]
        ),
        "real_geomean_ceiling_compile_free": geomean(
            [
                (r["beam_search_median_ms"] + r["beam_render_median_ms"])
                / (r["exact_search_median_ms"] + r["exact_render_median_ms"])
                for r in real
            ]
        ),
        "real_exact_share_by_phase": {
            ph: round(
                sum(r[f"exact_{ph}_median_ms"] for r in real)
                / (sum(r[f"exact_{p}_median_ms"] for r in real for p in PHASES) or 1),
                2,
            )
            for ph in PHASES
        }
        if real
        else {},
    }


def print_table(rows: list[dict], infeasible: list[dict], viability: list[dict], summary: dict) -> None:
    print(
        f"{'case':<16}{'profile':<28}{'sect':>5}{'chc':>5}{'med ms':>8}{'p95 ms':>8}{'cpu ms':>8}"
        f"{'nodes':>7}{'MB':>6}{'opt':>4}{'beam ms':>9}{'any':>4}{'b.opt':>6}{'ratio':>7}"
    )
    for r in rows:
        print(
            f"{r['case']:<16}{r['profile']:<28}{r['sections']:>5}{r['choices']:>5}"
            f"{r['exact_median_ms']:>8.1f}{r['exact_p95_ms']:>8.1f}"
            f"{r['exact_cpu_median_ms']:>8.1f}{r['nodes']:>7}"
            f"{r['peak_mb']:>6.1f}{'yes' if r['proven_optimal'] else 'NO':>4}"
            f"{r['beam_median_ms']:>9.1f}{'yes' if r['beam_found_any'] else 'no':>4}"
            f"{'yes' if r['beam_found_optimum'] else 'no':>6}{r['beam_over_exact']:>7.2f}"
        )
    for r in infeasible:
        print(
            f"infeasible {r['case']}: median {r['median_ms']} ms, p95 {r['p95_ms']} ms; "
            f"conflict set {r['conflict_set']}; repairs {r['repairs'][:2]}"
        )
    for r in viability:
        print(
            f"viability {r['case']}: median {r['median_ms']} ms, p95 {r['p95_ms']} ms; {r['viable']} of "
            f"{r['sections']} sections can be in a schedule, {r['unknown']} unknown"
        )
    print(json.dumps(summary, indent=1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="timed runs per case (after warm-up)")
    parser.add_argument("--load", help="only this load id (uva-3, gt-2, synthetic-6x10...)")
    parser.add_argument("--profile", help="only profiles whose name holds this (none, compact...)")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    options = parser.parse_args(argv)
    cases: list[tuple[str, engine.Request]] = []
    if (DATA / "loads.json").is_file() and all((DATA / c).is_file() for c in CATALOGS):
        if not options.load or not options.load.startswith("synthetic"):
            cases = real_cases(options.load)
    else:
        print(
            f"The real catalogs are not at {DATA} (they live in ../shared/data beside the "
            "repository); running the synthetic cases only.",
            file=sys.stderr,
        )
    real = list(cases)
    cases += [c for c in synthetic_cases() if not options.load or c[0] == options.load]
    if not cases:
        print(f"no case named {options.load!r}", file=sys.stderr)
        return 0
    rows = [row for name, request in cases for row in measure(name, request, options.runs, options.profile)]
    infeasible = infeasible_cases(real, options.runs)
    viability = viability_cases(real, options.runs)
    summary = summarise(rows, infeasible, options.runs, viability)
    if options.json:
        print(
            json.dumps({"cases": rows, "infeasible": infeasible, "viability": viability, "summary": summary}, indent=1)
        )
    else:
        print_table(rows, infeasible, viability, summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
