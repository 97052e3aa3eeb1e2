"""Search and filters on the real Georgia Tech and UVA catalogs (skipped without ../shared/data).

Both catalogs are imported once for the module, inside a transaction rolled back at the end,
their foreign keys checked once; each test runs in its own savepoint. The filters are checked
against an oracle that applies the documented semantics to the course detail the API itself
returns.
"""

from contextlib import contextmanager

import pytest
from django.db import connection, transaction

from catalog import services
from tests.catalog.api.conftest import codes
from tests.conftest import shared_file

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]

GT = "/api/v1/institutions/gatech/terms/202208/"
UVA = "/api/v1/institutions/uva/terms/2025-fall/"
CATALOGS = {"gatech/202208.json": "gatech-json", "uva/2025_fall.csv": "uva-csv"}


@contextmanager
def statement_timeout_lifted():
    """No statement timeout (PostgreSQL's, 30 s) for the one statement checking some 100,000
    deferred foreign keys at once: about 15 s on a fast machine, over 30 s on one 2.4 times slower
    (session 36). The searches the tests time stay under the timeout, which then holds again."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        (before,) = cursor.fetchone()
        cursor.execute("SET LOCAL statement_timeout = 0")
        try:
            yield
        finally:
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [before])


@pytest.fixture(scope="module", autouse=True)
def real_catalogs(django_db_setup, django_db_blocker):
    paths = {shared_file(name): fmt for name, fmt in CATALOGS.items()}
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            for path, fmt in paths.items():
                services.catalog_import_file(data=path.read_bytes(), name=path.name, format=fmt)
            # the imports' foreign keys checked now, once: left deferred, each test's end checked
            # them all again (its savepoint's rollback undoes the check), up to 14 s a test
            with statement_timeout_lifted():
                connection.check_constraints()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def all_codes(api, url: str) -> list[str]:
    found, page = [], 1
    while True:
        body = api.get(f"{url}&page_size=100&page={page}").json()
        found += [course["code"] for course in body["results"]]
        if not body["next"]:
            return found
        page += 1


def fits(section: dict, *, days: set[str] | None = None, starts_after: str = "", campus: str = "") -> bool:
    """The documented section filters, applied to a section as the API shows it."""
    if not section["schedulable"] or section["status"] == "cancelled":
        return False
    if campus and section["campus"].lower() != campus.lower():
        return False
    for meeting in section["meetings"]:
        if meeting["kind"] != "weekly" or meeting["start"] is None:
            continue
        if days is not None and not set(meeting["days"]) <= days:
            return False
        if starts_after and meeting["start"] < starts_after:
            return False
    return True


def oracle(api, term: str, subject: str, **section_filters) -> set[str]:
    expected = set()
    for code in all_codes(api, f"{term}courses/?subject={subject}"):
        course = api.get(f"{term}courses/{subject}/{code.split()[1]}/").json()
        offered = [c for c in course["components"] if c["sections"]]
        if all(any(fits(s, **section_filters) for s in c["sections"]) for c in offered):
            expected.add(code)
    return expected


def test_searching_a_course_code_on_georgia_tech_finds_that_course(api):
    for query in ("CS 2110", "cs2110", "CS-2110"):
        assert codes(api.get(GT + f"courses/?q={query}")) == ["CS 2110"], query


def test_searching_an_instructor_on_georgia_tech_finds_their_courses(api):
    found = all_codes(api, GT + "courses/?instructor=conte")

    assert "CS 2110" in found
    for code in found:
        subject, number = code.split()
        course = api.get(f"{GT}courses/{subject}/{number}/").json()
        names = [n for c in course["components"] for s in c["sections"] for n in s["instructors"]]
        assert any("conte" in n.lower() for n in names), code


def test_title_words_search_uva_courses(api):
    found = codes(api.get(UVA + "courses/?q=data structures&subject=CS"))

    assert "CS 2100" in found


@pytest.mark.parametrize(
    ("term", "query", "first"),
    [
        (UVA, "PHYS", "PHYS"),  # a subject before courses of instructors named Physick and the like
        (UVA, "french", ("FREN", "FRTR")),  # title words ("French ...") before Brent French's BME courses
        (GT, "CS", "CS"),  # before courses taught by Marcus or Mcsorley
        (GT, "PHYS", "PHYS"),  # before APPH 1050, ARCH 6242...
    ],
)
def test_by_relevance_a_word_search_lists_its_subject_then_titles_then_instructors(api, term, query, first):
    # when
    by_code = all_codes(api, f"{term}courses/?q={query}")
    by_relevance = all_codes(api, f"{term}courses/?q={query}&ordering=relevance")
    # then: the same courses; by code the first page was other subjects' (an instructor's name
    # or a title word matched), by relevance it is the subject's or the title's
    assert sorted(by_relevance) == sorted(by_code)
    firsts = first if isinstance(first, tuple) else (first,)
    assert not all(code.split()[0] in firsts for code in by_code[:8])
    assert all(code.split()[0] in firsts for code in by_relevance[:8]), by_relevance[:8]


def test_the_days_and_campus_filters_agree_with_the_oracle_on_georgia_tech(api):
    # given
    expected = oracle(api, GT, "CS", days={"Tu", "Th"}, campus="Georgia Tech-Atlanta")
    # when
    found = all_codes(api, GT + "courses/?subject=CS&days=Tu&days=Th&campus=Georgia Tech-Atlanta")
    # then
    assert 10 < len(expected) < len(all_codes(api, GT + "courses/?subject=CS"))
    assert set(found) == expected


def test_the_start_time_filter_agrees_with_the_oracle_on_uva(api):
    expected = oracle(api, UVA, "CS", starts_after="12:00")

    found = all_codes(api, UVA + "courses/?subject=CS&starts_after=12:00")

    assert 0 < len(expected) < len(all_codes(api, UVA + "courses/?subject=CS"))
    assert set(found) == expected


def test_query_counts_stay_fixed_on_the_largest_catalog(api, django_assert_num_queries):
    with django_assert_num_queries(4):
        page = api.get(GT + "courses/?page_size=100&q=a&days=Mo&days=We&open_seats=true")
    with django_assert_num_queries(5):
        biggest = api.get(GT + "courses/ME/4699/")  # 220 sections

    assert len(page.json()["results"]) == 100
    assert sum(len(c["sections"]) for c in biggest.json()["components"]) == 220


@pytest.mark.parametrize(
    ("term", "query", "wanted"),
    [
        (UVA, "psychology", "PSYC 1010"),  # Introductory Psychology, before EDHS 8690 Practicum in ...
        (GT, "physics", "PHYS 2211"),  # before ARCH 6242, EAS 2750, MP 6011...
    ],
)
def test_by_relevance_the_course_a_student_means_is_among_the_planners_first_eight(api, term, query, wanted):
    # when: the planner's type-ahead search
    first_eight = codes(api.get(f"{term}courses/?q={query}&ordering=relevance&page_size=8"))
    # then
    assert wanted in first_eight, first_eight


def test_a_crn_finds_its_section_s_course(api):
    # when: the CRN of a section a student is registered in (ranked: test_course_search.py)
    found = codes(api.get(f"{GT}courses/?q=85531&ordering=relevance&page_size=8"))
    # then
    assert found == ["MATH 1551"], found


def test_by_relevance_a_courses_whole_number_comes_before_titles_naming_it(api):
    # when
    found = codes(api.get(f"{GT}courses/?q=1331&ordering=relevance&page_size=8"))
    # then: CS 1331 before CS 1331R, titled "CS 1331 Recitation"
    assert found[:2] == ["CS 1331", "CS 1331R"], found


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("Hott, Robbie", "CS 2130"),  # an instructor as the registrar lists them, "Last, First"
        ("CS1110 intro", "CS 1110"),  # a code with no space, and a title word
        ("spanish 2020", "SPAN 2020"),  # shaped like a code, but "spanish" is no subject: SPAN starts it
        ("stats 2120", "STAT 2120"),
        ("calculus 2", "MATH 1320"),  # "Calculus II"
    ],
)
def test_what_students_type_finds_the_course_they_mean_on_uva(api, query, wanted):
    # when
    found = all_codes(api, f"{UVA}courses/?q={query}&ordering=relevance")
    # then
    assert wanted in found, found


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("data structures", "CS 1332"),  # "Data Struct & Algorithms"
        ("computer organization", "CS 2110"),  # "Computer Organiz&Program"
        ("intro to object oriented programming", "CS 1331"),  # "Intro-Object Orient Prog"
        ("statistics and applications", "ISYE 3770"),  # "Statistics& Applications"
        ("introduction database systems", "CS 4400"),  # "Intr to Database Systems"
        ("psych", "PSYC 1101"),
        ("physics 1", "PHYS 2211"),  # "Intro Physics I"
        ("design and analysis of algorithms", "CS 3510"),  # "Dsgn&Analysis-Algorithms"
        ("supply chain logistics", "ISYE 3103"),  # "Sply Chain Mod:Logistics"
    ],
)
def test_georgia_tech_s_abbreviated_titles_are_found_by_the_words_they_abbreviate(api, query, wanted):
    # when: the planner's type-ahead search
    first_eight = codes(api.get(f"{GT}courses/?q={query}&ordering=relevance&page_size=8"))
    # then
    assert wanted in first_eight, first_eight


@pytest.mark.parametrize(
    ("term", "query", "expected"),
    [
        (GT, "CS 1331, MATH 1554; PSYC 1101", ["CS 1331", "MATH 1554", "PSYC 1101"]),
        (UVA, "CS 2100 CS 2120 APMA 3080 ZZZZ 1000", ["APMA 3080", "CS 2100", "CS 2120"]),
    ],
)
def test_a_pasted_list_of_codes_finds_exactly_those_courses(api, term, query, expected):
    # when
    found = all_codes(api, f"{term}courses/?q={query}&ordering=relevance")
    # then: not CS 1331R beside CS 1331, as the code alone would
    assert found == expected


@pytest.mark.parametrize(("term", "surname"), [(UVA, "lawrence"), (UVA, "phillips"), (GT, "russell")])
def test_a_surname_starting_with_a_subject_lists_that_instructors_courses_first(api, term, surname):
    # when: LAW, PHIL and RUSS start these names
    first_eight = codes(api.get(f"{term}courses/?q={surname}&ordering=relevance&page_size=8"))
    # then
    assert first_eight
    for code in first_eight:
        subject, number = code.split()
        course = api.get(f"{term}courses/{subject}/{number}/").json()
        names = [n for c in course["components"] for s in c["sections"] for n in s["instructors"]]
        assert any(surname in n.lower() for n in names), (code, first_eight)
