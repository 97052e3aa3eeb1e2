"""Attempt limits on the account pages (accounts.limits): failed sign-ins per username and per
address (this site's page and the admin's), sign-ups per address, password resets per address
and per email. Every test counts under identities of its own (new usernames, emails and
addresses), so counters left in the shared Redis by an earlier run never matter."""

import uuid

import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

import classtime_site.settings as project_settings
from classtime_site.api import WindowThrottle
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

OFF = dict.fromkeys(project_settings.CLASSTIME_ACCOUNT_RATES)


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def client_at_new_address() -> Client:
    n = uuid.uuid4().int
    return Client(REMOTE_ADDR=f"10.{n % 250}.{n // 250 % 250}.{n // 62500 % 250}")


def limits(settings, **rates: str) -> None:
    settings.CLASSTIME_ACCOUNT_RATES = {**OFF, **rates}


def sign_in(client: Client, username: str, password: str, url: str | None = None):
    return client.post(url or reverse("login"), {"username": username, "password": password})


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_limits_are_on_by_default():
    assert all(project_settings.CLASSTIME_ACCOUNT_RATES.values())


def test_past_the_failures_allowed_for_an_account_even_its_password_is_refused(settings, make_user):
    # given: 3 failed sign-ins allowed per username, and an account guessed at 3 times
    limits(settings, signin_username="3/hour")
    user = make_user(unique("ada"))
    for _ in range(3):
        answer = sign_in(client_at_new_address(), user.username, "a-wrong-guess")
        assert answer.status_code == 200
        assert "That username and password do not match an account." in answer.content.decode()

    # when: the right password is given, from yet another address
    client = client_at_new_address()
    answer = sign_in(client, user.username, PASSWORD)

    # then: 429, the page says why and until when, and nobody is signed in
    assert answer.status_code == 429
    assert "Too many failed sign-ins for this account or from this address. Try again in" in answer.content.decode()
    assert not is_signed_in(client)
    # and another account signs in as usual
    other = make_user(unique("grace"))
    assert sign_in(client, other.username, PASSWORD).status_code == 302


def test_the_username_counter_ignores_case_and_surrounding_space(settings, make_user):
    limits(settings, signin_username="2/hour")
    user = make_user(unique("ada"))
    sign_in(client_at_new_address(), user.username.upper(), "wrong")
    sign_in(client_at_new_address(), f" {user.username} ", "wrong")

    assert sign_in(client_at_new_address(), user.username, PASSWORD).status_code == 429


def test_a_spelling_the_database_finds_the_account_by_shares_the_accounts_count(settings, make_user):
    # given: an account whose name has an i, guessed at up to the limit
    from django.db import connection

    limits(settings, signin_username="3/hour")
    user = make_user(unique("alice"))
    for _ in range(3):
        sign_in(client_at_new_address(), user.username, "a-wrong-guess")
    # when: the right password under the name spelt with a dotless ı, which PostgreSQL's case-blind
    # look-up takes for an i (its upper case is I) but Python's case folding keeps apart
    client = client_at_new_address()
    answer = sign_in(client, user.username.replace("i", "ı", 1), PASSWORD)
    # then: nobody signed in; on PostgreSQL refused as the account's attempts are used up (it was a
    # fresh count, and signed in); SQLite's look-up folds as Python does, so finds no such account
    assert not is_signed_in(client)
    assert answer.status_code == (429 if connection.vendor == "postgresql" else 200)


def test_past_the_failures_allowed_for_an_account_from_one_address_it_is_refused_there_only(settings, make_user):
    # given: 3 failed sign-ins allowed per account and address, and 3 made from one address
    limits(settings, signin_pair="3/hour", signin_username="10/hour")
    user = make_user(unique("ada"))
    client = client_at_new_address()
    for _ in range(3):
        assert sign_in(client, user.username, "a-wrong-guess").status_code == 200
    # when / then: refused from there, even with the right password; fine from elsewhere
    assert sign_in(client, user.username, PASSWORD).status_code == 429
    assert not is_signed_in(client)
    elsewhere = client_at_new_address()
    assert sign_in(elsewhere, user.username, PASSWORD).status_code == 302


def test_a_new_x_forwarded_for_on_every_attempt_does_not_escape_the_address_limit(settings):
    # given: three failures an hour per address, no proxy in front (the embedded default)
    limits(settings, signin_address="3/hour")
    client = client_at_new_address()
    # when: each attempt forges another address in the header
    statuses = [
        client.post(
            reverse("login"), {"username": unique("nobody"), "password": "x"}, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        ).status_code
        for n in range(5)
    ]
    # then: counted by the connection's address (it was 200 five times)
    assert statuses == [200, 200, 200, 429, 429]


def test_failed_sign_ins_from_new_addresses_of_one_ipv6_network_count_as_one_address(settings):
    # given: three failures an hour per address, and a host with a /64 of its own
    limits(settings, signin_address="3/hour")
    network = f"2001:db8:{uuid.uuid4().int % 0xFFFF + 1:x}:{uuid.uuid4().int % 0xFFFF + 1:x}"
    # when: each attempt from another address of that /64
    statuses = [
        Client(REMOTE_ADDR=f"{network}::{n + 1:x}")
        .post(reverse("login"), {"username": unique("nobody"), "password": "x"})
        .status_code
        for n in range(5)
    ]
    # then: one address, refused past the limit (it was 200 five times)
    assert statuses == [200, 200, 200, 429, 429]


