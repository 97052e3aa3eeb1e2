"""The .ics export: parsed back with icalendar and expanded with recurring-ical-events."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from django.core.management import call_command
from icalendar import Calendar

from catalog.models import Component, Course, Institution, Meeting, Section, Term, days_to_mask
from catalog.sources.records import WEEKDAYS
from scheduler.calendar import schedule_calendar
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
D = datetime.date.fromisoformat
# saved schedules' `uid`s, as the download and the feed pass them
SCHEDULE_UID = "6f1c1a52-2b0e-4d8e-9c47-1f4f7f3b2a10"
OTHER_SCHEDULE_UID = "0b9e6a3c-7d21-4f55-8e0a-93c2d54e1b77"


@pytest.fixture
def fall() -> Term:
    """Mon 2026-08-24 to Fri 2026-12-11, Labor Day (Mon) and Thanksgiving (Thu) off; DST ends Nov 1."""
    institution = Institution.objects.create(code="demo-u", name="Demo University", timezone="America/New_York")
    return Term.objects.create(
        institution=institution,
        code="2026-fall",
        name="Fall 2026",
        first_day=D("2026-08-24"),
        last_day=D("2026-12-11"),
        holidays=["2026-09-07", "2026-11-26"],
    )


@pytest.fixture
def spring(fall: Term) -> Term:
    """Mon 2027-01-11 to Fri 2027-04-30; DST starts Sun 2027-03-14."""
    return Term.objects.create(
        institution=fall.institution,
        code="2027-spring",
        name="Spring 2027",
        first_day=D("2027-01-11"),
        last_day=D("2027-04-30"),
    )


def make_section(
    term: Term,
    *,
    course: str = "CHEM 1410",
    kind: str = "LEC",
    code: str = "001",
    registrar_id: str = "40010",
    status: str = Section.Status.OPEN,
    meetings: tuple[dict, ...] = (),
) -> Section:
    """A section with meetings given as {"days": "Tu Th", "start": "09:30", "end": "10:45", ...}."""
    subject, number = course.split()
    course_row, _ = Course.objects.get_or_create(
        term=term, subject=subject, number=number, defaults={"title": f"Title of {course}"}
    )
    component, _ = Component.objects.get_or_create(course=course_row, kind=kind, defaults={"name": kind})
    section = Section.objects.create(
        term=term,
        component=component,
        registrar_id=registrar_id,
        code=code,
        status=status,
        instructors=["Marie Curie", "Pierre Curie"],
    )
    add_meetings(section, meetings)
    return section


def add_meetings(section: Section, meetings: tuple[dict, ...]) -> None:
    """The section's meetings, in that order (as an import or an admin lists them)."""
    for position, m in enumerate(meetings):
        Meeting.objects.create(
            section=section,
            position=position,
            days=days_to_mask([WEEKDAYS.index(day) for day in m.get("days", "").split()]),
            start_time=datetime.time.fromisoformat(m["start"]) if m.get("start") else None,
            end_time=datetime.time.fromisoformat(m["end"]) if m.get("end") else None,
            first_date=D(m["first"]) if m.get("first") else None,
            last_date=D(m["last"]) if m.get("last") else None,
            location=m.get("location", ""),
            kind=m.get("kind", Meeting.Kind.WEEKLY),
        )


def loaded(term: Term, sections: list[Section]) -> tuple[Term, list[Section]]:
    """The term and sections as a caller loads them: institution, course and meetings prefetched."""
    term = Term.objects.select_related("institution").get(pk=term.pk)
    rows = (
        Section.objects.filter(pk__in=[s.pk for s in sections])
        .select_related("component__course")
        .prefetch_related("meetings")
        .order_by("registrar_id")
    )
    return term, list(rows)


def export(term: Term, sections: list[Section], name: str = "My fall") -> Calendar:
    term, rows = loaded(term, sections)
    return Calendar.from_ical(schedule_calendar(term=term, sections=rows, name=name, schedule_uid=SCHEDULE_UID))


def occurrences(calendar: Calendar, summary: str | None = None) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """Every (start, end) of the calendar's events, recurrences expanded, in time order."""
    expanded = recurring_ical_events.of(calendar).between(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1))
    return sorted(
        (event.decoded("dtstart"), event.decoded("dtend"))
        for event in expanded
        if summary is None or str(event["summary"]) == summary
    )


