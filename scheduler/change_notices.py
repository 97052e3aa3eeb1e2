"""Change emails: when the registrar changes a section of a saved schedule (an import or an
admin edit), its owner gets one email listing what changed and the clashes that makes among its
sections, with a link to the schedule's page (where they accept the changes or re-plan).
docs/schedules.md, "Change emails".

The periodic task looks only at schedules whose term's catalog version moved past the one it
last looked at (`notified_version`), and emails a schedule's changes once: it remembers their
fingerprint (`notified_digest`), so the same unacknowledged changes are never sent twice, and
a later change sends the whole list again. It also remembers the list it sent
(`notified_changes`): when the registrar undoes one of those changes (a withdrawn section comes
back as saved), the next email says so. A schedule whose owner turned the emails off, or has no
email address, is looked at and passed over.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse

from catalog.models import Meeting, Term
from scheduler.models import SavedSchedule, SavedScheduleSection
from scheduler.notice_mail import notice_send
from scheduler.saved_schedules import (
    changes_digest,
    clash_told,
    missing_component_rows,
    missing_said,
    saved_schedule_changes,
    saved_schedule_clashes_made,
    saved_schedule_term_closed,
    saved_schedules,
    saved_schedules_affected,
)

BATCH = 100  # schedules read per query; each is then locked, emailed and recorded on its own
RUN_SECONDS = 180  # no email starts after this, within the task's 240 s soft limit


def change_notice_send(
    *,
    schedule: SavedSchedule,
    changes: list[dict[str, str]],
    undone: list[dict[str, str]] = (),
    missing: list[dict[str, str]] = (),
    clashes: list[dict[str, Any]] = (),
) -> bool:
    """Email the owner the schedule's `changes`, the clashes they make among its sections
    (`clashes`, `saved_schedule_clashes_made`), the changes an earlier email listed that the
    registrar has since undone (`undone`, a section back as saved), and the components of its
    courses it holds no section of (`missing`, one the registrar added); whether the mail server
    took it (a failure is logged, and the schedule is looked at again next time)."""
    owner = schedule.owner
    url = settings.CLASSTIME_SITE_URL.rstrip("/") + reverse("schedule-detail", args=[schedule.pk])
    context = {
        "username": owner.get_username(),
        # one line each: a header holds no line break (a name may, as typed)
        "name": " ".join(schedule.name.split()),
        "term": " ".join(schedule.term.name.split()),
        "changes": changes,
        "clashes": list(clashes),
        "undone": list(undone),
        "missing": list(missing),
        # a hidden or archived term takes no re-plan: the email offers none
        "replannable": not saved_schedule_term_closed(schedule=schedule, user=owner),
        "schedule_url": url,
    }
    return notice_send(
        subject="scheduler/email/changes_subject.txt",
        body="scheduler/email/changes_email.txt",
        context=context,
        to=owner.email,
        what=f"the change email of saved schedule {schedule.pk}",
    )


def wants_email(schedule: SavedSchedule) -> bool:
    owner = schedule.owner
    return schedule.email_changes and owner.is_active and bool(owner.email)


def saved_schedules_notify_changes() -> int:
    """Email the owners of saved schedules the registrar changed since last looked at (the
    periodic task); how many emails went. Idempotent: a schedule is looked at once per catalog
    version, and its changes are emailed once. Each schedule is locked (skipped when another run
    holds it), emailed and recorded in a transaction of its own, so two runs at once never email
    one change twice and a worker lost mid-run sends at most one email again; no email starts
    after RUN_SECONDS (a slow mail server leaves the rest to the next run)."""
    stale = SavedSchedule.objects.filter(notified_version__lt=F("term__catalog_version"))
    sent, after = 0, 0
    stop = time.monotonic() + RUN_SECONDS
    while True:
        ids = list(stale.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return sent
        for pk in ids:
            if time.monotonic() >= stop:
                return sent
            with transaction.atomic():
                mine = saved_schedules(stale.filter(pk=pk), missing=True).select_related("owner", "term")
                schedule = mine.select_for_update(skip_locked=True, of=("self",)).first()
                if schedule is not None:  # else another run holds it, or looked at it meanwhile
                    sent += notice_if_changed(schedule)
        after = ids[-1]


def changes_undone(schedule: SavedSchedule, changes: list[dict[str, str]]) -> list[dict[str, str]]:
    """The changes the last email listed (`notified_changes`) that the registrar has put back as
    saved: the field of that section shows no change now (a withdrawn section listed again, a
    time moved back while a new instructor stands), so a student who acted on the first email
    is told. `entries_write` drops a section's entries when it leaves or rejoins the schedule
    (a fresh snapshot), so only changes of the snapshot the email was about are here."""
    held = {e.section.registrar_id for e in schedule.entries.all()}
    standing = {(c["section"], c["field"]) for c in changes}
    told = [c for c in schedule.notified_changes or [] if "section" in c]  # not `missing_told` entries
    return [c for c in told if c["section"] in held and (c["section"], c["field"]) not in standing]


def components_added(schedule: SavedSchedule) -> list[dict[str, str]]:
    """The components of its courses the schedule holds no section of (`missing_components`)
    that the registrar added after the schedule first took a section of that course: a schedule
    saved without one (through the API), or copied since, is not emailed about it. A component
    whose sections all came back after it was saved (it was there, with none to take) is shown on
    the page only."""
    first_taken: dict[int, Any] = {}  # course id → when the schedule first took a section of it
    for entry in schedule.entries.all():
        course_id = entry.section.component.course_id
        first_taken[course_id] = min(entry.created_at, first_taken.get(course_id, entry.created_at))
    rows = missing_component_rows(schedule)
    return [missing_said(course, c) for course, c in rows if c.created_at > first_taken[course.pk]]


def missing_told(missing: dict[str, str]) -> dict[str, str]:
    """A missing component as `notified_changes` remembers it told: {"missing": "MUSI 1310 DIS"}
    (an entry without a "section", which only the change emails read)."""
    return {"missing": f"{missing['course']} {missing['component']}"}


def told_already(schedule: SavedSchedule, changes: list[dict[str, str]], digest: str) -> bool:
    """Whether the last email told exactly these changes: its fingerprint is theirs, or theirs in
    an older release's words (before 2026-12-10 a meeting on one date was "(d to d)" and one
    ending at midnight ended at 23:59, and before 2026-12-07 a quarantine also gave the file's
    line or JSON path); without this, the first run after an upgrade emailed them again."""
    if digest == schedule.notified_digest:
        return True
    if not schedule.notified_digest or not any(c["field"] in ("schedulable", "time") for c in changes):
        return False
    return any(
        changes_digest(saved_schedule_changes(schedule=schedule, file_places=places, old_times=True))
        == schedule.notified_digest
        for places in (False, True)
    )


def notice_if_changed(schedule: SavedSchedule) -> int:
    """Look at one schedule (locked): email its changes if new to its owner, the clashes they
    made among its sections not told before (`saved_schedule_clashes_made`), the changes an
    earlier email told of that the registrar has undone since, and the components of its courses
    it holds no section of that the registrar added (`components_added`); 1 when one went. An
    email goes when something is new: changes other than those last emailed (`notified_digest`,
    the changes alone), an undoing, a clash or a missing component not told before (kept in
    `notified_changes` as `clash_told` and `missing_told` entries)."""
    changes = saved_schedule_changes(schedule=schedule)
    undone = changes_undone(schedule, changes)
    told = schedule.notified_changes or []
    # a component or clash told before is not news: an email for a change lists only those not told
    new_missing = [m for m in components_added(schedule) if missing_told(m) not in told]
    made = saved_schedule_clashes_made(schedule=schedule)
    new_clashes = [c for c in made if clash_told(c) not in told]
    # a clash told stays told while it stands: one that ends (a time moved back) and comes again is news
    standing = [clash_told(c) for c in made]
    told = [c for c in told if "clash" not in c or c in standing]
    digest = changes_digest(changes) if changes else ""
    update: dict[str, Any] = {"notified_version": schedule.term.catalog_version, "notified_digest": digest}
    emailed = 0
    told_before = bool(changes) and told_already(schedule, changes, digest)
    if (changes and not told_before) or undone or new_missing or new_clashes:
        if wants_email(schedule):
            if not change_notice_send(
                schedule=schedule, changes=changes, undone=undone, missing=new_missing, clashes=new_clashes
            ):
                return 0  # left as it was: the next run tries again
            emailed = 1
            # the missing components told stay told, also those not listed now (none is while the
            # term is hidden from the owner: publishing it again must not tell them again), and so
            # do the clashes told that stand
            told_kept = [c for c in told if "missing" in c or "clash" in c]
            update["notified_changes"] = [
                *changes,
                *told_kept,
                *map(missing_told, new_missing),
                *map(clash_told, new_clashes),
            ]
        else:
            # not emailed now: what was told and still stands stays told (emails turned on again
            # later tell its undoing); what was undone meanwhile is not told; a component missing
            # or a clash made now counts as told, as changes made while emails are off do (the
            # page shows them all)
            update["notified_changes"] = [
                *(c for c in told if c not in undone),
                *map(missing_told, new_missing),
                *map(clash_told, new_clashes),
            ]
    elif told_before and digest != schedule.notified_digest:
        # these very changes, told in an older release's words: kept in today's, so an email that
        # later tells one undone words it as the pages do
        update["notified_changes"] = [*changes, *(c for c in schedule.notified_changes or [] if "section" not in c)]
    # a queryset update: looking is not an edit, so `updated_at` (and the list's version) stay
    SavedSchedule.objects.filter(pk=schedule.pk).update(**update)
    return emailed


# The fields of an import's section changes (`catalog.reports.SectionChange.fields`, named as
# catalog.services writes them) that a saved schedule's snapshot compares, so that its owner is
# told: moved to another course or component, times, rooms, instructors, status, withdrawn or
# listed again, quarantined, campus, modality. Seat counts, notes and the parent link are not.
ALERTED_FIELDS = frozenset(
    {"component_id", "time", "location", "meetings", "instructors", "status", "withdrawn", "relisted", "withdrawn_at"}
    | {"quarantine_reason", "campus", "modality", "code"}
)


def import_reach_text(
    *, term: Any, changes: Iterable[tuple[str, Iterable[str]]], dry_run: bool, added: Iterable[dict] = ()
) -> str:
    """One line for an import's report: how many saved schedules (of how many students) hold a
    section whose change their owners are told of (`changes`: registrar id and changed fields),
    and how many owners get a change email ("" for a new term, or no such change); and one more
    for the components it adds to courses saved schedules hold (`added`, the report's
    `components_added`)."""
    told = components_reach_text(term=term, added=list(added), dry_run=dry_run)
    sections = sections_reach_text(term=term, changes=changes, dry_run=dry_run)
    return "\n".join(line for line in (sections, told) if line)


def components_reach_text(*, term: Any, added: list[dict], dry_run: bool) -> str:
    """How many saved schedules (of how many students) hold a course the import adds a component
    to and no section of that component (a section they hold the import moved into it is one):
    each is told it holds no section of it; "" when none does. A dry run, rolled back, counts
    the schedules holding a section it would move there too."""
    if term is None or not added:
        return ""
    courses = Q()
    for c in added:
        subject, _, number = c["course"].partition(" ")
        component = {"section__component__course__subject": subject, "section__component__course__number": number}
        holders = SavedScheduleSection.objects.filter(**component, section__component__kind=c["component"])
        courses |= Q(
            entries__section__component__course__subject=subject, entries__section__component__course__number=number
        ) & ~Q(pk__in=holders.values("schedule_id"))
    rows = SavedSchedule.objects.filter(term=term).filter(courses)
    reach = SavedSchedule.objects.filter(pk__in=rows.values("pk")).aggregate(
        schedules=Count("pk"), students=Count("owner_id", distinct=True)
    )
    if not reach["schedules"]:
        return ""
    what = ", ".join(f"{c['course']} {c['name']}" for c in added[:5]) + (", …" if len(added) > 5 else "")
    verb = "would add" if dry_run else "added"
    told = (
        "applying it tells their owners they hold no section of it, on their pages and by a change email"
        if dry_run
        else "their pages tell their owners they hold no section of it, and the change emails' next run emails them"
    )
    return (
        f"Saved schedules: {reach_words(reach)} a course this import {verb} a component to ({what}); {told} "
        "(not owners who turned change emails off or have no address)."
    )


def sections_reach_text(*, term: Any, changes: Iterable[tuple[str, Iterable[str]]], dry_run: bool) -> str:
    """The import's line for the sections it changes (`import_reach_text`)."""
    registrar_ids = [rid for rid, fields in changes if ALERTED_FIELDS.intersection(fields)]
    if term is None or not registrar_ids:
        return ""
    reach = saved_schedules_affected(term=term, registrar_ids=registrar_ids)
    change = "would change" if dry_run else "changed"
    if not reach["schedules"]:
        return f"Saved schedules: none holds a section this import {change}."
    when = "applying it emails" if dry_run else "the change emails' next run emails"
    return (
        f"Saved schedules: {reach_words(reach)} a section this import {change}; {when} the owners of "
        f"{reach['emailed']} of them {NOT_EMAILED}."
    )


