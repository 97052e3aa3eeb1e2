"""The Watched sections page: each watch with its section's state now, a Turn emails off (or on)
button and a Stop watching button (POSTs with the CSRF token); a watch of a withdrawn section whose
emails are off is kept, said to have ended, until stopped; the profile links to it; "Download my
data" holds the watches and deleting the account deletes them; the admin lists them read-only."""

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from accounts import services as accounts
from catalog.models import Section, Term
from scheduler import watches
from scheduler.models import SectionWatch
from tests.scheduler.saved.conftest import drop_section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def watch(user: User, registrar_id: str) -> SectionWatch:
    return watches.watch_create(user=user, section=Section.objects.get(registrar_id=registrar_id))[0]


def test_an_open_section_an_import_quarantined_is_said_not_schedulable_not_full_open(ada, ada_client):
    # given: the open lab 40005 watched, then quarantined (an import could not read its meetings)
    watch(ada, "40005")
    Section.objects.filter(registrar_id="40005").update(quarantine_reason="line 12 Days1 'Xx': no day")
    # when
    page = ada_client.get(reverse("section-watches")).content.decode()
    # then
    assert "Not schedulable for now" in page and "Full: open" not in page


def test_a_watch_of_a_term_archived_since_says_its_openings_are_no_longer_looked_at(ada, ada_client):
    # given
    watch(ada, "40002")
    Term.objects.filter(code="2026-fall").update(status=Term.Status.ARCHIVED)
    # when
    page = ada_client.get(reverse("section-watches")).content.decode()
    # then
    assert "Emails on, but the term is archived: its openings are no longer looked at" in page


def test_the_page_lists_each_watch_with_its_state_and_a_stop_button(ada, ada_client):
    # given: the closed lecture 40002 and the open lab 40005
    watch(ada, "40002")
    watch(ada, "40005")
    # when
    page = ada_client.get(reverse("section-watches")).content.decode()
    # then
    assert "<strong>CS 1110 Lecture 002</strong> (40002)" in page
    assert "Full: closed, no seat free" in page
    assert "Open now: 13 seats free" in page
    assert page.count("Stop watching</button>") == 2
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'href="/?i=demo&amp;t=2026-fall&amp;c=CS+1110&amp;pin=40002"' in page
    assert "no alert can reach you" in page  # ada has no address


def test_stop_watching_deletes_the_watch_and_says_so(ada, ada_client):
    # given
    watched = watch(ada, "40002")
    # when
    response = ada_client.post(reverse("section-watch-stop", args=[watched.pk]), follow=True)
    # then
    assert not SectionWatch.objects.filter(pk=watched.pk).exists()
    assert "Stopped watching CS 1110 Lecture 002 (40002)." in response.content.decode()
    assert "You watch no section yet." in response.content.decode()


def test_stop_needs_the_csrf_token_and_a_post_and_is_a_404_for_anothers_watch(ada, bob):
    # given
    watched = watch(ada, "40002")
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(ada)
    bob_client = Client()
    bob_client.force_login(bob)
    # when
    forged = checked.post(reverse("section-watch-stop", args=[watched.pk]))
    got = Client().get(reverse("section-watch-stop", args=[watched.pk]))
    bobs = bob_client.post(reverse("section-watch-stop", args=[watched.pk]))
    # then
    assert forged.status_code == 403 and got.status_code == 302 and bobs.status_code == 404
    assert SectionWatch.objects.filter(pk=watched.pk).exists()


def test_turn_emails_off_then_on_says_the_state_in_words(ada, ada_client):
    # given
    watched = watch(ada, "40002")
    page = ada_client.get(reverse("section-watches")).content.decode()
    assert "Emails on: an opening is emailed" in page
    assert 'aria-label="Turn emails off for CS 1110 Lecture 002">Turn emails off</button>' in page
    # when
    off = ada_client.post(reverse("section-watch-emails", args=[watched.pk]), {"email_openings": "off"}, follow=True)
    off_state = SectionWatch.objects.get(pk=watched.pk).email_openings
    on = ada_client.post(reverse("section-watch-emails", args=[watched.pk]), {"email_openings": "on"}, follow=True)
    # then
    off_page, on_page = off.content.decode(), on.content.decode()
    assert off_state is False
    assert "Emails off for CS 1110 Lecture 002 (40002): its openings are not emailed" in off_page
    assert "<strong>Emails off</strong>: an opening is not emailed" in off_page
    assert 'value="on">' in off_page and ">Turn emails on</button>" in off_page
    assert "Emails on for CS 1110 Lecture 002 (40002): its next opening is emailed" in on_page
    assert "Emails on: an opening is emailed" in on_page
    assert SectionWatch.objects.get(pk=watched.pk).email_openings is True


