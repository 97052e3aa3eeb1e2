"""Generation jobs: a request for schedules, the row a Celery task fills in.

The row is the source of truth (status, attempts, timings, results); the Celery result
backend is not used.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class GenerationJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="generation_jobs",
        help_text="Empty for an anonymous job, reachable only through its id.",
    )
    term = models.ForeignKey("catalog.Term", on_delete=models.PROTECT, related_name="+")
    catalog_version = models.PositiveIntegerField()
    request = models.JSONField(help_text="The normalised request.")
    request_hash = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    engine_ms = models.FloatField(null=True, blank=True)
    nodes = models.PositiveBigIntegerField(null=True, blank=True)
    proven_optimal = models.BooleanField(null=True, blank=True)
    error = models.TextField(blank=True)
    results = models.JSONField(null=True, blank=True, help_text="Ranked schedules.")
    explanation = models.JSONField(null=True, blank=True, help_text="Why nothing fits.")
    reused_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The earlier finished job whose answer this one carries.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"]),
            models.Index(fields=["request_hash", "catalog_version", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True)
                | Q(started_at__isnull=True)
                | Q(started_at__lte=models.F("finished_at")),
                name="job_started_before_finished",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.id} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED
