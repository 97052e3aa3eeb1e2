"""Sending one notice email (a saved schedule's changes, a seat alert): what a send that failed
means to the run that sent it."""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

log = logging.getLogger(__name__)


def notice_send(*, subject: str, body: str, context: dict[str, Any], to: str, what: str) -> bool:
    """Email `to` the notice rendered from the templates `subject` and `body`; whether to record
    it as told. A failure is logged (`what` names the notice) and answers False, so the run looks
    at it again next time; an address the mail server refuses itself (`SMTPRecipientsRefused`, no
    such mailbox) answers True, as sending it again every run would not help. The task's time
    running out is no mail failure: it is raised."""
    try:
        send_mail(
            subject=render_to_string(subject, context).strip(),
            message=render_to_string(body, context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[to],
        )
    except SoftTimeLimitExceeded:
        raise
    except smtplib.SMTPRecipientsRefused:
        log.warning("%s: the mail server refused its address", what)
        return True
    except Exception:
        log.exception("%s could not be sent", what)
        return False
    return True
