"""The engine's values: plain frozen dataclasses in, plain values out. Standard library only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

WEEKLY = "weekly"
EXAM = "exam"
ONE_OFF = "one_off"
MEETING_KINDS = (WEEKLY, EXAM, ONE_OFF)
DAY_NAMES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class SchedulingError(Exception):
    """A request the engine cannot take as it is (unknown pinned id, k out of range...)."""


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting on `day` (0 = Monday) from `start` to `end` minutes after midnight, half-open,
    so a class ending at 9:00 does not clash with one starting at 9:00. Dates are inclusive;
    None means the whole term. `kind` is weekly, exam or one_off. `building` ("" for none: TBA,
    online) only names where it is held, for the warning about back-to-back classes in
    different buildings: it decides no clash and no cost."""

    day: int
    start: int
    end: int
    first_date: date | None = None
    last_date: date | None = None
    kind: str = WEEKLY
    building: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    """One registrar section; no meetings (or none timed) means TBA: it never clashes."""

    id: str
    component: str
    meetings: tuple[Meeting, ...] = ()
    instructors: tuple[str, ...] = ()
    status: str = "open"
    capacity: int | None = None
    enrolled: int | None = None
    campus: str = ""
    modality: str = "in_person"
    parent_id: str | None = None
    label: str = ""

    @property
    def is_full(self) -> bool:
        if self.status != "open":
            return True
        return (
            self.capacity is not None
            and self.enrolled is not None
            and self.enrolled >= self.capacity
        )


@dataclass(frozen=True, slots=True)
class Component:
    """A kind of section of a course (lecture, lab...): a schedule takes exactly one of them."""

    kind: str
    name: str
    sections: tuple[Section, ...]


@dataclass(frozen=True, slots=True)
class Course:
    code: str
    title: str
    components: tuple[Component, ...]


@dataclass(frozen=True, slots=True)
class BusyBlock:
    """Time the student is not available on `days`, widened by the buffers (minutes)."""

    days: tuple[int, ...]
    start: int
    end: int
    buffer_before: int = 0
    buffer_after: int = 0
    first_date: date | None = None
    last_date: date | None = None
    label: str = ""


@dataclass(frozen=True, slots=True)
class ElectiveGroup:
    """Take `pick` of these courses."""

    pick: int
    courses: tuple[Course, ...]


@dataclass(frozen=True, slots=True)
class Filters:
    """Which sections a schedule may use; each filter left empty (or False) allows any. A
    section taught by one of `excluded_instructors` (any of its instructors, names compared
    exactly) is never used; a section that lists no instructor is not left out by it."""

    open_seats_only: bool = False
    campuses: frozenset[str] = frozenset()
    modalities: frozenset[str] = frozenset()
    excluded_instructors: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Friend:
    """A friend's chosen sections and weekly busy blocks (their classes and commitments). A
    block's dates say when it holds: it keeps the friend busy during a weekly meeting only if
    the two share a date on the meeting's weekday that is not a holiday (no dates: the whole
    term)."""

    name: str
    section_ids: frozenset[str] = frozenset()
    busy: tuple[BusyBlock, ...] = ()


@dataclass(frozen=True, slots=True)
class Preferences:
    """Weights (non-negative integers, 0 = off) and parameters of each preference; see
    docs/engine.md for each cost and its lower bound."""

    early_weight: int = 0
    """No classes before: weight per weekly meeting starting before `early_before`."""
    early_before: int = 9 * 60
    late_weight: int = 0
    """None after: weight per weekly meeting ending after `late_after`."""
    late_after: int = 17 * 60
    free_days_weight: int = 0
    """Weekdays kept free (Friday for ski trips): weight per day of `free_days` with a class."""
    free_days: frozenset[int] = frozenset({4})
    days_on_campus_weight: int = 0
    """Fewer days with classes: weight per weekday with a weekly class (online ones too)."""
    gaps_weight: int = 0
    """Compact days: weight per 30 idle minutes of a day (gaps beyond 10 minutes' passing). On a
    day with classes, busy times count as occupied, their buffers as neither idle nor class."""
    marathon_weight: int = 0
    """No marathons: weight per 30 minutes beyond `marathon_cap` in a run of classes (and, on a
    day with classes, busy times) without a break of `marathon_break` minutes (buffers are
    break time)."""
    marathon_cap: int = 180
    marathon_break: int = 30  # a passing period (10 or 15 minutes) is no break: the run goes on
    lunch_weight: int = 0
    """Lunch: weight per day with classes but no `lunch_minutes` free between the two times (a
    busy time takes its time, its buffers are free)."""
    lunch_start: int = 11 * 60 + 30
    lunch_end: int = 13 * 60 + 30
    lunch_minutes: int = 30
    instructor_weight: int = 0
    """Instructors: weight per section taught by an avoided one, and per component where a
    preferred one teaches a section that is not taken (an elective course also pays per component
    fewer than its group's best course where one teaches)."""
    preferred_instructors: frozenset[str] = frozenset()
    avoided_instructors: frozenset[str] = frozenset()
    open_seats_weight: int = 0
    """Open seats: weight per section that is full, closed or wait-listed."""
    friends_shared_weight: int = 0
    """Friends' sections: weight per component where a friend has a section not taken (an
    elective course also pays per component fewer than its group's best course where one has)."""
    friends_free_weight: int = 0
    """Common free time with friends: weight per 30 minutes of weekly class in a friend's free
    daytime (Monday to Friday, between the two times), each friend on their own. A friend's busy
    block counts against a meeting only if their dates share a date on its weekday, as for a
    clash, that is not a holiday: a first-half class leaves the friend free during a second-half
    one."""
    friends_free_start: int = 8 * 60
    friends_free_end: int = 18 * 60


