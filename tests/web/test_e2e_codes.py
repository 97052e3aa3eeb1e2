"""The planner reads a list of course codes as the course search does (web/static/web/codes.js
against catalog/selectors.py `code_list`), in a real headless Chromium."""

import random

import pytest
from playwright.sync_api import expect

from catalog.selectors import code_list

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = ["CS", "cs", "MATH", "1331", "1331R", "cs1331", "CS-1331", "CS-", "-1331", "-", "and", "AND", "&", "or", "x1"]
PARTS = [" ", ", ", "; ", ",", "  ", "\t", " ,; "]
EXAMPLES = [
    "CS 1331, MATH 1554; PSYC 1101",
    "CS 1331 MATH 1554",
    "CS - 1331; MATH- 1554; PSYC -1101",
    "CS 1331, MATH 1554 and PSYC 1101",
    "CS 1331 & MATH 1554",
    "and CS 1331, MATH 1554",
    "CS 1331, MATH 1554 and",
    "CS 1331 and and MATH 1554",
    "CS 1331, cs 1331",
    "CS 1331",
    "CS 1331, MATH",
    "Hott, Robbie",
    "CS \u0661, MATH \u0662",  # Arabic-Indic digits: no number to either
    "CS\x1c1331 MATH\x1c1554",  # a separator Python's \\s holds and JavaScript's not
    "CS 1331\ufeffMATH 1554",  # the other way round
    "CS\u00a01331,\u2002MATH 1554",  # no-break and en spaces part words to both
    ", ".join(f"CS {1000 + n}" for n in range(40)) + ", MATH",
    "calculus 1 physics 2",  # no subject of the term: words
    "calculus 1, physics 2",
    "CS 1331 calculus 1",  # a word in lower case that is no subject of the term: words
    "CS 1331 ZZ 1",  # in capitals: a code the term lacks, in a list naming one of its subjects
    "ZZ 9999 and XX 1",  # none of its subjects: words
    "cs 1331 Math 1554",  # the term's subjects in any case
    "CS 2100, CS 2120 or CS 2130",  # a choice, as a degree audit or an advisor writes it
    "CS 1331 / CS 1332",
    "CS 1331/CS 1332 OR MATH 1554",
    "CS 2100 (Data Structures), CS 2120 (Discrete Math)",  # each code's title, as a degree audit pastes it
    "CS 2100 (Data (Structures); Lab) or CS 2120",
    "CS 2100 (Data Structures, CS 2120",  # not closed: no list
    "(Data Structures) CS 2100, CS 2120",
    "history or philosophy",
    "w/ lab",
    "CS 2100 and/or CS 2120",  # two joiners: no list
]
SUBJECTS = ["CS", "MATH", "PSYC"]  # the term's; "A" and the long one are none of them


FORMS = ["{s} {n}", "{s}{n}", "{s}-{n}", "{s} - {n}", "{s} -{n}", "{s}- {n}", "{s}  {n}"]
# mostly codes, some spoilt ("Zz" is no subject of the term, nor in capitals)
DRAWN_SUBJECTS = ["CS", "cs", "MATH", "Psyc", "A"] * 4 + ["Zz", "LONGSUBJECTNAMEOVERTWENTY"]
NUMBERS = ["1331", "1331R", "2", "0999"] * 4 + ["1331-L", "x1"]
JOINERS = [", ", "; ", " ", ",", "\t", " and ", " & ", " AND ", " or ", " / ", "/", " OR "] * 2 + [" or or "]
TITLES = [""] * 12 + [" (Data Structures)", "(Intro)", " (Intro (Lab), Python)", " ( Calculus )", " (Open"]
NOISE = ["and", "-", "CS", "1331", "intro", ",", "&", "or", "/", "(", ")", "(Data", "Lab)"]


