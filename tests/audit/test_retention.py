"""Retention: what has expired is anonymised in place, history tables and text messages
included, while the reach figures stay what they were."""

from datetime import date, datetime, timedelta

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from audit.models import AccessLog, BreakGlassGrant
from audit.retention import (
    ANONYMISED_RECORDS,
    DELETED_RECORDS,
    UNLINKED_RECORDS,
    households_anonymise,
    retention_run,
)
from audit.services import break_glass_open
from demo.datagen import generate
from notifications.models import (
    Activity,
    HouseholdVerdict,
    InboundMessage,
    MessageKind,
    OutboxMessage,
    OutboxStatus,
    Participant,
    PhoneOptOut,
    WishFulfilment,
)
from notifications.services.inbound import inbound_receive
from notifications.services.outbox import message_enqueue
from outreach.models import (
    Consent,
    ConsentScope,
    EditConflict,
    ErasureRecord,
    FollowUp,
    Household,
    HouseholdMember,
    ParticipationWish,
    PeerDecline,
    ProvisionCheck,
    Visit,
)
from outreach.services.households import household_update, member_add
from reach.models import ReachCell
from reach.services import reach_refresh_all
from tests.audit.helpers import traces
from tests.factories import (
    FollowUpFactory,
    HouseholdFactory,
    ProvisionCheckFactory,
    VisitFactory,
    WishFactory,
    consent_text,
)

OLD_NAME = "Fatima Oudenaam"
NAME = "Fatima Jansen"
PHONE = "+31687654321"
STREET = "Kerkstraat"
POSTCODE = "4799 ZZ"
# Every personal value below contains one of these; none may survive anonymisation.
NEEDLES = ("Fatima", "Oudenaam", PHONE, STREET, POSTCODE, "SMfatima")


def expired_household(world) -> Household:
    """A closed case with every kind of record, edits in its history, messages in and out,
    and the access log and a broken glass mentioning the person."""
    household = HouseholdFactory(
        team=world.household.team,
        contact_name=OLD_NAME,
        phone=PHONE,
        street=STREET,
        house_number="7",
        postcode=POSTCODE,
        city="Roosendaal",
        neighbourhood_code="BU16740101",
        no_paid_work=True,
    )
    household_update(household=household, changed_by=world.peer, data={"contact_name": NAME})
    member = member_add(household=household, label="Sam, 9 (zoon van Fatima)")
    visit = VisitFactory(
        household=household, notes="Fatima vertelde over de huur", peers=[world.peer]
    )
    visit.duration_minutes = 50
    visit.save()
    WishFactory(
        household=household, member=member, description="Zwemles, Fatima", barriers=["cost"]
    )
    ProvisionCheckFactory(household=household, outcome="granted", estimated_annual_value=400)
    FollowUpFactory(household=household, responsible=world.peer, description="Bel Fatima")
    Consent.objects.create(
        household=household,
        scope=ConsentScope.SMS,
        text=consent_text(ConsentScope.SMS),
        method="verbal",
    )
    PeerDecline.objects.create(household=household, peer=world.other_peer, reason="Fatima kent hem")
    EditConflict.objects.create(
        household=household,
        record_type="household",
        record_id=household.pk,
        base_version=1,
        current_version=2,
        submitted={"contact_name": "Fatima J."},
        current={"contact_name": NAME},
    )
    HouseholdVerdict.objects.create(household=household, phone=PHONE, score=9)
    message_enqueue(
        idempotency_key=f"verdict:{household.pk}",
        kind="verdict_request",
        to=PHONE,
        body="Beste Fatima, welk cijfer geeft u?",
        household=household,
    )
    OutboxMessage.objects.update(status=OutboxStatus.DELIVERED, provider_id="SMfatima-out")
    inbound_receive(provider_id="SMfatima-in", from_phone=PHONE, body="Hallo, met Fatima")
    InboundMessage.objects.filter(from_phone=PHONE).update(household=household)
    PhoneOptOut.objects.create(phone=PHONE, source="STOP", opted_in_at=timezone.now())
    Participant.objects.create(team=household.team, name="Kees Buur", household=household)
    break_glass_open(
        user=world.other_coordinator,
        reference=household.reference,
        reason="Fatima belde in paniek over haar huur",
    )
    wish = household.wishes.get()
    activity = Activity.objects.create(team=household.team, name="Zwemclub")
    fulfilment = WishFulfilment.objects.create(wish=wish, activity=activity)
    for logged in (wish, fulfilment):
        LogEntry.objects.create(
            user=world.admin,
            content_type=ContentType.objects.get_for_model(logged),
            object_id=str(logged.pk),
            object_repr=str(logged),
            action_flag=CHANGE,
            change_message='[{"changed": {"fields": ["Description"]}}]',
        )
    Household.objects.filter(pk=household.pk).update(
        status="closed", closed_at=timezone.now() - timedelta(days=400), satisfaction=8
    )
    return household


