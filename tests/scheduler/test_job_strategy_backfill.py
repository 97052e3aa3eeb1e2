"""The migration that gives the jobs answered before `GenerationJob.strategy` theirs."""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command

from catalog.models import Term
from scheduler.models import GenerationJob
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db

backfill = importlib.import_module("scheduler.migrations.0009_job_strategy").strategy_backfill
FELL_BACK = "The beam search found no schedule; the exact search found this one."


def test_jobs_answered_before_the_field_are_given_the_search_that_answered_them():
    # given: jobs stored with no strategy, as before the field: exact, beam answered, beam fallen
    # back to the exact search (with schedules, or with an explanation), beam out of budget, queued
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)
    term = Term.objects.get()

    def job(strategy, status="succeeded", results=None, explanation=None):
        return GenerationJob.objects.create(
            term=term,
            catalog_version=1,
            request={"strategy": strategy},
            status=status,
            results=results,
            explanation=explanation,
        ).pk

    jobs = {
        "exact": job("exact", results=[{"warnings": []}]),
        "beam": job("beam", results=[{"warnings": []}]),
        "fell back": job("beam", results=[{"warnings": [FELL_BACK]}]),
        "explained": job("beam", results=[], explanation={"message": "..."}),
        "out of budget": job("beam", results=[]),
        "queued": job("beam", status="queued"),
    }
    # when
    backfill(apps, None)
    # then
    answered = dict(GenerationJob.objects.values_list("pk", "strategy"))
    assert {name: answered[pk] for name, pk in jobs.items()} == {
        "exact": "exact",
        "beam": "beam",
        "fell back": "exact",
        "explained": "exact",
        "out of budget": "beam",
        "queued": "",
    }
