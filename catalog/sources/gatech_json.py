"""Georgia Tech catalog JSON as the gt-scheduler crawler publishes it (version 3).

Sections are tuples whose numbers index shared caches (periods, date ranges, schedule types...).
docs/sources.md gives the key mapping, the `A` → `A01` link rule and what is rejected,
quarantined or warned about.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog.sources import clock, jsondoc
from catalog.sources.credits import credit_range, reversed_range
from catalog.sources.records import (
    REGISTRAR_ID_EXAMPLE,
    SANE_DATES,
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
    Tally,
    TermRecord,
    component_code,
    term_days_of,
    url_segment_problem,
)
from catalog.sources.textclean import (
    DESCRIPTION_LIMIT,
    INSTRUCTOR_LIMIT,
    NOTES_LIMIT,
    PREREQUISITES_LIMIT,
    check_size,
    clean,
    cut,
    decode,
)

# Georgia Tech's campuses abroad list their classes in their own local time (the real Fall 2022
# file: Lorraine's start at 8:00, 9:30, 15:30), so a calendar puts them in that zone
CAMPUS_TIMEZONES = (
    ("GT Lorraine-Graduate Programs", "Europe/Paris"),
    ("GT Lorraine-Undergrad Programs", "Europe/Paris"),
    ("Georgia Tech - Korea", "Asia/Seoul"),
    ("Georgia Tech - Shanghai", "Asia/Shanghai"),
    ("Georgia Tech - Shenzhen", "Asia/Shanghai"),
)
INSTITUTION = InstitutionRecord("gatech", "Georgia Institute of Technology", "America/New_York", CAMPUS_TIMEZONES)
VERSION = 3
EXPECTED = "gt-scheduler crawler JSON (an object with courses, caches and version 3)"
CACHES = {  # the caches a section or meeting indexes, with an example entry for messages
    "periods": "8:25 am - 9:15 am",
    "dateRanges": "Aug 22, 2022 - Dec 15, 2022",
    "scheduleTypes": "Lecture*",
    "campuses": "Georgia Tech-Atlanta *",
    "attributes": "STEM USG",
    "finalDates": "Dec 08, 2022",
    "finalTimes": "11:20 am - 2:10 pm",
}
OPTIONAL_CACHES = {  # caches a file may lack, and what is lost without them
    "campuses": "every section's campus is left empty",
    "attributes": "no section has attributes (notes, online courses by attribute)",
    "finalDates": "no final exam is read",
    "finalTimes": "no final exam is read",
}
COMPONENTS = {  # schedule type (without its `*`, any case) → (kind code, display name)
    "lecture": ("LEC", "Lecture"),
    "supervised laboratory": ("LAB", "Laboratory"),
    "laboratory": ("LAB", "Laboratory"),
    "unsupervised laboratory": ("ULB", "Unsupervised Laboratory"),
    "mixed laboratory": ("MLB", "Mixed Laboratory"),
    "recitation": ("REC", "Recitation"),
    "studio": ("STU", "Studio"),
    "seminar": ("SEM", "Seminar"),
    "breakout": ("BRK", "Breakout"),
    "directed study": ("DST", "Directed Study"),
    "research": ("RES", "Research"),
    "thesis": ("THS", "Thesis"),
    "dissertation": ("DSS", "Dissertation"),
    "internship/practicum": ("PRA", "Internship/Practicum"),
    "practicum": ("PRA", "Internship/Practicum"),
    "co-op work assignment": ("COP", "Co-op Work Assignment"),
    "common exam": ("EXM", "Common Exam"),
    "practice teaching": ("PTE", "Practice Teaching"),
}
DAYS = {"M": 0, "T": 1, "W": 2, "R": 3, "F": 4, "S": 5, "U": 6}
ONLINE_CAMPUS = re.compile(r"^(online|video)$|distance", re.IGNORECASE)  # Video: distance learning
ONLINE_ATTRIBUTE = re.compile(r"\b(online|remote|distance)\b", re.IGNORECASE)
NO_INSTRUCTOR = {"", "tba", "staff", "to be announced"}
COURSE_KEY = re.compile(r"^([A-Z]{1,10}) ([0-9][0-9A-Z]{0,9})$")
SEASONS = {"02": "Spring", "05": "Summer", "08": "Fall"}
CREDITS_LIMIT = 1000  # the catalog stores credits as 5 digits, 2 after the point
# the meeting tuple's indexes by position, and the ones whose null means "none" (as -1 does)
MEETING_INDEXES = {0: "periodIndex", 5: "dateRangeIndex", 6: "finalDateIndex", 7: "finalTimeIndex"}
NULL_MEANS_NONE = {"dateRangeIndex", "finalDateIndex", "finalTimeIndex"}
SECTION_SHAPE = "[crn, meetings, creditHours, scheduleTypeIndex, campusIndex, attributeIndexes, ...]"
MEETING_SHAPE = "[periodIndex, days, room, locationIndex, instructors, dateRangeIndex, finalDateIndex, finalTimeIndex]"
TOP_LEVEL_KEYS = ("courses", "caches", "updatedAt", "version")
CACHE_KEYS = (*CACHES, "gradeBases", "locations")  # the caches version 3 writes; the last two no section needs
# what the crawler's version 3 writes, for each shape the adapter reads otherwise with a warning
# (`Reader.drifted`): (field, what was found, how it was read, what was expected)
DRIFT = {
    "course items": (
        "course",
        "course(s) with more than 4 items",
        "the extra items ignored",
        "[title, {sectionId: section}, prerequisites, description]",
    ),
    "section items": ("section", "section(s) with more than 7 items", "the extra items ignored", SECTION_SHAPE),
    "section short": (
        "section",
        "section(s) with fewer than 7 items",
        "read without the missing ones (with no attributeIndexes, item 6, a section has no notes and no online "
        "modality from its attributes)",
        SECTION_SHAPE,
    ),
    "meeting items": ("meeting", "meeting(s) with more than 8 items", "the extra items ignored", MEETING_SHAPE),
    "crn number": ("crn", "CRN(s) given as numbers", "read as their digits", 'a string such as "80684"'),
    "instructors string": (
        "instructors",
        "instructor lists given as one string",
        "read as one name",
        "a list of names such as ['Ann Lee (P)']",
    ),
}


def parse(
    path: str | os.PathLike[str],
    *,
    institution: InstitutionRecord | None = None,
    term: TermRecord | None = None,
) -> CatalogRecords:
    """Records from a gt-scheduler JSON file; its size is checked before it is read."""
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
    the file name (`202208.json` → "Fall 2022", first and last day from the date ranges)."""
    text = decode(data, name=name, expected=EXPECTED)
    if text.lstrip()[:1] not in ("{", "["):
        raise jsondoc.not_json(text, name=name, expected=EXPECTED, hint="is it a uva-csv catalog?")
    document = jsondoc.load(text, name=name, expected=EXPECTED, twice_hint="a course or section listed twice?")
    return Reader(name, document).read(institution=institution, term=term)


