"""The Georgia Tech JSON adapter on the real Fall 2022 file (skipped without ../shared/data) and
on small documents written here, one per rule of docs/sources.md."""

import json
import subprocess
import sys
from datetime import date, time
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from catalog.sources import gatech_json
from catalog.sources.records import (
    MAX_FILE_BYTES,
    CatalogFormatError,
    CatalogRecords,
    InstitutionRecord,
    TermRecord,
)

REPO = Path(__file__).resolve().parents[3]
CACHES: dict[str, list[Any]] = {
    "periods": ["8:25 am - 9:15 am", "TBA"],
    "dateRanges": ["Aug 22, 2022 - Dec 15, 2022", "Sep 24, 2022 - Sep 24, 2022"],
    "scheduleTypes": ["Lecture*", "Studio*", "Supervised Laboratory*", "Colloquium*"],
    "campuses": ["Georgia Tech-Atlanta *", "Video", "Online"],
    "attributes": ["STEM USG", "Remote Asynchronous Course"],
    "gradeBases": ["L "],
    "locations": [{"lat": 33.77, "long": -84.39}],
    "finalDates": ["Dec 08, 2022"],
    "finalTimes": ["11:20 am - 2:10 pm"],
}
BAD_CACHES = {
    **CACHES,
    "periods": [
        *CACHES["periods"],
        "3:00 pm - 2:00 pm",  # 2: ends before it starts
        "25:00 pm - 26:00 pm",  # 3: no such hour
        "12:00 am - 12:00 am",  # 4: placeholder
    ],
    "dateRanges": [*CACHES["dateRanges"], "Dec 15, 2022 - Aug 22, 2022"],  # 2: last before first
}
WHERE = "$.courses['MATH 1551'][1]"


def meeting(
    period: int = 0,
    days: str = "MWF",
    room: str = "Skiles 005",
    people: tuple[str, ...] = ("Pat Doe", "Ann Lee (P)"),
    dates: int = 0,
    final: tuple[int, int] = (-1, -1),
) -> list:
    return [period, days, room, 0, list(people), dates, final[0], final[1]]


def section(
    crn: Any,
    meetings: list,
    kind: int = 0,
    campus: int = 0,
    credits: Any = 4,
    attributes: tuple[int, ...] = (0,),
) -> list:
    return [crn, meetings, credits, kind, campus, list(attributes), 0]


def document(sections: dict, caches: dict = CACHES, version: Any = 3, code: str = "MATH 1551") -> dict:
    return {
        "courses": {code: ["Differential Calculus", sections, [], "Limits &amp; derivatives."]},
        "caches": caches,
        "updatedAt": "2023-01-06T15:38:29.017Z",
        "version": version,
    }


def parse(doc: Any, name: str = "202208.json") -> CatalogRecords:
    return gatech_json.parse_bytes(json.dumps(doc).encode(), name=name)


def sections_of(records: CatalogRecords) -> dict:
    return {s.code: s for c in records.courses for s in c.sections}


def accounted(records: CatalogRecords) -> bool:
    return records.sections_seen == records.section_count + len(records.rejected)


def refused(data: bytes | str, name: str = "f.json") -> str:
    """The CatalogFormatError message for `data`."""
    raw = data.encode() if isinstance(data, str) else data
    with pytest.raises(CatalogFormatError) as error:
        gatech_json.parse_bytes(raw, name=name)
    return str(error.value)


# --- the real file ------------------------------------------------------------------------------


@cache
def real(path: Path) -> CatalogRecords:
    """The real file parsed once for all the tests that read it (records are immutable)."""
    return gatech_json.parse(path)


@pytest.mark.realdata
def test_the_real_georgia_tech_file_accounts_for_every_section(gatech_json_path):
    # given
    records = real(gatech_json_path)
    # when
    sections = [s for c in records.courses for s in c.sections]
    timed = [s for s in sections if any(m.is_timed for m in s.meetings)]
    timed_classes = [s for s in sections if any(m.is_timed and m.kind != "exam" for m in s.meetings)]
    # then
    assert records.sections_seen == 12517
    assert records.section_count + len(records.rejected) == records.sections_seen
    assert len(records.rejected) == 0
    assert sum(1 for s in sections if s.quarantine) == 0
    # the data README's 4,359 count sections with a timed class meeting; 6 more sections have
    # a TBA class but a final exam at a set time, which is a timed (exam) meeting too
    assert len(timed_classes) == 4359
    assert len(timed) == 4359 + 6
    assert sum(1 for s in sections if any(m.kind == "exam" for m in s.meetings)) == 1912
    assert sum(1 for s in sections if not s.meetings) == 611


@pytest.mark.realdata
def test_the_real_georgia_tech_file_names_its_term_and_institution(gatech_json_path):
    records = real(gatech_json_path)

    assert (records.institution.code, records.institution.timezone) == (
        "gatech",
        "America/New_York",
    )
    finals = tuple(date(2022, 12, day) for day in (8, 9, 12, 13, 14, 15))
    assert records.term == TermRecord("202208", "Fall 2022", date(2022, 8, 22), date(2022, 12, 15), finals)


@pytest.mark.realdata
def test_every_real_schedule_type_maps_to_a_known_component(gatech_json_path):
    records = real(gatech_json_path)

    kinds = {(s.component, s.component_name) for c in records.courses for s in c.sections}

    assert kinds == {
        ("LEC", "Lecture"),
        ("LAB", "Laboratory"),
        ("ULB", "Unsupervised Laboratory"),
        ("MLB", "Mixed Laboratory"),
        ("REC", "Recitation"),
        ("STU", "Studio"),
        ("SEM", "Seminar"),
        ("BRK", "Breakout"),
        ("DST", "Directed Study"),
        ("THS", "Thesis"),
        ("DSS", "Dissertation"),
        ("PRA", "Internship/Practicum"),
        ("COP", "Co-op Work Assignment"),
        ("EXM", "Common Exam"),
        ("PTE", "Practice Teaching"),
    }
    assert not [w for w in records.warnings if w.field == "scheduleType"]


