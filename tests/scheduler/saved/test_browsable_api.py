"""DRF's browsable API (what a person gets opening an endpoint in a browser, or `?format=api`):
every readable endpoint of the schema, and the writes whose answers carry a job, render as a
page, never a 500. A job's `results` key once made DRF take it for a page of a list."""

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from tests.conftest import yaml_read
from tests.scheduler.saved.conftest import SECTIONS

pytestmark = pytest.mark.django_db(transaction=True)  # generation jobs are enqueued on commit

HTML = {"HTTP_ACCEPT": "text/html"}
# endpoints that answer no HTML by design: the calendar is bytes for calendar apps
NOT_BROWSABLE = {"/api/v1/schedules/{id}/calendar.ics"}


def test_every_readable_endpoint_and_every_job_answer_renders_in_the_browsable_api(demo):
    # given: a student with a finished job, a shared schedule, one in the bin, and a friend
    ada, grace = User.objects.create_user("ada"), User.objects.create_user("grace")
    a, g = APIClient(), APIClient()
    a.force_authenticate(ada)
    g.force_authenticate(grace)
    a.post("/api/v1/friends/requests/", {"username": "grace"}, format="json")
    g.post(f"/api/v1/friends/requests/{g.get('/api/v1/friends/').json()['incoming'][0]['id']}/accept/")
    job = a.post("/api/v1/generations/", {"term": "2026-fall", "courses": ["CS 1110"]}, format="json").json()
    body = {"term": "2026-fall", "name": "A", "sections": SECTIONS}
    kept = a.post("/api/v1/schedules/", body, format="json").json()
    binned = a.post("/api/v1/schedules/", {**body, "name": "B"}, format="json").json()
    a.delete(binned["url"])
    token = a.post(kept["url"] + "share/").json()["share_url"].rstrip("/").rsplit("/", 1)[1]
    watch = a.post("/api/v1/watches/", {"term": "2026-fall", "registrar_id": "40002"}, format="json").json()
    values = {
        "{institution}": "demo",
        "{term}": "2026-fall",
        "{subject}": "CS",
        "{number}": "1110",
        "{registrar_id}": SECTIONS[0],
        "{job_id}": job["id"],
        "{id}": str(kept["id"]),
        "{token}": token,
        "{watch_id}": str(watch["id"]),
    }
    urls_of = {"/api/v1/schedules/bin/{id}/": f"/api/v1/schedules/bin/{binned['id']}/"}  # one in the bin
    queries = {
        "/api/v1/schedules/compare/": f"?a={kept['id']}&b={kept['id']}",
        "/api/v1/friends/schedules/": "?term=2026-fall",
    }
    schema = yaml_read(a.get("/api/v1/schema/").content)
    readable = sorted(p for p, operations in schema["paths"].items() if "get" in operations and p not in NOT_BROWSABLE)
    # when: each read, a generation submitted, a re-plan (both answer a job)
    urls = {}
    for path in readable:
        urls[path] = urls_of.get(path, path)
        for name, value in values.items():
            urls[path] = urls[path].replace(name, value)
    answers = {path: a.get(url + queries.get(path, ""), **HTML) for path, url in urls.items()}
    submitted = a.post("/api/v1/generations/?format=api", {"term": "2026-fall", "courses": ["CS 1110"]}, format="json")
    replanned = a.post(kept["url"] + "replan/?format=api")
    # then: every one a page (the path parameters all filled in), none a 500
    assert len(urls) >= 19 and [url for url in urls.values() if "{" in url] == []
    failed = {p: r.status_code for p, r in answers.items() if r.status_code != 200 or b"<html" not in r.content}
    assert failed == {}
    assert submitted.status_code == 202 and b"CS 1110" in submitted.content
    assert replanned.status_code == 202 and b"<html" in replanned.content


def test_the_browsable_apis_form_for_a_write_that_takes_no_body_sends_none_and_works(demo, ada_api, ada):
    # given: the page DRF draws for share/ (a 405 to GET, with the POST form under it)
    from rest_framework.test import APIClient

    from tests.scheduler.saved.conftest import save

    url = save(ada_api).json()["url"] + "share/"
    client = APIClient(enforce_csrf_checks=False)
    client.force_login(ada)
    page = client.get(url, **HTML).content.decode()
    # when: what its HTML form sends
    sent = client.post(url, {"csrfmiddlewaretoken": "from-the-form"}, format="multipart")
    # then: no field of the answer drawn to fill in (share_url= was refused), and the link made
    assert 'name="share_url"' not in page and "&quot;share_url&quot;" not in page
    assert sent.status_code == 200 and sent.json()["share_url"]
