"""The saved schedule pages: list, detail with its weekly grid, compare, and their actions."""

import datetime
import re
import urllib.parse

import pytest
from django.test import Client

from scheduler.models import SavedSchedule
from tests.scheduler.saved.conftest import drop_section, move_section, save, section_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


@pytest.fixture
def schedule_id(ada_api) -> int:
    return save(ada_api, notes="bring a calculator").json()["id"]


def test_the_pages_need_sign_in(client, schedule_id):
    # when
    pages = [client.get(url) for url in ("/schedules/", f"/schedules/{schedule_id}/", "/schedules/compare/")]
    delete = client.post(f"/schedules/{schedule_id}/delete/")
    # then
    for response in [*pages, delete]:
        assert response.status_code == 302
        assert "login" in response["Location"]
    assert SavedSchedule.objects.filter(pk=schedule_id).exists()


def test_the_list_page_shows_ones_schedules_with_their_actions(ada_client, schedule_id, bob_api):
    # given
    save(bob_api, name="bob's secret")
    # when
    page = ada_client.get("/schedules/").content.decode()
    # then
    assert "Mornings free" in page and "bob's secret" not in page
    for action in ("rename", "duplicate", "delete", "share", "subscribe"):
        assert f"/schedules/{schedule_id}/{action}/" in page, action
    assert f"/api/v1/schedules/{schedule_id}/calendar.ics" in page


def test_the_detail_page_draws_the_weekly_grid_notes_and_swap_choices(ada_client, schedule_id):
    page = ada_client.get(f"/schedules/{schedule_id}/").content.decode()

    assert '<table class="grid" aria-label="Weekly grid of Mornings free">' in page
    assert '<th scope="col"><span class="visually-hidden">Time</span></th>' in page
    assert "CS 1110 LEC 001" in page  # a grid cell
    assert "bring a calculator" in page
    assert 'aria-label="Alternative to CS 1110 Lecture 001 (40001)"' in page
    assert "The registrar changed" not in page


def test_exams_and_one_off_sessions_are_listed_under_the_grid_of_the_page_and_the_shared_page(ada_client, ada_api):
    # given: CHEM 1410's lecture with its two evening exams, and a CHEM 1411 lab held on four Tuesdays only
    schedule = save(ada_api, sections=["40001", "40005", "40010", "40012", "40018"]).json()
    token = ada_api.post(f"/api/v1/schedules/{schedule['id']}/share/").json()["share_url"].rstrip("/").split("/")[-1]
    # when
    pages = [ada_client.get(f"/schedules/{schedule['id']}/"), ada_client.get(f"/s/{token}/")]
    # then: each names them under the grid, a section's sessions at one time on one line with their dates
    for page in (p.content.decode() for p in pages):
        assert "Not every week, so not in the grid (held on their dates only):" in page
        assert "<li>CHEM 1410 LEC 100 exam Th 19:00–20:30 on 2026-09-24, 2026-10-29</li>" in page
        lab = "<li>CHEM 1411 LAB 001 one-off Tu 13:00–16:00 on 2026-09-01, 2026-09-29, 2026-10-27, 2026-11-17</li>"
        assert lab in page


def test_another_students_pages_answer_404(bob, client, schedule_id):
    # given
    client.force_login(bob)
    # then
    assert client.get(f"/schedules/{schedule_id}/").status_code == 404
    assert client.post(f"/schedules/{schedule_id}/delete/").status_code == 404
    assert client.get(f"/schedules/compare/?a={schedule_id}&b={schedule_id}").status_code == 404
    assert SavedSchedule.objects.filter(pk=schedule_id).exists()


def test_rename_share_duplicate_and_delete_from_the_pages(ada_client, schedule_id):
    # when
    ada_client.post(f"/schedules/{schedule_id}/rename/", {"name": "Plan A"})
    ada_client.post(f"/schedules/{schedule_id}/share/")
    copy = ada_client.post(f"/schedules/{schedule_id}/duplicate/")
    # then
    schedule = SavedSchedule.objects.get(pk=schedule_id)
    assert schedule.name == "Plan A" and schedule.share_token
    copy_id = int(copy["Location"].rstrip("/").split("/")[-1])
    assert SavedSchedule.objects.get(pk=copy_id).name == "Copy of Plan A"
    deleted = ada_client.post(f"/schedules/{copy_id}/delete/", {"confirm": "yes"})
    assert deleted["Location"] == "/schedules/"
    assert not SavedSchedule.objects.filter(pk=copy_id).exists()
    assert SavedSchedule.all_objects.binned().filter(pk=copy_id).exists()


def test_a_bad_rename_on_the_page_shows_the_error_and_changes_nothing(ada_client, schedule_id):
    response = ada_client.post(f"/schedules/{schedule_id}/rename/", {"name": "x" * 500}, follow=True)

    assert "The schedule was not renamed: at most 120 characters (this one has 500)." in response.content.decode()
    assert SavedSchedule.objects.get(pk=schedule_id).name == "Mornings free"


def test_a_bad_rename_on_the_list_page_shows_the_error_on_the_list(ada_client, schedule_id):
    # when: the list's rename form posts back with next=/schedules/
    response = ada_client.post(f"/schedules/{schedule_id}/rename/", {"name": " ", "next": "/schedules/"})
    page = ada_client.get(response["Location"]).content.decode()
    # then
    assert response["Location"] == "/schedules/"
    assert "The schedule was not renamed: give the schedule a name." in page and "Mornings free" in page


def test_swap_choices_follow_a_section_the_registrar_moved_to_another_component(ada_client, schedule_id, reimport):
    # given: lab 40005 is saved, then listed as CS 1110's only discussion
    reimport(lambda data: move_section(data, "40005", "DIS", "Discussion"))
    # when
    page = ada_client.get(f"/schedules/{schedule_id}/").content.decode()
    # then: no other discussion to swap it for (the labs were offered, and swapping one in kept both)
    assert '<input type="hidden" name="old" value="40005">' not in page
    assert 'name="old" value="40001"' in page  # the lecture still has swap choices


def test_swapping_a_section_on_the_page_is_a_hand_edit(ada_client, schedule_id):
    ada_client.post(f"/schedules/{schedule_id}/swap/", {"old": "40001", "new": "40003"})

    held = set(SavedSchedule.objects.get(pk=schedule_id).entries.values_list("section__registrar_id", flat=True))
    assert "40003" in held and "40001" not in held


def test_swapping_a_section_for_one_the_schedule_already_holds_is_refused_and_loses_nothing(ada_client, schedule_id):
    # given: the schedule holds lecture 40001 and lab 40005
    before = set(SavedSchedule.objects.get(pk=schedule_id).entries.values_list("section__registrar_id", flat=True))
    # when: a hand-made request swaps the lecture for the lab it already holds
    response = ada_client.post(f"/schedules/{schedule_id}/swap/", {"old": "40001", "new": "40005"}, follow=True)
    # then: refused with the reason; the lecture was dropped without a word before
    held = set(SavedSchedule.objects.get(pk=schedule_id).entries.values_list("section__registrar_id", flat=True))
    assert held == before and {"40001", "40005"} <= held
    assert "already in this schedule" in response.content.decode()


def test_the_compare_page_shows_two_schedules_side_by_side(ada_client, ada_api, schedule_id):
    other = save(ada_api, name="Plan B", sections=["40003", "40005"]).json()["id"]

    page = ada_client.get(f"/schedules/compare/?a={schedule_id}&b={other}").content.decode()

    assert "Mornings free" in page and "Plan B" in page
    assert '<table class="grid" aria-label="Weekly grid of Mornings free">' in page  # each grid named by its schedule
    assert '<table class="grid" aria-label="Weekly grid of Plan B">' in page


