"""Fixtures of the saved schedule tests: the demo catalog, two students, their API clients, and
modified copies of the demo catalog to re-import."""

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.conftest import DEMO_CATALOG

# CS 1110 lecture 001 + lab 102, CHEM 1410 lecture 100 + its discussion 101, MATH 1310 lecture 002.
SECTIONS = ["40001", "40005", "40010", "40012", "40024"]


@pytest.fixture(autouse=True)
def no_throttling(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "generation": None, "course_fits": None},
    }


@pytest.fixture(autouse=True)
def in_process_tasks(settings):
    """Generation jobs run in-process, also in the PostgreSQL + Redis pass."""
    from classtime_site.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = bool(not settings.REDIS_URL)


def demo_data() -> dict:
    return json.loads(DEMO_CATALOG.read_text())


def import_catalog(path: Path) -> None:
    call_command("import_catalog", str(path), "--format", "canonical", stdout=None)


@pytest.fixture
def demo(db):
    import_catalog(DEMO_CATALOG)


@pytest.fixture
def reimport(tmp_path) -> Callable[[Callable[[dict], None]], None]:
    """Re-import the demo catalog after `edit` changed a copy of it (in place)."""

    def run(edit: Callable[[dict], None]) -> None:
        data = copy.deepcopy(demo_data())
        edit(data)
        path = tmp_path / f"edited-{len(list(tmp_path.iterdir()))}.json"
        path.write_text(json.dumps(data))
        import_catalog(path)

    return run


def section_of(data: dict, registrar_id: str) -> dict:
    for course in data["courses"]:
        for component in course["components"]:
            for s in component["sections"]:
                if s["id"] == registrar_id:
                    return s
    raise KeyError(registrar_id)


def drop_section(data: dict, registrar_id: str) -> None:
    for course in data["courses"]:
        for component in course["components"]:
            component["sections"] = [s for s in component["sections"] if s["id"] != registrar_id]


def move_section(data: dict, registrar_id: str, kind: str, name: str) -> None:
    """The registrar lists the section under another component of its course."""
    section = section_of(data, registrar_id)
    for course in data["courses"]:
        for component in course["components"]:
            if section in component["sections"]:
                component["sections"].remove(section)
                course["components"].append({"kind": kind, "name": name, "sections": [section]})
                return


def move_to_course(data: dict, registrar_id: str, course_code: str) -> None:
    """The registrar lists the section under the same component of another course."""
    section = section_of(data, registrar_id)
    kind = next(c["kind"] for course in data["courses"] for c in course["components"] if section in c["sections"])
    drop_section(data, registrar_id)
    course = next(c for c in data["courses"] if f"{c['subject']} {c['number']}" == course_code)
    next(c for c in course["components"] if c["kind"] == kind)["sections"].append(section)


@pytest.fixture
def ada(db) -> User:
    return User.objects.create_user("ada", password="pw-ada-1234")


@pytest.fixture
def bob(db) -> User:
    return User.objects.create_user("bob", password="pw-bob-1234")


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def ada_api(ada) -> APIClient:
    return client_for(ada)


@pytest.fixture
def bob_api(bob) -> APIClient:
    return client_for(bob)


@pytest.fixture
def ada_client(ada, client):
    """The test client signed in as ada, for the pages."""
    client.force_login(ada)
    return client


def public_answers(share: str, feed: str) -> list[tuple[int, bytes]]:
    """What anyone gets from a share link (API and page) and a calendar feed, by token (the
    404 page names the address asked for: the tokens are masked so answers compare)."""
    anyone = APIClient()
    paths = [f"/api/v1/shared/{share}/", f"/s/{share}/", f"/calendar/{feed}.ics"]
    masked = lambda body: body.replace(share.encode(), b"<share>").replace(feed.encode(), b"<feed>")  # noqa: E731
    return [(response.status_code, masked(response.content)) for response in map(anyone.get, paths)]


def save(api: APIClient, **fields):
    body = {"term": "2026-fall", "name": "Mornings free", "notes": "", "sections": SECTIONS, **fields}
    return api.post("/api/v1/schedules/", body, format="json")
