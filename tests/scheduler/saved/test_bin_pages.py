"""The bin on the pages: Undo right after a delete, the bin page with Restore and Delete for ever,
Empty bin (both ask first), and the admin's view of the bin."""

import datetime
import re

import pytest
from django.contrib.auth.models import User

from scheduler.models import SavedSchedule
from tests.scheduler.saved.conftest import save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def delete(client, schedule_id: int, following: str = "") -> str:
    """Delete from the pages (confirmed), following the redirect; the page landed on."""
    body = {"confirm": "yes", "next": following} if following else {"confirm": "yes"}
    return client.post(f"/schedules/{schedule_id}/delete/", body, follow=True).content.decode()


def test_after_a_delete_the_list_says_so_with_a_one_click_undo(ada_client, ada_api):
    # given
    schedule_id = save(ada_api, name="Plan <b>A</b>").json()["id"]
    # when
    page = delete(ada_client, schedule_id, following="/schedules/?page=1")
    # then: the name escaped, the undo a POST back to this page
    assert "Deleted “Plan &lt;b&gt;A&lt;/b&gt;”." in page
    undo = re.search(r'<form class="inline" method="post" action="([^"]+)">.*?<button[^>]*>Undo</button></form>', page)
    assert undo and undo.group(1) == f"/schedules/bin/{schedule_id}/restore/"
    assert 'name="csrfmiddlewaretoken"' in undo.group(0)
    assert 'name="next" value="/schedules/?page=1"' in undo.group(0)
    assert ">Plan &lt;b&gt;A&lt;/b&gt;</a>" not in page


def test_undo_restores_the_schedule_and_comes_back_to_the_list(ada_client, ada_api):
    # given
    schedule_id = save(ada_api).json()["id"]
    delete(ada_client, schedule_id)
    # when
    answer = ada_client.post(f"/schedules/bin/{schedule_id}/restore/", {"next": "/schedules/"})
    # then
    assert answer.status_code == 302 and answer["Location"] == "/schedules/"
    page = ada_client.get("/schedules/").content.decode()
    assert "Restored “Mornings free”." in page and f'href="/schedules/{schedule_id}/"' in page
    assert SavedSchedule.objects.filter(pk=schedule_id).exists()
    # and a second click (a double click, another tab) says it is done, instead of a 404
    again = ada_client.post(f"/schedules/bin/{schedule_id}/restore/", {"next": "/schedules/"}, follow=True)
    assert again.redirect_chain == [("/schedules/", 302)]
    assert "“Mornings free” was already restored." in again.content.decode()


def test_the_list_links_to_the_bin_and_the_compare_picker_leaves_binned_schedules_out(ada_client, ada_api):
    # given
    kept = save(ada_api, name="kept").json()["id"]
    save(ada_api, name="other kept")
    delete(ada_client, save(ada_api, name="binned").json()["id"])
    # when
    listing = ada_client.get("/schedules/").content.decode()
    picker = ada_client.get("/schedules/compare/").content.decode()
    # then
    assert '<a href="/schedules/bin/">Bin (1)</a>' in listing
    assert ">binned<" not in listing
    assert f'<option value="{kept}">kept (2026-fall)</option>' in picker
    assert "binned (2026-fall)" not in picker


def test_the_bin_page_lists_ones_deleted_schedules_with_restore_and_delete_for_ever(ada_client, ada_api, bob_api):
    # given
    first = save(ada_api, name="Plan A").json()["id"]
    save(ada_api, name="kept")
    bobs = save(bob_api, name="bob's").json()
    bob_api.delete(bobs["url"])
    delete(ada_client, first)
    # when
    page = ada_client.get("/schedules/bin/").content.decode()
    # then
    assert "<td>Plan A</td>" in page and "kept" not in page and "bob&#x27;s" not in page
    assert "<td>CHEM 1410, CS 1110, MATH 1310</td>" in page
    assert f'action="/schedules/bin/{first}/restore/"' in page
    assert f'action="/schedules/bin/{first}/purge/"' in page
    assert 'action="/schedules/bin/empty/"' in page
    assert "stay here for 30 days" in page


def test_an_empty_bin_says_so(ada_client):
    page = ada_client.get("/schedules/bin/").content.decode()

    assert "The bin is empty." in page and "/schedules/bin/empty/" not in page


