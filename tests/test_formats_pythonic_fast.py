"""The fast pythonic reader returns exactly what the parser-based reader returns.

``fast_calls`` either declines (``None``) or agrees with ``_read_parsed`` (the
reader built on Python's own parser).  Checked on a table of edge cases, on
generated call lists, and on random mutations of them (characters inserted,
deleted and swapped), which reach the shapes it must decline.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolreward.formats.pythonic import _read_parsed
from toolreward.formats.pythonic_fast import fast_calls
from toolreward.options import ParseOptions

OPTS = {
    bare: ParseOptions(format="pythonic", allow_bare_identifiers=bare) for bare in (False, True)
}


def _parsed(source: str, bare: bool) -> object:
    error, _, calls, _, _, _ = _read_parsed(source, source, 0, len(source), None, OPTS[bare])
    return calls if error is None else None


def _same(source: str, bare: bool) -> object:
    fast = fast_calls(source, bare)
    if fast is not None:
        assert fast == _parsed(source, bare), source
        # Types too: 1 and 1.0 and True compare equal in Python.
        assert json.dumps([c.arguments for c in fast]) == json.dumps(
            [c.arguments for c in _parsed(source, bare)]  # type: ignore[union-attr]
        ), source
    return fast


@pytest.mark.parametrize(
    "source, bare, fast",
    [
        ("[f(a=1)]", False, True),
        ("f(a=1)", False, True),
        ("[]", False, True),
        ("[ ]", False, True),
        ("[f()]", False, True),
        ("[m.n.g(a=-1, b=-2.5e3, c=0, d=-0.0)]", False, True),
        ('[f(a="x y", b=\'q"\', c=[1, [2, {}]], d={"k": [None, True, False]})]', False, True),
        ("[f(a=celsius)]", True, True),
        ("[f(a=celsius)]", False, False),  # bare_identifier: the parser explains it
        ("[f(a=1,)]", False, False),  # trailing comma
        ("[f(a=1),]", False, False),
        ("[f(a=(1, 2))]", False, False),  # tuple
        ("[f(a=+1)]", False, False),
        ("[f(a=- 1)]", False, False),
        ("[f(a='x\\n')]", False, False),  # escape
        ("[f(a='#')]", False, False),  # a '#' anywhere
        ("[f(a=1)] # done", False, False),
        ("[f(a=1)] and more", False, False),
        ("[f(a=1, a=2)]", False, False),
        ('[f(a={"k": 1, "k": 2})]', False, False),
        ("[f(a={1: 2})]", False, False),
        ("[f(1)]", False, False),
        ("[f(**k)]", False, False),
        ("[f(a=g(b=1))]", True, False),
        ("[f(a=x.y)]", True, False),
        ("[f(a=1e5, b=-1e-09, c=01e5, d=1E+2)]", False, True),
        ("[f(a=1e)]", False, False),
        ("[f(a=1.)]", False, False),
        ("[f(a=.5)]", False, False),
        ("[f(a=01)]", False, False),
        ("[f(a=1_000)]", False, False),
        ("[f(a=1.5e400)]", False, False),  # not finite
        ("[f(a=1j)]", False, False),
        ("[f(a=lambda)]", True, False),
        ("[f(class=1)]", False, False),
        ("[True(a=1)]", False, False),
        ("[f(a='x')(b=1)]", False, False),
        ("[f(a=u'x')]", True, False),
        ("[f(a='''x''')]", False, False),
        ("[f(a='a' 'b')]", False, False),
        ("[f(a=1)\r]", False, False),
        ("[f(é=1)]", False, False),
        ("[f(a='\ud800')]", False, False),
        ("[f(a=" + "1" * 4001 + ")]", False, False),
        ("[f(a=" + "[" * 102 + "]" * 102 + ")]", False, False),
        ("[f(a=" + "[" * 90 + "]" * 90 + ")]", False, True),
    ],
)
def test_fast_subset(source: str, bare: bool, fast: bool) -> None:
    assert (_same(source, bare) is not None) == fast


_names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True)
_text = st.text(st.characters(codec="utf-8", exclude_characters="\\'\n\r\x00"), max_size=8)
_scalars = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    _text.map(lambda t: "'" + t + "'"),
    st.sampled_from(["True", "False", "None", "celsius", "-0", "-1.5", "1e5", "+2", "(1,)"]),
)


def _values(depth: int = 2) -> st.SearchStrategy[str]:
    if depth == 0:
        return _scalars
    inner = _values(depth - 1)
    return st.one_of(
        _scalars,
        st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(_text, inner), max_size=3).map(
            lambda kv: "{" + ", ".join(f"'{k}': {v}" for k, v in kv) + "}"
        ),
    )


_calls = st.tuples(
    st.lists(_names, min_size=1, max_size=2).map(".".join),
    st.lists(st.tuples(_names, _values()), max_size=3),
).map(lambda c: f"{c[0]}(" + ", ".join(f"{k}={v}" for k, v in c[1]) + ")")
_sources = st.lists(_calls, max_size=3).map(lambda cs: "[" + ", ".join(cs) + "]")


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_sources, st.booleans())
def test_generated_call_lists(source: str, bare: bool) -> None:
    _same(source, bare)


@settings(max_examples=1200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_sources, st.lists(st.tuples(st.integers(0, 200), st.sampled_from(
    list("[](){},=:'\" .-+#\\\n\r\t0aé\ud800")), st.booleans()), max_size=4), st.booleans())  # fmt: skip
def test_mutated_call_lists(source: str, edits: list[tuple[int, str, bool]], bare: bool) -> None:
    for at, char, insert in edits:
        at = at % (len(source) + 1)
        source = source[:at] + char + source[at + (0 if insert else 1) :]
    _same(source.strip(), bare)
