"""Reward server: ``toolreward serve --host 127.0.0.1 --port 8000``.

Endpoints (JSON in, JSON out):

* ``POST /get_reward`` — OpenRLHF's remote reward contract:
  ``{"query": [...], "prompts": [...], "labels": [...]}`` (plus optional
  ``"preset"``, ``"options"`` and ``"tools"``) returns
  ``{"rewards": [...], "scores": [...], "extra_logs": {...}}``.
* ``POST /score`` — toolreward's own records (``toolreward.records``):
  ``{"records": [{"id"?, "completion", "ground_truth", "tools"?, "options"?}],
  "preset"?, "options"?}`` returns ``{"verdicts": [...]}``, one per record in
  order; a malformed record gets reason ``bad_record`` with its index and cause.
* ``POST /verify`` — NeMo Gym's resources-server contract
  (``toolreward.integrations.nemo_gym``): a ``BaseVerifyRequest`` in, the
  request plus ``reward`` out.
* ``GET /health`` — ``{"status": "ok", "version": ...}``.

Scoring runs off the event loop, in a process pool.  Limits: request body
size (``413``), records per request (``413``), time per request (``504``).
Bad JSON or a bad request shape is a ``400`` that says what is wrong; a
configuration the scorer refuses (unknown preset, bad option) is a ``422``.
The server never crashes on input, and never drops a record silently.

Needs the ``server`` extra (``pip install toolreward[server]``: Starlette and
uvicorn).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from . import __version__
from .errors import ToolRewardError
from .integrations.nemo_gym import VerifyRequestError, verify
from .integrations.openrlhf import reward_values
from .records import judge
from .records import read_json as read_json_text
from .verdict import check_config

LOG = logging.getLogger("toolreward")


@dataclass(frozen=True)
class ServerConfig:
    """Limits and pool size of the reward server.

    Attributes:
        workers: scoring processes (default: the CPU count).
        max_body_bytes: largest request body accepted.
        max_batch: most samples (queries or records) per request.
        timeout_s: longest a request may take before a 504.
    """

    workers: int = max(1, os.cpu_count() or 1)
    max_body_bytes: int = 32 * 1024 * 1024
    max_batch: int = 4096
    timeout_s: float = 120.0


class RequestError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def score_records(
    records: list[Any], preset: str, options: dict[str, Any], deadline: float | None = None
) -> list[dict[str, Any]]:
    """Verdicts for ``/score`` records, in order; a bad record is ``bad_record``, not an error.

    Past ``deadline`` (``time.time()``) a ``TimeoutError`` stops the work
    between records, so a request that timed out does not keep a worker busy.
    """
    verdicts = []
    for i, rec in enumerate(records):
        if deadline is not None and time.time() > deadline:
            raise TimeoutError(f"stopped at record {i} of {len(records)}: past the deadline")
        verdicts.append(judge(rec, preset, options, None, ("index", i)))
    return verdicts


def create_app(config: ServerConfig | None = None) -> Any:
    """The Starlette application (imported lazily: the extra is optional)."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    class AsciiJSON(JSONResponse):
        """JSON with non-ASCII escaped: a lone surrogate echoed from the input
        (an id, a detail) is written as ``\\udXXX`` instead of failing to encode."""

        def render(self, content: Any) -> bytes:
            return json.dumps(content, separators=(",", ":")).encode("ascii")

    cfg = config or ServerConfig()
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: Any) -> Any:
        state["pool"] = ProcessPoolExecutor(max_workers=cfg.workers)
        try:
            yield
        finally:
            state["pool"].shutdown(cancel_futures=True)

    async def read_json(request: Request) -> dict[str, Any]:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > cfg.max_body_bytes:
            raise RequestError(413, f"body of {declared} bytes exceeds {cfg.max_body_bytes}")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > cfg.max_body_bytes:
                raise RequestError(413, f"body exceeds {cfg.max_body_bytes} bytes")
        data, problem = read_json_text(bytes(body))
        if problem is not None:
            raise RequestError(400, f"body is {problem}")
        if not isinstance(data, dict):
            raise RequestError(400, "body must be a JSON object")
        return data

    def settings(data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        preset = data.get("preset", "strict")
        options = data.get("options") or {}
        if not isinstance(preset, str) or not isinstance(options, dict):
            raise RequestError(400, "'preset' must be a string and 'options' an object")
        try:
            check_config(preset, **options)
        except (ToolRewardError, TypeError) as exc:
            raise RequestError(422, str(exc)) from None
        return preset, options

    async def run(fn: Any, *args: Any) -> Any:
        """``fn(*args, deadline)`` in the pool; the worker stops by itself past the deadline."""
        loop = asyncio.get_running_loop()
        deadline = time.time() + cfg.timeout_s
        future = loop.run_in_executor(state["pool"], fn, *args, deadline)
        try:
            return await asyncio.wait_for(future, cfg.timeout_s)
        except (asyncio.TimeoutError, TimeoutError):
            raise RequestError(504, f"scoring took longer than {cfg.timeout_s} s") from None
        except BrokenProcessPool:
            # A worker died (killed, out of memory): start a fresh pool for later requests.
            state["pool"] = ProcessPoolExecutor(max_workers=cfg.workers)
            raise RequestError(503, "a scoring process died; retry the request") from None

    def sized(values: Any, name: str) -> list[Any]:
        if not isinstance(values, list):
            raise RequestError(400, f"'{name}' must be a list")
        if len(values) > cfg.max_batch:
            raise RequestError(413, f"{len(values)} items in '{name}' exceed {cfg.max_batch}")
        return values

    async def get_reward(request: Request) -> Response:
        data = await read_json(request)
        queries = sized(data.get("query"), "query")
        labels = sized(data.get("labels"), "labels")
        prompts = data.get("prompts")
        if prompts is not None:
            prompts = sized(prompts, "prompts")
        if len(labels) != len(queries) or (prompts is not None and len(prompts) != len(queries)):
            raise RequestError(400, "'query', 'prompts' and 'labels' must have the same length")
        for i, query in enumerate(queries):
            if not isinstance(query, str):
                raise RequestError(400, f"query[{i}] must be a string")
        for i, prompt in enumerate(prompts or ()):
            if prompt is not None and not isinstance(prompt, str):
                raise RequestError(400, f"prompts[{i}] must be a string or null")
        preset, options = settings(data)
        kwargs = {"preset": preset, **options}
        if data.get("tools") is not None:
            kwargs["tools"] = data["tools"]
        try:
            values = await run(_reward_values, queries, prompts, labels, kwargs)
        except ToolRewardError as exc:
            raise RequestError(422, f"labels or tools: {exc}") from None
        return AsciiJSON(values)

    async def score_endpoint(request: Request) -> Response:
        data = await read_json(request)
        records = sized(data.get("records"), "records")
        preset, options = settings(data)
        verdicts = await run(score_records, records, preset, options)
        return AsciiJSON({"verdicts": verdicts})

    async def verify_endpoint(request: Request) -> Response:
        data = await read_json(request)
        preset, options = settings({k: v for k, v in data.items() if k in ("preset", "options")})
        try:
            result = await run(_verify, data, preset, options)
        except VerifyRequestError as exc:
            raise RequestError(400, str(exc)) from None
        except ToolRewardError as exc:
            raise RequestError(422, f"ground_truth or tools: {exc}") from None
        return AsciiJSON(result)

    async def health(request: Request) -> Response:
        return AsciiJSON({"status": "ok", "version": __version__})

    def guarded(handler: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestError as exc:
                return AsciiJSON({"error": exc.message}, status_code=exc.status)
            except Exception as exc:  # a bug: logged, and the server keeps serving
                LOG.exception("request to %s failed", request.url.path)
                return AsciiJSON(
                    {"error": f"internal error: {type(exc).__name__}: {exc}"}, status_code=500
                )

        return endpoint

    return Starlette(
        routes=[
            Route("/get_reward", guarded(get_reward), methods=["POST"]),
            Route("/score", guarded(score_endpoint), methods=["POST"]),
            Route("/verify", guarded(verify_endpoint), methods=["POST"]),
            Route("/health", guarded(health), methods=["GET"]),
        ],
        lifespan=lifespan,
    )


def _reward_values(
    queries: list[str],
    prompts: Sequence[str | None] | None,
    labels: list[Any],
    kwargs: dict[str, Any],
    deadline: float,
) -> dict[str, Any]:
    return reward_values(queries, prompts, labels, contain_errors=True, deadline=deadline, **kwargs)


def _verify(
    body: dict[str, Any], preset: str, options: dict[str, Any], deadline: float
) -> dict[str, Any]:
    return verify(body, preset, options)  # one sample: the deadline needs no check


def serve(host: str, port: int, config: ServerConfig) -> None:
    """Run the server until interrupted."""
    import uvicorn

    uvicorn.run(create_app(config), host=host, port=port, log_level="warning")
