"""Catalog reads over HTTP: institutions, terms, course search, course and section detail.

Public (no sign-in needed), read-only, throttled like every endpoint, and answered with an
ETag and Last-Modified so an unchanged catalog costs a bodiless 304.
"""

from __future__ import annotations

import time
from datetime import datetime

from django.conf import settings
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers

from catalog import selectors
from catalog.api.filters import HHMM, CourseFilterSet, TermFilterBackend, query_flag, query_institution
from catalog.api.serializers import (
    CourseDetailSerializer,
    CourseListSerializer,
    InstitutionSerializer,
    SectionDetailSerializer,
    TermDetailSerializer,
    TermSerializer,
)
from catalog.models import Course, Section, Term
from catalog.sources.records import WEEKDAYS
from classtime_site.api import PAGED, ConditionalGetMixin, KnownQueryParameters, Pagination

# OpenAPI documentation: parameters and examples (from the demo catalog) ----------------------

HOST = "https://classtime.example.edu/api/v1"
TERM_URL = f"{HOST}/institutions/demo/terms/2026-fall/"
TERM_EXAMPLE = {
    "url": TERM_URL,
    "courses_url": f"{TERM_URL}courses/",
    "institution": "demo",
    "code": "2026-fall",
    "name": "Fall 2026",
    "first_day": "2026-08-24",
    "last_day": "2026-12-11",
    "holidays": ["2026-09-07", "2026-11-25", "2026-11-26", "2026-11-27"],
    "catalog_version": 1,
    "imported_at": "2026-11-23T00:29:56.235191Z",
    "status": "published",
}
TERM_DETAIL_EXAMPLE = {
    **TERM_EXAMPLE,
    "campuses": [
        {"name": "Main", "sections": 56},
        {"name": "North Grounds", "sections": 1},
        {"name": "Online", "sections": 1},
    ],
}
INSTITUTION_EXAMPLE = {
    "url": f"{HOST}/institutions/demo/",
    "code": "demo",
    "name": "Classtime Demo University",
    "timezone": "America/New_York",
    "terms": [TERM_EXAMPLE],
}
TERM_REF = {"institution": "demo", "code": "2026-fall", "url": TERM_URL}
COURSE_URL = f"{TERM_URL}courses/CHEM/1410/"
COURSE_LIST_EXAMPLE = {
    "id": 4872,
    "url": COURSE_URL,
    "code": "CHEM 1410",
    "subject": "CHEM",
    "number": "1410",
    "title": "General Chemistry I",
    "credits_min": 3.0,
    "credits_max": 3.0,
    "components": [
        {"kind": "DIS", "name": "Discussion", "sections": 6, "schedulable_sections": 6, "open_sections": 5},
        {"kind": "LEC", "name": "Lecture", "sections": 2, "schedulable_sections": 2, "open_sections": 2},
    ],
}


def section_example(rid: str, code: str, kind: str, parent: str | None, meetings: list[dict], **extra) -> dict:
    return {
        "id": 21217,
        "url": f"{TERM_URL}sections/{rid}/",
        "registrar_id": rid,
        "code": code,
        "component": kind,
        "status": "open",
        "capacity": 300,
        "enrolled": 250,
        "waitlist": 0,
        "open_seats": 50,
        "instructors": ["Marie Curie"],
        "campus": "Main",
        "modality": "in_person",
        "notes": "",
        "parent": parent,
        "schedulable": True,
        "quarantine_reason": "",
        "withdrawn_at": None,
        "meetings": meetings,
        **extra,
    }


def meeting_example(kind: str, days: list[str], start: str, end: str, first: str, last: str) -> dict:
    return {
        "kind": kind,
        "days": days,
        "start": start,
        "end": end,
        "first_date": first,
        "last_date": last,
        "location": "Chemistry Bldg 402",
    }


LECTURE_MEETINGS = [
    meeting_example("weekly", ["Mo", "We", "Fr"], "10:00", "10:50", "2026-08-24", "2026-12-11"),
    meeting_example("exam", ["Th"], "19:00", "20:30", "2026-09-24", "2026-09-24"),
]
COURSE_EXAMPLE = {
    **{k: v for k, v in COURSE_LIST_EXAMPLE.items() if k != "components"},
    "term": TERM_REF,
    "description": "Atoms, molecules, stoichiometry and thermochemistry.",
    "components": [
        {
            "kind": "DIS",
            "name": "Discussion",
            "sections": [
                section_example(
                    "40012",
                    "101",
                    "DIS",
                    "40010",
                    [meeting_example("weekly", ["Tu"], "12:30", "13:20", "2026-08-24", "2026-12-11")],
                )
            ],
        },
        {
            "kind": "LEC",
            "name": "Lecture",
            "sections": [section_example("40010", "100", "LEC", None, LECTURE_MEETINGS)],
        },
    ],
}
SECTION_EXAMPLE = {
    "term": TERM_REF,
    "course": {"code": "CHEM 1410", "title": "General Chemistry I", "url": COURSE_URL},
    "component_name": "Lecture",
    **section_example("40010", "100", "LEC", None, LECTURE_MEETINGS),
}


