"""University of Virginia course listing CSV: one row per section, up to four meeting slots.

Columns are read by name in any case, extra columns ignored. docs/sources.md gives the column
mapping, the hundred-block link rule and what is rejected, quarantined or warned about.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from catalog.sources import clock
from catalog.sources.records import (
    SANE_DATES,
    CatalogFormatError,
    CatalogRecords,
    CourseRecord,
    InstitutionRecord,
    MeetingKind,
    MeetingRecord,
    Problem,
    SectionRecord,
    TermRecord,
)
from catalog.sources.spreadsheet import (
    NO_INSTRUCTOR,
    SLOT,
    DataRows,
    FileClock,
    Rejects,
    RowReader,
    Tally,
    component_codes,
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
    check_size,
    clean,
    column_key,
    cut,
    decode_spreadsheet,
    separator,
)

INSTITUTION = InstitutionRecord("uva", "University of Virginia", "America/New_York")
REQUIRED = ("ClassNumber", "Mnemonic", "Number", "Section", "Type", "Title")
SLOTS = (1, 2, 3, 4)
# a slot's time may sit in `Days{i}` (`MoWeFr 1:00pm - 1:50pm`) or in columns of its own, a
# range `Time{i}` or `StartTime{i}` and `EndTime{i}` beside days alone (`Days1` = `MoWeFr`); its
# dates in `MeetingDates{i}` or in `StartDate{i}` and `EndDate{i}`
SLOT_COLUMNS = ("Instructor", "Days", "Room", "MeetingDates", "Time", "StartTime", "EndTime", "StartDate", "EndDate")
UNNUMBERED = {c.lower() for c in SLOT_COLUMNS}  # named without a number in a file with one slot
# other names an export gives a slot's columns (as column_key gives them, before any number)
TIME_ALIASES = {"start": "starttime", "begin": "starttime", "begintime": "starttime", "end": "endtime"}
TIME_ALIASES |= {"times": "time", "meetingtime": "time", "meetingtimes": "time"}
TIME_ALIASES |= {"begindate": "startdate", "firstdate": "startdate", "lastdate": "enddate"}
SLOT_ALIASES = {"instructors": "instructor", "instructorname": "instructor", "location": "room"}
SLOT_ALIASES |= {"meetingdays": "days", "dates": "meetingdates", "meetingdate": "meetingdates"}
# other names of the other columns, read (with a warning) when the header lacks the usual one
ALIASES = {
    "ClassNumber": ("CRN", "Class Nbr", "Class No", "Class Num"),
    "Mnemonic": ("Subject", "Subj", "Subject Code"),
    "Number": ("Catalog Number", "Catalog Nbr", "Catalog No", "Catalog", "Course Number", "Course Nbr", "Course No"),
    "Section": ("Section Number", "Section Nbr", "Section No", "Section Code", "Sect"),
    "Type": ("Component", "Component Type", "Section Type"),
    "Title": ("Course Title", "Class Title"),
    "Units": ("Credits", "Credit Hours", "Credit"),
    "Enrollment": ("Enrolled", "Enrollment Total", "Enrl Tot"),
    "EnrollmentLimit": ("Capacity", "Cap", "Enrollment Capacity", "Enrollment Cap", "Max Enrollment", "Enrl Cap"),
    "Waitlist": ("Waitlisted", "Waitlist Total", "Waitlist Count", "Wait Tot"),
    "Description": ("Course Description", "Descr"),
}
# a column holding the whole course code (`CS 1110`), read when Mnemonic and Number are absent
COURSE_COLUMNS = ("course", "coursecode", "courseid")
COURSE_CODE = re.compile(r"\s*([A-Za-z]{1,10})\s*[- ]?\s*([0-9][0-9A-Za-z]{0,9})\s*")
# the other names as column_key gives them
ALIAS_KEYS = {c: tuple(re.sub(r"[^a-z0-9]", "", n.lower()) for n in names) for c, names in ALIASES.items()}
IGNORED = {"disciplines", "cost"}  # UVA columns the catalog has no place for, read by no one
# a header cell's column_key naming a numbered slot column
SLOT_COLUMN = re.compile(r"(instructor|days|room|meetingdates|time|starttime|endtime|startdate|enddate)([0-9]{1,2})")
OPTIONAL = (
    "Units",
    "Topic",
    "Status",
    "Enrollment",
    "EnrollmentLimit",
    "Waitlist",
    "Description",
    *(f"{column}{i}" for i in SLOTS for column in SLOT_COLUMNS),
)
EXPECTED = f"a UVA course listing CSV whose header names {', '.join(REQUIRED)}"
# where one Days cell lists a second pattern: a `,`, `;` or line break after a time and before days
# and a time (`MoWe 1:00pm - 1:50pm; Fr 9:00am - 9:50am`); `Mo, We 1:00pm` is one pattern
PATTERNS = re.compile(r"(?:(?<=[0-9])|(?<=[ap]m)|(?<=[AP]M)|(?<=\.))\s*[,;\n]\s*(?=[A-Za-z][A-Za-z\s,/.&+-]*?\s[0-9])")
SUBJECT = re.compile(r"[A-Za-z]{1,10}")
NUMBER = re.compile(r"[0-9][0-9A-Za-z]{0,9}")


def parse(
    path: str | os.PathLike[str],
    *,
    institution: InstitutionRecord | None = None,
    term: TermRecord | None = None,
) -> CatalogRecords:
    """Records from a UVA CSV file; its size is checked before it is read."""
    path = Path(path)
    check_size(path)
    return parse_bytes(path.read_bytes(), name=str(path), institution=institution, term=term)


def parse_bytes(
    data: bytes,
    *,
    name: str = "<upload>",
    institution: InstitutionRecord | None = None,
    term: TermRecord | None = None,
) -> CatalogRecords:
    """Records from UVA CSV bytes; institution and term default to UVA and the file name
    (`2025_fall.csv` → term `2025-fall`, "Fall 2025", first and last day from the meetings).
    UTF-8, UTF-16 with a byte-order mark and Windows-1252 are read (`decode_spreadsheet`)."""
    decoded = decode_spreadsheet(data, name=name, expected=EXPECTED)
    text = decoded.text
    if text.lstrip()[:1] in ("{", "["):
        raise CatalogFormatError(
            f"expected a CSV with header {', '.join(REQUIRED)}, ...; this looks like JSON "
            "(is it a gatech-json or canonical catalog, or a registrar's dump to read as sections-json?)",
            path=name,
            location="line 1",
        )
    reader = Reader(name)
    if decoded.warning is not None:  # first among the warnings: every name may depend on it
        note = decoded.warning
        reader.warnings.add(note.location, note.field, note.value, note.message)
    return reader.read(text, institution=institution, term=term)


KNOWN = {re.sub(r"[^a-z0-9]", "", c.lower()): c for c in (*REQUIRED, *OPTIONAL)}


def delimiter(text: str) -> str:
    """The field separator of the header: a comma, or the `;` or tab a spreadsheet saved with,
    whichever splits one of the first non-blank lines into the most required column names."""
    required = {column_key(c) for c in REQUIRED} | {other for c in REQUIRED for other in ALIAS_KEYS[c]}
    return separator(text, required)


@dataclass
class CourseRows:
    """What the rows of one course gave so far: the first row giving a title (`titled`) and the
    first giving a description (`described`), each with its place and class number, its
    sections, their units and their section codes."""

    titled: tuple[dict[str, str], str, str] | None = None
    described: tuple[dict[str, str], str, str] | None = None
    sections: list[SectionRecord] = field(default_factory=list)
    units: list[tuple[Decimal, Decimal] | None] = field(default_factory=list)
    codes: set[str] = field(default_factory=set)
    kinds: list[str] = field(default_factory=list)  # each section's Type cell


class Reader(Rejects):
    """One file's parse, collecting rejections and warnings as it goes."""

    def __init__(self, name: str):
        self.name = name
        self.rejected: list[Problem] = []
        self.warnings = Tally()
        self.slots = SLOTS  # the meeting slots the header has columns for (set by `header`)
        # class number → (line, row, course key, rooms) of the row that listed the section
        self.listed: dict[str, tuple[str, dict[str, str], tuple[str, str], list[str]]] = {}
        self.header_line = 1
        self.header_cells: list[str] = []  # the header's cells as column_key gives them
        self.day_letters: bool | None = None  # whether the file writes one letter a day (read with its rows)
        self.clock = FileClock()  # whether the file is on a 24-hour clock, and the ranges read so
        self.day_first: tuple[str, str] | None = None  # where the file shows it writes dates day first
        self.course_column: int | None = None  # the cell of a course code `CS 1110`, when the file has one
        self.times_unread = ""  # set by `header` when it has no Days1 (records.CatalogRecords.times_unread)

    def fail(self, location: str, message: str) -> CatalogFormatError:
        return CatalogFormatError(message, path=self.name, location=location)

    def read(self, text: str, *, institution: InstitutionRecord | None, term: TermRecord | None) -> CatalogRecords:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text), strict=True)
        index, width = self.header(reader)
        header_line = self.header_line
        courses: dict[tuple[str, str], CourseRows] = {}
        seen_ids: set[str] = set()
        sections_seen = 0
        parsed: list[tuple[str, dict[str, str]]] = []  # (where, row) of every non-blank row
        data = DataRows(self.name, header_line, self.header_cells, width)
        for start, raw in data.rows(reader, self.warnings):
            row = {c: raw[i].strip() if i is not None and i < len(raw) else "" for c, i in index}
            if self.course_column is not None:  # `CS 1110` → CS, 1110 (unreadable: all in Mnemonic)
                code = COURSE_CODE.fullmatch(row["Mnemonic"])
                row["Mnemonic"], row["Number"] = (code[1], code[2]) if code else (row["Mnemonic"], "")
            parsed.append((f"line {start}", row))
        point_zero_ids_read(parsed, ("ClassNumber",), noun="class number", warnings=self.warnings)
        time_columns = [f"{c}{i}" for i in self.slots for c in ("Days", "Time", "StartTime", "EndTime")]
        times = [(where, row[c]) for where, row in parsed for c in time_columns if row[c]]
        self.clock.clock24 = clock.file_clock(times)
        # whether the file writes one letter a day (`TR`; then `SU` is the weekend), from its slots' days
        slots = [SLOT.match(row[f"Days{i}"]) for _, row in parsed for i in self.slots if row[f"Days{i}"]]
        self.day_letters = clock.file_day_letters(match["days"] for match in slots if match)
        dates = [(w, row[f"{c}{i}"]) for w, row in parsed for i in self.slots for c in ("MeetingDates", "StartDate")]
        self.day_first = clock.file_day_first([(where, cell) for where, cell in dates if cell])
        for where, row in parsed:
            if row["ClassNumber"] in seen_ids and self.repeat(row, where, courses):
                continue  # the section of an earlier row again: folded into it, no section of its own
            sections_seen += 1
            accepted = self.section(row, where, seen_ids, courses)
            if accepted is not None:
                rows = courses[accepted[0]]
                rows.sections.append(accepted[1])
                rows.kinds.append(row["Type"])
                rows.units.append(self.units(row, where))
                self.listed[accepted[1].registrar_id] = (where, row, accepted[0], accepted[2])
        day_first_warn(self.warnings, self.day_first, "MeetingDates")
        self.clock.warn(self.warnings)
        if not sections_seen:
            raise self.fail(
                f"line {header_line}",
                "no rows after the header; expected one row per section (imported, this file would "
                "withdraw every section of the term)",
            )
        data.finish(text, self.warnings)
        course_records = tuple(self.course(key, rows) for key, rows in courses.items())
        if term is None:
            term = default_term_of(self.name, course_records)
        return CatalogRecords(
            institution=institution or INSTITUTION,
            term=term,
            courses=course_records,
            sections_seen=sections_seen,
            rejected=tuple(self.rejected),
            warnings=self.warnings.problems(),
            source_name=self.name,
            times_unread=self.times_unread,
        )

    def header(self, reader: RowReader) -> tuple[list[tuple[str, int | None]], int]:
        """(column → cell index) for every known column, and the header's width. The header is
        the first row naming every required column; rows above it within the first
        PREAMBLE_LINES lines (an export's title) are skipped with a warning."""
        line, header = header_row(
            reader, is_header=names_required, name=self.name, expected=EXPECTED, warnings=self.warnings
        )
        self.header_line = line
        self.header_cells = [column_key(h) for h in header]
        where = f"line {line}"
        columns: dict[str, int] = {}
        renamed = []  # (header cell, column) of the columns read under another name
        numbered = {time_alias(column_key(h)) for h in header}
        for i, h in enumerate(header):
            name = time_alias(column_key(h))
            if name in UNNUMBERED and f"{name}1" not in numbered:
                name = f"{name}1"  # `Days`, `Room`... with no `Days1`: the one meeting slot
            slot = re.fullmatch(r"([a-z]+?)([0-9]{0,2})", column_key(h))
            if slot and slot[1] in SLOT_ALIASES and name in KNOWN and name not in columns:
                renamed.append((h.strip(), KNOWN[name]))  # `Location 2` read as Room2
            if name in columns and name in KNOWN:
                self.warnings.add(
                    where,
                    h.strip(),
                    "",
                    f"column {KNOWN[name]} appears twice in the header; the first (column "
                    f"{columns[name] + 1}) is read, column {i + 1} is ignored",
                )
            columns.setdefault(name, i)
        for column, others in ALIAS_KEYS.items():
            other = next((o for o in others if o in columns), None)
            if column_key(column) not in columns and other is not None:
                columns[column_key(column)] = columns.pop(other)
                renamed.append((header[columns[column_key(column)]].strip(), column))
        combined = next((c for c in COURSE_COLUMNS if c in columns), None)
        if combined and not {"mnemonic", "number"} & columns.keys():
            self.course_column = columns[combined]
            renamed.append((header[self.course_column].strip(), "Mnemonic and Number ('CS 1110' → CS, 1110)"))
            columns["mnemonic"] = columns["number"] = columns.pop(combined)
        if renamed:
            self.warnings.add(
                where,
                "",
                ", ".join(cell for cell, _ in renamed)[:80],
                f"{len(renamed)} column(s) read under another name: "
                f"{', '.join(f'{cell} as {column}' for cell, column in renamed)}; check that each holds what "
                "the importer reads there",
            )
        missing = [c for c in REQUIRED if column_key(c) not in columns]
        if missing:
            shown = ", ".join(h.strip() for h in header[:12]) + (", ..." if len(header) > 12 else "")
            raise self.fail(
                where,
                f"missing required column(s) {', '.join(missing)}; expected a header naming "
                f"{', '.join(REQUIRED)} (any case, any order; spaces, _ and - ignored; also read under the names "
                f"{'; '.join(f'{c}: ' + ', '.join(ALIASES[c]) for c in missing)}); found {shown}",
            )
        # a file with more meeting slots than UVA's four (Days5, Room5...) gets them all read
        more = {int(m[2]) for name in columns if (m := SLOT_COLUMN.fullmatch(name)) and int(m[2]) > len(SLOTS)}
        unread = [
            header[i].strip()
            for name, i in columns.items()
            if name and name not in KNOWN and name not in IGNORED and not SLOT_COLUMN.fullmatch(name)
        ]
        unread_warn(
            self.warnings,
            where,
            unread,
            f"{', '.join(REQUIRED)}, Units, Topic, Status, Enrollment, EnrollmentLimit, Waitlist, Description, "
            "Instructor1.., Days1.., Room1.., MeetingDates1.. (or StartDate1.. and EndDate1..), Time1.. or "
            "StartTime1.. and EndTime1..",
        )
        self.slots = (*SLOTS, *sorted(more))
        if column_key("Days1") not in columns:
            self.times_unread = times_unread(header)
        extra = [f"{column}{i}" for i in sorted(more) for column in SLOT_COLUMNS]
        for i in self.slots:
            slot = [f"{column}{i}" for column in SLOT_COLUMNS]
            given = [c for c in slot if column_key(c) in columns]
            if given and f"Days{i}" not in given:
                self.warnings.add(
                    where,
                    f"Days{i}",
                    "",
                    f"no column Days{i} beside {', '.join(given)}; expected the days and times of "
                    f"meeting slot {i} (such as 'MoWeFr 1:00pm - 1:50pm'): that slot has no set time "
                    "in any section",
                )
        return [(c, columns.get(column_key(c))) for c in (*REQUIRED, *OPTIONAL, *extra)], len(header)

    def section(
        self,
        row: dict[str, str],
        where: str,
        seen_ids: set[str],
        courses: dict[tuple[str, str], CourseRows],
    ) -> tuple[tuple[str, str], SectionRecord, list[str]] | None:
        """(course key, section, the rooms its slots name) of the row, or None when it is
        rejected (the reason goes to `rejected`); a new course key gets its entry in `courses`."""
        rid, code, kind = row["ClassNumber"], row["Section"], row["Type"]
        subject, number = row["Mnemonic"], row["Number"]
        if not (subject or number or code or kind):  # a total or a note an export adds below the rows
            text = " ".join(v for v in row.values() if v)
            self.reject(
                where,
                "",
                text,
                "",
                "no Mnemonic, Number, Section or Type, so no section: a total or a note below the rows? (delete "
                "it; a section's row needs all four)",
            )
            return None
        problem, named = registrar_id_problem(rid, "class number")
        if problem:
            self.reject_unnamed(where, "ClassNumber", rid, named, problem, f"{subject} {number}", code)
            return None
        if rid in seen_ids:
            line, first, key, _ = self.listed[rid]
            self.reject(
                where,
                "ClassNumber",
                rid,
                rid,
                f"class number already used by an earlier row, {line} ({key[0]} {key[1]} {first['Type']} "
                f"{first['Section']}); a row listing the same section again must name the same course, Section "
                "and Type",
            )
            return None
        if not (SUBJECT.fullmatch(subject) and NUMBER.fullmatch(number)):
            self.reject(
                where,
                "Mnemonic/Number",
                f"{subject} {number}".strip(),
                rid,
                "not a course code: expected a Mnemonic of 1-10 letters and a Number starting "
                "with a digit, such as 'CS' '2100'",
            )
            return None
        key = (subject.upper(), number.upper())
        codes = courses[key].codes if key in courses else set()
        if not code or len(code) > 20:
            self.reject(where, "Section", code, rid, "expected a section code of 1-20 characters")
            return None
        if code.upper() in codes:
            self.reject(
                where,
                "Section",
                code,
                rid,
                "section code already used by an earlier row of this course",
            )
            return None
        if not kind:
            self.reject(where, "Type", "", rid, "no component type (Lecture, Laboratory, SEM...)")
            return None
        rows = courses.setdefault(key, CourseRows(codes=codes))
        if clean(row["Description"]) and rows.described is None:  # as the title: an empty first one waits
            rows.described = (row, where, rid)
        if clean(row["Title"]) and rows.titled is None:  # a first row with no title leaves it to a later one
            rows.titled = (row, where, rid)
        elif clean(row["Title"]) and clean(row["Title"]) != clean(rows.titled[0]["Title"]):
            self.warnings.add(
                where,
                "Title",
                clean(row["Title"]),
                f"{key[0]} {key[1]}: a title other than its course's first row gives; the course keeps "
                f"{clean(rows.titled[0]['Title'])[:80]!r}",
                rid,
            )
        seen_ids.add(rid)
        codes.add(code.upper())
        # an unknown type's code depends on the course's other types: `components` files and warns
        component = component_of(kind) or (
            component_codes([kind])[kind][0],
            cut(clean(kind).title(), 100, warnings=self.warnings, where=where, field="Type", rid=rid),
        )
        status, unknown = status_of(row["Status"], expected="Open, Closed, Wait List or Cancelled")
        if unknown:
            self.warnings.add(where, "Status", row["Status"], unknown, rid)
        meetings, problems, rooms = self.meetings(row, where, rid)
        return (
            key,
            SectionRecord(
                registrar_id=rid,
                code=code,
                component=component[0],
                component_name=component[1],
                status=status,
                capacity=self.count(row, "EnrollmentLimit", where),
                enrolled=self.count(row, "Enrollment", where),
                waitlist=self.count(row, "Waitlist", where),
                instructors=self.instructors(row, where, rid),
                modality=modality(rooms),
                notes=cut(
                    f"Topic: {clean(row['Topic'])}" if row["Topic"] else "",
                    NOTES_LIMIT,
                    warnings=self.warnings,
                    where=where,
                    field="Topic",
                    rid=rid,
                ),
                meetings=meetings,
                quarantine="; ".join(problems),
                source=where,
            ),
            rooms,
        )

    def repeat(self, row: dict[str, str], where: str, courses: dict[tuple[str, str], CourseRows]) -> bool:
        """Whether `row` lists the section of an earlier row again (same class number, course,
        Section and Type), as an export with one row per meeting does: its meetings and
        instructors are added to that section, with a warning. A row naming anything else under
        that class number is no repeat: `section` rejects it."""
        rid = row["ClassNumber"]
        line, first, key, rooms = self.listed[rid]
        if (
            (row["Mnemonic"].upper(), row["Number"].upper()) != key
            or row["Section"].upper() != first["Section"].upper()
            or row["Type"].lower() != first["Type"].lower()
        ):
            return False
        if row == first:
            self.warnings.add(
                where, "ClassNumber", "", "the same row as an earlier one (a duplicate line); ignored", rid
            )
            return True
        sections = courses[key].sections
        at = next(n for n, s in enumerate(sections) if s.registrar_id == rid)
        section = sections[at]
        meetings, problems, more_rooms = self.meetings(row, where, rid)
        rooms.extend(more_rooms)
        plain = {replace(m, kind=MeetingKind.WEEKLY) for m in section.meetings}
        added = [m for m in meetings if replace(m, kind=MeetingKind.WEEKLY) not in plain]
        people = [*section.instructors, *(n for n in self.instructors(row, where, rid) if n not in section.instructors)]
        sections[at] = replace(
            section,
            meetings=with_kinds([*section.meetings, *added]),
            instructors=tuple(people),
            modality=modality(rooms),
            quarantine="; ".join(p for p in (section.quarantine, *problems) if p),
        )
        slot_columns = {f"{c}{i}" for c in SLOT_COLUMNS for i in self.slots}
        differ = [c for c in row if c not in slot_columns and row[c] != first[c]]
        again = "a row listing the section of an earlier row again (same class number, course, Section and Type)"
        if added or len(people) > len(section.instructors):
            message = f"{again} with other meetings or instructors; they were added to that section" + (
                f", and its other cells that differ ({', '.join(differ)}) were ignored" if differ else ""
            )
        elif differ:
            message = f"{again}; its cells that differ ({', '.join(differ)}) were ignored: the first row's are kept"
        else:
            message = f"{again}, adding nothing to it; ignored"
        self.warnings.add(where, "ClassNumber", "", message, rid)
        return True

    def meetings(
        self, row: dict[str, str], where: str, rid: str
    ) -> tuple[tuple[MeetingRecord, ...], list[str], list[str]]:
        """The row's usable meetings, why any slot could not be used (the quarantine reasons),
        and the rooms the slots name."""
        slots: list[MeetingRecord] = []
        problems: list[str] = []
        rooms: list[str] = []
        for i in self.slots:
            days_text, room, dates_text = (
                row[f"Days{i}"],
                clean(row[f"Room{i}"]),
                row[f"MeetingDates{i}"],
            )
            days_text, label = self.slot_time(row, i, days_text, where, rid)
            dates_label = f"MeetingDates{i}"
            first_day, last_day = row[f"StartDate{i}"], row[f"EndDate{i}"]
            if not dates_text and (first_day or last_day):  # the slot's dates in columns of their own
                dates_text, dates_label = f"{first_day} - {last_day}", f"StartDate{i}/EndDate{i}"
            if not (days_text or room or dates_text):
                continue
            if room.upper() == "TBA":
                room = ""
            if room:
                rooms.append(room)
            kept = cut(room, 200, warnings=self.warnings, where=where, field=f"Room{i}", rid=rid)
            for pattern in PATTERNS.split(days_text):  # `MoWe 1:00pm - 1:50pm, Fr 9:00am - 9:50am`: two
                meeting, problem = self.slot(i, pattern, kept, dates_text, where, rid, label, dates_label)
                if problem:
                    problems.append(f"{where} {problem}; the slot was dropped")
                elif meeting is not None and meeting not in slots:
                    slots.append(meeting)
        return with_kinds(slots), problems, rooms

    def slot_time(self, row: dict[str, str], i: int, days_text: str, where: str, rid: str) -> tuple[str, str]:
        """Slot `i`'s `DAYS START - END` and the columns it came from: `Days{i}` alone, or its
        days with the time of `Time{i}` or `StartTime{i}`/`EndTime{i}` when `Days{i}` has none."""
        start, end = row[f"StartTime{i}"], row[f"EndTime{i}"]
        time_text = row[f"Time{i}"] or (f"{start} - {end}" if start or end else "")
        if not time_text or (SLOT.match(days_text) and not clock.no_set_time(days_text)):
            return days_text, f"Days{i}"  # no time columns, or Days{i} gives its own time
        columns = f"Time{i}" if row[f"Time{i}"] else f"StartTime{i}/EndTime{i}"
        if not days_text:
            if not clock.no_set_time(time_text):
                self.warnings.add(
                    where, columns, time_text, f"a time without days in Days{i}; kept with no set time", rid
                )
            return "", f"Days{i}"
        if clock.no_set_time(days_text):
            return days_text, f"Days{i}"
        return f"{days_text} {time_text}", f"Days{i}+{columns}"

    def slot(
        self,
        i: int,
        days_text: str,
        room: str,
        dates_text: str,
        where: str,
        rid: str,
        label: str = "",
        dates_label: str = "",
    ) -> tuple[MeetingRecord | None, str]:
        """Slot `i` as a meeting (None when it says nothing worth keeping), or the reason it
        cannot be trusted; `label` and `dates_label` name the columns `days_text` and
        `dates_text` came from (`Days{i}`, `MeetingDates{i}`)."""
        label = label or f"Days{i}"
        dates_label = dates_label or f"MeetingDates{i}"
        first = last = None
        if dates_text and not clock.no_set_time(dates_text):
            try:
                first, last = clock.date_range(
                    dates_text, clock.DAY_FIRST_FORMATS if self.day_first else clock.DATE_FORMATS
                )
            except ValueError:
                return None, (
                    f"{dates_label} {dates_text!r}: not a date range such as '08/26/2025 - 12/09/2025' "
                    f"(dates such as {clock.DATE_EXAMPLES})"
                )
            if last < first:
                return None, f"{dates_label} {dates_text!r}: last date is before the first"
            if not (SANE_DATES[0] <= first and last <= SANE_DATES[1]):
                return None, f"{dates_label} {dates_text!r}: a year no term can have"
        untimed = MeetingRecord((), None, None, first, last, room) if room or first else None
        if not days_text or clock.no_set_time(days_text):
            return untimed, ""
        match = SLOT.match(days_text)
        if match and clock.no_set_time(match["times"]):
            if not clock.no_set_time(match["days"]):  # `TBA TBA` says nothing to warn about
                self.warnings.add(
                    where,
                    label,
                    days_text,
                    "days without a time; kept as a meeting with no set time",
                    rid,
                )
            return untimed, ""
        if match and clock.no_set_time(match["days"]):  # `TBA 1:00pm - 2:00pm`
            self.warnings.add(
                where, label, days_text, "a time without days (TBA); kept as a meeting with no set time", rid
            )
            return untimed, ""
        if not match:
            return None, (f"{label} {days_text!r}: expected 'DAYS START - END' such as 'MoWeFr 1:00pm - 1:50pm'")
        try:
            start, end = self.clock.time_range(match["times"], where, rid)
        except ValueError as exc:
            return None, f"{label} {days_text!r}: impossible time ({exc})"
        days = self.days(match["days"], i, days_text, where, rid)
        if not days:
            return None, f"{label} {days_text!r}: no day token Mo Tu We Th Fr Sa Su"
        problem = clock.meeting_problem(start, end, first, last)
        if problem:
            return None, f"{label} {days_text!r}: {problem}"
        return MeetingRecord(days, start, end, first, last, room), ""

    def days(self, text: str, i: int, slot_text: str, where: str, rid: str) -> tuple[int, ...]:
        """The weekdays of a run such as `MoWeFr` (any case) or another spelling of days
        (`MWF`, `TR`, `Mon/Wed`) or a span of days (`M-F`, `Mon-Fri`); in a run none reads,
        unknown two-letter tokens are skipped with a warning."""
        spanned = clock.day_span(text)
        if spanned:
            return spanned
        ambiguous = clock.day_letters_ambiguous(text, self.day_letters)
        if ambiguous:
            self.warnings.add(where, f"Days{i}", slot_text, ambiguous, rid)
        read = clock.weekdays(text, self.day_letters)
        if read:
            return read
        letters = clock.DAY_SEPARATORS.sub("", text)
        tokens = re.findall(r"..?", letters)
        if all(token.lower() in clock.DAY_TOKENS for token in tokens):
            return tuple(sorted({clock.DAY_TOKENS[token.lower()] for token in tokens}))
        spelled = clock.day_names(letters.lower())
        if spelled:
            return spelled
        days = set()
        for token in tokens:
            day = clock.DAY_TOKENS.get(token.lower())
            if day is None:
                self.warnings.add(
                    where,
                    f"Days{i}",
                    slot_text,
                    f"unknown day token {token!r} skipped; expected Mo Tu We Th Fr Sa Su",
                    rid,
                )
            else:
                days.add(day)
        return tuple(sorted(days))

    def count(self, row: dict[str, str], column: str, where: str) -> int | None:
        """A seat count, or None (with a warning) when the cell is not a whole number >= 0."""
        return count_cell(row[column], warnings=self.warnings, where=where, field=column, rid=row["ClassNumber"])

    def units(self, row: dict[str, str], where: str) -> tuple[Decimal, Decimal] | None:
        """(least, most) credits of `Units` such as `3`, `1 - 12` or `1-4`; None when empty or
        unreadable (with a warning)."""
        text = row["Units"]
        if not text:
            return None
        units, message = credits_cell(text)
        if message:
            self.warnings.add(where, "Units", text, message, row["ClassNumber"])
        return units

    def components(self, rows: CourseRows) -> list[SectionRecord]:
        """The course's sections, each filed under its Type's code (`component_codes`: unknown
        types a course lists apart stay apart), with a warning for each unknown one."""
        filed = component_codes(rows.kinds)
        sections = []
        for section, kind in zip(rows.sections, rows.kinds, strict=True):
            code, note = filed[kind]
            if note:
                self.warnings.add(
                    section.source, "Type", clean(kind).title()[:100], note.replace("component", "component type", 1),
                    section.registrar_id
                )  # fmt: skip
            sections.append(replace(section, component=code))
        return sections

    def described(self, rows: CourseRows) -> str:
        """The course's description: the first of its rows that gives one, cut to what the catalog keeps."""
        if rows.described is None:
            return ""
        row, where, rid = rows.described
        return cut(
            clean(row["Description"]),
            DESCRIPTION_LIMIT,
            warnings=self.warnings,
            where=where,
            field="Description",
            rid=rid,
        )

    def instructors(self, row: dict[str, str], where: str, rid: str) -> tuple[str, ...]:
        """`instructors` of the row, each name cut to the INSTRUCTOR_LIMIT characters the catalog keeps."""
        return tuple(
            cut(name, INSTRUCTOR_LIMIT, warnings=self.warnings, where=where, field="Instructor", rid=rid)
            for name in instructors(row, self.slots)
        )

    def course(self, key: tuple[str, str], rows: CourseRows) -> CourseRecord:
        """The course of `key` with its sections linked where the numbering allows."""
        least, most = credits_of(rows.units)
        sections, note = linked(self.components(rows))
        if note:
            first = sections[0]
            # about the course's section numbering as a whole: the value is the course of the first row's cells
            self.warnings.add(first.source, "Mnemonic/Number", f"{key[0]} {key[1]}", note, first.registrar_id)
        head = rows.sections[0]  # the course's first row
        if rows.titled is None:  # as sections-csv: no row gives a title, so the code stands for it
            title = f"{key[0]} {key[1]}"
            self.warnings.add(
                head.source, "Title", "", f"no title in any row of the course; titled by its code {title!r}",
                head.registrar_id
            )  # fmt: skip
        else:
            titled, where, rid = rows.titled
            title = cut(clean(titled["Title"]), 300, warnings=self.warnings, where=where, field="Title", rid=rid)
        return CourseRecord(
            subject=key[0],
            number=key[1],
            title=title,
            credits_min=least,
            credits_max=most,
            description=self.described(rows),
            sections=tuple(sections),
        )


