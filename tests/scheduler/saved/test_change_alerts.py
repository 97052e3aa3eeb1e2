"""Change alerts: a re-import that changes a saved section (time, room, instructor, status,
withdrawn) marks the schedule with what changed; acknowledge takes a new snapshot; re-plan
pins every unchanged section; saved rows survive every re-import."""

import contextlib
import hashlib
import io
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Meeting, Section
from classtime_site.api import throttle_key
from scheduler import change_notices, saved_schedules
from scheduler.models import GenerationJob, SavedScheduleSection
from tests.conftest import yaml_read
from tests.scheduler.saved.conftest import SECTIONS, demo_data, drop_section, move_to_course, save, section_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def registrar_changes(data: dict) -> None:
    section_of(data, "40001")["meetings"][0].update(start="09:30", end="10:20")
    section_of(data, "40005")["meetings"][0]["location"] = "Rice Hall 012"
    section_of(data, "40010")["instructors"] = ["Rosalind Franklin"]
    section_of(data, "40012")["status"] = "closed"
    drop_section(data, "40024")


def saved_rows_checksum() -> str:
    rows = list(
        SavedScheduleSection.objects.order_by("pk").values_list(
            "pk", "schedule_id", "section_id", "component_id", "snapshot"
        )
    )
    return hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()


def test_a_reimport_that_changes_saved_sections_marks_the_schedule_with_each_change(ada_api, reimport):
    # given
    url = save(ada_api).json()["url"]
    # when
    reimport(registrar_changes)
    # then
    body = ada_api.get(url).json()
    assert body["has_changes"] is True
    changes = {(c["section"], c["field"]): c for c in body["changes"]}
    assert set(changes) == {
        ("40001", "time"),
        ("40005", "location"),
        ("40010", "instructors"),
        ("40012", "status"),
        ("40024", "withdrawn"),
    }
    assert changes[("40001", "time")]["before"].startswith("MoWeFr 09:00-09:50")
    assert changes[("40001", "time")]["after"].startswith("MoWeFr 09:30-10:20")
    assert changes[("40001", "time")]["course"] == "CS 1110" and changes[("40001", "time")]["component"] == "LEC"
    assert (changes[("40005", "location")]["before"], changes[("40005", "location")]["after"]) == (
        "Rice Hall 011",
        "Rice Hall 012",
    )
    assert changes[("40010", "instructors")]["after"] == "Rosalind Franklin"
    assert (changes[("40012", "status")]["before"], changes[("40012", "status")]["after"]) == ("open", "closed")
    assert changes[("40024", "withdrawn")]["after"] == "withdrawn"
    withdrawn = next(s for s in body["sections"] if s["id"] == "40024")
    assert withdrawn["withdrawn"] is True
    assert sorted(s["id"] for s in body["sections"]) == sorted(SECTIONS), "nothing saved is lost"


def test_an_unchanged_reimport_reports_no_change(ada_api, reimport):
    url = save(ada_api).json()["url"]

    reimport(lambda data: None)

    assert ada_api.get(url).json()["changes"] == []


def test_a_reimport_listing_a_sections_meetings_in_another_order_reports_no_change(ada_api, reimport):
    # given
    url = save(ada_api).json()["url"]

    def reordered(data: dict) -> None:  # lecture 40010's exams swapped, its weekly class listed last
        weekly, first_exam, second_exam = section_of(data, "40010")["meetings"]
        section_of(data, "40010")["meetings"] = [second_exam, first_exam, weekly]

    # when
    reimport(reordered)
    # then
    assert ada_api.get(url).json()["changes"] == []


def test_a_snapshot_listing_meetings_in_another_order_than_the_catalog_shows_only_what_changed(ada_api, reimport):
    # given: lecture 40010 saved while the catalog listed its meetings backwards (an import before
    # 2026-12 kept a file's order), then its weekly class moves to another room
    rows = list(Meeting.objects.filter(section__registrar_id="40010").order_by("-position"))
    for position, row in enumerate(rows):
        row.position = position
    Meeting.objects.bulk_update(rows, ["position"])
    url = save(ada_api).json()["url"]
    # when
    reimport(lambda data: section_of(data, "40010")["meetings"][0].update(location="Chemistry Bldg 502"))
    # then
    changes = ada_api.get(url).json()["changes"]
    assert [(c["section"], c["field"]) for c in changes] == [("40010", "location")]
    assert "Chemistry Bldg 502" in changes[0]["after"] and "Chemistry Bldg 502" not in changes[0]["before"]


