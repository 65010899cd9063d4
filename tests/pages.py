"""Every page of the site for the tests that check all of them (headers, language): found
from the URL configuration, so that a page added later is checked without touching a test."""

from django.urls import URLResolver, get_resolver
from django.utils import timezone

from notifications.models import Session
from outreach.models import Signal, SignalAnswer, SignalStatus, SignalTheme
from tests.notifications.helpers import make_group

ROLES = ["anonymous", "peer", "coordinator", "municipality_user", "municipal_admin", "admin"]
MISSING = 999999  # an id that does not exist: the 404 page is checked too


def page_paths(world) -> list[str]:
    """Every page of the site (not the JSON API), found from the URL configuration, so that a
    page added later is checked without touching this test."""
    group = make_group(world.household.team)
    # A signal forwarded to the municipality and answered: its page in the inbox is checked.
    signal = Signal.objects.create(
        team=world.household.team,
        # get_or_create: a browser test's transactional database has lost the seeded themes.
        theme=SignalTheme.objects.get_or_create(name="Schulden", municipality=None)[0],
        neighbourhood_code="BU16740101",
        neighbourhood_year=2026,
        description="Gezinnen krijgen aanmaningen voor de waterrekening.",
        forwarded_text="Gezinnen krijgen aanmaningen voor de waterrekening.",
        households_concerned=4,
        status=SignalStatus.FORWARDED,
        reviewed_at=timezone.now(),
    )
    SignalAnswer.objects.create(signal=signal, status="looking_into", reply="We kijken ernaar.")
    # A consent given at registration: its withdraw page (a confirmation) is checked too.
    consent_id = world.household.consents.values_list("pk", flat=True).first() or MISSING
    ids = {
        "household_id": world.household.pk,
        "follow_up_id": world.household.follow_ups.first().pk,
        "consent_id": consent_id,
        "check_id": world.household.provision_checks.first().pk,
        "conflict_id": MISSING,
        "uidb64": "x",
        "token": "y",
        "team_id": world.household.team.pk,
        "kind": "reminder",
        "language": "nl",
        "activity_pk": group.activity.pk,
        "referral_id": MISSING,
        "user_id": world.peer.pk,
        "year": timezone.localdate().year,
    }
    pk_by_name = {
        "assign": world.household.pk,
        "close": world.household.pk,
        "reopen": world.household.pk,
        "household-access-log": world.household.pk,
        "activity-detail": group.activity.pk,
        "compose": group.activity.pk,
        "attendance": Session.objects.filter(activity=group.activity).first().pk,
        "activity-edit": group.activity.pk,
        "session-edit": group.next_session.pk,
        "participant-edit": group.regular.pk,
        "signal-detail": signal.pk,
    }
    paths = []
    for route, name in _routes(get_resolver().url_patterns):
        if route.startswith(("api/", "admin/")):
            continue
        for key, value in {**ids, "pk": pk_by_name.get(name, MISSING)}.items():
            for converter in ("int:", "str:", ""):
                route = route.replace(f"<{converter}{key}>", str(value))
        assert "<" not in route, f"give {route} an id in this test"
        paths.append("/" + route)
    return [
        *paths,
        "/api/v1/docs/",
        f"/api/v1/households/{world.household.pk}/export/?format=html",
        "/admin/",
        "/admin/outreach/user/",
        f"/admin/outreach/user/{world.peer.pk}/change/",
        f"/admin/outreach/household/{world.household.pk}/change/",
        f"/admin/outreach/household/{world.household.pk}/history/",
        "/admin/otp_totp/totpdevice/",
        "/admin/outreach/team/",
        f"/admin/outreach/team/{world.household.team.pk}/change/",
        "/admin/outreach/provision/",
        "/admin/outreach/provision/add/",
        "/admin/outreach/consenttext/",
        f"/admin/outreach/municipality/{world.household.team.municipality_id}/change/",
    ]


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.name
