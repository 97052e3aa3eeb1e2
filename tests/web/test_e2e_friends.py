"""Friends in the browser, by keyboard: a request, its acceptance, a friend's shared schedule on
the friends page, and nothing of it for anyone else."""

import datetime

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from catalog.models import Term
from scheduler import saved_schedules

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def students(site):
    """ana with a shared and an unshared schedule; bob and eve with none."""
    made = {
        name: User.objects.create_user(name, email=f"{name}@example.edu", password=f"pw-{name}-12345")
        for name in ("ana", "bob", "eve")
    }
    term = Term.objects.get(code="2026-fall")
    shared = saved_schedules.saved_schedule_create(
        owner=made["ana"], term=term, name="Ana shares this", notes="secret note", section_ids=["40001"]
    )
    saved_schedules.saved_schedule_create(
        owner=made["ana"], term=term, name="Ana keeps this", notes="", section_ids=["40002"]
    )
    saved_schedules.saved_schedule_share(schedule=shared)
    return made


def press(page, name: str) -> None:
    """Tab-free keyboard use: focus the named button, Enter, and wait for the page it leads to."""
    page.get_by_role("button", name=name).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_friends_by_keyboard_see_each_others_shared_schedules_and_no_one_else_does(signed_in, students):
    # given: ana asks bob, by keyboard
    ana = signed_in(students["ana"]).new_page()
    ana.goto("/accounts/friends/")
    ana.get_by_label("Username").focus()
    ana.keyboard.type("bob")
    with ana.expect_navigation():
        ana.keyboard.press("Enter")
    expect(ana.get_by_role("status")).to_have_text("Friend request sent to bob.")
    # when: bob accepts, by keyboard
    bob = signed_in(students["bob"]).new_page()
    bob.goto("/accounts/friends/")
    press(bob, "Accept ana")
    # then: the page says so, with the focus on what it says, and lists ana's shared schedule only
    said = bob.get_by_role("status")
    expect(said).to_have_text("You and ana are now friends.")
    expect(said).to_be_focused()
    shares = bob.get_by_role("list", name="Schedules ana shares")
    expect(shares.get_by_role("link")).to_have_text(["Ana shares this"])
    # and its page shows the schedule without its notes
    with bob.expect_navigation():
        shares.get_by_role("link", name="Ana shares this").press("Enter")
    expect(bob.get_by_role("heading", level=1)).to_have_text("Ana shares this")
    expect(bob.locator("body")).not_to_contain_text("secret note")
    # and eve, no friend of ana's, sees none of it
    eve = signed_in(students["eve"]).new_page()
    eve.goto("/accounts/friends/")
    expect(eve.locator("main")).not_to_contain_text("Ana shares this")
    answer = eve.request.get("/api/v1/friends/schedules/?term=2026-fall")
    assert answer.json()["count"] == 0


def test_the_friends_and_tokens_pages_give_dates_and_times_in_the_readers_own_time_zone(signed_in, students):
    # given: ana asked bob at 02:30 UTC on 8 December, 21:30 on the 7th in New York; bob has a token
    # made then
    from accounts.models import Friendship, PersonalApiToken
    from accounts.services import token_create

    asked = datetime.datetime(2026, 12, 8, 2, 30, tzinfo=datetime.UTC)
    request = Friendship.objects.create(from_user=students["ana"], to_user=students["bob"])
    Friendship.objects.filter(pk=request.pk).update(created_at=asked)
    token_create(owner=students["bob"], name="advising script")
    PersonalApiToken.objects.filter(owner=students["bob"]).update(created_at=asked)
    # when: bob reads his pages in New York, and ana with the page's script held back
    bob = signed_in(students["bob"], timezone_id="America/New_York").new_page()
    bob.goto("/accounts/friends/")
    request_shown = bob.get_by_role("listitem").filter(has_text="ana")
    expect(request_shown).to_contain_text("asked 2026-12-07")
    bob.goto("/accounts/tokens/")
    token_shown = bob.get_by_role("listitem").filter(has_text="advising script")
    expect(token_shown).to_contain_text("created 2026-12-07 21:30 EST")
    ana_context = signed_in(students["ana"], timezone_id="America/New_York")
    ana_context.route("**/localtime.js", lambda route: route.abort())
    ana = ana_context.new_page()
    ana.goto("/accounts/friends/")
    # then: bob's in his own zone, named; ana's, without the script, in UTC, named
    assert bob.locator("time").first.get_attribute("title") == "America/New_York"
    expect(ana.get_by_role("listitem").filter(has_text="bob")).to_contain_text("on 2026-12-08 UTC, not answered yet")
