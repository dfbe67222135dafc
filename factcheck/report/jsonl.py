"""JSON Lines: one line per draft, written as each draft is done, then a line of totals.

For runs of many drafts (``factcheck check posts/ -f jsonl``): a consumer can
read each draft's report as it arrives, and the run's memory never holds more
than a window of reports. Each draft line is that draft's version 1 JSON report
(the object ``-f json`` prints for one draft, on one line); the last line is
``{"version": 1, "summary": {...}}`` with the batch totals of ``-f json``. A file
without that last line comes from a run that did not finish.
"""

from __future__ import annotations

import json
from typing import Any

from factcheck.models import Report
from factcheck.report import ReportOptions
from factcheck.report.batch import BatchSummary, totals_dict
from factcheck.report.json import VERSION, to_dict


def _dumps(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def line(report: Report) -> str:
    """One draft's report as one line (ending in a newline)."""
    return _dumps(to_dict(report))


def summary_line(summary: BatchSummary) -> str:
    """The closing line: the totals of every draft before it."""
    return _dumps({"version": VERSION, "summary": totals_dict(summary)})


class JsonlReporter:
    def render(self, report: Report) -> str:
        return line(report) + summary_line(BatchSummary.of([report]))


def make_reporter(options: ReportOptions) -> JsonlReporter:
    return JsonlReporter()
