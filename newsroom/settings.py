"""newsroom settings: one module, configured from the environment (see .env.example).

Development defaults are safe and need nothing set; production (DJANGO_DEBUG off)
refuses to start without a secret key.
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from newsroom.static_headers import add_security_headers

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _origin(url: str) -> str:
    """'https://cdn.example.org' for an absolute URL, '' for a path."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "For local development run with DJANGO_DEBUG=1 (make run does)."
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
# Feeds, sitemaps and canonical links are absolute from SITE_URL, never from the Host header.
# A production site without it would link every reader to 127.0.0.1: refuse to start instead.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SITE_URL must be set when DJANGO_DEBUG is off, e.g. SITE_URL=https://news.example.org "
            "(feeds, sitemaps and canonical links are built from it)."
        )
    SITE_URL = "http://127.0.0.1:8000"

INSTALLED_APPS = [
    "newsroom.apps.NewsroomConfig",
    # django.contrib.admin with our site: change lists accept only listed lookups (newsroom/admin_site.py).
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "newsroom.apps.AxesConfig",  # django-axes, named in Arabic
    # Revisions of a story with its quotes, links and tags (articles/admin.py).
    "reversion",
    "newsroom.apps.TasksDatabaseConfig",  # django-tasks-db, named in Arabic
    "articles",
]

MIDDLEWARE = [
    # Before anything reads the body: a request declaring more than REQUEST_MAX_BYTES is a 413.
    "newsroom.security.RequestSizeLimitMiddleware",
    # Every SQL statement of a request within DATABASE_STATEMENT_TIMEOUT_MS, else a 503.
    "newsroom.statement_timeout.StatementTimeoutMiddleware",
    # ETag / Last-Modified → 304, for cached pages and fresh ones alike.
    "django.middleware.http.ConditionalGetMiddleware",
    # Then a cached page for an anonymous reader skips the rest (articles/caching/).
    "articles.caching.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Query parameters carrying NUL are dropped before any view sees them (PostgreSQL).
    "newsroom.security.DropNulParametersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite file inside the project by default, PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Time budget of one SQL statement in a request (newsroom/statement_timeout.py); 0 turns it off.
# manage.py sets 0 for commands other than runserver (imports, reindexing, migrations).
DATABASE_STATEMENT_TIMEOUT_MS = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "2000"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DATABASE_STATEMENT_TIMEOUT_MS:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if DEBUG else 60
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so a read-then-write
        # transaction waits for a concurrent writer instead of failing with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA temp_store=MEMORY;"
            "PRAGMA mmap_size=134217728;"
            "PRAGMA cache_size=-20000;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        # Whole pages (articles/caching/), kept without pickling: see articles/caching/memory.py.
        "pages": {
            "BACKEND": "articles.caching.memory.PageMemCache",
            "LOCATION": "newsroom-pages",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
    PAGE_CACHE_ALIAS = "pages"

# Page cache (articles/caching/): how long anonymous pages live here and in shared
# caches (s-maxage), and the Varnish hosts an edit purges (host:port, comma-separated).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
# How often an open live-coverage page asks whether there are new updates (seconds).
LIVE_POLL_SECONDS = int(os.environ.get("LIVE_POLL_SECONDS", "30"))
PAGE_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("PAGE_CACHE_STALE_WHILE_REVALIDATE", "30"))
PAGE_CACHE_STALE_IF_ERROR = int(os.environ.get("PAGE_CACHE_STALE_IF_ERROR", "86400"))
VARNISH_PURGE_HOSTS = env_list("VARNISH_PURGE_HOSTS", "")
# A purged page younger than this many seconds is still served from this app's cache: a
# page is rendered again at most once a second however often edits purge it, and readers
# see an edit within that second. 0 behind Varnish: it would keep such a page for
# s-maxage after its purge (and it holds back concurrent misses itself).
PAGE_CACHE_REFRESH_SECONDS = float(
    os.environ.get("PAGE_CACHE_REFRESH_SECONDS", "0" if VARNISH_PURGE_HOSTS else "1")
)
# Search result pages are purged after the worker's reindex at most this often (seconds):
# each purge re-renders every cached search, and an editor may save every few hundred ms.
SEARCH_PAGES_PURGE_SECONDS = float(os.environ.get("SEARCH_PAGES_PURGE_SECONDS", "10"))

# Background work (articles/tasks.py): search index, similar stories, cache purges after
# a write. The queue is a database table by default, so `make run` needs nothing more;
# with REDIS_URL it is Redis (django-tasks-redis: streams, a consumer group, crash
# recovery), unless TASK_QUEUE=database. `manage.py run_worker` works either (make run
# starts one beside the server). The truth of what is waiting is the PendingRefresh
# table either way: a queued task is only the doorbell (articles/tasks.py).
# TASK_REDIS_URL puts the queue on another Redis than the cache.
TASK_QUEUE = os.environ.get("TASK_QUEUE") or ("redis" if REDIS_URL else "database")
TASK_REDIS_URL = os.environ.get("TASK_REDIS_URL") or REDIS_URL
if TASK_QUEUE == "redis":
    if not TASK_REDIS_URL:
        raise ImproperlyConfigured("TASK_QUEUE=redis needs REDIS_URL (or TASK_REDIS_URL)")
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_redis.RedisTaskBackend",
            "QUEUES": ["default"],
            "OPTIONS": {
                "REDIS_URL": TASK_REDIS_URL,
                "REDIS_KEY_PREFIX": os.environ.get("TASK_KEY_PREFIX")
                or os.environ.get("CACHE_KEY_PREFIX", "newsroom") + ":tasks",
                # A task a worker held this long without finishing is another worker's
                # to run again: well above one refresh run (articles.tasks.TIME_BUDGET).
                "REDIS_CLAIM_TIMEOUT": 120,
                # Finished tasks are kept a week (`manage.py tasks` lists the failed ones).
                "REDIS_COMPLETED_TASK_TTL": 7 * 24 * 3600,
            },
        }
    }
