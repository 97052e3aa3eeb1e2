"""A student-information system's JSON dump of sections (`sections-json`): Banner 9's registration API
shape (nested meetings, weekday booleans, numbers, a list of faculty) read through a column mapping of
paths, read exactly as sections-csv reads the same values in a CSV row, every problem named by its JSON
path, and the real UVA catalog written as such a dump reading as its own adapter reads it (skipped without
../shared/data)."""

import csv
import io
import json
from dataclasses import replace

import pytest

from catalog.sources import sections_csv, sections_json, uva_csv
from catalog.sources.records import WEEKDAYS, CatalogFormatError, CatalogRecords

DAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# a Banner 9 registration search's section (`data.sections[]` here), every canonical column mapped
BANNER9_MAPPING = {
    "records": "data.sections",
    "meetings": "meetingsFaculty",
    "registrar_id": "courseReferenceNumber",
    "subject": "subject",
    "number": "courseNumber",
    "title": "courseTitle",
    "credits": "creditHours",
    "description": "description",
    "component": "scheduleTypeCode",
    "component_name": "scheduleTypeDescription",
    "section": "sequenceNumber",
    "parent_id": "linkedCrn",
    "status": "status",
    "capacity": "maximumEnrollment",
    "enrolled": "enrollment",
    "waitlist": "waitCount",
    "instructors": "faculty[].displayName",
    "campus": "campusDescription",
    "modality": "instructionalMethod",
    "notes": "notes",
    "quarantine": "quarantine",
    "days": [f"meetingTime.{day}" for day in DAY_KEYS],
    "start": "meetingTime.beginTime",
    "end": "meetingTime.endTime",
    "start_date": "meetingTime.startDate",
    "end_date": "meetingTime.endDate",
    "location": "meetingTime.room",
    "meeting_kind": "meetingTime.kind",
}
SECTION_KEYS = {
    c: p for c, p in BANNER9_MAPPING.items() if c in sections_csv.COLUMNS and isinstance(p, str) and "." not in p
}
UNSAID = ("description", "component_name", "parent_id", "enrolled", "waitlist", "campus", "modality", "notes",
          "quarantine", "meeting_kind")  # fmt: skip
# what `banner9_section` gives (a mapping naming a path no record has is refused)
MAPPING = {c: p for c, p in BANNER9_MAPPING.items() if c not in UNSAID}


def banner9_dump(records: CatalogRecords) -> bytes:
    """`records` as Banner 9's API would give them: sections-csv's dump of them (one row a meeting), each
    section one object under `data.sections` with its meetings nested, days as weekday booleans, times
    `0900`, whole numbers as JSON numbers and its instructors a list of faculty objects."""
    rows = list(csv.DictReader(io.StringIO(sections_csv.dump(records).decode("utf-8"))))
    sections: dict[str, dict] = {}
    for row in rows:
        section = sections.get(row["registrar_id"])
        if section is None:
            section = sections[row["registrar_id"]] = {
                key: number_or_text(row[column]) if column != "instructors" else [] for column, key in
                SECTION_KEYS.items()
            }  # fmt: skip
            section["faculty"] = [{"displayName": n} for n in row["instructors"].split("; ") if n]
            section["meetingsFaculty"] = []
        if any(row.get(c) for c in sections_csv.MEETING):
            days = [row["days"][i : i + 2] for i in range(0, len(row["days"]), 2)]
            meeting = {day: WEEKDAYS[n] in days for n, day in enumerate(DAY_KEYS)}
            meeting |= {
                "beginTime": row["start"].replace(":", ""),
                "endTime": row["end"].replace(":", ""),
                "startDate": row["start_date"],
                "endDate": row["end_date"],
                "room": row["location"] or None,
                "kind": row["meeting_kind"],
            }
            section["meetingsFaculty"].append({"category": "01", "meetingTime": meeting})
    return json.dumps({"success": True, "data": {"sections": list(sections.values())}}).encode("utf-8")


def number_or_text(text: str) -> int | str:
    return int(text) if text.isdigit() and str(int(text)) == text else text


def without_sources(records: CatalogRecords) -> list:
    return [replace(c, sections=tuple(replace(s, source="") for s in c.sections)) for c in records.courses]


def read(data: bytes | object, columns: dict | None = None, **kwargs) -> CatalogRecords:
    if not isinstance(data, bytes):
        data = json.dumps(data).encode("utf-8")
    records = sections_json.parse_bytes(data, name="fall_2025.json", columns=columns, **kwargs)
    assert records.sections_seen == records.section_count + len(records.rejected)
    return records


