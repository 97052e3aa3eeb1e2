"""Reads of the catalog."""

from __future__ import annotations

import operator
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from functools import reduce
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, Greatest, Length
from django.db.models.lookups import In

from catalog.models import (
    ALL_DAYS_MASK,
    LINK_DEPTH,
    PARENT_CHAIN,
    Component,
    Course,
    Institution,
    Meeting,
    Section,
    Term,
    days_to_mask,
    mask_to_days,
)
from catalog.sources.records import (
    CatalogRecords,
    CourseRecord,
    InstitutionRecord,
    MeetingRecord,
    SectionRecord,
    TermRecord,
)


class TermNotFound(LookupError):
    pass


class TermAmbiguous(TermNotFound):
    """Several institutions have a term of that code: the institution must be named."""

    @classmethod
    def naming(cls, code: str, institutions: list[str]) -> TermAmbiguous:
        names = ", ".join(institutions)
        return cls(f"term code {code!r} exists at several institutions ({names}): name the institution too")


def term_get(*, code: str, institution: str = "", for_user: Any = None) -> Term:
    """The term with this code (and institution code, needed when two institutions share it).
    With `for_user`, among the terms they may see: to anyone but staff a hidden term is
    unknown, with the same message (None: every term, for the command line)."""
    terms = Term.objects.select_related("institution").filter(code=code)
    if for_user is not None:
        terms = terms_visible(terms, user=for_user)
    if institution:
        terms = terms.filter(institution__code=institution)
    found = list(terms.order_by("institution__code")[:3])
    if not found:
        where = f" of institution {institution!r}" if institution else ""
        raise TermNotFound(f"no term {code!r}{where}")
    if len(found) > 1:
        names = [term.institution.code for term in found[:2]] + (["..."] if len(found) > 2 else [])
        raise TermAmbiguous.naming(code, names)
    return found[0]


def course_codes_q(codes: Iterable[str], prefix: str = "") -> Q:
    """Courses with these codes ("CS 2100"), reached through `prefix` (as `component__course__`);
    no code matches every course, so callers with none ask for none."""
    wanted = Q()
    for code in codes:
        subject, _, number = code.partition(" ")
        wanted |= Q(**{f"{prefix}subject": subject, f"{prefix}number": number})
    return wanted


def instructor_names(*, term: Term, course_codes: Iterable[str]) -> set[str]:
    """Every instructor's name as the catalog writes it on these courses' current sections."""
    rows = Section.objects.filter(
        course_codes_q(course_codes, "component__course__"), term=term, withdrawn_at__isnull=True
    ).values_list("instructors", flat=True)
    return {name for listed in rows for name in listed if isinstance(name, str)}


def catalog_records(*, term: Term, course_codes: list[str] | None = None) -> CatalogRecords:
    """The term's current catalog (withdrawn sections left out) as plain records, for export
    and, limited to `course_codes` ("CS 2100"), for the scheduler. Five queries whatever the
    catalog size."""
    sections = (
        Section.objects.filter(withdrawn_at__isnull=True)
        .select_related("component", "parent")
        .prefetch_related(Prefetch("meetings", queryset=Meeting.objects.order_by("position")))
    )
    courses = Course.objects.filter(term=term)
    if course_codes is not None:
        courses = courses.filter(course_codes_q(course_codes)) if course_codes else courses.none()
    courses = courses.prefetch_related(Prefetch("components__sections", queryset=sections)).order_by(
        "subject", "number"
    )
    course_records = []
    count = 0
    for course in courses:
        section_records = [section_record(s) for comp in course.components.all() for s in comp.sections.all()]
        count += len(section_records)
        course_records.append(
            CourseRecord(
                subject=course.subject,
                number=course.number,
                title=course.title,
                credits_min=course.credits_min,
                credits_max=course.credits_max,
                description=course.description,
                sections=tuple(section_records),
                prerequisites=course.prerequisites,
            )
        )
    inst = term.institution
    return CatalogRecords(
        institution=InstitutionRecord(
            inst.code, inst.name, inst.timezone, tuple(sorted(inst.campus_timezones.items())) or None
        ),
        term=TermRecord(
            code=term.code,
            name=term.name,
            first_day=term.first_day,
            last_day=term.last_day,
            holidays=tuple(date.fromisoformat(d) for d in term.holidays),
        ),
        courses=tuple(c for c in course_records if c.sections),
        sections_seen=count,
        source_name=f"{inst.code}/{term.code}",
    )


def section_record(s: Section) -> SectionRecord:
    return SectionRecord(
        registrar_id=s.registrar_id,
        code=s.code,
        component=s.component.kind,
        component_name=s.component.name,
        status=s.status,
        capacity=s.capacity,
        enrolled=s.enrolled,
        waitlist=s.waitlist,
        instructors=tuple(s.instructors),
        campus=s.campus,
        modality=s.modality,
        notes=s.notes,
        parent_code=s.parent.code if s.parent else None,
        meetings=tuple(
            MeetingRecord(
                days=mask_to_days(m.days),
                start=m.start_time,
                end=m.end_time,
                first_date=m.first_date,
                last_date=m.last_date,
                location=m.location,
                kind=m.kind,
            )
            for m in s.meetings.all()
        ),
        quarantine=s.quarantine_reason,
    )


# Reads for the REST API (catalog.api) -----------------------------------------------------

COURSE_CODE = re.compile(r"^\s*([A-Za-z]{1,20})\s*[- ]?\s*([0-9][0-9A-Za-z]{0,19})\s*$")
COURSE_ORDERINGS = {
    "code": ("subject", "number"),
    "-code": ("-subject", "-number"),
    "title": ("title", "subject", "number"),
    "-title": ("-title", "subject", "number"),
    "credits": (F("credits_min").asc(nulls_last=True), "subject", "number"),
    "-credits": (F("credits_max").desc(nulls_last=True), "subject", "number"),
    # a word query's best matches first (see relevance_rank), then lower numbers (the levels a
    # student more likely means: PSYC 1010 before EDHS 8690 for "psychology"; numbers are text,
    # so shorter first: 99, 101, 1010), then subjects
    "relevance": ("relevance", Length("number"), "number", "subject"),
}


