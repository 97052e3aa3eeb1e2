# A unique UUID per saved schedule: added empty, filled row by row (a default would give every
# existing row the same value), then made unique and required.

import uuid

from django.db import migrations, models


def fill_uids(apps, schema_editor):
    # the historical model's `objects` is a plain manager: every row, in the bin or not
    SavedSchedule = apps.get_model("scheduler", "SavedSchedule")
    rows = list(SavedSchedule.objects.filter(uid__isnull=True).only("pk"))
    for row in rows:
        row.uid = uuid.uuid4()
    SavedSchedule.objects.bulk_update(rows, ["uid"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("scheduler", "0004_saved_schedule_bin"),
    ]

    operations = [
        migrations.AddField(
            model_name="savedschedule",
            name="uid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_uids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="savedschedule",
            name="uid",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="The schedule's identity in calendars (its events' UIDs): stable, unguessable, a copy's its own.",
                unique=True,
            ),
        ),
    ]
