"""The planner's delivery-mode choice (sent as `filters.modalities`, kept in the URL, filled from a
job opened by its URL, and undone by the repair of Nothing fits) and the course search's filters
(the API's `days`, `starts_after`, `open_seats`, `modality`... under the search box)."""

import json
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from scheduler.models import GenerationJob
from tests.conftest import DEMO_CATALOG
from tests.web.test_e2e_planner import generate, query_of

pytestmark = pytest.mark.django_db(transaction=True)

ONLINE = {"40030", "40031"}  # two of ENWR 1510's four seminars; 40032 and 40033 stay in person


@pytest.fixture
def online_seminars(site, tmp_path):
    """The demo catalog again as Spring 2027, with two ENWR 1510 seminars online."""
    data = json.loads(DEMO_CATALOG.read_text())
    data["term"] = {**data["term"], "code": "2027-spring", "name": "Spring 2027"}
    for course in data["courses"]:
        for component in course["components"]:
            for section in component["sections"]:
                if section["id"] in ONLINE:
                    section["modality"] = "online"
    path = tmp_path / "spring.json"
    path.write_text(json.dumps(data))
    call_command("import_catalog", str(path), "--format", "canonical", stdout=None)


def seminars_taken(job: GenerationJob) -> set[str]:
    return {s["id"] for r in job.results for s in r["sections"] + r["tba"] if s["course"] == "ENWR 1510"}


def test_online_only_changes_the_schedules_and_survives_a_reload_and_a_jobs_link(open_page, online_seminars):
    # given: ENWR 1510, two seminars online and two in person
    page = open_page("/?i=demo&t=2027-spring&c=ENWR+1510")
    choice = page.get_by_role("group", name="Delivery mode", exact=True)
    expect(choice.get_by_label("Any delivery mode")).to_be_checked()
    generate(page)
    assert seminars_taken(GenerationJob.objects.latest("created_at")) == {"40030", "40031", "40032", "40033"}
    # when: online only
    choice.get_by_label(re.compile(r"Online \(\d+ sections\)")).check()
    generate(page)
    online = GenerationJob.objects.latest("created_at")
    # then: the schedules take the online seminars alone, and the address keeps the choice
    assert online.request["filters"]["modalities"] == ["online"]
    assert seminars_taken(online) == ONLINE
    assert query_of(page)["mode"] == ["online"]
    # when: the page reloaded, then the job opened by its link
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    # then: still online only
    expect(choice.get_by_label(re.compile(r"Online \("))).to_be_checked()
    expect(choice.get_by_label("Any delivery mode")).not_to_be_checked()
    page.goto(f"/?job={online.pk}")
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#job-note")).to_contain_text(f"generation job {online.pk}")
    expect(page.locator("#job-note")).not_to_contain_text("modalit")
    expect(choice.get_by_label(re.compile(r"Online \("))).to_be_checked()


def test_a_term_of_one_delivery_mode_shows_no_choice(open_page, online_seminars):
    # given: every section of Spring 2027 in person but STS 1500's and two seminars: two modes
    page = open_page("/?i=demo&t=2027-spring")
    expect(page.get_by_role("group", name="Delivery mode", exact=True)).to_be_visible()
    # when: a term whose sections are all in person (the demo's Fall 2026 has STS 1500 online, so it
    # is made one here)
    from catalog.models import Section
    from web.selectors import modalities_cache

    Section.objects.filter(term__code="2026-fall").update(modality="in_person")
    modalities_cache.clear()  # kept per catalog version, which an update by hand does not bump
    page = open_page("/?i=demo&t=2026-fall")
    # then
    expect(page.get_by_role("group", name="Delivery mode", exact=True)).to_be_hidden()


def test_nothing_fits_names_the_delivery_mode_and_its_repair_lets_any_in(open_page, online_seminars):
    # given: HIST 2001, in person only, asked online
    page = open_page("/?i=demo&t=2027-spring&c=HIST+2001&mode=online")
    # when
    generate(page)
    # then: the explanation names the filter, and its repair is a button that works
    expect(page.locator("#explanation")).to_contain_text("modality: online")
    page.locator("#repairs button", has_text="modality").click()
    expect(page.locator("#status")).to_contain_text("Found")
    choice = page.get_by_role("group", name="Delivery mode", exact=True)
    expect(choice.get_by_label("Any delivery mode")).to_be_checked()
    job = GenerationJob.objects.latest("created_at")
    assert not job.request["filters"]["modalities"] and job.results
    assert "mode" not in query_of(page)


def result_codes(page) -> list[str]:
    return [re.match(r"[A-Z]+ \w+", text)[0] for text in page.locator("#search-results .result").all_inner_texts()]


