"""sections-csv refuses a UVA course listing (`uva-csv`): its aliases read ClassNumber, Mnemonic
and Type, but not the numbered meeting slots (Days1..4, Room1..4, Instructor1..4,
MeetingDates1..4), so reading it would drop every meeting, instructor and link."""

import pytest

from catalog.sources import sections_csv, uva_csv
from catalog.sources.records import CatalogFormatError

UVA_HEADER = (
    "ClassNumber,Mnemonic,Number,Section,Type,Units,Instructor1,Days1,Room1,MeetingDates1,"
    "Instructor2,Days2,Room2,MeetingDates2,Title,Status,Enrollment,EnrollmentLimit"
)
UVA_ROW = (
    "10001,CS,1110,001,Lecture,3,Ada Lovelace,MoWe 1:00pm - 1:50pm,Rice Hall 130,08/26/2025 - 12/09/2025,"
    ",,,,Introduction to Programming,Open,10,30"
)


def uva_file(header: str = UVA_HEADER) -> bytes:
    return "\r\n".join((header, UVA_ROW, "")).encode("utf-8")


def test_a_uva_csv_file_is_refused_naming_the_uva_csv_format_and_its_slot_columns():
    # given: a file uva-csv reads with its meeting
    data = uva_file()
    assert uva_csv.parse_bytes(data, name="2025_fall.csv").courses[0].sections[0].meetings
    # when
    with pytest.raises(CatalogFormatError) as refused:
        sections_csv.parse_bytes(data, name="2025_fall.csv")
    # then
    message = str(refused.value)
    assert message.startswith("2025_fall.csv: line 1: this looks like a UVA course listing CSV")
    assert "--format uva-csv" in message and "Instructor1, Days1, Room1, MeetingDates1" in message


@pytest.mark.parametrize("slot", ["Days1", "Room1", "MeetingDates1", "Instructor1", "StartTime1"])
def test_one_numbered_slot_column_beside_class_number_is_enough_to_refuse(slot):
    # given
    header = f"ClassNumber,Mnemonic,Number,Section,Type,Title,{slot}"
    data = f"{header}\r\n10001,CS,1110,001,Lecture,Intro,x\r\n".encode()
    # when
    with pytest.raises(CatalogFormatError) as refused:
        sections_csv.parse_bytes(data, name="fall.csv")
    # then
    assert f"numbered meeting slot columns {slot}" in str(refused.value)


def test_a_sections_file_with_uva_names_but_no_slot_columns_is_still_read():
    # given: ClassNumber and Mnemonic read through the aliases, one meeting a row
    header = "ClassNumber,Mnemonic,Number,Section,Type,Title,Days,Start,End"
    data = f"{header}\r\n10001,CS,1110,001,LEC,Intro,MoWe,13:00,13:50\r\n".encode()
    # when
    records = sections_csv.parse_bytes(data, name="fall.csv")
    # then
    assert records.courses[0].sections[0].meetings[0].days == (0, 2)
