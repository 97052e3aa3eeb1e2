"""Seat alerts: a student watching a full section is emailed once when it opens, again after it
fills and opens again, told once when it is withdrawn or cancelled (and the watch ends; one not
told, its emails off, is kept until the student stops it); never when the watch's emails are off
or the account has no address."""

import threading
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from catalog.models import Section, Term
from scheduler import notice_mail, tasks, watches
from scheduler.models import SectionWatch
from tests.scheduler.saved.conftest import drop_section, section_of

pytestmark = pytest.mark.django_db

LECTURE = "40002"  # CS 1110 LEC 002: closed, 200 of 200 enrolled, MoWeFr 11:00-11:50, Ada Byron
LAB = "40004"  # CS 1110 LAB 101: on a wait list, 25 of 25


@pytest.fixture(autouse=True)
def catalog(demo, settings):
    settings.CLASSTIME_SITE_URL = "https://classtime.example.edu/"


@pytest.fixture(autouse=True)
def addresses(ada, bob):
    User.objects.filter(username="ada").update(email="ada@example.edu")
    User.objects.filter(username="bob").update(email="bob@example.edu")


def watch(user: User, registrar_id: str, **fields) -> SectionWatch:
    user.refresh_from_db()
    section = Section.objects.get(term__code="2026-fall", registrar_id=registrar_id)
    return watches.watch_create(user=user, section=section, **fields)[0]


def opens(*registrar_ids: str):
    def edit(data: dict) -> None:
        for registrar_id in registrar_ids:
            section = section_of(data, registrar_id)
            section.update(status="open", enrolled=section["capacity"] - 10)

    return edit


def test_an_opening_is_emailed_once_with_the_section_and_the_links(ada, reimport, mailoutbox):
    # given
    watched = watch(ada, LECTURE)
    reimport(opens(LECTURE))
    # when
    tasks.section_watches_notify.delay()
    tasks.section_watches_notify.delay()  # nothing new: nothing sent
    # then
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["ada@example.edu"]
    assert mail.subject == "Classtime: CS 1110 Lecture 002 (40002) has a seat"
    assert "- CS 1110 Lecture 002: Introduction to Programming" in mail.body
    assert "Registrar id (CRN) 40002; Open, 10 seats free" in mail.body
    assert "MoWeFr 11:00-11:50 (2026-08-24 to 2026-12-11); Ada Byron" in mail.body
    assert "https://classtime.example.edu/?i=demo&t=2026-fall&c=CS+1110&pin=40002" in mail.body
    assert "https://classtime.example.edu/accounts/watches/" in mail.body
    assert SectionWatch.objects.get(pk=watched.pk).told_open_at is not None


def test_a_section_that_fills_and_opens_again_is_emailed_again(ada, reimport, mailoutbox):
    # given: emailed open once
    watch(ada, LECTURE)
    reimport(opens(LECTURE))
    watches.section_watches_notify()
    # when: it fills (nothing sent), then opens again
    reimport(lambda data: None)  # as the demo: closed again
    filled = watches.section_watches_notify()
    reimport(opens(LECTURE))
    reopened = watches.section_watches_notify()
    # then
    assert (filled, reopened) == (0, 1)
    assert len(mailoutbox) == 2


def test_an_open_status_with_no_seat_left_is_not_an_opening(ada, reimport, mailoutbox):
    # given: the registrar says open, but 200 of 200 are enrolled
    watch(ada, LECTURE)
    reimport(lambda data: section_of(data, LECTURE).update(status="open"))
    # when
    still_full = watches.section_watches_notify()
    reimport(lambda data: section_of(data, LECTURE).update(status="open", enrolled=199))
    seat = watches.section_watches_notify()
    # then
    assert (still_full, seat) == (0, 1)
    assert "1 seat free" in mailoutbox[0].body


def test_several_openings_are_one_email(ada, reimport, mailoutbox):
    # given
    watch(ada, LECTURE)
    watch(ada, LAB)
    reimport(opens(LECTURE, LAB))
    # when
    sent = watches.section_watches_notify()
    # then
    assert sent == 1
    assert mailoutbox[0].subject == "Classtime: 2 sections you watch have seats"
    assert "(CRN) 40002" in mailoutbox[0].body and "(CRN) 40004" in mailoutbox[0].body


