import json
from datetime import date, time

import pytest

from catalog.sources import gatech_json
from catalog.sources.records import CatalogFormatError

CACHES = {
    "periods": ["8:25 am - 9:15 am", "TBA", "3:00 pm - 2:00 pm"],
    "dateRanges": ["Aug 22, 2022 - Dec 15, 2022"],
    "scheduleTypes": ["Lecture*", "Studio*", "Supervised Laboratory*", "Madeup*"],
    "campuses": ["Georgia Tech-Atlanta *", "Online"],
    "attributes": ["STEM USG"],
    "gradeBases": ["L "],
    "locations": [],
    "finalDates": ["Dec 08, 2022"],
    "finalTimes": ["11:20 am - 2:10 pm"],
}


def doc(sections: dict, caches: dict = CACHES, version=3) -> bytes:
    return json.dumps(
        {
            "courses": {"MATH 1551": ["Calculus", sections, [], "Limits."]},
            "caches": caches,
            "updatedAt": "x",
            "version": version,
        }
    ).encode()


def meeting(period=0, days="MWF", exam=(-1, -1)):
    return [period, days, "Skiles 005", 0, ["Pat Doe", "Ann Lee (P)"], 0, exam[0], exam[1]]


def section(crn, meetings, kind=0, campus=0, credits=4):
    return [crn, meetings, credits, kind, campus, [0], 0]


def test_the_real_georgia_tech_file_accounts_for_every_section(gatech_json_path):
    records = gatech_json.parse(gatech_json_path)
    sections = [s for c in records.courses for s in c.sections]
    timed = [s for s in sections if any(m.is_timed and m.kind == "weekly" for m in s.meetings)]

    assert records.sections_seen == 12517
    assert records.section_count + len(records.rejected) == 12517
    assert len(records.rejected) == 0
    assert sum(1 for s in sections if s.quarantine) == 0
    assert len(timed) == 4359
    assert (records.term.code, records.term.name) == ("202208", "Fall 2022")


def test_real_georgia_tech_parent_letters_link_their_numbered_children(gatech_json_path):
    courses = {c.code: c for c in gatech_json.parse(gatech_json_path).courses}

    math = {s.code: (s.component, s.parent_code) for s in courses["MATH 1551"].sections}
    phys = {s.parent_code for s in courses["PHYS 2211"].sections}

    assert math["A"] == ("STU", None)
    assert math["A01"] == ("LEC", "A")
    assert phys == {None}


def test_meetings_instructors_campus_and_final_exam_are_read():
    # given
    data = doc({"A": section("123", [meeting(exam=(0, 0))], campus=1)})
    # when
    s = gatech_json.parse_bytes(data, name="202208.json").courses[0].sections[0]
    # then
    weekly, exam = s.meetings
    assert weekly.days == (0, 2, 4) and (weekly.start, weekly.end) == (time(8, 25), time(9, 15))
    assert exam.kind == "exam" and exam.first_date == exam.last_date == date(2022, 12, 8)
    assert exam.days == (3,)
    assert s.instructors == ("Ann Lee", "Pat Doe")
    assert (s.campus, s.modality) == ("Online", "online")


def test_only_two_digit_children_of_another_type_are_linked():
    # given
    sections = {
        "A": section("1", [meeting()], kind=1),
        "A01": section("2", [meeting(days="T")]),
        "U": section("3", [meeting()]),
        "U2": section("4", [meeting()]),
        "R": section("5", [meeting()]),
        "R01": section("6", [meeting()]),
    }
    # when
    records = gatech_json.parse_bytes(doc(sections), name="x.json")
    # then
    parents = {s.code: s.parent_code for s in records.courses[0].sections}
    assert parents == {"A": None, "A01": "A", "U": None, "U2": None, "R": None, "R01": None}


def test_tba_and_nbsp_meetings_are_untimed_not_quarantined():
    records = gatech_json.parse_bytes(
        doc(
            {
                "A": section("1", [meeting(period=1)]),
                "B": section("2", [meeting(days="&nbsp;")]),
                "C": section("3", []),
            }
        ),
        name="x.json",
    )

    sections = records.courses[0].sections

    assert all(not any(m.is_timed for m in s.meetings) for s in sections)
    assert all(s.quarantine == "" for s in sections)


def test_an_end_before_start_period_quarantines_with_its_json_path():
    records = gatech_json.parse_bytes(doc({"A": section("1", [meeting(period=2)])}), name="x.json")

    reason = records.courses[0].sections[0].quarantine

    assert "$.courses['MATH 1551'][1]['A'][1][0]" in reason
    assert "end 14:00 is before start 15:00" in reason


def test_duplicate_crns_and_bad_cache_indexes_are_rejected():
    records = gatech_json.parse_bytes(
        doc({"A": section("1", []), "B": section("1", []), "C": section("3", [], kind=99)}),
        name="x.json",
    )

    assert records.sections_seen == 3
    assert [p.field for p in records.rejected] == ["crn", "scheduleType/campus"]


def test_an_unknown_schedule_type_is_kept_with_a_warning():
    records = gatech_json.parse_bytes(doc({"A": section("1", [], kind=3)}), name="x.json")

    assert records.courses[0].sections[0].component == "MAD"
    assert [w.field for w in records.warnings] == ["scheduleType"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (doc({}, version=2), r"\$\.version: version 2 is not supported; expected 3"),
        (b'{"courses": {}}', r"\$: missing key\(s\) caches, version"),
        (b"ClassNumber,Mnemonic\n1,CS\n", "a CSV"),
        (b'{"courses": {', r"line 1 column \d+: not valid JSON"),
        (
            json.dumps({"courses": [], "caches": CACHES, "version": 3}).encode(),
            r"\$\.courses: expected an object",
        ),
    ],
)
def test_broken_files_are_refused_with_a_location(data, expected):
    with pytest.raises(CatalogFormatError, match=expected):
        gatech_json.parse_bytes(data, name="x.json")
