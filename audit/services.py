"""Writes of the audit trail. Views, API classes and auth receivers call these and nothing
else: every access is one INSERT, with no query to look anything up."""

from datetime import timedelta
from urllib.parse import unquote, urlencode

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AccessAction, AccessLog, BreakGlassGrant
from outreach import policies
from outreach.db import write_after_read
from outreach.models import Household, User
from outreach.querysets import visible_to
from outreach.services.errors import field_error

# Free-text search terms may be a person's name: the log keeps that a search was made, not what.
REDACTED_QUERY_PARAMETERS = frozenset({"search", "q"})
REDACTED = "…"
# Refusals are written after the request's transaction has been rolled back (audit.middleware).
PENDING_REFUSALS = "_audit_pending_refusals"


def _http_request(request):
    """The Django request under a REST framework request."""
    return getattr(request, "_request", request)


def _client_address(http_request) -> str | None:
    if settings.AUDIT_TRUST_X_FORWARDED_FOR:
        forwarded = http_request.META.get("HTTP_X_FORWARDED_FOR", "")
        # The proxy in front of us appends the address it saw: the last one is the true one.
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return http_request.META.get("REMOTE_ADDR") or None


def describe_query(request) -> str:
    """The filters of a list as sent, with free-text searches blanked."""
    params = _http_request(request).GET
    pairs = [
        (name, REDACTED if name in REDACTED_QUERY_PARAMETERS and value else value)
        for name in sorted(params)
        for value in params.getlist(name)
    ]
    return urlencode(pairs)[:500]


def _entry(
    request_or_user,
    *,
    action: str,
    household: Household | None,
    detail: str,
    status_code: int | None,
    username: str,
    user: User | None = None,
) -> AccessLog:
    entry = AccessLog(
        action=action,
        detail=str(detail)[:500],
        status_code=status_code,
        username=username[:150],
    )
    if request_or_user is None or isinstance(request_or_user, User):
        user = user or request_or_user
    else:
        http_request = _http_request(request_or_user)
        user = user or getattr(request_or_user, "user", None)
        entry.method = http_request.method or ""
        entry.path = http_request.path[:300]
        entry.ip_address = _client_address(http_request)
        entry.user_agent = http_request.META.get("HTTP_USER_AGENT", "")[:200]
    if user is not None and user.is_authenticated:
        entry.user = user
        entry.username = user.get_username()[:150]
        entry.role = user.role
    if household is not None:
        entry.household = household
        entry.household_reference = household.reference
    return entry


def record_access(
    request_or_user,
    *,
    action: str,
    household: Household | None = None,
    detail: str = "",
    status_code: int | None = None,
    username: str = "",
    user: User | None = None,
) -> AccessLog:
    """Log one access (a case, a list, an export, a login...). Pass the request where there
    is one: it gives the user, the address, the browser and the path; otherwise the user,
    or None. `user` names who it was when the request does not know yet (a token login);
    `username` is for attempts by someone not logged in (a failed login)."""
    entry = _entry(
        request_or_user,
        action=action,
        household=household,
        detail=detail,
        status_code=status_code,
        username=username,
        user=user,
    )
    # A request that only reads writes its entry once its read has ended (SQLite).
    write_after_read(lambda: entry.save(force_insert=True))
    return entry


def record_refusal(
    request, *, status_code: int, detail: str = "", household: Household | None = None
) -> None:
    """Log a refused request (403, or 404 for something out of scope). The request's own
    transaction is about to be rolled back, so the entry waits on the request and
    audit.middleware.AccessAuditMiddleware writes it once the view is done."""
    entry = _entry(
        request,
        action=AccessAction.REFUSED,
        household=household,
        detail=detail,
        status_code=status_code,
        username="",
    )
    _http_request(request).__dict__.setdefault(PENDING_REFUSALS, []).append(entry)


def write_pending_refusals(http_request) -> None:
    pending = http_request.__dict__.pop(PENDING_REFUSALS, None)
    if pending:
        AccessLog.objects.bulk_create(pending)


CHANGE_REASON_HEADER = "HTTP_X_CHANGE_REASON"
# The width of simple-history's history_change_reason column.
CHANGE_REASON_MAX_LENGTH = 100


def change_reason_from(request) -> str:
    """Why a change was made, as the client said in the X-Change-Reason header
    (percent-encoded UTF-8, as headers carry only Latin-1)."""
    raw = _http_request(request).META.get(CHANGE_REASON_HEADER, "")
    return unquote(raw).strip()[:CHANGE_REASON_MAX_LENGTH]


def page_action_of(request) -> str:
    """For a change made on a page (whose forms send no reason header), the action the user
    took there, e.g. "page peer:follow_up_done": the history then says what was being done.
    API clients give their reason in the header instead."""
    request = _http_request(request)
    match = getattr(request, "resolver_match", None)
    if match is None or request.path.startswith("/api/"):
        return ""
    return f"page {match.view_name}"[:CHANGE_REASON_MAX_LENGTH]


def access_log_purge_expired(*, now=None) -> int:
    """The access log itself is personal data of the staff: keep it only as long as needed."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=round(settings.AUDIT_ACCESS_LOG_RETENTION_MONTHS * 30.44))
    deleted, _per_model = AccessLog.objects.filter(at__lt=cutoff).delete()
    return deleted


@transaction.atomic
def break_glass_open(*, user: User, reference: str, reason: str, request=None) -> BreakGlassGrant:
    """Open a case of another team for a while, stating why. Logged, and shown to the
    administrator; access ends by itself after AUDIT_BREAK_GLASS_HOURS."""
    household = (
        Household.objects.select_related("team")
        .filter(reference__iexact=reference.strip(), anonymised_at__isnull=True)
        .first()
    )
    if household is not None and visible_to(user, Household).filter(pk=household.pk).exists():
        raise field_error("reference", _("You can already open this case."), code="in_scope")
    if household is None or not policies.can_break_glass(user, household):
        # The same answer for a case that does not exist and one of another municipality.
        raise field_error(
            "reference",
            _("There is no case with this reference that you can open."),
            code="not_found",
        )
    reason = reason.strip()
    if len(reason) < settings.AUDIT_BREAK_GLASS_MIN_REASON_LENGTH:
        raise field_error(
            "reason",
            _("Explain why you need to open this case (at least %(count)d characters).")
            % {"count": settings.AUDIT_BREAK_GLASS_MIN_REASON_LENGTH},
            code="reason_required",
        )
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        user=user,
        household=household,
        household_reference=household.reference,
        reason=reason[:500],
        granted_at=now,
        expires_at=now + timedelta(hours=settings.AUDIT_BREAK_GLASS_HOURS),
    )
    record_access(
        request if request is not None else user,
        action=AccessAction.BREAK_GLASS,
        household=household,
        detail=reason,
    )
    return grant


def break_glass_end(*, grant: BreakGlassGrant) -> BreakGlassGrant:
    """Close a grant early, when the work is done."""
    now = timezone.now()
    if grant.expires_at > now:
        grant.expires_at = now
        grant.save(update_fields=["expires_at"])
    return grant
