"""Time per GRPO step: toolreward.grpo against TRL's GRPOTrainer, same model, prompts and settings.

Both sides train the same randomly initialised tiny Qwen2 (same seed) on the
same prompts with the same reward (``toolreward.score``, preset ``tool_n1``),
with matched hyperparameters: 4 prompts x 4 completions per step, 32 new
tokens at temperature 1.0, AdamW lr 1e-5, grad clipping 1.0, k3 KL with
coefficient 1e-3 against a frozen reference, clipped loss eps 0.2 with
token-mean aggregation (TRL ``loss_type="bnpo"``), one update per batch,
one process, ``torch.set_num_threads(THREADS)``.

A step's time is measured from its start to its end (rollout, reward,
reference log-probs, update); the first ``WARMUP`` steps are dropped and the
median of the rest is reported.  The two trainers alternate ``ROUNDS``
times so that machine noise hits both alike.

Run:  python benchmarks/bench_grpo_vs_trl.py [--steps 12] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import string
import tempfile
import time
from pathlib import Path
from typing import Any

import torch
import transformers

PROMPTS_PER_STEP, GENERATIONS, NEW_TOKENS, LR, BETA = 4, 4, 32, 1e-5, 1e-3
WARMUP = 2


def tokenizer() -> Any:
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers

    specials = ["<pad>", "<eos>", "<unk>"]
    vocab = {t: i for i, t in enumerate(specials + list(string.printable))}
    backend = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.Split(Regex("."), behavior="isolated")
    backend.decoder = decoders.Fuse()
    tok = transformers.PreTrainedTokenizerFast(
        tokenizer_object=backend, pad_token="<pad>", eos_token="<eos>", unk_token="<unk>"
    )
    # The prompt text is the user's message itself on both sides.
    tok.chat_template = "{{ messages[-1]['content'] }}"
    return tok


def model(vocab: int, work: Path) -> str:
    """Save the seeded model once; both trainers load it (TRL loads its reference from it)."""
    path = work / "model"
    if path.exists():
        return str(path)
    torch.manual_seed(0)
    config = transformers.Qwen2Config(
        vocab_size=vocab, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512,
        pad_token_id=0, eos_token_id=1, bos_token_id=1,
    )  # fmt: skip
    transformers.Qwen2ForCausalLM(config).save_pretrained(path)
    return str(path)


def records(n: int = 64) -> list[dict[str, Any]]:
    cities = ["Oslo", "Rome", "Lima", "Kyiv", "Baku", "Riga", "Bern", "Doha"]
    return [{"prompt": f"Call get_weather for the weather in {cities[i % 8]}, please. Answer:",
             "ground_truth": json.dumps([{"name": "get_weather",
                                          "arguments": {"city": cities[i % 8]}}])}
            for i in range(n)]  # fmt: skip


LENGTHS: dict[str, list[float]] = {"ours": [], "trl": []}


def run_ours(steps: int, work: Path) -> list[float]:
    from toolreward.grpo import config_from_dict, train

    data = work / "train.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records()))
    tok = tokenizer()
    config = config_from_dict({
        "model": {"name_or_path": model(len(tok), work)},
        "data": {"train": str(data), "system_prompt": "keep", "shuffle": False},
        "rollout": {"prompts_per_step": PROMPTS_PER_STEP, "num_generations": GENERATIONS,
                    "temperature": 1.0, "max_new_tokens": NEW_TOKENS},
        "reward": {"preset": "tool_n1"},
        "loss": {"kl_coef": BETA, "agg": "token-mean"},
        "optim": {"lr": LR, "micro_batch_size": PROMPTS_PER_STEP * GENERATIONS},
        "run": {"output_dir": str(work / "ours"), "steps": steps, "save_every": 0,
                "resume": False, "progress": False},
    })  # fmt: skip
    result = train(config, tokenizer=tok)
    LENGTHS["ours"] += [row["response/length_mean"] for row in result.metrics]
    return [row["time/step_s"] for row in result.metrics]


def run_trl(steps: int, work: Path) -> list[float]:
    import datasets
    import trl

    from toolreward.integrations.trl import ToolCallReward

    marks: list[float] = []

    class Clock(transformers.TrainerCallback):
        def on_step_begin(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            marks.append(time.perf_counter())

        def on_step_end(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            marks.append(time.perf_counter())

    tok = tokenizer()
    args = trl.GRPOConfig(
        output_dir=str(work / "trl"), per_device_train_batch_size=PROMPTS_PER_STEP * GENERATIONS,
        num_generations=GENERATIONS, max_completion_length=NEW_TOKENS, temperature=1.0,
        top_p=1.0, learning_rate=LR, beta=BETA, loss_type="bnpo", epsilon=0.2,
        max_grad_norm=1.0, max_steps=steps, logging_steps=1, report_to=[], use_cpu=True,
        bf16=False, save_strategy="no", gradient_accumulation_steps=1, num_iterations=1,
        lr_scheduler_type="constant", warmup_steps=0, weight_decay=0.0, adam_beta1=0.9,
        adam_beta2=0.999, shuffle_dataset=False, seed=0,
    )  # fmt: skip
    trainer = trl.GRPOTrainer(
        model=model(len(tok), work), reward_funcs=[ToolCallReward(preset="tool_n1")], args=args,
        train_dataset=datasets.Dataset.from_list(records()), processing_class=tok,
        callbacks=[Clock()],
    )  # fmt: skip
    trainer.train()
    LENGTHS["trl"] += [row["completions/mean_length"] for row in trainer.state.log_history
                       if "completions/mean_length" in row]  # fmt: skip
    return [marks[i + 1] - marks[i] for i in range(0, len(marks) - 1, 2)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=12)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json", help="write the figures to this file")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as tmp:
            ours += run_ours(args.steps, Path(tmp))[WARMUP:]
            theirs += run_trl(args.steps, Path(tmp))[WARMUP:]
    figures = {
        "threads": args.threads, "steps_timed": len(ours),
        "ours_median_s": statistics.median(ours), "trl_median_s": statistics.median(theirs),
        "ratio_ours_over_trl": statistics.median(ours) / statistics.median(theirs),
        "ours_mean_completion_tokens": statistics.mean(LENGTHS["ours"]),
        "trl_mean_completion_tokens": statistics.mean(LENGTHS["trl"]),
        "torch": torch.__version__, "transformers": transformers.__version__,
    }  # fmt: skip
    import trl

    figures["trl"] = trl.__version__
    print(json.dumps(figures, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
