"""Generation jobs: a request for schedules, the row a Celery task fills in.

The row is the source of truth (status, attempts, timings, results); the Celery result
backend is not used.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q, Value


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
    strategy = models.CharField(
        max_length=5,
        blank=True,
        db_default="",
        choices=[("exact", "Exact"), ("beam", "Beam")],
        help_text="The search that answered (the engine's Result.strategy): the request's, or exact when the "
        "beam found nothing and the exact search looked again; empty until it succeeds.",
    )
    error = models.TextField(blank=True)
    results = models.JSONField(null=True, blank=True, help_text="Ranked schedules.")
    explanation = models.JSONField(null=True, blank=True, help_text="Why nothing fits.")
    viability = models.JSONField(
        null=True,
        blank=True,
        help_text="Per component of the requested courses, whether each section can be part of some "
        "valid schedule of the request (true, false, or null: not known within the budget).",
    )
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
            models.Index(fields=["status", "finished_at"]),  # the daily prune
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


class SavedScheduleQuerySet(models.QuerySet):
    def alive(self) -> "SavedScheduleQuerySet":
        """Schedules not in the bin: the only ones a student, a friend or a link ever sees."""
        return self.filter(deleted_at__isnull=True)

    def binned(self) -> "SavedScheduleQuerySet":
        """Schedules in the bin (deleted, not yet purged)."""
        return self.filter(deleted_at__isnull=False)


class AliveSavedScheduleManager(models.Manager.from_queryset(SavedScheduleQuerySet)):
    """`SavedSchedule.objects`: never a schedule in the bin, so no query leaks one by default."""

    def get_queryset(self) -> SavedScheduleQuerySet:
        return super().get_queryset().alive()


class SavedSchedule(models.Model):
    """A schedule a student keeps: chosen sections of one term, under a name, with notes.

    `share_token` (a read-only link, which also makes it visible to friends) and
    `calendar_token` (a calendar subscription) are secrets, empty until asked for and revocable.
    Each section row keeps a snapshot of what the section looked like when saved or last
    acknowledged, so a re-import's changes can be shown.

    Deleting one moves it to the bin (`deleted_at`): it answers nowhere until restored, and is
    purged for good after `saved_schedules.BIN_DAYS`. `objects`, the default manager (so also
    `get_object_or_404`, generic views and `user.saved_schedules`), holds only the schedules out
    of the bin; `all_objects` holds every row (the bin, the admin, the purge).
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_schedules")
    term = models.ForeignKey("catalog.Term", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120)
    notes = models.TextField(blank=True, max_length=5000)
    generation = models.ForeignKey(
        GenerationJob,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The generation job the schedule came from, if any.",
    )
    share_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    calendar_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    acknowledged_at = models.DateTimeField(
        null=True, blank=True, help_text="When the owner last accepted the catalog's changes."
    )
    uid = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="The schedule's identity in calendars (its events' UIDs): stable, unguessable, a copy's its own.",
    )
    deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the owner moved it to the bin; empty while it is not there."
    )
    email_changes = models.BooleanField(
        default=True, db_default=True, help_text="Email the owner when the registrar changes one of its sections."
    )
    notified_version = models.PositiveIntegerField(
        default=0,
        db_default=0,
        help_text="The term's catalog version when its changes were last looked at for an email.",
    )
    notified_digest = models.CharField(
        max_length=32, blank=True, db_default="", help_text="The fingerprint of the changes last emailed (none: empty)."
    )
    notified_changes = models.JSONField(
        default=list,
        db_default=Value([], output_field=models.JSONField()),
        blank=True,
        help_text="What change emails told the owner, so nothing is told twice: the changes the last one listed "
        "(so that one the registrar undoes is told too; dropped when the owner keeps the changes, and a section's "
        "own when it leaves the schedule), and each missing component and clash told (kept when the owner keeps "
        "the changes; a clash while it stands).",
    )
    calendar_digest = models.CharField(
        max_length=64,
        blank=True,
        db_default="",
        editable=False,
        help_text="The digest of its calendar as last served, its DTSTAMP aside (none yet: empty).",
    )
    calendar_stamp = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When its calendar as last served first differed from the one before: every event's DTSTAMP.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AliveSavedScheduleManager()
    all_objects = SavedScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "term"]),
            models.Index(fields=["deleted_at"], condition=Q(deleted_at__isnull=False), name="saved_schedule_binned"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="saved_schedule_name_not_empty"),
            models.CheckConstraint(
                condition=Q(share_token__isnull=True) | ~Q(share_token=""), name="saved_schedule_share_token_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(calendar_token__isnull=True) | ~Q(calendar_token=""),
                name="saved_schedule_calendar_token_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.owner}, {self.term.code})"

    @property
    def is_shared(self) -> bool:
        return self.share_token is not None

    @property
    def is_binned(self) -> bool:
        return self.deleted_at is not None


class SavedScheduleSection(models.Model):
    """One chosen section of a saved schedule; at most one per course component."""

    schedule = models.ForeignKey(SavedSchedule, on_delete=models.CASCADE, related_name="entries")
    section = models.ForeignKey("catalog.Section", on_delete=models.PROTECT, related_name="+")
    component = models.ForeignKey("catalog.Component", on_delete=models.PROTECT, related_name="+")
    snapshot = models.JSONField(help_text="The section as it was when saved or last acknowledged.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["schedule", "id"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "component"], name="saved_section_one_per_component"),
            models.UniqueConstraint(fields=["schedule", "section"], name="saved_section_once"),
        ]

    def __str__(self) -> str:
        return f"{self.schedule_id}: {self.section_id}"


class SectionWatch(models.Model):
    """A student watching a section she does not hold, full (closed, wait list, no seat left),
    to be emailed when it opens (docs/schedules.md, "Seat alerts").

    `told` is the section's state as last told or seen: an opening is emailed when the section is
    open and `told` is not, so one opening is emailed once, and a section that fills (told
    `full`, silently) and opens again is news again. A watch of a section the registrar
    withdraws or cancels is told so once and deleted (one that cannot be told, its emails off,
    is kept until the student stops it). A re-import keeps the section's row (by
    term and registrar id), so the watch lives on across imports.
    """

    class State(models.TextChoices):
        OPEN = "open", "Open: a seat can be taken"
        FULL = "full", "Full: closed, wait list or no seat left"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="section_watches")
    section = models.ForeignKey("catalog.Section", on_delete=models.CASCADE, related_name="+")
    email_openings = models.BooleanField(
        default=True, db_default=True, help_text="Email the student when the section opens."
    )
    told = models.CharField(
        max_length=4,
        choices=State.choices,
        help_text="The section's state as last told (or seen when watched, or while emails were off): an opening "
        "is emailed only when this is full.",
    )
    told_open_at = models.DateTimeField(null=True, blank=True, help_text="When its last opening was emailed.")
    notified_version = models.PositiveIntegerField(
        default=0, help_text="The term's catalog version when the section was last looked at for an email."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "section"], name="section_watch_once"),
            models.CheckConstraint(condition=Q(told__in=["open", "full"]), name="section_watch_told_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} watches {self.section_id}"
