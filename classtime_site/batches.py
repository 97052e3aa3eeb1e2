"""Deleting many rows a periodic task has found expired, without one long transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet


def rows_delete_in_batches(rows: QuerySet, *, batch: int) -> int:
    """Delete `rows` in transactions of at most `batch` rows, in primary key order; how many of
    `rows`' model went (cascades not counted). Each batch is locked, then deleted as `rows` asks
    again, so a row another transaction changed meanwhile (a schedule restored, a job a schedule
    was just saved from) stays when it no longer matches. The cursor moves past every batch, so
    it always ends."""
    label = rows.model._meta.label
    deleted, after = 0, None
    while True:
        with transaction.atomic():
            page = rows if after is None else rows.filter(pk__gt=after)
            ids: list[Any] = list(page.select_for_update().order_by("pk").values_list("pk", flat=True)[:batch])
            if not ids:
                return deleted
            _, counts = rows.filter(pk__in=ids).delete()
        deleted += counts.get(label, 0)
        after = ids[-1]
