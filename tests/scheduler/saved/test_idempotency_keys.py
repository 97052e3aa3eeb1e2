"""`Idempotency-Key` on the creating POSTs: a retried POST is answered with the first answer and
creates nothing more (classtime_site/idempotency.py, docs/api.md "Repeating a request")."""

import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from scheduler.models import GenerationJob, SavedSchedule
from tests.conftest import yaml_read
from tests.scheduler.saved.conftest import SECTIONS

pytestmark = pytest.mark.django_db(transaction=True)  # generation jobs are enqueued on commit

SAVE = {"term": "2026-fall", "name": "Mine", "sections": SECTIONS}
GENERATE = {"term": "2026-fall", "courses": ["CS 1110"]}


@pytest.fixture(autouse=True)
def fresh_keys():
    caches["idempotency"].clear()  # on Redis, shared with the other tests
    yield
    caches["idempotency"].clear()


def test_a_save_sent_twice_with_one_key_saves_once_and_answers_the_same(demo, ada_api):
    # given
    key = {"HTTP_IDEMPOTENCY_KEY": "3f0c2a9e-save"}
    # when
    first = ada_api.post("/api/v1/schedules/", SAVE, format="json", **key)
    again = ada_api.post("/api/v1/schedules/", SAVE, format="json", **key)
    # then
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert SavedSchedule.objects.count() == 1


def test_a_replayed_save_carries_the_etag_of_the_first_answer(demo, ada_api):
    # given
    key = {"HTTP_IDEMPOTENCY_KEY": "3f0c2a9e-etag"}
    first = ada_api.post("/api/v1/schedules/", SAVE, format="json", **key)
    # when
    again = ada_api.post("/api/v1/schedules/", SAVE, format="json", **key)
    # then
    assert again["Idempotent-Replayed"] == "true"
    assert again["ETag"] == first["ETag"] == ada_api.get(f"/api/v1/schedules/{first.json()['id']}/")["ETag"]


def test_without_a_key_or_with_another_key_a_post_creates_each_time(demo, ada_api):
    # when
    ada_api.post("/api/v1/schedules/", SAVE, format="json")
    ada_api.post("/api/v1/schedules/", SAVE, format="json")
    ada_api.post("/api/v1/schedules/", SAVE, format="json", HTTP_IDEMPOTENCY_KEY="a")
    ada_api.post("/api/v1/schedules/", SAVE, format="json", HTTP_IDEMPOTENCY_KEY="b")
    # then
    assert SavedSchedule.objects.count() == 4


