"""Linear scans over call source text: string literals, matching brackets, top-level commas.

Used by the readers of source-text calls (``pythonic``, and its Java and
JavaScript variant) and by the ``bfcl`` preset's Java/JavaScript values.
Every scan is one left-to-right pass; none of them ever evaluates anything.

>>> text = '[f(s="a, ]"), g()] tail'
>>> matching_bracket(text, 0)
17
>>> split_top_level('a=1, b=[1, 2], c="x, y"', 0, 23)
['a=1', ' b=[1, 2]', ' c="x, y"']
>>> unquote('"hi"'), unquote('"a" + "b"')
('hi', '"a" + "b"')
"""

from __future__ import annotations

QUOTES = "\"'`"
OPENERS = {"(": ")", "[": "]", "{": "}"}
CLOSERS = frozenset(OPENERS.values())


def string_end(text: str, start: int) -> int:
    """Index of the quote closing the string literal that opens at ``start``, or -1."""
    quote = text[start]
    i = start + 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == quote:
            return i
        i += 1
    return -1


def matching_bracket(text: str, open_at: int) -> int:
    """Index of the bracket closing the one at ``open_at`` (strings skipped), or -1."""
    depth = 0
    i = open_at
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in QUOTES:
            i = string_end(text, i)
            if i == -1:
                return -1
        elif ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def split_top_level(text: str, start: int, end: int) -> list[str]:
    """Pieces of ``text[start:end]`` between top-level commas (blank pieces dropped).

    Commas inside brackets, braces, parentheses, string literals and generic
    type arguments (``HashMap<String, Integer>``) do not split.
    """
    pieces = []
    depth = 0
    angle = 0
    piece_start = start
    i = start
    while i < end:
        ch = text[i]
        if ch in QUOTES:
            close = string_end(text, i)
            i = end if close == -1 else close
        elif ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth -= 1
        elif ch == "<" and i > start and (text[i - 1].isalnum() or text[i - 1] == "_"):
            angle += 1  # a generic type argument list: HashMap<String, Integer>
        elif ch == ">" and angle:
            angle -= 1
        elif ch == "," and depth == 0 and angle == 0:
            pieces.append(text[piece_start:i])
            piece_start = i + 1
        i += 1
    pieces.append(text[piece_start:end])
    return [p for p in pieces if p.strip()]


def unquote(value: str) -> str:
    """A value that is one whole string or char literal loses its quotes."""
    if len(value) >= 2 and value[0] in "\"'" and string_end(value, 0) == len(value) - 1:
        return value[1:-1]
    return value
