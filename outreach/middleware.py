import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import user_has_device

from outreach.db import reading
from outreach.policies import (
    needs_two_factor,
    phone_lock_applies,
    phone_lock_idle_seconds,
    session_idle_seconds,
)
from outreach.selectors.phone_lock import has_phone_pin

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    """While the database is away (a restart, a failover), answer 503 with Retry-After
    instead of a 500: phones keep what they wanted to send and try again, and the load
    balancer sees the same state as /healthz. Connections recover by themselves afterwards
    (CONN_HEALTH_CHECKS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        return database_unavailable_response(request, exception)


def is_database_outage(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)


def database_unavailable_response(request, exception: BaseException) -> HttpResponse:
    logger.warning("Database unavailable: %s", exception)
    message = _("The service is briefly unavailable. Nothing was saved; try again soon.")
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    else:
        # Rendered without the request: its context would ask the database for the user.
        response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SqliteReadRequestsMiddleware:
    """On SQLite every transaction takes the write lock when it begins (IMMEDIATE, see
    settings.DATABASES): one writer at a time, each waiting its turn. A request that only
    reads needs no such lock: its transaction (ATOMIC_REQUESTS) begins DEFERRED instead, so
    that in WAL mode it reads alongside the writer, from one snapshot. What such a request
    writes (the access log) is written once its transaction has ended
    (outreach.db.write_after_read); a view that writes on GET is marked with
    outreach.db.writes_on_read and keeps the lock. PostgreSQL: nothing changes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            if reading.get():
                reading.set(False)
                connection = connections[DEFAULT_DB_ALIAS]
                mode = connection.settings_dict["OPTIONS"].get("transaction_mode")
                connection.transaction_mode = mode.upper() if mode else None

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Called after the URL is resolved and before ATOMIC_REQUESTS begins the transaction.
        connection = connections[DEFAULT_DB_ALIAS]
        if (
            connection.vendor != "sqlite"
            or request.method not in READ_METHODS
            or getattr(view_func, "writes_on_read", False)
            or connection.in_atomic_block
        ):
            return None
        # The mode is read when the connection opens: open it first, then change it.
        connection.ensure_connection()
        connection.transaction_mode = None
        reading.set(True)
        return None


# --- Login and security ---
SESSION_LOGIN_AT = "login_at"
SESSION_SEEN_AT = "seen_at"
SESSION_TWO_FACTOR_NEEDED = "two_factor_needed"
# A session's last activity is written at most this often, not on every request.
SEEN_AT_RESOLUTION_SECONDS = 60


class SessionExpiryMiddleware:
    """Ends a logged-in session after a period without requests (shorter for staff than for
    peers) and at an absolute limit counted from the login, however active it is. A session
    that ended is logged out; the page then asks for the login again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and _session_expired(request):
            logout(request)
            messages.info(request, _("You were logged out because your session ended."))
        return self.get_response(request)


def session_start(sender, request, user, **kwargs) -> None:
    """At login: the session's clocks start, and whether it owes the second step is decided
    (once, so later requests do not ask the database)."""
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[SESSION_LOGIN_AT] = request.session[SESSION_SEEN_AT] = now
    request.session[SESSION_TWO_FACTOR_NEEDED] = needs_two_factor(user)
    # The password opens the phone pages too (the way out for a forgotten PIN).
    phone_lock_open(request.session)
    request.session[SESSION_PHONE_PIN] = phone_lock_applies(user) and has_phone_pin(user=user)


def _session_expired(request) -> bool:
    session = request.session
    now = int(time.time())
    login_at = session.get(SESSION_LOGIN_AT)
    seen_at = session.get(SESSION_SEEN_AT)
    if login_at is None or seen_at is None:
        session[SESSION_LOGIN_AT] = session[SESSION_SEEN_AT] = now
        return False
    if now - login_at > settings.SESSION_COOKIE_AGE:
        return True
    if now - seen_at > session_idle_seconds(request.user):
        return True
    if now - seen_at >= SEEN_AT_RESOLUTION_SECONDS:
        session[SESSION_SEEN_AT] = now
    return False


# What holds nothing of a person or a household: open to a login that is not complete.
ALWAYS_OPEN_PATHS = (
    "/accounts/logout/",
    "/i18n/",
    "/static/",
    "/healthz",
    "/manifest.webmanifest",
    "/sw.js",
)
# Pages a user who still owes the second login step may open.
TWO_FACTOR_OPEN_PATHS = ("/accounts/two-factor/", *ALWAYS_OPEN_PATHS)


class TwoFactorMiddleware:
    """After the password, a user who needs the second step (their role requires it, or they
    set it up themselves) can open nothing but that step until it is passed: the pages send
    them to it, the API (with this session) answers 403. Token clients pass the step at the
    token endpoint instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(TWO_FACTOR_OPEN_PATHS)
            and _two_factor_needed(request)
        ):
            return _to_two_factor_step(request)
        return self.get_response(request)


