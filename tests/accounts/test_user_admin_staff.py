"""The admin's user pages for staff who are not superusers (docs/operations.md, "Who may change
whom in the admin"): they may not change, set the password of, or delete a superuser's account
or another staff member's,
and may not grant superuser or staff status, permissions or groups, to anyone, themselves
included, nor give a group permissions. Superusers keep every power."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from accounts import services
from tests.accounts.conftest import PASSWORD, signs_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "pw-a-brand-new-one-2"
ACCESS_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


@pytest.fixture
def root() -> User:
    return User.objects.create_superuser("root", "root@example.edu", PASSWORD)


@pytest.fixture
def helpdesk(client) -> User:
    """The test client signed in as staff who may view, add, change and delete users, not a superuser."""
    staff = User.objects.create_user("helpdesk", "helpdesk@example.edu", PASSWORD, is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="auth", codename__endswith="_user"))
    client.force_login(staff)
    return staff


def change_form(user: User, **changes) -> dict:
    """What the user's change form posts, with `changes` (a box ticked is "on", left out unticked)."""
    fields = {"username": user.username, "email": user.email, "first_name": "", "last_name": ""}
    fields |= {"is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"}
    return fields | changes


def test_staff_who_may_change_users_cannot_set_a_superusers_password(client, helpdesk, root):
    # given
    url = reverse("admin:auth_user_password_change", args=[root.pk])
    # when
    page = client.get(url)
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    unset = client.post(url, {"usable_password": "false", "unset-password": "1"})
    # then
    assert [page.status_code, response.status_code, unset.status_code] == [403, 403, 403]
    root.refresh_from_db()
    assert root.check_password(PASSWORD)


def test_staff_who_may_change_users_see_a_superusers_account_but_cannot_change_it(client, helpdesk, root):
    # given
    url = reverse("admin:auth_user_change", args=[root.pk])
    # when
    page = client.get(url)
    response = client.post(url, change_form(root, email="mine@example.edu", is_active=""))
    # then: the page is read-only, and a post is refused
    assert page.status_code == 200
    assert 'name="email"' not in page.content.decode()
    assert response.status_code == 403
    root.refresh_from_db()
    assert (root.email, root.is_active, root.is_superuser) == ("root@example.edu", True, True)


