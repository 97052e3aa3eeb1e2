from django.db import migrations

BATCH = 1000


def snapshots_course_backfill(apps, schema_editor):
    """Give every snapshot saved before the course was remembered (no `component` in it) the course
    and component of its row: the section's when it was saved (or last edited, when an edit moved
    the row after the registrar moved the section). None of these snapshots was ever compared on
    its course, so a section the registrar moved since is told now, once, as a `course` change;
    one not moved is no change. Snapshots of the short-lived form `"course": "CS 1110 LEC"` (no
    `component`) are written anew the same way."""
    SavedScheduleSection = apps.get_model("scheduler", "SavedScheduleSection")
    rows = SavedScheduleSection.objects.exclude(snapshot__has_key="component").select_related("component__course")
    while batch := list(rows.order_by("pk")[:BATCH]):
        for row in batch:
            course = row.component.course
            row.snapshot = {**row.snapshot, "course": f"{course.subject} {course.number}", "component": row.component.kind}
        SavedScheduleSection.objects.bulk_update(batch, ["snapshot"])


class Migration(migrations.Migration):
    dependencies = [
        ("scheduler", "0011_kept_moves_follow"),
    ]

    # only adds to each snapshot (its course and component) and keeps every row: going back leaves
    # them so, and the release before reads a snapshot with a course as one it wrote itself
    operations = [migrations.RunPython(snapshots_course_backfill, migrations.RunPython.noop)]
