"""Demo data of referrals to partner organisations: a few households of each team referred
with their consent, some answered (contact made or not), some still waiting for the
follow-up two weeks on. Made through the services, only once (safe to run again)."""

import random
from datetime import date, timedelta

from outreach.models import (
    Assignment,
    ContactMade,
    Household,
    PartnerKind,
    Referral,
    ReferralConsentMethod,
    Team,
)
from outreach.services.consent import contact_refused
from outreach.services.referrals import referral_make, referral_record_contact
from outreach.workflow import HouseholdStatus

PARTNERS = [
    (PartnerKind.DEBT_HELP, "Schuldhulpverlening gemeente Roosendaal"),
    (PartnerKind.FOOD_BANK, "Voedselbank Roosendaal"),
    (PartnerKind.WMO_DESK, "Wmo-loket"),
    (PartnerKind.SOCIAL_WORK, "Maatschappelijk werk WijZijn"),
    (PartnerKind.OTHER, "Stichting Leergeld"),
]
REFERRALS_PER_TEAM = 5


def seed_referrals_demo(teams: dict[str, Team], today: date) -> None:
    if Referral.objects.filter(household__team__in=teams.values()).exists():
        return
    rng = random.Random(1676)
    for team in teams.values():
        open_cases = Household.objects.filter(
            team=team, status=HouseholdStatus.ACTIVE, anonymised_at__isnull=True
        ).order_by("pk")
        referred = 0
        for household in open_cases:
            if referred == REFERRALS_PER_TEAM:
                break
            current = Assignment.objects.current().filter(household=household).first()
            if current is None or contact_refused(household):
                continue
            kind, organisation = PARTNERS[referred % len(PARTNERS)]
            # Every other one three weeks ago (its follow-up due last week), the rest lately.
            days_ago = 21 if referred % 2 == 0 else rng.randint(1, 10)
            referral = referral_make(
                household=household,
                referred_by=current.lead,
                kind=kind,
                organisation=organisation,
                consent_given=True,
                consent_method=rng.choice(ReferralConsentMethod.values),
                referred_on=today - timedelta(days=days_ago),
            )
            if days_ago == 21 and referred < 4:
                referral_record_contact(
                    referral=referral,
                    recorded_by=current.lead,
                    contact_made=ContactMade.YES if referred == 0 else ContactMade.NO,
                    contact_on=today - timedelta(days=7),
                )
            referred += 1
