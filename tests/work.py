"""Counting work instead of timing it: the function calls a piece of work makes.

A test that a stage stays linear compares these counts for two sizes of input.
The count is the same on any machine, however busy, where seconds are not; how
fast a stage runs is measured by benchmarks/ and printed, never asserted.
"""

from __future__ import annotations

import cProfile
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def calls(work: Callable[[], T]) -> tuple[T, int]:
    """``work()``'s result and the number of calls it made (Python and built-in)."""
    profile = cProfile.Profile()
    profile.enable()
    try:
        result = work()
    finally:
        profile.disable()
    return result, sum(entry.callcount for entry in profile.getstats())
