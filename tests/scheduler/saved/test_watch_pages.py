"""The Watched sections page: each watch with its section's state now and a Stop watching button
(a POST with the CSRF token); the profile links to it; "Download my data" holds the watches and
deleting the account deletes them; the admin lists them read-only."""

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from accounts import services as accounts
from catalog.models import Section
from scheduler import watches
from scheduler.models import SectionWatch

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def watch(user: User, registrar_id: str) -> SectionWatch:
    return watches.watch_create(user=user, section=Section.objects.get(registrar_id=registrar_id))[0]


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
