"""The account's "Watched sections" page (docs/schedules.md, "Seat alerts"): each watch with
its section's state now, and a Stop watching button. Never cached, as the other account pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from accounts.decorators import login_required_back_to, post_only
from scheduler import watches


@never_cache
@login_required
def section_watches(request: HttpRequest) -> HttpResponse:
    rows = [
        {"watch": w, "data": watches.watch_data(w), "planner_url": watches.planner_keep_url(w.section)}
        for w in watches.watch_list(user=request.user)
    ]
    context = {"rows": rows, "limit": watches.WATCH_LIMIT}
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
