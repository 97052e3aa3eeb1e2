"""Requests that try something: no CSRF token, extra fields that name an owner or an id,
bodies over the limit, page sizes past the bound."""

import json
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts import services as account_services
from scheduler.models import GenerationJob
from tests.conftest import DEMO_CATALOG, yaml_read

pytestmark = pytest.mark.django_db(transaction=True)

GENERATION = {"term": "2026-fall", "courses": ["CS 1110"], "k": 1}


@pytest.fixture(autouse=True)
def setup(settings):
    from classtime_site.celery import app

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "generation": None, "course_fits": None},
    }
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)
    yield
    app.conf.task_always_eager = bool(not settings.REDIS_URL)


@pytest.fixture
def student():
    return User.objects.create_user("ada", password="pw-ada-123456")


def session_client(user) -> APIClient:
    """A browser-like client: signed in by session, CSRF checks on."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_a_session_request_without_the_csrf_token_is_refused(student):
    # given
    client = session_client(student)

    # when
    response = client.post("/api/v1/generations/", GENERATION, format="json")

    # then
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    assert GenerationJob.objects.count() == 0


def test_a_session_request_with_the_csrf_token_is_accepted(student):
    # given: the token a page would read from its cookie
    client = session_client(student)
    client.get("/admin/login/")  # any page that sets the CSRF cookie
    token = client.cookies["csrftoken"].value

    # when
    response = client.post("/api/v1/generations/", GENERATION, format="json", HTTP_X_CSRFTOKEN=token)

    # then
    assert response.status_code == 202
    assert GenerationJob.objects.get().owner == student


def test_a_cancel_by_session_without_the_csrf_token_is_refused(student):
    # given
    api = APIClient()
    api.force_authenticate(student)
    job_url = api.post("/api/v1/generations/", {**GENERATION, "k": 2}, format="json").json()["url"]
    client = session_client(student)

    # when
    response = client.delete(job_url)

    # then
    assert response.status_code == 403
    assert GenerationJob.objects.get().status != GenerationJob.Status.CANCELLED


def test_a_personal_token_needs_no_csrf_token(student):
    # given: a script, not a browser
    _, key = account_services.token_create(owner=student, name="script")
    client = APIClient(enforce_csrf_checks=True)

    # when
    response = client.post("/api/v1/generations/", GENERATION, format="json", HTTP_AUTHORIZATION=f"Token {key}")

    # then
    assert response.status_code == 202


def test_owner_id_status_and_timestamps_in_the_body_are_refused(student):
    # given: a body that tries to place the job with someone else, finished, in the past
    other = User.objects.create_user("eve", password="pw-eve-123456")
    api = APIClient()
    api.force_authenticate(student)
    planted = {
        "owner": other.pk,
        "id": "00000000-0000-0000-0000-000000000001",
        "status": "failed",
        "attempts": 99,
        "created_at": "2001-01-01T00:00:00Z",
        "results": [{"rank": 1}],
    }

    # when
    response = api.post("/api/v1/generations/", {**GENERATION, **planted}, format="json")

    # then: a generation request takes only the keys it defines, each other one named
    assert response.status_code == 400
    assert sorted(response.json()["error"]["fields"]) == sorted(planted)
    assert not GenerationJob.objects.exists()
    # and the same request without them is computed for its sender
    assert api.post("/api/v1/generations/", GENERATION, format="json").status_code == 202
    job = GenerationJob.objects.get()
    assert job.owner == student and job.status == GenerationJob.Status.SUCCEEDED and job.attempts == 1
    assert job.results[0]["sections"]


def test_a_body_over_the_limit_is_a_400_not_a_500(settings):
    # given
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client = APIClient(raise_request_exception=False)
    body = json.dumps({**GENERATION, "notes": "x" * 20_000})

    # when
    response = client.post("/api/v1/generations/", data=body, content_type="application/json")

    # then
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "the request body is larger than the 10,000 bytes allowed"
    assert GenerationJob.objects.count() == 0


ASTRAL = "\U0001f600"  # one character, twelve bytes escaped in JSON (a surrogate pair)


def test_the_largest_valid_bodies_fit_under_the_body_limit(student):
    # given: a generation request and a saved schedule with every list at its limit, every string
    # at its longest, every character one that JSON escapes longest, and indented
    def text(n: int) -> str:
        return ASTRAL * n

    busy = {"days": ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"], "start": "07:00", "end": "09:00", "label": text(60)}
    generation = {
        "term": "2026-fall",
        "courses": [text(30)] * 12,
        "electives": [{"pick": 1, "courses": [text(30)] * 8} for _ in range(5)],
        "busy": [busy] * 30,
        "pinned": [text(40)] * 50,
        "excluded": [text(40)] * 500,
        "filters": {"campuses": [text(100)] * 20, "modalities": ["in_person", "online", "hybrid"]},
        "preferences": {"instructors": {"weight": 1, "prefer": [text(200)] * 20, "avoid": [text(200)] * 20}},
    }
    saved = {"term": "2026-fall", "name": text(120), "notes": text(5000), "sections": [text(40)] * 60}
    api = APIClient()
    api.force_authenticate(student)
    limit = 1024 * 1024
    # when
    bodies = {"generations": json.dumps(generation, indent=4), "schedules": json.dumps(saved, indent=4)}
    answers = {
        name: api.post(f"/api/v1/{name}/", data=body, content_type="application/json") for name, body in bodies.items()
    }
    # then: refused for what they say (no such course or section), never for their size
    assert all(len(body.encode()) < limit / 2 for body in bodies.values())
    for answer in answers.values():
        assert answer.status_code == 400
        assert "larger than" not in answer.json()["error"]["message"]
        assert answer.json()["error"]["fields"]


def test_a_body_of_over_a_mebibyte_is_refused_before_it_is_read():
    # given
    body = json.dumps({**GENERATION, "notes": "x" * (1024 * 1024)})
    # when
    response = APIClient().post("/api/v1/generations/", data=body, content_type="application/json")
    # then
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "the request body is larger than the 1,048,576 bytes allowed"


def test_page_sizes_past_the_bound_never_return_more_than_a_hundred_rows():
    client = APIClient()

    # when
    huge = client.get("/api/v1/institutions/demo/terms/2026-fall/courses/", {"page_size": 100_000})
    largest = client.get("/api/v1/institutions/demo/terms/2026-fall/courses/", {"page_size": 100})

    # then: refused with the field named (the schema says 1 to 100), and 100 is served
    assert huge.status_code == 400
    assert "page_size" in huge.json()["error"]["fields"]
    assert largest.status_code == 200
    assert len(largest.json()["results"]) <= 100


@pytest.mark.parametrize("debug", [False, True])
def test_an_api_url_missing_its_slash_is_redirected_keeping_the_method_and_body(student, settings, debug):
    # given: a client that forgot the trailing slash (DEBUG would refuse a POST with an error)
    settings.DEBUG = debug
    client = APIClient()
    client.force_authenticate(student)
    # when
    redirected = client.post("/api/v1/generations", GENERATION, format="json")
    followed = client.post(redirected["Location"], GENERATION, format="json")
    # then: a 308 (a 301 makes clients repeat a POST as a GET), to the same URL with its slash
    assert redirected.status_code == 308 and GenerationJob.objects.count() == 1
    assert redirected["Location"] == "/api/v1/generations/"
    assert followed.status_code == 202


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/accounts/login", "/schedules/bin/empty"])
def test_a_page_missing_its_slash_redirects_any_other_method_than_get_keeping_it(client, settings, debug, method, url):
    # given: a form posted to a page's URL without its slash (Django's DEBUG raised a RuntimeError: a 500)
    settings.DEBUG = debug
    client.raise_request_exception = False
    # when
    response = getattr(client, method)(url, "a=1", content_type="application/x-www-form-urlencoded")
    # then: the same 308 whatever DEBUG says, which a browser follows with the same method and body
    assert response.status_code == 308
    assert response["Location"] == url + "/"


def test_a_page_missing_its_slash_is_still_redirected_as_django_does(client):
    # when
    response = client.get("/accounts/login")
    # then
    assert response.status_code == 301 and response["Location"] == "/accounts/login/"


def test_a_misspelt_query_parameter_is_a_400_naming_it_not_an_unfiltered_answer(student):
    # given
    client = APIClient()
    client.force_authenticate(student)
    # when
    search = client.get("/api/v1/institutions/demo/terms/2026-fall/courses/?subjects=CS&subject=MATH")
    schedules = client.get("/api/v1/schedules/?trem=2026-fall")
    job = client.get("/api/v1/generations/00000000-0000-0000-0000-000000000000/?verbose=1")
    # then: each names the parameter and what the endpoint takes instead
    assert search.status_code == 400 and list(search.json()["error"]["fields"]) == ["subjects"]
    assert search.json()["error"]["fields"]["subjects"][0].startswith("not a query parameter here; expected one of")
    assert "starts_after, subject" in search.json()["error"]["message"]
    assert schedules.json()["error"]["fields"] == {
        "trem": ["not a query parameter here; expected one of institution, page, page_size, term"]
    }
    assert job.json()["error"]["fields"] == {"verbose": ["not a query parameter here; this endpoint takes none"]}


def test_an_unknown_query_parameter_is_refused_only_after_sign_in_is_checked():
    # when
    response = APIClient().get("/api/v1/schedules/?trem=2026-fall")
    # then
    assert response.status_code == 401


def test_every_endpoint_takes_exactly_the_query_parameters_its_schema_lists():
    # given
    from django.urls import resolve

    schema = yaml_read(APIClient().get("/api/v1/schema/").content)
    samples = {"job_id": "00000000-0000-0000-0000-000000000000"}
    # when
    mismatched = {}
    for path, operations in schema["paths"].items():
        if path.startswith("/api/v1/schema"):
            continue
        concrete = re.sub(r"\{(\w+)\}", lambda m: samples.get(m[1], "1"), path)
        view = resolve(concrete).func.view_class()
        for method, operation in operations.items():
            listed = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"} - {"format"}
            accepted = view.known_query_parameters(method.upper()) - {"format"}
            if listed != accepted:
                mismatched[(path, method)] = (sorted(listed), sorted(accepted))
    # then
    assert mismatched == {}


def test_the_query_parameters_an_endpoint_takes_several_times_are_the_lists_its_schema_gives():
    # given
    from django.urls import resolve

    schema = yaml_read(APIClient().get("/api/v1/schema/").content)
    samples = {"job_id": "00000000-0000-0000-0000-000000000000"}
    # when
    mismatched, lists = {}, set()
    for path, operations in schema["paths"].items():
        concrete = re.sub(r"\{(\w+)\}", lambda m: samples.get(m[1], "1"), path)
        view = resolve(concrete).func.view_class()
        for method, operation in operations.items():
            query = [p for p in operation.get("parameters", []) if p["in"] == "query" and method == "get"]
            listed = {p["name"] for p in query if p.get("schema", {}).get("type") == "array"}
            lists |= listed
            if query and listed != view.repeatable():
                mismatched[path] = (sorted(listed), sorted(view.repeatable()))
    # then
    assert mismatched == {}
    assert {"id", "subject", "days", "campus"} <= lists


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/institutions/demo/terms/2026-fall/courses/?starts_after=10:00&starts_after=07:00",
        "/api/v1/institutions/demo/terms/2026-fall/courses/?open_seats=true&open_seats=false",
        "/api/v1/terms/?institution=demo&institution=gatech",
        "/api/v1/institutions/?page=1&page=2",
    ],
)
def test_a_one_value_query_parameter_given_twice_is_a_400_not_the_last_value_read(url):
    # when
    response = APIClient().get(url)
    # then
    name = url.split("?")[1].split("=")[0]
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {name: ["given 2 times; it takes one value"]}


def test_a_list_query_parameter_is_still_taken_several_times():
    # when
    response = APIClient().get("/api/v1/institutions/demo/terms/2026-fall/courses/?subject=CS&subject=MUSI")
    # then
    assert response.status_code == 200
    assert {c["subject"] for c in response.json()["results"]} == {"CS", "MUSI"}


def test_every_write_whose_schema_has_no_body_refuses_one_and_every_other_takes_one():
    # given
    from django.urls import resolve

    schema = yaml_read(APIClient().get("/api/v1/schema/").content)
    samples = {"job_id": "00000000-0000-0000-0000-000000000000"}
    # when
    mismatched = {}
    for path, operations in schema["paths"].items():
        concrete = re.sub(r"\{(\w+)\}", lambda m: samples.get(m[1], "1"), path)
        view = resolve(concrete).func.view_class()
        for method, operation in operations.items():
            if method in ("post", "put", "patch", "delete"):
                documented = "requestBody" in operation
                if documented == view.takes_no_body(method.upper()):
                    mismatched[(path, method)] = documented
    # then
    assert mismatched == {}


NO_BODY = "not a field here; this endpoint takes no body"


@pytest.mark.parametrize(
    ("body", "content_type", "fields"),
    [
        ('{"k": 3, "bogus": 1}', "application/json", {"bogus": [NO_BODY], "k": [NO_BODY]}),
        ("[1]", "application/json", {"request": ["this endpoint takes no body"]}),
        ("k=3", "application/x-www-form-urlencoded", {"k": [NO_BODY]}),
    ],
)
def test_a_body_sent_to_a_write_that_takes_none_is_a_400(student, body, content_type, fields):
    # given
    client = APIClient()
    client.force_authenticate(student)
    schedule = client.post(
        "/api/v1/schedules/", {"term": "2026-fall", "name": "A", "sections": ["40001"]}, format="json"
    ).json()
    # when
    answers = [
        client.generic("POST", f"/api/v1/schedules/{schedule['id']}/{action}/", body, content_type=content_type)
        for action in ("replan", "share", "subscription")
    ]
    # then: nothing done
    assert [a.status_code for a in answers] == [400, 400, 400]
    assert all(a.json()["error"]["fields"] == fields for a in answers)
    assert GenerationJob.objects.count() == 0
    assert client.get(f"/api/v1/schedules/{schedule['id']}/").json()["share_url"] is None


def test_a_write_that_takes_no_body_takes_none_or_an_empty_object_and_a_malformed_one_is_a_parse_error(student):
    # given
    client = APIClient()
    client.force_authenticate(student)
    schedule = client.post(
        "/api/v1/schedules/", {"term": "2026-fall", "name": "A", "sections": ["40001"]}, format="json"
    ).json()
    share = f"/api/v1/schedules/{schedule['id']}/share/"
    # when
    answers = [
        client.post(share),
        client.generic("POST", share, "{}", content_type="application/json"),
        client.generic("POST", share, "garbage{", content_type="application/json"),
    ]
    # then
    assert [a.status_code for a in answers] == [200, 200, 400]
    assert answers[2].json()["error"]["code"] == "parse_error"


def test_a_method_an_endpoint_does_not_have_is_a_405_whatever_its_query():
    # when
    response = APIClient().generic("TRACE", "/api/v1/institutions/?page=2&foo=1")
    # then
    assert response.status_code == 405 and "GET" in response["Allow"]


def test_an_unknown_format_is_a_400_on_format_not_a_404(student):
    # given
    client = APIClient()
    client.force_authenticate(student)
    # when
    course = client.get("/api/v1/institutions/demo/terms/2026-fall/courses/CS/1110/?format=xml")
    listed = client.get("/api/v1/schedules/?format=yaml")
    # then: the resource exists; the parameter is what is wrong
    assert course.status_code == 400 and course.json()["error"]["fields"] == {
        "format": ["'xml' is not a format here; expected one of api, json"]
    }
    assert listed.status_code == 400 and list(listed.json()["error"]["fields"]) == ["format"]


def test_the_calendar_download_lists_no_format_it_does_not_answer_in():
    # given
    schema = yaml_read(APIClient().get("/api/v1/schema/").content)
    # when
    calendar = schema["paths"]["/api/v1/schedules/{id}/calendar.ics"]["get"]
    # then
    assert [p["name"] for p in calendar["parameters"] if p["in"] != "header"] == ["id"]  # no `format`
    assert list(calendar["responses"]["200"]["content"]) == ["text/calendar"]


def test_a_415_names_the_media_types_the_endpoint_reads(student):
    # given
    client = APIClient()
    client.force_authenticate(student)
    # when: a body in a type no parser reads, and one with no Content-Type at all (as gunicorn passes it)
    text_body = client.post("/api/v1/schedules/", "name=x", content_type="text/plain")
    untyped = client.generic("POST", "/api/v1/schedules/", '{"name": "x"}', content_type="")
    # then
    assert text_body.status_code == 415
    assert text_body.json()["error"]["message"] == (
        'Unsupported media type "text/plain" in request; send the body with a Content-Type it reads: '
        "application/json, application/x-www-form-urlencoded or multipart/form-data."
    )
    assert untyped.status_code == 415
    assert untyped.json()["error"]["message"] == (
        "The request has a body but no Content-Type; send it with a Content-Type it reads: "
        "application/json, application/x-www-form-urlencoded or multipart/form-data."
    )


def test_the_schema_documents_the_400_of_every_operation_and_the_415_of_every_body(student):
    # given
    schema = yaml_read(APIClient().get("/api/v1/schema/").content)
    client = APIClient()
    client.force_authenticate(student)
    # when
    operations = [
        (path, method, operation)
        for path, operations in schema["paths"].items()
        if not path.startswith("/api/v1/schema")
        for method, operation in operations.items()
    ]
    text_body = client.post("/api/v1/schedules/", "name=x", content_type="text/plain")
    # then: any of them answers 400 to a query parameter it does not take, and a body it cannot read is a 415
    assert all("400" in operation["responses"] for _, _, operation in operations)
    assert all("415" in op["responses"] for _, _, op in operations if op.get("requestBody"))
    assert text_body.status_code == 415 and text_body.json()["error"]["code"] == "unsupported_media_type"


@pytest.mark.parametrize("body", ["[1]", "null", '"x"'])
def test_a_json_body_that_is_not_an_object_is_invalid_under_request(student, body):
    # given
    client = APIClient()
    client.force_authenticate(student)
    # when
    response = client.post("/api/v1/schedules/", body, content_type="application/json")
    # then: as docs/api.md says, the body as a whole is named `request`
    error = response.json()["error"]
    assert response.status_code == 400 and error["code"] == "invalid"
    assert list(error["fields"]) == ["request"] and error["message"].startswith("request: ")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "JSON parse error - the body is nested too deeply"),
        ('{"name": ' + "[" * 5_000 + "]" * 5_000 + "}", "JSON parse error - the body is nested too deeply"),
        ('{"name": "Plan", "k": 1' + "0" * 5_000 + "}", "JSON parse error - a number in the body has too many digits"),
        (
            '{"term": "2026-fall", "name": "A", "sections": ["40001"], "name": "B"}',
            "JSON parse error - the key 'name' is given twice in one object; give each key once",
        ),
        (
            '{"busy": [{"days": ["Mo"], "days": ["Tu"]}]}',
            "JSON parse error - the key 'days' is given twice in one object; give each key once",
        ),
    ],
)
def test_a_body_nested_too_deeply_with_an_endless_number_or_a_key_twice_is_a_400_not_a_500(student, body, message):
    # given
    client = APIClient()
    client.force_authenticate(student)
    # when
    response = client.post("/api/v1/schedules/", body, content_type="application/json")
    # then: the client's fault, said without the server's internals
    assert response.status_code == 400
    assert response.json()["error"] == {"status": 400, "code": "parse_error", "message": message, "fields": {}}


def test_account_deletion_still_reads_json_only(student):
    # given
    client = APIClient()
    client.force_authenticate(student)
    # when
    response = client.post(
        "/api/v1/account/delete/", "password=x&confirm=true", content_type="application/x-www-form-urlencoded"
    )
    # then
    assert response.status_code == 415 and User.objects.filter(pk=student.pk).exists()


def test_a_repeated_delete_answers_as_docs_api_md_says(student):
    # given: a schedule, shared and subscribed, a token and a job
    client = APIClient()
    client.force_authenticate(student)
    token, _ = account_services.token_create(owner=student, name="cli")
    url = client.post("/api/v1/schedules/", {"term": "2026-fall", "name": "A", "sections": ["40001"]}, format="json")[
        "Location"
    ]
    client.post(url + "share/")
    client.post(url + "subscription/")
    job = client.post("/api/v1/generations/", GENERATION, format="json")["Location"]
    # when: each deleted twice
    twice = {
        name: [client.delete(path).status_code for _ in range(2)]
        for name, path in [
            ("token", f"/api/v1/tokens/{token.pk}/"),
            ("share", url + "share/"),
            ("subscription", url + "subscription/"),
            ("job", job),
            ("schedule", url),
            ("bin", "/api/v1/schedules/bin/"),
        ]
    }
    # then: switching something off is a 204 again; a deleted schedule is gone from its URL (404)
    assert twice == {
        "token": [204, 204],
        "share": [204, 204],
        "subscription": [204, 204],
        "job": [200, 200],
        "schedule": [204, 404],
        "bin": [204, 204],
    }
