"""What the spreadsheet adapters (`uva-csv`, `sections-csv`) share: reading the rows below a
header, component and status names, seat counts and credits, the term a file name implies,
meeting kinds, modality from rooms. Standard library only."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from catalog.sources import clock, credits
from catalog.sources.records import (
    COMPONENT_KIND_LENGTH,
    REGISTRAR_ID_EXAMPLE,
    CatalogFormatError,
    CourseRecord,
    MeetingKind,
    MeetingRecord,
    Modality,
    Problem,
    SectionStatus,
    Tally,
    TermRecord,
    component_code,
    term_days_of,
    url_segment_problem,
)
from catalog.sources.textclean import column_key

COMPONENTS = {
    "lecture": ("LEC", "Lecture"),
    "lec": ("LEC", "Lecture"),
    "discussion": ("DIS", "Discussion"),
    "dis": ("DIS", "Discussion"),
    "laboratory": ("LAB", "Laboratory"),
    "lab": ("LAB", "Laboratory"),
    "sem": ("SEM", "Seminar"),
    "seminar": ("SEM", "Seminar"),
    "ind": ("IND", "Independent Study"),
    "pra": ("PRA", "Practicum"),
    "cln": ("CLN", "Clinical"),
    "wks": ("WKS", "Workshop"),
    "sto": ("STO", "Studio"),
    "sps": ("SPS", "Special Studies"),
    "drl": ("DRL", "Drill"),
    # the full names of UVA's codes, and kinds other exports name
    "independent study": ("IND", "Independent Study"),
    "practicum": ("PRA", "Practicum"),
    "clinical": ("CLN", "Clinical"),
    "workshop": ("WKS", "Workshop"),
    "studio": ("STO", "Studio"),
    "special studies": ("SPS", "Special Studies"),
    "drill": ("DRL", "Drill"),
    "recitation": ("REC", "Recitation"),
    "rec": ("REC", "Recitation"),
    "tutorial": ("TUT", "Tutorial"),
    "tut": ("TUT", "Tutorial"),
}


def component_of(cell: str) -> tuple[str, str] | None:
    """(code, name) of a known component name or code (`Lecture`, `lec`), in any case and
    spacing; None for another."""
    return COMPONENTS.get(" ".join(cell.lower().split()))


def component_key(cell: str) -> str:
    """The letters and digits of a component cell in lower case: `Lab-A` and `lab a` are one type."""
    return "".join(ch for ch in cell.lower() if ch.isalnum())


BRACKETED = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")  # a type's trailing words in brackets: `Lecture (Online)`


def component_codes(cells: list[str]) -> dict[str, tuple[str, str]]:
    """The code each component cell of one course is filed under, with a note for a cell no
    known component names (else ""): known ones their code (`Lecture` → LEC), another its
    letters and digits in capitals, cut to COMPONENT_KIND_LENGTH (`Lecture/Lab` → LECTURELAB,
    `Lab-A` → LABA), so types a course lists apart stay apart. Cells with the same letters and
    digits (`Lab A`, `lab-a`) are one type; a type whose code another type of the course has
    already (a known one, or a cut `Lecture-Discussion-A`/`-B`) gets a number (LECTUREDISC2).

    >>> component_codes(["Lecture", "Lecture/Lab", "LEC"])["Lecture/Lab"][0]
    'LECTURELAB'
    """
    owners: dict[str, str] = {}  # code → the first cell filed under it
    for cell in cells:
        known = component_of(cell)
        if known:
            owners.setdefault(known[0], cell)
    types: dict[str, str] = {}  # a type's letters and digits (lower case) → its code
    filed: dict[str, tuple[str, str]] = {}
    # unknown types numbered in the order of their letters, not of the rows: the same course
    # read from its rows in another order files each section as before
    for cell in sorted(cells, key=lambda c: (component_of(c) is None, component_key(c), c)):
        if cell in filed:
            continue
        known = component_of(cell)
        if known:
            filed[cell] = (known[0], "")
            continue
        bare = BRACKETED.sub("", cell)
        known = component_of(bare) if bare != cell else None
        if known:  # `Lecture (Online)` beside `Lecture`: one component, the words in brackets a note
            note = f"filed as {known[0]} ({bare}): the words in brackets are taken as a note, not another component"
            filed[cell] = (known[0], note)
            continue
        key = component_key(cell)
        if key in types:
            code = types[key]
            filed[cell] = (code, f"unknown component (any case); filed as {code}")
            continue
        code, base = component_code(key, owners)
        owners[code] = cell
        types[key] = code
        note = f"unknown component (any case); filed as {code}"
        if len(key) > COMPONENT_KIND_LENGTH:
            note += f" (its letters and digits cut to the {COMPONENT_KIND_LENGTH} a component's code holds)"
        if code != base:
            note += f", as {base} is {owners[base]!r} in this course"
        filed[cell] = (code, note)
    return filed


STATUSES = {
    "open": SectionStatus.OPEN,
    "closed": SectionStatus.CLOSED,
    "wait list": SectionStatus.WAITLIST,
    "waitlist": SectionStatus.WAITLIST,
    "cancelled": SectionStatus.CANCELLED,
    "canceled": SectionStatus.CANCELLED,
    # what other exports write
    "full": SectionStatus.CLOSED,
    "wait listed": SectionStatus.WAITLIST,
    "waitlisted": SectionStatus.WAITLIST,
    "wait-list": SectionStatus.WAITLIST,
    # PeopleSoft's class status words (`Class Stat`), Colleague's too: a section stopped taking students still
    # meets (closed), as does one not yet open to them (tentative); an inactive one is not offered (cancelled)
    "active": SectionStatus.OPEN,
    "cancelled section": SectionStatus.CANCELLED,
    "canceled section": SectionStatus.CANCELLED,
    "stop further enrollment": SectionStatus.CLOSED,
    "stop further enrolment": SectionStatus.CLOSED,
    "tentative": SectionStatus.CLOSED,
    "tentative section": SectionStatus.CLOSED,
    "inactive": SectionStatus.CANCELLED,
}


def status_of(text: str, *, expected: str, known: Mapping[str, SectionStatus] = STATUSES) -> tuple[SectionStatus, str]:
    """(status, "") of a status cell by `known` (keys lower case, spaces folded), or (status, why,
    naming the `expected` values) for a cell it does not name: cancelled when it says cancel in any
    case (`Cancelled - Low Enrollment`: a cancelled section offered to students is the worse
    mistake), else open, as the formats document. An empty cell is open without a word."""
    status = known.get(" ".join(text.lower().split()))
    if status is not None:
        return status, ""
    if "cancel" in text.lower():
        return SectionStatus.CANCELLED, f"unknown status; expected {expected}; it says cancel, so taken as cancelled"
    return SectionStatus.OPEN, f"unknown status; expected {expected}; taken as open" if text else ""


# a meeting pattern: days and a time range in one cell, `MoWeFr 1:00pm - 1:50pm`, `MWF 9-10am`, `TBA`
SLOT = re.compile(
    r"^(?P<days>[A-Za-z][A-Za-z\s,/.&+\u2013-]*?)[\s,]+(?P<times>(?:\d|(?:noon|tba|tbd|arr|arranged)\b).*\S|tba|tbd|arr)$",
    re.IGNORECASE,
)
ONLINE_ROOM = re.compile(r"web-based|online|asynchronous|remote|virtual|zoom", re.IGNORECASE)
NO_INSTRUCTOR = {"", "to be announced", "staff", "tba"}
# a year and a season anywhere in the name, either way round: `2025_fall`, `2025_fall (1)` (a
# second download), `UVA Fall 2025 catalog`
SEASON = r"(?P<season{n}>spring|summer|fall|winter|january)"
TERM_FILE = re.compile(
    rf"(?<![0-9])(?P<year1>\d{{4}})[_ -]?{SEASON.format(n=1)}(?![a-z])"
    rf"|(?<![a-z]){SEASON.format(n=2)}[_ -]?(?P<year2>\d{{4}})(?![0-9])",
    re.IGNORECASE,
)
COUNT = re.compile(r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.0+)?")
MAX_COUNT = 2_147_483_647  # the largest seat count the catalog database stores


def season_name(text: str) -> str:
    """The term name a season and year in `text` give (`2025-fall`, `Fall_2025` → `Fall 2025`), or "".

    >>> season_name("2025-fall"), season_name("uva-f25")
    ('Fall 2025', '')
    """
    match = TERM_FILE.search(text)
    if not match:
        return ""
    year, season = match["year1"] or match["year2"], (match["season1"] or match["season2"]).lower()
    return f"{season.title()} {year}"


def default_term(name: str) -> TermRecord:
    """The term a file name implies: `2025_fall.csv`, `2025_fall (1).csv` or `UVA Fall 2025.csv`
    → ("2025-fall", "Fall 2025"), otherwise the file's stem as code and name."""
    stem = Path(name).stem
    match = TERM_FILE.search(stem)
    if match:
        year, season = match["year1"] or match["year2"], (match["season1"] or match["season2"]).lower()
        return TermRecord(code=f"{year}-{season}", name=f"{season.title()} {year}")
    return TermRecord(code=stem[:40] or "term", name=stem[:200] or "Term")


