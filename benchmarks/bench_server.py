"""Bounded load test of the reward server on loopback.

Run: ``python benchmarks/bench_server.py [--requests 400] [--batch 64] [--concurrency 16]``

Starts ``toolreward serve`` on a free loopback port, sends ``POST /get_reward``
requests with batches of corpus completions from ``--concurrency`` threads,
and reports requests/s, samples/s, p50/p99 latency and the error count.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    completions, truths, _ = make_corpus(args.batch * 20)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "toolreward.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ]
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/health", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        bodies = []
        for i in range(20):
            lo = i * args.batch
            bodies.append(
                json.dumps(
                    {
                        "query": completions[lo : lo + args.batch],
                        "labels": truths[lo : lo + args.batch],
                    }
                ).encode()
            )
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()
        counter = iter(range(args.requests))

        def worker() -> None:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                req = urllib.request.Request(
                    url + "/get_reward",
                    data=bodies[i % len(bodies)],
                    headers={"Content-Type": "application/json"},
                )
                t0 = time.perf_counter()
                try:
                    with urllib.request.urlopen(req, timeout=60) as resp:
                        out = json.loads(resp.read())
                        ok = resp.status == 200 and len(out["rewards"]) == args.batch
                except Exception:
                    ok = False
                with lock:
                    latencies.append(time.perf_counter() - t0)
                    errors[0] += not ok

        t0 = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1e3
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1e3
    print(
        f"{args.requests} requests x {args.batch} samples, concurrency {args.concurrency}, "
        f"{args.workers} scoring processes"
    )
    print(
        f"{args.requests / elapsed:.1f} requests/s, {args.requests * args.batch / elapsed:.0f} "
        f"samples/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms, errors {errors[0]}"
    )


if __name__ == "__main__":
    main()
