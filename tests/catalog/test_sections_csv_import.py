"""A spreadsheet of sections (`sections-csv`) imported end to end: the commands with a column
mapping, the export and its round trip, the admin's upload (dry run, apply) with a mapping, and
the background worker carrying the mapping from the dry run to the apply."""

import csv
import json
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from catalog import selectors, services
from catalog.models import ImportRun, Institution, Section, Term
from tests.conftest import DEMO_CATALOG, REPO

pytestmark = pytest.mark.django_db

DEMO_SECTIONS = REPO / "catalog" / "demo" / "demo-sections.csv"
DEMO_COLUMNS = REPO / "catalog" / "demo" / "demo-sections.columns.json"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def import_demo_sections(*more: str) -> str:
    return run(
        "import_catalog",
        str(DEMO_SECTIONS),
        "--format",
        "sections-csv",
        "--columns",
        str(DEMO_COLUMNS),
        "--institution",
        "demo-u",
        "--term",
        "2026-fall",
        *more,
    )


def test_import_catalog_reads_a_spreadsheet_of_sections_through_its_column_mapping():
    # when
    report = json.loads(import_demo_sections("--json"))
    # then
    assert report["sections_seen"] == report["sections_imported"] == 6 and report["rejected"] == []
    lab = Section.objects.select_related("parent", "component__course").get(registrar_id="71002")
    assert (lab.component.course.subject, lab.component.course.number, lab.parent.registrar_id) == (
        "BIOL",
        "1010",
        "71001",
    )
    term = Term.objects.get(code="2026-fall")
    assert term.institution.code == "demo-u"
    assert any("read under another name: Credit Hours as credits" in w["message"] for w in report["warnings"])
    assert any("institution 'demo-u' is new" in w["message"] for w in report["warnings"])


def test_a_spreadsheet_of_sections_without_term_says_its_code_was_taken_from_the_file_name(tmp_path):
    # given: a file whose name implies no season
    exported = tmp_path / "uva export v2.csv"
    exported.write_bytes(DEMO_SECTIONS.read_bytes())
    args = ["import_catalog", str(exported), "--format", "sections-csv", "--columns", str(DEMO_COLUMNS)]
    # when
    report = json.loads(run(*args, "--institution", "demo-u", "--json"))
    # then
    assert Term.objects.get().code == "uva export v2"
    messages = [w["reason"] for w in report["warnings"]]
    assert any(m.startswith("term code taken from the file name: 'uva export v2'") for m in messages)
    assert any("give the term's code with --term" in m for m in messages)


def test_a_spreadsheet_of_sections_filed_with_term_has_no_note_of_the_file_name():
    report = json.loads(import_demo_sections("--json"))

    assert not any("taken from the file name" in w["message"] for w in report["warnings"])


def test_a_file_name_that_cannot_be_a_term_code_is_refused_asking_for_term(tmp_path):
    # given: `..csv`, whose stem is `.`, which URLs fold away
    exported = tmp_path / "..csv"
    exported.write_bytes(DEMO_SECTIONS.read_bytes())
    args = ["import_catalog", str(exported), "--format", "sections-csv", "--columns", str(DEMO_COLUMNS)]
    # when
    with pytest.raises(CommandError) as refused:
        run(*args, "--institution", "demo-u")
    # then
    assert "term code '.' cannot be used" in str(refused.value)
    assert "It was taken from the file name" in str(refused.value) and "--term" in str(refused.value)
    assert Term.objects.count() == 0


def test_import_catalog_dry_run_of_a_spreadsheet_of_sections_writes_nothing():
    output = import_demo_sections("--dry-run")

    assert "DRY RUN" in output
    assert Section.objects.count() == 0 and ImportRun.objects.get().column_mapping["name"] == str(DEMO_COLUMNS)


def test_a_spreadsheet_of_sections_needs_an_institution_code():
    with pytest.raises(
        CommandError,
        match="a sections-csv file does not say which institution it lists: give its code with --institution",
    ):
        run("import_catalog", str(DEMO_SECTIONS), "--format", "sections-csv", "--columns", str(DEMO_COLUMNS))

    assert Term.objects.count() == 0