@pytest.mark.realdata
def test_real_sections_link_to_a_parent_id_of_another_component(gatech_json_path):
    # given
    courses = {c.code: c for c in real(gatech_json_path).courses}
    # when
    links = {code: {s.code: (s.component, s.parent_code) for s in c.sections} for code, c in courses.items()}
    # then
    assert sum(1 for c in links.values() if any(p for _, p in c.values())) == 128
    assert (links["MATH 1551"]["A"], links["MATH 1551"]["A01"]) == (("STU", None), ("LEC", "A"))
    assert links["CS 2110"]["A03"] == ("LAB", "A")
    assert links["CEE 3020"]["B4"] == ("LAB", "B")
    for unlinked in ("PHYS 2211", "ENGL 1101", "ARCH 2111", "CS 6999", "SPAN 2001"):
        assert {p for _, p in links[unlinked].values()} == {None}, unlinked


@pytest.mark.realdata
def test_real_courses_mixing_linked_and_unlinked_sections_are_reported(gatech_json_path):
    records = real(gatech_json_path)

    notes = {w.value: w.message for w in records.warnings if w.field == "course"}

    assert len(notes) == 15
    assert {code for code, note in notes.items() if "no schedule can use them" in note} == {
        "BMED 4873",
        "ME 4182",
        "ME 4723",
        "NRE 7757",
        "PHIL 3109",
    }
    assert notes["MATH 1554"].startswith("sections QH, QHS match no parent id")


@pytest.mark.realdata
def test_real_online_and_video_campuses_are_online(gatech_json_path):
    sections = [s for c in real(gatech_json_path).courses for s in c.sections]

    online = {s.campus for s in sections if s.modality == "online"}

    assert online == {"Online", "Video"}
    assert sum(1 for s in sections if s.modality == "online") == 418
    assert sum(1 for s in sections if s.campus == "Georgia Tech-Atlanta") == 11663


# --- reading a section --------------------------------------------------------------------------


def test_a_section_is_read_with_meetings_instructors_campus_credits_and_notes():
    # when
    records = parse(document({"A": section("80684", [meeting()], credits=4, attributes=(0, 1, 0))}))
    # then
    (course,) = records.courses
    s = course.sections[0]
    (weekly,) = s.meetings
    assert (course.code, course.title, course.description) == (
        "MATH 1551",
        "Differential Calculus",
        "Limits & derivatives.",
    )
    assert (course.credits_min, course.credits_max) == (Decimal(4), Decimal(4))
    assert (s.registrar_id, s.code, s.component, s.component_name) == (
        "80684",
        "A",
        "LEC",
        "Lecture",
    )
    assert weekly.days == (0, 2, 4) and (weekly.start, weekly.end) == (time(8, 25), time(9, 15))
    assert (weekly.first_date, weekly.last_date) == (date(2022, 8, 22), date(2022, 12, 15))
    assert (weekly.location, weekly.kind) == ("Skiles 005", "weekly")
    assert s.instructors == ("Ann Lee", "Pat Doe")
    assert (s.campus, s.notes, s.source) == (
        "Georgia Tech-Atlanta",
        "STEM USG; Remote Asynchronous Course",
        f"{WHERE}['A']",
    )
    assert (s.status, s.capacity, s.enrolled, s.waitlist) == ("open", None, None, None)


def test_instructors_put_the_primary_first_without_its_marker_and_drop_tba():
    # given
    people = ("TBA", "Bo Li", "Ann Lee (P)", "Bo Li")
    # when
    s = parse(document({"A": section("1", [meeting(people=people), meeting(days="T", people=("Cy Ng (P)",))])}))
    # then
    assert sections_of(s)["A"].instructors == ("Ann Lee", "Cy Ng", "Bo Li")


@pytest.mark.parametrize(
    ("campus", "attributes", "modality"),
    [(0, (0,), "in_person"), (1, (0,), "online"), (2, (), "online"), (0, (1,), "online")],
)
def test_online_and_video_campuses_and_remote_attributes_are_online(campus, attributes, modality):
    records = parse(document({"A": section("1", [meeting()], campus=campus, attributes=attributes)}))

    assert sections_of(records)["A"].modality == modality


def test_course_credits_span_its_sections_ignoring_zero_credit_ones():
    # given
    sections = {
        "A": section("1", [], credits=3),
        "B": section("2", [], credits=4.5),
        "A01": section("3", [], kind=2, credits=0),
    }
    # when
    course = parse(document(sections)).courses[0]
    # then
    assert (course.credits_min, course.credits_max) == (Decimal(3), Decimal("4.5"))


def test_credit_hours_that_are_no_number_are_ignored_with_a_warning():
    records = parse(document({"A": section("9", [], credits="four")}))

    assert records.courses[0].credits_min is None
    assert [(w.location, w.field, w.value, w.registrar_id) for w in records.warnings] == [
        (f"{WHERE}['A']", "creditHours", '"four"', "9")
    ]


def test_an_unknown_schedule_type_is_kept_under_a_derived_code_with_a_warning():
    # when
    records = parse(document({"A": section("1", [], kind=3), "B": section("2", [], kind=3)}))
    # then
    assert {s.component for s in records.courses[0].sections} == {"COLLOQUIUM"}
    (warning,) = records.warnings
    assert (warning.location, warning.field, warning.value) == (
        f"{WHERE}['A']",
        "scheduleType",
        "Colloquium",
    )
    assert "filed as COLLOQUIUM" in warning.message and warning.more == 1 and str(warning).endswith("(1 more like it)")


def test_unknown_schedule_types_are_coded_the_same_whatever_their_order_in_the_cache():
    # given: two unknown types alike in their first 12 letters, listed in both orders; the
    # section read first has the type listed first
    types = ["Lecture-Discussion-A*", "Lecture-Discussion-B*"]
    sections = {"A": section("1", [], kind=4), "B": section("2", [], kind=5)}
    # when
    forward = parse(document(sections, caches={**CACHES, "scheduleTypes": [*CACHES["scheduleTypes"], *types]}))
    backward = parse(document(sections, caches={**CACHES, "scheduleTypes": [*CACHES["scheduleTypes"], *types[::-1]]}))

    # then: each type is filed under the same code
    def filed(records):
        return {s.component_name: s.component for c in records.courses for s in c.sections}

    expected = {"Lecture-Discussion-A": "LECTUREDISCU", "Lecture-Discussion-B": "LECTUREDISC2"}
    assert filed(forward) == filed(backward) == expected


