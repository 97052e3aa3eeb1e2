"""Email addresses are unique in any case, down to the database (accounts migration 0004): a
password reset link must reach one account. Two sign-ups or address changes sent at once cannot
both take an address, the one that loses is told it is taken, accounts without an address are
not affected, and a database that already holds accounts sharing an address is not migrated
until they are changed."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.forms import EmailChangeForm, SignUpForm
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

INDEX = "auth_user_email_upper_uniq"
BEFORE = ("accounts", "0003_username_unique_in_any_case")
MIGRATION = ("accounts", "0004_email_unique_in_any_case")
SIGN_UP = {"username": "lovelace", "email": "Ada@Example.edu", "password1": PASSWORD, "password2": PASSWORD}


def index_exists() -> bool:
    with connection.cursor() as cursor:
        return INDEX in connection.introspection.get_constraints(cursor, "auth_user")


def test_the_database_refuses_an_address_another_account_has_in_another_case(ada):
    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("lovelace", "ADA@example.edu", PASSWORD)
    assert list(User.objects.values_list("username", flat=True)) == ["ada"]


def test_accounts_without_an_address_are_not_refused(ada):
    # when: an administrator makes two accounts with no address
    User.objects.create_user("kiosk1", "", PASSWORD)
    User.objects.create_user("kiosk2", "", PASSWORD)
    # then
    assert User.objects.filter(email="").count() == 2


def test_a_sign_up_that_loses_the_race_to_the_address_is_told_it_is_taken(client, monkeypatch):
    # given: another sign-up takes the address after this one's form found it free
    checked = SignUpForm._post_clean

    def checked_then_taken(form):
        checked(form)
        User.objects.create_user("ada", "ada@example.edu", PASSWORD)

    monkeypatch.setattr(SignUpForm, "_post_clean", checked_then_taken)
    # when
    response = client.post(reverse("signup"), SIGN_UP)
    # then: the form again, naming the address, and only the other account
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "An account already uses this email address; sign in or reset its password."
    ]
    assert 'value="lovelace"' in response.content.decode()
    assert list(User.objects.values_list("username", flat=True)) == ["ada"]
    assert "_auth_user_id" not in client.session


def test_an_address_change_that_loses_the_race_is_told_and_changes_nothing(client, ada, grace, monkeypatch, mailoutbox):
    # given: grace takes the address after ada's form found it free
    checked = EmailChangeForm.clean

    def checked_then_taken(form):
        data = checked(form)
        User.objects.filter(pk=grace.pk).update(email="shared@example.edu")
        return data

    monkeypatch.setattr(EmailChangeForm, "clean", checked_then_taken)
    client.force_login(ada)
    # when
    response = client.post(reverse("profile"), {"email": "Shared@example.edu", "password": PASSWORD})
    # then: the form again with the error; ada keeps her address and no notice went out
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Another account already uses this email address."]
    ada.refresh_from_db()
    assert ada.email == "ada@example.edu"
    assert mailoutbox == []


def test_an_administrator_giving_a_user_an_address_another_account_has_gets_a_form_error(client, ada, grace):
    # given
    root = User.objects.create_superuser("root", "root@example.edu", PASSWORD)
    client.force_login(root)
    url = reverse("admin:auth_user_change", args=[grace.pk])
    fields = {"username": "grace", "email": "ADA@example.edu", "is_active": "on", "date_joined_0": "2026-01-01"}
    fields |= {"date_joined_1": "10:00:00"}
    # when
    response = client.post(url, fields)
    # then
    assert response.status_code == 200
    assert "Another account already uses this email address. Addresses are unique in any case" in (
        response.content.decode()
    )
    grace.refresh_from_db()
    assert grace.email == "grace@example.edu"


def test_an_address_that_matches_a_taken_one_once_normalised_is_a_form_error_not_a_500(client, grace, make_user):
    # given: bob's address, and the same written with the Kelvin sign (U+212A), which
    # normalize_email lower-cases to an ASCII k while neither database's case folding does
    make_user("bob", "bob@kth.se")
    root = User.objects.create_superuser("root", "root@example.edu", PASSWORD)
    client.force_login(root)
    fields = {"username": "grace", "email": "bob@\u212ath.se", "is_active": "on", "date_joined_0": "2026-01-01"}
    fields |= {"date_joined_1": "10:00:00"}
    # when
    response = client.post(reverse("admin:auth_user_change", args=[grace.pk]), fields)
    # then: refused on the form (it was the index's IntegrityError, a 500)
    assert response.status_code == 200
    assert "Another account already uses this email address." in response.content.decode()
    grace.refresh_from_db()
    assert grace.email == "grace@example.edu"


def test_an_administrator_may_leave_several_accounts_without_an_address(client, ada, grace):
    # given
    User.objects.filter(pk=ada.pk).update(email="")
    root = User.objects.create_superuser("root", "root@example.edu", PASSWORD)
    client.force_login(root)
    fields = {"username": "grace", "email": "", "is_active": "on", "date_joined_0": "2026-01-01"}
    fields |= {"date_joined_1": "10:00:00"}
    # when
    response = client.post(reverse("admin:auth_user_change", args=[grace.pk]), fields)
    # then
    assert response.status_code == 302
    grace.refresh_from_db()
    assert grace.email == ""


def test_createsuperuser_refuses_an_address_another_account_has(ada, monkeypatch):
    # when / then: given as an option
    with pytest.raises(CommandError, match="another account already has this email address"):
        call_command("createsuperuser", "--noinput", "--username", "root", "--email", "Ada@example.edu")
    # when / then: given in the environment Django's command also reads
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "ADA@example.edu")
    with pytest.raises(CommandError, match="another account already has this email address"):
        call_command("createsuperuser", "--noinput", "--username", "root")
    assert list(User.objects.values_list("username", flat=True)) == ["ada"]


def test_createsuperuser_asks_again_for_an_address_another_account_has(ada, monkeypatch, capsys):
    # given: the prompt's answers, the first address taken
    from accounts.management.commands.createsuperuser import Command

    answers = iter(["ADA@example.edu", "root@example.edu"])
    monkeypatch.setattr("builtins.input", lambda message: next(answers))
    command, field = Command(), User._meta.get_field("email")
    # when
    first = command.get_input_data(field, "Email address: ")
    second = command.get_input_data(field, "Email address: ")
    # then
    assert first is None and second == "root@example.edu"
    assert "another account already has this email address" in capsys.readouterr().err


@pytest.fixture
def before_the_migration():
    """The database as it was before migration 0004; migrated forward again afterwards."""
    MigrationExecutor(connection).migrate([BEFORE])
    yield
    User.objects.all().delete()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_stops_naming_the_accounts_that_share_an_address_and_changes_nothing(before_the_migration):
    # given: accounts made before addresses were unique, two sharing one, two with none
    ada = User.objects.create_user("ada", "ada@example.edu", PASSWORD)
    lovelace = User.objects.create_user("lovelace", "ADA@example.edu", PASSWORD)
    User.objects.create_user("grace", "grace@example.edu", PASSWORD)
    User.objects.create_user("kiosk1", "", PASSWORD)
    User.objects.create_user("kiosk2", "", PASSWORD)
    assert not index_exists()
    # when
    with pytest.raises(CommandError) as refused:
        MigrationExecutor(connection).migrate([MIGRATION])
    # then: the message names both accounts and what to do; nothing changed
    message = str(refused.value)
    assert f"'ada' (id {ada.pk}, email ada@example.edu" in message
    assert f"'lovelace' (id {lovelace.pk}, email ADA@example.edu" in message
    assert "grace" not in message and "kiosk" not in message
    assert "Give all but one account of each group another address" in message and "docs/operations.md" in message
    assert not index_exists()
    # when: the operator changes one, and migrates again
    User.objects.filter(pk=lovelace.pk).update(email="lovelace@example.edu")
    MigrationExecutor(connection).migrate([MIGRATION])
    # then
    assert index_exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_is_reversible(before_the_migration):
    # given
    MigrationExecutor(connection).migrate([MIGRATION])
    assert index_exists()
    # when
    MigrationExecutor(connection).migrate([BEFORE])
    # then: the index is gone and a shared address is allowed again
    assert not index_exists()
    User.objects.create_user("ada", "ada@example.edu", PASSWORD)
    User.objects.create_user("lovelace", "ADA@example.edu", PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_migrate_puts_back_an_email_index_that_a_rebuild_of_the_user_table_dropped():
    # given: what a rebuild of auth_user on SQLite (a later Django's `auth` migration) would do
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {INDEX}")
    assert not index_exists()
    # when
    call_command("migrate", verbosity=0)
    # then
    assert index_exists()


@pytest.mark.django_db(transaction=True)
def test_createsuperuser_holds_no_transaction_while_it_waits_at_its_prompts(monkeypatch):
    # given: a terminal answering the prompts; each answer notes whether a transaction is open
    # (on SQLite an open one holds the write lock: every other writer waits, then fails)
    open_during_prompts = []

    def answer(message):
        open_during_prompts.append(connection.in_atomic_block)
        return {"Username": "root", "Email address": "root@example.edu"}[message.split(" (")[0].split(":")[0]]

    monkeypatch.setattr("builtins.input", answer)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": PASSWORD)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    # when
    call_command("createsuperuser", interactive=True, stdout=StringIO(), stderr=StringIO())
    # then
    assert open_during_prompts == [False, False]
    assert User.objects.filter(username="root", is_superuser=True).exists()
