"""The registrar catalog: Institution → Term → Course → Component → Section → Meeting.

Rows are written only by `catalog.services.catalog_import`; sections are never deleted (a
section absent from a re-import is marked withdrawn) so saved schedules keep their targets.
"""

import datetime
import re
import zoneinfo
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value

from catalog.sources.records import (
    NUMBER_EXAMPLE,
    REGISTRAR_ID_EXAMPLE,
    SANE_DATES,
    SUBJECT_EXAMPLE,
    TERM_CODE_EXAMPLE,
    WEEKDAYS,
    CatalogFormatError,
    MeetingRecord,
    course_key,
    url_segment_problem,
)
from catalog.sources.spreadsheet import MAX_COUNT

SANE_FIRST_DATE, SANE_LAST_DATE = SANE_DATES
ALL_DAYS_MASK = (1 << 7) - 1
MAX_INSTRUCTORS = 100  # a section's instructors: more is a paste gone wrong, not a teaching team
# Links a section's queries load with it (a lab's discussion's lecture): select_related(PARENT_CHAIN).
# Real catalogs link one or two deep; `is_schedulable` follows a longer chain one query a link
# further up, and `schedulable_q` follows any chain in the one query it is part of.
LINK_DEPTH = 3
PARENT_CHAIN = "__".join(["parent"] * LINK_DEPTH)
# A meeting's position, on every backend: the most PostgreSQL's column holds (SQLite's held more)
MAX_MEETING_POSITION = 32_767
INSTRUCTOR_NAME_LENGTH = 200  # as the canonical format's schema allows one
SEAT_COUNT_LIMIT = MaxValueValidator(MAX_COUNT, f"A count over {MAX_COUNT:,}, the most the catalog stores.")


# names the zone database holds that are no place's clock: the server's own (`localtime` follows
# its /etc/localtime, and no calendar app knows it), placeholders, and the old US names of a fixed
# offset or rule (`EST` never keeps summer time: a class at 9:00 would be an hour off from March)
NOT_A_PLACE = {
    *("localtime", "Factory", "posixrules", "EST", "MST", "HST", "EST5EDT", "CST6CDT", "MST7MDT", "PST8PDT"),
    *("CET", "EET", "MET", "WET"),
}


def validate_timezone(value: str, *, place: str = "the institution's city", example: str = "America/New_York") -> None:
    """Refuse anything that is not an IANA time zone name of a place (or UTC)."""
    if value not in ZONES:
        raise ValidationError(f"{value!r} is not an IANA time zone name such as {example!r}.")
    if value in NOT_A_PLACE:
        raise ValidationError(f"{value!r} is not the clock of a place; give the zone of {place}, such as {example!r}.")
    offset = FIXED_OFFSET.match(value)
    if offset:
        # POSIX's sign: Etc/GMT+5 is five hours behind UTC, the reverse of what most who type it mean
        utc = f"UTC{'-' if offset[1] == '+' else '+'}{offset[2]}"
        raise ValidationError(
            f"{value!r} is a fixed offset ({utc}: the sign is reversed) that never keeps summer time, not the clock "
            f"of a place; give the zone of {place}, such as {example!r}."
        )


FIXED_OFFSET = re.compile(r"^Etc/GMT([+-])([1-9]\d*)$")  # not Etc/GMT+0 and -0: UTC, which is allowed


ZONES = frozenset(zoneinfo.available_timezones())  # read once: each call reads the zone database's files


def validate_campus_timezones(value: Any) -> None:
    """Refuse campus time zones that are not an object of campus names to IANA time zone names."""
    if not isinstance(value, dict):
        raise ValidationError('Expected an object of campus names to time zones, such as {"Lorraine": "Europe/Paris"}.')
    for campus, zone in value.items():
        if not isinstance(campus, str) or not campus.strip() or campus != campus.strip() or len(campus) > 100:
            raise ValidationError(
                f"{campus!r}: a campus name as its sections give it: 1 to 100 characters, no spaces at either end."
            )
        if not isinstance(zone, str):
            raise ValidationError(f"{campus!r}: {zone!r} is not an IANA time zone name such as 'Europe/Paris'.")
        try:
            validate_timezone(zone, place="the campus's city", example="Europe/Paris")
        except ValidationError as exc:
            raise ValidationError(f"{campus!r}: {exc.messages[0]}") from None


def validate_term_code(value: str) -> None:
    """Refuse a term code the API's URLs cannot hold: it is one path segment
    (`institutions/{institution}/terms/{term}/`), so no `/`, and not `.` or `..`, which clients
    fold away as dot segments. Any other character is percent-encoded in the URL."""
    problem = url_segment_problem("term code", value, TERM_CODE_EXAMPLE)
    if problem:
        raise ValidationError(problem)


def validate_course_subject(value: str) -> None:
    """Refuse a subject the API's course URLs (`courses/{subject}/{number}/`) cannot hold."""
    problem = url_segment_problem("subject", value, SUBJECT_EXAMPLE)
    if problem:
        raise ValidationError(problem)


def validate_course_number(value: str) -> None:
    """Refuse a course number the API's course URLs (`courses/{subject}/{number}/`) cannot hold."""
    problem = url_segment_problem("course number", value, NUMBER_EXAMPLE)
    if problem:
        raise ValidationError(problem)