def class_days(first: str, last: str, weekdays: str, holidays: tuple[str, ...] = ()) -> list[datetime.date]:
    """The oracle: every date in [first, last] on one of `weekdays` that is not a holiday."""
    wanted = {WEEKDAYS.index(day) for day in weekdays.split()}
    start, end = D(first), D(last)
    days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
    return [day for day in days if day.weekday() in wanted and day.isoformat() not in holidays]


def as_list(value) -> list:
    """A property that icalendar gives as one value or a list of them, as a list."""
    return value if isinstance(value, list) else [value]


TU_TH = {"days": "Tu Th", "start": "09:30", "end": "10:45", "location": "Chemistry Bldg 402"}
MO_WE_FR = {"days": "Mo We Fr", "start": "10:00", "end": "10:50", "location": "Chemistry Bldg 402"}


def test_a_tuesday_thursday_class_in_a_term_starting_on_monday_first_meets_on_tuesday(fall):
    # given
    section = make_section(fall, meetings=(TU_TH,))
    # when
    calendar = export(fall, [section])
    # then
    (event,) = calendar.events
    assert event.decoded("dtstart") == datetime.datetime(2026, 8, 25, 9, 30, tzinfo=NEW_YORK)
    assert event.decoded("dtend") == datetime.datetime(2026, 8, 25, 10, 45, tzinfo=NEW_YORK)
    assert occurrences(calendar)[0][0].date() == D("2026-08-25")


def test_weekly_occurrences_are_exactly_the_class_days_of_the_term_without_holidays(fall):
    # given
    tu_th = make_section(fall, registrar_id="1", meetings=(TU_TH,))
    mo_we_fr = make_section(fall, registrar_id="2", code="002", meetings=(MO_WE_FR,))
    holidays = ("2026-09-07", "2026-11-26")
    # when
    calendar = export(fall, [tu_th, mo_we_fr])
    # then
    tu_th_dates = [start.date() for start, _ in occurrences(calendar, "CHEM 1410 LEC 001")]
    mo_we_fr_dates = [start.date() for start, _ in occurrences(calendar, "CHEM 1410 LEC 002")]
    assert tu_th_dates == class_days("2026-08-24", "2026-12-11", "Tu Th", holidays)
    assert mo_we_fr_dates == class_days("2026-08-24", "2026-12-11", "Mo We Fr", holidays)
    assert D("2026-11-26") not in tu_th_dates and D("2026-09-07") not in mo_we_fr_dates


def test_holidays_become_exdates_only_on_the_meeting_own_class_days(fall):
    # given
    section = make_section(fall, meetings=(TU_TH,))
    # when
    (event,) = export(fall, [section]).events
    # then
    exdates = [value.dt for prop in as_list(event["exdate"]) for value in prop.dts]
    assert exdates == [datetime.datetime(2026, 11, 26, 9, 30, tzinfo=NEW_YORK)]  # not Labor Day, a Monday
    assert as_list(event["exdate"])[0].params["TZID"] == "America/New_York"


def test_the_last_occurrence_is_on_the_last_class_day_and_until_is_in_utc(fall):
    # given
    section = make_section(fall, meetings=(TU_TH,))
    # when
    calendar = export(fall, [section])
    # then
    (event,) = calendar.events
    until = event.decoded("rrule")["UNTIL"][0]
    assert until.utcoffset() == datetime.timedelta(0)
    assert "UNTIL=20261212T045959Z" in event.to_ical().decode()  # 2026-12-11 23:59:59 EST
    assert occurrences(calendar)[-1][0] == datetime.datetime(2026, 12, 10, 9, 30, tzinfo=NEW_YORK)


def test_a_class_keeps_its_wall_clock_time_across_the_november_dst_change_while_the_utc_offset_changes(fall):
    # given
    section = make_section(fall, meetings=(TU_TH,))
    # when
    starts = [start for start, _ in occurrences(export(fall, [section]))]
    # then
    assert {start.astimezone(NEW_YORK).time() for start in starts} == {datetime.time(9, 30)}
    before = next(s for s in starts if s.date() == D("2026-10-29"))
    after = next(s for s in starts if s.date() == D("2026-11-03"))
    assert before.utcoffset() == datetime.timedelta(hours=-4)
    assert after.utcoffset() == datetime.timedelta(hours=-5)
    assert before.astimezone(datetime.UTC).time() == datetime.time(13, 30)
    assert after.astimezone(datetime.UTC).time() == datetime.time(14, 30)


