"""Course search and filters on the demo catalog: what each parameter means (docs/api.md)."""

import time

import pytest

from tests.catalog.api.conftest import DEMO, codes
from tests.conftest import yaml_read

pytestmark = pytest.mark.django_db


def search(api, query: str) -> list[str]:
    return codes(api.get(DEMO + "courses/?page_size=100&" + query))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=CS 1110", ["CS 1110"]),
        ("q=cs1110", ["CS 1110"]),
        ("q=CS-4", ["CS 4993"]),
        ("q=chem", ["CHEM 1410", "CHEM 1411"]),
        ("q=general physics", ["PHYS 1425"]),
        ("q=micro", ["ECON 2010"]),
        ("q=noether", ["MATH 1310"]),
        ("q=hopper", ["CS 1110", "CS 4993"]),
        ("q=chemistry laboratory", ["CHEM 1411"]),
        ("q=economics", ["ECON 2010"]),  # its subject abbreviates it (not "Microeconomics": a word's start)
        ("q=half", ["HIST 2001"]),
        ("q=half-term", ["HIST 2001"]),
        ("q=(online)", ["STS 1500"]),
        ("q=alf", []),
    ],
)
def test_search_words_match_codes_title_word_starts_and_instructors(api, demo, query, expected):
    assert search(api, query) == expected


def test_instructor_search_ignores_case_and_matches_part_of_a_name(api, demo):
    assert search(api, "instructor=BYRON") == ["CS 1110", "CS 4993"]


def test_search_folds_the_case_of_accented_letters_on_both_databases(api, demo):
    # given: a course whose title and instructor begin with accented capitals
    from catalog.models import Course, Section

    course = Course.objects.get(subject="MUSI", number="1310")
    course.title = "Études françaises"
    course.save(update_fields=["title"])
    Section.objects.filter(component__course=course).update(instructors=["Émile Zola"])
    # when / then: typed in lower case, they are found (SQLite's own LIKE folds ASCII only)
    assert search(api, "q=études") == ["MUSI 1310"]
    assert search(api, "q=ÉTUDES FRANÇAISES") == ["MUSI 1310"]
    assert search(api, "instructor=émile") == ["MUSI 1310"]
    assert search(api, "q=etudes") == []


@pytest.mark.parametrize("query", ["instructor=u00", "instructor=00c9", "q=u00c9mile", "instructor=u00e9"])
def test_an_instructor_search_never_finds_the_escapes_of_the_stored_names(api, demo, query):
    # given: an instructor whose name begins with an accented capital (SQLite's JSON text keeps
    # it as \u00c9mile)
    from catalog.models import Section

    Section.objects.filter(component__course__subject="MUSI").update(instructors=["Émile Zola"])
    # when
    found = search(api, query)
    # then: no letters of the name, so nothing found, on either database
    assert found == []
    assert search(api, "instructor=ÉMILE") == ["MUSI 1310"]


def test_a_course_is_looked_up_by_its_code_in_any_case_accented_letters_too(api, demo):
    # given: a course whose subject has an accented capital
    from catalog.models import Course

    Course.objects.filter(subject="ECON", number="2010").update(subject="ÉCON")
    # when
    answers = [api.get(DEMO + f"courses/{subject}/2010/") for subject in ("ÉCON", "écon")]
    # then
    assert [(a.status_code, a.json().get("code")) for a in answers] == [(200, "ÉCON 2010"), (200, "ÉCON 2010")]


def test_a_title_word_after_punctuation_is_a_word_start_on_both_databases(api, demo):
    # given: titles whose words follow "&", ":", "," or a dot, and one with regex characters
    from catalog.models import Course

    titles = {
        "MUSI 1310": "Quantum Info&Quant Comp",
        "ECON 2010": "Labs:Design, Practice.Theory",
        "KINE 1010": "C++ [and] $ja.va*",
    }
    for code, title in titles.items():
        subject, number = code.split()
        Course.objects.filter(subject=subject, number=number).update(title=title)
    # when / then: each word finds its course, a word's middle does not, regex characters are letters
    assert search(api, "q=quant comp") == ["MUSI 1310"]
    assert search(api, "q=design practice theory") == ["ECON 2010"]
    assert search(api, "q=uant") == []
    assert search(api, "q=c++ [and] $ja.va*") == ["KINE 1010"]
    assert search(api, "q=ja.v") == ["KINE 1010"]
    assert search(api, "q=jaxva") == []


