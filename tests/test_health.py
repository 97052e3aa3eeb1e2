"""/healthz and /readyz for load balancers: answered before the host and HTTPS checks, ready
only while the database answers with every migration applied; Redis reported, not required."""

import json
import socket
import threading

import pytest
from django.db.migrations.executor import MigrationExecutor

from classtime_site import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def migrations_checked_afresh(monkeypatch):
    monkeypatch.setattr(health, "migrations_applied", False)


def dead_redis_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{s.getsockname()[1]}/0"


def test_a_balancers_probe_by_address_over_plain_http_is_answered(client, settings):
    # given: production settings, which refuse an unknown host and redirect plain HTTP
    settings.ALLOWED_HOSTS = ["classtime.example.edu"]
    settings.SECURE_SSL_REDIRECT = True
    # when
    live = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    ready = client.get("/readyz", HTTP_HOST="10.0.0.7:8000")
    page = client.get("/", HTTP_HOST="10.0.0.7:8000")
    # then
    assert live.status_code == 200 and live.json() == {"status": "ok", "checks": {}}
    assert ready.status_code == 200 and ready["Cache-Control"] == "no-store"
    assert page.status_code == 400  # the rest of the site keeps its host check


def test_ready_names_each_check(client, settings):
    # when
    response = client.get("/readyz")
    # then
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert body["checks"]["database"] == "ok" and body["checks"]["migrations"] == "ok"
    assert body["checks"]["redis"] == ("ok" if settings.REDIS_URL else "not used (embedded default)")


def test_not_ready_while_the_database_does_not_answer(client, monkeypatch):
    # given
    def broken(self, *args, **kwargs):
        from django.db import OperationalError

        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", broken)
    # when
    response = client.get("/readyz")
    # then
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {
            "database": "unavailable (OperationalError)",
            "migrations": "unknown (no database)",
            "redis": response.json()["checks"]["redis"],
        },
    }


def test_a_database_that_stops_answering_fails_the_probe_in_time_instead_of_hanging_it(client, monkeypatch):
    # given: a database whose answer never comes (a frozen server whose machine still takes the
    # packets), until the test lets it
    answer = threading.Event()

    def hanging(self, *args, **kwargs):
        answer.wait(10)

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", hanging)
    monkeypatch.setattr(health, "DATABASE_TIMEOUT_SECONDS", 0.2)
    # when: two probes, the second while the first one's check still waits
    first, second = client.get("/readyz"), client.get("/readyz")
    answer.set()
    for waiting in [t for t in threading.enumerate() if t.name == "readyz-database"]:
        waiting.join(10)  # the check ends: the next probe (the next test's) starts a check of its own
    # then: both answer 503 at once, the second without starting another wait
    assert (first.status_code, second.status_code) == (503, 503)
    assert first.json()["checks"]["database"] == "unavailable (no answer in 0.2 s)"
    assert second.json()["checks"]["database"] == "unavailable (no answer yet to the last check)"


def test_a_check_that_could_not_start_its_thread_leaves_the_next_probe_free_to_check(client, monkeypatch):
    # given: a moment with no thread to be had
    def refused(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refused)
    failed = client.get("/readyz")
    monkeypatch.undo()
    # when: threads can be started again
    again = client.get("/readyz")
    # then
    assert failed.json()["checks"]["database"] == "unavailable (RuntimeError)"
    assert again.status_code == 200 and again.json()["checks"]["database"] == "ok"


def test_not_ready_while_a_migration_is_unapplied(client, monkeypatch):
    # given: a release deployed before `migrate` ran
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("m1", False), ("m2", False)])
    # when
    response = client.get("/readyz")
    # then
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "2 unapplied (run manage.py migrate)"


def test_redis_down_is_reported_as_degraded_without_taking_the_site_out(client, settings):
    # given
    settings.REDIS_URL = dead_redis_url()
    # when
    response = client.get("/readyz")
    # then
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["redis"] == "unavailable (ConnectionError)"


def test_only_reads_are_answered(client):
    # when
    response = client.post("/readyz")
    # then
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert json.loads(response.content)["status"] == "method not allowed"


def test_plain_http_is_redirected_to_https_keeping_an_unsafe_methods_body(settings):
    # given: production's HTTPS redirect, and a proxy that forgot to say the request came over HTTPS
    from django.test import Client

    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    # when
    posted = client.post("/api/v1/generations/", {"term": "2026-fall"}, content_type="application/json")
    read = client.get("/api/v1/terms/")
    # then: a POST is redirected with a 308 (repeated as a POST), a GET with Django's 301
    assert (posted.status_code, posted["Location"]) == (308, "https://testserver/api/v1/generations/")
    assert (read.status_code, read["Location"]) == (301, "https://testserver/api/v1/terms/")
