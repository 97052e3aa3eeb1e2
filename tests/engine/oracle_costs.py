"""The oracle's own scorer: each preference's cost of a complete schedule, worked out from the
definitions in docs/engine.md ("Preferences", "Friends' free time and dates") and the
docstrings of `engine.Preferences`, `engine.Friend` and `engine.BusyBlock`, by plain expansion
(a weekday's classes as a set of minutes, a date range as the set of its dates). It imports
nothing from the engine but its value types and constants, so a wrong cost in
`scheduler/engine/costs.py` cannot hide from the property tests behind its own arithmetic.

Where the docs leave a reading open, the one taken is said beside the code (and in
the report of the session that wrote it)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from scheduler import engine

MINUTES_A_DAY = 24 * 60
PASSING_TIME = 10  # "each gap beyond 10 minutes of passing time"
WEEKDAYS = range(5)  # a friend's free daytime is Monday to Friday
# "a missing date is the whole term": any window holding every date a test draws, shifted a
# few days by a buffer past midnight, does
WHOLE_TERM = (date(2025, 1, 1), date(2028, 12, 31))

Picked = list[tuple[engine.Component, engine.Section]]


def weekly_meetings(
    section: engine.Section, holidays: frozenset[date] = frozenset()
) -> list[engine.Meeting]:
    """The meetings that shape the typical week: weekly ones (exams and one-off dates do not)
    that take place: one whose dates hold no date of its weekday, or only holidays, never does
    ("Rules", "Dates" and "Holidays" in docs/engine.md)."""
    # a meeting listed twice (same weekday, times and dates: two rooms) is one class
    found = {
        (m.day, m.start, m.end, m.first_date, m.last_date): m
        for m in section.meetings
        if m.kind == engine.WEEKLY and m.start < m.end and held_dates(m, holidays)
    }
    return list(found.values())


@lru_cache(maxsize=4096)  # every schedule of a request asks again
def held_dates(meeting: engine.Meeting, holidays: frozenset[date]) -> frozenset[date]:
    """The dates a weekly meeting is held on: those of its range on its weekday, holidays
    left out (for a meeting with no date, the whole term's)."""
    return dates_on(meeting.day, meeting.first_date, meeting.last_date) - holidays


def dates_on(weekday: int, first: date | None, last: date | None) -> frozenset[date]:
    """The dates from `first` to `last` (inclusive; None: the whole term) on `weekday`."""
    lo, hi = first or WHOLE_TERM[0], last or WHOLE_TERM[1]
    out = set()
    d = lo
    while d <= hi:
        if d.weekday() == weekday:
            out.add(d)
        d += timedelta(days=1)
    return frozenset(out)


def runs(minutes: set[int], join_below: int = 1) -> list[tuple[int, int]]:
    """The day's taken minutes as half-open (start, end) runs, two runs joined when the free
    time between them is shorter than `join_below` minutes (1: only touching ones)."""
    out: list[list[int]] = []
    for m in sorted(minutes):
        if out and m - out[-1][1] < max(join_below, 1):
            out[-1][1] = m + 1
        else:
            out.append([m, m + 1])
    return [(a, b) for a, b in out]


class IndependentScorer:
    """The request's preferences, priced on a whole schedule (its chosen sections, with the
    component each comes from)."""

    def __init__(self, request: engine.Request):
        self.request = request
        self.p = request.preferences
        self.memo: dict = {}
        # each friend's busy blocks, minute by minute: (weekday, minutes, dates) per day the
        # widened block touches, the dates shifted as many days as the minutes run past
        # midnight (forwards or backwards)
        self.friend_busy = [
            [piece for b in f.busy for piece in self.pieces(b)] for f in request.friends
        ]
        # the student's own busy times, as a day's shape sees them: (weekday, the block's own
        # minutes, its buffers' minutes, its label) per weekday it touches on some date
        self.own_busy = [
            piece for i, b in enumerate(request.busy) for piece in self.own_pieces(i, b)
        ]

    @staticmethod
    def pieces(block: engine.BusyBlock) -> list[tuple[int, frozenset[int], frozenset[date]]]:
        by_day: dict[tuple[int, int], set[int]] = {}
        for day in block.days:
            for m in range(block.start - block.buffer_before, block.end + block.buffer_after):
                offset = m // MINUTES_A_DAY  # days past (or before) the block's own
                by_day.setdefault((day, offset), set()).add(m % MINUTES_A_DAY)
        out = []
        for (day, offset), minutes in by_day.items():
            own = dates_on(day, block.first_date, block.last_date)
            shifted = frozenset(d + timedelta(days=offset) for d in own)
            out.append(((day + offset) % 7, frozenset(minutes), shifted))
        return out

    @staticmethod
    def own_pieces(
        index: int, block: engine.BusyBlock
    ) -> list[tuple[int, frozenset[int], frozenset[int], str]]:
        """The block's own minutes and its buffers' on each weekday it touches ("on a day with
        classes, a busy time occupies its time like a class; its buffers are time kept free",
        docs/engine.md), past midnight on the next (or previous) weekday, as for clashes. A block
        whose dates hold none of its weekdays never happens; otherwise the week's shape is not
        date-aware."""
        own: dict[tuple[int, int], set[int]] = {}
        kept: dict[tuple[int, int], set[int]] = {}
        for day in block.days:
            if not dates_on(day, block.first_date, block.last_date):
                continue
            for m in range(block.start - block.buffer_before, block.end + block.buffer_after):
                at = (day, m // MINUTES_A_DAY)
                own.setdefault(at, set())
                kept.setdefault(at, set())
                (own if block.start <= m < block.end else kept)[at].add(m % MINUTES_A_DAY)
        label = block.label or f"busy block {index + 1}"
        return [
            ((day + offset) % 7, frozenset(own[day, offset]), frozenset(kept[day, offset]), label)
            for day, offset in own
        ]

    def breakdown(self, picked: Picked) -> dict[str, int]:
        """Every preference that is on (weight above 0), by the engine's breakdown names."""
        out: dict[str, int] = {}
        for comp, s in picked:
            for name, value in self.section_costs(comp, s).items():
                out[name] = out.get(name, 0) + value
        for name, value in self.elective_costs(picked).items():
            out[name] += value
        holidays = self.request.holidays
        out.update(self.week_costs([m for _, s in picked for m in weekly_meetings(s, holidays)]))
        return out

    def sources(self, picked: Picked) -> dict[str, tuple[set[str], set[int], int, tuple[str, ...]]]:
        """Where each preference with points gets them, as `engine.Sources` says: (the sections,
        the weekdays, the points owed to the elective picks, the busy times taking part). A
        preference priced per section names the sections whose own cost is above 0 and owes the
        rest to the picks (`elective_costs`); one on the week names the weekdays that cost on
        their own (the week's cost of that day's classes alone) and every section with a class
        on one, and for gaps, lunch and marathons the busy times (`busy_taking_part`)."""
        holidays = self.request.holidays
        weekly = {s.id: weekly_meetings(s, holidays) for _, s in picked}
        elective = self.elective_costs(picked)
        out = {}
        for name, points in self.breakdown(picked).items():
            if not points:
                continue
            if name in ("days_on_campus", "free_days", "gaps", "lunch", "marathon"):
                days = {
                    day
                    for day in range(7)
                    if self.week_costs([m for ms in weekly.values() for m in ms if m.day == day])[
                        name
                    ]
                }
                ids = {sid for sid, ms in weekly.items() if any(m.day in days for m in ms)}
                busy = ()
                if name in ("gaps", "lunch", "marathon"):
                    classes = [m for ms in weekly.values() for m in ms]
                    busy = self.busy_taking_part(name, days, classes)
                out[name] = (ids, days, 0, busy)
            else:
                ids = {s.id for comp, s in picked if self.section_costs(comp, s)[name]}
                out[name] = (ids, set(), elective.get(name, 0), ())
        return out

    def busy_taking_part(
        self, name: str, days: set[int], classes: list[engine.Meeting]
    ) -> tuple[str, ...]:
        """The labels of the busy times, in the request's order, each once, taking part in
        `name` on these days: "a block beside an idle gap, in the lunch window, in a run beyond
        the cap" (`engine.Sources`); beside a gap: its last minute just before the gap, or its
        first just after."""
        p = self.p
        labels = []
        for day, own, _, label in self.own_busy:
            if day not in days or not own:
                continue
            taken = {t for m in classes if m.day == day for t in range(m.start, m.end)}
            occupied = taken | self.busy_minutes(day)[0]
            if name == "gaps":
                free = occupied | self.busy_minutes(day)[1]
                spans = runs(occupied)
                part = any(
                    sum(t not in free for t in range(a[1], b[0])) > PASSING_TIME
                    and (a[1] - 1 in own or b[0] in own)
                    for a, b in zip(spans, spans[1:], strict=False)
                )
            elif name == "lunch":
                part = any(p.lunch_start <= t < p.lunch_end for t in own)
            else:
                part = any(
                    end - start > p.marathon_cap and any(start <= t < end for t in own)
                    for start, end in runs(occupied, p.marathon_break)
                )
            if part:
                labels.append(label)
        order = [b.label or f"busy block {i + 1}" for i, b in enumerate(self.request.busy)]
        return tuple(sorted(set(labels), key=order.index))

    def busy_minutes(self, day: int) -> tuple[frozenset[int], frozenset[int]]:
        """(the busy times' own minutes, their buffers' minutes) on a weekday."""
        own = [m for d, o, _, _ in self.own_busy if d == day for m in o]
        kept = [m for d, _, k, _ in self.own_busy if d == day for m in k]
        return frozenset(own), frozenset(kept)

    def cost(self, picked: Picked) -> int:
        return sum(self.breakdown(picked).values())

    def elective_costs(self, picked: Picked) -> dict[str, int]:
        """Per elective group and preference priced per component (instructors, friends'
        sections): the weight for each such component the group's picks could have had and do
        not. "Could have had": the most that `pick` of its courses that can be taken (each
        component has a section) have; "have": those of the courses taken. So "Classes with
        Lopez" does not rank a course she does not teach above the one she does, and taking the
        group's best courses costs nothing."""
        p = self.p
        taken = {id(comp) for comp, _ in picked}
        theirs = {sid for f in self.request.friends for sid in f.section_ids}
        facts = {
            "instructors": (
                p.instructor_weight,
                lambda comp: any(
                    set(x.instructors) & p.preferred_instructors for x in comp.sections
                ),
            ),
            "friends_shared": (
                p.friends_shared_weight,
                lambda comp: any(x.id in theirs for x in comp.sections),
            ),
        }
        out: dict[str, int] = {}
        for g in self.request.electives:
            takeable = [
                c for c in g.courses if c.components and all(comp.sections for comp in c.components)
            ]
            for name, (weight, fact) in facts.items():
                if not weight or len(takeable) < g.pick:
                    continue
                count = {c.code: sum(map(fact, c.components)) for c in takeable}
                could = sum(sorted(count.values(), reverse=True)[: g.pick])
                have = sum(
                    count[c.code]
                    for c in takeable
                    if any(id(comp) in taken for comp in c.components)
                )
                out[name] = out.get(name, 0) + weight * (could - have)
        return out

    def section_costs(self, comp: engine.Component, s: engine.Section) -> dict[str, int]:
        """The costs a section brings whatever else is taken (memoised per section)."""
        key = ("section", s.id)
        if key not in self.memo:
            self.memo[key] = self.compute_section_costs(comp, s)
        return self.memo[key]

    def compute_section_costs(self, comp: engine.Component, s: engine.Section) -> dict[str, int]:
        p = self.p
        weekly = weekly_meetings(s, self.request.holidays)
        out = {}
        # "meeting-days starting before the time": each weekly slot (weekday and times) is one
        # class of the week, whatever dates it is listed with
        slots = {(m.day, m.start, m.end) for m in weekly}
        if p.early_weight:
            out["early"] = p.early_weight * sum(start < p.early_before for _, start, _ in slots)
        if p.late_weight:
            out["late"] = p.late_weight * sum(end > p.late_after for _, _, end in slots)
        if p.instructor_weight:
            teachers = set(s.instructors)
            avoided = bool(teachers & p.avoided_instructors)
            preferred_elsewhere = any(
                set(x.instructors) & p.preferred_instructors for x in comp.sections
            ) and not (teachers & p.preferred_instructors)
            out["instructors"] = p.instructor_weight * (avoided + preferred_elsewhere)
        if p.open_seats_weight:
            out["open_seats"] = p.open_seats_weight * s.is_full
        if p.friends_shared_weight:
            # a component where friends have sections costs once unless the schedule takes one
            # of them (reading "a friend has a section and the schedule does not take it" per
            # component: with two friends in two sections, taking either one is sharing)
            theirs = {sid for f in self.request.friends for sid in f.section_ids}
            here = {x.id for x in comp.sections} & theirs
            out["friends_shared"] = p.friends_shared_weight * bool(here and s.id not in here)
        if p.friends_free_weight:
            # "it stays a per-section cost": a section's free minutes, over its meetings and
            # each friend on their own, in whole units of 30
            # a weekly slot listed again with other dates is one class of the week, held on
            # the dates of all its listings
            slots: dict[tuple[int, int, int], frozenset[date]] = {}
            for m in weekly:
                slot = (m.day, m.start, m.end)
                slots[slot] = slots.get(slot, frozenset()) | held_dates(m, self.request.holidays)
            minutes = sum(self.free_minutes(*slot, held) for slot, held in slots.items())
            out["friends_free_time"] = p.friends_free_weight * (minutes // 30)
        return out

    def free_minutes(self, day: int, start: int, end: int, held: frozenset[date]) -> int:
        """Minutes of a weekly class (weekday, times, the dates it is held on) in a friend's
        free daytime, summed over the friends."""
        p = self.p
        if day not in WEEKDAYS:
            return 0
        daytime = set(range(p.friends_free_start, p.friends_free_end))
        total = 0
        for pieces in self.friend_busy:
            busy: set[int] = set()
            for busy_day, minutes, dates in pieces:
                # a block sharing a date the class is held on counts for the whole class (the
                # class is not held on a holiday, so a friend busy only then is free during it)
                if busy_day == day and dates & held:
                    busy |= minutes
            total += len((set(range(start, end)) & daytime) - busy)
        return total

    def week_costs(self, weekly: list[engine.Meeting]) -> dict[str, int]:
        p = self.p
        taken: dict[int, set[int]] = {}
        for m in weekly:
            taken.setdefault(m.day, set()).update(range(m.start, m.end))
        out = {}
        if p.days_on_campus_weight:
            out["days_on_campus"] = p.days_on_campus_weight * len(taken)
        if p.free_days_weight:
            out["free_days"] = p.free_days_weight * len(set(taken) & p.free_days)
        per_day = [self.day_costs(day, frozenset(minutes)) for day, minutes in taken.items()]
        for i, name in enumerate(("gaps", "lunch", "marathon")):
            if getattr(p, f"{name}_weight"):
                out[name] = sum(costs[i] for costs in per_day)
        return out

    def day_costs(self, day: int, classes: frozenset[int]) -> tuple[int, int, int]:
        """(gaps, lunch, marathon) of a weekday whose classes take these minutes (some)."""
        key = ("day", day, classes)
        if key not in self.memo:
            self.memo[key] = self.compute_day_costs(day, classes)
        return self.memo[key]

    def compute_day_costs(self, day: int, classes: frozenset[int]) -> tuple[int, int, int]:
        p = self.p
        # "on a day with classes the student's busy times are part of the day": a block's own
        # minutes are taken as a class's, its buffers' are neither idle nor taken
        own, kept = self.busy_minutes(day)
        minutes = classes | own
        spans = runs(set(minutes))
        # gaps: per day, the idle minutes of each gap (those not a buffer's) beyond the passing
        # time, in units of 30
        idle = sum(
            max(0, sum(t not in kept for t in range(earlier[1], later[0])) - PASSING_TIME)
            for earlier, later in zip(spans, spans[1:], strict=False)
        )
        gaps = p.gaps_weight * (idle // 30)
        # lunch: some stretch of `lunch_minutes` free minutes in a row between the two times
        longest = stretch = 0
        for m in range(p.lunch_start, p.lunch_end):
            stretch = 0 if m in minutes else stretch + 1
            longest = max(longest, stretch)
        lunch = p.lunch_weight * (longest < p.lunch_minutes)
        # marathons: runs of classes with no break of `marathon_break` minutes, from the first
        # class's start to the last one's end; per day (as gaps), in units of 30
        excess = sum(
            max(0, end - start - p.marathon_cap)
            for start, end in runs(set(minutes), p.marathon_break)
        )
        marathon = p.marathon_weight * (excess // 30)
        return gaps, lunch, marathon
