"""The phone page where the peer follows an application to its decision."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from outreach.models import Application
from tests.factories import ProvisionCheckFactory, ProvisionFactory

TODAY = timezone.localdate()


def _check(world):
    provision = ProvisionFactory(
        name="Meedoenregeling",
        municipality=world.household.team.municipality,
        level="municipal",
        how_to_apply="Ga naar het loket in het stadskantoor. Neem je loonstrook mee.",
        application_documents="Loonstrook\nBankafschrift",
    )
    return ProvisionCheckFactory(household=world.household, provision=provision)


def test_the_peer_follows_an_application_from_the_household_page_to_the_decision(client, world):
    check = _check(world)
    client.force_login(world.peer)
    url = reverse("peer:application", args=[world.household.pk, check.pk])
    # Given the household page links a check with non-use found to its application
    household_page = client.get(reverse("peer:household", args=[world.household.pk]))
    assert url in household_page.content.decode()
    # When the peer opens it, they read how to apply in plain words
    page = client.get(url).content.decode()
    assert "Ga naar het loket in het stadskantoor." in page
    # And start the application: the checklist shows the provision's documents
    page = client.post(url, {"step": "start"}, follow=True).content.decode()
    assert "Loonstrook" in page and "Bankafschrift" in page
    # When they tick the pay slip, remove the bank statement and add the rent contract
    client.post(
        url,
        {"step": "documents", "done": ["0"], "documents-new_document": "Huurcontract"},
    )
    client.post(url, {"step": "documents", "done": ["0"], "remove": "1"})
    application = Application.objects.get(provision_check=check)
    assert application.documents == [
        {"name": "Loonstrook", "done": True},
        {"name": "Huurcontract", "done": False},
    ]
    # And mark it submitted, then record the grant
    client.post(url, {"step": "submit", "submit-submitted_on": TODAY.isoformat()})
    application.refresh_from_db()
    assert application.decision_due_on == TODAY + timedelta(weeks=8)
    # (the household page says where the application stands)
    household_page = client.get(reverse("peer:household", args=[world.household.pk]))
    assert "Aanvraag: verstuurd, besluit uiterlijk op" in household_page.content.decode()
    response = client.post(
        url,
        {
            "step": "decide",
            "decide-decision": "granted",
            "decide-granted_annual_amount": "240",
            "decide-decided_on": TODAY.isoformat(),
        },
        follow=True,
    )
    # Then the page shows the grant and the check reads granted
    assert "€&nbsp;240 per jaar" in response.content.decode()
    check.refresh_from_db()
    assert check.outcome == "granted"


def test_a_grant_without_an_amount_is_sent_back_with_the_reason(client, world):
    check = _check(world)
    client.force_login(world.peer)
    url = reverse("peer:application", args=[world.household.pk, check.pk])
    client.post(url, {"step": "start"})
    client.post(url, {"step": "submit", "submit-submitted_on": TODAY.isoformat()})
    response = client.post(
        url,
        {"step": "decide", "decide-decision": "granted", "decide-decided_on": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert Application.objects.get(provision_check=check).status == "submitted"


def test_a_check_of_another_household_is_not_found(client, world):
    other_check = world.other_household.provision_checks.get()
    client.force_login(world.peer)
    url = reverse("peer:application", args=[world.household.pk, other_check.pk])
    assert client.get(url).status_code == 404


def test_the_household_withdraws_before_submitting_and_a_postponed_decision_moves(client, world):
    check = _check(world)
    client.force_login(world.peer)
    url = reverse("peer:application", args=[world.household.pk, check.pk])
    client.post(url, {"step": "start"})
    # When the household does not want to apply after all
    client.post(
        url,
        {"step": "decide", "decide-decision": "withdrawn", "decide-decided_on": TODAY.isoformat()},
    )
    # Then the application is withdrawn and the check shows the non-use again
    assert Application.objects.get(provision_check=check).status == "withdrawn"
    check.refresh_from_db()
    assert check.outcome == "non_use_found"
    # And for another provision, a submitted application whose decision the provider postponed
    second = ProvisionCheckFactory(household=world.household)
    url = reverse("peer:application", args=[world.household.pk, second.pk])
    client.post(url, {"step": "start"})
    client.post(url, {"step": "submit", "submit-submitted_on": TODAY.isoformat()})
    later = TODAY + timedelta(weeks=12)
    page = client.post(
        url, {"step": "postpone", "postpone-decision_due_on": later.isoformat()}, follow=True
    ).content.decode()
    assert "verdaagd" in page
    application = Application.objects.get(provision_check=second)
    assert application.follow_up.due_date == later