@dataclass(frozen=True)
class CourseFilters:
    """What a course search asks for; see docs/api.md for the exact semantics.

    Course-level: `query`, `instructor`, `subjects`, `components`, credits, `levels`. Section-level (a course
    matches when each of its components has at least one schedulable section meeting all of
    them at once): `open_seats`, `campuses`, `modalities`, `days`, `starts_after`, `ends_before`.
    """

    query: str = ""
    instructor: str = ""
    subjects: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    credits: Decimal | None = None
    min_credits: Decimal | None = None
    max_credits: Decimal | None = None
    open_seats: bool = False
    campuses: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    days: tuple[int, ...] | None = None
    starts_after: time | None = None
    ends_before: time | None = None
    levels: tuple[int, ...] = ()
    include_withdrawn: bool = False
    ordering: str = "code"

    @property
    def has_section_filters(self) -> bool:
        return bool(
            self.open_seats
            or self.campuses
            or self.modalities
            or self.days is not None
            or self.starts_after
            or self.ends_before
        )


def schedulable_q(prefix: str = "") -> Q:
    """Sections a schedule can take: neither withdrawn, quarantined nor cancelled, nor taken
    with a section that is, however many links up (the rule of `Section.is_schedulable`, for
    querysets; `prefix` reaches them through a relation, as `sections__`). One query whatever
    the depth: the sections out of reach are one recursive subquery (`out_of_reach_sql`)."""
    p = prefix
    usable = Q(**{f"{p}withdrawn_at__isnull": True, f"{p}quarantine_reason": "", f"{p}status__in": USABLE_STATUSES})
    # An expression, not `pk__in=` negated: through a relation (`sections__`) filter() would
    # turn a negated lookup into "no section of the course is", not "this section is not".
    return usable & ~Q(In(F(f"{p}pk"), RawSQL(*out_of_reach_sql())))


USABLE_STATUSES = [status for status in Section.Status.values if status != Section.Status.CANCELLED]


def out_of_reach_sql() -> tuple[str, list[str]]:
    """SQL and parameters selecting the ids of the sections that are cancelled or quarantined
    and of every section below one down the links (children, their children...), as far as the
    links go: walking up from any of them meets a cancelled or quarantined section. A withdrawn
    section is left out and ends the walk down (its links are not followed: an import clears
    them). A recursive common table expression, as both SQLite and PostgreSQL run one; UNION
    drops repeats, so a loop of links ends."""
    table = connection.ops.quote_name(Section._meta.db_table)
    sql = (
        "WITH RECURSIVE out_of_reach(id) AS ("
        f"SELECT id FROM {table} WHERE withdrawn_at IS NULL AND (quarantine_reason <> %s OR status = %s) "
        f"UNION SELECT s.id FROM {table} s INNER JOIN out_of_reach o ON s.parent_id = o.id "
        "WHERE s.withdrawn_at IS NULL"
        ") SELECT id FROM out_of_reach"
    )
    return sql, ["", Section.Status.CANCELLED.value]


def section_refusal(
    *, registrar_id: str, course: str, kind: str, code: str, withdrawn: bool, status: str, quarantine_reason: str
) -> tuple[str, str] | None:
    """Why no schedule can take this section, as its state and a sentence naming it, or None
    when one can: `("withdrawn", "section 40005 (CS 1110 LAB 102) was withdrawn by the
    registrar")`, `"cancelled"` or `"quarantined"` (`... cannot be scheduled: <reason>`), in
    that order when several hold. One wording for every place that refuses a section a student
    chose (a pin, a saved schedule's sections), whether it holds rows or model objects."""
    named = f"section {registrar_id} ({course} {kind} {code})"
    if withdrawn:
        return "withdrawn", f"{named} was withdrawn by the registrar"
    if status == Section.Status.CANCELLED:
        return "cancelled", f"{named} was cancelled by the registrar"
    if quarantine_reason:
        return "quarantined", f"{named} cannot be scheduled: {quarantine_reason}"
    return None


