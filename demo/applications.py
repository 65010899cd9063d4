"""Demo applications in Roosendaal: one in each state, one of them stalled past its decision
term, all made through the services as a peer would on the phone. Idempotent: a team that
has applications already is left alone."""

from datetime import date, timedelta
from decimal import Decimal

from outreach.models import Application, Household, Provision, Team, User
from outreach.services.applications import (
    application_decide,
    application_documents_set,
    application_postpone,
    application_start,
    application_submit,
)
from outreach.services.provision_checks import provision_check_create
from outreach.workflow import HouseholdStatus

# How to apply, in plain Dutch (B1), and the documents to gather: filled in where the
# catalogue has none yet, so the demo's phone page shows them.
HOW_TO_APPLY = {
    "Kwijtschelding gemeentelijke belastingen": (
        "Vraag kwijtschelding aan bij de gemeente, binnen 3 maanden na de aanslag. Dat kan "
        "online met DigiD of met een papieren formulier van het stadskantoor.",
        "Aanslag gemeentelijke belastingen\nLoonstrook of uitkeringsspecificatie\n"
        "Bankafschriften van de laatste 3 maanden\nHuurcontract",
    ),
    "Meedoenregeling / kindpakket": (
        "Vul het aanvraagformulier in op de website van de gemeente of haal het op bij het "
        "stadskantoor. Je krijgt binnen 8 weken bericht.",
        "Loonstrook of uitkeringsspecificatie\nBankafschrift van deze maand\nID van de aanvrager",
    ),
    "Individuele inkomenstoeslag": (
        "Vraag de toeslag aan bij de gemeente als je 3 jaar of langer een laag inkomen hebt. "
        "Samen met de peer vul je het formulier in.",
        "Inkomen van de laatste 3 jaar\nBankafschriften van de laatste 3 maanden",
    ),
    "Zorgtoeslag": (
        "Vraag zorgtoeslag aan bij Dienst Toeslagen, online met DigiD. Heb je geen DigiD? Dan "
        "helpt de Belastingtelefoon of het Informatiepunt Digitale Overheid in de bibliotheek.",
        "DigiD\nInkomen van dit jaar (schatting)\nPolis van de zorgverzekering",
    ),
    "Huurtoeslag": (
        "Vraag huurtoeslag aan bij Dienst Toeslagen, online met DigiD. Doe het vóór 1 september "
        "van het jaar na de huurmaand.",
        "DigiD\nHuurcontract\nHuurspecificatie van de verhuurder\nInkomen van dit jaar",
    ),
}

# (provision, what happened to the application, days since it started)
STORY = [
    ("Meedoenregeling / kindpakket", "started", 5),
    ("Kwijtschelding gemeentelijke belastingen", "submitted", 20),
    ("Individuele inkomenstoeslag", "stalled", 80),
    ("Huurtoeslag", "postponed", 70),
    ("Zorgtoeslag", "granted", 90),
    ("Kwijtschelding gemeentelijke belastingen", "refused", 100),
    ("Meedoenregeling / kindpakket", "withdrawn", 40),
]


def seed_applications_demo(team: Team, peer: User, today: date) -> None:
    if Application.objects.filter(household__team=team).exists():
        return
    for name, (how_to_apply, documents) in HOW_TO_APPLY.items():
        Provision.objects.filter(name=name, how_to_apply="").update(
            how_to_apply=how_to_apply, application_documents=documents
        )
    households = list(
        Household.objects.filter(team=team, status=HouseholdStatus.ACTIVE, assignments__lead=peer)
        .distinct()
        .order_by("pk")[: len(STORY)]
    )
    for household, (name, state, days) in zip(households, STORY, strict=False):
        provision = Provision.objects.filter(name=name, active=True).order_by("-year").first()
        if provision is None:
            continue
        _application(household, provision, peer, state, today - timedelta(days=days), today)


def _application(household, provision, peer, state, started_on, today) -> None:
    check = provision_check_create(
        household=household,
        created_by=peer,
        data={
            "provision": provision,
            "outcome": "non_use_found",
            "non_use_reason": "too_complex",
            "checked_on": started_on,
        },
    )
    application = application_start(provision_check=check, started_by=peer, started_on=started_on)
    ticked = [{**item, "done": index % 2 == 0} for index, item in enumerate(application.documents)]
    application = application_documents_set(
        application=application, changed_by=peer, documents=ticked
    )
    if state == "started":
        return
    submitted_on = started_on + timedelta(days=4)
    if state != "withdrawn":
        application = application_submit(
            application=application, submitted_by=peer, submitted_on=submitted_on
        )
    if state == "postponed":
        application_postpone(
            application=application,
            changed_by=peer,
            decision_due_on=application.decision_due_on + timedelta(weeks=6),
        )
    elif state == "granted":
        application_decide(
            application=application,
            decided_by=peer,
            decision="granted",
            decided_on=min(submitted_on + timedelta(weeks=6), today),
            granted_annual_amount=Decimal("1240"),
        )
    elif state == "refused":
        application_decide(
            application=application,
            decided_by=peer,
            decision="refused",
            decided_on=min(submitted_on + timedelta(weeks=7), today),
            note="Vermogen boven de grens",
        )
    elif state == "withdrawn":
        application_decide(
            application=application,
            decided_by=peer,
            decision="withdrawn",
            decided_on=started_on + timedelta(days=10),
            note="Wil eerst de schulden op orde brengen",
        )
