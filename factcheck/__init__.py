"""factcheck: check that a draft's citations say what its sentences claim.

Library use::

    from factcheck import check
    report = check("draft.md")            # a factcheck.models.Report
    report.summary.passed
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from factcheck.config import Config
    from factcheck.models import Report


def check(draft: str | Path, config: Config | None = None) -> Report:
    """Check one draft file and return its report (no printing, no exit)."""
    from factcheck.config import Config
    from factcheck.pipeline import run

    return run(Path(draft), config or Config())


__all__ = ["__version__", "check"]
