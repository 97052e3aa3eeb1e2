"""Catalog feeds: a registrar's file fetched on a schedule from a local HTTP server (or a file://
address) and imported all or nothing; unchanged bodies skipped, failures and guard refusals
recorded on the feed, one worker at a time per feed, seat alerts sent after an import."""

import datetime
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from catalog import feeds, tasks
from catalog.models import CatalogFeed, CatalogFeedRun, ImportRun, Section
from scheduler import watches
from tests.catalog.test_import_service import catalog_checksum

pytestmark = pytest.mark.django_db

HEADER = (
    "registrar_id,subject,number,title,component,section,days,start,end,start_date,end_date,capacity,enrolled,status"
)
Outcome = CatalogFeed.Outcome


def sections_file(sections: int = 30, *, full: tuple[int, ...] = ()) -> bytes:
    """`sections` timed lectures (CS 1000, CS 1001, ...) of 40 seats, 10 taken, the `full` ones all 40."""
    rows = [
        f"{40000 + i},CS,{1000 + i},Course {i},LEC,001,MW,1:00 PM,1:50 PM,08/26/2025,12/09/2025,40,"
        f"{40 if i in full else 10},{'closed' if i in full else 'open'}"
        for i in range(sections)
    ]
    return "\n".join((HEADER, *rows, "")).encode()


class Registrar:
    """What the local server answers: `body` at any path, with `etag` honoured by a 304 when
    set, or `status`; `delay` seconds before answering; `length` False sends no Content-Length."""

    def __init__(self):
        self.body, self.etag, self.status, self.delay, self.length = sections_file(), "", 200, 0.0, True
        self.location = ""  # a redirect's target
        self.drip = 0.0  # seconds between the body's lines
        self.trickle = 0.0  # seconds between the headers' bytes
        self.requests: list[dict[str, str]] = []


