"""The phone pages of a household's referrals do what the peer needs: a referral without
the household's consent is refused with the reason, one with consent is kept and asked
about two weeks on, answering "was there contact?" closes that question, and another team's
household has no referral page."""

from datetime import timedelta

from django.urls import reverse
from django.utils import formats, timezone, translation

from outreach.models import FollowUp, Referral
from outreach.services.referrals import referral_make
from outreach.workflow import FollowUpStatus

NO_CONSENT = "Zonder toestemming geef je de gegevens niet door."


def _referral_form(**changes) -> dict:
    return {
        "kind": "food_bank",
        "organisation": "Voedselbank Roosendaal",
        "consent_given": "on",
        "consent_method": "verbal",
        "referred_on": timezone.localdate().isoformat(),
        "note": "",
        **changes,
    }


def test_a_referral_without_the_households_consent_is_refused_and_not_stored(client, world):
    # Given the household's lead peer on its referrals page
    client.force_login(world.peer)
    url = reverse("peer:referrals", args=[world.household.pk])
    follow_ups_before = FollowUp.objects.count()
    # When they save a referral without ticking the household's consent
    form = _referral_form()
    del form["consent_given"]
    response = client.post(url, form)
    # Then the page says, in Dutch, to ask the household first
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vraag het huishouden eerst of het deze doorverwijzing goed vindt" in page
    assert NO_CONSENT in page
    # And neither a referral nor its follow-up is stored
    assert not Referral.objects.exists()
    assert FollowUp.objects.count() == follow_ups_before


def test_a_referral_with_consent_is_stored_and_asked_about_two_weeks_later(client, world):
    # Given the household's lead peer
    client.force_login(world.peer)
    today = timezone.localdate()
    # When they refer the household to the food bank, with its spoken yes
    response = client.post(
        reverse("peer:referrals", args=[world.household.pk]), _referral_form(), follow=True
    )
    # Then the referrals page shows it, with the question whether there was contact
    page = response.content.decode()
    assert "Doorverwijzing opgeslagen" in page
    assert "Voedselbank Roosendaal" in page and "Was er contact?" in page
    referral = Referral.objects.get(household=world.household)
    assert referral.consent_method == "verbal"
    # And the household page asks the lead peer about it, due two weeks on
    page = client.get(reverse("peer:household", args=[world.household.pk])).content.decode()
    with translation.override("nl"):
        due = formats.date_format(today + timedelta(days=14))
    assert "Is er contact geweest met Voedselbank Roosendaal?" in page
    assert f"Uiterlijk {due}" in page
    assert referral.follow_up.responsible == world.peer


def test_recording_contact_made_completes_the_follow_up(client, world):
    # Given a referral made with consent two weeks ago, and its open follow-up
    referral = referral_make(
        household=world.household,
        referred_by=world.peer,
        kind="debt_help",
        organisation="Schuldhulp Roosendaal",
        consent_given=True,
        consent_method="written",
        referred_on=timezone.localdate() - timedelta(days=14),
    )
    assert referral.follow_up.status == FollowUpStatus.OPEN
    client.force_login(world.peer)
    # When the peer answers "yes" to "was there contact?"
    response = client.post(
        reverse("peer:referral_contact", args=[world.household.pk, referral.pk]),
        {"contact_made": "yes"},
        follow=True,
    )
    # Then the page confirms it and shows the contact made
    page = response.content.decode()
    assert "Opgeslagen: er was contact." in page
    assert "Contact gelegd" in page and "Was er contact?" not in page
    # And the follow-up is done, with the answer as its note
    follow_up = FollowUp.objects.get(pk=referral.follow_up_id)
    assert follow_up.status == FollowUpStatus.DONE
    assert follow_up.completion_note == "Contact gelegd"
    # And the household page no longer asks it
    page = client.get(reverse("peer:household", args=[world.household.pk])).content.decode()
    assert "Is er contact geweest met Schuldhulp Roosendaal?" not in page


def test_another_teams_household_has_no_referral_pages(client, world):
    # Given a referral of team Zuid's household
    referral = referral_make(
        household=world.other_household,
        referred_by=world.other_coordinator,
        kind="food_bank",
        consent_given=True,
        consent_method="verbal",
    )
    client.force_login(world.peer)
    # When team Noord's peer opens its referrals page, refers it, or records its contact
    page = client.get(reverse("peer:referrals", args=[world.other_household.pk]))
    posted = client.post(
        reverse("peer:referrals", args=[world.other_household.pk]), _referral_form()
    )
    contact = client.post(
        reverse("peer:referral_contact", args=[world.other_household.pk, referral.pk]),
        {"contact_made": "yes"},
    )
    # Then none of it exists for them, and nothing changed
    assert page.status_code == posted.status_code == contact.status_code == 404
    assert Referral.objects.filter(household=world.other_household).count() == 1
    referral.refresh_from_db()
    assert referral.contact_made == "unknown"
