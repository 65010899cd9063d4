"""Services for retention and erasure: anonymising in place (docs/privacy.md).

When a closed case has been kept as long as RETENTION_MONTHS_AFTER_CLOSE allows, or when the
household asks to be forgotten, its rows stay where they are but name nobody any more: every
personal field is blanked and only what the reach figures count is kept, in coarse form
(team, CBS neighbourhood, month, categories, scores). Deleting the case instead would change
the published figures of past years at the next refresh.

Everything here works on batches of cases with bulk UPDATE and DELETE statements (no loop
per row), on SQLite and PostgreSQL alike, and is idempotent: an anonymised case is marked
(`Household.anonymised_at`) and never picked up again; running a batch twice changes nothing.
"""

import logging
import secrets
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Exists, Model, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import MD5, Cast, Coalesce, Concat, TruncMonth
from django.utils import timezone

from audit.models import AccessLog, BreakGlassGrant
from notifications.models import (
    Attendance,
    Enrolment,
    HouseholdSmsPause,
    HouseholdVerdict,
    InboundMessage,
    OutboxMessage,
    OutboxStatus,
    Participant,
    ParticipantConsent,
    PhoneOptOut,
    WishFulfilment,
)
from outreach.models import (
    Application,
    Assignment,
    Consent,
    ConsentScope,
    EditConflict,
    ErasureRecord,
    ErasureSubject,
    FollowUp,
    Household,
    HouseholdMember,
    LadderStep,
    OwnScore,
    ParticipationPlan,
    ParticipationWish,
    PeerCandidate,
    PeerDecline,
    ProvisionCheck,
    Referral,
    User,
    Visit,
)
from outreach.services.team_care import expenses_delete_expired, receipts_delete_unreferenced
from outreach.workflow import ClosingReason, HouseholdStatus

logger = logging.getLogger(__name__)

ANONYMISED_PREFIX = "anonymised:"
RETENTION_REASON = "retention period ended"

# What happens to each table that points at a household. A test fails when a table with a
# key to Household is added without a rule here, so nothing personal is left behind unseen.
# - anonymise: the row stays with its coarse facts (the reach figures count it);
# - delete: nothing in the row is needed once the case is anonymised;
# - unlink: the row belongs to someone or something else; only the link to the case goes.
# A candidate for the team is deleted with the household, unless they became a member: then
# the candidacy is theirs and only its link to the household goes.
ANONYMISED_RECORDS = (
    Visit,
    ParticipationWish,
    ProvisionCheck,
    Application,
    ParticipationPlan,
    LadderStep,
    OwnScore,
    Referral,
)
DELETED_RECORDS = (
    Assignment,
    Consent,
    EditConflict,
    FollowUp,
    HouseholdMember,
    HouseholdSmsPause,
    HouseholdVerdict,
    PeerCandidate,
    PeerDecline,
)
UNLINKED_RECORDS = (AccessLog, BreakGlassGrant, InboundMessage, OutboxMessage, Participant)
OPEN_OUTBOX_STATUSES = (OutboxStatus.QUEUED, OutboxStatus.SENDING)


def _months_ago(now: datetime, months: int) -> datetime:
    return now - timedelta(days=round(months * 30.44))


def _marked(prefix: str = ANONYMISED_PREFIX):
    """A unique stand-in for a unique column (provider id, idempotency key): the row's id."""
    return Concat(Value(prefix), Cast("pk", output_field=CharField()), output_field=CharField())


def _blank_outbox(messages: QuerySet) -> int:
    """A message keeps its kind, status, team and cost; who it went to and what it said go."""
    messages.filter(status=OutboxStatus.QUEUED).update(status=OutboxStatus.CANCELLED)
    return messages.update(to="", body="", provider_id="", error_message="", claimed_by="")


def _blank_inbound(messages: QuerySet) -> int:
    """An incoming message keeps how it was handled (STOP, HELP, a score) and when."""
    return messages.update(from_phone="", body="", provider_id=_marked())