def test_unknown_schedule_types_sharing_first_letters_stay_apart():
    # given: a course with a lecture, a "Lecture/Lab" and a "Lecture-Lab A" the adapter does not know
    caches = {**CACHES, "scheduleTypes": [*CACHES["scheduleTypes"], "Lecture/Lab*", "Lecture-Lab A*"]}
    sections = {"A": section("1", [], kind=0), "B": section("2", [], kind=4), "C": section("3", [], kind=5)}
    # when
    records = parse(document(sections, caches=caches))
    # then: three components, as the file lists three types
    assert {s.registrar_id: s.component for s in records.courses[0].sections} == {
        "1": "LEC",
        "2": "LECTURELAB",
        "3": "LECTURELABA",
    }


# --- final exams --------------------------------------------------------------------------------


def test_a_final_exam_is_one_exam_meeting_on_its_date_even_when_several_meetings_name_it():
    # given
    meetings = [meeting(final=(0, 0)), meeting(days="T", final=(0, 0))]
    # when
    s = sections_of(parse(document({"A": section("1", meetings)})))["A"]
    # then
    exams = [m for m in s.meetings if m.kind == "exam"]
    assert len(exams) == 1
    assert exams[0].days == (3,)  # Thursday 8 December 2022
    assert exams[0].first_date == exams[0].last_date == date(2022, 12, 8)
    assert (exams[0].start, exams[0].end) == (time(11, 20), time(14, 10))


def test_no_final_exam_is_added_without_both_indexes():
    s = sections_of(parse(document({"A": section("1", [meeting(final=(0, -1))])})))["A"]

    assert [m.kind for m in s.meetings] == ["weekly"]


# --- meetings with no set time ------------------------------------------------------------------


def test_tba_nbsp_and_missing_meetings_are_normal_sections_with_no_timed_meeting():
    # given
    sections = {
        "A": section("1", [meeting(period=1, days="&nbsp;", room="TBA")]),
        "B": section("2", [meeting(period=1, days="&nbsp;")]),
        "C": section("3", []),
        "D": section("4", [meeting(period=1, days="&nbsp;", room="TBA", dates=-1)]),
    }
    # when
    records = parse(document(sections))
    # then
    found = sections_of(records)
    assert all(s.quarantine == "" for s in found.values())
    assert not any(m.is_timed or m.days for s in found.values() for m in s.meetings)
    assert [len(found[c].meetings) for c in "ABCD"] == [1, 1, 0, 0]
    assert found["A"].meetings[0].first_date == date(2022, 8, 22)
    assert records.warnings == ()


def test_days_with_a_tba_period_are_kept_untimed_with_a_warning():
    records = parse(document({"A": section("1", [meeting(period=1, days="MTWR")])}))

    assert not sections_of(records)["A"].meetings[0].is_timed
    assert [(w.location, w.field, w.value) for w in records.warnings] == [(f"{WHERE}['A'][1][0]", "days", "MTWR")]


def test_a_single_day_date_range_is_a_one_off_meeting():
    s = sections_of(parse(document({"A": section("1", [meeting(days="S", dates=1)])})))["A"]

    assert [(m.kind, m.days) for m in s.meetings] == [("one_off", (5,))]


# --- quarantine ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tuple_", "reason"),
    [
        (
            meeting(period=2),
            "period '3:00 pm - 2:00 pm' ($.caches.periods[2]): end 14:00 is before start 15:00",
        ),
        (meeting(period=3), "period '25:00 pm - 26:00 pm' ($.caches.periods[3]): impossible time"),
        (meeting(period=4), "($.caches.periods[4]): placeholder meeting 12:00am - 12:00am"),
        (
            meeting(dates=2),
            "date range 'Dec 15, 2022 - Aug 22, 2022' ($.caches.dateRanges[2]): last date is before the first",
        ),
        (meeting(period=99), "periodIndex 99 is not an index of $.caches.periods"),
        (meeting(dates=7), "dateRangeIndex 7 is not an index of $.caches.dateRanges"),
        (meeting(days="XY"), "days 'XY': no day letter M T W R F S U"),
        ([0, "MWF"], "unreadable meeting, expected [periodIndex, days, room"),
    ],
)
def test_an_untrustworthy_meeting_quarantines_the_section_naming_its_json_path(tuple_, reason):
    # given
    data = document({"A": section("7", [tuple_, meeting(days="T")])}, caches=BAD_CACHES)
    # when
    records = parse(data, name="uploads/202208.json")
    # then
    s = sections_of(records)["A"]
    assert records.source_name == "uploads/202208.json"
    assert s.source == f"{WHERE}['A']"
    assert s.quarantine.startswith(f"{WHERE}['A'][1][0]: ")
    assert reason in s.quarantine
    assert [m.days for m in s.meetings] == [(1,)]  # the good meeting stays, the bad one is dropped
    assert accounted(records) and records.section_count == 1


def test_a_bad_cache_entry_is_reported_once_where_it_is():
    # given
    sections = {"A": section("1", [meeting(period=2)]), "B": section("2", [meeting(period=2)])}
    # when
    records = parse(document(sections, caches=BAD_CACHES))
    # then

    period_warnings = [w for w in records.warnings if w.field == "periods"]
    assert [(w.location, w.value) for w in period_warnings] == [
        ("$.caches.periods[2]", "3:00 pm - 2:00 pm"),
        ("$.caches.periods[3]", "25:00 pm - 26:00 pm"),
        ("$.caches.periods[4]", "12:00 am - 12:00 am"),
    ]
    assert [w.location for w in records.warnings if w.field == "dateRanges"] == ["$.caches.dateRanges[2]"]
    assert all(s.quarantine for s in sections_of(records).values())


def test_an_unknown_day_letter_is_skipped_with_a_warning():
    # when
    records = parse(document({"A": section("5", [meeting(days="MXF")])}))
    # then
    s = sections_of(records)["A"]
    assert (s.meetings[0].days, s.quarantine) == ((0, 4), "")
    (warning,) = records.warnings
    assert (warning.location, warning.field, warning.value, warning.registrar_id) == (
        f"{WHERE}['A'][1][0]",
        "days",
        "MXF",
        "5",
    )
    assert "unknown day letter 'X'" in warning.message


