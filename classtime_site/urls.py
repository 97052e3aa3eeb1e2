from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

urlpatterns = [
    path("", include("web.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("api/v1/", include("scheduler.api.urls")),
    path("api/v1/", include("catalog.api.urls")),
    path("api/v1/", include("accounts.api.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("", include("scheduler.urls")),
]


def handler404(request, exception=None):
    """JSON under /api/, Django's page elsewhere."""
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
