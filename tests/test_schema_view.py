"""The schema's URL holds to the API's rules for query parameters (docs/api.md, Errors)."""

import re

import jsonschema
import pytest
from rest_framework.test import APIClient

from tests.scheduler.test_generation_api import strict_json_schema


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


def test_every_operation_documents_a_bad_tokens_401_and_an_unmet_accepts_406():
    # given: a bad token is a 401 and Accept: application/xml a 406 on any operation, public ones too
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    # when
    missing = [
        (method, path, code)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for code in ("401", "406")
        if code not in operation["responses"]
    ]
    # then
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/institutions/", "/api/v1/shared/nope/"])
def test_a_public_operation_answers_a_bad_token_401_and_an_unmet_accept_406(path):
    assert APIClient().get(path, HTTP_AUTHORIZATION="Token ct_wrong").status_code == 401
    assert APIClient().get(path, HTTP_ACCEPT="application/xml").status_code == 406


def test_the_schema_states_the_limits_the_server_holds_bodies_to():
    # when
    schemas = APIClient().get("/api/v1/schema/?format=json").json()["components"]["schemas"]
    # then
    generation = schemas["GenerationRequestRequest"]["properties"]
    assert generation["busy"]["maxItems"] == 30 and generation["electives"]["maxItems"] == 5
    assert schemas["BusyBlockRequest"]["properties"]["days"]["uniqueItems"] is True
    for name in ("SavedScheduleCreateInRequest", "PatchedSavedScheduleUpdateInRequest"):
        sections = schemas[name]["properties"]["sections"]
        assert (sections["minItems"], sections["maxItems"]) == (1, 60)


def test_the_replan_example_holds_every_key_its_stored_request_requires():
    # given
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    required = set(schema["components"]["schemas"]["StoredRequestOut"]["required"])
    # when
    answer = schema["paths"]["/api/v1/schedules/{id}/replan/"]["post"]["responses"]["202"]["content"]
    (example,) = answer["application/json"]["examples"].values()
    # then
    assert required <= set(example["value"]["request"])


def schema_examples(schema: dict):
    """Every example the schema gives, as (where, its value, the schema it illustrates): request
    bodies', answers' (per status and media type) and parameters'."""
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            bodies = [("request", operation.get("requestBody", {}))]
            bodies += [(code, answer) for code, answer in operation["responses"].items()]
            for code, body in bodies:
                for media_type, content in body.get("content", {}).items():
                    for name, example in content.get("examples", {}).items():
                        yield (method, path, code, media_type, name), example["value"], content["schema"]
            for parameter in operation.get("parameters", []):
                for name, example in parameter.get("examples", {}).items():
                    yield (method, path, parameter["name"], name), example["value"], parameter["schema"]


def test_every_example_in_the_schema_is_valid_against_the_schema_it_illustrates():
    # given: OpenAPI 3.0 schemas as JSON Schema (Draft 4: `exclusiveMaximum` is a flag), closed to the keys they name
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    components = schema["components"]["schemas"]
    # when
    examples = list(schema_examples(schema))
    failures = [
        (where, error.json_path, error.message)
        for where, value, described in examples
        for error in jsonschema.Draft4Validator(
            strict_json_schema(described, components), format_checker=jsonschema.FormatChecker()
        ).iter_errors(value)
    ]
    # then
    assert len(examples) > 300
    assert failures == []


@pytest.mark.django_db
def test_the_api_root_links_to_its_documentation_and_collections():
    # when
    response = APIClient().get("/api/v1/")
    # then: each link answers
    links = response.json()
    assert response.status_code == 200
    assert set(links) == {"schema", "docs", "redoc", "institutions", "terms", "generations", "schedules"}
    assert links["schema"] == "http://testserver/api/v1/schema/"
    public = ["schema", "docs", "redoc", "institutions", "terms"]  # the other two are a signed-in student's
    assert {name: APIClient().get(links[name]).status_code for name in public} == dict.fromkeys(public, 200)
