"""Without a beat (the embedded default), cron runs `release_import_previews`: dry runs not
applied within a week let go of their file, as the daily task does (docs/operations.md)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog import services
from catalog.models import ImportRun

pytestmark = pytest.mark.django_db


def dry_run(*, days_ago: float, status: str = ImportRun.Status.DRY_RUN) -> ImportRun:
    row = ImportRun.objects.create(
        source_name="demo.json", format="canonical", sha256="0" * 64, status=status, dry_run=True, content=b"{}"
    )
    ImportRun.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(days=days_ago), report={"kept": 1})
    return row


def test_the_command_releases_dry_runs_older_than_a_week_and_says_how_many():
    # given: two dry runs made eight days ago, one yesterday
    old = [dry_run(days_ago=8), dry_run(days_ago=8)]
    recent = dry_run(days_ago=1)
    out = StringIO()
    # when: cron runs it twice
    call_command("release_import_previews", stdout=out)
    call_command("release_import_previews", stdout=out)
    # then: the old ones' files go, their reports stay, and the second run finds nothing left
    assert out.getvalue().splitlines() == ["Released the files of 2 dry runs.", "Released the files of 0 dry runs."]
    for row in old:
        row.refresh_from_db()
        assert row.content is None and row.report == {"kept": 1} and row.status == ImportRun.Status.DRY_RUN
    recent.refresh_from_db()
    assert recent.content == b"{}"


def test_a_released_dry_run_asks_for_its_file_again_when_applied():
    # given
    old = dry_run(days_ago=8)
    out = StringIO()
    # when
    call_command("release_import_previews", stdout=out)
    # then
    assert out.getvalue().strip() == "Released the file of 1 dry run."
    old.refresh_from_db()
    with pytest.raises(services.CatalogImportError, match="or has expired .* upload the file again"):
        services.import_run_apply_submit(run=old)
