"""A brute-force oracle for the engine: enumerate every combination, check it by expanding
meetings to concrete dates and minutes, rank by preference costs worked out apart from the
engine's (`oracle_costs`, from the documented definitions)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from itertools import combinations, product

from scheduler import engine
from tests.engine.oracle_costs import IndependentScorer

TERM = (date(2026, 8, 24), date(2026, 10, 18))  # eight weeks keep the expansion small


def occupied(meeting: engine.Meeting | tuple, term=TERM) -> set[tuple[date, int]]:
    """(date, minute) pairs the meeting takes."""
    day, start, end, first, last = meeting
    lo, hi = max(first or term[0], term[0]), min(last or term[1], term[1])
    out = set()
    d = lo
    while d <= hi:
        if d.weekday() == day:
            out.update((d, m) for m in range(start, end))
        d += timedelta(days=1)
    return out


@lru_cache(maxsize=1024)  # a request's sections come back in every combination
def hard_slots(
    section: engine.Section, holidays: frozenset[date] = frozenset()
) -> frozenset[tuple[date, int]]:
    """Every (date, minute) the section's classes take."""
    return frozenset().union(*(meeting_slots(m, holidays) for m in section.meetings))


@lru_cache(maxsize=4096)
def meeting_slots(
    m: engine.Meeting, holidays: frozenset[date] = frozenset()
) -> frozenset[tuple[date, int]]:
    """Every (date, minute) one class takes (an exam none). A one-off meeting with one date
    takes that date whatever weekday it is listed on (the date is the truth). Holidays take
    nothing away from a class held on other dates too (hard clashes ignore them), but a weekly
    class every one of whose dates is a holiday is never held, so it takes nothing."""
    if m.kind == engine.EXAM:
        return frozenset()
    day, first, last = m.day, m.first_date, m.last_date
    if (
        m.kind != engine.WEEKLY
        and (first or last)
        and (first is None or last is None or first == last)
    ):
        first = last = first or last  # one date given: held on it, whatever day is listed
        day = first.weekday()
    taken = occupied((day, m.start, m.end, first, last))
    if m.kind == engine.WEEKLY and {d for d, _ in taken} <= holidays:
        return frozenset()
    return frozenset(taken)


def overlap_too_long(
    a: engine.Section, b: engine.Section, cap: int | None, holidays: frozenset[date]
) -> bool:
    """Whether a class of `a` and one of `b` share more than `cap` minutes of some date (an
    allowed overlap only allows that much; any shared minute when `cap` is None)."""
    for x in a.meetings:
        for y in b.meetings:
            shared = meeting_slots(x, holidays) & meeting_slots(y, holidays)
            per_date: dict[date, int] = {}
            for d, _ in shared:
                per_date[d] = per_date.get(d, 0) + 1
            if per_date and (cap is None or max(per_date.values()) > cap):
                return True
    return False


@lru_cache(maxsize=256)  # and its busy blocks with every combination
def busy_slots(block: engine.BusyBlock) -> frozenset[tuple[date, int]]:
    slots: set[tuple[date, int]] = set()
    # the block's own dates a week either side of the term too: a buffer may reach into it
    around = (TERM[0] - timedelta(days=7), TERM[1] + timedelta(days=7))
    for day in block.days:
        # every minute from (start - before) to (end + after) of each date, past midnight too
        for d, _ in occupied((day, 0, 1, block.first_date, block.last_date), term=around):
            for m in range(block.start - block.buffer_before, block.end + block.buffer_after):
                slots.add((d + timedelta(days=m // 1440), m % 1440))
    return frozenset(slots)


@lru_cache(maxsize=256)
def all_busy_slots(blocks: tuple[engine.BusyBlock, ...]) -> frozenset[tuple[date, int]]:
    return frozenset().union(*map(busy_slots, blocks))


def valid(
    request: engine.Request, picked: list[tuple[engine.Course, engine.Component, engine.Section]]
) -> bool:
    f = request.filters
    chosen_ids = {s.id for _, _, s in picked}
    taken: list[tuple[str, engine.Section, frozenset]] = []
    blocked = all_busy_slots(request.busy)
    allowed = {frozenset(pair) for pair in request.allowed_overlaps}
    for course, _, s in picked:
        if s.id in request.excluded:
            return False
        if f.open_seats_only and s.is_full:
            return False
        if f.campuses and s.campus not in f.campuses:
            return False
        if f.modalities and s.modality not in f.modalities:
            return False
        if any(name in f.excluded_instructors for name in s.instructors):
            return False
        slots = hard_slots(s, request.holidays)
        if slots & blocked:
            return False
        for code, other, other_slots in taken:
            if code != course.code and frozenset((code, course.code)) in allowed:
                cap = request.overlap_minutes
                if cap is not None and overlap_too_long(s, other, cap, request.holidays):
                    return False
            elif slots & other_slots:
                return False
        taken.append((course.code, s, slots))
        if s.parent_id is not None and s.parent_id not in chosen_ids:
            return False
        for other in course.components:
            kids = {x.id for x in other.sections if x.parent_id == s.id}
            if kids and not kids & chosen_ids:
                return False
    for sid in request.pinned:
        if sid not in chosen_ids:
            return False
    return True


def schedules(request: engine.Request) -> list[tuple[int, frozenset[str]]]:
    """Every valid schedule with its cost, cheapest first."""
    return [(cost, ids) for cost, ids, _ in scored(request)]


def scored(request: engine.Request) -> list[tuple[int, frozenset[str], dict[str, int]]]:
    """Every valid schedule with its cost and the cost of each preference, cheapest first."""
    scorer = IndependentScorer(request)
    selections: list[tuple[engine.Course, ...]] = [()]
    for g in request.electives:
        selections = [s + c for s in selections for c in combinations(g.courses, g.pick)]
    found = []
    for selection in selections:
        courses = (*request.courses, *selection)
        if any(not c.components for c in courses):
            continue  # a course with no section can never be taken
        slots = [(c, comp) for c in courses for comp in c.components]
        for combo in product(*[comp.sections for _, comp in slots]):
            picked = [(c, comp, s) for (c, comp), s in zip(slots, combo, strict=True)]
            if not valid(request, picked):
                continue
            breakdown = scorer.breakdown([(comp, s) for _, comp, s in picked])
            found.append(
                (sum(breakdown.values()), frozenset(s.id for _, _, s in picked), breakdown)
            )
    return sorted(found, key=lambda x: x[0])
