"""The generic spreadsheet of sections (`sections-csv`): every column kind, the aliases, the
column mapping, every error, the tolerated quirks, a round trip through `dump`, and the real
UVA and Georgia Tech catalogs written in it under other headers (skipped without ../shared/data)."""

import json
from dataclasses import replace
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.sources import canonical, gatech_json, sections_csv, uva_csv
from catalog.sources.records import CatalogFormatError, CatalogRecords, MeetingKind, SectionStatus

REPO = Path(__file__).resolve().parents[3]
HEADER = (
    "subject,number,title,credits,component,section,registrar_id,parent_id,status,capacity,enrolled,"
    "instructors,days,start,end,start_date,end_date,location"
)
LECTURE = "CS,1110,Intro,3,LEC,001,40001,,Open,30,10,Ada Byron,MoWe,13:00,13:50,2025-08-26,2025-12-09,Rice 130"


def sheet(*lines: str, header: str = HEADER) -> bytes:
    return "\r\n".join((header, *lines, "")).encode("utf-8")


def read(data: bytes, **kwargs) -> CatalogRecords:
    records = sections_csv.parse_bytes(data, name="2025_fall.csv", **kwargs)
    assert records.sections_seen == records.section_count + len(records.rejected)
    return records


def sections(records: CatalogRecords) -> dict:
    return {s.registrar_id: s for c in records.courses for s in c.sections}


def warned(records: CatalogRecords) -> str:
    return "\n".join(str(w) for w in records.warnings)


def without_sources(records: CatalogRecords) -> list:
    return [replace(c, sections=tuple(replace(s, source="") for s in c.sections)) for c in records.courses]


def test_every_column_kind_is_read_into_the_records():
    # given
    header = (
        "subject,number,title,credits,description,component,component_name,section,registrar_id,parent_id,"
        "status,capacity,enrolled,waitlist,instructors,campus,modality,notes,days,start,end,start_date,"
        "end_date,location,meeting_kind"
    )
    lecture = (
        "CHEM,1410,General Chemistry,1 - 4,Atoms.,LEC,Lecture,100,40010,,Wait List,300,250,7,"
        "Marie Curie; Linus Pauling,North,hybrid,Bring goggles,MWF,9:00am,9:50am,08/26/2025,12/09/2025,"
        "Chem 402,weekly"
    )
    discussion = "CHEM,1410,General Chemistry,1 - 4,,DIS,Discussion,101,40011,40010,closed,30,30,0,,North,,,,,,,,,"
    # when
    records = read(sheet(lecture, discussion, header=header))
    # then
    (course,) = records.courses
    assert (course.subject, course.number, course.title, course.description) == (
        "CHEM",
        "1410",
        "General Chemistry",
        "Atoms.",
    )
    assert (course.credits_min, course.credits_max) == (Decimal(1), Decimal(4))
    lec, dis = course.sections
    assert (lec.registrar_id, lec.code, lec.component, lec.component_name) == ("40010", "100", "LEC", "Lecture")
    assert (lec.status, lec.capacity, lec.enrolled, lec.waitlist) == (SectionStatus.WAITLIST, 300, 250, 7)
    assert lec.instructors == ("Marie Curie", "Linus Pauling")
    assert (lec.campus, lec.modality, lec.notes) == ("North", "hybrid", "Bring goggles")
    (meeting,) = lec.meetings
    assert (meeting.days, meeting.start, meeting.end) == ((0, 2, 4), time(9), time(9, 50))
    assert (meeting.first_date, meeting.last_date) == (date(2025, 8, 26), date(2025, 12, 9))
    assert (meeting.location, meeting.kind) == ("Chem 402", MeetingKind.WEEKLY)
    assert (dis.parent_code, dis.status, dis.meetings, dis.quarantine) == ("100", SectionStatus.CLOSED, (), "")
    assert records.rejected == () and records.warnings == ()


def test_rows_sharing_a_registrar_id_are_one_section_with_every_meeting():
    # given: the lecture's weekly meeting, then its exam, taught by a second instructor
    exam = "CS,1110,Intro,3,LEC,001,40001,,Open,30,10,Bo Li,Th,19:00,20:30,2025-10-09,2025-10-09,Rice 130"
    # when
    records = read(sheet(LECTURE, exam))
    # then
    (section,) = sections(records).values()
    assert records.sections_seen == 1
    assert [(m.days, m.kind) for m in section.meetings] == [((0, 2), "weekly"), ((3,), MeetingKind.EXAM)]
    assert section.instructors == ("Ada Byron", "Bo Li")
    assert records.warnings == ()


def test_a_row_with_no_meeting_cells_is_a_section_with_no_set_time():
    records = read(sheet("CS,4993,Research,1-3,IND,001,40100,,Open,,,Staff,TBA,,,,,"))

    section = sections(records)["40100"]
    assert (section.meetings, section.instructors, section.quarantine) == ((), (), "")


def test_a_later_row_giving_other_section_values_is_reported_and_the_first_row_kept():
    # given
    again = "CS,1110,Intro,3,LEC,001,40001,,Closed,30,10,,Fr,13:00,13:50,2025-08-26,2025-12-09,Rice 130"
    # when
    records = read(sheet(LECTURE, again))
    # then
    section = sections(records)["40001"]
    assert section.status == SectionStatus.OPEN and len(section.meetings) == 2
    (warning,) = records.warnings
    assert (warning.location, warning.field, warning.value, warning.registrar_id) == (
        "line 3",
        "status",
        "Closed",
        "40001",
    )
    assert "the first row's are kept (Open)" in warning.message


def test_a_later_row_naming_another_course_under_the_same_registrar_id_quarantines_the_section():
    records = read(sheet(LECTURE, LECTURE.replace("CS,1110", "CS,2110")))

    assert records.rejected == () and records.sections_seen == records.section_count == 1
    quarantine = sections(records)["40001"].quarantine
    assert quarantine.startswith("its row at line 3 was rejected: registrar_id '40001': registrar id already used")
    assert "by line 2 (CS 1110 LEC 001)" in quarantine


