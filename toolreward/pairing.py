"""Pairing predicted calls with expected calls, for every matcher that allows choices.

Possible answers (``strict``'s ``[{"f": {"a": [1, 2]}}]`` form, and the
``bfcl`` preset) cannot be compared as a multiset: a call fits an expected
call by rules, not by equality.  Both matchers pair calls here, by maximum
bipartite matching, so a valid permutation is never rejected because a
greedy pairing went wrong, and both explain a failure the same way.

>>> fits = lambda call, option: None if call == option else ("wrong", f"{call} != {option}")
>>> pair_calls(["a", "b"], ["b", "a"], fits, name=str) is None
True
>>> pair_calls(["a", "c"], ["b", "a"], fits, name=str)
('wrong', 'c != b')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any, TypeVar

from .results import Failure

C = TypeVar("C")
E = TypeVar("E")


def pair_calls(
    calls: Sequence[C],
    expected: Sequence[E],
    check: Callable[[C, E], Failure | None],
    name: Callable[[Any], str] = attrgetter("name"),
) -> Failure | None:
    """``None`` when every call can be paired with its own expected call that it fits.

    ``calls`` and ``expected`` are equally long.  ``check(call, option)`` is
    the fit rule (``None``: fits).  On failure, the answer explains one call
    left unpaired by a maximum matching, against a free expected call of
    the same ``name`` (default: the ``.name`` attribute) when there is one,
    else the first free one.
    """
    if len(calls) == 1:
        return check(calls[0], expected[0])
    outcomes = [[check(c, e) for e in expected] for c in calls]
    pairing = max_matching([[o is None for o in row] for row in outcomes])
    if all(j is not None for j in pairing):
        return None
    taken = {j for j in pairing if j is not None}
    free = [k for k in range(len(expected)) if k not in taken]
    i = pairing.index(None)
    same = [k for k in free if name(expected[k]) == name(calls[i])] or free
    return outcomes[i][same[0]]


def pair_first_fit(
    calls: Sequence[C],
    expected: Sequence[E],
    check: Callable[[C, E], Failure | None],
    name: Callable[[Any], str] = attrgetter("name"),
) -> Failure | None:
    """BFCL's greedy pairing: each expected call, in order, takes the first free call
    that fits it; ``None`` when every expected call found one.

    Used only for exact parity with ``bfcl evaluate`` (``bfcl_compat``): it can
    reject a valid permutation that ``pair_calls`` accepts.  On failure, the
    answer explains the first expected call left without a call, against a
    free call of the same name when there is one.

    >>> fits = lambda call, option: None if call in option else ("wrong", f"{call} !~ {option}")
    >>> pair_first_fit(["ab", "a"], ["ab", "a"], fits, name=len) is None
    True
    >>> pair_first_fit(["a", "ab"], ["ab", "a"], fits, name=len)  # "a" fits "ab" first
    ('wrong', 'ab !~ a')
    >>> pair_calls(["a", "ab"], ["ab", "a"], fits, name=len) is None
    True
    """
    free = list(range(len(calls)))
    for option in expected:
        failure: Failure | None = None
        for position, i in enumerate(free):
            failure = check(calls[i], option)
            if failure is None:
                del free[position]
                break
        else:
            same = [i for i in free if name(calls[i]) == name(option)]
            return check(calls[same[0]], option) if same else failure
    return None


def max_matching(adjacent: list[list[bool]]) -> list[int | None]:
    """Maximum bipartite matching (augmenting paths): ``result[i]`` is the column of row ``i``.

    >>> max_matching([[True, True], [True, False]])
    [1, 0]
    """
    n_cols = len(adjacent[0]) if adjacent else 0
    owner: list[int | None] = [None] * n_cols

    def augment(row: int, seen: list[bool]) -> bool:
        for col in range(n_cols):
            if adjacent[row][col] and not seen[col]:
                seen[col] = True
                current = owner[col]
                if current is None or augment(current, seen):
                    owner[col] = row
                    return True
        return False

    for row in range(len(adjacent)):
        augment(row, [False] * n_cols)
    result: list[int | None] = [None] * len(adjacent)
    for col, owned_by in enumerate(owner):
        if owned_by is not None:
            result[owned_by] = col
    return result