# --- rejection ----------------------------------------------------------------------------------


def test_missing_repeated_and_unreadable_sections_are_rejected_and_counted():
    # given
    sections = {
        "A": section("1", []),
        "B": section("1", []),
        "C": section("", []),
        "D": section("4", [], kind=99),
        "E": "not a section",
        "F": section("6", []),
    }
    # when
    records = parse(document(sections))
    # then
    assert (records.sections_seen, records.section_count) == (6, 2)
    assert [(p.location, p.field, p.value, p.registrar_id) for p in records.rejected] == [
        (f"{WHERE}['B']", "crn", "1", "1"),
        (f"{WHERE}['C']", "crn", '""', ""),
        (f"{WHERE}['D']", "scheduleTypeIndex", "99", "4"),
        (f"{WHERE}['E']", "section", '"not a section"', ""),
    ]
    assert accounted(records)


@pytest.mark.parametrize(
    ("value", "shown", "rid"),
    [
        (None, "null", ""),
        (7, "7", ""),
        (3.5, "3.5", ""),
        (True, "true", ""),
        ("A", '"A"', ""),
        ([], "[]", ""),
        ([None], "[null]", ""),
        (["87654", []], '["87654", []]', "87654"),
        ([87654, [], 4], "[87654, [], 4]", "87654"),
    ],
)
def test_a_section_of_any_other_shape_is_rejected_with_a_reason_not_a_crash(value, shown, rid):
    # given: a section the crawler wrote as null, a number, true, text or a short list
    sections = {"A": section("1", [meeting()]), "B": value}
    # when
    records = parse(document(sections))
    # then: rejected, naming its CRN when it still gives one (its section is kept, not withdrawn)
    assert [(p.location, p.field, p.value, p.registrar_id) for p in records.rejected] == [
        (f"{WHERE}['B']", "section", shown, rid)
    ]
    assert records.rejected[0].message.startswith("unreadable section: expected [crn, meetings, ")
    assert [s.registrar_id for s in records.courses[0].sections] == ["1"]
    assert accounted(records)


@pytest.mark.parametrize("crn", ["87654/1", "/", ".", ".."])
def test_a_crn_no_api_url_can_hold_is_rejected_naming_its_json_path(crn):
    # given: the section's URL is sections/{registrar_id}/, one path segment
    sections = {"A": section("1", []), "B": section(crn, []), "C": section("3", [])}
    # when
    records = parse(document(sections))
    # then: that section is reported and the others are read
    assert [(p.location, p.field, p.value, p.registrar_id) for p in records.rejected] == [
        (f"{WHERE}['B']", "crn", crn, crn)
    ]
    assert str(records.rejected[0]).endswith(
        f": CRN {crn!r} cannot be used: it is part of the API's URLs, so it may not contain '/' "
        "or be '.' or '..' (such as '40012', not '40012/1')."
    )
    assert [s.registrar_id for s in records.courses[0].sections] == ["1", "3"]
    assert accounted(records)


@pytest.mark.parametrize("code", ["MATH/CS 1551", "MATH 1551/2551", ". 1551", "MATH .."])
def test_a_course_code_no_api_url_can_hold_is_rejected_as_no_course_code(code):
    records = parse(document({"A": section("1", [])}, code=code))

    assert [(p.field, p.value, p.registrar_id) for p in records.rejected] == [("course", code, "1")]
    assert records.courses == () and accounted(records)


def test_every_section_of_a_course_whose_code_cannot_be_read_is_rejected():
    records = parse(document({"A": section("1", []), "B": section("2", [])}, code="Calculus"))

    assert [(p.location, p.field, p.value, p.registrar_id) for p in records.rejected] == [
        ("$.courses['Calculus'][1]['A']", "course", "Calculus", "1"),
        ("$.courses['Calculus'][1]['B']", "course", "Calculus", "2"),
    ]
    assert records.courses == () and accounted(records)


def two_courses(first: str, second: str) -> dict:
    """A document of two courses keyed `first` and `second`, sections A (CRN 1) and B (CRN 2)."""
    doc = document({"A": section("1", [])}, code=first)
    doc["courses"][second] = ["Lab", {"B": section("2", [])}, [], ""]
    return doc


def test_course_keys_in_lower_case_are_upper_cased_with_one_warning():
    # given
    doc = two_courses("math 1551", "bios 1107l")
    # when
    records = parse(doc)
    # then
    assert [c.code for c in records.courses] == ["MATH 1551", "BIOS 1107L"]
    assert records.rejected == () and accounted(records)
    (warning,) = records.warnings
    assert (warning.location, warning.field, warning.value) == ("$.courses['math 1551']", "course", "math 1551")
    assert warning.message == (
        "2 course key(s) not in capitals were upper-cased, such as 'math 1551' → 'MATH 1551'; expected "
        "'SUBJECT NUMBER' in capitals (no other key of the file names the same course)"
    )


@pytest.mark.parametrize(
    ("first", "second", "kept"), [("MATH 1551", "math 1551", ["MATH 1551"]), ("Math 1551", "math 1551", [])]
)
def test_a_lower_case_key_naming_a_course_another_key_names_is_rejected_not_guessed(first, second, kept):
    # when
    records = parse(two_courses(first, second))
    # then
    assert [c.code for c in records.courses] == kept
    rejected = [p for p in records.rejected if p.value == second]
    assert [(p.location, p.registrar_id) for p in rejected] == [(f"$.courses[{second!r}][1]['B']", "2")]
    assert rejected[0].message == (
        f"a course key not in capitals, and {first!r} names the same course once upper-cased; expected each course "
        "once, as 'SUBJECT NUMBER' in capitals such as 'CS 2110'"
    )
    assert accounted(records)


# --- links --------------------------------------------------------------------------------------


