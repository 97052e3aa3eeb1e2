"""A schedule drawn as a weekly grid of text, for the terminal."""

from __future__ import annotations

from datetime import date

from catalog.sources.records import WEEKDAYS
from scheduler.meeting_dates import section_takes_place, share_a_day, weekly_held

SLOT = 30  # minutes per row


def hhmm_minutes(value: str) -> int:
    hours, mins = value.split(":")
    return int(hours) * 60 + int(mins)


# (label, the (first date, last date) of each of its listings) of each class in a slot
Cell = list[tuple[str, tuple[tuple[date | None, date | None], ...]]]


def week_cells(
    sections: list[dict], label, holidays: frozenset[date] = frozenset()
) -> tuple[dict[tuple[int, int], Cell], list[int], range]:
    """The weekly meetings of `sections` on half-hour slots: {(weekday, slot): [(label, the dates
    of each of its listings there)]}, one entry per class, the weekdays to show (Mo–Fr always)
    and the slots from the first class to the last (empty when nothing has a set weekly time).
    `sections` are rendered result sections (see scheduler.requests.result_render); `label`
    names a section in its cells. A weekday of a meeting whose dates hold none of it, or only
    `holidays`, is left out: it never takes place (as the engine and the calendar export read
    it)."""
    cells: dict[tuple[int, int], Cell] = {}
    first, last = 24 * 60, 0
    days_used = set(range(5))
    for section in sections:
        name = label(section)
        own: dict[tuple[int, int], list[tuple[date | None, date | None]]] = {}  # its listings' dates per slot
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
                    own.setdefault((d, slot), []).append(dates)
        for key, listed in own.items():
            # one class listed again with other dates (a room change for some weeks) is one
            # entry of its slot with each listing's dates: it never clashes with itself
            cells.setdefault(key, []).append((name, tuple(dict.fromkeys(listed))))
    slots = range(first // SLOT, -(-last // SLOT)) if last else range(0)
    return cells, sorted(days_used), slots


def is_clash(day: int, cell: Cell) -> bool:
    """Whether two classes of a slot of weekday `day` meet on the same dates (a date of both
    ranges on that weekday): half-term classes at the same hour, one in each half, do not clash,
    even when one half ends on the Friday the other starts; a class never clashes with itself."""
    return any(
        share_a_day(day, x, y) for i, (_, xs) in enumerate(cell) for _, ys in cell[i + 1 :] for x in xs for y in ys
    )


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
    A withdrawn or cancelled section is shown, labelled so, but neither clashes nor takes turns
    with another: its class does not take place. Empty rows when nothing has a set weekly time."""
    cells, days, slots = week_cells(sections, grid_label, holidays)
    gone = {grid_label(s) for s in sections if not section_takes_place(s)}

    def cell(d: int, found: Cell) -> tuple[list[str], bool, bool]:
        held = [entry for entry in found if entry[0] not in gone]
        clash = is_clash(d, held)
        return [name for name, *_ in found], clash, len(held) > 1 and not clash

    rows = [(slot_time(slot), [cell(d, cells.get((d, slot), [])) for d in days]) for slot in slots]
    shown = [c for _, row in rows for c in row]
    return {
        "days": [WEEKDAYS[d] for d in days],
        "rows": rows,
        "has_clash": any(clash for _, clash, _ in shown),
        "has_turns": any(turns for *_, turns in shown),
    }
