"""Seed the provision catalogue and the first consent texts (shared/docs/domain.md).
Both stay editable in the admin; this only fills an empty deployment."""

from decimal import Decimal

from django.db import migrations

PROVISIONS = [
    (
        "Bijzondere bijstand",
        "municipal",
        "Necessary costs from special circumstances; means-tested.",
        None,
    ),
    (
        "Individuele inkomenstoeslag",
        "municipal",
        "Age 21 to pension age, income at or below 100-110% of the norm for 36 months.",
        Decimal("560"),
    ),
    (
        "Kwijtschelding gemeentelijke belastingen",
        "municipal",
        "No assets and no capacity to pay.",
        Decimal("330"),
    ),
    (
        "Collectieve zorgverzekering minima",
        "municipal",
        "Income at or below 120-130% of the norm.",
        Decimal("300"),
    ),
    (
        "Meedoenregeling / kindpakket",
        "municipal",
        "Income at or below 110-130% of the norm; children and adults.",
        Decimal("300"),
    ),
    ("Schuldhulpverlening", "municipal", "Anyone with (threatening) debts.", None),
    (
        "Jeugdfonds Sport & Cultuur",
        "fund",
        "Children aged 4-18, through a professional intermediary; income at or below 110-125%.",
        Decimal("325"),
    ),
    (
        "Stichting Leergeld",
        "fund",
        "Children aged 4-17; income at or below 110-140%. In kind: bike, laptop, school costs.",
        Decimal("250"),
    ),
    ("Voedselbank", "fund", "Disposable income below the monthly threshold.", None),
    (
        "Huurtoeslag",
        "national",
        "Rent at or below the limit (EUR 900.07 in 2025) and limited assets.",
        Decimal("2400"),
    ),
    (
        "Zorgtoeslag",
        "national",
        "Income at or below EUR 39,719 for a single person (2025).",
        Decimal("1300"),
    ),
    (
        "Kindgebonden budget",
        "national",
        "Child under 18 with child benefit (kinderbijslag).",
        Decimal("2000"),
    ),
]

CONSENT_TEXTS = [
    (
        "home_visits",
        "Wij komen bij u op bezoek als u dat wilt. "
        "U kunt altijd zeggen dat u geen bezoek meer wilt.",
        "We visit you at home if you want us to. You can always say you no longer want visits.",
    ),
    (
        "data_storage",
        "Wij schrijven op wat we samen bespreken, zodat we u goed kunnen helpen. Alleen uw vaste "
        "bezoekers en hun coördinator kunnen dit zien. U mag altijd vragen wat we hebben "
        "opgeschreven, en vragen om het te wissen.",
        "We write down what we discuss, so that we can help you well. Only your regular visitors "
        "and their coordinator can see it. You may always ask what we wrote down, and ask us to "
        "delete it.",
    ),
    (
        "special_category",
        "U vertelt ons misschien iets over uw gezondheid. Wij schrijven dat alleen op als u dat "
        "goed vindt. U kunt dit altijd intrekken; dan wissen wij het.",
        "You may tell us something about your health. We only write it down if you agree. You "
        "can always take this back; we then delete it.",
    ),
    (
        "sms",
        "Wij sturen u soms een sms, bijvoorbeeld een herinnering aan een activiteit. Stuur STOP "
        "om geen sms meer te krijgen.",
        "We sometimes send you a text message, for example a reminder of an activity. Send STOP "
        "to get no more messages.",
    ),
]


def seed(apps, schema_editor):
    Provision = apps.get_model("outreach", "Provision")
    ConsentText = apps.get_model("outreach", "ConsentText")
    for name, level, note, value in PROVISIONS:
        Provision.objects.get_or_create(
            name=name,
            defaults={"level": level, "eligibility_note": note, "typical_annual_value": value},
        )
    for scope, text_nl, text_en in CONSENT_TEXTS:
        ConsentText.objects.get_or_create(
            scope=scope, version="2026-1", defaults={"text_nl": text_nl, "text_en": text_en}
        )


def unseed(apps, schema_editor):
    apps.get_model("outreach", "Provision").objects.filter(
        name__in=[p[0] for p in PROVISIONS], checks__isnull=True
    ).delete()
    apps.get_model("outreach", "ConsentText").objects.filter(version="2026-1").delete()


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
