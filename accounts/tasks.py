"""Celery tasks of the accounts app."""

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone


@shared_task(ignore_result=True, name="accounts.sessions_clear_expired")
def sessions_clear_expired() -> int:
    """Periodic (beat, daily): delete expired sign-in sessions, which Django never deletes by
    itself (what `manage.py clearsessions` does); returns how many."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
