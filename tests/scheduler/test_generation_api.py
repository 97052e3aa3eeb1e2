"""Generation jobs through the API on the embedded path (in-process tasks), and validation."""

import json
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from rest_framework.test import APIClient

from scheduler import engine, services
from scheduler.models import GenerationJob
from tests.conftest import DEMO_CATALOG, yaml_read

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit enqueues as in production

# the demo catalog's courses
DEMO_COURSES = ["ARTS 2050", "CHEM 1410", "CHEM 1411", "CS 1110", "CS 4993", "ECON 2010", "ENWR 1510"]
DEMO_COURSES += ["HIST 2001", "KINE 1010", "MATH 1310", "MUSI 1310", "PHYS 1425", "SPAN 2020", "STS 1500"]
REQUEST = {
    "term": "2026-fall",
    "courses": ["CS 1110", "chem1410", "MATH 1310"],
    "busy": [{"days": ["Mo", "We"], "start": "07:00", "end": "09:00", "buffer_after": 60}],
    "preferences": {
        "no_classes_before": {"weight": 5, "time": "10:00"},
        "free_days": {"weight": 10, "days": ["Fr"]},
        "lunch": {"weight": 3},
    },
    "k": 5,
}


@pytest.fixture(autouse=True)
def in_process_tasks(settings):
    """Tasks run in-process as on the embedded default, also in the PostgreSQL + Redis pass
    (the worker processes have their own tests in test_generation_workers.py)."""
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


def post(api, body):
    return api.post("/api/v1/generations/", body, format="json")


def test_a_request_is_answered_202_with_the_job_and_its_url(api):
    response = post(api, REQUEST)

    body = response.json()
    assert response.status_code == 202
    assert response["Location"] == body["url"]
    assert body["url"].endswith(f"/api/v1/generations/{body['id']}/")


def test_an_unfinished_job_says_when_to_read_it_again(api):
    # given: a job no worker has taken yet, and one that has finished
    from catalog.models import Term

    queued = services.generation_job_submit(owner=None, term=Term.objects.get(), request={"x": 1}, enqueue=False)
    finished = post(api, REQUEST)
    # when
    polled = api.get(f"/api/v1/generations/{queued.pk}/")
    done = api.get(finished["Location"])
    # then: Retry-After only while there is something to wait for
    assert polled.json()["status"] == "queued" and polled["Retry-After"] == "1"
    assert finished.json()["status"] == "succeeded" and not finished.has_header("Retry-After")
    assert not done.has_header("Retry-After")


def test_the_schema_names_the_headers_a_client_polls_by(api):
    schema = yaml_read(api.get("/api/v1/schema/").content)

    submitted = schema["paths"]["/api/v1/generations/"]["post"]["responses"]["202"]["headers"]
    responses = schema["paths"]["/api/v1/generations/{job_id}/"]["get"]["responses"]
    read, not_modified = responses["200"]["headers"], responses["304"]["headers"]
    limits = {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Resource"}
    assert set(submitted) == {"Location", "Retry-After", "Idempotent-Replayed", *limits}
    assert set(read) == set(not_modified) == {"Retry-After", "ETag", *limits}


def test_a_job_polled_with_its_etag_is_a_bodiless_304_until_it_changes(api):
    # given: a job no worker has taken yet, read once
    from catalog.models import Term

    job = services.generation_job_submit(owner=None, term=Term.objects.get(), request={"x": 1}, enqueue=False)
    url = f"/api/v1/generations/{job.pk}/"
    first = api.get(url)
    # when: polled with its tag while nothing changed, then after the job is cancelled
    unchanged = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    weakened = api.get(url, HTTP_IF_NONE_MATCH=f"W/{first['ETag']}")
    api.delete(url)
    changed = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    # then
    assert first.status_code == 200 and first["Cache-Control"] == "private, no-cache"
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == first["ETag"] and unchanged["Retry-After"] == "1"
    assert unchanged["Cache-Control"] == "private, no-cache"
    assert weakened.status_code == 304
    assert changed.status_code == 200 and changed.json()["status"] == "cancelled"
    assert changed["ETag"] != first["ETag"] and not changed.has_header("Retry-After")


def test_a_finished_jobs_etag_is_its_json_and_the_browsable_api_has_none(api):
    # given
    finished = post(api, REQUEST)
    # when
    polled = api.get(finished["Location"])
    browsed = api.get(finished["Location"] + "?format=api")
    # then
    assert polled.json() == finished.json() and polled["ETag"].startswith('"')
    assert api.get(finished["Location"], HTTP_IF_NONE_MATCH=polled["ETag"]).status_code == 304
    assert browsed.status_code == 200 and not browsed.has_header("ETag")


def test_a_job_submitted_and_read_in_the_browsable_api_is_shown_not_a_500(api):
    # given: the browsable API took a job's `results` for a page of a list
    asked = {"term": "2026-fall", "courses": ["CS 1110"]}
    # when
    submitted = api.post("/api/v1/generations/?format=api", asked, format="json")
    read = api.get(f"/api/v1/generations/{GenerationJob.objects.get().pk}/?format=api")
    # then
    assert submitted.status_code == 202 and b"CS 1110" in submitted.content
    assert read.status_code == 200 and b"succeeded" in read.content


def test_the_browsable_apis_form_body_is_still_read(api):
    # given: what the HTML form sends, with Django's CSRF field beside the request's own
    form = {"term": "2026-fall", "courses": ["CS 1110"], "k": "3", "csrfmiddlewaretoken": "from-the-form"}
    # when
    response = api.post("/api/v1/generations/", form, format="multipart")
    # then: only JSON bodies are held to the schema's JSON types (a form has text)
    assert response.status_code == 202, response.json()
    assert response.json()["request"]["courses"] == ["CS 1110"] and response.json()["request"]["k"] == 3


@pytest.mark.parametrize("encoding", ["multipart", "form"])
def test_a_misspelt_key_in_a_form_body_is_a_400_as_in_json(api, encoding):
    # given: "pins" for "pinned", as `curl -d` sends it
    form = {"term": "2026-fall", "courses": ["CS 1110"], "pins": "40002"}
    # when
    if encoding == "form":
        response = api.post(
            "/api/v1/generations/",
            "term=2026-fall&courses=CS+1110&pins=40002",
            content_type="application/x-www-form-urlencoded",
        )
    else:
        response = api.post("/api/v1/generations/", form, format="multipart")
    # then
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["pins"][0].startswith("not a field here; expected one of term")
    assert GenerationJob.objects.count() == 0


@pytest.mark.parametrize(
    ("form", "field", "said"),
    [
        ("busy=%5B%7B%22days%22%3A%5B%22Mo%22%5D%7D%5D", "busy", "the form key 'busy' is not read"),
        ("busy.0.days=Mo&busy.0.start=08:00&busy.0.end=12:00", "busy", "gives each item's fields as busy[0]days="),
        ("filters=%7B%22open_seats_only%22%3Atrue%7D", "filters", "gives its fields as filters.open_seats_only="),
        ("preferences=garbage", "preferences", "the form key 'preferences' is not read"),
        ("electives=zzz", "electives", "gives each item's fields as electives[0]pick="),
        ("courses%5B0%5D=MUSI+1310", "courses", "gives a list as courses=… once per item"),
        ("k.x=1", "k", "gives one value as k=…"),
    ],
)
def test_a_form_key_drf_would_not_read_is_a_400_not_a_request_answered_without_it(api, form, field, said):
    # when: a nested field sent as JSON text in a form field, or in a shape DRF does not read
    response = api.post(
        "/api/v1/generations/",
        f"term=2026-fall&courses=CS+1110&{form}",
        content_type="application/x-www-form-urlencoded",
    )
    # then: refused, naming the field and the shape it takes, never a job run without it
    assert response.status_code == 400
    message = response.json()["error"]["fields"][field][0]
    assert said in message and message.endswith("or send the request as JSON (Content-Type: application/json)")
    assert GenerationJob.objects.count() == 0


def test_a_form_body_naming_nested_fields_as_drf_reads_them_is_read(api):
    # when
    form = "term=2026-fall&courses=CS+1110&busy[0]days=Mo&busy[0]start=08:00&busy[0]end=12:00"
    response = api.post("/api/v1/generations/", form, content_type="application/x-www-form-urlencoded")
    # then
    assert response.status_code == 202, response.json()
    assert response.json()["request"]["busy"][0]["days"] == ["Mo"]


def test_an_unknown_institution_is_refused_on_institution_and_a_term_it_lacks_on_term(api):
    # when
    unknown = post(api, {"institution": "nope", "term": "2026-fall", "courses": ["CS 1110"]})
    lacking = post(api, {"institution": "demo", "term": "1999-fall", "courses": ["CS 1110"]})
    # then: each names what is wrong, as `GET schedules/?institution=` does
    assert unknown.status_code == lacking.status_code == 400
    assert unknown.json()["error"]["fields"] == {"institution": ["no institution 'nope'; expected one of demo"]}
    assert lacking.json()["error"]["fields"] == {"term": ["no term '1999-fall' of institution 'demo'"]}


def test_a_preference_given_without_its_weight_is_a_400_asking_for_one(api):
    # when: a time clearly meant to be used, but no weight
    body = {"term": "2026-fall", "courses": ["CS 1110"], "preferences": {"no_classes_before": {"time": "10:00"}}}
    response = post(api, body)
    off = post(api, {**body, "preferences": {"no_classes_before": {"weight": 0, "time": "10:00"}}})
    # then: not dropped without a word (weight 0 still turns it off)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "preferences.no_classes_before.weight": ["give the preference a weight (0 turns it off)"]
    }
    assert off.status_code == 202 and off.json()["request"]["preferences"] == {}


def test_json_sent_without_its_content_type_is_told_to_name_it(api):
    # when: `curl -d '{...}'` without -H 'Content-Type: application/json'
    response = api.post("/api/v1/generations/", json.dumps(REQUEST), content_type="application/x-www-form-urlencoded")
    # then
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
    assert "Content-Type: application/json" in response.json()["error"]["message"]


