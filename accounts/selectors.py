"""Reads of personal API tokens."""

from __future__ import annotations

from accounts.models import PersonalApiToken
from accounts.services import key_hash


def token_get_by_key(*, key: str) -> PersonalApiToken | None:
    """The token with this key, revoked or not, with its owner; None when no token has it."""
    return PersonalApiToken.objects.select_related("owner").filter(key_hash=key_hash(key)).first()
