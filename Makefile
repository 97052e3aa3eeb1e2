# Classtime. `make run` does all set-up on a fresh machine with Python 3.11+; `make test` also needs
# PostgreSQL and Redis answering on 127.0.0.1 (`.ci/run` starts them), `make test-embedded` does not.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/classtime
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
# Tests that never touch the database run once; the rest run on both configurations.
PURE_TESTS := --ignore=tests/engine --ignore=tests/catalog/sources
# Browser tests drive Debian's Chromium against a live server with in-process tasks: embedded pass only.
BROWSER_TESTS := --ignore-glob='tests/web/test_e2e_*'
CHROMIUM ?= /usr/bin/chromium
# `make run PORT=8001` when 8000 is taken
PORT ?= 8000

.PHONY: run test test-embedded test-production test-extended test-fuzz install chromium lint format bench bench-import bench-engine bench-electives bench-api bench-mix clean

# A .venv symlink whose target is gone is removed first (the link only: never a directory), or
# `python3 -m venv` fails with "File exists". `make run` installs what the site needs
# (requirements.txt); `make install` (tests, lint, benchmarks) the test tools too.
$(VENV)/.installed-app: requirements.txt
	if [ -L $(VENV) ] && [ ! -e $(VENV) ]; then rm $(VENV); fi
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed: $(VENV)/.installed-app requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Debian's chromium for the browser tests (never `playwright install`): installed with apt when
# missing and running as root; otherwise say how (the browser tests then skip, or fail with CI=true).
chromium:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium for the browser tests (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "$(CHROMIUM) is missing: the browser tests will skip. Install it with: sudo apt-get install -y chromium"; \
	fi

run: $(VENV)/.installed-app
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_catalog catalog/demo/demo-catalog.json --format canonical
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite: the embedded default (SQLite, in-process Celery) and PostgreSQL + Redis, side
# by side (they share no database: in-memory SQLite; the test PostgreSQL database and Redis db 15):
# on two cores that is much shorter than one after the other (figures in docs/benchmarks.md,
# "The test suite's time"). Each pass's output is printed when it ends; either failing fails
# `make test`. TEST_JOBS=1 runs them in turn.
TEST_JOBS ?= 2
test: install chromium
	$(MAKE) --no-print-directory -j$(TEST_JOBS) --output-sync=target test-embedded test-production

test-embedded: install chromium
	env -u DATABASE_URL -u REDIS_URL $(PY) -m pytest -q -m "not extended"

test-production: install
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) $(PY) -m pytest -q -m "not extended" $(PURE_TESTS) $(BROWSER_TESTS)

# The long fault tests (kill -9, a minute without Redis, PostgreSQL sessions terminated, time
# limits, duplicate deliveries) on PostgreSQL + Redis with real workers; docs/reliability.md.
test-extended: install
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) $(PY) -m pytest -q -m extended tests/reliability

# The engine's property tests against the brute-force oracle on 1,000 random requests each
# (make test draws 120): a longer hunt for a wrong answer, minutes rather than seconds.
test-fuzz: install
	env -u DATABASE_URL -u REDIS_URL CLASSTIME_PROPERTY_EXAMPLES=1000 $(PY) -m pytest -q tests/engine/test_engine_properties.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Benchmarks print figures; they are not tests (see docs/benchmarks.md).
bench: bench-import bench-engine bench-electives

bench-import: install
	$(PY) -m catalog.bench_import

bench-engine: install
	$(PY) -m scheduler.bench

# Elective groups searched in one tree against one search per selection (docs/engine.md).
bench-electives: install
	$(PY) -m scheduler.bench_electives --explain 200

# Catalog API under 20 concurrent clients on PostgreSQL (docs/api.md).
bench-api: install
	$(PY) -m catalog.bench_api

# Reads (search, course detail, my schedules) by 50 students while 20 generate (docs/reliability.md).
bench-mix: install
	$(PY) -m scheduler.bench_mix

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
