"""Saved schedules over the REST API: save, list, read, edit, duplicate, delete, compare; owner
scoping; bad input answered 400 naming the field with nothing half-saved."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from catalog.models import Institution, Term
from scheduler.models import SavedSchedule, SavedScheduleSection
from tests.conftest import yaml_read
from tests.scheduler.saved.conftest import SECTIONS, move_section, save, section_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def row_counts() -> tuple[int, int]:
    return SavedSchedule.objects.count(), SavedScheduleSection.objects.count()


def test_a_saved_schedule_is_answered_201_with_its_sections_in_the_generation_results_shape(ada_api):
    # when
    response = save(ada_api, notes="ask about labs")
    # then
    body = response.json()
    assert response.status_code == 201
    assert response["Location"] == body["url"]
    assert body["url"].endswith(f"/api/v1/schedules/{body['id']}/")
    assert body["name"] == "Mornings free" and body["notes"] == "ask about labs"
    assert body["term"] == {"code": "2026-fall", "name": "Fall 2026", "institution": "demo"}
    assert sorted(s["id"] for s in body["sections"]) == sorted(SECTIONS)
    lecture = next(s for s in body["sections"] if s["id"] == "40001")
    assert lecture["course"] == "CS 1110" and lecture["component"] == "LEC"
    assert lecture["meetings"][0] == {
        "days": ["Mo", "We", "Fr"],
        "start": "09:00",
        "end": "09:50",
        "first_date": "2026-08-24",
        "last_date": "2026-12-11",
        "location": "Rice Hall 130",
        "kind": "weekly",
    }
    assert body["tba"] == [] and body["changes"] == [] and body["has_changes"] is False
    assert body["credits"] == {"min": 10.0, "max": 10.0, "unknown": []}, "CS 1110, CHEM 1410, MATH 1310"
    assert body["share_url"] is None and body["subscription_url"] is None
    assert body["ics_url"].endswith(f"/api/v1/schedules/{body['id']}/calendar.ics")


def test_a_section_with_no_set_time_is_listed_as_tba(ada_api):
    body = save(ada_api, sections=["40001", "40047"]).json()

    assert [s["id"] for s in body["sections"]] == ["40001"]
    assert [s["id"] for s in body["tba"]] == ["40047"]
    assert body["credits"] == {"min": 6.0, "max": 6.0, "unknown": []}, "a TBA section's course counts too"


def test_an_owner_or_token_in_the_body_is_refused_by_name(ada_api, bob_api, ada, bob):
    # when
    response = save(ada_api, owner=bob.pk, owner_id=bob.pk, share_token="guessable")
    # then: nothing saved, each planted key named
    assert response.status_code == 400
    assert sorted(response.json()["error"]["fields"]) == ["owner", "owner_id", "share_token"]
    assert SavedSchedule.objects.count() == 0
    # and without them the schedule is the caller's
    assert save(ada_api).status_code == 201
    schedule = SavedSchedule.objects.get()
    assert schedule.owner == ada and schedule.share_token is None
    assert bob_api.get("/api/v1/schedules/").json()["count"] == 0


def test_a_misspelt_field_in_an_update_is_refused_not_ignored(ada_api):
    # given
    url = save(ada_api, notes="old").json()["url"]
    # when: "note" for "notes"
    response = ada_api.patch(url, {"note": "bring a calculator"}, format="json")
    # then
    assert response.status_code == 400
    assert "note" in response.json()["error"]["fields"]
    assert ada_api.get(url).json()["notes"] == "old"


@pytest.mark.parametrize(
    "query",
    [
        "schedules/?institution=nope",
        "schedules/?institution=",
        "schedules/?term=2026-fall&institution=nope",
        "friends/schedules/?term=2026-fall&institution=",
        "friends/schedules/?term=2026-fall&institution=nope",
    ],
)
def test_a_blank_or_unknown_institution_filter_is_a_400_not_an_unfiltered_or_empty_list(ada_api, query):
    # given
    save(ada_api)
    # when
    response = ada_api.get("/api/v1/" + query)
    # then
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["institution"]
    assert ada_api.get("/api/v1/schedules/?institution=demo").json()["count"] == 1


def test_a_schedule_saved_between_two_page_reads_repeats_an_item_as_the_docs_say(ada_api):
    # given: three schedules, read a page of two
    for name in ("one", "two", "three"):
        save(ada_api, name=name)
    first = ada_api.get("/api/v1/schedules/?page_size=2").json()
    # when: another is saved before page 2 is read
    save(ada_api, name="four")
    second = ada_api.get("/api/v1/schedules/?page_size=2&page=2").json()
    # then: pages are numbered, not cursors (docs/api.md, Pagination): the count tells the change
    assert [s["name"] for s in first["results"]] == ["three", "two"]
    assert [s["name"] for s in second["results"]] == ["two", "one"]
    assert (first["count"], second["count"]) == (3, 4)


def test_a_misspelt_field_in_a_form_body_update_is_refused_too(ada_api):
    # given
    url = save(ada_api, notes="old").json()["url"]
    # when: "note" for "notes", form-encoded
    response = ada_api.patch(url, "note=hello", content_type="application/x-www-form-urlencoded")
    # then
    assert response.status_code == 400
    assert "note" in response.json()["error"]["fields"]
    assert ada_api.get(url).json()["notes"] == "old"


def test_a_number_where_the_schema_says_text_is_refused_not_converted(ada_api):
    # given
    url = save(ada_api, notes="old").json()["url"]
    # when
    created = save(ada_api, name=2026, sections=[40001])
    updated = ada_api.patch(url, {"notes": 7}, format="json")
    # then: nothing saved or changed, each field named
    assert created.status_code == 400 and set(created.json()["error"]["fields"]) == {"name", "sections.0"}
    assert updated.status_code == 400 and "notes" in updated.json()["error"]["fields"]
    assert ada_api.get(url).json()["notes"] == "old" and SavedSchedule.objects.count() == 1


def test_anonymous_requests_are_refused_401():
    api = APIClient()

    assert api.get("/api/v1/schedules/").status_code == 401
    assert save(api).status_code == 401
    assert SavedSchedule.objects.count() == 0


def test_another_students_schedule_answers_404_to_every_action(ada_api, bob_api):
    # given
    schedule_id = save(ada_api).json()["id"]
    base = f"/api/v1/schedules/{schedule_id}/"
    # when
    answers = [
        bob_api.get(base).status_code,
        bob_api.patch(base, {"name": "mine now"}, format="json").status_code,
        bob_api.delete(base).status_code,
        bob_api.post(base + "duplicate/").status_code,
        bob_api.post(base + "share/").status_code,
        bob_api.delete(base + "share/").status_code,
        bob_api.post(base + "subscription/").status_code,
        bob_api.get(base + "calendar.ics").status_code,
        bob_api.post(base + "acknowledge/").status_code,
        bob_api.post(base + "replan/").status_code,
        bob_api.get(f"/api/v1/schedules/compare/?a={schedule_id}&b={schedule_id}").status_code,
    ]
    # then
    assert answers == [404] * len(answers)
    schedule = SavedSchedule.objects.get(pk=schedule_id)
    assert schedule.name == "Mornings free" and schedule.share_token is None and schedule.calendar_token is None
    assert bob_api.get("/api/v1/schedules/").json()["count"] == 0


def test_the_list_holds_only_ones_own_schedules_newest_first_and_filters_by_term(ada_api, bob_api):
    # given
    save(ada_api, name="first")
    save(ada_api, name="second")
    save(bob_api, name="bob's")
    Term.objects.create(institution=Institution.objects.get(code="demo"), code="2027-spring", name="Spring 2027")
    # when
    mine = ada_api.get("/api/v1/schedules/").json()
    this_term = ada_api.get("/api/v1/schedules/?term=2026-fall&institution=demo").json()
    other_term = ada_api.get("/api/v1/schedules/?term=2027-spring").json()
    # then
    assert [s["name"] for s in mine["results"]] == ["second", "first"]
    assert mine["count"] == 2
    assert [s["name"] for s in this_term["results"]] == ["second", "first"]
    assert other_term["count"] == 0


@pytest.mark.parametrize("path", ["/api/v1/schedules/", "/api/v1/friends/schedules/"])
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("term=", "give the term code, e.g. term=2026-fall"),
        ("term=%20", "give the term code, e.g. term=2026-fall"),
        ("term=nope", "no term 'nope'"),
    ],
)
def test_a_blank_or_unknown_term_filter_is_a_400_on_term_on_every_endpoint(ada_api, path, query, message):
    # when
    response = ada_api.get(f"{path}?{query}")
    # then
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"term": [message]}


def test_listing_takes_the_same_number_of_queries_for_two_or_twenty_schedules(ada_api):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert ada_api.get("/api/v1/schedules/").status_code == 200
        return len(captured)

    # given
    for _ in range(2):
        save(ada_api)
    few = queries()
    # when
    for _ in range(18):
        save(ada_api)
    # then
    assert queries() == few


def test_rename_renote_and_hand_edit_swap_a_section_for_an_alternative(ada_api):
    # given
    url = save(ada_api).json()["url"]
    # when: lecture 001 swapped for 003 of the same component
    response = ada_api.patch(
        url,
        {"name": "  Afternoons  ", "notes": "new", "sections": ["40003", "40005", "40010", "40012", "40024"]},
        format="json",
    )
    # then
    body = response.json()
    assert response.status_code == 200
    assert body["name"] == "Afternoons" and body["notes"] == "new"
    assert "40003" in {s["id"] for s in body["sections"]} and "40001" not in {s["id"] for s in body["sections"]}
    assert ada_api.get(url).json()["name"] == "Afternoons"


def test_a_term_hidden_since_takes_no_hand_edit_of_sections_and_offers_no_swaps(ada, ada_api, client, reimport):
    # given: saved, then the registrar hides the term and imports a section students must not see yet
    url = save(ada_api).json()["url"]
    Term.objects.filter(code="2026-fall").update(status=Term.Status.HIDDEN)

    def add_unannounced_lecture(data):
        lecture = section_of(data, "40003")
        lecture_component = next(c for c in data["courses"][0]["components"] if lecture in c["sections"])
        lecture_component["sections"].append({**lecture, "id": "49999", "code": "099", "instructors": ["Unannounced"]})

    reimport(add_unannounced_lecture)
    client.force_login(ada)
    # when
    edited = ada_api.patch(url, {"sections": ["49999", "40005", "40010", "40012", "40024"]}, format="json")
    renamed = ada_api.patch(url, {"name": "Still mine"}, format="json")
    page = client.get(f"/schedules/{url.rstrip('/').rsplit('/', 1)[-1]}/").content.decode()
    # then: no section of the hidden catalog is looked up, shown or offered; the rest stays the owner's
    assert edited.status_code == 400
    assert "Unannounced" not in edited.content.decode() and "49999" not in edited.content.decode()
    assert "is hidden by the registrar until it is published again" in edited.json()["error"]["fields"]["sections"][0]
    assert renamed.status_code == 200 and {s["id"] for s in renamed.json()["sections"]} == set(SECTIONS)
    assert "49999" not in page and "Unannounced" not in page


def test_a_patch_of_only_the_name_keeps_the_sections(ada_api):
    url = save(ada_api).json()["url"]

    body = ada_api.patch(url, {"name": "renamed"}, format="json").json()

    assert sorted(s["id"] for s in body["sections"]) == sorted(SECTIONS)


def test_duplicate_copies_sections_and_notes_under_a_new_name_and_is_not_shared(ada_api):
    # given
    original = save(ada_api, notes="n").json()
    ada_api.post(original["url"] + "share/")
    # when
    response = ada_api.post(original["url"] + "duplicate/", {}, format="json")
    named = ada_api.post(original["url"] + "duplicate/", {"name": "Plan B"}, format="json").json()
    # then
    copy = response.json()
    assert response.status_code == 201
    assert copy["id"] != original["id"]
    assert copy["name"] == "Copy of Mornings free" and copy["notes"] == "n"
    assert sorted(s["id"] for s in copy["sections"]) == sorted(SECTIONS)
    assert copy["share_url"] is None
    assert named["name"] == "Plan B"


def test_delete_moves_the_schedule_to_the_bin_and_touches_no_catalog_section(ada_api):
    # given
    from catalog.models import Section

    url = save(ada_api).json()["url"]
    sections = Section.objects.count()
    # when
    response = ada_api.delete(url)
    # then: out of sight, its rows kept in the bin (docs/schedules.md, "The bin")
    assert response.status_code == 204
    assert ada_api.get(url).status_code == 404
    assert row_counts() == (0, len(SECTIONS))
    assert SavedSchedule.all_objects.binned().count() == 1
    assert Section.objects.count() == sections


def test_compare_shows_two_schedules_and_what_they_share(ada_api):
    # given
    a = save(ada_api, name="A").json()["id"]
    b = save(ada_api, name="B", sections=["40003", "40005", "40023"]).json()["id"]
    # when
    body = ada_api.get(f"/api/v1/schedules/compare/?a={a}&b={b}").json()
    # then
    assert body["a"]["name"] == "A" and body["b"]["name"] == "B"
    assert body["common_sections"] == ["40005"]
    assert set(body["only_in_a"]) == {"40001", "40010", "40012", "40024"}
    assert set(body["only_in_b"]) == {"40003", "40023"}
    assert body["common_courses"] == ["CS 1110", "MATH 1310"]
    assert body["courses_only_in_a"] == ["CHEM 1410"]


def test_compare_without_ids_is_a_400_naming_the_parameter(ada_api):
    response = ada_api.get("/api/v1/schedules/compare/?a=1")

    assert response.status_code == 400
    assert "b" in response.json()["error"]["fields"]


def test_compare_names_every_bad_id_at_once_and_says_a_missing_one_is_required(ada_api):
    # when
    response = ada_api.get("/api/v1/schedules/compare/?a=x")
    # then
    assert response.json()["error"]["fields"] == {
        "a": ["'x' is not a saved schedule id"],
        "b": ["required: the id of one of your saved schedules"],
    }


@pytest.mark.parametrize("digit", ["\u00b2", "\u0663"])  # '²' and Arabic-Indic 3: str.isdigit, not int
def test_compare_with_an_id_of_digits_beyond_ascii_is_a_400_naming_it(ada_api, digit):
    # given
    schedule_id = save(ada_api).json()["id"]
    # when
    response = ada_api.get("/api/v1/schedules/compare/", {"a": digit, "b": schedule_id})
    # then: a field error, not a server error
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"a": [f"{digit!r} is not a saved schedule id"]}


BAD_CREATES = [
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "x" * 500}, "name"),
    ({"name": "x" * 121}, "name"),
    ({"sections": []}, "sections"),
    ({"sections": ["40001", "40002"]}, "sections"),  # two lectures of CS 1110
    ({"sections": ["40001", "99999"]}, "sections"),
    ({"term": "1999-fall"}, "term"),
    ({"generation": "00000000-0000-0000-0000-000000000000"}, "generation"),
    ({"generation": 5}, "generation"),  # not read as UUID ...0005
    ({"generation": True}, "generation"),
    ({"notes": "n" * 5001}, "notes"),
]


@pytest.mark.parametrize(("change", "field"), BAD_CREATES)
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_saved(ada_api, change, field):
    # when
    response = save(ada_api, **change)
    # then
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"], error
    assert row_counts() == (0, 0)


def test_a_section_of_another_term_is_refused(ada_api, reimport):
    # given: a second term whose sections have their own ids
    def other_term(data):
        data["term"]["code"] = "2027-spring"
        data["term"]["name"] = "Spring 2027"
        for course in data["courses"]:
            for component in course["components"]:
                for s in component["sections"]:
                    s["id"] = "9" + s["id"]

    reimport(other_term)
    # when
    response = save(ada_api, sections=["40001", "940005"])
    # then
    assert response.status_code == 400
    assert "940005" in response.json()["error"]["fields"]["sections"][0]
    assert row_counts() == (0, 0)


def test_a_withdrawn_section_is_refused(ada_api, reimport):
    from tests.scheduler.saved.conftest import drop_section

    reimport(lambda data: drop_section(data, "40005"))

    response = save(ada_api)

    assert response.status_code == 400
    assert "withdrawn" in response.json()["error"]["fields"]["sections"][0]
    assert row_counts() == (0, 0)


def test_a_cancelled_section_is_refused_and_never_offered_as_a_swap(ada_api, reimport):
    # given: a schedule holding lab 40005; then the registrar cancels lab 40006
    from scheduler import saved_schedules
    from scheduler.models import SavedSchedule

    kept = save(ada_api).json()["id"]
    reimport(lambda data: section_of(data, "40006").update(status="cancelled"))
    # when
    response = save(ada_api, sections=["40001", "40006"])
    offered = saved_schedules.section_alternatives(schedule=SavedSchedule.objects.get(pk=kept))
    # then
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["sections"] == [
        "section 40006 (CS 1110 LAB 103) was cancelled by the registrar"
    ]
    labs = [s.registrar_id for s in offered["40005"]]
    assert "40004" in labs and "40006" not in labs


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"withdrawn_at": "2026-08-01T00:00Z"}, "was withdrawn by the registrar"),
        ({"status": "cancelled"}, "was cancelled by the registrar"),
        ({"quarantine_reason": "no meeting days"}, "cannot be scheduled: no meeting days"),
    ],
    ids=["withdrawn", "cancelled", "quarantined"],
)
def test_a_section_no_schedule_can_take_is_refused_in_the_same_words_when_saved_and_when_pinned(ada_api, change, words):
    # given: the registrar withdrew, cancelled or (an import) quarantined CS 1110 lab 103
    from catalog.models import Section

    Section.objects.filter(registrar_id="40006").update(**change)
    # when
    saved = save(ada_api, sections=["40001", "40006"])
    pinned = ada_api.post(
        "/api/v1/generations/", {"term": "2026-fall", "courses": ["CS 1110"], "pinned": ["40006"]}, format="json"
    )
    # then
    expected = [f"section 40006 (CS 1110 LAB 103) {words}"]
    assert saved.status_code == pinned.status_code == 400
    assert saved.json()["error"]["fields"] == {"sections": expected}
    assert pinned.json()["error"]["fields"] == {"pinned": expected}
    assert row_counts() == (0, 0)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 500}, "name"),
        ({"sections": ["40001", "40002"]}, "sections"),
        ({"sections": []}, "sections"),
        ({"name": "fine", "sections": ["nope"]}, "sections"),
        ({"sections": ["40001", "40005", "40001"]}, "sections"),
    ],
)
def test_a_bad_edit_is_a_400_and_changes_nothing(ada_api, change, field):
    # given
    url = save(ada_api).json()["url"]
    before = ada_api.get(url).json()
    # when
    response = ada_api.patch(url, change, format="json")
    # then
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    after = ada_api.get(url).json()
    assert (after["name"], after["sections"], after["updated_at"]) == (
        before["name"],
        before["sections"],
        before["updated_at"],
    )
    assert row_counts() == (1, len(SECTIONS))


@pytest.mark.django_db(transaction=True)  # the job runs on commit, as in production
def test_a_schedule_may_name_the_generation_job_it_came_from(ada_api):
    # given
    job = ada_api.post(
        "/api/v1/generations/", {"term": "2026-fall", "courses": ["CS 1110"], "k": 1}, format="json"
    ).json()
    ids = [s["id"] for s in job["results"][0]["sections"]]
    # when
    response = save(ada_api, sections=ids, generation=job["id"])
    # then
    assert response.status_code == 201
    assert str(SavedSchedule.objects.get().generation_id) == job["id"]


def test_a_job_generated_before_signing_in_may_be_named(ada_api):
    # given: the planner's flow: generate signed out, sign in from the results, save one
    job = APIClient().post("/api/v1/generations/", {"term": "2026-fall", "courses": ["CS 1110"]}, format="json").json()
    # when
    response = save(ada_api, sections=["40001", "40005"], generation=job["id"])
    # then: saved (it was a 400, "no generation job ... of yours")
    assert response.status_code == 201, response.json()
    assert str(SavedSchedule.objects.get().generation_id) == job["id"]


def test_another_students_generation_job_cannot_be_named(ada_api, bob_api):
    job = bob_api.post(
        "/api/v1/generations/", {"term": "2026-fall", "courses": ["CS 1110"], "k": 1}, format="json"
    ).json()

    response = save(ada_api, generation=job["id"])

    assert response.status_code == 400
    assert "generation" in response.json()["error"]["fields"]


def test_an_edit_may_keep_a_section_withdrawn_since_but_not_add_one(ada_api, reimport):
    # given: the schedule holds lab 40005, which the registrar then withdraws with lab 40006
    from tests.scheduler.saved.conftest import drop_section

    url = save(ada_api).json()["url"]

    def edit(data):
        drop_section(data, "40005")
        drop_section(data, "40006")

    reimport(edit)
    # when
    kept = ada_api.patch(url, {"sections": ["40003", "40005", "40010", "40012", "40024"]}, format="json")
    added = ada_api.patch(url, {"sections": ["40003", "40006", "40010", "40012", "40024"]}, format="json")
    # then
    assert kept.status_code == 200
    assert added.status_code == 400
    assert added.json()["error"]["fields"]["sections"] == [
        "section 40006 (CS 1110 LAB 103) was withdrawn by the registrar"
    ]


def test_an_edit_after_the_registrar_moved_a_saved_section_to_another_component_is_saved(ada_api, reimport):
    # given: lab 40005 is saved, then the registrar lists it as CS 1110's discussion instead
    url = save(ada_api).json()["url"]
    reimport(lambda data: move_section(data, "40005", "DIS", "Discussion"))
    # when: a lab is added beside it, as the catalog now allows
    response = ada_api.patch(url, {"sections": [*SECTIONS, "40004"]}, format="json")
    # then: saved (the row still held the lab component: a 500 on the one-per-component constraint)
    assert response.status_code == 200, response.content
    components = {s["id"]: s["component"] for s in response.json()["sections"]}
    assert components["40004"] == "LAB" and components["40005"] == "DIS"


def test_a_schedule_of_too_many_sections_is_refused_before_they_are_read(ada_api):
    # when: 40,000 bad ids (each would get its own error, after all were read)
    response = save(ada_api, sections=[1] * 40_000)
    # then
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"sections": ["Ensure this field has no more than 60 elements."]}
    assert len(response.content) < 1_000


def test_a_section_taken_with_a_quarantined_section_cannot_be_saved(ada_api):
    # given: CHEM 1410 lecture 100 quarantined; discussion 101 goes only with it
    from catalog.models import Section

    Section.objects.filter(registrar_id="40010").update(quarantine_reason="no room given")
    # when
    response = save(ada_api, name="chemistry", sections=["40012"])
    # then
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["sections"] == [
        "section 40012 (CHEM 1410 DIS 101) is taken with LEC 100, which cannot be scheduled: no room given"
    ]


def spring_with_art_at_40001(data):
    """Spring 2027, where the registrar reuses CS 1110's ids for ART 1000."""
    data["term"]["code"] = "2027-spring"
    data["term"]["name"] = "Spring 2027"
    course = next(c for c in data["courses"] if (c["subject"], c["number"]) == ("CS", "1110"))
    course.update(subject="ART", number="1000", title="Drawing")


