"""A signed-in student in the browser (the session made by Django's test client), and how the page
behaves when an endpoint it uses is not installed (404): a clear message, never a broken page."""

import re

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from scheduler import saved_schedules
from scheduler.models import SavedSchedule
from tests.web.conftest import (
    ANSWERS_READ,
    CHROMIUM_ARGS,
    DESKTOP,
    answer_read,
    chromium_or_skip,
    wait_for_requests_done,
)
from tests.web.test_e2e_planner import add_course, generate, query_of

pytestmark = pytest.mark.django_db(transaction=True)


def save_card(card, name: str | None = None) -> None:
    """Save a card's schedule (under `name`, when given) and wait until the card says so."""
    if name is not None:
        card.get_by_label("Name").fill(name)
    card.get_by_role("button", name="Save").click()
    expect(card.locator(".save-status")).to_have_text(f"Saved as “{name}”." if name else re.compile("Saved as"))


def not_installed(route):
    route.fulfill(status=404, content_type="text/html", body="<h1>Not Found</h1>")


@pytest.fixture
def ana(site):
    return User.objects.create_user("ana", email="ana@example.edu", password="pw-ana-12345")


def test_a_signed_in_student_generates_with_the_csrf_token_and_owns_the_job(open_page, signed_in, ana):
    # given
    page = open_page(context=signed_in(ana))
    expect(page.get_by_text("Signed in as")).to_contain_text("ana")
    add_course(page, "CS 1110", "CS 1110")
    # when
    generate(page)
    # then
    expect(page.locator(".card[data-rank='1']")).to_be_visible()
    expect(page.get_by_role("button", name="Save").first).to_be_visible()
    assert ana.generation_jobs.count() == 1


def test_when_saving_is_not_installed_the_page_says_so_and_keeps_working(open_page, signed_in, ana):
    # given
    page = open_page(context=signed_in(ana))
    page.route("**/api/v1/schedules/", not_installed)
    add_course(page, "CS 1110", "CS 1110")
    generate(page)
    # when
    page.locator(".card[data-rank='1']").get_by_role("button", name="Save").click()
    # then
    expect(page.locator(".card[data-rank='1'] .save-status")).to_have_text(
        "Saving is not available on this server yet."
    )
    page.keyboard.press("ArrowRight")
    expect(page.locator("#position")).to_have_text(re.compile("^Schedule 2 of"))


def test_classes_with_friends_lists_their_shared_schedules_and_sends_them_with_the_request(open_page, signed_in, ana):
    # given: Ben, Ana's friend, shares his fall schedule
    from accounts.models import Friendship
    from catalog.models import Term
    from scheduler import saved_schedules

    ben = User.objects.create_user("ben", password="pw-ben-12345")
    Friendship.objects.create(from_user=ana, to_user=ben, status=Friendship.Status.ACCEPTED)
    term = Term.objects.get(code="2026-fall")
    bens = saved_schedules.saved_schedule_create(
        owner=ben, term=term, name="Ben's fall", section_ids=["40002", "40004"]
    )
    saved_schedules.saved_schedule_share(schedule=bens)
    context = signed_in(ana)
    page = open_page(context=context)
    add_course(page, "CS 1110", "CS 1110")
    # when
    page.get_by_label("ben: Ben's fall").check()
    page.get_by_label("Classes with friends", exact=True).check()
    with page.expect_request("**/api/v1/generations/") as sent:
        page.get_by_role("button", name="Generate schedules").click()
    # then: the request names Ben's schedule, the server accepts it, and his sections rank first
    assert sent.value.post_data_json["preferences"]["friends"] == {
        "schedules": [bens.pk],
        "shared_weight": 5,
        "free_weight": 0,
    }
    assert f"friends={bens.pk}" in page.url
    expect(page.locator("#status")).to_contain_text("Found")
    best = page.locator(".card[data-rank='1']")
    expect(best).to_contain_text("40002")
    expect(best).to_contain_text("40004")


