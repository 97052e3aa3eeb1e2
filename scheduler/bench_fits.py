""" "Fits my week" benchmark: `python -m scheduler.bench_fits [--institution uva] [--term 2025-fall] [--calls 15]`.

Times POST /api/v1/course-fits/ through Django's test client (serializer, catalog reads, engine)
against the configured database, which must hold the real catalog the loads name (import
../shared/data/uva/2025_fall.csv first). For each load of ../shared/data/loads.json of that file,
the plan is the load's courses and the candidates are 20 courses a student browsing would see:
the term's first 20 1000- and 2000-level courses by code, meeting only on weekdays, not in the
load. Prints, per load, the median, minimum and maximum of `--calls` calls (after one warm-up
call, which fills the process's course cache), and how many candidates fit, do not fit and were
left unknown; `--busy` adds a busy time Monday to Friday 11:00-13:00 (a load that still fits
then, with many candidates that do not, each saying why). Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

LOADS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "loads.json"
FILES = {"uva": "uva/2025_fall.csv", "gatech": "gatech/202208.json"}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--institution", default="uva")
    parser.add_argument("--term", default="2025-fall")
    parser.add_argument("--calls", type=int, default=15)
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument(
        "--busy", action="store_true", help="a busy time Mo-Fr 11:00-13:00 too: many candidates do not fit, and say why"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "classtime_site.settings")
    import django

    django.setup()
    from django.conf import settings
    from rest_framework.test import APIClient

    from catalog import selectors
    from catalog.models import Course

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}
    settings.ALLOWED_HOSTS = ["*"]
    term = selectors.term_get(code=args.term, institution=args.institution)
    loads = json.loads(LOADS.read_text())[FILES[args.institution]]
    filters = selectors.CourseFilters(levels=(1000, 2000), days=(0, 1, 2, 3, 4))
    browsed = list(selectors.course_search(term=term, filters=filters).values_list("subject", "number")[:200])
    client = APIClient()
    print(
        f"{args.institution} {args.term}: {args.calls} calls per load, {args.candidates} candidates, "
        f"deadline {settings.CLASSTIME_FIT_DEADLINE_MS} ms"
    )
    for load in loads:
        candidates = [f"{s} {n}" for s, n in browsed if f"{s} {n}" not in load["courses"]][: args.candidates]
        body = {
            "institution": args.institution,
            "term": args.term,
            "courses": load["courses"],
            "candidates": candidates,
        }
        if args.busy:
            body["busy"] = [{"days": ["Mo", "Tu", "We", "Th", "Fr"], "start": "11:00", "end": "13:00", "label": "work"}]
        times, answers = [], Counter()
        for call in range(args.calls + 1):
            started = time.perf_counter()
            response = client.post("/api/v1/course-fits/", body, format="json")
            took = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                sys.exit(f"{load['id']}: {response.status_code} {response.content[:300]!r}")
            if call:
                times.append(took)
                answers.update(str(r["fits"]) for r in response.json()["results"])
        said = ", ".join(f"{k} {v // args.calls}" for k, v in sorted(answers.items()))
        print(
            f"{load['id']:6} median {statistics.median(times):6.1f} ms  min {min(times):6.1f}  "
            f"max {max(times):6.1f}  ({said})"
        )
    assert Course.objects.exists()


if __name__ == "__main__":
    main()
