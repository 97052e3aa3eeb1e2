"""“Avoid instructors” as a must (“never”): the API's filter `excluded_instructors`, kept in the
address and local storage, named when nothing fits and dropped by its one-click repair."""

import pytest
from playwright.sync_api import expect

from scheduler.models import GenerationJob
from tests.web.test_e2e_planner import generate, query_of

pytestmark = pytest.mark.django_db(transaction=True)

# the demo catalog's CS 1110: lectures 001 and 002 by Ada Byron, 003 by Grace Hopper


def test_never_with_an_instructor_leaves_out_their_sections_and_stays_in_the_address(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    prefs = page.locator("[data-pref=without]")
    names = page.get_by_label("Instructors to avoid, separated by commas")
    # when: Byron avoided as a must, from the keyboard
    prefs.get_by_label("Avoid instructors").check()
    names.fill("Byron")
    names.press("Tab")
    page.keyboard.press("Space")  # the next control: “never”
    generate(page)
    # then: the job never takes her, as a filter, not a preference; every schedule's lecture is Hopper's
    never = prefs.get_by_label("never (a must, not a preference)")
    expect(never).to_be_checked()
    expect(page.get_by_label("Importance of instructors to avoid")).to_be_disabled()
    job = GenerationJob.objects.latest("created_at")
    assert job.request["filters"]["excluded_instructors"] == ["Ada Byron"]
    assert "instructors" not in job.request["preferences"]
    lectures = page.locator(".card tr", has_text="LEC")
    expect(lectures.first).to_contain_text("Grace Hopper")
    assert query_of(page)["without"] == ["Byron"] and query_of(page)["never"] == ["1"]
    # when: the bare address later, in the same browser (local storage)
    page.goto("/")
    page.wait_for_selector("body[data-ready=true]")
    # then
    expect(prefs.get_by_label("Avoid instructors")).to_be_checked()
    expect(names).to_have_value("Byron")
    expect(never).to_be_checked()


def test_never_with_that_leaves_nothing_is_explained_and_its_repair_lifts_it(open_page):
    # given: every CS 1110 lecture is Byron's or Hopper's
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&without=Byron,+Hopper&never=1")
    # when
    generate(page)
    # then
    expect(page.locator("#explanation-message")).to_have_text(
        "Every CS 1110 LEC section is taught by Ada Byron or Grace Hopper."
    )
    expect(page.locator("#conflicts")).to_contain_text("Never with: Ada Byron, Grace Hopper")
    button = page.locator("#repairs").get_by_role("button", name="Drop the filter never with: Ada Byron, Grace Hopper")
    # when
    button.click()
    # then: no longer a must, the names still avoided as a preference, and schedules are found
    expect(page.locator("#status")).to_contain_text(
        "Applied “Drop the filter never with: Ada Byron, Grace Hopper”. Found"
    )
    expect(page.locator("[data-pref=without]").get_by_label("Avoid instructors")).to_be_checked()
    expect(page.locator("[data-pref=without]").get_by_role("checkbox", name="never")).not_to_be_checked()
    expect(page.get_by_label("Instructors to avoid, separated by commas")).to_have_value("Byron, Hopper")
    # when: the page read again
    page.reload()
    # then: the names are still there, avoided (the address kept them)
    expect(page.get_by_label("Instructors to avoid, separated by commas")).to_have_value("Byron, Hopper")
    expect(page.locator("[data-pref=without]").get_by_label("Avoid instructors")).to_be_checked()


def test_a_name_both_preferred_and_never_wanted_is_refused_in_the_words_of_the_form(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&with=Ada+Byron&without=byron&never=1")
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then
    expect(page.locator("#form-error")).to_have_text(
        "“Avoid instructors” (never): Ada Byron is under “Classes with” too; remove the name from one of them."
        " Change it and generate again."
    )


def test_never_goes_to_the_api_as_a_filter_and_back_from_a_job(open_page):
    # given
    page = open_page()
    # when
    sent, again, soft, shown = page.evaluate(
        """async () => {
          const m = await import("/static/web/request.js");
          const req = m.fromQuery("?t=2026-fall&i=demo&c=CS+1110&with=Hopper!&without=Byron&never=1");
          const body = m.toApiRequest(req);
          const job = { institution: "demo", term: "2026-fall", request: { ...body,
            filters: { excluded_instructors: ["Ada Byron"] },
            preferences: { instructors: { weight: 25, prefer: ["Grace Hopper"], avoid: ["Ben Okafor"] } } } };
          const back = m.fromJob(job);
          const unticked = m.fromQuery("?t=2026-fall&i=demo&c=CS+1110&without=Byron!");
          return [
            [body.filters, body.preferences, req.prefs.with.level, req.prefs.without.level],
            m.toQuery(back.req),
            m.toApiRequest(unticked),
            back.unshown,
          ];
        }"""
    )
    # then: the filter takes the names, the preference keeps only the preferred ones and its own level
    assert sent == [
        {"excluded_instructors": ["Byron"]},
        {"instructors": {"weight": 25, "prefer": ["Hopper"]}},
        "important",
        "nice",
    ]
    # and a job's filter comes back as “never”; an avoidance by weight besides it is said, not shown
    assert again == "i=demo&t=2026-fall&c=CS+1110&with=Grace+Hopper%21&without=Ada+Byron&never=1"
    assert shown == ["avoiding Ben Okafor as a preference besides never taking Ada Byron"]
    # and without “never” the names are a preference as before
    assert "filters" not in soft and soft["preferences"] == {"instructors": {"weight": 25, "avoid": ["Byron"]}}
