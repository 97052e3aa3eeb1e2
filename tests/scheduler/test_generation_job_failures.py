"""Generation jobs that cannot be answered as asked fail with a reason a student can act on,
logged with the job's id."""

import logging
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from catalog.models import Term
from scheduler import services
from scheduler.models import GenerationJob
from tests.conftest import DEMO_CATALOG
from tests.scheduler.test_generation_reuse import validated

pytestmark = pytest.mark.django_db(transaction=True)  # a second connection sees the catalog

REQUEST = {"term": "2026-fall", "courses": ["CS 1110", "MATH 1310"]}


@pytest.fixture(autouse=True)
def demo_catalog():
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)


def job_submitted(request: dict) -> GenerationJob:
    term, normalised = validated(request)
    return services.generation_job_submit(owner=None, term=term, request=normalised, enqueue=False)


def sections_locked(*, locked: threading.Event, done: threading.Event) -> None:
    """In its own connection: hold the sections table locked (a migration, or someone in psql)
    until `done`."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("LOCK TABLE catalog_section IN ACCESS EXCLUSIVE MODE")
            locked.set()
            done.wait(timeout=60)
    finally:
        connection.close()


def test_a_job_stopped_by_the_statement_timeout_fails_at_once_saying_so(caplog):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's statement timeout")
    # given: a queued job, the sections table locked elsewhere, and a statement timeout of 0.2 s
    job = job_submitted(REQUEST)
    locked, done = threading.Event(), threading.Event()
    holder = threading.Thread(target=sections_locked, kwargs={"locked": locked, "done": done})
    holder.start()
    assert locked.wait(timeout=30)
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 200")
    # when
    try:
        with caplog.at_level(logging.WARNING, logger="scheduler.services"):
            services.generation_job_run(job_id=str(job.pk))
    finally:
        done.set()
        holder.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    # then: failed on its first attempt, not tried again as if its worker had been lost
    row = GenerationJob.objects.get(pk=job.pk)
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.error == "the database took too long to answer (statement timeout); try again"
    said = [r.getMessage() for r in caplog.records]
    assert said == [f"job {job.pk} failed: {row.error}"]


def test_a_job_given_up_on_after_its_worker_was_lost_too_often_is_logged_with_its_id(settings, caplog):
    # given: a job whose workers were lost as often as allowed
    settings.CLASSTIME_JOB_MAX_ATTEMPTS = 2
    job = job_submitted(REQUEST)
    GenerationJob.objects.filter(pk=job.pk).update(attempts=2)
    # when
    with caplog.at_level(logging.WARNING, logger="scheduler.services"):
        services.generation_job_run(job_id=str(job.pk))
    # then
    row = GenerationJob.objects.get(pk=job.pk)
    assert row.status == "failed"
    assert [r.getMessage() for r in caplog.records] == [f"job {job.pk} failed: {row.error}"]


def test_a_job_whose_pinned_section_was_withdrawn_after_it_was_queued_fails_saying_so(caplog):
    # given: a job pinning CS 1110's lab 102, queued before an import withdrew that lab
    from django.db.models import F
    from django.utils import timezone

    from catalog.models import Section

    job = job_submitted({**REQUEST, "pinned": ["40005"]})
    Section.objects.filter(registrar_id="40005").update(withdrawn_at=timezone.now())
    Term.objects.filter(code="2026-fall").update(catalog_version=F("catalog_version") + 1)
    # when
    with caplog.at_level(logging.WARNING, logger="scheduler.services"):
        services.generation_job_run(job_id=str(job.pk))
    # then
    row = GenerationJob.objects.get(pk=job.pk)
    assert row.status == "failed"
    assert (
        row.error == "pinned section 40005 (CS 1110 LAB 102) was withdrawn by the registrar since the request was made"
    )
    assert [r.getMessage() for r in caplog.records] == [f"job {job.pk} failed: {row.error}"]
