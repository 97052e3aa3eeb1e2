"""How a generation job is shown."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from catalog.sources.records import WEEKDAYS
from scheduler import services
from scheduler.models import GenerationJob


class MeetingOut(serializers.Serializer):
    days = serializers.ListField(
        child=serializers.ChoiceField(choices=WEEKDAYS), help_text="Weekdays it meets on, `Mo`..`Su`."
    )
    start = serializers.CharField(allow_null=True, help_text="HH:MM; null for a meeting with no set time")
    end = serializers.CharField(allow_null=True, help_text="HH:MM; null for a meeting with no set time")
    first_date = serializers.CharField(allow_null=True, help_text="ISO date")
    last_date = serializers.CharField(allow_null=True, help_text="ISO date")
    location = serializers.CharField(allow_blank=True, help_text="Building and room; empty when unknown.")
    kind = serializers.ChoiceField(
        choices=["weekly", "exam", "one_off"], help_text="A weekly class, an exam or a session on its own dates."
    )


# What an explanation's requirement can be (scheduler.engine's Requirement.kind).
REQUIREMENT_KINDS = ["course", "elective", "busy", "pin", "filter", "exclusion"]


class GeneratedSectionOut(serializers.Serializer):
    id = serializers.CharField(help_text="Registrar id (CRN).")
    course = serializers.CharField(help_text="The course's code, as `CS 1110`.")
    title = serializers.CharField(help_text="The course's title.")
    component = serializers.CharField(help_text="The component's kind, as `LEC`.")
    component_name = serializers.CharField(help_text="The component's name, as `Lecture`.")
    code = serializers.CharField(help_text="The section's code within its course, as `001`.")
    status = serializers.CharField(help_text="`open`, `closed`, `waitlist` or `cancelled`, as last imported.")
    capacity = serializers.IntegerField(allow_null=True, help_text="Seats, or null when unknown.")
    enrolled = serializers.IntegerField(allow_null=True, help_text="Students enrolled, or null when unknown.")
    instructors = serializers.ListField(child=serializers.CharField(), help_text="Instructors' names.")
    campus = serializers.CharField(allow_blank=True, help_text="The campus; empty when unknown.")
    modality = serializers.CharField(help_text="`in_person`, `online` or `hybrid`.")
    notes = serializers.CharField(
        allow_blank=True,
        help_text="The registrar's notes, as a topics course's topic (`Topic: Black Genders`); empty when none.",
    )
    meetings = MeetingOut(many=True, help_text="When and where it meets.")
    alternatives = serializers.ListField(
        child=serializers.CharField(),
        help_text="Registrar ids of the sections of the same component the engine could not tell apart from this "
        "one (same times, same cost): any of them makes an equally good schedule.",
    )
    alternative_notes = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text="Of `alternatives`, those whose notes differ from this section's, by id, with their notes: a "
        "topics course's other topics at the same times (the engine cannot tell topics apart; the student can).",
    )


class CreditsOut(serializers.Serializer):
    min = serializers.FloatField(help_text="The fewest credit hours its courses can be taken for.")
    max = serializers.FloatField(help_text="The most (more than `min` when a course has variable credit, as 1 to 3).")
    unknown = serializers.ListField(
        child=serializers.CharField(),
        help_text="Its courses whose credits the catalog does not give (counted as none), as `CS 4993`.",
    )


class BreakdownSourceOut(serializers.Serializer):
    sections = serializers.ListField(
        child=serializers.CharField(),
        help_text="Registrar ids of the schedule's sections its points come from, in the schedule's order, each as "
        "`sections` or `tba` shows it (the shown one of equivalent sections, not its `alternatives`): for a cost "
        "per section, those that cost something; for a cost of the week, every section with a weekly class on one "
        "of `days`. Empty when all its points are `elective_picks`.",
    )
    days = serializers.ListField(
        child=serializers.ChoiceField(choices=WEEKDAYS),
        help_text="For a cost of the week (`days_on_campus`, `free_days`, `gaps`, `lunch`, `marathon`), the "
        "weekdays that cost, `Mo`..`Su`, in order: each day with a class, the kept-free ones with a class, the "
        "days whose own gaps, lunch or run of classes (and busy times) cost. Empty for a cost per section.",
    )
    elective_picks = serializers.IntegerField(
        help_text="Of its points, those owed to which elective courses were picked rather than to a section: "
        "for `instructors` and `friends_shared`, an elective course with fewer components a preferred "
        "instructor teaches (or a friend takes) than its group's best course pays for each it lacks, beyond "
        "what every pick of the group would. 0 for every other cost."
    )
    busy = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="For `gaps`, `lunch` and `marathon`, the labels of the request's busy times that take part on "
        "`days` (on a day with classes a busy time is part of the day): one beside an idle gap, in the lunch "
        "window, or in a run beyond the cap, in the request's order. Empty otherwise. Absent from jobs answered "
        "before engine version 2026-12-10.",
    )


class GeneratedScheduleOut(serializers.Serializer):
    rank = serializers.IntegerField(help_text="1 for the best schedule, then 2, 3... by `score`.")
    score = serializers.IntegerField(help_text="The total cost of the preferences: lower is better, 0 costs nothing.")
    breakdown = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="The score by cost, summing to it: `early` (no_classes_before), `late` (no_classes_after), "
        "`free_days`, `days_on_campus` (fewer_days), `gaps` (compact), `lunch`, `marathon` (max_in_a_row), "
        "`instructors`, `open_seats`, `friends_shared` and `friends_free_time` (friends); only the costs the "
        "request's preferences turn on are listed.",
    )
    breakdown_sources = serializers.DictField(
        child=BreakdownSourceOut(),
        required=False,
        help_text="Where the points come from, for each cost of `breakdown` above 0 and only those (a cost has "
        "points exactly when it is listed here): the sections and, for a cost of the week, the weekdays (and for "
        "gaps, lunch and marathons the busy times taking part). Absent "
        "from jobs answered before engine version 2026-12-09.",
    )
    sections = GeneratedSectionOut(many=True, help_text="Its sections with set meeting times, one per component.")
    tba = GeneratedSectionOut(many=True, help_text="Its sections with no set time (they clash with nothing).")
    warnings = serializers.ListField(
        child=serializers.CharField(),
        help_text="For a person: exams of two of its courses that clash, or an exam inside one of the request's "
        "busy times; the allowed overlaps it uses (`CS 1110 LEC 001 and MATH 1310 LEC 002 overlap on Tuesday and "
        "Thursday, 09:30-09:45 (allowed)`, see the request's `allowed_overlaps`); two classes one after the other "
        "in different buildings with at most the request's `back_to_back_minutes` between them (\"Tuesday and "
        'Thursday: CS 2100 LEC ends 09:15 in Rice Hall, MATH 3351 LEC starts 09:30 in Kerchof Hall (15 minutes)", '
        "since engine version 2026-12-17); meetings of its sections that never take place; and, when the beam "
        "strategy found no schedule, that the exact search found this one.",
    )
    credits = CreditsOut(
        required=False, help_text="Its credit hours, each course once (absent from jobs answered before 2026-12-05)."
    )


class RequirementOut(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=REQUIREMENT_KINDS,
        help_text="What the request asked for: a course, an elective group, a busy block, a pinned section, a "
        "filter, or the excluded sections of one component.",
    )
    ref = serializers.CharField(
        help_text="Which: the course code; for an elective group, its index from 0 in the job's stored "
        "`request.electives` (which the API sorts by their courses, each group's courses sorted too, so not "
        "always the order sent); for a busy block, its index from 0 in `request.busy` (the order sent); the "
        "pinned section's registrar id, the filter's name (`open_seats_only`, `campuses`, `modalities`, "
        "`excluded_instructors`), or the course code and component kind (`CS 1110 LEC`) of the exclusions."
    )
    label = serializers.CharField(help_text="The same for a person.")


class DropOut(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=REQUIREMENT_KINDS,
        help_text="As in `conflicts`.",
    )
    ref = serializers.CharField(help_text="As in `conflicts`.")
    unpinned = serializers.BooleanField(
        required=False,
        help_text="Only on a pin of a course the change drops, `true`: it goes with the course (the description's "
        "“, unpinning …”), not a change of its own.",
    )


class RepairOut(serializers.Serializer):
    description = serializers.CharField(help_text="The change, for a person.")
    best_score = serializers.IntegerField(help_text="The score of the best schedule the request then has.")
    drops = DropOut(
        many=True,
        help_text="The requirements the change drops (or relaxes), with the pins of a course it drops: "
        "taken out of the request, it is one the API takes.",
    )


class ExplanationOut(serializers.Serializer):
    message = serializers.CharField(help_text="Why nothing fits, for a person.")
    complete = serializers.BooleanField(
        required=False,
        help_text="`false` when the engine's budget (of nodes or time) ran out first: `conflicts` may not be "
        "minimal, or pairs of changes were left untried (the message says which). Absent from answers of engine "
        "versions before 2026-12-15.",
    )
    conflicts = RequirementOut(
        many=True,
        help_text="A minimal set of the request's requirements that cannot all hold together: no member can be "
        "left out with the set still impossible, so without any one member the rest of this set fit together "
        "(the whole request may still not fit: see `repairs`). Minimal, not always the smallest such set.",
    )
    repairs = RepairOut(
        many=True,
        help_text="Changes that make the request feasible: first those that keep every course (another "
        "section, or a pin, busy block, filter or exclusion given up), then those that drop an elective group, "
        "then those that drop a course; the lowest `best_score` first within each. Each makes one change or, "
        "when none would do, two; none leaves the request without a course and an elective group (the API "
        "would refuse it). Empty when no change of one or two requirements mends it, or the budget ran out "
        "first (the message says which).",
    )


class StoredBusyOut(serializers.Serializer):
    days = serializers.ListField(child=serializers.ChoiceField(choices=WEEKDAYS), help_text="Weekdays, `Mo`..`Su`.")
    start = serializers.CharField(help_text="`HH:MM`.")
    end = serializers.CharField(help_text="`HH:MM`.")
    buffer_before = serializers.IntegerField(help_text="Minutes kept free before it.")
    buffer_after = serializers.IntegerField(help_text="Minutes kept free after it.")
    first_date = serializers.DateField(allow_null=True, help_text="The first date it holds; null: from the start.")
    last_date = serializers.DateField(allow_null=True, help_text="The last date it holds; null: to the end.")
    label = serializers.CharField(
        allow_blank=True,
        help_text="Its name as given; empty when not given (explanations then name it by its days, times, "
        "rest and dates).",
    )


class StoredElectiveOut(serializers.Serializer):
    pick = serializers.IntegerField(help_text="How many of `courses` each schedule takes.")
    courses = serializers.ListField(child=serializers.CharField(), help_text="Course codes.")


class StoredFiltersOut(serializers.Serializer):
    open_seats_only = serializers.BooleanField(help_text="Only sections open with a seat left.")
    campuses = serializers.ListField(child=serializers.CharField(), help_text="Allowed campuses; empty: any.")
    modalities = serializers.ListField(child=serializers.CharField(), help_text="Allowed modalities; empty: any.")
    excluded_instructors = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Instructors never taken, as the catalog writes them (the names read); empty: none. Absent "
        "from jobs stored before 2026-12-10.",
    )


class StoredRequestOut(serializers.Serializer):
    """A job's request as validated and stored: defaults filled in, codes normalised, ids sorted."""

    courses = serializers.ListField(child=serializers.CharField(), help_text="Required course codes, as `CS 1110`.")
    electives = StoredElectiveOut(many=True, help_text="Elective groups.")
    busy = StoredBusyOut(many=True, help_text="Busy blocks, with their defaults filled in.")
    pinned = serializers.ListField(child=serializers.CharField(), help_text="Pinned registrar ids, sorted.")
    excluded = serializers.ListField(child=serializers.CharField(), help_text="Excluded registrar ids, sorted.")
    filters = StoredFiltersOut(help_text="Which sections may be used.")
    preferences = serializers.DictField(
        help_text="The preferences with a weight above 0, by name, each as sent with its defaults filled in "
        "(see the request body's `preferences`); `friends` also carries the friends' schedules it was "
        "resolved to at submission (`friends`: their names, sections and weekly busy times with their "
        "first and last dates, none in jobs stored before 2026-12-05: the whole term)."
    )
    allowed_overlaps = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2),
        required=False,
        help_text="Pairs of course codes whose classes may overlap, each pair sorted, the pairs sorted; absent "
        "when the request gave none.",
    )
    overlap_minutes = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="The most minutes an allowed overlap may last (null: any); absent with `allowed_overlaps`.",
    )
    k = serializers.IntegerField(help_text="How many schedules were asked for.")
    strategy = serializers.CharField(
        help_text="`exact` or `beam`, as asked; the job's own `strategy` says which search answered."
    )
    back_to_back_minutes = serializers.IntegerField(
        required=False,
        help_text="The longest gap between two classes in different buildings that is warned about "
        "(absent from jobs stored before engine version 2026-12-17, answered with 15).",
    )


