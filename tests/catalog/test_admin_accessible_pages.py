"""The catalog admin's own pages read with a screen reader: an import report's counts are a
table with headers, a meeting row's fields are named with their row, and no filter link is
empty. (tests/web/test_e2e_admin_pages.py has what takes a browser.)"""

import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from catalog import services
from catalog.models import ImportRun, Section
from catalog.reports import MODELS, ImportReport
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


class Elements(HTMLParser):
    """A page's elements as (tag, attributes, text inside) in document order; the text of an
    element holds the text of those inside it."""

    VOID = {"input", "br", "img", "meta", "link", "hr"}

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict, list[str]]] = []
        self.open: list[list[str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        text: list[str] = []
        self.found.append((tag, dict(attrs), text))
        if tag not in self.VOID:
            self.open.append(text)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.open:
            self.open.pop()

    def handle_data(self, data):
        for text in self.open:
            text.append(data)

    def texts(self, tag: str, **attrs) -> list[str]:
        return [
            " ".join(" ".join(text).split())
            for found, has, text in self.found
            if found == tag and all(has.get(k) == v for k, v in attrs.items())
        ]

    def by_id(self) -> dict[str, dict]:
        return {has["id"]: has for _, has, _ in self.found if "id" in has}


@pytest.fixture
def demo():
    services.catalog_import_file(data=DEMO_CATALOG.read_bytes(), name="demo.json", format="canonical")


def test_an_import_reports_counts_are_a_table_with_column_and_row_headers_and_its_lists_are_lists(staff_client):
    # given: a report with two warnings
    report = ImportReport(
        source_name="demo.json", format="canonical", institution="demo", term="2026-fall", dry_run=True
    )
    report.counts["section"].created = 58
    report.warnings = [{"registrar_id": str(n), "message": f"line {n}: odd", "reason": "odd"} for n in (7, 9)]
    run = ImportRun.objects.create(
        source_name="demo.json",
        format="canonical",
        sha256="0" * 64,
        status=ImportRun.Status.DRY_RUN,
        dry_run=True,
        report=json.loads(json.dumps(report.to_dict())),
    )
    # when
    pages = [
        staff_client.get(reverse(name, args=[run.pk])).content.decode()
        for name in ("admin:catalog_importrun_preview", "admin:catalog_importrun_change")
    ]
    # then: each count under its column's and its row's header; no text table in <pre>
    for html in pages:
        page = Elements(html[html.index('id="import-report"') :])  # the report, past the admin's menu
        assert page.texts("caption", id="import-counts-caption") == [
            "Catalog import of demo.json (canonical) into demo 2026-fall — DRY RUN, nothing written"
        ]
        assert page.texts("th", scope="col") == ["model", "created", "updated", "unchanged", "withdrawn", "deleted"]
        assert page.texts("th", scope="row") == list(MODELS)
        assert "section 58 0 0 0 0" in page.texts("tr")
        assert "Warnings (2):" in page.texts("p")
        assert page.texts("li")[-3:] == ["2 × odd", "[7] line 7: odd", "[9] line 9: odd"]
        assert not page.texts("pre")


def test_each_field_of_a_sections_meeting_rows_is_named_with_its_row(staff_client, demo):
    # given: CS 1110 lecture 001, one meeting
    section = Section.objects.get(registrar_id="40001", term__code="2026-fall")
    # when
    page = Elements(staff_client.get(reverse("admin:catalog_section_change", args=[section.pk])).content.decode())
    # then: every field of the row is named "Meeting 1 …", of the row "Add another" copies "New meeting …"
    fields = page.by_id()
    for name in ("position", "kind", "start_time", "end_time", "first_date", "last_date", "location"):
        label = name.replace("_", " ")
        assert fields[f"id_meetings-0-{name}"]["aria-label"] == f"Meeting 1 {label}"
        assert fields[f"id_meetings-__prefix__-{name}"]["aria-label"] == f"New meeting {label}"
    assert fields["id_meetings-0-days_0"]["aria-label"] == "Meeting 1 Mon"
    assert fields["id_meetings-0-days_6"]["aria-label"] == "Meeting 1 Sun"
    assert fields["id_meetings-0-DELETE"]["aria-label"] == "Delete meeting 1"
    assert page.texts("th", **{"class": "original"}) == ["Meeting"]


def test_the_sections_campus_filter_names_the_sections_without_a_campus(staff_client, demo):
    # given: CS 1110's lectures without a campus, as every section of UVA's catalog
    Section.objects.filter(component__course__number="1110", component__kind="LEC").update(campus="")
    listing = reverse("admin:catalog_section_changelist")
    # when
    page = Elements(staff_client.get(listing, {"q": "CS 1110"}).content.decode())
    filtered = staff_client.get(listing, {"q": "CS 1110", "campus": ""})
    # then: a link named, which lists those sections
    links = dict(zip((has.get("href") for tag, has, _ in page.found if tag == "a"), page.texts("a"), strict=True))
    assert links["?campus=&q=CS+1110"] == "No campus"
    assert all(text for href, text in links.items() if "campus" in (href or ""))
    assert {row.registrar_id for row in filtered.context["cl"].result_list} == {"40001", "40002", "40003"}
