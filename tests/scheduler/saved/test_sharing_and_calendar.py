"""Share links (public, read-only, revocable), calendar download and subscription (secret,
revocable), and friends' shared schedules."""

import datetime
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.test import Client
from icalendar import Calendar
from rest_framework.test import APIClient

from accounts.models import Friendship
from catalog.models import Section
from scheduler import saved_schedules as saved
from scheduler.models import SavedSchedule
from tests.scheduler.saved.conftest import drop_section, public_answers, save, section_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def token_of(url: str) -> str:
    return url.rstrip("/").split("/")[-1].removesuffix(".ics")


def test_sharing_gives_an_unguessable_link_that_anyone_can_read_without_the_notes(ada_api):
    # given
    schedule = save(ada_api, notes="private note").json()
    # when
    response = ada_api.post(schedule["url"] + "share/")
    again = ada_api.post(schedule["url"] + "share/").json()
    # then
    share_url = response.json()["share_url"]
    assert response.status_code == 200
    assert again["share_url"] == share_url, "sharing twice keeps the same link"
    token = token_of(share_url)
    assert len(token) >= 32
    public = APIClient().get(f"/api/v1/shared/{token}/")
    assert public.status_code == 200
    body = public.json()
    assert body["name"] == "Mornings free" and body["owner"] == "ada"
    assert body["credits"] == {"min": 10.0, "max": 10.0, "unknown": []}
    assert "notes" not in body and "id" not in body
    page = APIClient().get(f"/s/{token}/")
    assert page.status_code == 200
    assert "Mornings free" in page.content.decode() and "private note" not in page.content.decode()
    assert ada_api.get(schedule["url"]).json()["share_url"] == share_url


def test_a_revoked_link_answers_404_and_a_new_share_gets_a_new_token(ada_api):
    # given
    url = save(ada_api).json()["url"]
    first = token_of(ada_api.post(url + "share/").json()["share_url"])
    # when
    revoked = ada_api.delete(url + "share/")
    # then
    assert revoked.status_code == 204
    assert APIClient().get(f"/api/v1/shared/{first}/").status_code == 404
    assert APIClient().get(f"/s/{first}/").status_code == 404
    assert ada_api.get(url).json()["share_url"] is None
    second = token_of(ada_api.post(url + "share/").json()["share_url"])
    assert second != first
    assert APIClient().get(f"/api/v1/shared/{second}/").status_code == 200


def test_an_unknown_share_token_is_a_404():
    assert APIClient().get("/api/v1/shared/not-a-token/").status_code == 404


def test_the_owner_downloads_the_schedule_as_ics(ada_api):
    # given
    body = save(ada_api, name="Fall plan").json()
    # when
    response = ada_api.get(body["ics_url"])
    negotiated = ada_api.get(body["ics_url"], HTTP_ACCEPT="text/calendar")
    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="Fall-plan.ics"'
    assert response.content.startswith(b"BEGIN:VCALENDAR")
    assert negotiated.status_code == 200
    assert APIClient().get(body["ics_url"]).status_code == 401


def test_a_schedule_named_beyond_ascii_downloads_under_its_name(ada_api):
    # given
    body = save(ada_api, name="Horário 课表").json()
    # when
    response = ada_api.get(body["ics_url"])
    # then: RFC 6266's filename*, not the whole header MIME-encoded (=?utf-8?b?...?=), after a plain ASCII
    # filename for the clients that read no filename*
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Horario.ics\"; filename*=utf-8''Hor%C3%A1rio-%E8%AF%BE%E8%A1%A8.ics"
    )


def test_a_calendar_subscription_url_works_without_sign_in_until_revoked(ada_api):
    # given
    url = save(ada_api).json()["url"]
    # when
    created = ada_api.post(url + "subscription/")
    # then
    subscription_url = created.json()["subscription_url"]
    assert created.status_code == 200
    assert ada_api.post(url + "subscription/").json()["subscription_url"] == subscription_url
    path = subscription_url.split("testserver", 1)[1]
    assert path.startswith("/calendar/") and path.endswith(".ics")
    feed = APIClient().get(path)
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    assert feed.content.startswith(b"BEGIN:VCALENDAR")
    # when revoked
    assert ada_api.delete(url + "subscription/").status_code == 204
    assert APIClient().get(path).status_code == 404
    assert ada_api.get(url).json()["subscription_url"] is None