@pytest.fixture
def registrar(settings):
    """The registrar's server, on this machine's loopback address: allowed as a registrar's server
    on the campus network would be."""
    settings.CLASSTIME_FEED_ALLOWED_HOSTS = ["127.0.0.1"]
    state = Registrar()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            state.requests.append(dict(self.headers))
            time.sleep(state.delay)
            if state.location:
                self.send_response(302)
                self.send_header("Location", state.location)
                self.end_headers()
                return
            if state.status != 200:
                self.send_error(state.status)
                return
            if state.etag and self.headers.get("If-None-Match") == state.etag:
                self.send_response(304)
                self.end_headers()
                return
            if state.trickle:
                try:
                    for byte in b"HTTP/1.0 200 OK\r\nX-Slow: " + b"y" * 40:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(state.trickle)
                except OSError:  # the feed hung up
                    return
                self.wfile.write(b"\r\n")
            self.send_response(200)
            if state.etag:
                self.send_header("ETag", state.etag)
            if state.length:
                self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            for line in state.body.splitlines(keepends=True) if state.drip else [state.body]:
                self.wfile.write(line)
                self.wfile.flush()
                time.sleep(state.drip)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.port = server.server_port
    state.url = f"http://127.0.0.1:{server.server_port}/2025-fall.csv"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def eager(settings):
    """Tasks run in this process, as in the embedded default (the tests may run with a broker)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True


def feed_of(url: str, **fields) -> CatalogFeed:
    values = {"term_code": "2025-fall", "institution_code": "wahoo", "format": "sections-csv", **fields}
    return CatalogFeed.objects.create(url=url, **values)


def run(feed: CatalogFeed, *, force: bool = False) -> CatalogFeedRun:
    done = feeds.catalog_feed_run(feed_id=feed.pk, force=force)
    feed.refresh_from_db()
    return done


def enrolled(registrar_id: str) -> int:
    return Section.objects.get(registrar_id=registrar_id).enrolled


def test_a_feed_imports_its_file_and_records_what_it_did(registrar):
    # given
    feed = feed_of(registrar.url)
    # when
    done = run(feed)
    # then
    assert done.outcome == Outcome.IMPORTED
    assert done.counts == {"added": 30, "changed": 0, "seats": 0, "withdrawn": 0}
    assert Section.objects.filter(term__code="2025-fall").count() == 30
    assert done.import_run.status == ImportRun.Status.APPLIED
    assert done.import_run.source_name == f"feed {feed.pk}: {registrar.url}"
    assert feed.last_outcome == Outcome.IMPORTED
    assert feed.last_message == "30 section(s) added, 0 changed (0 in seats or status), 0 withdrawn"
    assert feed.failures == 0
    assert feed.claimed_until is None
    assert feed.next_run_at == done.started_at + datetime.timedelta(minutes=60)
    assert feed.content_sha256 == done.sha256 and len(done.sha256) == 64


def test_changed_seats_are_imported_and_counted(registrar):
    # given
    feed = feed_of(registrar.url)
    run(feed)
    registrar.body = sections_file(full=(3, 4))
    # when
    done = run(feed)
    # then
    assert done.outcome == Outcome.IMPORTED
    assert done.counts == {"added": 0, "changed": 2, "seats": 2, "withdrawn": 0}
    assert enrolled("40003") == 40 and enrolled("40004") == 40 and enrolled("40005") == 10
    assert Section.objects.get(registrar_id="40003").status == "closed"


def test_a_304_answer_is_unchanged_and_imports_nothing(registrar):
    # given
    registrar.etag = '"v1"'
    feed = feed_of(registrar.url)
    run(feed)
    imports = ImportRun.objects.count()
    # when
    done = run(feed)
    # then
    assert registrar.requests[-1]["If-None-Match"] == '"v1"'
    assert done.outcome == Outcome.UNCHANGED and done.http_status == 304
    assert feed.last_message == "not modified since the last import (HTTP 304)"
    assert ImportRun.objects.count() == imports
    assert feed.etag == '"v1"'


def test_the_same_body_again_is_unchanged_by_its_hash_unless_forced(registrar):
    # given: a server with no ETag sends the whole body again
    feed = feed_of(registrar.url)
    run(feed)
    imports = ImportRun.objects.count()
    # when
    same = run(feed)
    forced = run(feed, force=True)
    # then
    assert same.outcome == Outcome.UNCHANGED
    assert same.message == "the same file as the last imported (its SHA-256)"
    assert forced.outcome == Outcome.IMPORTED and forced.forced
    assert forced.counts == {"added": 0, "changed": 0, "seats": 0, "withdrawn": 0}
    assert ImportRun.objects.count() == imports + 1


def test_a_forced_run_sends_no_conditional_headers(registrar):
    # given
    registrar.etag = '"v1"'
    feed = feed_of(registrar.url)
    run(feed)
    # when
    done = run(feed, force=True)
    # then
    assert "If-None-Match" not in registrar.requests[-1]
    assert done.outcome == Outcome.IMPORTED


def test_a_malformed_file_is_recorded_as_refused_and_writes_nothing(registrar):
    # given
    feed = feed_of(registrar.url)
    run(feed)
    before, good = catalog_checksum(), feed.content_sha256
    registrar.body = b"PK\x03\x04 not a csv \x00\x00"
    # when
    done = run(feed)
    # then
    assert done.outcome == Outcome.INVALID
    assert "NUL byte" in done.message and done.message.startswith(f"feed {feed.pk}: {registrar.url}")
    assert done.import_run.status == ImportRun.Status.FAILED
    assert catalog_checksum() == before
    assert feed.failures == 1 and feed.last_outcome == Outcome.INVALID
    assert feed.content_sha256 == good  # the good file's: the bad one is tried again next time


def test_a_refused_file_is_quoted_on_the_feed_in_a_short_excerpt(registrar):
    # given: a file whose refusal quotes a long line of it
    registrar.body = ("<html>" + "secret " * 500 + "\n").encode()
    feed = feed_of(registrar.url)
    # when
    done = run(feed)
    # then: the feed says its start, the import run all of it
    assert done.outcome == Outcome.INVALID
    assert len(done.message) < 400 and done.message.endswith("… (cut: the import run's page has it whole)")
    assert feed.last_message == done.message
    assert done.import_run.error.startswith(done.message[: feeds.MESSAGE_EXCERPT])
    assert len(done.import_run.error) > 1000


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ({"status": 500}, "HTTP 500 Internal Server Error from http://127.0.0.1:"),
        ({"status": 404}, "HTTP 404 Not Found from http://127.0.0.1:"),
        ({"delay": 1.5}, "took over 0.5 s (CLASSTIME_FEED_TIMEOUT_SECONDS)"),
    ],
)
def test_an_http_error_or_a_timeout_is_recorded_and_counted_in_a_row(registrar, settings, answer, said):
    # given
    settings.CLASSTIME_FEED_TIMEOUT_SECONDS = 0.5
    feed = feed_of(registrar.url)
    for name, value in answer.items():
        setattr(registrar, name, value)
    # when
    run(feed)
    done = run(feed)
    # then
    assert done.outcome == Outcome.FETCH_FAILED
    assert said in done.message
    assert feed.failures == 2 and feed.last_outcome == Outcome.FETCH_FAILED
    assert done.import_run is None and not ImportRun.objects.exists()
    assert feed.claimed_until is None


def test_a_body_dripping_in_past_the_timeout_is_cut_off(registrar, settings):
    # given: every line comes well within the timeout, the whole body not
    settings.CLASSTIME_FEED_TIMEOUT_SECONDS = 1
    registrar.drip = 0.2
    feed = feed_of(registrar.url)
    # when
    started = time.monotonic()
    done = run(feed)
    # then
    assert done.outcome == Outcome.FETCH_FAILED
    assert done.message == f"fetching {registrar.url} took over 1 s (CLASSTIME_FEED_TIMEOUT_SECONDS)"
    assert time.monotonic() - started < 3


def test_headers_trickling_in_past_the_timeout_are_cut_off(registrar, settings):
    # given: a byte of the headers every 0.1 s, each well within the timeout, all of them in 5 s
    settings.CLASSTIME_FEED_TIMEOUT_SECONDS = 1
    registrar.trickle = 0.1
    feed = feed_of(registrar.url)
    # when
    started = time.monotonic()
    done = run(feed)
    # then
    assert done.outcome == Outcome.FETCH_FAILED
    assert done.message == f"fetching {registrar.url} took over 1 s (CLASSTIME_FEED_TIMEOUT_SECONDS)"
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("length", [True, False])
def test_a_body_over_the_size_limit_is_refused_unread(registrar, settings, length):
    # given: with a Content-Length, or without (read until over the limit)
    settings.CLASSTIME_MAX_IMPORT_BYTES = 1000
    registrar.length = length
    feed = feed_of(registrar.url)
    # when
    done = run(feed)
    # then
    assert done.outcome == Outcome.FETCH_FAILED
    assert "over 1,000 bytes" in done.message and "CLASSTIME_MAX_IMPORT_BYTES" in done.message
    assert not Section.objects.exists()


def test_an_unreachable_server_is_recorded(registrar):
    # given: nothing listens on port 9 of this machine
    feed = feed_of("http://127.0.0.1:9/feed.csv")
    # when
    done = run(feed)
    # then
    assert done.outcome == Outcome.FETCH_FAILED
    assert done.message.startswith("cannot fetch http://127.0.0.1:9/feed.csv: ")


def test_a_guard_refusal_is_recorded_until_the_registrar_grants_it(registrar):
    # given: a partial file would withdraw 25 of 30 sections
    feed = feed_of(registrar.url)
    run(feed)
    registrar.body = sections_file(5)
    # when
    refused = run(feed)
    again = run(feed)
    # then
    assert refused.outcome == again.outcome == Outcome.REFUSED
    assert "--allow-withdrawals" in refused.message
    assert refused.import_run.status == ImportRun.Status.REFUSED
    assert Section.objects.filter(withdrawn_at__isnull=True).count() == 30
    assert feed.failures == 2
    # when the registrar grants it
    feed.allow_withdrawals = True
    feeds.catalog_feed_settings_save(feed=feed, changed={"allow_withdrawals"})
    granted = run(feed)
    # then
    assert granted.outcome == Outcome.IMPORTED and granted.counts["withdrawn"] == 25
    assert feed.failures == 0


def test_another_terms_file_is_refused_as_such(registrar):
    # given: the registrar's export moved on to the spring, at the fall feed's address
    feed = feed_of(registrar.url)
    run(feed)
    before = catalog_checksum()
    registrar.body = sections_file().replace(b"08/26/2025,12/09/2025", b"01/20/2026,05/05/2026")
    # when
    done = run(feed)
    # then
    assert done.outcome == Outcome.REFUSED
    assert "--allow-outside-term" in done.message
    assert catalog_checksum() == before


def test_a_changed_setting_imports_the_same_body_whole_again(registrar):
    # given
    feed = feed_of(registrar.url)
    run(feed)
    # when
    feed.allow_outside_term = True
    feeds.catalog_feed_settings_save(feed=feed, changed={"allow_outside_term"})
    done = run(feed)
    # then
    assert done.outcome == Outcome.IMPORTED


def test_only_enabled_feeds_that_are_due_and_unclaimed_are_run_by_the_beat(registrar, eager):
    # given
    now = timezone.now()
    due = feed_of(registrar.url)
    later = feed_of(registrar.url, term_code="2026-spring", next_run_at=now + datetime.timedelta(minutes=3))
    off = feed_of(registrar.url, term_code="2026-summer", enabled=False)
    held = feed_of(registrar.url, term_code="2026-fall", claimed_until=now + datetime.timedelta(minutes=3))
    # when
    sent = tasks.feeds_run_due.delay().get()
    # then
    assert sent == 1
    for feed in (due, later, off, held):
        feed.refresh_from_db()
    assert due.last_outcome == Outcome.IMPORTED
    assert later.last_run_at is off.last_run_at is held.last_run_at is None
    assert feeds.catalog_feeds_due(now=now + datetime.timedelta(minutes=59)) == [held.pk, later.pk]
    assert feeds.catalog_feeds_due(now=now + datetime.timedelta(minutes=61)) == [held.pk, later.pk, due.pk]


def test_a_feed_another_worker_holds_is_not_run(registrar):
    # given: a worker's claim not lapsed
    feed = feed_of(registrar.url, claimed_until=timezone.now() + datetime.timedelta(minutes=3))
    # when
    done = feeds.catalog_feed_run(feed_id=feed.pk)
    # then
    assert done is None and not registrar.requests
    # and a lost worker's claim lapses
    CatalogFeed.objects.filter(pk=feed.pk).update(claimed_until=timezone.now() - datetime.timedelta(seconds=1))
    assert feeds.catalog_feed_run(feed_id=feed.pk).outcome == Outcome.IMPORTED


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
def test_two_workers_at_once_import_a_feed_once(registrar):
    # given: the server answers slowly, and a second worker starts while the first fetches
    registrar.delay = 1.0
    feed = feed_of(registrar.url)
    results: list[CatalogFeedRun | None] = []

    def worker():
        try:
            results.append(feeds.catalog_feed_run(feed_id=feed.pk, due_only=True))
        finally:
            connections.close_all()

    # when
    first, second = threading.Thread(target=worker), threading.Thread(target=worker)
    first.start()
    deadline = time.monotonic() + 10
    while not registrar.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    second.start()
    first.join()
    second.join()
    # then
    assert results[0] is None and results[1].outcome == Outcome.IMPORTED
    assert len(registrar.requests) == 1
    assert ImportRun.objects.count() == 1 and CatalogFeedRun.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
def test_a_feed_row_locked_elsewhere_is_skipped_not_waited_for(registrar):
    # given: another worker holds the feed's row
    feed = feed_of(registrar.url)
    locked, release = threading.Event(), threading.Event()

    def holder():
        try:
            with transaction.atomic():
                CatalogFeed.objects.select_for_update().get(pk=feed.pk)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=holder)
    thread.start()
    locked.wait(10)
    # when
    started = time.monotonic()
    done = feeds.catalog_feed_run(feed_id=feed.pk)
    waited = time.monotonic() - started
    release.set()
    thread.join()
    # then
    assert done is None and waited < 2
    assert not registrar.requests


def test_a_file_feed_is_read_only_under_its_root(settings, tmp_path):
    # given
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "fall.csv").write_bytes(sections_file())
    (tmp_path / "secret.csv").write_bytes(sections_file())
    inside = feed_of(f"file://{tmp_path}/feeds/fall.csv")
    outside = feed_of(f"file://{tmp_path}/feeds/../secret.csv", term_code="2026-spring")
    # when
    off = run(inside)
    settings.CLASSTIME_FEED_FILE_ROOT = str(tmp_path / "feeds")
    read, refused = run(inside, force=True), run(outside)
    # then
    assert off.outcome == Outcome.FETCH_FAILED and "set CLASSTIME_FEED_FILE_ROOT" in off.message
    assert read.outcome == Outcome.IMPORTED and read.counts["added"] == 30
    assert refused.outcome == Outcome.FETCH_FAILED
    assert refused.message == f"{tmp_path}/secret.csv is not inside CLASSTIME_FEED_FILE_ROOT ({tmp_path}/feeds)"


@pytest.mark.parametrize(
    "location",
    ["file:///etc/hostname", "ftp://registrar.example.edu/f.csv"],
)
def test_a_redirect_to_another_kind_of_address_is_not_followed(registrar, location):
    # given: a feed whose server answers with a redirect to this machine's files, or to ftp
    registrar.location = location
    feed = feed_of(registrar.url)
    # when
    done = run(feed)
    # then
    assert done.outcome == Outcome.FETCH_FAILED
    assert done.message == f"{registrar.url} redirects to {location}; a feed follows http(s) redirects only"
    assert not Section.objects.exists()


def test_a_feed_on_this_machine_is_refused_unless_allowed(registrar, settings):
    # given: the registrar's server, its address not allowed
    settings.CLASSTIME_FEED_ALLOWED_HOSTS = []
    feed = feed_of(registrar.url)
    # when
    done = run(feed)
    # then: refused before a request is sent
    assert done.outcome == Outcome.FETCH_FAILED
    assert done.message == (
        "127.0.0.1 is a loopback address, which a feed may not fetch from; "
        "add it to CLASSTIME_FEED_ALLOWED_HOSTS if it is a trusted server of your network"
    )
    assert registrar.requests == [] and not Section.objects.exists()


@pytest.mark.parametrize("allowed", [["127.0.0.0/8"], ["::1", "127.0.0.1"], ["localhost"]])
def test_an_allowed_network_or_host_name_is_fetched(registrar, settings, allowed):
    # given
    settings.CLASSTIME_FEED_ALLOWED_HOSTS = allowed
    feed = feed_of(f"http://localhost:{registrar.port}/2025-fall.csv")
    # when
    done = run(feed)
    # then
    assert done.outcome == Outcome.IMPORTED


def test_a_redirect_from_an_allowed_host_to_an_internal_address_is_refused(registrar, settings):
    # given: localhost allowed by its name, and its answer a redirect to 127.0.0.1 (not allowed)
    settings.CLASSTIME_FEED_ALLOWED_HOSTS = ["localhost"]
    registrar.location = f"http://127.0.0.1:{registrar.port}/internal"
    feed = feed_of(f"http://localhost:{registrar.port}/2025-fall.csv")
    # when
    done = run(feed)
    # then: the first request was sent, the redirect's not
    assert done.outcome == Outcome.FETCH_FAILED
    assert done.message.startswith("127.0.0.1 is a loopback address, which a feed may not fetch from")
    assert "CLASSTIME_FEED_ALLOWED_HOSTS" in done.message
    assert len(registrar.requests) == 1


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://10.1.2.3/f.csv", "10.1.2.3 is a private address"),
        ("http://0.0.0.0/f.csv", "0.0.0.0 is an unspecified address"),
        ("http://[::ffff:127.0.0.1]/f.csv", "::ffff:127.0.0.1 (127.0.0.1) is a loopback address"),
    ],
)
def test_an_internal_address_is_refused_naming_it_and_the_setting(settings, url, said):
    # given: the cloud's metadata service, a private network, and this machine in disguise
    settings.CLASSTIME_FEED_ALLOWED_HOSTS = ["registrar.example.edu"]
    feed = feed_of(url)
    # when
    done = run(feed)
    # then
    assert done.outcome == Outcome.FETCH_FAILED
    assert done.message.startswith(said) and "CLASSTIME_FEED_ALLOWED_HOSTS" in done.message


@pytest.mark.parametrize(
    ("fields", "field", "said"),
    [
        ({"url": "ftp://registrar.example.edu/f.csv"}, "url", "expected an http://, https:// or file:// address"),
        ({"url": "https:///f.csv"}, "url", "expected a host after https://"),
        ({"every_minutes": 4}, "every_minutes", "greater than or equal to 5"),
        ({"format": "xlsx"}, "format", "'xlsx': expected one of canonical"),
        ({"institution_code": ""}, "institution_code", "A sections-csv file does not name its institution"),
        ({"format": "canonical", "columns": {"number": "Nbr"}}, "columns", "for sections-csv and sections-json"),
        ({"columns": {"numbr": "Nbr"}}, "columns", "did you mean 'number'?"),
    ],
)
def test_a_feed_is_checked_naming_the_field(fields, field, said):
    # given
    values = {"term_code": "2025-fall", "institution_code": "wahoo", "format": "sections-csv", "url": "https://x.edu/f"}
    feed = CatalogFeed(**{**values, **fields})
    # when
    with pytest.raises(ValidationError) as caught:
        feed.full_clean()
    # then
    assert said in " ".join(caught.value.message_dict[field])


def test_an_import_opening_a_watched_section_sends_its_seat_alert_at_once(registrar, eager, mailoutbox):
    # given: Ada watches CS 1003, full
    registrar.body = sections_file(full=(3,))
    feed = feed_of(registrar.url)
    run(feed)
    ada = User.objects.create_user("ada", "ada@example.edu", "pw-ada-12345")
    watches.watch_create(user=ada, section=Section.objects.get(registrar_id="40003"))
    registrar.body = sections_file()
    # when: the beat's task runs it (no seat alert beat in between)
    CatalogFeed.objects.filter(pk=feed.pk).update(next_run_at=None)
    tasks.feeds_run_due.delay()
    # then
    assert [m.to for m in mailoutbox] == [["ada@example.edu"]]
    assert "CS 1003" in mailoutbox[0].body


def test_the_command_runs_the_due_feeds_and_says_what_each_did(registrar):
    # given
    feed = feed_of(registrar.url)
    out = StringIO()
    # when
    call_command("run_catalog_feeds", stdout=out)
    call_command("run_catalog_feeds", stdout=out)  # not due any more
    # then
    assert out.getvalue().splitlines() == [
        f"feed wahoo 2025-fall (id {feed.pk}): Imported: 30 section(s) added, 0 changed "
        "(0 in seats or status), 0 withdrawn",
        "No catalog feed is due.",
    ]


def test_the_command_runs_one_feed_now_and_fails_when_it_fails(registrar):
    # given: a feed not due, its server failing
    feed = feed_of(registrar.url, next_run_at=timezone.now() + datetime.timedelta(hours=1), enabled=False)
    registrar.status = 503
    out = StringIO()
    # when
    with pytest.raises(CommandError) as caught:
        call_command("run_catalog_feeds", "--feed", str(feed.pk), stdout=out)
    # then
    assert "1 of 1 feed run(s) failed or were refused" in str(caught.value)
    assert f"feed wahoo 2025-fall (id {feed.pk}): Fetch failed: HTTP 503" in out.getvalue()


def test_the_command_names_an_unknown_feed():
    with pytest.raises(CommandError, match="--feed 999: no catalog feed has that id"):
        call_command("run_catalog_feeds", "--feed", "999", stdout=StringIO())


def test_the_command_forced_imports_the_same_body_again(registrar):
    # given
    feed = feed_of(registrar.url)
    call_command("run_catalog_feeds", stdout=StringIO())
    out = StringIO()
    # when
    call_command("run_catalog_feeds", "--feed", str(feed.pk), "--force", stdout=out)
    # then
    assert "Imported: 0 section(s) added" in out.getvalue()
    assert ImportRun.objects.count() == 2


def test_the_admin_lists_feeds_with_their_outcome_and_failures(registrar, staff_client):
    # given
    feed = feed_of(registrar.url)
    run(feed)
    registrar.body = sections_file(5)
    run(feed)
    run(feed)
    # when
    page = staff_client.get(reverse("admin:catalog_catalogfeed_changelist"))
    failing = staff_client.get(reverse("admin:catalog_catalogfeed_changelist") + "?failing=yes")
    fine = staff_client.get(reverse("admin:catalog_catalogfeed_changelist") + "?failing=no")
    own = staff_client.get(reverse("admin:catalog_catalogfeed_change", args=[feed.pk]))
    # then
    text = page.content.decode()
    assert registrar.url in text and "Refused by a guard (2 in a row)" in text
    assert registrar.url in failing.content.decode() and registrar.url not in fine.content.decode()
    assert own.content.decode().count("--allow-withdrawals") >= 2  # the last message and two runs
    assert reverse("admin:catalog_importrun_change", args=[feed.runs.first().import_run_id]) in own.content.decode()


def test_the_admin_run_now_action_runs_the_feed_and_says_how_it_went(registrar, eager, staff_client):
    # given
    feed = feed_of(registrar.url, next_run_at=timezone.now() + datetime.timedelta(hours=1))
    url = reverse("admin:catalog_catalogfeed_changelist")
    # when
    page = staff_client.post(url, {"action": "run_now", "_selected_action": [feed.pk]}, follow=True)
    # then
    feed.refresh_from_db()
    assert feed.last_outcome == Outcome.IMPORTED
    assert "Feed wahoo 2025-fall: Imported: 30 section(s) added, 0 changed" in page.content.decode()


def test_the_admin_run_now_with_workers_sends_the_feeds_to_them(registrar, staff_client, settings, monkeypatch):
    # given: a broker that holds the messages (no worker runs)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent: list[tuple] = []
    monkeypatch.setattr(tasks.feed_run, "apply_async", lambda args, kwargs=None, **options: sent.append(tuple(args)))
    feed = feed_of(registrar.url)
    url = reverse("admin:catalog_catalogfeed_changelist")
    # when
    page = staff_client.post(url, {"action": "run_now_whole", "_selected_action": [feed.pk]}, follow=True)
    # then
    assert sent == [(feed.pk, True, False)]
    assert "Sent 1 feed(s) to the workers; each one&#x27;s outcome shows here when done." in page.content.decode()


def test_the_admin_whole_run_imports_an_unchanged_file_again(registrar, eager, staff_client):
    # given
    feed = feed_of(registrar.url)
    run(feed)
    url = reverse("admin:catalog_catalogfeed_changelist")
    # when
    staff_client.post(url, {"action": "run_now", "_selected_action": [feed.pk]})
    staff_client.post(url, {"action": "run_now_whole", "_selected_action": [feed.pk]})
    # then
    assert [r.outcome for r in feed.runs.all()] == [Outcome.IMPORTED, Outcome.UNCHANGED, Outcome.IMPORTED]


def test_the_admin_run_now_needs_the_import_permissions(registrar, eager, client):
    # given: staff who may only view and change feeds
    from django.contrib.auth.models import Permission

    clerk = User.objects.create_user("clerk", "c@example.edu", "pw-clerk-12345", is_staff=True)
    clerk.user_permissions.set(Permission.objects.filter(codename__in=["view_catalogfeed", "change_catalogfeed"]))
    client.force_login(clerk)
    feed = feed_of(registrar.url)
    # when
    client.post(reverse("admin:catalog_catalogfeed_changelist"), {"action": "run_now", "_selected_action": [feed.pk]})
    # then
    feed.refresh_from_db()
    assert feed.last_run_at is None and not registrar.requests


def feed_form(feed: CatalogFeed) -> dict[str, str]:
    """The admin's change form of the feed, its runs listed, with 30 minutes and withdrawals allowed."""
    runs = list(feed.runs.values_list("pk", flat=True))
    form = {
        "term_code": feed.term_code,
        "institution_code": feed.institution_code,
        "url": feed.url,
        "format": feed.format,
        "columns": "{}",
        "every_minutes": "30",
        "enabled": "on",
        "allow_withdrawals": "on",
        "runs-TOTAL_FORMS": str(len(runs)),
        "runs-INITIAL_FORMS": str(len(runs)),
        "runs-MIN_NUM_FORMS": "0",
        "runs-MAX_NUM_FORMS": "0",
    }
    for i, pk in enumerate(runs):
        form.update({f"runs-{i}-id": str(pk), f"runs-{i}-feed": str(feed.pk)})
    return form


