"""PLACEHOLDER: a colleague writes the real .ics builder (events per meeting, holidays, time
zones). This stand-in has the same signature and gives a minimal valid VCALENDAR so the saved
schedule endpoints can be wired and tested; replace the whole file when merging."""

from __future__ import annotations

from catalog.models import Section, Term


def schedule_calendar(*, term: Term, sections: list[Section], name: str) -> bytes:
    """The schedule as an iCalendar file (placeholder: no events)."""
    safe_name = name.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", " ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Classtime//Saved schedule//EN",
        f"X-WR-CALNAME:{safe_name}",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()
