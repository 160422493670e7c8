"""Exceptions raised for caller mistakes.

A completion is never an error: any string yields a verdict.  What *is* an
error is a bad ground truth, bad tool specs or a bad option; those raise at
once with a message that names the offending part.
"""

from __future__ import annotations


class ToolRewardError(ValueError):
    """Base class of every error toolreward raises on purpose."""


class GroundTruthError(ToolRewardError):
    """The ground truth is malformed; the message names the path of the fault.

    >>> raise GroundTruthError("ground_truth[0]: missing key 'arguments'")
    Traceback (most recent call last):
    ...
    toolreward.errors.GroundTruthError: ground_truth[0]: missing key 'arguments'
    """


class ToolsError(ToolRewardError):
    """The ``tools`` argument (function specs) is malformed."""


class ConfigError(ToolRewardError):
    """An unknown preset, format or option, or an option with a bad value."""


class ArrowFillWarning(UserWarning):
    """A ground truth read back from a parquet/Arrow column has ``null`` arguments.

    Arrow stores a list of call objects as structs whose fields are the union
    of every row's keys, and fills the keys a row lacks with ``null``: the
    ground truth then holds arguments the model was never meant to pass.
    Store ground truths as JSON text instead (``docs/integrations.md``).
    """