def test_an_expired_case_is_anonymised_in_place_history_and_messages_included(world, settings):
    settings.RETENTION_MONTHS_AFTER_CLOSE = 12
    household = expired_household(world)
    reference = household.reference
    found_before = {table for table, _column, _needle in traces(*NEEDLES)}
    # The person is everywhere the issue names: history, messages, access log, grants
    assert {
        "outreach_historicalhousehold",
        "outreach_historicalvisit",
        "outreach_historicalparticipationwish",
        "outreach_historicalfollowup",
        "outreach_historicalhouseholdmember",
        "outreach_historicalpeerdecline",
        "notifications_outboxmessage",
        "notifications_inboundmessage",
        "notifications_phoneoptout",
        "audit_accesslog",
        "audit_breakglassgrant",
        "django_admin_log",
    } <= found_before

    # When the nightly job runs
    counts = retention_run()

    # Then no table holds anything of the person any more
    assert counts["households"] == 1
    assert traces(*NEEDLES) == []
    # What the figures count is still there, in coarse form
    row = Household.objects.get(pk=household.pk)
    assert row.anonymised_at is not None and row.reference != reference
    assert (row.contact_name, row.phone, row.street, row.postcode, row.city) == ("",) * 5
    assert (row.team_id, row.neighbourhood_code, row.no_paid_work, row.satisfaction) == (
        household.team_id,
        "BU16740101",
        True,
        8,
    )
    assert row.created_at.day == 1 and timezone.localtime(row.closed_at).day == 1
    visit = Visit.objects.get(household=household)
    assert (visit.kind, visit.notes, list(visit.peers.all())) == ("home_visit", "", [])
    assert ParticipationWish.objects.get(household=household).category == "sport"
    check = ProvisionCheck.objects.get(household=household)
    assert (check.outcome, check.estimated_annual_value) == ("granted", 400)
    for model in (FollowUp, Consent, HouseholdMember, PeerDecline, EditConflict, HouseholdVerdict):
        assert not model.objects.filter(household=household).exists(), model
    # No earlier state of the case or its records is left in a history table
    assert not Household.history.filter(id=household.pk).exists()
    for model in (Visit, ParticipationWish, ProvisionCheck, FollowUp, HouseholdMember):
        assert not model.history.filter(household_id=household.pk).exists(), model
    assert not Participant.history.filter(household_id=household.pk).exists()
    assert Participant.objects.get(name="Kees Buur").household_id is None
    # Messages keep what they were, not to whom or what they said
    sent = OutboxMessage.objects.get(kind="verdict_request")
    assert (sent.kind, sent.status, sent.to, sent.body, sent.household_id) == (
        "verdict_request",
        OutboxStatus.DELIVERED,
        "",
        "",
        None,
    )
    assert InboundMessage.objects.get().body == ""
    # The access log keeps that someone broke the glass on this reference, nothing more
    entry = AccessLog.objects.get(household_reference=reference, action="break_glass")
    assert (entry.household_id, entry.detail, entry.path) == (None, "", "")
    assert BreakGlassGrant.objects.get().reason == ""
    # And a record says an erasure happened
    record = ErasureRecord.objects.get()
    assert (record.reference, record.erased_by, record.reason) == (
        reference,
        None,
        "retention period ended",
    )
    # Other cases are untouched
    assert Household.objects.get(pk=world.household.pk).anonymised_at is None


def test_the_job_is_idempotent_and_leaves_cases_within_retention_alone(world, settings):
    settings.RETENTION_MONTHS_AFTER_CLOSE = 12
    expired_household(world)
    recent = HouseholdFactory(team=world.household.team, contact_name="Nog bewaard")
    Household.objects.filter(pk=recent.pk).update(
        status="closed", closed_at=timezone.now() - timedelta(days=300)
    )
    assert retention_run()["households"] == 1
    # A second run finds nothing new and writes no second erasure record
    assert retention_run() == {
        "households": 0, "participants": 0, "outbox": 0, "inbound": 0, "expenses": 0, "receipts": 0
    }  # fmt: skip
    assert ErasureRecord.objects.count() == 1
    assert Household.objects.get(pk=recent.pk).contact_name == "Nog bewaard"
    assert Household.objects.get(pk=world.household.pk).anonymised_at is None