def test_children_named_after_a_parent_of_another_component_are_linked_to_it():
    # given
    sections = {
        "A": section("1", [meeting()], kind=1),  # Studio
        "A01": section("2", [meeting(days="T")]),
        "A02": section("3", [meeting(days="R")]),
        "B": section("4", [meeting()]),
        "B1": section("5", [meeting(days="F")], kind=2),  # one digit still names the parent
    }
    # when
    records = parse(document(sections))
    # then
    parents = {s.code: s.parent_code for s in records.courses[0].sections}
    assert parents == {"A": None, "A01": "A", "A02": "A", "B": None, "B1": "B"}
    assert records.warnings == ()


def test_same_component_prefixes_are_alternatives_not_links():
    sections = {
        "X": section("1", [meeting()]),
        "X1": section("2", [meeting()]),
        "X2": section("3", [meeting()]),
    }

    assert {s.parent_code for s in parse(document(sections)).courses[0].sections} == {None}


def test_a_course_mixing_linked_and_unlinked_sections_is_reported():
    # given
    sections = {
        "A": section("1", [meeting()]),
        "A01": section("2", [meeting(days="T")], kind=2),
        "C": section("3", [meeting()]),
        "C05": section("4", [meeting(days="R")], kind=2),
        "M": section("5", [meeting()]),
    }
    # when
    records = parse(document(sections))
    # then
    (warning,) = records.warnings
    assert (warning.location, warning.field, warning.value) == (
        "$.courses['MATH 1551']",
        "course",
        "MATH 1551",
    )
    assert warning.message.startswith("sections M match no parent id")
    assert "no unlinked section of another component can go with M" in warning.message


# --- the whole document -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code", "term_name"),
    [
        ("202208.json", "202208", "Fall 2022"),
        ("202302.json", "202302", "Spring 2023"),
        ("202208 (1).json", "202208", "Fall 2022"),  # downloaded twice
        ("gt-202302.json", "202302", "Spring 2023"),
        ("dump.json", "dump", "dump"),
    ],
)
def test_the_term_comes_from_the_file_name_and_its_meetings_dates(name, code, term_name):
    records = parse(document({"A": section("1", [meeting()])}), name=f"/data/{name}")

    assert records.term == TermRecord(code, term_name, date(2022, 8, 22), date(2022, 12, 15), (date(2022, 12, 8),))


def test_a_given_institution_and_term_win():
    # given
    institution = InstitutionRecord("gt", "Georgia Tech", "America/New_York")
    term = TermRecord("fall-2022", "Fall 2022")
    data = json.dumps(document({"A": section("1", [])})).encode()
    # when
    records = gatech_json.parse_bytes(data, name="x.json", institution=institution, term=term)
    # then
    assert (records.institution, records.term) == (institution, term)


def test_parse_reads_a_file_from_disk(tmp_path: Path):
    path = tmp_path / "202208.json"
    path.write_text(json.dumps(document({"A": section("1", [])})), encoding="utf-8")

    records = gatech_json.parse(path)

    assert (records.source_name, records.section_count) == (str(path), 1)


@pytest.mark.parametrize("marks", [1, 2, 3])
def test_utf8_byte_order_marks_are_accepted_however_many_tools_added_one(marks):
    data = b"\xef\xbb\xbf" * marks + json.dumps(document({"A": section("1", [])})).encode()

    assert gatech_json.parse_bytes(data, name="x.json").section_count == 1


def test_json_after_something_else_is_refused_saying_what_the_file_starts_with_not_called_a_csv():
    # given: a byte-order mark a tool turned into text (UTF-8's EF BB BF read as Windows-1252)
    data = "\u00ef\u00bb\u00bf".encode() + json.dumps(document({"A": section("1", [])})).encode()
    # when
    message = refused(data)
    # then
    assert 'it starts with \'ï»¿{"courses": {"MAT\': something is written before the JSON (remove it)' in message


# --- files refused as a whole -------------------------------------------------------------------


def test_an_empty_file_is_refused():
    assert refused(b"").startswith("f.json: file is empty; expected gt-scheduler crawler JSON")


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path, monkeypatch):
    # given
    path = tmp_path / "202208.json"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    # when
    with pytest.raises(CatalogFormatError) as error:
        gatech_json.parse(path)
    # then
    assert str(error.value).startswith(f"{path}: file is {MAX_FILE_BYTES + 1:,} bytes; the limit is")


def test_nul_bytes_and_text_that_is_not_utf8_are_refused_with_their_line():
    assert refused(b'{\n"courses": "\x00"}').startswith("f.json: line 2: NUL byte at byte offset 14")
    assert refused(b'{\n\n"caf\xe9": 1}').startswith("f.json: line 3: byte 0xe9 at byte offset 7 (column 5)")


def test_a_csv_given_to_the_json_adapter_is_refused_with_a_hint():
    message = refused("ClassNumber,Mnemonic,Number\n1,CS,1110\n", name="2025_fall.csv")

    assert message.startswith("2025_fall.csv: line 1: expected gt-scheduler crawler JSON")
    assert "this looks like a CSV" in message


def test_truncated_json_is_refused_with_its_line_and_column():
    text = json.dumps(document({"A": section("1", [])}), indent=1)[:-40]

    message = refused(text)

    assert message.startswith(f"f.json: line {text.count(chr(10)) + 1} column ")
    assert "not valid JSON" in message and "truncated" in message