def test_on_the_embedded_path_the_job_has_finished_with_ranked_valid_results(api):
    # when
    job = api.get(post(api, REQUEST).json()["url"]).json()
    # then
    assert job["status"] == "succeeded"
    assert job["proven_optimal"] is True
    scores = [s["score"] for s in job["results"]]
    assert scores == sorted(scores) and 1 <= len(scores) <= 5
    best = job["results"][0]
    assert {s["course"] for s in best["sections"]} == {"CS 1110", "CHEM 1410", "MATH 1310"}
    assert sum(best["breakdown"].values()) == best["score"]
    for s in best["sections"]:
        for m in s["meetings"]:
            if m["kind"] == "weekly" and m["start"] and {"Mo", "We"} & set(m["days"]):
                assert m["start"] >= "10:00", "the 7:00-9:00 block plus an hour's buffer"
    discussion = next(s for s in best["sections"] if s["course"] == "CHEM 1410" and s["component"] == "DIS")
    lecture = next(s for s in best["sections"] if s["course"] == "CHEM 1410" and s["component"] == "LEC")
    assert discussion["code"][0] == lecture["code"][0], "a discussion goes with its own lecture"


def test_an_exam_on_a_term_holiday_is_not_warned_about_the_weekly_classes_not_held_that_day(api):
    # given: a weekly Thursday evening class at the time of CHEM 1410's two evening exams
    # (2026-09-24 and 2026-10-29), and the first exam's date made a holiday (as a finals week is)
    from catalog import services as catalog_services
    from catalog.models import Component, Course, Meeting, Section, Term

    term = Term.objects.get()
    course = Course.objects.create(term=term, subject="EVEN", number="1000", title="Evening Seminar")
    component = Component.objects.create(course=course, kind="SEM", name="Seminar")
    section = Section.objects.create(term=term, component=component, registrar_id="90001", code="001")
    Meeting.objects.create(section=section, position=0, days=1 << 3, start_time="19:00", end_time="20:00")
    body = {"term": "2026-fall", "courses": ["CHEM 1410", "EVEN 1000"], "k": 1}
    before = api.get(post(api, body).json()["url"]).json()
    term.holidays = [*term.holidays, "2026-09-24"]
    term.save(update_fields=["holidays"])
    catalog_services.term_catalog_edited(term_id=term.pk)  # as the admin's edit of a term does
    # when
    after = api.get(post(api, body).json()["url"]).json()
    # then
    assert before["results"][0]["warnings"] == [
        "CHEM 1410 exam (Th 2026-09-24 19:00) clashes with EVEN 1000",
        "CHEM 1410 exam (Th 2026-10-29 19:00) clashes with EVEN 1000",
    ]
    assert after["results"][0]["warnings"] == ["CHEM 1410 exam (Th 2026-10-29 19:00) clashes with EVEN 1000"]


def test_each_schedule_says_its_credit_hours_with_the_picked_electives(api):
    # given: CS 1110 (3 credits) and one of HIST 2001 (1.5) and CS 4993 (1 to 3)
    body = {
        "term": "2026-fall",
        "courses": ["CS 1110"],
        "electives": [{"pick": 1, "courses": ["HIST 2001", "CS 4993"]}],
    }
    # when
    job = api.get(post(api, {**body, "k": 20}).json()["url"]).json()
    # then: each schedule counts the elective it picked
    credits = {
        next(s["course"] for s in (*r["sections"], *r["tba"]) if s["course"] != "CS 1110"): r["credits"]
        for r in job["results"]
    }
    assert credits == {
        "HIST 2001": {"min": 4.5, "max": 4.5, "unknown": []},
        "CS 4993": {"min": 4.0, "max": 6.0, "unknown": []},
    }


def test_each_schedule_says_which_sections_and_weekdays_its_points_come_from(api):
    # given: classes before 12:00 and on Friday cost
    body = {
        "term": "2026-fall",
        "courses": ["CS 1110", "CHEM 1410"],
        "preferences": {
            "no_classes_before": {"weight": 5, "time": "12:00"},
            "free_days": {"weight": 10, "days": ["Fr"]},
        },
        "k": 20,
    }
    # when
    job = api.get(post(api, body).json()["url"]).json()
    # then: each cost above 0 names its sections, read off their meetings, and only those
    weekly = {
        s["id"]: [m for m in s["meetings"] if m["kind"] == "weekly" and m["start"]]
        for r in job["results"]
        for s in (*r["sections"], *r["tba"])
    }
    early = {sid for sid, ms in weekly.items() if any(m["start"] < "12:00" for m in ms)}
    friday = {sid for sid, ms in weekly.items() if any("Fr" in m["days"] for m in ms)}
    for r in job["results"]:
        ids = [s["id"] for s in r["sections"]]
        sources = r["breakdown_sources"]
        assert set(sources) == {name for name, points in r["breakdown"].items() if points}
        if r["breakdown"]["early"]:
            assert sources["early"] == {
                "sections": [i for i in ids if i in early],
                "days": [],
                "elective_picks": 0,
                "busy": [],
            }
        if r["breakdown"]["free_days"]:
            assert sources["free_days"] == {
                "sections": [i for i in ids if i in friday],
                "days": ["Fr"],
                "elective_picks": 0,
                "busy": [],
            }
    assert any(r["breakdown"]["early"] for r in job["results"])
    assert any(r["breakdown"]["free_days"] for r in job["results"])


def test_the_schema_documents_where_a_schedules_points_come_from(api):
    # when
    schemas = yaml_read(api.get("/api/v1/schema/").content)["components"]["schemas"]
    # then: a map from the breakdown's names to a source, every field of which is described
    field = schemas["GeneratedScheduleOut"]["properties"]["breakdown_sources"]
    assert field["additionalProperties"]["$ref"].endswith("/BreakdownSourceOut") and field["description"]
    source = schemas["BreakdownSourceOut"]
    assert set(source["required"]) == {"sections", "days", "elective_picks"}
    assert set(source["properties"]) == {"sections", "days", "elective_picks", "busy"}
    assert all(p.get("description") for p in source["properties"].values())


def test_a_busy_time_taking_part_in_a_schedules_idle_gaps_is_named_by_its_label(api):
    # given: practice every weekday 6:00-7:00, before any class of the demo catalog, and
    # compact days wanted
    body = {
        "term": "2026-fall",
        "courses": ["CS 1110", "MATH 1310"],
        "busy": [{"days": ["Mo", "Tu", "We", "Th", "Fr"], "start": "06:00", "end": "07:00", "label": "practice"}],
        "preferences": {"compact": {"weight": 1}},
        "k": 5,
    }
    # when
    job = api.get(post(api, body).json()["url"]).json()
    # then: the wait from practice to the first class is idle, and the practice is named
    assert job["results"] and all(r["breakdown"]["gaps"] for r in job["results"])
    for r in job["results"]:
        assert r["breakdown_sources"]["gaps"]["busy"] == ["practice"]


def test_credits_count_each_course_once_and_name_the_ones_the_catalog_does_not_give():
    # given
    from decimal import Decimal

    from catalog.sources.records import CourseRecord
    from scheduler.requests import credits_total

    lab = CourseRecord("CHEM", "1411", "Lab", Decimal("1"), Decimal("1"))
    research = CourseRecord("CS", "4993", "Research", Decimal("1"), Decimal("3"))
    only_max = CourseRecord("ARTS", "2050", "Studio", None, Decimal("2"))
    unknown = CourseRecord("KINE", "1010", "Yoga")
    # when
    total = credits_total([lab, lab, research, only_max, unknown])
    # then
    assert total == {"min": 4.0, "max": 6.0, "unknown": ["KINE 1010"]}


@pytest.mark.parametrize(
    ("credits", "words"),
    [
        ({"min": 15.0, "max": 15.0, "unknown": []}, "15 credits"),
        ({"min": 1.0, "max": 1.0, "unknown": []}, "1 credit"),
        ({"min": 4.5, "max": 6.0, "unknown": []}, "4.5 to 6 credits"),
        (
            {"min": 3.0, "max": 3.0, "unknown": ["CS 4993", "KINE 1010"]},
            "3 credits, not counting CS 4993, KINE 1010: credits not given",
        ),
        (None, ""),
    ],
)
def test_credits_are_worded_as_a_student_reads_them(credits, words):
    from scheduler.requests import credits_words

    assert credits_words(credits) == words


def test_a_wide_elective_pool_is_searched_whole(api):
    # given: every other demo course in one group, more than the ten a group used to hold
    pool = [c for c in DEMO_COURSES if c != "CS 1110"]
    body = {"term": "2026-fall", "courses": ["CS 1110"], "electives": [{"pick": 2, "courses": pool}], "k": 10}
    # when
    job = api.get(post(api, body).json()["url"]).json()
    # then: proven, and each schedule takes CS 1110 and two courses of the pool
    assert job["status"] == "succeeded" and job["proven_optimal"] is True
    assert len(job["results"]) == 10
    for schedule in job["results"]:
        courses = {s["course"] for s in schedule["sections"] + schedule["tba"]}
        assert "CS 1110" in courses and len(courses - {"CS 1110"}) == 2
        assert courses - {"CS 1110"} <= set(pool)


def test_an_identical_request_is_answered_from_the_earlier_job(api):
    first = post(api, REQUEST).json()

    second = post(api, REQUEST).json()

    assert second["reused"] is True and second["id"] != first["id"]
    assert second["results"] == api.get(first["url"]).json()["results"]
    assert GenerationJob.objects.filter(reused_from__isnull=True).count() == 1