def validate_registrar_id(value: str) -> None:
    """Refuse a registrar id the API's section URLs (`sections/{registrar_id}/`) cannot hold."""
    problem = url_segment_problem("registrar id", value, REGISTRAR_ID_EXAMPLE)
    if problem:
        raise ValidationError(problem)


def days_to_mask(days: "tuple[int, ...] | list[int]") -> int:
    """Bit d set for weekday d (0 = Monday)."""
    mask = 0
    for day in days:
        mask |= 1 << day
    return mask


def mask_to_days(mask: int) -> tuple[int, ...]:
    return tuple(day for day in range(7) if mask & (1 << day))


def checked_links(
    clean_fields: Callable[..., None], exclude, checks: list[tuple[tuple[str, ...], Callable[[], str]]]
) -> None:
    """Run `clean_fields` (the model's inherited field checks), then each (fields, check) of
    `checks`: check() says what is wrong with those fields together, or "". The error goes on
    the first field; a check is skipped when one of its fields is excluded (a form without it)
    or already wrong, so an admin form never gets an error on a field it does not show."""
    errors: dict[str, list] = {}
    try:
        clean_fields(exclude=exclude)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    skip = set(exclude or ()) | set(errors)
    for fields, check in checks:
        if not skip & set(fields):
            problem = check()
            if problem:
                errors.setdefault(fields[0], []).append(ValidationError(problem, code="catalog_link"))
                skip.add(fields[0])
    if errors:
        raise ValidationError(errors)


def date_range_errors(first, last, fields: tuple[str, str], noun: str) -> dict[str, str]:
    """Errors by field of the dates `first` to `last` (either may be None), as a form shows them:
    each a date from SANE_FIRST_DATE's year to SANE_LAST_DATE's (the importers' "a year no term
    can have"), and the last on or after the first. Said on the field, where the database's
    constraints would only give their names."""
    errors = {}
    for value, name in zip((first, last), fields, strict=True):
        if isinstance(value, datetime.date) and not SANE_FIRST_DATE <= value <= SANE_LAST_DATE:
            errors[name] = (
                f"A date from {SANE_FIRST_DATE.year} to {SANE_LAST_DATE.year}: {value} is a year no term can have."
            )
    dated = isinstance(first, datetime.date) and isinstance(last, datetime.date)
    if not errors and dated and last < first:
        errors[fields[1]] = f"The last {noun} must be on or after the first {noun} ({first})."
    return errors


def as_stored(obj: models.Model, fields: tuple[str, ...]) -> bool:
    """Whether `obj` is a stored row whose `fields` (attribute names: `component_id`) still hold
    what is stored. The admin's checks of what an import accepts with a warning (an exam on a
    date none of its days holds, a section code used twice in a course) apply to what staff
    change, not to an imported row saved again unchanged beside an edit: staff must be able to
    cancel a section whatever the registrar's file wrote."""
    if obj.pk is None:
        return False
    stored = type(obj)._default_manager.filter(pk=obj.pk).values(*fields).first()
    return stored is not None and all(stored[name] == getattr(obj, name) for name in fields)


def listed(items: list[str], shown: int = 5) -> str:
    """The first `shown` items joined with '; ', then how many more."""
    more = f"; and {len(items) - shown} more" if len(items) > shown else ""
    return "; ".join(items[:shown]) + more


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Institution(TimeStamped):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    timezone = models.CharField(max_length=64, validators=[validate_timezone])
    # a campus elsewhere keeps its own clock: its sections' times are that zone's (Georgia Tech
    # Lorraine's are Paris times), which a calendar must say (scheduler/calendar.py)
    campus_timezones = models.JSONField(
        default=dict,
        db_default=Value({}, output_field=models.JSONField()),
        blank=True,
        validators=[validate_campus_timezones],
        help_text="The time zone of each campus whose clock is not the institution's, by the campus name its sections "
        'give: {"GT Lorraine-Undergrad Programs": "Europe/Paris"}. Calendars put those sections\' classes in it.',
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Term(TimeStamped):
    class Status(models.TextChoices):
        PUBLISHED = "published", "Published: students plan schedules for it"
        HIDDEN = "hidden", "Hidden: only staff see it (check an import before students do)"
        ARCHIVED = "archived", "Archived: readable, but it takes no new schedules"

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="terms")
    code = models.CharField(max_length=40, validators=[validate_term_code])
    name = models.CharField(max_length=200)
    first_day = models.DateField(null=True, blank=True)
    last_day = models.DateField(null=True, blank=True)
    holidays = models.JSONField(
        default=list,
        blank=True,
        help_text="ISO dates with no classes, a finals week's included: "
        "exams set on them are held, weekly classes are not.",
    )
    catalog_version = models.PositiveIntegerField(
        default=0, help_text="Bumped by every import or admin edit that changes this term's catalog."
    )
    imported_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.PUBLISHED,
        db_default=Status.PUBLISHED,
        help_text='Who sees the term and whether it takes new schedules (docs/operations.md, "A term\'s life").',
    )

    class Meta:
        # a term with no days yet last on every database (PostgreSQL puts NULL first in a descending order)
        ordering = ["institution__code", models.F("first_day").desc(nulls_last=True), "code"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="term_natural_key"),
            models.CheckConstraint(
                condition=Q(first_day__isnull=True) | Q(last_day__isnull=True) | Q(first_day__lte=F("last_day")),
                name="term_first_day_not_after_last_day",
            ),
            models.CheckConstraint(
                condition=Q(first_day__isnull=True) | Q(first_day__gte=SANE_FIRST_DATE, first_day__lte=SANE_LAST_DATE),
                name="term_first_day_sane",
            ),
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | Q(last_day__gte=SANE_FIRST_DATE, last_day__lte=SANE_LAST_DATE),
                name="term_last_day_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution.code} {self.name}"

    @property
    def holiday_dates(self) -> frozenset[datetime.date]:
        """`holidays` as dates (stored as ISO text)."""
        return frozenset(datetime.date.fromisoformat(str(day)) for day in self.holidays)

    def clean(self) -> None:
        super().clean()
        errors = date_range_errors(self.first_day, self.last_day, ("first_day", "last_day"), "day")
        if errors:
            raise ValidationError(errors)


