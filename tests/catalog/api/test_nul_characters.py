"""A NUL character (%00) in an API address is a 404 (in the path) or a 400 naming the parameter
(in the query), never a 500: PostgreSQL refuses strings holding one."""

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada() -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.create_user("ada", password="pw-ada-1234"))
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/shared/%00/",
        "/api/v1/institutions/%00/",
        "/api/v1/institutions/demo/terms/%00/courses/",
        "/api/v1/institutions/demo/terms/2026-fall/sections/4%000/",
    ],
)
def test_a_nul_in_the_path_is_the_404_of_no_such_resource(demo, ada, url):
    # when
    answer = ada.get(url)
    # then
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/schedules/?term=%00", "term"),
        ("/api/v1/friends/schedules/?term=2026%00", "term"),
        ("/api/v1/institutions/demo/terms/2026-fall/courses/?q=chem%00", "q"),
        ("/api/v1/schedules/compare/?a=1&b=%00", "b"),
    ],
)
def test_a_nul_in_a_query_parameter_is_a_400_naming_it(demo, ada, url, field):
    # when
    answer = ada.get(url)
    # then
    assert answer.status_code == 400
    assert answer.json()["error"]["fields"] == {field: ["contains a NUL character (%00)"]}


def test_a_nul_is_answered_with_the_headers_every_answer_carries(demo, ada):
    # when
    answer = ada.get("/api/v1/institutions/demo/terms/2026-fall/courses/?q=chem%00")
    # then: the security headers, as any other answer
    assert answer.status_code == 400
    assert (answer["X-Content-Type-Options"], answer["X-Frame-Options"]) == ("nosniff", "DENY")
    assert answer["Referrer-Policy"] == "same-origin"