def with_kinds(meetings: list[MeetingRecord]) -> tuple[MeetingRecord, ...]:
    """The meetings with their kinds: a single-date slot beside a weekly one is that course's
    evening exam; alone, it is a one-off session (a lab date, an exam-session component)."""
    weekly = any(m.is_timed and not (m.first_date and m.first_date == m.last_date) for m in meetings)
    single = MeetingKind.EXAM if weekly else MeetingKind.ONE_OFF
    return tuple(
        replace(m, kind=single) if m.is_timed and m.first_date and m.first_date == m.last_date else m for m in meetings
    )


def modality(rooms: list[str]) -> str:
    """Online when every room named is web-based, hybrid when some are, else in person."""
    online = [bool(ONLINE_ROOM.search(room)) for room in rooms]
    if online and all(online):
        return Modality.ONLINE
    if any(online):
        return Modality.HYBRID
    return Modality.IN_PERSON


def seat_count(text: str) -> tuple[int | None, str]:
    """(the count, "") of a cell such as `30`, `1,234` or `30.0` (a spreadsheet's), or (None, why
    not) when it is no whole number from 0 to MAX_COUNT.

    >>> seat_count("1,234"), seat_count("-3")[0]
    ((1234, ''), None)
    """
    match = COUNT.fullmatch(text)  # ASCII digits only ("²".isdigit() is true)
    if not match:
        return None, "not a count (a whole number of 0 or more); left empty"
    count = int(match[1].replace(",", ""))
    if count > MAX_COUNT:
        return None, f"a count over {MAX_COUNT:,}, the most the catalog stores; left empty"
    return count, ""


