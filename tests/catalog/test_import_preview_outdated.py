"""A dry run made on the command line (`import_catalog --dry-run`) is kept to be applied in the
admin. Once the same file was applied (on the command line or from another dry run) the dry run
is used up: applying it is refused, saying which run applied it. Once the term's catalog changed
otherwise (another file, an admin edit), or once it is over a week old, it is not applied: its
page asks to check again, running the same file's dry run on the catalog as it is now."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog import services
from catalog.models import ImportRun, Section
from tests.catalog.test_catalog_admin import change_form_data
from tests.catalog.test_import_preview_changed import demo_with_capacities
from tests.catalog.test_import_service import catalog_checksum
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


def test_a_dry_run_outdated_by_another_file_offers_to_check_again_and_its_apply_is_refused(staff_client):
    # given: a dry run of 4 changes on the command line, then another file applied there
    command_line(DEMO_CATALOG.read_bytes())
    dry_run = command_line(demo_with_capacities(7, 4), dry_run=True)
    command_line(demo_with_capacities(9, 2))
    before, sections = applies(), catalog_checksum()
    # when
    page = staff_client.get(preview_url(dry_run)).content.decode()
    refused = staff_client.post(preview_url(dry_run), {"confirm_catalog_version": "2"}, follow=True).content.decode()
    # then: no apply button, but the reason and a check again; the apply is refused, writing nothing
    assert "Apply this import" not in page and 'name="check_again"' in page
    assert "changed since this dry run (version 1 then, 2 now" in page and "Check again" in page
    assert "changed since this dry run (version 1 then, 2 now" in refused
    assert applies() == before and catalog_checksum() == sections
    assert ImportRun.objects.get(pk=dry_run.pk).content is not None


def test_a_dry_run_outdated_by_an_admin_edit_of_its_term_is_refused(staff_client):
    # given: a dry run, then a section of its term edited in the admin
    command_line(DEMO_CATALOG.read_bytes())
    dry_run = command_line(demo_with_capacities(7, 4), dry_run=True)
    change_url = reverse("admin:catalog_section_change", args=[Section.objects.order_by("pk").first().pk])
    staff_client.post(change_url, {**change_form_data(staff_client.get(change_url)), "capacity": "99"})
    before = applies()
    # when
    refused = staff_client.post(preview_url(dry_run), follow=True).content.decode()
    # then
    assert "changed since this dry run (version 1 then, 2 now" in refused
    assert applies() == before


def test_a_dry_run_older_than_a_week_is_refused_though_its_catalog_is_unchanged(staff_client):
    # given
    command_line(DEMO_CATALOG.read_bytes())
    dry_run = command_line(demo_with_capacities(7, 4), dry_run=True)
    ImportRun.objects.filter(pk=dry_run.pk).update(created_at=timezone.now() - timedelta(days=8))
    before = applies()
    # when
    page = staff_client.get(preview_url(dry_run)).content.decode()
    refused = staff_client.post(preview_url(dry_run), follow=True).content.decode()
    # then
    assert "Apply this import" not in page and "this dry run is over 7 days old" in page
    assert "this dry run is over 7 days old" in refused and applies() == before


def test_checking_again_runs_the_same_file_on_the_catalog_as_it_is_now_to_apply_that_one(staff_client):
    # given: an outdated dry run
    command_line(DEMO_CATALOG.read_bytes())
    dry_run = command_line(demo_with_capacities(7, 4), dry_run=True)
    command_line(demo_with_capacities(9, 2))
    # when
    again_url = staff_client.post(preview_url(dry_run), {"check_again": "Run the dry run again"})["Location"]
    again = ImportRun.objects.get(pk=int(again_url.split("/")[-3]))
    page = staff_client.get(again_url).content.decode()
    staff_client.post(again_url)
    # then: a dry run of the same file on version 2, applied; the outdated one let go of its file
    assert (again.status, again.sha256, again.catalog_version) == (ImportRun.Status.DRY_RUN, dry_run.sha256, 2)
    assert "Apply this import" in page
    assert ImportRun.objects.get(pk=dry_run.pk).content is None
    assert ImportRun.objects.get(preview=again).status == ImportRun.Status.APPLIED
    assert Section.objects.filter(capacity=7).count() == 4


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


def test_an_old_tabs_apply_of_a_dry_run_checked_again_is_refused_naming_the_new_one(staff_client):
    # given: an outdated dry run checked again, its page still open in another tab
    command_line(DEMO_CATALOG.read_bytes())
    dry_run = command_line(demo_with_capacities(7, 4), dry_run=True)
    command_line(demo_with_capacities(9, 2))
    again_url = staff_client.post(preview_url(dry_run), {"check_again": "Run the dry run again"})["Location"]
    again = ImportRun.objects.get(pk=int(again_url.split("/")[-3]))
    before = applies()
    # when
    refused = staff_client.post(preview_url(dry_run), {"apply": "Apply this import"}, follow=True).content.decode()
    page = staff_client.get(preview_url(dry_run)).content.decode()
    # then: no "the button below" (there is none) nor "upload the file again", but the new dry run
    assert f"file was dry-run again since, as import run {again.pk}: apply that one" in refused
    assert "the button below" not in refused and applies() == before
    assert f'href="{again_url}"' in page and 'name="check_again"' not in page and "upload the file again" not in page


def test_the_runs_list_offers_to_run_an_outdated_dry_run_again_and_to_apply_a_current_one(
    staff_client, django_assert_max_num_queries
):
    # given: a dry run outdated by another file applied, then a dry run made on the catalog as it is now
    command_line(DEMO_CATALOG.read_bytes())
    outdated = command_line(demo_with_capacities(7, 4), dry_run=True)
    command_line(demo_with_capacities(9, 2))
    current = command_line(demo_with_capacities(5, 3), dry_run=True)
    # when
    with django_assert_max_num_queries(12):  # the terms' versions are read with the runs, not per row
        listing = staff_client.get(reverse("admin:catalog_importrun_changelist")).content.decode()
    # then
    assert f'href="{preview_url(outdated)}">Run it again' in listing
    assert f'href="{preview_url(current)}">Apply it' in listing
