"""The UVA CSV adapter on the real Fall 2025 file (skipped without ../shared/data) and on small
files written here, one per rule of docs/sources.md."""

import csv
import io
import subprocess
import sys
from datetime import date, time
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from catalog.sources import uva_csv
from catalog.sources.records import (
    MAX_FILE_BYTES,
    CatalogFormatError,
    CatalogRecords,
    InstitutionRecord,
    TermRecord,
)

REPO = Path(__file__).resolve().parents[3]
COLUMNS = (
    "ClassNumber,Mnemonic,Number,Section,Type,Units,Instructor1,Days1,Room1,MeetingDates1,"
    "Instructor2,Days2,Room2,MeetingDates2,Title,Topic,Status,Enrollment,EnrollmentLimit,"
    "Waitlist,Description"
)
TERM_DATES = "08/26/2025 - 12/09/2025"


def row(
    crn: str = "10001",
    subject: str = "CS",
    number: str = "1110",
    section: str = "001",
    kind: str = "Lecture",
    units: str = "3",
    instructor: str = "Ada Lovelace",
    days: str = "MoWe 1:00pm - 1:50pm",
    room: str = "Rice Hall 130",
    dates: str = TERM_DATES,
    instructor2: str = "",
    days2: str = "",
    room2: str = "",
    dates2: str = "",
    title: str = "Introduction to Programming",
    topic: str = "",
    status: str = "Open",
    enrolled: str = "10",
    limit: str = "30",
    waitlist: str = "0",
    description: str = "Programs.",
) -> str:
    cells = [crn, subject, number, section, kind, units, instructor, days, room, dates]
    cells += [instructor2, days2, room2, dates2, title, topic, status, enrolled, limit, waitlist]
    cells.append(description)
    return ",".join(f'"{c}"' if ("," in c or '"' in c) and not c.startswith('"') else c for c in cells)


def csv_text(*rows: str, header: str = COLUMNS) -> str:
    return "\n".join((header, *rows)) + "\n"


def parse(text: str, name: str = "2025_fall.csv") -> CatalogRecords:
    return uva_csv.parse_bytes(text.encode(), name=name)


def only_section(records: CatalogRecords):
    (course,) = records.courses
    (section,) = course.sections
    return section


def accounted(records: CatalogRecords) -> bool:
    return records.sections_seen == records.section_count + len(records.rejected)


# --- the real file ------------------------------------------------------------------------------


@cache
def real(path: Path) -> CatalogRecords:
    """The real file parsed once for all the tests that read it (records are immutable)."""
    return uva_csv.parse(path)


@pytest.mark.realdata
def test_the_real_uva_file_accounts_for_every_section(uva_csv_path):
    # given
    records = real(uva_csv_path)
    # when
    sections = [s for c in records.courses for s in c.sections]
    quarantined = [s for s in sections if s.quarantine]
    timed = [s for s in sections if any(m.is_timed for m in s.meetings)]
    # then
    assert records.sections_seen == 8690
    assert records.section_count + len(records.rejected) == records.sections_seen
    assert len(records.rejected) == 0
    assert len(quarantined) == 16
    assert all("placeholder meeting 12:00am - 12:00am" in s.quarantine for s in quarantined)
    # the data README's 4,044 sections "with a timed meeting" count the 16 whose only meeting
    # is the 12:00am - 12:00am placeholder; the adapter drops that meeting and quarantines them
    assert len(timed) == 4044 - 16
    assert not any(any(m.is_timed for m in s.meetings) for s in quarantined)


@pytest.mark.realdata
def test_the_real_uva_file_names_its_term_and_institution(uva_csv_path):
    records = real(uva_csv_path)

    assert (records.institution.code, records.institution.timezone) == ("uva", "America/New_York")
    assert (records.term.code, records.term.name) == ("2025-fall", "Fall 2025")
    assert (records.term.first_day, records.term.last_day) == (date(2025, 8, 1), date(2025, 12, 19))
    assert records.source_name == str(uva_csv_path)


@pytest.mark.realdata
def test_real_uva_courses_are_linked_only_where_the_whole_course_follows_hundred_blocks(
    uva_csv_path,
):
    # given
    courses = {c.code: c for c in real(uva_csv_path).courses}
    # when
    links = {code: {s.code: s.parent_code for s in c.sections} for code, c in courses.items()}
    # then
    assert sum(1 for parents in links.values() if any(parents.values())) == 147
    assert links["CHEM 1410"]["100"] is None
    assert [links["CHEM 1410"][f"{n}"] for n in (101, 104, 201, 604)] == [
        "100",
        "100",
        "200",
        "600",
    ]
    assert (links["MATH 1310"]["101"], links["MATH 1310"]["110"]) == ("100", "100")
    for unlinked in ("CS 1110", "CS 2100", "ECON 2010", "CHEM 1411", "BIOL 2100", "APMA 1110"):
        assert set(links[unlinked].values()) == {None}, unlinked


@pytest.mark.realdata
def test_real_uva_courses_that_break_the_numbering_are_reported(uva_csv_path):
    records = real(uva_csv_path)

    notes = {w.value: w.message for w in records.warnings if w.field == "Mnemonic/Number"}

    assert sorted(notes) == [
        "ANTH 2400",
        "BIOL 4559",
        "ECON 2010",
        "ECON 3020",
        "ECON 3030",
        "ECON 3720",
        "ECON 4310",
        "MATH 1210",
    ]
    assert "left unlinked" in notes["ECON 2010"] and "left unlinked" in notes["MATH 1210"]
    assert "lecture(s) 100 have no section numbered in their block" in notes["ECON 3720"]


@pytest.mark.realdata
def test_real_uva_single_date_slots_are_exams_beside_a_weekly_slot_and_one_offs_alone(
    uva_csv_path,
):
    courses = {c.code: c for c in real(uva_csv_path).courses}

    def kinds(code: str, component: str) -> set[str]:
        sections = courses[code].sections
        return {m.kind for s in sections if s.component == component for m in s.meetings}

    assert kinds("CHEM 1410", "LEC") == {"weekly", "exam"}
    assert kinds("CHEM 1411", "LAB") == {"one_off"}
    assert kinds("MATH 1310", "SPS") == {"one_off"}


# --- reading a row ------------------------------------------------------------------------------


def test_a_timed_slot_is_read_with_days_times_and_dates_in_any_am_pm_case():
    section = only_section(parse(csv_text(row(days="MoWeFr 11:00AM - 12:15Pm"))))

    (meeting,) = section.meetings

    assert meeting.days == (0, 2, 4)
    assert (meeting.start, meeting.end) == (time(11, 0), time(12, 15))
    assert (meeting.first_date, meeting.last_date) == (date(2025, 8, 26), date(2025, 12, 9))
    assert (meeting.location, meeting.kind) == ("Rice Hall 130", "weekly")


def test_a_row_becomes_a_section_of_its_course_with_seats_status_and_notes():
    # given
    text = csv_text(row(crn="12345", status="wait list", enrolled="30", limit="30", waitlist="4", topic="Games"))
    # when
    records = parse(text)
    # then
    (course,) = records.courses
    section = course.sections[0]
    assert (course.subject, course.number, course.title, course.description) == (
        "CS",
        "1110",
        "Introduction to Programming",
        "Programs.",
    )
    assert (section.registrar_id, section.code, section.component, section.component_name) == (
        "12345",
        "001",
        "LEC",
        "Lecture",
    )
    assert (section.status, section.capacity, section.enrolled, section.waitlist) == (
        "waitlist",
        30,
        30,
        4,
    )
    assert (section.notes, section.campus, section.source) == ("Topic: Games", "", "line 2")


@pytest.mark.parametrize(
    ("token", "status"),
    [("Open", "open"), ("CLOSED", "closed"), ("Wait List", "waitlist"), ("cancelled", "cancelled")],
)
def test_status_tokens_are_read_in_any_case(token, status):
    assert only_section(parse(csv_text(row(status=token)))).status == status


@pytest.mark.parametrize(
    ("token", "code", "name"),
    [
        ("Lecture", "LEC", "Lecture"),
        ("DISCUSSION", "DIS", "Discussion"),
        ("laboratory", "LAB", "Laboratory"),
        ("SEM", "SEM", "Seminar"),
        ("IND", "IND", "Independent Study"),
        ("PRA", "PRA", "Practicum"),
        ("CLN", "CLN", "Clinical"),
        ("wks", "WKS", "Workshop"),
        ("STO", "STO", "Studio"),
        ("SPS", "SPS", "Special Studies"),
        ("DRL", "DRL", "Drill"),
    ],
)
def test_component_types_map_to_kind_codes_in_any_case(token, code, name):
    records = parse(csv_text(row(kind=token)))

    section = only_section(records)

    assert (section.component, section.component_name) == (code, name)
    assert records.warnings == ()


def test_instructors_are_split_cleaned_deduplicated_and_placeholders_dropped():
    text = csv_text(row(instructor="Ada O&#39;Neil, To Be Announced", instructor2="Staff, Ada O'Neil, Bo Li"))

    assert only_section(parse(text)).instructors == ("Ada O'Neil", "Bo Li")


def test_html_entities_are_decoded_in_titles_topics_and_descriptions():
    text = csv_text(row(title="Writer&#39;s Craft", topic="Poe &amp; Co", description="It&#39;s  long"))

    records = parse(text)

    assert records.courses[0].title == "Writer's Craft"
    assert records.courses[0].description == "It's long"
    assert records.courses[0].sections[0].notes == "Topic: Poe & Co"


def test_course_credits_span_its_sections_ignoring_zero_unit_labs():
    # given
    text = csv_text(
        row(crn="1", section="001", units="3"),
        row(crn="2", section="002", units="1 - 4"),
        row(crn="3", section="101", kind="Laboratory", units="0"),
    )
    # when
    course = parse(text).courses[0]
    # then
    assert (course.credits_min, course.credits_max) == (Decimal("1"), Decimal("4"))


def test_a_course_of_zero_unit_sections_has_zero_credits():
    course = parse(csv_text(row(units="0"))).courses[0]

    assert (course.credits_min, course.credits_max) == (Decimal("0"), Decimal("0"))


def test_unreadable_units_leave_credits_empty_with_a_warning():
    records = parse(csv_text(row(units="three")))

    assert records.courses[0].credits_min is None
    assert [(w.location, w.field, w.value) for w in records.warnings] == [("line 2", "Units", "three")]


@pytest.mark.parametrize("value", ["-3", "2.5", "lots", "\u00b2", "\u0663\u0660", "2147483648", "9" * 30])
def test_an_odd_seat_count_is_left_empty_with_a_warning(value):
    records = parse(csv_text(row(crn="777", enrolled=value)))

    assert only_section(records).enrolled is None
    assert [(w.location, w.field, w.value, w.registrar_id) for w in records.warnings] == [
        ("line 2", "Enrollment", value, "777")
    ]


@pytest.mark.parametrize(("value", "count"), [("1,234", 1234), ("30.0", 30), ("2147483647", 2147483647)])
def test_a_seat_count_a_spreadsheet_formatted_is_read(value, count):
    records = parse(csv_text(row(limit=value)))

    assert (only_section(records).capacity, records.warnings) == (count, ())


def test_a_section_code_of_digits_that_are_not_ascii_leaves_its_course_unlinked():
    # given: "²" is a digit to str.isdigit() and no number to int()
    text = csv_text(row(crn="1", section="\u00b2"), row(crn="2", section="101", kind="Discussion"))
    # when
    records = parse(text)
    # then
    assert [(s.code, s.parent_code) for s in records.courses[0].sections] == [("\u00b2", None), ("101", None)]


def test_an_unknown_type_is_kept_under_a_derived_code_with_a_warning():
    # given
    text = csv_text(row(crn="1", kind="Colloquium"), row(crn="2", section="002", kind="colloquium"))
    # when
    records = parse(text)
    # then
    assert {s.component for s in records.courses[0].sections} == {"COLLOQUIUM"}
    (warning,) = records.warnings
    assert (warning.location, warning.field, warning.value) == ("line 2", "Type", "Colloquium")
    assert warning.more == 1 and str(warning).endswith("(1 more like it)")
    assert "filed as COLLOQUIUM" in warning.message


def test_unknown_types_of_one_course_stay_distinct_components_each_warned():
    # given: a lecture beside lecture-labs and a lecture-discussion (the reviewer's uva_comp.csv)
    text = csv_text(
        row(crn="1", section="001", kind="Lecture"),
        row(crn="2", section="101", kind="Lecture/Lab", days="Tu 1:00pm - 3:50pm"),
        row(crn="3", section="102", kind="Lecture/Lab", days="Th 1:00pm - 3:50pm"),
        row(crn="4", section="201", kind="Lecture-Discussion", days="Fr 1:00pm - 1:50pm"),
    )
    # when
    records = parse(text)
    # then
    assert [s.component for s in records.courses[0].sections] == ["LEC", "LECTURELAB", "LECTURELAB", "LECTUREDISCU"]
    messages = {w.value: (w.message, w.more) for w in records.warnings}
    assert messages["Lecture/Lab"] == ("unknown component type (any case); filed as LECTURELAB", 1)
    assert "filed as LECTUREDISCU (its letters and digits cut to the 12" in messages["Lecture-Discussion"][0]


def test_an_unknown_status_is_taken_as_open_with_a_warning():
    records = parse(csv_text(row(status="Pending")))

    assert only_section(records).status == "open"
    assert [(w.field, w.value) for w in records.warnings] == [("Status", "Pending")]


def test_web_based_rooms_make_a_section_online_and_mixed_rooms_hybrid():
    # given
    online = row(crn="1", room="Web-Based Course")
    hybrid = row(crn="2", section="002", room="Web-Based Course", days2="Fr 1:00pm - 1:50pm", room2="Rice 1")
    in_person = row(crn="3", section="003")
    # when
    sections = parse(csv_text(online, hybrid, in_person)).courses[0].sections
    # then
    assert [s.modality for s in sections] == ["online", "hybrid", "in_person"]


def test_identical_slots_give_one_meeting():
    text = csv_text(
        row(
            instructor2="Bo Li",
            days2="MoWe 1:00pm - 1:50pm",
            room2="Rice Hall 130",
            dates2=TERM_DATES,
        )
    )

    assert len(only_section(parse(text)).meetings) == 1


# --- meetings with no set time ------------------------------------------------------------------


def test_a_tba_section_is_normal_and_keeps_an_untimed_meeting_only_for_a_room_or_dates():
    # given
    text = csv_text(
        row(crn="1", section="001", days="TBA", room="TBA", dates="TBA"),
        row(crn="2", section="002", days="TBA", room="TBA", dates=TERM_DATES),
        row(crn="3", section="003", days="TBA", room="Clark Hall 108", dates="TBA"),
        row(crn="4", section="004", days="", room="", dates=""),
    )
    # when
    sections = parse(text).courses[0].sections
    # then
    assert [s.quarantine for s in sections] == ["", "", "", ""]
    assert [len(s.meetings) for s in sections] == [0, 1, 1, 0]
    assert not any(m.is_timed or m.days for s in sections for m in s.meetings)
    assert sections[1].meetings[0].first_date == date(2025, 8, 26)
    assert sections[2].meetings[0].location == "Clark Hall 108"


# --- exams and one-off meetings -----------------------------------------------------------------


def test_a_single_date_slot_beside_a_weekly_slot_is_an_exam():
    text = csv_text(row(days2="We 7:00PM - 8:30PM", room2="Contact Department", dates2="09/24/2025 - 09/24/2025"))

    weekly, exam = only_section(parse(text)).meetings

    assert (weekly.kind, exam.kind) == ("weekly", "exam")
    assert exam.days == (2,) and exam.first_date == exam.last_date == date(2025, 9, 24)


def test_single_date_slots_with_no_weekly_slot_are_one_off_meetings():
    # given
    text = csv_text(
        row(
            days="Mo 2:00pm - 5:00pm",
            dates="09/01/2025 - 09/01/2025",
            days2="Mo 2:00PM - 2:50PM",
            room2="Chemistry Bldg 101",
            dates2="09/08/2025 - 09/08/2025",
        )
    )
    # when
    meetings = only_section(parse(text)).meetings
    # then
    assert [m.kind for m in meetings] == ["one_off", "one_off"]


# --- quarantine ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "days", "dates", "reason"),
    [
        ("Days1", "Mo 12:00am - 12:00am", TERM_DATES, "placeholder meeting 12:00am - 12:00am"),
        ("Days1", "Tu 1:00pm - 1:00pm", TERM_DATES, "zero-length meeting"),
        ("Days1", "We 3:00pm - 2:00pm", TERM_DATES, "end 14:00 is before start 15:00"),
        ("Days1", "Th 25:00pm - 26:00pm", TERM_DATES, "impossible time"),
        ("Days1", "Fr 1:00 - 2:00", TERM_DATES, "impossible time"),
        ("Days1", "Mo", TERM_DATES, "expected 'DAYS START - END'"),
        (
            "MeetingDates1",
            "Mo 1:00pm - 2:00pm",
            "12/09/2025 - 08/26/2025",
            "last date is before the first",
        ),
        ("MeetingDates1", "Mo 1:00pm - 2:00pm", "fall 2025", "not a date range"),
    ],
)
def test_an_untrustworthy_slot_quarantines_the_section_naming_line_column_and_value(column, days, dates, reason):
    # given
    text = csv_text(row(crn="4242", days=days, dates=dates))
    # when
    records = parse(text, name="uploads/f.csv")
    # then
    section = only_section(records)
    assert records.source_name == "uploads/f.csv"
    assert section.source == "line 2"
    assert section.quarantine.startswith(f"line 2 {column} ")
    assert reason in section.quarantine
    assert (days if column == "Days1" else dates) in section.quarantine
    assert section.meetings == ()
    assert accounted(records) and records.section_count == 1


