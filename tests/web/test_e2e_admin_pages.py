"""The catalog admin's own pages in a browser: an import run's page follows the run in place
(no reload sending a screen reader back to the top, the focus kept), the pages fit their window,
and every admin page's breadcrumb links are underlined."""

import re
import time

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from catalog import services, tasks
from catalog.models import Course, ImportRun, Section
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db(transaction=True)

UNDERLINE = "link => getComputedStyle(link).textDecorationLine"


@pytest.fixture
def registrar(site) -> User:
    return User.objects.create_superuser("registrar", "r@example.edu", "pw-registrar-1")


def test_an_import_runs_page_follows_the_run_in_place_and_keeps_the_focus_where_it_was(
    signed_in, registrar, settings, monkeypatch
):
    # given: a dry run queued (no worker takes it up), its page open, the keyboard on its Import runs link
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(tasks.import_run_execute, "apply_async", lambda args, **kwargs: None)
    run = services.import_run_submit(data=DEMO_CATALOG.read_bytes(), name="demo.json", format="canonical")
    page = signed_in(registrar).new_page()
    # the page's clock paused: it polls only when run_for says so, never while this thread writes the
    # run (on SQLite a poll reading the table as the update wrote it failed it: "database table is locked")
    page.clock.install()
    page.clock.pause_at(time.time() + 1)
    page.goto(f"/admin/catalog/importrun/{run.pk}/preview/")
    page.evaluate("window.notReloaded = true")
    link = page.locator("#import-status").get_by_role("link", name="Import runs")
    link.focus()
    # when: a worker takes it up
    now = timezone.now()
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING, started_at=now, heartbeat_at=now)
    page.clock.run_for(2000)
    # then: said once in the live region, the focus where it was
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^Running: the dry run started at .* s ago\)\.$"))
    expect(page.locator("#import-progress")).to_have_text(re.compile("^Running"))
    expect(link).to_be_focused()
    assert link.evaluate(UNDERLINE) == "underline"
    # when: it is done
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.QUEUED)
    assert services.import_run_execute(run_id=run.pk)
    page.clock.run_for(2000)
    # then: its report in place of the status, the focus (lost with the link) on its heading
    counts = page.get_by_role("table", name=re.compile("DRY RUN, nothing written"))
    expect(counts).to_be_visible()
    expect(page.locator("#import-counts caption")).to_be_focused()
    expect(counts.get_by_role("columnheader", name="unchanged")).to_be_visible()
    expect(counts.get_by_role("row", name="section 0 0 58 0 0")).to_be_visible()  # the demo term, as it was
    expect(page.get_by_role("button", name="Apply this import")).to_be_visible()
    expect(page.locator("#import-status")).to_have_count(0)
    assert page.evaluate("window.notReloaded") is True
    assert page.locator('meta[http-equiv="refresh"]').count() == 0


def test_the_section_page_fits_1280_px_and_the_upload_page_320_px(signed_in, registrar):
    # given
    section = Section.objects.get(registrar_id="40001", term__code="2026-fall")
    wide = signed_in(registrar, viewport={"width": 1280, "height": 800}).new_page()
    narrow = signed_in(registrar, viewport={"width": 320, "height": 640}).new_page()
    # when
    wide.goto(f"/admin/catalog/section/{section.pk}/change/")
    narrow.goto("/admin/catalog/importrun/upload/")
    # then: no sideways scrolling, a meeting's Delete box on screen; the breadcrumbs' links underlined
    assert wide.evaluate("document.documentElement.scrollWidth") <= 1280
    delete = wide.get_by_role("checkbox", name="Delete meeting 1")
    assert delete.bounding_box()["x"] + delete.bounding_box()["width"] <= 1280
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 320
    assert narrow.locator("#catalog-breadcrumbs a").first.evaluate(UNDERLINE) == "underline"


def test_the_admins_breadcrumb_links_are_underlined_on_every_page(signed_in, registrar):
    # given: a list, a change page, the catalog's upload page and one of another app
    course = Course.objects.get(term__code="2026-fall", subject="CS", number="1110")
    page = signed_in(registrar).new_page()
    for path in [
        "/admin/catalog/section/",
        f"/admin/catalog/course/{course.pk}/change/",
        "/admin/catalog/importrun/upload/",
        "/admin/auth/user/",
    ]:
        # when
        page.goto(path)
        # then: told apart from the words between them by more than their colour
        links = page.locator("div.breadcrumbs a").all()
        assert len(links) >= 2, path
        assert [link.evaluate(UNDERLINE) for link in links] == ["underline"] * len(links), path
