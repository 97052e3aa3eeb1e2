"""The account's "Watched sections" page (docs/schedules.md, "Seat alerts"): each watch with
its section's state now, whether its openings are emailed (with a button turning that off or
on), and a Stop watching button. Never cached, as the other account pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from accounts.decorators import login_required_back_to, post_only
from scheduler import watches
from scheduler.models import SectionWatch


@never_cache
@login_required
def section_watches(request: HttpRequest) -> HttpResponse:
    rows = [
        {"watch": w, "data": watches.watch_data(w), "planner_url": watches.planner_keep_url(w.section)}
        for w in watches.watch_list(user=request.user)
    ]
    # whether an email can reach the student at all: a watch of a section withdrawn or cancelled
    # is told by email and deleted only then; else it stays on this page until she stops it
    reachable = request.user.is_active and bool(request.user.email)
    context = {"rows": rows, "limit": watches.WATCH_LIMIT, "reachable": reachable}
    return render(request, "accounts/section_watches.html", context)


@login_required_back_to(lambda **_: reverse("section-watches"))
@post_only(lambda **_: reverse("section-watches"))
def section_watch_stop(request: HttpRequest, watch_id: int) -> HttpResponse:
    watch = watches.watch_get(user=request.user, watch_id=watch_id)
    if watch is None:
        raise Http404("You watch no such section.")
    name = str(watch.section)
    watches.watch_delete(watch=watch)
    messages.success(request, f"Stopped watching {name}.")
    return redirect("section-watches")


@login_required_back_to(lambda **_: reverse("section-watches"))
@post_only(lambda **_: reverse("section-watches"))
def section_watch_emails(request: HttpRequest, watch_id: int) -> HttpResponse:
    """Turn a watch's emails on or off (`email_openings`: `on` or `off`), as `PATCH watches/{id}/`."""
    watch = watches.watch_get(user=request.user, watch_id=watch_id)
    if watch is None:
        raise Http404("You watch no such section.")
    wanted = request.POST.get("email_openings", "")
    if wanted not in ("on", "off"):
        return HttpResponseBadRequest("email_openings must be on or off.")
    try:
        watches.watch_update(watch=watch, email_openings=wanted == "on")
    except SectionWatch.DoesNotExist:  # ended by the alerts' run meanwhile
        raise Http404("You watch no such section.") from None
    if wanted == "on":
        said = f"Emails on for {watch.section}: its next opening is emailed (not one while they were off)."
    else:
        said = f"Emails off for {watch.section}: its openings are not emailed; it stays watched here."
    messages.success(request, said)
    return redirect("section-watches")