def test_turning_emails_needs_the_csrf_token_a_post_and_a_known_value_and_is_a_404_for_anothers(ada, bob):
    # given
    watched = watch(ada, "40002")
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(ada)
    ada_client, bob_client = Client(), Client()
    ada_client.force_login(ada)
    bob_client.force_login(bob)
    address = reverse("section-watch-emails", args=[watched.pk])
    # when
    forged = checked.post(address, {"email_openings": "off"})
    got = ada_client.get(address)
    unknown = ada_client.post(address, {"email_openings": "no"})
    bobs = bob_client.post(address, {"email_openings": "off"})
    signed_out = Client().post(address, {"email_openings": "off"})
    # then
    assert (forged.status_code, got.status_code, unknown.status_code, bobs.status_code) == (403, 302, 400, 404)
    assert signed_out.status_code == 302 and signed_out["Location"].startswith(reverse("login"))
    assert SectionWatch.objects.get(pk=watched.pk).email_openings is True


def test_a_withdrawn_sections_watch_with_emails_off_stays_said_ended_until_stopped(ada, ada_client, reimport):
    # given: ada has an address; one watch's emails off, one on; the registrar withdraws both sections
    User.objects.filter(pk=ada.pk).update(email="ada@example.edu")
    ada.refresh_from_db()
    quiet = watch(ada, "40002")
    watches.watch_update(watch=quiet, email_openings=False)
    told = watch(ada, "40004")
    reimport(lambda data: (drop_section(data, "40002"), drop_section(data, "40004")))
    before = ada_client.get(reverse("section-watches")).content.decode()
    # when
    watches.section_watches_notify()
    after = ada_client.get(reverse("section-watches")).content.decode()
    stopped = ada_client.post(reverse("section-watch-stop", args=[quiet.pk]), follow=True)
    # then: the emailed one ended with its email; the quiet one is kept, said ended, until stopped
    assert "This watch ends at the next check, with an email" in before
    assert not SectionWatch.objects.filter(pk=told.pk).exists()
    assert "Withdrawn by the registrar: it will not open. This watch has ended: it stays here until you stop" in after
    assert "(40004)" not in after
    assert "Stopped watching CS 1110 Lecture 002 (40002)." in stopped.content.decode()
    assert not SectionWatch.objects.exists()


def test_the_profile_links_to_the_page(ada_client):
    page = ada_client.get(reverse("profile")).content.decode()
    assert f'<a href="{reverse("section-watches")}">Watched sections</a>' in page


def test_download_my_data_holds_the_watches_and_deletion_counts_and_deletes_them(ada, bob, ada_client):
    # given
    watch(ada, "40002")
    watch(bob, "40002")
    # when
    data = json.loads(ada_client.get(reverse("account-data")).content)
    page = ada_client.get(reverse("account-delete")).content.decode()
    accounts.user_delete(user=ada)
    # then
    assert [(w["registrar_id"], w["course"], w["status"]) for w in data["section_watches"]] == [
        ("40002", "CS 1110", "closed")
    ]
    assert "your watched sections (1)" in page
    assert list(SectionWatch.objects.values_list("user__username", flat=True)) == ["bob"]


def test_the_admin_lists_watches_and_adds_or_edits_none(ada, client):
    # given
    watched = watch(ada, "40002")
    client.force_login(User.objects.create_superuser("root", password="pw-root-1"))
    # when
    listed = client.get(reverse("admin:scheduler_sectionwatch_changelist"))
    add = client.get(reverse("admin:scheduler_sectionwatch_add"))
    change = client.post(reverse("admin:scheduler_sectionwatch_change", args=[watched.pk]), {"told": "open"})
    # then
    assert listed.status_code == 200 and "CS 1110 Lecture 002 (40002)" in listed.content.decode()
    assert add.status_code == 403 and change.status_code == 403
    assert SectionWatch.objects.get(pk=watched.pk).told == "full"
