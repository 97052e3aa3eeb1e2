"""The list of one's saved schedules is answered from the cache under a version of what it
shows: every write of the owner's schedules and every re-import of their term shows at once,
an unchanged list is answered 304 to its ETag, and no one is ever answered another's list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import Section
from scheduler.models import SavedSchedule
from tests.scheduler.saved.conftest import SECTIONS, save, section_of

pytestmark = pytest.mark.django_db

LIST = "/api/v1/schedules/"


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def names(api) -> list[str]:
    return [s["name"] for s in api.get(LIST).json()["results"]]


def test_a_repeated_read_of_an_unchanged_list_is_answered_from_the_cache(ada_api):
    # given
    save(ada_api)
    first = ada_api.get(LIST)
    # when
    with CaptureQueriesContext(connection) as captured:
        again = ada_api.get(LIST)
    # then
    assert again.status_code == 200 and again.json() == first.json()
    assert len(captured) == 1  # the version; rendering would read schedules, sections and meetings
    assert again["Cache-Control"] == "private, no-cache"


def test_a_save_a_rename_and_a_delete_show_in_the_next_read_of_the_list(ada_api):
    # given
    url = save(ada_api, name="Plan A").json()["url"]
    assert names(ada_api) == ["Plan A"]
    # when / then
    save(ada_api, name="Plan B", sections=["40003", "40006"])
    assert names(ada_api) == ["Plan B", "Plan A"]
    assert ada_api.patch(url, {"name": "Plan A2"}, format="json").status_code == 200
    assert names(ada_api) == ["Plan A2", "Plan B"]
    assert ada_api.delete(url).status_code == 204
    assert names(ada_api) == ["Plan B"]


def test_deleting_an_older_schedule_shows_although_the_newest_change_is_unchanged(ada_api):
    # given
    older = save(ada_api, name="Plan A").json()["url"]
    save(ada_api, name="Plan B", sections=["40003", "40006"])
    assert names(ada_api) == ["Plan B", "Plan A"]
    # when
    ada_api.delete(older)
    # then
    assert names(ada_api) == ["Plan B"]


def test_a_hand_edit_a_duplicate_and_notes_show_in_the_next_read_of_the_list(ada_api):
    # given
    url = save(ada_api).json()["url"]
    ada_api.get(LIST)
    # when
    ada_api.patch(url, {"sections": ["40003", "40006"], "notes": "labs on Tuesday"}, format="json")
    ada_api.post(f"{url}duplicate/", {"name": "Copy"}, format="json")
    # then
    listed = {s["name"]: s for s in ada_api.get(LIST).json()["results"]}
    assert sorted(listed) == ["Copy", "Mornings free"]
    assert sorted(s["id"] for s in listed["Mornings free"]["sections"]) == ["40003", "40006"]
    assert listed["Mornings free"]["notes"] == "labs on Tuesday"


def test_sharing_and_subscribing_and_revoking_show_in_the_next_read_of_the_list(ada_api):
    # given
    url = save(ada_api).json()["url"]
    assert ada_api.get(LIST).json()["results"][0]["share_url"] is None
    # when / then
    ada_api.post(f"{url}share/")
    ada_api.post(f"{url}subscription/")
    listed = ada_api.get(LIST).json()["results"][0]
    assert listed["share_url"] and listed["subscription_url"]
    ada_api.delete(f"{url}share/")
    ada_api.delete(f"{url}subscription/")
    listed = ada_api.get(LIST).json()["results"][0]
    assert listed["share_url"] is None and listed["subscription_url"] is None


def test_a_reimport_that_changes_a_saved_section_shows_its_change_alert_in_the_next_read(ada_api, reimport):
    # given
    url = save(ada_api).json()["url"]
    assert ada_api.get(LIST).json()["results"][0]["has_changes"] is False

    # when
    def edit(data):
        section_of(data, "40005")["meetings"][0]["location"] = "Rice Hall 012"

    reimport(edit)
    # then
    listed = ada_api.get(LIST).json()["results"][0]
    assert listed["has_changes"] is True and listed["changes"][0]["section"] == "40005"
    ada_api.post(f"{url}acknowledge/")
    assert ada_api.get(LIST).json()["results"][0]["has_changes"] is False


def test_a_section_edited_in_the_admin_shows_in_the_next_read_of_the_list(ada_api):
    # given
    save(ada_api)
    assert ada_api.get(LIST).json()["results"][0]["has_changes"] is False
    section = Section.objects.get(registrar_id="40012")
    # when: an admin's edit saves the row (and so its updated_at), with no import
    section.status = Section.Status.CLOSED
    section.save()
    # then
    changes = ada_api.get(LIST).json()["results"][0]["changes"]
    assert [(c["section"], c["field"]) for c in changes] == [("40012", "status")]


def test_a_schedule_changed_by_a_bare_update_shows_when_it_sets_updated_at(ada_api):
    # given: writes that bypass save() (token grants, acknowledgements) set updated_at themselves
    save(ada_api, name="Plan A")
    ada_api.get(LIST)
    # when
    SavedSchedule.objects.update(name="Plan Z", updated_at=timezone.now())
    # then
    assert names(ada_api) == ["Plan Z"]


def test_an_unchanged_list_is_answered_304_to_its_etag_and_a_changed_one_200(ada_api):
    # given
    save(ada_api)
    etag = ada_api.get(LIST)["ETag"]
    # when / then
    assert ada_api.get(LIST, HTTP_IF_NONE_MATCH=etag).status_code == 304
    save(ada_api, name="Another", sections=["40003", "40006"])
    changed = ada_api.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and len(changed.json()["results"]) == 2


def test_two_students_with_lists_alike_are_never_answered_each_others(ada_api, bob_api):
    # given: the same sections and names, saved in the same way
    save(ada_api, name="Plan")
    save(bob_api, name="Plan")
    # when
    ada_list = ada_api.get(LIST)
    bob_list = bob_api.get(LIST)
    # then
    assert ada_list["ETag"] != bob_list["ETag"]
    assert ada_list.json()["results"][0]["id"] != bob_list.json()["results"][0]["id"]
    assert bob_api.get(LIST, HTTP_IF_NONE_MATCH=ada_list["ETag"]).status_code == 200


def test_the_term_filter_and_the_page_are_part_of_the_cached_answer(ada_api):
    # given
    for n in range(3):
        save(ada_api, name=f"Plan {n}", sections=SECTIONS[:1] if n else SECTIONS)
    # when
    first_page = ada_api.get(LIST, {"page_size": 2}).json()
    second_page = ada_api.get(LIST, {"page_size": 2, "page": 2}).json()
    this_term = ada_api.get(LIST, {"term": "2026-fall"}).json()
    unknown_term = ada_api.get(LIST, {"term": "1999-spring"})
    # then
    assert [s["name"] for s in first_page["results"]] == ["Plan 2", "Plan 1"]
    assert [s["name"] for s in second_page["results"]] == ["Plan 0"]
    assert this_term["count"] == 3 and len(this_term["results"]) == 3
    assert unknown_term.status_code == 400 and "ETag" not in unknown_term
