"""The landing page: which terms are loaded and where to go next."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from catalog.models import Term


def home(request: HttpRequest) -> HttpResponse:
    terms = Term.objects.select_related("institution").order_by("institution__name", "-first_day")
    return render(request, "home.html", {"terms": terms})
