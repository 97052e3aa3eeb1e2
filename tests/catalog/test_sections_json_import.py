"""A student-information system's JSON dump of sections (`sections-json`) imported end to end: the
command with a mapping of paths, a term dumped as Banner 9's API would and imported back, the same rows
as sections-csv and as sections-json, the admin's upload with a pasted mapping, and the real UVA catalog
imported back from such a dump (skipped without ../shared/data)."""

import csv
import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from catalog import selectors, services
from catalog.models import ImportRun, Section, Term
from catalog.sources import uva_csv
from tests.catalog.sources.test_sections_json import BANNER9_MAPPING, banner9_dump
from tests.catalog.test_sections_csv_import import DEMO_COLUMNS, DEMO_SECTIONS, staff_client  # noqa: F401
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def demo_dumped(tmp_path) -> tuple:
    """The demo term imported from canonical JSON, its records, and them written as a Banner 9 dump
    with its mapping beside it."""
    run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")
    before = selectors.catalog_records(term=Term.objects.get(code="2026-fall"))
    dumped, mapping = tmp_path / "demo 2026-fall.json", tmp_path / "banner9.json"
    dumped.write_bytes(banner9_dump(before))
    mapping.write_text(json.dumps(BANNER9_MAPPING))
    return before, dumped, mapping


def test_a_term_dumped_as_banner_9_json_imports_back_through_the_command_changing_nothing(tmp_path):
    # given
    before, dumped, mapping = demo_dumped(tmp_path)
    # when
    report = json.loads(
        run(
            "import_catalog",
            str(dumped),
            "--format",
            "sections-json",
            "--columns",
            str(mapping),
            "--institution",
            "demo",
            "--term",
            "2026-fall",
            "--json",
        )  # fmt: skip
    )
    # then
    assert report["sections_seen"] == 58 and report["rejected"] == [] and report["changes"] == []
    after = selectors.catalog_records(term=selectors.term_get(code="2026-fall", institution="demo"))
    assert after.courses == before.courses


def test_the_same_rows_as_sections_csv_and_as_sections_json_import_the_same_catalog(tmp_path):
    # given: the demo spreadsheet imported, then its rows as JSON records under the same keys
    common = ["--columns", str(DEMO_COLUMNS), "--institution", "demo-u", "--term", "2026-fall", "--json"]
    run("import_catalog", str(DEMO_SECTIONS), "--format", "sections-csv", *common)
    before = selectors.catalog_records(term=Term.objects.get(code="2026-fall"))
    rows = list(csv.DictReader(StringIO(DEMO_SECTIONS.read_text(encoding="utf-8"))))
    dumped = tmp_path / "demo-sections.json"
    dumped.write_text(json.dumps({"data": rows}))
    mapping = tmp_path / "columns.json"
    mapping.write_text(json.dumps({**json.loads(DEMO_COLUMNS.read_text()), "records": "data"}))
    common[1] = str(mapping)
    # when
    report = json.loads(run("import_catalog", str(dumped), "--format", "sections-json", *common))
    # then
    assert report["sections_seen"] == 6 and report["changes"] == [] and report["rejected"] == []
    assert selectors.catalog_records(term=Term.objects.get(code="2026-fall")).courses == before.courses


def test_a_sections_json_file_needs_an_institution_code_and_its_mapping_is_its_own(tmp_path):
    # given
    _, dumped, mapping = demo_dumped(tmp_path)
    # when / then
    with pytest.raises(CommandError, match="a sections-json file does not say which institution it lists"):
        run("import_catalog", str(dumped), "--format", "sections-json", "--columns", str(mapping))
    with pytest.raises(CommandError, match="'records' is not a canonical column name"):
        run("import_catalog", str(dumped), "--format", "sections-csv", "--columns", str(mapping), "--institution", "d")


def test_a_mapping_path_no_record_has_fails_the_run_naming_the_path_and_the_first_records_keys(tmp_path):
    # given
    _, dumped, mapping = demo_dumped(tmp_path)
    mapping.write_text(json.dumps({**BANNER9_MAPPING, "start": "meetingTime.begin"}))
    # when
    with pytest.raises(CommandError) as failed:
        run("import_catalog", str(dumped), "--format", "sections-json", "--columns", str(mapping), "--institution", "d")
    # then
    message = str(failed.value)
    assert "$.data.sections[0]: " in message and "names the path 'meetingTime.begin', which no record" in message
    assert "the first record ($.data.sections[0]) has courseReferenceNumber, subject" in message


