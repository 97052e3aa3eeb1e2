"""The engine's courses are read from the database once per catalog version and process."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Term
from scheduler.requests import term_courses
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


@pytest.fixture
def term() -> Term:
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)
    return Term.objects.get(code="2026-fall")


def test_courses_and_a_course_the_term_lacks_are_read_once(term):
    # given: the courses read once, with a code the term does not have
    first = term_courses(term=term, codes=["CS 1110", "NOPE 1000"])
    # when: asked again
    with CaptureQueriesContext(connection) as queries:
        again = term_courses(term=term, codes=["CS 1110", "NOPE 1000"])
    # then: no query, the same values, and the missing course still missing
    assert list(first) == ["CS 1110"]
    assert len(queries) == 0
    assert again["CS 1110"] is first["CS 1110"]


def test_a_new_catalog_version_reads_the_courses_again(term):
    # given: a course read, then the catalog edited (the admin or an import bumps its version)
    first = term_courses(term=term, codes=["CS 1110"])
    term.catalog_version += 1
    term.save()
    # when
    with CaptureQueriesContext(connection) as queries:
        again = term_courses(term=term, codes=["CS 1110"])
    # then: read anew
    assert len(queries) > 0
    assert again["CS 1110"] is not first["CS 1110"] and again["CS 1110"][0].code == "CS 1110"
