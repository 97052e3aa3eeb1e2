"""Allowed overlaps: two courses an advisor lets clash (`Request.allowed_overlaps`)."""

from datetime import date

import pytest

from scheduler import engine

TR = (1, 3)


def hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def section(sid: str, days, start: str, end: str, component="LEC", **kw) -> engine.Section:
    first, last = kw.pop("first", None), kw.pop("last", None)
    kind = kw.pop("kind", engine.WEEKLY)
    meetings = tuple(engine.Meeting(d, hm(start), hm(end), first, last, kind) for d in days)
    return engine.Section(sid, component, meetings, label=kw.pop("label", sid), **kw)


def course(code: str, *sections: engine.Section) -> engine.Course:
    kinds: dict[str, list[engine.Section]] = {}
    for s in sections:
        kinds.setdefault(s.component, []).append(s)
    return engine.Course(
        code, code, tuple(engine.Component(k, k, tuple(v)) for k, v in kinds.items())
    )


def solve(*courses: engine.Course, **kw) -> engine.Result:
    return engine.generate_schedules(engine.Request(courses=courses, **kw))


CS = course("CS 1110", section("40001", TR, "8:30", "9:45", label="001"))
MATH = course("MATH 1310", section("40002", TR, "9:30", "10:20", label="002"))


def test_two_courses_allowed_to_overlap_are_scheduled_together_with_a_warning():
    # given: CS 1110 and MATH 1310 overlap 15 minutes on Tuesdays and Thursdays
    assert solve(CS, MATH).schedules == ()
    # when
    result = solve(CS, MATH, allowed_overlaps=(("MATH 1310", "CS 1110"),))
    # then: the pair (named in either order) is taken, and says where it overlaps
    assert [s.sections for s in result.schedules] == [("40001", "40002")]
    assert result.schedules[0].warnings == (
        "CS 1110 LEC 001 and MATH 1310 LEC 002 overlap on Tuesday and Thursday, "
        "09:30-09:45 (allowed)",
    )
    assert result.proven_optimal


def test_a_schedule_not_using_the_allowed_overlap_carries_no_warning():
    # given: MATH 1310 has a second section clashing with nothing
    math = course(
        "MATH 1310",
        section("40002", TR, "9:30", "10:20", label="002"),
        section("40003", TR, "13:00", "13:50", label="003"),
    )
    # when
    result = solve(CS, math, allowed_overlaps=(("CS 1110", "MATH 1310"),), k=5)
    # then
    warned = {s.sections: s.warnings for s in result.schedules}
    assert set(warned) == {("40001", "40002"), ("40001", "40003")}
    assert warned[("40001", "40003")] == ()
    assert len(warned[("40001", "40002")]) == 1


def test_only_the_allowed_pair_may_overlap():
    # given: PHYS 1 overlaps CS 1110 too, but only CS 1110 and MATH 1310 may overlap
    phys = course("PHYS 1", section("40004", TR, "8:00", "8:40"))
    # when
    result = solve(CS, MATH, phys, allowed_overlaps=(("CS 1110", "MATH 1310"),))
    # then: CS 1110 and PHYS 1 still clash; the explanation names them
    assert result.schedules == ()
    conflict = {r.ref for r in result.explanation.conflict_set}
    assert conflict == {"CS 1110", "PHYS 1"}


def test_a_lab_of_an_allowed_course_may_overlap_too():
    # given: the allowed pair's courses each have a lecture and a lab; the labs overlap
    chem = course(
        "CHEM 1",
        section("c1", TR, "8:00", "8:50"),
        section("c2", (2,), "14:00", "16:00", component="LAB", label="c2"),
    )
    bio = course(
        "BIO 1",
        section("b1", TR, "10:00", "10:50"),
        section("b2", (2,), "15:30", "17:00", component="LAB", label="b2"),
    )
    # when
    result = solve(chem, bio, allowed_overlaps=(("CHEM 1", "BIO 1"),))
    # then: the courses named in the schedule's order
    assert result.schedules[0].warnings == (
        "BIO 1 LAB b2 and CHEM 1 LAB c2 overlap on Wednesday, 15:30-16:00 (allowed)",
    )


@pytest.mark.parametrize(("cap", "fits"), [(None, True), (15, True), (14, False), (0, False)])
def test_overlap_minutes_caps_how_long_an_allowed_overlap_may_be(cap, fits):
    # when: CS 1110 and MATH 1310 overlap by 15 minutes
    result = solve(CS, MATH, allowed_overlaps=(("CS 1110", "MATH 1310"),), overlap_minutes=cap)
    # then
    assert bool(result.schedules) is fits


