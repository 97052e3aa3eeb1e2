"""Course, component and section pages of the admin, where a registrar edits rows by hand: what
their inline lists do with many rows, crafted posts and swapped codes."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Component, Course, Meeting, Section
from tests.catalog.test_catalog_admin import change_form_data
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


@pytest.fixture
def chem(db) -> Course:
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=StringIO())
    return Course.objects.get(subject="CHEM", number="1410")


def with_sections(course: Course, kind: str, count: int) -> Component:
    """A new component of the course holding `count` sections."""
    component = Component.objects.create(course=course, kind=kind, name=kind.title())
    Section.objects.bulk_create(
        Section(term=course.term, component=component, registrar_id=f"8{kind}{n:04}", code=f"{n:03}")
        for n in range(count)
    )
    return component


def delete_component_row(client, course: Course, component: Component):
    """Post the course's page with the component's row ticked for deletion; the answer and the queries."""
    change = reverse("admin:catalog_course_change", args=[course.pk])
    data = change_form_data(client.get(change))
    row = next(k for k, v in data.items() if k.endswith("-id") and v == component.pk)
    with CaptureQueriesContext(connection) as queries:
        answer = client.post(change, {**data, row.removesuffix("-id") + "-DELETE": "on"})
    return answer, len(queries)


def test_deleting_a_component_row_that_holds_sections_is_refused_in_as_many_queries_however_many(staff_client, chem):
    # given: one component of 5 sections, one of 60
    few = with_sections(chem, "LAB", 5)
    many = with_sections(chem, "SEM", 60)
    # when
    few_answer, few_queries = delete_component_row(staff_client, chem, few)
    many_answer, many_queries = delete_component_row(staff_client, chem, many)
    # then: both refused, counting the sections that keep them, in as many queries
    assert few_answer.status_code == many_answer.status_code == 200
    assert "60 sections" in many_answer.content.decode()
    assert Component.objects.filter(pk__in=[few.pk, many.pk]).count() == 2
    assert many_queries == few_queries


def section_page(client, section: Section) -> tuple[str, dict, str]:
    """The section's change URL, what its page posts back unchanged, and its meeting rows' prefix."""
    change = reverse("admin:catalog_section_change", args=[section.pk])
    page = client.get(change)
    prefix = next(f.formset.prefix for f in page.context["inline_admin_formsets"] if f.formset.model is Meeting)
    return change, change_form_data(page), prefix


@pytest.mark.parametrize("row", ["its own row", "a row added"])
def test_another_sections_meeting_posted_on_a_sections_page_is_refused(staff_client, chem, row):
    # given: CHEM 1410 LEC 100's page, with one of its meeting rows (or a row added) naming LEC 200's meeting
    section = Section.objects.get(registrar_id="40010")
    other = Meeting.objects.filter(section__registrar_id="40011").first()
    change, data, prefix = section_page(staff_client, section)
    n = 0
    if row == "a row added":
        n = int(data[f"{prefix}-TOTAL_FORMS"])
        data[f"{prefix}-TOTAL_FORMS"] = n + 1
        data.update({f"{prefix}-{n}-{k.split('-', 2)[2]}": v for k, v in data.items() if k.startswith(f"{prefix}-0-")})
    data[f"{prefix}-{n}-id"] = other.pk
    data[f"{prefix}-{n}-location"] = "Crafted Hall"
    before = list(Meeting.objects.filter(section=section).values_list("pk", "location"))
    # when
    answer = staff_client.post(change, data)
    # then: refused, saying so above the rows; neither section's meetings changed
    assert answer.status_code == 200
    assert "names a meeting that is not this section&#x27;s" in answer.content.decode()
    assert list(Meeting.objects.filter(section=section).values_list("pk", "location")) == before
    assert Meeting.objects.get(pk=other.pk).location != "Crafted Hall"
    assert not Meeting.objects.filter(location="Crafted Hall").exists()


def test_a_meeting_position_past_the_most_a_section_stores_is_refused_on_its_row(staff_client, chem):
    # given: a position PostgreSQL's column cannot hold (SQLite's could, so the two backends disagreed)
    section = Section.objects.get(registrar_id="40010")
    change, data, prefix = section_page(staff_client, section)
    # when
    answer = staff_client.post(change, {**data, f"{prefix}-0-position": "40000"})
    # then
    assert answer.status_code == 200
    assert "32,767" in answer.content.decode()
    assert not Meeting.objects.filter(position=40000).exists()


def component_page(client, component: Component) -> tuple[str, dict, dict[str, str]]:
    """The component's change URL, what its page posts back unchanged, and each section's code field by its code."""
    change = reverse("admin:catalog_component_change", args=[component.pk])
    data = change_form_data(client.get(change))
    return change, data, {v: k for k, v in data.items() if k.endswith("-code")}


def test_two_section_codes_are_swapped_in_one_save_of_their_components_page(staff_client, chem):
    # given: CHEM 1410's discussions 101 and 102
    component = Component.objects.get(course=chem, kind="DIS")
    change, data, code_field = component_page(staff_client, component)
    # when
    answer = staff_client.post(change, {**data, code_field["101"]: "102", code_field["102"]: "101"})
    # then
    assert answer.status_code == 302
    assert Section.objects.get(registrar_id="40012").code == "102"
    assert Section.objects.get(registrar_id="40013").code == "101"


def test_a_section_code_moved_onto_a_row_that_keeps_it_is_still_refused(staff_client, chem):
    # given
    component = Component.objects.get(course=chem, kind="DIS")
    change, data, code_field = component_page(staff_client, component)
    # when: 101 renamed 102 while 102 stays
    answer = staff_client.post(change, {**data, code_field["101"]: "102"})
    # then
    assert answer.status_code == 200
    assert "code is unique in its course" in answer.content.decode()
    assert Section.objects.get(registrar_id="40012").code == "101"