def test_the_admin_forgets_the_last_body_when_what_is_imported_changes(registrar, staff_client):
    # given
    feed = feed_of(registrar.url)
    run(feed)
    form = feed_form(feed)
    # when
    page = staff_client.post(reverse("admin:catalog_catalogfeed_change", args=[feed.pk]), form)
    # then
    assert page.status_code == 302
    feed.refresh_from_db()
    assert feed.allow_withdrawals and feed.content_sha256 == ""
    assert feed.next_run_at == feed.last_run_at + datetime.timedelta(minutes=30)


def test_a_setting_changed_during_a_run_is_not_undone_by_it(registrar, staff_client, monkeypatch):
    # given: a feed imported, its file unchanged, and an admin granting withdrawals while it is fetched again
    feed = feed_of(registrar.url)
    run(feed)
    fetch = feeds.feed_fetch

    def fetch_while_edited(**kwargs):
        fetched = fetch(**kwargs)
        page = staff_client.post(reverse("admin:catalog_catalogfeed_change", args=[feed.pk]), feed_form(feed))
        assert page.status_code == 302
        return fetched

    monkeypatch.setattr(feeds, "feed_fetch", fetch_while_edited)
    # when
    during = run(feed, force=True)
    monkeypatch.setattr(feeds, "feed_fetch", fetch)
    after = run(feed)
    # then: the run under the old settings kept no hash, so the next imports the same body whole
    assert during.outcome == Outcome.IMPORTED
    assert after.outcome == Outcome.IMPORTED and after.import_run is not None
    assert feed.allow_withdrawals and feed.settings_version == 1


