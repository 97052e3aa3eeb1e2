"""The student planner: one page whose script talks to the REST API."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie

from web.selectors import planner_terms

# the course search's levels the planner offers (the API takes 0 too: a few learning-support courses)
SEARCH_LEVELS = [str(level) for level in range(1000, 10000, 1000)]
WEEKDAYS = [("Mo", "Mon"), ("Tu", "Tue"), ("We", "Wed"), ("Th", "Thu"), ("Fr", "Fri"), ("Sa", "Sat"), ("Su", "Sun")]


@ensure_csrf_cookie  # the script sends it back as X-CSRFToken on the API's unsafe methods
def planner(request: HttpRequest) -> HttpResponse:
    terms = planner_terms(user=request.user)
    user = request.user
    initial = {
        "terms": terms,
        "user": user.get_username() if user.is_authenticated else None,
    }
    context = {"terms": terms, "initial": initial, "weekdays": WEEKDAYS, "levels": SEARCH_LEVELS}
    return render(request, "web/planner.html", context)