def drawn(count: int, seed: int = 7) -> list[str]:
    """Lists of codes written every way the readers take, some spoiled (a word dropped or one added
    anywhere), as a fuzz of the two readers."""
    draw = random.Random(seed)
    queries = []
    for _ in range(count):
        codes = [
            draw.choice(FORMS).format(s=draw.choice(DRAWN_SUBJECTS), n=draw.choice(NUMBERS)) + draw.choice(TITLES)
            for _ in range(draw.randint(1, 6))
        ]
        ending = draw.choice(["", "", " ", ", ", draw.choice(JOINERS)])  # a joiner last is no list
        query = codes[0] + "".join(draw.choice(JOINERS) + code for code in codes[1:]) + ending
        words = query.split(" ")
        if draw.random() < 0.3:
            words.insert(draw.randint(0, len(words)), draw.choice(NOISE))
        if draw.random() < 0.2 and len(words) > 1:
            words.pop(draw.randrange(len(words)))
        queries.append(" ".join(words))
    return queries


def test_the_planner_reads_lists_of_codes_as_the_course_search_does(open_page):
    # given
    page = open_page()
    queries = EXAMPLES + drawn(400)
    # when
    planner = page.evaluate(
        """async ([queries, subjects]) => {
            const { listedCodes } = await import("/static/web/codes.js");
            return queries.map((q) => listedCodes(q, subjects));
        }""",
        [queries, SUBJECTS],
    )
    # then: the same codes, in the same order
    server = [[f"{s} {n}".upper() for s, n in code_list(q, subjects=SUBJECTS)] for q in queries]
    differing = [(q, p, s) for q, p, s in zip(queries, planner, server, strict=True) if p != s]
    assert not differing, differing[:5]
    assert 50 < sum(bool(codes) for codes in server) < 350  # the fuzz holds lists and refusals
    shapes = [q.casefold() for q, codes in zip(queries, server, strict=True) if codes]
    assert sum("(" in q for q in shapes) > 10  # lists with titles in brackets
    assert sum(" or " in q or "/" in q for q in shapes) > 10  # and offering a choice
    read = dict(zip(queries, server, strict=True))
    assert read["calculus 1 physics 2"] == read["calculus 1, physics 2"] == read["CS 1331 calculus 1"] == []
    assert read["ZZ 9999 and XX 1"] == []
    assert read["CS 1331 ZZ 1"] == ["CS 1331", "ZZ 1"]
    assert read["cs 1331 Math 1554"] == ["CS 1331", "MATH 1554"]
    assert read["CS 2100, CS 2120 or CS 2130"] == ["CS 2100", "CS 2120", "CS 2130"]
    assert read["CS 1331 / CS 1332"] == read["CS 1331/CS 1332 OR MATH 1554"][:2] == ["CS 1331", "CS 1332"]
    assert read["CS 2100 (Data Structures), CS 2120 (Discrete Math)"] == ["CS 2100", "CS 2120"]
    assert read["CS 2100 (Data (Structures); Lab) or CS 2120"] == ["CS 2100", "CS 2120"]
    assert read["CS 2100 (Data Structures, CS 2120"] == read["(Data Structures) CS 2100, CS 2120"] == []
    assert read["history or philosophy"] == read["w/ lab"] == read["CS 2100 and/or CS 2120"] == []


def test_the_planner_tells_a_list_offering_a_choice(open_page):
    # given
    page = open_page()
    queries = ["CS 2100, CS 2120 or CS 2130", "CS 1331 / CS 1332", "CS 2100 (Data Structures), CS 2120 and CS 2130"]
    # when
    choices = page.evaluate(
        """async ([queries, subjects]) => {
            const { listOffersChoice } = await import("/static/web/codes.js");
            return queries.map((q) => listOffersChoice(q, subjects));
        }""",
        [queries, SUBJECTS],
    )
    # then: "or" and "/" offer candidates; "and" and titles do not
    assert choices == [True, True, False]


CHOICE = " The list offers a choice: add only the courses you will take."


@pytest.mark.parametrize(
    ("pasted", "said"),
    [
        ("CS 1110, CHEM 1411 or MATH 1310", f"3 of the 3 courses listed found.{CHOICE}"),
        ("CS 1110 / MATH 1310", f"2 of the 2 courses listed found.{CHOICE}"),
        ("CS 1110 (Introduction to Programming), MATH 1310 (Calculus I)", "2 of the 2 courses listed found."),
    ],
)
def test_a_pasted_list_with_or_a_slash_or_titles_lists_its_courses(open_page, pasted, said):
    # given
    page = open_page("/?i=demo&t=2026-fall")
    # when: pasted from a degree audit (not "No course matches …")
    page.get_by_label("Find courses by code, title or instructor").fill(pasted)
    # then
    expect(page.locator("#search-status")).to_have_text(said)
    expect(page.locator(".result")).to_have_count(int(said[0]))


