"""Personal API tokens managed by their owner: the tokens page and `/api/v1/tokens/`."""

import datetime
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts import services
from accounts.models import PersonalApiToken

pytestmark = pytest.mark.django_db

KEY = re.compile(r"ct_[A-Za-z0-9_-]{30,}")


def as_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


# The page ----------------------------------------------------------------------------------


def test_the_tokens_page_creates_a_token_and_shows_its_key_once(client, ada):
    # given
    client.force_login(ada)
    # when
    created = client.post(reverse("tokens"), {"name": "advising script"})
    # then
    key = KEY.search(created.content.decode())[0]
    assert created.status_code == 201
    assert "no-store" in created["Cache-Control"]
    assert as_token(key).get("/api/v1/me/").json()["username"] == "ada"
    listing = client.get(reverse("tokens")).content.decode()
    assert "advising script" in listing and key[:10] in listing
    assert not KEY.search(listing)


def test_the_tokens_page_names_the_zone_of_its_times(client, ada):
    # given: a token created, used and revoked at known times
    token, _ = services.token_create(owner=ada, name="old script")
    moment = datetime.datetime(2026, 12, 4, 15, 0, tzinfo=datetime.UTC)
    PersonalApiToken.objects.filter(pk=token.pk).update(created_at=moment, last_used_at=moment, revoked_at=moment)
    client.force_login(ada)
    # when
    page = client.get(reverse("tokens")).content.decode()
    # then: in UTC, named, as read without script; the moment given for the browser to show in its
    # own zone (tests/web/test_e2e_friends.py)
    moment_shown = '<time datetime="2026-12-04T15:00:00+00:00" data-local="datetime">2026-12-04 15:00 UTC</time>'
    for what in ("created", "last used", "revoked"):
        assert f"{what} {moment_shown}" in page


def test_the_tokens_page_refuses_a_blank_or_taken_name_and_creates_nothing(client, ada):
    client.force_login(ada)
    services.token_create(owner=ada, name="laptop")

    blank = client.post(reverse("tokens"), {"name": "   "})
    taken = client.post(reverse("tokens"), {"name": "laptop"})

    assert blank.context["form"].errors["name"] == [
        "Give the token a name that says what it is for, e.g. “advising script”."
    ]
    assert "already have an active token named 'laptop'" in taken.context["form"].errors["name"][0]
    assert PersonalApiToken.objects.count() == 1


def test_revoking_on_the_page_stops_the_token(client, ada):
    # given
    token, key = services.token_create(owner=ada, name="old laptop")
    client.force_login(ada)
    # when
    response = client.post(reverse("token-revoke", args=[token.pk]), follow=True)
    # then
    assert "Token “old laptop” revoked" in response.content.decode()
    assert as_token(key).get("/api/v1/me/").status_code == 401


def test_someone_elses_token_cannot_be_revoked_from_the_page(client, ada, grace):
    token, key = services.token_create(owner=grace, name="grace's")
    client.force_login(ada)

    response = client.post(reverse("token-revoke", args=[token.pk]))

    assert response.status_code == 404
    assert as_token(key).get("/api/v1/me/").status_code == 200


# The API -----------------------------------------------------------------------------------


def test_the_api_creates_a_token_whose_key_is_in_that_answer_only(signed_in, ada):
    # given
    api = signed_in(ada)
    # when
    response = api.post("/api/v1/tokens/", {"name": "advising script"}, format="json")
    # then
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["name"] == "advising script" and body["active"] is True
    assert body["prefix"] == body["key"][:10]
    assert as_token(body["key"]).get("/api/v1/me/").json()["token"] == f"advising script ({body['prefix']}…)"
    listed = api.get("/api/v1/tokens/").json()
    assert listed["count"] == 1
    assert listed["results"][0]["id"] == body["id"] and "key" not in listed["results"][0]


def test_the_api_lists_only_ones_own_tokens_newest_first(signed_in, ada, grace):
    services.token_create(owner=ada, name="first")
    services.token_create(owner=ada, name="second")
    services.token_create(owner=grace, name="grace's")

    names = [token["name"] for token in signed_in(ada).get("/api/v1/tokens/").json()["results"]]

    assert names == ["second", "first"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "This field is required."),
        ({"name": ""}, "This field may not be blank."),
        ({"name": "x" * 101}, "Ensure this field has no more than 100 characters."),
        ({"name": "taken"}, "You already have an active token named 'taken'; pick another name."),
        ({"name": 42}, "Not a valid string."),
    ],
)
def test_a_bad_token_name_is_a_400_naming_the_field_and_creates_nothing(signed_in, ada, body, message):
    services.token_create(owner=ada, name="taken")

    response = signed_in(ada).post("/api/v1/tokens/", body, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert response.json()["error"]["fields"] == {"name": [message]}
    assert PersonalApiToken.objects.count() == 1


def test_a_key_the_token_body_does_not_take_is_a_400_naming_it(signed_in, ada):
    # when: a scope tokens do not have
    response = signed_in(ada).post("/api/v1/tokens/", {"name": "b", "scope": "all"}, format="json")
    # then
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"scope": ["not a field here; expected one of name"]}
    assert PersonalApiToken.objects.count() == 0


def test_revoking_through_the_api_stops_the_token_at_once(signed_in, ada):
    # given
    token, key = services.token_create(owner=ada, name="script")
    api = signed_in(ada)
    # when
    first = api.delete(f"/api/v1/tokens/{token.pk}/")
    again = api.delete(f"/api/v1/tokens/{token.pk}/")
    # then
    assert (first.status_code, again.status_code) == (204, 204)
    assert as_token(key).get("/api/v1/me/").status_code == 401
    listed = api.get("/api/v1/tokens/").json()["results"][0]
    assert listed["active"] is False and listed["revoked_at"] is not None


def test_a_token_lists_and_revokes_its_owners_tokens_but_cannot_create_one(ada):
    # given: a script's token, and another token of ada's
    _, key = services.token_create(owner=ada, name="script")
    other, _ = services.token_create(owner=ada, name="laptop")
    # when
    created = as_token(key).post("/api/v1/tokens/", {"name": "copy"}, format="json")
    listed = as_token(key).get("/api/v1/tokens/")
    revoked = as_token(key).delete(f"/api/v1/tokens/{other.pk}/")
    # then: no copy that would outlive the token's revocation
    assert created.status_code == 403
    assert "cannot create tokens" in created.json()["error"]["message"]
    assert PersonalApiToken.objects.filter(owner=ada).count() == 2
    assert listed.status_code == 200 and listed.json()["count"] == 2
    assert revoked.status_code == 204


def test_someone_elses_token_is_a_404_through_the_api(signed_in, ada, grace):
    token, key = services.token_create(owner=grace, name="grace's")

    response = signed_in(ada).delete(f"/api/v1/tokens/{token.pk}/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert as_token(key).get("/api/v1/me/").status_code == 200


def test_the_tokens_api_needs_a_signed_in_account(db):
    anonymous = APIClient()

    assert anonymous.get("/api/v1/tokens/").status_code == 401
    assert anonymous.post("/api/v1/tokens/", {"name": "x"}, format="json").status_code == 401
    assert PersonalApiToken.objects.count() == 0


def test_a_session_needs_the_csrf_token_to_create_a_token(ada):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(ada)

    response = api.post("/api/v1/tokens/", {"name": "x"}, format="json")

    assert response.status_code == 403
    assert PersonalApiToken.objects.count() == 0
