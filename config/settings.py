"""Settings for Outreach, grouped by concern: running mode, the applications, database and
cache, security, login, the API, case work, text messages, reach figures, the access log,
retention, background work, the demo, logging.

Every value that may differ between deployments comes from the environment (django-environ),
with a development default and a comment where it is read that names the variable and says
what it does. The README's configuration table lists the same variables;
tests/test_configuration.py fails when the two drift apart. Production (DEBUG off) refuses
to start without a SECRET_KEY, and without what a chosen back-end needs. Nothing else in the
code reads the environment at import time."""

import sys
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer's .env (made by bin/demo, never committed) fills in what the shell does not set.
environ.Env.read_env(BASE_DIR / ".env")


# === Running mode ===
# DEMO_MODE: the embedded, single-machine mode of the README's quick start. It switches on
# DEBUG and a throwaway SECRET_KEY so that nothing has to be configured to try the app.
DEMO_MODE = env.bool("DEMO_MODE", default=False)

# DEBUG: off unless asked for (or in demo mode). Never on in production.
DEBUG = env.bool("DEBUG", default=DEMO_MODE)

_DEVELOPMENT_SECRET_KEY = "development-only-not-secret"  # noqa: S105
# SECRET_KEY: required in production; development and demo get a fixed, public key.
SECRET_KEY = env.str("SECRET_KEY", default=_DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")


# === Applications, pages and languages ===
INSTALLED_APPS = [
    # Django's admin, on a site that also admits municipal administrators (outreach/apps.py).
    "outreach.apps.OutreachAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Django's form templates, found by the site's template engine (FORM_RENDERER below).
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    # Two-step login: an authenticator app (TOTP) and backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "outreach",
    "api",
    "notifications",
    "reach",
    "audit",
    "demo",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "outreach.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # On SQLite, a request that only reads takes no write lock (see DATABASES below).
    "outreach.middleware.SqliteReadRequestsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Too large a body answers 413 before it is read.
    "outreach.middleware.RequestBodyLimitMiddleware",
    # An unknown /api/ path answers 404 in JSON, like the rest of the API.
    "outreach.middleware.ApiNotFoundAsJsonMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Content-Security-Policy header on every answer (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Marks request.user verified when the session passed the two-factor step.
    "django_otp.middleware.OTPMiddleware",
    # Logs refused pages, and writes refusals after the request's rollback.
    "audit.middleware.AccessAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends sessions after inactivity and at their absolute limit; after messages, which
    # it uses to say why a session ended.
    "outreach.middleware.SessionExpiryMiddleware",
    # Keeps a logged-in user on the two-factor step until it is passed (where required).
    "outreach.middleware.TwoFactorMiddleware",
    # A peer's phone pages close after a while unused, until the PIN is given (the app lock).
    "outreach.middleware.PhoneLockMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
# Forms are rendered by the site's template engine, so that templates/django/forms/ can
# write out the options of a select or a radio list in one template: Django's own includes
# two to four templates per option, the main cost of a form with long lists (the visit form).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# MEDIA_ROOT: where uploaded files (expense receipts) are kept. No URL serves this folder:
# a receipt is sent only by a view that checks who asks. Keep it out of the web root and in
# the backups.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"


# === Database and cache ===
# DATABASE_URL: any URL django-environ understands; defaults to an SQLite file in the project.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Requests run in a transaction: a failed request leaves nothing half-saved.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# DATABASE_CONN_MAX_AGE: seconds a connection is kept for the next request of the same
# thread (0: a new one each time). Opening one costs PostgreSQL a new backend process,
# several milliseconds per request (bench/). A connection broken by a database restart is
# noticed and replaced at the next request (health checks).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Except under `manage.py runserver` (bin/demo, development): it starts a new thread for each
# request, and a thread's kept connection is never reused nor closed when the thread ends;
# PostgreSQL filled up with idle connections until it refused more. There each request closes
# its own. gunicorn, Celery and run_outbox reuse their threads, and keep the setting.
if sys.argv[1:2] == ["runserver"]:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# SQLITE_BUSY_TIMEOUT_SECONDS: on SQLite (the embedded default), how long a write waits for
# another one to finish before it gives up with "database is locked" (503, try again).
SQLITE_BUSY_TIMEOUT_SECONDS = env.float("SQLITE_BUSY_TIMEOUT_SECONDS", default=20)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several phones at once on one SQLite file (runserver's threads, the outbox worker):
    # - a write transaction takes the write lock when it begins (IMMEDIATE), so it waits its
    #   turn (the busy timeout) instead of reading first and then failing to upgrade to a
    #   writer, which SQLite answers with "database is locked" at once, whatever the timeout;
    # - the journal is a write-ahead log (WAL): readers read alongside the one writer;
    #   synchronous=NORMAL is safe in WAL (a power cut may lose the last commits, never
    #   corrupt the file) and spares an fsync per commit;
    # - a request that only reads (GET, HEAD, OPTIONS) begins its transaction DEFERRED
    #   instead, and takes no write lock (outreach.middleware.SqliteReadRequestsMiddleware).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=SQLITE_BUSY_TIMEOUT_SECONDS,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    )
# DATABASE_JIT: PostgreSQL compiles a query to machine code (JIT) when its estimated cost is
# high, as for the coordinator's boards, whose filter on what the user may see (their teams
# OR a break-glass grant) the planner costs as a scan of every open case: the compiling took
# 1.1 s of the workload board's 1.3 s query at national size, the query itself 0.1 s
# (bench/README.md). Pages ask for small answers; the connection switches JIT off. Behind
# PgBouncer, which refuses connection options, set `jit = off` in postgresql.conf instead
# and DATABASE_JIT=1 here.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env.bool(
    "DATABASE_JIT", default=False
):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHE_URL: where cached tables of reach figures and the API's throttle counts live. The
# default keeps them in each process's memory; with several web processes, point it at
# Redis (redis://127.0.0.1:6379/1) so that they share the counts and the cache.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}


# === Security: hosts, proxies, HTTPS, cookies, headers ===
# ALLOWED_HOSTS: comma-separated host names this deployment answers to.
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
# CSRF_TRUSTED_ORIGINS: origins (scheme + host) allowed to post forms behind a proxy.
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# BEHIND_TLS_PROXY: gunicorn is reached only through a TLS proxy (nginx, a load balancer).
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
# SECURE_PROXY_SSL_HEADER: trust X-Forwarded-Proto from the proxy in front of gunicorn.
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# TRUSTED_PROXY_COUNT: how many proxies in front of gunicorn append the address they saw to
# X-Forwarded-For (1 behind the TLS proxy, 0 without one: the header is then ignored). The
# login lockout and the token endpoint's throttle count per client address, taken from there
# (outreach/client_address.py), never per proxy.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if BEHIND_TLS_PROXY else 0)
# Answer HTTPS only, and tell browsers to remember that (HSTS), unless DEBUG.
# SECURE_SSL_REDIRECT: send plain-HTTP requests to HTTPS (not /healthz, for the probes).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# SECURE_HSTS_SECONDS: how long browsers keep to HTTPS for this host (a year; 0 switches off).
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
# SECURE_HSTS_INCLUDE_SUBDOMAINS / SECURE_HSTS_PRELOAD: the same for subdomains, and
# permission to list the host in the browsers' preload lists.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# Security headers; the TLS ones only where TLS ends in front of us (production).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# SECURE_COOKIES: send session and CSRF cookies over HTTPS only (on unless DEBUG).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
# The CSRF cookie stays readable by our own script: the phone's outbox sends a visit kept
# offline with the token of the current login (Django rotates it at login), and an HttpOnly
# CSRF cookie protects nothing that the token in every form does not already expose.
CSRF_COOKIE_HTTPONLY = False
# Content-Security-Policy: only our own scripts, styles and images; no inline script or
# style (except a style element that carries the per-request nonce), no plugins, no framing,
# forms post only to us. Inline SVG (the two-factor QR code) needs nothing extra.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# DATA_UPLOAD_MAX_MEMORY_SIZE: largest request body accepted (bytes); larger answers 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)


# === Login: accounts, lockout, two-step login, sessions, API tokens ===
AUTH_USER_MODEL = "outreach.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first, so that a locked-out user is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# AXES_FAILURE_LIMIT: failed logins per username and address before a lockout.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
# AXES_COOLOFF_HOURS: how long a lockout lasts.
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
# A lockout holds for one username from one client address: someone who tries passwords
# for a peer's name locks out only themselves, not the peer on their own phone.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address, also behind the TLS proxy (TRUSTED_PROXY_COUNT), not the proxy's.
AXES_CLIENT_IP_CALLABLE = "outreach.client_address.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# AXES_ENABLED: switched off only by tests that log in many times on purpose.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# OTP_REQUIRED: coordinators, the municipality and admins must pass a second step (a code from
# an authenticator app, or a backup code) after their password, on the pages and on the token
# endpoint. Peers may switch it on for themselves. Off only in the demo, so that the README's
# demo accounts can log in; the login page says so.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=not DEMO_MODE)
# OTP_TOTP_ISSUER: the name the authenticator app shows next to the code.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Outreach")
# The admin site lists devices without their secret keys.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# OTP_BACKUP_CODES: how many single-use backup codes a user gets (for a lost phone).
OTP_BACKUP_CODES = env.int("OTP_BACKUP_CODES", default=10)
# SESSION_COOKIE_AGE_HOURS: a login lasts a working day of visits.
SESSION_COOKIE_AGE = int(env.float("SESSION_COOKIE_AGE_HOURS", default=14) * 3600)
# SESSION_IDLE_MINUTES_STAFF: a coordinator's, municipality's or admin's session ends after
# this long without a request. They work at a desk with many cases open; 30 minutes is the
# inactivity limit NIST SP 800-63B sets for this level of assurance (AAL2).
SESSION_IDLE_MINUTES_STAFF = env.int("SESSION_IDLE_MINUTES_STAFF", default=30)
# SESSION_IDLE_MINUTES_PEER: a peer's session ends after this long without a request. A home
# visit with travel easily takes two hours without touching the phone; a phone left behind
# overnight is logged out.
SESSION_IDLE_MINUTES_PEER = env.int("SESSION_IDLE_MINUTES_PEER", default=240)
# PHONE_LOCK_IDLE_SECONDS: a peer who set a PIN for the phone pages (the app lock, for a
# phone shared with family) sees the lock screen instead of any page after this long without
# using them (a request, or a tap on an open page); the PIN opens them again.
PHONE_LOCK_IDLE_SECONDS = env.int("PHONE_LOCK_IDLE_SECONDS", default=300)
# PHONE_LOCK_TRIES: wrong PINs in a row before the login ends (then only the password helps,
# and django-axes limits those).
PHONE_LOCK_TRIES = env.int("PHONE_LOCK_TRIES", default=5)
# SESSION_COOKIE_AGE (SESSION_COOKIE_AGE_HOURS) is the absolute limit of every session,
# counted from the login, however active the session is.
# API_TOKEN_HOURS: an API token ends this long after it was given out, like a login
# (api/authentication.py).
API_TOKEN_HOURS = env.float("API_TOKEN_HOURS", default=14)
_CACHE_SHARED = not CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))
# API_TOKEN_CACHE_SECONDS: how long a token found in the database is kept in the cache, so
# that the next calls with it ask the database nothing to know who calls (0: not cached).
# Logging out, a new password and deactivation forget it at once in the cache they run
# against (outreach.selectors.api_tokens): that cache must therefore be the one every web
# process reads. It is by default only where it is: a shared cache (CACHE_URL, Redis), or
# runserver's one process (the embedded quick start) with the per-process memory cache.
API_TOKEN_CACHE_SECONDS = env.int(
    "API_TOKEN_CACHE_SECONDS",
    default=300 if _CACHE_SHARED or sys.argv[1:2] == ["runserver"] else 0,
)