def banner9_section(**changes) -> dict:
    """One lecture of CS 2100 as Banner 9 gives it (CRN and credits as numbers, two meetings)."""
    meeting = {"beginTime": "0900", "endTime": "0950", "startDate": "08/26/2025", "endDate": "12/09/2025"}
    section = {
        "courseReferenceNumber": 10423,
        "subject": "CS",
        "courseNumber": "2100",
        "courseTitle": "Data Structures and Algorithms 1",
        "sequenceNumber": "001",
        "scheduleTypeCode": "Lecture",
        "creditHours": 3,
        "maximumEnrollment": 30,
        "status": "A",
        "faculty": [{"displayName": "Hott, Robbie"}, {"displayName": "Pettit, Raymond"}],
        "meetingsFaculty": [
            {"meetingTime": {**dict.fromkeys(DAY_KEYS, False), "monday": True, "wednesday": True, **meeting,
                             "room": "Rice Hall 130"}},
            {"meetingTime": {**dict.fromkeys(DAY_KEYS, False), "friday": True, **meeting, "beginTime": "1000",
                             "endTime": "1050", "room": None}},
        ],
    }  # fmt: skip
    return {**section, **changes}


def dump_of(*sections: dict) -> dict:
    return {"success": True, "totalCount": len(sections), "data": {"sections": list(sections)}}


def test_a_banner_9_dump_is_read_through_a_mapping_of_paths_nested_meetings_day_booleans_and_numbers():
    # when
    records = read(dump_of(banner9_section()), MAPPING)
    # then
    ((course,),) = [records.courses]
    (section,) = course.sections
    assert (course.subject, course.number, course.credits_min, course.credits_max) == ("CS", "2100", 3, 3)
    assert (section.registrar_id, section.code, section.component, section.capacity) == ("10423", "001", "LEC", 30)
    assert section.instructors == ("Hott, Robbie", "Pettit, Raymond") and section.status == "open"
    assert [(m.days, m.start.hour, m.location) for m in section.meetings] == [
        ((0, 2), 9, "Rice Hall 130"),
        ((4,), 10, ""),
    ]
    assert section.source == "$.data.sections[0].meetingsFaculty[0]" and records.rejected == ()
    assert records.term.code == "2025-fall"


def test_a_dump_reads_exactly_as_a_csv_with_the_same_values():
    # given: the same two sections as a CSV of one row a meeting and as JSON records of one meeting each
    header = ["CRN", "Subject", "Course Number", "Title", "Section", "Type", "Days", "Start Time", "End Time",
              "Instructor", "Enrl Cap", "Status"]  # fmt: skip
    rows = [
        ["10423", "CS", "2100", "DSA 1", "001", "LEC", "MW", "9:00am", "9:50am", "Hott, Robbie", "30", "X"],
        ["10423", "CS", "2100", "DSA 1", "001", "LEC", "F", "10:00am", "10:50am", "", "30", "X"],
        ["10425", "CS", "2100", "DSA 1", "100", "LAB", "TBA", "", "", "Staff", "thirty", "A"],
    ]
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    # when
    from_csv = sections_csv.parse_bytes(text.getvalue().encode(), name="fall_2025.csv")
    from_json = read([dict(zip(header, row, strict=True)) for row in rows])
    # then: the same records and the same warnings, at a JSON path instead of a line
    assert without_sources(from_json) == without_sources(from_csv)
    assert from_json.courses[0].sections[0].status == "cancelled"
    assert [(w.field, w.value, w.message, w.more) for w in from_json.warnings] == [
        (w.field, w.value, w.message, w.more) for w in from_csv.warnings
    ]
    capacity = next(w for w in from_json.warnings if w.field == "capacity")
    assert capacity.location == "$[2]['Enrl Cap']"


def test_records_of_one_meeting_each_are_grouped_into_sections_by_registrar_id():
    # given: a flat dump, a record a meeting, the section's cells repeated
    flat = [
        {"crn": "10423", "subj": "CS", "crse": "2100", "title": "DSA 1", "seq": "001", "schd": "LEC", "days": "MW",
         "begin": "0900", "end": "0950"},
        {"crn": "10423", "subj": "CS", "crse": "2100", "title": "DSA 1", "seq": "001", "schd": "LEC", "days": "F",
         "begin": "1000", "end": "1050"},
    ]  # fmt: skip
    mapping = {"number": "crse", "section": "seq", "component": "schd", "start": "begin"}
    # when
    records = read(flat, mapping)
    # then
    (section,) = records.courses[0].sections
    assert [m.days for m in section.meetings] == [(0, 2), (4,)]


