"""The bin: deleting a saved schedule moves it there, where it answers nowhere (lists, compare,
share link, calendar feed, friends, generation, the API) until restored, as it was; after 30
days a periodic task purges it for good, and the owner may purge it sooner."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Friendship
from scheduler import saved_schedules as saved
from scheduler import tasks
from scheduler.models import SavedSchedule, SavedScheduleSection
from tests.scheduler.saved.conftest import SECTIONS, public_answers, save

pytestmark = pytest.mark.django_db

LIST = "/api/v1/schedules/"
BIN = "/api/v1/schedules/bin/"


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def token_of(url: str) -> str:
    return url.rstrip("/").split("/")[-1].removesuffix(".ics")


def names(api) -> list[str]:
    return [s["name"] for s in api.get(LIST).json()["results"]]


def binned_names(api) -> list[str]:
    return [s["name"] for s in api.get(BIN).json()["results"]]


def binned_days_ago(schedule_id: int, days: float) -> None:
    SavedSchedule.all_objects.filter(pk=schedule_id).update(deleted_at=timezone.now() - timedelta(days=days))


def test_delete_moves_the_schedule_to_the_bin_keeping_its_rows(ada_api):
    # given
    body = save(ada_api, notes="labs on Tuesday").json()
    # when
    response = ada_api.delete(body["url"])
    # then: gone from the list and its URL, its rows kept in the bin
    assert response.status_code == 204
    assert ada_api.get(body["url"]).status_code == 404
    assert names(ada_api) == []
    schedule = SavedSchedule.all_objects.get(pk=body["id"])
    assert schedule.deleted_at is not None and schedule.notes == "labs on Tuesday"
    assert SavedScheduleSection.objects.filter(schedule_id=body["id"]).count() == len(SECTIONS)
    assert ada_api.delete(body["url"]).status_code == 404, "deleting it again names nothing"


def test_the_bin_lists_ones_deleted_schedules_the_latest_first_with_when_they_go_for_good(ada_api, bob_api):
    # given
    first = save(ada_api, name="Plan A").json()
    second = save(ada_api, name="Plan B", sections=["40003", "40006"]).json()
    save(ada_api, name="kept")
    bobs = save(bob_api, name="bob's").json()
    ada_api.post(first["url"] + "share/")
    for url in (first["url"], second["url"]):
        ada_api.delete(url)
    bob_api.delete(bobs["url"])
    # when
    response = ada_api.get(BIN)
    # then
    rows = response.json()["results"]
    assert response.status_code == 200
    assert [r["name"] for r in rows] == ["Plan B", "Plan A"]
    a = rows[1]
    assert a["id"] == first["id"] and a["term"] == first["term"]
    assert a["courses"] == ["CHEM 1410", "CS 1110", "MATH 1310"]
    assert sorted(a["sections"]) == sorted(SECTIONS)
    assert a["shared"] is True and a["subscribed"] is False
    assert a["url"].endswith(f"/api/v1/schedules/bin/{first['id']}/")
    assert a["restore_url"].endswith(f"/api/v1/schedules/bin/{first['id']}/restore/")
    deleted_at = SavedSchedule.all_objects.get(pk=first["id"]).deleted_at
    assert a["purge_after"] == (deleted_at + timedelta(days=30)).isoformat().replace("+00:00", "Z")
    assert APIClient().get(BIN).status_code == 401


def test_restoring_brings_the_schedule_back_as_it_was_with_the_same_links(ada_api):
    # given: a shared, subscribed schedule in the bin
    body = save(ada_api, notes="n").json()
    share = token_of(ada_api.post(body["url"] + "share/").json()["share_url"])
    feed = token_of(ada_api.post(body["url"] + "subscription/").json()["subscription_url"])
    ada_api.delete(body["url"])
    binned = public_answers(share, feed)
    # when
    response = ada_api.post(f"{BIN}{body['id']}/restore/")
    # then
    restored = response.json()
    assert response.status_code == 200 and restored["url"] == body["url"]
    assert restored["id"] == body["id"] and restored["name"] == body["name"] and restored["notes"] == "n"
    assert sorted(s["id"] for s in restored["sections"]) == sorted(SECTIONS)
    assert token_of(restored["share_url"]) == share and token_of(restored["subscription_url"]) == feed
    assert [code for code, _ in binned] == [404, 404, 404]
    assert [code for code, _ in public_answers(share, feed)] == [200, 200, 200]
    assert binned_names(ada_api) == [] and names(ada_api) == ["Mornings free"]


def test_a_link_revoked_before_the_delete_stays_revoked_after_the_restore(ada_api):
    # given
    url = save(ada_api).json()["url"]
    share = token_of(ada_api.post(url + "share/").json()["share_url"])
    ada_api.delete(url + "share/")
    ada_api.delete(url)
    # when
    restored = ada_api.post(f"{BIN}{url.rstrip('/').rsplit('/', 1)[1]}/restore/").json()
    # then
    assert restored["share_url"] is None
    assert APIClient().get(f"/api/v1/shared/{share}/").status_code == 404


def test_a_binned_schedules_links_answer_as_unknown_ones(ada_api):
    # given
    url = save(ada_api).json()["url"]
    share = token_of(ada_api.post(url + "share/").json()["share_url"])
    feed = token_of(ada_api.post(url + "subscription/").json()["subscription_url"])
    unknown = public_answers("x" * len(share), "y" * len(feed))
    # when
    ada_api.delete(url)
    # then: not a byte that tells a binned schedule from a link that never existed
    assert [code for code, _ in unknown] == [404, 404, 404]
    assert public_answers(share, feed) == unknown


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("get", "", None),
        ("patch", "", {"name": "Renamed"}),
        ("post", "duplicate/", None),
        ("post", "share/", None),
        ("delete", "share/", None),
        ("post", "subscription/", None),
        ("delete", "subscription/", None),
        ("get", "calendar.ics", None),
        ("post", "acknowledge/", None),
        ("post", "replan/", None),
    ],
)
def test_every_endpoint_of_a_binned_schedule_answers_404_and_changes_nothing(ada_api, method, suffix, body):
    # given
    url = save(ada_api).json()["url"]
    ada_api.delete(url)
    before = list(SavedSchedule.all_objects.values())
    # when
    response = getattr(ada_api, method)(url + suffix, body, format="json")
    # then
    assert response.status_code == 404
    assert list(SavedSchedule.all_objects.values()) == before


def test_a_query_written_without_thinking_of_the_bin_leaves_it_out(ada, ada_api):
    # given
    kept = save(ada_api, name="kept").json()
    binned = save(ada_api, name="binned").json()
    ada_api.delete(binned["url"])
    # when
    default = SavedSchedule._default_manager.values_list("pk", flat=True)
    related = ada.saved_schedules.values_list("pk", flat=True)
    # then
    assert list(default) == list(related) == [kept["id"]]
    assert SavedSchedule.all_objects.count() == 2


def test_compare_does_not_take_a_binned_schedule(ada_api):
    # given
    a = save(ada_api, name="A").json()
    b = save(ada_api, name="B").json()
    ada_api.delete(b["url"])
    # when
    response = ada_api.get(f"/api/v1/schedules/compare/?a={a['id']}&b={b['id']}")
    # then
    assert response.status_code == 404


def test_a_friends_binned_schedule_leaves_their_list_and_generation_until_restored(ada, bob, ada_api, bob_api, client):
    # given: bob shares a schedule with his friend ada, then deletes it
    Friendship.objects.create(from_user=ada, to_user=bob, status=Friendship.Status.ACCEPTED)
    shared = save(bob_api, name="bob shared").json()
    bob_api.post(shared["url"] + "share/")
    friends = {"schedules": [shared["id"]], "shared_weight": 50}
    request = {"term": "2026-fall", "courses": ["CS 1110"], "preferences": {"friends": friends}}
    client.force_login(ada)
    bob_api.delete(shared["url"])
    # when
    listed = ada_api.get("/api/v1/friends/schedules/?term=2026-fall").json()["count"]
    friends_page = client.get("/accounts/friends/").content.decode()
    generation = ada_api.post("/api/v1/generations/", request, format="json")
    bob_api.post(f"{BIN}{shared['id']}/restore/")
    relisted = ada_api.get("/api/v1/friends/schedules/?term=2026-fall").json()["results"]
    # then
    assert listed == 0
    assert "bob shared" not in friends_page
    assert generation.status_code == 400
    assert generation.json()["error"]["fields"]["preferences.friends.schedules"] == [
        f"no schedule {shared['id']} of yours or shared by a friend of yours"
    ]
    assert [s["id"] for s in relisted] == [shared["id"]]
    assert "bob shared" in client.get("/accounts/friends/").content.decode()


def test_ones_own_binned_schedule_cannot_be_used_in_generation(ada_api):
    # given
    mine = save(ada_api).json()
    ada_api.delete(mine["url"])
    friends = {"schedules": [mine["id"]], "shared_weight": 50}
    # when
    response = ada_api.post(
        "/api/v1/generations/",
        {"term": "2026-fall", "courses": ["CS 1110"], "preferences": {"friends": friends}},
        format="json",
    )
    # then
    assert response.status_code == 400


def test_only_the_owner_can_list_restore_or_purge_their_bin(ada_api, bob_api):
    # given
    body = save(ada_api).json()
    ada_api.delete(body["url"])
    # when
    answers = [
        bob_api.post(f"{BIN}{body['id']}/restore/").status_code,
        bob_api.delete(f"{BIN}{body['id']}/").status_code,
        bob_api.delete(BIN).status_code,
    ]
    # then
    assert answers == [404, 404, 204]
    assert bob_api.get(BIN).json()["count"] == 0
    assert binned_names(ada_api) == ["Mornings free"]


def test_a_bin_items_url_reads_it_as_the_bin_lists_it_to_its_owner_only(ada_api, bob_api):
    # given
    body = save(ada_api).json()
    alive = save(ada_api, name="Alive").json()
    ada_api.delete(body["url"])
    listed = ada_api.get(BIN).json()["results"][0]
    # when
    read = ada_api.get(listed["url"])
    # then: what the bin lists (a client follows `url`; it was a 405); another's, or one out of the bin, 404
    assert read.status_code == 200 and read.json() == listed
    assert bob_api.get(listed["url"]).status_code == 404
    assert ada_api.get(f"{BIN}{alive['id']}/").status_code == 404


def test_a_schedule_out_of_the_bin_cannot_be_restored_or_purged_through_it(ada_api):
    # given
    body = save(ada_api).json()
    # when
    answers = [ada_api.post(f"{BIN}{body['id']}/restore/").status_code, ada_api.delete(f"{BIN}{body['id']}/")]
    # then
    assert answers[0] == 404 and answers[1].status_code == 404
    assert ada_api.get(body["url"]).status_code == 200


def test_deleting_from_the_bin_and_emptying_it_delete_for_good_only_the_owners_binned_schedules(ada_api, bob_api):
    # given
    one, two, three = (save(ada_api, name=name).json() for name in ("one", "two", "three"))
    kept = save(ada_api, name="kept").json()
    bobs = save(bob_api, name="bob's").json()
    for body in (one, two, three):
        ada_api.delete(body["url"])
    bob_api.delete(bobs["url"])
    # when
    purged = ada_api.delete(f"{BIN}{one['id']}/")
    left = binned_names(ada_api)
    emptied = ada_api.delete(BIN)
    # then
    assert purged.status_code == 204 and emptied.status_code == 204
    assert left == ["three", "two"]
    assert binned_names(ada_api) == []
    assert set(SavedSchedule.all_objects.values_list("pk", flat=True)) == {kept["id"], bobs["id"]}
    assert not SavedScheduleSection.objects.filter(schedule_id__in=[one["id"], two["id"], three["id"]]).exists()
    assert ada_api.post(f"{BIN}{two['id']}/restore/").status_code == 404


def test_the_periodic_purge_deletes_only_schedules_binned_over_30_days_ago(ada_api):
    # given
    old, recent = (save(ada_api, name=name).json() for name in ("old", "recent"))
    alive = save(ada_api, name="alive").json()
    for body in (old, recent):
        ada_api.delete(body["url"])
    binned_days_ago(old["id"], 30.1)
    binned_days_ago(recent["id"], 29.9)
    # when
    tasks.saved_schedules_purge.delay()
    tasks.saved_schedules_purge.delay()  # idempotent
    # then
    assert set(SavedSchedule.all_objects.values_list("name", flat=True)) == {"recent", "alive"}
    assert not SavedScheduleSection.objects.filter(schedule_id=old["id"]).exists()
    assert binned_names(ada_api) == ["recent"] and names(ada_api) == ["alive"]
    assert ada_api.get(alive["url"]).status_code == 200


def test_without_a_beat_a_schedule_past_its_30_days_is_gone_from_the_bin_and_purge_bin_deletes_it(ada_api):
    # given: the embedded default (no beat): a schedule binned 31 days ago, one binned today
    old, recent = (save(ada_api, name=name).json() for name in ("old", "recent"))
    for body in (old, recent):
        ada_api.delete(body["url"])
    binned_days_ago(old["id"], 31)
    # then: the owner no longer sees or restores the old one, though its rows are still there
    assert binned_names(ada_api) == ["recent"]
    assert ada_api.post(f"{BIN}{old['id']}/restore/").status_code == 404
    assert SavedSchedule.all_objects.filter(pk=old["id"]).exists()
    # when: the command cron runs there
    out = StringIO()
    call_command("purge_bin", stdout=out)
    # then
    assert out.getvalue().strip() == "Purged 1 saved schedule from the bin."
    assert set(SavedSchedule.all_objects.values_list("name", flat=True)) == {"recent"}


def test_the_purge_goes_in_batches_until_none_is_left(ada_api, monkeypatch):
    # given: more expired schedules than one batch
    monkeypatch.setattr(saved, "PURGE_BATCH", 2)
    ids = [save(ada_api, name=f"plan {n}").json()["id"] for n in range(5)]
    for i in ids:
        ada_api.delete(f"{LIST}{i}/")
        binned_days_ago(i, 31)
    # when
    purged = saved.saved_schedules_purge()
    # then
    assert purged == 5
    assert not SavedSchedule.all_objects.exists()


def test_beat_runs_the_purge_every_hour():
    from classtime_site.celery import app

    entry = app.conf.beat_schedule["purge-binned-saved-schedules"]

    assert entry["task"] == tasks.saved_schedules_purge.name and entry["schedule"] == 3600.0


def test_a_restore_after_the_schedule_was_purged_is_a_404(ada, ada_api):
    # given: the restore read the schedule in the bin, then the purge deleted it
    body = save(ada_api).json()
    ada_api.delete(body["url"])
    read_before = saved.saved_schedule_get_binned(owner=ada, schedule_id=body["id"])
    binned_days_ago(body["id"], 31)
    saved.saved_schedules_purge()
    # when / then
    with pytest.raises(SavedSchedule.DoesNotExist):
        saved.saved_schedule_restore(schedule=read_before)
    assert not SavedSchedule.all_objects.exists()


def test_a_purge_of_a_schedule_restored_meanwhile_keeps_it(ada, ada_api):
    # given: "Delete for ever" read the schedule in the bin; another tab restored it
    body = save(ada_api).json()
    ada_api.delete(body["url"])
    read_before = saved.saved_schedule_get_binned(owner=ada, schedule_id=body["id"])
    ada_api.post(f"{BIN}{body['id']}/restore/")
    # when / then
    with pytest.raises(SavedSchedule.DoesNotExist):
        saved.saved_schedule_purge(schedule=read_before)
    assert ada_api.get(body["url"]).status_code == 200


def test_a_restore_shows_in_the_next_read_of_the_cached_list(ada_api):
    # given: A, B, C; B deleted and the list {A, C} read (and cached)
    a, b, _ = (save(ada_api, name=name).json() for name in ("A", "B", "C"))
    ada_api.delete(b["url"])
    assert names(ada_api) == ["C", "A"]
    # when: A deleted and B restored: as many schedules as before, the same newest id
    ada_api.delete(a["url"])
    ada_api.post(f"{BIN}{b['id']}/restore/")
    # then: a restore is a change, so the list is not the cached one, and B comes first
    assert names(ada_api) == ["B", "C"]


def test_restoring_keeps_the_name_even_when_another_schedule_has_it(ada_api):
    # given: names are not unique, so a restore never has to rename
    body = save(ada_api, name="Plan A").json()
    ada_api.delete(body["url"])
    save(ada_api, name="Plan A")
    # when
    restored = ada_api.post(f"{BIN}{body['id']}/restore/").json()
    # then
    assert restored["name"] == "Plan A"
    assert names(ada_api) == ["Plan A", "Plan A"]
