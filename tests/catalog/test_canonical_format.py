import json
from dataclasses import replace
from datetime import time
from pathlib import Path

import pytest

from catalog.sources import canonical
from catalog.sources.records import MAX_FILE_BYTES, CatalogFormatError

DEMO = Path(__file__).resolve().parents[2] / "catalog" / "demo" / "demo-catalog.json"


def demo_doc() -> dict:
    return json.loads(DEMO.read_text())


def encode(doc: dict) -> bytes:
    return json.dumps(doc).encode()


def comparable(records) -> dict:
    """Courses by code with their sections as a set, ignoring where in the file each came from."""
    return {c.code: (replace(c, sections=()), {replace(s, source="") for s in c.sections}) for c in records.courses}


def first_section(doc: dict) -> dict:
    return doc["courses"][0]["components"][0]["sections"][0]


def test_the_demo_catalog_accounts_for_every_section():
    records = canonical.parse(DEMO)

    assert records.sections_seen == 58
    assert records.section_count == 58
    assert records.rejected == ()
    assert records.institution.timezone == "America/New_York"
    assert len(records.term.holidays) == 4


def test_the_demo_catalog_has_linked_tba_half_term_and_exam_meetings():
    records = canonical.parse(DEMO)
    sections = [s for c in records.courses for s in c.sections]

    assert any(s.parent_code for s in sections)
    assert any(not any(m.is_timed for m in s.meetings) for s in sections)
    assert any(m.kind == "exam" for s in sections for m in s.meetings)
    half_term = [m for s in sections for m in s.meetings if m.last_date and m.last_date.month == 10]
    assert half_term, "a meeting ending in October (half-term course)"


def test_dump_then_parse_returns_the_same_records():
    records = canonical.parse(DEMO)

    again = canonical.parse_bytes(canonical.dump(records), name="dumped.json")

    assert comparable(again) == comparable(records)
    assert again.institution == records.institution
    assert again.term == records.term


def test_a_schema_violation_names_the_json_path_and_what_was_expected():
    # given
    doc = demo_doc()
    first_section(doc)["status"] = "maybe"
    # when
    with pytest.raises(CatalogFormatError) as error:
        canonical.parse_bytes(encode(doc), name="bad.json")
    # then
    message = str(error.value)
    assert "bad.json" in message
    assert "$.courses[0].components[0].sections[0].status" in message
    assert "maybe" in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1e400", "$.courses[0].credits_max: inf is greater than the maximum of 999"),
        (
            "NaN",
            "$.courses[0].credits_max: NaN is not a number of credits; expected 0 to 999 with at most two "
            "decimals, or null",
        ),
        (
            "3.005",
            "$.courses[0].credits_max: 3.005 is not a number of credits; expected 0 to 999 with at most two "
            "decimals, or null",
        ),
    ],
)
def test_credits_that_are_no_finite_number_get_one_clear_message(value, expected):
    # given: JSON numbers Python reads as infinity or not-a-number
    text = json.dumps(demo_doc()).replace('"credits_max": 3,', f'"credits_max": {value},', 1)
    # when
    with pytest.raises(CatalogFormatError) as error:
        canonical.parse_bytes(text.encode(), name="credits.json")
    # then
    assert str(error.value).endswith(expected)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            ("credits_min",),
            "3",
            "$.courses[0].credits_min: '3': expected a number from 0 to 999 or null, not a string",
        ),
        (
            ("components", 0, "sections", 0, "capacity"),
            "30",
            "$.courses[0].components[0].sections[0].capacity: '30': expected a whole number from 0 to 2147483647 "
            "or null, not a string",
        ),
        (
            ("components", 0, "sections", 0, "meetings", 0, "first_date"),
            20260824,
            "$.courses[0].components[0].sections[0].meetings[0].first_date: 20260824: expected a date YYYY-MM-DD "
            "such as 2026-08-24 or null, not a number",
        ),
        (
            ("credits_max",),
            True,
            "$.courses[0].credits_max: true: expected a number from 0 to 999 or null, not true or false",
        ),
        (
            ("components", 0, "sections", 0, "capacity"),
            3.5,
            "$.courses[0].components[0].sections[0].capacity: 3.5: expected a whole number from 0 to 2147483647 "
            "or null, not a number with a fraction",
        ),
    ],
)
def test_a_value_of_none_of_the_allowed_kinds_is_told_what_was_expected(path, value, expected):
    # given: a number written as a string, a date as a number
    doc = demo_doc()
    where = doc["courses"][0]
    for key in path[:-1]:
        where = where[key]
    where[path[-1]] = value
    # when
    with pytest.raises(CatalogFormatError) as error:
        canonical.parse_bytes(encode(doc), name="kinds.json")
    # then: not "'3' is not valid under any of the given schemas"
    assert str(error.value).endswith(expected)


