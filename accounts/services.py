"""Writes of personal API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import PersonalApiToken

KEY_PREFIX = "ct_"
PREFIX_SHOWN = 10  # "ct_" and 7 random characters


class TokenError(ValueError):
    pass


def key_hash(key: str) -> str:
    """The stored form of a key. Keys carry 240 random bits, so a plain SHA-256 is enough
    (no salt or slow hash: there is nothing to guess)."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, owner: AbstractBaseUser, name: str) -> tuple[PersonalApiToken, str]:
    """A new token and its key; the key is not stored and cannot be shown again."""
    name = name.strip()
    if not name:
        raise TokenError("Give the token a name that says what it is for.")
    key = KEY_PREFIX + secrets.token_urlsafe(30)
    try:
        with transaction.atomic():
            token = PersonalApiToken.objects.create(
                owner=owner, name=name, key_hash=key_hash(key), prefix=key[:PREFIX_SHOWN]
            )
    except IntegrityError as exc:
        raise TokenError(f"You already have an active token named {name!r}; pick another name.") from exc
    return token, key


def token_revoke(*, token: PersonalApiToken) -> PersonalApiToken:
    """Revoke the token (idempotent: revoking twice keeps the first time)."""
    PersonalApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token


def token_touch(*, token: PersonalApiToken, every_seconds: int = 60) -> None:
    """Record that the token was used, at most once a minute (no write on every request)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= every_seconds:
        PersonalApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
