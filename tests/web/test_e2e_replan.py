"""A generation job opened on the planner by its URL (`/?job=<id>`): where "Re-plan with the least
change" on a saved schedule's page leads, with the re-planned schedules to save; an id that is
unknown or another student's shows a message instead."""

import json
import re
import uuid

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect
from rest_framework.test import APIClient

from catalog.models import Term
from scheduler import saved_schedules
from scheduler.models import GenerationJob, SavedSchedule
from tests.scheduler.saved.conftest import SECTIONS, demo_data, drop_section, import_catalog
from tests.web.conftest import screenshot
from tests.web.test_e2e_planner import query_of

pytestmark = pytest.mark.django_db(transaction=True)

PINNED = ["40001", "40005", "40010", "40012"]  # SECTIONS without the withdrawn MATH lecture


@pytest.fixture
def ana(site):
    return User.objects.create_user("ana", email="ana@example.edu", password="pw-ana-12345")


@pytest.fixture
def changed_schedule(ana, tmp_path) -> SavedSchedule:
    """Ana's saved fall schedule whose MATH lecture (40024) the registrar has since withdrawn."""
    term = Term.objects.get(code="2026-fall")
    schedule = saved_schedules.saved_schedule_create(owner=ana, term=term, name="Mornings free", section_ids=SECTIONS)
    data = demo_data()
    drop_section(data, "40024")
    path = tmp_path / "withdrawn.json"
    path.write_text(json.dumps(data))
    import_catalog(path)
    return schedule


def anonymous_job(request: dict) -> GenerationJob:
    """A finished job nobody owns (anyone with its id may open it), asked through the API."""
    body = {"institution": "demo", "term": "2026-fall", **request}
    response = APIClient().post("/api/v1/generations/", body, format="json")
    assert response.status_code == 202, response.content
    return GenerationJob.objects.get(pk=response.json()["id"])


def reload(page) -> None:
    page.reload()
    page.wait_for_selector("body[data-ready=true]")


def ids_of(page, rank: int) -> set[str]:
    return set(page.locator(f".card[data-rank='{rank}'] table.sections tbody tr td:nth-child(3)").all_inner_texts())


def test_replan_on_a_saved_schedule_opens_the_planner_with_the_replanned_schedules_to_save(
    open_page, signed_in, ana, changed_schedule
):
    # given
    page = open_page(f"/schedules/{changed_schedule.pk}/", context=signed_in(ana), planner=False)
    # when
    page.get_by_role("button", name="Re-plan with the least change").click()
    # then: the planner shows the job's schedules, each keeping the unchanged sections, which the form keeps too
    page.wait_for_selector("body[data-ready=true]")
    job = GenerationJob.objects.get(owner=ana)
    expect(page.locator(".messages")).to_contain_text("Re-planning “Mornings free” with its unchanged sections kept.")
    # the message, there from the load (so not announced), is said again with the outcome in the status line
    expect(page.locator("#status")).to_contain_text(
        re.compile(r"^Re-planning “Mornings free” with its unchanged sections kept\. Found \d+ schedules?")
    )
    expect(page.locator("#job-note")).to_contain_text("It keeps these 4 sections, so every schedule uses them")
    expect(page.locator("#job-note")).to_contain_text("CS 1110 LEC 001 (40001)")
    expect(page.locator("#job-note")).to_contain_text("The form keeps them too")
    expect(page.locator("#kept .chip")).to_have_text(
        [
            "Keep CS 1110 LEC 001 (40001)×",
            "Keep CS 1110 LAB 102 (40005)×",
            "Keep CHEM 1410 LEC 100 (40010)×",
            "Keep CHEM 1410 DIS 101 (40012)×",
        ]
    )
    assert query_of(page)["job"] == [str(job.pk)]
    assert query_of(page)["c"] == ["CHEM 1410", "CS 1110", "MATH 1310"]
    assert query_of(page)["pin"] == PINNED
    expect(page.locator("#required .chip")).to_have_count(3)
    expect(page.locator("#required")).to_contain_text("MATH 1310 Calculus I")
    screenshot(page, "replan-desktop")
    best = ids_of(page, 1)
    assert set(PINNED) <= best and "40024" not in best
    # and then: saving one of them is saving from the student's own job
    card = page.locator(".card[data-rank='1']")
    card.get_by_role("button", name="Save").click()
    expect(card.locator(".save-status")).to_contain_text("Saved as")
    assert SavedSchedule.objects.filter(owner=ana, generation=job).count() == 1


