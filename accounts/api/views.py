"""Accounts over HTTP: who the request is signed in as, deleting the account, personal API
tokens, friends.

Everything needs a signed-in account (session or token) and is scoped to it: someone else's
token or friend request answers 404, as if it did not exist, and so do a deactivated account's
friendship and requests (`selectors.visible_friendships`).
"""

from __future__ import annotations

from django.contrib.auth import logout
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.api.serializers import (
    AccountDeleteSerializer,
    FriendRequestCreateSerializer,
    FriendRequestSentSerializer,
    FriendRequestSerializer,
    FriendsSerializer,
    MeSerializer,
    TokenCreatedSerializer,
    TokenCreateSerializer,
    TokenSerializer,
)
from accounts.models import PersonalApiToken
from classtime_site.api import PAGED, JSONParser, KnownQueryParameters

# OpenAPI examples -------------------------------------------------------------------------

TOKEN_EXAMPLE = {
    "id": 7,
    "name": "advising script",
    "prefix": "ct_Xq3v9aB",
    "active": True,
    "created_at": "2026-12-03T14:05:11.120934Z",
    "last_used_at": "2026-12-03T14:07:40.002114Z",
    "revoked_at": None,
}
ADA = {"id": 12, "username": "ada"}
GRACE = {"id": 15, "username": "grace"}
REQUEST_EXAMPLE = {
    "id": 31,
    "from_user": ADA,
    "to_user": GRACE,
    "status": "pending",
    "created_at": "2026-12-03T14:10:02.551870Z",
    "responded_at": None,
}
ACCEPTED_EXAMPLE = {**REQUEST_EXAMPLE, "status": "accepted", "responded_at": "2026-12-03T15:01:45.004512Z"}
DECLINED_EXAMPLE = {**REQUEST_EXAMPLE, "status": "declined", "responded_at": "2026-12-03T15:01:45.004512Z"}


def example(name: str, value, code: str = "200") -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[code])


def body(name: str, value) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)


def path_id(name: str, description: str, value: int) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        {"type": "integer", "minimum": 1, "maximum": selectors.ID_MAX},
        OpenApiParameter.PATH,
        description=description,
        examples=[OpenApiExample(str(value), value=value)],
    )


def refused(error: services.AccountError) -> exceptions.ValidationError:
    """A service's refusal as a 400 naming the field at fault."""
    return exceptions.ValidationError({error.field: [error.message]})


# Who am I ---------------------------------------------------------------------------------


class Me(KnownQueryParameters, APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="The signed-in account",
        responses=MeSerializer,
        examples=[
            OpenApiExample(
                "signed in by token",
                value={"username": "ada", "authentication": "token", "token": "advising script (ct_Xq3v9aB…)"},
            )
        ],
    )
    def get(self, request: Request) -> Response:
        token = request.auth if isinstance(request.auth, PersonalApiToken) else None
        body = {
            "username": request.user.get_username(),
            "authentication": "token" if token else "session",
            "token": str(token) if token else None,
        }
        return Response(MeSerializer(body).data)


class AccountDelete(KnownQueryParameters, APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]  # a JSON body, as documented; a form or multipart body is a 415

    @extend_schema(
        summary="Delete your account and everything in it",
        description="Deletes, at once and for good, the account and its saved schedules (their share links and "
        "calendar feeds stop answering), generation jobs, personal API tokens (this one too), friendships and "
        "friend requests either way; a session signed in is signed out. A 400 names `password` when it is "
        "wrong and `confirm` when it is not `true`; past the sign-in page's limit of failed attempts for the "
        "account, even the right password is a 429. A staff or superuser account is a 403: another "
        "administrator deletes it in the admin. A POST, not a DELETE, because it has a body.",
        request=AccountDeleteSerializer,
        responses={204: None},
        examples=[body("password and confirmation", {"password": "correct-horse-battery-staple", "confirm": True})],
    )
    def post(self, request: Request) -> Response:
        serializer = AccountDeleteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            services.user_delete(user=request.user)
        except services.StaffAccountError as error:
            raise exceptions.PermissionDenied(error.message) from error
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Personal API tokens -----------------------------------------------------------------------