def test_a_shared_phone_keeps_the_messages_of_the_household_still_using_it(world, settings):
    settings.RETENTION_MONTHS_AFTER_CLOSE = 12
    household = expired_household(world)
    still_here = HouseholdFactory(team=world.household.team, phone=PHONE)
    message_enqueue(idempotency_key="other", kind="verdict_request", to=PHONE,
                    body="Voor het andere huishouden", household=still_here)  # fmt: skip
    households_anonymise(household_ids=[household.pk], erased_by=None, reason="test")
    assert OutboxMessage.objects.get(household=still_here).to == PHONE


def test_a_standing_opt_out_is_kept_so_the_number_gets_no_messages(world, settings):
    settings.RETENTION_MONTHS_AFTER_CLOSE = 12
    household = expired_household(world)
    PhoneOptOut.objects.create(phone=PHONE, source="STOP")
    households_anonymise(household_ids=[household.pk], erased_by=None, reason="test")
    assert list(PhoneOptOut.objects.values_list("phone", "opted_in_at")) == [(PHONE, None)]


def test_text_messages_past_their_retention_are_blanked(world, settings):
    settings.RETENTION_SMS_OUTBOX_MONTHS = 6
    settings.RETENTION_SMS_INBOUND_MONTHS = 3
    old, recent, waiting = (
        message_enqueue(idempotency_key=key, kind="reminder", to="+31611111111", body=key)[0]
        for key in ("old", "recent", "waiting")
    )
    OutboxMessage.objects.filter(pk__in=[old.pk, recent.pk]).update(status=OutboxStatus.SENT)
    OutboxMessage.objects.filter(pk__in=[old.pk, waiting.pk]).update(
        created_at=timezone.now() - timedelta(days=200)
    )
    inbound_receive(provider_id="SMold", from_phone="+31622222222", body="oud bericht")
    inbound_receive(provider_id="SMnew", from_phone="+31633333333", body="nieuw bericht")
    InboundMessage.objects.filter(provider_id="SMold").update(
        received_at=timezone.now() - timedelta(days=100)
    )
    # When the nightly job runs
    assert retention_run() == {
        "households": 0, "participants": 0, "outbox": 1, "inbound": 1, "expenses": 0, "receipts": 0
    }  # fmt: skip
    # Then only the expired, finished messages lost their number and text
    texts = dict(OutboxMessage.objects.values_list("pk", "body"))
    assert texts == {old.pk: "", recent.pk: "recent", waiting.pk: "waiting"}
    assert OutboxMessage.objects.get(pk=old.pk).to == ""
    assert sorted(InboundMessage.objects.values_list("body", flat=True)) == ["", "nieuw bericht"]
    assert not InboundMessage.objects.filter(provider_id="SMold").exists()


def test_every_table_pointing_at_a_household_has_a_retention_rule():
    """A table added later with a key to Household must say what happens to it."""
    ruled = set(ANONYMISED_RECORDS) | set(DELETED_RECORDS) | set(UNLINKED_RECORDS)
    pointing = {
        field.related_model
        for field in Household._meta.get_fields(include_hidden=True)
        if field.is_relation and field.auto_created and not field.concrete
    }
    pointing = {model for model in pointing if not hasattr(model, "instance_type")}
    assert pointing - ruled == set()


def test_the_reach_figures_are_the_same_before_and_after_anonymising(db, settings):
    # Small k and no rounding, so that any change would show in a published figure.
    settings.REACH_K = 5
    settings.REACH_ROUNDING = 1
    today = date(2026, 6, 30)
    generate("small", today=today)
    # Text messages went to closed households (some without a team on the message) and to
    # participants who belong to them; anonymising cuts both links.
    closed_households = Household.objects.filter(status="closed").select_related("team")
    sent_at = timezone.make_aware(datetime(2026, 3, 10, 12))
    messages = [
        OutboxMessage(
            idempotency_key=f"verdict-{household.pk}-{copy}",
            kind=MessageKind.VERDICT_REQUEST,
            to="+31611000099",
            body="Hoe was het?",
            household=household,
            team=household.team if copy else None,
            status=OutboxStatus.DELIVERED,
            sent_at=sent_at,
        )
        for household in closed_households
        for copy in (0, 1)
    ] + [
        OutboxMessage(
            idempotency_key=f"thanks-{participant.pk}",
            kind=MessageKind.MILESTONE,
            to=participant.phone,
            body="Dank je!",
            participant=participant,
            team=participant.team,
            status=OutboxStatus.SENT,
            sent_at=sent_at,
        )
        for participant in Participant.objects.filter(household__status="closed")
    ]
    OutboxMessage.objects.bulk_create(messages)
    assert Participant.objects.filter(household__status="closed").count() > 5

    def published():
        reach_refresh_all(today=today)
        return sorted(
            ReachCell.objects.values_list(
                "snapshot__municipality_code", "period", "area_kind", "area", "team_id",
                "measure", "breakdown", "value", "suppressed", "reason",
            ),
            key=str,  # team_id is empty on municipality-wide cells
        )  # fmt: skip

    before = published()
    closed = list(Household.objects.filter(status="closed").values_list("pk", flat=True))
    assert len(closed) > 10
    assert sum(1 for cell in before if not cell[8]) > 100
    # When every closed case is anonymised
    households_anonymise(household_ids=closed, erased_by=None, reason="test")
    # Then they really lost their details, and the refreshed figures are what they were
    assert not Household.objects.filter(pk__in=closed).exclude(contact_name="").exists()
    assert published() == before