@pytest.mark.parametrize(
    ("text", "location", "key"),
    [
        (
            '{"courses": {"CS 1100": [], "CS 1100": []}, "caches": {}, "version": 3}',
            "$.courses",
            "CS 1100",
        ),
        (
            '{"courses": {"CS 1100": ["T", {"A": [], "A": []}]}, "caches": {}, "version": 3}',
            "$.courses['CS 1100'][1]",
            "A",
        ),
    ],
)
def test_a_key_listed_twice_is_refused_with_the_path_of_its_object(text, location, key):
    assert refused(text).startswith(f"f.json: {location}: key {key!r} appears twice in this object")


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (document({}, version=2), "f.json: $.version: version 2 is not supported; expected 3"),
        (document({}, version="4"), "f.json: $.version: version '4' is not supported; expected 3"),
        ({"courses": {}}, "f.json: $: missing key(s) caches, version; expected gt-scheduler"),
        ([1, 2], "f.json: $: expected gt-scheduler crawler JSON"),
        ({"courses": [], "caches": CACHES, "version": 3}, "f.json: $.courses: expected an object"),
        ({"courses": {}, "caches": [], "version": 3}, "f.json: $.caches: expected an object"),
        (
            {"courses": {}, "caches": {**CACHES, "periods": "TBA"}, "version": 3},
            "f.json: $.caches.periods: expected a list of strings",
        ),
        (
            {
                "courses": {},
                "caches": {**CACHES, "periods": ["TBA", "TBA", "TBA", 42]},
                "version": 3,
            },
            "f.json: $.caches.periods[3]: expected a string such as '8:25 am - 9:15 am'; found 42",
        ),
        (
            {"courses": {"CS 1100": "Freshman Leap"}, "caches": CACHES, "version": 3},
            "f.json: $.courses['CS 1100']: expected [title, {sectionId: section}",
        ),
    ],
)
def test_a_document_of_the_wrong_shape_is_refused_with_its_json_path(doc, expected):
    assert refused(json.dumps(doc)).startswith(expected)


def test_the_adapter_imports_no_django_and_no_third_party_package():
    # given
    code = (
        "import sys; import catalog.sources.gatech_json; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'django', 'jsonschema'}))"
    )
    # when
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    # then
    assert result.stdout.strip() == "[]"


# --- a file from another crawler run ------------------------------------------------------------


@pytest.mark.parametrize(
    ("periods", "start", "end"),
    [
        (["08:25 - 09:15"], time(8, 25), time(9, 15)),
        (["13:55 - 14:45"], time(13, 55), time(14, 45)),
        (["8:25a - 9:15a"], time(8, 25), time(9, 15)),
        (["11:00 - 12:15 pm"], time(11, 0), time(12, 15)),
        (["3:30 pm \u2013 4:45 pm"], time(15, 30), time(16, 45)),
    ],
)
def test_periods_written_on_a_24_hour_clock_or_with_short_am_pm_are_read(periods, start, end):
    # given
    caches = {**CACHES, "periods": periods}
    # when
    records = parse(document({"A": section("1", [meeting()])}, caches=caches))
    # then
    (s,) = sections_of(records).values()
    assert (s.quarantine, records.warnings) == ("", ())
    assert [(m.start, m.end) for m in s.meetings] == [(start, end)]


def test_instructors_given_as_one_name_instead_of_a_list_are_kept_with_a_warning_of_the_changed_shape():
    # given
    one = meeting(people=())
    one[4] = "Ann Lee (P)"
    odd = meeting(days="T", people=())
    odd[4] = 42
    # when
    records = parse(document({"A": section("1", [one, odd])}))
    # then
    assert sections_of(records)["A"].instructors == ("Ann Lee",)
    assert [(w.location, w.field, w.value) for w in records.warnings] == [
        (f"{WHERE}['A'][1][1]", "instructors", "42"),
        (f"{WHERE}['A'][1][0]", "instructors", '"Ann Lee (P)"'),
    ]


@pytest.mark.parametrize("missing", ["finalDates", "finalTimes"])
def test_a_file_without_final_exam_caches_imports_its_sections_with_one_warning(missing):
    # given
    caches = {k: v for k, v in CACHES.items() if k != missing}
    # when
    records = parse(document({"A": section("1", [meeting(final=(0, 0))])}, caches=caches))
    # then
    (s,) = sections_of(records).values()
    assert [m.kind for m in s.meetings] == ["weekly"]
    assert [(w.location, w.message) for w in records.warnings] == [
        (f"$.caches.{missing}", f"no cache {missing}; no final exam is read")
    ]
    assert records.term.holidays == ((date(2022, 12, 8),) if missing == "finalTimes" else ())


def test_the_final_exam_dates_are_the_terms_holidays_as_no_class_meets_on_them():
    # given: the weekly date range runs through the finals week; one final date is unreadable
    caches = {**CACHES, "finalDates": ["Dec 13, 2022", "Dec 08, 2022", "Dec 33, 2022", "Dec 08, 2022"]}
    # when
    records = parse(document({"A": section("1", [meeting(final=(1, 0))])}, caches=caches))
    # then: the readable dates, in order, once each
    assert records.term.holidays == (date(2022, 12, 8), date(2022, 12, 13))


def test_a_file_without_a_cache_its_sections_need_names_it_as_missing():
    doc = document({"A": section("1", [meeting()])}, caches={k: v for k, v in CACHES.items() if k != "periods"})

    assert refused(json.dumps(doc)) == (
        "f.json: $.caches.periods: missing; expected a list of strings such as '8:25 am - 9:15 am' "
        "(the sections index it)"
    )


def test_a_file_with_no_sections_is_refused_as_it_would_withdraw_the_whole_term():
    doc = document({}) | {"courses": {"MATH 1551": ["Differential Calculus", {}, [], ""]}}

    assert refused(json.dumps(doc)).startswith("f.json: $.courses: no sections in any course; ")


def test_a_crn_that_is_no_string_or_whole_number_is_rejected_saying_so():
    records = parse(document({"A": section(80684.5, [meeting()]), "B": section("2", [meeting()])}))

    (problem,) = records.rejected
    assert (problem.field, problem.value) == ("crn", "80684.5")
    assert problem.message.startswith("the CRN is no string or whole number")


def test_a_crn_written_as_a_whole_number_with_a_decimal_point_is_read_as_that_number_with_one_warning():
    # given: another exporter writes integers as floats, as a spreadsheet writes a seat count 30.0
    sections = {"A": section(80684.0, [meeting()]), "B": section(80685.0, [meeting()]), "C": section("3", [])}
    # when
    records = parse(document(sections))
    # then
    assert [s.registrar_id for s in records.courses[0].sections] == ["80684", "80685", "3"]
    assert records.rejected == ()
    assert [str(w) for w in records.warnings] == [
        f"{WHERE}['A'], field 'crn', value '80684.0': 2 CRN(s) written as numbers with a decimal point (such as "
        '80684.0) were read as whole numbers (80684); expected a string or a whole number such as "80684"'
    ]


