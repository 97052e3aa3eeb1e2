"""What the planner page needs from the catalog before its script runs."""

from __future__ import annotations

from typing import Any

from catalog.models import Term


def planner_terms() -> list[dict[str, Any]]:
    """Every loaded term as plain data, newest first within each institution (the planner's
    first two choices, rendered into the page so it works before any API call)."""
    terms = Term.objects.select_related("institution").order_by("institution__name", "-first_day")
    return [
        {
            "institution": term.institution.code,
            "institution_name": term.institution.name,
            "code": term.code,
            "name": term.name,
            "catalog_version": term.catalog_version,
        }
        for term in terms
    ]
