"""A re-import listing one registrar id twice, for sections of two courses: the adapters take the
first listing and reject the later. Where the catalog holds that id in the other course, taking the
first would move the catalog's section, and the saved schedules holding it, into the wrong course;
neither listing is used and both sections the listings name are kept as they were."""

import copy
import json

import pytest

from catalog import services
from catalog.models import Section
from tests.scheduler.saved.conftest import demo_data, save, section_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def import_data(data: dict) -> dict:
    run, report = services.catalog_import_file(data=json.dumps(data).encode(), name="term.json", format="canonical")
    assert run.status == run.Status.APPLIED, run.error
    return report.to_dict()


def where(registrar_id: str) -> tuple:
    s = Section.objects.select_related("component__course").get(registrar_id=registrar_id)
    return s.component.course.code, s.component.kind, s.code, s.withdrawn_at is None, s.parent_id


def test_an_id_listed_twice_keeps_the_catalogs_sections_and_the_schedules_holding_them_as_they_were(ada_api):
    # given: a saved schedule holding CS 1110 LEC 001 (40001) and CHEM 1410 LEC 100 (40010), then a file
    # listing CS 1110 LEC 001, first in it, under CHEM 1410 LEC 100's id
    url = save(ada_api).json()["url"]
    before = {rid: where(rid) for rid in ("40001", "40010", "40012")}
    data = copy.deepcopy(demo_data())
    section_of(data, "40001")["id"] = "40010"
    # when
    report = import_data(data)
    # then: both sections as they were, CHEM 1410's discussions still under lecture 100, nothing to tell the student
    assert {rid: where(rid) for rid in before} == before
    assert before["40010"][:3] == ("CHEM 1410", "LEC", "100")
    assert Section.objects.get(registrar_id="40012").parent_id == Section.objects.get(registrar_id="40010").pk
    assert ada_api.get(url).json()["changes"] == []
    # and the report rejects both listings, the taken one saying why and which sections are kept
    reasons = {r["location"]: r["reason"] for r in report["rejected"]}
    assert len(report["rejected"]) == 2
    taken = reasons["$.courses[0].components[0].sections[0]"]
    assert "listed twice, here as CS 1110 LEC 001 and at $.courses[1].components[0].sections[0]" in taken
    assert "the catalog's CHEM 1410 LEC 100 is kept as it was" in taken
    assert taken.endswith(
        "the catalog's CS 1110 LEC 001 (registrar id 40001), found by its course and section code, is kept as it was"
    )
    assert report["changes"] == []


def test_a_section_listed_once_under_another_course_moves_and_the_report_says_from_where():
    # given: CHEM 1411 lab 005 (40022) listed as a CS 1110 lab, 107
    data = copy.deepcopy(demo_data())
    lab = section_of(data, "40022")
    for course in data["courses"]:
        for component in course["components"]:
            component["sections"] = [s for s in component["sections"] if s["id"] != "40022"]
    cs_labs = next(k for c in data["courses"] if c["number"] == "1110" for k in c["components"] if k["kind"] == "LAB")
    cs_labs["sections"].append({**lab, "code": "107"})
    # when
    report = import_data(data)
    # then: a registrar's move, taken, and the report names the course and component it left
    assert where("40022")[:4] == ("CS 1110", "LAB", "107", True)
    (change,) = report["changes"]
    assert change["values"]["component_id"] == ["CHEM 1411 LAB", "CS 1110 LAB"]
    assert report["rejected"] == []
