"""An admin's import run whose message was lost (Redis restarted without its queue) is sent
again by the periodic task, at most once a minute; a run sent within the minute or finished is
left alone, and a run whose worker was lost (its heartbeat stopped) is failed, not taken up
again (test_import_run_heartbeat.py)."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from catalog import services, tasks
from catalog.models import ImportRun

pytestmark = pytest.mark.django_db(transaction=True)  # messages are sent once the rows are committed


def run(
    status: str, *, age_seconds: int = 0, started_seconds_ago: int | None = None, beat_seconds_ago: int | None = None
) -> ImportRun:
    row = ImportRun.objects.create(
        source_name="demo.json", format="canonical", sha256="0" * 64, status=status, dry_run=True, content=b"{}"
    )
    ago = lambda seconds: timezone.now() - timedelta(seconds=seconds) if seconds is not None else None  # noqa: E731
    ImportRun.objects.filter(pk=row.pk).update(
        updated_at=ago(age_seconds), started_at=ago(started_seconds_ago), heartbeat_at=ago(beat_seconds_ago)
    )
    return row


def test_runs_left_queued_by_a_lost_message_are_sent_again_and_running_ones_left_to_their_workers(sent):
    # given: queued two minutes ago, queued just now, running for five minutes with a live heartbeat,
    # running for 30 s, and finished
    lost_queued = run(ImportRun.Status.QUEUED, age_seconds=120)
    run(ImportRun.Status.QUEUED, age_seconds=5)
    run(ImportRun.Status.RUNNING, age_seconds=300, started_seconds_ago=300, beat_seconds_ago=1)
    run(ImportRun.Status.RUNNING, age_seconds=30, started_seconds_ago=30, beat_seconds_ago=1)
    run(ImportRun.Status.DRY_RUN, age_seconds=3600)
    # when: the periodic task runs
    resent = tasks.import_runs_requeue_stale()
    # then: only the one whose message was lost is sent; the running ones are left as they are
    assert resent == 1
    assert sent == [lost_queued.pk]
    assert ImportRun.objects.filter(status=ImportRun.Status.RUNNING).count() == 2


def test_the_beat_runs_the_import_requeue_every_minute():
    entry = django_settings.CELERY_BEAT_SCHEDULE["requeue-stale-import-runs"]

    assert (entry["task"], entry["schedule"]) == (tasks.import_runs_requeue_stale.name, 60.0)


def test_a_run_waiting_its_turn_is_sent_again_at_most_once_a_minute(sent):
    # given: a run queued two minutes ago, the workers busy
    waiting = run(ImportRun.Status.QUEUED, age_seconds=120)
    # when: the beat ticks five times within the minute
    resent = [tasks.import_runs_requeue_stale() for _ in range(5)]
    # then: one message more, not five
    assert resent == [1, 0, 0, 0, 0]
    assert sent == [waiting.pk]


def test_a_dry_run_not_applied_within_a_week_lets_go_of_its_file_and_keeps_its_report():
    # given: two pending dry runs, one made eight days ago, one yesterday
    old, recent = run(ImportRun.Status.DRY_RUN), run(ImportRun.Status.DRY_RUN)
    ImportRun.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8), report={"kept": 1})
    ImportRun.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=1))
    # when: the daily task runs
    released = tasks.import_previews_release()
    # then: only the old one's file goes, and applying it names the later dry run of the same
    # file while that one holds it, else says to upload the file again
    old.refresh_from_db()
    recent.refresh_from_db()
    assert released == 1
    assert old.content is None and old.report == {"kept": 1} and old.status == ImportRun.Status.DRY_RUN
    assert recent.content == b"{}"
    with pytest.raises(services.CatalogImportError, match=f"as import run {recent.pk}: apply that one"):
        services.import_run_apply_submit(run=old)
    ImportRun.objects.filter(pk=recent.pk).update(content=None)
    with pytest.raises(services.CatalogImportError, match="or has expired .* upload the file again"):
        services.import_run_apply_submit(run=old)


def test_the_beat_releases_stale_previews_and_clears_expired_sessions_daily():
    schedule = django_settings.CELERY_BEAT_SCHEDULE

    assert schedule["release-stale-import-previews"] == {
        "task": tasks.import_previews_release.name,
        "schedule": 86400.0,
    }
    assert schedule["clear-expired-sessions"]["task"] == "accounts.sessions_clear_expired"
