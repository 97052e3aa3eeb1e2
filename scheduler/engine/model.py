"""A request compiled for search: choices (merged sections), variables, compatibility bitsets.

Compilation does the exact reductions of docs/engine.md: sections that nothing in the request
can tell apart become one choice carrying the others as alternatives, and every constraint
between two choices (time clash, section links) is folded into one integer bitset per choice.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter, itemgetter

from scheduler.engine import costs
from scheduler.engine.dates import (
    FAR_FUTURE,
    FAR_PAST,
    as_held,
    busy_meetings,
    shares_weekday,
    span,
)
from scheduler.engine.types import (
    EXAM,
    WEEKLY,
    Course,
    Meeting,
    Request,
    Requirement,
    SchedulingError,
    Section,
)


def meeting_order(m: Meeting) -> tuple:
    return (m.day, m.start, m.end, *span(m), m.kind)


def meetings_clash(a: Meeting, b: Meeting) -> bool:
    """Same weekday, overlapping half-open times, and a shared date on that weekday."""
    if a.day != b.day or a.start >= b.end or b.start >= a.end:
        return False
    (a1, a2), (b1, b2) = span(a), span(b)
    return shares_weekday(max(a1, b1), min(a2, b2), a.day)


@dataclass(slots=True)
class Choice:
    """One or more sections of one variable that the request cannot tell apart."""

    var: int
    sections: list[Section]
    hard: tuple[Meeting, ...]  # weekly and one-off meetings: these must not clash
    weekly: tuple[
        tuple[int, int, int], ...
    ]  # (day, start, end) of weekly meetings: for preferences
    exams: tuple[Meeting, ...]
    cost: int
    parts: dict[str, int]
    blocked_by: int  # bits of the unary requirements (busy, filters, pins) that exclude it
    days: int = 0
    row: int = 0  # compatible choices of the other variables (after compilation)
    # the hard meetings as (day, start, end, first date, last date, kind), dates filled in
    keys: tuple[tuple, ...] = ()

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(s.id for s in self.sections)


@dataclass(slots=True)
class Variable:
    """A component of a course: exactly one of its choices is taken."""

    course: str
    kind: str
    mask: int = 0
    choices: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Problem:
    choices: list[Choice]
    variables: list[Variable]
    course_vars: dict[str, list[int]]
    requirements: list[Requirement]
    requirement_bits: dict[Requirement, int]
    sections_in: int
    pin_course: dict[str, str] = field(default_factory=dict)
    var_names: list[tuple[str, str]] = field(default_factory=list)  # (course, kind) per variable
    has_exams: bool = False  # some choice has an exam: schedules may carry exam warnings
    holidays: frozenset[date] = frozenset()  # no weekly meeting is held on these dates
    back_to_back_minutes: int = 15  # the request's: for the warning about changes of building
    excluded_instructors: frozenset[str] = frozenset()  # the filter's, for its words
    # each busy block's label and its meetings (buffers included), for the exam warnings
    busy: list[tuple[str, tuple[Meeting, ...]]] = field(default_factory=list)
    # the request's allowed overlaps (course code pairs), for their warnings
    overlaps: tuple[tuple[str, str], ...] = ()


def all_courses(request: Request) -> list[Course]:
    seen: dict[str, Course] = {}
    for course in (*request.courses, *(c for g in request.electives for c in g.courses)):
        if course.code in seen:
            raise SchedulingError(f"course {course.code} appears twice in the request")
        seen[course.code] = course
    return list(seen.values())


def exclusion_requirements(
    courses: list[Course], excluded: frozenset[str]
) -> dict[tuple[str, int], Requirement]:
    """One requirement per component with sections the student excluded, keyed by (course,
    component index): when nothing fits, "the CS 1110 LEC sections you excluded" can be part
    of the reason, and allowing them again a repair."""
    found: dict[tuple[str, int], Requirement] = {}
    if not excluded:
        return found
    for course in courses:
        for index, comp in enumerate(course.components):
            names = sorted(s.label or s.id for s in comp.sections if s.id in excluded)
            if names:
                found[(course.code, index)] = Requirement(
                    "exclusion",
                    f"{course.code} {comp.kind}",
                    f"excluded {course.code} {comp.kind} {listed(names)}",
                )
    return found


def listed(names: list[str], most: int = 5) -> str:
    """Names for a label: the first `most`, then how many more."""
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(names[:most]) + more


def names_listed(names: list[str]) -> str:
    """People's names in one text: parted by "; " when one holds a comma (a registrar's "Hopper,
    Grace" is one person), else by ", "."""
    return ("; " if any("," in n for n in names) else ", ").join(names)