def test_common_aliases_are_read_and_each_one_named_in_a_warning():
    # given: a Banner-like header
    header = "Subj,Catalog Nbr,Course Title,CRN,Sect,Type,Instructor,Days,Start Time,End Time,Room"
    # when
    records = read(
        sheet("MATH,1310,Calculus,50001,001,Lecture,Emmy Noether,MWF,10:00 AM,10:50 AM,Kerchof 317", header=header)
    )
    # then
    section = sections(records)["50001"]
    assert (section.code, section.component, section.instructors) == ("001", "LEC", ("Emmy Noether",))
    assert section.meetings[0].start == time(10) and section.meetings[0].location == "Kerchof 317"
    (warning,) = records.warnings
    for used in (
        "Subj as subject",
        "Catalog Nbr as number",
        "CRN as registrar_id",
        "Start Time as start",
        "Room as location",
    ):
        assert used in warning.message
    assert warning.message.startswith("10 column(s) read under another name")  # Days is canonical


def test_a_column_mapping_names_the_headers_of_the_file():
    # given
    header = "Dept,Crse,Long Name,Class Key,Seq,Kind Of,Pat Days,From,To"
    mapping = {"subject": "Dept", "number": "Crse", "title": "long name", "registrar_id": "CLASS KEY", "section": "Seq",
               "component": "Kind Of", "days": "Pat Days", "start": "From", "end": "To"}  # fmt: skip
    # when
    records = read(sheet("PHYS,1425,Mechanics,60001,001,LEC,TR,9:30am,10:45am", header=header), columns=mapping)
    # then
    section = sections(records)["60001"]
    assert records.courses[0].code == "PHYS 1425" and section.meetings[0].days == (1, 3)
    assert records.warnings == ()  # the mapping is certain: nothing read under a guessed name


def test_a_missing_required_column_is_named_with_the_headers_the_closest_one_and_the_mapping_to_write():
    header = "subject,Course Numbr,title,component,section,registrar_id"

    with pytest.raises(CatalogFormatError) as error:
        read(sheet("CS,1110,Intro,LEC,001,40001", header=header))

    message = str(error.value)
    assert message.startswith("2025_fall.csv: line 1: missing required column(s) number;")
    assert "found subject, Course Numbr, title, component, section, registrar_id" in message
    assert "the closest headers are number: 'Course Numbr'" in message
    assert "--columns mapping.json" in message and '{"number": "Course Numbr"}' in message


def test_a_mapping_naming_a_header_the_file_lacks_names_the_mapping_file_and_key():
    with pytest.raises(CatalogFormatError) as error:
        read(sheet(LECTURE), columns={"number": "Crse Nbr"}, columns_name="banner.json")

    message = str(error.value)
    assert message.startswith("2025_fall.csv: line 1: banner.json: key 'number' names the header 'Crse Nbr'")
    assert "which 2025_fall.csv lacks" in message and "its headers are subject, number, title" in message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b'{"nmber": "Crse"}',
            r"map.json: key 'nmber': 'nmber' is not a canonical column name; did you mean 'number'\?",
        ),
        (b'["number"]', r"map.json: a JSON list; expected a JSON object of canonical column name"),
        (b'{"number": 3}', r"map.json: key 'number': 3 is not a header"),
        (b"{number: Crse}", r"map.json: line 1 column 2: not valid JSON: .*; expected a JSON object"),
        (b"\xff{}", r"map.json: not JSON \(.*\); expected a JSON object"),
        (
            b'{"title": "Class Descr", "number": "Crse", "title": "Campus"}',
            r"map.json: \$: key 'title' appears twice in this object; expected every key once \(a column is mapped to "
            r"one header: which is meant\?\)",
        ),
        (b"[" * 100_000 + b"]" * 100_000, r"map.json: JSON nested too deeply; expected a JSON object"),
    ],
)
def test_a_mapping_file_that_is_no_mapping_is_refused_naming_the_file_and_key(data, expected):
    with pytest.raises(CatalogFormatError, match=expected):
        sections_csv.columns_load(data, name="map.json")


def test_the_demo_mapping_reads_the_demo_sections_file():
    # given
    mapping = sections_csv.columns_load((REPO / "catalog/demo/demo-sections.columns.json").read_bytes(), name="m")
    # when
    records = sections_csv.parse(REPO / "catalog/demo/demo-sections.csv", columns=mapping)
    # then
    assert records.section_count == records.sections_seen == 6 and records.rejected == ()
    assert sections(records)["71002"].parent_code == "100"
    assert [m.kind for m in sections(records)["71001"].meetings] == ["weekly", "exam"]


@pytest.mark.parametrize(
    ("line", "field", "value", "message"),
    [
        ("CS,1110,Intro,3,LEC,001,,,,,,,,,,,,", "registrar_id", "", "no registrar id; every section needs one"),
        ("CS/ECE,1110,Intro,3,LEC,001,40001,,,,,,,,,,,", "subject", "CS/ECE", "subject 'CS/ECE' cannot be used"),
        ("CS,,Intro,3,LEC,001,40001,,,,,,,,,,,", "number", "", "expected a course number of 1-20 characters"),
        ("CS,1110,Intro,3,LEC,,40001,,,,,,,,,,,", "section", "", "expected a section code of 1-20 characters"),
        ("CS,1110,Intro,3,,001,40001,,,,,,,,,,,", "component", "", "no component"),
        (
            "CS,1110,Intro,3,LEC,001,4000/1,,,,,,,,,,,",
            "registrar_id",
            "4000/1",
            "cannot be used: it is part of the API",
        ),
    ],
)
def test_a_row_that_cannot_be_a_section_is_rejected_with_line_field_and_value(line, field, value, message):
    records = read(sheet(LECTURE.replace("40001", "39999").replace(",001,", ",009,"), line))

    (problem,) = records.rejected
    assert (problem.location, problem.field, problem.value) == ("line 3", field, value)
    assert message in problem.message


def test_a_course_code_written_in_two_cases_is_one_course_in_capitals():
    # given: a lab row writes the course in lower case
    lab = "cs,1110a,Intro,3,LAB,101,40002,40001,Open,20,5,,Fr,9:00,9:50,2025-08-26,2025-12-09,Rice 011"
    # when
    records = read(sheet(LECTURE.replace("1110", "1110A"), lab))
    # then: one course, its lab linked to its lecture
    assert [(c.subject, c.number, len(c.sections)) for c in records.courses] == [("CS", "1110A", 2)]
    assert sections(records)["40002"].parent_code == "001" and records.rejected == ()