def test_friends_of_an_earlier_term_answered_late_never_show_under_the_new_term(open_page, signed_in, ana, spring):
    # given: Ben shares a fall schedule; Ana's fall look-up is slow (held)
    from accounts.models import Friendship
    from catalog.models import Term
    from scheduler import saved_schedules

    ben = User.objects.create_user("ben", password="pw-ben-12345")
    Friendship.objects.create(from_user=ana, to_user=ben, status=Friendship.Status.ACCEPTED)
    bens = saved_schedules.saved_schedule_create(
        owner=ben, term=Term.objects.get(code="2026-fall"), name="Ben's fall", section_ids=["40002"]
    )
    saved_schedules.saved_schedule_share(schedule=bens)
    context = signed_in(ana)
    context.add_init_script(ANSWERS_READ)
    held = []
    context.route(re.compile(r".*/api/v1/friends/schedules/\?term=2026-fall$"), lambda route: held.append(route))
    page = open_page(context=context)
    none = "None of your friends has shared a schedule for this term yet."
    # when: Ana moves to spring, answered at once, then fall's answer arrives
    page.locator("#term").select_option("2027-spring")
    expect(page.locator("#friends-status")).to_have_text(none)
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_function(answer_read("term=2026-fall"))
    # then: spring's answer stands
    expect(page.locator("#friends-status")).to_have_text(none)
    expect(page.get_by_label("ben: Ben's fall")).to_have_count(0)


def test_a_friends_schedule_no_longer_shared_is_dropped_from_the_request_and_said(open_page, signed_in, ana):
    # given: Ben, Ana's friend, shares one schedule and no longer shares another that a link names
    from accounts.models import Friendship
    from catalog.models import Term

    ben = User.objects.create_user("ben", password="pw-ben-12345")
    Friendship.objects.create(from_user=ana, to_user=ben, status=Friendship.Status.ACCEPTED)
    term = Term.objects.get(code="2026-fall")
    shared = saved_schedules.saved_schedule_create(owner=ben, term=term, name="Ben's fall", section_ids=["40002"])
    saved_schedules.saved_schedule_share(schedule=shared)
    unshared = saved_schedules.saved_schedule_create(owner=ben, term=term, name="Ben's old", section_ids=["40001"])
    page = open_page(f"/?i=demo&t=2026-fall&c=CS+1110&friends={shared.pk},{unshared.pk}", context=signed_in(ana))
    # when
    expect(page.locator("#status")).to_contain_text(f"Friend's schedule {unshared.pk} is no longer shared with you")
    with page.expect_request("**/api/v1/generations/") as sent:
        generate(page)
    # then: the shared one is still ticked and sent, the other is gone from the request and the address
    assert sent.value.post_data_json["preferences"]["friends"]["schedules"] == [shared.pk]
    assert query_of(page)["friends"] == [str(shared.pk)]
    expect(page.get_by_label("ben: Ben's fall")).to_be_checked()
    expect(page.locator("#form-error")).to_have_text("")
    expect(page.locator("#status")).to_contain_text("leaves it out. Found")


def test_a_friends_link_naming_ones_own_schedule_says_it_is_ones_own_and_leaves_it_out(open_page, signed_in, ana):
    # given: Ben's link names Ana's own shared schedule and one of Ben's he no longer shares
    from accounts.models import Friendship
    from catalog.models import Term

    ben = User.objects.create_user("ben", password="pw-ben-12345")
    Friendship.objects.create(from_user=ana, to_user=ben, status=Friendship.Status.ACCEPTED)
    term = Term.objects.get(code="2026-fall")
    own = saved_schedules.saved_schedule_create(owner=ana, term=term, name="Ana's fall", section_ids=["40002"])
    saved_schedules.saved_schedule_share(schedule=own)
    unshared = saved_schedules.saved_schedule_create(owner=ben, term=term, name="Ben's old", section_ids=["40001"])
    # when
    page = open_page(f"/?i=demo&t=2026-fall&c=CS+1110&friends={own.pk},{unshared.pk}", context=signed_in(ana))
    # then: her own is called hers, not “no longer shared”; both are dropped
    expect(page.locator("#status")).to_have_text(
        f"Schedule {own.pk} is your own, so “Classes with friends” leaves it out. Friend's schedule {unshared.pk} "
        "is no longer shared with you (unshared, deleted, or no longer a friend's), so “Classes with friends” leaves "
        "it out."
    )
    assert "friends" not in query_of(page)