NOT_EMAILED = "(the others turned change emails off or have no address)"


def reach_words(reach: dict[str, int]) -> str:
    """`3 saved schedules of 2 students hold`: the schedules and students of
    `saved_schedules_affected`, as both the import's report and the admin say them."""
    schedules, students = reach["schedules"], reach["students"]
    return (
        f"{schedules} saved schedule{'s' if schedules != 1 else ''} of {students} student"
        f"{'s' if students != 1 else ''} {'hold' if schedules != 1 else 'holds'}"
    )


# The fields of a section's admin form whose change a saved schedule's owner is told of (as
# ALERTED_FIELDS for an import); a change to its meetings is told too.
ADMIN_ALERTED_FIELDS = frozenset(
    {"component", "instructors", "status", "campus", "modality", "quarantine_reason", "code"}
)


def admin_term_reach_text(*, term: Any, changed: Iterable[str]) -> str:
    """One line for the admin after a term's save that changed its days or holidays: how many
    saved schedules (of how many students) of the term hold classes it moves in their calendars
    and on their pages without a change email (no held section changed): with new holidays,
    every one; with new days only, those holding a weekly class dated by the term's days (no date
    of its own at that end). "" when neither changed, or no schedule is reached."""
    changed = {"first_day", "last_day", "holidays"}.intersection(changed)
    if not changed:
        return ""
    rows = SavedSchedule.objects.filter(term=term, deleted_at__isnull=True)
    if "holidays" not in changed:
        # new days move only the weekly classes dated by the term's days: a meeting with its own
        # first (last) date keeps it, as every meeting of the real catalogs does
        undated = Q()
        for day, date in (("first_day", "first_date"), ("last_day", "last_date")):
            if day in changed:
                undated |= Q(**{f"entries__section__meetings__{date}__isnull": True})
        weekly = Q(entries__section__meetings__kind=Meeting.Kind.WEEKLY)
        rows = SavedSchedule.objects.filter(pk__in=rows.filter(weekly & undated).values("pk"))
    reach = rows.aggregate(schedules=Count("pk"), students=Count("owner_id", distinct=True))
    if not reach["schedules"]:
        return ""
    what = "holidays" if changed == {"holidays"} else "days" if "holidays" not in changed else "days and holidays"
    schedules, students = reach["schedules"], reach["students"]
    return (
        f"{schedules} saved schedule{'s' if schedules != 1 else ''} of {students} "
        f"student{'s' if students != 1 else ''} of {term} {'hold' if schedules != 1 else 'holds'} classes the "
        f"term's new {what} move: they gain or lose classes on the dates concerned, on their pages and in their "
        "calendars (a subscribed calendar at its next poll). No change email tells them: no section they hold changed."
    )


