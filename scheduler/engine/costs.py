"""Preferences as integer costs, each with a lower bound that never overestimates.

Per-section costs (early, late, instructors, open seats, friends) add up over the chosen
sections, so the bound for a component not yet chosen is its cheapest remaining choice.
Schedule costs (days with classes, free days, lunch, marathons) only grow as sections are added,
so their value on the sections chosen so far is a bound; idle gaps can shrink when a class
fills them, so their bound is 0. Only weekly meetings count: exams and one-off dates do not
shape the typical week. On a day with classes the student's busy times are part of the day:
a block occupies its time like a class (lunch, gaps, marathons), its buffers are time kept
free, neither idle nor class.
"""

from __future__ import annotations

from datetime import date

from scheduler.engine.dates import busy_meetings, busy_parts, held_between, shares_weekday, span
from scheduler.engine.types import WEEKLY, Component, Meeting, Preferences, Request, Section

MEMO_ENTRIES = 50_000  # every memo of a request is emptied when it reaches this size
GAP_GRACE = 10  # minutes of passing time between classes that are not idle
Interval = tuple[int, int, int]  # (day, start, end)
Gap = tuple[int, int, int]  # (start, end, its minutes that are not a busy time's buffer)
DAY_PARTS = ("gaps", "lunch", "marathon")  # the week preferences priced day by day (`day_parts`)
WEEK_TERMS = ("days_on_campus", "free_days", *DAY_PARTS)  # those priced on the whole week


def by_weekday(weekly: list[Interval]) -> dict[int, list[tuple[int, int]]]:
    """Weekly meetings (day, start, end) as each weekday's (start, end) intervals."""
    by_day: dict[int, list[tuple[int, int]]] = {}
    for day, start, end in weekly:
        by_day.setdefault(day, []).append((start, end))
    return by_day


def merged_runs(intervals: list[tuple[int, int]], join_below: int) -> list[tuple[int, int]]:
    """Sorted intervals joined where the break between them is shorter than `join_below`."""
    runs: list[list[int]] = []
    for start, end in sorted(intervals):
        if runs and start - runs[-1][1] < join_below:
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    return [(a, b) for a, b in runs]


