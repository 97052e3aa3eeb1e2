"""A file tripping several import guards at once (another term's file whose section ids are not the
term's: outside the term's days and a mass withdrawal) is refused once, naming every guard and
every option or box it needs, not one after another. Small sections-csv files written here."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError
from django.urls import reverse

from catalog import services
from catalog.models import ImportRun, Section
from tests.catalog.test_import_guard_outside_term import import_catalog, sections_file, spring_meetings
from tests.catalog.test_import_service import catalog_checksum

pytestmark = pytest.mark.django_db


def spring_file_of_other_ids(sections: int = 30) -> bytes:
    """The spring's file: its 30 lectures dated in spring, under registrar ids the fall does not have."""
    return sections_file(sections).replace(b"\n4", b"\n5")


def fall_imported(tmp_path) -> None:
    import_catalog(tmp_path, sections_file(spring=0))


def test_another_terms_file_of_other_ids_is_refused_once_naming_both_guards_and_both_options(tmp_path):
    # given: the fall term of 30 sections, then the spring's file (other CRNs) filed under it
    fall_imported(tmp_path)
    before = catalog_checksum()
    # when
    with pytest.raises(CommandError) as refused:
        import_catalog(tmp_path, spring_file_of_other_ids(), name="2026_spring.csv")
    # then: one refusal says both, and both options together
    message = str(refused.value)
    assert "this import is refused by 2 guards:" in message
    assert "(1) 30 of the file's 30 timed sections (100%) meet only outside the term's days" in message
    assert "(2) the file leaves out 30 of the term's 30 listed sections (100%), which an import would withdraw" in (
        message
    )
    assert "Applying it needs all 2 at once: --allow-outside-term --allow-withdrawals (import_catalog)" in message
    assert "the 2 confirmation boxes ticked together (admin)" in message
    assert catalog_checksum() == before


def test_one_option_given_the_refusal_names_the_other_alone(tmp_path):
    # given
    fall_imported(tmp_path)
    # when
    with pytest.raises(CommandError) as refused:
        import_catalog(tmp_path, spring_file_of_other_ids(), "--allow-outside-term", name="2026_spring.csv")
    # then
    message = str(refused.value)
    assert "guards" not in message and "--allow-outside-term" not in message
    assert "which an import would withdraw" in message and "--allow-withdrawals" in message


def test_both_options_given_it_is_applied(tmp_path):
    # given
    fall_imported(tmp_path)
    # when
    import_catalog(
        tmp_path, spring_file_of_other_ids(), "--allow-outside-term", "--allow-withdrawals", name="2026_spring.csv"
    )
    # then
    assert spring_meetings() == 30
    assert Section.objects.filter(withdrawn_at__isnull=False).count() == 30


@pytest.fixture
def in_process_tasks(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


def upload_spring(staff_client) -> str:
    upload = {
        "file": SimpleUploadedFile("2026_spring.csv", spring_file_of_other_ids()),
        "format": "sections-csv",
        "institution": "wahoo",
        "term": "2025-fall",
    }
    return staff_client.post(reverse("admin:catalog_importrun_upload"), upload)["Location"]


def test_the_admin_preview_applied_unticked_names_every_box_missing_at_once(tmp_path, staff_client, in_process_tasks):
    # given: the fall term, then a dry run of the spring's file uploaded under it
    fall_imported(tmp_path)
    preview_url = upload_spring(staff_client)
    page = staff_client.get(preview_url).content.decode()
    # when: applied with no box ticked, then with one, then with both
    none_ticked = staff_client.post(preview_url, follow=True).content.decode()
    one_ticked = staff_client.post(preview_url, {"allow_outside_term": "yes"}, follow=True).content.decode()
    between = spring_meetings()
    staff_client.post(preview_url, {"allow_outside_term": "yes", "allow_withdrawals": "yes"})
    # then
    assert 'name="allow_outside_term"' in page and 'name="allow_withdrawals"' in page
    assert "This file trips 2 of the import's guards: applying it needs each of their 2 boxes below" in page
    assert "2 boxes are not ticked, each needed to apply this import: (1) Tick the box to import the file" in (
        none_ticked
    )
    assert "(2) Tick the box to withdraw the sections the file leaves out" in none_ticked
    assert "boxes are not ticked" not in one_ticked and "Tick the box to withdraw the sections" in one_ticked
    assert "Tick the box to import the file as this term" not in one_ticked
    assert between == 0 and spring_meetings() == 30


def test_an_apply_the_worker_refuses_for_two_guards_gives_its_dry_run_both_warnings(tmp_path, staff_client, settings):
    # given: a dry run of the spring's file while the term was new, its apply queued (a broker holds it),
    # then the fall's file imported before a worker takes the apply up
    settings.CELERY_TASK_ALWAYS_EAGER = True
    preview_url = upload_spring(staff_client)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    staff_client.post(preview_url)
    fall_imported(tmp_path)
    # when
    services.import_run_execute(run_id=ImportRun.objects.get(dry_run=False, preview__isnull=False).pk)
    # then: refused naming both, its dry run pending again with both warnings (each with its box)
    assert spring_meetings() == 0
    refusal = ImportRun.objects.get(status=ImportRun.Status.REFUSED)
    assert "this import is refused by 2 guards" in refusal.error
    assert refusal.error.endswith(
        "confirm the sections meeting outside the term's days and the withdrawals on the new one."
    )
    dry_run = ImportRun.objects.get(pk=refusal.preview_id)
    reasons = [w.get("reason") for w in dry_run.report["warnings"]]
    assert reasons[:2] == [services.OUTSIDE_TERM, services.MASS_WITHDRAWAL]


def test_a_dry_run_warns_of_both_under_check_first(tmp_path):
    # given
    fall_imported(tmp_path)
    # when
    output = import_catalog(tmp_path, spring_file_of_other_ids(), "--dry-run", name="2026_spring.csv")
    # then
    check_first = output.split("Check first:")[1]
    assert "--allow-outside-term" in check_first and "--allow-withdrawals" in check_first
