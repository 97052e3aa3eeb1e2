"""API plumbing shared by every endpoint: one JSON error shape, never a traceback.

Every error answers
    {"error": {"status": 400, "code": "invalid", "message": "...", "fields": {"k": ["..."]}}}
where `fields` maps each bad field (dotted path for nested ones) to its messages.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import ipaddress
import logging
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import db, forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_etags
from rest_framework import exceptions, pagination, parsers, renderers, serializers, status, throttling
from rest_framework.fields import empty
from rest_framework.response import Response
from rest_framework.utils import html, json

log = logging.getLogger(__name__)


def flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {"a.b.0.c": ["message", ...]}."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "" if key == "non_field_errors" else str(key)
            path = ".".join(p for p in (prefix, name) if p)
            for k, v in flatten(value, path).items():
                out.setdefault(k, []).extend(v)
    elif isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            out.setdefault(prefix or "request", []).extend(str(item) for item in detail)
        else:
            for i, item in enumerate(detail):
                for k, v in flatten(item, f"{prefix}.{i}" if prefix else str(i)).items():
                    out.setdefault(k, []).extend(v)
    else:
        out.setdefault(prefix or "request", []).append(str(detail))
    return out


def error_body(status_code: int, code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"error": {"status": status_code, "code": code, "message": message, "fields": fields or {}}}


class ValidationErrorWith(exceptions.ValidationError):
    """A 400 `invalid` whose error carries more than `fields`: `extra`'s keys beside them (as
    `error.refused_pins`), for a client to act on without reading the messages."""

    def __init__(self, detail: Any, *, extra: dict[str, Any]):
        super().__init__(detail)
        self.extra = extra


def statement_timed_out(exc: BaseException) -> bool:
    """Whether PostgreSQL stopped the statement at `statement_timeout` (SQLSTATE 57014,
    query_canceled; settings.statement_timeout_ms): Django raises it as an OperationalError."""
    return isinstance(exc, db.OperationalError) and getattr(exc.__cause__, "sqlstate", None) == "57014"


def account_deleted_meanwhile(exc: BaseException, user: Any) -> bool:
    """Whether `exc` is a write refused because the signed-in account it was for was deleted while
    the request ran (a schedule saved, a token made at the moment the account was deleted: its row
    refers to an account that is gone), which is no fault of ours."""
    if not isinstance(exc, db.IntegrityError) or not getattr(user, "is_authenticated", False):
        return False
    try:
        return not get_user_model().objects.filter(pk=user.pk).exists()
    except db.DatabaseError:
        return False


ACCOUNT_DELETED = "This account was deleted while the request ran, so nothing was saved."


def api_exception_handler(exc: Exception, context: dict) -> Response:
    """DRF's handler, reshaped; anything unexpected becomes a logged 500 with no internals."""
    if account_deleted_meanwhile(exc, getattr(context.get("request"), "user", None)):
        exc = exceptions.NotAuthenticated(ACCOUNT_DELETED, code="account_deleted")
        if (view := context.get("view")) is not None:  # as DRF gives any 401 its WWW-Authenticate
            exc.auth_header = view.get_authenticate_header(context["request"])
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = exceptions.ParseError(f"the request body is larger than the {limit:,} bytes allowed")
    elif isinstance(exc, SuspiciousOperation):  # e.g. too many fields: the client's fault, never a 500
        exc = exceptions.ParseError(str(exc) or "the request was refused as malformed")
    from rest_framework.views import exception_handler  # here: DRF's views import this module's throttles

    if statement_timed_out(exc):
        log.error("a database statement ran past CLASSTIME_STATEMENT_TIMEOUT during an API request", exc_info=exc)
        body = error_body(
            503,
            "statement_timeout",
            "The database took too long to answer this request and stopped it; it has been logged.",
        )
        return Response(body, status=status.HTTP_503_SERVICE_UNAVAILABLE)
    if isinstance(exc, (db.OperationalError, db.InterfaceError)):
        # the database connection broke (a restart, a terminated session): the next request
        # reconnects, so tell the client to retry rather than that something is wrong
        log.warning("database unavailable during an API request", exc_info=exc)
        body = error_body(503, "unavailable", "The database did not answer; try again in a moment.")
        return Response(body, status=status.HTTP_503_SERVICE_UNAVAILABLE, headers={"Retry-After": "1"})
    response = exception_handler(exc, context)
    if response is None:
        log.exception("unhandled API error", exc_info=exc)
        return Response(
            error_body(500, "server_error", "Something went wrong on our side; it has been logged."),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(exc, exceptions.ValidationError):
        fields = flatten(exc.detail)
        first = next(iter(fields.items()), ("request", ["invalid"]))
        message = f"{first[0]}: {first[1][0]}"
        response.data = error_body(response.status_code, "invalid", message, fields)
        response.data["error"].update(getattr(exc, "extra", {}))
    else:
        detail = getattr(exc, "detail", str(exc))
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = error_body(response.status_code, str(code), unsupported_media_type_said(exc, context, detail))
    return response


def unsupported_media_type_said(exc: Exception, context: dict, detail: Any) -> str:
    """`detail`, and for DRF's own 415 ('Unsupported media type "x" in request.') what to send
    instead: the media types the view reads. A body sent with no Content-Type reaches DRF as
    "" (as "text/plain" under runserver, whose WSGI server fills it in), and is said as such."""
    if not isinstance(exc, exceptions.UnsupportedMediaType) or not str(detail).startswith("Unsupported media type"):
        return str(detail)
    request = context.get("request")
    readable = [parser.media_type for parser in getattr(request, "parsers", None) or ()]
    if not readable:
        return str(detail)
    wanted = f"`Content-Type: {readable[0]}`"
    if len(readable) > 1:
        wanted = f"a Content-Type it reads: {', '.join(readable[:-1])} or {readable[-1]}"
    if request is not None and not request.META.get("CONTENT_TYPE"):
        return f"The request has a body but no Content-Type; send it with {wanted}."
    return f"{str(detail).rstrip('.')}; send the body with {wanted}."


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are each given once: `{"term": "a", "term": "b"}` is refused
    (json keeps the last without a word, so the client never learns which it meant)."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"the key {key[:80]!r} is given twice in one object; give each key once")
        found[key] = value
    return found


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, whose body faults are all 400s: JSON nested deeper than the decoder
    goes (a RecursionError DRF does not catch: it was a logged 500), a number too long to read
    (DRF's message told the client to call sys.set_int_max_str_digits), and a key given twice in
    one object (kept last without a word before 2026-12-06)."""

    def parse(self, stream, media_type=None, parser_context=None):
        # DRF's own parse, with the hook (its charset check kept: `get_encoding`)
        decoded = codecs.getreader(parsers.get_encoding(parser_context or {}))(stream)
        parse_constant = json.strict_constant if self.strict else None
        try:
            return json.load(decoded, parse_constant=parse_constant, object_pairs_hook=unique_keys)
        except RecursionError:
            raise exceptions.ParseError("JSON parse error - the body is nested too deeply") from None
        except ValueError as exc:
            if "integer string conversion" in str(exc):
                raise exceptions.ParseError("JSON parse error - a number in the body has too many digits") from None
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None


class FormParser(parsers.FormParser):
    """DRF's form parser, refusing a JSON text sent as a form: `curl -d '{...}'` without
    `Content-Type: application/json` is sent as `application/x-www-form-urlencoded`, and read as
    a form it is one key, the whole JSON, so every field seemed missing ("term: This field is
    required."). No form field's name starts with `{` or `[`."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        if raw.lstrip()[:1] in (b"{", b"["):
            raise exceptions.UnsupportedMediaType(
                media_type,
                detail="The body is JSON but was sent as a form (application/x-www-form-urlencoded); "
                "send it with `Content-Type: application/json`.",
            )
        return super().parse(io.BytesIO(raw), media_type, parser_context)


def json_not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse(error_body(404, "not_found", f"No such resource: {request.path}"), status=404)


def json_server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        error_body(500, "server_error", "Something went wrong on our side; it has been logged."), status=500
    )


# Throttling --------------------------------------------------------------------------------
# Fixed-window counters in the default cache (Redis with REDIS_URL, else per process): one key
# per scope, client and window, incremented atomically, so a request costs two cache round
# trips whatever the rate (DRF's own throttles keep a list of every request's time per client
# and rewrite it on each request). Rates are read from DEFAULT_THROTTLE_RATES on every request,
# so a changed setting (a test's override, say) applies at once; a rate of None turns a scope
# off. If the cache does not answer, requests are let through and the failure is logged:
# throttling protects the service, it must not stop it.


def throttle_key(scope: str, ident: str, window: int) -> str:
    return f"throttle:{scope}:{ident}:{window}"


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/minute" as (30, 60): requests allowed per period of seconds (s, m, h, d)."""
    count, period = rate.split("/")
    return int(count), {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]


@dataclass(frozen=True)
class RateLimit:
    """One throttle's count for a request: its scope, the requests allowed per window, those
    left in this window, and when the window ends (Unix seconds)."""

    scope: str
    limit: int
    remaining: int
    reset: int


def rate_limit_headers(limits: list[RateLimit]) -> dict[str, str]:
    """GitHub's X-RateLimit-* headers for the scope with the fewest requests left ({} when no
    throttle counted the request: a scope turned off, or the cache down)."""
    if not limits:
        return {}
    # fewest left; among scopes spent alike, the one that resets last (as Retry-After waits for)
    tightest = min(limits, key=lambda r: (r.remaining, -r.reset))
    return {
        "X-RateLimit-Limit": str(tightest.limit),
        "X-RateLimit-Remaining": str(tightest.remaining),
        "X-RateLimit-Reset": str(tightest.reset),
        "X-RateLimit-Resource": tightest.scope,
    }


IPV6_CLIENT_PREFIX = 64  # bits of an IPv6 address that name one client (RFC 6177: a site's /64)


def client_address(request) -> str:
    """The client, as the rate limits count it: DRF's reading of REMOTE_ADDR or of
    X-Forwarded-For (NUM_PROXIES, settings.proxies_in_front), without a port a proxy may add
    (`203.0.113.7:51515`, `[2001:db8::1]:443`: each source port would be a new client), and
    REMOTE_ADDR when that is no address at all (an empty or garbled header would otherwise
    switch the per-address limits off, or put every such client in one count).

    An IPv6 client is its /64 network (`2001:db8:1:2::/64`): one host is handed a whole /64
    and may take a new address in it for every request, which would otherwise be a new count
    each time. An IPv4 address written as IPv6 (`::ffff:203.0.113.7`, from a dual-stack
    listener) is that IPv4 address."""
    ident = (throttling.BaseThrottle().get_ident(request) or "").strip()
    address = parsed_address(ident) or parsed_address(request.META.get("REMOTE_ADDR", ""))
    if address is None:
        return request.META.get("REMOTE_ADDR", "")
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, IPV6_CLIENT_PREFIX), strict=False))
    return str(address)


