"""One household through the whole practice on a 360 px phone (Debian's Chromium): a first
contact without a name, its registration with consents and profile (the neighbourhood chosen by
name), the coordinator assigning it to the peer on the desktop pages, a visit, a plan made with
the household, its review with the rung gone up, the coordinator closing the case, the
household's text reply with its score, and the reach figures (k lowered) counting it in its
district's reach, the plan share, the more-active share and the satisfaction figures."""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from django.utils import timezone

from notifications.models import HouseholdVerdict
from notifications.services.inbound import inbound_receive
from outreach.models import FirstContact, FollowUp, Household, OwnScore, ReferenceCounter
from outreach.services.areas import area_names_load
from reach.models import ReachCell
from reach.services import reach_refresh
from tests.browser.phone import (  # noqa: F401 (pytestmark: the phone tests' marks)
    PHONE,
    SERVER_IDLE,
    fits_the_screen,
    log_in,
    pytestmark,
    screenshot,
)
from tests.factories import HouseholdFactory, own_score, plan_with_steps


def cell(measure, period, area="GM1674"):
    return ReachCell.objects.get(
        measure=measure, period=period, area=area, team_id=None, breakdown=""
    )


def test_a_household_from_first_contact_through_plan_review_closing_and_its_own_score(
    phone,
    browser,
    world,
    live_server,
    settings,
):
    with SERVER_IDLE:
        area_names_load(
            year=2025, rows=[("BU16740101", "Centrum-Noord"), ("BU16740201", "Kalsdonk")]
        )
        # (references far from those the factory makes)
        ReferenceCounter.objects.create(year=timezone.localdate().year, last_number=90000)
    # Given a peer who met a household at the food bank that wants to hear more, and notes
    # the first contact (no name: it has agreed to nothing yet)
    log_in(phone)
    phone.goto("/households/first-contact/")
    phone.get_by_label("Heeft interesse").check()
    phone.select_option("#id_neighbourhood_code", label="Centrum-Noord")
    assert fits_the_screen(phone)
    phone.get_by_role("button", name="Opslaan", exact=True).click()
    phone.wait_for_url(lambda url: urlsplit(url).path == "/")
    with SERVER_IDLE:
        contact = FirstContact.objects.get()
        assert (contact.outcome, contact.neighbourhood_code) == ("interested", "BU16740101")
    # When at the next visit the household agrees, and the peer registers it: consent first
    # (home visits, keeping its details, health questions, text messages; said at the door),
    # then who and where, then the profile with the neighbourhood chosen by its name
    phone.goto("/households/new/")
    phone.check("#id_consent_home_visits")
    phone.check("#id_consent_data_storage")
    phone.check("#id_consent_special_category")
    phone.check("#id_consent_sms")
    phone.check("#id_consent_method_0")  # said yes at the door
    phone.fill("#id_contact_name", "Fam. Van Dijk")
    phone.fill("#id_phone", "0687654321")  # (not the factory households' number)
    phone.fill("#id_postcode", "4701 AB")
    phone.select_option("#id_neighbourhood_code", label="Centrum-Noord")
    phone.fill("#id_children_4_11", "2")
    phone.check("#id_paid_work_2")  # no paid work
    assert fits_the_screen(phone)
    screenshot(phone, "practice-register")
    phone.locator("[data-submit]").first.click()
    phone.wait_for_url(lambda url: urlsplit(url).path == "/")
    phone.wait_for_load_state("networkidle")
    with SERVER_IDLE:
        household = Household.objects.get(contact_name="Fam. Van Dijk")
        assert household.neighbourhood_code == "BU16740101" and household.children_4_11 == 2
        assert sorted(household.consents.values_list("scope", "method")) == [
            ("data_storage", "verbal"),
            ("home_visits", "verbal"),
            ("sms", "verbal"),
            ("special_category", "verbal"),
        ]

    # And the coordinator, at their desk, finds it in the intake and assigns it to the peer
    desk = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="nl-NL", base_url=live_server.url
    )
    coordinator = desk.new_page()
    log_in(coordinator, username=world.coordinator.username, javascript=False)
    coordinator.goto("/coordinator/intake/")
    coordinator.get_by_role("row").filter(has_text=household.reference).get_by_role(
        "link", name="Toewijzen"
    ).click()
    coordinator.wait_for_url(f"**/coordinator/households/{household.pk}/assign/")
    assert "Centrum-Noord" in coordinator.locator("main").inner_text()
    coordinator.get_by_label("Vaste bezoeker").select_option(label=world.peer.username)
    coordinator.get_by_label("Reden").first.fill("Bezoekt al in Centrum-Noord")
    coordinator.get_by_role("button", name="Toewijzen", exact=True).click()
    coordinator.wait_for_load_state()
    with SERVER_IDLE:
        assert household.assignments.get(ended_at=None).lead == world.peer

    # Then the peer finds it on their phone and logs a visit
    phone.goto(f"/households/{household.pk}/visit/")
    phone.fill("#id_notes", "Kennismaking: wat wil het huishouden zelf?")
    phone.click("[data-submit]")
    phone.wait_for_selector("text=Bezoek opgeslagen.")
    with SERVER_IDLE:
        assert household.visits.count() == 1
    # When at that visit they make a plan with the household, from the visit form
    phone.goto(f"/households/{household.pk}/visit/")
    phone.get_by_role("link", name="Plan maken met het huishouden").click()
    phone.get_by_label("Wat wil het huishouden bereiken?").fill(
        "Weer onder de mensen komen, en de kinderen op zwemles."
    )
    phone.get_by_label("2. Sociale contacten buiten de deur").check()
    review_on = timezone.localdate() + timedelta(days=14)
    phone.get_by_label("Wanneer kijken we weer naar het plan?").fill(review_on.isoformat())
    assert fits_the_screen(phone)
    phone.get_by_role("button", name="Plan opslaan").click()
    # Then "what we agreed" shows it in plain Dutch, ready to show or print
    phone.wait_for_url(f"**/households/{household.pk}/plan/agreed/")
    page = phone.locator("main").inner_text()
    assert "Wat we hebben afgesproken" in page
    assert "Weer onder de mensen komen" in page
    assert "Trede 2 van 6" in page
    assert fits_the_screen(phone)
    screenshot(phone, "plan-agreed")
    with SERVER_IDLE:
        review = FollowUp.objects.get(household=household, description__startswith="Plan")
        assert (review.due_date, review.responsible) == (review_on, world.peer)

    # When, at the review, the household has joined a club: up to step 3, then 4 at the next
    phone.get_by_role("link", name="Plan bespreken").click()
    phone.get_by_label("4. Onbetaald werk of vrijwilligerswerk").check()
    phone.get_by_label("Wat is er veranderd?").fill("Helpt nu bij de kledingbank")
    phone.get_by_label("Wanneer kijken we weer naar het plan?").fill("")
    phone.get_by_role("button", name="Bespreking opslaan").click()
    phone.wait_for_url(f"**/households/{household.pk}/plan/agreed/")
    assert "U bent gestegen!" in phone.locator("main").inner_text()
    with SERVER_IDLE:
        review.refresh_from_db()
        assert review.status == "done"

    # And the coordinator closes the case, going with the ladder
    coordinator.goto(f"/coordinator/households/{household.pk}/close/")
    assert "Op de ladder van trede 2 naar trede 4." in coordinator.locator("main").inner_text()
    coordinator.get_by_label("Waarom wordt het huishouden afgesloten?").select_option(
        "goals_reached"
    )
    coordinator.get_by_label("Uw eigen schatting").fill("3")  # never in the figures
    coordinator.get_by_role("button", name="Huishouden afsluiten").click()
    coordinator.wait_for_load_state()
    assert "ja, zoals de ladder laat zien" in coordinator.locator("main").inner_text()

    with SERVER_IDLE:
        # And the household answers the score request by text
        verdict = HouseholdVerdict.objects.get(household=household)
        inbound_receive(provider_id="SM-score-1", from_phone=verdict.phone, body="9")
        assert OwnScore.objects.get(household=household).source == "sms"
        # Beside it one household closed with a plan that stayed on its rung and gave 6, so
        # that each share has households on both sides
        other = HouseholdFactory(
            team=household.team,
            status="closed",
            closed_at=timezone.now(),
            closing_reason="goals_reached",
        )
        plan_with_steps(other, [3, 3], agreed_on=timezone.localdate() - timedelta(days=30))
        own_score(other, 6, "paper")
        # and one closed after help without a plan, that did not answer
        HouseholdFactory(team=household.team, status="closed", closed_at=timezone.now(),
                         closing_reason="referred")  # fmt: skip
        # When the figures are refreshed with k lowered
        settings.REACH_K = 1
        settings.REACH_ROUNDING = 1
        reach_refresh(municipality=household.team.municipality)
        # Then the household counts in its district, in the plan share, in the more-active
        # share and in the satisfaction figures (its own 9, not the coordinator's 3)
        year = str(timezone.localdate().year)
        assert cell("households_reached", year, area="WK167401").value >= 2
        # (2 of the 5 reached: the world's household, visited without a plan, counts too)
        assert cell("share_with_plan", year).value == Decimal("0.40")
        assert cell("share_more_active", year).value == Decimal("0.50")
        assert cell("share_rung_up", year).value == Decimal("0.50")
        assert cell("satisfaction_mean", year).value == Decimal("7.5")
        assert cell("share_satisfied", year).value == Decimal("0.50")
        assert cell("score_response_rate", year).value == Decimal("0.67")
