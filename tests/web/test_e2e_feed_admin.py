"""The admin's catalog feed pages in a browser: the list (its last outcomes and failures in a row)
and a feed's page (its latest runs) break no axe rule; Run now says how the run went."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from catalog.models import CatalogFeed, CatalogFeedRun
from tests.web.test_e2e_axe import violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registrar(site) -> User:
    return User.objects.create_superuser("registrar", "r@example.edu", "pw-registrar-1")


@pytest.fixture
def feed(site) -> CatalogFeed:
    """A feed refused twice in a row after a good run."""
    now = timezone.now()
    feed = CatalogFeed.objects.create(
        term_code="2026-fall",
        institution_code="demo",
        url="https://registrar.example.edu/export/2026-fall.json",
        format="canonical",
        last_run_at=now,
        next_run_at=now + datetime.timedelta(minutes=60),
        last_outcome=CatalogFeed.Outcome.REFUSED,
        last_message="feed 1: …: the file would withdraw 25 of the term's 30 sections; pass --allow-withdrawals …",
        failures=2,
    )
    for minutes, outcome in [(120, "imported"), (60, "refused"), (0, "refused")]:
        CatalogFeedRun.objects.create(
            feed=feed,
            started_at=now - datetime.timedelta(minutes=minutes),
            finished_at=now - datetime.timedelta(minutes=minutes),
            outcome=outcome,
            message="2 section(s) added" if outcome == "imported" else "refused: pass --allow-withdrawals",
            http_status=200,
            size=1234,
        )
    return feed


@pytest.mark.parametrize("which", ["list", "feed"])
def test_the_feed_pages_break_no_rule(open_page, signed_in, registrar, feed, which):
    # given
    path = {"list": "/admin/catalog/catalogfeed/", "feed": f"/admin/catalog/catalogfeed/{feed.pk}/change/"}[which]
    page = open_page(path, context=signed_in(registrar), planner=False)
    expect(page.get_by_text("Refused by a guard").first).to_be_visible()
    # when
    found = violations(page)
    # then
    assert not found, found


def test_the_list_shows_a_failing_feeds_outcome_with_its_count(open_page, signed_in, registrar, feed):
    # given
    page = open_page("/admin/catalog/catalogfeed/", context=signed_in(registrar), planner=False)
    # when
    row = page.locator("#result_list tbody tr").first
    # then
    expect(row).to_contain_text("Refused by a guard (2 in a row)")
    expect(row).to_contain_text("https://registrar.example.edu/export/2026-fall.json")
