"""The engine's promised rules, on hand-made requests."""

import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from scheduler import engine
from scheduler.engine import costs, search
from scheduler.engine.search import TopK

MTWRF, TR = (0, 1, 2, 3, 4), (1, 3)


def hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def section(sid: str, days, start: str, end: str, component="LEC", **kw) -> engine.Section:
    first, last = kw.pop("first", None), kw.pop("last", None)
    kind = kw.pop("kind", engine.WEEKLY)
    meetings = tuple(engine.Meeting(d, hm(start), hm(end), first, last, kind) for d in days)
    return engine.Section(sid, component, meetings, **kw)


def course(code: str, *sections: engine.Section) -> engine.Course:
    kinds: dict[str, list[engine.Section]] = {}
    for s in sections:
        kinds.setdefault(s.component, []).append(s)
    return engine.Course(
        code, code, tuple(engine.Component(k, k, tuple(v)) for k, v in kinds.items())
    )


def solve(*courses: engine.Course, **kw) -> engine.Result:
    return engine.generate_schedules(engine.Request(courses=courses, **kw))


def feasible(*courses: engine.Course, **kw) -> bool:
    return bool(solve(*courses, **kw).schedules)


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        ((TR, "8:00", "8:50"), (MTWRF, "8:00", "8:50"), True),
        ((TR, "8:00", "8:50"), (TR, "9:00", "9:50"), False),
        ((TR, "19:00", "19:50"), (TR, "20:00", "21:00"), False),
        ((TR, "20:00", "21:00"), (TR, "20:30", "20:50"), True),
        ((TR, "8:00", "9:00"), (TR, "9:00", "10:00"), False),  # half-open: 9:00 end, 9:00 start
        (((5,), "10:00", "12:00"), ((5,), "11:00", "11:30"), True),  # weekends count
        (((6,), "10:00", "12:00"), ((5,), "10:00", "12:00"), False),
    ],
)
def test_classic_clash_cases(a, b, clash):
    one = course("A 1", section("a", *a))
    two = course("B 1", section("b", *b))

    assert feasible(one, two) is not clash


def test_adding_tr_2030_to_two_evening_classes_clashes():
    evening = [
        course("A 1", section("a", TR, "19:00", "19:50")),
        course("B 1", section("b", TR, "20:00", "21:00")),
    ]

    assert feasible(*evening)
    assert not feasible(*evening, course("C 1", section("c", TR, "20:30", "20:50")))


def test_meetings_whose_date_ranges_do_not_overlap_never_clash():
    first_half = section(
        "a", (0, 2), "14:00", "15:15", first=date(2026, 8, 24), last=date(2026, 10, 14)
    )
    second_half = section(
        "b", (0, 2), "14:00", "15:15", first=date(2026, 10, 19), last=date(2026, 12, 11)
    )

    assert feasible(course("A 1", first_half), course("B 1", second_half))


def test_two_one_offs_on_one_date_clash_whatever_weekday_they_are_listed_on():
    # given: 2025-09-24 is a Wednesday; the second meeting says Monday, but its date is the truth
    day = date(2025, 9, 24)
    wednesday = section("a", (2,), "10:00", "11:40", first=day, last=day, kind=engine.ONE_OFF)
    said_monday = section("b", (0,), "10:00", "11:40", first=day, last=day, kind=engine.ONE_OFF)
    later = section("c", (0,), "11:40", "12:00", first=day, last=day, kind=engine.ONE_OFF)
    # when / then: they overlap on that Wednesday
    assert not feasible(course("X 1", wednesday), course("Y 1", said_monday))
    assert feasible(course("X 1", wednesday), course("Z 1", later))


def test_a_one_off_meeting_clashes_only_on_its_own_date():
    weekly_tue = section(
        "w", (1,), "13:00", "14:00", first=date(2026, 8, 24), last=date(2026, 9, 30)
    )
    lab_in_range = section(
        "l1",
        (1,),
        "13:00",
        "16:00",
        first=date(2026, 9, 1),
        last=date(2026, 9, 1),
        kind=engine.ONE_OFF,
    )
    lab_after = section(
        "l2",
        (1,),
        "13:00",
        "16:00",
        first=date(2026, 10, 6),
        last=date(2026, 10, 6),
        kind=engine.ONE_OFF,
    )

    assert not feasible(course("A 1", weekly_tue), course("L 1", lab_in_range))
    assert feasible(course("A 1", weekly_tue), course("L 1", lab_after))


def test_an_exam_clash_is_a_warning_not_a_lost_schedule():
    exam = engine.Meeting(
        3, hm("19:00"), hm("20:30"), date(2026, 9, 24), date(2026, 9, 24), engine.EXAM
    )
    chem = engine.Course(
        "CHEM 1", "", (engine.Component("LEC", "", (engine.Section("c", "LEC", (exam,)),)),)
    )
    music = course("MUSI 1", section("m", (3,), "19:00", "21:00"))

    result = solve(chem, music)

    assert len(result.schedules) == 1
    assert result.schedules[0].warnings == (
        "CHEM 1 exam (Th 2026-09-24 19:00) clashes with MUSI 1",
    )


@pytest.mark.parametrize(
    ("block", "warned"),
    [
        (
            engine.BusyBlock((3,), hm("15:00"), hm("21:00"), label="evening job"),
            "the busy time evening job",
        ),
        (engine.BusyBlock((3,), hm("15:00"), hm("18:30"), buffer_after=45), "busy block 1"),
        (engine.BusyBlock((3,), hm("15:00"), hm("19:00")), None),
        (engine.BusyBlock((3,), hm("15:00"), hm("21:00"), first_date=date(2026, 10, 1)), None),
    ],
    ids=["named", "by-its-buffer", "ends-as-it-starts", "from-a-later-date"],
)
def test_an_exam_inside_a_busy_time_is_a_warning_not_a_lost_schedule(block, warned):
    # given: an exam Thursday 24 September 19:00-20:30, and a busy time on Thursdays
    exam = engine.Meeting(
        3, hm("19:00"), hm("20:30"), date(2026, 9, 24), date(2026, 9, 24), engine.EXAM
    )
    chem = engine.Course(
        "CHEM 1", "", (engine.Component("LEC", "", (engine.Section("c", "LEC", (exam,)),)),)
    )
    # when
    result = solve(chem, busy=(block,))
    # then: the schedule stays; the exam inside the busy time (its dates, buffers included) is said
    assert len(result.schedules) == 1
    expected = (f"CHEM 1 exam (Th 2026-09-24 19:00) falls in {warned}",) if warned else ()
    assert result.schedules[0].warnings == expected


@pytest.mark.parametrize(
    ("first", "last", "said"),
    [
        (date(2026, 12, 7), date(2026, 12, 11), "We 2026-12-09 19:00"),
        (date(2026, 12, 7), date(2026, 12, 18), "We 2026-12-09 to 2026-12-16 19:00"),
    ],
    ids=["finals-week", "two-weeks"],
)
def test_an_exam_dated_over_a_range_is_warned_about_on_its_weekdays_dates(first, last, said):
    # given: an exam listed on Wednesday and dated from a Monday, inside a Wednesday busy time
    exam = engine.Meeting(2, hm("19:00"), hm("21:00"), first, last, engine.EXAM)
    chem = engine.Course(
        "CHEM 1", "", (engine.Component("LEC", "", (engine.Section("c", "LEC", (exam,)),)),)
    )
    shift = engine.BusyBlock((2,), hm("18:00"), hm("22:00"), label="shift")
    # when
    result = solve(chem, busy=(shift,))
    # then: the Wednesday(s) it is held on, not the Monday the range starts on
    assert result.schedules[0].warnings == (f"CHEM 1 exam ({said}) falls in the busy time shift",)


@pytest.mark.parametrize(
    "dates", [(None, date(2026, 12, 11)), (date(2026, 12, 11), None)], ids=["last", "first"]
)
def test_an_exam_given_only_one_of_its_dates_is_held_on_that_date(dates):
    # given: an exam listed on Wednesday with only a last (or only a first) date, a Friday
    exam = engine.Meeting(2, hm("19:00"), hm("21:00"), *dates, engine.EXAM)
    chem = engine.Course(
        "CHEM 1", "", (engine.Component("LEC", "", (engine.Section("c", "LEC", (exam,)),)),)
    )
    wednesday, friday = (
        engine.BusyBlock((day,), hm("18:00"), hm("22:00"), label=name)
        for day, name in ((2, "wednesday"), (4, "friday"))
    )
    # when
    result = solve(chem, busy=(wednesday, friday))
    # then: on that Friday only, as the calendar export and the pages put it
    assert result.schedules[0].warnings == (
        "CHEM 1 exam (Fr 2026-12-11 19:00) falls in the busy time friday",
    )


def test_an_exam_on_a_holiday_warns_only_about_what_is_held_that_day():
    # given: a final on Thursday 2026-12-10, a finals-week holiday, overlapping a weekly Thursday
    # class, a one-off session that day and another final
    final = date(2026, 12, 10)
    exam = engine.Meeting(3, hm("18:00"), hm("20:50"), final, final, engine.EXAM)
    chem = engine.Course(
        "CHEM 1", "", (engine.Component("LEC", "", (engine.Section("c", "LEC", (exam,)),)),)
    )
    weekly = course("MUSI 1", section("m", (3,), "19:00", "21:00"))
    one_off = course(
        "ARTS 1", section("o", (3,), "18:00", "19:00", first=final, last=final, kind=engine.ONE_OFF)
    )
    other_final = engine.Course(
        "MATH 1", "", (engine.Component("LEC", "", (engine.Section("x", "LEC", (exam,)),)),)
    )
    courses = (chem, weekly, one_off, other_final)

    # when
    on_holiday = engine.generate_schedules(
        engine.Request(courses=courses, holidays=frozenset({final}))
    )
    on_a_class_day = engine.generate_schedules(engine.Request(courses=courses))

    # then: the weekly class is not held on the holiday; the one-off and the other final are
    assert set(on_holiday.schedules[0].warnings) == {
        "CHEM 1 exam (Th 2026-12-10 18:00) clashes with ARTS 1",
        "CHEM 1 exam (Th 2026-12-10 18:00) clashes with MATH 1",
        "MATH 1 exam (Th 2026-12-10 18:00) clashes with ARTS 1",
    }
    assert set(on_a_class_day.schedules[0].warnings) == set(on_holiday.schedules[0].warnings) | {
        "CHEM 1 exam (Th 2026-12-10 18:00) clashes with MUSI 1",
        "MATH 1 exam (Th 2026-12-10 18:00) clashes with MUSI 1",
    }


def test_sections_with_no_timed_meeting_never_clash_and_are_listed_apart():
    tba = engine.Section("t", "IND", ())
    result = solve(
        course("A 1", section("a", MTWRF, "8:00", "17:00")),
        engine.Course("IND 1", "", (engine.Component("IND", "", (tba,)),)),
    )

    assert result.schedules[0].tba == ("t",)


def test_a_lab_goes_only_with_its_own_lecture():
    # given
    chem = course(
        "CHEM 1",
        section("L1", (0,), "9:00", "10:00"),
        section("L2", (1,), "9:00", "10:00"),
        section("D1", (2,), "9:00", "10:00", component="DIS", parent_id="L1"),
        section("D2", (3,), "9:00", "10:00", component="DIS", parent_id="L2"),
    )
    # when
    result = solve(chem)
    # then
    assert sorted(tuple(sorted(s.sections)) for s in result.schedules) == [
        ("D1", "L1"),
        ("D2", "L2"),
    ]


@pytest.mark.parametrize(
    ("block", "section_at", "clash"),
    [
        # a Monday night shift to 23:30 with an hour's rest after it: Tuesday until 0:30
        (
            engine.BusyBlock((0,), hm("22:00"), hm("23:30"), buffer_after=60),
            ((1,), "0:00", "0:20"),
            True,
        ),
        (
            engine.BusyBlock((0,), hm("22:00"), hm("23:30"), buffer_after=60),
            ((1,), "0:30", "1:00"),
            False,
        ),
        # Sunday's rest goes on into Monday (weekdays wrap)
        (
            engine.BusyBlock((6,), hm("23:00"), hm("24:00"), buffer_after=30),
            ((0,), "0:10", "0:40"),
            True,
        ),
        # an hour to get ready before a 0:30 start on Tuesday takes Monday from 23:30
        (
            engine.BusyBlock((1,), hm("0:30"), hm("1:00"), buffer_before=60),
            ((0,), "23:40", "23:55"),
            True,
        ),
        (
            engine.BusyBlock((1,), hm("0:30"), hm("1:00"), buffer_before=60),
            ((0,), "23:00", "23:30"),
            False,
        ),
    ],
)
def test_a_buffer_crossing_midnight_carries_into_the_next_or_previous_day(block, section_at, clash):
    a = course("A 1", section("a1", *section_at))

    assert feasible(a, busy=(block,)) is not clash


