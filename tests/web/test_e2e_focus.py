"""The keyboard on the results: paging (j/k, ←/→) and a card's Keep, Avoid and Save leave the
focus on the control the student was on, in the card shown next (or on the results heading when
that card has none), never on the page's body."""

import json
import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.web.test_e2e_pins import CS_AND_MATH, row_of
from tests.web.test_e2e_planner import generate

pytestmark = pytest.mark.django_db(transaction=True)

KEEP = re.compile("^Keep ")
AVOID = re.compile("^Avoid ")


def test_paging_with_j_from_a_cards_keep_button_focuses_the_keep_button_of_the_same_component(open_page):
    # given
    page = open_page(CS_AND_MATH)
    generate(page)
    row_of(page, 1, "MATH 1310", "LEC").get_by_role("button", name=KEEP).focus()
    # when
    page.keyboard.press("j")
    # then
    expect(page.locator("#position")).to_have_text("Schedule 2 of 10")
    expect(row_of(page, 2, "MATH 1310", "LEC").get_by_role("button", name=KEEP)).to_be_focused()


def test_after_avoiding_a_section_the_arrows_page_on_from_the_avoid_button(open_page):
    # given: the first schedule's CS 1110 lab avoided with the keyboard
    page = open_page(CS_AND_MATH)
    generate(page)
    avoid = row_of(page, 1, "CS 1110", "LAB").get_by_role("button", name=AVOID)
    avoid.focus()
    page.keyboard.press("Enter")
    expect(avoid).to_have_attribute("aria-pressed", "true")
    # when
    page.keyboard.press("ArrowRight")
    # then
    expect(row_of(page, 2, "CS 1110", "LAB").get_by_role("button", name=AVOID)).to_be_focused()
    # when
    page.keyboard.press("ArrowLeft")
    # then: back on the section it avoided
    again = row_of(page, 1, "CS 1110", "LAB").get_by_role("button", name=AVOID)
    expect(again).to_be_focused()
    expect(again).to_have_attribute("aria-pressed", "true")


def test_side_by_side_paging_keeps_the_focus_in_the_same_place_of_the_second_card(open_page):
    # given
    page = open_page(CS_AND_MATH)
    generate(page)
    page.get_by_label("Side by side").check()
    row_of(page, 2, "CS 1110", "LEC").get_by_role("button", name=KEEP).focus()
    # when
    page.keyboard.press("j")
    # then
    expect(page.locator("#position")).to_have_text("Schedules 2 and 3 of 10")
    expect(row_of(page, 3, "CS 1110", "LEC").get_by_role("button", name=KEEP)).to_be_focused()


def test_saving_with_the_keyboard_keeps_the_focus_on_the_card_and_paging_moves_it_with_the_cards(
    open_page, signed_in, site
):
    # given
    ana = User.objects.create_user("ana", password="pw-ana-12345")
    page = open_page(CS_AND_MATH, context=signed_in(ana))
    generate(page)
    page.locator(".card[data-rank='1']").get_by_role("button", name="Save").focus()
    # when
    page.keyboard.press("j")
    # then
    card = page.locator(".card[data-rank='2']")
    expect(card.get_by_role("button", name="Save")).to_be_focused()
    # when
    page.keyboard.press("Enter")
    # then: saved, and the focus on what comes next
    expect(card.locator(".save-status")).to_contain_text("Saved as")
    expect(card.get_by_role("button", name="Share link")).to_be_focused()
    # when
    page.keyboard.press("Enter")
    # then: on the link, selected to copy
    link = card.get_by_label("Share link")
    expect(link).to_be_focused()
    expect(link).to_have_value(re.compile(r"/s/[^/]+/$"))
    assert link.evaluate("node => node.selectionStart === 0 && node.selectionEnd === node.value.length")
    # when: the next schedule is not saved, so it has no share link
    page.keyboard.press("j")
    # then
    expect(page.locator("#position")).to_have_text("Schedule 3 of 10")
    expect(page.locator("#results-title")).to_be_focused()