def test_a_class_on_a_campus_with_its_own_clock_meets_at_its_campus_time(fall):
    # given: a Lorraine campus on Paris time, a Lorraine lecture and an Atlanta one, both 9:30
    fall.institution.campus_timezones = {"GT Lorraine-Undergrad Programs": "Europe/Paris"}
    fall.institution.save()
    metz = make_section(fall, course="COE 3001", registrar_id="86149", meetings=(TU_TH,))
    Section.objects.filter(pk=metz.pk).update(campus="GT Lorraine-Undergrad Programs")
    atlanta = make_section(fall, course="CHEM 1410", registrar_id="40010", meetings=(TU_TH,))
    # when
    calendar = export(fall, [metz, atlanta])
    # then: 9:30 in Paris (Europe leaves DST on Oct 25, a week before New York), 9:30 in New York
    paris = ZoneInfo("Europe/Paris")
    lorraine = [start for start, _ in occurrences(calendar, "COE 3001 LEC 001")]
    atlanta_starts = [start for start, _ in occurrences(calendar, "CHEM 1410 LEC 001")]
    assert lorraine and {start.astimezone(paris).time() for start in lorraine} == {datetime.time(9, 30)}
    assert {start.astimezone(NEW_YORK).time() for start in atlanta_starts} == {datetime.time(9, 30)}
    october = next(s for s in lorraine if s.date() == D("2026-10-27"))
    assert october.astimezone(datetime.UTC).time() == datetime.time(8, 30)  # not 13:30, New York's 9:30
    zones = sorted(str(tz["tzid"]) for tz in calendar.walk("vtimezone"))
    assert zones == ["America/New_York", "Europe/Paris"]


def test_a_spring_class_keeps_its_wall_clock_time_across_the_march_dst_change(spring):
    # given
    section = make_section(spring, meetings=({"days": "Mo We", "start": "14:00", "end": "15:15"},))
    # when
    spans = occurrences(export(spring, [section]))
    # then
    assert [start.date() for start, _ in spans] == class_days("2027-01-11", "2027-04-30", "Mo We")
    assert {(s.astimezone(NEW_YORK).time(), e.astimezone(NEW_YORK).time()) for s, e in spans} == {
        (datetime.time(14), datetime.time(15, 15))
    }
    offsets = {start.date(): start.utcoffset() for start, _ in spans}
    assert offsets[D("2027-03-10")] == datetime.timedelta(hours=-5)
    assert offsets[D("2027-03-15")] == datetime.timedelta(hours=-4)


def test_a_holiday_on_the_first_class_day_moves_the_start_to_the_next_class_day(fall):
    # given
    fall.holidays = ["2026-08-24"]
    fall.save()
    section = make_section(fall, meetings=(MO_WE_FR,))
    # when
    calendar = export(fall, [section])
    # then
    (event,) = calendar.events
    assert event.decoded("dtstart") == datetime.datetime(2026, 8, 26, 10, 0, tzinfo=NEW_YORK)
    assert "EXDATE" not in event
    assert occurrences(calendar)[0][0].date() == D("2026-08-26")


def test_a_half_term_meeting_uses_its_own_date_range_from_its_first_class_day(fall):
    # given a Monday/Wednesday meeting whose own range starts on a Thursday
    meeting = {"days": "Mo We", "start": "14:00", "end": "15:15", "first": "2026-10-15", "last": "2026-12-04"}
    section = make_section(fall, course="HIST 2001", meetings=(meeting,))
    # when
    dates = [start.date() for start, _ in occurrences(export(fall, [section]))]
    # then
    assert dates[0] == D("2026-10-19")
    assert dates[-1] == D("2026-12-02")
    assert dates == class_days("2026-10-15", "2026-12-04", "Mo We")


