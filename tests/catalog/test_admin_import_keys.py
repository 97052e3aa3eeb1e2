"""The admin refuses to change the codes an import finds a row of an imported term by: the
next import would add another row beside it and strand students' saved schedules."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from catalog.models import Component, Course, Institution, Section, Term
from tests.catalog.test_catalog_admin import change_form_data
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


def import_demo() -> None:
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=StringIO())


def post_change(client, model: str, obj, **changes):
    change = reverse(f"admin:catalog_{model}_change", args=[obj.pk])
    return client.post(change, {**change_form_data(client.get(change)), **changes})


def key_rows() -> list:
    return [
        ("institution", Institution.objects.get(), {"code": "demo-u"}),
        ("term", Term.objects.get(), {"code": "fall26"}),
        ("course", Course.objects.get(subject="CHEM", number="1410"), {"number": "1410H"}),
        ("component", Component.objects.get(course__subject="CHEM", kind="LEC"), {"kind": "LECT"}),
        ("section", Section.objects.filter(component__course__subject="CHEM").first(), {"registrar_id": "99999"}),
    ]


def test_the_codes_an_import_finds_its_rows_by_cannot_change_in_the_admin(staff_client):
    # given
    import_demo()
    # when: each code changed on its own page
    answers = [(model, post_change(staff_client, model, obj, **changes), changes) for model, obj, changes in key_rows()]
    # then: each refused on its field, saying why, and nothing saved
    for model, answer, changes in answers:
        (field,) = changes
        assert answer.status_code == 200, model
        errors = answer.context["adminform"].form.errors
        assert list(errors) == [field], (model, errors)
        assert "came from an import, which finds this" in errors[field][0]
        assert "leave students' saved schedules on this one" in errors[field][0]
    assert Term.objects.get().code == "2026-fall" and Institution.objects.get().code == "demo"
    assert Course.objects.filter(subject="CHEM", number="1410").exists()
    # and the next import finds every row: nothing added beside them
    counts = (Term.objects.count(), Course.objects.count(), Section.objects.count())
    import_demo()
    assert (Term.objects.count(), Course.objects.count(), Section.objects.count()) == counts


def test_other_fields_of_an_imported_row_and_codes_of_a_term_made_by_hand_still_change(staff_client):
    # given: the demo imported, and a term made by hand with a course
    import_demo()
    institution = Institution.objects.get()
    made = Term.objects.create(
        institution=institution, code="2027-summer", name="Summer 2027", first_day="2027-06-01", last_day="2027-08-01"
    )
    course = Course.objects.create(term=made, subject="ART", number="1000", title="Drawing")
    imported = Course.objects.get(subject="CHEM", number="1410")
    # when
    retitled = post_change(staff_client, "course", imported, title="General Chemistry I (new title)")
    renumbered = post_change(staff_client, "course", course, number="1001")
    recoded = post_change(staff_client, "term", made, code="2027-summer-a")
    # then
    assert retitled.status_code == renumbered.status_code == recoded.status_code == 302
    assert Course.objects.get(pk=imported.pk).title == "General Chemistry I (new title)"
    assert Course.objects.get(pk=course.pk).number == "1001"
    assert Term.objects.get(pk=made.pk).code == "2027-summer-a"


def test_a_component_code_changed_in_its_courses_inline_is_refused_on_the_row(staff_client):
    # given
    import_demo()
    course = Course.objects.get(subject="CHEM", number="1410")
    change = reverse("admin:catalog_course_change", args=[course.pk])
    data = change_form_data(staff_client.get(change))
    row = next(k for k, v in data.items() if k.endswith("-kind") and v == "LEC")
    # when
    answer = staff_client.post(change, {**data, row: "LECT"})
    # then
    assert answer.status_code == 200
    (formset,) = (f.formset for f in answer.context["inline_admin_formsets"] if f.formset.model is Component)
    assert any("kind" in form.errors for form in formset.forms)
    assert Component.objects.filter(course=course, kind="LEC").exists()


def page_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_add_section_page_says_a_section_the_file_does_not_list_is_withdrawn_by_the_next_import(staff_client):
    # when
    page = staff_client.get(reverse("admin:catalog_section_add"))
    # then
    assert any("withdrawn by the next import of its term" in m for m in page_messages(page))


def test_an_imported_terms_and_institutions_pages_say_which_imports_put_their_fields_back(staff_client):
    # given
    import_demo()
    # when
    term_page = staff_client.get(reverse("admin:catalog_term_change", args=[Term.objects.get().pk]))
    institution_page = staff_client.get(
        reverse("admin:catalog_institution_change", args=[Institution.objects.get().pk])
    )
    # then
    (term_note,) = page_messages(term_page)
    (institution_note,) = page_messages(institution_page)
    assert "canonical format names the term's name, days and holidays" in term_note
    assert "puts them back over an edit made here" in institution_note


def test_saving_a_section_saved_schedules_hold_says_how_many_students_are_told(staff_client):
    # given: two students hold CHEM 1410 lecture 40010
    from scheduler import saved_schedules

    import_demo()
    lecture = Section.objects.get(registrar_id="40010")
    for name in ("ana", "ben"):
        student = User.objects.create_user(name, f"{name}@example.edu", f"pw-{name}-12345")
        saved_schedules.saved_schedule_create(
            owner=student, term=Term.objects.get(), name="Mine", section_ids=[lecture.registrar_id]
        )
    change = reverse("admin:catalog_section_change", args=[lecture.pk])
    # when: its instructor changes, then only its seats
    told = staff_client.post(
        change, {**change_form_data(staff_client.get(change)), "instructors": "Rosalind Franklin"}, follow=True
    )
    seats = staff_client.post(change, {**change_form_data(staff_client.get(change)), "capacity": 3}, follow=True)
    # then
    assert any(m.startswith("2 saved schedules of 2 students hold this section") for m in page_messages(told))
    assert not any("saved schedule" in m for m in page_messages(seats))
