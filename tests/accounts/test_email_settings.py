"""Password reset mails: printed to the console by default, sent by SMTP once DJANGO_EMAIL_HOST
is set (docs/operations.md)."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EMAIL_SETTINGS = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "EMAIL_USE_SSL", "DEFAULT_FROM_EMAIL"]


def email_settings(**env: str) -> list[str]:
    base = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_EMAIL") and k != "DJANGO_DEFAULT_FROM_EMAIL"
    }
    code = f"from django.conf import settings as s; print(*[getattr(s, n) for n in {EMAIL_SETTINGS!r}], sep='|')"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=REPO,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split("|")


def test_with_nothing_set_mails_are_printed_to_the_console():
    assert email_settings()[0] == "django.core.mail.backends.console.EmailBackend"


def test_an_smtp_host_switches_to_smtp_with_starttls_on_587_by_default():
    backend, host, port, tls, ssl, sender = email_settings(
        DJANGO_EMAIL_HOST="smtp.example.edu", DJANGO_DEFAULT_FROM_EMAIL="Classtime <classtime@example.edu>"
    )

    assert backend == "django.core.mail.backends.smtp.EmailBackend"
    assert (host, port, tls, ssl) == ("smtp.example.edu", "587", "True", "False")
    assert sender == "Classtime <classtime@example.edu>"


def test_implicit_tls_turns_starttls_off_and_uses_port_465():
    _, _, port, tls, ssl, _ = email_settings(DJANGO_EMAIL_HOST="smtp.example.edu", DJANGO_EMAIL_USE_SSL="1")

    assert (port, tls, ssl) == ("465", "False", "True")