def parsed_address(ident: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address as a proxy or the server writes it, with or without a port; None if none."""
    host = ident.strip()
    if host.startswith("[") and "]" in host:  # [IPv6]:port
        host = host[1 : host.index("]")]
    elif host.count(":") == 1:  # IPv4:port
        host = host.partition(":")[0]
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


class WindowThrottle(throttling.BaseThrottle):
    """At most N requests per client and window ("30/minute"); the scope and the client's
    identity come from the subclass."""

    scope = ""

    def get_scope(self, view) -> str:
        return self.scope

    def get_ident_for(self, request) -> str | None:
        """Who is counted; None: this throttle does not apply to the request."""
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        from rest_framework.settings import api_settings

        scope = self.get_scope(view)
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope) if scope else None
        ident = self.get_ident_for(request)
        if rate is None or ident is None:
            return True
        allowed, period = parse_rate(rate)
        now = time.time()
        window = int(now // period)
        key = throttle_key(scope, ident, window)
        try:
            count = self.increment(key, period)
        except Exception as exc:  # the cache is down: fail open (one line a request, no traceback)
            log.warning("throttle cache unavailable (%s: %s); request let through", type(exc).__name__, exc)
            return True
        self.wait_seconds = (window + 1) * period - now
        # what the response tells the client (RateLimitHeadersMiddleware): the scope left tightest
        limits = getattr(request, "_request", request).__dict__.setdefault("rate_limits", [])  # DRF's or Django's
        limits.append(RateLimit(scope, allowed, max(0, allowed - count), int((window + 1) * period)))
        return count <= allowed

    @staticmethod
    def increment(key: str, period: int) -> int:
        """The window's count after this request. On Redis, INCR and EXPIRE in one round trip;
        on other caches, Django's incr (and add for the first request of a window)."""
        from django.core.cache.backends.redis import RedisCacheClient

        backend = getattr(cache, "_cache", None)
        if isinstance(backend, RedisCacheClient):
            stored = cache.make_and_validate_key(key)
            pipe = backend.get_client(stored, write=True).pipeline(transaction=False)
            pipe.incr(stored)
            pipe.expire(stored, period + 1)
            return pipe.execute()[0]
        try:
            return cache.incr(key)
        except ValueError:  # first request of the window
            if cache.add(key, 1, timeout=period + 1):
                return 1
            return cache.incr(key)

    def wait(self) -> float:
        return self.wait_seconds


class AnonThrottle(WindowThrottle):
    """Anonymous requests, per IP address (scope "anon", CLASSTIME_ANON_RATE)."""

    scope = "anon"

    def get_ident_for(self, request) -> str | None:
        return None if request.user and request.user.is_authenticated else client_address(request)


class UserThrottle(WindowThrottle):
    """Signed-in requests (session or token), per account (scope "user", CLASSTIME_USER_RATE)."""

    scope = "user"

    def get_ident_for(self, request) -> str | None:
        return str(request.user.pk) if request.user and request.user.is_authenticated else None


class GenerationThrottle(WindowThrottle):
    """The tighter rate of a view's own scope: a view sets `throttle_scope` ("generation":
    CLASSTIME_GENERATION_RATE; "course_fits": CLASSTIME_COURSE_FITS_RATE) and lists this class; per
    account, or per IP address when anonymous."""

    def get_scope(self, view) -> str:
        return getattr(view, "throttle_scope", "")

    def get_ident_for(self, request) -> str | None:
        if request.user and request.user.is_authenticated:
            return f"user{request.user.pk}"
        return client_address(request)


# Pagination --------------------------------------------------------------------------------


class Pagination(pagination.PageNumberPagination):
    """`?page=N&page_size=M`: M from 1 to 100 (20 by default). A malformed page or page size is
    a 400 with the field named, not silently replaced; a page past the end is a 404."""

    page_size_query_param = "page_size"
    max_page_size = 100
    # the schema's example of a page URL, set per list by classtime_site.schema.PagedAutoSchema
    example_path = "/api/v1/institutions/demo/terms/2026-fall/courses/"

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return self.checked_int(raw, self.page_size_query_param, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None:  # DRF's `last` too: the schema and the docs give `page` as a whole number
            self.checked_int(raw, self.page_query_param, None)
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound:
            pages = self.django_paginator_class(queryset, self.get_page_size(request)).num_pages
            raise exceptions.NotFound(f"page {raw} is past the last page, {pages}") from None

    @staticmethod
    def checked_int(raw: str, name: str, maximum: int | None) -> int:
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value < 1 or (maximum is not None and value > maximum) or not (raw.isascii() and raw.isdigit()):
            upto = f" to {maximum}" if maximum else " or more"
            raise exceptions.ValidationError({name: [f"{raw!r} is not a whole number from 1{upto}."]})
        return value

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        page = "https://classtime.example.edu" + self.example_path + "?page="
        paginated["properties"]["next"]["example"] = page + "3"
        paginated["properties"]["previous"]["example"] = page + "1"
        paginated["properties"]["count"]["example"] = 45
        for name, description in (
            ("count", "How many items there are in all pages."),
            ("next", "The next page's URL, or null on the last page."),
            ("previous", "The previous page's URL, or null on the first page."),
        ):
            paginated["properties"][name]["description"] = description
        return paginated

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1.",
                "schema": {"type": "integer", "minimum": 1},
                "example": 2,
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page, 1 to {self.max_page_size} ({self.page_size} by default).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
                "example": 50,
            },
        ]


