from django.db import migrations, transaction

BATCH = 1000


def snapshots_course_backfill(apps, schema_editor):
    """Give every snapshot saved before the course was remembered (no `component` in it) the course
    and component of its row: the section's when it was saved (or last edited, when an edit moved
    the row after the registrar moved the section). None of these snapshots was ever compared on
    its course, so a section the registrar moved since is told now, once, as a `course` change;
    one not moved is no change. Snapshots of the short-lived form `"course": "CS 1110 LEC"` (no
    `component`) are written anew the same way.

    The release before keeps serving while this runs, and its edits and "keep it" write snapshots
    with the schedule's row locked: each batch locks its schedules' rows first, reads its rows
    only then (one an edit wrote meanwhile has its `component` and is left alone), and commits on
    its own, so no lock is held longer than a batch (until 2026-12-07 the batch was read before
    any lock, and an edit made meanwhile was written over with the snapshot read)."""
    SavedSchedule = apps.get_model("scheduler", "SavedSchedule")
    SavedScheduleSection = apps.get_model("scheduler", "SavedScheduleSection")
    rows = SavedScheduleSection.objects.exclude(snapshot__has_key="component")
    after = 0
    while ids := list(rows.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            schedules = rows.filter(pk__in=ids).values_list("schedule_id", flat=True)
            schedules_lock(SavedSchedule, sorted(set(schedules)))
            batch = list(rows.filter(pk__in=ids).select_related("component__course"))
            for row in batch:
                course = row.component.course
                row.snapshot = {
                    **row.snapshot,
                    "course": f"{course.subject} {course.number}",
                    "component": row.component.kind,
                }
            SavedScheduleSection.objects.bulk_update(batch, ["snapshot"])
        after = ids[-1]


def schedules_lock(model, ids: list[int]) -> None:
    """Lock these schedules' rows, in order, until the batch's transaction ends."""
    list(model.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


class Migration(migrations.Migration):
    # each batch its own transaction (see snapshots_course_backfill)
    atomic = False

    dependencies = [
        ("scheduler", "0011_kept_moves_follow"),
    ]

    # only adds to each snapshot (its course and component) and keeps every row: going back leaves
    # them so, and the release before reads a snapshot with a course as one it wrote itself
    operations = [migrations.RunPython(snapshots_course_backfill, migrations.RunPython.noop)]
