"""Parent links that loop (A taken with B, B with C, C with A), of any length: the importers
report every section in the loop, the admin refuses to make one, and the engine is never
handed one (docs/catalog-format.md, docs/sources.md, docs/operations.md)."""

import json

import pytest
from django.urls import reverse

from catalog import services
from catalog.models import Section
from catalog.sources import sections_csv
from catalog.sources.records import CourseRecord, SectionRecord
from scheduler.engine_input import engine_course
from tests.catalog.test_catalog_admin import change_form_data, imported_demo, in_process_tasks
from tests.conftest import DEMO_CATALOG

__all__ = ["in_process_tasks"]  # a fixture


@pytest.mark.django_db
def test_a_canonical_loop_of_four_sections_quarantines_each_naming_its_json_path_and_the_loop():
    # given: CS 1110 lecture 001 → lab 101 → lecture 002 → lab 102 → 001, and lab 103 → 001 outside the loop
    doc = json.loads(DEMO_CATALOG.read_text())
    lectures, labs = (doc["courses"][0]["components"][i]["sections"] for i in (0, 1))
    lectures[0]["parent"], labs[0]["parent"], lectures[1]["parent"], labs[1]["parent"] = "101", "002", "102", "001"
    labs[2]["parent"] = "001"
    # when
    run, report = services.catalog_import_file(data=json.dumps(doc).encode(), name="c.json", format="canonical")
    # then: the report lists the four, each at its place, with the loop from it round
    quarantined = {q["registrar_id"]: q for q in report.quarantined}
    assert sorted(quarantined) == ["40001", "40002", "40004", "40005"]
    first = quarantined["40001"]
    assert first["location"] == "$.courses[0].components[0].sections[0]"
    assert first["message"] == (
        "$.courses[0].components[0].sections[0].parent: linked to section '101' in a loop of links ('001' → '101' → "
        "'002' → '102' → '001'), so none of them is taken first; expected links that end at a section taken with no "
        "other"
    )
    assert quarantined["40005"]["message"].startswith(
        "$.courses[0].components[1].sections[1].parent: linked to section '001' in a loop of links ('102' → '001'"
    )
    assert not Section.objects.filter(registrar_id__in=quarantined, quarantine_reason="").exists()
    assert Section.objects.get(registrar_id="40006").quarantine_reason == ""


def test_a_sections_csv_loop_of_three_drops_each_link_with_a_warning_at_its_line():
    # given: a lecture taken with a lab, the lab with a discussion, the discussion with the lecture
    header = "registrar_id,subject,number,title,component,section,parent_id"
    data = "\r\n".join(
        (
            header,
            "9001,CYC,100,t,LEC,001,9002",
            "9002,CYC,100,t,LAB,101,9003",
            "9003,CYC,100,t,DIS,201,9001",
            "9004,CYC,100,t,LAB,102,9001",
            "",
        )
    ).encode()
    # when
    records = sections_csv.parse_bytes(data, name="loop.csv")
    # then: the three links are dropped, each warned where it is; the lab outside the loop keeps its lecture
    parents = {s.registrar_id: s.parent_code for c in records.courses for s in c.sections}
    assert parents == {"9001": None, "9002": None, "9003": None, "9004": "001"}
    assert [(w.location, w.field, w.value, w.registrar_id) for w in records.warnings] == [
        ("line 2", "parent_id", "9002", "9001"),
        ("line 3", "parent_id", "9003", "9002"),
        ("line 4", "parent_id", "9001", "9003"),
    ]
    assert records.warnings[0].message.startswith(
        "names section 101 in a loop of links: 001 (line 2) → 101 (line 3) → 201 (line 4) → 001 (line 2), so none "
        "of them is taken first;"
    )
    assert all(s.quarantine == "" for c in records.courses for s in c.sections)