def test_truncated_json_reports_line_and_column():
    data = DEMO.read_bytes()[:5000]

    with pytest.raises(CatalogFormatError) as error:
        canonical.parse_bytes(data, name="cut.json")

    assert "cut.json: line " in str(error.value)
    assert "column" in str(error.value)


def test_duplicate_keys_are_refused():
    data = b'{"format": "classtime-catalog", "format": "classtime-catalog"}'

    with pytest.raises(CatalogFormatError, match="key 'format' appears twice"):
        canonical.parse_bytes(data, name="dup.json")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b'{"format"\x00: 1}', "NUL byte at offset 9"),
        ('{"format": "caf\u00e9"}'.encode("latin-1"), "not valid UTF-8"),
        (b"subject,number\nCS,1110\n", "this looks like a CSV"),
        (b"[1, 2]", '"format": "classtime-catalog"'),
    ],
)
def test_unreadable_files_get_a_clear_error(data, expected):
    with pytest.raises(CatalogFormatError) as error:
        canonical.parse_bytes(data, name="x.json")

    assert expected in str(error.value)
    assert str(error.value).startswith("x.json")


def test_a_file_over_the_size_limit_is_refused_before_parsing():
    data = b" " * (MAX_FILE_BYTES + 1)

    with pytest.raises(CatalogFormatError, match="the limit is"):
        canonical.parse_bytes(data, name="huge.json")


@pytest.mark.parametrize("marks", [1, 2, 3])
def test_utf8_byte_order_marks_are_accepted_however_many_tools_added_one(marks):
    records = canonical.parse_bytes(b"\xef\xbb\xbf" * marks + DEMO.read_bytes(), name="bom.json")

    assert records.section_count == 58


def test_a_meeting_ending_before_it_starts_quarantines_its_section():
    # given
    doc = demo_doc()
    first_section(doc)["meetings"][0].update(start="10:00", end="09:00")
    # when
    records = canonical.parse_bytes(encode(doc), name="q.json")
    # then
    section = records.courses[0].sections[0]
    assert "end 09:00 is not after start 10:00" in section.quarantine
    assert records.section_count == 58


def test_a_timed_exam_dated_over_weeks_quarantines_its_section_naming_its_last_date():
    # given: a whole-term class listed as an exam
    doc = demo_doc()
    first_section(doc)["meetings"][0]["kind"] = "exam"
    # when
    records = canonical.parse_bytes(encode(doc), name="q.json")
    # then
    section = records.courses[0].sections[0]
    assert section.meetings == ()
    assert section.quarantine.startswith(
        "$.courses[0].components[0].sections[0].meetings[0].last_date '2026-12-11' (first_date 2026-08-24): "
        "an exam takes place on one date, but its dates hold its weekdays more than once"
    )


