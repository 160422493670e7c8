"""The growth-ratio check itself: it passes linear work and fails quadratic work."""

from __future__ import annotations

import pytest
from timing import assert_linear, growth_ratio


def _linear(n: int) -> int:
    return ("ab" * n).count("b")


def _quadratic(n: int) -> int:
    text = "a" * n
    return sum(text.find("b", i) for i in range(0, n, 25))


def test_linear_work_passes() -> None:
    assert_linear(_linear, 100_000)


def test_quadratic_work_fails() -> None:
    assert growth_ratio(_quadratic, 20_000) > 24
    with pytest.raises(AssertionError, match="time grew"):
        assert_linear(_quadratic, 20_000)
