"""An answer to HEAD without a body; Django's CommonMiddleware, with the API's own answer to a URL
missing its trailing slash; the API's rate limit headers; its answer to a NUL character in the
address; its 404 in DEBUG; a page's 503 when the database does not answer; a page's write for an
account deleted meanwhile; and the caching of answers made for a signed-in person."""

import logging

from django import db
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.http.response import HttpResponseRedirectBase
from django.middleware.common import CommonMiddleware
from django.shortcuts import redirect
from django.template import loader
from django.utils.functional import empty
from django.utils.http import escape_leading_slashes

from classtime_site.api import (
    ACCOUNT_DELETED,
    account_deleted_meanwhile,
    error_body,
    json_not_found,
    rate_limit_headers,
    statement_timed_out,
)


class HeadWithoutBodyMiddleware:
    """The answer to a HEAD request carries its GET's status and headers and no body, as HTTP says
    (RFC 9110, 9.3.2). Django leaves the body in for the server to drop: its test client and
    runserver do, gunicorn sends none either but logs a warning for each one ("WSGI app sent
    body bytes on a no-body response"), every health probe (`curl -I /healthz`) included.
    `Content-Length` stays as the GET's (where Django sets it), which RFC 9110, 8.6 allows.
    Outermost, so it sees every answer, the health checks' too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []
            else:
                response.content = b""
        return response


class HttpResponsePermanentRedirectKeepingMethod(HttpResponseRedirectBase):
    """308 Permanent Redirect: the client repeats the request, method and body, at the new URL."""

    status_code = 308


class KeepMethodOnRedirectMiddleware:
    """A 301 answered to another method than GET or HEAD becomes a 308, which clients follow with
    the same method and body (a 301 makes them repeat a POST as a GET): Django's HTTPS redirect
    of a request a proxy forgot to mark secure, for one. Placed before SecurityMiddleware, which
    `check --deploy` wants under its own name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 301 and request.method not in ("GET", "HEAD"):
            return HttpResponsePermanentRedirectKeepingMethod(response["Location"])
        return response


class AppendSlashMiddleware(CommonMiddleware):
    """APPEND_SLASH as Django does it, except under /api/ and for methods other than GET and HEAD:
    there a URL missing its trailing slash (`POST /api/v1/generations`, a form posted to
    `/accounts/login`) is redirected with a 308, never a 301, so a client that follows it repeats
    its method and body. A 301 makes clients turn a POST into a GET (the POST above would list
    one's jobs and create nothing), and Django's DEBUG refuses those methods with a RuntimeError
    (a 500) instead of redirecting them: the answer is the same whatever DEBUG says."""

    def process_response(self, request, response):
        if response.status_code == 404 and (
            request.path_info.startswith("/api/") or request.method not in ("GET", "HEAD")
        ):
            if self.should_redirect_with_slash(request):
                path = escape_leading_slashes(request.get_full_path(force_append_slash=True))
                return HttpResponsePermanentRedirectKeepingMethod(path)
        return super().process_response(request, response)


class RateLimitHeadersMiddleware:
    """Every API answer a throttle counted says how much is left, as GitHub's API does:
    `X-RateLimit-Limit` (requests per window), `X-RateLimit-Remaining`, `X-RateLimit-Reset`
    (when the window ends, Unix seconds) and `X-RateLimit-Resource` (the scope), for the scope
    with the fewest requests left; a 429 says 0 remaining (docs/api.md, Throttling)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in rate_limit_headers(getattr(request, "rate_limits", [])).items():
            response[name] = value
        return response


class NulCharacterMiddleware:
    """A NUL character (`%00`) in an API address is the client's mistake, answered before any
    view: in the path, the 404 of a resource that does not exist; in a query parameter, a 400
    naming it. Views pass path and query values to the database, and PostgreSQL refuses a string
    holding a NUL (it was a 500 on `?term=%00`, `shared/%00/`...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            if "\x00" in request.path_info:
                return JsonResponse(error_body(404, "not_found", "Not found."), status=404)
            bad = sorted({name for name, values in request.GET.lists() if "\x00" in name + "".join(values)})
            if bad:
                fields = {name.replace("\x00", "\\x00"): ["contains a NUL character (%00)"] for name in bad}
                first = next(iter(fields))
                body = error_body(400, "invalid", f"{first}: contains a NUL character (%00)", fields)
                return JsonResponse(body, status=400)
        return self.get_response(request)


class ApiNotFoundMiddleware:
    """An HTML 404 under /api/ (Django's debug page for a URL no pattern matches, which it gives
    instead of calling `handler404` when DEBUG is on) answered in the API's JSON error shape, as
    with DEBUG off: a client developed against a DEBUG server sees what production answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and (request.path_info == "/api" or request.path_info.startswith("/api/"))
            and response.get("Content-Type", "").startswith("text/html")
        ):
            answer = json_not_found(request)
            for name, value in response.items():  # X-Frame-Options, Vary...: the page's, but its type and length
                if not answer.has_header(name):
                    answer[name] = value
            return answer
        return response


log = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """A page whose database connection broke (a restart, a terminated session) answers 503 with
    `Retry-After`, as the API does (`classtime_site.api.api_exception_handler`), not a 500 saying
    something is wrong: the next request reconnects. The page stands alone (templates/503.html:
    no database, no context)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (db.OperationalError, db.InterfaceError)):
            return None
        if statement_timed_out(exception):  # not the database's absence: a statement too slow
            log.error(
                "a database statement ran past CLASSTIME_STATEMENT_TIMEOUT during a page request", exc_info=exception
            )
        else:
            log.warning("database unavailable during a page request", exc_info=exception)
        page = loader.get_template("503.html").render()
        return HttpResponse(page, status=503, headers={"Retry-After": "5"})


class AccountDeletedMiddleware:
    """A page's write refused because the signed-in account was deleted while it ran (a token made
    in one tab as the account is deleted in another) goes to the home page saying so, as the
    API answers 401 (`classtime_site.api.account_deleted_meanwhile`), not to a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not account_deleted_meanwhile(exception, getattr(request, "user", None)):
            return None
        messages.error(request, ACCOUNT_DELETED)
        return redirect("/")


class SignedInAnswersPrivateMiddleware:
    """An answer made for a signed-in person (its view looked at who is signed in, by session or
    token, and found someone) that says nothing of its caching is `private, no-cache`: no shared
    cache keeps it, and the browser revalidates its copy. Before 2026-12-07 `me/`, `friends/`,
    `tokens/`, the generations list, the planner and the share page seen by its owner said
    nothing. Not `no-store`, which the account pages are: the planner stays in the browser's
    back-forward cache, for Back from the saved schedules; signing out clears that cache and the
    page's storage (`accounts.views.SignOutView`). An answer whose view never asked who is signed
    in is left as it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control") or not signed_in_asked(request):
            return response
        response["Cache-Control"] = "private, no-cache"
        return response


def signed_in_asked(request) -> bool:
    """Whether the view looked at who sent `request` and found a signed-in person: DRF sets the
    user it authenticated (a token's too) on the request; Django's is lazy until read."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return False
    return bool(user.is_authenticated)
