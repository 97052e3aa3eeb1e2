"""Course, component and section pages of the admin, where a registrar edits rows by hand: what
their inline lists do with many rows, crafted posts and swapped codes."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Component, Course, Section
from tests.catalog.test_catalog_admin import change_form_data
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.create_superuser("registrar", "r@example.edu", "pw-registrar-1"))
    return client


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
