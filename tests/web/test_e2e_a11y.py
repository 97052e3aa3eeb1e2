"""Accessibility checks a screen reader or keyboard user relies on and a glance misses: the focus
ring's contrast, a focus the page moves being visible, form errors tied to their fields."""

import re

import pytest
from playwright.sync_api import expect

from tests.web.conftest import PHONE
from tests.web.test_e2e_planner import add_course, generate

pytestmark = pytest.mark.django_db(transaction=True)

RING = """() => {
  const style = getComputedStyle(document.activeElement);
  return [style.outlineStyle, style.outlineWidth, style.outlineColor];
}"""


def contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two CSS colours as the browser computes them ("rgb(r, g, b)")."""

    def luminance(colour: str) -> float:
        r, g, b = (
            v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
            for v in (int(n) / 255 for n in re.findall(r"\d+", colour)[:3])
        )
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted([luminance(one), luminance(other)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def background(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("node => getComputedStyle(node).backgroundColor")


def test_the_planners_focus_ring_is_3_to_1_on_white_a_chip_and_a_notice(open_page):
    # given: a course chip, its remove button reached with the keyboard
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    page.locator("#required .chip button").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    # when
    style, width, colour = page.evaluate(RING)
    # then
    assert style == "solid" and width == "3px"
    for fill in ["rgb(255, 255, 255)", background(page, "#required .chip"), background(page, "#job-note")]:
        assert contrast(colour, fill) >= 3, fill


def test_the_account_pages_focus_ring_is_3_to_1_on_white_and_on_a_message(open_page):
    # given
    page = open_page("/accounts/login/", planner=False)
    page.get_by_label("Password").focus()
    page.keyboard.press("Shift+Tab")
    # when
    style, width, colour = page.evaluate(RING)
    # then
    assert style == "solid" and width == "3px"
    for fill in ["rgb(255, 255, 255)", "rgb(253, 236, 234)", "rgb(231, 243, 232)"]:  # the page, error, success
        assert contrast(colour, fill) >= 3, fill


def test_the_results_heading_focused_after_generate_shows_where_the_focus_is(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    # when: Generate clicked with the mouse
    generate(page)
    # then
    expect(page.locator("#results-title")).to_be_focused()
    style, width, colour = page.evaluate(RING)
    assert style != "none" and float(width.removesuffix("px")) >= 2
    assert contrast(colour, "rgb(255, 255, 255)") >= 3


def test_a_sign_up_sent_back_with_an_error_focuses_the_field_in_error(open_page):
    # given
    page = open_page("/accounts/signup/", planner=False)
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Email").fill("newcomer@example.edu")
    page.locator("#id_password1").fill("pw-a-brand-new-one-2")
    page.locator("#id_password2").fill("pw-another-one-3")
    # when
    page.get_by_role("button", name="Create my account").click()
    # then: the focus is on the confirmation, which the error describes, not on Username
    confirmation = page.locator("#id_password2")
    expect(confirmation).to_be_focused()
    expect(confirmation).to_have_attribute("aria-invalid", "true")
    expect(page).to_have_title(re.compile("^Error: "))


def test_a_busy_time_refused_marks_its_fields_in_error_until_they_change(open_page):
    # given
    page = open_page()
    busy = page.locator("#busy-form")
    days = busy.locator("input[name=busy-day]")
    # when: no day chosen
    busy.get_by_role("button", name="Add busy time").click()
    # then: every day box (and their group) is invalid, described by the error
    expect(page.locator("#busy-form-error")).to_have_text("Choose at least one day.")
    for box in [*days.all(), page.get_by_role("group", name="Busy days")]:
        expect(box).to_have_attribute("aria-invalid", "true")
        expect(box).to_have_attribute("aria-describedby", "busy-form-error")
    # when: a day chosen, the end before the start
    busy.get_by_label("Tue").check()
    busy.get_by_label("Until").fill("06:00")
    busy.get_by_role("button", name="Add busy time").click()
    # then: the end alone is in error; changed, it is not
    expect(busy.get_by_label("Tue")).not_to_have_attribute("aria-invalid", "true")
    expect(busy.get_by_label("Until")).to_have_attribute("aria-invalid", "true")
    expect(busy.get_by_label("Until")).to_have_attribute("aria-describedby", "busy-form-error")
    busy.get_by_label("Until").fill("10:00")
    expect(busy.get_by_label("Until")).not_to_have_attribute("aria-invalid", "true")
    expect(busy.get_by_label("Until")).not_to_have_attribute("aria-describedby", "busy-form-error")


def test_a_lunch_window_too_short_marks_its_fields_in_error_until_they_change(open_page):
    # given: lunch between 14:00 and 12:00
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    page.get_by_label("Lunch between").check()
    page.get_by_label("Lunch window starts").fill("14:00")
    page.get_by_label("Lunch window ends").fill("12:00")
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then
    for label in ["Lunch window starts", "Lunch window ends"]:
        expect(page.get_by_label(label)).to_have_attribute("aria-invalid", "true")
        expect(page.get_by_label(label)).to_have_attribute("aria-describedby", "form-error")
    page.get_by_label("Lunch window ends").fill("15:00")
    for label in ["Lunch window starts", "Lunch window ends"]:
        expect(page.get_by_label(label)).not_to_have_attribute("aria-invalid", "true")


def test_generate_with_no_course_marks_the_course_search_in_error_until_a_course_is_added(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall")
    search = page.get_by_label("Find courses by code, title or instructor")
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then: the search is focused, in error and described by the error (and still by its status)
    expect(page.locator("#form-error")).to_have_text(
        "Add at least one course (required or in an elective group) first."
    )
    expect(search).to_be_focused()
    expect(search).to_have_attribute("aria-invalid", "true")
    expect(search).to_have_attribute("aria-describedby", "search-status form-error")
    # when
    add_course(page, "CS 1110", "CS 1110")
    # then
    expect(search).not_to_have_attribute("aria-invalid", "true")
    expect(search).to_have_attribute("aria-describedby", "search-status")
    expect(page.locator("#form-error")).to_have_text("")


def test_on_a_phone_the_calendars_class_names_are_at_least_11_px_and_fit_their_blocks(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=CHEM+1410&c=MATH+1310", viewport=PHONE)
    # when
    generate(page)
    # then
    names = page.locator(".card[data-rank='1'] .event strong")
    expect(names.first).to_be_visible()
    sizes = names.evaluate_all("nodes => nodes.map((node) => parseFloat(getComputedStyle(node).fontSize))")
    assert min(sizes) >= 11, sizes
    assert names.evaluate_all("nodes => nodes.every((node) => node.scrollWidth <= node.parentElement.clientWidth)")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


FILL = "node => { const style = getComputedStyle(node); return [style.backgroundColor, style.backgroundImage]; }"


def test_in_forced_colours_the_grids_busy_rest_and_drawn_slots_stay_visible_and_apart(open_page):
    # given: Windows High Contrast, a busy time (practice, then an hour's rest) on the grid
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&b=MoWe+07:00-09:00%2B60+practice")
    page.emulate_media(forced_colors="active")
    cell = page.locator(".bg-cell[data-day='Tu'][data-start='12:00']")
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()
    # when: a new one being drawn
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.mouse.down()
    page.mouse.move(box["x"] + 5, box["y"] + 40)
    # then: busy, rest, drawn and free slots each look unlike the others
    fills = [
        page.locator(selector).first.evaluate(FILL)
        for selector in [".bg-cell.busy", ".bg-cell.rest", ".bg-cell.drawing", ".bg-cell[data-day='Fr']"]
    ]
    page.mouse.up()
    assert len(set(map(tuple, fills))) == 4, fills


def test_on_a_phone_the_days_to_keep_free_stand_apart_as_the_busy_forms_days(open_page):
    # given
    page = open_page(viewport=PHONE)
    # when
    boxes = [
        label.bounding_box() for label in page.get_by_role("group", name="Days to keep free").locator("label").all()
    ]
    # then: "Mon ☐ Tue" does not read as one; each day a gap from the next on its line
    assert len(boxes) == 5
    for one, next_ in zip(boxes, boxes[1:], strict=False):
        assert next_["y"] > one["y"] or next_["x"] - (one["x"] + one["width"]) >= 8, (one, next_)


def test_a_new_tokens_key_is_focused_selected_and_named_so_the_keyboard_copies_it(
    open_page, signed_in, django_user_model
):
    # given
    ana = django_user_model.objects.create_user("ana-keys", password="pw-ana-12345")
    page = open_page("/accounts/tokens/", context=signed_in(ana), planner=False)
    page.get_by_label("Name").fill("phone")
    # when
    page.get_by_role("button", name="Create the token").press("Enter")
    # then: the key's field has the focus, its whole key selected, named and described
    key = page.get_by_role("textbox", name="Key")
    expect(key).to_be_focused()
    expect(key).to_have_attribute("readonly", "")
    selected = key.evaluate("field => field.value.slice(field.selectionStart, field.selectionEnd)")
    assert selected.startswith("ct_") and selected == key.input_value()
    expect(key).to_have_accessible_description(re.compile("Copy the key now"))


def test_on_a_phone_a_busy_grid_slot_is_a_24_px_touch_target_and_a_drag_still_draws(open_page):
    # given
    page = open_page(viewport=PHONE)
    slot = page.locator(".bg-cell[data-day='Mo'][data-start='07:00']")
    slot.scroll_into_view_if_needed()
    # when
    box = slot.bounding_box()
    # then: 24 by 24 CSS px at least (WCAG 2.5.8), so a finger can hit it
    assert box["width"] >= 24 and box["height"] >= 24, box
    # when: drawn, Monday 07:00 to Tuesday 08:00
    end = page.locator(".bg-cell[data-day='Tu'][data-start='07:30']").bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.mouse.down()
    page.mouse.move(end["x"] + 5, end["y"] + 5, steps=5)
    page.mouse.up()
    # then
    expect(page.locator("#busy-list")).to_contain_text("Mo Tu 07:00–08:00")
    expect(page.locator(".bg-cell.busy")).to_have_count(2 * 2)
