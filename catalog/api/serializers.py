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
        extra_kwargs = {
            "kind": {
                "help_text": "`weekly` (a class every week), `exam` or `one_off` (a session on its own dates). "
                "Only weekly meetings shape preferences; exams are warned about, never removing a schedule."
            },
            "first_date": {"help_text": "The first date it meets, or null: from the term's first day."},
            "last_date": {"help_text": "The last date it meets, or null: to the term's last day."},
            "location": {"help_text": "Building and room as the registrar gives them; empty when unknown."},
        }

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
    url = serializers.SerializerMethodField(help_text="This section's URL.")
    component = serializers.CharField(source="component.kind", help_text="Component kind code: LEC, LAB, ...")
    open_seats = serializers.SerializerMethodField(help_text="capacity - enrolled (never below 0), null if unknown.")
    instructors = serializers.ListField(
        child=serializers.CharField(), help_text="Instructors' names as the registrar gives them; empty: staff/TBA."
    )
    parent = serializers.SerializerMethodField(
        help_text="Registrar id of the section this one must be taken with (a lab's lecture), or null."
    )
    schedulable = serializers.BooleanField(
        source="is_schedulable",
        help_text="False when quarantined, withdrawn or cancelled, or taken with a section that is (a discussion of a "
        "cancelled lecture): listed, never scheduled.",
    )
    meetings = MeetingSerializer(
        many=True, help_text="When and where it meets; a meeting with no set time (TBA) has null `start` and `end`."
    )

    class Meta:
        model = Section
        extra_kwargs = {
            "id": {"help_text": "Classtime's id of the section (the registrar's is `registrar_id`)."},
            "status": {"help_text": "As the registrar last gave it: `open`, `closed`, `waitlist` or `cancelled`."},
            "capacity": {"help_text": "Seats, or null when unknown."},
            "enrolled": {"help_text": "Students enrolled, or null when unknown."},
            "waitlist": {"help_text": "Students on the wait list, or null when unknown."},
            "campus": {"help_text": "The campus as the registrar names it; empty when unknown."},
            "modality": {"help_text": "`in_person`, `online` or `hybrid`."},
            "notes": {"help_text": "The registrar's notes on the section; empty when none."},
        }
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
        return section.seats_free

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
    sections = SectionSerializer(many=True, help_text="Its sections: a schedule takes one of them.")

    class Meta:
        model = Component
        fields = ["kind", "name", "sections"]
        extra_kwargs = {"name": {"help_text": "The kind's name, as `Lecture`."}}


class TermRefSerializer(CatalogSerializer):
    institution = serializers.CharField(source="institution.code", help_text="The institution's code.")
    code = serializers.CharField(help_text="The term's code.")
    url = serializers.SerializerMethodField(help_text="The term's URL.")

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, term: Term) -> str:
        return self.link("catalog-term-detail", **term_kwargs(term))


class CourseRefSerializer(CatalogSerializer):
    code = serializers.CharField(help_text='Subject and number, e.g. "CS 2110".')
    title = serializers.CharField(help_text="The course's title.")
    url = serializers.SerializerMethodField(help_text="The course's URL.")

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, course: Course) -> str:
        return self.link(
            "catalog-course-detail", **term_kwargs(self.context["term"]), subject=course.subject, number=course.number
        )


class SectionDetailSerializer(SectionSerializer):
    term = serializers.SerializerMethodField(help_text="Its term.")
    course = serializers.SerializerMethodField(help_text="Its course.")
    component_name = serializers.CharField(source="component.name", help_text="Its component's name, as `Lecture`.")

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


COURSE_HELP = {
    "id": {"help_text": "Classtime's id of the course."},
    "subject": {"help_text": "The subject, as `CS`."},
    "number": {"help_text": "The number within the subject, as `2110`."},
    "title": {"help_text": "The course's title."},
    "description": {"help_text": "The catalog's description; empty when it gives none."},
    "prerequisites": {
        "help_text": 'What a student must have passed first, in words: "(MATH 1501 (C) or MATH 15X1 (transfer)) and '
        'PHYS 2211 (C)", a letter being the lowest grade that counts and `transfer` transfer credit; empty when the '
        "catalog lists none."
    },
}


class CourseBaseSerializer(serializers.ModelSerializer, CatalogSerializer):
    url = serializers.SerializerMethodField(help_text="The course's URL: its components, sections and meetings.")
    code = serializers.CharField(help_text='Subject and number, e.g. "CS 2110".')
    credits_min = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        coerce_to_string=False,
        allow_null=True,
        help_text="The fewest credits it can be taken for, or null when unknown.",
    )
    credits_max = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        coerce_to_string=False,
        allow_null=True,
        help_text="The most credits it can be taken for (more than `credits_min` for variable credit).",
    )

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, course: Course) -> str:
        return self.link(
            "catalog-course-detail", **term_kwargs(self.context["term"]), subject=course.subject, number=course.number
        )


