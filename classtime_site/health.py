"""Health checks for load balancers and orchestrators: `GET /healthz` (the process answers) and
`GET /readyz` (it can serve: the database answers and every migration is applied; Redis is
reported but does not fail it, since the site keeps serving without its cache and a job sent
while the broker is away is sent again by the beat). docs/operations.md, "Health checks".

A middleware, first in the chain, answers them: a balancer probes by address, so the Host
header matches no ALLOWED_HOSTS entry, and it probes over plain HTTP, which the production
settings would redirect to HTTPS. Neither applies here, and the answers hold no secret: each
check is "ok" or the name of the error it met.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse

PATHS = ("/healthz", "/readyz")
REDIS_TIMEOUT_SECONDS = 1.0
DATABASE_TIMEOUT_SECONDS = 2.0
database_checking = threading.Lock()  # held while a check thread waits for the database

migrations_applied = False  # once true in a process it stays so: migrations are not undone under it


def database_check() -> str:
    """`SELECT 1` on a connection of its own, in a thread given DATABASE_TIMEOUT_SECONDS: a
    database that stops answering while its machine still acknowledges every packet (a frozen
    server, a stuck disk) fails the probe instead of hanging it until gunicorn kills the worker.
    While an earlier check still waits, the next fails at once rather than start another."""
    if not database_checking.acquire(blocking=False):
        return "unavailable (no answer yet to the last check)"
    found: list[str] = []

    def check() -> None:
        try:
            found.append(select_one())
        finally:
            connections.close_all()  # this thread's own connection
            database_checking.release()

    thread = threading.Thread(target=check, name="readyz-database", daemon=True)
    try:
        thread.start()
    except RuntimeError as exc:  # no thread to be had (out of threads or memory): the next probe tries again
        database_checking.release()
        return f"unavailable ({type(exc).__name__})"
    thread.join(DATABASE_TIMEOUT_SECONDS)
    return found[0] if found else f"unavailable (no answer in {DATABASE_TIMEOUT_SECONDS:g} s)"


def select_one() -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        connection.close_if_unusable_or_obsolete()
        return f"unavailable ({type(exc).__name__})"
    return "ok"


def migrations_check() -> str:
    global migrations_applied
    if migrations_applied:
        return "ok"
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return f"unknown ({type(exc).__name__})"
    if plan:
        return f"{len(plan)} unapplied (run manage.py migrate)"
    migrations_applied = True
    return "ok"


def redis_check() -> str:
    if not settings.REDIS_URL:
        return "not used (embedded default)"
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    except Exception as exc:
        return f"unavailable ({type(exc).__name__})"
    finally:
        client.close()
    return "ok"


def readiness() -> tuple[int, dict]:
    """The status code and body of /readyz: 503 when the database or the migrations fail."""
    checks = {"database": database_check()}
    checks["migrations"] = migrations_check() if checks["database"] == "ok" else "unknown (no database)"
    checks["redis"] = redis_check()
    if checks["database"] != "ok" or checks["migrations"] != "ok":
        return 503, {"status": "unavailable", "checks": checks}
    healthy = checks["redis"] == "ok" or not settings.REDIS_URL
    return 200, {"status": "ok" if healthy else "degraded", "checks": checks}


def answer(status: int, body: dict, *, allow: str = "GET, HEAD") -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    if status == 405:
        response["Allow"] = allow
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path not in PATHS:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return answer(405, {"status": "method not allowed", "checks": {}})
        if request.path == "/healthz":
            return answer(200, {"status": "ok", "checks": {}})
        return answer(*readiness())