def test_an_exam_dated_over_a_finals_week_that_holds_its_weekday_once_is_taken_without_a_word():
    # given: a Thursday exam dated Monday 7 to Friday 11 December
    doc = demo_doc()
    meeting = first_section(doc)["meetings"][0]
    meeting.update(kind="exam", days=["Th"], first_date="2026-12-07", last_date="2026-12-11")
    # when
    records = canonical.parse_bytes(encode(doc), name="q.json")
    # then: held on Thursday 10 December, as the scheduler and the calendar hold it
    section = records.courses[0].sections[0]
    assert (section.quarantine, [m.kind for m in section.meetings]) == ("", ["exam"])
    assert [w for w in records.warnings if w.field == "last_date"] == []


def test_a_one_off_meeting_dated_over_weeks_is_imported_as_listed_with_a_warning_at_its_last_date():
    # given
    doc = demo_doc()
    first_section(doc)["meetings"][0]["kind"] = "one_off"
    # when
    records = canonical.parse_bytes(encode(doc), name="q.json")
    # then
    section = records.courses[0].sections[0]
    assert (section.quarantine, [m.kind for m in section.meetings]) == ("", ["one_off"])
    (warning,) = [w for w in records.warnings if w.field == "last_date"]
    assert (warning.location, warning.value, warning.registrar_id) == (
        "$.courses[0].components[0].sections[0].meetings[0].last_date",
        "2026-12-11",
        "40001",
    )
    assert warning.message.startswith(
        "a one-off meeting takes place on one date, but this one is dated 2026-08-24 to 2026-12-11; imported as "
        "listed, it is held on each date of that range on its days (Monday/Wednesday/Friday)"
    )


@pytest.mark.parametrize("end", ["24:00", "00:00"])
def test_an_evening_class_ending_at_midnight_ends_at_the_last_minute_of_its_day(end):
    # given
    doc = demo_doc()
    first_section(doc)["meetings"][0].update(start="22:00", end=end)
    # when
    records = canonical.parse_bytes(encode(doc), name="night.json")
    # then
    section = records.courses[0].sections[0]
    assert section.quarantine == ""
    assert (section.meetings[0].start, section.meetings[0].end) == (time(22, 0), time(23, 59))


def test_an_impossible_hour_quarantines_its_section():
    doc = demo_doc()
    first_section(doc)["meetings"][0].update(start="25:00", end="26:00")

    records = canonical.parse_bytes(encode(doc), name="q.json")

    assert "impossible time" in records.courses[0].sections[0].quarantine


@pytest.mark.parametrize("key", ["first_date", "last_date"])
@pytest.mark.parametrize("day", ["1989-08-24", "2201-12-11"])
def test_a_meeting_dated_in_a_year_no_term_can_have_quarantines_its_section(key, day):
    # given: a date the schema takes but the catalog database cannot store
    doc = demo_doc()
    first_section(doc)["meetings"][0][key] = day
    first_section(doc)["meetings"][0]["first_date" if key == "last_date" else "last_date"] = None
    # when
    records = canonical.parse_bytes(encode(doc), name="q.json")
    # then: as uva-csv and gatech-json do, the section is imported without the meeting, quarantined
    section = records.courses[0].sections[0]
    assert section.quarantine == (
        f"$.courses[0].components[0].sections[0].meetings[0].{key}: {day}: a year no term can have; the meeting was "
        "dropped"
    )
    assert len(section.meetings) == len(first_section(demo_doc())["meetings"]) - 1
    assert records.section_count == 58


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        (
            {"first_day": "2026-12-30"},
            "$.term.first_day: '2026-12-30' is after last_day '2026-12-11'; expected the term's first day of classes "
            "on or before its last",
        ),
        (
            {"first_day": "1989-08-24"},
            "$.term.first_day: '1989-08-24': a year no term can have; expected a date from 1990-01-01 to 2200-12-31",
        ),
        (
            {"last_day": "2201-01-01"},
            "$.term.last_day: '2201-01-01': a year no term can have; expected a date from 1990-01-01 to 2200-12-31",
        ),
    ],
)
def test_term_days_the_catalog_cannot_store_fail_the_file_with_their_json_path(term, expected):
    # given
    doc = demo_doc()
    doc["term"].update(term)
    # when
    with pytest.raises(CatalogFormatError) as error:
        canonical.parse_bytes(encode(doc), name="t.json")
    # then
    assert str(error.value) == f"t.json: {expected}"


