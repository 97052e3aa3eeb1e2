"""A term's first import whose days and times the adapter did not find at all (the header has no
column, or the records no key, it reads them from) is refused unless `--allow-mass-untimed` (the
admin's box): every section would be published with no set time. uva-csv's case is in
test_import_guard_untimed.py; here sections-csv, sections-json, the admin and the real UVA file."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from catalog import services
from catalog.models import ImportRun, Section, Term

pytestmark = pytest.mark.django_db

SCHEDULE = "MW 1:00 PM - 1:50 PM"


def rows(sections: int = 30) -> list[dict[str, str]]:
    """`sections` lectures whose days and time sit under `schedule`, a name no format reads."""
    return [
        {
            "registrar_id": str(40000 + i),
            "subject": "CS",
            "number": str(1000 + i),
            "title": f"Course {i}",
            "component": "LEC",
            "section": "001",
            "schedule": SCHEDULE,
        }
        for i in range(sections)
    ]


def csv_file(sections: int = 30) -> bytes:
    header = list(rows(1)[0])
    lines = [",".join(header), *(",".join(r[h] for h in header) for r in rows(sections))]
    return ("\n".join(lines) + "\n").encode()


def import_file(tmp_path, data: bytes, fmt: str, *args: str, mapping: dict | None = None) -> str:
    path = tmp_path / f"banner_2025_fall.{fmt.split('-')[1]}"
    path.write_bytes(data)
    if mapping is not None:
        (tmp_path / "columns.json").write_text(json.dumps(mapping))
        args = (*args, "--columns", str(tmp_path / "columns.json"))
    out = StringIO()
    call_command("import_catalog", str(path), "--format", fmt, "--institution", "wahoo", *args, stdout=out)
    return out.getvalue()


def timed_sections() -> int:
    return Section.objects.filter(meetings__start_time__isnull=False).distinct().count()


def test_a_sections_csv_file_without_days_or_time_columns_is_refused_naming_what_is_read(tmp_path):
    # when
    with pytest.raises(CommandError) as refused:
        import_file(tmp_path, csv_file(), "sections-csv")
    # then
    message = str(refused.value)
    assert "the term has no sections yet, and 30 of the file's 30 sections (100%) have no timed meeting" in message
    assert "sections-csv reads a meeting's days from the column read as days" in message
    assert "the header has no column read as days (nor day-flag columns, one a weekday) and none read as " in message
    assert "start, end or time (by name, alias or the column mapping): it has registrar_id, subject, " in message
    assert "section, schedule" in message
    assert "--allow-mass-untimed" in message and "Nothing was written" in message
    assert not Term.objects.exists()


def test_a_sections_csv_file_whose_schedule_column_is_mapped_as_days_is_imported_timed(tmp_path):
    # when: the days column holds days with their time, as uva-csv's Days1
    import_file(tmp_path, csv_file(), "sections-csv", mapping={"days": "schedule"})
    # then
    assert timed_sections() == 30


@pytest.mark.parametrize("fmt", ["sections-csv", "sections-json"])
def test_a_mostly_tba_file_whose_days_column_carries_the_times_is_imported(tmp_path, fmt):
    # given: a summer term's file of 26 sections, 25 of them TBA, the one timed written with its
    # time in the days column ('MW 1:00 PM - 1:50 PM'), no time column: its times are read
    sections = rows(26)
    for r in sections[1:]:
        r["schedule"] = "TBA"
    data = [{("days" if k == "schedule" else k): v for k, v in r.items()} for r in sections]
    header = list(data[0])
    text = "\n".join([",".join(header), *(",".join(r[h] for h in header) for r in data)]) + "\n"
    # when
    import_file(tmp_path, text.encode() if fmt == "sections-csv" else json.dumps(data).encode(), fmt)
    # then: imported as before, not refused as a file whose times were not read
    assert Section.objects.count() == 26 and timed_sections() == 1


def test_a_sections_json_file_without_days_or_time_keys_is_refused_naming_its_keys(tmp_path):
    # when
    with pytest.raises(CommandError) as refused:
        import_file(tmp_path, json.dumps(rows()).encode(), "sections-json")
    # then
    message = str(refused.value)
    assert "30 of the file's 30 sections (100%) have no timed meeting" in message
    assert "sections-json reads a meeting's days from the key read as days" in message
    assert "the records have no key read as days" in message and "their keys are registrar_id, subject," in message
    assert not Term.objects.exists()


def test_allowed_a_sections_json_file_without_times_is_imported_untimed(tmp_path):
    # when
    import_file(tmp_path, json.dumps(rows()).encode(), "sections-json", "--allow-mass-untimed")
    # then
    assert Section.objects.count() == 30 and timed_sections() == 0


def test_a_file_of_few_sections_without_times_is_imported(tmp_path):
    # when
    import_file(tmp_path, csv_file(19), "sections-csv")
    # then
    assert Section.objects.count() == 19


def test_the_admin_preview_asks_for_the_untimed_box(staff_client, settings):
    # given
    settings.CELERY_TASK_ALWAYS_EAGER = True
    upload = {
        "file": SimpleUploadedFile("banner_2025_fall.csv", csv_file()),
        "format": "sections-csv",
        "institution": "wahoo",
    }
    preview_url = staff_client.post(reverse("admin:catalog_importrun_upload"), upload)["Location"]
    # when
    page = staff_client.get(preview_url).content.decode()
    refused = staff_client.post(preview_url, follow=True).content.decode()
    between = Section.objects.count()
    staff_client.post(preview_url, {"allow_mass_untimed": "yes"})
    # then
    assert "Check first:" in page and "30 of the file&#x27;s 30 sections (100%) have no timed meeting" in page
    assert 'name="allow_mass_untimed"' in page
    assert "Tick the box to leave those sections without set times" in refused
    assert between == 0 and Section.objects.count() == 30
    assert ImportRun.objects.filter(status=ImportRun.Status.APPLIED, allow_mass_untimed=True).count() == 1


def test_the_real_uva_file_with_days1_renamed_is_refused_on_a_first_import(uva_csv_path):
    # given: UVA's Fall 2025 file as another year's export might write it, Days1 renamed Pattern1
    # (Days2..Days4 are still read: 268 of its sections have a timed meeting in them)
    data = uva_csv_path.read_bytes().replace(b"Days1,", b"Pattern1,", 1)
    # when
    run, report = services.catalog_import_file(data=data, name=uva_csv_path.name, format="uva-csv")
    # then
    assert run.status == ImportRun.Status.REFUSED and Section.objects.count() == 0
    assert "have no timed meeting, which no student can schedule: uva-csv reads" in run.error
    assert "the header has no Days1 column" in run.error and "Pattern1" in run.error
    assert report.warnings[0]["reason"] == services.MASS_UNTIMED
