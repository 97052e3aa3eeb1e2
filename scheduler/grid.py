"""A schedule drawn as a weekly grid of text, for the terminal."""

from __future__ import annotations

from catalog.sources.records import WEEKDAYS

SLOT = 30  # minutes per row


def hhmm_minutes(value: str) -> int:
    hours, mins = value.split(":")
    return int(hours) * 60 + int(mins)


def weekly_grid(sections: list[dict], *, width: int = 12) -> str:
    """Rows of half hours, a column per weekday used (Mo–Fr always), cells naming the course.

    `sections` are rendered result sections (see scheduler.requests.result_render): each has
    `course`, `component` and `meetings` with `days`, `start`, `end`, `kind`.
    """
    cells: dict[tuple[int, int], str] = {}
    first, last = 24 * 60, 0
    days_used = set(range(5))
    for section in sections:
        label = f"{section['course'].replace(' ', '')} {section['component']}"[:width]
        for m in section["meetings"]:
            if not m["start"] or m["kind"] != "weekly":
                continue
            start, end = hhmm_minutes(m["start"]), hhmm_minutes(m["end"])
            first, last = min(first, start), max(last, end)
            for day in m["days"]:
                d = WEEKDAYS.index(day)
                days_used.add(d)
                for slot in range(start // SLOT, -(-end // SLOT)):
                    cells[(d, slot)] = label if (d, slot) not in cells else "CLASH"
    if last == 0:
        return "(no timed weekly meetings)"
    days = sorted(days_used)
    lines = ["      " + "".join(f"{WEEKDAYS[d]:<{width + 1}}" for d in days)]
    for slot in range(first // SLOT, -(-last // SLOT)):
        time_label = f"{slot * SLOT // 60:02d}:{slot * SLOT % 60:02d}"
        row = "".join(f"{cells.get((d, slot), '.'):<{width + 1}}" for d in days)
        lines.append(f"{time_label} {row}".rstrip())
    return "\n".join(lines)


def weekly_grid_rows(sections: list[dict]) -> dict:
    """The same grid for an HTML table: `days` (names) and `rows` of (time, cells), each cell a
    list of labels (two or more: a clash). Empty rows when nothing has a set weekly time."""
    cells: dict[tuple[int, int], list[str]] = {}
    first, last = 24 * 60, 0
    days_used = set(range(5))
    for section in sections:
        label = f"{section['course']} {section['component']} {section['code']}"
        for m in section["meetings"]:
            if not m["start"] or m["kind"] != "weekly":
                continue
            start, end = hhmm_minutes(m["start"]), hhmm_minutes(m["end"])
            first, last = min(first, start), max(last, end)
            for day in m["days"]:
                d = WEEKDAYS.index(day)
                days_used.add(d)
                for slot in range(start // SLOT, -(-end // SLOT)):
                    cells.setdefault((d, slot), []).append(label)
    days = sorted(days_used)
    rows = []
    if last:
        for slot in range(first // SLOT, -(-last // SLOT)):
            time_label = f"{slot * SLOT // 60:02d}:{slot * SLOT % 60:02d}"
            rows.append((time_label, [cells.get((d, slot), []) for d in days]))
    return {"days": [WEEKDAYS[d] for d in days], "rows": rows}
