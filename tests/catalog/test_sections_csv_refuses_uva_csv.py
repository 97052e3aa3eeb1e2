"""A UVA course listing imported with `--format sections-csv` (the command, its dry run, the
admin's upload) is refused whole, naming uva-csv, and writes nothing: read as sections-csv it
would delete every meeting, instructor and lecture/lab link of the term."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from catalog import services
from catalog.models import ImportRun, Meeting, Section
from tests.catalog.sources.test_sections_csv_foreign_header import uva_file
from tests.catalog.test_import_service import catalog_checksum

pytestmark = pytest.mark.django_db


def import_catalog(path, *args: str) -> str:
    out = StringIO()
    call_command("import_catalog", str(path), "--institution", "uva", "--term", "2025-fall", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_the_command_refuses_a_uva_csv_file_given_as_sections_csv_and_writes_nothing(tmp_path, dry_run):
    # given: the term imported from its UVA file
    path = tmp_path / "2025_fall.csv"
    path.write_bytes(uva_file())
    import_catalog(path, "--format", "uva-csv")
    assert Meeting.objects.count() == 1
    before = catalog_checksum()
    # when
    with pytest.raises(CommandError) as refused:
        import_catalog(path, "--format", "sections-csv", *dry_run)
    # then
    assert "this looks like a UVA course listing CSV" in str(refused.value)
    assert "--format uva-csv" in str(refused.value)
    assert catalog_checksum() == before
    assert ImportRun.objects.order_by("pk").last().status == ImportRun.Status.FAILED


def test_the_admin_upload_of_a_uva_csv_file_as_sections_csv_fails_its_dry_run_naming_uva_csv(settings):
    # given
    settings.CELERY_TASK_ALWAYS_EAGER = True  # its dry run runs in the request, as in the embedded default
    services.catalog_import_file(data=uva_file(), name="2025_fall.csv", format="uva-csv", term_code="2025-fall")
    before = catalog_checksum()
    # when
    run = services.import_run_submit(
        data=uva_file(), name="2025_fall.csv", format="sections-csv", institution_code="uva", term_code="2025-fall"
    )
    # then
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED and "--format uva-csv" in run.error
    assert catalog_checksum() == before and Section.objects.count() == 1