def default_term(name: str) -> TermRecord:
    """The term a file name implies: `202208.json` or `202208 (1).json` (a second download) →
    ("202208", "Fall 2022") (YYYY02 Spring, YYYY05 Summer, YYYY08 Fall), otherwise the file's
    stem as code and name."""
    stem = Path(name).stem
    match = re.search(r"(?<![0-9])(\d{4})(02|05|08)(?![0-9])", stem)
    if match:
        return TermRecord(code=match[0], name=f"{SEASONS[match[2]]} {match[1]}")
    return TermRecord(code=stem[:40] or "term", name=stem[:200] or "Term")


@dataclass(frozen=True, slots=True)
class Cached:
    """One cache entry read: its value, or why it cannot be used (`problem`)."""

    text: str
    value: Any = None
    problem: str = ""


class Reader:
    """One document's parse, collecting rejections and warnings as it goes."""

    def __init__(self, name: str, document: Any):
        self.name = name
        self.unknown_types: dict[str, tuple[str, str]] = {}  # letters and digits → (code, name)
        self.doc = document
        self.rejected: list[Problem] = []
        self.warnings = Tally()
        self.missing_caches: set[str] = set()  # optional caches the file lacks, warned about once
        self.stringly: tuple[str, str, str] | None = None  # the first number given as a string
        self.stringly_count = 0
        self.float_crns: list[tuple[str, float]] = []  # CRNs written 83167.0, read as 83167
        self.drift: dict[str, list] = {}  # a DRIFT kind → [JSON path, value, count] of the shapes read anyway

    def fail(self, location: str, message: str) -> CatalogFormatError:
        return CatalogFormatError(message, path=self.name, location=location)

    def keys_unread(self, where: str, noun: str, found: dict, known: tuple[str, ...]) -> None:
        """A warning naming the keys of the object at `where` the adapter does not read (`noun`:
        "key(s)", "cache key(s)"): the crawler's format may have changed."""
        unknown = [k for k in found if k not in known]
        if unknown:
            self.warnings.add(
                where,
                "keys",
                ", ".join(map(str, unknown)),
                f"{noun} {', '.join(repr(k) for k in unknown)} not read; expected only {', '.join(known)} (the "
                "crawler's format may have changed: check what they hold)",
            )

    def read(self, *, institution: InstitutionRecord | None, term: TermRecord | None) -> CatalogRecords:
        caches = self.structure()
        times = [(f"$.caches.{c}[{i}]", t) for c in ("periods", "finalTimes") for i, t in enumerate(caches[c])]
        self.clock24 = clock.file_clock(times)  # where the file shows a 24-hour clock, if it does
        self.read24: list[str] = []  # the periods read on it that could otherwise be night or day
        self.periods = [self.period(t) for t in caches["periods"]]
        self.ranges = [self.date_range(t) for t in caches["dateRanges"]]
        self.final_dates = [self.final_date(t) for t in caches["finalDates"]]
        self.final_times = [self.period(t) for t in caches["finalTimes"]]
        if self.read24 and self.clock24:
            self.warnings.add(
                self.clock24[0],
                "periods",
                self.read24[0],
                f"{len(self.read24):,} period(s) with no am/pm, such as {self.read24[0]!r}, were read on a 24-hour "
                f"clock: the caches write no am/pm anywhere and have 24-hour times (this one: {self.clock24[1]!r})",
            )
        self.types = [t.strip().rstrip("*").strip() for t in caches["scheduleTypes"]]
        self.campuses = [
            cut(
                clean(t.strip().rstrip("*")),
                100,
                warnings=self.warnings,
                where=f"$.caches.campuses[{i}]",
                field="campus",
            )
            for i, t in enumerate(caches["campuses"])
        ]
        self.attributes = [clean(t) for t in caches["attributes"]]
        for cache, entries in (
            ("periods", self.periods),
            ("dateRanges", self.ranges),
            ("finalDates", self.final_dates),
            ("finalTimes", self.final_times),
        ):
            for i, entry in enumerate(entries):
                if entry.problem:
                    self.warnings.add(
                        f"$.caches.{cache}[{i}]",
                        cache,
                        entry.text,
                        f"{entry.problem}; the meetings that use it are quarantined"
                        if cache in ("periods", "dateRanges")
                        else f"{entry.problem}; the final exams that use it are left out",
                    )
        courses = []
        seen: dict[str, str] = {}  # CRN → where its section is
        sections_seen = 0
        # course keys by their capitals, so a key in lower case is upper-cased only when no other
        # key of the file names the same course
        self.same_course: dict[str, list[str]] = defaultdict(list)
        for code in self.doc["courses"]:
            if isinstance(code, str) and code.isascii():
                self.same_course[code.upper()].append(code)
        self.upper_cased: list[tuple[str, str]] = []  # (JSON path, key) of the keys upper-cased
        for code, course in self.doc["courses"].items():
            where = f"$.courses[{code!r}]"
            if not (isinstance(course, list) and len(course) >= 2 and isinstance(course[1], dict)):
                raise self.fail(
                    where,
                    f"expected [title, {{sectionId: section}}, prerequisites, description]; found {shorten(course)}",
                )
            sections_seen += len(course[1])
            if len(course) > 4:
                self.drifted("course items", where, course[4:])
            record = self.course(code, course, where, seen)
            if record is not None:
                courses.append(record)
        if self.upper_cased:
            where, code = self.upper_cased[0]
            self.warnings.add(
                where,
                "course",
                code,
                f"{len(self.upper_cased):,} course key(s) not in capitals were upper-cased, such as {code!r} → "
                f"{code.upper()!r}; expected 'SUBJECT NUMBER' in capitals (no other key of the file names the same "
                "course)",
            )
        if self.float_crns:
            where, crn = self.float_crns[0]
            self.warnings.add(
                where,
                "crn",
                json.dumps(crn),
                f"{len(self.float_crns):,} CRN(s) written as numbers with a decimal point (such as {json.dumps(crn)}) "
                f'were read as whole numbers ({crn_text(crn)}); expected a string or a whole number such as "80684"',
            )
        for kind, (where, value, count) in self.drift.items():
            field, found, read, expected = DRIFT[kind]
            self.warnings.add(
                where,
                field,
                value,
                f"{count:,} {found}, such as this one, {read}; expected {expected} (the crawler's format may have "
                "changed: check what they mean)",
            )
        if self.stringly:
            where, field, value = self.stringly
            self.warnings.add(
                where,
                field,
                value,
                f"{self.stringly_count:,} number(s) given as strings (such as {value!r} for {field}) were read "
                "as numbers; expected JSON numbers (the crawler's format may have changed)",
            )
        if not sections_seen:
            raise self.fail(
                "$.courses",
                "no sections in any course; expected courses with their sections (imported, this file "
                "would withdraw every section of the term)",
            )
        if term is None:
            term = default_term(self.name)
            first, last = term_days_of(courses)  # a meeting dated far from the rest is left out
            if first:
                term = replace(term, first_day=first, last_day=last)
            # the finals week: its weekly date ranges run through it, but no class meets on an
            # exam day, so the final exam dates are the term's holidays (staff can change them)
            finals = sorted({f.value for f in self.final_dates if not f.problem})
            term = replace(term, holidays=tuple(finals))
        return CatalogRecords(
            institution=institution or INSTITUTION,
            term=term,
            courses=tuple(courses),
            sections_seen=sections_seen,
            rejected=tuple(self.rejected),
            warnings=self.warnings.problems(),
            source_name=self.name,
        )

    def structure(self) -> dict[str, list[str]]:
        """The caches, once the document's shape is known to be gt-scheduler's version 3."""
        doc = self.doc
        if not isinstance(doc, dict):
            raise self.fail("$", f"expected {EXPECTED}; found {shorten(doc)}")
        missing = [k for k in ("courses", "caches", "version") if k not in doc]
        if missing:
            found = ", ".join(repr(k) for k in list(doc)[:8]) or "none"
            inside = [k for k, v in doc.items() if isinstance(v, dict) and {"courses", "caches"} <= v.keys()]
            hint = f"; the catalog seems to be inside $.{inside[0]}: give that object alone" if inside else ""
            if doc.get("format") == "classtime-catalog":
                hint = "; this looks like a canonical catalog (choose the format canonical)"
            raise self.fail(
                "$", f"missing key(s) {', '.join(missing)}; expected {EXPECTED}; found key(s) {found}{hint}"
            )
        if isinstance(doc["version"], str) and doc["version"].strip() == str(VERSION):
            self.as_number("$.version", "version", doc["version"])  # "3": the version as a string
            doc = self.doc = {**doc, "version": VERSION}
        if doc["version"] != VERSION or isinstance(doc["version"], bool):
            raise self.fail(
                "$.version",
                f"version {doc['version']!r} is not supported; expected {VERSION} (the crawler's "
                "format changed: convert the file or update this adapter)",
            )
        self.keys_unread("$", "key(s)", doc, TOP_LEVEL_KEYS)
        if not isinstance(doc["courses"], dict):
            raise self.fail(
                "$.courses",
                f"expected an object of course code → course; found {shorten(doc['courses'])}",
            )
        caches = doc["caches"]
        if not isinstance(caches, dict):
            raise self.fail("$.caches", f"expected an object of lookup lists; found {shorten(caches)}")
        caches = dict(caches)
        self.keys_unread("$.caches", "cache key(s)", caches, CACHE_KEYS)
        for key, example in CACHES.items():
            if key not in caches and key in OPTIONAL_CACHES:
                self.warnings.add(f"$.caches.{key}", key, "", f"no cache {key}; {OPTIONAL_CACHES[key]}")
                self.missing_caches.add(key)
                caches[key] = []
            entries = caches.get(key)
            if key not in caches:
                raise self.fail(
                    f"$.caches.{key}",
                    f"missing; expected a list of strings such as {example!r} (the sections index it)",
                )
            if not isinstance(entries, list):
                raise self.fail(f"$.caches.{key}", f"expected a list of strings; found {shorten(entries)}")
            for i, entry in enumerate(entries):
                if not isinstance(entry, str):
                    raise self.fail(
                        f"$.caches.{key}[{i}]",
                        f"expected a string such as {example!r}; found {shorten(entry)}",
                    )
        return caches

    def period(self, text: str) -> Cached:
        """'8:25 am - 9:15 am' → (start, end); 'TBA' → None."""
        if clock.no_set_time(text):
            return Cached(text)
        try:
            start, end = clock.time_range(text)
        except ValueError as exc:
            try:
                if self.clock24 is None:
                    raise
                start, end = clock.time_range(text, twenty_four=True)
                self.read24.append(text)
            except ValueError:
                return Cached(text, problem=f"impossible time ({exc})")
        problem = clock.meeting_problem(start, end, None, None)
        return Cached(text, problem=problem) if problem else Cached(text, (start, end))

    def date_range(self, text: str) -> Cached:
        """'Aug 22, 2022 - Dec 15, 2022' → (first, last)."""
        try:
            first, last = clock.date_range(text)
        except ValueError:
            return Cached(
                text,
                problem=f"not a date range such as 'Aug 22, 2022 - Dec 15, 2022' (dates such as {clock.DATE_EXAMPLES})",
            )
        if last < first:
            return Cached(text, problem="last date is before the first")
        if not (SANE_DATES[0] <= first and last <= SANE_DATES[1]):
            return Cached(text, problem="a year no term can have")
        return Cached(text, (first, last))

    def unknown_type(self, kind: str) -> tuple[str, str]:
        """(code, name) of a schedule type COMPONENTS does not know: its letters in capitals, cut
        to the 12 a component's code holds (`Lecture/Lab` → LECTURELAB), numbered when a known
        type or another unknown one has that code, so types stay apart as the file lists them."""
        if not self.unknown_types:  # every unknown type of the cache at once, in the order of its letters
            taken = {code for code, _ in COMPONENTS.values()}
            names: dict[str, tuple[str, int]] = {}
            for i, t in enumerate(self.types):
                if COMPONENTS.get(t.lower()) is None:
                    names.setdefault(re.sub(r"[^A-Za-z0-9]", "", t).upper(), (t, i))
            for key in sorted(names):
                code, _ = component_code(key, taken)
                taken.add(code)
                name, i = names[key]
                where = f"$.caches.scheduleTypes[{i}]"
                self.unknown_types[key] = (
                    code,
                    cut(name.title(), 100, warnings=self.warnings, where=where, field="name"),
                )
        return self.unknown_types[re.sub(r"[^A-Za-z0-9]", "", kind).upper()]

    def final_date(self, text: str) -> Cached:
        """'Dec 08, 2022' → date."""
        try:
            day = clock.parse_date(text)
        except ValueError:
            return Cached(text, problem=f"not a date such as 'Dec 08, 2022' ({clock.DATE_EXAMPLES})")
        if not SANE_DATES[0] <= day <= SANE_DATES[1]:
            return Cached(text, problem="a year no term can have")
        return Cached(text, day)

    def course(self, code: str, course: list, where: str, seen: dict[str, str]) -> CourseRecord | None:
        """The course with its readable sections, linked; None when its code is unreadable (all
        its sections are then rejected)."""
        match = COURSE_KEY.match(code)
        why = "not a course code: expected 'SUBJECT NUMBER' such as 'CS 2110'"
        if not match and code.isascii() and COURSE_KEY.match(code.upper()):
            others = [other for other in self.same_course[code.upper()] if other != code]
            if others:
                why = (
                    f"a course key not in capitals, and {others[0]!r} names the same course once upper-cased; "
                    "expected each course once, as 'SUBJECT NUMBER' in capitals such as 'CS 2110'"
                )
            else:
                match = COURSE_KEY.match(code.upper())
                self.upper_cased.append((where, code))
        if not match:
            for sid, t in course[1].items():
                rid = crn_text(t[0]) if isinstance(t, list) and t else ""
                self.rejected.append(Problem(f"{where}[1][{sid!r}]", why, field="course", value=code, registrar_id=rid))
            return None
        sections = []
        credits: list[Decimal] = []
        refused: dict[str, str] = {}  # the id of each section rejected → its JSON path
        refused_components: dict[str, str | None] = {}  # ... → its component, when it can be read
        unknown_credits = []  # the ids of those whose credit hours cannot be read either
        for sid, t in course[1].items():
            before = len(self.rejected)
            section = self.section(sid, t, f"{where}[1][{sid!r}]", seen, credits)
            if section is not None:
                sections.append(section)
                continue
            if len(self.rejected) > before and not self.rejected[-1].registrar_id:
                # no CRN to keep it by: the course and section id still name the catalog's section
                self.rejected[-1] = replace(self.rejected[-1], course=f"{match[1]} {match[2]}", section=sid.strip())
            refused[sid.strip()] = f"{where}[1][{sid!r}]"
            kind = self.lookup(self.types, t[3]) if rejected_list(t, 4) else None
            refused_components[sid.strip()] = COMPONENTS.get(kind.lower(), (None,))[0] if kind else None
            hours = rejected_credits(t)
            if hours is None:
                unknown_credits.append(sid.strip())
            else:
                credits.append(hours)  # Georgia Tech's credit hours sit on the parent: one rejected still gives them
        if not sections:
            if not course[1]:
                self.warnings.add(where, "sections", "{}", "a course with no sections; not imported")
            return None  # otherwise every section was rejected, and each is reported
        sections, note = linked(sections, refused_components)
        if note:  # about the course's sections as a whole, at the course: its key is the value
            self.warnings.add(where, "course", code, note)
        for s in sections:
            if s.parent_code in refused:
                self.warnings.add(
                    s.source,
                    "sectionId",
                    s.code,
                    f"taken with section {s.parent_code!r} by its id, which was rejected ({refused[s.parent_code]}): "
                    "linked to it all the same, so the catalog's section, kept as it was, keeps this one; with no "
                    "such section in the catalog this one is imported quarantined, not offered alone",
                    s.registrar_id,
                )
        counted = [c for c in credits if c > 0] or credits  # a 0-credit lab beside its lecture
        if unknown_credits and not any(c > 0 for c in credits):
            self.warnings.add(
                where,
                "creditHours",
                ", ".join(dict.fromkeys(str(c) for c in credits)),  # the credit hours read, none over 0
                "no credit hours: the sections read give none over 0, and those of rejected section(s) "
                f"{', '.join(unknown_credits)} cannot be read (Georgia Tech gives them on the parent section); a "
                "course the catalog holds keeps its credits, a new one is imported with none",
            )
            counted = []
        title = course[0] if isinstance(course[0], str) else ""
        if not title:
            self.warnings.add(where, "title", shorten(course[0]), "no course title")
        description = course[3] if len(course) > 3 and isinstance(course[3], str) else ""
        prerequisites = ""
        if len(course) > 2:
            try:
                prerequisites = prerequisites_said(course[2], f"{where}[2]")
            except UnreadablePrerequisites as problem:
                self.warnings.add(
                    problem.where,
                    "prerequisites",
                    shorten(problem.found),
                    f"prerequisites not read: expected {problem.expected}; the course is imported with none listed",
                )
        return CourseRecord(
            subject=match[1],
            number=match[2],
            title=cut(clean(title), 300, warnings=self.warnings, where=where, field="title"),
            credits_min=min(counted) if counted else None,
            credits_max=max(counted) if counted else None,
            description=cut(
                clean(description), DESCRIPTION_LIMIT, warnings=self.warnings, where=where, field="description"
            ),
            sections=tuple(sections),
            prerequisites=cut(
                clean(prerequisites),
                PREREQUISITES_LIMIT,
                warnings=self.warnings,
                where=f"{where}[2]",
                field="prerequisites",
            ),
        )

    def reject(self, where: str, field: str, value: str, rid: str, message: str) -> None:
        self.rejected.append(Problem(where, message, field=field, value=value, registrar_id=rid))

    def section(
        self, sid: str, t: Any, where: str, seen: dict[str, str], credits: list[Decimal]
    ) -> SectionRecord | None:
        """The section `sid`, or None when it is rejected (the reason goes to `rejected`)."""
        if not (isinstance(t, list) and len(t) >= 5 and isinstance(t[1], list)):
            # null, a number, true or false, a short list: any value the file may hold
            nested = isinstance(t, dict) and t and all(isinstance(v, (list, dict)) for v in t.values())
            hint = ""
            if nested:
                hint = f" (this holds {len(t)} object(s) or list(s) by key: sections nested one level too deep?)"
            # a list still naming its CRN lists that section: kept as the last import left it, not withdrawn
            rid = crn_text(t[0]) if isinstance(t, list) and t else ""
            self.reject(where, "section", shorten(t), rid, f"unreadable section: expected {SECTION_SHAPE}{hint}")
            return None
        rid = crn_text(t[0])
        if isinstance(t[0], float) and rid:
            self.float_crns.append((where, t[0]))
        elif isinstance(t[0], int) and not isinstance(t[0], bool) and rid:
            self.drifted("crn number", where, t[0])
        if len(t) > 7:
            self.drifted("section items", where, t[7:])
        elif len(t) < 7:  # cut short: its attributes, and so its notes, would be dropped without a word
            self.drifted("section short", where, t)
        if not rid:
            why = "no CRN; every section needs one"
            if t[0] not in (None, "") and not (isinstance(t[0], str) and not t[0].strip()):
                why = 'the CRN is no string or whole number (such as "80684"); every section needs one'
            self.reject(where, "crn", shorten(t[0]), "", why)
            return None
        if len(rid) > 40:
            self.reject(where, "crn", rid, "", "CRN longer than 40 characters")
            return None
        unaddressable = url_segment_problem("CRN", rid, REGISTRAR_ID_EXAMPLE)
        if unaddressable:
            self.reject(where, "crn", rid, rid, unaddressable)
            return None
        if rid in seen:
            self.reject(where, "crn", rid, rid, f"CRN already used by an earlier section, at {seen[rid]}")
            return None
        if not sid.strip() or len(sid) > 20:
            self.reject(where, "sectionId", sid, rid, "expected a section id of 1-20 characters")
            return None
        t = [*t[:3], self.index(t[3], where, "scheduleTypeIndex"), self.index(t[4], where, "campusIndex"), *t[5:]]
        if len(t) > 5 and isinstance(t[5], list):
            t[5] = [self.index(v, where, "attributeIndexes") for v in t[5]]
        kind = self.lookup(self.types, t[3])
        if kind is None:
            self.reject(
                where,
                "scheduleTypeIndex",
                shorten(t[3]),
                rid,
                f"not an index of $.caches.scheduleTypes ({len(self.types)} entries)",
            )
            return None
        seen[rid] = where
        component = COMPONENTS.get(kind.lower())
        if component is None:
            component = self.unknown_type(kind)
            self.warnings.add(
                where,
                "scheduleType",
                component[1],
                f"unknown schedule type (any case); filed as {component[0]}",
                rid,
            )
        campus = self.lookup(self.campuses, t[4])
        if campus is None:
            self.warnings.add(
                where,
                "campusIndex",
                shorten(t[4]),
                f"not an index of $.caches.campuses ({len(self.campuses)} entries); left empty",
                rid,
            )
        self.credit(t[2], where, rid, credits)
        attributes = self.section_attributes(t[5] if len(t) > 5 else [], where, rid)
        meetings, problems, people = self.meetings(t[1], where, rid)
        online = ONLINE_CAMPUS.search(campus or "") or any(ONLINE_ATTRIBUTE.search(a) for a in attributes)
        return SectionRecord(
            registrar_id=rid,
            code=sid.strip(),
            component=component[0],
            component_name=component[1],
            status=SectionStatus.OPEN,  # the crawler publishes no seat data
            instructors=people,
            campus=campus or "",
            modality=Modality.ONLINE if online else Modality.IN_PERSON,
            notes=cut(
                "; ".join(attributes), NOTES_LIMIT, warnings=self.warnings, where=where, field="attributes", rid=rid
            ),
            meetings=meetings,
            quarantine="; ".join(problems),
            source=where,
        )

    @staticmethod
    def lookup(table: list, index: Any) -> Any:
        """table[index] for a valid index, else None."""
        if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(table):
            return table[index]
        return None

    def credit(self, value: Any, where: str, rid: str, credits: list[Decimal]) -> None:
        """Add the section's credit hours to `credits` (both ends of a range such as "1-4" given
        as a string), or warn when they are no number."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = Decimal(str(value))
            if number.is_finite() and 0 <= number < CREDITS_LIMIT and number == round(number, 2):
                credits.append(number)
                return
        elif isinstance(value, str):
            try:
                least, most = credit_range(value)
            except ValueError:
                pass
            else:
                self.as_number(where, "creditHours", value)
                if backwards := reversed_range(value):
                    self.warnings.add(where, "creditHours", value, backwards)
                credits.extend({least, most})
                return
        self.warnings.add(
            where,
            "creditHours",
            shorten(value),
            'not a number of credit hours (0 to 999.99, or a range such as "1-4"); ignored',
            rid,
        )

    def index(self, value: Any, where: str, field: str) -> Any:
        """`value`, or the whole number a string of digits gives ("3" → 3, noted for one warning
        of the file); null for the date range or a final exam means none (-1)."""
        if value is None and field in NULL_MEANS_NONE:
            return -1
        if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,9}", value.strip()):
            self.as_number(where, field, value)
            return int(value)
        return value

    def drifted(self, kind: str, where: str, value: Any) -> None:
        """Note a shape of DRIFT the crawler's version 3 does not write, read anyway: one warning
        per kind for the file, with a count and the first place (`parse`)."""
        if kind not in self.drift:
            self.drift[kind] = [where, shorten(value), 0]
        self.drift[kind][2] += 1

    def as_number(self, where: str, field: str, value: str) -> None:
        if not self.stringly:
            self.stringly = (where, field, value)
        self.stringly_count += 1

    def section_attributes(self, indexes: Any, where: str, rid: str) -> list[str]:
        """The names of the section's attributes; unknown indexes are skipped with a warning."""
        names = []
        for index in indexes if isinstance(indexes, list) else [indexes]:
            name = self.lookup(self.attributes, index)
            if name is None:
                self.warnings.add(
                    where,
                    "attributeIndexes",
                    shorten(index),
                    f"not an index of $.caches.attributes ({len(self.attributes)} entries)",
                    rid,
                )
            elif name and name not in names:
                names.append(name)
        return names

    def meetings(
        self, rows: list, where: str, rid: str
    ) -> tuple[tuple[MeetingRecord, ...], list[str], tuple[str, ...]]:
        """The section's usable meetings (and its one final exam), why any meeting could not be
        used (the quarantine reasons), and its instructors, primary ones first."""
        meetings: list[MeetingRecord] = []
        problems: list[str] = []
        primary: list[str] = []
        others: list[str] = []
        final: tuple[int, int, str, str] | None = None
        for mi, m in enumerate(rows):
            mwhere = f"{where}[1][{mi}]"
            if not (isinstance(m, list) and len(m) >= 6):
                problems.append(f"{mwhere}: unreadable meeting, expected {MEETING_SHAPE}")
                continue
            m = [self.index(v, mwhere, MEETING_INDEXES[i]) if i in MEETING_INDEXES else v for i, v in enumerate(m)]
            if len(m) > 8:
                self.drifted("meeting items", mwhere, m[8:])
            if isinstance(m[4], str):
                self.drifted("instructors string", mwhere, m[4])
            people = [m[4]] if isinstance(m[4], str) else m[4] if isinstance(m[4], list) else []
            if m[4] is not None and not isinstance(m[4], (str, list)):
                self.warnings.add(
                    mwhere,
                    "instructors",
                    shorten(m[4]),
                    "expected a list of names such as ['Ann Lee (P)']; no instructor read",
                    rid,
                )
            for person in people:
                name = clean(str(person))
                target = primary if name.endswith("(P)") else others
                name = name.removesuffix("(P)").strip()
                name = cut(name, INSTRUCTOR_LIMIT, warnings=self.warnings, where=mwhere, field="instructors", rid=rid)
                if name.lower() not in NO_INSTRUCTOR and name not in primary and name not in others:
                    target.append(name)
            meeting, problem = self.meeting(m, mwhere, rid)
            if problem:
                problems.append(f"{mwhere}: {problem}; the meeting was dropped")
            elif meeting is not None and meeting not in meetings:
                meetings.append(meeting)
            if len(m) >= 8 and all(isinstance(i, int) and i >= 0 for i in (m[6], m[7])):
                if final is None:
                    final = (m[6], m[7], self.room(m[2], mwhere, rid), mwhere)
                elif final[:2] != (m[6], m[7]):
                    self.warnings.add(
                        mwhere,
                        "finalDateIndex/finalTimeIndex",
                        f"{m[6]}/{m[7]}",
                        f"a second final exam; the one named at {final[3]} is kept",
                        rid,
                    )
        if final is not None:
            exam = self.exam(*final, rid)
            if exam is not None:
                meetings.append(exam)
        return tuple(meetings), problems, tuple(primary + others)

    def room(self, value: Any, where: str, rid: str) -> str:
        room = clean(value) if isinstance(value, str) else ""
        return (
            "" if room.upper() == "TBA" else cut(room, 200, warnings=self.warnings, where=where, field="room", rid=rid)
        )

    def meeting(self, m: list, where: str, rid: str) -> tuple[MeetingRecord | None, str]:
        """One meeting tuple as a record (None when it says nothing worth keeping), or the reason
        it cannot be trusted."""
        period = self.lookup(self.periods, m[0])
        if period is None:
            return None, f"periodIndex {shorten(m[0])} is not an index of $.caches.periods"
        if period.problem:
            return None, f"period {period.text!r} ($.caches.periods[{m[0]}]): {period.problem}"
        first = last = None
        if m[5] != -1:
            dates = self.lookup(self.ranges, m[5])
            if dates is None:
                return (
                    None,
                    f"dateRangeIndex {shorten(m[5])} is not an index of $.caches.dateRanges",
                )
            if dates.problem:
                return (
                    None,
                    f"date range {dates.text!r} ($.caches.dateRanges[{m[5]}]): {dates.problem}",
                )
            first, last = dates.value
        room = self.room(m[2], where, rid)
        untimed = MeetingRecord((), None, None, first, last, room) if room or first else None
        given = m[1]
        if isinstance(given, list) and all(isinstance(d, str) for d in given):
            given = " ".join(given)  # ["M", "W"]: the letters as a list
        days_text = given.replace("&nbsp;", "").strip() if isinstance(given, str) else ""
        shown = m[1] if isinstance(m[1], str) else shorten(m[1])
        if period.value is None or not days_text:
            if period.value is None and days_text:
                self.warnings.add(where, "days", shown, "days without a time (TBA); kept with no set time", rid)
            elif period.value is not None:
                self.warnings.add(where, "days", shown, "a time without days; kept with no set time", rid)
            return untimed, ""
        days = set()
        if not all(letter in DAYS or letter.isspace() for letter in days_text):
            # another spelling of days: `TuTh`, `Mo We`, `Mon/Wed` (`Th` is no Tuesday and an `h`)
            days = set(clock.weekdays(days_text))
        for letter in days_text if not days else "":
            if letter in DAYS:
                days.add(DAYS[letter])
            elif not letter.isspace():
                self.warnings.add(
                    where,
                    "days",
                    shown,
                    f"unknown day letter {letter!r} skipped; expected M T W R F S U",
                    rid,
                )
        if not days:
            return None, f"days {shown!r}: no day letter M T W R F S U"
        start, end = period.value
        kind = MeetingKind.ONE_OFF if first and first == last else MeetingKind.WEEKLY
        return MeetingRecord(tuple(sorted(days)), start, end, first, last, room, kind), ""

    def exam(self, date_index: int, time_index: int, room: str, where: str, rid: str) -> MeetingRecord | None:
        """The final exam on its date, or None (with a warning) when the caches cannot give it."""
        if self.missing_caches & {"finalDates", "finalTimes"}:
            return None  # the missing cache is reported once
        day = self.lookup(self.final_dates, date_index)
        times = self.lookup(self.final_times, time_index)
        if day is None or times is None or times.value is None:
            self.warnings.add(
                where,
                "finalDateIndex/finalTimeIndex",
                f"{date_index}/{time_index}",
                "no usable final exam date and time in $.caches.finalDates/finalTimes; left out",
                rid,
            )
            return None
        if day.problem or times.problem:
            return None  # the cache entry itself is reported once
        start, end = times.value
        return MeetingRecord((day.value.weekday(),), start, end, day.value, day.value, room, MeetingKind.EXAM)