def test_the_command_reports_what_it_anonymised(db, capsys):
    call_command("anonymise_expired")
    assert "Anonymised 0 case(s)" in capsys.readouterr().out


def test_the_scheduler_runs_the_job_nightly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["retention-anonymise-expired"]
    assert entry["task"] == "audit.tasks.anonymise_expired"


def test_anonymising_costs_the_same_queries_for_one_case_as_for_many(world):
    """Bulk statements per batch, no loop per row: the query count does not grow with the
    number of cases or of their visits, wishes, checks and messages. (Records that are
    deleted through the ORM with a history table, such as follow-ups, still write one
    history row each on the way out; see audit/retention.py.)"""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    numbers = iter(range(1000))

    def cases(count: int) -> list[int]:
        ids = []
        for _ in range(count):
            phone = f"+3161000{next(numbers):04d}"
            # (no consents: deleting each writes a history row, so the count would grow)
            household = HouseholdFactory(team=world.household.team, phone=phone, consents=[])
            for _ in range(3):
                VisitFactory(household=household, notes="notitie", peers=[world.peer])
            WishFactory(household=household)
            ProvisionCheckFactory(household=household)
            message_enqueue(idempotency_key=f"m{household.pk}", kind="verdict_request",
                            to=household.phone, body="Hoi", household=household)  # fmt: skip
            ids.append(household.pk)
        return ids

    # The first run fills the content-type cache; the next two are compared.
    counted = []
    for ids in (cases(1), cases(1), cases(12)):
        with CaptureQueriesContext(connection) as queries:
            households_anonymise(household_ids=ids, erased_by=None, reason="test")
        counted.append(len(queries))
    assert counted[1] == counted[2]


def test_a_participant_inactive_past_the_retention_period_is_anonymised(world, settings):
    from notifications.models import Activity, Attendance, Enrolment, ParticipantConsent, Session

    settings.RETENTION_PARTICIPANT_MONTHS_INACTIVE = 12
    long_ago = timezone.now() - timedelta(days=400)
    team = world.household.team
    activity = Activity.objects.create(team=team, name="Kookgroep")
    session = Session.objects.create(activity=activity, starts_at=long_ago)
    gone = Participant.objects.create(team=team, name="Fatima Deelnemer", phone=PHONE,
                                      household=world.household)  # fmt: skip
    active = Participant.objects.create(team=team, name="Kees Actief", phone="+31699999999")
    for participant in (gone, active):
        Enrolment.objects.create(activity=activity, participant=participant,
                                 enrolled_at=long_ago, ended_at=long_ago)  # fmt: skip
        Attendance.objects.create(session=session, participant=participant)
        ParticipantConsent.objects.create(participant=participant, method="sms", text_version="1")
    recent = Session.objects.create(activity=activity, starts_at=timezone.now())
    Attendance.objects.create(session=recent, participant=active)
    message_enqueue(idempotency_key="p", kind="reminder", to=PHONE, body="Tot morgen, Fatima",
                    participant=gone)  # fmt: skip
    OutboxMessage.objects.update(status=OutboxStatus.SENT)
    inbound_receive(provider_id="SMfatima-p", from_phone=PHONE, body="Ik kom, Fatima")
    Participant.objects.filter(pk__in=[gone.pk, active.pk]).update(created_at=long_ago)
    assert traces(*NEEDLES)
    # When the nightly job runs
    assert retention_run()["participants"] == 1
    # Then nothing names the participant, while the session keeps its attendance
    assert traces(*NEEDLES) == []
    assert (Participant.objects.get(pk=gone.pk).name, session.attendances.count()) == ("", 2)
    assert not ParticipantConsent.objects.filter(participant=gone).exists()
    assert Participant.objects.get(pk=active.pk).name == "Kees Actief"
    assert ErasureRecord.objects.get().subject == "participant"
    assert retention_run()["participants"] == 0
