"""The Celery app. With no REDIS_URL, tasks run in-process (see settings.CELERY_TASK_ALWAYS_EAGER).

Beat runs `settings.CELERY_BEAT_SCHEDULE`: re-queueing stale generation jobs and import runs,
purging the bin of saved schedules.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "classtime_site.settings")

app = Celery("classtime_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