# OpenAPI -----------------------------------------------------------------------------------

ERROR_SCHEMA = {
    "type": "object",
    "description": "The one error shape of the whole API.",
    "properties": {
        "error": {
            "type": "object",
            "description": "What went wrong.",
            "properties": {
                "status": {"type": "integer", "description": "The HTTP status, repeated."},
                "code": {
                    "type": "string",
                    "description": "Stable machine-readable code: invalid, parse_error, not_found, not_authenticated, "
                    "authentication_failed, permission_denied, throttled, unavailable, ...",
                },
                "message": {"type": "string", "description": "What went wrong, for a person."},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    "description": "Messages per request field (dotted path for nested ones); "
                    "empty when no one field is at fault.",
                },
                "refused_pins": {
                    "type": "array",
                    "description": "Only on a generation request's 400 that refuses pinned sections no schedule "
                    "can take (also named in `fields.pinned`): each one, why, and the other sections of its "
                    "component a schedule can take, so a client can offer to drop it or keep another.",
                    "items": {
                        "type": "object",
                        "description": "A pinned section refused.",
                        "properties": {
                            "id": {"type": "string", "description": "Its registrar id."},
                            "course": {"type": "string", "description": "Its course, as `CS 1110`."},
                            "component": {"type": "string", "description": "Its component's kind, as `LAB`."},
                            "code": {"type": "string", "description": "Its code within its course, as `102`."},
                            "reason": {
                                "type": "string",
                                "enum": ["withdrawn", "cancelled", "quarantined"],
                                "description": "Withdrawn or cancelled by the registrar, or quarantined by an "
                                "import (not schedulable).",
                            },
                            "message": {"type": "string", "description": "The same, for a person."},
                            "others": {
                                "type": "array",
                                "description": "The other sections of its component a schedule can take, by code.",
                                "items": {
                                    "type": "object",
                                    "description": "A section.",
                                    "properties": {
                                        "id": {"type": "string", "description": "Its registrar id."},
                                        "code": {"type": "string", "description": "Its code, as `103`."},
                                    },
                                    "required": ["id", "code"],
                                    "additionalProperties": False,
                                },
                            },
                        },
                        "required": ["id", "course", "component", "code", "reason", "message", "others"],
                        "additionalProperties": False,
                    },
                },
            },
            "required": ["status", "code", "message", "fields"],
        }
    },
    "required": ["error"],
}

