"""Elective-pool benchmark: `python -m scheduler.bench_electives [--runs 5] [--json]` (also
`make bench-electives`).

Real loads with elective groups drawn from the same catalog: each load of ../shared/data's
loads.json keeps its first two courses as required and adds groups of other courses of the
catalog (seeded, so every run draws the same ones), under the engine benchmark's three
preference profiles. For every case it times, in the same process and interleaved run by run,
the exact search as it is (the picks branched on inside one search) and the way it was before
(one search per selection, C(n, pick) of them, sharing one top-k: `enumerated`, rebuilt here
from the engine's own parts), and checks that both return the same scores. It prints the
number of selections, median and p95 ms, nodes and whether each is proven, and the ratio.
With `--explain N` it then draws N requests that nothing fits, of the shape a reviewer found
slow to explain (2 required courses of a UVA load, four elective groups picking 1, 3, 3 and 3
of 4, 5, 5 and 5 other courses, two busy blocks; seeded), and times the whole answer, the
explanation included: median, p95, the slowest, and how many took over the issue's 200 ms.
Not a test: it prints figures; correctness lives in tests/engine.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from dataclasses import replace
from itertools import combinations
from math import comb, prod

from scheduler import engine
from scheduler.bench import CATALOGS, DATA, GT_ATLANTA, geomean, p95, profiles

# (pick, pool size) per group: one group of ten, two groups, a wide pool
SHAPES = {"1of10": ((1, 10),), "2of8+1of5": ((2, 8), (1, 5)), "3of15": ((3, 15),)}
LOADS = ("uva-1", "uva-3", "gt-1", "gt-4")


def cases() -> list[tuple[str, engine.Request]]:
    """The loads of LOADS with each shape of elective groups."""
    from catalog.sources import gatech_json, uva_csv
    from scheduler.engine_input import engine_course

    loads = json.loads((DATA / "loads.json").read_text())
    parsers = {CATALOGS[0]: uva_csv.parse, CATALOGS[1]: gatech_json.parse}
    found = []
    for name, parse in parsers.items():
        catalog = {c.code: c for c in parse(DATA / name).courses}
        for load in loads[name]:
            if load["id"] not in LOADS:
                continue
            required = load["courses"][:2]
            rng = random.Random(load["id"])
            others = sorted(set(catalog) - set(load["courses"]))
            for shape, groups in SHAPES.items():
                pool = rng.sample(others, sum(n for _, n in groups))
                electives = []
                for pick, n in groups:
                    taken, pool = pool[:n], pool[n:]
                    courses = tuple(engine_course(catalog[c]) for c in taken)
                    electives.append(engine.ElectiveGroup(pick, courses))
                request = engine.Request(
                    courses=tuple(engine_course(catalog[c]) for c in required),
                    electives=tuple(electives),
                    filters=GT_ATLANTA if name.startswith("gatech") else engine.Filters(),
                    k=10,
                )
                found.append((f"{load['id']}/{shape}", request))
    return found


def enumerated(request: engine.Request) -> tuple[list[int], int, bool]:
    """(scores, nodes, proven) the way electives were searched before: one exact search per
    selection of the groups' courses, all offering to one top-k."""
    from scheduler.engine.costs import Scorer
    from scheduler.engine.generate import all_requirements, plan, request_groups
    from scheduler.engine.model import compile_request
    from scheduler.engine.search import Budget, TopK, exact

    problem = compile_request(request)
    scorer = Scorer(request)
    budget = Budget(request.max_nodes, request.deadline_ms)
    top = TopK(request.k)
    setup = plan(problem, request, request_groups(request), all_requirements(problem))
    if setup is not None:
        active_vars, allowed, pending = setup
        for selection in selections_of(pending):
            exact(problem, scorer, [*active_vars, *selection], allowed, top, budget)
            if budget.exhausted:
                break
    floor = sum(scorer.pick_floor.values())  # taken off each score when rendered, as the engine does
    return [score - floor for score, _ in top.ranked()], budget.nodes, not budget.exhausted


def selections_of(pending: tuple) -> list[tuple[int, ...]]:
    """Every way to make the picks left: the variables of the elective courses taken."""
    selections: list[tuple[int, ...]] = [()]
    for need, candidates in pending:
        selections = [
            s + tuple(v for course in combo for v in course)
            for s in selections
            for combo in combinations(candidates, need)
        ]
    return selections


def measure(name: str, base: engine.Request, runs: int) -> list[dict]:
    rows = []
    for profile, prefs in profiles(base).items():
        request = replace(base, preferences=prefs)
        engine.generate_schedules(request), enumerated(request)
        tree_times, old_times = [], []
        for _ in range(runs):
            started = time.perf_counter()
            result = engine.generate_schedules(request)
            tree_times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            old_scores, old_nodes, old_proven = enumerated(request)
            old_times.append((time.perf_counter() - started) * 1000)
        scores = [s.score for s in result.schedules]
        tree, old = statistics.median(tree_times), statistics.median(old_times)
        rows.append(
            {
                "case": name,
                "profile": profile,
                "selections": prod(comb(len(g.courses), g.pick) for g in base.electives),
                "tree_median_ms": round(tree, 2),
                "tree_p95_ms": round(p95(tree_times), 2),
                "tree_nodes": result.nodes,
                "tree_proven": result.proven_optimal,
                "enumerated_median_ms": round(old, 2),
                "enumerated_p95_ms": round(p95(old_times), 2),
                "enumerated_nodes": old_nodes,
                "enumerated_proven": old_proven,
                "same_scores": scores == old_scores or not (result.proven_optimal and old_proven),
                "enumerated_over_tree": round(old / tree, 2),
            }
        )
    return rows


