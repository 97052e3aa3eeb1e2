"""Class times on the planner's results: a class ending at midnight (stored ending at 23:59) said
and drawn ending at 24:00, and the campus's time zone named once per schedule, each zone of a
schedule mixing campuses of two."""

import re

import pytest
from playwright.sync_api import expect

from catalog.models import Institution, Meeting
from tests.web.test_e2e_planner import generate

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_class_ending_at_midnight_is_said_and_drawn_ending_at_24_00(open_page):
    # given: the jazz ensemble rehearsing until midnight, stored ending at 23:59 as imports store it
    Meeting.objects.filter(section__registrar_id="40042").update(end_time="23:59")
    page = open_page("/?i=demo&t=2026-fall&c=MUSI+1310")
    # when
    generate(page)
    # then: its table and its block say 24:00, not 23:59
    card = page.locator(".card[data-rank='1']")
    expect(card.locator("table.sections")).to_contain_text("Tu 19:00–24:00")
    expect(card.locator(".event")).to_contain_text("19:00–24:00")
    expect(card).not_to_contain_text("23:59")
    # the block reaches the calendar's end (its last minute too)
    block = card.locator(".event").bounding_box()
    week = card.locator(".week").bounding_box()
    assert abs(block["y"] + block["height"] - (week["y"] + week["height"])) <= 2, (block, week)


def test_a_schedules_times_name_the_campuses_zone_and_each_zone_of_a_mix(open_page):
    # given: North Grounds keeps Chicago's clock (KINE 1010 LAB 003 is there)
    Institution.objects.filter(code="demo").update(campus_timezones={"North Grounds": "America/Chicago"})
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    # when
    generate(page)
    # then: once per schedule, in words
    card = page.locator(".card[data-rank='1']")
    expect(card.locator(".zones")).to_have_text("Times are Eastern Time.")
    # when: a schedule taking the North Grounds lab and CS 1110 on Main
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=KINE+1010&pin=40058")
    generate(page)
    # then: each zone named, the other campus's with it
    expect(page.locator(".card[data-rank='1'] .zones")).to_have_text(
        re.compile(r"^Times are Eastern Time; at North Grounds, Central Time\.$")
    )