def unary_requirements(
    request: Request, courses: list[Course], exclusions: list[Requirement] = ()
) -> list[Requirement]:
    """Requirements that exclude single sections: busy blocks, pins, filters, exclusions."""
    reqs = [
        Requirement("busy", str(i), b.label or f"busy block {i + 1}")
        for i, b in enumerate(request.busy)
    ]
    if request.pinned:
        named = {
            s.id: f"{course.code} {comp.kind} {s.label} ({s.id})"
            if s.label
            else f"{course.code} {comp.kind} {s.id}"
            for course in courses
            for comp in course.components
            for s in comp.sections
            if s.id in request.pinned
        }
        reqs += [
            Requirement("pin", s, f"pinned {named.get(s, f'section {s}')}")
            for s in sorted(request.pinned)
        ]
    f = request.filters
    if f.open_seats_only:
        reqs.append(Requirement("filter", "open_seats_only", "open seats only"))
    if f.campuses:
        # "" is the campus of a section the catalog gives none
        named = ", ".join(c or "no campus" for c in sorted(f.campuses))
        reqs.append(Requirement("filter", "campuses", f"campus: {named}"))
    if f.modalities:
        reqs.append(
            Requirement("filter", "modalities", f"modality: {', '.join(sorted(f.modalities))}")
        )
    if f.excluded_instructors:
        reqs.append(
            Requirement(
                "filter",
                "excluded_instructors",
                f"never with: {names_listed(sorted(f.excluded_instructors))}",
            )
        )
    return reqs + list(exclusions)


# what a section's meetings decide, worked out once per distinct tuple of meetings: the hard
# meetings as keys (day, start, end, first date, last date, kind) in order and as values, the
# weekly ones as (day, start, end), the exams, the weekdays, the busy blocks they meet, and an
# identity equal for sections with the same hard meetings and exams. Only meetings that take
# place count (`dates.as_held`), a one-off meeting or exam on its date's weekday, and none that
# is never held (its dates hold no date of its weekday, or only holidays)
Shape = tuple[
    tuple[tuple, ...],
    tuple[Meeting, ...],
    tuple[tuple[int, int, int], ...],
    tuple[Meeting, ...],
    int,
    int,
    int,
]


def held_meetings(
    meetings: tuple[Meeting, ...], holidays: frozenset[date]
) -> tuple[list[Meeting], list[Meeting]]:
    """The section's timed meetings that take place (a one-off meeting or exam on its date's
    weekday), exams apart: (hard ones, exams)."""
    hard, exams = [], []
    # a weekly meeting whose dates span a week more than there are holidays falls on its
    # weekday on some date that is not one: held as listed, without `as_held`'s date work (the
    # case of nearly every real meeting, and compilation reads every section's)
    held_span = 7 * len(holidays) + 6
    for m in meetings:
        first, last = m.first_date, m.last_date
        if m.kind == WEEKLY and first and last and (last - first).days >= held_span:
            held = m
        else:
            held = as_held(m, holidays)
        if held is None:
            continue
        if held.kind == EXAM:
            exams.append(held)
        elif held.end > held.start:
            hard.append(held)
    return hard, exams


