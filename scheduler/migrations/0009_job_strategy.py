from django.db import migrations, models

# the warning scheduler.engine puts on each schedule the exact search found after the beam found none
BEAM_FELL_BACK = "The beam search found no schedule; the exact search found this one."


def strategy_backfill(apps, schema_editor):
    """The search that answered the jobs that succeeded before it was stored: an exact request's
    was exact; a beam request's was exact when its schedules say the beam fell back, or when it
    has an explanation (the exact search looked again and proved nothing fits), else the beam."""
    GenerationJob = apps.get_model("scheduler", "GenerationJob")
    succeeded = GenerationJob.objects.filter(status="succeeded", strategy="")
    succeeded.exclude(request__strategy="beam").update(strategy="exact")
    for job in succeeded.filter(request__strategy="beam").only("pk", "results", "explanation").iterator():
        results = job.results or []
        fell_back = any(BEAM_FELL_BACK in r.get("warnings", []) for r in results)
        answered = "exact" if fell_back or (not results and job.explanation is not None) else "beam"
        GenerationJob.objects.filter(pk=job.pk).update(strategy=answered)


class Migration(migrations.Migration):
    dependencies = [
        ("scheduler", "0008_saved_schedule_notified_changes"),
    ]

    operations = [
        migrations.AddField(
            model_name="generationjob",
            name="strategy",
            field=models.CharField(
                blank=True,
                choices=[("exact", "Exact"), ("beam", "Beam")],
                help_text="The search that answered (the engine's Result.strategy): the request's, or exact when "
                "the beam found nothing and the exact search looked again; empty until it succeeds.",
                max_length=5,
            ),
        ),
        migrations.RunPython(strategy_backfill, migrations.RunPython.noop),
    ]
