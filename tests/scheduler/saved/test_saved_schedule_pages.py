"""The saved schedule pages: list, detail with its weekly grid, compare, and their actions."""

import pytest

from scheduler.models import SavedSchedule
from tests.scheduler.saved.conftest import save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


@pytest.fixture
def ada_client(ada, client):
    client.force_login(ada)
    return client


@pytest.fixture
def schedule_id(ada_api) -> int:
    return save(ada_api, notes="bring a calculator").json()["id"]


def test_the_pages_need_sign_in(client, schedule_id):
    # when
    pages = [client.get(url) for url in ("/schedules/", f"/schedules/{schedule_id}/", "/schedules/compare/")]
    delete = client.post(f"/schedules/{schedule_id}/delete/")
    # then
    for response in [*pages, delete]:
        assert response.status_code == 302
        assert "login" in response["Location"]
    assert SavedSchedule.objects.filter(pk=schedule_id).exists()


def test_the_list_page_shows_ones_schedules_with_their_actions(ada_client, schedule_id, bob_api):
    # given
    save(bob_api, name="bob's secret")
    # when
    page = ada_client.get("/schedules/").content.decode()
    # then
    assert "Mornings free" in page and "bob's secret" not in page
    for action in ("rename", "duplicate", "delete", "share", "subscribe"):
        assert f"/schedules/{schedule_id}/{action}/" in page, action
    assert f"/api/v1/schedules/{schedule_id}/calendar.ics" in page


def test_the_detail_page_draws_the_weekly_grid_notes_and_swap_choices(ada_client, schedule_id):
    page = ada_client.get(f"/schedules/{schedule_id}/").content.decode()

    assert 'aria-label="Weekly grid"' in page
    assert "CS 1110 LEC 001" in page  # a grid cell
    assert "bring a calculator" in page
    assert 'aria-label="Alternative to 40001"' in page
    assert "The registrar changed" not in page


def test_another_students_pages_answer_404(bob, client, schedule_id):
    # given
    client.force_login(bob)
    # then
    assert client.get(f"/schedules/{schedule_id}/").status_code == 404
    assert client.post(f"/schedules/{schedule_id}/delete/").status_code == 404
    assert client.get(f"/schedules/compare/?a={schedule_id}&b={schedule_id}").status_code == 404
    assert SavedSchedule.objects.filter(pk=schedule_id).exists()


def test_rename_share_duplicate_and_delete_from_the_pages(ada_client, schedule_id):
    # when
    ada_client.post(f"/schedules/{schedule_id}/rename/", {"name": "Plan A"})
    ada_client.post(f"/schedules/{schedule_id}/share/")
    copy = ada_client.post(f"/schedules/{schedule_id}/duplicate/")
    # then
    schedule = SavedSchedule.objects.get(pk=schedule_id)
    assert schedule.name == "Plan A" and schedule.share_token
    copy_id = int(copy["Location"].rstrip("/").split("/")[-1])
    assert SavedSchedule.objects.get(pk=copy_id).name == "Copy of Plan A"
    deleted = ada_client.post(f"/schedules/{copy_id}/delete/")
    assert deleted["Location"] == "/schedules/"
    assert not SavedSchedule.objects.filter(pk=copy_id).exists()


def test_a_bad_rename_on_the_page_shows_the_error_and_changes_nothing(ada_client, schedule_id):
    response = ada_client.post(f"/schedules/{schedule_id}/rename/", {"name": "x" * 500}, follow=True)

    assert "name: at most 120 characters" in response.content.decode()
    assert SavedSchedule.objects.get(pk=schedule_id).name == "Mornings free"


def test_swapping_a_section_on_the_page_is_a_hand_edit(ada_client, schedule_id):
    ada_client.post(f"/schedules/{schedule_id}/swap/", {"old": "40001", "new": "40003"})

    held = set(SavedSchedule.objects.get(pk=schedule_id).entries.values_list("section__registrar_id", flat=True))
    assert "40003" in held and "40001" not in held


def test_the_compare_page_shows_two_schedules_side_by_side(ada_client, ada_api, schedule_id):
    other = save(ada_api, name="Plan B", sections=["40003", "40005"]).json()["id"]

    page = ada_client.get(f"/schedules/compare/?a={schedule_id}&b={other}").content.decode()

    assert "Mornings free" in page and "Plan B" in page
    assert page.count('aria-label="Weekly grid"') == 2
    assert "Both: 40005" in page
