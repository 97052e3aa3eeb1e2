"""A schedule as an RFC 5545 calendar (.ics), for download and for calendar subscriptions.

The rules (first real class day, UNTIL in UTC, holidays as EXDATEs, UIDs stable and unique to
the saved schedule) are in docs/calendar.md. Built with the `icalendar` library; times carry the
institution's TZID, or for a section on a campus with a clock of its own its campus's
(`Institution.campus_timezones`), and the calendar holds the matching VTIMEZONEs.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Mapping
from urllib.parse import quote
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vText

from catalog.meetings import meeting_order
from catalog.models import Meeting, Section, Term, mask_to_days
from scheduler.meeting_dates import single_dates

PRODID = "-//Classtime//Schedule calendar//EN"
REFRESH = datetime.timedelta(hours=6)
UID_DOMAIN = "classtime"
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
END_OF_DAY = datetime.time(23, 59, 59)
# a class ending at midnight is stored ending at 23:59 (docs/catalog-format.md)
STORED_MIDNIGHT = datetime.time(23, 59)
# The VTIMEZONE covers the events' dates with this margin on each side.
TIMEZONE_MARGIN = datetime.timedelta(days=366)
# RFC 5545 TEXT holds no control character but tab; line breaks are escaped (\n), the others a
# catalog's text may carry (a bell, an escape, a vertical tab, DEL) are each run one space
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+")
# the DTSTAMP of a calendar made before its caller knows when what it shows last changed: the
# caller puts that time in its place (`calendar_stamped`), once the bytes' digest has told it
UNREVISED = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def schedule_calendar(
    *,
    term: Term,
    sections: list[Section],
    name: str,
    schedule_uid: str,
    last_known: Mapping[int, list[Meeting]] | None = None,
    stamp: datetime.datetime = UNREVISED,
) -> bytes:
    """The serialized VCALENDAR of `sections` in `term`, named `name`.

    One VEVENT per timed meeting: weekly meetings recur (holidays excluded), exams and one-off
    meetings are single events. Sections with nothing to place are named in X-WR-CALDESC.
    `schedule_uid` (the saved schedule's `uid`) begins every event's UID, so two schedules
    holding one section never give two events one UID, and one schedule always gives the same.
    `last_known` gives, by section id, meetings to show beside the catalog's for a section an
    import quarantined, dropping meetings it could not read (their last known times, from a saved
    schedule's snapshot): their events and the calendar's description say so, and the description
    names every other quarantined section too. `stamp` is every
    event's DTSTAMP, when what the calendar shows last changed (docs/calendar.md): left out,
    `UNREVISED`, for `calendar_stamped` to replace.
    Runs no query when `term.institution` is loaded, and the sections have
    `component__course` selected and `meetings` prefetched.
    """
    last_known = last_known or {}
    institution = term.institution
    # a section on a campus with a clock of its own (Georgia Tech Lorraine: Paris) meets in its zone
    zone_names = {
        section.pk: institution.campus_timezones.get(section.campus, institution.timezone) for section in sections
    }
    zones = {name: ZoneInfo(name) for name in {institution.timezone, *zone_names.values()}}
    holidays = term.holiday_dates
    events: list[Event] = []
    left_out: list[str] = []  # no set time or date
    never_held: list[str] = []  # a set time and dates, but not one date it meets on
    quarantined: dict[bool, list[str]] = {True: [], False: []}  # by whether shown at last known times
    days = [day for day in (term.first_day, term.last_day) if day is not None]
    for section in sections:
        restored = list(last_known.get(section.pk, ()))
        meetings = [*section.meetings.all(), *restored]
        if section.quarantine_reason:
            quarantined[bool(restored)].append(_section_label(section))
        days += [day for m in meetings for day in (m.first_date, m.last_date) if day is not None]
        placed = [
            _meeting_events(
                term,
                section,
                meeting,
                number,
                zones[zone_names[section.pk]],
                holidays,
                stamp,
                schedule_uid,
                any(meeting is r for r in restored),
            )
            for meeting, number in zip(meetings, _meeting_numbers(meetings), strict=True)
        ]
        section_events = [event for found in placed for event in found]
        if section_events:
            events.extend(section_events)
            # a timed meeting with no date to put it on (an exam the registrar has not dated yet) is
            # named, not dropped without a word
            for meeting, found in zip(meetings, placed, strict=True):
                if not found and meeting.is_timed and meeting.days:
                    label = _meeting_label(section, meeting)
                    (never_held if _never_held(term, meeting, holidays) else left_out).append(label)
        elif meetings and all(_never_held(term, meeting, holidays) for meeting in meetings):
            never_held.append(_section_label(section))
        else:  # a class with no set time or date: the section is told so, and a meeting never held by its kind
            left_out.append(_section_label(section))
            never_held += [_meeting_label(section, m) for m in meetings if _never_held(term, m, holidays)]

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # NAME (RFC 7986) and the X- properties are TEXT, but icalendar 7.3 does not type them:
    # vText escapes commas and new lines as RFC 5545 TEXT.
    calendar.add("name", vText(_text(name)))
    calendar.add("x-wr-calname", vText(_text(name)))
    calendar.add("x-wr-timezone", vText(term.institution.timezone))
    description = _text(_calendar_description(term, left_out, never_held, quarantined))
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", vText(description))
    # how often a subscribed calendar app should fetch the feed again (RFC 7986; Outlook reads the
    # X- one): a registrar's change reaches the student's calendar within hours, not days
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vText("PT6H"))
    # Always present: it is referenced by every event, and keeps an empty schedule a valid
    # calendar (RFC 5545 wants at least one component).
    span = days or [_created(term)]
    calendar.add_component(_timezone(term.institution.timezone, span))
    for name in sorted(set(zone_names.values()) - {institution.timezone}):  # a campus elsewhere's events use it
        calendar.add_component(_timezone(name, span))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def _meeting_events(
    term: Term,
    section: Section,
    meeting: Meeting,
    number: str,
    zone: ZoneInfo,
    holidays: frozenset[datetime.date],
    stamp: datetime.datetime,
    schedule_uid: str,
    last_known: bool = False,
) -> list[Event]:
    """The VEVENTs of one meeting: one for a weekly class (it recurs) and for an exam or one-off
    held on one date; one per date for an exam or one-off held on several (dated over a range:
    calendar apps do not all read RDATE), the first keeping the meeting's UID and the others
    taking their date after it (`exam0.20261216`); none when it has no set time or no date to
    put it on."""
    if meeting.start_time is None or meeting.end_time is None or not meeting.days:
        return []
    if meeting.kind == Meeting.Kind.WEEKLY:
        placed = [(number, _weekly_event(term, meeting, zone, holidays))]
    else:
        held = single_dates(mask_to_days(meeting.days), meeting.first_date, meeting.last_date)
        placed = [
            (number if n == 0 else f"{number}.{day:%Y%m%d}", _single_event(day, meeting, zone))
            for n, day in enumerate(held)
        ]
    summary = _section_label(section)
    if meeting.kind == Meeting.Kind.EXAM:
        summary += " (exam)"
    events = []
    for uid_number, event in placed:
        if event is None:
            continue
        event.add("summary", _text(summary))
        event.add("uid", _uid(schedule_uid, section, uid_number))
        event.add("dtstamp", stamp)
        if meeting.location:
            event.add("location", _text(meeting.location))
        event.add("description", _text(_event_description(section, last_known)))
        if section.status == Section.Status.CANCELLED or section.withdrawn_at is not None:
            # A withdrawn section (no longer listed by the registrar) will not meet either.
            event.add("status", "CANCELLED")
        events.append(event)
    return events


def _weekly_event(term: Term, meeting: Meeting, zone: ZoneInfo, holidays: frozenset[datetime.date]) -> Event | None:
    """A recurring event from the first class day that is not a holiday to the last date."""
    class_days = _class_days(term, meeting)
    if class_days is None:
        return None  # an open-ended weekly rule would run forever
    meeting_days = [day for day in class_days if day not in holidays]
    if not meeting_days:
        return None
    start = meeting_days[0]
    last = meeting.last_date or term.last_day
    weekdays = mask_to_days(meeting.days)
    skipped = [day for day in class_days if day > start and day in holidays]

    event = Event()
    event.add("dtstart", datetime.datetime.combine(start, meeting.start_time, zone))
    event.add("dtend", _end(start, meeting, zone))
    until = datetime.datetime.combine(last, END_OF_DAY, zone).astimezone(datetime.UTC)
    event.add("rrule", {"FREQ": "WEEKLY", "BYDAY": [BYDAY[day] for day in weekdays], "UNTIL": until})
    if skipped:
        event.add("exdate", [datetime.datetime.combine(day, meeting.start_time, zone) for day in skipped])
    return event


def _class_days(term: Term, meeting: Meeting) -> list[datetime.date] | None:
    """The dates of a weekly meeting's range (its own, else the term's) on its weekdays, holidays
    included; None when it has no range at all."""
    first = meeting.first_date or term.first_day
    last = meeting.last_date or term.last_day
    if first is None or last is None:
        return None
    weekdays = mask_to_days(meeting.days)
    days = (first + datetime.timedelta(days=offset) for offset in range((last - first).days + 1))
    return [day for day in days if day.weekday() in weekdays]


def _meeting_label(section: Section, meeting: Meeting) -> str:
    """One meeting of a section as the calendar's description names it: `CHEM 1410 LEC 001 exam`."""
    return f"{_section_label(section)} {meeting.get_kind_display().lower()}"


def _never_held(term: Term, meeting: Meeting, holidays: frozenset[datetime.date]) -> bool:
    """Whether a timed meeting has dates to meet on but never does: a weekly class each date of
    whose range on its weekdays is a holiday, or none of whose weekdays falls in its range; an
    exam or one-off dated over a range none of its weekdays falls in (held even on a holiday)."""
    if not meeting.is_timed or not meeting.days:
        return False
    if meeting.kind != Meeting.Kind.WEEKLY:
        dated = meeting.first_date is not None and meeting.last_date is not None
        return dated and not single_dates(mask_to_days(meeting.days), meeting.first_date, meeting.last_date)
    class_days = _class_days(term, meeting)
    return class_days is not None and all(day in holidays for day in class_days)


def _single_event(day: datetime.date, meeting: Meeting, zone: ZoneInfo) -> Event:
    """An exam or one-off meeting on `day`, one of the dates it is held on (`single_dates`: its
    one date whatever weekday it is listed on; dated over a range, each date of the range on its
    weekdays). Held even on a holiday: it was set for that day."""
    event = Event()
    event.add("dtstart", datetime.datetime.combine(day, meeting.start_time, zone))
    event.add("dtend", _end(day, meeting, zone))
    return event


def _end(day: datetime.date, meeting: Meeting, zone: ZoneInfo) -> datetime.datetime:
    """When the meeting held on `day` ends: a 23:59 end, which is how a class ending at midnight
    is stored, is midnight, 00:00 of the next day, as the registrar wrote it."""
    if meeting.end_time == STORED_MIDNIGHT:
        return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0), zone)
    return datetime.datetime.combine(day, meeting.end_time, zone)