def test_exams_and_one_off_meetings_are_single_events_on_their_date(fall):
    # given
    exam = {"days": "Th", "start": "19:00", "end": "20:30", "first": "2026-09-24", "last": "2026-09-24", "kind": "exam"}
    lab = {
        "days": "Tu",
        "start": "13:00",
        "end": "16:00",
        "first": "2026-09-01",
        "last": "2026-09-01",
        "kind": "one_off",
    }
    section = make_section(fall, meetings=(TU_TH, exam, lab))
    # when
    calendar = export(fall, [section])
    # then
    singles = {str(event["summary"]): event for event in calendar.events if "RRULE" not in event}
    assert set(singles) == {"CHEM 1410 LEC 001 (exam)", "CHEM 1410 LEC 001"}
    assert occurrences(calendar, "CHEM 1410 LEC 001 (exam)") == [
        (datetime.datetime(2026, 9, 24, 19, tzinfo=NEW_YORK), datetime.datetime(2026, 9, 24, 20, 30, tzinfo=NEW_YORK))
    ]
    lab_starts = [s for s, _ in occurrences(calendar, "CHEM 1410 LEC 001") if s.hour == 13]
    assert lab_starts == [datetime.datetime(2026, 9, 1, 13, tzinfo=NEW_YORK)]


def test_a_one_off_meeting_set_on_a_holiday_is_kept(fall):
    # given
    review = {"days": "Th", "start": "10:00", "end": "12:00", "first": "2026-11-26", "last": "2026-11-26"}
    section = make_section(fall, meetings=({**review, "kind": "one_off"},))
    # when
    spans = occurrences(export(fall, [section]))
    # then
    assert [start.date() for start, _ in spans] == [D("2026-11-26")]


def test_an_exam_dated_over_a_week_is_on_its_weekday_of_that_week_and_a_one_off_on_its_dates_weekday(fall):
    # given: an exam listed on Wednesday, dated Monday 7 to Friday 11 December 2026 (finals
    # week); a one-off listed on Monday and dated Tuesday 1 September; a review listed on Friday
    # and dated over two weeks of October
    exam = {"days": "We", "start": "19:00", "end": "21:00", "first": "2026-12-07", "last": "2026-12-11"}
    one_off = {"days": "Mo", "start": "09:30", "end": "12:30", "first": "2026-09-01", "last": "2026-09-01"}
    review = {"days": "Fr", "start": "14:00", "end": "15:00", "first": "2026-10-05", "last": "2026-10-18"}
    meetings = ({**exam, "kind": "exam"}, {**one_off, "kind": "one_off"}, {**review, "kind": "one_off"})
    section = make_section(fall, meetings=meetings)
    # when
    calendar = export(fall, [section])
    # then: the dates the engine holds them on (docs/engine.md, "Dates")
    assert [s for s, _ in occurrences(calendar, "CHEM 1410 LEC 001 (exam)")] == [
        datetime.datetime(2026, 12, 9, 19, tzinfo=NEW_YORK)
    ]
    assert [s for s, _ in occurrences(calendar, "CHEM 1410 LEC 001")] == [
        datetime.datetime(2026, 9, 1, 9, 30, tzinfo=NEW_YORK),
        datetime.datetime(2026, 10, 9, 14, tzinfo=NEW_YORK),
        datetime.datetime(2026, 10, 16, 14, tzinfo=NEW_YORK),
    ]
    # one event per date, each with a UID of its own (not every calendar app reads RDATE)
    uids = sorted(str(event["uid"]).split("-")[-1] for event in calendar.events)
    assert uids == ["exam0@classtime", "one_off0@classtime", "one_off1.20261016@classtime", "one_off1@classtime"]
    assert not any("RDATE" in event for event in calendar.events)


def test_an_exam_dated_over_days_none_of_which_is_its_weekday_is_named_as_left_out(fall):
    # given: an exam listed on Saturday, dated Monday 7 to Friday 11 December 2026
    exam = {"days": "Sa", "start": "19:00", "end": "21:00", "first": "2026-12-07", "last": "2026-12-11"}
    section = make_section(fall, meetings=(TU_TH, {**exam, "kind": "exam"}))
    # when
    calendar = export(fall, [section])
    # then: the weekly class only; the exam is said to be left out
    assert {str(event["summary"]) for event in calendar.events} == {"CHEM 1410 LEC 001"}
    assert "CHEM 1410 LEC 001 exam" in str(calendar["X-WR-CALDESC"])


def test_the_calendar_holds_the_vtimezone_of_the_institution_zone(fall):
    # given
    section = make_section(fall, meetings=(TU_TH,))
    # when
    calendar = export(fall, [section])
    # then
    (timezone,) = calendar.timezones
    assert timezone.tz_name == "America/New_York"
    assert {component.name for component in timezone.subcomponents} >= {"STANDARD", "DAYLIGHT"}
    assert calendar.get_missing_tzids() == set()
    (event,) = calendar.events
    assert event["DTSTART"].params["TZID"] == event["DTEND"].params["TZID"] == "America/New_York"
    assert str(calendar["X-WR-TIMEZONE"]) == "America/New_York"


