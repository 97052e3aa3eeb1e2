"""The accounts operations in the OpenAPI schema: examples, the error shape, and schemathesis
finding no answer that breaks the schema (signed in by a token)."""

import re

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient
from schemathesis.specs.openapi.checks import positive_data_acceptance

from accounts import services
from tests.conftest import yaml_read
from tests.openapi_fuzz import app_schema

pytestmark = pytest.mark.django_db

ACCOUNT_OPERATIONS = r"^/api/v1/(account/|tokens/|friends/(?!schedules/))"
SUCCESS = {"200", "201", "204"}


def test_the_schema_still_generates_and_validates_with_no_warnings(tmp_path):
    out = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))

    paths = yaml_read(out.read_text())["paths"]
    assert {
        "/api/v1/account/delete/",
        "/api/v1/tokens/",
        "/api/v1/tokens/{token_id}/",
        "/api/v1/friends/",
        "/api/v1/friends/requests/",
        "/api/v1/friends/requests/{request_id}/",
        "/api/v1/friends/requests/{request_id}/accept/",
        "/api/v1/friends/requests/{request_id}/decline/",
        "/api/v1/friends/{user_id}/",
    } <= set(paths)


def test_every_account_operation_has_examples_and_documents_the_error_shape(db):
    schema = yaml_read(APIClient().get("/api/v1/schema/").content)

    operations = [
        (path, method, op)
        for path, ops in schema["paths"].items()
        if re.match(ACCOUNT_OPERATIONS, path)
        for method, op in ops.items()
    ]
    assert len(operations) == 10
    error = {"$ref": "#/components/schemas/Error"}
    for path, method, op in operations:
        codes = set(op["responses"])
        for code in codes & SUCCESS - {"204"}:
            assert op["responses"][code]["content"]["application/json"].get("examples"), (path, method, code)
        for code in ("401", "403", "429"):
            assert op["responses"][code]["content"]["application/json"]["schema"] == error, (path, method, code)
        if "{" in path:
            assert "404" in codes, (path, method)
        if "requestBody" in op:
            assert "400" in codes and op["requestBody"]["content"]["application/json"].get("examples"), path
        for parameter in op.get("parameters", []):
            assert parameter.get("examples") or parameter.get("example"), (path, parameter["name"])


schema = app_schema(path_regex=ACCOUNT_OPERATIONS, seed=20261203)


@pytest.fixture
def token_key(ada, grace):
    """A key of ada's, who has a friend, a request in and a request out, for the cases to act on."""
    from accounts.models import Friendship

    Friendship.objects.create(from_user=ada, to_user=grace, status=Friendship.Status.ACCEPTED)
    return services.token_create(owner=ada, name="schemathesis")[1]


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_account_api_honours_its_schema(case, token_key, wsgi_inside_the_test_transaction):
    # Every default check but "valid input is accepted": a well-formed username may name no one,
    # and a well-formed token name may be taken; both are documented 400s naming the field.
    case.call_and_validate(headers={"Authorization": f"Token {token_key}"}, excluded_checks=[positive_data_acceptance])