def test_the_compare_summary_names_sections_by_course_component_and_section(ada_client, ada_api, schedule_id):
    # given: Plan B shares CS 1110's lab 102 (40005) with Mornings free, and has lecture 003 (40003)
    other = save(ada_api, name="Plan B", sections=["40003", "40005"]).json()["id"]
    # when
    page = ada_client.get(f"/schedules/compare/?a={schedule_id}&b={other}").content.decode()
    # then: what a student reads on the timetable, not registrar ids
    assert "Both: CS 1110 Laboratory 102 ·" in page
    assert "only in “Mornings free”: CHEM 1410 Lecture 100, CHEM 1410 Discussion 101, CS 1110 Lecture 001," in page
    assert "only in “Plan B”: CS 1110 Lecture 003</p>" in page


def test_the_list_page_pages_through_every_schedule_newest_first(ada_client, ada_api):
    # given: 27 schedules (the page holds 25)
    ids = [save(ada_api, name=f"plan {n:02}").json()["id"] for n in range(27)]
    # when
    first = ada_client.get("/schedules/").content.decode()
    second = ada_client.get("/schedules/?page=2").content.decode()
    past_the_end = ada_client.get("/schedules/?page=9").content.decode()
    malformed = ada_client.get("/schedules/?page=x").content.decode()
    # then: every schedule is on exactly one page, the newest first
    for n in range(27):
        on = [f">plan {n:02}<" in page for page in (first, second)]
        assert on == ([True, False] if n >= 2 else [False, True]), n
    assert first.index(">plan 26<") < first.index(">plan 02<")
    assert "Page 1 of 2 (27 schedules)" in first and 'href="?page=2" rel="next"' in first
    assert "Page 2 of 2 (27 schedules)" in second and 'href="?page=1" rel="prev"' in second
    assert "Page 2 of 2" in past_the_end and "Page 1 of 2" in malformed
    assert f"/schedules/{ids[0]}/delete/" in second


def test_deleting_from_a_later_page_comes_back_to_that_page(ada_client, ada_api):
    ids = [save(ada_api, name=f"plan {n:02}").json()["id"] for n in range(27)]
    page = ada_client.get("/schedules/?page=2").content.decode()
    assert 'name="next" value="/schedules/?page=2"' in page

    answer = ada_client.post(f"/schedules/{ids[0]}/delete/", {"next": "/schedules/?page=2", "confirm": "yes"})

    assert answer.status_code == 302 and answer["Location"] == "/schedules/?page=2"
    assert not SavedSchedule.objects.filter(pk=ids[0]).exists()
    assert SavedSchedule.objects.filter(pk__in=ids).count() == 26
    assert list(SavedSchedule.all_objects.binned().values_list("pk", flat=True)) == [ids[0]]


def test_delete_asks_first_and_deletes_nothing_until_confirmed(ada_client, schedule_id):
    # when: the Delete button of the list page, on its second page
    asked = ada_client.post(f"/schedules/{schedule_id}/delete/", {"next": "/schedules/?page=2"})
    # then: a question, the schedule still there
    page = asked.content.decode()
    assert asked.status_code == 200
    assert "Delete “Mornings free”?" in page and "you can restore it as it was for 30 days" in page
    assert 'name="confirm" value="yes"' in page and 'name="next" value="/schedules/?page=2"' in page
    assert f'<a href="/schedules/?page=2#delete-{schedule_id}">Keep it</a>' in page
    assert SavedSchedule.objects.filter(pk=schedule_id).exists() and not SavedSchedule.all_objects.binned().exists()
    # and from the schedule's own page, "Keep it" goes back to it
    own = ada_client.post(f"/schedules/{schedule_id}/delete/").content.decode()
    assert f'<a href="/schedules/{schedule_id}/#delete-{schedule_id}">Keep it</a>' in own
    assert SavedSchedule.objects.filter(pk=schedule_id).exists()


def test_a_reload_of_deletes_question_asks_again_and_a_get_of_another_action_goes_to_the_schedule(
    ada_client, schedule_id
):
    # when: the question's address loaded again (a reload, history, a link), and rename's
    asked = ada_client.get(f"/schedules/{schedule_id}/delete/")
    renamed = ada_client.get(f"/schedules/{schedule_id}/rename/")
    # then: the question again, not a blank 405, and nothing deleted or renamed
    assert asked.status_code == 200 and "Delete “Mornings free”?" in asked.content.decode()
    assert renamed.status_code == 302 and renamed["Location"] == f"/schedules/{schedule_id}/"
    assert SavedSchedule.objects.get(pk=schedule_id).name == "Mornings free"
    assert not SavedSchedule.all_objects.binned().exists()


def test_deleting_never_follows_a_next_address_off_the_site(ada_client, schedule_id):
    answer = ada_client.post(f"/schedules/{schedule_id}/delete/", {"next": "https://evil.example/", "confirm": "yes"})

    assert answer.status_code == 302 and answer["Location"] == "/schedules/"


@pytest.mark.parametrize("query", ["", "?a=1", "?a=x&b=y", "?a=%C2%B2&b=1", "?a=1&b=%D9%A3"])
def test_the_compare_page_without_two_ids_offers_a_choice_of_ones_schedules(ada_client, ada_api, schedule_id, query):
    # given
    save(ada_api, name="Plan B")
    # when
    response = ada_client.get(f"/schedules/compare/{query}")
    # then: the form to pick two, never a server error
    page = response.content.decode()
    assert response.status_code == 200
    assert '<select name="a">' in page and '<select name="b">' in page
    assert f'<option value="{schedule_id}">Mornings free (2026-fall)</option>' in page


def test_the_compare_pages_picker_reads_names_only(ada_client, ada_api, django_assert_max_num_queries):
    # given: schedules with many sections between them
    for n in range(5):
        save(ada_api, name=f"plan {n}")
    # when / then: at most three queries for any number of schedules (session, user, names)
    with django_assert_max_num_queries(3):
        page = ada_client.get("/schedules/compare/").content.decode()
    assert page.count("<option") == 10


def test_the_notes_field_of_the_detail_page_is_labelled(ada_client, schedule_id):
    page = ada_client.get(f"/schedules/{schedule_id}/").content.decode()

    assert '<h2 id="notes-heading">Notes</h2>' in page
    assert '<textarea name="notes" aria-labelledby="notes-heading"' in page


def test_the_list_page_links_to_the_planner_when_empty_and_to_compare_with_two(ada_client, ada_api):
    # given: no schedule yet
    empty = ada_client.get("/schedules/").content.decode()
    # when: two saved
    save(ada_api)
    save(ada_api, name="Another")
    two = ada_client.get("/schedules/").content.decode()
    # then
    assert 'href="/">Plan your week</a>' in empty and "POST /api/v1/" not in empty
    assert "Compare two schedules" not in empty
    assert 'href="/schedules/compare/">Compare two schedules</a>' in two