def event_uids(ics: bytes) -> list[str]:
    return sorted(str(event["uid"]) for event in Calendar.from_ical(ics).events)


def test_each_saved_schedules_events_have_their_own_uids_the_same_in_download_and_feed(ada_api, bob_api):
    # given: plan A, its copy plan B (the same sections) and a friend's schedule with them too
    plan_a = save(ada_api, name="Plan A").json()
    plan_b = ada_api.post(plan_a["url"] + "duplicate/", {"name": "Plan B"}, format="json").json()
    friends = save(bob_api, name="bob's").json()
    feed = ada_api.post(plan_a["url"] + "subscription/").json()["subscription_url"].split("testserver", 1)[1]
    # when
    download = ada_api.get(plan_a["ics_url"]).content
    again = ada_api.get(plan_a["ics_url"]).content
    subscribed = APIClient().get(feed).content
    others = [ada_api.get(plan_b["ics_url"]).content, bob_api.get(friends["ics_url"]).content]
    # then: stable, the owner's download and the feed agree, no other schedule shares one
    uids = event_uids(download)
    assert uids and len(set(uids)) == len(uids)
    assert event_uids(again) == uids and event_uids(subscribed) == uids
    for other in others:
        assert event_uids(other) and set(event_uids(other)).isdisjoint(uids)


def test_the_feed_marks_a_section_the_registrar_withdrew_since_as_cancelled(ada_api, reimport):
    # given: a subscribed schedule, then a re-import that no longer lists MATH 1310 lecture 002
    url = save(ada_api).json()["url"]
    path = ada_api.post(url + "subscription/").json()["subscription_url"].split("testserver", 1)[1]
    reimport(lambda data: drop_section(data, "40024"))
    # when
    feed = Calendar.from_ical(APIClient().get(path).content)
    download = Calendar.from_ical(ada_api.get(url + "calendar.ics").content)
    # then
    for calendar in (feed, download):
        status = {str(e["summary"]): str(e.get("status", "")) for e in calendar.events if "(exam)" not in e["summary"]}
        assert status["MATH 1310 LEC 002"] == "CANCELLED"
        assert status["CS 1110 LEC 001"] == ""


def befriend(a, b) -> None:
    Friendship.objects.create(from_user=a, to_user=b, status=Friendship.Status.ACCEPTED)


def test_a_deactivated_owners_links_answer_as_unknown_ones_until_the_account_is_reactivated(ada, ada_api):
    # given: a shared and subscribed schedule
    url = save(ada_api).json()["url"]
    share = token_of(ada_api.post(url + "share/").json()["share_url"])
    feed = token_of(ada_api.post(url + "subscription/").json()["subscription_url"])
    unknown = public_answers("x" * len(share), "y" * len(feed))
    # when
    ada.is_active = False
    ada.save()
    deactivated = public_answers(share, feed)
    ada.is_active = True
    ada.save()
    reactivated = public_answers(share, feed)
    # then: not a byte that tells the account from a link that never existed, and nothing lost
    assert [code for code, _ in unknown] == [404, 404, 404]
    assert deactivated == unknown
    assert [code for code, _ in reactivated] == [200, 200, 200]
    assert ada_api.get(url).json()["share_url"].endswith(f"/s/{share}/")


def test_a_deactivated_friends_shared_schedules_are_hidden_from_friends_until_reactivated(ada, bob, ada_api, bob_api):
    # given
    befriend(ada, bob)
    shared = save(bob_api, name="bob shared").json()
    bob_api.post(shared["url"] + "share/")
    friends = {"schedules": [shared["id"]], "shared_weight": 50}
    request = {"term": "2026-fall", "courses": ["CS 1110"], "preferences": {"friends": friends}}
    # when
    bob.is_active = False
    bob.save()
    listed = ada_api.get("/api/v1/friends/schedules/?term=2026-fall").json()["count"]
    generation = ada_api.post("/api/v1/generations/", request, format="json")
    bob.is_active = True
    bob.save()
    relisted = ada_api.get("/api/v1/friends/schedules/?term=2026-fall").json()["results"]
    # then
    assert listed == 0
    assert generation.status_code == 400
    assert "preferences.friends.schedules" in generation.json()["error"]["fields"]
    assert [s["id"] for s in relisted] == [shared["id"]]


