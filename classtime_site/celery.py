"""The Celery app. With no REDIS_URL, tasks run in-process (see settings.CELERY_TASK_ALWAYS_EAGER).

Beat runs `settings.CELERY_BEAT_SCHEDULE` (re-queueing stale generation jobs) and the periodic
tasks added here.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "classtime_site.settings")

app = Celery("classtime_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Saved schedules deleted more than 30 days ago leave the bin for good (docs/schedules.md, *The
# bin*); hourly, so none outstays its 30 days by more than an hour.
PURGE_BINNED_SCHEDULES_EVERY_SECONDS = float(os.environ.get("CLASSTIME_PURGE_BIN_EVERY_SECONDS", "3600"))
app.add_periodic_task(
    PURGE_BINNED_SCHEDULES_EVERY_SECONDS,
    app.signature("scheduler.saved_schedules_purge"),
    name="purge-binned-saved-schedules",
)
