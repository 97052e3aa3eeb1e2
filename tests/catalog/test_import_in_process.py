"""In-process (the embedded default) an admin's import is done in the request, whatever the
Celery app's own copy of the setting holds: a test that turned it off for its workers left it so,
and every later admin import stayed queued (43 tests failed in that order on PostgreSQL)."""

import pytest

from catalog.models import ImportRun
from classtime_site.celery import app
from tests.catalog.test_catalog_admin import upload
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


@pytest.fixture
def celery_app_not_eager():
    before = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = before


def test_an_upload_is_dry_run_in_the_request_when_the_settings_say_in_process(
    staff_client, settings, celery_app_not_eager
):
    # given
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # when
    upload(staff_client, DEMO_CATALOG.read_bytes())
    # then
    assert ImportRun.objects.get().status == ImportRun.Status.DRY_RUN