def test_a_second_registrar_id_with_a_used_section_code_is_rejected_and_quarantines_the_section_naming_it():
    # given: PeopleSoft's second meeting of section 001 under a registrar id of its own
    records = read(sheet(LECTURE, LECTURE.replace("40001", "40001-2").replace("MoWe", "Fr")))
    # then: the second registrar id is rejected, counted, and named by the section it quarantines
    (problem,) = records.rejected
    assert (problem.location, problem.field, problem.value, problem.registrar_id) == (
        "line 3",
        "section",
        "001",
        "40001-2",
    )
    assert problem.message.startswith("section code already used by registrar id 40001 (line 2) of CS 1110")
    assert records.sections_seen == 2 and records.section_count == 1
    assert sections(records)["40001"].quarantine == (
        "its row at line 3 (registrar id 40001-2) was rejected: section '001': section code already used by "
        "registrar id 40001 (line 2) of CS 1110; rows of one section share its registrar id"
    )


def test_a_registrar_id_reusing_a_section_code_after_a_duplicate_line_is_listed_under_rejected():
    # given: the reviewer's drift1.csv ending, section 007 twice under 1010, then under 1011
    header = "registrar_id,subject,number,title,component,section,days,start,end"
    lecture = "1010,MATH,200,Calc,LEC,007,,,"
    data = sheet(lecture, lecture, "1011,MATH,200,Calc,LEC,007,MW,1:00 PM,2:00 PM", header=header)
    # when
    records = read(data)
    # then
    assert records.sections_seen == 2 and [p.registrar_id for p in records.rejected] == ["1011"]
    assert sections(records)["1010"].quarantine.startswith("its row at line 4 (registrar id 1011) was rejected")


def test_a_section_whose_rows_write_its_component_two_ways_is_one_section_without_a_warning():
    records = read(sheet(LECTURE, LECTURE.replace(",LEC,", ",Lecture,").replace("MoWe", "Fr")))

    assert records.rejected == () and records.sections_seen == 1 and records.warnings == ()
    assert [m.days for m in sections(records)["40001"].meetings] == [(0, 2), (4,)]


def test_a_timed_exam_dated_over_weeks_quarantines_its_section_naming_its_end_date():
    # given: a whole-term class listed as a final exam
    data = sheet(LECTURE + ",Final", header=HEADER + ",meeting_kind")
    # when
    records = read(data)
    # then
    section = sections(records)["40001"]
    assert section.meetings == ()
    assert section.quarantine.startswith(
        "line 2 end_date '2025-12-09' (start_date '2025-08-26'): an exam takes place on one date, but its dates "
        "hold its weekdays more than once"
    )


def test_a_one_off_meeting_dated_over_weeks_is_imported_as_listed_with_a_warning_at_its_end_date():
    # given
    data = sheet(LECTURE + ",one_off", header=HEADER + ",meeting_kind")
    # when
    records = read(data)
    # then
    section = sections(records)["40001"]
    assert (section.quarantine, [m.kind for m in section.meetings]) == ("", [MeetingKind.ONE_OFF])
    (warning,) = records.warnings
    assert (warning.location, warning.field, warning.value, warning.registrar_id) == (
        "line 2",
        "end_date",
        "2025-12-09",
        "40001",
    )
    assert warning.message.startswith("a one-off meeting takes place on one date, but this one is dated 2025-08-26")


def test_a_course_with_no_title_in_any_row_is_titled_by_its_code_with_a_warning():
    records = read(
        sheet(LECTURE.replace(",Intro,", ",,"), LECTURE.replace(",Intro,", ",,").replace(",001,40001", ",002,40002"))
    )

    assert records.courses[0].title == "CS 1110"
    (warning,) = records.warnings
    assert (warning.location, warning.field, warning.registrar_id) == ("line 2", "title", "40001")
    assert warning.message == "no title in any row of the course; titled by its code 'CS 1110'"


def test_a_course_whose_first_row_has_no_title_takes_the_title_a_later_row_gives():
    records = read(sheet(LECTURE.replace(",Intro,", ",,"), LECTURE.replace(",001,40001", ",002,40002")))

    assert records.courses[0].title == "Intro" and records.warnings == ()


def test_a_parent_link_within_one_component_or_both_ways_is_dropped_with_a_warning():
    # given: the reviewer's cycle.csv: a lecture and lab naming each other, a lecture naming a lecture
    header = "registrar_id,subject,number,title,component,section,parent_id"
    data = sheet(
        "9001,CYC,100,t,LEC,001,9002",
        "9002,CYC,100,t,LAB,101,9001",
        "9003,CYC,101,t,LEC,001,9004",
        "9004,CYC,101,t,LEC,002,",
        "9005,CYC,102,t,LEC,001,",
        "9006,CYC,102,t,LAB,101,9005",
        header=header,
    )
    # when
    records = read(data)
    # then: only the lab taken with its lecture keeps its link; nothing is quarantined
    assert {rid: s.parent_code for rid, s in sections(records).items() if s.parent_code} == {"9006": "001"}
    assert all(s.quarantine == "" for s in sections(records).values())
    assert [(w.location, w.field, w.value) for w in records.warnings] == [
        ("line 2", "parent_id", "9002"),
        ("line 3", "parent_id", "9001"),
        ("line 4", "parent_id", "9004"),
    ]
    assert records.warnings[0].message.startswith(
        "names section 101 (line 3), which names this one as its parent: a loop; a section is taken with a section "
        "of another component (a lab with its lecture), one way: the link is dropped"
    )
    assert records.warnings[2].message.startswith("names section 002 (line 5), of its own component LEC;")