ERROR_RESPONSES = {
    "400": (
        "Invalid request: `error.fields` names each bad field with its messages.",
        "invalid",
        "page_size: '500' is not a whole number from 1 to 100.",
        {"page_size": ["'500' is not a whole number from 1 to 100."]},
    ),
    "415": (
        "The body is in a media type the endpoint does not read: send JSON (`Content-Type: application/json`).",
        "unsupported_media_type",
        'Unsupported media type "text/plain" in request; send the body with `Content-Type: application/json`.',
        {},
    ),
    "401": (
        "Not signed in, or a token was sent that is unknown, revoked, malformed or under another scheme than "
        "`Token` (on any operation, public ones too: a bad token is never read as no token).",
        "not_authenticated",
        "Authentication credentials were not provided.",
        {},
    ),
    "403": (
        "Signed in, but not allowed.",
        "permission_denied",
        "You do not have permission to perform this action.",
        {},
    ),
    "404": ("No such resource.", "not_found", "Not found.", {}),
    "406": (
        "The `Accept` header names no media type this operation answers (`application/xml`, say).",
        "not_acceptable",
        "Could not satisfy the request Accept header.",
        {},
    ),
    "409": (
        "A request with this `Idempotency-Key` is still being answered: send it again after the `Retry-After` "
        "header's seconds.",
        "idempotency_key_in_use",
        "A request with this Idempotency-Key is still being answered; send it again in a moment.",
        {},
    ),
    "412": (
        "`If-Match` named none of the resource's current ETags: it changed since the client read it, and nothing "
        "was changed. Read it again and redo the edit.",
        "precondition_failed",
        "The schedule changed since you read it (its ETag is no longer the one in If-Match: an edit, or the "
        "registrar changed one of its sections, not only its seat counts): nothing was changed. Read it again "
        "and redo your edit on what it holds now.",
        {},
    ),
    "422": (
        "This `Idempotency-Key` was used for another request (another body or endpoint).",
        "idempotency_key_reused",
        "This Idempotency-Key was used for another request; use a new key for a new request.",
        {},
    ),
    "429": (
        "Too many requests: retry after the `Retry-After` header's seconds.",
        "throttled",
        "Request was throttled. Expected available in 12 seconds.",
        {},
    ),
    "503": (
        "The database did not answer (a restart, a dropped connection): retry after the `Retry-After` "
        "header's seconds. Code `statement_timeout` (no `Retry-After`): a statement of this request ran "
        "past the server's statement timeout and was stopped; it is logged.",
        "unavailable",
        "The database did not answer; try again in a moment.",
        {},
    ),
}


