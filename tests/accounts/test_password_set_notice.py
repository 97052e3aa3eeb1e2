"""Every new password is told to the account's email address, saying how it was set, what it
ended (sessions, tokens) and what to do if it was not the owner: from the password page, from a
reset link, by an administrator (admin or `manage.py changepassword`)."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts import services
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "pw-a-brand-new-one-2"
CHANGE = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
RESET_URL = "http://testserver/accounts/password_reset/"


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_password_change_mails_a_notice_with_what_it_ended_and_what_to_do(client, ada):
    # given
    services.token_create(owner=ada, name="script")
    services.token_create(owner=ada, name="laptop")
    client.force_login(ada)
    # when
    client.post(reverse("password_change"), {**CHANGE, "revoke_tokens": "on"})
    # then
    (notice,) = mail.outbox
    body = flat(notice.body)
    assert notice.to == ["ada@example.edu"]
    assert notice.subject == "Your Classtime password was changed"
    assert 'The password of your Classtime account "ada" was changed on its password page' in body
    assert "Every other session of the account was signed out, and 2 personal API tokens revoked." in body
    assert "Set a new password with a reset link, mailed to this address:" in body
    assert f"\n{RESET_URL}\n" in notice.body


def test_a_password_set_from_a_reset_link_mails_a_notice(client, ada):
    # given
    client.post(reverse("password_reset"), {"email": "ada@example.edu"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[-1].body)[1]
    form = client.get(link, follow=True)
    # when
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    # then: the link's mail, then the notice
    assert len(mail.outbox) == 2
    body = flat(mail.outbox[1].body)
    assert "was set from a password reset link mailed to this address." in body
    assert "The account was signed out everywhere." in body
    assert "The reset link went to this mailbox: make sure no one else can read it." in body


def test_a_password_set_by_an_administrator_mails_a_notice(client, ada):
    # given
    client.force_login(User.objects.create_superuser("root", "root@example.edu", PASSWORD))
    services.token_create(owner=ada, name="script")
    # when
    client.post(
        reverse("admin:auth_user_password_change", args=[ada.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    # then
    (notice,) = mail.outbox
    body = flat(notice.body)
    assert notice.to == ["ada@example.edu"]
    assert 'The site\'s administrators set a new password for your Classtime account "ada".' in body
    assert "signed out everywhere, and 1 personal API token revoked." in body
    assert "If you made this change or asked for it, there is nothing to do." in body
    assert 'a reset link, mailed to this address ("Forgot your password?" on the sign-in page).' in body


def test_an_administrator_turning_password_sign_in_off_mails_a_notice(client, ada):
    # given
    client.force_login(User.objects.create_superuser("root", "root@example.edu", PASSWORD))
    # when
    client.post(
        reverse("admin:auth_user_password_change", args=[ada.pk]), {"usable_password": "false", "unset-password": "1"}
    )
    # then: no advice to reset a password that cannot be reset
    (notice,) = mail.outbox
    assert notice.subject == "Password sign-in to your Classtime account was turned off"
    assert "ask the site's administrators why" in notice.body
    assert "reset link" not in notice.body


def test_changepassword_mails_a_notice(ada, monkeypatch):
    # given
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    # when
    call_command("changepassword", "ada", stdout=StringIO())
    # then
    (notice,) = mail.outbox
    assert "The site's administrators set a new password" in flat(notice.body)


def test_an_account_without_an_address_changes_its_password_without_a_notice(client):
    # given
    user = User.objects.create_user("nomail", "", PASSWORD)
    client.force_login(user)
    # when
    response = client.post(reverse("password_change"), CHANGE)
    # then
    assert response.status_code == 302
    assert mail.outbox == []
    assert User.objects.get(pk=user.pk).check_password(NEW_PASSWORD)


def test_a_mail_server_that_fails_leaves_the_new_password_in_place(client, ada, monkeypatch, caplog):
    # given
    def down(**kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("accounts.services.send_mail", down)
    client.force_login(ada)
    # when
    response = client.post(reverse("password_change"), CHANGE)
    # then
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.check_password(NEW_PASSWORD)
    assert "the password set notice to user" in caplog.text


def test_the_password_page_says_a_notice_goes_to_the_address(client, ada):
    client.force_login(ada)

    page = client.get(reverse("password_change")).content.decode()

    assert "A notice that it changed is sent to your address, ada@example.edu." in " ".join(page.split())


def test_a_refused_password_change_mails_nothing(client, ada):
    # given
    client.force_login(ada)
    # when
    client.post(reverse("password_change"), {**CHANGE, "new_password2": "mismatch"})
    # then
    assert mail.outbox == []
