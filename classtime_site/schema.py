"""The OpenAPI schema's generator (drf-spectacular's, kept apart from classtime_site.api, which
DRF's settings import before drf-spectacular can be)."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter

EXAMPLE_PATH_PARAMETERS = {"institution": "demo", "term": "2026-fall"}
EXAMPLE_ETAG = 'W/"4f8dc213cc994c3ec70d6db1371c3082"'
EXAMPLE_DATE = "Mon, 24 Aug 2026 14:02:11 GMT"


def header(name: str, description: str, *, example: str | None = None, **kwargs) -> OpenApiParameter:
    examples = [OpenApiExample(example, value=example)] if example else None
    return OpenApiParameter(
        name, OpenApiTypes.STR, OpenApiParameter.HEADER, description=description, examples=examples, **kwargs
    )


# the headers of a `ConditionalGetMixin` read (Django's get_conditional_response)
CONDITIONAL_GET = [
    header(
        "If-None-Match",
        "Optional: the ETag of your copy (or `*`): a bodiless 304 while the answer is unchanged.",
        example=EXAMPLE_ETAG,
    ),
    OpenApiParameter(
        "If-Match",
        {"type": "string", "enum": ["*"]},
        OpenApiParameter.HEADER,
        description='Optional, and of no use but `*`: this answer\'s ETags are weak (`W/"..."`), which If-Match '
        "never matches (RFC 9110's strong comparison), so any other value, the answer's own ETag too, is a 412.",
        examples=[OpenApiExample("*", value="*")],
    ),
    header(
        "ETag",
        "A weak tag of this answer: send it back as If-None-Match for a bodiless 304 while it is unchanged.",
        response=[200, 304],
    ),
    header(
        "Cache-Control",
        "`no-cache` (`private, no-cache` for an answer for you alone): keep a copy, but revalidate it first.",
        response=[200, 304],
    ),
]
LAST_MODIFIED = [
    header(
        "If-Modified-Since",
        "Optional: the Last-Modified of your copy: a bodiless 304 unless the term changed since (ignored with "
        "If-None-Match). An If-Unmodified-Since the term changed after is a 412.",
        example=EXAMPLE_DATE,
    ),
    header("Last-Modified", "When the term last changed (an import, or the term itself).", response=[200, 304]),
]


class PagedAutoSchema(AutoSchema):
    """drf-spectacular's schema, whose page examples (`next`, `previous`) show the list's own URL."""

    def _get_paginator(self):
        paginator = super()._get_paginator()
        if paginator is not None:
            path = self.path
            for name, value in EXAMPLE_PATH_PARAMETERS.items():
                path = path.replace("{" + name + "}", value)
            paginator.example_path = path
        return paginator

    def conditional_get(self) -> bool:
        from classtime_site.api import ConditionalGetMixin  # not at import: DRF's settings import this module

        return self.method == "GET" and isinstance(self.view, ConditionalGetMixin)

    def get_override_parameters(self):
        """A conditional read's headers, declared once here for every view using the mixin."""
        parameters = super().get_override_parameters()
        if not self.conditional_get():
            return parameters
        return [*CONDITIONAL_GET, *(LAST_MODIFIED if self.view.last_modified else []), *parameters]

    def get_extensions(self):
        """Its 412 (`classtime_site.api.schema_add_error_responses`) in words for a weak ETag."""
        extensions = super().get_extensions()
        return {"x-precondition-failed": "weak", **extensions} if self.conditional_get() else extensions
