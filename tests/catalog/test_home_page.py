import pytest
from django.core.management import call_command

from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


def test_the_home_page_is_the_planner_offering_the_loaded_terms(client):
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)

    response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Plan your week" in page
    assert '<option value="2026-fall" data-institution="demo">Fall 2026</option>' in page
    assert '<option value="demo">Classtime Demo University</option>' in page
