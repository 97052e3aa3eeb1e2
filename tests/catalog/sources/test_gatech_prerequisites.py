"""gatech-json: a course's prerequisite tree (`courses[code][2]`) read into words (docs/sources.md)."""

from typing import Any

import pytest

from tests.catalog.sources.test_gatech_json import document, meeting, parse, real, section

C = {"id": "MATH 1501", "grade": "C"}
T = {"id": "MATH 15X1", "grade": "T"}
PHYS = {"id": "PHYS 2211", "grade": "D"}


def with_prerequisites(tree: Any) -> dict:
    doc = document({"A": section("80001", [meeting()])})
    doc["courses"]["MATH 1551"][2] = tree
    return doc


@pytest.mark.parametrize(
    ("tree", "said"),
    [
        ([], ""),
        (None, ""),
        (["or", C], "MATH 1501 (C)"),
        (["or", C, T], "MATH 1501 (C) or MATH 15X1 (transfer)"),
        (["and", ["or", C, T], PHYS], "(MATH 1501 (C) or MATH 15X1 (transfer)) and PHYS 2211 (D)"),
        (["or", ["and", C, PHYS], T], "(MATH 1501 (C) and PHYS 2211 (D)) or MATH 15X1 (transfer)"),
        (["and", ["and", C, PHYS], T], "MATH 1501 (C) and PHYS 2211 (D) and MATH 15X1 (transfer)"),
        (["or", ["and", ["or", C, T], ["or", PHYS]]], "(MATH 1501 (C) or MATH 15X1 (transfer)) and PHYS 2211 (D)"),
        (["or", {"id": "CS 1301"}], "CS 1301"),
        (["or", C, ["and"], ["and"]], "MATH 1501 (C)"),  # the crawler's empty groups (BIOS 4200) left out
    ],
)
def test_a_prerequisite_tree_is_read_into_words_bracketing_a_group_inside_another(tree, said):
    # when
    records = parse(with_prerequisites(tree))
    # then
    (course,) = records.courses
    assert course.prerequisites == said
    assert not [w for w in records.warnings if w.field == "prerequisites"]


@pytest.mark.parametrize(
    ("tree", "where", "found"),
    [
        ("MATH 1501", "[2]", '"MATH 1501"'),
        (["xor", C], "[2]", '["xor", {"id": "MATH 1501", "grade": "C"}]'),
        (["and", C, ["or", {"grade": "C"}]], "[2][2][1].id", "null"),
        (["and", C, {"id": "PHYS 2211", "grade": 3}], "[2][2].grade", "3"),
        (["or", C, 7], "[2][2]", "7"),
    ],
)
def test_a_malformed_prerequisite_tree_is_a_warning_at_its_json_path_and_the_course_is_imported(tree, where, found):
    # when
    records = parse(with_prerequisites(tree))
    # then
    (course,) = records.courses
    assert course.prerequisites == ""
    assert [s.code for s in course.sections] == ["A"]
    (warning,) = [w for w in records.warnings if w.field == "prerequisites"]
    assert warning.location == f"$.courses['MATH 1551']{where}"
    assert warning.value == found
    assert warning.message.startswith("prerequisites not read: expected ")
    assert warning.message.endswith("; the course is imported with none listed")


@pytest.mark.realdata
def test_the_real_georgia_tech_files_prerequisites_read_as_a_person_reads_them(gatech_json_path):
    # when
    records = real(gatech_json_path)
    # then: AE 2010's tree is an "or" of one "and" of three "or"s
    courses = {c.code: c for c in records.courses}
    assert courses["AE 2010"].prerequisites == (
        "(MATH 2401 (C) or MATH 2411 (C) or MATH 24X1 (transfer) or MATH 2551 (C) or MATH 2561 (C) or "
        "MATH 2X51 (transfer)) and (PHYS 2211 (C) or PHYS 2231 (C)) and (CHEM 1310 (C) or CHEM 1211K (C))"
    )
    assert sum(1 for c in records.courses if c.prerequisites) == 786
    assert not [w for w in records.warnings if w.field == "prerequisites"]
    assert courses["ACCT 2101"].prerequisites == ""
