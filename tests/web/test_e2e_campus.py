"""The planner's campus choice, on a term whose sections are on two campuses (as Georgia Tech's
Atlanta and Lorraine): sent as `filters.campuses`, kept in the URL, filled from a job opened by
its URL, and a card that names the campuses when its schedule mixes them."""

import json
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from scheduler.models import GenerationJob
from tests.conftest import DEMO_CATALOG
from tests.web.test_e2e_planner import generate, query_of

pytestmark = pytest.mark.django_db(transaction=True)

LORRAINE = {"40030", "40031", "40032"}  # ENWR 1510 seminars 001-003; 004 (40033) is in Atlanta


def import_term(tmp_path, code: str, name: str, campus_of) -> None:
    """The demo catalog again as the term `code`, each section's campus `campus_of(registrar id)`."""
    data = json.loads(DEMO_CATALOG.read_text())
    data["term"] = {**data["term"], "code": code, "name": name}
    for course in data["courses"]:
        for component in course["components"]:
            for section in component["sections"]:
                section["campus"] = campus_of(section["id"])
    path = tmp_path / f"{code}.json"
    path.write_text(json.dumps(data))
    call_command("import_catalog", str(path), "--format", "canonical", stdout=None)


@pytest.fixture
def two_campuses(site, tmp_path):
    import_term(tmp_path, "2027-spring", "Spring 2027", lambda rid: "Lorraine" if rid in LORRAINE else "Atlanta")
    import_term(tmp_path, "2027-summer", "Summer 2027", lambda rid: "Atlanta")


def campuses_taken(job: GenerationJob) -> list[set[str]]:
    return [{s["campus"] for s in r["sections"] + r["tba"]} for r in job.results]


def test_one_campus_chosen_keeps_the_others_sections_out_and_any_campus_names_them_on_the_card(open_page, two_campuses):
    # given: ENWR 1510 (three seminars in Lorraine, one in Atlanta) and HIST 2001 (Atlanta)
    page = open_page("/?i=demo&t=2027-spring&c=ENWR+1510&c=HIST+2001")
    choice = page.get_by_role("group", name="Campus", exact=True)
    expect(choice.get_by_label("Any campus")).to_be_checked()
    expect(choice).to_contain_text("Atlanta (55 sections)")
    expect(choice).to_contain_text("Lorraine (3 sections)")
    # when: any campus
    generate(page)
    mixed = GenerationJob.objects.latest("created_at")
    # then: some schedule mixes the campuses, and its card says which section is where
    assert "campuses" not in mixed.request["filters"] or not mixed.request["filters"]["campuses"]
    rank = next(r["rank"] for r in mixed.results if {s["campus"] for s in r["sections"]} == {"Atlanta", "Lorraine"})
    for _ in range(rank - 1):
        page.get_by_role("button", name="Next →").click()
    card = page.locator(f".card[data-rank='{rank}']")
    expect(card.locator(".campus-note")).to_contain_text(re.compile(r"mixes campuses: .*Lorraine \(ENWR 1510 SEM 00"))
    expect(card.locator("tr", has_text="ENWR 1510")).to_contain_text("· Lorraine")
    # when: Atlanta alone
    choice.get_by_label("Atlanta (55 sections)").check()
    generate(page)
    atlanta = GenerationJob.objects.latest("created_at")
    # then: no schedule takes a Lorraine section, no card names a campus, and the URL keeps the choice
    assert atlanta.request["filters"]["campuses"] == ["Atlanta"]
    assert atlanta.results and all(taken == {"Atlanta"} for taken in campuses_taken(atlanta))
    expect(choice.get_by_label("Any campus")).not_to_be_checked()
    expect(page.locator(".card .campus-note")).to_have_count(0)
    assert query_of(page)["campus"] == ["Atlanta"]
    # when: the job opened by its URL, then a term with one campus
    page.goto(f"/?job={atlanta.pk}")
    # then: the choice is the job's; the one-campus term shows none
    expect(page.locator("#job-note")).to_contain_text(f"generation job {atlanta.pk}")
    expect(choice.get_by_label("Atlanta (55 sections)")).to_be_checked()
    expect(page.locator("#job-note")).not_to_contain_text("campus")
    page.locator("#term").select_option("2027-summer")
    expect(choice).to_be_hidden()
    assert "campus" not in query_of(page)


def test_a_campus_that_leaves_a_course_no_section_is_a_one_click_repair_to_any_campus(open_page, two_campuses):
    # given: ENWR 1510 kept in Lorraine, the campus Atlanta alone
    page = open_page("/?i=demo&t=2027-spring&c=ENWR+1510&pin=40030&campus=Atlanta")
    # when
    generate(page)
    repair = page.locator("#repairs button", has_text="campus")
    repair.click()
    # then: the repair lets any campus in, and the schedule found takes the Lorraine seminar
    expect(page.locator("#status")).to_contain_text("Found")
    expect(page.get_by_role("group", name="Campus", exact=True).get_by_label("Any campus")).to_be_checked()
    job = GenerationJob.objects.latest("created_at")
    assert not job.request["filters"]["campuses"]
    assert "campus" not in query_of(page)


