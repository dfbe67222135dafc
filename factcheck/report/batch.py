"""One report for several drafts: each draft as its format shows it, then the totals.

Batch mode (``factcheck check a.md b.md dir/``) gives one ``Report`` per draft.
This module joins them without changing any single-draft format: JSON wraps
the version 1 reports in ``{"version": 1, "drafts": [...], "summary": {...}}``;
SARIF puts one run per draft in one log; JUnit one test suite per draft in one
``<testsuites>``; HTML one section per draft in one page; the line formats
(terminal, Markdown, GitHub) print each draft's report in turn and end with a
combined line; JSON Lines is a line per draft and a line of totals. The totals
are sums of the summaries each ``Report`` computed, added up by a ``Tally`` as
the reports arrive, so a streamed run need not keep them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from factcheck.models import Report, SkippedDraft, Verdict
from factcheck.report import OutputFormat, ReportOptions, get_reporter


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchSummary:
    """Totals over the drafts of one run, from each report's own summary."""

    drafts: int
    failed: tuple[str, ...]
    """Paths of the drafts that fail their policy, in the order given."""
    claims: int
    failing: int
    counts: tuple[tuple[Verdict, int], ...]
    skipped: tuple[SkippedDraft, ...] = ()
    """Files found in folders that were not checked (not a draft type, empty, no prose)."""

    @property
    def passed(self) -> bool:
        return not self.failed

    @classmethod
    def of(cls, reports: Iterable[Report], skipped: Iterable[SkippedDraft] = ()) -> BatchSummary:
        tally = Tally()
        for report in reports:
            tally.add(report)
        for skip in skipped:
            tally.skip(skip)
        return tally.summary()

    def line(self, *, names: bool = True) -> str:
        """One line of totals; ``names`` lists the failed drafts (too long for big runs)
        and the first skipped files (every one is listed above the line and in JSON)."""
        word = "PASS" if self.passed else "FAIL"
        failed = f" ({', '.join(self.failed)})" if self.failed and names else ""
        line = (
            f"{word}  {self.drafts} drafts checked: {self.drafts - len(self.failed)} passed, "
            f"{len(self.failed)} failed{failed}; {self.claims} claims, {self.failing} failing"
        )
        if unchecked := dict(self.counts).get(Verdict.SOURCE_UNAVAILABLE, 0):
            line += f", {unchecked} unchecked"
        if self.skipped:
            listed = ", ".join(s.path for s in self.skipped[:MAX_NAMED_SKIPS])
            more = len(self.skipped) - MAX_NAMED_SKIPS
            listed += f" and {more} more" if more > 0 else ""
            noun = "file" if len(self.skipped) == 1 else "files"
            line += f"; {len(self.skipped)} {noun} skipped, not checked"
            line += f" ({listed})" if names else ""
        return line


class Tally:
    """Adds reports up one at a time, keeping only counts and the failed drafts' paths."""

    def __init__(self) -> None:
        self.drafts = self.claims = self.failing = 0
        self.failed: list[str] = []
        self.counts = dict.fromkeys(Verdict, 0)
        self.skipped: list[SkippedDraft] = []

    def skip(self, skipped: SkippedDraft) -> None:
        self.skipped.append(skipped)

    def add(self, report: Report) -> None:
        self.drafts += 1
        self.claims += report.summary.claims
        self.failing += len(report.failing())
        if not report.summary.passed:
            self.failed.append(report.draft)
        for verdict, n in report.summary.counts:
            self.counts[verdict] += n

    def summary(self) -> BatchSummary:
        return BatchSummary(drafts=self.drafts, failed=tuple(self.failed), claims=self.claims,
                            failing=self.failing, counts=tuple(self.counts.items()),
                            skipped=tuple(self.skipped))


MAX_NAMED_SKIPS = 3
"""Skipped files named in the closing line; every one is listed above it and in JSON."""


def skipped_lines(summary: BatchSummary) -> list[str]:
    return [f"skipped {s.path}: {s.reason}" for s in summary.skipped]


