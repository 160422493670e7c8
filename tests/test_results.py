"""``results.Verdict``: an immutable record read like a named tuple, whose explanation
may be computed on first read (``Verdict.unexplained``)."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from toolreward.reasons import INTERNAL_ERROR
from toolreward.results import PASS, Verdict, deliverable

WRONG = Verdict(0.0, True, False, "wrong_argument_value", "f: arguments.a: expected 1, got 2")


class Explainer:
    """An ``explain`` callable that counts its calls."""

    def __init__(self, verdict: Verdict | Exception) -> None:
        self.verdict = verdict
        self.calls = 0

    def __call__(self) -> Verdict:
        self.calls += 1
        if isinstance(self.verdict, Exception):
            raise self.verdict
        return self.verdict


def lazy(verdict: Verdict | Exception = WRONG) -> tuple[Verdict, Explainer]:
    explain = Explainer(verdict)
    return Verdict.unexplained(0.0, True, False, explain), explain


# --- read like a named tuple ------------------------------------------------------------


@pytest.mark.parametrize(
    "read, expected",
    [
        (lambda v: v.reward, 0.0),
        (lambda v: v[3], "wrong_argument_value"),
        (lambda v: v[:3], (0.0, True, False)),
        (lambda v: len(v), 5),
        (lambda v: tuple(v), (0.0, True, False, "wrong_argument_value", WRONG.detail)),
        (lambda v: v._fields, ("reward", "format_ok", "calls_ok", "reason", "detail")),
        (lambda v: v.to_dict()["reason"], "wrong_argument_value"),
        (lambda v: v._asdict() == v.to_dict(), True),
        (lambda v: v._replace(detail="d").detail, "d"),
        (lambda v: v._replace(detail="d").reason, "wrong_argument_value"),
        (lambda v: v == tuple(WRONG), True),
        (lambda v: v == WRONG, True),
        (lambda v: v == PASS, False),
        (lambda v: hash(v) == hash(WRONG), True),
        (lambda v: len({v, WRONG, PASS}), 2),
        (lambda v: pickle.loads(pickle.dumps(v)) == WRONG, True),
        (
            lambda v: repr(v).startswith("Verdict(reward=0.0, format_ok=True, calls_ok=False, "),
            True,
        ),
    ],
)
@pytest.mark.parametrize("make", ["eager", "lazy"])
def test_reads(read: Any, expected: Any, make: str) -> None:
    verdict = WRONG if make == "eager" else lazy()[0]
    assert read(verdict) == expected


def test_unpacking_and_defaults() -> None:
    reward, format_ok, calls_ok, reason, detail = Verdict(1.0, True, True, "ok")
    assert (reward, format_ok, calls_ok, reason, detail) == (1.0, True, True, "ok", "")
    assert Verdict(reward=1.0, format_ok=True, calls_ok=True, reason="ok") == PASS


@pytest.mark.parametrize("name", ["reward", "reason", "detail", "other"])
def test_immutable(name: str) -> None:
    for verdict in (WRONG, lazy()[0]):
        with pytest.raises(AttributeError):
            setattr(verdict, name, 1)
        with pytest.raises(AttributeError):
            delattr(verdict, name)


def test_replace_refuses_an_unknown_field() -> None:
    with pytest.raises(ValueError, match="unexpected field"):
        WRONG._replace(score=1.0)


# --- explained on first read ------------------------------------------------------------


def test_the_explanation_waits_for_a_read_and_runs_once() -> None:
    verdict, explain = lazy()
    assert (verdict.reward, verdict.format_ok, verdict.calls_ok) == (0.0, True, False)
    assert deliverable(verdict) is verdict
    assert explain.calls == 0
    assert verdict.reason == "wrong_argument_value"
    assert verdict.detail == WRONG.detail
    assert tuple(verdict) == tuple(WRONG)
    assert explain.calls == 1


@pytest.mark.parametrize(
    "explanation, detail_says",
    [
        (Verdict(1.0, True, True, "ok"), "disagree"),
        (Verdict(0.0, False, False, "missing_think", "x"), "disagree"),
        (RuntimeError("boom"), "RuntimeError"),
    ],
)
def test_a_wrong_explanation_is_an_internal_error(
    explanation: Verdict | Exception, detail_says: str
) -> None:
    verdict, _ = lazy(explanation)
    assert verdict.reason == INTERNAL_ERROR
    assert detail_says in verdict.detail
    assert verdict[:3] == (0.0, True, False)  # the proven fields stand


def test_an_explanation_is_made_safe_to_write() -> None:
    verdict, _ = lazy(Verdict(0.0, True, False, "wrong_argument_value", "got \ud800"))
    assert verdict.detail == "got \ufffd"
    verdict.detail.encode("utf-8")


def test_a_named_tuple_pickle_loads() -> None:
    """Verdicts were named tuples, pickled as ``copyreg.__newobj__(Verdict, *fields)``."""
    import copyreg

    class NamedTupleShape:
        __class__ = property(lambda self: Verdict)  # type: ignore[assignment]  # the pickler checks it

        def __reduce_ex__(self, protocol: Any) -> Any:
            return (copyreg.__newobj__, (Verdict, *tuple(WRONG)))

    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        loaded = pickle.loads(pickle.dumps(NamedTupleShape(), protocol=protocol))
        assert type(loaded) is Verdict and loaded == WRONG