def test_a_course_listed_without_sections_is_reported_not_dropped_silently():
    # given
    doc = document({"A": section("1", [meeting()])})
    doc["courses"]["CS 1100"] = ["Freshman Leap", {}, [], ""]
    # when
    records = parse(doc)
    # then
    assert [c.code for c in records.courses] == ["MATH 1551"]
    assert [(w.location, w.message) for w in records.warnings] == [
        ("$.courses['CS 1100']", "a course with no sections; not imported")
    ]


def test_a_tbd_period_is_a_meeting_with_no_set_time():
    records = parse(
        document({"A": section("1", [meeting(period=0, days="&nbsp;")])}, caches={**CACHES, "periods": ["TBD"]})
    )

    (s,) = sections_of(records).values()
    assert (s.quarantine, records.warnings) == ("", ())
    assert [(m.days, m.start, m.location) for m in s.meetings] == [((), None, "Skiles 005")]


def test_a_document_wrapped_in_another_object_says_where_the_catalog_is():
    wrapped = {"data": document({"A": section("1", [meeting()])}), "fetched": "2023-01-06"}

    assert refused(json.dumps(wrapped)) == (
        "f.json: $: missing key(s) courses, caches, version; expected gt-scheduler crawler JSON (an object with "
        "courses, caches and version 3); found key(s) 'data', 'fetched'; the catalog seems to be inside $.data: "
        "give that object alone"
    )


@pytest.mark.parametrize(
    ("ranges", "finals"),
    [
        (["2022-08-22 - 2022-12-15"], ["2022-12-08"]),
        (["08/22/2022 - 12/15/2022"], ["12/08/2022"]),
        (["August 22, 2022 \u2013 December 15, 2022"], ["Dec 8, 2022"]),
    ],
)
def test_date_ranges_and_final_dates_written_iso_or_month_first_are_read(ranges, finals):
    # given: another crawler version writing the same dates otherwise
    caches = {**CACHES, "dateRanges": ranges, "finalDates": finals}
    doc = document({"A": section("1", [meeting(final=(0, 0))])}, caches=caches)
    # when
    records = parse(doc)
    # then
    (s,) = sections_of(records).values()
    assert (s.quarantine, records.warnings) == ("", ())
    weekly, exam = s.meetings
    assert (weekly.first_date, weekly.last_date) == (date(2022, 8, 22), date(2022, 12, 15))
    assert (exam.kind, exam.first_date) == ("exam", date(2022, 12, 8))
    assert records.term.first_day == date(2022, 8, 22)


def test_periods_on_a_24_hour_clock_without_a_colon_are_read():
    caches = {**CACHES, "periods": ["0825 - 0915"]}

    records = parse(document({"A": section("1", [meeting()])}, caches=caches))

    (s,) = sections_of(records).values()
    assert [(m.start, m.end) for m in s.meetings] == [(time(8, 25), time(9, 15))]


def test_numbers_given_as_strings_are_read_with_one_warning_for_the_file():
    # given: every index, the credit hours and the version written as strings
    stringly = [["0", "MWF", "Skiles 005", 0, ["Ann Lee (P)"], "0", "0", "0"]]
    doc = document({"A": ["1", stringly, "4", "0", "0", ["0"], 0]}, version="3")
    # when
    records = parse(doc)
    # then
    (s,) = sections_of(records).values()
    assert (s.quarantine, s.component, s.campus, s.notes) == ("", "LEC", "Georgia Tech-Atlanta", "STEM USG")
    assert [(m.kind, m.days, m.start) for m in s.meetings] == [
        ("weekly", (0, 2, 4), time(8, 25)),
        ("exam", (3,), time(11, 20)),
    ]
    assert records.courses[0].credits_min == Decimal(4)
    (warning,) = records.warnings
    assert (warning.location, warning.field, warning.value) == ("$.version", "version", "3")
    assert warning.message.startswith("9 number(s) given as strings (such as '3' for version) were read as numbers")


def test_credit_hours_given_as_a_range_string_span_the_range():
    records = parse(document({"A": section("1", [], credits="1-4"), "B": section("2", [], credits="3 to 6")}))

    assert (records.courses[0].credits_min, records.courses[0].credits_max) == (Decimal(1), Decimal(6))
    assert [w.field for w in records.warnings] == ["creditHours"]


@pytest.mark.parametrize("days", ["TuTh", "Tu Th", "TUTH", ["T", "R"], "Tue/Thu"])
def test_days_spelled_otherwise_or_given_as_a_list_are_read_not_misread_letter_by_letter(days):
    # given: "Th" read letter by letter would be a Tuesday and an unknown "h"
    doc = document({"A": section("1", [meeting(days=days)])})
    # when
    records = parse(doc)
    # then
    (s,) = sections_of(records).values()
    assert [m.days for m in s.meetings] == [(1, 3)]
    assert (s.quarantine, records.warnings) == ("", ())


def test_a_null_date_range_index_means_no_date_range_as_minus_one_does():
    records = parse(document({"A": section("1", [meeting(dates=None)])}))

    (s,) = sections_of(records).values()
    assert s.quarantine == "" and [(m.days, m.first_date) for m in s.meetings] == [((0, 2, 4), None)]


def test_periods_on_a_24_hour_clock_without_leading_zeros_are_read_with_one_warning():
    # given: no am/pm in any period, and one past noon, so '8:25 - 9:15' is in the morning
    caches = {**CACHES, "periods": ["8:25 - 9:15", "TBA", "13:55 - 14:45"], "finalTimes": ["11:20 - 14:10"]}
    # when
    records = parse(document({"A": section("1", [meeting()])}, caches=caches))
    # then
    (s,) = sections_of(records).values()
    assert s.quarantine == "" and [(m.start, m.end) for m in s.meetings] == [(time(8, 25), time(9, 15))]
    (warning,) = records.warnings
    assert (warning.location, warning.field, warning.value) == ("$.caches.periods[2]", "periods", "8:25 - 9:15")
    assert warning.message.startswith("1 period(s) with no am/pm, such as '8:25 - 9:15', were read on a 24-hour clock")


