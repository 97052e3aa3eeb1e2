"""Allowed overlaps in the generation API: two courses of the request whose classes may overlap,
validated, stored only when given, answered with the warning the engine gives."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from scheduler.api.serializers import GenerationRequestSerializer
from tests.conftest import DEMO_CATALOG, yaml_read

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit enqueues as in production

# the demo catalog's MUSI 1310 meets only Tu 19:00-21:30; KINE 1010's 003 (40058) Tu 18:00-20:00
KINE_AT_SIX = {"courses": ["MUSI 1310", "KINE 1010"], "excluded": ["40056", "40057"]}
WARNING = "KINE 1010 LAB 003 and MUSI 1310 LEC 001 overlap on Tuesday, 19:00-20:00 (allowed)"


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


def post(api, **fields):
    return api.post("/api/v1/generations/", {"term": "2026-fall", **fields}, format="json")


def generate(api, **fields) -> dict:
    response = post(api, **fields)
    assert response.status_code == 202, response.json()
    return api.get(response.json()["url"]).json()


def test_two_courses_allowed_to_overlap_give_a_schedule_with_the_warning(api):
    # given: nothing fits while the two overlap
    assert generate(api, **KINE_AT_SIX)["results"] == []
    # when
    job = generate(api, **KINE_AT_SIX, allowed_overlaps=[["musi1310", "KINE 1010"]])
    # then: the pair is stored normalised and sorted, and the schedule says where they overlap
    assert job["request"]["allowed_overlaps"] == [["KINE 1010", "MUSI 1310"]]
    assert job["request"]["overlap_minutes"] is None
    assert [sorted(s["id"] for s in r["sections"]) for r in job["results"]] == [["40042", "40058"]]
    assert job["results"][0]["warnings"] == [WARNING]


@pytest.mark.parametrize(("minutes", "found"), [(60, 1), (59, 0)])
def test_overlap_minutes_caps_the_allowed_overlap(api, minutes, found):
    # when: the two overlap 60 minutes
    job = generate(api, **KINE_AT_SIX, allowed_overlaps=[["MUSI 1310", "KINE 1010"]], overlap_minutes=minutes)
    # then
    assert len(job["results"]) == found
    assert job["request"]["overlap_minutes"] == minutes


def test_a_request_without_allowed_overlaps_stores_neither_key(api):
    # when
    job = generate(api, courses=["CS 1110"], allowed_overlaps=[])
    # then: stored as before the option was added (so its fingerprint is too)
    assert "allowed_overlaps" not in job["request"]
    assert "overlap_minutes" not in job["request"]


NOT_IN = "not among the request's courses: name two courses of `courses` or `electives`"


@pytest.mark.parametrize(
    ("fields", "field", "said"),
    [
        ({"allowed_overlaps": [["MUSI 1310", "CS 1110"]]}, "allowed_overlaps.0", f"CS 1110 is {NOT_IN}"),
        (
            {"allowed_overlaps": [["MUSI 1310", "KINE 1010"], ["ZZZ 9", "ART 1"]]},
            "allowed_overlaps.1",
            f"ART 1 and ZZZ 9 are {NOT_IN}",
        ),
        (
            {"allowed_overlaps": [["MUSI 1310", "musi-1310"]]},
            "allowed_overlaps.0",
            "MUSI 1310 cannot overlap itself: name two courses",
        ),
        (
            {"allowed_overlaps": [["MUSI 1310", "not a code!"]]},
            "allowed_overlaps.0",
            "'not a code!' is not a course code such as 'CS 2100'",
        ),
        ({"allowed_overlaps": [["MUSI 1310"]]}, "allowed_overlaps.0", "Ensure this field has at least 2 elements."),
        (
            {"allowed_overlaps": [["MUSI 1310", "KINE 1010"]], "overlap_minutes": -1},
            "overlap_minutes",
            "Ensure this value is greater than or equal to 0.",
        ),
        ({"overlap_minutes": 15}, "overlap_minutes", "give allowed_overlaps too: it caps their overlap"),
    ],
)
def test_a_malformed_allowed_overlap_is_a_400_naming_the_field(api, fields, field, said):
    # when
    response = post(api, **KINE_AT_SIX, **fields)
    # then
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {field: [said]}


def test_an_elective_course_may_be_named_in_an_allowed_overlap():
    # when
    serializer = GenerationRequestSerializer(
        data={
            "term": "2026-fall",
            "courses": ["MUSI 1310"],
            "electives": [{"pick": 1, "courses": ["KINE 1010", "ARTS 2050"]}],
            "allowed_overlaps": [["KINE 1010", "MUSI 1310"]],
        }
    )
    # then
    assert serializer.is_valid(), serializer.errors
    assert serializer.normalised()["allowed_overlaps"] == [["KINE 1010", "MUSI 1310"]]


def test_the_schema_describes_allowed_overlaps_in_requests_and_stored_jobs(api):
    # when
    schemas = yaml_read(api.get("/api/v1/schema/").content)["components"]["schemas"]
    # then
    sent = schemas["GenerationRequestRequest"]["properties"]["allowed_overlaps"]
    assert sent["maxItems"] == 20 and sent["items"]["minItems"] == 2 and sent["items"]["maxItems"] == 2
    assert "may overlap" in sent["description"]
    assert schemas["GenerationRequestRequest"]["properties"]["overlap_minutes"]["nullable"] is True
    stored = schemas["StoredRequestOut"]["properties"]
    assert "allowed_overlaps" in stored and "overlap_minutes" in stored
