"""Who the API sees: lets a script check its token before doing real work."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import PersonalApiToken


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    authentication = serializers.ChoiceField(choices=["token", "session"], help_text="How this request signed in.")
    token = serializers.CharField(allow_null=True, help_text="The token's name and prefix when signed in by token.")


class Me(APIView):
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
