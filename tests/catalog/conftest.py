"""Fixtures shared by the catalog tests."""

import pytest
from django.contrib.auth.models import User

from catalog import tasks


@pytest.fixture
def sent(settings, monkeypatch) -> list[int]:
    """The import run ids sent to the workers, in order, by a broker that holds them (no worker
    runs)."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    messages: list[int] = []
    monkeypatch.setattr(tasks.import_run_execute, "apply_async", lambda args, **kwargs: messages.extend(args))
    return messages


@pytest.fixture
def staff_client(client):
    """The test client signed in as a registrar (a superuser)."""
    client.force_login(User.objects.create_superuser("registrar", "r@example.edu", "pw-registrar-1"))
    return client