def test_without_a_mapping_the_keys_sections_csv_knows_are_read_and_a_meetings_array_is_rows():
    # given: keys by canonical names and aliases, any case and punctuation, a `meetings` array
    record = {"CRN": 10423, "subject": "CS", "Course_Number": 2100, "title": "DSA 1", "section": "001",
              "component": "LEC", "instructors": ["Ann Lee", "Bo Chen"], "credits": 2.5, "vendorId": "x",
              "meetings": [{"days": "TR", "start_time": "11:00", "end_time": "12:15", "room": "Olsson 009"}],
              }  # fmt: skip
    # when
    records = read([record])
    # then
    ((section,),) = [c.sections for c in records.courses]
    assert (records.courses[0].number, records.courses[0].credits_min) == ("2100", 2.5)
    assert section.instructors == ("Ann Lee", "Bo Chen")
    assert [(m.days, m.location) for m in section.meetings] == [((1, 3), "Olsson 009")]
    assert any("not read: vendorId" in w.message and w.location == "$[*]" for w in records.warnings)


def test_every_problem_of_a_record_names_its_json_path_and_field():
    # given: a bad time in a meeting, an unknown status, a rejected section (no section code)
    bad_time = banner9_section()
    bad_time["meetingsFaculty"][0]["meetingTime"]["beginTime"] = "09O0"
    dump = dump_of(bad_time, banner9_section(courseReferenceNumber=10424, sequenceNumber="002", status="Z"),
                   banner9_section(courseReferenceNumber=10425, sequenceNumber=""))  # fmt: skip
    # when
    records = read(dump, MAPPING)
    # then
    quarantined = records.courses[0].sections[0]
    assert quarantined.quarantine.startswith(
        "$.data.sections[0].meetingsFaculty[0].meetingTime.beginTime (start/end) '09O0 - 0950': not a time range"
    )
    status = next(w for w in records.warnings if w.field == "status")
    assert status.location == "$.data.sections[1].status" and status.value == "Z"
    (rejected,) = records.rejected
    assert (rejected.location, rejected.field) == ("$.data.sections[2].sequenceNumber", "section")
    assert not any(p.location.startswith("line") for p in (*records.warnings, *records.rejected))


@pytest.mark.parametrize(
    ("data", "columns", "location", "message"),
    [
        (b"CRN,Subject\n1,CS\n", None, "line 1", "starts with 'CRN,Subject': this looks like a CSV"),
        (b'[{"crn": 1}', None, "line 1 column 12", "not valid JSON"),
        (b"42", None, "$", "found a number"),
        ({"data": {"sections": [{}]}}, None, "$", '(here perhaps {"records": "data.sections"})'),
        ({"data": {}}, {"records": "data.sections"}, "$.data", "$.data has no key 'sections' (it has no keys)"),
        (
            {"data": [{"crn": 1}]},
            {"records": "data.sections"},
            "$.data",
            '$.data is an array, not an object (with a key \'sections\') (here perhaps {"records": "data"})',
        ),
        (
            {"data": {"sections": [{"crn": 1}]}},
            {"records": "data"},
            "$.data",
            'an object, at the mapping\'s records path \'data\' (here perhaps {"records": "data.sections"}); '
            "expected an array of records",
        ),
        ([banner9_section(), "10424"], MAPPING | {"records": None}, "$[1]", "a string; expected an object"),
        ([{"crn": 1, "meetings": [1]}], None, "$[0].meetings[0]", "a number; expected a meeting, an object"),
        ([], None, "$", "no records"),
        (
            [banner9_section()],
            {k: v for k, v in MAPPING.items() if k != "records"} | {"start": "meetingTime.begin"},
            "$[0]",
            "key 'start' names the path 'meetingTime.begin', which no record of fall_2025.json has (did you mean "
            "'meetingTime.beginTime'?); the first record ($[0]) has courseReferenceNumber, subject",
        ),
        (
            [banner9_section()],
            {k: v for k, v in MAPPING.items() if k != "records"} | {"location": "meetingTime"},
            "$[0].meetingsFaculty[0].meetingTime",
            "an object (its keys: monday, tuesday",
        ),
        ([{"crn": 1, "sub": "CS"}], None, "$[*]", "missing required field(s) subject, number, title, section"),
    ],
)
def test_a_file_that_is_no_dump_of_sections_is_refused_naming_its_json_path(data, columns, location, message):
    if columns is not None and columns.get("records", "") is None:
        columns = {k: v for k, v in columns.items() if k != "records"}
    # when
    with pytest.raises(CatalogFormatError) as refused:
        read(data, columns)
    # then
    assert refused.value.path == "fall_2025.json" and refused.value.location == location
    assert message in str(refused.value)


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"recrods": "data"}, "'recrods' is not a canonical column name; did you mean 'records'?"),
        ({"start": "meetingTime..beginTime"}, "'' is not a key"),
        ({"location": "rooms[].name"}, "steps into a list, which only instructors may"),
        ({"days": ["a", "b"]}, "is not a list of 5 to 7 headers"),
        ({"status": {"column": "status", "values": {"Z": "gone"}}}, "'Z' → 'gone' is not a status"),
    ],
)
def test_a_mapping_that_names_no_path_is_refused_naming_its_key(mapping, message):
    with pytest.raises(CatalogFormatError, match="key '") as refused:
        sections_json.columns_load(json.dumps(mapping).encode(), name="banner9.json")
    assert message in str(refused.value)


