"""A component the registrar adds to a course a saved schedule holds (a discussion now required):
the schedule says it holds no section of it, on the API and the page, and re-plan fills it in."""

import json
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Section, Term
from scheduler import change_notices
from scheduler.models import SavedSchedule
from scheduler.saved_schedules import changes_digest
from tests.scheduler.saved.conftest import demo_data, move_section, save, section_of

pytestmark = pytest.mark.django_db

DISCUSSION = {
    "kind": "DIS",
    "name": "Discussion",
    "sections": [
        {
            "id": "40099",
            "code": "101",
            "status": "open",
            "capacity": 20,
            "enrolled": 0,
            "waitlist": 0,
            "instructors": [],
            "campus": "Main",
            "modality": "in_person",
            "notes": "",
            "parent": None,
            "meetings": [
                {
                    "days": ["Th"],
                    "start": "19:00",
                    "end": "19:50",
                    "first_date": "2026-08-24",
                    "last_date": "2026-12-11",
                    "location": "Old Cabell Hall 107",
                    "kind": "weekly",
                }
            ],
        }
    ],
}


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def with_a_discussion(data: dict) -> None:
    next(c for c in data["courses"] if c["subject"] == "MUSI")["components"].append(DISCUSSION)


def test_a_component_added_to_a_held_course_is_named_by_the_schedule_and_the_page(ada_api, ada_client, reimport):
    # given ada's schedule holding MUSI 1310's only section, then the registrar adds a discussion
    schedule = save(ada_api, sections=["40001", "40005", "40042"]).json()
    assert schedule["missing"] == []
    reimport(with_a_discussion)

    # when she reads it
    body = ada_api.get(schedule["url"]).json()
    page = ada_client.get(f"/schedules/{schedule['id']}/").content.decode()

    # then both name the component she holds no section of, and offer a re-plan
    assert body["missing"] == [{"course": "MUSI 1310", "component": "DIS", "name": "Discussion"}]
    assert "This schedule holds no section of MUSI 1310 Discussion." in page
    assert f"/schedules/{schedule['id']}/replan/" in page


def test_a_replan_fills_in_the_component_added(ada_api, reimport, django_capture_on_commit_callbacks):
    # given
    schedule = save(ada_api, sections=["40001", "40005", "40042"]).json()
    reimport(with_a_discussion)

    # when (the job runs on commit, as in production)
    with django_capture_on_commit_callbacks(execute=True):
        job = ada_api.post(schedule["url"] + "replan/").json()

    # then the best schedule holds the new discussion beside the sections kept
    best = {s["id"] for s in ada_api.get(job["url"]).json()["results"][0]["sections"]}
    assert {"40001", "40005", "40042", "40099"} <= best


@pytest.mark.parametrize("unavailable", ["cancelled", "withdrawn", "hidden term"])
def test_a_component_the_schedule_cannot_take_a_section_of_is_not_named(ada_api, reimport, unavailable):
    # given the discussion added, then made unavailable to students
    schedule = save(ada_api, sections=["40042"]).json()
    reimport(with_a_discussion)
    if unavailable == "cancelled":
        Section.objects.filter(registrar_id="40099").update(status=Section.Status.CANCELLED)
    elif unavailable == "withdrawn":
        Section.objects.filter(registrar_id="40099").update(withdrawn_at="2026-09-01T00:00Z")
    else:
        Term.objects.update(status=Term.Status.HIDDEN)

    # when
    body = ada_api.get(schedule["url"]).json()

    # then nothing is named
    assert body["missing"] == []


def test_the_schedule_list_reads_the_missing_components_in_as_many_queries_for_many_schedules(ada_api, reimport):
    # given one schedule, then five
    reimport(with_a_discussion)
    save(ada_api, sections=["40042"])
    with CaptureQueriesContext(connection) as one:
        ada_api.get("/api/v1/schedules/")
    for _ in range(4):
        save(ada_api, sections=["40042"])

    # when the list is read again
    with CaptureQueriesContext(connection) as five:
        listed = ada_api.get("/api/v1/schedules/").json()["results"]

    # then each names the discussion, in as many queries
    assert [s["missing"] for s in listed] == [[{"course": "MUSI 1310", "component": "DIS", "name": "Discussion"}]] * 5
    assert len(five) == len(one)


def test_a_schedule_with_changes_and_a_missing_component_offers_one_re_plan(ada_api, ada_client, reimport):
    # given the discussion added and a held section's room changed by the same import
    from tests.scheduler.saved.conftest import section_of

    schedule = save(ada_api, sections=["40001", "40005", "40042"]).json()

    def discussion_and_room(data: dict) -> None:
        with_a_discussion(data)
        section_of(data, "40001")["meetings"][0]["location"] = "Rice Hall 999"

    reimport(discussion_and_room)
    # when
    page = ada_client.get(f"/schedules/{schedule['id']}/").content.decode()
    # then both are said, with one re-plan button, which does both
    assert "The registrar changed 1 thing" in page and "This schedule holds no section of MUSI 1310 Discussion." in page
    assert page.count(f"/schedules/{schedule['id']}/replan/") == 1 and "one re-plan does both" in page