def test_classes_with_friends_ticked_with_no_friend_ticked_is_said_not_silently_ignored(open_page, signed_in, ana):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110", context=signed_in(ana))
    unused = "“Classes with friends” has no friend's schedule ticked, so it changes nothing"
    # when
    page.get_by_label("Classes with friends", exact=True).check()
    # then: said when ticked, and again before what Generate found
    expect(page.locator("#status")).to_contain_text(unused)
    generate(page)
    expect(page.locator("#status")).to_contain_text(re.compile(f"{unused}.*Found"))


def test_signed_out_a_links_friends_are_not_sent_and_the_status_says_so(open_page):
    # given: a link that holds a friend's schedule, opened signed out
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&friends=7")
    expect(page.locator("#status")).to_contain_text("“Classes with friends” is left out while you are signed out")
    # when
    with page.expect_request("**/api/v1/generations/") as sent:
        generate(page)
    # then: schedules, no friends sent, and the address keeps them for signing in
    assert "friends" not in sent.value.post_data_json["preferences"]
    expect(page.locator("#status")).to_contain_text("Found")
    expect(page.locator("#form-error")).to_have_text("")
    assert query_of(page)["friends"] == ["7"]


def test_when_friends_are_not_installed_the_page_says_so(open_page, signed_in, ana):
    context = signed_in(ana)
    context.route("**/api/v1/friends/schedules/**", not_installed)

    page = open_page(context=context)

    expect(page.locator("#friends-status")).to_have_text("Classes with friends is not available on this server yet.")


def test_an_anonymous_student_is_asked_to_sign_in_to_save_and_to_see_friends(open_page):
    page = open_page()
    add_course(page, "CS 1110", "CS 1110")
    generate(page)

    link = page.locator(".card[data-rank='1']").get_by_role("link", name="Sign in to save this schedule")

    expect(link).to_have_attribute(
        "href", re.compile(r"^/accounts/login/\?next=%2F%3Fi%3Ddemo%26t%3D2026-fall%26c%3DCS%2B1110$")
    )
    expect(page.locator("#friends-status")).to_contain_text("Sign in to plan classes with friends")


def test_a_saved_schedule_paged_away_from_and_back_to_still_shows_it_is_saved_and_shared(open_page, signed_in, ana):
    # given: the best schedule saved and shared
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310", context=signed_in(ana))
    generate(page)
    card = page.locator(".card[data-rank='1']")
    save_card(card)
    card.get_by_role("button", name="Share link").click()
    link = card.get_by_label("Share link").input_value()
    # when: the next schedule, then back
    page.get_by_role("button", name="Next →").click()
    page.get_by_role("button", name="← Previous").click()
    # then: no Save to press twice, the links and the share link still there
    expect(card.locator(".save-status")).to_have_text("Saved as “Fall 2026, option 1”.")
    expect(card.get_by_role("button", name="Save")).to_be_hidden()
    expect(card.get_by_role("link", name="Download .ics")).to_be_visible()
    expect(card.get_by_label("Share link")).to_have_value(link)
    assert SavedSchedule.objects.filter(owner=ana).count() == 1


def test_on_a_small_phone_the_share_links_open_is_a_touch_target_apart_from_the_url(open_page, signed_in, ana):
    # given: 320 px wide, the best schedule saved
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110", context=signed_in(ana, viewport={"width": 320, "height": 700}))
    generate(page)
    card = page.locator(".card[data-rank='1']")
    save_card(card)
    # when
    card.get_by_role("button", name="Share link").click()
    # then: Open, on the line under the URL, is 24 px or more and does not touch it (WCAG 2.5.8)
    url = card.get_by_label("Share link").bounding_box()
    link = card.locator("a.share-link").bounding_box()
    assert link["width"] >= 24 and link["height"] >= 24, link
    assert link["y"] - (url["y"] + url["height"]) >= 4, (url, link)


