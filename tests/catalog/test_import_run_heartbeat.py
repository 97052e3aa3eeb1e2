"""A worker beats its import run's heartbeat while it imports; a run whose heartbeat stopped (the
worker killed mid-apply, out of memory, restarted) is failed, saying so, by the periodic task or
as soon as its page is looked at, and the admin runs it again (docs/operations.md). Lost workers
are simulated by a heartbeat set in the past: no process is killed here."""

import threading
import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.db import connections, transaction
from django.utils import timezone

from catalog import services, tasks
from catalog.models import ImportRun, Section
from tests.catalog.test_import_runs_in_the_background import run_of, staff_client, upload, worker
from tests.conftest import DEMO_CATALOG

__all__ = ["staff_client", "worker"]  # fixtures

pytestmark = pytest.mark.django_db(transaction=True)  # messages are sent once the run's row is committed


def heartbeat_stopped(run_id: int) -> None:
    """What a worker killed mid-run leaves: the run running, its heartbeat no longer touched."""
    stopped = timezone.now() - timedelta(seconds=django_settings.CLASSTIME_JOB_STALE_SECONDS + 1)
    ImportRun.objects.filter(pk=run_id).update(heartbeat_at=stopped)


def test_an_apply_whose_worker_was_lost_is_failed_by_the_periodic_task_and_applied_again(staff_client, worker):
    # given: a dry run, applied; a worker took the apply and was killed mid-way
    preview_url = upload(staff_client, DEMO_CATALOG.read_bytes())
    worker(preview_url)
    apply_url = staff_client.post(preview_url)["Location"]
    assert services.import_run_claim(run_id=run_of(apply_url).pk) is not None
    heartbeat_stopped(run_of(apply_url).pk)
    # when: the beat's periodic task runs, and the admin opens the apply's page
    acted = tasks.import_runs_requeue_stale()
    page = staff_client.get(apply_url).content.decode()
    # then: failed with its reason, nothing written, the dry run pending again
    lost = run_of(apply_url)
    assert acted == 1 and lost.status == ImportRun.Status.FAILED and lost.finished_at is not None
    assert lost.error == (
        "demo.json: its worker stopped while importing it (no sign of it for over 15 s: the worker was killed, ran "
        "out of memory or was restarted); nothing was written. The dry run it applied is pending again."
    )
    assert "Import failed, nothing was written: demo.json: its worker stopped" in page
    assert "Back to the dry run" in page and 'http-equiv="refresh"' not in page
    assert Section.objects.count() == 0
    # and when: the admin applies the dry run again
    again_url = staff_client.post(preview_url)["Location"]
    worker(again_url)
    # then
    assert run_of(again_url).status == ImportRun.Status.APPLIED and Section.objects.count() == 58


def test_a_dry_run_whose_worker_was_lost_is_failed_when_its_page_is_looked_at(staff_client):
    # given: no beat has run yet (or none runs at all)
    page_url = upload(staff_client, DEMO_CATALOG.read_bytes())
    services.import_run_claim(run_id=run_of(page_url).pk)
    heartbeat_stopped(run_of(page_url).pk)
    # when
    page = staff_client.get(page_url).content.decode()
    # then: the page says what happened and what to do
    run = run_of(page_url)
    assert run.status == ImportRun.Status.FAILED and run.content is None
    assert run.error.endswith("nothing was written. Upload the file again to run it again.")
    assert 'id="import-error"' in page and "its worker stopped while importing it" in page
    assert "Running:" not in page


def test_a_run_whose_heartbeat_lives_is_left_running_however_long_it_takes(staff_client):
    # given: a run started ten minutes ago whose worker still beats
    page_url = upload(staff_client, DEMO_CATALOG.read_bytes())
    run_id = run_of(page_url).pk
    services.import_run_claim(run_id=run_id)
    ten_minutes_ago = timezone.now() - timedelta(minutes=10)
    ImportRun.objects.filter(pk=run_id).update(started_at=ten_minutes_ago, updated_at=ten_minutes_ago)
    # when
    acted = tasks.import_runs_requeue_stale()
    page = staff_client.get(page_url).content.decode()
    # then
    assert acted == 0 and run_of(page_url).status == ImportRun.Status.RUNNING
    assert "Running: the dry run started at" in page


def test_the_worker_beats_the_runs_heartbeat_while_it_imports(staff_client, settings, monkeypatch):
    # given: beats every 50 ms, and an import that takes half a second
    settings.CLASSTIME_JOB_HEARTBEAT_SECONDS = 0.05
    page_url = upload(staff_client, DEMO_CATALOG.read_bytes())
    run_id = run_of(page_url).pk
    seen = []
    real = services.catalog_import

    def slow(**kwargs):
        seen.append(ImportRun.objects.get(pk=run_id).heartbeat_at)
        time.sleep(0.5)
        seen.append(ImportRun.objects.get(pk=run_id).heartbeat_at)
        return real(**kwargs)

    monkeypatch.setattr(services, "catalog_import", slow)
    # when
    services.import_run_execute(run_id=run_id)
    # then: the heartbeat moved while the import ran, and the run finished
    assert seen[0] is not None and seen[1] > seen[0]
    assert run_of(page_url).status == ImportRun.Status.DRY_RUN