def test_a_mapping_naming_a_header_the_file_lacks_fails_naming_the_mapping_file_and_key(tmp_path):
    # given
    mapping = tmp_path / "banner.json"
    mapping.write_text(json.dumps({**json.loads(DEMO_COLUMNS.read_text()), "title": "Course Long Title"}))
    # when
    with pytest.raises(CommandError) as error:
        run(
            "import_catalog",
            str(DEMO_SECTIONS),
            "--format",
            "sections-csv",
            "--columns",
            str(mapping),
            "--institution",
            "x",
        )
    # then
    assert f"{mapping}: key 'title' names the header 'Course Long Title', which {DEMO_SECTIONS} lacks" in str(
        error.value
    )
    assert Term.objects.count() == 0


def test_without_its_mapping_the_demo_file_is_refused_naming_what_to_map():
    with pytest.raises(CommandError) as error:
        run("import_catalog", str(DEMO_SECTIONS), "--format", "sections-csv", "--institution", "demo-u")

    message = str(error.value)
    assert "missing required column(s) subject, number, title;" in message
    assert "found Dept Code, Course #, Class Descr" in message and "--columns mapping.json" in message


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("--format", "uva-csv", "--columns", str(DEMO_COLUMNS)),
            "a column mapping is for --format sections-csv or sections-json, not uva-csv",
        ),
        (
            ("--format", "sections-csv", "--columns", "/nonexistent/m.json"),
            "--columns /nonexistent/m.json: cannot read",
        ),
    ],
)
def test_import_catalog_refuses_a_column_mapping_it_cannot_use(args, expected):
    with pytest.raises(CommandError, match=expected):
        run("import_catalog", str(DEMO_SECTIONS), *args)


def test_a_term_exported_as_sections_csv_imports_back_changing_nothing(tmp_path):
    # given
    run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")
    term = Term.objects.get(code="2026-fall")
    before = selectors.catalog_records(term=term)
    exported = tmp_path / "demo 2026-fall.csv"
    run("export_catalog", "--term", "2026-fall", "--format", "sections-csv", "--output", str(exported))
    # when
    report = json.loads(
        run(
            "import_catalog",
            str(exported),
            "--format",
            "sections-csv",
            "--institution",
            "demo",
            "--term",
            "2026-fall",
            "--json",
        )
    )
    # then
    assert report["sections_seen"] == 58 and report["rejected"] == [] and report["changes"] == []
    after = selectors.catalog_records(term=selectors.term_get(code="2026-fall", institution="demo"))
    assert after.courses == before.courses
    assert after.term == before.term and len(after.term.holidays) == 4  # the file names no holidays: kept


def test_export_catalog_names_the_columns_through_a_mapping(tmp_path):
    # given
    run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")
    mapping = tmp_path / "m.json"
    mapping.write_text('{"registrar_id": "CRN", "number": "Crse Nbr"}')
    # when
    output = run("export_catalog", "--term", "2026-fall", "--format", "sections-csv", "--columns", str(mapping))
    # then
    header, *rows = csv.reader(StringIO(output))
    assert header[:4] == ["subject", "Crse Nbr", "title", "credits"] and "registrar_id" not in header
    assert header[header.index("CRN") + 1] == "parent_id"  # the mapped name in the canonical column's place
    records = selectors.catalog_records(term=Term.objects.get())
    assert len(rows) == sum(max(1, len(s.meetings)) for c in records.courses for s in c.sections)  # a row a meeting


def test_export_catalog_refuses_a_mapping_for_canonical_json(tmp_path):
    run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")

    with pytest.raises(CommandError, match="a column mapping is for --format sections-csv"):
        run("export_catalog", "--term", "2026-fall", "--columns", str(DEMO_COLUMNS))


