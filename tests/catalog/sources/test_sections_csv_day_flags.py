"""Banner's one column a weekday (`M T W R F S U`, each holding the day's letter or a flag such as
`Y`, blank when the meeting is not on that day) in a `sections-csv` file: recognised without a
mapping when the file has no days column, named by a mapping otherwise, written back by `dump`,
and the real UVA catalog written so reading as its own adapter reads it (skipped without
../shared/data)."""

import json
from dataclasses import replace
from pathlib import Path

import pytest

from catalog.sources import canonical, sections_csv, uva_csv
from catalog.sources.records import CatalogFormatError, CatalogRecords

REPO = Path(__file__).resolve().parents[3]
BANNER = "CRN,SUBJ,CRSE,SEQ,SCHD,TITLE,M,T,W,R,F,S,U,BEGIN,END,BLDG_ROOM"
BANNER_MAPPING = {"section": "SEQ", "component": "SCHD", "location": "BLDG_ROOM"}


def sheet(header: str, *lines: str) -> bytes:
    return "\r\n".join((header, *lines, "")).encode("utf-8")


def read(data: bytes, **kwargs) -> CatalogRecords:
    records = sections_csv.parse_bytes(data, name="banner_2025_fall.csv", **kwargs)
    assert records.sections_seen == records.section_count + len(records.rejected)
    return records


def days_of(records: CatalogRecords) -> dict[str, list[tuple[int, ...]]]:
    return {s.registrar_id: [m.days for m in s.meetings] for c in records.courses for s in c.sections}


def without_sources(records: CatalogRecords) -> list:
    return [replace(c, sections=tuple(replace(s, source="") for s in c.sections)) for c in records.courses]


def test_banners_day_flag_columns_are_read_as_each_meetings_days_without_a_mapping_with_one_warning():
    # given: Banner's SWRSECT layout, the day's letter in its column
    data = sheet(
        BANNER,
        "10003,AAS,1010,100,LEC,Intro,,T,,R,,,,1230,1345,Minor Hall 125",
        "12774,AAS,1010,101,DIS,Intro,M,,W,,F,,,0900,0950,New Cabell 283",
        "12775,AAS,1010,102,DIS,Intro,,,,,,S,U,1000,1150,New Cabell 287",
    )
    # when
    records = read(data, columns=BANNER_MAPPING)
    # then
    assert days_of(records) == {"10003": [(1, 3)], "12774": [(0, 2, 4)], "12775": [(5, 6)]}
    assert not any("not read" in w.message or "without days" in w.message for w in records.warnings)
    (flags,) = [w for w in records.warnings if w.field == "days"]
    assert flags.location == "line 1" and flags.message.startswith(
        "7 column(s) read as day flags, one a weekday, as the file has no days column: M (Monday), T (Tuesday), "
    )
    assert '{"days": ["M", "T", "W", "R", "F", "S", "U"]}' in flags.message


@pytest.mark.parametrize(
    "flags",
    [
        "MON,TUE,WED,THU,FRI,SAT,SUN",
        "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday",
        "Mon,Tues,Wed,Thurs,Fri,Sat,Sun",
        "MON_DAY,TUE_DAY,WED_DAY,THU_DAY,FRI_DAY,SAT_DAY,SUN_DAY",
        "U,M,T,W,R,F,S",
        "Mo,Tu,We,Th,Fr",
    ],
)
def test_day_flag_headers_in_other_spellings_and_orders_are_recognised(flags):
    # given: Tuesday and Thursday flagged Y, the other days N
    header = f"subject,number,title,component,section,registrar_id,{flags},start,end"
    names = flags.split(",")
    cells = ",".join("Y" if sections_csv.weekday_of(n) in (1, 3) else "N" for n in names)
    # when
    records = read(sheet(header, f"CS,1110,Intro,LEC,001,40001,{cells},9:30am,10:45am"))
    # then
    assert days_of(records) == {"40001": [(1, 3)]}


@pytest.mark.parametrize(
    ("cell", "read_as_set"),
    [("M", True), ("m", True), ("Mon", True), ("Y", True), ("yes", True), ("X", True), ("1", True), ("TRUE", True),
     ("1.0", True), ("", False), ("N", False), ("no", False), ("0", False), ("0.0", False), ("false", False),
     ("-", False)],  # 1.0 and 0.0: a number column saved by Excel
)  # fmt: skip
def test_a_day_flag_cell_holding_its_days_letter_or_name_or_a_yes_is_set_and_blank_or_a_no_is_not(cell, read_as_set):
    data = sheet(BANNER, f"10003,AAS,1010,100,LEC,Intro,{cell},,W,,,,,1230,1345,Minor 125")

    records = read(data, columns=BANNER_MAPPING)

    assert days_of(records) == {"10003": [(0, 2) if read_as_set else (2,)]}
    assert not any("not a day flag" in w.message for w in records.warnings)


