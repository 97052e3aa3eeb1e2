"""A generic spreadsheet of sections (`sections-csv`): what a student-information system
(Banner, PeopleSoft, Colleague, Workday) exports, one row per meeting, under its own headers.

Columns are named by canonical names (`subject`, `number`, `registrar_id`, `days`, ...), by a
common alias (`Subj`, `Catalog Nbr`, `CRN`, `Start Time`; read with a warning) or through a
column mapping (`{"number": "Crse Nbr"}`, `--columns mapping.json`). Rows with the same
registrar id are one section. docs/sources.md gives the columns, aliases and what is refused.
`dump` writes records back in this format, so a registrar sees the shape and can round-trip.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog.sources import clock, jsondoc, uva_csv
from catalog.sources.records import (
    EXAM_OVER_A_RANGE,
    SANE_DATES,
    WEEKDAY_NAMES,
    WEEKDAYS,
    CatalogFormatError,
    CatalogRecords,
    CourseRecord,
    InstitutionRecord,
    MeetingKind,
    MeetingRecord,
    Modality,
    Problem,
    SectionRecord,
    SectionStatus,
    TermRecord,
    parent_loops,
    url_segment_problem,
)
from catalog.sources.spreadsheet import (
    NO_INSTRUCTOR,
    SLOT,
    STATUSES,
    DataRows,
    FileClock,
    Rejects,
    RowReader,
    Tally,
    component_codes,
    component_key,
    component_of,
    count_cell,
    credits_cell,
    credits_of,
    day_first_warn,
    default_term_of,
    header_row,
    modality,
    point_zero_ids_read,
    registrar_id_problem,
    status_of,
    unread_warn,
    with_kinds,
)
from catalog.sources.textclean import (
    DESCRIPTION_LIMIT,
    INSTRUCTOR_LIMIT,
    NOTES_LIMIT,
    PREREQUISITES_LIMIT,
    bom_length,
    check_size,
    clean,
    clean_lines,
    column_key,
    cut,
    decode_spreadsheet,
    separator,
)

# canonical column → other names it is read under (with a warning), compared as `index` does; of
# two in one header the first here is read (`CRN` and `Class Nbr` before PeopleSoft's instructor `ID`)
COLUMNS: dict[str, tuple[str, ...]] = {
    # the course
    "subject": ("Subj", "Subject Code", "Mnemonic", "Dept", "Department"),
    "number": ("Course Number", "Course Nbr", "Course No", "Catalog Nbr", "Catalog Number", "Catalog No", "Catalog",
               "Crse", "Crse Nbr", "Crse Numb"),
    "title": ("Course Title", "Class Title", "Long Title", "Title Short Desc"),
    "credits": ("Units", "Credit Hours", "Credit", "Cr Hrs", "Credit Hrs", "Hours"),
    "description": ("Course Description", "Descr"),
    "prerequisites": ("Prerequisite", "Prereqs", "Prereq", "Course Prerequisites", "Prerequisites Description"),
    # the section
    "component": ("Schedule Type", "Sched Type", "Component Type", "Section Type", "Type", "Kind"),
    "component_name": ("Component Description", "Schedule Type Desc"),
    "section": ("Section Number", "Section Nbr", "Section No", "Section Code", "Sect", "Sec", "Seq Numb"),
    "registrar_id": ("CRN", "Class Nbr", "Class Number", "Class No", "Class Num", "Class ID", "Section ID", "ID"),
    "parent_id": ("Parent CRN", "Parent Class Nbr", "Parent Class Number", "Parent ID", "Parent Section ID"),
    "status": ("Enrollment Status", "Enrl Stat", "Class Status", "Class Stat", "Section Status"),
    "capacity": ("Cap", "Enrollment Capacity", "Enrollment Cap", "Enrl Cap", "Enrollment Limit", "Max Enrollment",
                 "Max Enrl", "Limit"),
    "enrolled": ("Enrollment", "Enrl Tot", "Enrollment Total", "Enrl", "Actual Enrollment"),
    "waitlist": ("Waitlisted", "Waitlist Total", "Wait Tot", "Waitlist Count", "Wait List"),
    "seats": ("Enrl/Cap", "Enrolled/Capacity", "Enrollment/Capacity"),
    "instructors": ("Instructor", "Instructor Name", "Instructor Names", "Faculty", "Primary Instructor"),
    "campus": ("Campus Code", "Campus Name"),
    "modality": ("Instruction Mode", "Instructional Method", "Delivery Mode", "Mode", "Delivery"),
    "notes": ("Note", "Comments", "Class Notes", "Section Notes"),
    "quarantine": (),
    # the meeting (one row each)
    "days": ("Meeting Days", "Day", "Days of Week", "Mtg Days", "Meeting Pattern", "Mtg Pat", "Pattern"),
    "time": ("Meeting Time", "Meeting Times", "Times"),
    "start": ("Start Time", "Begin Time", "Begin", "Mtg Start", "Start Tm"),
    "end": ("End Time", "Mtg End", "End Tm"),
    "start_date": ("Start Date", "Begin Date", "First Date", "Meeting Start Date", "Start Dt"),
    "end_date": ("End Date", "Last Date", "Meeting End Date", "End Dt"),
    "location": ("Room", "Building Room", "Bldg Room", "Facility", "Facility ID", "Classroom"),
    "meeting_kind": ("Meeting Type", "Mtg Type", "Meeting Kind"),
}  # fmt: skip
REQUIRED = ("subject", "number", "title", "section", "component", "registrar_id")
MEETING = ("days", "time", "start", "end", "start_date", "end_date", "location", "meeting_kind")
# a section's own values, which every row of it should repeat (instructors add up instead)
SECTION = tuple(c for c in COLUMNS if c not in (*MEETING, "instructors", "registrar_id"))
ALIAS_KEYS = {alias: canonical for canonical, aliases in COLUMNS.items() for alias in map(column_key, aliases)}
EXPECTED = f"a CSV of sections whose header names {', '.join(REQUIRED)} (sections-csv)"
MAPPING_EXPECTED = 'a JSON object of canonical column name → the file\'s header, such as {"number": "Crse Nbr"}'
DAY_FLAGS_EXPECTED = (
    'the header of the file\'s days column ("Meeting Days"), a list of its day-flag headers, one a weekday, Monday '
    'first (5 to 7 of them: ["M", "T", "W", "R", "F", "S", "U"]), or an object of weekday → header ({"Mo": "MON", '
    '"Tu": "TUE", ...})'
)
STATUS_EXPECTED = (
    'the header of the file\'s status column, or an object naming it and what its values mean: {"column": '
    '"Class Stat", "values": {"Z": "cancelled"}} ("column" may be left out: the status column read by name)'
)
NO_INSTITUTION = InstitutionRecord(code="", name="", timezone="UTC")  # the import asks for --institution
MODALITIES = {
    **dict.fromkeys(("in_person", "in person", "in-person", "face to face", "face-to-face", "f2f", "classroom",
                     "on campus", "p"), Modality.IN_PERSON),
    **dict.fromkeys(("online", "remote", "web", "web-based", "distance", "distance learning", "online asynchronous",
                     "online synchronous", "asynchronous online", "synchronous online", "virtual"), Modality.ONLINE),
    **dict.fromkeys(("hybrid", "blended", "partially online", "hyflex"), Modality.HYBRID),
}  # fmt: skip
KINDS = {
    **dict.fromkeys(("weekly", "class", "lecture", "regular", "recurring", "cls"), MeetingKind.WEEKLY),
    **dict.fromkeys(("exam", "final", "final exam", "midterm", "midterm exam", "exm", "fin"), MeetingKind.EXAM),
    **dict.fromkeys(("one_off", "one-off", "one off", "once", "single", "event"), MeetingKind.ONE_OFF),
}  # fmt: skip
# one-letter status codes: Banner's active (open to registration) and cancelled; PeopleSoft's cancelled
# section, stop further enrollment (it still meets: closed) and tentative (not yet open to students: closed)
STATUS_CODES = {
    "a": SectionStatus.OPEN,
    "c": SectionStatus.CANCELLED,
    "x": SectionStatus.CANCELLED,
    "s": SectionStatus.CLOSED,
    "t": SectionStatus.CLOSED,
}
STATUS_VALUES = "open, closed, waitlist or cancelled"  # SectionStatus.ALL, as a person reads them
# a day-flag cell: the meeting is on its column's day when it holds one of these or a name of that day (`M`,
# `Mon`; a Thursday column may hold `T` and a Sunday one `S`, as a calendar's heading writes them), not when
# it holds one of FLAG_OFF; anything else is warned about and read as not
# a spreadsheet saved from Excel may write the 1 and 0 of a number column as 1.0 and 0.0
FLAG_ON = frozenset(("y", "yes", "x", "1", "1.0", "true", "✓", "✔", "*"))
FLAG_OFF = frozenset(("", "n", "no", "0", "0.0", "false", "-", "."))
FLAG_DAY = tuple(
    {name for name, day in clock.DAY_NAMES.items() if day == weekday} | ({"t"} if weekday == 3 else set())
    | ({"s"} if weekday == 6 else set())
    for weekday in range(7)
)  # fmt: skip
FLAG_LETTERS = "MTWRFSU"  # what `dump` writes in a day-flag column, as Banner does
# a cell a spreadsheet would run as a formula (a tab or carriage return first hides the sign from a
# check but not from Excel); `dump` writes it after a `'`, which reading drops
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# the columns `dump` writes, in this order: all but the other spellings of seats and times
DUMPED = tuple(c for c in COLUMNS if c not in ("seats", "time"))


@dataclass
class SectionRows:
    """What the rows of one registrar id gave so far."""

    where: str
    row: dict[str, str]
    course: tuple[str, str]
    meetings: list[tuple[MeetingRecord, bool]] = field(default_factory=list)  # (meeting, kind given)
    problems: list[str] = field(default_factory=list)
    instructors: list[str] = field(default_factory=list)
    rooms: list[str] = field(default_factory=list)


def columns_load(data: bytes, *, name: str) -> dict[str, Any]:
    """The column mapping of a mapping file's bytes (canonical name → the file's header; for `days`
    also a list or object of day-flag headers, for `status` also an object with a value map); a
    CatalogFormatError naming the file and the key when it is not one. Decoded as a catalog file
    is (`jsondoc.load`): a key written twice, which JSON would read as its last value, and
    nesting too deep to decode are refused."""
    try:
        text = data[bom_length(data) :].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogFormatError(f"not JSON ({exc}); expected {MAPPING_EXPECTED}", path=name) from None
    mapping = jsondoc.load(
        text, name=name, expected=MAPPING_EXPECTED, twice_hint="a column is mapped to one header: which is meant?"
    )
    if not isinstance(mapping, dict):
        raise CatalogFormatError(f"a JSON {type(mapping).__name__}; expected {MAPPING_EXPECTED}", path=name)
    columns_check(mapping, name=name)
    return mapping


def columns_check(mapping: Mapping[str, Any], *, name: str) -> None:
    """A CatalogFormatError naming the first key of `mapping` that is no canonical column or whose
    value is not a header (nor, for `days`, day-flag headers; for `status`, a column and value map)."""
    for key, value in mapping.items():
        if key not in COLUMNS:
            close = difflib.get_close_matches(key, COLUMNS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise CatalogFormatError(
                f"{key!r} is not a canonical column name; {hint}the names are {', '.join(COLUMNS)}",
                path=name,
                location=f"key {key!r}",
            )
        problem = ""
        if key == "days" and isinstance(value, (list, dict)):
            problem = day_flags_of(value)[1]
        elif key == "status" and isinstance(value, dict):
            problem = status_map_problem(value)
        elif not is_header(value):
            shape = {"days": f"; for days, {DAY_FLAGS_EXPECTED}", "status": f"; for status, {STATUS_EXPECTED}"}
            problem = (
                f"{value!r} is not a header; expected the name of one of the file's columns, a string"
                f"{shape.get(key, '')}"
            )
        if problem:
            raise CatalogFormatError(problem, path=name, location=f"key {key!r}")


def is_header(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def day_flags_of(value: list | dict) -> tuple[tuple[tuple[int, str], ...], str]:
    """((weekday, header), ...) of a mapping's day-flag headers, Monday = 0, and "" (or why they
    are not such headers): a list names them Monday first, an object by weekday (`Mo`, `Mon`,
    `Monday`, `M`... any case), for a file ordering them otherwise or lacking some."""
    if isinstance(value, list):
        if not 5 <= len(value) <= 7 or not all(is_header(h) for h in value):
            shown = json.dumps(value, ensure_ascii=False)[:200]
            return (), f"{shown} is not a list of 5 to 7 headers; expected {DAY_FLAGS_EXPECTED}"
        pairs = list(enumerate(value))
    else:
        pairs = []
        for day, header in value.items():
            weekday = clock.DAY_NAMES.get(column_key(day))
            if weekday is None or not is_header(header):
                what = f"{day!r} is not a weekday" if weekday is None else f"{header!r} is not a header"
                return (), f"{what}; expected {DAY_FLAGS_EXPECTED}"
            pairs.append((weekday, header))
        if not pairs:
            return (), f"an empty object; expected {DAY_FLAGS_EXPECTED}"
    seen: dict[int, str] = {}
    headers: dict[str, int] = {}
    for weekday, header in pairs:
        if weekday in seen:
            twice = f"{seen[weekday]!r}, {header!r}"
            return (), f"names {WEEKDAY_NAMES[weekday]} twice ({twice}); expected each weekday once"
        other = headers.get(header.strip().casefold())
        if other is not None:
            return (), (
                f"names the header {header!r} for both {WEEKDAY_NAMES[other]} and {WEEKDAY_NAMES[weekday]}; expected a "
                "header of its own for each weekday"
            )
        seen[weekday], headers[header.strip().casefold()] = header, weekday
    return tuple(sorted(pairs)), ""


def status_map_problem(value: dict) -> str:
    """Why a mapping's status object is not {"column": header, "values": {cell: status}}, or ""."""
    other = [k for k in value if k not in ("column", "values")]
    if other:
        return f"{other[0]!r} is not a key of the status object; expected {STATUS_EXPECTED}"
    if "column" in value and not is_header(value["column"]):
        return f"column {value['column']!r} is not a header; expected {STATUS_EXPECTED}"
    values = value.get("values")
    if not isinstance(values, dict) or not values:
        return f"values {values!r} is not an object of the file's value → status; expected {STATUS_EXPECTED}"
    for cell, status in values.items():
        if not cell.strip():
            return f"values: an empty value {cell!r} is read as open; expected a value the file writes"
        if status not in SectionStatus.ALL:
            return f"values: {cell!r} → {status!r} is not a status; expected {STATUS_VALUES}"
    return ""


