"""Mixed load benchmark (issue 8): `python -m scheduler.bench_mix [--readers 50] [--generators 20] [--seconds 120]`.

The production set-up on this one machine: a fresh PostgreSQL database with both real catalogs,
gunicorn (4 worker processes, as docs/operations.md recommends, x 2 threads; `--web-workers`,
`--web-threads`), two Celery worker processes and one beat, on the local Redis. Every simulated
student has an account, a personal API token and two saved schedules. At the same time:

- `--readers` students read: a course search (the seeded Georgia Tech mix of
  `catalog.bench_api`), a course detail, or their own saved schedules (`GET schedules/`),
  two in five, two in five and one in five, each on its own keep-alive connection;
- `--generators` students submit a random load of `loads.json` with a random preference
  profile and poll the job every 400 ms, as the planner page does, until it ends (end-to-end
  time; `scheduler.bench_load` polls every 50 ms).

Each simulated student thinks between two actions: a random pause of `--think` seconds on
average (uniform between half and one and a half times it; 0 makes every client fire back to
back, a stress test rather than students). `--processes N` spreads the students over N client
processes (1 by default: the clients use 3-4 % of a core, so their shared GIL delays no answer
measurably; 5 processes measured no better, docs/reliability.md).
Prints throughput, p50/p95/p99 and errors for reads (each kind and all) and for generation, the
load average before and after, and with `--access-log` the server's own time per request kind.
Targets: 0 errors, reads p95 <= 250 ms, generation end-to-end p95 <= 2 s. Not a test;
everything it starts it stops, and it sends traffic only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from catalog import bench_api
from scheduler import bench_load

DB_NAME = "classtime_bench_mix"
PORT = int(os.environ.get("BENCH_PORT", "8767"))
READ_KINDS = ("search", "detail", "my schedules")
POLL = 0.4  # seconds between polls of a job, as web/static/web/planner.js (POLL_MS)
USERS_SCRIPT = """
import json, sys
from django.contrib.auth.models import User
from accounts import services
keys = []
for n in range(int(sys.argv[1])):
    user = User.objects.create_user(f"student{n}", password=f"bench-password-{n}")
    keys.append(services.token_create(owner=user, name="bench")[1])
