import uuid
from datetime import timedelta

import factory
from django.utils import timezone

from outreach.models import (
    Assignment,
    Consent,
    ConsentText,
    FollowUp,
    Household,
    LadderStep,
    LadderStepKind,
    LocalOffer,
    Municipality,
    OwnScore,
    ParticipationPlan,
    ParticipationWish,
    PeerCandidate,
    Provision,
    ProvisionCheck,
    Role,
    ScoreSource,
    Team,
    TeamMembership,
    User,
    Visit,
)
from outreach.services.consent import ConsentGiven

PASSWORD = "a-long-test-password"
REGISTRATION_CONSENTS = ("home_visits", "data_storage")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = "GM1674"
    name = "Roosendaal"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.PEER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def team(self, create, team, **kwargs):
        self.save()
        if create and team is not None:
            # Instructed by default: without the privacy instruction a member sees no case.
            started_on = timezone.localdate() - timedelta(days=365)
            TeamMembership.objects.create(
                user=self, team=team, started_on=started_on, privacy_instruction_on=started_on
            )


class HouseholdFactory(factory.django.DjangoModelFactory):
    team = factory.SubFactory(TeamFactory)
    reference = factory.Sequence(lambda n: f"HH-2026-{n:05d}")
    contact_name = factory.Sequence(lambda n: f"Contact {n}")
    phone = "+31612345678"
    postcode = "4701 AB"
    house_number = "12"
    neighbourhood_code = "BU16740101"
    neighbourhood_year = 2025
    status = "active"

    class Meta:
        model = Household
        skip_postgeneration_save = True

    @factory.post_generation
    def consents(self, create, scopes, **kwargs):
        """Consent comes before registration: a household has consent for home visits and
        for keeping data unless the test says otherwise (consents=[] for none)."""
        if not create:
            return
        if scopes is None:
            scopes = REGISTRATION_CONSENTS
        for scope in scopes:
            Consent.objects.create(
                household=self, scope=scope, text=consent_text(scope), method="verbal"
            )


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    household = factory.SubFactory(HouseholdFactory)
    lead = factory.SubFactory(UserFactory)
    reason = "test"


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit
        skip_postgeneration_save = True

    household = factory.SubFactory(HouseholdFactory)
    client_uuid = factory.LazyFunction(uuid.uuid4)
    kind = "home_visit"
    duration_minutes = 45
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    @factory.post_generation
    def peers(self, create, peers, **kwargs):
        if create and peers:
            self.peers.set(peers)


class WishFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipationWish

    household = factory.SubFactory(HouseholdFactory)
    category = "sport"
    description = "Op voetbal"


class LocalOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalOffer

    municipality = factory.SubFactory(MunicipalityFactory)
    name = "Voetbalvereniging RBC Jeugd"
    kind = "club"
    categories = factory.LazyFunction(lambda: ["sport"])
    cost = "€ 120 per jaar"
    how_to_apply = "Kom langs op de training op woensdag."
    contact = "info@voetbal.example"


class ProvisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provision
        django_get_or_create = ("name",)

    name = "Zorgtoeslag"
    level = "national"
    typical_annual_value = 1300


class ProvisionCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProvisionCheck

    household = factory.SubFactory(HouseholdFactory)
    provision = factory.SubFactory(ProvisionFactory)
    outcome = "non_use_found"
    non_use_reason = "unaware"


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    household = factory.SubFactory(HouseholdFactory)
    description = "Aanvraag invullen"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    responsible = factory.SubFactory(UserFactory)


class PeerCandidateFactory(factory.django.DjangoModelFactory):
    """Someone of a household noted as a candidate for the household's team."""

    class Meta:
        model = PeerCandidate

    household = factory.SubFactory(HouseholdFactory)
    team = factory.LazyAttribute(lambda candidate: candidate.household.team)
    name = "Anja"
    consent_method = "verbal"


def consent_text(scope: str) -> ConsentText:
    """The seeded text of a scope; made anew where a test emptied the tables (browser and
    other transactional tests flush what the migrations seeded)."""
    return ConsentText.objects.get_or_create(
        scope=scope,
        version="2026-1",
        municipality=None,
        defaults={"text_nl": f"Toestemming: {scope}", "text_en": f"Consent: {scope}"},
    )[0]


def registration_consents(*scopes: str) -> list:
    """What household_register needs: the consents given in the same step (home visits and
    keeping data unless other scopes are named), with the current text of each."""
    return [
        ConsentGiven(scope=scope, text=consent_text(scope), method="verbal")
        for scope in scopes or REGISTRATION_CONSENTS
    ]


def consents_payload(*scopes: str) -> list[dict]:
    """The consents of a registration through the API (home visits and keeping data unless
    other scopes are named)."""
    return [
        {"scope": scope, "text": consent_text(scope).pk, "method": "verbal"}
        for scope in scopes or REGISTRATION_CONSENTS
    ]


def consent_form_fields(*scopes: str) -> dict:
    """The consent part of the registration page, ticked (home visits and keeping data
    unless other scopes are named), each with the text version the page showed."""
    fields = {"consent_method": "verbal"}
    for scope in scopes or REGISTRATION_CONSENTS:
        fields[f"consent_{scope}"] = "on"
        fields[f"consent_{scope}_text"] = consent_text(scope).pk
    return fields


def plan_with_steps(household: Household, rungs: list[int], agreed_on=None) -> ParticipationPlan:
    """A plan agreed with the household, with one ladder step per rung a week apart (the
    first at the start); written directly, for figures about plans made in the past."""
    agreed_on = agreed_on or timezone.localdate()
    plan = ParticipationPlan.objects.create(
        household=household,
        goals="Meer onder de mensen komen",
        agreed_on=agreed_on,
        review_on=agreed_on + timedelta(days=7 * max(len(rungs) - 1, 1)),
    )
    for number, rung in enumerate(rungs):
        LadderStep.objects.create(
            plan=plan,
            household=household,
            kind=LadderStepKind.START if number == 0 else LadderStepKind.REVIEW,
            rung=rung,
            on=agreed_on + timedelta(days=7 * number),
        )
    return plan


def own_score(household: Household, score: int, source: str = ScoreSource.SMS) -> OwnScore:
    return OwnScore.objects.create(household=household, score=score, source=source)