def test_a_saved_schedule_still_shows_it_is_saved_after_a_reload_and_not_once_deleted_elsewhere(
    open_page, signed_in, ana
):
    # given: the best schedule saved under a name of the student's, and shared
    context = signed_in(ana)
    context.add_init_script(ANSWERS_READ)
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310", context=context)
    generate(page)
    card = page.locator(".card[data-rank='1']")
    save_card(card, "Mornings free")
    card.get_by_role("button", name="Share link").click()
    link = card.get_by_label("Share link").input_value()
    # when: the page reloaded (the same job's schedules shown again)
    page.reload()
    # then: the card says it is saved, with its links, and has no Save to press twice
    expect(page.locator("#status")).to_contain_text("Showing the schedules generated earlier")
    expect(card.locator(".save-status")).to_have_text("Saved as “Mornings free”.")
    expect(card.get_by_role("button", name="Save")).to_be_hidden()
    expect(card.get_by_label("Name")).to_have_value("Mornings free")
    expect(card.get_by_label("Name")).not_to_be_editable()
    expect(card.get_by_role("link", name="Download .ics")).to_be_visible()
    expect(card.get_by_label("Share link")).to_have_value(link)
    # when: deleted elsewhere (the Saved schedules page, another tab), then reloaded
    saved_schedules.saved_schedule_delete(schedule=SavedSchedule.objects.get(owner=ana))
    page.reload()
    page.wait_for_function(answer_read("/api/v1/schedules/?term=2026-fall&institution=demo&page_size=100"))
    # then: no longer said to be saved, and it can be saved again
    expect(page.locator("#status")).to_contain_text("Showing the schedules generated earlier")
    expect(card.get_by_role("button", name="Save")).to_be_visible()
    expect(card.locator(".save-status")).to_have_text("")
    expect(card.get_by_label("Name")).to_be_editable()


def test_back_from_saved_schedules_shows_the_card_still_saved(open_page, signed_in, ana):
    # given: the best schedule saved
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310", context=signed_in(ana))
    generate(page)
    card = page.locator(".card[data-rank='1']")
    save_card(card, "Back test")
    # when: to the saved schedules page, then Back
    card.get_by_role("link", name="Saved schedules").click()
    expect(page).to_have_url(re.compile(r"/schedules/$"))
    page.go_back()
    # then: still saved, so it is not saved twice
    expect(card.locator(".save-status")).to_have_text("Saved as “Back test”.")
    expect(card.get_by_role("button", name="Save")).to_be_hidden()
    expect(card.get_by_role("link", name="Download .ics")).to_be_visible()
    assert SavedSchedule.objects.filter(owner=ana).count() == 1


@pytest.fixture
def back_forward_cache(browser, site):
    """keeping(user) → a page of a Chromium that keeps pages for Back (its back-forward cache, which
    Playwright turns off by default), signed in as the user."""
    from django.conf import settings
    from django.test import Client

    launched = []

    def keeping(user):
        kept = browser.browser_type.launch(
            executable_path=chromium_or_skip(), args=CHROMIUM_ARGS, ignore_default_args=["--disable-back-forward-cache"]
        )
        launched.append(kept)
        client = Client()
        client.force_login(user)
        context = kept.new_context(viewport=DESKTOP, base_url=site)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}])
        context.add_init_script("addEventListener('pageshow', (e) => { window.keptForBack = e.persisted; })")
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield keeping
    for kept in launched:
        kept.close()


def test_back_to_a_page_the_browser_kept_reads_again_which_schedules_are_saved(back_forward_cache, ana):
    # given: the best schedule saved, then the saved schedules page, where it is deleted
    page = back_forward_cache(ana)
    page.goto("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310")
    page.wait_for_selector("body[data-ready=true]")
    generate(page)
    card = page.locator(".card[data-rank='1']")
    save_card(card)
    card.get_by_role("link", name="Saved schedules").click()
    page.wait_for_url("**/schedules/")
    saved_schedules.saved_schedule_delete(schedule=SavedSchedule.objects.get(owner=ana))
    # when: Back, to the page as the browser kept it (no load event, its script's memory intact)
    page.go_back(wait_until="commit")
    page.wait_for_function("() => window.keptForBack === true")
    # then: no longer said to be saved
    expect(card.get_by_role("button", name="Save")).to_be_visible()
    expect(card.locator(".save-status")).to_have_text("")


