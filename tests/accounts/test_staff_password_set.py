"""A password set by staff, in the admin or with `manage.py changepassword`, is a reset: the
account may be in someone else's hands, so every personal API token of the user is revoked and
every session of theirs ends, as after a reset by email (accounts.services.user_password_set)."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts import services
from accounts.models import PersonalApiToken
from tests.accounts.conftest import PASSWORD, is_signed_in, signed_in_elsewhere, signs_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "pw-a-brand-new-one-2"


@pytest.fixture
def root(client):
    user = User.objects.create_superuser("root", "root@example.edu", PASSWORD)
    client.force_login(user)
    return user


def test_an_administrator_setting_a_password_revokes_the_users_tokens_and_ends_their_sessions(client, root, ada, grace):
    # given: ada has a token and a session elsewhere; grace has a token
    _, key = services.token_create(owner=ada, name="script")
    _, graces = services.token_create(owner=grace, name="script")
    elsewhere = signed_in_elsewhere(ada)
    url = reverse("admin:auth_user_password_change", args=[ada.pk])
    # when
    page = client.get(url)
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True)
    # then
    assert "signs the user out everywhere and revokes all their personal API tokens" in page.content.decode()
    assert response.redirect_chain[-1][0] == reverse("admin:auth_user_change", args=[ada.pk])
    assert "Signed ada out everywhere; 1 personal API token revoked." in response.content.decode()
    ada.refresh_from_db()
    assert ada.check_password(NEW_PASSWORD)
    assert not signs_in(key)
    assert not is_signed_in(elsewhere)
    assert signs_in(graces)
    assert is_signed_in(client)  # the administrator's own session is not touched


def test_an_administrator_disabling_password_sign_in_revokes_the_users_tokens(client, root, ada):
    # given
    _, key = services.token_create(owner=ada, name="script")
    url = reverse("admin:auth_user_password_change", args=[ada.pk])
    # when
    client.post(url, {"usable_password": "false", "unset-password": "1"})
    # then
    ada.refresh_from_db()
    assert not ada.has_usable_password()
    assert not signs_in(key)


def test_an_administrator_setting_a_password_that_is_refused_revokes_nothing(client, root, ada):
    # given
    _, key = services.token_create(owner=ada, name="script")
    url = reverse("admin:auth_user_password_change", args=[ada.pk])
    # when
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": "something-else"})
    # then
    assert response.status_code == 200
    assert signs_in(key)
    ada.refresh_from_db()
    assert ada.check_password(PASSWORD)


def test_changepassword_revokes_the_users_tokens_and_ends_their_sessions(ada, grace, monkeypatch):
    # given
    _, key = services.token_create(owner=ada, name="script")
    services.token_create(owner=ada, name="laptop")
    _, graces = services.token_create(owner=grace, name="script")
    elsewhere = signed_in_elsewhere(ada)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    out = StringIO()
    # when: the username in another case
    call_command("changepassword", "ADA", stdout=out)
    # then
    assert "Password set for 'ada': signed out everywhere, 2 personal API tokens revoked." in out.getvalue()
    ada.refresh_from_db()
    assert ada.check_password(NEW_PASSWORD)
    assert not signs_in(key)
    assert PersonalApiToken.objects.filter(owner=ada, revoked_at__isnull=True).count() == 0
    assert not is_signed_in(elsewhere)
    assert signs_in(graces)


def test_changepassword_gives_up_after_three_refused_passwords_and_changes_nothing(ada, monkeypatch):
    # given: a password the validators refuse, typed each time
    _, key = services.token_create(owner=ada, name="script")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "12345678")
    err = StringIO()
    # when / then
    with pytest.raises(CommandError, match="No password set for 'ada' after 3 tries; nothing changed."):
        call_command("changepassword", "ada", stdout=StringIO(), stderr=err)
    assert "too common" in err.getvalue()
    ada.refresh_from_db()
    assert ada.check_password(PASSWORD)
    assert signs_in(key)


def test_changepassword_names_a_user_that_does_not_exist():
    with pytest.raises(CommandError, match="No user is called 'nobody' \\(in any case\\)"):
        call_command("changepassword", "nobody", stdout=StringIO())


def test_the_admins_own_change_password_page_is_the_sites_with_its_token_choice_and_notice(client, root):
    # given: the administrator's own token and another session of theirs
    _, key = services.token_create(owner=root, name="script")
    elsewhere = signed_in_elsewhere(root)
    change = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    # when
    page = client.get(reverse("admin:password_change"))
    response = client.post(reverse("admin:password_change"), {**change, "revoke_tokens": "on"})
    # then
    assert "Also revoke all my personal API tokens" in page.content.decode()
    assert response["Location"] == reverse("admin:password_change_done")
    root.refresh_from_db()
    assert root.check_password(NEW_PASSWORD)
    assert not signs_in(key)
    assert is_signed_in(client) and not is_signed_in(elsewhere)
    (notice,) = mail.outbox
    assert notice.to == ["root@example.edu"] and "was changed on its" in notice.body