def test_a_quarantine_reason_worded_anew_is_no_change_to_the_student_but_quarantining_is(ada_api, reimport, tmp_path):
    # given: 40001 saved, then quarantined by an import whose reason was worded as an older
    # importer worded it, and the change acknowledged
    url = save(ada_api).json()["url"]
    reimport(lambda data: section_of(data, "40001").update(parent="999"))
    Section.objects.filter(registrar_id="40001").update(quarantine_reason="linked to section '999' (old words)")
    digest = ada_api.get(url).json()["changes_digest"]
    ada_api.post(url + "acknowledge/", {"changes_digest": digest}, format="json")
    # when: the same file again (the reason in today's words), then with the link mended
    from django.core.management import call_command

    reworded = tmp_path / "reworded.json"
    data = demo_data()
    section_of(data, "40001").update(parent="999")
    reworded.write_text(json.dumps(data))
    out = io.StringIO()
    call_command("import_catalog", str(reworded), "--format", "canonical", "--json", stdout=out)
    after_rewording = ada_api.get(url).json()["changes"]
    reimport(lambda data: None)
    after_mending = ada_api.get(url).json()["changes"]
    # then: the report names the rewording apart; the student hears only of the section's release
    (change,) = [c for c in json.loads(out.getvalue())["changes"] if c["registrar_id"] == "40001"]
    assert change["fields"] == ["quarantine_note"]
    assert after_rewording == []
    assert [c["field"] for c in after_mending] == ["schedulable"]


def test_a_withdrawn_sections_course_no_longer_counts_in_the_schedules_credits(ada_api, reimport):
    # given: CS 1110, CHEM 1410 and MATH 1310 (10 credits) saved
    url = save(ada_api).json()["url"]
    # when: MATH 1310's lecture is withdrawn by the next import
    reimport(lambda data: drop_section(data, "40024"))
    body = ada_api.get(url).json()
    # then: it is still listed, withdrawn, and its 4 credits are gone
    assert [s["id"] for s in body["sections"] if s["withdrawn"]] == ["40024"]
    assert body["credits"] == {"min": 6.0, "max": 6.0, "unknown": []}


def test_the_change_page_banner_names_the_changes_and_offers_a_replan(ada, ada_api, reimport, client):
    # given
    schedule_id = save(ada_api).json()["id"]
    reimport(registrar_changes)
    client.force_login(ada)
    # when
    page = client.get(f"/schedules/{schedule_id}/").content.decode()
    # then
    assert "The registrar changed 5 things" in page
    assert "Rice Hall 011 → Rice Hall 012" in page
    assert f"/schedules/{schedule_id}/replan/" in page


def test_keeping_it_on_the_page_acknowledges_only_the_changes_the_page_showed(ada, ada_api, reimport, client):
    # given: the page shows one change ...
    schedule_id = save(ada_api).json()["id"]
    reimport(lambda data: section_of(data, "40005")["meetings"][0].update(location="Rice Hall 012"))
    client.force_login(ada)
    page = client.get(f"/schedules/{schedule_id}/").content.decode()
    shown = re.search(r'name="changes" value="([0-9a-f]+)"', page).group(1)
    # ... and the registrar changes a time before the student presses Keep it as it is now
    reimport(registrar_changes)
    # when
    kept = client.post(f"/schedules/{schedule_id}/acknowledge/", {"changes": shown}, follow=True)
    # then: nothing is acknowledged, the page says why and lists every change
    after = ada_api.get(f"/api/v1/schedules/{schedule_id}/").json()["changes"]
    assert len(after) == 5
    assert "changed this schedule again since you read its changes" in kept.content.decode()
    assert "The registrar changed 5 things" in kept.content.decode()
    # when the student keeps what the page now shows
    shown = re.search(r'name="changes" value="([0-9a-f]+)"', kept.content.decode()).group(1)
    client.post(f"/schedules/{schedule_id}/acknowledge/", {"changes": shown})
    again = client.post(f"/schedules/{schedule_id}/acknowledge/", {"changes": shown}, follow=True)  # a double click
    # then
    assert ada_api.get(f"/api/v1/schedules/{schedule_id}/").json()["changes"] == []
    assert "changed this schedule again" not in again.content.decode()