def test_a_name_of_120_characters_typed_on_a_card_is_saved_whole_as_the_api_allows(open_page, signed_in, ana):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110", context=signed_in(ana))
    generate(page)
    card = page.locator(".card[data-rank='1']")
    card.get_by_label("Name").fill("")
    # when: typed, as a student does, past the limit
    card.get_by_label("Name").press_sequentially("n" * 125)
    card.get_by_label("Name").press("Enter")
    # then: the limit of rename and the API, 120
    expect(card.locator(".save-status")).to_have_text(re.compile("^Saved as"))
    assert list(SavedSchedule.objects.filter(owner=ana).values_list("name", flat=True)) == ["n" * 120]


def test_enter_in_a_schedules_name_saves_it_under_that_name(open_page, signed_in, ana):
    # given
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110", context=signed_in(ana))
    generate(page)
    card = page.locator(".card[data-rank='1']")
    card.get_by_label("Name").fill("Mornings free")
    # when
    card.get_by_label("Name").press("Enter")
    # then
    expect(card.locator(".save-status")).to_have_text("Saved as “Mornings free”.")
    assert list(SavedSchedule.objects.filter(owner=ana).values_list("name", flat=True)) == ["Mornings free"]


def test_save_pressed_again_after_its_answer_was_lost_saves_the_schedule_once(open_page, signed_in, ana):
    # given: the first save reaches the server, but its answer never reaches the page
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110", context=signed_in(ana))
    generate(page)
    lost = []

    def lose_the_first_answer(route):
        if route.request.method == "POST" and not lost:
            lost.append(route.fetch().status)
            route.abort()
        else:
            route.continue_()

    page.route("**/api/v1/schedules/", lose_the_first_answer)
    card = page.locator(".card[data-rank='1']")
    card.get_by_role("button", name="Save").click()
    expect(card.locator(".save-status")).to_contain_text("The server did not answer")
    # when: Save again
    card.get_by_role("button", name="Save").click()
    # then: the first save's answer, and one schedule
    expect(card.locator(".save-status")).to_contain_text("Saved as")
    assert lost == [201] and SavedSchedule.objects.filter(owner=ana).count() == 1


def test_a_saved_schedules_name_is_read_only_on_its_card_even_after_paging_back(open_page, signed_in, ana):
    # given: the best schedule saved under a name typed with spaces around it
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110", context=signed_in(ana))
    generate(page)
    card = page.locator(".card[data-rank='1']")
    card.get_by_label("Name").fill("  Mornings free ")
    card.get_by_role("button", name="Save").click()
    expect(card.locator(".save-status")).to_have_text("Saved as “Mornings free”.")
    # when: paged away and back
    page.get_by_role("button", name="Next →").click()
    page.get_by_role("button", name="← Previous").click()
    # then: the card shows the saved name, which typing there would no longer change
    expect(card.get_by_label("Name")).to_have_value("Mornings free")
    expect(card.get_by_label("Name")).not_to_be_editable()


def test_side_by_side_each_cards_save_name_share_and_ics_say_which_schedule_they_are_for(open_page, signed_in, ana):
    # given: two schedules side by side
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310", context=signed_in(ana))
    generate(page)
    page.get_by_label("Side by side").check()
    # when: the second card's, found by their names alone
    page.get_by_label("Name of schedule 2", exact=True).fill("Plan B")
    page.get_by_role("button", name="Save schedule 2", exact=True).click()
    page.get_by_role("button", name="Share link of schedule 2", exact=True).click()
    # then: the second schedule saved and shared, the first not
    expect(page.get_by_label("Share link of schedule 2", exact=True)).to_have_value(re.compile(r"/s/[^/]+/$"))
    expect(page.get_by_role("link", name="Download .ics of schedule 2", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Open the share link of schedule 2", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Save schedule 1", exact=True)).to_be_visible()
    expect(page.locator(".card summary")).to_have_text(["Why this one, schedule 1", "Why this one, schedule 2"])
    assert list(SavedSchedule.objects.values_list("name", flat=True)) == ["Plan B"]


