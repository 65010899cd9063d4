"""The demo's local offer: a directory for Roosendaal with wishes linked to it."""

from django.core.management import call_command

from outreach.models import LocalOffer, OfferKind, ParticipationWish, User
from tests.helpers import client_for


def test_the_demo_has_a_local_offer_with_linked_and_realised_wishes(db, settings):
    # Given the demo data, loaded twice
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    # Then Roosendaal has clubs, courses, the community centre and funds, once
    offers = LocalOffer.objects.filter(municipality__code="GM1674")
    assert {o.kind for o in offers} == set(OfferKind.values)
    assert offers.filter(name="Jeugdfonds Sport & Cultuur", kind=OfferKind.FUND).count() == 1
    assert offers.filter(name="Meedoen-regeling Roosendaal").exists()
    # and wishes are linked to it, some realised
    linked = ParticipationWish.objects.filter(offer__isnull=False)
    assert linked.count() >= 10
    assert linked.filter(status="realised").exists()
    # and a peer reads what is open today (the ended summer camp is not there)
    peer = client_for(User.objects.get(username="peer-noord-1"))
    names = {row["name"] for row in peer.get("/api/v1/offers/?current=true").json()["results"]}
    assert "Stichting Leergeld" in names and "Zomerkamp 2025 (afgelopen)" not in names
