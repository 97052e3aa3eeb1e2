"""Which courses could still be added to a request: "fits my week" in a course search."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from scheduler.engine.costs import Scorer
from scheduler.engine.generate import Groups, all_requirements, plan, request_groups, validate
from scheduler.engine.model import Problem, compile_request
from scheduler.engine.search import Budget, TopK, exact
from scheduler.engine.types import (
    Course,
    ElectiveGroup,
    Preferences,
    Request,
    Requirement,
    SchedulingError,
)

OUT_OF_BUDGET = "not known: the time for this check ran out"
PLAN_FAILS = "your plan has no schedule as it stands, with or without it"


@dataclass(frozen=True, slots=True)
class CourseFit:
    """Whether a course can be added to a request: True (a valid schedule of the request takes
    it too), False (proven: none can, `reason` saying what it clashes with) or None (the budget
    ran out first; never reported as False)."""

    fits: bool | None
    reason: str = ""


def course_fit(request: Request, candidates: tuple[Course, ...]) -> dict[str, CourseFit]:
    """For each candidate course, by code: whether some valid schedule of the request (its
    courses, elective groups, busy times, kept and avoided sections and filters) also takes it.
    One compilation for all of them; the request's deadline holds for the whole call, the
    compilation included (a candidate left when it passes is None), each check given an even share
    of what is left, so one hard candidate leaves the others their time. A request naming no course
    yet is fine: each candidate is checked alone."""
    deadline = time.perf_counter() + request.deadline_ms / 1000
    codes = [c.code for c in candidates]
    electives = {c.code for g in request.electives for c in g.courses}
    asked = {c.code for c in request.courses} | electives
    again = sorted({code for code in codes if code in asked or codes.count(code) > 1})
    if again:
        named = ", ".join(again)
        raise SchedulingError(f"candidates {named} are already in the request or named twice")
    if not candidates:
        return {}
    # the candidates as one more elective group picking one: forcing a candidate in takes it and
    # leaves the others out, and every clash table is built once
    whole = replace(
        request,
        electives=(*request.electives, ElectiveGroup(1, tuple(candidates))),
        preferences=Preferences(),
        k=1,
    )
    validate(whole)
    groups = request_groups(whole)
    problem = compile_request(whole)
    check = Check(problem, whole, Scorer(whole), groups)
    left_ms = (deadline - time.perf_counter()) * 1000
    if left_ms > 0 and (request.courses or request.electives):
        # a plan with no schedule has room for nothing: said once, not as a clash per candidate
        budget = Budget(request.max_nodes, left_ms / (len(codes) + 1))
        if check.fits(None, budget) is False:
            return {code: CourseFit(False, PLAN_FAILS) for code in codes}
    verdict: dict[str, CourseFit] = {}
    for n, code in enumerate(codes):
        left_ms = (deadline - time.perf_counter()) * 1000
        if left_ms <= 0:
            verdict[code] = CourseFit(None, OUT_OF_BUDGET)
            continue
        budget = Budget(request.max_nodes, left_ms / (len(codes) - n))
        found = check.fits(code, budget)
        if found is True:
            verdict[code] = CourseFit(True)
        elif found is None:
            verdict[code] = CourseFit(None, OUT_OF_BUDGET)
        else:
            verdict[code] = CourseFit(False, check.reason(code, budget))
    return verdict


class Check:
    """Feasibility searches over one compiled request holding every candidate."""

    def __init__(self, problem: Problem, request: Request, scorer: Scorer, groups: Groups) -> None:
        self.problem = problem
        self.request = request
        self.scorer = scorer
        self.groups = groups  # the request's elective groups, then the candidates' (last)
        self.everything = all_requirements(problem)
        self.required = frozenset(c.code for c in request.courses)

    def fits(
        self,
        code: str | None,
        budget: Budget,
        *,
        keep: frozenset[str] | None = None,
        group: int | None = None,
        active: int | None = None,
    ) -> bool | None:
        """Whether a schedule takes `code` (None: no candidate) with the required courses `keep`
        (all by default) and the elective group `group` (all groups by default), under the
        `active` requirements (all by default); None when the budget ran out first."""
        kept = self.required if keep is None else keep
        groups = self.groups if group is None else [self.groups[group], self.groups[-1]]
        if keep is not None and group is None:
            groups = [self.groups[-1]]
        if code is None:  # the plan alone: the candidates' group left out
            groups = [g for g in groups if g is not self.groups[-1]]
        setup = plan(
            self.problem,
            self.request,
            groups,
            self.everything if active is None else active,
            dropped_courses=self.required - kept,
            forced=frozenset() if code is None else frozenset({code}),
        )
        if setup is None:
            return False
        active_vars, allowed, pending = setup
        top = TopK(1)
        exact(
            self.problem,
            self.scorer,
            active_vars,
            allowed,
            top,
            budget,
            feasibility_only=True,
            pending=pending,
        )
        return True if top.heap else None if budget.exhausted else False

    def reason(self, code: str, budget: Budget) -> str:
        """Why `code` does not fit, in a few words: its own sections, the busy times or filters
        one by one (checked with it alone), else the required courses or elective groups it
        clashes with one by one, else the plan as a whole."""
        problem = self.problem
        variables = problem.course_vars[code]
        if any(not problem.variables[v].choices for v in variables):
            return "it has no section a schedule can take"
        if self.fits(code, budget, keep=frozenset()) is False:
            blocking = [
                r
                for r, bit in problem.requirement_bits.items()
                if r.kind != "pin"
                and self.fits(code, budget, keep=frozenset(), active=self.everything & ~bit) is True
            ]
            if blocking and all(r.kind == "busy" for r in blocking):
                return f"it clashes with {and_words([words(r) for r in blocking])}"
            if blocking:
                return f"its sections are ruled out by {and_words([words(r) for r in blocking])}"
            return "none of its sections fits your busy times, avoided sections and filters"
        clashing = [
            other
            for other in sorted(self.required)
            if self.fits(code, budget, keep=frozenset({other})) is False
        ]
        clashing += [
            f"elective group {i + 1}"
            for i in range(len(self.groups) - 1)
            if self.fits(code, budget, keep=frozenset(), group=i) is False
        ]
        if clashing:
            return f"it clashes with {and_words(clashing)}"
        if budget.exhausted:
            return "no schedule of your plan takes it (the time to say why ran out)"
        return "no schedule takes it with all of your courses at once"


def words(r: Requirement) -> str:
    """A requirement as the reason names it: "the busy time work", "the filter open seats only",
    "the sections you avoid (ART 1 LEC a1)"."""
    if r.kind == "busy" and not r.label.startswith("busy block "):
        return f"the busy time {r.label}"
    if r.kind == "filter":
        return f"the filter {r.label}"
    if r.kind == "exclusion":  # "excluded CS 1110 LAB 40004, 40005"
        return f"the sections you avoid ({r.label.removeprefix('excluded ')})"
    return r.label


def and_words(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
