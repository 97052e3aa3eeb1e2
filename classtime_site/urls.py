from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

from classtime_site.schema_views import ApiRoot, SchemaView

urlpatterns = [
    path("", include("web.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("api/v1/", ApiRoot.as_view(), name="api-root"),
    path("api/v1/", include("scheduler.api.urls")),
    path("api/v1/", include("catalog.api.urls")),
    path("api/v1/", include("accounts.api.urls")),
    path("api/v1/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("", include("scheduler.urls")),
]


# Error pages: JSON in the API's error shape under /api/, the site's pages (templates/400.html,
# 403.html, 404.html, 500.html) elsewhere.


def handler400(request, exception=None):
    from django.http import JsonResponse
    from django.views.defaults import bad_request

    from classtime_site.api import error_body

    if request.path.startswith("/api/"):
        body = error_body(400, "parse_error", "The request was refused as malformed.")
        return JsonResponse(body, status=400)
    return bad_request(request, exception)


def handler403(request, exception=None):
    from django.http import JsonResponse
    from django.views.defaults import permission_denied

    from classtime_site.api import error_body

    if request.path.startswith("/api/"):
        body = error_body(403, "permission_denied", "You do not have permission to perform this action.")
        return JsonResponse(body, status=403)
    return permission_denied(request, exception)


def handler404(request, exception=None):
    """JSON under /api/, the site's page elsewhere."""
    from django.views.defaults import page_not_found

    from classtime_site.api import json_not_found

    if request.path.startswith("/api/"):
        return json_not_found(request, exception)
    return page_not_found(request, exception)


def handler500(request):
    from django.views.defaults import server_error

    from classtime_site.api import json_server_error

    if request.path.startswith("/api/"):
        return json_server_error(request)
    return server_error(request)
