import re

from django.db import migrations

BATCH = 1000
# a run of `saved_schedules.CONTROL`'s characters with the spaces around it (a migration does not
# import the code it freezes)
CONTROL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]*[\x00-\x1f\x7f-\x9f][\s\x00-\x1f\x7f-\x9f]*")


def names_without_control_characters(apps, schema_editor):
    """Names saved before control characters were refused (a tab, a line break, a bell pasted in
    through the API) lose them: each run, with the spaces around it, becomes one space, as a tab or a line break reads, and a
    name of nothing else becomes "Untitled schedule". The rest of the name is kept; a calendar's
    NAME may hold none of them, and the pages show a name on one line."""
    SavedSchedule = apps.get_model("scheduler", "SavedSchedule")
    rows = SavedSchedule._base_manager.filter(name__regex=r"[\x00-\x1f\x7f-\x9f]").only("pk", "name")
    while batch := list(rows.order_by("pk")[:BATCH]):
        for row in batch:
            row.name = CONTROL.sub(" ", row.name).strip() or "Untitled schedule"
        SavedSchedule._base_manager.bulk_update(batch, ["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("scheduler", "0012_snapshots_course_backfill"),
    ]

    # going back keeps the names as they are now: the release before reads them as any name
    operations = [migrations.RunPython(names_without_control_characters, migrations.RunPython.noop)]
