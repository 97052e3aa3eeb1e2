"""Free text longer than the catalog keeps (a description, a section's notes, an instructor's
name) is cut with the warning every format gives, as titles and rooms are (docs/sources.md)."""

import json
from pathlib import Path

import pytest

from catalog.sources import canonical, gatech_json, sections_csv, uva_csv
from tests.catalog.sources.test_gatech_json import document, meeting, section
from tests.catalog.sources.test_sections_csv import HEADER, LECTURE, sheet
from tests.catalog.sources.test_uva_csv import csv_text, row

DEMO = Path(__file__).resolve().parents[3] / "catalog" / "demo" / "demo-catalog.json"


def cuts(records) -> set[tuple[str, str, str]]:
    return {(w.location, w.field, w.message) for w in records.warnings if "the catalog keeps" in w.message}


def test_uva_csv_cuts_a_long_description_topic_and_instructor_with_a_warning():
    # given
    text = csv_text(row(description="D" * 5_000_000, topic="T" * 100_000, instructor="I" * 1000))
    # when
    records = uva_csv.parse_bytes(text.encode(), name="2025_fall.csv")
    # then: each is cut to its limit, and the warning keeps only the start of the text
    (course,) = records.courses
    (s,) = course.sections
    assert (len(course.description), len(s.notes), s.instructors) == (5000, 5000, ("I" * 200,))
    assert cuts(records) == {
        ("line 2", "Description", "5,000,000 characters, over the 5,000 the catalog keeps; cut to 5,000"),
        ("line 2", "Topic", "100,007 characters, over the 5,000 the catalog keeps; cut to 5,000"),
        ("line 2", "Instructor", "1,000 characters, over the 200 the catalog keeps; cut to 200"),
    }
    assert max(len(w.value) for w in records.warnings) <= 200


def test_gatech_json_cuts_a_long_description_attribute_list_and_instructor_with_a_warning():
    # given
    doc = document({"A": section("80001", [meeting(people=("P" * 1000 + " (P)",))])})
    doc["courses"]["MATH 1551"][3] = "D" * 5_000_000
    doc["caches"] = {**doc["caches"], "attributes": ["A" * 100_000]}
    # when
    records = gatech_json.parse_bytes(json.dumps(doc).encode(), name="202208.json")
    # then
    (course,) = records.courses
    (s,) = course.sections
    assert (len(course.description), len(s.notes), s.instructors) == (5000, 5000, ("P" * 200,))
    where = "$.courses['MATH 1551']"
    assert cuts(records) == {
        (where, "description", "5,000,000 characters, over the 5,000 the catalog keeps; cut to 5,000"),
        (f"{where}[1]['A']", "attributes", "100,000 characters, over the 5,000 the catalog keeps; cut to 5,000"),
        (f"{where}[1]['A'][1][0]", "instructors", "1,000 characters, over the 200 the catalog keeps; cut to 200"),
    }


@pytest.mark.parametrize(
    ("place", "path"),
    [("course", "$.courses[0].description"), ("section", "$.courses[0].components[0].sections[0].notes")],
)
def test_canonical_cuts_a_description_or_notes_over_the_limit_with_a_warning(place, path):
    # given: a file as an export writes text stored longer before (an admin edit, an older import)
    doc = json.loads(DEMO.read_text())
    target = doc["courses"][0] if place == "course" else doc["courses"][0]["components"][0]["sections"][0]
    target[path.rsplit(".", 1)[1]] = "x" * 5001
    # when
    records = canonical.parse_bytes(json.dumps(doc).encode(), name="c.json")
    # then: read, cut to 5,000, and said where
    course = records.courses[0]
    assert len(course.description if place == "course" else course.sections[0].notes) == 5000
    assert (path, path.rsplit(".", 1)[1], "5,001 characters, over the 5,000 the catalog keeps; cut to 5,000") in cuts(
        records
    )


def test_sections_csv_cuts_a_long_description_notes_and_instructor_with_a_warning():
    # given
    header = f"{HEADER},description,notes"
    line = LECTURE.replace("Ada Byron", "I" * 300) + "," + "D" * 6000 + "," + "N" * 7000
    # when
    records = sections_csv.parse_bytes(sheet(line, header=header), name="2025_fall.csv")
    # then
    (course,) = records.courses
    (s,) = course.sections
    assert (len(course.description), len(s.notes), s.instructors) == (5000, 5000, ("I" * 200,))
    assert {(field, message) for _, field, message in cuts(records)} == {
        ("description", "6,000 characters, over the 5,000 the catalog keeps; cut to 5,000"),
        ("notes", "7,000 characters, over the 5,000 the catalog keeps; cut to 5,000"),
        ("instructors", "300 characters, over the 200 the catalog keeps; cut to 200"),
    }
