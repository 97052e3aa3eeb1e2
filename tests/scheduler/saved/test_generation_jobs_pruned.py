"""Generation jobs are kept CLASSTIME_GENERATION_JOB_DAYS (30) days after they finish, then the
daily task deletes them; a job a saved schedule came from stays as long as the schedule."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from scheduler import saved_schedules as saved
from scheduler import tasks
from scheduler.models import GenerationJob, SavedSchedule
from tests.scheduler.saved.conftest import save

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit enqueues as in production

JOBS = "/api/v1/generations/"


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def generate(api, courses=("CS 1110",)) -> str:
    response = api.post(JOBS, {"term": "2026-fall", "courses": list(courses)}, format="json")
    assert response.json()["status"] == "succeeded"
    return response.json()["id"]


def finished_days_ago(job_id: str, days: float) -> None:
    finished = timezone.now() - timedelta(days=days)
    GenerationJob.objects.filter(pk=job_id).update(started_at=finished, finished_at=finished)


def job_ids() -> set[str]:
    return {str(pk) for pk in GenerationJob.objects.values_list("pk", flat=True)}


def test_the_daily_task_deletes_only_the_jobs_finished_over_30_days_ago(ada_api):
    # given: an old and a recent finished job, and an old job still queued
    old, recent = generate(ada_api, ["CS 1110"]), generate(ada_api, ["MATH 1310"])
    finished_days_ago(old, 30.1)
    finished_days_ago(recent, 29.9)
    queued = GenerationJob.objects.create(
        term_id=GenerationJob.objects.get(pk=old).term_id, catalog_version=1, request={}, request_hash="x"
    )
    GenerationJob.objects.filter(pk=queued.pk).update(created_at=timezone.now() - timedelta(days=90))
    # when
    tasks.generation_jobs_prune.delay()
    tasks.generation_jobs_prune.delay()  # idempotent
    # then
    assert job_ids() == {recent, str(queued.pk)}
    assert ada_api.get(f"{JOBS}{old}/").status_code == 404
    assert ada_api.get(f"{JOBS}{recent}/").status_code == 200
    assert [j["id"] for j in ada_api.get(JOBS).json()["results"]] == [recent]


def test_the_retention_follows_the_setting_but_never_goes_under_two_days(ada_api, settings):
    # given
    week_old, day_old = generate(ada_api, ["CS 1110"]), generate(ada_api, ["MATH 1310"])
    finished_days_ago(week_old, 7.5)
    finished_days_ago(day_old, 1.5)
    # when
    settings.CLASSTIME_GENERATION_JOB_DAYS = 7
    tasks.generation_jobs_prune.delay()
    after_seven = job_ids()
    settings.CLASSTIME_GENERATION_JOB_DAYS = 0
    tasks.generation_jobs_prune.delay()
    # then
    assert after_seven == {day_old}
    assert job_ids() == {day_old}


def test_a_job_a_saved_schedule_came_from_stays_while_the_schedule_is_kept_even_in_the_bin(ada_api):
    # given: a schedule saved from an old job, then moved to the bin
    job = generate(ada_api)
    body = save(ada_api, generation=job).json()
    finished_days_ago(job, 60)
    ada_api.delete(body["url"])
    # when
    tasks.generation_jobs_prune.delay()
    kept = GenerationJob.objects.filter(pk=job).exists()
    SavedSchedule.all_objects.filter(pk=body["id"]).update(deleted_at=timezone.now() - timedelta(days=31))
    saved.saved_schedules_purge()
    tasks.generation_jobs_prune.delay()
    # then: kept while the schedule was, deleted once the bin let it go
    assert kept
    assert not GenerationJob.objects.filter(pk=job).exists()


def test_a_schedule_saved_from_a_pruned_job_is_refused_with_the_field_named(ada_api):
    # given
    job = generate(ada_api)
    finished_days_ago(job, 31)
    tasks.generation_jobs_prune.delay()
    # when
    response = save(ada_api, generation=job)
    # then
    assert response.status_code == 400
    assert f"no generation job {job} of yours" in str(response.json())
    assert not SavedSchedule.all_objects.exists()


def test_a_job_that_reused_a_pruned_one_keeps_its_own_answer(ada_api):
    # given: the same request twice, the second answered from the first
    first = generate(ada_api)
    second = generate(ada_api)
    answer = ada_api.get(f"{JOBS}{second}/").json()
    assert GenerationJob.objects.get(pk=second).reused_from_id == GenerationJob.objects.get(pk=first).pk
    finished_days_ago(first, 31)
    # when
    tasks.generation_jobs_prune.delay()
    # then
    response = ada_api.get(f"{JOBS}{second}/")
    assert not GenerationJob.objects.filter(pk=first).exists()
    assert response.status_code == 200 and response.json()["results"] == answer["results"]


def test_an_answer_a_day_from_being_pruned_is_not_reused(ada_api):
    # given: a job the next daily run may delete
    old = generate(ada_api)
    finished_days_ago(old, 29.5)
    # when
    again = generate(ada_api)
    # then: computed anew, so the new job never points at a row about to go
    assert GenerationJob.objects.get(pk=again).reused_from_id is None
    assert ada_api.get(f"{JOBS}{again}/").json()["results"] == ada_api.get(f"{JOBS}{old}/").json()["results"]


def test_the_command_prunes_for_the_embedded_default_and_says_how_many(ada_api):
    # given
    finished_days_ago(generate(ada_api, ["CS 1110"]), 45)
    finished_days_ago(generate(ada_api, ["MATH 1310"]), 45)
    out = StringIO()
    # when
    call_command("prune_generation_jobs", stdout=out)
    call_command("prune_generation_jobs", stdout=out)
    # then
    assert out.getvalue().splitlines() == ["Deleted 2 generation jobs.", "Deleted 0 generation jobs."]
    assert not GenerationJob.objects.exists()
