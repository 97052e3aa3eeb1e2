"""The planner in a real headless Chromium, on the demo catalog: what a student does, end to end.

Runs in `make test-embedded` only (the live server needs the in-process tasks); see docs/web.md.
"""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from scheduler.models import GenerationJob
from tests.web.conftest import PHONE, screenshot, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def add_course(page, query: str, code: str, as_: str = "Required") -> None:
    page.get_by_label("Find courses by code, title or instructor").fill(query)
    result = page.locator(f".result[data-code='{code}']")
    result.get_by_role("button", name=re.compile(f"^{as_}( group \\d+)?: {code}$")).click()


def generate(page) -> None:
    page.get_by_role("button", name="Generate schedules").click()
    expect(page.locator("#status")).to_contain_text(re.compile("Found|No schedule"))


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def meetings_of(page, rank: int) -> list[dict]:
    """The weekly meetings the page drew for a schedule, read back from its sections table."""
    rows = page.locator(f".card[data-rank='{rank}'] table.sections tbody tr")
    out = []
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td").all_inner_texts()
        for when in cells[3].split("; "):
            match = re.match(r"([A-Za-z]+) (\d\d:\d\d)–(\d\d:\d\d)", when)
            if match:
                out.append({"course": cells[0], "days": re.findall("..", match[1]), "start": match[2]})
    return out


def test_a_student_finds_courses_by_code_title_and_instructor_and_adds_them(open_page):
    # given
    page = open_page()
    # when
    add_course(page, "cs 1110", "CS 1110")
    add_course(page, "calculus", "MATH 1310")
    page.get_by_label("Find courses by code, title or instructor").fill("Hopper")
    # then
    expect(page.locator("#required .chip")).to_have_count(2)
    expect(page.locator("#required")).to_contain_text("CS 1110 Introduction to Programming")
    expect(page.locator("#required")).to_contain_text("MATH 1310 Calculus I")
    expect(page.locator(".result[data-code='CS 1110']")).to_be_visible()  # found by its instructor
    expect(page.get_by_role("button", name="Added: CS 1110", exact=True)).to_be_disabled()
    assert query_of(page)["c"] == ["CS 1110", "MATH 1310"]
    # and each result button's name starts with the words it shows (WCAG 2.5.3)
    names = page.locator(".result button").evaluate_all("bs => bs.map((b) => [b.textContent, b.ariaLabel])")
    assert names and all(name.startswith(f"{text}: ") for text, name in names)


def test_enter_typed_faster_than_the_search_adds_the_first_match_of_what_is_typed_and_says_so(open_page):
    # given: the matches of "cs" shown, CS 1110 first
    page = open_page("/?i=demo&t=2026-fall")
    search = page.get_by_label("Find courses by code, title or instructor")
    search.fill("cs")
    expect(page.locator(".result").first).to_have_attribute("data-code", "CS 1110")
    # when: more typed and Enter pressed before the search has answered
    search.fill("cs 4993")
    search.press("Enter")
    # then: the course typed, and the status keeps saying it was added
    expect(page.locator("#required .chip")).to_have_text(["CS 4993 Independent Study×"])
    expect(page.locator("#search-status")).to_have_text("CS 4993 added to required.")
    page.wait_for_timeout(500)
    expect(page.locator("#search-status")).to_have_text("CS 4993 added to required.")
    expect(page.get_by_role("button", name="Added: CS 4993", exact=True)).to_be_disabled()
    assert query_of(page)["c"] == ["CS 4993"]


def test_courses_entered_one_after_another_before_their_searches_answer_are_all_added(open_page):
    # given: a slow network: course searches held until let go
    page = open_page("/?i=demo&t=2026-fall")
    held = HeldSearches(page)
    search = page.get_by_label("Find courses by code, title or instructor")
    # when: a course entered, and the next typed and entered before the first search answered
    search.fill("cs 4993")
    search.press("Enter")
    search.fill("math 1310")
    search.press("Enter")
    held.wait_for(2)
    held.let_go()
    # then: both added
    expect(page.locator("#required .chip")).to_have_count(2)
    expect(page.locator("#required")).to_contain_text("CS 4993 Independent Study")
    expect(page.locator("#required")).to_contain_text("MATH 1310 Calculus I")
    assert sorted(query_of(page)["c"]) == ["CS 4993", "MATH 1310"]


def test_a_course_entered_before_the_term_changed_is_not_added_to_the_new_term(open_page, spring):
    # given: a slow network, a course entered in Fall 2026
    page = open_page("/?i=demo&t=2026-fall")
    held = HeldSearches(page)
    search = page.get_by_label("Find courses by code, title or instructor")
    search.fill("cs 4993")
    search.press("Enter")
    held.wait_for(1)
    # when: Spring 2027 chosen before the search of the course entered (one course asked) answered
    page.locator("#term").select_option("2027-spring")
    held.let_go(lambda url: "page_size=1&" in url + "&")
    # then: not added to Spring, and said
    expect(page.locator("#search-status")).to_have_text(
        "CS 4993 was not added: the term changed before its search answered."
    )
    held.let_go()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#required .chip")).to_have_count(0)
    assert "c" not in query_of(page)


def test_enter_pressed_twice_before_the_search_answers_adds_once_and_says_so_once(open_page):
    # given: a slow network
    page = open_page("/?i=demo&t=2026-fall")
    held = HeldSearches(page)
    search = page.get_by_label("Find courses by code, title or instructor")
    # when: a course entered twice before its search answered
    search.fill("cs 4993")
    search.press("Enter")
    search.press("Enter")
    held.wait_for(1)
    page.wait_for_timeout(300)  # the debounced search of the box sent too
    held.let_go()
    # then: added, and the status says so, not that it is already one of the courses
    expect(page.locator("#required .chip")).to_have_count(1)
    expect(page.locator("#search-status")).to_have_text("CS 4993 added to required.")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#search-status")).to_have_text("CS 4993 added to required.")


class HeldSearches:
    """A slow network: the page's course searches held until let go."""

    def __init__(self, page) -> None:
        self.page, self.routes, self.holding = page, [], True
        page.route(re.compile(r".*/courses/\?.*"), self.arrived)

    def arrived(self, route) -> None:
        if self.holding:
            self.routes.append(route)
        else:
            route.continue_()

    def wait_for(self, count: int) -> None:
        """Waits up to five seconds for `count` searches to be held."""
        wait_for(self.page, lambda: len(self.routes) >= count)

    def let_go(self, which=None) -> None:
        """Lets the held searches whose address `which` takes go on; with no `which`, every one,
        and every search from now on."""
        if which is None:
            self.holding = False
        for route in [r for r in self.routes if which is None or which(r.request.url)]:
            self.routes.remove(route)
            route.continue_()


def test_the_arrows_move_through_the_found_courses_and_escape_goes_back_to_the_search(open_page):
    # given: two courses found
    page = open_page()
    search = page.get_by_label("Find courses by code, title or instructor")
    search.fill("CHEM")
    expect(page.locator(".result")).to_have_count(2)
    # when: down from the search box, then down again
    search.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    # then: the first result's buttons (Required, Elective, Details), then the second result's first
    expect(page.get_by_role("button", name="Required: CHEM 1411")).to_be_focused()
    # when: up, then up to the first button and up from it
    page.keyboard.press("ArrowUp")
    expect(page.get_by_role("button", name="Details: CHEM 1410")).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    # then
    expect(search).to_be_focused()
    # and Escape from a result goes back too
    search.press("ArrowDown")
    page.keyboard.press("Escape")
    expect(search).to_be_focused()
    expect(page.locator("#required .chip")).to_have_count(0)


def test_on_a_slow_network_a_search_not_yet_answered_says_it_is_searching(open_page):
    # given: the course search held back, as on a slow network
    page = open_page()
    held = []
    page.route("**/courses/?q=*", lambda route: held.append(route))
    # when
    page.get_by_label("Find courses by code, title or instructor").fill("calculus")
    # then: said while it waits, then the answer
    expect(page.locator("#search-status")).to_have_text("Searching for “calculus”…")
    wait_for(page, lambda: held)
    held[0].continue_()
    expect(page.locator("#search-status")).to_have_text("1 course found.")
    expect(page.locator(".result[data-code='MATH 1310']")).to_be_visible()


def test_the_course_search_asks_for_the_best_matches_first(open_page):
    # given
    page = open_page()
    # when
    with page.expect_request("**/courses/?q=*") as sent:
        page.get_by_label("Find courses by code, title or instructor").fill("chem")
    # then: the subject named and title matches before instructors' courses (docs/api.md)
    assert "ordering=relevance" in sent.value.url
    expect(page.locator(".result").first).to_have_attribute("data-code", "CHEM 1410")


def test_a_search_of_one_letter_says_to_type_another_and_an_emptied_one_says_nothing(open_page):
    # given
    page = open_page()
    search = page.get_by_label("Find courses by code, title or instructor")
    search.fill("cs")
    expect(page.locator(".result")).not_to_have_count(0)
    # when
    search.fill("c")
    # then
    expect(page.locator("#search-status")).to_have_text("Type one more letter or digit to search.")
    expect(page.locator(".result")).to_have_count(0)
    search.fill("")
    expect(page.locator("#search-status")).to_have_text("")


def test_enter_on_a_course_already_added_says_so_and_adds_no_other(open_page):
    # given: CS 1110 required, and "cs" lists it first, then other CS courses
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    search = page.get_by_label("Find courses by code, title or instructor")
    search.fill("cs")
    expect(page.locator(".result").first).to_have_attribute("data-code", "CS 1110")
    expect(page.locator(".result")).not_to_have_count(1)
    # when
    search.press("Enter")
    # then
    expect(page.locator("#search-status")).to_have_text("CS 1110 is already one of your courses.")
    expect(page.locator("#required .chip")).to_have_count(1)
    assert query_of(page)["c"] == ["CS 1110"]


def paste(page, selector: str, text: str) -> None:
    """A paste of `text` into the field, as from the clipboard."""
    page.locator(selector).focus()
    page.locator(selector).evaluate(
        """(box, text) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            const event = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
            if (box.dispatchEvent(event)) box.setRangeText(text.replace(/[\\r\\n]/g, ""), 0, box.value.length, "end");
        }""",
        text,
    )