def test_compare_shares_no_section_between_two_terms_that_reuse_a_registrar_id(ada_api, ada_client, reimport):
    # given: 40001 is CS 1110 lecture 001 in Fall 2026 and ART 1000 lecture 001 in Spring 2027
    reimport(spring_with_art_at_40001)
    fall = save(ada_api, name="Fall plan", sections=["40001"]).json()["id"]
    spring = save(ada_api, term="2027-spring", name="Spring plan", sections=["40001"]).json()["id"]
    # when
    body = ada_api.get(f"/api/v1/schedules/compare/?a={fall}&b={spring}").json()
    page = ada_client.get(f"/schedules/compare/?a={fall}&b={spring}").content.decode()
    # then: two sections, each only in its own schedule, named as each schedule holds it
    assert (body["common_sections"], body["only_in_a"], body["only_in_b"]) == ([], ["40001"], ["40001"])
    assert (body["common_courses"], body["courses_only_in_a"], body["courses_only_in_b"]) == (
        [],
        ["CS 1110"],
        ["ART 1000"],
    )
    assert (
        "Both: none · only in “Fall plan”: CS 1110 Lecture 001 · only in “Spring plan”: ART 1000 Lecture 001</p>"
        in page
    )


def test_a_patch_that_changes_nothing_writes_nothing(ada_api):
    # given: A renamed, then B edited after it, and a read of A's ETag
    a = save(ada_api, name="A").json()
    b = save(ada_api, name="B", sections=["40003"]).json()
    ada_api.patch(a["url"], {"name": "A2"}, format="json")
    ada_api.patch(b["url"], {"notes": "touch"}, format="json")
    read = ada_api.get(a["url"])
    # when: the same rename again, an empty PATCH, and the same sections in another order
    again = ada_api.patch(a["url"], {"name": "A2", "email_changes": True}, format="json")
    empty = ada_api.patch(a["url"], {}, format="json")
    same = ada_api.patch(a["url"], {"sections": list(reversed(SECTIONS))}, format="json")
    # then: the schedule is as read, its ETag holds, and B stays at the top of the list
    for response in (again, empty, same):
        assert response.status_code == 200, response.json()
        assert response["ETag"] == read["ETag"]
        assert response.json()["updated_at"] == read.json()["updated_at"]
    assert ada_api.get("/api/v1/schedules/").json()["results"][0]["name"] == "B"
    assert ada_api.delete(a["url"], HTTP_IF_MATCH=read["ETag"]).status_code == 204


