"""The engine's entry points: generate_schedules, explain_infeasibility, section_viability."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta

from scheduler.engine.costs import DAY_PARTS, WEEK_TERMS, Scorer
from scheduler.engine.dates import as_held, held_between, shares_weekday, span
from scheduler.engine.model import (
    NO_SECTION,
    Choice,
    Problem,
    compile_request,
    listed,
    meetings_clash,
    names_listed,
)
from scheduler.engine.search import Budget, Failures, Pending, TopK, beam, exact
from scheduler.engine.travel import MAX_GAP, Class, back_to_back, held_classes
from scheduler.engine.types import (
    DAY_NAMES,
    EXAM,
    WEEKDAY_NAMES,
    WEEKLY,
    Explanation,
    Meeting,
    Preferences,
    Repair,
    Request,
    Requirement,
    Result,
    Schedule,
    SchedulingError,
    Sources,
)

MAX_K = 100
EXPLAIN_SHARE = 0.2  # of the deadline, at most, for explaining a request with no schedule
BEAM_FELL_BACK = "The beam search found no schedule; the exact search found this one."


def validate(request: Request) -> None:
    if not 1 <= request.k <= MAX_K:
        raise SchedulingError(f"k must be between 1 and {MAX_K}, not {request.k}")
    if request.strategy not in ("exact", "beam"):
        raise SchedulingError(f"strategy must be 'exact' or 'beam', not {request.strategy!r}")
    if request.max_nodes < 1 or request.deadline_ms <= 0:
        raise SchedulingError("the node budget and the deadline must be positive")
    if not request.courses and not request.electives:
        raise SchedulingError("the request names no course")
    if not 0 <= request.back_to_back_minutes <= MAX_GAP:
        raise SchedulingError(
            f"back_to_back_minutes must be between 0 and {MAX_GAP}, "
            f"not {request.back_to_back_minutes}"
        )


Groups = list[tuple[int, tuple[str, ...]]]  # per elective group: (pick, its course codes)


def request_groups(request: Request) -> Groups:
    """The request's elective groups as (pick, course codes)."""
    for group in request.electives:
        if not 1 <= group.pick <= len(group.courses):
            raise SchedulingError(f"cannot pick {group.pick} of {len(group.courses)} courses")
    return [(g.pick, tuple(c.code for c in g.courses)) for g in request.electives]


def plan(
    problem: Problem,
    request: Request,
    groups: Groups,
    active_reqs: int,
    dropped_courses: frozenset[str] = frozenset(),
    forced: frozenset[str] = frozenset(),
) -> tuple[list[int], int, Pending] | None:
    """What one search covers: the variables of the required courses and of the elective
    courses an active pin (or `forced`) puts in, the elective picks left to the search, and the
    choices allowed under the active unary requirements (those of every candidate course
    included). None when the pins ask for more courses of a group than it picks. A pin of a
    course the request no longer asks for (dropped, or its group dropped) holds no more."""
    required = [c.code for c in request.courses if c.code not in dropped_courses]
    present = {*required, *(code for _, codes in groups for code in codes)}
    wanted = set(forced)
    for req, bit in problem.requirement_bits.items():
        if req.kind == "pin" and bit & active_reqs:
            course = problem.pin_course[req.ref]
            if course in present:
                wanted.add(course)
            else:
                active_reqs &= ~bit
    codes = list(required)
    pending = []
    for pick, group in groups:
        inside = [code for code in group if code in wanted]
        if len(inside) > pick:
            return None
        codes += inside
        if pick > len(inside):
            candidates = [code for code in group if code not in wanted]
            pending.append(
                (pick - len(inside), tuple(tuple(problem.course_vars[c]) for c in candidates))
            )
    active_vars = [v for code in codes for v in problem.course_vars[code]]
    allowed = 0
    for v in (*active_vars, *(v for _, cands in pending for course in cands for v in course)):
        for i in problem.variables[v].choices:
            if not problem.choices[i].blocked_by & active_reqs:
                allowed |= 1 << i
    return active_vars, allowed, tuple(pending)


def run_search(
    problem: Problem,
    request: Request,
    scorer: Scorer,
    *,
    k: int,
    active_reqs: int,
    budget: Budget,
    feasibility_only: bool = False,
    dropped_courses: frozenset[str] = frozenset(),
    groups: Groups | None = None,
    failures: Failures | None = None,
) -> TopK:
    """One search over every way to take the elective groups: the exact one branches on the
    picks, so its bounds prune whole families of selections; the beam takes them as steps."""
    top = TopK(k)
    groups = request_groups(request) if groups is None else groups
    setup = plan(problem, request, groups, active_reqs, dropped_courses)
    if setup is None:
        return top
    active_vars, allowed, pending = setup
    if request.strategy == "exact" or feasibility_only:
        exact(
            problem,
            scorer,
            active_vars,
            allowed,
            top,
            budget,
            feasibility_only=feasibility_only,
            pending=pending,
            failures=failures,
        )
        return top
    # as the original: courses by number of components, then each component in turn
    order = [
        v
        for code in sorted(
            codes_of(problem, active_vars), key=lambda c: len(problem.course_vars[c])
        )
        for v in problem.course_vars[code]
    ]
    beam(problem, scorer, order, allowed, top, budget, request.beam_width, pending)
    return top