def meeting_shape(
    meetings: tuple[Meeting, ...],
    busy: list[tuple[int, tuple[Meeting, ...]]],
    idents: dict[tuple, int],
    holidays: frozenset[date] = frozenset(),
) -> Shape:
    """The shape of a section with these meetings (a plain tuple: it is built once per
    distinct meetings, and a frozen dataclass costs more to build than the rest)."""
    held, exams = held_meetings(meetings, holidays)
    listed = [
        ((m.day, m.start, m.end, m.first_date or FAR_PAST, m.last_date or FAR_FUTURE, m.kind), m)
        for m in held
    ]
    if len(listed) == 1:
        keys, hard = (listed[0][0],), (listed[0][1],)
    else:
        listed.sort(key=itemgetter(0))  # stable: equal meetings keep their order
        keys = tuple([k for k, _ in listed])
        hard = tuple([m for _, m in listed])
    blocked = 0
    for bit, blocks in busy:
        if any(meetings_clash(m, b) for m in hard for b in blocks):
            blocked |= bit
    # sorted, as keys are; a meeting listed twice (the same weekday, times and dates: a class in
    # two rooms) is one class of the week to the preferences
    weekly = tuple([k[:3] for k in dict.fromkeys(keys) if k[5] == WEEKLY])
    days = 0
    for d, _, _ in weekly:
        days |= 1 << d
    exam_keys: tuple = ()
    if exams:
        exams.sort(key=meeting_order)
        exam_keys = tuple(map(meeting_order, exams))
    ident = idents.setdefault((keys, exam_keys), len(idents))
    return keys, hard, weekly, tuple(exams), days, blocked, ident


NO_SECTION = ""  # the kind of the one component, without choices, of a course with no section
NO_PARTS: dict[str, int] = {}  # the per-section costs when no preference has any (read only)


