"""The admin keeps a section that saved schedules hold in its component and course: moved, a
schedule would hold two sections of one component, or none of another (docs/operations.md,
"Importing catalogs"). An import moves it instead, and saved schedules follow."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from catalog.models import Component, Course, Section, Term
from scheduler import saved_schedules
from scheduler.models import SavedScheduleSection
from tests.catalog.test_catalog_admin import change_form_data, imported_demo, in_process_tasks

__all__ = ["in_process_tasks"]  # a fixture

pytestmark = pytest.mark.django_db


def held_by_a_student(*registrar_ids: str):
    """A saved schedule of a student holding these sections of the demo's term."""
    student = User.objects.create_user("ana", "ana@example.edu", "pw-ana-12345")
    return saved_schedules.saved_schedule_create(
        owner=student, term=Term.objects.get(), name="Mine", section_ids=list(registrar_ids)
    )


def test_a_section_a_saved_schedule_holds_cannot_move_to_another_component(staff_client):
    # given: a student holds CS 1110 lecture 001 and lab 101
    imported_demo(staff_client)
    schedule = held_by_a_student("40001", "40004")
    lab = Section.objects.get(registrar_id="40004")
    lectures = Component.objects.get(course__subject="CS", course__number="1110", kind="LEC")
    change = reverse("admin:catalog_section_change", args=[lab.pk])
    version = Term.objects.get().catalog_version
    # when: the lab is moved to the lectures, with a capacity changed too
    response = staff_client.post(
        change, {**change_form_data(staff_client.get(change)), "component": lectures.pk, "capacity": 7}
    )
    # then: refused on the component, saying why and what to do; nothing written
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["component"]
    assert errors["component"][0].startswith(
        "1 saved schedule of 1 student hold this section (CS 1110 Laboratory 101): in another component they "
        "would hold two sections of one component, or none of CS 1110 Laboratory."
    )
    assert "import it (saved schedules follow the move" in errors["component"][0]
    stored = Section.objects.get(pk=lab.pk)
    assert (stored.component_id, stored.capacity) == (lab.component_id, lab.capacity)
    assert Term.objects.get().catalog_version == version
    held = SavedScheduleSection.objects.filter(schedule=schedule)
    assert sorted(held.values_list("section__component__kind", flat=True)) == ["LAB", "LEC"]


def test_a_section_in_a_binned_saved_schedule_cannot_move_to_another_course_either(staff_client):
    # given: the schedule is in its owner's bin, from where it may be restored
    imported_demo(staff_client)
    schedule = held_by_a_student("40001", "40004")
    saved_schedules.saved_schedule_delete(schedule=schedule)
    lab = Section.objects.get(registrar_id="40004")
    math_discussions = Component.objects.get(course__subject="MATH", course__number="1310", kind="DIS")
    change = reverse("admin:catalog_section_change", args=[lab.pk])
    # when
    response = staff_client.post(
        change, {**change_form_data(staff_client.get(change)), "component": math_discussions.pk}
    )
    # then
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["component"]
    assert Section.objects.get(pk=lab.pk).component_id == lab.component_id


def test_a_section_no_saved_schedule_holds_still_moves_to_another_component(staff_client):
    # given: a student holds another lab, not this one
    imported_demo(staff_client)
    held_by_a_student("40001", "40005")
    lab = Section.objects.get(registrar_id="40004")
    math_discussions = Component.objects.get(course__subject="MATH", course__number="1310", kind="DIS")
    change = reverse("admin:catalog_section_change", args=[lab.pk])
    # when: with a code MATH 1310 has not given (its discussion 101 has the lab's)
    response = staff_client.post(
        change, {**change_form_data(staff_client.get(change)), "component": math_discussions.pk, "code": "901"}
    )
    # then
    assert response.status_code == 302
    assert Section.objects.get(pk=lab.pk).component == math_discussions


def test_a_held_section_edited_without_moving_it_is_saved(staff_client):
    # given
    imported_demo(staff_client)
    held_by_a_student("40001", "40004")
    lab = Section.objects.get(registrar_id="40004")
    change = reverse("admin:catalog_section_change", args=[lab.pk])
    # when
    response = staff_client.post(change, {**change_form_data(staff_client.get(change)), "capacity": 7})
    # then
    assert response.status_code == 302
    assert Section.objects.get(pk=lab.pk).capacity == 7


def test_a_component_whose_sections_saved_schedules_hold_cannot_move_to_another_course(staff_client):
    # given: MATH 1310's discussions are taken with any lecture (no links hold them back)
    imported_demo(staff_client)
    held_by_a_student("40023", "40026")
    component = Component.objects.get(course__subject="MATH", course__number="1310", kind="DIS")
    chem_1411 = Course.objects.get(subject="CHEM", number="1411")
    change = reverse("admin:catalog_component_change", args=[component.pk])
    # when
    response = staff_client.post(change, {**change_form_data(staff_client.get(change)), "course": chem_1411.pk})
    # then
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["course"]
    assert errors["course"][0].startswith(
        "1 saved schedule of 1 student hold sections of MATH 1310 Discussion: in another course they would hold a "
        "section of it without its other components, and none of MATH 1310 Discussion."
    )
    assert Component.objects.get(pk=component.pk).course.number == "1310"
