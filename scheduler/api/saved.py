"""Saved schedules over HTTP: the owner's CRUD, compare, share links, calendar, change alerts,
re-plan, the bin (deleted schedules, restored or purged); the public read-only view of a shared
link; friends' shared schedules.

Every owner endpoint needs sign-in (session or personal token) and answers 404 for a schedule
that is not the caller's. The owner is always the caller, never a field of the body.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from django.core.validators import RegexValidator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import reverse as url_reverse
from django.utils.http import content_disposition_header, parse_etags
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, permissions, renderers, serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from catalog.api.filters import query_institution
from catalog.models import Term
from catalog.selectors import TermNotFound, term_get
from classtime_site.api import (
    PAGED,
    REPRESENTATION_VERSION,
    SCHEDULE_READ_PRECONDITION_FAILED,
    BoundedListField,
    ConditionalGetMixin,
    Flag,
    GenerationThrottle,
    KnownQueryParameters,
    Text,
    Uuid,
    bytes_etag,
    etag_matches,
)
from classtime_site.idempotency import IDEMPOTENCY_KEY, REPLAYED, idempotent
from scheduler import saved_schedules as saved
from scheduler.api.output import (
    LOCATION,
    RETRY_AFTER,
    CreditsOut,
    GeneratedSectionOut,
    GenerationJobSerializer,
    job_headers,
)
from scheduler.api.serializers import StrictSerializer, institution_field
from scheduler.models import SavedSchedule

# Output ------------------------------------------------------------------------------------


class SectionOut(GeneratedSectionOut):
    """A saved schedule's section: a generated one's fields, and whether it was withdrawn."""

    alternatives = serializers.ListField(
        child=serializers.CharField(),
        help_text="Always empty for a saved schedule (a generation job's schedules list there the sections the "
        "engine could not tell apart from this one).",
    )
    alternative_notes = serializers.DictField(
        child=serializers.CharField(allow_blank=True), help_text="Always empty for a saved schedule."
    )
    withdrawn = serializers.BooleanField(help_text="The registrar no longer lists it.")


class ChangeOut(serializers.Serializer):
    section = serializers.CharField(help_text="The registrar id of the saved section that changed.")
    course = serializers.CharField(help_text="The course it was saved under.")
    component = serializers.CharField(help_text="The component it was saved under, as `LEC`.")
    field = serializers.ChoiceField(
        choices=[
            "course",
            "time",
            "location",
            "instructors",
            "status",
            "withdrawn",
            "schedulable",
            "campus",
            "modality",
            "code",
        ],
        help_text="What changed (see docs/schedules.md).",
    )
    before = serializers.CharField(help_text="As it was when saved or last acknowledged, for a person.")
    after = serializers.CharField(help_text="As it is now, for a person.")


class TermOut(serializers.Serializer):
    code = serializers.CharField(help_text="The term's code.")
    name = serializers.CharField(help_text="The term's name.")
    institution = serializers.CharField(help_text="The institution's code.")


class MissingOut(serializers.Serializer):
    course = serializers.CharField(help_text="The course, as `MUSI 1310`.")
    component = serializers.CharField(help_text="Its component the schedule holds no section of, as `DIS`.")
    name = serializers.CharField(help_text="The component's name, as `Discussion`.")


class LinkedSectionOut(serializers.Serializer):
    section = serializers.CharField(help_text="Its registrar id.")
    component = serializers.CharField(help_text="Its component, as `LEC`.")
    code = serializers.CharField(help_text="Its section code, as `100`.")


class UnlinkedOut(serializers.Serializer):
    section = serializers.CharField(help_text="The registrar id of the schedule's section.")
    course = serializers.CharField(help_text="Its course, as `MATH 1310`.")
    component = serializers.CharField(help_text="Its component, as `DIS`.")
    code = serializers.CharField(help_text="Its section code, as `101`.")
    taken_with = LinkedSectionOut(help_text="The section the registrar takes it with (its parent).")
    holds_instead = LinkedSectionOut(
        allow_null=True, help_text="The section of that component the schedule holds instead; null when none."
    )


class SavedScheduleOut(serializers.Serializer):
    id = serializers.IntegerField(help_text="The saved schedule's id.")
    url = serializers.CharField(help_text="Its URL in the API.")
    name = serializers.CharField(help_text="Its name.")
    notes = serializers.CharField(allow_blank=True, help_text="The owner's notes.")
    term = TermOut(help_text="Its term.")
    sections = SectionOut(many=True, help_text="Sections with set meeting times.")
    tba = SectionOut(many=True, help_text="Sections with no set time.")
    credits = CreditsOut(help_text="Its credit hours, each course once.")
    share_url = serializers.CharField(allow_null=True, help_text="The read-only page; null when not shared.")
    subscription_url = serializers.CharField(allow_null=True, help_text="Calendar subscription; null when off.")
    ics_url = serializers.CharField(help_text="Download as .ics (signed in).")
    changes = ChangeOut(many=True, help_text="What the registrar changed since saved or acknowledged.")
    has_changes = serializers.BooleanField(help_text="True when `changes` is not empty.")
    missing = MissingOut(
        many=True,
        help_text="Components of its courses it holds no section of, though the catalog has one it can take: one the "
        "registrar added since it was saved (a discussion now required), or one left out when saved. `replan/` fills "
        "them in while the term takes new schedules (not once it is archived). Empty while its term is hidden.",
    )
    unlinked = UnlinkedOut(
        many=True,
        help_text="Its sections the registrar takes only with another section (a discussion with its own lecture) "
        "that it does not hold, as a hand edit swapping the lecture leaves them: the registrar would not enroll "
        "you in both. Swap one of them.",
    )
    changes_digest = serializers.CharField(
        help_text="A fingerprint of `changes`: send it to `acknowledge/` to acknowledge only the changes you showed."
    )
    email_changes = serializers.BooleanField(
        help_text="Whether you get an email when the registrar changes one of its sections (on when saved; "
        "`PATCH` it off)."
    )
    created_at = serializers.DateTimeField(help_text="When it was saved.")
    updated_at = serializers.DateTimeField(
        help_text="When it last changed: an edit, sharing, the calendar feed turned on or off, changes acknowledged, "
        "or a restore from the bin."
    )


class BinnedScheduleOut(serializers.Serializer):
    id = serializers.IntegerField(help_text="The saved schedule's id (the same once restored).")
    url = serializers.CharField(help_text="Its URL in the bin: `DELETE` it to delete it for good now.")
    restore_url = serializers.CharField(help_text="`POST` to it to take the schedule out of the bin, as it was.")
    name = serializers.CharField(help_text="Its name.")
    term = TermOut(help_text="Its term.")
    courses = serializers.ListField(child=serializers.CharField(), help_text="The codes of its courses, as `CS 1110`.")
    sections = serializers.ListField(child=serializers.CharField(), help_text="The registrar ids of its sections.")
    shared = serializers.BooleanField(
        help_text="It had a share link when deleted: restoring it brings the same link back."
    )
    subscribed = serializers.BooleanField(
        help_text="It had a calendar subscription when deleted: restoring it brings the same feed back."
    )
    created_at = serializers.DateTimeField(help_text="When it was saved.")
    updated_at = serializers.DateTimeField(help_text="When it last changed before it was deleted.")
    deleted_at = serializers.DateTimeField(help_text="When it was moved to the bin.")
    purge_after = serializers.DateTimeField(
        help_text="When it is deleted for good (30 days after `deleted_at`) unless restored before."
    )


class SharedScheduleOut(serializers.Serializer):
    name = serializers.CharField(help_text="The schedule's name.")
    owner = serializers.CharField(help_text="The owner's username.")
    term = TermOut(help_text="Its term.")
    sections = SectionOut(many=True, help_text="Sections with set meeting times.")
    tba = SectionOut(many=True, help_text="Sections with no set time.")
    credits = CreditsOut(help_text="Its credit hours, each course once.")
    updated_at = serializers.DateTimeField(help_text="When it last changed.")


class FriendScheduleOut(SharedScheduleOut):
    id = serializers.IntegerField(help_text="Use it in a generation request's preferences.friends.schedules.")
    share_url = serializers.CharField(help_text="Its read-only page.")


class CompareOut(serializers.Serializer):
    a = SavedScheduleOut(help_text="The first schedule.")
    b = SavedScheduleOut(help_text="The second schedule.")
    common_sections = serializers.ListField(
        child=serializers.CharField(),
        help_text="Registrar ids of the sections both hold: the same section of one term (two terms share none, "
        "even where the registrar reuses an id).",
    )
    only_in_a = serializers.ListField(child=serializers.CharField(), help_text="Registrar ids only in `a`.")
    only_in_b = serializers.ListField(child=serializers.CharField(), help_text="Registrar ids only in `b`.")
    common_courses = serializers.ListField(child=serializers.CharField(), help_text="Course codes in both.")
    courses_only_in_a = serializers.ListField(child=serializers.CharField(), help_text="Course codes only in `a`.")
    courses_only_in_b = serializers.ListField(child=serializers.CharField(), help_text="Course codes only in `b`.")


class ShareOut(serializers.Serializer):
    share_url = serializers.CharField(help_text="The read-only page anyone with the link can open.")


class SubscriptionOut(serializers.Serializer):
    subscription_url = serializers.CharField(help_text="The calendar feed to subscribe to (it follows edits).")


# Input -------------------------------------------------------------------------------------


class SectionIds(BoundedListField):
    """Registrar ids of a schedule's sections, each once: a repeat is refused, naming it, as a
    repeated day of a busy time is (before 2026-12-07 it was kept once without a word)."""

    unique_items = True  # the schema says so (StrictSerializerScheme)

    def __init__(self, **kwargs):
        kwargs.setdefault("child", Text(max_length=40))
        kwargs.setdefault("min_length", 1)
        kwargs.setdefault("max_length", saved.MAX_SECTIONS)
        kwargs.setdefault("error_messages", {"min_length": "choose at least one section"})
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list[str]:
        ids = super().to_internal_value(data)
        twice = list(dict.fromkeys(i for i in ids if ids.count(i) > 1))
        if twice:
            raise serializers.ValidationError(f"{', '.join(twice)} listed more than once; list each section once")
        return ids


class Notes(Text):
    """Notes as the schedule's page keeps them: as given, spaces and blank lines at the ends too
    (DRF trims them by default), line breaks sent as CRLF stored and counted as LF, as the page
    stores and counts them (a textarea's 5,000 characters with CRLF are not too long here)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=saved.MAX_NOTES, trim_whitespace=False, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        return saved.notes_as_stored(super().to_internal_value(data))


class SavedScheduleCreateIn(StrictSerializer):
    term = Text(max_length=40, help_text="Term code, e.g. 2026-fall")
    institution = institution_field()
    name = Text(max_length=saved.MAX_NAME, help_text="Its name.")
    notes = Notes(required=False, allow_blank=True, default="", help_text="Your notes.")
    sections = SectionIds(help_text="Registrar ids (CRNs), at most one per course component, each once.")
    generation = Uuid(
        required=False,
        allow_null=True,
        default=None,
        help_text="The id of the generation job it came from, if any (its request is kept for a re-plan).",
    )


class SavedScheduleUpdateIn(StrictSerializer):
    name = Text(max_length=saved.MAX_NAME, required=False, help_text="A new name.")
    notes = Notes(required=False, allow_blank=True, help_text="New notes.")
    sections = SectionIds(
        required=False, help_text="The whole new list of registrar ids, each once (a hand edit swaps one for another)."
    )
    email_changes = Flag(
        required=False, help_text="Whether to email you when the registrar changes one of its sections."
    )


class DuplicateIn(StrictSerializer):
    name = Text(
        max_length=saved.MAX_NAME, required=False, help_text="The copy's name (default: `Copy of` and the name)."
    )


# Rendering ---------------------------------------------------------------------------------


def absolute(request: Request, path: str) -> str:
    return request.build_absolute_uri(path)


def schedule_body(request: Request, schedule: SavedSchedule) -> dict[str, Any]:
    data = saved.saved_schedule_data(schedule=schedule)
    data.update(
        changes_digest=saved.changes_digest(data["changes"]),
        url=reverse("saved-schedule-detail", args=[schedule.pk], request=request),
        ics_url=reverse("saved-schedule-calendar", args=[schedule.pk], request=request),
        share_url=share_url(request, schedule),
        subscription_url=subscription_url(request, schedule),
    )
    return SavedScheduleOut(data).data


def share_url(request: Request, schedule: SavedSchedule) -> str | None:
    if schedule.share_token is None:
        return None
    return absolute(request, url_reverse("shared-schedule-page", args=[schedule.share_token]))


def subscription_url(request: Request, schedule: SavedSchedule) -> str | None:
    if schedule.calendar_token is None:
        return None
    return absolute(request, url_reverse("calendar-subscription", args=[schedule.calendar_token]))


def binned_body(request: Request, schedule: SavedSchedule) -> dict[str, Any]:
    data = saved.binned_schedule_data(schedule=schedule)
    data.update(
        url=reverse("saved-schedule-bin-item", args=[schedule.pk], request=request),
        restore_url=reverse("saved-schedule-restore", args=[schedule.pk], request=request),
    )
    return BinnedScheduleOut(data).data


def owned(request: Request, pk: Any) -> SavedSchedule:
    """The caller's schedule; 404 for anyone else's, as if it did not exist."""
    schedule = saved.saved_schedule_get(owner=request.user, schedule_id=pk)
    if schedule is None:
        raise Http404
    return schedule


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The schedule changed since you read it (its ETag is no longer the one in If-Match: an edit, or the "
        "registrar changed one of its sections, not only its seat counts): nothing was changed. Read it again "
        "and redo your edit on what it holds now."
    )
    default_code = "precondition_failed"


URL_FIELDS = ("url", "ics_url", "share_url", "subscription_url")


SEAT_FIELDS = ("capacity", "enrolled")  # a section's live seat counts: the catalog's, not the student's


def schedule_etag(schedule: SavedSchedule, body: dict[str, Any]) -> str:
    """A strong ETag of a schedule's JSON answer (`schedule_body`), the same whatever host name
    or `?format=` the answer was read under: its fields but the absolute URLs, which derive from
    the id and the tokens (those taken instead). It moves with every edit and every catalog
    change the answer shows (times, seats, status), so If-None-Match never keeps a copy with old
    seat counts; its first part (`schedule_edit_tag`) leaves the seat counts out, for If-Match."""
    state = {key: value for key, value in body.items() if key not in URL_FIELDS}
    seats = {key: [[s[f] for f in SEAT_FIELDS] for s in state[key]] for key in ("sections", "tba")}
    for key in ("sections", "tba"):
        state[key] = [{f: v for f, v in s.items() if f not in SEAT_FIELDS} for s in state[key]]
    tokens = [schedule.share_token, schedule.calendar_token]
    edit = json.dumps([REPRESENTATION_VERSION, state, tokens], sort_keys=True, default=str)
    return f'"{bytes_etag(edit.encode())[1:-1]}.{bytes_etag(json.dumps(seats).encode())[1:17]}"'


def schedule_edit_tag(etag: str) -> str | None:
    """The part of a schedule's strong ETag an If-Match is compared on: everything the answer
    shows but its sections' seat counts, live catalog data an import changes many times a day,
    which no edit of the student's rests on. None for a weak or malformed tag."""
    if len(etag) < 2 or not etag.startswith('"') or not etag.endswith('"'):
        return None
    return etag[1:-1].split(".")[0]


def if_match_holds(request: Request, etag: str) -> bool:
    """Whether the request's If-Match (if any) names `etag` or `*`: RFC 9110's strong comparison,
    so a weak tag W/"..." never matches, made on the tags' `schedule_edit_tag`, so a read made
    before an import that changed only seat counts still holds."""
    header = request.headers.get("If-Match")
    if header is None:
        return True
    tags = parse_etags(header)
    return "*" in tags or any(schedule_edit_tag(tag) == schedule_edit_tag(etag) for tag in tags)


def as_read(request: Request) -> Callable[[SavedSchedule], bool] | None:
    """With an If-Match header, the check a write's service makes once the schedule's row is
    locked (`still_as_read`): whether the schedule, as it is now, still answers with one of the
    request's ETags, so an edit made on a stale copy (another tab, another device) cannot
    overwrite a newer one (412 otherwise, nothing written). Strong comparison (RFC 9110): a weak
    tag W/"..." never matches; `*` matches any schedule of the caller's. None without one."""
    if "If-Match" not in request.headers:
        return None
    return lambda schedule: if_match_holds(request, schedule_etag(schedule, schedule_body(request, schedule)))


def binned(request: Request, pk: Any) -> SavedSchedule:
    """The caller's schedule in their bin; 404 for anyone else's or one out of the bin."""
    schedule = saved.saved_schedule_get_binned(owner=request.user, schedule_id=pk)
    if schedule is None:
        raise Http404
    return schedule


def invalid(exc: saved.SavedScheduleError) -> ValidationError:
    return ValidationError(exc.fields)


def calendar_response(request: HttpRequest, schedule: SavedSchedule) -> HttpResponse:
    """The schedule's .ics, with an ETag of its bytes (the same schedule and catalog give the
    same bytes): a calendar app polling with If-None-Match gets a bodiless 304 until it changes."""
    body = saved.saved_schedule_calendar(schedule=schedule)
    headers = {"ETag": bytes_etag(body), "Cache-Control": "private, no-cache"}
    if etag_matches(request, headers["ETag"]):
        return HttpResponseNotModified(headers=headers)
    # each run of other characters one dash: "My <b>plan</b> & co" is My-b-plan-b-co, not My--b-plan--b----co
    # composed first: an accent typed as its own character (e + U+0301) is no letter of \w
    named = unicodedata.normalize("NFC", schedule.name)
    filename = file_stem(named, r"[^\w-]+")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8", headers=headers)
    response["Content-Disposition"] = calendar_disposition(filename, named)
    return response


def file_stem(name: str, unwanted: str) -> str:
    """`name` as a file name's stem: each run of `unwanted` characters a `-`, at most 60
    characters, no `-` or `_` at either end; `schedule` when nothing is left."""
    return re.sub(unwanted, "-", name).strip("-_")[:60].rstrip("-_") or "schedule"


def calendar_disposition(filename: str, named: str) -> str:
    """An attachment named `filename`.ics: for a name beyond ASCII, RFC 6266's `filename*=` (a bare header
    would be MIME-encoded whole) after a plain ASCII `filename="…"` of `named` with its accents dropped,
    for the clients that read no `filename*` (RFC 6266, appendix D)."""
    header = content_disposition_header(True, f"{filename}.ics")
    if "filename*=" not in header:
        return header
    plain = file_stem(unicodedata.normalize("NFKD", named).encode("ascii", "ignore").decode(), r"[^A-Za-z0-9_-]+")
    return f'attachment; filename="{plain}.ics"; {header.removeprefix("attachment; ")}'


# Examples ----------------------------------------------------------------------------------

SECTION_EXAMPLE = {
    "id": "40001",
    "course": "CS 1110",
    "title": "Introduction to Programming",
    "component": "LEC",
    "component_name": "Lecture",
    "code": "001",
    "status": "open",
    "capacity": 200,
    "enrolled": 180,
    "instructors": ["Ada Byron"],
    "campus": "Main",
    "modality": "in_person",
    "notes": "",
    "meetings": [
        {
            "days": ["Mo", "We", "Fr"],
            "start": "09:00",
            "end": "09:50",
            "first_date": "2026-08-24",
            "last_date": "2026-12-11",
            "location": "Rice Hall 130",
            "kind": "weekly",
        }
    ],
    "alternatives": [],
    "alternative_notes": {},
    "withdrawn": False,
}
BASE = "https://classtime.example.edu"
TERM_EXAMPLE = {"code": "2026-fall", "name": "Fall 2026", "institution": "demo"}
SCHEDULE_EXAMPLE = {
    "id": 12,
    "url": f"{BASE}/api/v1/schedules/12/",
    "name": "Mornings free",
    "notes": "Ask about the lab waitlist.",
    "term": TERM_EXAMPLE,
    "sections": [SECTION_EXAMPLE],
    "tba": [],
    "credits": {"min": 3.0, "max": 3.0, "unknown": []},
    "share_url": f"{BASE}/s/q3v9aBXm2Lr0Tg7nYk1pWc8eZs4dHj6F/",
    "subscription_url": None,
    "ics_url": f"{BASE}/api/v1/schedules/12/calendar.ics",
    "changes": [
        {
            "section": "40001",
            "course": "CS 1110",
            "component": "LEC",
            "field": "location",
            "before": "Rice Hall 120",
            "after": "Rice Hall 130",
        }
    ],
    "has_changes": True,
    "missing": [],
    "unlinked": [],
    "changes_digest": "5b0c3a3d0f6e4a1c9e2f7d8b6a4c1e90",
    "email_changes": True,
    "created_at": "2026-08-01T14:02:11Z",
    "updated_at": "2026-08-03T09:40:00Z",
}
BINNED_EXAMPLE = {
    "id": 12,
    "url": f"{BASE}/api/v1/schedules/bin/12/",
    "restore_url": f"{BASE}/api/v1/schedules/bin/12/restore/",
    "name": "Mornings free",
    "term": TERM_EXAMPLE,
    "courses": ["CS 1110"],
    "sections": ["40001"],
    "shared": True,
    "subscribed": False,
    "created_at": "2026-08-01T14:02:11Z",
    "updated_at": "2026-08-03T09:40:00Z",
    "deleted_at": "2026-08-05T18:12:30Z",
    "purge_after": "2026-09-04T18:12:30Z",
}
SHARED_EXAMPLE = {
    "name": "Mornings free",
    "owner": "ada",
    "term": TERM_EXAMPLE,
    "sections": [SECTION_EXAMPLE],
    "tba": [],
    "credits": {"min": 3.0, "max": 3.0, "unknown": []},
    "updated_at": "2026-08-03T09:40:00Z",
}
CREATE_EXAMPLE = {
    "term": "2026-fall",
    "name": "Mornings free",
    "notes": "Ask about the lab waitlist.",
    "sections": ["40001", "40004"],
}


def ok(name: str, value: Any, code: str = "200") -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[code])


