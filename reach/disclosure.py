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
Rules 2 and 3 repeat until nothing changes. Rounding happens afterwards, per cell, from the
raw figure: a total is rounded on its own, never summed from rounded cells.
"""

from collections import defaultdict
from collections.abc import Callable, Hashable
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
) -> dict[Key, str]:
    """The cells to suppress, each with its reason. `disjoint[d]` says that the children of
    a cell along dimension d share no household (districts, teams), so their union can be
    counted by adding sizes; elsewhere (months, categories) the union is taken.
    Where a total would reveal a hidden child, the smallest visible child is hidden too,
    unless `hide_parent_first` says the total is the cheaper loss (a calendar year whose
    first quarter holds only a handful of households)."""
    sizes = {key: len(members) for key, members in households.items()}
    suppressed: dict[Key, str] = {
        key: SuppressionReason.TOO_FEW for key, size in sizes.items() if size < k
    }
    order = sorted(households, key=lambda key: tuple(map(str, key)))
    rank = {key: position for position, key in enumerate(order)}
    hierarchy = _Hierarchy(parents)
    # Rule 2 only ever concerns the pairs whose sizes differ by 1 to k-1 (sizes never
    # change, only what is hidden): found once, in the order they are checked in.
    close_pairs = {}
    for key in order:
        size = sizes[key]
        close = [
            ancestor
            for ancestor in hierarchy.ancestors(key, households)
            if 0 < sizes[ancestor] - size < k
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

    changed = True
    while changed:
        changed = False
        for key, close in close_pairs.items():
            if key in suppressed:
                continue
            for ancestor in close:
                if ancestor not in suppressed:
                    hide(ancestor if hide_parent_first(ancestor, key) else key)
                    changed = True
                    break
        for (parent, dimension), kids in children.items():
            if parent in suppressed:
                continue
            while True:
                visible = [kid for kid in kids if kid not in suppressed]
                if disjoint[dimension]:
                    hidden = sizes[parent] - sum(sizes[kid] for kid in visible)
                else:
                    covered = set().union(*(households[kid] for kid in visible))
                    hidden = len(households[parent] - covered)
                if not (0 < hidden < k) or not visible:
                    break
                if hide_parent_first(parent, visible[0]):
                    hide(parent)
                    changed = True
                    break
                hide(min(visible, key=lambda kid: (sizes[kid], rank[kid])))
                changed = True
    return suppressed