def test_times_follow_the_institution_zone(fall):
    # given a Berlin institution, whose clocks go back on Sun 2026-10-25
    fall.institution.timezone = "Europe/Berlin"
    fall.institution.save()
    section = make_section(fall, meetings=(TU_TH,))
    # when
    calendar = export(fall, [section])
    # then
    berlin = ZoneInfo("Europe/Berlin")
    starts = {start.date(): start for start, _ in occurrences(calendar)}
    assert calendar.timezones[0].tz_name == "Europe/Berlin"
    assert starts[D("2026-10-22")].astimezone(datetime.UTC).time() == datetime.time(7, 30)
    assert starts[D("2026-10-27")].astimezone(datetime.UTC).time() == datetime.time(8, 30)
    assert {start.astimezone(berlin).time() for start in starts.values()} == {datetime.time(9, 30)}


def test_two_exports_of_the_same_schedule_have_the_same_uids_and_bytes(fall):
    # given
    exam = {"days": "Th", "start": "19:00", "end": "20:30", "first": "2026-09-24", "kind": "exam"}
    sections = [
        make_section(fall, meetings=(TU_TH, exam)),
        make_section(fall, registrar_id="40011", meetings=(MO_WE_FR,)),
    ]
    term, rows = loaded(fall, sections)
    # when
    first = schedule_calendar(term=term, sections=rows, name="Mine", schedule_uid=SCHEDULE_UID)
    second = schedule_calendar(term=term, sections=rows, name="Mine", schedule_uid=SCHEDULE_UID)
    # then
    uids = [str(event["uid"]) for event in Calendar.from_ical(first).events]
    assert uids == [
        f"{SCHEDULE_UID}-40010-0@classtime",
        f"{SCHEDULE_UID}-40010-exam0@classtime",
        f"{SCHEDULE_UID}-40011-0@classtime",
    ]
    assert first == second


def events_by_uid(term: Term, section: Section) -> dict[str, tuple]:
    """Each event's UID with what it is: its start, its recurrence rule and its summary."""
    return {
        str(event["uid"]): (event.decoded("dtstart"), event.get("rrule"), str(event["summary"]))
        for event in export(term, [section]).events
    }


def relist(section: Section, meetings: tuple[dict, ...]) -> None:
    section.meetings.all().delete()
    add_meetings(section, meetings)


def test_an_exam_listed_before_the_weekly_class_leaves_the_weekly_series_its_uid(fall):
    # given
    exam = {"days": "Fr", "start": "19:00", "end": "21:00", "first": "2026-12-04", "kind": "exam"}
    section = make_section(fall, registrar_id="40023", meetings=(MO_WE_FR,))
    before = events_by_uid(fall, section)
    # when
    relist(section, (exam, MO_WE_FR))
    after = events_by_uid(fall, section)
    # then
    series = f"{SCHEDULE_UID}-40023-0@classtime"
    assert list(before) == [series]
    assert after[series] == before[series]
    assert after[f"{SCHEDULE_UID}-40023-exam0@classtime"][1] is None  # the exam is a single event
    assert len(after) == 2


def test_a_sections_meetings_listed_in_another_order_keep_their_uids(fall):
    # given: two weekly classes, a one-off lab and two exams
    lab = {"days": "Tu", "start": "13:00", "end": "15:00", "first": "2026-09-01", "kind": "one_off"}
    exams = [
        {"days": "Th", "start": "19:00", "end": "20:30", "first": day, "kind": "exam"}
        for day in ("2026-09-24", "2026-10-29")
    ]
    friday = {"days": "Fr", "start": "14:00", "end": "14:50", "location": "Lab 2"}
    meetings = (MO_WE_FR, friday, lab, *exams)
    section = make_section(fall, meetings=meetings)
    before = events_by_uid(fall, section)
    # when
    relist(section, meetings[::-1])
    after = events_by_uid(fall, section)
    # then
    assert after == before
    assert sorted(before) == sorted(
        f"{SCHEDULE_UID}-40010-{number}@classtime" for number in ("0", "1", "one_off0", "exam0", "exam1")
    )


