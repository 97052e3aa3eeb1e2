"""Course fits over HTTP: which of some courses could still be added to a plan ("fits my week",
docs/api.md "Course fits")."""

from __future__ import annotations

import time

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from catalog.models import Course, Term
from catalog.selectors import instructor_names
from classtime_site.api import BoundedListField, GenerationThrottle, KnownQueryParameters, Text, ValidationErrorWith
from scheduler.api.serializers import GenerationRequestSerializer, course_code, never_with_resolve
from scheduler.course_fits import MAX_CANDIDATES, course_fits_check

MAX_CANDIDATE_ENTRIES = 5 * MAX_CANDIDATES  # the entries as sent, duplicates included


class CourseFitRequestSerializer(GenerationRequestSerializer):
    """A generation request (the plan as it stands: it may name no course yet) and the courses to try
    adding to it, one at a time."""

    needs_course = False
    candidates = BoundedListField(
        child=Text(max_length=30),
        # the entries as sent, a code twice counting once; more than this is refused before any is read
        max_length=MAX_CANDIDATE_ENTRIES,
        error_messages={
            "required": f"name 1 to {MAX_CANDIDATES} course codes to try",
            "max_length": f"at most {MAX_CANDIDATES} courses to try in one call (and {MAX_CANDIDATE_ENTRIES} "
            "entries, a code twice counting once)",
        },
        help_text=f"Course codes to try adding to the plan, each on its own (1 to {MAX_CANDIDATES} different ones, "
        f"in at most {MAX_CANDIDATE_ENTRIES} entries: a code twice counts once, in any spelling); none may be "
        "among the request's courses or elective groups.",
    )

    def validate_candidates(self, value: list[str]) -> list[str]:
        codes = list(dict.fromkeys(course_code(v) for v in value))
        if not codes:
            raise serializers.ValidationError("name at least one course to try")
        if len(codes) > MAX_CANDIDATES:
            raise serializers.ValidationError(
                f"at most {MAX_CANDIDATES} courses to try in one call, not {len(codes)} (a code twice counts once)"
            )
        return codes

    def validate(self, data: dict) -> dict:
        # preferences are read (a malformed one is a 400) and unused: no friends' schedules or instructors looked up
        data["preferences"] = {}
        # instructors never wanted, as typed: the base would read them among the plan's instructors alone
        filters = data.get("filters")
        never = filters["excluded_instructors"] if filters else []
        if never:
            data["filters"] = {**filters, "excluded_instructors": []}
        data = super().validate(data)
        candidates = data["candidates"]
        planned = {*data["courses"], *(c for g in data["electives"] for c in g["courses"])}
        if again := [c for c in candidates if c in planned]:
            raise serializers.ValidationError(
                {"candidates": [f"{', '.join(again)} already in the plan (its courses or elective groups)"]}
            )
        term = Term.objects.get(pk=data["term_id"])
        known = {
            f"{s} {n}"
            for s, n in Course.objects.filter(term=term, subject__in={c.split()[0] for c in candidates}).values_list(
                "subject", "number"
            )
        }
        if unknown := [c for c in candidates if c not in known]:
            where = term.code if term.name == term.code else f"{term.name} ({term.code})"
            raise serializers.ValidationError({"candidates": [f"unknown course(s) in {where}: {', '.join(unknown)}"]})
        if never:
            # read as the catalog writes them among the plan's and the candidates' instructors ("Hopper" is
            # "Grace Hopper", "Staff" both "Lab Staff" and "TA Staff"), as a generation request naming the
            # candidate would read them
            names = instructor_names(term=term, course_codes=[*planned, *candidates])
            data["filters"]["excluded_instructors"] = never_with_resolve(names, never, None)
        return data


class CourseFitOut(serializers.Serializer):
    course = serializers.CharField(help_text="The candidate course, as `CS 1110`.")
    fits = serializers.BooleanField(
        allow_null=True,
        help_text="true: some valid schedule of the plan takes it too; false: proven that none can; null: not known "
        "(the time for the call ran out first).",
    )
    reason = serializers.CharField(
        help_text='Why not, in a few words ("it clashes with CS 1110", "it clashes with the busy time work"); '
        "empty when it fits."
    )


class CourseFitsOut(serializers.Serializer):
    results = CourseFitOut(many=True, help_text="One per candidate, in the order asked.")
    elapsed_ms = serializers.FloatField(help_text="The server's time for the check, in milliseconds.")


EXAMPLE_REQUEST = {
    "institution": "demo",
    "term": "2026-fall",
    "courses": ["CS 1110", "MATH 1310"],
    "busy": [{"days": ["Tu", "Th"], "start": "17:00", "end": "22:00", "label": "work"}],
    "candidates": ["CHEM 1410", "MUSI 1310"],
}
EXAMPLE_ANSWER = {
    "results": [
        {"course": "CHEM 1410", "fits": True, "reason": ""},
        {"course": "MUSI 1310", "fits": False, "reason": "it clashes with the busy time work"},
    ],
    "elapsed_ms": 12.4,
}


class CourseFits(KnownQueryParameters, generics.GenericAPIView):
    serializer_class = CourseFitRequestSerializer
    permission_classes = [permissions.AllowAny]
    # each call holds a web process for up to CLASSTIME_FIT_DEADLINE_MS: a rate of its own, tighter than a read's
    throttle_scope = "course_fits"

    def get_throttles(self):
        # fails open as the others: a down cache refuses nothing
        return [*super().get_throttles(), GenerationThrottle()]

    @extend_schema(
        summary="Which courses could still be added to a plan",
        description="For each candidate course: whether adding it to the plan (the generation request's courses, "
        "elective groups, busy times, kept and avoided sections and filters; preferences and `k` are read and "
        "ignored) leaves at least one valid schedule. Answered at once, not as a job: the call has "
        "CLASSTIME_FIT_DEADLINE_MS (500 ms) from its start for all the candidates together (reading and compiling "
        "them included), and a candidate left when it runs out is `fits: null`. Throttled by its own scope, "
        "`course_fits` (60 calls a minute per client by default).",
        request=CourseFitRequestSerializer,
        responses={200: CourseFitsOut},
        examples=[
            OpenApiExample("a plan and two courses to try", value=EXAMPLE_REQUEST, request_only=True),
            OpenApiExample("the answer", value=EXAMPLE_ANSWER, response_only=True, status_codes=["200"]),
        ],
    )
    def post(self, request: Request) -> Response:
        started = time.perf_counter()  # the call's time counts from here: validation and reads are in it
        serializer = CourseFitRequestSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            refused = getattr(serializer, "refused_pins", None)
            if refused:
                raise ValidationErrorWith(serializer.errors, extra={"refused_pins": refused})
            raise ValidationError(serializer.errors)
        term = Term.objects.get(pk=serializer.validated_data["term_id"])
        plan = serializer.normalised()
        candidates = plan.pop("candidates")
        return Response(course_fits_check(term=term, request=plan, candidates=candidates, started=started))