@extend_schema_field(GeneratedScheduleOut(many=True, allow_null=True))
class ResultsField(serializers.JSONField):
    """The ranked schedules of a succeeded job (empty when nothing fits; null before it succeeds)."""


@extend_schema_field(ExplanationOut(allow_null=True))
class ExplanationField(serializers.JSONField):
    """Why nothing fits (null unless a succeeded job has no schedule)."""


@extend_schema_field(StoredRequestOut)
class StoredRequestField(serializers.JSONField):
    """The request as validated and stored."""


class ViableSectionSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The section's registrar id.")
    code = serializers.CharField(help_text="The section's code within its course, as `001`.")
    status = serializers.CharField(help_text="`open`, `closed`, `waitlist` or `cancelled`, as last imported.")
    viable = serializers.BooleanField(
        allow_null=True,
        help_text="True: some valid schedule of the request uses it; false: none does; null: not "
        "known within the engine's budget.",
    )


class ViabilityComponentSerializer(serializers.Serializer):
    course = serializers.CharField(help_text="The course's code, as `CS 2110`.")
    component = serializers.CharField(help_text="The component's kind, as `LEC`.")
    component_name = serializers.CharField(help_text="The component's name, as `Lecture`.")
    sections = ViableSectionSerializer(many=True, help_text="Every section of the component, by code.")