def test_unknown_components_of_one_course_stay_distinct_each_warned_under_the_code_filed():
    # given: the reviewer's comp.csv, a lecture beside lecture-labs, and two labs told apart by a letter
    header = "registrar_id,subject,number,title,component,section,days,start,end"
    data = sheet(
        "6001,BIO,101,Bio,Lecture,001,MWF,9:00 AM,9:50 AM",
        "6002,BIO,101,Bio,Lecture/Lab,L01,TR,1:00 PM,3:50 PM",
        "6003,BIO,101,Bio,Lecture/Lab,L02,TR,9:00 AM,11:50 AM",
        "6004,PHY,101,Phy,Lab-A,A1,M,1:00 PM,3:50 PM",
        "6005,PHY,101,Phy,Lab-B,B1,W,1:00 PM,3:50 PM",
        "6006,PHY,101,Phy,Lecture,001,MWF,9:00 AM,9:50 AM",
        header=header,
    )
    # when
    records = read(data)
    # then
    assert [[s.component for s in c.sections] for c in records.courses] == [
        ["LEC", "LECTURELAB", "LECTURELAB"],
        ["LABA", "LABB", "LEC"],
    ]
    assert [(w.location, w.value, w.message, w.more) for w in records.warnings] == [
        ("line 3", "Lecture/Lab", "unknown component (any case); filed as LECTURELAB", 1),
        ("line 5", "Lab-A", "unknown component (any case); filed as LABA", 0),
        ("line 6", "Lab-B", "unknown component (any case); filed as LABB", 0),
    ]


def test_an_unknown_component_with_a_name_column_is_still_warned_when_its_code_is_not_as_written():
    # given: comp2.csv names its components, `Lec/Lab` among them
    header = "registrar_id,subject,number,title,component,component_name,section,days,start,end"
    data = sheet(
        "6101,BIO,102,Bio,Lecture,Lecture,001,MWF,9:00 AM,9:50 AM",
        "6102,BIO,102,Bio,Lec/Lab,Lecture and Lab,L01,TR,1:00 PM,3:50 PM",
        "6103,BIO,102,Bio,STU,Studio,S01,F,1:00 PM,3:50 PM",
        header=header,
    )
    # when
    records = read(data)
    # then: STU is kept as written, under its name, without a word
    assert [(s.component, s.component_name) for s in records.courses[0].sections] == [
        ("LEC", "Lecture"),
        ("LECLAB", "Lecture and Lab"),
        ("STU", "Studio"),
    ]
    (warning,) = records.warnings
    assert (warning.location, warning.value) == ("line 3", "Lec/Lab")
    assert warning.message == "unknown component (any case); filed as LECLAB"


def test_a_known_component_with_words_in_brackets_is_that_component_with_a_warning():
    # given: online and in-person lectures of one course, the online ones' type qualified
    header = "registrar_id,subject,number,title,component,section"
    data = sheet("1,BIO,103,Bio,Lecture,001", "2,BIO,103,Bio,Lecture (Online),002", header=header)
    # when
    records = read(data)
    # then: one lecture component, as a student takes one lecture
    assert [s.component for s in records.courses[0].sections] == ["LEC", "LEC"]
    (warning,) = records.warnings
    assert (warning.value, warning.message) == (
        "Lecture (Online)",
        "filed as LEC (Lecture): the words in brackets are taken as a note, not another component",
    )


def test_the_codes_of_unknown_components_do_not_depend_on_the_order_of_the_rows():
    # given: one course's rows in two orders
    header = "registrar_id,subject,number,title,component,section"
    rows = [
        "1,BIO,103,Bio,Lecture-Discussion-A,001",
        "2,BIO,103,Bio,Lecture-Discussion-B,002",
        "3,BIO,103,Bio,Lecture,003",
    ]
    # when
    forward = read(sheet(*rows, header=header))
    backward = read(sheet(*reversed(rows), header=header))

    # then: each section is filed under the same component
    def filed(records):
        return {s.registrar_id: s.component for s in records.courses[0].sections}

    assert filed(forward) == filed(backward) == {"1": "LECTUREDISCU", "2": "LECTUREDISC2", "3": "LEC"}


def test_two_unknown_components_meeting_one_code_are_told_apart_naming_both():
    # given: two types alike in their first 12 letters, and one whose letters are a known code
    header = "registrar_id,subject,number,title,component,section"
    data = sheet(
        "1,BIO,103,Bio,Lecture-Discussion-A,001",
        "2,BIO,103,Bio,Lecture-Discussion-B,002",
        "3,BIO,103,Bio,L.E.C.,003",
        "4,BIO,103,Bio,Lecture,004",
        "5,BIO,103,Bio,lecture discussion a,005",
        header=header,
    )
    # when
    records = read(data)
    # then
    assert [s.component for s in records.courses[0].sections] == [
        "LECTUREDISCU",
        "LECTUREDISC2",
        "LEC2",
        "LEC",
        "LECTUREDISCU",
    ]
    messages = {w.value: w.message for w in records.warnings}
    assert messages["Lecture-Discussion-B"].startswith(
        "unknown component (any case); filed as LECTUREDISC2 (its letters and digits cut to the 12 a component's "
        "code holds), as LECTUREDISCU is 'Lecture-Discussion-A' in this course"
    )
    assert messages["L.E.C."] == "unknown component (any case); filed as LEC2, as LEC is 'Lecture' in this course"


def test_a_row_with_blank_section_cells_below_a_section_is_its_next_meeting_with_one_warning():
    # given: Banner leaves the section's cells blank on its second meeting's row
    friday = ",,,,,,,,,,,,Fr,14:00,15:50,2025-08-26,2025-12-09,Lab 2"
    # when
    records = read(sheet(LECTURE, friday, friday.replace("Fr", "Sa")))
    # then
    assert records.rejected == () and records.sections_seen == 1
    section = sections(records)["40001"]
    assert [m.days for m in section.meetings] == [(0, 2), (4,), (5,)] and section.quarantine == ""
    assert section.meetings[1].location == "Lab 2" and section.meetings[1].start == time(14)
    assert "line 3: 2 row(s) with meeting cells but no subject" in warned(records)


def test_a_rejected_row_naming_no_section_is_counted_as_one():
    records = read(sheet(LECTURE, LECTURE.replace("40001", "40002").replace("1110", "2/0")))

    (problem,) = records.rejected
    assert problem.field == "number" and records.sections_seen == 2 and sections(records)["40001"].quarantine == ""


def test_the_other_rows_of_a_rejected_section_are_skipped_with_it():
    bad = LECTURE.replace("CS,1110", "CS/X,1110")

    records = read(sheet(bad, bad.replace("MoWe", "Fr")))

    assert records.sections_seen == 1 and len(records.rejected) == 1
    assert "another row of a section rejected at line 2; skipped with it" in warned(records)


