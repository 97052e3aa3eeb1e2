"""Generation jobs: submit, run (the Celery task's body), cancel, requeue the stale ones.

A job row is claimed by one worker at a time: `attempts` is the claim token, so a redelivered
or duplicated message never computes twice and a late worker never writes a second result.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import time
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from catalog.models import Section, Term
from catalog.selectors import section_refusal_of, taken_with_left_out
from classtime_site.api import statement_timed_out
from classtime_site.batches import rows_delete_in_batches
from classtime_site.heartbeat import RowHeartbeat
from scheduler import engine
from scheduler.models import GenerationJob, SavedSchedule
from scheduler.requests import engine_request_prepare, result_render, viability_render

log = logging.getLogger(__name__)
Status = GenerationJob.Status
PRUNE_BATCH = 500  # jobs deleted per transaction by `generation_jobs_prune`


class GenerationError(Exception):
    """A generation request that cannot be run as asked; the message says why."""


def request_fingerprint(*, term: Term, request: dict[str, Any]) -> str:
    """Same request on the same term, for the same engine → same fingerprint (lists are
    normalised upstream): a job answered before an engine change is not reused after it."""
    canonical = json.dumps({"term": term.pk, "request": request, "engine": engine.ENGINE_VERSION}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def generation_job_submit(*, owner: Any, term: Term, request: dict[str, Any], enqueue: bool = True) -> GenerationJob:
    """Create a job for a validated, normalised request and enqueue it after commit.

    An identical request of the same owner (an account's, or any signed-out person's) already
    answered on this catalog version is answered again from that job's results, without running
    the engine. Never another account's, nor an account's for someone signed out: whether a job
    was reused would tell them that this account sent that request, busy times and their labels
    included (before 2026-12-07 any job was reused). Only a complete answer is reused
    (`answer_complete`): an answer cut short by the engine's budget is asked again, which a
    less busy moment may answer fully. `enqueue=False` leaves the running to the caller.
    """
    fingerprint = request_fingerprint(term=term, request=request)
    owner = owner if getattr(owner, "is_authenticated", False) else None
    with transaction.atomic():
        answered = GenerationJob.objects.filter(
            term=term,
            owner=owner,
            request_hash=fingerprint,
            catalog_version=term.catalog_version,
            status=Status.SUCCEEDED,
            reused_from__isnull=True,
            # a day inside the retention, so the daily prune never deletes the job reused here
            finished_at__gte=timezone.now() - job_retention() + timedelta(days=1),
        ).order_by("-finished_at")
        earlier = next((j for j in answered[:REUSE_LOOKED_AT] if answer_complete(job=j)), None)
        job = GenerationJob(
            owner=owner,
            term=term,
            catalog_version=term.catalog_version,
            request=request,
            request_hash=fingerprint,
        )
        if earlier is not None:
            now = timezone.now()
            job.status = Status.SUCCEEDED
            job.reused_from = earlier
            job.started_at = job.finished_at = now
            for name in ("results", "explanation", "viability", "nodes", "proven_optimal", "engine_ms"):
                setattr(job, name, getattr(earlier, name))
            job.strategy = job_strategy(job=earlier) or ""
            job.save()
        else:
            job.save()
            job_id = str(job.pk)
            if enqueue:
                transaction.on_commit(lambda: generation_job_enqueue(job_id=job_id))
    if job.status == Status.QUEUED and settings.CELERY_TASK_ALWAYS_EAGER:
        job.refresh_from_db()
    return job


REUSE_LOOKED_AT = 5  # the latest answers of a request looked at for a complete one


def answer_complete(*, job: GenerationJob) -> bool:
    """Whether a succeeded job's answer is all the engine can say, so the same request may be
    answered from it (since 2026-12-07; before, an answer cut short by the budget was reused
    for 30 days): every section's viability known, and the schedules proven the best (the exact
    search; a beam's are never proven, and are complete when the viability check had time left),
    or, with none, an explanation the budget did not cut short (the engine's `complete`; none at
    all when its budget ran out before it could say why)."""
    viability = job.viability
    if viability is None or any(s["viable"] is None for c in viability for s in c["sections"]):
        return False
    if job.explanation is not None:
        return bool(job.proven_optimal) and job.explanation.get("complete", False)
    if not job.results:  # nothing fits, and the budget ran out before the engine could say why
        return False
    return bool(job.proven_optimal) or job_strategy(job=job) == "beam"


def generation_request_solve(*, term_id: int, request: dict[str, Any], owner: Any = None) -> GenerationJob:
    """Run a request here and now (the command line), through a job row like any other."""
    term = Term.objects.get(pk=term_id)
    job = generation_job_submit(owner=owner, term=term, request=request, enqueue=False)
    if not job.is_finished:
        generation_job_run(job_id=str(job.pk))
        job.refresh_from_db()
    return job


def generation_job_summary(*, job: GenerationJob) -> dict[str, Any]:
    """The job as plain data (the command line's --json)."""
    fields = (
        "status",
        "attempts",
        "engine_ms",
        "nodes",
        "proven_optimal",
        "strategy",
        "error",
        "results",
        "explanation",
        "viability",
    )
    summary = {"id": str(job.pk), "term": job.term.code, **{f: getattr(job, f) for f in fields}}
    summary["strategy"] = job_strategy(job=job) or ""
    return summary


def job_strategy(*, job: GenerationJob) -> str | None:
    """The search that answered the job (`exact` or `beam`), None until it succeeds: as stored, or,
    for a job a worker of a release before `strategy` finished during an upgrade (it leaves the
    field empty), as its request and results say, by the rule migration 0009 gave the jobs before:
    an exact request's was exact; a beam request's was exact when its schedules say the beam fell
    back or it has an explanation (the exact search looked again), else the beam."""
    if job.strategy or job.status != Status.SUCCEEDED:
        return job.strategy or None
    if (job.request or {}).get("strategy") != "beam":
        return "exact"
    results = job.results or []
    fell_back = any(engine.BEAM_FELL_BACK in r.get("warnings", []) for r in results)
    return "exact" if fell_back or (not results and job.explanation is not None) else "beam"


# After the broker refuses a job, this process sends none for a few seconds: each try takes the
# broker's connect timeout (2 s even when the connection is refused at once), which every request
# and every job of a requeue would otherwise wait in turn. The jobs stay queued (never lost) and
# `generation_jobs_requeue_stale` sends them once the broker answers.
BROKER_BACKOFF_SECONDS = 5.0
broker_down_until = 0.0  # time.monotonic() before which no job is sent


def generation_job_enqueue(*, job_id: str) -> bool:
    """Send the job to the workers. If the broker is down the job stays queued (never lost):
    `generation_jobs_requeue_stale` sends it again once the broker answers."""
    global broker_down_until
    from scheduler.tasks import generation_job_run

    if time.monotonic() < broker_down_until:
        return False
    try:
        generation_job_run.apply_async(args=[job_id], retry=False)
    except Exception as exc:  # kombu/redis raise many types; none may fail the request
        broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        log.warning(
            "job %s stays queued: the broker did not take it (%s); none is sent for %s s",
            job_id,
            exc,
            BROKER_BACKOFF_SECONDS,
        )
        return False
    GenerationJob.objects.filter(pk=job_id, status=Status.QUEUED).update(enqueued_at=timezone.now())
    return True


def generation_job_claim(*, job_id: str) -> GenerationJob | None:
    """Mark the job running for this worker, or None when there is nothing to do (finished,
    cancelled, or running elsewhere with a live heartbeat)."""
    now = timezone.now()
    stale_before = now - timedelta(seconds=settings.CLASSTIME_JOB_STALE_SECONDS)
    with transaction.atomic():
        job = GenerationJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        if job.status == Status.RUNNING and job.heartbeat_at and job.heartbeat_at > stale_before:
            return None
        if job.attempts >= settings.CLASSTIME_JOB_MAX_ATTEMPTS:
            job.status = Status.FAILED
            job.error = f"gave up after {job.attempts} attempts: the worker running it was lost each time"
            job.finished_at = now
            job.save()
            log.warning("job %s failed: %s", job_id, job.error)
            return None
        job.status = Status.RUNNING
        job.attempts += 1
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.save()
        return job


def generation_job_run(*, job_id: str) -> None:
    """The task body: claim, run the engine, write the one result. Safe to call twice."""
    job = generation_job_claim(job_id=job_id)
    if job is None:
        return
    log.info("job %s: attempt %s started", job_id, job.attempts)  # ties the worker's own lines to the job
    # while the engine runs, the job's heartbeat is touched, so a lost worker is noticed quickly
    running = GenerationJob.objects.filter(pk=job_id, status=Status.RUNNING)
    beat = (
        RowHeartbeat(running, name=f"job {job_id}")
        if not settings.CELERY_TASK_ALWAYS_EAGER
        else contextlib.nullcontext()
    )
    outcome: dict[str, Any]
    try:
        with beat:
            outcome = database_retried(job_id, compute, job)
    except SoftTimeLimitExceeded:
        outcome = failure("the request ran past the time limit; try fewer courses or options")
    except (GenerationError, engine.SchedulingError) as exc:
        outcome = failure(str(exc))
    except (OperationalError, InterfaceError) as exc:
        if not statement_timed_out(exc):
            log.error(
                "job %s: the database connection broke %s times; it is run again once found stale",
                job_id,
                DATABASE_TRIES,
            )
            raise
        outcome = failure(STATEMENT_TIMED_OUT)
    if outcome["status"] == Status.FAILED:
        log.warning("job %s failed: %s", job_id, outcome["error"])
    if not database_retried(job_id, generation_job_finish, job_id=job_id, attempt=job.attempts, outcome=outcome):
        log.info("job %s: its outcome was not written: cancelled, or taken up by another worker, meanwhile", job_id)


# a statement that ran past CLASSTIME_STATEMENT_TIMEOUT (the database overloaded, or a table locked
# by a migration or by hand): not a lost connection, so not tried again at once
STATEMENT_TIMED_OUT = "the database took too long to answer (statement timeout); try again"
DATABASE_TRIES = 3  # a job's reads and its one write, when the database connection breaks


def database_retried(job_id: str, work, /, *args, **kwargs):
    """`work` again, on a new connection, when the database connection breaks under it (a
    restart, a terminated session): both uses are safe to repeat (the job's reads, and its
    write, which only a running attempt's claim lets through). The last failure is raised, and
    a statement stopped by the statement timeout at once: the connection is fine, the database
    too slow, and trying again at once would only wait as long again."""
    for attempt in range(1, DATABASE_TRIES + 1):
        try:
            return work(*args, **kwargs)
        except (OperationalError, InterfaceError) as exc:
            if statement_timed_out(exc) or attempt == DATABASE_TRIES:
                raise
            log.warning(
                "job %s: database connection lost (try %s of %s); trying again",
                job_id,
                attempt,
                DATABASE_TRIES,
                exc_info=True,
            )
            if not connection.in_atomic_block:
                connection.close()  # the next query opens a new one
            time.sleep(0.2 * attempt)


def failure(message: str) -> dict[str, Any]:
    return {"status": Status.FAILED, "error": message}


def compute(job: GenerationJob) -> dict[str, Any]:
    """Run the engine for the job's request on the job's term; the fields to write."""
    if settings.CLASSTIME_FAULT_DELAY_SECONDS:  # fault tests: hold the job "mid-run"
        time.sleep(settings.CLASSTIME_FAULT_DELAY_SECONDS)
    prepared = engine_request_prepare(term=job.term, request=job.request)
    pins_still_schedulable_check(term=job.term, request=prepared.request)
    result = engine.generate_schedules(prepared.request)
    rendered = result_render(prepared=prepared, result=result)
    return {
        "status": Status.SUCCEEDED,
        "results": rendered["schedules"],
        "explanation": rendered["explanation"],
        "viability": viability_render(prepared=prepared, verdict=viability(prepared.request, result)),
        "nodes": result.nodes,
        "proven_optimal": result.proven_optimal,
        "strategy": result.strategy,
        "engine_ms": result.elapsed_ms,
    }


def pins_still_schedulable_check(*, term: Term, request: engine.Request) -> None:
    """Raise GenerationError naming the first pinned section of a requested course that no
    schedule can take any more (withdrawn, cancelled or quarantined by an import or an edit made
    after the request was taken): the engine, which sees only the sections it may schedule,
    would call it "not a section of a requested course" (before 2026-12-07 the job failed so).
    An excluded one needs nothing: excluding a section no schedule takes changes nothing."""
    courses = (*request.courses, *(c for g in request.electives for c in g.courses))
    offered = {s.id for c in courses for p in c.components for s in p.sections}
    gone = sorted(request.pinned - offered)
    if not gone:
        return
    codes = {c.code for c in courses}
    left_out = taken_with_left_out(term=term, registrar_ids=gone)
    sections = Section.objects.filter(term=term, registrar_id__in=gone).select_related("component__course")
    for section in sorted(sections, key=lambda s: s.registrar_id):
        if section.component.course.code not in codes:
            continue  # not a section of a requested course: the engine says so
        refusal = section_refusal_of(section) or left_out.get(section.registrar_id)
        if refusal is not None:
            _, sentence = refusal
            since = (
                " since the request was made"
                if sentence.endswith("by the registrar")
                else " (since the request was made)"
            )
            raise GenerationError(f"pinned {sentence}{since}")


def viability(request: engine.Request, result: engine.Result) -> dict[str, bool | None]:
    """Which sections can be in some valid schedule, checked within what the generation left
    of the engine's deadline (so a job's engine work stays within one deadline): None for
    every section when nothing is left; False for every one when no schedule exists (proven,
    since there is an explanation)."""
    ids = [
        s.id
        for c in (*request.courses, *(c for g in request.electives for c in g.courses))
        for p in c.components
        for s in p.sections
    ]
    if result.explanation is not None:
        return dict.fromkeys(ids, False)
    left_ms = request.deadline_ms - result.elapsed_ms
    if left_ms <= 0:
        return dict.fromkeys(ids)
    return engine.section_viability(replace(request, deadline_ms=left_ms))


def generation_job_finish(*, job_id: str, attempt: int, outcome: dict[str, Any]) -> bool:
    """Write the outcome if this attempt still holds the job; False when it does not (the job
    was cancelled or handed to another worker meanwhile), so at most one result is written."""
    written = GenerationJob.objects.filter(pk=job_id, status=Status.RUNNING, attempts=attempt).update(
        finished_at=timezone.now(), heartbeat_at=timezone.now(), **outcome
    )
    return written == 1


def generation_job_cancel(*, job: GenerationJob) -> GenerationJob:
    """Cancel a job that has not finished; a finished job is left as it is."""
    GenerationJob.objects.filter(pk=job.pk, status__in=[Status.QUEUED, Status.RUNNING]).update(
        status=Status.CANCELLED, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def generation_jobs_requeue_stale() -> int:
    """Send again the jobs a lost worker or a lost message left behind; returns how many.

    Running jobs whose heartbeat stopped go back to queued; queued jobs that no broker took,
    or that sat unclaimed too long, are sent again. Claiming makes duplicates harmless.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=settings.CLASSTIME_JOB_STALE_SECONDS)
    GenerationJob.objects.filter(status=Status.RUNNING, heartbeat_at__lt=stale).update(
        status=Status.QUEUED, enqueued_at=None
    )
    waiting = now - timedelta(seconds=settings.CLASSTIME_JOB_QUEUED_RESEND_SECONDS)
    ids = list(
        GenerationJob.objects.filter(status=Status.QUEUED)
        .exclude(enqueued_at__gte=waiting)
        .values_list("pk", flat=True)[:500]
    )
    for job_id in ids:
        generation_job_enqueue(job_id=str(job_id))
    return len(ids)


def job_retention() -> timedelta:
    """How long a finished job is kept (`CLASSTIME_GENERATION_JOB_DAYS`, at least two days)."""
    return timedelta(days=max(2, settings.CLASSTIME_GENERATION_JOB_DAYS))


def generation_jobs_prune(*, now: datetime | None = None) -> int:
    """Delete the jobs finished over `job_retention()` ago (the daily task); how many went.

    Queued and running jobs stay whatever their age, and so does a job a saved schedule came
    from (in the bin too) for as long as that schedule is kept: it is the request the student
    saved a schedule of. A job that reused a pruned one keeps its own copy of the answer. In
    batches, so no transaction holds many rows.
    """
    cutoff = (now or timezone.now()) - job_retention()
    saved = SavedSchedule.all_objects.filter(generation=OuterRef("pk"))
    # asked again once locked: a schedule saved from one of them meanwhile keeps it
    expired = GenerationJob.objects.filter(~Exists(saved), status__in=GenerationJob.FINISHED, finished_at__lt=cutoff)
    return rows_delete_in_batches(expired, batch=PRUNE_BATCH)
