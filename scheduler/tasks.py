"""Celery tasks: ids in, the job row holds everything else."""

from celery import shared_task

from scheduler import services


@shared_task(acks_late=True, ignore_result=True, name="scheduler.generation_job_run")
def generation_job_run(job_id: str) -> None:
    services.generation_job_run(job_id=job_id)


@shared_task(ignore_result=True, name="scheduler.generation_jobs_requeue_stale")
def generation_jobs_requeue_stale() -> None:
    services.generation_jobs_requeue_stale()
