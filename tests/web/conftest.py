"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live_server.

One browser per test module (starting it is the slow part); a fresh context (cookies, local
storage) per page. The live server runs on the embedded default: SQLite shared with the test
thread, Celery tasks in-process. Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import DEMO_CATALOG, REPO

CHROMIUM = os.environ.get("CLASSTIME_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = REPO / "test-artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}


def chromium_or_skip() -> str:
    """The Chromium executable; without one the browser tests skip (and fail under CI=true)."""
    if Path(CHROMIUM).is_file() or shutil.which(CHROMIUM):
        return CHROMIUM
    reason = (
        f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install -y chromium`, `make test` does it as root)"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls the test makes
    # between browser steps are plain synchronous ones, so Django's async guard is lifted here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield launched
            launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Serving:
    """How many requests the live server is answering: counted from Django's request_started to its
    request_finished (sent when the response is closed, after its last byte, even when the browser
    went away mid-answer)."""

    def __init__(self) -> None:
        self.count = 0
        self.done = threading.Condition()

    def started(self, **kwargs) -> None:
        with self.done:
            self.count += 1

    def finished(self, **kwargs) -> None:
        with self.done:
            self.count -= 1
            self.done.notify_all()

    def wait_idle(self, seconds: float) -> bool:
        """Waits until no request is being answered; False if one still is after `seconds`."""
        deadline = time.monotonic() + seconds
        with self.done:
            while self.count > 0:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.done.wait(left)
        return True


@pytest.fixture
def site(live_server, settings, monkeypatch):
    """The live server with the demo catalog, no throttling and no answer cache between tests
    (each test starts from a fresh database whose ids may repeat an earlier test's).

    At teardown (after the pages' contexts are closed) it waits until the live server has answered
    every request it took: a request the browser started just before its context closed is still
    read by the server thread, and flushing the shared in-memory SQLite under it fails the flush
    ("database table is locked: catalog_meeting")."""
    from django.core.signals import request_finished, request_started
    from rest_framework.throttling import ScopedRateThrottle

    from catalog.api import views as catalog_api_views
    from classtime_site.celery import app

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "generation": None, "course_fits": None},
    }
    # DRF's scoped throttle (the generation endpoint's) read its rates when it was imported
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"generation": None, "course_fits": None})
    settings.CLASSTIME_API_CACHE_SECONDS = 0
    settings.CLASSTIME_API_TERM_SECONDS = 0
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    catalog_api_views.RECENT_TERMS.clear()
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)
    serving = Serving()
    request_started.connect(serving.started, weak=False)
    request_finished.connect(serving.finished, weak=False)
    try:
        yield live_server.url
        if not serving.wait_idle(15):
            still = serving.count
            warnings.warn(f"the live server was still answering {still} request(s) 15 s after the test", stacklevel=2)
    finally:
        request_started.disconnect(serving.started)
        request_finished.disconnect(serving.finished)


@pytest.fixture
def spring(site, tmp_path):
    """A second term, Spring 2027: the demo catalog again (registrar ids repeat from term to term),
    where CS 1110 lecture 40003 is coded 009."""
    data = json.loads(DEMO_CATALOG.read_text())
    data["term"] = {**data["term"], "code": "2027-spring", "name": "Spring 2027"}
    data["courses"][0]["components"][0]["sections"][2]["code"] = "009"
    path = tmp_path / "spring.json"
    path.write_text(json.dumps(data))
    call_command("import_catalog", str(path), "--format", "canonical", stdout=None)


# An init script: the page records the URL of each answer it has read, once the code that read it
# has run on (the same microtask checkpoint), so a test can wait until the page has handled an
# answer that should change nothing: page.wait_for_function(answer_read("…")).
ANSWERS_READ = """
const read = Response.prototype.json;
Response.prototype.json = function () {
  return read.call(this).finally(() => { (window.answersRead ||= []).push(this.url); });
};
"""


def answer_read(url_end: str) -> str:
    """A function for page.wait_for_function: true once the page has read an answer of that URL."""
    return f"() => (window.answersRead || []).some((url) => url.endsWith({url_end!r}))"


IN_FLIGHT = "_classtime_in_flight"  # the attribute of a page opened by open_page: its requests not yet done


def wait_for_requests_done(page) -> None:
    """Waits up to five seconds until none of the requests of a page opened by open_page is in flight,
    so the live server has answered them all: before the test writes a table a request may read (on
    SQLite a read and a write of one table at once fail one of them: "database table is locked").
    Playwright's "networkidle" does not do it: reached once, it does not wait for a later request."""
    in_flight = getattr(page, IN_FLIGHT)
    for _ in range(50):
        if not in_flight or page.is_closed():
            return
        page.wait_for_timeout(100)


class PageErrors(list):
    """Uncaught script errors of a page: a test fails if the page threw."""


@pytest.fixture
def open_page(browser, site):
    """open_page(path="/", viewport=DESKTOP, context=None) → a page in a fresh context (no cookies,
    no storage) unless one is given; on the planner, once its script is ready (`planner=False`
    with `wait_until="commit"`: as soon as the page starts to arrive, its scripts perhaps held)."""
    contexts = []
    pages = []
    errors = PageErrors()

    def open_(
        path: str = "/", viewport: dict | None = None, context=None, planner: bool = True, wait_until: str = "load"
    ):
        if context is None:
            context = browser.new_context(viewport=viewport or DESKTOP, base_url=site, accept_downloads=True)
            contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        in_flight = set()
        page.on("request", lambda request: in_flight.add(request))
        page.on("requestfinished", lambda request: in_flight.discard(request))
        page.on("requestfailed", lambda request: in_flight.discard(request))
        setattr(page, IN_FLIGHT, in_flight)
        pages.append(page)
        page.goto(path, wait_until=wait_until)
        if planner:
            page.wait_for_selector("body[data-ready=true]")
        return page

    yield open_
    for page in pages:  # the live server must be done before the database is flushed
        wait_for_requests_done(page)
    for context in contexts:
        context.close()
    assert not errors, f"the page threw: {errors}"


def screenshot(page, name: str) -> Path:
    """Saves a full-page screenshot under test-artifacts/ and returns its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def signed_in(browser, site):
    """signed_in(user, viewport=DESKTOP, timezone_id=None) → a browser context whose session is the
    user's (as after signing in), made with Django's test client so it needs no sign-in page; its
    clock in `timezone_id` (an IANA name) when given."""
    from django.conf import settings
    from django.test import Client

    contexts = []

    def sign_in(user, viewport: dict | None = None, timezone_id: str | None = None):
        client = Client()
        client.force_login(user)
        context = browser.new_context(
            viewport=viewport or DESKTOP, base_url=site, accept_downloads=True, timezone_id=timezone_id
        )
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}])
        contexts.append(context)
        return context

    yield sign_in
    for context in contexts:
        context.close()


def wait_for(page, ready) -> None:
    """Waits up to five seconds for `ready()` to be true (a route held, a request sent)."""
    for _ in range(50):
        if ready():
            return
        page.wait_for_timeout(100)
    raise AssertionError("waited five seconds in vain")