def _timezone(tzid: str, days: list[datetime.date]) -> Timezone:
    """The VTIMEZONE of `tzid`, covering every date an event of the calendar can fall on."""
    return Timezone.from_tzid(tzid, first_date=min(days) - TIMEZONE_MARGIN, last_date=max(days) + TIMEZONE_MARGIN)


def calendar_stamped(body: bytes, stamp: datetime.datetime) -> bytes:
    """`body`, a calendar made with the `UNREVISED` stamp, with `stamp` (to the second, in UTC)
    as every event's DTSTAMP instead: a content line of its own, which no folded TEXT value can
    begin (a folded line begins with a space)."""
    revised = stamp.astimezone(datetime.UTC)
    return body.replace(
        f"\r\nDTSTAMP:{UNREVISED:%Y%m%dT%H%M%SZ}\r\n".encode(), f"\r\nDTSTAMP:{revised:%Y%m%dT%H%M%SZ}\r\n".encode()
    )


def _created(term: Term) -> datetime.date:
    """A date for the time zone of a calendar with no date at all (no event, a term with no days)."""
    return term.created_at.date() if term.created_at else datetime.date.today()


def _meeting_numbers(meetings: list[Meeting]) -> list[str]:
    """Each meeting's last part of its UID: its number among the section's meetings of its kind,
    in their canonical order (`meeting_order`, ties in position order), bare for a weekly class
    (`0`, `1`), after its kind for the others (`exam0`, `one_off0`). So neither the order the
    registrar lists meetings in nor a meeting of another kind added or dropped moves a UID to
    another meeting (an exam listed before the weekly class never takes the series' UID)."""
    numbers = [""] * len(meetings)
    counts: Counter[str] = Counter()
    for index in sorted(range(len(meetings)), key=lambda i: meeting_order(meetings[i])):
        kind = meetings[index].kind
        numbers[index] = f"{counts[kind]}" if kind == Meeting.Kind.WEEKLY else f"{kind}{counts[kind]}"
        counts[kind] += 1
    return numbers