class Course(TimeStamped):
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="courses")
    subject = models.CharField(max_length=20, validators=[validate_course_subject])
    number = models.CharField(max_length=20, validators=[validate_course_number])
    title = models.CharField(max_length=300)
    credits_min = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    credits_max = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    description = models.TextField(blank=True)
    prerequisites = models.TextField(
        blank=True,
        default="",
        db_default="",
        help_text='What a student must have passed first, as a person reads it ("MATH 1501 (C) or MATH 1511 (C)"); '
        "empty when the catalog lists none.",
    )

    class Meta:
        ordering = ["term", "subject", "number"]
        constraints = [
            models.UniqueConstraint(fields=["term", "subject", "number"], name="course_natural_key"),
            models.CheckConstraint(
                condition=Q(credits_min__isnull=True)
                | Q(credits_max__isnull=True)
                | Q(credits_min__lte=F("credits_max")),
                name="course_credit_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(credits_min__isnull=True) | Q(credits_min__gte=0),
                name="course_credits_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(credits_max__isnull=True) | Q(credits_max__gte=0),
                name="course_credits_max_not_negative",
                violation_error_message="Credits max must be 0 or more.",
            ),
        ]
        indexes = [models.Index(fields=["term", "subject"])]

    def __str__(self) -> str:
        return f"{self.subject} {self.number}: {self.title}"

    @property
    def code(self) -> str:
        return f"{self.subject} {self.number}"

    def clean_fields(self, exclude=None) -> None:
        checked_links(super().clean_fields, exclude, [(("term",), self.term_problem)])

    def clean(self) -> None:
        """Credits of 0 or more, the least not above the most, and a code no other course of the
        term has in any case: each said on its field. The code is kept in capitals, as the importers
        keep it and generation requests name courses (`cs 1110` typed is `CS 1110`)."""
        super().clean()
        if isinstance(self.subject, str) and isinstance(self.number, str):
            self.subject, self.number = course_key(self.subject, self.number)
        errors = {}
        for name in ("credits_min", "credits_max"):
            value = getattr(self, name)
            if isinstance(value, (int, Decimal)) and value < 0:
                errors[name] = f"Expected a number of credits of 0 or more (to 999.99); found {value}."
        least, most = self.credits_min, self.credits_max
        if not errors and isinstance(least, (int, Decimal)) and isinstance(most, (int, Decimal)) and least > most:
            errors["credits_max"] = f"Credits max must be at least credits min ({least})."
        problem = "" if as_stored(self, ("term_id", "subject", "number")) else self.code_problem()
        if problem:
            errors["subject"] = problem
        if errors:
            raise ValidationError(errors)

    def code_problem(self) -> str:
        """Why the course's code cannot be used: another course of the term has it, in any case
        (`cs 1110` beside `CS 1110`): the importers read both as one course, and the API finds
        a course by its code in any case, so one of the two could never be reached. Codes are
        upper-cased in Python, as the importers do, not compared by the database, whose case
        folding differs (SQLite folds only ASCII letters: `écon` and `ÉCON` were two courses)."""
        if self.term_id is None or not self.subject or not self.number:
            return ""
        key = course_key(self.subject, self.number)
        others = Course.objects.filter(term=self.term_id).exclude(pk=self.pk).order_by()
        codes = others.values_list("pk", "subject", "number")
        same = [pk for pk, subject, number in codes if course_key(subject, number) == key]
        if not same:
            return ""
        other = Course.objects.select_related("term__institution").get(pk=same[0])
        return (
            f"{other.code} is already a course of {other.term}: a course's code is unique in its term, whatever "
            "its case (the importers and the API read 'cs 1110' and 'CS 1110' as one course)."
        )

    def term_problem(self) -> str:
        """Why the course cannot be in its term: it has sections in another (they would be left
        in a term the course is not in)."""
        if self.pk is None or self.term_id is None:
            return ""
        elsewhere = Section.objects.filter(component__course=self.pk).exclude(term=self.term_id)
        if not elsewhere.exists():
            return ""
        return (
            f"This course has {elsewhere.count()} section(s) in {elsewhere.first().term}; a course with "
            "sections cannot move to another term (import the new term's catalog instead)."
        )


