"""The filter `excluded_instructors` ("never with"): names read as the preference's are, the
sections of those instructors never used, the filter named when nothing fits, and refused when a
name is also preferred."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from catalog.models import Term
from scheduler import requests
from tests.conftest import DEMO_CATALOG, yaml_read

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit enqueues as in production

# the demo catalog's CS 1110: lectures 40001 and 40002 by Ada Byron, 40003 by Grace Hopper; labs
# 40004, 40005 and 40008 by Ana Lopez, 40006, 40007 and 40009 by Ben Okafor
BYRON = {"40001", "40002"}


@pytest.fixture(autouse=True)
def in_process_tasks(settings):
    from classtime_site.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = bool(not settings.REDIS_URL)


@pytest.fixture(autouse=True)
def demo_catalog():
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)


@pytest.fixture
def api():
    return APIClient()


def generate(api, **fields) -> dict:
    """The finished job of a CS 1110 request with these fields."""
    response = api.post("/api/v1/generations/", {"term": "2026-fall", "courses": ["CS 1110"], **fields}, format="json")
    assert response.status_code == 202, response.json()
    return api.get(response.json()["url"]).json()


def test_no_schedule_has_a_section_of_an_instructor_never_wanted(api):
    # when: Byron typed by surname, and a name nobody of the courses has
    job = generate(api, filters={"excluded_instructors": ["byron", "Nobody Here"]}, k=20)
    # then: the job holds the names read (an unknown one as written), and every schedule takes Hopper's lecture
    assert job["request"]["filters"]["excluded_instructors"] == ["Ada Byron", "Nobody Here"]
    lectures = {s["id"] for r in job["results"] for s in r["sections"] if s["component"] == "LEC"}
    assert lectures == {"40003"}


def test_never_with_is_a_must_where_avoiding_is_a_cost(api):
    # given: Byron's lectures avoided at the highest weight, or never wanted, with Hopper's 40003 kept out
    avoided = generate(api, excluded=["40003"], preferences={"instructors": {"weight": 100, "avoid": ["Byron"]}})
    never = generate(api, excluded=["40003"], filters={"excluded_instructors": ["Byron"]})
    # then: the preference still gives Byron's sections, the filter gives nothing and says why
    assert {s["id"] for s in avoided["results"][0]["sections"]} & BYRON
    assert never["results"] == []
    explanation = never["explanation"]
    conflicts = [(c["kind"], c["ref"], c["label"]) for c in explanation["conflicts"]]
    assert ("filter", "excluded_instructors", "never with: Ada Byron") in conflicts
    drops = [r["drops"] for r in explanation["repairs"]]
    assert [{"kind": "filter", "ref": "excluded_instructors"}] in drops


def test_a_filter_leaving_a_component_nothing_says_who_teaches_it(api):
    # when
    job = generate(api, filters={"excluded_instructors": ["Ada Byron", "hopper", "Ben Okafor"]})
    # then: the lectures are all Byron's or Hopper's (Okafor teaches labs only, which Lopez's still fill)
    assert job["results"] == []
    assert job["explanation"]["message"] == "Every CS 1110 LEC section is taught by Ada Byron or Grace Hopper."


@pytest.mark.parametrize(
    ("prefer", "never"),
    [(["Grace Hopper"], ["Grace Hopper"]), (["hopper"], ["grace HOPPER"]), (["Hopper, G"], ["hopper"])],
)
@pytest.mark.parametrize("weight", [5, 0])
def test_a_name_both_preferred_and_never_wanted_is_a_400(api, prefer, never, weight):
    # when
    response = api.post(
        "/api/v1/generations/",
        {
            "term": "2026-fall",
            "courses": ["CS 1110"],
            "filters": {"excluded_instructors": never},
            "preferences": {"instructors": {"weight": weight, "prefer": prefer}},
        },
        format="json",
    )
    # then: one person however typed, whatever the preference's weight
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "filters.excluded_instructors": ["Grace Hopper is also preferred: prefer or never take, not both"]
    }


def test_a_name_avoided_and_never_wanted_is_taken(api):
    # when
    job = generate(
        api,
        filters={"excluded_instructors": ["Byron"]},
        preferences={"instructors": {"weight": 5, "avoid": ["Byron"], "prefer": ["Lopez"]}},
    )
    # then
    assert job["request"]["filters"]["excluded_instructors"] == ["Ada Byron"]
    assert job["results"] and job["results"][0]["score"] == 0


def test_too_many_names_is_a_400(api):
    # when
    response = api.post(
        "/api/v1/generations/",
        {
            "term": "2026-fall",
            "courses": ["CS 1110"],
            "filters": {"excluded_instructors": [f"N{i}" for i in range(21)]},
        },
        format="json",
    )
    # then
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "filters.excluded_instructors": ["Ensure this field has no more than 20 elements."]
    }


def test_the_schema_describes_the_filter_in_requests_and_stored_jobs(api):
    # when
    schemas = yaml_read(api.get("/api/v1/schema/").content)["components"]["schemas"]
    # then
    sent = schemas["FiltersRequest"]["properties"]["excluded_instructors"]
    assert sent["type"] == "array" and sent["items"]["type"] == "string" and sent["maxItems"] == 20
    assert "Never these instructors" in sent["description"]
    stored = [s for name, s in schemas.items() if "excluded_instructors" in s.get("properties", {})]
    assert len(stored) >= 2  # the request's filters and the job's stored ones


def test_a_request_stored_before_the_filter_is_prepared_with_none(api):
    # given: a job's stored request from before the filter: its filters have no such key
    job = generate(api, filters={"campuses": ["Main"]})
    stored = job["request"]
    del stored["filters"]["excluded_instructors"]
    # when
    prepared = requests.engine_request_prepare(term=Term.objects.get(), request=stored)
    # then
    assert prepared.request.filters.excluded_instructors == frozenset()
    assert prepared.request.filters.campuses == frozenset({"Main"})