def test_notes_as_long_as_the_page_allows_are_saved_with_their_line_breaks(ada_client, schedule_id):
    # given: 4,999 characters as the textarea's maxlength counts them (a line break is one),
    # sent as a browser sends them (each line break as CRLF: 5,998 characters)
    lines = ["x" * 4] * 1000
    typed = "\n".join(lines)
    assert len(typed) == 4999
    # when
    answer = ada_client.post(f"/schedules/{schedule_id}/notes/", {"notes": "\r\n".join(lines)}, follow=True)
    # then
    assert "at most 5000 characters" not in answer.content.decode()
    assert SavedSchedule.objects.get(pk=schedule_id).notes == typed


def test_the_grid_marks_a_clash_only_where_two_classes_meet_on_the_same_dates(ada_client, ada_api, reimport):
    # given: CS 1110's lab 101 (Mo 14:00-15:15) moved to the second half of the term, at the
    # hour of HIST 2001 lecture 001 (MoWe 14:00-15:15, first half), and CHEM 1410's discussion
    # 201 (Mo 13:00-13:50, whole term) moved to 14:30 over both of them
    def second_half(data):
        section_of(data, "40004")["meetings"][0].update(first_date="2026-10-19", last_date="2026-12-11")
        section_of(data, "40015")["meetings"][0].update(start="14:30", end="15:20")

    reimport(second_half)
    halves = save(ada_api, name="halves", sections=["40040", "40004"]).json()["id"]
    overlap = save(ada_api, name="overlap", sections=["40040", "40004", "40015"]).json()["id"]
    # when
    halves_page = ada_client.get(f"/schedules/{halves}/").content.decode()
    overlap_page = ada_client.get(f"/schedules/{overlap}/").content.decode()
    # then: both halves share Monday 14:00 without a clash, and the cell says so in words; the
    # whole-term class clashes, which its cells and a note above the grid say in words too
    assert '<td class="turns"><em>In turn:</em> CS 1110 LAB 101 / HIST 2001 LEC 001</td>' in halves_page
    assert 'class="clash"' not in halves_page and "<strong>Clash:</strong>" not in halves_page
    assert "Cells marked “In turn:” hold half-term classes" in halves_page
    assert 'class="clash"><strong>Clash:</strong> ' in overlap_page
    assert '<p class="clash-note"><strong>Clash:</strong> two classes of this schedule meet' in overlap_page


def test_the_sections_say_when_an_exam_a_one_off_and_a_half_term_class_are_held(ada_client, ada_api):
    # given: CHEM 1410 lecture 100 (two evening exams), CHEM 1411 lab 001 (four one-off
    # sessions) and HIST 2001 lecture 002 (second half of the term)
    schedule_id = save(ada_api, sections=["40010", "40018", "40041"]).json()["id"]
    # when
    page = ada_client.get(f"/schedules/{schedule_id}/").content.decode()
    # then: the dates, not only the weekdays, of what is not held every week of the term
    assert "Th 19:00–20:30 (exam on 2026-09-24) Chemistry Bldg 402" in page
    assert "Th 19:00–20:30 (exam on 2026-10-29) Chemistry Bldg 402" in page
    assert "Tu 13:00–16:00 (one-off on 2026-11-17) Chemistry Bldg 101" in page
    assert "MoWe 14:00–15:15 (2026-10-19 to 2026-12-11) Nau Hall 101" in page
    assert "MoWeFr 10:00–10:50 Chemistry Bldg 402" in page  # the whole term: no dates


def test_half_term_classes_whose_dates_touch_on_a_day_neither_meets_take_turns_not_clash(ada_client, ada_api, reimport):
    # given: HIST 2001 lecture 001 (MoWe 14:00-15:15) until Friday 16 October, and CS 1110 lab
    # 101 (Mo 14:00-15:15) from that Friday on: they share a date, but not a Monday
    def touching(data):
        section_of(data, "40040")["meetings"][0].update(last_date="2026-10-16")
        section_of(data, "40004")["meetings"][0].update(first_date="2026-10-16")

    reimport(touching)
    schedule_id = save(ada_api, sections=["40040", "40004"]).json()["id"]
    # when
    page = ada_client.get(f"/schedules/{schedule_id}/").content.decode()
    # then: as the engine, which lets the two be taken together, reads them
    assert '<td class="turns"><em>In turn:</em> CS 1110 LAB 101 / HIST 2001 LEC 001</td>' in page
    assert "<strong>Clash:</strong>" not in page


def test_exams_and_one_offs_are_shown_on_the_weekday_of_the_dates_they_are_held(ada_client, ada_api, reimport):
    # given: CHEM 1410 lecture 100's first exam listed on Thursday but dated over finals week
    # (Monday 7 to Friday 11 December), and CHEM 1411 lab 001's first session listed on Monday
    # but dated Tuesday 1 September
    def moved(data):
        section_of(data, "40010")["meetings"][1].update(first_date="2026-12-07", last_date="2026-12-11")
        section_of(data, "40018")["meetings"][0].update(days=["Mo"])

    reimport(moved)
    schedule_id = save(ada_api, sections=["40010", "40018"]).json()["id"]
    # when
    page = ada_client.get(f"/schedules/{schedule_id}/").content.decode()
    # then: the Thursday of finals week, and the Tuesday, as the engine and the calendar hold them
    assert "Th 19:00–20:30 (exam on 2026-12-10) Chemistry Bldg 402" in page
    assert "Tu 13:00–16:00 (one-off on 2026-09-01) Chemistry Bldg 101" in page


def test_the_subscribe_links_open_the_calendar_app_not_a_one_time_download(ada_client, ada_api, schedule_id):
    # given
    url = ada_api.post(f"/api/v1/schedules/{schedule_id}/subscription/").json()["subscription_url"]
    webcal = "webcal:" + url.split(":", 1)[1]
    # when
    listed = ada_client.get("/schedules/").content.decode()
    detail = ada_client.get(f"/schedules/{schedule_id}/").content.decode()
    # then: webcal: subscribes (the app polls for changes); the https URL is still given to copy
    assert url.startswith("http://testserver/calendar/")
    assert f'<a href="{webcal}" aria-label="Subscribe to Mornings free in your calendar app">subscribe</a>' in listed
    assert f'<a href="{webcal}">subscribe in your calendar app</a>' in detail
    assert f"<code>{url}</code>" in detail
    assert f'href="{url}"' not in listed + detail


def test_the_compare_picker_starts_on_two_different_schedules(ada_client, ada_api):
    # given: two schedules, the newest listed first
    older = save(ada_api, name="older").json()["id"]
    newer = save(ada_api, name="newer").json()["id"]
    # when
    page = ada_client.get("/schedules/compare/").content.decode()
    # then: A is the newest, B the next one, not the same schedule twice
    a, b = page.split('<select name="b">')
    assert f'<option value="{newer}">newer (2026-fall)</option>' in a
    assert f'<option value="{older}" selected>older (2026-fall)</option>' in b


def test_the_detail_page_gives_times_on_the_campus_clock_with_its_zone(ada_client, schedule_id):
    # given: saved at 15:00 UTC, 10:00 in the demo institution's America/New_York
    moment = datetime.datetime(2026, 12, 4, 15, 0, tzinfo=datetime.UTC)
    SavedSchedule.objects.filter(pk=schedule_id).update(created_at=moment, updated_at=moment)
    # when
    page = ada_client.get(f"/schedules/{schedule_id}/").content.decode()
    # then
    assert "saved 2026-12-04 10:00 EST · changed 2026-12-04 10:00 EST" in page


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("rename", {"name": "Plan\x00B"}),
        ("notes", {"notes": "bring\x00 a pen"}),
        ("swap", {"old": "40001", "new": "400\x0003"}),
    ],
)
def test_a_nul_character_posted_to_a_page_is_refused_in_words_not_a_server_error(ada_client, schedule_id, action, data):
    # when: a character PostgreSQL cannot store (pasted from a binary file, or a bot)
    response = ada_client.post(f"/schedules/{schedule_id}/{action}/", data, follow=True)
    # then: the page again, saying why, and nothing saved
    assert response.status_code == 200
    assert "a NUL character (\\0) cannot be saved" in response.content.decode()
    schedule = SavedSchedule.objects.get(pk=schedule_id)
    assert (schedule.name, schedule.notes) == ("Mornings free", "bring a calculator")
    assert "40001" in schedule.entries.values_list("section__registrar_id", flat=True)