def count_cell(text: str, *, warnings: Tally, where: str, field: str, rid: str) -> int | None:
    """The seat count of a cell (`seat_count`), None when it is empty or, with a warning, no count."""
    if not text:
        return None
    count, message = seat_count(text)
    if message:
        warnings.add(where, field, text, message, rid)
    return count


# a whole number written with a decimal point, as pandas or a database export writes an integer column
POINT_ZERO = re.compile(r"([0-9]+)\.0+")


def point_zero_ids_read(
    parsed: list[tuple[str, dict[str, str]]], columns: tuple[str, ...], *, noun: str, warnings: Tally
) -> None:
    """Read each registrar id of `columns` written as a whole number with a decimal point
    (`20264.0`) as that number (`20264`), in the rows `parsed` (where, cells), with one warning
    for the file. Read as written, each would be a new id, and a re-import would withdraw every
    section the file still lists; a seat count `30.0` is read as 30 the same way."""
    read = []
    for where, row in parsed:
        for column in columns:
            match = POINT_ZERO.fullmatch(row.get(column, ""))
            if match:
                read.append((where, column, row[column]))
                row[column] = match[1]
    if read:
        where, column, cell = read[0]
        number = POINT_ZERO.fullmatch(cell)[1]
        warnings.add(
            where,
            column,
            cell,
            f"{len(read):,} {noun}(s) written as whole numbers with a decimal point, such as {cell!r} (a spreadsheet's "
            f"or database export's integers), were read as those numbers ({number!r}); expected the number alone",
            number,
        )