def _two_factor_needed(request) -> bool:
    # Decided once per session (the query is not repeated on every request).
    needed = request.session.get(SESSION_TWO_FACTOR_NEEDED)
    if needed is None:
        needed = request.session[SESSION_TWO_FACTOR_NEEDED] = needs_two_factor(request.user)
    return needed


def _to_two_factor_step(request):
    if request.path.startswith("/api/"):
        message = _("Complete the two-factor login step first.")
        return JsonResponse({"detail": message}, status=403)
    step = "two_factor:verify" if user_has_device(request.user) else "two_factor:setup"
    return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")


class RequestBodyLimitMiddleware:
    """A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE answers 413 before anything reads it.
    Django checks the limit only where it reads the body itself; the API's parsers read the
    stream directly, so without this an oversized JSON body would be read whole."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            message = _("The request is too large.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class ApiNotFoundAsJsonMiddleware:
    """A path under /api/ that matches no route answers 404 in JSON like the rest of the API
    (`{"detail": ...}`), not with the site's HTML page: clients read one error format."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and request.path.startswith("/api/")
            and "json" not in response.get("Content-Type", "")
        ):
            return JsonResponse({"detail": _("Not found.")}, status=404)
        return response


# --- The app lock of the phone pages (a phone shared with family) ---
SESSION_PHONE_PIN = "phone_pin"  # whether the peer set a PIN (decided once per session)
SESSION_ACTIVE_AT = "phone_active_at"  # the last use of the phone pages, in seconds
SESSION_LOCKED = "phone_locked"
SESSION_PIN_TRIES = "phone_pin_tries"  # wrong PINs in a row
LOCKED_CODE = "phone_locked"
LOCKED_HEADER = "X-Outreach-Locked"
# What a locked session may still open: the lock itself, logging out or in again, and what
# holds nothing of a household.
PHONE_LOCK_OPEN_PATHS = (
    "/phone/unlock/",
    "/phone/lock/",
    "/accounts/login/",
    "/offline/",
    *ALWAYS_OPEN_PATHS,
)


def phone_lock_open(session) -> None:
    session[SESSION_LOCKED] = False
    session[SESSION_PIN_TRIES] = 0
    session[SESSION_ACTIVE_AT] = int(time.time())


def phone_lock_close(session) -> None:
    session[SESSION_LOCKED] = True


def phone_lock_on(request) -> bool:
    """Whether the app lock guards this session: a peer who set a PIN."""
    if not phone_lock_applies(request.user):
        return False
    pin = request.session.get(SESSION_PHONE_PIN)
    if pin is None:
        pin = request.session[SESSION_PHONE_PIN] = has_phone_pin(user=request.user)
    return pin


class PhoneLockMiddleware:
    """The app lock, held by the server (the phone's script only adds the cover and the
    timer): a peer with a PIN who has not used the pages for PHONE_LOCK_IDLE_SECONDS gets the
    lock screen instead of any page until the PIN is given; the API (with this session)
    answers 423 with the code "phone_locked", and so do the phone's own scripts. Every request
    counts as use; an open page says it is in use with a small request (phone:alive)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and phone_lock_on(request):
            # The pages' script closes them on the phone after the same time (base.html).
            request.phone_lock_idle = phone_lock_idle_seconds()
            if not request.path.startswith(PHONE_LOCK_OPEN_PATHS) and phone_locked(
                request.session, in_use=_used_by_the_peer(request)
            ):
                return phone_locked_response(request)
        return self.get_response(request)


# What the phone's scripts send by themselves (the worker's copies, the outbox) is no use of
# the pages: it must not keep them open on a phone lying on the table.
BACKGROUND_CLIENTS = frozenset({"sync", "outbox"})


def _used_by_the_peer(request) -> bool:
    return request.headers.get("X-Outreach-Client") not in BACKGROUND_CLIENTS


def phone_locked(session, in_use: bool = True) -> bool:
    """Whether the pages are locked now (closing them when the idle time has passed), and
    if not, a request in use moves the last use on."""
    now = int(time.time())
    idle = phone_lock_idle_seconds()
    active_at = session.get(SESSION_ACTIVE_AT)
    if active_at is None:
        session[SESSION_ACTIVE_AT] = now
        return bool(session.get(SESSION_LOCKED))
    if session.get(SESSION_LOCKED) or now - active_at > idle:
        session[SESSION_LOCKED] = True
        return True
    # Written only when it moved on enough, not on every request.
    if in_use and now - active_at >= min(SEEN_AT_RESOLUTION_SECONDS, max(1, idle // 5)):
        session[SESSION_ACTIVE_AT] = now
    return False


def phone_locked_response(request) -> HttpResponse:
    message = _("The app is locked. Enter your PIN to go on.")
    if request.path.startswith("/api/") or "X-Outreach-Client" in request.headers:
        response = JsonResponse({"detail": message, "code": LOCKED_CODE}, status=423)
    else:
        target = request.get_full_path() if request.method == "GET" else "/"
        response = render(
            request, "outreach/peer/unlock.html", {"next": target, "form": None}, status=423
        )
    response[LOCKED_HEADER] = "1"
    response["Cache-Control"] = "no-store"
    return response
