"""Nothing saved is lost on the production path: a Celery worker killed (-9) in the middle of a
re-plan job and a Redis that is down and then back leave every saved schedule row exactly as it
was, and the re-plans still finish.

Skipped on the embedded configuration; `make test-production` runs it.
"""

import hashlib
import json

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from scheduler.models import GenerationJob, SavedSchedule, SavedScheduleSection
from tests.conftest import DEMO_CATALOG
from tests.scheduler.saved.conftest import save
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


@pytest.fixture(autouse=True)
def in_process_tasks():
    """Overrides the package's in-process fixture: here real workers run the jobs."""
    production_services_or_skip()


def saved_checksum() -> str:
    schedules = list(
        SavedSchedule.objects.order_by("pk").values_list(
            "pk", "owner_id", "term_id", "name", "notes", "share_token", "calendar_token", "updated_at"
        )
    )
    rows = list(SavedScheduleSection.objects.order_by("pk").values_list("pk", "schedule_id", "section_id", "snapshot"))
    return hashlib.sha256(json.dumps([schedules, rows], sort_keys=True, default=str).encode()).hexdigest()


def job_status(job_id) -> str:
    return GenerationJob.objects.values_list("status", flat=True).get(pk=job_id)


def test_saved_schedules_survive_a_killed_worker_and_a_redis_restart(ada):
    # given: two saved schedules, one shared
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)
    api = APIClient()
    api.force_authenticate(ada)
    first = save(api).json()
    save(api, name="Plan B", sections=["40003", "40006"])
    api.post(first["url"] + "share/")
    before = saved_checksum()
    # when: a worker dies (kill -9) with a re-plan job in hand
    with worker_process(CLASSTIME_FAULT_DELAY_SECONDS="20") as slow:
        killed_job = api.post(first["url"] + "replan/").json()["id"]
        wait_for(lambda: job_status(killed_job) == "running", timeout=60, what="the job to start")
        kill(slow)
    assert saved_checksum() == before
    # and Redis goes away: a second re-plan cannot be sent and stays queued
    port = 6393
    with broker(f"redis://127.0.0.1:{port}/0"):
        lost_job = api.post(first["url"] + "replan/").json()["id"]
        assert job_status(lost_job) == "queued"
        assert saved_checksum() == before
        # then: Redis comes back with a healthy worker and beat, and both jobs finish
        with (
            redis_server(port),
            worker_process(
                beat=True,
                broker_url=f"redis://127.0.0.1:{port}/0",
                CLASSTIME_JOB_STALE_SECONDS="3",
                CLASSTIME_REQUEUE_EVERY_SECONDS="1",
                CLASSTIME_JOB_QUEUED_RESEND_SECONDS="1",
            ),
        ):
            for job_id in (killed_job, lost_job):
                wait_for(lambda j=job_id: job_status(j) == "succeeded", timeout=90, what=f"job {job_id} to finish")
    assert saved_checksum() == before
    body = api.get(first["url"]).json()
    assert sorted(s["id"] for s in body["sections"]) == sorted(s["id"] for s in first["sections"])
    assert body["share_url"] and api.get("/api/v1/schedules/").json()["count"] == 2
    job = GenerationJob.objects.get(pk=killed_job)
    assert job.attempts == 2
    assert set(job.request["pinned"]) <= {s["id"] for s in job.results[0]["sections"]}