def test_a_job_is_reused_for_its_own_owner_only_so_no_one_learns_what_another_account_asked():
    # given: ana's request, with a busy time labelled
    ana, ben, anyone = APIClient(), APIClient(), APIClient()
    ana.force_authenticate(User.objects.create_user("ana", password="pw-ana-12345"))
    ben.force_authenticate(User.objects.create_user("ben", password="pw-ben-12345"))
    asked = {**REQUEST, "busy": [{**REQUEST["busy"][0], "label": "therapy"}]}
    first = post(ana, asked).json()
    # when: the same request from another account, signed out, and from ana again
    answers = [post(client, asked).json() for client in (ben, anyone, ana)]
    # then
    assert [answer["reused"] for answer in answers] == [False, False, True]
    assert answers[2]["results"] == ana.get(first["url"]).json()["results"]


# on the demo catalog, the beam (64 wide) keeps only sections that leave no room for a schedule
# with Friday free, so the exact search answers this beam request
BEAM_MISSES = {
    "term": "2026-fall",
    "courses": ["CHEM 1410", "CS 1110", "ECON 2010"],
    "preferences": {"free_days": {"weight": 10, "days": ["Fr"]}},
    "strategy": "beam",
}


def test_a_job_says_which_search_answered_when_the_beam_found_nothing(api):
    # given: a signed-in student asking with the beam, which misses every schedule here
    api.force_authenticate(User.objects.create_user("ana", password="pw-ana-12345"))
    # when
    job = api.get(post(api, BEAM_MISSES).json()["url"]).json()
    listed = api.get("/api/v1/generations/").json()["results"][0]
    reused = post(api, BEAM_MISSES).json()
    # then: the request stays as asked, the job names the exact search, also in the list and reused
    assert job["request"]["strategy"] == "beam" and job["results"]
    assert job["strategy"] == "exact" and job["proven_optimal"] is True
    assert "the exact search found this one" in job["results"][0]["warnings"][0]
    assert listed["id"] == job["id"] and listed["strategy"] == "exact"
    assert reused["reused"] is True and reused["strategy"] == "exact"


def test_a_job_the_beam_answered_says_so_and_an_unfinished_one_says_nothing_yet(api):
    # given: a request the beam answers, and a job no worker has taken
    from catalog.models import Term

    queued = services.generation_job_submit(owner=None, term=Term.objects.get(), request={"x": 1}, enqueue=False)
    # when
    beam = post(api, {**REQUEST, "strategy": "beam"}).json()
    exact = post(api, REQUEST).json()
    waiting = api.get(f"/api/v1/generations/{queued.pk}/").json()
    # then
    assert beam["strategy"] == "beam" and beam["results"]
    assert not any(engine.BEAM_FELL_BACK in r["warnings"] for r in beam["results"])  # other warnings may come
    assert exact["strategy"] == "exact"
    assert waiting["strategy"] is None


def test_a_job_an_older_worker_finished_without_its_strategy_still_says_which_search_answered(api):
    # given: jobs a worker of the release before `strategy` finished during an upgrade (it leaves
    # the field empty): a beam request the exact search answered, one the beam answered, an exact one
    api.force_authenticate(User.objects.create_user("ana", password="pw-ana-12345"))
    jobs = {
        "fell back": post(api, BEAM_MISSES).json()["id"],
        "beam": post(api, {**REQUEST, "strategy": "beam"}).json()["id"],
        "exact": post(api, REQUEST).json()["id"],
    }
    GenerationJob.objects.update(strategy="")
    # when
    read = {name: api.get(f"/api/v1/generations/{pk}/").json()["strategy"] for name, pk in jobs.items()}
    listed = {job["id"]: job["strategy"] for job in api.get("/api/v1/generations/").json()["results"]}
    reused = post(api, BEAM_MISSES).json()
    summary = services.generation_job_summary(job=GenerationJob.objects.get(pk=jobs["fell back"]))
    # then: the search that answered, as a job the new release finished says (it said null)
    assert read == {"fell back": "exact", "beam": "beam", "exact": "exact"}
    assert [listed[pk] for pk in jobs.values()] == ["exact", "beam", "exact"]
    assert (reused["reused"], reused["strategy"]) == (True, "exact")
    assert GenerationJob.objects.get(pk=reused["id"]).strategy == "exact"  # stored, not only said
    assert summary["strategy"] == "exact"


def test_a_reimport_that_changes_the_catalog_is_not_answered_from_the_old_job(api):
    post(api, REQUEST)
    from catalog.models import Term

    Term.objects.update(catalog_version=99)

    again = post(api, REQUEST).json()

    assert again["reused"] is False and again["catalog_version"] == 99


def test_a_job_answered_by_an_earlier_engine_is_not_reused_after_an_engine_change(api, monkeypatch):
    # given: a job answered by this engine
    from scheduler import engine

    post(api, REQUEST)
    # when: the engine changes (a rule fixed) and the same request comes again
    monkeypatch.setattr(engine, "ENGINE_VERSION", engine.ENGINE_VERSION + "-next")
    again = post(api, REQUEST).json()
    # then: the new engine answers it
    assert again["reused"] is False


def test_an_impossible_request_succeeds_with_an_explanation(api):
    # MUSI 1310 meets only Tuesday 19:00-21:30
    body = {
        "term": "2026-fall",
        "courses": ["MUSI 1310"],
        "busy": [{"days": ["Tu"], "start": "18:00", "end": "22:00", "label": "work"}],
    }

    job = api.get(post(api, body).json()["url"]).json()

    assert job["status"] == "succeeded" and job["results"] == []
    assert {c["label"] for c in job["explanation"]["conflicts"]} == {"MUSI 1310", "work"}
    assert "drop the busy time work" in {r["description"] for r in job["explanation"]["repairs"]}


def applied(body: dict, drops: list[dict]) -> dict:
    """The request with a repair's `drops` taken out, as a client applies them."""
    gone = {(d["kind"], d["ref"]) for d in drops}
    assert gone <= {("course", c) for c in body["courses"]} | {("pin", p) for p in body.get("pinned", [])} | {
        ("busy", str(i)) for i in range(len(body.get("busy", [])))
    }
    return {
        **body,
        "courses": [c for c in body["courses"] if ("course", c) not in gone],
        "pinned": [p for p in body.get("pinned", []) if ("pin", p) not in gone],
        "busy": [b for i, b in enumerate(body.get("busy", [])) if ("busy", str(i)) not in gone],
    }


def test_every_repair_applied_as_given_is_a_request_the_api_takes_with_the_score_it_names(api):
    # given: a kept lab of CS 1110, and a Monday busy time that leaves no schedule
    body = {
        "term": "2026-fall",
        "courses": ["CS 1110", "STS 1500"],
        "pinned": ["40004"],
        "busy": [{"days": ["Mo"], "start": "14:00", "end": "15:00"}],
    }
    job = api.get(post(api, body).json()["url"]).json()
    repairs = job["explanation"]["repairs"]
    # when: each repair's drops are taken out of the request, and it is sent again
    answers = [post(api, applied(body, r["drops"])) for r in repairs]
    # then: dropping CS 1110 drops its kept lab too (a pin of a course not taken is a 400), and
    # every repaired request fits, its best schedule scoring what the repair said
    dropping = next(r for r in repairs if {"kind": "course", "ref": "CS 1110"} in r["drops"])
    assert {"kind": "pin", "ref": "40004", "unpinned": True} in dropping["drops"]
    assert ", unpinning CS 1110 " in dropping["description"]
    assert [a.status_code for a in answers] == [202] * len(repairs), [a.json() for a in answers]
    for repair, answer in zip(repairs, answers, strict=True):
        assert api.get(answer.json()["url"]).json()["results"][0]["score"] == repair["best_score"]


def test_a_required_course_with_no_section_left_is_explained_not_left_out(api):
    # given: the registrar withdrew MUSI 1310's only section
    from django.db.models import F
    from django.utils import timezone

    from catalog.models import Section, Term

    Section.objects.filter(registrar_id="40042").update(withdrawn_at=timezone.now())
    Term.objects.update(catalog_version=F("catalog_version") + 1)
    # when
    job = api.get(post(api, {"term": "2026-fall", "courses": ["CS 1110", "MUSI 1310"]}).json()["url"]).json()
    # then: no schedule of CS 1110 alone, but why and what to do
    assert job["status"] == "succeeded" and job["results"] == []
    assert job["explanation"]["message"] == "MUSI 1310 has no section to take this term."
    assert [r["description"] for r in job["explanation"]["repairs"]] == ["drop MUSI 1310"]


def test_a_withdrawn_section_is_said_to_be_withdrawn_when_pinned_and_may_be_excluded(api):
    # given: the registrar withdrew one CS 1110 lab
    from django.utils import timezone

    from catalog.models import Section

    Section.objects.filter(registrar_id="40005").update(withdrawn_at=timezone.now())
    # when
    pinned = post(api, {"term": "2026-fall", "courses": ["CS 1110"], "pinned": ["40005"]})
    excluded = post(api, {"term": "2026-fall", "courses": ["CS 1110"], "excluded": ["40005", "40006"]})
    # then
    assert pinned.status_code == 400
    assert pinned.json()["error"]["fields"] == {
        "pinned": ["section 40005 (CS 1110 LAB 102) was withdrawn by the registrar"]
    }
    assert excluded.status_code == 202 and excluded.json()["request"]["excluded"] == ["40005", "40006"]


