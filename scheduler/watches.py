"""Seat alerts: a student watches a full section she does not hold (closed, on a wait list, or
with no seat left) and is emailed when it opens (docs/schedules.md, "Seat alerts").

The periodic task looks only at watches of published terms whose catalog version moved past
the one it last looked at (`notified_version`), as the change emails do, and emails one student
one email listing each section that opened since last told (`told`): one opening is emailed
once, and a section that fills again and opens again is news again. A watched section the
registrar withdraws or cancels is told once, and the watch ends (its row is deleted); one whose
news cannot be emailed (emails off, no address) is kept, so the Watched sections page says it
ended, until the student stops watching it: a watch is never lost without her being told.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import ID_MAX
from catalog.models import Section, Term
from catalog.selectors import TermNotFound, term_get, term_visible
from scheduler.models import SectionWatch
from scheduler.notice_mail import notice_send
from scheduler.saved_schedules import meeting_text, section_name

WATCH_LIMIT = 50  # watches per student
BATCH = 100  # students read per query; each one's watches are then locked, emailed and recorded
RUN_SECONDS = 180  # no email starts after this, within the task's 240 s soft limit

GONE = "gone"  # a section's state when withdrawn or cancelled: the watch ends


class WatchError(ValueError):
    """A watch refused, with a message a person can act on and the field at fault."""

    def __init__(self, message: str, *, field: str = "section"):
        super().__init__(message)
        self.message = message
        self.field = field


# Reads ------------------------------------------------------------------------------------


def section_state(section: Section) -> str:
    """`open` (status open, not quarantined, and a seat left where the catalog counts them),
    `full` (closed, wait list, no seat left, or quarantined), or `gone` (withdrawn or
    cancelled): the rule of the planner's open-seats filter (`catalog.selectors.open_seats_q`)."""
    if section.withdrawn_at is not None or section.status == Section.Status.CANCELLED:
        return GONE
    seats = section.seats_free != 0
    if section.status == Section.Status.OPEN and seats and not section.quarantine_reason:
        return SectionWatch.State.OPEN
    return SectionWatch.State.FULL


def watch_rows() -> QuerySet[SectionWatch]:
    """Watches with what their pages, answers and emails say of the section (one query)."""
    return SectionWatch.objects.select_related(
        "user", "section__component__course", "section__term__institution"
    ).prefetch_related("section__meetings")


def watch_list(*, user: Any, term: Term | None = None) -> QuerySet[SectionWatch]:
    """The student's watches, newest first; with `term`, that term's only."""
    rows = watch_rows().filter(user=user)
    return rows if term is None else rows.filter(section__term=term)


def watch_get(*, user: Any, watch_id: Any) -> SectionWatch | None:
    """One of the student's watches, or None (another's is none, as a missing one; so is an id
    past the largest key, which no query is run for)."""
    if not 0 < int(watch_id) <= ID_MAX:
        return None
    return watch_list(user=user).filter(pk=watch_id).first()


def planner_keep_url(section: Section) -> str:
    """The planner's address asking for the section's course with the section kept (the shape
    of a saved schedule's "Open in the planner", docs/web.md, "The request lives in the URL")."""
    term = section.term
    query = [("i", term.institution.code), ("t", term.code), ("c", section.component.course.code)]
    return reverse("planner") + "?" + urlencode([*query, ("pin", section.registrar_id)])


def section_when(section: Section) -> str:
    """When the section meets, its meetings as the change emails say them: "MoWeFr 09:00-09:50",
    "TBA" for none."""
    return "; ".join(dict.fromkeys(meeting_text(m) for m in section.meetings.all())) or "TBA"


def watch_data(watch: SectionWatch) -> dict[str, Any]:
    """A watch as the API and "Download my data" give it."""
    section = watch.section
    term = section.term
    return {
        "id": watch.pk,
        "section_id": section.pk,
        "registrar_id": section.registrar_id,
        "term": term.code,
        "institution": term.institution.code,
        "course": section.component.course.code,
        "title": section.component.course.title,
        "component": section.component.kind,
        "component_name": section.component.name,
        "code": section.code,
        "status": section.status,
        "withdrawn": section.withdrawn_at is not None,
        "seats_free": section.seats_free,
        "open": section_state(section) == SectionWatch.State.OPEN,
        "email_openings": watch.email_openings,
        # the alerts' run looks at published terms only (an archived one takes no new watch)
        "emailed": wants_email(watch) and term.status == Term.Status.PUBLISHED,
        "told_open_at": watch.told_open_at,
        "created_at": watch.created_at,
    }