def codes_of(problem: Problem, active_vars: list[int]) -> list[str]:
    """The courses of these variables, in request order."""
    return list(dict.fromkeys(problem.variables[v].course for v in active_vars))


def all_requirements(problem: Problem) -> int:
    return sum(problem.requirement_bits.values())


def generate_schedules(request: Request) -> Result:
    """The best `k` conflict-free schedules, cheapest first, proven optimal unless the budget
    ran out (or the beam found them); with none, an explanation of why. When the beam finds
    none, the exact search looks within what is left of the budget (`Result.strategy` is then
    "exact" and each schedule's warnings say so)."""
    started = time.perf_counter()
    validate(request)
    problem = compile_request(request)
    compiled = time.perf_counter()
    scorer = Scorer(request)
    budget = Budget(request.max_nodes, request.deadline_ms)
    top = run_search(
        problem, request, scorer, k=request.k, active_reqs=all_requirements(problem), budget=budget
    )
    strategy, notes = request.strategy, ()
    if strategy == "beam" and not top.heap and not budget.exhausted:
        # the beam can miss every schedule; "nothing" would then come with no reason, so the
        # exact search looks again within what is left of the budget
        strategy, notes = "exact", (BEAM_FELL_BACK,)
        exact_request = replace(request, strategy="exact")
        top = run_search(
            problem,
            exact_request,
            scorer,
            k=request.k,
            active_reqs=all_requirements(problem),
            budget=budget,
        )
    searched = time.perf_counter()
    shown: dict[int, tuple[bool, tuple[str, ...]]] = {}  # per choice, across the schedules
    classes: dict[int, list[Class]] = {}  # likewise
    days_seen: dict[tuple, list[tuple]] = {}  # likewise, each day's back-to-back pairs
    schedules = tuple(
        render(problem, scorer, score, chosen, notes, shown, classes, days_seen)
        for score, chosen in top.ranked()
    )
    rendered = time.perf_counter()
    phases = {
        "compile": (compiled - started) * 1000,
        "search": (searched - compiled) * 1000,
        "render": (rendered - searched) * 1000,
    }
    explanation, explain_nodes = None, 0
    if not schedules and not budget.exhausted:
        own = explain_budget(request, budget.nodes, (rendered - started) * 1000)
        explanation = explain(problem, request, scorer, own)
        explain_nodes = own.nodes
        phases["explain"] = (time.perf_counter() - rendered) * 1000
    return Result(
        schedules=schedules,
        proven_optimal=not budget.exhausted and strategy == "exact",
        nodes=budget.nodes + explain_nodes,
        elapsed_ms=(time.perf_counter() - started) * 1000,
        strategy=strategy,
        explanation=explanation,
        phases_ms=phases,
    )


def render(
    problem: Problem,
    scorer: Scorer,
    score: int,
    chosen: tuple[int, ...],
    notes: tuple[str, ...] = (),
    shown: dict[int, tuple[bool, tuple[str, ...]]] | None = None,
    classes: dict[int, list[Class]] | None = None,
    days_seen: dict[tuple, list[tuple]] | None = None,
) -> Schedule:
    """The schedule of these choices; `shown` keeps what each choice's section shown says
    (`shown_section`), `classes` its classes as held, labelled (`travel.held_classes`, for
    the back-to-back warnings) and `days_seen` the back-to-back pairs of each day's classes
    (`travel.back_to_back`) across the schedules of one answer, which share most of their
    choices."""
    choices, names = problem.choices, problem.var_names
    if shown is None:
        shown = {}
    if classes is None:
        classes = {}
    for i in chosen:
        if i not in shown:
            shown[i] = shown_section(problem, i)
        if i not in classes:
            label = " ".join(names[choices[i].var])
            classes[i] = held_classes(label, choices[i].sections[0].meetings, problem.holidays)
    picked = sorted(chosen, key=lambda i: names[choices[i].var])
    breakdown: dict[str, int] = {}
    for i in picked:
        for name, value in choices[i].parts.items():
            breakdown[name] = breakdown.get(name, 0) + value
    weekly = [w for i in picked for w in choices[i].weekly] if scorer.week_on else []
    if scorer.week_on:
        breakdown.update(scorer.week(weekly))
    for name, floor in scorer.pick_floor.items():  # what every schedule's elective picks pay
        breakdown[name] -= floor
        score -= floor
    sections = tuple([choices[i].sections[0].id for i in picked])
    alternatives = {
        choices[i].sections[0].id: tuple([s.id for s in choices[i].sections[1:]]) for i in picked
    }
    tba = tuple([choices[i].sections[0].id for i in picked if shown[i][0]])
    return Schedule(
        sections=sections,
        score=score,
        breakdown=breakdown,
        alternatives=alternatives,
        tba=tba,
        warnings=(
            *notes,
            *exam_warnings(problem, picked),
            *overlap_warnings(problem, picked),
            *back_to_back(
                [c for i in picked for c in classes[i]],
                problem.back_to_back_minutes,
                problem.holidays,
                days_seen,
            ),
            *dict.fromkeys(w for i in picked for w in shown[i][1]),
        ),
        sources=point_sources(problem, scorer, picked, breakdown, weekly) if score else {},
    )


