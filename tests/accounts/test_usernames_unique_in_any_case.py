"""Usernames are unique in any case, down to the database (accounts migration 0003): two
sign-ups "Ada" and "ada" sent at once cannot both succeed, the one that loses is told the name
is taken, and a database that already holds such accounts is not migrated until they are
renamed."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.forms import SignUpForm
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

INDEX = "auth_user_username_upper_uniq"
BEFORE = ("accounts", "0002_friendship")
MIGRATION = ("accounts", "0003_username_unique_in_any_case")
SIGN_UP = {"username": "Ada", "email": "ada2@example.edu", "password1": PASSWORD, "password2": PASSWORD}


def index_exists() -> bool:
    with connection.cursor() as cursor:
        return INDEX in connection.introspection.get_constraints(cursor, "auth_user")


def test_the_database_refuses_a_username_that_differs_from_another_only_in_case(ada):
    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("ADA", "other@example.edu", PASSWORD)
    assert list(User.objects.values_list("username", flat=True)) == ["ada"]


def test_a_sign_up_that_loses_the_race_to_the_name_in_another_case_is_told_it_is_taken(client, monkeypatch):
    # given: another sign-up writes "ada" after this one's form found "Ada" free
    checked = SignUpForm._post_clean

    def checked_then_taken(form):
        checked(form)
        User.objects.create_user("ada", "ada@example.edu", PASSWORD)

    monkeypatch.setattr(SignUpForm, "_post_clean", checked_then_taken)
    # when
    response = client.post(reverse("signup"), SIGN_UP)
    # then: the form again, with what was typed, and only the other account
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == ["A user with that username already exists."]
    assert 'value="ada2@example.edu"' in response.content.decode()
    assert list(User.objects.values_list("username", flat=True)) == ["ada"]
    assert "_auth_user_id" not in client.session


def test_a_name_taken_in_another_case_is_refused_by_the_sign_up_form(client, ada):
    response = client.post(reverse("signup"), SIGN_UP)

    assert response.context["form"].errors["username"] == ["A user with that username already exists."]
    assert User.objects.count() == 1


def test_the_sign_up_form_says_beforehand_that_case_does_not_count(client):
    page = client.get(reverse("signup")).content.decode()

    assert "Case does not count: “Ada” and “ada” are the same name, to sign up and to sign in." in page


def test_an_administrator_renaming_a_user_to_a_name_taken_in_another_case_gets_a_form_error(client, ada, grace):
    # given
    root = User.objects.create_superuser("root", "root@example.edu", PASSWORD)
    client.force_login(root)
    url = reverse("admin:auth_user_change", args=[grace.pk])
    fields = {"username": "ADA", "email": grace.email, "is_active": "on", "date_joined_0": "2026-01-01"}
    fields |= {"date_joined_1": "10:00:00"}
    # when
    response = client.post(url, fields)
    # then
    assert response.status_code == 200
    assert "Another account already has this username in another case" in response.content.decode()
    grace.refresh_from_db()
    assert grace.username == "grace"


def test_createsuperuser_refuses_a_username_taken_in_another_case(ada):
    # when / then
    with pytest.raises(CommandError, match="another account already has this username in another case"):
        call_command("createsuperuser", "--noinput", "--username", "ADA", "--email", "x@example.edu", stdout=StringIO())
    assert User.objects.count() == 1


@pytest.fixture
def before_the_migration():
    """The database as it was before migration 0003; migrated forward again afterwards."""
    MigrationExecutor(connection).migrate([BEFORE])
    yield
    User.objects.all().delete()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_stops_naming_the_accounts_that_differ_only_in_case_and_changes_nothing(before_the_migration):
    # given: accounts made before usernames were unique in any case
    ada = User.objects.create_user("ada", "ada@example.edu", PASSWORD)
    ada_upper = User.objects.create_user("ADA", "ada.upper@example.edu", PASSWORD)
    User.objects.create_user("grace", "grace@example.edu", PASSWORD)
    assert not index_exists()
    # when
    with pytest.raises(CommandError) as refused:
        MigrationExecutor(connection).migrate([MIGRATION])
    # then: the message names both accounts and what to do; nothing changed
    message = str(refused.value)
    assert f"'ada' (id {ada.pk}, email ada@example.edu" in message
    assert f"'ADA' (id {ada_upper.pk}, email ada.upper@example.edu" in message
    assert "grace" not in message
    assert "Rename all but one account of each group" in message and "docs/operations.md" in message
    assert not index_exists()
    assert sorted(User.objects.values_list("username", flat=True)) == ["ADA", "ada", "grace"]
    # when: the operator renames one, and migrates again
    User.objects.filter(pk=ada_upper.pk).update(username="ada2")
    MigrationExecutor(connection).migrate([MIGRATION])
    # then
    assert index_exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_is_reversible(before_the_migration):
    # given
    executor = MigrationExecutor(connection)
    executor.migrate([MIGRATION])
    assert index_exists()
    # when
    MigrationExecutor(connection).migrate([BEFORE])
    # then: the index is gone and usernames differing in case are allowed again
    assert not index_exists()
    User.objects.create_user("ada", "ada@example.edu", PASSWORD)
    User.objects.create_user("Ada", "ada2@example.edu", PASSWORD)


def drop_the_index() -> None:
    """What a rebuild of auth_user on SQLite (a later Django's `auth` migration) would do."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {INDEX}")


@pytest.mark.django_db(transaction=True)
def test_migrate_puts_back_an_index_that_a_rebuild_of_the_user_table_dropped():
    # given
    drop_the_index()
    assert not index_exists()
    # when
    call_command("migrate", verbosity=0)
    # then
    assert index_exists()


@pytest.mark.django_db(transaction=True)
def test_migrate_names_the_accounts_that_came_in_while_the_index_was_missing():
    # given: a name differing only in case, let in while the index was gone
    drop_the_index()
    User.objects.create_user("ada", "ada@example.edu", PASSWORD)
    User.objects.create_user("Ada", "ada2@example.edu", PASSWORD)
    # when / then
    try:
        with pytest.raises(CommandError, match=r"'ada' \(id \d+, .*'Ada' \(id \d+"):
            call_command("migrate", verbosity=0)
        assert not index_exists()
    finally:
        User.objects.filter(username="Ada").delete()
        call_command("migrate", verbosity=0)
    assert index_exists()


def test_a_name_taken_with_an_accented_capital_is_refused_by_the_sign_up_form(client, make_user):
    # given: "Émile" (SQLite's own LIKE folds ASCII letters only)
    make_user("Émile")
    fields = {**SIGN_UP, "username": "émile"}
    # when
    response = client.post(reverse("signup"), fields)
    # then
    assert response.context["form"].errors["username"] == ["A user with that username already exists."]
    assert list(User.objects.values_list("username", flat=True)) == ["Émile"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite's index lets two such accounts exist")
def test_two_embedded_accounts_differing_in_an_accented_capital_each_sign_in_by_their_own_name(client):
    # given: Émile and émile, both made before the look-ups folded accented letters on SQLite
    User.objects.create_user("Émile", "e1@example.edu", "first-password-1")
    User.objects.create_user("émile", "e2@example.edu", "second-password-2")
    # when
    response = client.post(reverse("login"), {"username": "émile", "password": "second-password-2"})
    # then: signed in as émile, not refused as Émile with the wrong password
    assert response.status_code == 302
    assert User.objects.get(pk=client.session["_auth_user_id"]).username == "émile"


@pytest.mark.parametrize(
    ("username", "error"),
    [
        ("\u0430da", "Use the letters a to z"),  # a Cyrillic а for the a
        ("Émile", "Use the letters a to z"),
        ("ADA", "A user with that username already exists."),  # the same name
        ("grace", ""),
    ],
)
def test_a_new_username_is_of_latin_letters_that_cannot_pass_for_an_existing_ones(client, ada, username, error):
    # when
    response = client.post(reverse("signup"), {**SIGN_UP, "username": username, "email": "new@example.edu"})
    # then: an impostor's name is refused, creating nothing; a plain new one is taken
    if error:
        assert response.status_code == 200
        assert response.context["form"].errors["username"][0].startswith(error)
        assert list(User.objects.values_list("username", flat=True)) == ["ada"]
    else:
        assert response.status_code == 302
        assert set(User.objects.values_list("username", flat=True)) == {"ada", "grace"}


@pytest.mark.parametrize("impostor", ["aIice", "a1ice", "AIice", "bo0", "BO0"])
def test_a_new_username_reading_like_an_existing_one_is_refused(client, make_user, impostor):
    # given: alice and boo
    make_user("alice")
    make_user("boo")
    # when
    response = client.post(reverse("signup"), {**SIGN_UP, "username": impostor, "email": "new@example.edu"})
    # then: I and l, 1 and l, 0 and O read alike in the page's type
    errors = response.context["form"].errors["username"] if response.status_code == 200 else []
    assert errors and errors[0].startswith("This name looks like an existing one"), (impostor, response.status_code)
    assert User.objects.count() == 2


def test_rn_reads_as_m_and_vv_as_w(make_user):
    # given
    from accounts.selectors import username_looking_alike, username_skeleton

    make_user("marty")
    make_user("wendy")
    # when / then: the database works out the likeness as Python does
    assert username_skeleton("rnarty") == username_skeleton("marty") == "marty"
    assert username_looking_alike(username="rnarty") == "marty"
    assert username_looking_alike(username="VVendy") == "wendy"
    assert username_looking_alike(username="mary") is None