# Writes -----------------------------------------------------------------------------------


def watch_section_find(*, user: Any, term_code: str, institution: str, registrar_id: str) -> Section:
    """The section of a term the student may see, by its registrar id (WatchError naming the
    field at fault when there is none)."""
    try:
        term = term_get(code=term_code, institution=institution, for_user=user)
    except TermNotFound as error:
        raise WatchError(str(error), field="term") from None
    section = Section.objects.filter(term=term, registrar_id=registrar_id).first()
    if section is None:
        raise WatchError(f"{term.code} has no section {registrar_id!r}.")
    return section


@transaction.atomic
def watch_create(*, user: Any, section: Section, email_openings: bool = True) -> tuple[SectionWatch, bool]:
    """Watch `section` for `user`: (the watch, whether it is new). Watching a section watched
    already answers the watch as it is. Refused (WatchError): a section of a term the student
    cannot see or one archived, one withdrawn or cancelled (it will not open), and a 51st watch."""
    # the student's row locked first, so two watches made at once cannot pass the limit together
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    existing = SectionWatch.objects.filter(user=user, section=section).first()
    if existing is not None:
        return existing, False
    term = section.term
    if not term_visible(term, user=user):
        raise WatchError(f"no term {term.code!r}", field="term")
    if term.status == Term.Status.ARCHIVED:  # the alerts' run looks at published terms only
        raise WatchError(f"{term.code!r} is archived: its sections' seats are no longer looked at", field="term")
    state = section_state(section)
    if state == GONE:
        said = "withdrawn" if section.withdrawn_at is not None else "cancelled"
        raise WatchError(f"{section} was {said} by the registrar: it will not open.")
    if SectionWatch.objects.filter(user=user).count() >= WATCH_LIMIT:
        raise WatchError(
            f"You watch {WATCH_LIMIT} sections, the most one account can: stop watching one on the "
            "Watched sections page before watching another."
        )
    try:
        with transaction.atomic():
            watch = SectionWatch.objects.create(
                user=user,
                section=section,
                email_openings=email_openings,
                told=state,
                notified_version=term.catalog_version,
            )
    except IntegrityError:  # the same watch made meanwhile (the lock makes it unlikely)
        return SectionWatch.objects.get(user=user, section=section), False
    return watch, True


def watch_update(*, watch: SectionWatch, email_openings: bool) -> SectionWatch:
    """Turn the watch's emails on or off. Turned on, an opening while off is not emailed (its
    state counts as told): the next opening is. SectionWatch.DoesNotExist when it is gone since
    read (the alerts' run ends a withdrawn section's watch once its student is told)."""
    now = timezone.now()
    if not SectionWatch.objects.filter(pk=watch.pk).update(email_openings=email_openings, updated_at=now):
        raise SectionWatch.DoesNotExist(f"watch {watch.pk} is gone")
    watch.email_openings, watch.updated_at = email_openings, now
    return watch


def watch_delete(*, watch: SectionWatch) -> None:
    watch.delete()


# The periodic emails ----------------------------------------------------------------------


@dataclass(frozen=True)
class Alert:
    """One line of a seat alert: a watched section that opened (or is gone), in words."""

    name: str  # "CS 1110 Lecture 001"
    course_title: str
    registrar_id: str
    when: str
    instructors: str
    status: str
    seats: str
    planner_url: str


def alert_of(section: Section) -> Alert:
    free = section.seats_free
    site = settings.CLASSTIME_SITE_URL.rstrip("/")
    return Alert(
        name=" ".join(section_name(section).split()),
        course_title=" ".join(section.component.course.title.split()),
        registrar_id=section.registrar_id,
        when=section_when(section),
        instructors="; ".join(str(name) for name in section.instructors) or "instructor not given",
        status="Withdrawn" if section.withdrawn_at is not None else section.get_status_display(),
        seats="" if free is None else f"{free} seat{'s' if free != 1 else ''} free",
        planner_url=site + planner_keep_url(section),
    )