def test_staff_who_may_change_users_cannot_take_over_another_staff_members_account_but_change_their_own(
    client, helpdesk
):
    # given: another staff member, who may import catalogs, say
    registrar = User.objects.create_user("registrar", "registrar@example.edu", PASSWORD, is_staff=True)
    password_url = reverse("admin:auth_user_password_change", args=[registrar.pk])
    # when
    password_set = client.post(password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    changed = client.post(
        reverse("admin:auth_user_change", args=[registrar.pk]), change_form(registrar, email="mine@example.edu")
    )
    deleted = client.post(reverse("admin:auth_user_delete", args=[registrar.pk]), {"post": "yes"})
    own = client.post(reverse("admin:auth_user_change", args=[helpdesk.pk]), change_form(helpdesk, first_name="Hal"))
    # then
    assert [password_set.status_code, changed.status_code, deleted.status_code, own.status_code] == [403, 403, 403, 302]
    registrar.refresh_from_db()
    assert registrar.check_password(PASSWORD) and registrar.email == "registrar@example.edu"
    helpdesk.refresh_from_db()
    assert (helpdesk.first_name, helpdesk.is_staff) == ("Hal", True)


def test_staff_who_may_delete_users_cannot_delete_a_superuser(client, helpdesk, root, ada):
    # given
    changelist = reverse("admin:auth_user_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [root.pk, ada.pk]}
    # when
    page = client.get(reverse("admin:auth_user_delete", args=[root.pk]))
    deleted = client.post(reverse("admin:auth_user_delete", args=[root.pk]), {"post": "yes"})
    asked = client.post(changelist, chosen)
    selected = client.post(changelist, chosen | {"post": "yes"})
    # then: refused, the list's action too (its confirmation says why), and no one is deleted
    assert [page.status_code, deleted.status_code, selected.status_code] == [403, 403, 403]
    assert "root (a superuser: only a superuser may delete one)" in asked.content.decode()
    assert User.objects.filter(pk__in=[root.pk, ada.pk]).count() == 2


@pytest.mark.parametrize("whose", ["own", "another user's"])
def test_staff_who_may_change_users_cannot_grant_superuser_or_staff_status_permissions_or_groups(
    client, helpdesk, ada, whose
):
    # given: a group holding every permission
    group = Group.objects.create(name="everything")
    group.permissions.set(Permission.objects.all())
    user = helpdesk if whose == "own" else ada
    url = reverse("admin:auth_user_change", args=[user.pk])
    granted = {"is_staff": "on", "is_superuser": "on", "groups": [group.pk]}
    granted["user_permissions"] = list(Permission.objects.values_list("pk", flat=True))
    # when
    page = client.get(url).content.decode()
    response = client.post(url, change_form(user, first_name="Changed", **granted))
    # then: the four are shown, not offered; the rest of the form saves, the four as they were
    for field in ACCESS_FIELDS:
        assert f'name="{field}"' not in page
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.first_name == "Changed"
    assert (user.is_superuser, user.is_staff) == (False, whose == "own")
    assert not user.groups.exists()
    assert user.user_permissions.count() == (4 if whose == "own" else 0)  # the helpdesk's own four
    assert not User.objects.get(pk=helpdesk.pk).has_perm("auth.change_group")


def test_staff_still_change_an_ordinary_users_details_deactivate_them_and_set_their_password(client, helpdesk, ada):
    # given
    _, key = services.token_create(owner=ada, name="script")
    url = reverse("admin:auth_user_change", args=[ada.pk])
    # when
    changed = client.post(url, change_form(ada, email="ada@example.org", is_active=""))
    password = client.post(
        reverse("admin:auth_user_password_change", args=[ada.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    # then: saved, and the password set as a reset (the tokens revoked)
    assert (changed.status_code, password.status_code) == (302, 302)
    ada.refresh_from_db()
    assert (ada.email, ada.is_active) == ("ada@example.org", False)
    assert ada.check_password(NEW_PASSWORD)
    assert not signs_in(key)


def test_a_superuser_keeps_every_power(client, root, ada):
    # given: another superuser, and a group
    other = User.objects.create_superuser("other", "other@example.edu", PASSWORD)
    group = Group.objects.create(name="registrars")
    client.force_login(root)
    url = reverse("admin:auth_user_change", args=[ada.pk])
    granted = {"is_staff": "on", "is_superuser": "on", "groups": [group.pk]}
    # when
    page = client.get(url).content.decode()
    made = client.post(url, change_form(ada, **granted))
    password = client.post(
        reverse("admin:auth_user_password_change", args=[other.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    deleted = client.post(reverse("admin:auth_user_delete", args=[other.pk]), {"post": "yes"})
    # then
    for field in ACCESS_FIELDS:
        assert f'name="{field}"' in page
    assert (made.status_code, password.status_code, deleted.status_code) == (302, 302, 302)
    ada.refresh_from_db()
    assert (ada.is_staff, ada.is_superuser, list(ada.groups.all())) == (True, True, [group])
    assert not User.objects.filter(pk=other.pk).exists()


def test_staff_who_may_change_groups_cannot_give_a_group_permissions(client, helpdesk):
    # given: the helpdesk in a group it may change
    helpdesk.user_permissions.add(*Permission.objects.filter(codename__in=["view_group", "change_group", "add_group"]))
    group = Group.objects.create(name="helpdesk")
    helpdesk.groups.add(group)
    everything = list(Permission.objects.values_list("pk", flat=True))
    url = reverse("admin:auth_group_change", args=[group.pk])
    # when
    page = client.get(url).content.decode()
    changed = client.post(url, {"name": "front desk", "permissions": everything})
    added = client.post(reverse("admin:auth_group_add"), {"name": "new", "permissions": everything})
    # then: the permissions are shown, not offered; the name saves, no permission is given
    assert 'name="permissions"' not in page
    assert (changed.status_code, added.status_code) == (302, 302)
    group.refresh_from_db()
    assert group.name == "front desk"
    assert not Permission.objects.filter(group__isnull=False).exists()
    assert not User.objects.get(pk=helpdesk.pk).has_perm("catalog.change_section")


def test_a_superuser_gives_a_group_permissions(client, root):
    # given
    client.force_login(root)
    group = Group.objects.create(name="registrars")
    chosen = list(Permission.objects.filter(content_type__app_label="catalog").values_list("pk", flat=True))
    # when
    response = client.post(
        reverse("admin:auth_group_change", args=[group.pk]), {"name": "registrars", "permissions": chosen}
    )
    # then
    assert response.status_code == 302
    assert group.permissions.count() == len(chosen)


@pytest.mark.parametrize("lookup", ["password__startswith", "api_tokens__key_hash__startswith", "api_tokens__prefix"])
def test_the_users_list_refuses_a_lookup_through_a_password_or_a_users_tokens(client, helpdesk, ada, lookup):
    # given: ada's token
    token, _ = services.token_create(owner=ada, name="script")
    guess = {"password__startswith": ada.password[:4], "api_tokens__prefix": token.prefix}.get(
        lookup, token.key_hash[:2]
    )
    # when
    answer = client.get(reverse("admin:auth_user_changelist"), {"username": "ada", lookup: guess})
    # then: Django's own guards (the password, a related lookup no list filter names)
    assert answer.status_code == 400
