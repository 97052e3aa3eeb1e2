"""A term code is a segment of the API's URLs (`institutions/{institution}/terms/{term}/`): a
code with `/`, or `.` or `..` (which clients fold away as a path's dot segments), could never be
addressed, so neither an import nor the admin accepts one. Every other code is addressable."""

import json

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from rest_framework.test import APIClient

from catalog import services
from catalog.models import ImportRun, Institution, Term
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db

UNADDRESSABLE = ["2025/fall", "2025/", "/", ".", ".."]


@pytest.mark.parametrize("code", UNADDRESSABLE)
def test_an_import_filed_under_a_term_code_a_url_cannot_hold_is_refused_naming_it(code):
    # when
    run, report = services.catalog_import_file(
        data=DEMO_CATALOG.read_bytes(), name="demo.json", format="canonical", term_code=code
    )
    # then
    assert run.status == ImportRun.Status.FAILED and report is None
    assert run.error.startswith(f"demo.json: term code {code!r} cannot be used: ")
    assert "'/'" in run.error
    assert Term.objects.count() == 0


def test_a_catalog_file_whose_term_code_has_a_slash_is_refused():
    # given: an academic year written the British way
    data = json.loads(DEMO_CATALOG.read_text())
    data["term"]["code"] = "2025/26"
    # when
    run, report = services.catalog_import_file(data=json.dumps(data).encode(), name="year.json", format="canonical")
    # then
    assert run.status == ImportRun.Status.FAILED and report is None
    assert "term code '2025/26' cannot be used" in run.error
    assert Institution.objects.count() == Term.objects.count() == 0


def test_the_admin_refuses_a_term_code_with_a_slash_on_the_code_field(client):
    # given
    institution = Institution.objects.create(code="demo", name="Demo", timezone="America/New_York")
    client.force_login(User.objects.create_superuser("root", password="pw-root-1234"))
    form = {"institution": institution.pk, "code": "2025/fall", "name": "Fall 2025", "holidays": "[]"}
    # when
    response = client.post("/admin/catalog/term/add/", form)
    # then
    assert response.status_code == 200
    assert "cannot be used" in str(response.context["adminform"].form.errors["code"])
    assert Term.objects.count() == 0


def test_any_other_term_code_is_addressable_in_the_api():
    # given: a code with a space and characters a URL must escape
    code = "fall 2026?#%.x"
    services.catalog_import_file(data=DEMO_CATALOG.read_bytes(), name="demo.json", format="canonical", term_code=code)
    # when
    term = APIClient().get(reverse("catalog-term-detail", args=["demo", code]))
    courses = APIClient().get(reverse("catalog-course-list", args=["demo", code]))
    # then
    assert term.status_code == 200 and term.json()["code"] == code
    assert courses.status_code == 200 and courses.json()["count"] > 0