def test_the_owner_is_emailed_once_of_a_component_added_to_a_held_course(ada_api, reimport, mailoutbox, settings):
    # given ada's schedule holding MUSI 1310's only section, and her address
    settings.CLASSTIME_SITE_URL = "https://classtime.example.edu/"
    User.objects.filter(username="ada").update(email="ada@example.edu")
    schedule = save(ada_api, sections=["40001", "40005", "40042"]).json()

    # when the registrar adds a discussion to MUSI 1310, and the change emails run twice
    reimport(with_a_discussion)
    sent = [change_notices.saved_schedules_notify_changes() for _ in range(2)]

    # then one email names the component she holds no section of, the re-plan and the page
    assert sent == [1, 0]
    body = mailoutbox[0].body
    assert "The registrar added to a course of your saved schedule “Mornings free” (Fall 2026) a part it holds" in body
    assert "- MUSI 1310 Discussion\nRe-plan on the schedule's page to add one;" in body
    assert f"https://classtime.example.edu/schedules/{schedule['id']}/" in body


def test_a_change_and_a_component_added_go_in_one_email(ada_api, reimport, mailoutbox):
    # given
    User.objects.filter(username="ada").update(email="ada@example.edu")
    save(ada_api, sections=["40001", "40005", "40042"])

    # when one import moves the lab's room and adds a discussion to MUSI 1310
    def both(data: dict) -> None:
        with_a_discussion(data)
        section_of(data, "40005")["meetings"][0]["location"] = "Rice Hall 012"

    reimport(both)
    sent = change_notices.saved_schedules_notify_changes()

    # then one email tells both, the component after the change
    assert sent == 1
    body = mailoutbox[0].body
    assert (
        body.index("→ Rice Hall 012")
        < body.index("The registrar also added to one of its courses a part it holds no section of:")
        < body.index("- MUSI 1310 Discussion")
    )


def test_a_schedule_with_every_component_is_emailed_only_its_changes_as_before(ada_api, reimport, mailoutbox):
    # given a schedule emailed of a change; the fingerprint of changes alone is what it was before
    User.objects.filter(username="ada").update(email="ada@example.edu")
    schedule = save(ada_api, sections=["40001", "40005", "40042"]).json()
    reimport(lambda data: section_of(data, "40005")["meetings"][0].update(location="Rice Hall 012"))

    # when
    change_notices.saved_schedules_notify_changes()

    # then
    row = SavedSchedule.objects.get(pk=schedule["id"])
    assert row.notified_digest == changes_digest(row.notified_changes) and row.notified_changes
    assert "holds no section" not in mailoutbox[0].body


def test_a_schedule_saved_without_a_component_is_not_emailed_of_it_at_the_next_import(ada_api, reimport, mailoutbox):
    # given a schedule saved through the API without the discussion MUSI 1310 already had
    User.objects.filter(username="ada").update(email="ada@example.edu")
    reimport(with_a_discussion)
    schedule = save(ada_api, sections=["40001", "40005", "40042"]).json()
    assert schedule["missing"] == [{"course": "MUSI 1310", "component": "DIS", "name": "Discussion"}]

    # when an import changes a section it holds
    reimport(lambda data: (with_a_discussion(data), section_of(data, "40005")["meetings"][0].update(location="X 1")))
    change_notices.saved_schedules_notify_changes()

    # then the email tells the change, not the component she left out
    assert len(mailoutbox) == 1 and "→ X 1" in mailoutbox[0].body
    assert "holds no section" not in mailoutbox[0].body


def room_and_discussion(data: dict) -> None:
    """CS 1110's lecture 40001 in another room, and a discussion added to MUSI 1310."""
    with_a_discussion(data)
    section_of(data, "40001")["meetings"][0]["location"] = "Rice Hall 012"


def test_an_email_told_is_not_sent_again_when_a_swap_or_a_seat_count_changes_nothing_told(
    ada_api, reimport, mailoutbox
):
    # given one email telling a room change and a discussion added, then a swap of the CS lab
    User.objects.filter(username="ada").update(email="ada@example.edu")
    schedule = save(ada_api, sections=["40001", "40005", "40042"]).json()

    reimport(room_and_discussion)
    change_notices.saved_schedules_notify_changes()
    assert ada_api.patch(schedule["url"], {"sections": ["40001", "40006", "40042"]}, format="json").status_code == 200

    # when an import changes only a seat count
    reimport(lambda data: (room_and_discussion(data), section_of(data, "40002").update(enrolled=3)))
    sent = change_notices.saved_schedules_notify_changes()

    # then nothing new: no second email
    assert sent == 0 and len(mailoutbox) == 1