def test_delete_for_ever_asks_first_then_deletes_for_good(ada_client, ada_api):
    # given
    schedule_id = save(ada_api).json()["id"]
    delete(ada_client, schedule_id)
    # when
    asked = ada_client.post(f"/schedules/bin/{schedule_id}/purge/", {"next": "/schedules/bin/"})
    still = SavedSchedule.all_objects.filter(pk=schedule_id).exists()
    confirmed = ada_client.post(f"/schedules/bin/{schedule_id}/purge/", {"next": "/schedules/bin/", "confirm": "yes"})
    # then
    question = asked.content.decode()
    assert asked.status_code == 200 and still
    assert "Delete “Mornings free” for ever?" in question and "cannot be undone" in question
    assert 'name="confirm" value="yes"' in question
    assert f'<a href="/schedules/bin/#purge-{schedule_id}">Keep it</a>' in question
    assert confirmed.status_code == 302 and confirmed["Location"] == "/schedules/bin/"
    assert not SavedSchedule.all_objects.filter(pk=schedule_id).exists()


def test_empty_bin_asks_first_then_deletes_every_binned_schedule_for_good(ada_client, ada_api):
    # given
    kept = save(ada_api, name="kept").json()["id"]
    for name in ("one", "two"):
        delete(ada_client, save(ada_api, name=name).json()["id"])
    # when
    asked = ada_client.post("/schedules/bin/empty/").content.decode()
    counted = SavedSchedule.all_objects.count()
    emptied = ada_client.post("/schedules/bin/empty/", answered(asked), follow=True).content.decode()
    # then
    assert "Empty the bin?" in asked and "The 2 schedules in your bin" in asked and counted == 3
    assert "Emptied the bin: 2 schedules deleted for ever." in emptied
    assert list(SavedSchedule.all_objects.values_list("pk", flat=True)) == [kept]


def answered(question: str) -> dict:
    """What the question page's Empty the bin form sends."""
    form = re.search(r'<form[^>]*action="/schedules/bin/empty/">(.*?)</form>', question, re.S).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="(confirm|ids)" value="([^"]*)">', form))
    return {"confirm": "yes", "ids": fields["ids"]}


def test_empty_bin_deletes_only_the_schedules_its_question_counted(ada_client, ada_api):
    # given: the question asked with one schedule in the bin, then another deleted in another tab
    delete(ada_client, save(ada_api, name="Old draft").json()["id"])
    final = save(ada_api, name="Final plan").json()["id"]
    asked = ada_client.post("/schedules/bin/empty/").content.decode()
    delete(ada_client, final)
    # when
    emptied = ada_client.post("/schedules/bin/empty/", answered(asked), follow=True).content.decode()
    restored = ada_api.post(f"/api/v1/schedules/bin/{final}/restore/")
    # then: the one asked about is gone, the other stayed in the bin (and is restored)
    assert "The schedule in your bin goes for good" in asked
    assert "Emptied the bin: 1 schedule deleted for ever." in emptied
    assert "Kept in the bin, deleted since you were asked: “Final plan”." in emptied
    assert restored.status_code == 200
    assert list(SavedSchedule.objects.values_list("name", flat=True)) == ["Final plan"]


@pytest.mark.parametrize("ids", [None, "", "x,,", "9" * 30])
def test_an_empty_bin_confirmation_without_the_schedules_asked_about_asks_again(ada_client, ada_api, ids):
    # given: a form drawn before the question carried its schedules' ids, or ids garbled
    delete(ada_client, save(ada_api, name="Old draft").json()["id"])
    # when
    again = ada_client.post("/schedules/bin/empty/", {"confirm": "yes"} | ({"ids": ids} if ids is not None else {}))
    # then
    assert again.status_code == 200 and "Empty the bin?" in again.content.decode()
    assert SavedSchedule.all_objects.count() == 1


def test_empty_bin_confirms_thousands_of_schedules_in_one_field(ada_client, ada_api, settings):
    # given: more schedules in the bin than a form may send fields
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
    for name in ("one", "two", "three", "four"):
        delete(ada_client, save(ada_api, name=name).json()["id"])
    asked = ada_client.post("/schedules/bin/empty/").content.decode()
    # when
    emptied = ada_client.post("/schedules/bin/empty/", answered(asked), follow=True)
    # then
    assert emptied.status_code == 200 and "Emptied the bin: 4 schedules deleted for ever." in emptied.content.decode()
    assert not SavedSchedule.all_objects.exists()


