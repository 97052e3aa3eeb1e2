"""What the admin refuses on a field, and what it saves with a warning (docs/operations.md, "What
the admin refuses and warns about"), through the admin's own pages as a superuser."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from catalog import services
from catalog.models import Course, Section, Term
from tests.catalog.test_catalog_admin import change_form_data, section_add_data
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


@pytest.fixture
def term() -> Term:
    """The demo catalog, imported."""
    services.catalog_import_file(data=DEMO_CATALOG.read_bytes(), name="demo.json", format="canonical")
    return Term.objects.get(code="2026-fall")


def edit(client, obj, **changes):
    """The admin's change page of `obj` posted back with `changes`: the response and its forms'
    errors by field (the main form's, then each inline row's)."""
    url = reverse(f"admin:catalog_{obj._meta.model_name}_change", args=[obj.pk])
    response = client.post(url, {**change_form_data(client.get(url)), **changes})
    return response, errors_of(response)


def errors_of(response) -> dict[str, list[str]]:
    if response.status_code != 200:
        return {}
    errors = {field: list(messages) for field, messages in response.context["adminform"].form.errors.items()}
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            for field, messages in form.errors.items():
                errors[f"{form.prefix}-{field}"] = list(messages)
    return errors


def shown_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def meeting_row(section: Section, kind: str) -> str:
    """The form prefix of the section's first meeting of `kind` on its change page."""
    ids = list(section.meetings.order_by("position", "pk").values_list("kind", flat=True))
    return f"meetings-{ids.index(kind)}"


def chem_lecture() -> Section:
    return Section.objects.get(component__course__subject="CHEM", component__kind="LEC", code="100")


def test_a_negative_credits_max_is_refused_on_its_field(staff_client, term):
    # given
    course = Course.objects.get(term=term, subject="ARTS", number="2050")
    # when
    response, errors = edit(staff_client, course, credits_min="", credits_max="-3")
    # then
    assert response.status_code == 200
    assert errors == {"credits_max": ["Expected a number of credits of 0 or more (to 999.99); found -3."]}
    course.refresh_from_db()
    assert course.credits_max == Decimal("3")


def test_the_database_refuses_a_negative_credits_max_written_around_the_admin(term):
    # given
    course = Course.objects.get(term=term, subject="ARTS", number="2050")
    # when / then
    with pytest.raises(IntegrityError, match="course_credits_max_not_negative"), transaction.atomic():
        Course.objects.filter(pk=course.pk).update(credits_min=None, credits_max=-3)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"credits_min": "4", "credits_max": "3"}, "credits_max", "Credits max must be at least credits min (4)."),
        (
            {"credits_min": "-1"},
            "credits_min",
            "Expected a number of credits of 0 or more (to 999.99); found -1.",
        ),
    ],
)
def test_credits_the_database_would_refuse_are_refused_on_the_field_not_with_a_constraints_name(
    staff_client, term, changes, field, message
):
    # given
    course = Course.objects.get(term=term, subject="CS", number="1110")
    # when
    response, errors = edit(staff_client, course, **changes)
    # then
    assert errors == {field: [message]}
    assert "is violated" not in response.content.decode()
    course.refresh_from_db()
    assert (course.credits_min, course.credits_max) == (Decimal("3"), Decimal("3"))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"first_date": "2026-12-20", "last_date": "2026-12-01"},
            "last_date",
            "The last date must be on or after the first date (2026-12-20).",
        ),
        (
            {"first_date": "0999-01-01"},
            "first_date",
            "A date from 1990 to 2200: 0999-01-01 is a year no term can have.",
        ),
        ({"last_date": "3000-01-01"}, "last_date", "A date from 1990 to 2200: 3000-01-01 is a year no term can have."),
    ],
)
def test_meeting_dates_the_database_would_refuse_are_refused_on_their_field(
    staff_client, term, changes, field, message
):
    # given
    section = chem_lecture()
    row = meeting_row(section, "weekly")
    before = list(section.meetings.values_list("first_date", "last_date"))
    # when
    response, errors = edit(staff_client, section, **{f"{row}-{name}": value for name, value in changes.items()})
    # then
    assert errors == {f"{row}-{field}": [message]}
    assert "is violated" not in response.content.decode()
    assert list(section.meetings.values_list("first_date", "last_date")) == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"first_day": "2026-12-20", "last_day": "2026-08-01"},
            "last_day",
            "The last day must be on or after the first day (2026-12-20).",
        ),
        ({"first_day": "1800-01-01"}, "first_day", "A date from 1990 to 2200: 1800-01-01 is a year no term can have."),
    ],
)
def test_term_days_the_database_would_refuse_are_refused_on_their_field(staff_client, term, changes, field, message):
    # when
    response, errors = edit(staff_client, term, **changes)
    # then
    assert errors == {field: [message]}
    assert "is violated" not in response.content.decode()
    term.refresh_from_db()
    assert (term.first_day, term.last_day) == (datetime.date(2026, 8, 24), datetime.date(2026, 12, 11))


