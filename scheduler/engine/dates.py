"""Date ranges of meetings and busy blocks: inclusive, a missing date meaning the whole term."""

from __future__ import annotations

from datetime import date

from scheduler.engine.types import BusyBlock, Meeting

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