def example(name: str, value, summary: str = "") -> OpenApiExample:
    """A 200 example; for a list, one item (drf-spectacular wraps it in a page)."""
    return OpenApiExample(name, value=value, summary=summary or name, response_only=True, status_codes=["200"])


def path(name: str, description: str, value: str) -> OpenApiParameter:
    return OpenApiParameter(
        name, str, OpenApiParameter.PATH, description=description, examples=[OpenApiExample(value, value=value)]
    )


def query(name: str, schema: dict, description: str, value) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        schema,
        OpenApiParameter.QUERY,
        description=description,
        examples=[OpenApiExample(str(value), value=value)],
        explode=True if schema.get("type") == "array" else None,
    )


VALIDATED = {
    304: OpenApiResponse(description="Not modified: the client's copy (If-None-Match) is current."),
}
INSTITUTION = path("institution", "Institution code, e.g. `demo`, `gatech`, `uva`.", "demo")
TERM = path("term", "Term code within the institution, e.g. `2026-fall`, `202208`.", "2026-fall")
WITHDRAWN = query(
    "include_withdrawn", {"type": "boolean"}, "Also list sections a later import withdrew (default false).", False
)
STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 100}, "maxItems": 20}
WEEKDAY_LIST = {"type": "array", "items": {"type": "string", "enum": list(WEEKDAYS)}}
CREDITS = {"type": "number", "minimum": 0, "maximum": 999}
TEXT_QUERY = {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"\S"}  # blank: a 400
COURSE_SEARCH_PARAMETERS = [
    INSTITUTION,
    TERM,
    query(
        "q",
        TEXT_QUERY,
        "Search words, all of which must match (but `a`, `and`, `of`, `the`, `to` and the like): a subject (`CS`) or "
        "a subject starting the word (`psychology`: PSYC), the start of a number (`21`), the start of a word of the "
        'title (`organ`) or a title word of 4 letters or more starting the word (`structures`: "Data Struct & '
        "Algorithms\"), or part of an instructor's name. A course code (`CS 2110`, `cs2110`) also matches, and a "
        "list of codes (`CS 2100, CS 2120; APMA 3080`) matches those courses.",
        "chem",
    ),
    query(
        "instructor",
        TEXT_QUERY,
        "Part of one instructor's name, any case (`\"`, `[`, `]` and `\\` are left out; with no letter or digit "
        "left, it names no instructor).",
        "curie",
    ),
    query("subject", {**STRINGS, "items": {**STRINGS["items"], "maxLength": 20}}, "Subjects (repeatable).", ["CHEM"]),
    query(
        "component",
        {**STRINGS, "items": {**STRINGS["items"], "maxLength": 12}},
        "Courses with a component of one of these kinds: LEC, LAB, DIS, ... (repeatable).",
        ["LAB"],
    ),
    query(
        "level",
        {"type": "array", "items": {"type": "integer", "enum": list(selectors.COURSE_LEVELS)}, "maxItems": 20},
        "Courses of these levels (repeatable: `level=1000&level=2000`): the thousands of a four-digit course number, "
        "which may end in letters (`1107L`) or hold a transfer credit's X after its first digit (`2X51`); a number of "
        "other lengths (`801`, `10000`) has no level, so no level finds it.",
        [2000],
    ),
    query("credits", CREDITS, "Courses that can be taken for this many credits.", 3),
    query(
        "min_credits",
        CREDITS,
        "Courses that can be taken for at least this many credits. Above `max_credits` it is a 400 naming both.",
        1,
    ),
    query(
        "max_credits",
        CREDITS,
        "Courses that can be taken for at most this many credits. Below `min_credits` it is a 400 naming both.",
        4,
    ),
    query("open_seats", {"type": "boolean"}, "Section filter: sections with a seat left (false: no filter).", True),
    query(
        "campus",
        {**STRINGS, "items": {"type": "string", "maxLength": 100}},
        "Section filter: taught on one of these campuses, any case (repeatable), as a term's `campuses` names them; "
        "empty (`campus=`): the sections whose campus the catalog does not give.",
        ["Main"],
    ),
    query(
        "modality",
        {"type": "array", "items": {"type": "string", "enum": [m.value for m in Section.Modality]}},
        "Section filter: one of these modalities (repeatable).",
        ["in_person"],
    ),
    query(
        "days",
        WEEKDAY_LIST,
        "Section filter: weekly timed meetings only on these days (repeatable: `days=Mo&days=We`).",
        ["Mo", "We", "Fr"],
    ),
    query(
        "starts_after",
        {"type": "string", "pattern": HHMM},
        "Section filter: weekly timed meetings start at or after this time (HH:MM). Not before `ends_before`, it is "
        "a 400 naming both (no meeting fits such a window).",
        "09:00",
    ),
    query(
        "ends_before",
        {"type": "string", "pattern": HHMM},
        "Section filter: weekly timed meetings end at or before this time (HH:MM). Not after `starts_after`, it is a "
        "400 naming both (no meeting fits such a window).",
        "17:00",
    ),
    WITHDRAWN,
    query(
        "ordering",
        {"type": "string", "enum": list(selectors.COURSE_ORDERINGS)},
        "Order of results: `code` (default), `title`, `credits`; a leading `-` reverses.",
        "code",
    ),
]


