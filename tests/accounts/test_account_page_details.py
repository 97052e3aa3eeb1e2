"""What a student notices on the account pages: fields a browser and a password manager fill in
right, a failed sign-in that says what to do, a sign-out link that does not end in a blank page,
and no sign-up form for someone already signed in."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def input_named(page, name: str) -> str:
    return re.search(rf'<input[^>]* name="{name}"[^>]*>', page.content.decode())[0]


def reset_link_page(client: Client, email: str):
    client.post(reverse("password_reset"), {"email": email})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[-1].body)[1]
    return client.get(link, follow=True)


@pytest.mark.parametrize(
    ("name", "field", "autocomplete"),
    [
        ("login", "username", "username"),
        ("login", "password", "current-password"),
        ("signup", "username", "username"),
        ("signup", "email", "email"),
        ("signup", "password1", "new-password"),
        ("signup", "password2", "new-password"),
        ("password_reset", "email", "email"),
    ],
)
def test_the_public_account_fields_say_what_a_browser_may_fill_in(client, name, field, autocomplete):
    page = client.get(reverse(name))

    assert f'autocomplete="{autocomplete}"' in input_named(page, field)


@pytest.mark.parametrize(
    ("name", "field", "autocomplete"),
    [
        ("profile", "email", "email"),
        ("profile", "password", "current-password"),
        ("password_change", "old_password", "current-password"),
        ("password_change", "new_password1", "new-password"),
        ("password_change", "new_password2", "new-password"),
        ("account-delete", "password", "current-password"),
        ("friends", "username", "off"),  # someone else's: not one's own to fill in
        ("tokens", "name", "off"),
    ],
)
def test_the_signed_in_account_fields_say_what_a_browser_may_fill_in(client, ada, name, field, autocomplete):
    # given
    client.force_login(ada)
    # when
    page = client.get(reverse(name))
    # then
    assert f'autocomplete="{autocomplete}"' in input_named(page, field)


@pytest.mark.parametrize("name", ["password_change", "profile", "account-delete"])
def test_the_pages_asking_for_a_password_name_the_account_for_a_password_manager(client, ada, name):
    # given
    client.force_login(ada)
    # when
    page = client.get(reverse(name)).content.decode()
    # then: a hidden username field, not sent with the form
    assert '<input type="text" autocomplete="username" value="ada" hidden>' in page


def test_the_reset_page_names_the_account_for_a_password_manager(client, ada):
    page = reset_link_page(client, "ada@example.edu").content.decode()

    assert '<input type="text" autocomplete="username" value="ada" hidden>' in page


def test_a_failed_sign_in_says_the_username_is_not_case_sensitive_and_what_to_do(client, ada):
    # when
    response = client.post(reverse("login"), {"username": "ADA", "password": "wrong-one"})
    # then: not Django's "both fields may be case-sensitive"
    page = response.content.decode()
    assert "That username and password do not match an account." in page
    assert "The password is case-sensitive; the username is not." in page
    assert "Forgot your password?" in page
    assert "both fields may be case-sensitive" not in page


def test_a_failed_admin_sign_in_says_the_username_is_not_case_sensitive(client):
    # given
    User.objects.create_superuser("root", "root@example.edu", PASSWORD)
    # when
    response = client.post(reverse("admin:login"), {"username": "ROOT", "password": "wrong-one"})
    # then
    page = response.content.decode()
    assert "That username and password do not match a staff account." in page
    assert "both fields may be case-sensitive" not in page


def test_opening_the_sign_out_address_asks_with_a_button_instead_of_a_blank_page(client, ada):
    # given
    client.force_login(ada)
    # when
    page = client.get(reverse("logout") + "?next=/schedules/")
    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert "You are signed in as <strong>ada</strong>" in html
    assert re.search(
        r'<form method="post" action="/accounts/logout/">\s*<input type="hidden" name="csrfmiddlewaretoken"', html
    )
    assert '<input type="hidden" name="next" value="/schedules/">' in html
    assert "_auth_user_id" in client.session


def test_opening_the_sign_out_address_signed_out_says_so(client):
    page = client.get(reverse("logout"))

    assert page.status_code == 200 and "Signed out" in page.content.decode()


def test_the_sign_up_page_sends_a_signed_in_student_to_the_profile_and_creates_nothing(client, ada):
    # given
    client.force_login(ada)
    fields = {"username": "newcomer", "email": "new@example.edu", "password1": PASSWORD, "password2": PASSWORD}
    # when
    page = client.get(reverse("signup"), follow=True)
    sent = client.post(reverse("signup"), fields)
    # then
    assert page.redirect_chain[-1][0] == reverse("profile")
    assert "You are signed in as ada: sign out first to create another account." in page.content.decode()
    assert sent["Location"] == reverse("profile")
    assert list(User.objects.values_list("username", flat=True)) == ["ada"]
    assert client.session["_auth_user_id"] == str(ada.pk)


@pytest.mark.parametrize("name", ["profile", "password_change", "tokens", "friends", "account-delete", "account-data"])
def test_the_signed_in_pages_are_never_cached_so_back_after_signing_out_shows_nothing(client, ada, name):
    # given: a shared computer
    client.force_login(ada)
    # when
    response = client.get(reverse(name))
    # then
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("profile", "email"),
        ("account-delete", "password"),
        ("tokens", "name"),
        ("friends", "username"),
    ],
)
def test_an_empty_post_to_a_signed_in_form_names_what_is_missing(client, ada, name, field):
    # given
    client.force_login(ada)
    # when
    response = client.post(reverse(name), {})
    # then: the errors, not the blank form as if nothing was sent
    assert response.context["form"].is_bound
    assert field in response.context["form"].errors


def test_an_empty_sign_up_names_what_is_missing(client):
    response = client.post(reverse("signup"), {})

    assert set(response.context["form"].errors) == {"username", "email", "password1", "password2"}
    assert not User.objects.exists()


def test_the_sign_in_page_says_who_is_signed_in_already(client, ada):
    # given
    client.force_login(ada)
    # when
    page = " ".join(client.get(reverse("login")).content.decode().split())
    # then
    assert "You are signed in as <strong>ada</strong>; signing in as someone else signs ada out here." in page