elif TASK_QUEUE == "database":
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default"],
        }
    }
else:
    raise ImproperlyConfigured(f"TASK_QUEUE is 'database' or 'redis', not {TASK_QUEUE!r}")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Riyadh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded lead images and their renditions (articles/images). Local files under MEDIA_ROOT
# by default; any Django storage by setting MEDIA_STORAGE_BACKEND (a dotted path) and
# MEDIA_STORAGE_OPTIONS (JSON), e.g. django-storages' S3Storage for S3, R2, MinIO (README:
# "Images"). MEDIA_URL may then be the bucket's or CDN's address.
MEDIA_URL = os.environ.get("MEDIA_URL") or "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
_media_backend = os.environ.get("MEDIA_STORAGE_BACKEND") or "django.core.files.storage.FileSystemStorage"
_media_options = json.loads(os.environ.get("MEDIA_STORAGE_OPTIONS") or "{}")
# The app serves MEDIA_URL itself only when told (development and tests do): in production
# the proxy or the object store serves those files (README: "Images").
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
STORAGES = {
    "default": {"BACKEND": _media_backend, "OPTIONS": _media_options},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
# WhiteNoise answers /static/ before Django's middleware: it adds the same security headers.
WHITENOISE_ADD_HEADERS_FUNCTION = add_security_headers

# Content-Security-Policy: scripts only from us. Reader pages use no nonce (their scripts
# are files; a cacheable page must not carry a per-response secret), so their header
# says `script-src 'self'`; Django adds this response's nonce only where a template used
# it (the admin's pages), so editors' pages keep nonces.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    # Images from us, and from the media host when MEDIA_URL is another origin (a CDN, a bucket).
    "img-src": [CSP.SELF, "data:", *([_media_origin] if (_media_origin := _origin(MEDIA_URL)) else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)

# Reader pages read rows with hand-kept column lists (articles/queries.py reader_rows): a
# field missing from one is fetched for the whole page at once ("peers"); tests say "raise".
DEFERRED_FETCH_MODE = os.environ.get("DEFERRED_FETCH_MODE", "peers")

# Bad input: a request with too many parameters is a 400, not a crash.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Whole request body, uploads included, refused with a 413 before it is read (newsroom/security.py):
# the admin's import file (5 MB) plus the form around it.
REQUEST_MAX_BYTES = int(os.environ.get("REQUEST_MAX_BYTES", str(8 * 1024 * 1024)))

LOGIN_URL = "admin:login"
# Where a sign-in goes when its `next` is missing or refused (another host): the admin, not a 404.
LOGIN_REDIRECT_URL = "admin:index"

# Admin login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# username (from anywhere), or from one client address (for any usernames), that username or
# address is refused (429) until the cool-off ends. Behind a reverse proxy set
# TRUSTED_PROXY_COUNT, or every reader shares the proxy's address (newsroom/security.client_ip).
AUTHENTICATION_BACKENDS = [
    "newsroom.security.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"
AXES_USERNAME_CALLABLE = "newsroom.security.login_username"
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# The header the proxies write, as a WSGI META key.
CLIENT_IP_HEADER = "HTTP_" + os.environ.get("CLIENT_IP_HEADER", "X-Forwarded-For").upper().replace("-", "_")
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
