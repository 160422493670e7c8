"""BFCL's leaderboard figures from per-entry results: categories, Non-Live, Live and Overall.

A BFCL entry id names its category (``live_simple_12-3-0`` is in
``live_simple``); ``bfcl_category`` reads it (BFCL v3's ``simple``, ``java``
and ``javascript`` are named as in v4) and ``category_language`` says which
argument language the category's calls are written in.

Two summary figures are reported, each labelled:

* the Tool-N1 paper's Overall, ``(Non-Live AST + Live AST) / 2``;
* BFCL's own overall (``bfcl_overall``), computed as ``bfcl evaluate``
  writes it to ``data_overall.csv``: in v4 a 10/10/10/30/40 weighting of
  Non-Live, Live, irrelevance, multi-turn and agentic; in v3 the mean of
  Live (with relevance and irrelevance), Non-Live (with executable and
  irrelevance) and multi-turn.  As in BFCL, a category absent from the
  results counts as 0; a category present but not scored here makes the
  figure unknown (``None``), because BFCL would score it.

>>> bfcl_category("live_simple_12-3-0"), bfcl_category("java_3"), category_language("simple_java")
('live_simple', 'simple_java', 'java')
"""

from __future__ import annotations

from typing import Any


def bfcl_category(rec_id: Any) -> str:
    """BFCL's category from an entry id: ``live_simple_12-3-0`` -> ``live_simple``;
    ``"other"`` for an id that names no BFCL category."""
    text = str(rec_id).split(":", 1)[0]
    category = text.rsplit("_", 1)[0] if "_" in text else text
    return canonical_category(category) if category in CATEGORIES else OTHER


def canonical_category(category: str) -> str:
    """A category under its v4 name (v3's ``simple`` is v4's ``simple_python``)."""
    return V3_TO_V4.get(category, category)


def category_language(category: str) -> str:
    """The language of a category's argument values: python, java or javascript."""
    if "javascript" in category:
        return "javascript"
    return "java" if "java" in category else "python"


NON_LIVE_SIMPLE = ("simple_python", "simple_java", "simple_javascript")
NON_LIVE_REST = ("multiple", "parallel", "parallel_multiple")
LIVE = ("live_simple", "live_multiple", "live_parallel", "live_parallel_multiple")
RELEVANCE = ("irrelevance", "live_irrelevance", "live_relevance")
V3_TO_V4 = {"simple": "simple_python", "java": "simple_java", "javascript": "simple_javascript"}
V3_NAMES = tuple(V3_TO_V4)
MULTI_TURN = ("multi_turn_base", "multi_turn_miss_func", "multi_turn_miss_param",
              "multi_turn_long_context")  # fmt: skip
WEB_SEARCH = ("web_search_base", "web_search_no_snippet")
MEMORY = ("memory_kv", "memory_vector", "memory_rec_sum")
EXECUTABLE = ("exec_simple", "exec_multiple", "exec_parallel", "exec_parallel_multiple", "rest")
NOT_SCORED = frozenset(
    {*MULTI_TURN, *WEB_SEARCH, *MEMORY, *EXECUTABLE, "format_sensitivity", "sql", "chatable",
     "multi_turn_composite"}
)  # fmt: skip
"""BFCL categories judged by executing a conversation, an agent or the calls,
or by other return formats, not by the AST checker on Python/Java/JavaScript
calls: toolreward lists them as not scored, never as 0."""
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


Counts = dict[str, Any]


def bfcl_overall(
    categories: Counts, not_scored: Counts, dataset_sizes: Counts | None, version: str = "v4"
) -> float | None:
    """BFCL's own overall accuracy, as ``bfcl evaluate`` computes it (module docstring).

    ``categories`` maps each scored category to ``(correct, entries)``;
    ``not_scored`` names the categories present but not scored (any makes the
    figure ``None``); ``dataset_sizes`` gives BFCL's entry count of each live
    category, which weights an absent one (``None``: absent live categories
    make the figure ``None``).

    >>> round(bfcl_overall({"irrelevance": (50, 100), "live_irrelevance": (80, 100)},
    ...                    {}, dict.fromkeys(LIVE, 10)), 4)
    0.065
    """
    if any(n for n in not_scored.values()):
        return None

    def acc(cat: str) -> float:
        hits, n = categories.get(cat, (0, 0))
        return hits / n if n else 0.0

    def mean(xs: list[float]) -> float:
        return sum(xs) / len(xs)

    def weighted(cats: tuple[str, ...]) -> float | None:
        hits = total = 0
        for cat in cats:
            if cat in categories and categories[cat][1]:
                hits += categories[cat][0]
                total += categories[cat][1]
            elif dataset_sizes is None or cat not in dataset_sizes:
                return None
            else:
                total += dataset_sizes[cat]
        return hits / total if total else 0.0

    simple = mean([acc(c) for c in NON_LIVE_SIMPLE])
    multi_turn = mean([acc(c) for c in MULTI_TURN])
    if version == "v3":
        live = weighted((*LIVE, "live_irrelevance", "live_relevance"))
        simple_exec = mean([acc("exec_simple"), acc("rest")])
        non_live = mean(
            [simple, *(acc(c) for c in NON_LIVE_REST), simple_exec,
             *(acc(c) for c in EXECUTABLE[1:4]), acc("irrelevance")]
        )  # fmt: skip
        return None if live is None else mean([live, non_live, multi_turn])
    live = weighted(LIVE)
    if live is None:
        return None
    non_live = mean([simple, *(acc(c) for c in NON_LIVE_REST)])
    irrelevance = mean([acc("irrelevance"), acc("live_irrelevance")])
    agentic = mean([mean([acc(c) for c in WEB_SEARCH]), mean([acc(c) for c in MEMORY])])
    return (10 * non_live + 10 * live + 10 * irrelevance + 30 * multi_turn + 40 * agentic) / 100


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
    if "bfcl_overall" in table:
        version = table.get("bfcl_version", "v4")
        label = f"BFCL {version} overall"
        if table["bfcl_overall"] is None:
            why = (
                "not-scored categories present" if table.get("not_scored") else "live parts missing"
            )
            rows.append(f"{label:28s} {'':8s} {'n/a':>7s}  ({why})")
        else:
            rows.append(f"{label:28s} {'':8s} {pct(table['bfcl_overall']):>7s}")
    return "\n".join(rows)
