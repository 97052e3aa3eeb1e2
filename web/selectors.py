"""What the planner page needs from the catalog before its script runs."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import F

from catalog.models import Section, Term
from catalog.selectors import CatalogCache, schedulable_counts, term_campuses, term_subjects, terms_visible
from catalog.zones import zone_words

modalities_cache = CatalogCache(256)


def term_modalities(*, terms: list[Term]) -> dict[int, list[dict[str, Any]]]:
    """Each term's modalities (`in_person`, `online`, `hybrid`) as `{"value", "label", "sections"}`,
    most schedulable sections first: the planner offers a delivery-mode choice when a term has
    several. Kept per process and catalog version, as `term_campuses` (one query for the terms not
    kept). Callers must not change the lists."""
    labels = dict(Section.Modality.choices)

    def count(missing: list[Term]) -> dict[int, list[dict[str, Any]]]:
        counted = schedulable_counts(missing, "modality")
        return {
            pk: [{"value": mode, "label": labels.get(mode, mode), "sections": n} for mode, n in found]
            for pk, found in counted.items()
        }

    return modalities_cache.of_terms(terms, count)


def planner_terms(*, user: Any) -> list[dict[str, Any]]:
    """The terms `user` can plan for as plain data, newest first within each institution (the
    planner's first two choices, rendered into the page so it works before any API call): no
    archived term, and a hidden one only for staff, named so; a term with no days yet last, so it is
    never the first choice; with each term's named campuses, most sections first, for the planner's
    campus choice, its modalities alike for its delivery-mode choice, and its course subjects, for
    reading lists of codes (a query more each)."""
    terms = terms_visible(Term.objects.select_related("institution"), user=user)
    terms = list(
        terms.exclude(status=Term.Status.ARCHIVED).order_by(
            "institution__name", "institution__code", F("first_day").desc(nulls_last=True), "code"
        )
    )
    campuses = term_campuses(terms=terms)
    modalities = term_modalities(terms=terms)
    subjects = term_subjects(terms=terms)  # what a list of course codes may name (catalog code_list)
    names = Counter(name for name, _ in {(t.institution.name, t.institution.code) for t in terms})
    return [
        {
            "institution": term.institution.code,
            # two institutions of one name are told apart by their codes, in the choice and the terms
            "institution_name": term.institution.name
            + (f" ({term.institution.code})" if names[term.institution.name] > 1 else ""),
            "code": term.code,
            "name": f"{term.name} (hidden from students)" if term.status == Term.Status.HIDDEN else term.name,
            "catalog_version": term.catalog_version,
            "campuses": [c for c in campuses[term.pk] if c["name"]],
            "subjects": sorted(subjects[term.pk]),
            # its sections' modalities, most sections first, for the planner's delivery-mode choice
            "modalities": modalities[term.pk],
            # the campus's clock, named on the results (catalog/zones.py: planner.js says it alike)
            "timezone": term.institution.timezone,
            "campus_timezones": term.institution.campus_timezones,
            "zone_words": {
                zone: zone_words(zone)
                for zone in sorted({term.institution.timezone, *term.institution.campus_timezones.values()})
            },
            # the page tells a class held every week from a part-of-term one by these
            "first_day": term.first_day.isoformat() if term.first_day else None,
            "last_day": term.last_day.isoformat() if term.last_day else None,
        }
        for term in terms
    ]