def test_a_section_with_one_bad_slot_is_quarantined_even_when_another_slot_is_good():
    # given
    text = csv_text(row(days="MoWe 1:00pm - 1:50pm", days2="Fr 12:00am - 12:00am", dates2=TERM_DATES))
    # when
    section = only_section(parse(text))
    # then
    assert "line 2 Days2 'Fr 12:00am - 12:00am': placeholder meeting" in section.quarantine
    assert [m.days for m in section.meetings] == [(0, 2)]


def test_an_unknown_day_token_is_skipped_with_a_warning():
    # given
    text = csv_text(row(crn="9", days="MoXyWe 1:00pm - 1:50pm"))
    # when
    records = parse(text)
    # then
    section = only_section(records)
    assert section.meetings[0].days == (0, 2)
    assert section.quarantine == ""
    (warning,) = records.warnings
    assert (warning.location, warning.field, warning.registrar_id) == ("line 2", "Days1", "9")
    assert "unknown day token 'Xy'" in warning.message


def test_a_slot_with_no_known_day_is_quarantined():
    section = only_section(parse(csv_text(row(days="Xy 1:00pm - 1:50pm"))))

    assert "line 2 Days1 'Xy 1:00pm - 1:50pm': no day token" in section.quarantine


# --- rejection ----------------------------------------------------------------------------------


def test_missing_and_repeated_class_numbers_are_rejected_and_counted():
    # given
    text = csv_text(row(crn="7"), row(crn="7", section="002"), row(crn="", section="003"))
    # when
    records = parse(text)
    # then
    assert (records.sections_seen, records.section_count) == (3, 1)
    assert [(p.location, p.field, p.value, p.registrar_id) for p in records.rejected] == [
        ("line 3", "ClassNumber", "7", "7"),
        ("line 4", "ClassNumber", "", ""),
    ]
    assert accounted(records)


@pytest.mark.parametrize(
    ("subject", "number", "value"),
    [("C5", "1110", "C5 1110"), ("CS", "ABC", "CS ABC"), ("", "1110", "1110"), ("CS", "", "CS")],
)
def test_a_row_whose_course_code_cannot_be_read_is_rejected(subject, number, value):
    records = parse(csv_text(row(crn="55", subject=subject, number=number), row(crn="56", section="002")))

    assert [(p.location, p.field, p.value, p.registrar_id) for p in records.rejected] == [
        ("line 2", "Mnemonic/Number", value, "55")
    ]
    assert accounted(records) and records.section_count == 1


@pytest.mark.parametrize("crn", ["40012/1", "/", ".", ".."])
def test_a_class_number_no_api_url_can_hold_is_rejected_naming_its_line(crn):
    # given: the section's URL is sections/{registrar_id}/, one path segment
    text = csv_text(row(crn="10001"), row(crn=crn, section="002"), row(crn="10003", section="003"))
    # when
    records = parse(text)
    # then: that row is reported and the others are read
    assert [(p.location, p.field, p.value, p.registrar_id) for p in records.rejected] == [
        ("line 3", "ClassNumber", crn, crn)
    ]
    assert str(records.rejected[0]).endswith(
        f": class number {crn!r} cannot be used: it is part of the API's URLs, so it may not contain '/' "
        "or be '.' or '..' (such as '40012', not '40012/1')."
    )
    assert [s.registrar_id for s in records.courses[0].sections] == ["10001", "10003"]
    assert accounted(records)


@pytest.mark.parametrize(("subject", "number"), [("CS/ECE", "1110"), ("CS", "1110/5110"), (".", "1110"), ("CS", "..")])
def test_a_course_code_no_api_url_can_hold_is_rejected_as_no_course_code(subject, number):
    records = parse(csv_text(row(crn="55", subject=subject, number=number), row(crn="56", section="002")))

    assert [(p.location, p.field, p.registrar_id) for p in records.rejected] == [("line 2", "Mnemonic/Number", "55")]
    assert accounted(records) and records.section_count == 1


def test_a_repeated_section_code_or_a_missing_type_is_rejected():
    # given
    text = csv_text(row(crn="1"), row(crn="2"), row(crn="3", section="002", kind=""), row(crn="4", section=""))
    # when
    records = parse(text)
    # then
    assert [(p.location, p.field) for p in records.rejected] == [
        ("line 3", "Section"),
        ("line 4", "Type"),
        ("line 5", "Section"),
    ]
    assert accounted(records) and records.section_count == 1


def test_blank_rows_are_not_sections():
    records = parse(csv_text(row(crn="1"), ",,,,,", "", row(crn="2", section="002")))

    assert (records.sections_seen, records.section_count, records.rejected) == (2, 2, ())


def test_rows_wider_or_narrower_than_the_header_are_read_with_one_warning():
    records = parse(csv_text(row(crn="1") + ",extra", "2,CS,1110,002,Lecture"))

    assert [s.registrar_id for s in records.courses[0].sections] == ["1", "2"]
    assert [(w.location, w.message[:9]) for w in records.warnings] == [("line 2", "2 row(s) ")]


# --- links --------------------------------------------------------------------------------------


def test_discussions_in_a_lectures_hundred_block_are_linked_to_it():
    # given
    text = csv_text(
        row(crn="1", section="100"),
        row(crn="2", section="101", kind="Discussion"),
        row(crn="3", section="110", kind="SPS"),
        row(crn="4", section="200"),
        row(crn="5", section="201", kind="Discussion"),
    )
    # when
    records = parse(text)
    # then
    parents = {s.code: s.parent_code for s in records.courses[0].sections}
    assert parents == {"100": None, "101": "100", "110": "100", "200": None, "201": "200"}
    assert records.warnings == ()


def test_a_course_whose_labs_fall_outside_lecture_blocks_stays_unlinked():
    text = csv_text(
        row(crn="1", section="001"),
        row(crn="2", section="002"),
        row(crn="3", section="101", kind="Laboratory"),
    )

    assert {s.parent_code for s in parse(text).courses[0].sections} == {None}


def test_a_partly_numbered_course_stays_unlinked_with_a_warning():
    # given
    text = csv_text(
        row(crn="1", section="090"),
        row(crn="2", section="101", kind="Discussion"),
        row(crn="3", section="300"),
        row(crn="4", section="301", kind="Discussion"),
    )
    # when
    records = parse(text)
    # then
    assert {s.parent_code for s in records.courses[0].sections} == {None}
    (warning,) = records.warnings
    assert (warning.field, warning.value) == ("Mnemonic/Number", "CS 1110")
    assert "101 fall in no hundred block" in warning.message


def test_a_lecture_left_without_sections_in_its_block_is_reported():
    # given
    text = csv_text(
        row(crn="1", section="100"),
        row(crn="2", section="400"),
        row(crn="3", section="401", kind="Discussion"),
    )
    # when
    records = parse(text)
    # then
    assert {s.code: s.parent_code for s in records.courses[0].sections}["401"] == "400"
    (warning,) = records.warnings
    assert (warning.location, warning.field, warning.value) == ("line 2", "Mnemonic/Number", "CS 1110")
    assert "lecture(s) 100 have no section numbered in their block" in warning.message


# --- the whole file -----------------------------------------------------------------------------


def test_columns_are_found_by_name_in_any_case_and_order_beside_extra_columns():
    records = parse("Extra,classnumber,TITLE,mnemonic,NUMBER,section,type\nx,99,Thing,cs,2100,001,LECTURE\n")

    section = only_section(records)

    assert (records.courses[0].code, section.registrar_id, section.component) == (
        "CS 2100",
        "99",
        "LEC",
    )
    assert section.meetings == ()


def test_the_term_comes_from_the_file_name_and_the_meeting_dates():
    # given
    text = csv_text(
        row(
            dates="08/20/2025 - 12/01/2025",
            days2="Sa 9:00am - 5:00pm",
            dates2="12/13/2025 - 12/13/2025",
        )
    )
    # when
    records = parse(text, name="/data/uva/2025_Fall.csv")
    # then
    assert records.term == TermRecord("2025-fall", "Fall 2025", date(2025, 8, 20), date(2025, 12, 13))
    assert records.institution == InstitutionRecord("uva", "University of Virginia", "America/New_York")


def test_a_file_name_that_names_no_term_gives_its_stem_and_given_values_win():
    # given
    institution = InstitutionRecord("uva-test", "UVA test", "America/New_York")
    term = TermRecord("2025-fall", "Fall 2025")
    # when
    plain = parse(csv_text(row()), name="export.csv")
    given = uva_csv.parse_bytes(csv_text(row()).encode(), name="x.csv", institution=institution, term=term)
    # then
    assert (plain.term.code, plain.term.name) == ("export", "export")
    assert (given.institution, given.term) == (institution, term)


def test_parse_reads_a_file_from_disk(tmp_path: Path):
    path = tmp_path / "2025_fall.csv"
    path.write_text(csv_text(row()), encoding="utf-8")

    records = uva_csv.parse(path)

    assert (records.source_name, records.section_count) == (str(path), 1)


@pytest.mark.parametrize("marks", [1, 2, 3])
def test_utf8_byte_order_marks_are_accepted_however_many_tools_added_one(marks):
    records = uva_csv.parse_bytes(b"\xef\xbb\xbf" * marks + csv_text(row()).encode(), name="f.csv")

    assert records.section_count == 1


