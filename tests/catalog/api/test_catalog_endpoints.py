"""The catalog read endpoints on the demo catalog: shapes, links, withdrawn and quarantined sections."""

from dataclasses import replace

import pytest

from catalog import services
from catalog.sources import canonical
from tests.catalog.api.conftest import DEMO, codes
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


def reimport(edit) -> None:
    """Import the demo catalog again with `edit(records)` applied."""
    services.catalog_import(records=edit(canonical.parse(DEMO_CATALOG)), format="canonical")


def without_section(records, registrar_id):
    courses = tuple(
        replace(c, sections=tuple(s for s in c.sections if s.registrar_id != registrar_id)) for c in records.courses
    )
    return replace(records, courses=courses, sections_seen=records.sections_seen - 1)


def with_section(records, registrar_id, **changes):
    courses = tuple(
        replace(c, sections=tuple(replace(s, **changes) if s.registrar_id == registrar_id else s for s in c.sections))
        for c in records.courses
    )
    return replace(records, courses=courses)


def test_institutions_are_listed_with_their_terms_and_links(api, demo):
    response = api.get("/api/v1/institutions/")

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 1
    demo_university = body["results"][0]
    assert (demo_university["code"], demo_university["timezone"]) == ("demo", "America/New_York")
    assert demo_university["terms"][0]["code"] == "2026-fall"
    assert api.get(demo_university["terms"][0]["courses_url"]).json()["count"] == 14


def test_terms_can_be_listed_for_one_institution_and_read_one_by_one(api, demo):
    everyone = api.get("/api/v1/terms/").json()
    nobody = api.get("/api/v1/terms/?institution=elsewhere")
    term = api.get(DEMO).json()

    assert [t["code"] for t in everyone["results"]] == ["2026-fall"]
    assert nobody.status_code == 400 and "institution" in nobody.json()["error"]["fields"]
    assert term["name"] == "Fall 2026"
    assert term["holidays"][0] == "2026-09-07"
    assert term["catalog_version"] == 1


def test_a_course_lists_its_components_sections_and_meetings(api, demo):
    response = api.get(DEMO + "courses/CHEM/1410/")

    course = response.json()
    assert response.status_code == 200
    assert (course["code"], course["credits_min"], course["term"]["code"]) == ("CHEM 1410", 3.0, "2026-fall")
    lectures = next(c for c in course["components"] if c["kind"] == "LEC")
    lecture = lectures["sections"][0]
    assert [s["code"] for s in lectures["sections"]] == ["100", "200"]
    assert lecture["meetings"][0] == {
        "kind": "weekly",
        "days": ["Mo", "We", "Fr"],
        "start": "10:00",
        "end": "10:50",
        "first_date": "2026-08-24",
        "last_date": "2026-12-11",
        "location": "Chemistry Bldg 402",
    }
    assert [m["kind"] for m in lecture["meetings"]] == ["weekly", "exam", "exam"]
    assert (lecture["open_seats"], lecture["schedulable"]) == (50, True)
    discussion = next(c for c in course["components"] if c["kind"] == "DIS")["sections"][0]
    assert discussion["parent"] == "40010"


def test_course_paths_ignore_the_case_of_subject_and_number(api, demo):
    assert api.get(DEMO + "courses/chem/1410/").json()["code"] == "CHEM 1410"


def test_a_section_is_read_by_its_registrar_id_with_its_course(api, demo):
    section = api.get(DEMO + "sections/40012/").json()

    assert (section["code"], section["component"], section["component_name"]) == ("101", "DIS", "Discussion")
    assert section["course"]["code"] == "CHEM 1410"
    assert api.get(section["course"]["url"]).status_code == 200
    assert section["url"].endswith(DEMO + "sections/40012/")


def test_many_sections_are_read_by_their_registrar_ids_in_one_request(api, demo):
    # given: two lectures, a discussion, an id of no section and one twice
    url = DEMO + "sections/?id=40012&id=40010&id=nope&id=40001&id=40010"
    # when
    body = api.get(url).json()
    # then: each section found once, in id order, as the section endpoint shows it; the unknown id absent
    assert [s["registrar_id"] for s in body["results"]] == ["40001", "40010", "40012"]
    assert body["results"][2] == api.get(DEMO + "sections/40012/").json()
    assert body["count"] == 3 and body["next"] is None


def test_the_section_list_without_ids_pages_through_every_section_of_the_term(api, demo):
    # given
    from catalog.models import Section

    total = Section.objects.count()
    # when
    first = api.get(DEMO + "sections/?page_size=5").json()
    everything = api.get(DEMO + "sections/").json()
    # then
    assert first["count"] == total and len(first["results"]) == 5 and first["next"]
    ids = [s["registrar_id"] for s in everything["results"]]
    assert len(ids) == min(total, 100) and ids == sorted(ids)