def parse(
    path: str | os.PathLike[str],
    *,
    institution: InstitutionRecord | None = None,
    term: TermRecord | None = None,
    columns: Mapping[str, Any] | None = None,
    columns_name: str = "the column mapping",
) -> CatalogRecords:
    """Records from a sections-csv file; its size is checked before it is read."""
    path = Path(path)
    check_size(path)
    return parse_bytes(
        path.read_bytes(),
        name=str(path),
        institution=institution,
        term=term,
        columns=columns,
        columns_name=columns_name,
    )


def parse_bytes(
    data: bytes,
    *,
    name: str = "<upload>",
    institution: InstitutionRecord | None = None,
    term: TermRecord | None = None,
    columns: Mapping[str, Any] | None = None,
    columns_name: str = "the column mapping",
) -> CatalogRecords:
    """Records from sections-csv bytes, its headers read through `columns` (canonical name →
    header, as `columns_load` gives it, checked again here; `columns_name` names the mapping in
    errors). The term defaults to the one the file name implies (`2025_fall.csv` → `2025-fall`),
    first and last day from the meetings; the institution has no default (its code is empty: the
    import service asks for one)."""
    columns_check(columns or {}, name=columns_name)
    decoded = decode_spreadsheet(data, name=name, expected=EXPECTED)
    if decoded.text.lstrip()[:1] in ("{", "["):
        raise CatalogFormatError(
            f"this looks like JSON; expected {EXPECTED} (is it a gatech-json or canonical catalog, or a "
            "registrar's dump to read as sections-json?)",
            path=name,
            location="line 1",
        )
    reader = Reader(name, columns or {}, columns_name)
    if decoded.warning is not None:
        note = decoded.warning
        reader.warnings.add(note.location, note.field, note.value, note.message)
    return reader.read(decoded.text, institution=institution, term=term)


