"""How the catalog is shown over the API. Read-only: rows change only through imports."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from catalog.models import Component, Course, Institution, Meeting, Section, Term, mask_to_days
from catalog.sources.records import WEEKDAYS


def term_kwargs(term: Term) -> dict[str, str]:
    return {"institution": term.institution.code, "term": term.code}


class CatalogSerializer(serializers.Serializer):
    """Builds absolute links to other catalog resources."""

    def link(self, name: str, **kwargs) -> str:
        return reverse(name, kwargs=kwargs, request=self.context.get("request"))


# Meetings and sections ----------------------------------------------------------------------

DATETIME = serializers.DateTimeField()


@extend_schema_field({"type": "string", "pattern": "^[0-9]{2}:[0-9]{2}$", "example": "10:00"})
class HourMinuteField(serializers.TimeField):
    """A time of day as HH:MM (24-hour)."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class MeetingSerializer(serializers.ModelSerializer):
    days = serializers.SerializerMethodField(help_text="Weekdays it meets on, Mo..Su; empty when it has no set time.")
    start = HourMinuteField(source="start_time", allow_null=True, help_text="HH:MM, or null (TBA).")
    end = HourMinuteField(source="end_time", allow_null=True, help_text="HH:MM, or null (TBA).")

    class Meta:
        model = Meeting
        fields = ["kind", "days", "start", "end", "first_date", "last_date", "location"]

    @extend_schema_field({"type": "array", "items": {"type": "string", "enum": list(WEEKDAYS)}})
    def get_days(self, meeting: Meeting) -> list[str]:
        return [WEEKDAYS[d] for d in mask_to_days(meeting.days)]

    def to_representation(self, meeting: Meeting) -> dict:
        # The declared fields, built directly: a big course has hundreds of meetings, and DRF's
        # field-by-field path costs several times more (schemathesis checks this against the schema).
        return {
            "kind": meeting.kind,
            "days": self.get_days(meeting),
            "start": meeting.start_time.strftime("%H:%M") if meeting.start_time else None,
            "end": meeting.end_time.strftime("%H:%M") if meeting.end_time else None,
            "first_date": meeting.first_date.isoformat() if meeting.first_date else None,
            "last_date": meeting.last_date.isoformat() if meeting.last_date else None,
            "location": meeting.location,
        }


class SectionSerializer(serializers.ModelSerializer, CatalogSerializer):
    url = serializers.SerializerMethodField()
    component = serializers.CharField(source="component.kind", help_text="Component kind code: LEC, LAB, ...")
    open_seats = serializers.SerializerMethodField(help_text="capacity - enrolled (never below 0), null if unknown.")
    instructors = serializers.ListField(child=serializers.CharField())
    parent = serializers.SerializerMethodField(
        help_text="Registrar id of the section this one must be taken with (a lab's lecture), or null."
    )
    schedulable = serializers.BooleanField(
        source="is_schedulable", help_text="False when quarantined or withdrawn: listed, never scheduled."
    )
    meetings = MeetingSerializer(many=True)

    class Meta:
        model = Section
        fields = [
            "id",
            "url",
            "registrar_id",
            "code",
            "component",
            "status",
            "capacity",
            "enrolled",
            "waitlist",
            "open_seats",
            "instructors",
            "campus",
            "modality",
            "notes",
            "parent",
            "schedulable",
            "quarantine_reason",
            "withdrawn_at",
            "meetings",
        ]

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, section: Section) -> str:
        return self.link(
            "catalog-section-detail", **term_kwargs(self.context["term"]), registrar_id=section.registrar_id
        )

    def get_open_seats(self, section: Section) -> int | None:
        if section.capacity is None or section.enrolled is None:
            return None
        return max(0, section.capacity - section.enrolled)

    def get_parent(self, section: Section) -> str | None:
        return section.parent.registrar_id if section.parent_id else None

    def to_representation(self, section: Section) -> dict:
        # The declared fields, built directly (see MeetingSerializer.to_representation).
        meetings = MeetingSerializer(context=self.context)
        return {
            "id": section.pk,
            "url": self.get_url(section),
            "registrar_id": section.registrar_id,
            "code": section.code,
            "component": section.component.kind,
            "status": section.status,
            "capacity": section.capacity,
            "enrolled": section.enrolled,
            "waitlist": section.waitlist,
            "open_seats": self.get_open_seats(section),
            "instructors": list(section.instructors),
            "campus": section.campus,
            "modality": section.modality,
            "notes": section.notes,
            "parent": self.get_parent(section),
            "schedulable": section.is_schedulable,
            "quarantine_reason": section.quarantine_reason,
            "withdrawn_at": DATETIME.to_representation(section.withdrawn_at) if section.withdrawn_at else None,
            "meetings": [meetings.to_representation(m) for m in section.meetings.all()],
        }


class ComponentSerializer(serializers.ModelSerializer):
    sections = SectionSerializer(many=True)

    class Meta:
        model = Component
        fields = ["kind", "name", "sections"]


