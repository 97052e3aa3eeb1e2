"""An import a guard refused (a mass withdrawal, a mass untiming, until allowed) is logged as
refused, not failed: the importer did its work and nothing was written. The import runs list
shows and filters it as such, and its pages say why and how to allow it."""

import pytest
from django.core.management import CommandError
from django.urls import reverse

from catalog.models import ImportRun
from tests.catalog.test_import_guard_untimed import import_catalog, uva_file

pytestmark = pytest.mark.django_db


def refused_on_the_command_line(tmp_path) -> ImportRun:
    """The run of a re-import of 30 timed sections whose days column is renamed (so not read)."""
    import_catalog(tmp_path, uva_file())
    with pytest.raises(CommandError):
        import_catalog(tmp_path, uva_file(days_column="Pattern1"))
    return ImportRun.objects.order_by("pk").last()


def test_a_command_line_import_a_guard_refuses_is_logged_as_refused_with_its_reason(tmp_path):
    # when
    run = refused_on_the_command_line(tmp_path)
    # then
    assert run.status == ImportRun.Status.REFUSED
    assert "leaves 30 of the term's 30 listed sections with set times" in run.error
    assert "--allow-mass-untimed" in run.error


def test_a_file_the_importer_cannot_read_is_still_logged_as_failed(tmp_path):
    # when
    with pytest.raises(CommandError):
        import_catalog(tmp_path, b"not,a,uva,file\n")
    # then
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


def test_the_import_runs_list_shows_and_filters_refused_runs_apart_from_failed_ones(tmp_path, staff_client):
    # given: a refused run, and a failed one
    refused = refused_on_the_command_line(tmp_path)
    with pytest.raises(CommandError):
        import_catalog(tmp_path, b"not,a,uva,file\n")
    listing = reverse("admin:catalog_importrun_changelist")
    # when
    page = staff_client.get(listing).content.decode()
    filtered = staff_client.get(listing, {"status__exact": "refused"}).context["cl"].result_list
    # then
    assert "Refused by a guard" in page and "Failed" in page
    assert [run.pk for run in filtered] == [refused.pk]


def test_a_refused_runs_page_says_why_it_was_refused(tmp_path, staff_client):
    # given
    run = refused_on_the_command_line(tmp_path)
    # when
    change_page = staff_client.get(reverse("admin:catalog_importrun_change", args=[run.pk])).content.decode()
    run_page = staff_client.get(reverse("admin:catalog_importrun_preview", args=[run.pk])).content.decode()
    # then
    assert "Refused by a guard" in change_page and "Error or refusal" in change_page
    for page in (change_page, run_page):
        assert "leaves 30 of the term&#x27;s 30 listed sections with set times" in page
