"""The admin's list of components names each one's term (its course's), as the lists of courses
and sections do, sorts by it, and reads the terms with the components in one query."""

import pytest
from django.contrib import admin
from django.urls import reverse

from catalog.models import Component, Course, Institution, Term
from tests.catalog.test_catalog_admin import queries_for

pytestmark = pytest.mark.django_db

LISTING = reverse("admin:catalog_component_changelist")


def components_in_terms(count: int) -> None:
    """A lecture of CS 1110 in each of `count` new terms, each of an institution of its own."""
    for _ in range(count):
        n = Term.objects.count()
        institution = Institution.objects.create(code=f"u{n}", name=f"U{n}", timezone="UTC")
        term = Term.objects.create(institution=institution, code=f"{2000 + n}-fall", name=f"Fall {2000 + n}")
        course = Course.objects.create(term=term, subject="CS", number="1110", title="Intro")
        Component.objects.create(course=course, kind="LEC", name="Lecture")


def test_the_component_list_names_each_components_term_with_its_institution(staff_client):
    # given
    components_in_terms(2)
    # when
    page = staff_client.get(LISTING).content.decode()
    # then
    assert "sortable column-term" in page
    assert '<td class="field-term">u0 Fall 2000</td>' in page and '<td class="field-term">u1 Fall 2001</td>' in page


def test_the_component_list_sorts_by_term(staff_client):
    # given
    components_in_terms(2)
    column = admin.site._registry[Component].list_display.index("term") + 1
    # when
    ascending = staff_client.get(LISTING, {"o": str(column)}).content.decode()
    descending = staff_client.get(LISTING, {"o": f"-{column}"}).content.decode()
    # then
    assert ascending.index("u0 Fall 2000") < ascending.index("u1 Fall 2001")
    assert descending.index("u1 Fall 2001") < descending.index("u0 Fall 2000")


def test_the_component_list_takes_as_many_queries_for_many_terms_as_for_two(staff_client):
    # given
    components_in_terms(2)
    queries_for(staff_client, LISTING)  # the first page fills the process's caches (content types)
    two = queries_for(staff_client, LISTING)
    # when
    components_in_terms(20)
    many = queries_for(staff_client, LISTING)
    # then
    assert many == two