def unread_warn(warnings: Tally, where: str, unread: list[str], read: str) -> None:
    """One warning naming the header's columns no one reads (`read` says which are), if any."""
    if unread:
        warnings.add(
            where,
            "",
            ", ".join(unread)[:80],
            f"{len(unread)} column(s) not read: {', '.join(unread[:10])}{', ...' if len(unread) > 10 else ''}; "
            f"the columns read are {read}",
        )


def registrar_id_problem(rid: str, noun: str) -> tuple[str, str]:
    """(why, the registrar id to name in the rejection) when `rid` cannot key a section: empty,
    over 40 characters, or no URL segment; ("", "") when it can. `noun` is the file's name for
    it ("class number")."""
    if not rid:
        return f"no {noun}; every section needs one", ""
    if len(rid) > 40:
        return f"{noun} longer than 40 characters", ""
    unaddressable = url_segment_problem(noun, rid, REGISTRAR_ID_EXAMPLE)
    return (unaddressable, rid) if unaddressable else ("", "")


NIGHT_ENDS = time(6, 0)  # a class starting earlier with no am/pm written is warned about (`FileClock`)


@dataclass
class FileClock:
    """Time ranges of one file: read on a 24-hour clock when the file shows it is on one
    (`clock.file_clock`), counted for one warning (and one more for three-digit times, `800`)."""

    clock24: tuple[str, str] | None = None  # where the file shows a 24-hour clock, if it does
    read24: tuple[int, tuple[str, str, str]] | None = None  # ranges read thanks to it, the first
    read_hmm: tuple[int, tuple[str, str, str]] | None = None  # of them, those with a time such as `800`
    night: tuple[int, tuple[str, str, str]] | None = None  # ranges with no am/pm starting before 6:00

    def time_range(self, text: str, where: str, rid: str) -> tuple[time, time]:
        """`clock.time_range` of `text`; a range with no am/pm that could be night or day
        (`9:30 - 10:45`), or with a three-digit time (`800 - 850`, Excel's `0800 - 0850`), is read
        on a 24-hour clock when the file is on one. A range with no am/pm read as starting before
        6:00 (`01:00 - 02:15`) is counted for a warning: a 12-hour export that pads its hours
        and writes no am/pm reads so."""
        try:
            times = clock.time_range(text)
            # counted only when kept: a placeholder (00:00 - 00:00) is quarantined as one
            if (
                times[0] < NIGHT_ENDS
                and not clock.CLOCK_HALF.search(text)
                and not clock.meeting_problem(*times, None, None)
            ):
                count, first = self.night or (0, (where, text, rid))
                self.night = (count + 1, first)
            return times
        except ValueError:
            if self.clock24 is None:
                raise
            times = clock.time_range(text, twenty_four=True)
            tally = "read_hmm" if clock.THREE_DIGITS.search(text) else "read24"
            count, first = getattr(self, tally) or (0, (where, text, rid))
            setattr(self, tally, (count + 1, first))
            return times

    def warn(self, warnings: Tally) -> None:
        """The one warning for the ranges read on the 24-hour clock, if any were, and the one for
        three-digit times read as H MM."""
        if self.read24 and self.clock24:
            count, (where, text, rid) = self.read24
            warnings.add(
                where,
                "",
                text,
                f"{count:,} time range(s) with no am/pm, such as this one, were read on a 24-hour clock: the "
                f"file writes no am/pm anywhere and writes 24-hour times ({self.clock24[0]}: {self.clock24[1]!r})",
                rid,
            )
        if self.night:
            count, (where, text, rid) = self.night
            warnings.add(
                where,
                "",
                text,
                f"{count:,} time range(s) with no am/pm, such as this one, start between midnight and 6:00: two-digit "
                "hours with no am/pm are read on a 24-hour clock; if the file is on a 12-hour clock without am/pm, "
                "these are afternoon or evening classes: check the file's times",
                rid,
            )
        if self.read_hmm and self.clock24:
            count, (where, text, rid) = self.read_hmm
            warnings.add(
                where,
                "",
                text,
                f"{count:,} time range(s) with a three-digit time, such as this one, were read on a 24-hour clock "
                f"as H MM ('800' as 08:00, a spreadsheet dropping the leading zero of '0800'): the file writes "
                f"no am/pm anywhere and writes 24-hour times ({self.clock24[0]}: {self.clock24[1]!r})",
                rid,
            )