def test_credits_written_the_wrong_way_round_are_read_as_the_range_with_a_warning():
    # given
    doc = demo_doc()
    doc["courses"][0].update(credits_min=4, credits_max=3)
    # when
    records = canonical.parse_bytes(encode(doc), name="c.json")
    # then
    course = records.courses[0]
    assert (course.credits_min, course.credits_max) == (3, 4)
    assert [str(w) for w in records.warnings] == [
        "$.courses[0].credits_min, field 'credits_min', value '4': credits_min 4 is above credits_max 3; read as the "
        "range 3 to 4: expected credits_min at most credits_max"
    ]


def test_a_duplicate_section_id_is_rejected_and_counted():
    # given
    doc = demo_doc()
    sections = doc["courses"][0]["components"][0]["sections"]
    sections[1]["id"] = sections[0]["id"]
    # when
    records = canonical.parse_bytes(encode(doc), name="d.json")
    # then
    assert records.sections_seen == 58
    assert records.section_count == 57
    assert [p.field for p in records.rejected] == ["id"]
    assert records.rejected[0].registrar_id == sections[0]["id"]


def test_a_link_to_a_missing_parent_quarantines_the_child():
    doc = demo_doc()
    first_section(doc)["parent"] = "999"

    records = canonical.parse_bytes(encode(doc), name="p.json")

    assert "'999'" in records.courses[0].sections[0].quarantine


def test_an_impossible_calendar_date_names_its_path():
    doc = demo_doc()
    doc["term"]["first_day"] = "2026-02-30"

    with pytest.raises(CatalogFormatError, match=r"\$\.term\.first_day.*not a calendar date"):
        canonical.parse_bytes(encode(doc), name="date.json")


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"ClassNumber,Mnemonic,Number,Section,Type,Title\n10001,CS,1110,001,Lecture,Programming\n", "a CSV"),
        (b"hello\n", "not JSON"),
    ],
)
def test_a_file_that_is_not_json_says_what_was_expected_not_that_it_was_cut(data, found):
    with pytest.raises(CatalogFormatError) as error:
        canonical.parse_bytes(data, name="2025_fall.csv")

    message = str(error.value)
    assert message.startswith("2025_fall.csv: line 1: expected a canonical catalog (a JSON object")
    assert found in message and "truncated" not in message


def test_a_file_of_another_format_names_that_format_and_where_to_choose_it():
    # given: a gt-scheduler document given as canonical, from the command or the upload page
    gatech = json.dumps({"courses": {}, "caches": {}, "updatedAt": "", "version": 3}).encode()
    # when
    with pytest.raises(CatalogFormatError) as error:
        canonical.parse_bytes(gatech, name="202208.json")
    # then
    assert str(error.value) == (
        '202208.json: $.format: expected a JSON object with "format": "classtime-catalog"; this looks like '
        "gt-scheduler crawler JSON (gatech-json) (is this another format? choose its format with --format or "
        "the upload page's Format: uva-csv, gatech-json, sections-csv)"
    )


UNADDRESSABLE_TERM_CODES = ["2025/fall", "2025/", "/", ".", ".."]


@pytest.mark.parametrize("code", UNADDRESSABLE_TERM_CODES)
def test_the_schema_refuses_a_term_code_no_url_can_hold(code):
    # given: what the importer refuses (a code is one segment of the API's URLs)
    doc = demo_doc()
    doc["term"]["code"] = code
    # when
    errors = list(canonical.schema_validator().iter_errors(doc))
    # then
    assert [e.json_path for e in errors] == ["$.term.code"]