class Scorer:
    """The request's preferences, evaluated on sections and on whole weeks."""

    def __init__(self, request: Request):
        p = request.preferences
        for name in Preferences.__slots__:
            value = getattr(p, name)
            if name.endswith("_weight") and (not isinstance(value, int) or value < 0):
                raise_bad(name, value)
        self.p = p
        self.friend_sections = frozenset(s for f in request.friends for s in f.section_ids)
        self.friends = request.friends
        self.holidays = request.holidays
        # each friend's busy blocks as meetings, buffers included: one crossing midnight goes on
        # into the next weekday, as the student's own busy blocks do
        self.friend_busy = {
            id(f): tuple(m for b in f.busy for m in busy_meetings(b)) for f in request.friends
        }
        self.free_memo: dict[tuple[int, date, date], tuple[tuple[tuple[int, int], ...], ...]] = {}
        self.free_days_mask = sum(1 << d for d in p.free_days)
        self.week_on = bool(  # some preference prices the week as a whole
            p.days_on_campus_weight
            or p.free_days_weight
            or p.gaps_weight
            or p.lunch_weight
            or p.marathon_weight
        )
        self.per_section = bool(
            p.early_weight
            or p.late_weight
            or p.instructor_weight
            or p.open_seats_weight
            or p.friends_shared_weight
            or p.friends_free_weight
        )
        self.busy_days(request)
        # the memos of a day's costs, per weekday: the weekdays with no busy time share theirs
        plain: tuple[dict, dict] = ({}, {})
        own = [({}, {}) if self.busy_core[d] or self.busy_buffers[d] else plain for d in range(7)]
        self.day_memos: list[dict[tuple[tuple[int, int], ...], tuple[int, int, int]]]
        self.day_memos = [memos[0] for memos in own]
        self.total_memos: list[dict[tuple[tuple[int, int], ...], int]]
        self.total_memos = [memos[1] for memos in own]
        # the request's day memos together stay within MEMO_ENTRIES each, however many weekdays
        # have a memo of their own
        self.day_memo_entries = MEMO_ENTRIES // len({id(memos) for memos in own})
        self.facts: dict[tuple[str, int], bool] = {}
        # per preference, what every schedule pays for its elective picks (`elective_pick_costs`)
        self.pick_floor: dict[str, int] = {}
        self.group_floor: dict[int, int] = {}  # the same, all preferences, by elective group
        # `picks` by course code: the part of a first component's section costs that is the
        # course's pick cost, no section's own (a schedule's sources leave it out)
        self.course_picks: dict[str, dict[str, int]] = {}
        self.picks = self.elective_pick_costs(request) if request.electives else {}

    def busy_days(self, request: Request) -> None:
        """Each weekday's busy time as the costs of a day's shape see it: `busy_core`, the
        blocks themselves (merged, sorted), `busy_buffers`, their buffers (merged, sorted), and
        `busy_pieces`, the blocks' own (start, end, index) for naming them. A block past
        midnight goes on into the next weekday, as for clashes; a part whose dates hold no date
        of its weekday never happens (holidays do not matter: the block is the student's own).
        The week's shape is not date-aware: a block for half the term is in the typical week,
        as a half-term class is."""
        self.busy_labels = tuple(
            b.label or f"busy block {i + 1}" for i, b in enumerate(request.busy)
        )
        cores: list[list[tuple[int, int]]] = [[] for _ in range(7)]
        buffers: list[list[tuple[int, int]]] = [[] for _ in range(7)]
        self.busy_pieces: list[tuple[tuple[int, int, int], ...]] = [() for _ in range(7)]
        for index, block in enumerate(request.busy):
            core, around = busy_parts(block)
            for m in core:
                if shares_weekday(*span(m), m.day):
                    cores[m.day].append((m.start, m.end))
                    self.busy_pieces[m.day] += ((m.start, m.end, index),)
            for m in around:
                if shares_weekday(*span(m), m.day):
                    buffers[m.day].append((m.start, m.end))
        self.busy_core = [tuple(merged_runs(c, 1)) for c in cores]
        self.busy_buffers = [tuple(merged_runs(b, 1)) for b in buffers]

    def friends_busy(self, day: int, lo: date, hi: date) -> tuple[tuple[tuple[int, int], ...], ...]:
        """Each friend's busy time in the daytime of weekday `day` (sorted (start, end) pieces,
        one tuple per friend, in order) during a weekly meeting held from `lo` to `hi`. A
        friend's busy block (its buffers too, past midnight into the next weekday) counts only
        if its dates and the meeting's share a date on `day` that is not a holiday (the class is
        not held on one); memoised, sections share their dates."""
        key = (day, lo, hi)
        found = self.free_memo.get(key)
        if found is not None:
            return found
        if len(self.free_memo) >= MEMO_ENTRIES:
            self.free_memo.clear()  # memory per request stays bounded
        p = self.p
        out = []
        for friend in self.friends:
            busy = []
            for m in self.friend_busy[id(friend)]:
                first, last = span(m)
                if m.day == day and held_between(max(lo, first), min(hi, last), day, self.holidays):
                    start = max(m.start, p.friends_free_start)
                    end = min(m.end, p.friends_free_end)
                    if start < end:  # outside the daytime, it leaves the daytime alone
                        busy.append((start, end))
            out.append(tuple(sorted(busy)))
        found = self.free_memo[key] = tuple(out)
        return found

    def friends_free_minutes(self, day: int, start: int, end: int, spans: list) -> int:
        """The minutes of a weekly class (weekday `day`, `start` to `end`, listed with these
        date ranges) in a friend's free daytime, summed over the friends (each on their own).
        A class listed again with other dates (a room change for two weeks) is one class of
        the week: a friend is busy during it if busy on a date of any of its listings."""
        p = self.p
        if day >= 5:
            return 0
        lo, hi = max(start, p.friends_free_start), min(end, p.friends_free_end)
        if lo >= hi:
            return 0
        listings = [self.friends_busy(day, *dates) for dates in spans]
        total = 0
        for f in range(len(self.friends)):
            if len(listings) == 1:
                busy = listings[0][f]
            else:
                busy = sorted(piece for listing in listings for piece in listing[f])
            cursor = lo
            for a, b in busy:
                if a >= hi:
                    break
                if a > cursor:
                    total += a - cursor
                cursor = max(cursor, b)
            total += max(0, hi - cursor)
        return total

    def component_fact(self, fact: str, comp: Component) -> bool:
        """Whether a preferred instructor teaches some section of `comp` ("offered"), or a
        friend takes one ("shared"); computed once per component."""
        key = (fact, id(comp))
        found = self.facts.get(key)
        if found is None:
            if fact == "offered":
                found = any(
                    set(x.instructors) & self.p.preferred_instructors for x in comp.sections
                )
            else:
                found = any(x.id in self.friend_sections for x in comp.sections)
            self.facts[key] = found
        return found

    def elective_pick_costs(self, request: Request) -> dict[int, dict[str, int]]:
        """What taking an elective course gives up beside the best course of its group, for the
        preferences priced per component (an instructor's, friends' sections): the weight for
        each component fewer than that course's where a preferred instructor teaches, or a
        friend takes, some section. Keyed by the id of the course's first component, every
        section of which carries it. Without it a course neither a preferred instructor nor a
        friend is in cost nothing, and came before the one they are in. A group picking several
        pays it on all but its best pick whatever is taken: that floor (`pick_floor`, the same
        for every schedule) is taken off each schedule's score when it is rendered, so a
        schedule taking the group's best courses costs nothing for it."""
        p = self.p
        priced = [
            (name, weight, fact)
            for name, weight, fact in (
                ("instructors", p.instructor_weight, "offered"),
                ("friends_shared", p.friends_shared_weight, "shared"),
            )
            if weight
        ]
        out: dict[int, dict[str, int]] = {}
        for index, g in enumerate(request.electives):
            # the courses that can be taken at all: each component has a section
            takeable = [
                c for c in g.courses if c.components and all(comp.sections for comp in c.components)
            ]
            for name, weight, fact in priced:
                have = [
                    sum(self.component_fact(fact, comp) for comp in c.components) for c in takeable
                ]
                best = max(have, default=0)
                for c, count in zip(takeable, have, strict=True):
                    if best > count:
                        parts = out.setdefault(id(c.components[0]), {})
                        parts[name] = parts.get(name, 0) + weight * (best - count)
                        self.course_picks[c.code] = parts
                if len(takeable) >= g.pick:
                    top = sorted(have, reverse=True)[: g.pick]
                    floor = weight * (g.pick * best - sum(top))
                    if floor:
                        self.pick_floor[name] = self.pick_floor.get(name, 0) + floor
                        self.group_floor[index] = self.group_floor.get(index, 0) + floor
        return out

    def section_parts(
        self,
        s: Section,
        comp: Component,
        weekly: tuple[Interval, ...],
        held: tuple[Meeting, ...],
    ) -> dict[str, int]:
        """The per-section costs of taking `s` (only preferences that are on): `weekly` is its
        weekly meetings as (day, start, end), `held` its meetings that take place (weekly ones
        among them, with their dates, for friends' free time)."""
        p = self.p
        parts: dict[str, int] = {}
        if p.early_weight or p.late_weight:
            # a weekly slot listed again with other dates (a room change for two weeks) is one
            # class of the week
            slots = dict.fromkeys(weekly) if len(weekly) > 1 else weekly
            if p.early_weight:
                parts["early"] = p.early_weight * sum(
                    1 for _, start, _ in slots if start < p.early_before
                )
            if p.late_weight:
                parts["late"] = p.late_weight * sum(1 for _, _, end in slots if end > p.late_after)
        if p.instructor_weight:
            people = set(s.instructors)
            cost = p.instructor_weight if people & p.avoided_instructors else 0
            offered = self.component_fact("offered", comp)
            if offered and not people & p.preferred_instructors:
                cost += p.instructor_weight
            parts["instructors"] = cost
        if p.open_seats_weight:
            parts["open_seats"] = p.open_seats_weight if s.is_full else 0
        if p.friends_shared_weight:
            shared_here = self.component_fact("shared", comp)
            parts["friends_shared"] = (
                p.friends_shared_weight if shared_here and s.id not in self.friend_sections else 0
            )
        if p.friends_free_weight:
            # each weekly slot once, with the date ranges it is listed with
            slots: dict[tuple[int, int, int], list[tuple[date, date]]] = {}
            for m in held:  # the weekly ones of `weekly`, with their dates
                if m.kind == WEEKLY and m.start < m.end:
                    dates = slots.setdefault((m.day, m.start, m.end), [])
                    if span(m) not in dates:
                        dates.append(span(m))
            overlap = sum(self.friends_free_minutes(*slot, dates) for slot, dates in slots.items())
            parts["friends_free_time"] = p.friends_free_weight * (overlap // 30)
        if self.picks:
            for name, cost in self.picks.get(id(comp), {}).items():
                parts[name] += cost
        return parts

    @property
    def week_terms(self) -> tuple[str, ...]:
        p = self.p
        names = []
        if p.days_on_campus_weight:
            names.append("days_on_campus")
        if p.free_days_weight:
            names.append("free_days")
        if p.gaps_weight:
            names.append("gaps")
        if p.lunch_weight:
            names.append("lunch")
        if p.marathon_weight:
            names.append("marathon")
        return tuple(names)

    def day_parts(self, day: int, intervals: list[tuple[int, int]]) -> tuple[int, int, int]:
        """(idle-gap cost, lunch cost, marathon cost) of weekday `day` with these weekly classes
        (memoised: the search asks about the same days over and over)."""
        key = tuple(sorted(intervals))
        memo = self.day_memos[day]
        found = memo.get(key)
        if found is None:
            if len(memo) >= self.day_memo_entries:
                memo.clear()  # memory per request stays bounded
            found = memo[key] = self.compute_day_parts(day, key)
        return found

    def occupied(
        self, day: int, intervals: tuple[tuple[int, int], ...]
    ) -> tuple[tuple[int, int], ...]:
        """The day's occupied time: its classes and, once it has one, its busy times (not
        their buffers)."""
        core = self.busy_core[day]
        return (*intervals, *core) if core and intervals else intervals

    def gaps_of(self, day: int, intervals: tuple[tuple[int, int], ...]) -> tuple[Gap, ...]:
        """The gaps between the runs of the day's occupied time, each with its minutes that are
        not a buffer (a buffer is time the student asked for, not idle)."""
        return self.gaps_between(day, merged_runs(self.occupied(day, intervals), 1))

    def gaps_between(self, day: int, runs: list[tuple[int, int]]) -> tuple[Gap, ...]:
        """`gaps_of` the day's occupied time, given as its runs."""
        buffers = self.busy_buffers[day]
        if not buffers:
            return tuple([(a[1], b[0], b[0] - a[1]) for a, b in zip(runs, runs[1:], strict=False)])
        gaps = []
        for (_, start), (end, _) in zip(runs, runs[1:], strict=False):
            kept = sum(max(0, min(b, end) - max(a, start)) for a, b in buffers)
            gaps.append((start, end, end - start - kept))
        return tuple(gaps)

    def compute_day_parts(
        self, day: int, intervals: tuple[tuple[int, int], ...]
    ) -> tuple[int, int, int]:
        p = self.p
        gaps = lunch = marathon = 0
        if not intervals:
            return 0, 0, 0  # a day with no class costs nothing, whatever busy time it holds
        occupied = self.occupied(day, intervals)
        runs = merged_runs(occupied, 1)
        if p.gaps_weight:
            idle = sum(max(0, free - GAP_GRACE) for _, _, free in self.gaps_between(day, runs))
            gaps = p.gaps_weight * (idle // 30)
        if p.lunch_weight:
            cursor, best = p.lunch_start, 0
            for start, end in runs:
                if end <= p.lunch_start or start >= p.lunch_end:
                    continue
                best = max(best, min(start, p.lunch_end) - cursor)
                cursor = max(cursor, end)
            best = max(best, p.lunch_end - cursor)
            lunch = p.lunch_weight if best < p.lunch_minutes else 0
        if p.marathon_weight:
            excess = sum(
                max(0, end - start - p.marathon_cap)
                for start, end in merged_runs(occupied, p.marathon_break)
            )
            marathon = p.marathon_weight * (excess // 30)  # per 30 minutes, as idle gaps
        return gaps, lunch, marathon

    def day_cost(self, day: int, intervals: list[tuple[int, int]]) -> int:
        """Idle gaps, lunch and marathons of weekday `day` with these weekly classes, weighted
        and summed."""
        gaps, lunch, marathon = self.day_parts(day, intervals)
        return gaps + lunch + marathon

    def sorted_day_cost(self, day: int, key: tuple[tuple[int, int], ...]) -> int:
        """`day_cost` of a day whose classes are already a sorted tuple: one dictionary look-up
        on the search's hot path."""
        memo = self.total_memos[day]
        found = memo.get(key)
        if found is None:
            if len(memo) >= self.day_memo_entries:
                memo.clear()  # memory per request stays bounded
            found = memo[key] = sum(self.day_parts(day, key))
        return found

    def costly_days(self, weekly: list[Interval], names: list[str]) -> dict[str, tuple[int, ...]]:
        """For each of these week preferences, the weekdays (in order) on which a schedule of
        these weekly meetings pays for it: each day with a class (days_on_campus), the kept-free
        ones among them (free_days), or those whose own gaps, lunch or marathon cost (`week`
        sums these per day)."""
        by_day = by_weekday(weekly)
        out: dict[str, tuple[int, ...]] = {}
        for name in names:
            if name == "days_on_campus":
                out[name] = tuple(sorted(by_day))
            elif name == "free_days":
                out[name] = tuple(sorted(d for d in by_day if d in self.p.free_days))
            else:
                part = DAY_PARTS.index(name)
                out[name] = tuple(
                    sorted(
                        d for d, intervals in by_day.items() if self.day_parts(d, intervals)[part]
                    )
                )
        return out

    def busy_taking_part(
        self, weekly: list[Interval], name: str, days: tuple[int, ...]
    ) -> tuple[str, ...]:
        """The labels of the busy times (in the request's order) that take part in the cost of a
        day's shape on these costly days: for gaps, a block ending where an idle gap begins or
        starting where one ends; for lunch, one in the lunch window; for marathons, one in a run
        beyond the cap."""
        p = self.p
        by_day = by_weekday(weekly)
        found: set[int] = set()
        for d in days:
            pieces = self.busy_pieces[d]
            if not pieces:
                continue
            key = tuple(sorted(by_day[d]))
            if name == "gaps":
                ends, starts = set(), set()  # where the idle gaps begin and end
                for start, end, free in self.gaps_of(d, key):
                    if free > GAP_GRACE:
                        ends.add(start)
                        starts.add(end)
                found.update(i for a, b, i in pieces if b in ends or a in starts)
            elif name == "lunch":
                found.update(i for a, b, i in pieces if a < p.lunch_end and b > p.lunch_start)
            else:
                for start, end in merged_runs(self.occupied(d, key), p.marathon_break):
                    if end - start > p.marathon_cap:
                        found.update(i for a, b, i in pieces if a < end and b > start)
        return tuple(dict.fromkeys(self.busy_labels[i] for i in sorted(found)))

    def week(self, weekly: list[Interval], lower_bound: bool = False) -> dict[str, int]:
        """The schedule-level costs of a set of weekly meetings; with `lower_bound`, the part
        that adding more meetings can only increase (idle gaps count 0)."""
        p = self.p
        by_day = by_weekday(weekly)
        days = sum(1 << d for d in by_day)
        parts: dict[str, int] = {}
        if p.days_on_campus_weight:
            parts["days_on_campus"] = p.days_on_campus_weight * days.bit_count()
        if p.free_days_weight:
            parts["free_days"] = p.free_days_weight * (days & self.free_days_mask).bit_count()
        if p.gaps_weight or p.lunch_weight or p.marathon_weight:
            totals = [0, 0, 0]
            for d, intervals in by_day.items():
                for i, v in enumerate(self.day_parts(d, intervals)):
                    totals[i] += v
            if p.gaps_weight:
                parts["gaps"] = 0 if lower_bound else totals[0]
            if p.lunch_weight:
                parts["lunch"] = totals[1]
            if p.marathon_weight:
                parts["marathon"] = totals[2]
        return parts


def raise_bad(name: str, value: object) -> None:
    from scheduler.engine.types import SchedulingError

    raise SchedulingError(f"preference {name} must be a whole number 0 or more, not {value!r}")