def test_the_api_acknowledges_only_the_changes_whose_digest_it_sends(ada_api, reimport):
    # given: a client reads one change and its digest ...
    url = save(ada_api).json()["url"]
    reimport(lambda data: section_of(data, "40005")["meetings"][0].update(location="Rice Hall 012"))
    read = ada_api.get(url).json()
    assert len(read["changes"]) == 1 and read["changes_digest"] == saved_schedules.changes_digest(read["changes"])
    # ... and the registrar changes more before the client acknowledges
    reimport(registrar_changes)
    # when
    stale = ada_api.post(url + "acknowledge/", {"changes_digest": read["changes_digest"]}, format="json")
    # then: nothing is acknowledged
    assert stale.status_code == 400
    assert "changed this schedule again" in stale.json()["error"]["fields"]["changes"][0]
    now = ada_api.get(url).json()
    assert len(now["changes"]) == 5
    # when the client acknowledges what it now read
    kept = ada_api.post(url + "acknowledge/", {"changes_digest": now["changes_digest"]}, format="json")
    # then
    assert kept.status_code == 200 and kept.json()["changes"] == []
    assert ada_api.post(url + "acknowledge/", {"changes_digst": "x"}, format="json").status_code == 400  # misspelt


def test_a_form_body_with_a_misspelt_digest_acknowledges_nothing(ada_api, reimport):
    # given
    url = save(ada_api).json()["url"]
    reimport(registrar_changes)
    # when: "digest" for "changes_digest", form-encoded
    response = ada_api.post(url + "acknowledge/", "digest=stale", content_type="application/x-www-form-urlencoded")
    # then: refused as in JSON, and every change still there
    assert response.status_code == 400 and "digest" in response.json()["error"]["fields"]
    assert len(ada_api.get(url).json()["changes"]) == 5


def test_acknowledging_takes_a_new_snapshot_so_the_changes_clear(ada_api, reimport):
    # given
    url = save(ada_api).json()["url"]
    reimport(registrar_changes)
    # when
    response = ada_api.post(url + "acknowledge/")
    # then
    assert response.status_code == 200
    assert response.json()["changes"] == [] and response.json()["has_changes"] is False

    def one_more(data):  # each import is the whole catalog: the same changes, and a new room
        registrar_changes(data)
        section_of(data, "40005")["meetings"][0]["location"] = "Rice Hall 013"

    reimport(one_more)
    after = ada_api.get(url).json()["changes"]
    assert [(c["section"], c["field"], c["before"]) for c in after] == [("40005", "location", "Rice Hall 012")]


def test_reading_changes_takes_the_same_queries_for_one_or_ten_schedules(ada, ada_api, reimport):
    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            schedules = list(saved_schedules.saved_schedule_list(owner=ada))
            flagged = sum(1 for s in schedules if saved_schedules.saved_schedule_data(schedule=s)["has_changes"])
        return len(captured), flagged

    save(ada_api)
    reimport(registrar_changes)
    one, flagged_one = queries()
    for _ in range(9):
        save(ada_api, sections=["40003", "40006"])

    ten, flagged_ten = queries()

    assert (flagged_one, flagged_ten) == (1, 1)
    assert one == ten


@pytest.mark.django_db(transaction=True)  # the job runs on commit, as in production
def test_replan_pins_every_unchanged_available_section_and_answers_202_with_the_job(ada_api, reimport):
    # given: the CS lecture moved and the MATH lecture was withdrawn
    url = save(ada_api).json()["url"]

    def edit(data):
        section_of(data, "40001")["meetings"][0].update(start="09:30", end="10:20")
        drop_section(data, "40024")

    reimport(edit)
    # when
    response = ada_api.post(url + "replan/")
    # then
    job = response.json()
    assert response.status_code == 202
    assert response["Location"] == job["url"]
    row = GenerationJob.objects.get(pk=job["id"])
    assert row.request["courses"] == ["CHEM 1410", "CS 1110", "MATH 1310"]
    assert row.request["pinned"] == ["40005", "40010", "40012"]
    finished = ada_api.get(job["url"]).json()
    assert finished["status"] == "succeeded"
    best = {s["id"] for s in finished["results"][0]["sections"]}
    assert {"40005", "40010", "40012"} <= best
    assert "40024" not in best


