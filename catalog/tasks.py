"""Celery tasks: ids in, the import run's row holds everything else."""

from celery import shared_task

from catalog import feeds, services


@shared_task(
    bind=True,
    acks_late=True,
    ignore_result=True,
    name="catalog.import_run_execute",
    soft_time_limit=services.IMPORT_SOFT_TIME_LIMIT,
    time_limit=services.IMPORT_TIME_LIMIT,
    max_retries=3,
)
def import_run_execute(self, run_id: int) -> None:
    if not services.import_run_execute(run_id=run_id):
        # a redelivery while another worker has it, its heartbeat alive: look again once that
        # attempt could no longer be running (by then it finished, or it was failed as lost)
        raise self.retry(countdown=services.IMPORT_TIME_LIMIT)


@shared_task(ignore_result=True, name="catalog.import_runs_requeue_stale")
def import_runs_requeue_stale() -> int:
    """Periodic (beat): fail the import runs whose worker was lost (heartbeat stopped) and send
    again the queued runs a lost message left behind."""
    return services.import_runs_requeue_stale()


@shared_task(ignore_result=True, name="catalog.import_previews_release")
def import_previews_release() -> int:
    """Periodic (beat, daily): dry runs not applied within a week let go of their files."""
    return services.import_previews_release()


def seat_alerts_send() -> None:
    """Have the seat alerts look at once (not at their next beat) at a catalog a feed changed."""
    from scheduler.tasks import section_watches_notify  # scheduler reads the catalog, not the other way

    section_watches_notify.delay()


@shared_task(
    ignore_result=True,
    name="catalog.feed_run",
    soft_time_limit=services.IMPORT_SOFT_TIME_LIMIT,
    time_limit=services.IMPORT_TIME_LIMIT,
)
def feed_run(feed_id: int, force: bool = False, due_only: bool = True) -> int | None:
    """Fetch and import one catalog feed (the feed's row holds the outcome); nothing when another
    worker runs it or, `due_only`, when it is not due. The run's id, or None when not run (read
    by the admin's Run now in the embedded default, where the task runs in the request)."""
    run = feeds.catalog_feed_run(feed_id=feed_id, force=force, due_only=due_only)
    if feeds.catalog_changed(run):
        seat_alerts_send()
    return run.pk if run is not None else None


@shared_task(ignore_result=True, name="catalog.feeds_run_due")
def feeds_run_due() -> int:
    """Periodic (beat, every minute): send each catalog feed that is due to a worker of its own."""
    due = feeds.catalog_feeds_due()
    for feed_id in due:
        feed_run.delay(feed_id)
    return len(due)