SCHEDULE_READ_PRECONDITION_FAILED = (
    "The schedule changed since you read it (its ETag is no longer the one in If-Match: an edit, or the registrar "
    "changed one of its sections, not only its seat counts). Read it again without If-Match for what it holds now."
)
WEAK_PRECONDITION_FAILED = (
    'If-Match matches nothing here but *: this answer\'s ETags are weak (W/"..."), which If-Match never matches; '
    "or it changed after If-Unmodified-Since. Leave them out: send the ETag as If-None-Match to revalidate a copy."
)
# a 412's words by what was asked, named by an operation's `x-precondition-failed`: an edit's (ERROR_RESPONSES)
# asks to redo the edit, which a read did not make
PRECONDITION_FAILED = {
    "read": (
        "`If-Match` named none of the schedule's current ETags: it changed since the client read it (an edit, or "
        "the registrar changed one of its sections, not only its seat counts). Read it again without `If-Match`.",
        "precondition_failed",
        SCHEDULE_READ_PRECONDITION_FAILED,
        {},
    ),
    "weak": (
        '`If-Match` was not `*`: this answer\'s ETags are weak (`W/"..."`), which `If-Match` never matches (RFC '
        "9110's strong comparison); or, where the answer has a `Last-Modified`, it changed after the "
        "`If-Unmodified-Since` sent. Leave both out: `If-None-Match` (or `If-Modified-Since`) revalidates a copy.",
        "precondition_failed",
        WEAK_PRECONDITION_FAILED,
        {},
    ),
}


def schema_add_error_responses(result: dict, generator, request, public) -> dict:
    """drf-spectacular post-processing hook: every operation documents the errors it can give,
    in the one error shape: 400 everywhere (a query parameter it does not take, a bad value or
    body), 401 everywhere (not signed in, or a bad token, which public operations refuse too), 406
    everywhere (an Accept header naming nothing it answers), 415 where there is a body (one that
    is not JSON), 403 where sign-in is needed, 404 where the path (or, marked with the extension
    `x-names-resources`, a query parameter) names a resource, 409 and 422 where an
    `Idempotency-Key` is taken, 412 where `If-Match` is (in the words the extension
    `x-precondition-failed` names, an edit's without it), and 429 and 503 everywhere."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            # 400: any query parameter it does not take, if nothing else; 401: a bad token, even where
            # none is needed; 406: an Accept header naming nothing it answers
            codes = ["400", "401", "406", "429", "503"]
            if operation.get("requestBody"):
                codes.append("415")
            names_resources = operation.pop("x-names-resources", False)
            precondition = operation.pop("x-precondition-failed", None)
            if names_resources or "{" in path or any(p["name"] == "page" for p in operation.get("parameters", [])):
                codes.append("404")  # no such resource, or a page past the end
            if {} not in operation.get("security", [{}]):
                codes.append("403")
            if any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", [])):
                codes += ["409", "422"]
            if any(p["name"] == "If-Match" for p in operation.get("parameters", [])):
                codes.append("412")
            responses = operation.setdefault("responses", {})
            for code in codes:
                words = PRECONDITION_FAILED[precondition] if code == "412" and precondition else ERROR_RESPONSES[code]
                description, error_code, message, fields = words
                example = error_body(int(code), error_code, message, fields)
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ref, "examples": {error_code: {"value": example}}}},
                    },
                )
    return result


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's browsable API, without a filter form where the view has nothing to filter by: DRF
    took any answer with a `results` key (a generation job) for a page of a list and asked the
    view for the queryset to filter, which a job's views do not have (a 500 on submitting or
    reading a job in the browser)."""

    def get_filter_form(self, data, view, request):
        if not getattr(view, "filter_backends", None):
            return None
        return super().get_filter_form(data, view, request)


RATE_LIMIT_HEADERS = {
    "X-RateLimit-Limit": ("integer", "Requests allowed per window in the scope with the fewest left."),
    "X-RateLimit-Remaining": ("integer", "Requests left in that scope's window (0 on a 429)."),
    "X-RateLimit-Reset": ("integer", "When that window ends, in Unix seconds."),
    "X-RateLimit-Resource": ("string", "That scope: `anon`, `user` or `generation`."),
}
RETRY_AFTER_HEADER = ("integer", "Seconds to wait before trying again.")


def schema_add_rate_limit_headers(result: dict, generator, request, public) -> dict:
    """drf-spectacular post-processing hook (after `schema_add_error_responses`): every answer of
    every operation may carry the X-RateLimit-* headers (a throttle counts every API request, so
    they are absent only with every scope off or the cache down: never required), and the 409s,
    429s and 503s their `Retry-After`. Declared once under `components.headers` and referenced."""
    headers = result.setdefault("components", {}).setdefault("headers", {})
    for name, (kind, description) in {**RATE_LIMIT_HEADERS, "Retry-After": RETRY_AFTER_HEADER}.items():
        headers[name] = {"schema": {"type": kind}, "description": description}
    ref = {name: {"$ref": f"#/components/headers/{name}"} for name in RATE_LIMIT_HEADERS}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for code, response in operation.get("responses", {}).items():
                declared = response.setdefault("headers", {})
                for name, value in ref.items():
                    declared.setdefault(name, value)
                if code in ("409", "429", "503"):
                    declared.setdefault("Retry-After", {"$ref": "#/components/headers/Retry-After"})
    return result


