"""Generation load benchmark: `python -m scheduler.bench_load [--students 20] [--seconds 180]`.

Production set-up on this machine: a fresh PostgreSQL database with both real catalogs
imported, gunicorn (2 workers) on 127.0.0.1, two Celery worker processes and one beat, on the
local Redis. N simulated students each loop: submit a random load of ../shared/data/loads.json
with a random preference profile, poll the job until it finishes, record the end-to-end time.
Prints jobs per second, end-to-end p50/p95/p99 and failures. Not a test; everything it starts
it stops, and it sends traffic only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
DB_NAME = "classtime_bench_load"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
PROFILES = [
    {},
    {"no_classes_before": {"weight": 5, "time": "10:00"}, "free_days": {"weight": 20, "days": ["Fr"]}},
    {"lunch": {"weight": 10}, "max_in_a_row": {"weight": 3}, "fewer_days": {"weight": 5}},
    {"no_classes_after": {"weight": 4, "time": "16:00"}, "open_seats": {"weight": 3}},
]
TERMS = {"uva/2025_fall.csv": ("uva-csv", "2025-fall"), "gatech/202208.json": ("gatech-json", "202208")}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered))) - 1))]


def call(method: str, url: str, body: dict | None = None, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json", **(headers or {})}
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def database_fresh(name: str) -> str:
    """Drop and create the PostgreSQL database `name`; its URL."""
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def catalogs_import(env: dict[str, str]) -> None:
    """Migrate and import both real catalogs into the database of `env`."""
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=REPO, env=env, check=True)
    for relative, (fmt, _) in TERMS.items():
        subprocess.run(
            [*manage, "import_catalog", str(DATA / relative), "--format", fmt],
            cwd=REPO,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def stack_start(
    *, env: dict[str, str], logs: Path, port: int, workers: int = 2, threads: int = 4, access_log: bool = False
) -> list:
    """gunicorn on 127.0.0.1:`port`, two Celery worker processes and one beat, each in its own
    process group (stopped by `stack_stop`); returns once the web answers. Refuses to start
    when something already listens on the port (its answers would be measured instead).
    `access_log` writes logs/access.log: method, path, status and the server's time in µs."""
    import socket

    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise RuntimeError(f"something already answers on 127.0.0.1:{port}; stop it or set BENCH_PORT")

    def spawn(args: list[str], log: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", *args],
            cwd=REPO,
            env=env,
            stdout=open(logs / log, "w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    web = ["gunicorn", "classtime_site.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    web += ["--threads", str(threads), "--worker-class", "gthread", "--keep-alive", "30", "--no-control-socket"]
    if access_log:
        web += ["--access-logfile", str(logs / "access.log"), "--access-logformat", "%(m)s %(U)s %(s)s %(D)s"]
    procs = [spawn(web, "web.log")]
    for n in range(2):
        celery = ["celery", "-A", "classtime_site", "worker", "--concurrency", "1", "--loglevel", "WARNING"]
        procs.append(spawn([*celery, "--hostname", f"bench{n}@%h"], f"worker{n}.log"))
    beat = ["celery", "-A", "classtime_site", "beat", "--loglevel", "WARNING"]
    procs.append(spawn([*beat, "--schedule", str(logs / "beat-schedule")], "beat.log"))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/terms/", timeout=2).read()
            return procs
        except OSError:
            time.sleep(0.5)
    stack_stop(procs)
    raise RuntimeError(f"the web process did not answer within 30 s; see {logs / 'web.log'}")


def stack_stop(procs: list) -> None:
    for p in procs:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for p in procs:
        p.wait(timeout=30)


def load_choices() -> list[tuple[str, list[str]]]:
    """(term code, courses) of every load in loads.json."""
    loads = json.loads((DATA / "loads.json").read_text())
    return [(TERMS[f][1], load["courses"]) for f in TERMS for load in loads[f]]


def generation_body(rng: random.Random, choices: list[tuple[str, list[str]]], unique: bool = False) -> dict:
    """A random load with a random preference profile and k, as a student would ask."""
    term, courses = rng.choice(choices)
    prefs = rng.choice(PROFILES)
    if unique:
        prefs = {name: {**p, "weight": rng.randint(1, 100)} for name, p in prefs.items()}
        prefs["open_seats"] = {"weight": rng.randint(1, 100)}
    body = {"term": term, "courses": courses, "preferences": prefs, "k": rng.randint(5, 15)}
    if term == "202208":
        body["filters"] = {"campuses": ["Georgia Tech-Atlanta"]}
    return body


def generation_round_trip(base: str, body: dict, headers: dict[str, str] | None = None, poll: float = 0.05) -> dict:
    """Submit and poll every `poll` seconds until the job ends; the finished job, or RuntimeError
    saying what went wrong."""
    started = time.monotonic()
    status, job = call("POST", base, body, headers)
    if status != 202:
        raise RuntimeError(f"POST answered {status}: {json.dumps(job)[:300]}")
    while job.get("status") in ("queued", "running"):
        if time.monotonic() - started > 60:
            raise RuntimeError(f"job {job['id']} not finished after 60 s")
        time.sleep(poll)
        status, job = call("GET", job["url"], None, headers)
    if job.get("status") != "succeeded":
        raise RuntimeError(f"job ended {job.get('status')}: {job.get('error')}")
    return job


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument(
        "--unique",
        action="store_true",
        help="random preference weights, so no request is answered from an earlier job",
    )
    options = parser.parse_args(argv)
    if not (DATA / "loads.json").is_file():
        print(f"no real data at {DATA}; nothing to benchmark")
        return 0
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG"}},
        "DATABASE_URL": database_fresh(DB_NAME),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        "CLASSTIME_CELERY_QUEUE": f"classtime-bench-{os.getpid()}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "CLASSTIME_GENERATION_RATE": "100000/minute",
        "CLASSTIME_ANON_RATE": "100000000/minute",  # the students all poll from 127.0.0.1
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    catalogs_import(env)
    logs = Path(tempfile.mkdtemp(prefix="classtime-load-"))
    procs = stack_start(env=env, logs=logs, port=PORT)
    base = f"http://127.0.0.1:{PORT}/api/v1/generations/"
    try:
        choices = load_choices()
        latencies: list[float] = []
        failures: list[str] = []
        lock = threading.Lock()
        stop_at = time.monotonic() + options.seconds

        def student(seed: int) -> None:
            rng = random.Random(seed)
            while time.monotonic() < stop_at:
                body = generation_body(rng, choices, options.unique)
                started = time.monotonic()
                try:
                    generation_round_trip(base, body)
                    with lock:
                        latencies.append((time.monotonic() - started) * 1000)
                except Exception as exc:  # a benchmark counts every kind of failure
                    with lock:
                        failures.append(str(exc))

        threads = [threading.Thread(target=student, args=(n,)) for n in range(options.students)]
        began = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - began
    finally:
        stack_stop(procs)
    print(
        f"{options.students} students, {elapsed:.0f} s, gunicorn 2x4 + 2 Celery workers, PostgreSQL + Redis, "
        f"{os.cpu_count()} cores"
    )
    if latencies:
        print(f"jobs: {len(latencies)} succeeded, {len(failures)} failed; {len(latencies) / elapsed:.1f} jobs/s")
        print(
            f"end-to-end ms: p50 {statistics.median(latencies):.0f}, p95 {percentile(latencies, 0.95):.0f}, "
            f"p99 {percentile(latencies, 0.99):.0f}, max {max(latencies):.0f}"
        )
    for failure in sorted(set(failures))[:10]:
        print(f"failure: {failure}")
    print(f"logs in {logs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