def request_example(name: str, value: Any) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)


SCHEDULE_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="Saved schedule id.", examples=[OpenApiExample("12", value=12)]
)
TOKEN = OpenApiParameter(
    "token",
    str,
    OpenApiParameter.PATH,
    description="The share link's secret token.",
    examples=[OpenApiExample("token", value="q3v9aBXm2Lr0Tg7nYk1pWc8eZs4dHj6F")],
)
TERM_FILTER_RULE = (
    "A blank term (`term=`) or one no catalog has (`term=nope`, or a term of another institution than "
    "`institution`) is a 400 naming `term`, never an empty list."
)
TERM_QUERY = OpenApiParameter(
    "term",
    {"type": "string", "minLength": 1, "maxLength": 40},
    OpenApiParameter.QUERY,
    description=f"Term code; leave it out for every term. {TERM_FILTER_RULE}",
    examples=[OpenApiExample("2026-fall", value="2026-fall")],
)
TERM_QUERY_REQUIRED = OpenApiParameter(
    "term",
    {"type": "string", "minLength": 1, "maxLength": 40},
    OpenApiParameter.QUERY,
    required=True,
    description=f"Term code. {TERM_FILTER_RULE}",
    examples=[OpenApiExample("2026-fall", value="2026-fall")],
)
INSTITUTION_QUERY = OpenApiParameter(
    "institution",
    {"type": "string", "minLength": 1, "maxLength": 40},
    OpenApiParameter.QUERY,
    description="Institution code, when two institutions share the term code; a blank or unknown code is a 400.",
    examples=[OpenApiExample("demo", value="demo")],
)
COMPARE_PARAMS = [
    OpenApiParameter(
        name,
        int,
        OpenApiParameter.QUERY,
        required=True,
        description=f"Schedule {name}'s id.",
        examples=[OpenApiExample(v, value=int(v))],
    )
    for name, v in (("a", "12"), ("b", "13"))
]
SIGNED_IN = [permissions.IsAuthenticated]
NOT_MODIFIED = OpenApiResponse(description="Not modified: the client's copy (If-None-Match) is current.")
SCHEDULE_ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 304],
    description='A strong tag of the schedule\'s JSON answer, in two parts (`"<schedule>.<seats>"`): send it '
    "back as If-None-Match for a bodiless 304 while the answer is unchanged (seat counts included), or as "
    "If-Match with an edit so that it is refused (412) if the schedule changed meanwhile (its sections' seat "
    "counts aside).",
)
SCHEDULE_ETAG_CREATED = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[201],
    description="The new schedule's ETag, the one its read (`GET` of `Location`) answers with: send it as If-Match "
    "with an edit or a delete, or as If-None-Match with a read (a bodiless 304 while unchanged), without reading "
    "it first.",
)
SCHEDULE_ETAG_RESTORED = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200],
    description="The restored schedule's ETag, the one its read answers with: send it as If-Match with an edit, or "
    "as If-None-Match with a read, without reading it first.",
)
SCHEDULE_LOCATION = OpenApiParameter(
    "Location",
    OpenApiTypes.URI,
    OpenApiParameter.HEADER,
    response=[201],
    description="The new saved schedule's URL (its `url`).",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Optional: the schedule's ETag as you read it. The edit is made only if the schedule still "
    "answers with it, its sections' seat counts (`capacity`, `enrolled`) aside; otherwise a 412 and nothing is "
    "changed (another tab or device edited it meanwhile, or the registrar changed one of its sections). "
    "Weak tags (W/...) never match; `*` matches any schedule of yours.",
)

