"""Statuses of other student-information systems in a `sections-csv` file (PeopleSoft's `Class Stat`
codes and words; a value saying cancel, never open); the same words in a `uva-csv` file."""

import pytest

from catalog.sources import sections_csv, uva_csv
from catalog.sources.records import SectionStatus

HEADER = "subject,number,title,component,section,registrar_id,days,start,end,status"
UVA_HEADER = "ClassNumber,Mnemonic,Number,Section,Type,Units,Instructor1,Days1,Room1,MeetingDates1,Title,Status"


def statuses(*values: str, header: str = HEADER, **kwargs):
    """(status of each section, warnings) of a file with one section for each status cell."""
    rows = [f"TST,100,T,LEC,{n:03},{n},MW,9:30AM,10:45AM,{v}" for n, v in enumerate(values, start=1)]
    data = "\r\n".join((header, *rows, "")).encode("utf-8")
    records = sections_csv.parse_bytes(data, name="2025_fall.csv", **kwargs)
    return [s.status for c in records.courses for s in c.sections], records.warnings


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("A", SectionStatus.OPEN),
        ("Active", SectionStatus.OPEN),
        ("X", SectionStatus.CANCELLED),
        ("Cancelled Section", SectionStatus.CANCELLED),
        ("CANCELED SECTION", SectionStatus.CANCELLED),
        ("S", SectionStatus.CLOSED),
        ("Stop Further Enrollment", SectionStatus.CLOSED),
        ("T", SectionStatus.CLOSED),
        ("Tentative", SectionStatus.CLOSED),
        ("Tentative Section", SectionStatus.CLOSED),
        ("Inactive", SectionStatus.CANCELLED),
        ("C", SectionStatus.CANCELLED),
    ],
)
def test_peoplesoft_class_status_codes_and_words_are_read_without_a_warning(value, status):
    assert statuses(value) == ([status], ())


def test_peoplesofts_class_stat_header_is_read_as_the_status():
    # when
    read, warnings = statuses("X", "A", header=HEADER.replace(",status", ",Class Stat"))
    # then
    assert read == [SectionStatus.CANCELLED, SectionStatus.OPEN]
    assert "Class Stat as status" in warnings[0].message


@pytest.mark.parametrize("value", ["Cancelled - low enrollment", "CANCEL", "Section Canceled by Dept"])
def test_an_unknown_status_saying_cancel_is_taken_as_cancelled_with_a_warning_never_as_open(value):
    # when
    read, warnings = statuses(value)
    # then
    assert read == [SectionStatus.CANCELLED]
    (warning,) = warnings
    assert (warning.location, warning.field, warning.value) == ("line 2", "status", value)
    assert "it says cancel, so taken as cancelled" in warning.message


@pytest.mark.parametrize(
    ("value", "status", "warned"),
    [
        ("Cancelled Section", SectionStatus.CANCELLED, False),
        ("Stop Further Enrollment", SectionStatus.CLOSED, False),
        ("Cancelled (low enrollment)", SectionStatus.CANCELLED, True),
        ("Open", SectionStatus.OPEN, False),
    ],
)
def test_a_uva_csv_status_saying_cancel_or_peoplesofts_words_are_never_read_as_open(value, status, warned):
    # given
    line = f"12345,CS,1110,001,Lecture,3,Ada Byron,MoWe 1:00pm - 1:50pm,Rice 130,08/26/2025 - 12/09/2025,Intro,{value}"
    # when
    records = uva_csv.parse_bytes(f"{UVA_HEADER}\r\n{line}\r\n".encode(), name="2025_fall.csv")
    # then
    assert [s.status for c in records.courses for s in c.sections] == [status]
    assert [w.field for w in records.warnings] == (["Status"] if warned else [])
