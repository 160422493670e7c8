"""BFCL's leaderboard figures from per-entry results: categories, Non-Live, Live and Overall.

A BFCL entry id names its category (``live_simple_12-3-0`` is in
``live_simple``); ``bfcl_category`` reads it and ``category_language`` says
which argument language the category's calls are written in.

>>> bfcl_category("live_simple_12-3-0"), category_language("simple_java")
('live_simple', 'java')
"""

from __future__ import annotations

from typing import Any


def bfcl_category(rec_id: Any) -> str:
    """BFCL's category from an entry id: ``live_simple_12-3-0`` -> ``live_simple``;
    ``"other"`` for an id that names no BFCL category."""
    text = str(rec_id)
    category = text.rsplit("_", 1)[0] if "_" in text else text
    return category if category in CATEGORIES else OTHER


def category_language(category: str) -> str:
    """The language of a category's argument values: python, java or javascript."""
    if "javascript" in category:
        return "javascript"
    return "java" if "java" in category else "python"


NON_LIVE_SIMPLE = ("simple_python", "simple_java", "simple_javascript")
NON_LIVE_REST = ("multiple", "parallel", "parallel_multiple")
LIVE = ("live_simple", "live_multiple", "live_parallel", "live_parallel_multiple")
RELEVANCE = ("irrelevance", "live_irrelevance", "live_relevance")
V3_NAMES = ("simple", "java", "javascript")
NOT_SCORED = frozenset(
    {
        "multi_turn_base", "multi_turn_miss_func", "multi_turn_miss_param",
        "multi_turn_long_context", "memory_kv", "memory_vector", "memory_rec_sum",
        "web_search_base", "web_search_no_snippet",
    }
)  # fmt: skip
"""BFCL categories judged by executing a conversation or an agent, not by the
AST checker: toolreward lists them as not scored, never as 0."""
CATEGORIES = frozenset(
    (*NON_LIVE_SIMPLE, *NON_LIVE_REST, *LIVE, *RELEVANCE, *V3_NAMES, *NOT_SCORED)
)
OTHER = "other"
"""The category of a record whose id names no BFCL category."""


def bfcl_table(categories: dict[str, list[float]]) -> dict[str, Any]:
    """Accuracy per category and the BFCL AST summary figures.

    * Non-Live = unweighted mean of Simple, Multiple, Parallel and Parallel
      Multiple, where Simple is the unweighted mean of the simple Python,
      Java and JavaScript categories present;
    * Live = mean over all live AST entries (weighted by entry count);
    * Overall = mean of Non-Live and Live, as the Tool-N1 paper reports it.

    Summary figures are ``None`` when a part is absent from the input.
    """
    acc = {cat: hits / n for cat, (hits, n) in categories.items() if n}
    counts = {cat: int(n) for cat, (_, n) in categories.items()}
    simple = [acc[c] for c in NON_LIVE_SIMPLE if c in acc]
    parts = ([sum(simple) / len(simple)] if simple else []) + [
        acc[c] for c in NON_LIVE_REST if c in acc
    ]
    non_live = sum(parts) / len(parts) if len(parts) == 4 else None
    live_hits = sum(categories[c][0] for c in LIVE if c in categories)
    live_n = sum(categories[c][1] for c in LIVE if c in categories)
    live = live_hits / live_n if live_n else None
    overall = (non_live + live) / 2 if non_live is not None and live is not None else None
    return {
        "categories": {c: {"accuracy": acc[c], "entries": counts[c]} for c in sorted(acc)},
        "non_live": non_live,
        "live": live,
        "overall": overall,
    }


def format_bfcl_table(table: dict[str, Any]) -> str:
    """The BFCL table as text: categories, then Non-Live, Live and Overall."""

    def pct(x: float | None) -> str:
        return "   n/a" if x is None else f"{100 * x:6.2f}"

    rows = [f"{'BFCL category':28s} {'entries':>8s} {'acc %':>7s}"]
    order = [*NON_LIVE_SIMPLE, *NON_LIVE_REST, *LIVE, *RELEVANCE]
    cats = table["categories"]
    for cat in [c for c in order if c in cats] + sorted(set(cats) - set(order)):
        rows.append(f"{cat:28s} {cats[cat]['entries']:8d} {pct(cats[cat]['accuracy']):>7s}")
    for cat, n in sorted(table.get("not_scored", {}).items()):
        rows.append(f"{cat:28s} {n:8d} {'not scored':>11s}")
    rows.append(f"{'Non-Live AST':28s} {'':8s} {pct(table['non_live']):>7s}")
    rows.append(f"{'Live AST':28s} {'':8s} {pct(table['live']):>7s}")
    rows.append(f"{'Overall (Non-Live+Live)/2':28s} {'':8s} {pct(table['overall']):>7s}")
    return "\n".join(rows)