@pytest.mark.parametrize(("start", "end"), [("TBA", "TBA"), ("TBA", ""), ("", "TBA"), ("TBD", "TBD"), ("tba", "Arr")])
def test_days_with_no_set_start_and_end_are_kept_untimed_with_a_days_without_a_time_warning(start, end):
    # given: the reviewer's variants.csv, days given and start/end TBA
    row = f"2001,T,100,t,LEC,001,MWF,{start},{end},2025-08-26,2025-12-09,R"
    # when
    records = read(
        sheet(
            row,
            header="registrar_id,subject,number,title,component,section,days,start,end,start_date,end_date,location",
        )
    )
    # then
    section = sections(records)["2001"]
    assert section.quarantine == ""
    assert [(m.days, m.start, m.location) for m in section.meetings] == [((), None, "R")]
    (warning,) = records.warnings
    assert (warning.location, warning.field, warning.value) == ("line 2", "days", "MWF")
    assert warning.message == "days without a time; kept as a meeting with no set time"


def test_days_and_start_and_end_all_tba_are_an_ordinary_section_with_no_set_time():
    records = read(sheet(LECTURE.replace("MoWe,13:00,13:50", "TBA,TBA,TBA")))

    assert [(m.days, m.start) for m in sections(records)["40001"].meetings] == [((), None)]
    assert sections(records)["40001"].quarantine == "" and records.warnings == ()


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ("Xy,13:00,13:50,2025-08-26,2025-12-09", "line 2 days 'Xy': expected days such as 'MoWeFr'"),
        ("MoWe,25:00,26:00,2025-08-26,2025-12-09", "line 2 start/end '25:00 - 26:00': not a time range"),
        ("MoWe,14:00,13:00,2025-08-26,2025-12-09", "line 2 start/end '14:00 - 13:00': end 13:00 is before start 14:00"),
        ("MoWe,13:00,,2025-08-26,2025-12-09", "line 2 start/end '13:00 - ': no end time"),
        ("MoWe,13:00,TBA,2025-08-26,2025-12-09", "line 2 start/end '13:00 - TBA': no end time"),
        ("MoWe,13:00,13:50,someday,2025-12-09", "line 2 start_date 'someday': not a date such as '08/26/2025'"),
        ("MoWe,13:00,13:50,2025-12-09,2025-08-26", "line 2 end_date '2025-08-26': before start_date '2025-12-09'"),
        ("MoWe,00:00,00:00,2025-08-26,2025-12-09", "placeholder meeting 12:00am - 12:00am"),
    ],
)
def test_a_meeting_that_cannot_be_trusted_quarantines_its_section_naming_line_column_and_value(cells, reason):
    line = f"CS,1110,Intro,3,LEC,001,40001,,Open,30,10,Ada Byron,{cells},Rice 130"

    section = sections(read(sheet(line)))["40001"]

    assert reason in section.quarantine and section.quarantine.endswith("; the meeting was dropped")
    assert section.meetings == ()


def test_a_parent_id_naming_no_section_of_the_course_quarantines_the_section():
    lab = "CS,1110,Intro,3,LAB,101,40002,49999,Open,30,10,,Fr,13:00,13:50,2025-08-26,2025-12-09,Rice 130"

    section = sections(read(sheet(LECTURE, lab)))["40002"]

    assert section.parent_code is None
    assert "line 3 parent_id '49999': names no section of CS 1110 in the file" in section.quarantine


AUG26 = date(2025, 8, 26)


@pytest.mark.parametrize(
    ("header", "cells", "days", "times"),
    [
        ("days,start,end,start_date,end_date", "MWF,9:00 AM,9:50 AM,08/26/2025,12/09/2025", (0, 2, 4), (9, 0, 9, 50)),
        ("days,start,end,start_date,end_date", "TR,0930,1045,Aug 26 2025,Dec 9 2025", (1, 3), (9, 30, 10, 45)),
        ("days,time,start_date,end_date", "Mon/Wed,1-2:15pm,26-Aug-2025,09-Dec-2025", (0, 2), (13, 0, 14, 15)),
        ("days,start_date,end_date", "M-F 8:00am - 8:50am,2025-08-26,2025-12-09", (0, 1, 2, 3, 4), (8, 0, 8, 50)),
        ("days,start,end,start_date,end_date", "MW,13:00:00,14:15:00,26-AUG-25,09-DEC-25", (0, 2), (13, 0, 14, 15)),
        ("days,start,end,start_date,end_date", "F,09:00:00 AM,09:50:00.000 AM,20250826,20251209", (4,), (9, 0, 9, 50)),
        (
            "days,time,start_date,end_date",
            "Tu,1:00:00 PM - 2:00:00 PM,2025-08-26 00:00:00,2025-12-09T00:00",
            (1,),
            (13, 0, 14, 0),
        ),
        (
            "days,start,end,start_date,end_date",
            "Th,14:00,15:00,8/26/2025 0:00,12/9/2025 12:00:00 AM",
            (3,),
            (14, 0, 15, 0),
        ),
    ],
)
def test_days_times_and_dates_are_read_in_every_form_the_shared_clock_reads(header, cells, days, times):
    data = sheet(
        f"CS,1110,Intro,LEC,001,40001,{cells}", header=f"subject,number,title,component,section,registrar_id,{header}"
    )

    (meeting,) = sections(read(data))["40001"].meetings

    assert (meeting.days, meeting.start, meeting.end) == (days, time(*times[:2]), time(*times[2:]))
    assert meeting.first_date == AUG26


@pytest.mark.parametrize(
    ("other_days", "weekdays", "warned"),
    [("TR", (5, 6), False), ("TTh", (6,), False), ("MWF", (6,), True)],
)
def test_days_su_are_read_the_files_way_and_warned_about_when_the_file_does_not_tell(other_days, weekdays, warned):
    # given: EVSC 2801 on SU, beside a section on TR (one letter a day), TTh (names) or MWF (either)
    header = "subject,number,title,component,section,registrar_id,days,start,end"
    data = sheet(
        "EVSC,2801,Field,LEC,001,19004,SU,9:00 AM,4:00 PM",
        f"EVSC,2802,Lab,LEC,001,19005,{other_days},9:00 AM,9:50 AM",
        header=header,
    )
    # when
    records = read(data)
    # then
    assert sections(records)["19004"].meetings[0].days == weekdays
    ambiguous = [w for w in records.warnings if "one letter a day" in w.message]
    assert [(w.field, w.value) for w in ambiguous] == ([("days", "SU")] if warned else [])


