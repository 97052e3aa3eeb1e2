"""A guard's message (a mass withdrawal, a mass untiming) is said once on a dry run's page, under
*Check first* at the top of its report: not again in the report's list of warnings, nor beside
the box that confirms it, nor in the message of an apply it refused; and once in the command's
report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.catalog.test_catalog_admin import department_extract, upload
from tests.catalog.test_import_guard_untimed import import_catalog, uva_file
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db

UNTIMED = "leaves 30 of the term&#x27;s 30 listed sections with set times"
WITHDRAWN = "leaves out 49 of the term&#x27;s 58 listed sections"


@pytest.fixture(autouse=True)
def in_process_tasks(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


def untimed_dry_run(tmp_path, client) -> str:
    """The page of a dry run of 30 timed sections' file whose days column is renamed (so not read)."""
    import_catalog(tmp_path, uva_file())
    data = {"file": SimpleUploadedFile("2025_fall.csv", uva_file(days_column="Pattern1")), "format": "uva-csv"}
    return client.post(reverse("admin:catalog_importrun_upload"), {**data, "term": "2025-fall"})["Location"]


def test_a_dry_runs_page_says_the_mass_untimed_guards_message_once(tmp_path, staff_client):
    # given
    preview_url = untimed_dry_run(tmp_path, staff_client)
    # when
    page = staff_client.get(preview_url).content.decode()
    # then: under Check first, with the box that confirms it
    assert page.count(UNTIMED) == 1
    assert page.index("Check first:") < page.index(UNTIMED) and 'name="allow_mass_untimed"' in page


def test_an_apply_refused_for_its_unticked_box_says_the_guards_message_once(tmp_path, staff_client):
    # given
    preview_url = untimed_dry_run(tmp_path, staff_client)
    # when
    page = staff_client.post(preview_url, follow=True).content.decode()
    # then
    assert "Tick the box to leave those sections without set times" in page
    assert page.count(UNTIMED) == 1


def test_a_dry_runs_page_says_the_mass_withdrawal_guards_message_once(staff_client):
    # given: the demo term imported, then a dry run of an extract leaving out 49 of its 58 sections
    staff_client.post(upload(staff_client, DEMO_CATALOG.read_bytes())["Location"])
    preview_url = upload(staff_client, department_extract())["Location"]
    # when
    page = staff_client.get(preview_url).content.decode()
    # then
    assert page.count(WITHDRAWN) == 1 and 'name="allow_withdrawals"' in page


def test_the_commands_dry_run_report_says_the_guards_message_once(tmp_path):
    # given
    import_catalog(tmp_path, uva_file())
    # when
    output = import_catalog(tmp_path, uva_file(days_column="Pattern1"), "--dry-run")
    # then
    assert output.count("leaves 30 of the term's 30 listed sections with set times") == 1
