"""The shapes of accounts over HTTP: account deletion, tokens, friends and friend requests."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers

from accounts.forms import TOO_MANY, own_password_check
from accounts.models import Friendship, PersonalApiToken
from classtime_site.api import Flag, StrictSerializer, Text


class MeSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="Who this request is signed in as.")
    authentication = serializers.ChoiceField(choices=["token", "session"], help_text="How this request signed in.")
    token = serializers.CharField(allow_null=True, help_text="The token's name and prefix when signed in by token.")


class AccountDeleteSerializer(serializers.Serializer):
    """Needs the request in its context: the password is checked against the signed-in account."""

    password = Text(
        trim_whitespace=False,
        help_text="Your account's password. A wrong one counts as a failed sign-in (the sign-in page's limits).",
    )
    confirm = Flag(help_text="`true`, to confirm that the account and everything in it are deleted for good.")

    def validate_password(self, value: str) -> str:
        request = self.context["request"]
        try:
            own_password_check(request=request, user=request.user, password=value)
        except DjangoValidationError as error:
            if error.code == TOO_MANY:
                raise exceptions.Throttled(wait=error.params["minutes"] * 60, detail=error.messages[0]) from error
            raise serializers.ValidationError(error.messages[0]) from error
        return value

    def validate_confirm(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError("Send true to confirm that everything is deleted for good.")
        return value


class TokenSerializer(serializers.ModelSerializer):
    active = serializers.BooleanField(source="is_active", help_text="False once revoked.")

    class Meta:
        model = PersonalApiToken
        fields = ["id", "name", "prefix", "active", "created_at", "last_used_at", "revoked_at"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The token's id (for DELETE tokens/{id}/)."},
            "created_at": {"help_text": "When it was created."},
            "last_used_at": {
                "help_text": "When it last signed a request in (updated at most once a minute); null if never."
            },
            "revoked_at": {"help_text": "When it was revoked; null while active."},
        }


class TokenCreatedSerializer(TokenSerializer):
    key = serializers.CharField(
        help_text="The key, shown this once: it is not stored. Send it as `Authorization: Token <key>`."
    )

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "key"]
        read_only_fields = fields


class TokenCreateSerializer(StrictSerializer):
    name = Text(max_length=100, help_text="What the token is for, e.g. 'advising script'.")


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The user's id.")
    username = serializers.CharField(help_text="The user's username.")


class FriendRequestSerializer(serializers.ModelSerializer):
    from_user = UserRefSerializer(help_text="Who asked.")
    to_user = UserRefSerializer(help_text="Who was asked.")

    class Meta:
        model = Friendship
        fields = ["id", "from_user", "to_user", "status", "created_at", "responded_at"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "The request's id (for accept/, decline/ and DELETE)."},
            "status": {"help_text": "`pending`, `accepted` (you are friends) or `declined`."},
            "created_at": {"help_text": "When it was sent."},
            "responded_at": {"help_text": "When it was accepted or declined; null while pending."},
        }


class FriendSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user.pk", help_text="The friend's user id (for DELETE friends/{id}/).")
    username = serializers.CharField(source="user.username", help_text="The friend's username.")
    since = serializers.DateTimeField(allow_null=True, help_text="When the request was accepted.")


class FriendsSerializer(serializers.Serializer):
    friends = FriendSerializer(many=True, help_text="By username.")
    incoming = FriendRequestSerializer(many=True, help_text="Pending requests to you, newest first.")
    outgoing = FriendRequestSerializer(many=True, help_text="Your pending requests, newest first.")


class FriendRequestCreateSerializer(StrictSerializer):
    username = Text(max_length=150, help_text="Who to ask (any case).")


class FriendRequestSentSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=["sent", "accepted"],
        help_text="`sent`: a new pending request (201); `accepted`: they had already asked you, so their "
        "request was accepted instead and you are now friends (200).",
    )
    message = serializers.CharField(help_text="The outcome, for a person.")
    request = FriendRequestSerializer(help_text="The request, as sent or as accepted.")