@pytest.mark.parametrize("url", ["/schedules/?term=2026%00-fall", "/s/abc%00def/", "/calendar/abc%00def.ics"])
def test_a_nul_character_in_a_pages_address_finds_nothing_rather_than_a_server_error(ada_client, schedule_id, url):
    # when
    response = ada_client.get(url)
    # then
    assert response.status_code in (200, 404)
    assert "Mornings free" not in response.content.decode()


@pytest.mark.parametrize(
    ("action", "data", "said"),
    [
        ("rename", {"name": "Plan A"}, "Renamed to “Plan A”."),
        ("notes", {"notes": "bring a pen"}, "Notes saved."),
        ("swap", {"old": "40001", "new": "40003"}, "Swapped CS 1110 Lecture 001 for CS 1110 Lecture 003."),
        ("share", {}, "Share link made: anyone who has it, and your friends, see this schedule, without its notes."),
        ("subscribe", {}, "Subscription URL made:"),
        ("email-off", {}, "Change emails off:"),
        ("duplicate", {}, "Made “Copy of Mornings free”, a copy of “Mornings free” (not shared)."),
    ],
)
def test_every_action_of_the_page_says_what_it_did(ada_client, schedule_id, action, data, said):
    # when
    response = ada_client.post(f"/schedules/{schedule_id}/{action}/", data, follow=True)
    # then: the page it lands on says so (a reload alone says nothing to a screen reader)
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith(said) for m in messages), messages


def test_revoking_and_turning_back_on_say_what_they_did(ada_client, schedule_id):
    # given
    for action in ("share", "subscribe", "email-off"):
        ada_client.post(f"/schedules/{schedule_id}/{action}/", follow=True)  # its message shown
    # when
    said = []
    for action in ("unshare", "unsubscribe", "email-on"):
        response = ada_client.post(f"/schedules/{schedule_id}/{action}/", follow=True)
        said += [str(m) for m in response.context["messages"]]
    # then
    assert [m.split(":")[0] for m in said] == [
        "Share link revoked",
        "Calendar subscription revoked",
        "Change emails on",
    ]


@pytest.mark.parametrize("count", [0, 1])
def test_the_compare_picker_with_fewer_than_two_schedules_says_so_instead_of_empty_choices(ada_client, ada_api, count):
    # given
    for _ in range(count):
        save(ada_api)
    # when
    page = ada_client.get("/schedules/compare/").content.decode()
    # then: no empty select, no schedule compared with itself, but a way to make another
    assert "<select" not in page
    assert "Comparing needs two saved schedules" in page
    assert 'href="/"' in page


@pytest.mark.parametrize(
    ("action", "posted", "back"),
    [
        ("notes/", {"notes": "bring a pen"}, "/schedules/{id}/"),
        ("rename/", {"name": "Plan A", "next": "/schedules/?page=2"}, "/schedules/?page=2"),
        ("delete/", {"confirm": "yes"}, "/schedules/{id}/"),
    ],
)
def test_a_form_sent_after_the_session_ended_leads_back_to_its_page_after_signing_in(
    ada, client, schedule_id, action, posted, back
):
    # given: the page was open, then the student was signed out (another tab, an expired session)
    back = back.format(id=schedule_id)
    # when: its form is sent, then the sign-in form
    sent = client.post(f"/schedules/{schedule_id}/{action}", posted, follow=True)
    signed_in = client.post(sent.redirect_chain[-1][0], {"username": "ada", "password": "pw-ada-1234"})
    # then: back on the page the form was on (not the action's address, a 405 to a GET), told why
    assert "Your session had ended, so that was not done" in sent.content.decode()
    assert signed_in.status_code == 302 and signed_in["Location"] == back
    assert client.get(back).status_code == 200
    assert SavedSchedule.objects.get(pk=schedule_id).notes == "bring a calculator"


def test_a_bin_form_sent_after_the_session_ended_leads_back_to_the_bin(client, ada_api, ada):
    # given
    schedule_id = save(ada_api).json()["id"]
    # when
    sent = client.post(f"/schedules/bin/{schedule_id}/purge/", {"confirm": "yes"})
    # then
    assert sent["Location"] == "/accounts/login/?next=/schedules/bin/"


def test_the_list_is_filtered_by_picking_one_of_ones_terms_by_name(ada_client, schedule_id):
    # when
    page = ada_client.get("/schedules/").content.decode()
    filtered = ada_client.get("/schedules/?term=2026-fall").content.decode()
    # then: the terms of one's schedules by the name the list shows (typing "Fall 2026" found nothing)
    assert '<select name="term" id="term-filter">' in page
    assert '<option value="">Every term</option>' in page
    assert '<option value="2026-fall">Fall 2026</option>' in page
    assert '<option value="2026-fall" selected>Fall 2026</option>' in filtered
    assert "Mornings free" in filtered


def test_every_saved_schedule_page_is_titled_with_what_it_shows_and_the_site(ada_client, ada_api, schedule_id):
    # given
    other = save(ada_api, name="Plan B").json()["id"]
    share = ada_api.post(f"/api/v1/schedules/{schedule_id}/share/").json()["share_url"]
    pages = {
        f"/schedules/{schedule_id}/": "Mornings free · Classtime",
        f"/schedules/compare/?a={schedule_id}&b={other}": "Compare Mornings free and Plan B · Classtime",
        "/schedules/compare/": "Compare two schedules · Classtime",
        share: "Mornings free, shared by ada · Classtime",
    }
    for url, title in pages.items():
        # when
        page = ada_client.get(url).content.decode()
        # then: a tab (or a screen reader's list of them) tells the site and the page apart
        assert f"<title>{title}</title>" in page, url
    asked = ada_client.post(f"/schedules/{other}/delete/").content.decode()
    assert "<title>Delete Plan B? · Classtime</title>" in asked


def test_change_emails_on_an_account_without_an_address_link_to_where_one_is_added(ada_client, schedule_id):
    # when: ada has no email address
    page = ada_client.get(f"/schedules/{schedule_id}/").content.decode()
    # then
    assert 'your account has no email address: <a href="/accounts/profile/">add one on your profile</a>' in page


def test_the_owner_pages_are_never_kept_in_the_browsers_cache(ada_client, ada_api, schedule_id):
    # given: one in the bin too
    binned = save(ada_api, name="old").json()["id"]
    ada_client.post(f"/schedules/{binned}/delete/", {"confirm": "yes"})
    pages = ["/schedules/", f"/schedules/{schedule_id}/", "/schedules/compare/", "/schedules/bin/"]
    # when
    answers = [ada_client.get(url) for url in pages]
    answers.append(ada_client.post(f"/schedules/{schedule_id}/delete/"))  # asks first
    answers.append(ada_client.post(f"/schedules/bin/{binned}/purge/"))  # asks first
    # then: on a shared computer, Back after signing out does not show a schedule and its notes
    for answer in answers:
        assert answer.status_code == 200
        assert "no-store" in answer.get("Cache-Control", ""), answer.wsgi_request.path


