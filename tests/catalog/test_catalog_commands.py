import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command, load_command_class

from catalog.models import Section, Term
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_catalog_prints_the_change_report():
    output = run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")

    assert "section" in output and "58" in output
    assert Section.objects.count() == 58


def test_import_catalog_dry_run_writes_nothing():
    output = run("import_catalog", str(DEMO_CATALOG), "--format", "canonical", "--dry-run")

    assert "DRY RUN" in output
    assert Section.objects.count() == 0


def test_import_catalog_json_report_accounts_for_every_section():
    report = json.loads(run("import_catalog", str(DEMO_CATALOG), "--format", "canonical", "--json"))

    assert report["sections_seen"] == report["sections_imported"] + len(report["rejected"]) == 58


def test_import_catalog_fails_with_the_file_and_line_for_broken_json(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "classtime-catalog",\n "version": 1,\n')

    with pytest.raises(CommandError, match=r"broken.json: line 3"):
        run("import_catalog", str(bad), "--format", "canonical")

    assert Term.objects.count() == 0


def test_import_catalog_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run("import_catalog", str(tmp_path / "nope.json"), "--format", "canonical")


def test_import_catalog_says_when_it_was_given_a_folder(tmp_path):
    with pytest.raises(CommandError, match="is a folder; give the catalog file inside it"):
        run("import_catalog", str(tmp_path), "--format", "canonical")

    assert Term.objects.count() == 0


def test_import_catalog_refuses_a_file_over_the_limit(tmp_path, settings):
    settings.CLASSTIME_MAX_IMPORT_BYTES = 100

    with pytest.raises(CommandError, match="the limit is 100 bytes"):
        run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")


def test_export_catalog_writes_what_import_reads_back_unchanged(tmp_path):
    # given
    run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")
    out = tmp_path / "export.json"
    # when
    call_command("export_catalog", "--term", "2026-fall", "--output", str(out), stderr=None)
    report = json.loads(run("import_catalog", str(out), "--format", "canonical", "--json"))
    # then
    assert all(c["created"] == c["updated"] == c["withdrawn"] == 0 for c in report["counts"].values())


def test_export_catalog_names_an_unknown_term():
    with pytest.raises(CommandError, match="no term 'nope'"):
        run("export_catalog", "--term", "nope")


@pytest.mark.parametrize(
    ("where", "reason"), [("missing/export.json", "No such file or directory"), (".", "Is a directory")]
)
def test_export_catalog_names_an_output_it_cannot_write(tmp_path, where, reason):
    # given
    run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")
    output = tmp_path / where
    # then: a one-line error naming the path, not a traceback
    with pytest.raises(CommandError, match=re.escape(f"--output {output}: cannot write: {reason}")):
        run("export_catalog", "--term", "2026-fall", "--output", str(output))


def test_the_report_summarises_reasons_whole_even_when_they_hold_times_and_colons(tmp_path):
    # given: a placeholder meeting (quarantined) and a bad course code (rejected)
    csv = tmp_path / "2025_fall.csv"
    csv.write_text(
        "ClassNumber,Mnemonic,Number,Section,Type,Days1,Title\n"
        "10001,CS,1110,001,Lecture,Mo 12:00am - 12:00am,Programming\n"
        "10002,CS,X110,001,Lecture,Mo 1:00pm - 1:50pm,Programming\n"
    )
    # when
    output = run("import_catalog", str(csv), "--format", "uva-csv")
    report = json.loads(run("import_catalog", str(csv), "--format", "uva-csv", "--json"))
    # then
    assert "1 × placeholder meeting 12:00am - 12:00am; the slot was dropped" in output
    assert "1 × not a course code: expected a Mnemonic" in output
    assert report["quarantine_reasons"] == {"placeholder meeting 12:00am - 12:00am; the slot was dropped": 1}


def test_a_long_report_points_to_the_json_option_for_the_problems_it_leaves_out(tmp_path):
    # given: 25 sections whose units are unreadable, 5 more warnings than the report lists
    row = "{},CS,1110,{:03},Lecture,{} points,MoWe 1:00pm - 1:50pm,Rice Hall 130,Programming"
    rows = [row.format(10000 + i, i, i) for i in range(25)]
    catalog = tmp_path / "2025_fall.csv"
    catalog.write_text("ClassNumber,Mnemonic,Number,Section,Type,Units,Days1,Room1,Title\n" + "\n".join(rows) + "\n")
    # when
    output = run("import_catalog", str(catalog), "--format", "uva-csv", "--dry-run")
    # then
    assert "Warnings (25):" in output
    assert "... and 5 more (see --json)" in output


def test_import_catalog_names_the_course_of_a_section_it_withdraws(tmp_path):
    # given: the demo catalog imported, then a copy without CS 1110 lab 40004
    run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")
    catalog = json.loads(DEMO_CATALOG.read_text())
    labs = catalog["courses"][0]["components"][1]
    labs["sections"] = [s for s in labs["sections"] if s["id"] != "40004"]
    smaller = tmp_path / "demo-without-40004.json"
    smaller.write_text(json.dumps(catalog))
    # when
    text = run("import_catalog", str(smaller), "--format", "canonical", "--dry-run")
    report = json.loads(run("import_catalog", str(smaller), "--format", "canonical", "--json"))
    # then
    assert "[40004] CS 1110: withdrawn" in text
    assert report["changes"] == [{"registrar_id": "40004", "course": "CS 1110", "fields": ["withdrawn"]}]


def test_a_file_listing_a_sections_meetings_in_another_order_says_nothing_changed(tmp_path):
    # given: CHEM 1410 lecture 40011's two exams swapped, lecture 40010's weekly class listed last
    run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")
    data = json.loads(DEMO_CATALOG.read_text())
    sections = {s["id"]: s for c in data["courses"] for comp in c["components"] for s in comp["sections"]}
    weekly, first_exam, second_exam = sections["40011"]["meetings"]
    sections["40011"]["meetings"] = [weekly, second_exam, first_exam]
    sections["40010"]["meetings"] = sections["40010"]["meetings"][1:] + sections["40010"]["meetings"][:1]
    reordered = tmp_path / "reordered.json"
    reordered.write_text(json.dumps(data))
    # when
    preview = run("import_catalog", str(reordered), "--format", "canonical", "--dry-run")
    applied = run("import_catalog", str(reordered), "--format", "canonical")
    # then
    assert "Sections changed" not in preview and "[40011]" not in preview
    assert preview.splitlines()[-1] == (
        "Nothing would change: every row already matches the file; catalog version would stay 1."
    )
    assert applied.splitlines()[-1].startswith("Nothing changed: every row already matches the file;")
    assert Term.objects.get().catalog_version == 1


def test_importing_the_same_file_again_says_nothing_changed():
    # given
    run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")
    # when
    preview = run("import_catalog", str(DEMO_CATALOG), "--format", "canonical", "--dry-run")
    again = run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")
    # then
    assert (
        preview.splitlines()[-1]
        == "Nothing would change: every row already matches the file; catalog version would stay 1."
    )
    assert again.splitlines()[-1].startswith(
        "Nothing changed: every row already matches the file; catalog version stays 1 ("
    )
    assert "changes were applied" not in again and "Sections changed" not in again
    assert Term.objects.get().catalog_version == 1


def test_a_refused_import_prints_what_applying_would_have_done_before_its_refusal(tmp_path):
    # given: the demo term, and an extract of it holding CS 1110 alone
    run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")
    document = json.loads(DEMO_CATALOG.read_text())
    document["courses"] = [c for c in document["courses"] if (c["subject"], c["number"]) == ("CS", "1110")]
    extract = tmp_path / "2026_fall.json"
    extract.write_text(json.dumps(document))
    out, as_json = StringIO(), StringIO()
    # when
    with pytest.raises(CommandError) as refused:
        call_command("import_catalog", str(extract), "--format", "canonical", stdout=out)
    with pytest.raises(CommandError):
        call_command("import_catalog", str(extract), "--format", "canonical", "--json", stdout=as_json)
    # then: the report of a dry run, its guard's warning first and every withdrawal listed, then the refusal
    text = out.getvalue()
    assert "— DRY RUN, nothing written" in text
    assert re.search(r"section\s+0\s+0\s+9\s+49", text), text
    assert "Check first:\n  ! the file leaves out 49 of the term's 58 listed sections" in text
    assert "Applying it needs --allow-withdrawals" in text
    assert "Nothing was written" in str(refused.value)
    report = json.loads(as_json.getvalue())
    assert report["dry_run"] is True and report["counts"]["section"]["withdrawn"] == 49
    assert Section.objects.filter(withdrawn_at__isnull=True).count() == 58


def test_import_catalog_refuses_a_partial_file_unless_withdrawals_are_allowed(tmp_path):
    # given: the demo term, and an extract of it holding CS 1110 alone
    run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")
    document = json.loads(DEMO_CATALOG.read_text())
    document["courses"] = [c for c in document["courses"] if (c["subject"], c["number"]) == ("CS", "1110")]
    extract = tmp_path / "2026_fall.json"
    extract.write_text(json.dumps(document))
    # when
    with pytest.raises(CommandError) as refused:
        run("import_catalog", str(extract), "--format", "canonical")
    output = run("import_catalog", str(extract), "--format", "canonical", "--allow-withdrawals")
    # then
    assert "leaves out 49 of the term's 58 listed sections" in str(refused.value)
    assert re.search(r"section\s+0\s+0\s+9\s+49", output), output
    assert Section.objects.filter(withdrawn_at__isnull=True).count() == 9


UVA_HEADER = "ClassNumber,Mnemonic,Number,Section,Type,Units,Instructor1,Days1,Room1,MeetingDates1,Title"


def test_import_catalog_reads_a_windows_1252_csv_and_warns_which_line_to_check(tmp_path):
    # given: what Excel on Windows saves as "CSV"
    path = tmp_path / "2025_fall.csv"
    rows = [
        "10001,SPAN,2010,001,Lecture,3,Jos\u00e9 Mart\u00ed,MoWe 1:00pm - 1:50pm,New Cabell Hall 338,"
        "08/26/2025 - 12/09/2025,Espa\u00f1ol intermedio"
    ]
    path.write_bytes(("\r\n".join([UVA_HEADER, *rows]) + "\r\n").encode("cp1252"))
    # when
    output = run("import_catalog", str(path), "--format", "uva-csv")
    # then
    section = Section.objects.select_related("component__course").get()
    assert section.instructors == ["Jos\u00e9 Mart\u00ed"]
    assert section.component.course.title == "Espa\u00f1ol intermedio"
    assert "line 2, value '10001,SPAN,2010,001,Lecture,3,Jos\u00e9 Mart\u00ed" in output
    assert "the file is not UTF-8; it was read as Windows-1252" in output


def test_import_catalog_help_says_what_each_format_is_and_where_its_columns_are_described():
    # given
    parser = load_command_class("catalog", "import_catalog").create_parser("manage.py", "import_catalog")
    # when
    text = " ".join(parser.format_help().split())
    # then
    assert "uva-csv (a University of Virginia course listing CSV" in text
    assert "gatech-json (gt-scheduler crawler JSON)" in text and "docs/sources.md" in text
    assert "2025_fall.csv → 2025-fall" in text


@pytest.mark.parametrize(
    "option, known, alike",
    [
        (("--institution", "DEMO"), "--institution demo", "differs from it only in case"),
        (("--institution", "other"), "--institution demo", "is named 'Classtime Demo University' too"),
        (("--term", "2026-FALL"), "--term 2026-fall", "differs from it only in case"),
        (("--term", "2026-fal"), "--term 2026-fall", "is named 'Fall 2026' too"),
    ],
)
@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)])
def test_a_mistyped_code_that_would_copy_a_term_or_institution_is_refused_naming_the_one_meant(
    option, known, alike, dry_run
):
    # given the demo catalog
    run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")

    # when it is imported again under a code that differs only in case, or names a new copy of it
    with pytest.raises(CommandError) as refused:
        run("import_catalog", str(DEMO_CATALOG), "--format", "canonical", *option, *dry_run)

    # then the import is refused, naming the code meant, and nothing was written
    assert alike in str(refused.value) and known in str(refused.value)
    assert "nothing was written" in str(refused.value)
    assert list(Term.objects.values_list("institution__code", "code")) == [("demo", "2026-fall")]


def test_a_new_term_with_a_name_of_its_own_is_imported_beside_the_others(tmp_path):
    # given the demo catalog, and a copy of it for the next term, named as such
    run("import_catalog", str(DEMO_CATALOG), "--format", "canonical")
    spring = json.loads(DEMO_CATALOG.read_text())
    spring["term"].update(code="2027-spring", name="Spring 2027")
    (tmp_path / "spring.json").write_text(json.dumps(spring))

    # when it is imported
    run("import_catalog", str(tmp_path / "spring.json"), "--format", "canonical")

    # then both terms are in the catalog
    assert sorted(Term.objects.values_list("code", "name")) == [
        ("2026-fall", "Fall 2026"),
        ("2027-spring", "Spring 2027"),
    ]
