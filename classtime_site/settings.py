"""Settings, read from the environment.

Nothing set: the embedded default (SQLite file in the project, Celery tasks in-process, DEBUG
off unless DJANGO_DEBUG=1, which `make run` sets). DATABASE_URL switches to PostgreSQL,
REDIS_URL to a Redis broker and cache. DJANGO_PRODUCTION=1 turns on the HTTPS hardening that
`manage.py check --deploy` asks for and insists on a real DJANGO_SECRET_KEY.
See docs/operations.md for every variable.
"""

import math
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    """True when the variable is set to 1/true/yes/on (any case)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")
PRODUCTION = env_flag("DJANGO_PRODUCTION")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_PRODUCTION=1")
    SECRET_KEY = "django-insecure-embedded-default-key-for-local-use-only"

if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "DJANGO_DEBUG must not be set when DJANGO_PRODUCTION=1: debug pages show settings and code to anyone"
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must be set when DJANGO_PRODUCTION=1 (the site's host names, comma-separated)"
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    # ahead of django.contrib.auth, so that its changepassword and createsuperuser commands replace
    # Django's (a password set by an operator revokes the user's tokens; usernames unique in any case)
    "accounts",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "catalog",
    "scheduler",
    "web",
]

MIDDLEWARE = [
    # outermost: it empties the body of every answer to HEAD, the health checks' too
    "classtime_site.middleware.HeadWithoutBodyMiddleware",
    # next: a balancer's probe carries no allowed Host and comes over plain HTTP
    "classtime_site.health.HealthCheckMiddleware",
    "classtime_site.middleware.DatabaseUnavailableMiddleware",
    "classtime_site.middleware.KeepMethodOnRedirectMiddleware",  # a POST's HTTPS redirect is a 308
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # inside SecurityMiddleware, so its JSON 404 gets the security headers; before AppendSlash, which
    # answers 404s too
    "classtime_site.middleware.ApiNotFoundMiddleware",
    "classtime_site.middleware.AppendSlashMiddleware",
    "classtime_site.middleware.RateLimitHeadersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # after it, so its answer is seen once the view has read (or not) who is signed in
    "classtime_site.middleware.SignedInAnswersPrivateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "classtime_site.middleware.AccountDeletedMiddleware",  # needs the user and the messages
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # innermost: its answers pass out through every other, with the headers every answer carries
    "classtime_site.middleware.NulCharacterMiddleware",
]

ROOT_URLCONF = "classtime_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "classtime_site.wsgi.application"


PG_CLIENT_OPTIONS = {  # libpq's (seconds, but tcp_user_timeout in milliseconds); a DATABASE_URL's own win
    "connect_timeout": 3,
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
    "tcp_user_timeout": 5000,
}
# the server's side of the same (milliseconds for tcp_user_timeout); an import's transaction also
# sets its own idle limit (catalog.services.run_lock_take): others may wait on a mail server
PG_SERVER_OPTIONS = (
    "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3 -c tcp_user_timeout=10000"
)


def statement_timeout_ms() -> int:
    """PostgreSQL's `statement_timeout` for every connection, in milliseconds, from
    CLASSTIME_STATEMENT_TIMEOUT (seconds, default 30; 0 turns it off, e.g. for a migration
    rewriting a very large table)."""
    raw = os.environ.get("CLASSTIME_STATEMENT_TIMEOUT", "30").strip()
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1
    if not seconds >= 0 or seconds == float("inf"):
        raise ImproperlyConfigured(
            f"CLASSTIME_STATEMENT_TIMEOUT must be a number of seconds (0 turns it off), not {raw!r}"
        )
    return math.ceil(seconds * 1000)  # a positive value never rounds down to 0, which is off


# Database: PostgreSQL from DATABASE_URL, else a SQLite file tuned for a few concurrent
# writers (WAL journal, IMMEDIATE transactions so writers queue instead of failing on upgrade,
# and a busy timeout). A sqlite:// DATABASE_URL gets the same tuning; only PostgreSQL gets the
# statement timeout (other drivers refuse its `options`).
SQLITE_PATH = Path(os.environ.get("CLASSTIME_SQLITE_PATH", BASE_DIR / "db.sqlite3"))
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": ("PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"),
}
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
    db_options = DATABASES["default"].setdefault("OPTIONS", {})
    engine = DATABASES["default"]["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **db_options}
    elif engine == "django.db.backends.postgresql":
        # a network that goes silent (a partition, a frozen machine) is noticed within seconds
        # on both ends instead of hanging: here by libpq (connect_timeout, keepalives, and
        # tcp_user_timeout for data sent and never acknowledged), so a request answers 503 and
        # /readyz fails instead of waiting out gunicorn's timeout; on the server by its own
        # keepalives, so a worker cut off mid-import loses its transaction, and its locks, in
        # about 25 s (a lost import run is then truly "nothing written") instead of holding them
        # for the kernel's two hours and committing when the network comes back
        db_options.update({**PG_CLIENT_OPTIONS, **db_options})
        if statement_timeout := statement_timeout_ms():
            # one statement never holds a connection and PostgreSQL's CPU for more than this: a
            # pathological query answers 503 (classtime_site.api) instead of piling up behind
            # itself. With it off, no startup option is sent at all (PgBouncer refuses them):
            # the database role carries both settings then (docs/operations.md)
            options = f"{db_options.get('options', '')} {PG_SERVER_OPTIONS} -c statement_timeout={statement_timeout}"
            db_options["options"] = options.strip()
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "classtime_site.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "classtime",
            "TIMEOUT": 300,
            # a Redis that goes silent costs a cache call half a second, not redis-py's default
            # of five: the site answers without its cache (docs/operations.md) in time
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Idempotency keys (classtime_site/idempotency.py) apart from the default cache, whose answers
# and throttle counters would evict them: the same Redis in production; on the embedded
# default, one process's memory with room for a day of keys.
CACHES["idempotency"] = (
    {**CACHES["default"], "KEY_PREFIX": "classtime-idem"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "idempotency",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
)

# Celery: JSON only, late acknowledgement, one message at a time per worker process, time
# limits below the broker's visibility timeout so a lost worker's job is redelivered only
# after it could no longer be running. Without REDIS_URL tasks run in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost//"  # a host named: kombu warns of none on every start
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CLASSTIME_TASK_SOFT_TIME_LIMIT", "60"))
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CLASSTIME_TASK_TIME_LIMIT", "90"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CLASSTIME_VISIBILITY_TIMEOUT", "300")),
    "socket_connect_timeout": 2,
    # also what sending a job to a silent (frozen) Redis waits: not lower, since the same options
    # serve the workers' BRPOP, which waits up to 1 s for a message (docs/operations.md)
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CLASSTIME_CELERY_QUEUE", "classtime")
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-generation-jobs": {
        "task": "scheduler.generation_jobs_requeue_stale",
        "schedule": float(os.environ.get("CLASSTIME_REQUEUE_EVERY_SECONDS", "10")),
    },
    "requeue-stale-import-runs": {
        "task": "catalog.import_runs_requeue_stale",
        "schedule": 60.0,
    },
    # dry runs not applied within a week let go of their file; expired sessions are deleted
    "release-stale-import-previews": {"task": "catalog.import_previews_release", "schedule": 86400.0},
    "clear-expired-sessions": {"task": "accounts.sessions_clear_expired", "schedule": 86400.0},
    # saved schedules deleted over 30 days ago leave the bin for good (docs/schedules.md, "The
    # bin"); hourly, so none outstays its 30 days by more than an hour
    "purge-binned-saved-schedules": {
        "task": "scheduler.saved_schedules_purge",
        "schedule": float(os.environ.get("CLASSTIME_PURGE_BIN_EVERY_SECONDS", "3600")),
    },
    # owners of saved schedules the registrar changed get one email per change (docs/schedules.md)
    "email-saved-schedule-changes": {
        "task": "scheduler.saved_schedules_notify_changes",
        "schedule": float(os.environ.get("CLASSTIME_CHANGE_EMAILS_EVERY_SECONDS", "600")),
    },
    # students watching a full section are emailed when it opens (docs/schedules.md, "Seat alerts")
    "email-seat-alerts": {
        "task": "scheduler.section_watches_notify",
        "schedule": float(os.environ.get("CLASSTIME_SEAT_ALERTS_EVERY_SECONDS", "600")),
    },
    # catalog feeds that are due are fetched and imported, one worker per feed (docs/sources.md, "Feeds")
    "run-due-catalog-feeds": {"task": "catalog.feeds_run_due", "schedule": 60.0},
    # generation jobs finished over CLASSTIME_GENERATION_JOB_DAYS ago are deleted (docs/api.md)
    "prune-old-generation-jobs": {"task": "scheduler.generation_jobs_prune", "schedule": 86400.0},
}

# Generation jobs (see docs/operations.md).
CLASSTIME_JOB_MAX_ATTEMPTS = int(os.environ.get("CLASSTIME_JOB_MAX_ATTEMPTS", "3"))
CLASSTIME_JOB_HEARTBEAT_SECONDS = float(os.environ.get("CLASSTIME_JOB_HEARTBEAT_SECONDS", "2"))
CLASSTIME_JOB_STALE_SECONDS = float(os.environ.get("CLASSTIME_JOB_STALE_SECONDS", "15"))
CLASSTIME_JOB_QUEUED_RESEND_SECONDS = float(os.environ.get("CLASSTIME_JOB_QUEUED_RESEND_SECONDS", "30"))
CLASSTIME_GENERATION_JOB_DAYS = int(os.environ.get("CLASSTIME_GENERATION_JOB_DAYS", "30"))
CLASSTIME_ENGINE_DEADLINE_MS = int(os.environ.get("CLASSTIME_ENGINE_DEADLINE_MS", "10000"))
CLASSTIME_ENGINE_MAX_NODES = int(os.environ.get("CLASSTIME_ENGINE_MAX_NODES", "5000000"))
# "Fits my week" (POST /api/v1/course-fits/): the engine's time for one call, all its candidates together
CLASSTIME_FIT_DEADLINE_MS = int(os.environ.get("CLASSTIME_FIT_DEADLINE_MS", "500"))
# Fault-injection for the worker-loss tests only: seconds a job sleeps before the engine runs.
CLASSTIME_FAULT_DELAY_SECONDS = float(os.environ.get("CLASSTIME_FAULT_DELAY_SECONDS", "0"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Account pages under /accounts/ (accounts/urls.py).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Email (password reset links): printed to the console unless DJANGO_EMAIL_HOST names an SMTP
# server (or DJANGO_EMAIL_BACKEND picks another backend). See docs/operations.md.
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("DJANGO_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_USE_SSL = env_flag("DJANGO_EMAIL_USE_SSL")
EMAIL_USE_TLS = env_flag("DJANGO_EMAIL_USE_TLS", not EMAIL_USE_SSL)
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT") or (465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Classtime <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Outside production, serve static files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# Catalog uploads through the admin: refuse bodies larger than the importer accepts.
# where the site is, for links in emails sent by background tasks (change emails)
CLASSTIME_SITE_URL = os.environ.get("CLASSTIME_SITE_URL", "http://127.0.0.1:8000")
# a term an import creates starts hidden from students until staff publish it (docs/operations.md)
CLASSTIME_NEW_TERMS_HIDDEN = env_flag("CLASSTIME_NEW_TERMS_HIDDEN")
CLASSTIME_MAX_IMPORT_BYTES = int(os.environ.get("CLASSTIME_MAX_IMPORT_BYTES", 64 * 1024 * 1024))
# Catalog feeds (docs/sources.md, "Feeds"): how long one fetch may take in all, and the folder whose
# files a file:// feed may read (unset: file:// feeds are refused, so an admin cannot read the server's files)
CLASSTIME_FEED_TIMEOUT_SECONDS = float(os.environ.get("CLASSTIME_FEED_TIMEOUT_SECONDS", "30"))
CLASSTIME_FEED_FILE_ROOT = os.environ.get("CLASSTIME_FEED_FILE_ROOT", "")
# Host names, addresses and networks (comma-separated) a feed may fetch from although internal
# (loopback, private, link-local...), such as a registrar's file server on the campus network;
# every other internal address is refused, so an admin's feed cannot read the site's own services
CLASSTIME_FEED_ALLOWED_HOSTS = [
    host.strip() for host in os.environ.get("CLASSTIME_FEED_ALLOWED_HOSTS", "").split(",") if host.strip()
]
# A request body (files apart: a catalog upload is one, up to CLASSTIME_MAX_IMPORT_BYTES): the
# largest valid API body, every list at its limit and every character escaped, is under half of it
# (tests/security/test_request_hardening.py), and parsing a bigger one only costs the server.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# The admin's component page posts 8 fields a section: Georgia Tech's thesis and directed-study
# components hold up to 220 sections (1,769 fields), past Django's default of 1,000, which refused
# their form as a bare 400; this takes 1,200 rows, and the body stays under the 1 MiB above.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024


def proxies_in_front() -> int:
    """How many proxies append to X-Forwarded-For in front of the web processes: the client's
    address, which anonymous throttles and the account pages' attempt limits count by, is the
    one the outermost of them saw. 0 reads REMOTE_ADDR and ignores the header, which a client
    could otherwise fill with a new address on every request to escape every limit."""
    raw = os.environ.get("CLASSTIME_NUM_PROXIES", "1" if PRODUCTION else "0").strip()
    if not (raw.isascii() and raw.isdigit()):
        raise ImproperlyConfigured(f"CLASSTIME_NUM_PROXIES must be a whole number of proxies (0 or more), not {raw!r}")
    return int(raw)


REST_FRAMEWORK = {
    # DRF's client address for throttling (accounts.limits uses the same): see proxies_in_front
    "NUM_PROXIES": proxies_in_front(),
    # Personal API tokens first, so an anonymous request is told 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "EXCEPTION_HANDLER": "classtime_site.api.api_exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "classtime_site.api.JSONParser",
        "classtime_site.api.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "classtime_site.api.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "classtime_site.api.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "classtime_site.schema.PagedAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["classtime_site.api.AnonThrottle", "classtime_site.api.UserThrottle"],
    # Requests per client (IP address for anonymous ones, account otherwise) in the cache
    # (Redis with REDIS_URL, else per process); an empty value turns a scope off. See docs/api.md.
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("CLASSTIME_ANON_RATE", "300/minute") or None,
        "user": os.environ.get("CLASSTIME_USER_RATE", "1200/minute") or None,
        "generation": os.environ.get("CLASSTIME_GENERATION_RATE", "30/minute") or None,
        # POST course-fits/ (answered at once: each call is up to CLASSTIME_FIT_DEADLINE_MS of a web process)
        "course_fits": os.environ.get("CLASSTIME_COURSE_FITS_RATE", "60/minute") or None,
    },
}

# Attempt limits on the account pages (accounts/limits.py), counted in the cache per fixed
# window; an empty value turns one off. Generous enough for a campus behind one address.
CLASSTIME_ACCOUNT_RATES = {
    "signin_pair": os.environ.get("CLASSTIME_SIGNIN_PAIR_RATE", "10/hour") or None,
    "signin_username": os.environ.get("CLASSTIME_SIGNIN_USERNAME_RATE", "50/hour") or None,
    "signin_address": os.environ.get("CLASSTIME_SIGNIN_ADDRESS_RATE", "100/hour") or None,
    "signup_address": os.environ.get("CLASSTIME_SIGNUP_ADDRESS_RATE", "60/hour") or None,
    "reset_address": os.environ.get("CLASSTIME_RESET_ADDRESS_RATE", "20/hour") or None,
    "reset_email": os.environ.get("CLASSTIME_RESET_EMAIL_RATE", "5/hour") or None,
    # what a form sent signed out keeps in the session for after sign-in (scheduler.unsaved_notes)
    "unsaved_address": os.environ.get("CLASSTIME_UNSAVED_ADDRESS_RATE", "30/hour") or None,
}

# Seconds a catalog API answer is kept in the cache under its ETag (0: not cached).
CLASSTIME_API_CACHE_SECONDS = int(os.environ.get("CLASSTIME_API_CACHE_SECONDS", "600"))
# Seconds a web process reuses a term's row (its catalog version) between catalog API reads
# (0: read it on every request); an import shows in the API at most this late.
CLASSTIME_API_TERM_SECONDS = float(os.environ.get("CLASSTIME_API_TERM_SECONDS", "1"))

SPECTACULAR_SETTINGS = {
    "TITLE": "Classtime API",
    "DESCRIPTION": "The catalog of each imported term and schedule generation. See docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from the app's static files: no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "SectionStatusEnum": "catalog.models.Section.Status",
        "TermStatusEnum": "catalog.models.Term.Status",
        "GenerationJobStatusEnum": "scheduler.models.GenerationJob.Status",
        "RequirementKindEnum": "scheduler.api.output.REQUIREMENT_KINDS",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "classtime_site.api.schema_add_error_responses",
        "classtime_site.api.schema_add_rate_limit_headers",
    ],
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    # every subdomain too unless turned off (one serving plain HTTP would become unreachable);
    # preload only when the operator opts in: a domain in the browsers' preload lists is hard to leave
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("CLASSTIME_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_flag("CLASSTIME_HSTS_PRELOAD")
    # check --deploy's warnings of either left off (security.W005, W021): the operator's choice
    SILENCED_SYSTEM_CHECKS = [
        check
        for check, on in (("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS), ("security.W021", SECURE_HSTS_PRELOAD))
        if not on
    ]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's defaults give "django" a console handler of its own (with DEBUG on) and a
        # mail_admins one (no ADMINS here): configured again, it loses both, so its records are
        # written once, by the root's handler
        "django": {"level": LOG_LEVEL},
        "django.db.backends": {"level": "WARNING"},
    },
}