def test_replan_on_the_page_redirects_to_the_planner_showing_the_new_job(ada, ada_api, reimport, client):
    # given
    schedule_id = save(ada_api).json()["id"]
    reimport(lambda data: drop_section(data, "40024"))
    client.force_login(ada)
    # when
    response = client.post(f"/schedules/{schedule_id}/replan/")
    # then
    job = GenerationJob.objects.get(owner=ada)
    assert job.request["pinned"] == ["40001", "40005", "40010", "40012"]
    assert response.status_code == 302
    assert response["Location"] == f"/?job={job.pk}"
    planner = client.get(response["Location"]).content.decode()
    assert "Re-planning “Mornings free” with its unchanged sections kept." in planner


def test_saved_rows_survive_reimports_that_change_and_withdraw_their_sections(ada_api, reimport):
    # given
    save(ada_api)
    save(ada_api, name="other", sections=["40003", "40024"])
    before = saved_rows_checksum()
    # when: the registrar changes and drops sections, then lists them again
    reimport(registrar_changes)
    reimport(lambda data: drop_section(data, "40001"))
    reimport(lambda data: None)
    # then
    assert saved_rows_checksum() == before
    assert ada_api.get("/api/v1/schedules/").json()["count"] == 2


def test_a_section_listed_again_after_an_acknowledged_withdrawal_is_reported_as_listed(ada_api, reimport):
    # given
    url = save(ada_api).json()["url"]
    reimport(lambda data: drop_section(data, "40024"))
    ada_api.post(url + "acknowledge/")
    # when
    reimport(lambda data: None)
    # then
    changes = ada_api.get(url).json()["changes"]
    assert [(c["section"], c["field"], c["before"], c["after"]) for c in changes] == [
        ("40024", "withdrawn", "withdrawn", "listed")
    ]


def lecture_100_moves_to_math_without_its_discussions(data: dict) -> None:
    move_to_course(data, "40010", "MATH 1310")
    for rid in ("40012", "40013", "40014"):
        drop_section(data, rid)


def test_a_saved_discussion_withdrawn_as_its_lecture_moves_to_another_course_stays_saved(ada_api, reimport):
    # given: a schedule of CHEM 1410 lecture 100 (40010) and its discussion 101 (40012)
    url = save(ada_api, name="chemistry", sections=["40010", "40012"]).json()["url"]
    before = saved_rows_checksum()
    # when: the registrar lists lecture 100 under MATH 1310 and no longer lists its discussions
    reimport(lecture_100_moves_to_math_without_its_discussions)
    # then: both stay saved, the discussion unlinked and shown as withdrawn, nothing else changed
    assert saved_rows_checksum() == before
    assert Section.objects.get(registrar_id="40012").parent is None
    body = ada_api.get(url).json()
    assert sorted((s["id"], s["course"], s["withdrawn"]) for s in body["sections"]) == [
        ("40010", "MATH 1310", False),
        ("40012", "CHEM 1410", True),
    ]
    assert sorted((c["section"], c["field"], c["before"], c["after"]) for c in body["changes"]) == [
        ("40010", "course", "CHEM 1410 LEC", "MATH 1310 LEC"),
        ("40012", "withdrawn", "listed", "withdrawn"),
    ]


def test_a_replan_asks_for_the_course_a_moved_section_was_saved_under(ada_api, reimport):
    # given: a CS 1110 schedule whose lab the registrar then lists under CHEM 1411
    url = save(ada_api, name="cs", sections=["40001", "40005"]).json()["url"]
    reimport(lambda data: move_to_course(data, "40005", "CHEM 1411"))
    # when
    body = ada_api.get(url).json()
    replanned = ada_api.post(url + "replan/")
    # then: the move is a change, and the re-plan asks for CS 1110 alone, the lab not pinned
    assert [(c["section"], c["field"], c["before"], c["after"]) for c in body["changes"]] == [
        ("40005", "course", "CS 1110 LAB", "CHEM 1411 LAB")
    ]
    request = GenerationJob.objects.get(pk=replanned.json()["id"]).request
    assert (request["courses"], request["pinned"]) == (["CS 1110"], ["40001"])


def test_a_snapshot_saved_before_courses_were_remembered_is_not_read_as_a_move(ada_api):
    # given: a saved row whose snapshot has no course, as every row saved before had
    url = save(ada_api, name="chemistry", sections=["40010", "40012"]).json()["url"]
    for entry in SavedScheduleSection.objects.all():
        entry.snapshot.pop("course")
        entry.save(update_fields=["snapshot"])
    # when
    changes = ada_api.get(url).json()["changes"]
    # then
    assert changes == []


