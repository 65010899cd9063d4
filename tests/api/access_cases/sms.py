"""Activities and SMS routes, for every role (gathered by test_access_matrix too).

Activities belong to a team: its peers (assigned or not) and coordinators use them; the
other team's coordinator gets 404; the municipality 403. The outbox, templates and group
messages are for coordinators: peers get 403."""

from datetime import timedelta

from django.utils import timezone

from notifications.models import Enrolment, MessageKind, OutboxMessage
from tests.access import statuses
from tests.notifications.helpers import make_group

expect = statuses(
    anonymous=401, peer=200, other_peer=404, coordinator=200, other_coordinator=404,
    municipality_user=403, municipal_admin=403, admin=200,
)  # fmt: skip
TEAM = expect(other_peer=200)
TEAM_LIST = expect(other_peer=200, other_coordinator=200)
TEAM_CREATE = expect(peer=201, other_peer=201, coordinator=201, other_coordinator=400, admin=201)
COORDINATORS = expect(peer=403, other_peer=403)
COORDINATORS_LIST = expect(peer=403, other_peer=403, other_coordinator=200)


def sms(w):
    """The group of the household's team, made once per test."""
    if not hasattr(w, "sms_group"):
        w.sms_group = make_group(w.household.team, now=timezone.now())
        w.sms_message = OutboxMessage.objects.create(
            idempotency_key="access", kind=MessageKind.REMINDER, to="+31611111111", body="Hoi",
            team=w.household.team, participant=w.sms_group.regular,
        )  # fmt: skip
    return w.sms_group


def past_session(w):
    group = sms(w)
    return group.activity.sessions.filter(starts_at__lt=timezone.now()).first()


def newcomer_enrolment(w):
    return Enrolment.objects.get(participant=sms(w).newcomer)


