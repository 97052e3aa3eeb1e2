"""A student's whole workflow over the API, each answer checked against what the OpenAPI schema
documents for its operation and status: every key named, typed and no other (schemathesis
covers the catalog, me/, tokens/ and friends/; these operations create rows and jobs)."""

import jsonschema
import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from catalog.models import Section
from tests.conftest import yaml_read
from tests.scheduler.saved.conftest import SECTIONS
from tests.scheduler.test_generation_api import strict_json_schema

pytestmark = pytest.mark.django_db(transaction=True)  # generation jobs are enqueued on commit

# the headers a client acts on: each one an answer carries must be declared for its status
HEADERS = ("Location", "Retry-After", "ETag", "Last-Modified", "Content-Disposition")


class CheckedClient:
    """An API client whose every answer must be one the schema documents, in its shape."""

    def __init__(self, client: APIClient, schema: dict):
        self.client, self.schema, self.seen = client, schema, []

    def call(self, method: str, operation: str, url: str, body=None):
        send = getattr(self.client, method)
        response = send(url) if body is None else send(url, body, format="json")
        documented = self.schema["paths"][operation][method]["responses"].get(str(response.status_code))
        assert documented is not None, (method, operation, response.status_code)
        content = documented.get("content", {})
        if response.content and response["Content-Type"].startswith("application/json"):
            schema = strict_json_schema(content["application/json"]["schema"], self.schema["components"]["schemas"])
            jsonschema.validate(response.json(), schema)
        else:
            assert not content or response["Content-Type"].split(";")[0] in content, (method, operation)
        sent = [name for name in HEADERS if response.has_header(name)]
        assert set(sent) <= set(documented.get("headers", {})), (method, operation, response.status_code, sent)
        self.seen.append((method, operation, response.status_code))
        return response


def test_every_answer_of_a_students_workflow_is_what_the_schema_documents(demo):
    # given: two students who become friends
    ada, grace = User.objects.create_user("ada"), User.objects.create_user("grace")
    schema = yaml_read(APIClient().get("/api/v1/schema/").content)
    a, g = APIClient(), APIClient()
    a.force_authenticate(ada)
    g.force_authenticate(grace)
    api, friend = CheckedClient(a, schema), CheckedClient(g, schema)
    a.post("/api/v1/friends/requests/", {"username": "grace"}, format="json")
    g.post(f"/api/v1/friends/requests/{g.get('/api/v1/friends/').json()['incoming'][0]['id']}/accept/")
    # when: generate, save, edit, compare, share, subscribe, acknowledge, re-plan, bin and restore
    job_url = api.call(
        "post", "/api/v1/generations/", "/api/v1/generations/", {"term": "2026-fall", "courses": ["CS 1110"]}
    )
    job = api.call("get", "/api/v1/generations/{job_id}/", job_url["Location"]).json()
    chosen = [s["id"] for s in job["results"][0]["sections"]]
    body = {"term": "2026-fall", "name": "A", "sections": chosen, "generation": job["id"]}
    first = api.call("post", "/api/v1/schedules/", "/api/v1/schedules/", body).json()
    other = api.call("post", "/api/v1/schedules/", "/api/v1/schedules/", {**body, "name": "B", "sections": SECTIONS})
    one, two = first["url"].split("testserver")[1], other.json()["url"].split("testserver")[1]
    api.call("get", "/api/v1/schedules/", "/api/v1/schedules/?term=2026-fall")
    api.call("get", "/api/v1/schedules/{id}/", one)
    api.call("patch", "/api/v1/schedules/{id}/", one, {"notes": "the early one"})
    api.call("post", "/api/v1/schedules/{id}/duplicate/", one + "duplicate/", {})
    api.call("get", "/api/v1/schedules/compare/", f"/api/v1/schedules/compare/?a={first['id']}&b={other.json()['id']}")
    share = api.call("post", "/api/v1/schedules/{id}/share/", one + "share/").json()["share_url"]
    friend.call("get", "/api/v1/shared/{token}/", "/api/v1/shared/" + share.rstrip("/").rsplit("/", 1)[1] + "/")
    shared = friend.call("get", "/api/v1/friends/schedules/", "/api/v1/friends/schedules/?term=2026-fall")
    api.call("post", "/api/v1/schedules/{id}/subscription/", one + "subscription/")
    api.call("get", "/api/v1/schedules/{id}/calendar.ics", one + "calendar.ics")
    api.call("post", "/api/v1/schedules/{id}/acknowledge/", one + "acknowledge/", {})
    api.call("post", "/api/v1/schedules/{id}/replan/", one + "replan/")
    api.call("get", "/api/v1/generations/", "/api/v1/generations/")
    api.call("delete", "/api/v1/schedules/{id}/", two)
    api.call("get", "/api/v1/schedules/bin/", "/api/v1/schedules/bin/")
    api.call("post", "/api/v1/schedules/bin/{id}/restore/", f"/api/v1/schedules/bin/{other.json()['id']}/restore/")
    api.call("delete", "/api/v1/schedules/{id}/share/", one + "share/")
    api.call("get", "/api/v1/schedules/compare/", "/api/v1/schedules/compare/?a=1")
    api.call("get", "/api/v1/schedules/{id}/", "/api/v1/schedules/999/")
    Section.objects.filter(registrar_id="40005").update(status="cancelled")
    pinned = {"term": "2026-fall", "courses": ["CS 1110"], "pinned": ["40005"]}
    refused = api.call("post", "/api/v1/generations/", "/api/v1/generations/", pinned)
    # then: every call above answered as documented (CheckedClient asserts each), successes among them
    assert len(api.seen) + len(friend.seen) == 24 and shared.json()["count"] == 1
    assert refused.status_code == 400 and refused.json()["error"]["refused_pins"][0]["reason"] == "cancelled"
    assert {code for _, _, code in api.seen} == {200, 201, 202, 204, 400, 404}
