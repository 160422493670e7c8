"""An independent, regex-based statement of the paper's released reward.

It follows the published rules of ``compute_score_v0`` literally (lazy regex,
last block, ``json.loads``, ``Counter`` of ``json.dumps(sort_keys=True)``),
including its crashes, which are reported as the string ``"raises"``.  The
``tool_n1`` preset must agree with it wherever it does not raise.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

_BLOCK = re.compile(r"<tool_call>(.*?)</tool_call>", re.DOTALL)


def paper_reward(completion: str, ground_truth: str) -> float | str:
    marker = completion.rfind("<|im_start|>assistant")
    text = completion[marker:] if marker != -1 else completion
    blocks = list(_BLOCK.finditer(text))
    result: Any = None
    if blocks:
        try:
            result = json.loads(blocks[-1].group(1).strip())
        except json.JSONDecodeError:
            result = None
        except (ValueError, RecursionError):
            return "raises"
    if isinstance(result, str):
        try:
            result = json.loads(result)
        except json.JSONDecodeError:
            result = None
        except (ValueError, RecursionError):
            return "raises"
    if isinstance(result, dict):
        result = [result]
    answer = json.loads(ground_truth)
    if result is not None and ("<think>" not in text or "</think>" not in text):
        return 0.0
    if result is None:
        return 0.0
    try:
        for item in result:
            if not isinstance(item, dict):
                return 0.0
        for item in result:
            if "name" not in item or "arguments" not in item:
                return 0.0
    except TypeError:
        return "raises"
    if len(result) == 0 or len(answer) == 0:
        return 1.0 if len(result) == len(answer) else 0.0
    try:
        got = Counter((x["name"], json.dumps(x["arguments"], sort_keys=True)) for x in result)
        want = Counter((x["name"], json.dumps(x["arguments"], sort_keys=True)) for x in answer)
    except TypeError:
        return 0.0
    return 1.0 if got == want else 0.0