class Reader(Rejects):
    """One file's parse, collecting rejections and warnings as it goes."""

    def __init__(self, name: str, mapping: Mapping[str, Any], mapping_name: str):
        self.name = name
        self.mapping = mapping_headers(mapping)  # canonical → the header the mapping names
        self.mapping_name = mapping_name
        days = mapping.get("days")
        # (weekday, header) of the day-flag columns the mapping names; `index` finds them, or a run of them
        self.day_headers = day_flags_of(days)[0] if isinstance(days, (list, dict)) else ()
        self.day_flags: tuple[tuple[int, int], ...] = ()  # (weekday, cell index) of the day-flag columns read
        status = mapping.get("status")
        values = status.get("values", {}) if isinstance(status, dict) else {}
        self.statuses = {**STATUSES, **STATUS_CODES, **{" ".join(k.lower().split()): v for k, v in values.items()}}
        self.status_mapped = bool(values)  # a value map given: a file with no status column to apply it to is refused
        self.rejected: list[Problem] = []
        self.warnings = Tally()
        self.header_cells: list[str] = []
        self.header_cells_shown: list[str] = []
        self.clock = FileClock()
        self.day_letters: bool | None = None  # whether the file writes one letter a day (read with its rows)
        self.codes: dict[tuple[str, str, str], SectionRows] = {}  # (subject, number, section code) → its rows
        self.date_formats = clock.DATE_FORMATS
        self.times_unread = ""  # set by `times_found` (records.CatalogRecords.times_unread)
        # a days column may carry the times ('MWF 1:00 PM - 1:50 PM'): with no time column, the times are
        # unread only if no days cell holds one (`times_in_days`, set by `meeting`)
        self.times_maybe_in_days = False
        self.times_in_days = False

    def fail(self, location: str, message: str) -> CatalogFormatError:
        return CatalogFormatError(message, path=self.name, location=location)

    def read(self, text: str, *, institution: InstitutionRecord | None, term: TermRecord | None) -> CatalogRecords:
        names = {column_key(c) for c in COLUMNS} | set(ALIAS_KEYS) | {column_key(h) for h in self.mapping.values()}
        names |= {column_key(h) for _, h in self.day_headers}
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator(text, names), strict=True)
        header_line, index, width = self.header(reader)
        data = DataRows(self.name, header_line, self.header_cells, width)
        return self.rows_read(
            ((f"line {start}", raw) for start, raw in data.rows(reader, self.warnings)),
            index,
            f"line {header_line}",
            institution=institution,
            term=term,
            finish=lambda: data.finish(text, self.warnings),
        )

    def rows_read(
        self,
        rows: Iterable[tuple[str, list[str]]],
        index: dict[str, int],
        header_where: str,
        *,
        institution: InstitutionRecord | None,
        term: TermRecord | None,
        finish: Callable[[], None] = lambda: None,
    ) -> CatalogRecords:
        """Records of `rows`, (where, cells) under a header `index` read (canonical column → cell
        index): what reads a CSV's rows, shared with sections-json, whose records are such rows of
        cells (`finish` checks what the file has after them, once they are read)."""
        parsed: list[tuple[str, dict[str, str]]] = []
        formulas: list[tuple[str, str, str]] = []  # (where, column, cell) of each `="001"` read as `001`
        for where, raw in rows:
            cells = {c: raw[i].strip() if i < len(raw) else "" for c, i in index.items()}
            if self.day_flags:
                cells["days"] = self.flagged_days(raw, where, cells.get("registrar_id", ""))
            for column, cell in cells.items():
                if cell[:1] == "'" and cell[1:2] in FORMULA_START:
                    cells[column] = cell = cell[1:]  # what `dump` wrote so that Excel runs no formula
                    continue
                formula = TEXT_FORMULA.fullmatch(cell)
                if formula:
                    formulas.append((where, column, cell))
                    cells[column] = formula[1].strip()
            parsed.append((where, cells))
        if formulas:
            where, column, cell = formulas[0]
            self.warnings.add(
                where,
                column,
                cell,
                f"{len(formulas)} cell(s) written as an Excel text formula, such as this one, were read as the text "
                "between the quotes (how a spreadsheet keeps leading zeros)",
            )
        point_zero_ids_read(parsed, ("registrar_id", "parent_id"), noun="registrar id", warnings=self.warnings)
        if not parsed:
            raise self.fail(
                header_where,
                "no rows after the header; expected one row per meeting of each section (imported, this file "
                "would withdraw every section of the term)",
            )
        self.clock.clock24 = clock.file_clock(
            [(w, row[c]) for w, row in parsed for c in ("time", "start", "end") if c in row and row[c]]
        )
        # whether the file writes one letter a day (`TR`; then `SU` is the weekend)
        self.day_letters = clock.file_day_letters(
            (pattern["days"] if (pattern := SLOT.match(row["days"])) else row["days"])
            for _, row in parsed
            if row.get("days")
        )
        day_first = clock.file_day_first(
            [(w, row[c]) for w, row in parsed for c in ("start_date", "end_date") if c in row and row[c]]
        )
        if day_first:
            self.date_formats = clock.DAY_FIRST_FORMATS
        day_first_warn(self.warnings, day_first, "start_date/end_date")
        sections: dict[str, SectionRows] = {}
        refused: dict[str, str] = {}  # registrar id → where its first row was rejected
        sections_seen = 0
        last: SectionRows | None = None  # the section of the row above, if it was read into one
        continued: list[str] = []  # rows read as one more meeting of the section above
        for where, row in parsed:
            row = {c: row.get(c, "") for c in COLUMNS}
            rid = row["registrar_id"]
            if last is not None and not any(row[c] for c in REQUIRED) and any(row[c] for c in MEETING):
                # Banner and PeopleSoft leave a section's cells blank on its next meeting's row
                continued.append(where)
                self.add_meeting(last, {**last.row, **{c: row[c] for c in (*MEETING, "instructors")}}, where)
                continue
            last = None
            if rid in refused:
                self.warnings.add(
                    where,
                    "registrar_id",
                    rid,
                    f"another row of a section rejected at {refused[rid]}; skipped with it",
                    rid,
                )
                continue
            if rid in sections:
                if self.again(sections[rid], row, where):
                    last = sections[rid]
                else:
                    self.absorb(sections[rid], where)
                continue
            key = self.section_key(row, where)
            if key is None:
                if rid:
                    refused[rid] = where
                owner = self.codes.get((row["subject"].upper(), row["number"].upper(), row["section"]))
                if owner is not None:
                    self.absorb(owner, where, rid)
                if owner is None or rid:  # a registrar id of its own is a section of the file, rejected
                    sections_seen += 1
                continue
            sections_seen += 1
            sections[rid] = self.codes[(*key, row["section"])] = last = SectionRows(where, row, key)
            self.add_meeting(sections[rid], row, where)
        if continued:
            self.warnings.add(
                continued[0],
                "",
                "",
                f"{len(continued)} row(s) with meeting cells but no subject, number, title, section, component or "
                "registrar_id, such as this one, were read as one more meeting of the section on the row above "
                "(as Banner and PeopleSoft write a section's next meeting)",
            )
        self.clock.warn(self.warnings)
        finish()
        courses = self.courses(sections)
        if term is None:
            term = default_term_of(self.name, courses)
        return CatalogRecords(
            institution=institution or NO_INSTITUTION,
            term=term,
            courses=courses,
            sections_seen=sections_seen,
            rejected=tuple(self.rejected),
            warnings=self.warnings.problems(),
            source_name=self.name,
            times_unread="" if self.times_maybe_in_days and self.times_in_days else self.times_unread,
        )

    def header(self, reader: RowReader) -> tuple[int, dict[str, int], int]:
        """(line, canonical column → cell index, width) of the header: the first row naming
        every required column (rows above it, an export's title, skipped with a warning), else
        the first non-blank row, whose missing columns are a format error."""
        line, header = header_row(
            reader,
            is_header=lambda row: not self.missing(self.index(row, quiet=True)),
            name=self.name,
            expected=EXPECTED,
            warnings=self.warnings,
        )
        self.header_cells = [column_key(h) for h in header]
        self.header_cells_shown = [h.strip() for h in header]
        uva = uva_slot_columns(header)
        if uva:
            raise self.fail(
                f"line {line}",
                f"this looks like a UVA course listing CSV: its header has ClassNumber or Mnemonic beside the "
                f"numbered meeting slot columns {', '.join(uva[:6])}{', ...' if len(uva) > 6 else ''}, which "
                "sections-csv does not read (it reads one meeting a row: days, start, end, location, instructors), so "
                "every section would lose its meetings, instructors and links; nothing was written. Is it a uva-csv "
                "catalog? Import it with --format uva-csv (the upload page's Format: uva-csv)",
            )
        index = self.index(header, quiet=False, line=line)
        missing = self.missing(index)
        if missing:
            raise self.fail(f"line {line}", self.missing_message(missing, header))
        self.times_found(index, header)
        return line, index, len(header)

    def times_found(self, index: dict[str, int], header: list[str], *, noun: str = "column") -> None:
        """Set `times_unread` when the header (`noun`: its columns, or a JSON file's keys) has nothing read as
        a meeting's days, or nothing read as its times: every meeting of the file is then untimed."""
        lacking = [
            what
            for what, found in (
                ("days (nor day-flag columns, one a weekday)", "days" in index or bool(self.day_flags)),
                ("start, end or time", any(c in index for c in ("time", "start", "end"))),
            )
            if not found
        ]
        if not lacking:
            return
        self.times_maybe_in_days = lacking == ["start, end or time"]
        shown = ", ".join(h.strip() for h in header if h.strip())
        self.times_unread = (
            f"{'sections-json' if noun == 'key' else 'sections-csv'} reads a meeting's days from the {noun} read as "
            "days (or day flags, one a weekday) and its times from start and end (or time, or days written with "
            f"their time, 'MWF 1:00 PM - 1:50 PM'), but the {'records have' if noun == 'key' else 'header has'} no "
            f"{noun} read as {' and none read as '.join(lacking)} (by name, alias or the column mapping): "
            f"{'their keys are' if noun == 'key' else 'it has'} {shown[:400]}{'...' if len(shown) > 400 else ''}"
        )

    def index(self, header: list[str], *, quiet: bool, line: int = 1, where: str = "") -> dict[str, int]:
        """Canonical column → cell index: the mapping's headers first, then canonical names,
        then aliases. Unless `quiet`, errors for a mapped header the file lacks, and warnings
        for the aliases read and the columns read by no one (at `where`, else the header's line)."""
        where = where or f"line {line}"
        cells = [column_key(h) for h in header]
        index: dict[str, int] = {}
        for canonical, wanted in self.mapping.items():
            at, problem = header_at(header, wanted)
            if at is not None:
                other = next((c for c, i in index.items() if i == at), None)
                if other is not None:
                    problem = f"lands on the same column ({header[at].strip()!r}) as key {other!r}"
                    at = None
                else:
                    index[canonical] = at
            if at is not None or quiet:
                continue
            shown = [h.strip() for h in header if h.strip()]
            if problem:
                raise self.fail(
                    where,
                    f"{self.mapping_name}: key {canonical!r} names the header {wanted!r}, which {problem}; its headers "
                    f"are {', '.join(shown)}; expected a header the mapping names once, exactly (any case)",
                )
            close = difflib.get_close_matches(wanted, shown, n=1)
            raise CatalogFormatError(
                f"{self.mapping_name}: key {canonical!r} names the header {wanted!r}, which {self.name} lacks"
                f"{f' (did you mean {close[0]!r}?)' if close else ''}; its headers are {', '.join(shown)}",
                path=self.name,
                location=where,
            )
        flags = [] if quiet else self.flags_mapped(header, index, where)
        taken = set(index.values()) | {i for _, i in flags}
        given = {*index, *(["days"] if flags else [])}  # read through the mapping, so by no name of the header
        for i, h in enumerate(header):
            canonical = name_of(h, cells, COLUMN_NAMES, COLUMN_KEYS)
            if canonical and canonical not in given and canonical not in index and i not in taken:
                index[canonical] = i
                taken.add(i)
        aliased, passed = [], []
        named = {  # canonical → the cells naming it exactly, then loosely, in the order of its aliases
            canonical: (
                [i for alias in aliases for i, h in enumerate(header) if h.strip().casefold() == alias.casefold()],
                [i for alias in aliases for i, h in enumerate(header) if is_name(h, alias, cells)],
            )
            for canonical, aliases in COLUMNS.items()
            if canonical not in index and canonical not in given
        }
        for pool in (0, 1):  # an exact alias (`Enrl/Cap`) before a loose one (`Enrl Cap`)
            for canonical, found in named.items():
                free = [i for i in found[pool] if i not in taken]
                if canonical not in index and free:
                    index[canonical] = free[0]
                    taken.add(free[0])
                    aliased.append(f"{header[free[0]].strip()} as {canonical}")
        for canonical, (_, found) in named.items():
            used = header[index[canonical]].strip() if canonical in index else ""
            others = dict.fromkeys(header[i].strip() for i in found if i not in taken)
            passed += [f"{other} (not {canonical}: {used} is)" for other in others if used]
        if quiet:
            return index
        if self.status_mapped and "status" not in index:
            shown = [h.strip() for h in header if h.strip()]
            raise CatalogFormatError(
                f"{self.mapping_name}: key 'status' gives a value map, but {self.name} has no status column known by "
                f'name; its headers are {", ".join(shown)}; expected the map\'s "column" to name the one its values '
                "are in",
                path=self.name,
                location=where,
            )
        if not flags and "days" not in index:
            flags = weekday_run(header, taken)
            if flags:
                taken |= {i for _, i in flags}
                shown = [f"{header[i].strip()} ({WEEKDAY_NAMES[day]})" for day, i in flags]
                example = json.dumps({"days": [header[i].strip() for _, i in flags]}, ensure_ascii=False)
                self.warnings.add(
                    where, "days", ", ".join(header[i].strip() for _, i in flags), f"{len(flags)} column(s) read as "
                    f"day flags, one a weekday, as the file has no days column: {', '.join(shown)}; a meeting is on "
                    "a day whose cell holds its letter or name, Y, X or 1 (a --columns mapping names them for "
                    f"certain: {example})"
                )  # fmt: skip
        self.day_flags = tuple(flags)
        for names, said, advice in (
            (aliased, "read under another name", "check that each holds what the importer reads there (a --columns "
             "mapping names them for certain)"),
            (passed, "also named like a column read under another name, not read", "a --columns mapping names the "
             "one meant"),
        ):  # fmt: skip
            if names:
                self.warnings.add(
                    where, "", ", ".join(names)[:80], f"{len(names)} column(s) {said}: {', '.join(names)}; {advice}"
                )
        unread = [h.strip() for i, h in enumerate(header) if i not in taken and h.strip()]
        unread_warn(self.warnings, where, unread, f"{', '.join(COLUMNS)} (docs/sources.md, sections-csv)")
        return index

    def flags_mapped(self, header: list[str], index: dict[str, int], where: str) -> list[tuple[int, int]]:
        """(weekday, cell index) of the day-flag headers the mapping names, each found as a mapped
        header is; a format error naming the mapping's key for one the file lacks or shares."""
        flags = []
        shown = [h.strip() for h in header if h.strip()]
        for weekday, wanted in self.day_headers:
            at, problem = header_at(header, wanted)
            if at is not None:
                other = next((c for c, i in index.items() if i == at), None)
                if other is not None:
                    problem, at = f"lands on the same column ({header[at].strip()!r}) as key {other!r}", None
            if at is not None:
                flags.append((weekday, at))
                continue
            if not problem:
                close = difflib.get_close_matches(wanted, shown, n=1)
                problem = f"{self.name} lacks{f' (did you mean {close[0]!r}?)' if close else ''}"
            raise self.fail(
                where,
                f"{self.mapping_name}: key 'days' names the header {wanted!r} for {WEEKDAY_NAMES[weekday]}, which "
                f"{problem}; its headers are {', '.join(shown)}; expected {DAY_FLAGS_EXPECTED}, each a header of the "
                "file",
            )
        return flags

    def flagged_days(self, raw: list[str], where: str, rid: str) -> str:
        """The days (`MoWe`) a row's day-flag cells set; a cell that is no flag is warned about and
        read as no meeting that day."""
        days = []
        for weekday, i in self.day_flags:
            cell = raw[i].strip() if i < len(raw) else ""
            key = cell.casefold()
            if key in FLAG_OFF:
                continue
            if key in FLAG_ON or key.rstrip(".") in FLAG_DAY[weekday]:
                days.append(WEEKDAYS[weekday])
                continue
            name = WEEKDAY_NAMES[weekday]
            self.warnings.add(
                where, "days", cell, f"not a day flag in the {name} column {self.header_cells_shown[i]!r}; expected "
                f"{FLAG_LETTERS[weekday]} (or {name[:3]}, Y, X, 1) for a meeting on {name}, or blank (N, 0) for none; "
                f"read as no meeting on {name}", rid
            )  # fmt: skip
        return "".join(days)

    @staticmethod
    def missing(index: dict[str, int]) -> list[str]:
        return [c for c in REQUIRED if c not in index]

    def missing_message(self, missing: list[str], header: list[str]) -> str:
        """What a header lacking required columns misses, what it has, the closest header to
        each missing column and the mapping that would name them."""
        shown = [h.strip() for h in header if h.strip()]
        suggested: dict[str, str] = {}
        for canonical in missing:
            names = {column_key(n): n for n in (canonical, *COLUMNS[canonical])}
            best = max(
                ((difflib.SequenceMatcher(None, key, column_key(h)).ratio(), h) for h in shown for key in names),
                default=(0.0, ""),
            )
            if best[0] >= 0.6 and best[1] not in suggested.values():
                suggested[canonical] = best[1]
        hint = ""
        if suggested:
            closest = ", ".join(f"{c}: {h!r}" for c, h in suggested.items())
            hint = f"; the closest headers are {closest}"
        example = {c: suggested.get(c, "<your header>") for c in missing}
        return (
            f"missing required column(s) {', '.join(missing)}; expected a header naming {', '.join(REQUIRED)} "
            f"(any case and order; spaces, _ and - ignored; or a common alias, docs/sources.md); found "
            f"{', '.join(shown[:20])}{', ...' if len(shown) > 20 else ''}{hint}. Name the file's headers with a "
            f"column mapping (--columns mapping.json, or the upload page's Column mapping): {json.dumps(example)}"
        )

    def section_key(self, row: dict[str, str], where: str) -> tuple[str, str] | None:
        """The course (subject, number) of a row opening a new section, or None when it is
        rejected (the reason goes to `rejected`)."""
        rid, subject, number = row["registrar_id"], row["subject"], row["number"]
        code, kind = row["section"], row["component"]
        if not (code or kind) and not (subject and number):
            text = " ".join(v for v in row.values() if v)
            self.reject(
                where,
                "",
                text,
                rid,
                "no section, component or course, so no section: a total or a note below the rows? (delete it; "
                "a section's row names its subject, number, section, component and registrar_id)",
            )
            return None
        problem, named = registrar_id_problem(rid, "registrar id")
        if problem:
            self.reject_unnamed(where, "registrar_id", rid, named, problem, f"{subject} {number}", code)
            return None
        for column, value in (("subject", subject), ("number", number)):
            problem = url_segment_problem(column, value, "such as 'CS' '1110'")
            if not value or len(value) > 20 or problem:
                self.reject(
                    where, column, value, rid, problem or f"expected a course {column} of 1-20 characters, such as "
                    f"{'CS' if column == 'subject' else '1110'!r}"
                )  # fmt: skip
                return None
        if not code or len(code) > 20:
            self.reject(where, "section", code, rid, "expected a section code of 1-20 characters, such as '001'")
            return None
        if not kind:
            self.reject(where, "component", "", rid, "no component (LEC, Lecture, LAB, Laboratory, DIS...)")
            return None
        key = (subject.upper(), number.upper())  # `cs 1110` and `CS 1110` are one course, in capitals
        other = self.codes.get((*key, code))
        if other is not None:
            self.reject(
                where,
                "section",
                code,
                rid,
                f"section code already used by registrar id {other.row['registrar_id']} ({other.where}) of "
                f"{subject} {number}; rows of one section share its registrar id",
            )
            return None
        return key

    def absorb(self, rows: SectionRows, where: str, rid: str = "") -> None:
        """The row at `where`, just rejected, quarantines the section `rows` it shares a registrar
        id or section code with (it may be that section's meeting). A row under another
        registrar id `rid` stays rejected, a section of its own that the reason names; one
        without is no section of its own."""
        problem = self.rejected[-1] if rid else self.rejected.pop()
        field = f"{problem.field} {problem.value!r}: " if problem.field else ""
        named = f" (registrar id {rid})" if rid else ""
        rows.problems.append(f"its row at {where}{named} was rejected: {field}{problem.message}")

    def again(self, rows: SectionRows, row: dict[str, str], where: str) -> bool:
        """Whether `row` is one more meeting of the section `rows` (same course, section and
        component), merged into it; section-level cells that differ are reported, the first
        row's kept. False when it names another section under the same registrar id: the row
        is rejected."""
        first = rows.row
        rid = row["registrar_id"]
        course = (row["subject"].upper(), row["number"].upper())
        if course != rows.course or (row["section"], component_code(row["component"])) != (
            first["section"],
            component_code(first["component"]),
        ):
            self.reject(
                where,
                "registrar_id",
                rid,
                rid,
                f"registrar id already used by {rows.where} ({first['subject']} {first['number']} "
                f"{first['component']} {first['section']}); rows of one section must name the same course, "
                "section and component",
            )
            return False
        differ = [
            c
            for c in SECTION
            if row[c] and first[c] and clean(row[c]) != clean(first[c]) and c != "component"  # `Lecture` is `LEC`
        ]
        if differ:
            self.warnings.add(
                where,
                ", ".join(differ),
                "; ".join(row[c] for c in differ)[:80],
                f"a row of the section of {rows.where} (registrar id {rid}) gives other {', '.join(differ)}; the "
                f"first row's are kept ({'; '.join(first[c] for c in differ)[:80]})",
                rid,
            )
        self.add_meeting(rows, row, where)
        return True

    def add_meeting(self, rows: SectionRows, row: dict[str, str], where: str) -> None:
        """The row's meeting and instructors added to its section; an unusable meeting is
        dropped with its reason (the section is quarantined)."""
        rid = row["registrar_id"]
        for name in instructor_names(row["instructors"]):
            name = self.cut(name, INSTRUCTOR_LIMIT, where, "instructors", rid)
            if name not in rows.instructors:
                rows.instructors.append(name)
        location = clean(row["location"])
        if location.upper() == "TBA":
            location = ""
        if location:
            rows.rooms.append(location)
        given = row["meeting_kind"]
        kind = KINDS.get(" ".join(given.lower().split())) if given else None
        if given and kind is None:
            self.warnings.add(
                where, "meeting_kind", given, "unknown meeting kind; expected weekly, exam or one_off; inferred", rid
            )
        meeting, problem = self.meeting(row, self.cut(location, 200, where, "location", rid), where, rid)
        if problem:
            rows.problems.append(f"{where} {problem}; the meeting was dropped")
            return
        if meeting is None:
            return
        if kind is not None:
            meeting = replace(meeting, kind=kind)
        if meeting.exam_over_a_range:
            dates = f"{row['end_date']!r} (start_date {row['start_date']!r})"
            rows.problems.append(f"{where} end_date {dates}: {EXAM_OVER_A_RANGE}; the meeting was dropped")
            return
        if meeting.over_a_range_text:
            self.warnings.add(where, "end_date", row["end_date"], meeting.over_a_range_text, rid)
        if all(m != meeting for m, _ in rows.meetings):
            rows.meetings.append((meeting, kind is not None))

    def meeting(self, row: dict[str, str], location: str, where: str, rid: str) -> tuple[MeetingRecord | None, str]:
        """The row's meeting (None when its meeting cells say nothing worth keeping), or why
        it cannot be trusted, naming the column and the value."""
        days_text = row["days"]
        pattern = SLOT.match(days_text) if not (row["time"] or row["start"] or row["end"]) else None
        if pattern:  # `MWF 9:00am - 9:50am`: days and time in one cell, a meeting pattern
            days_text, row = pattern["days"], {**row, "time": pattern["times"]}
            self.times_in_days = True
        first, last, problem = self.dates(row)
        if problem:
            return None, problem
        if row["time"]:
            time_text, time_label = row["time"], "time"
            self.times_agree(row, where, rid)
        elif row["start"] or row["end"]:
            time_text, time_label = f"{row['start']} - {row['end']}", "start/end"
            # each end checked alone: `TBA - TBA`, `TBA - ` and `TBD - TBD` are no set time, not a range
            unset = [c for c in ("start", "end") if not row[c] or clock.no_set_time(row[c])]
            if len(unset) == 2:
                time_text = ""
            elif unset:
                return None, f"start/end {time_text!r}: no {unset[0]} time; expected both, such as '1:00pm' '1:50pm'"
        else:
            time_text, time_label = "", "start/end"
        untimed = MeetingRecord((), None, None, first, last, location) if location or first or last else None
        days_none = not days_text or clock.no_set_time(days_text)
        time_none = not time_text or clock.no_set_time(time_text)
        if days_none and time_none:
            return untimed, ""
        if time_none:
            self.warnings.add(where, "days", days_text, "days without a time; kept as a meeting with no set time", rid)
            return untimed, ""
        if days_none:
            self.warnings.add(
                where, time_label, time_text, "a time without days; kept as a meeting with no set time", rid
            )
            return untimed, ""
        days = clock.weekdays(days_text, self.day_letters)
        if not days:
            return None, f"days {days_text!r}: expected days such as 'MoWeFr', 'MWF', 'TR' or 'Mon/Wed'"
        ambiguous = clock.day_letters_ambiguous(days_text, self.day_letters)
        if ambiguous:
            self.warnings.add(where, "days", days_text, ambiguous, rid)
        try:
            start, end = self.clock.time_range(time_text, where, rid)
        except ValueError as exc:
            return None, f"{time_label} {time_text!r}: not a time range ({exc})"
        problem = clock.meeting_problem(start, end, first, last)
        if problem:
            return None, f"{time_label} {time_text!r}: {problem}"
        return MeetingRecord(days, start, end, first, last, location), ""

    def times_agree(self, row: dict[str, str], where: str, rid: str) -> None:
        """A warning when a row fills `time` and `start`/`end` with other times (`time` is read)."""
        if not (row["start"] and row["end"]):
            return
        ranges = []
        for text in (row["time"], f"{row['start']} - {row['end']}"):
            try:
                ranges.append(clock.time_range(text, twenty_four=self.clock.clock24 is not None))
            except ValueError:
                ranges.append(None)
        if ranges[0] != ranges[1]:
            self.warnings.add(
                where,
                "time",
                row["time"],
                f"time and start/end ({row['start']!r} {row['end']!r}) give other times; time is read",
                rid,
            )

    def dates(self, row: dict[str, str]) -> tuple[date | None, date | None, str]:
        """(first, last) date of the row's meeting, or why they cannot be read."""
        read: list[date | None] = []
        for column in ("start_date", "end_date"):
            text = row[column]
            if not text or clock.no_set_time(text):
                read.append(None)
                continue
            try:
                day = clock.parse_date(text, self.date_formats)
            except ValueError:
                return None, None, f"{column} {text!r}: not a date such as {clock.DATE_EXAMPLES}"
            if not SANE_DATES[0] <= day <= SANE_DATES[1]:
                return None, None, f"{column} {text!r}: a year no term can have"
            read.append(day)
        first, last = read
        if first and last and last < first:
            return None, None, f"end_date {row['end_date']!r}: before start_date {row['start_date']!r}"
        return first, last, ""

    def courses(self, sections: dict[str, SectionRows]) -> tuple[CourseRecord, ...]:
        """The courses of the sections, in the order the file first lists them, with links."""
        by_course: dict[tuple[str, str], list[SectionRows]] = {}
        for rows in sections.values():
            by_course.setdefault(rows.course, []).append(rows)
        courses = []
        for key, members in by_course.items():
            titled = next((rows for rows in members if clean(rows.row["title"])), members[0])
            first = titled.row
            by_id = {rows.row["registrar_id"]: rows for rows in members}
            kinds_filed = component_codes([rows.row["component"] for rows in members])
            records = self.loops_unlinked([self.section(rows, by_id, kinds_filed) for rows in members], members)
            title = self.cut(clean(first["title"]), 300, titled.where, "title", first["registrar_id"])
            if not title:
                title = f"{key[0]} {key[1]}"
                self.warnings.add(
                    titled.where, "title", "", f"no title in any row of the course; titled by its code {title!r}",
                    first["registrar_id"]
                )  # fmt: skip
            for rows in members:
                title_here = clean(rows.row["title"])
                if rows is not titled and title_here and title_here != clean(first["title"]):
                    self.warnings.add(
                        rows.where,
                        "title",
                        title_here,
                        f"{key[0]} {key[1]}: a title other than its course's first row gives; the course keeps "
                        f"{clean(first['title'])[:80]!r}",
                        rows.row["registrar_id"],
                    )
            least, most = credits_of([self.units(rows) for rows in members])
            courses.append(
                CourseRecord(
                    subject=key[0],
                    number=key[1],
                    title=title,
                    credits_min=least,
                    credits_max=most,
                    description=self.described(members),
                    sections=tuple(records),
                    prerequisites=self.described(members, "prerequisites"),
                )
            )
        return tuple(courses)

    def section(
        self, rows: SectionRows, by_id: dict[str, SectionRows], kinds_filed: dict[str, tuple[str, str]]
    ) -> SectionRecord:
        """The section of `rows`; `by_id` maps its course's registrar ids to their rows, for its
        parent link, `kinds_filed` its course's component cells to codes (`component_codes`)."""
        row, where = rows.row, rows.where
        rid = row["registrar_id"]
        parent = None
        if row["parent_id"] and row["parent_id"] != rid:
            parent = self.parent(rows, by_id, kinds_filed)  # a parent naming no section quarantines: first
        elif row["parent_id"]:
            self.warnings.add(
                where, "parent_id", rid, "names this section itself; a section is taken with a section of another "
                "component (a lab with its lecture): the link is dropped", rid
            )  # fmt: skip
        problems = [p for p in (clean(row["quarantine"]), *rows.problems) if p]
        kind = row["component"]
        known = component_of(kind)
        name = self.cut(clean(row["component_name"]), 100, where, "component_name", rid)
        code, note = kinds_filed[kind]
        component = (code, name or (known[1] if known else self.cut(clean(kind).title(), 100, where, "component", rid)))
        if note and (not name or code != kind.upper()):  # a code not as written is warned, named or not
            self.warnings.add(where, "component", kind, note, rid)
        status, unknown = status_of(row["status"], expected=STATUS_VALUES, known=self.statuses)
        if unknown:
            hint = ' (a column mapping can say what it means: {"status": {"values": {"Z": "cancelled"}}})'
            self.warnings.add(where, "status", row["status"], unknown + hint, rid)
        enrolled, capacity = self.count(row, "enrolled", where), self.count(row, "capacity", where)
        if row["seats"] and enrolled is None and capacity is None:
            enrolled, capacity = self.seats(row, where)
        how = MODALITIES.get(" ".join(row["modality"].lower().split()))
        if how is None:
            how = modality(rows.rooms)
            if row["modality"]:
                self.warnings.add(
                    where, "modality", row["modality"], f"unknown modality; expected in_person, online or hybrid; "
                    f"taken as {how} from the rooms", rid
                )  # fmt: skip
        return SectionRecord(
            registrar_id=rid,
            code=row["section"],
            component=component[0],
            component_name=component[1],
            status=status,
            capacity=capacity,
            enrolled=enrolled,
            waitlist=self.count(row, "waitlist", where),
            instructors=tuple(rows.instructors),
            campus=self.cut(clean(row["campus"]), 100, where, "campus", rid),
            modality=how,
            notes=self.cut(clean_lines(row["notes"]), NOTES_LIMIT, where, "notes", rid),
            parent_code=parent,
            meetings=kinds(rows.meetings),
            quarantine="; ".join(problems),
            source=where,
        )

    def loops_unlinked(self, records: list[SectionRecord], members: list[SectionRows]) -> list[SectionRecord]:
        """The course's `records` (of `members`' rows, in order) with every link of a loop of three
        sections or more dropped, each with a warning naming the loop (`parent` drops a link of a
        section of its own component or one naming it in turn): A → B → C → A says none of them is
        taken first, and the scheduler needs links that end at a section taken with no other."""
        loops = parent_loops({r.code: r.parent_code for r in records if r.parent_code})
        if not loops:
            return records
        rows_of = {r.code: rows for r, rows in zip(records, members, strict=True)}
        in_loop = {code: loop for loop in loops for code in loop}
        result = []
        for r in records:
            loop = in_loop.get(r.code)
            if loop is None:
                result.append(r)
                continue
            at = loop.index(r.code)
            codes = (*loop[at:], *loop[:at], r.code)
            path = " → ".join(f"{code} ({rows_of[code].where})" for code in codes)
            rows = rows_of[r.code]
            self.warnings.add(
                rows.where, "parent_id", rows.row["parent_id"], f"names section {r.parent_code} in a loop of "
                f"links: {path}, so none of them is taken first; a section is taken with a section of another "
                "component (a lab with its lecture), one way: the link is dropped", rows.row["registrar_id"]
            )  # fmt: skip
            result.append(replace(r, parent_code=None))
        return result

    def parent(
        self, rows: SectionRows, by_id: dict[str, SectionRows], kinds_filed: dict[str, tuple[str, str]]
    ) -> str | None:
        """The section code of the parent `rows` names, or None: a parent naming no section of the
        course quarantines it; a link to a section of its own component, or to one naming it as
        its parent in turn, is dropped with a warning (a section is taken with one of another
        component, one way: a lab with its lecture)."""
        row, where, rid = rows.row, rows.where, rows.row["registrar_id"]
        pid = row["parent_id"]
        other = by_id.get(pid)
        if other is None:
            rows.problems.append(
                f"{where} parent_id {pid!r}: names no section of {rows.course[0]} {rows.course[1]} in the file; "
                "expected the registrar id of the section this one is taken with"
            )
            return None
        code = kinds_filed[row["component"]][0]
        if kinds_filed[other.row["component"]][0] == code:
            why = f"names section {other.row['section']} ({other.where}), of its own component {code}"
        elif other.row["parent_id"] == rid:
            why = f"names section {other.row['section']} ({other.where}), which names this one as its parent: a loop"
        else:
            return other.row["section"]
        self.warnings.add(
            where, "parent_id", pid, f"{why}; a section is taken with a section of another component (a lab with its "
            "lecture), one way: the link is dropped", rid
        )  # fmt: skip
        return None

    def described(self, members: list[SectionRows], column: str = "description") -> str:
        """The course's description (or its prerequisites, `column`): the first row of it that gives
        one, cut to what the catalog keeps (with a warning at that row)."""
        row = next((rows for rows in members if rows.row[column]), None)
        if row is None:
            return ""
        text = clean_lines(row.row[column])
        limit = PREREQUISITES_LIMIT if column == "prerequisites" else DESCRIPTION_LIMIT
        return self.cut(text, limit, row.where, column, row.row["registrar_id"])

    def cut(self, text: str, limit: int, where: str, field: str, rid: str) -> str:
        """`text` cut to the `limit` characters the catalog keeps of `field`, with a warning when
        that loses any (`textclean.cut`, as every format)."""
        return cut(text, limit, warnings=self.warnings, where=where, field=field, rid=rid)

    def count(self, row: dict[str, str], column: str, where: str) -> int | None:
        """A seat count, or None (with a warning) when the cell is not a whole number >= 0."""
        return count_cell(row[column], warnings=self.warnings, where=where, field=column, rid=row["registrar_id"])

    def seats(self, row: dict[str, str], where: str) -> tuple[int | None, int | None]:
        """(enrolled, capacity) of a `seats` cell such as `25/30`, or (None, None) with a warning."""
        parts = row["seats"].split("/")
        if len(parts) == 2:
            enrolled = self.count({**row, "seats": parts[0].strip()}, "seats", where)
            capacity = self.count({**row, "seats": parts[1].strip()}, "seats", where)
            return enrolled, capacity
        self.warnings.add(
            where, "seats", row["seats"], "expected ENROLLED/CAPACITY such as '25/30'; left empty", row["registrar_id"]
        )
        return None, None

    def units(self, rows: SectionRows) -> tuple[Decimal, Decimal] | None:
        text = rows.row["credits"]
        if not text:
            return None
        units, message = credits_cell(text)
        if message:
            self.warnings.add(rows.where, "credits", text, message, rows.row["registrar_id"])
        return units


