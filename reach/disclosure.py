"""Disclosure control: which cells may be published, and how they are rounded.

Pure functions over cells keyed by (period, area, team, breakdown), each with the set of
households it is built from. The rules (see docs/reach.md):

1. Primary: a cell built from fewer than k households is suppressed.
2. Pairs: for a published cell and any published cell that contains it (a longer period,
   the whole municipality instead of a district, all teams instead of one, all categories
   instead of one), the two differ by no household or by at least k. Otherwise the smaller
   cell is suppressed, so that no two allowed queries can be subtracted to isolate a few.
3. Totals: for a published cell and its children along one dimension (its districts, its
   teams, its months, its categories), the households not covered by the published children
   number zero or at least k; otherwise the smallest published child is suppressed too, so
   that subtracting the visible cells from a total never reveals a suppressed one.
4. Related measures: a count that lies within another in the same cell (new, visited and
   closed households within the reached) differs from it by no household or by at least
   k; otherwise it is suppressed (rule 2 across measures).
5. Shares: a share is published only where the households it counts and those it leaves
   out both number at least k, and rules 2 and 3 hold for both groups as well as for the
   denominator.
Rules 2 and 3 repeat until nothing changes. Rounding happens afterwards, per cell, from the
raw figure: a total is rounded on its own, never summed from rounded cells; a share is the
rounded part over the rounded whole (reach/figures.py).
"""

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from collections.abc import Set as AbstractSet
from decimal import ROUND_HALF_UP, Decimal
from itertools import product

from reach.models import SuppressionReason

Key = tuple[Hashable, ...]
# For each dimension of a key: the parent value, or NO_PARENT at the top of the hierarchy.
NO_PARENT = object()
ParentFunction = Callable[[Hashable], Hashable]


def round_to(value: float | int | Decimal, base: int) -> int:
    """Round half up to a multiple of base (12 -> 10, 13 -> 15 for base 5)."""
    if base <= 1:
        return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    steps = (Decimal(value) / base).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(steps) * base


class _Hierarchy:
    """The roll-up chain of every value along each dimension ([value, parent, grandparent,
    ...]), worked out once per value: a store of a hundred thousand cells has only a few
    hundred distinct values per dimension."""

    def __init__(self, parents: list[ParentFunction]):
        self.parents = parents
        self.chains: list[dict] = [{} for _ in parents]

    def chain(self, dimension: int, value: Hashable) -> tuple:
        known = self.chains[dimension]
        if value not in known:
            values = [value]
            parent = self.parents[dimension](value)
            while parent is not NO_PARENT:
                values.append(parent)
                parent = self.parents[dimension](parent)
            known[value] = tuple(values)
        return known[value]

    def ancestors(self, key: Key, existing) -> set[Key]:
        """Every existing cell that contains this one (one or more dimensions rolled up):
        each combination of the values on the dimensions' chains, but the key itself."""
        chains = [self.chain(dimension, value) for dimension, value in enumerate(key)]
        return {
            combination
            for combination in product(*chains)
            if combination in existing and combination != key
        }


def protect(
    households: dict[Key, set],
    *,
    k: int,
    parents: list[ParentFunction],
    disjoint: list[bool],
    hide_parent_first: Callable[[Key, Key], bool] = lambda parent, child: False,
    also: Sequence[dict[Key, AbstractSet]] = (),
    related: dict[Key, list[Key]] | None = None,
    hidden: dict[Key, str] | None = None,
) -> dict[Key, str]:
    """The cells to suppress, each with its reason. `disjoint[d]` says that the children of
    a cell along dimension d share no household (districts, teams), so their union can be
    counted by adding sizes; elsewhere (months, categories) the union is taken.
    Where a total would reveal a hidden child, the smallest visible child is hidden too,
    unless `hide_parent_first` says the total is the cheaper loss (a calendar year whose
    first quarter holds only a handful of households).

    `also`: further sets of households per cell that a published figure gives away as well
    (the households a share counts, and those it does not): rules 2 and 3 hold for each of
    them too, so that no difference of two figures isolates 1 to k-1 of them. `related`:
    for a cell, the cells of other measures in the same table that hold its households (new
    within reached): their counts differ by 0 or at least k, or the cell is hidden, as for
    rule 2. `hidden`: cells hidden beforehand, with their reason; they count as hidden for
    rules 2 and 3."""
    families = [households, *also]
    sizes = [{key: len(family.get(key, ())) for key in households} for family in families]
    suppressed: dict[Key, str] = dict(hidden or {})
    for key, size in sizes[0].items():
        if size < k and key not in suppressed:
            suppressed[key] = SuppressionReason.TOO_FEW
    order = sorted(households, key=lambda key: tuple(map(str, key)))
    rank = {key: position for position, key in enumerate(order)}
    hierarchy = _Hierarchy(parents)
    related = related or {}
    # Rule 2 only ever concerns the pairs whose sizes differ by 1 to k-1 (sizes never
    # change, only what is hidden): found once, in the order they are checked in.
    close_pairs = {}
    for key in order:
        others = hierarchy.ancestors(key, households)
        if key in related:
            others |= {other for other in related[key] if other in households}
        if len(sizes) == 1:
            base, own = sizes[0], sizes[0][key]
            close = [other for other in others if 0 < abs(base[other] - own) < k]
        else:
            close = [
                other
                for other in others
                if any(0 < abs(size[other] - size[key]) < k for size in sizes)
            ]
        if close:
            close_pairs[key] = sorted(close, key=rank.__getitem__)
    children: dict[tuple[Key, int], list[Key]] = defaultdict(list)
    chain = hierarchy.chain
    for key in order:
        for dimension in range(len(parents)):
            values = chain(dimension, key[dimension])
            if len(values) < 2:
                continue
            parent = (*key[:dimension], values[1], *key[dimension + 1 :])
            if parent in households:
                children[(parent, dimension)].append(key)

    def hide(key: Key) -> None:
        suppressed[key] = SuppressionReason.PROTECTS_OTHER

    def left_over(parent: Key, visible: list[Key], dimension: int) -> bool:
        """Whether subtracting the visible children from the parent leaves 1 to k-1
        households of some family."""
        for family, size in zip(families, sizes, strict=True):
            if disjoint[dimension]:
                hidden_size = size[parent] - sum(size[kid] for kid in visible)
            else:
                covered = set().union(*(family.get(kid, ()) for kid in visible))
                hidden_size = len(set(family.get(parent, ())) - covered)
            if 0 < hidden_size < k:
                return True
        return False

    changed = True
    while changed:
        changed = False
        for key, close in close_pairs.items():
            if key in suppressed:
                continue
            for other in close:
                if other not in suppressed:
                    hide(other if hide_parent_first(other, key) else key)
                    changed = True
                    break
        for (parent, dimension), kids in children.items():
            if parent in suppressed:
                continue
            while True:
                visible = [kid for kid in kids if kid not in suppressed]
                if not visible or not left_over(parent, visible, dimension):
                    break
                if hide_parent_first(parent, visible[0]):
                    hide(parent)
                    changed = True
                    break
                hide(min(visible, key=lambda kid: (sizes[0][kid], rank[kid])))
                changed = True
    return suppressed
