"""Catalog feeds: a registrar's file fetched on a schedule and imported as `import_catalog` would
(docs/sources.md, "Feeds").

A run claims its feed (a row lock skipping a feed another worker holds, then a lease in
`claimed_until`, so a feed is run by one worker at a time, and a lost worker's claim lapses),
fetches the file with a conditional GET (ETag, Last-Modified) within a time and size limit, skips a
body it imported last time (its SHA-256), and imports the rest with `catalog_import_file`: all or
nothing, guarded as the command is, logged as an ImportRun. Whatever happened is recorded on the
feed (`last_outcome`, `last_message`, `failures` in a row) and in a CatalogFeedRun.
"""

from __future__ import annotations

import contextvars
import datetime
import hashlib
import http.client
import ipaddress
import logging
import socket
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from catalog import services
from catalog.models import CatalogFeed, CatalogFeedRun, ImportRun

log = logging.getLogger(__name__)

# a feed claimed is left alone this long: longer than a run can take in a worker (the fetch's
# timeout, then an import's time limit), so a lost worker's feed is run again after it
FEED_LEASE_SECONDS = services.IMPORT_TIME_LIMIT + 120
FEED_RUNS_KEPT = 50  # a feed's history keeps its latest runs
# a refused file's error, as the feed says it: the error quotes the file, and a feed's message is
# shown where its address is; the import run's page has it whole
MESSAGE_EXCERPT = 300
CHUNK = 64 * 1024
SEAT_FIELDS = {"status", "capacity", "enrolled", "waitlist"}
Outcome = CatalogFeed.Outcome
GUARD_FIELDS = ("allow_withdrawals", "allow_mass_untimed", "allow_outside_term")
# a change to one of these may import the same body otherwise: the next run takes it whole
IMPORT_FIELDS = {"url", "format", "columns", "term_code", "institution_code", *GUARD_FIELDS}


class FeedFetchError(Exception):
    """The file could not be fetched (network, HTTP status, timeout, size); the message says why."""


@dataclass(frozen=True)
class Fetched:
    """A fetch's answer: `body` None when the server said 304 Not Modified."""

    status: int | None
    body: bytes | None
    etag: str = ""
    last_modified: str = ""


def url_said(url: str) -> str:
    """The address as messages and import runs' names show it: a query string (where a
    registrar's export often takes its token) and a user's password hidden, `https://host/f.csv?…`."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "…@" + netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, parts.path, "…" if parts.query else "", ""))


class HttpRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect to http(s) only (urllib's own would follow one to ftp://)."""

    def http_error_302(self, req, fp, code, msg, headers):
        target = urljoin(req.full_url, headers.get("Location") or headers.get("URI") or "")
        if urlsplit(target).scheme not in ("http", "https"):
            fp.close()
            raise FeedFetchError(
                f"{url_said(req.full_url)} redirects to {url_said(target)}; a feed follows http(s) redirects only"
            )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def address_refused(host: str, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """Why a feed may not connect to `ip` (which `host` resolved to), or "" when it may: an
    internal address (loopback, private, link-local, ...) unless CLASSTIME_FEED_ALLOWED_HOSTS allows
    the host's name or the address, so an admin's feed cannot read the site's internal services."""
    allowed = [entry.strip() for entry in settings.CLASSTIME_FEED_ALLOWED_HOSTS if entry.strip()]
    if host.lower().rstrip(".") in {entry.lower().rstrip(".") for entry in allowed}:
        return ""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for entry in allowed:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return ""
        except ValueError:  # a host name
            continue
    # private last: Python counts most of the others private too
    kinds = ("loopback", "link_local", "multicast", "unspecified", "reserved", "private")
    kind = next((kind for kind in kinds if getattr(ip, f"is_{kind}")), "" if ip.is_global else "non-public")
    if not kind:
        return ""
    said = host if host == str(ip) else f"{host} ({ip})"
    article = "an" if kind[0] in "aeiou" else "a"
    return (
        f"{said} is {article} {kind.replace('_', '-')} address, which a feed may not fetch from; "
        "add it to CLASSTIME_FEED_ALLOWED_HOSTS if it is a trusted server of your network"
    )


def checked_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None, **kwargs):
    """A socket connected to one of `address`'s host's addresses, after every one of them is
    checked (address_refused): connecting to the address checked, not resolving the name again,
    so a DNS answer changed in between cannot swap it. http.client's `_create_connection`."""
    host, port = address
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OSError(f"cannot resolve {host}: {exc.strerror}") from None
    for *_, sockaddr in found:
        if refused := address_refused(host, ipaddress.ip_address(sockaddr[0].split("%")[0])):
            raise FeedFetchError(refused)
    error: OSError | None = None
    for family, kind, proto, _, sockaddr in found:
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            watched(sock)
            sock.connect(sockaddr)
            return watched(sock)  # again: shut at once if the deadline passed while it connected
        except OSError as exc:
            sock.close()
            error = exc
    raise error or OSError(f"{host} has no address")


class CheckedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = checked_connection


class CheckedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = checked_connection  # TLS then wraps it, its SNI the host's name

    def connect(self):
        super().connect()
        watched(self.sock)  # the TLS socket, the plain one detached from


class CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(CheckedHTTPConnection, req)


class CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(CheckedHTTPSConnection, req, context=self._context, check_hostname=self._check_hostname)


def http_opener() -> urllib.request.OpenerDirector:
    """An opener for http(s) only, no file://, ftp:// or data: handler (an address is checked when
    saved, but a redirect is not), and no proxy; each connection, a redirect's too, checked by
    checked_connection."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        CheckedHTTPHandler,
        CheckedHTTPSHandler,
        HttpRedirects,
        urllib.request.HTTPDefaultErrorHandler,
        urllib.request.HTTPErrorProcessor,
    ):
        opener.add_handler(handler())
    return opener


def too_big(size: int, limit: int) -> str:
    return f"the file is over {limit:,} bytes ({size:,} or more), the most an import takes (CLASSTIME_MAX_IMPORT_BYTES)"


def file_fetch(url: str, *, limit: int) -> Fetched:
    """A file:// feed's body, read only under CLASSTIME_FEED_FILE_ROOT."""
    root = settings.CLASSTIME_FEED_FILE_ROOT
    if not root:
        raise FeedFetchError("file:// feeds are off: set CLASSTIME_FEED_FILE_ROOT to the folder they may read")
    path = Path(urllib.request.url2pathname(urlsplit(url).path)).resolve()
    if not path.is_relative_to(Path(root).resolve()):
        raise FeedFetchError(f"{path} is not inside CLASSTIME_FEED_FILE_ROOT ({root})")
    try:
        size = path.stat().st_size
        if size > limit:
            raise FeedFetchError(too_big(size, limit))
        return Fetched(status=None, body=path.read_bytes())
    except OSError as exc:
        raise FeedFetchError(f"cannot read {path}: {exc.strerror}") from None


class FetchWatchdog:
    """Shuts the fetch's sockets down at its deadline: a socket's timeout bounds each wait only,
    not DNS, connect, headers trickled a byte at a time, redirects and body in all. The fetch's
    connections register their sockets while it is the current one (WATCHDOG)."""

    def __init__(self, seconds: float):
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        self.expired = False
        self.timer = threading.Timer(seconds, self.expire)
        self.timer.daemon = True

    def __enter__(self) -> FetchWatchdog:
        self.token = WATCHDOG.set(self)
        self.timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.timer.cancel()
        WATCHDOG.reset(self.token)

    def expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                shut(sock)

    def watch(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)
            if self.expired:
                shut(sock)


WATCHDOG: contextvars.ContextVar[FetchWatchdog | None] = contextvars.ContextVar("feed_fetch_watchdog", default=None)


def watched(sock: socket.socket) -> socket.socket:
    if (watchdog := WATCHDOG.get()) is not None:
        watchdog.watch(sock)
    return sock


def shut(sock: socket.socket) -> None:
    """End the socket's traffic both ways, waking a read blocked on it (a TLS socket's too: the
    plain socket's shutdown, below TLS); a socket closed since is left alone."""
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


