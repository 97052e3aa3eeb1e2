"""schemathesis over the operations the catalog and accounts runs leave out: generation jobs and
saved schedules (with sharing, calendars, change alerts, re-plan and friends' schedules), signed
in by token as an API consumer would be. No server error, no answer outside the schema.

Generation runs in-process here (also on the PostgreSQL + Redis pass), so a job a case submits
is computed at once instead of waiting on Redis for a worker that this test does not start.
"""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from accounts import services as account_services
from catalog.models import Term
from scheduler import saved_schedules
from tests.conftest import DEMO_CATALOG
from tests.openapi_fuzz import app_schema

pytestmark = pytest.mark.django_db

OPERATIONS = r"^/api/v1/(generations/|course-fits/|schedules/|shared/|friends/schedules/)"


schema = app_schema(path_regex=OPERATIONS, seed=20261203)


@pytest.fixture
def consumer(settings):
    """The demo catalog, in-process tasks, no throttling, and a student's token; the student has
    two saved schedules (ids 1 and 2 on a fresh database are theirs), one shared."""
    from classtime_site.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "generation": None, "course_fits": None},
    }
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)
    ada = User.objects.create_user("ada", password="pw-ada-123456")
    term = Term.objects.get(code="2026-fall")
    first = saved_schedules.saved_schedule_create(owner=ada, term=term, name="first", section_ids=["40002", "40004"])
    saved_schedules.saved_schedule_create(owner=ada, term=term, name="second", section_ids=["40002", "40005"])
    saved_schedules.saved_schedule_share(schedule=first)
    yield account_services.token_create(owner=ada, name="schemathesis")[1]
    app.conf.task_always_eager = bool(not settings.REDIS_URL)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_generation_and_saved_schedule_operations_honour_their_schema(case, consumer, wsgi_inside_the_test_transaction):
    # Every default check but "valid input is accepted": a well-formed course code, section id
    # or schedule id may name nothing in the catalog, a documented 400 or 404 naming the field.
    case.call_and_validate(headers={"Authorization": f"Token {consumer}"}, excluded_checks=[positive_data_acceptance])
