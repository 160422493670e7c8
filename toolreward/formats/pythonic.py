"""The ``pythonic`` format (BFCL, Llama 3.2): ``[func(a=1), mod.func2(b="x")]``.

Read with a safe walk over Python's AST; nothing is ever evaluated.

* Keyword arguments only: a positional argument is ``positional_argument``.
* Values are literals: strings, numbers (negative too), ``True``, ``False``,
  ``None``, and lists, tuples (read as lists) and dicts of literals with
  string keys.  A bare name (``unit=celsius``) is ``bare_identifier``; a call,
  an operator or any other expression is ``unsupported_value``.
* Dotted function names are kept as written (``mod.func2``).
* A single call without brackets is one call; ``[]`` is "no call".
* Llama 4 may wrap the list in ``<|python_start|>`` ... ``<|python_end|>``
  (vLLM's ``llama4_pythonic_tool_parser.py`` @ e2fc92ec strips them too).
* Payloads longer than ``MAX_SOURCE`` (20,000) characters are
  ``invalid_syntax``: Python's own parser is too slow on hostile input to be
  run on more.

>>> from toolreward.options import ParseOptions
>>> text = '[f(a=-1, b=[1, -2.5]), m.g(d={"k": None})]'
>>> for call in read_pythonic(text, 0, len(text), ParseOptions(format="pythonic"))[2]:
...     print(call)
ToolCall(name='f', arguments={'a': -1, 'b': [1, -2.5]})
ToolCall(name='m.g', arguments={'d': {'k': None}})
"""

from __future__ import annotations

import ast
import io
import math
import re
import tokenize
import warnings
from typing import Any

from .. import reasons as R
from ..calls import ToolCall
from ..canonical import MAX_DEPTH
from ..jsonio import has_lone_surrogate
from ..options import ParseOptions
from ..tags import PYTHON_END, PYTHON_START
from .pythonic_fast import fast_calls
from .read import Read, fail, success
from .scan import matching_bracket
from .source_calls import read_source_calls
from .tail import check_tail
from .think import misplaced_think, split_think, think_tags_in

MAX_SOURCE = 20_000
"""Longest pythonic payload read, in characters (longer ones are ``invalid_syntax``)."""