class ComponentSummarySerializer(serializers.ModelSerializer):
    sections = serializers.IntegerField(
        source="section_count",
        help_text="Sections listed (withdrawn ones only with `include_withdrawn`), cancelled and quarantined ones "
        "included.",
    )
    schedulable_sections = serializers.IntegerField(
        source="schedulable_section_count",
        help_text="Of those, the sections a schedule can take: neither withdrawn, quarantined nor cancelled.",
    )
    open_sections = serializers.IntegerField(
        source="open_section_count", help_text="Of the schedulable sections, those with a seat left."
    )

    class Meta:
        model = Component
        fields = ["kind", "name", "sections", "schedulable_sections", "open_sections"]
        extra_kwargs = {"name": {"help_text": "The kind's name, as `Lecture`."}}


class CourseListSerializer(CourseBaseSerializer):
    components = ComponentSummarySerializer(
        many=True, help_text="Its components (a schedule takes one section of each), with section counts."
    )

    class Meta:
        model = Course
        fields = [
            "id",
            "url",
            "code",
            "subject",
            "number",
            "title",
            "credits_min",
            "credits_max",
            "prerequisites",
            "components",
        ]
        extra_kwargs = COURSE_HELP

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
            "prerequisites": course.prerequisites,
            "components": [
                {
                    "kind": c.kind,
                    "name": c.name,
                    "sections": c.section_count,
                    "schedulable_sections": c.schedulable_section_count,
                    "open_sections": c.open_section_count,
                }
                for c in course.components.all()
            ],
        }


class CourseDetailSerializer(CourseBaseSerializer):
    term = serializers.SerializerMethodField(help_text="Its term.")
    components = ComponentSerializer(
        many=True, help_text="Its components (a schedule takes one section of each), with their sections."
    )

    class Meta:
        model = Course
        extra_kwargs = COURSE_HELP
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
            "prerequisites",
            "components",
        ]

    @extend_schema_field(TermRefSerializer)
    def get_term(self, course: Course) -> dict:
        return TermRefSerializer(self.context["term"], context=self.context).data


# Institutions and terms --------------------------------------------------------------------


class TermSerializer(serializers.ModelSerializer, CatalogSerializer):
    url = serializers.SerializerMethodField(help_text="The term's URL.")
    courses_url = serializers.SerializerMethodField(help_text="The term's course search.")
    institution = serializers.CharField(source="institution.code", help_text="The institution's code.")
    holidays = serializers.ListField(
        child=serializers.DateField(),
        help_text="Dates with no classes, a finals week's included: exams set on them are held, weekly classes "
        "are not.",
    )
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
            "status",
        ]
        extra_kwargs = {
            "status": {
                "help_text": "`published`: students plan schedules for it; `hidden`: only staff see it (an import "
                "being checked before its release); `archived`: readable, but it takes no new generation jobs or "
                "saved schedules."
            },
            "code": {"help_text": "The term's code, unique within its institution (as `202208`)."},
            "name": {"help_text": "The term's name, as `Fall 2022`."},
            "first_day": {"help_text": "The first day of classes, or null when unknown."},
            "last_day": {"help_text": "The last day of classes, or null when unknown."},
            "imported_at": {"help_text": "When an import last changed its catalog; null if never imported."},
        }

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, term: Term) -> str:
        return self.link("catalog-term-detail", **term_kwargs(term))

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_courses_url(self, term: Term) -> str:
        return self.link("catalog-course-list", **term_kwargs(term))


class CampusSerializer(serializers.Serializer):
    name = serializers.CharField(
        allow_blank=True,
        help_text="The campus as the registrar names it (as `filters.campuses` takes it); empty: "
        "sections whose campus the catalog does not give.",
    )
    sections = serializers.IntegerField(
        help_text="Its sections a schedule can use (neither withdrawn nor quarantined)."
    )


class TermDetailSerializer(TermSerializer):
    campuses = serializers.SerializerMethodField(
        help_text="The term's campuses, most sections first: a schedule may mix them unless a generation request's "
        "`filters.campuses` names some."
    )

    class Meta(TermSerializer.Meta):
        fields = [*TermSerializer.Meta.fields, "campuses"]

    @extend_schema_field(CampusSerializer(many=True))
    def get_campuses(self, term: Term) -> list[dict]:
        return self.context["campuses"]  # catalog.selectors.term_campuses, read by the view


class InstitutionSerializer(serializers.ModelSerializer, CatalogSerializer):
    url = serializers.SerializerMethodField(help_text="The institution's URL.")
    terms = TermSerializer(many=True, help_text="Its terms.")

    class Meta:
        model = Institution
        fields = ["url", "code", "name", "timezone", "campus_timezones", "terms"]
        extra_kwargs = {
            "code": {"help_text": "The institution's code, as `uva`."},
            "name": {"help_text": "The institution's name."},
            "timezone": {
                "help_text": "The IANA time zone its meeting times are in, as `America/New_York`, but those of the "
                "campuses in `campus_timezones`."
            },
            "campus_timezones": {
                "help_text": "The IANA time zone of each campus whose clock is not `timezone`'s, by the campus name "
                'its sections give: its sections\' meeting times are in it, as `{"GT Lorraine-Undergrad Programs": '
                '"Europe/Paris"}`.'
            },
        }

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, institution: Institution) -> str:
        return self.link("catalog-institution-detail", institution=institution.code)
