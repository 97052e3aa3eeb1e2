"""Back-to-back classes in different buildings, warned about on the API's schedules."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit enqueues as in production

# CS 1110 LEC 001 meets MoWeFr 9:00-9:50 in Rice Hall 130, CHEM 1410 LEC 100 at 10:00 in Chemistry Bldg 402
REQUEST = {
    "term": "2026-fall",
    "courses": ["CS 1110", "CHEM 1410"],
    "pinned": ["40001", "40004", "40010", "40012"],
    "k": 1,
}
RUSHED = (
    "Monday, Wednesday and Friday: CS 1110 LEC ends 09:50 in Rice Hall, CHEM 1410 LEC starts 10:00 in "
    "Chemistry Bldg (10 minutes)"
)


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


def results(body: dict) -> list[dict]:
    api = APIClient()
    answer = api.post("/api/v1/generations/", body, format="json")
    assert answer.status_code == 202, answer.json()
    job = api.get(answer.json()["url"]).json()
    assert job["status"] == "succeeded"
    return job["results"]


def test_a_schedule_with_classes_back_to_back_in_two_buildings_carries_a_warning():
    # when
    [schedule] = results(REQUEST)
    # then
    assert schedule["warnings"] == [RUSHED]
    rooms = {s["course"] + " " + s["component"]: s["meetings"][0]["location"] for s in schedule["sections"]}
    assert rooms["CS 1110 LEC"] == "Rice Hall 130" and rooms["CHEM 1410 LEC"] == "Chemistry Bldg 402"


def test_the_request_says_how_many_minutes_are_back_to_back():
    # when: ten minutes are more than the five asked
    [schedule] = results({**REQUEST, "back_to_back_minutes": 5})
    # then
    assert schedule["warnings"] == []


@pytest.mark.parametrize("minutes", [-1, 241, "soon"])
def test_minutes_out_of_range_are_a_400_naming_the_field(minutes):
    # when
    answer = APIClient().post("/api/v1/generations/", {**REQUEST, "back_to_back_minutes": minutes}, format="json")
    # then
    assert answer.status_code == 400
    said = answer.json()["error"]["fields"]["back_to_back_minutes"][0]
    assert said in (
        "Ensure this value is greater than or equal to 0.",
        "Ensure this value is less than or equal to 240.",
        "A valid integer is required.",
    ), said
