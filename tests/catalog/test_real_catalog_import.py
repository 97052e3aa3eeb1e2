"""The real catalogs go through the import service end to end (skipped without ../shared/data)."""

import pytest

from catalog import services
from catalog.models import Section

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fixture", "fmt", "sections", "quarantined"),
    [("uva_csv_path", "uva-csv", 8690, 16), ("gatech_json_path", "gatech-json", 12517, 0)],
)
def test_a_real_catalog_imports_every_section_and_reimports_as_unchanged(request, fixture, fmt, sections, quarantined):
    # given
    path = request.getfixturevalue(fixture)
    data = path.read_bytes()
    # when
    _, first = services.catalog_import_file(data=data, name=path.name, format=fmt)
    _, second = services.catalog_import_file(data=data, name=path.name, format=fmt)
    # then
    assert first.counts["section"].created == sections == Section.objects.count()
    assert first.sections_seen == first.sections_imported + len(first.rejected) == sections
    assert len(first.quarantined) == quarantined
    assert Section.objects.exclude(quarantine_reason="").count() == quarantined
    assert all((c.created, c.updated, c.withdrawn, c.deleted) == (0, 0, 0, 0) for c in second.counts.values())
    assert second.counts["section"].unchanged == sections
