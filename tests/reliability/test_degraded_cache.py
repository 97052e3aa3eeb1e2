"""A generation request is accepted while the throttle's cache (Redis in production) is down;
the throttle still counts while the cache is up. Quick: part of `make test`."""

import uuid

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db

REQUEST = {"term": "2026-fall", "courses": ["CS 1110", "CHEM 1410"], "k": 2}


@pytest.fixture
def demo():
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)


def client_of_its_own() -> APIClient:
    """An anonymous client with an address no other test has counted."""
    return APIClient(REMOTE_ADDR=f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}")


def test_a_generation_request_is_accepted_when_the_throttle_cache_is_down(demo, settings, cache_down):
    # given: a tiny generation rate, and the cache on a Redis port where nothing listens
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "generation": "1/minute"},
    }
    client = client_of_its_own()
    # when
    answers = [client.post("/api/v1/generations/", {**REQUEST, "k": k}, format="json") for k in (1, 2)]
    # then
    assert [a.status_code for a in answers] == [202, 202]


def test_the_generation_rate_still_applies_while_the_cache_is_up(demo, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "generation": "1/minute"},
    }
    client = client_of_its_own()

    first = client.post("/api/v1/generations/", REQUEST, format="json")
    second = client.post("/api/v1/generations/", {**REQUEST, "k": 3}, format="json")

    assert first.status_code == 202
    assert second.status_code == 429
    assert second.json()["error"]["code"] == "throttled"
    assert "Retry-After" in second