def test_the_admin_saves_only_the_fields_of_its_form(registrar, staff_client, monkeypatch):
    # given: a run recording its outcome while the admin's copy of the feed is being saved
    feed = feed_of(registrar.url)
    claimed = timezone.now() + datetime.timedelta(minutes=5)
    changed = feeds.catalog_feed_settings_changed

    def changed_while_run(*, feed, **kwargs):
        CatalogFeed.objects.filter(pk=feed.pk).update(last_outcome=Outcome.IMPORTED, claimed_until=claimed)
        return changed(feed=feed, **kwargs)

    monkeypatch.setattr(feeds, "catalog_feed_settings_changed", changed_while_run)
    # when
    page = staff_client.post(reverse("admin:catalog_catalogfeed_change", args=[feed.pk]), feed_form(feed))
    # then
    assert page.status_code == 302
    feed.refresh_from_db()
    assert feed.allow_withdrawals and feed.every_minutes == 30
    assert feed.last_outcome == Outcome.IMPORTED and feed.claimed_until == claimed


def test_a_run_whose_claim_lapsed_leaves_the_feed_to_the_run_holding_it(registrar, monkeypatch):
    # given: a run so slow that its claim lapsed and another run claimed the feed meanwhile
    feed = feed_of(registrar.url)
    other = timezone.now() + datetime.timedelta(minutes=6)
    fetch = feeds.feed_fetch

    def fetch_while_taken(**kwargs):
        CatalogFeed.objects.filter(pk=feed.pk).update(claimed_until=other)
        return fetch(**kwargs)

    monkeypatch.setattr(feeds, "feed_fetch", fetch_while_taken)
    # when
    done = run(feed)
    # then: it imported nothing and neither wrote its outcome nor freed the other run's claim
    assert done.outcome == Outcome.FAILED and "another run holds it" in done.message
    assert not Section.objects.exists() and done.pk is not None
    assert feed.claimed_until == other and feed.last_outcome == "" and feed.last_run_at is None