# Conditional GET and cached answers ------------------------------------------------------

# bump when a representation changes shape (or a migration rewrites what answers show without moving
# their versions: 2, saved schedule names without control characters, scheduler 0013; 3, without line
# and paragraph separators, scheduler 0014), so old ETags stop matching and cached answers are not served again
REPRESENTATION_VERSION = "3"


PAGED = ("page", "page_size")


class KnownQueryParameters:
    """A view that refuses query parameters it does not define, as it refuses unknown body keys:
    `?subjects=CS` (for `subject`) is a 400 naming it and listing the parameters expected, not
    every course as if unfiltered. A view names its reads' parameters in `query_parameters`,
    plus the fields of its `filterset_class`; its writes take none; `format` is DRF's own. The
    schema lists the same (a test compares them)."""

    query_parameters: tuple[str, ...] = ()
    repeatable_query_parameters: tuple[str, ...] = ()  # of `query_parameters`; a filter set's say so themselves
    # the writes that take no body besides every DELETE (their schema's `request=None`): one sent is a
    # 400 naming its keys, as an unknown key of a body is, not a request answered as if it said nothing
    bodiless: tuple[str, ...] = ()

    def takes_no_body(self, method: str) -> bool:
        return method == "DELETE" or method.lower() in self.bodiless

    def get_serializer_class(self):
        """No fields for a write that takes no body, so the browsable API's form for it sends none
        (it drew the answer's fields, `share_url=`, which `refuse_body` refuses)."""
        if self.takes_no_body(self.request.method):
            return NoBody
        return super().get_serializer_class()

    def repeatable(self) -> set[str]:
        """The parameters that take several values (`?subject=CS&subject=MATH`): those named so,
        and the filter set's whose form field takes a list. Any other given twice is a 400: a
        filter read the last value and a view `.get()` one of them, so `?starts_after=10:00&
        starts_after=07:00` was answered for 07:00 without a word."""
        names = set(self.repeatable_query_parameters)
        filterset = getattr(self, "filterset_class", None)
        if filterset is not None:
            for name, flt in filterset.base_filters.items():
                if issubclass(flt.field_class.widget, forms.SelectMultiple):
                    names.add(name)
        return names

    def known_query_parameters(self, method: str) -> set[str]:
        if method not in ("GET", "HEAD"):
            return {"format"}
        known = {*self.query_parameters, "format"}
        filterset = getattr(self, "filterset_class", None)
        if filterset is not None:
            known |= set(filterset.base_filters)
        return known

    def perform_content_negotiation(self, request, force=False):
        """DRF answers an unknown `?format=` with a 404, as if the resource did not exist: here it
        is a 400 on `format`, as for any malformed parameter."""
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            formats = ", ".join(sorted({renderer.format for renderer in self.get_renderers()}))
            value = request.query_params.get("format", "")
            message = f"{value!r} is not a format here; expected one of {formats}"
            raise exceptions.ValidationError({"format": [message]}) from None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttles first
        if request.method == "OPTIONS" or not hasattr(self, request.method.lower()):
            return  # OPTIONS describes the view; a method it does not have is the 405
        known = self.known_query_parameters(request.method)
        unknown = [name for name in request.query_params if name not in known]
        if unknown:
            names = sorted(known - {"format"})
            expected = f"expected one of {', '.join(names)}" if names else "this endpoint takes none"
            raise exceptions.ValidationError({name: [f"not a query parameter here; {expected}"] for name in unknown})
        repeatable = self.repeatable()
        twice = {
            name: len(values)
            for name, values in request.query_params.lists()
            if len(values) > 1 and name not in repeatable
        }
        if twice:
            raise exceptions.ValidationError(
                {name: [f"given {count} times; it takes one value"] for name, count in twice.items()}
            )
        if self.takes_no_body(request.method):
            refuse_body(request.data)  # read here: a body that does not parse is the parse_error 400


def refuse_body(data: Any) -> None:
    """A 400 for a body sent to a write that takes none; nothing, `{}`, `null` and a form's CSRF
    field alone are no body."""
    if data is None or data == "" or (isinstance(data, Mapping) and not body_keys(data)):
        return
    if isinstance(data, Mapping):
        said = "not a field here; this endpoint takes no body"
        raise exceptions.ValidationError({key: [said] for key in sorted(body_keys(data))})
    raise exceptions.ValidationError(["this endpoint takes no body"])


