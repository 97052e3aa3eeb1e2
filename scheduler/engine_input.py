"""Catalog records → engine values: the one mapping from the catalog's shape to the engine's.

No Django here: the web selectors and the benchmark both feed it plain records.
"""

from __future__ import annotations

from catalog.buildings import building_of
from catalog.sources.records import CourseRecord, MeetingRecord, SectionRecord, SectionStatus, parent_loops
from scheduler import engine

KINDS = {"weekly": engine.WEEKLY, "exam": engine.EXAM, "one_off": engine.ONE_OFF}


def minutes(value) -> int:
    return value.hour * 60 + value.minute


def engine_meetings(m: MeetingRecord) -> tuple[engine.Meeting, ...]:
    """One engine meeting per weekday of a timed record, in the building of its room
    (`building_of`: "" for TBA or online); none for a TBA one."""
    if not m.is_timed:
        return ()
    building = building_of(m.location)
    return tuple(
        engine.Meeting(day, minutes(m.start), minutes(m.end), m.first_date, m.last_date, KINDS[m.kind], building)
        for day in m.days
    )


def engine_section(s: SectionRecord, parent_ids: dict[str, str]) -> engine.Section:
    return engine.Section(
        id=s.registrar_id,
        component=s.component,
        meetings=tuple(em for m in s.meetings for em in engine_meetings(m)),
        instructors=s.instructors,
        status=s.status,
        capacity=s.capacity,
        enrolled=s.enrolled,
        campus=s.campus,
        modality=s.modality,
        parent_id=parent_ids.get(s.parent_code) if s.parent_code else None,
        label=s.code,
    )


def engine_course(course: CourseRecord) -> engine.Course:
    """The course's schedulable sections (neither quarantined nor cancelled; withdrawn ones are
    not in the records), grouped by component. A component whose every section is unusable stays,
    with no section: the course then cannot be taken (the engine says it has no such section to
    take), rather than being offered without its discussion or lab. Sections whose links form a
    loop (A taken with B, B with C, C with A) are left out too, as unusable: no import writes one
    and the admin refuses one, but the engine must never be handed one. A section taken with one
    left out is left out too (a discussion of a cancelled lecture): it can only be taken with
    its own, so it must not be offered beside another."""
    usable = [s for s in course.sections if not s.quarantine and s.status != SectionStatus.CANCELLED]
    looped = {code for loop in parent_loops({s.code: s.parent_code for s in usable}) for code in loop}
    usable = [s for s in usable if s.code not in looped]
    listed = {s.code for s in course.sections}
    while True:  # down the links: a child of a child of a cancelled lecture goes too
        kept = {s.code for s in usable}
        left = [s for s in usable if not (s.parent_code in listed and s.parent_code not in kept)]
        if len(left) == len(usable):
            break
        usable = left
    parent_ids = {s.code: s.registrar_id for s in usable}
    components: dict[str, list[SectionRecord]] = {}
    names: dict[str, str] = {}
    for s in course.sections:
        components.setdefault(s.component, [])
        names.setdefault(s.component, s.component_name)
    for s in usable:
        components[s.component].append(s)
    return engine.Course(
        code=course.code,
        title=course.title,
        components=tuple(
            engine.Component(kind, names[kind], tuple(engine_section(s, parent_ids) for s in sections))
            for kind, sections in sorted(components.items())
        ),
    )