def test_another_students_bin_actions_answer_404(ada_client, bob_api):
    # given
    bobs = save(bob_api).json()
    bob_api.delete(bobs["url"])
    # when
    answers = [
        ada_client.post(f"/schedules/bin/{bobs['id']}/{action}/", {"confirm": "yes"}) for action in ("restore", "purge")
    ]
    # then
    assert [a.status_code for a in answers] == [404, 404]
    assert SavedSchedule.all_objects.binned().filter(pk=bobs["id"]).exists()


def test_a_binned_schedules_own_page_leads_to_the_bin_saying_so(ada_client, ada_api, bob):
    # given
    schedule_id = save(ada_api).json()["id"]
    delete(ada_client, schedule_id)
    from django.test import Client

    bobs = Client()
    bobs.force_login(bob)
    # when: an old link or bookmark to its page
    answer = ada_client.get(f"/schedules/{schedule_id}/", follow=True)
    # then: the bin, naming it (an action posted from a page still open says so too: the tests below);
    # to anyone else it does not exist
    assert answer.redirect_chain == [("/schedules/bin/", 302)]
    assert "“Mornings free” is in your bin: restore it to open it." in answer.content.decode()
    assert bobs.get(f"/schedules/{schedule_id}/").status_code == 404


def test_a_schedule_deleted_for_ever_has_no_page(ada_client, ada_api):
    # given
    schedule_id = save(ada_api).json()["id"]
    delete(ada_client, schedule_id)
    ada_client.post(f"/schedules/bin/{schedule_id}/purge/", {"confirm": "yes"})
    # when
    answer = ada_client.get(f"/schedules/{schedule_id}/")
    # then
    assert answer.status_code == 404


@pytest.mark.parametrize("following", ["", "/schedules/"])
def test_a_name_sent_signed_out_to_a_schedule_binned_meanwhile_waits_for_it_to_be_restored(
    ada, client, ada_api, following
):
    # given: its page (or the list) open, the schedule deleted in another tab, then the session ended
    schedule_id = save(ada_api).json()["id"]
    client.force_login(ada)
    delete(client, schedule_id)
    client.post("/accounts/logout/")
    # when: the new name is sent from there, then the sign-in form
    sent = client.post(f"/schedules/{schedule_id}/rename/", {"name": "Plan B", "next": following}, follow=True)
    signed_in = client.post(sent.redirect_chain[-1][0], {"username": "ada", "password": "pw-ada-1234"}, follow=True)
    again = client.get(signed_in.redirect_chain[-1][0]).content.decode()
    # then: the page landed on says so, once; restored, its page fills the name in
    said = signed_in.content.decode()
    assert "not renamed “Plan B”" in said and "filled in on its page" in said
    assert "not renamed “Plan B”" not in again
    client.post(f"/schedules/bin/{schedule_id}/restore/")
    page = client.get(f"/schedules/{schedule_id}/").content.decode()
    assert 'id="schedule-name" value="Plan B" data-unsaved' in page
    assert SavedSchedule.objects.get(pk=schedule_id).name == "Mornings free"


def test_notes_sent_signed_out_to_a_schedule_binned_meanwhile_wait_for_it_to_be_restored(ada, client, ada_api):
    # given: the schedule's page open, the schedule deleted in another tab, then the session ended
    schedule_id = save(ada_api).json()["id"]
    client.force_login(ada)
    delete(client, schedule_id)
    client.post("/accounts/logout/")
    # when: its notes are sent, then the sign-in form
    sent = client.post(f"/schedules/{schedule_id}/notes/", {"notes": "bring a pen"}, follow=True)
    signed_in = client.post(sent.redirect_chain[-1][0], {"username": "ada", "password": "pw-ada-1234"}, follow=True)
    # then: the bin, saying the notes wait for its page; once restored, its page fills them in
    assert signed_in.redirect_chain[-1][0] == "/schedules/bin/"
    said = "“Mornings free” is in your bin: restore it to open it. Your notes were not saved: they are filled in"
    assert said in signed_in.content.decode()
    client.post(f"/schedules/bin/{schedule_id}/restore/")
    page = client.get(f"/schedules/{schedule_id}/").content.decode()
    assert re.search(r"<textarea[^>]*>\s*bring a pen</textarea>", page)
    assert "Your notes were not saved: they are filled in below" in page
    assert SavedSchedule.objects.get(pk=schedule_id).notes == ""


