"""The catalog admin's own pages read with a screen reader: an import report's counts are a
table with headers, the fields of a row of a course's components, a component's sections and a
section's meetings are named with their row and described by nothing the page lacks, and no
filter link is empty. (tests/web/test_e2e_admin_pages.py and test_e2e_axe.py have what takes a
browser.)"""

import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from catalog import services
from catalog.models import Component, Course, ImportRun, Section
from catalog.reports import MODELS, ImportReport
from tests.catalog.test_catalog_admin import change_form_data
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


def test_each_field_of_a_courses_component_rows_is_named_with_its_row(staff_client, demo):
    # given: CS 1110, a lecture and a lab
    course = Course.objects.get(term__code="2026-fall", subject="CS", number="1110")
    # when
    page = Elements(staff_client.get(reverse("admin:catalog_course_change", args=[course.pk])).content.decode())
    # then: "Component 2 kind", of the row "Add another" copies "New component kind"
    fields = page.by_id()
    for row in (1, 2):
        assert fields[f"id_components-{row - 1}-kind"]["aria-label"] == f"Component {row} kind"
        assert fields[f"id_components-{row - 1}-name"]["aria-label"] == f"Component {row} name"
        assert fields[f"id_components-{row - 1}-DELETE"]["aria-label"] == f"Delete component {row}"
    assert fields["id_components-__prefix__-kind"]["aria-label"] == "New component kind"
    assert page.texts("th", **{"class": "original"}) == ["Component"]


def test_each_field_of_a_components_section_rows_is_named_with_its_row(staff_client, demo):
    # given: CS 1110's lectures 001, 002 and 003
    lectures = Component.objects.get(
        course__term__code="2026-fall", course__subject="CS", course__number="1110", kind="LEC"
    )
    # when
    page = Elements(staff_client.get(reverse("admin:catalog_component_change", args=[lectures.pk])).content.decode())
    # then: "Section 3 code"; no Delete column, since no section is deleted (nor added) there
    fields = page.by_id()
    for name in ("registrar_id", "code", "status", "capacity", "enrolled", "campus"):
        assert fields[f"id_sections-2-{name}"]["aria-label"] == f"Section 3 {name.replace('_', ' ')}"
    assert page.texts("th", **{"class": "original"}) == ["Section"]
    assert "Delete?" not in page.texts("th")


def test_no_inline_field_is_described_by_help_text_the_page_lacks(staff_client, demo):
    # given: a course's components, a component's sections and a section's meetings, fields with help text
    section = Section.objects.get(registrar_id="40001", term__code="2026-fall")
    pages = [
        reverse("admin:catalog_course_change", args=[section.component.course_id]),
        reverse("admin:catalog_component_change", args=[section.component_id]),
        reverse("admin:catalog_section_change", args=[section.pk]),
    ]
    for url in pages:
        # when
        page = Elements(staff_client.get(url).content.decode())
        # then: each help text shown once, in its column's header, and no row's field points at one of its own
        ids = page.by_id()
        missing = [
            (has["id"], ref)
            for _, has, _ in page.found
            for ref in has.get("aria-describedby", "").split()
            if ref not in ids
        ]
        assert missing == [], url
        assert [has for tag, has, _ in page.found if tag == "img" and has.get("class") == "help help-tooltip"], url


def test_a_section_rows_field_in_error_is_described_by_its_error(staff_client, demo):
    # given: CS 1110's lectures 002 and 003 given one code
    lectures = Component.objects.get(
        course__term__code="2026-fall", course__subject="CS", course__number="1110", kind="LEC"
    )
    change = reverse("admin:catalog_component_change", args=[lectures.pk])
    data = change_form_data(staff_client.get(change))
    # when
    page = Elements(staff_client.post(change, {**data, "sections-2-code": data["sections-1-code"]}).content.decode())
    # then
    fields = page.by_id()
    assert fields["id_sections-2-code"]["aria-describedby"] == "id_sections-2-code_error"
    assert page.texts("ul", id="id_sections-2-code_error") == [
        "Section code 002 is already given to section 40002 on this page. A section's code is unique in its course "
        "(in any case), since a linked section names its parent by code."
    ]


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
