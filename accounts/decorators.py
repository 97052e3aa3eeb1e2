"""Sign-in for the addresses a page's buttons post to."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

ENDED = "Your session had ended, so that was not done: sign in, then do it again."


def login_required_back_to(page: Callable[..., str], keep: Callable[..., str | None] | None = None):
    """`login_required` for a view a form posts to: signed out meanwhile (another tab, an ended
    session), the sign-in page leads back to the page the form was on (its `next` field, else
    `page(**url kwargs)`), not to the form's own address. The form's change is not made; the
    sign-in page says so. `keep(request, **url kwargs)` may put what was typed in the session
    (signing in keeps it) for that page to fill in again; what it returns, if anything, is said
    instead (what was typed could not be kept)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.is_authenticated:
                return view(request, *args, **kwargs)
            following = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(following, allowed_hosts={request.get_host()}):
                following = page(**kwargs)
            if request.method == "POST":
                said = keep(request, **kwargs) if keep is not None else None
                messages.warning(request, said or ENDED)
            return redirect_to_login(following)

        return wrapped

    return decorate


def post_only(page: Callable[..., str], asks: Callable[..., bool] = lambda **_: False):
    """`require_POST` for a view a page's buttons post to, whose address a browser may still GET:
    a reload or a history entry of the page a POST answered (Delete's question), a link sent on.
    A GET or HEAD goes to the page the buttons are on (`page(**url kwargs)`), not a blank 405;
    one of a view that asks before it acts (`asks(**url kwargs)`: Delete, Delete for ever, Empty
    the bin) is the view's own question again, which a GET cannot answer. Other methods: 405."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in ("GET", "HEAD"):
                return view(request, *args, **kwargs) if asks(**kwargs) else redirect(page(**kwargs))
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
