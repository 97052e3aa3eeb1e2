import pytest
from django.core.management import call_command

from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_the_loaded_terms(client):
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)

    response = client.get("/")

    assert response.status_code == 200
    assert "Fall 2026" in response.content.decode()
    assert "Classtime Demo University" in response.content.decode()