def test_subjects_component_kinds_modality_and_campus_filter_courses(api, demo):
    assert search(api, "subject=chem&subject=cs") == ["CHEM 1410", "CHEM 1411", "CS 1110", "CS 4993"]
    assert search(api, "component=lab") == ["CHEM 1411", "CS 1110", "KINE 1010"]
    assert search(api, "modality=online") == ["STS 1500"]
    assert search(api, "campus=north grounds") == ["KINE 1010"]


def test_credit_filters_use_the_courses_credit_range(api, demo):
    assert search(api, "credits=2") == ["CS 4993"]
    assert search(api, "min_credits=4") == ["MATH 1310"]
    assert search(api, "max_credits=1") == ["CHEM 1411", "CS 4993", "KINE 1010", "MUSI 1310"]


@pytest.mark.parametrize("name", ["credits", "min_credits", "max_credits"])
def test_a_huge_credit_value_is_refused_with_one_message(api, demo, name):
    response = api.get(DEMO + f"courses/?{name}=1e400")

    assert response.status_code == 400
    assert response.json()["error"]["fields"][name] == ["Ensure this value is less than or equal to 999."]


def test_a_days_filter_keeps_courses_whose_every_component_fits_those_days(api, demo):
    # Only weekly meetings count: CHEM 1411's labs are one-off sessions, CS 4993 and STS 1500
    # have no set time, so each fits any days.
    assert search(api, "days=Tu&days=Th") == [
        "CHEM 1410",
        "CHEM 1411",
        "CS 1110",
        "CS 4993",
        "ECON 2010",
        "ENWR 1510",
        "KINE 1010",
        "MATH 1310",
        "MUSI 1310",
        "PHYS 1425",
        "STS 1500",
    ]


def test_a_course_with_one_component_that_does_not_fit_is_left_out(api, demo):
    # ECON 2010's discussions meet on Mo/We/Fr, but its only lecture meets Tu/Th
    mwf = search(api, "days=Mo&days=We&days=Fr")

    assert "MATH 1310" in mwf
    assert "ECON 2010" not in mwf


def test_start_and_end_bounds_apply_to_weekly_timed_meetings(api, demo):
    afternoon = search(api, "starts_after=12:00&ends_before=17:00")

    assert {"CS 1110", "MATH 1310", "HIST 2001", "ARTS 2050"} <= set(afternoon)
    assert "CHEM 1410" not in afternoon  # both lectures start before noon
    assert "MUSI 1310" not in afternoon  # 19:00-21:30


def test_section_filters_must_hold_for_one_section_at_once(api, demo):
    # SPAN 2020 meets 9:00-9:50 only in section 001, which is full
    assert "SPAN 2020" in search(api, "starts_after=09:00&ends_before=10:00")
    assert "SPAN 2020" not in search(api, "starts_after=09:00&ends_before=10:00&open_seats=true")
    # KINE 1010 has a Saturday lab (Main) and a North Grounds lab (Tuesday), not both in one
    assert "KINE 1010" in search(api, "days=Sa")
    assert "KINE 1010" in search(api, "campus=North Grounds")
    assert "KINE 1010" not in search(api, "days=Sa&campus=North Grounds")


def test_open_seats_false_is_no_filter(api, demo):
    assert search(api, "open_seats=false") == search(api, "")


def test_results_can_be_ordered_by_title_or_credits(api, demo):
    by_title = search(api, "ordering=title")
    by_credits = search(api, "ordering=-credits&subject=CS&subject=MATH")

    assert by_title[0] == "MATH 1310" and by_title[-1] == "ENWR 1510"  # Calculus I .. Writing and ...
    assert by_credits == ["MATH 1310", "CS 1110", "CS 4993"]  # ties by code


def test_relevance_puts_a_word_query_s_subject_first_and_otherwise_orders_by_code(api, demo):
    # when: "c" is the start of title words and of instructors' names, "chem" a subject too
    chem = search(api, "q=chem&ordering=relevance")
    everything = search(api, "ordering=relevance")
    code_shaped = search(api, "q=CS 1&ordering=relevance")
    # then
    assert chem == ["CHEM 1410", "CHEM 1411"]
    assert everything == search(api, "")  # no query: by code
    assert code_shaped == ["CS 1110"]


