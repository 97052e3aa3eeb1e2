"""Registration day and choosing a course: a planner card's and a saved page's *Copy* of the
schedule's registrar ids (the clipboard, or a selected field when the browser refuses it), and a
found course's *Details* (description, credits, sections open, instructors) looked up on first open."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from catalog import services
from catalog.models import Course, Section, Term
from scheduler import saved_schedules
from tests.web.conftest import screenshot
from tests.web.test_e2e_axe import violations
from tests.web.test_e2e_planner import generate

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}

# the browser refuses the page the clipboard (as on a page not served over https, or a permission denied)
NO_CLIPBOARD = """
Object.defineProperty(navigator, "clipboard", { value: {
  writeText: () => Promise.reject(new DOMException("Write permission denied.", "NotAllowedError")),
} });
"""


def clipboard_of(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def with_clipboard(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    return page


def sideways(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


# --- Copy section ids on a planner card --------------------------------------------------------


def test_a_cards_copy_section_ids_copies_its_ids_in_course_order_tba_sections_included(open_page):
    # given: CS 1110 kept to lecture 003 and lab 103, and CS 4993's TBA section 40045
    page = with_clipboard(open_page("/?i=demo&t=2026-fall&c=CS+1110&c=CS+4993&pin=40003&pin=40006&pin=40045"))
    generate(page)
    card = page.locator(".card[data-rank='1']")
    # when
    card.get_by_role("button", name="Copy section ids of schedule 1").click()
    # then: one line, as a registration form takes several ids, said in the card's status
    # in the saved page's order (the lecture first, though the sections table lists the lab first;
    # since 2026-12-10), then the TBA section
    expect(card.locator(".copy-status")).to_have_text(re.compile(r"^Copied 3 section ids: 40003, 40006, 40045\."))
    assert clipboard_of(page) == "40003, 40006, 40045"
    expect(card.locator(".copy-status")).to_have_attribute("role", "status")
    expect(card.get_by_label("Section ids of schedule 1")).to_be_hidden()  # the fallback is not needed


def test_a_cards_copy_names_the_interchangeable_sections_as_backups_without_copying_them(open_page):
    # given: the engine merges CHEM 1411 labs that nothing in this request tells apart (40018's
    # alternatives are 40019 and 40021, and maybe more)
    page = with_clipboard(open_page("/?i=demo&t=2026-fall&c=HIST+2001&c=CHEM+1411&c=STS+1500&c=ARTS+2050&c=CS+4993"))
    generate(page)
    card = page.locator(".card[data-rank='1']")
    expect(card.locator("tr[data-section='40018'] td.alternatives")).to_contain_text("40019, 40021")
    alternatives = re.findall(r"\b400\d\d\b", card.locator("tr[data-section='40018'] td.alternatives").inner_text())
    rows = card.locator("table.sections tbody tr, .tba li")  # in the page's order: the table, then TBA sections
    ids = [rows.nth(i).get_attribute("data-section") for i in range(rows.count())]
    # when
    card.get_by_role("button", name="Copy section ids of schedule 1").click()
    # then: the ids alone are copied (a registration form's one-line field would run a second line
    # into them); the backups are said, by id, for the section they stand in for
    status = card.locator(".copy-status")
    expect(status).to_contain_text("Backups if a section is full, interchangeable in this schedule:")
    assert clipboard_of(page) == ", ".join(ids)
    backups = ", ".join(alternatives[:-1]) + f" or {alternatives[-1]}"
    expect(status).to_contain_text(f"{backups} instead of 40018 (CHEM 1411 LAB 001)")


def test_a_refused_clipboard_selects_the_ids_in_a_field_and_says_to_copy_them(open_page, browser, site):
    # given: a browser that refuses the page the clipboard
    context = browser.new_context(base_url=site)
    context.add_init_script(NO_CLIPBOARD)
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=CS+4993&pin=40003&pin=40006&pin=40045", context=context)
    generate(page)
    card = page.locator(".card[data-rank='1']")
    # when
    card.get_by_role("button", name="Copy section ids of schedule 1").click()
    # then: the field holding them, focused and all of it selected
    field = card.get_by_label("Section ids of schedule 1")
    expect(field).to_be_visible()
    expect(field).to_be_focused()
    expect(field).to_have_value("40003, 40006, 40045")
    assert field.evaluate("(f) => f.value.slice(f.selectionStart, f.selectionEnd)") == "40003, 40006, 40045"
    expect(card.locator(".copy-status")).to_have_text(
        "Your browser did not let the page copy, so the section ids are selected in the field: "
        "press Ctrl+C (⌘C on a Mac) to copy them."
    )
    context.close()


# --- Copy CRNs on the saved and shared pages ---------------------------------------------------


@pytest.fixture
def ana_plan(site):
    """Ana's shared schedule: CS 1110 lecture 001 and lab 102, CS 4993's TBA section, MATH 1310 lecture 002."""
    ana = User.objects.create_user("ana", email="ana@example.edu", password="pw-ana-12345")
    term = Term.objects.get(code="2026-fall")
    plan = saved_schedules.saved_schedule_create(
        owner=ana, term=term, name="Plan A", notes="", section_ids=["40001", "40005", "40045", "40024"]
    )
    saved_schedules.saved_schedule_share(schedule=plan)
    return ana, plan


def test_a_saved_schedules_page_copies_its_crns(signed_in, ana_plan):
    # given
    ana, plan = ana_plan
    page = with_clipboard(signed_in(ana).new_page())
    page.goto(f"/schedules/{plan.pk}/")
    # when
    page.get_by_role("button", name="Copy CRNs").click()
    # then
    expect(page.locator(".copy-status")).to_have_text("Copied 4 CRNs: 40001, 40005, 40024, 40045.")
    assert clipboard_of(page) == "40001, 40005, 40024, 40045"


def test_a_shared_page_whose_clipboard_is_refused_selects_its_crns_and_names_a_withdrawn_section(
    browser, site, ana_plan
):
    # given: lab 40005 withdrawn by the registrar since; a visitor's browser refusing the clipboard
    _, plan = ana_plan
    Section.objects.filter(registrar_id="40005").update(withdrawn_at="2026-09-01T00:00:00Z")
    context = browser.new_context(base_url=site, viewport=PHONE)
    context.add_init_script(NO_CLIPBOARD)
    page = context.new_page()
    page.goto(f"/s/{plan.share_token}/")
    # when
    page.get_by_role("button", name="Copy CRNs").click()
    # then
    field = page.get_by_label("CRNs to register")
    expect(field).to_be_focused()
    expect(field).to_have_value("40001, 40024, 40045")
    expect(page.locator(".copy-status")).to_have_text(
        "Your browser did not let the page copy, so the CRNs are selected in the field: press Ctrl+C (⌘C on a Mac) "
        "to copy them. Not listed, as they cannot be registered for: CS 1110 Laboratory 102 (40005), withdrawn by "
        "the registrar."
    )
    assert sideways(page) == 0
    context.close()


# --- A found course's details ------------------------------------------------------------------


def test_a_found_courses_details_open_by_keyboard_looked_up_once(open_page):
    # given
    page = open_page()
    asked = []
    page.on("request", lambda r: asked.append(r.url) if r.url.endswith("/courses/CS/1110/") else None)
    page.get_by_label("Find courses by code, title or instructor").fill("cs 1110")
    toggle = page.get_by_role("button", name="Details: CS 1110")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    # when: by keyboard
    toggle.focus()
    page.keyboard.press("Enter")
    # then
    expect(toggle).to_have_attribute("aria-expanded", "true")
    panel = page.get_by_role("region", name="Details of CS 1110")
    expect(panel).to_contain_text("Programming in Python")
    expect(panel.locator("dl")).to_have_text(
        re.compile(
            r"Credits\s*3 credits\s*Prerequisites\s*None listed in the catalog\s*"
            r"Sections\s*6 laboratories, 5 open\s*3 lectures, 2 open\s*"
            r"Instructors\s*Ana Lopez; Ben Okafor; Ada Byron; Grace Hopper"
        )
    )
    assert toggle.get_attribute("aria-controls") == panel.get_attribute("id")
    # when: closed, opened again, and the list drawn again (a course added)
    page.keyboard.press("Enter")
    expect(panel).to_be_hidden()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Required: CS 1110").click()
    # then: still open, from the page's copy
    expect(page.get_by_role("button", name="Added: CS 1110")).to_be_disabled()
    expect(page.get_by_role("region", name="Details of CS 1110")).to_contain_text("3 lectures, 2 open")
    assert len(asked) == 1


def test_a_course_without_description_or_credits_says_so(open_page):
    # given: STS 1500's catalog entry without a description or credits
    Course.objects.filter(subject="STS", number="1500").update(description="", credits_min=None, credits_max=None)
    services.term_catalog_edited(term_id=Term.objects.get().pk)
    page = open_page()
    page.get_by_label("Find courses by code, title or instructor").fill("sts 1500")
    # when
    page.get_by_role("button", name="Details: STS 1500").click()
    # then
    panel = page.get_by_role("region", name="Details of STS 1500")
    expect(panel).to_contain_text("No description in the catalog.")
    credits = re.compile(
        r"Credits\s*Not given in the catalog\s*Prerequisites\s*None listed in the catalog\s*"
        r"Sections\s*1 lecture, 1 open"
    )
    expect(panel.locator("dl")).to_have_text(credits)


def test_details_say_a_courses_prerequisites_as_the_catalog_lists_them(open_page):
    # given: CHEM 1411's catalog entry with prerequisites, as gatech-json words them
    said = "(CHEM 1410 (C) or CHEM 14X0 (transfer)) and MATH 1310 (D)"
    Course.objects.filter(subject="CHEM", number="1411").update(prerequisites=said)
    services.term_catalog_edited(term_id=Term.objects.get().pk)
    page = open_page()
    page.get_by_label("Find courses by code, title or instructor").fill("chem 1411")
    # when
    page.get_by_role("button", name="Details: CHEM 1411").click()
    # then: between the credits and the sections
    panel = page.get_by_role("region", name="Details of CHEM 1411")
    expect(panel.locator("dl")).to_contain_text(
        re.compile(r"credits?\s*Prerequisites\s*" + re.escape(said) + r"\s*Sections")
    )


def test_details_of_a_course_whose_catalog_counts_no_seats_say_listed_open_not_open(open_page):
    # given: CS 1110's sections with no capacity nor enrolment (Georgia Tech's catalog lists every
    # section open and counts no seats)
    Section.objects.filter(component__course__subject="CS", component__course__number="1110").update(
        capacity=None, enrolled=None, status=Section.Status.OPEN
    )
    services.term_catalog_edited(term_id=Term.objects.get().pk)
    page = open_page()
    page.get_by_label("Find courses by code, title or instructor").fill("cs 1110")
    # when
    page.get_by_role("button", name="Details: CS 1110").click()
    # then
    expect(page.get_by_role("region", name="Details of CS 1110").locator("dl")).to_contain_text(
        "3 lectures, all listed open (no seat counts in the catalog)"
    )


def test_details_that_could_not_be_looked_up_offer_to_try_again(open_page):
    # given: the first look-up answered 500
    page = open_page()
    failed = []

    def once_500(route):
        if failed:
            route.continue_()
        else:
            failed.append(route.request.url)
            route.fulfill(status=500, body="")

    page.route(re.compile(r".*/courses/MATH/1310/$"), once_500)
    page.get_by_label("Find courses by code, title or instructor").fill("math 1310")
    # when
    page.get_by_role("button", name="Details: MATH 1310").click()
    # then
    panel = page.get_by_role("region", name="Details of MATH 1310")
    expect(panel).to_contain_text("Could not look up the details of MATH 1310: The server answered 500.")
    # when
    panel.get_by_role("button", name="Try again: details of MATH 1310").click()
    # then
    expect(panel).to_contain_text("Limits, derivatives and integrals")
    expect(panel).to_contain_text("4 credits")
    expect(page.get_by_role("button", name="Details: MATH 1310")).to_be_focused()


def test_on_a_phone_details_and_copy_fit_the_width(open_page):
    # given
    page = with_clipboard(open_page("/?i=demo&t=2026-fall&c=CS+1110&c=CHEM+1410", viewport=PHONE))
    page.get_by_label("Find courses by code, title or instructor").fill("chem")
    # when
    for name in ("Details: CHEM 1410", "Details: CHEM 1411"):
        page.get_by_role("button", name=name).click()
    expect(page.get_by_role("region", name="Details of CHEM 1411")).to_contain_text("credit")
    assert sideways(page) == 0
    screenshot(page, "course-details-phone")
    generate(page)
    page.get_by_role("button", name="Copy section ids of schedule 1").click()
    # then
    expect(page.locator(".card[data-rank='1'] .copy-status")).to_contain_text("Copied")
    assert sideways(page) == 0
    screenshot(page, "copy-ids-phone")


def test_a_details_panel_open_and_a_copy_field_shown_break_no_accessibility_rule(open_page, browser, site):
    # given: a found course's details open, and a card's ids in the field a refused clipboard shows
    context = browser.new_context(base_url=site)
    context.add_init_script(NO_CLIPBOARD)
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110", context=context)
    generate(page)
    page.get_by_role("button", name="Copy section ids of schedule 1").click()
    expect(page.get_by_label("Section ids of schedule 1")).to_be_focused()
    page.get_by_label("Find courses by code, title or instructor").fill("chem")
    page.get_by_role("button", name="Details: CHEM 1410").click()
    expect(page.get_by_role("region", name="Details of CHEM 1410")).to_contain_text("Marie Curie")
    # when
    found = violations(page)
    # then
    assert not found, found
    context.close()


def test_a_saved_page_with_a_section_left_out_of_its_crns_breaks_no_accessibility_rule(signed_in, ana_plan):
    # given
    ana, plan = ana_plan
    Section.objects.filter(registrar_id="40005").update(withdrawn_at="2026-09-01T00:00:00Z")
    page = with_clipboard(signed_in(ana).new_page())
    page.goto(f"/schedules/{plan.pk}/")
    page.get_by_role("button", name="Copy CRNs").click()
    expect(page.locator(".copy-status")).to_contain_text("Copied 3 CRNs")
    # when
    found = violations(page)
    # then
    assert not found, found