def test_one_key_with_another_body_or_endpoint_is_a_422_and_creates_nothing(demo, ada_api):
    # given
    ada_api.post("/api/v1/schedules/", SAVE, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    # when
    other_body = ada_api.post("/api/v1/schedules/", {**SAVE, "name": "Other"}, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    other_endpoint = ada_api.post("/api/v1/generations/", GENERATE, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    # then
    assert other_body.status_code == other_endpoint.status_code == 422
    assert other_body.json()["error"]["code"] == "idempotency_key_reused"
    assert SavedSchedule.objects.count() == 1 and GenerationJob.objects.count() == 0


def test_keys_are_each_clients_own(demo, ada_api, bob_api):
    # when: two students happen to send the same key
    mine = ada_api.post("/api/v1/schedules/", SAVE, format="json", HTTP_IDEMPOTENCY_KEY="same")
    theirs = bob_api.post("/api/v1/schedules/", SAVE, format="json", HTTP_IDEMPOTENCY_KEY="same")
    # then: each saved their own
    assert theirs.status_code == 201 and theirs.json()["id"] != mine.json()["id"]
    assert not theirs.has_header("Idempotent-Replayed")


def test_a_refused_request_keeps_no_answer_so_the_corrected_one_runs(demo, ada_api):
    # when: a bad request, then the same key with the request corrected, then that again
    bad = ada_api.post("/api/v1/schedules/", {**SAVE, "sections": ["nope"]}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    fixed = ada_api.post("/api/v1/schedules/", SAVE, format="json", HTTP_IDEMPOTENCY_KEY="k")
    again = ada_api.post("/api/v1/schedules/", SAVE, format="json", HTTP_IDEMPOTENCY_KEY="k")
    # then
    assert bad.status_code == 400
    assert fixed.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert SavedSchedule.objects.count() == 1


def test_a_key_still_being_answered_is_a_409(demo, ada_api, monkeypatch):
    # given: the first request with the key is running (its slot is pending) when the retry comes
    answers = []
    original = SavedSchedule.objects.create

    def create_and_retry(**kwargs):
        answers.append(ada_api.post("/api/v1/schedules/", SAVE, format="json", HTTP_IDEMPOTENCY_KEY="slow"))
        return original(**kwargs)

    monkeypatch.setattr(SavedSchedule.objects, "create", create_and_retry)
    # when
    first = ada_api.post("/api/v1/schedules/", SAVE, format="json", HTTP_IDEMPOTENCY_KEY="slow")
    # then
    assert first.status_code == 201
    assert [a.status_code for a in answers] == [409]
    assert answers[0].json()["error"]["code"] == "idempotency_key_in_use"
    assert answers[0]["Retry-After"] == "1"  # "send it again in a moment": how long a moment is


def test_a_generation_duplicate_and_replan_replay_their_first_answer(demo, ada_api):
    # given
    saved = ada_api.post("/api/v1/schedules/", SAVE, format="json").json()
    # when
    calls = [
        ("/api/v1/generations/", GENERATE, "g"),
        (saved["url"] + "duplicate/", {"name": "Plan B"}, "d"),
        (saved["url"] + "replan/", None, "r"),
    ]
    pairs = [
        [ada_api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key) for _ in range(2)] for url, body, key in calls
    ]
    # then: one job per generation, one copy, one re-plan job; the replay keeps Location
    assert [(a.status_code, b.status_code) for a, b in pairs] == [(202, 202), (201, 201), (202, 202)]
    assert all(a.json() == b.json() and b["Idempotent-Replayed"] == "true" for a, b in pairs)
    assert pairs[0][1]["Location"] == pairs[0][0]["Location"]
    assert SavedSchedule.objects.count() == 2 and GenerationJob.objects.count() == 2


def test_a_malformed_key_is_a_400_naming_the_header(demo, ada_api):
    # when
    spaced = ada_api.post("/api/v1/schedules/", SAVE, format="json", HTTP_IDEMPOTENCY_KEY="has space")
    long = ada_api.post("/api/v1/schedules/", SAVE, format="json", HTTP_IDEMPOTENCY_KEY="x" * 256)
    # then
    assert spaced.json()["error"]["fields"] == {"Idempotency-Key": ["1 to 255 printable ASCII characters, no spaces"]}
    assert long.status_code == 400 and SavedSchedule.objects.count() == 0


def test_with_the_cache_down_a_keyed_post_is_served_as_without_a_key(demo, ada_api, monkeypatch):
    # given
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(caches["idempotency"], "get", down)
    # when
    answer = ada_api.post("/api/v1/schedules/", SAVE, format="json", HTTP_IDEMPOTENCY_KEY="k")
    # then
    assert answer.status_code == 201 and SavedSchedule.objects.count() == 1


def test_an_anonymous_requests_key_is_ignored_so_no_job_id_is_handed_to_another_client(demo):
    # given: two anonymous clients, the second claiming the first's address
    one, two = APIClient(REMOTE_ADDR="10.0.0.1"), APIClient(REMOTE_ADDR="203.0.113.9")
    # when
    first = one.post("/api/v1/generations/", GENERATE, format="json", HTTP_IDEMPOTENCY_KEY="anon")
    claimed = two.post(
        "/api/v1/generations/", GENERATE, format="json", HTTP_IDEMPOTENCY_KEY="anon", HTTP_X_FORWARDED_FOR="10.0.0.1"
    )
    # then: each got a job of its own, neither a replay
    assert first.status_code == claimed.status_code == 202
    assert claimed.json()["id"] != first.json()["id"] and not claimed.has_header("Idempotent-Replayed")


def test_a_form_body_with_another_list_under_one_key_is_a_422_not_a_replay(demo, ada_api):
    # given: a form body saving five sections
    form = {"term": "2026-fall", "name": "Form", "sections": SECTIONS}
    ada_api.post("/api/v1/schedules/", form, HTTP_IDEMPOTENCY_KEY="form")
    # when: the same key, the list cut to its last section
    fewer = ada_api.post("/api/v1/schedules/", {**form, "sections": SECTIONS[-1:]}, HTTP_IDEMPOTENCY_KEY="form")
    # then
    assert fewer.status_code == 422 and SavedSchedule.objects.count() == 1


def test_a_key_freed_between_a_refused_claim_and_its_second_look_is_not_run_unguarded(demo, ada_api, monkeypatch):
    # given: the key is held when this request tries to claim it, and freed before it looks again
    store = caches["idempotency"]
    monkeypatch.setattr(store, "add", lambda *args, **kwargs: False)
    # when
    raced = ada_api.post("/api/v1/schedules/", SAVE, format="json", HTTP_IDEMPOTENCY_KEY="race")
    # then: told to retry, nothing saved without the key
    assert raced.status_code == 409 and SavedSchedule.objects.count() == 0


def test_an_answer_that_cannot_be_kept_frees_its_key(demo, ada_api, monkeypatch):
    # given: the cache refuses to keep the answer
    store = caches["idempotency"]
    original = store.set

    def refuse(*args, **kwargs):
        raise ValueError("too big")

    monkeypatch.setattr(store, "set", refuse)
    first = ada_api.post("/api/v1/schedules/", SAVE, format="json", HTTP_IDEMPOTENCY_KEY="lost")
    monkeypatch.setattr(store, "set", original)
    # when
    again = ada_api.post("/api/v1/schedules/", SAVE, format="json", HTTP_IDEMPOTENCY_KEY="lost")
    # then: not held "in use" for minutes; the retry runs (the duplicate the lost answer costs)
    assert first.status_code == again.status_code == 201
    assert not again.has_header("Idempotent-Replayed") and SavedSchedule.objects.count() == 2


def test_keys_outlive_many_other_cached_answers(demo, ada_api):
    # given: a saved schedule under a key, then more API reads than the default cache holds
    first = ada_api.post("/api/v1/schedules/", SAVE, format="json", HTTP_IDEMPOTENCY_KEY="kept")
    for n in range(320):
        ada_api.get(f"/api/v1/institutions/demo/terms/2026-fall/courses/?q=x{n}")
    # when
    again = ada_api.post("/api/v1/schedules/", SAVE, format="json", HTTP_IDEMPOTENCY_KEY="kept")
    # then
    assert again["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert SavedSchedule.objects.count() == 1


def test_the_schema_documents_the_key_and_its_errors_on_the_creating_posts(demo, ada_api):
    # when
    schema = yaml_read(ada_api.get("/api/v1/schema/").content)
    # then
    keyed = sorted(
        f"{method} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", []))
    )
    assert keyed == [
        "post /api/v1/generations/",
        "post /api/v1/schedules/",
        "post /api/v1/schedules/{id}/duplicate/",
        "post /api/v1/schedules/{id}/replan/",
    ]
    operation = schema["paths"]["/api/v1/schedules/"]["post"]
    assert {"409", "422"} <= set(operation["responses"]) and "Idempotent-Replayed" in operation["responses"]["201"][
        "headers"
    ]
    assert operation["responses"]["409"]["headers"]["Retry-After"] == {"$ref": "#/components/headers/Retry-After"}


def test_a_generation_replay_is_not_refused_by_the_generation_limit_it_already_paid(demo, ada_api, settings):
    # given: one generation a minute, spent by a keyed request whose answer the client lost
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "generation": "1/minute"},
    }
    first = ada_api.post("/api/v1/generations/", GENERATE, format="json", HTTP_IDEMPOTENCY_KEY="paid")
    # when
    replay = ada_api.post("/api/v1/generations/", GENERATE, format="json", HTTP_IDEMPOTENCY_KEY="paid")
    other_body = ada_api.post("/api/v1/generations/", {**GENERATE, "k": 5}, format="json", HTTP_IDEMPOTENCY_KEY="paid")
    new_key = ada_api.post("/api/v1/generations/", GENERATE, format="json", HTTP_IDEMPOTENCY_KEY="new")
    # then: the replay is answered; anything that would start a search is still counted
    assert first.status_code == replay.status_code == 202 and replay["Idempotent-Replayed"] == "true"
    assert other_body.status_code == new_key.status_code == 429
    assert GenerationJob.objects.count() == 1
