"""The admin's user pages: deleting a user is not refused for their personal API tokens (tokens
cannot be deleted by themselves, only revoked), and takes everything of theirs with it."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from accounts import services
from accounts.models import Friendship, PersonalApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client):
    user = User.objects.create_superuser("root", "root@example.edu", "pw-root-1")
    client.force_login(user)
    return user


def test_an_administrator_deletes_a_user_with_tokens_and_everything_of_theirs_goes(client, root, ada, grace):
    # given: ada has a token and a friend
    services.token_create(owner=ada, name="script")
    Friendship.objects.create(from_user=ada, to_user=grace, status=Friendship.Status.ACCEPTED)
    url = reverse("admin:auth_user_delete", args=[ada.pk])
    # when
    confirm = client.get(url)
    response = client.post(url, {"post": "yes"})
    # then: the confirmation lists the token, asks for no permission, and the deletion goes through
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert "<li>Personal API tokens: 1</li>" in page and "permission to delete" not in page
    assert response.status_code == 302
    assert not User.objects.filter(pk=ada.pk).exists()
    assert not PersonalApiToken.objects.exists() and not Friendship.objects.exists()


def test_an_administrator_deletes_users_with_tokens_with_the_list_action(client, root, ada, grace):
    # given
    services.token_create(owner=ada, name="script")
    services.token_create(owner=grace, name="script")
    ids = [ada.pk, grace.pk]
    # when
    response = client.post(
        reverse("admin:auth_user_changelist"), {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )
    # then
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=ids).exists()


def test_a_token_still_cannot_be_deleted_by_itself(client, root, ada):
    # given
    token, _ = services.token_create(owner=ada, name="script")
    # when
    response = client.post(reverse("admin:accounts_personalapitoken_delete", args=[token.pk]), {"post": "yes"})
    # then
    assert response.status_code == 403
    assert PersonalApiToken.objects.filter(pk=token.pk).exists()
