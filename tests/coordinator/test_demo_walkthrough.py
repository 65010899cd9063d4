"""The issue's "done when", walked through the pages as coord-noord in the demo."""

import re
from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from outreach.models import Assignment, FollowUp, Household, PeerDecline, Signal, SignalTheme, User
from outreach.selectors.coordinator import is_escalated


def test_coordinator_walkthrough_in_the_demo(client, db, settings):
    # Given the demo, loaded twice (it must not duplicate the coordinator data either)
    settings.DEBUG = True
    call_command("seed_demo")
    signals = Signal.objects.count()
    call_command("seed_demo")
    assert Signal.objects.count() == signals > 0
    assert PeerDecline.objects.count() == 1
    long_overdue = FollowUp.objects.filter(
        status="open",
        due_date__lt=timezone.localdate() - timedelta(days=settings.COORDINATOR_ESCALATION_DAYS),
    )
    assert long_overdue.count() == 1
    noord_1, noord_2 = (User.objects.get(username=f"peer-noord-{n}") for n in (1, 2))
    # coord-noord logs in and lands on what needs attention
    client.post(reverse("login"), {"username": "coord-noord", "password": "outreach-demo"})
    assert "households waiting" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # takes a household from the intake queue (waiting days to weeks, the longest first)
    # and sees who is suggested
    queue = client.get(reverse("coordinator:intake")).context["households"]
    waits = [household.waiting_days for household in queue]
    assert waits and waits == sorted(waits, reverse=True) and min(waits) >= 1
    assert max(waits) <= 42
    intake = client.get(reverse("coordinator:intake")).content.decode()
    first_id = int(re.search(r"/coordinator/households/(\d+)/assign/", intake).group(1))
    page = client.get(reverse("coordinator:assign", args=[first_id])).content.decode()
    assert "peer-noord-1" in page or "Marja" in page
    response = client.post(
        reverse("coordinator:assign", args=[first_id]),
        {"assign-lead": noord_1.pk, "assign-reason": "Woont dichtbij"},
    )
    assert response.status_code == 302
    assert Assignment.objects.current().get(household_id=first_id).lead == noord_1

    # hands over all cases of peer-noord-2 to peer-noord-1 in one step
    before = Assignment.objects.current().filter(lead=noord_2).count()
    assert before > 0
    response = client.post(
        reverse("coordinator:caseload"),
        {"action": "hand_over", "handover-from_peer": noord_2.pk,
         "handover-to_peer": noord_1.pk, "handover-reason": "Stopt even"},
    )  # fmt: skip
    assert response.status_code == 302
    assert not Assignment.objects.current().filter(lead=noord_2).exists()
    assert not Assignment.objects.current().filter(buddy=noord_2).exists()

    # sees the overdue board, with at least one follow-up raised to her (escalated)
    board = client.get(reverse("coordinator:overdue"), HTTP_ACCEPT_LANGUAGE="en")
    assert board.status_code == 200
    assert any(is_escalated(follow_up) for follow_up in board.context["escalated"])

    # closes a case with a score
    case = Household.objects.filter(team__name="Noord", status="active").first()
    client.post(
        reverse("coordinator:close", args=[case.pk]),
        {"reason": "goals_reached", "satisfaction": "9", "became_more_active": "yes"},
    )
    case.refresh_from_db()
    assert (case.status, case.satisfaction) == ("closed", 9)

    # records a signal and forwards it
    client.post(
        reverse("coordinator:signals"),
        {"signal-theme": SignalTheme.objects.get(name="Eenzaamheid").pk,
         "signal-neighbourhood_code": "BU16740102", "signal-households_concerned": "3",
         "signal-description": "Alleenstaande vaders missen een ontmoetingsplek."},
    )  # fmt: skip
    signal = Signal.objects.get(description__startswith="Alleenstaande vaders")
    client.post(
        reverse("coordinator:review-signal", args=[signal.pk]),
        {"decision": "forward", "confirmed_no_personal_data": "on"},
    )
    signal.refresh_from_db()
    assert signal.status == "forwarded"
