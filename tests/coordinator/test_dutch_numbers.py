"""Numbers in Dutch as Dutch readers expect them: amounts as € 2.100,00 and the noun after a
count in the singular for one."""

from datetime import timedelta

from django.utils import timezone

from tests.factories import FollowUpFactory


def test_allowance_limits_are_amounts_in_dutch_notation(client, world):
    client.force_login(world.coordinator)
    page = client.get("/coordinator/team/").content.decode()
    assert "€ 2.100,00 per jaar" in page
    assert "€ 5,60 per uur" in page
    assert "2100.00" not in page


def test_one_long_overdue_follow_up_is_named_in_the_singular(client, world):
    # Given exactly one follow-up long overdue (more than a fortnight) and nothing else open
    world.household.follow_ups.all().delete()
    world.other_household.follow_ups.all().delete()
    FollowUpFactory(
        household=world.household,
        responsible=world.peer,
        due_date=timezone.localdate() - timedelta(days=30),
    )
    client.force_login(world.coordinator)
    page = " ".join(client.get("/").content.decode().split())
    assert "1</span><br>actie lang te laat (van 1 te laat)" in page