PREREQUISITE_NODE = '["and" or "or", ...] or {"id": "MATH 1501", "grade": "C"}'
# a grade as the words say it: Georgia Tech's "T" is transfer credit; a letter is the lowest grade that counts
GRADE_WORDS = {"T": "transfer"}


class UnreadablePrerequisites(Exception):
    """A part of a prerequisite tree that is neither a group nor a course: where, what, what was expected."""

    def __init__(self, where: str, found: Any, expected: str = PREREQUISITE_NODE):
        super().__init__(f"{where}: expected {expected}")
        self.where, self.found, self.expected = where, found, expected


def prerequisites_said(tree: Any, where: str = "$") -> str:
    """A course's prerequisite tree (`[op, node, ...]`, each node a course `{"id", "grade"}` or
    another tree) in words, "" for none (`[]` or null); a group inside one of the other operator
    is bracketed, a group of one is its member, an empty group (`["and"]`, which the crawler
    writes where it read no course: BIOS 4200 in Fall 2022) is left out. Raises
    UnreadablePrerequisites naming the JSON path of the first part that is neither.

    >>> prerequisites_said(["and", ["or", {"id": "MATH 1501", "grade": "C"}, {"id": "MATH 15X1", "grade": "T"}],
    ...                     {"id": "PHYS 2211", "grade": "D"}])
    '(MATH 1501 (C) or MATH 15X1 (transfer)) and PHYS 2211 (D)'
    """
    if tree is None or tree == []:
        return ""
    return node_said(tree, where, "")


