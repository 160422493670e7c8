"""The optional compiled core, and the switch that turns it off.

``toolreward._speedups`` (C, built at install time when a compiler is
present) judges the two common cases without running the Python scorer:

* ``tool_n1_judge(text, gold)`` for the ``tool_n1`` preset, with ``gold`` the
  ground truth's typed keys (``match.typed_gold``);
* ``strict_judge(text, gold)`` for ``strict`` with default options and no
  tools (its four-tag fast path), with ``gold`` the canonical keys
  (``match.canonical_gold``).

Each returns ``True`` only when the Python scorer would give reward 1,
``False`` only when it would read a structurally valid response whose calls
differ from the ground truth (reward 0, ``format_ok``, not ``calls_ok``),
and ``None`` for anything else, which the Python scorer then judges.  A
``False`` verdict's reason and detail are computed by the Python scorer
when first read (``Verdict.unexplained``).  Verdicts are therefore the same
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

Judge = Callable[[str, list[Any]], "bool | None"]

tool_n1_judge: Judge | None = None
strict_judge: Judge | None = None

if os.environ.get("TOOLREWARD_PURE_PYTHON", "") in ("", "0"):
    try:
        from . import _speedups
    except ImportError:  # built without a compiler: the pure-Python path only
        pass
    else:
        # the response rules' tables, in the order toolreward.text strips them
        _speedups.configure(tuple(END_TOKENS), tuple(TURN_MARKERS))
        tool_n1_judge, strict_judge = _speedups.tool_n1_judge, _speedups.strict_judge


def available() -> bool:
    """Whether the compiled core is loaded."""
    return tool_n1_judge is not None