class CatalogView(KnownQueryParameters, ConditionalGetMixin, generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]
    filter_backends: list = []


RECENT_TERMS: dict[tuple[str, str], tuple[float, Term]] = {}


def recent_term(institution: str, code: str) -> Term | None:
    """The term, read from the database at most once per CLASSTIME_API_TERM_SECONDS in each
    process: on the hot path (an answer from the cache, a 304) that read is most of the work,
    and an import changes a term's version rarely. So a process may answer with the previous
    version for that long after an import; 0 reads it on every request."""
    seconds = settings.CLASSTIME_API_TERM_SECONDS
    now = time.monotonic()
    known = RECENT_TERMS.get((institution, code))
    if seconds and known and known[0] > now:
        return known[1]
    term = selectors.term_get_for_api(institution=institution, code=code)
    if term is not None and seconds:
        if len(RECENT_TERMS) > 1000:
            RECENT_TERMS.clear()
        RECENT_TERMS[(institution, code)] = (now + seconds, term)
    return term


class TermScoped(CatalogView):
    """A view under /institutions/{institution}/terms/{term}/: its validator is the term's
    catalog version, bumped by every import that changes anything in it."""

    _term: Term | None = None
    last_modified = True  # the term's updated_at

    @property
    def term(self) -> Term:
        if self._term is None:
            institution, code = self.kwargs["institution"], self.kwargs["term"]
            term = recent_term(institution, code)
            if term is None or not selectors.term_visible(term, user=self.request.user):
                raise Http404(f"no term {code!r} of institution {institution!r}")
            self._term = term
        return self._term

    @property
    def cache_control(self) -> str:
        # a hidden term is staff's alone: no shared cache keeps it
        return "no-cache" if self.term.status != Term.Status.HIDDEN else "private, no-cache"

    def get_validator(self) -> tuple[str, datetime | None]:
        term = self.term
        return f"term{term.pk}.{term.catalog_version}.{term.updated_at.isoformat()}", term.updated_at

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "term": self.term}


class IndexScoped(CatalogView):
    """Institution and term lists: valid while no institution or term is added or changed."""

    def get_validator(self) -> tuple[str, datetime | None]:
        # staff also see hidden terms: their lists are other answers, kept apart
        return f"{selectors.catalog_index_version()}.{self.audience}", None

    @property
    def audience(self) -> str:
        return "staff" if selectors.is_staff(self.request.user) else "all"

    @property
    def cache_control(self) -> str:
        return "no-cache" if self.audience == "all" else "private, no-cache"


@extend_schema_view(
    get=extend_schema(
        summary="Institutions",
        description="Every institution with a catalog, with its terms.",
        responses={200: InstitutionSerializer(many=True), **VALIDATED},
        examples=[example("institutions", INSTITUTION_EXAMPLE)],
    )
)
class InstitutionList(IndexScoped, generics.ListAPIView):
    query_parameters = PAGED
    serializer_class = InstitutionSerializer

    def get_queryset(self):
        return selectors.institution_list(user=self.request.user)


@extend_schema_view(
    get=extend_schema(
        summary="An institution",
        parameters=[INSTITUTION],
        responses={200: InstitutionSerializer, **VALIDATED},
        examples=[example("demo", INSTITUTION_EXAMPLE)],
    )
)
class InstitutionDetail(IndexScoped, generics.RetrieveAPIView):
    serializer_class = InstitutionSerializer
    lookup_field = "code"
    lookup_url_kwarg = "institution"

    def get_queryset(self):
        return selectors.institution_list(user=self.request.user)


