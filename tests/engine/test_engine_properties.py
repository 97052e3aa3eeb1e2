"""The engine against a brute-force oracle on small random requests (hypothesis).

`make test` draws 120 requests per property; `make test-fuzz` draws 1,000
(`CLASSTIME_PROPERTY_EXAMPLES`), for a longer hunt than the suite's time allows."""

import os
from dataclasses import replace
from itertools import product

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler import engine
from scheduler.engine.costs import WEEK_TERMS, Scorer
from scheduler.engine.generate import all_requirements, plan, request_groups
from scheduler.engine.model import compile_request
from scheduler.engine.search import Bounder, place
from tests.engine import oracle
from tests.engine.oracle_costs import IndependentScorer
from tests.engine.strategies import crowded_requests, requests

EXAMPLES = int(os.environ.get("CLASSTIME_PROPERTY_EXAMPLES", "120"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
ELECTIVE_REQUESTS = st.one_of(
    requests(max_courses=4, electives_always=True), crowded_requests(electives=True)
)


@st.composite
def with_an_empty_elective(draw):
    """A request whose first elective group also offers a course without components (no
    section this term, so it can never be taken): every search path that picks it fails."""
    request = draw(requests(max_courses=4, electives_always=True))
    first, *rest = request.electives
    empty = engine.Course("EMPTY 1", "no sections", ())
    courses = list(first.courses)
    courses.insert(draw(st.integers(0, len(courses))), empty)
    group = engine.ElectiveGroup(draw(st.integers(1, len(courses))), tuple(courses))
    return replace(request, electives=(group, *rest))


def section_sets(result: engine.Result) -> list[frozenset[str]]:
    return [frozenset(s.sections) for s in result.schedules]


def expanded(schedule: engine.Schedule) -> set[frozenset[str]]:
    """Every schedule a result stands for: each section or one of its equivalent alternatives."""
    options = [(sid, *schedule.alternatives.get(sid, ())) for sid in schedule.sections]
    return {frozenset(combo) for combo in product(*options)}


@SETTINGS
@given(st.one_of(requests(), crowded_requests()))
def test_exact_top_k_is_the_brute_force_top_k(request):
    assert_brute_force_top_k(request)


def assert_brute_force_top_k(request: engine.Request) -> None:
    # when
    result = engine.generate_schedules(request)
    expected = oracle.schedules(request)
    # then: nothing cheaper than the worst result is missing, and all is found when fewer than k
    covered = set().union(*(expanded(s) for s in result.schedules)) if result.schedules else set()
    scores = [s.score for s in result.schedules]
    assert scores == sorted(scores)
    assert result.proven_optimal
    if not expected:
        assert result.schedules == ()
        return
    assert scores[0] == expected[0][0]
    worst = scores[-1]
    assert {ids for cost, ids in expected if cost < worst} <= covered
    if len(result.schedules) < request.k:
        assert covered == {ids for _, ids in expected}
    # and the k best cost what the oracle's cheapest as many cost, its scorer being its own
    # (each result counted once per schedule it stands for; ties by cost only)
    costs = [s.score for s in result.schedules for _ in expanded(s)]
    assert costs == [cost for cost, _ in expected][: len(costs)]


@SETTINGS
@given(requests())
def test_every_returned_schedule_is_valid_with_one_section_per_component(request):
    result = engine.generate_schedules(request)
    valid = {ids: cost for cost, ids in oracle.schedules(request)}

    for schedule in result.schedules:
        ids = frozenset(schedule.sections)
        assert ids in valid, (
            "a schedule the oracle finds invalid (clash, link, busy, pin or filter)"
        )
        assert valid[ids] == schedule.score == sum(schedule.breakdown.values())
        for alternatives in schedule.alternatives.values():
            for alt in alternatives:
                assert alt not in ids


@SETTINGS
@given(st.one_of(requests(), requests(friends_always=True), crowded_requests()))
def test_every_breakdown_is_the_independently_scored_one_preference_by_preference(request):
    # when
    result = engine.generate_schedules(request)
    scored = {ids: breakdown for _, ids, breakdown in oracle.scored(request)}
    # then: each preference costs what its documented definition says, for the schedule and
    # for every swap of equivalent sections it stands for
    for schedule in result.schedules:
        assert schedule.score == sum(schedule.breakdown.values())
        for ids in expanded(schedule):
            assert scored[ids] == schedule.breakdown


@SETTINGS
@given(st.one_of(requests(), requests(friends_always=True), crowded_requests(), ELECTIVE_REQUESTS))
def test_a_preference_has_points_exactly_when_it_has_sources_and_they_are_the_oracles(request):
    # given
    result = engine.generate_schedules(request)
    scorer = IndependentScorer(request)
    by_id = {
        s.id: (comp, s)
        for c in (*request.courses, *(c for g in request.electives for c in g.courses))
        for comp in c.components
        for s in comp.sections
    }
    for schedule in result.schedules:
        # when
        sources = schedule.sources
        expected = scorer.sources([by_id[sid] for sid in schedule.sections])
        # then: the preferences with points are those with sources: a section, or points the
        # elective picks owe, and for a week preference a weekday too
        assert set(sources) == {name for name, points in schedule.breakdown.items() if points}
        for name, found in sources.items():
            assert found.sections or found.elective_picks > 0
            assert bool(found.days) is (name in WEEK_TERMS)
            assert 0 <= found.elective_picks <= schedule.breakdown[name]
            # in the schedule's order, each once
            assert list(found.sections) == [s for s in schedule.sections if s in found.sections]
            assert list(found.days) == sorted(set(found.days))
        # and they are the ones the oracle finds from the documented definitions
        assert {
            name: (set(found.sections), set(found.days), found.elective_picks, found.busy)
            for name, found in sources.items()
        } == expected


@SETTINGS
@given(requests())
def test_alternatives_are_valid_swaps_of_equal_cost(request):
    result = engine.generate_schedules(request)
    valid = {ids: cost for cost, ids in oracle.schedules(request)}

    for schedule in result.schedules:
        for chosen, alternatives in schedule.alternatives.items():
            for alt in alternatives:
                swapped = frozenset(schedule.sections) - {chosen} | {alt}
                assert valid.get(swapped) == schedule.score


@SETTINGS
@given(st.one_of(requests(), ELECTIVE_REQUESTS, with_an_empty_elective()))
def test_the_beam_strategy_only_returns_valid_schedules(request):
    result = engine.generate_schedules(replace(request, strategy="beam", beam_width=3))
    valid = {ids for _, ids in oracle.schedules(request)}

    assert set(section_sets(result)) <= valid
    # what the beam finds is never proven; when it finds nothing the exact search looks again,
    # so a feasible request is never answered with nothing
    assert result.proven_optimal is (result.strategy == "exact")
    assert bool(result.schedules) == bool(valid)


@SETTINGS
@given(st.one_of(requests(), ELECTIVE_REQUESTS, with_an_empty_elective()))
def test_a_beam_wide_enough_to_keep_everything_finds_the_best_schedule(request):
    # when: no candidate is ever dropped, picks of elective courses included
    result = engine.generate_schedules(replace(request, strategy="beam", beam_width=100_000))
    expected = oracle.schedules(request)
    # then
    assert [s.score for s in result.schedules][:1] == [cost for cost, _ in expected][:1]


@SETTINGS
@given(st.one_of(requests(max_courses=2), crowded_requests()))
def test_every_lower_bound_is_admissible(request):
    # given: every prefix of every valid schedule, as a search node
    problem = compile_request(request)
    scorer = Scorer(request)
    found = oracle.schedules(request)
    if not found or request.electives:
        return
    owner = {s.id: i for i, c in enumerate(problem.choices) for s in c.sections}
    active = [v for c in request.courses for v in problem.course_vars[c.code]]
    allowed0 = 0
    for v in active:
        for i in problem.variables[v].choices:
            if not problem.choices[i].blocked_by:
                allowed0 |= 1 << i
    bounder = Bounder(problem, scorer, active, week_on=True)
    for _, ids in found:
        picked = [owner[sid] for sid in sorted(ids)]
        for depth in range(len(picked)):
            prefix = picked[:depth]
            allowed, cost, days, by_day = placed(problem, allowed0, prefix)
            assigned_vars = {problem.choices[i].var for i in prefix}
            # when
            node = bounder.node(
                [v for v in active if v not in assigned_vars], allowed, cost, days, by_day
            )
            # then: the cheapest completion of this prefix costs at least the bound
            completions = [
                cost
                for cost, other in found
                if all(any(s.id in other for s in problem.choices[i].sections) for i in prefix)
            ]
            assert node is not None
            assert node[0] <= min(completions)
            # and so is the cheap bound of the child that takes the next section
            nxt = picked[depth]
            _, _, _, base, forced_days = node
            dom = allowed & problem.variables[problem.choices[nxt].var].mask
            quick = (
                base
                - problem.choices[(dom & -dom).bit_length() - 1].cost
                + problem.choices[nxt].cost
                + bounder.days_cost(forced_days | problem.choices[nxt].days)
            )
            with_next = [
                cost
                for cost, other in found
                if all(
                    any(s.id in other for s in problem.choices[i].sections)
                    for i in picked[: depth + 1]
                )
            ]
            assert quick <= min(with_next)


@SETTINGS
@given(requests())
def test_the_conflict_set_of_an_infeasible_request_is_minimal(request):
    result = engine.generate_schedules(request)
    if result.schedules:
        return
    explanation = result.explanation
    assert explanation is not None and explanation.conflict_set
    # the set alone is infeasible, and dropping any one member makes it feasible
    assert not oracle.schedules(restricted(request, explanation.conflict_set))
    for member in explanation.conflict_set:
        rest = tuple(r for r in explanation.conflict_set if r != member)
        assert oracle.schedules(restricted(request, rest)), f"{member.label} is not needed"


@SETTINGS
@given(requests())
def test_every_repair_mends_the_request_with_as_few_changes_as_any(request):
    result = engine.generate_schedules(request)
    if result.schedules:
        return
    # given: every requirement of the request, as the explanation counts them
    everything = (
        *(engine.Requirement("course", c.code, c.code) for c in request.courses),
        *(engine.Requirement("elective", str(i), "") for i in range(len(request.electives))),
        *compile_request(request).requirements,
    )

    def mends(drops) -> bool:
        dropped = {(r.kind, r.ref) for r in drops}
        return bool(
            oracle.schedules(
                restricted(request, tuple(r for r in everything if (r.kind, r.ref) not in dropped))
            )
        )

    def empties(drops) -> bool:  # no course and no elective group left: no request at all
        return sum(r.kind in ("course", "elective") for r in drops) == len(request.courses) + len(
            request.electives
        )

    # then: each repair mends it and leaves something to take, a pair only where no single
    # change would
    repairs = result.explanation.repairs
    assert all(mends(r.drops) and not empties(r.drops) for r in repairs)
    singles = {(r.kind, r.ref) for r in everything if not empties((r,)) and mends((r,))}
    assert (
        all(len(r.drops) == 1 for r in repairs)
        if singles
        else all(len(r.drops) == 2 for r in repairs)
    )
    # and none is missed: a requirement whose removal mends the request is in every conflicting
    # set, so each is offered; with none, a mending pair has a member in the conflict set and the
    # other in what clashes without it, so some pair is offered when one exists
    assert {(d.kind, d.ref) for r in repairs if len(r.drops) == 1 for d in r.drops} == singles
    if not singles and not repairs and len(everything) <= 8:
        assert not any(
            mends(pair) and not empties(pair)
            for i, a in enumerate(everything)
            for pair in ((a, b) for b in everything[i + 1 :])
        ), "a pair of changes mends the request but none is offered"


def restricted(request: engine.Request, keep: tuple[engine.Requirement, ...]) -> engine.Request:
    """The request with only the requirements in `keep`."""
    kept = {(r.kind, r.ref) for r in keep}
    courses = tuple(c for c in request.courses if ("course", c.code) in kept)
    electives = tuple(g for i, g in enumerate(request.electives) if ("elective", str(i)) in kept)
    asked = {
        s.id
        for c in (*courses, *(c for g in electives for c in g.courses))
        for comp in c.components
        for s in comp.sections
    }
    return replace(
        request,
        courses=courses,
        electives=electives,
        busy=tuple(b for i, b in enumerate(request.busy) if ("busy", str(i)) in kept),
        # a pin is part of its course: it goes when the course goes
        pinned=frozenset(s for s in request.pinned if ("pin", s) in kept and s in asked),
        # the sections excluded from a component are one requirement, "<course> <kind>"
        excluded=frozenset(
            s.id
            for c in courses + tuple(c for g in electives for c in g.courses)
            for comp in c.components
            if ("exclusion", f"{c.code} {comp.kind}") in kept
            for s in comp.sections
            if s.id in request.excluded
        ),
        filters=engine.Filters(
            open_seats_only=request.filters.open_seats_only
            and ("filter", "open_seats_only") in kept,
            campuses=request.filters.campuses if ("filter", "campuses") in kept else frozenset(),
            modalities=request.filters.modalities
            if ("filter", "modalities") in kept
            else frozenset(),
            excluded_instructors=request.filters.excluded_instructors
            if ("filter", "excluded_instructors") in kept
            else frozenset(),
        ),
        preferences=engine.Preferences(),
    )


def placed(problem, allowed: int, prefix: list[int]) -> tuple[int, int, int, list]:
    """(allowed choices, cost, weekdays, classes per day) of a node with `prefix` taken."""
    cost, days = 0, 0
    by_day = [() for _ in range(7)]
    for i in prefix:
        allowed &= problem.choices[i].row
        cost += problem.choices[i].cost
        days |= problem.choices[i].days
        place(by_day, problem.choices[i].weekly)
    return allowed, cost, days, by_day


@SETTINGS
@given(st.one_of(ELECTIVE_REQUESTS, with_an_empty_elective()))
def test_elective_picks_searched_in_the_tree_give_the_brute_force_top_k(request):
    # the picks are branched on inside one search, not enumerated selection by selection
    assert_brute_force_top_k(request)


@SETTINGS
@given(ELECTIVE_REQUESTS)
def test_every_bound_with_elective_picks_left_is_admissible(request):
    # given: the nodes on the search's path to every valid schedule, picks included
    problem = compile_request(request)
    found = oracle.schedules(request)
    setup = plan(problem, request, request_groups(request), all_requirements(problem))
    if not found:
        return
    active, allowed0, pending0 = setup
    candidates = [v for _, cands in pending0 for course in cands for v in course]
    scorer = Scorer(request)
    bounder = Bounder(problem, scorer, [*active, *candidates], week_on=True)
    # the search's costs include what every schedule's elective picks pay; shown costs do not
    floor = sum(scorer.pick_floor.values())
    owner = {s.id: i for i, c in enumerate(problem.choices) for s in c.sections}
    for _, ids in found:
        for prefix, unassigned, pending, picked, left_out in search_path(
            problem, active, pending0, ids, owner
        ):
            allowed, cost, days, by_day = placed(problem, allowed0, prefix)
            # when
            node = bounder.node(list(unassigned), allowed, cost, days, by_day, pending=pending)
            # then: no completion of the node (its picked courses taken, those left out not)
            # costs less
            completions = [
                total
                for total, other in found
                if all(any(s.id in other for s in problem.choices[i].sections) for i in prefix)
                and all(any(s.id in other for s in course_sections(request, c)) for c in picked)
                and not any(s.id in other for c in left_out for s in course_sections(request, c))
            ]
            assert node is not None
            assert node[0] - floor <= min(completions)


def search_path(problem, active, pending, ids, owner):
    """(choices placed, components left, picks left, elective courses picked, courses left
    out) at each node on the way to the schedule `ids`: the components of the courses taken,
    then the picks in order."""
    by_var = {problem.choices[owner[sid]].var: owner[sid] for sid in ids}
    chosen = {problem.variables[v].course for v in by_var}
    placed: list[int] = []
    picked: set[str] = set()
    left_out: set[str] = set()
    steps = []
    todo = list(active)
    while True:
        for depth in range(len(todo) + 1):
            steps.append(
                (
                    [*placed, *(by_var[v] for v in todo[:depth])],
                    todo[depth:],
                    pending,
                    set(picked),
                    set(left_out),
                )
            )
        placed += [by_var[v] for v in todo]
        if not pending:
            return steps
        (need, cands), later = pending[0], pending[1:]
        j = next(j for j, c in enumerate(cands) if problem.variables[c[0]].course in chosen)
        left_out.update(problem.variables[c[0]].course for c in cands[:j])
        picked.add(problem.variables[cands[j][0]].course)
        pending = ((need - 1, cands[j + 1 :]), *later) if need > 1 else later
        todo = list(cands[j])


def course_sections(request, code):
    return [
        s
        for c in (*request.courses, *(c for g in request.electives for c in g.courses))
        if c.code == code
        for comp in c.components
        for s in comp.sections
    ]


@SETTINGS
@given(st.one_of(requests(), ELECTIVE_REQUESTS, with_an_empty_elective()))
def test_a_section_is_viable_when_some_valid_schedule_uses_it(request):
    # when
    verdict = engine.section_viability(request)
    # then: every section answered, true exactly for those some valid schedule uses
    used = {sid for _, ids in oracle.schedules(request) for sid in ids}
    assert verdict == {sid: sid in used for sid in verdict}


@SETTINGS
@given(
    st.one_of(requests(), ELECTIVE_REQUESTS, with_an_empty_elective()),
    st.integers(min_value=1, max_value=50),
)
def test_a_section_check_out_of_budget_says_unknown_never_a_wrong_answer(request, nodes):
    # when: each check may bound at most `nodes` nodes
    verdict = engine.section_viability(replace(request, max_nodes=nodes))
    # then: every true and every false is right; the rest are None (unknown)
    used = {sid for _, ids in oracle.schedules(request) for sid in ids}
    assert all(ok is None or ok == (sid in used) for sid, ok in verdict.items())


@SETTINGS
@given(st.one_of(requests(), crowded_requests()))
def test_a_schedule_is_warned_of_an_allowed_overlap_exactly_when_its_classes_share_a_minute(
    request,
):
    # when
    result = engine.generate_schedules(request)
    sections = {s.id: s for c in course_sections_all(request) for s in c[1]}
    course_of = {s.id: c[0] for c in course_sections_all(request) for s in c[1]}
    # then: for the schedule and every swap of equivalent sections it stands for
    for schedule in result.schedules:
        warned = any(w.endswith("(allowed)") for w in schedule.warnings)
        for ids in expanded(schedule):
            shared = any(
                course_of[a] != course_of[b]
                and oracle.hard_slots(sections[a], request.holidays)
                & oracle.hard_slots(sections[b], request.holidays)
                for a in ids
                for b in ids
            )
            assert warned == shared


def course_sections_all(request):
    """(course code, its sections) of every course of the request, elective ones too."""
    return [
        (c.code, [s for comp in c.components for s in comp.sections])
        for c in (*request.courses, *(c for g in request.electives for c in g.courses))
    ]