def empty_group(node: Any) -> bool:
    return isinstance(node, list) and len(node) == 1 and node[0] in ("and", "or")


def node_said(node: Any, where: str, outer: str) -> str:
    """One node of a prerequisite tree in words, bracketed when it is a group of another operator than `outer`."""
    if isinstance(node, dict):
        course = node.get("id")
        if not isinstance(course, str) or not course.strip():
            raise UnreadablePrerequisites(f"{where}.id", course, 'a course such as "MATH 1501"')
        grade = node.get("grade")
        if grade is not None and not isinstance(grade, str):
            raise UnreadablePrerequisites(f"{where}.grade", grade, 'a grade such as "C", or "T" for transfer credit')
        grade = (grade or "").strip()
        if not grade:
            return course.strip()
        return f"{course.strip()} ({GRADE_WORDS.get(grade.upper(), grade)})"
    if empty_group(node):
        return ""
    if not (isinstance(node, list) and len(node) >= 2 and isinstance(node[0], str) and node[0] in ("and", "or")):
        raise UnreadablePrerequisites(where, node)
    operator = node[0]
    members = [(f"{where}[{i}]", m) for i, m in enumerate(node[1:], 1) if not empty_group(m)]
    if len(members) == 1:
        return node_said(members[0][1], members[0][0], outer)
    parts = [said for place, m in members if (said := node_said(m, place, operator))]  # none: groups of nothing
    if len(parts) <= 1:
        return "".join(parts)
    said = f" {operator} ".join(parts)
    return f"({said})" if outer and outer != operator else said