COLUMN_KEYS = {column_key(c): c for c in COLUMNS}
TEXT_FORMULA = re.compile(r'="([^"]*)"')  # Excel's `="001"`: the text 001, leading zeros kept
COLUMN_NAMES = {c.casefold(): c for c in COLUMNS}


def uva_slot_columns(header: list[str]) -> list[str]:
    """The numbered meeting slot columns (`Days1`, `Room1`, `Instructor1`, `MeetingDates1`...) of a
    header that also names uva-csv's ClassNumber or Mnemonic: a UVA course listing, one row per
    section with up to four meetings across, which this format would read as sections with no
    meetings (its aliases read ClassNumber, Mnemonic and Type). Empty for any other header."""
    keys = {column_key(h) for h in header}
    if not keys & {"classnumber", "mnemonic"}:
        return []
    return [h.strip() for h in header if uva_csv.SLOT_COLUMN.fullmatch(column_key(h))]


def mapping_headers(mapping: Mapping[str, Any]) -> dict[str, str]:
    """Canonical column → the header a column mapping names for it: a string, or a status object's
    `column` (the day-flag headers of `days` are `day_flags_of`'s)."""
    headers = {}
    for key, value in mapping.items():
        if isinstance(value, dict) and key == "status":
            value = value.get("column")
        if isinstance(value, str):
            headers[key] = value
    return headers