def compile_request(request: Request) -> Problem:
    """The request as choices, variables and compatibility bitsets."""
    courses = all_courses(request)
    known: set[str] = set()
    children: dict[str, list[str]] = {}
    for c in courses:
        for comp in c.components:
            for s in comp.sections:
                known.add(s.id)
                if s.parent_id:
                    children.setdefault(s.parent_id, []).append(s.id)
    kids_of = {pid: tuple(sorted(ids)) for pid, ids in children.items()}
    for sid in request.pinned:
        if sid not in known:
            raise SchedulingError(f"pinned section {sid} is not a section of a requested course")
    excluded = request.excluded
    exclusions = exclusion_requirements(courses, excluded)
    requirements = unary_requirements(request, courses, list(exclusions.values()))
    bits = {r: 1 << i for i, r in enumerate(requirements)}
    busy = [(bits[requirements[i]], busy_meetings(b)) for i, b in enumerate(request.busy)]
    pin_bits: dict[str, int] = {r.ref: bits[r] for r in requirements if r.kind == "pin"}
    filter_bits = {r.ref: bits[r] for r in requirements if r.kind == "filter"}
    prefs = costs.Scorer(request)

    variables: list[Variable] = []
    course_vars: dict[str, list[int]] = {}
    raw: list[Choice] = []
    open_only, campuses, modalities, never_with = (
        request.filters.open_seats_only,
        request.filters.campuses,
        request.filters.modalities,
        request.filters.excluded_instructors,
    )
    pinned = request.pinned
    holidays = request.holidays
    per_section = prefs.per_section  # some preference costs each section on its own
    # sections with equal meetings (half of them in real catalogs) share their shape, keyed by
    # the meetings' fields as plain tuples: they hash in C, where Meeting values hash in Python
    shapes: dict[tuple, Shape] = {}
    idents: dict[tuple, int] = {}
    for course in courses:
        course_vars[course.code] = []
        if not course.components:
            # a course with no section at all can never be taken (not taken for free): a
            # component with no choice makes any schedule holding it impossible, and says why
            course_vars[course.code].append(len(variables))
            variables.append(Variable(course.code, NO_SECTION))
        for index, comp in enumerate(course.components):
            # excluded sections stay, blocked by their component's exclusion: when nothing else
            # fits, the explanation can name the exclusion and offer to lift it
            exclusion = exclusions.get((course.code, index))
            excluded_bit = bits[exclusion] if exclusion else 0
            var = len(variables)
            variables.append(Variable(course.code, comp.kind))
            course_vars[course.code].append(var)
            pin_mask = 0
            if pinned:
                for s in comp.sections:
                    if s.id in pinned:
                        pin_mask |= pin_bits[s.id]
            groups: dict[tuple, Choice] = {}
            for s in comp.sections:
                # a pin in this component excludes its other sections
                blocked = pin_mask & ~pin_bits[s.id] if pin_mask and s.id in pinned else pin_mask
                if excluded_bit and s.id in excluded:
                    blocked |= excluded_bit
                if open_only and s.is_full:
                    blocked |= filter_bits["open_seats_only"]
                if campuses and s.campus not in campuses:
                    blocked |= filter_bits["campuses"]
                if modalities and s.modality not in modalities:
                    blocked |= filter_bits["modalities"]
                if never_with and not never_with.isdisjoint(s.instructors):
                    blocked |= filter_bits["excluded_instructors"]
                fields = tuple(
                    [(m.day, m.start, m.end, m.first_date, m.last_date, m.kind) for m in s.meetings]
                )
                shape = shapes.get(fields)
                if shape is None:
                    shape = shapes[fields] = meeting_shape(s.meetings, busy, idents, holidays)
                keys, hard, weekly, exams, days, busy_bits, ident = shape
                blocked |= busy_bits
                if per_section:
                    parts = prefs.section_parts(s, comp, weekly, hard)
                    priced = tuple(parts.items())  # the same preferences in order for all
                else:
                    parts, priced = NO_PARTS, ()
                key = (
                    ident,
                    s.parent_id,
                    kids_of.get(s.id, ()),
                    s.id if s.id in pinned else None,
                    priced,
                    blocked,
                )
                found = groups.get(key)
                if found is not None:
                    found.sections.append(s)
                    continue
                groups[key] = Choice(
                    var,
                    [s],
                    hard,
                    weekly,
                    exams,
                    sum(parts.values()) if per_section else 0,
                    parts,
                    blocked,
                    days,
                    0,
                    keys,
                )
            raw.extend(sorted(groups.values(), key=lambda c: (c.cost, c.sections[0].id)))
    overlaps = allowed_overlaps(request, {c.code for c in courses})
    rows = compatibility(raw, variables, overlaps, request.overlap_minutes)
    problem = merge_indistinguishable(
        raw,
        rows,
        variables,
        course_vars,
        requirements,
        bits,
        len(known),
        frozenset(code for pair in overlaps for code in pair),
    )
    problem.overlaps = overlaps
    problem.holidays = request.holidays
    problem.back_to_back_minutes = request.back_to_back_minutes
    problem.excluded_instructors = request.filters.excluded_instructors
    if problem.has_exams and request.busy:
        problem.busy = [(requirements[i].label, meetings) for i, (_, meetings) in enumerate(busy)]
    if pinned:
        problem.pin_course = {
            s.id: c.code
            for c in courses
            for comp in c.components
            for s in comp.sections
            if s.id in pinned
        }
    return problem


def allowed_overlaps(request: Request, codes: set[str]) -> tuple[tuple[str, str], ...]:
    """The request's allowed overlaps, checked (each a pair of two of its courses) and each
    pair once."""
    cap = request.overlap_minutes
    if cap is not None and (not isinstance(cap, int) or cap < 0):
        raise SchedulingError(f"overlap_minutes must be a whole number 0 or more, not {cap!r}")
    pairs: dict[tuple[str, str], None] = {}
    for pair in request.allowed_overlaps:
        if len(pair) != 2:
            raise SchedulingError(f"an allowed overlap names two courses, not {pair!r}")
        a, b = pair
        for code in pair:
            if code not in codes:
                raise SchedulingError(f"allowed overlap {a} and {b}: {code} is not in the request")
        if a == b:
            raise SchedulingError(f"allowed overlap {a} and {b}: a course cannot overlap itself")
        pairs.setdefault((a, b) if a < b else (b, a))
    return tuple(pairs)


