"""Deleting one's account, on its page and with `POST /api/v1/account/delete/`: the password and
a confirmation, everything of the account gone in one transaction, nothing of anyone else's,
signed out; staff accounts refused; "Download my data" first."""

import json

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from rest_framework.test import APIClient

from accounts import services
from accounts.models import Friendship, PersonalApiToken
from catalog.models import ImportRun, Term
from scheduler import saved_schedules
from scheduler.models import GenerationJob, SavedSchedule, SavedScheduleSection
from tests.accounts.conftest import PASSWORD
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db

SECTIONS = ["40001", "40005", "40010", "40012", "40024"]


@pytest.fixture
def term(db) -> Term:
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)
    return Term.objects.get(code="2026-fall")


def schedule_of(user: User, term: Term, name: str = "Mornings free") -> SavedSchedule:
    return saved_schedules.saved_schedule_create(owner=user, term=term, name=name, section_ids=SECTIONS)


def job_of(user: User | None, term: Term, **fields) -> GenerationJob:
    return GenerationJob.objects.create(
        owner=user, term=term, catalog_version=term.catalog_version, request={}, request_hash="h", **fields
    )


@pytest.fixture
def ada_with_everything(ada, grace, alan, term):
    """ada with two schedules (one shared, one with a calendar feed), a generation job, two
    tokens, a friend (grace) and a pending request to alan; grace has her own schedule, token and
    job, one of which came from ada's."""
    shared = schedule_of(ada, term)
    saved_schedules.saved_schedule_share(schedule=shared)
    fed = schedule_of(ada, term, name="Evenings")
    saved_schedules.saved_schedule_subscribe(schedule=fed)
    ada_job = job_of(ada, term)
    services.token_create(owner=ada, name="script")
    services.token_create(owner=ada, name="laptop")
    Friendship.objects.create(from_user=grace, to_user=ada, status=Friendship.Status.ACCEPTED)
    Friendship.objects.create(from_user=ada, to_user=alan)
    grace_schedule = schedule_of(grace, term)
    SavedSchedule.objects.filter(pk=grace_schedule.pk).update(generation=ada_job)
    job_of(grace, term, reused_from=ada_job)
    services.token_create(owner=grace, name="grace's")
    return ada


def delete_page(client, **fields):
    return client.post(reverse("account-delete"), {"password": PASSWORD, "confirm": "on", **fields})


# The page ----------------------------------------------------------------------------------


def test_the_profile_links_to_the_data_download_and_the_deletion_page(client, ada):
    # given
    client.force_login(ada)
    # when
    page = client.get(reverse("profile")).content.decode()
    # then
    assert f'href="{reverse("account-data")}"' in page
    assert f'href="{reverse("account-delete")}"' in page


def test_the_deletion_page_names_what_goes_with_counts_and_asks_for_the_password_and_a_tick(
    client, ada_with_everything
):
    # given
    client.force_login(ada_with_everything)
    # when
    page = client.get(reverse("account-delete")).content.decode()
    # then
    for what in (
        "your saved schedules (2)",
        "shared links (1)",
        "calendar feeds (1)",
        "personal API tokens (2 active)",
        "friendships (1) and pending friend requests (1)",
    ):
        assert what in page, what
    assert 'type="password" name="password"' in page
    assert 'type="checkbox" name="confirm"' in page
    assert f'href="{reverse("account-data")}"' in page


def test_deleting_the_account_deletes_everything_of_its_own_and_signs_out(client, ada_with_everything, grace, alan):
    # given
    ada = ada_with_everything
    client.force_login(ada)
    # when
    response = delete_page(client)
    # then: gone, with all that was hers, and signed out
    assert response.status_code == 302 and response["Location"] == "/"
    assert not User.objects.filter(pk=ada.pk).exists()
    assert not SavedSchedule.objects.filter(owner_id=ada.pk).exists()
    assert not GenerationJob.objects.filter(owner_id=ada.pk).exists()
    assert not PersonalApiToken.objects.filter(owner_id=ada.pk).exists()
    assert not Friendship.objects.exists()
    assert "_auth_user_id" not in client.session
    assert "Your account and everything in it have been deleted." in client.get("/").content.decode()
    # and everyone else's stays, links to hers cleared
    assert set(User.objects.values_list("username", flat=True)) == {"grace", "alan"}
    assert SavedSchedule.objects.get(owner=grace).generation is None
    assert GenerationJob.objects.get(owner=grace).reused_from is None
    assert PersonalApiToken.objects.filter(owner=grace).count() == 1
    assert SavedScheduleSection.objects.filter(schedule__owner=grace).count() == len(SECTIONS)


