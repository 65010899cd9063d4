"""Everything held on one household, in one step, as JSON and as a readable document."""

from audit.models import AccessAction, AccessLog
from outreach.models import Consent, ConsentScope
from outreach.services.records import record_delete
from tests.factories import consent_text
from tests.helpers import client_for


def export(world, user=None, fmt="json"):
    client = client_for(user or world.coordinator)
    return client.get(f"/api/v1/households/{world.household.pk}/export/?format={fmt}")


def sections(data):
    return {section["model"]: section for section in data["sections"]}


def test_the_export_holds_the_case_every_record_its_history_consents_and_access_log(world):
    household = world.household
    Consent.objects.create(
        household=household,
        scope=ConsentScope.SMS,
        text=consent_text(ConsentScope.SMS),
        method="verbal",
    )
    client_for(world.peer).get(f"/api/v1/households/{household.pk}/")
    removed_wish = household.wishes.get()
    record_delete(record=removed_wish)
    # When the team's coordinator exports the case
    response = export(world)
    # Then it holds the case, each kind of record and its history
    assert response.status_code == 200
    data = response.json()
    assert data["reference"] == household.reference
    assert data["household"]["contact_name"] == household.contact_name
    assert data["household_history"][0]["history_type"] == "+"
    found = sections(data)
    visit = household.visits.get()
    assert [row["id"] for row in found["outreach.visit"]["records"]] == [visit.pk]
    assert found["outreach.visit"]["records"][0]["peers"] == sorted(
        visit.peers.values_list("pk", flat=True)
    )
    assert found["outreach.visit"]["history"]
    assert found["outreach.provisioncheck"]["records"]
    assert found["outreach.followup"]["records"]
    assert found["outreach.assignment"]["records"][0]["lead_id"] == world.peer.pk
    # the SMS consent beside those given at registration
    assert "sms" in {row["scope"] for row in found["outreach.consent"]["records"]}
    # A removed record is gone from the records but its history tells it existed
    assert found["outreach.participationwish"]["records"] == []
    assert {row["history_type"] for row in found["outreach.participationwish"]["history"]} == {
        "+",
        "-",
    }
    # And the access log, this export included
    actions = [row["action"] for row in found["audit.accesslog"]["records"]]
    assert actions == [AccessAction.VIEW_HOUSEHOLD, AccessAction.EXPORT]
    assert data["users"][str(world.peer.pk)] == "peer-noord-1"


def test_the_export_is_logged(world):
    export(world, world.admin)
    entry = AccessLog.objects.get(action=AccessAction.EXPORT)
    assert entry.user == world.admin and entry.household == world.household


def test_the_readable_document_names_things_in_plain_language(world):
    response = export(world, fmt="html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert world.household.reference in page
    assert world.household.contact_name in page
    assert "Huisbezoeken" in page or "Bezoeken" in page or "visits" in page.lower()
    assert "peer-noord-1" in page  # users by name, not by number
    assert AccessLog.objects.filter(action=AccessAction.EXPORT).count() == 1


def test_an_unknown_format_is_a_clear_400(world):
    response = export(world, fmt="xml")
    assert response.status_code == 400
    assert "format" in response.json()
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()


def test_the_export_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    from tests.factories import VisitFactory

    export(world)
    for _ in range(20):
        VisitFactory(household=world.household)
    with django_assert_max_num_queries(48):
        assert export(world).status_code == 200


def test_the_export_leaves_out_where_colleagues_worked_from(world):
    client_for(world.peer).get(f"/api/v1/households/{world.household.pk}/", REMOTE_ADDR="10.9.8.7")
    data = export(world).json()
    [viewed, _export] = sections(data)["audit.accesslog"]["records"]
    assert viewed["username"] == "peer-noord-1"
    assert "ip_address" not in viewed and "user_agent" not in viewed
    assert "10.9.8.7" not in str(data)


def test_the_export_holds_the_text_messages_sent_to_and_received_from_the_household(world):
    from notifications.models import InboundMessage
    from notifications.services.outbox import message_enqueue

    household = world.household
    message_enqueue(idempotency_key="v1", kind="verdict_request", to=household.phone,
                    body="Welk cijfer geeft u?", household=household)  # fmt: skip
    InboundMessage.objects.create(
        provider_id="SM1", from_phone=household.phone, body="Een 9", household=household
    )
    found = sections(export(world).json())
    assert [row["body"] for row in found["notifications.outboxmessage"]["records"]] == [
        "Welk cijfer geeft u?"
    ]
    assert [row["body"] for row in found["notifications.inboundmessage"]["records"]] == ["Een 9"]
