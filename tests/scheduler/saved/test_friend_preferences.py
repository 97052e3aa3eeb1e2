"""The generation request's friends preference reads the selected friends' saved schedules:
only the requester's own or a friend's shared schedules of the same term are accepted."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from accounts.models import Friendship
from catalog.models import Term
from scheduler.models import GenerationJob
from scheduler.services import generation_request_solve
from tests.scheduler.saved.conftest import drop_section, save, section_of

pytestmark = pytest.mark.django_db(transaction=True)  # jobs run on commit, as in production

# Without friends the best CS 1110 schedule ends early: lecture 001 (MWF 9:00) and a morning lab.
REQUEST = {
    "term": "2026-fall",
    "courses": ["CS 1110"],
    "preferences": {"no_classes_after": {"weight": 5, "time": "12:00"}},
    "k": 3,
}
BOBS = ["40003", "40009"]  # lecture TuTh 14:00, lab Fr 13:00
WHOLE_TERM = {"first_date": "2026-08-24", "last_date": "2026-12-11"}


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def bob_shares(ada, bob, bob_api, sections: list[str]) -> int:
    """Bob, ada's friend, saves and shares a schedule of these sections: its id."""
    Friendship.objects.get_or_create(from_user=bob, to_user=ada, status=Friendship.Status.ACCEPTED)
    body = save(bob_api, name="bob's", sections=sections).json()
    bob_api.post(body["url"] + "share/")
    return body["id"]


@pytest.fixture
def bobs_shared_schedule(ada, bob, bob_api) -> int:
    return bob_shares(ada, bob, bob_api, BOBS)


def generate(api, **preferences):
    body = {**REQUEST, "preferences": {**REQUEST["preferences"], **preferences}}
    return api.post("/api/v1/generations/", body, format="json")


def best_sections(api, response) -> set[str]:
    job = api.get(response.json()["url"]).json()
    assert job["status"] == "succeeded", job
    return {s["id"] for s in job["results"][0]["sections"]}


def test_a_friends_preference_given_without_either_weight_is_a_400_asking_for_one(ada_api, bobs_shared_schedule):
    # when
    response = generate(ada_api, friends={"schedules": [bobs_shared_schedule]})
    # then: not dropped without a word, as a preference without its weight is not
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "preferences.friends.shared_weight": ["give shared_weight or free_weight (or both; 0 turns one off)"]
    }


def test_taking_a_friends_sections_changes_the_ranking(ada_api, bobs_shared_schedule):
    # when
    alone = best_sections(ada_api, generate(ada_api))
    together = generate(ada_api, friends={"schedules": [bobs_shared_schedule], "shared_weight": 50})
    # then
    assert together.status_code == 202
    assert not set(BOBS) & alone
    assert best_sections(ada_api, together) == set(BOBS)
    stored = together.json()["request"]["preferences"]["friends"]
    assert stored["schedules"] == [bobs_shared_schedule]
    assert stored["friends"][0]["sections"] == BOBS


def test_common_free_time_with_a_friend_changes_the_ranking(ada_api, bobs_shared_schedule):
    # given: bob is busy Tuesday and Thursday 14:00-15:15 and Friday 13:00-14:15
    alone = best_sections(ada_api, generate(ada_api))
    # when: ada prefers classes while bob is busy (not while he is free)
    response = generate(ada_api, friends={"schedules": [bobs_shared_schedule], "free_weight": 10})
    # then
    assert best_sections(ada_api, response) == set(BOBS) != alone
    assert response.json()["request"]["preferences"]["friends"]["friends"][0]["busy"] == [
        {"days": ["Tu", "Th"], "start": "14:00", "end": "15:15", **WHOLE_TERM},
        {"days": ["Fr"], "start": "13:00", "end": "14:15", **WHOLE_TERM},
    ]