def test_a_buffer_longer_than_a_day_runs_on_over_the_days_after():
    # given: Sunday 23:00-24:00 and 50 hours of rest after it: until Wednesday 2:00
    block = engine.BusyBlock((6,), hm("23:00"), hm("24:00"), buffer_after=50 * 60)
    # then
    assert not feasible(course("A 1", section("a1", (1,), "12:00", "13:00")), busy=(block,))
    assert not feasible(course("A 1", section("a1", (2,), "1:00", "1:30")), busy=(block,))
    assert feasible(course("A 1", section("a1", (2,), "2:00", "2:30")), busy=(block,))


def test_a_block_dated_to_the_last_day_of_the_calendar_can_still_cross_midnight():
    # given: a block "until further notice" dated at the calendar's end
    block = engine.BusyBlock((0,), hm("23:00"), hm("23:59"), buffer_after=60, last_date=date.max)
    # when
    result = solve(
        course("A 1", section("a1", (1,), "0:00", "0:30"), section("a2", (1,), "1:00", "1:30")),
        busy=(block,),
    )
    # then
    assert [s.sections for s in result.schedules] == [("a2",)]


def test_a_buffer_crossing_midnight_keeps_to_the_dates_of_its_block():
    # given: one Monday night (2026-09-07) with rest after it; a weekly Tuesday 0:00 class
    night = engine.BusyBlock(
        (0,),
        hm("22:00"),
        hm("23:30"),
        buffer_after=60,
        first_date=date(2026, 9, 7),
        last_date=date(2026, 9, 7),
    )
    the_tuesday_after = section(
        "t1", (1,), "0:00", "0:20", first=date(2026, 9, 8), last=date(2026, 9, 8)
    )
    a_week_later = section(
        "t2", (1,), "0:00", "0:20", first=date(2026, 9, 15), last=date(2026, 9, 15)
    )
    # when
    result = solve(course("A 1", the_tuesday_after, a_week_later), busy=(night,))
    # then
    assert [s.sections for s in result.schedules] == [("t2",)]


def test_pins_exclusions_busy_times_with_buffers_and_filters_are_honoured():
    a = course(
        "A 1",
        section("a1", (0,), "9:00", "10:00"),
        section("a2", (0,), "11:00", "12:00"),
        section("a3", (0,), "13:00", "14:00", status="closed"),
    )

    assert {s.sections for s in solve(a, pinned=frozenset({"a2"})).schedules} == {("a2",)}
    assert {s.sections for s in solve(a, excluded=frozenset({"a1", "a2"})).schedules} == {("a3",)}
    busy = (engine.BusyBlock((0,), hm("7:00"), hm("9:00"), buffer_after=60),)  # practice, then eat
    assert ("a1",) not in {s.sections for s in solve(a, busy=busy).schedules}
    assert ("a3",) not in {
        s.sections for s in solve(a, filters=engine.Filters(open_seats_only=True)).schedules
    }


def test_equivalent_sections_merge_into_one_choice_with_alternatives():
    labs = course(
        "L 1",
        *[
            section(
                f"lab{i}",
                (1,),
                "13:00",
                "16:00",
                first=date(2026, 9, i),
                last=date(2026, 9, i),
                kind=engine.ONE_OFF,
            )
            for i in (1, 8, 15)
        ],
    )
    lecture = course("A 1", section("a", (0, 2), "9:00", "10:00"))

    result = solve(lecture, labs)

    assert len(result.schedules) == 1
    assert set(result.schedules[0].alternatives["lab1"]) == {"lab8", "lab15"}


def test_elective_groups_pick_exactly_k_courses():
    a, b, c = (
        course(code, section(code.lower(), (i,), "9:00", "10:00"))
        for i, code in enumerate(["A 1", "B 1", "C 1"])
    )

    result = engine.generate_schedules(
        engine.Request(electives=(engine.ElectiveGroup(2, (a, b, c)),), k=10)
    )

    assert sorted(len(s.sections) for s in result.schedules) == [2, 2, 2]


def test_preferences_rank_schedules_and_zero_weight_turns_them_off():
    # given: an 8:00 and a 10:00 section, and a Friday and a Monday one
    a = course(
        "A 1", section("early", (0,), "8:00", "9:00"), section("late", (0,), "10:00", "11:00")
    )
    b = course(
        "B 1", section("fri", (4,), "12:00", "13:00"), section("mon", (0,), "12:00", "13:00")
    )
    prefs = engine.Preferences(
        early_weight=3, early_before=hm("9:30"), free_days_weight=5, free_days=frozenset({4})
    )
    # when
    ranked = solve(a, b, preferences=prefs, k=4).schedules
    off = solve(a, b, preferences=engine.Preferences(), k=4).schedules
    # then
    assert ranked[0].sections == ("late", "mon") and ranked[0].score == 0
    assert [s.score for s in ranked] == [0, 3, 5, 8]
    assert ranked[-1].breakdown["early"] == 3 and ranked[-1].breakdown["free_days"] == 5
    assert {s.score for s in off} == {0}


@pytest.mark.parametrize(
    ("prefs", "expected"),
    [
        (engine.Preferences(late_weight=2, late_after=hm("12:00")), {"late": 4}),
        (engine.Preferences(days_on_campus_weight=1), {"days_on_campus": 2}),
        (
            engine.Preferences(gaps_weight=1),
            {"gaps": 4},
        ),  # 8:00-9:00 then 11:10: 130 idle - 10 = 120 min
        (
            engine.Preferences(
                lunch_weight=7, lunch_start=hm("11:00"), lunch_end=hm("12:30"), lunch_minutes=60
            ),
            {"lunch": 7},
        ),
        (
            engine.Preferences(marathon_weight=1, marathon_cap=60, marathon_break=15),
            {"marathon": 3},
        ),
    ],
)
def test_each_week_preference_costs_what_its_docstring_says(prefs, expected):
    # Monday 8:00-9:00 and 11:10-13:40 (a 150-minute run), Tuesday 14:00-15:00
    a = course(
        "A 1",
        engine.Section(
            "a",
            "LEC",
            (
                engine.Meeting(0, hm("8:00"), hm("9:00")),
                engine.Meeting(0, hm("11:10"), hm("13:40")),
                engine.Meeting(1, hm("14:00"), hm("15:00")),
            ),
        ),
    )

    breakdown = solve(a, preferences=prefs).schedules[0].breakdown

    assert {k: v for k, v in breakdown.items() if v} == expected


def test_instructor_open_seat_and_friend_preferences_are_per_section_costs():
    a = course(
        "A 1",
        section("ada", (0,), "9:00", "10:00", instructors=("Ada",)),
        section("cy", (1,), "9:00", "10:00", instructors=("Cy",), status="closed"),
    )
    prefs = engine.Preferences(
        instructor_weight=2,
        preferred_instructors=frozenset({"Ada"}),
        avoided_instructors=frozenset({"Cy"}),
        open_seats_weight=3,
        friends_shared_weight=4,
    )
    friend = engine.Friend("Ben", frozenset({"ada"}))

    ranked = solve(a, preferences=prefs, friends=(friend,), k=2).schedules

    assert [(s.sections, s.score) for s in ranked] == [(("ada",), 0), (("cy",), 2 + 2 + 3 + 4)]


FIRST_HALF = (date(2026, 8, 24), date(2026, 10, 14))
SECOND_HALF = (date(2026, 10, 19), date(2026, 12, 11))


def half_term_course() -> engine.Course:
    """HIST 2001: MoWe 14:00-15:15, one section in each half of the term."""
    first, second = FIRST_HALF, SECOND_HALF
    return course(
        "HIST 2001",
        section("first-half", (0, 2), "14:00", "15:15", first=first[0], last=first[1]),
        section("second-half", (0, 2), "14:00", "15:15", first=second[0], last=second[1]),
    )