def point_sources(
    problem: Problem,
    scorer: Scorer,
    picked: list[int],
    breakdown: dict[str, int],
    weekly: list[tuple[int, int, int]],
) -> dict[str, Sources]:
    """Where each preference with points in the schedule of these choices gets them: for one
    priced per section, the sections whose own part is above 0 (an elective course's pick cost,
    `Scorer.elective_pick_costs`, is left to `elective_picks`: the selection pays it, not a
    section); for one priced on the week, the weekdays that cost and the sections meeting on
    them (`weekly`: the schedule's weekly meetings), and for a day's shape the busy times taking
    part. A choice standing for several sections is
    named by the one shown."""
    choices = problem.choices
    costly = [name for name, points in breakdown.items() if points]
    week = [name for name in costly if name in WEEK_TERMS]
    days = scorer.costly_days(weekly, week) if week else {}
    out: dict[str, Sources] = {}
    for name in costly:
        if name in days:
            mask = sum(1 << d for d in days[name])
            ids = tuple([choices[i].sections[0].id for i in picked if choices[i].days & mask])
            busy = ()
            if scorer.busy_labels and name in DAY_PARTS:
                busy = scorer.busy_taking_part(weekly, name, days[name])
            out[name] = Sources(ids, days[name], 0, busy)
            continue
        ids, own = [], 0
        for i in picked:
            c = choices[i]
            part = c.parts.get(name, 0)
            if part and scorer.course_picks:
                course = problem.variables[c.var].course
                if problem.course_vars[course][0] == c.var:  # the component carrying the pick
                    part -= scorer.course_picks.get(course, {}).get(name, 0)
            if part > 0:
                ids.append(c.sections[0].id)
                own += part
        out[name] = Sources(tuple(ids), (), breakdown[name] - own)
    return out


def shown_section(problem: Problem, i: int) -> tuple[bool, tuple[str, ...]]:
    """(whether the section choice `i` shows is TBA: no timed class listed, one listed that
    never takes place being shown with its times; a warning for each of its meetings that never
    takes place: its dates hold no date of its weekday, or only holidays: it is listed, so the
    student may look for it)."""
    choice = problem.choices[i]
    s = choice.sections[0]
    if len(s.meetings) == len(choice.hard) + len(choice.exams):
        return not choice.hard, ()  # each listed meeting held (the common case: no date work)
    tba = not any(m.kind != EXAM and m.end > m.start for m in s.meetings)
    listed = sum(1 for m in s.meetings if m.kind == EXAM or m.end > m.start)
    if listed == len(choice.hard) + len(choice.exams):
        return tba, ()  # every one is held (compilation kept those: `model.held_meetings`)
    warnings: list[str] = []
    if not tba:
        for m in s.meetings:
            if m.end <= m.start or m.first_date is None and m.last_date is None:
                continue  # untimed, or the whole term: held
            if as_held(m, problem.holidays) is not None:
                continue
            var = problem.variables[choice.var]
            day = WEEKDAY_NAMES[m.day]
            first, last = span(m)
            if first == last:
                why = "a holiday" if first.weekday() == m.day else f"not a {day}"
                when = f"on {first}, {why}"
            elif shares_weekday(first, last, m.day):
                when = f"from {first} to {last}, every {day} of which is a holiday"
            else:
                when = f"from {first} to {last}, which holds no {day}"
            warnings.append(
                f"{var.course} {var.kind} {s.label or s.id} meets {DAY_NAMES[m.day]} "
                f"{clock(m.start)}-{clock(m.end)} {when}: that meeting never takes place."
            )
    return tba, tuple(dict.fromkeys(warnings))


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def exam_warnings(problem: Problem, picked: list[int]) -> tuple[str, ...]:
    """Exams never remove a schedule; a clash of an exam with another exam or class, or an exam
    inside one of the student's busy times, is a warning on the schedule instead."""
    if not problem.has_exams:
        return ()
    warnings: list[str] = []
    named = [(problem.variables[problem.choices[i].var].course, problem.choices[i]) for i in picked]
    if not any(c.exams for _, c in named):
        return ()

    holidays = problem.holidays

    def clashes(exam: Meeting, meetings: tuple[Meeting, ...]) -> bool:
        day, start, end = exam.day, exam.start, exam.end
        for m in meetings:  # weekday and minutes first: most pairs fail there
            if m.day == day and m.start < end and start < m.end and meetings_clash(exam, m):
                if m.kind != WEEKLY or not holidays:
                    return True
                # on a holiday (a finals week) only the exams and one-off meetings of the date
                # are held: a weekly class clashes on a date both have that is no holiday
                (a, b), (c, d) = span(exam), span(m)
                if held_between(max(a, c), min(b, d), day, holidays):
                    return True
        return False

    for a, (course_a, ca) in enumerate(named):
        for exam in ca.exams:
            when = " ".join(
                filter(None, (DAY_NAMES[exam.day], exam_dates(exam), clock(exam.start)))
            )
            for b, (course_b, cb) in enumerate(named):
                if a == b:
                    continue
                if clashes(exam, cb.hard) or (b > a and clashes(exam, cb.exams)):
                    warnings.append(f"{course_a} exam ({when}) clashes with {course_b}")
            # the student's own busy times are kept whatever the date
            for label, blocks in problem.busy:
                if any(m.day == exam.day and meetings_clash(exam, m) for m in blocks):
                    where = label if label.startswith("busy block ") else f"the busy time {label}"
                    warnings.append(f"{course_a} exam ({when}) falls in {where}")
    return tuple(dict.fromkeys(warnings))


