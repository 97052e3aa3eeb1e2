"""Writes of accounts: sign-up, email and password changes, account deletion, personal API
tokens and friend requests.

Each write is one transaction: a refused request leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import Friendship, PersonalApiToken

log = logging.getLogger(__name__)

KEY_PREFIX = "ct_"
PREFIX_SHOWN = 10  # "ct_" and 7 random characters


class AccountError(ValueError):
    """A request the accounts layer refuses; `field` names the input at fault (for a 400)."""

    field = "request"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field


class TokenError(AccountError):
    field = "name"


class FriendshipError(AccountError):
    field = "username"


class StaffAccountError(AccountError):
    """Refused because the account is staff or superuser: another administrator deletes it."""


# Users -------------------------------------------------------------------------------------


# what the sign-up, profile and admin forms say of an address another account has (any case)
EMAIL_TAKEN = "An account already uses this email address; sign in or reset its password."
OTHER_EMAIL_TAKEN = "Another account already uses this email address."


def user_sign_up(*, username: str, email: str, password: str) -> AbstractBaseUser:
    """A new active account with this (already validated) username, email and password.

    Refused (AccountError on `username`, else on `email`) when the username or the address was
    taken after it was validated: a sign-up sent twice at once (a double click) must not end in a
    server error. Both are unique in any case, down to the database (accounts migrations 0003
    and 0004)."""
    User = get_user_model()
    try:
        with transaction.atomic():
            return User.objects.create_user(username=username, email=email, password=password)
    except IntegrityError as exc:
        if User.objects.filter(username__iexact=username).exists():
            raise AccountError("A user with that username already exists.", field="username") from exc
        raise AccountError(EMAIL_TAKEN, field="email") from exc


def user_email_change(*, user: AbstractBaseUser, email: str, signin_url: str = "") -> bool:
    """Give the user a new (already validated) email address, where password resets go from now
    on, and tell the old address (with `signin_url`, where its owner can take the account back if
    this was not them). Returns whether that notice was sent: not when there was no old address,
    or it differed only in case, nor when the mail server failed (logged; the change stands).

    Refused (AccountError on `email`, the account unchanged) when another account took the
    address after it was validated."""
    old = user.email
    user.email = get_user_model().objects.normalize_email(email)
    try:
        with transaction.atomic():
            user.save(update_fields=["email"])
    except IntegrityError as exc:
        user.email = old
        raise AccountError(OTHER_EMAIL_TAKEN, field="email") from exc
    if not old or old.casefold() == user.email.casefold():
        return False
    context = {"username": user.get_username(), "old": old, "new": user.email, "signin_url": signin_url}
    return account_notice_send(user=user, to=old, template="email_changed", context=context)


def account_notice_send(*, user: AbstractBaseUser, to: str, template: str, context: dict) -> bool:
    """Mail `to` the notice accounts/<template>_subject.txt and _email.txt; returns whether it
    went. A mail server that fails is logged: a notice is not worth undoing a change for."""
    try:
        send_mail(
            subject=render_to_string(f"accounts/{template}_subject.txt", context).strip(),
            message=render_to_string(f"accounts/{template}_email.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[to],
        )
    except Exception:
        log.exception("the %s notice to user %s could not be sent", template.replace("_", " "), user.pk)
        return False
    return True


PASSWORD_SET_BY = ("change", "reset", "staff")  # from the profile, from a reset link, by an administrator


def user_password_set(
    *, user: AbstractBaseUser, password: str | None, revoke_tokens: bool, by: str, reset_url: str = ""
) -> int:
    """Set the user's (already validated) password, or with None make it unusable (an
    administrator disabling password sign-in), and, with `revoke_tokens`, revoke every active
    personal API token of theirs; returns how many were revoked. Then tell the account's address,
    saying how it was set (`by`, one of PASSWORD_SET_BY) and, with `reset_url`, where to take the
    account back if it was not its owner (sent once the change is saved; a failed mail is logged).

    Every path that sets a password goes through here: the password change and reset pages, the
    admin's user password page and `manage.py changepassword` (those two always revoke). Every
    session signed in with the old password ends with it (Django checks a session against the
    password hash); the caller keeps its own with `update_session_auth_hash` if it should."""
    if by not in PASSWORD_SET_BY:
        raise ValueError(f"by: {by!r} is not one of {PASSWORD_SET_BY}")
    with transaction.atomic():
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save(update_fields=["password"])
        revoked = 0
        if revoke_tokens:
            revoked = PersonalApiToken.objects.filter(owner=user, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
    if user.email:
        context = {
            "username": user.get_username(),
            "by": by,
            "disabled": password is None,
            "revoked": revoked,
            "reset_url": reset_url,
        }
        account_notice_send(user=user, to=user.email, template="password_set", context=context)
    return revoked


@transaction.atomic
def user_delete(*, user: AbstractBaseUser) -> dict[str, int]:
    """Delete the account and everything that is theirs, at once: saved schedules (with their
    share links and calendar feeds), generation jobs, watched sections, personal API tokens,
    friendships and friend requests either way. Returns how many rows went, by model label.

    Every relation to the user cascades or is set to null (docs/api.md, "Deleting an account");
    none protects. A staff or superuser account is refused (StaffAccountError): its admin
    history would go with it, so another administrator deletes it in the admin."""
    if user.is_staff or user.is_superuser:
        raise StaffAccountError(
            "Staff and administrator accounts cannot be deleted here: ask another administrator to delete "
            "it in the admin."
        )
    # lock the row first, so a schedule or token being created meanwhile waits and is not left behind
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    _, deleted = user.delete()
    return deleted


# Personal API tokens -----------------------------------------------------------------------


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


# Friend requests ---------------------------------------------------------------------------


def pair(a, b) -> Q:
    """Rows between two users, either direction."""
    return Q(from_user=a, to_user=b) | Q(from_user=b, to_user=a)


@transaction.atomic
def friend_request_send(*, from_user: AbstractBaseUser, username: str) -> tuple[Friendship, bool]:
    """Ask the user named `username` (any case) to be friends; returns the request and whether
    it was *their* pending request to `from_user`, accepted instead of sending a new one.

    Refused (FriendshipError on `username`): oneself, no such active user, already friends, a
    request already pending, or one they declined."""
    username = username.strip()
    if not username:
        raise FriendshipError("Give the username of the person to ask.")
    from accounts.selectors import user_by_username

    to_user = user_by_username(username=username)
    if to_user is None:
        raise FriendshipError(f"No one is called {username!r}; check the spelling of the username.")
    if to_user.pk == from_user.pk:
        raise FriendshipError("You cannot send a friend request to yourself.")
    rows = {(row.from_user_id, row.status): row for row in Friendship.objects.filter(pair(from_user, to_user))}
    name = to_user.get_username()
    if any(status == Friendship.Status.ACCEPTED for _, status in rows):
        raise FriendshipError(f"You and {name} are already friends.")
    if (from_user.pk, Friendship.Status.PENDING) in rows:
        raise FriendshipError(f"Your friend request to {name} is still pending.")
    theirs = rows.get((to_user.pk, Friendship.Status.PENDING))
    if theirs is not None:  # even if they once declined yours: they have asked since
        return friend_request_accept(friend_request=theirs), True
    if (from_user.pk, Friendship.Status.DECLINED) in rows:
        raise FriendshipError(f"{name} declined your friend request; they can still send you one.")
    try:
        with transaction.atomic():
            return Friendship.objects.create(from_user=from_user, to_user=to_user), False
    except IntegrityError as exc:  # the same request sent twice at once
        raise FriendshipError(f"Your friend request to {name} is still pending.") from exc


@transaction.atomic
def friend_request_accept(*, friend_request: Friendship) -> Friendship:
    """Make the pair friends: the request is accepted and any row the other way (a pending
    request sent at the same time, an old declined one) is deleted, so a friendship is exactly
    one accepted row."""
    Friendship.objects.filter(from_user=friend_request.to_user_id, to_user=friend_request.from_user_id).delete()
    return friend_request_respond(friend_request=friend_request, status=Friendship.Status.ACCEPTED)


def friend_request_decline(*, friend_request: Friendship) -> Friendship:
    """Decline the request; the row stays, so the sender cannot send it again (the recipient
    can still send one of their own)."""
    return friend_request_respond(friend_request=friend_request, status=Friendship.Status.DECLINED)


def friend_request_respond(*, friend_request: Friendship, status: str) -> Friendship:
    friend_request.status = status
    friend_request.responded_at = timezone.now()
    friend_request.save(update_fields=["status", "responded_at", "updated_at"])
    return friend_request


def friend_request_cancel(*, friend_request: Friendship) -> None:
    """The sender withdraws a request the recipient has not answered yet."""
    friend_request.delete()


def friend_remove(*, user: AbstractBaseUser, friend: AbstractBaseUser) -> None:
    """End a friendship: every row between the two goes, so either may ask again later."""
    Friendship.objects.filter(pair(user, friend)).delete()
