"""The import runs list never tells a run's file, which the admin does not show (a dry run keeps
it until it is applied or let go): a lookup through it in the list's query string
(`?content__contains=...`) is refused, as it would tell the file a character at a time by
which runs each guess keeps."""

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from catalog.models import ImportRun

pytestmark = pytest.mark.django_db

FILE = b"Subj,Nbr,Instructor email\nCS,1110,someone@example.edu\n"


@pytest.fixture
def run() -> ImportRun:
    """A dry run of a spreadsheet, keeping its file until it is applied."""
    return ImportRun.objects.create(
        source_name="banner-extract.csv",
        format="sections-csv",
        sha256="0" * 64,
        status=ImportRun.Status.DRY_RUN,
        dry_run=True,
        content=FILE,
    )


@pytest.fixture
def viewer(client) -> User:
    """The test client signed in as staff who may only view import runs."""
    staff = User.objects.create_user("auditor", password="pw-auditor-1", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename="view_importrun"))
    client.force_login(staff)
    return staff


def page_text(answer) -> str:
    """The answer's page, without its CSRF token (masked anew on every page)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", answer.content.decode())


@pytest.mark.parametrize(
    "lookup, right, wrong",
    [
        ("content__contains", "someone@", "nobody@"),
        ("content__icontains", "SOMEONE@", "NOBODY@"),
        ("content__startswith", "Subj", "Zzz"),
        ("content__regex", "^Subj", "^Zzz"),
        ("content", FILE.decode(), "x"),
        ("content__isnull", "false", "true"),
    ],
)
def test_staff_who_may_view_import_runs_cannot_look_a_file_up(client, viewer, run, lookup, right, wrong):
    # when
    listing = reverse("admin:catalog_importrun_changelist")
    answers = [client.get(listing, {"id": run.pk, lookup: value}) for value in (right, wrong)]
    # then: both refused alike, neither naming the run
    assert [answer.status_code for answer in answers] == [400, 400]
    assert page_text(answers[0]) == page_text(answers[1])
    assert "banner-extract.csv" not in page_text(answers[0])


def test_the_import_runs_lists_own_filters_search_and_sorting_still_work(client, viewer, run):
    # given
    ImportRun.objects.create(source_name="demo.json", format="canonical", sha256="1" * 64, status="applied")
    listing = reverse("admin:catalog_importrun_changelist")
    # when
    dry_runs, canonical, found, sorted_ = (
        client.get(listing + query).content.decode()
        for query in ("?status__exact=dry_run", "?format__exact=canonical", "?q=banner", "?o=2")
    )
    # then
    assert "banner-extract.csv" in dry_runs and "demo.json" not in dry_runs
    assert "demo.json" in canonical and "banner-extract.csv" not in canonical
    assert "banner-extract.csv" in found and "demo.json" not in found
    assert "banner-extract.csv" in sorted_ and "demo.json" in sorted_