# --- files refused as a whole -------------------------------------------------------------------


def test_an_empty_file_is_refused():
    with pytest.raises(CatalogFormatError, match=r"^f\.csv: file is empty; expected a UVA course listing CSV"):
        uva_csv.parse_bytes(b" \n", name="f.csv")


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path, monkeypatch):
    # given
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    # when
    with pytest.raises(CatalogFormatError) as error:
        uva_csv.parse(path)
    # then
    assert str(error.value).startswith(f"{path}: file is {MAX_FILE_BYTES + 1:,} bytes; the limit is")


def test_bytes_over_the_limit_are_refused():
    with pytest.raises(CatalogFormatError, match=r"^up\.csv: file is [\d,]+ bytes; the limit is [\d,]+ bytes"):
        uva_csv.parse_bytes(b"x" * (MAX_FILE_BYTES + 1), name="up.csv")


def test_nul_bytes_are_refused_with_their_line():
    data = csv_text(row()).encode() + b"1,CS\x00\n"

    with pytest.raises(CatalogFormatError, match=r"^f\.csv: line 3: NUL byte at byte offset \d+"):
        uva_csv.parse_bytes(data, name="f.csv")


def test_bytes_windows_1252_leaves_undefined_are_refused_as_binary_with_their_line_and_column():
    data = csv_text(row()).encode() + b"1,CS\x81\n"

    with pytest.raises(
        CatalogFormatError,
        match=r"^f\.csv: line 3: byte 0x81 at byte offset \d+ \(column 5\) is not valid UTF-8, nor any Windows-1252 "
        r"character; "
        r"expected a UVA course listing CSV .*is this a binary file",
    ):
        uva_csv.parse_bytes(data, name="f.csv")


def test_an_excel_workbook_given_as_csv_is_refused_with_what_to_do():
    data = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml"

    with pytest.raises(
        CatalogFormatError, match=r"^f\.csv: line 1: NUL byte .*Excel workbook \(\.xlsx\): save the sheet as CSV"
    ):
        uva_csv.parse_bytes(data, name="f.csv")


def test_a_file_mixing_utf8_and_windows_1252_is_refused_naming_both_lines():
    # given: a UTF-8 file with a Windows-1252 row appended
    data = csv_text(row(title="Caf\u00e9 Culture")).encode() + row(
        crn="10002", section="002", title="Caf\u00e9"
    ).encode("cp1252")
    # when
    with pytest.raises(CatalogFormatError) as error:
        uva_csv.parse_bytes(data, name="f.csv")
    # then
    message = str(error.value)
    assert message.startswith(
        "f.csv: line 3: the file mixes two encodings: line 2 has UTF-8 text ('\u00e9') but byte 0xe9"
    )
    assert "re-save it as UTF-8 in one piece" in message


def test_a_file_that_starts_as_utf8_but_is_not_is_refused_with_its_line_and_offset():
    data = b"\xef\xbb\xbf" + csv_text(row(title="Caf\u00e9")).encode("cp1252")

    with pytest.raises(
        CatalogFormatError,
        match=r"^f\.csv: line 2: byte 0xe9 at byte offset \d+ \(column \d+\) is not valid UTF-8, though it starts "
        r"with a UTF-8 byte-order mark",
    ):
        uva_csv.parse_bytes(data, name="f.csv")


def test_utf16_cut_short_is_refused():
    data = csv_text(row()).encode("utf-16") + b"\x00"

    with pytest.raises(
        CatalogFormatError, match=r"^f\.csv: line \d+: the file starts with a UTF-16 byte-order mark but"
    ):
        uva_csv.parse_bytes(data, name="f.csv")


def test_an_unterminated_quote_names_the_line_where_the_row_starts():
    text = csv_text(row(crn="1"), row(crn="2", section="002"), '3,CS,1110,003,Lecture,3,"Ada', "4,CS")

    with pytest.raises(CatalogFormatError, match=r"^f\.csv: line 4: broken CSV: unexpected end of data"):
        parse(text, name="f.csv")


def test_missing_columns_are_listed():
    text = "ClassNumber,Mnemonic,Number,Title\n1,CS,1110,x\n"

    with pytest.raises(CatalogFormatError, match=r"^f\.csv: line 1: missing required column\(s\) Section, Type;"):
        parse(text, name="f.csv")


def test_json_given_to_the_csv_adapter_is_refused_with_a_hint():
    with pytest.raises(
        CatalogFormatError,
        match=r"^f\.json: line 1: expected a CSV with header .*this looks like JSON",
    ):
        parse('{"courses": {}, "caches": {}, "version": 3}', name="f.json")


def test_the_adapter_imports_no_django_and_no_third_party_package():
    # given
    code = (
        "import sys; import catalog.sources.uva_csv; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'django', 'jsonschema'}))"
    )
    # when
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    # then
    assert result.stdout.strip() == "[]"


# --- a file a spreadsheet re-saved --------------------------------------------------------------


def test_a_windows_1252_file_is_read_with_a_warning_naming_the_encoding_and_the_first_line_to_check():
    # given: what Excel on Windows saves as "CSV": accents and a curly apostrophe in Windows-1252
    text = csv_text(
        row(),
        row(crn="10002", section="002", instructor="Jos\u00e9 Mart\u00ed", title="Introduction to Programming"),
        row(crn="10003", subject="ENWR", number="1510", title="Writer\u2019s Craft"),
    )
    # when
    records = uva_csv.parse_bytes(text.encode("cp1252"), name="f.csv")
    # then
    courses = {c.code: c for c in records.courses}
    assert courses["CS 1110"].sections[1].instructors == ("Jos\u00e9 Mart\u00ed",)
    assert courses["ENWR 1510"].title == "Writer\u2019s Craft"
    note = records.warnings[0]
    assert note.location == "line 3"
    assert "Jos\u00e9 Mart\u00ed" in note.value
    assert note.message.startswith("the file is not UTF-8; it was read as Windows-1252 (cp1252")
    assert "2 line(s) have characters outside ASCII, this is the first" in note.message


@pytest.mark.parametrize("separator", [",", "\t"])
def test_utf16_with_a_byte_order_mark_reads_like_the_utf8_file_and_needs_no_warning(separator):
    # given: Excel's "Unicode text" is UTF-16 with a byte-order mark, tab-separated
    text = csv_text(row(instructor="Jos\u00e9 Mart\u00ed", title="Writer\u2019s Craft")).replace(",", separator)
    # when
    records = uva_csv.parse_bytes(text.encode("utf-16"), name="f.csv")
    # then
    assert records == uva_csv.parse_bytes(text.encode(), name="f.csv")
    assert only_section(records).instructors == ("Jos\u00e9 Mart\u00ed",)
    assert records.warnings == ()


@pytest.mark.parametrize("separator", [";", "\t"])
def test_a_file_saved_with_semicolons_or_tabs_reads_like_the_comma_file(separator):
    # given: Excel in a locale whose list separator is ';', or "Text (Tab delimited)"
    comma = csv_text(row(crn="1", title="Logic, Sets"), row(crn="2", section="002", title="Logic, Sets"))
    saved = csv_text(row(crn="1", title="Logic_ Sets"), row(crn="2", section="002", title="Logic_ Sets"))
    saved = saved.replace(",", separator)
    # when
    records = parse(saved.replace("Logic_ Sets", f'"Logic{separator} Sets"'))
    # then
    assert records.courses == parse(comma.replace("Logic, Sets", f"Logic{separator} Sets")).courses
    assert records.sections_seen == 2 and records.warnings == ()


def test_column_names_are_read_whatever_their_spaces_underscores_and_case():
    # given: "Class Number", "days_1", "Meeting Dates 1" as another export writes them
    header = COLUMNS.replace("ClassNumber", "Class Number").replace("Days1", "days_1")
    header = header.replace("MeetingDates1", "Meeting Dates 1").replace("EnrollmentLimit", "ENROLLMENT-LIMIT")
    # when
    section = only_section(parse(csv_text(row(), header=header)))
    # then
    assert section == only_section(parse(csv_text(row())))
    assert (section.registrar_id, section.capacity, section.meetings[0].start) == ("10001", 30, time(13, 0))


def test_a_slot_without_its_days_column_is_reported_not_dropped_silently():
    # given: the Days1 column renamed out of recognition, Room1 and MeetingDates1 still there
    header = COLUMNS.replace("Days1", "Meeting Pattern")
    # when
    records = parse(csv_text(row(), header=header))
    # then
    unread, warning = records.warnings
    assert (warning.location, warning.field) == ("line 1", "Days1")
    assert "no column Days1 beside Instructor1, Room1, MeetingDates1" in warning.message
    assert "slot 1" in warning.message and only_section(records).meetings[0].start is None
    assert (unread.location, unread.value) == ("line 1", "Meeting Pattern")
    assert unread.message.startswith("1 column(s) not read: Meeting Pattern; the columns read are ClassNumber, ")