def overlaps_beyond(a: tuple[tuple, ...], b: tuple[tuple, ...], cap: int | None) -> bool:
    """Whether some meeting of keys `a` clashes with one of `b` by more than `cap` minutes (any
    clash when `cap` is None)."""
    for x in a:
        for y in b:
            if keys_clash(x, y) and (cap is None or min(x[2], y[2]) - max(x[1], y[1]) > cap):
                return True
    return False


def allow(
    choices: list[Choice],
    variables: list[Variable],
    rows: list[int],
    overlaps: tuple[tuple[str, str], ...],
    cap: int | None,
) -> None:
    """Make the choices of each allowed pair of courses compatible again (their rows only held
    time clashes between them: links come after), except, with a cap, those overlapping by
    more than it."""
    members: dict[str, list[int]] = {}
    for i, c in enumerate(choices):
        members.setdefault(variables[c.var].course, []).append(i)
    for a, b in overlaps:
        for x, y in ((a, b), (b, a)):
            others = members.get(y, [])
            mask = sum(1 << j for j in others)
            for i in members.get(x, []):
                if cap is None:
                    rows[i] |= mask
                    continue
                keys = choices[i].keys
                for j in others:
                    if not overlaps_beyond(keys, choices[j].keys, cap):
                        rows[i] |= 1 << j


def keys_clash(a: tuple, b: tuple) -> bool:
    """`meetings_clash` on keys (day, start, end, first date, last date, kind)."""
    if a[0] != b[0] or a[1] >= b[2] or b[1] >= a[2]:
        return False
    return shares_weekday(max(a[3], b[3]), min(a[4], b[4]), a[0])