@extend_schema_field(ViabilityComponentSerializer(many=True, allow_null=True))
class ViabilityField(serializers.JSONField):
    """Per component of the requested courses, which sections can be in a valid schedule of the
    request (null until the job succeeds, and for jobs answered before this was added)."""


class GenerationJobSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This job's URL: GET it until `status` is finished.")
    viability = ViabilityField(
        read_only=True,
        help_text="Per component of the requested courses, which sections can be in a valid schedule of the "
        "request; null until the job succeeds, and for jobs answered before this was added.",
    )
    term = serializers.CharField(source="term.code", help_text="The term's code.")
    institution = serializers.CharField(source="term.institution.code", help_text="The term's institution's code.")
    results = ResultsField(
        read_only=True,
        help_text="The ranked schedules, best first; empty when nothing fits (see `explanation`); null until "
        "the job succeeds.",
    )
    explanation = ExplanationField(
        read_only=True,
        help_text="Why nothing fits and what would make it fit, when the job succeeded with no schedule; null "
        "otherwise, and when the engine's budget ran out before it found one (`proven_optimal` false).",
    )
    request = StoredRequestField(
        read_only=True, help_text="The request as validated and normalised (course codes, ids sorted)."
    )
    strategy = serializers.SerializerMethodField(
        help_text="The search that answered, which need not be the request's `request.strategy`: `exact` "
        "for an exact request, and for a `beam` request whose beam found no schedule, so that the exact search "
        "looked again (its schedules then carry a warning saying so, and an explanation comes from it); `beam` "
        "when the beam's schedules are the answer (or it ran out of budget with none). Null until the job "
        "succeeds."
    )
    reused = serializers.SerializerMethodField(
        help_text="True when an identical request on the same catalog version had already been answered: "
        "this job carries that answer and no engine ran."
    )

    class Meta:
        model = GenerationJob
        fields = [
            "id",
            "url",
            "status",
            "institution",
            "term",
            "catalog_version",
            "request",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
            "engine_ms",
            "nodes",
            "proven_optimal",
            "strategy",
            "reused",
            "error",
            "results",
            "explanation",
            "viability",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The job's id (a UUID)."},
            "status": {
                "help_text": "`queued` and `running` are not finished; `succeeded` (with `results`, or an "
                "`explanation` when nothing fits), `failed` (with `error`) and `cancelled` are."
            },
            "catalog_version": {
                "help_text": "The term's catalog version the job was answered on (a re-import raises it)."
            },
            "attempts": {"help_text": "How many times a worker started it (more than 1 after a worker was lost)."},
            "created_at": {"help_text": "When it was submitted."},
            "started_at": {
                "help_text": "When a worker first took it (kept if it is queued again after its worker was "
                "lost; for a reused answer, when it was answered); null before."
            },
            "finished_at": {"help_text": "When it finished; null until then."},
            "engine_ms": {
                "help_text": "Milliseconds the engine took to find and rank the schedules (the section check "
                "that fills `viability` is not counted); null until it succeeds."
            },
            "nodes": {"help_text": "Search nodes the engine explored; null until it succeeds."},
            "proven_optimal": {
                "help_text": "True: no schedule is better than those returned (exact strategy within its "
                "budget, or the beam found none and the exact search answered). False: the budget ran out or the "
                "beam found the schedules. Null until it succeeds."
            },
            "error": {"help_text": "Why it failed; empty otherwise."},
        }

    def get_url(self, job: GenerationJob) -> str:
        return reverse("generation-detail", args=[job.pk], request=self.context.get("request"))

    @extend_schema_field({"type": "string", "enum": ["exact", "beam"], "nullable": True})
    def get_strategy(self, job: GenerationJob) -> str | None:
        return services.job_strategy(job=job)

    def get_reused(self, job: GenerationJob) -> bool:
        return job.reused_from_id is not None


class GenerationJobBriefSerializer(GenerationJobSerializer):
    """A job in the list of one's jobs: without its results and explanation (GET its url)."""

    class Meta(GenerationJobSerializer.Meta):
        fields = [f for f in GenerationJobSerializer.Meta.fields if f not in ("results", "explanation", "viability")]
        read_only_fields = fields


# The headers of an answer carrying a job (POST generations/, a job's reads, re-plan) ---------

POLL_SECONDS = 1  # how long a client is asked to wait before reading an unfinished job again
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=True,
    description="Only while the job is not finished: seconds to wait before reading it again.",
)

LOCATION = OpenApiParameter(
    "Location", OpenApiTypes.URI, OpenApiParameter.HEADER, response=True, description="The job's URL."
)


def job_headers(job: GenerationJob, **headers: str) -> dict[str, str]:
    """The headers of an answer carrying this job: `Retry-After` while it is not finished."""
    if job.status not in GenerationJob.FINISHED:
        headers["Retry-After"] = str(POLL_SECONDS)
    return headers