class WeakPreconditionFailed(exceptions.APIException):
    """An If-Match (other than `*`) or a passed If-Unmodified-Since on a `ConditionalGetMixin` read."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = WEAK_PRECONDITION_FAILED
    default_code = "precondition_failed"


class ConditionalGetMixin:
    """For read views whose data changes only at known moments (a catalog import): answer GET
    with an ETag and Last-Modified derived from `get_validator()` (a cheap version string and a
    modification time), with a bodiless 304 when the client's If-None-Match (or
    If-Modified-Since) shows its copy is current (a 412 for any If-Match but `*`, which a weak tag never
    matches, or a passed If-Unmodified-Since), and keep JSON answers in the cache under
    their ETag for CLASSTIME_API_CACHE_SECONDS: a new version means a new key, so nothing stale
    is ever served and nothing needs purging. A view of one person's data puts who they are in
    its version and sets `cache_control` to "private, no-cache". The schema declares the headers of
    every view using it (`classtime_site.schema.PagedAutoSchema`)."""

    cache_control = "no-cache"
    last_modified = False  # whether `get_validator()` gives a modification time (the schema's Last-Modified)

    def get_validator(self) -> tuple[str, datetime | None]:
        raise NotImplementedError

    def representation_key(self) -> str:
        """What names the answer beside the version: its URL; a view whose URLs differ without
        the answer differing (case) says so here, so that they share an ETag and a cached copy."""
        return self.request.build_absolute_uri()

    def get(self, request, *args, **kwargs):
        version, modified = self.get_validator()
        source = "|".join(
            [REPRESENTATION_VERSION, version, self.representation_key(), request.accepted_renderer.format]
        )
        digest = hashlib.sha256(source.encode()).hexdigest()[:32]
        headers = {"ETag": f'W/"{digest}"', "Cache-Control": self.cache_control}
        timestamp = None
        if modified is not None:
            timestamp = int(modified.timestamp())
            headers["Last-Modified"] = http_date(timestamp)
        # the answer first, so a course that does not exist, a page past the end or a malformed query is its
        # 404 or 400 whatever the preconditions say (RFC 9110 13.2.1: they are evaluated only where the answer
        # would be a 2xx); an answer cached under this ETag was one
        seconds = settings.CLASSTIME_API_CACHE_SECONDS
        cached = bool(seconds) and request.accepted_renderer.format == "json"
        key = f"api:{digest}"
        body = cache_call("get", key) if cached else None
        response = None
        if body is None:
            response = super().get(request, *args, **kwargs)
            if not status.is_success(response.status_code):
                return response
            if cached:
                body = request.accepted_renderer.render(
                    response.data, request.accepted_media_type, self.get_renderer_context()
                )
                cache_call("set", key, body, seconds)
        if "If-Match" in request.headers and parse_etags(request.headers["If-Match"]) != ["*"]:
            raise WeakPreconditionFailed()  # a malformed one too (Django ignores it): anything but `*`, as documented
        conditional = get_conditional_response(request._request, etag=headers["ETag"], last_modified=timestamp)
        if conditional is not None and conditional.status_code == status.HTTP_412_PRECONDITION_FAILED:
            raise WeakPreconditionFailed()  # in the error shape, not Django's bodiless 412
        if conditional is not None:
            return Response(status=conditional.status_code, headers=headers)
        if body is None:
            for name, value in headers.items():
                response[name] = value
            return response
        return HttpResponse(body, content_type=request.accepted_renderer.media_type, headers=headers)


def etag_matches(request: HttpRequest, etag: str) -> bool:
    """Whether the client's If-None-Match holds `etag` or `*`: the weak comparison RFC 9110 asks
    of If-None-Match (a proxy that compresses may have weakened the tag to W/"...")."""
    known = [tag.removeprefix("W/") for tag in parse_etags(request.headers.get("If-None-Match", ""))]
    return etag.removeprefix("W/") in known or "*" in known


def bytes_etag(body: bytes) -> str:
    """A strong ETag of an answer's bytes."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def validated_json_answer(view, request, data, headers: dict[str, str]) -> HttpResponse:
    """`data` as the view's JSON answer with an ETag of its bytes, or a bodiless 304 (same
    headers) when the client's If-None-Match shows its copy is current: for an answer that
    changes at moments no cheap version tracks (a job a worker is writing). Other renderers (the
    browsable API) are answered as usual, without an ETag."""
    if request.accepted_renderer.format != "json":
        return Response(data, headers=headers)
    body = request.accepted_renderer.render(data, request.accepted_media_type, view.get_renderer_context())
    headers = {**headers, "ETag": bytes_etag(body)}
    if etag_matches(request, headers["ETag"]):
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return HttpResponse(body, content_type=request.accepted_renderer.media_type, headers=headers)


def cache_call(method: str, *args):
    """A cache call that logs and gives None when the cache does not answer."""
    try:
        return getattr(cache, method)(*args)
    except Exception as exc:
        log.warning("API cache unavailable (%s: %s)", type(exc).__name__, exc)
        return None


# JSON request values held to the schema's types -------------------------------------------


def from_json(field: serializers.Field) -> bool:
    """Whether the field is read from a JSON body: a form body (the browsable API's) carries
    only strings, so only JSON can be held to the types the schema names."""
    data = getattr(field.root, "initial_data", None)
    return data is not None and not html.is_html_input(data)


class EmptyFormValueGiven:
    """A field of which a key sent empty in a form body (`name=`) is an empty string given, as `""`
    is in JSON: refused where JSON's is (DRF reads an empty form field of an optional field as left
    out, so `name=` on a copy made one named "Copy of …" where JSON's blank name is a 400)."""

    def get_value(self, dictionary: Any) -> Any:
        value = super().get_value(dictionary)
        if value is empty and html.is_html_input(dictionary) and dictionary.get(self.field_name) == "":
            return ""
        return value