def test_a_query_of_more_than_eight_different_words_is_refused_and_repeated_words_count_once(api, demo):
    # when
    nine = api.get(DEMO + "courses/?q=" + "+".join(f"word{chr(97 + n)}" for n in range(9)))
    repeated = search(api, "q=" + "+".join(["chem", "CHEM", "Chem"] * 12))
    # then: each word is a match over the term's courses and sections, so a hundred cost seconds
    assert nine.status_code == 400
    assert nine.json()["error"]["fields"] == {"q": ["Give at most 8 different words; this has 9."]}
    assert repeated == ["CHEM 1410", "CHEM 1411"]


def test_the_list_query_count_does_not_grow_with_the_page_size(api, demo, django_assert_num_queries):
    # term, count, page, components: whatever the number of courses on the page
    with django_assert_num_queries(4):
        small = api.get(DEMO + "courses/?page_size=2&days=Tu&q=c")
    with django_assert_num_queries(4):
        large = api.get(DEMO + "courses/?page_size=100&days=Tu&q=c")

    assert len(small.json()["results"]) == 2
    assert len(large.json()["results"]) > 2


def test_the_detail_query_count_does_not_grow_with_the_course_size(api, demo, django_assert_num_queries):
    # term, course, components, sections (with parents), meetings
    with django_assert_num_queries(5):
        small = api.get(DEMO + "courses/MUSI/1310/")
    with django_assert_num_queries(5):
        large = api.get(DEMO + "courses/CHEM/1410/")
    with django_assert_num_queries(3):
        section = api.get(DEMO + "sections/40010/")

    assert sum(len(c["sections"]) for c in small.json()["components"]) == 1
    assert sum(len(c["sections"]) for c in large.json()["components"]) == 8
    assert section.status_code == 200


def test_an_empty_campus_finds_the_courses_with_sections_the_catalog_gives_no_campus(api, demo):
    # given: CS 1110 lecture 001 and lab 102 have no campus (a term's `campuses` counts them under "")
    from catalog.models import Section

    Section.objects.filter(registrar_id__in=["40001", "40005"]).update(campus="")
    # when
    blank = api.get(DEMO + "courses/?page_size=100&campus=")
    both = search(api, "campus=&campus=north grounds")
    # then
    assert blank.status_code == 200, blank.json()
    assert codes(blank) == ["CS 1110"]
    assert both == ["CS 1110", "KINE 1010"]


def test_the_schema_lets_the_campus_parameter_be_empty(api):
    # given
    schema = yaml_read(api.get("/api/v1/schema/").content)
    # when
    search = schema["paths"]["/api/v1/institutions/{institution}/terms/{term}/courses/"]["get"]
    campus = next(p for p in search["parameters"] if p["name"] == "campus")
    # then
    assert "minLength" not in campus["schema"]["items"]


@pytest.mark.parametrize(
    "query",
    ['instructor="', "instructor=]", "instructor=[", "instructor=\\", "instructor=,", 'instructor=", "', 'q="', "q=]"],
)
def test_the_punctuation_around_instructors_names_matches_no_instructor(api, demo, query):
    # given: every section lists its instructors, as JSON text in the database
    from urllib.parse import quote

    key, value = query.split("=", 1)
    # when
    found = search(api, f"{key}={quote(value)}")
    # then: no course is found by the brackets, quotes and commas around the names
    assert found == []


def test_an_instructor_search_matches_inside_one_name_never_across_two(api, demo):
    # given: CS 1110 lecture 001 taught by "Ann Smith" and "Bo Jones"; MATH 1310's by "Noether, Emmy"
    from urllib.parse import quote

    from catalog.models import Section

    Section.objects.filter(registrar_id="40001").update(instructors=["Ann Smith", "Bo Jones"])
    Section.objects.filter(component__course__subject="MATH", component__course__number="1310").update(
        instructors=["Noether, Emmy"]
    )
    # when
    across = search(api, "instructor=" + quote('Smith", "Bo'))
    inside = search(api, "instructor=" + quote("noether, em"))
    quoted = search(api, "instructor=" + quote('"Ann Smith"'))
    # then: a comma inside a name is matched; a word spanning two names is not
    assert across == []
    assert inside == ["MATH 1310"]
    assert quoted == ["CS 1110"]


