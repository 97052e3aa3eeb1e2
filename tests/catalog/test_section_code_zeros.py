"""Section codes whose leading zeros a spreadsheet dropped (`001` saved as `1`) get them back
from the rest of their course, in the file or in the term (docs/sources.md)."""

import csv
import io

import pytest

from catalog import selectors, services
from catalog.models import Section, Term
from catalog.sources import canonical, sections_csv

pytestmark = pytest.mark.django_db

HEADER = "ClassNumber,Mnemonic,Number,Section,Type,Units,Days1,Room1,MeetingDates1,Title"


def uva(*sections: tuple[str, str, str, str]) -> bytes:
    """A UVA CSV of (class number, course, section code, type) rows."""
    rows = [
        f"{rid},{course.split()[0]},{course.split()[1]},{code},{kind},3,MoWe 1:00pm - 1:50pm,Rice Hall 130,"
        f"08/26/2025 - 12/09/2025,{course} title"
        for rid, course, code, kind in sections
    ]
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def import_uva(data: bytes, *, fmt: str = "uva-csv", dry_run: bool = False):
    run, report = services.catalog_import_file(data=data, name="2025_fall.csv", format=fmt, dry_run=dry_run)
    assert run.error == ""
    return report


def codes() -> dict[str, str]:
    return dict(Section.objects.values_list("registrar_id", "code"))


def test_a_reimport_whose_codes_lost_their_zeros_changes_no_code_and_says_so_once():
    # given: the term as the registrar's file gave it, then the same file saved by Excel
    import_uva(
        uva(
            ("1", "CS 1110", "001", "Lecture"),
            ("2", "CS 1110", "002", "Lecture"),
            ("3", "CS 1110", "101", "Laboratory"),
        )
    )
    excel = uva(
        ("1", "CS 1110", "1", "Lecture"), ("2", "CS 1110", "2", "Lecture"), ("3", "CS 1110", "101", "Laboratory")
    )
    # when
    report = import_uva(excel)
    # then
    assert codes() == {"1": "001", "2": "002", "3": "101"}
    assert report.changes == [] and not report.changed_anything
    (warning,) = report.warnings
    assert warning["location"] == "line 2" and warning["field"] == "Section" and warning["value"] == "1"
    assert warning["registrar_id"] == "1"
    assert warning["reason"].startswith(
        "2 all-digit section code(s) in 1 course(s) were shorter than the width their course uses and got their "
        "leading zeros back (a spreadsheet drops them), such as CS 1110 '1' → '001': the term's current sections "
        "of its course are 3 digits, zero-padded"
    )


def test_a_code_shorter_than_the_rest_of_its_course_in_the_file_is_padded_in_a_first_import():
    # given: one row of the course retyped in a spreadsheet
    data = uva(("1", "CS 1110", "001", "Lecture"), ("2", "CS 1110", "2", "Lecture"), ("3", "CS 1110", "010", "Lecture"))
    # when
    report = import_uva(data, dry_run=True)
    import_uva(data)
    # then
    assert codes() == {"1": "001", "2": "002", "3": "010"}
    assert "such as CS 1110 '2' → '002': the other codes of its course are 3 digits" in report.warnings[0]["message"]


def test_a_parent_code_is_padded_with_the_code_it_names():
    # given: lecture 0100 with its discussions 0101 and 0102 (hundred blocks), the lecture's zero dropped
    data = uva(
        ("1", "CHEM 1410", "100", "Lecture"),
        ("2", "CHEM 1410", "0101", "Discussion"),
        ("3", "CHEM 1410", "0102", "Discussion"),
    )
    # when
    import_uva(data)
    # then
    lecture = Section.objects.get(registrar_id="1")
    assert lecture.code == "0100"
    assert set(Section.objects.filter(parent=lecture).values_list("code", flat=True)) == {"0101", "0102"}


@pytest.mark.parametrize(
    "sections",
    [
        # no code with a leading zero: nothing shows a width (UVA's LAW sections are 1, 2, ... 12)
        [("1", "LAW 6102", "1", "Lecture"), ("2", "LAW 6102", "2", "Lecture"), ("3", "LAW 6102", "12", "Lecture")],
        # zero-padded to two widths: the course's codes genuinely vary
        [("1", "CS 1110", "01", "Lecture"), ("2", "CS 1110", "001", "Lecture"), ("3", "CS 1110", "1", "Lecture")],
        # a code longer than the zero-padded ones
        [("1", "CS 1110", "001", "Lecture"), ("2", "CS 1110", "1000", "Lecture"), ("3", "CS 1110", "5", "Lecture")],
        # codes that are not all digits
        [("1", "CS 2110", "A1", "Lecture"), ("2", "CS 2110", "A01", "Laboratory"), ("3", "CS 2110", "B", "Lecture")],
    ],
)
def test_codes_whose_course_shows_no_single_width_are_left_as_the_file_gives_them(sections):
    # when
    report = import_uva(uva(*sections))
    # then
    assert codes() == {rid: code for rid, _, code, _ in sections}
    assert report.warnings == []


