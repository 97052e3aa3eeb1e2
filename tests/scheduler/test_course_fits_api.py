"""POST /api/v1/course-fits/: which courses could still be added to a plan (docs/api.md,
"Course fits"), on the demo catalog."""

import time
import uuid

import pytest
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db

URL = "/api/v1/course-fits/"
PLAN = {"institution": "demo", "term": "2026-fall"}
WEEKEND_JOB = {"days": ["Sa", "Su"], "start": "08:00", "end": "18:00", "label": "weekend job"}


@pytest.fixture(autouse=True)
def demo_catalog(db):
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)


@pytest.fixture(autouse=True)
def time_to_answer(settings):
    """5 s for a call, not 500 ms: the reads and the compilation count against it, and a machine busy
    with other tests must not turn an answer into "not known" (the tests of the budget set their own)."""
    settings.CLASSTIME_FIT_DEADLINE_MS = 5000


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def fits(api, **body) -> dict[str, tuple]:
    response = api.post(URL, {**PLAN, **body}, format="json")
    assert response.status_code == 200, response.content
    return {r["course"]: (r["fits"], r["reason"]) for r in response.json()["results"]}


def test_each_candidate_fits_or_says_what_it_clashes_with(api):
    # given: MUSI 1310 on Tuesday 19:00-21:30 and weekends taken; KINE 1010's labs are on
    # Saturday, Sunday and Tuesday 18:00-20:00
    plan = {"courses": ["MUSI 1310"], "busy": [WEEKEND_JOB]}
    # when
    verdict = fits(api, **plan, candidates=["KINE 1010", "CS 1110", "chem1410"])
    # then
    assert verdict == {
        "KINE 1010": (False, "it clashes with MUSI 1310"),
        "CS 1110": (True, ""),
        "CHEM 1410": (True, ""),
    }


def test_the_answer_keeps_the_order_asked_and_says_its_time(api):
    # when
    response = api.post(URL, {**PLAN, "courses": ["CS 1110"], "candidates": ["STS 1500", "ARTS 2050"]}, format="json")
    # then
    body = response.json()
    assert [r["course"] for r in body["results"]] == ["STS 1500", "ARTS 2050"]
    assert body["elapsed_ms"] >= 0


def test_a_plan_of_no_course_yet_checks_each_candidate_alone(api):
    # given: busy every Tuesday evening
    evening = {"days": ["Tu"], "start": "17:00", "end": "22:00", "label": "work"}
    # when
    verdict = fits(api, busy=[evening], candidates=["MUSI 1310", "KINE 1010"])
    # then
    assert verdict == {"MUSI 1310": (False, "it clashes with the busy time work"), "KINE 1010": (True, "")}


def test_filters_kept_and_avoided_sections_count(api):
    # given: CS 1110 kept in its Monday 9:00 lecture; SPAN 2020's lectures meet Mo-Th at 9:00,
    # 12:00 and 16:00, and only open ones are wanted
    plan = {"courses": ["CS 1110"], "pinned": ["40001"], "filters": {"open_seats_only": True}}
    # when: the 12:00 lecture avoided too, then not
    avoided = fits(api, **plan, excluded=["40054"], candidates=["SPAN 2020"])
    allowed = fits(api, **plan, candidates=["SPAN 2020"])
    # then: 9:00 is full (and CS 1110's), 16:00 is left
    assert avoided == {"SPAN 2020": (True, "")}
    assert fits(api, **plan, excluded=["40054", "40055"], candidates=["SPAN 2020"]) == {
        "SPAN 2020": (
            False,
            "its sections are ruled out by the filter open seats only and the sections you avoid "
            "(SPAN 2020 LEC 002, 003)",
        )
    }
    assert allowed == {"SPAN 2020": (True, "")}