def test_a_query_of_commas_alone_finds_nothing(api, demo):
    # when
    found = search(api, "q=,,")
    # then: not every course, as a query with no words would
    assert found == []


def test_relevance_lists_shorter_numbers_first_within_a_rank(api, demo, tmp_path):
    # given: courses titled "... Psychology" numbered 99, 101, 1010, 200, 2000 and 101B
    import copy
    import json

    from django.core.management import call_command

    from tests.conftest import DEMO_CATALOG

    data = json.loads(DEMO_CATALOG.read_text())
    template = data["courses"][0]
    for number in ("2000", "101B", "1010", "99", "200", "101"):
        added = copy.deepcopy(template)
        added.update(subject="PSYC", number=number, title=f"Psychology {number}")
        for component in added["components"]:
            for section in component["sections"]:
                section["id"] = f"{section['id']}-{number}"
        data["courses"].append(added)
    path = tmp_path / "psych.json"
    path.write_text(json.dumps(data))
    call_command("import_catalog", str(path), "--format", "canonical", stdout=None)
    # when
    found = search(api, "q=psychology&ordering=relevance")
    # then: by the numbers' length, then as text (not "PSYC 1010" before "PSYC 200", "PSYC 99" last)
    assert found == ["PSYC 99", "PSYC 101", "PSYC 200", "PSYC 1010", "PSYC 101B", "PSYC 2000"]


def test_ends_before_takes_midnight_at_the_days_end_as_busy_times_do(api, demo):
    # when
    midnight = api.get(DEMO + "courses/?page_size=100&ends_before=24:00")
    later = api.get(DEMO + "courses/?ends_before=24:01")
    # then: every timed course ends by then, as with no filter; past 24:00 is no time
    assert midnight.status_code == 200
    assert codes(midnight) == search(api, "")
    assert later.status_code == 400
    assert later.json()["error"]["fields"] == {
        "ends_before": ["Expected a 24-hour time HH:MM (24:00 for midnight at the day's end)."]
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=physics", ["PHYS 1425"]),  # PHYS, and the title's "Physics"
        ("q=chemistry", ["CHEM 1410", "CHEM 1411"]),
        ("q=spanish 2020", ["SPAN 2020"]),  # code-shaped, but no subject "spanish": its words
        ("q=stats", []),  # no STAT subject in the demo
        ("q=csx", []),  # a subject of two letters abbreviates nothing: CS is no start of every word
        ("q=introduction to programming", ["CS 1110"]),  # "to" left out as every title has it or not
        ("q=writing and inquiry", ["ENWR 1510"]),
        ("q=CS 1110", ["CS 1110"]),  # a known subject: the code alone, not its words
        ("q=zz 1110", []),
    ],
)
def test_words_students_type_find_subjects_they_abbreviate_and_stop_words_are_left_out(api, demo, query, expected):
    assert search(api, query) == expected


def test_a_title_abbreviating_a_word_is_found_by_the_whole_word(api, demo):
    # given: Georgia Tech's way of titling courses, short of room
    from catalog.models import Course

    Course.objects.filter(subject="CS", number="1110").update(title="Data Struct & Algorithms")
    Course.objects.filter(subject="CS", number="4993").update(title="Computer Organiz&Program")
    Course.objects.filter(subject="STS", number="1500").update(title="Sys of Sys Eng")
    # when
    structures = search(api, "q=data structures")
    organization = search(api, "q=computer organization&ordering=relevance")
    longer = search(api, "q=structural")
    # then: a title word of 4 letters or more that starts the word ("Struct" starts "structural" too)
    assert structures == ["CS 1110"]
    assert organization == ["CS 4993"]
    assert longer == ["CS 1110"]


def test_a_title_contracting_a_word_is_found_by_the_whole_word(api, demo):
    # given: Georgia Tech's contractions, letters left out of a word ("Dsgn", "Sply", "Mgt", "Sys")
    from catalog.models import Course

    Course.objects.filter(subject="CS", number="1110").update(title="Dsgn&Analysis-Algorithms")
    Course.objects.filter(subject="CS", number="4993").update(title="Sply Chain Mgt")
    Course.objects.filter(subject="STS", number="1500").update(title="Sys of Sys Eng")
    Course.objects.filter(subject="HIST", number="2001").update(title="Art and Empire")
    # when
    found = {
        query: search(api, f"q={query}")
        for query in ["design and analysis of algorithms", "supply chain management", "systems", "abstract", "desgn"]
    }
    # then: each found by the words it contracts, a misspelt one too ("Dsgn" keeps d, s, g, n of
    # "desgn" in order); "Art" (a word of three starting with a vowel, as English has many)
    # contracts nothing, though its letters are in "abstract"
    assert found == {
        "design and analysis of algorithms": ["CS 1110"],
        "supply chain management": ["CS 4993"],
        "systems": ["STS 1500"],
        "abstract": [],
        "desgn": ["CS 1110"],
    }


