"""The admin's friendship pages keep what the friend services keep: a pair of users is friends
through exactly one accepted row, and nobody is their own friend."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from accounts.models import Friendship

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client):
    user = User.objects.create_superuser("root", "root@example.edu", "pw-root-1")
    client.force_login(user)
    return user


@pytest.mark.parametrize("status", ["accepted", "pending"])
def test_the_admin_refuses_a_second_friendship_row_the_other_way(client, root, ada, grace, status):
    # given: ada and grace are friends (or ada asked grace)
    Friendship.objects.create(from_user=ada, to_user=grace, status=status)
    # when: an administrator adds grace → ada, accepted
    page = client.post(
        reverse("admin:accounts_friendship_add"), {"from_user": grace.pk, "to_user": ada.pk, "status": "accepted"}
    )
    # then: the form again, saying which row there is; ada's friends list grace once
    assert page.status_code == 200
    assert "already a friendship row from ada to grace" in str(page.context["adminform"].form.errors)
    assert Friendship.objects.count() == 1


def test_the_admin_takes_a_request_back_the_other_way_of_a_declined_one(client, root, ada, grace):
    # given: grace declined ada's request, which stays so that ada cannot ask again
    Friendship.objects.create(from_user=ada, to_user=grace, status=Friendship.Status.DECLINED)
    # when
    page = client.post(
        reverse("admin:accounts_friendship_add"), {"from_user": grace.pk, "to_user": ada.pk, "status": "pending"}
    )
    # then: as the services allow, grace may still ask ada
    assert page.status_code == 302
    assert Friendship.objects.count() == 2


def test_the_admin_says_why_a_user_cannot_be_their_own_friend(client, root, ada):
    # when
    page = client.post(
        reverse("admin:accounts_friendship_add"), {"from_user": ada.pk, "to_user": ada.pk, "status": "pending"}
    )
    # then
    assert page.status_code == 200
    assert "cannot be their own friend" in str(page.context["adminform"].form.errors)
    assert not Friendship.objects.exists()
