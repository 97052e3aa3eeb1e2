"""Catalog import benchmark: `python -m catalog.bench_import [--runs N] [--json]`.

For each real catalog in ../shared/data and each database (SQLite file, PostgreSQL), it makes a
fresh database, migrates it, then times a first import and an unchanged re-import, each in its
own `manage.py import_catalog` process so that peak memory (max RSS) is that import's alone.
Figures are wall-clock seconds and MB: median and min–max over the runs. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
CATALOGS = [("gatech/202208.json", "gatech-json"), ("uva/2025_fall.csv", "uva-csv")]
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
PG_BENCH_DB = "classtime_bench_import"


def run_measured(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run `manage.py ARGS`; return (seconds, peak RSS in MB) of that process."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed: {proc.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def fresh_postgres() -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_BENCH_DB}"')
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_BENCH_DB


def bench(runs: int) -> list[dict]:
    base_env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    rows = []
    for relative, fmt in CATALOGS:
        path = DATA / relative
        if not path.is_file():
            print(f"skipping {relative}: {path} is absent", file=sys.stderr)
            continue
        for backend in ("sqlite", "postgresql"):
            first, again, first_mb, again_mb = [], [], [], []
            for _ in range(runs):
                with tempfile.TemporaryDirectory() as tmp:
                    env = dict(base_env)
                    if backend == "sqlite":
                        env["CLASSTIME_SQLITE_PATH"] = str(Path(tmp) / "bench.sqlite3")
                    else:
                        env["DATABASE_URL"] = fresh_postgres()
                    subprocess.run(
                        [sys.executable, "manage.py", "migrate", "-v0"],
                        cwd=REPO,
                        env=env,
                        check=True,
                    )
                    args = ["import_catalog", str(path), "--format", fmt]
                    seconds, mb = run_measured(args, env)
                    first.append(seconds)
                    first_mb.append(mb)
                    seconds, mb = run_measured(args, env)
                    again.append(seconds)
                    again_mb.append(mb)
            rows.append(
                {
                    "catalog": relative,
                    "database": backend,
                    "runs": runs,
                    "first_import_s": summary(first),
                    "first_import_peak_mb": summary(first_mb),
                    "reimport_s": summary(again),
                    "reimport_peak_mb": summary(again_mb),
                }
            )
    return rows


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 2),
        "min": round(min(values), 2),
        "max": round(max(values), 2),
    }


def fmt(s: dict[str, float]) -> str:
    return f"{s['median']:>7.2f} ({s['min']:.2f}–{s['max']:.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    if not DATA.is_dir():
        print(f"no real catalogs at {DATA}; nothing to benchmark")
        return
    rows = bench(options.runs)
    if options.json:
        print(json.dumps(rows, indent=1))
        return
    print(f"catalog import, {options.runs} runs each, {os.cpu_count()} cores; median (min–max)")
    print(f"{'catalog':<22}{'db':<12}{'first s':>22}{'first MB':>22}{'re-import s':>22}{'re-import MB':>22}")
    for r in rows:
        print(
            f"{r['catalog']:<22}{r['database']:<12}{fmt(r['first_import_s']):>22}"
            f"{fmt(r['first_import_peak_mb']):>22}{fmt(r['reimport_s']):>22}"
            f"{fmt(r['reimport_peak_mb']):>22}"
        )


if __name__ == "__main__":
    main()