class _Bad(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def read_pythonic(text: str, start: int, end: int, opts: ParseOptions) -> Read:
    """Read ``text[start:end]`` as a Python list of calls."""
    if opts.language != "python":
        return read_source_calls(text, start, end, opts)
    failure, think, pos = split_think(text, start, end, opts, None)
    if failure is not None:
        return fail(*failure)
    source = text[pos:end].strip()
    if source.startswith(PYTHON_START):  # Llama 4 may wrap its call list in these tokens
        source = source[len(PYTHON_START) :].removesuffix(PYTHON_END).strip()
    if not source:
        return fail(R.INVALID_SYNTAX, "empty payload")
    if len(source) > MAX_SOURCE:
        # CPython's parser takes about 3 us per character of call-dense input;
        # the bound keeps every verdict fast.  Real payloads are far shorter.
        return fail(R.INVALID_SYNTAX, f"payload longer than {MAX_SOURCE} characters")
    calls = fast_calls(source, opts.allow_bare_identifiers)
    if calls is not None:
        return success(calls, think)
    return _read_parsed(text, source, pos, end, think, opts)


def _read_parsed(
    text: str,
    source: str,
    pos: int,
    end: int,
    think: tuple[int, int] | None,
    opts: ParseOptions,
) -> Read:
    """Read ``source`` with Python's parser: every shape, and every error."""
    tree = _expression(source)
    if isinstance(tree, Exception) or _may_have_tail(tree, source):
        stop = _calls_end(source)
        if stop is not None:  # the calls, then more text
            failure = check_tail(source, stop, len(source), opts)
            if failure is not None:
                return fail(*failure)
            tree = _expression(source[:stop])
    if isinstance(tree, Exception):
        if think_tags_in(text, pos, end):
            return fail(*misplaced_think(opts, "outside the think block"))
        return fail(
            R.INVALID_SYNTAX, f"not a Python expression: {type(tree).__name__}: {tree}"[:200]
        )
    if "#" in source and _has_comment(source):
        # The parser drops comments: text there would count for nothing yet
        # pass unseen, so a comment among the calls is refused.
        return fail(R.INVALID_SYNTAX, "a comment among the calls")
    node = tree.body  # type: ignore[attr-defined]  # an ast.Expression
    items = node.elts if isinstance(node, ast.List) else [node]
    calls: list[ToolCall] = []
    try:
        for i, item in enumerate(items):
            calls.append(_call(item, i, opts))
    except _Bad as bad:
        return fail(bad.reason, bad.detail)
    except RecursionError:
        return fail(R.INVALID_SYNTAX, f"nested deeper than {MAX_DEPTH} levels")
    return success(calls, think)


_PARSE_ERRORS = (SyntaxError, ValueError, RecursionError, MemoryError)
_CALL_START = re.compile(r"[A-Za-z_][\w.]*\s*\(")


def _expression(source: str) -> ast.AST | Exception:
    """The parsed expression, or the exception that says why it is not one."""
    try:
        if _MAY_WARN.search(source) is None:
            # ast.parse without its wrapper: the same tree, noticeably cheaper per call.
            return compile(source, "<completion>", "eval", ast.PyCF_ONLY_AST)
        # The tokenizer warns about odd literals ("1if", "\\d"): a policy's text
        # must never write to the training log, so those warnings are silenced.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            return compile(source, "<completion>", "eval", ast.PyCF_ONLY_AST)
    except _PARSE_ERRORS as exc:
        return exc


_MAY_WARN = re.compile(r"\\|\d[A-Za-z_]")
"""What the tokenizer can warn about (an escape, a number run into a name); the
parse is AST-only, so the compiler's own warnings never run."""


def _has_comment(source: str) -> bool:
    """Whether Python's tokenizer finds a ``#`` comment in ``source``."""
    try:
        tokens = tokenize.generate_tokens(io.StringIO(source).readline)
        return any(token.type == tokenize.COMMENT for token in tokens)
    except (tokenize.TokenError, SyntaxError):
        return False


def _may_have_tail(tree: ast.AST, source: str) -> bool:
    """Whether a parsed payload may hold more than its calls: an expression
    around them (``[f()] and x``) or a comment after them."""
    return not isinstance(tree.body, (ast.List, ast.Call)) or "#" in source  # type: ignore[attr-defined]


def _calls_end(source: str) -> int | None:
    """Where the leading call list (or single call) of ``source`` ends, when text follows it."""
    if source.startswith("["):
        close = matching_bracket(source, 0)
    else:
        named = _CALL_START.match(source)
        close = matching_bracket(source, named.end() - 1) if named is not None else -1
    return close + 1 if close != -1 and close + 1 < len(source) else None


def _call(node: ast.expr, i: int, opts: ParseOptions) -> ToolCall:
    if not isinstance(node, ast.Call):
        raise _Bad(R.CALL_NOT_OBJECT, f"item [{i}] is not a function call")
    name = _dotted(node.func)
    if name is None:
        raise _Bad(R.BAD_NAME, f"call [{i}]: the function is not a (dotted) name")
    if node.args:
        raise _Bad(R.POSITIONAL_ARGUMENT, f"call [{i}] {name}: arguments must be passed by keyword")
    args: dict[str, Any] = {}
    for kw in node.keywords:
        if kw.arg is None:
            raise _Bad(R.POSITIONAL_ARGUMENT, f"call [{i}] {name}: **kwargs is not allowed")
        if kw.arg in args:
            raise _Bad(R.DUPLICATE_KEY, f"call [{i}] {name}: argument {kw.arg} given twice")
        args[kw.arg] = literal(kw.value, f"{name}.{kw.arg}", opts)
    return ToolCall(name, args)


def _dotted(node: ast.expr) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def literal(node: ast.expr, where: str, opts: ParseOptions, depth: int = 0) -> Any:
    """The JSON value of a literal expression; raises ``_Bad`` on anything else."""
    if depth > MAX_DEPTH:
        raise _Bad(R.INVALID_SYNTAX, f"{where}: nested deeper than {MAX_DEPTH} levels")
    if isinstance(node, ast.Constant):
        value = node.value
        if type(value) is str and has_lone_surrogate(value):
            raise _Bad(R.UNSUPPORTED_VALUE, f"{where}: a string with a lone surrogate")
        if value is None or type(value) in (str, int, bool):
            return value
        if type(value) is float:
            if not math.isfinite(value):
                raise _Bad(R.UNSUPPORTED_VALUE, f"{where}: {value} is not a finite number")
            return value
        raise _Bad(R.UNSUPPORTED_VALUE, f"{where}: a {type(value).__name__} literal")
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = node.operand
        if isinstance(operand, ast.Constant) and type(operand.value) in (int, float):
            number: int | float = operand.value  # type: ignore[assignment]
            if type(number) is float and not math.isfinite(number):
                raise _Bad(R.UNSUPPORTED_VALUE, f"{where}: not a finite number")
            return -number if isinstance(node.op, ast.USub) else number
        raise _Bad(R.UNSUPPORTED_VALUE, f"{where}: a sign applied to a non-number")
    if isinstance(node, (ast.List, ast.Tuple)):
        return [literal(e, f"{where}[{k}]", opts, depth + 1) for k, e in enumerate(node.elts)]
    if isinstance(node, ast.Dict):
        out: dict[str, Any] = {}
        for key_node, value_node in zip(node.keys, node.values):
            if not (isinstance(key_node, ast.Constant) and type(key_node.value) is str):
                raise _Bad(R.UNSUPPORTED_VALUE, f"{where}: dict keys must be strings")
            if has_lone_surrogate(key_node.value):
                raise _Bad(R.UNSUPPORTED_VALUE, f"{where}: a key with a lone surrogate")
            key = key_node.value
            if key in out:
                raise _Bad(R.DUPLICATE_KEY, f"{where}: key {key!r} given twice")
            out[key] = literal(value_node, f"{where}.{key}", opts, depth + 1)
        return out
    if isinstance(node, ast.Name):
        if opts.allow_bare_identifiers:
            return node.id
        raise _Bad(R.BARE_IDENTIFIER, f"{where}: bare name {node.id} (quote it as a string)")
    raise _Bad(R.UNSUPPORTED_VALUE, f"{where}: {type(node).__name__} is not a literal")