def test_english_plurals_and_acronyms_in_titles_contract_nothing(api, demo):
    # given: "Arts" and "Arms", English words whose letters are in other words, an acronym, and a
    # contraction of the same shape that is one ("Eqns")
    from catalog.models import Course

    Course.objects.filter(subject="CS", number="1110").update(title="Media Arts Studio")
    Course.objects.filter(subject="CS", number="4993").update(title="Arms Control")
    Course.objects.filter(subject="STS", number="1500").update(title="STS Core Seminar")
    Course.objects.filter(subject="HIST", number="2001").update(title="Diff Eqns")
    # when
    found = {query: search(api, f"q={query}") for query in ["airports", "abstracts", "students", "equations"]}
    # then
    assert found == {"airports": [], "abstracts": [], "students": [], "equations": ["HIST 2001"]}


def test_a_contraction_is_no_longer_than_the_word_nor_ranked_before_whole_words(api, demo):
    # given: one title with the word, one contracting it, one whose word has the letters out of order
    from catalog.models import Course

    Course.objects.filter(subject="CS", number="1110").update(title="Engr Ethics")
    Course.objects.filter(subject="CS", number="4993").update(title="Engineering Design")
    Course.objects.filter(subject="STS", number="1500").update(title="Ergn Ethics")
    # when
    found = search(api, "q=engineering&ordering=relevance")
    short = search(api, "q=engr")
    # then: the whole word first, though its number is higher; "Ergn" is no contraction of it; `engr`
    # finds "Engr" as the start of a word, not as a contraction of a longer one
    assert found == ["CS 4993", "CS 1110"]
    assert short == ["CS 1110"]


def test_relevance_ranks_whole_title_words_before_abbreviations(api, demo):
    # given: one title with the word, one abbreviating it
    from catalog.models import Course

    Course.objects.filter(subject="MATH", number="1310").update(title="Intr to Calculus")
    Course.objects.filter(subject="CHEM", number="1410").update(title="Introduction to Chemistry")
    # when
    found = search(api, "q=introduction&ordering=relevance")
    # then: CS 1110's and CHEM 1410's titles have the word, MATH 1310's abbreviates it: ranked
    # after them, though its number is lower than CHEM 1410's
    assert found == ["CS 1110", "CHEM 1410", "MATH 1310"]


@pytest.mark.parametrize(
    "query",
    ["CS 1110, CHEM 1411; MATH 1310", "cs1110 chem-1411 MATH 1310", " CS 1110 ,MATH 1310;CHEM 1411; "],
)
def test_a_list_of_course_codes_finds_those_courses(api, demo, query):
    # when: pasted from a degree audit
    found = search(api, f"q={query}")
    ranked = search(api, f"q={query}&ordering=relevance")
    # then: each course named, by its whole number (not CS 11.., as one code alone)
    assert found == ["CHEM 1411", "CS 1110", "MATH 1310"]
    assert ranked == found


def test_a_list_of_codes_finds_those_there_are_and_is_not_held_to_eight_words(api, demo):
    # given: nine codes, eighteen words; three of them courses of the term
    codes_given = ["CS 1110", "XX 1", "XX 2", "XX 3", "XX 4", "XX 5", "MATH 1310", "CS 1", "SPAN 2020"]
    # when
    response = api.get(DEMO + "courses/", {"q": ", ".join(codes_given)})
    # then
    assert response.status_code == 200
    assert codes(response) == ["CS 1110", "MATH 1310", "SPAN 2020"]


