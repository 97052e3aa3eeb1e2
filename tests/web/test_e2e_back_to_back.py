"""A planner card warns of back-to-back classes in different buildings (docs/web.md)."""

import pytest
from playwright.sync_api import expect

from tests.web.test_e2e_planner import generate

pytestmark = pytest.mark.django_db(transaction=True)

# the demo catalog's CS 1110 LEC 001 meets MoWeFr 9:00-9:50 in Rice Hall 130, CHEM 1410 LEC 100 at
# 10:00 in Chemistry Bldg 402
PINS = "&pin=40001&pin=40004&pin=40010&pin=40012"


def test_a_card_warns_of_classes_back_to_back_in_two_buildings(open_page):
    # given
    page = open_page(f"/?i=demo&t=2026-fall&c=CS+1110&c=CHEM+1410{PINS}")
    # when
    generate(page)
    # then
    card = page.locator(".card[data-rank='1']")
    expect(card.locator(".warnings li")).to_have_text(
        [
            "Monday, Wednesday and Friday: CS 1110 LEC ends 09:50 in Rice Hall, CHEM 1410 LEC starts 10:00 in "
            "Chemistry Bldg (10 minutes)"
        ]
    )


def test_a_card_whose_classes_leave_time_to_walk_has_no_warning(open_page):
    # given: CS 1110 LEC 003 (TuTh 14:00) instead of 001
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=CHEM+1410&pin=40003&pin=40004&pin=40010&pin=40012")
    # when
    generate(page)
    # then
    card = page.locator(".card[data-rank='1']")
    expect(card.locator("h3")).to_contain_text("Schedule 1")
    expect(card.locator(".warnings")).to_have_count(0)
