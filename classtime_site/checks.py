"""`manage.py check --deploy` warnings for production settings that work but lose mail or
links (docs/operations.md, "Email")."""

from django.conf import settings
from django.core import checks

CONSOLE_MAIL = "django.core.mail.backends.console.EmailBackend"
LAPTOP_SITE = "http://127.0.0.1:8000"


@checks.register(checks.Tags.security, deploy=True)
def production_mail_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Mail printed to a process's output, and change emails linking to a laptop's address."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    found = []
    if settings.EMAIL_BACKEND == CONSOLE_MAIL:
        found.append(
            checks.Warning(
                "Mail is printed to the output of the process that sends it (the web process for password "
                "resets, the Celery workers for change emails), so reset links land in the logs and no "
                "student gets one.",
                hint="Set DJANGO_EMAIL_HOST (or DJANGO_EMAIL_BACKEND); docs/operations.md, Email.",
                id="classtime.W001",
            )
        )
    if settings.CLASSTIME_SITE_URL.rstrip("/") == LAPTOP_SITE:
        found.append(
            checks.Warning(
                f"CLASSTIME_SITE_URL is {LAPTOP_SITE}: change emails link students there.",
                hint="Set CLASSTIME_SITE_URL to the site's address, e.g. https://classtime.example.edu.",
                id="classtime.W002",
            )
        )
    return found
