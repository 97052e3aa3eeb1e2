"""`manage.py check --deploy` warnings for production settings that work but lose mail or
links (docs/operations.md, "Email"), or leave the embedded default's SQLite file and in-process
tasks and caches in place (docs/operations.md, "Environment variables"); with `--database
default`, a PostgreSQL server running without autovacuum (docs/operations.md, "Deploying")."""

from django.conf import settings
from django.core import checks
from django.db import connections

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


@checks.register(deploy=True)
def production_services_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """The embedded default's SQLite file and in-process tasks and caches, left on in production."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    found = []
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        found.append(
            checks.Warning(
                "The database is a SQLite file: every web and worker process writes to it, one writer at a "
                "time, and the processes of another machine cannot share it.",
                hint="Set DATABASE_URL to a PostgreSQL database; docs/operations.md, Two configurations.",
                id="classtime.W003",
            )
        )
    if not settings.REDIS_URL:
        found.append(
            checks.Warning(
                "REDIS_URL is not set: generation jobs and catalog imports run inside the web request that "
                "starts them, and each web process keeps its own API rate limits, cached answers and "
                "Idempotency-Keys, so a client gets N times its limit and a retry sent to another process "
                "is done twice.",
                hint="Set REDIS_URL and run Celery workers; docs/operations.md, Generation jobs and Celery.",
                id="classtime.W004",
            )
        )
    return found


@checks.register(checks.Tags.database, deploy=True)
def postgresql_autovacuum_check(app_configs, databases=None, **kwargs) -> list[checks.CheckMessage]:
    """A PostgreSQL server running without autovacuum, which leaves every deleted or rolled-back
    row in the tables for each scan to read. Asks the server, so only with `--database`."""
    found = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SHOW autovacuum")
            (autovacuum,) = cursor.fetchone()
        if autovacuum != "on":
            found.append(
                checks.Warning(
                    f"PostgreSQL (database {alias!r}) runs with autovacuum {autovacuum}: the rows every import, "
                    "edit and expired job deletes or rolls back stay in the tables, and every scan reads them, so "
                    "the site grows slower with use.",
                    hint="Set autovacuum = on in postgresql.conf (its default) and reload; docs/operations.md, "
                    "Deploying.",
                    id="classtime.W005",
                )
            )
    return found
