"""A schedule drawn as a weekly grid of text, for the terminal."""

from __future__ import annotations

from catalog.sources.records import WEEKDAYS

SLOT = 30  # minutes per row


def hhmm_minutes(value: str) -> int:
    hours, mins = value.split(":")
    return int(hours) * 60 + int(mins)


Cell = list[tuple[str, str, str]]  # (label, first date, last date) of each meeting in a slot


def week_cells(sections: list[dict], label) -> tuple[dict[tuple[int, int], Cell], list[int], range]:
    """The weekly meetings of `sections` on half-hour slots: {(weekday, slot): [(label, first
    date, last date)]}, the weekdays to show (Mo–Fr always) and the slots from the first class
    to the last (empty when nothing has a set weekly time). `sections` are rendered result
    sections (see scheduler.requests.result_render); `label` names a section in its cells."""
    cells: dict[tuple[int, int], Cell] = {}
    first, last = 24 * 60, 0
    days_used = set(range(5))
    for section in sections:
        name = label(section)
        for m in section["meetings"]:
            if not m["start"] or m["kind"] != "weekly":
                continue
            start, end = hhmm_minutes(m["start"]), hhmm_minutes(m["end"])
            first, last = min(first, start), max(last, end)
            dates = (m.get("first_date") or "", m.get("last_date") or "9999-12-31")  # none: the whole term
            for day in m["days"]:
                d = WEEKDAYS.index(day)
                days_used.add(d)
                for slot in range(start // SLOT, -(-end // SLOT)):
                    cells.setdefault((d, slot), []).append((name, *dates))
    slots = range(first // SLOT, -(-last // SLOT)) if last else range(0)
    return cells, sorted(days_used), slots


def is_clash(cell: Cell) -> bool:
    """Whether two meetings of the slot meet on the same dates: half-term classes at the same
    hour, one in each half, do not clash (ISO dates compare as text)."""
    return any(
        a_first <= b_last and b_first <= a_last
        for i, (_, a_first, a_last) in enumerate(cell)
        for _, b_first, b_last in cell[i + 1 :]
    )


def slot_time(slot: int) -> str:
    return f"{slot * SLOT // 60:02d}:{slot * SLOT % 60:02d}"


def weekly_grid(sections: list[dict], *, width: int = 12) -> str:
    """Rows of half hours, a column per weekday used (Mo–Fr always), cells naming the course
    (CLASH where two meet)."""
    cells, days, slots = week_cells(sections, lambda s: f"{s['course'].replace(' ', '')} {s['component']}"[:width])
    if not slots:
        return "(no timed weekly meetings)"

    def cell(d: int, slot: int) -> str:
        found = cells.get((d, slot), [])
        return "." if not found else "CLASH" if is_clash(found) else "/".join(name for name, *_ in found)[:width]

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


def weekly_grid_rows(sections: list[dict]) -> dict:
    """The same grid for an HTML table: `days` (names) and `rows` of (time, cells), each cell its
    labels, whether they clash (two meetings on the same dates) and whether they take turns
    (two or more in the slot, never on the same dates: half-term classes), so the page can say
    which in words, not by colour alone; `has_clash` and `has_turns` say whether any cell does.
    Empty rows when nothing has a set weekly time."""
    cells, days, slots = week_cells(sections, grid_label)

    def cell(found: Cell) -> tuple[list[str], bool, bool]:
        clash = is_clash(found)
        return [name for name, *_ in found], clash, len(found) > 1 and not clash

    rows = [(slot_time(slot), [cell(cells.get((d, slot), [])) for d in days]) for slot in slots]
    shown = [c for _, row in rows for c in row]
    return {
        "days": [WEEKDAYS[d] for d in days],
        "rows": rows,
        "has_clash": any(clash for _, clash, _ in shown),
        "has_turns": any(turns for *_, turns in shown),
    }
