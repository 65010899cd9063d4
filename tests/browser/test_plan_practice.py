"""One household through the practice on a 360 px phone (Debian's Chromium): a visit, a plan
made with the household, its review with the rung gone up, the coordinator closing the case,
the household's text reply with its score, and the reach figures (k lowered) counting it in
the plan share, the more-active share and the satisfaction figures."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from notifications.models import HouseholdVerdict
from notifications.services.inbound import inbound_receive
from outreach.models import Consent, ConsentScope, FollowUp, OwnScore
from reach.models import ReachCell
from reach.services import reach_refresh
from tests.browser.test_peer_phone import (  # noqa: F401 (fixtures of the phone tests)
    PHONE,
    SERVER_IDLE,
    allow_orm_beside_playwright,
    browser,
    catalogue,
    catalogue_back_after_the_last_flush,
    fits_the_screen,
    log_in,
    no_network_while_offline,
    one_database_user_at_a_time,
    phone,
    pytestmark,
    screenshot,
)
from tests.factories import HouseholdFactory, consent_text, own_score, plan_with_steps


def cell(measure, period, area="GM1674"):
    return ReachCell.objects.get(
        measure=measure, period=period, area=area, team_id=None, breakdown=""
    )


def test_a_household_through_plan_review_closing_and_its_own_score(
    phone,  # noqa: F811 (the phone tests' fixture)
    browser,  # noqa: F811 (the phone tests' fixture)
    world,
    live_server,
    settings,
):
    household = world.household
    with SERVER_IDLE:
        # The household agreed to text messages (for the score request at closing)
        Consent.objects.create(household=household, scope=ConsentScope.SMS,
                               text=consent_text(ConsentScope.SMS), method="verbal")  # fmt: skip
    # Given the peer on the visit form of the household
    log_in(phone)
    phone.goto(f"/households/{household.pk}/visit/")
    # When they make a plan with the household from there
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
    coordinator = browser.new_context(
        viewport=PHONE, locale="nl-NL", base_url=live_server.url, is_mobile=True
    ).new_page()
    log_in(coordinator, username=world.coordinator.username, javascript=False)
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
        assert cell("share_with_plan", year).value == Decimal("0.50")  # 2 of the 4 reached
        assert cell("share_more_active", year).value == Decimal("0.50")
        assert cell("share_rung_up", year).value == Decimal("0.50")
        assert cell("satisfaction_mean", year).value == Decimal("7.5")
        assert cell("share_satisfied", year).value == Decimal("0.50")
        assert cell("score_response_rate", year).value == Decimal("0.67")