def test_a_run_renews_its_claim_before_importing(registrar, monkeypatch):
    # given
    feed = feed_of(registrar.url)
    leases = []
    fetch, load = feeds.feed_fetch, feeds.feed_import

    def lease(function):
        def watched(**kwargs):
            leases.append(CatalogFeed.objects.get(pk=feed.pk).claimed_until)
            return function(**kwargs)

        return watched

    monkeypatch.setattr(feeds, "feed_fetch", lease(fetch))
    monkeypatch.setattr(feeds, "feed_import", lease(load))
    # when
    done = run(feed)
    # then: the import had a lease of its own, and the record let it go
    assert done.outcome == Outcome.IMPORTED
    assert leases[1] > leases[0]
    assert leases[1] >= done.started_at + datetime.timedelta(seconds=feeds.FEED_LEASE_SECONDS)
    assert feed.claimed_until is None and feed.last_outcome == Outcome.IMPORTED


def test_an_unexpected_error_is_recorded_as_a_failed_run(registrar, monkeypatch):
    # given: a bug, the database lost or a worker's time limit, in the import
    feed = feed_of(registrar.url)

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(feeds, "feed_import", broken)
    # when
    done = run(feed)
    # then: said as a failure of the run, not of the file
    assert done.outcome == Outcome.FAILED and done.get_outcome_display() == "Run failed"
    assert done.message == "the run failed unexpectedly: RuntimeError: boom"
    assert feed.last_outcome == Outcome.FAILED and feed.failures == 1 and feed.claimed_until is None