def times_unread(header: list[str]) -> str:
    """What uva-csv reads a section's days and times from, said of a header that has no Days1."""
    shown = ", ".join(h.strip() for h in header if h.strip())
    return (
        "uva-csv reads a section's days and times from Days1 (its first meeting slot, such as 'MoWeFr 1:00pm - "
        "1:50pm', or days alone beside Time1, or StartTime1 and EndTime1; Days2.. for more slots), but the header "
        f"has no Days1 column (nor Days, Meeting Days): it has {shown[:400]}{'...' if len(shown) > 400 else ''}"
    )


def time_alias(name: str) -> str:
    """A column_key with another name of a slot's column made the usual one: `Start Time 1`,
    `Start1`, `Begin Time` → `starttime1`/`starttime`, `End` → `endtime`, `Meeting Time` → `time`,
    `Instructors` → `instructor`, `Location 2` → `room2`."""
    match = re.fullmatch(r"([a-z]+?)([0-9]{0,2})", name)
    if match and match[1] in TIME_ALIASES:
        return f"{TIME_ALIASES[match[1]]}{match[2]}"
    if match and match[1] in SLOT_ALIASES:
        return f"{SLOT_ALIASES[match[1]]}{match[2]}"
    return name


def names_required(cells: list[str]) -> bool:
    """Whether a row names every required column, under its usual name or another one."""
    keys = {column_key(cell.strip('"')) for cell in cells}
    if keys & set(COURSE_COLUMNS):  # `Course` = `CS 1110` stands for Mnemonic and Number
        keys |= {"mnemonic", "number"}
    return all(column_key(c) in keys or keys & set(ALIAS_KEYS[c]) for c in REQUIRED)