def test_a_friend_busy_in_the_first_half_of_term_is_free_in_the_second_half():
    # given: Carol's class is MoWe 14:00-15:15 in the first half of term only
    busy = engine.BusyBlock((0, 2), hm("14:00"), hm("15:15"), 0, 0, *FIRST_HALF)
    carol = engine.Friend("Carol", busy=(busy,))
    prefs = engine.Preferences(friends_free_weight=1)
    # when
    ranked = solve(half_term_course(), preferences=prefs, friends=(carol,), k=2).schedules
    # then: two meetings of 75 minutes while Carol is free, in 30-minute units
    assert [(s.sections, s.score, s.alternatives[s.sections[0]]) for s in ranked] == [
        (("first-half",), 0, ()),
        (("second-half",), 2 * 75 // 30, ()),
    ]


def test_a_friend_busy_for_the_whole_term_is_busy_during_either_half():
    # given: a block without dates is the whole term
    carol = engine.Friend("Carol", busy=(engine.BusyBlock((0, 2), hm("14:00"), hm("15:15")),))
    prefs = engine.Preferences(friends_free_weight=1)
    # when
    ranked = solve(half_term_course(), preferences=prefs, friends=(carol,)).schedules
    # then: nothing tells the halves apart
    assert [(s.sections, s.score, s.alternatives[s.sections[0]]) for s in ranked] == [
        (("first-half",), 0, ("second-half",))
    ]


def test_a_weekly_slot_listed_again_with_other_dates_is_one_class_of_a_friends_free_time():
    # given: a seminar Tuesday 9:00-10:00 all term, listed again for two weeks of November (a
    # room change); Ben is free, Carol busy then in November only
    nov = {"first_date": date(2025, 11, 4), "last_date": date(2025, 11, 11)}
    tuesday = engine.Meeting(1, hm("9:00"), hm("10:00"))
    again = engine.Section(
        "again", "SEM", (tuesday, engine.Meeting(1, hm("9:00"), hm("10:00"), **nov))
    )
    ben = engine.Friend("Ben", busy=())
    carol = engine.Friend(
        "Carol", busy=(engine.BusyBlock((1,), hm("9:00"), hm("10:00"), 0, 0, *nov.values()),)
    )
    prefs = engine.Preferences(friends_free_weight=1)
    # when
    with_ben = solve(course("NUIP 1", again), preferences=prefs, friends=(ben,)).schedules[0]
    with_carol = solve(course("NUIP 1", again), preferences=prefs, friends=(carol,)).schedules[0]
    # then: Ben's 60 free minutes count once, not once per listing; Carol is busy during the
    # class, as she would be during the same class listed once
    assert with_ben.breakdown["friends_free_time"] == 60 // 30
    assert with_carol.breakdown["friends_free_time"] == 0


def test_a_friends_evening_class_does_not_stretch_their_free_daytime_past_its_end():
    # given: a class Monday 17:30-19:00, and Ben busy Monday 19:00-20:00 only
    evening = course("A 1", section("a", (0,), "17:30", "19:00"))
    ben = engine.Friend("Ben", busy=(engine.BusyBlock((0,), hm("19:00"), hm("20:00")),))
    prefs = engine.Preferences(friends_free_weight=1)
    # when
    best = solve(evening, preferences=prefs, friends=(ben,)).schedules[0]
    # then: only 17:30-18:00 is daytime (8:00-18:00)
    assert best.breakdown["friends_free_time"] == 1


def test_a_friends_busy_buffer_past_midnight_keeps_them_busy_the_next_morning():
    # given: Ben busy Monday 22:00-23:00 with 12 hours of rest after (to Tuesday 11:00)
    tuesday = course("A 1", section("a", (1,), "09:00", "10:00"))
    night = engine.BusyBlock((0,), hm("22:00"), hm("23:00"), buffer_after=12 * 60)
    ben = engine.Friend("Ben", busy=(night,))
    prefs = engine.Preferences(friends_free_weight=1)
    # when
    best = solve(tuesday, preferences=prefs, friends=(ben,)).schedules[0]
    # then: not free during Tuesday 9:00-10:00, as the same block of the student's own would hold
    assert best.breakdown["friends_free_time"] == 0
    assert not solve(tuesday, busy=(night,)).schedules


def test_a_friends_free_time_counts_monday_to_friday_only():
    # given: a class Friday and Saturday 9:00-10:00, and a friend with nothing to do
    weekend = course("A 1", section("a", (4, 5), "09:00", "10:00"))
    prefs = engine.Preferences(friends_free_weight=1)
    # when
    best = solve(weekend, preferences=prefs, friends=(engine.Friend("Ben"),)).schedules[0]
    # then: Friday's hour counts, Saturday's does not
    assert best.breakdown["friends_free_time"] == 2


def test_a_spent_budget_returns_the_best_so_far_not_proven():
    many = [
        course(
            f"K {i}",
            *[section(f"k{i}-{j}", (j % 5,), f"{8 + j}:00", f"{8 + j}:50") for j in range(8)],
        )
        for i in range(6)
    ]

    result = solve(*many, max_nodes=20, preferences=engine.Preferences(gaps_weight=1))

    assert result.proven_optimal is False
    assert result.nodes <= 21


class TickingClock:
    """A `time` module whose perf_counter moves on by `step` seconds at every read."""

    def __init__(self, step: float):
        self.now = 0.0
        self.step = step

    def perf_counter(self) -> float:
        self.now += self.step
        return self.now


def test_the_deadline_holds_in_process_and_returns_the_best_so_far(monkeypatch):
    # given: a request whose proof takes far longer than the deadline (compact days on random
    # half-hour times, eight courses of fourteen lectures with two linked discussions each), and
    # a search clock that moves on 20 ms each time it is read: a 50 ms deadline set at 20 ms
    # has passed at the third read after it, whatever the machine's load
    monkeypatch.setattr(search, "time", TickingClock(0.020))
    rng = random.Random(7)
    many = []
    for c in range(8):
        sections = []
        for s in range(14):
            start = rng.choice(range(8 * 60, 17 * 60, 30))
            days = rng.choice([(0, 2, 4), (1, 3), (0, 2)])
            lid = f"L{c}-{s}"
            sections.append(
                engine.Section(
                    lid, "LEC", tuple(engine.Meeting(d, start, start + 50) for d in days)
                )
            )
            for t in range(2):
                at = rng.choice(range(8 * 60, 18 * 60, 60))
                sections.append(
                    engine.Section(
                        f"{lid}-{t}",
                        "DIS",
                        (engine.Meeting(rng.randrange(5), at, at + 50),),
                        parent_id=lid,
                    )
                )
        many.append(course(f"R {c}", *sections))
    # when
    result = solve(*many, preferences=engine.Preferences(gaps_weight=2), deadline_ms=50)
    # then: the search stopped at the first look at the clock past the deadline
    assert result.nodes == 3 * search.DEADLINE_CHECK_EVERY
    assert result.proven_optimal is False
    assert result.schedules, "the best schedules found before the deadline"


def test_the_result_says_where_its_time_went():
    # given
    lecture = course("A 1", section("a1", MTWRF, "9:00", "9:50"))
    clash = course("B 1", section("b1", MTWRF, "9:00", "9:50"))
    # when
    found, nothing = solve(lecture), solve(lecture, clash)
    # then
    assert set(found.phases_ms) == {"compile", "search", "render"}
    assert set(nothing.phases_ms) == {"compile", "search", "render", "explain"}
    for result in (found, nothing):
        assert all(ms >= 0 for ms in result.phases_ms.values())
        assert sum(result.phases_ms.values()) <= result.elapsed_ms


def test_the_same_request_gives_the_same_answer():
    many = [
        course(
            f"K {i}",
            *[section(f"k{i}-{j}", (j % 5,), f"{8 + j}:00", f"{8 + j}:50") for j in range(6)],
        )
        for i in range(4)
    ]
    prefs = engine.Preferences(gaps_weight=1, days_on_campus_weight=2)

    first, second = solve(*many, preferences=prefs), solve(*many, preferences=prefs)

    assert [(s.sections, s.score) for s in first.schedules] == [
        (s.sections, s.score) for s in second.schedules
    ]


def test_the_bounded_heap_keeps_the_better_candidate_unlike_heapreplace():
    # heapreplace would pop first and always push: a worse candidate would get in
    top = TopK(2)
    for score in (5, 3):
        top.offer(score, (score,))
    top.offer(9, (9,))

    assert [score for score, _ in top.ranked()] == [3, 5]


def test_the_top_k_keeps_a_schedule_found_twice_only_once():
    top = TopK(3)
    for score, choices in ((4, (1, 2)), (4, (2, 1)), (6, (3, 4))):
        top.offer(score, choices)

    assert top.ranked() == [(4, (1, 2)), (6, (3, 4))]


def test_the_beam_does_not_let_a_worse_candidate_evict_a_better_one():
    # given: a pool of one; the cheap section is offered first, the dear one second
    a = course(
        "A 1", section("cheap", (0,), "10:00", "11:00"), section("dear", (0,), "8:00", "9:00")
    )
    prefs = engine.Preferences(early_weight=5, early_before=hm("9:30"))
    # when
    result = solve(a, preferences=prefs, strategy="beam", beam_width=1)
    # then: heapreplace would have swapped the kept cheap schedule for the dear one
    assert [s.sections for s in result.schedules] == [("cheap",)]
    assert result.proven_optimal is False


def test_an_infeasible_request_is_explained_with_a_minimal_set_and_repairs():
    # given: MATH fits only Friday 9:00, which the Friday block takes
    math = course("MATH 1", section("m1", (4,), "9:00", "10:00"))
    chem = course("CHEM 1", section("c1", (0,), "9:00", "10:00"))
    friday = engine.BusyBlock((4,), hm("8:00"), hm("12:00"), label="Friday ski trip")
    # when
    result = solve(math, chem, busy=(friday,))
    # then
    labels = {r.label for r in result.explanation.conflict_set}
    assert result.schedules == ()
    assert labels == {"MATH 1", "Friday ski trip"}
    assert {r.description for r in result.explanation.repairs} == {
        "drop MATH 1",
        "drop the busy time Friday ski trip",
    }


def test_an_unnamed_busy_time_s_repair_names_it_once():
    math = course("MATH 1", section("m1", (4,), "9:00", "10:00"))

    result = solve(math, busy=(engine.BusyBlock((4,), hm("8:00"), hm("12:00")),))

    repairs = {r.description for r in result.explanation.repairs}
    assert repairs == {"drop busy block 1"}


def test_a_required_course_with_no_section_makes_every_schedule_impossible_and_says_why():
    # given: CS 1 can be taken; MUSI 1 has no section at all this term (every one withdrawn)
    cs = course("CS 1", section("c1", (0,), "9:00", "10:00"))
    musi = engine.Course(code="MUSI 1", title="", components=())
    # when
    result = solve(cs, musi)
    # then: not a schedule of CS 1 alone, as if MUSI 1 were taken for free
    assert result.schedules == ()
    assert [r.label for r in result.explanation.conflict_set] == ["MUSI 1"]
    assert result.explanation.message == "MUSI 1 has no section to take this term."
    assert [r.description for r in result.explanation.repairs] == ["drop MUSI 1"]
    assert solve(cs, musi, strategy="beam").schedules == ()


def test_an_elective_course_with_no_section_is_never_a_free_pick():
    # given: pick 1 of MUSI 1 (no section) and ECON 1
    cs = course("CS 1", section("c1", (0,), "9:00", "10:00"))
    musi = engine.Course(code="MUSI 1", title="", components=())
    econ = course("ECON 1", section("e1", (1,), "9:00", "10:00"))
    # when
    group = engine.ElectiveGroup(pick=1, courses=(musi, econ))
    result = engine.generate_schedules(engine.Request(courses=(cs,), electives=(group,)))
    # then: every schedule takes ECON 1's section; none is CS 1 alone
    assert [s.sections for s in result.schedules] == [("c1", "e1")]


def test_a_pin_repair_names_the_section_to_take_instead():
    dis = course(
        "MATH 2",
        section("d1", (0,), "9:00", "10:00", component="DIS", label="101"),
        section("d4", (1,), "9:00", "10:00", component="DIS", label="104"),
    )
    other = course("CHEM 1", section("c1", (0,), "9:00", "10:00"))

    result = solve(dis, other, pinned=frozenset({"d1"}))

    assert {r.label for r in result.explanation.conflict_set} == {
        "pinned MATH 2 DIS 101 (d1)",
        "CHEM 1",
        "MATH 2",
    }
    assert [r.description for r in result.explanation.repairs] == [
        "take MATH 2 DIS 104 instead of pinned MATH 2 DIS 101 (d1)",
        "drop CHEM 1",
        "drop MATH 2, unpinning MATH 2 DIS 101 (d1)",
    ]
    # a dropped course's pin goes with it, named apart: not a change of its own
    repairs = result.explanation.repairs
    assert [[r.ref for r in repair.unpinned] for repair in repairs] == [[], [], ["d1"]]
    assert [len(repair.drops) for repair in repairs] == [1, 1, 1]


def test_a_pin_on_an_elective_course_is_named_by_its_course_and_can_be_unpinned():
    # given: one of A and B; A's only lecture, pinned, clashes with the required C
    a = course("A 1", section("a1", (0,), "9:00", "10:00", label="001"))
    b = course("B 1", section("b1", (1,), "9:00", "10:00"))
    c = course("C 1", section("c1", (0,), "9:00", "10:00"))
    # when
    result = solve(c, electives=(engine.ElectiveGroup(1, (a, b)),), pinned=frozenset({"a1"}))
    # then: without the pin, the schedule takes B instead of A
    assert "pinned A 1 LEC 001 (a1)" in {r.label for r in result.explanation.conflict_set}
    assert "unpin A 1 LEC 001 (a1)" in [r.description for r in result.explanation.repairs]


def test_excluded_sections_are_named_in_the_explanation_and_taking_one_is_a_repair():
    # given: CS 1110's lectures are all excluded but one, which clashes with MATH
    cs = course(
        "CS 1110",
        section("l1", (0,), "9:00", "10:00", label="001"),
        section("l2", (1,), "9:00", "10:00", label="002"),
        section("l3", (2,), "9:00", "10:00", label="003"),
    )
    math = course("MATH 1", section("m1", (0,), "9:00", "10:00"))
    # when
    result = solve(cs, math, excluded=frozenset({"l2", "l3"}))
    # then
    assert result.schedules == ()
    assert [(r.kind, r.ref, r.label) for r in result.explanation.conflict_set] == [
        ("course", "CS 1110", "CS 1110"),
        ("course", "MATH 1", "MATH 1"),
        ("exclusion", "CS 1110 LEC", "excluded CS 1110 LEC 002, 003"),
    ]
    assert [r.description for r in result.explanation.repairs] == [
        "take CS 1110 LEC 002, which you excluded",
        "drop CS 1110",
        "drop MATH 1",
    ]


def test_the_exclusion_repair_names_the_section_when_the_component_kind_has_a_space():
    # given: an independent-study component "IND ST" whose only fitting section is excluded
    study = course(
        "CS 1",
        section("i1", (0,), "9:00", "10:00", component="IND ST", label="001"),
        section("i2", (1,), "9:00", "10:00", component="IND ST", label="002"),
    )
    other = course("MATH 1", section("m1", (0,), "9:00", "10:00"))
    # when
    result = solve(study, other, excluded=frozenset({"i2"}))
    # then
    assert "take CS 1 IND ST 002, which you excluded" in [
        r.description for r in result.explanation.repairs
    ]


def test_a_pinned_section_that_is_also_excluded_gives_no_schedule():
    # given
    a = course("A 1", section("a1", (0,), "9:00", "10:00"), section("a2", (1,), "9:00", "10:00"))
    # when
    result = solve(a, pinned=frozenset({"a1"}), excluded=frozenset({"a1"}))
    # then: the pin is not dropped silently (it was: a2 came back)
    assert result.schedules == ()
    assert {r.label for r in result.explanation.conflict_set} == {
        "A 1",
        "pinned A 1 LEC a1",
        "excluded A 1 LEC a1",
    }


def test_section_viability_says_which_sections_can_still_be_used():
    a = course("A 1", section("a1", (0,), "9:00", "10:00"), section("a2", (1,), "9:00", "10:00"))
    b = course("B 1", section("b1", (0,), "9:00", "10:00"))

    verdict = engine.section_viability(engine.Request(courses=(a, b)))

    assert verdict == {"a1": False, "a2": True, "b1": True}


def test_section_viability_checks_only_the_sections_named():
    # given
    a = course("A 1", section("a1", (0,), "9:00", "10:00"), section("a2", (1,), "9:00", "10:00"))
    b = course("B 1", section("b1", (0,), "9:00", "10:00"))
    request = engine.Request(courses=(a, b))
    # when
    named = engine.section_viability(request, ["a1"])
    none_named = engine.section_viability(request, [])
    # then: an empty list names no section (it used to mean every section)
    assert named == {"a1": False}
    assert none_named == {}


def test_section_viability_says_unknown_when_the_budget_runs_out():
    # given: a request where every section fits, and no nodes to look with
    a = course("A 1", section("a1", (0,), "9:00", "10:00"), section("a2", (1,), "9:00", "10:00"))
    b = course("B 1", section("b1", (2,), "9:00", "10:00"))
    # when
    starved = engine.section_viability(engine.Request(courses=(a, b), max_nodes=1))
    late = engine.section_viability(engine.Request(courses=(a, b), deadline_ms=1e-9))
    # then: unknown, which is not "does not fit"
    assert starved == {"a1": None, "a2": None, "b1": None}
    assert late == {"a1": None, "a2": None, "b1": None}


def test_section_viability_answers_from_the_schedules_it_found(monkeypatch):
    # given: one schedule found for a1 also uses b1 and c1; c2 goes with a2, not a1
    from scheduler.engine import generate

    a = course("A 1", section("a1", (0,), "9:00", "10:00"), section("a2", (1,), "9:00", "10:00"))
    b = course("B 1", section("b1", (2,), "9:00", "10:00"))
    c = course("C 1", section("c1", (3,), "9:00", "10:00"), section("c2", (0,), "9:00", "10:00"))
    searches = []
    search = generate.exact
    monkeypatch.setattr(generate, "exact", lambda *a, **k: searches.append(1) or search(*a, **k))
    # when
    verdict = engine.section_viability(engine.Request(courses=(a, b, c)))
    # then: a1 and a2 needed a search of their own; the search for a2 tried the choice no
    # schedule had used yet (c2) first; b1, c1 and c2 were in the schedules found
    assert verdict == {"a1": True, "a2": True, "b1": True, "c1": True, "c2": True}
    assert len(searches) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"k": 0}, "k must be between 1 and 100"),
        ({"k": 101}, "k must be between 1 and 100"),
        ({"pinned": frozenset({"nope"})}, "pinned section nope"),
        ({"preferences": engine.Preferences(gaps_weight=-1)}, "gaps_weight"),
        ({"strategy": "magic"}, "strategy"),
    ],
)
def test_malformed_requests_raise_a_scheduling_error(change, message):
    a = course("A 1", section("a1", (0,), "9:00", "10:00"))

    with pytest.raises(engine.SchedulingError, match=message):
        engine.generate_schedules(engine.Request(courses=(a,), **change))


