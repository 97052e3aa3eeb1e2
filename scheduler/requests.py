"""Where the catalog meets the engine: a stored request → engine values, a result → JSON.

The ORM is read once per request (a handful of queries whatever the load), through
`catalog.selectors.catalog_records`, and turned into engine values by `engine_input`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings

from catalog import selectors
from catalog.models import Term
from catalog.sources.records import WEEKDAYS, CourseRecord, SectionRecord
from scheduler import engine
from scheduler.engine_input import engine_course


@dataclass(frozen=True)
class Prepared:
    """An engine request and the catalog sections it names, for rendering the answer."""

    request: engine.Request
    sections: dict[str, tuple[CourseRecord, SectionRecord]]


def hhmm(value: str) -> int:
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def day_numbers(days: list[str]) -> tuple[int, ...]:
    return tuple(WEEKDAYS.index(d) for d in days)


def optional_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def busy_block_build(block: dict[str, Any], *, label: str = "") -> engine.BusyBlock:
    """A request's busy time (validated: `HH:MM` or `24:00`, ISO dates) → the engine's BusyBlock."""
    return engine.BusyBlock(
        days=day_numbers(block["days"]),
        start=hhmm(block["start"]),
        end=hhmm(block["end"]),
        buffer_before=block["buffer_before"],
        buffer_after=block["buffer_after"],
        first_date=optional_date(block["first_date"]),
        last_date=optional_date(block["last_date"]),
        label=label,
    )


def preferences_build(prefs: dict[str, dict[str, Any]]) -> engine.Preferences:
    """API preference names → the engine's Preferences (absent or weight 0 = off)."""
    values: dict[str, Any] = {}
    if p := prefs.get("no_classes_before"):
        values.update(early_weight=p["weight"], early_before=hhmm(p["time"]))
    if p := prefs.get("no_classes_after"):
        values.update(late_weight=p["weight"], late_after=hhmm(p["time"]))
    if p := prefs.get("free_days"):
        values.update(free_days_weight=p["weight"], free_days=frozenset(day_numbers(p["days"])))
    if p := prefs.get("fewer_days"):
        values.update(days_on_campus_weight=p["weight"])
    if p := prefs.get("compact"):
        values.update(gaps_weight=p["weight"])
    if p := prefs.get("max_in_a_row"):
        values.update(
            marathon_weight=p["weight"],
            marathon_cap=p["minutes"],
            marathon_break=p["break_minutes"],
        )
    if p := prefs.get("lunch"):
        values.update(
            lunch_weight=p["weight"],
            lunch_start=hhmm(p["start"]),
            lunch_end=hhmm(p["end"]),
            lunch_minutes=p["minutes"],
        )
    if p := prefs.get("instructors"):
        values.update(
            instructor_weight=p["weight"],
            preferred_instructors=frozenset(p["prefer"]),
            avoided_instructors=frozenset(p["avoid"]),
        )
    if p := prefs.get("open_seats"):
        values.update(open_seats_weight=p["weight"])
    if p := prefs.get("friends"):
        values.update(friends_shared_weight=p["shared_weight"], friends_free_weight=p["free_weight"])
    return engine.Preferences(**values)


def friends_build(friends: dict[str, Any] | None) -> tuple[engine.Friend, ...]:
    """The friends' schedules a request carries (resolved when it was validated, so the job
    does not depend on later edits) → engine friends: their sections and weekly classes with
    their dates (a job stored before dates were kept has none: each class is the whole term)."""
    if not friends:
        return ()
    return tuple(
        engine.Friend(
            name=f["name"],
            section_ids=frozenset(f["sections"]),
            busy=tuple(
                engine.BusyBlock(
                    days=day_numbers(b["days"]),
                    start=hhmm(b["start"]),
                    end=hhmm(b["end"]),
                    first_date=optional_date(b.get("first_date")),
                    last_date=optional_date(b.get("last_date")),
                )
                for b in f["busy"]
            ),
        )
        for f in friends["friends"]
    )


CourseEntry = tuple[CourseRecord, engine.Course]
DEFAULT_BACK_TO_BACK = engine.Request().back_to_back_minutes  # the engine's default
COURSE_CACHE_SIZE = 2048
# a course the term lacks is kept as None, so it is not looked up again either
course_cache = selectors.CatalogCache(COURSE_CACHE_SIZE)
NOT_KEPT = object()


def term_courses(*, term: Term, codes: list[str]) -> dict[str, CourseEntry]:
    """Each course's records and engine value, read from the database once per catalog
    version and process: a re-import bumps the version, so a stale entry is never used."""
    found: dict[str, CourseEntry] = {}
    missing = []
    catalog = selectors.catalog_key(term)
    for code in codes:
        entry = course_cache.get((*catalog, code), NOT_KEPT)
        if entry is NOT_KEPT:
            missing.append(code)
        elif entry is not None:
            found[code] = entry
    if missing:
        records = selectors.catalog_records(term=term, course_codes=missing)
        by_code = {c.code: (c, engine_course(c)) for c in records.courses}
        for code in missing:
            course_cache.put((*catalog, code), by_code.get(code))
            if code in by_code:
                found[code] = by_code[code]
    return found


