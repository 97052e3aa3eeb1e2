"""Celery tasks: ids in, the job row holds everything else."""

from celery import shared_task

from scheduler import change_notices, saved_schedules, services, watches


@shared_task(acks_late=True, ignore_result=True, name="scheduler.generation_job_run")
def generation_job_run(job_id: str) -> None:
    services.generation_job_run(job_id=job_id)


@shared_task(ignore_result=True, name="scheduler.generation_jobs_requeue_stale")
def generation_jobs_requeue_stale() -> None:
    services.generation_jobs_requeue_stale()


# within the broker's 300 s visibility timeout, as every task (late acknowledgement)
@shared_task(ignore_result=True, name="scheduler.saved_schedules_purge", soft_time_limit=240, time_limit=270)
def saved_schedules_purge() -> None:
    """Delete for good the saved schedules in the bin for over 30 days (beat runs it hourly)."""
    saved_schedules.saved_schedules_purge()


@shared_task(ignore_result=True, name="scheduler.generation_jobs_prune", soft_time_limit=240, time_limit=270)
def generation_jobs_prune() -> None:
    """Delete the generation jobs finished over CLASSTIME_GENERATION_JOB_DAYS ago (daily)."""
    services.generation_jobs_prune()


@shared_task(ignore_result=True, name="scheduler.saved_schedules_notify_changes", soft_time_limit=240, time_limit=270)
def saved_schedules_notify_changes() -> None:
    """Email the owners of saved schedules the registrar changed (beat: every
    CLASSTIME_CHANGE_EMAILS_EVERY_SECONDS, 600 by default)."""
    change_notices.saved_schedules_notify_changes()


@shared_task(ignore_result=True, name="scheduler.section_watches_notify", soft_time_limit=240, time_limit=270)
def section_watches_notify() -> None:
    """Email the students whose watched sections opened (beat: every
    CLASSTIME_SEAT_ALERTS_EVERY_SECONDS, 600 by default)."""
    watches.section_watches_notify()
