"""Back-to-back classes in different buildings: a warning on the schedule, never a constraint.

A student whose class ends at 9:50 in one building and whose next starts at 10:00 across campus
wants to know before registering. The warning decides nothing: no schedule is removed or priced
for it (docs/engine.md, "Back-to-back classes in different buildings").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from scheduler.engine.dates import as_held, held_between, shares_weekday, span
from scheduler.engine.types import EXAM, WEEKDAY_NAMES, WEEKLY, Meeting

MAX_GAP = 240  # minutes: a longer "back to back" is no rush between classes


def travel_warnings(
    sections: Iterable[tuple[str, tuple[Meeting, ...]]],
    max_gap: int,
    holidays: frozenset[date] = frozenset(),
) -> tuple[str, ...]:
    """A warning for each pair of consecutive classes (weekly or one-off meetings as held, exams
    apart) of these (label, meetings) sections on one weekday and a common date that one of them
    ends at most `max_gap` minutes before the other starts in another building, a pair repeated
    on several weekdays said once with all its days:

    >>> lec = ("CS 2100 LEC", (Meeting(1, 480, 555, building="Rice Hall"),
    ...                        Meeting(3, 480, 555, building="Rice Hall")))
    >>> math = ("MATH 3351 LEC", (Meeting(1, 570, 645, building="Kerchof Hall"),
    ...                           Meeting(3, 570, 645, building="Kerchof Hall")))
    >>> for part in travel_warnings([lec, math], 15)[0].split(", "):
    ...     print(part)
    Tuesday and Thursday: CS 2100 LEC ends 09:15 in Rice Hall
    MATH 3351 LEC starts 09:30 in Kerchof Hall (15 minutes)

    A meeting with no building (TBA, online) is never in another building. Two meetings are on
    a common date when their date ranges share a date on their weekday (that is no holiday, when
    either is weekly: a weekly class is not held on one); a meeting of the schedule in between
    on such a date makes them not consecutive."""
    return back_to_back(
        [held for label, meetings in sections for held in held_classes(label, meetings, holidays)],
        max_gap,
        holidays,
    )


Class = tuple[str, Meeting]  # a section's label and one of its meetings as held


def held_classes(
    label: str, meetings: tuple[Meeting, ...], holidays: frozenset[date]
) -> list[Class]:
    """The section's timed weekly and one-off meetings that take place, as held (a one-off
    meeting on its date's weekday), with its label: what `back_to_back` walks between."""
    found = []
    for m in meetings:
        if m.kind != EXAM and m.end > m.start and (held := as_held(m, holidays)) is not None:
            found.append((label, held))
    return found


def back_to_back(
    classes: list[Class],
    max_gap: int,
    holidays: frozenset[date],
    days_seen: dict[tuple, list[tuple]] | None = None,
) -> tuple[str, ...]:
    """`travel_warnings` on a schedule's classes as `held_classes` gives them. `days_seen`, kept
    by the caller across the schedules of one answer (whose classes are the same objects, kept
    alive by it), holds each day's pairs by the day's classes: the schedules of an answer share
    most of their days."""
    if len({m.building for _, m in classes if m.building}) < 2:
        return ()  # one building or none: no change of building (the common case of no rooms)
    held: dict[int, list[Class]] = {}
    for c in classes:
        held.setdefault(c[1].day, []).append(c)
    said: dict[tuple, list[int]] = {}  # a pair's words but its days → its days
    for day in sorted(held):
        if days_seen is None:
            pairs = day_pairs(day, held[day], max_gap, holidays)
        else:
            seen = (day, frozenset(map(id, held[day])))
            if (pairs := days_seen.get(seen)) is None:
                pairs = days_seen[seen] = day_pairs(day, held[day], max_gap, holidays)
        for key in pairs:
            said.setdefault(key, []).append(day)
    return tuple(
        f"{days_words(days)}{on}: {label_a} ends {clock(end)} in {building_a}, {label_b} starts "
        f"{clock(start)} in {building_b} ({gap} minute{'' if gap == 1 else 's'})"
        for (label_a, end, building_a, label_b, start, building_b, gap, on), days in said.items()
    )


def day_pairs(
    day: int, classes: list[Class], max_gap: int, holidays: frozenset[date]
) -> list[tuple]:
    """The back-to-back pairs in different buildings among one weekday's classes, each as the
    words of its warning but its days."""
    pairs = []
    ordered = sorted(classes, key=lambda item: (item[1].start, item[1].end))
    for ia, (label_a, a) in enumerate(ordered):
        if not a.building:
            continue
        # a class starting after `a` ends comes after it in this order, and one between the two
        # (starting after `a` ends, ending before the other starts) between them
        for ib in range(ia + 1, len(ordered)):
            label_b, b = ordered[ib]
            gap = b.start - a.end
            if gap > max_gap:
                break
            if gap < 0 or not b.building or same_building(a.building, b.building):
                continue
            together = together_between(a, b, holidays)
            if together is None or any(
                a.end <= m.start and m.end <= b.start and shares_weekday(*within(together, m), day)
                for _, m in ordered[ia + 1 : ib]
            ):
                continue
            lo, hi = together
            on = f" {lo}" if lo == hi else ""  # one date (one-off sessions): said
            pairs.append((label_a, a.end, a.building, label_b, b.start, b.building, gap, on))
    return pairs


def same_building(a: str, b: str) -> bool:
    """One building named twice: the same name, or one name's words the first words of the
    other's ("Slaughter Rec" and "Slaughter Rec Gymnasium CT", "Aquatic & Fitness Ctr" and
    "Aquatic & Fitness Ctr N Pool": Virginia names a building's courts and pools after it)."""
    if a == b:
        return True
    short, long = sorted((a.split(), b.split()), key=len)
    return long[: len(short)] == short


def together_between(a: Meeting, b: Meeting, holidays: frozenset[date]) -> tuple[date, date] | None:
    """The dates both meetings (on one weekday) span, or None when they hold no date of their
    weekday that both are held on."""
    (a1, a2), (b1, b2) = span(a), span(b)
    lo, hi = max(a1, b1), min(a2, b2)
    off = holidays if WEEKLY in (a.kind, b.kind) else frozenset()
    return (lo, hi) if held_between(lo, hi, a.day, off) else None


def within(dates: tuple[date, date], m: Meeting) -> tuple[date, date]:
    lo, hi = span(m)
    return max(dates[0], lo), min(dates[1], hi)


def days_words(days: list[int]) -> str:
    names = [WEEKDAY_NAMES[d] for d in days]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def clock(minutes: int) -> str:
    """09:15, 13:50: the time as the engine's other warnings say it."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
