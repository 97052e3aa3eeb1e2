# Classtime. `make run` and `make test` do all set-up on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/classtime
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
# Tests that never touch the database run once; the rest run on both configurations.
PURE_TESTS := --ignore=tests/engine --ignore=tests/catalog/sources

.PHONY: run test test-embedded test-production test-extended install lint format bench bench-import bench-engine bench-api clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_catalog catalog/demo/demo-catalog.json --format canonical
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# The whole suite: the embedded default (SQLite, in-process Celery), then PostgreSQL + Redis.
test: install
	$(MAKE) --no-print-directory test-embedded
	$(MAKE) --no-print-directory test-production

test-embedded: install
	env -u DATABASE_URL -u REDIS_URL $(PY) -m pytest -q -m "not extended"

test-production: install
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) $(PY) -m pytest -q -m "not extended" $(PURE_TESTS)

# The long fault tests (kill -9, a minute without Redis, PostgreSQL sessions terminated, time
# limits, duplicate deliveries) on PostgreSQL + Redis with real workers; docs/reliability.md.
test-extended: install
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) $(PY) -m pytest -q -m extended tests/reliability

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Benchmarks print figures; they are not tests (see docs/benchmarks.md).
bench: bench-import bench-engine

bench-import: install
	$(PY) -m catalog.bench_import

bench-engine: install
	$(PY) -m scheduler.bench

# Catalog API under 20 concurrent clients on PostgreSQL (docs/api.md).
bench-api: install
	$(PY) -m catalog.bench_api

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
