"""Settings for the Gongkai portal, read from environment variables.

Defaults are safe for development; with DEBUG off the settings refuse to start without a SECRET_KEY.
"""

import importlib.util
import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """A yes/no setting: 1/0, true/false, yes/no or on/off in any case; unset or empty gives `default`."""
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value: use 1/0, true/false, yes/no or on/off."
    )


def env_int(name: str, default: int) -> int:
    """A whole-number setting; unset or empty gives `default`, anything else that is not an integer stops start-up."""
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={os.environ[name]!r} is not a whole number.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Translate DATABASE_URL (postgres://user:pass@host:port/name?opt=v or sqlite:///path) to Django's form."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    options = dict(parse_qsl(parts.query))
    if scheme == "sqlite":
        # sqlite:///relative/to/project.db or sqlite:////absolute/path.db
        path = unquote(url.split("?", 1)[0][len("sqlite:///") :]) if url.startswith("sqlite:///") else ""
        name = path if path.startswith("/") else str(BASE_DIR / (path or "db.sqlite3"))
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name, "OPTIONS": options}
    if scheme in {"postgres", "postgresql", "pgsql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {scheme!r} is not supported (use postgres:// or sqlite:///)")


DEBUG = env_bool("DEBUG", True)
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto / X-Forwarded-For.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-gongkai-0123456789-abcdefghijklmnopqrstuvwxyz"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "catalog",
    "applications",
    "feedback",
    "mptt",
    "import_export",
    "django_prose_editor",
    "django_tasks",
    "django_tasks_db",
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from our own static files
    "portal.reports",  # reads every app above it and nothing imports it, so it comes last (README "Layout")
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.RequestSizeLimitMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "gongkai_cache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "portal.security.UsernameVariantValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Leaflet for the public map comes from django-leaflet's static files (pinned, no CDN). Only that folder is used:
# installing the app would make the admin import django.contrib.gis, which needs GDAL.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    Path(importlib.util.find_spec("leaflet").submodule_search_locations[0]) / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Largest attachment a clerk or applicant may upload, in bytes.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# The public request form (依申请公开) and its correction: files per submission, and the longest description or
# correction text in characters.
REQUEST_MAX_FILES = env_int("REQUEST_MAX_FILES", 5)
REQUEST_TEXT_MAX_CHARS = env_int("REQUEST_TEXT_MAX_CHARS", 3000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background work (django-tasks): Excel imports too large for a request, and e-mail. Tasks are stored in the
# database and run by `manage.py db_worker` (started by `make run`; a service of its own in production).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Excel imports in the admin: the most rows one file may have; files with more rows than IMPORT_BACKGROUND_ROWS
# are checked and written by the worker, IMPORT_BATCH_ROWS rows per transaction, while the clerk watches progress.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 200)
IMPORT_BATCH_ROWS = env_int("IMPORT_BATCH_ROWS", 500)

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security (等保 2.0 level 2 habits). Sessions end after 30 minutes without activity.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 1800)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Sent on every response by portal.middleware; the templates use no inline script or style.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# Django's admin and django-mptt's tree use inline style attributes; scripts stay same-origin there too.
CONTENT_SECURITY_POLICY_ADMIN = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

LOGIN_URL = "admin:login"
# Admin sign-in is refused for LOGIN_LOCKOUT_SECONDS after LOGIN_FAILURE_LIMIT failures (per user name and client).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 900)

# Working-day rules for feedback (DESIGN §5) and reminders (DESIGN §4), in working days.
CALLBACK_DUE_WORKDAYS = env_int("CALLBACK_DUE_WORKDAYS", 1)
RECTIFICATION_DUE_WORKDAYS = env_int("RECTIFICATION_DUE_WORKDAYS", 15)
REMINDER_WITHIN_WORKDAYS = env_int("REMINDER_WITHIN_WORKDAYS", 5)

PORTAL_TITLE = os.environ.get("PORTAL_TITLE", "示范县基层政务公开平台")

# Logs never keep citizens' personal data: every handler drops query strings and masks tracking numbers
# (portal.log_privacy), and error reports show no form or query values outside debug mode.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO" if not DEBUG else "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_personal_data": {"()": "portal.log_privacy.StripQueryStrings"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}",
                          "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_personal_data"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server",
                          "filters": ["no_personal_data"]},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler",
                        "filters": ["require_debug_false", "no_personal_data"]},
    },
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
DEFAULT_EXCEPTION_REPORTER = "portal.log_privacy.PrivateExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "portal.log_privacy.PrivateExceptionReporterFilter"

