"""Two tabs editing one saved schedule: each request reads the schedule (with its sections)
first, and another tab may write between that read and its own write."""

import pytest

from scheduler import saved_schedules as saved
from scheduler.models import SavedSchedule
from tests.conftest import yaml_read
from tests.scheduler.saved.conftest import save, section_of

pytestmark = pytest.mark.usefixtures("demo")


def held(schedule_id: int) -> set[str]:
    return set(SavedSchedule.objects.get(pk=schedule_id).entries.values_list("section__registrar_id", flat=True))


@pytest.fixture
def schedule_id(ada_api) -> int:
    return save(ada_api).json()["id"]


def test_a_swap_keeps_another_tabs_swap_made_after_the_page_was_read(ada, schedule_id):
    # given: one tab has read the schedule (sections prefetched, as every request reads it)
    first_tab = saved.saved_schedule_get(owner=ada, schedule_id=schedule_id)
    assert {e.section.registrar_id for e in first_tab.entries.all()} >= {"40001", "40005"}
    # and another tab swaps the lab meanwhile
    saved.saved_schedule_swap(
        schedule=saved.saved_schedule_get(owner=ada, schedule_id=schedule_id), old="40005", new="40006"
    )
    # when: the first tab swaps the lecture
    saved.saved_schedule_swap(schedule=first_tab, old="40001", new="40003")
    # then: both swaps hold
    assert held(schedule_id) == {"40003", "40006", "40010", "40012", "40024"}


def test_a_swap_of_a_section_another_tab_swapped_away_is_refused(ada, schedule_id):
    # given
    first_tab = saved.saved_schedule_get(owner=ada, schedule_id=schedule_id)
    saved.saved_schedule_swap(
        schedule=saved.saved_schedule_get(owner=ada, schedule_id=schedule_id), old="40005", new="40006"
    )
    # when: the first tab, still showing lab 40005, swaps it for 40007
    with pytest.raises(saved.SavedScheduleError) as refused:
        saved.saved_schedule_swap(schedule=first_tab, old="40005", new="40007")
    # then: refused, and the other tab's choice stays
    assert "section 40005 is not in this schedule" in str(refused.value)
    assert held(schedule_id) == {"40001", "40006", "40010", "40012", "40024"}


def test_a_page_swap_after_an_api_edit_builds_on_it(ada_client, ada_api, schedule_id):
    # given: the API replaced the lab
    ada_api.patch(
        f"/api/v1/schedules/{schedule_id}/", {"sections": ["40001", "40006", "40010", "40012", "40024"]}, format="json"
    )
    # when: the page swaps the lecture
    ada_client.post(f"/schedules/{schedule_id}/swap/", {"old": "40001", "new": "40003"})
    # then
    assert held(schedule_id) == {"40003", "40006", "40010", "40012", "40024"}


def test_a_read_answers_an_etag_and_an_unchanged_schedule_a_bodiless_304(ada_api, schedule_id):
    # given
    url = f"/api/v1/schedules/{schedule_id}/"
    etag = ada_api.get(url)["ETag"]
    # when
    again = ada_api.get(url, HTTP_IF_NONE_MATCH=etag)
    ada_api.patch(url, {"notes": "bring a calculator"}, format="json")
    after_edit = ada_api.get(url, HTTP_IF_NONE_MATCH=etag)
    # then
    assert again.status_code == 304 and not again.content
    assert after_edit.status_code == 200 and after_edit["ETag"] != etag


def test_an_edit_with_the_etag_of_a_stale_read_is_refused_412_and_changes_nothing(ada_api, schedule_id):
    # given: a client read the schedule, then another device swapped the lab
    url = f"/api/v1/schedules/{schedule_id}/"
    etag = ada_api.get(url)["ETag"]
    ada_api.patch(url, {"sections": ["40001", "40006", "40010", "40012", "40024"]}, format="json")
    # when: the client sends the whole list it read, with the lecture swapped
    response = ada_api.patch(
        url, {"sections": ["40003", "40005", "40010", "40012", "40024"]}, format="json", HTTP_IF_MATCH=etag
    )
    # then: refused as the schema's example says, word for word
    assert response.status_code == 412
    assert response.json()["error"]["code"] == "precondition_failed"
    assert held(schedule_id) == {"40001", "40006", "40010", "40012", "40024"}
    schema = yaml_read(ada_api.get("/api/v1/schema/").content)
    answer = schema["paths"]["/api/v1/schedules/{id}/"]["patch"]["responses"]["412"]["content"]["application/json"]
    assert answer["examples"]["precondition_failed"]["value"] == response.json()


def test_an_edit_with_the_current_etag_is_made_and_answers_the_next_etag(ada_api, schedule_id):
    # given
    url = f"/api/v1/schedules/{schedule_id}/"
    etag = ada_api.get(url)["ETag"]
    # when
    response = ada_api.patch(url, {"name": "Afternoons"}, format="json", HTTP_IF_MATCH=etag)
    # then
    assert response.status_code == 200 and response.json()["name"] == "Afternoons"
    assert response["ETag"] == ada_api.get(url)["ETag"] != etag


