"""``toolreward eval``: generate answers to BFCL's test entries with a model, write BFCL
result files, and score them as ``toolreward bfcl`` does.

The prompt is the one the model was trained with (``toolreward.grpo``): the
Tool-N1 system prompt listing the entry's functions (``toolreward.prompts``),
then the entry's question, rendered by the tokenizer's chat template
(ChatML without one).  Generation is greedy, batched, with a KV cache
(``toolreward.grpo.rollout.sample``), each answer limited to
``max_new_tokens``.

Each answer is read in the Tool-N1 format (a think block optional): its
calls are written as an FC model's result, ``[{"name": "{json args}"}]``
(``[]`` for an explicit "no call"); an answer that does not read is written
as its text, which BFCL's FC decoders, and ours, count as no call.  The raw
text is kept beside it (``"raw"``).  Result files are
``OUT/result/<model>/<group>/BFCL_v4_<category>_result.json``; entries
already there are skipped, so an interrupted run resumes (a line cut off by
the interruption is removed and its entry answered again).  The table is
``toolreward bfcl``'s on the same files.

Two generators map a batch of chats to answers, on the same prompt token
ids: ``transformers_generator`` (the training loop's sampler) and
``vllm_generator`` (vLLM's offline engine, ``vllm.LLM``, greedy, the token
ids passed as ``{"prompt_token_ids": ...}`` so that vLLM adds nothing to
the rendering, special tokens kept in the text as the training loop keeps
them).  ``toolreward eval --backend auto`` takes vLLM when it is importable
and the device is not the CPU.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..parse import parse
from ..prompts import tool_n1_system_prompt
from .data import BfclData, Entry, find_data
from .run import _group

DEFAULT_CATEGORIES = ("simple_python", "multiple", "parallel", "parallel_multiple",
                      "irrelevance")  # fmt: skip


@dataclass(frozen=True)
class EvalOptions:
    """What to generate.

    Attributes:
        version: ``"v4"`` (bfcl-eval) or ``"v3"`` (nvidia-bfcl) test data.
        data: a BFCL data directory instead of the installed package's.
        categories: the categories to answer (single-turn ones).
        limit: answer only the first ``limit`` entries of each category.
        max_new_tokens: the longest answer, in tokens.
        batch_size: prompts generated together.
        model_name: the result folder's name.
    """

    version: str = "v4"
    data: str | None = None
    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    limit: int | None = None
    max_new_tokens: int = 512
    batch_size: int = 8
    model_name: str = "model"


def prompt_messages(entry: Entry) -> list[dict[str, str]]:
    """The chat of one entry: the Tool-N1 system prompt with its functions, then the question."""
    turns = entry.question or [[]]
    messages = [m for m in turns[0] if isinstance(m, dict)]
    preamble = ""
    if messages and messages[0].get("role") == "system":
        preamble, messages = str(messages[0].get("content", "")), messages[1:]
    system = tool_n1_system_prompt(list(entry.function or []), preamble)
    chat = [{"role": str(m["role"]), "content": str(m["content"])} for m in messages]
    return [{"role": "system", "content": system}, *chat]


def as_result(text: str) -> Any:
    """An answer as a BFCL FC result: its calls when it reads in the Tool-N1 format, else text."""
    parsed = parse(text, format="tool_n1", think="optional", allow_empty_think=True)
    if parsed.error is not None or parsed.calls is None:
        return text
    return [{c.name: json.dumps(c.arguments, ensure_ascii=False)} for c in parsed.calls]


Generate = Callable[[list[list[dict[str, str]]]], list[str]]


def generate_results(
    generate: Generate,
    out_dir: str | Path,
    options: EvalOptions = EvalOptions(),
    progress: bool = True,
) -> Path:
    """Answer every selected entry not yet answered; returns the result directory.

    ``generate`` maps a batch of chats to answer texts (``transformers_generator``
    builds one from a model and tokenizer).
    """
    data = find_data(options.version, options.data)
    model_dir = Path(out_dir) / "result" / options.model_name
    for category in options.categories:
        entries = list(data.entries(category).values())[: options.limit]
        if not entries:
            raise ValueError(f"BFCL {options.version} has no category {category!r}")
        path = model_dir / _group(category) / f"{data.version.prefix}_{category}_result.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        done = _answered(path)
        todo = [e for e in entries if e.id not in done]
        for start in range(0, len(todo), options.batch_size):
            batch = todo[start : start + options.batch_size]
            texts = generate([prompt_messages(e) for e in batch])
            with path.open("a", encoding="utf-8") as f:
                for entry, text in zip(batch, texts):
                    row = {"id": entry.id, "result": as_result(text), "raw": text}
                    f.write(json.dumps(row, ensure_ascii=False) + "\n")
            if progress:
                done_now = len(done) + min(start + options.batch_size, len(todo))
                print(f"\r{category}: {done_now}/{len(entries)}", end="", file=sys.stderr)
        if progress:
            print(f"\r{category}: {len(entries)}/{len(entries)} done", file=sys.stderr)
    return model_dir


def _answered(path: Path) -> set[str]:
    """The ids already answered in ``path``.  A last line cut off by an interrupted
    write (no final newline, not JSON) is removed, so its entry is answered again."""
    if not path.exists():
        return set()
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if lines and not text.endswith("\n"):
        try:
            json.loads(lines[-1])
        except ValueError:
            lines = lines[:-1]
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    ids = set()
    for line in lines:
        try:
            ids.add(json.loads(line)["id"])
        except (ValueError, KeyError, TypeError):
            continue  # another program's line: left for the scorer to report
    return ids


def prompt_ids(tokenizer: Any, chat: list[dict[str, str]]) -> list[int]:
    """The token ids of one chat's prompt, rendered as in training (``render_prompt``)."""
    from ..grpo.chat import render_prompt

    return list(tokenizer(render_prompt(tokenizer, chat), add_special_tokens=False)["input_ids"])


