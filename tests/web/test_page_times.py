"""Class times on the saved and shared schedule pages (the test client, no browser): a class ending
at midnight said ending at 24:00, and the campus's time zone named once per schedule, each zone of
a schedule mixing campuses of two."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from catalog.models import Institution, Meeting, Term
from catalog.zones import zone_words
from scheduler import saved_schedules
from tests.conftest import DEMO_CATALOG

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(db):
    call_command("import_catalog", str(DEMO_CATALOG), "--format", "canonical", stdout=None)
    return User.objects.create_user("ana", email="ana@example.edu", password="pw-ana-12345")


def saved(owner, ids: list[str]):
    term = Term.objects.get(code="2026-fall")
    schedule = saved_schedules.saved_schedule_create(owner=owner, term=term, name="Plan A", notes="", section_ids=ids)
    saved_schedules.saved_schedule_share(schedule=schedule)
    schedule.refresh_from_db()
    return schedule


def pages(client, owner, schedule) -> list[str]:
    """The schedule's own page and its shared page."""
    client.force_login(owner)
    return [client.get(path).content.decode() for path in (f"/schedules/{schedule.pk}/", f"/s/{schedule.share_token}/")]


def test_a_class_ending_at_midnight_ends_at_24_00_on_the_saved_and_shared_pages(client, ana):
    # given: the jazz ensemble rehearsing until midnight, stored ending at 23:59 as imports store it
    Meeting.objects.filter(section__registrar_id="40042").update(end_time="23:59")
    schedule = saved(ana, ["40042"])
    # when
    for page in pages(client, ana, schedule):
        # then
        assert "Tu 19:00–24:00" in page
        assert "23:59" not in page


def test_the_saved_and_shared_pages_name_the_campuses_zone_once(client, ana):
    # given
    schedule = saved(ana, ["40042"])
    # when
    for page in pages(client, ana, schedule):
        # then
        assert page.count("Times are Eastern Time.") == 1


def test_a_schedule_mixing_campuses_of_two_zones_names_each(client, ana):
    # given: North Grounds keeps Chicago's clock; KINE 1010 LAB 003 is there, MUSI 1310 on Main
    Institution.objects.filter(code="demo").update(campus_timezones={"North Grounds": "America/Chicago"})
    schedule = saved(ana, ["40042", "40058"])
    # when
    for page in pages(client, ana, schedule):
        # then
        assert "Times are Eastern Time; at North Grounds, Central Time." in page


@pytest.mark.parametrize(
    ("zone", "words"),
    [
        ("America/New_York", "Eastern Time"),
        ("America/Los_Angeles", "Pacific Time"),
        ("Europe/Paris", "Central European Time"),
        ("Asia/Dubai", "Dubai time"),  # no common name here: its city
        ("UTC", "UTC"),
    ],
)
def test_a_zone_is_named_in_words_by_its_common_name_else_its_city(zone, words):
    assert zone_words(zone) == words
