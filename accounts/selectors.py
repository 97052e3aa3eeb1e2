"""Reads of personal API tokens and friendships."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Lower, Replace

from accounts.models import Friendship, PersonalApiToken
from accounts.services import key_hash, pair

ID_MAX = 2**63 - 1  # the largest primary key; a larger id in a URL names nothing (and no query runs)


def user_by_username(*, username: str, active_only: bool = True) -> AbstractBaseUser | None:
    """The (active, unless `active_only` is off) user with this username, in any case, surrounding
    space ignored: the one of exactly this name first. Usernames are unique in any case (a
    database index, accounts migration 0003), but SQLite's index folds ASCII letters only, so an
    embedded database may hold `Émile` and `émile`, which its look-ups, folding every letter
    (`catalog/sqlite_like.py`), both find: each signs in by its own name."""
    from django.contrib.auth import get_user_model

    username = username.strip()
    users = get_user_model().objects.filter(username__iexact=username)
    if active_only:
        users = users.filter(is_active=True)
    return users.filter(username=username).first() or users.first()


def user_email_taken(*, email: str, other_than: AbstractBaseUser | None = None) -> bool:
    """Whether another account already uses this address (any case): a password reset must
    reach one person. Compared as it would be saved (`normalize_email` lower-cases the domain
    with Python's full Unicode rules, which neither database's case folding matches: `K`, the
    Kelvin sign, becomes `k`), so this check and the database's index agree."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    users = User.objects.filter(email__iexact=User.objects.normalize_email(email))
    if other_than is not None:
        users = users.exclude(pk=other_than.pk)
    return users.exists()


def token_get_by_key(*, key: str) -> PersonalApiToken | None:
    """The token with this key, revoked or not, with its owner; None when no token has it."""
    return PersonalApiToken.objects.select_related("owner").filter(key_hash=key_hash(key)).first()


def token_list(*, owner: AbstractBaseUser) -> QuerySet[PersonalApiToken]:
    """The owner's tokens, active and revoked, newest first."""
    return PersonalApiToken.objects.filter(owner=owner)


def token_get(*, owner: AbstractBaseUser, token_id: int) -> PersonalApiToken | None:
    """One of the owner's tokens; None for someone else's (as if it did not exist)."""
    if not 0 < token_id <= ID_MAX:
        return None
    return token_list(owner=owner).filter(pk=token_id).first()


def visible_friendships() -> QuerySet[Friendship]:
    """Friend requests and friendships between two active accounts, with both users.

    Every read of friends goes through it: a deactivated account's friendships and requests
    are left out, as if it did not exist, and are back as they were once it is reactivated
    (nothing is deleted; the admin still lists them)."""
    return Friendship.objects.filter(from_user__is_active=True, to_user__is_active=True).select_related(
        "from_user", "to_user"
    )


def user_friend_ids(*, user) -> set[int]:
    """The ids of the active users this user is friends with (an accepted request either way)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    rows = visible_friendships().filter(Q(from_user=user) | Q(to_user=user), status=Friendship.Status.ACCEPTED)
    return {b if a == user.pk else a for a, b in rows.values_list("from_user_id", "to_user_id")}


@dataclass(frozen=True)
class Friend:
    user: AbstractBaseUser
    since: datetime | None  # when the request was accepted


@dataclass(frozen=True)
class FriendsOverview:
    """What the friends page and `GET /api/v1/friends/` show: friends by username, and the
    pending requests to and from the user, newest first (deactivated accounts left out)."""

    friends: list[Friend] = field(default_factory=list)
    incoming: list[Friendship] = field(default_factory=list)
    outgoing: list[Friendship] = field(default_factory=list)


def friends_overview(*, user: AbstractBaseUser) -> FriendsOverview:
    """The user's friends and pending requests, in one query."""
    rows = visible_friendships().filter(
        Q(from_user=user) | Q(to_user=user), status__in=[Friendship.Status.ACCEPTED, Friendship.Status.PENDING]
    )
    overview = FriendsOverview()
    for row in rows:
        if row.status == Friendship.Status.ACCEPTED:
            other = row.to_user if row.from_user_id == user.pk else row.from_user
            overview.friends.append(Friend(user=other, since=row.responded_at))
        elif row.to_user_id == user.pk:
            overview.incoming.append(row)
        else:
            overview.outgoing.append(row)
    overview.friends.sort(key=lambda friend: friend.user.get_username().lower())
    return overview


def friend_request_received(*, user: AbstractBaseUser, request_id: int) -> Friendship | None:
    """A pending request to this user; None for any other (someone else's, answered, or from a
    deactivated account)."""
    if not 0 < request_id <= ID_MAX:
        return None
    return visible_friendships().filter(pk=request_id, to_user=user, status=Friendship.Status.PENDING).first()


def friend_request_sent(*, user: AbstractBaseUser, request_id: int) -> Friendship | None:
    """A pending request from this user; None for any other (also one to a deactivated account)."""
    if not 0 < request_id <= ID_MAX:
        return None
    return visible_friendships().filter(pk=request_id, from_user=user, status=Friendship.Status.PENDING).first()


