"""Reads of the catalog."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q

from catalog.models import Course, Meeting, Section, Term, mask_to_days
from catalog.sources.records import (
    CatalogRecords,
    CourseRecord,
    InstitutionRecord,
    MeetingRecord,
    SectionRecord,
    TermRecord,
)


class TermNotFound(LookupError):
    pass


def term_get(*, code: str, institution: str = "") -> Term:
    """The term with this code (and institution code, needed when two institutions share it)."""
    terms = Term.objects.select_related("institution").filter(code=code)
    if institution:
        terms = terms.filter(institution__code=institution)
    found = list(terms[:2])
    if not found:
        where = f" of institution {institution!r}" if institution else ""
        raise TermNotFound(f"no term {code!r}{where}; import its catalog first")
    if len(found) > 1:
        raise TermNotFound(f"term code {code!r} exists at several institutions; pass --institution")
    return found[0]


def catalog_records(*, term: Term, course_codes: list[str] | None = None) -> CatalogRecords:
    """The term's current catalog (withdrawn sections left out) as plain records, for export
    and, limited to `course_codes` ("CS 2100"), for the scheduler. Five queries whatever the
    catalog size."""
    sections = (
        Section.objects.filter(withdrawn_at__isnull=True)
        .select_related("component", "parent")
        .prefetch_related(Prefetch("meetings", queryset=Meeting.objects.order_by("position")))
    )
    courses = Course.objects.filter(term=term)
    if course_codes is not None:
        wanted = Q()
        for code in course_codes:
            subject, _, number = code.partition(" ")
            wanted |= Q(subject=subject, number=number)
        courses = courses.filter(wanted) if course_codes else courses.none()
    courses = courses.prefetch_related(Prefetch("components__sections", queryset=sections)).order_by(
        "subject", "number"
    )
    course_records = []
    count = 0
    for course in courses:
        section_records = [section_record(s) for comp in course.components.all() for s in comp.sections.all()]
        count += len(section_records)
        course_records.append(
            CourseRecord(
                subject=course.subject,
                number=course.number,
                title=course.title,
                credits_min=course.credits_min,
                credits_max=course.credits_max,
                description=course.description,
                sections=tuple(section_records),
            )
        )
    inst = term.institution
    return CatalogRecords(
        institution=InstitutionRecord(inst.code, inst.name, inst.timezone),
        term=TermRecord(
            code=term.code,
            name=term.name,
            first_day=term.first_day,
            last_day=term.last_day,
            holidays=tuple(date.fromisoformat(d) for d in term.holidays),
        ),
        courses=tuple(c for c in course_records if c.sections),
        sections_seen=count,
        source_name=f"{inst.code}/{term.code}",
    )


def section_record(s: Section) -> SectionRecord:
    return SectionRecord(
        registrar_id=s.registrar_id,
        code=s.code,
        component=s.component.kind,
        component_name=s.component.name,
        status=s.status,
        capacity=s.capacity,
        enrolled=s.enrolled,
        waitlist=s.waitlist,
        instructors=tuple(s.instructors),
        campus=s.campus,
        modality=s.modality,
        notes=s.notes,
        parent_code=s.parent.code if s.parent else None,
        meetings=tuple(
            MeetingRecord(
                days=mask_to_days(m.days),
                start=m.start_time,
                end=m.end_time,
                first_date=m.first_date,
                last_date=m.last_date,
                location=m.location,
                kind=m.kind,
            )
            for m in s.meetings.all()
        ),
        quarantine=s.quarantine_reason,
    )