def test_two_schedules_holding_the_same_sections_give_their_events_different_uids(fall):
    # given: plan A and plan B of one student (or a friend's), with the same lecture
    term, rows = loaded(fall, [make_section(fall, meetings=(TU_TH,))])
    # when
    plan_a = schedule_calendar(term=term, sections=rows, name="Plan A", schedule_uid=SCHEDULE_UID)
    plan_b = schedule_calendar(term=term, sections=rows, name="Plan B", schedule_uid=OTHER_SCHEDULE_UID)
    # then: a client subscribed to both neither merges nor rejects the events
    uids_a = {str(event["uid"]) for event in Calendar.from_ical(plan_a).events}
    uids_b = {str(event["uid"]) for event in Calendar.from_ical(plan_b).events}
    assert len(uids_a) == len(uids_b) == 1
    assert uids_a.isdisjoint(uids_b)


def test_the_output_round_trips_with_the_required_properties(fall):
    # given
    section = make_section(fall, meetings=(TU_TH,))
    term, rows = loaded(fall, [section])
    # when
    ics = schedule_calendar(term=term, sections=rows, name="Fall plan", schedule_uid=SCHEDULE_UID)
    # then
    calendar = Calendar.from_ical(ics)
    calendar.validate()
    assert calendar.to_ical() == ics
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n") and ics.endswith(b"END:VCALENDAR\r\n")
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Classtime//Schedule calendar//EN"
    assert str(calendar["X-WR-CALNAME"]) == "Fall plan"
    (event,) = calendar.events
    assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "RRULE", "SUMMARY"} <= set(event)
    assert event.decoded("dtstamp").utcoffset() == datetime.timedelta(0)


def test_an_event_names_its_section_room_title_and_instructors(fall):
    # given
    section = make_section(fall, meetings=(TU_TH,))
    # when
    (event,) = export(fall, [section]).events
    # then
    assert str(event["summary"]) == "CHEM 1410 LEC 001"
    assert str(event["location"]) == "Chemistry Bldg 402"
    assert str(event["description"]) == "Title of CHEM 1410\nInstructors: Marie Curie; Pierre Curie"
    assert "STATUS" not in event


def test_a_cancelled_section_has_cancelled_events(fall):
    # given
    section = make_section(fall, status=Section.Status.CANCELLED, meetings=(TU_TH,))
    # when
    (event,) = export(fall, [section]).events
    # then
    assert str(event["status"]) == "CANCELLED"


def test_a_withdrawn_section_has_cancelled_events_like_a_cancelled_one(fall):
    # given: the registrar no longer lists the section (a re-import marked it withdrawn)
    section = make_section(fall, meetings=(TU_TH, MO_WE_FR))
    Section.objects.filter(pk=section.pk).update(withdrawn_at=datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC))
    # when
    events = export(fall, [section]).events
    # then
    assert [str(event["status"]) for event in events] == ["CANCELLED", "CANCELLED"]


def test_sections_without_a_timed_meeting_give_no_event_and_are_named_in_the_description(fall):
    # given
    timed = make_section(fall, meetings=(TU_TH,))
    arranged = make_section(fall, course="CS 4993", kind="IND", code="002", registrar_id="2", meetings=({},))
    empty = make_section(fall, course="CS 4993", kind="IND", code="001", registrar_id="3")
    # when
    calendar = export(fall, [timed, arranged, empty])
    # then
    assert [str(event["summary"]) for event in calendar.events] == ["CHEM 1410 LEC 001"]
    description = (
        "Fall 2026, Demo University\nNot on this calendar (no set time or date): CS 4993 IND 002, CS 4993 IND 001"
    )
    assert str(calendar["DESCRIPTION"]) == description
    assert str(calendar["X-WR-CALDESC"]) == description.replace(",", "\\,").replace("\n", "\\n")  # TEXT escapes


def test_an_exam_with_no_date_is_named_in_the_description_beside_its_sections_classes(fall):
    # given: a lecture whose exam has a time but no date yet
    undated_exam = {"days": "Th", "start": "19:00", "end": "20:30", "kind": Meeting.Kind.EXAM}
    section = make_section(fall, meetings=(TU_TH, undated_exam))
    # when
    calendar = export(fall, [section])
    # then: the classes are on the calendar, the exam is said to be missing
    assert [str(event["summary"]) for event in calendar.events] == ["CHEM 1410 LEC 001"]
    assert str(calendar["DESCRIPTION"]) == (
        "Fall 2026, Demo University\nNot on this calendar (no set time or date): CHEM 1410 LEC 001 exam"
    )


