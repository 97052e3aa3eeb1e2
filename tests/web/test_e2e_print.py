"""A saved schedule printed: the week and its sections on paper, without the site's header,
forms or buttons; the page's Print button opens the browser's print dialog."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from catalog.models import Term
from scheduler import saved_schedules


@pytest.fixture
def ana_schedule(site):
    ana = User.objects.create_user("ana", email="ana@example.edu", password="pw-ana-12345")
    schedule = saved_schedules.saved_schedule_create(
        owner=ana,
        term=Term.objects.get(code="2026-fall"),
        name="Mornings free",
        notes="Ask about the lab swap.",
        section_ids=["40001", "40004"],
    )
    return ana, schedule


def test_a_printed_schedule_shows_its_week_sections_and_notes_and_none_of_the_controls(signed_in, ana_schedule):
    # given: ana's saved schedule, as the printer sees it
    ana, schedule = ana_schedule
    page = signed_in(ana).new_page()
    page.goto(f"/schedules/{schedule.pk}/")
    # when
    page.emulate_media(media="print")
    # then: the week, the sections and the notes, and no header, form or button
    expect(page.get_by_role("table", name="Weekly grid")).to_be_visible()
    expect(page.get_by_role("cell", name="40001")).to_be_visible()
    expect(page.locator(".notes-text")).to_have_text("Ask about the lab swap.")
    expect(page.get_by_label("Notes")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button")).to_have_count(0)
    expect(page.get_by_role("columnheader", name="Swap")).to_have_count(0)
    # and on screen the controls are back and the notes are the form's
    page.emulate_media(media="screen")
    expect(page.get_by_role("button", name="Print this schedule")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Swap")).to_be_visible()
    expect(page.locator(".print-only")).to_be_hidden()


def test_the_print_button_opens_the_browser_s_print_dialog(signed_in, ana_schedule):
    # given: window.print recorded instead of a dialog
    ana, schedule = ana_schedule
    page = signed_in(ana).new_page()
    page.add_init_script("window.printed = 0; window.print = () => { window.printed += 1; };")
    page.goto(f"/schedules/{schedule.pk}/")
    # when
    page.get_by_role("button", name="Print this schedule").click()
    # then
    assert page.evaluate("window.printed") == 1