@pytest.mark.parametrize(
    "code", [demo_doc()["term"]["code"], "2025-fall", "202208", "fall 2026?#%.x", "...", ".x", "x.", "2025\\fall"]
)
def test_the_schema_accepts_the_demo_catalogs_term_code_and_every_other_addressable_one(code):
    # given: the demo's own code, the codes the UVA and Georgia Tech files get, and odd but addressable ones
    doc = demo_doc()
    doc["term"]["code"] = code
    # when
    errors = list(canonical.schema_validator().iter_errors(doc))
    # then
    assert errors == []


def test_a_file_whose_term_code_the_schema_refuses_is_told_so_in_the_importers_words():
    # given
    doc = demo_doc()
    doc["term"]["code"] = "2025/26"
    # when
    with pytest.raises(CatalogFormatError) as error:
        canonical.parse_bytes(encode(doc), name="year.json")
    # then: the rule, not the pattern that encodes it
    assert str(error.value) == (
        "year.json: does not match the catalog schema v1: $.term.code: term code '2025/26' cannot be used: "
        "it is part of the API's URLs, so it may not contain '/' or be '.' or '..' "
        "(such as '2025-fall', not '2025/fall')."
    )


@pytest.mark.parametrize(
    ("path", "noun", "example"),
    [
        ("subject", "subject", "such as 'CS', not 'CS/ECE'"),
        ("number", "course number", "such as '2110', not '2110/5110'"),
        ("id", "registrar id", "such as '40012', not '40012/1'"),
    ],
)
@pytest.mark.parametrize("value", ["A/B", "/", ".", ".."])
def test_the_schema_refuses_a_course_code_or_section_id_no_url_can_hold(path, noun, example, value):
    # given: courses/{subject}/{number}/ and sections/{registrar_id}/ take one path segment each
    doc = demo_doc()
    target = first_section(doc) if path == "id" else doc["courses"][0]
    target[path] = value
    json_path = "$.courses[0].components[0].sections[0].id" if path == "id" else f"$.courses[0].{path}"
    # when
    errors = list(canonical.schema_validator().iter_errors(doc))
    with pytest.raises(CatalogFormatError) as error:
        canonical.parse_bytes(encode(doc), name="ids.json")
    # then: the whole file fails, as for any schema violation, naming the path and the rule
    assert [e.json_path for e in errors] == [json_path]
    assert str(error.value) == (
        f"ids.json: does not match the catalog schema v1: {json_path}: {noun} {value!r} cannot be used: "
        f"it is part of the API's URLs, so it may not contain '/' or be '.' or '..' ({example})."
    )


def test_the_schema_accepts_every_course_code_and_section_id_of_the_demo_catalog_and_other_addressable_ones():
    # given: the demo's codes and ids, and odd ones a URL holds percent-encoded
    doc = demo_doc()
    odd = doc["courses"][1]
    odd["subject"], odd["number"] = "C S?", "1410.5#"
    odd["components"][0]["sections"][0]["id"] = "... 40010%"
    # when
    errors = list(canonical.schema_validator().iter_errors(doc))
    # then
    assert errors == []
    assert len(canonical.parse_bytes(encode(doc), name="odd.json").courses) == len(doc["courses"])


def test_a_course_listed_again_in_another_case_is_rejected_naming_where_it_came_first():
    # given: the first course listed again as `cs 1110`-like lower case, after the rest
    doc = demo_doc()
    again = json.loads(json.dumps(doc["courses"][0]))
    again["subject"] = again["subject"].lower()
    for component in again["components"]:
        for section in component["sections"]:
            section["id"] = f"9{section['id']}"
    doc["courses"].append(again)
    # when
    records = canonical.parse_bytes(encode(doc), name="d.json")
    # then: every section of the second listing rejected, the first kept
    course = doc["courses"][0]
    listed = sum(len(component["sections"]) for component in again["components"])
    assert records.section_count == 58 and len(records.rejected) == listed
    assert records.rejected[0].message.endswith("(first at $.courses[0], codes compared in any case)")
    assert [c.code for c in records.courses].count(f"{course['subject']} {course['number']}") == 1