def test_the_section_list_reads_withdrawn_sections_and_its_queries_do_not_grow_with_the_ids(
    api, demo, settings, django_assert_num_queries
):
    # given: lecture 200 of CHEM 1410 withdrawn; the term re-read on every request
    settings.CLASSTIME_API_TERM_SECONDS = 0
    settings.CLASSTIME_API_CACHE_SECONDS = 0
    reimport(lambda r: without_section(r, "40011"))
    # when: the term, the count, the sections with their courses and parents, their meetings
    with django_assert_num_queries(4):
        many = api.get(DEMO + "sections/?" + "&".join(f"id={40000 + i}" for i in range(1, 50))).json()
    # then
    assert len(many["results"]) > 10
    withdrawn = next(s for s in many["results"] if s["registrar_id"] == "40011")
    assert withdrawn["withdrawn_at"] is not None and withdrawn["schedulable"] is False


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("id=", "expected a registrar id of 1 to 40 characters"),
        ("id=" + "9" * 41, "expected a registrar id of 1 to 40 characters"),
        ("&".join(["id=1"] * 101), "At most 100 ids, not 101."),
    ],
)
def test_a_bad_id_in_the_section_list_is_a_400_naming_it(api, demo, query, message):
    response = api.get(DEMO + "sections/?" + query)

    assert response.status_code == 400
    assert message in response.json()["error"]["fields"]["id"][0]


def test_the_course_list_summarises_sections_per_component(api, demo):
    course = api.get(DEMO + "courses/?q=CS 1110").json()["results"][0]

    assert course["components"] == [
        {"kind": "LAB", "name": "Laboratory", "sections": 6, "schedulable_sections": 6, "open_sections": 5},
        {"kind": "LEC", "name": "Lecture", "sections": 3, "schedulable_sections": 3, "open_sections": 2},
    ]


def test_the_course_list_and_campus_counts_leave_out_cancelled_and_quarantined_sections(api, demo):
    # given: an open CS 1110 lecture cancelled and an open lab quarantined by admin edits, and a
    # lecture moved to North Grounds, so both campus counts would move
    from catalog import selectors, services
    from catalog.models import Section, Term

    term = Term.objects.get()
    before = selectors.term_campuses(terms=[term])[term.pk]
    Section.objects.filter(registrar_id="40001").update(status="cancelled", campus="North Grounds")
    Section.objects.filter(registrar_id="40005").update(quarantine_reason="no meeting days")
    services.term_catalog_edited(term_id=term.pk)
    # when
    course = api.get(DEMO + "courses/?q=CS 1110").json()["results"][0]
    campuses = api.get(DEMO).json()["campuses"]
    # then: listed still, but neither a section a schedule can take nor an open one
    assert course["components"] == [
        {"kind": "LAB", "name": "Laboratory", "sections": 6, "schedulable_sections": 5, "open_sections": 4},
        {"kind": "LEC", "name": "Lecture", "sections": 3, "schedulable_sections": 2, "open_sections": 1},
    ]
    assert before[0] == {"name": "Main", "sections": 56}
    assert campuses == [
        {"name": "Main", "sections": 54},
        {"name": "North Grounds", "sections": 1},
        {"name": "Online", "sections": 1},
    ]


def test_withdrawn_sections_are_hidden_unless_asked_for_and_still_readable(api, demo):
    # given: a re-import no longer lists CHEM 1410 lecture 200, nor MUSI 1310's only section
    reimport(lambda r: without_section(without_section(r, "40011"), "40042"))
    # when
    course = api.get(DEMO + "courses/CHEM/1410/").json()
    everything = api.get(DEMO + "courses/CHEM/1410/?include_withdrawn=true").json()
    section = api.get(DEMO + "sections/40011/").json()
    # then
    lectures = lambda c: [s["code"] for s in next(x for x in c["components"] if x["kind"] == "LEC")["sections"]]
    assert lectures(course) == ["100"]
    assert lectures(everything) == ["100", "200"]
    assert section["withdrawn_at"] is not None and section["schedulable"] is False
    assert "MUSI 1310" not in codes(api.get(DEMO + "courses/?page_size=100"))
    assert "MUSI 1310" in codes(api.get(DEMO + "courses/?page_size=100&include_withdrawn=true"))