def test_an_empty_schedule_is_a_valid_calendar_with_its_time_zone(fall):
    # when
    calendar = export(fall, [])
    # then
    calendar.validate()
    assert calendar.events == []
    assert [timezone.tz_name for timezone in calendar.timezones] == ["America/New_York"]


def test_no_query_runs_when_the_caller_prefetched_meetings_and_courses(fall, django_assert_num_queries):
    # given
    sections = [make_section(fall, registrar_id=str(n), meetings=(TU_TH, MO_WE_FR)) for n in range(5)]
    term, rows = loaded(fall, sections)
    # when
    with django_assert_num_queries(0):
        ics = schedule_calendar(term=term, sections=rows, name="Mine", schedule_uid=SCHEDULE_UID)
    # then
    assert len(Calendar.from_ical(ics).events) == 10


def test_the_demo_catalog_exports_weekly_half_term_exam_and_one_off_meetings():
    # given
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)
    term = Term.objects.get(code="2026-fall")
    sections = list(Section.objects.filter(term=term, registrar_id__in=["40010", "40018", "40041", "40045"]))
    holidays = tuple(term.holidays)
    # when
    calendar = export(term, sections, name="Demo")
    # then
    chem = [s.date() for s, _ in occurrences(calendar, "CHEM 1410 LEC 100")]
    exams = [s.date() for s, _ in occurrences(calendar, "CHEM 1410 LEC 100 (exam)")]
    labs = [s.date() for s, _ in occurrences(calendar, "CHEM 1411 LAB 001")]
    history = [s.date() for s, _ in occurrences(calendar, "HIST 2001 LEC 002")]
    assert chem == class_days("2026-08-24", "2026-12-11", "Mo We Fr", holidays)
    assert exams == [D("2026-09-24"), D("2026-10-29")]
    assert labs == [D("2026-09-01"), D("2026-09-29"), D("2026-10-27"), D("2026-11-17")]
    assert history == class_days("2026-10-19", "2026-12-11", "Mo We", holidays)
    assert len(calendar.events) == 1 + 2 + 4 + 1
    assert str(calendar["DESCRIPTION"]).endswith(": CS 4993 IND 001")


def test_a_weekly_meeting_with_no_dates_in_an_undated_term_is_left_out_rather_than_endless(fall):
    # given
    fall.first_day = fall.last_day = None
    fall.save()
    section = make_section(fall, meetings=(TU_TH, {"days": "Th", "start": "19:00", "end": "20:30", "kind": "exam"}))
    # when
    calendar = export(fall, [section])
    # then
    assert calendar.events == []
    assert str(calendar["DESCRIPTION"]).endswith("(no set time or date): CHEM 1410 LEC 001")
    assert [timezone.tz_name for timezone in calendar.timezones] == ["America/New_York"]


def test_a_name_with_commas_and_new_lines_is_escaped_as_text(fall):
    # given
    name = "Fall, plan B\nwith labs"
    # when
    calendar = export(fall, [], name=name)
    # then
    escaped = "Fall\\, plan B\\nwith labs"  # icalendar parses NAME and X- properties without unescaping
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"]) == escaped


def test_a_subscribed_calendar_is_told_to_fetch_the_feed_again_every_six_hours(fall):
    # when
    calendar = export(fall, [make_section(fall)])
    # then: RFC 7986's REFRESH-INTERVAL and the X- property Outlook reads
    assert calendar["REFRESH-INTERVAL"].dt == datetime.timedelta(hours=6)
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT6H"


def test_control_characters_of_the_catalogs_text_are_each_run_one_space_and_line_breaks_stay_escaped(fall):
    # given: a room, a title and an instructor pasted with a bell, an escape, a vertical tab...
    section = make_section(fall, meetings=({**TU_TH, "location": "Chem\x07\x1b[1m 402\x0b\x7fB"},))
    section.instructors = ["Marie\x01\x08Curie"]
    section.save()
    Course.objects.filter(pk=section.component.course_id).update(title="General\x1bChemistry\r\nLab\tnotes")
    # when
    term, rows = loaded(fall, [section])
    ics = schedule_calendar(term=term, sections=rows, name="My fall", schedule_uid=SCHEDULE_UID)
    # then: none of them in the file; tab kept, the line break escaped as before
    assert not any(ord(c) < 0x20 and c not in "\t\r\n" or c == "\x7f" for c in ics.decode())
    (event,) = Calendar.from_ical(ics).events
    assert str(event["location"]) == "Chem [1m 402 B"
    assert str(event["description"]) == "General Chemistry\nLab\tnotes\nInstructors: Marie Curie"


