"""The planner's Watch buttons (seat alerts): a signed-in student watches a full section of
*Which sections can fit* in one press, sees it watched on her next visit and stops watching it
from there; a failed lookup of her watches leaves the buttons usable; signed out, a link to sign
in comes back to the request."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from catalog.models import Section
from scheduler import watches
from scheduler.models import SectionWatch
from tests.web.test_e2e_axe import violations
from tests.web.test_e2e_planner import generate

pytestmark = pytest.mark.django_db(transaction=True)

REQUEST = "/?i=demo&t=2026-fall&c=CS+1110"  # lecture 002 closed, lab 101 on a wait list


def test_a_signed_in_student_watches_a_full_section_in_one_press(open_page, signed_in, site):
    # given
    ana = User.objects.create_user("ana", email="ana@example.edu", password="pw-ana-12345")
    page = open_page(REQUEST, context=signed_in(ana))
    generate(page)
    page.get_by_text("Which sections can fit").click()
    box = page.locator("#fit-watch")
    expect(box.get_by_role("button")).to_have_text(
        ["Watch CS 1110 LAB 101 (waitlist)", "Watch CS 1110 LEC 002 (closed)"]
    )
    # when
    box.get_by_role("button", name="Watch CS 1110 LEC 002 (closed)").click()
    # then: watched, said so with the page to stop, and the button cannot watch it twice
    expect(box.get_by_role("button", name="Watching CS 1110 LEC 002", exact=True)).to_have_attribute(
        "aria-disabled", "true"
    )
    lecture = box.locator(".watch").filter(has=page.locator("[data-watch='40002']"))
    expect(lecture.get_by_role("status")).to_have_text("We email you when it opens (Watched sections).")
    expect(box.get_by_role("link", name="Watched sections")).to_have_attribute("href", "/accounts/watches/")
    watch = SectionWatch.objects.get(user=ana)
    assert (watch.section.registrar_id, watch.told) == ("40002", "full")


def test_a_student_without_an_email_address_is_told_no_alert_can_reach_her(open_page, signed_in, site):
    # given: ana has no address
    ana = User.objects.create_user("ana", email="", password="pw-ana-12345")
    page = open_page(REQUEST, context=signed_in(ana))
    box = show_fit(page)
    # when
    box.get_by_role("button", name="Watch CS 1110 LEC 002 (closed)").click()
    # then: watched, and told why no email will come, with where to add an address
    lecture = box.locator(".watch").filter(has=page.locator("[data-watch='40002']"))
    expect(lecture.get_by_role("status")).to_have_text(
        "Watched, but no email can reach you: your account has no email address. Add one on your profile"
        " (Watched sections)."
    )
    expect(lecture.get_by_role("link", name="profile")).to_have_attribute("href", "/accounts/profile/")
    assert SectionWatch.objects.filter(user=ana).count() == 1


def show_fit(page):
    generate(page)
    page.get_by_text("Which sections can fit").click()
    return page.locator("#fit-watch")


def test_a_watched_section_shows_watched_after_a_reload_and_stops_from_there(open_page, signed_in, site):
    # given: ana watched lecture 002 on an earlier visit
    ana = User.objects.create_user("ana", email="ana@example.edu", password="pw-ana-12345")
    watches.watch_create(user=ana, section=Section.objects.get(registrar_id="40002"))
    context = signed_in(ana)
    page = open_page(REQUEST, context=context)
    lookups = []
    page.on("request", lambda r: lookups.append(r.url) if "/api/v1/watches/?" in r.url else None)
    box = show_fit(page)
    # then: said watched, with a way to stop; the lab is not watched
    watching = box.get_by_role("button", name="Watching CS 1110 LEC 002", exact=True)
    expect(watching).to_have_attribute("aria-disabled", "true")
    expect(box.get_by_role("button", name="Watch CS 1110 LAB 101 (waitlist)")).not_to_have_attribute(
        "aria-disabled", "true"
    )
    expect(box.get_by_role("button", name=re.compile("^Stop watching"))).to_have_text(["Stop watching CS 1110 LEC 002"])
    # when: she generates again (the same term: not read again), then stops watching the lecture
    generate(page)
    box.get_by_role("button", name="Stop watching CS 1110 LEC 002").click()
    # then
    lecture = box.locator(".watch").filter(has=page.locator("[data-watch='40002']"))
    expect(lecture.get_by_role("status")).to_have_text("Stopped watching CS 1110 LEC 002: no email when it opens.")
    expect(box.get_by_role("button", name="Watch CS 1110 LEC 002 (closed)")).to_be_focused()
    expect(box.get_by_role("button", name=re.compile("^Stop watching"))).to_have_count(0)
    assert not SectionWatch.objects.exists()
    assert len(lookups) == 1 and "term=2026-fall" in lookups[0] and "institution=demo" in lookups[0]
    # when: she watches it again and comes back another time
    box.get_by_role("button", name="Watch CS 1110 LEC 002 (closed)").click()
    expect(box.get_by_role("button", name="Watching CS 1110 LEC 002", exact=True)).to_be_visible()
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    box = show_fit(page)
    # then
    expect(box.get_by_role("button", name="Watching CS 1110 LEC 002", exact=True)).to_have_attribute(
        "aria-disabled", "true"
    )
    expect(box.get_by_role("button", name="Stop watching CS 1110 LEC 002")).to_be_visible()
    found = violations(page)
    assert not found, found


def test_a_failed_lookup_of_the_watches_is_said_and_the_buttons_still_watch(open_page, signed_in, site):
    # given: the lookup of ana's watches fails
    ana = User.objects.create_user("ana", email="ana@example.edu", password="pw-ana-12345")
    page = open_page(REQUEST, context=signed_in(ana))
    page.route(re.compile(r".*/api/v1/watches/\?.*"), lambda route: route.fulfill(status=500, body=""))
    # when
    box = show_fit(page)
    # then: said, and a button still watches
    expect(box.locator(".watch-note")).to_have_text(
        " We could not read which sections you watch, so a button may say Watch for one you watch already "
        "(pressing it does no harm)."
    )
    box.get_by_role("button", name="Watch CS 1110 LEC 002 (closed)").click()
    expect(box.get_by_role("button", name="Watching CS 1110 LEC 002", exact=True)).to_have_attribute(
        "aria-disabled", "true"
    )
    assert SectionWatch.objects.get(user=ana).section.registrar_id == "40002"


def test_signed_out_the_link_signs_in_and_comes_back_to_the_request(open_page):
    # given
    page = open_page(REQUEST)
    generate(page)
    page.get_by_text("Which sections can fit").click()
    # when
    link = page.locator("#fit-watch").get_by_role("link", name="Sign in to watch them")
    # then: no button, and the link's `next` is the request as it is
    expect(page.locator("#fit-watch")).to_contain_text("Full sections (CS 1110 LAB 101, CS 1110 LEC 002)")
    expect(page.locator("#fit-watch button")).to_have_count(0)
    following = parse_qs(urlsplit(link.get_attribute("href")).query)["next"][0]
    assert urlsplit(following).path == "/" and parse_qs(urlsplit(following).query)["c"] == ["CS 1110"]
    assert not SectionWatch.objects.exists()


def test_a_section_watched_with_its_emails_off_is_said_so_not_as_a_missing_address(open_page, signed_in, site):
    # given: ana, with an address, watches lecture 002 with its emails off (another tab, the API)
    ana = User.objects.create_user("ana", email="ana@example.edu", password="pw-ana-12345")
    page = open_page(REQUEST, context=signed_in(ana))
    box = show_fit(page)
    lecture = Section.objects.get(registrar_id="40002")
    watches.watch_create(user=ana, section=lecture, email_openings=False)
    # when: she presses Watch on the page drawn before
    box.get_by_role("button", name="Watch CS 1110 LEC 002 (closed)").click()
    # then
    said = box.locator(".watch").filter(has=page.locator("[data-watch='40002']")).get_by_role("status")
    expect(said).to_have_text("Watched, with its emails off: turn them on in Watched sections.")
