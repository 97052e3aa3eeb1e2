"""Fixtures of the catalog API tests: a client, the demo catalog, no throttling by default."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.conftest import DEMO_CATALOG

DEMO = "/api/v1/institutions/demo/terms/2026-fall/"


@pytest.fixture(autouse=True)
def no_throttling(settings):
    """Rates of None switch the throttles off (and leave the shared cache untouched), so no test
    depends on what ran before it; the throttling tests set their own tiny rates."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "generation": None, "course_fits": None},
    }


@pytest.fixture(autouse=True)
def term_read_on_every_request(settings):
    """The tests change catalogs and read them back at once: no reuse of a term's row between
    requests (test_api_plumbing tests that reuse on its own)."""
    from catalog.api import views

    settings.CLASSTIME_API_TERM_SECONDS = 0
    views.RECENT_TERMS.clear()
    yield
    views.RECENT_TERMS.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def demo(db):
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)


def codes(response) -> list[str]:
    """The course codes of a course list response, in order."""
    assert response.status_code == 200, response.content
    return [course["code"] for course in response.json()["results"]]