def _history_models() -> list[type[Model]]:
    """The django-simple-history tables of every model, in every app."""
    return [model for model in apps.get_models() if hasattr(model, "instance_type")]


def _household_history_models() -> list[tuple[type[Model], type[Model]]]:
    """(history model, its model) for every history table with a household column."""
    found = []
    for history in _history_models():
        names = {field.name for field in history._meta.fields}
        if "household" in names:
            found.append((history, history.instance_type))
    return found


def _phones_no_longer_in_use(phones: set[str]) -> set[str]:
    """Phones are shared in households: a number still used by a case that is not being
    anonymised, or by a participant, keeps its messages."""
    if not phones:
        return set()
    in_use = set(
        Household.objects.filter(phone__in=phones, anonymised_at__isnull=True).values_list(
            "phone", flat=True
        )
    ) | set(Participant.objects.filter(phone__in=phones).values_list("phone", flat=True))
    return phones - in_use


def _forget_phones(phones: set[str]) -> None:
    """Messages to and from numbers that nobody kept on record uses any more."""
    gone = _phones_no_longer_in_use(phones)
    if gone:
        _blank_outbox(OutboxMessage.objects.filter(to__in=gone))
        _blank_inbound(InboundMessage.objects.filter(from_phone__in=gone))
        # A standing opt-out stays: the number asked for no messages, and that must hold
        # (Telecommunicatiewet art. 11.7). An opt-out that was lifted is only history.
        PhoneOptOut.objects.filter(phone__in=gone, opted_in_at__isnull=False).delete()


def _unlink_keeping_reach_unit(rows: QuerySet, secret: str, **also) -> int:
    """Cut participants or messages loose from their household, keeping what the reach
    figures count them by: the rows of one household share a token (a hash of the household
    id with `secret`, made for one batch and then forgotten) and keep its neighbourhood
    code. So published figures do not change, and nothing leads back to the household."""
    return (
        rows.filter(household__isnull=False)
        .order_by()
        .update(
            household=None,
            reach_unit=MD5(Concat(Value(secret), Cast("household_id", output_field=CharField()))),
            reach_neighbourhood=_of_their_household("neighbourhood_code"),
            **also,
        )
    )


def _of_their_household(field: str) -> Subquery:
    """A field of the household a row points at, for use in an update of those rows."""
    return Subquery(Household.objects.filter(pk=OuterRef("household_id")).values(field)[:1])


def _forget_admin_log(conditions: dict[type[Model], Q]) -> None:
    """The admin's change log names each object it touched by its str(): a wish's
    description, a member's label, a participant's name. Those names go; the entry stays."""
    content_types = ContentType.objects.get_for_models(*conditions)  # one query for all
    for model, condition in conditions.items():
        object_ids = (
            model._default_manager.filter(condition)
            .annotate(object_key=Cast("pk", output_field=CharField()))
            .values("object_key")
        )
        LogEntry.objects.filter(content_type=content_types[model], object_id__in=object_ids).update(
            object_repr="", change_message=""
        )