def test_campuses_with_long_names_wrap_on_a_phone_and_the_keyboard_stays_on_the_box_ticked(open_page, site, tmp_path):
    # given: Georgia Tech's longest campus names, on a phone
    from tests.web.conftest import PHONE

    names = {"40030": "GT Lorraine-Undergrad Programs", "40031": "GT, Peking University, & Emory"}
    import_term(tmp_path, "2027-spring", "Spring 2027", lambda rid: names.get(rid, "Georgia Tech-Atlanta"))
    page = open_page("/?i=demo&t=2027-spring&c=ENWR+1510", viewport=PHONE)
    box = page.get_by_label("GT Lorraine-Undergrad Programs (1 section)")
    # when
    box.focus()
    page.keyboard.press("Space")
    # then: no sideways scroll, the box ticked and still focused
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.get_by_label("GT Lorraine-Undergrad Programs (1 section)")).to_be_checked()
    expect(page.get_by_label("GT Lorraine-Undergrad Programs (1 section)")).to_be_focused()


def test_a_term_with_two_campuses_lists_their_boxes_and_nothing_else(open_page, two_campuses):
    # when
    page = open_page("/?i=demo&t=2027-spring&c=ENWR+1510")
    expect(page.get_by_label("Lorraine (3 sections)")).to_be_visible()
    # then: two boxes, no "more campuses" and no stray text beside them
    nodes = page.evaluate("[...document.getElementById('campus-list').childNodes].map((n) => n.nodeName)")
    assert nodes == ["LABEL", "LABEL"]


def test_a_term_with_many_campuses_lists_five_and_the_rest_on_request_kept_open_while_one_is_ticked(
    open_page, site, tmp_path
):
    # given: eight campuses, "Campus 1" with the most sections and "Campus 8" with the fewest
    ids = sorted(
        s["id"] for c in json.loads(DEMO_CATALOG.read_text())["courses"] for k in c["components"] for s in k["sections"]
    )
    sizes = [17, 12, 9, 7, 5, 4, 3, 1]  # 58 sections
    campus_of = {
        rid: f"Campus {i + 1}" for i, n in enumerate(sizes) for rid in ids[sum(sizes[:i]) : sum(sizes[: i + 1])]
    }
    import_term(tmp_path, "2027-spring", "Spring 2027", campus_of.__getitem__)
    page = open_page("/?i=demo&t=2027-spring&c=ENWR+1510")
    choice = page.get_by_role("group", name="Campus", exact=True)
    more = page.locator("#campus-more")
    # then: five boxes, most sections first; the other three behind "3 more campuses"
    expect(choice.locator("#campus-list > label")).to_have_text(
        [f"Campus {i} ({sizes[i - 1]} sections)" for i in range(1, 6)]
    )
    expect(more.locator("summary")).to_have_text("3 more campuses")
    expect(choice.get_by_label("Campus 7 (3 sections)")).to_be_hidden()
    # when: the student opens the rest and ticks Campus 7
    more.locator("summary").click()
    choice.get_by_label("Campus 7 (3 sections)").check()
    # then: the list, drawn anew, stays open on the box ticked, and the address keeps the choice
    expect(more).to_have_attribute("open", "")
    expect(choice.get_by_label("Campus 7 (3 sections)")).to_be_checked()
    expect(choice.get_by_label("Campus 7 (3 sections)")).to_be_focused()
    assert query_of(page)["campus"] == ["Campus 7"]
    # when: the page opened anew from that address
    page.reload()
    # then: the hidden campus ticked opens the rest by itself
    expect(page.locator("#campus-more")).to_have_attribute("open", "")
    expect(page.get_by_label("Campus 7 (3 sections)")).to_be_checked()


def test_a_campus_in_an_address_without_a_term_is_dropped_when_the_first_term_lacks_it(open_page, two_campuses):
    # when: no term named, a campus the first term (the demo's Fall 2026) does not have
    page = open_page("/?campus=Lorraine")
    # then: not sent with every request (nothing would fit), and said rather than left out silently
    expect(page.get_by_role("group", name="Campus", exact=True).get_by_label("Any campus")).to_be_checked()
    assert "campus" not in query_of(page)
    expect(page.locator("#status")).to_have_text("Not a campus of Fall 2026, so left out: “Lorraine”.")


def test_a_campus_in_an_address_in_another_case_is_ticked_as_the_term_writes_it(open_page, two_campuses):
    # when: an address naming Spring 2027's Lorraine in lower case
    page = open_page("/?i=demo&t=2027-spring&campus=lorraine")
    # then: the term's Lorraine is ticked, and the address writes it so
    choice = page.get_by_role("group", name="Campus", exact=True)
    expect(choice.get_by_label("Lorraine (3 sections)")).to_be_checked()
    assert query_of(page)["campus"] == ["Lorraine"]