@pytest.mark.django_db
def test_a_canonical_section_linked_to_itself_is_quarantined_unlinked_and_the_rest_imported():
    # given: CS 1110 lecture 001 taken with itself
    doc = json.loads(DEMO_CATALOG.read_text())
    doc["courses"][0]["components"][0]["sections"][0]["parent"] = "001"
    # when
    run, report = services.catalog_import_file(data=json.dumps(doc).encode(), name="c.json", format="canonical")
    # then
    assert run.error == ""
    assert report.sections_imported == 58
    assert [(q["registrar_id"], q["message"]) for q in report.quarantined] == [
        (
            "40001",
            "$.courses[0].components[0].sections[0].parent: linked to itself; expected the code of a section of "
            "another component",
        )
    ]
    lecture = Section.objects.get(registrar_id="40001")
    assert lecture.parent is None
    assert lecture.quarantine_reason.endswith("linked to itself; expected the code of a section of another component")


def test_a_sections_csv_section_naming_itself_as_its_parent_loses_the_link_with_a_warning():
    # given
    data = b"registrar_id,subject,number,title,component,section,parent_id\r\n9001,CYC,100,t,LEC,001,9001\r\n"
    # when
    records = sections_csv.parse_bytes(data, name="self.csv")
    # then
    [section] = records.courses[0].sections
    assert (section.parent_code, section.quarantine) == (None, "")
    assert [(w.location, w.field, w.value, w.registrar_id) for w in records.warnings] == [
        ("line 2", "parent_id", "9001", "9001")
    ]
    assert records.warnings[0].message.startswith("names this section itself;")


def test_the_engine_is_never_handed_sections_whose_links_loop():
    # given: records as the catalog could hold them (an older admin edit): 001 → 101 → 201 → 001
    def section(rid: str, code: str, kind: str, parent: str | None) -> SectionRecord:
        return SectionRecord(registrar_id=rid, code=code, component=kind, component_name=kind, parent_code=parent)

    course = CourseRecord(
        subject="CYC",
        number="100",
        title="t",
        sections=(
            section("9001", "001", "LEC", "101"),
            section("9002", "101", "LAB", "201"),
            section("9003", "201", "DIS", "001"),
            section("9004", "002", "LEC", None),
            section("9005", "102", "LAB", "002"),
        ),
    )
    # when
    engine_value = engine_course(course)
    # then: the looped sections are left out; the others keep their links
    offered = {s.id: s.parent_id for c in engine_value.components for s in c.sections}
    assert offered == {"9004": None, "9005": "9004"}
    assert [c.kind for c in engine_value.components] == ["DIS", "LAB", "LEC"]


def admin_parent_set(client, section: Section, parent: Section):
    change = reverse("admin:catalog_section_change", args=[section.pk])
    return client.post(change, {**change_form_data(client.get(change)), "parent": parent.pk})


@pytest.mark.django_db
def test_the_admin_refuses_a_parent_that_closes_a_loop_of_four_sections(staff_client):
    # given: CHEM 1410 discussion 101 is taken with lecture 100; lecture 200 is made to be taken with 101,
    # and discussion 201 with lecture 200
    imported_demo(staff_client)
    lecture_100, lecture_200, dis_101, dis_201 = (
        Section.objects.get(registrar_id=rid) for rid in ("40010", "40011", "40012", "40015")
    )
    Section.objects.filter(pk=lecture_200.pk).update(parent=dis_101)
    # when: lecture 100 is given discussion 201 as its parent: 100 → 201 → 200 → 101 → 100
    response = admin_parent_set(staff_client, lecture_100, dis_201)
    # then
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["parent"]
    assert errors["parent"][0].startswith(
        "CHEM 1410 Discussion 201 (40015) is taken with this section in turn (this section → CHEM 1410 Discussion "
        "201 (40015) → CHEM 1410 Lecture 200 (40011) → CHEM 1410 Discussion 101 (40012) → this section): linked so, "
        "they would make a loop"
    )
    assert Section.objects.get(pk=lecture_100.pk).parent_id is None


@pytest.mark.django_db
def test_the_admin_refuses_a_lecture_taken_with_its_own_discussion(staff_client):
    # given: discussion 101 is taken with lecture 100
    imported_demo(staff_client)
    lecture_100, dis_101 = (Section.objects.get(registrar_id=rid) for rid in ("40010", "40012"))
    # when
    response = admin_parent_set(staff_client, lecture_100, dis_101)
    # then
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["parent"] and "they would make a loop" in errors["parent"][0]
    assert Section.objects.get(pk=lecture_100.pk).parent_id is None


