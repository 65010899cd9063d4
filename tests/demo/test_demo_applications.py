"""The demo shows applications in every state in Roosendaal, one of them stalled."""

from django.core.management import call_command

from outreach.models import Application, User
from outreach.selectors.applications import stalled_applications


def test_the_demo_has_applications_in_every_state_and_one_stalled(db, settings):
    # Given the demo data, loaded twice (as re-running the quick start does)
    settings.DEBUG = True
    call_command("seed_demo")
    count = Application.objects.count()
    call_command("seed_demo")
    assert Application.objects.count() == count
    # Then every state is there, in Roosendaal
    assert set(Application.objects.values_list("status", flat=True)) == {
        "started", "submitted", "granted", "refused", "withdrawn",
    }  # fmt: skip
    assert not Application.objects.exclude(household__team__municipality__code="GM1674").exists()
    assert Application.objects.filter(postponed=True).exists()
    # And the coordinator of Noord sees the stalled one
    coordinator = User.objects.get(username="coord-noord")
    [stalled] = stalled_applications(user=coordinator)
    assert stalled.provision_check.provision.how_to_apply
