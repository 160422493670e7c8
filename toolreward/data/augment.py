"""The Tool-N1 paper's augmentations, seeded: irrelevance samples and Hammer-style name masking.

* ``irrelevance(samples, share, rng)``: for about ``share`` of the xLAM
  samples, a copy whose answer's tools are removed and whose ground truth is
  ``[]`` (the model should call nothing); samples left with no tool are
  skipped, as in the paper (``data_augment_irrelevant``, share 0.15).
* ``mask_names(samples, share, rng)``: for about ``share`` of the xLAM
  samples, function and parameter names are replaced by random strings,
  consistently across the tools, their ``required`` lists and the answer
  (the paper's ``hammer_mask``, share 0.67, after Hammer).  Then, as the
  paper's ``replace_param_default_values_news`` does, each default value
  that an answer call uses is replaced by a random one: an integer plus 1
  to 4, a float plus a random fraction, a string by 5 random characters.
  The new value replaces the old in the parameter's default and
  description, in the answer's arguments that equal it, and in the user's
  messages by substring replacement (also capitalised, lower and upper
  case), as in the paper, so ``"game"`` in ``"games"`` is rewritten too.
  Unlike the paper, booleans are left alone (its rule turns ``True`` into a
  float) and a value is only replaced where it has the default's type
  (``1`` never stands for ``True``).

Both return new samples and never change their input.

>>> import random
>>> from toolreward.data.sources import Sample
>>> s = Sample("xlam", "f:1", [{"role": "user", "content": "q"}],
...            [{"type": "function", "function": {"name": "f", "parameters": {
...              "type": "object", "properties": {"a": {}}, "required": ["a"]}}}],
...            [{"name": "f", "arguments": {"a": 1}}])
>>> masked = mask_names([s], 1.0, random.Random(0))[0]
>>> masked.answer[0]["name"] == masked.tools[0]["function"]["name"] != "f"
True
"""

from __future__ import annotations

import copy
import random
import string
from typing import Any

from .sources import Sample

_LETTERS = string.ascii_letters + string.digits + "_"


def irrelevance(samples: list[Sample], share: float, rng: random.Random) -> list[Sample]:
    """Irrelevance copies of about ``share`` of the xLAM samples (see module docstring)."""
    pool = [s for s in samples if s.source == "xlam" and s.answer]
    out = []
    for sample in rng.sample(pool, min(len(pool), round(share * len(pool)))):
        used = {c["name"] for c in sample.answer}
        tools = [t for t in sample.tools if t["function"]["name"] not in used]
        if not tools:
            continue
        copy_ = copy.deepcopy(sample)
        copy_.tools, copy_.answer = tools, []
        copy_.tags = [*copy_.tags, "irrelevance"]
        out.append(copy_)
    return out


def mask_names(samples: list[Sample], share: float, rng: random.Random) -> list[Sample]:
    """``samples`` with about ``share`` of the xLAM ones name-masked (see module docstring)."""
    out = []
    for sample in samples:
        if sample.source == "xlam" and rng.random() < share:
            out.append(_masked(sample, rng))
        else:
            out.append(sample)
    return out


def _name(rng: random.Random, low: int, high: int, taken: set[str]) -> str:
    while True:
        name = rng.choice(string.ascii_letters) + "".join(
            rng.choice(_LETTERS) for _ in range(rng.randint(low, high) - 1)
        )
        if name not in taken:
            taken.add(name)
            return name


def _masked(sample: Sample, rng: random.Random) -> Sample:
    masked = _renamed(sample, rng)
    _rewrite_defaults(masked, rng)
    return masked


def _renamed(sample: Sample, rng: random.Random) -> Sample:
    masked = copy.deepcopy(sample)
    names: dict[str, str] = {}
    taken: set[str] = set()
    params: dict[str, dict[str, str]] = {}
    for tool in masked.tools:
        spec = tool["function"]
        old = spec["name"]
        new = names.setdefault(old, _name(rng, 5, 15, taken))
        spec["name"] = new
        schema: dict[str, Any] = spec.get("parameters") or {}
        props = schema.get("properties") or {}
        renamed = params.setdefault(new, {})
        for param in list(props):
            renamed.setdefault(param, _name(rng, 4, 10, set(renamed.values())))
        schema["properties"] = {renamed[k]: v for k, v in props.items()}
        if isinstance(schema.get("required"), list):
            schema["required"] = [renamed.get(k, k) for k in schema["required"]]
    for call in masked.answer:
        new = names.get(call["name"], call["name"])
        renamed = params.get(new, {})
        call["name"] = new
        call["arguments"] = {renamed.get(k, k): v for k, v in call["arguments"].items()}
    masked.tags = [*masked.tags, "masked"]
    return masked


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _new_default(value: Any, rng: random.Random) -> Any:
    if type(value) is int:
        return value + rng.randint(1, 4)
    if type(value) is float:
        return value + rng.random()
    return "".join(rng.choice(_LETTERS + ".") for _ in range(5))


def _rewrite_defaults(sample: Sample, rng: random.Random) -> None:
    """Replace, in place, each default value that an answer call uses (see module docstring)."""
    for tool in sample.tools:
        spec = tool["function"]
        props = (spec.get("parameters") or {}).get("properties") or {}
        calls = [c for c in sample.answer if c["name"] == spec["name"]]
        for param, info in props.items():
            if not isinstance(info, dict) or "default" not in info:
                continue
            old = info["default"]
            if type(old) not in (int, float, str) or old == "":
                continue
            used = [
                c for c in calls if param in c["arguments"] and _same(c["arguments"][param], old)
            ]
            if not used:
                continue
            new = _new_default(old, rng)
            info["default"] = new
            if isinstance(info.get("description"), str):
                info["description"] = info["description"].replace(str(old), str(new))
            for call in used:
                call["arguments"][param] = new
            for message in sample.messages:
                if message.get("role") == "user" and isinstance(message.get("content"), str):
                    message["content"] = _replace_mentions(message["content"], str(old), str(new))


def _replace_mentions(text: str, old: str, new: str) -> str:
    for convert in (str, str.capitalize, str.lower, str.upper):
        text = text.replace(convert(old), convert(new))
    return text
