"""Expired sign-in sessions are deleted by a daily task (Django never deletes them itself)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts import tasks

pytestmark = pytest.mark.django_db


def test_the_daily_task_deletes_expired_sessions_and_keeps_live_ones():
    # given: a live session and one that expired yesterday
    live, expired = SessionStore(), SessionStore()
    live.create()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=timezone.now() - timedelta(days=1))
    # when
    deleted = tasks.sessions_clear_expired()
    # then
    assert deleted == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
