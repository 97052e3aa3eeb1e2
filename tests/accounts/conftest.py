import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

PASSWORD = "pw-correct-horse-battery-1"


@pytest.fixture(autouse=True)
def no_throttling(settings):
    """No throttling in these tests (rates of None leave the shared cache untouched)."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "generation": None, "course_fits": None},
    }


@pytest.fixture
def make_user(db):
    def make(username: str, email: str | None = None, **extra) -> User:
        return User.objects.create_user(username, email or f"{username}@example.edu", PASSWORD, **extra)

    return make


@pytest.fixture
def ada(make_user):
    return make_user("ada")


@pytest.fixture
def grace(make_user):
    return make_user("grace")


@pytest.fixture
def alan(make_user):
    return make_user("alan")


@pytest.fixture
def signed_in():
    """An API client signed in (by session) as the given user."""

    def sign_in(user: User) -> APIClient:
        client = APIClient()
        client.force_login(user)
        return client

    return sign_in


def signs_in(key: str) -> bool:
    """Whether a personal token's key still authenticates."""
    return APIClient(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/me/").status_code == 200


def signed_in_elsewhere(user) -> Client:
    """Another browser, signed in as `user`."""
    other = Client()
    other.force_login(user)
    return other


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("profile")).status_code == 200