def test_a_file_of_one_meeting_slot_may_name_its_columns_without_a_number():
    # given: Days, Room, Instructor and MeetingDates for the one slot; an unknown Campus column
    header = "ClassNumber,Mnemonic,Number,Section,Type,Title,Instructor,Days,Room,MeetingDates,Campus"
    text = csv_text(
        f"1,CS,1110,001,Lecture,Intro,Ada Lovelace,TuTh 9:30am - 10:45am,Rice 130,{TERM_DATES},North", header=header
    )
    # when
    records = parse(text)
    # then
    section = only_section(records)
    assert [(m.days, m.start, m.location) for m in section.meetings] == [((1, 3), time(9, 30), "Rice 130")]
    assert section.instructors == ("Ada Lovelace",)
    assert [w.value for w in records.warnings] == ["Campus"]


def test_a_column_named_twice_is_read_from_its_first_place_with_a_warning():
    records = parse(csv_text(row() + ",Fr 9:00am - 9:50am", header=COLUMNS + ",Days1"))

    assert only_section(records).meetings[0].days == (0, 2)
    assert [w.message for w in records.warnings] == [
        "column Days1 appears twice in the header; the first (column 8) is read, column 22 is ignored"
    ]


def test_a_file_cut_off_inside_a_row_is_refused_as_truncated():
    # given: the last row cut after its title, with no line break after it
    text = csv_text(row(crn="1"), row(crn="2", section="002"))
    cut = text[: text.rindex("Introduction") + 5]
    # when, then
    with pytest.raises(
        CatalogFormatError,
        match=r"^f\.csv: line 3: the file ends inside this row \(15 of the header's 21 fields, and no line break",
    ):
        parse(cut, name="f.csv")


def test_a_last_row_without_a_line_break_is_read_when_it_is_complete():
    records = parse(csv_text(row(crn="1"), row(crn="2", section="002")).rstrip("\n"))

    assert (records.sections_seen, records.section_count, records.warnings) == (2, 2, ())


def test_a_header_with_no_rows_is_refused_as_it_would_withdraw_the_whole_term():
    with pytest.raises(
        CatalogFormatError, match=r"^f\.csv: line 1: no rows after the header; .*withdraw every section"
    ):
        parse(csv_text("", ",,,"), name="f.csv")


@pytest.mark.parametrize(
    ("days", "weekdays", "start", "end"),
    [
        ("MoWe 09:00 - 09:50", (0, 2), time(9, 0), time(9, 50)),
        ("TuTh 13:00 - 14:15", (1, 3), time(13, 0), time(14, 15)),
        ("MoWe 9am - 10am", (0, 2), time(9, 0), time(10, 0)),
        ("MoWe 9:00a - 9:50a", (0, 2), time(9, 0), time(9, 50)),
        ("MoWe 9 a.m. to 10 a.m.", (0, 2), time(9, 0), time(10, 0)),
        ("MoWe 9:00am \u2013 9:50am", (0, 2), time(9, 0), time(9, 50)),
        ("TuTh 11:00 - 12:15pm", (1, 3), time(11, 0), time(12, 15)),
        ("Fr noon - 1:00pm", (4,), time(12, 0), time(13, 0)),
        ("MWF 9:00am - 9:50am", (0, 2, 4), time(9, 0), time(9, 50)),
        ("TR 2:00pm - 3:15pm", (1, 3), time(14, 0), time(15, 15)),
        ("TTh 2:00pm - 3:15pm", (1, 3), time(14, 0), time(15, 15)),
        ("MTWRF 8:00am - 8:50am", (0, 1, 2, 3, 4), time(8, 0), time(8, 50)),
        ("Mon/Wed 9:00am - 9:50am", (0, 2), time(9, 0), time(9, 50)),
        ("M W F 9:00am - 9:50am", (0, 2, 4), time(9, 0), time(9, 50)),
        ("Mo, We 9:00am - 9:50am", (0, 2), time(9, 0), time(9, 50)),
        ("Tues Thurs 9:00am - 9:50am", (1, 3), time(9, 0), time(9, 50)),
        ("Saturday 10:00am - 1:00pm", (5,), time(10, 0), time(13, 0)),
    ],
)
def test_other_spellings_of_days_and_times_are_read_without_quarantine(days, weekdays, start, end):
    # given
    records = parse(csv_text(row(days=days)))
    # when
    section = only_section(records)
    # then
    assert (section.quarantine, records.warnings) == ("", ())
    assert [(m.days, m.start, m.end) for m in section.meetings] == [(weekdays, start, end)]


@pytest.mark.parametrize(
    ("other", "days", "weekdays", "warned"),
    [
        ("", "MTWRFSU 9:00am - 9:50am", (0, 1, 2, 3, 4, 5, 6), False),  # R: one letter a day
        ("TR 9:00am - 9:50am", "SU 9:00am - 9:50am", (5, 6), False),  # the file writes R for Thursday
        ("TuTh 9:00am - 9:50am", "SU 9:00am - 9:50am", (6,), False),  # the file writes two-letter days
        ("", "SU 9:00am - 9:50am", (6,), True),  # nothing tells: read as before, warned
        ("", "S U 9:00am - 9:50am", (6,), True),
        ("", "Su 9:00am - 9:50am", (6,), False),
    ],
)
def test_su_is_the_weekend_in_a_file_of_one_letter_a_day_and_sunday_in_a_file_of_two(other, days, weekdays, warned):
    # given: EVSC 2801's days, and another section of the file
    rows = [row(crn="19004", subject="EVSC", number="2801", days=days)]
    if other:
        rows.append(row(crn="19005", subject="EVSC", number="2802", days=other))
    # when
    records = parse(csv_text(*rows))
    # then
    section = next(s for c in records.courses for s in c.sections if s.registrar_id == "19004")
    assert [m.days for m in section.meetings] == [weekdays]
    assert any("one letter a day (M T W R F S U)" in w.message for w in records.warnings) is warned


@pytest.mark.parametrize(
    ("days", "reason"),
    [
        ("Mo 1:00 - 2:00", "has no am/pm; expected a 12-hour time such as '1:00pm' or a 24-hour time"),
        ("Mo 12:30 - 1:45", "has no am/pm"),
        ("Mo 9.00am - 9.50am", "is not a time such as"),
        ("Mo 24:00 - 25:00", "is not a possible time of day"),
    ],
)
def test_a_time_that_could_be_night_or_day_or_is_none_is_quarantined(days, reason):
    section = only_section(parse(csv_text(row(days=days))))

    assert section.quarantine.startswith(f"line 2 Days1 {days!r}: impossible time (") and reason in section.quarantine


@pytest.mark.parametrize(
    "name", ["2025_fall (1).csv", "UVA Fall 2025 catalog.csv", "fall_2025.csv", "downloads/2025 Fall.csv"]
)
def test_a_second_download_or_another_name_of_the_term_file_names_the_same_term(name):
    records = parse(csv_text(row()), name=name)

    assert (records.term.code, records.term.name) == ("2025-fall", "Fall 2025")


def test_a_row_giving_its_course_another_title_is_reported():
    # given
    text = csv_text(row(crn="1"), row(crn="2", section="002", title="Intro to Python"))
    # when
    records = parse(text)
    # then
    assert records.courses[0].title == "Introduction to Programming"
    (warning,) = records.warnings
    assert (warning.location, warning.field, warning.value, warning.registrar_id) == (
        "line 3",
        "Title",
        "Intro to Python",
        "2",
    )
    assert warning.message == (
        "CS 1110: a title other than its course's first row gives; the course keeps 'Introduction to Programming'"
    )


def test_a_course_whose_first_row_has_no_title_takes_a_later_rows_title_without_a_word():
    # given: the course's first row with its Title emptied
    text = csv_text(row(crn="1", title=""), row(crn="2", section="002"), row(crn="3", section="003"))
    # when
    records = parse(text)
    # then
    assert records.courses[0].title == "Introduction to Programming"
    assert records.warnings == ()


def test_a_course_with_no_title_in_any_row_is_titled_by_its_code_with_a_warning():
    # given
    text = csv_text(row(crn="1", title=""), row(crn="2", section="002", title=""))
    # when
    records = parse(text)
    # then
    assert records.courses[0].title == "CS 1110"
    (warning,) = records.warnings
    assert (warning.location, warning.field, warning.value, warning.registrar_id) == ("line 2", "Title", "", "1")
    assert warning.message == "no title in any row of the course; titled by its code 'CS 1110'"


def test_a_course_whose_first_row_has_no_description_takes_a_later_rows():
    # given: the course's first row with its Description emptied, a later one describing it
    text = csv_text(row(crn="1", description=""), row(crn="2", section="002", description="Loops."))
    # when
    records = parse(text)
    # then
    assert records.courses[0].description == "Loops."
    assert records.warnings == ()


def test_title_lines_an_export_puts_above_the_header_are_skipped_with_a_warning():
    # given: a report title and a blank line above the header
    text = "University of Virginia,Fall 2025 Class Listing\n\n" + csv_text(row(crn="1"), row(crn="2", section="002"))
    # when
    records = parse(text)
    # then
    assert [s.registrar_id for s in records.courses[0].sections] == ["1", "2"]
    assert [s.source for s in records.courses[0].sections] == ["line 4", "line 5"]
    (warning,) = records.warnings
    assert (warning.location, warning.value) == ("line 1", "University of Virginia Fall 2025 Class Listing")
    assert warning.message == "1 line(s) above the header (line 3) are no sections; skipped"


