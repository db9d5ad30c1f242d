"""openbuy settings: one file, read from the environment, safe for development by default.

`OPENBUY_ENV=production` switches on the production checks. The app refuses to start in
production with the development secret key, with DEBUG on, or without allowed hosts.
"""

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("OPENBUY_DATA_DIR", BASE_DIR / "var"))

DEVELOPMENT_SECRET_KEY = "openbuy-development-key-never-use-in-production"  # noqa: S105


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


OPENBUY_ENV = os.environ.get("OPENBUY_ENV", "development")
if OPENBUY_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"OPENBUY_ENV must be development or production, not {OPENBUY_ENV!r}"
    )
PRODUCTION = OPENBUY_ENV == "production"

SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or ([] if PRODUCTION else ["127.0.0.1", "localhost"])

if PRODUCTION:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "production needs SECRET_KEY set to a random value of 50 or more characters"
        )
    if DEBUG:
        raise ImproperlyConfigured("production refuses to run with DEBUG on; unset DEBUG")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "production needs ALLOWED_HOSTS, a comma-separated list of host names"
        )

INSTALLED_APPS = [
    "openbuy.core",
    "openbuy.accounts",
    "openbuy.questions",
    "openbuy.frameworks",
    "openbuy.catalogue",
    "openbuy.opportunities",
    "openbuy.opendata",
    "openbuy.demo",
    "openbuy.core.admin_config.OpenbuyAdminConfig",  # django.contrib.admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_countries",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    # /healthz answers before host checks and the HTTPS redirect, for probes from inside.
    "openbuy.core.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the rest: a kept page skips them (core/pagecache.py says what it keys on).
    "openbuy.core.pagecache.PublicPageCache",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "openbuy.core.middleware.JurisdictionMiddleware",
    "openbuy.core.middleware.ApiMiddleware",
    "openbuy.core.api_rate.ApiRateMiddleware",
    "openbuy.core.middleware.InputMiddleware",
    "openbuy.core.site_url.RequestOriginMiddleware",
]

ROOT_URLCONF = "openbuy.urls"
WSGI_APPLICATION = "openbuy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openbuy.core.context_processors.site",
            ],
        },
    }
]
FORM_RENDERER = "openbuy.core.forms.GovukFormRenderer"

# Databases: embedded SQLite unless DATABASE_URL names another (PostgreSQL in production).
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # Each server thread keeps its connection for CONN_MAX_AGE seconds (checked before
    # reuse), so a production `openbuy serve` holds at most processes x threads, plus two
    # per worker (docs/operators.md).
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(os.environ.get("OPENBUY_DB_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "openbuy.sqlite3",
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so concurrent
                # writers queue (up to the timeout) instead of failing mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                # 16 KiB pages (a new database's; one made before keeps its own): most
                # of what is stored is JSON of a kilobyte and more, and an import of other
                # publishers' data writes a sixth less in a quarter of the calls.
                "init_command": (
                    "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                ),
            },
            # Kept open between requests: opening one and its pragmas cost more than a
            # request served from the page cache (bench/load.py).
            "CONN_MAX_AGE": 600,
        }
    }
# Tests use a file for SQLite (not memory) so that threads in concurrency tests can share it.
DATABASES["default"]["TEST"] = {
    "NAME": os.environ.get("OPENBUY_TEST_DATABASE")
    or (str(DATA_DIR / "test.sqlite3") if not DATABASE_URL else None)
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["openbuy.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:account"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
MAIL_INTERVAL = 60  # seconds between unsolicited e-mails to one address
EMAIL_VERIFICATION_MAX_AGE = 60 * 60 * 24 * 3
INVITATION_LIFETIME_DAYS = 7
# Search answers from an index kept in each process's memory (core/search/resident.py),
# caught up from the database's change log; off, every search asks the database engine.
SEARCH_IN_MEMORY = env_bool("OPENBUY_SEARCH_IN_MEMORY", default=True)

# The cache every process shares; the throttles count in it. Django's database cache in the
# app's own database (`migrate` makes its table) unless OPENBUY_CACHE_URL names Redis.
OPENBUY_CACHE_URL = os.environ.get("OPENBUY_CACHE_URL", "")
if OPENBUY_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": OPENBUY_CACHE_URL,
            "KEY_PREFIX": "openbuy",
        }
    }
