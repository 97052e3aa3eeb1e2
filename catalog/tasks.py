"""Celery tasks: ids in, the import run's row holds everything else."""

from celery import shared_task

from catalog import services


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
