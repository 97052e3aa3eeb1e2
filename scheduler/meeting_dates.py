"""When an exam or one-off meeting is held, as the engine reads it (`engine.dates.as_held`), for
what shows it outside the engine: the calendar export, the saved and shared pages, change alerts
and emails, the grid."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from catalog.sources.records import WEEKDAYS
from scheduler.engine.dates import held_between, shares_weekday


def single_dates(
    weekdays: Iterable[int],
    first: datetime.date | None,
    last: datetime.date | None,
) -> list[datetime.date]:
    """The dates an exam or one-off meeting listed on `weekdays` (0 = Monday) is held on: its one
    date (or the one of first and last given) whatever weekday it is listed on (the date is the
    truth); with a range, the range's dates that fall on its weekdays (none: it never takes
    place); [] for a meeting with no date (the registrar has not dated the exam yet)."""
    if first is None and last is None:
        return []
    if first is None or last is None or first == last:
        return [first or last]
    lo, hi = first, last
    wanted = set(weekdays)
    return [day for n in range((hi - lo).days + 1) if (day := lo + datetime.timedelta(days=n)).weekday() in wanted]


def held_on(meeting: dict) -> tuple[list[str], list[datetime.date]]:
    """A meeting as pages, alerts and emails hold it (two-letter `days`, ISO dates): the weekdays
    to say it on, and for an exam or one-off the dates it is held on (`single_dates`), said on
    their weekday when they all fall on one, whatever weekday it is listed on. A weekly meeting
    keeps its days, and no dates are listed for it."""
    days = meeting["days"]
    if meeting["kind"] == "weekly":
        return days, []
    first, last = (datetime.date.fromisoformat(d) if d else None for d in (meeting["first_date"], meeting["last_date"]))
    held = single_dates([WEEKDAYS.index(day) for day in days], first, last)
    if len({day.weekday() for day in held}) == 1:
        days = [WEEKDAYS[held[0].weekday()]]
    return days, held


def weekly_held(day: int, first: datetime.date | None, last: datetime.date | None, holidays: frozenset) -> bool:
    """Whether a weekly meeting on weekday `day` dated `first` to `last` (None: the whole term)
    takes place at all: some date of its range on its weekday that is not a holiday."""
    return held_between(first or datetime.date.min, last or datetime.date.max, day, holidays)


def shared_dates(a: tuple, b: tuple) -> tuple[datetime.date, datetime.date]:
    """The dates two meetings dated a = (first, last) and b (None: the whole term) are both held
    between, an open end as `date.min` or `date.max` (empty when the first is after the last)."""
    lo = max(a[0] or datetime.date.min, b[0] or datetime.date.min)
    hi = min(a[1] or datetime.date.max, b[1] or datetime.date.max)
    return lo, hi


def share_a_day(day: int, a: tuple, b: tuple) -> bool:
    """Whether two weekly meetings on weekday `day`, dated a = (first, last) and b (None: the
    whole term), share a date on that weekday: the engine's rule for a clash, holidays aside."""
    return shares_weekday(*shared_dates(a, b), day)


def timed_pieces(meetings: list[dict]) -> list[tuple[int, str, str, datetime.date | None, datetime.date | None]]:
    """A section's meetings that hold a seat at a time, as (weekday, start, end, first date, last
    date) pieces: a weekly meeting on each of its days over its range, an exam or one-off on each
    date it is held on (`held_on`). Exams are left out: the engine warns of an exam clash, never
    refuses one."""
    pieces = []
    for m in meetings:
        if not m["start"] or not m["end"] or m["kind"] == "exam":
            continue
        if m["kind"] == "weekly":
            first, last = (datetime.date.fromisoformat(d) if d else None for d in (m["first_date"], m["last_date"]))
            pieces += [(WEEKDAYS.index(day), m["start"], m["end"], first, last) for day in m["days"]]
        else:
            pieces += [(held.weekday(), m["start"], m["end"], held, held) for held in held_on(m)[1]]
    return pieces


def section_takes_place(section: dict) -> bool:
    """Whether a section (a snapshot, or one rendered for a page or a generation's results) can
    still be taken: neither withdrawn nor cancelled by the registrar. Nothing clashes with one
    that cannot (the swap hints, the change emails, the grid): its class does not take place."""
    return not section.get("withdrawn") and section.get("status") != "cancelled"  # Section.Status.CANCELLED


Overlap = tuple[int, str, str, datetime.date | None, datetime.date | None]


def meeting_overlaps(a: list[dict], b: list[dict]) -> list[Overlap]:
    """When two sections' meetings (as pages hold them: two-letter days, "HH:MM" times, ISO
    dates) overlap on a date both are held on, as the engine decides a clash (holidays aside):
    the same weekday, times overlapping (a class ending 9:00 and one starting 9:00 do not) and
    a shared date on that weekday. Each overlap once, as (weekday, start, end, first, last): the
    time both take, and the dates both are held between (None: from the term's start, to its
    end); [] when they do not clash."""
    theirs = timed_pieces(b)
    found = []
    for day, start, end, first, last in timed_pieces(a):
        for other_day, other_start, other_end, other_first, other_last in theirs:
            if day == other_day and start < other_end and other_start < end:
                lo, hi = shared_dates((first, last), (other_first, other_last))
                if shares_weekday(lo, hi, day):
                    both = (None if lo == datetime.date.min else lo, None if hi == datetime.date.max else hi)
                    found.append((day, max(start, other_start), min(end, other_end), *both))
    return list(dict.fromkeys(found))


def meetings_clash(a: list[dict], b: list[dict]) -> bool:
    """Whether two sections' meetings clash (`meeting_overlaps`): what the schedule's page says
    of its swap choices and swaps, and the change emails of the clashes a change makes."""
    return bool(meeting_overlaps(a, b))


def overlaps_words(
    overlaps: list[Overlap], *, term_first: datetime.date | None = None, term_last: datetime.date | None = None
) -> str:
    """`meeting_overlaps` in words, a time's days together, with the dates where they are not
    the whole term's (`term_first` to `term_last`), as the pages say a meeting's dates: "MoWe
    10:00–10:50; Fr 10:00–10:30", "Tu 13:00–16:00 on 2026-09-01, 2026-09-29", "MoWe 10:00–10:50,
    2026-10-12 to …" (a half-term course against one dated to the term's end)."""
    groups: dict[tuple[str, str, str], tuple[set[int], set[datetime.date]]] = {}
    for day, start, end, first, last in overlaps:
        if first is not None and first == last:
            when = "on"
        elif (first is None or (term_first is not None and first <= term_first)) and (
            last is None or (term_last is not None and last >= term_last)
        ):
            when = ""
        else:
            when = f", {first or '…'} to {last or '…'}"
        days, dates = groups.setdefault((start, end, when), (set(), set()))
        days.add(day)
        if when == "on":
            dates.add(first)
    words = []
    for (start, end, when), (days, dates) in sorted(groups.items(), key=lambda item: (min(item[1][0]), item[0])):
        line = f"{''.join(WEEKDAYS[d] for d in sorted(days))} {start}–{end}"
        words.append(line + (" on " + ", ".join(map(str, sorted(dates))) if when == "on" else when))
    return "; ".join(words)