def test_the_engine_imports_without_django():
    code = "import sys; from scheduler import engine; print('django' in sys.modules)"
    root = Path(__file__).resolve().parents[2]

    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )

    assert out.stdout.strip() == "False"


def test_a_wide_elective_group_that_cannot_fit_is_named_short_and_can_be_dropped():
    # given: CS 1110 at 9:00 on Monday and Tuesday, and a group of seven courses at 9:00 on
    # one of those days (any two of them on different days fit, but not beside CS 1110)
    cs = course("CS 1110", section("c", (0, 1), "9:00", "10:00"))
    pool = tuple(course(f"HIST {n}", section(f"h{n}", (n % 2,), "9:00", "9:50")) for n in range(7))
    # when
    result = solve(cs, electives=(engine.ElectiveGroup(2, pool),))
    # then: the group is named by its first five courses, and dropping it (or CS 1110) fits
    assert result.schedules == ()
    assert [(r.kind, r.label) for r in result.explanation.conflict_set] == [
        ("course", "CS 1110"),
        ("elective", "2 of HIST 0, HIST 1, HIST 2, HIST 3, HIST 4 and 2 more"),
    ]
    assert [r.description for r in result.explanation.repairs] == [
        "drop the elective group 2 of HIST 0, HIST 1, HIST 2, HIST 3, HIST 4 and 2 more",
        "drop CS 1110",
    ]


def test_a_busy_time_that_every_section_of_several_courses_clashes_with_names_them_all():
    # given: four Monday courses at four hours, a fifth on Tuesday, and work all Monday
    hours = range(9, 13)
    monday = [course(f"C{h - 9}", section(f"s{h}", (0,), f"{h}:00", f"{h}:50")) for h in hours]
    tuesday = course("T1", section("t1", (1,), "9:00", "9:50"))
    work = engine.BusyBlock((0,), hm("8:00"), hm("18:00"), label="work")
    # when
    result = solve(*monday, tuesday, busy=(work,))
    # then: the minimal set names one of them; the message names the other three, not T1
    assert {r.label for r in result.explanation.conflict_set} == {"C3", "work"}
    assert result.explanation.message == (
        "Every C3 LEC section clashes with the busy time work. "
        "The same holds for C0 (LEC), C1 (LEC) and C2 (LEC)."
    )
    assert [r.description for r in result.explanation.repairs][0] == "drop the busy time work"


def test_courses_of_an_elective_group_a_busy_time_empties_are_said_apart_from_required_ones():
    # given: two required Monday courses and a group of two electives (pick 1), one of them on
    # Monday; work all Monday
    monday = [course(f"C{h - 9}", section(f"s{h}", (0,), f"{h}:00", f"{h}:50")) for h in (9, 10)]
    pool = (
        course("HIST 1", section("h1", (0,), "14:00", "14:50")),
        course("HIST 2", section("h2", (1,), "14:00", "14:50")),
    )
    work = engine.BusyBlock((0,), hm("8:00"), hm("18:00"), label="work")
    # when
    result = solve(*monday, busy=(work,), electives=(engine.ElectiveGroup(1, pool),))
    # then: the other required course is "the same", the elective one its group can do without
    assert {r.label for r in result.explanation.conflict_set} == {"C1", "work"}
    assert result.explanation.message == (
        "Every C1 LEC section clashes with the busy time work. "
        "The same holds for C0 (LEC). "
        "It holds for your elective HIST 1 (LEC) too, which its group can do without."
    )


def test_elective_courses_alone_emptied_beside_the_conflict_are_not_called_required():
    # given: one required Monday course, and two Monday electives in a group of three (pick 1)
    req = course("C0", section("s0", (0,), "9:00", "9:50"))
    pool = tuple(
        course(f"HIST {n}", section(f"h{n}", (day,), "14:00", "14:50"))
        for n, day in ((1, 0), (2, 0), (3, 1))
    )
    work = engine.BusyBlock((0,), hm("8:00"), hm("18:00"), label="work")
    # when
    result = solve(req, busy=(work,), electives=(engine.ElectiveGroup(1, pool),))
    # then
    assert result.explanation.message == (
        "Every C0 LEC section clashes with the busy time work. The same holds for your electives"
        " HIST 1 (LEC) and HIST 2 (LEC), which their groups can do without."
    )


def test_two_clashes_at_once_are_mended_by_repairs_of_two_changes():
    # given: MATH fits only Friday 9:00, under the ski trip; CHEM only Monday 9:00, under work
    math = course("MATH 1", section("m1", (4,), "9:00", "10:00"))
    chem = course("CHEM 1", section("c1", (0,), "9:00", "10:00"))
    friday = engine.BusyBlock((4,), hm("8:00"), hm("12:00"), label="ski trip")
    monday = engine.BusyBlock((0,), hm("8:00"), hm("12:00"), label="work")
    # when
    result = solve(math, chem, busy=(friday, monday))
    # then: one clash named, the other said, and every way to mend both, each feasible
    explanation = result.explanation
    assert result.schedules == ()
    assert {r.label for r in explanation.conflict_set} == {"CHEM 1", "work"}
    assert explanation.message == (
        "Every CHEM 1 LEC section clashes with the busy time work. Without CHEM 1, these still "
        "clash: MATH 1; ski trip. Each repair makes two changes."
    )
    assert {r.description for r in explanation.repairs} == {
        "drop CHEM 1 and drop the busy time ski trip",
        "drop the busy time work and drop MATH 1",
        "drop the busy time work and drop the busy time ski trip",
    }
    assert all(len(r.drops) == 2 for r in explanation.repairs)
    mended = solve(math, chem, busy=())
    assert [s.sections for s in mended.schedules] == [("c1", "m1")]


def test_three_clashes_at_once_are_named_without_a_repair():
    # given: three courses, each under a busy time of its own
    courses = [course(f"C {d}", section(f"s{d}", (d,), "9:00", "10:00")) for d in range(3)]
    busy = tuple(engine.BusyBlock((d,), hm("8:00"), hm("12:00"), label=f"b{d}") for d in range(3))
    # when
    result = solve(*courses, busy=busy)
    # then
    assert result.explanation.repairs == ()
    assert result.explanation.message.endswith(
        "No change of one or two requirements mends them all."
    )


def test_two_clashes_sharing_a_member_name_the_whole_second_clash():
    # given: three one-section courses all on Monday at 9:00
    courses = [course(f"{c} 1", section(c.lower(), (0,), "9:00", "10:00")) for c in "ABC"]
    # when
    explanation = solve(*courses).explanation
    # then: what is said to clash without the first member does clash (no course alone does)
    first = explanation.conflict_set[0].label
    after = explanation.message.split(f"Without {first}, these still clash: ")[1]
    said = after.split(".")[0].split("; ")
    assert len(said) == 2 and first not in said
    assert all(len(r.drops) == 2 for r in explanation.repairs) and explanation.repairs


def test_the_pair_search_cut_short_by_the_budget_claims_nothing_and_says_so():
    # given: the two clashes of the ski trip and work, and a budget too small for every pair
    math = course("MATH 1", section("m1", (4,), "9:00", "10:00"))
    chem = course("CHEM 1", section("c1", (0,), "9:00", "10:00"))
    friday = engine.BusyBlock((4,), hm("8:00"), hm("12:00"), label="ski trip")
    monday = engine.BusyBlock((0,), hm("8:00"), hm("12:00"), label="work")
    # when
    busy = (friday, monday)
    explanations = [solve(math, chem, busy=busy, max_nodes=n).explanation for n in range(8, 30)]
    # then: an explanation is flagged incomplete exactly when its message says the budget ran out
    cut = [e.message for e in explanations if "budget ran out" in e.message]
    assert cut and not any("No change of one or two" in m for m in cut)
    assert all(e.complete is ("budget ran out" not in e.message) for e in explanations)
    assert any(e.complete for e in explanations)


def test_the_beam_strategys_explanation_offers_every_change_the_exact_search_finds():
    # given: four courses crowding Monday and Wednesday mornings, a busy Monday morning, and a
    # beam so narrow that it misses the schedule some single changes allow
    spec = {0: [(2, 10), (2, 11), (0, 10)], 1: [(2, 10), (2, 10)], 2: [(0, 10), (0, 11), (1, 10)]}
    spec[3] = [(0, 10), (2, 11), (2, 11)]
    courses = []
    for c, at in spec.items():
        sections = (section(f"c{c}s{i}", (d,), f"{h}:00", f"{h}:50") for i, (d, h) in enumerate(at))
        courses.append(course(f"C {c}", *sections))
    monday = engine.BusyBlock((0,), hm("8:00"), hm("11:00"), label="b0")
    prefs = engine.Preferences(early_weight=5, early_before=hm("11:00"))
    # when
    beam = solve(*courses, busy=(monday,), preferences=prefs, strategy="beam", beam_width=1)
    exact = solve(*courses, busy=(monday,), preferences=prefs)
    # then: the same repairs, each of one change
    assert beam.schedules == () and exact.schedules == ()
    offered = [r.description for r in beam.explanation.repairs]
    assert offered == [r.description for r in exact.explanation.repairs] and "drop C 1" in offered


def test_a_schedule_the_beam_misses_is_found_by_the_exact_search_and_says_so():
    # given: a beam of one keeps A's cheap Monday section, which B's only section clashes with
    a = course(
        "A 1", section("cheap", (0,), "10:00", "11:00"), section("dear", (1,), "8:00", "9:00")
    )
    b = course("B 1", section("b", (0,), "10:00", "11:00"))
    prefs = engine.Preferences(early_weight=5, early_before=hm("9:30"))
    # when
    result = solve(a, b, preferences=prefs, strategy="beam", beam_width=1)
    # then: not "nothing and no reason"
    assert [s.sections for s in result.schedules] == [("dear", "b")]
    assert result.strategy == "exact" and result.proven_optimal
    assert result.schedules[0].warnings == (
        "The beam search found no schedule; the exact search found this one.",
    )
    assert result.explanation is None