def test_a_patch_changing_one_of_the_fields_it_gives_is_an_edit(ada_api):
    # given
    url = save(ada_api, name="A").json()["url"]
    read = ada_api.get(url)
    # when: the same name, other notes
    response = ada_api.patch(url, {"name": "A", "notes": "new"}, format="json")
    # then
    assert response.json()["notes"] == "new"
    assert response["ETag"] != read["ETag"] and response.json()["updated_at"] > read.json()["updated_at"]


FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize("body", ["name=", "name=+"])
def test_a_blank_name_for_a_copy_is_refused_in_a_form_body_as_in_json(ada_api, body):
    # given
    url = save(ada_api, name="Orig").json()["url"]
    # when
    as_json = ada_api.post(url + "duplicate/", {"name": ""}, format="json")
    as_form = ada_api.post(url + "duplicate/", body, content_type=FORM)
    # then: both refused on `name`, and no copy made
    assert as_json.status_code == as_form.status_code == 400
    assert as_form.json()["error"]["fields"]["name"] == as_json.json()["error"]["fields"]["name"]
    assert ada_api.get("/api/v1/schedules/").json()["count"] == 1


@pytest.mark.parametrize("name", ["\u200b", "\u2060\u200b ", "\ufeff"])
def test_a_name_of_invisible_characters_alone_is_refused_as_a_blank_one(ada_api, name):
    # given
    url = save(ada_api, name="Orig").json()["url"]
    # when
    renamed = ada_api.patch(url, {"name": name}, format="json")
    saved = save(ada_api, name=name)
    # then
    assert renamed.status_code == saved.status_code == 400
    assert renamed.json()["error"]["fields"]["name"] == ["give the schedule a name"]
    assert ada_api.get(url).json()["name"] == "Orig"