elif OPENBUY_CACHE_URL in {"", "database:"}:
    CACHES = {
        "default": {
            "BACKEND": "openbuy.core.cache.DatabaseCache",
            "LOCATION": "openbuy_cache",
            # Past this many entries, each write first removes the expired ones.
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
else:
    raise ImproperlyConfigured(
        f"OPENBUY_CACHE_URL must be database: or start redis://, rediss:// or unix://, "
        f"not {OPENBUY_CACHE_URL!r}"
    )


def env_rate(name: str, default: str) -> str:
    value = os.environ.get(name) or default
    if value.strip().lower() != "off" and not re.fullmatch(r"\s*[1-9]\d*\s*/\s*[smhd]\s*", value):
        raise ImproperlyConfigured(f"{name} must be like 20/h (s, m, h or d) or off, not {value!r}")
    return value


# Throttles (docs/operators.md#throttling). Failures are counted per account, from devices it
# was never signed in on, and per client address; the limit-th failure starts a wait, and
# each later one a wait twice as long, up to SIGN_IN_LOCK_SECONDS.
# How many proxies (load balancer, TLS terminator) every request passes through, each adding
# the address it saw to X-Forwarded-For; 0 means the peer is the client. Never more than
# there are: the client writes the entries left of the trusted ones.
_proxies = os.environ.get("OPENBUY_TRUSTED_PROXIES", "0")
if not _proxies.isdigit():
    raise ImproperlyConfigured(
        f"OPENBUY_TRUSTED_PROXIES must be the number of proxies in front, not {_proxies!r}"
    )
OPENBUY_TRUSTED_PROXIES = int(_proxies)
SIGN_IN_FAILURE_LIMIT = 5
SIGN_IN_ADDRESS_FAILURE_LIMIT = 20
SIGN_IN_FIRST_WAIT = 60
SIGN_IN_LOCK_SECONDS = 15 * 60
SIGN_IN_FAILURE_MEMORY = 24 * 60 * 60
SIGN_IN_LINK_MAX_AGE = 15 * 60
API_TOKEN_FAILURE_LIMIT = 20
FORM_RATE = env_rate("OPENBUY_FORM_RATE", "20/h")  # sign-up, password reset, sign-in links
API_RATE = env_rate("OPENBUY_API_RATE", "600/m")  # every API request, per token or address

# Whole public pages kept in each process's memory (core/pagecache.py); 0 turns it off.
OPENBUY_PAGE_CACHE_BYTES = int(os.environ.get("OPENBUY_PAGE_CACHE_MB", "32")) * 2**20
# ...and shared by the processes of one machine through this folder ("" for none).
OPENBUY_PAGE_CACHE_DIR = os.environ.get("OPENBUY_PAGE_CACHE_DIR", str(DATA_DIR / "pages"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LANGUAGE_NAMES_NATIVE = {"en": "English", "fr": "Français"}
LOCALE_PATHS = [BASE_DIR / "openbuy" / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
# Development serves straight from the build folder; production from collectstatic.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static")) if PRODUCTION else None
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# Content Security Policy through Django's own middleware: no inline script or style
# except the few tags that carry this request's nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
# A refused CSRF check: a page in the site's layout and language, a problem in the API.
CSRF_FAILURE_VIEW = "openbuy.core.csrf.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    # includeSubDomains holds every subdomain of the host to HTTPS too; preload asks browsers
    # to build the host into their HSTS list, which takes months to leave: both are the
    # operator's choice (docs/operators.md), preload off unless asked for.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    # check --deploy warns of either left off; off is a decision taken here, not an oversight.
    SILENCED_SYSTEM_CHECKS = [
        check
        for check, chosen in [
            ("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS),
            ("security.W021", SECURE_HSTS_PRELOAD),
        ]
        if not chosen
    ]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if "*" not in host]


def mailer(url: str) -> dict:
    """The default mailer from EMAIL_URL: outbox:, console:, or smtp[s]://user:pass@host:port."""
    parts = urlsplit(url)
    if parts.scheme == "outbox":
        return {"BACKEND": "openbuy.core.mail.OutboxBackend"}
    if parts.scheme == "console":
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme in {"smtp", "smtps"}:
        tls = parse_qs(parts.query).get("tls", ["false"])[0] == "true"
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": parts.hostname or "localhost",
                "port": parts.port or (465 if parts.scheme == "smtps" else 25),
                "username": unquote(parts.username or ""),
                "password": unquote(parts.password or ""),
                "use_ssl": parts.scheme == "smtps",
                "use_tls": tls,
            },
        }
    raise ImproperlyConfigured(
        f"EMAIL_URL must start outbox:, console:, smtp: or smtps:, not {url!r}"
    )


if PRODUCTION and not os.environ.get("EMAIL_URL"):
    raise ImproperlyConfigured(
        "production needs EMAIL_URL, like smtp://user:pass@host:587?tls=true"
    )
MAILERS = {"default": mailer(os.environ.get("EMAIL_URL", "outbox:"))}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "openbuy <no-reply@openbuy.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background jobs: django.tasks with the database backend, run by `openbuy worker`.
# OPENBUY_TASKS=immediate runs each job in the enqueuing process (the test suite uses it).
if os.environ.get("OPENBUY_TASKS", "database") == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A worker beats every fifth of this; a task whose worker has not beaten for this long is
# run again by another (its worker died). Every worker of an instance must agree on it.
TASK_LEASE_SECONDS = float(os.environ.get("OPENBUY_TASK_LEASE_SECONDS", "30"))
# Anonymous audit events (failed sign-ins, resets asked for) are deleted after this; the
# worker prunes them every PERIODIC_TASKS interval (core.audit.prune_anonymous).
AUDIT_ANONYMOUS_RETENTION_DAYS = int(os.environ.get("OPENBUY_AUDIT_ANONYMOUS_DAYS", "90"))

OPENBUY_SERVICE_NAME = os.environ.get("OPENBUY_SERVICE_NAME", "openbuy")

# Open data (docs/open-data.md). The OCDS schema folder, as the standard publishes it
# (1.1.5/ and extensions/<repository>/): when set, every release is checked against it as
# it is published, and `openbuy ocds validate` reads it. Development finds a shared/ocds
# folder beside the project or above it; production names one (or none: releases are then
# checked by their types alone).
_SHARED_OCDS = next(
    (p / "shared" / "ocds" for p in BASE_DIR.parents if (p / "shared" / "ocds").is_dir()), ""
)
OPENBUY_OCDS_SCHEMA_DIR = os.environ.get("OPENBUY_OCDS_SCHEMA_DIR", str(_SHARED_OCDS))
OPENBUY_OCDS_LICENSE = os.environ.get(
    "OPENBUY_OCDS_LICENSE", "https://creativecommons.org/publicdomain/zero/1.0/"
)
OPENBUY_OCDS_LICENSE_NAME = os.environ.get(
    "OPENBUY_OCDS_LICENSE_NAME", "Creative Commons CC0 1.0 (public domain)"
)
# The open data endpoints, per client address: tighter than the rest of the API, since
# each page can be 1,000 releases; bulk files are for the whole dataset.
OCDS_RATE = env_rate("OPENBUY_OCDS_RATE", "120/m")
OPENBUY_OCDS_EXPORT_DIR = Path(os.environ.get("OPENBUY_OCDS_EXPORT_DIR", DATA_DIR / "ocds"))
OPENBUY_DEFAULT_JURISDICTION = os.environ.get("OPENBUY_DEFAULT_JURISDICTION", "")
# Processes sharing an `openbuy ocds import` (--jobs): 0 is one a core, up to 4.
OPENBUY_IMPORT_JOBS = int(os.environ.get("OPENBUY_IMPORT_JOBS", "0"))

# Links in e-mails (core/site_url.py). Production links to one fixed address: the first
# host allowed, unless OPENBUY_BASE_URL names another. Development, when unset, links to
# the address being served.
OPENBUY_BASE_URL = os.environ.get("OPENBUY_BASE_URL", "").rstrip("/")
if OPENBUY_BASE_URL and not OPENBUY_BASE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"OPENBUY_BASE_URL must start http:// or https://, not {OPENBUY_BASE_URL!r}"
    )
if PRODUCTION and not OPENBUY_BASE_URL:
    if ALLOWED_HOSTS[0].startswith(".") or "*" in ALLOWED_HOSTS[0]:
        raise ImproperlyConfigured(
            "production needs OPENBUY_BASE_URL (like https://buy.example.gov) when the first "
            f"of ALLOWED_HOSTS is a pattern ({ALLOWED_HOSTS[0]!r})"
        )
    OPENBUY_BASE_URL = f"https://{ALLOWED_HOSTS[0]}"
OPENBUY_PHASE = os.environ.get("OPENBUY_PHASE", "beta")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler (development only) printed every line of Django's
        # loggers a second time, after the root's: theirs go to the root's alone.
        "django": {"handlers": [], "level": "INFO"},
        "django.db.backends": {"level": "INFO"},
    },
}