def test_instructors_never_wanted_are_read_among_the_candidates_instructors_too(api):
    # given: MATH 1310 (Emmy Noether) planned, never with "Byron" or "Hopper" (surnames); CS 4993's
    # two sections are Ada Byron's and Grace Hopper's
    plan = {"courses": ["MATH 1310"], "filters": {"excluded_instructors": ["Byron", "Hopper"]}}
    # when
    verdict = fits(api, **plan, candidates=["CS 4993", "CS 1110"])
    # then: CS 4993 has no section left; CS 1110 has Ana Lopez's and Ben Okafor's labs, but its
    # lectures are Byron's and Hopper's
    ruled_out = (False, "its sections are ruled out by the filter never with: Ada Byron, Grace Hopper")
    assert verdict == {"CS 4993": ruled_out, "CS 1110": ruled_out}


def test_a_surname_shared_by_a_planned_course_and_a_candidate_rules_out_both_instructors(
    api, settings, django_capture_on_commit_callbacks
):
    from classtime_site.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    # given: CHEM 1411's labs are Lab Staff's (an elective, MATH 1310 the other pick), ECON 2010's
    # discussions TA Staff's, never with "Staff"
    plan = {
        "electives": [{"pick": 1, "courses": ["CHEM 1411", "MATH 1310"]}],
        "filters": {"excluded_instructors": ["Staff"]},
    }
    # when
    verdict = fits(api, **plan, candidates=["ECON 2010"])
    with django_capture_on_commit_callbacks(execute=True):
        generation = api.post("/api/v1/generations/", {**PLAN, **plan, "courses": ["ECON 2010"]}, format="json")
    # then: as a generation naming ECON 2010 reads "Staff", no discussion of it is left
    assert verdict == {"ECON 2010": (False, "its sections are ruled out by the filter never with: Lab Staff, TA Staff")}
    job = api.get(generation.json()["url"]).json()
    app.conf.task_always_eager = bool(not settings.REDIS_URL)
    assert job["request"]["filters"]["excluded_instructors"] == ["Lab Staff", "TA Staff"]
    assert job["status"] == "succeeded" and job["results"] == []


def test_a_plan_of_twelve_courses_has_room_for_none(api):
    # given: 12 of the demo's 14 courses
    twelve = ["ARTS 2050", "CHEM 1410", "CHEM 1411", "CS 1110", "CS 4993", "ECON 2010", "ENWR 1510", "HIST 2001"]
    twelve += ["KINE 1010", "MATH 1310", "MUSI 1310", "PHYS 1425"]
    # when
    verdict = fits(api, courses=twelve, candidates=["STS 1500"])
    # then
    assert verdict == {"STS 1500": (False, "your plan already takes 12 courses, the most a schedule takes")}


def test_a_code_sent_twice_counts_once_against_the_limit(api):
    # given: 13 of the demo catalog's courses, and CS 1110 eight more times in other spellings: 21 entries
    codes = ["ARTS 2050", "CHEM 1410", "CHEM 1411", "CS 1110", "CS 4993", "ECON 2010", "ENWR 1510", "HIST 2001"]
    codes += ["KINE 1010", "MATH 1310", "MUSI 1310", "PHYS 1425", "STS 1500"]
    # when
    response = api.post(URL, {**PLAN, "candidates": [*codes, *["cs1110", "CS1110"] * 4]}, format="json")
    # then
    assert response.status_code == 200, response.content
    assert [r["course"] for r in response.json()["results"]] == codes


def test_a_spent_budget_answers_unknown_never_does_not_fit(api, settings):
    # given: a deadline spent before the first check (a millionth of a nanosecond)
    settings.CLASSTIME_FIT_DEADLINE_MS = 1e-9
    # when
    verdict = fits(api, courses=["CS 1110"], candidates=["MUSI 1310", "KINE 1010"])
    # then
    assert {fit for fit, _ in verdict.values()} == {None}
    assert all("ran out" in reason for _, reason in verdict.values())