def weekday_of(header: str) -> int | None:
    """The weekday a header cell names as a day-flag column (`M`, `R`, `Mon`, `THURS`, `Monday`,
    `MON_DAY`), Monday = 0, or None."""
    key = column_key(header)
    day = clock.DAY_NAMES.get(key)
    if day is None and key.endswith("day") and len(key) > 3:
        day = clock.DAY_NAMES.get(key[:-3])
    return day


def weekday_run(header: list[str], taken: set[int]) -> list[tuple[int, int]]:
    """(weekday, cell index) of the first run of adjacent header cells not `taken` that each name
    another weekday and together Monday to Friday at least (Banner's `M T W R F S U`, PeopleSoft's
    `Mon ... Sun`, Sunday first or last), sorted Monday first; [] when the header has none. Fewer,
    or cells apart, are too likely some other column named `M` or `F`."""
    at = 0
    while at < len(header):
        run: dict[int, int] = {}
        end = at
        while end < len(header) and end not in taken:
            day = weekday_of(header[end])
            if day is None or day in run:
                break
            run[day] = end
            end += 1
        if set(range(5)) <= set(run):
            return sorted(run.items())
        at = max(end, at + 1)
    return []


def header_at(header: list[str], wanted: str) -> tuple[int | None, str]:
    """(index, "") of the one header cell that is `wanted` (stripped, any case), else of the one
    whose `column_key` is its (non-empty) key; (None, why) when that is ambiguous or empty,
    (None, "") when no cell is it."""
    exact = [i for i, h in enumerate(header) if h.strip().casefold() == wanted.strip().casefold()]
    if len(exact) == 1:
        return exact[0], ""
    if exact:
        return None, f"the file has {len(exact)} times"
    key = column_key(wanted)
    if not key:
        return None, "has no letter or digit a-z 0-9 to compare loosely, and no header is exactly"
    loose = [i for i, h in enumerate(header) if column_key(h) == key]
    if len(loose) > 1:
        return (
            None,
            f"is not exactly any header and loosely several: {', '.join(repr(header[i].strip()) for i in loose)}",
        )
    return (loose[0], "") if loose else (None, "")