def test_the_admin_shows_the_bin_filters_it_and_restores_from_it(ada_api, client):
    # given
    alive = save(ada_api, name="alive").json()
    binned = save(ada_api, name="binned").json()
    ada_api.delete(binned["url"])
    client.force_login(User.objects.create_superuser("root", password="pw-root-1234"))
    changelist = "/admin/scheduler/savedschedule/"
    # when
    everything = client.get(changelist).content.decode()
    in_bin = client.get(f"{changelist}?binned=yes").content.decode()
    out_of_bin = client.get(f"{changelist}?binned=no").content.decode()
    restored = client.post(
        changelist, {"action": "restore", "_selected_action": [alive["id"], binned["id"]]}, follow=True
    ).content.decode()
    # then
    assert ">alive<" in everything and ">binned<" in everything
    assert ">binned<" in in_bin and ">alive<" not in in_bin
    assert ">alive<" in out_of_bin and ">binned<" not in out_of_bin
    assert "Restored 1 schedule; 1 not in the bin left as they were." in restored
    assert SavedSchedule.objects.count() == 2


def test_the_bin_gives_when_it_was_deleted_on_the_campus_clock_as_the_schedules_page_does(ada_client, ada_api):
    # given: deleted at 02:30 UTC on 5 December, 21:30 on the 4th in the demo's America/New_York
    schedule_id = save(ada_api).json()["id"]
    delete(ada_client, schedule_id)
    moment = datetime.datetime(2026, 12, 5, 2, 30, tzinfo=datetime.UTC)
    SavedSchedule.all_objects.filter(pk=schedule_id).update(deleted_at=moment)
    # when
    page = ada_client.get("/schedules/bin/").content.decode()
    # then: deleted on the 4th, and gone for good 30 days after that
    assert "2026-12-04 21:30 EST" in page
    assert "2027-01-03" in page
    assert "UTC" not in page