def compatibility(
    choices: list[Choice],
    variables: list[Variable],
    overlaps: tuple[tuple[str, str], ...] = (),
    cap: int | None = None,
) -> list[int]:
    """For each choice, the bitset of choices of other variables it can be taken with.

    Choices with the same hard meetings (a *pattern*) are handled once, with the bitset of
    their owners. Most meetings run the whole term (the most common date range): a meeting
    overlaps those whose start is before its end and whose end is after its start, read off
    prefix and suffix ORs of bitsets per weekday (weekly slots, the elementary intervals
    between meeting boundaries, serve patterns with two such meetings on one day). A meeting
    with other dates clashes with a whole-term one when they overlap and its own dates hold
    its weekday within the term; two single-date meetings clash when they share their date
    and a slot; other pairs are compared date by date. Clashes between choices of one
    variable are recorded too: the rows leave a choice's own variable out anyway. The
    choices of an allowed pair of courses (`overlaps`) then go together again (`allow`).
    """
    n = len(choices)
    var_mask = [0] * len(variables)
    index: dict[tuple, int] = {}  # hard meetings (keys) -> pattern
    patterns: list[tuple] = []
    held: list[int] = []  # the choices of each pattern
    pattern_of = [-1] * n
    for i, c in enumerate(choices):
        bit = 1 << i
        var_mask[c.var] |= bit
        keys = c.keys
        if keys:
            p = index.get(keys)
            if p is None:
                p = index[keys] = len(patterns)
                patterns.append(keys)
                held.append(bit)
            else:
                held[p] |= bit
            pattern_of[i] = p
    spans: dict[tuple[date, date], int] = {}
    for keys, bits in zip(patterns, held, strict=True):
        weight = bits.bit_count()  # meetings are counted once per choice
        for k in keys:
            sp = k[3:5]
            spans[sp] = spans.get(sp, 0) + weight
    term = max(spans, key=lambda sp: (spans[sp], sp)) if spans else (FAR_PAST, FAR_FUTURE)
    if (term[1] - term[0]).days < 6:
        term = (FAR_FUTURE, FAR_PAST)  # no common week: compare every pair date by date
    t_lo, t_hi = term
    # whole-term meetings, one per pattern and day: (start, end, owners) per day
    simple: list[dict[tuple[int, int], int]] = [{} for _ in range(7)]
    sliced: list[tuple[int, tuple]] = []  # the other meetings: (pattern, key)
    bounds: list[set[int]] = [set() for _ in range(7)]
    for p, keys in enumerate(patterns):
        bits = held[p]
        term_days = [k[0] for k in keys if k[3] == t_lo and k[4] == t_hi]
        single_day = len(term_days) == len(set(term_days))
        for k in keys:
            d, start, end = k[0], k[1], k[2]
            bound = bounds[d]
            bound.add(start)
            bound.add(end)
            if k[3] == t_lo and k[4] == t_hi and (single_day or term_days.count(d) == 1):
                day = simple[d]
                day[(start, end)] = day.get((start, end), 0) | bits
            else:
                sliced.append((p, k))
    starts, before, ends, after = [], [], [], []
    for d in range(7):
        day = simple[d]
        by_start = sorted(day)
        by_end = sorted(day, key=itemgetter(1))
        acc, prefix = 0, [0]
        for interval in by_start:
            acc |= day[interval]
            prefix.append(acc)
        acc, suffix = 0, [0]
        for interval in reversed(by_end):
            acc |= day[interval]
            suffix.append(acc)
        starts.append([e[0] for e in by_start])
        before.append(prefix)
        ends.append([e[1] for e in by_end])
        after.append(suffix[::-1])
    cuts = [sorted(b) for b in bounds]
    multi_members: dict[tuple[int, int], int] = {}  # whole-term, two or more on one day
    singles: dict[date, list[tuple[int, int, int]]] = {}  # date -> (start, end, pattern)
    others: list[tuple[int, tuple]] = []  # meetings with any other date range
    for p, k in sliced:
        if k[3] == t_lo and k[4] == t_hi:
            d, b = k[0], cuts[k[0]]
            for j in range(bisect_left(b, k[1]), bisect_left(b, k[2])):
                multi_members[(d, j)] = multi_members.get((d, j), 0) | held[p]
        elif k[3] == k[4]:
            if k[3].weekday() == k[0]:  # always, once `as_held` has set one-offs on their date
                singles.setdefault(k[3], []).append((k[1], k[2], p))
        else:
            others.append((p, k))
    multi_days = {d for d, _ in multi_members}

    def overlapping(d: int, start: int, end: int) -> int:
        """The choices with a whole-term meeting overlapping these weekday and times."""
        hit = before[d][bisect_left(starts[d], end)] & after[d][bisect_right(ends[d], start)]
        if d in multi_days:
            b = cuts[d]
            for j in range(bisect_left(b, start), bisect_left(b, end)):
                hit |= multi_members.get((d, j), 0)
        return hit

    clash = [0] * len(patterns)  # per pattern, the choices it clashes with
    extra = [0] * n  # per choice, clashes found from the other side
    for p, keys in enumerate(patterns):
        hit = odd_term = 0  # odd_term: whole-term choices found from a meeting with other dates
        for k in keys:
            if k[3] == t_lo and k[4] == t_hi:
                hit |= overlapping(k[0], k[1], k[2])
            elif (
                t_lo <= k[3] <= t_hi and k[3].weekday() == k[0]
                if k[3] == k[4]
                else shares_weekday(max(k[3], t_lo), min(k[4], t_hi), k[0])
            ):
                odd_term |= overlapping(k[0], k[1], k[2])
        clash[p] = hit | odd_term
        while odd_term:  # symmetric: they do not see this meeting from their side
            low = odd_term & -odd_term
            extra[low.bit_length() - 1] |= held[p]
            odd_term ^= low

    def both(p: int, q: int) -> None:
        clash[p] |= held[q]
        clash[q] |= held[p]

    # single-date meetings on the same date, overlapping in time
    for entries in singles.values():
        for a, (sa, ea, p) in enumerate(entries):
            for sb, eb, q in entries[a:]:
                if sa < eb and sb < ea:
                    both(p, q)
    # any other date range: compared date by date with every meeting not of the whole term
    for a, (p, k) in enumerate(others):
        for entries in singles.values():
            for _, _, q in entries:
                if any(keys_clash(k, x) for x in patterns[q]):
                    both(p, q)
        for q, x in others[a:]:
            if keys_clash(k, x):
                both(p, q)
    everything = (1 << n) - 1
    rows = [
        everything & ~var_mask[c.var] & ~(clash[pattern_of[i]] | extra[i])
        if pattern_of[i] >= 0
        else everything & ~var_mask[c.var]
        for i, c in enumerate(choices)
    ]
    if overlaps:
        allow(choices, variables, rows, overlaps, cap)
    link(choices, rows, var_mask)
    return rows


