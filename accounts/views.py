"""Account pages: sign-up, profile (email change, with a notice to the old address), password
change and reset, account deletion and data download, personal API tokens, friends.

The signed-in pages are never cached (`never_cache`): on a shared campus computer, the next
person pressing Back after a sign-out must not see the account. Sign-in, sign-out and the
password pages are Django's own views (`django.contrib.auth.urls`) with the templates in
templates/registration/; sign-in, sign-out, password reset and password change are subclassed
here (attempt limits; a sign-out page for a GET; what a new password does to personal API
tokens, through accounts.services.user_password_set).
"""

from __future__ import annotations

from math import ceil

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from accounts import limits, selectors, services
from accounts.decorators import login_required_back_to, post_only
from accounts.forms import (
    TOO_MANY,
    AccountDeleteForm,
    EmailChangeForm,
    FriendRequestForm,
    LimitedPasswordResetForm,
    OwnPasswordChangeForm,
    SignInForm,
    SignUpForm,
    TokenCreateForm,
)
from classtime_site.api import UserThrottle
from scheduler import saved_schedules


def safe_next(request: HttpRequest) -> str:
    """The `next` URL of the request if it stays on this site, else ""."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if allowed else ""


def posted(request: HttpRequest):
    """The form data of a POST, even an empty one (whose fields are then reported missing), else
    None: `request.POST or None` would show an empty POST the blank form, without a word."""
    return request.POST if request.method == "POST" else None


def status_of(form: forms.Form) -> int:
    """429 when an attempt limit (accounts.limits) refused the form, on any field; else 200."""
    return 429 if any(form.has_error(name, TOO_MANY) for name in [NON_FIELD_ERRORS, *form.fields]) else 200


def tokens_revoked_text(count: int) -> str:
    if not count:
        return "no personal API token revoked"
    return f"{count} personal API token{'' if count == 1 else 's'} revoked"


class RefusedIs429:
    """A form view whose form an attempt limit refused (accounts.limits) answers 429, not 200."""

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=status_of(form))


class SignInView(RefusedIs429, auth_views.LoginView):
    """Django's sign-in page with attempt limits."""

    authentication_form = SignInForm


class SignOutView(auth_views.LogoutView):
    """Django's sign-out, a POST; a GET (a typed or bookmarked /accounts/logout/) is not a blank
    405 but a page with the button to sign out, or the signed-out page when no one is signed in."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return render(request, "registration/logged_out.html")
        return render(request, "registration/logout_confirm.html", {"next": safe_next(request)})

    def post(self, request, *args, **kwargs):
        """Signed out, the browser is told to forget this site's stored data and cached pages: the
        planner's request kept on the device (its busy times' labels too), its last job, and the
        pages kept for Back. On a shared computer the next person sees none of it."""
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


class PasswordResetView(RefusedIs429, auth_views.PasswordResetView):
    """Django's password reset page with attempt limits."""

    form_class = LimitedPasswordResetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