def test_the_links_of_a_deleted_account_stop_answering(client, ada_with_everything):
    # given
    ada = ada_with_everything
    shared = SavedSchedule.objects.get(owner=ada, share_token__isnull=False)
    fed = SavedSchedule.objects.get(owner=ada, calendar_token__isnull=False)
    share_url = reverse("shared-schedule-page", args=[shared.share_token])
    feed_url = reverse("calendar-subscription", args=[fed.calendar_token])
    assert client.get(share_url).status_code == 200
    assert client.get(feed_url).status_code == 200
    client.force_login(ada)
    # when
    delete_page(client)
    # then
    assert client.get(share_url).status_code == 404
    assert client.get(feed_url).status_code == 404


def test_the_other_sessions_of_a_deleted_account_are_signed_out_too(client, ada):
    # given
    elsewhere = APIClient()
    elsewhere.force_login(ada)
    client.force_login(ada)
    # when
    delete_page(client)
    # then
    assert elsewhere.get("/api/v1/me/").status_code == 401
    assert elsewhere.get(reverse("profile")).status_code == 302


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"password": "wrong"}, "password", "This is not your password."),
        ({"password": ""}, "password", "This field is required."),
        ({"confirm": ""}, "confirm", "Tick the box to confirm"),
    ],
)
def test_deletion_needs_the_right_password_and_the_tick_and_deletes_nothing_otherwise(
    client, ada_with_everything, fields, field, message
):
    # given
    client.force_login(ada_with_everything)
    # when
    response = delete_page(client, **fields)
    # then
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert User.objects.filter(username="ada").exists()
    assert SavedSchedule.objects.filter(owner=ada_with_everything).count() == 2
    assert "_auth_user_id" in client.session


def test_a_staff_account_is_told_to_ask_another_administrator_and_is_not_deleted(client, make_user):
    # given
    staff = make_user("registrar", is_staff=True)
    client.force_login(staff)
    # when
    page = client.get(reverse("account-delete"))
    refused = delete_page(client)
    # then
    assert "Ask another administrator to delete it in the admin." in page.content.decode()
    assert 'name="confirm"' not in page.content.decode()
    assert refused.status_code == 403
    assert "ask another administrator" in refused.content.decode()
    assert User.objects.filter(pk=staff.pk).exists()


def test_the_service_refuses_a_superuser_even_when_not_staff(make_user):
    # given
    boss = make_user("boss", is_superuser=True)
    # when
    with pytest.raises(services.StaffAccountError):
        services.user_delete(user=boss)
    # then
    assert User.objects.filter(pk=boss.pk).exists()


def test_the_deletion_page_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("account-delete"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# What references an account ----------------------------------------------------------------


def test_no_relation_to_an_account_protects_it_from_deletion():
    # given: every foreign key and one-to-one to the user model, in every app
    relations = [rel for rel in User._meta.related_objects if not rel.many_to_many]
    # when
    protecting = [
        f"{rel.related_model._meta.label}.{rel.field.name}"
        for rel in relations
        if rel.on_delete not in (models.CASCADE, models.SET_NULL)
    ]
    # then: each cascades or is set to null (docs/api.md, "Deleting an account")
    assert relations
    assert protecting == []


def test_an_import_run_an_account_asked_for_is_kept_without_it(ada):
    # given: an import run asked for by ada (an administrator once, say)
    run = ImportRun.objects.create(source_name="demo.json", format="canonical", sha256="0" * 64, status="applied")
    ImportRun.objects.filter(pk=run.pk).update(requested_by=ada)
    # when
    services.user_delete(user=ada)
    # then
    run.refresh_from_db()
    assert run.requested_by is None


def test_deleting_an_account_deletes_its_admin_history_which_is_why_staff_are_refused(ada):
    # given: a log entry of ada's (as LogEntry cascades)
    LogEntry.objects.create(user=ada, action_flag=1, object_repr="x")
    # when
    services.user_delete(user=ada)
    # then
    assert not LogEntry.objects.exists()


# Over the API ------------------------------------------------------------------------------


def api_for(user: User) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_the_api_deletes_the_account_with_the_password_and_confirm_true(ada_with_everything):
    # given: signed in by one of her tokens
    _, key = services.token_create(owner=ada_with_everything, name="deleter")
    client = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    # when
    response = client.post("/api/v1/account/delete/", {"password": PASSWORD, "confirm": True}, format="json")
    # then
    assert response.status_code == 204
    assert not User.objects.filter(username="ada").exists()
    assert not SavedSchedule.objects.filter(owner_id=ada_with_everything.pk).exists()
    assert client.get("/api/v1/me/").status_code == 401  # the token went with it


def test_the_api_signs_a_session_out(ada):
    # given
    client = api_for(ada)
    # when
    response = client.post("/api/v1/account/delete/", {"password": PASSWORD, "confirm": True}, format="json")
    # then
    assert response.status_code == 204
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": "wrong", "confirm": True}, "password"),
        ({"confirm": True}, "password"),
        ({"password": PASSWORD, "confirm": False}, "confirm"),
        ({"password": PASSWORD}, "confirm"),
        ({"password": PASSWORD, "confirm": "true"}, "confirm"),
    ],
)
def test_the_api_refuses_a_wrong_password_or_no_confirmation_naming_the_field(ada, body, field):
    # when
    response = api_for(ada).post("/api/v1/account/delete/", body, format="json")
    # then
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]
    assert User.objects.filter(pk=ada.pk).exists()