def test_a_file_whose_header_is_nowhere_near_the_top_names_what_its_first_line_lacks():
    text = "\n".join(["Report"] * 12) + "\n" + csv_text(row())

    with pytest.raises(CatalogFormatError, match=r"^f\.csv: line 1: missing required column\(s\) ClassNumber, "):
        parse(text, name="f.csv")


def test_meeting_slots_beyond_the_fourth_are_read_when_the_file_has_them():
    # given: a fifth slot, as an export of a section meeting on five patterns could have
    header = COLUMNS + ",Instructor5,Days5,Room5,MeetingDates5"
    text = csv_text(row() + f",Bo Li,Fr 9:00am - 9:50am,Rice Hall 011,{TERM_DATES}", header=header)
    # when
    records = parse(text)
    # then
    section = only_section(records)
    assert [(m.days, m.start, m.location) for m in section.meetings] == [
        ((0, 2), time(13, 0), "Rice Hall 130"),
        ((4,), time(9, 0), "Rice Hall 011"),
    ]
    assert section.instructors == ("Ada Lovelace", "Bo Li") and records.warnings == ()


@pytest.mark.parametrize("days", ["TBD", "ARR", "Arranged", "By Arrangement", "Asynchronous"])
def test_other_words_for_no_set_time_give_an_untimed_section_not_a_quarantined_one(days):
    records = parse(csv_text(row(days=days, dates="TBD")))

    section = only_section(records)
    assert (section.quarantine, records.warnings) == ("", ())
    assert [(m.days, m.start, m.first_date, m.location) for m in section.meetings] == [
        ((), None, None, "Rice Hall 130")
    ]


# --- another year's export: format drift ----------------------------------------------------


@pytest.mark.parametrize(
    "dates",
    [
        "2025-08-26 - 2025-12-09",
        "2025-08-26-2025-12-09",
        "8/26/2025 - 12/9/2025",
        "8/26/25 - 12/9/25",
        "Aug 26, 2025 - Dec 9, 2025",
        "August 26, 2025 to December 9, 2025",
        "Aug 26 2025 \u2013 Dec 09 2025",
        "26-Aug-2025 - 09-Dec-2025",
        "08/26/2025-12/09/2025",
        "08/26/2025 through 12/09/2025",
    ],
)
def test_meeting_dates_written_iso_with_month_names_or_other_dashes_are_read(dates):
    # given: the same term's dates as another export writes them
    text = csv_text(row(dates=dates))
    # when
    records = parse(text)
    # then
    section = only_section(records)
    assert (section.quarantine, records.warnings) == ("", ())
    assert [(m.first_date, m.last_date) for m in section.meetings] == [(date(2025, 8, 26), date(2025, 12, 9))]


def test_a_day_first_date_in_a_file_that_writes_month_first_elsewhere_quarantines_its_section():
    # given: 26/08 reads only day first, but 08/26 on the next row reads only month first
    text = csv_text(row(dates="26/08/2025 - 09/12/2025"), row(crn="10002", section="002"))
    # when
    records = parse(text)
    # then
    section = records.courses[0].sections[0]
    assert "MeetingDates1 '26/08/2025 - 09/12/2025': not a date range such as '08/26/2025 - 12/09/2025'" in (
        section.quarantine
    )
    assert "'2025-08-26'" in section.quarantine and section.meetings == ()
    assert records.warnings == ()


def test_a_file_writing_every_date_day_first_is_read_so_with_one_warning():
    # given: 26/08 reads only day first, and no date reads only month first
    text = csv_text(
        row(dates="26/08/2025 - 09/12/2025"), row(crn="10002", section="002", dates="01/09/2025 - 05/09/2025")
    )
    # when
    records = parse(text)
    # then
    first, second = records.courses[0].sections
    assert [(m.first_date, m.last_date) for m in first.meetings] == [(date(2025, 8, 26), date(2025, 12, 9))]
    assert [(m.first_date, m.last_date) for m in second.meetings] == [(date(2025, 9, 1), date(2025, 9, 5))]
    (warning,) = records.warnings
    assert (warning.location, warning.value) == ("line 2", "26/08/2025 - 09/12/2025")
    assert warning.message.startswith("the file writes its dates day first")


def test_dates_that_read_either_way_are_read_month_first_without_a_warning():
    records = parse(csv_text(row(dates="01/09/2025 - 05/09/2025")))

    (meeting,) = only_section(records).meetings
    assert (meeting.first_date, meeting.last_date, records.warnings) == (date(2025, 1, 9), date(2025, 5, 9), ())


@pytest.mark.parametrize(
    ("days", "start", "end"),
    [("MoWe 0900 - 0950", time(9, 0), time(9, 50)), ("MoWe 1330-1445", time(13, 30), time(14, 45))],
)
def test_times_on_a_24_hour_clock_written_without_a_colon_are_read(days, start, end):
    records = parse(csv_text(row(days=days)))

    section = only_section(records)
    assert (section.quarantine, records.warnings) == ("", ())
    assert [(m.days, m.start, m.end) for m in section.meetings] == [((0, 2), start, end)]


@pytest.mark.parametrize("units", ["1-4", "1 to 4", "1 \u2013 4", "1.0 - 4.0"])
def test_a_range_of_units_written_without_spaces_with_to_or_a_dash_is_read(units):
    records = parse(csv_text(row(units=units)))

    (course,) = records.courses
    assert (course.credits_min, course.credits_max, records.warnings) == (Decimal(1), Decimal(4), ())


@pytest.mark.parametrize(
    ("columns", "cells"),
    [
        ("StartTime1,EndTime1", "1:00pm,1:50pm"),
        ("Start Time 1,End Time 1", "13:00,13:50"),
        ("start_time1,end_time1", "1:00 PM,1:50 PM"),
        ("Start1,End1", "1300,1350"),
        ("Time1", "1:00pm - 1:50pm"),
    ],
)
def test_a_slots_time_in_columns_of_its_own_beside_days_alone_is_read(columns, cells):
    # given: an export that splits 'MoWe 1:00pm - 1:50pm' into days and time columns
    text = csv_text(row(days="MoWe") + f",{cells}", header=f"{COLUMNS},{columns}")
    # when
    records = parse(text)
    # then
    section = only_section(records)
    assert (section.quarantine, records.warnings) == ("", ())
    assert [(m.days, m.start, m.end) for m in section.meetings] == [((0, 2), time(13, 0), time(13, 50))]


def test_a_bad_time_in_its_own_columns_quarantines_the_section_naming_those_columns():
    text = csv_text(row(days="MoWe") + ",3:00pm,2:00pm", header=f"{COLUMNS},StartTime,EndTime")

    section = only_section(parse(text))

    assert section.quarantine == (
        "line 2 Days1+StartTime1/EndTime1 'MoWe 3:00pm - 2:00pm': end 14:00 is before start 15:00; the slot was dropped"
    )


def test_a_time_in_its_own_columns_with_no_days_is_kept_untimed_with_a_warning():
    text = csv_text(row(days="") + ",1:00pm,1:50pm", header=f"{COLUMNS},StartTime1,EndTime1")

    records = parse(text)

    section = only_section(records)
    assert [(m.days, m.start, m.location) for m in section.meetings] == [((), None, "Rice Hall 130")]
    assert [(w.field, w.value) for w in records.warnings] == [("StartTime1/EndTime1", "1:00pm - 1:50pm")]


def test_a_section_listed_again_with_other_meetings_gets_them_all_with_one_warning():
    # given: an export with one row per meeting: the lecture, then its evening exam, same CRN
    text = csv_text(
        row(crn="40011", days="MoWe 1:00pm - 1:50pm"),
        row(crn="40011", days="Th 7:00pm - 8:30pm", instructor="Bo Li", dates="09/24/2025 - 09/24/2025"),
        row(crn="40012", section="002"),
    )
    # when
    records = parse(text)
    # then
    first = records.courses[0].sections[0]
    assert [(m.days, m.start, m.kind) for m in first.meetings] == [
        ((0, 2), time(13, 0), "weekly"),
        ((3,), time(19, 0), "exam"),
    ]
    assert first.instructors == ("Ada Lovelace", "Bo Li")
    assert (records.sections_seen, records.section_count, records.rejected) == (2, 2, ())
    (warning,) = records.warnings
    assert (warning.location, warning.registrar_id) == ("line 3", "40011")
    assert "listing the section of an earlier row again" in warning.message


def test_a_line_repeated_exactly_is_ignored_with_a_warning_not_rejected():
    text = csv_text(row(crn="40011"), row(crn="40011"))

    records = parse(text)

    assert (records.sections_seen, records.section_count, records.rejected) == (1, 1, ())
    assert [(w.location, w.message) for w in records.warnings] == [
        ("line 3", "the same row as an earlier one (a duplicate line); ignored")
    ]


