"""The optional compiled core, and the switch that turns it off.

``toolreward._speedups`` (C, built at install time when a compiler is
present) proves the common case, a correct answer, without running the
Python scorer: ``tool_n1_pass(text, gold)`` for the ``tool_n1`` preset and
``strict_pass(text, gold)`` for ``strict`` with default options and no tools
(its four-tag fast path) return ``True`` only when the Python scorer would
give reward 1, and ``False`` ("not proven") for anything else, wrong answers
included, which the Python scorer then judges and explains.  Verdicts are therefore the same
with and without the core; ``tests/test_native.py`` checks that on every
corpus the suite has.

Set ``TOOLREWARD_PURE_PYTHON=1`` before import to run without it.

>>> available() in (True, False)
True
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from .tags import END_TOKENS, TURN_MARKERS

tool_n1_pass: Callable[[str, list[Any]], bool] | None = None
strict_pass: Callable[[str, list[Any]], bool] | None = None

if os.environ.get("TOOLREWARD_PURE_PYTHON", "") in ("", "0"):
    try:
        from . import _speedups
    except ImportError:  # built without a compiler: the pure-Python path only
        pass
    else:
        # the response rules' tables, in the order toolreward.text strips them
        _speedups.configure(tuple(END_TOKENS), tuple(TURN_MARKERS))
        tool_n1_pass, strict_pass = _speedups.tool_n1_pass, _speedups.strict_pass


def available() -> bool:
    """Whether the compiled core is loaded."""
    return tool_n1_pass is not None
