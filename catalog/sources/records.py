"""Plain catalog records: what every source adapter produces and the import service consumes.

These are the hub of the catalog layer: source adapters (`uva_csv`, `gatech_json`,
`canonical`) turn files into them, `catalog.services.catalog_import` writes them to the
database, `catalog.selectors.catalog_records` reads them back (export), and the scheduler
turns them into engine values. No Django here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from decimal import Decimal

WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")  # index 0 = Monday
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# how every adapter's warning of a meeting given a time but no days starts (kept with no set time):
# the import counts them on a term's first import (`services.first_import_untimed`)
TIME_WITHOUT_DAYS = "a time without days"

COMPONENT_KIND_LENGTH = 12  # the most a component's kind code holds in the catalog


def component_code(letters: str, taken: Collection[str]) -> tuple[str, str]:
    """(code, base) for a component type no adapter knows: `letters` (its letters and digits) in
    capitals cut to COMPONENT_KIND_LENGTH (the base; `OTH` with none), numbered when `taken`
    holds that code (`LEC2`, `LECTUREDISC2`) so two types never share a component."""
    base = letters.upper()[:COMPONENT_KIND_LENGTH] or "OTH"
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base[: COMPONENT_KIND_LENGTH - len(str(n))]}{n}"
    return code, base


class MeetingKind:
    """How a meeting recurs: every week in its date range, or once (an exam, a one-off event)."""

    WEEKLY = "weekly"
    EXAM = "exam"
    ONE_OFF = "one_off"
    ALL = (WEEKLY, EXAM, ONE_OFF)


# why an exam `over_a_range` quarantines its section: the scheduler warns of an exam's clashes and never
# refuses a schedule for one, so a weekly class listed as an exam would let students take classes that clash
EXAM_OVER_A_RANGE = (
    "an exam takes place on one date, but its dates hold its weekdays more than once (a weekly class listed as an "
    "exam? a mistyped date?): as an exam its clashes would be warnings only, so give it one date, or list a class "
    "held every week as weekly"
)


class SectionStatus:
    OPEN = "open"
    CLOSED = "closed"
    WAITLIST = "waitlist"
    CANCELLED = "cancelled"
    ALL = (OPEN, CLOSED, WAITLIST, CANCELLED)


class Modality:
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"
    ALL = (IN_PERSON, ONLINE, HYBRID)


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    """A meeting on `days` (0 = Monday .. 6 = Sunday) from `start` to `end`, half-open.

    `start`/`end` are None for a meeting with no set time (TBA); such a meeting has no days.
    `first_date`/`last_date` bound it (inclusive) when the source says so.
    """

    days: tuple[int, ...]
    start: time | None
    end: time | None
    first_date: date | None = None
    last_date: date | None = None
    location: str = ""
    kind: str = MeetingKind.WEEKLY

    @property
    def is_timed(self) -> bool:
        return self.start is not None and self.end is not None and bool(self.days)

    @property
    def single_date(self) -> date | None:
        """The one date of an exam or one-off meeting given one (first = last, or only a first or
        only a last date), else None (a weekly meeting, a date range, no date)."""
        if self.kind == MeetingKind.WEEKLY or (self.first_date is None and self.last_date is None):
            return None
        if self.first_date is None or self.last_date is None or self.first_date == self.last_date:
            return self.first_date or self.last_date
        return None

    @property
    def on_its_date_only(self) -> bool:
        """An exam or one-off meeting with one date (first = last, or only one of them given): it
        is held on that date, whatever weekday it is listed on (the scheduler, the calendar and
        the pages go by the date: `engine.dates.as_held`, `scheduler.meeting_dates`)."""
        return self.single_date is not None

    @property
    def over_a_range(self) -> bool:
        """An exam or one-off meeting held on more than one date: its date range holds its weekdays
        more than once (without weekdays, a range of more than one day). It takes place on one date,
        as the admin says; a range holding its weekday once (an exam on Thursday "in finals week",
        Monday to Friday) is held on that date, and is no such meeting. The importers quarantine a
        timed exam so listed (`exam_over_a_range`) and warn of the others (`over_a_range_text`)."""
        if self.kind == MeetingKind.WEEKLY or self.first_date is None or self.last_date is None:
            return False
        if not self.days:
            return self.first_date != self.last_date
        # a weekday held twice is held within two weeks of the first date
        span = min((self.last_date - self.first_date).days, 13)
        held = sum((self.first_date + timedelta(days=i)).weekday() in self.days for i in range(span + 1))
        return held > 1

    @property
    def exam_over_a_range(self) -> bool:
        """A timed exam `over_a_range`: the scheduler warns of an exam's clashes and never refuses a
        schedule for one, so were it a weekly class listed as an exam, students would be offered
        schedules whose classes clash. Its section is quarantined (`EXAM_OVER_A_RANGE`)."""
        return self.over_a_range and self.kind == MeetingKind.EXAM and self.is_timed

    @property
    def over_a_range_text(self) -> str:
        """The warning of a meeting `over_a_range` imported as listed, "" for any other: a timed
        one-off meeting is held as a weekly class is (the scheduler's hard clashes and the
        calendar's events on each date of its range on its days), an untimed one by no schedule."""
        if not self.over_a_range or self.exam_over_a_range:
            return ""
        kind = "an exam" if self.kind == MeetingKind.EXAM else "a one-off meeting"
        held = (
            f"it is held on each date of that range on its days ({'/'.join(WEEKDAY_NAMES[d] for d in self.days)}), "
            "as a weekly class is"
            if self.is_timed
            else "it has no set time, so no schedule holds it"
        )
        return (
            f"{kind} takes place on one date, but this one is dated {self.first_date} to {self.last_date}; "
            f"imported as listed, {held}: check its kind and dates (the admin refuses it until they agree)"
        )

    @property
    def never_held(self) -> bool:
        """A timed meeting whose dates (under a week of them) fall on none of its weekdays: it
        never takes place (a weekly class listed for Monday dated Tuesday to Thursday). Not an
        exam or one-off meeting with one date: that is held on its date (`on_its_date_only`)."""
        if not self.is_timed or self.first_date is None or self.last_date is None or self.on_its_date_only:
            return False
        length = (self.last_date - self.first_date).days + 1
        if length >= 7 or length < 1:
            return False
        return not {(self.first_date.weekday() + n) % 7 for n in range(length)} & set(self.days)

    @property
    def listed_on_another_day(self) -> bool:
        """An exam or one-off meeting with one date (`single_date`) that is not on any of the
        weekdays it is listed on (a lab listed for Wednesday dated on a Tuesday): held on its date
        all the same."""
        return self.is_timed and self.on_its_date_only and self.single_date.weekday() not in self.days

    @property
    def days_dates_text(self) -> str:
        """What is wrong with the meeting's days and dates, as the import's warning and the
        admin's refusal word it (`a meeting listed on Monday is dated 2026-09-24 (Thursday), so it
        is held on that Thursday; check its days and dates`; `..., so it never takes place; ...`
        for a weekly class), or "" when nothing is (`never_held`, `listed_on_another_day`)."""
        if not (self.never_held or self.listed_on_another_day):
            return ""
        days = "/".join(WEEKDAY_NAMES[d] for d in self.days)
        if one := self.single_date:
            first = WEEKDAY_NAMES[one.weekday()]
            dates = f"{one} ({first})"
        else:
            first, last = WEEKDAY_NAMES[self.first_date.weekday()], WEEKDAY_NAMES[self.last_date.weekday()]
            dates = f"{self.first_date} to {self.last_date} ({first} to {last})"
        outcome = f"so it is held on that {first}" if self.listed_on_another_day else "so it never takes place"
        return f"a meeting listed on {days} is dated {dates}, {outcome}; check its days and dates"


@dataclass(frozen=True, slots=True)
class SectionRecord:
    """One registrar section of one component of a course.

    `parent_code` names the section (same course, by `code`) this one is linked to, e.g. lab
    `A01` under lecture `A`. `quarantine` is empty for a schedulable section, else the reason
    it is imported but never offered to the scheduler (placeholder meeting, end before start...).
    `source` says where in the input file it came from ("line 12", "$.courses['CS 2110'][1].A").
    """

    registrar_id: str
    code: str
    component: str  # kind code: LEC, LAB, DIS, SEM, STU, REC, ...
    component_name: str  # display name: "Lecture", "Laboratory", ...
    status: str = SectionStatus.OPEN
    capacity: int | None = None
    enrolled: int | None = None
    waitlist: int | None = None
    instructors: tuple[str, ...] = ()
    campus: str = ""
    modality: str = Modality.IN_PERSON
    notes: str = ""
    parent_code: str | None = None
    meetings: tuple[MeetingRecord, ...] = ()
    quarantine: str = ""
    source: str = ""
    # why the section would not be offered if the catalog kept no section of its parent's code: the
    # parent's listing was rejected as a duplicate id (canonical); the import quarantines it with this
    # only where the catalog keeps none (`services.parent_missing`)
    parent_problem: str = ""
    # where its code was read, when that is more exactly said than `source` (sections-json: the JSON path
    # of its section field, `$[0].sequenceNumber`): the import's leading-zeros warning names it
    # (`sectioncodes`). Not compared: the same section read from another place is the same section
    code_source: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class CourseRecord:
    """A course of one term; `credits_min == credits_max` unless the source gives a range."""

    subject: str
    number: str
    title: str
    credits_min: Decimal | None = None
    credits_max: Decimal | None = None
    description: str = ""
    sections: tuple[SectionRecord, ...] = ()
    # what a student must have passed first, in words (`gatech_json.prerequisites_said`); "" for none listed
    prerequisites: str = ""

    @property
    def code(self) -> str:
        return f"{self.subject} {self.number}"


def course_key(subject: str, number: str) -> tuple[str, str]:
    """A course code as compared everywhere (the adapters, the import, the admin): in Python's
    capitals, every letter, so `cs 1110` is `CS 1110`, `écon` is `ÉCON` and `straße` is `STRASSE`.
    The API finds a course by its code in any case, so two courses of one key could not both be
    reached."""
    return subject.upper(), number.upper()


def parent_loops(parents: dict[str, str | None]) -> list[tuple[str, ...]]:
    """Each loop of parent links in `parents` (a section's key → its parent's key, or None), as
    its keys in link order from the first met: a section linked to itself is a loop of one, a
    lab and lecture linked to each other one of two, A → B → C → A one of three. A section
    that leads into a loop without being in it is in none. Keys naming no entry end a chain.

    >>> parent_loops({"A": "B", "B": "C", "C": "A", "D": "A", "E": None})
    [('A', 'B', 'C')]
    """
    loops: list[tuple[str, ...]] = []
    done: set[str] = set()
    for start in parents:
        path: list[str] = []
        on_path: dict[str, int] = {}
        key: str | None = start
        while key is not None and key in parents and key not in done and key not in on_path:
            on_path[key] = len(path)
            path.append(key)
            key = parents[key]
        if key in on_path:  # the walk came back to a key of its own path: a loop from there
            loops.append(tuple(path[on_path[key] :]))
        done.update(path)
    return loops


# how far outside a term's days an exam, a one-off meeting or a holiday may be dated without a
# warning: a finals week or a make-up session just after the last day of classes is normal
OUTSIDE_TERM_GRACE = timedelta(days=31)

# a meeting dated further than this from the median of the meetings' first dates is far from the
# rest: a year mistyped (`2125` for `2025`, or `2024` in its first date), since no term is that long
FAR_DATED_DAYS = 300


def term_days_of(courses: Collection[CourseRecord]) -> tuple[date | None, date | None]:
    """A new term's first and last day: the first and last date of the meetings, leaving out a
    meeting dated over FAR_DATED_DAYS from the median of their first dates (a mistyped year must
    not stretch the term a century; the import warns about every meeting outside the term's days),
    unless every meeting is. (None, None) when no meeting has dates.

    >>> m = [MeetingRecord((0,), None, None, date(2025, 8, 26), date(2025, 12, 9))] * 3
    >>> typo = MeetingRecord((0,), None, None, date(2025, 8, 26), date(2125, 12, 9))
    >>> section = SectionRecord("1", "001", "LEC", "Lecture", meetings=(*m, typo))
    >>> term_days_of([CourseRecord("CS", "1110", "Programming", sections=(section,))])
    (datetime.date(2025, 8, 26), datetime.date(2025, 12, 9))
    """
    meetings = [m for c in courses for s in c.sections for m in s.meetings if m.first_date or m.last_date]
    if not meetings:
        return None, None
    firsts = sorted(m.first_date or m.last_date for m in meetings)
    center = firsts[(len(firsts) - 1) // 2]
    near = [
        m
        for m in meetings
        if all(abs((d - center).days) <= FAR_DATED_DAYS for d in (m.first_date, m.last_date) if d is not None)
    ]
    days = [d for m in near or meetings for d in (m.first_date, m.last_date) if d is not None]
    return min(days), max(days)


@dataclass(frozen=True, slots=True)
class InstitutionRecord:
    code: str
    name: str
    timezone: str
    # (campus, IANA zone) of each campus whose clock is not `timezone`'s; None: the source says
    # nothing of them, and an import keeps the stored ones
    campus_timezones: tuple[tuple[str, str], ...] | None = None


# a term's fields a source may leave out (`TermRecord.absent`)
TERM_OPTIONAL = ("first_day", "last_day", "holidays")


@dataclass(frozen=True, slots=True)
class TermRecord:
    """A term; `absent` names the fields of TERM_OPTIONAL the source left out (a canonical file
    without `holidays`), which a term already in the catalog keeps, unlike a field given empty
    (`"holidays": []`, `"first_day": null`), which clears it."""

    code: str
    name: str
    first_day: date | None = None
    last_day: date | None = None
    holidays: tuple[date, ...] = ()
    absent: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Problem:
    """A record the adapter could not use (rejection) or a data-quality note (warning).

    `location` is a line number or JSON path, `field` the column or key, `value` what was found.
    A rejection with no `registrar_id` may name its section by `course` code and `section` code
    instead, so the import keeps the catalog's section of that course and code (not withdrawn).
    `more`: how many more places a folded warning stands for (`Tally`), kept apart from `message`
    so a report counts the places and groups on the reason alone (`ImportReport.reason_summary`).
    """

    location: str
    message: str
    field: str = ""
    value: str = ""
    registrar_id: str = ""
    course: str = ""
    section: str = ""
    more: int = 0

    def __str__(self) -> str:
        parts = [self.location]
        if self.field:
            parts.append(f"field {self.field!r}")
        if self.value:
            parts.append(f"value {self.value[:80]!r}")
        return f"{', '.join(parts)}: {self.message}{more_said(self.more)}"


def more_said(more: int) -> str:
    """What a folded warning's text adds for the `more` places like it (`Tally`): "" for none.

    >>> more_said(8689)
    ' (8689 more like it)'
    """
    return f" ({more} more like it)" if more else ""


@dataclass
class Tally:
    """Warnings folded by (field, value, message): the first place seen, with how many more in its `more`."""

    first: dict[tuple[str, str, str], Problem] = field(default_factory=dict)
    counts: dict[tuple[str, str, str], int] = field(default_factory=lambda: defaultdict(int))

    def add(self, where: str, field: str, value: str, message: str, rid: str = "") -> None:
        key = (field, value, message)
        self.counts[key] += 1
        if key not in self.first:
            self.first[key] = Problem(where, message, field=field, value=value, registrar_id=rid)

    def problems(self) -> tuple[Problem, ...]:
        folded = []
        for key, problem in self.first.items():
            more = self.counts[key] - 1
            folded.append(replace(problem, more=more) if more else problem)
        return tuple(folded)


@dataclass(frozen=True, slots=True)
class CatalogRecords:
    """Everything one file says: its courses plus every input section it could not use.

    Invariant every adapter keeps: `sections_seen == sum(len(c.sections)) + len(rejected)`,
    so nothing is dropped silently.
    """

    institution: InstitutionRecord
    term: TermRecord
    courses: tuple[CourseRecord, ...]
    sections_seen: int
    rejected: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    source_name: str = ""
    # "" when the adapter found the columns (or keys) it reads days and times from; else what it reads
    # them from and what the file's header has instead: every meeting of the file is then untimed, which
    # the import refuses on a term's first import (`services.first_import_timeless`)
    times_unread: str = ""

    @property
    def section_count(self) -> int:
        return sum(len(c.sections) for c in self.courses)


class CatalogFormatError(Exception):
    """The file as a whole cannot be read: wrong format, broken syntax, missing columns, too big.

    The message names the file, the line or JSON path, the field and what was expected.
    """

    def __init__(self, message: str, *, path: str = "", location: str = "", field: str = ""):
        self.path = path
        self.location = location
        self.field = field
        prefix = ": ".join(p for p in (path, location) if p)
        super().__init__(f"{prefix}: {message}" if prefix else message)


def url_segment_problem(noun: str, value: str, example: str) -> str:
    """Why `value` cannot be used as one segment of the API's URLs (a term code, a course's
    subject or number, a section's registrar id), or "" when it can: a `/` would split it in
    two and clients fold `.` and `..` away as dot segments; any other character is
    percent-encoded. `example` shows a good value and a bad one: "such as 'CS', not 'CS/ECE'"."""
    if "/" in value or value in (".", ".."):
        return (
            f"{noun} {value!r} cannot be used: it is part of the API's URLs, so it may not contain '/' "
            f"or be '.' or '..' ({example})."
        )
    return ""


TERM_CODE_EXAMPLE = "such as '2025-fall', not '2025/fall'"
SUBJECT_EXAMPLE = "such as 'CS', not 'CS/ECE'"
NUMBER_EXAMPLE = "such as '2110', not '2110/5110'"
REGISTRAR_ID_EXAMPLE = "such as '40012', not '40012/1'"


# the dates the catalog database stores (its `*_sane` constraints): others are "a year no term can have"
SANE_DATES = (date(1990, 1, 1), date(2200, 12, 31))


# Files larger than this are refused before parsing (a registrar term is a few MB).
MAX_FILE_BYTES = 64 * 1024 * 1024