def test_dropping_the_only_course_is_no_repair_and_the_pairs_are_searched():
    # given: CS 2100 alone, its pinned 11:00 lecture under work and the Friday lab meeting,
    # its other lecture under work
    mwf = (0, 2, 4)
    cs = course(
        "CS 2100",
        section("s1", mwf, "11:00", "11:50", label="001"),
        section("s2", mwf, "12:00", "12:50", label="002"),
    )
    work = engine.BusyBlock(mwf, hm("10:30"), hm("14:00"), label="work")
    lab = engine.BusyBlock((4,), hm("11:00"), hm("12:00"), label="lab meeting")
    # when
    result = solve(cs, pinned=frozenset({"s1"}), busy=(work, lab))
    # then: not "drop CS 2100" (a request of nothing), but the two changes that mend it
    assert [r.description for r in result.explanation.repairs] == [
        "drop the busy time lab meeting and drop the busy time work",
        "take CS 2100 LEC 002 instead of pinned CS 2100 LEC 001 (s1) and drop the busy time work",
    ]
    assert result.explanation.message.endswith("Each repair makes two changes.")


def test_dropping_every_course_and_group_is_no_repair():
    # given: A 1 under work on Monday, and a group of one course, B 1, under a Tuesday trip
    a = course("A 1", section("a", (0,), "9:00", "10:00"))
    b = course("B 1", section("b", (1,), "9:00", "10:00"))
    work = engine.BusyBlock((0,), hm("8:00"), hm("12:00"), label="work")
    trip = engine.BusyBlock((1,), hm("8:00"), hm("12:00"), label="trip")
    # when
    result = solve(a, electives=(engine.ElectiveGroup(1, (b,)),), busy=(work, trip))
    # then: dropping A 1 and the group together would leave nothing to take
    descriptions = {r.description for r in result.explanation.repairs}
    assert descriptions == {
        "drop the busy time trip and drop A 1",
        "drop the elective group 1 of B 1 and drop the busy time work",
        "drop the busy time trip and drop the busy time work",
    }


def monday_pool(group: int, size: int) -> engine.Course:
    """A course of elective group `group` with a lecture at each of five Monday hours."""
    code = f"G{group} {size}"
    lectures = [section(f"{code}-{h}", (0,), f"{h}:00", f"{h}:50") for h in range(9, 14)]
    return course(code, *lectures)


def test_explaining_elective_picks_that_cannot_fit_does_not_search_every_selection_again():
    # given: three groups picking 2 of 5 courses each, every course on Monday at one of five
    # hours (any two groups fit, not three), and a block over Monday: impossible at once
    groups = tuple(
        engine.ElectiveGroup(2, tuple(monday_pool(g, n) for n in range(5))) for g in range(3)
    )
    away = engine.BusyBlock((0,), hm("8:00"), hm("20:00"), label="away")
    # when: a node budget the proofs without dropping the block once took 23 times over
    result = solve(electives=groups, busy=(away,), max_nodes=5_000)
    # then: the explanation is whole, each repair dropping the block and one group
    explanation = result.explanation
    assert "budget ran out" not in explanation.message and explanation.complete
    assert len(explanation.repairs) == 3
    assert all({d.kind for d in r.drops} == {"busy", "elective"} for r in explanation.repairs)


def test_an_explanation_cut_short_leaves_the_proof_that_nothing_fits_standing():
    # given: the groups above, and a node budget the explanation runs out of
    groups = tuple(
        engine.ElectiveGroup(2, tuple(monday_pool(g, n) for n in range(5))) for g in range(3)
    )
    away = engine.BusyBlock((0,), hm("8:00"), hm("20:00"), label="away")
    # when
    result = solve(electives=groups, busy=(away,), max_nodes=30)
    # then: the search proved there is no schedule; only the explanation is partial
    assert result.schedules == () and result.proven_optimal
    assert "budget ran out" in result.explanation.message and not result.explanation.complete


def test_an_explanation_cut_short_while_pricing_a_change_that_mends_it_says_so_not_pairs():
    # given: physics only in the mornings a busy time takes, and eight other courses to price a
    # schedule without that busy time by (the early and idle-gap preferences)
    mornings = (section(f"p{i}", (0, 2, 4), f"{9 + i}:00", f"{9 + i}:50") for i in range(3))
    physics = course("PHYS 1", *mornings)

    def spread(n: int) -> list[engine.Section]:
        return [
            section(f"c{n}{i}", (n % 5,), f"{8 + 2 * i}:00", f"{9 + 2 * i}:15") for i in range(4)
        ]

    others = [course(f"C {n}", *spread(n)) for n in range(8)]
    am = engine.BusyBlock((0, 2, 4), hm("9:00"), hm("12:00"), buffer_after=30, label="am")
    prefs = engine.Preferences(early_weight=5, gaps_weight=2)
    whole = solve(physics, *others, busy=(am,), preferences=prefs).explanation
    # when: every node budget up to what the whole explanation takes
    results = [
        solve(physics, *others, busy=(am,), preferences=prefs, max_nodes=n) for n in range(1, 400)
    ]
    cut = [r.explanation for r in results if r.explanation is not None]  # None: not proven empty
    # then: dropping the busy time mends it, so no explanation sends the student looking for pairs
    # of changes; one cut short while pricing that change names it
    assert [r.description for r in whole.repairs] == ["drop the busy time am"] and whole.complete
    paired = [e.message for e in cut if "pair" in e.message]
    assert not paired, paired[:1]
    said = "budget ran out before the best schedule without the busy time am was found."
    assert any(said in e.message and not e.repairs and not e.complete for e in cut)


def test_an_explanation_cut_short_by_the_node_budget_names_the_node_budget():
    # given: the ski trip and work clashes, and node budgets too small for every pair of changes
    math = course("MATH 1", section("m1", (4,), "9:00", "10:00"))
    chem = course("CHEM 1", section("c1", (0,), "9:00", "10:00"))
    friday = engine.BusyBlock((4,), hm("8:00"), hm("12:00"), label="ski trip")
    monday = engine.BusyBlock((0,), hm("8:00"), hm("12:00"), label="work")
    # when: a deadline no run reaches, so only the nodes can run out
    results = [
        solve(math, chem, busy=(friday, monday), max_nodes=n, deadline_ms=3_600_000)
        for n in range(8, 30)
    ]
    # then
    cut = [r.explanation.message for r in results if "budget ran out" in r.explanation.message]
    assert cut
    assert all("(The node budget ran out before" in m for m in cut)


def test_repairs_that_keep_every_course_come_first_then_groups_then_courses():
    # given: MATH 2's pinned Monday discussion clashes with ART 1, a group of one; its other
    # discussion is at 8:00, which the early-classes preference prices
    dis = course(
        "MATH 2",
        section("d1", (0,), "9:00", "10:00", component="DIS", label="101"),
        section("d4", (1,), "8:00", "9:00", component="DIS", label="104"),
    )
    art = course("ART 1", section("a1", (0,), "9:00", "10:00"))
    prefs = engine.Preferences(early_weight=5, early_before=hm("9:00"))
    # when
    result = solve(
        dis,
        electives=(engine.ElectiveGroup(1, (art,)),),
        pinned=frozenset({"d1"}),
        preferences=prefs,
    )
    # then: the dearer change of section first, as it keeps every course; dropping the course
    # (which costs nothing) last
    repairs = [(r.description, r.best_score) for r in result.explanation.repairs]
    assert [d for d, _ in repairs] == [
        "take MATH 2 DIS 104 instead of pinned MATH 2 DIS 101 (d1)",
        "drop the elective group 1 of ART 1",
        "drop MATH 2, unpinning MATH 2 DIS 101 (d1)",
    ]
    assert repairs[0][1] > repairs[2][1] == 0


def test_an_elective_group_none_of_whose_courses_has_a_section_says_so():
    # given: CS 1, and a group picking 1 of two courses with no section this term
    cs = course("CS 1", section("c1", (0,), "9:00", "10:00"))
    empty = [engine.Course(code=code, title="", components=()) for code in ("EDIS 1", "EDLF 2")]
    # when
    result = solve(cs, electives=(engine.ElectiveGroup(1, tuple(empty)),))
    # then
    assert result.explanation.message == (
        "EDIS 1 and EDLF 2 have no section to take this term, so the elective group "
        "1 of EDIS 1, EDLF 2 cannot be filled."
    )


def test_an_elective_group_with_too_few_courses_with_sections_names_those_without():
    # given: pick 2 of ART 1 and MUSI 1, whose discussion has no section left this term
    art = course("ART 1", section("a1", (0,), "9:00", "10:00"))
    lecture = engine.Component("LEC", "LEC", (section("m1", (1,), "9:00", "10:00"),))
    musi = engine.Course("MUSI 1", "", (lecture, engine.Component("DIS", "DIS", ())))
    # when
    result = solve(electives=(engine.ElectiveGroup(2, (art, musi)),))
    # then
    assert result.explanation.message == (
        "MUSI 1 has no DIS section to take this term, so the elective group "
        "2 of ART 1, MUSI 1 cannot be filled."
    )


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (engine.Filters(open_seats_only=True), "BIO 1 has no LAB section with open seats."),
        (engine.Filters(campuses=frozenset({"North"})), "BIO 1 has no LAB section on North."),
        (
            engine.Filters(modalities=frozenset({"in_person"})),
            "BIO 1 has no LAB section taught in person.",
        ),
    ],
    ids=["open-seats", "campus", "modality"],
)
def test_a_filter_that_leaves_a_component_without_a_section_says_which(filters, message):
    # given: BIO 1's lecture is open, in person, on North; both its labs are full, online, on South
    lab = {"status": "closed", "campus": "South", "modality": "online"}
    bio = course(
        "BIO 1",
        section("lec", (0,), "9:00", "9:50", campus="North"),
        section("lab1", (1,), "9:00", "10:50", component="LAB", **lab),
        section("lab2", (2,), "9:00", "10:50", component="LAB", **lab),
    )
    # when
    result = solve(bio, filters=filters)
    # then: the message names the component the filter empties; lifting the filter is the repair
    assert result.schedules == ()
    assert result.explanation.message == message
    assert [r.drops[0].kind for r in result.explanation.repairs] == ["filter"]


def test_a_meeting_listed_twice_is_one_class_to_the_preferences():
    # given: a lab listed twice on Tuesday 13:00-16:00 (one class in two rooms)
    twice = engine.Section(
        "lab",
        "LAB",
        (engine.Meeting(1, hm("13:00"), hm("16:00")), engine.Meeting(1, hm("13:00"), hm("16:00"))),
    )
    chem = course("CHEM 2", twice)
    ben = engine.Friend("Ben", frozenset(), busy=())
    prefs = engine.Preferences(late_weight=1, late_after=hm("15:00"), friends_free_weight=1)
    # when
    best = solve(chem, preferences=prefs, friends=(ben,)).schedules[0]
    # then: one class ending after 15:00, and its 180 minutes of Ben's free time counted once
    assert best.breakdown["late"] == 1
    assert best.breakdown["friends_free_time"] == 180 // 30


def test_a_weekly_slot_listed_again_with_other_dates_is_one_class_for_early_and_late():
    # given: a seminar on Tuesday 8:00-20:00 all term, listed again for two weeks of November
    # (a room change, as NUIP 4610 17422 is listed), beside the same seminar listed once
    nov = {"first_date": date(2025, 11, 4), "last_date": date(2025, 11, 11)}
    tuesday = engine.Meeting(1, hm("8:00"), hm("20:00"))
    again = engine.Section(
        "again", "SEM", (tuesday, engine.Meeting(1, hm("8:00"), hm("20:00"), **nov))
    )
    once = engine.Section("once", "SEM", (tuesday,))
    prefs = engine.Preferences(
        early_weight=1, early_before=hm("9:00"), late_weight=1, late_after=hm("18:00")
    )
    # when
    scores = {
        s.id: solve(course("NUIP 1", s), preferences=prefs).schedules[0].breakdown
        for s in (again, once)
    }
    # then: one class starting before 9:00 and one ending after 18:00 either way
    assert scores["again"] == scores["once"] == {"early": 1, "late": 1}


