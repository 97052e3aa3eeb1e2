"""A saved schedule holding a section without the section the registrar takes it with (a hand edit
swapped CHEM 1410's lecture 100, which discussion 101 goes with, for lecture 200) says so, on the
API and the page, and its swap choices say which lecture each discussion goes with."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scheduler import saved_schedules
from scheduler.models import SavedSchedule
from tests.scheduler.saved.conftest import SECTIONS, save

pytestmark = pytest.mark.django_db

LECTURE_100, LECTURE_200, DISCUSSION_101 = "40010", "40011", "40012"


@pytest.fixture
def swapped(demo, ada_api) -> dict:
    """Ada's schedule with CHEM 1410 lecture 100 and discussion 101, its lecture then swapped for 200."""
    schedule = save(ada_api).json()
    held = [LECTURE_200 if rid == LECTURE_100 else rid for rid in SECTIONS]
    answer = ada_api.patch(schedule["url"], {"sections": held}, format="json")
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_a_schedule_as_saved_holds_no_section_without_its_lecture(demo, ada_api):
    # when
    schedule = save(ada_api).json()
    # then
    assert schedule["unlinked"] == []


def test_a_discussion_left_without_its_lecture_is_named_with_the_lecture_it_goes_with(swapped):
    # then
    assert swapped["unlinked"] == [
        {
            "section": DISCUSSION_101,
            "course": "CHEM 1410",
            "component": "DIS",
            "code": "101",
            "taken_with": {"section": LECTURE_100, "component": "LEC", "code": "100"},
            "holds_instead": {"section": LECTURE_200, "component": "LEC", "code": "200"},
        }
    ]


def test_the_page_says_the_registrar_would_not_enroll_the_pair_and_the_swaps_say_their_lecture(swapped, ada_client):
    # when
    page = ada_client.get(f"/schedules/{swapped['id']}/").content.decode()
    # then: the pair named; the discussions of lecture 100 offered as going with it, those of 200 not
    assert "The registrar takes CHEM 1410 DIS 101 only with LEC 100, not LEC 200." in page
    assert "It would not enroll you in that pair as saved: swap one of each below." in page
    assert "(40013, open); taken only with LEC 100</option>" in page
    assert "(40016, open)</option>" in page


def test_the_unlinked_sections_are_read_with_no_query_of_their_own(swapped):
    # given: the schedule read as the API reads it
    schedule = saved_schedules.saved_schedules(SavedSchedule.objects.filter(pk=swapped["id"])).get()
    saved_schedules.schedule_sections(schedule)
    # when
    with CaptureQueriesContext(connection) as queries:
        unlinked = saved_schedules.unlinked_sections(schedule)
    # then
    assert [u["section"] for u in unlinked] == [DISCUSSION_101] and len(queries) == 0