def test_a_class_number_used_again_for_another_section_is_rejected_naming_the_first_row():
    text = csv_text(row(crn="40011"), row(crn="40011", section="002"))

    records = parse(text)

    (problem,) = records.rejected
    assert (problem.location, problem.value) == ("line 3", "40011")
    assert problem.message.startswith("class number already used by an earlier row, line 2 (CS 1110 Lecture 001)")
    assert accounted(records)


@pytest.mark.realdata
def test_the_real_file_rewritten_with_one_row_per_meeting_reads_the_same(uva_csv_path):
    # given: every row with several meeting slots split into one row per slot, as an export
    # listing a section once per meeting would write it
    rows = list(csv.reader(io.StringIO(uva_csv_path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    slot = {i: [header.index(f"{c}{i}") for c in ("Instructor", "Days", "Room", "MeetingDates")] for i in (1, 2, 3, 4)}
    split = [header]
    for cells in rows[1:]:
        for i in [i for i in (1, 2, 3, 4) if any(cells[k] for k in slot[i])] or [1]:
            one = list(cells)
            for k in (k for j in (1, 2, 3, 4) for k in slot[j]):
                one[k] = ""
            for k, source in zip(slot[1], slot[i], strict=True):
                one[k] = cells[source]
            split.append(one)
    out = io.StringIO()
    csv.writer(out).writerows(split)
    # when
    records = uva_csv.parse_bytes(out.getvalue().encode(), name="2025_fall.csv")
    # then

    def sections(r: CatalogRecords) -> dict:
        return {
            s.registrar_id: (s.meetings, s.instructors, s.modality, s.quarantine != "")
            for c in r.courses
            for s in c.sections
        }

    assert len(split) > len(rows)
    assert sections(records) == sections(real(uva_csv_path))
    assert (records.sections_seen, records.rejected) == (8690, ())


def test_a_file_on_a_24_hour_clock_reads_its_morning_times_without_am_pm_with_one_warning():
    # given: no am/pm anywhere, and an afternoon at 13:00, so 9:30 is half past nine in the morning
    text = csv_text(row(crn="1", days="TuTh 9:30 - 10:45"), row(crn="2", section="002", days="MoWe 13:00 - 14:15"))
    # when
    records = parse(text)
    # then
    first, second = records.courses[0].sections
    assert [(m.start, m.end) for m in first.meetings] == [(time(9, 30), time(10, 45))]
    assert [(m.start, m.end) for m in second.meetings] == [(time(13, 0), time(14, 15))]
    assert first.quarantine == ""
    (warning,) = records.warnings
    assert (warning.location, warning.value, warning.registrar_id) == ("line 2", "9:30 - 10:45", "1")
    assert warning.message.startswith("1 time range(s) with no am/pm, such as this one, were read on a 24-hour clock")
    assert "(line 3: 'MoWe 13:00 - 14:15')" in warning.message


def test_a_time_without_am_pm_in_a_file_that_writes_am_pm_elsewhere_stays_quarantined():
    text = csv_text(row(crn="1", days="TuTh 9:30 - 10:45"), row(crn="2", section="002", days="MoWe 1:00pm - 2:15pm"))

    first = parse(text).courses[0].sections[0]

    assert "impossible time ('9:30 - 10:45' has no am/pm" in first.quarantine and first.meetings == ()


def test_columns_under_other_names_an_export_gives_them_are_read_with_one_warning():
    # given: a PeopleSoft-style header for the same columns
    header = COLUMNS.replace("ClassNumber,Mnemonic,Number", "Class Nbr,Subject,Catalog Nbr").replace(
        "Units,Instructor1", "Credits,Instructors"
    )
    text = "Catalog export, Fall 2025\n" + csv_text(row(units="1-3"), header=header.replace("Room1", "Location 1"))
    # when
    records = parse(text)
    # then
    section = only_section(records)
    assert (records.courses[0].code, section.registrar_id, section.instructors) == (
        "CS 1110",
        "10001",
        ("Ada Lovelace",),
    )
    assert [m.location for m in section.meetings] == ["Rice Hall 130"]
    assert records.courses[0].credits_max == Decimal(3)
    renamed = [w.message for w in records.warnings if "another name" in w.message]
    assert renamed == [
        "6 column(s) read under another name: Instructors as Instructor1, Location 1 as Room1, Class Nbr as "
        "ClassNumber, Subject as Mnemonic, Catalog Nbr as Number, Credits as Units; check that each holds what "
        "the importer reads there"
    ]


def test_a_column_under_its_usual_name_wins_over_another_name_which_is_not_read():
    text = csv_text(row() + ",ECON", header=f"{COLUMNS},Subject")

    records = parse(text)

    assert records.courses[0].subject == "CS"
    assert [w.value for w in records.warnings] == ["Subject"]
    assert records.warnings[0].message.startswith("1 column(s) not read: Subject;")


def test_a_missing_required_column_names_the_other_names_it_is_read_under():
    with pytest.raises(CatalogFormatError, match=r"also read under the names Mnemonic: Subject, Subj, Subject Code\)"):
        parse(csv_text(row(), header=COLUMNS.replace("Mnemonic", "Dept")), name="f.csv")


@pytest.mark.parametrize("footer", ['"Total sections: 1"', "Total,,,,", "1 row(s)"])
def test_a_total_or_note_line_below_the_rows_is_rejected_saying_what_it_looks_like(footer):
    records = parse(csv_text(row(), footer))

    (problem,) = records.rejected
    assert problem.location == "line 3" and problem.value.startswith(("Total", "1 row"))
    assert problem.message.startswith("no Mnemonic, Number, Section or Type, so no section: a total or a note")
    assert accounted(records) and records.section_count == 1


@pytest.mark.parametrize(
    ("status", "expected"), [("Full", "closed"), ("Waitlisted", "waitlist"), ("WAIT LISTED", "waitlist")]
)
def test_statuses_other_exports_write_are_read_without_a_warning(status, expected):
    records = parse(csv_text(row(status=status)))

    assert (only_section(records).status, records.warnings) == (expected, ())


def test_instructors_joined_by_semicolons_keep_the_commas_of_last_name_first():
    records = parse(csv_text(row(instructor="Lovelace, Ada; Babbage, Charles")))

    assert only_section(records).instructors == ("Lovelace, Ada", "Babbage, Charles")


def test_a_course_column_holding_the_whole_code_is_read_as_mnemonic_and_number_with_one_warning():
    # given: 'Course' instead of Mnemonic and Number, with a title line above the header
    header = COLUMNS.replace("Mnemonic,Number", "Course")
    lines = [
        row(crn="1", subject="CS 1110", number=""),
        row(crn="2", subject="cs-2100", number=""),
        row(crn="3", subject="Intro", number=""),
    ]
    text = "Fall 2025 sections\n" + csv_text(*(line.replace(",,", ",", 1) for line in lines), header=header)
    # when
    records = parse(text)
    # then
    assert [c.code for c in records.courses] == ["CS 1110", "CS 2100"]
    (problem,) = records.rejected
    assert (problem.location, problem.value) == ("line 5", "Intro")
    renamed = [w for w in records.warnings if "another name" in w.message]
    assert [w.message.split(";")[0] for w in renamed] == [
        "1 column(s) read under another name: Course as Mnemonic and Number ('CS 1110' → CS, 1110)"
    ]


@pytest.mark.parametrize(
    ("days", "expected"), [("M-F", (0, 1, 2, 3, 4)), ("Mon - Thu", (0, 1, 2, 3)), ("Sa-Su", (5, 6))]
)
def test_a_span_of_days_is_read_as_every_day_in_it(days, expected):
    records = parse(csv_text(row(days=f"{days} 9:00am - 4:00pm")))

    section = only_section(records)
    assert (section.quarantine, records.warnings) == ("", ())
    assert [(m.days, m.start) for m in section.meetings] == [(expected, time(9, 0))]


@pytest.mark.parametrize("units", ["3 credits", "3.0 Units", "3 cr.", "3 Credit Hours"])
def test_units_written_with_a_word_after_the_number_are_read(units):
    records = parse(csv_text(row(units=units)))

    (course,) = records.courses
    assert (course.credits_min, course.credits_max, records.warnings) == (Decimal(3), Decimal(3), ())


@pytest.mark.parametrize(
    ("kind", "code"), [("Recitation", "REC"), ("Independent Study", "IND"), ("Studio", "STO"), ("Tutorial", "TUT")]
)
def test_component_types_written_in_full_are_read_without_a_warning(kind, code):
    records = parse(csv_text(row(kind=kind)))

    assert (only_section(records).component, only_section(records).component_name, records.warnings) == (code, kind, ())


def test_a_file_separated_by_pipes_is_read():
    text = csv_text(row(days="MoWe 1:00pm - 1:50pm", instructor="Ada Lovelace")).replace(",", "|")

    records = parse(text)

    section = only_section(records)
    assert (section.registrar_id, section.instructors, records.warnings) == ("10001", ("Ada Lovelace",), ())


@pytest.mark.parametrize(
    ("days", "start", "end"),
    [
        ("MoWe 9-10am", time(9, 0), time(10, 0)),
        ("MoWe 11-12:15pm", time(11, 0), time(12, 15)),
        ("MoWe 1pm-3", time(13, 0), time(15, 0)),
    ],
)
def test_a_bare_hour_at_one_end_of_a_time_range_takes_the_other_ends_am_or_pm(days, start, end):
    records = parse(csv_text(row(days=days)))

    section = only_section(records)
    assert section.quarantine == "" and [(m.start, m.end) for m in section.meetings] == [(start, end)]


def test_a_meeting_running_past_midnight_quarantines_its_section_saying_so():
    section = only_section(parse(csv_text(row(days="Fr 11:00pm - 1:00am"))))

    assert section.quarantine.startswith(
        "line 2 Days1 'Fr 11:00pm - 1:00am': end 01:00 is before start 23:00: the meeting runs past midnight"
    )
    assert section.meetings == ()


def test_two_exports_joined_with_their_headers_read_as_one_with_warnings():
    # given: an export appended to another, header and all, repeating one section
    text = csv_text(row(crn="1"), row(crn="2", section="002")) + csv_text(
        row(crn="2", section="002"), row(crn="3", section="003")
    )
    # when
    records = parse(text)
    # then
    assert [s.registrar_id for s in records.courses[0].sections] == ["1", "2", "3"]
    assert (records.sections_seen, records.rejected) == (3, ())
    assert [(w.location, w.message) for w in records.warnings] == [
        ("line 4", "the header again (first on line 1): files joined one after another? skipped"),
        ("line 5", "the same row as an earlier one (a duplicate line); ignored"),
    ]


def test_a_section_listed_again_with_only_other_counts_keeps_the_first_rows_saying_which_differ():
    # given: the same section again, a later snapshot of its seats
    text = csv_text(row(crn="40011", enrolled="10", status="Open"), row(crn="40011", enrolled="30", status="Closed"))
    # when
    records = parse(text)
    # then
    section = only_section(records)
    assert (section.enrolled, section.status, records.rejected) == (10, "open", ())
    assert [w.message for w in records.warnings] == [
        "a row listing the section of an earlier row again (same class number, course, Section and Type); its "
        "cells that differ (Status, Enrollment) were ignored: the first row's are kept"
    ]


def test_another_name_of_a_column_the_header_also_has_is_not_read_nor_claimed_as_read():
    # given: Room1 and a Location column (a campus, say) beside it
    text = csv_text(row() + ",North Grounds", header=f"{COLUMNS},Location")
    # when
    records = parse(text)
    # then
    assert [m.location for m in only_section(records).meetings] == ["Rice Hall 130"]
    assert [w.message.split(";")[0] for w in records.warnings] == ["1 column(s) not read: Location"]


@pytest.mark.parametrize("columns", ["StartDate1,EndDate1", "Start Date,End Date", "Begin Date 1,End Date 1"])
def test_a_slots_dates_in_columns_of_their_own_are_read(columns):
    # given: an export with MeetingDates1 empty and the range split in two columns
    text = csv_text(row(dates="") + ",2025-08-26,2025-12-09", header=f"{COLUMNS},{columns}")
    # when
    records = parse(text)
    # then
    section = only_section(records)
    assert (section.quarantine, records.warnings) == ("", ())
    assert [(m.first_date, m.last_date) for m in section.meetings] == [(date(2025, 8, 26), date(2025, 12, 9))]


def test_an_unreadable_date_in_its_own_columns_quarantines_the_section_naming_them():
    text = csv_text(row(dates="") + ",2025-08-26,", header=f"{COLUMNS},StartDate1,EndDate1")

    section = only_section(parse(text))

    assert section.quarantine.startswith("line 2 StartDate1/EndDate1 '2025-08-26 - ': not a date range")


def test_a_single_date_in_place_of_a_range_is_a_one_off_meeting_on_it():
    records = parse(csv_text(row(days="We 7:00pm - 8:30pm", dates="09/24/2025")))

    (meeting,) = only_section(records).meetings
    assert (meeting.kind, meeting.first_date, meeting.last_date) == ("one_off", date(2025, 9, 24), date(2025, 9, 24))
    assert records.warnings == ()


@pytest.mark.parametrize(
    ("days", "warning"),
    [
        ("TBA TBA", None),
        ("Online", None),
        ("TBA 1:00pm - 2:00pm", "a time without days (TBA); kept as a meeting with no set time"),
    ],
)
def test_a_slot_with_tba_days_or_online_is_kept_untimed_not_quarantined(days, warning):
    records = parse(csv_text(row(days=days)))

    section = only_section(records)
    assert section.quarantine == "" and [(m.days, m.start) for m in section.meetings] == [((), None)]
    assert [w.message for w in records.warnings] == ([warning] if warning else [])


@pytest.mark.parametrize("days", ["MoWe 12 noon - 1:15pm", "MoWe 12:00 noon-1:15pm", "MoWe noon - 1:15pm"])
def test_noon_written_with_its_hour_is_read(days):
    section = only_section(parse(csv_text(row(days=days))))

    assert [(m.start, m.end) for m in section.meetings] == [(time(12, 0), time(13, 15))]


@pytest.mark.parametrize("separator", [", ", "; ", "\n"])
def test_two_meeting_patterns_in_one_days_cell_are_both_read(separator):
    # given: one slot listing two patterns, as an export with one cell per section may write it
    days = f"MoWe 1:00pm - 1:50pm{separator}Fr 9:00am - 9:50am"
    text = csv_text(row(days=f'"{days}"'))
    # when
    records = parse(text)
    # then
    section = only_section(records)
    assert section.quarantine == ""
    assert [(m.days, m.start) for m in section.meetings] == [((0, 2), time(13, 0)), ((4,), time(9, 0))]
    assert all(m.location == "Rice Hall 130" for m in section.meetings)


def test_class_numbers_written_as_whole_numbers_with_a_decimal_point_are_read_as_those_numbers_with_one_warning():
    # given: a pandas or database export writes the integer column ClassNumber as 10001.0
    text = csv_text(row(crn="10001.0"), row(crn="10002.00", section="002"), row(crn="10003", section="003"))
    # when
    records = parse(text)
    # then: the same ids as the registrar's own export, so a re-import withdraws nothing
    assert [s.registrar_id for s in records.courses[0].sections] == ["10001", "10002", "10003"]
    assert [str(w) for w in records.warnings] == [
        "line 2, field 'ClassNumber', value '10001.0': 2 class number(s) written as whole numbers with a decimal "
        "point, such as '10001.0' (a spreadsheet's or database export's integers), were read as those numbers "
        "('10001'); expected the number alone"
    ]


def test_text_over_a_fields_length_limit_is_cut_with_the_warning_every_format_gives():
    # when: a title, a room and a Type longer than the catalog keeps
    records = parse(csv_text(row(title="T" * 400, room="R" * 250, kind="K" * 150)))
    # then
    course = records.courses[0]
    assert (len(course.title), len(course.sections[0].meetings[0].location)) == (300, 200)
    assert len(course.sections[0].component_name) == 100
    assert {(w.location, w.field, w.message) for w in records.warnings if "catalog keeps" in w.message} == {
        ("line 2", "Title", "400 characters, over the 300 the catalog keeps; cut to 300"),
        ("line 2", "Room1", "250 characters, over the 200 the catalog keeps; cut to 200"),
        ("line 2", "Type", "150 characters, over the 100 the catalog keeps; cut to 100"),
    }


def test_a_credit_range_written_the_wrong_way_round_is_read_the_right_way_with_the_canonical_formats_warning():
    # when
    records = parse(csv_text(row(units="4 - 3")))
    # then
    (course,) = records.courses
    assert (course.credits_min, course.credits_max) == (3, 4)
    assert [(w.location, w.field, w.value, w.message) for w in records.warnings] == [
        (
            "line 2",
            "Units",
            "4 - 3",
            "the range's first number 4 is above its last 3; read as the range 3 to 4: expected the least first, "
            "such as '3 - 4'",
        )
    ]


def test_a_field_longer_than_csvs_default_limit_is_read_not_a_broken_file():
    # when: a 200,000-character description (csv's default limit is 131,072)
    records = parse(csv_text(row(description="D" * 200_000), row(crn="10002", section="002")))
    # then: read whole, then cut to what the catalog keeps (test_long_text_cut.py), not refused as broken CSV
    assert records.section_count == 2
    assert records.courses[0].description == "D" * 5000
    assert any(w.field == "Description" and w.message.startswith("200,000 characters") for w in records.warnings)


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        (
            '10002,CS,1110,"002,Lecture\n',
            "is a quoted field never closed? it runs from this row to the end of the file",
        ),
        ('10002,CS,1110,"002"x,Lecture\n', 'a quote inside a quoted field is written twice, as ""'),
    ],
)
def test_a_broken_csv_row_gets_the_hint_that_fits_its_error(line, hint):
    # when
    with pytest.raises(CatalogFormatError) as error:
        parse(csv_text(row()) + line)
    # then
    assert str(error.value).startswith("2025_fall.csv: line 3: broken CSV: ")
    assert str(error.value).endswith(f"expected RFC 4180 rows ({hint})")
