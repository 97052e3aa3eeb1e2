"""API plumbing shared by every endpoint: one JSON error shape, never a traceback.

Every error answers
    {"error": {"status": 400, "code": "invalid", "message": "...", "fields": {"k": ["..."]}}}
where `fields` maps each bad field (dotted path for nested ones) to its messages.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

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


def api_exception_handler(exc: Exception, context: dict) -> Response:
    """DRF's handler, reshaped; anything unexpected becomes a logged 500 with no internals."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
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
    else:
        detail = getattr(exc, "detail", str(exc))
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = error_body(response.status_code, str(code), str(detail))
    return response


def json_not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse(error_body(404, "not_found", f"No such resource: {request.path}"), status=404)


def json_server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        error_body(500, "server_error", "Something went wrong on our side; it has been logged."), status=500
    )
