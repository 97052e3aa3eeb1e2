"""The site's URLs and error handlers, plus views that fail on purpose, under /api/ and outside
it (tests/accounts/test_error_pages.py)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from classtime_site.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def forbidden(request):
    raise PermissionDenied("secret reason")


def suspicious(request):
    raise SuspiciousOperation("secret detail")


def broken(request):
    raise RuntimeError("secret internals")


urlpatterns = [
    *(
        path(f"{prefix}fail/{name}/", view)
        for prefix in ("", "api/v1/")
        for name, view in [
            ("forbidden", forbidden),
            ("suspicious", suspicious),
            ("broken", broken),
        ]
    ),
    *urlpatterns,
]
