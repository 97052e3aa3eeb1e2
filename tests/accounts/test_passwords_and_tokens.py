"""What a new password does to personal API tokens and sessions: a reset (the account may be in
someone else's hands) revokes every token and ends every session; a change from the profile
keeps this session, ends the others and revokes the tokens unless the box is unticked."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import PersonalApiToken
from catalog.models import Institution, Term
from scheduler.models import SavedSchedule
from tests.accounts.conftest import PASSWORD, is_signed_in, signed_in_elsewhere, signs_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "pw-a-brand-new-one-2"
CHANGE = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}


def keys_of(user, *names: str) -> list[str]:
    return [services.token_create(owner=user, name=name)[1] for name in names]


def reset_password(client: Client, email: str, password: str):
    """Ask for a reset link, follow it and set `password`; the answer of that last step."""
    client.post(reverse("password_reset"), {"email": email})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[-1].body)[1]
    form = client.get(link, follow=True)
    return client.post(form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})


def test_a_password_reset_revokes_every_token_and_ends_every_session(client, ada, grace):
    # given: two active tokens and a revoked one, a session elsewhere, and grace's token
    script, laptop = keys_of(ada, "script", "laptop")
    old = services.token_revoke(token=services.token_create(owner=ada, name="old")[0])
    elsewhere = signed_in_elsewhere(ada)
    (graces,) = keys_of(grace, "grace's")
    # when
    done = reset_password(client, "ada@example.edu", NEW_PASSWORD)
    # then
    assert done["Location"] == reverse("password_reset_complete")
    assert not signs_in(script) and not signs_in(laptop)
    assert PersonalApiToken.objects.filter(owner=ada, revoked_at__isnull=True).count() == 0
    assert PersonalApiToken.objects.get(pk=old.pk).revoked_at == old.revoked_at  # the first revocation kept
    assert not is_signed_in(elsewhere)
    assert signs_in(graces)
    page = client.get(done["Location"]).content.decode()
    assert "Password set; 2 personal API tokens revoked; signed out everywhere." in page


def test_a_password_reset_says_which_share_links_and_calendar_feeds_still_work(client, ada):
    # given: two schedules of ada's, one shared, both with a calendar feed
    term = Term.objects.create(institution=Institution.objects.create(code="u", name="U"), code="t", name="T")
    for share in ("s1", None):
        SavedSchedule.objects.create(
            owner=ada, term=term, name=f"plan {share}", share_token=share, calendar_token=f"c{share}"
        )
    # when
    done = reset_password(client, "ada@example.edu", NEW_PASSWORD)
    # then: they are the owner's to hand out, so they stay, and the page says so
    page = client.get(done["Location"]).content.decode()
    assert (
        "Your 1 share link and 2 calendar feeds still work: if someone else may have made them, sign in and revoke "
        "them on each schedule&#x27;s page (Name, sharing and calendar)."
    ) in page
    assert SavedSchedule.objects.filter(owner=ada, calendar_token__isnull=False).count() == 2


def test_a_password_reset_of_an_account_with_no_link_says_nothing_of_links(client, ada):
    # when
    done = reset_password(client, "ada@example.edu", NEW_PASSWORD)
    # then
    assert "still work" not in client.get(done["Location"]).content.decode()


def test_the_reset_page_says_what_setting_a_password_does(client, ada):
    # given
    client.post(reverse("password_reset"), {"email": "ada@example.edu"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[-1].body)[1]
    # when
    page = client.get(link, follow=True).content.decode()
    # then
    assert "signs your account out everywhere and revokes all your personal API tokens" in page


def test_the_password_change_form_offers_to_revoke_the_tokens_ticked_by_default(client, ada):
    # given
    client.force_login(ada)
    # when
    page = client.get(reverse("password_change")).content.decode()
    # then
    assert re.search(r'<input type="checkbox" name="revoke_tokens"[^>]* checked', page)
    assert "Also revoke all my personal API tokens" in page


def test_a_password_change_with_the_box_ticked_revokes_the_tokens_and_keeps_this_session_only(client, ada):
    # given
    (script,) = keys_of(ada, "script")
    elsewhere = signed_in_elsewhere(ada)
    client.force_login(ada)
    # when
    done = client.post(reverse("password_change"), {**CHANGE, "revoke_tokens": "on"}, follow=True)
    # then
    assert done.redirect_chain[-1][0] == reverse("password_change_done")
    assert "Password changed; 1 personal API token revoked." in done.content.decode()
    assert not signs_in(script)
    assert is_signed_in(client)
    assert not is_signed_in(elsewhere)
    ada.refresh_from_db()
    assert ada.check_password(NEW_PASSWORD)


def test_a_password_change_with_the_box_unticked_keeps_the_tokens(client, ada):
    # given
    (script,) = keys_of(ada, "script")
    client.force_login(ada)
    # when: a form posts no value for an unticked box
    done = client.post(reverse("password_change"), CHANGE, follow=True)
    # then
    assert "Password changed; no personal API token revoked." in done.content.decode()
    assert signs_in(script)
    assert is_signed_in(client)


def test_a_refused_password_change_revokes_nothing(client, ada):
    # given
    (script,) = keys_of(ada, "script")
    client.force_login(ada)
    # when
    refused = client.post(reverse("password_change"), {**CHANGE, "new_password2": "mismatch", "revoke_tokens": "on"})
    # then
    assert refused.status_code == 200 and "new_password2" in refused.context["form"].errors
    assert signs_in(script)
