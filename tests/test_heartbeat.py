"""A row's heartbeat (`classtime_site.heartbeat.RowHeartbeat`) names the job or run whose beat it
missed, so an operator holding a job's id finds its lines in the worker's log."""

import logging
import threading

from django.db import DatabaseError

from classtime_site.heartbeat import RowHeartbeat


class FailingRows:
    """A queryset whose every update fails as a database gone away would, and says when it was tried."""

    class model:  # noqa: N801 - stands for the queryset's model class
        __name__ = "GenerationJob"

    def __init__(self):
        self.tried = threading.Event()

    def update(self, **fields):
        self.tried.set()
        raise DatabaseError("server closed the connection unexpectedly")


def test_a_missed_beat_is_logged_with_the_name_of_its_job(settings, caplog):
    # given: a beat every 10 ms on a row that cannot be written
    settings.CLASSTIME_JOB_HEARTBEAT_SECONDS = 0.01
    rows = FailingRows()
    # when
    with caplog.at_level(logging.WARNING, logger="classtime_site.heartbeat"):
        with RowHeartbeat(rows, name="job 5f0c"):
            assert rows.tried.wait(5)
    # then
    assert "heartbeat of job 5f0c missed" in caplog.text