def test_a_component_added_is_told_though_the_student_swapped_a_section_before_the_emails_ran(
    ada_api, reimport, mailoutbox
):
    # given
    User.objects.filter(username="ada").update(email="ada@example.edu")
    schedule = save(ada_api, sections=["40001", "40005", "40042"]).json()
    reimport(with_a_discussion)

    # when the student swaps the CS lab before the change emails run
    assert ada_api.patch(schedule["url"], {"sections": ["40001", "40006", "40042"]}, format="json").status_code == 200
    sent = change_notices.saved_schedules_notify_changes()

    # then the discussion MUSI 1310 gained is still told
    assert sent == 1 and "- MUSI 1310 Discussion" in mailoutbox[0].body


def test_keeping_the_changes_does_not_make_a_told_component_told_again(ada_api, reimport, mailoutbox):
    # given an email of a room change and a discussion added, and the changes kept on the page
    User.objects.filter(username="ada").update(email="ada@example.edu")
    schedule = save(ada_api, sections=["40001", "40005", "40042"]).json()

    reimport(room_and_discussion)
    change_notices.saved_schedules_notify_changes()
    digest = ada_api.get(schedule["url"]).json()["changes_digest"]
    assert ada_api.post(schedule["url"] + "acknowledge/", {"changes_digest": digest}, format="json").status_code == 200

    # when an import changes a seat count
    reimport(lambda data: (room_and_discussion(data), section_of(data, "40002").update(enrolled=3)))
    sent = change_notices.saved_schedules_notify_changes()

    # then
    assert sent == 0 and len(mailoutbox) == 1


def test_a_component_told_is_not_told_again_after_the_term_was_hidden_and_published(ada_api, reimport, mailoutbox):
    # given an email of a discussion added; then, the term hidden, a change to a held section emailed
    User.objects.filter(username="ada").update(email="ada@example.edu")
    save(ada_api, sections=["40001", "40005", "40042"])
    reimport(with_a_discussion)
    change_notices.saved_schedules_notify_changes()
    Term.objects.update(status=Term.Status.HIDDEN)
    moved = lambda data: (with_a_discussion(data), section_of(data, "40001")["meetings"][0].update(location="X 1"))  # noqa: E731
    reimport(moved)
    change_notices.saved_schedules_notify_changes()

    # when the term is published again and an import changes only another section's seats
    Term.objects.update(status=Term.Status.PUBLISHED)
    reimport(lambda data: (moved(data), section_of(data, "40002").update(enrolled=3)))
    sent = change_notices.saved_schedules_notify_changes()

    # then nothing new: no third email
    assert sent == 0 and len(mailoutbox) == 2


def test_the_import_report_names_a_component_added_and_the_saved_schedules_holding_its_course(
    ada_api, bob_api, tmp_path
):
    # given two schedules holding MUSI 1310, and a catalog adding it a discussion
    save(ada_api, sections=["40001", "40005", "40042"])
    save(bob_api, sections=["40042"])
    data = demo_data()
    with_a_discussion(data)
    path = tmp_path / "added.json"
    path.write_text(json.dumps(data))

    # when
    out = StringIO()
    call_command("import_catalog", str(path), "--format", "canonical", "--dry-run", stdout=out)

    # then
    text = out.getvalue()
    assert "Components added to courses the catalog had (1):\n    MUSI 1310 Discussion (DIS)" in text
    assert (
        "Saved schedules: 2 saved schedules of 2 students hold a course this import would add a component to "
        "(MUSI 1310 Discussion); applying it tells their owners they hold no section of it" in text
    )


def test_the_import_report_leaves_out_a_schedule_holding_a_section_moved_into_the_component_added(
    ada_api, bob_api, tmp_path
):
    # given: ada holds CHEM 1410 discussion 101, bob discussion 201; the registrar lists 101 under a new Seminar
    save(ada_api, sections=["40010", "40012"])
    save(bob_api, sections=["40011", "40015"])
    data = demo_data()
    move_section(data, "40012", "SEM", "Seminar")
    path = tmp_path / "moved.json"
    path.write_text(json.dumps(data))
    # when
    out = StringIO()
    call_command("import_catalog", str(path), "--format", "canonical", stdout=out)
    # then: bob holds no seminar; ada holds 101, now one
    assert (
        "Saved schedules: 1 saved schedule of 1 student holds a course this import added a component to "
        "(CHEM 1410 Seminar)" in out.getvalue()
    )
