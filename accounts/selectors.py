"""Reads of personal API tokens and friendships."""

from __future__ import annotations

from django.db.models import Q

from accounts.models import Friendship, PersonalApiToken
from accounts.services import key_hash


def token_get_by_key(*, key: str) -> PersonalApiToken | None:
    """The token with this key, revoked or not, with its owner; None when no token has it."""
    return PersonalApiToken.objects.select_related("owner").filter(key_hash=key_hash(key)).first()


def user_friend_ids(*, user) -> set[int]:
    """The ids of the users this user is friends with (an accepted request either way)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    rows = Friendship.objects.filter(Q(from_user=user) | Q(to_user=user), status=Friendship.Status.ACCEPTED)
    return {b if a == user.pk else a for a, b in rows.values_list("from_user_id", "to_user_id")}