def render_batch(
    reports: Sequence[Report],
    fmt: OutputFormat,
    options: ReportOptions,
    *,
    skipped: Sequence[SkippedDraft] = (),
) -> str:
    """All ``reports`` in one document of format ``fmt``; ``skipped`` files are listed and
    counted in the totals."""
    summary = BatchSummary.of(reports, skipped)
    match fmt:
        case OutputFormat.JSON:
            return json.dumps(batch_dict(reports, summary), indent=2, ensure_ascii=False) + "\n"
        case OutputFormat.JSONL:
            from factcheck.report.jsonl import line, summary_line

            return "".join(line(r) for r in reports) + summary_line(summary)
        case OutputFormat.SARIF:
            return _sarif(reports, summary.skipped)
        case OutputFormat.JUNIT:
            return _junit(reports, summary.skipped)
        case OutputFormat.HTML:
            return _html(reports, summary)
        case OutputFormat.TERMINAL | OutputFormat.MARKDOWN | OutputFormat.GITHUB:
            reporter = get_reporter(fmt, options)
            parts = [reporter.render(r).rstrip("\n") for r in reports]
            if summary.skipped:
                listing = skipped_lines(summary)
                if fmt is OutputFormat.MARKDOWN:
                    listing = [f"- {line}" for line in listing]
                elif fmt is OutputFormat.GITHUB:
                    listing = [f"::warning title=factcheck: skipped::{line}" for line in listing]
                parts.append("\n".join(listing))
            closing = {
                OutputFormat.TERMINAL: summary.line(),
                OutputFormat.MARKDOWN: f"## factcheck: {summary.line()}",
                OutputFormat.GITHUB: f"factcheck: {summary.line()}",
            }[fmt]
            return "\n\n".join([*parts, closing]) + "\n"


def batch_dict(reports: Sequence[Report], summary: BatchSummary) -> dict[str, Any]:
    from factcheck.report.json import VERSION, to_dict

    return {"version": VERSION, "drafts": [to_dict(r) for r in reports],
            "summary": totals_dict(summary)}


def totals_dict(summary: BatchSummary) -> dict[str, Any]:
    """The ``summary`` object of a batch report: drafts, claims, verdict counts, failures."""
    totals: dict[str, Any] = {"drafts": summary.drafts, "claims": summary.claims}
    totals.update({v.value: n for v, n in summary.counts})
    totals.update({"failing": summary.failing, "failed_drafts": list(summary.failed),
                   "passed": summary.passed,
                   "skipped": [{"path": s.path, "reason": s.reason} for s in summary.skipped]})
    return totals


def _sarif(reports: Sequence[Report], skipped: Sequence[SkippedDraft]) -> str:
    from factcheck.report.sarif import to_dict

    logs = [to_dict(r) for r in reports]
    combined = {**logs[0], "runs": [run for log in logs for run in log["runs"]]}
    if skipped:
        # Files not checked are tool notifications, not results (nothing was found in them).
        notes = [{"level": "warning", "message": {"text": f"skipped {s.path}: {s.reason}"},
                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": s.path}}}]}
                 for s in skipped]
        first = combined["runs"][0]
        first["invocations"] = [{"executionSuccessful": True,
                                 "toolExecutionNotifications": notes}]
    return json.dumps(combined, indent=2, ensure_ascii=False) + "\n"


def _junit(reports: Sequence[Report], skipped: Sequence[SkippedDraft]) -> str:
    import xml.etree.ElementTree as ET

    from factcheck.report.common import printable_copy
    from factcheck.report.junit import to_element

    roots = [to_element(r) for r in reports]
    if skipped:
        suite = ET.Element("testsuite", {"name": "factcheck skipped files",
                                         "tests": str(len(skipped)), "failures": "0",
                                         "errors": "0", "skipped": str(len(skipped))})
        for s in printable_copy(tuple(skipped)):
            case = ET.SubElement(suite, "testcase", name=s.path, classname=s.path, file=s.path)
            ET.SubElement(case, "skipped", message=s.reason)
        holder = ET.Element("testsuites", {"tests": str(len(skipped)), "failures": "0",
                                           "errors": "0", "skipped": str(len(skipped))})
        holder.append(suite)
        roots.append(holder)
    totals = {k: str(sum(int(r.get(k, "0")) for r in roots))
              for k in ("tests", "failures", "errors", "skipped")}
    combined = ET.Element("testsuites", {"name": "factcheck", **totals})
    for root in roots:
        combined.extend(list(root))
    ET.indent(combined)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(combined, "unicode") + "\n"


def _html(reports: Sequence[Report], summary: BatchSummary) -> str:
    """One page: the first draft's head and script, each draft's body in its own section."""
    from html import escape

    from factcheck.report.html import render

    pages = [render(r) for r in reports]
    head = pages[0][: pages[0].index("<title>")] + f"<title>factcheck: {escape(summary.line())}"
    head += pages[0][pages[0].index("</title>"): pages[0].index("<body>")]
    tail = pages[0][pages[0].index("\n<script>"):]
    bodies = [p[p.index("<body>") + len("<body>"): p.index("\n<script>")] for p in pages]
    sections = "".join(f'<section class="draft">{b}</section>\n' for b in bodies)
    title = f"<p><strong>{escape(summary.line())}</strong></p>\n"
    return head + "<body>" + title + sections + tail.lstrip("\n")
