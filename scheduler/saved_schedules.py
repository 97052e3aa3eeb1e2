"""Saved schedules: what a student keeps, shares, subscribes to and re-plans.

Services (writes, each in one transaction, validating first so nothing is half-saved) and
selectors (reads with a fixed number of queries whatever the number of schedules). A saved
section keeps a snapshot of what it looked like when saved or last acknowledged; comparing it
with the catalog's current row tells the student what a re-import changed.

"Shared" means the schedule has an active share link: whoever holds the link can read it, and
the owner's friends see it in their list of friends' schedules for the term.

Deleting a schedule moves it to the owner's bin: every read here goes through
`SavedSchedule.objects`, which leaves the bin out, so a binned schedule answers nowhere (lists,
links, feeds, friends, generation) until it is restored; after BIN_DAYS it is purged for good.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from accounts.selectors import user_friend_ids
from catalog.meetings import meeting_changes, meeting_key
from catalog.models import PARENT_CHAIN, Component, Course, Meeting, Section, Term, days_to_mask, mask_to_days
from catalog.selectors import (
    TermAmbiguous,
    TermNotFound,
    schedulable_q,
    section_record,
    section_refusal_of,
    taken_with_left_out,
    term_closed_problem,
    term_get,
    term_visible,
    terms_visible,
)
from catalog.sources.records import WEEKDAYS, CourseRecord, SectionStatus
from classtime_site.batches import rows_delete_in_batches
from scheduler import engine
from scheduler.calendar import calendar_stamped, schedule_calendar
from scheduler.engine_input import engine_meetings
from scheduler.meeting_dates import held_on, meeting_overlaps, meetings_clash, overlaps_words, section_takes_place
from scheduler.models import GenerationJob, SavedSchedule, SavedScheduleSection
from scheduler.requests import DEFAULT_BACK_TO_BACK, credits_total, section_dict

MAX_NAME = 120
MAX_NOTES = 5000
MAX_SECTIONS = 60
MAX_FRIEND_SCHEDULES = 10
BIN_DAYS = 30  # a deleted schedule can be restored this long, then it is purged for good
# a shared schedule (its page and its JSON), signed in or not: no shared cache keeps it and a browser
# asks again each time, so a link revoked (often because it leaked) stops working at once in every
# cache on the way (an answer saying nothing of caching may be kept by a proxy, RFC 9111 4.2.2)
SHARED_CACHE_CONTROL = "private, no-cache"
PURGE_BATCH = 500


class SavedScheduleChanged(Exception):
    """The schedule is no longer as the caller read it (its `still_as_read` check failed once its
    row was locked): nothing was written."""


class SavedScheduleError(Exception):
    """A request about a saved schedule that cannot be honoured; `fields` names each bad field
    with messages a person can act on (the API answers them as a 400)."""

    def __init__(self, fields: dict[str, list[str]]):
        self.fields = fields
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items()))


# Snapshots and changes -------------------------------------------------------------------


def meeting_text(m: Meeting | dict, *, old_times: bool = False) -> str:
    """'MoWeFr 09:00-09:50 (2026-08-24 to 2026-12-11)', 'TBA', 'exam We 19:00-21:00 (2025-09-24)'.
    An exam or one-off meeting is said on the weekday of the dates it is held on (`held_on`: one
    date, or only a first or only a last, whatever day it is listed on; docs/engine.md). A class
    ending at midnight (stored as 23:59) ends at 24:00. With `old_times`, as releases before
    2026-12-10 said them: one date as "(d to d)", and midnight as 23:59."""
    if isinstance(m, Meeting):
        m = meeting_snapshot(m)
    days, _ = held_on(m)
    if not m["start"]:
        when = "TBA"
    else:
        end = "24:00" if m["end"] == "23:59" and not old_times else m["end"]
        when = f"{''.join(days)} {m['start']}-{end}"
    if m["first_date"] and m["first_date"] == m["last_date"] and not old_times:
        when += f" ({m['first_date']})"
    elif m["first_date"] or m["last_date"]:
        when += f" ({m['first_date'] or '…'} to {m['last_date'] or '…'})"
    return when if m["kind"] == "weekly" else f"{m['kind'].replace('_', '-')} {when}"


def meeting_snapshot(m: Meeting) -> dict[str, Any]:
    return {
        "days": [WEEKDAYS[d] for d in mask_to_days(m.days)],
        "start": m.start_time.strftime("%H:%M") if m.start_time else None,
        "end": m.end_time.strftime("%H:%M") if m.end_time else None,
        "first_date": m.first_date.isoformat() if m.first_date else None,
        "last_date": m.last_date.isoformat() if m.last_date else None,
        "location": m.location,
        "kind": m.kind,
    }


def section_snapshot(section: Section) -> dict[str, Any]:
    """What a saved schedule remembers of a section (its component's course and meetings
    loaded with it)."""
    return {
        "course": section.component.course.code,
        "component": section.component.kind,
        "code": section.code,
        "status": section.status,
        "instructors": list(section.instructors),
        "withdrawn": section.withdrawn_at is not None,
        "quarantine": section.quarantine_reason,
        "campus": section.campus,
        "modality": section.modality,
        "meetings": [meeting_snapshot(m) for m in section.meetings.all()],
    }


def snapshot_differences(
    before: dict[str, Any], after: dict[str, Any], *, file_places: bool = False, old_times: bool = False
) -> list[tuple[str, str, str]]:
    """(field, before, after) for each way a section changed: course (a re-import moved it to
    another course or component; snapshots taken before this was remembered have no course and
    are not compared on it), time (days, times, dates, kind), location (meetings compared as
    multisets: the same meetings in another order are no change), instructors, status,
    withdrawn, schedulable (an import quarantined it, or released it; likewise only compared
    when the snapshot remembers it), campus and modality (moved to another campus, or online;
    likewise), code (the registrar renumbered it, `001` to `099`, keeping its id; likewise); as
    text a person reads."""

    def times(snap):
        return [meeting_text({**m, "location": ""}, old_times=old_times) for m in snap["meetings"]]

    def rooms(snap):
        return [m["location"] or "no room" for m in snap["meetings"]]

    found = []
    if "course" in before and (before["course"], before["component"]) != (after["course"], after["component"]):
        found.append(("course", f"{before['course']} {before['component']}", f"{after['course']} {after['component']}"))
    changed = meeting_changes(
        list(zip(times(before), rooms(before), strict=True)), list(zip(times(after), rooms(after), strict=True))
    )
    if "time" in changed:
        found.append(("time", "; ".join(times(before)) or "no meetings", "; ".join(times(after)) or "no meetings"))
    if "location" in changed:
        found.append(("location", "; ".join(rooms(before)), "; ".join(rooms(after))))
    if before["instructors"] != after["instructors"]:
        found.append(
            ("instructors", ", ".join(before["instructors"]) or "none", ", ".join(after["instructors"]) or "none")
        )
    if before["status"] != after["status"]:
        found.append(("status", before["status"], after["status"]))
    if before["withdrawn"] != after["withdrawn"]:
        listing = {False: "listed", True: "withdrawn"}
        found.append(("withdrawn", listing[before["withdrawn"]], listing[after["withdrawn"]]))
    # a reason worded anew (an importer's message improved) is no change to the student: only
    # whether the section can be taken counts
    if "quarantine" in before and bool(before["quarantine"]) != bool(after["quarantine"]):

        def schedulable(reason: str) -> str:
            return f"not schedulable: {reason if file_places else reason_words(reason)}" if reason else "schedulable"

        found.append(("schedulable", schedulable(before["quarantine"]), schedulable(after["quarantine"])))
    if "campus" in before and before["campus"] != after["campus"]:
        found.append(("campus", before["campus"] or "no campus", after["campus"] or "no campus"))
    if "modality" in before and before["modality"] != after["modality"]:
        found.append(("modality", modality_text(before["modality"]), modality_text(after["modality"])))
    if "code" in before and before["code"] != after["code"]:
        found.append(("code", before["code"], after["code"]))
    return found


# where in the registrar's file a reason was found, as the importers begin a reason with it
# (`line 2747 Days1 ...`, `$.courses[0].components[1].sections[2]: ...`) or put it in brackets
# (`period '9:30 pm - 8:00 pm' ($.caches.periods[3]): ...`)
JSON_PATH = r"\$(?:\.\w+|\[[^\]]*\])+"
FILE_PLACE_FIRST = re.compile(rf"^(?:line \d+[,:]? ?|{JSON_PATH}:? ?)")
FILE_PLACE_BRACKETED = re.compile(rf" ?\({JSON_PATH}\)")


def reason_words(reason: str) -> str:
    """A quarantine reason as a student is told it: without the file's line numbers and JSON
    paths, which move whenever a row above is added or removed, and which would make one
    unchanged reason a new change (told again, emailed again, its acknowledgement refused).
    Each of a reason's parts ("; ") loses the place it begins with and any place in brackets;
    the rest of its words stay as they are."""
    return "; ".join(FILE_PLACE_FIRST.sub("", FILE_PLACE_BRACKETED.sub("", part)) for part in reason.split("; "))


def modality_text(value: str) -> str:
    """`online`, `in person`, `hybrid`: a modality as a person reads it."""
    return Section.Modality(value).label.lower() if value in Section.Modality.values else value


def saved_schedule_changes(
    *, schedule: SavedSchedule, file_places: bool = False, old_times: bool = False
) -> list[dict[str, str]]:
    """What the catalog changed in the schedule's sections since saved or acknowledged
    (entries, sections and meetings prefetched: no query). With `file_places`, a quarantine
    reason is in the words releases before 2026-12-07 gave it, with the file's line or JSON path,
    and with `old_times` a meeting's times in those of releases before 2026-12-10 ("(d to d)" for
    one date, 23:59 for midnight); their change emails' fingerprints, `notified_digest`, were made
    of those words."""
    changes = []
    for entry in schedule.entries.all():
        s = entry.section
        differences = snapshot_differences(
            entry.snapshot, section_snapshot(s), file_places=file_places, old_times=old_times
        )
        for field, before, after in differences:
            changes.append(
                {
                    "section": s.registrar_id,
                    "course": s.component.course.code,
                    "component": s.component.kind,
                    "field": field,
                    "before": before,
                    "after": after,
                }
            )
    return changes


def saved_schedule_clashes_made(*, schedule: SavedSchedule) -> list[dict[str, Any]]:
    """The clashes the catalog's changes made among the schedule's sections since saved or
    acknowledged (entries, sections and meetings prefetched: no query): two sections that can be
    taken (`section_takes_place`) meeting at the same time on a date both are held on (the rule
    of the page's swap hints, `meeting_overlaps`), which their snapshots did not. Each says the
    two by registrar id (`clash`), names one whose meetings or listing changed (`moved`, as the
    grid names a section), then the other (`other`), and when they meet at once (`when`: the
    days and times, and the dates where they are not the whole term's)."""

    def times(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
        return [{**m, "location": ""} for m in snapshot["meetings"]]  # a room change moves no class

    held = [(e.section, e.snapshot, section_snapshot(e.section)) for e in schedule.entries.all()]
    term = schedule.term
    made = []
    for i, (a, a_before, a_now) in enumerate(held):
        for b, b_before, b_now in held[i + 1 :]:
            if not (section_takes_place(a_now) and section_takes_place(b_now)):
                continue
            overlaps = meeting_overlaps(a_now["meetings"], b_now["meetings"])
            if not overlaps:
                continue
            before = [section_takes_place(a_before), section_takes_place(b_before)]
            if all(before) and meetings_clash(a_before["meetings"], b_before["meetings"]):
                continue  # they clashed as the student last saw them: nothing new
            if (times(a_before), before[0]) == (times(a_now), True):
                a, b = b, a  # `a` meets as saved: `b` is the one that changed
            made.append(
                {
                    "clash": sorted([a.registrar_id, b.registrar_id]),
                    "moved": section_short_name(a),
                    "other": section_short_name(b),
                    "when": overlaps_words(overlaps, term_first=term.first_day, term_last=term.last_day),
                }
            )
    return made


def allowed_overlaps_said(*, schedule: SavedSchedule, sections: list[dict[str, Any]]) -> list[str]:
    """The allowed overlaps (`allowed_overlaps` of the request of the generation job the schedule
    came from) its sections use, in the saved page's words for times (the card's are the engine's):
    "CS 1110 LEC 001 and MATH 1310 LEC 002 overlap TuTh 09:30–09:45 (allowed)"; [] without such a
    job or pair. The job's `overlap_minutes` is not read: an overlap grown past it since (a swap, a
    registrar's change) is still said allowed.
    `sections`: the schedule's, as `saved_schedule_data` gives them. One query when it came from
    a job."""
    if schedule.generation_id is None:
        return []
    request = GenerationJob.objects.filter(pk=schedule.generation_id).values_list("request", flat=True).first()
    pairs = request.get("allowed_overlaps") if isinstance(request, dict) else None
    if not isinstance(pairs, list) or not pairs:
        return []
    allowed = {frozenset(pair) for pair in pairs if isinstance(pair, list) and len(pair) == 2}
    taking = sorted((s for s in sections if section_takes_place(s)), key=lambda s: (s["course"], s["id"]))
    term = schedule.term
    said = []
    for index, a in enumerate(taking):
        for b in taking[index + 1 :]:
            if a["course"] == b["course"] or frozenset((a["course"], b["course"])) not in allowed:
                continue
            if overlaps := meeting_overlaps(a["meetings"], b["meetings"]):
                when = overlaps_words(overlaps, term_first=term.first_day, term_last=term.last_day)
                said.append(
                    f"{a['course']} {a['component']} {a['code']} and {b['course']} {b['component']} {b['code']} "
                    f"overlap {when} (allowed)"
                )
    return said


def clash_told(clash: dict[str, Any]) -> dict[str, list[str]]:
    """A clash of `saved_schedule_clashes_made` as `notified_changes` remembers it told:
    {"clash": ["40010", "40024"]} (an entry without a "section", which only the change emails
    read)."""
    return {"clash": list(clash["clash"])}


def saved_schedule_ids_with_changes(rows: QuerySet[SavedSchedule]) -> set[int]:
    """The ids of the schedules among `rows` (binned ones too, if `rows` holds them) whose
    sections the catalog changed since saved or acknowledged: the schedules for which
    `saved_schedule_changes` is not empty. Read without building the schedules (two queries and
    the meetings' prefetch, each held section read and snapshotted once), so the admin's filter
    stays quick over tens of thousands of schedules."""
    held = SavedScheduleSection.objects.filter(schedule__in=rows.values("pk"))
    entries = list(held.values_list("schedule_id", "section_id", "snapshot"))
    sections = (
        Section.objects.filter(pk__in=held.values("section"))
        .select_related("component__course")
        .prefetch_related(Prefetch("meetings", queryset=Meeting.objects.order_by("position")))
    )
    current = {s.pk: section_snapshot(s) for s in sections}
    # a snapshot equal to the section now is no change (the common case, compared in C)
    return {
        schedule
        for schedule, section, snapshot in entries
        if snapshot != current[section] and snapshot_differences(snapshot, current[section])
    }


# Reads ---------------------------------------------------------------------------------------


def saved_schedules(rows: QuerySet[SavedSchedule] | None = None, *, missing: bool = False) -> QuerySet[SavedSchedule]:
    """Saved schedules (`rows`, by default every one out of the bin) with everything rendering
    needs: three queries for any number of them; with `missing`, one more for the components of
    their courses (`missing_components`, which the owner's reads show)."""
    entries = SavedScheduleSection.objects.select_related(
        "section__component__course", f"section__{PARENT_CHAIN}", "section__parent__component"
    ).prefetch_related(Prefetch("section__meetings", queryset=Meeting.objects.order_by("position")))
    rows = SavedSchedule.objects.all() if rows is None else rows
    rows = rows.select_related("term__institution", "owner").prefetch_related(
        Prefetch(
            "entries",
            queryset=entries.order_by(
                "section__component__course__subject", "section__component__course__number", "section__registrar_id"
            ),
        )
    )
    if missing:
        components = Prefetch(
            "entries__section__component__course__components", queryset=components_now(), to_attr="now"
        )
        rows = rows.prefetch_related(components)
    return rows


def components_now() -> QuerySet[Component]:
    """Components with whether a schedule can take one of their sections now (`takeable`)."""
    takeable = Section.objects.filter(schedulable_q(), component=OuterRef("pk"))
    return Component.objects.annotate(takeable=Exists(takeable)).order_by("kind")


def missing_components(schedule: SavedSchedule) -> list[dict[str, str]]:
    """The components of the schedule's courses it holds no section of, though the catalog has a
    section of theirs it can take: one the registrar added to a course since the schedule was
    saved (a discussion now required), or one left out when it was saved through the API.
    Nothing while the term is hidden from the owner (its catalog is unknown to students).
    Read from the prefetch of `saved_schedules(missing=True)` (no query), else one query."""
    return [missing_said(course, c) for course, c in missing_component_rows(schedule)]


def unlinked_sections(schedule: SavedSchedule) -> list[dict[str, Any]]:
    """The schedule's sections the registrar takes only with another section (their parent: a
    discussion with its own lecture) that the schedule does not hold: a hand edit swapped the
    lecture for another, or the registrar linked them since. The registrar would not enroll the
    student in both as they are. Each with the section it is taken with and the one of that
    component the schedule holds instead (None when none). A withdrawn section is left out (it is
    among the changes). Read from the prefetch of `saved_schedules` (no query)."""
    sections = schedule_sections(schedule)
    held = {s.pk for s in sections}
    by_component = {s.component_id: s for s in sections}
    found = []
    for s in sections:
        if s.parent_id is None or s.parent_id in held or s.withdrawn_at is not None:
            continue
        parent = s.parent
        instead = by_component.get(parent.component_id)
        found.append(
            {
                "section": s.registrar_id,
                "course": s.component.course.code,
                "component": s.component.kind,
                "code": s.code,
                "taken_with": {"section": parent.registrar_id, "component": parent.component.kind, "code": parent.code},
                "holds_instead": None
                if instead is None
                else {"section": instead.registrar_id, "component": instead.component.kind, "code": instead.code},
            }
        )
    return found


def missing_said(course: Course, component: Component) -> dict[str, str]:
    """A missing component as the API, the page and the change emails say it."""
    return {"course": course.code, "component": component.kind, "name": component.name}


def missing_component_rows(schedule: SavedSchedule) -> list[tuple[Course, Component]]:
    """`missing_components` as (course, component) rows."""
    entries = list(schedule.entries.all())
    if not entries or not term_visible(schedule.term, user=schedule.owner):
        return []
    held = {e.section.component_id for e in entries}
    courses = {e.section.component.course_id: e.section.component.course for e in entries}
    if any(not hasattr(course, "now") for course in courses.values()):
        read: dict[int, list[Component]] = {course_id: [] for course_id in courses}
        for component in components_now().filter(course_id__in=courses):
            read[component.course_id].append(component)
        for course_id, course in courses.items():
            course.now = read[course_id]
    return [
        (course, c)
        for course in sorted(courses.values(), key=lambda c: (c.subject, c.number))
        for c in course.now
        if c.takeable and c.pk not in held
    ]


def saved_schedule_list(
    *, owner: Any, term: Term | None = None, term_code: str = "", institution: str = ""
) -> QuerySet[SavedSchedule]:
    """The owner's schedules, newest change first: all, of `term`, or matching the codes given."""
    schedules = saved_schedules(missing=True).filter(owner=owner)
    if term is not None:
        schedules = schedules.filter(term=term)
    if term_code:
        schedules = schedules.filter(term__code=term_code)
    if institution:
        schedules = schedules.filter(term__institution__code=institution)
    return schedules.order_by("-updated_at", "-id")


def saved_schedule_term(*, owner: Any, code: str, institution: str = "") -> Term | None:
    """The term of this code (and institution) that one of the owner's schedules (out of the
    bin) is of, or None (none, or several institutions'): their own list shows a schedule of a
    term hidden after they saved it, so the list's filter must take its code too."""
    terms = Term.objects.select_related("institution").filter(
        code=code, pk__in=SavedSchedule.objects.filter(owner=owner).values("term_id")
    )
    if institution:
        terms = terms.filter(institution__code=institution)
    found = list(terms[:2])
    return found[0] if len(found) == 1 else None


def saved_schedule_list_term(*, owner: Any, code: str, institution: str = "") -> Term:
    """The term the owner's list is filtered by: one they may see, or one they hold a schedule of
    (hidden since they saved it, which their unfiltered list shows). TermNotFound as `term_get`
    says; TermAmbiguous also when the term they see and the one they hold share the code (both
    are theirs to name, so naming both reveals nothing)."""
    held = saved_schedule_term(owner=owner, code=code, institution=institution)
    try:
        term = term_get(code=code, institution=institution, for_user=owner)
    except TermAmbiguous:
        raise
    except TermNotFound:
        if held is None:
            raise
        return held
    if held is not None and held != term:
        raise TermAmbiguous.naming(code, sorted([held.institution.code, term.institution.code]))
    return term


def saved_schedule_terms(*, owner: Any) -> QuerySet[Term]:
    """The terms the owner has schedules of (out of the bin), the latest first: what the list
    page filters by, named as the list names them; one query."""
    held = SavedSchedule.objects.filter(owner=owner).values("term")
    return (
        Term.objects.filter(pk__in=held)
        .only("pk", "code", "name", "first_day")
        .order_by(F("first_day").desc(nulls_last=True), "code")
    )


def saved_schedule_institutions(*, owner: Any) -> set[str]:
    """The codes of the institutions the owner has schedules of (out of the bin); one query."""
    held = SavedSchedule.objects.filter(owner=owner)
    return set(held.values_list("term__institution__code", flat=True).distinct())


def saved_schedule_names(*, owner: Any) -> QuerySet[SavedSchedule]:
    """The owner's schedules with their names and terms only (a list to pick from), newest
    change first: one query, nothing of their sections."""
    return (
        SavedSchedule.objects.filter(owner=owner)
        .select_related("term")
        .only("pk", "name", "updated_at", "term__code")
        .order_by("-updated_at", "-id")
    )


def saved_schedule_list_version(*, owner: Any) -> str:
    """A string that changes whenever the owner's list of saved schedules could read differently
    (one query): a schedule saved, edited, shared, acknowledged, deleted or restored, a section of
    theirs edited in the admin, or a re-import of one of their terms. The list's validator, so a
    cached answer is keyed on it and never outlives what it shows.

    Every write of a schedule (or of its sections) sets its `updated_at`, so the newest one and
    the count change with it (a delete changes the count; a restore sets `updated_at`, so
    deleting one and restoring another never gives back an older list's version); a term's
    `catalog_version` only grows, so the sum over the rows changes with any import of one of the
    owner's terms."""
    found = SavedSchedule.objects.filter(owner=owner).aggregate(
        count=Count("id", distinct=True),
        last_id=Max("id"),
        changed=Max("updated_at"),
        catalog=Sum("term__catalog_version"),
        term_changed=Max("term__updated_at"),
        section_changed=Max("entries__section__updated_at"),
    )
    stamps = [str(found[k]) for k in ("count", "last_id", "changed", "catalog", "term_changed", "section_changed")]
    return f"owner{owner.pk}." + ".".join(stamps)


def bin_cutoff(now: datetime | None = None) -> datetime:
    """A schedule binned before this moment is gone for its owner (BIN_DAYS ago)."""
    return (now or timezone.now()) - timedelta(days=BIN_DAYS)


def saved_schedule_bin(*, owner: Any) -> QuerySet[SavedSchedule]:
    """The owner's bin: their deleted schedules not yet purged, the latest deleted first. One
    binned over BIN_DAYS ago is gone for the owner even before the purge deletes its rows (the
    embedded default runs no beat: `manage.py purge_bin` there)."""
    rows = SavedSchedule.all_objects.binned().filter(owner=owner, deleted_at__gte=bin_cutoff())
    return saved_schedules(rows).order_by("-deleted_at", "-id")


def saved_schedule_get_binned(*, owner: Any, schedule_id: Any) -> SavedSchedule | None:
    """The owner's schedule with this id if it is in their bin; None otherwise (another's, or
    one out of the bin: as if it did not exist)."""
    try:
        schedule_id = int(schedule_id)
    except (TypeError, ValueError):
        return None
    if not owner.is_authenticated:
        return None
    return saved_schedule_bin(owner=owner).filter(pk=schedule_id).first()


def purge_after(schedule: SavedSchedule) -> datetime:
    """When a binned schedule is purged for good (by `saved_schedules_purge`, within the hour)."""
    return schedule.deleted_at + timedelta(days=BIN_DAYS)


def term_data(term: Term) -> dict[str, str]:
    """A schedule's term as plain data."""
    return {"code": term.code, "name": term.name, "institution": term.institution.code}


def binned_schedule_data(*, schedule: SavedSchedule) -> dict[str, Any]:
    """A schedule in the bin as plain data: what it holds and when it goes for good (sections
    prefetched by `saved_schedule_bin`: no query). URLs are the interface's to add."""
    sections = schedule_sections(schedule)
    return {
        "id": schedule.pk,
        "name": schedule.name,
        "term": term_data(schedule.term),
        "courses": sorted({s.component.course.code for s in sections}),
        "sections": [s.registrar_id for s in sections],
        "shared": schedule.share_token is not None,
        "subscribed": schedule.calendar_token is not None,
        "created_at": schedule.created_at,
        "updated_at": schedule.updated_at,
        "deleted_at": schedule.deleted_at,
        "purge_after": purge_after(schedule),
    }


def is_schedule_id(text: str) -> bool:
    """Whether `text` is written as a schedule id: ASCII digits only (`str.isdigit` also
    accepts '²' and other digits `int` cannot read)."""
    return text.isascii() and text.isdigit()


def saved_schedule_get(*, owner: Any, schedule_id: Any) -> SavedSchedule | None:
    """The owner's schedule with this id; None for anyone else's (as if it did not exist)."""
    try:
        schedule_id = int(schedule_id)
    except (TypeError, ValueError):
        return None
    return saved_schedules(missing=True).filter(owner=owner, pk=schedule_id).first() if owner.is_authenticated else None


def saved_schedule_owner_id(*, schedule_id: Any) -> int | None:
    """The id of the owner of the schedule with this id, out of the bin or in it (not yet purged
    for its owner, as `saved_schedule_bin` counts), or None."""
    try:
        schedule_id = int(schedule_id)
    except (TypeError, ValueError):
        return None
    rows = SavedSchedule.all_objects.filter(
        Q(deleted_at__isnull=True) | Q(deleted_at__gte=bin_cutoff()), pk=schedule_id
    )
    return rows.values_list("owner_id", flat=True).first()


def published_schedules() -> QuerySet[SavedSchedule]:
    """Saved schedules whose links may answer: their owner's account is active.

    A deactivated account's share links, calendar feeds and shared schedules answer as if
    they did not exist, and answer again once it is reactivated (nothing is deleted)."""
    return saved_schedules().filter(owner__is_active=True)


def saved_schedule_get_shared(*, token: str, viewer: Any = None) -> SavedSchedule | None:
    """The schedule this share link opens for `viewer`; None when revoked, unknown, its owner is
    deactivated, or its term is hidden and the viewer is not staff."""
    if not token:
        return None
    schedule = published_schedules().filter(share_token=token).first()
    if schedule is None or not term_visible(schedule.term, user=viewer):
        return None
    return schedule


def saved_schedule_share_hidden(*, schedule: SavedSchedule) -> bool:
    """Whether the schedule's share link shows nothing to others now: its term is hidden (staff
    took it off the planner), so the link answers 404 to everyone but staff and friends do not
    see it, until the registrar publishes the term again. What its owner's pages must say."""
    return schedule.term.status == Term.Status.HIDDEN


def saved_schedule_term_closed(*, schedule: SavedSchedule, user: Any) -> str:
    """Why `user`, the schedule's owner, cannot make a new schedule of its term (a copy, a
    re-plan); "" when they can. A term hidden since they saved it is named, as their schedule
    names it, not answered as an unknown term (`term_closed_problem`'s word for others)."""
    term = schedule.term
    if not term_visible(term, user=user):
        return (
            f"{term.name} ({term.code}) is not open to new schedules right now: the registrar has hidden it "
            "until it is published again (this schedule stays yours as it is)"
        )
    if term.status == Term.Status.ARCHIVED:
        return (
            f"{term.name} ({term.code}) is archived: it takes no new schedules, so this one cannot be re-planned or "
            "duplicated (it stays yours as it is)"
        )
    return term_closed_problem(term=term, user=user)


def saved_schedule_get_by_calendar_token(*, token: str) -> SavedSchedule | None:
    """The schedule this calendar feed serves; None when revoked, unknown or its owner is deactivated."""
    if not token:
        return None
    return published_schedules().filter(calendar_token=token).first()


def friends_shared_schedules(*, user: Any, term: Term) -> QuerySet[SavedSchedule]:
    """The term's schedules the user's active friends chose to share (an active share link);
    `user_friend_ids` and `published_schedules` both leave a deactivated account out."""
    return (
        published_schedules()
        .filter(owner_id__in=user_friend_ids(user=user), term=term, share_token__isnull=False)
        .order_by("owner__username", "-updated_at", "-id")
    )


def friends_shared_schedule_links(*, user: Any) -> dict[int, list[SavedSchedule]]:
    """Every schedule the user's active friends share, any term, by friend id: names, terms and
    tokens only (for links to their pages), newest term first; two queries."""
    rows = (
        SavedSchedule.objects.filter(
            owner_id__in=user_friend_ids(user=user), owner__is_active=True, share_token__isnull=False
        )
        .filter(term__in=terms_visible(Term.objects.all(), user=user))
        .select_related("term")
        .only("pk", "owner_id", "name", "share_token", "updated_at", "term__code", "term__name", "term__first_day")
        .order_by(F("term__first_day").desc(nulls_last=True), "term__code", "-updated_at", "-id")
    )
    found: dict[int, list[SavedSchedule]] = {}
    for schedule in rows:
        found.setdefault(schedule.owner_id, []).append(schedule)
    return found


def friends_schedules_readable(*, user: Any, ids: list[int]) -> dict[int, SavedSchedule]:
    """Those of these schedules `user` may read as friends' schedules, by id: their own, or one a
    friend shares (an active link, an active account, out of the bin, of a term the user sees)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    friends = user_friend_ids(user=user)
    readable = {}
    for s in published_schedules().filter(pk__in=ids):
        shared = s.share_token is not None
        # a friend's schedule of a term hidden to this user is as unknown as any other
        if s.owner_id == user.pk or (s.owner_id in friends and shared and term_visible(s.term, user=user)):
            readable[s.pk] = s
    return readable


def friends_schedules_visible(*, user: Any, term: Term, ids: list[int]) -> list[int]:
    """Those of these ids `schedules_visible_for_friends_preference` takes: the user's own
    schedules, or friends' shared ones, of `term`."""
    readable = friends_schedules_readable(user=user, ids=ids)
    return [i for i in ids if i in readable and readable[i].term_id == term.pk]


def schedules_visible_for_friends_preference(*, user: Any, term: Term, ids: list[int]) -> list[SavedSchedule]:
    """The schedules a generation request may read as friends' schedules: the user's own, or
    a friend's shared one, all of `term`. Raises SavedScheduleError naming the ids that are not
    (a deactivated friend's as any other: as if it did not exist)."""
    if not getattr(user, "is_authenticated", False):
        raise SavedScheduleError({"schedules": ["sign in to use saved schedules as friends' schedules"]})
    if len(ids) > MAX_FRIEND_SCHEDULES:
        raise SavedScheduleError({"schedules": [f"at most {MAX_FRIEND_SCHEDULES} schedules"]})
    found = friends_schedules_readable(user=user, ids=ids)
    bad = []
    for i in ids:
        s = found.get(i)
        if s is None:
            bad.append(str(i))
        elif s.term_id != term.pk:
            raise SavedScheduleError({"schedules": [f"schedule {i} is of term {s.term.code}, not {term.code}"]})
    if bad:
        raise SavedScheduleError(
            {"schedules": [f"no schedule {', '.join(bad)} of yours or shared by a friend of yours"]}
        )
    return [found[i] for i in dict.fromkeys(ids)]


def schedule_sections(schedule: SavedSchedule) -> list[Section]:
    return [e.section for e in schedule.entries.all()]


def snapshot_meetings(snapshot: dict[str, Any]) -> list[Meeting]:
    """A snapshot's meetings as (unsaved) meeting rows, in the order it keeps them."""
    return [
        Meeting(
            position=position,
            days=days_to_mask([WEEKDAYS.index(day) for day in m["days"]]),
            start_time=time.fromisoformat(m["start"]) if m["start"] else None,
            end_time=time.fromisoformat(m["end"]) if m["end"] else None,
            first_date=date.fromisoformat(m["first_date"]) if m["first_date"] else None,
            last_date=date.fromisoformat(m["last_date"]) if m["last_date"] else None,
            location=m["location"],
            kind=m["kind"],
        )
        for position, m in enumerate(snapshot["meetings"])
    ]


def meetings_dropped(snapshot: dict[str, Any], section: Section) -> list[Meeting]:
    """The snapshot's meetings the section no longer has (a multiset difference on what an import
    compares, `meeting_key`, the room aside: a class moved to another room is no drop), when they
    are exactly the meetings it lost: what a quarantining import dropped. A quarantine that
    dropped none (a parent link refused, the file's own flag) gives none, and so does one that
    also moved a meeting (which of the missing ones was dropped is unknown): the section's
    current meetings are then all that is shown, and the description names it quarantined."""

    def when(meeting: Meeting) -> tuple:
        key = meeting_key(meeting)
        return key[:5] + key[6:]

    current = list(section.meetings.all())
    before = snapshot_meetings(snapshot)
    now = Counter(when(m) for m in current)
    dropped = []
    for meeting in before:
        if now[when(meeting)] > 0:
            now[when(meeting)] -= 1
        else:
            dropped.append(meeting)
    return dropped if len(dropped) == len(before) - len(current) else []


def saved_schedule_calendar(*, schedule: SavedSchedule) -> bytes:
    """The schedule's .ics (`scheduler.calendar`), for its download and its feed. A held section
    an import quarantined since it was saved or acknowledged, dropping a meeting it could not read
    (say a weekly class ending before it starts), keeps that meeting at its last known time, the
    snapshot's, beside the ones the catalog still lists, rather than losing the class from the
    student's calendar without a word; once the student keeps the change, it is shown as the
    catalog lists it now. The description names both.

    Every event's DTSTAMP is when the calendar, as made now, first differed from the one served
    before (`calendar_stamp`, found by a digest of its bytes): so an import or an edit that changes
    nothing it shows (seat counts, another section, the notes) changes no byte, and a polling
    calendar app keeps getting 304s to its ETag."""
    last_known = {
        e.section_id: meetings
        for e in schedule.entries.all()
        if e.section.quarantine_reason
        and not e.snapshot.get("quarantine")
        and (meetings := meetings_dropped(e.snapshot, e.section))
    }
    body = schedule_calendar(
        term=schedule.term,
        sections=schedule_sections(schedule),
        name=schedule.name,
        schedule_uid=str(schedule.uid),
        last_known=last_known,
    )
    return calendar_stamped(body, calendar_revised(schedule=schedule, digest=hashlib.sha256(body).hexdigest()))


def calendar_revised(*, schedule: SavedSchedule, digest: str) -> datetime:
    """When the schedule's calendar, whose digest is now `digest`, was last revised: the time
    kept with that digest, or now, kept with it, when the calendar changed since it was last made
    (or never was). Not an edit: `updated_at` stays. Two requests finding one change at once
    keep the time the first wrote."""
    if schedule.calendar_digest == digest and schedule.calendar_stamp is not None:
        return schedule.calendar_stamp
    now = timezone.now().replace(microsecond=0)
    rows = SavedSchedule.all_objects.filter(pk=schedule.pk)
    rows.exclude(calendar_digest=digest).update(calendar_digest=digest, calendar_stamp=now)
    kept = rows.filter(calendar_digest=digest).values_list("calendar_stamp", flat=True).first()
    schedule.calendar_digest, schedule.calendar_stamp = digest, kept or now
    return schedule.calendar_stamp


def section_name(section: Section) -> str:
    """A section as a student names it, course, component and section: 'CS 1110 Lecture 001'
    (its component and course loaded with it)."""
    return f"{section.component.course.code} {section.component.name} {section.code}"


def section_short_name(section: Section) -> str:
    """A section as the page's grid names it, course, component kind and section: 'CS 1110 LEC
    001' (its component and course loaded with it)."""
    return f"{section.component.course.code} {section.component.kind} {section.code}"


def section_render_saved(section: Section) -> dict[str, Any]:
    """A catalog section in the generation results' shape, plus whether it was withdrawn."""
    return {
        **section_dict(course_record(section), section_record(section)),
        "withdrawn": section.withdrawn_at is not None,
    }


def course_record(section: Section) -> CourseRecord:
    """The section's course as the engine's records name it (no sections)."""
    course = section.component.course
    return CourseRecord(
        subject=course.subject,
        number=course.number,
        title=course.title,
        credits_min=course.credits_min,
        credits_max=course.credits_max,
    )


def saved_schedule_data(*, schedule: SavedSchedule, private: bool = True) -> dict[str, Any]:
    """The schedule as plain data: sections with set times, TBA ones, and (for its owner) notes and
    the catalog's changes. URLs are the interface's to add."""
    rendered = [(s, section_render_saved(s)) for s in schedule_sections(schedule)]
    data = {
        "id": schedule.pk,
        "name": schedule.name,
        "term": term_data(schedule.term),
        "owner": schedule.owner.get_username(),
        "sections": [r for s, r in rendered if any(m.is_timed for m in s.meetings.all())],
        "tba": [r for s, r in rendered if not any(m.is_timed for m in s.meetings.all())],
        # a withdrawn section cannot be taken: its course counts only through another section
        "credits": credits_total(course_record(s) for s, r in rendered if not r["withdrawn"]),
        "created_at": schedule.created_at,
        "updated_at": schedule.updated_at,
    }
    if private:
        changes = saved_schedule_changes(schedule=schedule)
        data.update(
            notes=schedule.notes,
            changes=changes,
            has_changes=bool(changes),
            missing=missing_components(schedule),
            unlinked=unlinked_sections(schedule),
            email_changes=schedule.email_changes,
        )
    return data


def saved_schedule_back_to_back(*, schedule: SavedSchedule) -> list[str]:
    """The schedule's back-to-back classes in different buildings, in the words the planner's
    cards give them (`engine.travel_warnings`): the sections it holds now that can be taken (not
    withdrawn or cancelled), their meetings' buildings read from their rooms, the term's holidays,
    and the minutes the job it came from was asked with (the default for one saved by hand)."""
    asked = None
    if schedule.generation_id is not None:  # the one key read, not the job's results
        jobs = GenerationJob.objects.filter(pk=schedule.generation_id)
        asked = jobs.values_list("request__back_to_back_minutes", flat=True).first()
    minutes = asked if isinstance(asked, int) and 0 <= asked <= engine.travel.MAX_GAP else DEFAULT_BACK_TO_BACK
    sections = [
        (f"{s.component.course.code} {s.component.kind}", record)
        for s in schedule_sections(schedule)
        if s.withdrawn_at is None and (record := section_record(s)).status != SectionStatus.CANCELLED
    ]
    return list(
        engine.travel_warnings(
            ((label, tuple(em for m in r.meetings for em in engine_meetings(m))) for label, r in sections),
            minutes,
            schedule.term.holiday_dates,
        )
    )


def saved_schedule_compare(*, a: SavedSchedule, b: SavedSchedule) -> dict[str, Any]:
    """Two schedules side by side: which sections (by registrar id) and courses (by code) they
    share and which differ. A section is shared when both hold the same catalog section: registrar
    ids are unique only within a term, so schedules of two terms share none (40001 may be CS 1110
    in one and ART 1000 in the other), though they may share a course."""
    sections_a, sections_b = schedule_sections(a), schedule_sections(b)
    held_a, held_b = {s.pk for s in sections_a}, {s.pk for s in sections_b}
    courses_a = {s.component.course.code for s in sections_a}
    courses_b = {s.component.course.code for s in sections_b}
    return {
        "common_sections": [s.registrar_id for s in sections_a if s.pk in held_b],
        "only_in_a": [s.registrar_id for s in sections_a if s.pk not in held_b],
        "only_in_b": [s.registrar_id for s in sections_b if s.pk not in held_a],
        "common_courses": sorted(courses_a & courses_b),
        "courses_only_in_a": sorted(courses_a - courses_b),
        "courses_only_in_b": sorted(courses_b - courses_a),
    }


def section_alternatives(*, schedule: SavedSchedule) -> dict[str, list[Section]]:
    """For each saved section, the other schedulable sections of its component (a hand edit
    swaps one for another); one query. None while its term is hidden from the owner: that
    catalog is unknown to students until published again."""
    if not term_visible(schedule.term, user=schedule.owner):
        return {}
    component_ids = [e.section.component_id for e in schedule.entries.all()]  # as the catalog has it now
    chosen = {e.section_id for e in schedule.entries.all()}
    by_component: dict[int, list[Section]] = {}
    others = (
        Section.objects.filter(schedulable_q(), component_id__in=component_ids)
        .exclude(pk__in=chosen)
        .select_related("parent__component")
        .prefetch_related(Prefetch("meetings", queryset=Meeting.objects.order_by("position")))
        .order_by("code")
    )
    for s in others:
        by_component.setdefault(s.component_id, []).append(s)
    return {e.section.registrar_id: by_component.get(e.section.component_id, []) for e in schedule.entries.all()}


# Writes --------------------------------------------------------------------------------------


# the C0 and C1 control characters, DEL among them: a name is one line of text, and a calendar's
# NAME may hold none of them (RFC 5545 TEXT); and Unicode's line and paragraph separators, which
# break a line as a line feed does (in the pages' text, in JSON read by JavaScript)
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SEPARATORS = {"\u2028": "line separator", "\u2029": "paragraph separator"}


def name_clean(name: Any) -> str:
    name = name.strip() if isinstance(name, str) else ""
    # a name of invisible characters alone (a zero-width space, a word joiner: format characters,
    # which strip() leaves) shows as no name in every list
    if not name or all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in name):
        raise SavedScheduleError({"name": ["give the schedule a name"]})
    if len(name) > MAX_NAME:
        raise SavedScheduleError({"name": [f"at most {MAX_NAME} characters (this one has {len(name)})"]})
    if said := control_character_said(name):
        raise SavedScheduleError({"name": [f"a name is one line of text: {said}"]})
    return name


def control_character_said(text: str) -> str:
    """How to make `text` one line (`remove the control character U+0009 at character 5`), "" when it is."""
    if found := CONTROL.search(text):
        what = SEPARATORS.get(found[0], "control character")
        return f"remove the {what} U+{ord(found[0]):04X} at character {found.start() + 1}"
    return ""


def notes_as_stored(notes: str) -> str:
    """Notes as they are stored: a browser sends a textarea's line breaks as CRLF but counts them
    as one character against its maxlength, so they are stored as LF (notes the page let through
    are never refused as too long)."""
    return notes.replace("\r\n", "\n")


def notes_clean(notes: Any) -> str:
    notes = notes_as_stored(notes) if isinstance(notes, str) else ""
    if len(notes) > MAX_NOTES:
        raise SavedScheduleError({"notes": [f"at most {MAX_NOTES} characters (these have {len(notes)})"]})
    return notes


def sections_resolve(*, term: Term, section_ids: Iterable[Any], keep: Iterable[str] = ()) -> list[Section]:
    """The term's sections with these registrar ids, each a schedulable section, at most one per
    course component. Raises SavedScheduleError on the `sections` field saying which and why.
    `keep` are ids the schedule already holds (one withdrawn, cancelled or quarantined since may
    stay)."""
    ids = list(dict.fromkeys(str(i).strip() for i in section_ids))
    if not ids:
        raise SavedScheduleError({"sections": ["choose at least one section"]})
    if len(ids) > MAX_SECTIONS:
        raise SavedScheduleError({"sections": [f"at most {MAX_SECTIONS} sections"]})
    keep = set(keep)
    found = {
        s.registrar_id: s
        for s in Section.objects.filter(term=term, registrar_id__in=ids)
        .select_related("component__course")
        .prefetch_related(Prefetch("meetings", queryset=Meeting.objects.order_by("position")))
    }
    unknown = [i for i in ids if i not in found]
    if unknown:
        raise SavedScheduleError({"sections": [f"no section {', '.join(unknown)} in term {term.code}"]})
    # worded as a generation request's pins are (catalog.selectors.section_refusal)
    with_left_out = taken_with_left_out(term=term, registrar_ids=[i for i in ids if i not in keep])
    refused = [
        refusal[1] for i in ids if i not in keep and (refusal := section_refusal_of(found[i]) or with_left_out.get(i))
    ]
    if refused:
        raise SavedScheduleError({"sections": refused})
    by_component: dict[int, str] = {}
    for i in ids:
        s = found[i]
        if s.component_id in by_component:
            other = by_component[s.component_id]
            what = f"{s.component.course.code} {s.component.kind}"
            raise SavedScheduleError({"sections": [f"sections {other} and {i} are both {what}: choose one"]})
        by_component[s.component_id] = i
    return [found[i] for i in ids]


def new_token() -> str:
    return secrets.token_urlsafe(24)


def entries_write(*, schedule: SavedSchedule, sections: list[Section]) -> None:
    """Make the schedule hold exactly `sections`: rows of kept sections (and their snapshots)
    stay, others go, new ones get a fresh snapshot."""
    wanted = {s.pk: s for s in sections}
    leaving = schedule.entries.exclude(section_id__in=wanted)
    gone = set(leaving.values_list("section__registrar_id", flat=True))
    leaving.delete()
    held = {e.section_id: e for e in schedule.entries.only("pk", "section_id", "component_id")}
    # the changes last emailed are about the snapshots they were found in: a section that leaves
    # (or comes back with a fresh snapshot) takes its own out, so none is later told as undone
    fresh = gone | {s.registrar_id for pk, s in wanted.items() if pk not in held}
    told = SavedSchedule.objects.filter(pk=schedule.pk).values_list("notified_changes", flat=True).first() or []
    kept = [c for c in told if c.get("section") not in fresh]  # a told missing component has none
    if kept != told:
        SavedSchedule.objects.filter(pk=schedule.pk).update(notified_changes=kept)
        schedule.notified_changes = kept
    # a re-import may have moved a kept section to another component: its row follows, so the
    # one-per-component rule is checked against the catalog as it is now
    entries_follow(schedule=schedule)
    SavedScheduleSection.objects.bulk_create(
        SavedScheduleSection(schedule=schedule, section=s, component_id=s.component_id, snapshot=section_snapshot(s))
        for pk, s in wanted.items()
        if pk not in held
    )
    if held and any(pk not in held for pk in wanted):
        clashes_taken_told(schedule=schedule, taken={s.registrar_id for pk, s in wanted.items() if pk not in held})


def clashes_taken_told(*, schedule: SavedSchedule, taken: set[str]) -> None:
    """Remember as told (`notified_changes`) the clashes of sections just `taken` (a swap, an edit)
    with kept sections the catalog changed since their snapshots: the page showed the student the
    clash when they took it (the swap's message, the grid), so no change email tells it as one the
    registrar made."""
    now = saved_schedules(SavedSchedule.objects.filter(pk=schedule.pk)).first()
    told = now.notified_changes or []
    made = [clash_told(c) for c in saved_schedule_clashes_made(schedule=now) if taken.intersection(c["clash"])]
    if new := [c for c in made if c not in told]:
        SavedSchedule.objects.filter(pk=schedule.pk).update(notified_changes=[*told, *new])
        schedule.notified_changes = [*told, *new]


def entries_follow(*, schedule: SavedSchedule) -> None:
    """Move each of the schedule's rows to the component its section is in now (a re-import may
    have moved it), so the one-per-component constraint holds against the catalog as it is.

    Where two held sections are now in one component (a schedule may keep them until its next
    edit, which must choose one), the row already there keeps it and the other stays where it
    was. Moved rows are written again (same id, snapshot and creation time), not updated in
    place: two rows trading components would otherwise meet the constraint halfway through."""
    rows = SavedScheduleSection.objects.filter(schedule=schedule)
    now = {pk: (held, wanted) for pk, held, wanted in rows.values_list("pk", "component_id", "section__component_id")}
    target = {pk: wanted for pk, (_, wanted) in now.items()}
    while True:
        by_component: dict[int, list[int]] = {}
        for pk, component in target.items():
            by_component.setdefault(component, []).append(pk)
        clashes = [pks for pks in by_component.values() if len(pks) > 1]
        if not clashes:
            break
        # each pass puts back at least one row where it was, never twice (it then holds its own
        # component, which no other row held), so this ends
        for pks in clashes:
            keeper = next((pk for pk in pks if now[pk][0] == target[pk]), min(pks))
            for pk in pks:
                if pk != keeper:
                    target[pk] = now[pk][0]
    moving = list(rows.filter(pk__in=[pk for pk, (held, _) in now.items() if target[pk] != held]))
    if not moving:
        return
    created = {e.pk: e.created_at for e in moving}
    SavedScheduleSection.objects.filter(pk__in=created).delete()
    for e in moving:
        e.component_id = target[e.pk]
    SavedScheduleSection.objects.bulk_create(moving)
    for e in moving:  # bulk_create stamps them as created now
        e.created_at = created[e.pk]
    SavedScheduleSection.objects.bulk_update(moving, ["created_at"])


def saved_schedule_create(
    *,
    owner: Any,
    term: Term,
    name: str,
    notes: str = "",
    section_ids: Iterable[Any],
    generation_id: Any = None,
) -> SavedSchedule:
    """Save a schedule of `term` for `owner`, optionally naming the generation job it came from:
    the owner's, or one made signed out (the planner's flow: generate, sign in, save); every
    field checked before anything is written."""
    closed = term_closed_problem(term=term, user=owner)
    if closed:
        raise SavedScheduleError({"term": [closed]})
    name = name_clean(name)
    notes = notes_clean(notes)
    sections = sections_resolve(term=term, section_ids=section_ids)
    with transaction.atomic():
        generation = None
        if generation_id is not None:
            # an anonymous job is anyone's who holds its id, as GET generations/{id}/ already says;
            # locked, so the daily prune (`generation_jobs_prune`) either deleted it first (this
            # is a 400) or sees this schedule and keeps it
            mine = Q(owner_id=owner.pk) | Q(owner__isnull=True)
            generation = GenerationJob.objects.select_for_update().filter(mine, pk=generation_id, term=term).first()
            if generation is None:
                raise SavedScheduleError(
                    {"generation": [f"no generation job {generation_id} of yours for {term.code}"]}
                )
        schedule = SavedSchedule.objects.create(
            owner=owner,
            term=term,
            name=name,
            notes=notes,
            generation=generation,
            acknowledged_at=timezone.now(),
            notified_version=term.catalog_version,  # change emails look at later versions only
        )
        entries_write(schedule=schedule, sections=sections)
    return schedule


def schedule_lock(schedule: SavedSchedule) -> None:
    """Lock the schedule's row until the transaction ends (edits of one schedule queue). Raises
    SavedSchedule.DoesNotExist when it was deleted (or binned) since it was read."""
    if SavedSchedule.objects.select_for_update().filter(pk=schedule.pk).values_list("pk").first() is None:
        raise SavedSchedule.DoesNotExist(f"saved schedule {schedule.pk} was deleted meanwhile")


def schedule_lock_as_read(
    schedule: SavedSchedule, still_as_read: Callable[[SavedSchedule], bool] | None
) -> SavedSchedule:
    """Lock the schedule's row until the transaction ends (`schedule_lock`). With `still_as_read`,
    the schedule is read again as it is now that no other edit can run and handed to it: unless it
    says the schedule is as the caller read it (an If-Match), SavedScheduleChanged. The schedule
    to write: the one read again, or `schedule`."""
    schedule_lock(schedule)
    if still_as_read is None:
        return schedule
    now = saved_schedules(missing=True).get(pk=schedule.pk)
    if not still_as_read(now):
        raise SavedScheduleChanged(f"saved schedule {schedule.pk} changed since it was read")
    return now


def held_ids(schedule: SavedSchedule) -> list[str]:
    """The registrar ids of the sections the schedule holds now, read from the database (not the
    entries prefetched with the schedule, which another request may have changed since)."""
    rows = SavedScheduleSection.objects.filter(schedule=schedule).order_by("section__registrar_id")
    return list(rows.values_list("section__registrar_id", flat=True))


def saved_schedule_update(
    *,
    schedule: SavedSchedule,
    name: str | None = None,
    notes: str | None = None,
    section_ids: Iterable[Any] | None = None,
    email_changes: bool | None = None,
    still_as_read: Callable[[SavedSchedule], bool] | None = None,
) -> SavedSchedule:
    """Rename, re-note, hand-edit (swap sections) or turn its change emails on or off; fields
    left None stay as they are, and so do fields given as they already are: an edit that changes
    nothing writes nothing (its `updated_at`, so its ETag and place in the list, stay), so sending
    one again is harmless. Raises SavedSchedule.DoesNotExist when the schedule was deleted
    since it was read, and, given `still_as_read` (see `schedule_lock_as_read`), SavedScheduleChanged
    before any other check when it changed since."""
    with transaction.atomic():
        # one edit of a schedule at a time: its row is locked before its sections are read, so
        # two tabs saving sections at once queue, and the second builds on the first's; only the
        # fields edited are written: the whole row, as read before, would put back a share link
        # or subscription revoked meanwhile
        schedule = schedule_lock_as_read(schedule, still_as_read)
        changes: dict[str, Any] = {}
        if name is not None:
            changes["name"] = name_clean(name)
        if notes is not None:
            changes["notes"] = notes_clean(notes)
        if email_changes is not None:
            changes["email_changes"] = bool(email_changes)
        sections = None
        if section_ids is not None:
            if not term_visible(schedule.term, user=schedule.owner):
                # its catalog is unknown to students until published again: no section of it is
                # looked up (that would show a section, or tell known ids from unknown ones)
                term = schedule.term
                raise SavedScheduleError(
                    {
                        "sections": [
                            f"{term.name} ({term.code}) is hidden by the registrar until it is published again: "
                            "its sections cannot be changed meanwhile (this schedule stays yours as it is)."
                        ]
                    }
                )
            held = held_ids(schedule)
            sections = sections_resolve(term=schedule.term, section_ids=section_ids, keep=held)
            if sorted(s.registrar_id for s in sections) == held:
                # the same sections: rows and snapshots stay, no edit; a row whose section a
                # re-import moved still follows it (bookkeeping the schedule's reads do not show)
                entries_follow(schedule=schedule)
                sections = None
        # compared with the row as it is now it is locked (not as the caller read it)
        now = SavedSchedule.objects.filter(pk=schedule.pk).values(*changes).first() if changes else {}
        changes = {field: value for field, value in changes.items() if now[field] != value}
        for field, value in changes.items():
            setattr(schedule, field, value)
        if changes or sections is not None:
            schedule.save(update_fields=[*changes, "updated_at"])
        if sections is not None:
            entries_write(schedule=schedule, sections=sections)
    return schedule


def saved_schedule_duplicate(*, schedule: SavedSchedule, name: str | None = None) -> SavedSchedule:
    """A copy (sections and their snapshots, notes) under a new name; never shared. A new saved
    schedule: refused (SavedScheduleError on `term`) where its term takes none."""
    closed = saved_schedule_term_closed(schedule=schedule, user=schedule.owner)
    if closed:
        raise SavedScheduleError({"term": [closed]})
    name = name_clean(name if name is not None else f"Copy of {schedule.name}"[:MAX_NAME])
    with transaction.atomic():
        copy = SavedSchedule.objects.create(
            owner=schedule.owner,
            term=schedule.term,
            name=name,
            notes=schedule.notes,
            generation=schedule.generation,
            acknowledged_at=schedule.acknowledged_at,
            # the same snapshots: changes the original's owner was emailed about are not sent again
            email_changes=schedule.email_changes,
            notified_version=schedule.notified_version,
            notified_digest=schedule.notified_digest,
            notified_changes=schedule.notified_changes,
        )
        SavedScheduleSection.objects.bulk_create(
            SavedScheduleSection(
                schedule=copy, section_id=e.section_id, component_id=e.component_id, snapshot=e.snapshot
            )
            for e in schedule.entries.all()
        )
    return copy


def saved_schedule_delete(
    *, schedule: SavedSchedule, still_as_read: Callable[[SavedSchedule], bool] | None = None
) -> SavedSchedule:
    """Move the schedule to its owner's bin: it answers nowhere (lists, share link, calendar
    feed, friends, generation) until restored, and is purged for good after BIN_DAYS. Its rows,
    share link and subscription are kept, so a restore brings it all back. Raises
    SavedSchedule.DoesNotExist when it was deleted (or binned) since it was read, and, given
    `still_as_read` (see `schedule_lock_as_read`), SavedScheduleChanged when it changed since."""
    now = timezone.now()
    with transaction.atomic():
        if still_as_read is not None:
            schedule_lock_as_read(schedule, still_as_read)
        if not SavedSchedule.objects.filter(pk=schedule.pk).update(deleted_at=now):
            raise SavedSchedule.DoesNotExist(f"saved schedule {schedule.pk} was deleted meanwhile")
    schedule.deleted_at = now
    return schedule


def saved_schedule_restore(*, schedule: SavedSchedule) -> SavedSchedule:
    """Take a schedule out of the bin, as it was: its sections, notes, and its share link and
    calendar subscription (the same URLs, unless they were revoked before it was deleted).
    It counts as a change (`updated_at`), so it comes back at the top of the list. Names are not
    unique, so it keeps its own. Raises SavedSchedule.DoesNotExist when it left the bin since it
    was read (restored in another tab, or purged)."""
    with transaction.atomic():
        # locked, so a purge running now either deletes it first or leaves it out
        locked = SavedSchedule.all_objects.binned().select_for_update().filter(pk=schedule.pk)
        if locked.values_list("pk").first() is None:
            raise SavedSchedule.DoesNotExist(f"saved schedule {schedule.pk} is not in the bin")
        locked.update(deleted_at=None, updated_at=timezone.now())
    schedule.refresh_from_db(fields=["deleted_at", "updated_at", "share_token", "calendar_token"])
    return schedule


def saved_schedule_purge(*, schedule: SavedSchedule) -> None:
    """Delete a binned schedule for good, now ("Delete for ever"). Raises
    SavedSchedule.DoesNotExist when it left the bin since it was read (restored in another tab)."""
    with transaction.atomic():
        locked = SavedSchedule.all_objects.binned().select_for_update().filter(pk=schedule.pk)
        if locked.values_list("pk").first() is None:
            raise SavedSchedule.DoesNotExist(f"saved schedule {schedule.pk} is not in the bin")
        locked.delete()


def saved_schedule_bin_empty(*, owner: Any, ids: Iterable[int] | None = None) -> int:
    """Delete for good, now, every schedule in the owner's bin ("Empty bin"), or only those of
    `ids` still there (the ones the question showed: one binned since, in another tab, stays);
    how many went."""
    with transaction.atomic():
        binned = SavedSchedule.all_objects.binned().filter(owner=owner)
        if ids is not None:
            binned = binned.filter(pk__in=list(ids))
        ids = list(binned.select_for_update().values_list("pk", flat=True))
        binned.filter(pk__in=ids).delete()
    return len(ids)


def saved_schedules_purge(*, now: datetime | None = None) -> int:
    """Delete for good every schedule binned more than BIN_DAYS ago (the periodic task); how
    many went. Idempotent, in batches of locked rows, so a restore at the same moment either
    wins (the schedule stays) or comes after it (a 404), never half of each."""
    expired = SavedSchedule.all_objects.binned().filter(deleted_at__lt=bin_cutoff(now))
    return rows_delete_in_batches(expired, batch=PURGE_BATCH)


def token_grant(schedule: SavedSchedule, field: str) -> SavedSchedule:
    """Give the schedule a secret token in `field` (kept if it has one). This and
    `token_revoke` raise SavedSchedule.DoesNotExist when it was deleted since read."""
    if getattr(schedule, field) is None:
        SavedSchedule.objects.filter(pk=schedule.pk, **{f"{field}__isnull": True}).update(
            **{field: new_token()}, updated_at=timezone.now()
        )
    # read back out of the bin only: a schedule deleted meanwhile is not handed a link
    fresh = SavedSchedule.objects.filter(pk=schedule.pk).values(field, "updated_at").first()
    if fresh is None:
        raise SavedSchedule.DoesNotExist(f"saved schedule {schedule.pk} was deleted meanwhile")
    for name, value in fresh.items():
        setattr(schedule, name, value)
    return schedule


def token_revoke(schedule: SavedSchedule, field: str) -> SavedSchedule:
    """Clear the secret token in `field`: the link it made answers 404 from now on."""
    if not SavedSchedule.objects.filter(pk=schedule.pk).update(**{field: None}, updated_at=timezone.now()):
        raise SavedSchedule.DoesNotExist(f"saved schedule {schedule.pk} was deleted meanwhile")
    schedule.refresh_from_db(fields=[field, "updated_at"])
    return schedule


def saved_schedule_share(*, schedule: SavedSchedule) -> SavedSchedule:
    """Give the schedule a read-only link (kept if it has one)."""
    return token_grant(schedule, "share_token")


def saved_schedule_unshare(*, schedule: SavedSchedule) -> SavedSchedule:
    """Revoke the read-only link: it answers 404 from now on, and friends no longer see it."""
    return token_revoke(schedule, "share_token")


def saved_schedule_subscribe(*, schedule: SavedSchedule) -> SavedSchedule:
    """Give the schedule a calendar subscription token (kept if it has one)."""
    return token_grant(schedule, "calendar_token")


def saved_schedule_unsubscribe(*, schedule: SavedSchedule) -> SavedSchedule:
    """Revoke the calendar subscription: its URL answers 404 from now on."""
    return token_revoke(schedule, "calendar_token")


def notes_digest(notes: str) -> str:
    """A short fingerprint of a schedule's notes: what a page showed, so that saving notes over
    ones changed since (in another tab or window) is refused instead of losing them."""
    return hashlib.sha256(notes.encode()).hexdigest()[:32]


def notes_as_read(digest: str | None, notes: Any = None) -> Callable[[SavedSchedule], bool] | None:
    """A `still_as_read` check that the notes are still those of `digest`, or already the `notes`
    sent (saving them loses nothing); None: no check, a form from before the digest was sent."""
    if digest is None:
        return None
    sent = notes_as_stored(notes) if isinstance(notes, str) else None
    return lambda now: notes_digest(now.notes) == digest or now.notes == sent


def changes_digest(changes: list[dict[str, str]]) -> str:
    """A short fingerprint of a list of changes: what a page showed, to acknowledge only that."""
    text = json.dumps(changes, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def saved_schedule_acknowledge(*, schedule: SavedSchedule, seen: str | None = None) -> SavedSchedule:
    """Accept the catalog's changes: each section's snapshot becomes what it is now.

    `seen` is the `changes_digest` of the changes the student was shown: when the catalog
    changed again since, nothing is acknowledged (SavedScheduleError on `changes`), so a change
    is never cleared unseen. Raises SavedSchedule.DoesNotExist when it was deleted since read."""
    now_listed = saved_schedule_changes(schedule=schedule) if seen is not None else []
    if now_listed and seen != changes_digest(now_listed):  # none left (a second press): nothing to refuse
        raise SavedScheduleError(
            {
                "changes": [
                    "the registrar changed this schedule again since you read its changes; "
                    "look at the changes now listed, then keep the schedule as it is now again"
                ]
            }
        )
    entries = list(schedule.entries.all())
    now = timezone.now()
    for e in entries:
        e.snapshot = section_snapshot(e.section)
        e.updated_at = now
    with transaction.atomic():
        schedule_lock(schedule)
        SavedScheduleSection.objects.bulk_update(entries, ["snapshot", "updated_at"])
        # a section moved to another component is kept there: its row follows, as on an edit
        entries_follow(schedule=schedule)
        schedule.acknowledged_at = now
        # accepted: a later return to the old state is a change of its own; a missing component
        # told stays told (keeping the changes holds no section of it: only a re-plan adds one),
        # and so does a clash told (the snapshots now hold it: it is no longer one made since)
        schedule.notified_changes = [c for c in schedule.notified_changes or [] if "section" not in c]
        schedule.save(update_fields=["acknowledged_at", "notified_changes", "updated_at"])
    return saved_schedules(missing=True).get(pk=schedule.pk)


def replan_pins(*, schedule: SavedSchedule) -> list[str]:
    """The sections a re-plan keeps: unchanged since saved or acknowledged, still schedulable
    and not cancelled, and alone in their component (two held sections the registrar put in one
    component are left for the re-plan to choose between: pinning both fits nothing)."""
    # a section only renumbered (`code`) meets as it did: still kept
    changed = {c["section"] for c in saved_schedule_changes(schedule=schedule) if c["field"] != "code"}
    sections = schedule_sections(schedule)
    held_per_component = Counter(s.component_id for s in sections)
    return sorted(
        s.registrar_id
        for s in sections
        if s.registrar_id not in changed and s.is_schedulable and held_per_component[s.component_id] == 1
    )


# what a re-plan takes from the request of the job a schedule came from: the rest it sets itself
# (term, courses, pins), and elective groups are answered by the schedule's courses, picks included
REPLAN_CARRIED = (
    "busy",
    "excluded",
    "filters",
    "preferences",
    "k",
    "strategy",
    "allowed_overlaps",
    "overlap_minutes",
    "back_to_back_minutes",
)


class Replan(NamedTuple):
    """A re-plan's job, and what of its schedule's original request it left out, in words."""

    job: GenerationJob
    left_out: list[str]


def replan_carried(*, schedule: SavedSchedule, owner: Any) -> tuple[dict[str, Any], list[str]]:
    """What a re-plan keeps of the request of the job the schedule came from (busy times,
    filters, preferences, exclusions, k, strategy), as a request body, and what it left out, in
    words; ({}, []) when the schedule has no such job (saved by hand through the API) or its
    request cannot be read. Left out: the exclusion of a section the schedule holds now or the term
    no longer has, and a friend's schedule no longer shared with the owner (or in the bin, or of
    an unfriended student), so a friend unsharing never refuses the whole re-plan."""
    job = schedule.generation
    request = job.request if job is not None else None
    if not isinstance(request, dict):
        return {}, []
    body = {key: request[key] for key in REPLAN_CARRIED if key in request}
    left_out = []
    excluded = body.get("excluded")
    if isinstance(excluded, list):
        held = {s.registrar_id for s in schedule_sections(schedule)}
        listed = set(
            Section.objects.filter(term=schedule.term, registrar_id__in=[str(i) for i in excluded]).values_list(
                "registrar_id", flat=True
            )
        )
        body["excluded"] = [i for i in excluded if i in listed and i not in held]
    preferences = body.get("preferences")
    if isinstance(preferences, dict) and isinstance(preferences.get("friends"), dict):
        friends = preferences["friends"]
        ids = friends.get("schedules") or []
        visible = set(friends_schedules_visible(user=owner, term=schedule.term, ids=ids))
        gone = [i for i in ids if i not in visible]
        if gone:
            noun = "schedule" if len(gone) == 1 else "schedules"
            left_out.append(
                f"friends' {noun} {', '.join(map(str, gone))} (no longer shared with you), left out of the "
                "friends preference"
            )
        kept = {k: v for k, v in friends.items() if k in ("shared_weight", "free_weight")}
        rest = {k: v for k, v in preferences.items() if k != "friends"}
        body["preferences"] = {**rest, "friends": {**kept, "schedules": [i for i in ids if i in visible]}}
        if not body["preferences"]["friends"]["schedules"]:
            body["preferences"] = rest
    return body, left_out


def saved_schedule_replan(*, schedule: SavedSchedule, owner: Any) -> Replan:
    """A generation job for the schedule's courses (as saved or acknowledged) with every
    unchanged, available section pinned: the least-change repair of a schedule the registrar
    changed. The rest of the request of the job the schedule came from (busy times, filters,
    preferences, exclusions, k, and the allowed overlaps of two of its courses) is kept (`replan_carried`)."""
    # The request goes through the API's own validation and normalisation, so a re-plan is
    # exactly the job a client could have submitted.
    from classtime_site.api import flatten
    from scheduler.api.serializers import GenerationRequestSerializer
    from scheduler.services import generation_job_submit

    closed = saved_schedule_term_closed(schedule=schedule, user=owner)
    if closed:  # the serializer would call a term hidden since it was saved no term at all
        raise SavedScheduleError({"term": [closed]})
    # the courses the student chose: a section a re-import moved to another course still
    # stands for the course it was saved under (and, changed, is not pinned)
    courses = sorted({e.snapshot.get("course") or e.section.component.course.code for e in schedule.entries.all()})
    own = {
        "term": schedule.term.code,
        "institution": schedule.term.institution.code,
        "courses": courses,
        "pinned": replan_pins(schedule=schedule),
    }
    carried, left_out = replan_carried(schedule=schedule, owner=owner)
    if isinstance(carried.get("allowed_overlaps"), list):  # those of two courses the schedule still takes
        pairs = [p for p in carried["allowed_overlaps"] if isinstance(p, list) and set(p) <= set(courses)]
        carried["allowed_overlaps"] = pairs
        if not pairs:
            carried.pop("overlap_minutes", None)
    serializer = GenerationRequestSerializer(data={**carried, **own}, context={"user": owner})
    if carried and not serializer.is_valid():
        # a request stored before today's rules (a field since renamed, a weight since bounded)
        # is no longer readable: the re-plan is the schedule's own, as for one saved by hand
        left_out = [
            "the busy times, filters, preferences, allowed overlaps and back-to-back minutes of the request it was "
            "planned from (no longer valid)"
        ]
        serializer = GenerationRequestSerializer(data=own, context={"user": owner})
    if not serializer.is_valid():
        raise SavedScheduleError(flatten(serializer.errors))
    job = generation_job_submit(owner=owner, term=schedule.term, request=serializer.normalised())
    return Replan(job=job, left_out=left_out)


def friend_preference_resolve(*, user: Any, term: Term, ids: list[int]) -> list[dict[str, Any]]:
    """The friends' schedules of a generation request as the job stores them: each one's
    sections and weekly classes with their dates (so later edits do not change a submitted job).
    A section withdrawn or cancelled is left out: the friend does not take it. A quarantined one
    stays: the friend still takes it, and an import keeps only the meetings it could read."""
    friends = []
    for schedule in schedules_visible_for_friends_preference(user=user, term=term, ids=ids):
        taken = [
            s for s in schedule_sections(schedule) if s.withdrawn_at is None and s.status != Section.Status.CANCELLED
        ]
        busy = []
        for s in taken:
            for m in s.meetings.all():
                if m.is_timed and m.kind == Meeting.Kind.WEEKLY:
                    busy.append(
                        {
                            "days": [WEEKDAYS[d] for d in mask_to_days(m.days)],
                            "start": m.start_time.strftime("%H:%M"),
                            "end": m.end_time.strftime("%H:%M"),
                            "first_date": m.first_date.isoformat() if m.first_date else None,
                            "last_date": m.last_date.isoformat() if m.last_date else None,
                        }
                    )
        friends.append(
            {
                "name": f"schedule {schedule.pk}",
                "sections": sorted(s.registrar_id for s in taken),
                "busy": busy,
            }
        )
    return friends


def saved_schedule_swap(*, schedule: SavedSchedule, old: str, new: str) -> SavedSchedule:
    """Hand edit: replace section `old` of the schedule with `new` (another section, usually of
    the same component)."""
    with transaction.atomic():
        # the sections held now, not when the page was read: another tab's swap made meanwhile
        # is kept (the row stays locked until this one is written)
        schedule_lock(schedule)
        held = held_ids(schedule)
        if old not in held:
            raise SavedScheduleError({"sections": [f"section {old} is not in this schedule"]})
        if new != old and new in held:  # the list would hold it twice, and lose `old` without a word
            raise SavedScheduleError({"sections": [f"section {new} is already in this schedule"]})
        if new == old:
            # the one held may stay withdrawn or cancelled (`keep`), but is not swapped to: it
            # cannot be taken (refused in a pin's words, as any other section swapped to is)
            sections_resolve(term=schedule.term, section_ids=[new])
        return saved_schedule_update(schedule=schedule, section_ids=[new if i == old else i for i in held])


def saved_schedules_affected(*, term: Term, registrar_ids: Iterable[str]) -> dict[str, int]:
    """How many saved schedules of `term` (out of the bin) hold one of these sections, of how
    many students, and how many of them will be emailed (change emails on, an active owner with
    an address): what an import's report tells the registrar before applying it. One query,
    whatever the number of ids (an import of a whole term changes thousands)."""
    wanted = set(registrar_ids)
    held = SavedScheduleSection.objects.filter(schedule__term=term, schedule__deleted_at__isnull=True)
    rows = held.values_list(
        "schedule_id",
        "schedule__owner_id",
        "section__registrar_id",
        "schedule__email_changes",
        "schedule__owner__is_active",
        "schedule__owner__email",
    )
    schedules, students, emailed = set(), set(), set()
    for schedule_id, owner_id, registrar_id, email_changes, active, email in rows.iterator():
        if registrar_id in wanted:
            schedules.add(schedule_id)
            students.add(owner_id)
            if email_changes and active and email:
                emailed.add(schedule_id)
    return {"schedules": len(schedules), "students": len(students), "emailed": len(emailed)}


def saved_schedules_holding(*, section_ids: Iterable[int]) -> dict[str, int]:
    """How many saved schedules hold one of these sections (catalog primary keys), of how many
    students, the bin included (a schedule there may be restored): what keeps the admin from
    moving such a section to another component or course. One query."""
    held = SavedScheduleSection.objects.filter(section_id__in=list(section_ids))
    counted = held.aggregate(
        schedules=Count("schedule_id", distinct=True), students=Count("schedule__owner_id", distinct=True)
    )
    return {"schedules": counted["schedules"] or 0, "students": counted["students"] or 0}


REGISTRATION_SEPARATOR = ", "  # as the page shows and copies them: "40001, 40005, 40010"


def registration_ids(*, sections: list[dict[str, Any]]) -> dict[str, Any]:
    """What a student types into the registrar's system to register for a schedule, from its
    sections as a page renders them (TBA ones included: they are registered too): the registrar
    ids in course order (a course's sections together, the courses as they first come), as `ids`
    and as `text`, and the sections left out because they cannot be taken any more (withdrawn
    or cancelled, `section_takes_place`), in words for the page to say: `left_out`, each "CS 1110
    Laboratory 102 (40005), withdrawn by the registrar", and `left_out_text`, all of them."""
    by_course: dict[str, list[str]] = {}
    left_out = []
    for s in sections:
        if not section_takes_place(s):
            why = "withdrawn" if s.get("withdrawn") else "cancelled"
            left_out.append(f"{s['course']} {s['component_name']} {s['code']} ({s['id']}), {why} by the registrar")
        elif s["id"] and s["id"] not in by_course.setdefault(s["course"], []):
            by_course[s["course"]].append(s["id"])
    ids = [rid for course_ids in by_course.values() for rid in course_ids]
    text = REGISTRATION_SEPARATOR.join(ids)
    return {"ids": ids, "text": text, "left_out": left_out, "left_out_text": "; ".join(left_out)}
