"""Hypothesis strategies for small random scheduling requests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import strategies as st

from scheduler import engine

HALVES = [
    (None, None),
    (date(2026, 8, 24), date(2026, 9, 20)),
    (date(2026, 9, 21), date(2026, 10, 18)),
]
# short date ranges: Tuesday 8 to Thursday 10 September 2026 holds no Monday or Friday, so a
# weekly meeting on one of those never takes place; Mondays 7 and 14 September are the only
# Mondays of the second, and the holidays a request may have
SHORT = [(date(2026, 9, 8), date(2026, 9, 10)), (date(2026, 9, 7), date(2026, 9, 14))]
HOLIDAYS = [
    frozenset(),
    frozenset({date(2026, 9, 7), date(2026, 9, 14)}),
    frozenset({date(2026, 9, 9)}),
]


@st.composite
def meetings(draw, kinds=(engine.WEEKLY,)):
    day = draw(st.integers(0, 4))
    start = draw(st.sampled_from([8 * 60, 9 * 60, 9 * 60 + 30, 10 * 60, 11 * 60, 12 * 60, 13 * 60]))
    length = draw(st.sampled_from([50, 60, 75, 120]))
    first, last = draw(st.sampled_from(HALVES))
    kind = draw(st.sampled_from(kinds))
    if kind == engine.WEEKLY and draw(st.integers(0, 5)) == 0:
        first, last = draw(st.sampled_from(SHORT))
    if kind != engine.WEEKLY:  # a one-off on that weekday, or now and then listed on another
        first = last = date(2026, 9, 7 + (draw(st.integers(0, 4)) if day == 4 else day))
    return engine.Meeting(day, start, start + length, first, last, kind)


@st.composite
def courses(draw, code: str, links: bool = True):
    n_components = draw(st.integers(1, 2))
    components = []
    parents: list[str] = []
    for ci in range(n_components):
        sections = []
        for si in range(draw(st.integers(1, 3))):
            sid = f"{code}-{ci}{si}"
            parent = None
            if links and ci == 1 and parents and draw(st.booleans()):
                parent = draw(st.sampled_from(parents))
            listed = draw(
                st.lists(
                    meetings(kinds=(engine.WEEKLY, engine.WEEKLY, engine.ONE_OFF, engine.EXAM)),
                    min_size=0,
                    max_size=2,
                )
            )
            if listed and listed[0].kind == engine.WEEKLY and draw(st.integers(0, 5)) == 0:
                # the same weekly slot listed again with other dates (a room change for a few
                # weeks, as NUIP 4610 17422 is listed)
                first, last = draw(st.sampled_from([*HALVES, *SHORT]))
                listed.append(replace(listed[0], first_date=first, last_date=last))
            sections.append(
                engine.Section(
                    id=sid,
                    component=f"C{ci}",
                    meetings=tuple(listed),
                    # one instructor mostly; sometimes none listed, or two teaching together
                    instructors=draw(st.sampled_from(TEACHING)),
                    status=draw(st.sampled_from(["open", "open", "closed"])),
                    campus=draw(st.sampled_from(["Main", "North"])),
                    parent_id=parent,
                )
            )
            if ci == 0:
                parents.append(sid)
        components.append(engine.Component(f"C{ci}", f"Component {ci}", tuple(sections)))
    return engine.Course(code, code, tuple(components))


TEACHING = [("Ada",), ("Ben",), ("Cy",), ("Ada",), ("Ben",), ("Cy",), (), ("Ben", "Cy")]


@st.composite
def preferences(draw):
    w = st.integers(0, 5)
    return engine.Preferences(
        early_weight=draw(w),
        early_before=10 * 60,
        late_weight=draw(w),
        late_after=12 * 60,
        free_days_weight=draw(w),
        free_days=frozenset({draw(st.integers(0, 4))}),
        days_on_campus_weight=draw(w),
        gaps_weight=draw(w),
        marathon_weight=draw(w),
        marathon_cap=90,
        marathon_break=15,
        lunch_weight=draw(w),
        lunch_start=11 * 60 + 30,
        lunch_end=13 * 60 + 30,
        lunch_minutes=30,
        instructor_weight=draw(w),
        preferred_instructors=frozenset({"Ada"}),
        avoided_instructors=frozenset({"Cy"}),
        open_seats_weight=draw(w),
    )


@st.composite
def requests(draw, max_courses: int = 3, electives_always: bool = False, friends_always=False):
    n = draw(st.integers(2 if electives_always else 1, max_courses))
    cs = [draw(courses(f"K{i}")) for i in range(n)]
    electives: tuple[engine.ElectiveGroup, ...] = ()
    if n >= 2 and (electives_always or draw(st.booleans())):
        # one group of the last courses, or two groups of two, each picking some of them
        sizes = [2, 2] if n >= 4 and draw(st.booleans()) else [draw(st.integers(2, n))]
        for size in sizes:
            electives += (engine.ElectiveGroup(draw(st.integers(1, size)), tuple(cs[-size:])),)
            cs = cs[:-size]
    busy = tuple(draw(busy_block()) for _ in range(draw(st.integers(0, 1))))
    all_ids = [
        s.id
        for c in (*cs, *(c for g in electives for c in g.courses))
        for comp in c.components
        for s in comp.sections
    ]
    pinned = (
        frozenset(draw(st.lists(st.sampled_from(all_ids), max_size=1))) if all_ids else frozenset()
    )
    filters = engine.Filters(
        open_seats_only=draw(st.booleans()) and draw(st.booleans()),
        # instructors never wanted in a third of the requests ("Dee" teaches nothing)
        excluded_instructors=frozenset(
            draw(st.lists(st.sampled_from(["Ben", "Cy", "Dee"]), max_size=2))
            if draw(st.integers(0, 2)) == 0
            else ()
        ),
    )
    excluded = (
        frozenset(draw(st.lists(st.sampled_from(all_ids), max_size=2))) if all_ids else frozenset()
    )
    prefs = draw(preferences())
    # a third of the requests come with friends (drawn last: the draws above keep their odds)
    friends: tuple[engine.Friend, ...] = ()
    if all_ids and (friends_always or draw(st.integers(0, 2)) == 0):
        sections = [
            s
            for c in (*cs, *(c for g in electives for c in g.courses))
            for comp in c.components
            for s in comp.sections
        ]
        friends = tuple(draw(friend(f"F{i}", sections)) for i in range(draw(st.integers(1, 3))))
        daytime = draw(st.sampled_from([(8 * 60, 18 * 60), (9 * 60 + 30, 12 * 60 + 10)]))
        prefs = replace(
            prefs,
            friends_shared_weight=draw(st.integers(1, 5)),
            friends_free_weight=draw(st.integers(1, 5)),
            friends_free_start=daytime[0],
            friends_free_end=daytime[1],
        )
    k = draw(st.integers(1, 6))
    holidays = draw(st.sampled_from(HOLIDAYS))  # drawn late: the draws above keep their odds
    codes = [c.code for c in (*cs, *(c for g in electives for c in g.courses))]
    return engine.Request(
        courses=tuple(cs),
        electives=electives,
        busy=busy,
        pinned=pinned,
        excluded=excluded,
        filters=filters,
        preferences=prefs,
        friends=friends,
        holidays=holidays,
        k=k,
        **draw(overlaps(codes)),
    )


@st.composite
def overlaps(draw, codes: list[str]) -> dict:
    """In a third of the requests, one or two pairs of courses allowed to overlap, with no cap
    or one of 15, 30 or 60 minutes (drawn last: the draws before keep their odds)."""
    if len(codes) < 2 or draw(st.integers(0, 2)) != 0:
        return {}
    pairs = draw(
        st.lists(
            st.lists(st.sampled_from(codes), min_size=2, max_size=2, unique=True).map(tuple),
            min_size=1,
            max_size=2,
        )
    )
    return {
        "allowed_overlaps": tuple(pairs),
        "overlap_minutes": draw(st.sampled_from([None, 15, 30, 60])),
    }


@st.composite
def busy_block(draw):
    """One of the student's busy times: in the classes' hours (so beside, between or around
    them, where it shapes gaps, lunch and marathons), with buffers before or after, for the
    whole term, half of it or a short range (maybe none of its weekday), or a night shift
    whose rest, or its own time, runs into the next morning."""
    day = st.integers(0, 4)
    shape = draw(st.integers(0, 6))
    if shape == 6:  # a night shift running past midnight: it occupies the next morning too
        return engine.BusyBlock(
            (draw(st.sampled_from([0, 3, 6])),),
            23 * 60,
            draw(st.sampled_from([25 * 60, 26 * 60])),
            buffer_after=draw(st.sampled_from([0, 60])),
            label="night shift",
        )
    if shape == 0:
        return engine.BusyBlock((draw(day),), 9 * 60, 10 * 60)
    if shape == 1:
        return engine.BusyBlock((draw(day),), 9 * 60, 10 * 60, buffer_after=30)
    if shape == 2:  # a night shift whose rest runs into the next morning (Sunday's into Monday)
        return engine.BusyBlock(
            (draw(st.sampled_from([0, 3, 6])),), 22 * 60, 24 * 60, buffer_after=600
        )
    first, last = draw(st.sampled_from(HALVES + SHORT))
    start = draw(st.sampled_from([8 * 60 + 50, 11 * 60, 12 * 60, 13 * 60 + 15, 14 * 60]))
    return engine.BusyBlock(
        tuple(sorted({draw(day), draw(day)})),
        start,
        start + draw(st.sampled_from([30, 60, 90, 150])),
        buffer_before=draw(st.sampled_from([0, 10, 25])),
        buffer_after=draw(st.sampled_from([0, 15, 40])),
        first_date=first,
        last_date=last,
        label=draw(st.sampled_from(["", "practice", "job"])),
    )


@st.composite
def friend(draw, name: str, sections: list[engine.Section]):
    """A friend taking some of the request's own sections (so some can be shared), busy at
    times that may hold for half the term, carry buffers or run past midnight either way; often
    at the time of one of the request's own weekly meetings, where its dates decide the cost."""
    day = st.integers(0, 4)
    start = st.sampled_from([8 * 60, 9 * 60, 9 * 60 + 40, 11 * 60, 12 * 60 + 15, 13 * 60])
    weekly = [m for s in sections for m in s.meetings if m.kind == engine.WEEKLY]
    blocks = []
    for _ in range(draw(st.integers(0, 3))):
        # now and then a short range: with the request's holidays, maybe only holidays in common
        first, last = draw(st.sampled_from(HALVES + SHORT))
        shape = draw(st.integers(-2 if weekly else 0, 3))
        if shape < 0:  # a class at the time of one of the request's (or from 10 minutes later)
            m = draw(st.sampled_from(weekly))
            block = engine.BusyBlock((m.day,), m.start + draw(st.sampled_from([0, 10])), m.end)
            if m.first_date is not None:  # mostly in the other half of the term
                other = HALVES[2] if (m.first_date, m.last_date) == HALVES[1] else HALVES[1]
                own = (m.first_date, m.last_date)
                first, last = draw(st.sampled_from([other, other, own, HALVES[0]]))
        elif shape == 0:  # a class or a commitment in the day
            at = draw(start)
            block = engine.BusyBlock((draw(day),), at, at + draw(st.sampled_from([50, 75, 150])))
        elif shape == 1:  # the same with time to get there and back
            at = draw(start)
            block = engine.BusyBlock(
                (draw(day), draw(day)),
                at,
                at + 60,
                buffer_before=draw(st.sampled_from([0, 15])),
                buffer_after=draw(st.sampled_from([15, 40])),
            )
        elif shape == 2:  # a night shift whose rest runs into the next morning (Sunday's too)
            block = engine.BusyBlock(
                (draw(st.sampled_from([0, 3, 6])),), 22 * 60, 24 * 60, buffer_after=12 * 60 + 30
            )
        else:  # an early shift whose preparation starts the day before (Monday's on Sunday)
            block = engine.BusyBlock(
                (draw(st.sampled_from([0, 1, 3])),), 0, 60, buffer_before=13 * 60 + 30
            )
        blocks.append(replace(block, first_date=first, last_date=last))
    return engine.Friend(
        name,
        frozenset(draw(st.lists(st.sampled_from([s.id for s in sections]), max_size=3))),
        tuple(blocks),
    )


