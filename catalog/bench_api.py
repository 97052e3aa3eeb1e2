"""Catalog API benchmark: `python -m catalog.bench_api [--clients 20] [--seconds 20] [--runs 3] [--cold]`.

The production set-up on this machine: a fresh PostgreSQL database with the Georgia Tech
catalog imported, gunicorn (`--workers` x `--threads`) on 127.0.0.1, throttling counted in the
local Redis (at a rate too high to refuse anything). `--clients` threads, each with its own
keep-alive connection, loop for `--seconds` per scenario and run:

- search: a course search drawn from a fixed, seeded mix (a code, title words, an instructor,
  subject + days, subject + start time + open seats, words + campus), 20 per page;
- detail: the detail of a random course (components, sections, meetings);
- detail-304: the same with the ETag of an earlier answer (If-None-Match), as a polling client.

Prints p50/p95/p99, throughput and errors per scenario and run, then the median (min-max) over
the runs. Not a test; everything it starts it stops, and it sends traffic only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GATECH = REPO.parent / "shared" / "data" / "gatech" / "202208.json"
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
DB_NAME = "classtime_bench_api"
PORT = int(os.environ.get("BENCH_PORT", "8766"))
TERM = "/api/v1/institutions/gatech/terms/202208/"
SCENARIOS = ("search", "detail", "detail-304")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered))) - 1))]


class Client:
    """One keep-alive HTTP/1.1 connection to the server under test: a plain socket and just
    enough parsing (status, headers, Content-Length), so that the clients, which share the
    machine's two cores with the server, spend as little as possible of them."""

    def __init__(self, port: int = PORT) -> None:
        self.port = port
        self.sock: socket.socket | None = None
        self.buffer = b""

    def connect(self) -> socket.socket:
        if self.sock is None:
            self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.buffer = b""
        return self.sock

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock = None

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}\r\n".encode()
        for attempt in range(2):
            try:
                sock = self.connect()
                sock.sendall(request)
                return self.response(sock)
            except OSError:
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def response(self, sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
        while b"\r\n\r\n" not in self.buffer:
            self.receive(sock)
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        found = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            found[name.strip().lower()] = value.strip()
        length = int(found.get("content-length", "0"))
        while len(self.buffer) < length:
            self.receive(sock)
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        if found.get("connection", "").lower() == "close":
            self.close()
        return status, found, body

    def receive(self, sock: socket.socket) -> None:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buffer += chunk


def workload(client: Client, seed: int = 2022) -> tuple[list[str], list[str]]:
    """Search URLs (a seeded mix) and course detail URLs, from the catalog the server holds."""
    courses, page = [], 1
    while True:
        status, _, body = client.get(f"{TERM}courses/?page_size=100&page={page}")
        assert status == 200, status
        data = json.loads(body)
        courses += data["results"]
        if not data["next"]:
            break
        page += 1
    rng = random.Random(seed)
    details = [urllib.parse.urlsplit(c["url"]).path for c in courses]
    instructors = set()
    for path in rng.sample(details, 40):
        course = json.loads(client.get(path)[2])
        instructors |= {
            name.split()[-1] for comp in course["components"] for s in comp["sections"] for name in s["instructors"]
        }
    words = sorted({w for c in courses for w in c["title"].split() if len(w) > 3 and w.isalpha()})
    subjects = sorted({c["subject"] for c in courses})
    names = sorted(n for n in instructors if n.isalpha())
    searches = []
    for _ in range(300):
        kind = rng.randrange(6)
        course = rng.choice(courses)
        if kind == 0:
            params = {"q": course["code"]}
        elif kind == 1:
            params = {"q": " ".join(rng.sample(words, 1) + ([rng.choice(words)] if rng.random() < 0.3 else []))}
        elif kind == 2:
            params = {"instructor": rng.choice(names)}
        elif kind == 3:
            params = {"subject": rng.choice(subjects), "days": ["Tu", "Th"]}
        elif kind == 4:
            params = {"subject": rng.choice(subjects), "starts_after": "10:00", "open_seats": "true"}
        else:
            params = {"q": rng.choice(words), "campus": "Georgia Tech-Atlanta"}
        searches.append(f"{TERM}courses/?{urllib.parse.urlencode(params, doseq=True)}")
    return searches, details


def spread(results: list[dict], key: str, fmt: str = "{:.1f}") -> str:
    """Median (min-max) of one figure over the runs."""
    values = [r[key] for r in results]
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def run_scenario(name: str, urls: list[str], clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    etags: dict[str, str] = {}
    if name == "detail-304":
        client = Client()
        for url in urls:
            etags[url] = client.get(url)[1]["etag"]
    expected = 304 if name == "detail-304" else 200
    stop_at = time.monotonic() + seconds

    def loop(seed: int) -> None:
        rng = random.Random(seed)
        client = Client()
        mine, wrong = [], []
        while time.monotonic() < stop_at:
            url = rng.choice(urls)
            headers = {"If-None-Match": etags[url]} if etags else None
            started = time.perf_counter()
            try:
                status, _, _ = client.get(url, headers)
            except Exception as exc:  # a benchmark counts every kind of failure
                wrong.append(f"{type(exc).__name__}: {exc}")
                continue
            mine.append((time.perf_counter() - started) * 1000)
            if status != expected:
                wrong.append(f"{url} answered {status}")
        with lock:
            latencies.extend(mine)
            errors.extend(wrong)

    threads = [threading.Thread(target=loop, args=(n,)) for n in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    return {
        "scenario": name,
        "requests": len(latencies),
        "errors": len(errors),
        "first_errors": sorted(set(errors))[:5],
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": percentile(latencies, 0.95) if latencies else float("nan"),
        "p99": percentile(latencies, 0.99) if latencies else float("nan"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20, help="per scenario and run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep-database", action="store_true", help="reuse the database of an earlier run")
    parser.add_argument(
        "--cold", action="store_true", help="no answer cache (CLASSTIME_API_CACHE_SECONDS=0): every request computed"
    )
    options = parser.parse_args(argv)
    if not GATECH.is_file():
        print(f"no real data at {GATECH}; nothing to benchmark")
        return 0
    import psycopg

    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG"}},
        "DATABASE_URL": PG_ADMIN.rsplit("/", 1)[0] + "/" + DB_NAME,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "CLASSTIME_ANON_RATE": "100000000/minute",
        "CLASSTIME_USER_RATE": "100000000/minute",
        "DJANGO_LOG_LEVEL": "WARNING",
        "CLASSTIME_API_CACHE_SECONDS": "0" if options.cold else "600",
    }
    if not options.keep_database:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], cwd=REPO, env=env, check=True)
        subprocess.run(
            [*manage, "import_catalog", str(GATECH), "--format", "gatech-json"],
            cwd=REPO,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    try:
        Client().get("/")
        print(f"something already answers on 127.0.0.1:{PORT}; stop it or set BENCH_PORT")
        return 1
    except OSError:
        pass
    logs = Path(tempfile.mkdtemp(prefix="classtime-bench-api-"))
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "classtime_site.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(options.workers),
            "--threads",
            str(options.threads),
            "--worker-class",
            "gthread",
            "--keep-alive",
            "30",
            "--no-control-socket",  # two on one machine would share one (docs/operations.md)
        ],
        cwd=REPO,
        env=env,
        stdout=open(logs / "web.log", "w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    results: list[dict] = []
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if Client().get(TERM)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer within 30 s; see {logs / 'web.log'}")
            time.sleep(0.5)
        searches, details = workload(Client())
        urls = {"search": searches, "detail": details, "detail-304": details}
        for name in SCENARIOS:  # warm every worker's connections and caches
            run_scenario(name, urls[name], options.clients, 3)
        for run in range(1, options.runs + 1):
            for name in SCENARIOS:
                result = {"run": run, **run_scenario(name, urls[name], options.clients, options.seconds)}
                results.append(result)
                print(
                    f"run {run} {name:<10} {result['requests']:>6} requests {result['rps']:7.1f}/s  "
                    f"p50 {result['p50']:6.1f} ms  p95 {result['p95']:6.1f} ms  p99 {result['p99']:6.1f} ms  "
                    f"errors {result['errors']}",
                    flush=True,
                )
                for error in result["first_errors"]:
                    print(f"    error: {error}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(
        f"\n{options.clients} clients, {options.seconds:.0f} s per scenario, {options.runs} runs; gunicorn "
        f"{options.workers} workers x {options.threads} threads; PostgreSQL + Redis; "
        f"{'no answer cache' if options.cold else 'answer cache on'}; {os.cpu_count()} cores shared by server, "
        "database and clients"
    )
    print("| scenario | requests/s | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|")
    for name in SCENARIOS:
        mine = [r for r in results if r["scenario"] == name]
        print(
            f"| {name} | {spread(mine, 'rps', '{:.0f}')} | {spread(mine, 'p50')} | {spread(mine, 'p95')} | "
            f"{spread(mine, 'p99')} | {sum(r['errors'] for r in mine)} |"
        )
    print(f"logs in {logs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