def test_a_refused_pin_comes_with_why_and_the_other_sections_of_its_component(api):
    # given: a student keeps lecture 002 and lab 102 of CS 1110; the registrar withdrew the lab and
    # cancelled lab 103
    from django.utils import timezone

    from catalog.models import Section

    Section.objects.filter(registrar_id="40005").update(withdrawn_at=timezone.now())
    Section.objects.filter(registrar_id="40006").update(status="cancelled")
    body = {"term": "2026-fall", "courses": ["CS 1110"], "pinned": ["40002", "40005"]}
    # when
    refused = post(api, body)
    unknown = post(api, {**body, "courses": ["CS 9999"]})
    error = refused.json()["error"]
    again = post(
        api, {**body, "pinned": [p for p in body["pinned"] if p not in {r["id"] for r in error["refused_pins"]}]}
    )
    # then: the same 400 as before, and which section, why, and what else its component offers
    assert refused.status_code == 400
    assert error["fields"] == {"pinned": ["section 40005 (CS 1110 LAB 102) was withdrawn by the registrar"]}
    assert error["refused_pins"] == [
        {
            "id": "40005",
            "course": "CS 1110",
            "component": "LAB",
            "code": "102",
            "reason": "withdrawn",
            "message": "section 40005 (CS 1110 LAB 102) was withdrawn by the registrar",
            "others": [
                {"id": "40004", "code": "101"},
                {"id": "40007", "code": "104"},
                {"id": "40008", "code": "105"},
                {"id": "40009", "code": "106"},
            ],
        }
    ]
    assert unknown.status_code == 400 and "refused_pins" not in unknown.json()["error"]
    assert again.status_code == 202 and again.json()["request"]["pinned"] == ["40002"]


def test_a_cancelled_section_is_never_scheduled_and_pinning_it_is_a_400_naming_it(api):
    # given: the registrar cancelled CS 1110 lecture 001 (listed, never taught)
    from catalog.models import Section

    Section.objects.filter(registrar_id="40001").update(status="cancelled")
    # when
    job = api.get(post(api, {"term": "2026-fall", "courses": ["CS 1110"], "k": 100}).json()["url"]).json()
    pinned = post(api, {"term": "2026-fall", "courses": ["CS 1110"], "pinned": ["40001"]})
    # then: every other lecture is offered, never 001
    taken = {s["id"] for r in job["results"] for s in r["sections"]}
    assert job["status"] == "succeeded" and {"40002", "40003"} <= taken and "40001" not in taken
    assert pinned.status_code == 400
    assert pinned.json()["error"]["fields"] == {
        "pinned": ["section 40001 (CS 1110 LEC 001) was cancelled by the registrar"]
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "cancelled"}, "CHEM 1410 has no DIS section to take this term."),
        ({"quarantine_reason": "no meeting days"}, "CHEM 1410 has no DIS section to take this term."),
    ],
    ids=["cancelled", "quarantined"],
)
def test_a_course_whose_discussions_all_cannot_be_taken_is_not_offered_without_one(api, change, message):
    # given: every CHEM 1410 discussion cancelled, or quarantined by an import
    from catalog.models import Section

    Section.objects.filter(
        component__course__subject="CHEM", component__course__number="1410", component__kind="DIS"
    ).update(**change)
    # when
    job = api.get(post(api, {"term": "2026-fall", "courses": ["CHEM 1410", "CS 1110"]}).json()["url"]).json()
    # then: no schedule holds its lecture alone; the explanation names the missing component
    assert job["status"] == "succeeded" and job["results"] == []
    assert job["explanation"]["message"] == message
    assert [r["description"] for r in job["explanation"]["repairs"]] == ["drop CHEM 1410"]


def test_a_component_whose_sections_were_all_withdrawn_is_no_longer_part_of_the_course(api):
    # given: a re-import no longer lists any CHEM 1410 discussion (docs/engine.md: the registrar
    # dropped the component, unlike one whose sections are listed but cancelled or quarantined)
    from django.utils import timezone

    from catalog.models import Section

    discussions = Section.objects.filter(component__course__subject="CHEM", component__kind="DIS")
    discussions.filter(component__course__number="1410").update(withdrawn_at=timezone.now())
    # when
    job = api.get(post(api, {"term": "2026-fall", "courses": ["CHEM 1410", "CS 1110"]}).json()["url"]).json()
    # then: the lecture is taken alone
    kinds = {(s["course"], s["component"]) for s in job["results"][0]["sections"]}
    assert ("CHEM 1410", "LEC") in kinds and ("CHEM 1410", "DIS") not in kinds


def test_a_course_whose_every_section_is_cancelled_has_no_section_to_take(api):
    # given
    from catalog.models import Section

    Section.objects.filter(component__course__subject="CHEM", component__course__number="1411").update(
        status="cancelled"
    )
    # when
    job = api.get(post(api, {"term": "2026-fall", "courses": ["CHEM 1411", "CS 1110"]}).json()["url"]).json()
    # then
    assert job["results"] == []
    assert job["explanation"]["message"] == "CHEM 1411 has no section to take this term."


def test_the_job_says_which_sections_can_be_in_a_valid_schedule(api):
    # when
    job = api.get(post(api, REQUEST).json()["url"]).json()
    # then: every component of the three courses (in the stored request's order), each section true or false
    viability = job["viability"]
    assert [(c["course"], c["component"], len(c["sections"])) for c in viability] == [
        ("CHEM 1410", "DIS", 6),
        ("CHEM 1410", "LEC", 2),
        ("CS 1110", "LAB", 6),
        ("CS 1110", "LEC", 3),
        ("MATH 1310", "DIS", 4),
        ("MATH 1310", "LEC", 3),
    ]
    verdict = {s["id"]: s["viable"] for c in viability for s in c["sections"]}
    lectures = {
        (c["course"], s["code"]): s["viable"] for c in viability for s in c["sections"] if c["component"] == "LEC"
    }
    assert lectures[("CS 1110", "001")] is False and lectures[("MATH 1310", "001")] is False  # MoWeFr 9:00, 8:00
    assert set(verdict.values()) == {True, False}
    # the sections of the schedules found, and their alike ones, fit
    used = {sid for r in job["results"] for s in r["sections"] + r["tba"] for sid in [s["id"], *s["alternatives"]]}
    assert used and all(verdict[sid] is True for sid in used)
    # a class on Monday or Wednesday before 10:00 meets the busy block or its hour of rest
    sections = {s["id"]: s for s in api.get(courses_url("CS 1110")).json()["components"][0]["sections"]}
    for sid, section in sections.items():
        if any(early_on_monday_or_wednesday(m) for m in section["meetings"]):
            assert verdict[sid] is False, sid


def courses_url(code):
    subject, number = code.split()
    return f"/api/v1/institutions/demo/terms/2026-fall/courses/{subject}/{number}/"


def early_on_monday_or_wednesday(meeting):
    return meeting["kind"] == "weekly" and {"Mo", "We"} & set(meeting["days"]) and meeting["start"] < "10:00"


def test_no_section_of_an_impossible_request_can_be_in_a_schedule(api):
    # given: MUSI 1310 meets only Tuesday 19:00-21:30
    body = {"term": "2026-fall", "courses": ["MUSI 1310"], "busy": [{"days": ["Tu"], "start": "18:00", "end": "22:00"}]}
    # when
    job = api.get(post(api, body).json()["url"]).json()
    # then
    assert job["explanation"] is not None
    assert [s["viable"] for c in job["viability"] for s in c["sections"]] == [False] * sum(
        len(c["sections"]) for c in job["viability"]
    )
    assert job["viability"] and job["viability"][0]["course"] == "MUSI 1310"


def test_a_job_answered_from_an_earlier_one_carries_its_viability(api):
    first = post(api, REQUEST).json()

    second = post(api, REQUEST).json()

    assert second["reused"] is True
    assert second["viability"] == api.get(first["url"]).json()["viability"] != None  # noqa: E711


def test_a_signed_in_students_job_is_theirs_alone(api):
    # given
    ana = User.objects.create_user("ana", password="pw-ana-12345")
    ben = User.objects.create_user("ben", password="pw-ben-12345")
    api.force_authenticate(ana)
    url = post(api, REQUEST).json()["url"]
    # when
    api.force_authenticate(ben)
    as_ben = api.get(url)
    ben_list = api.get("/api/v1/generations/").json()
    api.force_authenticate(None)
    as_anonymous = api.get(url)
    api.force_authenticate(ana)
    ana_list = api.get("/api/v1/generations/").json()
    # then
    assert as_ben.status_code == 404 and as_anonymous.status_code == 404
    assert ben_list["count"] == 0 and ana_list["count"] == 1


def test_an_anonymous_job_is_reachable_by_its_id(api):
    url = post(api, REQUEST).json()["url"]

    assert APIClient().get(url).status_code == 200


def test_deleting_a_queued_job_cancels_it(api):
    from catalog.models import Term

    job = services.generation_job_submit(owner=None, term=Term.objects.get(), request={"x": 1}, enqueue=False)

    response = api.delete(f"/api/v1/generations/{job.pk}/")

    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    services.generation_job_run(job_id=str(job.pk))  # a late delivery changes nothing
    assert GenerationJob.objects.get(pk=job.pk).status == "cancelled"


def test_the_same_task_delivered_twice_computes_once(api):
    # given: a job that ran once
    job = api.get(post(api, REQUEST).json()["url"]).json()
    row = GenerationJob.objects.get(pk=job["id"])
    # when
    services.generation_job_run(job_id=job["id"])
    # then
    again = GenerationJob.objects.get(pk=job["id"])
    assert (again.attempts, again.finished_at, again.results) == (1, row.finished_at, row.results)


def test_a_job_running_elsewhere_with_a_live_heartbeat_is_not_taken(api):
    from catalog.models import Term

    job = services.generation_job_submit(
        owner=None, term=Term.objects.get(), request=post_body_normalised(), enqueue=False
    )
    claimed = services.generation_job_claim(job_id=str(job.pk))

    services.generation_job_run(job_id=str(job.pk))  # the duplicate

    row = GenerationJob.objects.get(pk=job.pk)
    assert claimed is not None and row.status == "running" and row.attempts == 1


def test_a_job_whose_worker_was_lost_too_often_fails_with_a_reason(settings):
    from catalog.models import Term

    settings.CLASSTIME_JOB_MAX_ATTEMPTS = 2
    job = services.generation_job_submit(
        owner=None, term=Term.objects.get(), request=post_body_normalised(), enqueue=False
    )
    GenerationJob.objects.filter(pk=job.pk).update(attempts=2)

    services.generation_job_run(job_id=str(job.pk))

    row = GenerationJob.objects.get(pk=job.pk)
    assert row.status == "failed" and "gave up after 2 attempts" in row.error