def test_relevance_ranks_titles_with_the_word_before_courses_of_a_subject_abbreviating_it(api, demo):
    # given: ECON 2010 "Principles of Microeconomics", and a higher course titled with the word
    from catalog.models import Course

    Course.objects.filter(subject="CS", number="4993").update(title="Economics of Software")
    # when
    found = search(api, "q=economics&ordering=relevance")
    # then: a subject can abbreviate a word it does not mean (UVA's COMM is commerce, not communication)
    assert found == ["CS 4993", "ECON 2010"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("CS 1110, MATH 1310 and CHEM 1411", ["CHEM 1411", "CS 1110", "MATH 1310"]),  # as an email lists them
        ("CS 1110 & MATH 1310", ["CS 1110", "MATH 1310"]),
        ("CS - 1110; MATH- 1310; CHEM -1411", ["CHEM 1411", "CS 1110", "MATH 1310"]),
        ("and CS 1110, MATH 1310", []),  # "and" starts no list: the words, which CS 1110 and MATH 1310 share not
        ("CS 1110 and and MATH 1310", []),
    ],
)
def test_a_list_of_codes_may_join_its_last_two_with_and(api, demo, query, expected):
    assert search(api, "q=" + query.replace("&", "%26")) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # a choice, as a degree audit or an advisor writes it: the candidates
        ("CS 1110, CHEM 1411 or MATH 1310", ["CHEM 1411", "CS 1110", "MATH 1310"]),
        ("CS 1110 OR MATH 1310", ["CS 1110", "MATH 1310"]),
        ("CS 1110 / MATH 1310", ["CS 1110", "MATH 1310"]),
        ("CS 1110/MATH 1310", ["CS 1110", "MATH 1310"]),
        ("CS 1110, CHEM 1411 and/MATH 1310", []),  # two joiners running: no list
        ("or CS 1110, MATH 1310", []),
        ("CS 1110 / MATH 1310 /", []),
    ],
)
def test_a_list_of_codes_may_offer_a_choice_with_or_or_a_slash(api, demo, query, expected):
    assert search(api, "q=" + query.replace("&", "%26")) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # each code followed by its title, as a degree audit pastes it: the titles are not looked up
        ("CS 1110 (Data Structures), MATH 1310 (Discrete Math)", ["CS 1110", "MATH 1310"]),
        ("CS 1110 (Intro; Python (3)) or MATH 1310 (Calculus I), CHEM 1411", ["CHEM 1411", "CS 1110", "MATH 1310"]),
        ("CS 1110 (Programming) MATH 1310", ["CS 1110", "MATH 1310"]),
        ("CS 1110 (Programming, MATH 1310", []),  # not closed: words, which no course has all of
        ("(Programming) CS 1110, MATH 1310", []),  # a title of no code
        ("CS 1110 (Programming) (Python), MATH 1310", []),  # two titles: no list
    ],
)
def test_a_list_of_codes_ignores_each_code_s_title_in_brackets(api, demo, query, expected):
    assert search(api, "q=" + query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("general or chemistry", ["CHEM 1410"]),  # "or" a word as any other: Dorothy Hodgkin's
        ("writing and critical", ["ENWR 1510"]),
        ("w/ drawing", []),
        ("CS 1110 or later", []),  # a code and words: no list
        ("technology (online)", ["STS 1500"]),  # a title holding brackets
    ],
)
def test_words_searches_holding_or_a_slash_or_brackets_are_no_lists(api, demo, query, expected):
    assert search(api, "q=" + query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("general 1 physics 1", ["PHYS 1425"]),  # General Physics I: no GENERAL nor PHYSICS subject
        ("calculus 1 math 1", ["MATH 1310"]),  # one subject the term's, the other no subject nor capitals
        ("calculus 1 physics 2", []),  # the words: no course is both
        ("CS 1110 MATH 1310", ["CS 1110", "MATH 1310"]),  # both the term's: a list
        ("CS 1110 ZZ 9999", ["CS 1110"]),  # in capitals: a code the term lacks
        ("ZZ 9999, XX 1", []),  # no subject of the term: the words, which no course has
    ],
)
def test_a_word_that_is_no_subject_of_the_term_lists_no_code(api, demo, query, expected):
    assert search(api, "q=" + query) == expected


def test_code_shaped_words_of_no_subject_of_the_term_are_held_to_eight_words(api, demo):
    # when: ten words shaped as five codes, none of the term's subjects
    response = api.get(DEMO + "courses/", {"q": "alpha 1 beta 2 gamma 3 delta 4 epsilon 5"})
    # then: words, each a match, so no more than eight
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"q": ["Give at most 8 different words; this has 10."]}