@pytest.mark.parametrize("if_match", ['W/"{etag}"', '"0123"', "not a tag"])
def test_a_weak_unknown_or_malformed_if_match_never_matches(ada_api, schedule_id, if_match):
    # given
    url = f"/api/v1/schedules/{schedule_id}/"
    etag = ada_api.get(url)["ETag"]
    # when
    response = ada_api.patch(url, {"name": "Afternoons"}, format="json", HTTP_IF_MATCH=if_match.format(etag=etag[1:-1]))
    # then
    assert response.status_code == 412
    assert ada_api.get(url).json()["name"] == "Mornings free"


def test_a_delete_with_a_stale_etag_keeps_the_schedule_and_a_star_deletes_it(ada_api, schedule_id):
    # given
    url = f"/api/v1/schedules/{schedule_id}/"
    etag = ada_api.get(url)["ETag"]
    ada_api.patch(url, {"notes": "edited elsewhere"}, format="json")
    # when
    stale = ada_api.delete(url, HTTP_IF_MATCH=etag)
    star = ada_api.delete(url, HTTP_IF_MATCH="*")
    # then
    assert stale.status_code == 412 and star.status_code == 204
    assert SavedSchedule.all_objects.get(pk=schedule_id).deleted_at is not None


def test_the_etag_is_the_same_under_any_host_name_or_format_query(ada_api, schedule_id):
    # given
    url = f"/api/v1/schedules/{schedule_id}/"
    # when
    plain = ada_api.get(url)["ETag"]
    as_json = ada_api.get(url + "?format=json")["ETag"]
    other_host = ada_api.get(url, HTTP_HOST="localhost")["ETag"]
    renamed = ada_api.patch(url, {"name": "Afternoons"}, format="json", HTTP_IF_MATCH=as_json)
    # then
    assert plain == as_json == other_host
    assert renamed.status_code == 200


def test_the_browsable_api_page_has_no_etag_and_a_read_honours_if_match(ada_api, schedule_id):
    # given
    url = f"/api/v1/schedules/{schedule_id}/"
    etag = ada_api.get(url)["ETag"]
    # when
    page = ada_api.get(url, HTTP_ACCEPT="text/html")
    stale = ada_api.get(url, HTTP_IF_MATCH='"0123"')
    current = ada_api.get(url, HTTP_IF_MATCH=etag)
    # then
    assert page.status_code == 200 and "ETag" not in page
    assert stale.status_code == 412 and current.status_code == 200


def test_a_catalog_change_to_a_held_section_moves_the_etag(ada_api, schedule_id, reimport):
    # given: read, then the registrar moved the lab's room (the answer shows it)
    url = f"/api/v1/schedules/{schedule_id}/"
    etag = ada_api.get(url)["ETag"]
    reimport(lambda data: section_of(data, "40005")["meetings"][0].update(location="Rice Hall 012"))
    # when
    response = ada_api.patch(url, {"name": "Afternoons"}, format="json", HTTP_IF_MATCH=etag)
    # then: refused, saying why it may have moved
    assert response.status_code == 412
    assert "or the registrar changed one of its sections" in response.json()["error"]["message"]


def new_seat_counts(data: dict) -> None:
    section_of(data, "40005").update(capacity=30, enrolled=29)


def test_an_if_match_read_before_an_import_that_changed_only_seat_counts_still_holds(ada_api, schedule_id, reimport):
    # given: a client read the schedule, then an import changed the lab's seat counts only
    url = f"/api/v1/schedules/{schedule_id}/"
    etag = ada_api.get(url)["ETag"]
    reimport(new_seat_counts)
    # when
    read = ada_api.get(url, HTTP_IF_MATCH=etag)
    head = ada_api.head(url, HTTP_IF_MATCH=etag)
    fresh = ada_api.get(url, HTTP_IF_NONE_MATCH=etag)
    edited = ada_api.patch(url, {"name": "Afternoons"}, format="json", HTTP_IF_MATCH=etag)
    reimport(lambda data: section_of(data, "40005").update(capacity=30, enrolled=28))
    deleted = ada_api.delete(url, HTTP_IF_MATCH=edited["ETag"])
    # then: the student's schedule is as read, so each is made (each was a 412); a copy kept with
    # If-None-Match is not current, though: its seats are not, so the new answer comes, not a 304
    assert (read.status_code, head.status_code, edited.status_code, deleted.status_code) == (200, 200, 200, 204)
    lab = next(s for s in fresh.json()["sections"] if s["id"] == "40005")
    assert fresh.status_code == 200 and (lab["capacity"], lab["enrolled"]) == (30, 29)
    assert edited.json()["name"] == "Afternoons" and edited["ETag"] != etag