def admin_reach_text(*, section: Any, changed: Iterable[str]) -> str:
    """One line for the admin after a section's save: how many saved schedules (of how many
    students) hold it and how many owners the change emails' next run tells, when `changed`
    (the form's changed fields, `meetings` for its meetings) holds something students are
    told of; "" otherwise, or when no schedule holds it."""
    if not ADMIN_ALERTED_FIELDS.union({"meetings"}).intersection(changed):
        return ""
    reach = saved_schedules_affected(term=section.term, registrar_ids=[section.registrar_id])
    if not reach["schedules"]:
        return ""
    return (
        f"{reach_words(reach)} this section: each shows the change, and the change emails' next run emails "
        f"the owners of {reach['emailed']} of them {NOT_EMAILED}."
    )


def admin_status_reach_text(*, was: dict[int, str], status: str) -> str:
    """One line for the admin after terms were published, hidden or archived (`was`: each term's
    id → its status before): how many saved schedules of how many students are of them and what
    the new status does to those (docs/operations.md, "A term's life"); "" when none is."""
    hidden_before = [pk for pk, before in was.items() if before == Term.Status.HIDDEN]
    shared_q = Q(share_token__isnull=False)
    if status != Term.Status.HIDDEN:  # shown again (published or archived): the links of a term hidden before
        shared_q &= Q(term_id__in=hidden_before)
    reach = SavedSchedule.objects.filter(term_id__in=list(was)).aggregate(
        schedules=Count("pk"), students=Count("owner_id", distinct=True), shared=Count("pk", filter=shared_q)
    )
    schedules, students, shared = reach["schedules"], reach["students"], reach["shared"]
    if not schedules:
        return ""
    them = "them" if schedules != 1 else "it"
    keep = f"{'their' if schedules != 1 else 'its'} owner{'s keep' if students != 1 else ' keeps'} {them}"
    links = f"the {shared} shared show" if shared != 1 else "the one shared shows"
    if status == Term.Status.HIDDEN:
        what = f"{keep} (listed, readable; calendar feeds and change emails go on), but no copy"
        what += " or re-plan is made"
        what += f"; {links} nothing to others (a link answers as an unknown one)" if shared else ""
        what += ", and friends no longer see them." if shared else "."
    elif status == Term.Status.ARCHIVED and not hidden_before:
        what = f"{keep}, readable, shared and in calendars as before, but no copy or re-plan is made."
    elif status == Term.Status.ARCHIVED:
        # archiving a hidden term shows it again: in students' lists, and its share links answer
        what = f"{keep}, readable and in calendars as before, but no copy or re-plan is made"
        what += f"; {links} to others and friends again." if shared else "."
    else:
        now = [f"{links} to others and friends again"] if shared else []
        if set(was.values()) & {Term.Status.HIDDEN, Term.Status.ARCHIVED}:
            now.append(f"{'they' if schedules != 1 else 'it'} can be copied and re-planned again")
        if not now:
            return ""
        what = "; ".join(now) + "."
    who = f"{schedules} saved schedule{'s' if schedules != 1 else ''} of {students} student"
    who += "s" if students != 1 else ""
    return f"{who} {'are' if schedules != 1 else 'is'} of {'these terms' if len(was) != 1 else 'this term'}: {what}"