@st.composite
def crowded_requests(draw, electives: bool = False):
    """Several one-component courses meeting on the same two days: the idle-gap bounds, which
    only bite when classes placed leave gaps the open courses may fill, get exercised. With
    `electives`, the last two to four courses are an elective group: a course the search may
    still pick can fill a gap too."""
    cs = []
    for i in range(draw(st.integers(3, 5))):
        sections = []
        for si in range(draw(st.integers(1, 3))):
            n = draw(st.integers(1, 2))
            sections.append(
                engine.Section(
                    id=f"D{i}-{si}",
                    component="LEC",
                    meetings=tuple(
                        engine.Meeting(
                            draw(st.integers(0, 1)),
                            start := draw(st.sampled_from(range(8 * 60, 16 * 60, 20))),
                            start + draw(st.sampled_from([50, 75, 110])),
                        )
                        for _ in range(n)
                    ),
                )
            )
        cs.append(engine.Course(f"D{i}", "", (engine.Component("LEC", "", tuple(sections)),)))
    prefs = engine.Preferences(
        gaps_weight=draw(st.integers(1, 5)),
        days_on_campus_weight=draw(st.integers(0, 3)),
        free_days_weight=draw(st.integers(0, 3)),
        free_days=frozenset({1}),
        lunch_weight=draw(st.integers(0, 3)),
        marathon_weight=draw(st.integers(0, 3)),
        marathon_cap=120,
    )
    groups: tuple[engine.ElectiveGroup, ...] = ()
    if electives:
        size = draw(st.integers(2, min(4, len(cs))))
        groups = (engine.ElectiveGroup(draw(st.integers(1, size - 1)), tuple(cs[-size:])),)
        cs = cs[:-size]
    k = draw(st.integers(1, 6))
    # busy times on the same two days, with buffers, mostly for the whole term (drawn last: the
    # draws above keep their odds): they fill gaps, open others and take part in runs
    busy = tuple(
        engine.BusyBlock(
            (draw(st.integers(0, 1)),),
            start := draw(st.sampled_from(range(8 * 60, 16 * 60, 20))),
            start + draw(st.sampled_from([40, 60, 90])),
            buffer_before=draw(st.sampled_from([0, 10, 20, 40])),
            buffer_after=draw(st.sampled_from([0, 10, 20, 40])),
            first_date=(dates := draw(st.sampled_from([HALVES[0], HALVES[0], HALVES[1]])))[0],
            last_date=dates[1],
            label=f"B{i}",
        )
        for i in range(draw(st.integers(0, 2)))
    )
    codes = [c.code for c in (*cs, *(c for g in groups for c in g.courses))]
    return engine.Request(
        courses=tuple(cs),
        electives=groups,
        busy=busy,
        preferences=prefs,
        k=k,
        **draw(overlaps(codes)),
    )