@pytest.mark.django_db
def test_the_admin_refuses_a_parent_of_the_sections_own_component(staff_client):
    # given
    imported_demo(staff_client)
    lecture_100, lecture_200 = (Section.objects.get(registrar_id=rid) for rid in ("40010", "40011"))
    # when
    response = admin_parent_set(staff_client, lecture_100, lecture_200)
    # then
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["parent"] and "of this one's own component" in errors["parent"][0]
    assert Section.objects.get(pk=lecture_100.pk).parent_id is None


@pytest.mark.django_db
def test_the_admin_refuses_a_parent_whose_links_lead_to_the_sections_own_component(staff_client):
    # given: lecture 200 to be taken with discussion 101, which is taken with lecture 100
    imported_demo(staff_client)
    lecture_200, dis_101 = (Section.objects.get(registrar_id=rid) for rid in ("40011", "40012"))
    # when
    response = admin_parent_set(staff_client, lecture_200, dis_101)
    # then: a schedule takes one lecture, so lecture 200 could never be taken
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["parent"] and "this one could never be taken" in errors["parent"][0]
    assert Section.objects.get(pk=lecture_200.pk).parent_id is None


@pytest.mark.django_db
def test_the_admin_still_takes_a_parent_that_makes_no_loop(staff_client):
    # given: CHEM 1410 lecture 200's discussion 201 (taken with it)
    imported_demo(staff_client)
    lecture_200 = Section.objects.get(registrar_id="40011")
    discussion = Section.objects.filter(parent=lecture_200).first()
    Section.objects.filter(pk=discussion.pk).update(parent=None)
    # when: linked again
    response = admin_parent_set(staff_client, discussion, lecture_200)
    # then
    assert response.status_code == 302
    assert Section.objects.get(pk=discussion.pk).parent == lecture_200


@pytest.mark.django_db
def test_the_admin_refuses_moving_a_lecture_into_the_component_of_the_sections_taken_with_it(staff_client):
    # given: discussions 101-103 are taken with lecture 100
    imported_demo(staff_client)
    lecture_100, dis_101 = (Section.objects.get(registrar_id=rid) for rid in ("40010", "40012"))
    change = reverse("admin:catalog_section_change", args=[lecture_100.pk])
    # when
    response = staff_client.post(
        change, {**change_form_data(staff_client.get(change)), "component": dis_101.component_id}
    )
    # then
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["component"]
    assert errors["component"][0].startswith(
        "Sections of CHEM 1410 Discussion must be taken with this one: CHEM 1410 Discussion 101 (40012);"
    )
    assert Section.objects.get(pk=lecture_100.pk).component_id == lecture_100.component_id


@pytest.mark.django_db
@pytest.mark.parametrize("left_out", ["cancelled", "quarantined", "looped"])
def test_sections_taken_with_a_section_left_out_are_left_out_too_not_offered_with_another(left_out):
    # given: lecture 001 (with discussion 101, and lab 201 taken with 101) left out; lecture 002
    # with discussion 102
    def section(rid, code, kind, parent=None, **kw) -> SectionRecord:
        return SectionRecord(registrar_id=rid, code=code, component=kind, component_name=kind, parent_code=parent, **kw)

    first = {
        "cancelled": section("9001", "001", "LEC", status="cancelled"),
        "quarantined": section("9001", "001", "LEC", quarantine="no time given"),
        "looped": section("9001", "001", "LEC", parent="201"),
    }[left_out]
    course = CourseRecord(
        subject="LNK",
        number="100",
        title="t",
        sections=(
            first,
            section("9002", "101", "DIS", "001"),
            section("9003", "201", "LAB", "101"),
            section("9004", "002", "LEC"),
            section("9005", "102", "DIS", "002"),
            section("9006", "202", "LAB", "102"),
        ),
    )
    # when
    engine_value = engine_course(course)
    # then: 101 and 201 went with 001 (before, they came out free, to be taken with 002)
    offered = {s.id: s.parent_id for c in engine_value.components for s in c.sections}
    assert offered == {"9004": None, "9005": "9004", "9006": "9005"}