print(json.dumps(keys))
"""


def users_create(env: dict[str, str], count: int) -> list[str]:
    """`count` accounts with a personal token each; their keys."""
    script = USERS_SCRIPT.replace("sys.argv[1]", str(count))
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=bench_load.REPO,
        env=env,
        check=True,
        capture_output=True,
    )
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


def schedules_save(base: str, keys: list[str], choices: list[tuple[str, list[str]]]) -> None:
    """Two saved schedules per student: the best schedules of two loads, saved through the API."""
    best: dict[int, tuple[str, list[str]]] = {}
    rng = random.Random(8)
    for n, (term, courses) in enumerate(choices):
        body = {"term": term, "courses": courses, "k": 1}
        if term == "202208":
            body["filters"] = {"campuses": ["Georgia Tech-Atlanta"]}
        job = bench_load.generation_round_trip(f"{base}/generations/", body)
        schedule = job["results"][0]
        best[n] = (term, [s["id"] for s in schedule["sections"] + schedule["tba"]])
    for key in keys:
        for n in rng.sample(sorted(best), 2):
            term, sections = best[n]
            status, answer = bench_load.call(
                "POST",
                f"{base}/schedules/",
                {"term": term, "name": f"plan {n}", "sections": sections},
                {"Authorization": f"Token {key}"},
            )
            if status != 201:
                raise RuntimeError(f"saving a schedule answered {status}: {answer}")


def summary(latencies: list[float], errors: int, elapsed: float) -> str:
    if not latencies:
        return f"no answers, {errors} errors"
    return (
        f"{len(latencies):>6} answers {len(latencies) / elapsed:7.1f}/s  p50 {statistics.median(latencies):7.1f} ms  "
        f"p95 {bench_load.percentile(latencies, 0.95):7.1f} ms  p99 {bench_load.percentile(latencies, 0.99):7.1f} ms  "
        f"errors {errors}"
    )


def students_run(plan: dict[str, Any]) -> dict[str, Any]:
    """One client process: a thread per student of `plan` (reader and generator indexes into
    `keys`), all starting at the wall-clock time `start_at` and stopping `seconds` later. Returns
    the latencies (ms) and errors, to be merged with the other processes'."""
    port, keys, think = plan["port"], plan["keys"], plan["think"]
    searches, details, choices = plan["searches"], plan["details"], plan["choices"]
    base = f"http://127.0.0.1:{port}/api/v1"
    reads: dict[str, list[float]] = {kind: [] for kind in READ_KINDS}
    read_errors: list[str] = []
    generations: list[float] = []
    generation_errors: list[str] = []
    lock = threading.Lock()
    time.sleep(max(0.0, plan["start_at"] - time.time()))
    stop_at = time.monotonic() + plan["seconds"]

    def pause(rng: random.Random) -> None:
        if think:
            time.sleep(rng.uniform(0.5, 1.5) * think)

    def reader(n: int) -> None:
        rng = random.Random(n)
        client = bench_api.Client(port)
        auth = {"Authorization": f"Token {keys[n]}"}
        mine: dict[str, list[float]] = {kind: [] for kind in READ_KINDS}
        wrong: list[str] = []
        while time.monotonic() < stop_at:
            pause(rng)
            kind = rng.choices(READ_KINDS, weights=(2, 2, 1))[0]
            url = {"search": searches, "detail": details}.get(kind) or ["/api/v1/schedules/"]
            url = rng.choice(url)
            started = time.perf_counter()
            try:
                status, _, _ = client.get(url, auth)
            except Exception as exc:  # a benchmark counts every kind of failure
                wrong.append(f"{kind}: {type(exc).__name__}: {exc}")
                continue
            mine[kind].append((time.perf_counter() - started) * 1000)
            if status != 200:
                wrong.append(f"{kind} {url} answered {status}")
        with lock:
            for kind in READ_KINDS:
                reads[kind].extend(mine[kind])
            read_errors.extend(wrong)

    def generator(n: int) -> None:
        rng = random.Random(1000 + n)
        auth = {"Authorization": f"Token {keys[n]}"}
        while time.monotonic() < stop_at:
            pause(rng)
            started = time.monotonic()
            try:
                bench_load.generation_round_trip(
                    f"{base}/generations/", bench_load.generation_body(rng, choices, unique=True), auth, poll=POLL
                )
                with lock:
                    generations.append((time.monotonic() - started) * 1000)
            except Exception as exc:  # a benchmark counts every kind of failure
                with lock:
                    generation_errors.append(str(exc))

    threads = [threading.Thread(target=reader, args=(n,)) for n in plan["readers"]]
    threads += [threading.Thread(target=generator, args=(n,)) for n in plan["generators"]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "reads": reads,
        "read_errors": read_errors,
        "generations": generations,
        "generation_errors": generation_errors,
    }