def test_a_thursday_flag_written_t_and_a_sunday_flag_written_s_are_set_as_a_calendars_heading_writes_them():
    data = sheet(BANNER, "10003,AAS,1010,100,LEC,Intro,,,,T,,,S,1230,1345,Minor 125")

    assert days_of(read(data, columns=BANNER_MAPPING)) == {"10003": [(3, 6)]}


def test_a_day_flag_cell_that_is_no_flag_is_warned_about_at_its_line_and_read_as_no_meeting_that_day():
    # given: a W in Monday's column (a shifted row?) and a stray note
    data = sheet(
        BANNER,
        "10003,AAS,1010,100,LEC,Intro,W,,W,,,,,1230,1345,Minor 125",
        "10004,AAS,1010,200,LEC,Intro,,,,,F,see note,,1230,1345,Minor 125",
    )
    # when
    records = read(data, columns=BANNER_MAPPING)
    # then
    assert days_of(records) == {"10003": [(2,)], "10004": [(4,)]}
    monday, saturday = [w for w in records.warnings if "not a day flag" in w.message]
    assert (monday.location, monday.field, monday.value, monday.registrar_id) == ("line 2", "days", "W", "10003")
    assert monday.message == (
        "not a day flag in the Monday column 'M'; expected M (or Mon, Y, X, 1) for a meeting on Monday, or blank "
        "(N, 0) for none; read as no meeting on Monday"
    )
    assert (saturday.location, saturday.value) == ("line 3", "see note")
    assert "the Saturday column 'S'" in saturday.message


def test_a_section_flagged_on_no_day_is_a_time_without_days_as_with_an_empty_days_column():
    records = read(sheet(BANNER, "10003,AAS,1010,100,LEC,Intro,,,,,,,,1230,1345,Minor 125"), columns=BANNER_MAPPING)

    assert days_of(records) == {"10003": [()]}
    assert any(w.message.startswith("a time without days") for w in records.warnings)


@pytest.mark.parametrize(
    "header",
    [
        # fewer than Monday to Friday, or apart: too likely other columns named M or F
        "subject,number,title,component,section,registrar_id,M,T,W,R,start,end",
        "subject,number,title,component,section,registrar_id,M,T,W,R,notes,F,start,end",
        "subject,number,title,component,section,registrar_id,M,T,T,W,R,F,start,end",
    ],
)
def test_weekday_headers_short_of_a_run_from_monday_to_friday_are_not_read_as_day_flags(header):
    width = header.count(",") - 7
    records = read(sheet(header, f"CS,1110,Intro,LEC,001,40001,{'Y,' * width}9:30am,10:45am"))

    assert days_of(records) == {"40001": []}  # a time without days, no room or dates: no meeting to keep
    assert any(" column(s) not read: M, T" in w.message for w in records.warnings)


def test_a_file_with_a_days_column_reads_it_and_leaves_day_flag_columns_unread():
    header = "subject,number,title,component,section,registrar_id,days,M,T,W,R,F,start,end"

    records = read(sheet(header, "CS,1110,Intro,LEC,001,40001,TR,Y,,Y,,Y,9:30am,10:45am"))

    assert days_of(records) == {"40001": [(1, 3)]}
    assert any("5 column(s) not read: M, T, W, R, F" in w.message for w in records.warnings)


def test_a_mapping_names_day_flag_headers_as_a_list_monday_first_over_a_days_column():
    # given: headers no run detection reads, and a days column the mapping overrides
    header = "subject,number,title,component,section,registrar_id,Days,Flag1,Flag2,Flag3,Flag4,Flag5,start,end"
    mapping = {"days": ["Flag1", "Flag2", "Flag3", "Flag4", "Flag5"]}
    # when
    records = read(sheet(header, "CS,1110,Intro,LEC,001,40001,MWF,,T,,R,,9:30am,10:45am"), columns=mapping)
    # then
    assert days_of(records) == {"40001": [(1, 3)]}
    assert not any(w.field == "days" for w in records.warnings)
    assert any("1 column(s) not read: Days" in w.message for w in records.warnings)


def test_a_mapping_names_day_flag_headers_by_weekday_in_any_order():
    header = "subject,number,title,component,section,registrar_id,Sun Mtg,Mon Mtg,Wed Mtg,start,end"
    mapping = {"days": {"Sunday": "Sun Mtg", "mo": "Mon Mtg", "W": "wed mtg"}}

    records = read(sheet(header, "CS,1110,Intro,LEC,001,40001,Y,,Y,9:30am,10:45am"), columns=mapping)

    assert days_of(records) == {"40001": [(2, 6)]}


