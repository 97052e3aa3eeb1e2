"""The course search's *Fits my week* (docs/web.md): the courses found that cannot be added to the
plan are hidden and counted, shown on request with the engine's reason, and checked again when
the plan changes."""

import re

import pytest
from playwright.sync_api import expect

from tests.web.test_e2e_filters import result_codes
from tests.web.test_e2e_planner import query_of

pytestmark = pytest.mark.django_db(transaction=True)

# MUSI 1310 (Tuesday 19:00-21:30) and the weekend busy: KINE 1010's labs (Saturday, Sunday, and
# Tuesday 18:00-20:00) leave it no time
PLAN = "/?i=demo&t=2026-fall&c=MUSI+1310&b=SaSu+08:00-18:00+weekend"
LEVEL_1000 = ["CHEM 1410", "CHEM 1411", "CS 1110", "ENWR 1510", "KINE 1010", "MATH 1310", "MUSI 1310", "PHYS 1425"]


def test_a_course_that_does_not_fit_is_hidden_said_shown_on_request_and_back_when_the_plan_changes(open_page, site):
    # given: the 1000-level courses listed
    page = open_page(PLAN)
    filters = page.locator("#search-filters")
    filters.locator("summary").click()
    filters.get_by_role("group", name="Level").get_by_label("1000").check()
    expect(page.locator("#search-results .result")).to_have_count(8)
    assert result_codes(page) == LEVEL_1000
    # when: fits my week
    filters.get_by_label("Fits my week").check()
    # then: KINE 1010 hidden, and said so
    note = page.locator("#search-results .fit-hidden")
    expect(note).to_have_text(re.compile(r"^1 more hidden: it does not fit your week\."))
    expect(page.locator("#search-results .result")).to_have_count(7)
    assert "KINE 1010" not in result_codes(page)
    expect(filters.locator("summary")).to_have_text("Filters (at level 1000, fitting my week)")
    # when: shown
    note.get_by_role("button", name="Show it").click()
    # then: with the reason, its buttons focused
    kine = page.locator('#search-results [data-code="KINE 1010"]')
    expect(kine).to_contain_text("Does not fit your week: it clashes with MUSI 1310.")
    expect(kine.get_by_role("button", name="Required: KINE 1010")).to_be_focused()
    expect(note).to_have_count(0)
    # when: the plan changes (MUSI 1310 removed)
    page.get_by_role("button", name="Remove MUSI 1310").click()
    # then: checked again, KINE 1010 fits
    expect(kine).not_to_contain_text("Does not fit")
    expect(page.locator("#search-results .result")).to_have_count(8)
    assert "c" not in query_of(page)


def test_fits_my_week_stays_for_the_tab_and_a_new_search_hides_again(open_page, site):
    # given: fits my week on, KINE 1010 shown on request
    page = open_page(PLAN)
    filters = page.locator("#search-filters")
    filters.locator("summary").click()
    filters.get_by_label("Fits my week").check()
    page.locator("#course-search").fill("kine")
    note = page.locator("#search-results .fit-hidden")
    expect(note).to_have_text(re.compile(r"^1 more hidden"))
    expect(page.locator("#search-results .result")).to_have_count(0)
    note.get_by_role("button", name="Show it").click()
    expect(page.locator("#search-results .result")).to_have_count(1)
    # when: another search, then back
    page.locator("#course-search").fill("rock")
    expect(page.locator("#search-results .fit-hidden")).to_have_text(re.compile(r"^1 more hidden"))
    # when: reloaded
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    page.locator("#course-search").fill("kine")
    # then: still on
    expect(page.locator("#search-results .fit-hidden")).to_have_text(re.compile(r"^1 more hidden"))
    filters = page.locator("#search-filters")
    filters.locator("summary").click()
    expect(filters.get_by_label("Fits my week")).to_be_checked()


def test_fits_my_week_breaks_no_rule(open_page, site):
    from tests.web.test_e2e_axe import violations

    # given: the filters open, a course hidden and then shown with its reason
    page = open_page(PLAN)
    filters = page.locator("#search-filters")
    filters.locator("summary").click()
    filters.get_by_label("Fits my week").check()
    page.locator("#course-search").fill("kine")
    page.locator("#search-results .fit-hidden").get_by_role("button", name="Show it").click()
    expect(page.locator("#search-results .result")).to_contain_text("Does not fit your week")
    # when
    found = violations(page)
    # then
    assert not found, found


def test_a_check_refused_for_too_many_requests_is_made_again_once_the_wait_has_passed(open_page, site):
    # given: the first check refused (the course_fits rate spent, a 429 asking to wait 1 s), the next answered
    page = open_page(PLAN)
    refused = []

    def once_too_many(route):
        if refused:
            route.continue_()
            return
        refused.append(route.request.url)
        throttled = {
            "status": 429,
            "code": "throttled",
            "message": "Request was throttled. Expected available in 1 second.",
        }
        route.fulfill(
            status=429, headers={"Retry-After": "1"}, content_type="application/json", json={"error": throttled}
        )

    page.route("**/api/v1/course-fits/", once_too_many)
    filters = page.locator("#search-filters")
    filters.locator("summary").click()
    filters.get_by_label("Fits my week").check()
    # when
    page.locator("#course-search").fill("kine")
    # then: the wait said, then the check made again without the plan changing, KINE 1010 hidden
    expect(page.locator("#search-status")).to_have_text(
        "Too many checks of which courses fit your week; checking again in 1 s."
    )
    expect(page.locator("#search-results .fit-hidden")).to_have_text(re.compile(r"^1 more hidden"))
    assert len(refused) == 1