def test_a_long_list_ending_in_a_code_half_typed_is_read_in_one_pass():
    # given: 40 codes, then a subject whose number is not typed yet (a regular expression of
    # repeated codes took minutes on such a query: three ways to part each code's spaces)
    from catalog.selectors import code_list

    typing = ", ".join(f"CS {1000 + n}" for n in range(40)) + ", MATH"
    # when / then: no list, and the finished one is
    assert code_list(typing, subjects={"CS", "MATH"}) == []
    assert len(code_list(typing + " 1310", subjects={"CS", "MATH"})) == 41


def test_a_long_list_of_choices_and_titles_is_read_in_one_pass_even_unclosed():
    # given: 2,000 codes joined by "or" and "/", each with a title in brackets, the last bracket
    # left open (the words of a title are skipped as they come, never read again)
    from catalog.selectors import code_list

    pasted = " or ".join(f"CS {1000 + n} (Data (Structures) {n}) / MATH {n}" for n in range(2000))
    # when
    started = time.perf_counter()
    listed = code_list(pasted, subjects={"CS", "MATH"})
    refused = code_list(pasted + " or CS 1 (Data Structures", subjects={"CS", "MATH"})
    took = time.perf_counter() - started
    # then
    assert len(listed) == 4000
    assert refused == []
    assert took < 1


def test_a_surname_starting_with_a_subject_lists_that_instructors_courses_first(api, demo):
    # given: MUSI 1310 taught by Ada Chemla, whose name starts with the subject CHEM
    from catalog.models import Section

    Section.objects.filter(component__course__subject="MUSI").update(instructors=["Ada Chemla"])
    # when
    found = search(api, "q=chemla&ordering=relevance")
    # then: her course, then the CHEM courses (UVA's `lawrence` listed LAW courses before Lawrence's)
    assert found == ["MUSI 1310", "CHEM 1410", "CHEM 1411"]


def test_a_number_from_1_to_10_finds_its_roman_numeral_in_titles(api, demo):
    # given: a course numbered otherwise
    from catalog.models import Course

    Course.objects.filter(subject="CS", number="4993").update(title="Programming II")
    # when
    second = search(api, "q=programming 2")
    third = search(api, "q=programming 3")
    first = search(api, "q=programming 1&ordering=relevance")
    # then: "II" a word of its own ("Programming III" would not be the second)
    assert second == ["CS 4993"]
    assert third == []
    assert first == ["CS 1110"]  # "Introduction to Programming", numbered 1110


def test_stop_words_do_not_count_toward_the_eight_words(api, demo):
    # when: a whole title pasted, 11 words of which 7 are searched
    response = api.get(DEMO + "courses/", {"q": "From Redlined to Subprime: Race and Real Estate in the US"})
    # then
    assert response.status_code == 200
    assert codes(response) == []


def test_a_sections_registrar_id_finds_its_course_and_a_withdrawn_ones_only_when_asked(api, demo):
    # given: the CRN of a lab a student is registered in, and of a section the registrar withdrew
    from django.utils import timezone

    from catalog.models import Section

    lab = Section.objects.select_related("component__course").get(registrar_id="40005")
    withdrawn = Section.objects.select_related("component__course").exclude(component__course=lab.component.course)
    withdrawn = withdrawn.filter(registrar_id__startswith="4").first()
    Section.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    course = lab.component.course
    # when
    found = search(api, "q=40005&ordering=relevance")
    gone = search(api, f"q={withdrawn.registrar_id}")
    asked = search(api, f"q={withdrawn.registrar_id}&include_withdrawn=true")
    # then: the lab's course, ranked as its code would be; the withdrawn section's only when asked
    assert found == [f"{course.subject} {course.number}"]
    assert gone == []
    assert asked == [f"{withdrawn.component.course.subject} {withdrawn.component.course.number}"]


def test_a_registrar_id_ranks_its_course_before_courses_whose_numbers_start_with_it(api, demo):
    # given: a HIST section whose registrar id, 141, starts the numbers of CHEM 1410 and CHEM 1411
    from catalog.models import Section

    section = Section.objects.filter(component__course__subject="HIST").first()
    Section.objects.filter(pk=section.pk).update(registrar_id="141")
    # when
    found = search(api, "q=141&ordering=relevance")
    # then: the section's course first, though its number is higher
    assert found == ["HIST 2001", "CHEM 1410", "CHEM 1411"]