def test_a_blank_name_in_a_form_patch_is_refused_as_in_json(ada_api):
    # given
    url = save(ada_api, name="Orig").json()["url"]
    # when
    response = ada_api.patch(url, "name=", content_type=FORM)
    # then
    assert response.status_code == 400 and "name" in response.json()["error"]["fields"]
    assert ada_api.get(url).json()["name"] == "Orig"


def test_an_empty_flag_in_a_form_patch_is_refused_as_in_json(ada_api):
    # given
    url = save(ada_api).json()["url"]
    # when
    as_json = ada_api.patch(url, {"email_changes": ""}, format="json")
    as_form = ada_api.patch(url, "email_changes=", content_type=FORM)
    # then: both refused on the flag, which keeps its value
    assert as_json.status_code == as_form.status_code == 400
    assert as_form.json()["error"]["fields"]["email_changes"] == as_json.json()["error"]["fields"]["email_changes"]
    assert ada_api.get(url).json()["email_changes"] is True


def test_an_empty_changes_digest_in_a_form_acknowledges_nothing(ada_api, reimport):
    # given
    url = save(ada_api).json()["url"]
    reimport(lambda data: section_of(data, "40005")["meetings"][0].update(location="Rice Hall 012"))
    # when: the digest sent empty, as a form (in JSON, `""` is a 400)
    response = ada_api.post(url + "acknowledge/", "changes_digest=", content_type=FORM)
    # then: refused, not read as left out (which acknowledges whatever is listed)
    assert response.status_code == 400 and "changes_digest" in response.json()["error"]["fields"]
    assert len(ada_api.get(url).json()["changes"]) == 1


