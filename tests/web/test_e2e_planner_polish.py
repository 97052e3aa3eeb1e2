"""The planner's polish of 2026-12-10: a pasted list offering a choice added as one elective group,
the search filters' credits field kept and marked when out of range, a card's *Copy section ids*
in the saved page's order, and a repair's hint never starting a line with its comma."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from scheduler.models import SavedSchedule
from tests.web.test_e2e_planner import generate

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


# --- A pasted list offering a choice -------------------------------------------------------------


def test_a_pasted_list_offering_a_choice_can_be_added_as_one_elective_group(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall")
    search = page.get_by_label("Find courses by code, title or instructor")
    # when: a choice pasted, as an advisor writes it
    search.fill("CS 1110 or MATH 1310")
    # then: besides *Add all as required*, the group, named with its codes
    group = page.get_by_role("button", name="Add all 2 as one elective group (pick 1): CS 1110, MATH 1310")
    expect(group).to_have_text("Add all 2 as one elective group (pick 1)")
    expect(page.get_by_role("button", name="Add all 2 as required: CS 1110, MATH 1310")).to_be_visible()
    # when
    group.click()
    # then: one group taking one of the two, nothing required
    expect(page.locator("#search-status")).to_have_text(
        "CS 1110 and MATH 1310 added to elective group 1: a schedule takes 1 of them."
    )
    groups = page.locator("[data-group]")
    expect(groups).to_have_count(1)
    expect(groups.locator("li.chip")).to_have_count(2)
    assert [groups.locator("li.chip").nth(i).get_attribute("data-code") for i in range(2)] == ["CS 1110", "MATH 1310"]
    expect(groups.get_by_role("spinbutton")).to_have_value("1")
    expect(page.locator("#required li")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Add all"))).to_have_count(0)  # both taken now
    query = parse_qs(urlsplit(page.url).query)
    assert "c" not in query


def test_enter_still_adds_a_list_offering_a_choice_as_required_and_a_plain_list_offers_no_group(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall")
    search = page.get_by_label("Find courses by code, title or instructor")
    # when: a list with no choice
    search.fill("CS 1110, MATH 1310")
    # then
    expect(page.get_by_role("button", name="Add all 2 as required: CS 1110, MATH 1310")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Add all 2 as one elective group"))).to_have_count(0)
    # when: a choice, then Enter
    search.fill("CS 1110 / MATH 1310")
    expect(page.get_by_role("button", name=re.compile("^Add all 2 as one elective group"))).to_be_visible()
    search.press("Enter")
    # then: as required, as before
    expect(page.locator("#search-status")).to_have_text("CS 1110 and MATH 1310 added to required.")
    expect(page.locator("#required li")).to_have_count(2)
    expect(page.locator("[data-group]")).to_have_count(0)


# --- The search filters' credits ------------------------------------------------------------------


def test_credits_out_of_range_are_kept_marked_invalid_and_not_filtered_by(open_page):
    # given: the filters open, a search typed
    page = open_page("/?i=demo&t=2026-fall")
    searched = []
    page.on("request", lambda r: searched.append(r.url) if "/courses" in r.url and "q=" in r.url else None)
    page.locator("#search-filters summary").click()
    credits = page.locator("#sf-credits")
    page.get_by_label("Find courses by code, title or instructor").fill("CS")
    expect(page.locator("#search-status")).to_contain_text("found")
    # when: a value out of range
    searched.clear()
    credits.fill("1000")
    credits.press("Tab")
    # then: kept as typed, marked, the message tied to it, the search not filtered by it
    expect(credits).to_have_value("1000")
    expect(credits).to_have_attribute("aria-invalid", "true")
    expect(credits).to_have_accessible_description(re.compile("Credits must be a number from 0 to 999"))
    expect(page.locator("#search-filters summary")).to_have_text("Filters")
    expect(page.locator("#search-status")).not_to_contain_text("credit")
    assert searched and not any("credits=" in url for url in searched)
    # when: mended
    credits.fill("3")
    credits.press("Tab")
    # then
    expect(credits).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#sf-credits-error")).to_be_hidden()
    expect(page.locator("#search-filters summary")).to_have_text("Filters (for 3 credits)")
    assert any("credits=3" in url for url in searched)


def test_credits_below_zero_are_kept_and_clear_filters_mends_them(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall")
    page.locator("#search-filters summary").click()
    credits = page.locator("#sf-credits")
    page.locator("#sf-open").check()
    # when
    credits.fill("-2")
    credits.press("Tab")
    # then
    expect(credits).to_have_value("-2")
    expect(credits).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#search-filters summary")).to_have_text("Filters (with a seat left)")
    # when
    page.get_by_role("button", name="Clear filters").click()
    # then
    expect(credits).to_have_value("")
    expect(credits).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#sf-credits-error")).to_be_hidden()


# --- One schedule copied two ways -----------------------------------------------------------------


def test_a_cards_copied_ids_read_as_the_saved_pages_crns_of_the_same_schedule(signed_in):
    # given: CS 1110 kept to lecture 003 and lab 103 (the card's table lists the lab first), and
    # CS 4993's TBA section 40045
    user = User.objects.create_user("dana", email="dana@example.edu", password="pw-dana-12345")
    context = signed_in(user)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto("/?i=demo&t=2026-fall&c=CS+1110&c=CS+4993&pin=40003&pin=40006&pin=40045")
    page.wait_for_selector("body[data-ready=true]")
    generate(page)
    card = page.locator(".card[data-rank='1']")
    rows = card.locator("table.sections tbody tr")
    assert [rows.nth(i).get_attribute("data-section") for i in range(rows.count())] == ["40006", "40003"]
    # when: copied from the card, then saved
    card.get_by_role("button", name="Copy section ids of schedule 1").click()
    expect(card.locator(".copy-status")).to_contain_text("Copied 3 section ids")
    copied = page.evaluate("navigator.clipboard.readText()")
    card.get_by_label("Name").fill("Fall")
    card.get_by_role("button", name="Save").click()
    expect(card.locator(".save-status")).to_have_text("Saved as “Fall”.")
    saved = SavedSchedule.objects.get(owner=user)
    page.goto(f"/schedules/{saved.pk}/")
    # then: the same ids in the same order, the lecture first
    field = page.locator("[data-copy-ids] input")
    assert field.input_value() == copied == "40003, 40006, 40045"


# --- A repair's hint at 390 px --------------------------------------------------------------------

LINE_STARTS = """(list) => {
  // the first character of each line the repairs' text is laid out in (spaces aside)
  const starts = [];
  for (const li of list.querySelectorAll("li")) {
    const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
    let top = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i += 1) {
        if (!node.data[i].trim()) continue;
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        if (top === null || rect.top > top + 4) starts.push(node.data[i]);
        top = rect.top;
      }
    }
  }
  return starts;
}"""


@pytest.mark.parametrize(
    "request_path",
    [
        "/?i=demo&t=2026-fall&c=MUSI+1310&b=Tu+18:00-22:00+work+at+the+campus+bookstore+till+late",
        "/?i=demo&t=2026-fall&c=ENWR+1510&pin=40030&b=MoWeFr+09:00-11:00+Work+and+gym",
    ],
)
def test_no_line_of_a_repair_starts_with_a_comma_at_390_px(open_page, request_path):
    # given: a phone's width
    page = open_page(request_path, viewport=PHONE)
    # when: nothing fits
    generate(page)
    expect(page.locator("#repairs li button").first).to_be_visible()
    # then: “, then a schedule fits every preference” is never a line of its own
    starts = page.locator("#repairs").evaluate(LINE_STARTS)
    assert starts and "," not in starts, starts
    assert re.search(r"\w, then ", page.locator("#repairs li").first.text_content())