class Text(EmptyFormValueGiven, serializers.CharField):
    """A string: in JSON, a number or a boolean in its place is refused, not turned into text. In
    a form body, a key sent empty is an empty string given (`EmptyFormValueGiven`)."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str) and from_json(self):
            self.fail("invalid")
        return super().to_internal_value(data)


class Whole(serializers.IntegerField):
    """A whole number: in JSON, a string, a fraction or a boolean in its place is refused."""

    def to_internal_value(self, data: Any) -> int:
        if (isinstance(data, bool) or not isinstance(data, int)) and from_json(self):
            self.fail("invalid")
        return super().to_internal_value(data)


class Uuid(serializers.UUIDField):
    """A UUID as text: in JSON, a number or a boolean in its place is refused (DRF would read 5
    as UUID 00000000-0000-0000-0000-000000000005)."""

    def to_internal_value(self, data: Any):
        if not isinstance(data, str) and from_json(self):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


class Flag(EmptyFormValueGiven, serializers.BooleanField):
    """true or false: in JSON, a string or a number in its place is refused. In a form body, a key
    sent empty (`email_changes=`) is an empty string given, refused as JSON's `""` is
    (`EmptyFormValueGiven`)."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool) and from_json(self):
            self.fail("invalid")
        return super().to_internal_value(data)


# Request bodies held to their keys ----------------------------------------------------------


class BoundedListField(serializers.ListField):
    """A request's list, refused when longer than `max_length` before any item is read. DRF's
    ListField validates every item and only then counts them: a body of a few megabytes of ids
    kept a web process busy for seconds (found by the security review)."""

    def to_internal_value(self, data):
        if self.max_length is not None and isinstance(data, list) and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


class StrictSerializer(serializers.Serializer):
    # Refuses keys it does not define, so a misspelt field ("pins" for "pinned", a preference
    # "no_class_before") is a 400 naming it instead of a request answered as if it were absent.
    # A form body (the browsable API's HTML form, `curl -d`) is held to the same keys: its
    # nested values are named `preferences.lunch.start` or `busy[0]days` (the field is the
    # first part) and Django's CSRF field is not the request's. (A comment, not a docstring:
    # the OpenAPI schema would show it as every subclass's description.)

    def to_internal_value(self, data: Any) -> dict:
        if isinstance(data, Mapping):
            unknown = sorted(key for key in body_keys(data) if key not in self.fields)
            if unknown:
                expected = f"not a field here; expected one of {', '.join(self.fields)}"
                raise serializers.ValidationError({key: [expected] for key in unknown})
            if html.is_html_input(data) and (unread := form_keys_unread(self.fields, data)):
                raise serializers.ValidationError(unread)
        return super().to_internal_value(data)


class NoBody(StrictSerializer):
    pass


FORM_ONLY_KEYS = {"csrfmiddlewaretoken"}
FORM_KEY = re.compile(r"[.\[]")
FORM_INDEX = re.compile(r"\[[0-9]+\]")


def form_keys_unread(fields: Mapping[str, serializers.Field], data: Mapping) -> dict[str, list[str]]:
    """The form keys DRF would not read, by field, each said with the shape a form body gives
    that field in: `busy=[{...}]` (JSON text in a form field) or `busy.0.days` name `busy` but
    are not how DRF reads a list of objects (`busy[0]days`), and it answered as if `busy` was left
    out. A JSON body has no such keys."""
    unread: dict[str, list[str]] = {}
    for key in map(str, data):
        head = FORM_KEY.split(key, maxsplit=1)[0]
        field = fields.get(head)
        if field is None or key in FORM_ONLY_KEYS:
            continue
        rest = key[len(head) :]
        if isinstance(field, serializers.ListSerializer):
            first = next(iter(getattr(field.child, "fields", {})), "field")
            read, shape = bool(FORM_INDEX.match(rest)), f"each item's fields as {head}[0]{first}=…, {head}[1]{first}=…"
        elif isinstance(field, (serializers.Serializer, serializers.DictField)):
            first = next(iter(getattr(field, "fields", {})), "key")
            read, shape = rest.startswith(".") and len(rest) > 1, f"its fields as {head}.{first}=…"
        elif isinstance(field, serializers.ListField):
            read = rest == "" or (FORM_INDEX.fullmatch(rest) is not None and head not in data)
            shape = f"a list as {head}=… once per item"
        else:
            read, shape = rest == "", f"one value as {head}=…"
        if not read:
            message = (
                f"the form key {key!r} is not read: a form body gives {shape}; "
                "or send the request as JSON (Content-Type: application/json)"
            )
            unread.setdefault(head, []).append(message)
    return unread


def body_keys(data: Mapping) -> set[str]:
    """The fields a body names: a JSON object's keys, or a form's field names (`busy[0]days`
    and `preferences.lunch.start` name `busy` and `preferences`) less Django's CSRF field."""
    if not html.is_html_input(data):
        return {str(key) for key in data}
    return {FORM_KEY.split(str(key), maxsplit=1)[0] for key in data} - FORM_ONLY_KEYS
