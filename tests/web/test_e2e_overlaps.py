"""“Courses that may overlap”: two of the student's courses allowed to overlap (the API's
`allowed_overlaps`), kept in the address, warned of on each card that uses it."""

import pytest
from playwright.sync_api import expect

from scheduler.models import GenerationJob
from tests.web.test_e2e_planner import generate, query_of

pytestmark = pytest.mark.django_db(transaction=True)

# the demo's MUSI 1310 meets only Tu 19:00-21:30; KINE 1010's 003 (40058) Tu 18:00-20:00, its others avoided
CLASHING = "/?i=demo&t=2026-fall&c=MUSI+1310&c=KINE+1010&avoid=40056&avoid=40057"
WARNING = "KINE 1010 LAB 003 and MUSI 1310 LEC 001 overlap on Tuesday, 19:00-20:00 (allowed)"


def test_two_courses_let_overlap_give_a_schedule_that_says_where_and_stay_in_the_address(open_page):
    # given: nothing fits while the two clash
    page = open_page(CLASHING)
    generate(page)
    expect(page.locator("#status")).to_contain_text("No schedule")
    # when: MUSI 1310 let overlap with KINE 1010
    page.get_by_label("Let this course overlap").select_option("MUSI 1310")
    page.get_by_label("overlap with this course").select_option("KINE 1010")
    page.get_by_role("button", name="Allow overlap").click()
    # then: the pair is listed and in the address
    expect(page.locator("#overlaps .chip")).to_have_text(["KINE 1010 and MUSI 1310 may overlap×"])
    expect(page.locator("#status")).to_have_text("KINE 1010 and MUSI 1310 may overlap: a schedule using it says where.")
    assert query_of(page)["ov"] == ["KINE 1010,MUSI 1310"]
    # when
    generate(page)
    # then: the schedule is found, the card says where the two overlap, and the job allowed it
    card = page.locator(".card").first
    expect(card.locator(".warnings li")).to_have_text([WARNING])
    job = GenerationJob.objects.latest("created_at")
    assert job.request["allowed_overlaps"] == [["KINE 1010", "MUSI 1310"]]
    # when: the page read again from its address
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    # then
    expect(page.locator("#overlaps .chip")).to_have_text(["KINE 1010 and MUSI 1310 may overlap×"])


def test_a_course_removed_takes_its_overlap_along_and_one_course_cannot_overlap_itself(open_page):
    # given
    page = open_page(CLASHING + "&c=CS+1110&ov=KINE+1010,MUSI+1310&ov=CS+1110,MUSI+1310")
    chips = page.locator("#overlaps .chip")
    expect(chips).to_have_count(2)
    # when: the same course chosen twice
    page.get_by_label("Let this course overlap").select_option("CS 1110")
    page.get_by_label("overlap with this course").select_option("CS 1110")
    page.get_by_role("button", name="Allow overlap").click()
    # then: refused in words, tied to the choice
    expect(page.locator("#overlap-error")).to_have_text("Choose two different courses: CS 1110 cannot overlap itself.")
    expect(page.get_by_label("overlap with this course")).to_have_attribute("aria-invalid", "true")
    expect(chips).to_have_count(2)
    # when: KINE 1010 removed
    page.get_by_role("button", name="Remove KINE 1010").click()
    # then: its pair goes with it, and the status says so
    expect(chips).to_have_text(["CS 1110 and MUSI 1310 may overlap×"])
    expect(page.locator("#status")).to_have_text(
        "Removed with the course: avoided KINE 1010 LAB 001 (40056), avoided KINE 1010 LAB 002 (40057), "
        "KINE 1010 and MUSI 1310 may overlap."
    )
    assert query_of(page)["ov"] == ["CS 1110,MUSI 1310"]
    # when: the other pair's remove button
    page.get_by_role("button", name="Do not let CS 1110 and MUSI 1310 overlap").click()
    # then
    expect(chips).to_have_count(0)
    expect(page.locator("#overlaps-empty")).to_be_visible()
    assert "ov" not in query_of(page)


def test_the_choice_is_hidden_until_the_request_has_two_courses(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=MUSI+1310")
    # then
    expect(page.locator("#overlap-form")).to_be_hidden()
    expect(page.locator("#overlaps-empty")).to_have_text("None: no two classes of a schedule overlap.")