@method_decorator(never_cache, name="dispatch")
class PasswordChangeView(RefusedIs429, auth_views.PasswordChangeView):
    """Django's password change: the old password counts against the sign-in limits, and the
    tokens are revoked too unless the box is unticked; this session stays signed in, every other
    one ends."""

    form_class = OwnPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        revoked = services.user_password_set(
            user=form.user,
            password=form.cleaned_data["new_password1"],
            revoke_tokens=form.cleaned_data["revoke_tokens"],
            by="change",
            reset_url=self.request.build_absolute_uri(reverse("password_reset")),
        )
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, f"Password changed; {tokens_revoked_text(revoked)}.")
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's page that sets a new password from a reset link: the account may be in someone
    else's hands, so every personal API token is revoked and every session ends (none is kept:
    the page signs no one in)."""

    def form_valid(self, form):
        revoked = services.user_password_set(
            user=form.user,
            password=form.cleaned_data["new_password1"],
            revoke_tokens=True,
            by="reset",
            reset_url=self.request.build_absolute_uri(reverse("password_reset")),
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, f"Password set; {tokens_revoked_text(revoked)}; signed out everywhere.")
        if still := links_still_working_text(selectors.account_holdings(user=form.user)):
            messages.warning(self.request, still)
        return HttpResponseRedirect(self.get_success_url())


def links_still_working_text(holdings: selectors.AccountHoldings) -> str:
    """What a password reset leaves working, said after it: share links and calendar feeds are
    the owner's to hand out, so they are not turned off; someone else holding the account may
    have made them. "" when there are none."""
    links = [
        f"{n} {noun}{'' if n == 1 else 's'}"
        for noun, n in (("share link", holdings.shared_links), ("calendar feed", holdings.calendar_feeds))
        if n
    ]
    if not links:
        return ""
    one = holdings.shared_links + holdings.calendar_feeds == 1
    it = "it" if one else "them"
    return (
        f"Your {' and '.join(links)} {'still works' if one else 'still work'}: if someone else may have made {it}, "
        f"sign in and revoke {it} on each schedule's page (Name, sharing and calendar)."
    )


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:  # a new account would silently replace this session
        messages.info(
            request, f"You are signed in as {request.user.get_username()}: sign out first to create another account."
        )
        return redirect("profile")
    form = SignUpForm(posted(request))
    if request.method == "POST" and (refused := limits.signup_refused(request)):
        form.is_valid()  # the entered values stay on the page
        form.add_error(None, forms.ValidationError(refused, code=TOO_MANY))
        context = {"form": form, "next": safe_next(request)}
        return render(request, "registration/signup.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_sign_up(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except services.AccountError as error:
            form.add_error(error.field, error.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome, {user.get_username()}: your account is ready.")
            return redirect(safe_next(request) or settings.LOGIN_REDIRECT_URL)
    return render(request, "registration/signup.html", {"form": form, "next": safe_next(request)})


@never_cache
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = EmailChangeForm(posted(request), user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        old = request.user.email
        try:
            notified = services.user_email_change(
                user=request.user,
                email=form.cleaned_data["email"],
                signin_url=request.build_absolute_uri(reverse("login")),
            )
        except services.AccountError as error:  # another account took it meanwhile
            form.add_error(error.field, error.message)
        else:
            notice = f" A notice was sent to your old address, {old}." if notified else ""
            messages.success(request, f"Your email address is now {request.user.email}.{notice}")
            return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form}, status=status_of(form))


@never_cache
@login_required
def account_data(request: HttpRequest) -> HttpResponse:
    """ "Download my data": the account's data as a JSON file."""
    data = selectors.account_data(user=request.user)
    response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="classtime-my-data.json"'
    return response


