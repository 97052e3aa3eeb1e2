"""The saved schedule pages on a phone: nothing makes the page scroll sideways; a week grid or a
table wider than the screen scrolls in its own region, which the keyboard reaches only then."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from catalog.models import Term
from scheduler import saved_schedules
from tests.web.conftest import DESKTOP

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def ana_schedules(site):
    """Ana's two fall schedules, the first shared, and one in the bin."""
    ana = User.objects.create_user("ana", email="ana@example.edu", password="pw-ana-12345")
    term = Term.objects.get(code="2026-fall")
    made = [
        saved_schedules.saved_schedule_create(owner=ana, term=term, name=name, notes="", section_ids=ids)
        for name, ids in (("Plan A", ["40001", "40004"]), ("Plan B", ["40002", "40005"]), ("Old plan", ["40003"]))
    ]
    saved_schedules.saved_schedule_share(schedule=made[0])
    saved_schedules.saved_schedule_delete(schedule=made[2])
    return ana, made


def sideways(page) -> int:
    """How many pixels the page itself scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_on_a_phone_no_saved_schedule_page_scrolls_sideways_or_logs_an_error(signed_in, ana_schedules):
    # given
    ana, (plan_a, plan_b, _) = ana_schedules
    page = signed_in(ana, viewport=PHONE).new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    pages = [
        "/schedules/",
        f"/schedules/{plan_a.pk}/",
        f"/schedules/compare/?a={plan_a.pk}&b={plan_b.pk}",
        "/schedules/bin/",
        f"/s/{plan_a.share_token}/",
    ]
    for path in pages:
        # when
        page.goto(path)
        # then
        assert sideways(page) == 0, path
    assert errors == []  # a missing favicon was one


FIELDS = """() => [...document.querySelectorAll("main select, main textarea, main input:not([type=hidden])")].map(
  (field) => [field.name, parseFloat(getComputedStyle(field).fontSize), field.getBoundingClientRect().height])"""


def test_on_a_phone_the_saved_pages_fields_are_16_px_and_36_px_tall_as_the_planners(signed_in, ana_schedules):
    # given
    ana, (plan_a, _, _) = ana_schedules
    page = signed_in(ana, viewport=PHONE).new_page()
    seen = set()
    for path in ["/schedules/", f"/schedules/{plan_a.pk}/", "/schedules/compare/"]:
        # when
        page.goto(path)
        fields = page.evaluate(FIELDS)
        # then: 16 px, so a phone does not zoom in on focus, and a touch target
        for name, size, height in fields:
            assert size >= 16 and height >= 36, (path, name, size, height)
        seen |= {name for name, _, _ in fields}
    assert {"term", "name", "new", "notes", "a", "b"} <= seen


def test_on_a_phone_a_week_grid_scrolls_in_its_own_region_the_keyboard_reaches(signed_in, ana_schedules):
    # given
    ana, (plan_a, _, _) = ana_schedules
    page = signed_in(ana, viewport=PHONE).new_page()
    page.goto(f"/schedules/{plan_a.pk}/")
    grid = page.get_by_role("region", name="Weekly grid of Plan A")
    # when: Tab to it, then the right arrow
    expect(grid).to_have_attribute("tabindex", "0")
    grid.focus()
    page.keyboard.press("ArrowRight")
    # then: it scrolled, not the page
    page.wait_for_function("document.querySelector('.table-scroll').scrollLeft > 0")
    assert sideways(page) == 0


def test_on_a_desktop_a_grid_that_fits_is_no_tab_stop(signed_in, ana_schedules):
    # given
    ana, (plan_a, _, _) = ana_schedules
    page = signed_in(ana, viewport=DESKTOP).new_page()
    # when
    page.goto(f"/schedules/{plan_a.pk}/")
    # then
    expect(page.get_by_role("region", name="Weekly grid of Plan A")).not_to_have_attribute("tabindex", "0")


def test_on_a_phone_the_compare_picker_with_a_long_schedule_name_fits_the_screen(signed_in, ana_schedules):
    # given: a name as long as a name may be (its option sets the width of the select)
    ana, (plan_a, _, _) = ana_schedules
    saved_schedules.saved_schedule_update(schedule=plan_a, name="Fall plan with every morning free " * 3 + "x" * 18)
    page = signed_in(ana, viewport=PHONE).new_page()
    # when
    page.goto("/schedules/compare/")
    # then
    expect(page.get_by_label("Schedule A")).to_be_visible()
    assert sideways(page) == 0


def test_notes_typed_but_not_saved_are_not_lost_to_another_button_of_the_page(signed_in, ana_schedules):
    # given: notes typed on Plan A's page, not saved
    ana, (plan_a, _, _) = ana_schedules
    page = signed_in(ana).new_page()
    page.goto(f"/schedules/{plan_a.pk}/")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_label("Notes").fill("Lab on Mondays: bring goggles")
    # when: another form of the page is sent (its answer reloads the page)
    page.get_by_role("button", name="Turn off").click()
    # then: the browser asked first; staying sends nothing and keeps the notes as typed
    expect(page.get_by_label("Notes")).to_have_value("Lab on Mondays: bring goggles")
    assert asked == ["beforeunload"]
    plan_a.refresh_from_db()
    assert plan_a.email_changes
    # when: the notes' own button
    page.get_by_role("button", name="Save notes").click()
    # then: saved without a question
    expect(page.get_by_text("Turn off")).to_be_visible()
    page.wait_for_load_state()
    assert asked == ["beforeunload"]
    plan_a.refresh_from_db()
    assert plan_a.notes == "Lab on Mondays: bring goggles"


def test_after_an_action_the_keyboard_lands_on_what_the_page_says_it_did(signed_in, ana_schedules):
    # given: Plan B's page, by keyboard only
    ana, (_, plan_b, _) = ana_schedules
    page = signed_in(ana).new_page()
    page.goto(f"/schedules/{plan_b.pk}/")
    page.get_by_label("Notes").focus()
    page.keyboard.type("Quiz every Friday")
    # when: Tab to Save notes, Enter
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    # then: the focus is on the message, which a screen reader reads (a reload alone says nothing)
    said = page.get_by_role("status")
    expect(said).to_have_text("Notes saved.")
    expect(said).to_be_focused()
    # when: Delete, Delete it, all by keyboard
    page.get_by_role("button", name="Delete", exact=True).focus()
    page.keyboard.press("Enter")
    # then: the question has the focus (a screen reader reads it), not the page's start
    expect(page.get_by_role("heading", name="Delete “Plan B”?")).to_be_focused()
    page.get_by_role("button", name="Delete it").focus()
    page.keyboard.press("Enter")
    # then: on the list, the message first, and the next Tab is its Undo
    expect(page.get_by_role("status")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Undo deleting Plan B")).to_be_focused()


def test_on_a_phone_a_name_with_no_space_in_it_wraps_rather_than_scrolling_the_page(signed_in, ana_schedules):
    # given: a name of 120 characters and no space (a pasted file name, say)
    ana, (plan_a, plan_b, _) = ana_schedules
    saved_schedules.saved_schedule_update(schedule=plan_a, name="Fall_2026_mornings_free_" * 5)
    page = signed_in(ana, viewport=PHONE).new_page()
    pages = [
        f"/schedules/{plan_a.pk}/",
        f"/schedules/compare/?a={plan_a.pk}&b={plan_b.pk}",
        f"/s/{plan_a.share_token}/",
    ]
    for path in pages:
        # when
        page.goto(path)
        # then
        assert sideways(page) == 0, path
    # when: its delete asks first, then the list says it was deleted
    page.goto(f"/schedules/{plan_a.pk}/")
    page.get_by_role("button", name="Delete", exact=True).click()
    # (the question is a page of its own: measured once it is there, not while it loads)
    expect(page.get_by_role("button", name="Delete it")).to_be_visible()
    assert sideways(page) == 0
    page.get_by_role("button", name="Delete it").click()
    expect(page.get_by_role("status")).to_contain_text("Deleted")
    assert sideways(page) == 0


def test_each_line_of_a_schedules_controls_holds_its_buttons_as_the_browser_parses_it(signed_in, ana_schedules):
    # given
    ana, (plan_a, _, _) = ana_schedules
    page = signed_in(ana, viewport=DESKTOP).new_page()
    # when
    page.goto(f"/schedules/{plan_a.pk}/")
    # then: each form is inside the line that names it, as written (a <p> would be closed at its
    # <form>, leaving the buttons outside and an empty paragraph behind)
    line_of = "(action) => document.querySelector(`form[action$='/${action}/']`).parentElement.textContent.trim()"
    assert page.evaluate(line_of, "unshare").startswith("Share link:")
    assert page.evaluate(line_of, "subscribe").startswith("Calendar:")
    assert page.evaluate(line_of, "email-off").startswith("Change emails:")
    empty = "[...document.querySelectorAll('main p')].filter((p) => !p.textContent.trim()).length"
    assert page.evaluate(empty) == 0


@pytest.mark.parametrize(
    ("button", "question"),
    [("Delete for ever: Old plan", "Delete “Old plan” for ever?"), ("Empty bin", "Empty the bin?")],
)
def test_the_bins_questions_take_the_focus_when_asked_by_keyboard_and_give_it_back_when_kept(
    signed_in, ana_schedules, button, question
):
    # given: the bin, with Old plan in it
    ana, _ = ana_schedules
    page = signed_in(ana).new_page()
    page.goto("/schedules/bin/")
    # when
    page.get_by_role("button", name=button, exact=True).focus()
    page.keyboard.press("Enter")
    # then
    expect(page.get_by_role("heading", name=question)).to_be_focused()
    # when: kept after all
    page.get_by_role("link", name="Keep it").focus()
    page.keyboard.press("Enter")
    # then: back on the button that asked, not at the top of the bin
    expect(page.get_by_role("button", name=button, exact=True)).to_be_focused()


def test_keep_it_on_the_delete_question_gives_the_focus_back_to_that_schedules_delete(signed_in, ana_schedules):
    # given: the list, Plan B's Delete pressed by keyboard
    ana, _ = ana_schedules
    page = signed_in(ana).new_page()
    page.goto("/schedules/")
    page.get_by_role("button", name="Delete Plan B", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Delete “Plan B”?")).to_be_focused()
    # when
    page.get_by_role("link", name="Keep it").focus()
    page.keyboard.press("Enter")
    # then: on the list, on Plan B's Delete, where the student was
    expect(page).to_have_url(re.compile(r"/schedules/#delete-\d+$"))
    expect(page.get_by_role("button", name="Delete Plan B", exact=True)).to_be_focused()
