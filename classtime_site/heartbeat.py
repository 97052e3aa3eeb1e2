"""A heartbeat for a row a worker holds while it works (an import run), so that a worker lost to
`kill -9`, a crash or a reboot is noticed within seconds: the row's time stops moving.

For any row: generation jobs and import runs beat with it (docs/operations.md), with the same
settings, CLASSTIME_JOB_HEARTBEAT_SECONDS between beats, and whoever reads it takes a row whose
beat is older than CLASSTIME_JOB_STALE_SECONDS for lost.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.db.models import QuerySet
from django.utils import timezone

log = logging.getLogger(__name__)


class RowHeartbeat:
    """Sets `field` of the rows `rows` selects to now every CLASSTIME_JOB_HEARTBEAT_SECONDS, from
    a thread with its own database connection (never inside the worker's transaction, which may
    hold its writes for a minute), from `with` until the block ends. `rows` should select the row
    only while the worker still holds it (`status=RUNNING`), so a beat never revives a row that
    was finished or given up meanwhile."""

    def __init__(self, rows: QuerySet, *, field: str = "heartbeat_at", name: str = ""):
        self.rows = rows
        self.field = field
        self.name = name or rows.model.__name__  # what the log says of a missed beat: "generation job <id>"
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True, name=f"heartbeat {rows.model.__name__}")

    def __enter__(self) -> RowHeartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)

    def loop(self) -> None:
        try:
            while not self.stopped.wait(settings.CLASSTIME_JOB_HEARTBEAT_SECONDS):
                close_old_connections()
                try:
                    self.rows.update(**{self.field: timezone.now()})
                except DatabaseError:  # a missed beat is retried at the next; only a long silence is stale
                    log.warning("heartbeat of %s missed", self.name, exc_info=True)
        finally:
            connection.close()
