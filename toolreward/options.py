"""Options: the documented keywords of ``parse`` and ``score``, as one frozen config.

Every relaxation of the strict format is a field here, so a reader finds the
knobs in one place.  Unknown keywords and bad values raise ``ConfigError``
naming the field.

>>> ParseOptions(think="optional").think_mode
'optional'
>>> ParseOptions().think_mode, ParseOptions(format="hermes").think_mode
('required', 'optional')
>>> ParseOptions(think="optional").think
'optional'
>>> ParseOptions(think="sometimes")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
toolreward.errors.ConfigError: option think='sometimes': expected one of 'required', ...
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

from .errors import ConfigError

THINK_MODES = ("required", "optional", "forbidden")
SCHEMA_MODES = ("check", "off")
LANGUAGES = ("python", "java", "javascript")
FORMATS = ("tool_n1", "hermes", "llama3_json", "mistral", "xlam", "pythonic", "openai",
           "qwen3_xml", "glm", "kimi", "deepseek", "gpt_oss", "gemma4", "auto")  # fmt: skip


@dataclass(frozen=True)
class ParseOptions:
    """How a completion is read.

    Attributes:
        format: the tool-call format: ``"tool_n1"`` (the default,
            ``<think>...</think><tool_call>[...]</tool_call>``), ``"hermes"``,
            ``"llama3_json"``, ``"mistral"``, ``"xlam"``, ``"pythonic"``,
            ``"openai"``, ``"qwen3_xml"``, ``"glm"``, ``"kimi"``, ``"deepseek"``,
            ``"gpt_oss"``, ``"gemma4"`` or ``"auto"`` (see ``docs/formats.md``).
        think: ``"required"`` (a think block must come first), ``"optional"``
            (it may be absent) or ``"forbidden"`` (no think tag may appear);
            ``None`` (the default) takes the format's own default:
            ``"required"`` for ``tool_n1``, ``"optional"`` for every other format.
        think_prefilled: the chat template already opened ``<think>``, so the
            completion starts inside the reasoning and may lack ``<think>``.
        allow_empty_think: accept a think block that is empty or whitespace.
        allow_surrounding_text: accept non-whitespace text before the think
            block, between the blocks and after ``</tool_call>`` (tags there
            are still errors).
        allow_string_arguments: accept ``"arguments"`` given as a JSON string
            that decodes to an object.
        allow_parameters_key: accept ``"parameters"`` as a synonym of
            ``"arguments"`` (a call may not carry both).
        schema: with ``tools`` given to ``score``, ``"check"`` (default)
            validates every call against its tool's JSON Schema as part of
            structural validity; ``"off"`` skips it.
        language: for ``pythonic`` payloads, the language of the argument
            values: ``"python"`` literals, or ``"java"``/``"javascript"``
            source text (BFCL's Java and JavaScript categories).
        allow_bare_identifiers: in ``pythonic`` payloads, read a bare name
            used as a value as a string, as BFCL does (``unit=celsius``).
        includes_prompt: the text is the decoded prompt plus the response
            (OpenRLHF's queries): the response starts after the last
            assistant marker.  By default the text is the response alone, and
            a chat marker inside it is a ``stray_tag`` (``toolreward.text``).
    """

    format: str = "tool_n1"
    think: str | None = None
    think_prefilled: bool = False
    allow_empty_think: bool = False
    allow_surrounding_text: bool = False
    allow_string_arguments: bool = False
    allow_parameters_key: bool = False
    schema: str = "check"
    language: str = "python"
    allow_bare_identifiers: bool = False
    includes_prompt: bool = False

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ConfigError(f"option format={self.format!r}: expected one of {_choices(FORMATS)}")
        if self.think is not None and self.think not in THINK_MODES:
            raise ConfigError(
                f"option think={self.think!r}: expected one of {_choices(THINK_MODES)}"
            )
        if self.language not in LANGUAGES:
            raise ConfigError(
                f"option language={self.language!r}: expected one of {_choices(LANGUAGES)}"
            )
        if self.schema not in SCHEMA_MODES:
            raise ConfigError(
                f"option schema={self.schema!r}: expected one of {_choices(SCHEMA_MODES)}"
            )
        for f in fields(self):
            if f.type == "bool" and not isinstance(getattr(self, f.name), bool):
                raise ConfigError(
                    f"option {f.name}={getattr(self, f.name)!r}: expected True or False"
                )

    @property
    def think_mode(self) -> str:
        """The effective think mode: the option, or the format's default."""
        if self.think is not None:
            return self.think
        return "required" if self.format == "tool_n1" else "optional"


OPTION_NAMES: tuple[str, ...] = tuple(f.name for f in fields(ParseOptions))

OPTION_HELP: dict[str, str] = {
    "format": "the tool-call format (docs/formats.md)",
    "think": "a leading think block is required, optional or forbidden "
    "(default: required for tool_n1, optional for the other formats)",
    "think_prefilled": "the chat template opened <think>: the completion may start inside it",
    "allow_empty_think": "accept an empty or blank think block",
    "allow_surrounding_text": "accept text before, between and after the blocks",
    "allow_string_arguments": 'accept "arguments" given as a JSON string of an object',
    "allow_parameters_key": 'accept "parameters" as a synonym of "arguments"',
    "schema": "with tools: validate each call against its JSON Schema, or not",
    "language": "pythonic payloads: argument values in Python, Java or JavaScript syntax",
    "allow_bare_identifiers": "pythonic payloads: read a bare name used as a value as a string",
    "includes_prompt": "the text is prompt plus response: score after the last assistant marker",
}
"""One line of help per option (the command line's ``--help`` and ``docs/api.md``)."""

OPTION_CHOICES: dict[str, tuple[str, ...]] = {
    "format": FORMATS,
    "think": THINK_MODES,
    "schema": SCHEMA_MODES,
    "language": LANGUAGES,
}
"""The allowed values of the options that are not flags."""


def _choices(values: tuple[str, ...]) -> str:
    return ", ".join(repr(v) for v in values)


def parse_options(options: dict[str, Any]) -> ParseOptions:
    """Build ``ParseOptions`` from keyword options, cached for repeated calls."""
    try:
        key = tuple(sorted(options.items()))
        hash(key)
    except TypeError:
        return _build(options)
    return _cached(key)


@lru_cache(maxsize=512)
def _cached(key: tuple[tuple[str, Any], ...]) -> ParseOptions:
    return _build(dict(key))


def _build(options: dict[str, Any]) -> ParseOptions:
    unknown = sorted(set(options) - set(OPTION_NAMES))
    if unknown:
        raise ConfigError(
            f"unknown option(s) {', '.join(unknown)}; known options: {', '.join(OPTION_NAMES)}"
        )
    return ParseOptions(**options)
