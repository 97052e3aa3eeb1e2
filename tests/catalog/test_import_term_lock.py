"""Imports of the same term queue on the term row's lock, however short the statement timeout."""

import threading
import time

import pytest
from django.db import connection, transaction

from catalog import services
from catalog.models import Term
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db(transaction=True)  # two connections see each other's commits


def term_locked_until_waited_on(*, term_pk, waiter_pid, locked, done, held_past_s):
    """In its own connection: lock the term row, and release it `held_past_s` after the backend
    `waiter_pid` starts waiting on a lock (the import queued behind it), or once `done` is set."""
    try:
        with transaction.atomic():
            Term.objects.select_for_update().get(pk=term_pk)
            locked.set()
            with connection.cursor() as cursor:
                waiting = False
                while not waiting and not done.is_set():
                    cursor.execute("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = %s", [waiter_pid])
                    waiting = bool(cursor.fetchone()[0])
            time.sleep(held_past_s)  # past the waiter's statement timeout
    finally:
        connection.close()


def test_an_import_waits_for_another_import_of_its_term_past_the_statement_timeout():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's statement timeout and row locks; on SQLite writers queue on the database lock")
    # given: the demo term, its row locked by another transaction (an import running), and a
    # statement timeout of 0.2 s here
    data = DEMO_CATALOG.read_bytes()
    services.catalog_import_file(data=data, name=DEMO_CATALOG.name, format="canonical")
    term = Term.objects.get(code="2026-fall")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
        cursor.execute("SET statement_timeout = 200")
    locked, done = threading.Event(), threading.Event()
    holder = threading.Thread(
        target=term_locked_until_waited_on,
        kwargs={"term_pk": term.pk, "waiter_pid": pid, "locked": locked, "done": done, "held_past_s": 0.6},
    )
    holder.start()
    assert locked.wait(timeout=30)
    try:
        # when: the same file is imported again, waiting on the lock for longer than the timeout
        run, report = services.catalog_import_file(data=data, name=DEMO_CATALOG.name, format="canonical")
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            (after,) = cursor.fetchone()
    finally:
        done.set()
        holder.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    # then: it waited and applied, and the connection keeps its own statement timeout
    assert (run.status, run.error) == ("applied", "")
    assert report.term == "2026-fall" and not report.dry_run
    assert after == "200ms"
