"""A schedule drawn as a weekly grid of text, for the terminal."""

from __future__ import annotations

from datetime import date

from catalog.sources.records import WEEKDAYS
from scheduler.meeting_dates import share_a_day, weekly_held

SLOT = 30  # minutes per row


def hhmm_minutes(value: str) -> int:
    hours, mins = value.split(":")
    return int(hours) * 60 + int(mins)


Cell = list[tuple[str, date | None, date | None]]  # (label, first date, last date) of each meeting in a slot


def week_cells(
    sections: list[dict], label, holidays: frozenset[date] = frozenset()
) -> tuple[dict[tuple[int, int], Cell], list[int], range]:
    """The weekly meetings of `sections` on half-hour slots: {(weekday, slot): [(label, first
    date, last date)]}, the weekdays to show (Mo–Fr always) and the slots from the first class
    to the last (empty when nothing has a set weekly time). `sections` are rendered result
    sections (see scheduler.requests.result_render); `label` names a section in its cells. A
    weekday of a meeting whose dates hold none of it, or only `holidays`, is left out: it never
    takes place (as the engine and the calendar export read it)."""
    cells: dict[tuple[int, int], Cell] = {}
    first, last = 24 * 60, 0
    days_used = set(range(5))
    for section in sections:
        name = label(section)
        own: dict[tuple[int, int], tuple[date | None, date | None]] = {}  # the section's dates per slot
        for m in section["meetings"]:
            if not m["start"] or m["kind"] != "weekly":
                continue
            start, end = hhmm_minutes(m["start"]), hhmm_minutes(m["end"])
            dates = tuple(date.fromisoformat(d) if d else None for d in (m.get("first_date"), m.get("last_date")))
            held = [d for d in map(WEEKDAYS.index, m["days"]) if weekly_held(d, *dates, holidays)]
            if held:
                first, last = min(first, start), max(last, end)
            for d in held:
                days_used.add(d)
                for slot in range(start // SLOT, -(-end // SLOT)):
                    # one class listed again with other dates (a room change for some weeks) is
                    # one entry of its slot, over all its dates: it never clashes with itself
                    own[d, slot] = widest(own[d, slot], dates) if (d, slot) in own else dates
        for key, dates in own.items():
            cells.setdefault(key, []).append((name, *dates))
    slots = range(first // SLOT, -(-last // SLOT)) if last else range(0)
    return cells, sorted(days_used), slots


def widest(a: tuple[date | None, date | None], b: tuple[date | None, date | None]) -> tuple[date | None, date | None]:
    """The range from the earlier first date to the later last one (None: the whole term's)."""
    return (
        None if a[0] is None or b[0] is None else min(a[0], b[0]),
        None if a[1] is None or b[1] is None else max(a[1], b[1]),
    )


def is_clash(day: int, cell: Cell) -> bool:
    """Whether two meetings of a slot of weekday `day` meet on the same dates (a date of both
    ranges on that weekday): half-term classes at the same hour, one in each half, do not clash,
    even when one half ends on the Friday the other starts."""
    return any(share_a_day(day, a[1:], b[1:]) for i, a in enumerate(cell) for b in cell[i + 1 :])


def slot_time(slot: int) -> str:
    return f"{slot * SLOT // 60:02d}:{slot * SLOT % 60:02d}"


def weekly_grid(sections: list[dict], *, width: int = 12, holidays: frozenset[date] = frozenset()) -> str:
    """Rows of half hours, a column per weekday used (Mo–Fr always), cells naming the course
    (CLASH where two meet)."""
    cells, days, slots = week_cells(
        sections, lambda s: f"{s['course'].replace(' ', '')} {s['component']}"[:width], holidays
    )
    if not slots:
        return "(no timed weekly meetings)"

    def cell(d: int, slot: int) -> str:
        found = cells.get((d, slot), [])
        return "." if not found else "CLASH" if is_clash(d, found) else "/".join(name for name, *_ in found)[:width]

    lines = ["      " + "".join(f"{WEEKDAYS[d]:<{width + 1}}" for d in days)]
    for slot in slots:
        row = "".join(f"{cell(d, slot):<{width + 1}}" for d in days)
        lines.append(f"{slot_time(slot)} {row}".rstrip())
    return "\n".join(lines)


def grid_label(section: dict) -> str:
    """A section as a cell of the page's grid names it: a withdrawn or cancelled section says so,
    as the table beside it does, so its class does not look like one to go to."""
    label = f"{section['course']} {section['component']} {section['code']}"
    if section.get("withdrawn"):
        return f"{label} (withdrawn)"
    if section.get("status") == "cancelled":
        return f"{label} (cancelled)"
    return label


def weekly_grid_rows(sections: list[dict], holidays: frozenset[date] = frozenset()) -> dict:
    """The same grid for an HTML table: `days` (names) and `rows` of (time, cells), each cell its
    labels, whether they clash (two meetings on the same dates) and whether they take turns
    (two or more in the slot, never on the same dates: half-term classes), so the page can say
    which in words, not by colour alone; `has_clash` and `has_turns` say whether any cell does.
    Empty rows when nothing has a set weekly time."""
    cells, days, slots = week_cells(sections, grid_label, holidays)

    def cell(d: int, found: Cell) -> tuple[list[str], bool, bool]:
        clash = is_clash(d, found)
        return [name for name, *_ in found], clash, len(found) > 1 and not clash

    rows = [(slot_time(slot), [cell(d, cells.get((d, slot), [])) for d in days]) for slot in slots]
    shown = [c for _, row in rows for c in row]
    return {
        "days": [WEEKDAYS[d] for d in days],
        "rows": rows,
        "has_clash": any(clash for _, clash, _ in shown),
        "has_turns": any(turns for *_, turns in shown),
    }
