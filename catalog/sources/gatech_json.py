"""Georgia Tech catalog JSON as published by the gt-scheduler crawler (version 3).

Sections are tuples indexing shared caches; see docs/sources.md for the mapping, the link rule
(`A` → `A01..`) and what is quarantined or rejected.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from catalog.sources import clock
from catalog.sources.canonical import check_size, load_json, read_text
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

VERSION = 3
CACHES = (
    "periods",
    "dateRanges",
    "scheduleTypes",
    "campuses",
    "attributes",
    "finalDates",
    "finalTimes",
)
COMPONENTS = {
    "lecture": ("LEC", "Lecture"),
    "supervised laboratory": ("LAB", "Supervised Laboratory"),
    "unsupervised laboratory": ("ULB", "Unsupervised Laboratory"),
    "mixed laboratory": ("MLB", "Mixed Laboratory"),
    "laboratory": ("LAB", "Laboratory"),
    "recitation": ("REC", "Recitation"),
    "breakout": ("BRK", "Breakout"),
    "directed study": ("DST", "Directed Study"),
    "studio": ("STU", "Studio"),
    "thesis": ("THS", "Thesis"),
    "dissertation": ("DSS", "Dissertation"),
    "seminar": ("SEM", "Seminar"),
    "internship/practicum": ("PRA", "Internship/Practicum"),
    "co-op work assignment": ("COP", "Co-op Work Assignment"),
    "common exam": ("EXM", "Common Exam"),
    "practice teaching": ("PTE", "Practice Teaching"),
}
DAYS = {"M": 0, "T": 1, "W": 2, "R": 3, "F": 4, "S": 5, "U": 6}
ONLINE_CAMPUSES = re.compile(r"^(online|video)$", re.IGNORECASE)
DATE_FORMATS = ("%b %d, %Y",)
COURSE_KEY = re.compile(r"^([A-Z]{1,8}) ([0-9A-Z]{1,8})$")
CHILD_ID = re.compile(r"^(?P<parent>[A-Z]+)\d{2}$")
SEASONS = {"02": "Spring", "05": "Summer", "08": "Fall"}


def parse(
    path: str | os.PathLike[str],
    *,
    institution: InstitutionRecord | None = None,
    term: TermRecord | None = None,
) -> CatalogRecords:
    """Records from a gt-scheduler JSON file."""
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
    """Records from gt-scheduler JSON bytes; institution and term default to Georgia Tech and
    the file name (`202208.json` → Fall 2022)."""
    text = read_text(data, name=name)
    if text.lstrip()[:1] not in "{[":
        raise CatalogFormatError(
            "expected gt-scheduler JSON (an object with 'courses' and 'caches'); this does not "
            "start with '{' (a CSV? use --format uva-csv)",
            path=name,
            location="line 1",
        )
    document = load_json(text, name=name)
    return Reader(name, document).read(institution=institution, term=term)


def default_term(name: str) -> TermRecord:
    stem = Path(name).stem
    if re.fullmatch(r"\d{6}", stem) and stem[4:] in SEASONS:
        return TermRecord(code=stem, name=f"{SEASONS[stem[4:]]} {stem[:4]}")
    return TermRecord(code=stem[:40] or "term", name=stem or "Term")


class Reader:
    def __init__(self, name: str, document: Any):
        self.name = name
        self.doc = document
        self.rejected: list[Problem] = []
        self.warnings: list[Problem] = []
        self.warned: set[tuple[str, str]] = set()

    def fail(self, location: str, message: str) -> CatalogFormatError:
        return CatalogFormatError(message, path=self.name, location=location)

    def check_structure(self) -> dict[str, list]:
        doc = self.doc
        if not isinstance(doc, dict):
            raise self.fail("$", "expected an object with 'courses', 'caches' and 'version'")
        missing = [k for k in ("courses", "caches", "version") if k not in doc]
        if missing:
            raise self.fail("$", f"missing key(s) {', '.join(missing)}; is this gt-scheduler JSON?")
        if doc["version"] != VERSION:
            raise self.fail("$.version", f"version {doc['version']!r} is not supported; expected {VERSION}")
        if not isinstance(doc["courses"], dict):
            raise self.fail("$.courses", "expected an object of course code → course")
        caches = doc["caches"]
        if not isinstance(caches, dict):
            raise self.fail("$.caches", "expected an object of lookup lists")
        for key in CACHES:
            if not isinstance(caches.get(key), list):
                raise self.fail(f"$.caches.{key}", "expected a list")
        return caches

    def read(self, *, institution: InstitutionRecord | None, term: TermRecord | None) -> CatalogRecords:
        caches = self.check_structure()
        self.periods = [self.period(p, i) for i, p in enumerate(caches["periods"])]
        self.ranges = [self.date_range(r, i) for i, r in enumerate(caches["dateRanges"])]
        self.finals_dates = [self.final_date(d, i) for i, d in enumerate(caches["finalDates"])]
        self.finals_times = [self.final_time(t, i) for i, t in enumerate(caches["finalTimes"])]
        self.types = caches["scheduleTypes"]
        self.campuses = caches["campuses"]
        self.attributes = caches["attributes"]
        courses = []
        seen_ids: set[str] = set()
        sections_seen = 0
        for code, course in self.doc["courses"].items():
            where = f"$.courses[{code!r}]"
            if not (isinstance(course, list) and len(course) >= 2 and isinstance(course[1], dict)):
                raise self.fail(where, "expected [title, {sectionId: section}, prerequisites, description]")
            sections_seen += len(course[1])
            match = COURSE_KEY.match(code)
            if not match:
                for sid, t in course[1].items():
                    rid = str(t[0]) if isinstance(t, list) and t else ""
                    self.rejected.append(
                        Problem(
                            f"{where}[1][{sid!r}]",
                            "course code is not 'SUBJECT NUMBER'",
                            field="course",
                            value=code,
                            registrar_id=rid,
                        )
                    )
                continue
            sections = []
            credits: list[Decimal] = []
            for sid, t in course[1].items():
                swhere = f"{where}[1][{sid!r}]"
                section = self.section(sid, t, swhere, seen_ids, credits)
                if section is not None:
                    sections.append(section)
            nonzero = [c for c in credits if c > 0] or credits
            courses.append(
                CourseRecord(
                    subject=match[1],
                    number=match[2],
                    title=str(course[0])[:300],
                    credits_min=min(nonzero) if nonzero else None,
                    credits_max=max(nonzero) if nonzero else None,
                    description=str(course[3]) if len(course) > 3 and isinstance(course[3], str) else "",
                    sections=tuple(linked(sections)),
                )
            )
        if term is None:
            term = default_term(self.name)
            days = [d for r in self.ranges if r for d in r]
            if days:
                term = replace(term, first_day=min(days), last_day=max(days))
        return CatalogRecords(
            institution=institution
            or InstitutionRecord("gatech", "Georgia Institute of Technology", "America/New_York"),
            term=term,
            courses=tuple(courses),
            sections_seen=sections_seen,
            rejected=tuple(self.rejected),
            warnings=tuple(self.warnings),
            source_name=self.name,
        )

    def period(self, text: Any, i: int):
        if text == "TBA":
            return None
        try:
            return clock.time_range(str(text))
        except ValueError as exc:
            self.warnings.append(Problem(f"$.caches.periods[{i}]", str(exc), field="period", value=str(text)))
            return "bad"

    def date_range(self, text: Any, i: int) -> tuple[date, date] | None:
        try:
            return clock.date_range(str(text), DATE_FORMATS)
        except ValueError as exc:
            self.warnings.append(Problem(f"$.caches.dateRanges[{i}]", str(exc), field="dateRange", value=str(text)))
            return None

    def final_date(self, text: Any, i: int) -> date | None:
        try:
            return clock.parse_date(str(text), DATE_FORMATS)
        except ValueError as exc:
            self.warnings.append(Problem(f"$.caches.finalDates[{i}]", str(exc), field="finalDate", value=str(text)))
            return None

    def final_time(self, text: Any, i: int):
        try:
            return clock.time_range(str(text))
        except ValueError as exc:
            self.warnings.append(Problem(f"$.caches.finalTimes[{i}]", str(exc), field="finalTime", value=str(text)))
            return None

    def lookup(self, table: list, index: Any, name: str):
        if isinstance(index, int) and 0 <= index < len(table):
            return table[index]
        raise ValueError(f"{name} index {index!r} is not in caches ({len(table)} entries)")

    def section(self, sid: str, t: Any, where: str, seen: set[str], credits: list[Decimal]) -> SectionRecord | None:
        if not (isinstance(t, list) and len(t) >= 5 and isinstance(t[1], list)):
            self.rejected.append(
                Problem(
                    where,
                    "expected [crn, meetings, creditHours, scheduleType, campus, ...]",
                    field="section",
                    value=str(t)[:80],
                )
            )
            return None
        rid = str(t[0]).strip()
        if not rid:
            self.rejected.append(Problem(where, "no CRN", field="crn"))
            return None
        if rid in seen:
            self.rejected.append(
                Problem(where, "CRN already seen in this file", field="crn", value=rid, registrar_id=rid)
            )
            return None
        try:
            kind = str(self.lookup(self.types, t[3], "scheduleType")).rstrip("*").strip()
            campus = str(self.lookup(self.campuses, t[4], "campus")).rstrip("*").strip()
        except ValueError as exc:
            self.rejected.append(Problem(where, str(exc), field="scheduleType/campus", registrar_id=rid))
            return None
        seen.add(rid)
        component = COMPONENTS.get(kind.lower())
        if component is None:
            code = re.sub(r"[^A-Za-z]", "", kind).upper()[:3] or "OTH"
            component = (code, kind)
            if ("scheduleType", kind) not in self.warned:
                self.warned.add(("scheduleType", kind))
                self.warnings.append(
                    Problem(
                        where,
                        f"unknown schedule type; filed as {code}",
                        field="scheduleType",
                        value=kind,
                    )
                )
        try:
            credits.append(Decimal(str(t[2])))
        except InvalidOperation:
            self.warnings.append(
                Problem(
                    where,
                    "credit hours are not a number",
                    field="creditHours",
                    value=str(t[2]),
                    registrar_id=rid,
                )
            )
        meetings, problems, instructors = self.meetings(t[1], where)
        attributes = []
        if len(t) > 5 and isinstance(t[5], list):
            attributes = [str(self.attributes[i]) for i in t[5] if isinstance(i, int) and 0 <= i < len(self.attributes)]
        return SectionRecord(
            registrar_id=rid,
            code=sid,
            component=component[0],
            component_name=component[1],
            status=SectionStatus.OPEN,
            instructors=tuple(instructors),
            campus=campus,
            modality=Modality.ONLINE if ONLINE_CAMPUSES.match(campus) else Modality.IN_PERSON,
            notes="; ".join(attributes),
            meetings=tuple(meetings),
            quarantine="; ".join(problems),
            source=where,
        )

    def meetings(self, rows: list, where: str) -> tuple[list[MeetingRecord], list[str], list[str]]:
        meetings: list[MeetingRecord] = []
        problems: list[str] = []
        instructors: list[str] = []
        primary: list[str] = []
        exam: MeetingRecord | None = None
        for mi, m in enumerate(rows):
            mwhere = f"{where}[1][{mi}]"
            if not (isinstance(m, list) and len(m) >= 6):
                problems.append(f"{mwhere}: expected [period, days, room, location, instructors, dateRange, ...]")
                continue
            for person in m[4] if isinstance(m[4], list) else []:
                name = str(person).strip()
                target = primary if name.endswith("(P)") else instructors
                name = name.removesuffix("(P)").strip()
                if name and name not in primary and name not in instructors:
                    target.append(name)
            room = " ".join(str(m[2]).split())
            try:
                period = self.lookup(self.periods, m[0], "period")
                dates = self.lookup(self.ranges, m[5], "dateRange") if m[5] != -1 else None
            except ValueError as exc:
                problems.append(f"{mwhere}: {exc}")
                continue
            first, last = dates or (None, None)
            days_text = str(m[1]).replace("&nbsp;", "").strip()
            if period == "bad":
                problems.append(f"{mwhere}: impossible period {self.doc['caches']['periods'][m[0]]!r}")
                continue
            if period is None or not days_text:
                meetings.append(MeetingRecord((), None, None, first, last, room))
            else:
                unknown = [d for d in days_text if d not in DAYS]
                if unknown:
                    problems.append(f"{mwhere}: unknown day letter(s) {''.join(unknown)!r}; expected M T W R F S U")
                    continue
                start, end = period
                problem = clock.meeting_problem(start, end, first, last)
                if problem:
                    problems.append(f"{mwhere}: {problem}")
                    continue
                days = tuple(sorted({DAYS[d] for d in days_text}))
                meetings.append(MeetingRecord(days, start, end, first, last, room))
            if exam is None and len(m) >= 8:
                exam = self.exam(m[6], m[7], room)
        if exam is not None:
            meetings.append(exam)
        return meetings, problems, primary + instructors

    def exam(self, date_index: Any, time_index: Any, room: str) -> MeetingRecord | None:
        if not (isinstance(date_index, int) and isinstance(time_index, int)) or date_index < 0 or time_index < 0:
            return None
        try:
            day = self.lookup(self.finals_dates, date_index, "finalDate")
            times = self.lookup(self.finals_times, time_index, "finalTime")
        except ValueError:
            return None
        if day is None or times is None:
            return None
        return MeetingRecord((day.weekday(),), times[0], times[1], day, day, room, MeetingKind.EXAM)


def linked(sections: list[SectionRecord]) -> list[SectionRecord]:
    """Link `A01`, `A02`.. (the parent's letters and two digits) to section `A` of the same
    course where `A` exists and is of another schedule type (a Studio with its Lectures, a
    Lecture with its Labs). Same-type pairs such as ENGL 1101 `U`/`U2` or research `R`/`R01`
    are independent sections a student picks one of, so they stay unlinked."""
    by_code = {s.code: s for s in sections}
    result = []
    for s in sections:
        match = CHILD_ID.match(s.code)
        parent = by_code.get(match["parent"]) if match else None
        if parent is None or parent.component == s.component:
            result.append(s)
        else:
            result.append(replace(s, parent_code=parent.code))
    return result