CASES = [
    ("activities list", "get", lambda w: "/api/v1/activities/", None, TEAM_LIST),
    ("activities create", "post", lambda w: "/api/v1/activities/",
     lambda w: {"team": w.household.team_id, "name": "Wandelgroep"}, TEAM_CREATE),
    ("activities retrieve", "get", lambda w: f"/api/v1/activities/{sms(w).activity.pk}/", None,
     TEAM),
    ("activities update", "put", lambda w: f"/api/v1/activities/{sms(w).activity.pk}/",
     lambda w: {"team": w.household.team_id, "name": "Kookclub"}, TEAM),
    ("activities partial update", "patch",
     lambda w: f"/api/v1/activities/{sms(w).activity.pk}/", lambda w: {"place": "Kerk"}, TEAM),
    ("activities link wish", "post",
     lambda w: f"/api/v1/activities/{sms(w).activity.pk}/link-wish/",
     lambda w: {"wish": w.household.wishes.first().pk},
     expect(peer=201, other_peer=400, coordinator=201, admin=201)),
    ("activities message", "post", lambda w: f"/api/v1/activities/{sms(w).activity.pk}/message/",
     lambda w: {"body": "Dank jullie wel, {name}!"},
     expect(peer=403, other_peer=403, coordinator=202, admin=202)),
    ("sessions list", "get", lambda w: "/api/v1/sessions/", None, TEAM_LIST),
    ("sessions create", "post", lambda w: "/api/v1/sessions/",
     lambda w: {"activity": sms(w).activity.pk,
                "starts_at": (timezone.now() + timedelta(days=3)).isoformat()},
     expect(peer=201, other_peer=201, coordinator=201, other_coordinator=400, admin=201)),
    ("sessions retrieve", "get", lambda w: f"/api/v1/sessions/{past_session(w).pk}/", None, TEAM),
    ("sessions update", "put", lambda w: f"/api/v1/sessions/{past_session(w).pk}/",
     lambda w: {"activity": sms(w).activity.pk, "starts_at": past_session(w).starts_at.isoformat(),
                "place": "Bibliotheek"}, TEAM),
    ("sessions partial update", "patch", lambda w: f"/api/v1/sessions/{past_session(w).pk}/",
     lambda w: {"place": "Bibliotheek"}, TEAM),
    ("sessions attendance", "post", lambda w: f"/api/v1/sessions/{past_session(w).pk}/attendance/",
     lambda w: {"present": [sms(w).regular.pk], "absent": [sms(w).newcomer.pk]}, TEAM),
    ("participants list", "get", lambda w: "/api/v1/participants/", None, TEAM_LIST),
    ("participants create", "post", lambda w: "/api/v1/participants/",
     lambda w: {"team": w.household.team_id, "name": "Ali", "phone": "06 55555555"}, TEAM_CREATE),
    ("participants retrieve", "get", lambda w: f"/api/v1/participants/{sms(w).newcomer.pk}/",
     None, TEAM),
    ("participants update", "put", lambda w: f"/api/v1/participants/{sms(w).newcomer.pk}/",
     lambda w: {"team": w.household.team_id, "name": "Kees"}, TEAM),
    ("participants partial update", "patch",
     lambda w: f"/api/v1/participants/{sms(w).newcomer.pk}/", lambda w: {"sms_paused": True},
     TEAM),
    ("participants erase", "delete", lambda w: f"/api/v1/participants/{sms(w).newcomer.pk}/",
     None, expect(peer=403, other_peer=403, coordinator=204, admin=204)),
    ("participants consent", "post",
     lambda w: f"/api/v1/participants/{sms(w).without_consent.pk}/consent/",
     lambda w: {"method": "written", "text_version": "2026-1"},
     expect(peer=201, other_peer=201, coordinator=201, admin=201)),
    ("participants withdraw consent", "post",
     lambda w: f"/api/v1/participants/{sms(w).regular.pk}/withdraw-consent/", None, TEAM),
    ("enrolments list", "get", lambda w: "/api/v1/enrolments/", None, TEAM_LIST),
    ("enrolments create", "post", lambda w: "/api/v1/enrolments/",
     lambda w: {"activity": sms(w).activity.pk, "participant": sms(w).newcomer.pk,
                "role": "volunteer"}, TEAM_CREATE),
    ("enrolments delete", "delete",
     lambda w: f"/api/v1/enrolments/{newcomer_enrolment(w).pk}/",
     None, expect(other_peer=204, peer=204, coordinator=204, admin=204)),
    ("outbox list", "get", lambda w: "/api/v1/outbox/", None, COORDINATORS_LIST),
    ("outbox retrieve", "get", lambda w: (sms(w), f"/api/v1/outbox/{w.sms_message.pk}/")[1],
     None, COORDINATORS),
    ("outbox cancel", "post", lambda w: (sms(w), f"/api/v1/outbox/{w.sms_message.pk}/cancel/")[1],
     None, COORDINATORS),
    ("outbox summary", "get", lambda w: "/api/v1/outbox/summary/", None, COORDINATORS_LIST),
    ("outbox segments", "post", lambda w: "/api/v1/outbox/segments/",
     lambda w: {"body": "Hoi €"}, COORDINATORS_LIST),
    ("sms templates list", "get", lambda w: "/api/v1/sms-templates/", None, COORDINATORS_LIST),
    ("sms templates create", "post", lambda w: "/api/v1/sms-templates/",
     lambda w: {"team": w.household.team_id, "kind": "reminder", "language": "nl",
                "body": "Hoi {name}, tot {date}! Geen sms? Stuur STOP."},
     expect(peer=403, other_peer=403, coordinator=201, other_coordinator=400, admin=201)),
    ("household sms", "get", lambda w: f"/api/v1/household-sms/{w.household.pk}/", None,
     expect()),
    ("household sms pause", "put", lambda w: f"/api/v1/household-sms/{w.household.pk}/pause/",
     lambda w: {"paused": True}, expect()),
    ("notification preference", "get", lambda w: "/api/v1/notification-preferences/me/", None,
     TEAM_LIST),
    ("notification preference set", "put", lambda w: "/api/v1/notification-preferences/me/",
     lambda w: {"channel": "sms", "phone": "0612345678"}, TEAM_LIST),
]  # fmt: skip
