"""Reading the published figures. Only the aggregate store is read here, never a case
table: what the municipality sees has passed disclosure control before it was stored."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from outreach import policies
from outreach.models import AreaName, User
from reach.figures import UNKNOWN_DISTRICT
from reach.models import AreaKind, PeriodKind, ReachCell, ReachSnapshot, SuppressionReason
from reach.registry import HIDDEN_BREAKDOWN, MEASURES


class ReachNotFound(Exception):
    """Nothing the user may see (answers 404)."""


class ReachChoiceNeeded(Exception):
    """The user may see several municipalities and must pick one (answers 400)."""


@dataclass
class ReachTable:
    """One fixed table: a municipality's cells for a period kind, area kind and teams."""

    snapshot: ReachSnapshot | None
    period_kind: str
    area_kind: str
    team_ids: list[int | None]
    cells: QuerySet[ReachCell]
    # The teams whose cells the user may ask for ({"id", "name"}).
    available_teams: list[dict]

    @property
    def team_names(self) -> dict[int, str]:
        return {team["id"]: team["name"] for team in self.snapshot.teams} if self.snapshot else {}


def reach_snapshot_for(*, user: User, municipality_code: str | None = None) -> ReachSnapshot | None:
    """The one municipality whose figures are shown: never two mixed in one table.
    None while its figures have not been computed yet."""
    allowed = policies.reach_municipality_ids(user)
    if allowed is not None and not allowed:
        raise ReachNotFound
    snapshots = ReachSnapshot.objects.order_by("municipality_code")
    if allowed is not None:
        snapshots = snapshots.filter(municipality_id__in=allowed)
    if municipality_code:
        snapshot = snapshots.filter(municipality_code=municipality_code).first()
        if snapshot is None:
            raise ReachNotFound
        return snapshot
    found = list(snapshots[:2])
    if len(found) > 1:
        raise ReachChoiceNeeded
    return found[0] if found else None


def reach_municipality_choices(*, user: User) -> list[tuple[str, str]]:
    """(code, name) of the municipalities whose figures the user may pick from."""
    allowed = policies.reach_municipality_ids(user)
    snapshots = ReachSnapshot.objects.order_by("municipality_name")
    if allowed is not None:
        snapshots = snapshots.filter(municipality_id__in=allowed)
    return list(snapshots.values_list("municipality_code", "municipality_name"))


def reach_table(
    *,
    user: User,
    municipality_code: str | None = None,
    period_kind: str = PeriodKind.QUARTER,
    area_kind: str = AreaKind.MUNICIPALITY,
    team_id: int | None = None,
) -> ReachTable:
    snapshot = reach_snapshot_for(user=user, municipality_code=municipality_code)
    allowed_teams = policies.reach_team_ids(user)
    if team_id is not None:
        known = snapshot.team_ids() if snapshot else set()
        if team_id not in known or (allowed_teams is not None and team_id not in allowed_teams):
            raise ReachNotFound
        team_ids: list[int | None] = [team_id]
    elif allowed_teams is None:
        team_ids = [None]
    else:
        team_ids = sorted(allowed_teams)
    cells = ReachCell.objects.none()
    if snapshot is not None:
        cells = ReachCell.objects.filter(
            snapshot=snapshot, period_kind=period_kind, area_kind=area_kind
        )
        if None in team_ids:
            cells = cells.filter(team_id__isnull=True)
        else:
            cells = cells.filter(team_id__in=team_ids)
        cells = cells.order_by("period_start", "area", "team_id", "measure", "breakdown")
    available = [
        team
        for team in (snapshot.teams if snapshot else [])
        if allowed_teams is None or team["id"] in allowed_teams
    ]
    return ReachTable(snapshot, period_kind, area_kind, team_ids, cells, available)


# The cells of a table as the API gives them: the store's columns under the API's names.
CELL_KEYS = ("period", "area", "team", "measure", "breakdown")
CELL_COLUMNS = ("period", "area", "team_id", "measure", "breakdown")


def cell_value(value):
    """A stored value as the API shows it: null, a whole number, or a fraction."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def reach_cells(table: ReachTable) -> list[dict]:
    """The table's cells as plain rows. A snapshot never changes once stored (a refresh
    writes a new refreshed_at), so the rows are cached under the snapshot's version and the
    table's fixed choices: the municipality's dashboard asks the same few tables all day."""
    snapshot = table.snapshot
    if snapshot is None:
        return []
    key = "reach-cells:{}:{}:{}:{}:{}".format(
        snapshot.pk,
        snapshot.refreshed_at.timestamp(),
        table.period_kind,
        table.area_kind,
        ",".join(str(team) for team in table.team_ids),
    )
    cells = cache.get(key)
    if cells is None:
        rows = table.cells.values_list(*CELL_COLUMNS, "value", "suppressed", "reason")
        cells = [
            {**dict(zip(CELL_KEYS, row[:5], strict=True)), "value": cell_value(row[5]),
             "suppressed": row[6], "reason": row[7]}
            for row in rows
        ]  # fmt: skip
        cache.set(key, cells, timeout=settings.REACH_CACHE_SECONDS)
    return cells


def measure_label(name: str) -> str:
    definition = MEASURES.get(name)
    return str(definition.label) if definition else name


def breakdown_label(measure: str, value: str) -> str:
    if value == HIDDEN_BREAKDOWN:
        return str(_("Others, hidden"))
    definition = MEASURES.get(measure)
    if not value or definition is None or definition.breakdown_labels is None:
        return value
    return definition.breakdown_labels().get(value, value)


def legend(k: int | None = None) -> dict[str, str]:
    """Why a cell can be suppressed, in plain words with the actual minimum (shown beside
    every table and in every download): a reader does not know what "k" is."""
    k = k or settings.REACH_K
    return {
        SuppressionReason.TOO_FEW: str(
            _("Hidden: fewer than %(k)s households. So small a group could be recognised.")
        )
        % {"k": k},
        SuppressionReason.PROTECTS_OTHER: str(
            _(
                "Hidden as well: together with the total it would give away a figure "
                "hidden because it is about fewer than %(k)s households."
            )
        )
        % {"k": k},
        SuppressionReason.SMALL_DENOMINATOR: str(
            _("Hidden: a share or average over fewer than %(k)s households.")
        )
        % {"k": k},
        SuppressionReason.SMALL_GROUP: str(
            _(
                "Hidden: fewer than %(k)s households have what the share counts, or fewer "
                "than %(k)s do not have it. The share would say something about a small group."
            )
        )
        % {"k": k},
    }


def area_names(codes: Iterable[str]) -> dict[str, list[tuple[int, str]]]:
    """The names CBS gives these district codes, per year of its division (newest first),
    in one query (none without a district). Names are public reference data, not a case table."""
    names: dict[str, list[tuple[int, str]]] = {}
    wanted = {code for code in codes if code.startswith("WK")}
    if not wanted:
        return names
    rows = AreaName.objects.filter(code__in=wanted).order_by("code", "-year")
    for code, year, name in rows.values_list("code", "year", "name"):
        names.setdefault(code, []).append((year, name))
    return names


def area_label(code: str, names: dict[str, list[tuple[int, str]]], year: int | None = None) -> str:
    """A district as people know it: its name in the division of the figure's year (or the
    newest earlier one; failing that, the oldest later one), else its code."""
    if code == UNKNOWN_DISTRICT:
        return str(_("District unknown"))
    known = names.get(code)
    if not known:
        return code
    if year is not None:
        for known_year, name in known:
            if known_year <= year:
                return name
        return known[-1][1]
    return known[0][1]
