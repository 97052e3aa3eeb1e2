"""The planner as a demanding student uses it: a reload while a job runs, another term with a
search typed, Back after the skip link, a course with no section to schedule, slow answers.

Runs in `make test-embedded` only, as the other browser tests; see docs/web.md.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from catalog.models import Course, Term
from tests.web.conftest import ANSWERS_READ, answer_read
from tests.web.test_e2e_pins import wait_for
from tests.web.test_e2e_planner import generate, query_of

pytestmark = pytest.mark.django_db(transaction=True)

JOBS = re.compile(r".*/api/v1/generations/([0-9a-f-]+/)?$")


def test_a_reload_while_the_job_runs_follows_it_to_its_schedules(open_page):
    # given: the job answers "running" until the test lets it finish
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    running = [True]

    def held(route):
        response = route.fetch()
        body = response.json()
        if running[0]:
            body.update(status="running", results=None, explanation=None, viability=None)
        route.fulfill(response=response, body=json.dumps(body))

    page.route(JOBS, held)
    page.get_by_role("button", name="Generate schedules").click()
    expect(page.locator("#status")).to_contain_text("Running")
    # when
    page.reload()
    # then: still followed, with its progress and Cancel
    expect(page.locator("#status")).to_have_text("Running: searching for the best schedules…")
    expect(page.get_by_role("button", name="Cancel")).to_be_visible()
    expect(page.get_by_role("button", name="Generate schedules")).to_be_disabled()
    # when: the job finishes
    running[0] = False
    # then
    expect(page.locator("#status")).to_contain_text("Found 10 schedules")
    expect(page.locator(".card[data-rank='1']")).to_be_visible()
    expect(page.get_by_role("button", name="Cancel")).to_be_hidden()


def test_polls_that_get_no_answer_are_asked_again_until_the_job_answers(open_page):
    # given: the job says "running" when made, then its first two polls get no answer (no network)
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    polls = []

    def flaky(route):
        if route.request.method == "POST":
            response = route.fetch()
            body = response.json()
            body.update(status="running", results=None, explanation=None, viability=None)
            route.fulfill(response=response, body=json.dumps(body))
            return
        polls.append(route.request.url)
        if len(polls) <= 2:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(JOBS, flaky)
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then: followed on to its schedules, with no error (after 2.8 s of waits between the polls, 0.4 s, then
    # 0.8 s and 1.6 s after each that got no answer: 5 s in all was too short for a loaded machine)
    expect(page.locator("#status")).to_contain_text("Found 10 schedules", timeout=15_000)
    expect(page.locator("#form-error")).to_have_text("")
    assert len(polls) == 3


def test_a_job_whose_polls_never_answer_says_so_and_how_to_see_it(open_page):
    # given: the job says "running" when made, and no poll ever gets an answer
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    page.clock.install()
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # no timer fires unless run_for says so

    def offline(route):
        if route.request.method == "POST":
            response = route.fetch()
            body = response.json()
            body.update(status="running", results=None, explanation=None, viability=None)
            route.fulfill(response=response, body=json.dumps(body))
            return
        route.abort("internetdisconnected")

    page.route(JOBS, offline)
    # when: generated, and the page's clock run past every try (0.4 s, then 0.8 s to 12.8 s)
    page.get_by_role("button", name="Generate schedules").click()
    expect(page.locator("#status")).to_have_text("Running: searching for the best schedules…")
    error = page.locator("#form-error")
    for _ in range(50):  # each run lets the timers due fire; a failed poll sets the next one
        page.clock.run_for(13_000)
        if error.text_content():
            break
    # then
    expect(error).to_have_text(
        "The server did not answer. Check your connection and try again. "
        "The schedules may still be made: reload the page to see them."
    )
    expect(page.get_by_role("button", name="Generate schedules")).to_be_enabled()


def test_the_last_job_answered_after_the_request_changed_is_not_shown_as_its_schedules(open_page):
    # given: schedules of CS 1110 generated, then the page reloaded with the job's answer slow (held)
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    generate(page)
    page.context.add_init_script(ANSWERS_READ)
    held = []
    page.route(JOBS, lambda route: held.append(route))
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    # when: the student adds a busy time before the job answers
    busy = page.locator("#busy-form")
    busy.get_by_label("Mon").check()
    busy.get_by_role("button", name="Add busy time").click()
    expect(page.locator("#busy-list li")).to_have_count(1)
    wait_for(page, lambda: held)
    url = held[0].request.url
    held[0].continue_()
    page.wait_for_function(answer_read(url))
    # then: the schedules of the request before the change are not shown as this one's
    expect(page.locator("#results")).to_be_hidden()
    expect(page.locator("#status")).to_have_text("Busy Mo 07:00–09:00 with 60 minutes' rest after added.")


def test_another_term_looks_up_what_is_typed_in_the_search_there(open_page, spring):
    # given: "calculus" found in Fall 2026
    Course.objects.filter(term__code="2027-spring", subject="MATH").update(title="Analysis")
    page = open_page("/?i=demo&t=2026-fall")
    page.get_by_label("Find courses by code, title or instructor").fill("calculus")
    expect(page.locator("#search-status")).to_have_text("1 course found.")
    # when
    page.locator("#term").select_option("2027-spring")
    # then: searched again in Spring 2027, where no course is titled so
    expect(page.locator("#search-status")).to_have_text("No course matches “calculus”.")
    expect(page.locator(".result")).to_have_count(0)
    # and a search that matches there lists the spring course
    page.get_by_label("Find courses by code, title or instructor").fill("analysis")
    expect(page.locator(".result")).to_have_count(1)


def test_back_after_the_skip_link_leaves_the_address_naming_the_request_the_form_shows(open_page):
    # given: the skip link followed (an entry in the history), then a preference ticked
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.get_by_label("Fewer days with classes").check()
    # when
    page.go_back()
    # then: the address still holds the preference, so a reload keeps it
    expect(page).to_have_url(re.compile("fewer=1"))
    page.reload()
    expect(page.get_by_label("Fewer days with classes")).to_be_checked()


def test_a_required_course_with_no_section_to_schedule_is_explained_with_the_repair_to_drop_it(open_page):
    # given: PHIL 1000 is in the catalog with no section (a link's, or all withdrawn since)
    term = Term.objects.get(code="2026-fall")
    Course.objects.create(term=term, subject="PHIL", number="1000", title="Logic")
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=PHIL+1000")
    # when
    generate(page)
    # then: no schedule of CS 1110 alone, as if PHIL 1000 were taken, but why and what to do
    expect(page.locator("#status")).to_have_text("No schedule fits everything you asked for.")
    expect(page.locator("#explanation-message")).to_have_text("PHIL 1000 has no section to take this term.")
    assert query_of(page)["c"] == ["CS 1110", "PHIL 1000"]
    # and when the student takes the repair
    page.get_by_role("button", name="Drop PHIL 1000").click()
    # then
    expect(page.locator("#status")).to_have_text(
        re.compile(r"^Applied “Drop PHIL 1000”\. Found 10 schedules \(proven best\) in \d+ ms\.$")
    )
    assert query_of(page)["c"] == ["CS 1110"]


def test_enter_before_the_script_has_loaded_does_not_reload_the_page_without_the_stored_request(open_page):
    # given: a request kept in local storage, then the planner opened again on a slow network
    first = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    expect(first.locator("#required .chip")).to_have_count(1)
    held = []
    first.context.route("**/planner.js", lambda route: held.append(route))
    page = open_page("/", context=first.context, planner=False, wait_until="commit")
    wait_for(page, lambda: held)
    # when: Generate is pressed and Enter typed in the search before the script runs
    expect(page.get_by_role("button", name="Generate schedules")).to_be_disabled()
    page.get_by_label("Find courses by code, title or instructor").fill("math")
    page.get_by_label("Find courses by code, title or instructor").press("Enter")
    held[0].continue_()
    page.wait_for_selector("body[data-ready=true]")
    # then: the same page, with the stored request
    assert "institution=" not in page.url and query_of(page)["c"] == ["CS 1110"]
    expect(page.locator("#required .chip")).to_have_count(1)
    expect(page.get_by_role("button", name="Generate schedules")).to_be_enabled()


def test_a_course_code_of_no_course_in_the_term_is_named_with_what_to_do(open_page):
    # given: a link naming a course the term does not have
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=NOPE+1234")
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then
    expect(page.locator("#form-error")).to_have_text(
        "Unknown course(s) in Fall 2026 (2026-fall): NOPE 1234. Remove it from your courses and generate again."
    )


def test_an_elective_course_code_of_no_course_in_the_term_is_named_with_what_to_do(open_page):
    # given: a link whose elective group names a course the term does not have
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&e=1:ARTS+2050,NOPE+1234")
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then
    expect(page.locator("#form-error")).to_have_text(
        "Unknown course(s) in Fall 2026 (2026-fall): NOPE 1234. Remove it from your elective groups and generate again."
    )
