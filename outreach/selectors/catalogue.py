"""What one municipality uses: its catalogue of provisions for a year, its consent texts and
how its text messages sign off. Each falls back to the shared part (no municipality) for
what the municipality has not made its own."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from outreach.models import ConsentText, Household, Municipality, Provision


def provision_catalogue(*, municipality_id: int | None, year: int) -> QuerySet[Provision]:
    """The provisions to check in this municipality in this year: for each name, the newest
    row from that year or before (amounts change every 1 January, a row lasts until a newer
    one), the municipality's own row before a shared one of the same name. A name whose
    newest row is inactive is no longer offered."""
    rows = (
        Provision.objects.filter(year__lte=year)
        .filter(Q(municipality__isnull=True) | Q(municipality_id=municipality_id))
        .order_by("name", "municipality_id", "-year")
        .values_list("pk", "name", "municipality_id", "active")
    )
    chosen: dict[str, tuple[int, bool]] = {}
    local: set[str] = set()
    for pk, name, owner, active in rows:
        if owner is not None and name not in local:
            # The municipality's own row wins over any shared one of that name.
            local.add(name)
            chosen[name] = (pk, active)
        elif owner is None and name not in chosen:
            chosen[name] = (pk, active)
    ids = [pk for pk, active in chosen.values() if active]
    return Provision.objects.filter(pk__in=ids).order_by("name")


def household_catalogue(*, household: Household, on: date | None = None) -> QuerySet[Provision]:
    """The catalogue for this household's municipality on this day (today). The household
    comes with its team (select_related), as the visit form's does."""
    on = on or timezone.localdate()
    return provision_catalogue(municipality_id=household.team.municipality_id, year=on.year)


def current_consent_texts(
    *, scopes: list[str], municipality_id: int | None = None
) -> dict[str, ConsentText]:
    """The newest published text per scope: the municipality's own where it has one, else the
    deployment's. What the household is shown and agrees to."""
    texts: dict[str, ConsentText] = {}
    rows = (
        ConsentText.objects.filter(scope__in=scopes)
        .filter(Q(municipality__isnull=True) | Q(municipality_id=municipality_id))
        .order_by("scope", "municipality_id", "-published_on", "-pk")
    )
    # Within one owner the newest comes first; the databases sort NULL (shared) differently
    # among owners, so the municipality's own is preferred here.
    for text in rows:
        held = texts.get(text.scope)
        if held is None or (held.municipality_id is None and text.municipality_id is not None):
            texts[text.scope] = text
    return texts


def current_consent_text(*, scope: str, municipality_id: int | None) -> ConsentText | None:
    return current_consent_texts(scopes=[scope], municipality_id=municipality_id).get(scope)


@dataclass(frozen=True)
class SmsSignature:
    sender: str
    help: str

    def as_values(self) -> dict[str, str]:
        """The values of the {sender} and {help} placeholders."""
        return {"sender": self.sender, "help": self.help}


def sms_signature(*, team_id: int | None) -> SmsSignature:
    """How a team's text messages sign off and where to ask questions: its municipality's
    own values, or the deployment's (settings) where it has none or no team is known."""
    municipality = (
        Municipality.objects.filter(teams=team_id)
        .values("sms_sender_name", "sms_help_contact")
        .first()
        if team_id
        else None
    ) or {}
    return SmsSignature(
        sender=municipality.get("sms_sender_name") or settings.SMS_SENDER_NAME,
        help=municipality.get("sms_help_contact") or settings.SMS_HELP_CONTACT,
    )
