"""The ten course loads of ../shared/data/loads.json on the real catalogs: each solves proven
optimal with k=10 and every schedule keeps the rules (checked here date by date, minute by
minute, without the engine's own clash code). Skipped with a reason when the data is absent."""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest

from scheduler import engine

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
FILES = ("uva/2025_fall.csv", "gatech/202208.json")
GT_ATLANTA = engine.Filters(campuses=frozenset({"Georgia Tech-Atlanta"}))
pytestmark = pytest.mark.realdata


def loads() -> list[tuple[str, str, tuple[str, ...]]]:
    if not (DATA / "loads.json").is_file():
        return []
    table = json.loads((DATA / "loads.json").read_text())
    return [(name, load["id"], tuple(load["courses"])) for name in FILES for load in table[name]]


@cache
def catalog(name: str) -> dict[str, engine.Course]:
    from catalog.sources import gatech_json, uva_csv
    from scheduler.engine_input import engine_course

    parse = uva_csv.parse if name.endswith(".csv") else gatech_json.parse
    return {c.code: engine_course(c) for c in parse(DATA / name).courses}


def dates(m: engine.Meeting, lo: date, hi: date) -> set[date]:
    """The concrete dates of a meeting inside [lo, hi]."""
    first, last = max(m.first_date or lo, lo), min(m.last_date or hi, hi)
    every = (first + timedelta(days=i) for i in range((last - first).days + 1))
    return {d for d in every if d.weekday() == m.day}


def clash(a: engine.Meeting, b: engine.Meeting) -> bool:
    lo, hi = date(2000, 1, 1), date(2100, 1, 1)
    if a.day != b.day or not (a.start < b.end and b.start < a.end):
        return False
    if a.first_date is None and a.last_date is None or b.first_date is None and b.last_date is None:
        return True
    window = (
        max(a.first_date or lo, b.first_date or lo),
        min(a.last_date or hi, b.last_date or hi),
    )
    return bool(dates(a, *window) & dates(b, *window))


def assert_valid(request: engine.Request, schedule: engine.Schedule) -> None:
    by_id = {
        s.id: (course, comp, s)
        for course in request.courses
        for comp in course.components
        for s in comp.sections
    }
    picked = [by_id[sid] for sid in schedule.sections]
    # one section of every component of every course
    assert sorted((c.code, comp.kind) for c, comp, _ in picked) == sorted(
        (c.code, comp.kind) for c in request.courses for comp in c.components
    )
    chosen = set(schedule.sections)
    for course, _, s in picked:
        assert s.parent_id is None or s.parent_id in chosen, f"{s.id} without its parent"
        for comp in course.components:
            kids = {x.id for x in comp.sections if x.parent_id == s.id}
            assert not kids or kids & chosen, f"{s.id} without one of its children"
        if request.filters.campuses:
            assert s.campus in request.filters.campuses
    hard = [
        (s.id, m)
        for _, _, s in picked
        for m in s.meetings
        if m.kind != engine.EXAM and m.end > m.start
    ]
    for i, (sa, a) in enumerate(hard):
        for sb, b in hard[i + 1 :]:
            assert sa == sb or not clash(a, b), f"{sa} and {sb} clash"


ABSENT = pytest.param("", "", (), marks=pytest.mark.skip(reason=f"real catalogs absent: {DATA}"))


@pytest.mark.parametrize(("name", "load_id", "codes"), loads() or [ABSENT])
def test_each_real_load_solves_proven_optimal_with_valid_schedules(name, load_id, codes):
    # given
    courses = catalog(name)
    request = engine.Request(
        courses=tuple(courses[code] for code in codes),
        filters=GT_ATLANTA if name.startswith("gatech") else engine.Filters(),
        preferences=engine.Preferences(early_weight=2, free_days_weight=10, gaps_weight=1),
        k=10,
    )
    # when
    result = engine.generate_schedules(request)
    # then
    assert result.proven_optimal, load_id
    assert len(result.schedules) == 10, load_id
    assert [s.score for s in result.schedules] == sorted(s.score for s in result.schedules)
    for schedule in result.schedules:
        assert_valid(request, schedule)
        assert schedule.score == sum(schedule.breakdown.values())


UVA = "uva/2025_fall.csv"
needs_uva = pytest.mark.skipif(
    not (DATA / UVA).is_file(), reason=f"real catalog absent: {DATA / UVA}"
)


def hours(days: tuple[int, ...], start: int, end: int) -> engine.BusyBlock:
    return engine.BusyBlock(days, start * 60, end * 60)


@needs_uva
def test_a_uva_request_the_beam_misses_is_answered_by_the_exact_search():
    # given: the nothing-fits review's example (B6): the beam finds nothing, the exact search 10
    courses = catalog(UVA)
    codes = ("ECON 3010", "ECON 3020", "ECON 3720", "COMM 1800", "SOC 1010")
    busy = (hours((3,), 14, 18), hours((0, 1), 14, 16))
    request = engine.Request(courses=tuple(courses[c] for c in codes), busy=busy, strategy="beam")
    # when
    result = engine.generate_schedules(request)
    # then
    assert len(result.schedules) == 10 and result.strategy == "exact"
    for schedule in result.schedules:
        assert_valid(request, schedule)


@needs_uva
def test_a_uva_request_with_four_elective_groups_is_explained_within_a_small_node_budget():
    # given: the review's slow request (B1): two courses, four groups of ten picking 1, 3, 3 and
    # 3, two busy blocks; its explanation took 1.86 million nodes and up to the whole deadline
    courses = catalog(UVA)
    pools = (
        (
            1,
            "APMA 1090 APMA 2120 CHEM 1411 CHEM 3721 CS 3710 MATH 1190 MATH 2315 PHIL 1410 "
            "PHYS 3995 SOC 3710",
        ),
        (
            3,
            "APMA 2130 CHEM 3559 ECON 2010 ECON 3430 ECON 3720 PHIL 3110 PHIL 3640 PHYS 3430 "
            "PSYC 3990 SOC 2010",
        ),
        (
            3,
            "CHEM 2410 CS 2130 MATH 1210 MATH 3100 PHIL 1710 PHIL 2500 PSYC 3160 SOC 2280 "
            "SOC 3700 STAT 1100",
        ),
        (
            3,
            "CHEM 2411 CS 1111 CS 2100 CS 2120 CS 3120 MATH 1310 MATH 3350 PHIL 2660 PHYS 3170 "
            "SOC 2442",
        ),
    )
    electives = []
    for pick, words in pools:
        codes = [" ".join(pair) for pair in zip(*[iter(words.split())] * 2, strict=True)]
        electives.append(engine.ElectiveGroup(pick, tuple(courses[c] for c in codes)))
    request = engine.Request(
        courses=(courses["MATH 3000"], courses["PHYS 1050"]),
        electives=tuple(electives),
        busy=(hours((0, 4), 11, 17), hours((1, 2, 3), 8, 12)),
        max_nodes=200_000,
    )
    # when
    result = engine.generate_schedules(request)
    # then: whole, with its five pairs
    assert result.schedules == ()
    assert "budget ran out" not in result.explanation.message
    assert len(result.explanation.repairs) == 5
    assert all(len(r.drops) == 2 for r in result.explanation.repairs)