def _anonymise_batch(household_ids: list[int], *, now: datetime) -> None:
    in_batch = Q(household_id__in=household_ids)
    _forget_admin_log(
        {Household: Q(pk__in=household_ids)}
        | {
            model: in_batch
            for model in (*ANONYMISED_RECORDS, *DELETED_RECORDS, InboundMessage, OutboxMessage)
        }
        # Named after the wish it realised ("description → activity").
        | {WishFulfilment: Q(wish__household_id__in=household_ids)}
    )
    households = Household.objects.filter(pk__in=household_ids)
    phones = set(households.exclude(phone="").values_list("phone", flat=True))
    # A case erased while still open ends now, so the figures do not count it as reached
    # for ever after. No closing message is sent: the household asked to be forgotten.
    households.filter(closed_at__isnull=True).update(
        status=HouseholdStatus.CLOSED, closed_at=now, closing_reason=ClosingReason.OTHER
    )
    households.update(
        # The old reference stays in the erasure record and the access log; the row gets
        # another, so that nothing leads from them to what is left.
        reference=_marked("ANON-"),
        contact_name="",
        phone="",
        street="",
        house_number="",
        postcode="",
        city="",
        registered_by=None,
        created_at=TruncMonth("created_at"),
        closed_at=TruncMonth("closed_at"),
        updated_at=now,
        anonymised_at=now,
    )

    # Records the figures count: the facts stay, by month; free text and who did it go.
    # TruncMonth works in the current time zone (Europe/Amsterdam): what is stored is the
    # start of that local month, so every date stays in the month, quarter and year it was.
    Visit.peers.through.objects.filter(visit__household_id__in=household_ids).delete()
    Visit.objects.filter(in_batch).update(
        notes="",
        recorded_by=None,
        started_at=TruncMonth("started_at"),
        created_at=TruncMonth("created_at"),
    )
    ParticipationWish.objects.filter(in_batch).update(
        description="",
        barriers=[],
        member=None,
        created_by=None,
        articulated_on=TruncMonth("articulated_on"),
        status_changed_on=TruncMonth("status_changed_on"),
    )
    ProvisionCheck.objects.filter(in_batch).update(
        non_use_reason="",
        created_by=None,
        checked_on=TruncMonth("checked_on"),
        outcome_changed_on=TruncMonth("outcome_changed_on"),
    )
    # An application keeps its status and granted amount (euros unlocked); its checklist
    # and the note on the decision are the household's own affairs.
    Application.objects.filter(in_batch).update(
        documents=[],
        decision_note="",
        created_by=None,
        follow_up=None,
        started_on=TruncMonth("started_on"),
        submitted_on=TruncMonth("submitted_on"),
        decision_due_on=TruncMonth("decision_due_on"),
        decided_on=TruncMonth("decided_on"),
    )
    # The plan's goals are the household's own words; the rungs and the score are counted.
    ParticipationPlan.objects.filter(in_batch).update(
        goals="",
        agreed_by=None,
        review_follow_up=None,
        agreed_on=TruncMonth("agreed_on"),
        review_on=TruncMonth("review_on"),
        created_at=TruncMonth("created_at"),
    )
    LadderStep.objects.filter(in_batch).update(note="", recorded_by=None, on=TruncMonth("on"))
    OwnScore.objects.filter(in_batch).update(recorded_by=None, given_on=TruncMonth("given_on"))
    PeerCandidate.objects.filter(in_batch, user__isnull=False).update(household=None)
    # A referral keeps its kind and whether contact was made; the note and the name of the
    # organisation (free text) go.
    Referral.objects.filter(in_batch).update(
        organisation="",
        note="",
        referred_by=None,
        follow_up=None,
        referred_on=TruncMonth("referred_on"),
        contact_on=TruncMonth("contact_on"),
        created_at=TruncMonth("created_at"),
    )
    # Through the ORM, so that cascades stay right for tables added later. The history row
    # each deletion writes is removed with the rest of the history below.
    for model in DELETED_RECORDS:
        model.objects.filter(in_batch).delete()

    # Rows that are not the household's own: cut the link and what they say about it.
    AccessLog.objects.filter(in_batch).update(household=None, detail="", path="")
    BreakGlassGrant.objects.filter(in_batch).update(household=None, reason="")
    secret = secrets.token_hex(16)
    _unlink_keeping_reach_unit(Participant.objects.filter(in_batch), secret)
    outbox = OutboxMessage.objects.filter(in_batch)
    _blank_outbox(outbox)
    _unlink_keeping_reach_unit(
        outbox,
        secret,
        idempotency_key=_marked(),
        team=Coalesce("team", _of_their_household("team")),
    )
    _blank_inbound(InboundMessage.objects.filter(in_batch))
    InboundMessage.objects.filter(in_batch).update(household=None)
    _forget_phones(phones)

    # History: every earlier state of the case and its records held the personal fields.
    # Deleting the records above wrote one more history row each; these go too.
    Household.history.filter(id__in=household_ids).delete()
    unlinked = set(UNLINKED_RECORDS)
    for history, model in _household_history_models():
        rows = history.objects.filter(household_id__in=household_ids)
        if model in unlinked:
            rows.update(household_id=None)
        else:
            rows.delete()