def overlap_warnings(problem: Problem, picked: list[int]) -> tuple[str, ...]:
    """A warning for each allowed overlap the schedule of these choices uses: "CS 1110 LEC 001
    and MATH 1310 LEC 002 overlap on Tuesday and Thursday, 09:30-09:45 (allowed)", one per
    pair of sections and time (a one-off meeting's day said with its date), the courses in
    the schedule's order."""
    if not problem.overlaps:
        return ()
    by_course: dict[str, list[Choice]] = {}
    for i in picked:
        c = problem.choices[i]
        by_course.setdefault(problem.variables[c.var].course, []).append(c)
    warnings: list[str] = []
    for a, b in problem.overlaps:
        if a not in by_course or b not in by_course:
            continue
        for ca in by_course[a]:
            for cb in by_course[b]:
                found: dict[tuple[int, int], list[str]] = {}  # (start, end) -> days
                for x in ca.hard:
                    for y in cb.hard:
                        if meetings_clash(x, y):
                            day = WEEKDAY_NAMES[x.day]
                            if x.kind != WEEKLY or y.kind != WEEKLY:  # held on its date
                                day += f" {(x if x.kind != WEEKLY else y).first_date}"
                            when = (max(x.start, y.start), min(x.end, y.end))
                            days = found.setdefault(when, [])
                            if day not in days:
                                days.append(day)
                for (start, end), days in found.items():  # in the order of their first day
                    warnings.append(
                        f"{section_name(problem, ca)} and {section_name(problem, cb)} overlap "
                        f"on {and_list(days)}, {clock(start)}-{clock(end)} (allowed)"
                    )
    return tuple(warnings)


def section_name(problem: Problem, choice: Choice) -> str:
    """ "CS 1110 LEC 001": the course, component and label (or id) of the section shown."""
    var = problem.variables[choice.var]
    return f"{var.course} {var.kind} {took_name(choice)}"


def exam_dates(exam: Meeting) -> str:
    """The date(s) an exam as held (`as_held`: one given date is both its first and last) is
    held on, for its warnings: its date; dated over a range, the range's first date on its
    weekday, and its last when there are several; "" with no date."""
    lo, hi = exam.first_date, exam.last_date
    if lo is None or lo == hi:
        return str(lo or "")
    first = lo + timedelta(days=(exam.day - lo.weekday()) % 7)
    if first + timedelta(days=7) > hi:
        return str(first)
    last = hi - timedelta(days=(hi.weekday() - exam.day) % 7)
    return f"{first} to {last}"


def explain_budget(request: Request, nodes_used: int, elapsed_ms: float) -> Budget:
    """The explanation's own budget: the nodes left, and at most a fifth of the deadline or what
    is left of it (a student waits for the answer), whether `generate_schedules` explains or the
    caller asks `explain_infeasibility` directly."""
    left_ms = request.deadline_ms - elapsed_ms
    return Budget(
        max(1, request.max_nodes - nodes_used),
        max(1.0, min(left_ms, request.deadline_ms * EXPLAIN_SHARE)),
    )


def explain_infeasibility(request: Request) -> Explanation | None:
    """Why no schedule exists (None when one does): a minimal conflicting set and repairs,
    within the budget `generate_schedules` gives its explanation (`explain_budget`)."""
    started = time.perf_counter()
    validate(request)
    problem = compile_request(request)
    scorer = Scorer(request)  # the repairs' scores, as `generate_schedules` gives them
    own = explain_budget(request, 0, (time.perf_counter() - started) * 1000)
    return explain(problem, request, scorer, own)


