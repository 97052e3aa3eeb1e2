"""The SQLite test database's connection taken in turns by threads (tests/sqlite_serial.py): the
live server's request threads share it, and queries running Python functions (this project's
LIKE, Django's REGEXP) in two threads at once could wait for each other forever: the browser
tests hung CI so."""

import subprocess
import sys
import threading

import pytest
from django.db import connection, connections

from tests.conftest import REPO

# Four threads on one in-memory connection, each running a query that calls a Python function
# and reading its rows; it prints how many queries ended. With a plain sqlite3.Connection this
# stops within seconds, every thread waiting (CPython 3.11, SQLite 3.40).
SHARED_CONNECTION_RUN = """
import sqlite3, sys, threading
from tests.sqlite_serial import SerialConnection

factory = SerialConnection if sys.argv[1] == "serial" else sqlite3.Connection
db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None, factory=factory)
db.create_function("has", 2, lambda word, text: word in text, deterministic=True)
db.execute("CREATE TABLE course (id INTEGER PRIMARY KEY, title TEXT)")
db.executemany("INSERT INTO course (title) VALUES (?)", [(f"Course {n} études",) for n in range(500)])
ended = []

def search(by_cursor):
    for _ in range(150):
        query = "SELECT id, title FROM course WHERE has(?, title) AND id > ?"
        if by_cursor:
            cursor = db.cursor()
            cursor.execute(query, ("1", 5))
            rows = list(cursor)
        else:
            rows = db.execute(query, ("1", 5)).fetchall()
        ended.append(len(rows))

threads = [threading.Thread(target=search, args=(n % 2 == 0,)) for n in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(len(ended), len(set(ended)), ended[0])
"""


def test_threads_sharing_a_serial_connection_all_finish_their_python_function_queries():
    # given four threads on one connection, querying through cursors and Connection.execute
    # when they run side by side
    run = subprocess.run(
        [sys.executable, "-c", SHARED_CONNECTION_RUN, "serial"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )

    # then every query ended, with every row
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["600", "1", str(sum("1" in str(n) for n in range(5, 500)))]


@pytest.mark.django_db(transaction=True)
def test_the_live_servers_threads_share_the_test_database_without_waiting_on_each_other():
    # given the live server's sharing of the in-memory test database with its request threads
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        pytest.skip("only an in-memory SQLite test database is shared between threads")
    from catalog.models import Course, Institution, Term

    school = Institution.objects.create(code="u", name="U", timezone="America/New_York")
    term = Term.objects.create(institution=school, code="2026-fall", name="Fall 2026")
    Course.objects.bulk_create(
        Course(term=term, subject="CS", number=f"{n:04}", title=f"Études {n} in computing") for n in range(200)
    )
    found = []
    shared = connections["default"]
    shared.inc_thread_sharing()

    def search():
        connections["default"] = shared  # as LiveServerThread hands it over
        for _ in range(40):
            found.append(Course.objects.filter(title__icontains="ÉTUDES 1").count())

    # when four request threads search at once (LIKE runs in Python on SQLite)
    threads = [threading.Thread(target=search) for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        shared.dec_thread_sharing()

    # then every search ended, with the same answer
    assert found == [111] * 160
