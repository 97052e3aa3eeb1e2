"""A term's own fields on re-import: a canonical file leaving out an optional one keeps it, and every
change to them is reported with its value before and after."""

import json

import pytest

from catalog import services
from catalog.models import Term
from catalog.reports import ImportReport
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db

DEMO_HOLIDAYS = ["2026-09-07", "2026-11-25", "2026-11-26", "2026-11-27"]


def demo_file(**term) -> bytes:
    """The demo catalog with its term's fields replaced by `term` (None: the key left out)."""
    doc = json.loads(DEMO_CATALOG.read_text())
    for key, value in term.items():
        if value is None:
            doc["term"].pop(key)
        else:
            doc["term"][key] = value
    return json.dumps(doc).encode()


def import_file(data: bytes, *, dry_run: bool = False) -> ImportReport:
    run, report = services.catalog_import_file(data=data, name="demo.json", format="canonical", dry_run=dry_run)
    assert report is not None, run.error
    return report


def clearing() -> bytes:
    """The demo catalog with its term's days null and its holidays empty."""
    doc = json.loads(demo_file())
    doc["term"].update(first_day=None, last_day=None, holidays=[])
    return json.dumps(doc).encode()


def demo_term() -> Term:
    return Term.objects.get(code="2026-fall")


def test_a_canonical_file_leaving_out_holidays_and_days_keeps_the_terms_own():
    # given
    import_file(demo_file())
    # when
    report = import_file(demo_file(holidays=None, first_day=None, last_day=None))
    # then
    term = demo_term()
    assert (term.holidays, str(term.first_day), str(term.last_day)) == (DEMO_HOLIDAYS, "2026-08-24", "2026-12-11")
    assert (report.counts["term"].unchanged, report.term_changes, report.changed_anything) == (1, [], False)


def test_a_canonical_file_giving_empty_holidays_and_null_days_clears_them_and_says_so_in_its_dry_run():
    # given
    import_file(demo_file())
    # when
    report = import_file(clearing(), dry_run=True)
    # then
    assert report.term_changes == [
        {"field": "first_day", "before": "2026-08-24", "after": None},
        {"field": "last_day", "before": "2026-12-11", "after": None},
        {"field": "holidays", "before": DEMO_HOLIDAYS, "after": []},
    ]
    assert demo_term().holidays == DEMO_HOLIDAYS  # a dry run
    assert "  holidays: 2026-09-07, 2026-11-25, 2026-11-26, 2026-11-27 → (none)" in report.render()
    assert report.to_dict()["term_changes"] == report.term_changes


def test_a_renamed_term_is_reported_with_its_old_and_new_name():
    # given
    import_file(demo_file())
    # when
    report = import_file(demo_file(name="Autumn 2026"))
    # then
    assert report.term_changes == [{"field": "name", "before": "Fall 2026", "after": "Autumn 2026"}]
    assert "Term 2026-fall changed (1):\n  name: Fall 2026 → Autumn 2026" in report.render()
    assert demo_term().name == "Autumn 2026"


def test_a_georgia_tech_term_with_no_holidays_takes_its_final_exam_dates_and_keeps_staffs_otherwise():
    # given: the term imported before final exam dates were holidays (none), and re-imported
    from tests.catalog.sources.test_gatech_json import document, meeting, section

    data = json.dumps(document({"A": section("10001", [meeting(final=(0, 0))])})).encode()
    services.catalog_import_file(data=data, name="202208.json", format="gatech-json")
    Term.objects.filter(code="202208").update(holidays=[])
    # when
    run, filled = services.catalog_import_file(data=data, name="202208.json", format="gatech-json")
    Term.objects.filter(code="202208").update(holidays=["2022-11-24"])  # then staff set their own
    run, kept = services.catalog_import_file(data=data, name="202208.json", format="gatech-json")
    # then
    assert filled.term_changes == [{"field": "holidays", "before": [], "after": ["2022-12-08"]}]
    assert kept.term_changes == []
    assert Term.objects.get(code="202208").holidays == ["2022-11-24"]


def test_an_institution_time_zone_put_back_by_an_import_is_reported_with_its_old_and_new_value():
    # given: the demo's time zone edited since its import (in the admin, say), and a second term of the demo
    from catalog.models import Institution

    import_file(demo_file())
    spring = Term.objects.create(institution=demo_term().institution, code="2027-spring", name="Spring 2027")
    Institution.objects.filter(code="demo").update(timezone="Asia/Tokyo")
    # when: a dry run, then the import
    previewed = import_file(demo_file(), dry_run=True)
    version_after_the_dry_run = Term.objects.get(pk=spring.pk).catalog_version
    report = import_file(demo_file())
    # then: both say so; the other term's version moves with the import alone (its calendar moved too)
    assert previewed.institution_changes == report.institution_changes
    assert (version_after_the_dry_run, Term.objects.get(pk=spring.pk).catalog_version) == (0, 1)
    assert report.institution_changes == [{"field": "timezone", "before": "Asia/Tokyo", "after": "America/New_York"}]
    assert "Institution demo changed (1):\n  timezone: Asia/Tokyo → America/New_York" in report.render()
    assert ImportReport.from_dict(report.to_dict()).institution_changes == report.institution_changes
    assert services.changes_said(report.to_dict()).endswith("and 1 change(s) to the institution")
