"""A course's subject and number and a section's registrar id are segments of the API's URLs
(`courses/{subject}/{number}/`, `sections/{registrar_id}/`), as a term code is: with `/`, or
equal to `.` or `..`, no URL could address them. The UVA and Georgia Tech imports report such a
section as rejected and import the rest; a canonical file that holds one fails its schema, as for
any schema violation; the admin refuses them on the field. Every other id is addressable."""

import json
from dataclasses import replace

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from rest_framework.test import APIClient

from catalog import services
from catalog.models import Course, ImportRun, Section, Term
from catalog.sources import canonical
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db

UVA_HEADER = "ClassNumber,Mnemonic,Number,Section,Type,Title,Days1,MeetingDates1"
UVA_ROW = "{crn},CS,1110,{code},Lecture,Intro,MoWe 1:00pm - 1:50pm,08/26/2025 - 12/09/2025"


def uva_csv(*crns: str) -> bytes:
    rows = [UVA_ROW.format(crn=crn, code=f"00{i}") for i, crn in enumerate(crns, 1)]
    return "\n".join([UVA_HEADER, *rows]).encode() + b"\n"


def gatech_json(*crns: str) -> bytes:
    caches = {
        "periods": ["8:25 am - 9:15 am"],
        "dateRanges": ["Aug 22, 2022 - Dec 15, 2022"],
        "scheduleTypes": ["Lecture*"],
        "campuses": ["Georgia Tech-Atlanta *"],
        "attributes": [],
        "finalDates": [],
        "finalTimes": [],
    }
    sections = {f"A{i}": [crn, [[0, "MWF", "Skiles", 0, [], 0, -1, -1]], 3, 0, 0, [], 0] for i, crn in enumerate(crns)}
    document = {"courses": {"MATH 1551": ["Calculus", sections, [], ""]}, "caches": caches, "version": 3}
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("fmt", "data", "name", "location", "message"),
    [
        ("uva-csv", uva_csv("101", "10/2", "103"), "2025_fall.csv", "line 3", "class number '10/2' cannot be used"),
        (
            "gatech-json",
            gatech_json("101", "10/2", "103"),
            "202208.json",
            "$.courses['MATH 1551'][1]['A1']",
            "CRN '10/2' cannot be used",
        ),
    ],
)
def test_an_import_reports_a_section_whose_registrar_id_no_url_can_hold_and_imports_the_rest(
    fmt, data, name, location, message
):
    # when
    run, report = services.catalog_import_file(data=data, name=name, format=fmt)
    # then
    assert run.status == ImportRun.Status.APPLIED
    assert [(r["location"], r["registrar_id"]) for r in report.rejected] == [(location, "10/2")]
    assert report.rejected[0]["message"].startswith(f"{location}, ") and message in report.rejected[0]["message"]
    assert report.sections_seen == 3 == report.sections_imported + len(report.rejected)
    assert sorted(Section.objects.values_list("registrar_id", flat=True)) == ["101", "103"]


def test_a_canonical_file_with_a_course_code_no_url_can_hold_fails_and_writes_nothing():
    # given
    document = json.loads(DEMO_CATALOG.read_text())
    document["courses"][0]["number"] = "1110/5110"
    # when
    run, report = services.catalog_import_file(data=json.dumps(document).encode(), name="demo.json", format="canonical")
    # then
    assert run.status == ImportRun.Status.FAILED and report is None
    assert "$.courses[0].number: course number '1110/5110' cannot be used: " in run.error
    assert Term.objects.count() == Course.objects.count() == 0


@pytest.mark.parametrize(
    ("course_changes", "section_changes", "expected"),
    [
        ({"number": ".."}, {}, "course CS ..: course number '..' cannot be used: "),
        ({}, {"registrar_id": "40001/2"}, "$.courses[0].components[0].sections[0]: registrar id '40001/2' cannot"),
    ],
)
def test_records_from_any_source_with_an_id_no_url_can_hold_are_not_imported(course_changes, section_changes, expected):
    # given: records no adapter made (each adapter rejects such a record itself)
    records = canonical.parse(DEMO_CATALOG)
    first = records.courses[0]
    sections = (replace(first.sections[0], **section_changes), *first.sections[1:])
    records = replace(records, courses=(replace(first, sections=sections, **course_changes), *records.courses[1:]))
    # when
    with pytest.raises(services.CatalogImportError) as error:
        services.catalog_import(records=records, format="canonical")
    # then
    assert str(error.value).startswith(expected)
    assert Term.objects.count() == Section.objects.count() == 0


@pytest.fixture
def admin_client(client):
    services.catalog_import_file(data=DEMO_CATALOG.read_bytes(), name="demo.json", format="canonical")
    client.force_login(User.objects.create_superuser("root", password="pw-root-1234"))
    return client


@pytest.mark.parametrize(("field", "value"), [("subject", "CS/ECE"), ("number", "1110/5110"), ("number", ".")])
def test_the_admin_refuses_a_course_code_no_url_can_hold_on_its_field(admin_client, field, value):
    # given
    term = Term.objects.get()
    form = {"term": term.pk, "subject": "CS", "number": "9999", "title": "New", "description": "", field: value}
    form.update({"components-TOTAL_FORMS": 0, "components-INITIAL_FORMS": 0})
    # when
    response = admin_client.post(reverse("admin:catalog_course_add"), form)
    # then
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field] and f"{value!r} cannot be used" in errors[field][0]
    assert not Course.objects.filter(title="New").exists()


def test_the_admin_refuses_a_registrar_id_no_url_can_hold_on_its_field(admin_client):
    # given
    lecture = Section.objects.get(registrar_id="40010")
    management = {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}
    form = {
        "term": lecture.term_id,
        "component": lecture.component_id,
        "registrar_id": "40010/2",
        "code": "999",
        "status": "open",
        "modality": "in_person",
        "instructors": "[]",
        **{f"meetings-{k}": v for k, v in management.items()},
    }
    # when
    response = admin_client.post(reverse("admin:catalog_section_add"), form)
    # then
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["registrar_id"] and "registrar id '40010/2' cannot be used" in errors["registrar_id"][0]
    assert not Section.objects.filter(code="999").exists()


def test_any_other_course_code_and_registrar_id_is_addressable_in_the_api():
    # given: a subject, number and id with characters a URL must escape
    document = json.loads(DEMO_CATALOG.read_text())
    course = document["courses"][0]
    course["subject"], course["number"] = "C S?", "1110.5#"
    course["components"][0]["sections"][0]["id"] = "... 40001%"
    services.catalog_import_file(data=json.dumps(document).encode(), name="odd.json", format="canonical")
    # when
    detail = APIClient().get(reverse("catalog-course-detail", args=["demo", "2026-fall", "C S?", "1110.5#"]))
    section = APIClient().get(reverse("catalog-section-detail", args=["demo", "2026-fall", "... 40001%"]))
    # then
    assert detail.status_code == 200 and detail.json()["number"] == "1110.5#"
    assert section.status_code == 200 and section.json()["registrar_id"] == "... 40001%"