class Component(TimeStamped):
    """One kind of section a student takes in a course (lecture, lab, discussion...)."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="components")
    kind = models.CharField(max_length=12, help_text="Kind code such as LEC, LAB, DIS, SEM.")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["course", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["course", "kind"], name="component_natural_key"),
        ]

    def __str__(self) -> str:
        return f"{self.course.code} {self.name}"

    def clean_fields(self, exclude=None) -> None:
        checked_links(
            super().clean_fields,
            exclude,
            [(("course",), self.course_problem), (("course",), self.links_problem)],
        )

    def course_problem(self) -> str:
        """Why the component cannot be of its course: it has sections in another term."""
        if self.pk is None or self.course_id is None:
            return ""
        elsewhere = self.sections.exclude(term=self.course.term_id)
        if not elsewhere.exists():
            return ""
        return (
            f"This component has {elsewhere.count()} section(s) in {elsewhere.first().term}, and "
            f"{self.course.code} is a course of {self.course.term}: choose a course of the sections' term."
        )

    def links_problem(self) -> str:
        """Why the component cannot be of its course: its sections are linked (as parent or
        child) to sections of other components that are not of that course, so the links would
        join sections of two courses."""
        if self.pk is None or self.course_id is None:
            return ""
        outside = Section.objects.exclude(component=self.pk).exclude(component__course=self.course_id)
        own = self.sections.filter(parent__in=outside).select_related("parent__component__course")
        theirs = outside.filter(parent__component=self.pk).select_related("component__course", "parent")
        own, theirs = list(own.order_by("registrar_id")), list(theirs.order_by("registrar_id"))
        if not own and not theirs:
            return ""
        links = [f"its {self.name} {s.code} ({s.registrar_id}) is taken with {s.parent}" for s in own] + [
            f"{s} is taken with its {self.name} {s.parent.code} ({s.parent.registrar_id})" for s in theirs
        ]
        courses = ", ".join(
            sorted({s.parent.component.course.code for s in own} | {s.component.course.code for s in theirs})
        )
        return (
            f"This component's sections are linked to sections of {courses}, which stay there: in {self.course.code} "
            f"they would be linked across courses ({listed(links)}). Unlink them first (each section's parent), "
            "or keep the component in its course."
        )


class Section(TimeStamped):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        WAITLIST = "waitlist", "Wait list"
        CANCELLED = "cancelled", "Cancelled"

    class Modality(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        HYBRID = "hybrid", "Hybrid"

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sections")
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="sections")
    registrar_id = models.CharField(
        max_length=40, validators=[validate_registrar_id], help_text="CRN or class number, unique per term."
    )
    code = models.CharField(max_length=20, help_text="Section code such as 001, A01, 101.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    capacity = models.PositiveIntegerField(null=True, blank=True, validators=[SEAT_COUNT_LIMIT])
    enrolled = models.PositiveIntegerField(null=True, blank=True, validators=[SEAT_COUNT_LIMIT])
    waitlist = models.PositiveIntegerField(null=True, blank=True, validators=[SEAT_COUNT_LIMIT])
    instructors = models.JSONField(default=list, blank=True)
    campus = models.CharField(max_length=100, blank=True)
    modality = models.CharField(max_length=12, choices=Modality.choices, default=Modality.IN_PERSON)
    notes = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The section this one must be taken with (a lab's own lecture).",
    )
    quarantine_reason = models.TextField(blank=True, help_text="Set when imported but not schedulable; says why.")
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when a re-import no longer lists this section."
    )

    class Meta:
        ordering = ["component", "code"]
        constraints = [
            models.UniqueConstraint(fields=["term", "registrar_id"], name="section_natural_key"),
            models.CheckConstraint(
                condition=~Q(parent=F("id")) | Q(parent__isnull=True),
                name="section_not_own_parent",
            ),
        ]
        indexes = [models.Index(fields=["term", "withdrawn_at"])]

    # the sections whose codes are compared elsewhere than in `code_problem` (a component page's rows)
    codes_checked_elsewhere: frozenset[int] | set[int] = frozenset()

    def __str__(self) -> str:
        return f"{self.component} {self.code} ({self.registrar_id})"

    @property
    def seats_free(self) -> int | None:
        """The seats left (capacity less enrolled, never below 0), where the catalog gives both."""
        if self.capacity is None or self.enrolled is None:
            return None
        return max(0, self.capacity - self.enrolled)

    @property
    def is_usable_itself(self) -> bool:
        """Whether its own state lets a schedule take it: not quarantined, not withdrawn, not
        cancelled."""
        return not self.quarantine_reason and self.withdrawn_at is None and self.status != self.Status.CANCELLED

    @property
    def is_schedulable(self) -> bool:
        """Whether a schedule can take it, as scheduler/engine_input.py gives the engine only
        these: usable itself, and not taken with a section that is not (a discussion of a
        cancelled lecture). Select `PARENT_CHAIN` with it, or each link up is a query."""
        return self.is_usable_itself and self.taken_with_unusable is None

    @property
    def taken_with_unusable(self) -> "Section | None":
        """The section up this one's links that is cancelled or quarantined, so that this one,
        taken only with it, cannot be taken either; None when there is none. A withdrawn parent
        ends the walk (an import clears the links to it, and the engine never sees it), as a
        loop does."""
        seen = {self.pk}
        section = self
        while section.parent_id is not None and section.parent_id not in seen:
            seen.add(section.parent_id)
            section = section.parent
            if section.withdrawn_at is not None:
                return None
            if section.quarantine_reason or section.status == self.Status.CANCELLED:
                return section
        return None

    def clean_fields(self, exclude=None) -> None:
        checked_links(
            super().clean_fields,
            exclude,
            [
                (("component", "term"), self.component_problem),
                (("parent", "component", "term"), self.parent_problem),
                (("component",), self.children_problem),
            ],
        )

    def clean(self) -> None:
        """A sane number of instructors, and a section code no other current section of the course
        has: each said on its field."""
        super().clean()
        errors = {}
        problem = "" if as_stored(self, ("instructors",)) else self.instructors_problem()
        if problem:
            errors["instructors"] = problem
        problem = "" if as_stored(self, ("code", "component_id", "withdrawn_at")) else self.code_problem()
        if problem:
            errors["code"] = problem
        if errors:
            raise ValidationError(errors)

    def instructors_problem(self) -> str:
        """Why the instructors cannot be kept: too many (a paste gone wrong), or a name too long."""
        names = self.instructors if isinstance(self.instructors, list) else []
        if len(names) > MAX_INSTRUCTORS:
            return f"Expected at most {MAX_INSTRUCTORS} instructors, one per line; found {len(names):,}."
        long = next((name for name in names if isinstance(name, str) and len(name) > INSTRUCTOR_NAME_LENGTH), None)
        if long is not None:
            return (
                f"An instructor's name is at most {INSTRUCTOR_NAME_LENGTH} characters; {long[:40]!r}... has "
                f"{len(long):,}: write one instructor per line."
            )
        return ""

    def code_problem(self) -> str:
        """Why the section's code cannot be used: a current (not withdrawn) section of its course
        has it, in any case. A section names its parent by code within the course (an export's
        `parent`, an import's link), so two sections of one code would make that name ambiguous
        (the uva-csv, sections-csv and canonical importers refuse a second section of one code;
        gatech-json is not held to it). A withdrawn section is exported by no one. Sections in
        `codes_checked_elsewhere` (the other rows of a component's page, whose codes as posted
        the page compares) are not compared as stored, so two codes can be swapped in one save."""
        if not self.code or self.component_id is None or self.withdrawn_at is not None:
            return ""
        course = self.component.course
        current = Section.objects.filter(component__course=course, withdrawn_at__isnull=True)
        codes = current.exclude(pk__in=self.codes_checked_elsewhere | {self.pk}).order_by().values_list("pk", "code")
        same = [pk for pk, code in codes if code.upper() == self.code.upper()]  # as `Course.code_problem`
        if not same:
            return ""
        other = Section.objects.select_related("component__course").get(pk=same[0])
        return (
            f"{course.code} already has a section {other.code}: {other}. A section's code is unique in its course "
            "(in any case), since a linked section names its parent by code; choose another code."
        )

    def component_problem(self) -> str:
        """Why the section cannot be of its component: the component's course is in another term."""
        if self.component_id is None or self.term_id is None:
            return ""
        course = self.component.course
        if course.term_id == self.term_id:
            return ""
        return (
            f"{self.component} is a component of a course in {course.term}, but this section is in "
            f"{self.term}: choose a component of a course in {self.term}, or the term of that course."
        )

    def parent_problem(self) -> str:
        """Why the section cannot be taken with its parent: the parent is itself, a section of
        another course or of its own component, or is taken with this one in turn, directly or
        through others (a loop of any length, which the importers refuse too)."""
        if self.parent_id is None or self.component_id is None:
            return ""
        if self.parent_id == self.pk:
            return "A section cannot be taken with itself: choose another section of the course, or none."
        parent = self.parent
        if parent.component.course_id != self.component.course_id:
            return (
                f"{parent} is a section of {parent.component.course.code} ({parent.term}); the section this "
                f"one must be taken with is another section of the same course, {self.component.course.code}."
            )
        if parent.component_id == self.component_id:
            return (
                f"{parent} is a section of this one's own component, and a schedule takes one section of a "
                "component, so never both: choose a section of another component of the course (a lab's lecture), "
                "or none."
            )
        chain = self.parent_chain()  # one walk up the links serves both checks below
        # the links come back to this section: a loop (one above it is not this link's doing)
        loop = chain if self.pk is not None and chain and chain[-1].parent_id == self.pk else []
        if not loop:
            own = next((s for s in chain if s.component_id == self.component_id), None)
            if own is None:
                return ""
            path = " → ".join(["this section", *(str(s) for s in chain[: chain.index(own) + 1])])
            return (
                f"{parent} is taken with {own}, a section of this one's own component ({path}), and a schedule "
                "takes one section of a component: this one could never be taken. Choose a section whose links "
                "lead to none of this component, or none."
            )
        path = " → ".join(["this section", *(str(s) for s in loop), "this section"])
        return (
            f"{parent} is taken with this section in turn ({path}): linked so, they would make a loop, and none of "
            "them would be taken first. A section is taken with one of another component, one way (a lab with its "
            "lecture): choose another section, or none, or first unlink the other side."
        )

    def parent_chain(self) -> list["Section"]:
        """The sections from this one's parent up the chain of parents (the parent first), until
        one has no parent, or the chain comes back to this one or loops above it: a query per
        link, chains being a link or two."""
        chain: list[Section] = []
        seen: set[int] = {self.pk} if self.pk is not None else set()
        parent_id = self.parent_id
        while parent_id is not None and parent_id not in seen:
            seen.add(parent_id)
            parent = Section.objects.select_related("component__course").filter(pk=parent_id).first()
            if parent is None:
                break
            chain.append(parent)
            parent_id = parent.parent_id
        return chain

    def children_problem(self) -> str:
        """Why the section cannot be of its component: sections that must be taken with it
        (its children) are of that component, or of another course than the component's."""
        if self.pk is None or self.component_id is None:
            return ""
        own = list(self.children.filter(component=self.component_id).order_by("registrar_id"))
        if own:
            return (
                f"Sections of {self.component} must be taken with this one: {listed([str(child) for child in own])}; "
                "a schedule takes one section of a component, so never both. Choose another component, or first "
                "link them to another section."
            )
        children = self.children.exclude(component__course=self.component.course_id)
        children = list(children.select_related("component__course").order_by("registrar_id"))
        if not children:
            return ""
        courses = sorted({child.component.course.code for child in children})
        return (
            f"Sections of {', '.join(courses)} must be taken with this one, and {self.component} is a "
            f"component of {self.component.course.code}: {listed([str(child) for child in children])}. "
            "Choose a component of their course, or first link them to another section."
        )


class Meeting(TimeStamped):
    """A meeting of a section; no start/end means no set time (TBA, arranged, asynchronous)."""

    class Kind(models.TextChoices):
        WEEKLY = "weekly", "Weekly class"
        EXAM = "exam", "Exam"
        ONE_OFF = "one_off", "One-off meeting"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="meetings")
    position = models.PositiveSmallIntegerField(
        default=0,
        validators=[
            MaxValueValidator(
                MAX_MEETING_POSITION,
                f"A position from 0 to {MAX_MEETING_POSITION:,}: it only orders the section's meetings.",
            )
        ],
        help_text="Orders the section's meetings, from 0; an import numbers them 0, 1, 2...",
    )
    days = models.PositiveSmallIntegerField(
        default=0, help_text="Weekday bits: 1 = Monday, 2 = Tuesday, ... 64 = Sunday."
    )
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    first_date = models.DateField(null=True, blank=True)
    last_date = models.DateField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WEEKLY)

    class Meta:
        ordering = ["section", "position"]
        constraints = [
            models.CheckConstraint(condition=Q(days__gte=0, days__lte=ALL_DAYS_MASK), name="meeting_days_in_week"),
            models.CheckConstraint(
                condition=Q(position__gte=0, position__lte=MAX_MEETING_POSITION), name="meeting_position_in_range"
            ),
            models.CheckConstraint(
                # both times or neither: a comparison with NULL would let a lone start through
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__isnull=False, start_time__lt=F("end_time"), days__gt=0),
                name="meeting_timed_start_before_end",
                violation_error_message="A timed meeting needs days and an end after its start; "
                "leave start and end empty for a meeting with no set time.",
            ),
            models.CheckConstraint(
                condition=Q(first_date__isnull=True) | Q(last_date__isnull=True) | Q(first_date__lte=F("last_date")),
                name="meeting_first_date_not_after_last",
            ),
            models.CheckConstraint(
                condition=Q(first_date__isnull=True)
                | Q(first_date__gte=SANE_FIRST_DATE, first_date__lte=SANE_LAST_DATE),
                name="meeting_first_date_sane",
            ),
            models.CheckConstraint(
                condition=Q(last_date__isnull=True) | Q(last_date__gte=SANE_FIRST_DATE, last_date__lte=SANE_LAST_DATE),
                name="meeting_last_date_sane",
            ),
        ]

    def __str__(self) -> str:
        if self.start_time is None or self.end_time is None:
            return "TBA"
        days = "".join(WEEKDAYS[d] for d in mask_to_days(self.days))
        return f"{days} {self.start_time:%H:%M}-{self.end_time:%H:%M}"

    @property
    def is_timed(self) -> bool:
        return self.start_time is not None

    def clean(self) -> None:
        """Dates a term can hold, in order; and, for a meeting added or whose days, times or
        dates change (`as_stored`): no days without a time; an exam or one-off meeting on one
        date; and no meeting that never takes place or whose one date is on none of its days
        (held on that date all the same, but staff know which of the two is wrong): each said on
        its field."""
        super().clean()
        errors = date_range_errors(self.first_date, self.last_date, ("first_date", "last_date"), "date")
        if as_stored(self, ("days", "start_time", "end_time", "first_date", "last_date", "kind")):
            if errors:
                raise ValidationError(errors)
            return  # as imported: what an import warns about is the file's to fix (as_stored)
        untimed = self.start_time is None and self.end_time is None
        if untimed and self.days:
            errors["days"] = "A meeting with no set time has no days: untick them, or give its start and end times."
        first, last = self.first_date, self.last_date
        single = self.kind in (self.Kind.EXAM, self.Kind.ONE_OFF)
        if "last_date" not in errors and single and first is not None and last is not None and first != last:
            errors["last_date"] = (
                f"{'An' if self.kind == self.Kind.EXAM else 'A'} {self.get_kind_display().lower()} takes place on "
                f"one date: its last date must be its first "
                f"date ({first}); a meeting held every week is a weekly class."
            )
        timed = isinstance(self.start_time, datetime.time) and isinstance(self.end_time, datetime.time)
        if not errors and timed and isinstance(self.days, int):
            record = MeetingRecord(mask_to_days(self.days), self.start_time, self.end_time, first, last, kind=self.kind)
            text = record.days_dates_text
            if text:
                errors["days"] = f"{text[0].upper()}{text[1:]}."
        if errors:
            raise ValidationError(errors)


