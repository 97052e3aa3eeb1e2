"""The admin's dry runs and applies are done by a worker (a Celery task), not in the web
request: the run's page shows it queued and running, then its report. Here a broker that holds
the messages stands in for Redis, and each test plays the worker, as one would take a message."""

import logging
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from catalog import services, tasks
from catalog.models import ImportRun, Section
from tests.catalog.test_catalog_admin import department_extract
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db(transaction=True)  # messages are sent once the run's row is committed


@pytest.fixture
def staff_client(client, sent):
    user = User.objects.create_superuser("registrar", "r@example.edu", "pw-registrar-1")
    client.force_login(user)
    return client


def upload(client, data: bytes, name: str = "demo.json") -> str:
    """The URL of the run's page the upload leads to."""
    response = client.post(
        reverse("admin:catalog_importrun_upload"), {"file": SimpleUploadedFile(name, data), "format": "canonical"}
    )
    assert response.status_code == 302
    return response["Location"]


def run_of(url: str) -> ImportRun:
    return ImportRun.objects.get(pk=int(url.split("/")[-3]))


@pytest.fixture
def worker(sent):
    """What a worker does with the run's message (which must have been sent)."""

    def work(url: str) -> None:
        run_id = run_of(url).pk
        assert run_id in sent
        assert services.import_run_execute(run_id=run_id)

    return work


def test_an_upload_is_queued_and_its_page_follows_it_to_the_dry_run_report(staff_client, worker):
    # given
    page_url = upload(staff_client, DEMO_CATALOG.read_bytes())
    # when
    queued = staff_client.get(page_url).content.decode()
    worker(page_url)
    finished = staff_client.get(page_url).content.decode()
    # then
    assert "Queued: the dry run waits for a worker" in queued and "Apply this import" not in queued
    # followed by its script, not by reloading itself (which sent a screen reader back to the top);
    # without scripts, by hand
    assert 'http-equiv="refresh"' not in queued and "catalog/import_progress.js" in queued
    assert f'<a href="{page_url}">refresh</a>' in queued
    assert "DRY RUN" in finished and "Apply this import" in finished
    assert "import_progress.js" not in finished and "Queued" not in finished
    assert run_of(page_url).status == ImportRun.Status.DRY_RUN
    assert Section.objects.count() == 0


def test_applying_is_queued_too_and_its_page_shows_the_outcome_and_the_report(staff_client, worker):
    # given: a finished dry run
    preview_url = upload(staff_client, DEMO_CATALOG.read_bytes())
    worker(preview_url)
    # when
    apply_url = staff_client.post(preview_url)["Location"]
    queued = staff_client.get(apply_url).content.decode()
    imported_while_queued = Section.objects.count()
    worker(apply_url)
    finished = staff_client.get(apply_url).content.decode()
    # then
    assert "Queued: the import waits for a worker" in queued and imported_while_queued == 0
    assert "(canonical) into demo 2026-fall — applied." in finished
    assert "Sections in file: 58 = 58 imported" in finished and "Apply this import" not in finished
    assert run_of(apply_url).status == ImportRun.Status.APPLIED and run_of(apply_url).preview == run_of(preview_url)
    assert Section.objects.count() == 58
    assert "This dry run has already been used" in staff_client.get(preview_url).content.decode()


def test_a_mass_withdrawal_refused_by_the_worker_sends_the_admin_back_to_check_the_dry_run_again(staff_client, worker):
    # given: a preview of the extract while the term held it alone, its apply queued, then the whole term imported
    services.catalog_import_file(data=department_extract(), name="demo.json", format="canonical")
    preview_url = upload(staff_client, department_extract())
    worker(preview_url)
    refused_url = staff_client.post(preview_url)["Location"]
    services.catalog_import_file(data=DEMO_CATALOG.read_bytes(), name="demo.json", format="canonical")
    # when: the worker takes the apply up; the dry run is checked again, then applied with the box ticked
    worker(refused_url)
    refused = staff_client.get(refused_url).content.decode()
    outdated = staff_client.get(preview_url).content.decode()
    again_url = staff_client.post(preview_url, {"check_again": "yes"})["Location"]
    worker(again_url)
    asking = staff_client.get(again_url).content.decode()
    confirmed_url = staff_client.post(again_url, {"allow_withdrawals": "yes"})["Location"]
    worker(confirmed_url)
    # then
    assert "Import refused, nothing was written" in refused and "leaves out 49 of the term" in refused
    assert "Back to the dry run" in refused and preview_url in refused
    assert "Apply this import" not in outdated and 'name="check_again"' in outdated
    assert 'name="allow_withdrawals"' in asking and "Apply this import" in asking
    assert run_of(confirmed_url).status == ImportRun.Status.APPLIED
    assert Section.objects.filter(withdrawn_at__isnull=True).count() == 9