def test_an_exam_listed_on_another_weekday_than_its_date_is_refused_on_its_days(staff_client, term):
    # given: the lecture's exam on Thursday 2026-09-24
    section = chem_lecture()
    row = meeting_row(section, "exam")
    # when: set to Monday
    response, errors = edit(staff_client, section, **{f"{row}-days": ["0"]})
    # then: in the import's words, and the exam still on Thursday
    assert errors == {
        f"{row}-days": [
            "A meeting listed on Monday is dated 2026-09-24 (Thursday), so it is held on that Thursday; "
            "check its days and dates."
        ]
    }
    assert section.meetings.get(kind="exam", first_date="2026-09-24").days == 1 << 3


def test_an_exam_spanning_months_is_refused_on_its_last_date(staff_client, term):
    # given
    section = chem_lecture()
    row = meeting_row(section, "exam")
    # when
    response, errors = edit(
        staff_client, section, **{f"{row}-first_date": "2026-09-01", f"{row}-last_date": "2026-12-01"}
    )
    # then
    assert errors == {
        f"{row}-last_date": [
            "An exam takes place on one date: its last date must be its first date (2026-09-01); "
            "a meeting held every week is a weekly class."
        ]
    }
    assert not section.meetings.filter(kind="exam", last_date="2026-12-01").exists()


def test_a_meeting_made_untimed_that_keeps_its_days_is_refused_on_its_days(staff_client, term):
    # given
    section = chem_lecture()
    row = meeting_row(section, "weekly")
    # when
    response, errors = edit(staff_client, section, **{f"{row}-start_time": "", f"{row}-end_time": ""})
    # then
    assert errors == {
        f"{row}-days": ["A meeting with no set time has no days: untick them, or give its start and end times."]
    }
    assert not section.meetings.filter(start_time__isnull=True).exists()


def test_a_weekly_meeting_dated_outside_the_terms_days_is_saved_with_a_warning(staff_client, term):
    # given
    section = chem_lecture()
    row = meeting_row(section, "weekly")
    # when
    response, errors = edit(
        staff_client, section, **{f"{row}-first_date": "2027-02-01", f"{row}-last_date": "2027-03-01"}
    )
    # then
    assert response.status_code == 302
    page = staff_client.get(response["Location"])
    assert any(
        "is dated 2027-02-01 to 2027-03-01, outside the term's days (2026-08-24 to 2026-12-11)" in m
        for m in shown_messages(page)
    )
    assert section.meetings.filter(first_date="2027-02-01").exists()


def test_a_lecture_added_that_no_discussion_can_go_with_is_saved_with_a_warning(staff_client, term):
    # given: every CHEM 1410 discussion is taken with lecture 100 or 200; CS 1110's labs have no parents
    chem, cs = chem_lecture().component, Section.objects.get(registrar_id="40001").component
    # when
    stranded = staff_client.post(
        reverse("admin:catalog_section_add"),
        section_add_data(term=term.pk, component=chem.pk, registrar_id="49300", code="300"),
        follow=True,
    )
    paired = staff_client.post(
        reverse("admin:catalog_section_add"),
        section_add_data(term=term.pk, component=cs.pk, registrar_id="49001", code="009"),
        follow=True,
    )
    # then
    assert [m for m in shown_messages(stranded) if "no schedule can use it" in m] == [
        "CHEM 1410 Lecture 300 (49300): no section of its course's Discussion can go with it (each is linked with "
        "another Lecture section), so no schedule can use it; link it with one of them (a section's parent), or "
        "check their links."
    ]
    assert not [m for m in shown_messages(paired) if "no schedule can use it" in m]
    assert Section.objects.filter(registrar_id__in=["49300", "49001"]).count() == 2


def test_a_discussion_added_with_no_parent_beside_lectures_with_their_own_is_saved_with_a_warning(staff_client, term):
    # given: CHEM 1410's lectures 100 and 200 each have discussions of their own
    discussions = Section.objects.get(registrar_id="40012").component
    # when
    response = staff_client.post(
        reverse("admin:catalog_section_add"),
        section_add_data(term=term.pk, component=discussions.pk, registrar_id="49109", code="109"),
        follow=True,
    )
    # then
    assert [m for m in shown_messages(response) if "no schedule can use it" in m] == [
        "CHEM 1410 Discussion 109 (49109): no section of its course's Lecture can go with it (each is linked with "
        "another Discussion section), so no schedule can use it; link it with one of them (a section's parent), or "
        "check their links."
    ]