def test_quarantined_sections_are_listed_as_not_schedulable_and_never_match_section_filters(api, demo):
    # given
    reimport(lambda r: with_section(r, "40042", quarantine="placeholder meeting 00:00-00:00"))
    # when
    section = api.get(DEMO + "sections/40042/").json()
    listed = codes(api.get(DEMO + "courses/?page_size=100"))
    on_tuesdays = codes(api.get(DEMO + "courses/?page_size=100&days=Tu"))
    # then
    assert (section["schedulable"], section["quarantine_reason"]) == (False, "placeholder meeting 00:00-00:00")
    assert "MUSI 1310" in listed
    assert "MUSI 1310" not in on_tuesdays


def test_unknown_institutions_terms_courses_and_sections_are_404_in_the_error_shape(api, demo):
    for url in (
        "/api/v1/institutions/nowhere/",
        "/api/v1/institutions/demo/terms/1999-fall/",
        "/api/v1/institutions/nowhere/terms/2026-fall/courses/",
        DEMO + "courses/CS/9999/",
        DEMO + "sections/00000/",
    ):
        response = api.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found", url


def test_catalog_reads_need_no_sign_in_and_other_methods_are_refused(api, demo):
    read = api.get(DEMO + "courses/")
    write = api.post(DEMO + "courses/", {}, format="json")

    assert read.status_code == 200
    assert write.status_code == 405
    assert write.json()["error"]["code"] == "method_not_allowed"


def test_ids_joined_by_commas_are_a_400_saying_how_to_repeat_them(api, demo):
    # when
    response = api.get(DEMO + "sections/?id=40010,40012")
    # then
    assert response.status_code == 400
    message = response.json()["error"]["fields"]["id"][0]
    assert "'40010,40012' names no section" in message and "(id=40010&id=40012)" in message
    # and so are many, longer together than any id
    many = api.get(DEMO + "sections/?id=" + ",".join(str(40001 + i) for i in range(9))).json()
    assert "(id=40001&id=40002&id=40003&…), not comma-joined" in many["error"]["fields"]["id"][0]


def test_each_list_s_page_example_in_the_schema_shows_its_own_url(api):
    # when
    schema = api.get("/api/v1/schema/?format=json").json()
    # then: the list of sections pages through sections, the course search through courses...
    pages = {
        name: (body["properties"]["next"]["example"], body["properties"]["previous"]["example"])
        for name, body in schema["components"]["schemas"].items()
        if name.startswith("Paginated")
    }
    demo = "https://classtime.example.edu/api/v1/institutions/demo/terms/2026-fall/"
    assert pages["PaginatedSectionDetailList"] == (demo + "sections/?page=3", demo + "sections/?page=1")
    assert pages["PaginatedCourseListList"][0] == demo + "courses/?page=3"
    assert pages["PaginatedInstitutionList"][0] == "https://classtime.example.edu/api/v1/institutions/?page=3"
    assert len(pages) >= 8 and all("{" not in url for pair in pages.values() for url in pair)


def test_a_terms_campuses_are_counted_once_per_catalog_version(demo, django_assert_num_queries):
    # given: the campuses counted once
    from catalog import selectors, services
    from catalog.models import Section, Term

    term = Term.objects.get()
    first = selectors.term_campuses(terms=[term])[term.pk]
    # when: asked again, then after an admin edit moves a section to a new campus
    with django_assert_num_queries(0):
        again = selectors.term_campuses(terms=[term])[term.pk]
    Section.objects.filter(registrar_id="40001").update(campus="Online")
    services.term_catalog_edited(term_id=term.pk)
    edited = selectors.term_campuses(terms=[Term.objects.get()])[term.pk]
    # then
    assert again == first
    assert first == [
        {"name": "Main", "sections": 56},
        {"name": "North Grounds", "sections": 1},
        {"name": "Online", "sections": 1},
    ]
    assert edited == [
        {"name": "Main", "sections": 55},
        {"name": "Online", "sections": 2},
        {"name": "North Grounds", "sections": 1},
    ]


def test_a_term_lists_its_campuses_most_sections_first_without_withdrawn_sections(api, demo):
    # given: the North Grounds section withdrawn, and a Main one moved to Online
    reimport(lambda r: with_section(without_section(r, "40058"), "40001", campus="Online"))
    # when
    term = api.get(DEMO).json()
    listed = api.get("/api/v1/terms/").json()["results"][0]
    # then
    assert term["campuses"] == [{"name": "Main", "sections": 55}, {"name": "Online", "sections": 2}]
    assert "campuses" not in listed


def test_a_cancelled_section_is_listed_as_not_schedulable(api, demo):
    # given: the registrar cancelled CS 1110 lecture 001
    from catalog.models import Section

    Section.objects.filter(registrar_id="40001").update(status="cancelled")
    # when
    section = api.get(DEMO + "sections/40001/").json()
    other = api.get(DEMO + "sections/40002/").json()
    # then
    assert section["status"] == "cancelled" and section["schedulable"] is False
    assert other["schedulable"] is True