def test_the_api_refuses_a_staff_account_with_a_403(make_user):
    # given
    staff = make_user("registrar", is_staff=True)
    # when
    response = api_for(staff).post("/api/v1/account/delete/", {"password": PASSWORD, "confirm": True}, format="json")
    # then
    assert response.status_code == 403
    assert "ask another administrator" in response.json()["error"]["message"]
    assert User.objects.filter(pk=staff.pk).exists()


def test_the_api_refuses_an_anonymous_request():
    response = APIClient().post("/api/v1/account/delete/", {"password": PASSWORD, "confirm": True}, format="json")

    assert response.status_code == 401


# Download my data --------------------------------------------------------------------------


def test_download_my_data_is_a_json_file_of_the_account_its_schedules_tokens_and_friends(client, ada_with_everything):
    # given
    client.force_login(ada_with_everything)
    # when
    response = client.get(reverse("account-data"))
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="classtime-my-data.json"'
    data = json.loads(response.content)
    assert data["account"]["username"] == "ada" and data["account"]["email"] == "ada@example.edu"
    assert sorted(s["name"] for s in data["saved_schedules"]) == ["Evenings", "Mornings free"]
    assert {(s["shared"], s["calendar_feed"]) for s in data["saved_schedules"]} == {(True, False), (False, True)}
    assert sorted(len(s["sections"]) + len(s["tba"]) for s in data["saved_schedules"]) == [5, 5]
    assert sorted(t["name"] for t in data["personal_api_tokens"]) == ["laptop", "script"]
    assert {(r["from"], r["to"], r["status"]) for r in data["friend_requests"]} == {
        ("grace", "ada", "accepted"),
        ("ada", "alan", "pending"),
    }
    body = response.content.decode()
    secrets = SavedSchedule.objects.filter(owner=ada_with_everything).values_list("share_token", "calendar_token")
    links = [token for pair in secrets for token in pair if token]
    assert len(links) == 2 and not any(token in body for token in links)
    assert "grace's" not in body


def test_the_bin_s_schedules_are_counted_on_the_deletion_page_and_in_the_data_download(client, ada_with_everything):
    # given: one of ada's two schedules, with notes, deleted, so in her bin
    SavedSchedule.objects.filter(owner=ada_with_everything, name="Evenings").update(notes="Bring the lab coat.")
    evenings = SavedSchedule.objects.get(owner=ada_with_everything, name="Evenings")
    saved_schedules.saved_schedule_delete(schedule=evenings)
    client.force_login(ada_with_everything)
    # when
    page = client.get(reverse("account-delete")).content.decode()
    data = json.loads(client.get(reverse("account-data")).content)
    # then: deleting the account takes the bin too, and the download holds it
    assert "your saved schedules (2, 1 of them in your bin)" in page
    assert [s["name"] for s in data["saved_schedules"]] == ["Mornings free"]
    assert [(s["id"], s["name"], s["notes"]) for s in data["bin"]] == [(evenings.pk, "Evenings", "Bring the lab coat.")]


def test_deleting_the_account_deletes_the_schedules_in_its_bin_too(ada_with_everything):
    # given
    evenings = SavedSchedule.objects.get(owner=ada_with_everything, name="Evenings")
    saved_schedules.saved_schedule_delete(schedule=evenings)
    # when
    services.user_delete(user=ada_with_everything)
    # then
    assert not SavedSchedule.all_objects.filter(pk=evenings.pk).exists()
    assert not SavedScheduleSection.objects.filter(schedule_id=evenings.pk).exists()