def test_a_watch_lives_on_across_a_reimport_of_its_section(ada, reimport):
    # given
    watched = watch(ada, LECTURE)
    section_id = watched.section_id
    # when
    reimport(lambda data: section_of(data, LECTURE).update(instructors=["Grace Hopper"]))
    watches.section_watches_notify()
    # then: the same section row, still watched, still full
    kept = SectionWatch.objects.get(pk=watched.pk)
    assert kept.section_id == section_id and kept.told == "full"


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (lambda data: drop_section(data, LECTURE), "Withdrawn"),
        (lambda data: section_of(data, LECTURE).update(status="cancelled"), "Cancelled"),
    ],
)
def test_a_withdrawn_or_cancelled_section_is_told_once_and_its_watch_ends(ada, reimport, mailoutbox, edit, said):
    # given
    watch(ada, LECTURE)
    reimport(edit)
    # when
    first = watches.section_watches_notify()

    def and_another_change(data: dict) -> None:
        edit(data)
        section_of(data, "40001").update(enrolled=1)

    reimport(and_another_change)
    second = watches.section_watches_notify()
    # then
    assert (first, second) == (1, 0)
    assert mailoutbox[0].subject == f"Classtime: CS 1110 Lecture 002 (40002) was {said.lower()}"
    assert f"(registrar id 40002, {said})" in mailoutbox[0].body
    assert not SectionWatch.objects.filter(user=ada).exists()


def test_a_withdrawn_sections_watch_not_emailed_is_kept_until_told(ada, reimport, mailoutbox):
    # given: the watch's emails off, and the registrar withdraws the section
    quiet = watch(ada, LECTURE, email_openings=False)
    reimport(lambda data: drop_section(data, LECTURE))
    # when: a run, another after another change, then the emails on and another change
    first = watches.section_watches_notify()

    def and_another_change(enrolled: int):
        return lambda data: (drop_section(data, LECTURE), section_of(data, "40001").update(enrolled=enrolled))

    reimport(and_another_change(1))
    second = watches.section_watches_notify()
    kept = SectionWatch.objects.filter(pk=quiet.pk).exists()
    watches.watch_update(watch=quiet, email_openings=True)
    reimport(and_another_change(2))
    third = watches.section_watches_notify()
    # then: kept silently while it could not be told; told once with its emails on, then it ends
    assert (first, second, third) == (0, 0, 1) and kept
    assert mailoutbox[0].subject == "Classtime: CS 1110 Lecture 002 (40002) was withdrawn"
    assert not SectionWatch.objects.exists()


def test_emails_off_or_no_address_send_nothing_and_the_opening_counts_as_told(ada, bob, reimport, mailoutbox):
    # given: ada's watch emails off; bob has no address
    ada_watch = watch(ada, LECTURE, email_openings=False)
    User.objects.filter(username="bob").update(email="")
    bob_watch = watch(bob, LECTURE)
    reimport(opens(LECTURE))
    # when
    sent = watches.section_watches_notify()
    watches.watch_update(watch=ada_watch, email_openings=True)
    reimport(lambda data: (opens(LECTURE)(data), section_of(data, "40001").update(enrolled=1)))
    again = watches.section_watches_notify()
    # then: nobody emailed, now or after the emails are on again (the opening was counted as told)
    assert (sent, again) == (0, 0) and mailoutbox == []
    assert SectionWatch.objects.get(pk=ada_watch.pk).told == "open"
    assert SectionWatch.objects.get(pk=bob_watch.pk).told == "open"


def test_only_the_student_with_an_address_is_emailed(ada, bob, reimport, mailoutbox):
    # given
    User.objects.filter(username="ada").update(email="")
    watch(ada, LECTURE)
    watch(bob, LECTURE)
    reimport(opens(LECTURE))
    # when
    sent = watches.section_watches_notify()
    # then
    assert sent == 1 and [m.to for m in mailoutbox] == [["bob@example.edu"]]


def test_a_watch_made_on_an_open_section_is_emailed_only_once_it_fills_and_opens(ada, reimport, mailoutbox):
    # given: lecture 001 is open when watched
    watch(ada, "40001")
    reimport(lambda data: section_of(data, "40001").update(instructors=["Grace Hopper"]))
    # when
    open_all_along = watches.section_watches_notify()
    reimport(lambda data: section_of(data, "40001").update(status="closed"))
    watches.section_watches_notify()
    reimport(lambda data: None)
    reopened = watches.section_watches_notify()
    # then
    assert (open_all_along, reopened) == (0, 1)


def test_a_mail_server_failure_is_tried_again_on_the_next_run(ada, reimport, mailoutbox, monkeypatch):
    # given
    watch(ada, LECTURE)
    reimport(opens(LECTURE))

    def down(**mail):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(notice_mail, "send_mail", down)
    failed = watches.section_watches_notify()
    monkeypatch.undo()
    # when
    sent = watches.section_watches_notify()
    # then
    assert (failed, sent) == (0, 1) and len(mailoutbox) == 1


