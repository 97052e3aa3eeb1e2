"""Every curl example in README.md and docs/*.md, run as written against the demo catalog."""

import re
import shlex

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from accounts.services import token_create
from tests.conftest import REPO

pytestmark = pytest.mark.django_db(transaction=True)  # a generation job is enqueued on commit

BLOCK = re.compile(r"^```[a-z]*\n(.*?)^```", re.S | re.M)


def curl_examples() -> list[tuple[str, list[str]]]:
    """(where, argv) of each curl command in a fenced block of the README and the docs."""
    found = []
    for path in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        for block in BLOCK.findall(path.read_text()):
            if "curl " not in block:
                continue
            words = shlex.split(block.replace("\\\n", " "))
            starts = [i for i, word in enumerate(words) if word == "curl"]
            for n, (start, end) in enumerate(zip(starts, [*starts[1:], len(words)], strict=True)):
                found.append((f"{path.name} #{n + 1}", words[start + 1 : end]))
    return found


def request_of(argv: list[str], key: str) -> dict:
    """The method, path, headers and body a curl command line sends."""
    method, headers, body, url = None, {}, None, None
    words = iter(argv)
    for word in words:
        if word == "-X":
            method = next(words)
        elif word == "-H":
            name, _, value = next(words).partition(":")
            headers[name.strip()] = value.strip().replace("$KEY", key)
        elif word in ("-d", "--data"):
            body = next(words)
        elif word.startswith("http"):
            url = word
        else:
            assert word in ("-s", "-i"), f"an option the test does not know: {word}"
    path = re.sub(r"^https?://[^/]+", "", url)
    return {"method": method or ("POST" if body is not None else "GET"), "path": path, "headers": headers, "body": body}


EXAMPLES = curl_examples()


@pytest.fixture
def in_process_tasks(settings):
    from classtime_site.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = bool(not settings.REDIS_URL)


def test_the_docs_have_curl_examples_to_run():
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize(("where", "argv"), EXAMPLES, ids=[where for where, _ in EXAMPLES])
def test_a_curl_example_of_the_docs_works_as_written(where, argv, demo, in_process_tasks):
    # given: the demo catalog, a student with a token and someone to ask to be friends
    User.objects.create_user("grace", password="pw-grace-123456")
    _, key = token_create(owner=User.objects.create_user("ada", password="pw-ada-123456"), name="docs")
    sent = request_of(argv, key)
    extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in sent["headers"].items()}
    content_type = extra.pop("HTTP_CONTENT_TYPE", None)
    # when
    response = APIClient().generic(
        sent["method"], sent["path"], data=sent["body"] or "", content_type=content_type, **extra
    )
    # then: a success, and a search finds something
    assert 200 <= response.status_code < 300, (where, response.content[:500])
    if "courses/?" in sent["path"]:
        assert response.json()["count"] > 0, where
