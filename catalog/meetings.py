"""A section's meetings as a multiset: the order a file lists them in means nothing.

A registrar's export need not keep a section's meetings in one order (a student-information
system without a stable row order, two exams swapped), so a re-import compares meetings without
their order, an import writes a section's meetings in one canonical order (`meeting_order`), and
a calendar numbers them in that order within their kind (docs/calendar.md, UIDs).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from typing import Any

from catalog.models import Meeting, days_to_mask, mask_to_days
from catalog.sources.records import MeetingRecord


def meeting_key(m: MeetingRecord | Meeting) -> tuple:
    """What an import compares of a meeting, the same for a file's record and a catalog row:
    (days mask, start, end, first date, last date, location, kind)."""
    if isinstance(m, Meeting):
        return (m.days, m.start_time, m.end_time, m.first_date, m.last_date, m.location, m.kind)
    return (days_to_mask(m.days), m.start, m.end, m.first_date, m.last_date, m.location, m.kind)


def meeting_order(m: MeetingRecord | Meeting) -> tuple:
    """The sort key of a section's canonical meeting order: weekly classes first (by weekdays,
    then time, dates and room; untimed ones last), then exams and one-off meetings by date and
    time. It orders any two meetings, set fields or not, and tells apart any two that differ.

    >>> from datetime import time
    >>> lab = MeetingRecord(days=(1,), start=time(14), end=time(15))
    >>> lecture = MeetingRecord(days=(0, 2, 4), start=time(9), end=time(10))
    >>> [m.days for m in sorted([lab, lecture], key=meeting_order)]
    [(0, 2, 4), (1,)]
    """
    mask, start, end, first, last, location, kind = meeting_key(m)

    def either(value: Any) -> tuple:  # an unset value after every set one, never compared with it
        return (value is None, value)

    when = (either(first), either(last))
    if kind == Meeting.Kind.WEEKLY:
        return (0, start is None, mask_to_days(mask), either(start), either(end), *when, location, kind)
    return (1, *when, either(start), either(end), mask_to_days(mask), location, kind)


def meeting_changes(old: Sequence[tuple[Hashable, Hashable]], new: Sequence[tuple[Hashable, Hashable]]) -> list[str]:
    """What differs between two lists of a section's meetings, each meeting a (when, where) pair,
    compared as multisets: `time` when the whens differ, `location` when a when kept in both is
    now in another room (rooms swapped between two meetings) or a room is new or gone (a
    meeting dropped from a room others still meet in is a change of time only); [] when both
    list the same meetings, in any order.

    >>> mwf, tu = "MoWeFr 09:00-09:50", "Tu 14:00-15:50"
    >>> meeting_changes([(mwf, "Hall 1"), (tu, "Lab 2")], [(tu, "Lab 2"), (mwf, "Hall 1")])
    []
    >>> meeting_changes([(mwf, "Hall 1"), (tu, "Lab 2")], [(mwf, "Lab 2"), (tu, "Hall 1")])
    ['location']
    >>> meeting_changes([(mwf, "Hall 1"), (tu, "Hall 1")], [(mwf, "Hall 1")])
    ['time']
    >>> meeting_changes([(mwf, "Hall 1"), (tu, "Hall 1")], [(mwf, "Hall 1"), ("Th 14:00-15:50", "Lab 2")])
    ['time', 'location']
    """
    names = []
    if Counter(when for when, _ in old) != Counter(when for when, _ in new):
        names.append("time")
    rooms_then: defaultdict[Hashable, Counter] = defaultdict(Counter)
    rooms_now: defaultdict[Hashable, Counter] = defaultdict(Counter)
    for when, where in old:
        rooms_then[when][where] += 1
    for when, where in new:
        rooms_now[when][where] += 1
    moved = any(rooms_then[when] != rooms_now[when] for when in rooms_then.keys() & rooms_now.keys())
    if moved or {where for _, where in old} != {where for _, where in new}:
        names.append("location")
    return names
