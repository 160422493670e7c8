"""JSON decoding for payloads: strict RFC 8259, and the paper's lenient rules.

The decoders take a ``str`` and return ``(value, reason, message)``: on
success ``reason`` is ``None``; on failure ``value`` is ``None``, ``reason`` is
a reason code and ``message`` says what and where.  They never raise.

The fast path is ``msgspec`` (measured in ``benchmarks/bench_reward.py``);
the standard library decoder is the fallback for the rare inputs msgspec
declines but ``json`` reads (lone surrogate escapes; and, for the lenient
rules, NaN, Infinity and numbers beyond the double range).

**Lone surrogates.** The strict decoders reject a ``\\u`` escape that
leaves half of a UTF-16 surrogate pair (``"\\ud800"``): it is no Unicode
character, I-JSON (RFC 7493) forbids it, and no tool can receive it.  The
lenient decoder keeps it, as ``json.loads`` does.

**Duplicate keys** are found by colon accounting (``no_repeated_key``):
every object key is followed by exactly one colon outside strings, and a
re-encoding of the decoded value keeps one copy of each key and writes every
colon inside strings as a colon.  So with T colons in the text, C
occurrences of the escape ``\\u003a`` (an upper bound on the colons written
as escapes) and R colons in the re-encoding, T + C == R proves that no key
is repeated: a repeat drops at least one colon, and C can only over-count.
Only when the counts differ does the exact but slower scan run.

>>> strict_loads('[{"a": 1}]')
([{'a': 1}], None, None)
>>> strict_loads("[1, 2,]")[1]
'invalid_json'
>>> strict_loads('{"a": 1, "a": 2}')
(None, 'duplicate_key', 'duplicate key "a"')
>>> lenient_loads("NaN")[0]
nan
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import msgspec

from .canonical import MAX_DEPTH
from .reasons import DUPLICATE_KEY, INVALID_JSON

_decode = msgspec.json.Decoder().decode
_encode = msgspec.json.encode
_FAST_ERRORS = (msgspec.DecodeError, RecursionError, ValueError, TypeError)
_TOO_DEEP = f"nested deeper than {MAX_DEPTH} levels"

Result = tuple[Any, str | None, str | None]


def decode_strict(text: str) -> Result:
    """Decode strict JSON (no NaN/Infinity, no trailing commas, no Python
    literals, nesting at most ``MAX_DEPTH``).  Repeated keys are NOT checked
    here: see ``strict_loads`` and ``duplicate_key``."""
    try:
        value = _decode(text)
    except _FAST_ERRORS as exc:
        if isinstance(exc, msgspec.ValidationError):  # a number beyond the double range
            return None, INVALID_JSON, str(exc)
        if isinstance(exc, msgspec.DecodeError) and "\\u" not in text:
            return None, INVALID_JSON, str(exc) if text.strip() else "empty payload"
        return _decode_strict_stdlib(text)
    if _maybe_deep(text) and _depth(value) > MAX_DEPTH:
        return None, INVALID_JSON, _TOO_DEEP
    return value, None, None


def no_repeated_key(text: str, reencoded_colons: int) -> bool:
    """True when colon accounting proves ``text`` repeats no object key (see the
    module docstring); False means "maybe": run the exact scan.

    >>> no_repeated_key('{"a": "x\\\\u003ay"}', 2), no_repeated_key('{"a": 1, "a": 2}', 1)
    (True, False)
    """
    colons = text.count(":")
    if "\\u" in text:
        colons += text.count("\\u003a") + text.count("\\u003A")
    return colons == reencoded_colons


def strict_loads(text: str) -> Result:
    """``decode_strict`` plus the duplicate-key rule (reason ``duplicate_key``)."""
    value, reason, message = decode_strict(text)
    if reason is None and not no_repeated_key(text, _encode(value).count(b":")):
        key = duplicate_key(text)
        if key is not None:
            return None, DUPLICATE_KEY, f"duplicate key {json.dumps(key)}"
    return value, reason, message


def duplicate_key(text: str) -> str | None:
    """The first key repeated within one object of ``text`` (valid JSON), or ``None``."""
    try:
        json.loads(text, object_pairs_hook=_pairs_no_duplicates)
    except _Duplicate as exc:
        return exc.key
    except (ValueError, RecursionError):
        return None
    return None


_JSON_WS = re.compile(r"[ \t\n\r]*")
_RAW_DECODER = json.JSONDecoder(
    parse_constant=lambda name: _reject_constant(name),
    parse_float=lambda text: _finite_float(text),
    object_pairs_hook=lambda pairs: _pairs_no_duplicates(pairs),
)


def raw_decode_strict(text: str, pos: int) -> tuple[Any, int, str | None, str | None]:
    """Decode one strict JSON value starting at ``text[pos]`` (after whitespace).

    Returns ``(value, end, reason, message)`` where ``end`` is the index just
    after the value.  Repeated keys give ``duplicate_key``.  Linear in the
    length of the value; never raises.
    """
    pos = _JSON_WS.match(text, pos).end()  # type: ignore[union-attr]  # always matches
    try:
        value, end = _RAW_DECODER.raw_decode(text, pos)
    except _Duplicate as exc:
        return None, pos, DUPLICATE_KEY, f"duplicate key {json.dumps(exc.key)}"
    except json.JSONDecodeError as exc:
        return None, pos, INVALID_JSON, str(exc)
    except RecursionError:
        return None, pos, INVALID_JSON, _TOO_DEEP
    except ValueError as exc:
        return None, pos, INVALID_JSON, str(exc)
    if _maybe_deep(text[pos:end]) and _depth(value) > MAX_DEPTH:
        return None, pos, INVALID_JSON, _TOO_DEEP
    if text.find("\\u", pos, end) != -1 and has_lone_surrogate(value):
        return None, pos, INVALID_JSON, _SURROGATE_MESSAGE
    return value, end, None, None


def lenient_loads(text: str) -> Result:
    """Decode as Python's ``json.loads`` does (NaN, Infinity, repeated keys
    with the last winning), except that nesting deeper than ``MAX_DEPTH``
    and other inputs on which ``json.loads`` raises something other than
    ``JSONDecodeError`` are failures too, never exceptions."""
    try:
        value = _decode(text)
    except _FAST_ERRORS as exc:
        if (
            isinstance(exc, msgspec.DecodeError)
            and not isinstance(exc, msgspec.ValidationError)
            and "\\u" not in text
            and "NaN" not in text
            and "Infinity" not in text
        ):
            return None, INVALID_JSON, str(exc)
        try:
            value = json.loads(text)
        except json.JSONDecodeError as err:
            return None, INVALID_JSON, str(err)
        except (RecursionError, ValueError) as err:
            return None, INVALID_JSON, f"{type(err).__name__}: {err}"[:200]
    if _maybe_deep(text) and _depth(value) > MAX_DEPTH:
        return None, INVALID_JSON, _TOO_DEEP
    return value, None, None


class _Reject(ValueError):
    pass


class _Duplicate(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _reject_constant(name: str) -> Any:
    raise _Reject(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Reject(f"number {text} is out of range")
    return value


def _pairs_no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return obj


def _decode_strict_stdlib(text: str) -> Result:
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        return None, INVALID_JSON, str(exc)
    except RecursionError:
        return None, INVALID_JSON, _TOO_DEEP
    except ValueError as exc:  # _Reject, and int literals over the digit limit
        return None, INVALID_JSON, str(exc)
    if _depth(value) > MAX_DEPTH:
        return None, INVALID_JSON, _TOO_DEEP
    if has_lone_surrogate(value):
        return None, INVALID_JSON, _SURROGATE_MESSAGE
    return value, None, None


_SURROGATE_MESSAGE = "a string holds a lone surrogate, which is not a Unicode character"
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
"""Half of a UTF-16 surrogate pair: in a ``str`` it is always a lone one."""


def has_lone_surrogate(value: Any) -> bool:
    """Does any string of ``value`` (keys included) hold a lone surrogate?

    >>> has_lone_surrogate({"a": ["x", "\\ud800"]}), has_lone_surrogate({"a": "\\U0001f600"})
    (True, False)
    """
    stack = [value]
    search = LONE_SURROGATE.search
    while stack:
        node = stack.pop()
        t = type(node)
        if t is str:
            if not node.isascii() and search(node):
                return True
        elif t is dict:
            stack.extend(node)
            stack.extend(node.values())
        elif t is list or t is tuple:
            stack.extend(node)
    return False


def _maybe_deep(text: str) -> bool:
    """Cheap test: can ``text`` nest deeper than ``MAX_DEPTH`` at all?"""
    return len(text) > 2 * MAX_DEPTH and text.count("[") + text.count("{") > MAX_DEPTH


def _depth(value: Any) -> int:
    """Nesting depth of arrays/objects, computed without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, level = stack.pop()
        t = type(node)
        if t is dict:
            children = node.values()
        elif t is list:
            children = node
        else:
            continue
        if level > deepest:
            deepest = level
            if deepest > MAX_DEPTH:
                return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest
