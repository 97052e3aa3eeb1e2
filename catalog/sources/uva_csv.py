"""University of Virginia course listing CSV (one row per section, up to four meeting slots).

Columns are read by name, in any case, extra columns ignored; see docs/sources.md for the
mapping, the link rule and what is quarantined or rejected.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from catalog.sources import clock
from catalog.sources.canonical import check_size, read_text
from catalog.sources.records import (
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
)

REQUIRED = ("ClassNumber", "Mnemonic", "Number", "Section", "Type", "Title")
OPTIONAL = (
    "Units",
    "Topic",
    "Status",
    "Enrollment",
    "EnrollmentLimit",
    "Waitlist",
    "Description",
    *(f"{kind}{i}" for i in range(1, 5) for kind in ("Instructor", "Days", "Room", "MeetingDates")),
)
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
}
STATUSES = {
    "open": SectionStatus.OPEN,
    "closed": SectionStatus.CLOSED,
    "wait list": SectionStatus.WAITLIST,
    "waitlist": SectionStatus.WAITLIST,
    "cancelled": SectionStatus.CANCELLED,
    "canceled": SectionStatus.CANCELLED,
}
DAY_TOKENS = {"mo": 0, "tu": 1, "we": 2, "th": 3, "fr": 4, "sa": 5, "su": 6}
SLOT = re.compile(r"^(?P<days>[A-Za-z]+)\s+(?P<times>\d.*)$")
ONLINE_ROOMS = re.compile(r"web-based|online|asynchronous|zoom|virtual", re.IGNORECASE)
NO_INSTRUCTOR = {"to be announced", "staff", "tba", ""}
DATE_FORMATS = ("%m/%d/%Y",)
TERM_FILE = re.compile(r"^(\d{4})_(spring|summer|fall|winter|january)$", re.IGNORECASE)


def parse(
    path: str | os.PathLike[str],
    *,
    institution: InstitutionRecord | None = None,
    term: TermRecord | None = None,
) -> CatalogRecords:
    """Records from a UVA CSV file."""
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
    """Records from UVA CSV bytes; institution and term default to UVA and the file name."""
    text = read_text(data, name=name)
    if text.lstrip()[:1] in "{[":
        raise CatalogFormatError(
            f"expected a CSV whose header names {', '.join(REQUIRED)}; this looks like JSON "
            "(use --format canonical or gatech-json)",
            path=name,
            location="line 1",
        )
    return Reader(name).read(text, institution=institution, term=term)


def default_term(name: str) -> TermRecord:
    stem = Path(name).stem
    match = TERM_FILE.match(stem)
    if match:
        return TermRecord(code=f"{match[1]}-{match[2].lower()}", name=f"{match[2].title()} {match[1]}")
    return TermRecord(code=stem[:40] or "term", name=stem or "Term")


class Reader:
    """One file's parse, collecting rejections and warnings as it goes."""

    def __init__(self, name: str):
        self.name = name
        self.rejected: list[Problem] = []
        self.warnings: list[Problem] = []
        self.warned: set[tuple[str, str]] = set()

    def warn_once(self, where: str, field: str, value: str, message: str) -> None:
        if (field, value) not in self.warned:
            self.warned.add((field, value))
            self.warnings.append(Problem(where, message, field=field, value=value))

    def read(self, text: str, *, institution: InstitutionRecord | None, term: TermRecord | None) -> CatalogRecords:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            header = next(reader)
        except csv.Error as exc:
            raise CatalogFormatError(f"unreadable CSV header: {exc}", path=self.name, location="line 1") from None
        columns = {h.strip().lower(): i for i, h in enumerate(header)}
        missing = [c for c in REQUIRED if c.lower() not in columns]
        if missing:
            raise CatalogFormatError(
                f"missing column(s) {', '.join(missing)}; the header has "
                f"{', '.join(h for h in header[:12])}{'...' if len(header) > 12 else ''}",
                path=self.name,
                location="line 1",
            )
        index = {c: columns.get(c.lower()) for c in (*REQUIRED, *OPTIONAL)}
        courses: dict[tuple[str, str], dict] = {}
        seen_ids: set[str] = set()
        sections_seen = 0
        dates: list[date] = []
        while True:
            try:
                raw = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise CatalogFormatError(
                    f"broken CSV: {exc} (an unterminated quote?)",
                    path=self.name,
                    location=f"line {reader.line_num}",
                ) from None
            if not any(cell.strip() for cell in raw):
                continue
            sections_seen += 1
            row = {c: (raw[i].strip() if i is not None and i < len(raw) else "") for c, i in index.items()}
            where = f"line {reader.line_num}"
            section = self.section(row, where, seen_ids)
            if section is None:
                continue
            dates.extend(d for m in section.meetings for d in (m.first_date, m.last_date) if d)
            key = (row["Mnemonic"].upper(), row["Number"].upper())
            entry = courses.setdefault(key, {"row": row, "sections": [], "units": []})
            entry["sections"].append(section)
            entry["units"].append(self.units(row["Units"], where))
        course_records = tuple(self.course(key, entry) for key, entry in courses.items())
        if term is None:
            term = default_term(self.name)
            if dates:
                term = replace(term, first_day=min(dates), last_day=max(dates))
        return CatalogRecords(
            institution=institution or InstitutionRecord("uva", "University of Virginia", "America/New_York"),
            term=term,
            courses=course_records,
            sections_seen=sections_seen,
            rejected=tuple(self.rejected),
            warnings=tuple(self.warnings),
            source_name=self.name,
        )

    def reject(self, where: str, field: str, value: str, rid: str, message: str) -> None:
        self.rejected.append(Problem(where, message, field=field, value=value, registrar_id=rid))

    def section(self, row: dict[str, str], where: str, seen_ids: set[str]) -> SectionRecord | None:
        rid = row["ClassNumber"]
        if not rid:
            self.reject(where, "ClassNumber", "", "", "no class number; every section needs one")
            return None
        if rid in seen_ids:
            self.reject(where, "ClassNumber", rid, rid, "class number already seen in this file")
            return None
        if not re.fullmatch(r"[A-Za-z]{1,10}", row["Mnemonic"]) or not re.fullmatch(
            r"[0-9A-Za-z]{1,10}", row["Number"]
        ):
            self.reject(
                where,
                "Mnemonic/Number",
                f"{row['Mnemonic']} {row['Number']}",
                rid,
                "not a course code such as 'CS 2100'",
            )
            return None
        if not row["Section"]:
            self.reject(where, "Section", "", rid, "no section code")
            return None
        if not row["Type"]:
            self.reject(where, "Type", "", rid, "no component type (Lecture, Laboratory...)")
            return None
        seen_ids.add(rid)
        kind = row["Type"].strip()
        component = COMPONENTS.get(kind.lower())
        if component is None:
            code = re.sub(r"[^A-Za-z]", "", kind).upper()[:3] or "OTH"
            component = (code, kind.title())
            self.warn_once(where, "Type", kind, f"unknown component type; filed as {code}")
        status = STATUSES.get(row["Status"].lower())
        if status is None:
            status = SectionStatus.OPEN
            if row["Status"]:
                self.warn_once(where, "Status", row["Status"], "unknown status; taken as open")
        meetings, problems, rooms = self.meetings(row, where)
        online = [bool(ONLINE_ROOMS.search(r)) for r in rooms if r and r.upper() != "TBA"]
        modality = Modality.IN_PERSON
        if online and all(online):
            modality = Modality.ONLINE
        elif any(online):
            modality = Modality.HYBRID
        notes = f"Topic: {clean(row['Topic'])}" if row["Topic"] else ""
        return SectionRecord(
            registrar_id=rid,
            code=row["Section"],
            component=component[0],
            component_name=component[1],
            status=status,
            capacity=self.count(row, "EnrollmentLimit", where),
            enrolled=self.count(row, "Enrollment", where),
            waitlist=self.count(row, "Waitlist", where),
            instructors=self.instructors(row),
            modality=modality,
            notes=notes,
            meetings=tuple(meetings),
            quarantine="; ".join(problems),
            source=where,
        )

    def meetings(self, row: dict[str, str], where: str) -> tuple[list[MeetingRecord], list[str], list[str]]:
        """The row's meetings, the quarantine reasons of the slots that cannot be used, rooms."""
        slots = []
        problems = []
        rooms = []
        for i in range(1, 5):
            days_text, room, dates_text = (
                row[f"Days{i}"],
                clean(row[f"Room{i}"]),
                row[f"MeetingDates{i}"],
            )
            if not (days_text or room or dates_text):
                continue
            rooms.append(room)
            first = last = None
            if dates_text and dates_text.upper() != "TBA":
                try:
                    first, last = clock.date_range(dates_text, DATE_FORMATS)
                except ValueError as exc:
                    problems.append(f"{where} MeetingDates{i}: {exc}")
                    continue
            if not days_text or days_text.upper() == "TBA":
                if (room and room.upper() != "TBA") or first:
                    slots.append(MeetingRecord((), None, None, first, last, room))
                continue
            match = SLOT.match(days_text)
            try:
                if not match:
                    raise ValueError(f"{days_text!r} is not 'DAYS START - END' such as 'MoWe 1:00pm - 1:50pm'")
                days = self.days(match["days"], where, i)
                start, end = clock.time_range(match["times"])
            except ValueError as exc:
                problems.append(f"{where} Days{i}: {exc}")
                continue
            problem = clock.meeting_problem(start, end, first, last)
            if problem:
                problems.append(f"{where} Days{i}: {problem}")
                continue
            slots.append(MeetingRecord(days, start, end, first, last, room))
        weekly = any(m.first_date != m.last_date for m in slots if m.is_timed)
        meetings = [
            replace(m, kind=MeetingKind.EXAM if weekly else MeetingKind.ONE_OFF)
            if m.is_timed and m.first_date and m.first_date == m.last_date
            else m
            for m in slots
        ]
        return meetings, problems, rooms

    def days(self, text: str, where: str, slot: int) -> tuple[int, ...]:
        tokens = re.findall(r"[A-Za-z]{2}", text)
        if "".join(tokens) != text or not tokens:
            raise ValueError(f"{text!r} is not a run of day tokens Mo Tu We Th Fr Sa Su")
        days = []
        for token in tokens:
            day = DAY_TOKENS.get(token.lower())
            if day is None:
                raise ValueError(f"unknown day token {token!r}; expected Mo Tu We Th Fr Sa Su")
            days.append(day)
        return tuple(sorted(set(days)))

    def count(self, row: dict[str, str], field: str, where: str) -> int | None:
        text = row[field]
        if text == "":
            return None
        try:
            value = int(text)
        except ValueError:
            value = -1
        if value < 0:
            self.warnings.append(
                Problem(
                    where,
                    "not a count; left empty",
                    field=field,
                    value=text,
                    registrar_id=row["ClassNumber"],
                )
            )
            return None
        return value

    def units(self, text: str, where: str) -> tuple[Decimal, Decimal] | None:
        if not text:
            return None
        try:
            parts = [Decimal(p.strip()) for p in text.split("-")]
        except InvalidOperation:
            self.warn_once(where, "Units", text, "not a number of units or a range '1 - 12'")
            return None
        return (min(parts), max(parts))

    @staticmethod
    def instructors(row: dict[str, str]) -> tuple[str, ...]:
        names: list[str] = []
        for i in range(1, 5):
            for name in clean(row[f"Instructor{i}"]).split(","):
                name = name.strip()
                if name.lower() not in NO_INSTRUCTOR and name not in names:
                    names.append(name)
        return tuple(names)

    def course(self, key: tuple[str, str], entry: dict) -> CourseRecord:
        row = entry["row"]
        units = [u for u in entry["units"] if u]
        nonzero = [u for u in units if u[1] > 0] or units
        return CourseRecord(
            subject=key[0],
            number=key[1],
            title=clean(row["Title"])[:300],
            credits_min=min(u[0] for u in nonzero) if nonzero else None,
            credits_max=max(u[1] for u in nonzero) if nonzero else None,
            description=clean(row["Description"]),
            sections=tuple(linked(entry["sections"])),
        )


def clean(text: str) -> str:
    """HTML entities decoded, runs of white space folded."""
    return " ".join(html.unescape(text).split())


def linked(sections: list[SectionRecord]) -> list[SectionRecord]:
    """Link sections numbered in a lecture's hundred block (101.. under 100) to that lecture.

    Only when the whole course follows the pattern: every lecture's code is a multiple of 100
    and every other section falls in a block with exactly one lecture; otherwise the course's
    components stay independent (CS 1110 lectures and labs combine freely).
    """
    lectures = [s for s in sections if s.component == "LEC"]
    others = [s for s in sections if s.component != "LEC"]
    if not lectures or not others or len({s.component for s in sections}) < 2:
        return sections
    if not all(s.code.isdigit() for s in sections):
        return sections
    blocks: dict[int, list[SectionRecord]] = defaultdict(list)
    for lecture in lectures:
        if int(lecture.code) % 100:
            return sections
        blocks[int(lecture.code) // 100].append(lecture)
    if any(len(v) != 1 for v in blocks.values()):
        return sections
    if not all(int(s.code) // 100 in blocks and int(s.code) % 100 for s in others):
        return sections
    return [s if s.component == "LEC" else replace(s, parent_code=blocks[int(s.code) // 100][0].code) for s in sections]
