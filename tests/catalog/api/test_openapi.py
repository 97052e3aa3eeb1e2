"""The OpenAPI schema: generated without warnings, examples everywhere, docs served from the app,
and schemathesis finding no server error and no response that breaks the schema."""

import re

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from tests.conftest import yaml_read
from tests.openapi_fuzz import app_schema

pytestmark = pytest.mark.django_db

# Operations owned by this API (the generation endpoints are scheduler/api's and create jobs).
CATALOG_OPERATIONS = r"^/api/v1/(institutions|terms|me)/"


def test_the_schema_generates_and_validates_with_no_warnings(tmp_path):
    out = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))

    schema = yaml_read(out.read_text())
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/institutions/{institution}/terms/{term}/courses/" in schema["paths"]


def test_every_catalog_operation_documents_examples_and_the_error_shape(api):
    schema = yaml_read(api.get("/api/v1/schema/").content)

    operations = [
        (path, op) for path, ops in schema["paths"].items() if re.match(CATALOG_OPERATIONS, path) for op in ops.values()
    ]
    assert len(operations) == 9
    for path, op in operations:
        ok = op["responses"]["200"]["content"]["application/json"]
        assert ok.get("examples"), path
        assert op["responses"]["429"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
        for parameter in op.get("parameters", []):
            assert parameter.get("examples") or parameter.get("example") or "example" in parameter["schema"], (
                path,
                parameter["name"],
            )


def test_every_field_of_every_answer_and_request_body_is_described(api):
    # given
    schema = yaml_read(api.get("/api/v1/schema/").content)
    components = schema["components"]["schemas"]
    # when: the properties with no description (a page's `results` is its items, said by its type)
    undescribed = [
        f"{name}.{field}"
        for name, component in sorted(components.items())
        for field, spec in component.get("properties", {}).items()
        if not spec.get("description") and not (name.startswith("Paginated") and field == "results")
    ]
    # then
    assert {"GenerationRequestRequest", "PreferencesRequest", "CourseDetail", "SavedScheduleOut"} <= set(components)
    assert undescribed == []


def test_swagger_ui_and_redoc_are_served_from_the_app_with_no_cdn(api):
    for url in ("/api/v1/docs/", "/api/v1/redoc/"):
        page = api.get(url).content.decode()
        assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css|png))"', page)
        assert assets, url
        assert not re.search(r"https?://", " ".join(assets)), assets
        for asset in assets:
            assert api.get(asset).status_code == 200, asset


def test_swagger_ui_and_redoc_say_their_language(api):
    for url in ("/api/v1/docs/", "/api/v1/redoc/"):
        assert '<html lang="en">' in api.get(url).content.decode(), url


schema = app_schema(path_regex=CATALOG_OPERATIONS, seed=20261123)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_honours_its_schema(case, demo, wsgi_inside_the_test_transaction):
    # Every default check, but on the term list not "valid input is accepted": a well-formed
    # `institution` may name no institution, a documented 400 naming it (as test_schema_fuzz);
    # nor on a search whose range bounds contradict each other, a documented 400 naming both,
    # which OpenAPI cannot state (a rule between two parameters).
    names_an_institution = case.path == "/api/v1/terms/"
    refused = names_an_institution or contradicts_a_range(case.query or {})
    case.call_and_validate(excluded_checks=[positive_data_acceptance] if refused else [])


def contradicts_a_range(query: dict) -> bool:
    """Whether a course search's query gives a range with contradictory bounds (docs/api.md):
    `min_credits` above `max_credits`, or `starts_after` not before `ends_before`."""
    credits = query.get("min_credits"), query.get("max_credits")
    times = query.get("starts_after"), query.get("ends_before")
    try:
        if None not in credits and float(str(credits[0])) > float(str(credits[1])):
            return True
    except ValueError:
        return False
    return None not in times and str(times[0]) >= str(times[1])


def test_every_conditional_read_declares_its_validators_and_the_conditions_it_honours(api):
    # given: the reads answered with an ETag and a 304 (term reads with a Last-Modified too)
    schema = api.get("/api/v1/schema/?format=json").json()
    reads = {
        path: ops["get"]
        for path, ops in schema["paths"].items()
        if re.match(r"^/api/v1/(institutions|terms|schedules)/$|^/api/v1/institutions/\{", path)
    }
    # when
    declared = {
        path: (
            {p["name"] for p in op["parameters"] if p["in"] == "header"},
            set(op["responses"]["200"]["headers"]) & set(op["responses"]["304"]["headers"]),
        )
        for path, op in reads.items()
    }
    # then
    assert len(declared) == 9
    for path, (asked, answered) in declared.items():
        term_read = "{term}" in path
        assert asked == {"If-None-Match", "If-Match"} | ({"If-Modified-Since"} if term_read else set()), path
        assert {"ETag", "Cache-Control"} | ({"Last-Modified"} if term_read else set()) <= answered, path
        assert ("Last-Modified" in answered) == term_read, path
        assert reads[path]["responses"]["412"]["content"]["application/json"]["examples"], path