def test_a_session_ended_before_saving_offers_a_sign_in_link_back_to_the_request(open_page, signed_in, ana):
    # given: schedules on a signed-in page, then the session ends (signed out elsewhere, expired)
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110", context=signed_in(ana))
    generate(page)
    # the page's requests after the results first (its saved schedules' look-up): on SQLite a request reading the
    # session table while this thread deletes from it failed the delete with "database table is locked" (CI,
    # 2026-12-07)
    wait_for_requests_done(page)
    Session.objects.all().delete()
    card = page.locator(".card[data-rank='1']")
    # when
    card.get_by_role("button", name="Save").click()
    # then: what happened, and a way to sign in that comes back to this request
    expect(card.locator(".save-status")).to_have_text(
        "Your session has ended: sign in again to save (your request is kept on this device)."
    )
    expect(card.get_by_role("link", name="sign in again")).to_have_attribute(
        "href", "/accounts/login/?next=%2F%3Fi%3Ddemo%26t%3D2026-fall%26c%3DCS%2B1110"
    )
    assert not SavedSchedule.objects.exists()


def test_on_a_slow_network_share_link_says_it_is_being_made_and_a_second_press_sends_nothing(open_page, signed_in, ana):
    # given: a saved schedule, and its share request held back
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110", context=signed_in(ana))
    generate(page)
    card = page.locator(".card[data-rank='1']")
    save_card(card)
    held = []
    page.route("**/share/", lambda route: held.append(route))
    share = card.get_by_role("button", name="Share link")
    # when: pressed twice
    share.click()
    expect(card.locator(".share-out")).to_have_text("Making the share link…")
    expect(share).to_have_attribute("aria-disabled", "true")
    share.press("Enter")  # Playwright's click waits for an aria-disabled button to be enabled; a student does not
    page.wait_for_timeout(300)  # a second request, if one were sent, would have reached the route by now
    held[0].continue_()
    # then: one request, the link shown
    expect(card.get_by_label("Share link")).to_have_value(re.compile(r"/s/[^/]+/$"))
    assert len(held) == 1


def test_share_link_on_a_schedule_deleted_since_it_was_saved_says_so_and_where_it_is(open_page, signed_in, ana):
    # given: the best schedule saved, then deleted on the saved schedules page (another tab)
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110", context=signed_in(ana))
    generate(page)
    card = page.locator(".card[data-rank='1']")
    save_card(card)
    saved_schedules.saved_schedule_delete(schedule=SavedSchedule.objects.get(owner=ana))
    # when
    card.get_by_role("button", name="Share link").click()
    # then: not "Sharing is not available on this server yet."
    expect(card.locator(".share-out")).to_have_text(
        "Could not share: this schedule was deleted since it was saved (it is in the bin of Saved schedules,"
        " where it can be restored)."
    )


def test_signing_out_on_the_planner_leaves_no_trace_of_the_request_for_the_next_person(open_page, signed_in, ana):
    # given: a request with a private busy time, generated while signed in
    context = signed_in(ana)
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&b=Tu+15:00-16:00+dentist", context=context)
    generate(page)
    assert "dentist" in page.evaluate("JSON.stringify(localStorage)")
    # when: the header's Sign out, then the planner opened bare, as the next person would
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("#sign-in-link")).to_be_visible()  # on the planner, signed out (its address is rewritten)
    after = open_page("/", context=context)
    # then: nothing of the request is kept
    stored = after.evaluate("JSON.stringify(localStorage)")
    assert "dentist" not in stored and "CS+1110" not in stored and "CS 1110" not in stored
    expect(after.locator("#required-empty")).to_be_visible()
    assert after.locator("#busy-list li").count() == 0 and "dentist" not in after.content()


def test_save_waits_for_the_saved_schedules_look_up_so_a_schedule_saved_before_is_not_saved_twice(
    open_page, signed_in, ana
):
    # given: the best schedule saved, then the page reloaded with the saved schedules' look-up held back
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310", context=signed_in(ana))
    generate(page)
    card = page.locator(".card[data-rank='1']")
    save_card(card, "Mornings free")
    held = []
    page.route(re.compile(r".*/api/v1/schedules/\?term=.*"), lambda route: held.append(route))
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator("#status")).to_contain_text("Showing the schedules generated earlier")
    # when: Save pressed before the look-up answers
    save = card.get_by_role("button", name="Save")
    expect(save).to_have_attribute("aria-disabled", "true")
    expect(card.locator(".save-status")).to_have_text("Checking whether you saved this schedule already…")
    save.press("Enter")  # Playwright's click would wait for an aria-disabled button; a student does not
    waits = "It is saved once that is answered, unless it is saved already."
    expect(card.locator(".save-status")).to_contain_text(waits)
    page.wait_for_timeout(300)  # a save, if one were sent, would have reached the server by now
    held[0].continue_()
    # then: the card says it was saved before, and there is one saved schedule
    expect(card.locator(".save-status")).to_have_text("Saved as “Mornings free”.")
    expect(save).to_be_hidden()
    assert SavedSchedule.objects.filter(owner=ana).count() == 1


