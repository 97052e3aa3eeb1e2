"""Personal API tokens: how API consumers (scripts, student-built tools) sign in.

Only a SHA-256 hash of each key is stored; the key itself is shown once, when it is created.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class PersonalApiToken(models.Model):
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'advising script'.")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True, editable=False, help_text="SHA-256 of the key, hex.")
    prefix = models.CharField(
        max_length=12, editable=False, help_text="The key's first characters, to tell tokens apart."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "personal API token"
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "name"], condition=Q(revoked_at__isnull=True), name="token_active_name"
            ),
            models.CheckConstraint(condition=~Q(key_hash=""), name="token_key_hash_set"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Friendship(models.Model):
    """A friend request from one student to another; accepted, it makes them friends both ways.

    One row per pair and direction; declining keeps the row (so a declined request is not sent
    again and again), removing a friend deletes it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="friend_requests_sent"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="friend_requests_received"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["from_user", "to_user"], name="friendship_one_per_direction"),
            models.CheckConstraint(condition=~Q(from_user=models.F("to_user")), name="friendship_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.from_user} → {self.to_user} ({self.status})"