def test_an_address_the_mail_server_refuses_is_not_tried_again_every_run(ada, reimport, mailoutbox, monkeypatch):
    # given: the server refuses ada's address itself (no such mailbox)
    import smtplib

    watch(ada, LECTURE)
    reimport(opens(LECTURE))
    tried = []

    def refused(**mail):
        tried.append(mail["recipient_list"])
        raise smtplib.SMTPRecipientsRefused({"ada@example.edu": (550, b"no such user")})

    monkeypatch.setattr(notice_mail, "send_mail", refused)
    # when: a run, then another after another change
    first = watches.section_watches_notify()
    reimport(lambda data: (opens(LECTURE)(data), section_of(data, "40001").update(enrolled=1)))
    second = watches.section_watches_notify()
    # then: tried once, the opening recorded as told (sending again would not help)
    assert tried == [["ada@example.edu"]] and (first, second) == (1, 0)
    assert SectionWatch.objects.get(user=ada).told == "open"


def test_a_hidden_terms_opening_waits_until_it_is_published(ada, reimport, mailoutbox):
    # given
    watch(ada, LECTURE)
    reimport(opens(LECTURE))
    Term.objects.filter(code="2026-fall").update(status=Term.Status.HIDDEN)
    # when
    hidden = watches.section_watches_notify()
    Term.objects.filter(code="2026-fall").update(status=Term.Status.PUBLISHED)
    published = watches.section_watches_notify()
    # then
    assert (hidden, published) == (0, 1)


def test_the_command_sends_them_where_no_beat_runs_and_says_how_many(ada, reimport, mailoutbox):
    # given
    watch(ada, LECTURE)
    reimport(opens(LECTURE))
    out = StringIO()
    # when
    call_command("email_seat_alerts", stdout=out)
    call_command("email_seat_alerts", stdout=out)
    # then
    assert out.getvalue().splitlines() == ["Sent 1 seat alert.", "Sent 0 seat alerts."]


def test_the_beat_runs_the_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["email-seat-alerts"]
    assert entry["task"] == tasks.section_watches_notify.name == "scheduler.section_watches_notify"
    assert tasks.section_watches_notify.soft_time_limit == 240


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_one_email(ada, reimport, mailoutbox, monkeypatch):
    # given: ada's opening; the first run's email held up until the second run has finished
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SELECT ... FOR UPDATE SKIP LOCKED) are PostgreSQL's")
    watch(ada, LECTURE)
    reimport(opens(LECTURE))
    sending, second_done = threading.Event(), threading.Event()
    sent_by = []
    real_send = notice_mail.send_mail

    def held_send(**mail):
        sending.set()
        second_done.wait(timeout=20)
        sent_by.append(threading.current_thread().name)
        real_send(**mail)

    monkeypatch.setattr(notice_mail, "send_mail", held_send)
    counts = {}

    def run(name):
        try:
            counts[name] = watches.section_watches_notify()
        finally:
            connection.close()

    # when
    first = threading.Thread(target=run, args=("first",), name="first")
    first.start()
    assert sending.wait(timeout=20)
    second = threading.Thread(target=run, args=("second",), name="second")
    second.start()
    second.join(timeout=30)
    second_done.set()
    first.join(timeout=30)
    # then: the second run skipped the locked watch; one email in all
    assert counts == {"first": 1, "second": 0}
    assert sent_by == ["first"] and len(mailoutbox) == 1
    assert watches.section_watches_notify() == 0


def test_a_run_records_a_students_many_watches_in_a_few_updates_not_one_each(ada, reimport, mailoutbox):
    # given: ada watches 20 sections, open and full; an import changes none of them (only the
    # catalog's version)
    from django.test.utils import CaptureQueriesContext

    sections = list(Section.objects.filter(term__code="2026-fall").order_by("pk")[:20])
    for section in sections:
        watches.watch_create(user=ada, section=section)
    reimport(lambda data: section_of(data, "40001").update(notes="an edit"))
    # when
    with CaptureQueriesContext(connection) as queries:
        sent = watches.section_watches_notify()
    # then: every watch looked at, in one UPDATE for the open ones and one for the full
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    version = Term.objects.get(code="2026-fall").catalog_version
    assert sent == 0 and SectionWatch.objects.count() == 20
    assert len(updates) == 2
    assert set(SectionWatch.objects.values_list("notified_version", flat=True)) == {version}
