"""The optional compiled core, and the switch that turns it off.

``toolreward._speedups`` (C, built at install time when a compiler is
present) proves the common case of the ``tool_n1`` preset, a correct
answer, without running the Python scorer: ``tool_n1_pass(text, gold)``
returns ``True`` only when the Python scorer would give reward 1, and
``False`` ("not proven") for anything else, wrong answers included, which
the Python scorer then judges and explains.  Verdicts are therefore the same
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

tool_n1_pass: Callable[[str, list[Any]], bool] | None = None

if os.environ.get("TOOLREWARD_PURE_PYTHON", "") in ("", "0"):
    try:
        from ._speedups import tool_n1_pass
    except ImportError:  # built without a compiler: the pure-Python path only
        tool_n1_pass = None


def available() -> bool:
    """Whether the compiled core is loaded."""
    return tool_n1_pass is not None