def test_two_section_rows_of_a_component_page_given_one_code_are_refused(staff_client, term):
    # given: CS 1110's labs 101 and 102 on their component's page
    labs = Section.objects.get(registrar_id="40004").component
    url = reverse("admin:catalog_component_change", args=[labs.pk])
    data = change_form_data(staff_client.get(url))
    rows = [key.removesuffix("-registrar_id") for key, value in data.items() if value in ("40004", "40005")]
    # when: both given code 199, which no section has yet
    response = staff_client.post(url, {**data, **{f"{row}-code": "199" for row in rows}})
    # then
    errors = errors_of(response)
    assert list(errors) == [f"{rows[1]}-code"]
    assert "already given to section 40004 on this page" in errors[f"{rows[1]}-code"][0]
    assert not Section.objects.filter(component=labs, code="199").exists()


@pytest.mark.parametrize(("subject", "number"), [("cs", "1110"), ("CS", "1110"), ("Cs", "1110")])
def test_a_course_added_with_the_code_of_another_in_any_case_is_refused_on_its_subject(
    staff_client, term, subject, number
):
    # when
    response = staff_client.post(
        reverse("admin:catalog_course_add"),
        {
            "term": term.pk,
            "subject": subject,
            "number": number,
            "title": "Again",
            "description": "",
            "components-TOTAL_FORMS": 0,
            "components-INITIAL_FORMS": 0,
        },
    )
    # then
    errors = errors_of(response)
    assert list(errors) == ["subject"]
    assert errors["subject"][0].startswith("CS 1110 is already a course of demo Fall 2026")
    assert Course.objects.filter(term=term, subject__iexact="cs", number="1110").count() == 1


def test_a_course_added_with_a_code_in_lower_case_is_kept_in_capitals(staff_client, term):
    # when: typed `cs 9999a`
    fields = {"term": term.pk, "subject": "cs", "number": "9999a", "title": "Seminar", "description": ""}
    staff_client.post(
        reverse("admin:catalog_course_add"), {**fields, "components-TOTAL_FORMS": 0, "components-INITIAL_FORMS": 0}
    )
    # then: as the importers keep codes, and generation requests name courses
    assert list(Course.objects.filter(term=term, title="Seminar").values_list("subject", "number")) == [("CS", "9999A")]


@pytest.mark.parametrize(("kind", "code"), [("LEC", "100"), ("DIS", "100"), ("LEC", "101"), ("DIS", "a1")])
def test_a_section_added_with_a_code_its_course_already_has_is_refused_on_its_code(staff_client, term, kind, code):
    # given: CHEM 1410 has lecture 100, discussion 101, and here discussion A1 (its 102 renamed)
    Section.objects.filter(registrar_id="40013").update(code="A1")
    component = Section.objects.filter(component__course__subject="CHEM", component__kind=kind).first().component
    # when
    response = staff_client.post(
        reverse("admin:catalog_section_add"),
        section_add_data(term=term.pk, component=component.pk, registrar_id="49300", code=code),
    )
    # then
    errors = errors_of(response)
    assert list(errors) == ["code"]
    assert "A section's code is unique in its course" in errors["code"][0]
    assert not Section.objects.filter(registrar_id="49300").exists()


@pytest.mark.parametrize(("stored", "added"), [("ÉCON", "écon"), ("écon", "ÉCON"), ("STRASSE", "straße")])
def test_a_course_added_with_a_non_ascii_code_of_another_in_another_case_is_refused_on_every_backend(
    staff_client, term, stored, added
):
    # given: a course whose subject has a letter outside ASCII (SQLite's LIKE folded only ASCII letters)
    Course.objects.create(term=term, subject=stored, number="100", title="Economics")
    # when
    response = staff_client.post(
        reverse("admin:catalog_course_add"),
        {
            "term": term.pk,
            "subject": added,
            "number": "100",
            "title": "Again",
            "description": "",
            "components-TOTAL_FORMS": 0,
            "components-INITIAL_FORMS": 0,
        },
    )
    # then: refused as the importers refuse it (they compare codes upper-cased)
    errors = errors_of(response)
    assert list(errors) == ["subject"]
    assert errors["subject"][0].startswith(f"{stored} 100 is already a course of demo Fall 2026")
    assert not Course.objects.filter(term=term, subject=added).exists()


def test_a_section_added_with_a_non_ascii_code_of_another_in_another_case_is_refused_on_every_backend(
    staff_client, term
):
    # given: CHEM 1410's discussion 102 renamed É2
    Section.objects.filter(registrar_id="40013").update(code="É2")
    component = Section.objects.get(registrar_id="40013").component
    # when
    response = staff_client.post(
        reverse("admin:catalog_section_add"),
        section_add_data(term=term.pk, component=component.pk, registrar_id="49300", code="é2"),
    )
    # then
    errors = errors_of(response)
    assert list(errors) == ["code"]
    assert "CHEM 1410 already has a section É2" in errors["code"][0]
    assert not Section.objects.filter(registrar_id="49300").exists()


