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
    expected_name: Callable[[Any], str] | None = None,
) -> Failure | None:
    """``None`` when every call can be paired with its own expected call that it fits.

    ``calls`` and ``expected`` are equally long.  ``check(call, option)`` is
    the fit rule (``None``: fits); a call can only fit an expected call of its
    own name (``name(call) == expected_name(option)``, by default ``.name``
    on both), so other pairs are never checked.  Calls in the expected order
    are accepted after one check each; otherwise a maximum matching decides.
    On failure, the answer explains one call that no maximum matching pairs
    (the first call that fits no expected call, if any), against a free
    expected call of the same name when there is one, else the first free one.
    """
    if len(calls) == 1:
        return check(calls[0], expected[0])
    keys = [(expected_name or name)(e) for e in expected]
    names = [name(c) for c in calls]
    n = len(expected)
    # outcomes[i][j]: check(calls[i], expected[j]), computed once, when first needed.
    outcomes: list[list[Any]] = [
        [_UNSET if names[i] == keys[j] else _OTHER_NAME for j in range(n)]
        for i in range(len(calls))
    ]

    def outcome(i: int, j: int) -> Any:
        got = outcomes[i][j]
        if got is _UNSET:
            got = outcomes[i][j] = check(calls[i], expected[j])
        return got

    free = list(range(n))
    for i in range(len(calls)):
        for position, j in enumerate(free):
            if keys[j] == names[i] and outcome(i, j) is None:
                del free[position]
                break
        else:
            if not any(outcome(i, j) is None for j in range(n) if keys[j] == names[i]):
                # This call fits no expected call: no matching can pair it.
                same = [k for k in free if keys[k] == names[i]] or free
                got = outcomes[i][same[0]]
                return check(calls[i], expected[same[0]]) if got is _OTHER_NAME else got
            break
    else:
        return None  # the first-fit pairing is already complete
    fits = [[row[j] is not _OTHER_NAME and outcome(i, j) is None for j in range(n)]
            for i, row in enumerate(outcomes)]  # fmt: skip
    pairing = max_matching(fits)
    if all(j is not None for j in pairing):
        return None
    taken = {j for j in pairing if j is not None}
    left = [k for k in range(n) if k not in taken]
    i = pairing.index(None)
    same = [k for k in left if keys[k] == names[i]] or left
    got = outcomes[i][same[0]]
    return check(calls[i], expected[same[0]]) if got is _OTHER_NAME else outcome(i, same[0])


_UNSET = object()
_OTHER_NAME = object()
"""Stands for the outcome of a pair with different names, which is never computed."""


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