def test_save_pressed_twice_or_paged_away_from_while_it_saves_saves_the_schedule_once(open_page, signed_in, ana):
    # given: schedules, the saves held back
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310", context=signed_in(ana))
    generate(page)
    card = page.locator(".card[data-rank='1']")
    expect(card.get_by_role("button", name="Save")).not_to_have_attribute("aria-disabled", "true")
    held = []
    page.route("**/api/v1/schedules/", lambda route: held.append(route))
    # when: Save pressed twice quickly, then the schedules paged away from and back to
    card.get_by_role("button", name="Save").dblclick()
    page.get_by_role("button", name="Next →").click()
    page.get_by_role("button", name="← Previous").click()
    card.get_by_role("button", name="Save").press("Enter")
    expect(card.locator(".save-status")).to_have_text("Saving…")
    page.wait_for_timeout(300)  # a second save, if one were sent, would have reached the route by now
    assert len(held) == 1
    held[0].continue_()
    # then
    expect(card.locator(".save-status")).to_contain_text("Saved as")
    assert SavedSchedule.objects.filter(owner=ana).count() == 1


def test_save_pressed_while_the_saved_schedules_are_looked_up_saves_once_they_answer(open_page, signed_in, ana):
    # given: schedules never saved, the saved schedules' look-up held back
    context = signed_in(ana)
    held = []
    context.route(re.compile(r".*/api/v1/schedules/\?term=.*"), lambda route: held.append(route))
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110", context=context)
    generate(page)
    card = page.locator(".card[data-rank='1']")
    # when: a name typed and Enter pressed before the look-up answers
    card.get_by_label("Name").fill("Quick")
    card.get_by_label("Name").press("Enter")
    expect(card.locator(".save-status")).to_contain_text("Checking whether you saved this schedule already")
    assert SavedSchedule.objects.filter(owner=ana).count() == 0
    held[0].continue_()
    # then: saved once the look-up said it was not saved yet
    expect(card.locator(".save-status")).to_have_text("Saved as “Quick”.")
    assert list(SavedSchedule.objects.filter(owner=ana).values_list("name", flat=True)) == ["Quick"]


def test_save_pressed_while_held_then_paged_away_from_is_saved_once_the_look_up_answers(open_page, signed_in, ana):
    # given: schedules never saved, the saved schedules' look-up held back
    context = signed_in(ana)
    held = []
    context.route(re.compile(r".*/api/v1/schedules/\?term=.*"), lambda route: held.append(route))
    page = open_page("/?i=demo&t=2026-fall&c=CS+1110&c=MATH+1310", context=context)
    generate(page)
    card = page.locator(".card[data-rank='1']")
    # when: schedule 1's Save pressed with a name, then Next, before the look-up answers
    card.get_by_label("Name").fill("Before work")
    card.get_by_label("Name").press("Enter")
    expect(card.locator(".save-status")).to_contain_text("It is saved once that is answered")
    page.get_by_role("button", name="Next →").click()
    expect(page.locator(".card[data-rank='2']")).to_be_visible()
    held[0].continue_()
    # then: saved under its name though its card is not shown (it was lost), and said in the status line
    expect(page.locator("#status")).to_have_text("Saved schedule 1 as “Before work”.")
    assert list(SavedSchedule.objects.filter(owner=ana).values_list("name", flat=True)) == ["Before work"]
    # and schedule 1's card, paged back to, says it is saved
    page.get_by_role("button", name="← Previous").click()
    expect(page.locator(".card[data-rank='1'] .save-status")).to_have_text("Saved as “Before work”.")