def instructors(row: dict[str, str], slots: tuple[int, ...] = SLOTS) -> tuple[str, ...]:
    """Instructor1..4 (or as many slots as the file has), each possibly comma-joined;
    placeholders dropped, first mention kept."""
    names: list[str] = []
    for i in slots:
        cell = clean(row[f"Instructor{i}"])
        # `Ann Lee, Bo Li`; an export writing names `Lee, Ann` joins them with `;` instead
        for name in cell.split(";" if ";" in cell else ","):
            name = name.strip()
            if name.lower() not in NO_INSTRUCTOR and name not in names:
                names.append(name)
    return tuple(names)


def linked(sections: list[SectionRecord]) -> tuple[list[SectionRecord], str]:
    """The sections with hundred-block links (discussion 101 → lecture 100), and a note for the
    report when the numbering only partly follows the pattern ('' when there is nothing to say).

    A course is linked only when every non-lecture section falls in a hundred block holding
    exactly one lecture, numbered x00; otherwise it stays unlinked (CS 1110's lectures 001/002
    and labs 101.. combine freely).
    """
    lectures = [s for s in sections if s.component == "LEC"]
    others = [s for s in sections if s.component != "LEC"]
    if not lectures or not others or not all(re.fullmatch(r"[0-9]+", s.code) for s in sections):
        return sections, ""
    per_block: dict[int, list[SectionRecord]] = defaultdict(list)
    for lecture in lectures:
        per_block[int(lecture.code) // 100].append(lecture)
    heads = {
        block: found[0].code for block, found in per_block.items() if len(found) == 1 and int(found[0].code) % 100 == 0
    }
    parents = {s.code: heads[int(s.code) // 100] for s in others if int(s.code) // 100 in heads and int(s.code) % 100}
    if len(parents) < len(others):
        if not parents:
            return sections, ""
        loose = [s.code for s in others if s.code not in parents]
        return sections, (
            f"{len(parents)} section(s) are numbered under a lecture x00, but "
            f"{', '.join(loose[:8])}{', ...' if len(loose) > 8 else ''} fall in no hundred block "
            "with exactly one lecture x00; the course is left unlinked (its components combine "
            "freely)"
        )
    stranded = [s.code for s in lectures if s.code not in set(parents.values())]
    note = ""
    if stranded:
        note = (
            f"linked by hundred block, but lecture(s) {', '.join(stranded)} have no section "
            "numbered in their block, so no schedule can use them"
        )
    return [replace(s, parent_code=parents[s.code]) if s.code in parents else s for s in sections], note
