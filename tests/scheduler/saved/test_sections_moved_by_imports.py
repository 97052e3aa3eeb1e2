"""A saved section a re-import moves to another component or course: keeping the change
("Keep it as it is now") moves the saved row with it, as an edit does, so later edits and
imports find the schedule's rows where the catalog has their sections."""

import importlib

import pytest
from django.apps import apps

from catalog.models import Section
from scheduler.models import GenerationJob, SavedScheduleSection
from tests.scheduler.saved.conftest import SECTIONS, move_section, move_to_course, save, section_of

pytestmark = pytest.mark.django_db

backfill = importlib.import_module("scheduler.migrations.0012_snapshots_course_backfill").snapshots_course_backfill
follow = importlib.import_module("scheduler.migrations.0011_kept_moves_follow").kept_moves_follow


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def rows_follow_their_sections() -> bool:
    rows = SavedScheduleSection.objects.select_related("section")
    return all(row.component_id == row.section.component_id for row in rows)


def math_lecture_002_becomes_a_seminar(data: dict) -> None:
    move_section(data, "40024", "SEM", "Seminar")


def moved_to_course(data: dict, registrar_id: str, course: str) -> None:
    """The registrar lists the section under another course, with a code no section of it has."""
    section_of(data, registrar_id)["code"] = "9" + registrar_id[-2:]
    move_to_course(data, registrar_id, course)


def test_keeping_a_section_moved_to_another_component_moves_its_saved_row_too(ada_api, reimport):
    # given: MATH 1310 lecture 002 is saved, then listed as a seminar
    url = save(ada_api).json()["url"]
    reimport(math_lecture_002_becomes_a_seminar)
    saved_at = SavedScheduleSection.objects.get(section__registrar_id="40024").created_at
    # when: the student keeps it as it is now
    kept = ada_api.post(url + "acknowledge/")
    # then: the row keeps when it was saved
    assert (kept.status_code, kept.json()["changes"]) == (200, [])
    assert rows_follow_their_sections()
    assert SavedScheduleSection.objects.get(section__registrar_id="40024").created_at == saved_at


def test_an_edit_after_a_kept_move_and_a_second_move_into_the_left_component_is_saved(ada_api, reimport):
    # given: MATH 1310 lecture 002 becomes a seminar and is kept; then CS 1110 lecture 001,
    # saved in the same schedule, is listed as a MATH 1310 lecture, the component 002 left
    url = save(ada_api).json()["url"]
    reimport(math_lecture_002_becomes_a_seminar)
    ada_api.post(url + "acknowledge/")

    def and_cs_lecture_001_moves_to_math(data: dict) -> None:
        math_lecture_002_becomes_a_seminar(data)
        moved_to_course(data, "40001", "MATH 1310")

    reimport(and_cs_lecture_001_moves_to_math)
    # when: the student renames and saves the same sections
    edited = ada_api.patch(url, {"sections": SECTIONS}, format="json")
    # then: saved (the row kept as MATH 1310 LEC tripped the one-per-component constraint: a 500)
    assert edited.status_code == 200, edited.content
    assert sorted(s["id"] for s in edited.json()["sections"]) == sorted(SECTIONS)
    assert rows_follow_their_sections()


def test_an_edit_after_two_saved_sections_traded_components_is_saved(ada_api, reimport):
    # given: one import lists CS 1110 lecture 001 as a MATH 1310 lecture and MATH 1310 lecture
    # 002 as a CS 1110 lecture, so each saved row holds the component the other section is in now
    url = save(ada_api, sections=["40001", "40024"]).json()["url"]

    def trade(data: dict) -> None:
        moved_to_course(data, "40001", "MATH 1310")
        moved_to_course(data, "40024", "CS 1110")

    reimport(trade)
    # when
    edited = ada_api.patch(url, {"sections": ["40001", "40024"]}, format="json")
    # then: both rows moved at once (one UPDATE moving them in turn met the constraint halfway: a 500)
    assert edited.status_code == 200, edited.content
    assert rows_follow_their_sections()


def test_keeping_two_saved_sections_the_registrar_put_in_one_component_keeps_both(ada_api, reimport):
    # given: CS 1110 lecture 001 is listed as a MATH 1310 lecture, beside the saved MATH 1310 lecture 002
    url = save(ada_api).json()["url"]
    reimport(lambda data: moved_to_course(data, "40001", "MATH 1310"))
    # when
    kept = ada_api.post(url + "acknowledge/")
    edited = ada_api.patch(url, {"sections": SECTIONS}, format="json")
    # then: both stay (one row per component cannot follow both); an edit must choose one of them
    assert (kept.status_code, kept.json()["changes"]) == (200, [])
    assert sorted(s["id"] for s in kept.json()["sections"]) == sorted(SECTIONS)
    assert edited.status_code == 400
    assert "40001 and 40024 are both MATH 1310 LEC" in edited.json()["error"]["fields"]["sections"][0]


@pytest.mark.django_db(transaction=True)  # the job runs on commit, as in production
def test_a_replan_of_two_kept_sections_the_registrar_put_in_one_component_chooses_between_them(ada_api, reimport):
    # given: CS 1110 lecture 001 is listed as a MATH 1310 lecture beside the saved MATH 1310
    # lecture 002, and the student kept it, so an edit of the sections must choose one
    url = save(ada_api).json()["url"]
    reimport(lambda data: moved_to_course(data, "40001", "MATH 1310"))
    ada_api.post(url + "acknowledge/")
    # when
    replanned = ada_api.post(url + "replan/")
    # then: neither is pinned (both fit nothing), the rest is, and the job finds schedules
    job = GenerationJob.objects.get(pk=replanned.json()["id"])
    assert replanned.status_code == 202
    assert "40001" not in job.request["pinned"] and "40024" not in job.request["pinned"]
    assert {"40005", "40010", "40012"} <= set(job.request["pinned"])
    finished = ada_api.get(replanned.json()["url"]).json()
    assert finished["status"] == "succeeded" and finished["results"]