def taken_with_left_out(*, term: Term, registrar_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """The sections among these that can only be taken with a section no schedule can take (a
    discussion of a cancelled or quarantined lecture, or a lab of such a discussion: the engine
    leaves them out with it, scheduler/engine_input.py), each with its refusal as
    `section_refusal` gives one (`("cancelled", "section 40012 (CHEM 1410 DIS 101) is taken with
    LEC 100, which was cancelled by the registrar")`): `Section.taken_with_unusable`, the walk up
    the links the model's `is_schedulable` takes. One query for links `LINK_DEPTH` deep."""
    components = [f"{'parent__' * depth}component" for depth in range(1, LINK_DEPTH + 1)]
    sections = Section.objects.filter(
        term=term, registrar_id__in=list(registrar_ids), parent__isnull=False
    ).select_related("component__course", *components)
    refused: dict[str, tuple[str, str]] = {}
    for s in sections:
        other = s.taken_with_unusable
        if other is None:
            continue
        named = f"section {s.registrar_id} ({s.component.course.code} {s.component.kind} {s.code})"
        taken = f"{named} is taken with {other.component.kind} {other.code}"
        if other.status == Section.Status.CANCELLED:
            refused[s.registrar_id] = ("cancelled", f"{taken}, which was cancelled by the registrar")
        else:
            refused[s.registrar_id] = ("quarantined", f"{taken}, which cannot be scheduled: {other.quarantine_reason}")
    return refused


def section_refusal_of(section: Section) -> tuple[str, str] | None:
    """`section_refusal` of a section with its component and course (select them with it)."""
    return section_refusal(
        registrar_id=section.registrar_id,
        course=section.component.course.code,
        kind=section.component.kind,
        code=section.code,
        withdrawn=section.withdrawn_at is not None,
        status=section.status,
        quarantine_reason=section.quarantine_reason,
    )


def open_seats_q(prefix: str = "") -> Q:
    """Sections with a seat left: open, and enrolled below capacity where both are known."""
    p = prefix
    return Q(**{f"{p}status": Section.Status.OPEN}) & (
        Q(**{f"{p}capacity__isnull": True})
        | Q(**{f"{p}enrolled__isnull": True})
        | Q(**{f"{p}enrolled__lt": F(f"{p}capacity")})
    )


class InstructorsText(Func):
    """A section's instructors as text to find a word in: on PostgreSQL the JSON text of the list
    (letters as they are), on SQLite the names themselves, one a line (`json_each`): SQLite keeps
    the JSON text with non-ASCII letters escaped (`\\u00c9lodie`), which no case folding matches
    to `élodie` and in which `u00` was found (before 2026-12-07)."""

    output_field = TextField()

    def __init__(self, field: str = "instructors"):
        super().__init__(F(field))

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(Cast(self.source_expressions[0], TextField()))

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(SELECT group_concat(value, char(10)) FROM json_each({sql}))", params


def text_contains_q(field: str, word: str) -> Q:
    """`field` (`InstructorsText`) contains `word`, ignoring case (accented letters too: on SQLite
    `catalog/sqlite_like.py`)."""
    return Q(**{f"{field}__icontains": word})


# what the JSON text of a list of names holds around and inside them but never as a name's own
# character: its brackets, the quotes around each name, and the backslash of an escape
JSON_SYNTAX = re.compile(r'["\[\]\\]')


def instructor_q(word: str, *, term: Term, include_withdrawn: bool) -> Q:
    """A course one of whose sections (withdrawn ones only if asked) has an instructor whose
    name contains `word`. The term's matching sections are found once, not per course: a
    subquery tied to each course (EXISTS) had SQLite read every section of the term for every
    course, 4 to 36 seconds a search on a real catalog.

    The match runs over the JSON text of the section's list of names, so the word loses the
    characters of that text's syntax (`"`, `[`, `]`, `\\`) first: what is left can match only
    inside one name, since two names are always parted by a quote. A word with no letter or digit
    left (`"`, `]`, `,`: a comma or a space also parts two names) matches no instructor."""
    word = JSON_SYNTAX.sub("", word)
    if not any(ch.isalnum() for ch in word):
        return Q(pk__in=[])
    sections = Section.objects.filter(term=term).annotate(instructors_text=InstructorsText())
    if not include_withdrawn:
        sections = sections.filter(withdrawn_at__isnull=True)
    return Q(pk__in=sections.filter(text_contains_q("instructors_text", word)).values("component__course"))


def title_word_q(word: str) -> Q:
    """The start of a word of the title is `word`: at the start of the title or after any
    character that is not a letter, digit or underscore ("(half-term)", "Info&Quant",
    "Piano, Advanced"). One regular expression both backends read alike: `\\W` is that class
    in Python's (SQLite's REGEXP, which Django runs in Python) and PostgreSQL's, and every
    character `re.escape` escapes is a literal there after a backslash too."""
    return Q(title__iregex=rf"(^|\W){re.escape(word)}")


def abbreviation_q(word: str) -> Q:
    """A word of the title, of 4 letters or more, is the start of `word`: the title abbreviates
    it, as registrars short of room do (Georgia Tech's "Data Struct & Algorithms" for `structures`,
    "Computer Organiz&Program" for `organization`, "Intr to Database Systems" for `introduction`).
    A word of letters only, 5 or more: nested optional groups after its first four letters
    (`stru(c(t(u(r(e(s)?)?)?)?)?)?`), then the title word's end."""
    if len(word) < 5 or not word.isalpha():
        return Q(pk__in=[])
    return Q(title__iregex=rf"(^|\W){starts_of(word, 4)}(\W|$)")


# letters a contraction keeps after its first: no vowel ("Dsgn", "Mgt", "Sply", "Thrpy")
CONTRACTION = re.compile(r"[a-z][b-df-hj-np-tv-z]{2,}")
VOWELS = frozenset("aeiou")
# English words of a vowel and two other letters, whose plurals read as contractions ("Arts")
ENGLISH_THREES = frozenset(
    "act add all ant apt arc arm art ask ebb egg elf elk elm end err imp ink inn irk its odd off "
    "opt orb owl own urn".split()
)


def catalog_key(term: Term) -> tuple:
    """What changes whenever a term's catalog does (an import or an admin edit bumps
    `catalog_version`): the key of what is worked out from it and kept per process."""
    return (term.pk, term.catalog_version, term.imported_at, term.updated_at)


class CatalogCache:
    """What is worked out from a term's catalog, kept per process by `catalog_key`, the least
    recently used dropped past `size`; safe for a web process's threads. Callers must not change
    what they get."""

    def __init__(self, size: int):
        self.size = size
        self.values: OrderedDict[tuple, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple, default: Any = None) -> Any:
        """The value kept under `key`, or `default` (a caller that keeps None passes another)."""
        with self.lock:
            if key not in self.values:
                return default
            self.values.move_to_end(key)
            return self.values[key]

    def put(self, key: tuple, value: Any) -> None:
        with self.lock:
            self.values[key] = value
            while len(self.values) > self.size:
                self.values.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.values.clear()

    def of_terms(self, terms: list[Term], work: Callable[[list[Term]], dict[int, Any]]) -> dict[int, Any]:
        """Each term's value by its primary key: those kept, and `work` of the others (one call for
        them all, answering every one of their keys), which are then kept."""
        key = {term.pk: catalog_key(term) for term in terms}
        found = {pk: kept for pk, k in key.items() if (kept := self.get(k)) is not None}
        missing = [term for term in terms if term.pk not in found]
        if missing:
            worked = work(missing)
            for term in missing:
                self.put(key[term.pk], worked[term.pk])
            found |= worked
        return found


def schedulable_counts(terms: list[Term], field: str) -> dict[int, list[tuple[Any, int]]]:
    """Each term's values of a section `field` (`campus`, `modality`) with how many sections a
    schedule can use (`schedulable_q`) have each, most first (one query)."""
    rows = (
        Section.objects.filter(schedulable_q(), term__in=terms)
        .values("term_id", field)
        .annotate(sections=Count("id"))
        .order_by("term_id", "-sections", field)
    )
    counted: dict[int, list[tuple[Any, int]]] = {term.pk: [] for term in terms}
    for row in rows:
        counted[row["term_id"]].append((row[field], row["sections"]))
    return counted


contractions_cache = CatalogCache(64)


def term_contractions(term: Term) -> frozenset[str]:
    """The words of the term's course titles that look like contractions, lower-cased: a letter
    then two or more letters none of which is a vowel (Georgia Tech's "Dsgn&Analysis-Algorithms",
    "Engr", "Mgt", "Sply Chain"). Not a STOP_WORD, nor a word starting with a vowel that is of
    three letters, or the plural of an English one, or has a "y", as English has many ("Art",
    "Arts", "Arms", "Off", "Only", "Army"), nor a word in capitals in a title that is not (an acronym:
    "STS Core Seminar" contracts no `students`). Kept per process and catalog version (one query
    a term while its catalog stays)."""
    key = catalog_key(term)
    kept = contractions_cache.get(key)
    if kept is not None:
        return kept
    found = set()
    for title in Course.objects.filter(term=term).values_list("title", flat=True).distinct():
        for written in re.findall(r"[^\W\d_]+", title):
            word = written.lower()
            if not CONTRACTION.fullmatch(word) or (written.isupper() and not title.isupper()):
                continue  # an acronym ("STS Core Seminar"), unless the whole title is in capitals
            if word[0] in VOWELS and (len(word) == 3 or "y" in word or word.removesuffix("s") in ENGLISH_THREES):
                continue  # English: "Art", "Arts", "Arms", "Only" (but "Algs", "Eqns", "Orgs" contract)
            found.add(word)
    words = frozenset(found - STOP_WORDS)
    contractions_cache.put(key, words)
    return words


subjects_cache = CatalogCache(256)


def term_subjects(*, terms: list[Term]) -> dict[int, frozenset[str]]:
    """Each term's course subjects, as the catalog writes them ("CS", "MATH"): what a list of
    course codes may name (`code_list`). Kept per process and catalog version, as `term_campuses`
    (one query for the terms not kept). Callers must not change the sets."""

    def read(missing: list[Term]) -> dict[int, frozenset[str]]:
        found: dict[int, set[str]] = {term.pk: set() for term in missing}
        rows = Course.objects.filter(term__in=missing).order_by().values_list("term_id", "subject").distinct()
        for pk, subject in rows:
            found[pk].add(subject)
        return {pk: frozenset(named) for pk, named in found.items()}

    return subjects_cache.of_terms(terms, read)


def contracts(contraction: str, word: str) -> bool:
    """`contraction` is `word` with letters left out, its first kept (`dsgn`: `design`)."""
    if contraction[0] != word[0] or len(contraction) >= len(word):
        return False
    rest = iter(word[1:])
    return all(letter in rest for letter in contraction[1:])


def contraction_q(word: str, *, term: Term) -> Q:
    """A word of the title contracts `word`, a word of 5 letters or more: `design` finds "Dsgn",
    `engineering` "Engr", `management` "Mgt" (term_contractions). The term's contractions are
    matched against the word here, so the title is searched for those words alone (a pattern of
    optional letters could backtrack for long)."""
    if len(word) < 5 or not word.isalpha():
        return Q(pk__in=[])
    word = word.lower()
    found = sorted(c for c in term_contractions(term) if contracts(c, word))
    if not found:
        return Q(pk__in=[])
    return Q(title__iregex=rf"(^|\W)({'|'.join(found)})(\W|$)")


def subject_start_q(word: str) -> Q:
    """A subject of 3 letters or more is the start of `word`, a word of letters only: the subject
    is that word's abbreviation (`psychology`: PSYC, `stats`: STAT, `spanish`: SPAN). Ranked last
    (relevance_rank): a surname (`lawrence`, `chen`) or another word (`planetary`) can start with
    a subject it does not mean."""
    if len(word) < 4 or not word.isalpha():
        return Q(pk__in=[])
    return Q(subject__iregex=rf"^{starts_of(word, 3)}$")


def starts_of(word: str, shortest: int) -> str:
    """A regular expression of the starts of `word` of `shortest` characters or more: its first
    ones, then nested optional groups (`stru(c(t(s)?)?)?` for `structs` from 4)."""
    rest = "".join(f"({re.escape(ch)}" for ch in word[shortest:]) + ")?" * (len(word) - shortest)
    return f"{re.escape(word[:shortest])}{rest}"


ROMAN = {str(n): r for n, r in enumerate(("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"), start=1)}


def roman_q(word: str) -> Q:
    """`1` to `10` match their Roman numeral as a word of the title (`calculus 2`: "Calculus II",
    `physics 1`: "Intro Physics I")."""
    roman = ROMAN.get(word)
    return Q(title__iregex=rf"(^|\W){roman}(\W|$)") if roman else Q(pk__in=[])


def word_q(word: str, *, term: Term, include_withdrawn: bool, subject_starts: bool = True) -> Q:
    """A search word matches a subject or its start (`psychology`: PSYC; not with `subject_starts`
    false), the start of a course number, a section's registrar id (`85531`), the start of a word
    of the title, a word the title abbreviates or contracts it to (`structures`: "Data Struct &
    Algorithms", `design`: "Dsgn") or its Roman numeral (`2`: "II"), or part of an instructor's
    name; a word shaped like a course code (`cs1110`, in "cs1110 intro") matches that code as a
    query of it alone would."""
    q = (
        code_word_q(word)
        | Q(subject__iexact=word)
        | Q(number__istartswith=word)
        | title_word_q(word)
        | abbreviation_q(word)
        | contraction_q(word, term=term)
        | roman_q(word)
        | instructor_q(word, term=term, include_withdrawn=include_withdrawn)
        | registrar_id_q(word, term=term, include_withdrawn=include_withdrawn)
    )
    return q | subject_start_q(word) if subject_starts else q


REGISTRAR_ID_WORD = re.compile(r"[0-9A-Za-z-]*[0-9][0-9A-Za-z-]*")


def registrar_id_q(word: str, *, term: Term, include_withdrawn: bool) -> Q:
    """The course one of whose sections (withdrawn ones only if asked) has `word`, holding a digit,
    as its registrar id: a student types the CRN of a section they are registered in (Georgia
    Tech's `85531`) to find it. One look-up in the term's index of registrar ids."""
    if not REGISTRAR_ID_WORD.fullmatch(word):
        return Q(pk__in=[])
    sections = Section.objects.filter(term=term, registrar_id=word)
    if not include_withdrawn:
        sections = sections.filter(withdrawn_at__isnull=True)
    return Q(pk__in=sections.values("component__course"))


def code_word_q(word: str) -> Q:
    """The courses a code-shaped word names (`cs1110`: CS 1110, `cs11`: CS 11..); none otherwise."""
    code = COURSE_CODE.match(word)
    return Q(subject__iexact=code[1], number__istartswith=code[2]) if code else Q(pk__in=[])


def relevance_rank(query: str, *, term: Term, include_withdrawn: bool) -> Case:
    """How well a course matches a word query, best first: 0 when a word is its subject
    (`PHYS` finds the physics courses before courses a Dr Physick teaches), its whole number
    (`1331` finds CS 1331 before CS 1331R, titled "CS 1331 Recitation") or a section's registrar
    id (`85531`); 1 when every word starts
    a word of its title (or is its Roman numeral: `calculus 2`, "Calculus II"); 2 when every word
    does so or is part of an instructor's name; 3 when every word does so or is abbreviated or
    contracted in the title (`structures`: "Data Struct & Algorithms", `design`: "Dsgn"; after
    names: `russell` lists Russell's courses before Georgia Tech's "Russ Lit ..."); 4 when every
    word matches otherwise (the start of a number); 5 when a word matches only by starting with
    the subject (`stats`: STAT; last, as a surname can start with a subject it does not mean:
    `lawrence` lists Lawrence's courses before UVA's LAW ones). Within a rank the `relevance`
    ordering puts lower numbers first (an introductory course before a graduate practicum). A
    query with no words, or a list of codes, is not ranked: the code order."""
    words = search_words(query)

    def level(w: str) -> Case:
        """The best rank `w` alone allows; each test once (an instructor's name is a look-up over
        the term's sections: four of them a word made a search three times as slow)."""
        return Case(
            When(title_word_q(w) | roman_q(w), then=Value(1)),
            When(instructor_q(w, term=term, include_withdrawn=include_withdrawn), then=Value(2)),
            When(abbreviation_q(w) | contraction_q(w, term=term), then=Value(3)),
            When(code_word_q(w) | Q(subject__iexact=w) | Q(number__istartswith=w), then=Value(4)),
            default=Value(5),
        )

    subject = reduce(
        operator.or_,
        (
            Q(subject__iexact=w)
            | Q(number__iexact=w)
            | code_word_q(w)
            | registrar_id_q(w, term=term, include_withdrawn=include_withdrawn)
            for w in words
        ),
    )
    levels = [level(w) for w in words]
    return Case(When(subject, then=Value(0)), default=Greatest(*levels) if len(levels) > 1 else levels[0])


WORD_PARTS = re.compile(r"[\s,;]+")
MAX_QUERY_WORDS = 8  # different words in a search query (the API refuses more)
# words a title is searched without ("Intro to Database Systems" as "Intr to Database Systems",
# "Statistics and Applications" as "Statistics& Applications"), unless the query has no other
STOP_WORDS = frozenset({"a", "an", "and", "&", "of", "the", "to", "in", "for", "on", "with"})
# a list of course codes: its words (parted as a query's, a slash a word of its own) are codes
# (`CS2110`, `CS-2110`), or a subject then a number (`CS 2110`, `CS - 2110`), or a joiner between
# two codes (`and`, `&`, `or`, `/`: a degree audit's or an advisor's choice, "CS 2120 or CS 2130",
# is a list of candidates too), or a course's title in brackets after its code ("CS 2100 (Data
# Structures)", as a degree audit pastes it; ignored). Read word by word, in one pass: a regular
# expression of repeated codes backtracked for minutes on a long list failing at its end (a
# student typing its last code). The planner reads lists alike (web/static/web/codes.js; a browser
# test compares the two).
CODE_WORD = re.compile(r"([A-Za-z]{1,20})-?([0-9][0-9A-Za-z]{0,19})")
SUBJECT_WORD = re.compile(r"([A-Za-z]{1,20})(-?)")
NUMBER_WORD = re.compile(r"(-?)([0-9][0-9A-Za-z]{0,19})")
# a list's words: a slash, or a run of characters but the spaces parting them (those Python's and
# JavaScript's \s both hold: Python's adds \x1c-\x1f and \x85, JavaScript's \ufeff), commas,
# semicolons and slashes, so that the planner reads every list alike
LIST_WORDS = re.compile("/|[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000,;/]+")
LIST_JOINERS = frozenset({"and", "&", "or", "/"})  # "CS 2100, CS 2120 and APMA 3080", as an email lists them


def query_words(query: str) -> list[str]:
    """The different words of a query, in order, a word repeated in another case once. Commas and
    semicolons part words as spaces do: "Hott, Robbie", as registrars list instructors."""
    words: dict[str, str] = {}
    for word in WORD_PARTS.split(query):
        if not word:
            continue
        words.setdefault(word.casefold(), word)
    return list(words.values())


def search_words(query: str) -> list[str]:
    """The words a query is matched by: its words but the STOP_WORDS, or all of them when it has
    no other."""
    words = query_words(query)
    kept = [w for w in words if w.casefold() not in STOP_WORDS]
    return kept or words


def code_list(query: str, *, subjects: Iterable[str] | Callable[[], Iterable[str]]) -> list[tuple[str, str]]:
    """The course codes (subject, number) of a query that lists two or more, each once, in order;
    [] for any other query. See CODE_WORD: "CS 2100 (Data Structures), CS 2120 or CS 2130" lists
    three, its title ignored, its "or" too (the courses are candidates). `subjects` are the
    term's (`term_subjects`): a list names one of them at least, and a word that is none of them
    is a subject only when written in capitals, as a degree audit or an email writes a code
    ("CS 2100 ZZZZ 1000" lists ZZZZ 1000, which the term lacks): "calculus 1 physics 2" is words,
    not CALCULUS 1 and PHYSICS 2. `subjects` may be a function giving them, called only for a
    query shaped as a list (most are not: no query for them)."""
    words = LIST_WORDS.findall(query)
    codes: dict[tuple[str, str], tuple[str, str]] = {}
    at, last = 0, ""  # last: what the word before ended, "" (nothing), "code", "title" or "joiner"
    while at < len(words):
        word = words[at]
        if word.casefold() in LIST_JOINERS:
            if last not in {"code", "title"}:
                return []
            at, last = at + 1, "joiner"
            continue
        if word.startswith("("):  # a title after its code, to its closing bracket
            if last != "code":
                return []
            depth = 0
            while at < len(words) and (depth := depth + words[at].count("(") - words[at].count(")")) > 0:
                at += 1
            if at == len(words):
                return []  # not closed
            at, last = at + 1, "title"
            continue
        whole = CODE_WORD.fullmatch(word)
        if whole:
            code, at = (whole[1], whole[2]), at + 1
        else:
            subject = SUBJECT_WORD.fullmatch(word)
            following = at + 1
            hyphen = bool(subject and subject[2])
            if subject and not hyphen and following < len(words) and words[following] == "-":
                following, hyphen = following + 1, True  # "CS - 2110"
            number = NUMBER_WORD.fullmatch(words[following]) if subject and following < len(words) else None
            if not number or (hyphen and number[1]):
                return []
            code, at = (subject[1], number[2]), following + 1
        codes.setdefault((code[0].casefold(), code[1].casefold()), code)
        last = "code"
    if len(codes) < 2 or last == "joiner":
        return []
    known = {s.casefold() for s in (subjects() if callable(subjects) else subjects)}
    lacking = [subject for subject, _ in codes.values() if subject.casefold() not in known]
    if len(lacking) == len(codes) or not all(subject.isupper() for subject in lacking):
        return []
    return list(codes.values())


def term_code_list(query: str, *, term: Term) -> list[tuple[str, str]]:
    """`code_list` of a query of `term`'s course search."""
    return code_list(query, subjects=lambda: term_subjects(terms=[term])[term.pk])


def query_q(query: str, *, term: Term, include_withdrawn: bool) -> Q:
    """A list of course codes ("CS 2100, CS 2120 and APMA 3080") matches those courses; a query
    shaped like a course code ("CS 2110", "cs2110", "CS 21") matches that subject and the start
    of the number, or, when the term has no such subject ("spanish 2020"), every word as any
    other query; any other query, every word of it but the STOP_WORDS (see word_q); one of
    commas alone, nothing."""
    listed = term_code_list(query, term=term)
    if listed:
        return reduce(operator.or_, (Q(subject__iexact=s, number__iexact=n) for s, n in listed))
    code = COURSE_CODE.match(query)
    words = search_words(query)
    if not words and query.strip():
        return Q(pk__in=[])
    q = Q()
    for word in words:
        q &= word_q(word, term=term, include_withdrawn=include_withdrawn)
    if code:
        subject_known = Exists(Course.objects.filter(term=term, subject__iexact=code[1]))
        return Q(subject__iexact=code[1], number__istartswith=code[2]) | (~Q(subject_known) & q)
    return q


def section_match_q(filters: CourseFilters) -> Q:
    """The schedulable sections that meet every section-level filter. Only weekly timed meetings
    count for days and times: a section with none (TBA, asynchronous) meets every such filter."""
    q = schedulable_q()
    if filters.open_seats:
        q &= open_seats_q()
    if filters.campuses:
        q &= reduce(operator.or_, (Q(campus__iexact=c) for c in filters.campuses))
    if filters.modalities:
        q &= Q(modality__in=filters.modalities)
    outside = Q()
    if filters.days is not None:
        outside |= Q(outside_days__gt=0)
    if filters.starts_after:
        outside |= Q(start_time__lt=filters.starts_after)
    if filters.ends_before:
        outside |= Q(end_time__gt=filters.ends_before)
    if outside:
        other_days = ALL_DAYS_MASK & ~days_to_mask(filters.days or ())
        meetings = Meeting.objects.filter(
            section=OuterRef("pk"), kind=Meeting.Kind.WEEKLY, start_time__isnull=False
        ).annotate(outside_days=F("days").bitand(other_days))
        q &= ~Exists(meetings.filter(outside))
    return q


COURSE_LEVELS = tuple(range(0, 10000, 1000))


def level_q(levels: Iterable[int]) -> Q:
    """Courses of these levels (1000, 2000...): the thousands of a four-digit number, which may
    end in letters (`1107L`, `8000T`) and hold a transfer credit's `X` after its first digit
    (`2X51`, `15X1`). A number of other lengths (`801`, `100`, `10000`) has no level, so no level
    finds it. A regular expression, the same on PostgreSQL and SQLite (Django gives SQLite one)."""
    digits = "".join(str(level // 1000) for level in sorted(set(levels)))
    return Q(number__regex=rf"^[{digits}][0-9Xx]{{3}}([^0-9]|$)")


def course_search(*, term: Term, filters: CourseFilters) -> QuerySet[Course]:
    """The term's courses that `filters` match, ordered (load a page of them with
    `course_list_rows`). Courses whose sections have all been withdrawn are left out unless
    `include_withdrawn`."""
    courses = Course.objects.filter(term=term)
    offered = Section.objects.filter(component=OuterRef("pk"))
    if not filters.include_withdrawn:
        offered = offered.filter(withdrawn_at__isnull=True)
        courses = courses.filter(
            Exists(Section.objects.filter(component__course=OuterRef("pk"), withdrawn_at__isnull=True))
        )
    if filters.query:
        courses = courses.filter(query_q(filters.query, term=term, include_withdrawn=filters.include_withdrawn))
    if filters.instructor:
        courses = courses.filter(
            instructor_q(filters.instructor, term=term, include_withdrawn=filters.include_withdrawn)
        )
    if filters.subjects:
        courses = courses.filter(reduce(operator.or_, (Q(subject__iexact=s) for s in filters.subjects)))
    if filters.levels:
        courses = courses.filter(level_q(filters.levels))
    if filters.components:
        kinds = [k.upper() for k in filters.components]
        courses = courses.filter(
            Exists(Component.objects.filter(course=OuterRef("pk"), kind__in=kinds).filter(Exists(offered)))
        )
    top = Coalesce("credits_max", "credits_min")
    if filters.credits is not None:
        courses = courses.alias(top=top).filter(credits_min__lte=filters.credits, top__gte=filters.credits)
    if filters.min_credits is not None:
        courses = courses.alias(top=top).filter(top__gte=filters.min_credits)
    if filters.max_credits is not None:
        courses = courses.filter(credits_min__lte=filters.max_credits)
    if filters.has_section_filters:
        matching = Section.objects.filter(component=OuterRef("pk")).filter(section_match_q(filters))
        lacking = Component.objects.filter(course=OuterRef("pk")).filter(Exists(offered)).exclude(Exists(matching))
        courses = courses.filter(~Exists(lacking))
    if filters.ordering == "relevance":
        listed = term_code_list(filters.query, term=term)
        if not query_words(filters.query) or listed:  # nothing to rank: by code
            return courses.order_by(*COURSE_ORDERINGS["code"])
        courses = courses.alias(
            relevance=relevance_rank(filters.query, term=term, include_withdrawn=filters.include_withdrawn)
        )
    return courses.order_by(*COURSE_ORDERINGS[filters.ordering])


def course_list_rows(*, ids: list[int], include_withdrawn: bool = False) -> list[Course]:
    """The courses with these ids, in this order, each with its components and their section
    counts (listed, schedulable, schedulable with a seat left): two queries whatever the
    number. A search page is its ids (one query, the only one that evaluates the filters) and
    then this."""
    offered = Section.objects.filter(component=OuterRef("pk"))
    live = Q()
    if not include_withdrawn:
        offered = offered.filter(withdrawn_at__isnull=True)
        live = Q(sections__withdrawn_at__isnull=True)
    components = (
        Component.objects.filter(Exists(offered))
        .annotate(
            section_count=Count("sections", filter=live),
            schedulable_section_count=Count("sections", filter=schedulable_q("sections__")),
            open_section_count=Count("sections", filter=schedulable_q("sections__") & open_seats_q("sections__")),
        )
        .order_by("kind")
    )
    by_id = Course.objects.prefetch_related(Prefetch("components", queryset=components)).in_bulk(ids)
    return [by_id[pk] for pk in ids]


def course_get(*, term: Term, subject: str, number: str, include_withdrawn: bool = False) -> Course | None:
    """The course with its components, sections (withdrawn ones only if asked) and meetings:
    four queries whatever its size; None if the term has no such course."""
    sections = Section.objects.select_related(PARENT_CHAIN).prefetch_related(
        Prefetch("meetings", queryset=Meeting.objects.order_by("position"))
    )
    if not include_withdrawn:
        sections = sections.filter(withdrawn_at__isnull=True)
    return (
        Course.objects.filter(term=term, subject__iexact=subject, number__iexact=number)
        .prefetch_related(
            Prefetch("components", queryset=Component.objects.order_by("kind")),
            Prefetch("components__sections", queryset=sections.order_by("code")),
        )
        .first()
    )


def section_get(*, term: Term, registrar_id: str) -> Section | None:
    """The section (withdrawn or not) with its course and meetings, or None."""
    return section_list(term=term, registrar_ids=[registrar_id]).first()


def section_list(*, term: Term, registrar_ids: list[str] | None = None) -> QuerySet[Section]:
    """The term's sections (withdrawn or not; only these registrar ids, when given) with their
    courses, parents and meetings, in registrar id order: three queries whatever their number."""
    sections = Section.objects.filter(term=term)
    if registrar_ids is not None:
        sections = sections.filter(registrar_id__in=registrar_ids)
    return (
        sections.select_related("component__course", PARENT_CHAIN)
        .prefetch_related(Prefetch("meetings", queryset=Meeting.objects.order_by("position")))
        .order_by("registrar_id", "pk")
    )


def is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_staff", False) and getattr(user, "is_active", False))


def terms_visible(terms: QuerySet[Term], *, user: Any) -> QuerySet[Term]:
    """The terms `user` may see: a hidden term only staff (docs/operations.md, "A term's life")."""
    return terms if is_staff(user) else terms.exclude(status=Term.Status.HIDDEN)


def term_visible(term: Term, *, user: Any) -> bool:
    return term.status != Term.Status.HIDDEN or is_staff(user)


def term_closed_problem(*, term: Term, user: Any) -> str:
    """Why `user` cannot plan a new schedule of `term` ("" when they can): to all but staff a
    hidden term is no term; an archived term takes no new schedules."""
    if not term_visible(term, user=user):
        return f"no term {term.code!r}"  # word for word what term_get says of an unknown term
    if term.status == Term.Status.ARCHIVED:
        return f"{term.code!r} is archived: it takes no new schedules (its catalog and saved schedules stay readable)"
    return ""


def institution_list(*, user: Any = None) -> QuerySet[Institution]:
    """Every institution with the terms `user` may see (two queries). To all but staff, an
    institution whose every term is hidden is no institution, as its terms are no terms (until
    2026-12-06 it was listed with no terms, and its own page answered)."""
    terms = terms_visible(Term.objects.select_related("institution"), user=user)
    institutions = Institution.objects.prefetch_related(Prefetch("terms", queryset=terms))
    if is_staff(user):
        return institutions
    return institutions.filter(Exists(terms_visible(Term.objects.filter(institution=OuterRef("pk")), user=user)))


def institution_unknown(code: str, *, user: Any = None) -> str:
    """Why `code` names no institution `user` may see ("no institution 'x'; expected one of ..."),
    or "" when it names one."""
    known = list(institution_list(user=user).prefetch_related(None).values_list("code", flat=True))
    if code in known:
        return ""
    expected = f"; expected one of {', '.join(known)}" if known else ""
    return f"no institution {code!r}{expected}"


def term_list(*, institution: str = "", user: Any = None) -> QuerySet[Term]:
    """The terms `user` may see, of one institution or all."""
    terms = terms_visible(Term.objects.select_related("institution"), user=user)
    return terms.filter(institution__code=institution) if institution else terms


def catalog_index_version() -> str:
    """Changes whenever an institution or a term is added or changed (one query): the
    validator of the institution and term lists."""
    agg = Institution.objects.aggregate(
        n_institutions=Count("id", distinct=True),
        n_terms=Count("terms", distinct=True),
        institution_changed=Max("updated_at"),
        term_changed=Max("terms__updated_at"),
    )
    return ".".join(str(agg[k]) for k in ("n_institutions", "n_terms", "institution_changed", "term_changed"))


def term_get_for_api(*, institution: str, code: str) -> Term | None:
    """The term (with its institution) named by an API path, or None: one indexed query, no
    ordering, since every catalog read starts with it (its version is the read's validator)."""
    try:
        return Term.objects.select_related("institution").order_by().get(institution__code=institution, code=code)
    except Term.DoesNotExist:
        return None


campus_cache = CatalogCache(256)


def term_campuses(*, terms: list[Term]) -> dict[int, list[dict[str, Any]]]:
    """Each term's campuses as `{"name", "sections"}`, most sections first: the sections a
    schedule can use (`schedulable_q`: neither withdrawn, quarantined nor cancelled), a campus
    the catalog does not name counted under `""`. A planner offers a campus choice when a term
    has several. Kept per process and catalog version (an import or an admin edit, as a section
    cancelled, bumps it), so the planner page, which shows every visible term's, counts them
    once per catalog, not on every visit (one query for the terms not kept). Callers must not
    change the lists."""

    def count(missing: list[Term]) -> dict[int, list[dict[str, Any]]]:
        counted = schedulable_counts(missing, "campus")
        return {pk: [{"name": name, "sections": n} for name, n in found] for pk, found in counted.items()}

    return campus_cache.of_terms(terms, count)


def section_warnings(*, section: Section) -> list[str]:
    """What may be wrong with a section staff saved in the admin, though it may be meant: more
    enrolled than its capacity, a weekly meeting dated outside the term's days, a section no
    section of another component of its course can go with. Each names the section and says
    what to check; the admin shows them after the save (a form refuses what cannot be right)."""
    warnings = []
    if section.capacity is not None and section.enrolled is not None and section.enrolled > section.capacity:
        warnings.append(
            f"{section}: {section.enrolled:,} enrolled, over its capacity of {section.capacity:,}, so it shows no "
            "open seat; check the seat counts."
        )
    term = section.term
    for meeting in Meeting.objects.filter(section=section.pk):  # as saved: the admin's row prefetched them before
        if meeting.kind != Meeting.Kind.WEEKLY or term.first_day is None or term.last_day is None:
            continue
        first, last = meeting.first_date or term.first_day, meeting.last_date or term.last_day
        if first < term.first_day or last > term.last_day:
            warnings.append(
                f"{section}: the weekly meeting {meeting} is dated {first} to {last}, outside the term's days "
                f"({term.first_day} to {term.last_day}); it is kept as dated: check its dates."
            )
            break  # one is enough to send staff to the dates
    stranded = section_partnerless_components(section=section)
    if stranded:
        warnings.append(
            f"{section}: no section of its course's {' or '.join(stranded)} can go with it (each is linked with "
            f"another {section.component.name} section), so no schedule can use it; link it with one of them (a "
            "section's parent), or check their links."
        )
    return warnings


def term_warnings(*, term: Term) -> list[str]:
    """What may be wrong with a term staff saved in the admin: sections whose weekly meetings
    are dated outside its days (shortened, say, while they still meet a week later), counted in
    one line, as an import counts them. Shown after the save, as `section_warnings` are."""
    if term.first_day is None or term.last_day is None:
        return []
    weekly = Meeting.objects.filter(section__term=term, section__withdrawn_at__isnull=True, kind=Meeting.Kind.WEEKLY)
    outside = weekly.filter(Q(first_date__lt=term.first_day) | Q(last_date__gt=term.last_day))
    dates = outside.aggregate(first=Min("first_date"), last=Max("last_date"), sections=Count("section", distinct=True))
    if not dates["sections"]:
        return []
    # a meeting may be dated at one end only (the term's day at the other)
    first, last = min(filter(None, (dates["first"], term.first_day))), max(filter(None, (dates["last"], term.last_day)))
    span = f"from {first} to {last}"
    sections = dates["sections"]
    return [
        f"{sections:,} section{'s' if sections != 1 else ''} of {term} meet{'s' if sections == 1 else ''} on dates "
        f"outside the term's days ({term.first_day} to {term.last_day}), {span}: their classes are kept as "
        "dated, in students' schedules and calendars; check the term's days, or the sections' dates."
    ]


def section_partnerless_components(*, section: Section) -> list[str]:
    """The names of the other components of the section's course none of whose schedulable
    sections a schedule can take with it (a schedule takes one section of each): each is taken
    with another section of this one's component, or has such sections taken with it. The
    importers warn of such a lecture as one "no schedule can use". Empty for a section that is
    itself taken with a parent (it goes with that one) or not schedulable."""
    if section.parent_id is not None or not section.is_schedulable:
        return []
    usable = Section.objects.filter(schedulable_q(), component__course=section.component.course_id)
    others = list(usable.exclude(component=section.component_id).select_related("component", "parent"))
    # sections of other components that have sections of this one's component taken with them
    heads = set(usable.filter(component=section.component_id, parent__isnull=False).values_list("parent_id", flat=True))
    partners: dict[str, bool] = {}
    for other in sorted(others, key=lambda s: s.component.kind):
        elsewhere = other.parent_id not in (None, section.pk) and other.parent.component_id == section.component_id
        fits = not elsewhere and other.pk not in heads
        partners[other.component.name] = partners.get(other.component.name, False) or fits
    return [name for name, fits in partners.items() if not fits]