def test_a_schedule_keeping_a_discussion_unlinked_by_a_reimport_can_still_be_edited_and_replanned(ada_api, reimport):
    # given
    url = save(ada_api, name="chemistry", sections=["40010", "40012"]).json()["url"]
    reimport(lecture_100_moves_to_math_without_its_discussions)
    # when
    edited = ada_api.patch(url, {"sections": ["40010", "40012"], "name": "chemistry, kept"}, format="json")
    acknowledged = ada_api.post(url + "acknowledge/")
    replanned = ada_api.post(url + "replan/")
    calendar = ada_api.get(url + "calendar.ics")
    # then
    assert edited.status_code == 200, edited.json()
    assert sorted(s["id"] for s in edited.json()["sections"]) == ["40010", "40012"]
    assert (acknowledged.status_code, acknowledged.json()["changes"]) == (200, [])
    assert replanned.status_code == 202
    assert GenerationJob.objects.get(pk=replanned.json()["id"]).request["pinned"] == ["40010"]
    assert calendar.status_code == 200 and b"STATUS:CANCELLED" in calendar.content


def test_replanning_on_the_page_counts_against_the_generation_rate(ada, ada_api, client, settings, rate_window_pinned):
    # given: a fresh count for this account (the counters may live in a Redis shared by runs)
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "generation": "2/minute"},
    }
    cache.delete(throttle_key("generation", f"user{ada.pk}", int(rate_window_pinned.at // 60)))
    schedule_id = save(ada_api).json()["id"]
    client.force_login(ada)
    # when
    answers = [client.post(f"/schedules/{schedule_id}/replan/", follow=True) for _ in range(3)]
    # then: two jobs, and the third press says why nothing happened
    assert GenerationJob.objects.count() == 2
    assert [a.redirect_chain[0][0].startswith("/?job=") for a in answers] == [True, True, False]
    assert "Too many generation requests; try again in" in answers[2].content.decode()


@pytest.mark.parametrize(
    ("reason", "told"),
    [
        ("line 2747 Days1 'Mo 12:00am - 12:00am': placeholder", "Days1 'Mo 12:00am - 12:00am': placeholder"),
        (
            "$.courses[0].components[1].sections[2]: end 09:00 is not after start 10:00",
            "end 09:00 is not after start 10:00",
        ),
        (
            "period '9:30 pm - 8:00 pm' ($.caches.periods[3]): end 20:00 is before start 21:30",
            "period '9:30 pm - 8:00 pm': end 20:00 is before start 21:30",
        ),
        ("periodIndex 99 is not an index of $.caches.periods", "periodIndex 99 is not an index of $.caches.periods"),
        (
            "Fee $45.00 lab: line 12 of the syllabus; line 4 days 'Xx': no day",
            "Fee $45.00 lab: line 12 of the syllabus; days 'Xx': no day",
        ),
    ],
    ids=["uva-line", "canonical-path", "gatech-bracketed-path", "path-as-words", "free-text"],
)
def test_a_quarantine_reason_is_told_without_where_in_the_file_it_was_found_and_nothing_else_lost(reason, told):
    assert saved_schedules.reason_words(reason) == told


def test_a_quarantine_reason_whose_line_number_moved_is_the_same_change_and_can_be_kept(ada_api, reimport):
    # given: an import quarantines CS 1110 lab 102 at line 2747 of its file; the next finds the
    # same problem at line 2746 (a row above it was removed)
    url = save(ada_api).json()["url"]
    reason = "{} Days1 'Mo 12:00am - 12:00am': placeholder meeting 12:00am - 12:00am"
    reimport(lambda data: section_of(data, "40005").update(quarantine=reason.format("line 2747")))
    shown = ada_api.get(url).json()
    reimport(lambda data: section_of(data, "40005").update(quarantine=reason.format("line 2746")))
    # when
    now = ada_api.get(url).json()
    kept = ada_api.post(url + "acknowledge/", {"changes_digest": shown["changes_digest"]}, format="json")
    # then: told once, without the file's line, and keeping what was shown works
    assert [c["after"] for c in shown["changes"]] == [
        "not schedulable: Days1 'Mo 12:00am - 12:00am': placeholder meeting 12:00am - 12:00am"
    ]
    assert (now["changes"], now["changes_digest"]) == (shown["changes"], shown["changes_digest"])
    assert kept.status_code == 200 and kept.json()["changes"] == []


def test_a_saved_section_an_import_quarantines_is_a_change_and_the_schedule_can_still_be_edited(ada_api, reimport):
    # given: a re-import the registrar's file marks CS 1110 lab 102 unusable in
    url = save(ada_api).json()["url"]
    reimport(lambda data: section_of(data, "40005").update(quarantine="no room assigned"))
    # when
    changes = ada_api.get(url).json()["changes"]
    swapped = ada_api.patch(url, {"sections": ["40001", "40005", "40010", "40013", "40024"]}, format="json")
    replan = ada_api.post(url + "replan/").json()
    # then: the student is told, keeps the section while swapping another, and a re-plan
    # does not pin it
    assert [(c["section"], c["field"], c["before"], c["after"]) for c in changes] == [
        ("40005", "schedulable", "schedulable", "not schedulable: no room assigned")
    ]
    assert swapped.status_code == 200
    assert sorted(s["id"] for s in swapped.json()["sections"]) == ["40001", "40005", "40010", "40013", "40024"]
    assert "40005" not in replan["request"]["pinned"]
    # when the next import lists it as usable again, then another lab as unusable
    reimport(lambda data: None)
    released = ada_api.get(url).json()["changes"]
    reimport(lambda data: section_of(data, "40004").update(quarantine="no room assigned"))
    added = ada_api.patch(url, {"sections": ["40001", "40004", "40010", "40013", "40024"]}, format="json")
    # then: the change is gone with its cause, and a quarantined section cannot be added
    assert released == []
    assert added.status_code == 400
    assert added.json()["error"]["fields"] == {
        "sections": ["section 40004 (CS 1110 LAB 101) cannot be scheduled: no room assigned"]
    }


def test_a_replan_not_yet_finished_says_when_to_read_it_again_as_post_generations_does(demo, ada_api, monkeypatch):
    # given: no worker takes the job
    from scheduler import services

    url = save(ada_api).json()["url"]
    monkeypatch.setattr(services, "generation_job_enqueue", lambda *, job_id: False)
    # when
    response = ada_api.post(url + "replan/")
    # then
    assert response.status_code == 202 and response.json()["status"] == "queued"
    assert response["Retry-After"] == "1" and response["Location"] == response.json()["url"]


def test_the_schema_names_the_headers_of_a_replan(ada_api):
    # when
    schema = yaml_read(ada_api.get("/api/v1/schema/").content)
    # then
    headers = schema["paths"]["/api/v1/schedules/{id}/replan/"]["post"]["responses"]["202"]["headers"]
    limits = {h for h in headers if h.startswith("X-RateLimit-")}
    assert set(headers) - limits == {"Location", "Retry-After", "Idempotent-Replayed"} and len(limits) == 4


def test_the_banner_reads_each_change_as_field_before_and_after_as_the_email_does(ada, ada_api, reimport, client):
    # given: the lab withdrawn, the lecture cancelled
    schedule_id = save(ada_api).json()["id"]

    def edit(data):
        drop_section(data, "40005")
        section_of(data, "40001")["status"] = "cancelled"

    reimport(edit)
    client.force_login(ada)
    # when
    page = client.get(f"/schedules/{schedule_id}/").content.decode()
    # then: not "withdrawn listed → withdrawn"
    assert "CS 1110 LEC (40001), status: open → cancelled" in page
    assert "CS 1110 LAB (40005), withdrawn: listed → withdrawn" in page


def test_a_section_moved_online_or_to_another_campus_is_a_change_the_student_is_told(ada_api, reimport):
    # given
    url = save(ada_api).json()["url"]

    def moved(data: dict) -> None:
        section_of(data, "40001")["modality"] = "online"
        section_of(data, "40005")["campus"] = "Lorraine"

    # when
    reimport(moved)
    # then
    changes = {(c["section"], c["field"]): (c["before"], c["after"]) for c in ada_api.get(url).json()["changes"]}
    assert changes[("40001", "modality")] == ("in person", "online")
    assert changes[("40005", "campus")][1] == "Lorraine"
    assert set(changes) == {("40001", "modality"), ("40005", "campus")}


def test_a_section_the_registrar_renumbered_keeping_its_id_is_a_change_the_student_is_told(
    ada, ada_api, reimport, client
):
    # given
    schedule = save(ada_api).json()
    # when: lab 40005 (LAB 102) numbered 199
    reimport(lambda data: section_of(data, "40005").update(code="199"))
    # then: told in the API and on the page, as any change
    changes = [
        (c["section"], c["field"], c["before"], c["after"]) for c in ada_api.get(schedule["url"]).json()["changes"]
    ]
    assert changes == [("40005", "code", "102", "199")]
    client.force_login(ada)
    assert "CS 1110 LAB (40005), code: 102 → 199" in client.get(f"/schedules/{schedule['id']}/").content.decode()


def test_a_renumbered_section_is_kept_by_a_replan_and_counted_in_the_imports_and_admins_reach(ada_api, reimport):
    # given
    url = save(ada_api).json()["url"]
    # when: lab 40005 renumbered, its classes as they were
    with contextlib.redirect_stdout(io.StringIO()) as out:
        reimport(lambda data: section_of(data, "40005").update(code="199"))
    report = out.getvalue()
    job = GenerationJob.objects.get(pk=ada_api.post(url + "replan/").json()["id"])
    reach = change_notices.admin_reach_text(section=Section.objects.get(registrar_id="40005"), changed=["code"])
    # then: still kept (it meets as it did), and the registrar told whose schedules hold it
    assert "40005" in job.request["pinned"]
    assert "Saved schedules: 1 saved schedule of 1 student holds a section this import changed" in report
    assert reach.startswith("1 saved schedule of 1 student holds this section")


def test_a_snapshot_saved_before_the_code_was_remembered_is_not_read_as_a_change(ada_api, reimport):
    # given: saved rows whose snapshots have no code, as every row saved before 2026-12-07 had
    url = save(ada_api).json()["url"]
    for entry in SavedScheduleSection.objects.all():
        entry.snapshot.pop("code")
        entry.save(update_fields=["snapshot"])
    # when
    reimport(lambda data: section_of(data, "40005").update(code="199"))
    # then
    assert ada_api.get(url).json()["changes"] == []


def test_a_snapshot_saved_before_campus_and_modality_were_remembered_is_not_read_as_a_change(ada_api, reimport):
    # given: saved rows whose snapshots have neither, as every row saved before had
    url = save(ada_api).json()["url"]
    for entry in SavedScheduleSection.objects.all():
        entry.snapshot.pop("campus")
        entry.snapshot.pop("modality")
        entry.save(update_fields=["snapshot"])
    # when
    reimport(lambda data: section_of(data, "40001").update(modality="online"))
    # then
    assert ada_api.get(url).json()["changes"] == []


def test_a_meeting_dropped_from_a_room_the_others_still_meet_in_is_a_change_of_time_only(ada_api, reimport):
    # given: lecture 40010's weekly class and two exams, all in one room, saved so
    def one_room(data: dict) -> None:
        for m in section_of(data, "40010")["meetings"]:
            m["location"] = "Chemistry Bldg 402"

    def dropped(data: dict) -> None:  # then its second exam dropped
        one_room(data)
        del section_of(data, "40010")["meetings"][-1]

    reimport(one_room)
    url = save(ada_api).json()["url"]
    # when
    reimport(dropped)
    # then: the room is no news ("402; 402; 402 → 402; 402" before)
    changes = ada_api.get(url).json()["changes"]
    assert [(c["section"], c["field"]) for c in changes] == [("40010", "time")]


def test_a_replan_after_a_lecture_is_cancelled_keeps_no_discussion_of_it(
    ada_api, reimport, django_capture_on_commit_callbacks
):
    # given: a chemistry schedule, then the registrar cancels its lecture 100; discussion 101
    # is unchanged but can only be taken with lecture 100
    url = save(ada_api, name="chemistry", sections=["40010", "40012"]).json()["url"]
    reimport(lambda data: section_of(data, "40010").update(status="cancelled"))
    # when
    with django_capture_on_commit_callbacks(execute=True):
        replanned = ada_api.post(url + "replan/")
    # then: neither is kept, and the re-plan finds the other lecture with one of its discussions
    assert replanned.status_code == 202, replanned.json()
    assert GenerationJob.objects.get(pk=replanned.json()["id"]).request["pinned"] == []
    job = ada_api.get(replanned.json()["url"]).json()
    best = {s["id"] for s in job["results"][0]["sections"]}
    assert "40011" in best and best & {"40015", "40016", "40017"}
