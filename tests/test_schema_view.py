"""The schema's URL holds to the API's rules for query parameters (docs/api.md, Errors)."""

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
