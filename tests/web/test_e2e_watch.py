"""The planner's Watch buttons (seat alerts): a signed-in student watches a full section of
*Which sections can fit* in one press; signed out, a link to sign in comes back to the request."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from scheduler.models import SectionWatch
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
    expect(box.get_by_role("button", name="Watching CS 1110 LEC 002")).to_have_attribute("aria-disabled", "true")
    lecture = box.locator(".watch").filter(has=page.locator("[data-watch='40002']"))
    expect(lecture.get_by_role("status")).to_have_text("We email you when it opens (Watched sections).")
    expect(box.get_by_role("link", name="Watched sections")).to_have_attribute("href", "/accounts/watches/")
    watch = SectionWatch.objects.get(user=ana)
    assert (watch.section.registrar_id, watch.told) == ("40002", "full")


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
