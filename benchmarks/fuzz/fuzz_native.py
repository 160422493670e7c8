"""Mutation fuzzing of the compiled core under AddressSanitizer and UBSan, with a soundness check.

Builds ``toolreward/_speedups.c`` with ``-fsanitize=address,undefined`` into a
temporary folder (needs gcc), re-runs itself with the sanitizer runtime
preloaded, and feeds both judges mutated completions: the benchmark corpora
and the hostile shapes, with tags, escapes, numbers, lone surrogates and
pieces of other completions inserted, deleted and cut.  A memory error
aborts the run with the sanitizer's report; a proof that the pure-Python
scorer does not confirm (reward 1 for ``True``; reward 0 of a valid response
for ``False``) fails it.

Run::

    python benchmarks/fuzz/fuzz_native.py --inputs 60000
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIECES = [
    "<think>", "</think>", "<tool_call>", "</tool_call>", '"name"', '"arguments"', "\\u",
    "\\ud800", "<|im_end|>", "[INST]", "<|im_start|>assistant", "true", "null", "1e5", "0.5",
    "-0", "{", "}", "[", "]", '"', ",", ":", "\\", "\n", "\u00e9", "\ud800",
]  # fmt: skip


def build(folder: Path) -> Path:
    out = folder / ("_speedups" + sysconfig.get_config_var("EXT_SUFFIX"))
    source = ROOT / "toolreward" / "_speedups.c"
    flags = ["-shared", "-fPIC", "-g", "-O1", "-fno-omit-frame-pointer",
             "-fsanitize=address,undefined", "-fno-sanitize-recover=undefined"]  # fmt: skip
    include = ["-I", sysconfig.get_paths()["include"]]
    subprocess.run(["gcc", *flags, *include, str(source), "-o", str(out)], check=True)
    return out


def fuzz(library: Path, inputs: int, seed: int) -> None:
    import importlib.util

    sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks"), str(ROOT / "tests")]
    spec = importlib.util.spec_from_file_location("_speedups", library)
    assert spec is not None and spec.loader is not None
    core = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(core)
    from corpus import make_corpus, make_realistic_corpus
    from hostile_shapes import SHAPES, truth_for

    import toolreward.presets.strict as strict_module
    from toolreward.ground_truth import load_ground_truth
    from toolreward.match import canonical_gold, typed_gold
    from toolreward.presets.tool_n1 import judge_paper
    from toolreward.tags import END_TOKENS, TURN_MARKERS

    core.configure(tuple(END_TOKENS), tuple(TURN_MARKERS))
    strict_module.strict_judge = None
    pure_strict = strict_module.build({})
    texts: list[str] = []
    truths: list[str] = []
    for make in (make_corpus, make_realistic_corpus):
        completions, gold, _ = make(3000)
        texts += completions
        truths += gold
    for _, build_shape, options in SHAPES:
        if options:  # another format or preset's shape
            continue
        for n in (10, 100, 5000):
            texts.append(build_shape(n))
            truths.append(truth_for(options))
    rng = random.Random(seed)
    proofs = {True: 0, False: 0}
    for _ in range(inputs):
        pick = rng.randrange(len(texts))
        chars = list(texts[pick])
        for _ in range(rng.randint(0, 6)):
            pos = rng.randint(0, len(chars))
            op = rng.random()
            if op < 0.4:
                chars[pos:pos] = list(rng.choice(PIECES))
            elif op < 0.7 and chars:
                del chars[min(pos, len(chars) - 1)]
            else:
                chars[pos:pos] = list(rng.choice(texts)[: rng.randint(0, 50)])
        text = "".join(chars)
        if rng.random() < 0.05:
            text = text[: rng.randint(0, len(text))]
        truth = load_ground_truth(truths[pick])
        proven = {True: (1.0, True, True), False: (0.0, True, False)}
        proof = core.tool_n1_judge(text, typed_gold(truth)[0])
        if proof is not None:
            proofs[proof] += 1
            assert judge_paper(text, truth)[:3] == proven[proof], text
        gold = canonical_gold(truth)
        proof = None if gold is None else core.strict_judge(text, gold)
        if proof is not None:
            proofs[proof] += 1
            assert pure_strict(text, truth, None)[:3] == proven[proof], text
    print(f"{inputs} inputs, {proofs[True]} passes and {proofs[False]} wrong answers proven,",
          "all confirmed by the Python scorers; no sanitizer report")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", type=int, default=60_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--library", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.library:
        fuzz(Path(args.library), args.inputs, args.seed)
        return
    with tempfile.TemporaryDirectory() as folder:
        library = build(Path(folder))
        runtime = subprocess.run(["gcc", "-print-file-name=libasan.so"], capture_output=True,
                                 text=True, check=True).stdout.strip()  # fmt: skip
        env = {**os.environ, "LD_PRELOAD": runtime, "ASAN_OPTIONS": "detect_leaks=0"}
        command = [sys.executable, __file__, "--inputs", str(args.inputs), "--seed",
                   str(args.seed), "--library", str(library)]  # fmt: skip
        sys.exit(subprocess.run(command, env=env).returncode)


if __name__ == "__main__":
    main()
