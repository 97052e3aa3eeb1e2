"""An answer to HEAD carries its GET's status and headers and no body: gunicorn logs a warning
for every body the application hands it for a HEAD (health probes, `curl -I`)."""

from wsgiref.util import setup_testing_defaults

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

pytestmark = pytest.mark.django_db


def wsgi_head(path: str) -> tuple[str, dict[str, str], bytes]:
    """Status, headers and body bytes of a HEAD of `path`, asked of the WSGI application as
    gunicorn asks it (Django's test client empties the body itself, as a server would)."""
    environ = {"REQUEST_METHOD": "HEAD", "PATH_INFO": path}
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    # as the test client does: the test's transaction keeps its connection between requests
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = get_wsgi_application()(environ, start_response)
        body = b"".join(result)
        result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return started["status"], started["headers"], body


def test_a_head_of_the_health_checks_and_an_api_list_has_no_body(client):
    # when
    live = client.head("/healthz")
    ready = client.head("/readyz")
    terms = client.head("/api/v1/terms/")
    # then
    assert [live.status_code, ready.status_code, terms.status_code] == [200, 200, 200]
    assert live.content == ready.content == terms.content == b""
    assert terms["Content-Type"] == "application/json"


def test_the_application_hands_the_server_no_body_for_a_head():
    # when
    live = wsgi_head("/healthz")
    ready = wsgi_head("/readyz")
    terms = wsgi_head("/api/v1/terms/")
    # then: status and headers as a GET's, no body bytes
    assert [live[0], ready[0], terms[0]] == ["200 OK"] * 3
    assert live[2] == ready[2] == terms[2] == b""
    assert terms[1]["Content-Type"] == "application/json"


def test_a_head_keeps_the_content_length_its_get_gives(client):
    # when
    get = client.get("/api/v1/terms/")
    head = wsgi_head("/api/v1/terms/")
    # then: the length of the body a GET sends (RFC 9110, 8.6), though none is sent
    assert head[1]["Content-Length"] == get["Content-Length"] == str(len(get.content))
    assert head[2] == b""


def test_an_anonymous_head_of_every_api_read_answers_as_its_get(client):
    # given: every operation of the schema read with GET on a path with no parameter
    schema = client.get("/api/v1/schema/?format=json").json()
    paths = [path for path, operations in schema["paths"].items() if "get" in operations and "{" not in path]
    # when
    answers = {path: (client.get(path).status_code, client.head(path).status_code) for path in paths}
    # then: HEAD is GET without the body, the 401 of a list needing an account included (it was a 500)
    assert "/api/v1/generations/" in answers and answers["/api/v1/generations/"][0] == 401
    assert {path: got for path, (got, _) in answers.items()} == {path: head for path, (_, head) in answers.items()}