def test_the_admin_run_now_on_a_feed_another_run_holds_says_it_was_skipped(registrar, eager, staff_client):
    # given: a feed imported before, now held by another run
    feed = feed_of(registrar.url)
    run(feed)
    CatalogFeed.objects.filter(pk=feed.pk).update(claimed_until=timezone.now() + datetime.timedelta(minutes=5))
    url = reverse("admin:catalog_catalogfeed_changelist")
    # when
    page = staff_client.post(url, {"action": "run_now", "_selected_action": [feed.pk]}, follow=True)
    # then: not the previous run's outcome as this one's
    said = page.content.decode()
    assert "Feed wahoo 2025-fall: skipped: another run holds it" in said
    assert "Imported: 30 section(s)" not in said
    assert feed.runs.count() == 1


def test_a_token_in_the_address_is_hidden_from_messages_and_the_import_run(registrar):
    # given: a registrar's export whose address carries its token
    feed = feed_of(registrar.url + "?token=s3cret-t0ken", every_minutes=5)
    # when: it fails to fetch, then to import
    registrar.status = 500
    failed = run(feed)
    registrar.status, registrar.body = 200, b"PK\x03\x04 not a csv \x00\x00"
    refused = run(feed)
    # then
    assert failed.message == f"HTTP 500 Internal Server Error from {registrar.url}?…"
    assert refused.message.startswith(f"feed {feed.pk}: {registrar.url}?…")
    assert refused.import_run.source_name == f"feed {feed.pk}: {registrar.url}?…"
    assert "s3cret" not in refused.import_run.error