class TermRefSerializer(CatalogSerializer):
    institution = serializers.CharField(source="institution.code")
    code = serializers.CharField()
    url = serializers.SerializerMethodField()

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, term: Term) -> str:
        return self.link("catalog-term-detail", **term_kwargs(term))


class CourseRefSerializer(CatalogSerializer):
    code = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, course: Course) -> str:
        return self.link(
            "catalog-course-detail", **term_kwargs(self.context["term"]), subject=course.subject, number=course.number
        )


class SectionDetailSerializer(SectionSerializer):
    term = serializers.SerializerMethodField()
    course = serializers.SerializerMethodField()
    component_name = serializers.CharField(source="component.name")

    class Meta(SectionSerializer.Meta):
        fields = ["term", "course", "component_name", *SectionSerializer.Meta.fields]

    @extend_schema_field(TermRefSerializer)
    def get_term(self, section: Section) -> dict:
        return TermRefSerializer(self.context["term"], context=self.context).data

    @extend_schema_field(CourseRefSerializer)
    def get_course(self, section: Section) -> dict:
        return CourseRefSerializer(section.component.course, context=self.context).data

    def to_representation(self, section: Section) -> dict:
        return {
            "term": self.get_term(section),
            "course": self.get_course(section),
            "component_name": section.component.name,
            **super().to_representation(section),
        }


# Courses -----------------------------------------------------------------------------------


class CourseBaseSerializer(serializers.ModelSerializer, CatalogSerializer):
    url = serializers.SerializerMethodField()
    code = serializers.CharField(help_text='Subject and number, e.g. "CS 2110".')
    credits_min = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False, allow_null=True)
    credits_max = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False, allow_null=True)

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, course: Course) -> str:
        return self.link(
            "catalog-course-detail", **term_kwargs(self.context["term"]), subject=course.subject, number=course.number
        )


class ComponentSummarySerializer(serializers.ModelSerializer):
    sections = serializers.IntegerField(source="section_count", help_text="Sections listed.")
    open_sections = serializers.IntegerField(
        source="open_section_count", help_text="Of those, sections with a seat left."
    )

    class Meta:
        model = Component
        fields = ["kind", "name", "sections", "open_sections"]


class CourseListSerializer(CourseBaseSerializer):
    components = ComponentSummarySerializer(many=True)

    class Meta:
        model = Course
        fields = ["id", "url", "code", "subject", "number", "title", "credits_min", "credits_max", "components"]

    def to_representation(self, course: Course) -> dict:
        # The declared fields, built directly (see MeetingSerializer.to_representation).
        return {
            "id": course.pk,
            "url": self.get_url(course),
            "code": course.code,
            "subject": course.subject,
            "number": course.number,
            "title": course.title,
            "credits_min": None if course.credits_min is None else float(course.credits_min),
            "credits_max": None if course.credits_max is None else float(course.credits_max),
            "components": [
                {"kind": c.kind, "name": c.name, "sections": c.section_count, "open_sections": c.open_section_count}
                for c in course.components.all()
            ],
        }


class CourseDetailSerializer(CourseBaseSerializer):
    term = serializers.SerializerMethodField()
    components = ComponentSerializer(many=True)

    class Meta:
        model = Course
        fields = [
            "id",
            "url",
            "term",
            "code",
            "subject",
            "number",
            "title",
            "credits_min",
            "credits_max",
            "description",
            "components",
        ]

    @extend_schema_field(TermRefSerializer)
    def get_term(self, course: Course) -> dict:
        return TermRefSerializer(self.context["term"], context=self.context).data


# Institutions and terms --------------------------------------------------------------------


class TermSerializer(serializers.ModelSerializer, CatalogSerializer):
    url = serializers.SerializerMethodField()
    courses_url = serializers.SerializerMethodField()
    institution = serializers.CharField(source="institution.code")
    holidays = serializers.ListField(child=serializers.DateField(), help_text="Dates with no classes.")
    catalog_version = serializers.IntegerField(
        help_text="Bumped by every import or admin edit that changes this term's catalog."
    )

    class Meta:
        model = Term
        fields = [
            "url",
            "courses_url",
            "institution",
            "code",
            "name",
            "first_day",
            "last_day",
            "holidays",
            "catalog_version",
            "imported_at",
        ]

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, term: Term) -> str:
        return self.link("catalog-term-detail", **term_kwargs(term))

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_courses_url(self, term: Term) -> str:
        return self.link("catalog-course-list", **term_kwargs(term))


class InstitutionSerializer(serializers.ModelSerializer, CatalogSerializer):
    url = serializers.SerializerMethodField()
    terms = TermSerializer(many=True)

    class Meta:
        model = Institution
        fields = ["url", "code", "name", "timezone", "terms"]

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, institution: Institution) -> str:
        return self.link("catalog-institution-detail", institution=institution.code)
