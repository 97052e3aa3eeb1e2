"""The error pages with DEBUG off: 400, 403, 404 and 500 in the site's look with a way back to
the planner, telling nothing of the failure; under /api/ the same errors stay JSON in the API's
error shape. Views that fail on purpose live in tests/accounts/error_urls.py."""

import pytest
from django.contrib.auth.models import User
from django.template import loader

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.urls("tests.accounts.error_urls")

HEADER = '<a class="site-name" href="/">Classtime</a>'
BACK = '<a href="/">Back to the planner</a>'
SECRETS = ("secret reason", "secret detail", "secret internals", "Traceback")


@pytest.fixture(autouse=True)
def debug_off(settings):
    settings.DEBUG = False


@pytest.fixture
def client(client):
    """The test client, answering a view's exception as a server does instead of raising it."""
    client.raise_request_exception = False
    return client


def page_of(response) -> str:
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


@pytest.mark.parametrize(
    ("url", "status", "title"),
    [
        ("/no-such-page/", 404, "Page not found"),
        ("/fail/forbidden/", 403, "Not allowed"),
        ("/fail/suspicious/", 400, "Bad request"),
        ("/fail/broken/", 500, "Something went wrong"),
    ],
)
def test_an_error_page_is_in_the_site_look_with_a_way_back_and_no_details(client, url, status, title):
    # when
    response = client.get(url)
    # then
    assert response.status_code == status
    page = page_of(response)
    assert HEADER in page and f"<h1>{title}</h1>" in page and BACK in page
    assert not any(secret in page for secret in SECRETS)


@pytest.mark.django_db
def test_the_404_page_shows_the_signed_in_account_and_the_path(client):
    # given
    client.force_login(User.objects.create_user("ada", "ada@example.edu", PASSWORD))
    # when
    page = page_of(client.get("/schedules/nowhere/at/all/"))
    # then
    assert '<span class="visually-hidden">Signed in as </span>ada</li>' in page
    assert "<code>/schedules/nowhere/at/all/</code>" in page


def test_the_403_page_offers_an_anonymous_visitor_to_sign_in_first(client):
    page = page_of(client.get("/fail/forbidden/"))

    assert 'href="/accounts/login/?next=/fail/forbidden/"' in page


@pytest.mark.django_db
def test_a_staff_member_without_the_permission_gets_the_403_page_from_the_admin(client):
    # given: staff, with no permission on friendships
    client.force_login(User.objects.create_user("clerk", "c@example.edu", PASSWORD, is_staff=True))
    # when
    response = client.get("/admin/accounts/friendship/")
    # then
    assert response.status_code == 403
    assert "<h1>Not allowed</h1>" in page_of(response)


def test_a_request_for_a_host_not_allowed_gets_the_400_page(client):
    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in page_of(response)


def test_the_500_page_renders_with_no_context_no_database_and_no_urlconf(settings):
    # given: no database (this test may not use it) and a URLconf that cannot be imported
    settings.ROOT_URLCONF = "no.such.urlconf"
    # when
    page = loader.get_template("500.html").render()
    # then
    assert HEADER in page and BACK in page


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/v1/no-such-thing/", 404, "not_found"),
        ("/api/v1/fail/forbidden/", 403, "permission_denied"),
        ("/api/v1/fail/suspicious/", 400, "parse_error"),
        ("/api/v1/fail/broken/", 500, "server_error"),
    ],
)
def test_under_api_the_errors_stay_json_in_the_error_shape(client, url, status, code):
    # when
    response = client.get(url)
    # then
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert (error["status"], error["code"], error["fields"]) == (status, code, {})
    assert not any(secret in response.content.decode() for secret in SECRETS)


@pytest.mark.parametrize("url", ["/api/v1/nope/", "/api/v1/generations/not-a-uuid/", "/api"])
def test_under_api_an_unknown_url_is_a_json_404_with_debug_on_too(client, settings, url):
    # given: Django's DEBUG answers a URL no pattern matches with its HTML page, not handler404
    settings.DEBUG = True
    # when
    response = client.get(url)
    # then
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json()["error"] == {
        "status": 404,
        "code": "not_found",
        "message": f"No such resource: {url}",
        "fields": {},
    }
    # and the headers every answer carries, as with DEBUG off
    assert (response["X-Content-Type-Options"], response["X-Frame-Options"]) == ("nosniff", "DENY")
    assert response["Referrer-Policy"] == "same-origin"


def test_under_api_a_host_not_allowed_is_a_json_400(client):
    response = client.get("/api/v1/institutions/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


@pytest.mark.django_db
def test_a_form_posted_without_its_csrf_token_gets_the_site_s_form_expired_page():
    # given: a browser whose form lost its CSRF cookie
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    # when
    response = browser.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    # then: the site's page, saying what to do, not Django's bare one
    assert response.status_code == 403
    page = page_of(response)
    assert HEADER in page and "<h1>Form expired</h1>" in page and BACK in page
    assert "reload the" in page and "CSRF" not in page
