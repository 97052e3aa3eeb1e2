"""How a saved schedule's pages, changes and emails word a meeting (`saved_schedules.meeting_text`)."""

from scheduler.saved_schedules import meeting_text


def meeting(days, kind="weekly", first=None, last=None, start="19:00", end="21:00") -> dict:
    return {
        "days": days,
        "start": start,
        "end": end,
        "first_date": first,
        "last_date": last,
        "location": "",
        "kind": kind,
    }


def test_an_exam_is_said_on_its_dates_weekday_whatever_day_it_is_listed_on():
    # when: listed on Monday, dated Wednesday 2025-09-24
    text = meeting_text(meeting(["Mo"], "exam", "2025-09-24", "2025-09-24"))
    # then: where the scheduler and the calendar hold it
    assert text == "exam We 19:00-21:00 (2025-09-24)"


def test_a_class_ending_at_midnight_ends_at_24_00_and_in_the_old_words_at_23_59():
    # given: a class stored as ending at 23:59 (what the importers make of an end at midnight)
    late = meeting(["Fr"], start="22:00", end="23:59")
    # when
    now, old = meeting_text(late), meeting_text(late, old_times=True)
    # then
    assert (now, old) == ("Fr 22:00-24:00", "Fr 22:00-23:59")


def test_a_weekly_class_and_an_untimed_one_off_keep_their_listed_days():
    assert meeting_text(meeting(["Mo", "We"], first="2025-08-26", last="2025-12-09")).startswith("MoWe 19:00-21:00")
    assert meeting_text(meeting([], "one_off", "2025-09-24", "2025-09-24", start=None, end=None)).startswith(
        "one-off TBA"
    )


def test_an_exam_given_one_of_its_dates_or_a_range_is_said_on_the_weekday_it_is_held_on():
    # when: listed on Monday with only a last date, Wednesday 2025-09-24; and listed on Monday
    # and Wednesday over a week holding one Wednesday and no Monday
    one_date = meeting_text(meeting(["Mo"], "exam", None, "2025-09-24"))
    one_week = meeting_text(meeting(["Mo", "We"], "exam", "2025-09-23", "2025-09-26"))
    # then: as the scheduler, the pages and the calendar hold them
    assert one_date == "exam We 19:00-21:00 (… to 2025-09-24)"
    assert one_week == "exam We 19:00-21:00 (2025-09-23 to 2025-09-26)"


def test_a_clash_is_said_with_its_dates_where_they_are_not_the_whole_terms():
    # given: a term from 2025-08-25 to 2025-12-09; a class over the whole term, a half-term one
    # from 2025-10-13 on, and one-off sessions on two Fridays
    from datetime import date

    from scheduler.meeting_dates import meeting_overlaps, overlaps_words

    term = {"term_first": date(2025, 8, 25), "term_last": date(2025, 12, 9)}
    whole = [meeting(["Mo", "We", "Fr"], first="2025-08-25", last="2025-12-09", start="10:00", end="10:50")]
    undated = [meeting(["Mo", "We"], start="10:00", end="10:50")]
    half = [meeting(["Mo", "We"], first="2025-10-13", start="10:30", end="11:20")]
    one_offs = [
        meeting(["Fr"], "one_off", day, day, start="10:15", end="12:00") for day in ("2025-09-05", "2025-10-17")
    ]
    # when
    said = {
        "whole and undated": overlaps_words(meeting_overlaps(whole, undated), **term),
        "whole and half": overlaps_words(meeting_overlaps(whole, half), **term),
        "undated and half, no term days": overlaps_words(meeting_overlaps(undated, half)),
        "whole and one-offs": overlaps_words(meeting_overlaps(whole, one_offs), **term),
    }
    # then
    assert said == {
        "whole and undated": "MoWe 10:00–10:50",
        "whole and half": "MoWe 10:30–10:50, 2025-10-13 to 2025-12-09",
        "undated and half, no term days": "MoWe 10:30–10:50, 2025-10-13 to …",
        "whole and one-offs": "Fr 10:15–10:50 on 2025-09-05, 2025-10-17",
    }