class TokenListCreate(KnownQueryParameters, generics.GenericAPIView):
    query_parameters = PAGED
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = TokenSerializer

    @extend_schema(
        summary="Your personal API tokens, active and revoked, newest first",
        responses=TokenSerializer(many=True),
        examples=[example("a token", TOKEN_EXAMPLE)],
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.token_list(owner=request.user))
        return self.get_paginated_response(TokenSerializer(page, many=True).data)

    @extend_schema(
        summary="Create a token (its key is in this answer only)",
        description="Signed in to the site (a session) only: a request signed with a personal API token is a 403, "
        "so that a leaked token cannot make copies of itself that outlive its revocation.",
        request=TokenCreateSerializer,
        responses={201: TokenCreatedSerializer},
        examples=[
            body("name", {"name": "advising script"}),
            example(
                "created",
                {**TOKEN_EXAMPLE, "last_used_at": None, "key": "ct_Xq3v9aBn0d1Yk6m2QpW8sLr4tU7vZc5eHj3gFa9K"},
                "201",
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, PersonalApiToken):  # a leaked token must not outlive its revocation
            raise exceptions.PermissionDenied(
                "A personal API token cannot create tokens: create them on the tokens page, or with this request "
                "signed in to the site."
            )
        serializer = TokenCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            token, key = services.token_create(owner=request.user, name=serializer.validated_data["name"])
        except services.TokenError as error:
            raise refused(error) from error
        token.key = key
        return Response(
            TokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"}
        )


class TokenRevoke(KnownQueryParameters, APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Revoke one of your tokens (it stops signing in at once; revoking again is harmless)",
        parameters=[path_id("token_id", "The token's `id`.", 7)],
        responses={204: None},
    )
    def delete(self, request: Request, token_id: int) -> Response:
        token = selectors.token_get(owner=request.user, token_id=token_id)
        if token is None:
            raise exceptions.NotFound(f"You have no token {token_id}.")
        services.token_revoke(token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Friends ---------------------------------------------------------------------------------


class Friends(KnownQueryParameters, APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Your friends and your pending friend requests, in and out",
        description="A deactivated account is left out, its friendship and its requests either way, as if it "
        "did not exist; they are back as they were once it is reactivated.",
        responses=FriendsSerializer,
        examples=[
            example(
                "friends and requests",
                {
                    "friends": [{"id": 15, "username": "grace", "since": "2026-12-03T15:01:45.004512Z"}],
                    "incoming": [
                        {**REQUEST_EXAMPLE, "id": 33, "from_user": {"id": 18, "username": "alan"}, "to_user": ADA}
                    ],
                    "outgoing": [{**REQUEST_EXAMPLE, "id": 34, "to_user": {"id": 21, "username": "edsger"}}],
                },
            )
        ],
    )
    def get(self, request: Request) -> Response:
        return Response(FriendsSerializer(selectors.friends_overview(user=request.user)).data)


class FriendRequestCreate(KnownQueryParameters, APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Ask someone to be friends",
        description="201 with the new pending request. If they had already asked you, their request is "
        "accepted instead: 200 with `outcome: accepted`. A 400 names `username` when it is yourself, no one "
        "(a deactivated account is answered as no one), already a friend, already asked, or someone who declined "
        "your request.",
        request=FriendRequestCreateSerializer,
        responses={201: FriendRequestSentSerializer, 200: FriendRequestSentSerializer},
        examples=[
            body("username", {"username": "grace"}),
            example(
                "sent",
                {"outcome": "sent", "message": "Friend request sent to grace.", "request": REQUEST_EXAMPLE},
                "201",
            ),
            example(
                "theirs accepted",
                {
                    "outcome": "accepted",
                    "message": "grace had already asked you: you are now friends.",
                    "request": {**ACCEPTED_EXAMPLE, "from_user": GRACE, "to_user": ADA},
                },
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        serializer = FriendRequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            friendship, accepted = services.friend_request_send(
                from_user=request.user, username=serializer.validated_data["username"]
            )
        except services.FriendshipError as error:
            raise refused(error) from error
        if accepted:
            answer = {
                "outcome": "accepted",
                "message": f"{friendship.from_user.get_username()} had already asked you: you are now friends.",
                "request": friendship,
            }
            return Response(FriendRequestSentSerializer(answer).data, status=status.HTTP_200_OK)
        answer = {
            "outcome": "sent",
            "message": f"Friend request sent to {friendship.to_user.get_username()}.",
            "request": friendship,
        }
        return Response(FriendRequestSentSerializer(answer).data, status=status.HTTP_201_CREATED)


REQUEST_ID = path_id("request_id", "The friend request's `id`.", 31)


def received(request: Request, request_id: int):
    friend_request = selectors.friend_request_received(user=request.user, request_id=request_id)
    if friend_request is None:
        raise exceptions.NotFound(f"No pending friend request {request_id} to you.")
    return friend_request


class FriendRequestAccept(KnownQueryParameters, APIView):
    permission_classes = [permissions.IsAuthenticated]
    bodiless = ("post",)

    @extend_schema(
        summary="Accept a pending request to you (you become friends)",
        parameters=[REQUEST_ID],
        request=None,
        responses=FriendRequestSerializer,
        examples=[example("accepted", ACCEPTED_EXAMPLE)],
    )
    def post(self, request: Request, request_id: int) -> Response:
        friendship = services.friend_request_accept(friend_request=received(request, request_id))
        return Response(FriendRequestSerializer(friendship).data)


class FriendRequestDecline(KnownQueryParameters, APIView):
    permission_classes = [permissions.IsAuthenticated]
    bodiless = ("post",)

    @extend_schema(
        summary="Decline a pending request to you (the sender cannot send it again)",
        parameters=[REQUEST_ID],
        request=None,
        responses=FriendRequestSerializer,
        examples=[example("declined", DECLINED_EXAMPLE)],
    )
    def post(self, request: Request, request_id: int) -> Response:
        friendship = services.friend_request_decline(friend_request=received(request, request_id))
        return Response(FriendRequestSerializer(friendship).data)


class FriendRequestCancel(KnownQueryParameters, APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Withdraw a pending request you sent",
        parameters=[REQUEST_ID],
        responses={204: None},
    )
    def delete(self, request: Request, request_id: int) -> Response:
        friend_request = selectors.friend_request_sent(user=request.user, request_id=request_id)
        if friend_request is None:
            raise exceptions.NotFound(f"You have no pending friend request {request_id}.")
        services.friend_request_cancel(friend_request=friend_request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FriendRemove(KnownQueryParameters, APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Stop being friends (either of you may ask again later)",
        parameters=[path_id("user_id", "The friend's user `id` (as in `GET friends/`).", 15)],
        responses={204: None},
    )
    def delete(self, request: Request, user_id: int) -> Response:
        friend = selectors.friend_get(user=request.user, friend_id=user_id)
        if friend is None:
            raise exceptions.NotFound(f"User {user_id} is not your friend.")
        services.friend_remove(user=request.user, friend=friend)
        return Response(status=status.HTTP_204_NO_CONTENT)
