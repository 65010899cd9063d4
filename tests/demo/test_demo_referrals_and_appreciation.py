"""The demo shows referrals (answered and waiting) and a thank-you on a peer's Today page."""

from django.core.management import call_command

from outreach.models import Appreciation, Referral, User
from outreach.workflow import FollowUpStatus


def test_the_demo_has_referrals_and_a_thank_you(client, db, settings):
    # Given the demo data, loaded twice
    settings.DEBUG = True
    call_command("seed_demo")
    referrals = Referral.objects.count()
    call_command("seed_demo")
    # Then each team has referrals, some answered and some still asked about, once
    assert referrals == Referral.objects.count() == 10
    assert Referral.objects.exclude(contact_made="unknown").exists()
    assert Referral.objects.filter(follow_up__status=FollowUpStatus.OPEN).exists()
    # And the first peer of Noord finds a thank-you on Today
    peer = User.objects.get(username="peer-noord-1")
    assert Appreciation.objects.filter(peer=peer).count() == 1
    client.force_login(peer)
    assert "Fijn dat je in het team zit!" in client.get("/").content.decode()