def test_a_section_code_used_again_in_a_course_is_rejected_naming_where_it_came_first():
    # given: the first course's second section given its first section's code, in lower case
    doc = demo_doc()
    sections = doc["courses"][0]["components"][0]["sections"]
    sections[1]["code"] = sections[0]["code"].lower()
    # when
    records = canonical.parse_bytes(encode(doc), name="d.json")
    # then
    assert records.section_count == 57
    assert [(p.field, p.registrar_id) for p in records.rejected] == [("code", sections[1]["id"])]
    assert "(at $.courses[0].components[0].sections[0], codes compared in any case)" in records.rejected[0].message


@pytest.mark.parametrize(
    ("courses", "found"),
    [
        ([], "$.courses: no courses"),
        ("no sections", "$.courses: no sections in any of its 14 course(s)"),
    ],
)
def test_a_catalog_with_no_section_is_refused_as_every_format_refuses_one(courses, found):
    # given: a file with no courses, or courses none of which lists a section
    doc = demo_doc()
    if courses == "no sections":
        for course in doc["courses"]:
            for component in course["components"]:
                component["sections"] = []
    else:
        doc["courses"] = courses
    # when
    with pytest.raises(CatalogFormatError) as error:
        canonical.parse_bytes(encode(doc), name="c.json")
    # then: imported, it would withdraw every section of its term, or import none without a word
    assert str(error.value) == (
        f"c.json: {found}; expected courses with their sections (imported, this file would withdraw every section of "
        "the term), as every format refuses a catalog with no section"
    )


def test_a_holiday_listed_twice_or_far_outside_the_terms_days_is_warned_about_at_its_path():
    # given: Labor Day twice, a finals-week day after the last day of classes, and a year mistyped
    doc = demo_doc()
    doc["term"]["holidays"] = ["2026-09-07", "2026-09-07", "2026-12-15", "2030-01-01"]
    # when
    records = canonical.parse_bytes(encode(doc), name="c.json")
    # then
    assert [str(d) for d in records.term.holidays] == ["2026-09-07", "2026-12-15", "2030-01-01"]
    assert [(w.location, w.message) for w in records.warnings if w.field == "holidays"] == [
        ("$.term.holidays[1]", "2026-09-07 is listed before, at $.term.holidays[0]; kept once"),
        (
            "$.term.holidays[3]",
            "2030-01-01 is over 31 days outside the term's days, 2026-08-24 to 2026-12-11, so no class meets then; "
            "kept, but check it (a mistyped year?)",
        ),
    ]


@pytest.mark.parametrize(("text", "kind"), [("null", "null"), ("42", "a number"), ('"catalog"', "a string")])
def test_a_file_of_json_that_is_no_object_says_what_it_holds_not_that_it_is_no_json(text, kind):
    # when
    with pytest.raises(CatalogFormatError) as error:
        canonical.parse_bytes(text.encode(), name="c.json")
    # then
    assert str(error.value).startswith(
        f'c.json: $: expected a JSON object with "format": "classtime-catalog"; found {kind} '
    )


@pytest.mark.parametrize(("version", "told"), [(2, "version 2 is not supported; expected 1"), ("1", "1 was expected")])
def test_a_file_of_another_version_is_told_so_and_a_malformed_one_what_was_expected(version, told):
    # given
    doc = json.loads(DEMO.read_text())
    doc["version"] = version
    # when
    with pytest.raises(CatalogFormatError) as refused:
        canonical.parse_bytes(json.dumps(doc).encode(), name="c.json")
    # then
    assert "$.version" in str(refused.value) and told in str(refused.value)