def explain(
    problem: Problem, request: Request, scorer: Scorer, budget: Budget
) -> Explanation | None:
    """Deletion filter over the requirements (courses, elective groups, busy blocks, pins,
    filters): drop each in turn and keep it out when the rest still has no schedule. What is
    left is minimal: removing any one member makes it feasible. All the searches share
    `budget` (and a memo of the search states proved to fail); if it runs out, the set found
    so far (infeasible, maybe not minimal) is returned and the message says so."""
    # the repairs are searched exactly whatever the request's strategy: a beam may miss the
    # schedule a single change allows, and offer two changes where one would do
    request = replace(request, strategy="exact")
    plain = Scorer(replace(request, preferences=Preferences()))
    course_reqs = [Requirement("course", c.code, c.code) for c in request.courses]
    group_reqs = [
        Requirement("elective", str(i), f"{g.pick} of {listed([c.code for c in g.courses])}")
        for i, g in enumerate(request.electives)
    ]
    unary = problem.requirements
    everything = [*course_reqs, *group_reqs, *unary]

    def state(kept: list[Requirement]) -> tuple[int, frozenset[str], Groups]:
        bits = sum(problem.requirement_bits[r] for r in kept if r in problem.requirement_bits)
        dropped = frozenset(c.code for c in request.courses) - {
            r.ref for r in kept if r.kind == "course"
        }
        groups = [g for g, r in zip(request_groups(request), group_reqs, strict=True) if r in kept]
        return bits, dropped, groups

    seen: dict[frozenset[Requirement], tuple[bool | None, tuple[int, ...]]] = {}
    failures = Failures()  # shared: a state that cannot be completed fails in every search

    def search(kept: list[Requirement], scoring: Scorer, **how) -> TopK:
        """The best schedule keeping these requirements (a feasibility search with `how`)."""
        bits, dropped, groups = state(kept)
        return run_search(
            problem,
            request,
            scoring,
            k=1,
            active_reqs=bits,
            budget=budget,
            dropped_courses=dropped,
            groups=groups,
            **how,
        )

    def found(kept: list[Requirement]) -> tuple[bool | None, tuple[int, ...]]:
        """Whether these requirements allow a schedule (None: the budget ran out) and the
        choices of one; each set is searched once (the pair search meets many again)."""
        key = frozenset(kept)
        if key not in seen:
            top = search(kept, plain, feasibility_only=True, failures=failures)
            if top.heap:
                seen[key] = (True, top.heap[0][2])
            else:
                seen[key] = (None if budget.exhausted else False, ())
        return seen[key]

    def ok(kept: list[Requirement]) -> bool | None:
        return found(kept)[0]

    # with no cost at all, any schedule is a best one: the feasibility search's will do
    costless = not scorer.week_terms and not any(c.cost for c in problem.choices)

    def shrink(start: list[Requirement]) -> list[Requirement]:
        conflict = list(start)
        for r in start:
            trial = [x for x in conflict if x != r]
            verdict = ok(trial)
            if verdict is None:
                break
            if not verdict:
                conflict = trial
        return conflict

    asked = len(course_reqs) + len(group_reqs)

    def empties(drops: tuple[Requirement, ...]) -> bool:
        """Whether these changes leave no course and no elective group: no request at all."""
        return sum(r.kind in ("course", "elective") for r in drops) == asked

    def repair(drops: tuple[Requirement, ...]) -> Repair | None:
        if empties(drops):  # a schedule of nothing mends nothing
            return None
        kept = [x for x in everything if x not in drops]
        verdict, chosen = found(kept)
        if not verdict:
            return None
        score = 0
        if not costless:  # the best score this change allows
            scoring = scorer
            gone = {int(r.ref) for r in drops if r.kind == "busy"}
            if gone and scorer.week_on:  # a busy time given up no longer shapes the days
                busy = tuple(b for i, b in enumerate(request.busy) if i not in gone)
                scoring = Scorer(replace(request, busy=busy))
            top = search(kept, scoring)
            if not top.heap:  # the budget ran out while pricing a change found to mend it
                unpriced.append(drops)
                return None
            score, chosen = top.ranked()[0]
            # as the repaired request's schedules show it: less what its elective picks pay
            dropped = {int(r.ref) for r in drops if r.kind == "elective"}
            score -= sum(f for g, f in scorer.group_floor.items() if g not in dropped)
        text = " and ".join(repair_text(problem, r, chosen) for r in drops)
        unpinned = pins_going_with(drops)
        if unpinned:
            text += ", unpinning " + " and ".join(r.label.removeprefix("pinned ") for r in unpinned)
        return Repair(text, drops, score, unpinned)

    unpriced: list[tuple[Requirement, ...]] = []  # changes that mend it, left out unpriced

    def pins_going_with(drops: tuple[Requirement, ...]) -> tuple[Requirement, ...]:
        """The pins of the courses these changes drop (a dropped elective group's courses too):
        they hold no more, and a request keeping them asks for a section of a course it does not
        take, so the repair names them: applied with them, it is a request the API takes."""
        gone = {r.ref for r in drops if r.kind == "course"}
        for r in drops:
            if r.kind == "elective":
                gone.update(c.code for c in request.electives[int(r.ref)].courses)
        return tuple(
            r
            for r in unary
            if r.kind == "pin" and r not in drops and problem.pin_course.get(r.ref) in gone
        )

    if ok(everything) is not False:
        return None
    conflict = shrink(everything)
    minimal = not budget.exhausted
    repairs = [rep for r in (conflict if minimal else ()) if (rep := repair((r,)))]
    singles_tried = not budget.exhausted
    second: tuple[Requirement, list[Requirement]] | None = None  # a member, what clashes without it
    if minimal and not repairs:
        # two clashes at once: no single change mends both, so pair each member with each member
        # of what still clashes without it (a minimal set of the rest)
        tried: set[frozenset[Requirement]] = set()
        for r in conflict:
            if empties((r,)):  # every pair with it would leave nothing to take
                continue
            rest = shrink([x for x in everything if x != r])
            if budget.exhausted:
                break
            second = second or (r, rest)
            for s in rest:
                if frozenset((r, s)) not in tried and not budget.exhausted:
                    tried.add(frozenset((r, s)))
                    if rep := repair((r, s)):
                        repairs.append(rep)
    complete = not budget.exhausted
    repairs.sort(key=lambda rep: (repair_rank(rep), rep.best_score, rep.description))
    names = "; ".join(r.label for r in conflict)
    message = f"These cannot all hold together: {names}."
    lacking = without_sections(problem)
    empty = [r.ref for r in conflict if r.kind == "course" and r.ref in lacking]
    if conflict and len(empty) == len(conflict):  # minimal: one course
        message = f"{lacking_words(empty, lacking)} to take this term."
    elif len(conflict) == 1 and conflict[0].kind == "elective":  # minimal: the group alone
        group = request.electives[int(conflict[0].ref)]
        codes = [c.code for c in group.courses]
        none = [code for code in codes if code in lacking]
        if none and len(codes) - len(none) < group.pick:
            message = f"{lacking_words(none, lacking)} to take this term, so the elective group "
            message += f"{conflict[0].label} cannot be filled."
    elif filtered_out := filter_words(problem, request, conflict):  # a course, a filter or busy
        message = filtered_out
    elif kept_out := kept_words(problem, conflict):  # a course, its kept section, a filter or busy
        message = kept_out
    if second:
        without, rest = second
        still = "; ".join(r.label for r in rest)
        message += f" Without {without.label}, these still clash: {still}."
        if repairs:
            message += " Each repair makes two changes."
        elif complete:
            message += " No change of one or two requirements mends them all."
    if not minimal:
        message += f" (The {budget.spent} budget ran out before this list was made minimal.)"
    elif unpriced and not repairs:
        # said as such: "before every pair was tried" sent a student looking for two changes
        # when dropping one requirement, say a busy time, was known to mend it
        mends = and_list([" and ".join(map(requirement_words, drops)) for drops in unpriced])
        message += f" (The {budget.spent} budget ran out before the best schedule without {mends}"
        message += " was found.)"
    elif not singles_tried:
        message += f" (The {budget.spent} budget ran out before every change of one requirement"
        message += " was tried.)"
    elif not complete:
        message += f" (The {budget.spent} budget ran out before every pair of changes was tried.)"
    return Explanation(tuple(conflict), tuple(repairs), message, complete=minimal and complete)


