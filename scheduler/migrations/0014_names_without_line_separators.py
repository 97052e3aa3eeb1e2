import re

from django.db import migrations

BATCH = 1000
# a run of Unicode's line and paragraph separators (U+2028, U+2029; `saved_schedules.CONTROL`
# refuses them since this migration) with the spaces around it; 0013 took the control characters
SEPARATOR = re.compile(r"[\s\u2028\u2029]*[\u2028\u2029][\s\u2028\u2029]*")


def names_without_line_separators(apps, schema_editor):
    """Names saved before line and paragraph separators were refused lose them as 0013's lost
    control characters: each run, with the spaces around it, becomes one space, and a name of
    nothing else becomes "Untitled schedule"."""
    SavedSchedule = apps.get_model("scheduler", "SavedSchedule")
    rows = SavedSchedule._base_manager.filter(name__regex="[\u2028\u2029]").only("pk", "name")
    while batch := list(rows.order_by("pk")[:BATCH]):
        for row in batch:
            row.name = SEPARATOR.sub(" ", row.name).strip() or "Untitled schedule"
        SavedSchedule._base_manager.bulk_update(batch, ["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("scheduler", "0013_names_without_control_characters"),
    ]

    # going back keeps the names as they are now: the release before reads them as any name
    operations = [migrations.RunPython(names_without_line_separators, migrations.RunPython.noop)]
