from django.db import migrations
from django.db.models import F


def kept_moves_follow(apps, schema_editor):
    """Rows whose section the registrar moved to another component and whose owner kept the
    change (the snapshot names the section's course and component now) move to that component,
    as an edit would have moved them and as keeping a change now does. A row that would land in
    a component another row of its schedule holds stays where it is (its next edit chooses)."""
    SavedSchedule = apps.get_model("scheduler", "SavedSchedule")
    SavedScheduleSection = apps.get_model("scheduler", "SavedScheduleSection")
    stale = SavedScheduleSection.objects.exclude(component=F("section__component")).select_related(
        "section__component__course"
    )
    for schedule_id in sorted(set(stale.values_list("schedule_id", flat=True))):
        # the release before keeps serving while this runs: its edits and "keep it" lock the
        # schedule's row first, so this does too, and reads the rows only once it holds it
        if not list(SavedSchedule.objects.select_for_update().filter(pk=schedule_id).values_list("pk", flat=True)):
            continue
        pks = set()
        for row in stale.filter(schedule_id=schedule_id):
            now = row.section.component
            if (row.snapshot.get("course"), row.snapshot.get("component")) == (
                f"{now.course.subject} {now.course.number}",
                now.kind,
            ):
                pks.add(row.pk)
        if not pks:
            continue
        rows = SavedScheduleSection.objects.filter(schedule_id=schedule_id)
        held = dict(rows.values_list("pk", "component_id"))
        target = {pk: component for pk, component in held.items()}
        for pk, wanted in rows.filter(pk__in=pks).values_list("pk", "section__component_id"):
            target[pk] = wanted
        while True:
            by_component = {}
            for pk, component in target.items():
                by_component.setdefault(component, []).append(pk)
            clashes = [found for found in by_component.values() if len(found) > 1]
            if not clashes:
                break
            for found in clashes:
                keeper = next((pk for pk in found if held[pk] == target[pk]), min(found))
                for pk in found:
                    if pk != keeper:
                        target[pk] = held[pk]
        moving = list(rows.filter(pk__in=[pk for pk in held if target[pk] != held[pk]]))
        if not moving:
            continue
        created = {row.pk: row.created_at for row in moving}
        updated = {row.pk: row.updated_at for row in moving}
        SavedScheduleSection.objects.filter(pk__in=created).delete()
        for row in moving:
            row.component_id = target[row.pk]
        SavedScheduleSection.objects.bulk_create(moving)
        for row in moving:
            row.created_at, row.updated_at = created[row.pk], updated[row.pk]
        SavedScheduleSection.objects.bulk_update(moving, ["created_at", "updated_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("scheduler", "0010_columns_default_in_the_database"),
        ("catalog", "0014_columns_default_in_the_database"),
    ]

    # keeps every row, its snapshot and its dates; only the component it counts under moves to the
    # section's own. Going back leaves it there, as an edit of the release before would have put it
    operations = [migrations.RunPython(kept_moves_follow, migrations.RunPython.noop)]
