"""The production stack for the fault tests, all on 127.0.0.1: a Redis of the test's own (to stop
and start), a gunicorn web process, Celery workers (tests/scheduler/workers.py), and a log of
every result written to a generation job, kept by a trigger in the test database."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from django.conf import settings
from django.db import connection

from tests.scheduler.workers import REPO, wait_for, worker_env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A throw-away Redis on 127.0.0.1:port that a test stops and starts again (no persistence,
    so a restart also loses every message it held, as a crashed Redis without AOF would)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, timeout=10, what=f"redis on port {self.port}")

    def answers(self) -> bool:
        ping = subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True)
        return ping.stdout.strip() == b"PONG"

    def queue_length(self, queue: str) -> int:
        """Messages waiting in `queue` (taken but unacknowledged ones are not counted)."""
        reply = subprocess.run(["redis-cli", "-p", str(self.port), "llen", queue], capture_output=True, text=True)
        return int(reply.stdout.strip() or 0)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=10)
            self.proc = None


@contextmanager
def redis_of_our_own():
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def web_process(broker_url: str, **extra: str):
    """gunicorn serving Classtime on a free port, on the test database and `broker_url` (Celery
    broker and cache), with throttling out of the way of the load (every client is 127.0.0.1);
    yields its base URL."""
    extra = {"CLASSTIME_GENERATION_RATE": "100000/minute", "CLASSTIME_ANON_RATE": "100000/minute", **extra}
    port = free_port()
    log = open(REPO / "var" / f"web-{port}.log", "w") if (REPO / "var").is_dir() else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "classtime_site.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "2", "--timeout", "30", "--graceful-timeout", "1", "--no-control-socket"],
        cwd=REPO,
        env=worker_env(broker_url, **extra),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: answers(base), timeout=30, what="the web process")
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def answers(base: str) -> bool:
    try:
        urllib.request.urlopen(f"{base}/api/v1/institutions/", timeout=2)
    except (OSError, urllib.error.URLError):
        return False
    return True


@dataclass
class Answer:
    status: int  # 0: no answer at all (refused, reset or timed out)
    seconds: float
    body: dict

    @property
    def job_id(self) -> str | None:
        return self.body.get("id") if self.status == 202 else None


def http(method: str, url: str, body: dict | None = None, timeout: float = 10) -> Answer:
    """One request; the status, how long it took and the JSON body (or {'raw': text})."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    except OSError as exc:
        return Answer(0, time.monotonic() - started, {"raw": repr(exc)})
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = {"raw": raw.decode(errors="replace")[:500]}
    return Answer(status, time.monotonic() - started, parsed if isinstance(parsed, dict) else {"raw": parsed})


def database_dsn() -> str:
    db = settings.DATABASES["default"]
    return f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def terminate_backends() -> int:
    """pg_terminate_backend every other session of the test database (workers, web, heartbeat
    threads), from a connection of its own; the test's own Django connection is spared.
    Returns how many were terminated."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        ours = cursor.fetchone()[0]
    with psycopg.connect(database_dsn(), autocommit=True) as killer:
        rows = killer.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> %s",
            [ours],
        ).fetchall()
    return sum(1 for (done,) in rows if done)


# A trigger in the test database logs every write that leaves a generation job finished, so a
# test can count the results each job got (the product keeps no such history, and needs none).
RESULT_LOG_SQL = """
CREATE TABLE IF NOT EXISTS reliability_result_write (
    id bigserial PRIMARY KEY, job_id uuid NOT NULL, operation text NOT NULL,
    old_status text, new_status text NOT NULL, attempts integer NOT NULL,
    written_at timestamptz NOT NULL DEFAULT clock_timestamp());
TRUNCATE reliability_result_write;
CREATE OR REPLACE FUNCTION reliability_log_result_write() RETURNS trigger AS $$
BEGIN
    IF NEW.status IN ('succeeded', 'failed', 'cancelled') THEN
        INSERT INTO reliability_result_write (job_id, operation, old_status, new_status, attempts)
        VALUES (NEW.id, TG_OP, CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, NEW.status, NEW.attempts);
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS reliability_result_write ON scheduler_generationjob;
CREATE TRIGGER reliability_result_write AFTER INSERT OR UPDATE ON scheduler_generationjob
    FOR EACH ROW EXECUTE FUNCTION reliability_log_result_write();
"""
RESULT_LOG_DROP_SQL = """
DROP TRIGGER IF EXISTS reliability_result_write ON scheduler_generationjob;
DROP FUNCTION IF EXISTS reliability_log_result_write();
DROP TABLE IF EXISTS reliability_result_write;
"""


@contextmanager
def result_write_log():
    with connection.cursor() as cursor:
        cursor.execute(RESULT_LOG_SQL)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(RESULT_LOG_DROP_SQL)


def result_writes() -> dict[str, int]:
    """job id → how many writes left that job finished (any later write to a finished row counts
    again, so 1 means: one result, never rewritten)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT job_id::text, count(*) FROM reliability_result_write GROUP BY job_id")
        return dict(cursor.fetchall())


@contextmanager
def publishing_to(url: str):
    """This process's Celery app sends its messages to `url` for the block (it forgets its
    connection and producer pools on the way in and out; kombu keeps one per broker URL)."""
    from classtime_site.celery import app

    def reset() -> None:
        app._pool = None
        app.amqp._producer_pool = None

    old = app.conf.broker_url
    app.conf.broker_url = url
    reset()
    try:
        yield
    finally:
        app.conf.broker_url = old
        reset()