FILTER_WORDS = {"open_seats_only": "with open seats", "campuses": "on", "modalities": "taught"}


def filter_words(problem: Problem, request: Request, conflict: list[Requirement]) -> str:
    """A conflict of one course and one filter or busy time in words: "CS 1110 has no LAB section
    with open seats.", "Every APMA 1110 LEC section clashes with the busy time work." (the
    components of the course it leaves without a section), and the other courses it leaves
    without a section of some component too ("The same holds for CS 2100 (LEC) and CS 2130
    (LEC)."), the elective courses apart ("The same holds for your elective HIST 1010 (LEC)
    too, which its group can do without."): a minimal set names one course, and a student who
    must keep the busy time should not read that dropping that one would do; "" otherwise."""
    kinds = sorted(r.kind for r in conflict)
    if kinds not in (["course", "filter"], ["busy", "course"]):
        return ""
    course = next(r for r in conflict if r.kind == "course")
    flt = next(r for r in conflict if r.kind != "course")
    bit = problem.requirement_bits[flt]

    def emptied(code: str) -> list[str]:
        return [
            problem.variables[v].kind
            for v in problem.course_vars.get(code, [])
            if problem.variables[v].choices
            and all(problem.choices[i].blocked_by & bit for i in problem.variables[v].choices)
        ]

    kinds_left = emptied(course.ref)
    if not kinds_left:
        return ""
    required = {c.code for c in request.courses}
    others = [(code, emptied(code)) for code in problem.course_vars if code != course.ref]

    def said(code: str, kinds: list[str]) -> str:  # "MATH 1 (LEC)", "MATH 1 (LEC, by Alan Turing)"
        if flt.ref == "excluded_instructors":  # whose: another of the names, maybe
            return f"{code} ({', '.join(kinds)}, by {teachers(problem, code, kinds)})"
        return f"{code} ({', '.join(kinds)})"

    named = [said(code, k) for code, k in others if k and code in required]
    # an elective course emptied too is said apart: its group can do without it, so a student
    # should not read it as a course the filter or busy time also stops
    optional = [said(code, k) for code, k in others if k and code not in required]
    also = f" The same holds for {and_list(named)}." if named else ""
    if optional:
        one = len(optional) == 1
        also += f" {'It' if named else 'The same'} holds for your elective{'' if one else 's'}"
        also += f" {and_list(optional)}{' too' if named else ''}, which"
        also += f" {'its group' if one else 'their groups'} can do without."
    if flt.kind == "busy":
        every = " and every ".join(kinds_left)
        return f"Every {course.ref} {every} section clashes with {requirement_words(flt)}.{also}"
    if flt.ref == "excluded_instructors":  # named by who teaches them, of the filter's names
        every = " and every ".join(kinds_left)
        who = teachers(problem, course.ref, kinds_left)
        return f"Every {course.ref} {every} section is taught by {who}.{also}"
    what = FILTER_WORDS[flt.ref]
    if flt.ref != "open_seats_only":  # the label says which: "campus: Lorraine", "modality: online"
        what = f"{what} {flt.label.split(': ', 1)[1].replace(', ', ' or ').replace('_', ' ')}"
    return f"{course.ref} has no {' or '.join(kinds_left)} section {what}.{also}"