def test_a_status_value_map_and_day_flags_by_weekday_work_as_in_sections_csv():
    # given
    section = banner9_section(status="Cancelled Section")
    mapping = {k: v for k, v in MAPPING.items() if k != "status"}
    mapping |= {"status": {"column": "status", "values": {"Cancelled Section": "cancelled"}}}
    mapping["days"] = {"Fr": "meetingTime.friday", **{d[:2]: f"meetingTime.{d}" for d in DAY_KEYS[:4]}}
    # when
    records = read(dump_of(section), mapping)
    # then
    (read_section,) = records.courses[0].sections
    assert read_section.status == "cancelled"
    assert [m.days for m in read_section.meetings] == [(0, 2), (4,)]


def test_the_real_uva_catalog_as_a_banner_9_dump_reads_as_its_own_adapter_reads_it(uva_csv_path):
    # given: the UVA Fall 2025 catalog written as Banner 9's API would give it
    original = uva_csv.parse(uva_csv_path)
    data = banner9_dump(original)
    # when
    records = sections_json.parse_bytes(
        data, name="dump.json", columns=BANNER9_MAPPING, institution=original.institution, term=original.term
    )
    # then
    assert records.section_count == original.section_count == 8690
    assert without_sources(records) == without_sources(original)
    assert records.rejected == original.rejected == ()


def test_without_a_mapping_a_key_first_seen_in_the_last_of_many_records_is_read():
    # given: an API leaving out a key holding its default: only the 1,001st record says its status
    records = [
        {"CRN": 20000 + n, "Subject": "CS", "Number": "2100", "Title": "DSA 1", "Section": f"{n:04}",
         "Component": "LEC", "Days": "MW", "Start": "09:00", "End": "09:50"}
        for n in range(1001)
    ]  # fmt: skip
    records[-1]["Status"] = "X"
    # when
    read_records = read(records)
    # then
    statuses = {s.registrar_id: s.status for c in read_records.courses for s in c.sections}
    assert statuses["21000"] == "cancelled" and statuses["20999"] == "open"


def test_a_day_flag_that_is_no_flag_is_warned_at_its_own_json_path_with_json_spelling_in_the_hint():
    # given: Banner 9's monday boolean given as a word
    section = banner9_section()
    section["meetingsFaculty"][1]["meetingTime"]["monday"] = "maybe"
    # when
    records = read(dump_of(section), MAPPING)
    # then
    (warning,) = [w for w in records.warnings if w.field == "days"]
    assert warning.location == "$.data.sections[0].meetingsFaculty[1].meetingTime.monday" and warning.value == "maybe"
    assert warning.message == (
        "not a day flag in the Monday key 'meetingTime.monday'; expected true (or M, Mon, Y, X, 1) for a meeting on "
        "Monday, or false, null or blank (N, 0) for none; read as no meeting on Monday"
    )
    assert [m.days for m in records.courses[0].sections[0].meetings] == [(0, 2), (4,)]
