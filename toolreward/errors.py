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