def test_an_if_match_read_before_an_import_that_closed_a_section_is_refused(ada_api, schedule_id, reimport):
    # given: read, then an import filled the lab: its seats and its status changed
    url = f"/api/v1/schedules/{schedule_id}/"
    etag = ada_api.get(url)["ETag"]
    reimport(lambda data: section_of(data, "40005").update(capacity=30, enrolled=30, status="closed"))
    # when
    response = ada_api.patch(url, {"name": "Afternoons"}, format="json", HTTP_IF_MATCH=etag)
    # then: a status is a change the student is told of, as a room is
    assert response.status_code == 412


def test_a_read_with_a_stale_if_match_is_the_412_its_schema_documents_in_words_for_a_read(ada_api, schedule_id):
    # given: a client read the schedule, then another device renamed it
    url = f"/api/v1/schedules/{schedule_id}/"
    etag = ada_api.get(url)["ETag"]
    ada_api.patch(url, {"name": "Afternoons"}, format="json")
    # when
    response = ada_api.get(url, HTTP_IF_MATCH=etag)
    # then: refused as the schema's GET says, word for word, without asking to redo an edit the client did not make
    assert response.status_code == 412
    message = response.json()["error"]["message"]
    assert "redo your edit" not in message and "Read it again" in message
    operation = yaml_read(ada_api.get("/api/v1/schema/").content)["paths"]["/api/v1/schedules/{id}/"]["get"]
    answer = operation["responses"]["412"]["content"]["application/json"]
    assert answer["examples"]["precondition_failed"]["value"] == response.json()
    assert {"If-Match", "If-None-Match"} <= {p["name"] for p in operation["parameters"] if p["in"] == "header"}


def test_a_saves_201_carries_the_etag_a_read_gives_and_it_holds_for_the_next_read_and_edit(ada_api):
    # when
    created = save(ada_api)
    # then: no read needed before an edit with If-Match, nor before polling with If-None-Match
    url = f"/api/v1/schedules/{created.json()['id']}/"
    assert created.status_code == 201
    assert created["ETag"] == ada_api.get(url)["ETag"]
    unchanged = ada_api.get(url, HTTP_IF_NONE_MATCH=created["ETag"])
    assert unchanged.status_code == 304 and not unchanged.content
    edited = ada_api.patch(url, {"name": "Afternoons"}, format="json", HTTP_IF_MATCH=created["ETag"])
    assert edited.status_code == 200 and edited.json()["name"] == "Afternoons"
    stale = ada_api.patch(url, {"name": "Evenings"}, format="json", HTTP_IF_MATCH=created["ETag"])
    assert stale.status_code == 412


def test_a_duplicates_201_carries_the_etag_of_the_copy(ada_api, schedule_id):
    # when
    copy = ada_api.post(f"/api/v1/schedules/{schedule_id}/duplicate/", {"name": "Plan B"}, format="json")
    # then
    url = f"/api/v1/schedules/{copy.json()['id']}/"
    assert copy.status_code == 201
    assert copy["ETag"] == ada_api.get(url)["ETag"] != ada_api.get(f"/api/v1/schedules/{schedule_id}/")["ETag"]
    assert ada_api.get(url, HTTP_IF_NONE_MATCH=copy["ETag"]).status_code == 304


def test_the_schema_declares_the_etag_of_the_201_of_a_save_and_a_duplicate(ada_api):
    # when
    paths = yaml_read(ada_api.get("/api/v1/schema/").content)["paths"]
    # then
    for path in ("/api/v1/schedules/", "/api/v1/schedules/{id}/duplicate/"):
        created = paths[path]["post"]["responses"]["201"]
        assert {"ETag", "Location"} <= set(created["headers"]), path
        assert "If-Match" in created["headers"]["ETag"]["description"], path


def test_a_restores_answer_carries_the_etag_a_read_gives_declared_in_the_schema(ada_api, schedule_id):
    # given: the schedule in the bin
    url = f"/api/v1/schedules/{schedule_id}/"
    assert ada_api.delete(url).status_code == 204
    # when
    restored = ada_api.post(f"/api/v1/schedules/bin/{schedule_id}/restore/")
    # then: an edit with If-Match or a poll needs no read first
    assert restored.status_code == 200
    assert restored["ETag"] == ada_api.get(url)["ETag"]
    assert ada_api.get(url, HTTP_IF_NONE_MATCH=restored["ETag"]).status_code == 304
    paths = yaml_read(ada_api.get("/api/v1/schema/").content)["paths"]
    assert "ETag" in paths["/api/v1/schedules/bin/{id}/restore/"]["post"]["responses"]["200"]["headers"]


def test_the_browsable_api_pages_of_an_edit_and_a_restore_have_no_etag_as_the_reads_has_none(ada_api, schedule_id):
    # given
    url = f"/api/v1/schedules/{schedule_id}/"
    # when
    edited = ada_api.patch(url, {"name": "Afternoons"}, format="json", HTTP_ACCEPT="text/html")
    ada_api.delete(url)
    restored = ada_api.post(f"/api/v1/schedules/bin/{schedule_id}/restore/", HTTP_ACCEPT="text/html")
    # then: the tag is the JSON answer's
    assert edited.status_code == 200 and "ETag" not in edited
    assert restored.status_code == 200 and "ETag" not in restored