def test_past_the_failures_allowed_for_an_address_every_account_is_refused_from_there(settings, make_user):
    limits(settings, signin_address="3/hour")
    client = client_at_new_address()
    for _ in range(3):
        assert sign_in(client, unique("nobody"), "wrong").status_code == 200

    user = make_user(unique("ada"))
    assert sign_in(client, user.username, PASSWORD).status_code == 429
    assert not is_signed_in(client)
    # the same account from another address is fine
    elsewhere = client_at_new_address()
    assert sign_in(elsewhere, user.username, PASSWORD).status_code == 302
    assert is_signed_in(elsewhere)


def test_successful_sign_ins_do_not_count(settings, make_user):
    limits(settings, signin_pair="2/hour", signin_username="2/hour", signin_address="2/hour")
    user = make_user(unique("ada"))
    client = client_at_new_address()
    for _ in range(5):
        assert sign_in(client, user.username, PASSWORD).status_code == 302
        client.post(reverse("logout"))

    assert sign_in(client, user.username, PASSWORD).status_code == 302


def test_the_admin_sign_in_counts_and_refuses_too(settings, make_user):
    limits(settings, signin_username="2/hour")
    staff = make_user(unique("staff"), is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _ in range(2):
        assert sign_in(client_at_new_address(), staff.username, "wrong", url).status_code == 200

    client = client_at_new_address()
    answer = sign_in(client, staff.username, PASSWORD, url)

    assert "Too many failed sign-ins" in answer.content.decode()
    assert not is_signed_in(client)
    assert client.get(reverse("admin:index")).status_code == 302  # back to the sign-in


def test_sign_ups_past_the_limit_of_an_address_are_refused_and_create_nothing(settings):
    limits(settings, signup_address="2/hour")
    client = client_at_new_address()

    def sign_up(name: str):
        fields = {"username": name, "email": f"{name}@example.edu", "password1": PASSWORD, "password2": PASSWORD}
        return client.post(reverse("signup"), fields)

    made = [unique("new") for _ in range(3)]
    assert sign_up(made[0]).status_code == 302
    client.post(reverse("logout"))
    assert sign_up(made[1]).status_code == 302
    client.post(reverse("logout"))
    refused = sign_up(made[2])

    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Too many new accounts from this address. Try again in" in page
    assert f'value="{made[2]}"' in page  # what was typed stays on the page
    assert User.objects.filter(username__in=made).count() == 2
    assert client_at_new_address().post(reverse("signup"), {}).status_code == 200  # elsewhere: the form's errors


def test_password_reset_requests_are_limited_per_email_and_per_address(settings, make_user):
    limits(settings, reset_email="2/hour", reset_address="3/hour")
    user = make_user(unique("ada"))

    # per email: two mails from two addresses, the third request refused without a mail
    answers = [client_at_new_address().post(reverse("password_reset"), {"email": user.email}) for _ in range(3)]
    assert [a.status_code for a in answers] == [302, 302, 429]
    assert "Too many password reset requests from this address or for this email." in answers[2].content.decode()
    assert len(mail.outbox) == 2

    # per address: three requests for three emails, the fourth refused
    client = client_at_new_address()
    emails = [f"{unique('x')}@example.edu" for _ in range(4)]
    statuses = [client.post(reverse("password_reset"), {"email": email}).status_code for email in emails]
    assert statuses == [302, 302, 302, 429]


def test_with_the_cache_down_sign_in_still_works_and_failures_do_not_break_it(settings, cache_down, make_user):
    limits(settings, signin_username="1/hour", signin_address="1/hour")
    user = make_user(unique("ada"))
    client = client_at_new_address()

    assert sign_in(client, user.username, "wrong").status_code == 200
    assert sign_in(client, user.username, "wrong").status_code == 200
    assert sign_in(client, user.username, PASSWORD).status_code == 302
    assert is_signed_in(client)


# The password asked for on signed-in pages -------------------------------------------------

NEW_PASSWORD = "pw-a-brand-new-one-2"


def email_change(client: Client, password: str):
    return client.post(reverse("profile"), {"email": f"{unique('new')}@example.edu", "password": password})


def password_change(client: Client, password: str):
    fields = {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    return client.post(reverse("password_change"), fields)


def account_delete(client: Client, password: str):
    return client.post(reverse("account-delete"), {"password": password, "confirm": "on"})


def api_account_delete(client: Client, password: str):
    return client.post(
        "/api/v1/account/delete/", {"password": password, "confirm": True}, content_type="application/json"
    )


@pytest.mark.parametrize("attempt", [email_change, password_change, account_delete, api_account_delete])
def test_wrong_passwords_on_signed_in_pages_count_as_failed_sign_ins_and_past_the_limit_the_right_one_is_refused(
    settings, make_user, attempt
):
    # given: 3 failures allowed per account, and 3 wrong passwords given where a signed-in page asks for it
    limits(settings, signin_username="3/hour")
    user = make_user(unique("ada"))
    client = client_at_new_address()
    client.force_login(user)
    for _ in range(3):
        assert attempt(client, "a-wrong-guess").status_code in (200, 400)
    # when: the right password
    answer = attempt(client, PASSWORD)
    # then: refused, saying why, and nothing changed
    assert answer.status_code == 429
    assert "Too many failed sign-ins for this account" in answer.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and user.email.startswith("ada")
    if attempt is api_account_delete:
        assert int(answer["Retry-After"]) > 0
    # and the sign-in page refuses the account too: one counter
    assert sign_in(client_at_new_address(), user.username, PASSWORD).status_code == 429


# Attempts sent at once ---------------------------------------------------------------------


def at_once(attempts: list, *, meeting: str) -> tuple[list, int]:
    """Make `attempts` (each a function making one request) as if all were sent at the same
    moment to as many web processes: each waits for the attempts not yet made, which are made
    meanwhile, at its password check (`meeting="check"`) or as it is first counted ("count":
    every one has read the counts before any adds to them). The answers (in the order they
    came) and how many passwords were checked."""
    pending = list(attempts)
    answers = []
    checked = 0
    check, increment = AbstractBaseUser.check_password, WindowThrottle.increment

    def the_rest_first() -> None:
        while pending:
            answers.append(pending.pop(0)())

    def check_password(user, raw_password):
        nonlocal checked
        checked += 1
        if meeting == "check":
            the_rest_first()
        return check(user, raw_password)

    def counted(key, period):
        if meeting == "count":
            the_rest_first()
        return increment(key, period)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(AbstractBaseUser, "check_password", check_password)
        patch.setattr(WindowThrottle, "increment", staticmethod(counted))
        the_rest_first()
    return answers, checked


def site_sign_in(client: Client, user: User, password: str):
    return sign_in(client, user.username, password)


def admin_sign_in(client: Client, user: User, password: str):
    return sign_in(client, user.username, password, reverse("admin:login"))


def on_signed_in_page(attempt):
    """One of the signed-in pages that ask for the password, as an attempt of `at_once`."""
    return lambda client, user, password: attempt(client, password)


def refused(answer) -> bool:
    return "Too many failed sign-ins for this account" in answer.content.decode()


@pytest.mark.parametrize(
    ("attempt", "signed_in"),
    [
        pytest.param(site_sign_in, False, id="sign-in"),
        pytest.param(admin_sign_in, False, id="admin sign-in"),
        pytest.param(on_signed_in_page(email_change), True, id="email change"),
        pytest.param(on_signed_in_page(password_change), True, id="password change"),
        pytest.param(on_signed_in_page(account_delete), True, id="account deletion"),
        pytest.param(on_signed_in_page(api_account_delete), True, id="API account deletion"),
    ],
)
@pytest.mark.parametrize("meeting", ["check", "count"])
def test_wrong_passwords_sent_at_once_are_checked_no_more_often_than_the_limit_allows(
    settings, make_user, attempt, signed_in, meeting
):
    # given: 3 failures allowed per account and address, and 8 sessions at one address
    limits(settings, signin_pair="3/hour")
    user = make_user(unique("ada"), is_staff=attempt is admin_sign_in)
    address = client_at_new_address().defaults["REMOTE_ADDR"]
    clients = [Client(REMOTE_ADDR=address) for _ in range(8)]
    if signed_in:
        for client in clients:
            client.force_login(user)

    # when: each sends a wrong password at the same moment
    answers, checked = at_once(
        [lambda client=client: attempt(client, user, "a-wrong-guess") for client in clients], meeting=meeting
    )

    # then: 3 are checked and 5 refused, saying why (all 8 were checked)
    assert checked == 3
    assert [refused(answer) for answer in answers].count(True) == 5
    if attempt is not admin_sign_in:  # the admin's page says why in a 200
        assert all(answer.status_code == 429 for answer in answers if refused(answer))
    # and the right password is refused from there too, and nothing changed
    assert refused(attempt(clients[0], user, PASSWORD))
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and user.email.startswith("ada")


@pytest.mark.parametrize("meeting", ["check", "count"])
def test_attempts_refused_at_once_do_not_count_as_failures_of_the_account(settings, make_user, meeting):
    # given: 3 failures allowed per address and 4 per account
    limits(settings, signin_address="3/hour", signin_username="4/hour")
    user = make_user(unique("ada"))
    address = client_at_new_address().defaults["REMOTE_ADDR"]

    # when: 8 wrong passwords for the account are sent at once from one address
    answers, checked = at_once(
        [lambda: sign_in(Client(REMOTE_ADDR=address), user.username, "a-wrong-guess") for _ in range(8)],
        meeting=meeting,
    )

    # then: 3 are checked, 5 refused by the address's limit, and the account has 3 failures, not 8:
    # its owner signs in from elsewhere
    assert (checked, [a.status_code for a in answers].count(429)) == (3, 5)
    elsewhere = client_at_new_address()
    assert sign_in(elsewhere, user.username, PASSWORD).status_code == 302