def test_calls_have_a_rate_of_their_own_tighter_than_a_reads(api, settings, rate_window_pinned):
    # given: two calls a minute per client (reads and generations unlimited), from an address of this test's own
    from classtime_site.api import throttle_key

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "generation": None, "course_fits": "2/minute"},
    }
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    cache.delete(throttle_key("course_fits", address, int(rate_window_pinned.at // 60)))
    body = {**PLAN, "courses": ["CS 1110"], "candidates": ["STS 1500"]}
    # when
    answers = [api.post(URL, body, format="json", REMOTE_ADDR=address) for _ in range(3)]
    generation = api.post("/api/v1/generations/", {**PLAN, "courses": ["CS 1110"]}, format="json", REMOTE_ADDR=address)
    # then
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[0]["X-RateLimit-Resource"] == "course_fits" and answers[0]["X-RateLimit-Limit"] == "2"
    assert answers[2].json()["error"]["code"] == "throttled" and 1 <= int(answers[2]["Retry-After"]) <= 60
    assert generation.status_code == 202


def test_reading_the_catalog_counts_against_the_calls_time(api, settings, monkeypatch):
    # given: 200 ms for the call, and reading the candidates' sections takes 300 ms
    from scheduler import course_fits

    read = course_fits.term_courses

    def slow(**kwargs):
        time.sleep(0.3)
        return read(**kwargs)

    settings.CLASSTIME_FIT_DEADLINE_MS = 200
    monkeypatch.setattr(course_fits, "term_courses", slow)
    # when
    verdict = fits(api, courses=["CS 1110"], candidates=["STS 1500", "CHEM 1410"])
    # then: the engine is not started, and nothing is said not to fit
    assert verdict == {code: (None, "not known: the time for this check ran out") for code in ["STS 1500", "CHEM 1410"]}


def test_preferences_are_read_but_nothing_is_looked_up_for_them(api):
    # given: friends' schedules that do not exist (a generation request is a 400 for them)
    preferences = {
        "friends": {"schedules": [999999], "shared_weight": 5},
        "instructors": {"avoid": ["Byron"], "weight": 3},
    }
    # when
    verdict = fits(api, courses=["CS 1110"], preferences=preferences, candidates=["STS 1500"])
    malformed = api.post(URL, {**PLAN, "preferences": {"compact": {}}, "candidates": ["STS 1500"]}, format="json")
    # then
    assert verdict == {"STS 1500": (True, "")}
    assert malformed.status_code == 400 and "preferences.compact.weight" in malformed.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("body", "field", "said"),
    [
        ({"courses": ["CS 1110"]}, "candidates", "name 1 to 20 course codes to try"),
        ({"candidates": []}, "candidates", "name at least one course to try"),
        ({"candidates": ["CS 1110"] * 101}, "candidates", "at most 20 courses to try in one call (and 100 entries"),
        ({"candidates": [f"CS {n}" for n in range(1000, 1021)]}, "candidates", "at most 20 courses to try in one call"),
        ({"candidates": ["ZZZ 1000"]}, "candidates", "unknown course(s) in Fall 2026 (2026-fall): ZZZ 1000"),
        ({"candidates": ["not a code!"]}, "candidates", "is not a course code such as 'CS 2100'"),
        ({"courses": ["CS 1110"], "candidates": ["cs1110"]}, "candidates", "CS 1110 already in the plan"),
        (
            {"electives": [{"pick": 1, "courses": ["ARTS 2050", "MUSI 1310"]}], "candidates": ["MUSI 1310"]},
            "candidates",
            "MUSI 1310 already in the plan",
        ),
        ({"courses": ["ZZZ 1000"], "candidates": ["CS 1110"]}, "courses", "unknown course(s)"),
        ({"candidates": ["CS 1110"], "pinned": ["40001"]}, "pinned", "not of a requested course"),
    ],
)
def test_a_malformed_call_is_a_400_naming_the_field(api, body, field, said):
    # when
    response = api.post(URL, {**PLAN, **body}, format="json")
    # then
    assert response.status_code == 400
    assert said in " ".join(map(str, response.json()["error"]["fields"][field]))


def test_the_schema_documents_the_endpoint(api):
    # when
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    # then
    post = schema["paths"]["/api/v1/course-fits/"]["post"]
    assert "fits" in str(post["responses"]["200"])
    request = schema["components"]["schemas"][
        post["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    ]
    assert request["properties"]["candidates"]["maxItems"] == 100  # entries: a code twice counts once