def test_friends_see_only_the_schedules_their_friends_share_for_the_term(ada, bob, ada_api, bob_api, db):
    # given: bob shares one schedule and keeps another private; a stranger shares one too
    from django.contrib.auth.models import User

    from tests.scheduler.saved.conftest import client_for

    befriend(ada, bob)
    shared = save(bob_api, name="bob shared").json()
    bob_api.post(shared["url"] + "share/")
    save(bob_api, name="bob private")
    stranger = client_for(User.objects.create_user("eve"))
    assert stranger.post(save(stranger, name="eve shared").json()["url"] + "share/").status_code == 200
    # when
    response = ada_api.get("/api/v1/friends/schedules/?term=2026-fall")
    # then
    body = response.json()
    assert response.status_code == 200
    assert [(s["owner"], s["name"]) for s in body["results"]] == [("bob", "bob shared")]
    assert body["results"][0]["id"] == shared["id"]
    assert "notes" not in body["results"][0]
    assert bob_api.get("/api/v1/friends/schedules/?term=2026-fall").json()["count"] == 0


def test_a_pending_friend_request_shows_nothing_and_revoking_the_link_hides_it(ada, bob, ada_api, bob_api):
    # given
    Friendship.objects.create(from_user=ada, to_user=bob)  # pending
    url = save(bob_api).json()["url"]
    bob_api.post(url + "share/")
    assert ada_api.get("/api/v1/friends/schedules/?term=2026-fall").json()["count"] == 0
    # when
    Friendship.objects.filter(from_user=ada).update(status=Friendship.Status.ACCEPTED)
    seen = ada_api.get("/api/v1/friends/schedules/?term=2026-fall").json()["count"]
    bob_api.delete(url + "share/")
    # then
    assert seen == 1
    assert ada_api.get("/api/v1/friends/schedules/?term=2026-fall").json()["count"] == 0


def test_friends_schedules_need_a_known_term(ada_api):
    assert "term" in ada_api.get("/api/v1/friends/schedules/").json()["error"]["fields"]
    assert ada_api.get("/api/v1/friends/schedules/?term=1999-fall").status_code == 400
    assert APIClient().get("/api/v1/friends/schedules/?term=2026-fall").status_code == 401


