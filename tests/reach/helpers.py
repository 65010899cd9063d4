"""Reading the reach store in tests."""

from reach.models import ReachCell


def cell(measure, period, area="GM1674", team=None, breakdown=""):
    return ReachCell.objects.get(
        measure=measure, period=period, area=area, team_id=team, breakdown=breakdown
    )
