"""Settings for Perhekeskus: every value comes from the environment.

Defaults are safe for production (DEBUG off, secure cookies); `make run` and the
tests set the development values they need explicitly.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from perhekeskus.env import EnvError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise EnvError("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "development-only-secret-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "mozilla_django_oidc",
    "perhekeskus.core",
    "perhekeskus.accounts",
    "perhekeskus.network",
    "perhekeskus.activities",
    "perhekeskus.groups",
    "perhekeskus.messaging",
    "perhekeskus.interop",
    "perhekeskus.questionnaires",
    "perhekeskus.wellbeing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "perhekeskus.urls"
WSGI_APPLICATION = "perhekeskus.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "perhekeskus" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "perhekeskus.core.context.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
except Exception as exc:  # dj_database_url raises several types for bad URLs
    raise EnvError(f"DATABASE_URL cannot be understood: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time: wait for the lock instead of failing, and take
    # the write lock at the start of a transaction so read-then-write cannot deadlock.
    _db.setdefault("OPTIONS", {})
    _db["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
elif _db["ENGINE"] != "django.db.backends.postgresql":
    raise EnvError("DATABASE_URL must point to SQLite or PostgreSQL")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users and login ----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Password login is for development and small installations; production uses
# OpenID Connect when OIDC_RP_CLIENT_ID is set.
PASSWORD_LOGIN = env_bool("PASSWORD_LOGIN", DEBUG)
OIDC_ENABLED = bool(env_str("OIDC_RP_CLIENT_ID"))
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.insert(0, "perhekeskus.accounts.oidc.OIDCBackend")
    OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
    for _name in (
        "OIDC_RP_CLIENT_SECRET",
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
    ):
        if not globals()[_name]:
            raise EnvError(f"{_name} must be set when OIDC_RP_CLIENT_ID is set")
    if OIDC_RP_SIGN_ALGO.startswith("RS") and not OIDC_OP_JWKS_ENDPOINT:
        raise EnvError("OIDC_OP_JWKS_ENDPOINT must be set for RS* signing")

# --- Languages and time --------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
LANGUAGE_COOKIE_NAME = "perhekeskus_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "perhekeskus" / "static"]

# --- Security (safe by default, relaxed only under DEBUG) -----------------------
SECURE = not DEBUG and env_bool("SECURE_COOKIES", True)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "perhekeskus@localhost")
# Messages to families wait in an outbox (`messaging.OutgoingMessage`); a failed send is
# retried with a growing pause up to this many attempts, and sent messages' texts are
# cleared after MESSAGE_KEEP_DAYS (they hold an address and the family's link).
MESSAGE_MAX_ATTEMPTS = env_int("MESSAGE_MAX_ATTEMPTS", 5, minimum=1)
MESSAGE_RETRY_MINUTES = env_int("MESSAGE_RETRY_MINUTES", 5, minimum=1)
MESSAGE_KEEP_DAYS = env_int("MESSAGE_KEEP_DAYS", 30, minimum=1)
# How the first attempt is made once the change it tells about is saved: "background" (a
# thread of the web process: the family's answer never waits for the mail server),
# "inline" (in the request right after the commit; the tests read the mail at once) or
# "worker" (only `manage.py send_messages`, run every minute). Failures are retried by
# `send_messages` in every mode.
MESSAGE_FIRST_SEND = env_str("MESSAGE_FIRST_SEND", "background")
if MESSAGE_FIRST_SEND not in ("background", "inline", "worker"):
    raise EnvError("MESSAGE_FIRST_SEND must be background, inline or worker")
# A mail server that does not answer gives up after this many seconds (then retried).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
# The address of the public site, for links in messages (no request to take it from).
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://localhost:8000")

# --- API -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "perhekeskus.accounts.tokens.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "perhekeskus.core.paging.DataPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "EXCEPTION_HANDLER": "perhekeskus.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Perhekeskus API",
    "DESCRIPTION": "The family centre's service network: organisations, services, places.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AreaKindEnum": "perhekeskus.network.models.AreaKind",
        "OrganisationKindEnum": "perhekeskus.network.models.OrganisationKind",
        "PlaceKindEnum": "perhekeskus.network.models.PlaceKind",
        "TierEnum": "perhekeskus.network.models.Tier",
        "ServiceStatusEnum": "perhekeskus.network.models.ServiceStatus",
        "ActivityStatusEnum": "perhekeskus.activities.models.ActivityStatus",
        "OccurrenceStatusEnum": "perhekeskus.activities.occurrences.OccurrenceStatus",
        "ChangeKindEnum": "perhekeskus.activities.models.ChangeKind",
        "GroupStatusEnum": "perhekeskus.groups.models.GroupStatus",
        "SignupStatusEnum": "perhekeskus.groups.models.SignupStatus",
        "InvitationKindEnum": "perhekeskus.groups.models.InvitationKind",
        "FacilitatorKindEnum": "perhekeskus.groups.models.FacilitatorKind",
        "ProgrammeKindEnum": "perhekeskus.groups.models.ProgrammeKind",
        # Interest lists take every kind of group but "other".
        "InterestKindEnum": "perhekeskus.groups.interest.KINDS",
        "SurveyKindEnum": "perhekeskus.questionnaires.models.SurveyKind",
        "SurveyStatusEnum": "perhekeskus.questionnaires.models.SurveyStatus",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# How long an unchecked service or place may go before its editors are reminded.
STALE_AFTER_DAYS = env_int("STALE_AFTER_DAYS", 183, minimum=1)
# Sign-ups' personal data is erased this many days after the group's last session
# (`manage.py erase_signups`); the counts of places stay for the statistics.
SIGNUP_RETENTION_DAYS = env_int("SIGNUP_RETENTION_DAYS", 90, minimum=1)
# Interest lists: the area's coordinators are told when this many families wait for the
# same kind of group in a municipality; an entry is erased after INTEREST_KEEP_DAYS
# (`manage.py erase_interest`).
INTEREST_THRESHOLD = env_int("INTEREST_THRESHOLD", 6, minimum=1)
INTEREST_KEEP_DAYS = env_int("INTEREST_KEEP_DAYS", 365, minimum=1)

# EPDS levels at the wellbeing clinic: the minimum totals (0–30) for "watch" and "discuss".
_epds = env_str("EPDS_THRESHOLDS", "10,13")
try:
    EPDS_THRESHOLDS = tuple(int(part) for part in _epds.split(","))
except ValueError:
    raise EnvError(f"EPDS_THRESHOLDS must be two whole numbers such as 10,13; got {_epds!r}") from None
if len(EPDS_THRESHOLDS) != 2 or not 0 < EPDS_THRESHOLDS[0] < EPDS_THRESHOLDS[1] <= 30:
    raise EnvError(f"EPDS_THRESHOLDS must be two rising totals between 1 and 30 such as 10,13; got {_epds!r}")
# The wellbeing clinic's parents' answers are erased this many days after the family's
# schedule ends (its last point answered or the family closed): `manage.py erase_wellbeing`.
WELLBEING_RETENTION_DAYS = env_int("WELLBEING_RETENTION_DAYS", 730, minimum=1)
# A form saved to continue later and never sent is erased this many days after it was
# last saved (`manage.py erase_unfinished_responses`).
UNFINISHED_RESPONSE_KEEP_DAYS = env_int("UNFINISHED_RESPONSE_KEEP_DAYS", 60, minimum=1)