def test_a_mapping_naming_a_day_flag_header_the_file_lacks_is_refused_naming_file_key_headers_and_what_to_write():
    # given
    mapping = {"days": ["MO", "TU", "WE", "TH", "FR"]}
    header = "subject,number,title,component,section,registrar_id,MO,TU,WE,THU,FR,start,end"
    # when
    with pytest.raises(CatalogFormatError) as error:
        read(sheet(header, "CS,1110,Intro,LEC,001,40001,Y,,Y,,Y,9:30am,10:45am"), columns=mapping,
             columns_name="banner.json")  # fmt: skip
    # then
    message = str(error.value)
    assert message.startswith(
        "banner_2025_fall.csv: line 1: banner.json: key 'days' names the header 'TH' for Thursday, which "
        "banner_2025_fall.csv lacks (did you mean 'THU'?); its headers are subject, number, title, component, "
        "section, registrar_id, MO, TU, WE, THU, FR, start, end; expected "
    )
    assert '["M", "T", "W", "R", "F", "S", "U"]' in message


def test_a_day_flag_header_the_mapping_also_names_for_another_key_is_refused():
    mapping = {"days": ["M", "T", "W", "R", "F"], "notes": "F"}
    header = "subject,number,title,component,section,registrar_id,M,T,W,R,F"

    with pytest.raises(CatalogFormatError, match=r"for Friday, which lands on the same column \('F'\) as key 'notes'"):
        read(sheet(header, "CS,1110,Intro,LEC,001,40001,Y,,Y,,Y"), columns=mapping)


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (["M", "W", "F"], r'\["M", "W", "F"\] is not a list of 5 to 7 headers; expected the header of the file'),
        (["M", "T", "W", "R", "F", "S", "U", "X"], r"\[.*\] is not a list of 5 to 7 headers"),
        (["M", "T", "W", 4, "F"], r'\["M", "T", "W", 4, "F"\] is not a list of 5 to 7 headers'),
        ({"Mon": "M", "Funday": "F"}, r"'Funday' is not a weekday; expected"),
        ({"Mon": "M", "Tue": ""}, r"'' is not a header; expected"),
        ({}, r"an empty object; expected"),
        ({"Mon": "M", "Monday": "MON"}, r"names Monday twice \('M', 'MON'\); expected each weekday once"),
        (["M", "T", "W", "t", "F"], r"names the header 't' for both Tuesday and Thursday; expected a header"),
        (7, r"7 is not a header; expected the name of one of the file's columns, a string; for days, the header"),
    ],
)
def test_a_day_flag_mapping_that_is_not_one_is_refused_naming_the_file_and_key(days, message):
    data = json.dumps({"days": days}).encode("utf-8")

    with pytest.raises(CatalogFormatError, match=rf"^map.json: key 'days': {message}"):
        sections_csv.columns_load(data, name="map.json")


def test_a_day_flag_mapping_file_is_loaded_as_written():
    data = b'{"section": "SEQ", "days": ["M", "T", "W", "R", "F", "S", "U"]}'

    assert sections_csv.columns_load(data, name="banner.json") == json.loads(data)


def test_dump_with_a_day_flag_mapping_writes_banners_columns_and_reads_back_the_same_records():
    # given
    original = canonical.parse(REPO / "catalog/demo/demo-catalog.json")
    mapping = {"registrar_id": "CRN", "days": ["M", "T", "W", "R", "F", "S", "U"],
               "status": {"column": "SSTS", "values": {"A": "open"}}}  # fmt: skip
    # when
    data = sections_csv.dump(original, columns=mapping)
    back = read(data, institution=original.institution, term=original.term, columns=mapping)
    # then
    header = data.split(b"\r\n", 1)[0].decode()
    assert ",M,T,W,R,F,S,U," in header and ",SSTS," in header and "days" not in header
    assert without_sources(back) == without_sources(original)
    assert back.warnings == () and back.rejected == ()


def test_the_real_uva_catalog_with_banners_day_flag_columns_reads_as_its_own_adapter_reads_it(uva_csv_path):
    # given: the UVA Fall 2025 catalog written with one column a weekday, as Banner's SWRSECT does
    original = uva_csv.parse(uva_csv_path)
    flags = ["M", "T", "W", "R", "F", "S", "U"]
    data = sections_csv.dump(original, columns={"days": flags})
    # when: read with no mapping (the run of flag headers recognised) and with one naming them
    found = read(data, institution=original.institution, term=original.term)
    mapped = read(data, institution=original.institution, term=original.term, columns={"days": flags})
    # then
    assert found.section_count == mapped.section_count == original.section_count
    assert without_sources(found) == without_sources(mapped) == without_sources(original)
    flags_found, *others = found.warnings
    assert flags_found.message.startswith("7 column(s) read as day flags, one a weekday")
    assert tuple(others) == mapped.warnings  # the original's own (its few times before 6:00)
    assert not any("without days" in w.message or "not a day flag" in w.message for w in mapped.warnings)