def test_a_friend_in_a_first_half_course_is_free_during_its_second_half_section(ada, bob, ada_api, bob_api):
    # given: bob takes HIST 2001 lecture 001, MoWe 14:00-15:15 in the first half of term only
    shared = bob_shares(ada, bob, bob_api, ["40040"])
    body = {
        "term": "2026-fall",
        "courses": ["HIST 2001"],
        "preferences": {"friends": {"schedules": [shared], "free_weight": 10}},
        "k": 3,
    }
    # when
    response = ada_api.post("/api/v1/generations/", body, format="json")
    # then: lecture 002, at the same times in the second half, is in class while bob is free
    job = ada_api.get(response.json()["url"]).json()
    ranked = [([s["id"] for s in r["sections"]], r["score"], r["sections"][0]["alternatives"]) for r in job["results"]]
    assert ranked == [(["40040"], 0, []), (["40041"], 10 * (2 * 75 // 30), [])]
    assert response.json()["request"]["preferences"]["friends"]["friends"][0]["busy"] == [
        {"days": ["Mo", "We"], "start": "14:00", "end": "15:15", "first_date": "2026-08-24", "last_date": "2026-10-14"}
    ]


def test_a_job_stored_before_friends_classes_had_dates_takes_them_as_the_whole_term(ada, bob, ada_api, bob_api):
    # given: a job's request as stored before the dates were kept (bob's first-half HIST 2001)
    shared = bob_shares(ada, bob, bob_api, ["40040"])
    body = {
        "term": "2026-fall",
        "courses": ["HIST 2001"],
        "preferences": {"friends": {"schedules": [shared], "free_weight": 10}},
    }
    stored = ada_api.post("/api/v1/generations/", body, format="json").json()["request"]
    for block in stored["preferences"]["friends"]["friends"][0]["busy"]:
        del block["first_date"], block["last_date"]
    # when
    job = generation_request_solve(term_id=Term.objects.get(code="2026-fall").pk, request=stored, owner=ada)
    # then: bob is busy MoWe 14:00-15:15 all term, so the two halves are alike
    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    assert [(s["id"], s["alternatives"]) for s in job.results[0]["sections"]] == [("40040", ["40041"])]
    assert job.results[0]["score"] == 0


def withdraw(data: dict, registrar_id: str) -> None:
    drop_section(data, registrar_id)  # an import without it withdraws it


def cancel(data: dict, registrar_id: str) -> None:
    section_of(data, registrar_id)["status"] = "cancelled"


@pytest.mark.parametrize("change", [withdraw, cancel], ids=["withdrawn", "cancelled"])
def test_a_friends_withdrawn_or_cancelled_section_is_neither_busy_time_nor_shared(
    ada_api, bobs_shared_schedule, reimport, change
):
    # given: after bob shared his schedule, the registrar withdraws or cancels his lecture 40003
    reimport(lambda data: change(data, "40003"))
    # when
    response = generate(ada_api, friends={"schedules": [bobs_shared_schedule], "shared_weight": 50, "free_weight": 10})
    # then: only his lab (Friday 13:00-14:15) is left of him, and ada is not steered into the lecture
    friend = response.json()["request"]["preferences"]["friends"]["friends"][0]
    assert friend["sections"] == ["40009"]
    assert friend["busy"] == [{"days": ["Fr"], "start": "13:00", "end": "14:15", **WHOLE_TERM}]
    assert "40003" not in best_sections(ada_api, response)


def test_a_friends_quarantined_section_keeps_them_busy_and_counts_as_shared(ada_api, bobs_shared_schedule, reimport):
    # given: after bob shared his schedule, an import quarantines his lecture 40003 (he still takes it)
    reimport(lambda data: section_of(data, "40003").update(quarantine="room list unreadable"))
    # when
    response = generate(ada_api, friends={"schedules": [bobs_shared_schedule], "shared_weight": 50, "free_weight": 10})
    # then: its meetings still keep him busy; ada cannot be given it, and is given a schedule
    friend = response.json()["request"]["preferences"]["friends"]["friends"][0]
    assert friend["sections"] == BOBS
    assert {"days": ["Tu", "Th"], "start": "14:00", "end": "15:15", **WHOLE_TERM} in friend["busy"]
    assert "40003" not in best_sections(ada_api, response)


def test_ones_own_schedule_may_be_used_as_a_friends_schedule(ada_api):
    own = save(ada_api, sections=BOBS).json()["id"]

    response = generate(ada_api, friends={"schedules": [own], "shared_weight": 50})

    assert response.status_code == 202
    assert best_sections(ada_api, response) == set(BOBS)


def test_a_friends_unshared_schedule_is_refused_naming_the_field(ada, bob, ada_api, bob_api):
    # given
    Friendship.objects.create(from_user=ada, to_user=bob, status=Friendship.Status.ACCEPTED)
    private = save(bob_api, sections=BOBS).json()["id"]
    # when
    response = generate(ada_api, friends={"schedules": [private], "shared_weight": 50})
    # then
    assert response.status_code == 400
    assert "preferences.friends.schedules" in response.json()["error"]["fields"]


def test_a_strangers_shared_schedule_is_refused(ada_api, bob_api):
    shared = save(bob_api, sections=BOBS).json()
    bob_api.post(shared["url"] + "share/")

    response = generate(ada_api, friends={"schedules": [shared["id"]], "shared_weight": 50})

    assert response.status_code == 400
    assert "preferences.friends.schedules" in response.json()["error"]["fields"]


def test_a_deactivated_friends_schedule_is_refused_as_an_unknown_one_until_reactivated(
    ada_api, bob, bobs_shared_schedule
):
    # given
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    unknown = bobs_shared_schedule + 1000
    # when
    refused = generate(ada_api, friends={"schedules": [bobs_shared_schedule], "shared_weight": 50})
    missing = generate(ada_api, friends={"schedules": [unknown], "shared_weight": 50})
    bob.is_active = True
    bob.save(update_fields=["is_active"])
    reactivated = generate(ada_api, friends={"schedules": [bobs_shared_schedule], "shared_weight": 50})
    # then
    assert refused.status_code == missing.status_code == 400
    assert refused.content.decode() == missing.content.decode().replace(str(unknown), str(bobs_shared_schedule))
    assert reactivated.status_code == 202
    assert best_sections(ada_api, reactivated) == set(BOBS)


def test_an_anonymous_request_cannot_use_friends_schedules(bobs_shared_schedule):
    response = generate(APIClient(), friends={"schedules": [bobs_shared_schedule], "shared_weight": 50})

    assert response.status_code == 400
    assert "sign in" in response.json()["error"]["fields"]["preferences.friends.schedules"][0]


def test_weights_of_zero_leave_the_friends_preference_out(ada_api, bobs_shared_schedule):
    response = generate(ada_api, friends={"schedules": [bobs_shared_schedule], "shared_weight": 0, "free_weight": 0})

    assert response.status_code == 202
    assert "friends" not in response.json()["request"]["preferences"]


def command(*args: str) -> dict:
    out = StringIO()
    call_command("generate_schedules", "--term", "2026-fall", "--course", "CS 1110", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def command_best(*args: str) -> set[str]:
    job = command("--prefer", "no_classes_after=12:00@5", *args)
    assert job["status"] == "succeeded", job
    return {s["id"] for s in job["results"][0]["sections"]}


def test_the_command_ranks_by_a_friends_schedule_as_the_student_named(ada, bobs_shared_schedule):
    # when: named in another case
    alone = command_best("--as", "ADA")
    together = command_best("--as", "Ada", "--prefer", f"friends={bobs_shared_schedule}@50/0")
    # then
    assert not set(BOBS) & alone
    assert together == set(BOBS)
    assert GenerationJob.objects.latest("created_at").owner == ada  # hers, with her friends' data


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--prefer", "friends=1@10"], "--as USERNAME"),
        (["--as", "nobody", "--prefer", "friends=1@10"], "no active user"),
        (["--as", "ada", "--prefer", "friends=first@10"], "saved schedule ids"),
        (["--as", "ada", "--prefer", "friends=1@10/x"], "SHARED or SHARED/FREE"),
        (["--as", "ada", "--prefer", "friends=1@\u00b2"], "SHARED or SHARED/FREE"),
    ],
)
def test_the_command_refuses_a_friends_preference_it_cannot_use(ada, args, message):
    with pytest.raises(CommandError, match=message):
        command(*args)


def test_the_command_refuses_a_schedule_the_student_may_not_read(ada, bob, bob_api):
    # given: ada and bob are friends, but bob shares nothing
    Friendship.objects.create(from_user=ada, to_user=bob, status=Friendship.Status.ACCEPTED)
    private = save(bob_api, sections=BOBS).json()["id"]
    # when / then: ada may not use it, bob may use his own
    with pytest.raises(CommandError, match="preferences.friends.schedules"):
        command("--as", "ada", "--prefer", f"friends={private}@50")
    assert command_best("--as", "bob", "--prefer", f"friends={private}@50") == set(BOBS)


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_friends_preference_with_its_weights_at_0_still_has_its_schedule_ids_checked(ada_api, signed_in):
    # given
    api = ada_api if signed_in else APIClient()
    # when: both weights 0, and an id that names nothing
    response = api.post(
        "/api/v1/generations/",
        {**REQUEST, "preferences": {"friends": {"schedules": [999999], "shared_weight": 0}}},
        format="json",
    )
    # then: refused as with a weight
    assert response.status_code == 400
    problems = response.json()["error"]["fields"]["preferences.friends.schedules"]
    assert ("no schedule 999999" if signed_in else "sign in") in " ".join(problems)


def test_a_friends_preference_with_its_weights_at_0_and_a_readable_schedule_is_off(ada_api, bobs_shared_schedule):
    # when
    response = ada_api.post(
        "/api/v1/generations/",
        {**REQUEST, "preferences": {"friends": {"schedules": [bobs_shared_schedule], "shared_weight": 0}}},
        format="json",
    )
    # then: accepted, and nothing of it is stored
    assert response.status_code == 202, response.json()
    assert response.json()["request"]["preferences"] == {}
