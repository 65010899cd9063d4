"""Team care's pages as people use them: the warning before a month over a legal maximum is
saved, meetings whose hours count once, expenses from a phone with a receipt that only the
person and their coordinator can fetch, and the export for payment."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outreach.models import Expense, ExpenseStatus, TeamMeeting, TeamMembership, VolunteerMonth
from outreach.services.team_care import expense_approve, expense_submit, meeting_record
from tests.helpers import client_for

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def team(world):
    TeamMembership.objects.update(started_on=date(2020, 1, 1))
    world.peer.born_on = date(1980, 1, 1)
    world.peer.save()
    return world


def test_a_month_over_the_maximum_is_saved_only_after_the_coordinator_confirms(client, team):
    client.force_login(team.coordinator)
    month = {"user": team.peer.pk, "month": "2026-03", "hours": "40", "allowance": "215",
             "other_allowance": "0"}  # fmt: skip
    # When the coordinator saves a month over the monthly maximum
    first = client.post(reverse("coordinator:team"), month, HTTP_ACCEPT_LANGUAGE="en")
    # Then they see the warning and a box to record it anyway; nothing is saved
    page = first.content.decode()
    assert "legal maximum per month" in page and 'type="checkbox" name="confirm_over_limit"' in page
    assert not VolunteerMonth.objects.exists()
    # When they tick the box and save again
    client.post(reverse("coordinator:team"), {**month, "confirm_over_limit": "on"})
    # Then the month is saved and shown as over a legal maximum
    assert VolunteerMonth.objects.get().over_limit_confirmed
    shown = client.get(reverse("coordinator:team"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "over a legal maximum" in shown and "does not lower social assistance" in shown


def test_a_meeting_recorded_on_the_page_shows_as_hours_of_which_meetings(client, team):
    client.force_login(team.coordinator)
    client.post(
        reverse("coordinator:meetings"),
        {"team": team.household.team_id, "kind": "training", "held_on": "2026-03-10",
         "hours": "3", "topic": "Gesprekstechniek", "attended": [team.peer.pk]},
    )  # fmt: skip
    meeting = TeamMeeting.objects.get()
    assert [row.user for row in meeting.attendance.filter(attended=True)] == [team.peer]
    client.post(
        reverse("coordinator:team"),
        {"user": team.peer.pk, "month": "2026-03", "hours": "17", "allowance": "100",
         "other_allowance": "0"},
    )  # fmt: skip
    page = client.get(reverse("coordinator:team"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # 17 recorded + 3 of the training = 20 hours, of which 3 meetings; stored: 17
    assert '<td class="number">20.0</td><td class="number">3.0</td>' in page
    assert VolunteerMonth.objects.get().hours == Decimal("17")


def test_the_coordinator_records_a_birth_date_that_only_the_team_sees(client, team):
    client.force_login(team.coordinator)
    client.post(
        reverse("coordinator:team"), {"birth-user": team.buddy.pk, "birth-born_on": "2007-02-01"}
    )
    team.buddy.refresh_from_db()
    assert team.buddy.born_on == date(2007, 2, 1)
    client.force_login(team.other_coordinator)
    other = client.get(reverse("coordinator:team")).content.decode()
    assert "peer-noord-2" not in other


def test_a_peer_adds_an_expense_with_a_photo_of_the_receipt(client, team):
    client.force_login(team.peer)
    response = client.post(
        reverse("peer:expenses"),
        {"team": team.household.team_id, "spent_on": str(timezone.localdate()),
         "kind": "bus_fare", "amount": "3,40", "description": "Bus naar Kalsdonk",
         "receipt": SimpleUploadedFile("IMG_0001.png", PNG, content_type="image/png")},
    )  # fmt: skip
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert expense.amount == Decimal("3.40") and expense.status == ExpenseStatus.SUBMITTED
    # The peer and the coordinator download the receipt; a colleague cannot
    receipt = reverse("peer:receipt", args=[expense.pk])
    downloaded = client.get(receipt)
    assert b"".join(downloaded.streaming_content) == PNG
    assert downloaded["Content-Disposition"].startswith("attachment")
    client.force_login(team.coordinator)
    assert client.get(receipt).status_code == 200
    client.force_login(team.buddy)
    assert client.get(receipt).status_code == 404
    # And the file is under no public address
    assert not expense.receipt.name.startswith(("static", "/"))


def test_the_export_holds_the_months_approved_expenses_with_formulas_neutralised(client, team):
    waiting = expense_submit(
        user=team.buddy, team=team.household.team, spent_on=date(2026, 3, 3), kind="bus_fare",
        amount=Decimal("2.00"), recorded_by=team.buddy,
    )  # fmt: skip
    approved = expense_submit(
        user=team.peer, team=team.household.team, spent_on=date(2026, 3, 4),
        kind="phone_credit", amount=Decimal("10.00"), description="=HYPERLINK(\"x\")",
        recorded_by=team.peer,
    )  # fmt: skip
    expense_approve(expense=approved, approved_by=team.coordinator)
    client.force_login(team.coordinator)
    csv_text = client.get(
        reverse("coordinator:expenses-export") + "?month=2026-03", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "10.00" in csv_text
    assert waiting.user.username not in csv_text
    xlsx = client.get(reverse("coordinator:expenses-export") + "?month=2026-03&format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_coordinator_cannot_approve_their_own_expense_on_the_page(client, team):
    own = expense_submit(
        user=team.coordinator, team=team.household.team, spent_on=date(2026, 3, 3),
        kind="bus_fare", amount=Decimal("2.00"), recorded_by=team.coordinator,
    )  # fmt: skip
    client.force_login(team.coordinator)
    client.post(reverse("coordinator:expense-approve", args=[own.pk]))
    own.refresh_from_db()
    assert own.status == ExpenseStatus.SUBMITTED


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_meetings_and_expenses(world, count: int, start: int):
    for number in range(start, start + count):
        meeting_record(
            team=world.household.team, kind="team_meeting", held_on=date(2026, 1, 1 + number % 28),
            hours=Decimal("1"), topic=f"Overleg {number}", attended=[world.peer],
            recorded_by=world.coordinator,
        )  # fmt: skip
        expense_submit(
            user=world.peer, team=world.household.team, spent_on=date(2026, 1, 1 + number % 28),
            kind="bus_fare", amount=Decimal("1.00"), recorded_by=world.peer,
        )  # fmt: skip


@pytest.mark.parametrize(
    "url",
    ["/api/v1/team-meetings/", "/api/v1/expenses/", "/api/v1/volunteer-months/",
     "/coordinator/team/meetings/", "/coordinator/team/expenses/?month=2026-01",
     "/coordinator/team/", "/households/meetings/", "/households/expenses/"],
)  # fmt: skip
def test_lists_cost_the_same_queries_for_1_and_for_30_rows(
    client, team, url, django_assert_max_num_queries
):
    user = team.peer if url.startswith("/households/") else team.coordinator
    api = client_for(user)
    client.force_login(user)
    caller = api if url.startswith("/api/") else client
    add_meetings_and_expenses(team, 1, 0)
    with_one = queries(caller, url)
    add_meetings_and_expenses(team, 29, 1)
    with django_assert_max_num_queries(with_one):
        caller.get(url)


def test_a_peer_sees_the_next_meeting_on_today(client, team):
    meeting_record(
        team=team.household.team, kind="training",
        held_on=timezone.localdate() + timezone.timedelta(days=3), hours=Decimal("2"),
        topic="Training toeslagen", attended=[], recorded_by=team.coordinator,
    )  # fmt: skip
    client.force_login(team.peer)
    assert "Training toeslagen" in client.get("/").content.decode()
