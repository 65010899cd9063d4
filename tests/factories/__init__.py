import uuid
from datetime import timedelta

import factory
from django.utils import timezone

from outreach.models import (
    Assignment,
    ConsentText,
    FollowUp,
    Household,
    LadderStep,
    LadderStepKind,
    Municipality,
    OwnScore,
    ParticipationPlan,
    ParticipationWish,
    Provision,
    ProvisionCheck,
    Role,
    ScoreSource,
    Team,
    TeamMembership,
    User,
    Visit,
)

PASSWORD = "a-long-test-password"


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
            TeamMembership.objects.create(
                user=self, team=team, started_on=timezone.localdate() - timedelta(days=365)
            )


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    team = factory.SubFactory(TeamFactory)
    reference = factory.Sequence(lambda n: f"HH-2026-{n:05d}")
    contact_name = factory.Sequence(lambda n: f"Contact {n}")
    phone = "+31612345678"
    postcode = "4701 AB"
    house_number = "12"
    neighbourhood_code = "BU16740101"
    neighbourhood_year = 2025
    status = "active"


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


def consent_text(scope: str) -> ConsentText:
    return ConsentText.objects.get(scope=scope, version="2026-1")


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
