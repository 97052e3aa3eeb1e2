"""A re-plan keeps what the student asked of the job their schedule came from: busy times,
filters, preferences, exclusions and k; it sets the courses and pins itself, and leaves out only
what can no longer be asked (a section the schedule now holds, a friend's schedule unshared)."""

import pytest

from accounts.models import Friendship
from catalog.models import Section
from scheduler.models import GenerationJob, SavedSchedule
from tests.scheduler.saved.conftest import save, section_of

pytestmark = pytest.mark.django_db(transaction=True)  # jobs run on commit, as in production

WORK = {"days": ["Mo"], "start": "13:30", "end": "17:00", "label": "work"}
REQUEST = {
    "term": "2026-fall",
    "courses": ["CS 1110"],
    "busy": [WORK],
    "filters": {"open_seats_only": True},
    "preferences": {"free_days": {"days": ["Fr"], "weight": 50}},
    "excluded": ["40008"],
    "k": 3,
}


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def planned(api, request: dict, **fields) -> dict:
    """The best schedule of a generation request, saved from its job: the saved schedule."""
    job = api.post("/api/v1/generations/", request, format="json").json()
    job = api.get(job["url"]).json()
    assert job["status"] == "succeeded", job
    best = [s["id"] for s in job["results"][0]["sections"]]
    return save(api, name="Busy-aware", sections=best, generation=job["id"], **fields).json()


def lab_of(schedule: dict) -> str:
    return next(s["id"] for s in schedule["sections"] if s["component"] == "LAB")


def test_a_replan_keeps_the_busy_times_filters_and_preferences_of_the_job_it_came_from(ada_api, reimport):
    # given: a schedule saved from a job with work hours, open seats only and Friday free
    schedule = planned(ada_api, REQUEST)
    lab = lab_of(schedule)
    lecture = next(s["id"] for s in schedule["sections"] if s["component"] == "LEC")
    # and the registrar moves its lab to another room
    reimport(lambda data: section_of(data, lab)["meetings"][0].update(location="Rice Hall 999"))
    # when
    response = ada_api.post(schedule["url"] + "replan/")
    # then: the job asks what the first one did, with the unchanged lecture kept
    assert response.status_code == 202, response.json()
    request = response.json()["request"]
    assert request["courses"] == ["CS 1110"] and request["pinned"] == [lecture]
    busy = [(b["days"], b["start"], b["end"], b["label"]) for b in request["busy"]]
    assert busy == [(["Mo"], "13:30", "17:00", "work")]
    assert request["filters"]["open_seats_only"] is True
    assert request["preferences"] == {"free_days": {"days": ["Fr"], "weight": 50}}
    assert (request["excluded"], request["k"]) == (["40008"], 3)
    # and no re-planned schedule has a lab in work hours or on a wait list
    job = ada_api.get(response.json()["url"]).json()
    labs = {lab_of(result) for result in job["results"]}
    assert labs and not labs & {"40004", "40005", "40008"}


def test_a_replan_does_not_exclude_a_section_the_schedule_holds_now_or_the_term_no_longer_has(ada_api, reimport):
    # given: a schedule from a job excluding labs 40007 and 40008, then swapped by hand to lab 40008
    request = {**REQUEST, "busy": [], "filters": {}, "excluded": ["40007", "40008"]}
    schedule = planned(ada_api, request)
    held = [s["id"] for s in schedule["sections"] if s["component"] != "LAB"]
    ada_api.patch(schedule["url"], {"sections": [*held, "40008"]}, format="json")
    # and the registrar moves the lecture to another room, and lab 40007 is deleted from the catalog
    reimport(lambda data: section_of(data, held[0])["meetings"][0].update(location="Rice Hall 999"))
    Section.objects.filter(registrar_id="40007").delete()
    # when
    response = ada_api.post(schedule["url"] + "replan/")
    # then: the lab the student took keeps its pin, and is no longer excluded
    assert response.status_code == 202, response.json()
    assert response.json()["request"]["pinned"] == ["40008"]
    assert response.json()["request"]["excluded"] == []
    assert response.json()["request"]["k"] == 3


def test_a_replan_of_a_schedule_saved_by_hand_asks_for_its_courses_alone(ada_api):
    # given
    url = save(ada_api, sections=["40001", "40005"]).json()["url"]
    # when
    request = ada_api.post(url + "replan/").json()["request"]
    # then
    assert (request["courses"], request["pinned"], request["busy"], request["preferences"]) == (
        ["CS 1110"],
        ["40001", "40005"],
        [],
        {},
    )