@pytest.mark.parametrize("changed", [True, False])
def test_a_changes_digest_no_schedule_gives_is_refused_on_that_field(ada_api, reimport, changed):
    # given: a schedule the registrar changed, or one with nothing to acknowledge
    url = save(ada_api).json()["url"]
    if changed:
        reimport(lambda data: section_of(data, "40005")["meetings"][0].update(location="Rice Hall 012"))
    # when
    response = ada_api.post(url + "acknowledge/", {"changes_digest": "bogus"}, format="json")
    # then: the client's mistake said as one, not as a change made since, and nothing acknowledged
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "changes_digest": ["not a changes_digest a schedule gives: 32 hexadecimal digits, as read"]
    }
    assert len(ada_api.get(url).json()["changes"]) == int(changed)


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("bell\x07 \x01\x1b[31mred", "control character U+0007 at character 5"),
        ("Plan\tB", "control character U+0009 at character 5"),
        ("Plan\nB", "control character U+000A at character 5"),
        ("Plan\x85B", "control character U+0085 at character 5"),
        ("Plan\u2028B\u2029C", "line separator U+2028 at character 5"),
        ("Plan B\u2029C", "paragraph separator U+2029 at character 7"),
    ],
)
def test_a_name_holding_a_control_character_or_a_line_separator_is_refused_naming_it(ada_api, name, said):
    # given
    url = save(ada_api, name="Orig").json()["url"]
    # when
    saved = save(ada_api, name=name)
    renamed = ada_api.patch(url, {"name": name}, format="json")
    copied = ada_api.post(url + "duplicate/", {"name": name}, format="json")
    # then: a name is one line of text (a calendar's NAME may hold no control character)
    message = f"a name is one line of text: remove the {said}"
    assert [r.status_code for r in (saved, renamed, copied)] == [400, 400, 400]
    assert all(r.json()["error"]["fields"]["name"] == [message] for r in (saved, renamed, copied))
    assert [s.name for s in SavedSchedule.objects.all()] == ["Orig"]


