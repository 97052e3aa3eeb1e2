"""Statuses of other student-information systems in a `sections-csv` file (PeopleSoft's `Class Stat`
codes and words; a value saying cancel, never open) and a column mapping's value map for the ones
it does not know; the same words in a `uva-csv` file."""

import pytest

from catalog.sources import sections_csv, uva_csv
from catalog.sources.records import CatalogFormatError, SectionStatus

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


def test_an_unknown_status_names_the_value_map_that_would_read_it():
    read, (warning,) = statuses("Pending")

    assert read == [SectionStatus.OPEN]
    assert "taken as open" in warning.message and '{"status": {"values": {"Z": "cancelled"}}}' in warning.message


def test_a_mapping_s_status_values_read_the_file_s_own_codes_before_the_built_in_ones():
    # given: this registrar's `S` is a section open to seniors only, `Z` one withdrawn
    mapping = {"status": {"column": "Sect Stat", "values": {"Z": "cancelled", "s": "open", "Full Up": "closed"}}}
    header = HEADER.replace(",status", ",Sect Stat")
    # when
    read, warnings = statuses("Z", "S", "full  up", "X", header=header, columns=mapping)
    # then
    assert read == [SectionStatus.CANCELLED, SectionStatus.OPEN, SectionStatus.CLOSED, SectionStatus.CANCELLED]
    assert warnings == ()


def test_a_mapping_s_status_values_without_a_column_read_the_status_column_found_by_name():
    read, _ = statuses("Z", columns={"status": {"values": {"Z": "waitlist"}}})

    assert read == [SectionStatus.WAITLIST]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (
            {"column": "Class Stat", "values": {"Z": "gone"}},
            "map.json: key 'status': values: 'Z' → 'gone' is not a status; expected open, closed, waitlist or "
            "cancelled",
        ),
        ({"column": "Class Stat", "value": {"Z": "closed"}}, "map.json: key 'status': 'value' is not a key"),
        ({"column": "Class Stat"}, "map.json: key 'status': values None is not an object"),
        ({"column": "Class Stat", "values": ["Z"]}, "map.json: key 'status': values ['Z'] is not an object"),
        ({"column": 3, "values": {"Z": "closed"}}, "map.json: key 'status': column 3 is not a header"),
        ({"values": {" ": "closed"}}, "map.json: key 'status': values: an empty value ' ' is read as open"),
    ],
)
def test_a_status_value_map_that_is_not_one_is_refused_naming_the_file_and_key(status, message):
    # given
    data = sections_csv.json.dumps({"status": status}).encode("utf-8")
    # when
    with pytest.raises(CatalogFormatError) as error:
        sections_csv.columns_load(data, name="map.json")
    # then
    assert str(error.value).startswith(message)


def test_a_value_map_for_another_column_is_refused_naming_the_key():
    with pytest.raises(CatalogFormatError, match=r"map.json: key 'component': \{'column': 'Type'.* is not a header"):
        sections_csv.columns_load(b'{"component": {"column": "Type", "values": {"L": "LEC"}}}', name="map.json")


def test_a_section_status_map_given_to_the_parser_directly_is_checked_as_a_mapping_file_is():
    with pytest.raises(CatalogFormatError, match=r"banner.json: key 'status': values: 'Z' → 'shut' is not a status"):
        statuses("Z", columns={"status": {"values": {"Z": "shut"}}}, columns_name="banner.json")


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


def test_a_value_map_with_no_column_for_a_file_whose_status_column_has_no_known_name_is_refused():
    # given: Banner's SSTS, a header no alias names, and a map that says no column
    header = HEADER.replace(",status", ",SSTS")
    # when / then: refused naming the key (every section was read as open, the map unused)
    with pytest.raises(CatalogFormatError, match=r"banner.json: key 'status' gives a value map, but .* has no status"):
        statuses("A", header=header, columns={"status": {"values": {"A": "closed"}}}, columns_name="banner.json")