def _uid(schedule_uid: str, section: Section, number: str) -> str:
    """Unique to the schedule and stable across downloads and re-imports: the schedule's own uid
    (of one term), the section's registrar id (unique in the term) and the meeting's number
    (`_meeting_numbers`; no `-` in it, so the last `-` always ends the registrar id)."""
    parts = (schedule_uid, section.registrar_id, number)
    return "-".join(quote(part, safe="") for part in parts) + f"@{UID_DOMAIN}"


def _text(value: str) -> str:
    """`value` fit for a TEXT property: each run of control characters RFC 5545 does not allow
    one space (tab, CR and LF are kept: the writer escapes line breaks)."""
    return CONTROL.sub(" ", value)


def _section_label(section: Section) -> str:
    component = section.component
    return f"{component.course.code} {component.kind} {section.code}"


def _event_description(section: Section, last_known: bool = False) -> str:
    lines = [section.component.course.title]
    if section.instructors:
        lines.append("Instructors: " + "; ".join(section.instructors))
    if last_known:
        lines.append(LAST_KNOWN)
    return "\n".join(lines)


LAST_KNOWN = "Quarantined by the registrar, a class it no longer lists shown at its last known time"
QUARANTINED_NOW = "Quarantined by the registrar, shown as the catalog lists it now"


def _calendar_description(
    term: Term, left_out: list[str], never_held: list[str], quarantined: dict[bool, list[str]]
) -> str:
    description = f"{term.name}, {term.institution.name}"
    # a quarantined section's catalog entry could not be read in full: said, so no class is lost unseen
    for shown_last_known, words in ((True, LAST_KNOWN), (False, QUARANTINED_NOW)):
        if quarantined[shown_last_known]:
            description += f"\n{words}: " + ", ".join(quarantined[shown_last_known])
    if left_out:
        description += "\nNot on this calendar (no set time or date): " + ", ".join(left_out)
    if never_held:
        description += (
            "\nNot on this calendar (never held: every date is a holiday or outside its dates): "
            + ", ".join(never_held)
        )
    return description
