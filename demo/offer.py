"""Demo data of the local offer: an invented but realistic directory for Roosendaal
(clubs, courses, the community centre, and the funds that pay), kept by the municipality
and a coordinator, with demo wishes linked to it, some of them realised. Made through the
services, only once (safe to run again)."""

from datetime import date, timedelta

from outreach.models import LocalOffer, Municipality, OfferKind, ParticipationWish, User
from outreach.models import WishCategory as Category
from outreach.services.offer import offer_create
from outreach.services.wishes import wish_update

# name, kind, categories (empty: every kind), for whom, ages, cost, how to apply, contact
OFFER = [
    ("Voetbalvereniging RBC Jeugd", OfferKind.CLUB, [Category.SPORT],
     "Jongens en meisjes die willen voetballen", (6, 18), "€ 140 per seizoen",
     "Kom twee keer gratis meetrainen op woensdagmiddag. Daarna aanmelden bij de "
     "ledenadministratie. Het Jeugdfonds kan de contributie betalen.",
     "ledenadministratie@rbc-jeugd.example · 0165 000 101"),
    ("Zwemles A-diploma in De Stoof", OfferKind.COURSE, [Category.SPORT],
     "Kinderen vanaf 4 jaar", (4, 12), "€ 19 per les",
     "Aanmelden aan de balie van het zwembad. Neem een identiteitsbewijs van de ouder mee. "
     "Met de Meedoen-regeling betaalt de gemeente een deel.",
     "Zwembad De Stoof · 0165 000 202"),
    ("Taalcafé en cursus Nederlands in buurthuis De Kring", OfferKind.COURSE, [Category.COURSE],
     "Volwassenen die beter Nederlands willen spreken", (18, None), "gratis",
     "Loop binnen op dinsdag of donderdag tussen 10 en 12 uur. Aanmelden is niet nodig. "
     "Er is kinderopvang in de speelzaal.",
     "Buurthuis De Kring · 0165 000 303 · info@dekring.example"),
    ("Kookgroep Samen aan Tafel", OfferKind.COMMUNITY_CENTRE,
     [Category.SOCIAL_CONTACT, Category.OWN_TIME],
     "Iedereen die samen wil koken en eten", (None, None), "€ 3 per maaltijd",
     "Elke vrijdag om 16 uur in buurthuis De Kring. Bel even van tevoren, dan wordt er "
     "genoeg gekookt.",
     "Buurthuis De Kring · 0165 000 303"),
    ("Muziekschool Roosendaal: kennismakingslessen", OfferKind.COURSE, [Category.CULTURE],
     "Kinderen en volwassenen", (6, None), "€ 95 per tien lessen",
     "Kies een instrument op de open dag of bel voor een proefles.",
     "Muziekschool · 0165 000 404"),
    ("Jeugdfonds Sport & Cultuur", OfferKind.FUND, [Category.SPORT, Category.CULTURE],
     "Kinderen van 4 tot 18 jaar in een gezin met een laag inkomen", (4, 18),
     "betaalt tot € 425 per kind per jaar",
     "De aanvraag gaat via een intermediair: de school, het wijkteam of het STA-team. "
     "Het fonds betaalt de club of de les direct.",
     "jeugdfondssportencultuur.nl · intermediair via het wijkteam"),
    ("Meedoen-regeling Roosendaal", OfferKind.FUND, [],
     "Inwoners met een inkomen tot 120% van het sociaal minimum", (None, None),
     "tot € 250 per persoon per jaar",
     "Aanvragen bij de gemeente, online of aan de balie van het Stadskantoor. Neem "
     "bankafschriften van de laatste maand mee.",
     "Gemeente Roosendaal · 14 0165"),
    ("Stichting Leergeld", OfferKind.FUND, [Category.COURSE, Category.SPORT, Category.CULTURE],
     "Schoolgaande kinderen van 4 tot 18 jaar", (4, 18), "in natura: fiets, laptop, schoolspullen",
     "Bel de stichting. Een vrijwilliger komt thuis langs en kijkt samen wat nodig is.",
     "Stichting Leergeld · 0165 000 505"),
]  # fmt: skip

# Demo wishes (demo/seed.py WISHES) linked to the entry where they can come true.
LINKS = {
    "De kinderen willen op voetbal": "Voetbalvereniging RBC Jeugd",
    "Cursus Nederlands in het buurthuis": "Taalcafé en cursus Nederlands in buurthuis De Kring",
    "Meedoen met de kookgroep": "Kookgroep Samen aan Tafel",
    "Dochter wil op muziekles": "Jeugdfonds Sport & Cultuur",
}


def seed_offer_demo(municipality: Municipality, users: dict[str, User], today: date) -> None:
    if not LocalOffer.objects.filter(municipality=municipality).exists():
        for number, row in enumerate(OFFER):
            name, kind, categories, audience, (age_min, age_max), cost, apply, contact = row
            # The municipality keeps its funds, the coordinator adds what the team knows.
            keeper = users["gemeente"] if kind == OfferKind.FUND else users["coord-noord"]
            offer_create(
                municipality=municipality,
                created_by=keeper,
                data={
                    "name": name, "kind": kind, "categories": categories,
                    "audience": audience, "age_min": age_min, "age_max": age_max,
                    "cost": cost, "how_to_apply": apply, "contact": contact,
                    "valid_from": today - timedelta(days=400 - number),
                },
            )  # fmt: skip
        offer_create(
            municipality=municipality,
            created_by=users["coord-zuid"],
            data={
                "name": "Zomerkamp 2025 (afgelopen)",
                "kind": OfferKind.COMMUNITY_CENTRE,
                "categories": [Category.SPORT, Category.OWN_TIME],
                "how_to_apply": "Aanmelden bij het buurthuis.",
                "valid_until": today - timedelta(days=60),
                "active": False,
            },
        )
    offers = {o.name: o for o in LocalOffer.objects.filter(municipality=municipality)}
    wishes = ParticipationWish.objects.filter(
        household__team__municipality=municipality,
        description__in=LINKS,
        offer__isnull=True,
        household__anonymised_at__isnull=True,
    ).select_related("household__team", "created_by")
    for wish in wishes:
        wish_update(
            wish=wish,
            changed_by=wish.created_by or users["coord-noord"],
            data={"offer": offers[LINKS[wish.description]]},
        )
