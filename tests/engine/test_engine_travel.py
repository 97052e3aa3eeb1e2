"""Back-to-back classes in different buildings: a warning on the schedule, never a constraint."""

from datetime import date

import pytest

from scheduler import engine
from scheduler.engine.travel import travel_warnings

MWF, TR = (0, 2, 4), (1, 3)


def hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def section(sid: str, days, start: str, end: str, building: str, component="LEC", **kw):
    first, last = kw.pop("first", None), kw.pop("last", None)
    kind = kw.pop("kind", engine.WEEKLY)
    meetings = tuple(
        engine.Meeting(d, hm(start), hm(end), first, last, kind, building) for d in days
    )
    return engine.Section(sid, component, meetings, **kw)


def course(code: str, *sections: engine.Section) -> engine.Course:
    kinds: dict[str, list[engine.Section]] = {}
    for s in sections:
        kinds.setdefault(s.component, []).append(s)
    return engine.Course(
        code, code, tuple(engine.Component(k, k, tuple(v)) for k, v in kinds.items())
    )


def warnings(*courses: engine.Course, **kw) -> tuple[str, ...]:
    result = engine.generate_schedules(engine.Request(courses=courses, **kw))
    assert len(result.schedules) == 1
    return result.schedules[0].warnings


def test_a_class_ending_9_50_and_one_starting_10_00_in_another_building_are_warned_about():
    # given
    cs = course("CS 2100", section("1", (0,), "9:00", "9:50", "Rice Hall"))
    math = course("MATH 3351", section("2", (0,), "10:00", "10:50", "Kerchof Hall"))
    # when
    said = warnings(cs, math)
    # then
    assert said == (
        "Monday: CS 2100 LEC ends 09:50 in Rice Hall, MATH 3351 LEC starts 10:00 in Kerchof Hall "
        "(10 minutes)",
    )


def test_back_to_back_classes_in_one_building_are_not_warned_about():
    cs = course("CS 2100", section("1", (0,), "9:00", "9:50", "Rice Hall"))
    math = course("MATH 3351", section("2", (0,), "10:00", "10:50", "Rice Hall"))
    assert warnings(cs, math) == ()


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("Slaughter Rec", "Slaughter Rec Gymnasium CT"),
        ("Aquatic & Fitness Ctr N Pool", "Aquatic & Fitness Ctr"),
    ],
)
def test_a_room_named_after_its_building_is_in_that_building(first, then):
    # given: Virginia's courts and pools named after their building
    pe = course("KINE 1010", section("1", (0,), "9:00", "9:50", first))
    swim = course("KINE 1020", section("2", (0,), "10:00", "10:50", then))
    # when
    said = warnings(pe, swim)
    # then
    assert said == ()


def test_a_building_whose_name_only_starts_like_another_word_is_another_building():
    # given: "Rice" is not the first word of "Ricehouse"
    cs = course("CS 2100", section("1", (0,), "9:00", "9:50", "Rice Hall"))
    art = course("ARTH 1010", section("2", (0,), "10:00", "10:50", "Ricehouse Hall"))
    # when
    said = warnings(cs, art)
    # then
    assert len(said) == 1


@pytest.mark.parametrize(
    ("gap_minutes", "limit", "warned"),
    [(20, 15, False), (15, 15, True), (0, 15, True), (20, 20, True), (10, 0, False), (0, 0, True)],
)
def test_a_gap_is_warned_about_only_up_to_the_requests_minutes(gap_minutes, limit, warned):
    # given
    start = 10 * 60 + gap_minutes
    cs = course("CS 2100", section("1", (0,), "9:00", "10:00", "Rice Hall"))
    later = f"{start // 60}:{start % 60:02d}"
    math = course("MATH 3351", section("2", (0,), later, "12:00", "Kerchof Hall"))
    # when
    said = warnings(cs, math, back_to_back_minutes=limit)
    # then
    assert bool(said) is warned
    if warned:
        minutes = f"{gap_minutes} minute{'' if gap_minutes == 1 else 's'}"
        assert said[0].endswith(f"({minutes})")


def test_the_default_is_fifteen_minutes_the_usual_passing_time():
    assert engine.Request().back_to_back_minutes == 15


@pytest.mark.parametrize("building", ["", "Online"])
def test_a_class_with_no_building_is_never_in_another_building(building):
    # given: the catalog's building of a TBA or online room is ""
    cs = course("CS 2100", section("1", (0,), "9:00", "9:50", "Rice Hall"))
    math = course("MATH 3351", section("2", (0,), "10:00", "10:50", ""))
    # then
    assert warnings(cs, math) == ()


def test_classes_whose_dates_never_meet_are_not_back_to_back():
    # given: first half and second half of the term
    cs = course(
        "CS 2100",
        section(
            "1", (0,), "9:00", "9:50", "Rice Hall", first=date(2026, 8, 24), last=date(2026, 10, 14)
        ),
    )
    math = course(
        "MATH 3351",
        section(
            "2",
            (0,),
            "10:00",
            "10:50",
            "Kerchof Hall",
            first=date(2026, 10, 19),
            last=date(2026, 12, 11),
        ),
    )
    # then
    assert warnings(cs, math) == ()


def test_classes_sharing_only_a_holiday_are_not_back_to_back():
    # given: the one Monday both are dated on is Labor Day
    labor_day = date(2026, 9, 7)
    cs = course(
        "CS 2100",
        section("1", (0,), "9:00", "9:50", "Rice Hall", first=date(2026, 8, 24), last=labor_day),
    )
    math = course(
        "MATH 3351",
        section(
            "2", (0,), "10:00", "10:50", "Kerchof Hall", first=labor_day, last=date(2026, 12, 11)
        ),
    )
    # then
    assert warnings(cs, math, holidays=frozenset({labor_day})) == ()
    assert len(warnings(cs, math)) == 1


