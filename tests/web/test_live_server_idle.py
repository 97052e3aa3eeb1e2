"""The browser fixtures' wait for the live server: a test's teardown flushes the database only once
the server has answered every request it took."""

import threading

from tests.web.conftest import Serving


def test_a_request_still_answered_holds_the_wait_until_it_finishes():
    # given: one request started
    serving = Serving()
    serving.started()
    # when: it finishes a little later, in the server's thread
    timer = threading.Timer(0.05, serving.finished)
    timer.start()
    # then
    assert serving.wait_idle(5)
    assert serving.count == 0
    timer.join()


def test_a_request_never_finished_is_said_after_the_wait():
    # given
    serving = Serving()
    serving.started()
    serving.started()
    serving.finished()
    # when
    idle = serving.wait_idle(0.05)
    # then
    assert not idle
    assert serving.count == 1


def test_with_nothing_in_flight_the_wait_returns_at_once():
    assert Serving().wait_idle(0)