@never_cache
@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    """Names what goes, asks for the password and a ticked box, deletes, signs out."""
    form = AccountDeleteForm(posted(request), user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_delete(user=request.user)
        except services.StaffAccountError as error:
            form.add_error(None, error.message)
        else:
            logout(request)
            messages.success(request, "Your account and everything in it have been deleted.")
            return redirect(settings.LOGOUT_REDIRECT_URL)
    status = 403 if form.has_error(NON_FIELD_ERRORS) else status_of(form)
    holdings = selectors.account_holdings(user=request.user)
    return render(request, "accounts/account_delete.html", {"form": form, "holdings": holdings}, status=status)


@never_cache
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The token list and the create form; a created key is shown in this answer only (never
    stored, never put in a message or the session)."""
    form = TokenCreateForm(posted(request))
    created = key = None
    if request.method == "POST" and form.is_valid():
        try:
            created, key = services.token_create(owner=request.user, name=form.cleaned_data["name"])
        except services.TokenError as error:
            form.add_error("name", error.message)
        else:
            form = TokenCreateForm()
    context = {"form": form, "tokens": selectors.token_list(owner=request.user), "created": created, "key": key}
    return render(request, "accounts/tokens.html", context, status=201 if created else 200)


@login_required_back_to(lambda **_: reverse("tokens"))
@post_only(lambda **_: reverse("tokens"))
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.token_get(owner=request.user, token_id=token_id)
    if token is None:
        raise Http404("You have no such token.")
    services.token_revoke(token=token)
    messages.success(request, f"Token “{token.name}” revoked: it no longer signs in.")
    return redirect("tokens")


@never_cache
@login_required
def friends(request: HttpRequest) -> HttpResponse:
    form = FriendRequestForm(posted(request))
    status = 200
    if request.method == "POST" and not (throttle := UserThrottle()).allow_request(request, None):
        # each answer says whether a username exists: asked here as often as through the API
        form.is_valid()
        form.add_error("username", f"Too many requests; try again in {ceil(throttle.wait())} s.")
        status = 429
    elif request.method == "POST" and form.is_valid():
        try:
            friendship, accepted = services.friend_request_send(
                from_user=request.user, username=form.cleaned_data["username"]
            )
        except services.FriendshipError as error:
            form.add_error("username", error.message)
        else:
            if accepted:
                name = friendship.from_user.get_username()
                messages.success(request, f"{name} had already asked you: you are now friends.")
            else:
                messages.success(request, f"Friend request sent to {friendship.to_user.get_username()}.")
            return redirect("friends")
    overview = selectors.friends_overview(user=request.user)
    shared = saved_schedules.friends_shared_schedule_links(user=request.user)
    friends = [(friend, shared.get(friend.user.pk, [])) for friend in overview.friends]
    context = {"form": form, "overview": overview, "friends": friends}
    return render(request, "accounts/friends.html", context, status=status)


def received(request: HttpRequest, request_id: int):
    friend_request = selectors.friend_request_received(user=request.user, request_id=request_id)
    if friend_request is None:
        raise Http404("No such pending friend request to you.")
    return friend_request


@login_required_back_to(lambda **_: reverse("friends"))
@post_only(lambda **_: reverse("friends"))
def friend_request_accept(request: HttpRequest, request_id: int) -> HttpResponse:
    friendship = services.friend_request_accept(friend_request=received(request, request_id))
    messages.success(request, f"You and {friendship.from_user.get_username()} are now friends.")
    return redirect("friends")


@login_required_back_to(lambda **_: reverse("friends"))
@post_only(lambda **_: reverse("friends"))
def friend_request_decline(request: HttpRequest, request_id: int) -> HttpResponse:
    friendship = services.friend_request_decline(friend_request=received(request, request_id))
    messages.success(request, f"Friend request from {friendship.from_user.get_username()} declined.")
    return redirect("friends")


@login_required_back_to(lambda **_: reverse("friends"))
@post_only(lambda **_: reverse("friends"))
def friend_request_cancel(request: HttpRequest, request_id: int) -> HttpResponse:
    friend_request = selectors.friend_request_sent(user=request.user, request_id=request_id)
    if friend_request is None:
        raise Http404("You have no such pending friend request.")
    services.friend_request_cancel(friend_request=friend_request)
    messages.success(request, f"Friend request to {friend_request.to_user.get_username()} withdrawn.")
    return redirect("friends")


@login_required_back_to(lambda **_: reverse("friends"))
@post_only(lambda **_: reverse("friends"))
def friend_remove(request: HttpRequest, user_id: int) -> HttpResponse:
    friend = selectors.friend_get(user=request.user, friend_id=user_id)
    if friend is None:
        raise Http404("No such friend.")
    services.friend_remove(user=request.user, friend=friend)
    messages.success(
        request,
        f"You and {friend.get_username()} are no longer friends. A share link works for whoever has it: to keep "
        "them from a schedule they opened before, revoke its share link on its page (you can share it again later).",
    )
    return redirect("friends")