def notes_were(page: str) -> str:
    """The fingerprint of the notes a detail page showed, as its notes form sends it."""
    return re.search(r'name="notes_were" value="([0-9a-f]+)"', page).group(1)


def test_notes_saved_in_another_tab_since_the_page_was_opened_are_not_overwritten(ada_client, schedule_id):
    # given: two tabs open on the page; the first saves notes
    first = notes_were(ada_client.get(f"/schedules/{schedule_id}/").content.decode())
    second = first
    ada_client.post(f"/schedules/{schedule_id}/notes/", {"notes": "Office hours Tue 3pm", "notes_were": first})
    # when: the second saves the notes it was showing, with a line added
    sent = {"notes": "bring a calculator\nWaitlist #3", "notes_were": second}
    page = ada_client.post(f"/schedules/{schedule_id}/notes/", sent, follow=True).content.decode()
    # then: the first tab's notes stay; the second's are filled in again beside them, and it says why
    assert SavedSchedule.objects.get(pk=schedule_id).notes == "Office hours Tue 3pm"
    assert "the notes were changed in another tab or window after this page was opened" in page
    assert "<h3>The notes saved now</h3>" in page and '<p class="notes-text">Office hours Tue 3pm</p>' in page
    assert "data-unsaved>bring a calculator\nWaitlist #3</textarea>" in page
    # when: saved again from that page, the student having seen both
    ada_client.post(f"/schedules/{schedule_id}/notes/", {"notes": "both", "notes_were": notes_were(page)})
    # then
    assert SavedSchedule.objects.get(pk=schedule_id).notes == "both"


def test_notes_saved_from_a_stale_page_as_they_already_are_are_not_refused(ada_client, schedule_id):
    # given: two tabs; the first saves "pen"
    shown = notes_were(ada_client.get(f"/schedules/{schedule_id}/").content.decode())
    ada_client.post(f"/schedules/{schedule_id}/notes/", {"notes": "pen", "notes_were": shown})
    # when: the second saves the same notes
    page = ada_client.post(f"/schedules/{schedule_id}/notes/", {"notes": "pen", "notes_were": shown}, follow=True)
    # then: nothing to lose, so no refusal
    assert "changed in another tab" not in page.content.decode()
    assert SavedSchedule.objects.get(pk=schedule_id).notes == "pen"


def test_notes_saved_again_from_the_same_page_are_saved(ada_client, schedule_id):
    # given
    shown = notes_were(ada_client.get(f"/schedules/{schedule_id}/").content.decode())
    # when: a rename in another tab, then Save notes with the page's fingerprint (the notes did not change)
    ada_client.post(f"/schedules/{schedule_id}/rename/", {"name": "Plan B"})
    page = ada_client.post(f"/schedules/{schedule_id}/notes/", {"notes": "pen", "notes_were": shown}, follow=True)
    # then
    assert "Notes saved." in page.content.decode()
    assert SavedSchedule.objects.get(pk=schedule_id).notes == "pen"


def test_notes_sent_after_the_session_ended_are_filled_in_again_once_signed_in(ada, client, schedule_id):
    # given: notes typed, then the session ended before Save notes was pressed
    sent = client.post(f"/schedules/{schedule_id}/notes/", {"notes": "Lab on Mondays: bring goggles"}, follow=True)
    # when: signing in again leads back to the schedule's page
    signed_in = client.post(sent.redirect_chain[-1][0], {"username": "ada", "password": "pw-ada-1234"})
    page = client.get(signed_in["Location"]).content.decode()
    # then: the notes typed are in the field, unsaved, and the page says so; only once
    assert ">Lab on Mondays: bring goggles</textarea>" in page
    assert "Your notes were not saved: they are filled in below; press Save notes to keep them." in page
    assert SavedSchedule.objects.get(pk=schedule_id).notes == "bring a calculator"
    assert ">bring a calculator</textarea>" in client.get(signed_in["Location"]).content.decode()


def test_a_name_sent_after_the_session_ended_is_filled_in_again_once_signed_in(ada, client, schedule_id):
    # given: a new name typed on the schedule's page, then the session ended before Rename was pressed
    sent = client.post(f"/schedules/{schedule_id}/rename/", {"name": "Plan B: no Fridays"}, follow=True)
    # when: signing in again leads back to the schedule's page
    signed_in = client.post(sent.redirect_chain[-1][0], {"username": "ada", "password": "pw-ada-1234"})
    page = client.get(signed_in["Location"]).content.decode()
    again = client.get(signed_in["Location"]).content.decode()
    # then: the name typed is in the field, unsaved, and the page says so; only once
    assert 'id="schedule-name" value="Plan B: no Fridays" data-unsaved' in page
    assert "The schedule was not renamed “Plan B: no Fridays”: the name is filled in below" in page
    assert SavedSchedule.objects.get(pk=schedule_id).name == "Mornings free"
    assert 'id="schedule-name" value="Mornings free" maxlength' in again


def test_a_name_sent_from_the_list_after_the_session_ended_is_filled_in_there_once_signed_in(ada, client, schedule_id):
    # given: a new name typed in the list, then the session ended
    sent = client.post(f"/schedules/{schedule_id}/rename/", {"name": "Plan C", "next": "/schedules/"}, follow=True)
    # when
    signed_in = client.post(sent.redirect_chain[-1][0], {"username": "ada", "password": "pw-ada-1234"})
    listed = client.get(signed_in["Location"]).content.decode()
    # then: beside the schedule, unsaved, and said
    assert signed_in["Location"] == "/schedules/"
    assert f'id="rename-{schedule_id}" value="Plan C" data-unsaved' in listed
    assert "“Mornings free” was not renamed “Plan C”: the name is filled in beside it" in listed
    assert SavedSchedule.objects.get(pk=schedule_id).name == "Mornings free"


def test_a_name_kept_for_after_sign_in_is_dropped_when_another_account_signs_in(ada, bob, client, schedule_id):
    # given
    client.post(f"/schedules/{schedule_id}/rename/", {"name": "Plan D"})
    # when: bob signs in on that browser, then out, then ada
    client.post("/accounts/login/", {"username": "bob", "password": "pw-bob-1234"})
    kept_for_bob = [key for key in client.session.keys() if key.startswith("unsaved-name-")]
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "ada", "password": "pw-ada-1234"})
    page = client.get(f"/schedules/{schedule_id}/").content.decode()
    # then
    assert kept_for_bob == []
    assert "Plan D" not in page


def hide_the_term() -> None:
    from django.utils import timezone

    from catalog.models import Term

    Term.objects.filter(code="2026-fall").update(status=Term.Status.HIDDEN, updated_at=timezone.now())


def test_a_share_link_of_a_term_hidden_since_is_said_on_the_owners_pages_to_show_nothing(ada_client, schedule_id):
    # given: shared while the term was published, then the registrar hides the term
    ada_client.post(f"/schedules/{schedule_id}/share/")
    token = SavedSchedule.objects.get(pk=schedule_id).share_token
    hide_the_term()
    # when
    detail = ada_client.get(f"/schedules/{schedule_id}/").content.decode()
    listed = ada_client.get("/schedules/").content.decode()
    shared_again = ada_client.post(f"/schedules/{schedule_id}/share/", follow=True).content.decode()
    # then: the link answers “not found”, to its owner too, and the pages say so rather than “anyone”
    from django.test import Client

    assert Client().get(f"/s/{token}/").status_code == 404 and ada_client.get(f"/s/{token}/").status_code == 404
    hidden = "Fall 2026 is hidden by the registrar for now: this link shows nothing to others"
    assert hidden in detail and "until the registrar publishes the term again" in detail
    assert "Fall 2026 is hidden by the registrar for now" in listed
    assert "anyone who has it" not in shared_again and hidden in shared_again


