"""A course's prerequisites through an import: stored, compared at a re-import as its description is (a
course change, not a section change), exported back, and shown by the admin."""

from dataclasses import replace

import pytest

from catalog import selectors, services
from catalog.models import Course, Term
from catalog.sources import canonical
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db

SAID = "(CHEM 1410 (C) or CHEM 14X0 (transfer)) and MATH 1310 (D)"


def with_prerequisites(records, code: str, said: str):
    courses = tuple(replace(c, prerequisites=said) if c.code == code else c for c in records.courses)
    return replace(records, courses=courses)


def import_records(records):
    return services.catalog_import(records=records, format="canonical")


def test_prerequisites_are_stored_and_a_change_updates_the_course_not_its_sections():
    # given
    import_records(with_prerequisites(canonical.parse(DEMO_CATALOG), "CHEM 1411", SAID))
    version = Term.objects.get().catalog_version
    # when: the same file with other prerequisites
    report = import_records(with_prerequisites(canonical.parse(DEMO_CATALOG), "CHEM 1411", "CHEM 1410 (D)"))
    # then
    assert Course.objects.get(subject="CHEM", number="1411").prerequisites == "CHEM 1410 (D)"
    assert (report.counts["course"].updated, report.counts["course"].unchanged) == (1, 13)
    assert (report.counts["section"].updated, report.counts["section"].unchanged) == (0, 58)
    assert Term.objects.get().catalog_version == version + 1


def test_the_same_prerequisites_again_change_nothing():
    # given
    records = with_prerequisites(canonical.parse(DEMO_CATALOG), "CHEM 1411", SAID)
    import_records(records)
    # when
    report = import_records(records)
    # then
    assert (report.counts["course"].updated, report.counts["course"].unchanged) == (0, 14)


def test_an_export_writes_the_stored_prerequisites_back():
    # given
    import_records(with_prerequisites(canonical.parse(DEMO_CATALOG), "CHEM 1411", SAID))
    # when
    exported = canonical.parse_bytes(
        canonical.dump(selectors.catalog_records(term=Term.objects.get())), name="export.json"
    )
    # then
    assert {c.code: c.prerequisites for c in exported.courses if c.prerequisites} == {"CHEM 1411": SAID}


def test_the_course_admin_shows_the_prerequisites(admin_client):
    # given
    import_records(with_prerequisites(canonical.parse(DEMO_CATALOG), "CHEM 1411", SAID))
    course = Course.objects.get(subject="CHEM", number="1411")
    # when
    page = admin_client.get(f"/admin/catalog/course/{course.pk}/change/")
    # then
    assert page.status_code == 200
    field = page.context["adminform"].form["prerequisites"]
    assert field.value() == SAID