@extend_schema_view(
    get=extend_schema(
        summary="Terms",
        description="Every term with a catalog, most recent first within each institution. A hidden term (being "
        "checked before its release) is listed to staff only; an archived one is listed, readable, and takes no new "
        "schedules (`status`).",
        parameters=[
            query(
                "institution",
                {"type": "string", "minLength": 1, "maxLength": 40},
                "Only this institution's terms; a blank or unknown code is a 400.",
                "demo",
            )
        ],
        responses={200: TermSerializer(many=True), **VALIDATED},
        examples=[example("terms", TERM_EXAMPLE)],
    )
)
class TermList(IndexScoped, generics.ListAPIView):
    query_parameters = ("institution", *PAGED)
    serializer_class = TermSerializer

    def get_queryset(self):
        institution = query_institution(self.request.query_params, user=self.request.user)
        return selectors.term_list(institution=institution, user=self.request.user)


@extend_schema_view(
    get=extend_schema(
        summary="A term",
        description="The term with its campuses (`campuses`, most sections first), which a generation request's "
        "`filters.campuses` can choose from.",
        parameters=[INSTITUTION, TERM],
        responses={200: TermDetailSerializer, **VALIDATED},
        examples=[example("Fall 2026", TERM_DETAIL_EXAMPLE)],
    )
)
class TermDetail(TermScoped, generics.RetrieveAPIView):
    serializer_class = TermDetailSerializer
    queryset = Term.objects.none()

    def get_object(self) -> Term:
        return self.term

    def get_serializer_context(self) -> dict:
        return {
            **super().get_serializer_context(),
            "campuses": selectors.term_campuses(terms=[self.term])[self.term.pk],
        }


@extend_schema_view(
    get=extend_schema(
        summary="Search a term's courses",
        description="Courses of the term that match every given parameter (see docs/api.md for the exact "
        "semantics). Section filters: a course matches when each of its components has at least one schedulable "
        "section meeting all of them at once. Courses whose sections were all withdrawn are left out. A range whose "
        "bounds contradict each other (`min_credits` above `max_credits`, `starts_after` not before `ends_before`) "
        "is a 400 naming both bounds, not an answer.",
        parameters=COURSE_SEARCH_PARAMETERS,
        responses={200: CourseListSerializer(many=True), **VALIDATED},
        examples=[example("q=chem", COURSE_LIST_EXAMPLE)],
    )
)
class CourseList(TermScoped, generics.ListAPIView):
    query_parameters = PAGED
    serializer_class = CourseListSerializer
    filter_backends = [TermFilterBackend]
    filterset_class = CourseFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Course.objects.none()
        return Course.objects.filter(term=self.term)

    def paginate_queryset(self, queryset):
        # Page over the matching ids (the one query that evaluates the filters, which also gives
        # the count), then load that page's courses by id.
        ids = super().paginate_queryset(list(queryset.values_list("pk", flat=True)))
        include_withdrawn = query_flag(self.request.query_params, "include_withdrawn")
        return selectors.course_list_rows(ids=ids, include_withdrawn=include_withdrawn)


@extend_schema_view(
    get=extend_schema(
        summary="A course with its components, sections and meetings",
        description="Withdrawn sections are left out unless `include_withdrawn=true`; quarantined ones are listed "
        "with `schedulable: false` and the reason.",
        parameters=[
            INSTITUTION,
            TERM,
            path("subject", "Subject, any case.", "CHEM"),
            path("number", "Course number, any case.", "1410"),
            WITHDRAWN,
        ],
        responses={200: CourseDetailSerializer, **VALIDATED},
        examples=[example("CHEM 1410", COURSE_EXAMPLE)],
    )
)
class CourseDetail(TermScoped, generics.RetrieveAPIView):
    query_parameters = ("include_withdrawn",)
    serializer_class = CourseDetailSerializer
    queryset = Course.objects.none()

    def representation_key(self) -> str:
        # courses/cs/1110/ is courses/CS/1110/ (subject and number ignore case): one ETag
        subject, number = self.kwargs["subject"], self.kwargs["number"]
        path = self.request.path.removesuffix(f"{subject}/{number}/") + f"{subject.upper()}/{number.upper()}/"
        query = self.request.META.get("QUERY_STRING", "")
        return self.request.build_absolute_uri(path) + (f"?{query}" if query else "")

    def get_object(self) -> Course:
        include_withdrawn = query_flag(self.request.query_params, "include_withdrawn")
        course = selectors.course_get(
            term=self.term,
            subject=self.kwargs["subject"],
            number=self.kwargs["number"],
            include_withdrawn=include_withdrawn,
        )
        if course is None:
            raise Http404(f"no course {self.kwargs['subject']} {self.kwargs['number']} in this term")
        return course