@dataclass(frozen=True, slots=True)
class Request:
    courses: tuple[Course, ...] = ()
    electives: tuple[ElectiveGroup, ...] = ()
    busy: tuple[BusyBlock, ...] = ()
    pinned: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()
    filters: Filters = field(default_factory=Filters)
    preferences: Preferences = field(default_factory=Preferences)
    friends: tuple[Friend, ...] = ()
    # dates with no classes (the term's holidays, a finals week): weekly meetings are not held
    # on them, so an exam on one clashes only with exams and one-off meetings of its date, and a
    # weekly meeting all of whose dates are holidays never takes place
    holidays: frozenset[date] = frozenset()
    # pairs of course codes (of the request's courses or elective courses) whose classes may
    # overlap each other: an advisor approved the clash. With `overlap_minutes`, only meetings
    # overlapping by at most that many minutes may; a longer overlap still clashes (None: any)
    allowed_overlaps: tuple[tuple[str, str], ...] = ()
    overlap_minutes: int | None = None
    # two classes one after the other with at most this many minutes between them in different
    # buildings are warned about (Virginia's and Georgia Tech's passing times are 10 and 15)
    back_to_back_minutes: int = 15
    k: int = 10
    max_nodes: int = 5_000_000
    deadline_ms: int = 10_000
    strategy: str = "exact"
    beam_width: int = 64  # the original Classtime's CANDIDATE_POOL_SIZE


@dataclass(frozen=True, slots=True)
class Sources:
    """Where a preference's points in one schedule come from. `sections`: the schedule's
    sections (their shown ids, in its order) that cost something for it; for a preference on
    the week (days with classes, free days, gaps, lunch, marathons), `days`: the weekdays that
    cost (0 = Monday), and `sections` those meeting on them. `elective_picks`: the points owed
    to which elective courses were picked (one a preferred instructor teaches, or a friend
    takes, fewer components of than its group's best course), which no one section carries.
    `busy`: for gaps, lunch and marathons, the labels of the student's busy times that take
    part on those days (a block beside an idle gap, in the lunch window, in a run beyond the
    cap), in the request's order; a block with no label is "busy block N"."""

    sections: tuple[str, ...] = ()
    days: tuple[int, ...] = ()
    elective_picks: int = 0
    busy: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Schedule:
    """One conflict-free schedule: its sections (one per component), score and breakdown,
    the equivalent alternatives of each chosen section, its TBA sections, warnings (exam
    clashes, allowed overlaps it uses, back-to-back classes in different buildings, meetings of
    its sections that never take place, the beam's fallback) and, for
    each preference of the breakdown with points, where they come from (only those)."""

    sections: tuple[str, ...]
    score: int
    breakdown: dict[str, int]
    alternatives: dict[str, tuple[str, ...]]
    tba: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    sources: dict[str, Sources] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Requirement:
    """Something the student asked for: a course, an elective group, a busy block, a pin, a
    filter or the exclusions in one component. `ref` identifies it (course code, group index,
    block index, section id, filter name, "<course> <component kind>")."""

    kind: str
    ref: str
    label: str


@dataclass(frozen=True, slots=True)
class Repair:
    """A change that makes the request feasible, and the best score it then allows. `unpinned`:
    the pins of the courses it drops, which hold no more (dropped with them, not changes of
    their own)."""

    description: str
    drops: tuple[Requirement, ...]
    best_score: int
    unpinned: tuple[Requirement, ...] = ()


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why nothing fits: a minimal conflicting set (without any one member, the rest of the
    set fits; the whole request may still not) and repairs of the whole request."""

    conflict_set: tuple[Requirement, ...]
    repairs: tuple[Repair, ...]
    message: str
    # False when the budget ran out first: the set may not be minimal, or pairs of changes were
    # left untried (the message says which)
    complete: bool = True


@dataclass(frozen=True, slots=True)
class Result:
    schedules: tuple[Schedule, ...]
    proven_optimal: bool
    nodes: int
    elapsed_ms: float
    # the search that found the schedules: the request's, or "exact" when the beam found none
    # and the exact search looked again within what was left of the budget
    strategy: str = "exact"
    explanation: Explanation | None = None
    # where elapsed_ms went, wall clock: "compile", "search" (with the scorer and budget set-up,
    # microseconds), "render" and, when nothing fits and budget is left to say why, "explain"
    phases_ms: dict[str, float] = field(default_factory=dict)