# (pick, pool size) of the four groups of the explanation sweep, and its busy blocks: weekday
# sets and times drawn from these
EXPLAIN_GROUPS = ((1, 4), (3, 5), (3, 5), (3, 5))
BLOCK_DAYS = ((0, 2, 4), (1, 3), (0, 1, 2, 3, 4), (4,), (0, 2))


def infeasible_cases(count: int, seed: int = 3) -> list[engine.Request]:
    """`count` requests of the explanation sweep's shape that no schedule fits (drawn until
    found; at most 50 draws per request kept)."""
    from catalog.sources import uva_csv
    from scheduler.engine_input import engine_course

    loads = json.loads((DATA / "loads.json").read_text())[CATALOGS[0]]
    catalog = {c.code: c for c in uva_csv.parse(DATA / CATALOGS[0]).courses}
    codes = sorted(catalog)
    engine_courses: dict[str, engine.Course] = {}

    def course(code: str) -> engine.Course:
        if code not in engine_courses:
            engine_courses[code] = engine_course(catalog[code])
        return engine_courses[code]

    rng = random.Random(seed)
    found: list[engine.Request] = []
    for _ in range(count * 50):
        if len(found) == count:
            break
        load = rng.choice(loads)
        required = load["courses"][:2]
        pool = rng.sample([c for c in codes if c not in load["courses"]], sum(n for _, n in EXPLAIN_GROUPS))
        groups = []
        for pick, n in EXPLAIN_GROUPS:
            taken, pool = pool[:n], pool[n:]
            groups.append(engine.ElectiveGroup(pick, tuple(course(c) for c in taken)))
        busy = []
        for label in ("practice", "job"):
            start = rng.randrange(7 * 60, 17 * 60, 30)
            busy.append(
                engine.BusyBlock(rng.choice(BLOCK_DAYS), start, start + rng.choice((90, 120, 180)), label=label)
            )
        request = engine.Request(
            courses=tuple(course(c) for c in required), electives=tuple(groups), busy=tuple(busy), k=10
        )
        if not engine.generate_schedules(request).schedules:
            found.append(request)
    return found


def measure_explanations(requests: list[engine.Request]) -> dict:
    """The time of each answer (explanation included), once after a warm-up call."""
    times, explained = [], 0
    for request in requests:
        engine.generate_schedules(request)
        started = time.perf_counter()
        result = engine.generate_schedules(request)
        times.append((time.perf_counter() - started) * 1000)
        explained += result.explanation is not None and bool(result.explanation.conflict_set)
    return {
        "requests": len(times),
        "explained": explained,
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(p95(times), 2),
        "max_ms": round(max(times), 2),
        "over_200_ms": sum(t > 200 for t in times),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case (after warm-up)")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parser.add_argument("--explain", type=int, default=0, metavar="N", help="also time N infeasible requests' answers")
    options = parser.parse_args(argv)
    if not ((DATA / "loads.json").is_file() and all((DATA / c).is_file() for c in CATALOGS)):
        print(f"The real catalogs are not at {DATA} (they live in ../shared/data).", file=sys.stderr)
        return 1
    rows = [row for name, request in cases() for row in measure(name, request, options.runs)]
    summary = {
        "runs": options.runs,
        "geomean_enumerated_over_tree": geomean([r["enumerated_over_tree"] for r in rows]),
        "worst_tree_median_ms": max(r["tree_median_ms"] for r in rows),
        "worst_tree_p95_ms": max(r["tree_p95_ms"] for r in rows),
        "worst_enumerated_median_ms": max(r["enumerated_median_ms"] for r in rows),
        "all_tree_proven": all(r["tree_proven"] for r in rows),
        "all_same_scores": all(r["same_scores"] for r in rows),
    }
    if options.explain:
        summary["explanations"] = measure_explanations(infeasible_cases(options.explain))
    if options.json:
        print(json.dumps({"cases": rows, "summary": summary}, indent=1))
        return 0
    print(
        f"{'case':<18}{'profile':<28}{'sel':>5}{'tree ms':>9}{'p95':>8}{'nodes':>7}{'opt':>4}"
        f"{'enum ms':>9}{'nodes':>8}{'opt':>4}{'same':>5}{'ratio':>8}"
    )
    for r in rows:
        print(
            f"{r['case']:<18}{r['profile']:<28}{r['selections']:>5}{r['tree_median_ms']:>9.1f}"
            f"{r['tree_p95_ms']:>8.1f}{r['tree_nodes']:>7}{'yes' if r['tree_proven'] else 'NO':>4}"
            f"{r['enumerated_median_ms']:>9.1f}{r['enumerated_nodes']:>8}"
            f"{'yes' if r['enumerated_proven'] else 'NO':>4}{'yes' if r['same_scores'] else 'NO':>5}"
            f"{r['enumerated_over_tree']:>8.2f}"
        )
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