def test_search_filters_narrow_the_courses_found_with_words_or_alone_and_stay_on_reload(open_page, site):
    # given: "1310" finds MATH 1310 (lectures MWF and TuTh) and MUSI 1310 (Tuesday evening)
    page = open_page("/?i=demo&t=2026-fall")
    page.locator("#course-search").fill("1310")
    expect(page.locator("#search-results .result")).to_have_count(2)
    # when: meets only on Tuesday
    filters = page.locator("#search-filters")
    filters.locator("summary").click()
    filters.get_by_role("group", name="Meets only on").get_by_label("Tue").check()
    # then: MUSI 1310 alone, and the status says why
    expect(page.locator("#search-results .result")).to_have_count(1)
    assert result_codes(page) == ["MUSI 1310"]
    expect(page.locator("#search-status")).to_contain_text("meeting only on Tu")
    # when: no words, the weekend alone
    filters.get_by_role("group", name="Meets only on").get_by_label("Tue").uncheck()
    for day in ("Sat", "Sun"):
        filters.get_by_role("group", name="Meets only on").get_by_label(day).check()
    page.locator("#course-search").fill("")
    # then: the courses meeting on the weekend or at no set weekly time (CHEM 1411's labs are dated
    # sessions, CS 4993 is arranged, STS 1500 online)
    expect(page.locator("#search-status")).to_contain_text("4 courses found meeting only on Sa, Su")
    assert sorted(result_codes(page)) == ["CHEM 1411", "CS 4993", "KINE 1010", "STS 1500"]
    # when: online too, then the page reloaded
    filters.get_by_role("group", name="Taught").get_by_label("Online").check()
    expect(page.locator("#search-results .result")).to_have_count(1)
    assert result_codes(page) == ["STS 1500"]
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    # then: the filters stay for the tab (not in the address)
    filters = page.locator("#search-filters")
    filters.locator("summary").click()
    expect(filters.get_by_role("group", name="Taught").get_by_label("Online")).to_be_checked()
    expect(filters.get_by_role("group", name="Meets only on").get_by_label("Sat")).to_be_checked()
    assert not any(name in query_of(page) for name in ("days", "modality"))


def test_starts_after_narrows_a_search_and_a_window_with_no_time_in_it_is_said_not_sent(open_page, site):
    # given: "CS" finds CS 1110 (lectures at 9:00, 11:00 and 14:00) and CS 4993 (arranged)
    page = open_page("/?i=demo&t=2026-fall")
    page.locator("#course-search").fill("CS")
    expect(page.locator("#search-results .result")).not_to_have_count(0)
    assert "CS 1110" in result_codes(page)
    filters = page.locator("#search-filters")
    filters.locator("summary").click()
    # when: starting at 15:00 or later (CS 1110's lectures all start before)
    filters.get_by_label("Starts at or after").fill("15:00")
    filters.get_by_label("Starts at or after").dispatch_event("change")
    # then
    expect(page.locator("#search-status")).to_contain_text("starting at 15:00 or later")
    assert "CS 1110" not in result_codes(page)
    # when: ending by an earlier time than the start
    filters.get_by_label("Ends by").fill("10:00")
    filters.get_by_label("Ends by").dispatch_event("change")
    # then: said, not sent (the API would refuse it)
    expect(page.locator("#search-status")).to_contain_text("is not before")
    expect(page.locator("#search-results .result")).to_have_count(0)


def test_the_delivery_mode_choice_and_the_open_search_filters_break_no_rule(open_page, online_seminars):
    from tests.web.test_e2e_axe import violations

    # given: the choice shown, the filters open with one on, courses found
    page = open_page("/?i=demo&t=2027-spring&mode=online")
    filters = page.locator("#search-filters")
    filters.locator("summary").click()
    filters.get_by_role("group", name="Taught").get_by_label("Online").check()
    expect(page.locator("#search-results .result")).not_to_have_count(0)
    expect(page.get_by_role("button", name="Clear filters")).to_be_visible()
    # when
    found = violations(page)
    # then
    assert not found, found


def test_a_search_filters_delivery_mode_ticked_from_the_keyboard_keeps_the_focus(open_page, site):
    # given: the filters open, the first "Taught" box focused
    page = open_page("/?i=demo&t=2026-fall")
    filters = page.locator("#search-filters")
    filters.locator("summary").click()
    first = filters.get_by_role("group", name="Taught").get_by_role("checkbox").first
    first.focus()
    # when: ticked with Space
    page.keyboard.press("Space")
    # then: ticked, and the focus still on it (it was on the page's body: the boxes were drawn anew)
    expect(first).to_be_checked()
    expect(first).to_be_focused()


def test_a_level_narrows_the_search_is_said_and_stays_on_reload(open_page, site):
    # given: "1310" finds MATH 1310 and MUSI 1310; "20" finds the demo's 2000-level courses
    page = open_page("/?i=demo&t=2026-fall")
    filters = page.locator("#search-filters")
    filters.locator("summary").click()
    levels = filters.get_by_role("group", name="Level")
    # when: the 2000 level, no words
    levels.get_by_label("2000").check()
    # then: its courses alone, the status and the summary saying the level
    expect(page.locator("#search-status")).to_contain_text("4 courses found at level 2000")
    assert result_codes(page) == ["ARTS 2050", "ECON 2010", "HIST 2001", "SPAN 2020"]
    expect(filters.locator("summary")).to_have_text("Filters (at level 2000)")
    # when: 4000 too, with a word
    levels.get_by_label("4000").check()
    page.locator("#course-search").fill("hopper")
    # then: CS 4993 (Hopper teaches CS 1110 too, a 1000-level course)
    expect(page.locator("#search-status")).to_contain_text("1 course found at level 2000 or 4000")
    assert result_codes(page) == ["CS 4993"]
    # when: the page reloaded
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    # then: kept for the tab, not in the address
    filters = page.locator("#search-filters")
    filters.locator("summary").click()
    expect(filters.get_by_role("group", name="Level").get_by_label("4000")).to_be_checked()
    expect(filters.get_by_role("group", name="Level").get_by_label("1000")).not_to_be_checked()
    assert "level" not in query_of(page)