def test_a_withdrawn_sections_code_may_be_given_to_a_new_section_but_not_a_current_ones(staff_client, term):
    # given: lab 101 of CS 1110 withdrawn, its lab 102 current
    Section.objects.filter(registrar_id="40004").update(withdrawn_at=datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC))
    lab = Section.objects.get(registrar_id="40004").component
    # when
    reused = staff_client.post(
        reverse("admin:catalog_section_add"),
        section_add_data(term=term.pk, component=lab.pk, registrar_id="49101", code="101"),
    )
    taken = staff_client.post(
        reverse("admin:catalog_section_add"),
        section_add_data(term=term.pk, component=lab.pk, registrar_id="49102", code="102"),
    )
    # then
    assert reused.status_code == 302
    assert list(errors_of(taken)) == ["code"]
    assert sorted(
        Section.objects.filter(component=lab, code__in=["101", "102"]).values_list("registrar_id", flat=True)
    ) == [
        "40004",
        "40005",
        "49101",
    ]


def test_more_enrolled_than_the_capacity_is_saved_with_a_warning(staff_client, term):
    # given
    section = Section.objects.get(registrar_id="40012")
    # when
    response, errors = edit(staff_client, section, enrolled="999", capacity="10")
    # then
    assert response.status_code == 302
    warnings = shown_messages(staff_client.get(response["Location"]))
    assert (
        "CHEM 1410 Discussion 101 (40012): 999 enrolled, over its capacity of 10, so it shows no open seat; "
        "check the seat counts." in warnings
    )
    section.refresh_from_db()
    assert (section.enrolled, section.capacity) == (999, 10)


@pytest.mark.parametrize("field", ["capacity", "enrolled", "waitlist"])
def test_a_seat_count_over_what_the_database_stores_is_refused_on_its_field(staff_client, term, field):
    # given
    section = Section.objects.get(registrar_id="40012")
    # when
    response, errors = edit(staff_client, section, **{field: "99999999999"})
    # then
    assert errors == {field: ["A count over 2,147,483,647, the most the catalog stores."]}
    section.refresh_from_db()
    assert (section.capacity, section.enrolled) == (30, 20)


def test_ten_thousand_instructor_lines_are_refused_on_the_field(staff_client, term):
    # given
    section = Section.objects.get(registrar_id="40012")
    before = section.instructors
    # when
    response, errors = edit(staff_client, section, instructors="\n".join(f"P{i}" for i in range(10_000)))
    # then
    assert errors == {"instructors": ["Expected at most 100 instructors, one per line; found 10,000."]}
    section.refresh_from_db()
    assert section.instructors == before


def test_an_instructors_name_longer_than_the_catalog_format_allows_is_refused(staff_client, term):
    # given
    section = Section.objects.get(registrar_id="40012")
    # when
    response, errors = edit(staff_client, section, instructors="Ann Lee\n" + "x" * 201)
    # then
    assert list(errors) == ["instructors"]
    assert "at most 200 characters" in errors["instructors"][0]


def test_an_imported_section_with_what_an_import_only_warns_about_can_still_be_cancelled(staff_client, term):
    # given: as an import can store them: CS 1110's lab 101 coded 001 like lecture 001, and the CHEM
    # lecture's exam listed on Monday but dated Thursday 2026-09-24
    from catalog.models import Meeting

    lab = Section.objects.get(registrar_id="40004")
    Section.objects.filter(pk=lab.pk).update(code="001")
    lecture = chem_lecture()
    Meeting.objects.filter(section=lecture, kind="exam").update(days=1)
    # when: staff cancel both, changing nothing else
    lab_saved, lab_errors = edit(staff_client, lab, status="cancelled")
    lecture_saved, lecture_errors = edit(staff_client, lecture, status="cancelled")
    # then
    assert (lab_errors, lecture_errors) == ({}, {})
    assert lab_saved.status_code == lecture_saved.status_code == 302
    assert set(Section.objects.filter(pk__in=[lab.pk, lecture.pk]).values_list("status", flat=True)) == {"cancelled"}


def test_changing_an_imported_exams_day_to_another_that_is_not_its_dates_is_still_refused(staff_client, term):
    # given: the exam listed on Monday but dated Thursday, as an import can store it
    from catalog.models import Meeting

    lecture = chem_lecture()
    Meeting.objects.filter(section=lecture, kind="exam").update(days=1)
    row = meeting_row(lecture, "exam")
    # when: staff set it to Tuesday, still not Thursday
    response, errors = edit(staff_client, lecture, **{f"{row}-days": ["1"]})
    # then
    assert response.status_code == 200
    assert "so it is held on that Thursday" in errors[f"{row}-days"][0]
