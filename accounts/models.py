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