def test_the_calendar_feed_of_a_term_hidden_since_keeps_serving_its_owners_classes(ada_client, schedule_id):
    # given: subscribed while the term was published, then the registrar hides the term
    ada_client.post(f"/schedules/{schedule_id}/subscribe/")
    token = SavedSchedule.objects.get(pk=schedule_id).calendar_token
    hide_the_term()
    # when: the calendar app polls the feed (no session)
    from django.test import Client

    feed = Client().get(f"/calendar/{token}.ics")
    # then: still the student's classes (a 404 would make the app drop them), unlike the share link
    assert feed.status_code == 200 and b"BEGIN:VEVENT" in feed.content


@pytest.mark.parametrize("action", ["duplicate", "replan"])
def test_a_copy_or_re_plan_of_a_term_hidden_since_names_the_term_rather_than_no_term(ada_client, schedule_id, action):
    # given
    hide_the_term()
    # when
    page = ada_client.post(f"/schedules/{schedule_id}/{action}/", follow=True).content.decode()
    # then: the owner's own term, named, not an unknown term; nothing made
    assert "Fall 2026 (2026-fall) is not open to new schedules right now" in page
    assert "no term" not in page
    assert SavedSchedule.objects.count() == 1


@pytest.mark.parametrize("status", ["archived", "hidden"])
def test_the_page_of_a_term_closed_since_says_so_and_offers_no_copy_or_re_plan(ada_client, schedule_id, status):
    # given the term archived or hidden since the schedule was saved
    from catalog.models import Term

    Term.objects.update(status=status)
    # when
    page = ada_client.get(f"/schedules/{schedule_id}/").content.decode()
    # then it names the term and why, and offers neither action, which would be refused
    said = {
        "archived": "Fall 2026 (2026-fall) is archived: it takes no new schedules, so this one cannot be re-planned",
        "hidden": "Fall 2026 (2026-fall) is not open to new schedules right now",
    }
    assert said[status] in page
    assert f"/schedules/{schedule_id}/duplicate/" not in page and f"/schedules/{schedule_id}/replan/" not in page
    assert f"/schedules/{schedule_id}/delete/" in page


def unsaved_notes_in(client) -> list:
    return [value for key, value in client.session.items() if key.startswith("unsaved-notes-")]


def test_notes_kept_for_after_sign_in_are_dropped_when_another_account_signs_in(ada, bob, client, schedule_id):
    # given: ada's session ended while she typed notes, so they wait in the browser's session
    client.post(f"/schedules/{schedule_id}/notes/", {"notes": "Ask about the scholarship"}, follow=True)
    assert len(unsaved_notes_in(client)) == 1
    # when: bob signs in on that browser (then out), and ada after him
    client.post("/accounts/login/", {"username": "bob", "password": "pw-bob-1234"})
    kept_for_bob = unsaved_notes_in(client)
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "ada", "password": "pw-ada-1234"})
    page = client.get(f"/schedules/{schedule_id}/").content.decode()
    # then: bob's session never holds them; they are gone, not filled in for anyone
    assert kept_for_bob == []
    assert "Ask about the scholarship" not in page and ">bring a calculator</textarea>" in page


def test_notes_sent_signed_out_are_kept_at_most_as_often_as_an_address_is_allowed(settings, schedule_id):
    # given: 2 keeps allowed per address; three signed-out browsers with no session at one address
    settings.CLASSTIME_ACCOUNT_RATES = {**settings.CLASSTIME_ACCOUNT_RATES, "unsaved_address": "2/hour"}
    browsers = [Client(REMOTE_ADDR="10.9.8.7") for _ in range(3)]
    # when
    sent = [b.post(f"/schedules/{schedule_id}/notes/", {"notes": "x" * 5000}, follow=True) for b in browsers]
    # then: each sent to sign in, the third keeping nothing, and told so (its notes are only in the page it left)
    assert [answer.redirect_chain[0][1] for answer in sent] == [302, 302, 302]
    assert [len(unsaved_notes_in(b)) for b in browsers] == [1, 1, 0]
    said = [answer.content.decode() for answer in sent]
    assert all("Your session had ended, so that was not done: sign in, then do it again." in page for page in said[:2])
    assert "so your notes were not saved, and too many unsaved changes came from your network" in said[2]
    assert "go back to copy them" in said[2] and "that was not done" not in said[2]


def test_notes_sent_signed_out_for_a_schedule_that_does_not_exist_are_answered_as_for_one_that_does(
    client, schedule_id
):
    # when: the same notes sent for a schedule that exists and for an id no schedule has
    exists = Client().post(f"/schedules/{schedule_id}/notes/", {"notes": "hi"})
    missing = client.post(f"/schedules/{schedule_id + 1000}/notes/", {"notes": "hi"})
    # then: both keep something in a new session, so the answer tells no one which ids exist
    assert sorted(exists.cookies) == sorted(missing.cookies)
    assert exists.status_code == missing.status_code == 302
    assert unsaved_notes_in(client) == [{"owner": None}]


def test_a_shared_page_seen_by_its_owner_links_to_their_own_page_of_it(ada_client, bob, schedule_id):
    from django.test import Client

    # given
    ada_client.post(f"/schedules/{schedule_id}/share/")
    shared = f"/s/{SavedSchedule.objects.get(pk=schedule_id).share_token}/"
    someone_else = Client()
    someone_else.force_login(bob)
    # when
    own = ada_client.get(shared).content.decode()
    anyone = Client().get(shared).content.decode()
    friend = someone_else.get(shared).content.decode()
    # then: the owner can go and edit it; no one else sees the link (nor the schedule's id)
    link = f'<a href="/schedules/{schedule_id}/">Open it on your own page to edit it</a>'
    assert "This is your schedule." in own and link in own
    assert f"/schedules/{schedule_id}/" not in anyone + friend and "This is your schedule" not in anyone + friend


@pytest.mark.parametrize(
    ("action", "data", "said"),
    [
        ("rename", {"name": " "}, "The schedule was not renamed: give the schedule a name."),
        ("notes", {"notes": "x" * 5001}, "Your notes were not saved: at most 5000 characters (these have 5001)."),
        ("swap", {"old": "40001", "new": "99999"}, "The section was not swapped: no section 99999 in term 2026-fall."),
        ("rename", {"name": "a\x00b"}, "The schedule was not renamed: a NUL character (\\0) cannot be saved;"),
    ],
)
def test_a_refused_action_says_what_was_not_done_in_words_not_a_field_name(ada_client, schedule_id, action, data, said):
    # when
    page = ada_client.post(f"/schedules/{schedule_id}/{action}/", data, follow=True).content.decode()
    # then: a sentence a student reads, never the form's raw field name first
    assert f'<li class="error">{said}' in page
    for field in ("name", "notes", "sections", "term", "old", "new"):
        assert f'<li class="error">{field}:' not in page


