"""Change emails: when the registrar changes a section of a saved schedule, its owner gets one
email listing the changes, with the schedule's link; never twice for the same changes, never
when turned off, acknowledged, binned, or for sections the schedule does not hold."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from catalog.models import Term
from scheduler import change_notices, notice_mail, tasks
from scheduler import saved_schedules as saved
from scheduler.models import SavedSchedule
from tests.scheduler.saved.conftest import save, section_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog(demo, settings):
    settings.CLASSTIME_SITE_URL = "https://classtime.example.edu/"


@pytest.fixture(autouse=True)
def addresses(ada, bob):
    User.objects.filter(username="ada").update(email="ada@example.edu")
    User.objects.filter(username="bob").update(email="bob@example.edu")


def room_change(data: dict) -> None:
    section_of(data, "40005")["meetings"][0]["location"] = "Rice Hall 012"


def time_change(data: dict) -> None:
    room_change(data)
    section_of(data, "40001")["meetings"][0].update(start="09:30", end="10:20")


def unrelated_change(data: dict) -> None:
    section_of(data, "40002")["instructors"] = ["Grace Hopper"]


def test_the_owner_is_emailed_the_changes_once_with_the_schedules_link(ada_api, reimport, mailoutbox):
    # given
    body = save(ada_api, name="Mornings free").json()
    updated_at = SavedSchedule.objects.get(pk=body["id"]).updated_at
    reimport(room_change)
    # when
    tasks.saved_schedules_notify_changes.delay()
    tasks.saved_schedules_notify_changes.delay()  # nothing new: nothing sent
    # then
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["ada@example.edu"]
    assert mail.subject == "Classtime: the registrar changed “Mornings free” (Fall 2026)"
    assert "- CS 1110 LAB (40005), location: " in mail.body and "→ Rice Hall 012" in mail.body
    assert f"https://classtime.example.edu/schedules/{body['id']}/" in mail.body
    assert SavedSchedule.objects.get(pk=body["id"]).updated_at == updated_at  # looking is not an edit


def test_changes_emailed_by_a_release_that_worded_quarantines_with_the_files_line_are_not_emailed_again(
    ada_api, reimport, mailoutbox
):
    # given: lab 40005 quarantined at line 2747 of the file, as the email of a release before
    # 2026-12-07 told it, its fingerprint made of those words (the line in the reason)
    body = save(ada_api).json()
    reimport(lambda data: section_of(data, "40005").update(quarantine="line 2747 Days1 'Xx': no day"))
    schedule = SavedSchedule.objects.get(pk=body["id"])
    told_then = saved.changes_digest(saved.saved_schedule_changes(schedule=schedule, file_places=True))
    SavedSchedule.objects.filter(pk=schedule.pk).update(
        notified_digest=told_then,
        notified_version=schedule.term.catalog_version,
        notified_changes=saved.saved_schedule_changes(schedule=schedule, file_places=True),
    )
    # when: after the upgrade, an import changing none of its sections, then the emails' run
    reimport(
        lambda data: (
            section_of(data, "40005").update(quarantine="line 2747 Days1 'Xx': no day"),
            unrelated_change(data),
        )
    )
    tasks.saved_schedules_notify_changes.delay()
    # then: nothing new for ada, so no email; the fingerprint now in today's words
    assert mailoutbox == []
    assert SavedSchedule.objects.get(pk=schedule.pk).notified_digest == body_digest(ada_api, body)


def exam_added(data: dict) -> None:
    exam = {"days": ["Tu"], "start": "09:00", "end": "12:00", "first_date": "2026-12-15", "last_date": "2026-12-15"}
    section_of(data, "40001")["meetings"].append({**exam, "location": "", "kind": "exam"})


def test_changes_emailed_by_a_release_that_said_one_date_as_d_to_d_are_not_emailed_again_and_kept_in_new_words(
    ada_api, reimport, mailoutbox
):
    # given: an exam added to lecture 40001 on 2026-12-15, emailed by a release before 2026-12-10,
    # which said its date "(2026-12-15 to 2026-12-15)" and made the fingerprint of those words
    body = save(ada_api).json()
    reimport(exam_added)
    schedule = SavedSchedule.objects.get(pk=body["id"])
    then = saved.saved_schedule_changes(schedule=schedule, old_times=True)
    SavedSchedule.objects.filter(pk=schedule.pk).update(
        notified_digest=saved.changes_digest(then),
        notified_version=schedule.term.catalog_version,
        notified_changes=then,
    )
    # when: after the upgrade, an import changing none of its sections, then the emails' run
    reimport(lambda data: (exam_added(data), unrelated_change(data)))
    tasks.saved_schedules_notify_changes.delay()
    # then: no email; what was told is kept in today's words, one date said once
    schedule.refresh_from_db()
    assert mailoutbox == []
    assert "(2026-12-15 to 2026-12-15)" in then[0]["after"]
    assert schedule.notified_digest == body_digest(ada_api, body)
    assert [c["after"] for c in schedule.notified_changes if c["field"] == "time"] == [
        "MoWeFr 09:00-09:50 (2026-08-24 to 2026-12-11); exam Tu 09:00-12:00 (2026-12-15)"
    ]


def body_digest(api, body: dict) -> str:
    return api.get(body["url"]).json()["changes_digest"]


def test_a_reimport_listing_a_sections_meetings_in_another_order_emails_nobody(ada_api, reimport, mailoutbox):
    # given
    save(ada_api)
    # when: lecture 40010's meetings listed backwards
    reimport(lambda data: section_of(data, "40010")["meetings"].reverse())
    sent = change_notices.saved_schedules_notify_changes()
    # then
    assert sent == 0 and mailoutbox == []


def test_a_later_change_sends_the_whole_list_again(ada_api, reimport, mailoutbox):
    # given
    save(ada_api)
    reimport(room_change)
    change_notices.saved_schedules_notify_changes()
    # when
    reimport(time_change)
    sent = change_notices.saved_schedules_notify_changes()
    # then
    assert sent == 1 and len(mailoutbox) == 2
    assert "(40005), location" in mailoutbox[1].body and "(40001), time" in mailoutbox[1].body


def test_no_email_for_changes_to_other_sections_acknowledged_ones_or_binned_schedules(ada_api, bob_api, reimport):
    # given: ada acknowledges before the run; bob's schedule is in the bin
    ada = save(ada_api).json()
    bob = save(bob_api).json()
    reimport(unrelated_change)
    other_sections = change_notices.saved_schedules_notify_changes()
    reimport(room_change)
    ada_api.post(ada["url"] + "acknowledge/")
    bob_api.delete(bob["url"])
    # when
    sent = change_notices.saved_schedules_notify_changes()
    # then
    assert other_sections == 0 and sent == 0


def test_turned_off_no_email_and_turning_it_on_again_sends_only_later_changes(ada_api, reimport, mailoutbox):
    # given
    body = save(ada_api).json()
    off = ada_api.patch(body["url"], {"email_changes": False}, format="json")
    reimport(room_change)
    change_notices.saved_schedules_notify_changes()
    # when
    on = ada_api.patch(body["url"], {"email_changes": True}, format="json")
    quiet = change_notices.saved_schedules_notify_changes()
    reimport(time_change)
    later = change_notices.saved_schedules_notify_changes()
    # then
    assert off.json()["email_changes"] is False and on.json()["email_changes"] is True
    assert quiet == 0 and later == 1 and len(mailoutbox) == 1
    assert "(40001), time" in mailoutbox[0].body


def test_an_owner_without_an_address_is_passed_over_and_the_others_emailed(ada_api, bob_api, reimport, mailoutbox):
    # given
    User.objects.filter(username="ada").update(email="")
    save(ada_api)
    save(bob_api)
    reimport(room_change)
    # when
    sent = change_notices.saved_schedules_notify_changes()
    # then
    assert sent == 1 and [m.to for m in mailoutbox] == [["bob@example.edu"]]


def test_a_mail_server_failure_is_tried_again_on_the_next_run(ada_api, reimport, mailoutbox, monkeypatch):
    # given
    save(ada_api)
    reimport(room_change)

    def down(**kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(notice_mail, "send_mail", down)
    failed = change_notices.saved_schedules_notify_changes()
    monkeypatch.undo()
    # when
    sent = change_notices.saved_schedules_notify_changes()
    # then
    assert failed == 0 and sent == 1 and len(mailoutbox) == 1


def test_an_address_the_mail_server_refuses_is_not_tried_again_every_run(ada_api, reimport, monkeypatch):
    # given: the server refuses ada's address itself (no such mailbox)
    import smtplib

    save(ada_api)
    reimport(room_change)
    tried = []

    def refused(**kwargs):
        tried.append(kwargs["recipient_list"])
        raise smtplib.SMTPRecipientsRefused({"ada@example.edu": (550, b"no such user")})

    monkeypatch.setattr(notice_mail, "send_mail", refused)
    # when: a run, then another after an import changing nothing of hers
    first = change_notices.saved_schedules_notify_changes()
    reimport(room_and_unrelated_change)
    second = change_notices.saved_schedules_notify_changes()
    # then: tried once (the changes recorded as told)
    assert tried == [["ada@example.edu"]] and (first, second) == (1, 0)


def room_and_unrelated_change(data: dict) -> None:
    room_change(data)
    unrelated_change(data)


def test_a_copy_and_its_original_are_not_emailed_the_same_changes_again(ada_api, reimport, mailoutbox):
    # given
    body = save(ada_api).json()
    reimport(room_change)
    change_notices.saved_schedules_notify_changes()
    ada_api.post(body["url"] + "duplicate/", {}, format="json")
    # when: the room change stays, another section changes (a new catalog version)
    reimport(room_and_unrelated_change)
    sent = change_notices.saved_schedules_notify_changes()
    # then
    assert sent == 0 and len(mailoutbox) == 1


def test_the_command_sends_them_where_no_beat_runs_and_says_how_many(ada_api, reimport, mailoutbox):
    # given
    save(ada_api)
    reimport(room_change)
    out = StringIO()
    # when
    call_command("email_schedule_changes", stdout=out)
    call_command("email_schedule_changes", stdout=out)
    # then
    assert out.getvalue().splitlines() == ["Sent 1 change email.", "Sent 0 change emails."]
    assert len(mailoutbox) == 1


def test_the_schedules_page_turns_the_emails_off_and_on(ada_api, ada_client):
    # given
    body = save(ada_api).json()
    page = f"/schedules/{body['id']}/"
    # when
    ada_client.post(f"{page}email-off/")
    off = ada_client.get(page).content.decode()
    ada_client.post(f"{page}email-on/")
    on = ada_client.get(page).content.decode()
    # then
    assert "Change emails: off" in off and "Email me when the registrar changes it" in off
    assert "Change emails: on" in on and SavedSchedule.objects.get(pk=body["id"]).email_changes is True


def test_the_api_takes_only_a_boolean(ada_api):
    # given
    body = save(ada_api).json()
    # when
    response = ada_api.patch(body["url"], {"email_changes": "no"}, format="json")
    # then
    assert response.status_code == 400 and "email_changes" in response.json()["error"]["fields"]
    assert body["email_changes"] is True


def test_an_imports_reach_counts_the_schedules_and_students_holding_its_sections(ada_api, bob_api):
    # given: ada holds 40005 twice (one schedule with emails off), bob once (then binned), and
    # bob's other schedule not at all
    from catalog.models import Term
    from scheduler.saved_schedules import saved_schedules_affected

    save(ada_api)
    second = save(ada_api, name="Evenings").json()
    ada_api.patch(second["url"], {"email_changes": False}, format="json")
    binned = save(bob_api).json()
    bob_api.delete(binned["url"])
    save(bob_api, name="Other", sections=["40001"])
    term = Term.objects.get(code="2026-fall")
    # when
    reach = saved_schedules_affected(term=term, registrar_ids=["40005", "99999"])
    none = saved_schedules_affected(term=term, registrar_ids=[])
    # then
    assert reach == {"schedules": 2, "students": 1, "emailed": 1}
    assert none == {"schedules": 0, "students": 0, "emailed": 0}


def test_a_slow_mail_server_starts_no_email_after_three_minutes_and_the_rest_waits(
    ada_api, reimport, mailoutbox, monkeypatch
):
    # given: four schedules and a mail server taking 70 s an email (a clock the sends move)
    for name in ("one", "two", "three", "four"):
        save(ada_api, name=name)
    reimport(room_change)
    clock = [1000.0]
    monkeypatch.setattr(change_notices.time, "monotonic", lambda: clock[0])
    slow = []

    def send_mail(**mail):
        slow.append(clock[0] - 1000.0)
        clock[0] += 70

    monkeypatch.setattr(notice_mail, "send_mail", send_mail)
    # when
    first = change_notices.saved_schedules_notify_changes()
    monkeypatch.undo()
    second = change_notices.saved_schedules_notify_changes()
    # then: emails started at 0, 70 and 140 s, none at 210; the fourth went on the next run
    assert first == 3 and slow == [0.0, 70.0, 140.0]
    assert second == 1 and len(mailoutbox) == 1


def test_the_tasks_time_limit_is_not_taken_for_a_mail_failure(ada_api, reimport, monkeypatch):
    # given
    from celery.exceptions import SoftTimeLimitExceeded

    body = save(ada_api).json()
    reimport(room_change)

    def out_of_time(**mail):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(notice_mail, "send_mail", out_of_time)
    # when
    with pytest.raises(SoftTimeLimitExceeded):
        change_notices.saved_schedules_notify_changes()
    # then: not recorded as looked at, so the next run sends it
    assert SavedSchedule.objects.get(pk=body["id"]).notified_digest == ""


def test_a_name_typed_with_a_line_break_is_emailed_on_one_subject_line(ada_api, reimport, mailoutbox):
    # given: a name saved before line breaks were refused (migration 0013 takes them out; a row
    # written otherwise may still hold one)
    schedule_id = save(ada_api, name="Plan A").json()["id"]
    SavedSchedule.objects.filter(pk=schedule_id).update(name="Plan A\nwith labs")
    reimport(room_change)
    # when
    sent = change_notices.saved_schedules_notify_changes()
    # then
    assert sent == 1 and mailoutbox[0].subject == "Classtime: the registrar changed “Plan A with labs” (Fall 2026)"


def edited_demo(tmp_path, edit) -> str:
    import copy
    import json

    from tests.scheduler.saved.conftest import demo_data

    data = copy.deepcopy(demo_data())
    edit(data)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data))
    return str(path)


def test_an_imports_report_says_whose_saved_schedules_it_changes_and_who_is_emailed(ada_api, bob_api, tmp_path):
    # given: ada (with an address) and bob (without) each hold CS 1110 LAB 40005
    User.objects.filter(username="bob").update(email="")
    save(ada_api)
    save(bob_api)
    path = edited_demo(tmp_path, room_change)
    dry, applied, again = StringIO(), StringIO(), StringIO()
    # when
    call_command("import_catalog", path, "--format", "canonical", "--dry-run", stdout=dry)
    call_command("import_catalog", path, "--format", "canonical", stdout=applied)
    call_command("import_catalog", path, "--format", "canonical", stdout=again)
    # then
    assert dry.getvalue().splitlines()[-1] == (
        "Saved schedules: 2 saved schedules of 2 students hold a section this import would change; applying it "
        "emails the owners of 1 of them (the others turned change emails off or have no address)."
    )
    assert applied.getvalue().splitlines()[-1] == (
        "Saved schedules: 2 saved schedules of 2 students hold a section this import changed; the change emails' "
        "next run emails the owners of 1 of them (the others turned change emails off or have no address)."
    )  # no period named: it is the beat's setting, and where no beat runs, cron's
    assert "Saved schedules" not in again.getvalue()  # it changes no section: nothing to say


def test_the_admins_dry_run_page_says_it_too(ada_api, client, tmp_path):
    # given
    from catalog.models import ImportRun

    save(ada_api)
    call_command(
        "import_catalog", edited_demo(tmp_path, room_change), "--format", "canonical", "--dry-run", stdout=StringIO()
    )
    client.force_login(User.objects.create_superuser("root", password="pw-root-1234"))
    run = ImportRun.objects.latest("pk")
    # when
    page = client.get(f"/admin/catalog/importrun/{run.pk}/preview/").content.decode()
    # then
    assert "Saved schedules: 1 saved schedule of 1 student holds a section this import would change" in page


def test_an_import_changing_sections_no_schedule_holds_says_so(ada_api, tmp_path):
    # given
    save(ada_api)
    out = StringIO()
    # when
    call_command("import_catalog", edited_demo(tmp_path, unrelated_change), "--format", "canonical", stdout=out)
    # then
    assert out.getvalue().splitlines()[-1] == "Saved schedules: none holds a section this import changed."


def test_an_import_changing_only_seat_counts_promises_no_email(ada_api, tmp_path, mailoutbox):
    # given: the registrar's nightly refresh changes how many are enrolled in a saved section
    save(ada_api)
    out = StringIO()

    def seats(data: dict) -> None:
        section_of(data, "40005")["enrolled"] = (section_of(data, "40005").get("enrolled") or 0) + 1

    # when
    call_command("import_catalog", edited_demo(tmp_path, seats), "--format", "canonical", stdout=out)
    sent = change_notices.saved_schedules_notify_changes()
    # then: the report promises nothing, and nothing goes
    assert "Saved schedules" not in out.getvalue() and sent == 0 and mailoutbox == []


def withdraw_the_lab(data: dict) -> None:
    from tests.scheduler.saved.conftest import drop_section

    drop_section(data, "40005")


def as_saved(data: dict) -> None:
    pass


def test_a_change_the_registrar_undoes_after_it_was_emailed_is_told_too(ada_api, reimport, mailoutbox):
    # given: the owner was emailed that lab 40005 was withdrawn
    body = save(ada_api, name="Mornings free").json()
    reimport(withdraw_the_lab)
    change_notices.saved_schedules_notify_changes()
    assert "(40005), withdrawn" in mailoutbox[0].body
    # when: the registrar puts it back as it was
    reimport(as_saved)
    sent = change_notices.saved_schedules_notify_changes()
    again = change_notices.saved_schedules_notify_changes()
    # then: one email says so, and only once
    assert (sent, again, len(mailoutbox)) == (1, 0, 2)
    mail = mailoutbox[1].body
    assert "The registrar undid a change we emailed you about in your saved schedule\n“Mornings free”" in mail
    assert "- CS 1110 LAB (40005), withdrawn: " in mail and ", as you saved it" in mail
    assert "this section is back as you saved it:" in mail
    assert "The registrar changed" not in mail and f"/schedules/{body['id']}/" in mail


def test_an_undone_change_is_told_beside_the_changes_still_standing(ada_api, reimport, mailoutbox):
    # given: emailed a room change of 40005 and a time change of 40001
    save(ada_api)
    reimport(time_change)
    change_notices.saved_schedules_notify_changes()
    # when: the registrar undoes the time change only
    reimport(room_change)
    change_notices.saved_schedules_notify_changes()
    # then
    mail = mailoutbox[1].body
    assert "The registrar changed a section of your saved schedule" in mail and "(40005), location" in mail
    assert "The registrar undid a change we emailed you about; this section is back" in mail
    assert "- CS 1110 LEC (40001), time: " in mail and ", as you saved it" in mail


def test_a_return_after_the_owner_accepted_the_change_is_a_change_of_its_own(ada_api, reimport, mailoutbox):
    # given: emailed, then the owner accepted the withdrawal
    body = save(ada_api).json()
    reimport(withdraw_the_lab)
    change_notices.saved_schedules_notify_changes()
    ada_api.post(body["url"] + "acknowledge/")
    # when
    reimport(as_saved)
    change_notices.saved_schedules_notify_changes()
    # then: listed as a change from what was accepted, not as undone
    mail = mailoutbox[1].body
    assert "(40005), withdrawn" in mail and "undid" not in mail


def test_an_undone_change_is_not_emailed_when_emails_are_off(ada_api, reimport, mailoutbox):
    # given
    body = save(ada_api).json()
    reimport(withdraw_the_lab)
    change_notices.saved_schedules_notify_changes()
    ada_api.patch(body["url"], {"email_changes": False}, format="json")
    # when
    reimport(as_saved)
    sent = change_notices.saved_schedules_notify_changes()
    # then
    assert sent == 0 and len(mailoutbox) == 1
    assert SavedSchedule.objects.get(pk=body["id"]).notified_changes == []


def test_a_changed_section_swapped_away_and_back_is_not_told_as_undone(ada, ada_api, reimport, mailoutbox):
    # given: emailed that lab 40005 moved to Rice Hall 012; the owner swaps it away and back
    body = save(ada_api).json()
    reimport(room_change)
    change_notices.saved_schedules_notify_changes()
    for old, new in (("40005", "40006"), ("40006", "40005")):
        saved.saved_schedule_swap(
            schedule=saved.saved_schedule_get(owner=ada, schedule_id=body["id"]), old=old, new=new
        )
    # when: a later import changes a section the schedule does not hold
    reimport(lambda data: (room_change(data), unrelated_change(data)))
    sent = change_notices.saved_schedules_notify_changes()
    # then: the lab is still in Rice Hall 012, so nothing was undone (its fresh snapshot says so)
    assert sent == 0 and len(mailoutbox) == 1


def test_a_field_put_back_while_another_change_of_the_section_stands_is_told(ada_api, reimport, mailoutbox):
    # given: emailed that lecture 40001 moved to 09:30 and has a new instructor
    def time_and_instructor(data):
        section_of(data, "40001")["meetings"][0].update(start="09:30", end="10:20")
        section_of(data, "40001")["instructors"] = ["Grace Hopper"]

    save(ada_api)
    reimport(time_and_instructor)
    change_notices.saved_schedules_notify_changes()
    # when: the registrar puts the time back; the instructor change stands
    reimport(lambda data: section_of(data, "40001").update(instructors=["Grace Hopper"]))
    change_notices.saved_schedules_notify_changes()
    # then
    mail = mailoutbox[1].body
    assert "- CS 1110 LEC (40001), instructors: " in mail
    assert "The registrar undid a change we emailed you about" in mail and "(40001), time: " in mail


def test_an_undo_is_told_after_emails_were_off_and_on_again_meanwhile(ada_api, reimport, mailoutbox):
    # given: emailed about 40005's room; emails off while another change comes; then on again
    body = save(ada_api).json()
    reimport(room_change)
    change_notices.saved_schedules_notify_changes()
    ada_api.patch(body["url"], {"email_changes": False}, format="json")
    reimport(
        lambda data: (room_change(data), unrelated_change(data), section_of(data, "40001").update(instructors=["X"]))
    )
    change_notices.saved_schedules_notify_changes()
    ada_api.patch(body["url"], {"email_changes": True}, format="json")
    # when: the registrar undoes the room change that was emailed
    reimport(lambda data: section_of(data, "40001").update(instructors=["X"]))
    change_notices.saved_schedules_notify_changes()
    # then
    assert len(mailoutbox) == 2
    assert "undid" in mailoutbox[1].body and "(40005), location: Rice Hall 012 → " in mailoutbox[1].body


def test_an_import_listing_a_held_section_again_says_whose_schedules_it_reaches(ada_api, tmp_path):
    # given: ada holds CS 1110 LAB 40005, which an import then withdrew
    save(ada_api)
    call_command("import_catalog", edited_demo(tmp_path, withdraw_the_lab), "--format", "canonical", stdout=StringIO())
    out = StringIO()
    # when the registrar's next file lists it again
    call_command("import_catalog", edited_demo(tmp_path, lambda data: None), "--format", "canonical", stdout=out)
    # then the section is reported listed again, and the schedule holding it is counted
    assert "[40005] CS 1110: relisted" in out.getvalue()
    assert "Saved schedules: 1 saved schedule of 1 student holds a section this import changed" in out.getvalue()


def test_an_email_of_a_term_archived_since_offers_no_re_plan(ada_api, reimport, mailoutbox):
    # given ada's schedule, its term archived, then a room change
    save(ada_api)
    Term.objects.update(status=Term.Status.ARCHIVED)
    reimport(room_change)
    # when
    change_notices.saved_schedules_notify_changes()
    # then: keeping the changes is what is left to do
    body = mailoutbox[0].body
    assert "re-plan around them" not in body
    assert "See them on the schedule's page and keep them there\n(Fall 2026 takes no new schedules now" in body


def chem_lecture_at_one(data: dict) -> None:
    """CHEM 1410 LEC 100 (40010) moves from MoWeFr 10:00 to 13:00, when MATH 1310 LEC 002 (40024) meets."""
    section_of(data, "40010")["meetings"][0].update(start="13:00", end="13:50")


def test_a_change_that_makes_two_sections_clash_says_so_once(ada_api, reimport, mailoutbox):
    # given
    save(ada_api, name="Mornings free")
    reimport(chem_lecture_at_one)
    change_notices.saved_schedules_notify_changes()
    # when: a later change of another section
    reimport(lambda data: (chem_lecture_at_one(data), room_change(data)))
    change_notices.saved_schedules_notify_changes()
    # then: the first email tells the clash, worded as the page's grid names the sections
    first, later = mailoutbox[0].body, mailoutbox[1].body
    assert "- CHEM 1410 LEC (40010), time: " in first
    assert (
        "This change makes a clash in the schedule:\n\n"
        "- CHEM 1410 LEC 100 now meets at the same time as MATH 1310 LEC 002 (MoWeFr 13:00–13:50)\n"
    ) in first
    assert "(40005), location" in later and "(40010), time" in later  # the whole list again
    assert "now meets at the same time" not in later  # the clash was told


def test_a_clash_the_schedule_had_as_saved_is_not_told_as_a_new_one(ada_api, reimport, mailoutbox):
    # given: lab 106 (Fr 13:00-14:15) saved beside MATH 1310 LEC 002 (MoWeFr 13:00-13:50)
    save(ada_api, sections=["40001", "40009", "40010", "40012", "40024"])
    # when: the lab moves half an hour later, still meeting with the lecture
    reimport(lambda data: section_of(data, "40009")["meetings"][0].update(start="13:30", end="14:45"))
    sent = change_notices.saved_schedules_notify_changes()
    # then
    assert sent == 1 and "(40009), time: " in mailoutbox[0].body
    assert "now meets at the same time" not in mailoutbox[0].body


def withdraw_math_lecture(data: dict) -> None:
    from tests.scheduler.saved.conftest import drop_section

    drop_section(data, "40024")


def test_a_clash_with_a_section_the_registrar_withdrew_is_not_told(ada_api, reimport, mailoutbox):
    # given
    save(ada_api)
    # when: the CHEM lecture moves to MATH 1310 LEC 002's hour, which the registrar withdraws
    reimport(lambda data: (chem_lecture_at_one(data), withdraw_math_lecture(data)))
    change_notices.saved_schedules_notify_changes()
    # then
    assert "(40024), withdrawn: listed → withdrawn" in mailoutbox[0].body
    assert "now meets at the same time" not in mailoutbox[0].body


def test_a_clash_told_is_not_emailed_again_after_keeping_the_changes_or_in_a_copy(ada_api, reimport, mailoutbox):
    # given: emailed the clash; a copy made; then the original's changes kept
    body = save(ada_api).json()
    reimport(chem_lecture_at_one)
    change_notices.saved_schedules_notify_changes()
    ada_api.post(body["url"] + "duplicate/", {}, format="json")
    ada_api.post(body["url"] + "acknowledge/")
    # when: another import changes a section neither holds (a new catalog version)
    reimport(lambda data: (chem_lecture_at_one(data), unrelated_change(data)))
    sent = change_notices.saved_schedules_notify_changes()
    # then
    assert sent == 0 and len(mailoutbox) == 1


def test_a_clash_the_student_swapped_into_is_not_emailed(ada, ada_api, reimport, mailoutbox):
    # given: MATH 1310 LEC 001 (MoWeFr 08:00) held; emailed that the CHEM lecture moved to 13:00
    body = save(ada_api, sections=["40001", "40005", "40010", "40012", "40023"]).json()
    reimport(chem_lecture_at_one)
    change_notices.saved_schedules_notify_changes()
    # when: the student swaps in MATH 1310 LEC 002 at 13:00 (the page says it clashes), then an import
    saved.saved_schedule_swap(
        schedule=saved.saved_schedule_get(owner=ada, schedule_id=body["id"]), old="40023", new="40024"
    )
    reimport(lambda data: (chem_lecture_at_one(data), unrelated_change(data)))
    sent = change_notices.saved_schedules_notify_changes()
    # then
    assert sent == 0 and len(mailoutbox) == 1


def test_a_clash_made_while_emails_were_off_is_not_told_once_they_are_on(ada_api, reimport, mailoutbox):
    # given
    body = save(ada_api).json()
    ada_api.patch(body["url"], {"email_changes": False}, format="json")
    reimport(chem_lecture_at_one)
    change_notices.saved_schedules_notify_changes()
    ada_api.patch(body["url"], {"email_changes": True}, format="json")
    # when
    reimport(lambda data: (chem_lecture_at_one(data), room_change(data)))
    change_notices.saved_schedules_notify_changes()
    # then: the room change goes, the clash (on the page since) is not told as new
    assert len(mailoutbox) == 1 and "(40005), location" in mailoutbox[0].body
    assert "now meets at the same time" not in mailoutbox[0].body


def test_a_clash_that_ends_and_comes_again_is_told_again(ada_api, reimport, mailoutbox):
    # given: emailed the clash; then the registrar moves the lecture to 11:00
    save(ada_api)
    reimport(chem_lecture_at_one)
    change_notices.saved_schedules_notify_changes()
    reimport(lambda data: section_of(data, "40010")["meetings"][0].update(start="11:00", end="11:50"))
    change_notices.saved_schedules_notify_changes()
    # when: and back to 13:00
    reimport(chem_lecture_at_one)
    change_notices.saved_schedules_notify_changes()
    # then
    assert len(mailoutbox) == 3 and "now meets at the same time" not in mailoutbox[1].body
    assert "- CHEM 1410 LEC 100 now meets at the same time as MATH 1310 LEC 002" in mailoutbox[2].body


def test_a_clash_is_said_of_the_section_that_moved(ada_api, reimport, mailoutbox):
    # given
    save(ada_api)
    # when: MATH 1310 LEC 002 moves to 10:00, when the CHEM lecture meets, and gets a new room
    reimport(lambda data: section_of(data, "40024")["meetings"][0].update(start="10:00", end="10:50", location="X"))
    change_notices.saved_schedules_notify_changes()
    # then
    assert (
        "- MATH 1310 LEC 002 now meets at the same time as CHEM 1410 LEC 100 (MoWeFr 10:00–10:50)" in mailoutbox[0].body
    )


def test_a_clash_from_a_date_on_is_told_with_its_dates(ada_api, reimport, mailoutbox):
    # given
    save(ada_api)

    def chem_lecture_at_one_from_october(data: dict) -> None:
        lecture = section_of(data, "40010")["meetings"]
        lecture[0]["last_date"] = "2026-10-09"
        lecture.append(
            {**lecture[0], "start": "13:00", "end": "13:50", "first_date": "2026-10-12", "last_date": "2026-12-11"}
        )

    # when: the CHEM lecture moves to MATH 1310 LEC 002's hour from October 12 to the term's end
    reimport(chem_lecture_at_one_from_october)
    change_notices.saved_schedules_notify_changes()
    # then: the clash says the dates it is held on (a one-off's: tests/scheduler/saved/test_meeting_words.py)
    assert (
        "- CHEM 1410 LEC 100 now meets at the same time as MATH 1310 LEC 002 (MoWeFr 13:00–13:50, 2026-10-12 to "
        "2026-12-11)\n"
    ) in mailoutbox[0].body


def test_notified_changes_says_what_it_keeps_and_no_migration_is_missing():
    # given
    help_text = SavedSchedule._meta.get_field("notified_changes").help_text
    # when: the model against its migrations (a change not migrated exits with an error)
    call_command("makemigrations", "scheduler", "--check", "--dry-run", stdout=StringIO())
    # then: keeping the changes forgets only the changes told, not the components or clashes
    assert "emptied when the owner accepts" not in help_text
    assert "each missing component and clash told (kept when the owner keeps the changes" in help_text