def test_a_span_of_days_is_read_as_every_day_in_it():
    records = parse(document({"A": section("1", [meeting(days="M-F")])}))

    (s,) = sections_of(records).values()
    assert [m.days for m in s.meetings] == [(0, 1, 2, 3, 4)] and records.warnings == ()


def test_a_canonical_catalog_given_as_gatech_json_is_refused_naming_its_format():
    message = refused(json.dumps({"format": "classtime-catalog", "version": 1, "courses": []}))

    assert message.startswith("f.json: $: missing key(s) caches; expected gt-scheduler crawler JSON")
    assert message.endswith("this looks like a canonical catalog (choose the format canonical)")


def test_sections_nested_one_level_too_deep_are_rejected_saying_so():
    records = parse(document({"sections": {"A": section("1", [meeting()]), "B": section("2", [meeting()])}}))

    (problem,) = records.rejected
    assert problem.location == f"{WHERE}['sections']"
    assert problem.message.endswith("(this holds 2 object(s) or list(s) by key: sections nested one level too deep?)")


def test_text_over_a_fields_length_limit_is_cut_with_the_warning_every_format_gives():
    # given: a title, a room, a campus and an unknown schedule type longer than the catalog keeps
    caches = {**CACHES, "campuses": ["C" * 150], "scheduleTypes": ["S" * 150]}
    doc = document({"A": section("80001", [meeting(room="R" * 250)])}, caches=caches)
    doc["courses"]["MATH 1551"][0] = "T" * 400
    # when
    records = parse(doc)
    # then
    (course,) = records.courses
    (s,) = course.sections
    assert (len(course.title), len(s.meetings[0].location), len(s.campus), len(s.component_name)) == (
        300,
        200,
        100,
        100,
    )
    assert {(w.location, w.field, w.message) for w in records.warnings if "catalog keeps" in w.message} == {
        ("$.courses['MATH 1551']", "title", "400 characters, over the 300 the catalog keeps; cut to 300"),
        (f"{WHERE}['A'][1][0]", "room", "250 characters, over the 200 the catalog keeps; cut to 200"),
        ("$.caches.campuses[0]", "campus", "150 characters, over the 100 the catalog keeps; cut to 100"),
        ("$.caches.scheduleTypes[0]", "name", "150 characters, over the 100 the catalog keeps; cut to 100"),
    }


def test_a_credit_range_written_the_wrong_way_round_is_read_the_right_way_with_the_canonical_formats_warning():
    # when
    records = parse(document({"A": section("80001", [meeting()], credits="4-3")}))
    # then
    (course,) = records.courses
    assert (course.credits_min, course.credits_max) == (3, 4)
    assert (
        "4-3",
        "the range's first number 4 is above its last 3; read as the range 3 to 4: expected the least first, "
        "such as '3 - 4'",
    ) in [(w.value, w.message) for w in records.warnings if w.field == "creditHours"]


@pytest.mark.parametrize(("text", "kind"), [("null", "null"), ("42", "a number"), ('"catalog"', "a string")])
def test_a_file_of_json_that_is_no_object_says_what_it_holds_not_that_it_is_no_json(text, kind):
    # when
    message = refused(text)
    # then
    assert message == (
        "f.json: $: expected gt-scheduler crawler JSON (an object with courses, caches and version 3); found "
        f"{kind} ({text!r}): the file is JSON, but holds no object"
    )


def test_signs_that_the_crawlers_format_changed_are_warned_about_once_per_shape_with_a_count():
    # given: extra items in a course, sections and a meeting, CRNs as numbers, an extra top-level key
    sections = {"A": section(80001, [meeting() + [1]]) + ["x"], "B": section(80002, [meeting()]) + ["y"]}
    doc = document(sections)
    doc["courses"]["MATH 1551"].append("extra")
    doc["generator"] = "crawler v4"
    # when
    records = parse(doc)
    # then: every section is read, and each new shape is named once, at its first place
    assert records.section_count == 2
    assert [(w.location, w.field, w.message.split(",")[0]) for w in records.warnings] == [
        ("$", "keys", "key(s) 'generator' not read; expected only courses"),
        ("$.courses['MATH 1551']", "course", "1 course(s) with more than 4 items"),
        (f"{WHERE}['A']", "crn", "2 CRN(s) given as numbers"),
        (f"{WHERE}['A']", "section", "2 section(s) with more than 7 items"),
        (f"{WHERE}['A'][1][0]", "meeting", "1 meeting(s) with more than 8 items"),
    ]
    assert all("the crawler's format may have changed" in w.message for w in records.warnings)


def test_a_section_cut_to_five_items_is_read_with_a_warning_that_its_attributes_are_missing():
    # given: section A cut before its attributeIndexes, section B whole
    sections = {"A": section("80001", [meeting()])[:5], "B": section("80002", [meeting()])}
    # when
    records = parse(document(sections))
    # then: both read, A without notes, and A named once as a changed shape
    assert [s.notes for s in sections_of(records).values()] == ["", "STEM USG"]
    (warning,) = records.warnings
    assert (warning.location, warning.field) == (f"{WHERE}['A']", "section")
    assert warning.value.startswith('["80001", [[0, "MWF", "Skiles 005"')
    assert warning.message.startswith(
        "1 section(s) with fewer than 7 items, such as this one, read without the missing ones (with no "
        "attributeIndexes, item 6, a section has no notes"
    )


@pytest.mark.realdata
def test_the_real_files_shapes_give_no_warning_of_a_changed_format(gatech_json_path):
    # when
    records = real(gatech_json_path)
    # then
    assert not [w for w in records.warnings if "the crawler's format may have changed" in w.message]


def test_a_crn_used_twice_rejects_the_later_section_naming_where_the_earlier_is():
    # given: sections A and B of one CRN
    doc = document({"A": section("80001", [meeting()]), "B": section("80001", [meeting(period=1)])})
    # when
    records = parse(doc)
    # then: A taken, B rejected with A's place
    assert list(sections_of(records)) == ["A"]
    (rejected,) = records.rejected
    assert (rejected.location, rejected.field, rejected.value) == ("$.courses['MATH 1551'][1]['B']", "crn", "80001")
    assert rejected.message == "CRN already used by an earlier section, at $.courses['MATH 1551'][1]['A']"
    assert accounted(records)
