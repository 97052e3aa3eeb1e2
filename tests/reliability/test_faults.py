"""Faults against the real production stack: PostgreSQL, a Redis of the test's own, a gunicorn
web process and Celery worker processes (the extended tier: `make test-extended`).

Each scenario ends with the same three checks: every accepted job ended (succeeded, or failed
with a reason), each got exactly one result write (a trigger counts them), and the saved data
(catalog plus the jobs finished before the fault) has the checksum it had before.
"""

from __future__ import annotations

import itertools
import shutil
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from catalog.models import Term
from scheduler import services
from scheduler.api.serializers import GenerationRequestSerializer
from scheduler.models import GenerationJob, SavedSchedule
from tests.conftest import DEMO_CATALOG
from tests.reliability.checksums import finished_job_ids, saved_data_checksum
from tests.reliability.stack import (
    Answer,
    http,
    publishing_to,
    redis_of_our_own,
    result_write_log,
    result_writes,
    terminate_backends,
    web_process,
)
from tests.scheduler.workers import (
    QUEUE,
    kill,
    private_queue,  # noqa: F401 - autouse fixture
    wait_for,
    worker_process,
)

pytestmark = [pytest.mark.extended, pytest.mark.django_db(transaction=True)]

COURSES = ("CS 1110", "CHEM 1410", "MATH 1310", "ENWR 1510", "PHYS 1425", "HIST 2001", "ECON 2010", "SPAN 2020")
# Fast recovery for tests: heartbeat every second, stale after 3 s, requeue every second.
RECOVERY = {
    "CLASSTIME_JOB_HEARTBEAT_SECONDS": "1",
    "CLASSTIME_JOB_STALE_SECONDS": "3",
    "CLASSTIME_REQUEUE_EVERY_SECONDS": "1",
    "CLASSTIME_JOB_QUEUED_RESEND_SECONDS": "5",
}


def distinct_requests():
    """Requests that differ from each other (so none is answered from an earlier job)."""
    for k, trio in itertools.product(range(1, 11), itertools.combinations(COURSES, 3)):
        yield {"term": "2026-fall", "courses": list(trio), "k": k}