def default_term_of(name: str, courses: tuple[CourseRecord, ...]) -> TermRecord:
    """The term the file name implies (`default_term`), its first and last day those of the
    meetings' dates (`term_days_of`: a meeting dated far from the rest is left out), when they have dates."""
    term = default_term(name)
    first, last = term_days_of(courses)
    return replace(term, first_day=first, last_day=last) if first else term


def credits_of(units: list[tuple[Decimal, Decimal] | None]) -> tuple[Decimal | None, Decimal | None]:
    """A course's (least, most) credits from its sections' ranges: a lab's 0 beside a 3-credit
    lecture does not count; (None, None) when no section gives any."""
    given = [u for u in units if u is not None]
    counted = [u for u in given if u[1] > 0] or given
    return (min(u[0] for u in counted), max(u[1] for u in counted)) if counted else (None, None)


def credits_cell(text: str) -> tuple[tuple[Decimal, Decimal] | None, str]:
    """(the credits range, "") of a cell such as `3` or `1 - 12`, or (None, why not); a range
    written the wrong way round (`4 - 3`) is read as 3 to 4, with the warning to give."""
    try:
        return credits.credit_range(text), credits.reversed_range(text)
    except ValueError:
        return None, f"not {credits.EXPECTED}; ignored"


def day_first_warn(warnings: Tally, found: tuple[str, str] | None, field: str) -> None:
    """The warning for a file whose dates read day first (`clock.file_day_first` found one)."""
    if found:
        warnings.add(
            found[0],
            field,
            found[1],
            "the file writes its dates day first (this one reads no other way, and none reads only month "
            "first), so every date such as '05/09/2025' was read day first (5 September); check the dates",
        )


PREAMBLE_LINES = 10  # lines a title or export note above the header may take
# a field as long as a file may be: csv's default of 131,072 characters failed a whole file for
# one long description (the size limit, MAX_FILE_BYTES, bounds a file and so every field), and a
# quote never closed is then found as such, at the end of the file, not as a field too long
FIELD_LIMIT = 2**31 - 1
csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))


def csv_problem(exc: csv.Error) -> str:
    """What a broken CSV row's error means, with the hint that fits it: a quote never closed runs
    to the end of the file; a quote after text in a quoted field was not doubled."""
    why = str(exc)
    if "end of data" in why:
        hint = "is a quoted field never closed? it runs from this row to the end of the file"
    elif "expected after" in why:
        hint = 'a quote inside a quoted field is written twice, as ""'
    else:
        hint = "is the file a CSV?"
    return f"broken CSV: {why}; expected RFC 4180 rows ({hint})"