def test_a_file_on_a_24_hour_clock_without_leading_zeros_is_read_so_with_a_warning():
    records = read(
        sheet(LECTURE.replace("13:00,13:50", "9:30,10:45"), LECTURE.replace("40001", "40002").replace(",001,", ",002,"))
    )

    assert sections(records)["40001"].meetings[0].start == time(9, 30)
    assert "1 time range(s) with no am/pm, such as this one, were read on a 24-hour clock" in warned(records)


def test_seats_given_as_enrolled_over_capacity_are_read():
    data = sheet(
        "CS,1110,Intro,LEC,001,40001,25/30", header="subject,number,title,component,section,registrar_id,Enrl/Cap"
    )

    section = sections(read(data))["40001"]

    assert (section.enrolled, section.capacity) == (25, 30)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("status", "Maybe", "unknown status; expected open, closed, waitlist or cancelled; taken as open"),
        ("modality", "Telepathy", "unknown modality; expected in_person, online or hybrid"),
        ("meeting_kind", "Party", "unknown meeting kind; expected weekly, exam or one_off; inferred"),
        ("capacity", "lots", "not a count (a whole number of 0 or more); left empty"),
        ("credits", "three", "not a number of credits"),
        ("seats", "25 of 30", "expected ENROLLED/CAPACITY such as '25/30'"),
        ("component", "Colloquium", "unknown component (any case); filed as COL"),
    ],
)
def test_a_value_in_an_unknown_form_is_warned_about_naming_line_column_and_value(column, value, message):
    base = {
        "subject": "CS",
        "number": "1110",
        "title": "Intro",
        "component": "LEC",
        "section": "001",
        "registrar_id": "40001",
    }
    base[column] = value
    data = sheet(",".join(base.values()), header=",".join(base))

    records = read(data)

    problem = next(w for w in records.warnings if w.field == column)
    assert (problem.location, problem.value, problem.registrar_id) == ("line 2", value, "40001")
    assert message in problem.message


def test_headers_in_another_order_with_unknown_columns_blank_lines_a_repeated_header_and_a_total_line_are_read():
    # given
    header = "registrar_id,Fee,section,component,title,number,subject,Room Capacity"
    data = sheet(
        "40001,12.50,001,LEC,Intro,1110,CS,40",
        "",
        header,
        "40002,,002,LEC,Intro,1110,CS,",
        ",,,,,,Total: 2,",
        header=header,
    )
    # when
    records = read(data)
    # then
    assert set(sections(records)) == {"40001", "40002"}
    text = warned(records)
    assert "2 column(s) not read: Fee, Room Capacity" in text and text.count("not read") == 1
    assert "line 4: the header again (first on line 1)" in text
    (total,) = records.rejected
    assert total.location == "line 6" and "a total or a note below the rows?" in total.message


def test_a_byte_order_mark_semicolons_and_a_title_line_above_the_header_are_tolerated():
    data = (
        "\ufeffFall 2025 schedule export\r\n"
        "subject;number;title;component;section;registrar_id\r\n"
        "CS;1110;Intro;LEC;001;40001\r\n"
    )

    records = read(data.encode("utf-8"))

    assert set(sections(records)) == {"40001"}
    assert "1 line(s) above the header (line 2) are no sections; skipped" in warned(records)


def test_a_windows_1252_file_is_read_with_a_warning():
    data = (
        "subject,number,title,component,section,registrar_id,instructors\r\nCS,1110,Intro,LEC,001,40001,José Martí\r\n"
    )

    records = read(data.encode("cp1252"))

    assert sections(records)["40001"].instructors == ("José Martí",)
    assert "read as Windows-1252" in warned(records)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", r"x.csv: file is empty; expected a CSV of sections whose header names subject, number"),
        (b'{"courses": []}', r"x.csv: line 1: this looks like JSON.*or a registrar's dump to read as sections-json\?"),
        (b"subject,number,title,component,section,registrar_id\r\n", r"x.csv: line 1: no rows after the header"),
        (
            b'subject,number,title,component,section,registrar_id\r\nCS,1110,"Intro,LEC,001,40001\r\n',
            r"x.csv: line 2: broken CSV",
        ),
    ],
)
def test_a_file_that_is_no_spreadsheet_of_sections_is_a_format_error_naming_file_and_line(data, expected):
    with pytest.raises(CatalogFormatError, match=expected):
        sections_csv.parse_bytes(data, name="x.csv")


def test_a_short_last_row_ending_in_a_line_break_is_read_with_the_ragged_rows_warning():
    # given: the last row stops after its section cells, its meeting cells left out
    header = "registrar_id,subject,number,title,component,section,days,start,end"
    data = sheet("8001,CS,100,t,LEC,001,MWF,9:00 AM,9:50 AM", "8002,CS,100,t,LEC,002", header=header)
    # when
    records = read(data)
    # then
    assert sections(records)["8002"].meetings == () and records.section_count == 2
    assert "line 3: 1 row(s) have more or fewer fields than the 9 header columns" in warned(records)


def test_a_file_cut_inside_its_last_row_is_refused_as_truncated():
    data = sheet(LECTURE).rstrip(b"\r\n") + b"\r\nCS,1110,Intro,3,LEC,002,40002,,Open"

    with pytest.raises(CatalogFormatError, match=r"x.csv: line 3: the file ends inside this row .*truncated\?"):
        sections_csv.parse_bytes(data, name="x.csv")