class ImportRun(TimeStamped):
    """One catalog import (dry run or applied), from the command line or the admin upload page.

    The admin's runs are queued and done by a Celery task (`catalog.tasks.import_run_execute`):
    the row holds the file's bytes until then, what was asked (`dry_run`, `allow_withdrawals`, `allow_mass_untimed`,
    `allow_outside_term`, the `preview` an apply applies) and, once finished, the outcome. A finished dry run keeps
    its bytes between the report and "apply".
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DRY_RUN = "dry_run", "Dry run"
        APPLIED = "applied", "Applied"
        FAILED = "failed", "Failed"
        # stopped by a guard (a mass withdrawal, a mass untiming) until allowed: the importer did its
        # work and nothing was written; `error` says why and how to allow it
        REFUSED = "refused", "Refused by a guard"

    UNFINISHED = (Status.QUEUED, Status.RUNNING)

    source_name = models.CharField(max_length=255)
    format = models.CharField(max_length=20)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices)
    dry_run = models.BooleanField(
        default=False, db_default=False, help_text="Asked for a dry run: report, write nothing."
    )
    allow_withdrawals = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Asked to withdraw the sections the file leaves out, even when they are many.",
    )
    allow_mass_untimed = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Asked to leave many of the term's timed sections without a set time, as the file gives them.",
    )
    allow_outside_term = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Asked to import a file most of whose timed sections meet outside the term's days, as this term's.",
    )
    preview = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The dry run this run applies.",
    )
    term = models.ForeignKey(Term, on_delete=models.SET_NULL, null=True, blank=True)
    institution_code = models.CharField(max_length=40, blank=True)
    term_code = models.CharField(max_length=40, blank=True)
    column_mapping = models.JSONField(
        default=dict,
        db_default=Value({}, output_field=models.JSONField()),
        blank=True,
        help_text='sections-csv: the column mapping the file is read with, {"name": its file, "columns": {...}}.',
    )
    catalog_version = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The term's catalog version this run found, before its own changes (0: no such term yet); "
        "applying a dry run compares it with the dry run's, to say when the catalog changed in between.",
    )
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(
        "error or refusal",
        blank=True,
        help_text="Why the run failed, or why a guard refused it and how to allow it; nothing was written.",
    )
    content = models.BinaryField(null=True, blank=True, editable=False)
    requested_by = models.ForeignKey("auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Touched every few seconds by the worker running it; a run whose heartbeat stopped lost its "
        "worker and is failed (nothing was written).",
    )
    attempts = models.PositiveSmallIntegerField(
        default=0, db_default=0, help_text="How many times a worker took the run up."
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status not in self.UNFINISHED


FEED_EVERY_MINUTES_MIN = 5  # a registrar's server is not asked more often than this
FEED_SCHEMES = ("http", "https", "file")


def validate_feed_url(value: str) -> None:
    """An http(s) address with a host, or a file:// one (read only under CLASSTIME_FEED_FILE_ROOT,
    checked when fetched: the setting may change after the feed is saved)."""
    parts = urlsplit(value)
    if parts.scheme not in FEED_SCHEMES:
        raise ValidationError(
            f"{value!r}: expected an http://, https:// or file:// address, such as "
            "'https://registrar.example.edu/export/2025-fall.csv'"
        )
    if parts.scheme in ("http", "https") and not parts.hostname:
        raise ValidationError(f"{value!r}: expected a host after {parts.scheme}://")
    if parts.scheme == "file" and (parts.netloc not in ("", "localhost") or not parts.path.startswith("/")):
        raise ValidationError(f"{value!r}: expected a file address of this machine, such as 'file:///srv/feeds/x.csv'")


class CatalogFeed(TimeStamped):
    """A registrar's catalog file, fetched and imported on a schedule (`catalog.feeds`): the
    address and what the import command would be given, and what happened last. Its runs are kept
    in CatalogFeedRun; each import is also an ImportRun, as the command's are."""

    class Outcome(models.TextChoices):
        UNCHANGED = "unchanged", "Unchanged"
        IMPORTED = "imported", "Imported"
        REFUSED = "refused", "Refused by a guard"
        INVALID = "invalid", "File refused"
        FETCH_FAILED = "fetch_failed", "Fetch failed"
        FAILED = "failed", "Run failed"  # unexpectedly: a bug, the database lost, a time limit

    FAILURES = (Outcome.REFUSED, Outcome.INVALID, Outcome.FETCH_FAILED, Outcome.FAILED)

    term_code = models.CharField(
        max_length=40,
        validators=[validate_term_code],
        help_text="The term the file is imported as (the import's --term), such as 2025-fall.",
    )
    institution_code = models.CharField(
        max_length=40,
        blank=True,
        help_text="The institution it is filed under (the import's --institution; sections-csv and sections-json "
        "need one; default: the file's).",
    )
    url = models.CharField(
        "address",
        max_length=2000,
        validators=[validate_feed_url],
        help_text="http:// or https:// (file:// only under CLASSTIME_FEED_FILE_ROOT, docs/sources.md, Feeds).",
    )
    format = models.CharField(max_length=20)
    columns = models.JSONField(
        "column mapping",
        default=dict,
        blank=True,
        help_text='sections-csv: canonical name → the file\'s header, such as {"number": "Crse Nbr", "registrar_id": '
        '"CRN"}; sections-json: the paths inside a record (the import\'s --columns).',
    )
    every_minutes = models.PositiveIntegerField(
        default=60,
        validators=[MinValueValidator(FEED_EVERY_MINUTES_MIN)],
        help_text=f"How often it is fetched, in minutes (at least {FEED_EVERY_MINUTES_MIN}).",
    )
    enabled = models.BooleanField(default=True, help_text="Fetched on its schedule (Run now works either way).")
    allow_withdrawals = models.BooleanField(
        default=False, help_text="Granted: withdraw the sections the file leaves out, even when they are many."
    )
    allow_mass_untimed = models.BooleanField(
        default=False, help_text="Granted: leave many of the term's timed sections without a set time."
    )
    allow_outside_term = models.BooleanField(
        default=False, help_text="Granted: import a file most of whose timed sections meet outside the term's days."
    )
    last_run_at = models.DateTimeField(null=True, blank=True)
    next_run_at = models.DateTimeField(null=True, blank=True, help_text="When it is due next (empty: now).")
    last_outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    last_message = models.TextField(blank=True, help_text="What the last run did, or why it failed.")
    failures = models.PositiveIntegerField(
        "failures in a row", default=0, help_text="Runs refused or failed since the last good one."
    )
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    content_sha256 = models.CharField(
        max_length=64, blank=True, editable=False, help_text="The body last imported, so the same one is not again."
    )
    claimed_until = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="A worker runs it until then (a lost one's claim lapses)."
    )
    settings_version = models.PositiveIntegerField(
        default=0,
        db_default=0,  # the release before it inserts feeds without it during an upgrade
        editable=False,
        help_text="Counts the changes to what the import is given: a run started before one keeps no ETag or hash.",
    )

    class Meta:
        ordering = ["institution_code", "term_code"]
        constraints = [
            # two feeds of one term would each withdraw the sections the other lists
            models.UniqueConstraint(fields=["institution_code", "term_code"], name="catalog_feed_one_per_term"),
            models.CheckConstraint(
                condition=Q(every_minutes__gte=FEED_EVERY_MINUTES_MIN), name="catalog_feed_every_minutes_floor"
            ),
        ]

    def __str__(self) -> str:
        return " ".join(filter(None, ("feed", self.institution_code, self.term_code)))

    def clean(self) -> None:
        """The format is one the importer reads; a column mapping is a valid one of a format read
        through one, which also needs an institution code (as the import command asks)."""
        from catalog import services, sources  # services import these models

        if self.format not in sources.FORMATS:
            raise ValidationError({"format": f"{self.format!r}: expected one of {', '.join(sorted(sources.FORMATS))}"})
        if self.format not in services.COLUMN_FORMATS:
            if self.columns:
                raise ValidationError({"columns": "A column mapping is for sections-csv and sections-json feeds only."})
            return
        if not self.institution_code:
            raise ValidationError(
                {"institution_code": f"A {self.format} file does not name its institution: give its code."}
            )
        if not isinstance(self.columns, dict):
            raise ValidationError({"columns": 'Expected a JSON object, such as {"registrar_id": "CRN"}.'})
        try:
            sources.adapter(self.format).columns_check(self.columns, name="the column mapping")
        except CatalogFormatError as exc:
            raise ValidationError({"columns": str(exc)}) from None

    @property
    def column_mapping(self) -> dict[str, Any] | None:
        """The mapping as the import run keeps it (`ImportRun.column_mapping`), or None without one."""
        return {"name": f"{self} column mapping", "columns": self.columns} if self.columns else None


class CatalogFeedRun(models.Model):
    """One run of a feed: what was fetched and what the import made of it."""

    feed = models.ForeignKey(CatalogFeed, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    forced = models.BooleanField(default=False)
    outcome = models.CharField(max_length=20, choices=CatalogFeed.Outcome.choices)
    message = models.TextField(blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True, help_text="Bytes fetched.")
    sha256 = models.CharField(max_length=64, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    import_run = models.ForeignKey(ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.feed} at {self.started_at:%Y-%m-%d %H:%M}: {self.get_outcome_display()}"