def test_a_job_opened_by_its_url_shows_progress_while_it_runs_then_its_schedules(
    open_page, signed_in, ana, changed_schedule
):
    # given: the job's first answer says "running" so the page has to poll
    job = saved_schedules.saved_schedule_replan(schedule=changed_schedule, owner=ana).job
    context = signed_in(ana)
    answers = []

    def first_running(route):
        response = route.fetch()
        body = response.json()
        if not answers:
            body.update(status="running", results=None, explanation=None)
        answers.append(body["status"])
        route.fulfill(response=response, body=json.dumps(body))

    context.route(f"**/api/v1/generations/{job.pk}/", first_running)
    # when
    page = open_page(f"/?job={job.pk}", context=context)
    # then
    expect(page.locator("#status")).to_contain_text(re.compile(r"^Found \d+ schedules?"))
    assert answers[0] == "running" and answers[-1] == "succeeded"
    expect(page.locator("#progress")).to_be_hidden()
    assert set(PINNED) <= ids_of(page, 1)


@pytest.mark.parametrize("job_id", [str(uuid.uuid4()), "not-a-job"])
def test_an_unknown_job_id_shows_a_clear_message_and_the_planner_still_works(open_page, job_id):
    # given
    earlier = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    # when
    page = open_page(f"/?job={job_id}", context=earlier.context)
    # then
    expect(page.locator("#required .chip")).to_have_count(1)  # the last request, from local storage
    expect(page.locator("#job-note")).to_contain_text(f"No generation job “{job_id}” is open to you")
    expect(page.locator("#job-note")).to_contain_text("If it is yours, sign in")
    expect(page.get_by_role("button", name="Generate schedules")).to_be_enabled()
    assert "job" not in query_of(page)
    screenshot(page, "unknown-job-desktop")


def test_another_students_job_shows_the_same_message_as_an_unknown_one(open_page, signed_in, ana, changed_schedule):
    # given: Ben, signed in, opens the link of Ana's re-plan
    job = saved_schedules.saved_schedule_replan(schedule=changed_schedule, owner=ana).job
    ben = User.objects.create_user("ben", password="pw-ben-12345")
    # when
    page = open_page(f"/?job={job.pk}", context=signed_in(ben))
    # then
    expect(page.locator("#job-note")).to_contain_text(f"No generation job “{job.pk}” is open to you")
    expect(page.locator("#results")).to_be_hidden()
    expect(page.locator("#required .chip")).to_have_count(0)


def test_generating_again_from_a_job_opened_by_its_url_drops_the_job_from_the_address(
    open_page, signed_in, ana, changed_schedule
):
    # given
    opened = saved_schedules.saved_schedule_replan(schedule=changed_schedule, owner=ana).job
    page = open_page(f"/?job={opened.pk}", context=signed_in(ana))
    expect(page.locator("#status")).to_contain_text(re.compile(r"^Found"))
    # when
    page.get_by_role("button", name="Generate schedules").click()
    expect(page.locator("#job-note")).to_be_hidden()
    expect(page.locator("#status")).to_contain_text(re.compile(r"^Found|^No schedule"))
    # then: the address is the request alone, still keeping the sections, and reloading it shows the new job
    assert "job" not in query_of(page)
    assert query_of(page)["c"] == ["CHEM 1410", "CS 1110", "MATH 1310"]
    assert query_of(page)["pin"] == PINNED
    again = GenerationJob.objects.filter(owner=ana).exclude(pk=opened.pk).get()
    assert again.request["pinned"] == PINNED
    assert all(set(PINNED) <= {s["id"] for s in r["sections"]} for r in again.results)
    reload(page)
    expect(page.locator("#status")).to_have_text("Showing the schedules generated earlier for this request.")
    expect(page.locator("#job-note")).to_be_hidden()
    assert "job" not in query_of(page)


