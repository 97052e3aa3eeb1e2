"""The settings read the environment: embedded default, PostgreSQL + Redis, production checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BASE_ENV = {
    k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG", "DJANGO_PRODUCTION"}
}


def manage(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**BASE_ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_value(expression: str, env: dict[str, str] | None = None) -> str:
    code = f"from django.conf import settings; print({expression})"
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def sqlite_journal_and_busy_timeout(env: dict[str, str]) -> subprocess.CompletedProcess:
    """What the default database connection says of its journal mode and busy timeout."""
    return manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], "
        "c.execute('PRAGMA busy_timeout').fetchone()[0])",
        env=env,
    )


def test_with_nothing_set_the_app_uses_a_sqlite_file_in_wal_mode_and_eager_celery(tmp_path):
    env = {"CLASSTIME_SQLITE_PATH": str(tmp_path / "db.sqlite3")}

    journal = sqlite_journal_and_busy_timeout(env)

    assert journal.returncode == 0, journal.stderr
    assert journal.stdout.split() == ["wal", "20000"]
    assert settings_value("settings.DATABASES['default']['OPTIONS']['transaction_mode']", env) == "IMMEDIATE"
    assert settings_value("settings.CELERY_TASK_ALWAYS_EAGER, settings.DEBUG", env) == "True False"


def test_an_empty_rate_variable_turns_its_throttle_scope_off():
    env = {"CLASSTIME_ANON_RATE": "", "CLASSTIME_USER_RATE": "", "CLASSTIME_GENERATION_RATE": ""}
    env["CLASSTIME_COURSE_FITS_RATE"] = ""

    rates = settings_value("sorted(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'].items())", env)

    # None is off; an empty string reached parse_rate and made every generation request a 500
    assert rates == "[('anon', None), ('course_fits', None), ('generation', None), ('user', None)]"


def test_course_fits_have_a_rate_of_their_own_settable_by_its_variable():
    # when
    default = settings_value("settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['course_fits']", {})
    set_ = settings_value(
        "settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['course_fits']", {"CLASSTIME_COURSE_FITS_RATE": "5/second"}
    )
    # then
    assert (default, set_) == ("60/minute", "5/second")


def test_database_url_and_redis_url_switch_to_postgresql_and_a_redis_broker():
    env = {
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/classtime",
        "REDIS_URL": "redis://127.0.0.1:6379/3",
    }

    value = settings_value(
        "settings.DATABASES['default']['ENGINE'], settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER",
        env,
    )

    assert value == "django.db.backends.postgresql redis://127.0.0.1:6379/3 False"


def test_postgresql_connections_stop_a_statement_after_30_seconds_unless_told_otherwise():
    # given
    url = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/classtime"}
    options = "settings.DATABASES['default']['OPTIONS'].get('options')"
    # when
    default = settings_value(options, url)
    shorter = settings_value(options, {**url, "CLASSTIME_STATEMENT_TIMEOUT": "2.5"})
    off = settings_value(options, {**url, "CLASSTIME_STATEMENT_TIMEOUT": "0"})
    tiny = settings_value(options, {**url, "CLASSTIME_STATEMENT_TIMEOUT": "0.0004"})
    kept = settings_value(options, {"DATABASE_URL": url["DATABASE_URL"] + "?options=-c%20work_mem%3D8MB"})
    # then
    keepalives = (
        "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3 -c tcp_user_timeout=10000"
    )
    assert default == f"{keepalives} -c statement_timeout=30000"
    assert shorter == f"{keepalives} -c statement_timeout=2500"
    assert off == "None"  # no startup option at all: PgBouncer refuses them
    assert tiny == f"{keepalives} -c statement_timeout=1"  # a positive value is never rounded down to off
    assert kept == f"-c work_mem=8MB {keepalives} -c statement_timeout=30000"


def test_postgresql_and_redis_connections_give_up_on_a_silent_network_within_seconds():
    # given
    env = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/classtime", "REDIS_URL": "redis://127.0.0.1:6379/3"}
    url_says = {**env, "DATABASE_URL": env["DATABASE_URL"] + "?connect_timeout=10"}
    database = "{k: v for k, v in settings.DATABASES['default']['OPTIONS'].items() if k != 'options'}"
    cache = "settings.CACHES['default']['OPTIONS'], settings.CACHES['idempotency']['OPTIONS']"
    # when
    options, own, caches = settings_value(database, env), settings_value(database, url_says), settings_value(cache, env)
    # then: libpq's timeouts and keepalives (a URL's own value kept), and Redis's socket timeouts
    assert options == str(
        {
            "connect_timeout": 3,
            "keepalives": 1,
            "keepalives_idle": 5,
            "keepalives_interval": 2,
            "keepalives_count": 3,
            "tcp_user_timeout": 5000,
        }
    )
    assert "'connect_timeout': 10," in own
    assert caches == " ".join([str({"socket_connect_timeout": 0.5, "socket_timeout": 0.5})] * 2)


def test_a_sqlite_database_url_gets_the_embedded_tuning_and_no_postgresql_options(tmp_path):
    # given
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}"}
    # when
    migrated = manage("migrate", "--noinput", "-v0", env=env)
    journal = sqlite_journal_and_busy_timeout(env)
    # then: the timeout's `options` made every connection fail ("invalid keyword argument")
    assert migrated.returncode == 0, migrated.stderr
    assert journal.stdout.split() == ["wal", "20000"], journal.stderr
    assert (tmp_path / "other.sqlite3").stat().st_size > 0


def test_a_statement_timeout_that_is_not_a_number_of_seconds_is_refused_naming_the_variable():
    env = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/classtime", "CLASSTIME_STATEMENT_TIMEOUT": "30s"}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "CLASSTIME_STATEMENT_TIMEOUT must be a number of seconds (0 turns it off), not '30s'" in result.stderr


def test_production_settings_pass_check_deploy_with_no_warnings():
    env = {
        "DJANGO_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x9Qz" * 12,
        "DJANGO_ALLOWED_HOSTS": "classtime.example.edu",
        "DJANGO_EMAIL_HOST": "smtp.example.edu",
        "CLASSTIME_SITE_URL": "https://classtime.example.edu",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/classtime",
        "REDIS_URL": "redis://127.0.0.1:6379/3",
    }

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_check_deploy_warns_of_mail_printed_to_the_logs_and_links_to_a_laptop():
    # given: production settings with no mail server and no site address
    env = {
        "DJANGO_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x9Qz" * 12,
        "DJANGO_ALLOWED_HOSTS": "classtime.example.edu",
    }
    # when
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    # then
    assert result.returncode != 0
    output = result.stderr + result.stdout
    assert "classtime.W001" in output and "reset links land in the logs" in output
    assert "classtime.W002" in output and "CLASSTIME_SITE_URL is http://127.0.0.1:8000" in output


def test_check_deploy_warns_of_a_sqlite_database_and_no_redis_in_production():
    # given: production settings with mail and a site address, but neither DATABASE_URL nor REDIS_URL
    env = {
        **PRODUCTION_ENV,
        "DJANGO_EMAIL_HOST": "smtp.example.edu",
        "CLASSTIME_SITE_URL": "https://classtime.example.edu",
    }
    # when
    neither = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    no_redis = manage("check", "--deploy", "--fail-level", "WARNING", env={**env, "DATABASE_URL": POSTGRES})
    no_database = manage("check", "--deploy", "--fail-level", "WARNING", env={**env, "REDIS_URL": REDIS})
    # then
    assert neither.returncode != 0
    output = neither.stderr + neither.stdout
    assert "classtime.W003" in output and "The database is a SQLite file" in output
    assert "classtime.W004" in output and "run inside the web request" in output and "Idempotency-Keys" in output
    assert "classtime.W004" in no_redis.stderr and "classtime.W003" not in no_redis.stderr
    assert "classtime.W003" in no_database.stderr and "classtime.W004" not in no_database.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env={"DJANGO_PRODUCTION": "1"})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


POSTGRES = "postgres://postgres@127.0.0.1:5432/classtime"
REDIS = "redis://127.0.0.1:6379/3"
PRODUCTION_ENV = {
    "DJANGO_PRODUCTION": "1",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x9Qz" * 12,
    "DJANGO_ALLOWED_HOSTS": "classtime.example.edu",
}


def test_production_refuses_to_start_with_debug_on():
    result = manage("check", env={**PRODUCTION_ENV, "DJANGO_DEBUG": "1"})

    assert result.returncode != 0
    assert "DJANGO_DEBUG must not be set when DJANGO_PRODUCTION=1" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", env={**PRODUCTION_ENV, "DJANGO_ALLOWED_HOSTS": ""})

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set when DJANGO_PRODUCTION=1" in result.stderr


def test_the_client_address_ignores_x_forwarded_for_unless_proxies_are_declared():
    # when
    embedded = settings_value("settings.REST_FRAMEWORK['NUM_PROXIES']")
    production = settings_value("settings.REST_FRAMEWORK['NUM_PROXIES']", PRODUCTION_ENV)
    two = settings_value("settings.REST_FRAMEWORK['NUM_PROXIES']", {"CLASSTIME_NUM_PROXIES": "2"})
    bad = manage("check", env={"CLASSTIME_NUM_PROXIES": "one"})
    # then: none in front by default; production sits behind its TLS proxy (it trusts X-Forwarded-Proto)
    assert (embedded, production, two) == ("0", "1", "2")
    assert bad.returncode != 0 and "CLASSTIME_NUM_PROXIES must be a whole number of proxies" in bad.stderr


def test_hsts_covers_subdomains_unless_turned_off_and_preloads_only_when_asked():
    # given
    hsts = "settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD"
    # when
    default = settings_value(hsts, PRODUCTION_ENV)
    preload = settings_value(hsts, {**PRODUCTION_ENV, "CLASSTIME_HSTS_PRELOAD": "1"})
    no_subdomains = settings_value(hsts, {**PRODUCTION_ENV, "CLASSTIME_HSTS_INCLUDE_SUBDOMAINS": "0"})
    # then
    assert default == "True False"
    assert preload == "True True"
    assert no_subdomains == "False False"


def test_check_deploy_does_not_warn_of_hsts_options_the_operator_left_off():
    # given
    env = {
        **PRODUCTION_ENV,
        "DJANGO_EMAIL_HOST": "smtp.example.edu",
        "CLASSTIME_SITE_URL": "https://classtime.example.edu",
        "DATABASE_URL": POSTGRES,
        "REDIS_URL": REDIS,
        "CLASSTIME_HSTS_INCLUDE_SUBDOMAINS": "0",
    }
    # when
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    # then
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_passwords_are_hashed_with_pbkdf2_though_the_tests_use_a_cheap_hasher():
    # given the settings module as production reads it, and the global defaults it leaves
    from django.conf import global_settings

    from classtime_site import settings as app_settings

    # when
    hashers = getattr(app_settings, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    # then
    assert hashers[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"


def test_the_configured_broker_connects_without_a_warning(caplog):
    # given: the embedded default's in-memory broker, or Redis in the production pass
    import logging

    from django.conf import settings
    from kombu import Connection

    # when
    with caplog.at_level(logging.WARNING, logger="kombu.connection"), Connection(settings.CELERY_BROKER_URL) as broker:
        broker.info()  # what Celery reads of it when a task is sent (the warning came from there)
    # then: no "No hostname was supplied. Reverting to default 'localhost'" at every start
    assert [record.getMessage() for record in caplog.records if record.name == "kombu.connection"] == []


def test_a_django_log_line_is_written_once_with_debug_on(tmp_path):
    # given: runserver's "Watching for file changes" is a django.utils.autoreload INFO record
    code = "import logging; logging.getLogger('django.utils.autoreload').info('watching once')"
    env = {"DJANGO_DEBUG": "1", "CLASSTIME_SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    # when
    result = manage("shell", "--no-imports", "-c", code, env=env)
    # then: Django's own console handler and the root's did not both write it
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("watching once") == 1, result.stderr


@pytest.mark.django_db
def test_check_deploy_with_the_database_warns_of_postgresql_running_without_autovacuum():
    # given: what the server says (this machine's PostgreSQL runs without autovacuum); SQLite has none
    from django.db import connection

    from classtime_site.checks import postgresql_autovacuum_check

    expected = []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW autovacuum")
            expected = [] if cursor.fetchone()[0] == "on" else ["classtime.W005"]
    # when
    found = postgresql_autovacuum_check(None, databases=["default"])
    not_asked = postgresql_autovacuum_check(None)  # `check --deploy` without --database
    # then
    assert [message.id for message in found] == expected and not_asked == []