def kept_words(problem: Problem, conflict: list[Requirement]) -> str:
    """A conflict of one course, the section of it the student kept and one busy time or filter
    that leaves that section out, in words: "CS 1110 LEC 001 (40001), which you kept, clashes with
    the busy time work.", "… is taught by Ada Byron.", "… is not on Lorraine.", "… has no open
    seat."; "" otherwise (the three labels said as a list)."""
    kinds = sorted(r.kind for r in conflict)
    if kinds not in (["busy", "course", "pin"], ["course", "filter", "pin"]):
        return ""
    pin = next(r for r in conflict if r.kind == "pin")
    other = next(r for r in conflict if r.kind in ("busy", "filter"))
    choice = next((c for c in problem.choices if pin.ref in c.ids), None)
    if choice is None or not choice.blocked_by & problem.requirement_bits[other]:
        return ""
    kept = f"{pin.label.removeprefix('pinned ')}, which you kept,"
    if other.kind == "busy":
        return f"{kept} clashes with {requirement_words(other)}."
    if other.ref == "open_seats_only":
        return f"{kept} has no open seat."
    if other.ref == "excluded_instructors":
        section = next(s for s in choice.sections if s.id == pin.ref)
        names = sorted(set(section.instructors) & problem.excluded_instructors)
        who = f"{names_listed(names[:-1])} and {names[-1]}" if len(names) > 1 else names[0]
        return f"{kept} is taught by {who}."
    what = f"{FILTER_WORDS[other.ref]} {other.label.split(': ', 1)[1].replace(', ', ' or ')}"
    return f"{kept} is not {what.replace('_', ' ')}."


def teachers(problem: Problem, code: str, kinds: list[str]) -> str:
    """The instructors of the filter "never with" who teach sections of these components of
    course `code`, as "Grace Hopper", "Ada Lovelace or Grace Hopper" ("; " between "Last, First"
    names)."""
    names = sorted(
        {
            name
            for v in problem.course_vars.get(code, [])
            if problem.variables[v].kind in kinds
            for i in problem.variables[v].choices
            for s in problem.choices[i].sections
            for name in s.instructors
            if name in problem.excluded_instructors
        }
    )
    if len(names) < 2:
        return names[0] if names else "the instructors you never take"
    return f"{names_listed(names[:-1])} or {names[-1]}"


def repair_rank(repair: Repair) -> int:
    """0 for a repair that keeps every course (another section, a pin, busy time, filter or
    exclusion given up), 1 when it drops an elective group, 2 when it drops a course: a
    dropped course costs no preference, so by cost alone "drop CS 2100" would come first."""
    kinds = {r.kind for r in repair.drops}
    return 2 if "course" in kinds else 1 if "elective" in kinds else 0


def repair_text(problem: Problem, r: Requirement, chosen: tuple[int, ...]) -> str:
    if r.kind == "pin":
        var = next(c.var for c in problem.choices if r.ref in c.ids)
        v, took = problem.variables[var], taken(problem, chosen, var)
        if took is not None:
            return f"take {v.course} {v.kind} {took_name(took)} instead of {r.label}"
        return f"unpin {r.label.removeprefix('pinned ')}"
    if r.kind == "course":
        return f"drop {r.ref}"
    if r.kind == "busy":  # an unnamed busy time is labelled "busy block N" already
        unnamed = r.label.startswith("busy block ")
        return f"drop {r.label}" if unnamed else f"drop the busy time {r.label}"
    if r.kind == "exclusion":
        # it blocks the excluded sections' choices, all in one component
        bit = problem.requirement_bits[r]
        var = next(c.var for c in problem.choices if c.blocked_by & bit)
        v, took = problem.variables[var], taken(problem, chosen, var)
        if took is not None and took.blocked_by & bit:
            return f"take {v.course} {v.kind} {took_name(took)}, which you excluded"
        return f"stop excluding {v.course} {v.kind} sections"
    if r.kind == "elective":
        return f"drop the elective group {r.label}"
    return f"drop the filter {r.label}"