def test_a_run_another_worker_has_is_left_to_it_while_its_heartbeat_lives_and_failed_once_it_stops(staff_client):
    # given: a worker took the run (a second delivery of its message comes in)
    page_url = upload(staff_client, DEMO_CATALOG.read_bytes())
    run = services.import_run_claim(run_id=run_of(page_url).pk)
    # when: the duplicate comes while the heartbeat lives, then again once it stopped
    running_page = staff_client.get(page_url).content.decode()
    left = services.import_run_execute(run_id=run.pk)
    stopped = timezone.now() - timedelta(seconds=django_settings.CLASSTIME_JOB_STALE_SECONDS + 1)
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=stopped)
    taken_up = services.import_run_execute(run_id=run.pk)
    # then: the second finds the run lost, fails it saying so, and does not import it
    assert "Running: the dry run started at" in running_page
    assert left is False and taken_up is True
    assert run_of(page_url).status == ImportRun.Status.FAILED
    assert "its worker stopped while importing it" in run_of(page_url).error
    assert Section.objects.count() == 0


def test_the_task_tries_a_run_another_worker_has_again_after_the_time_limit(staff_client):
    # given
    page_url = upload(staff_client, DEMO_CATALOG.read_bytes())
    services.import_run_claim(run_id=run_of(page_url).pk)
    # when
    with pytest.raises(Retry) as retry:
        tasks.import_run_execute.apply(args=[run_of(page_url).pk])
    # then
    assert retry.value.when == services.IMPORT_TIME_LIMIT
    assert run_of(page_url).status == ImportRun.Status.RUNNING


def test_running_a_finished_run_again_changes_nothing(staff_client, worker):
    # given
    preview_url = upload(staff_client, DEMO_CATALOG.read_bytes())
    worker(preview_url)
    apply_url = staff_client.post(preview_url)["Location"]
    worker(apply_url)
    before = list(ImportRun.objects.order_by("pk").values())
    # when
    worker(apply_url)
    worker(preview_url)
    # then
    assert list(ImportRun.objects.order_by("pk").values()) == before
    assert Section.objects.count() == 58


def test_a_run_the_task_queue_does_not_take_fails_saying_so(staff_client, monkeypatch):
    # given: a broker that is down
    def refused(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.import_run_execute, "apply_async", refused)
    # when
    response = staff_client.post(
        reverse("admin:catalog_importrun_upload"),
        {"file": SimpleUploadedFile("demo.json", DEMO_CATALOG.read_bytes()), "format": "canonical"},
    )
    # then: the form says so at once (the run's row was committed before the broker was asked)
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED and run.content is None
    assert run.error == (
        "demo.json: the task queue did not take it (Error 111 connecting to redis:6379. Connection refused.): try "
        "again in a moment; nothing was written."
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert "the task queue did not take it" in response.content.decode()


def test_a_file_the_worker_cannot_read_shows_its_error_on_the_runs_page_and_in_the_workers_log(
    staff_client, worker, caplog
):
    # given
    page_url = upload(staff_client, b'{"format": "classtime-catalog"', name="cut.json")
    # when
    with caplog.at_level(logging.WARNING, logger="catalog.services"):
        worker(page_url)
    page = staff_client.get(page_url).content.decode()
    # then
    run = run_of(page_url)
    assert run.status == ImportRun.Status.FAILED and run.content is None
    assert run.error.startswith("cut.json: line 1")
    assert f"import run {run.pk} failed: {run.error}" in [r.getMessage() for r in caplog.records]
    assert 'id="import-error"' in page and "cut.json: line 1" in page and "Apply this import" not in page
