"""Clock times and days as registrars write them (`catalog.sources.clock`), read directly and through
the sections-csv adapter that calls it."""

from datetime import time

import pytest

from catalog.sources import clock, sections_csv
from catalog.sources.records import CatalogRecords

BANNER = "CRN,Subj,Crse Numb,Title,Schedule Type,Seq Numb,Meeting Days,Begin Time,End Time"


def banner(*rows: str) -> CatalogRecords:
    data = "\r\n".join((BANNER, *rows, "")).encode("utf-8")
    return sections_csv.parse_bytes(data, name="2026_spring.csv")


def sections(records: CatalogRecords) -> dict:
    return {s.registrar_id: s for c in records.courses for s in c.sections}


@pytest.mark.parametrize(
    ("days", "expected"),
    [("MTWRFSU", (0, 1, 2, 3, 4, 5, 6)), ("SU", (5, 6)), ("S U", (5, 6)), ("M T W R F S U", (0, 1, 2, 3, 4, 5, 6))],
)
def test_in_a_file_of_one_letter_a_day_a_run_ending_in_su_keeps_saturday(days, expected):
    assert clock.weekdays(days, letters=True) == expected


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ("Su", (6,)),
        ("Sa Su", (5, 6)),
        ("SaSu", (5, 6)),
        ("Sun", (6,)),
        ("TuTh", (1, 3)),
        ("MoWeFr", (0, 2, 4)),
        ("TTh", (1, 3)),
        ("MWF", (0, 2, 4)),
        ("TR", (1, 3)),
        ("TU TH", (1, 3)),
        ("FR", (4,)),
        ("TU", (1,)),
        ("SU", (6,)),
        ("M TU", (0, 1)),
        ("MW SU", (0, 2, 6)),
        ("F R", (4,)),
    ],
)
def test_a_file_that_does_not_write_one_letter_a_day_reads_days_as_before(days, expected):
    # what 0fd3311 read, for a file of two-letter codes or names (or one that does not tell)
    assert clock.weekdays(days) == expected
    assert clock.weekdays(days, letters=False) == expected


@pytest.mark.parametrize(
    ("cells", "letters"),
    [
        (["MWF", "TR"], True),  # Thursday R
        (["MTWRF", "SU"], True),
        (["MWF", "U"], True),  # Sunday U
        (["MoWeFr", "TuTh"], False),
        (["MWF", "TTH"], False),  # Thursday TH
        (["MOWE", "SA"], False),
        (["MWF", "W"], None),  # nothing tells
        (["TR", "TTH"], None),  # both told
        (["M-F", "Mon-Fri"], None),
    ],
)
def test_a_file_writes_one_letter_a_day_when_a_cell_uses_r_or_u_and_none_uses_names(cells, letters):
    assert clock.file_day_letters(cells) is letters


@pytest.mark.parametrize(
    ("days", "letters", "warned"),
    [
        ("SU", None, True),
        ("TU", None, True),
        ("S U", None, True),
        ("MTWRFSU", None, True),
        ("SU", True, False),
        ("SU", False, False),
        ("Su", None, False),
        ("MWF", None, False),
        ("M TU", None, False),
    ],
)
def test_only_a_day_code_that_reads_two_ways_in_a_file_that_does_not_tell_is_warned(days, letters, warned):
    assert bool(clock.day_letters_ambiguous(days, letters)) is warned


def test_su_read_as_sunday_says_it_could_be_the_weekend():
    assert clock.day_letters_ambiguous("SU") == (
        "days 'SU' are read as Sunday; one letter a day (M T W R F S U) they would be Saturday and Sunday, "
        "and nothing else in the file says which it uses (written 'Su' they could not be misread)"
    )


