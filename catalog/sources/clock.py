"""Reading registrar clock times and dates written for people ("1:00pm", "Aug 22, 2022")."""

from __future__ import annotations

import re
from datetime import date, datetime, time

TWELVE_HOUR = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*([ap])\.?m\.?\s*$", re.IGNORECASE)


def twelve_hour(text: str) -> time:
    """'1:05pm' / '8:25 AM' → time; ValueError naming the text when it is no such time."""
    match = TWELVE_HOUR.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a 12-hour time such as '1:00pm'")
    hour, minute, half = int(match[1]), int(match[2]), match[3].lower()
    if not (1 <= hour <= 12 and minute < 60):
        raise ValueError(f"{text!r} is not a possible time of day")
    hour = hour % 12 + (12 if half == "p" else 0)
    return time(hour, minute)


def parse_date(text: str, formats: tuple[str, ...]) -> date:
    """The first format that reads `text`; ValueError naming the text otherwise."""
    for fmt in formats:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date in the form {' or '.join(formats)}")


def date_range(text: str, formats: tuple[str, ...]) -> tuple[date, date]:
    """'08/26/2025 - 12/09/2025' → (first, last)."""
    parts = text.split(" - ")
    if len(parts) != 2:
        raise ValueError(f"{text!r} is not a date range 'FIRST - LAST'")
    return parse_date(parts[0], formats), parse_date(parts[1], formats)


def time_range(text: str) -> tuple[time, time]:
    """'8:25 am - 9:15 am' → (start, end), not checked for order."""
    parts = re.split(r"\s+-\s+|-", text.strip(), maxsplit=1)
    if len(parts) != 2:
        raise ValueError(f"{text!r} is not a time range 'START - END'")
    return twelve_hour(parts[0]), twelve_hour(parts[1])


def meeting_problem(start: time, end: time, first: date | None, last: date | None) -> str:
    """Why a timed meeting cannot be scheduled ('' when it can): placeholder, end before start,
    last date before first."""
    if start == end == time(0, 0):
        return "placeholder meeting 12:00am - 12:00am"
    if start == end:
        return f"zero-length meeting at {start:%H:%M}"
    if end < start:
        return f"end {end:%H:%M} is before start {start:%H:%M}"
    if first and last and last < first:
        return f"last date {last} is before first date {first}"
    return ""
