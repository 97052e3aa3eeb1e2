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


def call(method: str, url: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, {}


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
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    queue = f"classtime-bench-{os.getpid()}"
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG"}},
        "DATABASE_URL": PG_ADMIN.rsplit("/", 1)[0] + "/" + DB_NAME,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        "CLASSTIME_CELERY_QUEUE": queue,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "CLASSTIME_GENERATION_RATE": "100000/minute",
    }
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
    logs = Path(tempfile.mkdtemp(prefix="classtime-load-"))
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "classtime_site.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                "2",
                "--threads",
                "4",
            ],
            cwd=REPO,
            env=env,
            stdout=open(logs / "web.log", "w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        ),
        *[
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "classtime_site",
                    "worker",
                    "--concurrency",
                    "1",
                    "--hostname",
                    f"bench{n}@%h",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=REPO,
                env=env,
                stdout=open(logs / f"worker{n}.log", "w"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            for n in range(2)
        ],
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "classtime_site",
                "beat",
                "--loglevel",
                "WARNING",
                "--schedule",
                str(logs / "beat-schedule"),
            ],
            cwd=REPO,
            env=env,
            stdout=open(logs / "beat.log", "w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        ),
    ]
    base = f"http://127.0.0.1:{PORT}/api/v1/generations/"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        loads = json.loads((DATA / "loads.json").read_text())
        choices = [(TERMS[f][1], load["courses"]) for f in TERMS for load in loads[f]]
        latencies: list[float] = []
        failures: list[str] = []
        lock = threading.Lock()
        stop_at = time.monotonic() + options.seconds

        def student(seed: int) -> None:
            rng = random.Random(seed)
            while time.monotonic() < stop_at:
                term, courses = rng.choice(choices)
                prefs = rng.choice(PROFILES)
                if options.unique:
                    prefs = {name: {**p, "weight": rng.randint(1, 100)} for name, p in prefs.items()}
                    prefs["open_seats"] = {"weight": rng.randint(1, 100)}
                body = {"term": term, "courses": courses, "preferences": prefs, "k": rng.randint(5, 15)}
                if term == "202208":
                    body["filters"] = {"campuses": ["Georgia Tech-Atlanta"]}
                started = time.monotonic()
                try:
                    status, job = call("POST", base, body)
                    if status != 202:
                        raise RuntimeError(f"POST answered {status}")
                    while job.get("status") in ("queued", "running"):
                        if time.monotonic() - started > 60:
                            raise RuntimeError(f"job {job['id']} not finished after 60 s")
                        time.sleep(0.05)
                        status, job = call("GET", job["url"])
                    if job.get("status") != "succeeded":
                        raise RuntimeError(f"job ended {job.get('status')}: {job.get('error')}")
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
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in procs:
            p.wait(timeout=30)
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