def name_of(cell: str, keys: list[str], names: dict[str, str], loose: dict[str, str]) -> str | None:
    """The canonical column a header cell names through `names` (exactly, any case) or, when no
    other cell of the header (`keys`, as `column_key` gives them) has its non-empty key, `loose`."""
    exact = names.get(cell.strip().casefold())
    if exact:
        return exact
    key = column_key(cell)
    return loose.get(key) if key and keys.count(key) == 1 else None


def is_name(cell: str, name: str, keys: list[str]) -> bool:
    """Whether a header cell is `name` (`name_of` with that one name)."""
    return name_of(cell, keys, {name.casefold(): name}, {column_key(name): name}) is not None


def component_code(kind: str) -> str:
    """What a component cell names, to compare two rows: `Lecture` and `lec` are `LEC`, `Lab-A`
    and `lab a` are `LABA` (the code it is filed under may differ: `component_codes`)."""
    known = component_of(kind)
    return known[0] if known else component_key(kind).upper()


def instructor_names(cell: str) -> list[str]:
    """The names of an instructors cell, separated by `;`, `|` or line breaks (a comma stays in
    a name: `Lee, Ann`); placeholders (`Staff`, `TBA`) dropped."""
    names = []
    for name in cell.replace("|", ";").replace("\n", ";").split(";"):
        name = clean(name)
        if name.lower() not in NO_INSTRUCTOR and name not in names:
            names.append(name)
    return names


