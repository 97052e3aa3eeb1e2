"""Sign-in for the addresses a page's buttons post to."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme


def login_required_back_to(page: Callable[..., str], keep: Callable[..., None] | None = None):
    """`login_required` for a view a form posts to: signed out meanwhile (another tab, an ended
    session), the sign-in page leads back to the page the form was on (its `next` field, else
    `page(**url kwargs)`), not to the form's own address, which a GET after signing in answers
    405. The form's change is not made; the sign-in page says so. `keep(request, **url kwargs)`
    may put what was typed in the session (signing in keeps it) for that page to fill in again."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.is_authenticated:
                return view(request, *args, **kwargs)
            following = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(following, allowed_hosts={request.get_host()}):
                following = page(**kwargs)
            if request.method == "POST":
                if keep is not None:
                    keep(request, **kwargs)
                messages.warning(request, "Your session had ended, so that was not done: sign in, then do it again.")
            return redirect_to_login(following)

        return wrapped

    return decorate
