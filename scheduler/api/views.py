"""Generation jobs over HTTP: submit (202), read, cancel, list one's own."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from catalog.models import Term
from classtime_site.api import (
    PAGED,
    GenerationThrottle,
    KnownQueryParameters,
    ValidationErrorWith,
    validated_json_answer,
)
from classtime_site.idempotency import IDEMPOTENCY_KEY, REPLAYED, idempotent, replay_waiting
from scheduler import services
from scheduler.api.examples import (
    BRIEF,
    CANCELLED,
    IMPOSSIBLE_REQUEST,
    NOTHING_FITS_JOB,
    QUEUED,
    REQUEST,
    SUCCEEDED,
    answer,
    asked,
)
from scheduler.api.output import (
    LOCATION,
    RETRY_AFTER,
    GenerationJobBriefSerializer,
    GenerationJobSerializer,
    job_headers,
)
from scheduler.api.serializers import GenerationRequestSerializer
from scheduler.models import GenerationJob


def visible_job(request: Request, job_id) -> GenerationJob:
    """The job if this user may see it: their own, or an anonymous one (by its secret id)."""
    job = get_object_or_404(GenerationJob.objects.select_related("term__institution"), pk=job_id)
    if job.owner_id is not None and job.owner_id != getattr(request.user, "pk", None):
        raise Http404  # another student's job: as if it did not exist
    return job


class GenerationListCreate(KnownQueryParameters, generics.GenericAPIView):
    query_parameters = PAGED
    serializer_class = GenerationRequestSerializer
    throttle_scope = "generation"

    def get_throttles(self):
        if self.request.method == "POST" and not replay_waiting(self.request):  # a replay starts no search
            return [*super().get_throttles(), GenerationThrottle()]  # all fail open: a down cache refuses nothing
        return super().get_throttles()

    def get_permissions(self):
        if self.request.method in ("GET", "HEAD"):  # HEAD is answered by get()
            return [permissions.IsAuthenticated()]
        return [permissions.AllowAny()]

    @extend_schema(
        summary="Your generation jobs",
        description="Newest first, without their results, explanation and viability (GET a job's url).",
        responses=GenerationJobBriefSerializer(many=True),
        examples=[answer("a finished job", BRIEF)],
    )
    def get(self, request: Request) -> Response:
        jobs = GenerationJob.objects.filter(owner=request.user).select_related("term__institution")
        page = self.paginate_queryset(jobs.order_by("-created_at"))
        data = GenerationJobBriefSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(
        summary="Generate schedules",
        description="202 with the job and its url in `Location`: GET it until `status` is `succeeded`, `failed` "
        "or `cancelled`, waiting as `Retry-After` says between reads (on the embedded default it has already "
        "finished, and there is no `Retry-After`). An identical request on the same "
        "catalog version is answered from the earlier job (`reused`).",
        request=GenerationRequestSerializer,
        parameters=[LOCATION, RETRY_AFTER, IDEMPOTENCY_KEY, REPLAYED],
        responses={202: GenerationJobSerializer},
        examples=[
            asked("two courses, practice and Friday free", REQUEST),
            asked("a course against an evening of work", IMPOSSIBLE_REQUEST),
            answer("queued", QUEUED, "202"),
        ],
    )
    @idempotent
    def post(self, request: Request) -> Response:
        serializer = GenerationRequestSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            refused = getattr(serializer, "refused_pins", None)
            if refused:  # with a way on: drop them, or keep another section of their component
                raise ValidationErrorWith(serializer.errors, extra={"refused_pins": refused})
            raise ValidationError(serializer.errors)
        term = Term.objects.get(pk=serializer.validated_data["term_id"])
        job = services.generation_job_submit(owner=request.user, term=term, request=serializer.normalised())
        body = GenerationJobSerializer(job, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers=job_headers(job, Location=body["url"]))


ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 304],
    description="A tag of the answer's bytes: send it back as If-None-Match for a bodiless 304 while the job is "
    "unchanged.",
)
NOT_MODIFIED = OpenApiResponse(description="Not modified: the job is as the client's copy (If-None-Match).")

JOB_ID = OpenApiParameter(
    "job_id",
    OpenApiTypes.UUID,
    OpenApiParameter.PATH,
    description="The job's id (a UUID; an anonymous job is reachable only through it).",
    examples=[OpenApiExample(SUCCEEDED["id"], value=SUCCEEDED["id"])],
)


class GenerationDetail(KnownQueryParameters, generics.GenericAPIView):
    serializer_class = GenerationJobSerializer
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="A generation job",
        description="Its status and, once succeeded, the ranked schedules (or, when nothing fits, `explanation`) "
        "and `viability`. Another student's job answers 404, as if it did not exist, and so does a job "
        "finished over 30 days ago (deleted then, unless a saved schedule came from it). Answered with an "
        "ETag: poll with it in If-None-Match and an unchanged job is a bodiless 304.",
        parameters=[JOB_ID, RETRY_AFTER, ETAG],
        responses={200: GenerationJobSerializer, 304: NOT_MODIFIED},
        examples=[
            answer("succeeded", SUCCEEDED),
            answer("nothing fits", NOTHING_FITS_JOB),
            answer("queued", QUEUED),
        ],
    )
    def get(self, request: Request, job_id) -> Response:
        job = visible_job(request, job_id)
        data = GenerationJobSerializer(job, context={"request": request}).data
        # private: an anonymous job is reachable by its id alone, which no shared cache may keep
        return validated_json_answer(self, request, data, job_headers(job, **{"Cache-Control": "private, no-cache"}))

    @extend_schema(
        summary="Cancel a generation job",
        description="The job, now cancelled; a job that has finished is answered as it was.",
        parameters=[JOB_ID],
        responses={200: GenerationJobSerializer},
        examples=[answer("cancelled", CANCELLED)],
    )
    def delete(self, request: Request, job_id) -> Response:
        job = services.generation_job_cancel(job=visible_job(request, job_id))
        return Response(GenerationJobSerializer(job, context={"request": request}).data)
