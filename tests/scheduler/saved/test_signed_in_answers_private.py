"""An answer made for a signed-in person is kept by no shared cache (`SignedInAnswersPrivateMiddleware`),
and signing out clears what the browser kept (`SignOutView`)."""

import pytest
from rest_framework.test import APIClient

from accounts import services as accounts
from tests.scheduler.saved.conftest import save

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/me/", "/api/v1/friends/", "/api/v1/tokens/", "/api/v1/generations/"])
def test_an_api_answer_for_a_signed_in_person_is_private_by_session_and_by_token(path, ada, ada_client):
    # given
    _, key = accounts.token_create(owner=ada, name="laptop")
    by_token = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    # when
    answers = [ada_client.get(path), by_token.get(path)]
    # then
    assert [a.status_code for a in answers] == [200, 200]
    assert [a["Cache-Control"] for a in answers] == ["private, no-cache", "private, no-cache"]


def test_a_page_for_a_signed_in_person_is_private_and_the_same_page_signed_out_is_left_alone(
    demo, ada_api, ada_client, client
):
    # given: ada's schedule shared
    share_url = ada_api.post(save(ada_api).json()["url"] + "share/").json()["share_url"]
    share_path = "/s/" + share_url.rstrip("/").rsplit("/", 1)[1] + "/"
    # when
    planner, shared = ada_client.get("/"), ada_client.get(share_path)
    anonymous_planner, anonymous_shared = APIClient().get("/"), APIClient().get(share_path)
    # then
    assert [page.status_code for page in (planner, shared)] == [200, 200]
    assert [page["Cache-Control"] for page in (planner, shared)] == ["private, no-cache", "private, no-cache"]
    assert [page.status_code for page in (anonymous_planner, anonymous_shared)] == [200, 200]
    assert not anonymous_planner.has_header("Cache-Control")
    assert anonymous_shared["Cache-Control"] == "private, no-cache"  # its own: test_shared_answers_are_kept_by_no_cache


@pytest.mark.parametrize("signed_in", [False, True])
def test_shared_answers_are_kept_by_no_cache_so_a_revoked_link_stops_at_once(demo, ada_api, signed_in):
    # given: ada's schedule shared, read by someone with the link
    share_url = ada_api.post(save(ada_api).json()["url"] + "share/").json()["share_url"]
    token = share_url.rstrip("/").rsplit("/", 1)[1]
    reader = ada_api if signed_in else APIClient()
    # when
    page, data = reader.get(f"/s/{token}/"), reader.get(f"/api/v1/shared/{token}/")
    # then: a proxy between a campus and the site may not keep them, nor a browser use them unasked
    assert [page.status_code, data.status_code] == [200, 200]
    assert [page["Cache-Control"], data["Cache-Control"]] == ["private, no-cache", "private, no-cache"]


def test_a_public_answer_keeps_its_own_caching_when_a_signed_in_person_asks(demo, ada_api):
    # when
    terms = ada_api.get("/api/v1/terms/")
    # then
    assert terms.status_code == 200 and terms["Cache-Control"] == "no-cache"


def test_signing_out_tells_the_browser_to_forget_the_sites_storage_and_cached_pages(ada_client):
    # when
    response = ada_client.post("/accounts/logout/")
    # then
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