def test_the_width_of_another_course_is_not_used():
    # given: CS pads to three digits, LAW numbers its sections 1, 2
    data = uva(("1", "CS 1110", "001", "Lecture"), ("2", "LAW 6102", "1", "Lecture"), ("3", "LAW 6102", "2", "Lecture"))
    # when
    report = import_uva(data)
    # then
    assert codes() == {"1": "001", "2": "1", "3": "2"}
    assert report.warnings == []


def test_a_code_like_a1_is_never_padded_beside_codes_that_are():
    # given
    data = uva(("1", "CS 1110", "001", "Lecture"), ("2", "CS 1110", "A1", "Lecture"), ("3", "CS 1110", "2", "Lecture"))
    # when
    import_uva(data)
    # then
    assert codes() == {"1": "001", "2": "A1", "3": "002"}


def test_padding_that_would_repeat_a_code_leaves_the_course_alone_with_a_warning():
    # given: '1' would become '001', the code of another section
    data = uva(("1", "CS 1110", "001", "Lecture"), ("2", "CS 1110", "1", "Lecture"), ("3", "CS 1110", "002", "Lecture"))
    # when
    report = import_uva(data)
    # then
    assert codes() == {"1": "001", "2": "1", "3": "002"}
    (warning,) = report.warnings
    assert warning["location"] == "line 3" and warning["registrar_id"] == "2"
    assert warning["reason"] == (
        "1 course(s) have all-digit section codes shorter than the width of their other codes, but padding them "
        "would repeat a code, such as CS 1110 '1' → '001', which another section has; their codes were left as the "
        "file gives them"
    )


def test_a_json_format_never_pads_codes():
    # given: a canonical export of a course with codes 001, 2 and 003 (no spreadsheet touched it)
    import_uva(
        uva(("1", "CS 1110", "001", "Lecture"), ("2", "CS 1110", "02", "Lecture"), ("3", "CS 1110", "003", "Lecture"))
    )
    Section.objects.filter(registrar_id="2").update(code="2")
    exported = canonical.dump(selectors.catalog_records(term=Term.objects.get()))
    # when
    records = canonical.parse_bytes(exported, name="export.json")
    report = services.catalog_import(records=records, format="canonical")
    # then
    assert codes()["2"] == "2"
    assert report.warnings == []


def test_a_code_the_term_holds_for_the_same_registrar_id_is_not_padded_on_a_reimport():
    # given: Georgia Tech's sections 0 and 01 of one course, imported from JSON as they are
    import_uva(uva(("1", "CS 1110", "0", "Lecture"), ("2", "CS 1110", "1", "Lecture")))
    Section.objects.filter(registrar_id="2").update(code="01")
    exported = sections_csv.dump(selectors.catalog_records(term=Term.objects.get()))
    # when: exported as sections-csv and imported back
    term = Term.objects.get()
    run, report = services.catalog_import_file(
        data=exported,
        name="2025_fall.csv",
        format="sections-csv",
        institution_code=term.institution.code,
        term_code=term.code,  # filed as the export's term, so the report notes no code read from the name
    )
    # then
    assert run.error == "" and codes() == {"1": "0", "2": "01"}
    assert report.changes == [] and report.warnings == []


@pytest.mark.realdata
def test_the_real_uva_file_saved_by_excel_reimports_with_no_code_changed(uva_csv_path):
    # given: the real file imported, then the same file with every section code's zeros dropped
    data = uva_csv_path.read_bytes()
    import_uva(data)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    column = rows[0].index("Section")
    for row in rows[1:]:
        if row[column].isdigit():
            row[column] = str(int(row[column]))
    excel = io.StringIO()
    csv.writer(excel, lineterminator="\r\n").writerows(rows)
    before = codes()
    # when
    report = import_uva(excel.getvalue().encode())
    # then
    assert codes() == before
    assert report.changes == []