def test_a_stale_running_job_is_requeued_and_then_finishes():
    from datetime import timedelta

    from django.utils import timezone

    from catalog.models import Term

    job = services.generation_job_submit(
        owner=None, term=Term.objects.get(), request=post_body_normalised(), enqueue=False
    )
    services.generation_job_claim(job_id=str(job.pk))
    GenerationJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))

    sent = services.generation_jobs_requeue_stale()

    row = GenerationJob.objects.get(pk=job.pk)
    assert sent == 1
    assert row.status == "succeeded" and row.attempts == 2


def post_body_normalised() -> dict:
    from scheduler.api.serializers import GenerationRequestSerializer

    serializer = GenerationRequestSerializer(data=REQUEST)
    assert serializer.is_valid(), serializer.errors
    return serializer.normalised()


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"term": "1999-never"}, "term", "no term '1999-never'"),
        ({"courses": ["ZZZ 9999"]}, "courses", "unknown course(s) in Fall 2026 (2026-fall): ZZZ 9999"),
        ({"courses": ["not a code!"]}, "courses", "is not a course code"),
        ({"courses": ["MATH"]}, "courses", "'MATH' is not a course code"),  # not "MAT H"
        ({"electives": [{"pick": 1, "courses": ["CS"]}]}, "electives", "'CS' is not a course code"),
        ({"courses": [f"CS {i}" for i in range(13)]}, "courses", "no more than 12"),
        ({"courses": []}, "courses", "at least one course"),
        ({"busy": [{"days": ["Mo"], "start": "10:00", "end": "09:00"}]}, "busy", "not after start"),
        ({"busy": [{"days": ["Xx"], "start": "10:00", "end": "11:00"}]}, "busy", "valid choice"),
        ({"busy": [{"days": ["Mo"], "start": "25:00", "end": "26:00"}]}, "busy", "HH:MM"),
        ({"busy": [{"days": ["Mo"], "start": "24:00", "end": "24:00"}]}, "busy.0.start", "HH:MM (00:00-23:59)"),
        ({"busy": [{"days": ["Mo"], "start": "22:00", "end": "24:30"}]}, "busy.0.end", "or 24:00 for the end of"),
        ({"busy": [{"days": ["Mo"], "start": "22:00", "end": "00:00"}]}, "busy.0.end", "at midnight is 24:00"),
        (
            {
                "busy": [
                    {
                        "days": ["Tu"],
                        "start": "06:00",
                        "end": "07:00",
                        "first_date": "2025-01-08",
                        "last_date": "2025-05-01",
                    }
                ]
            },
            "busy.0.first_date",
            "dated from 2025-01-08 to 2025-05-01, outside the term's days (2026-08-24 to 2026-12-11)",
        ),
        (
            {"busy": [{"days": ["Tu"], "start": "06:00", "end": "07:00", "last_date": "2026-08-23"}]},
            "busy.0.last_date",
            "dated until 2026-08-23, outside the term's days",
        ),
        (
            {"busy": [{"days": ["Mo"], "start": "06:00", "end": "07:00", "first_date": "2026-12-08"}]},
            "busy.0.first_date",
            "dated from 2026-12-08, which holds no Monday of the term's days (2026-08-24 to 2026-12-11)",
        ),
        ({"preferences": {"compact": {"weight": 1000}}}, "preferences", "100"),
        ({"preferences": {"compact": {"weight": -1}}}, "preferences", "0"),
        ({"k": 0}, "k", "1"),
        ({"k": 101}, "k", "100"),
        ({"pinned": ["00000"]}, "pinned", "no section 00000"),
        (
            {"electives": [{"pick": 3, "courses": ["ARTS 2050", "MUSI 1310"]}]},
            "electives",
            "cannot pick 3",
        ),
        (
            {"electives": [{"pick": 2, "courses": ["ARTS 2050", "arts2050"]}]},
            "electives.0.pick",
            "cannot pick 2 of 1 course (ARTS 2050)",
        ),
        (
            {"electives": [{"pick": 1, "courses": ["ARTS 2050", "MUSI 1310"]}, {"pick": 1, "courses": ["ARTS 2050"]}]},
            "electives.1.courses",
            "ARTS 2050 is in elective group 0 too",
        ),
        (
            {"electives": [{"pick": 1, "courses": [f"CS {i}" for i in range(31)]}]},
            "electives.0.courses",
            "no more than 30",
        ),
        (
            {"electives": [{"pick": 1, "courses": [f"{s} {i}" for i in range(21)]} for s in ("CS", "ECON")]},
            "electives",
            "at most 40 courses across elective groups",
        ),
        (
            {
                "electives": [
                    {
                        "pick": 10,
                        "courses": [c for c in DEMO_COURSES if c not in REQUEST["courses"] + ["CHEM 1410"]],
                    }
                ]
            },
            "electives",
            "a schedule takes at most 12 courses, not 3 required and 10 picked",
        ),
        (
            {"preferences": {"lunch": {"weight": 5, "start": "14:00", "end": "12:00"}}},
            "preferences.lunch.end",
            "end 12:00 is not after start 14:00",
        ),
        (
            {"busy": [{"days": ["Mo", "We", "Mo"], "start": "07:00", "end": "08:00"}]},
            "busy.0.days",
            "Mo listed more than once; list each day once",
        ),
        ({"busy": [{"days": ["Mo"], "start": "07:00", "end": "07:30"}] * 31}, "busy", "at most 30 busy blocks"),
        ({"electives": [{"pick": 1, "courses": ["CS 1110"]}] * 6}, "electives", "at most 5 elective groups"),
        ({"filters": {"modalities": ["telepathy"]}}, "filters", "valid choice"),
        ({"pins": ["40001"]}, "pins", "not a field here; expected one of term, institution, courses"),
        ({"preferences": {"no_class_before": {"weight": 5}}}, "preferences.no_class_before", "not a field here"),
        ({"busy": [{"days": ["Mo"], "start": "10:00", "end": "11:00", "buffer": 30}]}, "busy.0.buffer", "buffer_after"),
        # JSON values of another type than the schema's are refused, not converted
        ({"filters": {"campuses": [0]}}, "filters", "Not a valid string"),
        ({"pinned": [40005]}, "pinned", "Not a valid string"),
        ({"courses": [1110]}, "courses", "Not a valid string"),
        ({"k": "5"}, "k", "A valid integer is required"),
        ({"k": 5.0}, "k", "A valid integer is required"),
        ({"k": True}, "k", "A valid integer is required"),
        ({"filters": {"open_seats_only": "true"}}, "filters", "Must be a valid boolean"),
        ({"filters": {"open_seats_only": 1}}, "filters", "Must be a valid boolean"),
        ({"busy": [{"days": ["Mo"], "start": "10:00", "end": "11:00", "label": 7}]}, "busy", "Not a valid string"),
    ],
)
def test_each_bad_field_gets_a_400_naming_it(api, change, field, fragment):
    response = post(api, {**REQUEST, **change})

    assert response.status_code == 400
    text = str(response.json())
    assert field in text and fragment in text
    assert GenerationJob.objects.count() == 0


@pytest.mark.parametrize(
    ("pick", "courses", "message"),
    [
        (3, ["ARTS 2050", "MUSI 1310"], "cannot pick 3 of 2 courses (ARTS 2050, MUSI 1310)"),
        (2, ["ARTS 2050", "arts2050"], "cannot pick 2 of 1 course (ARTS 2050)"),
        (3, ["ARTS 2050", "arts 2050", "MUSI 1310"], "cannot pick 3 of 2 courses (ARTS 2050, MUSI 1310)"),
    ],
)
def test_an_elective_group_picking_more_than_its_distinct_courses_gets_one_message(api, pick, courses, message):
    # given: the second group is at fault
    electives = [{"pick": 1, "courses": ["HIST 2001"]}, {"pick": pick, "courses": courses}]
    # when
    response = post(api, {**REQUEST, "electives": electives})
    # then: the same check and words whether the codes are distinct as written or only once normalised
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"electives.1.pick": [message]}


def test_pinning_a_section_that_cannot_be_scheduled_is_a_400_with_the_reason(api):
    # given
    from catalog.models import Section

    Section.objects.filter(registrar_id="40002").update(quarantine_reason="no meeting days")
    # when
    response = post(api, {**REQUEST, "pinned": ["40002"]})
    # then: refused here, not accepted and failed as "not a section of a requested course"
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "pinned": ["section 40002 (CS 1110 LEC 002) cannot be scheduled: no meeting days"]
    }
    assert GenerationJob.objects.count() == 0