@pytest.fixture
def stack():
    """The demo catalog, two jobs finished before any fault, four schedules students saved from
    them, the result-write log, and the checksum of the saved data."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs DATABASE_URL (PostgreSQL) and REDIS_URL: run by `make test-extended`")
    if not (shutil.which("redis-server") and shutil.which("redis-cli")):
        pytest.skip("needs redis-server and redis-cli on the PATH (the tests stop and start a Redis of their own)")
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)
    requests = distinct_requests()
    term = Term.objects.get(code="2026-fall")
    for _ in range(2):
        serializer = GenerationRequestSerializer(data=next(requests))
        serializer.is_valid(raise_exception=True)
        services.generation_request_solve(term_id=term.pk, request=serializer.normalised())
    before_ids = finished_job_ids()
    assert len(before_ids) == 2
    students_save_schedules(term=term, jobs=GenerationJob.objects.filter(pk__in=before_ids))
    with result_write_log():
        yield Stack(requests=requests, before_ids=before_ids, before=saved_data_checksum(job_ids=before_ids))


def students_save_schedules(*, term, jobs) -> None:
    """Two students each save the best schedule of each finished job: the saved data a fault must not touch."""
    from django.contrib.auth.models import User

    from scheduler import saved_schedules

    for n in range(2):
        owner = User.objects.create_user(f"saver{n}", password=f"pw-saver-{n}-123")
        for job in jobs:
            best = job.results[0]
            ids = [s["id"] for s in best["sections"] + best["tba"]]
            saved_schedules.saved_schedule_create(owner=owner, term=term, name=f"plan {job.pk}", section_ids=ids)
    assert SavedSchedule.objects.count() == 4


class Stack:
    def __init__(self, *, requests, before_ids, before):
        self.requests = requests
        self.before_ids = before_ids
        self.before = before

    def submit(self, base: str, timeout: float = 10) -> Answer:
        return http("POST", f"{base}/api/v1/generations/", next(self.requests), timeout=timeout)

    def assert_every_job_ended_once(self, *, timeout: float = 120) -> list[GenerationJob]:
        """Wait for every job to end, then check the three promises; the jobs, for more checks."""
        wait_for(
            lambda: not GenerationJob.objects.exclude(status__in=GenerationJob.FINISHED).exists(),
            timeout=timeout,
            what="every job to end: "
            + str(list(GenerationJob.objects.exclude(status__in=GenerationJob.FINISHED).values_list("pk", "status"))),
        )
        jobs = list(GenerationJob.objects.exclude(pk__in=self.before_ids))
        writes = result_writes()
        for job in jobs:
            assert job.status in (GenerationJob.Status.SUCCEEDED, GenerationJob.Status.FAILED), job
            if job.status == GenerationJob.Status.SUCCEEDED:
                assert job.results is not None or job.explanation is not None
            else:
                assert job.error, f"job {job.pk} failed with no reason"
            assert writes.get(str(job.pk)) == 1, f"job {job.pk} got {writes.get(str(job.pk))} result writes"
            assert job.attempts <= 3
        assert saved_data_checksum(job_ids=self.before_ids) == self.before
        return jobs


def job_attempts() -> int:
    return sum(GenerationJob.objects.values_list("attempts", flat=True))


def test_killing_a_worker_mid_job_ten_times_loses_no_job_and_writes_each_result_once(stack):
    # given: 12 jobs queued, and workers that hold each job 3 s "mid-run"
    with redis_of_our_own() as redis, web_process(redis.url) as web:
        accepted = [stack.submit(web) for _ in range(12)]
        assert all(a.status == 202 for a in accepted), accepted
        killed = []
        # when: ten times, a worker (with beat) comes up, claims a job, and is killed with -9
        for _ in range(10):
            claims = job_attempts()
            with worker_process(beat=True, broker_url=redis.url, CLASSTIME_FAULT_DELAY_SECONDS="3", **RECOVERY) as w:
                wait_for(lambda: job_attempts() > claims, timeout=90, what="a worker to claim a job")  # noqa: B023
                time.sleep(1)  # inside the 3 s hold: mid-job
                running = list(GenerationJob.objects.filter(status="running").values_list("pk", flat=True))
                kill(w)
            killed.extend(running)
        # then: a healthy worker finishes them all
        with worker_process(beat=True, broker_url=redis.url, **RECOVERY):
            jobs = stack.assert_every_job_ended_once()
    assert len(killed) >= 10
    by_id = {j.pk: j for j in jobs}
    assert all(by_id[pk].attempts >= 2 for pk in killed)
    for job in jobs:
        if job.status == GenerationJob.Status.FAILED:
            assert job.error == "gave up after 3 attempts: the worker running it was lost each time"
    assert sum(j.status == GenerationJob.Status.SUCCEEDED for j in jobs) >= 9


def test_with_redis_stopped_for_a_minute_submissions_answer_within_3_s_and_every_job_finishes(stack):
    # given: web and a worker on our Redis (broker and cache); the worker holds each job 1 s
    with redis_of_our_own() as redis, web_process(redis.url) as web:
        with worker_process(beat=True, broker_url=redis.url, CLASSTIME_FAULT_DELAY_SECONDS="1", **RECOVERY):
            answers = [stack.submit(web) for _ in range(4)]
            # when: Redis stops for 60 s while clients keep submitting and reading
            redis.stop()
            stopped = time.monotonic()
            while time.monotonic() - stopped < 60:
                answers.append(stack.submit(web))
                job_id = next((a.job_id for a in reversed(answers) if a.job_id), None)
                answers.append(http("GET", f"{web}/api/v1/generations/{job_id}/"))
                time.sleep(0.5)
            outage = answers[4:]
            redis.start()
            # then: every answer came quickly, accepted or a clear error, never a 500
            jobs = stack.assert_every_job_ended_once(timeout=150)
    slowest = max(a.seconds for a in outage)
    print(f"outage: {len(outage)} answers, {sum(a.status == 202 for a in outage)} accepted, slowest {slowest:.2f} s")
    assert all(a.seconds < 3 for a in answers), max(a.seconds for a in answers)
    assert all(a.status in (200, 202) or (a.status in (429, 503) and a.body.get("error")) for a in answers), {
        (a.status, str(a.body)[:200]) for a in answers if a.status not in (200, 202)
    }
    assert sum(a.status == 202 for a in outage) >= 20
    assert len(jobs) == sum(a.status == 202 for a in answers)
    assert all(j.status == GenerationJob.Status.SUCCEEDED for j in jobs)


def test_terminating_every_postgresql_connection_under_load_loses_no_job(stack):
    # given: web, two workers (one with beat) holding each job 1 s, and a client submitting
    answers: list[Answer] = []
    done = threading.Event()
    with redis_of_our_own() as redis, web_process(redis.url) as web:

        def client():
            while not done.is_set():
                answers.append(stack.submit(web))
                time.sleep(0.3)

        with (
            worker_process(beat=True, broker_url=redis.url, CLASSTIME_FAULT_DELAY_SECONDS="1", **RECOVERY),
            worker_process(broker_url=redis.url, CLASSTIME_FAULT_DELAY_SECONDS="1", **RECOVERY),
        ):
            warm = stack.submit(web).job_id
            wait_for(lambda: GenerationJob.objects.get(pk=warm).is_finished, timeout=90, what="a first job")
            thread = threading.Thread(target=client, daemon=True)
            thread.start()
            # when: every 3 s for 30 s, every session of the test database but ours is terminated
            terminated = []
            for _ in range(10):
                time.sleep(3)
                terminated.append(terminate_backends())
            done.set()
            thread.join(timeout=15)
            # then
            jobs = stack.assert_every_job_ended_once(timeout=150)
    print(f"terminated {terminated}; {len(answers)} answers: {Counter(a.status for a in answers)}")
    assert sum(1 for n in terminated if n) >= 5, terminated
    assert all(a.status != 0 and a.seconds < 3 for a in answers), [(a.status, a.seconds) for a in answers]
    # a request whose session is terminated mid-way is told to retry: 503 unavailable, never a 500
    assert all(a.status == 202 or (a.status == 503 and a.body["error"]["code"] == "unavailable") for a in answers), {
        (a.status, str(a.body)[:200]) for a in answers if a.status != 202
    }
    accepted = {a.job_id for a in answers if a.job_id}
    assert len(accepted) >= 0.9 * len(answers)
    assert accepted <= {str(j.pk) for j in jobs}
    assert all(j.status == GenerationJob.Status.SUCCEEDED for j in jobs), [
        (j.status, j.attempts, j.error) for j in jobs if j.status != GenerationJob.Status.SUCCEEDED
    ]


def test_a_runaway_job_fails_at_the_time_limit_and_the_same_worker_takes_the_next_job(stack):
    # given: a soft limit of 2 s and a hard one of 4 s, and jobs that run for 30 s. Celery puts
    # the limits in the message, so the sender's (the web process's) are the ones that count
    limits = {"CLASSTIME_TASK_SOFT_TIME_LIMIT": "2", "CLASSTIME_TASK_TIME_LIMIT": "4"}
    with redis_of_our_own() as redis, web_process(redis.url, **limits) as web:
        with worker_process(broker_url=redis.url, CLASSTIME_FAULT_DELAY_SECONDS="30", **limits, **RECOVERY) as w:
            # when: a runaway job, then another
            first = stack.submit(web).job_id
            wait_for(lambda: GenerationJob.objects.get(pk=first).is_finished, timeout=60, what="the runaway")
            second = stack.submit(web).job_id
            wait_for(lambda: GenerationJob.objects.get(pk=second).is_finished, timeout=60, what="the next job")
            # then: the worker process is the same one, alive
            alive = w.poll() is None
            jobs = stack.assert_every_job_ended_once()
    assert alive
    assert {j.status for j in jobs} == {GenerationJob.Status.FAILED}
    assert {j.error for j in jobs} == {"the request ran past the time limit; try fewer courses or options"}
    assert all(j.attempts == 1 for j in jobs)
    assert all(j.finished_at - j.started_at < timedelta(seconds=10) for j in jobs)


def test_the_same_task_delivered_twice_computes_and_writes_once(stack):
    # given: two workers holding each job 2 s, and jobs whose message is sent twice
    from scheduler.tasks import generation_job_run

    term = Term.objects.get(code="2026-fall")
    with redis_of_our_own() as redis, publishing_to(redis.url):
        jobs = []
        for _ in range(6):
            serializer = GenerationRequestSerializer(data=next(stack.requests))
            serializer.is_valid(raise_exception=True)
            jobs.append(
                services.generation_job_submit(owner=None, term=term, request=serializer.normalised(), enqueue=False)
            )
        with (
            worker_process(broker_url=redis.url, CLASSTIME_FAULT_DELAY_SECONDS="2", **RECOVERY),
            worker_process(broker_url=redis.url, CLASSTIME_FAULT_DELAY_SECONDS="2", **RECOVERY),
        ):
            # when: every message twice, at once
            for job in jobs:
                generation_job_run.apply_async(args=[str(job.pk)], queue=QUEUE)
                generation_job_run.apply_async(args=[str(job.pk)], queue=QUEUE)
            ended = stack.assert_every_job_ended_once()
            # and once more, after they finished
            for job in jobs:
                generation_job_run.apply_async(args=[str(job.pk)], queue=QUEUE)
            wait_for(lambda: redis.queue_length(QUEUE) == 0, timeout=30, what="the late messages to be taken")
            time.sleep(2)  # the time to run them
            again = stack.assert_every_job_ended_once()
    # then
    assert all(j.status == GenerationJob.Status.SUCCEEDED and j.attempts == 1 for j in ended)
    assert [(j.pk, j.finished_at, j.results) for j in sorted(ended, key=lambda j: j.pk)] == [
        (j.pk, j.finished_at, j.results) for j in sorted(again, key=lambda j: j.pk)
    ]
