"""A course's prerequisites in the formats that carry them as text: the canonical format's optional
`prerequisites` and sections-csv/sections-json's optional column (docs/catalog-format.md, docs/sources.md)."""

import json
from dataclasses import replace

from catalog.sources import canonical, sections_csv, sections_json
from tests.catalog.sources.test_sections_csv import HEADER, LECTURE, read, sheet
from tests.catalog.test_canonical_format import DEMO, demo_doc, encode

SAID = "(CHEM 1410 (C) or CHEM 14X0 (transfer)) and MATH 1310 (D)"


def test_canonical_prerequisites_are_read_and_dumped_back():
    # given: the demo catalog with prerequisites for its first course
    doc = demo_doc()
    doc["courses"][0]["prerequisites"] = SAID
    # when
    records = canonical.parse_bytes(encode(doc), name="c.json")
    again = canonical.parse_bytes(canonical.dump(records), name="dumped.json")
    # then
    assert [c.prerequisites for c in records.courses[:2]] == [SAID, ""]  # left out: none listed
    code = (doc["courses"][0]["subject"], doc["courses"][0]["number"])
    dumped = {(c["subject"], c["number"]): c["prerequisites"] for c in json.loads(canonical.dump(records))["courses"]}
    assert dumped[code] == SAID
    assert {c.code: c.prerequisites for c in again.courses} == {c.code: c.prerequisites for c in records.courses}


def test_canonical_files_without_prerequisites_still_read():
    records = canonical.parse(DEMO)

    assert {c.prerequisites for c in records.courses} == {""}


def test_a_sections_csv_prerequisites_column_gives_each_course_its_first_non_empty_value():
    # given: a column under an alias; the course's first row leaves it empty
    header = HEADER + ",Prereqs"
    second = LECTURE.replace("40001", "40002").replace(",001,", ",002,")
    third = LECTURE.replace("40001", "40003").replace(",001,", ",003,")
    # when
    records = read(sheet(LECTURE + ",", second + ',"CS 1010 (C) or CS 10X0 (transfer)"', third + ",MATH 1310 (D)",
                         header=header))  # fmt: skip
    # then
    (course,) = records.courses
    assert course.prerequisites == "CS 1010 (C) or CS 10X0 (transfer)"


def test_sections_csv_dumps_prerequisites_and_reads_them_back():
    # given
    records = read(sheet(LECTURE))
    course = replace(records.courses[0], prerequisites=SAID)
    records = replace(records, courses=(course,))
    # when
    again = read(sections_csv.dump(records))
    # then
    assert again.courses[0].prerequisites == SAID


def test_a_sections_json_prerequisites_key_is_read_through_the_column_mapping():
    # given
    record = {
        "crn": "40001",
        "subj": "CS",
        "crse": "1110",
        "title": "Intro",
        "seq": "001",
        "type": "LEC",
        "prereq": {"text": "CS 1010 (C)"},
    }
    columns = {"registrar_id": "crn", "subject": "subj", "number": "crse", "section": "seq", "component": "type",
               "prerequisites": "prereq.text"}  # fmt: skip
    # when
    records = sections_json.parse_bytes(json.dumps([record]).encode(), name="f.json", columns=columns)
    # then
    assert records.courses[0].prerequisites == "CS 1010 (C)"