def test_a_class_or_exam_ending_at_midnight_ends_at_0000_of_the_next_day_not_2359(fall):
    # given: a late lab and a late exam, stored ending at 23:59 as imports store a midnight end
    late = {"days": "Tu", "start": "21:00", "end": "23:59", "location": "Observatory"}
    exam = {"days": "Fr", "start": "22:00", "end": "23:59", "first": "2026-12-11", "kind": "exam"}
    section = make_section(fall, meetings=(late, exam))
    # when
    calendar = export(fall, [section])
    # then: every occurrence ends at midnight, the weekly ones each on the day after it began
    times = occurrences(calendar)
    assert times[0] == (
        datetime.datetime(2026, 8, 25, 21, 0, tzinfo=NEW_YORK),
        datetime.datetime(2026, 8, 26, 0, 0, tzinfo=NEW_YORK),
    )
    assert all(end - start == datetime.timedelta(hours=3) for start, end in times[:-1])
    assert times[-1][1] == datetime.datetime(2026, 12, 12, 0, 0, tzinfo=NEW_YORK)
    assert len(times) == len(class_days("2026-08-24", "2026-12-11", "Tu")) + 1


def test_a_class_whose_every_date_is_a_holiday_is_named_as_never_held_not_as_without_a_time(fall):
    # given: a We/Th/Fr class dated 25 to 27 November 2026, all three days holidays
    fall.holidays = [*fall.holidays, "2026-11-25", "2026-11-27"]
    fall.save()
    holiday_week = {"days": "We Th Fr", "start": "13:00", "end": "14:00", "first": "2026-11-25", "last": "2026-11-27"}
    timed = make_section(fall, meetings=(TU_TH,))
    never = make_section(fall, course="HIST 2001", kind="SEM", registrar_id="2", meetings=(holiday_week,))
    arranged = make_section(fall, course="CS 4993", kind="IND", registrar_id="3", meetings=({},))
    # when
    calendar = export(fall, [timed, never, arranged])
    # then: each is told why it is not there
    assert [str(event["summary"]) for event in calendar.events] == ["CHEM 1410 LEC 001"]
    assert str(calendar["DESCRIPTION"]) == (
        "Fall 2026, Demo University\nNot on this calendar (no set time or date): CS 4993 IND 001"
        "\nNot on this calendar (never held: every date is a holiday or outside its dates): HIST 2001 SEM 001"
    )


def test_an_exam_dated_over_a_range_none_of_its_weekdays_falls_in_is_named_as_never_held(fall):
    # given: a Monday exam dated Tuesday 8 to Friday 11 December 2026, beside a weekly class
    exam = {**TU_TH, "days": "Mo", "first": "2026-12-08", "last": "2026-12-11", "kind": "exam"}
    section = make_section(fall, meetings=(TU_TH, exam))
    # when
    calendar = export(fall, [section])
    # then: the class is on the calendar, the exam named as never held, not as undated
    assert {str(event["summary"]) for event in calendar.events} == {"CHEM 1410 LEC 001"}
    assert str(calendar["DESCRIPTION"]) == (
        "Fall 2026, Demo University"
        "\nNot on this calendar (never held: every date is a holiday or outside its dates): CHEM 1410 LEC 001 exam"
    )


def test_a_section_with_no_set_time_and_an_exam_never_held_is_told_as_both(fall):
    # given: an arranged class (no set time) and a Monday exam dated Tuesday to Friday
    exam = {**TU_TH, "days": "Mo", "first": "2026-12-08", "last": "2026-12-11", "kind": "exam"}
    section = make_section(fall, course="CS 4993", kind="IND", meetings=({}, exam))
    # when
    calendar = export(fall, [section])
    # then: the section has no set time; its exam is never held
    assert calendar.events == []
    assert str(calendar["DESCRIPTION"]) == (
        "Fall 2026, Demo University\nNot on this calendar (no set time or date): CS 4993 IND 001"
        "\nNot on this calendar (never held: every date is a holiday or outside its dates): CS 4993 IND 001 exam"
    )