def test_a_last_code_still_being_typed_is_not_named_as_one_the_term_lacks(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall")
    search = page.get_by_label("Find courses by code, title or instructor")
    status = page.locator("#search-status")
    # when: a list whose last code is half typed
    search.press_sequentially("CS 1110, MATH 13")
    # then: not called missing while it is typed
    expect(status).to_have_text("1 of the 2 courses listed found (MATH 13 still being typed).")
    # when: typed on to its end
    search.press_sequentially("10")
    # then
    expect(status).to_have_text("2 of the 2 courses listed found.")
    # when: a code the term lacks, then a separator after it
    search.press_sequentially(", ZZ 9999")
    expect(status).to_have_text("2 of the 3 courses listed found (ZZ 9999 still being typed).")
    search.press_sequentially(",")
    # then: it is done, and named
    expect(status).to_have_text("2 of the 3 courses listed found; not in Fall 2026: ZZ 9999.")


def test_a_half_typed_last_code_is_named_once_the_list_is_entered_or_left(open_page):
    # given: a list typed, its last code not the term's
    page = open_page("/?i=demo&t=2026-fall")
    search = page.get_by_label("Find courses by code, title or instructor")
    status = page.locator("#search-status")
    search.press_sequentially("CS 1110, MATH 1310, ZZ 99")
    expect(status).to_have_text("2 of the 3 courses listed found (ZZ 99 still being typed).")
    # when: the focus leaves the search box
    search.press("ArrowDown")
    # then
    expect(page.get_by_role("button", name="Add all 2 as required: CS 1110, MATH 1310")).to_be_focused()
    expect(status).to_have_text("2 of the 3 courses listed found; not in Fall 2026: ZZ 99.")
    # when: back in the box, Enter adds the list
    page.keyboard.press("Escape")
    search.press("Enter")
    # then: what the term lacks is said
    expect(status).to_have_text("CS 1110 and MATH 1310 added to required. Not in Fall 2026: ZZ 99.")


def test_words_shaped_as_codes_of_no_subject_of_the_term_are_searched_as_words(open_page):
    # given
    page = open_page("/?i=demo&t=2026-fall")
    search = page.get_by_label("Find courses by code, title or instructor")
    status = page.locator("#search-status")
    # when: two titles' words and numbers, no subject of the term (not CALCULUS 1 and PHYSICS 2)
    search.fill("calculus 1 physics 2")
    # then: the words, which no course has all of
    expect(status).to_have_text("No course matches “calculus 1 physics 2”.")
    # when
    search.fill("general 1 physics 1")
    # then: General Physics I
    expect(status).to_have_text("1 course found.")
    expect(page.locator(".result")).to_have_count(1)
    expect(page.locator(".result strong")).to_have_text("PHYS 1425")
    expect(page.locator("#add-all button")).to_have_count(0)
    # when: a list of the term's subjects parted by spaces alone, and a code in capitals it lacks
    search.fill("CS 1110 MATH 1310 ZZ 9999 ")
    # then: a list still
    expect(status).to_have_text("2 of the 3 courses listed found; not in Fall 2026: ZZ 9999.")


def test_a_long_list_mostly_of_subjects_the_term_lacks_is_not_refused_for_its_words(open_page):
    # given: 30 codes of a subject the term lacks, then one of its courses: over 200 characters
    page = open_page("/?i=demo&t=2026-fall")
    codes = [*(f"ZZZ {9000 + n}" for n in range(30)), "CS 1110"]
    assert len(", ".join(codes)) > 200
    # when
    page.get_by_label("Find courses by code, title or instructor").fill(", ".join(codes))
    # then: not “A search holds at most 8 different words” for a part of ZZZ codes alone
    said = "1 of the 31 courses listed found; not in Fall 2026: ZZZ 9000"
    expect(page.locator("#search-status")).to_contain_text(said)
    expect(page.locator(".result")).to_have_count(1)