def households_anonymise(
    *, household_ids: list[int], erased_by: User | None, reason: str, now: datetime | None = None
) -> list[ErasureRecord]:
    """Anonymise these cases in place, in batches of RETENTION_BATCH_SIZE, each batch in one
    transaction with its erasure records. Cases already anonymised are skipped, so a second
    run changes nothing. Returns the erasure records written."""
    now = now or timezone.now()
    size = settings.RETENTION_BATCH_SIZE
    written: list[ErasureRecord] = []
    for start in range(0, len(household_ids), size):
        with transaction.atomic():
            batch = dict(
                Household.objects.select_for_update()
                .filter(pk__in=household_ids[start : start + size], anonymised_at__isnull=True)
                .values_list("pk", "reference")
            )
            if not batch:
                continue
            _anonymise_batch(list(batch), now=now)
            written += ErasureRecord.objects.bulk_create(
                ErasureRecord(
                    subject=ErasureSubject.HOUSEHOLD,
                    reference=reference,
                    erased_at=now,
                    erased_by=erased_by,
                    reason=reason,
                )
                for reference in batch.values()
            )
    return written


def households_due_for_anonymising(*, now: datetime | None = None) -> QuerySet[Household]:
    cutoff = _months_ago(now or timezone.now(), settings.RETENTION_MONTHS_AFTER_CLOSE)
    return Household.objects.filter(
        status=HouseholdStatus.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True
    )


@transaction.atomic
def household_erase(
    *, household: Household, erased_by: User | None, reason: str
) -> ErasureRecord | None:
    """Erasure on request (AVG art. 17): the household is anonymised at once, as at the end of
    retention. The record says that a case with this reference was erased, by whom and why,
    not what it held. None if the case had been anonymised already."""
    records = households_anonymise(household_ids=[household.pk], erased_by=erased_by, reason=reason)
    if records:
        logger.info("Erased household %s on request", records[0].reference)
    return records[0] if records else None


DATA_STORAGE_WITHDRAWN_REASON = "consent for keeping data withdrawn"


def household_erase_without_storage_consent(
    *, household_id: int, erased_by_id: int | None
) -> ErasureRecord | None:
    """The household withdrew its consent for keeping data (outreach.events): anonymise it
    at once. Nothing happens when that consent stands again (given anew meanwhile) or the
    case is anonymised already."""
    household = Household.objects.filter(pk=household_id, anonymised_at__isnull=True).first()
    if household is None:
        return None
    if (
        Consent.objects.standing()
        .filter(household=household, scope=ConsentScope.DATA_STORAGE)
        .exists()
    ):
        return None
    erased_by = User.objects.filter(pk=erased_by_id).first() if erased_by_id else None
    return household_erase(
        household=household, erased_by=erased_by, reason=DATA_STORAGE_WITHDRAWN_REASON
    )


def messages_anonymise_expired(*, now: datetime | None = None) -> tuple[int, int]:
    """Blank text messages older than their retention: (outbox, inbound) counts."""
    now = now or timezone.now()
    outbox = (
        OutboxMessage.objects.filter(
            created_at__lt=_months_ago(now, settings.RETENTION_SMS_OUTBOX_MONTHS)
        )
        .exclude(status__in=OPEN_OUTBOX_STATUSES)
        .exclude(to="", body="")
    )
    inbound = InboundMessage.objects.filter(
        received_at__lt=_months_ago(now, settings.RETENTION_SMS_INBOUND_MONTHS)
    ).exclude(from_phone="", body="")
    with transaction.atomic():
        return _blank_outbox(outbox), _blank_inbound(inbound)