# Feedback (好差评与留言): answer period for messages in working days, and per-IP limits on public forms.
MESSAGE_DUE_WORKDAYS = env_int("MESSAGE_DUE_WORKDAYS", 5)
FEEDBACK_RATINGS_PER_HOUR = env_int("FEEDBACK_RATINGS_PER_HOUR", 20)
FEEDBACK_MESSAGES_PER_HOUR = env_int("FEEDBACK_MESSAGES_PER_HOUR", 5)
FEEDBACK_LOOKUPS_PER_HOUR = env_int("FEEDBACK_LOOKUPS_PER_HOUR", 60)
# 随手拍: working days a dispatched report is due in by default (the dispatcher may set another), and accepted
# reports per client per hour.
ISSUE_DUE_WORKDAYS = env_int("ISSUE_DUE_WORKDAYS", 10)
ISSUE_REPORTS_PER_HOUR = env_int("ISSUE_REPORTS_PER_HOUR", 5)

# Online survey answers accepted per client address per survey per day (feedback.survey_views).
SURVEY_RESPONSES_PER_DAY = env_int("SURVEY_RESPONSES_PER_DAY", 30)
# Comments on drafts (意见征集) accepted per client address per hour (feedback.consultation_views).
CONSULTATION_COMMENTS_PER_HOUR = env_int("CONSULTATION_COMMENTS_PER_HOUR", 10)

# E-mail subscriptions (catalog.subscriptions): the public site's address for links in mails the task worker sends
# (it has no request to take the host from), days a confirmation link stays valid (unconfirmed subscriptions are
# deleted after that by `manage.py expire_subscriptions`), and accepted subscriptions per client per hour and
# confirmation mails per address per day.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000" if DEBUG else "")
SUBSCRIPTION_CONFIRM_DAYS = env_int("SUBSCRIPTION_CONFIRM_DAYS", 3)
SUBSCRIPTIONS_PER_HOUR = env_int("SUBSCRIPTIONS_PER_HOUR", 10)
SUBSCRIPTION_MAILS_PER_ADDRESS_PER_DAY = env_int("SUBSCRIPTION_MAILS_PER_ADDRESS_PER_DAY", 3)

# Rate limits identify a client by REMOTE_ADDR unless this names a request header a trusted proxy overwrites
# (e.g. "HTTP_X_REAL_IP"); `make loadtest` sets it so its simulated citizens on loopback are told apart.
RATELIMIT_IP_HEADER = os.environ.get("RATELIMIT_IP_HEADER", "")
# With an appended header (HTTP_X_FORWARDED_FOR): how many proxies append to it; the client is that many entries
# from the right, and whatever a client wrote into the header itself is ignored.
RATELIMIT_TRUSTED_PROXIES = int(os.environ.get("RATELIMIT_TRUSTED_PROXIES", "1"))

# The read-only open-data API (/api/v1/, DRF with drf-spectacular; portal/api.py): rows per page unless the client
# asks for another size (?page_size=, at most API_MAX_PAGE_SIZE), and requests per client (as portal.ratelimit
# identifies it behind the proxy) per minute and per hour.
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 20)
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 100)
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 60)
API_REQUESTS_PER_HOUR = env_int("API_REQUESTS_PER_HOUR", 1200)
REST_FRAMEWORK = {
    # Anonymous, read-only and public data only: no session or CSRF, JSON only (no browsable HTML API).
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_METADATA_CLASS": None,  # OPTIONS describes nothing: the OpenAPI schema does
    "DEFAULT_PAGINATION_CLASS": "portal.api.Pagination",
    "DEFAULT_THROTTLE_CLASSES": ["portal.api.ClientThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "portal.api.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "政务公开开放数据接口",
    "DESCRIPTION": "只读接口，提供本平台已公开的区划、公开领域、标准目录事项、公开信息及其附件、"
                   "政府信息公开工作年度报告数据。不含草稿、待审核、已撤回的信息，不含任何个人信息。",
    "VERSION": "v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_GENERATE_CHOICE_DESCRIPTION": True,
    # The order of the groups on the docs page (names only: a description squeezes the name on a phone).
    "TAGS": [{"name": name} for name in ("区划", "公开领域与标准目录", "公开信息", "政府信息公开工作年度报告")],
}

# The largest published-items download offered as .xlsx (built in memory); CSV is streamed at any size.
DOWNLOAD_XLSX_MAX_ROWS = env_int("DOWNLOAD_XLSX_MAX_ROWS", 20000)

# How long the county's reverse proxy may serve a public page without forms before revalidating it (s-maxage, in
# seconds; the revalidation is answered by 304 while the page is unchanged). 0 keeps the proxy from caching.
PROXY_MAX_AGE = env_int("PROXY_MAX_AGE", 60)

# Security hardening (rate limits behind the proxy, request size, passwords). A request body larger than
# REQUEST_MAX_BYTES is refused with 413 before it is read: one upload limit's worth of files plus the form's fields.
REQUEST_MAX_BYTES = int(os.environ.get("REQUEST_MAX_BYTES", str(UPLOAD_MAX_BYTES + 1024 * 1024)))

