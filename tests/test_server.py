"""The reward server, started on loopback in a subprocess and exercised over real HTTP."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

GT = json.dumps([{"name": "f", "arguments": {"a": 1}}])
GOOD = '<think>r</think><tool_call>[{"name": "f", "arguments": {"a": 1}}]</tool_call>'
PROMPT = "<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "toolreward.cli", "serve", "--port", str(port), "--workers", "2",
         "--max-batch", "100", "--max-body-bytes", "200000"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/health", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError("the server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def post(url: str, body: Any, raw: bytes | None = None) -> tuple[int, dict]:
    data = raw if raw is not None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_health(server: str) -> None:
    with urllib.request.urlopen(server + "/health") as resp:
        assert json.loads(resp.read())["status"] == "ok"


def test_get_reward(server: str) -> None:
    status, out = post(server + "/get_reward", {
        "query": [PROMPT + GOOD + "<|im_end|>", PROMPT + "no<|im_end|>"],
        "prompts": [PROMPT, PROMPT], "labels": [GT, GT]})  # fmt: skip
    assert status == 200
    assert out["rewards"] == [1.0, 0.0] and out["scores"] == [1.0, 0.0]
    assert out["extra_logs"]["format_ok"] == [1.0, 0.0]


def test_get_reward_with_options(server: str) -> None:
    text = GOOD.replace("<think>r</think>", "")
    status, out = post(server + "/get_reward", {"query": [text], "prompts": [""], "labels": [GT],
                                                "options": {"think": "optional"}})  # fmt: skip
    assert status == 200 and out["rewards"] == [1.0]


def test_score_records_keeps_bad_ones(server: str) -> None:
    status, out = post(server + "/score", {"records": [
        {"id": "a", "completion": GOOD, "ground_truth": GT},
        {"id": "b", "completion": GOOD},
        "not a record",
        {"id": "d", "completion": GOOD, "ground_truth": [{"name": "f"}]},
    ]})  # fmt: skip
    assert status == 200
    reasons = [v["reason"] for v in out["verdicts"]]
    assert reasons == ["ok", "bad_record", "bad_record", "bad_record"]
    assert [v["index"] for v in out["verdicts"]] == [0, 1, 2, 3]
    assert "ground_truth[0]" in out["verdicts"][3]["detail"]


@pytest.mark.parametrize(
    ("path", "body", "raw", "status", "message"),
    [
        ("/get_reward", None, b"{not json", 400, "not JSON"),
        ("/get_reward", [1, 2], None, 400, "JSON object"),
        ("/get_reward", {"query": "x", "labels": []}, None, 400, "'query' must be a list"),
        ("/get_reward", {"query": ["a"], "labels": []}, None, 400, "same length"),
        ("/get_reward", {"query": [1], "labels": [GT]}, None, 400, "must be a string"),
        (
            "/get_reward",
            {"query": ["a"], "labels": [GT], "preset": "nope"},
            None,
            422,
            "unknown preset",
        ),
        ("/get_reward", {"query": ["a"], "labels": ['[{"name": 1}]']}, None, 422, "sample 0"),
        ("/get_reward", {"query": ["a"] * 101, "labels": [GT] * 101}, None, 413, "exceed 100"),
        ("/score", {"records": [], "options": {"bogus": 1}}, None, 422, "unknown option"),
        ("/score", None, b"x" * 300000, 413, "exceeds"),
        ("/get_reward", {"query": ["a"], "prompts": [5], "labels": [GT]}, None, 400, "prompts[0]"),
        ("/get_reward", {"query": ["a", 5], "labels": [GT, GT]}, None, 400, "query[1]"),
        ("/get_reward", None, b"[" * 50000, 400, "nested too deeply"),
        ("/get_reward", None, b'{"query": [1' + b"0" * 5000 + b"]}", 400, "digits"),
        ("/score", None, b"\xff\xfe{}", 400, "not JSON"),
    ],
)
def test_bad_requests(server: str, path: str, body: Any, raw: bytes | None, status: int,
                      message: str) -> None:  # fmt: skip
    got, out = post(server + path, body, raw)
    assert got == status
    assert message in out["error"]


def test_server_survives_everything(server: str) -> None:
    for text in ["<tool_call>" * 5000, "\x00\ud7ff", "[" * 10000]:
        status, out = post(server + "/get_reward", {"query": [text], "labels": [GT]})
        assert status == 200 and out["rewards"] == [0.0]
    with urllib.request.urlopen(server + "/health") as resp:
        assert resp.status == 200


def test_hostile_samples_never_give_500(server: str) -> None:
    hostile = ['<think>r</think><tool_call>["\\ud800"]</tool_call>', "\ud800", "\udfff<think>"]
    status, out = post(server + "/get_reward", {"query": hostile, "labels": [GT] * 3})
    assert status == 200 and out["rewards"] == [0.0, 0.0, 0.0]
    records = [{"id": "\ud800", "completion": text, "ground_truth": GT} for text in hostile]
    status, out = post(server + "/score", {"records": records})
    assert status == 200 and [v["id"] for v in out["verdicts"]] == ["\ud800"] * 3


def test_work_stops_past_the_deadline() -> None:
    from toolreward.integrations.openrlhf import reward_values
    from toolreward.server import score_records

    past = time.time() - 1
    with pytest.raises(TimeoutError, match="sample 0"):
        reward_values([GOOD], None, [GT], deadline=past)
    with pytest.raises(TimeoutError, match="record 0"):
        score_records([{"completion": GOOD, "ground_truth": GT}], "strict", {}, past)
    assert reward_values([GOOD], None, [GT], deadline=time.time() + 60)["rewards"] == [1.0]


def test_one_failing_sample_is_contained(monkeypatch: pytest.MonkeyPatch) -> None:
    from toolreward.integrations import openrlhf

    real = openrlhf.score_row

    def flaky(text: str, *args: Any) -> Any:
        if text == "boom":
            raise RuntimeError("a bug")
        return real(text, *args)

    monkeypatch.setattr(openrlhf, "score_row", flaky)
    values = openrlhf.reward_values([GOOD, "boom", GOOD], None, [GT] * 3, contain_errors=True)
    assert values["rewards"] == [1.0, 0.0, 1.0]
    assert values["extra_logs"]["reason/internal_error"] == [0.0, 1.0, 0.0]
    with pytest.raises(RuntimeError):  # the training adapter itself fails loudly
        openrlhf.reward_values([GOOD, "boom"], None, [GT] * 2)


VERIFY = {
    "responses_create_params": {
        "input": [{"role": "user", "content": "Weather in Paris?"}],
        "tools": [{"type": "function", "name": "f", "parameters": {
            "type": "object", "properties": {"a": {"type": "integer"}}}}],
    },
    "response": {"id": "resp_1", "output": [
        {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "f, a=1"}]},
        {"type": "function_call", "call_id": "c1", "name": "f", "arguments": '{"a": 1}'},
        {"type": "function_call_output", "call_id": "c1", "output": "21 C"},
        {"type": "message", "role": "assistant", "content": [
            {"type": "output_text", "text": "It is 21 C."}]},
    ]},
    "ground_truth": [{"name": "f", "arguments": {"a": 1}}],
}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "status", "reward", "reason"),
    [
        ({}, 200, 1.0, "ok"),
        (
            {"ground_truth": [{"name": "f", "arguments": {"a": 2}}]},
            200,
            0.0,
            "wrong_argument_value",
        ),
        ({"toolreward": {"think": "forbidden"}}, 200, 0.0, "think_forbidden"),
        ({"response": {"output": []}}, 200, 0.0, "empty_response"),
        ({"ground_truth": None, "drop": "ground_truth"}, 400, None, "'ground_truth' is missing"),
        ({"response": {"output": "x"}}, 400, None, "response.output"),
        ({"ground_truth": [{"name": 5}]}, 422, None, "ground_truth"),
    ],
)
def test_nemo_gym_verify(
    server: str, change: dict, status: int, reward: float | None, reason: str
) -> None:
    body = {**VERIFY, **{k: v for k, v in change.items() if k != "drop"}}
    body.pop(change.get("drop", "-"), None)
    got, out = post(server + "/verify", body)
    assert got == status, out
    if status == 200:
        assert out["reward"] == reward and out["reason"] == reason
        assert out["response"] == body["response"]  # the request comes back with the reward
        assert {"format_ok", "calls_ok", "detail"} <= set(out)
    else:
        assert reason in out["error"]
