"""Shared fixtures. Real catalogs live beside the repository in ../shared/data (not copied in)."""

import socket
import time
from pathlib import Path

import pytest
import yaml
from django.db import OperationalError, connection, transaction
from psycopg.errors import QueryCanceled

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
DEMO_CATALOG = REPO / "catalog" / "demo" / "demo-catalog.json"


def yaml_read(text: str | bytes) -> object:
    """YAML read as `yaml.safe_load` reads it, by libyaml's C loader where PyYAML has it: the
    served schema (600 KB) takes about 2 s in pure Python, 0.3 s in C, and some 30 tests read it."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """The SQLite test database's connections take turns between threads (tests/sqlite_serial.py):
    the live server's threads share the in-memory database's one connection, and two threads
    in it at once could wait for each other forever."""
    from django.conf import settings

    from tests.sqlite_serial import SerialConnection

    for database in settings.DATABASES.values():
        if database["ENGINE"] == "django.db.backends.sqlite3":
            database.setdefault("OPTIONS", {})["factory"] = SerialConnection


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """A cheap hasher for every test: Django's PBKDF2 costs about 0.2 s a password on this machine,
    and most tests create a student or two (the settings keep PBKDF2: tests/test_settings.py)."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


VACUUM_EVERY_SECONDS = 20
vacuumed_at = time.monotonic()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """PostgreSQL's test database vacuumed every VACUUM_EVERY_SECONDS, between two tests. Each
    test's rolled-back rows are dead rows left in the tables; autovacuum clears them, but where
    the server runs without it (this machine's does), they pile up through the run and every scan
    reads them: the production pass took 18 minutes, its saved-schedule tests ten times as long as
    alone, and 11 with this (docs/benchmarks.md, "The test suite's time").

    VACUUM alone: ANALYZE as well was no faster (11:04 against 11:00, one run each), and run while a
    fixture held a transaction open across tests (tests/catalog/api/test_real_catalog_search.py),
    it saw those tables empty and the searches planned from it ran past the 30-second statement
    timeout. So never while a transaction is open, nor after the last test, when the database is
    gone, nor after a test that used no database, which may come before the test database is
    made (the connection's settings would still name the site's own)."""
    global vacuumed_at
    yield
    if time.monotonic() - vacuumed_at < VACUUM_EVERY_SECONDS or connection.vendor != "postgresql":
        return
    if nextitem is None or connection.in_atomic_block:  # after the last test the database is gone
        return
    if item.get_closest_marker("django_db") is None and "django_db_setup" not in item.fixturenames:
        return  # a test that used no database: the test database may not be made yet
    import psycopg

    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as vacuum:
        vacuum.execute("VACUUM")
    vacuumed_at = time.monotonic()


@pytest.fixture(autouse=True)
def broker_backoff_over():
    """No test starts inside another's broker back-off (scheduler.services.generation_job_enqueue)."""
    from scheduler import services

    services.broker_down_until = 0.0


@pytest.fixture(autouse=True)
def campus_cache_empty():
    """The per-process campus counts (catalog.selectors.term_campuses), title contractions
    (term_contractions), subjects (term_subjects), modalities (web.selectors.term_modalities) and
    engine courses (scheduler.requests.term_courses) start empty: a test's term can take an earlier
    test's primary key on SQLite, and tests add sections and retitle courses by hand without the
    catalog version an import or the admin would bump."""
    from catalog.selectors import campus_cache, contractions_cache, subjects_cache
    from scheduler.requests import course_cache
    from web.selectors import modalities_cache

    campus_cache.clear()
    modalities_cache.clear()
    contractions_cache.clear()
    subjects_cache.clear()
    course_cache.clear()


@pytest.fixture(autouse=True)
def recent_terms_empty():
    """The catalog API's per-process term rows (catalog.api.views.RECENT_TERMS, kept for
    CLASSTIME_API_TERM_SECONDS) start empty: a test's term takes an earlier test's institution and
    code under another primary key, and tests follow each other faster than those seconds."""
    from catalog.api import views

    views.RECENT_TERMS.clear()


@pytest.fixture(autouse=True)
def account_limits_off(settings):
    """The account pages' attempt limits (accounts.limits) off, so tests that sign in and up
    from one address never count against each other (the counters outlive a test in Redis);
    tests/accounts/test_account_limits.py turns them on with identities of its own."""
    settings.CLASSTIME_ACCOUNT_RATES = dict.fromkeys(settings.CLASSTIME_ACCOUNT_RATES)


class PinnedClock:
    """The `time` module with `time()` held at one instant: a rate window's clock for one test."""

    def __init__(self, at: float):
        self.at = at

    def time(self) -> float:
        return self.at

    def __getattr__(self, name: str):
        return getattr(time, name)


@pytest.fixture(autouse=True)
def rate_window_pinned(monkeypatch) -> PinnedClock:
    """The fixed windows of the API throttles and the account limits (classtime_site.api,
    accounts.limits) read a clock held at the test's start: a test's requests all count in one
    window even when the wall clock passes a minute's end between them (a test counting three
    requests a minute failed so once in CI). Tests read the same instant from this fixture."""
    from accounts import limits
    from classtime_site import api

    clock = PinnedClock(time.time())
    monkeypatch.setattr(api, "time", clock)
    monkeypatch.setattr(limits, "time", clock)
    return clock


@pytest.fixture
def cache_down(settings) -> None:
    """The default cache on a Redis port where nothing listens (a cache that is down)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}
    }


def shared_file(relative: str) -> Path:
    """A file of ../shared/data, or skip the test saying what is missing."""
    path = SHARED_DATA / relative
    if not path.is_file():
        pytest.skip(f"real catalog {path} is absent (it lives in ../shared/data beside the repo)")
    return path


@pytest.fixture
def uva_csv_path() -> Path:
    return shared_file("uva/2025_fall.csv")


@pytest.fixture
def gatech_json_path() -> Path:
    return shared_file("gatech/202208.json")


@pytest.fixture
def loads_json() -> Path:
    return shared_file("loads.json")


@pytest.fixture
def wsgi_inside_the_test_transaction():
    """Schemathesis calls the real WSGI handler, whose request signals would close the database
    connection (and with it the test's transaction) on PostgreSQL; Django's test client
    disconnects them the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def statement_stopped() -> OperationalError:
    """What Django raises when PostgreSQL stops a statement at `statement_timeout`: a real one on
    PostgreSQL, the same exception built by hand on SQLite."""
    if connection.vendor == "postgresql":
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = 20")
                cursor.execute("SELECT pg_sleep(2)")
        except OperationalError as stopped:
            return stopped
        raise AssertionError("pg_sleep(2) ran past a 20 ms statement_timeout")
    try:
        raise OperationalError("canceling statement due to statement timeout") from QueryCanceled()
    except OperationalError as stopped:
        return stopped
