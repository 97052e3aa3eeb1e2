"""A dry run made on the command line (`import_catalog --dry-run`) is kept to be applied in the
admin. Once the same file was applied (on the command line or from another dry run) the dry run
is used up: applying it is refused, saying which run applied it. Once the term's catalog changed
otherwise (another file, an admin edit) it is applied only when the admin confirms it."""

import pytest
from django.urls import reverse

from catalog import services
from catalog.models import ImportRun
from tests.catalog.test_import_preview_changed import demo_with_capacities
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_process_tasks(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


def command_line(data: bytes, *, dry_run: bool = False) -> ImportRun:
    run, _ = services.catalog_import_file(data=data, name="demo.json", format="canonical", dry_run=dry_run)
    assert run.status == (ImportRun.Status.DRY_RUN if dry_run else ImportRun.Status.APPLIED), run.error
    return run


def preview_url(run: ImportRun) -> str:
    return reverse("admin:catalog_importrun_preview", args=[run.pk])


def applies() -> int:
    return ImportRun.objects.filter(dry_run=False).count()


def test_a_command_line_dry_run_is_not_applied_again_once_its_file_was_applied(staff_client):
    # given: the demo imported; a dry run of a changed file, then that file applied, both on the command line
    command_line(DEMO_CATALOG.read_bytes())
    dry_run = command_line(demo_with_capacities(7, 4), dry_run=True)
    applied = command_line(demo_with_capacities(7, 4))
    before = applies()
    # when
    page = staff_client.get(preview_url(dry_run)).content.decode()
    answer = staff_client.post(preview_url(dry_run), follow=True).content.decode()
    # then: nothing is applied, and both pages say which run applied the file
    assert applies() == before
    assert f"import run {applied.pk}" in page
    assert "Apply this import" not in page
    assert f"import run {applied.pk}" in answer


def test_applying_a_file_uses_up_the_pending_dry_runs_of_that_same_file(staff_client):
    # given
    command_line(DEMO_CATALOG.read_bytes())
    dry_run = command_line(demo_with_capacities(7, 4), dry_run=True)
    other = command_line(demo_with_capacities(8, 4), dry_run=True)
    # when
    command_line(demo_with_capacities(7, 4))
    # then: the dry run of the applied file lets go of it; the other file's is still pending
    assert ImportRun.objects.get(pk=dry_run.pk).content is None
    assert ImportRun.objects.get(pk=other.pk).content is not None


def test_a_dry_run_outdated_by_another_file_is_applied_only_once_confirmed(staff_client):
    # given: a dry run of 4 changes on the command line, then another file applied there
    command_line(DEMO_CATALOG.read_bytes())
    dry_run = command_line(demo_with_capacities(7, 4), dry_run=True)
    command_line(demo_with_capacities(9, 2))
    before = applies()
    # when: applied without the box ticked
    page = staff_client.get(preview_url(dry_run)).content.decode()
    refused = staff_client.post(preview_url(dry_run), follow=True).content.decode()
    # then: not applied; the page asks for the confirmation of the version it shows
    assert applies() == before
    assert 'name="confirm_catalog_version" value="2"' in page
    assert "changed since this dry run (version 1 then, 2 now" in refused
    assert ImportRun.objects.get(pk=dry_run.pk).content is not None
    # when: confirmed
    staff_client.post(preview_url(dry_run), {"confirm_catalog_version": "2"})
    # then
    assert ImportRun.objects.get(preview=dry_run).status == ImportRun.Status.APPLIED


def test_a_confirmation_given_for_an_older_version_does_not_apply_a_dry_run(staff_client):
    # given: the admin confirmed version 2, but a third import came before the click
    command_line(DEMO_CATALOG.read_bytes())
    dry_run = command_line(demo_with_capacities(7, 4), dry_run=True)
    command_line(demo_with_capacities(9, 2))
    command_line(demo_with_capacities(9, 3))
    before = applies()
    # when
    answer = staff_client.post(preview_url(dry_run), {"confirm_catalog_version": "2"}, follow=True).content.decode()
    # then
    assert applies() == before
    assert "version 1 then, 3 now" in answer


def test_a_dry_run_that_kept_its_file_after_the_file_was_applied_is_refused_and_lets_it_go(staff_client):
    # given: a dry run made before applying a file let go of its dry runs' files (it kept its own)
    command_line(DEMO_CATALOG.read_bytes())
    data = demo_with_capacities(7, 4)
    dry_run = command_line(data, dry_run=True)
    applied = command_line(data)
    ImportRun.objects.filter(pk=dry_run.pk).update(content=data)
    before = applies()
    # when
    answer = staff_client.post(preview_url(dry_run), follow=True).content.decode()
    # then
    assert applies() == before
    assert f"import run {applied.pk}" in answer
    assert ImportRun.objects.get(pk=dry_run.pk).content is None
