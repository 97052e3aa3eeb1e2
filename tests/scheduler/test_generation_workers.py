"""The production path: real Celery worker processes on Redis and PostgreSQL, and their faults.

Skipped on the embedded configuration (no broker to lose); `make test-production` runs them.
"""

import time

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from scheduler.models import GenerationJob
from tests.conftest import DEMO_CATALOG
from tests.scheduler.workers import (
    broker,
    kill,
    private_queue,  # noqa: F401 - autouse fixture
    production_services_or_skip,
    redis_server,
    wait_for,
    worker_process,
)

pytestmark = pytest.mark.django_db(transaction=True)

REQUEST = {"term": "2026-fall", "courses": ["CS 1110", "CHEM 1410", "MATH 1310"], "k": 5}


@pytest.fixture(autouse=True)
def demo_catalog():
    production_services_or_skip()
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)


def job_status(job_id) -> str:
    return GenerationJob.objects.values_list("status", flat=True).get(pk=job_id)


def test_a_worker_process_runs_a_job_submitted_through_the_api():
    # given
    client = APIClient()
    with worker_process():
        # when
        created = client.post("/api/v1/generations/", REQUEST, format="json")
        body = wait_for(
            lambda: (r := client.get(created["Location"]).json())["status"] == "succeeded" and r,
            timeout=60,
            what="the job to succeed",
        )
    # then
    assert created.status_code == 202
    assert body["proven_optimal"] is True
    assert 1 <= len(body["results"]) <= 5
    assert body["attempts"] == 1


def test_a_job_survives_its_worker_being_killed_mid_run():
    # given: a worker that holds every job for 20 s before computing
    client = APIClient()
    job_id = None
    with worker_process(CLASSTIME_FAULT_DELAY_SECONDS="20") as slow:
        job_id = client.post("/api/v1/generations/", REQUEST, format="json").json()["id"]
        wait_for(lambda: job_status(job_id) == "running", timeout=60, what="the job to start")
        # when: the worker dies with the job in hand, and a healthy worker with beat comes up
        kill(slow)
    assert job_status(job_id) == "running"
    with worker_process(beat=True, CLASSTIME_JOB_STALE_SECONDS="3", CLASSTIME_REQUEUE_EVERY_SECONDS="1"):
        wait_for(lambda: job_status(job_id) == "succeeded", timeout=90, what="the job to finish")
    # then
    job = GenerationJob.objects.get(pk=job_id)
    assert job.attempts == 2
    assert job.results and job.error == ""


def test_with_redis_down_the_api_answers_quickly_and_the_job_finishes_once_redis_is_back():
    # given: the web process's broker is a Redis that is not running
    port = 6391
    client = APIClient()
    with broker(f"redis://127.0.0.1:{port}/0"):
        # when
        started = time.monotonic()
        created = client.post("/api/v1/generations/", REQUEST, format="json")
        elapsed = time.monotonic() - started
        # then
        assert created.status_code == 202
        assert elapsed < 3
        job_id = created.json()["id"]
        assert job_status(job_id) == "queued"
        # when Redis is back with a worker and beat, the stuck job is sent again and finishes
        with (
            redis_server(port),
            worker_process(
                beat=True,
                broker_url=f"redis://127.0.0.1:{port}/0",
                CLASSTIME_REQUEUE_EVERY_SECONDS="1",
                CLASSTIME_JOB_QUEUED_RESEND_SECONDS="1",
            ),
        ):
            wait_for(lambda: job_status(job_id) == "succeeded", timeout=90, what="the job to finish")
    assert GenerationJob.objects.get(pk=job_id).attempts == 1
