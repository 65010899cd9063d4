"""The postcode table from CBS's yearly postcode-and-house-number file (pc6hnr), which
suggests a household's neighbourhood from its postcode."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from outreach.models import PostcodeArea, ReferenceCounter
from outreach.selectors.areas import neighbourhood_for_postcode
from outreach.services.households import household_register
from tests.factories import registration_consents

SAMPLE = Path(__file__).parent / "data" / "pc6hnr-2024-sample.csv"


def test_the_cbs_file_loads_the_neighbourhood_most_addresses_of_a_postcode_lie_in(world):
    # Given the sample of CBS's 2024 file (codes without prefix, one row per address)
    # When it is loaded for the municipalities that use Outreach (Roosendaal only)
    call_command("load_postcode_areas", str(SAMPLE), "2024")
    # Then each postcode has the neighbourhood of most of its addresses, with full codes
    area = PostcodeArea.objects.get(postcode="4701AB", year=2024)
    assert (area.neighbourhood_code, area.district_code, area.municipality_code) == (
        "BU16740101",
        "WK167401",
        "GM1674",
    )
    assert PostcodeArea.objects.get(postcode="4701AC").neighbourhood_code == "BU16740102"
    # Amsterdam (GM0363) does not use Outreach here: its postcodes are left out
    assert not PostcodeArea.objects.filter(postcode="1011AB").exists()


def test_all_municipalities_and_leading_zeros_with_all(db):
    call_command("load_postcode_areas", str(SAMPLE), "2024", "--all")
    area = PostcodeArea.objects.get(postcode="1011AB")
    assert (area.neighbourhood_code, area.district_code, area.municipality_code) == (
        "BU03630000",
        "WK036300",
        "GM0363",
    )


def test_a_file_of_another_year_or_layout_is_refused_clearly(db, tmp_path):
    with pytest.raises(CommandError, match="Buurt2025"):
        call_command("load_postcode_areas", str(SAMPLE), "2025")
    bad = tmp_path / "pc6hnr.csv"
    bad.write_text("PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024\n4701AB;1;BU1;WK1;GM1\n")
    with pytest.raises(CommandError, match="4701AB"):
        call_command("load_postcode_areas", str(bad), "2024", "--all")
    assert not PostcodeArea.objects.exists()


def test_the_postcode_suggests_the_neighbourhood_at_registration(world):
    # (references far from those the factory makes)
    ReferenceCounter.objects.create(year=timezone.localdate().year, last_number=90000)
    call_command("load_postcode_areas", str(SAMPLE), "2024")
    assert neighbourhood_for_postcode(postcode="4701 ac", municipality_code="GM1674") == (
        "BU16740102",
        2024,
    )
    household = household_register(
        team=world.household.team,
        registered_by=world.peer,
        data={"contact_name": "Fam. Bos", "postcode": "4701 AC"},
        consents=registration_consents(),
    )
    assert (household.neighbourhood_code, household.neighbourhood_year) == ("BU16740102", 2024)
    # A neighbourhood the peer chose is kept
    chosen = household_register(
        team=world.household.team,
        registered_by=world.peer,
        data={
            "contact_name": "Fam. Smit",
            "postcode": "4701 AC",
            "neighbourhood_code": "BU16740101",
        },
        consents=registration_consents(),
    )
    assert chosen.neighbourhood_code == "BU16740101"