# === The API ===
REST_FRAMEWORK = {
    # Token first: an anonymous API client is told 401 with the scheme to use.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's own parsers, with a JSON parser that answers 400 to nesting too deep to parse and
    # to text that cannot be encoded (a lone UTF-16 surrogate).
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        # An unknown filter name is an error (400).
        "api.filters.RejectUnknownQueryParameters",
        # django-filter, relations filtered by id: an id outside your scope answers like one
        # that does not exist (api.filters.IdFilter)
        "api.filters.FilterBackend",
        # DRF's search, on the lists that search something (`search_fields`)
        "api.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        # API_TOKEN_THROTTLE: password attempts on the token endpoint per address.
        "auth_token": env.str("API_TOKEN_THROTTLE", default="20/minute"),
    },
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    # Throttles believe X-Forwarded-For only as far as the trusted proxies go (see above).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Outreach API",
    "DESCRIPTION": (
        "Case management for peer intermediaries (STA-teams). Every list is limited to what "
        "the caller may see; records outside that scope answer 404."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ClosingReasonEnum": "outreach.workflow.ClosingReason",
        "SignalStatusEnum": "outreach.models.signals.SignalStatus",
        "SignalAnswerStatusEnum": "outreach.models.signals.SignalAnswerStatus",
        "HouseholdStatusEnum": "outreach.workflow.HouseholdStatus",
        "OutboxStatusEnum": "notifications.models.OutboxStatus",
        "EnrolmentRoleEnum": "notifications.models.EnrolmentRole",
        "RoleEnum": "outreach.models.Role",
        "MessageKindEnum": "notifications.models.MessageKind",
        "PeerChannelEnum": "notifications.models.PeerChannel",
        # A wish's category, and the kinds of wish an entry of the local offer fits.
        "CategoryEnum": "outreach.models.WishCategory",
        "CandidateStatusEnum": "outreach.workflow.CandidateStatus",
        "ConsentMethodEnum": "outreach.models.consent.ConsentMethod",
        # An expense as read and as just submitted (with the note on paying back).
        "ExpenseStatusEnum": "outreach.models.ExpenseStatus",
        "ExpenseKindEnum": "outreach.models.ExpenseKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    # Swagger UI from the installed package's static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}


# === Case work: the coordinator's workspace ===
# COORDINATOR_NO_VISIT_WEEKS: an open case without a visit for this many weeks is flagged
# on the workload page, so that no household is quietly forgotten.
COORDINATOR_NO_VISIT_WEEKS = env.int("COORDINATOR_NO_VISIT_WEEKS", default=6)
# COORDINATOR_ESCALATION_DAYS: a follow-up overdue by more than this many days is raised to
# the coordinator on the overdue board (before that it is the peer's own to-do).
COORDINATOR_ESCALATION_DAYS = env.int("COORDINATOR_ESCALATION_DAYS", default=14)
# COORDINATOR_LONG_SERVING_MONTHS: team members active longer than this are shown as
# long-serving, so that turnover and fresh intake in the team stay in view.
COORDINATOR_LONG_SERVING_MONTHS = env.int("COORDINATOR_LONG_SERVING_MONTHS", default=24)
# COORDINATOR_ALLOWANCE_WARNING_SHARE: warn once a member's volunteer allowance reaches this
# share of a legal limit (hour, month or year), before the limit is passed.
COORDINATOR_ALLOWANCE_WARNING_SHARE = env.float("COORDINATOR_ALLOWANCE_WARNING_SHARE", default=0.9)
# EXPENSE_RECEIPT_MAX_BYTES: the largest receipt (photo or PDF) a team member may upload.
EXPENSE_RECEIPT_MAX_BYTES = env.int("EXPENSE_RECEIPT_MAX_BYTES", default=5 * 1024 * 1024)
# RETENTION_EXPENSE_MONTHS: an expense and its receipt are deleted this many months after the
# month it was made (the bookkeeping duty of an organisation is seven years: 84).
RETENTION_EXPENSE_MONTHS = env.int("RETENTION_EXPENSE_MONTHS", default=84)


# === Text messages (SMS) ===
# SMS_BACKEND: where text messages go. "console" (default: printed to the log, the demo),
# "file" (appended to SMS_FILE_PATH), or "twilio" (needs the TWILIO_* values below).
SMS_BACKEND = env.str("SMS_BACKEND", default="console")
# SMS_FILE_PATH: file the "file" back-end appends messages to.
SMS_FILE_PATH = env.str("SMS_FILE_PATH", default=str(BASE_DIR / "sms-outbox.log"))
# TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN: the Twilio account; the token also checks webhooks.
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
# TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM: who the messages come from (one is needed).
TWILIO_MESSAGING_SERVICE_SID = env.str("TWILIO_MESSAGING_SERVICE_SID", default="")
TWILIO_FROM = env.str("TWILIO_FROM", default="")
# TWILIO_API_BASE_URL: Twilio's REST address; only tests and benchmarks point it elsewhere (a
# local fake Twilio).
TWILIO_API_BASE_URL = env.str("TWILIO_API_BASE_URL", default="https://api.twilio.com")
# TWILIO_TIMEOUT_SECONDS: how long one request to Twilio may wait to connect, and then for
# each part of the answer. A send that times out after its request went out is checked in
# Twilio's log before any resend. Must stay well under SMS_CLAIM_LEASE_SECONDS (below).
TWILIO_TIMEOUT_SECONDS = env.float("TWILIO_TIMEOUT_SECONDS", default=15.0)
# SMS_PUBLIC_BASE_URL: this site's public address (https://...), for Twilio's status callbacks
# and for checking webhook signatures behind a proxy. Empty: no status callbacks requested.
SMS_PUBLIC_BASE_URL = env.str("SMS_PUBLIC_BASE_URL", default="")
if SMS_BACKEND == "twilio" and not (
    TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN and (TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM)
):
    raise ImproperlyConfigured(
        "SMS_BACKEND=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and "
        "TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM."
    )
# SMS_SENDER_NAME: how messages sign off and how HELP says who we are, for a municipality
# that set no name of its own (Municipality.sms_sender_name, docs/municipalities.md).
SMS_SENDER_NAME = env.str("SMS_SENDER_NAME", default="STA-team Roosendaal")
# SMS_HELP_CONTACT: where people can ask questions (in the HELP answer), for a municipality
# that set no number of its own.
SMS_HELP_CONTACT = env.str("SMS_HELP_CONTACT", default="0165 000 000")
# SMS_QUIET_HOURS_START / SMS_QUIET_HOURS_END: no messages from START to END o'clock (local
# time); they wait for the morning.
SMS_QUIET_HOURS_START = env.int("SMS_QUIET_HOURS_START", default=21)
SMS_QUIET_HOURS_END = env.int("SMS_QUIET_HOURS_END", default=9)
# SMS_DAILY_CAP / SMS_WEEKLY_CAP: most messages one number gets per day / per 7 days.
SMS_DAILY_CAP = env.int("SMS_DAILY_CAP", default=3)
SMS_WEEKLY_CAP = env.int("SMS_WEEKLY_CAP", default=8)
# SMS_CAP_ROOM_FOR_REMINDERS: appreciation is held back this many messages below the caps,
# so that a reminder still fits.
SMS_CAP_ROOM_FOR_REMINDERS = env.int("SMS_CAP_ROOM_FOR_REMINDERS", default=1)
# SMS_MAX_ATTEMPTS / SMS_RETRY_SECONDS: retries after 429/5xx, waiting SECONDS * 2^attempt.
SMS_MAX_ATTEMPTS = env.int("SMS_MAX_ATTEMPTS", default=5)
SMS_RETRY_SECONDS = env.int("SMS_RETRY_SECONDS", default=60)
# SMS_CLAIM_LEASE_SECONDS: a worker holds a message it is about to send for this long (the
# lease starts again right before the send). A row still held after that by a worker that
# did not finish is marked "unknown" and looked up in Twilio's log before any resend; the
# worker that lost it can no longer send or record anything for it. A send (connecting, then
# waiting for the answer, each up to TWILIO_TIMEOUT_SECONDS) must end well within the lease:
# the lease must be at least 4 times TWILIO_TIMEOUT_SECONDS.
SMS_CLAIM_LEASE_SECONDS = env.float("SMS_CLAIM_LEASE_SECONDS", default=300)
if SMS_CLAIM_LEASE_SECONDS < 4 * TWILIO_TIMEOUT_SECONDS:
    raise ImproperlyConfigured(
        "SMS_CLAIM_LEASE_SECONDS must be at least 4 times TWILIO_TIMEOUT_SECONDS: a send "
        "still waiting for Twilio when its lease runs out could be sent a second time."
    )
# SMS_SEND_CONCURRENCY: messages one dispatch sends side by side, each in a thread with its
# own database connection. A request to Twilio takes 100-500 ms with the checks and records
# around it: 8 keep up SMS_SEND_RATE_PER_SECOND's 10 a second (bench/README.md). Every
# message's rules are checked right before its own send.
SMS_SEND_CONCURRENCY = env.int("SMS_SEND_CONCURRENCY", default=8)
# SMS_SEND_RATE_PER_SECOND: most messages one dispatch starts per second. The default is
# Twilio's rate for one sender (number or alphanumeric name) outside the US and Canada: 10
# a second; faster only fills Twilio's queue for that sender. Each worker process that
# dispatches at the same time adds its own rate: with a messaging service of several
# senders, more workers send more (docs/sms.md).
SMS_SEND_RATE_PER_SECOND = env.float("SMS_SEND_RATE_PER_SECOND", default=10.0)
# SMS_DISPATCH_MAX_SECONDS: one dispatch keeps sending while messages are due, for at most
# this long; the next one (beat's, or one it asked for) carries on.
SMS_DISPATCH_MAX_SECONDS = env.float("SMS_DISPATCH_MAX_SECONDS", default=50.0)
# SMS_MILESTONES: attendance counts that earn a thank-you message.
SMS_MILESTONES = [int(n) for n in env.list("SMS_MILESTONES", default=["5", "10", "25", "50"])]
# SMS_SENSITIVE_WORDS: words a text message may never hold, since a shared phone may show it:
# poverty, debts, benefits, health. Matched case-insensitively at the start of a word.
SMS_SENSITIVE_WORDS = env.list(
    "SMS_SENSITIVE_WORDS",
    default=[
        "armoede", "arm", "minima", "schuld", "incasso", "deurwaarder", "bijstand", "uitkering",
        "toeslag", "voedselbank", "kwijtschelding", "ziek", "gezondheid", "depressi", "psych",
        "ggz", "medicijn", "poverty", "poor", "debt", "bailiff", "welfare", "benefit",
        "allowance", "food bank", "health", "illness", "sick", "medication",
    ],
)  # fmt: skip
# SMS_MAX_SEGMENTS: the longest a text message may be, in segments (GSM-7: 153 characters each
# when more than one, UCS-2: 67). Longer texts and templates are refused; long names are cut.
SMS_MAX_SEGMENTS = env.int("SMS_MAX_SEGMENTS", default=3)
# SMS_VERDICT_REPLY_DAYS: how long a household's score reply is awaited after closing.
SMS_VERDICT_REPLY_DAYS = env.int("SMS_VERDICT_REPLY_DAYS", default=14)
# Retention of text messages: RETENTION_SMS_OUTBOX_MONTHS / RETENTION_SMS_INBOUND_MONTHS.


# === Reach figures ===
# REACH_K: a published figure stems from at least this many households (never below 5).
REACH_K = env.int("REACH_K", default=10)
if REACH_K < 5:
    raise ImproperlyConfigured("REACH_K must be 5 or more: smaller groups can be recognised.")
# REACH_ROUNDING: published counts are rounded to a multiple of this.
REACH_ROUNDING = env.int("REACH_ROUNDING", default=5)
# REACH_HISTORY_YEARS: calendar years of figures kept (this year included).
REACH_HISTORY_YEARS = env.int("REACH_HISTORY_YEARS", default=3)
# REACH_CACHE_SECONDS: how long a table of published figures is kept in the cache. A
# refresh makes a new version, so this only bounds memory, never shows old figures.
REACH_CACHE_SECONDS = env.int("REACH_CACHE_SECONDS", default=24 * 3600)
# REACH_REFRESH_HOUR: local hour of the nightly refresh of the figures.
REACH_REFRESH_HOUR = env.int("REACH_REFRESH_HOUR", default=5)


# === The access log and breaking the glass ===
# AUDIT_BREAK_GLASS_HOURS: how long a coordinator may open a case of another team after
# stating why (break the glass).
AUDIT_BREAK_GLASS_HOURS = env.float("AUDIT_BREAK_GLASS_HOURS", default=3.0)
# AUDIT_BREAK_GLASS_MIN_REASON_LENGTH: a reason shorter than this is not a reason.
AUDIT_BREAK_GLASS_MIN_REASON_LENGTH = env.int("AUDIT_BREAK_GLASS_MIN_REASON_LENGTH", default=10)
# AUDIT_ACCESS_LOG_RETENTION_MONTHS: access-log entries older than this are deleted
# (`manage.py purge_access_log`, daily in the scheduler).
AUDIT_ACCESS_LOG_RETENTION_MONTHS = env.int("AUDIT_ACCESS_LOG_RETENTION_MONTHS", default=24)
# AUDIT_TRUST_X_FORWARDED_FOR: take the client address from the proxy's X-Forwarded-For
# (only behind a proxy that sets it; anyone can send the header).
AUDIT_TRUST_X_FORWARDED_FOR = env.bool("AUDIT_TRUST_X_FORWARDED_FOR", default=False)


# === Retention ===
# Retention per record type (docs/privacy.md). What has expired is anonymised in place every
# night (`manage.py anonymise_expired`): personal fields blanked, the coarse facts the reach
# figures count (team, neighbourhood, month, categories, scores) kept.
# RETENTION_MONTHS_AFTER_CLOSE: a closed case, its records and their history are anonymised
# this many months after closing.
RETENTION_MONTHS_AFTER_CLOSE = env.int("RETENTION_MONTHS_AFTER_CLOSE", default=12)
# RETENTION_SMS_OUTBOX_MONTHS: a sent (or failed, cancelled) text message loses its number,
# text and provider id this many months after it was made; kind, status and cost stay.
RETENTION_SMS_OUTBOX_MONTHS = env.int("RETENTION_SMS_OUTBOX_MONTHS", default=6)
# RETENTION_SMS_INBOUND_MONTHS: an incoming text message loses its sender and text this many
# months after it arrived; how it was handled (STOP, HELP, a score) stays.
RETENTION_SMS_INBOUND_MONTHS = env.int("RETENTION_SMS_INBOUND_MONTHS", default=6)
# RETENTION_PARTICIPANT_MONTHS_INACTIVE: a participant of activities who has not been enrolled
# nor present at a session for this many months loses name and number (attendance counts stay).
RETENTION_PARTICIPANT_MONTHS_INACTIVE = env.int("RETENTION_PARTICIPANT_MONTHS_INACTIVE", default=12)
# RETENTION_BATCH_SIZE: cases anonymised per transaction, so a large backlog never holds
# locks for long.
RETENTION_BATCH_SIZE = env.int("RETENTION_BATCH_SIZE", default=500)


# === Background work (Celery) and the periodic jobs ===
# Background work runs through Celery. Without CELERY_BROKER_URL (the demo, the tests) tasks
# run in the process that asks for them, and `manage.py run_outbox` (the embedded worker)
# runs the periodic jobs below itself. Production sets a Redis broker and runs Celery workers
# (`celery -A config worker`, any number) and exactly one `celery -A config beat`
# (compose.yaml, docs/deploy.md).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged when it is done, not when it starts: a worker killed half-way leaves
# it for another (every task is safe to run twice), and a worker process killed outright
# (SIGKILL, out of memory) hands it back at once instead of marking it failed.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# WORKER_CONCURRENCY: task processes per Celery worker (container). Read here, so that
# `celery -A config worker` takes it without a command-line flag.
CELERY_WORKER_CONCURRENCY = env.int("WORKER_CONCURRENCY", default=2)
# CELERY_VISIBILITY_TIMEOUT_SECONDS: with Redis, a task taken by a worker that then vanished
# (the container killed) goes to another worker after this long. Longer than the longest
# task (one municipality's reach refresh: about a minute nationally, bench/), far shorter
# than Redis's default of an hour; a task still running by then may run twice (harmless).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT_SECONDS", default=600)
}
# Beat keeps when each periodic job last ran in the database (notifications.schedule), not in
# a file: a new beat container (or the embedded worker) carries on where the last one
# stopped, and a daily job runs once a day at its time, however often beat restarts.
CELERY_BEAT_SCHEDULER = "notifications.schedule:DatabaseScheduler"
# Beat answers `celery inspect ping` (its health check) while it is ticking.
CELERY_BEAT_ENABLE_REMOTE_CONTROL = True
# The periodic jobs. Daily jobs are crontab entries (a time of day), never intervals: an
# interval counts from the moment beat starts, so a beat restarted daily would never run a
# daily job. Both beat and `manage.py run_outbox` run exactly this schedule.
CELERY_BEAT_SCHEDULE = {
    # Reminders are planned X hours before a session: every 10 minutes is soon enough.
    "sms-plan-reminders": {"task": "notifications.plan_reminders", "schedule": 600.0},
    # Picks up what is due (retries, what waited for the morning); a dispatch that finds
    # much to send asks for helpers on the other workers (notifications/tasks.py).
    "sms-dispatch-due": {"task": "notifications.dispatch_due", "schedule": 30.0},
    # The peers' overdue follow-ups, once a day in the morning.
    "sms-remind-peers": {
        "task": "notifications.remind_peers",
        "schedule": crontab(hour=SMS_QUIET_HOURS_END, minute=5),
    },
    "reach-refresh-nightly": {
        "task": "reach.tasks.refresh_reach_figures",
        "schedule": crontab(hour=REACH_REFRESH_HOUR, minute=17),
    },
    "audit-purge-access-log": {
        "task": "audit.tasks.purge_access_log",
        "schedule": crontab(hour=3, minute=37),
    },
    "retention-anonymise-expired": {
        "task": "audit.tasks.anonymise_expired",
        # Before the nightly reach refresh (which the anonymisation leaves unchanged anyway).
        "schedule": crontab(hour=4, minute=7),
    },
}


# === The demo ===
# DEMO_PASSWORD: password of every demo account made by seed_demo.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="outreach-demo")


# === Logging ===
# LOG_LEVEL: how much the processes log (DEBUG, INFO, WARNING, ERROR). At the default level
# no log line holds a phone number or the text of a message: the Twilio SDK, which logs
# each request with its recipient at INFO, is held at WARNING, and so is the console SMS
# back-end, which prints whole messages (only the demo shows them).
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "twilio": {"level": "WARNING"},
        "notifications.sms": {"level": "INFO" if DEMO_MODE else "WARNING"},
    },
}