def test_the_schema_says_a_generation_request_takes_only_its_own_keys(api):
    # given
    schemas = yaml_read(api.get("/api/v1/schema/").content)["components"]["schemas"]
    # when: the request body and every object inside it, followed through its references
    seen, todo = set(), ["GenerationRequestRequest"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        schema = schemas[name]
        # then
        assert schema.get("additionalProperties") is False, name
        todo += [ref.rsplit("/", 1)[1] for ref in re.findall(r"'\$ref': '([^']+)'", str(schema))]
        todo = [n for n in todo if schemas[n].get("type") == "object"]
    assert {"PreferencesRequest", "BusyBlockRequest", "FriendsPreferenceRequest"} <= seen
    # and the answers are not constrained
    assert "additionalProperties" not in schemas["GenerationJob"]


def test_the_schema_describes_what_the_job_endpoints_answer(api):
    # given
    api.force_authenticate(User.objects.create_user("ana", password="pw-ana-12345"))
    job = post(api, REQUEST).json()
    schema = yaml_read(api.get("/api/v1/schema/").content)
    schemas = schema["components"]["schemas"]
    paths = schema["paths"]

    def documented(path, method, code):
        body = paths[path][method]["responses"][code]["content"]["application/json"]["schema"]
        return schemas[body["$ref"].rsplit("/", 1)[1]]

    # when
    listed = api.get("/api/v1/generations/").json()["results"][0]
    cancelled = api.delete(job["url"])
    # then: each answer has every key its schema requires, and no other
    page = documented("/api/v1/generations/", "get", "200")
    item = schemas[page["properties"]["results"]["items"]["$ref"].rsplit("/", 1)[1]]
    assert set(item["required"]) <= set(listed) <= set(item["properties"])
    assert cancelled.status_code == 200 and "204" not in paths["/api/v1/generations/{job_id}/"]["delete"]["responses"]
    detail = documented("/api/v1/generations/{job_id}/", "delete", "200")
    assert set(detail["required"]) <= set(cancelled.json()) <= set(detail["properties"])


def test_the_section_check_of_a_job_gets_what_the_generation_left_of_the_deadline(monkeypatch):
    # given: a request whose generation took 4 of its 10 seconds, and one that took them all
    from scheduler import engine

    a = engine.Course("A 1", "", (engine.Component("LEC", "", (engine.Section("a1", "LEC", ()),)),))
    request = engine.Request(courses=(a,), deadline_ms=10_000)
    took = engine.Result(schedules=(), proven_optimal=True, nodes=1, elapsed_ms=4_000)
    asked = []
    monkeypatch.setattr(engine, "section_viability", lambda r: asked.append(r.deadline_ms) or {"a1": True})
    # when
    checked = services.viability(request, took)
    late = services.viability(request, engine.Result((), False, 1, elapsed_ms=10_000))
    # then: the check runs in the 6 seconds left; with none left every section is unknown
    assert (checked, asked) == ({"a1": True}, [6_000])
    assert late == {"a1": None}


def test_the_schema_describes_the_viability_of_a_job(api):
    # given
    job = api.get(post(api, REQUEST).json()["url"]).json()
    # when
    schemas = yaml_read(api.get("/api/v1/schema/").content)["components"]["schemas"]
    # then: each component and section has exactly the keys the schema names, all required
    component, section = schemas["ViabilityComponent"], schemas["ViableSection"]
    for c in job["viability"]:
        assert set(c) == set(component["required"]) == set(component["properties"])
        for s in c["sections"]:
            assert set(s) == set(section["required"]) == set(section["properties"])
    assert section["properties"]["viable"]["nullable"] is True


def test_every_generation_operation_has_examples_with_the_keys_its_schema_names(api):
    # given
    schema = yaml_read(api.get("/api/v1/schema/").content)
    schemas = schema["components"]["schemas"]
    job = schemas["GenerationJob"]
    # when
    operations = {
        (path, method): op
        for path, ops in schema["paths"].items()
        if "/generations/" in path
        for method, op in ops.items()
    }
    # then
    assert set(operations) == {
        ("/api/v1/generations/", "get"),
        ("/api/v1/generations/", "post"),
        ("/api/v1/generations/{job_id}/", "get"),
        ("/api/v1/generations/{job_id}/", "delete"),
    }
    for (path, method), op in operations.items():
        for parameter in op.get("parameters", []):
            assert parameter.get("examples") or parameter.get("example"), (path, method, parameter["name"])
        code = next(c for c in ("200", "202") if c in op["responses"])
        examples = op["responses"][code]["content"]["application/json"]["examples"]
        assert examples, (path, method)
        for example in examples.values():
            value = (
                example["value"]["results"][0]
                if method == "get" and path.endswith("generations/")
                else example["value"]
            )
            assert (
                set(job["required"]) - {"results", "explanation", "viability"} <= set(value) <= set(job["properties"])
            )
    bodies = operations[("/api/v1/generations/", "post")]["requestBody"]["content"]["application/json"]["examples"]
    assert len(bodies) == 2 and all(post(api, b["value"]).status_code == 202 for b in bodies.values())


def test_the_generation_examples_are_what_the_demo_catalog_answers(api):
    # given
    from scheduler.api import examples

    # when
    succeeded = api.get(post(api, examples.REQUEST).json()["url"]).json()
    nothing_fits = api.get(post(api, examples.IMPOSSIBLE_REQUEST).json()["url"]).json()
    # then: all but ids, times and the engine's own figures
    for job, example in ((succeeded, examples.SUCCEEDED), (nothing_fits, examples.NOTHING_FITS_JOB)):
        for key in ("status", "request", "proven_optimal", "results", "explanation", "viability"):
            assert job[key] == example[key], key


def test_errors_have_one_stable_json_shape(api):
    # when
    invalid = post(api, {**REQUEST, "k": 0, "busy": [{"days": ["Mo"], "start": "10:00", "end": "09:00"}]}).json()
    missing = api.get("/api/v1/generations/00000000-0000-0000-0000-000000000000/")
    unknown_url = api.get("/api/v1/no-such-thing/")
    # then
    assert set(invalid["error"]) == {"status", "code", "message", "fields"}
    assert invalid["error"]["status"] == 400 and invalid["error"]["code"] == "invalid"
    assert set(invalid["error"]["fields"]) == {"k", "busy.0.end"}
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert unknown_url.status_code == 404 and unknown_url.json()["error"]["status"] == 404


def test_a_reimport_that_moves_a_section_is_seen_by_the_next_generation(api, tmp_path):
    # given: MUSI 1310 meets Tuesday 19:00; a first job caches the course
    body = {"term": "2026-fall", "courses": ["MUSI 1310"]}
    first = api.get(post(api, body).json()["url"]).json()
    doc = json.loads(DEMO_CATALOG.read_text())
    musi = next(c for c in doc["courses"] if c["subject"] == "MUSI")
    musi["components"][0]["sections"][0]["meetings"][0].update(days=["We"], start="18:00", end="20:30")
    moved = tmp_path / "moved.json"
    moved.write_text(json.dumps(doc))
    # when
    call_command("import_catalog", str(moved), "--format", "canonical", stdout=None)
    second = api.get(post(api, body).json()["url"]).json()
    # then
    assert first["results"][0]["sections"][0]["meetings"][0]["days"] == ["Tu"]
    assert second["results"][0]["sections"][0]["meetings"][0]["days"] == ["We"]


@pytest.mark.parametrize("where", ["compute", "generation_job_finish"])
def test_a_job_whose_database_connection_breaks_is_run_again_in_the_same_attempt(monkeypatch, where):
    from django.db import OperationalError

    from catalog.models import Term

    # given: the database connection breaks once under the job's reads (or its write)
    job = services.generation_job_submit(
        owner=None, term=Term.objects.get(), request=post_body_normalised(), enqueue=False
    )
    real, calls = getattr(services, where), []

    def breaks_once(*args, **kwargs):
        calls.append(where)
        if len(calls) == 1:
            raise OperationalError("terminating connection due to administrator command")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, where, breaks_once)
    monkeypatch.setattr(services.time, "sleep", lambda seconds: None)
    # when
    services.generation_job_run(job_id=str(job.pk))
    # then: it succeeded in its first attempt, the work done twice
    row = GenerationJob.objects.get(pk=job.pk)
    assert calls == [where, where]
    assert row.status == "succeeded" and row.attempts == 1 and row.results


def test_a_job_whose_database_stays_away_raises_for_the_worker_to_lose_it(monkeypatch):
    from django.db import OperationalError

    from catalog.models import Term

    job = services.generation_job_submit(
        owner=None, term=Term.objects.get(), request=post_body_normalised(), enqueue=False
    )

    def gone(job):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "compute", gone)
    monkeypatch.setattr(services.time, "sleep", lambda seconds: None)

    with pytest.raises(OperationalError):
        services.generation_job_run(job_id=str(job.pk))
    row = GenerationJob.objects.get(pk=job.pk)
    assert row.status == "running" and row.attempts == 1  # the stale-job sweep sends it again


def strict_json_schema(schema: dict, components: dict) -> dict:
    """An OpenAPI 3.0 schema as a JSON Schema: references inlined, `nullable` as a null type, and
    objects closed to the properties they name, so an undocumented key fails too."""
    if "$ref" in schema:
        return strict_json_schema(components[schema["$ref"].rsplit("/", 1)[1]], components)
    out = {}
    for key, value in schema.items():
        if key in ("properties",):
            out[key] = {name: strict_json_schema(v, components) for name, v in value.items()}
        elif key in ("items", "additionalProperties") and isinstance(value, dict):
            out[key] = strict_json_schema(value, components)
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [strict_json_schema(v, components) for v in value]
        elif key not in ("nullable", "readOnly", "writeOnly", "example", "examples", "description"):
            out[key] = value
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return {"anyOf": [{"type": "null"}, out]} if schema.get("nullable") else out


def test_a_jobs_results_and_explanation_are_the_shapes_the_schema_describes(api):
    # given: a job with schedules (a TBA section among them) and one where nothing fits
    import jsonschema

    from scheduler.api import examples

    schema = yaml_read(api.get("/api/v1/schema/").content)
    components = schema["components"]["schemas"]
    job_schema = strict_json_schema({"$ref": "#/components/schemas/GenerationJob"}, components)
    # when
    every_field = {
        **REQUEST,
        "courses": ["CS 1110", "CS 4993", "CHEM 1411"],
        "electives": [{"pick": 1, "courses": ["ARTS 2050", "MUSI 1310"]}],
        "busy": [{"days": ["Mo"], "start": "12:00", "end": "13:00", "first_date": "2026-09-01", "label": "work"}],
        "excluded": ["40002"],
        "filters": {"modalities": ["in_person"]},
        "strategy": "exact",
    }
    succeeded = api.get(post(api, every_field).json()["url"]).json()
    nothing_fits = api.get(post(api, examples.IMPOSSIBLE_REQUEST).json()["url"]).json()
    # then: every key of either answer, from the stored request down to the meetings and repairs, is one the
    # schema names and types
    assert succeeded["results"][0]["tba"] and nothing_fits["explanation"]["repairs"]
    jsonschema.validate(succeeded, job_schema)
    jsonschema.validate(nothing_fits, job_schema)
    assert components["GeneratedScheduleOut"]["properties"]["sections"]["items"]["$ref"].endswith("GeneratedSectionOut")
    assert components["GenerationJob"]["properties"]["request"]["allOf"][0]["$ref"].endswith("StoredRequestOut")


