"""The Tool-N1 paper's augmentations, seeded: irrelevance samples and Hammer-style name masking.

* ``irrelevance(samples, share, rng)``: for about ``share`` of the xLAM
  samples, a copy whose answer's tools are removed and whose ground truth is
  ``[]`` (the model should call nothing); samples left with no tool are
  skipped, as in the paper (``data_augment_irrelevant``, share 0.15).
* ``mask_names(samples, share, rng)``: for about ``share`` of the xLAM
  samples, function and parameter names are replaced by random strings,
  consistently across the tools, their ``required`` lists and the answer
  (the paper's ``hammer_mask``, share 0.67, after Hammer).  The paper also
  rewrites default values and their mentions in the query; that rewrite is
  not done here (it edits the user's text by substring replacement).

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