def test_names_saved_with_control_characters_before_lose_them_once(ada_api):
    # given: names the API took before control characters were refused, one in the bin
    import importlib

    from django.apps import apps
    from django.utils import timezone

    migration = importlib.import_module("scheduler.migrations.0013_names_without_control_characters")
    ids = [save(ada_api, name=f"Plan {n}").json()["id"] for n in range(4)]
    names = ["bell\x07 \x01\x1b[31mred", "Plan\tB\r\n", "\t\x07", "Café plan"]
    for pk, name in zip(ids, names, strict=True):
        SavedSchedule.all_objects.filter(pk=pk).update(name=name)
    SavedSchedule.all_objects.filter(pk=ids[1]).update(deleted_at=timezone.now())
    # when
    migration.names_without_control_characters(apps, None)
    # then: each run of them is one space; a name of nothing else is named; the others are kept
    kept = dict(SavedSchedule.all_objects.values_list("pk", "name"))
    assert [kept[pk] for pk in ids] == ["bell [31mred", "Plan B", "Untitled schedule", "Café plan"]


def test_names_saved_with_line_or_paragraph_separators_before_lose_them_once(ada_api):
    # given: names the API took before U+2028 and U+2029 were refused
    import importlib

    from django.apps import apps

    migration = importlib.import_module("scheduler.migrations.0014_names_without_line_separators")
    ids = [save(ada_api, name=f"Plan {n}").json()["id"] for n in range(3)]
    for pk, name in zip(ids, ["Plan\u2028B \u2029 C", "\u2029", "Café plan"], strict=True):
        SavedSchedule.all_objects.filter(pk=pk).update(name=name)
    # when
    migration.names_without_line_separators(apps, None)
    # then: each run of them is one space; a name of nothing else is named; the others are kept
    kept = dict(SavedSchedule.all_objects.values_list("pk", "name"))
    assert [kept[pk] for pk in ids] == ["Plan B C", "Untitled schedule", "Café plan"]