def test_a_friends_schedule_unshared_since_is_left_out_of_a_replan_and_the_page_says_so(
    ada, bob, ada_api, bob_api, client
):
    # given: bob, ada's friend, shares a schedule; ada plans with it and saves the best
    Friendship.objects.create(from_user=bob, to_user=ada, status=Friendship.Status.ACCEPTED)
    bobs = save(bob_api, name="bob's", sections=["40003", "40009"]).json()
    bob_api.post(bobs["url"] + "share/")
    friends = {"schedules": [bobs["id"]], "shared_weight": 50}
    request = {**REQUEST, "preferences": {**REQUEST["preferences"], "friends": friends}}
    schedule = planned(ada_api, request)
    # and bob stops sharing it
    assert bob_api.delete(bobs["url"] + "share/").status_code == 204
    # when: ada re-plans, in the API and on the page
    replanned = ada_api.post(schedule["url"] + "replan/")
    client.force_login(ada)
    page = client.post(f"/schedules/{schedule['id']}/replan/", follow=True).content.decode()
    # then: re-planned without bob's schedule, every other preference kept, and the page says so
    assert replanned.status_code == 202, replanned.json()
    assert replanned.json()["request"]["preferences"] == {"free_days": {"days": ["Fr"], "weight": 50}}
    assert f"friends&#x27; schedule {bobs['id']} (no longer shared with you), left out" in page
    assert GenerationJob.objects.filter(owner=ada).count() == 3  # the first job and both re-plans


def test_a_replan_keeps_a_friends_schedule_still_shared(ada, bob, ada_api, bob_api):
    # given
    Friendship.objects.create(from_user=bob, to_user=ada, status=Friendship.Status.ACCEPTED)
    bobs = save(bob_api, name="bob's", sections=["40003", "40009"]).json()
    bob_api.post(bobs["url"] + "share/")
    request = {**REQUEST, "preferences": {"friends": {"schedules": [bobs["id"]], "free_weight": 10}}}
    schedule = planned(ada_api, request)
    # when
    replanned = ada_api.post(schedule["url"] + "replan/")
    # then
    assert replanned.status_code == 202, replanned.json()
    stored = replanned.json()["request"]["preferences"]["friends"]
    assert (stored["schedules"], stored["free_weight"]) == ([bobs["id"]], 10)
    assert stored["friends"][0]["sections"] == ["40003", "40009"]


def test_a_replan_keeps_the_instructors_never_wanted(ada_api, reimport):
    # given: a schedule from a job that never takes Ben Okafor (labs 40006, 40007 and 40009)
    schedule = planned(
        ada_api, {**REQUEST, "busy": [], "excluded": [], "filters": {"excluded_instructors": ["okafor"]}}
    )
    lab = lab_of(schedule)
    reimport(lambda data: section_of(data, lab)["meetings"][0].update(location="Rice Hall 999"))
    # when
    response = ada_api.post(schedule["url"] + "replan/")
    # then: the filter holds as the first job read it, and no re-planned schedule has his lab
    assert response.status_code == 202, response.json()
    assert response.json()["request"]["filters"]["excluded_instructors"] == ["Ben Okafor"]
    job = ada_api.get(response.json()["url"]).json()
    labs = {lab_of(result) for result in job["results"]}
    assert labs and not labs & {"40006", "40007", "40009"}


def test_a_replan_of_a_job_stored_before_the_instructor_filter_keeps_its_filters(ada_api, reimport):
    # given: a job whose stored filters have no `excluded_instructors` (stored before 2026-12-10)
    schedule = planned(ada_api, {**REQUEST, "busy": [], "excluded": []})
    job = SavedSchedule.objects.get(pk=schedule["id"]).generation
    del job.request["filters"]["excluded_instructors"]
    job.save(update_fields=["request"])
    lab = lab_of(schedule)
    reimport(lambda data: section_of(data, lab)["meetings"][0].update(location="Rice Hall 999"))
    # when
    response = ada_api.post(schedule["url"] + "replan/")
    # then: its request is still read whole (open seats only), with no instructor left out
    assert response.status_code == 202, response.json()
    assert response.json()["request"]["filters"]["open_seats_only"] is True
    assert response.json()["request"]["filters"]["excluded_instructors"] == []
