"""An apply the term's catalog changed under while it was queued (another import came between the
click and the worker): the apply says so, with what the dry run showed and what the apply did. (A
dry run already out of date when applied is refused: test_import_preview_outdated.py.)"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog import reports, services
from catalog.models import ImportRun
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_process_tasks(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


def demo_with_capacities(capacity: int, count: int) -> bytes:
    """The demo catalog with the first `count` sections of its first course given `capacity` seats."""
    doc = json.loads(DEMO_CATALOG.read_text())
    for section in [s for comp in doc["courses"][0]["components"] for s in comp["sections"]][:count]:
        section["capacity"] = capacity
    return json.dumps(doc).encode()


def import_now(data: bytes) -> None:
    run, _ = services.catalog_import_file(data=data, name="demo.json", format="canonical")
    assert run.status == ImportRun.Status.APPLIED, run.error


def preview(client, data: bytes) -> str:
    upload = {"file": SimpleUploadedFile("demo.json", data), "format": "canonical"}
    return client.post(reverse("admin:catalog_importrun_upload"), upload)["Location"]


def test_an_apply_done_after_another_import_came_while_it_was_queued_says_what_the_dry_run_showed_and_did(
    staff_client, settings, sent
):
    # given: a dry run of 4 changes applied, the apply queued (a broker holds it), then another import making 3
    settings.CELERY_TASK_ALWAYS_EAGER = True
    import_now(DEMO_CATALOG.read_bytes())
    preview_url = preview(staff_client, demo_with_capacities(7, 4))
    settings.CELERY_TASK_ALWAYS_EAGER = False
    staff_client.post(preview_url)
    import_now(demo_with_capacities(7, 3))
    applied = ImportRun.objects.get(dry_run=False, preview__isnull=False)
    # when: the worker takes the apply up
    services.import_run_execute(run_id=applied.pk)
    # then
    applied.refresh_from_db()
    first = applied.report["warnings"][0]
    assert first["reason"] == reports.STALE_PREVIEW
    assert "version 1 then, 2 when applied" in first["message"]
    assert "the dry run showed 4 section change(s) (4 updated)" in first["message"]
    assert "this apply made 1 section change(s) (1 updated)" in first["message"]
    page = staff_client.get(reverse("admin:catalog_importrun_preview", args=[applied.pk])).content.decode()
    assert "applied. But the term&#x27;s catalog changed since the dry run" in page


def test_applying_a_dry_run_of_an_unchanged_catalog_says_nothing_of_it(staff_client):
    # given
    import_now(DEMO_CATALOG.read_bytes())
    preview_url = preview(staff_client, demo_with_capacities(7, 4))
    # when
    staff_client.post(preview_url)
    # then
    applied = ImportRun.objects.get(dry_run=False, preview__isnull=False)
    assert applied.catalog_version == ImportRun.objects.get(dry_run=True).catalog_version == 1
    assert all(w["reason"] != reports.STALE_PREVIEW for w in applied.report["warnings"])
