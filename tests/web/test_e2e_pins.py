"""Kept and avoided sections on the planner: a student keeps a section (every schedule uses it,
the API's `pinned`) or avoids one (no schedule uses it, `excluded`) from a schedule's sections,
sees them in the form, in the address, and repairs a clash one click at a time."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from catalog.models import Section
from scheduler.models import GenerationJob
from tests.web.conftest import PHONE, screenshot, wait_for
from tests.web.test_e2e_planner import generate, query_of
from tests.web.test_e2e_replan import anonymous_job

pytestmark = pytest.mark.django_db(transaction=True)

CS_AND_MATH = "/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310"


def latest_schedules() -> list[set[str]]:
    """The section ids of each schedule of the last generation job."""
    job = GenerationJob.objects.latest("created_at")
    return [{s["id"] for s in [*r["sections"], *r["tba"]]} for r in job.results]


def row_of(page, rank: int, course: str, component: str):
    """The row of a schedule card's sections table for one component of a course."""
    return (
        page.locator(f".card[data-rank='{rank}'] table.sections tbody tr")
        .filter(has=page.get_by_role("cell", name=re.compile(f"^{course} ")))
        .filter(has=page.locator(".section-name", has_text=re.compile(f"^{component} ")))
    )


def code_of(row) -> str:
    """The section code a row shows ("LEC 002" → "002")."""
    return row.locator(".section-name").inner_text().split(" ")[1]


def test_a_section_kept_from_a_schedule_is_in_every_schedule_of_the_next_generation(open_page):
    # given: the first schedule's CS 1110 lab, which not every schedule uses yet
    page = open_page(CS_AND_MATH)
    generate(page)
    lab = row_of(page, 1, "CS 1110", "LAB")
    lab_id = lab.get_attribute("data-section")
    code = code_of(lab)
    assert not all(lab_id in ids for ids in latest_schedules())
    # when
    lab.get_by_role("button", name=f"Keep CS 1110 LAB {code}").click()
    generate(page)
    # then
    assert all(lab_id in ids for ids in latest_schedules())
    expect(page.locator("#kept .chip")).to_have_text([f"Keep CS 1110 LAB {code} ({lab_id})×"])
    assert query_of(page)["pin"] == [lab_id]
    expect(row_of(page, 1, "CS 1110", "LAB").get_by_role("button", name=f"Keep CS 1110 LAB {code}")).to_have_attribute(
        "aria-pressed", "true"
    )


def test_a_section_avoided_from_a_schedule_is_in_no_schedule_of_the_next_generation(open_page):
    # given
    page = open_page(CS_AND_MATH)
    generate(page)
    lecture = row_of(page, 1, "MATH 1310", "LEC")
    lecture_id = lecture.get_attribute("data-section")
    code = code_of(lecture)
    # when
    avoid = lecture.get_by_role("button", name=f"Avoid MATH 1310 LEC {code}")
    avoid.click()
    # then: said at once, the button stays focused and shows it is on
    expect(page.locator("#status")).to_have_text(
        f"Avoided MATH 1310 LEC {code} ({lecture_id}): the schedules you generate do not use it."
    )
    expect(avoid).to_be_focused()
    expect(avoid).to_have_attribute("aria-pressed", "true")
    # when
    generate(page)
    # then
    schedules = latest_schedules()
    assert schedules and not any(lecture_id in ids for ids in schedules)
    expect(page.locator("#kept .chip")).to_have_text([f"Avoid MATH 1310 LEC {code} ({lecture_id})×"])
    assert query_of(page)["avoid"] == [lecture_id]


def test_the_url_restores_kept_and_avoided_sections_with_their_labels_in_a_new_browser(open_page):
    # given: the best schedule's lecture kept (003, the only one after 13:00) and its lab avoided
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&before=13:00!")
    generate(page)
    lecture = row_of(page, 1, "CS 1110", "LEC")
    assert code_of(lecture) == "003"
    lecture.get_by_role("button", name="Keep CS 1110 LEC 003").click()
    lab = row_of(page, 1, "CS 1110", "LAB")
    lab_name = "CS 1110 LAB " + code_of(lab)
    lab_id = lab.get_attribute("data-section")
    lab.get_by_role("button", name=f"Avoid {lab_name}").click()
    link = urlsplit(page.url)
    # when: a new context has no local storage and no job: only the URL can tell
    other = open_page(f"{link.path}?{link.query}")
    # then: the labels come from the section endpoint
    expect(other.locator("#kept .chip")).to_have_text(
        ["Keep CS 1110 LEC 003 (40003)×", f"Avoid {lab_name} ({lab_id})×"]
    )
    assert query_of(other)["pin"] == ["40003"] and query_of(other)["avoid"] == [lab_id]
    expect(other.get_by_role("button", name="Remove kept CS 1110 LEC 003 (40003)")).to_be_visible()
    generate(other)
    assert all("40003" in ids and lab_id not in ids for ids in latest_schedules())


