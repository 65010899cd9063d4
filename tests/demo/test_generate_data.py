import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from notifications.models import Attendance, Participant, Session
from outreach.models import Household, ParticipationWish, User, Visit
from outreach.querysets import households_visible_to


@pytest.mark.django_db
def test_small_size_makes_the_promised_volumes_and_refuses_a_second_run():
    call_command("generate_data", "small")
    assert Household.objects.count() == 160
    assert Visit.objects.count() == 1_000
    # Every visit has a peer of the household's own team.
    assert not Visit.objects.filter(peers__isnull=True).exists()
    assert ParticipationWish.objects.exists()
    assert Session.objects.count() == 500
    # Attendance only for sessions that took place, by participants of the same team.
    assert Attendance.objects.exists()
    assert not Attendance.objects.filter(session__starts_at__gt=timezone.now()).exists()
    assert not Attendance.objects.exclude(participant__team=F("session__activity__team")).exists()
    with pytest.raises(CommandError, match="already present"):
        call_command("generate_data", "small")


@pytest.mark.django_db
def test_generated_peers_see_only_their_own_team_and_removal_clears_everything():
    call_command("generate_data", "small")
    peer = User.objects.filter(username__startswith="gen-").first()
    # Peers are real team members: each sees the households they lead.
    visible = households_visible_to(peer)
    led = Household.objects.filter(assignments__lead=peer, assignments__ended_at__isnull=True)
    assert led.exists()
    assert set(led.values_list("pk", flat=True)) <= set(visible.values_list("pk", flat=True))
    call_command("generate_data", "--remove")
    assert Household.objects.count() == 0
    assert not Session.objects.exists() and not Participant.objects.exists()
    assert not User.objects.filter(username__startswith="gen-").exists()