def test_a_pasted_column_of_codes_lists_its_courses_and_adds_them_all_in_one_press(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall")
    # when: a column of a degree audit pasted (a search box drops line breaks: they become "; ")
    paste(page, "#course-search", "CS 1110\r\nMATH 1310\r\nZZ 9999\r\n")
    # then: those courses, and what the term lacks
    expect(page.get_by_label("Find courses by code, title or instructor")).to_have_value("CS 1110; MATH 1310; ZZ 9999")
    expect(page.locator(".result")).to_have_count(2)
    expect(page.locator("#search-status")).to_have_text("2 of the 3 courses listed found; not in Fall 2026: ZZ 9999.")
    # when
    page.get_by_role("button", name="Add all 2 as required").click()
    # then
    chips = page.locator("#required .chip")
    expect(chips).to_have_text(["CS 1110 Introduction to Programming×", "MATH 1310 Calculus I×"])
    expect(page.locator("#search-status")).to_have_text(
        "CS 1110 and MATH 1310 added to required. Not in Fall 2026: ZZ 9999."
    )
    expect(page.get_by_role("button", name=re.compile("^Add all"))).to_have_count(0)
    expect(page.get_by_label("Find courses by code, title or instructor")).to_be_focused()
    assert query_of(page)["c"] == ["CS 1110", "MATH 1310"]


def test_a_column_pasted_after_a_code_typed_is_parted_from_it(open_page):
    # given: a code typed, the cursor at its end
    page = open_page("/?i=demo&t=2026-fall")
    search = page.get_by_label("Find courses by code, title or instructor")
    search.fill("CS 1110")
    # when
    paste(page, "#course-search", "\nMATH 1310\nCHEM 1411\n")
    # then: three codes, not "CS 1110MATH 1310"
    expect(search).to_have_value("CS 1110; MATH 1310; CHEM 1411")
    expect(page.locator(".result")).to_have_count(3)
    expect(page.locator("#search-results > li")).to_have_count(3)  # "Add all" is no course of the list
    expect(page.get_by_role("button", name="Add all 3 as required: CS 1110, MATH 1310, CHEM 1411")).to_be_visible()


def test_a_list_longer_than_a_search_holds_is_asked_for_in_parts(open_page):
    # given: 25 codes, 3 of them the term's, over 200 characters
    page = open_page("/?i=demo&t=2026-fall")
    codes = ["CS 1110", *(f"ZZZ {9000 + n}" for n in range(22)), "MATH 1310", "CHEM 1411"]
    assert len(", ".join(codes)) > 200
    # when
    page.get_by_label("Find courses by code, title or instructor").fill(", ".join(codes))
    # then
    expect(page.locator("#search-status")).to_contain_text(
        "3 of the 25 courses listed found; not in Fall 2026: ZZZ 9000"
    )
    expect(page.locator(".result")).to_have_count(3)
    page.keyboard.press("Enter")
    expect(page.locator("#required .chip")).to_have_count(3)
    assert query_of(page)["c"] == ["CS 1110", "MATH 1310", "CHEM 1411"]


def test_a_search_of_too_many_words_says_so_in_the_students_terms(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall")
    search = page.get_by_label("Find courses by code, title or instructor")
    # when: a row of a degree audit, codes and titles
    search.fill("CS 1110 Introduction to Programming MATH 1310 Calculus I Lab")
    # then: not the API's "q: Give at most 8 different words; this has 9."
    said = "A search holds at most 8 different words; this one has 9 (a list of course codes may be longer)."
    expect(page.locator("#search-status")).to_have_text(said)
    # when: Enter, which searches again for its first match
    search.press("Enter")
    # then
    page.wait_for_timeout(300)
    expect(page.locator("#search-status")).to_have_text(said)
    # when
    search.fill("calculus " * 23)
    # then
    expect(page.locator("#search-status")).to_have_text("A search holds at most 200 characters; this one has 206.")


def test_enter_on_a_list_of_codes_adds_those_not_yet_taken_even_before_the_search_answers(open_page):
    # given: CS 1110 already required
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    search = page.get_by_label("Find courses by code, title or instructor")
    # when: a list typed and entered at once, then another once its search has answered
    search.fill("chem 1410, chem 1411")
    search.press("Enter")
    expect(page.locator("#search-status")).to_have_text("CHEM 1410 and CHEM 1411 added to required.")
    search.fill("CS 1110 MATH 1310")
    expect(page.locator(".result")).to_have_count(2)
    search.press("Enter")
    # then: each course once, in the list's order
    expect(page.locator("#search-status")).to_have_text("MATH 1310 added to required.")
    assert query_of(page)["c"] == ["CS 1110", "CHEM 1410", "CHEM 1411", "MATH 1310"]
    # when: Enter again
    search.press("Enter")
    # then
    expect(page.locator("#search-status")).to_have_text("CS 1110 and MATH 1310 are already among your courses.")
    expect(page.locator("#required .chip")).to_have_count(4)


def test_courses_that_came_with_a_link_are_named_with_their_titles_once_schedules_arrive(open_page):
    # given: a link in a new browser, which has searched nothing
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&e=1:KINE+1010")
    expect(page.locator("#required .chip")).to_have_text(["CS 1110×"])
    # when
    generate(page)
    # then: here and after a reload
    expect(page.locator("#required .chip")).to_have_text(["CS 1110 Introduction to Programming×"])
    expect(page.locator("[data-group='0'] .chip")).to_have_text(["KINE 1010 Rock Climbing×"])
    page.reload()
    expect(page.locator("[data-group='0'] .chip")).to_have_text(["KINE 1010 Rock Climbing×"])


def test_an_elective_group_takes_the_chosen_number_of_its_courses(open_page):
    # given
    page = open_page()
    add_course(page, "CS 1110", "CS 1110")
    add_course(page, "drawing", "ARTS 2050", as_="Elective")
    add_course(page, "jazz", "MUSI 1310", as_="Elective")
    add_course(page, "climbing", "KINE 1010", as_="Elective")
    # when
    page.get_by_label("Take any").fill("2")
    page.get_by_label("Take any").press("Tab")
    generate(page)
    # then
    expect(page.locator("[data-group='0'] .chip")).to_have_count(3)
    assert query_of(page)["e"] == ["2:ARTS 2050,MUSI 1310,KINE 1010"]
    courses = {m["course"].split(" ")[0] + " " + m["course"].split(" ")[1] for m in meetings_of(page, 1)}
    assert "CS 1110" in courses and len(courses & {"ARTS 2050", "MUSI 1310", "KINE 1010"}) == 2


def test_a_schedule_card_says_its_credit_hours_a_variable_credit_course_counting_its_range(open_page):
    # given: CS 1110 (3 credits) and CS 4993, independent study for 1 to 3
    page = open_page()
    add_course(page, "CS 1110", "CS 1110")
    add_course(page, "CS 4993", "CS 4993")
    # when
    generate(page)
    # then
    expect(page.locator(".card[data-rank='1'] h3 .credits")).to_have_text(" · 4 to 6 credits")


def test_each_elective_group_has_its_own_add_button_so_a_course_can_go_to_the_first_of_two(open_page):
    # given: two elective groups, the second made last
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&e=1:MUSI+1310&e=1:ARTS+2050")
    expect(page.locator("[data-group]")).to_have_count(2)
    # when: the first group's own add button, then the search's Elective button
    page.get_by_role("button", name="Add a course to elective group 1", exact=True).click()
    expect(page.get_by_label("Find courses by code, title or instructor")).to_be_focused()
    page.get_by_label("Find courses by code, title or instructor").fill("climbing")
    page.get_by_role("button", name="Elective group 1: KINE 1010", exact=True).click()
    # then
    expect(page.locator("[data-group='0'] .chip")).to_have_text(["MUSI 1310×", re.compile("^KINE 1010")])
    expect(page.locator("[data-group='1'] .chip")).to_have_text(["ARTS 2050×"])
    expect(page.locator("#search-status")).to_have_text("KINE 1010 added to elective group 1.")
    assert query_of(page)["e"] == ["1:MUSI 1310,KINE 1010", "1:ARTS 2050"]


def test_each_elective_groups_take_any_field_is_named_after_its_group(open_page):
    # given: two elective groups
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&e=1:MUSI+1310&e=1:ARTS+2050,KINE+1010")
    expect(page.locator("[data-group]")).to_have_count(2)
    # when: the second group's field, found by its name alone
    second = page.get_by_role("spinbutton", name="Elective group 2 Take any of these 2", exact=True)
    second.fill("2")
    second.press("Tab")
    # then: that group takes two, the first still one
    expect(page.get_by_role("spinbutton", name="Elective group 1 Take any of these 1", exact=True)).to_have_value("1")
    assert query_of(page)["e"] == ["1:MUSI 1310", "2:ARTS 2050,KINE 1010"]


def test_the_search_adds_electives_to_the_group_made_last_and_says_which(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&e=1:MUSI+1310")
    page.get_by_label("Find courses by code, title or instructor").fill("climbing")
    expect(page.locator(".result[data-code='KINE 1010']").get_by_role("button").nth(1)).to_have_text("Elective")
    # when
    page.get_by_role("button", name="New elective group").click()
    # then: the button's words and name say the group it adds to
    expect(page.locator("[data-group='1'] .hint").first).to_have_text(
        "Empty: press “Add a course”, then a found course's “Elective” button."
    )
    expect(page.locator("#search-status")).to_have_text(
        "Elective group 2 added: the search's Elective buttons add to it."
    )
    elective = page.get_by_role("button", name="Elective group 2: KINE 1010", exact=True)
    expect(elective).to_have_text("Elective group 2")
    elective.click()
    expect(page.locator("[data-group='1'] .chip")).to_have_text([re.compile("^KINE 1010")])


def test_a_busy_time_drawn_with_the_mouse_becomes_a_busy_block_with_its_rest(open_page):
    # given
    page = open_page()
    page.get_by_label("Rest after a drawn time").select_option("60")
    page.locator(".bg-cell[data-day='We'][data-start='09:00']").scroll_into_view_if_needed()
    start = page.locator(".bg-cell[data-day='Mo'][data-start='07:00']").bounding_box()
    end = page.locator(".bg-cell[data-day='We'][data-start='08:30']").bounding_box()
    # when
    page.mouse.move(start["x"] + 5, start["y"] + 5)
    page.mouse.down()
    page.mouse.move(start["x"] + 30, start["y"] + 20, steps=3)
    page.mouse.move(end["x"] + 5, end["y"] + 5, steps=5)
    page.mouse.up()
    # then
    expect(page.locator("#busy-list")).to_contain_text("Mo Tu We 07:00–09:00 + 60 min rest")
    assert query_of(page)["b"] == ["MoTuWe 07:00-09:00+60"]
    expect(page.locator(".bg-cell.busy")).to_have_count(3 * 4)
    expect(page.locator(".bg-cell.rest")).to_have_count(3 * 2)


@pytest.fixture
def phone_page(browser, site, open_page):
    """A page on a touch screen at 375 px (a context with touch, as a phone's browser)."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, base_url=site)
    yield lambda path="/": open_page(path, context=context)
    context.close()


def touch(screen, kind: str, x: float = 0, y: float = 0) -> None:
    """One finger's touch event, sent as the phone's screen would: `screen` is the page's Chrome
    DevTools session (one for a whole touch, which it follows from start to end)."""
    points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
    screen.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


def test_on_a_phone_a_swipe_that_starts_on_the_busy_grid_scrolls_the_page_and_draws_nothing(phone_page):
    # given: the grid in view, the page scrolled to it, the page's clock paused so the long press
    # (0.35 s) cannot come between two touch events, however slowly a loaded machine sends them
    page = phone_page()
    page.clock.install()
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)
    cell = page.locator(".bg-cell[data-day='We'][data-start='12:00']")
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()
    before = page.evaluate("window.scrollY")
    screen = page.context.new_cdp_session(page)
    # when: a finger swipes up across the grid
    touch(screen, "touchStart", box["x"] + 5, box["y"] + 5)
    for step in range(1, 11):
        touch(screen, "touchMove", box["x"] + 5, box["y"] + 5 - 25 * step)
    touch(screen, "touchEnd")
    # then: the page scrolled down, and no busy time was drawn
    page.wait_for_function(f"window.scrollY > {before} + 100")
    expect(page.locator("#busy-list li")).to_have_count(0)
    expect(page.locator(".bg-cell.drawing, .bg-cell.busy")).to_have_count(0)


def test_on_a_phone_a_touch_held_on_the_busy_grid_then_dragged_draws_a_busy_time(phone_page):
    # given
    page = phone_page()
    page.get_by_label("Rest after a drawn time").select_option("0")
    page.locator(".bg-cell[data-day='We'][data-start='09:00']").scroll_into_view_if_needed()
    start = page.locator(".bg-cell[data-day='Mo'][data-start='07:00']").bounding_box()
    end = page.locator(".bg-cell[data-day='We'][data-start='08:30']").bounding_box()
    before = page.evaluate("window.scrollY")
    screen = page.context.new_cdp_session(page)
    # when: held still until the grid says it draws, then dragged
    touch(screen, "touchStart", start["x"] + 5, start["y"] + 5)
    expect(page.locator("#busy-grid")).to_have_class(re.compile("touch-drawing"))
    drag(lambda x, y: touch(screen, "touchMove", x, y), start, end)
    touch(screen, "touchEnd")
    # then: the block drawn, the page not scrolled
    expect(page.locator("#busy-list")).to_contain_text("Mo Tu We 07:00–09:00")
    assert query_of(page)["b"] == ["MoTuWe 07:00-09:00"]
    assert page.evaluate("window.scrollY") == before


def test_on_a_phone_a_six_oclock_practice_is_drawn_by_touch_and_shown_from_its_start(phone_page):
    # given: a link's practice from 6:00 (an athlete's), on a phone
    page = phone_page("/?i=demo&t=2026-fall&b=Tu+06:00-07:00+practice")
    page.get_by_label("Rest after a drawn time").select_option("0")
    # then: the grid starts at 06:00, its first hour shown busy, and it fits the phone's width
    expect(page.locator(".bg-time").first).to_have_text("06:00")
    expect(page.locator(".bg-cell.busy")).to_have_count(2)
    expect(page.locator(".bg-cell[data-day='Tu'][data-start='06:00']")).to_have_class(re.compile(r"\bbusy\b"))
    grid = page.locator("#busy-grid")
    assert grid.evaluate("g => g.scrollWidth <= g.clientWidth && g.getBoundingClientRect().right <= innerWidth")
    # when: Monday from 6:00 drawn by touch
    page.locator(".bg-cell[data-day='Mo'][data-start='07:00']").scroll_into_view_if_needed()
    start = page.locator(".bg-cell[data-day='Mo'][data-start='06:00']").bounding_box()
    end = page.locator(".bg-cell[data-day='Mo'][data-start='06:30']").bounding_box()
    screen = page.context.new_cdp_session(page)
    touch(screen, "touchStart", start["x"] + 5, start["y"] + 5)
    expect(grid).to_have_class(re.compile("touch-drawing"))
    drag(lambda x, y: touch(screen, "touchMove", x, y), start, end)
    touch(screen, "touchEnd")
    # then
    expect(page.locator("#busy-list")).to_contain_text("Mo 06:00–07:00")
    assert query_of(page)["b"] == ["Tu 06:00-07:00 practice", "Mo 06:00-07:00"]


def pen(screen, kind: str, x: float, y: float) -> None:
    """One event of a stylus on the screen (a pointer of type "pen"), sent through the page's
    Chrome DevTools session as the tablet's digitizer would."""
    screen.send(
        "Input.dispatchMouseEvent",
        {
            "type": kind,
            "x": x,
            "y": y,
            "button": "left",
            "buttons": 0 if kind == "mouseReleased" else 1,
            "clickCount": 1,
            "pointerType": "pen",
        },
    )


def drag(move, start: dict, end: dict, steps: int = 5) -> None:
    """`move(x, y)` at `steps` points from 5 px inside `start`'s box to 5 px inside `end`'s."""
    for step in range(1, steps + 1):
        move(
            start["x"] + 5 + (end["x"] - start["x"]) * step / steps,
            start["y"] + 5 + (end["y"] - start["y"]) * step / steps,
        )


def test_on_a_touch_screen_a_pen_draws_a_busy_time_at_once_and_the_request_gets_it_with_its_rest(phone_page):
    # given: a course, 30 minutes' rest after a drawn time
    page = phone_page("/?i=demo&t=2026-fall&c=CS+1110")
    page.get_by_label("Rest after a drawn time").select_option("30")
    page.locator(".bg-cell[data-day='Th'][data-start='15:00']").scroll_into_view_if_needed()
    start = page.locator(".bg-cell[data-day='Tu'][data-start='13:00']").bounding_box()
    end = page.locator(".bg-cell[data-day='Th'][data-start='14:30']").bounding_box()
    screen = page.context.new_cdp_session(page)
    # when: a pen put down and dragged at once (a pen points precisely: no long press)
    pen(screen, "mousePressed", start["x"] + 5, start["y"] + 5)
    drag(lambda x, y: pen(screen, "mouseMoved", x, y), start, end)
    pen(screen, "mouseReleased", end["x"] + 5, end["y"] + 5)
    # then: the block listed, drawn with its rest, and sent with the request
    expect(page.locator("#busy-list")).to_contain_text("Tu We Th 13:00–15:00 + 30 min rest")
    expect(page.locator(".bg-cell.busy")).to_have_count(3 * 4)
    expect(page.locator(".bg-cell.rest")).to_have_count(3 * 1)
    generate(page)
    busy = GenerationJob.objects.get().request["busy"]
    assert [(b["days"], b["start"], b["end"], b["buffer_after"]) for b in busy] == [
        (["Tu", "We", "Th"], "13:00", "15:00", 30)
    ]


def test_on_a_phone_a_busy_time_drawn_by_touch_is_the_busy_time_the_request_gets(phone_page):
    # given: a course, an hour's rest after a drawn time
    page = phone_page("/?i=demo&t=2026-fall&c=CS+1110")
    page.get_by_label("Rest after a drawn time").select_option("60")
    page.locator(".bg-cell[data-day='Fr'][data-start='11:00']").scroll_into_view_if_needed()
    start = page.locator(".bg-cell[data-day='Mo'][data-start='09:00']").bounding_box()
    end = page.locator(".bg-cell[data-day='Fr'][data-start='10:30']").bounding_box()
    screen = page.context.new_cdp_session(page)
    # when: touched and held until the grid is outlined, then dragged across the week
    touch(screen, "touchStart", start["x"] + 5, start["y"] + 5)
    expect(page.locator("#busy-grid")).to_have_class(re.compile("touch-drawing"))
    drag(lambda x, y: touch(screen, "touchMove", x, y), start, end)
    touch(screen, "touchEnd")
    generate(page)
    # then: the job was asked with that busy time and its rest, and no class of the best schedule
    # meets in it or in the rest after it
    busy = GenerationJob.objects.get().request["busy"]
    assert [(b["days"], b["start"], b["end"], b["buffer_after"]) for b in busy] == [
        (["Mo", "Tu", "We", "Th", "Fr"], "09:00", "11:00", 60)
    ]
    assert all(not ("09:00" <= m["start"] < "12:00") for m in meetings_of(page, 1))


def test_on_a_phone_a_tap_on_the_busy_grid_says_how_to_draw(phone_page):
    # given: the page's clock paused, so the long press (0.35 s) cannot come before the finger is
    # lifted, however slowly a loaded machine sends the two touch events
    page = phone_page()
    page.clock.install()
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)
    cell = page.locator(".bg-cell[data-day='Tu'][data-start='10:00']")
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()
    screen = page.context.new_cdp_session(page)
    # when: touched and lifted at once
    touch(screen, "touchStart", box["x"] + 5, box["y"] + 5)
    touch(screen, "touchEnd")
    # then
    expect(page.locator("#busy-grid-status")).to_have_text(
        "To mark a busy time, touch and hold a slot until the grid is outlined, then drag."
    )
    expect(page.locator("#busy-list li")).to_have_count(0)


def test_a_busy_time_can_be_added_with_the_keyboard_alone(open_page):
    # given
    page = open_page()
    form = page.locator("#busy-form")
    form.get_by_label("Tue").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # Wed
    page.keyboard.press("Tab")  # Thu
    page.keyboard.press("Space")
    form.get_by_label("From").fill("07:00")
    form.get_by_label("Until").fill("06:00")
    form.get_by_role("button", name="Add busy time").press("Enter")
    expect(page.locator("#busy-form-error")).to_have_text("The end must be after the start.")
    # when
    form.get_by_label("Until").fill("09:00")
    form.get_by_label("Rest after").select_option("60")
    form.get_by_label("What (optional)").fill("practice")
    form.get_by_role("button", name="Add busy time").focus()
    page.keyboard.press("Enter")
    # then
    expect(page.locator("#busy-list")).to_contain_text("practice: Tu Th 07:00–09:00 + 60 min rest")
    assert query_of(page)["b"] == ["TuTh 07:00-09:00+60 practice"]


def test_enter_in_a_busy_times_field_adds_it_and_does_not_generate(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    form = page.locator("#busy-form")
    form.get_by_label("Mon").check()
    form.get_by_label("What (optional)").fill("work")
    # when
    form.get_by_label("What (optional)").press("Enter")
    # then
    expect(page.locator("#busy-list")).to_have_text("work: Mo 07:00–09:00 + 60 min rest×")
    expect(page.locator("#status")).to_have_text("Busy Mo 07:00–09:00 with 60 minutes' rest after added.")
    page.wait_for_timeout(300)
    expect(page.locator("#results")).to_be_hidden()
    assert GenerationJob.objects.count() == 0


def test_the_same_busy_time_added_twice_is_listed_once_and_the_status_says_so(open_page):
    # given: work on Monday 7:00-9:00 with an hour's rest
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&b=Mo+07:00-09:00%2B60+work")
    form = page.locator("#busy-form")
    form.get_by_label("Mon").check()
    form.get_by_label("What (optional)").fill("work")
    # when: the same added again
    form.get_by_role("button", name="Add busy time").click()
    # then
    already = "Busy Mo 07:00–09:00 with 60 minutes' rest after is already busy time 1."
    expect(page.locator("#status")).to_have_text(already)
    expect(page.locator("#busy-list li")).to_have_count(1)
    assert query_of(page)["b"] == ["Mo 07:00-09:00+60 work"]


def test_preferences_in_plain_words_shape_the_best_schedule(open_page):
    # given
    page = open_page()
    add_course(page, "CS 1110", "CS 1110")
    add_course(page, "MATH 1310", "MATH 1310")
    # when
    page.get_by_label("No classes before", exact=True).check()
    page.get_by_label("Importance of no classes before").select_option("important")
    page.get_by_label("Keep free", exact=True).check()  # Friday is ticked by default
    page.get_by_label("Lunch between", exact=True).check()
    page.get_by_label("No more than", exact=True).check()
    generate(page)
    # then
    query = query_of(page)
    assert query["before"] == ["10:00!"] and query["free"] == ["Fr!"]
    assert query["lunch"] == ["11:30-13:30"] and query["row"] == ["3"]
    best = meetings_of(page, 1)
    assert best and all(m["start"] >= "10:00" for m in best)
    assert all("Fr" not in m["days"] for m in best)
    expect(page.locator(".card[data-rank='1'] .why")).to_contain_text("It meets every preference you set.")


def test_a_lunch_window_too_short_for_lunch_says_so_in_words_and_sends_nothing(open_page):
    # given: lunch between 14:00 and 12:00 (the ends swapped)
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    page.get_by_label("Lunch between").check()
    page.get_by_label("Lunch window starts").fill("14:00")
    page.get_by_label("Lunch window ends").fill("12:00")
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then: what is wrong and what to do, the lunch field focused, no job
    expect(page.locator("#form-error")).to_have_text(
        "Lunch between 14:00 and 12:00 leaves no room for a 30-minute lunch: make the window end at least "
        "30 minutes after it starts."
    )
    expect(page.get_by_label("Lunch window starts")).to_be_focused()
    assert GenerationJob.objects.count() == 0
    # when: the window mended
    page.get_by_label("Lunch window starts").fill("11:30")
    page.get_by_label("Lunch window ends").fill("13:30")
    generate(page)
    # then
    expect(page.locator("#form-error")).to_have_text("")
    expect(page.locator("#status")).to_contain_text("Found")


def test_how_many_schedules_out_of_range_is_set_to_the_most_and_says_so(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    field = page.get_by_label("How many schedules")
    # when
    field.fill("50")
    field.press("Tab")
    # then
    expect(field).to_have_value("20")
    expect(page.locator("#status")).to_have_text("How many schedules is a whole number from 1 to 20: set to 20.")
    assert query_of(page)["k"] == ["20"]
    # and none is one
    field.fill("0")
    field.press("Tab")
    expect(field).to_have_value("1")
    expect(page.locator("#status")).to_have_text("How many schedules is a whole number from 1 to 20: set to 1.")


def test_how_many_schedules_changed_is_said_again_with_what_generate_found(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    page.get_by_label("How many schedules").fill("50")
    # when: Generate pressed at once (the field's change is read as it loses the focus)
    page.get_by_role("button", name="Generate schedules").click()
    # then: the change is not said over by the outcome
    expect(page.locator("#status")).to_have_text(
        re.compile(r"^How many schedules is a whole number from 1 to 20: set to 20\. Found \d+ schedules")
    )


def test_hours_in_a_row_out_of_range_is_set_to_the_nearest_and_says_so(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    page.get_by_label("No more than", exact=True).check()
    field = page.get_by_label("Hours in a row", exact=True)
    # when: no hours at all
    field.fill("0")
    field.press("Tab")
    # then: the nearest allowed, said
    expect(field).to_have_value("1")
    expect(page.locator("#status")).to_have_text("Hours in a row is a number from 1 to 8: set to 1.")
    assert query_of(page)["row"] == ["1"]
    # and too many is the most
    field.fill("20")
    field.press("Tab")
    expect(field).to_have_value("8")
    expect(page.locator("#status")).to_have_text("Hours in a row is a number from 1 to 8: set to 8.")
    assert query_of(page)["row"] == ["8"]


def test_keep_free_with_no_day_ticked_says_no_day_is_kept_free(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    page.get_by_label("Keep free", exact=True).check()  # Friday is ticked by default
    # when: its one day unticked
    page.get_by_role("group", name="Days to keep free").get_by_label("Fri").uncheck()
    # then: said at once, and again with what was found, since no free day is sent
    note = "“Keep free” has no day ticked, so no day is kept free: tick the days to keep free."
    expect(page.locator("#status")).to_have_text(note)
    generate(page)
    expect(page.locator("#status")).to_have_text(re.compile(f"^{note} Found "))
    assert "free_days" not in GenerationJob.objects.get().request["preferences"]


def test_a_generation_refused_for_too_many_requests_says_how_long_to_wait(open_page):
    # given: the generation rate spent, as the API says it (a 429 with Retry-After)
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    throttled = {
        "status": 429,
        "code": "throttled",
        "message": "Request was throttled. Expected available in 41 seconds.",
    }
    page.route(
        "**/api/v1/generations/",
        lambda route: route.fulfill(
            status=429, headers={"Retry-After": "41"}, content_type="application/json", json={"error": throttled}
        ),
    )
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then: the wait in words, as Re-plan on a saved schedule's page says it
    expect(page.locator("#form-error")).to_have_text("Too many generation requests; try again in 41 s.")
    expect(page.get_by_role("button", name="Generate schedules")).to_be_enabled()
    assert GenerationJob.objects.count() == 0


def test_generating_shows_progress_while_the_job_runs_then_the_results_best_first(open_page):
    # given: the job answers "running" (its first answer and every poll) until the test has seen
    # the progress, so the page has to poll, as with real workers, however fast this machine is
    page = open_page()
    add_course(page, "CS 1110", "CS 1110")
    add_course(page, "CHEM 1410", "CHEM 1410")
    page.get_by_label("No classes before", exact=True).check()
    running = [True]

    def still_running(route):
        if not running[0]:
            route.continue_()
            return
        response = route.fetch()
        body = response.json()
        body.update(status="running", results=None, explanation=None)
        headers = {k: v for k, v in response.headers.items() if k.lower() != "etag"}  # no 304 of this copy
        route.fulfill(response=response, headers=headers, body=json.dumps(body))

    page.route("**/api/v1/generations/", still_running)
    page.route("**/api/v1/generations/*/", still_running)
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then
    expect(page.locator("#progress")).to_be_visible()
    expect(page.locator("#status")).to_contain_text("Running")
    expect(page.get_by_role("button", name="Cancel")).to_be_visible()
    running[0] = False
    expect(page.locator("#status")).to_contain_text("Found 10 schedules (proven best)")
    expect(page.locator("#progress")).to_be_hidden()
    expect(page.locator("#position")).to_have_text("Schedule 1 of 10")
    card = page.locator(".card[data-rank='1']")
    expect(card.locator(".badge")).to_have_text("best")
    expect(card.locator(".week .event").first).to_be_visible()
    expect(card.get_by_text("Why this one")).to_be_visible()
    expect(card.locator(".why")).to_contain_text("Classes before your earliest time: none")
    expect(page.locator("#results-title")).to_be_focused()


def test_a_failed_job_says_why_and_to_generate_again_which_then_finds_schedules(open_page):
    # given: the first job answered as failed (its worker lost each time)
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    failed = []

    def first_failed(route):
        response = route.fetch()
        body = response.json()
        if not failed:
            failed.append(body["id"])
            body.update(status="failed", results=None, explanation=None, error="the worker running it was lost")
        route.fulfill(response=response, body=json.dumps(body))

    page.route("**/api/v1/generations/", first_failed)
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then
    expect(page.locator("#form-error")).to_have_text(
        "The generation failed: the worker running it was lost. Generate again to try once more; if it fails "
        "again, try again in a few minutes."
    )
    expect(page.get_by_role("button", name="Generate schedules")).to_be_enabled()
    # when
    generate(page)
    # then
    expect(page.locator("#form-error")).to_have_text("")
    expect(page.locator("#status")).to_contain_text("Found 10 schedules")


def test_a_search_out_of_budget_before_any_schedule_says_so_not_that_nothing_fits(open_page, settings):
    # given: an engine allowed one node, too few to reach a schedule of two courses that fit together
    settings.CLASSTIME_ENGINE_MAX_NODES = 1
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310")
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then
    expect(page.locator("#status")).to_have_text(
        "The search ran out of time before it found a schedule, so it cannot tell whether one fits. Ask for "
        "less at once (fewer courses, busy times or preferences), then generate again."
    )
    job = GenerationJob.objects.get()
    assert job.results == [] and job.proven_optimal is False
    expect(page.locator("#explanation")).to_be_hidden()
    expect(page.locator("#results")).to_be_hidden()


def test_cancel_stops_a_running_job(open_page):
    # given: the job stays "running" for as long as the page asks
    page = open_page()
    add_course(page, "CS 1110", "CS 1110")

    def running(route):
        if route.request.method == "DELETE":
            route.continue_()
            return
        response = route.fetch()
        body = response.json()
        body.update(status="running", results=None, explanation=None)
        route.fulfill(response=response, body=json.dumps(body))

    page.route(re.compile(r".*/api/v1/generations/([0-9a-f-]+/)?$"), running)
    page.get_by_role("button", name="Generate schedules").click()
    expect(page.locator("#status")).to_contain_text("Running")
    # when
    with page.expect_request(lambda request: request.method == "DELETE") as cancelled:
        page.get_by_role("button", name="Cancel").click()
    # then
    assert re.search(r"/api/v1/generations/[0-9a-f-]+/$", cancelled.value.url)
    expect(page.locator("#status")).to_have_text("Cancelled.")
    expect(page.locator("#progress")).to_be_hidden()
    expect(page.get_by_role("button", name="Generate schedules")).to_be_enabled()
    expect(page.locator("#results")).to_be_hidden()


def test_results_page_with_the_keyboard_and_two_compare_side_by_side(open_page):
    # given
    page = open_page()
    add_course(page, "CS 1110", "CS 1110")
    add_course(page, "MATH 1310", "MATH 1310")
    generate(page)
    position = page.locator("#position")
    # when / then
    page.keyboard.press("ArrowRight")
    expect(position).to_have_text("Schedule 2 of 10")
    expect(page.locator(".card")).to_have_attribute("data-rank", "2")
    page.keyboard.press("j")
    expect(position).to_have_text("Schedule 3 of 10")
    page.keyboard.press("k")
    page.keyboard.press("ArrowLeft")
    expect(position).to_have_text("Schedule 1 of 10")
    page.keyboard.press("ArrowLeft")
    expect(position).to_have_text("Schedule 1 of 10")
    page.get_by_label("Side by side").check()
    expect(page.locator(".card")).to_have_count(2)
    expect(position).to_have_text("Schedules 1 and 2 of 10")
    page.keyboard.press("ArrowRight")  # focus is still on the checkbox: paging works there too
    expect(position).to_have_text("Schedules 2 and 3 of 10")
    screenshot(page, "results-side-by-side-desktop")


def test_side_by_side_a_sections_table_wider_than_its_card_keeps_its_caption_in_view(open_page):
    # given: two cards side by side, each narrower than its sections table (CHEM 1411's labs merged)
    page = open_page("/?i=demo&t=2026-fall&c=HIST+2001&c=CHEM+1411&c=STS+1500&c=ARTS+2050&c=CS+4993")
    page.set_viewport_size({"width": 900, "height": 900})
    generate(page)
    page.get_by_label("Side by side").check()
    region = page.locator(".card").first.locator(".table-scroll")
    caption = region.locator("caption")
    expect(caption).to_contain_text("equivalent choices")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth"), "the table fits its card: nothing to check"

    def inside() -> bool:
        shown, words = region.bounding_box(), caption.bounding_box()
        return shown["x"] - 1 <= words["x"] and words["x"] + words["width"] <= shown["x"] + shown["width"] + 1

    # then: wrapped in the part of the table shown, before and after scrolling it sideways
    assert inside()
    region.evaluate("r => { r.scrollLeft = r.scrollWidth; }")
    assert inside()


def test_the_url_reproduces_the_request_in_a_new_browser(open_page):
    # given
    page = open_page()
    add_course(page, "CS 1110", "CS 1110")
    add_course(page, "drawing", "ARTS 2050", as_="Elective")
    add_course(page, "jazz", "MUSI 1310", as_="Elective")
    busy = page.locator("#busy-form")
    busy.get_by_label("Mon").check()
    busy.get_by_label("From").fill("16:00")
    busy.get_by_label("Until").fill("18:00")
    busy.get_by_role("button", name="Add busy time").click()
    page.get_by_label("No classes before", exact=True).check()
    page.get_by_label("Lunch between", exact=True).check()
    page.get_by_label("Lunch window starts").fill("12:00")
    link = page.url
    # when: a new context has no local storage, so only the URL can tell
    other = open_page(urlsplit(link).path + "?" + urlsplit(link).query)
    # then
    expect(other.locator("#required .chip")).to_have_count(1)
    expect(other.locator("#required")).to_contain_text("CS 1110")
    expect(other.locator("[data-group='0'] .chip")).to_have_count(2)
    expect(other.locator("#busy-list")).to_contain_text("Mo 16:00–18:00 + 60 min rest")
    expect(other.get_by_label("No classes before", exact=True)).to_be_checked()
    expect(other.get_by_label("Lunch window starts")).to_have_value("12:00")
    expect(other.get_by_label("Keep free", exact=True)).not_to_be_checked()
    assert query_of(other) == query_of(page)


def test_local_storage_restores_the_request_of_a_student_who_is_not_signed_in(open_page):
    # given
    page = open_page()
    add_course(page, "physics", "PHYS 1425")
    page.get_by_label("Fewer days with classes").check()
    generate(page)
    # when: the same browser comes back to the bare address
    again = open_page("/", context=page.context)
    # then
    expect(again.locator("#required")).to_contain_text("PHYS 1425")
    expect(again.get_by_label("Fewer days with classes")).to_be_checked()
    assert query_of(again)["c"] == ["PHYS 1425"]
    expect(again.locator("#results .card")).to_have_count(1)  # the earlier job's results are shown again


def test_the_schedules_shown_are_drawn_with_the_busy_times_they_were_generated_with(open_page):
    # given: schedules generated with practice on Monday and Wednesday mornings
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&b=MoWe+07:00-09:00+practice")
    generate(page)
    # when: work added on Tuesday without generating again, then the next schedule shown
    busy = page.locator("#busy-form")
    busy.get_by_label("Tue").check()
    busy.get_by_label("From").fill("12:00")
    busy.get_by_label("Until").fill("13:00")
    busy.get_by_label("What (optional)").fill("work")
    busy.get_by_role("button", name="Add busy time").click()
    page.get_by_role("button", name="Next →").click()
    # then: the schedule's own busy times, not the form's
    expect(page.locator(".card[data-rank='2'] .event.busy strong")).to_have_text(["practice", "practice"])


def test_a_busy_times_rest_is_drawn_beside_it_and_named_for_screen_readers_on_a_phone(open_page):
    # given: practice on Monday and Wednesday until 9:00, then an hour to rest
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&b=MoWe+07:00-09:00%2B60+practice", viewport=PHONE)
    # when
    generate(page)
    # then: the practice block ends at 9:00, the lighter band of its rest follows it
    monday = page.locator(".card[data-rank='1'] .week-day[aria-label='Mon']")
    busy, rest = monday.locator(".event.busy"), monday.locator(".event.rest")
    expect(busy).to_have_attribute("title", "practice 07:00–09:00")
    expect(rest).to_have_attribute("title", "60 minutes' rest after practice (09:00–10:00)")
    assert abs(busy.bounding_box()["y"] + busy.bounding_box()["height"] - rest.bounding_box()["y"]) < 1
    assert rest.bounding_box()["height"] > busy.bounding_box()["height"] / 2 - 1
    assert "60 minutes' rest after practice (09:00–10:00)" in monday.aria_snapshot()


RESTS = """async (busy) => {
  const { weekCalendar } = await import("/static/web/calendar.js");
  const grid = weekCalendar({ sections: [], busy, label: "Schedule", colourOf: () => 0 });
  document.body.append(grid);
  const minutes = (percent) => Math.round((parseFloat(percent) * 24 * 60) / 100); // a day from 0:00 to 24:00
  return [...grid.querySelectorAll(".event.rest")].map((rest) => [
    rest.closest(".week-day").getAttribute("aria-label"),
    rest.title,
    minutes(rest.style.top),
    minutes(rest.style.top) + minutes(rest.style.height),
  ]);
}"""


def test_a_busy_times_rest_past_midnight_is_drawn_on_the_next_day_and_before_it_on_the_day_before(open_page):
    # given: a night shift on Monday until 23:30 with four hours' rest after it, and an early shift
    # on Monday from 1:00 with two hours before it
    page = open_page()
    busy = [
        {"days": ["Mo"], "start": "22:00", "end": "23:30", "buffer_after": 240, "label": "night shift"},
        {"days": ["Mo"], "start": "01:00", "end": "02:00", "buffer_before": 120, "label": "early shift"},
    ]
    # when
    rests = page.evaluate(RESTS, busy)
    # then: each rest goes on past midnight, into Tuesday and back into Sunday, as the scheduler keeps it
    assert sorted(rests) == [
        ["Mon", "120 minutes' rest before early shift (23:00–01:00)", 0, 60],
        ["Mon", "240 minutes' rest after night shift (23:30–03:30)", 23 * 60 + 30, 24 * 60],
        ["Sun", "120 minutes' rest before early shift on Mon (23:00–01:00)", 23 * 60, 24 * 60],
        ["Tue", "240 minutes' rest after night shift on Mon (23:30–03:30)", 0, 3 * 60 + 30],
    ]


def test_overlapping_busy_times_are_drawn_side_by_side_each_named(open_page):
    # given: practice on Monday 7:00-9:00 and work on Monday 8:00-10:00, each with its own chip
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&b=MoWe+07:00-09:00+practice&b=Mo+08:00-10:00+work")
    expect(page.get_by_role("button", name=re.compile("^Remove busy time"))).to_have_count(2)
    # when
    generate(page)
    # then: Monday draws the two beside each other, both in full; Wednesday's practice alone fills its day
    monday = page.locator(".card[data-rank='1'] .week-day[aria-label='Mon']")
    practice, work = monday.locator(".event.busy").nth(0), monday.locator(".event.busy").nth(1)
    expect(practice).to_have_attribute("title", "practice 07:00–09:00")
    expect(work).to_have_attribute("title", "work 08:00–10:00")
    left, right = practice.bounding_box(), work.bounding_box()
    assert left["x"] + left["width"] <= right["x"] and right["width"] > 10
    wednesday = page.locator(".card[data-rank='1'] .week-day[aria-label='Wed'] .event.busy").bounding_box()
    assert wednesday["width"] > left["width"] * 1.5
    snapshot = monday.aria_snapshot()
    assert "practice" in snapshot and "work" in snapshot


def test_a_busy_time_in_the_rest_after_another_shows_as_busy_on_the_grid(open_page):
    # given: practice on Monday until 9:00 with an hour's rest, then work from 9:00 to 10:00
    url = "/?i=demo&t=2026-fall&b=Mo+07:00-09:00%2B60+practice&b=Mo+09:00-10:00+work"
    # when
    page = open_page(url)
    # then: the work's slots are busy, not hatched as the practice's rest
    for start in ("09:00", "09:30"):
        cell = page.locator(f".bg-cell[data-day='Mo'][data-start='{start}']")
        expect(cell).to_have_class(re.compile(r"\bbusy\b"))
        expect(cell).not_to_have_class(re.compile(r"\brest\b"))


def test_an_impossible_request_explains_the_clash_and_a_one_click_repair_generates(open_page):
    # given: MUSI 1310 meets only Tuesday 19:00-21:30
    page = open_page()
    add_course(page, "MUSI 1310", "MUSI 1310")
    busy = page.locator("#busy-form")
    busy.get_by_label("Tue").check()
    busy.get_by_label("From").fill("18:00")
    busy.get_by_label("Until").fill("22:00")
    busy.get_by_label("Rest after").select_option("0")
    busy.get_by_label("What (optional)").fill("work")
    busy.get_by_role("button", name="Add busy time").click()
    # when
    generate(page)
    # then
    explanation = page.locator("#explanation")
    expect(explanation).to_be_visible()
    expect(page.locator("#explanation-title")).to_be_focused()
    expect(explanation.locator("#explanation-message")).to_have_text(
        "Every MUSI 1310 LEC section clashes with the busy time work."
    )
    expect(explanation.locator("#conflicts li")).to_have_text(["Course: MUSI 1310", "Busy time: work (Tu 18:00–22:00)"])
    expect(explanation.locator("#repairs li")).to_have_text(
        ["Drop the busy time work, then a schedule fits every preference"]
    )
    screenshot(page, "nothing-fits-desktop")
    # when
    explanation.get_by_role("button", name="Drop the busy time work").click()
    # then: the status says what the repair changed in the form, then what it found
    expect(page.locator("#status")).to_have_text(
        re.compile(r"^Applied “Drop the busy time work”\. Found 1 schedule \(proven best\) in \d+ ms\.$")
    )
    expect(explanation).to_be_hidden()
    expect(page.locator("#busy-list li")).to_have_count(0)
    assert "b" not in query_of(page) and query_of(page)["c"] == ["MUSI 1310"]


def test_a_repair_that_would_drop_the_only_course_is_not_offered(open_page):
    # given: the only course, CS 1110, against a week of busy days
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&b=MoTuWeThFr+08:00-18:00+work")
    # when
    generate(page)
    # then: dropping the course is no repair (it would ask for nothing; the engine offers none
    # since 2026-12-06); the busy time's is
    repairs = page.locator("#repairs")
    expect(repairs.locator("li")).to_have_count(1)
    expect(repairs.get_by_role("button")).to_have_text(["Drop the busy time work"])
    # when: the busy time's repair, by keyboard
    repairs.get_by_role("button", name="Drop the busy time work").press("Enter")
    # then
    expect(page.locator("#status")).to_contain_text("Found")
    assert query_of(page)["c"] == ["CS 1110"]


def test_many_fixes_show_the_best_six_and_the_rest_one_click_away(open_page):
    # given: each of CS 1110's six labs under a busy time of its own, and MUSI 1310 under Tuesday work
    labs = ["Mo+14:00-14:30+a", "Mo+15:30-16:00+b", "Tu+09:30-10:00+c", "We+17:00-17:30+d", "Th+12:30-13:00+e"]
    busy = "".join(f"&b={b}" for b in [*labs, "Fr+13:00-13:30+f", "Tu+19:00-20:00+work"])
    page = open_page(f"/?i=demo&t=2026-fall&c=CS+1110&c=MUSI+1310{busy}")
    # when
    generate(page)
    # then: six buttons at once, the engine's order; the rest behind "N more fixes"
    repairs = page.locator("#repairs")
    more = repairs.locator(".repairs-more")
    expect(more.locator("summary")).to_have_text(re.compile(r"^\d+ more fixes$"))
    hidden = int(more.locator("summary").inner_text().split()[0])
    assert hidden >= 2
    expect(repairs.locator(":scope > li:not(.repairs-more) button")).to_have_count(6)
    expect(more.get_by_role("button").first).to_be_hidden()
    # when: the student opens them and takes the last
    more.locator("summary").click()
    buttons = more.get_by_role("button")
    expect(buttons).to_have_count(hidden)
    buttons.last.click()
    # then
    expect(page.locator("#status")).to_contain_text("Found")


def test_two_clashes_at_once_are_mended_by_one_click_repairs_of_two_changes(open_page):
    # given: MUSI 1310 against Tuesday evening work, and CS 1110's kept 9:00 lecture against morning work
    page = open_page(
        "/?i=demo&t=2026-fall&c=CS+1110&c=MUSI+1310&b=Tu+18:00-22:00+work&b=MoWeFr+08:30-10:00+gym&pin=40001"
    )
    # when
    generate(page)
    # then: each repair makes two changes, and one press applies both
    repairs = page.locator("#repairs").get_by_role("button")
    expect(repairs.first).to_be_visible()
    assert all(" and " in text for text in repairs.all_text_contents())
    expect(page.locator("#explanation")).to_contain_text("these still clash")
    repairs.filter(has_text="Drop the busy time work and drop the busy time gym").press("Enter")
    expect(page.locator("#status")).to_contain_text("Found")
    assert "b" not in query_of(page)


def test_three_clashes_at_once_say_how_to_go_on_without_a_one_click_fix(open_page):
    # given: two clashes as above, and HIST 2001 (Monday and Wednesday 14:00 only) against a class
    page = open_page(
        "/?i=demo&t=2026-fall&c=CS+1110&c=MUSI+1310&c=HIST+2001&b=Tu+18:00-22:00+work&b=MoWeFr+08:30-10:00+gym"
        "&b=MoWe+13:30-16:00+class&pin=40001"
    )
    # when
    generate(page)
    # then: no button, but what to do
    repairs = page.locator("#repairs")
    expect(repairs.get_by_role("button")).to_have_count(0)
    expect(repairs).to_have_text(
        "No change of one or two items makes everything fit, so there is no one-click fix: remove one of the "
        "clashing items above (under Courses, Busy times or Kept and avoided sections), then generate again to "
        "see what still clashes."
    )


def test_a_repair_dropping_one_of_two_courses_is_still_a_button(open_page):
    # given: MUSI 1310 (Tuesday evening only) against a busy Tuesday evening, beside CS 1110
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MUSI+1310&b=Tu+18:00-22:00+work")
    generate(page)
    # when
    page.locator("#repairs").get_by_role("button", name="Drop MUSI 1310").click()
    # then
    expect(page.locator("#status")).to_contain_text("Found")
    assert query_of(page)["c"] == ["CS 1110"]


def test_a_repair_that_drops_an_elective_group_drops_that_group_only(open_page):
    # given: the server sorts groups by their courses, so the jazz group is its group 1, the page's 0
    page = open_page()
    add_course(page, "CS 1110", "CS 1110")
    add_course(page, "jazz", "MUSI 1310", as_="Elective")
    page.get_by_role("button", name="New elective group").click()
    add_course(page, "drawing", "ARTS 2050", as_="Elective")
    add_course(page, "microeconomics", "ECON 2010", as_="Elective")
    busy = page.locator("#busy-form")
    busy.get_by_label("Tue").check()
    busy.get_by_label("From").fill("18:00")
    busy.get_by_label("Until").fill("22:00")
    busy.get_by_label("What (optional)").fill("work")
    busy.get_by_role("button", name="Add busy time").click()
    generate(page)
    # when
    page.get_by_role("button", name="Drop elective group 1", exact=True).click()
    # then
    expect(page.locator("#status")).to_contain_text("Found")
    expect(page.locator("[data-group]")).to_have_count(1)
    expect(page.locator("[data-group='0'] .chip")).to_have_count(2)
    assert query_of(page)["e"] == ["1:ARTS 2050,ECON 2010"]
    assert query_of(page)["b"] == ["Tu 18:00-22:00+60 work"]


def test_the_results_say_which_sections_can_still_fit(open_page):
    # given: Monday and Wednesday busy until 9:00, then an hour of rest
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&b=MoWe+07:00-09:00%2B60+practice")
    # when
    generate(page)
    page.get_by_text("Which sections can fit").click()
    # then: lecture 001 meets MoWeFr 9:00, in the hour of rest
    lecture = page.locator("#fit-rows tr[data-course='CS 1110'][data-component='LEC'] td")
    expect(lecture.nth(0)).to_have_text("CS 1110")
    expect(lecture.nth(1)).to_have_text("Lecture")
    expect(lecture.nth(2)).to_have_text(re.compile("^2 of 3: 002 "))
    expect(lecture.nth(3)).to_have_text("001")
    lab = page.locator("#fit-rows tr[data-course='CS 1110'][data-component='LAB'] td")
    expect(lab.nth(2)).to_have_text(re.compile("^6 of 6: 101 "))
    expect(lab.nth(3)).to_have_text("—")
    # and each section that can fit is a button that keeps it, saying its seats where not open, when
    # it meets and who teaches it (“101”, “102”… alone told a student nothing)
    expect(lecture.get_by_role("button")).to_have_text(
        ["002 (closed) · MoWeFr 11:00–11:50 · Ada Byron", "003 · TuTh 14:00–15:15 · Grace Hopper"]
    )
    keep = lecture.get_by_role("button", name="Keep CS 1110 LEC 002 (closed) · MoWeFr 11:00–11:50 · Ada Byron")
    expect(keep).to_have_attribute("aria-pressed", "false")
    expect(lab.get_by_role("button").first).to_have_text("101 (waitlist) · Mo 14:00–15:15 · Ana Lopez")


def test_on_a_phone_which_sections_can_fit_wraps_a_components_buttons_across_the_width(open_page):
    # given: a phone; CS 1110 lab 103 (Tuesday) cannot fit, its other five labs can
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310&c=CHEM+1410&b=Tu+07:00-13:00", viewport=PHONE)
    generate(page)
    # when
    page.get_by_text("Which sections can fit").click()
    # then: the labs' buttons share lines across the panel's width instead of standing one a line
    labs = page.locator("#fit-rows tr[data-course='CS 1110'][data-component='LAB']")
    tops = labs.get_by_role("button").evaluate_all("buttons => buttons.map((b) => b.getBoundingClientRect().top)")
    assert len(tops) == 5 and len(set(tops)) < len(tops)
    region = page.get_by_role("region", name="Which sections can fit, by component")
    cell = labs.get_by_role("cell").nth(2)
    assert cell.evaluate("c => c.getBoundingClientRect().width") > 0.9 * region.evaluate("r => r.clientWidth")
    assert region.evaluate("r => r.scrollWidth <= r.clientWidth")  # no sideways scroll
    # and each part still says what it is, as the column headers do on a desktop
    before = labs.get_by_role("cell").evaluate_all("cells => cells.map((c) => getComputedStyle(c, '::before').content)")
    assert before[2:] == ['"Can fit: "', '"Cannot fit: "']
    screenshot(page, "fit-phone")


def test_the_print_button_prints_only_the_schedules(open_page):
    # given
    page = open_page()
    add_course(page, "CS 1110", "CS 1110")
    generate(page)
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    # when
    page.get_by_role("button", name="Print").click()
    page.emulate_media(media="print")
    # then
    assert page.evaluate("window.printed") == 1
    expect(page.locator("#planner")).to_be_hidden()
    expect(page.locator(".results-bar")).to_be_hidden()
    expect(page.locator("#fit")).to_be_hidden()
    expect(page.locator(".card[data-rank='1'] .week")).to_be_visible()
    expect(page.locator(".card[data-rank='1'] table.sections")).to_be_visible()
    page.pdf(path=str(screenshot(page, "print-view").with_suffix(".pdf")))


def test_at_phone_width_the_page_never_scrolls_sideways(open_page):
    # given
    page = open_page(viewport=PHONE)
    wider = "document.documentElement.scrollWidth > window.innerWidth"
    assert not page.evaluate(wider)
    screenshot(page, "planner-phone")
    # when
    add_course(page, "CS 1110", "CS 1110")
    add_course(page, "CHEM 1410", "CHEM 1410")
    add_course(page, "MATH 1310", "MATH 1310")
    generate(page)
    page.get_by_label("Side by side").check()
    # then
    expect(page.locator(".card")).to_have_count(2)
    assert not page.evaluate(wider)
    screenshot(page, "results-phone")


def test_on_a_phone_the_keyboard_scrolls_a_schedules_sections_table_to_its_last_columns(open_page):
    # given: at 375 px the sections table is wider than its card
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310", viewport=PHONE)
    generate(page)
    table = page.get_by_role("region", name="Sections of schedule 1")
    assert table.evaluate("node => node.scrollWidth > node.clientWidth")
    same_times = table.get_by_role("columnheader", name="Interchangeable here")
    assert same_times.bounding_box()["x"] + same_times.bounding_box()["width"] > PHONE["width"]
    # when: Tab reaches the table (from the card's summary), whose arrows scroll it
    page.locator(".card[data-rank='1'] summary").focus()
    page.keyboard.press("Tab")
    expect(table).to_be_focused()
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    # then: scrolled to its end (smoothly), the last column in view, the same schedule shown
    table.evaluate(
        """node => new Promise((done) => {
          const end = () => node.scrollLeft + node.clientWidth >= node.scrollWidth - 1;
          const since = Date.now();
          const check = () => (end() || Date.now() - since > 3000 ? done() : setTimeout(check, 50));
          check();
        })"""
    )
    expect(page.locator("#position")).to_have_text("Schedule 1 of 10")
    assert same_times.bounding_box()["x"] + same_times.bounding_box()["width"] <= PHONE["width"]
    # when: j still pages, and the focus goes to the next card's table
    page.keyboard.press("j")
    # then
    expect(page.locator("#position")).to_have_text("Schedule 2 of 10")
    expect(page.get_by_role("region", name="Sections of schedule 2")).to_be_focused()


def test_a_sections_table_is_a_tab_stop_only_while_it_is_wider_than_its_region(open_page):
    # given: on a desktop the table fits its card
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310")
    generate(page)
    table = page.get_by_role("region", name="Sections of schedule 1")
    assert table.evaluate("node => node.scrollWidth <= node.clientWidth")
    # when: Tab from the card's summary
    page.locator(".card[data-rank='1'] summary").focus()
    page.keyboard.press("Tab")
    # then: on to the table's first button, not to the region
    expect(page.get_by_role("button", name=re.compile("^Keep CS 1110")).first).to_be_focused()
    expect(table).not_to_have_attribute("tabindex", "0")
    # when: the window narrows to a phone's, then widens again
    page.set_viewport_size(PHONE)
    # then
    expect(table).to_have_attribute("tabindex", "0")
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(table).not_to_have_attribute("tabindex", "0")


def test_the_which_sections_can_fit_table_is_no_tab_stop_where_it_fits(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    generate(page)
    # when
    page.get_by_text("Which sections can fit").click()
    page.keyboard.press("Tab")
    # then: from the summary straight to the first keep button
    table = page.get_by_role("region", name="Which sections can fit, by component")
    assert table.evaluate("node => node.scrollWidth <= node.clientWidth")
    expect(table.get_by_role("button").first).to_be_focused()
    expect(table).not_to_have_attribute("tabindex", "0")


def test_on_a_phone_a_calendars_classes_still_tell_screen_readers_their_section_and_time(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110", viewport=PHONE)
    # when
    generate(page)
    # then: the details do not show at 375 px, but are read out
    lecture = page.locator(".card[data-rank='1'] .week-day[aria-label='Mon'] .event").first
    detail = lecture.locator("span")
    assert detail.evaluate("node => node.getBoundingClientRect().width") <= 1
    assert re.fullmatch(r"- strong: CS 1110\n- text: LEC 00\d · \d\d:\d\d–\d\d:\d\d · .+", lecture.aria_snapshot())


def test_a_schedule_cards_heading_reads_as_words(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    # when
    generate(page)
    # then: not "Schedule 1best", and its credit hours
    expect(page.get_by_role("heading", name="Schedule 1 best · cost 0 · 3 credits", exact=True)).to_be_visible()
    expect(page.get_by_role("article", name="Schedule 1 best · cost 0 · 3 credits", exact=True)).to_be_visible()


def test_the_planner_at_desktop_width_is_saved_as_a_screenshot(open_page):
    page = open_page()
    add_course(page, "CS 1110", "CS 1110")
    add_course(page, "MATH 1310", "MATH 1310")
    page.get_by_label("No classes before", exact=True).check()
    generate(page)

    path = screenshot(page, "planner-desktop")

    assert path.stat().st_size > 10_000


UNLABELLED = """() => [...document.querySelectorAll("input, select, textarea, button")]
    .filter((el) => el.offsetParent !== null || el.type === "checkbox")
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute("aria-label")
                    && !el.getAttribute("aria-labelledby") && !(el.tagName === "BUTTON" && el.textContent.trim()))
    .map((el) => el.outerHTML.slice(0, 80))"""

CONTRAST = """() => {
  const rgb = (c) => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const opaque = (bg) => bg && !bg.startsWith("rgba(0, 0, 0, 0)") && !bg.endsWith(", 0)");
  const background = (el) => {
    for (; el; el = el.parentElement) {
      if (opaque(getComputedStyle(el).backgroundColor)) return getComputedStyle(el).backgroundColor;
    }
    return "rgb(255, 255, 255)";
  };
  const low = [];
  let checked = 0;
  for (const el of document.querySelectorAll("h1, h2, h3, p, label, a, button, th, td, li, summary, .event strong")) {
    if (!el.offsetParent || !el.textContent.trim()) continue;
    const style = getComputedStyle(el);
    if (style.backgroundImage !== "none") continue;
    checked += 1;
    const [a, b] = [lum(style.color), lum(background(el))].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) low.push(`${el.tagName} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return { checked, low };
}"""


def test_every_control_has_a_label_and_text_meets_aa_contrast(open_page):
    # given
    page = open_page()
    add_course(page, "CS 1110", "CS 1110")
    add_course(page, "drawing", "ARTS 2050", as_="Elective")
    page.locator("#busy-form").get_by_label("Mon").check()
    page.locator("#busy-form").get_by_role("button", name="Add busy time").click()
    # when
    generate(page)
    # then
    assert page.evaluate(UNLABELLED) == []
    contrast = page.evaluate(CONTRAST)
    assert contrast["checked"] > 50 and contrast["low"] == []


def test_a_database_hiccup_answered_503_is_retried_once_and_the_student_sees_the_results(open_page):
    # given: the first generation request is answered 503 (the database connection broke)
    page = open_page()
    add_course(page, "CS 1110", "CS 1110")
    sent = []

    def first_one_unavailable(route):
        sent.append(route.request.method)
        if len(sent) == 1:
            body = {"error": {"status": 503, "code": "unavailable", "message": "try again", "fields": {}}}
            headers = {"Retry-After": "1", "Content-Type": "application/json"}
            route.fulfill(status=503, headers=headers, body=json.dumps(body))
        else:
            route.continue_()

    page.route("**/api/v1/generations/", first_one_unavailable)
    # when
    generate(page)
    # then: sent twice, and the results are shown with no error
    assert sent == ["POST", "POST"]
    expect(page.locator("#status")).to_contain_text("Found")
    expect(page.locator("#form-error")).to_have_text("")


def test_how_many_schedules_typed_in_range_after_a_change_forgets_the_change(open_page):
    # given: 50 typed (set to 20), then 5
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110")
    field = page.get_by_label("How many schedules")
    field.fill("50")
    field.press("Tab")
    field.fill("5")
    # when
    page.get_by_role("button", name="Generate schedules").click()
    # then: what was found, nothing of the 20
    expect(page.locator("#status")).to_have_text(re.compile(r"^Found \d+ schedules"))


def test_more_found_courses_are_shown_on_request_below_the_others(open_page):
    # given: "in" matches nine courses (title words, instructors); the planner shows eight
    page = open_page("/?i=demo&t=2026-fall")
    search = page.get_by_label("Find courses by code, title or instructor")
    search.fill("in")
    expect(page.locator("#search-status")).to_have_text("9 courses found, showing 8.")
    first = page.locator(".result").evaluate_all("rs => rs.map((r) => r.dataset.code)")
    # when
    page.get_by_role("button", name="Show 1 more of 1 left").click()
    # then: the ninth below, the focus on its Required button, no course twice, no more to show
    expect(page.locator(".result")).to_have_count(9)
    codes = page.locator(".result").evaluate_all("rs => rs.map((r) => r.dataset.code)")
    assert codes[:8] == first and len(set(codes)) == 9
    expect(page.get_by_role("button", name=f"Required: {codes[8]}")).to_be_focused()
    expect(page.locator("#search-status")).to_have_text("9 courses found.")
    expect(page.get_by_role("button", name=re.compile("^Show .* more"))).to_have_count(0)
    # when: the ninth added, the list searched again keeps showing all nine
    page.keyboard.press("Enter")
    expect(page.locator("#search-status")).to_have_text(f"{codes[8]} added to required.")
    expect(page.get_by_role("button", name=f"Added: {codes[8]}")).to_be_disabled()
    expect(page.locator(".result")).to_have_count(9)


def test_schedules_that_tie_with_the_best_say_so(open_page):
    # given: CS 1110 with no classes before 13:00, which several schedules meet in full
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&before=13%3A00")
    # when
    generate(page)
    # then: the first says how many cost the same, the next that it costs as little
    expect(page.locator(".card[data-rank='1'] .score").first).to_have_text(" · cost 0")
    first = page.locator(".card[data-rank='1'] .why p")
    expect(first).to_have_text(re.compile(r"^No other schedule costs less; \d+ others cost the same\. "))
    page.locator("#next").click()
    expect(page.locator(".card[data-rank='2'] .why p")).to_have_text(
        re.compile(r"^Ranked 2: it costs as little as schedule 1\. ")
    )


def test_a_registrar_id_typed_in_the_search_finds_its_course_and_keeps_that_section(open_page):
    # given: 40003 is the registrar id (CRN) of CS 1110 lecture 003, Grace Hopper's
    page = open_page("/?i=demo&t=2026-fall&c=MATH+1310")
    search = page.get_by_label("Find courses by code, title or instructor")
    # when
    search.fill("40003")
    # then: its course, offering to keep that section, said with its time and instructor
    keep = page.get_by_role("button", name="Keep section 40003 (LEC 003, TuTh 14:00–15:15, Grace Hopper)")
    expect(page.locator(".result").first).to_have_attribute("data-code", "CS 1110")
    expect(keep).to_be_visible()
    expect(page.locator("#search-status")).to_contain_text("Section 40003 is CS 1110 LEC 003.")
    # when
    keep.click()
    # then: the course added, the section kept (in the address too), and every schedule uses it
    expect(page.locator("#search-status")).to_have_text(
        "CS 1110 added to your required courses; kept CS 1110 LEC 003 (40003): the schedules you generate now use it."
    )
    expect(page.locator("#required")).to_contain_text("CS 1110")
    expect(page.locator("#kept")).to_contain_text("Keep CS 1110 LEC 003 (40003)")
    assert query_of(page)["c"] == ["MATH 1310", "CS 1110"] and query_of(page)["pin"] == ["40003"]
    kept = page.get_by_role("button", name="Kept: section 40003 (LEC 003, TuTh 14:00–15:15, Grace Hopper)")
    expect(kept).to_be_disabled()
    generate(page)
    assert GenerationJob.objects.latest("created_at").request["pinned"] == ["40003"]
    expect(page.locator(".card[data-rank='1'] tr[data-section='40003']")).to_have_count(1)


def test_enter_on_a_registrar_id_keeps_its_section_of_a_course_already_asked_for(open_page):
    # given: CS 1110 asked for, lecture 001 kept; 40002 is its lecture 002
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&pin=40001")
    search = page.get_by_label("Find courses by code, title or instructor")
    search.fill("40002")
    expect(page.get_by_role("button", name=re.compile("^Keep section 40002 "))).to_be_visible()
    # when
    search.press("Enter")
    # then: kept instead of lecture 001 (one section of each component)
    expect(page.locator("#search-status")).to_have_text(
        "Kept CS 1110 LEC 002 (40002) instead of CS 1110 LEC 001 (40001) (a schedule takes one section of each "
        "component): the schedules you generate now use it."
    )
    assert query_of(page)["pin"] == ["40002"] and query_of(page)["c"] == ["CS 1110"]


def test_enter_typed_faster_than_the_search_on_a_registrar_id_keeps_its_section(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall")
    search = page.get_by_label("Find courses by code, title or instructor")
    # when: typed and entered at once, before any search answered
    search.fill("40003")
    search.press("Enter")
    # then
    expect(page.locator("#search-status")).to_contain_text("kept CS 1110 LEC 003 (40003)")
    expect(page.locator("#kept")).to_contain_text("Keep CS 1110 LEC 003 (40003)")


def test_a_registrar_id_finds_its_course_where_the_course_search_does_not_read_registrar_ids(open_page):
    # given: a server whose course search finds nothing for a registrar id (before 2026-12-07)
    page = open_page("/?i=demo&t=2026-fall")
    nothing = {"count": 0, "next": None, "previous": None, "results": []}
    page.route(re.compile(r".*/courses/\?q=40003&.*"), lambda route: route.fulfill(json=nothing))
    # when
    page.get_by_label("Find courses by code, title or instructor").fill("40003")
    # then: the section's course is listed all the same, with its section to keep
    expect(page.locator(".result")).to_have_count(1)
    expect(page.locator(".result").first).to_have_attribute("data-code", "CS 1110")
    expect(page.get_by_role("button", name=re.compile(r"^Keep section 40003 \(LEC 003"))).to_be_visible()
    expect(page.locator("#search-status")).to_have_text("1 course found. Section 40003 is CS 1110 LEC 003.")


def test_a_registrar_id_of_a_withdrawn_section_says_it_cannot_be_kept(open_page):
    # given: CS 1110 lecture 003 (40003) withdrawn by the registrar
    from django.utils import timezone

    from catalog import services
    from catalog.models import Section, Term

    Section.objects.filter(registrar_id="40003").update(withdrawn_at=timezone.now())
    services.term_catalog_edited(term_id=Term.objects.get().pk)
    page = open_page("/?i=demo&t=2026-fall")
    # when
    page.get_by_label("Find courses by code, title or instructor").fill("40003")
    # then: its course, and why the section cannot be kept instead of a button that would be refused
    result = page.locator(".result[data-code='CS 1110']")
    expect(result).to_contain_text("Section 40003 (LEC 003) cannot be kept: withdrawn by the registrar.")
    expect(result.get_by_role("button", name=re.compile("^Keep section"))).to_have_count(0)


def test_a_one_click_repair_can_be_undone_until_the_request_is_changed(open_page):
    # given: MUSI 1310 (Tuesday evenings only) under a busy Tuesday evening, repaired by dropping it
    page = open_page("/?i=demo&t=2026-fall&c=MUSI+1310&b=Tu+18:00-22:00+work")
    generate(page)
    page.locator("#explanation").get_by_role("button", name="Drop the busy time work").click()
    expect(page.locator("#status")).to_contain_text("Applied “Drop the busy time work”. Found 1 schedule")
    undo = page.get_by_role("button", name="Undo “Drop the busy time work”")
    # when: Undo
    undo.click()
    # then: the busy time back, in the form and the address, the request generated again, and no
    # Undo left (it was lost: Back leaves the planner, and the address no longer held it)
    expect(page.locator("#status")).to_contain_text("Undid “Drop the busy time work”: the request is as it was.")
    expect(page.locator("#explanation")).to_be_visible()
    expect(page.locator("#busy-list li")).to_have_count(1)
    assert query_of(page)["b"] == ["Tu 18:00-22:00 work"]
    expect(undo).to_be_hidden()
    # when: repaired again, then the request changed by hand
    page.locator("#explanation").get_by_role("button", name="Drop the busy time work").click()
    expect(undo).to_be_visible()
    add_course(page, "CS 1110", "CS 1110")
    # then: Undo would take back the student's own change too, so it is gone
    expect(undo).to_be_hidden()