def test_a_worker_only_slow_whose_run_was_failed_meanwhile_still_records_what_it_applied(
    staff_client, worker, monkeypatch
):
    # given: the apply's worker stalls long enough for its run to be taken for lost and failed
    preview_url = upload(staff_client, DEMO_CATALOG.read_bytes())
    worker(preview_url)
    apply_url = staff_client.post(preview_url)["Location"]
    real = services.catalog_import

    def stalled(**kwargs):
        heartbeat_stopped(run_of(apply_url).pk)
        tasks.import_runs_requeue_stale()
        return real(**kwargs)

    monkeypatch.setattr(services, "catalog_import", stalled)
    # when: it comes back and finishes
    worker(apply_url)
    # then: the run says what it did, and its dry run is used, not pending again
    assert run_of(apply_url).status == ImportRun.Status.APPLIED and Section.objects.count() == 58
    assert run_of(preview_url).content is None


def test_a_run_claimed_by_a_worker_of_a_release_before_heartbeats_is_judged_by_the_time_limit(staff_client):
    # given: a run claimed a minute ago by a worker that keeps no heartbeat (deployed before them)
    page_url = upload(staff_client, DEMO_CATALOG.read_bytes())
    run_id = run_of(page_url).pk
    services.import_run_claim(run_id=run_id)
    minute_ago = timezone.now() - timedelta(seconds=60)
    ImportRun.objects.filter(pk=run_id).update(heartbeat_at=None, started_at=minute_ago)
    # when
    acted = tasks.import_runs_requeue_stale()
    # then: still running (before, 15 s after its start it was failed while its worker imported)
    assert acted == 0 and run_of(page_url).status == ImportRun.Status.RUNNING
    # and when: past the time limit, after which no worker still imports it
    long_ago = timezone.now() - timedelta(seconds=services.IMPORT_TIME_LIMIT + 1)
    ImportRun.objects.filter(pk=run_id).update(started_at=long_ago)
    # then
    assert tasks.import_runs_requeue_stale() == 1 and run_of(page_url).status == ImportRun.Status.FAILED


@pytest.mark.skipif(
    not django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="PostgreSQL's advisory locks: run by `make test-production`",
)
def test_an_apply_whose_worker_went_silent_with_its_transaction_open_is_not_failed_until_it_ends(staff_client, worker):
    # given: a dry run, applied; the worker took the apply, then went silent (frozen, or cut
    # off by a network that still takes its packets) with its import's transaction open
    preview_url = upload(staff_client, DEMO_CATALOG.read_bytes())
    worker(preview_url)
    apply_url = staff_client.post(preview_url)["Location"]
    run_id = run_of(apply_url).pk
    assert services.import_run_claim(run_id=run_id) is not None
    heartbeat_stopped(run_id)
    opened, end = threading.Event(), threading.Event()

    def silent_worker():
        with transaction.atomic():
            services.run_lock_take(run_id)
            opened.set()
            end.wait(30)
        connections.close_all()

    held = threading.Thread(target=silent_worker)
    held.start()
    assert opened.wait(30)
    # when: the periodic task runs while the transaction is open, and again once it ended
    while_open = tasks.import_runs_requeue_stale()
    status_while_open = run_of(apply_url).status
    end.set()
    held.join(30)
    once_ended = tasks.import_runs_requeue_stale()
    # then: not said to have written nothing while that was not yet known; failed once it was
    assert (while_open, status_while_open) == (0, ImportRun.Status.RUNNING)
    assert once_ended == 1 and run_of(apply_url).status == ImportRun.Status.FAILED


def test_a_workers_dry_run_and_apply_each_hold_their_runs_lock_while_importing(staff_client, worker, monkeypatch):
    # given: the run lock watched as the import's transaction takes it
    taken = []
    take = services.run_lock_take
    monkeypatch.setattr(services, "run_lock_take", lambda run_id: (taken.append(run_id), take(run_id)))
    # when: a worker does a dry run, then the apply of it
    preview_url = upload(staff_client, DEMO_CATALOG.read_bytes())
    worker(preview_url)
    apply_url = staff_client.post(preview_url)["Location"]
    worker(apply_url)
    # then: each import took its own run's lock
    assert taken == [run_of(preview_url).pk, run_of(apply_url).pk]
    assert run_of(apply_url).status == ImportRun.Status.APPLIED