def test_a_repair_on_a_job_opened_by_its_url_drops_the_job_from_the_address(open_page):
    # given: a job nothing fits (MUSI 1310 meets only Tuesday 19:00-21:30), opened by its link
    busy = {"days": ["Tu"], "start": "18:00", "end": "22:00", "label": "work"}
    opened = anonymous_job({"courses": ["MUSI 1310"], "busy": [busy]})
    page = open_page(f"/?job={opened.pk}")
    # when
    page.get_by_role("button", name="Drop the busy time work").click()
    # then
    expect(page.locator("#status")).to_contain_text("Found 1 schedule")
    assert "job" not in query_of(page) and "b" not in query_of(page)
    reload(page)
    expect(page.locator("#status")).to_have_text("Showing the schedules generated earlier for this request.")
    expect(page.locator("#busy-list li")).to_have_count(0)
    expect(page.locator("#job-note")).to_be_hidden()


def test_a_repair_that_unpins_a_section_of_an_opened_job_is_a_button_that_generates_again(open_page):
    # given: CS 1110 pinned to lecture 001 (MoWeFr 9:00), which a busy time covers
    busy = {"days": ["Mo", "We", "Fr"], "start": "08:30", "end": "10:00", "label": "work"}
    opened = anonymous_job({"courses": ["CS 1110"], "pinned": ["40001"], "busy": [busy]})
    page = open_page(f"/?job={opened.pk}")
    explanation = page.locator("#explanation")
    expect(explanation.locator("#conflicts")).to_contain_text("Kept section: CS 1110 LEC 001 (40001)")
    expect(page.locator("#kept .chip")).to_have_text(["Keep CS 1110 LEC 001 (40001)×"])
    # dropping the only course, which would leave nothing to schedule, is not offered at all
    expect(explanation.get_by_text(re.compile("^Drop CS 1110"))).to_have_count(0)
    # when
    instead = re.compile(r"^Take CS 1110 LEC .* instead of the kept CS 1110 LEC 001 \(40001\)")
    explanation.get_by_role("button", name=instead).click()
    # then
    expect(page.locator("#status")).to_contain_text(
        re.compile(r"^Applied “Take CS 1110 LEC .*”\. Found \d+ schedules?")
    )
    expect(page.locator("#kept .chip")).to_have_count(0)
    assert "job" not in query_of(page) and "pin" not in query_of(page)
    assert query_of(page)["b"] == ["MoWeFr 08:30-10:00 work"]


def test_a_conflict_with_excluded_sections_reads_in_words_and_allowing_them_is_a_button(open_page):
    # given: MUSI 1310 has one section, and the job excluded it
    opened = anonymous_job({"courses": ["CS 1110", "MUSI 1310"], "excluded": ["40042"]})
    page = open_page(f"/?job={opened.pk}")
    explanation = page.locator("#explanation")
    expect(explanation.locator("#conflicts")).to_contain_text("Avoided sections: MUSI 1310 LEC 001")
    expect(explanation.locator("#conflicts")).not_to_contain_text("excluded")
    expect(explanation.locator("#conflicts")).not_to_contain_text("exclusion:")
    expect(page.locator("#kept .chip")).to_have_text(["Avoid MUSI 1310 LEC 001 (40042)×"])
    expect(page.locator("#job-note")).to_contain_text("It avoids a section, so no schedule uses it")
    expect(explanation.get_by_role("button", name="Drop MUSI 1310")).to_be_visible()
    # when
    explanation.get_by_role("button", name=re.compile("MUSI 1310 LEC")).click()
    # then
    expect(page.locator("#status")).to_contain_text(re.compile(r"^Applied “.*MUSI 1310 LEC.*”\. Found \d+ schedules?"))
    expect(page.locator("#kept .chip")).to_have_count(0)
    assert "avoid" not in query_of(page) and query_of(page)["c"] == ["CS 1110", "MUSI 1310"]