def vllm_generator(model: str, tokenizer: Any, max_new_tokens: int, **engine: Any) -> Generate:
    """Greedy generation with vLLM's offline engine on ``model`` (a local folder or hub name).

    ``tokenizer`` renders and encodes the prompts (the same ids as the
    transformers path); ``engine`` goes to ``vllm.LLM`` (e.g.
    ``tensor_parallel_size``, ``gpu_memory_utilization``).
    """
    import vllm  # type: ignore[import-not-found]

    llm = vllm.LLM(model=model, tokenizer=getattr(tokenizer, "name_or_path", None) or model,
                   **engine)  # fmt: skip
    params = vllm.SamplingParams(
        temperature=0.0, max_tokens=max_new_tokens, skip_special_tokens=False
    )

    def generate(chats: Iterable[list[dict[str, str]]]) -> list[str]:
        prompts = [{"prompt_token_ids": prompt_ids(tokenizer, chat)} for chat in chats]
        outputs = llm.generate(prompts, params, use_tqdm=False)
        return [str(out.outputs[0].text) for out in outputs]

    return generate


def transformers_generator(
    model: Any, tokenizer: Any, max_new_tokens: int, batch_size: int
) -> Generate:
    """Greedy batched generation with the training loop's sampler."""
    from ..grpo.rollout import sample

    eos = [tokenizer.eos_token_id]
    generation = getattr(model, "generation_config", None)
    if generation is not None and generation.eos_token_id is not None:
        extra = generation.eos_token_id
        eos += extra if isinstance(extra, list) else [extra]
    eos_ids = tuple(dict.fromkeys(i for i in eos if i is not None))
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else eos_ids[0]

    def generate(chats: Iterable[list[dict[str, str]]]) -> list[str]:
        prompts = [prompt_ids(tokenizer, chat) for chat in chats]
        model.eval()
        rollout = sample(model, tokenizer, prompts, eos_ids=eos_ids, pad_id=pad,
                         max_new_tokens=max_new_tokens, temperature=0.0,
                         batch_size=batch_size)  # fmt: skip
        return rollout.texts

    return generate


__all__ = ["BfclData", "EvalOptions", "as_result", "generate_results", "prompt_ids",
           "prompt_messages", "transformers_generator", "vllm_generator"]  # fmt: skip
