"""Changing one's email address tells the old address (Django's locmem outbox in tests), and the
profile says so before and after."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from accounts import services
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def change_email(client, email: str):
    return client.post(reverse("profile"), {"email": email, "password": PASSWORD}, follow=True)


def test_changing_the_email_mails_a_notice_to_the_old_address_only(client, ada):
    # given
    client.force_login(ada)
    # when
    response = change_email(client, "lovelace@example.edu")
    # then: one mail, to the old address, naming both and how to take the account back
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["ada@example.edu"]
    assert notice.subject == "Your Classtime email address was changed"
    assert "from ada@example.edu to lovelace@example.edu" in notice.body
    assert "http://testserver/accounts/login/" in notice.body
    # and the page says so
    page = response.content.decode()
    assert (
        "Your email address is now lovelace@example.edu. A notice was sent to your old address, ada@example.edu."
        in (page)
    )


def test_the_profile_says_a_notice_goes_to_the_current_address(client, ada):
    client.force_login(ada)

    page = client.get(reverse("profile")).content.decode()

    assert "A notice that it changed is sent to your current address, ada@example.edu." in page


def test_an_account_with_no_address_yet_gets_its_first_one_without_a_notice(client):
    # given
    user = User.objects.create_user("nomail", "", PASSWORD)
    client.force_login(user)
    # when
    response = change_email(client, "first@example.edu")
    # then
    assert mail.outbox == []
    user.refresh_from_db()
    assert user.email == "first@example.edu"
    assert "A notice was sent" not in response.content.decode()


def test_a_refused_change_sends_no_notice(client, ada):
    client.force_login(ada)

    client.post(reverse("profile"), {"email": "lovelace@example.edu", "password": "wrong"})

    assert mail.outbox == []


def test_the_same_address_again_is_refused_and_sends_no_notice(client, ada):
    # given
    client.force_login(ada)
    # when
    response = client.post(reverse("profile"), {"email": "ada@EXAMPLE.edu", "password": PASSWORD})
    # then
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["This is already your email address."]
    assert mail.outbox == []


def test_a_change_of_case_only_is_kept_without_a_notice(client, ada):
    # given
    client.force_login(ada)
    # when
    change_email(client, "Ada@example.edu")
    # then
    ada.refresh_from_db()
    assert ada.email == "Ada@example.edu"
    assert mail.outbox == []


def test_a_mail_server_that_fails_leaves_the_change_made_and_says_no_notice_was_sent(ada, settings, caplog):
    # given: a mail backend that cannot send
    settings.EMAIL_BACKEND = "tests.accounts.test_email_change_notice.FailingBackend"
    # when
    notified = services.user_email_change(user=ada, email="lovelace@example.edu")
    # then
    assert notified is False
    ada.refresh_from_db()
    assert ada.email == "lovelace@example.edu"
    assert "could not be sent" in caplog.text


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")
