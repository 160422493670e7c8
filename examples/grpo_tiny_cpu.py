"""End-to-end evidence on CPU: GRPO with the binary tool-call reward teaches a tiny model to copy arguments.

1. Synthetic tool-calling data: four tools, requests from templates, the
   Tool-N1 system prompt (``toolreward.prompts``) rendered as ChatML.
2. A word-level tokenizer built from that data, and a randomly initialised
   Qwen2-architecture model (about 1.3M parameters).
3. A supervised warm-up on an *imperfect teacher*: every answer names the
   right function with the right argument, but 70% of them skip the
   reasoning block (``<tool_call>`` comes first), which the ``tool_n1``
   reward scores 0 (``missing_think``).  The warmed-up policy therefore
   writes mostly well-formed calls without reasoning: a low reward with
   some spread, the situation GRPO needs.
4. GRPO with ``toolreward.grpo.train`` (reward preset ``tool_n1``), with the
   held-out reward (sampled at the rollout temperature) before, during and after.

Run:  python examples/grpo_tiny_cpu.py --out runs/tiny
Results of a run are recorded in docs/grpo.md.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from pathlib import Path
from typing import Any

import torch
import transformers
from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers

from toolreward.grpo import config_from_dict, train
from toolreward.grpo.chat import render_chatml
from toolreward.grpo.plot import plot_run
from toolreward.prompts import tool_n1_system_prompt


def _fn(name: str, description: str, **props: str) -> dict[str, Any]:
    return {"name": name, "description": description, "parameters": {
        "type": "object", "properties": {k: {"type": t} for k, t in props.items()},
        "required": list(props)}}  # fmt: skip


TOOLS = [
    _fn("get_weather", "Current weather in a city.", city="string"),
    _fn("set_timer", "Start a timer.", minutes="integer"),
    _fn("send_email", "Send an email to a contact.", to="string"),
    _fn("play_song", "Play a song by an artist.", artist="string"),
]
CITIES = ["Paris", "Oslo", "Rome", "Lima", "Cairo", "Tokyo"]
NAMES = ["alice", "bob", "carol", "dave", "erin", "frank"]
ARTISTS = ["Adele", "Bach", "Queen", "Abba", "Shakira", "Mozart"]
MINUTES = [2, 5, 10, 15, 20, 30]
TEMPLATES = {
    "get_weather": ("city", CITIES, ["What is the weather in {v}?", "Is it raining in {v}?",
                                     "Weather for {v} please."]),
    "set_timer": ("minutes", MINUTES, ["Set a timer for {v} minutes.", "Timer: {v} minutes.",
                                       "Remind me in {v} minutes."]),
    "send_email": ("to", NAMES, ["Email {v} the report.", "Send a mail to {v}.",
                                 "Write to {v} about lunch."]),
    "play_song": ("artist", ARTISTS, ["Play something by {v}.", "I want to hear {v}.",
                                      "Put on a {v} song."]),
}  # fmt: skip


def make_record(rng: random.Random) -> dict[str, Any]:
    """One request and its ground-truth call."""
    name = rng.choice(list(TEMPLATES))
    key, values, templates = TEMPLATES[name]
    value = rng.choice(values)
    return {"prompt": rng.choice(templates).format(v=value), "tools": TOOLS,
            "ground_truth": [{"name": name, "arguments": {key: value}}]}  # fmt: skip


def answer(call: dict[str, Any]) -> str:
    """The Tool-N1-format answer for ``call``."""
    return (f"<think>The request needs {call['name']}.</think>\n"
            f"<tool_call>{json.dumps([call])}</tool_call>")  # fmt: skip


def teacher(record: dict[str, Any], rng: random.Random, skip_rate: float) -> str:
    """The imperfect teacher: the right call, but no reasoning block with probability ``skip_rate``."""
    call = record["ground_truth"][0]
    if rng.random() < skip_rate:
        return f"<tool_call>{json.dumps([call])}</tool_call>"
    return answer(call)


def messages(record: dict[str, Any]) -> list[dict[str, str]]:
    return [{"role": "system", "content": tool_n1_system_prompt(TOOLS)},
            {"role": "user", "content": record["prompt"]}]  # fmt: skip


PIECES = r"<\|im_start\|>|<\|im_end\|>|</?think>|</?tool_call>| ?\w+| ?[^\w\s]|\s"
SPECIALS = ["<pad>", "<eos>", "<unk>", "<|im_start|>", "<|im_end|>"]


def build_tokenizer(texts: list[str]) -> Any:
    """Word-level tokens (a word or a punctuation mark with its leading space), lossless here."""
    vocab = {t: i for i, t in enumerate(SPECIALS)}
    for text in texts:
        for piece in re.findall(PIECES, text):
            vocab.setdefault(piece, len(vocab))
    backend = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.Split(Regex(PIECES), behavior="isolated")
    backend.decoder = decoders.Fuse()
    return transformers.PreTrainedTokenizerFast(
        tokenizer_object=backend,
        pad_token="<pad>",
        eos_token="<|im_end|>",
        unk_token="<unk>",
        additional_special_tokens=["<|im_start|>"],
    )


def warm_up(model: Any, tokenizer: Any, pairs: list[tuple[str, str]], steps: int, batch: int,
            lr: float, seed: int) -> list[float]:  # fmt: skip
    """Supervised fine-tuning on (prompt, answer) pairs; loss on the answer and its end token."""
    rng = random.Random(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0)
    model.train()
    losses = []
    for step in range(steps):
        chunk = rng.sample(pairs, batch)
        rows, labels = [], []
        for prompt, target in chunk:
            p = tokenizer(prompt, add_special_tokens=False)["input_ids"]
            t = tokenizer(target + "<|im_end|>", add_special_tokens=False)["input_ids"]
            rows.append(p + t)
            labels.append([-100] * len(p) + t)
        width = max(map(len, rows))
        ids = torch.tensor([r + [0] * (width - len(r)) for r in rows])
        lab = torch.tensor([r + [-100] * (width - len(r)) for r in labels])
        att = (torch.arange(width) < torch.tensor([len(r) for r in rows]).unsqueeze(1)).long()
        loss = model(input_ids=ids, attention_mask=att, labels=lab).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad()
        losses.append(float(loss.detach()))
        if step % 50 == 0:
            print(f"warm-up step {step}: loss {loss.item():.3f}", flush=True)
    model.eval()
    return losses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="runs/tiny")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--skip-rate", type=float, default=0.7, help="teacher's no-reasoning rate")
    ap.add_argument("--warmup-steps", type=int, default=600)
    ap.add_argument("--grpo-steps", type=int, default=40)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--run-name", default="grpo", help="GRPO output folder inside --out")
    ap.add_argument(
        "--reuse-warmup",
        action="store_true",
        help="skip the warm-up and start from the model it saved in --out/sft",
    )
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)

    records = [make_record(rng) for _ in range(4000)]
    held_out = [make_record(rng) for _ in range(32)]
    for name, rows in (("train", records[2000:]), ("eval", held_out)):
        with (out / f"{name}.jsonl").open("w") as handle:
            for row in rows:
                handle.write(json.dumps(row) + "\n")
    pairs = [(render_chatml(messages(r)), teacher(r, rng, args.skip_rate)) for r in records[:2000]]
    tokenizer = build_tokenizer([p + a for p, a in pairs] + [render_chatml(messages(r))
                                                             for r in records + held_out])  # fmt: skip
    # Its own folder: next to a Qwen2 config.json, AutoTokenizer would load it as Qwen2's.
    tokenizer.save_pretrained(out / "tokenizer")
    print(
        f"vocabulary: {len(tokenizer)} tokens; prompt: "
        f"{len(tokenizer(pairs[0][0])['input_ids'])} tokens",
        flush=True,
    )

    warm_file = out / "warmup.json"
    if args.reuse_warmup:
        warm = json.loads(warm_file.read_text())
        print(f"reusing the warm-up in {out / 'sft'}: {warm}", flush=True)
    else:
        torch.manual_seed(args.seed)
        config = transformers.Qwen2Config(
            vocab_size=len(tokenizer), hidden_size=128, intermediate_size=256,
            num_hidden_layers=4, num_attention_heads=4, num_key_value_heads=2,
            max_position_embeddings=512, pad_token_id=0, eos_token_id=tokenizer.eos_token_id,
            bos_token_id=0, tie_word_embeddings=True,
        )  # fmt: skip
        model = transformers.Qwen2ForCausalLM(config)
        print(f"parameters: {sum(p.numel() for p in model.parameters()) / 1e6:.2f}M", flush=True)
        began_warm = time.perf_counter()
        losses = warm_up(model, tokenizer, pairs, args.warmup_steps, 16, 2e-3, args.seed)
        warm = {"steps": args.warmup_steps, "final_loss": losses[-1],
                "seconds": time.perf_counter() - began_warm}  # fmt: skip
        model.save_pretrained(out / "sft")
        warm_file.write_text(json.dumps(warm, indent=2))

    grpo = config_from_dict({
        "model": {"name_or_path": str(out / "sft"), "tokenizer": str(out / "tokenizer")},
        "data": {"train": str(out / "train.jsonl"), "eval": str(out / "eval.jsonl")},
        "rollout": {"prompts_per_step": 8, "num_generations": 8, "temperature": 0.7,
                    "max_new_tokens": 48},
        "reward": {"preset": "tool_n1"},
        "loss": {"kl_coef": 1e-3},
        "optim": {"lr": 2e-4, "micro_batch_size": 32},
        "eval": {"every": 10, "temperature": 0.7, "num_generations": 4},
        "run": {"output_dir": str(out / args.run_name), "steps": args.grpo_steps, "seed": args.seed,
                "save_every": 0, "resume": False, "threads": args.threads},
    })  # fmt: skip
    rl = time.perf_counter()
    result = train(grpo)
    rl_s = time.perf_counter() - rl
    plot_run(result.run_dir)
    evals = [(row["step"], row["eval/reward"]) for row in result.metrics if "eval/reward" in row]
    summary = {
        "parameters_m": result.policy.model.num_parameters() / 1e6,
        "warmup_steps": warm["steps"], "warmup_final_loss": warm["final_loss"],
        "warmup_s": warm["seconds"], "grpo_steps": args.grpo_steps, "grpo_s": rl_s,
        "total_cpu_s": warm["seconds"] + rl_s,
        "eval_reward_before": evals[0][1], "eval_reward_after": evals[-1][1], "eval_curve": evals,
        "train_reward_curve": [row["reward/mean"] for row in result.metrics if "reward/mean" in row],
    }  # fmt: skip
    (out / f"summary-{args.run_name}.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps({k: v for k, v in summary.items() if not k.endswith("curve")}, indent=2))


if __name__ == "__main__":
    main()
