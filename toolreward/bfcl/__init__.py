"""BFCL: the ``bfcl`` preset, its checker, Java/JavaScript values and leaderboard tables.

Modules, in the order data flows through them:

* :mod:`.docs`: BFCL function docs, indexed by name;
* :mod:`.languages`: Java and JavaScript argument values, typed by declared type;
* :mod:`.checker`: BFCL's AST-checker rules for one call;
* :mod:`.preset`: the ``bfcl`` preset (text to verdict; parallel calls paired);
* :mod:`.leaderboard`: categories from entry ids, Non-Live / Live / Overall.

>>> from toolreward import score
>>> docs = [{"name": "f", "parameters": {"type": "dict",
...          "properties": {"unit": {"type": "string"}}, "required": []}}]
>>> score("[f(unit='Celsius')]", [{"f": {"unit": ["celsius", ""]}}], tools=docs,
...       preset="bfcl").reward
1.0
"""

from __future__ import annotations

from .checker import check_call, standardise
from .docs import Docs, load_docs
from .languages import java_value, js_value
from .leaderboard import bfcl_category, bfcl_table, category_language, format_bfcl_table
from .preset import bfcl_text, check_options, possible_calls, score_bfcl

__all__ = [
    "Docs",
    "bfcl_category",
    "bfcl_table",
    "bfcl_text",
    "category_language",
    "check_call",
    "check_options",
    "format_bfcl_table",
    "java_value",
    "js_value",
    "load_docs",
    "possible_calls",
    "score_bfcl",
    "standardise",
]
