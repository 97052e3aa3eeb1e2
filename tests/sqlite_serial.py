"""A SQLite connection that one thread at a time may call into: for the test database.

pytest-django's live server shares the in-memory test database's one connection with its
request threads (Django hands the live server its connection, so that all see one transaction
state and no shared-cache table lock refuses them). CPython's sqlite3 holds the GIL
while it binds parameters and reads result columns, and those calls wait for the connection's
mutex; a query running a Python function (this project's LIKE, Django's REGEXP and date
functions) holds that mutex and waits for the GIL. Two threads in one connection can so wait
for each other forever, and the whole test process stops: the browser tests hung CI that way.

Here every call into the connection, and into its cursors, holds a lock of the connection's
own; waiting for a Python lock lets the GIL go, so the thread inside SQLite finishes first. The
lock is per connection: threads on connections of their own still meet only in SQLite's own
locking, as on a real server.
"""

from __future__ import annotations

import sqlite3
import threading
from functools import cache


@cache
def serial_cursor_class(factory: type) -> type:
    """`factory` (sqlite3.Cursor or a subclass, such as Django's) with every call into SQLite
    made under its connection's lock."""

    class SerialCursor(factory):
        def execute(self, *args, **kwargs):
            with self.connection._serial_lock:
                return super().execute(*args, **kwargs)

        def executemany(self, *args, **kwargs):
            with self.connection._serial_lock:
                return super().executemany(*args, **kwargs)

        def executescript(self, *args, **kwargs):
            with self.connection._serial_lock:
                return super().executescript(*args, **kwargs)

        def fetchone(self):
            with self.connection._serial_lock:
                return super().fetchone()

        def fetchmany(self, *args, **kwargs):
            with self.connection._serial_lock:
                return super().fetchmany(*args, **kwargs)

        def fetchall(self):
            with self.connection._serial_lock:
                return super().fetchall()

        def __next__(self):
            with self.connection._serial_lock:
                return super().__next__()

        def close(self):
            with self.connection._serial_lock:
                return super().close()

    SerialCursor.__name__ = SerialCursor.__qualname__ = f"Serial{factory.__name__}"
    return SerialCursor


class SerialConnection(sqlite3.Connection):
    """sqlite3.Connection whose calls, and its cursors', take turns (sqlite3.connect(factory=...))."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._serial_lock = threading.RLock()

    def cursor(self, factory: type = sqlite3.Cursor):
        return super().cursor(serial_cursor_class(factory))

    # Connection.execute and its kin run their query on a cursor of their own, made in C without
    # self.cursor(): they run on one of this connection's cursors instead, as they would
    def execute(self, *args, **kwargs):
        return self.cursor().execute(*args, **kwargs)

    def executemany(self, *args, **kwargs):
        return self.cursor().executemany(*args, **kwargs)

    def executescript(self, *args, **kwargs):
        return self.cursor().executescript(*args, **kwargs)

    def commit(self):
        with self._serial_lock:
            return super().commit()

    def rollback(self):
        with self._serial_lock:
            return super().rollback()

    def close(self):
        with self._serial_lock:
            return super().close()
