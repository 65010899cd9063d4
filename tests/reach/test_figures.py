"""The published figures checked against an independent count on a fixed data set."""

from datetime import date
from decimal import Decimal

from django.db.models import Q

from outreach.models import Household
from reach.disclosure import round_to
from reach.models import ReachCell
from tests.reach.helpers import TODAY, case_tables, cell, moment


def test_households_reached_match_an_independent_count_per_quarter(refreshed):
    # Given the refreshed store, when each published quarter is compared with a direct count
    for quarter, (start, end) in {
        "2026-Q1": (date(2026, 1, 1), date(2026, 3, 31)),
        "2026-Q2": (date(2026, 4, 1), date(2026, 6, 30)),
        "2026-Q3": (date(2026, 7, 1), date(2026, 9, 30)),
    }.items():
        open_then = Household.objects.filter(created_at__lte=moment(end)).filter(
            Q(closed_at__isnull=True) | Q(closed_at__gte=moment(start))
        )
        # Then the published figure is that count rounded to 5
        assert cell("households_reached", quarter).value == round_to(open_then.count(), 5)


def test_new_households_are_counted_in_the_period_they_were_registered(refreshed):
    assert cell("households_new", "2026-Q1").value == 15  # 17 households
    assert cell("households_new", "2026-Q2").value == 10  # 12 households
    assert cell("households_new", "2026").value == 30  # 29, rounded on its own
    assert cell("households_new", "2026-05", team=refreshed.other_household.team_id).value == 10


def test_a_district_with_a_few_households_shows_suppressed_cells_not_numbers(refreshed):
    tiny = cell("households_reached", "2026-Q3", area="WK167409")
    assert tiny.suppressed and tiny.value is None and tiny.reason == "too_few"
    # The municipality minus the visible districts would give the tiny one away: one more
    # district is hidden, so what is left after subtracting is at least k households.
    zuid_district = cell("households_reached", "2026-Q3", area="WK167403")
    assert zuid_district.suppressed and zuid_district.reason == "protects_other"
    assert cell("households_reached", "2026-Q3", area="WK167401").value == 15
    assert cell("households_reached", "2026-Q3").value == 30


def test_share_and_mean_need_k_households_in_their_denominator(refreshed, settings):
    assert cell("satisfaction_mean", "2026-Q3").reason == "small_denominator"
    assert cell("share_satisfied", "2026-Q3").value is None
    # With k = 5 the six scores are enough
    settings.REACH_K = 5
    from reach.services import reach_refresh

    reach_refresh(municipality=refreshed.household.team.municipality, today=TODAY)
    assert cell("satisfaction_mean", "2026-Q3").value == 8  # (8+8+9+7+6+10) / 6
    # But a share also needs k households on either side: 4 of 6 gave 8 or more (4 and 2
    # are fewer than 5), and 14 of 17 were not known before (3 were)
    assert cell("share_satisfied", "2026-Q3").reason == "small_group"
    assert cell("share_unknown_before", "2026-Q1").reason == "small_group"


def test_a_share_is_worked_out_from_the_rounded_counts(refreshed, settings):
    # Given k = 5 and 2026-Q2: 29 households reached (published as 30), 14 of them not known
    # to the municipality before (rounded 15), 15 known
    settings.REACH_K = 5
    from reach.services import reach_refresh

    reach_refresh(municipality=refreshed.household.team.municipality, today=TODAY)
    reached = cell("households_reached", "2026-Q2")
    share = cell("share_unknown_before", "2026-Q2")
    # Then the share is 15 / 30, not 14 / 29 = 0.48: share x published count gives the
    # rounded count back, not the raw 14
    assert reached.value == 30 and share.value == Decimal("0.5")


def test_refresh_replaces_the_figures_and_stores_no_household_reference(refreshed):
    from reach.services import reach_refresh

    first = ReachCell.objects.count()
    reach_refresh(municipality=refreshed.household.team.municipality, today=TODAY)
    assert ReachCell.objects.count() == first
    stored = " ".join(str(row) for row in ReachCell.objects.values_list())
    assert refreshed.household.reference not in stored
    assert refreshed.household.contact_name not in stored


def test_the_refresh_reads_each_measure_with_one_query(fixed_data, django_assert_max_num_queries):
    # Set-based: the number of queries does not grow with the number of households.
    from reach.registry import MEASURES
    from reach.services import reach_refresh

    with django_assert_max_num_queries(len(MEASURES) + 12):
        reach_refresh(municipality=fixed_data.household.team.municipality, today=TODAY)


def test_case_tables_are_known(db):
    assert {"outreach_household", "outreach_visit", "outreach_provisioncheck"} <= case_tables()


def test_forwarded_signals_count_the_households_they_concern_by_theme(fixed_data):
    from outreach.models import SignalTheme
    from outreach.services.signals import signal_forward, signal_record, signal_set_aside
    from reach.services import reach_refresh

    # Given forwarded signals: energy 3 x 4 households, housing 2 x 6, debts 1 x 2; and one
    # set aside
    team, coordinator = fixed_data.household.team, fixed_data.coordinator
    energy = SignalTheme.objects.create(name="Energiearmoede test")
    debts = SignalTheme.objects.create(name="Schulden test")
    housing = SignalTheme.objects.create(name="Wonen test")

    def signal(theme, households):
        return signal_record(team=team, theme=theme, neighbourhood_code="BU16740101",
                             description="Hoge energierekening, geen isolatie",
                             households_concerned=households, recorded_by=coordinator)  # fmt: skip

    for _ in range(3):
        signal_forward(
            signal=signal(energy, 4), forwarded_by=coordinator, confirmed_no_personal_data=True
        )
    signal_forward(
        signal=signal(debts, 2), forwarded_by=coordinator, confirmed_no_personal_data=True
    )
    for _ in range(2):
        signal_forward(
            signal=signal(housing, 6), forwarded_by=coordinator, confirmed_no_personal_data=True
        )
    signal_set_aside(signal=signal(energy, 50), reviewed_by=coordinator, note="Dubbel")
    # When the figures are refreshed (the signals were forwarded today)
    from django.utils import timezone

    today = timezone.localdate()
    reach_refresh(municipality=team.municipality, today=today)
    year = str(today.year)
    # Then housing shows its 12 households rounded; debts (2) is suppressed, and so is energy,
    # or the total minus housing and energy would give debts away; set aside is left out.
    # The two hidden themes are one hidden row that names neither.
    assert cell("signals_forwarded", year, breakdown=housing.name).value == 10
    hidden = cell("signals_forwarded", year, breakdown="*hidden")
    assert hidden.suppressed and hidden.value is None and hidden.reason == "too_few"
    named = set(ReachCell.objects.values_list("breakdown", flat=True))
    assert debts.name not in named and energy.name not in named
    assert cell("signals_forwarded", year).value == 25  # 26 households, rounded on its own
    assert cell("signals_forwarded", year, area="WK167401").value == 25
