"""`engine.course_fit`: which courses could still be added to a request ("fits my week")."""

import time
from dataclasses import replace

import pytest
from hypothesis import assume, given

from scheduler import engine
from tests.engine import oracle
from tests.engine.strategies import requests
from tests.engine.test_engine_properties import SETTINGS
from tests.engine.test_engine_rules import MTWRF, TR, course, section

MON_9 = ((0,), "9:00", "9:50")


def fit(request: engine.Request, *candidates: engine.Course) -> dict[str, engine.CourseFit]:
    return engine.course_fit(request, tuple(candidates))


@SETTINGS
@given(requests(max_courses=4))
def test_a_course_fits_exactly_when_the_request_with_it_has_a_schedule(request):
    # given: the request's last required course taken out as the candidate (and pins of it,
    # which a request can only hold for a requested course)
    assume(request.courses)
    candidate = request.courses[-1]
    ids = {s.id for comp in candidate.components for s in comp.sections}
    without = replace(request, courses=request.courses[:-1], pinned=request.pinned - ids)
    with_it = replace(without, courses=request.courses)
    # when
    verdict = fit(without, candidate)[candidate.code]
    # then: as the brute force says of the request with it
    assert verdict.fits is bool(oracle.schedules(with_it))
    assert (verdict.reason == "") is verdict.fits


def test_each_candidate_is_answered_alone_and_says_what_it_clashes_with():
    # given: CS 1 on Monday 9:00, MATH 1 both times, ART 1 only then, MUS 1 elsewhere
    cs = course("CS 1", section("c1", *MON_9))
    math = course("MATH 1", section("m1", *MON_9), section("m2", TR, "9:00", "9:50"))
    art = course("ART 1", section("a1", (0, 2), "9:00", "9:50"))
    mus = course("MUS 1", section("u1", TR, "13:00", "13:50"))
    # when
    verdict = fit(engine.Request(courses=(cs,)), math, art, mus)
    # then
    assert verdict == {
        "MATH 1": engine.CourseFit(True),
        "ART 1": engine.CourseFit(False, "it clashes with CS 1"),
        "MUS 1": engine.CourseFit(True),
    }


def test_a_course_a_busy_time_or_filter_leaves_no_section_says_which():
    # given: a busy Monday morning named "work", and only open seats
    cs = course("CS 1", section("c1", TR, "9:00", "9:50"))
    art = course("ART 1", section("a1", *MON_9))
    full = course("MUS 1", section("u1", MTWRF, "16:00", "16:50", capacity=10, enrolled=10))
    work = engine.BusyBlock((0,), 8 * 60, 12 * 60, label="work")
    request = engine.Request(
        courses=(cs,), busy=(work,), filters=engine.Filters(open_seats_only=True)
    )
    # when
    verdict = fit(request, art, full)
    # then
    assert verdict["ART 1"] == engine.CourseFit(False, "it clashes with the busy time work")
    assert verdict["MUS 1"] == engine.CourseFit(
        False, "its sections are ruled out by the filter open seats only"
    )


def test_avoided_sections_that_leave_a_course_none_are_said():
    # given: both of ART 1's sections avoided
    cs = course("CS 1", section("c1", TR, "9:00", "9:50"))
    art = course("ART 1", section("a1", *MON_9), section("a2", *MON_9))
    request = engine.Request(courses=(cs,), excluded=frozenset({"a1", "a2"}))
    # when
    verdict = fit(request, art)
    # then
    assert verdict["ART 1"] == engine.CourseFit(
        False, "its sections are ruled out by the sections you avoid (ART 1 LEC a1, a2)"
    )


def test_a_course_with_no_section_or_clashing_only_with_the_whole_plan_is_said_so():
    # given: A and B each leave one of C's two times free, together neither
    a = course("A 1", section("a1", *MON_9))
    b = course("B 1", section("b1", TR, "9:00", "9:50"))
    c = course("C 1", section("c1", *MON_9), section("c2", TR, "9:00", "9:50"))
    empty = engine.Course("D 1", "D", ())
    # when
    verdict = fit(engine.Request(courses=(a, b)), c, empty)
    # then
    assert verdict["C 1"] == engine.CourseFit(
        False, "no schedule takes it with all of your courses at once"
    )
    assert verdict["D 1"] == engine.CourseFit(False, "it has no section a schedule can take")


def test_an_elective_group_it_clashes_with_is_named_and_a_plan_of_nothing_takes_any_course():
    # given: a group picking 1 of two courses both on Monday 9:00
    group = engine.ElectiveGroup(
        1, (course("E 1", section("e1", *MON_9)), course("E 2", section("e2", *MON_9)))
    )
    art = course("ART 1", section("a1", *MON_9))
    # when
    verdict = fit(engine.Request(courses=(), electives=(group,)), art)
    alone = fit(engine.Request(courses=()), art)
    # then
    assert verdict["ART 1"] == engine.CourseFit(False, "it clashes with elective group 1")
    assert alone["ART 1"] == engine.CourseFit(True)


def test_a_course_already_requested_or_named_twice_is_refused():
    cs = course("CS 1", section("c1", *MON_9))
    art = course("ART 1", section("a1", TR, "9:00", "9:50"))

    with pytest.raises(engine.SchedulingError, match="CS 1 are already in the request"):
        fit(engine.Request(courses=(cs,)), cs)
    with pytest.raises(engine.SchedulingError, match="ART 1 are already in the request or named"):
        fit(engine.Request(courses=(cs,)), art, art)


def test_the_deadline_holds_for_the_whole_call_and_leaves_the_rest_unknown():
    # given: a deadline already spent on nothing (a millionth of a millisecond)
    cs = course("CS 1", section("c1", *MON_9))
    art = course("ART 1", section("a1", TR, "9:00", "9:50"))
    request = engine.Request(courses=(cs,), deadline_ms=1e-6)
    # when
    verdict = fit(request, art)
    # then: unknown, never "does not fit"
    assert verdict["ART 1"].fits is None
    assert "ran out" in verdict["ART 1"].reason


def test_the_deadline_counts_the_compilation_too(monkeypatch):
    # given: 30 ms for the call, and compiling the request takes 60 ms
    from scheduler.engine import fit as fit_module

    compile_request = fit_module.compile_request

    def slow(request):
        time.sleep(0.06)
        return compile_request(request)

    monkeypatch.setattr(fit_module, "compile_request", slow)
    cs = course("CS 1", section("c1", *MON_9))
    art = course("ART 1", section("a1", TR, "9:00", "9:50"))
    # when
    verdict = fit(engine.Request(courses=(cs,), deadline_ms=30), art)
    # then: unknown, never "does not fit"
    assert verdict["ART 1"] == engine.CourseFit(None, "not known: the time for this check ran out")


def test_a_plan_with_no_schedule_has_room_for_no_course_and_says_so_once():
    # given: two courses at the same only time
    a = course("A 1", section("a1", *MON_9))
    b = course("B 1", section("b1", *MON_9))
    art = course("ART 1", section("a2", TR, "9:00", "9:50"))
    # when
    verdict = fit(engine.Request(courses=(a, b)), art)
    # then
    assert verdict["ART 1"] == engine.CourseFit(
        False, "your plan has no schedule as it stands, with or without it"
    )