def participants_due_for_anonymising(*, now: datetime | None = None) -> QuerySet[Participant]:
    """Participants not enrolled and not present at any session for the retention period."""
    cutoff = _months_ago(now or timezone.now(), settings.RETENTION_PARTICIPANT_MONTHS_INACTIVE)
    attended = Attendance.objects.filter(participant=OuterRef("pk"), session__starts_at__gte=cutoff)
    enrolled = Enrolment.objects.filter(participant=OuterRef("pk")).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=cutoff) | Q(enrolled_at__gte=cutoff)
    )
    return (
        Participant.objects.filter(created_at__lt=cutoff)
        .exclude(name="", phone="")
        .exclude(Exists(attended))
        .exclude(Exists(enrolled))
    )


def participants_anonymise(
    *, participant_ids: list[int], reason: str, now: datetime | None = None
) -> int:
    """Anonymise participants in place: name, number, link to a household, consents and
    history go; their enrolments and attendance stay, so past sessions keep their counts.
    An anonymised participant has an empty name and number and is never picked up again."""
    now = now or timezone.now()
    size = settings.RETENTION_BATCH_SIZE
    done = 0
    for start in range(0, len(participant_ids), size):
        with transaction.atomic():
            batch = dict(
                Participant.objects.select_for_update()
                .filter(pk__in=participant_ids[start : start + size])
                .exclude(name="", phone="")
                .values_list("pk", "phone")
            )
            if not batch:
                continue
            ids = list(batch)
            owned = Q(participant_id__in=ids)
            _forget_admin_log(
                {Participant: Q(pk__in=ids), Enrolment: owned, Attendance: owned}
                | {ParticipantConsent: owned, OutboxMessage: owned}
            )
            _unlink_keeping_reach_unit(
                Participant.objects.filter(pk__in=ids), secrets.token_hex(16)
            )
            Participant.objects.filter(pk__in=ids).update(name="", phone="")
            ParticipantConsent.objects.filter(owned).delete()
            _blank_outbox(OutboxMessage.objects.filter(owned))
            _forget_phones({phone for phone in batch.values() if phone})
            Participant.history.filter(id__in=ids).delete()
            for history in _history_models():
                if "participant" in {field.name for field in history._meta.fields}:
                    history.objects.filter(participant_id__in=ids).delete()
            ErasureRecord.objects.bulk_create(
                ErasureRecord(subject=ErasureSubject.PARTICIPANT, erased_at=now, reason=reason)
                for _ in ids
            )
            done += len(ids)
    return done


def retention_run(*, now: datetime | None = None) -> dict[str, int]:
    """The nightly job: every record type whose retention has passed is anonymised in place.
    Safe to run twice, and after an interruption (each batch is one transaction)."""
    now = now or timezone.now()
    due = list(households_due_for_anonymising(now=now).values_list("pk", flat=True))
    records = households_anonymise(
        household_ids=due, erased_by=None, reason=RETENTION_REASON, now=now
    )
    participants = participants_anonymise(
        participant_ids=list(
            participants_due_for_anonymising(now=now).values_list("pk", flat=True)
        ),
        reason=RETENTION_REASON,
        now=now,
    )
    outbox, inbound = messages_anonymise_expired(now=now)
    counts = {
        "households": len(records),
        "participants": participants,
        "outbox": outbox,
        "inbound": inbound,
        # A team member's expenses and their receipts (files included), after the term.
        "expenses": expenses_delete_expired(now=now),
        # Receipt files left behind by an expense deleted otherwise (with its account, say).
        "receipts": receipts_delete_unreferenced(now=now),
    }
    logger.info("Retention: %s", counts)
    return counts