@pytest.fixture
def staff_client(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the admin's runs are done in the request here
    client.force_login(User.objects.create_superuser("registrar", "r@example.edu", "pw-registrar-1"))
    return client


def upload(client, **fields):
    data = {
        "file": SimpleUploadedFile("demo-sections.csv", DEMO_SECTIONS.read_bytes()),
        "format": "sections-csv",
        "institution": "demo-u",
        "term": "2026-fall",
        **fields,
    }
    return client.post(reverse("admin:catalog_importrun_upload"), data)


def test_an_admin_upload_with_a_mapping_file_shows_the_dry_run_then_applies_it(staff_client):
    # given
    mapping = SimpleUploadedFile("banner-columns.json", DEMO_COLUMNS.read_bytes())
    # when
    response = upload(staff_client, columns=mapping)
    preview = staff_client.get(response["Location"]).content.decode()
    written_by_the_preview = Section.objects.count()
    applied = staff_client.post(response["Location"])
    # then
    assert response.status_code == 302 and applied.status_code == 302
    assert "DRY RUN" in preview and "Sections in file: 6 = 6 imported" in preview
    assert "Read through the column mapping banner-columns.json: " in preview  # in any order (PostgreSQL's jsonb)
    assert "Dept Code as subject" in preview and "Course # as number" in preview
    assert written_by_the_preview == 0
    assert Section.objects.count() == 6 and Section.objects.get(registrar_id="71003").parent.code == "100"
    assert ImportRun.objects.get(status=ImportRun.Status.APPLIED).column_mapping["name"] == "banner-columns.json"


def test_an_admin_upload_takes_a_pasted_mapping(staff_client):
    # when
    response = upload(staff_client, columns_text=DEMO_COLUMNS.read_text())
    preview = staff_client.get(response["Location"]).content.decode()
    # then
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DRY_RUN and run.report["sections_imported"] == 6
    assert "Read through the pasted column mapping: " in preview and "Dept Code as subject" in preview
    assert "the column mapping the pasted" not in preview


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"columns_text": '{"nmber": "Course #"}'},
            "key &#x27;nmber&#x27;: &#x27;nmber&#x27; is not a canonical column name",
        ),
        (
            {"columns_text": "{}", "format": "uva-csv"},
            "A column mapping is for the sections-csv and sections-json formats only.",
        ),
        ({"institution": ""}, "A sections-csv file does not name its institution: give its code."),
        ({}, "missing required column(s) subject, number, title"),
    ],
)
def test_an_admin_upload_it_cannot_read_says_why_on_the_form(staff_client, fields, expected):
    response = upload(staff_client, **fields)

    assert response.status_code == 200
    assert expected in response.content.decode()
    assert Section.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_background_worker_reads_the_dry_run_and_its_apply_with_the_uploads_mapping(client, sent):
    # given: a broker that holds the messages, and an upload with a mapping
    client.force_login(User.objects.create_superuser("registrar", "r@example.edu", "pw-registrar-1"))
    mapping = SimpleUploadedFile("banner-columns.json", DEMO_COLUMNS.read_bytes())
    page = upload(client, columns=mapping)["Location"]
    preview = ImportRun.objects.get(pk=int(page.split("/")[-3]))
    # when: the worker does the dry run, the admin applies it, the worker does the apply
    assert services.import_run_execute(run_id=sent[-1])
    apply_page = client.post(page)["Location"]
    assert services.import_run_execute(run_id=sent[-1])
    # then
    applied = ImportRun.objects.get(pk=int(apply_page.split("/")[-3]))
    assert applied.preview == preview and applied.status == ImportRun.Status.APPLIED
    assert (
        applied.column_mapping
        == preview.column_mapping
        == {"name": "banner-columns.json", "columns": json.loads(DEMO_COLUMNS.read_text())}
    )
    assert Section.objects.count() == 6 and Institution.objects.get().code == "demo-u"


def test_section_codes_a_spreadsheet_shortened_get_their_leading_zeros_back(tmp_path):
    # given: Excel saved 001 as 1 beside 002
    sheet = tmp_path / "2026_fall.csv"
    sheet.write_text(
        "subject,number,title,component,section,registrar_id\r\nCS,1110,Intro,LEC,1,40001\r\nCS,1110,Intro,LEC,002,40002\r\n"
    )
    # when
    report = json.loads(run("import_catalog", str(sheet), "--format", "sections-csv", "--institution", "u", "--json"))
    # then
    assert sorted(Section.objects.values_list("code", flat=True)) == ["001", "002"]
    (padded,) = [w for w in report["warnings"] if "got their leading zeros back" in w["message"]]
    assert (padded["field"], padded["value"]) == ("section", "1")


def test_a_long_warning_is_cut_in_the_reports_summary_where_a_word_ends_and_says_so(staff_client):
    # given: the demo export reads eleven columns under other names, one warning listing them all
    run_page = upload(staff_client, columns_text=DEMO_COLUMNS.read_text())["Location"]
    # when
    page = staff_client.get(run_page).content.decode()
    # then: the summary line ends on a whole word of the warning and "…", not inside a column's name
    import re

    summary = next(line for line in page.splitlines() if "× 11 column(s) read under another name" in line)
    cut = re.sub(r"<[^>]*>", "", summary.split("× ", 1)[1])  # a list item of the report
    whole = re.findall(r"11 column\(s\) read under another name: [^;…]*;", page)[-1]  # the warning itself
    assert cut.endswith("…") and len(cut) <= 100
    assert whole.startswith(cut[:-1]) and whole[len(cut) - 1] in " ,"