def test_a_swap_says_which_sections_it_swapped_by_name(ada_client, schedule_id):
    # when
    page = ada_client.post(f"/schedules/{schedule_id}/swap/", {"old": "40001", "new": "40003"}, follow=True)
    # then: as the sections table names them, not bare registrar ids
    assert "Swapped CS 1110 Lecture 001 for CS 1110 Lecture 003." in page.content.decode()


def test_swap_choices_say_when_they_meet_and_what_they_would_clash_with(ada_client, schedule_id):
    # given: the schedule holds MATH 1310 LEC 002 (MoWeFr 13:00-13:50) and CS 1110 LAB 102
    # when
    page = ada_client.get(f"/schedules/{schedule_id}/").content.decode()
    # then: LAB 106 on Friday 13:00 would clash with the lecture; LAB 101, Monday 14:00, would not
    assert (
        '<option value="40009">106: Fr 13:00–14:15 (40009, open); clashes with MATH 1310 Lecture 002</option>' in page
    )
    assert '<option value="40004">101: Mo 14:00–15:15 (40004, waitlist)</option>' in page


def test_a_swap_into_a_clash_says_so(ada_client, schedule_id):
    # when
    page = ada_client.post(f"/schedules/{schedule_id}/swap/", {"old": "40005", "new": "40009"}, follow=True)
    # then
    said = "Swapped CS 1110 Laboratory 102 for CS 1110 Laboratory 106. "
    said += "It clashes with MATH 1310 Lecture 002: see the grid."
    assert said in page.content.decode()


@pytest.mark.parametrize(
    ("typed", "filled_in", "said"),
    [
        ("Lab\x00 on Mondays", "Lab on Mondays", "a NUL character (\\0) cannot be saved, so it is taken out"),
        ("x" * 5001, "x" * 5001, "at most 5000 characters (these have 5001)"),
    ],
)
def test_notes_refused_are_filled_in_again_not_lost(ada_client, schedule_id, typed, filled_in, said):
    # when
    page = ada_client.post(f"/schedules/{schedule_id}/notes/", {"notes": typed}, follow=True).content.decode()
    # then: what was typed is still there to mend and save, and the page says why it was not saved
    assert f" data-unsaved>{filled_in}</textarea>" in page
    assert said in page and "filled in below" in page
    assert page.count("Your notes were not saved") == 1
    assert SavedSchedule.objects.get(pk=schedule_id).notes == "bring a calculator"


def test_comparing_a_schedule_with_itself_offers_the_picker_again(ada_client, ada_api, schedule_id):
    # given
    save(ada_api, name="Plan B")
    # when: the same schedule picked as A and B
    page = ada_client.get(f"/schedules/compare/?a={schedule_id}&b={schedule_id}").content.decode()
    # then: said, and the picker to choose two different ones, not a comparison of nothing
    assert "“Mornings free” was picked twice: pick two different schedules to compare." in page
    assert '<select name="a">' in page and "only in “Mornings free”: none" not in page


def test_a_duplicate_refused_on_the_list_page_says_so_on_the_list(ada_client, schedule_id):
    # given: the term hidden since, so no copy can be made
    hide_the_term()
    listed = ada_client.get("/schedules/?page=1").content.decode()
    duplicate_form = listed[listed.index(f"/schedules/{schedule_id}/duplicate/") :].split("</form>")[0]
    # when: its Duplicate button, as the list sends it
    answer = ada_client.post(f"/schedules/{schedule_id}/duplicate/", {"next": "/schedules/?page=1"})
    # then: back on the list, where the button was, with the reason
    assert 'name="next" value="/schedules/?page=1"' in duplicate_form
    assert answer["Location"] == "/schedules/?page=1"
    assert "No copy was made: Fall 2026 (2026-fall) is not open" in ada_client.get(answer["Location"]).content.decode()


def test_a_schedule_s_page_shows_a_section_s_notes_and_its_swap_choices_theirs(ada_client, schedule_id):
    # given: the registrar's notes on a saved lecture and on another of its component (a topic)
    from catalog.models import Section

    Section.objects.filter(registrar_id="40001").update(notes="Topic: Programming for Poets")
    Section.objects.filter(registrar_id="40003").update(notes="Topic: Programming for Physicists")
    # when
    page = ada_client.get(f"/schedules/{schedule_id}/").content.decode()
    # then
    assert "<small>Topic: Programming for Poets</small>" in page
    assert "Topic: Programming for Physicists</option>" in page


def test_each_page_of_a_schedule_says_its_credit_hours(ada_client, ada_api, schedule_id):
    # given: "Mornings free" (CS 1110, CHEM 1410, MATH 1310: 10 credits) shared, and a plan with
    # CS 1110 and CS 4993 (1 to 3 credits)
    other = save(ada_api, name="Plan B", sections=["40001", "40005", "40045"]).json()
    token = ada_api.post(f"/api/v1/schedules/{schedule_id}/share/").json()["share_url"].rstrip("/").split("/")[-1]
    # when
    pages = {
        "detail": ada_client.get(f"/schedules/{schedule_id}/"),
        "shared": ada_client.get(f"/s/{token}/"),
        "compare": ada_client.get(f"/schedules/compare/?a={schedule_id}&b={other['id']}"),
        "list": ada_client.get("/schedules/"),
    }
    # then
    text = {name: page.content.decode() for name, page in pages.items()}
    assert '<p class="credits">10 credits.</p>' in text["detail"]
    assert '<p class="credits">10 credits.</p>' in text["shared"]
    assert '<p class="credits">10 credits.</p>' in text["compare"]
    assert '<p class="credits">4 to 6 credits.</p>' in text["compare"]
    assert "10 credits" in text["list"] and "4 to 6 credits" in text["list"]


def test_the_grid_says_which_classes_were_withdrawn_or_cancelled(ada_client, schedule_id, reimport):
    # given: the registrar withdrew lab 40005 and cancelled lecture 40001 since
    def edit(data):
        drop_section(data, "40005")
        section_of(data, "40001")["status"] = "cancelled"

    reimport(edit)
    # when
    page = ada_client.get(f"/schedules/{schedule_id}/").content.decode()
    grid = page[page.index('<table class="grid"') :]
    # then: in the grid's cells, not only in the table beside it
    assert "CS 1110 LAB 102 (withdrawn)</td>" in grid
    assert "CS 1110 LEC 001 (cancelled)</td>" in grid
    assert "CHEM 1410 LEC 100</td>" in grid


@pytest.mark.parametrize(
    ("action", "fields", "said"),
    [
        ("rename", {"name": "Mornings free"}, "“Mornings free” is already its name: nothing changed."),
        ("notes", {"notes": "bring a calculator"}, "These notes were already saved: nothing changed."),
        ("email-on", {}, "Change emails were already on"),
    ],
)
def test_a_page_edit_that_changes_nothing_says_so_and_writes_nothing(ada_client, schedule_id, action, fields, said):
    # given
    before = SavedSchedule.objects.get(pk=schedule_id).updated_at
    # when
    page = ada_client.post(f"/schedules/{schedule_id}/{action}/", fields, follow=True).content.decode()
    # then
    assert said in page
    assert SavedSchedule.objects.get(pk=schedule_id).updated_at == before


def test_a_page_edit_that_changes_something_says_what_it_did(ada_client, schedule_id):
    # when
    renamed = ada_client.post(f"/schedules/{schedule_id}/rename/", {"name": "Plan B"}, follow=True).content.decode()
    off = ada_client.post(f"/schedules/{schedule_id}/email-off/", follow=True).content.decode()
    on = ada_client.post(f"/schedules/{schedule_id}/email-on/", follow=True).content.decode()
    # then
    assert "Renamed to “Plan B”." in renamed
    assert "Change emails off: the changes still show on this page." in off
    assert "Change emails on: an email when the registrar changes one of these sections." in on


