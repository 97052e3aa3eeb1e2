"""gatech-json re-imports whose sections are rejected: the catalog's section is kept as it was,
found by its CRN or, with none, by its course and section id (docs/sources.md)."""

import json

import pytest

from catalog import services
from catalog.models import Component, ImportRun, Section
from tests.catalog.sources.test_gatech_json import document, meeting, section

pytestmark = pytest.mark.django_db


def upload(doc: dict):
    """The run and report of importing `doc` as Georgia Tech's Fall 2022 file."""
    return services.catalog_import_file(data=json.dumps(doc).encode(), name="202208.json", format="gatech-json")


def math_1551(a_crn) -> dict:
    return document({"A": section(a_crn, [meeting()], credits=3), "B": section("87246", [meeting()], credits=3)})


@pytest.mark.parametrize("crn", [None, "", "8" * 41])
def test_a_section_whose_crn_is_lost_is_kept_as_it_was_found_by_course_and_section_id(crn):
    # given: MATH 1551 A (87245) in the catalog, then a re-import whose A lost its CRN
    upload(math_1551("87245"))
    # when
    run, report = upload(math_1551(crn))
    # then: the file still lists section A, so it is not withdrawn, and the rejection names it
    assert run.status == ImportRun.Status.APPLIED
    assert report.counts["section"].withdrawn == 0
    assert Section.objects.get(registrar_id="87245").withdrawn_at is None
    assert [(p["registrar_id"], p["location"]) for p in report.rejected] == [
        ("87245", "$.courses['MATH 1551'][1]['A']")
    ]
    assert report.rejected[0]["reason"].endswith(
        "; the catalog's MATH 1551 LEC A (registrar id 87245), found by its course and section code, is kept as it was"
    )
    assert not report.changes


def test_a_section_without_a_crn_in_a_new_course_is_rejected_naming_no_section():
    # given: the catalog holds B only
    upload(document({"B": section("87246", [meeting()])}))
    # when
    run, report = upload(math_1551(None))
    # then
    assert [(p["registrar_id"], p["reason"]) for p in report.rejected] == [("", "no CRN; every section needs one")]


def test_a_section_without_a_crn_names_no_section_when_two_of_the_catalogs_share_its_course_and_code():
    # given: MATH 1551 A (87245), and a lab also coded A the catalog holds (another format's import)
    upload(math_1551("87245"))
    lecture = Section.objects.get(registrar_id="87245")
    lab = Component.objects.create(course=lecture.component.course, kind="LAB", name="Laboratory")
    Section.objects.create(term=lecture.term, component=lab, code="A", registrar_id="99999")
    # when
    run, report = upload(math_1551(None))
    # then: either could be the one meant, so neither is named kept
    assert [(p["registrar_id"], p["reason"]) for p in report.rejected] == [("", "no CRN; every section needs one")]


def lecture_and_lab(lecture: list) -> dict:
    """MATH 1551 with lecture A (CRN 89426, given as `lecture`) and its lab A01 (82083), named after it."""
    return document({"A": lecture, "A01": section("82083", [meeting()], kind=2, credits=0)})


LECTURE = section("89426", [meeting()], credits=3)


def test_a_rejected_parent_kept_as_it_was_keeps_its_childs_link_and_the_courses_credits():
    # given: the lecture and its lab in the catalog, then a re-import whose lecture is cut short
    upload(lecture_and_lab(LECTURE))
    # when
    run, report = upload(lecture_and_lab(LECTURE[:2]))
    # then: the lecture is kept as it was, so the lab is still taken with it and the course keeps its credits
    assert run.status == ImportRun.Status.APPLIED
    assert [p["registrar_id"] for p in report.rejected] == ["89426"]
    lab = Section.objects.select_related("parent", "component__course").get(registrar_id="82083")
    assert (lab.parent.registrar_id, lab.quarantine_reason) == ("89426", "")
    assert (lab.component.course.credits_min, lab.component.course.credits_max) == (3, 3)
    assert not report.changes
    assert report.counts["course"].unchanged == 1


def test_a_child_of_a_rejected_parent_the_catalog_lacks_is_quarantined_not_offered_alone():
    # when: a first import whose lecture is cut short
    run, report = upload(lecture_and_lab(LECTURE[:2]))
    # then: the lab is imported quarantined, the course with no credits, and both are warned about
    lab = Section.objects.select_related("component__course").get(registrar_id="82083")
    assert lab.parent is None
    assert lab.quarantine_reason == (
        "$.courses['MATH 1551'][1]['A01']: taken with section 'A', whose row was rejected and which the catalog does "
        "not hold; not offered without it"
    )
    assert [q["registrar_id"] for q in report.quarantined] == ["82083"]
    assert (lab.component.course.credits_min, lab.component.course.credits_max) == (None, None)
    assert [(w["field"], w["reason"].split(":")[0]) for w in report.warnings] == [
        ("sectionId", "taken with section 'A' by its id, which was rejected ($.courses['MATH 1551'][1]['A'])"),
        ("creditHours", "no credit hours"),
    ]
    assert [w["value"] for w in report.warnings] == ["A01", "0"]  # the lab's id, the credit hours read


def test_a_rejected_parent_whose_credit_hours_read_still_gives_them_to_its_course():
    # given: a lecture whose schedule type is unreadable, its credit hours not
    doc = lecture_and_lab(section("89426", [meeting()], kind=99, credits=3))
    # when
    run, report = upload(doc)
    # then
    lab = Section.objects.select_related("component__course").get(registrar_id="82083")
    assert (lab.component.course.credits_min, lab.component.course.credits_max) == (3, 3)
    assert [w["field"] for w in report.warnings] == ["sectionId"]


def test_sections_named_after_a_rejected_section_of_their_own_component_stay_unlinked():
    # given: lectures A, A1 and A2, alternatives of one component, then a re-import whose A is
    # cut short (its type unreadable, so A1 and A2 may be its children by their ids)
    alternatives = {"A1": section("82001", [meeting()], credits=3), "A2": section("82002", [meeting()], credits=3)}
    upload(document({"A": LECTURE, **alternatives}))
    # when
    run, report = upload(document({"A": LECTURE[:2], **alternatives}))
    # then: the catalog keeps A as it was, a lecture, so A1 and A2 are no children of it
    assert run.status == ImportRun.Status.APPLIED
    rows = Section.objects.filter(registrar_id__in=["82001", "82002"])
    assert {(s.parent_id, s.quarantine_reason) for s in rows} == {(None, "")}
    assert not report.changes


def test_a_child_unlinked_from_a_kept_section_of_its_own_component_is_warned_about_naming_both():
    # given: lectures A and A1, then a re-import whose A is cut short (A1 may be its child by its id)
    alternative = {"A1": section("82001", [meeting()], credits=3)}
    upload(document({"A": LECTURE, **alternative}))
    # when
    run, report = upload(document({"A": LECTURE[:2], **alternative}))
    # then: A1 is left unlinked, and the report says so, naming A1 and the catalog's A
    dropped = [w for w in report.warnings if w["field"] == "parent"]
    assert [(w["registrar_id"], w["value"], w["location"]) for w in dropped] == [
        ("82001", "A", "$.courses['MATH 1551'][1]['A1']")
    ]
    assert "the catalog's MATH 1551 Lecture A (89426) kept as it was" in dropped[0]["message"]
    assert "a section of this one's own component (Lecture)" in dropped[0]["message"]
    assert dropped[0] in run.report["warnings"]