def test_after_the_upgrade_that_took_the_line_separators_out_no_cached_list_or_etag_serves_an_old_name(
    ada_api, monkeypatch
):
    # given: the list read, cached and tagged by the release before (representation 2), then the
    # migration renames without moving the schedule's updated_at
    import classtime_site.api

    monkeypatch.setattr(classtime_site.api, "REPRESENTATION_VERSION", "2")
    schedule_id = save(ada_api, name="Plan").json()["id"]
    SavedSchedule.objects.filter(pk=schedule_id).update(name="Plan\u2028B")
    before = ada_api.get("/api/v1/schedules/")
    SavedSchedule.objects.filter(pk=schedule_id).update(name="Plan B")
    monkeypatch.undo()
    # when: this release answers
    revalidated = ada_api.get("/api/v1/schedules/", HTTP_IF_NONE_MATCH=before["ETag"])
    # then: the new name, never the cached copy or a 304 for the old one
    assert revalidated.status_code == 200 and revalidated.json()["results"][0]["name"] == "Plan B"


def test_after_the_upgrade_that_cleaned_the_names_no_cached_list_or_etag_serves_an_old_one(ada_api, monkeypatch):
    # given: the list read, cached and tagged by the release before (representation 1), then the
    # migration renames without moving the schedule's updated_at
    import classtime_site.api

    monkeypatch.setattr(classtime_site.api, "REPRESENTATION_VERSION", "1")
    schedule_id = save(ada_api, name="Plan").json()["id"]
    SavedSchedule.objects.filter(pk=schedule_id).update(name="Plan\tB")
    before = ada_api.get("/api/v1/schedules/")
    SavedSchedule.objects.filter(pk=schedule_id).update(name="Plan B")
    monkeypatch.undo()
    # when: this release answers
    revalidated = ada_api.get("/api/v1/schedules/", HTTP_IF_NONE_MATCH=before["ETag"])
    plain = ada_api.get("/api/v1/schedules/")
    # then: the new name, never the cached copy or a 304 for the old one
    assert before.json()["results"][0]["name"] == "Plan\tB"
    assert revalidated.status_code == 200 and revalidated.json()["results"][0]["name"] == "Plan B"
    assert plain.json()["results"][0]["name"] == "Plan B"