IF_MATCH_READ = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Optional: the schedule's ETag as you read it. The schedule is answered only if it still answers "
    "with it, its sections' seat counts (`capacity`, `enrolled`) aside; otherwise a 412. Weak tags (W/...) never "
    "match; `*` matches any schedule of yours.",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Optional: the ETag of your copy (or `*`): a bodiless 304 while the answer is unchanged (a "
    "schedule's seat counts included).",
)

CALENDAR_ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 304],
    description="A strong tag of the file's bytes: send it back as If-None-Match for a bodiless 304 while the "
    "calendar is unchanged.",
)
ATTACHMENT = OpenApiParameter(
    "Content-Disposition",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200],
    description='An attachment named after the schedule: `attachment; filename="Fall-plan.ics"`, and for a name '
    "beyond ASCII the name with accents dropped, then RFC 6266's `filename*=utf-8''…` with the name itself.",
)


class IcsRenderer(renderers.BaseRenderer):
    """Lets a client ask for `Accept: text/calendar`; the views answer the bytes themselves."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else str(data).encode()


# Views -------------------------------------------------------------------------------------


def term_query(request: Request, *, required: bool, own: bool = False) -> Term | None:
    """The term a list is filtered by (`?term=`, with `?institution=` when two institutions share
    the code); None when `term` is left out and not required. A blank or unknown term is a 400 on
    `term`, the same on every endpoint, and a blank or unknown institution one on `institution`:
    a filter that names nothing is a mistake, not an empty list.
    With `own` (the user's own schedules), also a term hidden since they saved a schedule of it,
    which their unfiltered list shows."""
    held = (
        saved.saved_schedule_institutions(owner=request.user) if own and "institution" in request.query_params else ()
    )
    institution = query_institution(request.query_params, user=request.user, known=held)
    if "term" not in request.query_params and not required:
        return None
    code = request.query_params.get("term", "").strip()
    if not code:
        raise ValidationError({"term": ["give the term code, e.g. term=2026-fall"]})
    try:
        if own:
            return saved.saved_schedule_list_term(owner=request.user, code=code, institution=institution)
        return term_get(code=code, institution=institution, for_user=request.user)
    except TermNotFound as exc:
        raise ValidationError({"term": [str(exc)]}) from None


class SavedScheduleList(KnownQueryParameters, generics.GenericAPIView):
    query_parameters = ("term", "institution", *PAGED)
    """The owner's list, rendered; `SavedScheduleListCreate` answers it through the cache."""

    term: Term | None = None  # the filter, checked by `SavedScheduleListCreate` before any cached answer

    def get(self, request: Request) -> Response:
        institution = "" if self.term else request.query_params.get("institution", "").strip()
        schedules = saved.saved_schedule_list(owner=request.user, term=self.term, institution=institution)
        page = self.paginate_queryset(schedules)
        return self.get_paginated_response([schedule_body(request, s) for s in page])


@extend_schema_view(
    get=extend_schema(
        summary="Your saved schedules",
        description="Most recently changed first; `term` (and `institution`) narrow the list to one term; "
        "a blank or unknown term is a 400. "
        "Answered with an ETag: send it back as If-None-Match for a bodiless 304 while nothing changed.",
        parameters=[TERM_QUERY, INSTITUTION_QUERY],
        responses={200: SavedScheduleOut(many=True), 304: NOT_MODIFIED},
        examples=[ok("a saved schedule", SCHEDULE_EXAMPLE)],
    )
)
class SavedScheduleListCreate(ConditionalGetMixin, SavedScheduleList):
    """The list is read far more often than written, and rendering it (sections, meetings,
    change alerts) is the dearest read of the API; it is cached under its validator, which
    changes with every write of the owner's schedules and every re-import of their terms."""

    permission_classes = SIGNED_IN
    serializer_class = SavedScheduleCreateIn
    cache_control = "private, no-cache"

    def get_validator(self) -> tuple[str, None]:
        # A bad term filter is a 400 before a 304 or a cached answer could be given for it.
        self.term = term_query(self.request, required=False, own=True)
        # No Last-Modified: deleting a schedule changes the list but not its newest change.
        # the term the filter names is in the version: the same URL can come to name another term
        filtered = f"|term:{self.term.pk}" if self.term else ""
        return saved.saved_schedule_list_version(owner=self.request.user) + filtered, None

    @extend_schema(
        summary="Save a schedule",
        description="From a generated schedule (`generation`, optional) or chosen by hand: at most one section per "
        "course component, all of the term and not withdrawn. You are the owner.",
        parameters=[SCHEDULE_LOCATION, SCHEDULE_ETAG_CREATED, IDEMPOTENCY_KEY, REPLAYED],
        request=SavedScheduleCreateIn,
        responses={201: SavedScheduleOut},
        examples=[request_example("save", CREATE_EXAMPLE), ok("saved", SCHEDULE_EXAMPLE, "201")],
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = self.validated(SavedScheduleCreateIn, request.data)
        try:
            term = term_get(code=data["term"].strip(), institution=data["institution"], for_user=request.user)
        except TermNotFound as exc:
            raise ValidationError({"term": [str(exc)]}) from None
        try:
            schedule = saved.saved_schedule_create(
                owner=request.user,
                term=term,
                name=data["name"],
                notes=data["notes"],
                section_ids=data["sections"],
                generation_id=data["generation"],
            )
        except saved.SavedScheduleError as exc:
            raise invalid(exc) from None
        return schedule_answer(request, owned(request, schedule.pk), created=True)

    @staticmethod
    def validated(serializer_class, data) -> dict:
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def schedule_answer(request: Request, schedule: SavedSchedule, *, created: bool = False) -> Response:
    """A schedule's answer to a write (a save or a duplicate, `created`: a 201 with its
    `Location`; an edit; a restore), with the ETag its read gives (none on the browsable API's
    page, as the read), so a client can edit it with If-Match, or poll it with If-None-Match,
    without reading it first."""
    body = schedule_body(request, schedule)
    headers = {"Location": body["url"]} if created else {}
    if request.accepted_renderer.format == "json":
        headers["ETag"] = schedule_etag(schedule, body)
    return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK, headers=headers)


class OwnedScheduleView(KnownQueryParameters, generics.GenericAPIView):
    """An owner endpoint: a schedule deleted by another request between its read and a write
    (two tabs) is a 404, as it would be a moment later, not a server error."""

    def handle_exception(self, exc):
        if isinstance(exc, SavedSchedule.DoesNotExist):
            exc = Http404()
        elif isinstance(exc, saved.SavedScheduleChanged):
            exc = PreconditionFailed()
        return super().handle_exception(exc)


class SavedScheduleDetail(OwnedScheduleView):
    permission_classes = SIGNED_IN
    serializer_class = SavedScheduleUpdateIn

    @extend_schema(
        summary="A saved schedule",
        description="Answered with an ETag: send it back as If-None-Match for a bodiless 304 while nothing changed, "
        "or as If-Match with an edit or a delete, which is then refused (412) if the schedule changed meanwhile. "
        "A read with an If-Match that no longer holds is a 412 too.",
        parameters=[SCHEDULE_ID, IF_MATCH_READ, IF_NONE_MATCH, SCHEDULE_ETAG],
        responses={200: SavedScheduleOut, 304: NOT_MODIFIED},
        examples=[ok("a saved schedule", SCHEDULE_EXAMPLE)],
        extensions={"x-precondition-failed": "read"},  # its 412 asks to read again, not to redo an edit
    )
    def get(self, request: Request, pk: int) -> Response:
        schedule = owned(request, pk)
        body = schedule_body(request, schedule)
        etag = schedule_etag(schedule, body)
        if not if_match_holds(request, etag):
            raise PreconditionFailed(SCHEDULE_READ_PRECONDITION_FAILED)
        # the tag is the JSON answer's: the browsable API's HTML page has none
        if request.accepted_renderer.format != "json":
            return Response(body, headers={"Cache-Control": "private, no-cache"})
        headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
        if etag_matches(request, etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
        return Response(body, headers=headers)

    @extend_schema(
        summary="Rename, re-note or hand-edit a saved schedule",
        description="`sections` replaces the whole list (swap a section for an alternative of the same component); "
        "fields left out stay as they are. Nothing is changed when any field is invalid. With If-Match (the ETag "
        "of your last read), nothing is changed either if the schedule changed since (412): a whole list of "
        "sections read before another edit would otherwise undo it. Fields given as they already are are not "
        "written: a PATCH that changes nothing (sent again, or `{}`) leaves `updated_at` and the ETag as they were.",
        parameters=[SCHEDULE_ID, IF_MATCH, SCHEDULE_ETAG],
        request=SavedScheduleUpdateIn,
        responses=SavedScheduleOut,
        examples=[
            request_example("swap the lecture", {"sections": ["40003", "40004"]}),
            ok("edited", SCHEDULE_EXAMPLE),
        ],
    )
    def patch(self, request: Request, pk: int) -> Response:
        data = SavedScheduleListCreate.validated(SavedScheduleUpdateIn, request.data)
        try:
            saved.saved_schedule_update(
                schedule=owned(request, pk),
                name=data.get("name"),
                notes=data.get("notes"),
                section_ids=data.get("sections"),
                email_changes=data.get("email_changes"),
                still_as_read=as_read(request),
            )
        except saved.SavedScheduleError as exc:
            raise invalid(exc) from None
        return schedule_answer(request, owned(request, pk))

    @extend_schema(
        summary="Delete a saved schedule (to the bin)",
        description="Moves it to your bin (`GET /api/v1/schedules/bin/`): from then on it answers 404 here and is "
        "left out of your list, comparisons, your friends' lists, generation, its share link and its calendar feed, "
        "until you restore it (`POST /api/v1/schedules/bin/{id}/restore/`). After 30 days in the bin it is deleted "
        "for good. With If-Match, only if the schedule is still as you read it (412 otherwise).",
        parameters=[SCHEDULE_ID, IF_MATCH],
        responses={204: None},
    )
    def delete(self, request: Request, pk: int) -> Response:
        saved.saved_schedule_delete(schedule=owned(request, pk), still_as_read=as_read(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SavedScheduleBin(KnownQueryParameters, generics.GenericAPIView):
    query_parameters = PAGED
    permission_classes = SIGNED_IN
    serializer_class = BinnedScheduleOut

    @extend_schema(
        summary="Your bin: deleted schedules",
        description="Your deleted schedules, the latest deleted first, each until its `purge_after` (30 days after "
        "it was deleted), when it is deleted for good.",
        responses=BinnedScheduleOut(many=True),
        examples=[ok("a deleted schedule", BINNED_EXAMPLE)],
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(saved.saved_schedule_bin(owner=request.user))
        return self.get_paginated_response([binned_body(request, s) for s in page])

    @extend_schema(
        summary="Empty your bin",
        operation_id="schedules_bin_empty",
        description="Deletes every schedule in your bin for good, now, including any deleted since you last listed "
        "the bin (in another tab or by another client). This cannot be undone. To delete only those you listed, "
        "delete each (`DELETE /api/v1/schedules/bin/{id}/`).",
        request=None,
        responses={204: None},
    )
    def delete(self, request: Request) -> Response:
        saved.saved_schedule_bin_empty(owner=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SavedScheduleBinItem(OwnedScheduleView):
    permission_classes = SIGNED_IN
    serializer_class = BinnedScheduleOut

    @extend_schema(
        summary="A schedule in your bin",
        operation_id="schedules_bin_read",
        description="As the bin lists it (its `url`), until its `purge_after`. 404 for a schedule that is not in your "
        "bin.",
        parameters=[SCHEDULE_ID],
        responses=BinnedScheduleOut,
        examples=[ok("a deleted schedule", BINNED_EXAMPLE)],
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(binned_body(request, binned(request, pk)))

    @extend_schema(
        summary="Delete a schedule in your bin for good",
        operation_id="schedules_bin_purge",
        description="Now, instead of 30 days after it was deleted. This cannot be undone. 404 for a schedule that "
        "is not in your bin.",
        parameters=[SCHEDULE_ID],
        request=None,
        responses={204: None},
    )
    def delete(self, request: Request, pk: int) -> Response:
        saved.saved_schedule_purge(schedule=binned(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SavedScheduleRestore(OwnedScheduleView):
    permission_classes = SIGNED_IN
    bodiless = ("post",)
    serializer_class = SavedScheduleOut

    @extend_schema(
        summary="Restore a schedule from your bin",
        description="Takes it out of the bin as it was: same id, name, notes and sections, and the same share link "
        "and calendar subscription if it had them (revoked ones stay revoked). It counts as a change, so it comes "
        "first in your list. 404 for a schedule that is not in your bin.",
        parameters=[SCHEDULE_ID, SCHEDULE_ETAG_RESTORED],
        request=None,
        responses=SavedScheduleOut,
        examples=[ok("restored", SCHEDULE_EXAMPLE)],
    )
    def post(self, request: Request, pk: int) -> Response:
        saved.saved_schedule_restore(schedule=binned(request, pk))
        return schedule_answer(request, owned(request, pk))


class SavedScheduleDuplicate(KnownQueryParameters, generics.GenericAPIView):
    permission_classes = SIGNED_IN
    serializer_class = DuplicateIn

    @extend_schema(
        summary="Duplicate a saved schedule",
        description="A copy with the same sections and notes, named `name` or 'Copy of …'; not shared.",
        parameters=[SCHEDULE_ID, SCHEDULE_LOCATION, SCHEDULE_ETAG_CREATED, IDEMPOTENCY_KEY, REPLAYED],
        request=DuplicateIn,
        responses={201: SavedScheduleOut},
        examples=[request_example("copy", {"name": "Plan B"}), ok("the copy", SCHEDULE_EXAMPLE, "201")],
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        schedule = owned(request, pk)
        data = SavedScheduleListCreate.validated(DuplicateIn, request.data)
        try:
            copy = saved.saved_schedule_duplicate(schedule=schedule, name=data.get("name"))
        except saved.SavedScheduleError as exc:
            raise invalid(exc) from None
        return schedule_answer(request, owned(request, copy.pk), created=True)


class SavedScheduleCompare(KnownQueryParameters, generics.GenericAPIView):
    query_parameters = ("a", "b")
    permission_classes = SIGNED_IN
    serializer_class = CompareOut

    @extend_schema(
        summary="Compare two of your saved schedules",
        parameters=COMPARE_PARAMS,
        extensions={"x-names-resources": True},  # a or b not yours: 404
        responses=CompareOut,
        examples=[
            ok(
                "two plans",
                {
                    "a": SCHEDULE_EXAMPLE,
                    "b": {**SCHEDULE_EXAMPLE, "id": 13, "url": f"{BASE}/api/v1/schedules/13/"},
                    "common_sections": ["40001"],
                    "only_in_a": ["40004"],
                    "only_in_b": ["40005"],
                    "common_courses": ["CS 1110"],
                    "courses_only_in_a": [],
                    "courses_only_in_b": [],
                },
            )
        ],
    )
    def get(self, request: Request) -> Response:
        ids, errors = {}, {}
        for name in ("a", "b"):
            raw = request.query_params.get(name)
            if raw is None:
                errors[name] = ["required: the id of one of your saved schedules"]
            elif not saved.is_schedule_id(raw.strip()):
                errors[name] = [f"{raw!r} is not a saved schedule id"]
            else:
                ids[name] = int(raw)
        if errors:
            raise ValidationError(errors)
        a, b = owned(request, ids["a"]), owned(request, ids["b"])
        body = {
            "a": schedule_body(request, a),
            "b": schedule_body(request, b),
            **saved.saved_schedule_compare(a=a, b=b),
        }
        return Response(CompareOut(body).data)


class SavedScheduleShare(OwnedScheduleView):
    permission_classes = SIGNED_IN
    bodiless = ("post",)
    serializer_class = ShareOut

    @extend_schema(
        summary="Share a saved schedule",
        description="Creates the read-only link if there is none (the same link otherwise). A shared schedule is "
        "also listed to your friends.",
        parameters=[SCHEDULE_ID],
        request=None,
        responses=ShareOut,
        examples=[ok("link", {"share_url": SCHEDULE_EXAMPLE["share_url"]})],
    )
    def post(self, request: Request, pk: int) -> Response:
        schedule = saved.saved_schedule_share(schedule=owned(request, pk))
        return Response({"share_url": share_url(request, schedule)})

    @extend_schema(summary="Revoke the share link", parameters=[SCHEDULE_ID], responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        saved.saved_schedule_unshare(schedule=owned(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SavedScheduleSubscription(OwnedScheduleView):
    permission_classes = SIGNED_IN
    bodiless = ("post",)
    serializer_class = SubscriptionOut

    @extend_schema(
        summary="Turn on the calendar subscription",
        description="A secret URL a calendar app subscribes to (no sign-in); the same URL if already on.",
        parameters=[SCHEDULE_ID],
        request=None,
        responses=SubscriptionOut,
        examples=[ok("url", {"subscription_url": f"{BASE}/calendar/Zs4dHj6Fq3v9aBXm2Lr0Tg7nYk1pWc8e.ics"})],
    )
    def post(self, request: Request, pk: int) -> Response:
        schedule = saved.saved_schedule_subscribe(schedule=owned(request, pk))
        return Response({"subscription_url": subscription_url(request, schedule)})

    @extend_schema(summary="Revoke the calendar subscription", parameters=[SCHEDULE_ID], responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        saved.saved_schedule_unsubscribe(schedule=owned(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SavedScheduleCalendar(KnownQueryParameters, generics.GenericAPIView):
    permission_classes = SIGNED_IN
    renderer_classes = [renderers.JSONRenderer, IcsRenderer]

    @extend_schema(
        summary="Download a saved schedule as .ics",
        # DRF's `?format=` would be listed as ics or json: the answer is the .ics either way
        parameters=[SCHEDULE_ID, OpenApiParameter("format", exclude=True), IF_NONE_MATCH, CALENDAR_ETAG, ATTACHMENT],
        description="With an ETag: send it back as If-None-Match for a bodiless 304 while the calendar is unchanged.",
        responses={
            (200, "text/calendar"): OpenApiResponse(OpenApiTypes.BINARY, description="An iCalendar file."),
            304: NOT_MODIFIED,
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        return calendar_response(request, owned(request, pk))

    def handle_exception(self, exc):
        """Errors answer in the API's JSON shape even when the client asked for text/calendar."""
        response = super().handle_exception(exc)
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = self.request.accepted_renderer.media_type
        return response


class AcknowledgeIn(StrictSerializer):
    changes_digest = Text(
        required=False,
        max_length=64,
        # a value no schedule gives is the client's mistake, said as one, not a change made since
        validators=[
            RegexValidator(r"\A[0-9a-f]{32}\Z", "not a changes_digest a schedule gives: 32 hexadecimal digits, as read")
        ],
        help_text="The `changes_digest` of the schedule as you showed it: when the registrar changed it again "
        "since, nothing is acknowledged (a 400 on `changes`). Without it, whatever `changes` lists now is "
        "acknowledged.",
    )


class SavedScheduleAcknowledge(OwnedScheduleView):
    permission_classes = SIGNED_IN
    serializer_class = SavedScheduleOut

    @extend_schema(
        summary="Acknowledge the registrar's changes",
        description="The schedule remembers its sections as they are now; `changes` becomes empty. Send the "
        "`changes_digest` you read so that a change made since is never cleared unseen.",
        parameters=[SCHEDULE_ID],
        request=AcknowledgeIn,
        responses=SavedScheduleOut,
        examples=[ok("acknowledged", {**SCHEDULE_EXAMPLE, "changes": [], "has_changes": False})],
    )
    def post(self, request: Request, pk: int) -> Response:
        body = AcknowledgeIn(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            saved.saved_schedule_acknowledge(
                schedule=owned(request, pk), seen=body.validated_data.get("changes_digest")
            )
        except saved.SavedScheduleError as exc:
            raise invalid(exc) from None
        return Response(schedule_body(request, owned(request, pk)))


class SavedScheduleReplan(KnownQueryParameters, generics.GenericAPIView):
    permission_classes = SIGNED_IN
    bodiless = ("post",)
    serializer_class = GenerationJobSerializer
    throttle_scope = "generation"  # it submits a generation job: the same tighter rate

    def get_throttles(self):
        return [*super().get_throttles(), GenerationThrottle()]

    @extend_schema(
        summary="Re-plan with the least change",
        description="Submits a generation job for the schedule's courses with every unchanged, still available "
        "section pinned; answers 202 with the job, as POST /api/v1/generations/ does: its url in `Location`, "
        "and `Retry-After` while it is not finished. A schedule saved from a generation job is re-planned with "
        "the rest of that job's request (busy times, filters, preferences, exclusions, `k`, `strategy`), less "
        "exclusions of sections it now holds or the term no longer lists and friends' schedules no longer shared "
        "with you; the job's `request` shows what it ran.",
        parameters=[SCHEDULE_ID, LOCATION, RETRY_AFTER, IDEMPOTENCY_KEY, REPLAYED],
        request=None,
        responses={202: GenerationJobSerializer},
        examples=[
            ok(
                "queued",
                {
                    "id": "3f0c2a9e-8d1b-4c55-9a51-2b7d0f6e4c11",
                    "url": f"{BASE}/api/v1/generations/3f0c2a9e-8d1b-4c55-9a51-2b7d0f6e4c11/",
                    "status": "queued",
                    "institution": "demo",
                    "term": "2026-fall",
                    "catalog_version": 2,
                    "request": {
                        "courses": ["CHEM 1410", "CS 1110"],
                        "electives": [],
                        "busy": [],
                        "pinned": ["40005", "40010"],
                        "excluded": [],
                        "preferences": {},
                        "k": 10,
                        "strategy": "exact",
                        "filters": {
                            "open_seats_only": False,
                            "campuses": [],
                            "modalities": [],
                            "excluded_instructors": [],
                        },
                    },
                    "attempts": 0,
                    "created_at": "2026-08-03T09:41:00Z",
                    "started_at": None,
                    "finished_at": None,
                    "engine_ms": None,
                    "nodes": None,
                    "proven_optimal": None,
                    "strategy": None,
                    "reused": False,
                    "error": "",
                    "results": None,
                    "explanation": None,
                    "viability": None,
                },
                "202",
            )
        ],
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        try:
            job = saved.saved_schedule_replan(schedule=owned(request, pk), owner=request.user).job
        except saved.SavedScheduleError as exc:
            raise invalid(exc) from None
        body = GenerationJobSerializer(job, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers=job_headers(job, Location=body["url"]))


class SharedSchedule(KnownQueryParameters, generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = SharedScheduleOut

    @extend_schema(
        summary="A shared schedule (public, read-only)",
        description="Anyone with the link; 404 once the owner revokes it, and while the owner's account "
        "is deactivated (the same 404 as an unknown link). No notes.",
        parameters=[TOKEN],
        responses=SharedScheduleOut,
        examples=[ok("shared", SHARED_EXAMPLE)],
        auth=[],
    )
    def get(self, request: Request, token: str) -> Response:
        schedule = saved.saved_schedule_get_shared(token=token, viewer=request.user)
        if schedule is None:
            raise Http404
        data = SharedScheduleOut(saved.saved_schedule_data(schedule=schedule, private=False)).data
        headers = {"X-Robots-Tag": "noindex, nofollow", "Cache-Control": saved.SHARED_CACHE_CONTROL}
        return Response(data, headers=headers)


class FriendSchedules(KnownQueryParameters, generics.GenericAPIView):
    query_parameters = ("term", "institution", *PAGED)
    permission_classes = SIGNED_IN
    serializer_class = FriendScheduleOut

    @extend_schema(
        summary="Your friends' shared schedules for a term",
        description="Only schedules your friends chose to share (an active share link; none of a deactivated account).",
        parameters=[TERM_QUERY_REQUIRED, INSTITUTION_QUERY],
        responses=FriendScheduleOut(many=True),
        examples=[ok("a friend's", {**SHARED_EXAMPLE, "id": 12, "share_url": SCHEDULE_EXAMPLE["share_url"]})],
    )
    def get(self, request: Request) -> Response:
        term = term_query(request, required=True)
        page = self.paginate_queryset(saved.friends_shared_schedules(user=request.user, term=term))
        rows = [
            {**saved.saved_schedule_data(schedule=s, private=False), "share_url": share_url(request, s)} for s in page
        ]
        return self.get_paginated_response(FriendScheduleOut(rows, many=True).data)