@extend_schema_view(
    get=extend_schema(
        summary="A section, by its registrar id (CRN)",
        description="Also answers for a withdrawn section, with `withdrawn_at` set, so saved schedules can show it.",
        parameters=[INSTITUTION, TERM, path("registrar_id", "Registrar id (CRN) of the section.", "40010")],
        responses={200: SectionDetailSerializer, **VALIDATED},
        examples=[example("CHEM 1410 lecture 100", SECTION_EXAMPLE)],
    )
)
class SectionDetail(TermScoped, generics.RetrieveAPIView):
    serializer_class = SectionDetailSerializer
    queryset = Course.objects.none()

    def get_object(self):
        section = selectors.section_get(term=self.term, registrar_id=self.kwargs["registrar_id"])
        if section is None:
            raise Http404(f"no section {self.kwargs['registrar_id']} in this term")
        return section


MAX_IDS = 100  # registrar ids in one look-up: one page holds them all


class SectionPages(Pagination):
    page_size = MAX_IDS


@extend_schema_view(
    get=extend_schema(
        summary="Sections by registrar id (CRN), many at once",
        description="The term's sections with these registrar ids, in registrar id order, withdrawn ones too (with "
        "`withdrawn_at`), each with its course: one request for a page that shows many sections (a link naming "
        "kept and avoided sections), instead of one request each. An id with no section is simply absent. Without "
        f"`id`, every section of the term, {MAX_IDS} a page (so a misspelt `ID` or `id[]` lists the term). Ids "
        "are repeated, never comma-joined: an id holding a comma that names no section is a 400 saying so.",
        parameters=[
            INSTITUTION,
            TERM,
            query(
                "id",
                {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 40}, "maxItems": MAX_IDS},
                f"Registrar ids (repeatable, at most {MAX_IDS}); the default page size holds them all.",
                ["40010", "40012"],
            ),
        ],
        responses={200: SectionDetailSerializer(many=True), **VALIDATED},
        examples=[example("id=40010", SECTION_EXAMPLE)],
    )
)
class SectionList(TermScoped, generics.ListAPIView):
    query_parameters = ("id", *PAGED)
    repeatable_query_parameters = ("id",)
    serializer_class = SectionDetailSerializer
    pagination_class = SectionPages

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Section.objects.none()
        params = self.request.query_params
        if "id" not in params:
            return selectors.section_list(term=self.term)
        ids = registrar_ids(params)
        joined = [rid for rid in ids if "," in rid]
        if joined:  # an id with a comma that names no section is taken for ids joined by mistake
            found = {s.registrar_id for s in Section.objects.filter(term=self.term, registrar_id__in=joined)}
            for rid in joined:
                if rid not in found:
                    raise serializers.ValidationError({"id": [comma_joined(rid)]})
        return selectors.section_list(term=self.term, registrar_ids=ids)


def registrar_ids(params) -> list[str]:
    """The repeated `id` parameter: 1 to MAX_IDS ids of 1 to 40 characters; a 400 naming it."""
    ids = params.getlist("id")
    if len(ids) > MAX_IDS:
        raise serializers.ValidationError({"id": [f"At most {MAX_IDS} ids, not {len(ids)}."]})
    for rid in ids:  # refused as the planner's own check does: empty, too long, or a control character
        if len(rid) > 40 and "," in rid:  # ids joined by mistake, too many to be one id
            raise serializers.ValidationError({"id": [comma_joined(rid)]})
        if not rid or len(rid) > 40 or any(ord(c) < 32 or ord(c) == 127 for c in rid):
            raise serializers.ValidationError({"id": [f"{rid!r}: expected a registrar id of 1 to 40 characters."]})
    return ids


def comma_joined(rid: str) -> str:
    """The message for ids joined by commas: how to repeat them instead (the first three)."""
    parts = [part.strip() for part in rid.split(",") if part.strip()]
    example = "&".join(f"id={part}" for part in parts[:3]) + ("&…" if len(parts) > 3 else "")
    shown = repr(rid[:60]) + ("…" if len(rid) > 60 else "")
    return f"{shown} names no section: ids are repeated ({example}), not comma-joined."