def test_the_cap_holds_for_each_meeting_of_the_pair():
    # given: 15 minutes on Tuesday, but 30 on Thursday
    math = course(
        "MATH 1310",
        engine.Section(
            "40002",
            "LEC",
            (
                engine.Meeting(1, hm("9:30"), hm("10:20")),
                engine.Meeting(3, hm("9:15"), hm("10:20")),
            ),
        ),
    )
    pair = (("CS 1110", "MATH 1310"),)
    # when / then
    assert solve(CS, math, allowed_overlaps=pair, overlap_minutes=15).schedules == ()
    warnings = solve(CS, math, allowed_overlaps=pair, overlap_minutes=30).schedules[0].warnings
    assert warnings == (
        "CS 1110 LEC 001 and MATH 1310 LEC 40002 overlap on Tuesday, 09:30-09:45 (allowed)",
        "CS 1110 LEC 001 and MATH 1310 LEC 40002 overlap on Thursday, 09:15-09:45 (allowed)",
    )


def test_an_elective_course_may_be_allowed_to_overlap():
    # given: pick one of ART 1 (overlapping CS 1110) and MUSI 1 (later, and pricier for "early")
    art = course("ART 1", section("a", TR, "9:00", "10:00"))
    musi = course("MUSI 1", section("m", TR, "16:00", "17:00"))
    request = engine.Request(
        courses=(CS,),
        electives=(engine.ElectiveGroup(1, (art, musi)),),
        preferences=engine.Preferences(late_weight=5, late_after=hm("15:00")),
        allowed_overlaps=(("ART 1", "CS 1110"),),
    )
    # when
    result = engine.generate_schedules(request)
    # then: the overlapping elective is the cheapest pick
    assert result.schedules[0].sections == ("a", "40001")
    assert (
        "overlap on Tuesday and Thursday, 09:00-09:45 (allowed)" in result.schedules[0].warnings[0]
    )


def test_sections_alike_but_for_their_dates_are_told_apart_by_the_overlap_they_make():
    # given: two CS 1110 sections at the same time, one all term, one in the first half only,
    # and MATH 1310 in the second half: only the first overlaps it
    half = (date(2026, 8, 24), date(2026, 10, 14))
    cs = course(
        "CS 1110",
        section("all", TR, "8:30", "9:45"),
        section("first", TR, "8:30", "9:45", first=half[0], last=half[1]),
    )
    math = course(
        "MATH 1310",
        section("second", TR, "9:30", "10:20", first=date(2026, 10, 19), last=date(2026, 12, 8)),
    )
    # when
    result = solve(cs, math, allowed_overlaps=(("CS 1110", "MATH 1310"),), k=5)
    # then: each is its own schedule, the overlap warned about only on the one that has it
    warned = {s.sections: bool(s.warnings) for s in result.schedules}
    assert warned == {("all", "second"): True, ("first", "second"): False}


def test_a_one_off_meeting_overlapping_is_said_with_its_date():
    # given: a CS 1110 review session on Thursday 2026-09-24, 9:30-11:00
    review = engine.Meeting(3, hm("9:30"), hm("11:00"), date(2026, 9, 24), None, engine.ONE_OFF)
    cs = course("CS 1110", engine.Section("r", "LEC", (review,), label="R01"))
    later = course("MATH 1310", section("40002", TR, "10:30", "11:20", label="002"))
    # when
    result = solve(cs, later, allowed_overlaps=(("CS 1110", "MATH 1310"),))
    # then
    assert result.schedules[0].warnings == (
        "CS 1110 LEC R01 and MATH 1310 LEC 002 overlap on Thursday 2026-09-24, "
        "10:30-11:00 (allowed)",
    )


def test_overlapping_classes_count_their_time_once_in_the_days_shape():
    # given: compact days; CS 1110 8:30-9:45 and MATH 1310 9:30-10:20 overlap, PHYS 1 at 11:20
    phys = course("PHYS 1", section("p", TR, "11:20", "12:00"))
    prefs = engine.Preferences(gaps_weight=1, marathon_weight=1, marathon_cap=90)
    # when
    result = solve(CS, MATH, phys, allowed_overlaps=(("CS 1110", "MATH 1310"),), preferences=prefs)
    # then: the gap 10:20-11:20 is 50 idle minutes (1 point a day); the run 8:30-10:20 is 110
    # minutes, 20 beyond the cap (less than 30: no point)
    assert result.schedules[0].breakdown == {"gaps": 2, "marathon": 0}


@pytest.mark.parametrize(
    ("pairs", "cap", "message"),
    [
        ((("CS 1110", "ART 9"),), None, "allowed overlap CS 1110 and ART 9: ART 9 is not in"),
        ((("CS 1110", "CS 1110"),), None, "a course cannot overlap itself"),
        ((("CS 1110", "MATH 1310", "X"),), None, "an allowed overlap names two courses"),
        ((("CS 1110", "MATH 1310"),), -5, "overlap_minutes must be a whole number 0 or more"),
    ],
)
def test_a_malformed_allowed_overlap_is_refused_in_words(pairs, cap, message):
    with pytest.raises(engine.SchedulingError, match=message):
        solve(CS, MATH, allowed_overlaps=pairs, overlap_minutes=cap)


def test_the_beam_takes_an_allowed_overlap_too():
    # when
    result = solve(CS, MATH, allowed_overlaps=(("CS 1110", "MATH 1310"),), strategy="beam")
    # then: the beam found it itself (no fallback to the exact search)
    assert result.strategy == "beam"
    assert [s.sections for s in result.schedules] == [("40001", "40002")]