def busy_when(block: dict[str, Any]) -> str:
    """A stored busy block in words, with all that decides what it clashes with: "Mo
    09:00-11:00 from 2025-10-20", "MoWeFr 10:00-11:00 and 150 min after"."""
    words = f"{''.join(block['days'])} {block['start']}-{block['end']}"
    buffers = [
        f"{block[key]} min {side}"
        for key, side in (("buffer_before", "before"), ("buffer_after", "after"))
        if block.get(key)
    ]
    if buffers:  # "and 150 min after", ", 15 min before and 150 min after"
        words += f"{',' if len(buffers) > 1 else ' and'} {' and '.join(buffers)}"
    dates = dates_words(block.get("first_date"), block.get("last_date"))
    if not dates:
        return words
    return f"{words}{',' if buffers else ''} {dates}"


def dates_words(first: date | str | None, last: date | str | None) -> str:
    """A date range in words, either end open: "on 2025-10-20", "from 2025-10-20 to 2025-12-09",
    "from 2025-10-20", "until 2025-12-09"; "" for none."""
    if first and first == last:
        return f"on {first}"
    if first and last:
        return f"from {first} to {last}"
    if first or last:
        return f"from {first}" if first else f"until {last}"
    return ""


def busy_labels(blocks: list[dict[str, Any]]) -> list[str]:
    """The names explanations give the busy blocks: a block's own label, with its times in
    brackets when another block has the same label, else its times, dates and buffers in
    words (two unnamed Monday mornings of different dates must not read the same)."""
    named = Counter(b["label"] for b in blocks if b["label"])
    return [
        (f"{b['label']} ({busy_when(b)})" if named[b["label"]] > 1 else b["label"]) if b["label"] else busy_when(b)
        for b in blocks
    ]


def engine_request_prepare(*, term: Term, request: dict[str, Any]) -> Prepared:
    """The engine request for a stored (validated, normalised) generation request."""
    codes = [*request["courses"], *(c for g in request["electives"] for c in g["courses"])]
    entries = term_courses(term=term, codes=codes)
    courses = {code: entry[1] for code, entry in entries.items()}
    for code in codes:  # a course of the term with no section left: the engine says it cannot be taken
        courses.setdefault(code, engine.Course(code=code, title="", components=()))
    busy = tuple(
        busy_block_build(b, label=label) for b, label in zip(request["busy"], busy_labels(request["busy"]), strict=True)
    )
    filters = request["filters"]
    engine_request = engine.Request(
        courses=tuple(courses[c] for c in request["courses"]),
        electives=tuple(
            engine.ElectiveGroup(pick=g["pick"], courses=tuple(courses[c] for c in g["courses"]))
            for g in request["electives"]
        ),
        busy=busy,
        pinned=frozenset(request["pinned"]),
        excluded=frozenset(request["excluded"]),
        filters=engine.Filters(
            open_seats_only=filters["open_seats_only"],
            campuses=frozenset(filters["campuses"]),
            modalities=frozenset(filters["modalities"]),
            # a request stored before 2026-12-10 has no such filter
            excluded_instructors=frozenset(filters.get("excluded_instructors", ())),
        ),
        friends=friends_build(request["preferences"].get("friends")),
        preferences=preferences_build(request["preferences"]),
        holidays=term.holiday_dates,
        # given since 2026-12-07 (stored only when given)
        allowed_overlaps=tuple(tuple(pair) for pair in request.get("allowed_overlaps", ())),
        overlap_minutes=request.get("overlap_minutes"),
        # a request stored before engine version 2026-12-17 has none: the default
        back_to_back_minutes=request.get("back_to_back_minutes", DEFAULT_BACK_TO_BACK),
        k=request["k"],
        strategy=request["strategy"],
        deadline_ms=settings.CLASSTIME_ENGINE_DEADLINE_MS,
        max_nodes=settings.CLASSTIME_ENGINE_MAX_NODES,
    )
    sections = {s.registrar_id: (c, s) for c, _ in entries.values() for s in c.sections}
    return Prepared(request=engine_request, sections=sections)


def section_render(prepared: Prepared, section_id: str, alternatives: tuple[str, ...] = ()) -> dict[str, Any]:
    course, s = prepared.sections[section_id]
    # the engine merges sections it cannot tell apart by time and cost; a topics course's other
    # topics at the same times are among them, and the student must see which is which
    other_notes = {a: notes for a in alternatives if (notes := prepared.sections[a][1].notes) != s.notes}
    return section_dict(course, s, alternatives, other_notes)


