"""A section quarantined for the same reason by a file with a row added or left out above it (its
line number shifted) is no change: neither the report nor the section's `updated_at` says so."""

import json

import pytest

from catalog.models import Section
from tests.catalog.test_import_guard_untimed import DATES, HEADER, import_catalog

pytestmark = pytest.mark.django_db


def rows(first: int) -> bytes:
    """Lectures CS 1000+i for i from `first` to 3; CS 1003's only slot a placeholder (quarantined)."""
    lines = [
        f"{40000 + i},CS,{1000 + i},001,Lecture,Course {i},"
        f"{'Mo 12:00am - 12:00am' if i == 3 else 'MoWe 1:00pm - 1:50pm'},Rice Hall 130,{DATES}"
        for i in range(first, 4)
    ]
    return "\r\n".join((HEADER, *lines, "")).encode()


def test_a_quarantine_at_another_line_for_the_same_reason_is_no_change(tmp_path):
    # given: the term imported, CS 1003 quarantined at line 5
    import_catalog(tmp_path, rows(0))
    quarantined = Section.objects.get(registrar_id="40003")
    assert "line 5" in quarantined.quarantine_reason
    # when: the registrar leaves out the first row, so CS 1003 is at line 4
    report = json.loads(import_catalog(tmp_path, rows(1), "--json"))
    # then: only the section left out changed; the report's quarantine names this file's line
    assert [(c["registrar_id"], c["fields"]) for c in report["changes"]] == [("40000", ["withdrawn"])]
    assert Section.objects.get(registrar_id="40003").updated_at == quarantined.updated_at
    (entry,) = [q for q in report["quarantined"] if q["registrar_id"] == "40003"]
    assert entry["location"] == "line 4"
