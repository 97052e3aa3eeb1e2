"""An import report's quarantined entries carry the field (column or key) and value each section
was quarantined for, as its rejected and warning entries do, where the reason names them; an
empty field and value where it names none."""

import json

import pytest

from catalog import services
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db

UVA_HEADER = "ClassNumber,Mnemonic,Number,Section,Type,Title,Days1,Room1,MeetingDates1"


def quarantined(data: bytes, format: str, name: str, **codes: str) -> dict[str, tuple[str, str]]:
    """registrar id → (field, value) of each quarantined entry of the import's report."""
    run, report = services.catalog_import_file(data=data, name=name, format=format, **codes)
    assert report is not None, run.error
    return {q["registrar_id"]: (q["field"], q["value"]) for q in report.to_dict()["quarantined"]}


def test_a_uva_csv_slot_quarantined_names_its_column_and_cell():
    # given
    rows = [
        "40000,CS,1000,001,Lecture,T,MoWe 3:00pm - 2:00pm,Rice 130,08/26/2025 - 12/09/2025",
        "40001,CS,1001,001,Lecture,T,Mo 12:00am - 12:00am,Rice 130,08/26/2025 - 12/09/2025",
    ]
    data = "\r\n".join([UVA_HEADER, *rows, ""]).encode()
    # when
    found = quarantined(data, "uva-csv", "2025_fall.csv", term_code="2025-fall")
    # then
    assert found == {"40000": ("Days1", "MoWe 3:00pm - 2:00pm"), "40001": ("Days1", "Mo 12:00am - 12:00am")}


def test_a_canonical_section_quarantined_names_the_key_below_it_and_its_value():
    # given: a parent the course lacks, a meeting dated in a year no term has, a meeting ending before it starts
    doc = json.loads(DEMO_CATALOG.read_text())
    sections = doc["courses"][0]["components"][0]["sections"]
    sections[0]["parent"] = "999"
    sections[1]["meetings"][0]["first_date"] = "1800-01-01"
    sections[2]["meetings"][0]["end"] = "07:00"
    # when
    found = quarantined(json.dumps(doc).encode(), "canonical", "demo.json")
    # then: the last names its meeting, but no one value
    assert found == {
        sections[0]["id"]: ("parent", "999"),
        sections[1]["id"]: ("meetings[0].first_date", "1800-01-01"),
        sections[2]["id"]: ("meetings[0]", ""),
    }


def test_a_sections_csv_meeting_quarantined_names_its_column_and_cell():
    # given
    header = "institution,term,subject,number,title,section,registrar_id,component,days,start,end"
    data = f"{header}\nuva,2025-fall,CS,1000,T,001,9,LEC,Xq,1:00pm,2:00pm\n".encode()
    # when
    found = quarantined(data, "sections-csv", "s.csv", institution_code="uva", term_code="2025-fall")
    # then
    assert found == {"9": ("days", "Xq")}


def test_an_exam_dated_over_weeks_names_its_last_date_in_canonical_and_its_end_date_in_sections_csv():
    # given: a whole-term class listed as an exam in each format
    doc = json.loads(DEMO_CATALOG.read_text())
    section = doc["courses"][0]["components"][0]["sections"][0]
    section["meetings"][0]["kind"] = "exam"
    header = "subject,number,title,section,registrar_id,component,days,time,start_date,end_date,meeting_kind"
    sheet = f"{header}\nCS,1000,T,001,9,LEC,MoWe,1:00pm - 1:50pm,2025-08-26,2025-12-09,exam\n".encode()
    # when
    in_canonical = quarantined(json.dumps(doc).encode(), "canonical", "demo.json")
    in_sheet = quarantined(sheet, "sections-csv", "s.csv", institution_code="uva", term_code="2025-fall")
    # then
    assert in_canonical == {section["id"]: ("meetings[0].last_date", section["meetings"][0]["last_date"])}
    assert in_sheet == {"9": ("end_date", "2025-12-09")}