def lacking_words(codes: list[str], lacking: dict[str, list[str]]) -> str:
    """What these courses lack, as "EDIS 8855 and EDLF 7807 have no section" or "A 1 has no
    section and B 1 has no DIS section"."""
    by_what: dict[str, list[str]] = {}
    for code in codes:
        kinds = lacking[code]
        by_what.setdefault(f"{' or '.join(kinds)} section" if kinds else "section", []).append(code)
    return " and ".join(
        f"{and_list(names)} {'has' if len(names) == 1 else 'have'} no {what}"
        for what, names in by_what.items()
    )


def requirement_words(r: Requirement) -> str:
    """A requirement as a sentence names it: a busy time by its label ("the busy time work"), or as
    "busy block 2" when it has none; anything else by its label ("CS 1110")."""
    if r.kind == "busy" and not r.label.startswith("busy block "):
        return f"the busy time {r.label}"
    return r.label


def and_list(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"; past five, the first five and how many more."""
    if len(names) > 5:
        return listed(names)
    return " and ".join(filter(None, (", ".join(names[:-1]), names[-1])))


def without_sections(problem: Problem) -> dict[str, list[str]]:
    """The courses of the request that cannot be taken for want of sections: a course with no
    section at all (its one component, of kind NO_SECTION, has no choice; no kinds named), or
    with a component none of whose sections can be used (its kinds named: "DIS")."""
    found: dict[str, list[str]] = {}
    usable: set[str] = set()  # courses with some component that has a section
    for v in problem.variables:
        if v.choices:
            usable.add(v.course)
        else:
            kinds = found.setdefault(v.course, [])
            if v.kind != NO_SECTION:
                kinds.append(v.kind)
    # a course none of whose components has a section has "no section" at all
    return {course: kinds if course in usable else [] for course, kinds in found.items()}


def taken(problem: Problem, chosen: tuple[int, ...], var: int) -> Choice | None:
    """The choice a schedule takes for variable `var` (None when its course is not taken)."""
    return next((problem.choices[i] for i in chosen if problem.choices[i].var == var), None)


def took_name(choice: Choice) -> str:
    return choice.sections[0].label or choice.sections[0].id


def section_viability(
    request: Request, section_ids: list[str] | None = None
) -> dict[str, bool | None]:
    """For each section of the requested courses (or only those named; an empty list names
    none): True when some valid schedule of the whole request uses it, False when none does,
    None when the budget ran out before either was known. Each check has the request's node
    budget and the deadline holds for the whole call; a schedule found for one section answers
    for every section it uses."""
    validate(request)
    problem = compile_request(request)
    scorer = Scorer(replace(request, preferences=Preferences()))
    known = {s.id for c in problem.choices for s in c.sections}
    wanted = known if section_ids is None else set(section_ids)
    unknown = sorted(wanted - known - set(request.excluded))
    if unknown:
        raise SchedulingError(f"sections {', '.join(unknown)} are not in the requested courses")
    # excluded ids of no requested course are in no schedule
    verdict: dict[str, bool | None] = {sid: None if sid in known else False for sid in wanted}
    groups, everything = request_groups(request), all_requirements(problem)
    deadline = time.perf_counter() + request.deadline_ms / 1000
    used = 0  # the choices of the schedules found, as bits
    for index, choice in enumerate(problem.choices):
        ids = [s.id for s in choice.sections if s.id in wanted]
        if not ids:
            continue
        answer: bool | None = True
        if not used >> index & 1:
            left_ms = (deadline - time.perf_counter()) * 1000
            if left_ms <= 0:
                continue  # out of time: these stay unknown
            budget = Budget(request.max_nodes, left_ms)
            untried = ~used & ((1 << len(problem.choices)) - 1)  # preferred: cover new ones
            found = one_schedule_with(
                problem, request, scorer, groups, everything, index, budget, untried
            )
            for i in found or ():
                used |= 1 << i
            answer = True if found else None if budget.exhausted else False
        for sid in ids:
            verdict[sid] = answer
    return verdict


def one_schedule_with(
    problem: Problem,
    request: Request,
    scorer: Scorer,
    groups: Groups,
    active_reqs: int,
    index: int,
    budget: Budget,
    try_first: int = 0,
) -> tuple[int, ...] | None:
    """The choices of a valid schedule taking choice `index` (its course taken, as an elective
    course a pin puts in would be), or None when there is none or the budget ran out; the
    search orders the choices in `try_first` before the others."""
    var = problem.choices[index].var
    setup = plan(
        problem, request, groups, active_reqs, forced=frozenset({problem.variables[var].course})
    )
    if setup is None:
        return None
    active_vars, allowed, pending = setup
    allowed &= ~problem.variables[var].mask | (1 << index)
    top = TopK(1)
    exact(
        problem,
        scorer,
        active_vars,
        allowed,
        top,
        budget,
        feasibility_only=True,
        pending=pending,
        try_first=try_first,
    )
    return top.heap[0][2] if top.heap else None