def link(choices: list[Choice], rows: list[int], var_mask: list[int]) -> None:
    """Fold section links into the rows: a child goes only with its own parent, and a parent
    with children in a component goes only with one of those children. Symmetric. The
    sections of a choice share their parent (compilation groups them by it)."""
    parent_ids = {c.sections[0].parent_id for c in choices}
    parent_ids.discard(None)
    if not parent_ids:
        return
    owner: dict[str, int] = {}
    for i, c in enumerate(choices):
        for s in c.sections:
            if s.id in parent_ids:
                owner[s.id] = i
    members: list[list[int]] = [[] for _ in var_mask]
    for i, c in enumerate(choices):
        members[c.var].append(i)
    dead = 0  # children whose parent is not a section of the request: never taken
    # (parent's variable, child's variable) -> parent choice -> its children there
    kids: dict[tuple[int, int], dict[int, int]] = {}
    for i, c in enumerate(choices):
        pid = c.sections[0].parent_id
        if not pid:
            continue
        p = owner.get(pid)
        if p is None:
            dead |= 1 << i
        elif choices[p].var != c.var:
            per_parent = kids.setdefault((choices[p].var, c.var), {})
            per_parent[p] = per_parent.get(p, 0) | (1 << i)
    for (pv, cv), per_parent in kids.items():
        linked = 0  # the children in cv of parents in pv
        for children in per_parent.values():
            linked |= children
        parents = sum(1 << p for p in per_parent)
        for q in members[pv]:
            children = per_parent.get(q)
            # a parent goes only with its own children there; another choice not with them
            rows[q] &= ~(var_mask[cv] & ~children) if children is not None else ~linked
        for i in members[cv]:
            if linked >> i & 1:  # a child goes only with its own parent
                p = owner[choices[i].sections[0].parent_id]
                rows[i] &= ~(var_mask[pv] & ~(1 << p))
            else:  # not a child of these parents: none of them goes with it
                rows[i] &= ~parents
    if dead:
        for i in range(len(rows)):
            rows[i] &= ~dead
        while dead:
            low = dead & -dead
            rows[low.bit_length() - 1] = 0
            dead ^= low