def shorten(value: Any) -> str:
    """A value as JSON cut to 80 characters, or the size of a long list or object, for messages."""
    if isinstance(value, (dict, list)) and len(value) > 8:
        return f"{'an object' if isinstance(value, dict) else 'a list'} of {len(value)} entries"
    text = json.dumps(value, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


def crn_text(value: Any) -> str:
    """The registrar id a CRN gives: a string stripped, a whole number, or a whole number written
    with a decimal point (`83167.0`, as another exporter may write an integer; read as a seat
    count `30.0` is), else ""."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""


def rejected_credits(t: Any) -> Decimal | None:
    """The credit hours a rejected section's tuple still gives (`[crn, meetings, 3, ...]`), or
    None when it gives none that read as a number of 0 to 999.99."""
    value = t[2] if rejected_list(t, 3) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = Decimal(str(value))
        if number.is_finite() and 0 <= number < CREDITS_LIMIT and number == round(number, 2):
            return number
    return None


def rejected_list(t: Any, items: int) -> bool:
    """Whether a rejected section's value is a list of at least `items` items."""
    return isinstance(t, list) and len(t) >= items


def parent_codes(sections: list[SectionRecord], refused: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """child code → parent code: `A01` (or `A1`) under `A` when `A` is a section of another
    component, or a section rejected (`refused`, by id → its component, None when unknown) not
    known to be of the same component; the longest such prefix wins."""
    refused = refused or {}
    by_code = {s.code: s for s in sections}
    parents = {}
    for s in sections:
        for split in range(len(s.code) - 1, 0, -1):
            if not s.code[split:].isdigit():
                break
            parent = by_code.get(s.code[:split])
            if parent is not None and parent.component != s.component:
                parents[s.code] = parent.code
                break
            if parent is None and s.code[:split] in refused and refused[s.code[:split]] != s.component:
                parents[s.code] = s.code[:split]
                break
    return parents


def linked(
    sections: list[SectionRecord], refused: Mapping[str, str | None] | None = None
) -> tuple[list[SectionRecord], str]:
    """The sections with id-prefix links, and a note for the report when the course mixes
    linked and unlinked sections ('' when there is nothing to say). A section named after a
    rejected one (`refused`) is linked to it: the catalog may keep that section as it was.

    Same-component prefixes (ENGL 1101 `X` and `X1`..`X4`, all MW 9:30) are alternatives, not
    links: a student takes one of them.
    """
    parents = parent_codes(sections, refused)
    if not parents:
        return sections, ""
    chained = sorted(code for code in set(parents.values()) if code in parents)
    if chained:
        return sections, (
            f"sections {', '.join(chained)} would be both parent and child by their ids; the course is left unlinked"
        )
    heads = set(parents.values())
    result = [replace(s, parent_code=parents[s.code]) if s.code in parents else s for s in sections]
    free = [s for s in result if s.code not in parents and s.code not in heads]
    if not free:
        return result, ""
    component_of = {s.code: s.component for s in result}
    child_components = defaultdict(set)  # parent code → components of its children
    for child, parent in parents.items():
        child_components[parent].add(component_of[child])
    components = {s.component for s in result}
    stranded = []
    for s in free:
        for other in components - {s.component}:
            partners = [
                y
                for y in result
                if y.component == other
                and not (y.parent_code and component_of.get(y.parent_code) == s.component)
                and s.component not in child_components.get(y.code, ())
            ]
            if not partners:
                stranded.append(s.code)
                break
    note = (
        f"sections {', '.join(s.code for s in free)} match no parent id; they combine freely with "
        "the other unlinked sections"
    )
    if stranded:
        note += (
            f"; no unlinked section of another component can go with {', '.join(stranded)}, so no schedule can use them"
        )
    return result, note
