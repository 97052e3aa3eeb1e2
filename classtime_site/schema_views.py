"""The schema's own URL (drf-spectacular's view) and the API's root, apart from
classtime_site.schema, which DRF's settings import while drf-spectacular's views are being
defined."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import renderers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

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


class ApiRoot(KnownQueryParameters, APIView):
    """`GET /api/v1/`: where the API's documentation and its top-level collections are, so a
    client starting at the root finds its way (it was a 404). Not in the schema: it documents
    nothing the schema does not."""

    permission_classes = [AllowAny]
    query_parameters = ()

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        links = {
            "schema": "api-schema",
            "docs": "api-docs",
            "redoc": "api-redoc",
            "institutions": "catalog-institution-list",
            "terms": "catalog-term-list",
            "generations": "generation-list",
            "schedules": "saved-schedule-list",
        }
        return Response({name: request.build_absolute_uri(reverse(url)) for name, url in links.items()})
