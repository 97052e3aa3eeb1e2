"""Which courses could still be added to a student's plan ("fits my week"): the service behind
POST /api/v1/course-fits/ (docs/api.md, "Course fits")."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from django.conf import settings

from catalog.models import Term
from scheduler import engine
from scheduler.requests import engine_request_prepare, term_courses

MAX_CANDIDATES = 20
MAX_COURSES = 12  # a schedule takes at most this many courses (scheduler/api/serializers.py)


def course_fits_check(
    *, term: Term, request: dict[str, Any], candidates: list[str], started: float | None = None
) -> dict[str, Any]:
    """Per candidate course, in the order asked: `fits` (True, False, or None when the time for the
    call, CLASSTIME_FIT_DEADLINE_MS from `started`, a `time.perf_counter()` reading taken when the
    request came in, ran out first) and the engine's short `reason` when not True; `request` is a
    validated, normalised generation request, which may name no course yet. Reading the courses and
    compiling them count against that time too: a call costs the process at most about that much."""
    started = time.perf_counter() if started is None else started
    taken = len(request["courses"]) + sum(g["pick"] for g in request["electives"])
    if taken >= MAX_COURSES:
        full = f"your plan already takes {taken} courses, the most a schedule takes"
        results = [{"course": code, "fits": False, "reason": full} for code in candidates]
        return {"results": results, "elapsed_ms": round((time.perf_counter() - started) * 1000, 1)}
    prepared = engine_request_prepare(term=term, request=request)
    entries = term_courses(term=term, codes=candidates)
    # a course of the term with no section left: the engine says it cannot be taken
    courses = tuple(
        entries[c][1] if c in entries else engine.Course(code=c, title="", components=()) for c in candidates
    )
    left_ms = settings.CLASSTIME_FIT_DEADLINE_MS - (time.perf_counter() - started) * 1000
    if left_ms <= 0:  # spent on validating and reading the catalog: the engine is not started
        unknown = engine.CourseFit(None, engine.fit.OUT_OF_BUDGET)
        verdict = dict.fromkeys(candidates, unknown)
    else:
        verdict = engine.course_fit(replace(prepared.request, deadline_ms=left_ms), courses)
    results = [{"course": code, "fits": verdict[code].fits, "reason": verdict[code].reason} for code in candidates]
    return {"results": results, "elapsed_ms": round((time.perf_counter() - started) * 1000, 1)}
