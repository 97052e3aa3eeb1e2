"""Checksums of what Classtime keeps, to prove that a bad file or a fault changed nothing.

Each entry of `SAVED_DATA` is one table and the rows of it that must never change once
written; a later table (saved schedules, say) is one more line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from django.core import serializers
from django.db.models import Model, QuerySet

from catalog.models import Component, Course, Institution, Meeting, Section, Term
from scheduler.models import GenerationJob, SavedSchedule, SavedScheduleSection

CATALOG_MODELS: tuple[type[Model], ...] = (Institution, Term, Course, Component, Section, Meeting)

# (label, rows): the rows that are settled and must stay as they are.
SAVED_DATA: tuple[tuple[str, Callable[[], QuerySet]], ...] = (
    *((m._meta.label, m.objects.all) for m in CATALOG_MODELS),
    ("scheduler.GenerationJob (finished)", lambda: GenerationJob.objects.filter(status__in=GenerationJob.FINISHED)),
    ("scheduler.SavedSchedule", SavedSchedule.all_objects.all),  # the bin too
    ("scheduler.SavedScheduleSection", SavedScheduleSection.objects.all),
)


def rows_checksum(querysets: Iterable[QuerySet]) -> str:
    """A SHA-256 of every row of `querysets` (every field, in primary-key order)."""
    digest = hashlib.sha256()
    for queryset in querysets:
        digest.update(queryset.model._meta.label.encode())
        digest.update(serializers.serialize("json", queryset.order_by("pk")).encode())
    return digest.hexdigest()


def catalog_checksum() -> str:
    """A digest of every row of the six catalog tables."""
    return rows_checksum(m.objects.all() for m in CATALOG_MODELS)


def finished_job_ids() -> list:
    """The ids of the generation jobs that are finished now (their rows must not change)."""
    return list(GenerationJob.objects.filter(status__in=GenerationJob.FINISHED).values_list("pk", flat=True))


def saved_data_checksum(*, job_ids: Iterable) -> str:
    """A digest of the catalog, of the finished generation jobs among `job_ids` (those finished
    before a fault) and of any table added to `SAVED_DATA`."""
    ids = list(job_ids)
    querysets = []
    for _label, rows in SAVED_DATA:
        queryset = rows()
        if queryset.model is GenerationJob:
            queryset = queryset.filter(pk__in=ids)
        querysets.append(queryset)
    return rows_checksum(querysets)