def section_dict(
    course: CourseRecord,
    s: SectionRecord,
    alternatives: tuple[str, ...] = (),
    other_notes: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A section as the API shows it in a schedule (generated or saved)."""
    return {
        "id": s.registrar_id,
        "course": course.code,
        "title": course.title,
        "component": s.component,
        "component_name": s.component_name,
        "code": s.code,
        "status": s.status,
        "capacity": s.capacity,
        "enrolled": s.enrolled,
        "instructors": list(s.instructors),
        "campus": s.campus,
        "modality": s.modality,
        "notes": s.notes,
        "meetings": [
            {
                "days": [WEEKDAYS[d] for d in m.days],
                "start": m.start.strftime("%H:%M") if m.start else None,
                "end": m.end.strftime("%H:%M") if m.end else None,
                "first_date": m.first_date.isoformat() if m.first_date else None,
                "last_date": m.last_date.isoformat() if m.last_date else None,
                "location": m.location,
                "kind": m.kind,
            }
            for m in s.meetings
        ],
        "alternatives": list(alternatives),
        "alternative_notes": dict(other_notes or {}),
    }


def credits_total(courses: Iterable[CourseRecord]) -> dict[str, Any]:
    """A schedule's credit hours: the fewest and most its courses can be taken for (a variable
    credit course counts its range), and the courses whose credits the catalog does not give
    (counted as none), each course once."""
    low = high = Decimal(0)
    unknown = []
    for code, c in {c.code: c for c in courses}.items():
        fewest, most = c.credits_min, c.credits_max
        if fewest is None and most is None:
            unknown.append(code)
            continue
        low += fewest if fewest is not None else most
        high += most if most is not None else fewest
    return {"min": float(low), "max": float(high), "unknown": sorted(unknown)}


def credits_words(credits: dict[str, Any] | None) -> str:
    """`credits_total`'s answer as a student reads it: "15 credits", "13 to 15 credits", then
    the courses the catalog gives none for ("12 credits, not counting CS 4993: credits not
    given"); "" without an answer (a job answered before credits were counted)."""
    if not credits:
        return ""
    low, high = (f"{credits[key]:g}" for key in ("min", "max"))
    amount = low if low == high else f"{low} to {high}"
    words = f"{amount} credit{'' if amount == '1' else 's'}"
    if credits["unknown"]:
        words += f", not counting {', '.join(credits['unknown'])}: credits not given"
    return words


def result_render(*, prepared: Prepared, result: engine.Result) -> dict[str, Any]:
    """The engine's answer as JSON-ready data: ranked schedules and, if none, why."""
    schedules = []
    for rank, schedule in enumerate(result.schedules, start=1):
        tba = set(schedule.tba)
        rendered = [section_render(prepared, sid, schedule.alternatives.get(sid, ())) for sid in schedule.sections]
        schedules.append(
            {
                "rank": rank,
                "score": schedule.score,
                "breakdown": dict(sorted(schedule.breakdown.items())),
                "breakdown_sources": breakdown_sources_render(schedule.sources),
                "sections": [s for s in rendered if s["id"] not in tba],
                "tba": [s for s in rendered if s["id"] in tba],
                "warnings": list(schedule.warnings),
                "credits": credits_total(prepared.sections[sid][0] for sid in schedule.sections),
            }
        )
    explanation = None
    if result.explanation is not None:
        e = result.explanation
        explanation = {
            "message": e.message,
            "complete": e.complete,
            "conflicts": [{"kind": r.kind, "ref": r.ref, "label": r.label} for r in e.conflict_set],
            "repairs": [
                {
                    "description": r.description,
                    "best_score": r.best_score,
                    # the pins of a dropped course go with it (marked: not changes of their own), so
                    # the repair applied as given is a valid request
                    "drops": [
                        *({"kind": d.kind, "ref": d.ref} for d in r.drops),
                        *({"kind": d.kind, "ref": d.ref, "unpinned": True} for d in r.unpinned),
                    ],
                }
                for r in e.repairs
            ],
        }
    return {"schedules": schedules, "explanation": explanation}


def breakdown_sources_render(sources: dict[str, engine.Sources]) -> dict[str, Any]:
    """Where a schedule's points come from (`engine.Sources`), by breakdown name in the
    breakdown's order: registrar ids, weekdays as `Mo`..`Su`, the points its elective picks
    owe to no section, and the busy times taking part in gaps, lunch or marathons by label."""
    return {
        name: {
            "sections": list(found.sections),
            "days": [WEEKDAYS[d] for d in found.days],
            "elective_picks": found.elective_picks,
            "busy": list(found.busy),
        }
        for name, found in sorted(sources.items())
    }


def viability_render(*, prepared: Prepared, verdict: dict[str, bool | None]) -> list[dict[str, Any]]:
    """`engine.section_viability`'s answer per component of the requested courses (required,
    then elective, in the stored request's order), each section with its registrar id, code, seat
    `status` (so a repair or a fallback that is closed says so) and `viable`: true (some valid
    schedule of the request uses it), false (none does) or null (not known within the engine's
    budget)."""
    request = prepared.request
    components = []
    for course in (*request.courses, *(c for g in request.electives for c in g.courses)):
        for component in course.components:
            rows = sorted(
                (prepared.sections[s.id][1].code, s.id, prepared.sections[s.id][1].status, verdict.get(s.id))
                for s in component.sections
            )
            components.append(
                {
                    "course": course.code,
                    "component": component.kind,
                    "component_name": component.name,
                    "sections": [
                        {"id": sid, "code": code, "status": status, "viable": viable}
                        for code, sid, status, viable in rows
                    ],
                }
            )
    return components
