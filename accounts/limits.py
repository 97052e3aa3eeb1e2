"""Attempt limits on the account pages, against password guessing and mail or account floods.

- sign-in (this site's page and the admin's): failed attempts per username from one address,
  per username from anywhere and per address; past a limit even the right password is refused
  until the window ends. An attempt takes its place in each count before its password is
  checked and gives it back when the password is right, so attempts sent at once (one to each
  web process) are never more than the limit;
- sign-up: accounts created per address;
- password reset: reset requests per address and per email address (each sends a mail);
- what a schedule's form sent signed out keeps for after sign-in (scheduler.unsaved_notes): per
  address, since each keeps up to a schedule's notes in a new session row.

Rates come from `CLASSTIME_ACCOUNT_RATES` ("10/hour"; None turns one off) and are counted in
the cache in fixed windows, with the API throttles' counters (`classtime_site.api`): Redis in
production, so every web process shares them. The limits are generous for a campus behind one
address (docs/api.md, "Accounts"). If the cache does not answer, the attempt is let through and
the failure logged: the limits protect accounts, they must not lock everyone out.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from classtime_site.api import WindowThrottle, client_address, parse_rate, throttle_key

log = logging.getLogger(__name__)


def address(request: HttpRequest) -> str:
    """The client's address, as the API throttles see it (classtime_site.api.client_address)."""
    return client_address(request)


def ident_of(value: str) -> str:
    """A counter's identity: a digest, so no username or email address lands in a cache key
    as typed (any length, any characters, and not readable by whoever reads the cache)."""
    return hashlib.sha256(value.strip().casefold().encode()).hexdigest()[:32]


def window_of(scope: str) -> tuple[int, int, float] | None:
    """(allowed, period seconds, now) of the scope's rate, or None when it is off."""
    rate = settings.CLASSTIME_ACCOUNT_RATES.get(scope)
    if not rate:
        return None
    allowed, period = parse_rate(rate)
    return allowed, period, time.time()


def key_of(scope: str, ident: str, period: int, now: float) -> str:
    return throttle_key(f"account-{scope}", ident_of(ident), int(now // period))


def wait_minutes(period: int, now: float) -> int:
    """Whole minutes until the current window of `period` ends (at least 1)."""
    return max(1, math.ceil(((now // period + 1) * period - now) / 60))


def over_limit(scope: str, ident: str, *, add: bool) -> int | None:
    """Minutes to wait when one more attempt of `ident` would be past the scope's limit in this
    window, else None. With `add` that attempt is counted; without, the count is only read."""
    counted = counter(scope, ident, add=add)
    return counted[1] if counted else None


def counter(scope: str, ident: str, *, add: bool) -> tuple[str, int | None] | None:
    """As `over_limit`, with the key of the count: (key, minutes or None), or None when the
    scope is off or the cache does not answer. With `add` the attempt is counted and the count
    read in one atomic step (INCR on Redis), so attempts made at once each see their own."""
    window = window_of(scope)
    if window is None or not ident:
        return None
    allowed, period, now = window
    key = key_of(scope, ident, period, now)
    try:
        used = WindowThrottle.increment(key, period) if add else (cache.get(key) or 0) + 1
    except Exception as exc:  # the cache is down: fail open
        log.warning("account limit cache unavailable (%s: %s); attempt let through", type(exc).__name__, exc)
        return None
    return key, (wait_minutes(period, now) if used > allowed else None)


def given_back(key: str) -> None:
    """Take one attempt back out of the count under `key` (the key it was counted under, so a
    window that ended meanwhile is not the one changed)."""
    try:
        cache.decr(key)
    except ValueError:  # the window's count expired meanwhile: nothing left to give back
        pass
    except Exception as exc:  # the cache is down: the attempt stays counted until the window ends
        log.warning("account limit cache unavailable (%s: %s); attempt not given back", type(exc).__name__, exc)


def blocked(scope: str, ident: str) -> int | None:
    """Minutes to wait when `ident` has used up the scope's attempts in this window, else None."""
    return over_limit(scope, ident, add=False)


def count(scope: str, ident: str) -> int | None:
    """Count one attempt of `ident`; minutes to wait when that one is over the limit, else None."""
    return over_limit(scope, ident, add=True)


def message(what: str, minutes: int) -> str:
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many {what}. Try again in {minutes} {unit}."


def signin_idents(request: HttpRequest, username: str) -> list[tuple[str, str]]:
    """The counters of a sign-in: the account from this address (guessing from one place), the
    account from anywhere (guessing spread over many places; set higher, since anyone can use
    it up to lock the account out), and the address (one place trying many accounts)."""
    here = address(request)
    return [
        ("signin_pair", f"{username.strip().casefold()}|{here}"),
        ("signin_username", username),
        ("signin_address", here),
    ]


def signin_wait(request: HttpRequest, username: str) -> int | None:
    """Minutes to wait before a sign-in of `username` from here is let through, or None."""
    for scope, ident in signin_idents(request, username):
        minutes = blocked(scope, ident)
        if minutes:
            return minutes
    return None


SIGNIN_REFUSED = "failed sign-ins for this account or from this address"


@dataclass
class SignInAttempt:
    """A sign-in attempt's places in the failure counts (`signin_attempt`): `wait`, the minutes
    to wait when it is refused (it then holds no place), else `held`, the keys it is counted
    under. A wrong password keeps them (the failure is counted); anything else gives them back."""

    wait: int | None = None
    held: list[str] = field(default_factory=list)

    @property
    def refused(self) -> str | None:
        """Why the attempt is refused before its password is checked, or None."""
        return message(SIGNIN_REFUSED, self.wait) if self.wait else None

    def give_back(self) -> None:
        """The attempt was no failure (right password, or never checked): out of the counts."""
        held, self.held = self.held, []
        for key in held:
            given_back(key)


def signin_attempt(request: HttpRequest, username: str) -> SignInAttempt:
    """Count a sign-in of `username` from here as a failure before its password is checked, or
    refuse it (`refused`) when that is past a limit. Counting first, atomically, is what holds
    the limits against attempts sent at once: read first and counted after the check, each of a
    burst read the same count and every one was checked. The caller gives the places back
    (`give_back`) unless the password was wrong."""
    # a count already used up refuses before any is touched: an address refused for its own
    # failures adds nothing, even for a moment, to the account's count
    if minutes := signin_wait(request, username):
        return SignInAttempt(wait=minutes)
    attempt = SignInAttempt()
    for scope, ident in signin_idents(request, username):
        counted = counter(scope, ident, add=True)
        if counted is None:
            continue
        key, minutes = counted
        attempt.held.append(key)
        if minutes:  # the last places were taken by attempts made at the same time
            attempt.give_back()
            return SignInAttempt(wait=minutes)
    return attempt


def signup_refused(request: HttpRequest) -> str | None:
    """Count a sign-up attempt from this address; why it is refused, or None."""
    minutes = count("signup_address", address(request))
    return message("new accounts from this address", minutes) if minutes else None


def password_reset_refused(request: HttpRequest, email: str) -> str | None:
    """Count a password reset request from this address for this email; why it is refused, or
    None. Both counters advance, so a flood at one email from many addresses stops too."""
    by_address = count("reset_address", address(request))
    by_email = count("reset_email", email)
    minutes = max(by_address or 0, by_email or 0)
    return message("password reset requests from this address or for this email", minutes) if minutes else None


def unsaved_keep_refused(request: HttpRequest) -> bool:
    """Count keeping what a form sent signed out from this address; whether it is past the limit
    (then nothing is kept: a signed-out sender with no session gets a new session row each time)."""
    return count("unsaved_address", address(request)) is not None