def test_a_section_listed_twice_is_refused_naming_it_and_the_schema_says_each_once(ada_api):
    # when
    response = save(ada_api, sections=["40001", "40005", "40001", "40005", "40010"])
    schema = yaml_read(ada_api.get("/api/v1/schema/").content)
    # then
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["sections"] == [
        "40001, 40005 listed more than once; list each section once"
    ]
    body = schema["components"]["schemas"]["SavedScheduleCreateInRequest"]["properties"]["sections"]
    assert body["uniqueItems"] is True and not SavedSchedule.objects.exists()


def test_notes_sent_to_the_api_are_kept_as_given_and_counted_as_the_page_counts_them(ada_api):
    # given: notes as a browser's textarea sends them (each line break CRLF: 5,100 characters, 3,400
    # as stored), and notes indented, with blank lines at the end
    url = save(ada_api).json()["url"]
    indented = "    indented list:\n  - one\n  - two\n\n"
    # when
    long = ada_api.patch(url, {"notes": "a\r\n" * 1700}, format="json")
    as_given = ada_api.patch(url, {"notes": indented}, format="json")
    created = save(ada_api, name="Other", notes=indented)
    # then: accepted, line breaks stored as LF, spaces and blank lines kept
    assert long.status_code == 200 and long.json()["notes"] == "a\n" * 1700
    assert as_given.status_code == 200 and as_given.json()["notes"] == indented
    assert created.status_code == 201 and created.json()["notes"] == indented
    assert ada_api.get(url).json()["notes"] == indented