def server_times(log: Path) -> dict[str, list[float]]:
    """Milliseconds the server spent per request kind, from the access log (`--access-log`)."""
    found: dict[str, list[float]] = {}
    for line in log.read_text().splitlines():
        method, path, _, micros = line.split()
        if path == "/api/v1/schedules/":
            kind = "my schedules"
        elif path.endswith("/courses/"):
            kind = "search"
        elif "/courses/" in path:
            kind = "detail"
        elif path.startswith("/api/v1/generations/"):
            kind = "generation POST" if method == "POST" else "generation poll"
        else:
            kind = "other"
        found.setdefault(kind, []).append(int(micros) / 1000)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--generators", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds a student pauses between actions")
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="client processes the students are spread over (1: every student a thread of this process)",
    )
    parser.add_argument("--web-workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--web-threads", type=int, default=2, help="threads per gunicorn worker")
    parser.add_argument(
        "--access-log", action="store_true", help="log the server's time per request and print it per kind"
    )
    options = parser.parse_args(argv)
    if not (bench_load.DATA / "loads.json").is_file():
        print(f"no real data at {bench_load.DATA}; nothing to benchmark")
        return 0
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG"}},
        "DATABASE_URL": bench_load.database_fresh(DB_NAME),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"),
        "CLASSTIME_CELERY_QUEUE": f"classtime-bench-mix-{os.getpid()}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "CLASSTIME_ANON_RATE": "100000000/minute",
        "CLASSTIME_USER_RATE": "100000000/minute",
        "CLASSTIME_GENERATION_RATE": "100000/minute",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    bench_load.catalogs_import(env)
    keys = users_create(env, options.readers + options.generators)
    logs = Path(tempfile.mkdtemp(prefix="classtime-bench-mix-"))
    procs = bench_load.stack_start(
        env=env,
        logs=logs,
        port=PORT,
        workers=options.web_workers,
        threads=options.web_threads,
        access_log=options.access_log,
    )
    base = f"http://127.0.0.1:{PORT}/api/v1"
    choices = bench_load.load_choices()
    reads: dict[str, list[float]] = {kind: [] for kind in READ_KINDS}
    read_errors: list[str] = []
    generations: list[float] = []
    generation_errors: list[str] = []
    try:
        schedules_save(base, keys, choices)
        searches, details = bench_api.workload(bench_api.Client(PORT))
        if options.access_log:
            (logs / "access.log").write_text("")  # gunicorn appends: only the timed phase is kept
        load_before = os.getloadavg()
        processes = max(1, options.processes)
        start_at = time.time() + (2 if processes > 1 else 0)
        students = [("readers", n) for n in range(options.readers)]
        students += [("generators", options.readers + n) for n in range(options.generators)]
        plans = []
        for p in range(processes):
            plan = {"readers": [], "generators": [], "port": PORT, "keys": keys, "think": options.think}
            plan.update(searches=searches, details=details, choices=choices, start_at=start_at)
            plan["seconds"] = options.seconds
            for role, n in students[p::processes]:
                plan[role].append(n)
            plans.append(plan)
        if processes == 1:
            results = [students_run(plans[0])]
        else:
            with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
                results = list(pool.map(students_run, plans))
        elapsed = time.time() - start_at
        load_after = os.getloadavg()
    finally:
        bench_load.stack_stop(procs)
    for result in results:
        for kind in READ_KINDS:
            reads[kind] += result["reads"][kind]
        read_errors += result["read_errors"]
        generations += result["generations"]
        generation_errors += result["generation_errors"]
    print(
        f"{options.readers} readers + {options.generators} generating students in {processes} client "
        f"process(es), think {options.think} s, {elapsed:.0f} s; gunicorn {options.web_workers}x{options.web_threads}, "
        f"2 Celery workers, PostgreSQL + Redis, clients on the same {os.cpu_count()} cores"
    )
    print("load average before " + " ".join(f"{x:.2f}" for x in load_before), end="; ")
    print("after " + " ".join(f"{x:.2f}" for x in load_after))
    for kind in READ_KINDS:
        print(f"read {kind:<13} {summary(reads[kind], sum(e.startswith(kind) for e in read_errors), elapsed)}")
    every_read = [ms for kind in READ_KINDS for ms in reads[kind]]
    print(f"reads, all         {summary(every_read, len(read_errors), elapsed)}")
    print(f"generation e2e     {summary(generations, len(generation_errors), elapsed)}")
    if options.access_log:
        for kind, times in sorted(server_times(logs / "access.log").items()):
            print(f"server {kind:<16} {summary(times, 0, elapsed)}")
    for error in sorted(set(read_errors + generation_errors))[:10]:
        print(f"error: {error}")
    print(f"logs in {logs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