def test_removing_a_course_or_a_busy_time_by_keyboard_keeps_the_focus_in_its_list(open_page):
    # given: three required courses and two busy times
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310&c=CHEM+1410&b=Mo+07:00-09:00&b=Tu+07:00-09:00")
    # when: the middle course and then the last remaining one are removed with Enter
    page.get_by_role("button", name="Remove MATH 1310").focus()
    page.keyboard.press("Enter")
    # then: the focus moves to the course now in its place
    expect(page.get_by_role("button", name="Remove CHEM 1410")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Remove CS 1110")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Find courses by code, title or instructor")).to_be_focused()
    # when: both busy times are removed the same way
    page.get_by_role("button", name="Remove busy time 2, Tu 07:00–09:00", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Remove busy time 1, Mo 07:00–09:00", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    # then: with none left, the busy times' heading
    expect(page.locator("#step-busy")).to_be_focused()
    expect(page.locator("#busy-list .chip")).to_have_count(0)


def test_removing_a_course_of_an_elective_group_by_keyboard_keeps_the_focus_in_the_group(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&e=1:ARTS+2050,MUSI+1310")
    # when
    page.get_by_role("button", name="Remove ARTS 2050 from elective group 1").focus()
    page.keyboard.press("Enter")
    # then
    expect(page.get_by_role("button", name="Remove MUSI 1310 from elective group 1")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Take any")).to_be_focused()


def test_removing_an_elective_group_by_keyboard_keeps_the_focus_among_the_groups(open_page):
    # given: two elective groups
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&e=1:ARTS+2050,MUSI+1310&e=1:KINE+1010")
    page.get_by_role("button", name="Remove group 1").focus()
    # when
    page.keyboard.press("Enter")
    # then: on the group now in its place, renumbered
    expect(page.locator("[data-group] .chip")).to_have_text(["KINE 1010×"])
    expect(page.get_by_role("button", name="Remove group 1")).to_be_focused()
    # when: the last one goes
    page.keyboard.press("Enter")
    # then
    expect(page.locator("[data-group]")).to_have_count(0)
    expect(page.get_by_role("button", name="New elective group")).to_be_focused()


def test_generate_and_cancel_pressed_by_keyboard_hand_the_focus_to_each_other(open_page):
    # given: the job stays "running" for as long as the page asks
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")

    def running(route):
        if route.request.method == "DELETE":
            route.continue_()
            return
        response = route.fetch()
        body = {**response.json(), "status": "running", "results": None, "explanation": None}
        route.fulfill(response=response, body=json.dumps(body))

    page.route(re.compile(r".*/api/v1/generations/([0-9a-f-]+/)?$"), running)
    page.get_by_role("button", name="Generate schedules").focus()
    # when
    page.keyboard.press("Enter")
    # then
    expect(page.locator("#status")).to_contain_text("Running")
    expect(page.get_by_role("button", name="Cancel")).to_be_focused()
    # when
    page.keyboard.press("Enter")
    # then
    expect(page.locator("#status")).to_have_text("Cancelled.")
    expect(page.get_by_role("button", name="Generate schedules")).to_be_focused()


def test_previous_pressed_onto_the_first_schedule_hands_the_focus_to_next_and_next_onto_the_last_to_previous(
    open_page,
):
    # given: two schedules, the second shown
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&k=2")
    generate(page)
    page.get_by_role("button", name="Next →").press("Enter")
    expect(page.locator("#position")).to_have_text("Schedule 2 of 2")
    # then: Next is disabled on the last, and the focus went on to Previous
    expect(page.get_by_role("button", name="Next →")).to_be_disabled()
    expect(page.get_by_role("button", name="← Previous")).to_be_focused()
    # when
    page.keyboard.press("Enter")
    # then
    expect(page.locator("#position")).to_have_text("Schedule 1 of 2")
    expect(page.get_by_role("button", name="Next →")).to_be_focused()


@pytest.mark.parametrize("control", ["#sign-in-link", "li[data-pref=compact] input[name=on]", "#new-group"])
def test_j_and_the_arrows_page_only_from_the_results_not_from_the_rest_of_the_page(open_page, control):
    # given: schedules shown, the focus on a link, checkbox or button outside them
    page = open_page(CS_AND_MATH)
    generate(page)
    page.locator(control).focus()
    # when
    page.keyboard.press("j")
    page.keyboard.press("ArrowRight")
    # then: nothing paged; from the results heading the keys page
    expect(page.locator("#position")).to_have_text("Schedule 1 of 10")
    page.locator("#results-title").focus()
    page.keyboard.press("j")
    expect(page.locator("#position")).to_have_text("Schedule 2 of 10")