def test_a_topics_course_s_other_topics_at_the_same_times_are_named_among_the_alternatives(api, tmp_path):
    # given: two ENWR 1510 seminars at the same times, each on its own topic (as UVA's topics courses)
    data = json.loads(DEMO_CATALOG.read_text())
    seminars = next(c for c in data["courses"] if c["subject"] == "ENWR")["components"][0]["sections"]
    first, second = seminars[0], seminars[1]
    second.update(meetings=first["meetings"], instructors=first["instructors"], status=first["status"])
    second.update(capacity=first.get("capacity"), enrolled=first.get("enrolled"))
    first["notes"], second["notes"] = "Topic: Writing about Food", "Topic: Writing about Cities"
    edited = tmp_path / "topics.json"
    edited.write_text(json.dumps(data))
    call_command("import_catalog", str(edited), "--format", "canonical", stdout=None)
    # when
    job = post(api, {"term": "2026-fall", "courses": ["ENWR 1510"], "k": 10}).json()
    sections = [s for r in api.get(job["url"]).json()["results"] for s in r["sections"]]
    # then: one schedule holds one of them, naming the other with its topic
    held = next(s for s in sections if s["id"] in (first["id"], second["id"]))
    other = second if held["id"] == first["id"] else first
    assert held["notes"] == next(x["notes"] for x in (first, second) if x["id"] == held["id"])
    assert other["id"] in held["alternatives"]
    assert held["alternative_notes"] == {other["id"]: other["notes"]}


@pytest.mark.parametrize(
    ("field", "item", "message"),
    [
        ("busy", {}, "at most 30 busy blocks"),
        ("electives", {}, "at most 5 elective groups"),
        ("excluded", 1, "Ensure this field has no more than 500 elements."),
        ("pinned", 1, "Ensure this field has no more than 50 elements."),
        ("courses", 1, "Ensure this field has no more than 12 elements."),
    ],
)
def test_a_list_longer_than_allowed_is_refused_before_its_items_are_read(api, field, item, message):
    # given: 40,000 items, each bad (DRF reads every item of a list before counting them: seconds
    # of a web process's time and an answer of megabytes with an error per item)
    body = {"term": "2026-fall", "courses": ["CS 1110"], field: [item] * 40_000}
    # when
    response = post(api, body)
    # then: one message on the list, no item's
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {field: [message]}
    assert len(response.content) < 1_000


def test_after_the_broker_refuses_a_job_none_is_sent_for_a_few_seconds_and_all_stay_queued(api, monkeypatch):
    # given: a broker that refuses every job (each try would take its 2 s connect timeout)
    from kombu.exceptions import OperationalError

    from scheduler.tasks import generation_job_run

    tries = []

    def refused(*args, **kwargs):
        tries.append(args)
        raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    monkeypatch.setattr(generation_job_run, "apply_async", refused)
    clock = [1000.0]
    monkeypatch.setattr(services.time, "monotonic", lambda: clock[0])
    # when: three jobs at once, then one more after the back-off
    sent = [services.generation_job_enqueue(job_id=str(i)) for i in range(3)]
    clock[0] += services.BROKER_BACKOFF_SECONDS
    sent.append(services.generation_job_enqueue(job_id="3"))
    # then: the broker was tried for the first and the last only; none was sent
    assert sent == [False] * 4
    assert len(tries) == 2


def test_unnamed_busy_times_are_named_by_their_dates_in_an_explanation(api):
    # given: MUSI 1310 meets only Tuesday 19:00-21:30; two unnamed Tuesday evenings, one from a
    # date and one until the day before
    evening = {"days": ["Tu"], "start": "18:00", "end": "22:00"}
    body = {
        "term": "2026-fall",
        "courses": ["MUSI 1310"],
        "busy": [{**evening, "first_date": "2026-10-20"}, {**evening, "last_date": "2026-10-19"}],
    }
    # when
    job = api.get(post(api, body).json()["url"]).json()
    # then: the two read apart
    assert [r["description"] for r in job["explanation"]["repairs"]] == [
        "drop the busy time Tu 18:00-22:00 until 2026-10-19 and drop the busy time Tu 18:00-22:00 from 2026-10-20"
    ]


def test_a_busy_time_holding_some_day_of_the_term_is_kept_as_given(api):
    # given: the term runs 2026-08-24 (a Monday) to 2026-12-11; a block running past its end, and
    # a Sunday evening before it whose rest after reaches into its first Monday
    busy = [
        {"days": ["Fr"], "start": "06:00", "end": "07:00", "first_date": "2026-12-01", "last_date": "2027-01-15"},
        {"days": ["Su"], "start": "22:00", "end": "24:00", "buffer_after": 60, "last_date": "2026-08-23"},
    ]
    # when
    response = post(api, {**REQUEST, "busy": busy})
    # then
    assert response.status_code == 202
    assert [b["last_date"] for b in response.json()["request"]["busy"]] == ["2027-01-15", "2026-08-23"]


def test_a_busy_time_of_a_term_without_days_is_kept_whatever_its_dates(api):
    # given: a term whose first and last days are not known
    from catalog.models import Term

    Term.objects.update(first_day=None, last_day=None)
    busy = [{"days": ["Tu"], "start": "06:00", "end": "07:00", "first_date": "2025-01-08", "last_date": "2025-05-01"}]
    # when
    response = post(api, {**REQUEST, "busy": busy})
    # then: nothing to check it against
    assert response.status_code == 202


def test_a_busy_time_may_end_at_midnight_written_24_00(api):
    # given: a night shift from 21:00 to midnight over MUSI 1310's Tuesday 19:00-21:30
    shift = {"days": ["Tu"], "start": "21:00", "end": "24:00", "label": "night shift"}
    # when
    response = post(api, {"term": "2026-fall", "courses": ["MUSI 1310"], "busy": [shift]})
    job = api.get(response.json()["url"]).json()
    # then: taken, echoed as sent, and the class clashes with it
    assert response.status_code == 202
    assert job["request"]["busy"][0]["end"] == "24:00"
    assert [c["label"] for c in job["explanation"]["conflicts"] if c["kind"] == "busy"] == ["night shift"]


def test_an_unnamed_busy_time_is_named_with_its_buffer_in_an_explanation(api):
    # given: an unnamed Tuesday hour whose rest after reaches into MUSI 1310 (Tuesday 19:00)
    busy = {"days": ["Tu"], "start": "17:00", "end": "18:00", "buffer_after": 90}
    # when
    job = api.get(post(api, {"term": "2026-fall", "courses": ["MUSI 1310"], "busy": [busy]}).json()["url"]).json()
    # then
    assert [r["description"] for r in job["explanation"]["repairs"]] == [
        "drop the busy time Tu 17:00-18:00 and 90 min after"
    ]


def test_busy_times_sharing_a_name_are_told_apart_by_their_times(api):
    # given: two busy times both named "work", only the second over MUSI 1310's Tuesday evening
    body = {
        "term": "2026-fall",
        "courses": ["MUSI 1310"],
        "busy": [
            {"days": ["Mo"], "start": "09:00", "end": "11:00", "label": "work"},
            {"days": ["Tu"], "start": "18:00", "end": "22:00", "buffer_before": 15, "label": "work"},
        ],
    }
    # when
    job = api.get(post(api, body).json()["url"]).json()
    # then
    assert [c["label"] for c in job["explanation"]["conflicts"] if c["kind"] == "busy"] == [
        "work (Tu 18:00-22:00 and 15 min before)"
    ]


def test_the_schema_says_the_conflict_set_is_minimal_and_where_an_elective_ref_points():
    # given
    schemas = yaml_read(APIClient().get("/api/v1/schema/").content)["components"]["schemas"]
    # when
    conflicts = schemas["ExplanationOut"]["properties"]["conflicts"]["description"]
    repairs = schemas["ExplanationOut"]["properties"]["repairs"]["description"]
    ref = schemas["RequirementOut"]["properties"]["ref"]["description"]
    # then: minimal (no member can be left out), not smallest; the rest of the set, not the request
    assert "minimal" in conflicts.lower() and "smallest set" not in conflicts
    assert "the rest of this set" in conflicts and "whole request may still not fit" in conflicts
    assert "none leaves the request without a course and an elective group" in repairs
    assert "stored `request.electives`" in ref and "sorts" in ref


def test_a_pin_taken_with_a_cancelled_section_is_refused_saying_which(api):
    # given: CHEM 1410 lecture 100 cancelled; its discussion 101 can only be taken with it
    from catalog.models import Section

    lecture = Section.objects.get(registrar_id="40010")
    discussion = Section.objects.get(registrar_id="40012")
    assert discussion.parent_id == lecture.pk
    Section.objects.filter(pk=lecture.pk).update(status="cancelled")
    # when
    pinned = post(api, {"term": "2026-fall", "courses": ["CHEM 1410"], "pinned": ["40012"]})
    # then: refused, not a job failing on a section the engine was not given
    assert pinned.status_code == 400
    assert pinned.json()["error"]["fields"] == {
        "pinned": ["section 40012 (CHEM 1410 DIS 101) is taken with LEC 100, which was cancelled by the registrar"]
    }
    assert pinned.json()["error"]["refused_pins"][0]["reason"] == "cancelled"


