"""The weekly grid of saved and shared pages and of `generate_schedules`: clashes and classes
that never take place read as the engine reads them."""

import datetime

from scheduler.grid import weekly_grid, weekly_grid_rows


def section(course: str, days: list[str], start: str, end: str, first: str | None, last: str | None) -> dict:
    meeting = {"days": days, "start": start, "end": end, "first_date": first, "last_date": last, "kind": "weekly"}
    return {"course": course, "component": "LEC", "code": "001", "meetings": [meeting]}


def test_a_weekly_class_whose_dates_hold_none_of_its_weekdays_is_not_drawn_and_clashes_with_nothing():
    # given: ODD 1 listed on Monday 9:00 but dated Tuesday 2 to Thursday 4 September 2025 (it
    # never takes place), MON 1 every Monday at 9:00
    odd = section("ODD 1", ["Mo"], "09:00", "09:50", "2025-09-02", "2025-09-04")
    mon = section("MON 1", ["Mo"], "09:00", "09:50", None, None)
    # when
    rows = weekly_grid_rows([odd, mon])
    # then
    assert not rows["has_clash"] and not rows["has_turns"]
    assert [cell for _, row in rows["rows"] for cell in row if cell[0]] == [(["MON 1 LEC 001"], False, False)] * 2


def test_a_weekly_class_held_only_on_holidays_is_not_drawn():
    # given: HOL 1 on Monday 9:00 from 1 to 8 September 2025, both Mondays holidays
    hol = section("HOL 1", ["Mo"], "09:00", "09:50", "2025-09-01", "2025-09-08")
    holidays = frozenset({datetime.date(2025, 9, 1), datetime.date(2025, 9, 8)})
    # when
    drawn, kept = weekly_grid([hol], holidays=holidays), weekly_grid([hol])
    # then
    assert drawn == "(no timed weekly meetings)"
    assert "HOL1 LEC" in kept


def test_a_class_listed_again_for_some_weeks_in_another_room_is_one_class_of_its_slots():
    # given: CS 1110 LEC 001 on Monday 9:00 all term, listed again for two weeks of November
    lecture = section("CS 1110", ["Mo"], "09:00", "09:50", None, None)
    again = dict(lecture["meetings"][0], first_date="2025-11-03", last_date="2025-11-10")
    lecture["meetings"].append(again)
    # when
    rows = weekly_grid_rows([lecture])
    # then: no clash with itself, nor "in turn" with itself
    assert not rows["has_clash"] and not rows["has_turns"]
    assert [cell for _, row in rows["rows"] for cell in row if cell[0]] == [(["CS 1110 LEC 001"], False, False)] * 2


def test_a_class_listed_in_two_stretches_clashes_with_nothing_held_between_them():
    # given: SPLIT 1 on Monday 9:00 in September and again from mid-November; HALF 1 on Monday
    # 9:00 in October only
    split = section("SPLIT 1", ["Mo"], "09:00", "09:50", "2025-09-01", "2025-09-15")
    split["meetings"].append(dict(split["meetings"][0], first_date="2025-11-17", last_date="2025-12-01"))
    half = section("HALF 1", ["Mo"], "09:00", "09:50", "2025-10-06", "2025-10-27")
    # when
    rows = weekly_grid_rows([split, half])
    # then: they take turns; no Monday holds both
    assert not rows["has_clash"] and rows["has_turns"]


def test_a_withdrawn_or_cancelled_section_is_drawn_labelled_but_clashes_with_nothing():
    # given: MON 1 every Monday at 9:00; GONE 1 and OFF 1 at the same hour, one withdrawn by the
    # registrar, the other cancelled
    mon = section("MON 1", ["Mo"], "09:00", "09:50", None, None)
    gone = dict(section("GONE 1", ["Mo"], "09:00", "09:50", None, None), withdrawn=True)
    off = dict(section("OFF 1", ["Mo"], "09:00", "09:50", None, None), status="cancelled")
    # when
    rows = weekly_grid_rows([mon, gone, off])
    # then: their classes do not take place; the cells say what they are, not "Clash" or "In turn"
    assert not rows["has_clash"] and not rows["has_turns"]
    labels = ["MON 1 LEC 001", "GONE 1 LEC 001 (withdrawn)", "OFF 1 LEC 001 (cancelled)"]
    assert [cell for _, row in rows["rows"] for cell in row if cell[0]] == [(labels, False, False)] * 2


def test_two_sections_held_still_clash_beside_a_withdrawn_one():
    # given
    mon = section("MON 1", ["Mo"], "09:00", "09:50", None, None)
    also = section("ALSO 1", ["Mo"], "09:00", "09:50", None, None)
    gone = dict(section("GONE 1", ["Mo"], "09:00", "09:50", None, None), withdrawn=True)
    # when
    rows = weekly_grid_rows([mon, gone, also])
    # then
    assert rows["has_clash"]