def test_text_over_a_fields_length_limit_is_cut_with_a_warning_naming_line_field_and_length():
    # given: the reviewer's long.csv: a long title, component name, campus and room (twice)
    header = "registrar_id,subject,number,title,component,component_name,section,campus,days,start,end,location"
    first = f"5001,LONG,100,{'T' * 400},LEC,{'N' * 150},001,{'C' * 150},MWF,9:00 AM,9:50 AM,{'L' * 300}"
    second = f"5002,LONG,100,{'T' * 400},LEC,Lecture,002,Main,MWF,9:00 AM,9:50 AM,{'L' * 300}"
    # when
    records = read(sheet(first, second, header=header))
    # then
    (course,) = records.courses
    lecture = course.sections[0]
    assert (len(course.title), len(lecture.component_name), len(lecture.campus)) == (300, 100, 100)
    assert len(lecture.meetings[0].location) == 200
    assert {(w.location, w.field, str(w).split(": ", 1)[1]) for w in records.warnings} == {
        ("line 2", "title", "400 characters, over the 300 the catalog keeps; cut to 300"),
        ("line 2", "component_name", "150 characters, over the 100 the catalog keeps; cut to 100"),
        ("line 2", "campus", "150 characters, over the 100 the catalog keeps; cut to 100"),
        ("line 2", "location", "300 characters, over the 200 the catalog keeps; cut to 200 (1 more like it)"),
    }


def test_the_term_comes_from_the_file_name_and_the_institution_from_the_caller():
    records = read(sheet(LECTURE))

    assert (records.term.code, records.term.name) == ("2025-fall", "Fall 2025")
    assert (records.term.first_day, records.term.last_day) == (date(2025, 8, 26), date(2025, 12, 9))
    assert records.institution.code == ""  # the import service asks for --institution


def test_the_demo_catalog_written_as_sections_csv_reads_back_as_the_same_records():
    # given
    original = canonical.parse(REPO / "catalog/demo/demo-catalog.json")
    mapping = {"subject": "Subj", "number": "Crse Nbr", "registrar_id": "Class Key", "days": "Pattern Days"}
    # when
    data = sections_csv.dump(original, columns=mapping)
    back = sections_csv.parse_bytes(
        data, name="demo.csv", institution=original.institution, term=original.term, columns=mapping
    )
    # then
    assert data.startswith(b"Subj,Crse Nbr,title,")
    assert without_sources(back) == without_sources(original)
    assert back.warnings == () and back.rejected == ()


def same_through_sections_csv(original: CatalogRecords) -> None:
    """`original` written as sections-csv under renamed headers and read back with the mapping
    gives the same courses, sections, meetings and links."""
    mapping = {c: f"Col {c.replace('_', ' ').title()} X" for c in sections_csv.DUMPED}
    data = sections_csv.dump(original, columns=mapping)
    back = sections_csv.parse_bytes(
        data, name="export.csv", institution=original.institution, term=original.term, columns=mapping
    )
    assert back.sections_seen == back.section_count == original.section_count
    assert back.rejected == ()
    assert without_sources(back) == without_sources(original)
    links = {s.registrar_id: s.parent_code for c in back.courses for s in c.sections if s.parent_code}
    assert links == {s.registrar_id: s.parent_code for c in original.courses for s in c.sections if s.parent_code}


def test_the_real_uva_catalog_through_sections_csv_gives_what_the_uva_adapter_gives(uva_csv_path):
    same_through_sections_csv(uva_csv.parse(uva_csv_path))


def test_the_real_georgia_tech_catalog_through_sections_csv_gives_what_its_adapter_gives(gatech_json_path):
    same_through_sections_csv(gatech_json.parse(gatech_json_path))


def test_the_documented_columns_are_the_adapters():
    documented = (REPO / "docs/sources.md").read_text()

    missing = [c for c in sections_csv.COLUMNS if f"`{c}`" not in documented]

    assert missing == []
    assert json.loads((REPO / "catalog/demo/demo-sections.columns.json").read_text())


def test_a_mapped_header_is_matched_exactly_before_loosely():
    # given: `Course` and `Course #` are one header once punctuation is dropped
    header = "Dept Code,Course,Course #,Sect,Type,CRN"
    mapping = {"subject": "Dept Code", "title": "Course", "number": "Course #"}
    # when
    records = read(sheet("CS,Intro to Programming,1110,001,LEC,40001", header=header), columns=mapping)
    # then
    (course,) = records.courses
    assert (course.number, course.title) == ("1110", "Intro to Programming")


def test_headers_with_no_latin_letters_are_matched_exactly_and_never_to_each_other():
    # given: a Cyrillic header, every column mapped
    header = "Предмет,Номер,Название,Секция,Тип,Код"
    mapping = {"subject": "Предмет", "number": "Номер", "title": "Название", "section": "Секция",
               "component": "Тип", "registrar_id": "Код"}  # fmt: skip
    # when
    records = read(sheet("CS,1110,Intro,001,LEC,40001", "CS,1110,Intro,002,LEC,40002", header=header), columns=mapping)
    # then
    assert sorted(sections(records)) == ["40001", "40002"] and records.rejected == ()


@pytest.mark.parametrize(
    ("header", "mapping", "message"),
    [
        (
            "subject,number,title,section,component,,CRN",
            {"registrar_id": "#"},
            "key 'registrar_id' names the header '#'",
        ),
        (
            "subject,number,title,section,component,Class-Nbr,Class Nbr.",
            {"registrar_id": "classnbr"},
            "loosely several",
        ),
        ("subject,number,title,section,component,CRN,CRN", {"registrar_id": "CRN"}, "the file has 2 times"),
        (
            "subject,number,title,section,component,CRN",
            {"registrar_id": "CRN", "parent_id": "crn"},
            "as key 'registrar_id'",
        ),
    ],
)
def test_a_mapped_header_that_is_ambiguous_empty_or_mapped_twice_refuses_the_file(header, mapping, message):
    with pytest.raises(CatalogFormatError) as error:
        read(sheet("CS,1110,Intro,001,LEC,40001,40001", header=header), columns=mapping)

    assert message in str(error.value) and "its headers are subject" in str(error.value)


def test_excel_text_formulas_keeping_leading_zeros_are_read_as_their_text_with_one_warning():
    # given
    row = LECTURE.replace(",001,40001,", ',="001",="00123",')
    # when
    records = read(sheet(row, row.replace('"001"', '"002"').replace('"00123"', '"00124"')))
    # then
    assert [(s.code, s.registrar_id) for s in records.courses[0].sections] == [("001", "00123"), ("002", "00124")]
    (warning,) = records.warnings
    assert warning.location == "line 2" and warning.message.startswith("4 cell(s) written as an Excel text formula")


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ("13:00:30,14:00,2025-08-26,2025-12-09", "start/end '13:00:30 - 14:00': not a time range"),
        ("13:00,14:00,2025-08-26 09:00:00,2025-12-09", "start_date '2025-08-26 09:00:00': not a date"),
    ],
)
def test_seconds_and_a_time_of_day_that_a_minute_or_a_date_would_lose_quarantine_the_section(cells, reason):
    data = sheet(f"CS,1110,Intro,LEC,001,40001,MoWe,{cells}", header="subject,number,title,component,section,"
                 "registrar_id,days,start,end,start_date,end_date")  # fmt: skip

    assert reason in sections(read(data))["40001"].quarantine