def test_a_worker_beats_its_jobs_heartbeat_while_the_engine_runs(settings, monkeypatch):
    # given: a worker (not in-process), beats every 50 ms, and an engine run of half a second
    import time

    from catalog.models import Term

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CLASSTIME_JOB_HEARTBEAT_SECONDS = 0.05
    job = services.generation_job_submit(
        owner=None, term=Term.objects.get(), request=post_body_normalised(), enqueue=False
    )
    seen = []
    real = services.compute

    def slow(job):
        seen.append(GenerationJob.objects.get(pk=job.pk).heartbeat_at)
        time.sleep(0.5)
        seen.append(GenerationJob.objects.get(pk=job.pk).heartbeat_at)
        return real(job)

    monkeypatch.setattr(services, "compute", slow)
    # when
    services.generation_job_run(job_id=str(job.pk))
    # then: the heartbeat moved while the engine ran, and the job finished
    assert seen[1] is not None and (seen[0] is None or seen[1] > seen[0])
    assert GenerationJob.objects.get(pk=job.pk).status == "succeeded"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        (["Grace Hopper"], ["Grace Hopper"]),
        (["hopper"], ["Grace Hopper"]),
        (["Hopper, G."], ["Grace Hopper"]),
        (["  GRACE   hopper "], ["Grace Hopper"]),
        (["Byron", "hopper"], ["Ada Byron", "Grace Hopper"]),
        (["Nobody Here"], ["Nobody Here"]),
        (["G"], ["G"]),
        (["Hopper, A"], ["Hopper, A"]),
    ],
)
def test_instructor_names_are_read_as_the_catalog_writes_them(api, typed, read):
    # given: Grace Hopper teaches CS 1110 lecture 003 only; "Hopper, A" and "G" name nobody
    def body(side: str) -> dict:
        return {
            "term": "2026-fall",
            "courses": ["CS 1110"],
            "preferences": {"instructors": {"weight": 10, side: typed}},
            "k": 3,
        }

    # when
    preferring, avoiding = post(api, body("prefer")).json(), post(api, body("avoid")).json()
    # then: the job's request holds the names read, which the engine compares exactly
    assert preferring["request"]["preferences"]["instructors"]["prefer"] == read
    assert avoiding["request"]["preferences"]["instructors"]["avoid"] == read


def test_a_preferred_instructor_typed_by_surname_puts_their_section_first(api):
    # given
    body = {
        "term": "2026-fall",
        "courses": ["CS 1110"],
        "preferences": {"instructors": {"weight": 10, "prefer": ["hopper"]}},
        "k": 3,
    }
    # when
    job = post(api, body).json()
    # then
    assert job["request"]["preferences"]["instructors"]["prefer"] == ["Grace Hopper"]
    assert "40003" in {s["id"] for s in job["results"][0]["sections"]}
    assert job["results"][0]["score"] == 0


def test_a_surname_a_section_lists_alone_also_reads_the_full_names_holding_it(api):
    # given: one section lists its instructor as "Hopper" alone, another "Grace Hopper"
    from catalog import services
    from catalog.models import Section, Term

    section = Section.objects.get(registrar_id="40004")
    section.instructors = ["Hopper"]
    section.save()
    services.term_catalog_edited(term_id=Term.objects.get().pk)
    body = {
        "term": "2026-fall",
        "courses": ["CS 1110"],
        "preferences": {"instructors": {"weight": 10, "prefer": ["Hopper"]}},
        "k": 3,
    }
    # when
    job = post(api, body).json()
    # then: the name as typed first, then every full name holding it
    assert job["request"]["preferences"]["instructors"]["prefer"] == ["Hopper", "Grace Hopper"]


def test_a_surname_shared_by_many_instructors_keeps_every_other_name_read(api):
    # given: 27 Smiths teach CS 1110 beside its own instructors, and one name with accents
    from catalog import services
    from catalog.models import Section, Term

    for n, section in enumerate(
        Section.objects.filter(component__course__subject="CS", component__course__number="1110")
    ):
        section.instructors = [*section.instructors, *(f"Pat{n}{i} Smith" for i in range(3))]
        if section.registrar_id == "40004":
            section.instructors.append("José Núñez")
        section.save()
    services.term_catalog_edited(term_id=Term.objects.get().pk)
    body = {
        "term": "2026-fall",
        "courses": ["CS 1110"],
        "preferences": {"instructors": {"weight": 10, "prefer": ["smith", "Grace Hopper", "jose nunez"]}},
    }
    # when
    job = post(api, body).json()
    # then
    read = job["request"]["preferences"]["instructors"]["prefer"]
    assert len([name for name in read if name.endswith(" Smith")]) == 27
    assert read[-2:] == ["Grace Hopper", "José Núñez"]


def test_filters_campuses_takes_the_campus_of_sections_the_catalog_gives_none(api):
    # given: lecture 001 and two labs of CS 1110 have no campus, as a term's `campuses` counts them under ""
    from catalog.models import Section

    Section.objects.filter(registrar_id__in=["40001", "40005", "40006"]).update(campus="")
    # when
    blank = post(api, {"term": "2026-fall", "courses": ["CS 1110"], "filters": {"campuses": [""]}})
    none_fits = post(api, {"term": "2026-fall", "courses": ["MATH 1310"], "filters": {"campuses": [""]}})
    # then: only those sections are taken, and a filter leaving none is named in words
    assert blank.status_code == 202, blank.json()
    assert blank.json()["request"]["filters"]["campuses"] == [""]
    job = api.get(blank.json()["url"]).json()
    taken = {s["id"] for result in job["results"] for s in result["sections"]}
    assert taken == {"40001", "40005", "40006"}
    explanation = api.get(none_fits.json()["url"]).json()["explanation"]
    assert "campus: no campus" in {c["label"] for c in explanation["conflicts"]}


def test_the_schema_lets_filters_campuses_name_the_blank_campus(api):
    schemas = yaml_read(api.get("/api/v1/schema/").content)["components"]["schemas"]
    items = schemas["FiltersRequest"]["properties"]["campuses"]["items"]
    assert items["type"] == "string" and "minLength" not in items


def test_a_course_a_canonical_file_writes_in_lower_case_can_be_planned(api, tmp_path):
    # given: a re-import writing CS 1110 as `cs 1110` (stored in capitals, as requests name courses)
    doc = json.loads(DEMO_CATALOG.read_text())
    doc["courses"][[c["subject"] for c in doc["courses"]].index("CS")]["subject"] = "cs"
    lower = tmp_path / "lower.json"
    lower.write_text(json.dumps(doc))
    call_command("import_catalog", str(lower), "--format", "canonical", stdout=None)
    # when
    response = post(api, {"term": "2026-fall", "courses": ["CS 1110"]})
    # then
    assert response.status_code == 202, response.content


def test_filters_campuses_read_a_campus_in_any_case_as_the_catalog_writes_it(api):
    # given: the demo catalog's campuses are "Main", "North Grounds" and "Online"
    body = {"term": "2026-fall", "courses": ["CS 1110"]}
    # when
    typed = post(api, {**body, "filters": {"campuses": ["main", "ONLINE", "Nowhere"]}})
    exact = post(api, {**body, "filters": {"campuses": ["Main", "Online"]}})
    # then: the job holds the catalog's names (an unknown one as written) and finds the same schedules
    assert typed.status_code == 202, typed.json()
    assert typed.json()["request"]["filters"]["campuses"] == ["Main", "Nowhere", "Online"]
    assert typed.json()["url"] != exact.json()["url"]
    found = [[r["sections"] for r in api.get(job.json()["url"]).json()["results"]] for job in (typed, exact)]
    assert found[0] and found[0] == found[1]


def test_filters_campuses_take_every_spelling_the_catalog_has_of_a_campus(api):
    # given: one lecture of CS 1110 on campus "MAIN", the others on "Main"
    from catalog import services
    from catalog.models import Section, Term

    Section.objects.filter(registrar_id="40002").update(campus="MAIN")
    services.term_catalog_edited(term_id=Term.objects.get().pk)
    # when
    jobs = [
        post(api, {"term": "2026-fall", "courses": ["CS 1110"], "filters": {"campuses": [c]}}) for c in ("Main", "main")
    ]
    # then: both spellings, however the campus is typed, as the course search reads it
    assert [job.json()["request"]["filters"]["campuses"] for job in jobs] == [["MAIN", "Main"]] * 2


@pytest.mark.parametrize(
    ("instructors", "field", "message"),
    [
        ({"weight": 5}, "prefer", "name an instructor to prefer or avoid (or give weight 0)"),
        (
            {"weight": 5, "prefer": ["Grace Hopper"], "avoid": ["Grace Hopper"]},
            "avoid",
            "Grace Hopper is also preferred: prefer or avoid",
        ),
        (  # one person however typed: the names are compared as the catalog writes them
            {"weight": 5, "prefer": ["Hopper"], "avoid": ["grace hopper"]},
            "avoid",
            "Grace Hopper is also preferred: prefer or avoid",
        ),
    ],
)
def test_an_instructor_preference_that_would_be_answered_as_if_absent_is_a_400(api, instructors, field, message):
    # when
    response = post(api, {"term": "2026-fall", "courses": ["CS 1110"], "preferences": {"instructors": instructors}})
    # then
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {f"preferences.instructors.{field}": [message]}


def test_an_instructor_preference_turned_off_may_name_nobody(api):
    # when
    response = post(api, {"term": "2026-fall", "courses": ["CS 1110"], "preferences": {"instructors": {"weight": 0}}})
    # then
    assert response.status_code == 202


@pytest.mark.parametrize(
    ("label", "what"), [("a\nb", "control character U+000A"), ("a\u2028b", "line separator U+2028")]
)
def test_a_busy_label_is_one_line(api, label, what):
    # given
    busy = {"days": ["Mo"], "start": "08:00", "end": "09:00", "label": label}
    # when
    response = post(api, {"term": "2026-fall", "courses": ["CS 1110"], "busy": [busy]})
    # then
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "busy.0.label": [f"a label is one line of text: remove the {what} at character 2"]
    }


def test_the_viability_gives_each_sections_seat_status(api):
    # when
    job = api.get(post(api, REQUEST).json()["url"]).json()
    # then: the demo's closed and waitlisted sections say so, the others are open
    status = {s["id"]: s["status"] for c in job["viability"] for s in c["sections"]}
    assert status["40002"] == "closed" and status["40017"] == "closed" and status["40004"] == "waitlist"
    assert status["40001"] == "open"