def friend_get(*, user: AbstractBaseUser, friend_id: int) -> AbstractBaseUser | None:
    """The user with this id if they are this user's friend (and active); None otherwise."""
    if not 0 < friend_id <= ID_MAX:
        return None
    row = visible_friendships().filter(pair(user, friend_id), status=Friendship.Status.ACCEPTED).first()
    if row is None:
        return None
    return row.to_user if row.from_user_id == user.pk else row.from_user


# Account deletion and data export ---------------------------------------------------------


@dataclass(frozen=True)
class AccountHoldings:
    """What deleting the account takes with it, counted for the page that asks to confirm."""

    saved_schedules: int  # the bin's included: they go too
    binned_schedules: int
    shared_links: int
    calendar_feeds: int
    active_tokens: int
    friends: int
    friend_requests: int
    section_watches: int = 0


def account_holdings(*, user: AbstractBaseUser) -> AccountHoldings:
    """The counts of what is the user's (four queries), deactivated friends included: their
    rows go too."""
    from scheduler.models import SavedSchedule

    schedules = SavedSchedule.all_objects.filter(owner=user).aggregate(
        saved=Count("id"),
        binned=Count("id", filter=Q(deleted_at__isnull=False)),
        shared=Count("id", filter=Q(share_token__isnull=False)),
        feeds=Count("id", filter=Q(calendar_token__isnull=False)),
    )
    friendships = Friendship.objects.filter(Q(from_user=user) | Q(to_user=user)).aggregate(
        friends=Count("id", filter=Q(status=Friendship.Status.ACCEPTED)),
        requests=Count("id", filter=Q(status=Friendship.Status.PENDING)),
    )
    return AccountHoldings(
        saved_schedules=schedules["saved"],
        binned_schedules=schedules["binned"],
        shared_links=schedules["shared"],
        calendar_feeds=schedules["feeds"],
        active_tokens=token_list(owner=user).filter(revoked_at__isnull=True).count(),
        friends=friendships["friends"],
        friend_requests=friendships["requests"],
        section_watches=user.section_watches.count(),
    )


def account_data(*, user: AbstractBaseUser) -> dict:
    """What the user keeps, as plain data for "Download my data": the account, each saved
    schedule as the schedules API shows it to its owner (with notes), those in the bin (with
    notes), watched sections as the watches API shows them, tokens (never a key), friends and
    pending requests. Secret links are said to exist, not given. Generation jobs are not
    included: they are the engine's answers, which a saved schedule keeps what matters of."""
    from scheduler import saved_schedules, watches

    schedules = [
        {
            **saved_schedules.saved_schedule_data(schedule=schedule),
            "shared": schedule.share_token is not None,
            "calendar_feed": schedule.calendar_token is not None,
        }
        for schedule in saved_schedules.saved_schedule_list(owner=user)
    ]
    binned = [
        {**saved_schedules.binned_schedule_data(schedule=schedule), "notes": schedule.notes}
        for schedule in saved_schedules.saved_schedule_bin(owner=user)
    ]
    friendships = Friendship.objects.filter(Q(from_user=user) | Q(to_user=user)).select_related("from_user", "to_user")
    return {
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "saved_schedules": schedules,
        "bin": binned,  # deleted schedules not yet purged
        "section_watches": [watches.watch_data(watch) for watch in watches.watch_list(user=user)],
        "personal_api_tokens": [
            {
                "name": token.name,
                "prefix": token.prefix,
                "created_at": token.created_at,
                "last_used_at": token.last_used_at,
                "revoked_at": token.revoked_at,
            }
            for token in token_list(owner=user)
        ],
        "friend_requests": [
            {
                "from": row.from_user.get_username(),
                "to": row.to_user.get_username(),
                "status": row.status,
                "created_at": row.created_at,
                "responded_at": row.responded_at,
            }
            for row in friendships
        ],
    }


# letters and pairs that read alike in the page's sans-serif type: a capital I and a small l, a 1
# and an l, a 0 and an O; rn and m, vv and w (after lower-casing)
LOOK_ALIKE_CAPITALS = (("I", "l"), ("1", "l"), ("0", "o"))
LOOK_ALIKE_PAIRS = (("rn", "m"), ("vv", "w"))


def username_skeleton(username: str) -> str:
    """What `username` looks like: its look-alike letters made one (`aIice` and `alice` are
    both `alice`, `rnary` is `mary`)."""
    for letter, alike in LOOK_ALIKE_CAPITALS:
        username = username.replace(letter, alike)
    username = username.lower()
    for letters, alike in LOOK_ALIKE_PAIRS:
        username = username.replace(letters, alike)
    return username


def username_looking_alike(*, username: str) -> str | None:
    """The existing username that `username` looks like but is not (in any case: that is the
    same name), or None: a stranger signing up as `aIice` (a capital I) would pass for alice
    in a friend request. Worked out by the database over every account, as username_skeleton."""
    from django.contrib.auth import get_user_model

    skeleton = F("username")
    for letter, alike in LOOK_ALIKE_CAPITALS:
        skeleton = Replace(skeleton, Value(letter), Value(alike))
    skeleton = Lower(skeleton)
    for letters, alike in LOOK_ALIKE_PAIRS:
        skeleton = Replace(skeleton, Value(letters), Value(alike))
    users = get_user_model().objects.exclude(username__iexact=username.strip())
    found = users.alias(skeleton=skeleton).filter(skeleton=username_skeleton(username.strip()))
    return found.values_list("username", flat=True).first()
