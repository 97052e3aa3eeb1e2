"""The OpenAPI schema's generator (drf-spectacular's, kept apart from classtime_site.api, which
DRF's settings import before drf-spectacular can be)."""

from drf_spectacular.openapi import AutoSchema

EXAMPLE_PATH_PARAMETERS = {"institution": "demo", "term": "2026-fall"}


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