def test_an_admin_upload_of_a_banner_9_dump_with_a_pasted_mapping_shows_the_dry_run_then_applies_it(
    staff_client,  # noqa: F811
    tmp_path,
):
    # given
    _, dumped, _ = demo_dumped(tmp_path)
    held = Section.objects.count()
    fields = {
        "file": SimpleUploadedFile("fall.json", dumped.read_bytes()),
        "format": "sections-json",
        "institution": "demo-json",
        "term": "2026-fall",
        "columns_text": json.dumps(BANNER9_MAPPING),
    }
    # when
    response = staff_client.post(reverse("admin:catalog_importrun_upload"), fields)
    preview = staff_client.get(response["Location"]).content.decode()
    written_by_the_preview = Section.objects.count()
    applied = staff_client.post(response["Location"])
    # then
    assert response.status_code == 302 and applied.status_code == 302
    assert "DRY RUN" in preview and "Sections in file: 58 = 58 imported" in preview
    assert "data.sections as records" in preview and "courseReferenceNumber as registrar_id" in preview
    assert written_by_the_preview == held and Section.objects.count() == held + 58
    run_applied = ImportRun.objects.get(status=ImportRun.Status.APPLIED, format="sections-json")
    assert run_applied.format == "sections-json" and run_applied.column_mapping["name"] == "the pasted column mapping"


def test_an_admin_upload_refuses_a_sections_csv_mapping_key_for_json_and_json_without_institution(
    staff_client,  # noqa: F811
):
    # given
    fields = {"file": SimpleUploadedFile("fall.json", b"[]"), "format": "sections-json", "term": "2026-fall"}
    # when
    response = staff_client.post(reverse("admin:catalog_importrun_upload"), {**fields, "columns_text": '{"rcords": 1}'})
    # then
    page = response.content.decode()
    assert response.status_code == 200 and "A sections-json file does not name its institution" in page
    assert "did you mean &#x27;records&#x27;?" in page and ImportRun.objects.count() == 0


def test_the_real_uva_catalog_imported_back_from_a_banner_9_dump_changes_nothing(uva_csv_path):
    # given: the UVA Fall 2025 catalog imported by its own adapter, then written as Banner 9's API gives it
    data = uva_csv_path.read_bytes()
    services.catalog_import_file(data=data, name=uva_csv_path.name, format="uva-csv")
    dump = banner9_dump(uva_csv.parse_bytes(data, name=uva_csv_path.name))
    # when
    _, report = services.catalog_import_file(
        data=dump,
        name="uva 2025 fall.json",
        format="sections-json",
        institution_code="uva",
        term_code="2025-fall",
        column_mapping={"name": "banner9.json", "columns": BANNER9_MAPPING},
    )
    # then: the same sections and meetings
    assert [
        (k, c) for k, c in report.counts.items() if (c.created, c.updated, c.withdrawn, c.deleted) != (0, 0, 0, 0)
    ] == []
    assert report.sections_seen == report.sections_imported == 8690
    assert all((c.created, c.updated, c.withdrawn, c.deleted) == (0, 0, 0, 0) for c in report.counts.values())
    assert report.counts["section"].unchanged == 8690 and Section.objects.count() == 8690


def test_the_leading_zeros_warning_is_at_the_json_path_of_the_section_field(tmp_path):
    # given: a Banner 9 dump whose third section's sequenceNumber is the JSON number 3 (its zeros lost)
    def record(crn: str, sequence: object) -> dict:
        days = {day: day == "monday" for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday")}
        meeting = {"meetingTime": {**days, "sunday": False, "beginTime": "0900", "endTime": "0950"}}
        return {
            "courseReferenceNumber": crn,
            "subject": "CS",
            "courseNumber": "2100",
            "courseTitle": "Data Structures",
            "scheduleTypeCode": "Lecture",
            "sequenceNumber": sequence,
            "meetingsFaculty": [meeting],
        }

    dumped, mapping = tmp_path / "fall.json", tmp_path / "banner9.json"
    sections = [record("10001", "001"), record("10002", "002"), record("10003", 3)]
    dumped.write_text(json.dumps({"data": {"sections": sections}}))
    mapping.write_text(json.dumps({key: BANNER9_MAPPING[key] for key in ("records", "meetings", "days")} | {
        "registrar_id": "courseReferenceNumber", "number": "courseNumber", "title": "courseTitle",
        "component": "scheduleTypeCode", "section": "sequenceNumber", "start": "meetingTime.beginTime",
        "end": "meetingTime.endTime",
    }))  # fmt: skip
    # when
    report = json.loads(
        run(
            "import_catalog",
            str(dumped),
            "--format",
            "sections-json",
            "--columns",
            str(mapping),
            "--institution",
            "wahoo",
            "--term",
            "2025-fall",
            "--json",
        )  # fmt: skip
    )
    # then: at its sequenceNumber, not at the record's meeting
    (zeros,) = [w for w in report["warnings"] if "got their leading zeros back" in w["message"]]
    assert (zeros["location"], zeros["field"], zeros["value"]) == ("$.data.sections[2].sequenceNumber", "section", "3")
    assert Section.objects.get(registrar_id="10003").code == "003"
