"""The account pages through the test client: sign up, sign in and out, password change and
reset, profile; every page renders in the shared layout."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "pw-a-brand-new-one-2"
LONG_EMAIL = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "edu"


def csrf_token_of(page) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("login", ["username", "password"]),
        ("signup", ["username", "email", "password1", "password2"]),
        ("password_reset", ["email"]),
        ("password_reset_done", []),
        ("password_reset_complete", []),
    ],
)
def test_the_public_account_pages_render_in_the_shared_layout_with_labelled_fields(client, name, fields):
    page = client.get(reverse(name)).content.decode()

    assert '<a class="site-name" href="/">Classtime</a>' in page
    assert '<a class="skip" href="#main">Skip to the content</a>' in page and '<main id="main" tabindex="-1"' in page
    assert 'name="viewport"' in page
    assert "Sign in</a>" in page and "Sign up</a>" in page
    inputs = re.findall(r'<input type="(?:text|email|password)" name="(\w+)"[^>]*id="(\w+)"', page)
    assert [name for name, _ in inputs] == fields
    for _, field_id in inputs:
        assert f'<label for="{field_id}"' in page, field_id
    assert not re.search(r'(?:src|href)="https?://', page)  # no CDN


@pytest.mark.parametrize("name", ["profile", "tokens", "friends", "password_change", "password_change_done"])
def test_the_signed_in_pages_render_with_the_account_menu(client, ada, name):
    client.force_login(ada)

    page = client.get(reverse(name)).content.decode()

    assert 'href="/schedules/">My schedules</a>' in page
    assert '<span class="visually-hidden">Signed in as </span>ada</li>' in page
    assert f'href="{reverse("profile")}">Profile</a>' in page
    assert f'action="{reverse("logout")}"' in page and "Sign out" in page


@pytest.mark.parametrize("name", ["profile", "tokens", "friends", "password_change"])
def test_the_signed_in_pages_send_anonymous_visitors_to_sign_in_and_back(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse(name)}"


# Sign up -----------------------------------------------------------------------------------


def test_signing_up_creates_the_account_and_signs_in(client):
    # when
    response = client.post(
        reverse("signup"),
        {"username": "ada", "email": "ada@example.edu", "password1": PASSWORD, "password2": PASSWORD},
    )
    # then
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get()
    assert (user.username, user.email, user.is_active) == ("ada", "ada@example.edu", True)
    assert user.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signing_up_goes_on_to_a_safe_next_url_only(client):
    fields = {"email": "x@example.edu", "password1": PASSWORD, "password2": PASSWORD}

    local = client.post(reverse("signup") + "?next=/schedules/", {"username": "ada", **fields})
    client.logout()
    fields["email"] = "y@example.edu"
    foreign = client.post(reverse("signup"), {"username": "bob", "next": "https://evil.example/", **fields})

    assert local["Location"] == "/schedules/"
    assert foreign["Location"] == "/"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"username": ""}, "username", "This field is required."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"email": "ADA@example.edu"}, "email", "An account already uses this email address"),
        ({"password2": "something-else-entirely"}, "password2", "The two password fields"),
        ({"password1": "12345678", "password2": "12345678"}, "password2", "too common"),
        ({"username": "Ada"}, "username", "A user with that username already exists."),
        ({"email": LONG_EMAIL}, "email", "at most 254 characters (it has 312)"),
    ],
)
def test_a_bad_sign_up_shows_the_field_at_fault_and_creates_nothing(client, ada, change, field, message):
    # given
    fields = {"username": "newcomer", "email": "new@example.edu", "password1": PASSWORD, "password2": PASSWORD}
    # when
    response = client.post(reverse("signup"), {**fields, **change})
    # then
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert 'aria-invalid="true"' in response.content.decode()
    assert list(User.objects.values_list("username", flat=True)) == ["ada"]
    assert not is_signed_in(client)


# Sign in and out ---------------------------------------------------------------------------


def test_signing_in_needs_the_csrf_token_and_the_right_password_then_goes_to_next():
    # given
    User.objects.create_user("ada", "ada@example.edu", PASSWORD)
    client = Client(enforce_csrf_checks=True)
    form = client.get(reverse("login") + "?next=/accounts/friends/")
    token = csrf_token_of(form)
    credentials = {"username": "ada", "password": PASSWORD, "next": "/accounts/friends/"}
    # when
    forged = client.post(reverse("login"), credentials)
    wrong = client.post(reverse("login"), {**credentials, "password": "nope", "csrfmiddlewaretoken": token})
    right = client.post(reverse("login"), {**credentials, "csrfmiddlewaretoken": token})
    # then
    assert forged.status_code == 403
    assert wrong.status_code == 200 and "That username and password do not match an account." in wrong.content.decode()
    assert right.status_code == 302 and right["Location"] == "/accounts/friends/"
    assert is_signed_in(client)


def test_a_failed_sign_in_is_tied_to_both_fields_announced_and_said_in_the_title(client, ada):
    # when
    page = client.post(reverse("login"), {"username": "ada", "password": "nope"}).content.decode()
    # then: the error is an alert with an id that both fields are described by, and marked invalid
    assert re.search(r"<title>Error: Sign in · Classtime</title>", page)
    assert '<div id="form-errors" role="alert" tabindex="-1"><ul class="errorlist nonfield"><li>That username' in page
    for name in ("username", "password"):
        field = re.search(rf'<input [^>]*name="{name}"[^>]*>', page)[0]
        assert 'aria-invalid="true"' in field and 'aria-describedby="form-errors"' in field, field
    # and the script that moves the focus to the first field in error is there
    assert 'document.querySelector("main [aria-invalid=true]")' in page


class ListsGivenARole(HTMLParser):
    """The roles given to lists (`<ul role=...>`) that hold items: such a list is no longer one to a
    screen reader, and its items are items of nothing (axe: listitem, aria-allowed-role)."""

    def __init__(self) -> None:
        super().__init__()
        self.lists: list[str | None] = []
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self.lists.append(dict(attrs).get("role"))
        elif tag == "li" and self.lists and self.lists[-1] is not None:
            self.found.append(self.lists[-1])

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()


def lists_given_a_role(page: str) -> list[str]:
    parser = ListsGivenARole()
    parser.feed(page)
    return parser.found


def test_a_message_and_a_failed_sign_in_are_announced_lists(client, ada):
    # given: a sign-up's welcome on an account page and on the planner, then a wrong password
    pages = []
    for name, following in [("newcomer", "/accounts/profile/"), ("another", "/")]:
        fields = {
            "username": name,
            "email": f"{name}@example.edu",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        }
        pages.append((client.post(reverse("signup"), {**fields, "next": following}, follow=True), "status"))
        client.logout()
    pages.append((client.post(reverse("login"), {"username": "ada", "password": "nope"}), "alert"))
    # then: each is a list, inside the element that announces it
    for response, role in pages:
        page = response.content.decode()
        assert lists_given_a_role(page) == []
        assert re.search(rf'<div [^>]*role="{role}"[^>]*>\s*<ul[^>]*><li[^>]*>(Welcome|That username)', page)


def test_the_sign_in_page_before_any_attempt_says_no_error(client):
    page = client.get(reverse("login")).content.decode()

    assert "<title>Sign in · Classtime</title>" in page
    assert "aria-invalid" not in page and 'id="form-errors"' not in page and "main [aria-invalid=true]" not in page


def test_a_sign_up_with_errors_says_so_in_the_title_and_focuses_the_first_field_in_error(client, ada):
    # when: a username taken
    page = client.post(
        reverse("signup"),
        {"username": "ada", "email": "new@example.edu", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    ).content.decode()
    # then
    assert "<title>Error: " in page
    assert re.search(r'<input type="text" name="username"[^>]*aria-invalid="true"', page)
    assert 'document.querySelector("main [aria-invalid=true]")' in page


def test_a_sign_up_with_errors_sums_them_up_above_the_form_each_linked_to_its_field(client, ada):
    # when: a username taken and two passwords that differ
    page = client.post(
        reverse("signup"),
        {"username": "ada", "email": "new@example.edu", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"},
    ).content.decode()
    # then: one line per error, in the form's order, before the form's first field, linking to its input
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S)[0]
    links = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', summary)
    assert [target for target, _ in links] == ["id_username", "id_password2"]
    assert links[0][1].startswith("Username: ") and "already" in links[0][1]
    assert links[1][1].startswith("Password confirmation: ") and "didn" in links[1][1]
    for target, _ in links:
        assert f'id="{target}"' in page
    assert page.index("error-summary") < page.index('name="username"')


def test_a_form_without_field_errors_has_no_error_summary(client, ada):
    # when: a sign-in page, fresh and after a wrong password (an error of no one field)
    fresh = client.get(reverse("login")).content.decode()
    wrong = client.post(reverse("login"), {"username": "ada", "password": "nope"}).content.decode()
    # then
    assert "error-summary" not in fresh.split("<main", 1)[1]
    assert 'class="error-summary"' not in wrong and 'id="form-errors"' in wrong


def test_a_username_signs_in_in_any_case(client, ada, make_user):
    # given: an account whose name has capitals
    grace = make_user("Grace")
    # when
    ada_upper = client.post(reverse("login"), {"username": " ADA ", "password": PASSWORD})
    signed_in_as = client.session.get("_auth_user_id")
    client.logout()
    lower = client.post(reverse("login"), {"username": "grace", "password": PASSWORD})
    # then
    assert ada_upper.status_code == 302 and signed_in_as == str(ada.pk)
    assert lower.status_code == 302 and client.session["_auth_user_id"] == str(grace.pk)


def test_signing_in_ignores_a_next_url_on_another_site(client, ada):
    response = client.post(reverse("login"), {"username": "ada", "password": PASSWORD, "next": "//evil.example/"})

    assert response["Location"] == "/"


def test_signing_out_is_a_post_that_ends_the_session(client, ada):
    # given
    client.force_login(ada)
    # when
    asked = client.get(reverse("logout"))
    still_signed_in = is_signed_in(client)
    response = client.post(reverse("logout"))
    # then: a GET only asks
    assert asked.status_code == 200 and still_signed_in
    assert response.status_code == 302 and response["Location"] == "/"
    assert not is_signed_in(client)


# Passwords ---------------------------------------------------------------------------------


def test_changing_the_password_needs_the_old_one_and_keeps_the_session(client, ada):
    # given
    client.force_login(ada)
    change = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    # when
    refused = client.post(reverse("password_change"), {**change, "old_password": "wrong"})
    done = client.post(reverse("password_change"), change)
    # then
    assert "old_password" in refused.context["form"].errors
    assert done["Location"] == reverse("password_change_done")
    ada.refresh_from_db()
    assert ada.check_password(NEW_PASSWORD)
    assert is_signed_in(client)


def test_a_password_reset_mails_a_link_that_sets_a_new_password_once(client, ada):
    # when: a reset is asked for, in any case of the address
    response = client.post(reverse("password_reset"), {"email": "ADA@example.edu"})
    # then: one mail, to the account's address, with a link
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.edu"]
    assert message.subject == "Reset your Classtime password"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body)[1]
    # when: the link is followed and a new password set
    form = client.get(link, follow=True)
    assert form.context["validlink"] is True
    assert '<a class="site-name" href="/">Classtime</a>' in form.content.decode()  # the site's page, not the admin's
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    # then
    assert done["Location"] == reverse("password_reset_complete")
    ada.refresh_from_db()
    assert ada.check_password(NEW_PASSWORD)
    assert client.get(link, follow=True).context["validlink"] is False  # used once


def test_a_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, ada):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.edu"})

    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


# Profile -----------------------------------------------------------------------------------


def test_the_profile_shows_the_account_and_links_to_its_pages(client, ada):
    client.force_login(ada)

    page = client.get(reverse("profile")).content.decode()

    assert "ada@example.edu" in page
    for name in ("friends", "tokens", "password_change"):
        assert f'href="{reverse(name)}"' in page


def test_the_email_changes_with_the_password(client, ada):
    client.force_login(ada)

    response = client.post(reverse("profile"), {"email": "lovelace@example.edu", "password": PASSWORD}, follow=True)

    ada.refresh_from_db()
    assert ada.email == "lovelace@example.edu"
    assert "Your email address is now lovelace@example.edu." in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"email": "lovelace@example.edu", "password": "wrong"}, "password", "This is not your password."),
        ({"email": "no-at-sign", "password": PASSWORD}, "email", "Enter a valid email address."),
        ({"email": "Grace@Example.edu", "password": PASSWORD}, "email", "Another account already uses"),
        ({"email": "", "password": PASSWORD}, "email", "This field is required."),
        # a valid address longer than the user table's column (a server error on PostgreSQL)
        ({"email": LONG_EMAIL, "password": PASSWORD}, "email", "at most 254 characters (it has 312)"),
    ],
)
def test_a_bad_email_change_names_the_field_and_changes_nothing(client, ada, grace, fields, field, message):
    client.force_login(ada)

    response = client.post(reverse("profile"), fields)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    ada.refresh_from_db()
    assert ada.email == "ada@example.edu"


def test_the_admin_password_change_still_works_with_the_site_templates(client):
    # given: the site's registration/ templates also serve the admin's password change
    admin_user = User.objects.create_superuser("registrar", "r@example.edu", PASSWORD)
    client.force_login(admin_user)
    change = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    # when
    page = client.get(reverse("admin:password_change"))
    response = client.post(reverse("admin:password_change"), change)
    # then
    assert page.status_code == 200
    assert response["Location"] == reverse("admin:password_change_done")
    admin_user.refresh_from_db()
    assert admin_user.check_password(NEW_PASSWORD)


def test_a_username_taken_between_the_form_check_and_the_write_is_a_form_error_not_a_500(client, monkeypatch):
    # given: the same sign-up sent twice at once (a double click): the other one writes the
    # account after this one's form found the username free
    from accounts.forms import SignUpForm

    checked = SignUpForm._post_clean

    def checked_then_taken(form):
        checked(form)
        User.objects.create_user("newcomer", "first@example.edu", PASSWORD)

    monkeypatch.setattr(SignUpForm, "_post_clean", checked_then_taken)
    fields = {"username": "newcomer", "email": "new@example.edu", "password1": PASSWORD, "password2": PASSWORD}
    # when
    response = client.post(reverse("signup"), fields)
    # then
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == ["A user with that username already exists."]
    assert list(User.objects.values_list("email", flat=True)) == ["first@example.edu"]
    assert not is_signed_in(client)


@pytest.mark.parametrize(
    ("address", "page"),
    [
        ("/accounts/friends/requests/1/accept/", "/accounts/friends/"),
        ("/accounts/friends/2/remove/", "/accounts/friends/"),
        ("/accounts/tokens/3/revoke/", "/accounts/tokens/"),
    ],
)
def test_a_button_pressed_after_the_session_ended_leads_back_to_its_page_after_signing_in(client, ada, address, page):
    # when: a friends or tokens page's button, signed out meanwhile (another tab, an expired session)
    sent = client.post(address)
    # then: signing in leads back to that page, not to the button's address
    assert sent.status_code == 302
    assert sent["Location"] == reverse("login") + f"?next={page}"