def test_a_jobs_modality_filter_fills_the_delivery_mode_choice_and_its_repair_is_a_button(open_page):
    # given: STS 1500, online only, asked in person
    opened = anonymous_job({"courses": ["STS 1500"], "filters": {"modalities": ["in_person"]}})
    page = open_page(f"/?job={opened.pk}")
    choice = page.get_by_role("group", name="Delivery mode", exact=True)
    expect(choice.get_by_label(re.compile(r"In person \("))).to_be_checked()
    # when
    # (dropping STS 1500, the only course, is not offered: it would leave nothing to schedule)
    page.locator("#explanation").get_by_role("button", name=re.compile("modality")).click()
    # then
    expect(page.locator("#status")).to_contain_text("Found")
    expect(choice.get_by_label("Any delivery mode")).to_be_checked()
    assert "mode" not in query_of(page)


def test_a_jobs_campus_the_term_lacks_fills_the_campus_choice_and_its_repair_is_a_button(open_page):
    # given: CS 1110 on a campus the demo catalog does not have
    opened = anonymous_job({"courses": ["CS 1110"], "filters": {"campuses": ["North"]}})
    page = open_page(f"/?job={opened.pk}")
    expect(page.get_by_role("group", name="Campus", exact=True).get_by_label("North (0 sections)")).to_be_checked()
    # when
    page.locator("#explanation").get_by_role("button", name=re.compile("campus")).click()
    # then
    expect(page.locator("#status")).to_contain_text("Found")
    expect(page.get_by_role("group", name="Campus", exact=True).get_by_label("Any campus")).to_be_checked()


def test_a_jobs_rest_before_and_after_a_busy_time_is_drawn_on_its_schedules(open_page):
    # given: a job asked with practice from 7:00, half an hour's rest before and an hour after
    practice = {"days": ["Mo", "We"], "start": "07:00", "end": "09:00", "buffer_before": 30, "buffer_after": 60}
    opened = anonymous_job({"courses": ["CS 1110"], "busy": [{**practice, "label": "practice"}]})
    # when
    page = open_page(f"/?job={opened.pk}")
    # then: in the order of the day, the calendar reaching back to 6:00 for the rest before
    monday = page.locator(".card[data-rank='1'] .week-day[aria-label='Mon']")
    expect(monday.locator(".event.busy, .event.rest")).to_have_text(
        [
            "30 minutes' rest before practice (06:30–07:00)",
            "practice07:00–09:00",
            "60 minutes' rest after practice (09:00–10:00)",
        ]
    )
    before, busy, after = (monday.locator(".event.busy, .event.rest").nth(i).bounding_box() for i in range(3))
    assert abs(before["y"] + before["height"] - busy["y"]) < 1 and abs(busy["y"] + busy["height"] - after["y"]) < 1
    expect(page.locator(".card[data-rank='1'] .week-times span").first).to_have_text("06:00")


def test_a_job_opened_by_its_url_fills_avoid_instructors(open_page):
    # given: a job that avoids Ada Byron (important) and prefers Grace Hopper
    preference = {"weight": 25, "prefer": ["Grace Hopper"], "avoid": ["Ada Byron"]}
    opened = anonymous_job({"courses": ["CS 1110"], "preferences": {"instructors": preference}})
    # when
    page = open_page(f"/?job={opened.pk}")
    # then: the form shows both halves, and says nothing is left unshown
    expect(page.locator("#status")).to_contain_text("Found")
    avoid = page.locator("[data-pref=without]")
    expect(avoid.get_by_label("Avoid instructors")).to_be_checked()
    expect(page.get_by_label("Instructors to avoid, separated by commas")).to_have_value("Ada Byron")
    expect(page.get_by_label("Importance of instructors to avoid")).to_have_value("important")
    expect(page.get_by_label("Instructors, separated by commas")).to_have_value("Grace Hopper")
    expect(page.locator("#job-note")).not_to_contain_text("cannot show")
