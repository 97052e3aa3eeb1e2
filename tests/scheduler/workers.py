"""Real Celery worker processes for the production-path tests (PostgreSQL + Redis)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parents[2]


def production_services_or_skip() -> None:
    """These tests need the production configuration: skip (saying why) on the embedded one."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs DATABASE_URL (PostgreSQL) and REDIS_URL: run by `make test-production`")


QUEUE = f"classtime-test-{os.getpid()}"


@pytest.fixture(autouse=True)
def private_queue():
    """Messages of this test run go to a queue of its own, so concurrent runs sharing the
    machine's Redis never take each other's jobs."""
    from classtime_site.celery import app

    old = app.conf.task_default_queue
    app.conf.task_default_queue = QUEUE
    yield
    app.conf.task_default_queue = old


def worker_env(broker_url: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a worker that sees this test's database, broker and queue."""
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=url,
        REDIS_URL=broker_url or settings.REDIS_URL,
        CLASSTIME_CELERY_QUEUE=QUEUE,
        **extra,
    )
    return env


@contextmanager
def worker_process(*, beat: bool = False, broker_url: str | None = None, **extra: str):
    """A `celery worker` in its own process group; killed (-9) when the block ends."""
    args = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "classtime_site",
        "worker",
        "--pool",
        "prefork",
        "--concurrency",
        "1",
        "--loglevel",
        "INFO",
        "--without-gossip",
        "--without-mingle",
        "--hostname",
        f"test{time.monotonic_ns()}@%h",
    ]
    if beat:
        args += ["--beat", "--schedule", f"/tmp/celerybeat-{os.getpid()}-{time.monotonic_ns()}"]
    log = (
        open(REPO / "var" / f"worker-{time.monotonic_ns()}.log", "w") if (REPO / "var").is_dir() else subprocess.DEVNULL
    )
    proc = subprocess.Popen(
        args,
        cwd=REPO,
        env=worker_env(broker_url, **extra),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield proc
    finally:
        kill(proc)


def kill(proc: subprocess.Popen) -> None:
    """kill -9 the worker and its pool children."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=10)


def wait_for(predicate, *, timeout: float, every: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@contextmanager
def broker(url: str):
    """Point this process's Celery app at another broker for the block."""
    from classtime_site.celery import app

    def fresh_pools() -> None:
        # kombu keeps producer pools per connection URL process-wide: drop them with the
        # connection pool, or later publishes (eager ones too) fail with "Acquire on closed pool".
        from kombu import pools

        app.pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None
        pools.reset()

    old = app.conf.broker_url
    app.conf.broker_url = url
    fresh_pools()
    try:
        yield
    finally:
        app.conf.broker_url = old
        fresh_pools()


@contextmanager
def redis_server(port: int):
    """A throw-away Redis on 127.0.0.1:PORT, stopped when the block ends."""
    proc = subprocess.Popen(
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(
            lambda: (
                subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip() == b"PONG"
            ),
            timeout=10,
            what=f"redis on port {port}",
        )
        yield proc
    finally:
        proc.kill()
        proc.wait(timeout=10)
