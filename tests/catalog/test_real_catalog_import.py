"""The real catalogs go through the import service end to end (skipped without ../shared/data)."""

from dataclasses import replace

import pytest

from catalog import services, sources
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


@pytest.mark.parametrize(("fixture", "fmt"), [("uva_csv_path", "uva-csv"), ("gatech_json_path", "gatech-json")])
def test_a_real_catalog_listing_every_sections_meetings_backwards_would_change_nothing(request, fixture, fmt):
    # given: the catalog imported, then the same file with each section's meetings in reverse order
    path = request.getfixturevalue(fixture)
    data = path.read_bytes()
    services.catalog_import_file(data=data, name=path.name, format=fmt)
    records = sources.adapter(fmt).parse_bytes(data, name=path.name)
    records = services.with_codes(records, format=fmt, institution_code="", term_code="")
    backwards = replace(
        records,
        courses=tuple(
            replace(c, sections=tuple(replace(s, meetings=s.meetings[::-1]) for s in c.sections))
            for c in records.courses
        ),
    )
    assert backwards != records  # some sections list several meetings
    # when
    report = services.catalog_import(records=backwards, format=fmt, dry_run=True)
    # then
    assert report.changes == []
    assert report.render().splitlines()[-1].startswith("Nothing would change: every row already matches the file;")