def header_row(
    reader: RowReader, *, is_header: Callable[[list[str]], bool], name: str, expected: str, warnings: Tally
) -> tuple[int, list[str]]:
    """(line, cells) of a CSV's header: the first non-blank row `is_header` accepts within the
    first PREAMBLE_LINES lines, the rows above it (an export's title) skipped with a warning;
    else the first non-blank row (whose missing columns the adapter reports)."""
    rows: list[tuple[int, list[str]]] = []  # the non-blank rows read, with their line
    while not rows or (not is_header(rows[-1][1]) and reader.line_num < PREAMBLE_LINES):
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            where = f"line {reader.line_num}"
            raise CatalogFormatError(f"unreadable CSV header: {csv_problem(exc)}", path=name, location=where) from None
        if any(cell.strip() for cell in row):
            rows.append((reader.line_num, row))
    if not rows:
        raise CatalogFormatError(f"no header row; expected {expected}", path=name, location="line 1")
    line, header = rows[-1]
    if not is_header(header):
        return rows[0]  # no header below: the first row is what was meant
    if len(rows) > 1:
        skipped = rows[:-1]
        warnings.add(
            f"line {skipped[0][0]}",
            "",
            " ".join(" ".join(cell.strip() for cell in row if cell.strip()) for _, row in skipped)[:80],
            f"{len(skipped)} line(s) above the header (line {line}) are no sections; skipped",
        )
    return line, header


class RowReader(Protocol):
    """What `csv.reader` gives: rows, and the number of the last physical line read."""

    line_num: int

    def __next__(self) -> list[str]: ...


@dataclass
class DataRows:
    """The rows below a CSV's header, read by `rows`: blank lines skipped, the header again (two
    exports joined) skipped with a warning, rows of another width noted for `finish`."""

    name: str
    header_line: int
    header_cells: list[str]  # as `column_key` gives them
    width: int
    ragged: list[int] = field(default_factory=list)
    last: tuple[int, int] = (0, 0)  # (line, fields) of the last row

    def rows(self, reader: RowReader, warnings: Tally) -> Iterator[tuple[int, list[str]]]:
        """(line the row starts on, cells) of each row; a CatalogFormatError for broken CSV."""
        end = reader.line_num
        while True:
            start = end + 1  # a quoted field may span lines: name the line the row starts on
            try:
                raw = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise CatalogFormatError(
                    csv_problem(exc),
                    path=self.name,
                    location=f"line {start}",
                ) from None
            end = reader.line_num
            if not any(cell.strip() for cell in raw):
                continue  # a blank line is no section
            self.last = (start, len(raw))
            if [column_key(cell) for cell in raw] == self.header_cells:
                warnings.add(
                    f"line {start}",
                    "",
                    "",
                    f"the header again (first on line {self.header_line}): files joined one after another? skipped",
                )
                continue
            if len(raw) != self.width:
                self.ragged.append(start)
            yield start, raw

    def finish(self, text: str, warnings: Tally) -> None:
        """A CatalogFormatError for a file cut inside its last row; a warning for rows of
        another width than the header's."""
        line, fields = self.last
        if fields < self.width and not text.endswith(("\n", "\r")):
            raise CatalogFormatError(
                f"the file ends inside this row ({fields} of the header's {self.width} fields, and no line "
                "break after it); expected complete rows: is the file truncated?",
                path=self.name,
                location=f"line {line}",
            )
        if self.ragged:
            warnings.add(
                f"line {self.ragged[0]}",
                "",
                "",
                f"{len(self.ragged)} row(s) have more or fewer fields than the {self.width} header "
                "columns; missing fields were read as empty",
            )


class Rejects:
    """The rejections of a spreadsheet adapter's reader (`rejected`, a list of `Problem`)."""

    rejected: list[Problem]

    def reject(
        self, where: str, field: str, value: str, rid: str, message: str, course: str = "", section: str = ""
    ) -> None:
        self.rejected.append(
            Problem(where, message, field=field, value=value, registrar_id=rid, course=course, section=section)
        )

    def reject_unnamed(
        self, where: str, field: str, value: str, named: str, problem: str, course: str, section: str
    ) -> None:
        """A row whose registrar id cannot key a section: rejected naming its course and section
        code when it has both (`Problem.course`, `Problem.section`), so the import keeps the
        catalog's section of that course and code as it was, as other rejections keep theirs."""
        if not named and len(course.split()) == 2 and section:
            problem = f"{problem} ({course} section {section})"
            self.reject(where, field, value, named, problem, course=course, section=section)
        else:
            self.reject(where, field, value, named, problem)
