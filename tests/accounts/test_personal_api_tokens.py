"""Personal API tokens: created with the key shown once, stored hashed, sent as
`Authorization: Token <key>`, revoked from the admin."""

import base64
import hashlib
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services
from accounts.models import PersonalApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada():
    return User.objects.create_user("ada", "ada@example.edu", "pw-ada-lovelace-1")


def as_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_new_token_stores_only_a_hash_of_its_key_and_a_short_prefix(ada):
    token, key = services.token_create(owner=ada, name="advising script")

    row = PersonalApiToken.objects.get()
    assert key.startswith("ct_") and len(key) >= 40
    assert row.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert row.prefix == key[:10]
    assert key not in {str(value) for value in row.__dict__.values()}


def test_a_token_signs_requests_in_as_its_owner_and_records_its_use(ada):
    token, key = services.token_create(owner=ada, name="advising script")

    response = as_token(key).get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json() == {"username": "ada", "authentication": "token", "token": str(token)}
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_use_is_recorded_at_most_once_a_minute(ada):
    # given: a token used 30 seconds ago
    token, key = services.token_create(owner=ada, name="poller")
    recently = timezone.now() - timedelta(seconds=30)
    PersonalApiToken.objects.filter(pk=token.pk).update(last_used_at=recently)
    # when
    as_token(key).get("/api/v1/me/")
    # then
    token.refresh_from_db()
    assert token.last_used_at == recently


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Token ct_not-a-real-key", "Unknown token"),
        ("Token", "one key"),
        ("Token a b", "one key"),
    ],
)
def test_a_wrong_or_malformed_token_is_a_401_not_an_anonymous_request(db, header, message):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get("/api/v1/institutions/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["error"]["code"] == "authentication_failed"
    assert message in response.json()["error"]["message"]


@pytest.mark.parametrize("scheme", ["Bearer {key}", "bearer {key}", "Basic {basic}", "Bearer not-one-of-ours"])
def test_a_key_sent_under_another_scheme_is_a_401_that_names_the_token_scheme(ada, scheme):
    # given
    token, key = services.token_create(owner=ada, name="script")
    client = APIClient()
    basic = base64.b64encode(f"ada:{key}".encode()).decode()
    client.credentials(HTTP_AUTHORIZATION=scheme.format(key=key, basic=basic))
    # when
    response = client.get("/api/v1/me/")
    public = client.get("/api/v1/institutions/")
    # then: not read as an anonymous request
    assert response.status_code == public.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["error"]["code"] == "authentication_failed"
    assert "'Authorization: Token <key>'" in response.json()["error"]["message"]


def test_a_site_password_sent_as_basic_leaves_the_session_signed_in(ada, client):
    # given: a staging site behind a password, which the browser sends with every request
    client.force_login(ada)
    basic = base64.b64encode(b"staging:letmein").decode()
    # when
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Basic {basic}")
    # then
    assert response.status_code == 200 and response.json()["authentication"] == "session"


def test_a_revoked_token_no_longer_signs_in(ada):
    # given
    token, key = services.token_create(owner=ada, name="old laptop")
    # when
    services.token_revoke(token=token)
    first_revocation = token.revoked_at
    services.token_revoke(token=token)
    response = as_token(key).get("/api/v1/me/")
    # then
    assert response.status_code == 401
    assert "revoked" in response.json()["error"]["message"]
    assert token.revoked_at == first_revocation


def test_a_disabled_account_cannot_use_its_tokens(ada):
    _, key = services.token_create(owner=ada, name="script")
    User.objects.filter(pk=ada.pk).update(is_active=False)

    assert as_token(key).get("/api/v1/me/").status_code == 401


def test_signing_in_is_required_beyond_catalog_reads(ada):
    anonymous = APIClient()
    session = APIClient()
    session.force_login(ada)
    _, key = services.token_create(owner=ada, name="jobs")

    assert anonymous.get("/api/v1/me/").status_code == 401
    assert anonymous.get("/api/v1/generations/").status_code == 401
    assert as_token(key).get("/api/v1/generations/").status_code == 200
    assert session.get("/api/v1/me/").json()["authentication"] == "session"


def test_an_owner_cannot_have_two_active_tokens_with_one_name(ada):
    token, _ = services.token_create(owner=ada, name="script")

    with pytest.raises(services.TokenError, match="already have an active token"):
        services.token_create(owner=ada, name="script")
    services.token_revoke(token=token)
    assert services.token_create(owner=ada, name="script")[0].name == "script"


# The admin ---------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("registrar", "r@example.edu", "pw-registrar-1")
    client.force_login(user)
    return client


def test_the_admin_creates_a_token_and_shows_its_key_once(admin_client):
    # when
    response = admin_client.post(
        reverse("admin:accounts_personalapitoken_add"), {"name": "advisor", "owner": User.objects.get().pk}, follow=True
    )
    # then
    page = response.content.decode()
    key = re.search(r"(ct_[A-Za-z0-9_-]{30,})", page)[1]
    token = PersonalApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    for url in (
        reverse("admin:accounts_personalapitoken_change", args=[token.pk]),
        reverse("admin:accounts_personalapitoken_changelist"),
    ):
        assert key not in admin_client.get(url).content.decode()
    assert as_token(key).get("/api/v1/me/").json()["username"] == "registrar"


def test_the_admin_refuses_a_second_active_token_with_the_same_name(admin_client):
    owner = User.objects.get()
    services.token_create(owner=owner, name="advisor")

    response = admin_client.post(reverse("admin:accounts_personalapitoken_add"), {"name": "advisor", "owner": owner.pk})

    assert response.status_code == 200
    assert "already has an active token" in response.content.decode()
    assert PersonalApiToken.objects.count() == 1


def test_the_admin_revokes_selected_tokens(admin_client):
    token, key = services.token_create(owner=User.objects.get(), name="advisor")

    admin_client.post(
        reverse("admin:accounts_personalapitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert as_token(key).get("/api/v1/me/").status_code == 401


def test_staff_see_only_their_own_tokens_in_the_admin(client, ada):
    # given: a staff member allowed to manage tokens, and a token of someone else
    from django.contrib.auth.models import Permission

    staff = User.objects.create_user("grace", "grace@example.edu", "pw-grace-hopper-1", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename__endswith="personalapitoken"))
    services.token_create(owner=ada, name="ada's script")
    services.token_create(owner=staff, name="grace's script")
    client.force_login(staff)
    # when
    page = client.get(reverse("admin:accounts_personalapitoken_changelist")).content.decode()
    # then
    assert "grace&#x27;s script" in page
    assert "ada&#x27;s script" not in page


@pytest.mark.parametrize("lookup", ["key_hash", "key_hash__startswith", "key_hash__regex", "key_hash__gt"])
def test_the_token_list_refuses_a_lookup_through_a_keys_hash(admin_client, ada, lookup):
    # given: ada's token, which the superuser sees in the list
    token, _ = services.token_create(owner=ada, name="ada's script")
    right = {"key_hash": token.key_hash, "key_hash__gt": "0"}.get(lookup, token.key_hash[:2])
    listing = reverse("admin:accounts_personalapitoken_changelist")
    # when
    answer = admin_client.get(listing, {"id": token.pk, lookup: right})
    # then: refused, as Django refuses a lookup through a user's password (the hash is never shown)
    assert answer.status_code == 400
    assert "ada&#x27;s script" not in answer.content.decode()


def test_the_token_lists_own_filter_and_search_still_work(admin_client, ada):
    # given
    kept, _ = services.token_create(owner=ada, name="kept")
    revoked, _ = services.token_create(owner=ada, name="revoked")
    services.token_revoke(token=revoked)
    listing = reverse("admin:accounts_personalapitoken_changelist")
    # when
    active, found = (
        admin_client.get(listing, query).content.decode()
        for query in ({"revoked_at__isempty": "1"}, {"q": kept.prefix})
    )
    # then
    assert ">kept<" in active and ">revoked<" not in active
    assert ">kept<" in found
