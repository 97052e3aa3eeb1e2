"""gatech-json re-imports whose sections are rejected: the catalog's section is kept as it was,
found by its CRN or, with none, by its course and section id (docs/sources.md)."""

import json

import pytest

from catalog import services
from catalog.models import ImportRun, Section
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