def test_a_group_that_cannot_fit_is_proved_so_once_not_once_per_pick_of_another_group():
    # given: one of six free courses, and three of four courses that all meet at one time
    free = tuple(
        course(f"A {i}", section(f"a{i}", (i % 5,), f"{8 + i}:00", f"{8 + i}:50")) for i in range(6)
    )
    clashing = tuple(
        course(
            f"B {i}",
            section(f"b{i}", (0, 2), "15:00", "16:15"),
            section(f"c{i}", (1, 3), "15:00", "16:15"),
        )
        for i in range(4)
    )
    groups = (engine.ElectiveGroup(1, free), engine.ElectiveGroup(3, clashing))
    # when: a node budget the search once ran out of, proving the second group fails after
    # each free course in turn (158 nodes)
    result = solve(electives=groups, max_nodes=100)
    # then
    assert result.schedules == () and result.proven_optimal
    assert result.explanation.message == "These cannot all hold together: 3 of B 0, B 1, B 2, B 3."


# Tuesday 2 to Thursday 4 September 2025: no Monday, so a Monday meeting dated so never meets
NO_MONDAY = {"first": date(2025, 9, 2), "last": date(2025, 9, 4)}
ALL_PREFERENCES = engine.Preferences(
    early_weight=1,
    late_weight=1,
    days_on_campus_weight=1,
    free_days_weight=1,
    free_days=frozenset({0}),
    gaps_weight=1,
    lunch_weight=1,
    marathon_weight=1,
    friends_free_weight=1,
)


def test_a_weekly_meeting_whose_dates_hold_none_of_its_weekday_counts_in_no_preference():
    # given: ODD 1 meets Monday 7:00-20:00, dated Tuesday to Thursday (it never takes place),
    # and ART 1 Wednesday 12:00-12:50; a friend with no busy time
    odd = course("ODD 1", section("odd", (0,), "7:00", "20:00", **NO_MONDAY))
    art = course("ART 1", section("art", (2,), "12:00", "12:50"))
    ben = engine.Friend("Ben", frozenset(), busy=())
    # when
    best = solve(odd, art, preferences=ALL_PREFERENCES, friends=(ben,)).schedules[0]
    # then: only ART 1 is priced (one day on campus, its 50 minutes of Ben's free time)
    assert best.breakdown == {
        "early": 0,
        "late": 0,
        "days_on_campus": 1,
        "free_days": 0,
        "gaps": 0,
        "lunch": 0,
        "marathon": 0,
        "friends_free_time": 1,
    }


def test_a_weekly_meeting_that_never_takes_place_is_shown_with_its_section_and_a_warning():
    # given: ODD 1's only meeting is on Monday, dated Tuesday to Thursday; a Monday class at its
    # hours, and a Monday busy time that week
    odd = course("ODD 1", section("odd", (0,), "9:00", "10:00", label="001", **NO_MONDAY))
    monday = course("MON 1", section("mon", (0,), "9:00", "10:00", first=date(2025, 9, 8)))
    week = {"first_date": date(2025, 9, 1), "last_date": date(2025, 9, 7)}
    busy = engine.BusyBlock((0,), hm("9:30"), hm("9:45"), label="clinic", **week)
    # when
    results = [solve(odd, monday, busy=(busy,), strategy=s) for s in ("exact", "beam")]
    # then: it clashes with neither, is taken, not as a TBA section, and the schedule says why
    for result in results:
        (best,) = result.schedules
        assert set(best.sections) == {"odd", "mon"}
        assert best.tba == ()
        assert best.warnings == (
            "ODD 1 LEC 001 meets Mo 09:00-10:00 from 2025-09-02 to 2025-09-04, which holds no "
            "Monday: that meeting never takes place.",
        )


def test_a_weekly_meeting_all_of_whose_dates_are_holidays_never_takes_place():
    # given: ODD 1 meets on Mondays 1 and 8 September 2025 only, both holidays, 9:00-10:00, as
    # MON 1 does all term
    mondays = {"first": date(2025, 9, 1), "last": date(2025, 9, 8)}
    odd = course("ODD 1", section("odd", (0,), "9:00", "10:00", **mondays))
    monday = course("MON 1", section("mon", (0,), "9:00", "10:00"))
    holidays = frozenset({date(2025, 9, 1), date(2025, 9, 8)})
    prefs = engine.Preferences(days_on_campus_weight=1)
    # when
    on_holidays = solve(odd, monday, holidays=holidays, preferences=prefs)
    one_held = solve(odd, monday, holidays=frozenset({date(2025, 9, 1)}), preferences=prefs)
    # then: with every date a holiday it neither clashes nor counts; with one date held, it does
    (best,) = on_holidays.schedules
    assert best.breakdown == {"days_on_campus": 1}
    assert best.warnings == (
        "ODD 1 LEC odd meets Mo 09:00-10:00 from 2025-09-01 to 2025-09-08, every Monday of "
        "which is a holiday: that meeting never takes place.",
    )
    assert one_held.schedules == ()


# Tuesday 2 September 2025, listed as if on a Monday
TUESDAY = date(2025, 9, 2)


@pytest.mark.parametrize("strategy", ["exact", "beam"])
def test_a_one_off_meeting_is_held_on_its_dates_weekday_not_the_one_it_is_listed_on(strategy):
    # given: a lab listed on Monday 13:00-16:00 but dated Tuesday 2 September, a weekly Tuesday
    # class and a weekly Monday class at that time, and a Tuesday busy time that week
    lab = course(
        "LAB 1",
        section("lab", (0,), "13:00", "16:00", first=TUESDAY, last=TUESDAY, kind=engine.ONE_OFF),
    )
    tuesday = course("TUE 1", section("tue", (1,), "14:00", "15:00"))
    monday = course("MON 1", section("mon", (0,), "14:00", "15:00"))
    week = {"first_date": date(2025, 9, 1), "last_date": date(2025, 9, 7)}
    busy = engine.BusyBlock((1,), hm("15:30"), hm("17:00"), label="clinic", **week)
    # when
    with_tuesday = solve(lab, tuesday, strategy=strategy)
    with_monday = solve(lab, monday, strategy=strategy)
    with_busy = solve(lab, busy=(busy,), strategy=strategy)
    # then: it clashes with Tuesday's class and busy time, not with Monday's class
    assert with_tuesday.schedules == ()
    assert [set(s.sections) for s in with_monday.schedules] == [{"lab", "mon"}]
    assert with_busy.schedules == ()


def test_an_exam_is_warned_about_on_its_dates_weekday_not_the_one_it_is_listed_on():
    # given: CHEM 1's exam listed on Monday 19:00-20:30 but dated Tuesday 2 September, a Tuesday
    # evening class, a Monday evening class and a Tuesday evening busy time
    exam = engine.Meeting(0, hm("19:00"), hm("20:30"), TUESDAY, TUESDAY, engine.EXAM)
    chem = engine.Course(
        "CHEM 1", "", (engine.Component("LEC", "", (engine.Section("c", "LEC", (exam,)),)),)
    )
    tuesday = course("TUE 1", section("tue", (1,), "19:30", "21:00"))
    monday = course("MON 1", section("mon", (0,), "19:30", "21:00"))
    busy = engine.BusyBlock((1,), hm("18:00"), hm("19:15"), label="evening job")
    # when
    (best,) = solve(chem, tuesday, monday, busy=(busy,)).schedules
    # then: the clash and the busy time of its date are said, with the date's weekday
    assert set(best.warnings) == {
        "CHEM 1 exam (Tu 2025-09-02 19:00) clashes with TUE 1",
        "CHEM 1 exam (Tu 2025-09-02 19:00) falls in the busy time evening job",
    }


def pigeonholes(holes: int) -> tuple[engine.Course, ...]:
    """`holes + 1` courses, each with a section at every one of `holes` weekday hours: they
    cannot all fit, and a search takes long to prove it."""
    return tuple(
        course(
            f"P {c}",
            *[
                section(f"p{c}-{h}", (h % 5,), f"{8 + h // 5}:00", f"{8 + h // 5}:50")
                for h in range(holes)
            ],
        )
        for c in range(holes + 1)
    )


def test_explain_infeasibility_called_directly_keeps_to_a_fifth_of_the_deadline(monkeypatch):
    # given: ten hours for eleven courses, whose proof takes the explanation seconds, and a
    # search clock that moves on 10 ms at every read
    request = engine.Request(courses=pigeonholes(10), deadline_ms=1_000, max_nodes=10**9)
    clock = TickingClock(0.010)
    monkeypatch.setattr(search, "time", clock)
    # when
    engine.explain_infeasibility(request)
    # then: as when generate_schedules explains, a fifth of the deadline (200 ms from the
    # budget's first read) and one look at the clock past it
    assert 0.200 < clock.now <= 0.010 + 0.200 + 0.010 + 1e-9


