"""Date ranges of meetings and busy blocks: inclusive, a missing date meaning the whole term."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from scheduler.engine.types import WEEKLY, BusyBlock, Meeting

FAR_PAST = date(1, 1, 1)
FAR_FUTURE = date(9999, 12, 31)


def span(m: Meeting | BusyBlock) -> tuple[date, date]:
    return (m.first_date or FAR_PAST, m.last_date or FAR_FUTURE)


def shares_weekday(lo: date, hi: date, day: int) -> bool:
    """Whether the inclusive date range [lo, hi] holds a date falling on weekday `day`."""
    if hi < lo:
        return False
    # the range covers the weekdays lo.weekday() + 0, 1, ... (hi - lo).days, modulo 7
    return (day - lo.weekday()) % 7 <= (hi - lo).days


def as_held(m: Meeting, holidays: frozenset[date] = frozenset()) -> Meeting | None:
    """The meeting as it takes place, or None when it never does. A one-off meeting or exam with
    one date (or only a first or only a last date) is held on that date, so on the date's weekday
    whatever weekday it is listed on (the date is the truth); any other meeting on the dates of
    its range that fall on its weekday, and with none it never takes place. A weekly meeting
    every one of whose dates is a holiday never takes place either (one-off meetings and exams
    are held on holidays)."""
    first, last = m.first_date, m.last_date
    if first is None and last is None:
        return m  # the whole term
    if m.kind != WEEKLY and (first is None or last is None or first == last):
        one = first or last  # one date given (the other left out): that date
        if first == last and one.weekday() == m.day:
            return m
        return replace(m, day=one.weekday(), first_date=one, last_date=one)
    lo, hi = span(m)
    return m if held_between(lo, hi, m.day, holidays if m.kind == WEEKLY else frozenset()) else None


def held_between(lo: date, hi: date, day: int, holidays: frozenset[date] = frozenset()) -> bool:
    """Whether the inclusive date range [lo, hi] holds a date falling on weekday `day` that is
    not a holiday."""
    if not shares_weekday(lo, hi, day):
        return False
    if not holidays:
        return True
    on = lo + timedelta(days=(day - lo.weekday()) % 7)  # the first such date
    count = (hi - on).days // 7 + 1
    if count > len(holidays):
        return True  # more such dates than holidays: some date is held
    return any(on + timedelta(days=7 * k) not in holidays for k in range(count))


def busy_meetings(block: BusyBlock) -> tuple[Meeting, ...]:
    """The block with its buffers as meetings. A buffer that crosses midnight goes on into the
    next weekdays (or back into the ones before), its dates shifted as many days: rest after a
    late shift still keeps the early morning free."""
    return spread(block, block.start - block.buffer_before, block.end + block.buffer_after)


def busy_parts(block: BusyBlock) -> tuple[tuple[Meeting, ...], tuple[Meeting, ...]]:
    """(the block itself, its buffers) as meetings, split at midnight as `busy_meetings` does:
    the block occupies the student's day, its buffers are time kept free (the costs of a day's
    shape tell them apart)."""
    before = spread(block, block.start - block.buffer_before, block.start)
    after = spread(block, block.end, block.end + block.buffer_after)
    return spread(block, block.start, block.end), before + after


def spread(block: BusyBlock, start: int, end: int) -> tuple[Meeting, ...]:
    """Minutes `start` to `end` of each of the block's days as meetings, a part past midnight
    (or before it) on the next (or previous) weekdays, its dates shifted as many days."""
    day = 24 * 60
    found = []
    for offset in range(start // day, -(-end // day)):  # the days the minutes touch
        piece_start, piece_end = max(start, offset * day), min(end, (offset + 1) * day)
        if piece_end <= piece_start:
            continue
        first, last = shift(block.first_date, offset), shift(block.last_date, offset)
        for d in block.days:
            found.append(
                Meeting(
                    (d + offset) % 7,
                    piece_start - offset * day,
                    piece_end - offset * day,
                    first,
                    last,
                )
            )
    return tuple(found)


def shift(when: date | None, days: int) -> date | None:
    """`when` moved by `days`, kept within the calendar (None, the whole term, stays None)."""
    if when is None or not days:
        return when
    try:
        return when + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min