def test_a_file_named_after_the_example_term_code_is_not_offered_that_code_as_another(tmp_path):
    # given: a file named 2025-fall.csv, filed without --term
    exported = tmp_path / "2025-fall.csv"
    exported.write_bytes(DEMO_SECTIONS.read_bytes())
    args = ["import_catalog", str(exported), "--format", "sections-csv", "--columns", str(DEMO_COLUMNS)]
    # when
    report = json.loads(run(*args, "--institution", "demo-u", "--json"))
    # then: it says where the code came from, and offers no "such as '2025-fall'" for another
    (reason,) = [w["reason"] for w in report["warnings"] if "taken from the file name" in w["reason"]]
    assert reason.startswith("term code taken from the file name: '2025-fall'")
    assert reason.endswith("to file the sections under another")


def test_a_term_exported_with_banners_day_flag_columns_and_status_codes_imports_back_through_the_mapping(tmp_path):
    # given: a Banner mapping, one column a weekday and SSTS's own codes
    run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")
    before = selectors.catalog_records(term=Term.objects.get(code="2026-fall"))
    mapping = tmp_path / "banner.columns.json"
    mapping.write_text(
        json.dumps(
            {"registrar_id": "CRN", "days": ["M", "T", "W", "R", "F", "S", "U"],
             "status": {"column": "SSTS", "values": {"A": "open", "Z": "cancelled"}}}
        )
    )  # fmt: skip
    exported = tmp_path / "banner 2026-fall.csv"
    run("export_catalog", "--term", "2026-fall", "--format", "sections-csv", "--columns", str(mapping),
        "--output", str(exported))  # fmt: skip
    # when
    report = json.loads(
        run("import_catalog", str(exported), "--format", "sections-csv", "--columns", str(mapping), "--institution",
            "demo", "--term", "2026-fall", "--json")
    )  # fmt: skip
    # then
    header = exported.read_text().splitlines()[0].split(",")
    assert header[header.index("M") : header.index("M") + 7] == ["M", "T", "W", "R", "F", "S", "U"]
    assert report["sections_seen"] == 58 and report["rejected"] == [] and report["changes"] == []
    after = selectors.catalog_records(term=selectors.term_get(code="2026-fall", institution="demo"))
    assert after.courses == before.courses
    assert ImportRun.objects.latest("pk").column_mapping["columns"]["days"][0] == "M"


def test_an_admin_upload_of_a_banner_file_reads_its_day_flags_and_status_codes_through_a_pasted_mapping(staff_client):
    # given: Banner's SWRSECT layout, one column a weekday, and a status code only the mapping knows
    banner = (
        "CRN,SUBJ,CRSE,SEQ,SCHD,TITLE,M,T,W,R,F,S,U,BEGIN,END,SSTS\r\n"
        "10003,AAS,1010,100,LEC,Intro,,T,,R,,,,1230,1345,A\r\n"
        "12774,AAS,1010,101,DIS,Intro,M,,W,,,,,0900,0950,Z\r\n"
    )
    mapping = {"section": "SEQ", "component": "SCHD", "days": ["M", "T", "W", "R", "F", "S", "U"],
               "status": {"column": "SSTS", "values": {"Z": "cancelled"}}}  # fmt: skip
    file = SimpleUploadedFile("banner_2026_fall.csv", banner.encode())
    # when
    response = upload(staff_client, file=file, columns_text=json.dumps(mapping))
    preview = staff_client.get(response["Location"])
    staff_client.post(response["Location"])
    # then
    assert response.status_code == 302 and preview.status_code == 200
    assert ImportRun.objects.get(status=ImportRun.Status.APPLIED).column_mapping["columns"] == mapping
    lecture, discussion = Section.objects.order_by("registrar_id").prefetch_related("meetings")
    assert [(m.days, m.start_time.hour) for m in lecture.meetings.all()] == [(0b1010, 12)]  # Tuesday, Thursday
    assert [(m.days, m.start_time.hour) for m in discussion.meetings.all()] == [(0b101, 9)]  # Monday, Wednesday
    assert (lecture.status, discussion.status) == ("open", "cancelled")
    # and the preview says the mapping in words, not as Python's text of a list
    page = preview.content.decode()
    assert "M, T, W, R, F, S, U as days (one column a weekday, Monday first)" in page
    assert "SSTS as status, Z as cancelled" in page and "[&#x27;M&#x27;" not in page