def test_three_digit_times_in_a_file_of_four_digit_times_are_read_as_hmm_with_one_warning():
    # given Banner's 0800 and 0900 saved by Excel as 800 and 900, beside 1330
    rows = ("30000,BAN,100,t,Lecture,001,MWF,800,850", "30001,BAN,100,t,Lecture,002,TR,900,950")
    # when
    records = banner(*rows, "30002,BAN,100,t,Lecture,003,MWF,1330,1420")
    # then
    read = {rid: (s.quarantine, s.meetings[0].start, s.meetings[0].end) for rid, s in sections(records).items()}
    assert read == {
        "30000": ("", time(8, 0), time(8, 50)),
        "30001": ("", time(9, 0), time(9, 50)),
        "30002": ("", time(13, 30), time(14, 20)),
    }
    (warning,) = [w for w in records.warnings if "time" in w.message and "read under another name" not in w.message]
    assert warning.message.startswith(
        "2 time range(s) with a three-digit time, such as this one, were read on a 24-hour clock as H MM"
    )


def test_a_three_digit_time_in_a_file_of_no_four_digit_times_names_the_forms_read():
    # given
    rows = ("30000,BAN,100,t,Lecture,001,MWF,800,850", "30001,BAN,100,t,Lecture,002,MWF,9:00am,9:50am")
    # when
    section = sections(banner(*rows))["30000"]
    # then
    assert "'800' is not a time such as '1:00pm', '1:00 PM', '13:00' or '1300'" in section.quarantine
    assert "12-hour" not in section.quarantine


def test_a_time_that_is_no_time_does_not_claim_only_12_hour_times_are_read():
    with pytest.raises(ValueError) as raised:
        clock.time_range("9.00am - 9.50am")

    assert str(raised.value) == "'9.00am' is not a time such as '1:00pm', '1:00 PM', '13:00' or '1300'"


@pytest.mark.parametrize("written", ["N/A", "n/a", "None"])
def test_not_applicable_in_the_time_columns_is_a_section_with_no_set_time(written):
    # given: a Banner export writing N/A for a meeting with no set time
    records = banner(f"50001,ART,300,Studio,Lecture,001,MW,{written},{written}")
    # when
    section = sections(records)["50001"]
    # then: kept with no set time, as for TBA, not quarantined
    assert section.quarantine == "" and not any(m.is_timed for m in section.meetings)
    assert "days without a time; kept as a meeting with no set time" in [w.message for w in records.warnings]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("11:00pm - 12:00am", (time(23, 0), time(23, 59))),
        ("10:00 - 12:00am", (time(22, 0), time(23, 59))),
        ("23:00 - 24:00", (time(23, 0), time(23, 59))),
        ("22:00 - 00:00", (time(22, 0), time(23, 59))),
        ("12:00am - 12:00am", (time(0, 0), time(0, 0))),  # a placeholder, refused as one
    ],
)
def test_a_class_ending_at_midnight_ends_at_the_last_minute_of_its_day(written, read):
    assert clock.time_range(written) == read


def test_a_morning_class_ending_at_midnight_is_still_refused_as_ending_before_it_starts():
    # when
    start, end = clock.time_range("9:00am - 12:00am")
    # then
    assert clock.meeting_problem(start, end, None, None) == "end 00:00 is before start 09:00"


def test_classes_read_as_starting_in_the_small_hours_are_warned_about_once():
    # given: a 12-hour export that pads its hours and writes no am/pm (01:00 meant 1 pm)
    rows = (
        "30000,BAN,100,t,Lecture,001,MWF,01:00,02:15",
        "30001,BAN,100,t,Lecture,002,TR,04:00,05:15",
        "30002,BAN,100,t,Lecture,003,TR,09:00,10:15",
        "30003,BAN,100,t,Lecture,004,TR,00:00,00:00",  # a placeholder: quarantined, not counted
    )
    # when
    records = banner(*rows)
    # then: read as written on a 24-hour clock, and said once, naming the first
    assert sections(records)["30000"].meetings[0].start == time(1, 0)
    (warning,) = [w for w in records.warnings if "midnight" in w.message]
    assert warning.message.startswith("2 time range(s) with no am/pm, such as this one, start between midnight and")
    assert (warning.location, warning.registrar_id) == ("line 2", "30000")