def merge_indistinguishable(
    raw: list[Choice],
    rows: list[int],
    variables: list[Variable],
    course_vars: dict[str, list[int]],
    requirements: list[Requirement],
    bits: dict[Requirement, int],
    sections_in: int,
    overlapping: frozenset[str] = frozenset(),
) -> Problem:
    """Merge choices of one variable that go with exactly the same choices, are excluded by the
    same requirements and cost the same: nothing in the request can tell them apart. `raw` is
    already in the final order (by variable, cost, first section id); the merged-away choices
    are dropped and the rows renumbered. A course with an allowed overlap (`overlapping`) says
    where its classes overlap, so its choices merge only with equal hard meetings, dates too."""
    # only choices of one variable with the same row can merge: the rest is compared only then
    same_row: dict[tuple[int, int], list[int]] = {}
    for i, c in enumerate(raw):
        same_row.setdefault((c.var, rows[i]), []).append(i)
    merged_away: set[int] = set()
    # a class at the time of an exam is a warning on the schedule (never a clash), so choices
    # whose classes meet an exam differently are told apart: compared, only when all else is
    # equal, by those of their hard meetings that meet some exam of the request (almost never any)
    exams_by_day: dict[int, list[Meeting]] | None = None  # gathered when first needed
    at_exams: dict[int, tuple] = {}

    def meets_exams(i: int) -> tuple:
        nonlocal exams_by_day
        found = at_exams.get(i)
        if found is None:
            if exams_by_day is None:
                exams_by_day = {}
                for c in raw:
                    for e in c.exams:
                        exams_by_day.setdefault(e.day, []).append(e)
            found = at_exams[i] = tuple(
                (m.day, m.start, m.end, m.first_date, m.last_date)
                for m in raw[i].hard
                if any(meetings_clash(e, m) for e in exams_by_day.get(m.day, ()))
            )
        return found

    own: dict[int, int] = {}  # a kept choice's own sections, before those merged into it
    for members in same_row.values():
        if len(members) == 1:
            continue
        groups: dict[tuple, list[int]] = {}  # the choices kept so far with this key
        for i in members:  # in raw order: the first of equal choices is the one kept
            c = raw[i]
            key = (
                c.blocked_by,
                c.weekly,
                c.cost,
                tuple(sorted(c.parts.items())),
                tuple((m.day, m.start, m.end, m.first_date) for m in c.exams),
                c.keys if overlapping and variables[c.var].course in overlapping else (),
            )
            heads = groups.get(key)
            if heads is None:
                groups[key] = [i]
                continue
            head = next((h for h in heads if meets_exams(h) == meets_exams(i)), None)
            if head is None:
                heads.append(i)
            else:
                own.setdefault(head, len(raw[head].sections))
                raw[head].sections.extend(c.sections)
                merged_away.add(i)
    if not merged_away:
        for c, row in zip(raw, rows, strict=True):
            c.row = row
        choices = raw
    else:
        keep = [i for i in range(len(raw)) if i not in merged_away]
        choices = [raw[i] for i in keep]
        # the kept choices as runs of consecutive indices, each moved down as a block
        runs: list[tuple[int, int, int]] = []  # (old start, mask of its width, new start)
        start = 0
        for dropped, gone in enumerate([*sorted(merged_away), len(raw)]):
            if gone > start:  # `dropped` choices before this run
                runs.append((start, (1 << (gone - start)) - 1, start - dropped))
            start = gone + 1
        for new, old in enumerate(keep):
            row = rows[old]
            choices[new].row = sum(((row >> lo) & width) << to for lo, width, to in runs)
    # each choice shows its first section, whose meetings are the choice's (its hard meetings,
    # exams, TBA-ness and warnings are worked out from them): the choice's own sections (equal
    # meetings) by id first, then those merged into it by id
    for i, c in enumerate(raw):
        if len(c.sections) > 1 and i not in own and i not in merged_away:
            c.sections.sort(key=attrgetter("id"))
    for i, n in own.items():  # merged: its own sections first, then those merged into it
        sections = raw[i].sections
        sections[:] = [
            *sorted(sections[:n], key=attrgetter("id")),
            *sorted(sections[n:], key=attrgetter("id")),
        ]
    for v in variables:
        v.mask, v.choices = 0, []
    for i, c in enumerate(choices):
        variables[c.var].mask |= 1 << i
        variables[c.var].choices.append(i)
    return Problem(
        choices,
        variables,
        course_vars,
        requirements,
        bits,
        sections_in,
        var_names=[(v.course, v.kind) for v in variables],
        has_exams=any(c.exams for c in choices),
    )
