"""A saved schedule's page and its share link say which classes leave little time to change
buildings, in the planner's words."""

import html

import pytest
from django.test import Client

from catalog.models import Section
from scheduler.models import SavedSchedule
from tests.scheduler.saved.conftest import SECTIONS, save, section_of

pytestmark = pytest.mark.django_db

# the fixture's CS 1110 LEC 001 (Rice Hall 130) ends 09:50, its CHEM 1410 LEC 100 (Chemistry Bldg 402) starts 10:00
RUSHED = (
    "Monday, Wednesday and Friday: CS 1110 LEC ends 09:50 in Rice Hall, CHEM 1410 LEC starts 10:00 in "
    "Chemistry Bldg (10 minutes)"
)


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def test_the_saved_page_and_the_shared_page_warn_of_back_to_back_classes_in_two_buildings(ada_api, ada_client):
    # given
    schedule = save(ada_api).json()
    token = ada_api.post(schedule["url"] + "share/").json()["share_url"].rstrip("/").split("/")[-1]
    # when
    own = html.unescape(ada_client.get(f"/schedules/{schedule['id']}/").content.decode())
    shared = html.unescape(Client().get(f"/s/{token}/").content.decode())
    # then
    for page in (own, shared):
        assert "Little time to change buildings between classes:" in page
        assert f"<li>{RUSHED}</li>" in page


def test_a_schedule_with_no_such_pair_says_nothing(ada_api, ada_client):
    # given: CS 1110 LEC 003 (TuTh 14:00, Chemistry Bldg) 40 minutes after CHEM 1410 DIS 101 instead of 001
    schedule = save(ada_api, sections=["40003", "40005", "40010", "40012", "40024"]).json()
    # when
    page = ada_client.get(f"/schedules/{schedule['id']}/").content.decode()
    # then
    assert "Little time to change buildings" not in page


def test_a_cancelled_section_is_no_class_to_rush_from(ada_api, ada_client):
    # given
    schedule = save(ada_api).json()
    Section.objects.filter(registrar_id="40001").update(status=Section.Status.CANCELLED)
    # when
    page = ada_client.get(f"/schedules/{schedule['id']}/").content.decode()
    # then
    assert "Little time to change buildings" not in page


def test_the_minutes_of_the_request_the_schedule_came_from_are_kept(ada_api, ada_client):
    # given: a schedule saved from a job asked with 5 minutes (10 are more)
    body = {"term": "2026-fall", "courses": ["CS 1110", "CHEM 1410", "MATH 1310"], "pinned": SECTIONS, "k": 1}
    job = ada_api.post("/api/v1/generations/", {**body, "back_to_back_minutes": 5}, format="json").json()
    schedule = save(ada_api, generation=job["id"]).json()
    assert SavedSchedule.objects.get(pk=schedule["id"]).generation.request["back_to_back_minutes"] == 5
    # when
    page = ada_client.get(f"/schedules/{schedule['id']}/").content.decode()
    # then
    assert "Little time to change buildings" not in page


def test_a_replan_keeps_the_minutes_of_the_job_it_came_from(ada_api, reimport):
    # given: a schedule saved from a job asked with 5 minutes, and its MATH lecture moved to another room
    body = {"term": "2026-fall", "courses": ["CS 1110", "CHEM 1410", "MATH 1310"], "pinned": SECTIONS, "k": 1}
    job = ada_api.post("/api/v1/generations/", {**body, "back_to_back_minutes": 5}, format="json").json()
    schedule = save(ada_api, generation=job["id"]).json()
    reimport(lambda data: section_of(data, "40024")["meetings"][0].update(location="Kerchof Hall 999"))
    # when
    response = ada_api.post(schedule["url"] + "replan/")
    # then
    assert response.status_code == 202, response.json()
    assert response.json()["request"]["back_to_back_minutes"] == 5
