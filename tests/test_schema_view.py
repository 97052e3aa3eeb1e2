"""The schema's URL holds to the API's rules for query parameters (docs/api.md, Errors)."""

import re

import pytest
from rest_framework.test import APIClient


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?format=xml", "format", "'xml' is not a format here; expected one of json, yaml"),
        ("?foo=1", "foo", "not a query parameter here; expected one of lang"),
    ],
)
def test_an_unknown_format_or_parameter_of_the_schema_is_a_json_400_naming_it(query, field, message):
    # when
    response = APIClient().get("/api/v1/schema/" + query)
    # then
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json()["error"]["fields"] == {field: [message]}


def test_the_schema_is_still_served_as_yaml_or_json():
    assert APIClient().get("/api/v1/schema/").content.startswith(b"openapi: 3.")
    assert APIClient().get("/api/v1/schema/?format=json").json()["openapi"].startswith("3.")


@pytest.mark.parametrize("url", ["/api/v1/redoc/", "/api/v1/docs/"])
def test_the_docs_pages_name_no_other_host(url):
    # when
    page = APIClient().get(url).content.decode()
    # then: no CDN, no web fonts (drf-spectacular's Redoc page linked Google Fonts)
    assert "redoc" in page.lower() or "swagger" in page.lower()
    assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", page, re.IGNORECASE), url
