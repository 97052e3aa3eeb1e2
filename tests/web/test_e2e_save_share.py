"""Sign up, sign in, save, share and .ics in the browser, through the accounts pages and the
saved schedules API; see docs/web.md."""

import re
import urllib.parse

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.web.test_e2e_planner import generate

pytestmark = pytest.mark.django_db(transaction=True)

REQUEST = "/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310&before=10:00"


def sign_in(page, username: str, password: str) -> None:
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")


def test_a_student_signs_up_saves_a_schedule_downloads_its_ics_and_opens_its_share_link(open_page, browser, site):
    # given: a new account made through the sign-up form
    page = open_page("/accounts/signup/", planner=False)
    page.locator("input[name=username]").fill("carla")
    page.locator("input[name=email]").fill("carla@example.edu")
    page.locator("input[name=password1]").fill("a-long-pass-phrase-42")
    page.locator("input[name=password2]").fill("a-long-pass-phrase-42")
    with page.expect_navigation():
        page.locator("input[name=password2]").press("Enter")
    page.goto(REQUEST)
    if page.get_by_role("link", name="Sign in", exact=True).count():  # sign-up did not sign in
        page.get_by_role("link", name="Sign in", exact=True).click()
        sign_in(page, "carla", "a-long-pass-phrase-42")
        page.goto(REQUEST)
    expect(page.get_by_text("Signed in as")).to_contain_text("carla")
    generate(page)
    card = page.locator(".card[data-rank='1']")
    # when
    card.get_by_label("Name").fill("My fall")
    card.get_by_role("button", name="Save").click()
    # then
    expect(card.locator(".save-status")).to_have_text("Saved as “My fall”.")
    with page.expect_download() as download:
        card.get_by_role("link", name="Download .ics").click()
    ics = open(download.value.path()).read()
    assert ics.startswith("BEGIN:VCALENDAR") and "CS 1110" in ics and "MATH 1310" in ics
    # when
    card.get_by_role("button", name="Share link").click()
    share = card.get_by_label("Share link")
    expect(share).to_have_value(re.compile(r"/s/[^/]+/$"))
    anonymous = browser.new_context(base_url=site)
    shared = anonymous.new_page()
    response = shared.goto(share.input_value())
    # then
    assert response.status == 200
    expect(shared.locator("body")).to_contain_text("CS 1110")
    expect(shared.locator("body")).to_contain_text("MATH 1310")
    anonymous.close()
    page.goto("/schedules/")
    expect(page.locator("body")).to_contain_text("My fall")


def test_signing_in_from_the_results_comes_back_to_the_same_request_and_its_schedules(open_page):
    # given
    User.objects.create_user("dan", email="dan@example.edu", password="pw-dan-12345")
    page = open_page(REQUEST)
    generate(page)
    # when
    page.locator(".card[data-rank='1']").get_by_role("link", name="Sign in to save this schedule").click()
    sign_in(page, "dan", "pw-dan-12345")
    # then
    page.wait_for_selector("body[data-ready=true]")
    back = urllib.parse.urlsplit(page.url)
    asked = urllib.parse.urlsplit(REQUEST)
    assert back.path == asked.path
    assert urllib.parse.parse_qs(back.query) == urllib.parse.parse_qs(asked.query)  # the same request, however escaped
    expect(page.get_by_text("Signed in as")).to_contain_text("dan")
    expect(page.locator(".card[data-rank='1']")).to_be_visible()
    expect(page.locator(".card[data-rank='1']").get_by_role("button", name="Save")).to_be_visible()


def test_signing_in_after_keeping_a_section_comes_back_to_the_request_with_it_kept(open_page):
    # given: schedules, then a section of the best one kept (the request changes without a reload)
    User.objects.create_user("dan", email="dan@example.edu", password="pw-dan-12345")
    page = open_page(REQUEST)
    generate(page)
    card = page.locator(".card[data-rank='1']")
    keep = card.locator("button[data-keep]").first
    kept = keep.get_attribute("aria-label").removeprefix("Keep ")
    keep.click()
    expect(page.locator("#kept .chip")).to_have_count(1)
    pinned = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)["pin"]
    # when: the card's sign-in link, then the sign-in form
    card.get_by_role("link", name="Sign in to save this schedule").click()
    sign_in(page, "dan", "pw-dan-12345")
    # then: back on the request as it was when the link was pressed, the section still kept
    page.wait_for_selector("body[data-ready=true]")
    expect(page.get_by_text("Signed in as")).to_contain_text("dan")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)["pin"] == pinned
    expect(page.locator("#kept")).to_contain_text(kept)


def test_the_headers_and_the_friends_sign_in_links_follow_the_request_as_it_changes(open_page):
    # given
    page = open_page(REQUEST)
    # when: the request changes without a reload
    page.get_by_label("Find courses by code, title or instructor").fill("ARTS 2050")
    page.get_by_role("button", name="Required: ARTS 2050").click()
    # then: both come back to the request as it is now
    expected = urllib.parse.quote(urllib.parse.urlsplit(page.url)._replace(scheme="", netloc="").geturl(), safe="")
    assert "ARTS" in expected
    sign_in_link = page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in")
    expect(sign_in_link).to_have_attribute("href", f"/accounts/login/?next={expected}")
    sign_up_link = page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign up")
    expect(sign_up_link).to_have_attribute("href", f"/accounts/signup/?next={expected}")
    # and so does the one that says friends need signing in
    friends_link = page.locator("#friends-status").get_by_role("link", name="Sign in")
    expect(friends_link).to_have_attribute("href", f"/accounts/login/?next={expected}")


def test_signing_in_from_the_third_schedule_comes_back_to_the_third_schedule(open_page):
    # given: schedules, paged to the third
    User.objects.create_user("dan", email="dan@example.edu", password="pw-dan-12345")
    page = open_page(REQUEST)
    generate(page)
    page.get_by_role("button", name="Next →").click()
    page.get_by_role("button", name="Next →").click()
    expect(page.locator("#position")).to_have_text(re.compile("^Schedule 3 of"))
    assert urllib.parse.urlsplit(page.url).fragment == "schedule-3"
    # when: the third card's sign-in link, then the sign-in form
    page.locator(".card[data-rank='3']").get_by_role("link", name="Sign in to save this schedule").click()
    sign_in(page, "dan", "pw-dan-12345")
    # then: the schedule the student asked to save, ready to save
    page.wait_for_selector("body[data-ready=true]")
    expect(page.get_by_text("Signed in as")).to_contain_text("dan")
    expect(page.locator("#position")).to_have_text(re.compile("^Schedule 3 of"))
    expect(page.locator(".card[data-rank='3']").get_by_role("button", name="Save")).to_be_visible()
    expect(page.locator("#status")).to_contain_text("at schedule 3")


def test_back_from_the_sign_in_page_comes_back_to_the_schedule_it_was_left_on(open_page):
    # given: schedules, paged to the second, and the header's sign-in link followed
    page = open_page(REQUEST)
    generate(page)
    page.get_by_role("button", name="Next →").click()
    expect(page.locator("#position")).to_have_text(re.compile("^Schedule 2 of"))
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in").click()
    page.wait_for_selector("input[name=username]")
    # when
    page.go_back()
    # then
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#position")).to_have_text(re.compile("^Schedule 2 of"))
    expect(page.locator(".card[data-rank='2']")).to_be_visible()
