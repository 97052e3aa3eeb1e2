"""A write sent at the moment its account is deleted (another tab, another device): refused as
signed out, nothing written, not a 500. Transactional: the row's reference to the account is
checked when the write commits."""

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from accounts import services as accounts
from accounts.models import PersonalApiToken
from scheduler import saved_schedules as saved
from scheduler.models import SavedSchedule
from tests.scheduler.saved.conftest import save

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def catalog(demo):
    pass


def deleting_first(monkeypatch, module, name: str, user: User) -> None:
    """`module.name` deletes `user`'s account (committed) before it runs, as a deletion from another
    tab at that moment would."""
    original = getattr(module, name)

    def deleted_meanwhile(*args, **kwargs):
        accounts.user_delete(user=User.objects.get(pk=user.pk))
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, deleted_meanwhile)


def test_a_schedule_saved_while_its_account_is_deleted_is_refused_as_signed_out(ada, ada_api, monkeypatch):
    # given: the account deleted after the request was signed in, before its schedule is written
    deleting_first(monkeypatch, saved, "sections_resolve", ada)
    # when
    response = save(ada_api)
    # then
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"] == save(APIClient())["WWW-Authenticate"]  # as any 401
    assert response.json()["error"]["code"] == "account_deleted"
    assert "deleted while the request ran" in response.json()["error"]["message"]
    assert not SavedSchedule.all_objects.exists() and not User.objects.filter(pk=ada.pk).exists()


def test_a_token_made_on_its_page_while_the_account_is_deleted_goes_home_saying_so(ada, ada_client, monkeypatch):
    # given
    deleting_first(monkeypatch, accounts, "token_create", ada)
    # when
    response = ada_client.post("/accounts/tokens/", {"name": "laptop"}, follow=True)
    # then
    assert response.status_code == 200 and response.redirect_chain[-1][0] == "/"
    assert "This account was deleted while the request ran, so nothing was saved." in response.content.decode()
    assert not PersonalApiToken.objects.exists()
