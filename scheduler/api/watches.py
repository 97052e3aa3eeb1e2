"""Seat alerts over HTTP: the signed-in student's watched sections (docs/api.md, "Seat alerts").

Everything needs sign-in (session or personal token) and is scoped to the caller: another
student's watch answers 404, as a missing one does.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import ID_MAX
from catalog.models import Section, Term
from catalog.selectors import terms_visible
from classtime_site.api import PAGED, Flag, KnownQueryParameters, StrictSerializer, Text, Whole
from scheduler import watches
from scheduler.api.saved import INSTITUTION_QUERY, TERM_QUERY, term_query
from scheduler.api.serializers import institution_field
from scheduler.models import SectionWatch

WATCH_EXAMPLE = {
    "id": 3,
    "url": "https://classtime.example.edu/api/v1/watches/3/",
    "section_id": 118,
    "registrar_id": "40005",
    "term": "2026-fall",
    "institution": "demo",
    "course": "CS 1110",
    "title": "Introduction to Programming",
    "component": "LAB",
    "component_name": "Laboratory",
    "code": "102",
    "status": "closed",
    "withdrawn": False,
    "seats_free": 0,
    "open": False,
    "email_openings": True,
    "emailed": True,
    "told_open_at": None,
    "created_at": "2026-12-07T20:31:02.551870Z",
}


class WatchOut(serializers.Serializer):
    id = serializers.IntegerField(help_text="The watch's id.")
    url = serializers.SerializerMethodField(help_text="This watch's URL: DELETE it to stop watching.")
    section_id = serializers.IntegerField(help_text="Classtime's id of the section (the catalog's `id`).")
    registrar_id = serializers.CharField(help_text="The registrar's id of the section (CRN or class number).")
    term = serializers.CharField(help_text="The term's code.")
    institution = serializers.CharField(help_text="The institution's code.")
    course = serializers.CharField(help_text="The course, as `CS 1110`.")
    title = serializers.CharField(help_text="The course's title.")
    component = serializers.CharField(help_text="The component, as `LAB`.")
    component_name = serializers.CharField(help_text="The component's name, as `Laboratory`.")
    code = serializers.CharField(help_text="The section's code, as `102`.")
    status = serializers.CharField(help_text="`open`, `closed`, `waitlist` or `cancelled`, as last imported.")
    withdrawn = serializers.BooleanField(
        help_text="The registrar no longer lists it: it will not open (the watch ends once you are told, docs/api.md)."
    )
    seats_free = serializers.IntegerField(
        allow_null=True, help_text="Seats left (capacity less enrolled); null where the catalog gives no counts."
    )
    open = serializers.BooleanField(help_text="Open with a seat left now: what an alert is emailed for.")
    email_openings = serializers.BooleanField(help_text="Whether an opening is emailed.")
    emailed = serializers.BooleanField(
        help_text="Whether an opening would reach you now: its emails on, your account active with an email "
        "address (without one, no alert is sent: add it on your profile), and its term published (a hidden or "
        "archived term's openings are not looked at)."
    )
    told_open_at = serializers.DateTimeField(allow_null=True, help_text="When its last opening was emailed.")
    created_at = serializers.DateTimeField(help_text="When you started watching it.")

    def get_url(self, data: dict[str, Any]) -> str:
        from rest_framework.reverse import reverse

        return reverse("section-watch-detail", args=[data["id"]], request=self.context.get("request"))


class WatchCreateIn(StrictSerializer):
    section_id = Whole(
        required=False, min_value=1, max_value=ID_MAX, help_text="Classtime's id of the section (the catalog's `id`)."
    )
    term = Text(required=False, max_length=40, help_text="The term's code, with `registrar_id` (no `section_id`).")
    institution = institution_field()
    registrar_id = Text(required=False, max_length=40, help_text="The registrar's id of the section, with `term`.")
    email_openings = Flag(required=False, default=True, help_text="Email an opening (default true).")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        by_id = "section_id" in data
        by_registrar = "term" in data or "registrar_id" in data
        if by_id and by_registrar:
            raise exceptions.ValidationError(
                {"section_id": ["give either `section_id`, or `term` and `registrar_id`, not both"]}
            )
        if not by_id:
            missing = {n: ["required without `section_id`"] for n in ("term", "registrar_id") if not data.get(n)}
            if missing:
                raise exceptions.ValidationError(missing)
        return data


class WatchUpdateIn(StrictSerializer):
    email_openings = Flag(help_text="Email an opening: true or false.")


def watch_answer(request: Request, watch, code: int = status.HTTP_200_OK) -> Response:
    return Response(WatchOut(watches.watch_data(watch), context={"request": request}).data, status=code)


def watch_path_id() -> OpenApiParameter:
    return OpenApiParameter(
        "watch_id",
        {"type": "integer", "minimum": 1, "maximum": ID_MAX},
        OpenApiParameter.PATH,
        description="The watch's `id`.",
        examples=[OpenApiExample("3", value=3)],
    )


class WatchListCreate(KnownQueryParameters, generics.GenericAPIView):
    query_parameters = ("term", "institution", *PAGED)
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = WatchOut

    @extend_schema(
        summary="Your watched sections, newest first",
        description="`term` (and `institution`) narrow the list to one term's watches (the planner reads them so "
        "to show which sections are watched); a blank or unknown term is a 400.",
        parameters=[TERM_QUERY, INSTITUTION_QUERY],
        responses=WatchOut(many=True),
        examples=[OpenApiExample("a watch", value=WATCH_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request) -> Response:
        term = term_query(request, required=False)
        page = self.paginate_queryset(watches.watch_list(user=request.user, term=term))
        data = [watches.watch_data(w) for w in page]
        return self.get_paginated_response(WatchOut(data, many=True, context={"request": request}).data)

    @extend_schema(
        summary="Watch a section (emailed when it opens)",
        description="By `section_id`, or by `term` (and `institution` where two have that code) and "
        "`registrar_id`. A new watch is a 201; a section you watch already answers its watch as it is (200). "
        "A 400 names the field at fault: no such term or section, a section withdrawn or cancelled (it will "
        "not open), a section of an archived term, or watch number "
        f"{watches.WATCH_LIMIT + 1} (stop watching one first). An opening is emailed once; a section open when "
        "watched is emailed when it has filled and opens again.",
        request=WatchCreateIn,
        responses={201: WatchOut, 200: WatchOut},
        examples=[
            OpenApiExample("by registrar id", value={"term": "2026-fall", "registrar_id": "40005"}, request_only=True),
            OpenApiExample("by section id", value={"section_id": 118}, request_only=True),
            OpenApiExample("watched", value=WATCH_EXAMPLE, response_only=True, status_codes=["201"]),
            OpenApiExample("watched already", value=WATCH_EXAMPLE, response_only=True, status_codes=["200"]),
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = WatchCreateIn(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            if "section_id" in data:
                # a hidden term's section is no section to a student, as the term is no term
                terms = terms_visible(Term.objects.all(), user=request.user)
                section = Section.objects.select_related("term").filter(pk=data["section_id"], term__in=terms).first()
                if section is None:
                    raise watches.WatchError(f"no section {data['section_id']}", field="section_id")
            else:
                section = watches.watch_section_find(
                    user=request.user,
                    term_code=data["term"].strip(),
                    institution=data["institution"],
                    registrar_id=data["registrar_id"].strip(),
                )
            watch, created = watches.watch_create(
                user=request.user, section=section, email_openings=data["email_openings"]
            )
        except watches.WatchError as error:
            # by id, every refusal is of `section_id`; else a section's is of `registrar_id`
            field = "section_id" if "section_id" in data else {"section": "registrar_id"}.get(error.field, error.field)
            raise exceptions.ValidationError({field: [error.message]}) from None
        watch = watches.watch_get(user=request.user, watch_id=watch.pk)
        return watch_answer(request, watch, status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class WatchDetail(KnownQueryParameters, APIView):
    permission_classes = [permissions.IsAuthenticated]

    def watch(self, request: Request, watch_id: int):
        watch = watches.watch_get(user=request.user, watch_id=watch_id)
        if watch is None:
            raise exceptions.NotFound(f"You have no watch {watch_id}.")
        return watch

    @extend_schema(
        summary="One of your watches",
        parameters=[watch_path_id()],
        responses=WatchOut,
        examples=[OpenApiExample("a watch", value=WATCH_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request, watch_id: int) -> Response:
        return watch_answer(request, self.watch(request, watch_id))

    @extend_schema(
        summary="Turn a watch's emails on or off",
        description="An opening while its emails are off is not emailed when they are turned on again: "
        "the next one is.",
        parameters=[watch_path_id()],
        request=WatchUpdateIn,
        responses=WatchOut,
        examples=[
            OpenApiExample("off", value={"email_openings": False}, request_only=True),
            OpenApiExample("emails off", value={**WATCH_EXAMPLE, "email_openings": False}, response_only=True),
        ],
    )
    def patch(self, request: Request, watch_id: int) -> Response:
        watch = self.watch(request, watch_id)
        serializer = WatchUpdateIn(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            watches.watch_update(watch=watch, email_openings=serializer.validated_data["email_openings"])
        except SectionWatch.DoesNotExist:  # ended by the alerts' run meanwhile
            raise exceptions.NotFound(f"You have no watch {watch_id}.") from None
        return watch_answer(request, watch)

    @extend_schema(summary="Stop watching a section", parameters=[watch_path_id()], responses={204: None})
    def delete(self, request: Request, watch_id: int) -> Response:
        watches.watch_delete(watch=self.watch(request, watch_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
