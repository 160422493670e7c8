"""A fixed, seeded synthetic corpus of Tool-N1 completions for the benchmarks.

``make_corpus(n)`` returns ``(completions, ground_truths, kinds)``.  Ground
truths are JSON strings that repeat in groups of 5, as in a GRPO batch with
n=5 rollouts per prompt.  About 40% of completions are correct, 30% have a
wrong value (or a wrong name, or a missing argument) and 30% break the
format.  Calls per sample: 1 to 4; arguments are nested; completions run
from roughly 100 to 2,000 characters.
"""

from __future__ import annotations

import json
import random
from typing import Any

WORDS = [
    "the",
    "user",
    "wants",
    "weather",
    "forecast",
    "flight",
    "hotel",
    "booking",
    "city",
    "date",
    "price",
    "currency",
    "convert",
    "search",
    "find",
    "compute",
    "order",
    "status",
    "account",
    "balance",
    "temperature",
    "units",
    "so",
    "I",
    "should",
    "call",
    "then",
    "check",
    "arguments",
    "first",
    "second",
    "because",
    "required",
    "optional",
]
NAMES = [
    "get_weather",
    "search_flights",
    "book_hotel",
    "convert_currency",
    "get_stock_price",
    "send_email",
    "create_event",
    "translate_text",
    "lookup_order",
    "calculate_route",
]


def _value(rng: random.Random, depth: int = 0) -> Any:
    r = rng.random()
    if depth < 2 and r < 0.12:
        return {rng.choice(WORDS): _value(rng, depth + 1) for _ in range(rng.randint(1, 3))}
    if depth < 2 and r < 0.22:
        return [_value(rng, depth + 1) for _ in range(rng.randint(1, 4))]
    if r < 0.45:
        return rng.randint(-1000, 100000)
    if r < 0.55:
        return round(rng.uniform(-100, 100), 3)
    if r < 0.62:
        return rng.random() < 0.5
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))).title()


def _call(rng: random.Random) -> dict[str, Any]:
    args = {f"{rng.choice(WORDS)}_{i}": _value(rng) for i in range(rng.randint(1, 5))}
    return {"name": rng.choice(NAMES), "arguments": args}


def _think(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.choice([8, 20, 60, 150, 250])))


def _perturb_value(rng: random.Random, calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    calls = json.loads(json.dumps(calls))
    call = rng.choice(calls)
    choice = rng.random()
    if choice < 0.2:
        call["name"] = call["name"] + "_v2"
    elif choice < 0.35 and call["arguments"]:
        call["arguments"].pop(next(iter(call["arguments"])))
    else:
        key = rng.choice(list(call["arguments"]))
        old = call["arguments"][key]
        new = _value(rng)
        while new == old and type(new) is type(old):
            new = _value(rng)
        call["arguments"][key] = new
    return calls


def _render(think: str, calls: list[dict[str, Any]], rng: random.Random) -> str:
    rng.shuffle(calls)
    return f"<think>{think}</think>\n<tool_call>{json.dumps(calls)}</tool_call>"


def _break_format(rng: random.Random, think: str, calls: list[dict[str, Any]]) -> str:
    payload = json.dumps(calls)
    choice = rng.randrange(6)
    if choice == 0:
        return f"<tool_call>{payload}</tool_call>"  # no think
    if choice == 1:
        return f"<think>{think}</think>\n<tool_call>{payload}"  # unclosed
    if choice == 2:
        return f"<think>{think}</think>\n<tool_call>{payload[:-2]}</tool_call>"  # truncated JSON
    if choice == 3:
        return f"<think>{think}</think>\n<tool_call>{payload}</tool_call>\nDone."
    if choice == 4:
        p2 = payload.replace("true", "True").replace('"', "'")
        return f"<think>{think}</think>\n<tool_call>{p2}</tool_call>"
    return f"<think>{think}\n<tool_call>{payload}</tool_call></think>"


def make_corpus(n: int = 10_000, seed: int = 1234) -> tuple[list[str], list[str], list[str]]:
    rng = random.Random(seed)
    completions: list[str] = []
    truths: list[str] = []
    kinds: list[str] = []
    while len(completions) < n:
        calls = [_call(rng) for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4]))]
        truth = json.dumps(calls)
        for _ in range(5):
            think = _think(rng)
            r = rng.random()
            if r < 0.4:
                text, kind = _render(think, json.loads(truth), rng), "correct"
            elif r < 0.7:
                text, kind = _render(think, _perturb_value(rng, calls), rng), "wrong_value"
            else:
                text, kind = _break_format(rng, think, json.loads(truth)), "wrong_format"
            completions.append(text)
            truths.append(truth)
            kinds.append(kind)
    return completions[:n], truths[:n], kinds[:n]


THOUGHTS = [
    "The user wants {x}. I should call the tool with the right arguments.",
    "Let me check which function fits: {x} needs the date and the city.",
    "D'après la demande, il faut {x}; the units are metric.",
    "用户想要{x}\uff0c所以我需要调用工具。",
    "Two calls are needed here 🙂 — first {x}, then the conversion.",
]


def make_realistic_corpus(
    n: int = 10_000, seed: int = 4321
) -> tuple[list[str], list[str], list[str]]:
    """Model-like outputs: multi-line reasoning (some of it non-ASCII), blank
    lines between the blocks, pretty-printed or compact payloads, trailing
    ``<|im_end|>`` (sometimes ``<|endoftext|>`` after it), 1 to 4 calls.  Same
    shape as ``make_corpus``: about 60% correct, 25% a wrong value, 15% a
    broken format; ground truths repeat in groups of 5.
    """
    rng = random.Random(seed)
    completions: list[str] = []
    truths: list[str] = []
    kinds: list[str] = []
    while len(completions) < n:
        calls = [_call(rng) for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4]))]
        truth = json.dumps(calls)
        for _ in range(5):
            lines = [
                rng.choice(THOUGHTS).format(x=rng.choice(WORDS)) for _ in range(rng.randint(1, 6))
            ]
            think = "\n".join(lines)
            r = rng.random()
            pred = json.loads(truth)
            rng.shuffle(pred)
            if r < 0.6:
                kind = "correct"
            elif r < 0.85:
                pred, kind = _perturb_value(rng, pred), "wrong_value"
            else:
                kind = "wrong_format"
            indent = 2 if rng.random() < 0.3 else None
            payload = json.dumps(pred, indent=indent, ensure_ascii=rng.random() < 0.5)
            text = f"<think>\n{think}\n</think>\n\n<tool_call>\n{payload}\n</tool_call>"
            if kind == "wrong_format":
                text = rng.choice(
                    [
                        text.replace("<think>\n", "", 1).replace("\n</think>", "", 1),
                        text + "\nI have called the tool.",
                        text.replace("</tool_call>", ""),
                    ]
                )
            text += rng.choice(["<|im_end|>", "<|im_end|>", "<|im_end|>\n<|endoftext|>", ""])
            completions.append(text)
            truths.append(truth)
            kinds.append(kind)
    return completions[:n], truths[:n], kinds[:n]
