"""A saved or shared schedule opened in the planner: its courses, its sections kept, and the best
schedule the planner then finds is that schedule."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from catalog.models import Term
from scheduler import saved_schedules
from tests.web.test_e2e_planner import generate

pytestmark = pytest.mark.django_db(transaction=True)

SECTIONS = ["40001", "40005", "40026"]  # CS 1110 LEC 001 and LAB 102, MATH 1310 DIS 101 (its lecture chosen)


def test_a_friend_plans_with_a_shared_schedules_sections_from_its_page(site, open_page):
    # given: ana's schedule, shared
    ana = User.objects.create_user("ana", email="ana@example.edu", password="pw-ana-12345")
    term = Term.objects.get(code="2026-fall")
    schedule = saved_schedules.saved_schedule_create(
        owner=ana, term=term, name="Ana's fall", notes="", section_ids=SECTIONS
    )
    saved_schedules.saved_schedule_share(schedule=schedule)
    page = open_page(f"/s/{schedule.share_token}/", planner=False)
    # when: someone signed out follows its planner link
    with page.expect_navigation():
        page.get_by_role("link", name="Plan with these sections").click()
    page.wait_for_selector("body[data-ready=true]")
    # then: the courses asked for, the sections kept, and the schedules found hold them
    expect(page.locator("#required")).to_contain_text("CS 1110")
    expect(page.locator("#required")).to_contain_text("MATH 1310")
    expect(page.locator("#kept .chip")).to_have_count(len(SECTIONS))
    generate(page)
    rows = page.locator(".card[data-rank='1'] table.sections tbody tr")
    for registrar_id in SECTIONS:
        expect(rows.and_(page.locator(f"[data-section='{registrar_id}']"))).to_have_count(1)
