"""`Idempotency-Key` on the API's creating POSTs (docs/api.md, "Repeating a request").

A client that sends a POST and loses the answer (a dropped connection, a timeout) cannot tell
whether the schedule was saved; sending it again saved it twice. With a key of its choosing in
`Idempotency-Key`, the same POST sent again within IDEMPOTENCY_SECONDS by the same client is
answered with the first answer (header `Idempotent-Replayed: true`) and creates nothing more.
The same key with another body or on another endpoint is a 422; while the first is still being
answered, a 409. Only successful (2xx) answers are kept: after an error the client may correct
the request and send it again under the same key.

Keys are a signed-in account's own: an anonymous request's key is ignored (an address is
shared behind a campus NAT and can be claimed through `X-Forwarded-For`, and a replayed
anonymous job would hand its secret id to whoever sent the key). They live in the
"idempotency" cache (Redis in production, shared by every web process; on the embedded
default, the one process's memory). When the cache does not answer, the POST is served as if it
carried no key (and a warning logged): the key protects against duplicates, it must not stop
the service. A replay counts against the general rate limits like any request, but not against
the generation limit (`replay_waiting`): it starts no search.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re

from django.core.cache import caches
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from rest_framework import exceptions, status
from rest_framework.response import Response

log = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
IDEMPOTENCY_SECONDS = 24 * 60 * 60  # how long a successful answer is replayed
PENDING_SECONDS = 120  # how long a key is held while its first request runs (a crash frees it)
KEY_FORM = re.compile(r"[\x21-\x7e]{1,255}")  # printable ASCII, no spaces, as Stripe's and the IETF draft's
KEPT_HEADERS = ("Location", "Retry-After", "ETag")  # a replay is the first answer, validators too

IDEMPOTENCY_KEY = OpenApiParameter(
    HEADER,
    {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    OpenApiParameter.HEADER,
    examples=[OpenApiExample("a UUID", value="9b2f6c1e-4d7a-4f0e-b1c3-2a5d8e7f6a90")],
    description="Optional, signed-in clients only (an anonymous request's key is ignored): 1 to 255 printable "
    "ASCII characters of your choosing (a UUID). The same POST sent again with the same key within 24 hours is "
    "answered with the first answer (`Idempotent-Replayed: true`) and creates nothing more. The same key with "
    "another body is a 422; while the first is being answered, a 409.",
)
REPLAYED = OpenApiParameter(
    "Idempotent-Replayed",
    {"type": "string", "enum": ["true"]},
    OpenApiParameter.HEADER,
    response=True,
    description="`true` when this answer is the stored answer of an earlier request with the same `Idempotency-Key`.",
)


class KeyInUse(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "idempotency_key_in_use"
    default_detail = "A request with this Idempotency-Key is still being answered; send it again in a moment."
    wait = 1  # DRF's handler answers it as `Retry-After: 1`: the moment to wait


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"
    default_detail = "This Idempotency-Key was used for another request; use a new key for a new request."


def fingerprint(request) -> str:
    """What makes two requests the same: the endpoint, the media type and the body as parsed
    (key order and spacing do not matter; a form's repeated fields all do)."""
    data = request.data
    if hasattr(data, "lists"):  # a form or multipart body: every value of a repeated field
        data = {key: values for key, values in data.lists()}
    try:
        body = json.dumps(data, sort_keys=True, default=str)
    except (TypeError, ValueError):
        body = repr(data)
    kind = request.content_type.split(";")[0].strip()
    return hashlib.sha256(f"{request.path}\n{kind}\n{body}".encode()).hexdigest()


def cache_call(method: str, *args):
    """(the cache's answer, whether it answered)."""
    try:
        return getattr(caches["idempotency"], method)(*args), True
    except Exception as exc:
        log.warning(
            "idempotency cache unavailable (%s: %s); the request is served without its key", type(exc).__name__, exc
        )
        return None, False


def slot_of(request, key: str) -> str:
    return "idem:" + hashlib.sha256(f"user:{request.user.pk}\n{key}".encode()).hexdigest()


def replay_waiting(request) -> bool:
    """Whether this POST will be answered with a kept answer (the same key and body as a request
    already answered): a view's own rate limit need not count it, since it creates nothing."""
    key = request.headers.get(HEADER)
    if key is None or not (request.user and request.user.is_authenticated) or not KEY_FORM.fullmatch(key):
        return False
    stored, ok = cache_call("get", slot_of(request, key))
    return bool(ok and stored and not stored["pending"] and stored["fingerprint"] == fingerprint(request))


def idempotent(post):
    """Decorate a view's `post`: honour `Idempotency-Key` as the module says."""

    @functools.wraps(post)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None or not (request.user and request.user.is_authenticated):
            return post(view, request, *args, **kwargs)
        if not KEY_FORM.fullmatch(key):
            raise exceptions.ValidationError({HEADER: ["1 to 255 printable ASCII characters, no spaces"]})
        slot = slot_of(request, key)
        mine = fingerprint(request)
        stored, ok = cache_call("get", slot)
        if not ok:
            return post(view, request, *args, **kwargs)
        if stored is None:
            added, ok = cache_call("add", slot, {"fingerprint": mine, "pending": True}, PENDING_SECONDS)
            if not ok:
                return post(view, request, *args, **kwargs)
            if not added:  # another request took the key between our get and add
                stored, _ = cache_call("get", slot)
                if stored is None:  # ... and has already given it up: it is not ours to run
                    raise KeyInUse()
        if stored is not None:
            if stored["fingerprint"] != mine:
                raise KeyReused()
            if stored["pending"]:
                raise KeyInUse()
            headers = {**stored["headers"], "Idempotent-Replayed": "true"}
            return Response(stored["data"], status=stored["status"], headers=headers)
        try:
            response = post(view, request, *args, **kwargs)
        except BaseException:
            cache_call("delete", slot)
            raise
        if 200 <= response.status_code < 300:
            kept = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            answer = {"fingerprint": mine, "pending": False, "status": response.status_code, "data": response.data}
            _, stored_ok = cache_call("set", slot, {**answer, "headers": kept}, IDEMPOTENCY_SECONDS)
            if not stored_ok:  # the answer could not be kept: free the key rather than hold it pending
                cache_call("delete", slot)
        else:
            cache_call("delete", slot)
        return response

    return wrapper