def watch_alert_send(*, user: Any, opened: list[Section], ended: list[Section]) -> bool:
    """Email the student the watched sections that opened and those the registrar withdrew or
    cancelled (whose watches end); whether the mail server took it (a failure is logged, and the
    watches are looked at again next time)."""
    site = settings.CLASSTIME_SITE_URL.rstrip("/")
    context = {
        "username": user.get_username(),
        "opened": [alert_of(s) for s in opened],
        "ended": [alert_of(s) for s in ended],
        "watches_url": site + reverse("section-watches"),
    }
    return notice_send(
        subject="emails/seat_alert_subject.txt",
        body="emails/seat_alert_email.txt",
        context=context,
        to=user.email,
        what=f"the seat alert of user {user.pk}",
    )


def wants_email(watch: SectionWatch) -> bool:
    """Whether the watch's news is emailed: its emails on, and the student active with an address
    (as the change emails' `wants_email`)."""
    user = watch.user
    return watch.email_openings and user.is_active and bool(user.email)


def stale_watches() -> QuerySet[SectionWatch]:
    """Watches of published terms whose catalog moved since they were last looked at."""
    return SectionWatch.objects.filter(
        notified_version__lt=F("section__term__catalog_version"), section__term__status=Term.Status.PUBLISHED
    )


def section_watches_notify() -> int:
    """Email the students whose watched sections opened (or were withdrawn or cancelled) since
    last looked at (the periodic task); how many emails went. Idempotent: a watch is looked at
    once per catalog version, and an opening is emailed once. Each student's watches are locked
    (those another run holds skipped), emailed and recorded in a transaction of its own, so two
    runs at once never email one opening twice and a worker lost mid-run sends at most one email
    again; no email starts after RUN_SECONDS."""
    sent, after = 0, 0
    stop = time.monotonic() + RUN_SECONDS
    while True:
        users = stale_watches().filter(user_id__gt=after).order_by("user_id").values_list("user_id", flat=True)
        ids = list(users.distinct()[:BATCH])
        if not ids:
            return sent
        for user_id in ids:
            if time.monotonic() >= stop:
                return sent
            with transaction.atomic():
                rows = watch_rows().filter(pk__in=stale_watches().filter(user_id=user_id))
                watches = list(rows.select_for_update(skip_locked=True, of=("self",)).order_by("pk"))
                if watches:  # else another run holds them, or looked at them meanwhile
                    sent += watches_notify(watches)
        after = ids[-1]


def watches_notify(watches: list[SectionWatch]) -> int:
    """Look at one student's watches (locked): email the sections that opened since last told
    and those withdrawn or cancelled, in one email; 1 when one went. A watch whose emails are
    off, or a student without an address, is recorded as told without an email; one of those of
    a section withdrawn or cancelled is kept (the page says it ended), not deleted."""
    opened = [w for w in watches if section_state(w.section) == SectionWatch.State.OPEN and w.told != "open"]
    ended = [w for w in watches if section_state(w.section) == GONE]
    told = [w for w in [*opened, *ended] if wants_email(w)]
    emailed = 0
    if told:
        user = watches[0].user
        said = [w.section for w in opened if w in told], [w.section for w in ended if w in told]
        if not watch_alert_send(user=user, opened=said[0], ended=said[1]):
            return 0  # left as they were: the next run tries again
        emailed = 1
    now = timezone.now()
    ended_told: list[int] = []
    updates: dict[tuple, list[int]] = {}  # the same update for many watches is one query
    for watch in watches:
        state = section_state(watch.section)
        update: dict[str, Any] = {"notified_version": watch.section.term.catalog_version}
        if state == GONE and watch in told:
            ended_told.append(watch.pk)  # the watch ends, the student told: the section will not open
            continue
        # not told of its end (emails off, no address), a watch of a gone section is kept, so the
        # page says it ended until she stops watching it; `told` kept too, should the registrar
        # list the section again
        if state != GONE:
            update["told"] = state
        if watch in opened and watch in told:
            update["told_open_at"] = now
        updates.setdefault(tuple(sorted(update.items())), []).append(watch.pk)
    if ended_told:
        SectionWatch.objects.filter(pk__in=ended_told).delete()
    for update, ids in updates.items():
        # a queryset update: looking is not an edit, so `updated_at` stays
        SectionWatch.objects.filter(pk__in=ids).update(**dict(update))
    return emailed
