"""The schema's own URL (drf-spectacular's view; apart from classtime_site.schema, which DRF's
settings import while drf-spectacular's views are being defined)."""

from drf_spectacular.views import SpectacularAPIView
from rest_framework import renderers

from classtime_site.api import KnownQueryParameters


class SchemaView(KnownQueryParameters, SpectacularAPIView):
    """drf-spectacular's schema view, held to the API's rules for query parameters: `format`
    (`yaml`, `json`) and `lang`; another format or any other parameter is a 400 naming it (it was
    a 404, or the parameter ignored). Its errors are JSON in the error shape, not YAML."""

    query_parameters = ("lang",)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = "application/json"
        return response