def test_staff_who_may_only_view_saved_schedules_cannot_restore_one_from_the_bin(ada_api, client):
    # given: staff allowed to look at saved schedules, not to change them
    from django.contrib.auth.models import Permission

    binned = save(ada_api, name="binned").json()
    ada_api.delete(binned["url"])
    viewer = User.objects.create_user("auditor", password="pw-auditor-1", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_savedschedule"))
    client.force_login(viewer)
    changelist = "/admin/scheduler/savedschedule/"
    # when
    listing = client.get(changelist).content.decode()
    client.post(changelist, {"action": "restore", "_selected_action": [binned["id"]]})
    # then: the action is not offered, and posting it anyway leaves the schedule in the bin
    assert 'value="restore"' not in listing
    assert SavedSchedule.all_objects.get(pk=binned["id"]).is_binned


def test_a_schedule_restored_by_staff_says_so_in_its_admin_history(ada_api, client):
    # given
    binned = save(ada_api, name="binned").json()
    ada_api.delete(binned["url"])
    client.force_login(User.objects.create_superuser("root", password="pw-root-1234"))
    # when
    client.post("/admin/scheduler/savedschedule/", {"action": "restore", "_selected_action": [binned["id"]]})
    history = client.get(f"/admin/scheduler/savedschedule/{binned['id']}/history/").content.decode()
    # then: who took it out of the student's bin, and when
    assert "Restored from the bin." in history and "root" in history


CHANGELIST = "/admin/scheduler/savedschedule/"


def test_staff_cannot_delete_a_schedule_out_of_the_bin_for_good_at_once(ada_api, client):
    # given
    alive = save(ada_api, name="alive").json()
    client.force_login(User.objects.create_superuser("root", password="pw-root-1234"))
    # when
    listing = client.get(CHANGELIST).content.decode()
    page = client.get(f"{CHANGELIST}{alive['id']}/change/").content.decode()
    delete_page = client.post(f"{CHANGELIST}{alive['id']}/delete/", {"post": "yes"})
    # then: no Django *Delete selected*, no Delete link, and the delete page is refused
    assert 'value="delete_selected"' not in listing and 'value="move_to_bin"' in listing
    assert f"{alive['id']}/delete/" not in page
    assert delete_page.status_code == 403
    assert SavedSchedule.objects.filter(pk=alive["id"]).exists()


def test_staff_move_schedules_to_their_owners_bin_where_the_owner_may_restore_them(ada_api, client):
    # given
    alive = save(ada_api, name="alive").json()
    binned = save(ada_api, name="binned").json()
    ada_api.delete(binned["url"])
    client.force_login(User.objects.create_superuser("root", password="pw-root-1234"))
    # when
    answer = client.post(
        CHANGELIST, {"action": "move_to_bin", "_selected_action": [alive["id"], binned["id"]]}, follow=True
    ).content.decode()
    history = client.get(f"{CHANGELIST}{alive['id']}/history/").content.decode()
    # then: in ada's bin (she sees it there and may restore it), said in its history
    assert "Moved 1 schedule to their owners&#x27; bins; 1 already in the bin left as they were." in answer
    assert "Each owner may restore theirs for 30 days." in answer
    assert SavedSchedule.all_objects.get(pk=alive["id"]).is_binned
    assert "Moved to the owner&#x27;s bin." in history and "root" in history
    assert {s["id"] for s in ada_api.get("/api/v1/schedules/bin/").json()["results"]} == {alive["id"], binned["id"]}
    assert ada_api.post(f"/api/v1/schedules/bin/{alive['id']}/restore/").status_code == 200


def test_staff_delete_for_good_only_the_selected_schedules_in_the_bin_once_they_confirm(ada_api, client):
    # given
    alive = save(ada_api, name="alive").json()
    binned = save(ada_api, name="binned").json()
    ada_api.delete(binned["url"])
    client.force_login(User.objects.create_superuser("root", password="pw-root-1234"))
    selected = {"action": "delete_binned", "_selected_action": [alive["id"], binned["id"]]}
    # when: the action is chosen, then confirmed on the page it answers with
    asked = client.post(CHANGELIST, selected).content.decode()
    kept = SavedSchedule.all_objects.filter(pk=binned["id"]).exists()
    answer = client.post(CHANGELIST, {**selected, "confirmed": "yes"}, follow=True).content.decode()
    # then: asked first, naming what goes, with nothing deleted; deleted once confirmed
    assert "Delete 1 schedule in one owner's bin for good?" in asked and "This cannot be undone." in asked
    assert "1 selected schedule is not in the bin and will be left as it is." in asked
    assert "binned (ada, demo Fall 2026)" in asked and kept
    assert "Deleted 1 schedule for good; 1 not in the bin left as they were (move them to the bin first)." in answer
    assert not SavedSchedule.all_objects.filter(pk=binned["id"]).exists()
    assert SavedSchedule.objects.filter(pk=alive["id"]).exists()


def test_a_schedule_in_the_bin_can_be_deleted_for_good_from_its_admin_page(ada_api, client):
    # given
    binned = save(ada_api, name="binned").json()
    ada_api.delete(binned["url"])
    client.force_login(User.objects.create_superuser("root", password="pw-root-1234"))
    # when
    page = client.get(f"{CHANGELIST}{binned['id']}/change/").content.decode()
    response = client.post(f"{CHANGELIST}{binned['id']}/delete/", {"post": "yes"})
    # then
    assert f"{binned['id']}/delete/" in page
    assert response.status_code == 302
    assert not SavedSchedule.all_objects.filter(pk=binned["id"]).exists()


def test_staff_who_may_only_view_saved_schedules_are_offered_no_bin_action(ada_api, client):
    # given
    from django.contrib.auth.models import Permission

    alive = save(ada_api, name="alive").json()
    viewer = User.objects.create_user("auditor", password="pw-auditor-1", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_savedschedule"))
    client.force_login(viewer)
    # when
    listing = client.get(CHANGELIST).content.decode()
    client.post(CHANGELIST, {"action": "move_to_bin", "_selected_action": [alive["id"]]})
    # then
    assert 'value="move_to_bin"' not in listing and 'value="delete_binned"' not in listing
    assert not SavedSchedule.all_objects.get(pk=alive["id"]).is_binned


def test_notes_saved_on_a_page_deleted_in_another_tab_are_kept_for_its_page_once_restored(ada_client, ada_api):
    # given: the schedule's page open in two tabs, and the schedule deleted in the first
    schedule_id = save(ada_api).json()["id"]
    delete(ada_client, schedule_id)
    # when: the second tab saves notes
    answer = ada_client.post(f"/schedules/{schedule_id}/notes/", {"notes": "bring a pen"}, follow=True)
    # then: the bin, saying why, instead of a 404 that lost them; once restored, its page fills them in
    assert answer.redirect_chain == [("/schedules/bin/", 302)]
    said = "Your notes were not saved: “Mornings free” is in your bin (deleted in another tab or window). Restore it"
    assert said in answer.content.decode()
    ada_client.post(f"/schedules/bin/{schedule_id}/restore/")
    page = ada_client.get(f"/schedules/{schedule_id}/").content.decode()
    assert re.search(r"<textarea[^>]*>\s*bring a pen</textarea>", page)
    assert SavedSchedule.objects.get(pk=schedule_id).notes == ""


def test_a_rename_on_a_page_deleted_in_another_tab_waits_for_it_to_be_restored(ada_client, ada_api):
    # given: the schedule's page open in two tabs, the schedule deleted from the first
    schedule_id = save(ada_api).json()["id"]
    delete(ada_client, schedule_id)
    # when: the second tab renames it
    answer = ada_client.post(f"/schedules/{schedule_id}/rename/", {"name": "Plan A"}, follow=True)
    # then: the bin, saying so; once restored, its page fills the name in, unsaved
    said = "The schedule was not renamed: “Mornings free” is in your bin (deleted in another tab or window). Restore it"
    assert answer.redirect_chain == [("/schedules/bin/", 302)] and said in answer.content.decode()
    assert "the name is filled in on its page" in answer.content.decode()
    ada_client.post(f"/schedules/bin/{schedule_id}/restore/")
    page = ada_client.get(f"/schedules/{schedule_id}/").content.decode()
    assert 'id="schedule-name" value="Plan A" data-unsaved' in page
    assert SavedSchedule.objects.get(pk=schedule_id).name == "Mornings free"


@pytest.mark.parametrize(
    ("action", "data", "said"),
    [
        ("rename", {"name": "Plan A"}, "The schedule was not renamed: “Mornings free” is in your bin"),
        ("delete", {"confirm": "yes"}, "“Mornings free” is in your bin already"),
    ],
)
def test_other_actions_on_a_page_deleted_in_another_tab_say_it_is_in_the_bin(ada_client, ada_api, action, data, said):
    # given
    schedule_id = save(ada_api).json()["id"]
    delete(ada_client, schedule_id)
    # when
    answer = ada_client.post(f"/schedules/{schedule_id}/{action}/", data, follow=True)
    # then
    assert answer.redirect_chain == [("/schedules/bin/", 302)]
    assert said in answer.content.decode()
    assert SavedSchedule.all_objects.get(pk=schedule_id).name == "Mornings free"


def test_delete_for_ever_from_a_stale_bin_keeps_a_schedule_restored_meanwhile(ada_client, ada_api):
    # given: the bin open in two tabs, the schedule restored from the first
    schedule_id = save(ada_api).json()["id"]
    delete(ada_client, schedule_id)
    ada_client.post(f"/schedules/bin/{schedule_id}/restore/")
    # when: the second tab deletes it for ever
    answer = ada_client.post(f"/schedules/bin/{schedule_id}/purge/", {"confirm": "yes"}, follow=True)
    # then: kept, and said so on its page, instead of a 404
    assert answer.redirect_chain == [(f"/schedules/{schedule_id}/", 302)]
    assert (
        "“Mornings free” was restored meanwhile (in another tab or window), so it was kept." in answer.content.decode()
    )
    assert SavedSchedule.objects.filter(pk=schedule_id).exists()


def test_an_action_on_a_schedule_neither_alive_nor_in_the_bin_answers_404(ada_client, ada_api):
    # given: a schedule deleted for ever
    schedule_id = save(ada_api).json()["id"]
    delete(ada_client, schedule_id)
    ada_client.post(f"/schedules/bin/{schedule_id}/purge/", {"confirm": "yes"})
    # when
    answer = ada_client.post(f"/schedules/{schedule_id}/notes/", {"notes": "bring a pen"})
    # then
    assert answer.status_code == 404


def test_the_bin_says_when_a_schedule_goes_for_good_with_its_time_and_zone(ada_client, ada_api):
    # given: deleted at a known moment (the demo's campus clock is New York's)
    schedule_id = save(ada_api, name="Plan A").json()["id"]
    delete(ada_client, schedule_id)
    deleted_at = datetime.datetime(2026, 12, 7, 5, 2, tzinfo=datetime.UTC)
    SavedSchedule.all_objects.filter(pk=schedule_id).update(deleted_at=deleted_at)
    # when
    page = ada_client.get("/schedules/bin/").content.decode()
    # then: both columns in the campus's time with its zone, 30 days apart
    assert "<td>2026-12-07 00:02 EST</td>" in page
    assert "<td>2027-01-06 00:02 EST</td>" in page