def test_a_friend_busy_only_on_holidays_of_a_class_is_free_during_it():
    # given: Dan's Monday 14:00-15:15 class meets on 1 and 8 September 2025 only, both holidays,
    # so never beside the student's whole-term Monday class at that time
    mondays = (date(2025, 9, 1), date(2025, 9, 8))
    busy = engine.BusyBlock((0,), hm("14:00"), hm("15:15"), 0, 0, *mondays)
    dan = engine.Friend("Dan", busy=(busy,))
    hist = course("HIST 1", section("h", (0,), "14:00", "15:15"))
    prefs = engine.Preferences(friends_free_weight=1)
    # when
    on_holidays = solve(hist, preferences=prefs, friends=(dan,), holidays=frozenset(mondays))
    one_held = solve(hist, preferences=prefs, friends=(dan,), holidays=frozenset(mondays[:1]))
    # then: its 75 minutes are Dan's free time unless one of his dates is held
    assert on_holidays.schedules[0].breakdown == {"friends_free_time": 75 // 30}
    assert one_held.schedules[0].breakdown == {"friends_free_time": 0}


@pytest.mark.parametrize(("passing", "expected"), [(10, 2), (15, 2), (29, 3), (30, 0)])
def test_a_passing_period_does_not_end_a_marathon_by_default(passing, expected):
    # given: three 75-minute classes on Tuesday with `passing` minutes between them (Georgia
    # Tech's and Virginia's Tuesday-Thursday slots pass in 15), and a cap of three hours
    start = hm("9:00")
    meetings = tuple(
        engine.Meeting(1, start + i * (75 + passing), start + i * (75 + passing) + 75)
        for i in range(3)
    )
    a = course("A 1", engine.Section("a", "LEC", meetings))
    # when
    result = engine.generate_schedules(
        engine.Request(courses=(a,), preferences=engine.Preferences(marathon_weight=1))
    )
    # then: one run, 225 minutes of class and the passing, over the cap by 65 to 103 minutes
    # (in units of 30); a break of 30 minutes cuts it into runs of 75 minutes
    assert result.schedules[0].breakdown.get("marathon", 0) == expected


@pytest.mark.parametrize("preference", ["instructor", "friend"])
def test_an_elective_group_prefers_the_course_a_preferred_instructor_or_friend_is_in(preference):
    # given: pick 1 of Y, Z and X; Lopez teaches X's lecture x1 and a friend takes it
    y = course("Y 1", section("y1", (0,), "9:00", "10:00"))
    z = course("Z 1", section("z1", (1,), "9:00", "10:00"))
    x = course(
        "X 1",
        section("x1", (2,), "9:00", "10:00", instructors=("Lopez",)),
        section("x2", (3,), "9:00", "10:00", instructors=("Kim",)),
    )
    if preference == "instructor":
        prefs = engine.Preferences(instructor_weight=25, preferred_instructors=frozenset({"Lopez"}))
        friends, name = (), "instructors"
    else:
        prefs = engine.Preferences(friends_shared_weight=25)
        friends, name = (engine.Friend("Sam", section_ids=frozenset({"x1"})),), "friends_shared"
    # when
    result = solve(
        electives=(engine.ElectiveGroup(1, (y, z, x)),), preferences=prefs, friends=friends
    )
    # then: x1 first at no cost; x2, Y and Z each miss the one section with Lopez or the friend
    ranked = [(s.sections, s.score, s.breakdown[name]) for s in result.schedules]
    assert ranked[0] == (("x1",), 0, 0)
    assert sorted(ranked[1:]) == [(("x2",), 25, 25), (("y1",), 25, 25), (("z1",), 25, 25)]


@pytest.mark.parametrize("order", [("50", "10", "20"), ("10", "20", "50"), ("20", "50", "10")])
def test_labs_whose_one_off_dates_differ_at_an_exams_time_are_not_offered_as_equivalent(order):
    # given: labs 10 and 50 meet once on Sep 24 at 19:00, during CHEM 1's exam; lab 20 on Oct 1
    on, later = date(2025, 9, 24), date(2025, 10, 1)
    dated = {"10": on, "50": on, "20": later}
    labs = tuple(
        engine.Section(
            sid,
            "LAB",
            (
                engine.Meeting(
                    dated[sid].weekday(),
                    hm("19:00"),
                    hm("20:30"),
                    dated[sid],
                    dated[sid],
                    engine.ONE_OFF,
                ),
            ),
        )
        for sid in order
    )
    lab = engine.Course("LAB 1", "LAB 1", (engine.Component("LAB", "Lab", labs),))
    exam = engine.Meeting(on.weekday(), hm("19:00"), hm("21:00"), on, on, engine.EXAM)
    chem = course(
        "CHEM 1", engine.Section("c", "LEC", (engine.Meeting(0, hm("10:00"), hm("10:50")), exam))
    )
    # when
    result = solve(chem, lab)
    # then: whatever the listing order, 10 (with 50) is warned of the exam and 20 stands apart
    shown = {
        s.sections[1]: (s.alternatives.get(s.sections[1], ()), s.warnings) for s in result.schedules
    }
    assert shown == {
        "10": (("50",), ("CHEM 1 exam (We 2025-09-24 19:00) clashes with LAB 1",)),
        "20": ((), ()),
    }


@pytest.mark.parametrize("order", [("300", "200", "100"), ("100", "200", "300")])
def test_a_merged_choice_shows_a_section_whose_own_meetings_decide_its_tba_and_warnings(order):
    # given: 100 and 300 have only a midnight placeholder (no set time); 200 meets once, on a
    # Thursday, at a time nothing else takes: nothing in the request tells the three apart
    meetings = {
        "100": (engine.Meeting(0, 0, 0),),
        "300": (engine.Meeting(0, 0, 0),),
        "200": (
            engine.Meeting(
                3, hm("14:00"), hm("14:50"), date(2025, 9, 4), date(2025, 9, 4), engine.ONE_OFF
            ),
        ),
    }
    ind = engine.Course(
        "IND 1",
        "IND 1",
        (
            engine.Component(
                "IND",
                "Independent",
                tuple(engine.Section(sid, "IND", meetings[sid]) for sid in order),
            ),
        ),
    )
    # when
    best = solve(ind).schedules[0]
    # then: the section shown is TBA exactly when its own meetings have no set time
    (sid,) = best.sections
    assert best.tba == ((sid,) if sid in {"100", "300"} else ())
    assert sorted((sid, *best.alternatives[sid])) == ["100", "200", "300"]


def test_an_exam_dated_over_holidays_only_is_warned_of_no_weekly_class():
    # given: an exam listed on Fridays Nov 4 to 11, both holidays, at a weekly Friday class's time
    holidays = frozenset({date(2022, 11, 4), date(2022, 11, 11)})
    term = (date(2022, 8, 22), date(2022, 12, 15))
    exam = engine.Meeting(
        4, hm("14:40"), hm("17:30"), date(2022, 11, 4), date(2022, 11, 11), engine.EXAM
    )
    ece = course(
        "ECE 2040",
        engine.Section("a", "LEC", (engine.Meeting(0, hm("15:30"), hm("16:45"), *term), exam)),
    )
    math = course(
        "MATH 1552",
        engine.Section("b", "LEC", (engine.Meeting(4, hm("14:00"), hm("14:50"), *term),)),
    )
    # when
    on_holidays = solve(ece, math, holidays=holidays).schedules[0].warnings
    on_school_days = solve(ece, math).schedules[0].warnings
    # then: the weekly class is not held on those Fridays; on school days it clashes
    assert on_holidays == ()
    assert on_school_days == (
        "ECE 2040 exam (Fr 2022-11-04 to 2022-11-11 14:40) clashes with MATH 1552",
    )


def test_a_group_picking_two_costs_nothing_when_it_takes_the_preferred_instructors_course():
    # given: pick 2 of X, Y and Z; Lopez teaches X's x1 only, so one pick of the two can have her
    x = course(
        "X 1",
        section("x1", (2,), "9:00", "10:00", instructors=("Lopez",)),
        section("x2", (3,), "9:00", "10:00", instructors=("Kim",)),
    )
    y = course("Y 1", section("y1", (0,), "9:00", "10:00"))
    z = course("Z 1", section("z1", (1,), "9:00", "10:00"))
    prefs = engine.Preferences(instructor_weight=10, preferred_instructors=frozenset({"Lopez"}))
    # when
    result = solve(electives=(engine.ElectiveGroup(2, (x, y, z)),), preferences=prefs, k=5)
    # then: x1 with either other course costs nothing; without her class, 10
    ranked = sorted((s.score, s.sections) for s in result.schedules)
    assert ranked == [
        (0, ("x1", "y1")),
        (0, ("x1", "z1")),
        (10, ("x2", "y1")),
        (10, ("x2", "z1")),
        (10, ("y1", "z1")),
    ]
    assert all(s.breakdown["instructors"] == s.score for s in result.schedules)


def test_a_breakdowns_sources_name_the_sections_each_per_section_preference_charges():
    # given: a1 starts at 8:00 and is full; b1 starts at 10:00 but is full too; c1 costs nothing
    a = course("A 1", section("a1", (0, 2), "8:00", "8:50", status="closed"))
    b = course("B 1", section("b1", (1,), "10:00", "10:50", status="waitlist"))
    c = course("C 1", section("c1", (3,), "11:00", "11:50"))
    prefs = engine.Preferences(
        early_weight=5, early_before=hm("9:00"), late_weight=7, open_seats_weight=3
    )
    # when
    best = solve(a, b, c, preferences=prefs).schedules[0]
    # then: each preference with points names the sections paying; late costs nothing: no entry
    assert best.breakdown == {"early": 10, "late": 0, "open_seats": 6}
    assert best.sources == {
        "early": engine.Sources(("a1",)),
        "open_seats": engine.Sources(("a1", "b1")),
    }


def test_a_week_preferences_sources_are_the_weekdays_it_costs_and_the_sections_meeting_then():
    # given: a1 meets Monday and Friday, b1 Monday two hours later, c1 Wednesday
    a = course("A 1", section("a1", (0, 4), "9:00", "9:50"))
    b = course("B 1", section("b1", (0,), "12:00", "12:50"))
    c = course("C 1", section("c1", (2,), "13:00", "13:50"))
    prefs = engine.Preferences(
        free_days_weight=25, free_days=frozenset({4}), gaps_weight=1, days_on_campus_weight=2
    )
    # when
    best = solve(a, b, c, preferences=prefs).schedules[0]
    # then: Friday costs through a1 alone, Monday's idle two hours through a1 and b1
    assert best.breakdown == {"days_on_campus": 6, "free_days": 25, "gaps": 4}
    assert best.sources == {
        "days_on_campus": engine.Sources(("a1", "b1", "c1"), (0, 2, 4)),
        "free_days": engine.Sources(("a1",), (4,)),
        "gaps": engine.Sources(("a1", "b1"), (0,)),
    }


def test_a_schedule_that_costs_nothing_has_no_sources():
    # given
    a = course("A 1", section("a1", (0,), "10:00", "10:50"))
    # when
    best = solve(a, preferences=engine.Preferences(early_weight=5, free_days_weight=5)).schedules[0]
    # then
    assert best.score == 0 and best.sources == {}


def test_what_an_elective_pick_pays_is_owed_to_no_section():
    # given: pick 1 of Y and X; Lopez teaches X's lecture x1, not x2; Y has no Lopez at all
    y = course("Y 1", section("y1", (0,), "9:00", "10:00"))
    x = course(
        "X 1",
        section("x1", (2,), "9:00", "10:00", instructors=("Lopez",)),
        section("x2", (3,), "9:00", "10:00", instructors=("Kim",)),
    )
    prefs = engine.Preferences(instructor_weight=25, preferred_instructors=frozenset({"Lopez"}))
    # when
    result = solve(electives=(engine.ElectiveGroup(1, (y, x)),), preferences=prefs, k=3)
    # then: x2 misses Lopez in its own component; taking Y misses her by the pick, no section
    sources = {s.sections: s.sources for s in result.schedules}
    assert sources == {
        ("x1",): {},
        ("x2",): {"instructors": engine.Sources(("x2",))},
        ("y1",): {"instructors": engine.Sources((), (), 25)},
    }


def test_the_sources_name_the_section_a_merged_choice_shows():
    # given: b2 and b1 meet at the same time and are both full: one choice standing for both
    a = course("A 1", section("a1", (0,), "10:00", "10:50"))
    b = course(
        "B 1",
        section("b2", (1,), "10:00", "10:50", status="closed"),
        section("b1", (1,), "10:00", "10:50", status="closed"),
    )
    # when
    best = solve(a, b, preferences=engine.Preferences(open_seats_weight=3)).schedules[0]
    # then: the section shown is the one named, its equal one an alternative
    assert best.sections == ("a1", "b1") and best.alternatives["b1"] == ("b2",)
    assert best.sources == {"open_seats": engine.Sources(("b1",))}


MWF = (0, 2, 4)


def practice(days, start: str, end: str, **kw) -> engine.BusyBlock:
    return engine.BusyBlock(days, hm(start), hm(end), **{"label": "practice", **kw})


def test_a_practice_over_the_lunch_window_misses_lunch_on_the_days_with_classes():
    # given: practice Mo, We, Th and Fr 11:00-13:30; a class Mo, Tu, We and Fr 13:30-14:00;
    # lunch wants 30 minutes between 11:00 and 14:00
    a = course("A 1", section("a1", (0, 1, 2, 4), "13:30", "14:00"))
    prefs = engine.Preferences(
        lunch_weight=5, lunch_start=hm("11:00"), lunch_end=hm("14:00"), lunch_minutes=30
    )
    # when
    best = solve(a, busy=(practice((0, 2, 3, 4), "11:00", "13:30"),), preferences=prefs)
    # then: lunch is missed on Mo, We and Fr; Tuesday (no practice) has its lunch, Thursday (no
    # class) costs nothing, as a day without classes always did
    schedule = best.schedules[0]
    assert schedule.breakdown == {"lunch": 15}
    assert schedule.sources == {"lunch": engine.Sources(("a1",), MWF, 0, ("practice",))}


@pytest.mark.parametrize(
    ("block", "lunch"),
    [
        (practice((0,), "9:00", "12:00"), 5),  # the practice takes the window's first half hour
        (practice((0,), "9:00", "11:30", buffer_after=30), 0),  # its buffer is time to eat
    ],
)
def test_a_busy_times_buffer_is_free_for_lunch(block, lunch):
    # given: a class 12:00-12:30; lunch wants 30 minutes between 11:30 and 12:30
    a = course("A 1", section("a1", (0,), "12:00", "12:30"))
    prefs = engine.Preferences(
        lunch_weight=5, lunch_start=hm("11:30"), lunch_end=hm("12:30"), lunch_minutes=30
    )
    # when
    best = solve(a, busy=(block,), preferences=prefs).schedules[0]
    # then
    assert best.breakdown == {"lunch": lunch}


def test_a_job_between_two_classes_fills_the_gap():
    # given: classes 10:00-12:00 and 14:00-15:00, a job 12:00-14:00 between them
    a = course("A 1", section("a1", (0,), "10:00", "12:00"))
    b = course("B 1", section("b1", (0,), "14:00", "15:00"))
    job = practice((0,), "12:00", "14:00", label="job")
    # when
    best = solve(a, b, busy=(job,), preferences=engine.Preferences(gaps_weight=1)).schedules[0]
    # then: no idle minute (it was 110, 3 points, when busy times were not part of the day)
    assert best.breakdown == {"gaps": 0} and best.sources == {}


@pytest.mark.parametrize(
    "dates",
    [{}, {"first_date": date(2025, 8, 25), "last_date": date(2025, 10, 12)}],
    ids=["whole term", "first half"],
)
def test_the_wait_between_a_class_and_a_practice_is_an_idle_gap(dates):
    # given: a class 9:00-10:00 and practice 15:00-17:00 on Monday (for the whole term or half
    # of it: the typical week merges both, as it does half-term classes)
    a = course("A 1", section("a1", (0,), "9:00", "10:00"))
    block = practice((0,), "15:00", "17:00", **dates)
    # when
    best = solve(a, busy=(block,), preferences=engine.Preferences(gaps_weight=1)).schedules[0]
    # then: five hours less 10 minutes of passing time, in units of 30; the sources name it
    assert best.breakdown == {"gaps": 290 // 30}
    assert best.sources == {"gaps": engine.Sources(("a1",), (0,), 0, ("practice",))}


@pytest.mark.parametrize(("before", "gaps"), [(0, 50 // 30), (20, 30 // 30), (50, 0)])
def test_a_busy_times_buffer_is_not_charged_as_an_idle_gap(before, gaps):
    # given: a class 9:00-10:00 and practice 11:00-12:00 with `before` minutes kept free first
    a = course("A 1", section("a1", (0,), "9:00", "10:00"))
    block = practice((0,), "11:00", "12:00", buffer_before=before)
    # when
    best = solve(a, busy=(block,), preferences=engine.Preferences(gaps_weight=1)).schedules[0]
    # then: the hour between them less the buffer and 10 minutes of passing time is idle
    assert best.breakdown == {"gaps": gaps}


def test_busy_times_on_a_day_without_classes_cost_nothing():
    # given: practice and a job on Tuesday with hours between them; the class is on Monday
    a = course("A 1", section("a1", (0,), "9:00", "10:00"))
    busy = (practice((1,), "9:00", "12:00"), practice((1,), "15:00", "17:00", label="job"))
    prefs = engine.Preferences(gaps_weight=1, marathon_weight=1, marathon_cap=60, lunch_weight=1)
    # when
    best = solve(a, busy=busy, preferences=prefs).schedules[0]
    # then
    assert best.score == 0


@pytest.mark.parametrize(
    ("block", "marathon"),
    [
        (practice((1,), "11:00", "13:00"), 60 // 30),  # back to back: one run of four hours
        (practice((1,), "11:30", "13:30", buffer_before=30), 0),  # its buffer is a break
    ],
)
def test_a_class_and_a_practice_back_to_back_make_a_marathon(block, marathon):
    # given: a class Tuesday 9:00-11:00; at most three hours in a row
    a = course("A 1", section("a1", (1,), "9:00", "11:00"))
    prefs = engine.Preferences(marathon_weight=1, marathon_cap=180)
    # when
    best = solve(a, busy=(block,), preferences=prefs).schedules[0]
    # then
    assert best.breakdown == {"marathon": marathon}
    if marathon:
        assert best.sources == {"marathon": engine.Sources(("a1",), (1,), 0, ("practice",))}


def test_an_unnamed_busy_time_is_named_by_its_number_in_the_sources():
    # given: a class Monday 9:00-10:00; two unnamed busy times, the second Monday 15:00-17:00
    a = course("A 1", section("a1", (0,), "9:00", "10:00"))
    busy = (engine.BusyBlock((3,), hm("9:00"), hm("10:00")), engine.BusyBlock((0,), 900, 1020))
    # when
    best = solve(a, busy=busy, preferences=engine.Preferences(gaps_weight=1)).schedules[0]
    # then
    assert best.sources["gaps"].busy == ("busy block 2",)


def test_a_repair_dropping_a_busy_time_is_scored_without_it():
    # given: A 1 9:00-10:00 clashes with practice 9:30-11:00; B 1 meets 13:00-14:00
    a = course("A 1", section("a1", (0,), "9:00", "10:00"))
    b = course("B 1", section("b1", (0,), "13:00", "14:00"))
    block = practice((0,), "9:30", "11:00")
    # when
    result = solve(a, b, busy=(block,), preferences=engine.Preferences(gaps_weight=1))
    # then: without the practice, 10:00 to 13:00 is idle (170 minutes); without A 1 the wait
    # from the practice to B 1 is (110 minutes)
    repairs = {r.description: r.best_score for r in result.explanation.repairs}
    assert repairs == {"drop the busy time practice": 170 // 30, "drop A 1": 110 // 30}


def test_the_worked_example_of_busy_times_in_a_day_costs_what_the_docs_say():
    # given: docs/engine.md, "Busy times are part of a day with classes": Monday classes
    # 9:00-10:00 and 15:00-16:00, practice Monday and Tuesday 11:00-13:30 with 20 minutes before
    a = course("A 1", section("a", (0,), "9:00", "10:00"))
    b = course("B 1", section("b", (0,), "15:00", "16:00"))
    block = practice((0, 1), "11:00", "13:30", buffer_before=20)
    prefs = engine.Preferences(gaps_weight=1, lunch_weight=1, marathon_weight=1)
    # when
    best = solve(a, b, busy=(block,), preferences=prefs).schedules[0]
    # then: 30 + 80 idle minutes, lunch missed, no run of three hours; Tuesday costs nothing
    assert best.breakdown == {"gaps": 3, "lunch": 1, "marathon": 0}
    monday = engine.Sources(("a", "b"), (0,), 0, ("practice",))
    assert best.sources == {"gaps": monday, "lunch": monday}


def test_the_day_memos_of_a_request_stay_within_one_memo_s_entries_with_busy_time_every_day(
    monkeypatch,
):
    # given: busy time on every weekday, so each weekday keeps a memo of its own, and memos
    # of at most 70 entries
    monkeypatch.setattr(costs, "MEMO_ENTRIES", 70)
    busy = (engine.BusyBlock(tuple(range(7)), hm("6:00"), hm("7:00"), label="run"),)
    request = engine.Request(
        courses=(course("A 1", section("a1", (0,), "9:00", "9:50")),),
        busy=busy,
        preferences=engine.Preferences(gaps_weight=2, lunch_weight=3),
    )
    scorer = costs.Scorer(request)
    # when: a hundred different days asked of every weekday
    for day in range(7):
        for minute in range(100):
            scorer.day_parts(day, [(8 * 60 + minute, 9 * 60 + minute)])
    # then
    memos = {id(m): m for m in scorer.day_memos}.values()
    assert len(memos) == 7
    assert sum(len(m) for m in memos) <= 70


def test_explain_infeasibility_called_directly_scores_repairs_as_generate_schedules_does():
    # given: two Monday classes, and a practice and a job between them that the second clashes
    # with; compact days and lunch priced
    cs1 = course("CS 1", section("1", (0,), "9:00", "9:50"))
    cs2 = course("CS 2", section("2", (0,), "15:00", "15:50"))
    busy = (
        engine.BusyBlock((0,), hm("12:00"), hm("13:00"), label="practice"),
        engine.BusyBlock((0,), hm("14:30"), hm("15:30"), label="job"),
    )
    request = engine.Request(
        courses=(cs1, cs2),
        busy=busy,
        preferences=engine.Preferences(gaps_weight=2, lunch_weight=10),
    )
    # when
    alone = engine.explain_infeasibility(request)
    within = engine.generate_schedules(request).explanation
    # then: the same repairs at the same scores, which price the week (not 0)
    repairs = [(r.description, r.best_score) for r in alone.repairs]
    assert repairs == [(r.description, r.best_score) for r in within.repairs]
    assert ("drop the busy time job", 14) in repairs


NEVER_WITH = engine.Filters(excluded_instructors=frozenset({"Grace Hopper"}))


def never_with_catalog() -> tuple[engine.Course, engine.Course]:
    """CS 1's lectures: Hopper's at 9:00 (the cheapest), Hopper and Lovelace's at 10:00, nobody's
    listed at 11:00; MATH 1's one lecture by Turing at 11:00."""
    cs = course(
        "CS 1",
        section("hop", (0,), "9:00", "9:50", instructors=("Grace Hopper",)),
        section("both", (0,), "10:00", "10:50", instructors=("Ada Lovelace", "Grace Hopper")),
        section("tba", (0,), "11:00", "11:50"),
    )
    math = course("MATH 1", section("tur", (1,), "11:00", "11:50", instructors=("Alan Turing",)))
    return cs, math


@pytest.mark.parametrize("strategy", ["exact", "beam"])
def test_never_with_leaves_out_every_section_one_of_them_teaches(strategy):
    # given: a preference for early classes that Hopper's 9:00 lecture meets best
    cs, math = never_with_catalog()
    early = engine.Preferences(late_weight=1, late_after=hm("9:00"))
    # when
    result = solve(cs, math, filters=NEVER_WITH, preferences=early, strategy=strategy)
    # then: neither her own section nor the one she teaches with Lovelace; a section listing no
    # instructor is kept
    assert [s.sections for s in result.schedules] == [("tba", "tur")]


def test_never_with_is_honoured_by_the_section_check():
    # given
    cs, math = never_with_catalog()
    # when
    verdict = engine.section_viability(engine.Request(courses=(cs, math), filters=NEVER_WITH))
    # then
    assert verdict == {"hop": False, "both": False, "tba": True, "tur": True}


def test_never_with_that_leaves_a_component_nothing_names_who_teaches_it_and_can_be_dropped():
    # given: Hopper and Turing are never wanted, and MATH 1 has only Turing's lecture
    cs, math = never_with_catalog()
    never = engine.Filters(excluded_instructors=frozenset({"Grace Hopper", "Alan Turing"}))
    # when
    result = solve(cs, math, filters=never)
    # then: the filter is the requirement in the conflict, named by whom it leaves out; the
    # message names only the instructor of the course it empties, and dropping it is the repair
    e = result.explanation
    assert result.schedules == ()
    assert e.message == "Every MATH 1 LEC section is taught by Alan Turing."
    assert (
        engine.Requirement(
            "filter", "excluded_instructors", "never with: Alan Turing, Grace Hopper"
        )
        in e.conflict_set
    )
    assert [(r.drops[0].kind, r.drops[0].ref) for r in e.repairs if len(r.drops) == 1] == [
        ("filter", "excluded_instructors"),
        ("course", "MATH 1"),
    ]
    assert e.repairs[0].description == "drop the filter never with: Alan Turing, Grace Hopper"


def test_never_with_names_in_last_first_order_are_parted_by_semicolons():
    # given: a registrar writing "Last, First"
    cs = course(
        "CS 1",
        section("a", (0,), "9:00", "9:50", instructors=("Hopper, Grace",)),
        section("b", (1,), "9:00", "9:50", instructors=("Lovelace, Ada",)),
    )
    never = engine.Filters(excluded_instructors=frozenset({"Hopper, Grace", "Lovelace, Ada"}))
    # when
    e = solve(cs, filters=never).explanation
    # then
    assert e.message == "Every CS 1 LEC section is taught by Hopper, Grace or Lovelace, Ada."
    assert e.conflict_set[-1].label == "never with: Hopper, Grace; Lovelace, Ada"


def test_never_with_emptying_two_courses_says_who_teaches_the_other_one():
    # given: CS 2 only Hopper teaches, MATH 1 only Turing; both never wanted
    cs = course("CS 2", section("hop", (0,), "9:00", "9:50", instructors=("Grace Hopper",)))
    math = course("MATH 1", section("tur", (1,), "9:00", "9:50", instructors=("Alan Turing",)))
    never = engine.Filters(excluded_instructors=frozenset({"Grace Hopper", "Alan Turing"}))
    # when
    e = solve(cs, math, filters=never).explanation
    # then: "the same" is not read as Hopper teaching MATH 1 too
    assert e.message == (
        "Every MATH 1 LEC section is taught by Alan Turing. "
        "The same holds for CS 2 (LEC, by Grace Hopper)."
    )


@pytest.mark.parametrize(
    ("kw", "said"),
    [
        (
            {"busy": (engine.BusyBlock((0,), hm("8:00"), hm("12:00"), label="work"),)},
            "clashes with the busy time work.",
        ),
        (
            {"filters": engine.Filters(excluded_instructors=frozenset({"Ada Byron"}))},
            "is taught by Ada Byron.",
        ),
        ({"filters": engine.Filters(campuses=frozenset({"North"}))}, "is not on North."),
        ({"filters": engine.Filters(modalities=frozenset({"online"}))}, "is not taught online."),
        ({"filters": engine.Filters(open_seats_only=True)}, "has no open seat."),
    ],
)
def test_a_kept_section_a_busy_time_or_filter_leaves_out_is_said_so(kw, said):
    # given: CS 1's Monday lecture kept, full, on Main, in person, taught by Byron; another section
    # that the busy time or filter allows
    cs = course(
        "CS 1",
        section(
            "a", (0,), "9:00", "9:50", instructors=("Ada Byron",), campus="Main", status="closed"
        ),
        section(
            "b",
            (1,),
            "9:00",
            "9:50",
            instructors=("Grace Hopper",),
            campus="North",
            modality="online",
        ),
    )
    # when
    e = solve(cs, pinned=frozenset({"a"}), **kw).explanation
    # then: which requirement leaves the kept section out, not a bare list of three labels
    assert e.message == f"CS 1 LEC a, which you kept, {said}"