def test_a_pair_repeated_on_several_weekdays_is_said_once_with_all_its_days():
    # given
    cs = course("CS 2100", section("1", TR, "8:00", "9:15", "Rice Hall"))
    math = course("MATH 3351", section("2", TR, "9:30", "10:45", "Kerchof Hall"))
    # when
    said = warnings(cs, math)
    # then
    assert said == (
        "Tuesday and Thursday: CS 2100 LEC ends 09:15 in Rice Hall, MATH 3351 LEC starts 09:30 in "
        "Kerchof Hall (15 minutes)",
    )


def test_three_days_are_listed_with_commas_and_a_one_off_session_with_its_date():
    # given: a MWF pair, and a one-off lab right after Wednesday's class on one date
    cs = course("CS 2100", section("1", MWF, "9:00", "9:50", "Rice Hall"))
    math = course("MATH 3351", section("2", MWF, "10:00", "10:50", "Kerchof Hall"))
    lab_day = date(2026, 9, 2)
    chem = course(
        "CHEM 1411",
        section(
            "3",
            (2,),
            "11:00",
            "14:00",
            "Chemistry Bldg",
            component="LAB",
            first=lab_day,
            last=lab_day,
            kind=engine.ONE_OFF,
        ),
    )
    # when
    said = warnings(cs, math, chem)
    # then
    assert said == (
        "Monday, Wednesday and Friday: CS 2100 LEC ends 09:50 in Rice Hall, MATH 3351 LEC starts "
        "10:00 in Kerchof Hall (10 minutes)",
        "Wednesday 2026-09-02: MATH 3351 LEC ends 10:50 in Kerchof Hall, CHEM 1411 LAB starts "
        "11:00 in Chemistry Bldg (10 minutes)",
    )


def test_only_consecutive_classes_are_a_pair():
    # given: A then B then C, each five minutes apart, in three buildings; A and C are 20
    # minutes apart, within the limit, but B is between them
    a = course("A 1", section("1", (0,), "9:00", "9:30", "Rice Hall"))
    b = course("B 1", section("2", (0,), "9:35", "9:45", "Kerchof Hall"))
    c = course("C 1", section("3", (0,), "9:50", "10:30", "Gilmer Hall"))
    # when
    said = warnings(a, b, c, back_to_back_minutes=30)
    # then
    assert [w.split(":", 1)[1].split(",")[0] for w in said] == [
        " A 1 LEC ends 09:30 in Rice Hall",
        " B 1 LEC ends 09:45 in Kerchof Hall",
    ]


def test_exams_are_not_classes_to_walk_between():
    # given: an evening exam right after an evening class elsewhere
    exam_day = date(2026, 9, 24)
    cs = course(
        "CS 2100",
        section(
            "1",
            (3,),
            "19:00",
            "20:00",
            "Rice Hall",
            first=exam_day,
            last=exam_day,
            kind=engine.EXAM,
        ),
    )
    math = course("MATH 3351", section("2", (3,), "17:00", "18:50", "Kerchof Hall"))
    # then
    assert warnings(cs, math) == ()


def test_the_warning_changes_no_schedule_and_no_score():
    # given: two lectures of MATH, one right after CS in another building
    cs = course("CS 2100", section("1", (0,), "9:00", "9:50", "Rice Hall"))
    math = course(
        "MATH 3351",
        section("2", (0,), "10:00", "10:50", "Kerchof Hall"),
        section("3", (0,), "14:00", "14:50", "Kerchof Hall"),
    )
    prefs = engine.Preferences(late_weight=1, late_after=14 * 60)
    # when
    result = engine.generate_schedules(engine.Request(courses=(cs, math), preferences=prefs))
    # then: the rushed one is still first, at its price
    assert [(s.sections, s.score) for s in result.schedules] == [(("1", "2"), 0), (("1", "3"), 1)]
    assert result.schedules[0].warnings and not result.schedules[1].warnings


@pytest.mark.parametrize("minutes", [-1, 241])
def test_minutes_out_of_range_are_refused(minutes):
    cs = course("CS 2100", section("1", (0,), "9:00", "9:50", "Rice Hall"))
    with pytest.raises(
        engine.SchedulingError, match="back_to_back_minutes must be between 0 and 240"
    ):
        engine.generate_schedules(engine.Request(courses=(cs,), back_to_back_minutes=minutes))


def test_the_function_says_nothing_when_no_meeting_has_a_building():
    # given
    meetings = (engine.Meeting(0, 540, 590), engine.Meeting(0, 600, 650))
    # then
    assert travel_warnings([("A 1 LEC", meetings[:1]), ("B 1 LEC", meetings[1:])], 15) == ()


def test_sections_at_one_time_in_two_buildings_stay_one_choice_warned_of_by_the_shown_one():
    # given: MATH 3351's two sections at 10:00, one in Kerchof Hall, one in Rice Hall (CS's)
    cs = course("CS 2100", section("1", (0,), "9:00", "9:50", "Rice Hall"))
    math = course(
        "MATH 3351",
        section("2", (0,), "10:00", "10:50", "Kerchof Hall"),
        section("3", (0,), "10:00", "10:50", "Rice Hall"),
    )
    # when
    result = engine.generate_schedules(engine.Request(courses=(cs, math)))
    # then: the building changes neither the search nor its merging; the words are the shown one's
    [schedule] = result.schedules
    assert schedule.sections == ("1", "2") and schedule.alternatives["2"] == ("3",)
    assert schedule.warnings == (
        "Monday: CS 2100 LEC ends 09:50 in Rice Hall, MATH 3351 LEC starts 10:00 in Kerchof Hall "
        "(10 minutes)",
    )
