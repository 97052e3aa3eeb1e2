"""`manage.py prune_generation_jobs`: delete the generation jobs finished over 30 days ago.

In production the beat does it daily (`scheduler.generation_jobs_prune`); the embedded
default runs no beat, so run this from cron there. `CLASSTIME_GENERATION_JOB_DAYS` sets the
days (at least two).
"""

from django.core.management.base import BaseCommand

from scheduler import services


class Command(BaseCommand):
    help = "Delete the generation jobs finished over CLASSTIME_GENERATION_JOB_DAYS (30) days ago."

    def handle(self, *args, **options) -> None:
        pruned = services.generation_jobs_prune()
        self.stdout.write(f"Deleted {pruned} generation job{'s' if pruned != 1 else ''}.")