def feed_fetch(*, url: str, etag: str = "", last_modified: str = "", timeout: float, limit: int) -> Fetched:
    """The feed's body, or a 304's empty answer to a conditional GET; FeedFetchError when the
    server cannot be reached, answers an error status, sends more than `limit` bytes or takes
    over `timeout` seconds in all (a watchdog shuts its sockets at the deadline)."""
    if urlsplit(url).scheme == "file":
        return file_fetch(url, limit=limit)
    headers = {"User-Agent": "Classtime catalog feed", "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    took_over = f"fetching {url_said(url)} took over {timeout:g} s (CLASSTIME_FEED_TIMEOUT_SECONDS)"
    deadline = time.monotonic() + timeout
    with FetchWatchdog(timeout) as watchdog:
        try:
            fetched = http_fetch(url=url, headers=headers, timeout=timeout, limit=limit, deadline=deadline)
        except FeedFetchError:
            if watchdog.expired or time.monotonic() >= deadline:
                raise FeedFetchError(took_over) from None
            raise
    if watchdog.expired:  # a body without a length may look whole where the watchdog cut it
        raise FeedFetchError(took_over)
    return fetched


def http_fetch(*, url: str, headers: dict[str, str], timeout: float, limit: int, deadline: float) -> Fetched:
    try:
        response = http_opener().open(urllib.request.Request(url, headers=headers), timeout=timeout)
    except HTTPError as exc:
        exc.close()
        if exc.code == 304:
            return Fetched(
                status=304,
                body=None,
                etag=headers.get("If-None-Match", ""),
                last_modified=headers.get("If-Modified-Since", ""),
            )
        raise FeedFetchError(f"HTTP {exc.code} {exc.reason} from {url_said(url)}") from None
    except (URLError, OSError, http.client.HTTPException, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FeedFetchError(f"cannot fetch {url_said(url)}: {reason or type(exc).__name__}") from None
    with response:
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > limit:
            raise FeedFetchError(too_big(int(length), limit))
        chunks, size = [], 0
        try:
            while chunk := response.read1(CHUNK):  # what one receive brings: the deadline is checked often
                size += len(chunk)
                if size > limit:
                    raise FeedFetchError(too_big(size, limit))
                if time.monotonic() > deadline:
                    raise FeedFetchError(f"fetching {url} took over {timeout:g} s")
                chunks.append(chunk)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            said = f"{exc or type(exc).__name__}"
            raise FeedFetchError(f"reading {url_said(url)} failed after {size:,} bytes: {said}") from None
        return Fetched(
            status=response.status,
            body=b"".join(chunks),
            etag=response.headers.get("ETag", "")[:500],
            last_modified=response.headers.get("Last-Modified", "")[:100],
        )


def due_q(now: datetime.datetime) -> Q:
    return Q(enabled=True) & (Q(next_run_at__isnull=True) | Q(next_run_at__lte=now))


def free_q(now: datetime.datetime) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)


def catalog_feeds_due(*, now: datetime.datetime | None = None) -> list[int]:
    """The ids of the enabled feeds due now and run by no worker: those never run first, then the
    longest waiting."""
    now = now or timezone.now()
    feeds = CatalogFeed.objects.filter(due_q(now), free_q(now)).order_by(F("next_run_at").asc(nulls_first=True), "pk")
    return list(feeds.values_list("pk", flat=True))


def catalog_feed_claim(*, feed_id: int, due_only: bool, now: datetime.datetime) -> CatalogFeed | None:
    """The feed, claimed for this worker until FEED_LEASE_SECONDS from now; None when another
    worker holds it (its row locked: skipped, not waited for; or its claim not lapsed), or, with
    `due_only`, when it is not due (disabled, or run since)."""
    feeds = CatalogFeed.objects.filter(free_q(now), pk=feed_id)
    if due_only:
        feeds = feeds.filter(due_q(now))
    with transaction.atomic():
        feed = feeds.select_for_update(skip_locked=True).first()
        if feed is None:
            return None
        feed.claimed_until = now + datetime.timedelta(seconds=FEED_LEASE_SECONDS)
        CatalogFeed.objects.filter(pk=feed.pk).update(claimed_until=feed.claimed_until)
    return feed


def catalog_feed_claim_renew(*, feed: CatalogFeed) -> bool:
    """Extend this run's claim of the feed by FEED_LEASE_SECONDS from now (before an import, which
    the command and Run now do not time out); False when it is no longer this run's (it lapsed and
    another run took it)."""
    until = timezone.now() + datetime.timedelta(seconds=FEED_LEASE_SECONDS)
    if not CatalogFeed.objects.filter(pk=feed.pk, claimed_until=feed.claimed_until).update(claimed_until=until):
        return False
    feed.claimed_until = until
    return True


def import_counts(report: dict[str, Any]) -> dict[str, int]:
    """What an applied import changed, in sections: added, changed (of which in seats or status), withdrawn."""
    sections = report.get("counts", {}).get("section", {})
    changes = report.get("changes", [])
    return {
        "added": sections.get("created", 0),
        "changed": sections.get("updated", 0),
        "seats": sum(1 for change in changes if SEAT_FIELDS & set(change.get("fields", ()))),
        "withdrawn": sections.get("withdrawn", 0),
    }


def counts_said(counts: dict[str, int]) -> str:
    """`2 section(s) added, 5 changed (4 in seats or status), 0 withdrawn`."""
    return (
        f"{counts['added']} section(s) added, {counts['changed']} changed "
        f"({counts['seats']} in seats or status), {counts['withdrawn']} withdrawn"
    )


def feed_import(*, feed: CatalogFeed, run: CatalogFeedRun, body: bytes) -> None:
    """Import `body` as the feed asks and set the run's outcome from the import run's."""
    imported, _ = services.catalog_import_file(
        data=body,
        name=f"feed {feed.pk}: {url_said(feed.url)}",
        format=feed.format,
        institution_code=feed.institution_code,
        term_code=feed.term_code,
        allow_withdrawals=feed.allow_withdrawals,
        allow_mass_untimed=feed.allow_mass_untimed,
        allow_outside_term=feed.allow_outside_term,
        column_mapping=feed.column_mapping,
    )
    run.import_run = imported
    if imported.status == ImportRun.Status.APPLIED:
        run.outcome = Outcome.IMPORTED
        run.counts = import_counts(imported.report)
        run.message = counts_said(run.counts)
    elif imported.status == ImportRun.Status.REFUSED:
        run.outcome, run.message = Outcome.REFUSED, imported.error
    else:
        run.outcome, run.message = Outcome.INVALID, excerpt(imported.error)


def excerpt(message: str) -> str:
    """The message's first MESSAGE_EXCERPT characters, saying where the rest is."""
    if len(message) <= MESSAGE_EXCERPT:
        return message
    return message[:MESSAGE_EXCERPT] + "… (cut: the import run's page has it whole)"


def feed_run_outcome(*, feed: CatalogFeed, run: CatalogFeedRun, force: bool) -> Fetched | None:
    """Fetch and import the feed's file, setting the run's outcome; the fetch when its body was
    imported or found unchanged (whose ETag and Last-Modified the feed then keeps)."""
    try:
        fetched = feed_fetch(
            url=feed.url,
            etag="" if force else feed.etag,
            last_modified="" if force else feed.last_modified,
            timeout=settings.CLASSTIME_FEED_TIMEOUT_SECONDS,
            limit=settings.CLASSTIME_MAX_IMPORT_BYTES,
        )
    except FeedFetchError as exc:
        run.outcome, run.message = Outcome.FETCH_FAILED, str(exc)
        return None
    run.http_status = fetched.status
    if fetched.body is None:
        run.outcome, run.message = Outcome.UNCHANGED, "not modified since the last import (HTTP 304)"
        return fetched
    run.size, run.sha256 = len(fetched.body), hashlib.sha256(fetched.body).hexdigest()
    if run.sha256 == feed.content_sha256 and not force:
        run.outcome, run.message = Outcome.UNCHANGED, "the same file as the last imported (its SHA-256)"
        return fetched
    if not catalog_feed_claim_renew(feed=feed):
        run.outcome = Outcome.FAILED
        run.message = "the feed's claim lapsed during the fetch and another run holds it: this one did not import"
        return None
    feed_import(feed=feed, run=run, body=fetched.body)
    return fetched if run.outcome == Outcome.IMPORTED else None


def catalog_feed_run(*, feed_id: int, force: bool = False, due_only: bool = False) -> CatalogFeedRun | None:
    """Run the feed now, if no other worker is (`due_only`: and if it is due), and record the
    outcome on it; the run, or None when it was not run. `force` fetches the file whole (no
    conditional GET) and imports it even when it is the body imported last time."""
    started = timezone.now()
    feed = catalog_feed_claim(feed_id=feed_id, due_only=due_only, now=started)
    if feed is None:
        return None
    run = CatalogFeedRun(feed=feed, started_at=started, forced=force)
    fetched = None
    try:
        fetched = feed_run_outcome(feed=feed, run=run, force=force)
    except Exception as exc:  # a bug, or the database gone: said on the feed, its claim let go
        log.exception("catalog feed %s failed", feed.pk)
        run.outcome, run.message = Outcome.FAILED, f"the run failed unexpectedly: {type(exc).__name__}: {exc}"
    run.finished_at = timezone.now()
    feed_run_record(feed=feed, run=run, fetched=fetched)
    return run


def feed_run_record(*, feed: CatalogFeed, run: CatalogFeedRun, fetched: Fetched | None) -> None:
    """Save the run and, while the feed's claim is still this run's, the feed's last outcome, its
    next time and failures in a row, letting the claim go (a run whose claim lapsed leaves the feed
    to the run holding it now); only a good run's fetch updates what the next conditional GET sends."""
    update: dict[str, Any] = {
        "last_run_at": run.finished_at,
        "next_run_at": run.started_at + datetime.timedelta(minutes=feed.every_minutes),
        "last_outcome": run.outcome,
        "last_message": run.message,
        "failures": feed.failures + 1 if run.outcome in CatalogFeed.FAILURES else 0,
        "claimed_until": None,
        "updated_at": run.finished_at,
    }
    fetched_said: dict[str, Any] = {}
    if fetched is not None:
        fetched_said.update(etag=fetched.etag, last_modified=fetched.last_modified)
        if run.sha256:
            fetched_said["content_sha256"] = run.sha256
    with transaction.atomic():
        run.save()
        held = CatalogFeed.objects.filter(pk=feed.pk, claimed_until=feed.claimed_until)
        if fetched_said:  # only under the settings it ran with: an admin's change since made them forget it
            held.filter(settings_version=feed.settings_version).update(**fetched_said)
        recorded = held.update(**update)
        kept = CatalogFeedRun.objects.filter(feed=feed).values_list("pk", flat=True)[:FEED_RUNS_KEPT]
        CatalogFeedRun.objects.filter(feed=feed).exclude(pk__in=list(kept)).delete()
    if recorded:
        for name, value in update.items():
            setattr(feed, name, value)


def catalog_feed_settings_changed(*, feed: CatalogFeed, changed: set[str]) -> None:
    """Bring the feed's state in line with the fields an admin `changed` (unsaved): after a change
    to what the import is given (IMPORT_FIELDS) it forgets what it last fetched, so the next run
    imports the file whole, as the same body may now import otherwise; after a change of schedule
    its next run is its last one plus the new period."""
    if changed & IMPORT_FIELDS:
        feed.etag = feed.last_modified = feed.content_sha256 = ""
        feed.settings_version = F("settings_version") + 1  # a run under the old ones keeps none of these
    if "every_minutes" in changed and feed.last_run_at is not None:
        feed.next_run_at = feed.last_run_at + datetime.timedelta(minutes=feed.every_minutes)


def catalog_feed_settings_save(*, feed: CatalogFeed, changed: set[str]) -> None:
    """Save the fields an admin `changed` and those catalog_feed_settings_changed set, and no other:
    a run in progress writes its outcome and claim meanwhile, which the admin's copy would undo."""
    catalog_feed_settings_changed(feed=feed, changed=changed)
    fields = set(changed)
    if changed & IMPORT_FIELDS:
        fields |= {"etag", "last_modified", "content_sha256", "settings_version"}
    if "every_minutes" in changed and feed.last_run_at is not None:
        fields.add("next_run_at")
    feed.save(update_fields=[*sorted(fields), "updated_at"])
    if "settings_version" in fields:
        feed.refresh_from_db(fields=["settings_version"])


def catalog_changed(run: CatalogFeedRun | None) -> bool:
    """Whether the run imported changes to its term's sections (for the seat alerts to look at at once)."""
    return run is not None and run.outcome == Outcome.IMPORTED and any(run.counts.values())