def test_an_unknown_section_in_the_url_is_shown_as_unknown_and_can_be_removed(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&avoid=99999&avoid=40006")
    kept = page.locator("#kept .chip")
    expect(kept).to_have_text(["Avoid section 99999: no such section in this term×", "Avoid CS 1110 LAB 103 (40006)×"])
    # when
    page.get_by_role("button", name="Remove avoided section 99999").click()
    # then
    expect(kept).to_have_text(["Avoid CS 1110 LAB 103 (40006)×"])
    assert query_of(page)["avoid"] == ["40006"]
    expect(page.locator("#status")).to_have_text("Section 99999 is no longer avoided.")


def test_keeping_a_second_section_of_a_component_replaces_the_first_and_says_so(open_page):
    # given: the sections that can fit offer to keep them
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&b=MoWe+07:00-09:00%2B60+practice")
    generate(page)
    page.get_by_text("Which sections can fit").click()
    fit = page.locator("#fit-rows tr[data-course='CS 1110'][data-component='LEC']")
    expect(fit.get_by_role("button")).to_have_text([re.compile(r"^002 \(closed\)"), re.compile("^003")])  # not 001
    fit.get_by_role("button", name="Keep CS 1110 LEC 002").click()
    # when
    fit.get_by_role("button", name="Keep CS 1110 LEC 003").click()
    # then
    expect(page.locator("#status")).to_have_text(
        "Kept CS 1110 LEC 003 (40003) instead of CS 1110 LEC 002 (40002) (a schedule takes one section of each "
        "component): the schedules you generate now use it."
    )
    expect(page.locator("#kept .chip")).to_have_text(["Keep CS 1110 LEC 003 (40003)×"])
    expect(fit.get_by_role("button", name="Keep CS 1110 LEC 002")).to_have_attribute("aria-pressed", "false")
    assert query_of(page)["pin"] == ["40003"]


def test_keeping_an_avoided_section_moves_it_and_removing_its_course_drops_it(open_page):
    # given: MATH 1310 discussion 101 kept by the link, and the best schedule's CS 1110 lecture avoided
    page = open_page(CS_AND_MATH + "&pin=40026")
    generate(page)
    lecture = row_of(page, 1, "CS 1110", "LEC")
    lecture_id = lecture.get_attribute("data-section")
    name = "CS 1110 LEC " + code_of(lecture)
    lecture.get_by_role("button", name=f"Avoid {name}").click()
    # when
    lecture.get_by_role("button", name=f"Keep {name}").click()
    # then: moved from avoided to kept
    kept = page.locator("#kept .chip")
    expect(kept).to_have_text(["Keep MATH 1310 DIS 101 (40026)×", f"Keep {name} ({lecture_id})×"])
    expect(page.locator("#status")).to_have_text(
        f"Kept {name} ({lecture_id}), no longer avoided: the schedules you generate now use it."
    )
    expect(lecture.get_by_role("button", name=f"Avoid {name}")).to_have_attribute("aria-pressed", "false")
    # when
    page.get_by_role("button", name="Remove CS 1110").click()
    # then
    expect(kept).to_have_text(["Keep MATH 1310 DIS 101 (40026)×"])
    expect(page.locator("#status")).to_have_text(f"Removed with the course: kept {name} ({lecture_id}).")
    assert query_of(page)["pin"] == ["40026"] and "avoid" not in query_of(page)


def test_a_section_with_no_set_time_can_be_kept_too(open_page):
    # given: CS 4993's independent studies have no set time
    page = open_page("/?i=demo&t=2026-fall&c=CS+4993")
    generate(page)
    tba = page.locator(".card[data-rank='1'] .tba")
    expect(tba).to_contain_text("No set time")
    # when
    tba.get_by_role("button", name=re.compile(r"^Keep CS 4993 IND ")).first.click()
    # then
    expect(page.locator("#kept .chip")).to_have_count(1)
    expect(page.locator("#kept .chip")).to_contain_text(re.compile(r"Keep CS 4993 IND 00\d \(4004[56]\)"))
    assert query_of(page)["pin"][0] in {"40045", "40046"}


def test_a_kept_section_that_clashes_with_a_busy_time_is_unkept_by_its_one_click_repair(open_page):
    # given: lecture 001 meets MoWeFr 9:00, where work is
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&pin=40001&b=MoWeFr+08:30-10:00+work")
    expect(page.locator("#kept .chip")).to_have_text(["Keep CS 1110 LEC 001 (40001)×"])
    generate(page)
    explanation = page.locator("#explanation")
    expect(explanation.locator("#conflicts")).to_contain_text("Kept section: CS 1110 LEC 001 (40001)")
    expect(page.locator("#explanation-message")).to_have_text(
        "CS 1110 LEC 001 (40001), which you kept, clashes with the busy time work."
    )
    expect(explanation).not_to_contain_text(re.compile(r"\b(un)?pin"))  # the API's word: the page says "kept"
    # dropping the only course, which would leave nothing to schedule, is not offered at all
    expect(explanation.get_by_text(re.compile("^Drop CS 1110"))).to_have_count(0)
    # when
    instead = re.compile(r"^Take CS 1110 LEC .* instead of the kept CS 1110 LEC 001 \(40001\)")
    explanation.get_by_role("button", name=instead).click()
    # then: the status says which repair changed the form, then what it found
    expect(page.locator("#status")).to_contain_text(
        re.compile(r"^Applied “Take CS 1110 LEC .*”\. Found \d+ schedules?")
    )
    expect(explanation).to_be_hidden()
    expect(page.locator("#kept .chip")).to_have_count(0)
    assert "pin" not in query_of(page) and query_of(page)["b"] == ["MoWeFr 08:30-10:00 work"]


def test_dropping_the_course_of_a_kept_section_says_it_is_no_longer_kept(open_page):
    # given: a kept CS 1110 lecture under a busy time, beside a second course
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310&pin=40001&b=MoWeFr+09:00-10:00+gym")
    # when
    generate(page)
    # then: the repairs say "kept", as the form does, never the API's "pinned"
    explanation = page.locator("#explanation")
    expect(
        explanation.get_by_role("button", name="Drop CS 1110, no longer keeping CS 1110 LEC 001 (40001)")
    ).to_be_visible()
    expect(explanation).not_to_contain_text(re.compile(r"\b(un)?pin"))


def test_avoiding_every_section_of_a_course_is_repaired_by_allowing_them_again(open_page):
    # given: MUSI 1310 has one section, and it is avoided
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MUSI+1310&avoid=40042")
    generate(page)
    explanation = page.locator("#explanation")
    expect(explanation.locator("#conflicts")).to_contain_text("Avoided sections: MUSI 1310 LEC 001")
    expect(explanation.locator("#conflicts")).not_to_contain_text("excluded")
    # when
    explanation.get_by_role("button", name=re.compile("MUSI 1310 LEC")).click()
    # then
    expect(page.locator("#status")).to_contain_text(re.compile(r"^Applied “.*MUSI 1310 LEC.*”\. Found \d+ schedules?"))
    expect(page.locator("#kept .chip")).to_have_count(0)
    assert "avoid" not in query_of(page) and query_of(page)["c"] == ["CS 1110", "MUSI 1310"]
    assert all("40042" in ids for ids in latest_schedules())


def test_keeping_a_cancelled_section_says_so_and_is_refused_in_words(open_page):
    # given: the registrar cancelled lecture 002 since the link was made
    Section.objects.filter(registrar_id="40002").update(status="cancelled")
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&pin=40002")
    expect(page.locator("#kept .chip")).to_have_text(["Keep CS 1110 LEC 002 (40002): cancelled by the registrar×"])
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then
    expect(page.locator("#form-error")).to_contain_text(
        "section 40002 (CS 1110 LEC 002) was cancelled by the registrar"
    )
    assert GenerationJob.objects.count() == 0


def test_a_kept_section_withdrawn_since_is_refused_with_a_way_on(open_page):
    # given: a link keeping lecture 002 and lab 102 of CS 1110; the registrar withdrew the lab since
    Section.objects.filter(registrar_id="40005").update(withdrawn_at=timezone.now())
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&pin=40002&pin=40005")
    expect(page.locator("#kept .chip")).to_have_count(2)
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then: why, what else the lab offers, and a button that goes on without it
    error = page.locator("#form-error")
    expect(error).to_contain_text("section 40005 (CS 1110 LAB 102) was withdrawn by the registrar")
    expect(error).to_contain_text("Other CS 1110 LAB sections a schedule can take: 101, 103, 104, 105, 106.")
    assert GenerationJob.objects.count() == 0
    # when
    error.get_by_role("button", name="Stop keeping CS 1110 LAB 102 and generate again").click()
    # then: the lecture still kept, the lab chosen by the schedules
    expect(page.locator("#status")).to_contain_text(re.compile(r"^No longer keeping CS 1110 LAB 102 \(40005\)\. Found"))
    expect(page.locator("#form-error")).to_have_text("")
    expect(page.locator("#kept .chip")).to_have_count(1)
    assert query_of(page)["pin"] == ["40002"]
    assert all("40002" in ids and "40005" not in ids for ids in latest_schedules())


def test_keeping_a_section_that_cannot_be_scheduled_is_refused_in_words(open_page):
    # given: the registrar's lecture 002 lost its meeting days since the link was made
    Section.objects.filter(registrar_id="40002").update(quarantine_reason="no meeting days")
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&pin=40002")
    expect(page.locator("#kept .chip")).to_have_text(
        ["Keep CS 1110 LEC 002 (40002): cannot be scheduled (no meeting days)×"]
    )
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then
    expect(page.locator("#form-error")).to_have_text(
        "A kept section cannot be used: section 40002 (CS 1110 LEC 002) cannot be scheduled: no meeting days. "
        "Remove it under “Kept and avoided sections” and generate again. Other CS 1110 LEC sections a schedule "
        "can take: 001, 003. Stop keeping CS 1110 LEC 002 and generate again"
    )
    assert GenerationJob.objects.count() == 0
    # when: it is removed
    page.get_by_role("button", name="Remove kept CS 1110 LEC 002 (40002)").click()
    generate(page)
    # then: generating works again
    expect(page.locator("#form-error")).to_have_text("")
    expect(page.locator("#results .card")).to_have_count(1)


def test_kept_and_avoided_sections_fit_a_phone_without_sideways_scrolling(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310&pin=40003&avoid=40006&avoid=40027", viewport=PHONE)
    expect(page.locator("#kept .chip")).to_have_count(3)
    # when
    generate(page)
    # then
    expect(page.locator(".card[data-rank='1'] .pin-actions").first).to_be_visible()
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    screenshot(page, "kept-avoided-phone")


def test_two_kept_sections_of_one_component_in_the_url_keep_the_later_one_and_say_so(open_page):
    # given: a link that keeps lectures 002 and 003 of CS 1110
    # when
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&pin=40002&pin=40005&pin=40003")
    # then: once the labels say they share a component, the later one stays
    expect(page.locator("#kept .chip")).to_have_text(["Keep CS 1110 LAB 102 (40005)×", "Keep CS 1110 LEC 003 (40003)×"])
    expect(page.locator("#status")).to_have_text(
        "Kept CS 1110 LEC 003 (40003) instead of CS 1110 LEC 002 (40002): the link kept two sections of one "
        "component, and a schedule takes one section of each."
    )
    assert query_of(page)["pin"] == ["40005", "40003"]
    generate(page)
    assert all({"40003", "40005"} <= ids for ids in latest_schedules())


def test_a_section_of_a_course_removed_since_the_schedules_were_made_is_neither_kept_nor_avoided(open_page):
    # given: MATH 1310 removed from the form while its schedules are still shown
    page = open_page(CS_AND_MATH)
    generate(page)
    page.get_by_role("button", name="Remove MATH 1310").click()
    lecture = row_of(page, 1, "MATH 1310", "LEC")
    name = "MATH 1310 LEC " + code_of(lecture)
    keep = lecture.get_by_role("button", name=f"Keep {name}")
    # when
    keep.click()
    lecture.get_by_role("button", name=f"Avoid {name}").click()
    # then: said, and nothing the API would refuse is sent
    expect(page.locator("#status")).to_have_text(
        "MATH 1310 is no longer one of your courses: add it again to keep or avoid its sections."
    )
    expect(keep).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#kept .chip")).to_have_count(0)
    assert "pin" not in query_of(page) and "avoid" not in query_of(page)
    generate(page)
    expect(page.locator("#form-error")).to_have_text("")


def test_removing_kept_and_avoided_sections_with_the_keyboard_keeps_the_focus_on_the_list(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&pin=40003&avoid=40006")
    expect(page.locator("#kept .chip")).to_have_count(2)
    page.get_by_role("button", name="Remove kept CS 1110 LEC 003 (40003)").focus()
    # when
    page.keyboard.press("Enter")
    # then: on the entry that took its place
    expect(page.get_by_role("button", name="Remove avoided CS 1110 LAB 103 (40006)")).to_be_focused()
    # when
    page.keyboard.press("Enter")
    # then: the list is empty, its heading has the focus
    expect(page.locator("#kept .chip")).to_have_count(0)
    expect(page.get_by_role("heading", name="Kept and avoided sections")).to_be_focused()


def test_changing_the_term_while_a_job_runs_cancels_it_and_its_schedules_never_show(open_page, spring):
    # given: the job answers "running" until the test lets it finish
    page = open_page(CS_AND_MATH)
    running = [True]
    deleted = []

    def held(route):
        if route.request.method == "DELETE":
            deleted.append(route.request.url)
            route.continue_()
            return
        response = route.fetch()
        body = response.json()
        if running[0]:
            body.update(status="running", results=None, explanation=None, viability=None)
        route.fulfill(response=response, body=json.dumps(body))

    page.route(re.compile(r".*/api/v1/generations/([0-9a-f-]+/)?$"), held)
    page.get_by_role("button", name="Generate schedules").click()
    expect(page.locator("#status")).to_contain_text("Running")
    # when
    page.locator("#term").select_option("2027-spring")
    running[0] = False
    page.wait_for_timeout(1500)  # several polls' time: a job still followed would have finished
    # then
    expect(page.locator("#status")).to_have_text(
        "The term changed, so the schedules being generated for Fall 2026 were cancelled. Your Fall 2026 "
        "courses are put aside: choose Fall 2026 again to bring them back."
    )
    expect(page.locator("#results")).to_be_hidden()
    expect(page.locator("#progress")).to_be_hidden()
    expect(page.get_by_role("button", name="Generate schedules")).to_be_enabled()
    assert len(deleted) == 1


def test_a_term_chosen_by_mistake_and_back_again_brings_back_the_courses_and_sections(open_page, spring):
    # given: fall courses, an elective group, a kept and an avoided section, all labelled
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310&e=1:ARTS+2050,MUSI+1310&pin=40003&avoid=40024")
    expect(page.locator("#kept .chip")).to_have_text(
        ["Keep CS 1110 LEC 003 (40003)×", "Avoid MATH 1310 LEC 002 (40024)×"]
    )
    term = page.get_by_role("combobox", name="Term")
    # when: another term (an arrow key on the focused select is enough)
    term.select_option("2027-spring")
    # then: a new, empty request, and where the fall one went
    expect(page.locator("#required .chip")).to_have_count(0)
    expect(page.locator("#status")).to_have_text(
        "Your Fall 2026 courses are put aside: choose Fall 2026 again to bring them back."
    )
    assert "c" not in query_of(page)
    # when: back to fall
    term.select_option("2026-fall")
    # then: all of it back, labels too, in the address as well
    expect(page.locator("#status")).to_have_text("Your Fall 2026 courses are back.")
    expect(page.locator("#required .chip")).to_have_count(2)
    expect(page.locator("[data-group='0'] .chip")).to_have_count(2)
    expect(page.locator("#kept .chip")).to_have_text(
        ["Keep CS 1110 LEC 003 (40003)×", "Avoid MATH 1310 LEC 002 (40024)×"]
    )
    back = query_of(page)
    assert back["c"] == ["CS 1110", "MATH 1310"] and back["pin"] == ["40003"] and back["avoid"] == ["40024"]
    assert back["e"] == ["1:ARTS 2050,MUSI 1310"]


def test_a_job_opened_by_its_url_labels_its_sections_from_its_own_term(open_page, spring):
    # given: the last request, of spring, keeps 40003 (there lecture 009); a fall job keeps 40003 (lecture 003)
    opened = anonymous_job({"courses": ["CS 1110"], "pinned": ["40003"]})
    earlier = open_page("/?i=demo&t=2027-spring&c=CS+1110&pin=40003")
    expect(earlier.locator("#kept .chip")).to_have_text(["Keep CS 1110 LEC 009 (40003)×"])
    held = []
    earlier.context.route(f"**/api/v1/generations/{opened.pk}/", lambda route: held.append(route))
    page = open_page(f"/?job={opened.pk}", context=earlier.context)
    # spring's label, until the job answers
    expect(page.locator("#kept .chip")).to_have_text(["Keep CS 1110 LEC 009 (40003)×"])
    # when
    wait_for(page, lambda: held)
    held[0].continue_()
    # then
    expect(page.locator("#status")).to_contain_text(re.compile(r"^Found \d+ schedules?"))
    expect(page.locator("#kept .chip")).to_have_text(["Keep CS 1110 LEC 003 (40003)×"])
    expect(page.locator("#job-note")).to_contain_text("CS 1110 LEC 003 (40003)")


def hold_section_lookups(page, pattern: str) -> list:
    """Holds the section look-ups whose URL matches `pattern` (in the page's context) until the test
    lets them go; returns the list the held routes arrive in."""
    held = []
    page.context.route(re.compile(pattern), lambda route: held.append(route))
    return held


def generation_bodies(page) -> list[dict]:
    """The bodies of the generation requests the page sends from now on."""
    bodies = []

    def sent(request) -> None:
        if request.method == "POST" and request.url.endswith("/api/v1/generations/"):
            bodies.append(request.post_data_json)

    page.on("request", sent)
    return bodies


def test_generate_pressed_while_kept_labels_load_sends_one_kept_section_per_component(open_page):
    # given: a link keeping lectures 002 and 003 of CS 1110, whose look-ups have not answered yet
    blank = open_page("/")
    held = hold_section_lookups(blank, r".*/sections/\?id=40002&id=40003$")
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&pin=40002&pin=40003", context=blank.context)
    bodies = generation_bodies(page)
    wait_for(page, lambda: len(held) == 1)  # both in one request
    expect(page.locator("#kept .chip")).to_have_text(
        ["Keep section 40002 (looking it up…)×", "Keep section 40003 (looking it up…)×"]
    )
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then: it says what it waits for, and can be cancelled, but sends nothing yet
    expect(page.locator("#status")).to_have_text("Looking up your kept sections before sending…")
    expect(page.get_by_role("button", name="Cancel")).to_be_visible()
    page.wait_for_timeout(300)
    assert bodies == []
    # when: the look-ups answer
    for route in held:
        route.continue_()
    # then: the later lecture alone is sent, every schedule uses it, and the status still says so
    expect(page.locator("#status")).to_contain_text(
        re.compile(
            r"^Kept CS 1110 LEC 003 \(40003\) instead of CS 1110 LEC 002 \(40002\): the link kept two sections of "
            r"one component, and a schedule takes one section of each\. Found \d+ schedules?"
        )
    )
    assert [body["pinned"] for body in bodies] == [["40003"]]
    assert all("40003" in ids for ids in latest_schedules())
    expect(page.locator("#kept .chip")).to_have_text(["Keep CS 1110 LEC 003 (40003)×"])


def test_cancel_while_kept_labels_load_sends_nothing(open_page):
    # given
    blank = open_page("/")
    held = hold_section_lookups(blank, r".*/sections/\?id=40002&id=40003$")
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&pin=40002&pin=40003", context=blank.context)
    bodies = generation_bodies(page)
    wait_for(page, lambda: len(held) == 1)
    page.get_by_role("button", name="Generate schedules").click()
    expect(page.locator("#status")).to_have_text("Looking up your kept sections before sending…")
    # when
    page.get_by_role("button", name="Cancel").click()
    for route in held:
        route.continue_()
    # then
    expect(page.locator("#kept .chip")).to_have_text(["Keep CS 1110 LEC 003 (40003)×"])
    page.wait_for_timeout(300)
    assert bodies == []
    expect(page.get_by_role("button", name="Generate schedules")).to_be_enabled()
    assert GenerationJob.objects.count() == 0


def section_lookups(page) -> list[str]:
    """The URLs of the section look-ups the page (or another of its context) sends from now on."""
    urls = []
    page.context.on("request", lambda request: urls.append(request.url) if "/sections/" in request.url else None)
    return urls


def failing(times: int, answer: str = "500") -> tuple[list, object]:
    """A route handler answering the first `times` requests with a 500 (or, with answer="network",
    no answer at all), then letting them through; and the list of the requests it saw."""
    seen = []

    def handle(route):
        seen.append(route.request.url)
        if len(seen) > times:
            route.continue_()
        elif answer == "network":
            route.abort("connectionreset")
        else:
            route.fulfill(status=500, content_type="text/html", body="<h1>Server Error (500)</h1>")

    return seen, handle


def test_kept_and_avoided_labels_are_stored_so_a_reload_looks_nothing_up(open_page):
    # given: labels looked up once
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&pin=40003&avoid=40006")
    labelled = ["Keep CS 1110 LEC 003 (40003)×", "Avoid CS 1110 LAB 103 (40006)×"]
    expect(page.locator("#kept .chip")).to_have_text(labelled)
    lookups = section_lookups(page)
    # when: the same address again, then the planner's bare address (the request from local storage)
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#kept .chip")).to_have_text(labelled)
    page.goto("/")
    page.wait_for_selector("body[data-ready=true]")
    # then
    expect(page.locator("#kept .chip")).to_have_text(labelled)
    assert query_of(page)["pin"] == ["40003"]
    assert lookups == []


def test_stored_labels_of_one_term_never_name_the_sections_of_another(open_page, spring):
    # given: fall's 40003 (lecture 003) stored with its label
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&pin=40003")
    expect(page.locator("#kept .chip")).to_have_text(["Keep CS 1110 LEC 003 (40003)×"])
    lookups = section_lookups(page)
    # when: a link to spring's 40003 in the same browser
    page.goto("/?i=demo&t=2027-spring&c=CS+1110&pin=40003")
    # then: looked up in spring, where it is lecture 009
    expect(page.locator("#kept .chip")).to_have_text(["Keep CS 1110 LEC 009 (40003)×"])
    asked = [(urlsplit(url).path, urlsplit(url).query) for url in lookups]
    assert asked == [("/api/v1/institutions/demo/terms/2027-spring/sections/", "id=40003")]


def test_the_labels_of_many_avoided_sections_are_looked_up_a_hundred_to_a_request(open_page):
    # given: a link avoiding 120 ids, of which the demo term has a few dozen
    blank = open_page("/")
    lookups = section_lookups(blank)
    avoided = "&".join(f"avoid={40001 + i}" for i in range(120))
    # when
    page = open_page(f"/?i=demo&t=2026-fall&c=CS+1110&{avoided}", context=blank.context)
    # then: two requests (100 ids, then 20), every entry labelled or said to be no section
    chips = page.locator("#kept .chip")
    expect(chips.first).to_have_text("Avoid CS 1110 LEC 001 (40001)×")
    expect(chips.last).to_have_text("Avoid section 40120: no such section in this term×")
    assert [len(parse_qs(urlsplit(url).query)["id"]) for url in lookups] == [100, 20]
    expect(page.get_by_text("(looking it up…)")).to_have_count(0)


def test_long_ids_are_looked_up_in_requests_short_enough_for_any_server(open_page):
    # given: a link avoiding 100 ids of 36 characters (40 with "id=" and "&" in the query)
    blank = open_page("/")
    lookups = section_lookups(blank)
    avoided = "&".join(f"avoid={'x' * 31}{i:05d}" for i in range(100))
    # when
    page = open_page(f"/?i=demo&t=2026-fall&c=CS+1110&{avoided}", context=blank.context)
    # then: 75 ids (3,000 characters) to the first request, the rest in a second
    expect(page.locator("#kept .chip").last).to_contain_text("no such section in this term")
    assert [len(parse_qs(urlsplit(url).query)["id"]) for url in lookups] == [75, 25]


def test_a_look_up_the_server_refuses_is_not_asked_again(open_page):
    # given: the server refuses the look-up (a 400, as for an id it cannot read)
    blank = open_page("/")
    seen = []

    def refuse(route):
        seen.append(route.request.url)
        route.fulfill(status=400, content_type="application/json", body='{"error": {"message": "bad id"}}')

    blank.context.route(re.compile(r".*/sections/\?id=40003$"), refuse)
    # when
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&pin=40003", context=blank.context)
    # then: said at once, without the back-off of a failure that may pass
    expect(page.locator("#kept .chip")).to_have_text(
        ["Keep section 40003: could not look it up (the server answered 400)Try again×"], timeout=2000
    )
    page.wait_for_timeout(800)
    assert len(seen) == 1


def test_a_section_look_up_that_fails_is_tried_again_until_it_answers(open_page):
    # given: the server fails twice, then answers
    blank = open_page("/")
    seen, handle = failing(2)
    blank.context.route(re.compile(r".*/sections/\?id=40003$"), handle)
    # when
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&pin=40003", context=blank.context)
    # then
    expect(page.locator("#kept .chip")).to_have_text(["Keep CS 1110 LEC 003 (40003)×"])
    assert len(seen) == 3


def test_a_section_look_up_that_keeps_failing_says_so_and_can_be_tried_again_by_keyboard(open_page):
    # given: the network drops every look-up
    blank = open_page("/")
    seen, handle = failing(1000, answer="network")
    blank.context.route(re.compile(r".*/sections/\?id=40003$"), handle)
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&pin=40003", context=blank.context)
    # when: four tries over three and a half seconds
    chip = page.locator("#kept .chip")
    # then
    expect(chip).to_have_text(
        ["Keep section 40003: could not look it up (the server did not answer)Try again×"], timeout=8000
    )
    expect(page.locator("#status")).to_have_text(
        "Could not look up section 40003 (the server did not answer): it is still kept; “Try again” beside it "
        "looks it up again."
    )
    assert len(seen) == 4
    # when: the network is back, and the student tries again with the keyboard
    blank.context.unroute(re.compile(r".*/sections/\?id=40003$"))
    page.get_by_role("button", name="Try again: look up section 40003").focus()
    page.keyboard.press("Enter")
    # then: labelled, the focus on the entry
    expect(chip).to_have_text(["Keep CS 1110 LEC 003 (40003)×"])
    expect(page.get_by_role("button", name="Remove kept CS 1110 LEC 003 (40003)")).to_be_focused()


def test_generate_does_not_send_two_kept_sections_it_could_not_look_up_and_says_why(open_page):
    # given: the look-up of lectures 002 and 003 (one request) fails four times, as the page tries it
    blank = open_page("/")
    seen, handle = failing(5)
    blank.context.route(re.compile(r".*/sections/\?id=40002&id=40003$"), handle)
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&pin=40002&pin=40003", context=blank.context)
    expect(page.get_by_role("button", name="Try again: look up section 40002")).to_be_visible(timeout=8000)
    expect(page.locator("#status")).to_have_text(
        "Could not look up sections 40002, 40003 (the server answered 500): they are still kept or avoided; “Try "
        "again” beside each looks it up again."
    )
    bodies = generation_bodies(page)
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then: tried once more, then refused in words
    expect(page.locator("#form-error")).to_have_text(
        "Could not look up the kept sections 40002 (the server answered 500), 40003 (the server answered 500), so "
        "the planner cannot tell whether two kept sections are of one component (a schedule takes one section of "
        "each). Generate again to try once more, or remove them under “Kept and avoided sections”."
    )
    assert len(seen) == 5 and bodies == []
    # when: the server is well again
    generate(page)
    # then: both labelled, the later lecture alone sent
    assert [body["pinned"] for body in bodies] == [["40003"]]
    expect(page.locator("#kept .chip")).to_have_text(["Keep CS 1110 LEC 003 (40003)×"])
    expect(page.locator("#form-error")).to_have_text("")


def test_two_kept_sections_of_one_component_labelled_from_local_storage_are_never_both_sent(open_page):
    # given: local storage holding lectures 002 and 003 of CS 1110 with their labels
    blank = open_page("/")
    lecture = {"course": "CS 1110", "component": "LEC"}
    stored = {
        "query": "i=demo&t=2026-fall&c=CS+1110&pin=40002&pin=40003",
        "titles": {},
        "labels": {
            "term": "demo/2026-fall",
            "sections": {"40002": {**lecture, "code": "002"}, "40003": {**lecture, "code": "003"}},
        },
    }
    blank.evaluate("stored => localStorage.setItem('classtime.request', JSON.stringify(stored))", stored)
    lookups = section_lookups(blank)
    # when
    page = open_page("/", context=blank.context)
    bodies = generation_bodies(page)
    generate(page)
    # then: looked up nothing, and kept the later lecture alone
    expect(page.locator("#kept .chip")).to_have_text(["Keep CS 1110 LEC 003 (40003)×"])
    assert [body["pinned"] for body in bodies] == [["40003"]]
    assert lookups == []