def kinds(meetings: list[tuple[MeetingRecord, bool]]) -> tuple[MeetingRecord, ...]:
    """The meetings with the kinds the file gives, the others inferred (`with_kinds`)."""
    inferred = with_kinds([m for m, _ in meetings])
    return tuple(m if given else guess for (m, given), guess in zip(meetings, inferred, strict=True))


def dump(records: CatalogRecords, *, columns: Mapping[str, Any] | None = None) -> bytes:
    """sections-csv (UTF-8) of `records`: one row per meeting, a section without meetings on one
    row of its own; headers are the canonical names or, with `columns`, the mapping's (day-flag
    headers for `days` get a column each, holding the day's letter, `M`, when it meets then)."""
    columns = columns or {}
    headers = mapping_headers(columns)
    days = columns.get("days")
    flags = day_flags_of(days)[0] if isinstance(days, (list, dict)) else ()
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [h for c in DUMPED for h in ([h for _, h in flags] if c == "days" and flags else [headers.get(c, c)])]
    )
    for course in records.courses:
        ids = {s.code: s.registrar_id for s in course.sections}
        low, high = course.credits_min, course.credits_max
        units = "" if low is None else number(low) if low == high else f"{number(low)} - {number(high)}"
        for s in course.sections:
            values = {
                "subject": course.subject,
                "number": course.number,
                "title": course.title,
                "credits": units,
                "description": course.description,
                "prerequisites": course.prerequisites,
                "component": s.component,
                "component_name": s.component_name,
                "section": s.code,
                "registrar_id": s.registrar_id,
                "parent_id": ids.get(s.parent_code, "") if s.parent_code else "",
                "status": s.status,
                "capacity": "" if s.capacity is None else str(s.capacity),
                "enrolled": "" if s.enrolled is None else str(s.enrolled),
                "waitlist": "" if s.waitlist is None else str(s.waitlist),
                "instructors": "; ".join(s.instructors),
                "campus": s.campus,
                "modality": s.modality,
                "notes": s.notes,
                "quarantine": s.quarantine,
            }
            for m in s.meetings or (None,):
                meeting = {} if m is None else {
                    "days": "".join(WEEKDAYS[d] for d in m.days),
                    "start": m.start.strftime("%H:%M") if m.start else "",
                    "end": m.end.strftime("%H:%M") if m.end else "",
                    "start_date": m.first_date.isoformat() if m.first_date else "",
                    "end_date": m.last_date.isoformat() if m.last_date else "",
                    "location": m.location,
                    "meeting_kind": m.kind,
                }  # fmt: skip
                cells = {**values, **meeting}
                if flags:
                    on = m.days if m is not None else ()
                    cells["days"] = [FLAG_LETTERS[day] if day in on else "" for day, _ in flags]
                writer.writerow([inert(c) for c in dumped_cells(cells)])
    return out.getvalue().encode("utf-8")


def dumped_cells(cells: dict[str, str | list[str]]) -> list[str]:
    """A row's cells in the order of DUMPED, the day flags (a list) in their columns."""
    row: list[str] = []
    for c in DUMPED:
        cell = cells.get(c, "")
        row += cell if isinstance(cell, list) else [cell]
    return row


def inert(cell: str) -> str:
    """`cell` as Excel shows it without running it: one starting with `=`, `+`, `-`, `@`, a tab or
    a carriage return after a `'` (a file registrars open; `parse` drops the `'`)."""
    return f"'{cell}" if cell.startswith(FORMULA_START) else cell


def number(value: Decimal) -> str:
    """`3.00` → `3`, `1.50` → `1.5`: credits as a registrar writes them."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