def test_of_two_aliases_of_one_column_the_first_listed_is_read_and_the_other_named_in_a_warning():
    # given: PeopleSoft's instructor ID first, the class number last; Banner's Type beside Schedule Type
    header = "ID,Subject,Catalog Nbr,Course Title,Section,Type,Schedule Type,Class Nbr"
    # when
    records = read(sheet("E0042,CS,1110,Intro,001,A,Lecture,40001", header=header))
    # then
    (section,) = sections(records).values()
    assert (section.registrar_id, section.component) == ("40001", "LEC")
    assert (
        "2 column(s) also named like a column read under another name, not read: Type (not component: Schedule "
        "Type is), ID (not registrar_id: Class Nbr is)"
    ) in warned(records)


def test_a_time_disagreeing_with_start_and_end_is_read_with_a_warning():
    header = "subject,number,title,component,section,registrar_id,days,time,start,end"

    records = read(sheet("CS,1110,Intro,LEC,001,40001,MoWe,1:00pm - 1:50pm,14:00,14:50", header=header))

    assert sections(records)["40001"].meetings[0].start == time(13)
    assert "time and start/end ('14:00' '14:50') give other times; time is read" in warned(records)


def test_banner_status_codes_a_and_c_read_as_open_and_cancelled():
    records = read(sheet(LECTURE.replace(",Open,", ",A,"), LECTURE.replace(",001,40001,,Open,", ",002,40002,,C,")))

    assert [s.status for s in records.courses[0].sections] == [SectionStatus.OPEN, SectionStatus.CANCELLED]
    assert records.warnings == ()


def test_dump_writes_formula_like_cells_after_a_quote_and_keeps_line_breaks_that_read_back_unchanged():
    # given: notes Excel would run as a formula, a description in two paragraphs
    original = canonical.parse(REPO / "catalog/demo/demo-catalog.json")
    course = original.courses[0]
    first = replace(course.sections[0], notes='=HYPERLINK("http://x")\n-2 seats held')
    course = replace(course, description="Line one.\nLine two.", sections=(first, *course.sections[1:]))
    original = replace(original, courses=(course, *original.courses[1:]))
    # when
    data = sections_csv.dump(original)
    back = sections_csv.parse_bytes(data, name="demo.csv", institution=original.institution, term=original.term)
    # then
    assert b'"\'=HYPERLINK(""http://x"")\n-2 seats held"' in data
    assert without_sources(back) == without_sources(original) and back.warnings == ()


def test_dump_writes_cells_starting_with_a_tab_or_carriage_return_after_a_quote_and_reads_them_without_it():
    # given: notes whose first character, a tab or a carriage return, hides a formula from a check
    original = canonical.parse(REPO / "catalog/demo/demo-catalog.json")
    course = original.courses[0]
    first = replace(course.sections[0], notes="\t=1+1 seats")
    second = replace(course.sections[1], notes="\r@SUM(A1)")
    course = replace(course, sections=(first, second, *course.sections[2:]))
    original = replace(original, courses=(course, *original.courses[1:]))
    # when
    data = sections_csv.dump(original)
    back = sections_csv.parse_bytes(data, name="demo.csv", institution=original.institution, term=original.term)
    # then
    assert b"'\t=1+1 seats" in data and b"'\r@SUM(A1)" in data
    assert [s.notes for s in back.courses[0].sections[:2]] == ["=1+1 seats", "@SUM(A1)"]  # cells are trimmed


def test_registrar_ids_written_as_whole_numbers_with_a_decimal_point_are_read_as_those_numbers_with_one_warning():
    # given: a lab taken with its lecture, both ids written 40001.0 by a database export
    lab = "CS,1110,Intro,3,LAB,101,40002.0,40001.0,Open,30,10,Ada Byron,Fr,13:00,13:50,2025-08-26,2025-12-09,Rice 130"
    # when
    records = read(sheet(LECTURE.replace("40001", "40001.0"), lab))
    # then
    assert {rid: s.parent_code for rid, s in sections(records).items()} == {"40001": None, "40002": "001"}
    assert warned(records) == (
        "line 2, field 'registrar_id', value '40001.0': 3 registrar id(s) written as whole numbers with a decimal "
        "point, such as '40001.0' (a spreadsheet's or database export's integers), were read as those numbers "
        "('40001'); expected the number alone"
    )


def test_a_mapping_file_with_byte_order_marks_is_read():
    mapping = sections_csv.columns_load(b"\xef\xbb\xbf\xef\xbb\xbf" + b'{"number": "Crse"}', name="map.json")

    assert mapping == {"number": "Crse"}


def test_a_credit_range_written_the_wrong_way_round_is_read_the_right_way_with_the_canonical_formats_warning():
    # when
    records = read(sheet(LECTURE.replace(",Intro,3,", ",Intro,4 - 3,")))
    # then
    (course,) = records.courses
    assert (course.credits_min, course.credits_max) == (3, 4)
    assert [(w.location, w.field, w.value, w.message) for w in records.warnings] == [
        (
            "line 2",
            "credits",
            "4 - 3",
            "the range's first number 4 is above its last 3; read as the range 3 to 4: expected the least first, "
            "such as '3 - 4'",
        )
    ]


def test_a_row_giving_its_course_another_title_is_warned_about_with_that_title_as_the_value():
    # when
    records = read(sheet(LECTURE, LECTURE.replace(",Intro,", ",Introduction,").replace(",001,40001,", ",002,40002,")))
    # then
    assert [(w.location, w.field, w.value, w.message) for w in records.warnings] == [
        (
            "line 3",
            "title",
            "Introduction",
            "CS 1110: a title other than its course's first row gives; the course keeps 'Intro'",
        )
    ]