def withdrawn(data: dict) -> None:
    drop_section(data, "40024")  # MATH 1310 LEC 002, MoWeFr 13:00-13:50, held
    drop_section(data, "40006")  # CS 1110 LAB 103, a swap choice


def cancelled(data: dict) -> None:
    section_of(data, "40024")["status"] = "cancelled"
    section_of(data, "40006")["status"] = "cancelled"


@pytest.mark.parametrize("gone", [withdrawn, cancelled])
def test_swap_choices_name_no_clash_with_a_held_section_the_registrar_withdrew_or_cancelled(
    ada_client, schedule_id, reimport, gone
):
    # given: the schedule holds MATH 1310 LEC 002, which the registrar then withdraws (or cancels)
    reimport(gone)
    # when
    page = ada_client.get(f"/schedules/{schedule_id}/").content.decode()
    # then: its class does not take place, so lab 106 and discussion 201 clash with nothing
    assert '<option value="40009">106: Fr 13:00–14:15 (40009, open)</option>' in page
    assert '<option value="40015">201: Mo 13:00–13:50 (40015, open); taken only with LEC 200</option>' in page
    assert "clashes with MATH 1310 Lecture 002" not in page
    assert '<option value="40006">' not in page  # nor is one withdrawn or cancelled a choice
    assert 'aria-label="Alternative to MATH 1310 Lecture 002 (40024)"' in page  # the one held can be swapped away


def test_a_swap_next_to_a_withdrawn_section_does_not_say_it_clashes_with_it(ada_client, schedule_id, reimport):
    # given
    reimport(lambda data: drop_section(data, "40024"))
    # when: lab 106 meets on Fridays at 13:00, as the withdrawn MATH 1310 LEC 002 did
    page = ada_client.post(f"/schedules/{schedule_id}/swap/", {"old": "40005", "new": "40009"}, follow=True)
    # then
    text = page.content.decode()
    assert "Swapped CS 1110 Laboratory 102 for CS 1110 Laboratory 106.</li>" in text
    assert "It clashes with" not in text


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("40005", "40006", "section 40006 (CS 1110 LAB 103) was withdrawn by the registrar"),
        ("40024", "40024", "section 40024 (MATH 1310 LEC 002) was withdrawn by the registrar"),
    ],
    ids=["a-choice-withdrawn-since-the-page-was-drawn", "the-withdrawn-section-held"],
)
def test_a_swap_to_a_withdrawn_section_is_refused_saying_so(ada_client, schedule_id, reimport, old, new, said):
    # given: the registrar withdraws lab 103 and the MATH 1310 lecture the schedule holds
    reimport(lambda data: (drop_section(data, "40006"), drop_section(data, "40024")))
    before = set(SavedSchedule.objects.get(pk=schedule_id).entries.values_list("section__registrar_id", flat=True))
    # when
    page = ada_client.post(f"/schedules/{schedule_id}/swap/", {"old": old, "new": new}, follow=True)
    # then
    held = set(SavedSchedule.objects.get(pk=schedule_id).entries.values_list("section__registrar_id", flat=True))
    assert f'<li class="error">The section was not swapped: {said}.</li>' in page.content.decode()
    assert "Swapped" not in page.content.decode() and held == before


def test_instructors_given_last_name_first_are_parted_by_semicolons_on_the_page(ada_client, ada_api):
    # given: a section of the schedule with two instructors as registrars list them, "Last, First"
    from catalog.models import Section
    from tests.scheduler.saved.conftest import SECTIONS

    Section.objects.filter(registrar_id=SECTIONS[0]).update(instructors=["Gahlmann, Andreas", "Columbus, Linda"])
    schedule_id = save(ada_api).json()["id"]
    # when
    page = ada_client.get(f"/schedules/{schedule_id}/").content.decode()
    # then: two names, not four
    assert "<td>Gahlmann, Andreas; Columbus, Linda</td>" in page


def test_a_saved_schedule_opens_in_the_planner_with_its_courses_and_sections_kept(ada_client, ada_api):
    # given
    from urllib.parse import parse_qs, urlsplit

    from tests.scheduler.saved.conftest import SECTIONS

    schedule = save(ada_api).json()
    # when
    page = ada_client.get(f"/schedules/{schedule['id']}/").content.decode()
    # then: the planner's address of the same request (docs/web.md), each course once
    href = re.search(r'<a href="([^"]*)">Open in the planner</a>', page)[1].replace("&amp;", "&")
    query = parse_qs(urlsplit(href).query)
    assert urlsplit(href).path == "/"
    assert query["i"] == ["demo"] and query["t"] == ["2026-fall"]
    assert query["pin"] == [s["id"] for s in schedule["sections"] + schedule["tba"]]
    assert sorted(query["pin"]) == sorted(SECTIONS)
    assert query["c"] == list(dict.fromkeys(s["course"] for s in schedule["sections"] + schedule["tba"]))


def test_a_shared_schedule_downloads_as_ics_for_whoever_has_the_link_until_revoked(ada_api, client):
    # given: ada's schedule shared
    schedule = save(ada_api).json()
    share_url = ada_api.post(f"/api/v1/schedules/{schedule['id']}/share/").json()["share_url"]
    token = share_url.rstrip("/").rsplit("/", 1)[1]
    # when: someone signed out opens the page and the calendar it links
    page = client.get(f"/s/{token}/").content.decode()
    calendar = client.get(f"/s/{token}/calendar.ics")
    posted = client.post(f"/s/{token}/calendar.ics")
    ada_api.delete(f"/api/v1/schedules/{schedule['id']}/share/")
    revoked = client.get(f"/s/{token}/calendar.ics")
    # then: the same calendar as the owner's download, kept by no shared cache; gone once revoked
    assert f'href="/s/{token}/calendar.ics"' in page and "Plan with these sections" in page
    assert calendar.status_code == 200 and calendar["Content-Type"] == "text/calendar; charset=utf-8"
    assert calendar["Cache-Control"] == "private, no-cache"
    assert calendar.content == ada_api.get(f"/api/v1/schedules/{schedule['id']}/calendar.ics").content
    assert posted.status_code == 405
    assert revoked.status_code == 404


def test_the_planner_link_of_a_schedule_keeps_no_section_the_registrar_withdrew_or_cancelled(ada_client, ada_api):
    # given: a saved schedule, then one of its sections withdrawn and one cancelled
    from django.utils import timezone

    from catalog.models import Section
    from tests.scheduler.saved.conftest import SECTIONS

    schedule = save(ada_api).json()
    Section.objects.filter(registrar_id=SECTIONS[0]).update(withdrawn_at=timezone.now())
    Section.objects.filter(registrar_id=SECTIONS[1]).update(status=Section.Status.CANCELLED)
    # when
    page = ada_client.get(f"/schedules/{schedule['id']}/").content.decode()
    # then: the planner would refuse to keep them; their courses are still asked for
    href = re.search(r'<a href="([^"]*)">Open in the planner</a>', page)[1].replace("&amp;", "&")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)
    assert sorted(query["pin"]) == sorted(SECTIONS[2:])
    assert {s["course"] for s in schedule["sections"] + schedule["tba"]} == set(query["c"])