def test_replanning_counts_against_the_generation_rate(ada, ada_api, settings, rate_window_pinned):
    # given: a fresh count for this account (the counters may live in a Redis shared by runs)

    from django.core.cache import cache

    from classtime_site.api import throttle_key

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "generation": "2/minute"},
    }
    cache.delete(throttle_key("generation", f"user{ada.pk}", int(rate_window_pinned.at // 60)))
    url = save(ada_api).json()["url"]
    # when
    codes = [ada_api.post(url + "replan/").status_code for _ in range(3)]
    generations = ada_api.post("/api/v1/generations/", {"term": "2026-fall", "courses": ["CS 1110"]}, format="json")
    # then
    assert codes == [202, 202, 429]
    assert generations.status_code == 429
    assert generations["Retry-After"]


def test_an_edit_that_read_the_schedule_before_a_revocation_does_not_bring_the_links_back(ada, ada_api):
    # given: a shared and subscribed schedule, read by an edit (a rename in another tab) ...
    url = save(ada_api).json()["url"]
    share_path = ada_api.post(url + "share/").json()["share_url"].split("testserver", 1)[1]
    feed_path = ada_api.post(url + "subscription/").json()["subscription_url"].split("testserver", 1)[1]
    read_before = saved.saved_schedule_get(owner=ada, schedule_id=url.rstrip("/").rsplit("/", 1)[1])
    # ... then both links revoked before the edit is written
    assert ada_api.delete(url + "share/").status_code == 204
    assert ada_api.delete(url + "subscription/").status_code == 204
    # when
    saved.saved_schedule_update(schedule=read_before, name="Renamed", notes="new notes")
    # then: the edit is saved and the links stay revoked
    body = ada_api.get(url).json()
    assert (body["name"], body["notes"]) == ("Renamed", "new notes")
    assert body["share_url"] is None and body["subscription_url"] is None
    assert APIClient().get(share_path).status_code == 404
    assert APIClient().get(feed_path).status_code == 404


def test_the_friends_page_links_to_each_schedule_a_friend_shares(ada, bob, ada_api, bob_api, client):
    # given: bob shares one schedule and keeps another private; a stranger shares one too
    from django.contrib.auth.models import User

    from tests.scheduler.saved.conftest import client_for

    befriend(ada, bob)
    shared = save(bob_api, name="bob shared").json()
    link = bob_api.post(shared["url"] + "share/").json()["share_url"].split("testserver", 1)[1]
    save(bob_api, name="bob private")
    stranger = client_for(User.objects.create_user("eve"))
    assert stranger.post(save(stranger, name="eve shared").json()["url"] + "share/").status_code == 200
    client.force_login(ada)
    # when
    page = client.get("/accounts/friends/").content.decode()
    # then: what ada can open from her friends page is what bob shares, nothing else
    assert f'<a href="{link}">bob shared</a>' in page
    assert "bob private" not in page and "eve shared" not in page
    assert client.get(link).status_code == 200
    # when bob revokes the link
    bob_api.delete(shared["url"] + "share/")
    # then
    page = client.get("/accounts/friends/").content.decode()
    assert "bob shared" not in page and "Shares no schedule yet." in page


def test_a_polled_calendar_is_a_bodiless_304_to_its_etag_until_the_schedule_changes(ada_api):
    # given: a subscribed schedule, polled once
    url = save(ada_api).json()["url"]
    feed = ada_api.post(url + "subscription/").json()["subscription_url"].split("testserver", 1)[1]
    first = APIClient().get(feed)
    etag = first["ETag"]
    # when
    polled = APIClient().get(feed, HTTP_IF_NONE_MATCH=etag)
    downloaded = ada_api.get(url + "calendar.ics", HTTP_IF_NONE_MATCH=etag)
    ada_api.patch(url, {"name": "Renamed"}, format="json")
    after_rename = APIClient().get(feed, HTTP_IF_NONE_MATCH=etag)
    # then
    assert first.status_code == 200 and etag.startswith('"')
    assert (polled.status_code, polled.content) == (304, b"")
    assert (downloaded.status_code, downloaded.content) == (304, b"")
    assert after_rename.status_code == 200 and after_rename["ETag"] != etag
    assert b"X-WR-CALNAME:Renamed" in after_rename.content


def test_a_calendar_poll_with_a_weakened_etag_or_a_star_is_a_304_too(ada_api):
    # given
    url = save(ada_api).json()["url"]
    etag = ada_api.get(url + "calendar.ics")["ETag"]
    # when: the tag as a compressing proxy hands it back, then any tag at all
    weak = ada_api.get(url + "calendar.ics", HTTP_IF_NONE_MATCH=f"W/{etag}")
    star = ada_api.get(url + "calendar.ics", HTTP_IF_NONE_MATCH="*")
    other = ada_api.get(url + "calendar.ics", HTTP_IF_NONE_MATCH='"another"')
    # then
    assert (weak.status_code, star.status_code, other.status_code) == (304, 304, 200)


def test_a_shared_schedule_and_a_feed_ask_search_engines_not_to_index_them(ada_api):
    # given
    url = save(ada_api).json()["url"]
    share = ada_api.post(url + "share/").json()["share_url"].split("testserver", 1)[1]
    feed = ada_api.post(url + "subscription/").json()["subscription_url"].split("testserver", 1)[1]
    token = token_of(share)
    # when
    answers = [APIClient().get(path) for path in (share, f"/api/v1/shared/{token}/", feed)]
    # then
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert all(a["X-Robots-Tag"] == "noindex, nofollow" for a in answers)
    assert '<meta name="robots" content="noindex, nofollow">' in answers[0].content.decode()


def test_an_edit_that_read_the_schedule_before_it_was_deleted_does_not_bring_it_back(ada, ada_api):
    # given: a schedule read by an edit (a rename in another tab), then deleted
    url = save(ada_api).json()["url"]
    read_before = saved.saved_schedule_get(owner=ada, schedule_id=url.rstrip("/").rsplit("/", 1)[1])
    assert ada_api.delete(url).status_code == 204
    # when
    with pytest.raises(SavedSchedule.DoesNotExist):
        saved.saved_schedule_update(schedule=read_before, name="Renamed")
    # then: not saved again as an empty schedule, nor renamed in the bin
    assert not SavedSchedule.objects.exists()
    assert ada_api.get(url).status_code == 404
    assert list(SavedSchedule.all_objects.binned().values_list("name", flat=True)) == ["Mornings free"]


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("patch", "", {"name": "Renamed"}),
        ("post", "share/", None),
        ("delete", "share/", None),
        ("post", "subscription/", None),
        ("delete", "subscription/", None),
        ("post", "acknowledge/", None),
    ],
)
def test_a_write_to_a_schedule_deleted_after_it_was_read_is_a_404(ada, ada_api, method, suffix, body):
    # given: the request reads the schedule, then another request deletes it before the write
    url = save(ada_api).json()["url"]
    read_before = saved.saved_schedule_get(owner=ada, schedule_id=url.rstrip("/").rsplit("/", 1)[1])
    assert ada_api.delete(url).status_code == 204
    before = list(SavedSchedule.all_objects.binned().values())
    # when
    with mock.patch.object(saved, "saved_schedule_get", return_value=read_before):
        response = getattr(ada_api, method)(url + suffix, body, format="json")
    # then: the answer it would get a moment later, and nothing saved again, not even in the bin
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert not SavedSchedule.objects.exists()
    assert list(SavedSchedule.all_objects.binned().values()) == before


@pytest.mark.parametrize("action", ["rename", "notes", "share", "unshare", "subscribe", "unsubscribe", "acknowledge"])
def test_a_page_action_on_a_schedule_deleted_after_it_was_read_says_it_is_in_the_bin(ada, ada_api, client, action):
    # given
    url = save(ada_api).json()["url"]
    schedule_id = url.rstrip("/").rsplit("/", 1)[1]
    read_before = saved.saved_schedule_get(owner=ada, schedule_id=schedule_id)
    assert ada_api.delete(url).status_code == 204
    before = list(SavedSchedule.all_objects.binned().values())
    client.force_login(ada)
    # when
    with mock.patch.object(saved, "saved_schedule_get", return_value=read_before):
        response = client.post(f"/schedules/{schedule_id}/{action}/", {"name": "Renamed", "notes": "n"})
    # then: the bin, which says so (tests/scheduler/saved/test_bin_pages.py), and nothing saved
    assert response.status_code == 302 and response["Location"] == "/schedules/bin/"
    assert not SavedSchedule.objects.exists()
    assert list(SavedSchedule.all_objects.binned().values()) == before


def test_signing_in_or_up_from_a_shared_schedules_page_comes_back_to_it(ada_api, client):
    # given: a link opened by someone signed out
    schedule_id = save(ada_api).json()["id"]
    path = urlsplit(ada_api.post(f"/api/v1/schedules/{schedule_id}/share/").json()["share_url"]).path
    # when
    page = client.get(path).content.decode()
    signup = client.get(f"/accounts/signup/?next={path}").content.decode()
    # then: the header's links come back to the schedule, also from the sign-up page to sign-in
    assert f'<a href="/accounts/login/?next={path}">Sign in</a>' in page
    assert f'<a href="/accounts/signup/?next={path}">Sign up</a>' in page
    assert f'<a href="/accounts/login/?next={path}">Sign in</a>' in signup


@pytest.mark.parametrize(
    ("name", "disposition"),
    [
        ("My <b>plan</b> & co", 'filename="My-b-plan-b-co.ics"'),
        ("Études d'automne", "filename=\"Etudes-d-automne.ics\"; filename*=utf-8''%C3%89tudes-d-automne.ics"),
        ("Cafe\u0301 plan", "filename=\"Cafe-plan.ics\"; filename*=utf-8''Caf%C3%A9-plan.ics"),
        ("课表", "filename=\"schedule.ics\"; filename*=utf-8''%E8%AF%BE%E8%A1%A8.ics"),
        ("<>&", 'filename="schedule.ics"'),
    ],
)
def test_the_ics_file_is_named_after_the_schedule_one_dash_for_each_run_of_other_characters(ada_api, name, disposition):
    # given
    body = save(ada_api, name=name).json()
    # when
    response = ada_api.get(body["ics_url"])
    # then: beyond ASCII, a plain ASCII filename first (RFC 6266), for the clients that read no filename*
    assert response["Content-Disposition"] == f"attachment; {disposition}"


def test_the_feed_answers_only_get_and_head_and_a_post_is_a_405_not_a_form_expired_page(ada_api):
    # given: a subscribed schedule, and a client that enforces CSRF as browsers meet it
    url = save(ada_api).json()["url"]
    feed = ada_api.post(url + "subscription/").json()["subscription_url"].split("testserver", 1)[1]
    anyone = Client(enforce_csrf_checks=True)
    # when
    posted, put = anyone.post(feed), anyone.put(feed)
    options, head = anyone.options(feed), anyone.head(feed)
    # then: the methods it answers are named; OPTIONS sends no calendar
    assert (posted.status_code, put.status_code) == (405, 405)
    assert posted["Allow"] == "GET, HEAD, OPTIONS"
    assert (options.status_code, options["Allow"], options.content) == (200, "GET, HEAD, OPTIONS", b"")
    assert head.status_code == 200 and head["Content-Type"].startswith("text/calendar")


def weekly_summaries(ics: bytes) -> dict[str, list]:
    """Each weekly series' summary with its RRULE's days and its DTSTART."""
    return {
        str(e["summary"]): [e["rrule"]["BYDAY"], e.decoded("dtstart").time()]
        for e in Calendar.from_ical(ics).events
        if "rrule" in e
    }


def test_a_held_section_an_import_quarantines_stays_on_the_calendar_at_its_last_known_times_and_says_so(
    ada_api, reimport
):
    # given: a subscribed schedule, then an import that cannot read CHEM 1410 lecture 100's weekly
    # class (it ends before it starts): it quarantines the section and drops that meeting
    url = save(ada_api).json()["url"]
    feed = ada_api.post(url + "subscription/").json()["subscription_url"].split("testserver", 1)[1]
    before = APIClient().get(feed).content

    def unreadable(data: dict) -> None:
        weekly = next(m for m in section_of(data, "40010")["meetings"] if m["kind"] == "weekly")
        weekly["start"], weekly["end"] = weekly["end"], weekly["start"]

    reimport(unreadable)
    assert Section.objects.get(registrar_id="40010").quarantine_reason
    # when
    subscribed, downloaded = APIClient().get(feed).content, ada_api.get(url + "calendar.ics").content
    # then: its weekly series is there as before, the same UID, and the calendar says why
    for ics in (subscribed, downloaded):
        assert weekly_summaries(ics) == weekly_summaries(before)
        assert event_uids(ics) == event_uids(before)
        calendar = Calendar.from_ical(ics)
        assert (
            "Quarantined by the registrar, a class it no longer lists shown at its last known time: CHEM 1410 LEC 100"
            in str(calendar["DESCRIPTION"])
        )
        lecture = next(e for e in calendar.events if str(e["summary"]) == "CHEM 1410 LEC 100" and "rrule" in e)
        assert "shown at its last known time" in str(lecture["description"])
        exams = [e for e in calendar.events if str(e["summary"]).startswith("CHEM 1410 LEC 100") and "rrule" not in e]
        assert exams and not any("last known" in str(e["description"]) for e in exams)  # listed still: as listed


def test_once_the_student_keeps_a_quarantine_the_calendar_shows_the_section_as_listed_and_names_it(ada_api, reimport):
    # given: CHEM 1410 lecture 100 quarantined, its weekly class dropped, and the change kept
    url = save(ada_api).json()["url"]

    def unreadable(data: dict) -> None:
        weekly = next(m for m in section_of(data, "40010")["meetings"] if m["kind"] == "weekly")
        weekly["start"], weekly["end"] = weekly["end"], weekly["start"]

    reimport(unreadable)
    ada_api.post(url + "acknowledge/")
    # when
    calendar = Calendar.from_ical(ada_api.get(url + "calendar.ics").content)
    # then: as the catalog lists it (its exams), and said to be quarantined
    assert "CHEM 1410 LEC 100" not in weekly_summaries(calendar.to_ical())
    assert "Quarantined by the registrar, shown as the catalog lists it now: CHEM 1410 LEC 100" in str(
        calendar["DESCRIPTION"]
    )


def test_a_quarantine_that_dropped_no_meeting_shows_the_sections_meetings_as_the_catalog_lists_them(ada_api, reimport):
    # given: an import moves CHEM 1410 lecture 100's weekly class to 16:00 and flags the section
    # quarantined (a file's own flag: no meeting dropped)
    url = save(ada_api).json()["url"]

    def moved_and_flagged(data: dict) -> None:
        lecture = section_of(data, "40010")
        next(m for m in lecture["meetings"] if m["kind"] == "weekly").update(start="16:00", end="16:50")
        lecture["quarantine"] = "registrar flagged it"

    reimport(moved_and_flagged)
    assert Section.objects.get(registrar_id="40010").quarantine_reason
    # when
    calendar = Calendar.from_ical(ada_api.get(url + "calendar.ics").content)
    # then: the weekly class at its new time only, and the section named as listed now
    weekly = [e for e in calendar.events if str(e["summary"]) == "CHEM 1410 LEC 100" and "rrule" in e]
    assert [e.decoded("dtstart").strftime("%H:%M") for e in weekly] == ["16:00"]
    assert "shown as the catalog lists it now: CHEM 1410 LEC 100" in str(calendar["DESCRIPTION"])


def dtstamps(ics: bytes) -> set[datetime.datetime]:
    return {event.decoded("dtstamp") for event in Calendar.from_ical(ics).events}


def test_a_feed_keeps_its_etag_and_dtstamp_through_an_import_that_changes_nothing_it_shows(ada_api, reimport):
    # given: a subscribed schedule, first polled on 1 December
    url = save(ada_api).json()["url"]
    feed = ada_api.post(url + "subscription/").json()["subscription_url"].split("testserver", 1)[1]
    first_poll = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=first_poll):
        first = APIClient().get(feed)

    def seats(data: dict) -> None:  # a held section's seats and another section's
        section_of(data, "40001")["enrolled"] = 199
        section_of(data, "40002")["capacity"] = 5

    reimport(seats)
    # when: polled again on 2 December
    with mock.patch("django.utils.timezone.now", return_value=first_poll + datetime.timedelta(days=1)):
        polled = APIClient().get(feed, HTTP_IF_NONE_MATCH=first["ETag"])
        fetched = APIClient().get(feed)
    # then: nothing it shows changed, so neither did its bytes
    assert (polled.status_code, polled.content) == (304, b"")
    assert fetched.content == first.content and dtstamps(fetched.content) == {first_poll}


def test_a_held_sections_time_moved_changes_the_feeds_etag_and_dtstamp(ada_api, reimport):
    # given: a subscribed schedule, first polled on 1 December
    url = save(ada_api).json()["url"]
    feed = ada_api.post(url + "subscription/").json()["subscription_url"].split("testserver", 1)[1]
    first_poll = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=first_poll):
        first = APIClient().get(feed)
    reimport(lambda data: section_of(data, "40024")["meetings"][0].update(start="14:00", end="14:50"))
    # when: polled on 2 December, then again on 3 December
    second_poll = first_poll + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=second_poll):
        moved = APIClient().get(feed, HTTP_IF_NONE_MATCH=first["ETag"])
    with mock.patch("django.utils.timezone.now", return_value=second_poll + datetime.timedelta(days=1)):
        again = APIClient().get(feed, HTTP_IF_NONE_MATCH=moved["ETag"])
    # then: the change is served, stamped when it was first served, and the next poll is a 304
    assert moved.status_code == 200 and moved["ETag"] != first["ETag"]
    assert dtstamps(first.content) == {first_poll} and dtstamps(moved.content) == {second_poll}
    assert again.status_code == 304