def older_snapshots(**snapshot) -> None:
    """Every saved row's snapshot as an older release wrote it: without the section's course."""
    for row in SavedScheduleSection.objects.all():
        row.snapshot = {k: v for k, v in row.snapshot.items() if k not in ("course", "component")} | snapshot
        row.save(update_fields=["snapshot"])


def course_changes(api, url) -> list[tuple[str, str, str]]:
    return sorted(
        (c["section"], c["before"], c["after"]) for c in api.get(url).json()["changes"] if c["field"] == "course"
    )


def test_a_section_moved_to_another_course_since_an_older_snapshot_is_told_once_migrated(ada_api, reimport):
    # given: a schedule saved before snapshots remembered the course; the registrar then lists
    # CHEM 1410 lecture 100 under MATH 1310
    url = save(ada_api, name="chemistry", sections=["40010", "40012"]).json()["url"]
    older_snapshots()
    reimport(lambda data: move_to_course(data, "40010", "MATH 1310"))
    # when
    backfill(apps, None)
    # then: the move is told; the discussion, not moved, is no change
    assert course_changes(ada_api, url) == [("40010", "CHEM 1410 LEC", "MATH 1310 LEC")]


def test_older_snapshots_of_sections_not_moved_are_no_change_once_migrated(ada_api, reimport):
    # given: the registrar moved a section the schedule does not hold (MATH 1310 lecture 001)
    url = save(ada_api).json()["url"]
    older_snapshots()
    reimport(lambda data: moved_to_course(data, "40023", "CS 1110"))
    assert Section.objects.get(registrar_id="40023").component.course.code == "CS 1110"
    # when
    backfill(apps, None)
    # then
    assert ada_api.get(url).json()["changes"] == []
    assert all("course" in row.snapshot for row in SavedScheduleSection.objects.all())


def test_a_snapshot_naming_course_and_component_in_one_field_is_read_again_once_migrated(ada_api, reimport):
    # given: a snapshot of the form one release wrote for a few minutes, "course": "CHEM 1410 LEC"
    url = save(ada_api, name="chemistry", sections=["40010", "40012"]).json()["url"]
    older_snapshots(course="CHEM 1410 LEC")
    reimport(lambda data: move_to_course(data, "40010", "MATH 1310"))
    # when
    backfill(apps, None)
    # then: read as the others (before, the read failed on the missing component: a 500)
    assert course_changes(ada_api, url) == [("40010", "CHEM 1410 LEC", "MATH 1310 LEC")]


def test_rows_of_moves_kept_before_keeping_moved_them_follow_their_sections_once_migrated(ada_api, reimport):
    # given: MATH 1310 lecture 002 became a seminar and was kept while keeping left its row as a
    # lecture; CS 1110 lab 102 became a discussion, not yet kept
    url = save(ada_api).json()["url"]
    reimport(math_lecture_002_becomes_a_seminar)
    ada_api.post(url + "acknowledge/")
    math_lecture = Section.objects.get(registrar_id="40023").component_id
    SavedScheduleSection.objects.filter(section__registrar_id="40024").update(component=math_lecture)

    def and_lab_102_becomes_a_discussion(data: dict) -> None:
        math_lecture_002_becomes_a_seminar(data)
        move_section(data, "40005", "DIS", "Discussion")

    reimport(and_lab_102_becomes_a_discussion)
    lab_row = SavedScheduleSection.objects.get(section__registrar_id="40005")
    before = SavedScheduleSection.objects.get(section__registrar_id="40024")
    # when
    follow(apps, None)
    # then: the kept one follows, keeping its snapshot and when it was saved; the other waits for
    # its keep or edit, and the change is still told
    row = SavedScheduleSection.objects.get(section__registrar_id="40024")
    assert row.component_id == Section.objects.get(registrar_id="40024").component_id
    assert (row.pk, row.snapshot, row.created_at, row.updated_at) == (
        before.pk,
        before.snapshot,
        before.created_at,
        before.updated_at,
    )
    assert SavedScheduleSection.objects.get(pk=lab_row.pk).component_id == lab_row.component_id
    assert [(c["section"], c["field"]) for c in ada_api.get(url).json()["changes"]] == [("40005", "course")]


def test_the_backfill_leaves_a_snapshot_an_edit_wrote_while_it_ran(ada_api, monkeypatch):
    # given: older snapshots, and a "keep it" of the release before writing one while the
    # backfill waits for its schedule's lock
    save(ada_api)
    older_snapshots()
    kept = SavedScheduleSection.objects.order_by("pk").first()
    migration = importlib.import_module("scheduler.migrations.0012_snapshots_course_backfill")
    lock = migration.schedules_lock

    def edited_meanwhile(model, ids):
        SavedScheduleSection.objects.filter(pk=kept.pk).update(
            snapshot={**kept.snapshot, "course": "CS 1110", "component": "LAB", "kept": True}
        )
        lock(model, ids)

    monkeypatch.setattr(migration, "schedules_lock", edited_meanwhile)
    # when
    backfill(apps, None)
    # then: the edit's snapshot stands; every other row backfilled
    assert SavedScheduleSection.objects.get(pk=kept.pk).snapshot.get("kept") is True
    assert all("component" in row.snapshot for row in SavedScheduleSection.objects.all())
