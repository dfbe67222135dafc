"""factcheck: check that a draft's citations say what its sentences claim."""

from __future__ import annotations

__version__ = "0.1.0"
