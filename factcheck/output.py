"""Where finished reports go: stdout or a file, a JSON Lines stream, a directory per draft.

The CLI hands every ``Report`` to each of its outputs as the pipeline yields it,
in draft order. ``Collected`` keeps the reports and renders them once at the end
(one draft's report, or the drafts combined as ``report/batch.py`` does);
``Lines`` writes each draft's line at once and the totals last; ``Directory``
writes each draft's reports at once and ``summary.json`` last. The last two keep
only running totals, so a run of any number of drafts holds a window of them,
and a run that stops early leaves the drafts finished so far, without the
closing totals that would make it look complete.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

from factcheck.errors import ConfigError
from factcheck.models import Report, SkippedDraft
from factcheck.report import EXTENSIONS, OutputFormat, ReportOptions, get_reporter
from factcheck.report.batch import Tally, totals_dict

SUMMARY_FILE = "summary.json"


def _say(message: str) -> None:
    print(f"factcheck: {message}", file=sys.stderr)


def write_text(path: Path, text: str) -> None:
    """Write a report file whole: readers see the old file or the new one, never a part."""
    blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise ConfigError(f"cannot write report to {path}: {blocker} is a file, not a directory")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise ConfigError(f"cannot write report to {path}: {exc.strerror or exc}") from exc


class Collected:
    """One document of format ``fmt`` for the whole run, rendered when the run is done."""

    keeps_reports = True

    def __init__(self, fmt: OutputFormat, target: Path | None, options: ReportOptions,
                 *, single: bool) -> None:
        self.fmt, self.target, self.options, self.single = fmt, target, options, single
        self.reports: list[Report] = []
        self.skipped: list[SkippedDraft] = []

    def add(self, report: Report) -> None:
        self.reports.append(report)

    def skip(self, skipped: SkippedDraft) -> None:
        self.skipped.append(skipped)

    def finish(self) -> None:
        if self.single and len(self.reports) == 1 and not self.skipped:
            text = get_reporter(self.fmt, self.options).render(self.reports[0])
        else:
            from factcheck.report.batch import render_batch

            text = render_batch(self.reports, self.fmt, self.options, skipped=self.skipped)
        if self.target is None or str(self.target) == "-":
            sys.stdout.write(text)
            return
        write_text(self.target, text)
        _say(f"wrote {self.fmt.value} report to {self.target}")

    def close(self) -> None:
        self.reports = []


class Lines:
    """JSON Lines on ``stream``: each draft's line as soon as it is done, the totals last."""

    keeps_reports = False

    def __init__(self, stream: TextIO, name: str | None = None) -> None:
        self.stream, self.name = stream, name
        self.tally = Tally()

    def add(self, report: Report) -> None:
        from factcheck.report.jsonl import line

        self.stream.write(line(report))
        self.stream.flush()
        self.tally.add(report)

    def skip(self, skipped: SkippedDraft) -> None:
        self.tally.skip(skipped)  # listed with its reason in the totals line

    def finish(self) -> None:
        from factcheck.report.jsonl import summary_line

        self.stream.write(summary_line(self.tally.summary()))
        self.stream.flush()
        if self.name is not None:
            _say(f"wrote jsonl report to {self.name}")

    def close(self) -> None:
        if self.stream is not sys.stdout:
            self.stream.close()


class Directory:
    """Each draft's reports as ``DIR/<draft path>.<ext>`` (the path relative to the folder
    all drafts share), written as the draft is done; ``DIR/summary.json`` last."""

    keeps_reports = False

    def __init__(self, folder: Path, formats: list[OutputFormat], paths: list[Path],
                 options: ReportOptions) -> None:
        self.folder, self.formats, self.options = folder, list(dict.fromkeys(formats)), options
        parents = [str(p.resolve().parent) for p in paths]
        self.base = Path(os.path.commonpath(parents)) if parents else Path.cwd()
        self.tally = Tally()
        self.entries: list[dict[str, Any]] = []
        if any(self._name(p, f) == SUMMARY_FILE for p in paths for f in self.formats):
            raise ConfigError(f"a draft's report would overwrite {folder / SUMMARY_FILE}; "
                              "rename the draft or write its report with --output")
        # A summary left by an earlier run would make an unfinished run look complete.
        with contextlib.suppress(FileNotFoundError):
            (folder / SUMMARY_FILE).unlink()

    def _name(self, path: Path, fmt: OutputFormat) -> str:
        relative = path.resolve().relative_to(self.base).as_posix()
        return f"{relative}.{EXTENSIONS[fmt]}"

    def add(self, report: Report) -> None:
        files = []
        for fmt in self.formats:
            name = self._name(Path(report.draft), fmt)
            write_text(self.folder / name, get_reporter(fmt, self.options).render(report))
            files.append(name)
        self.tally.add(report)
        self.entries.append({"draft": report.draft, "passed": report.summary.passed,
                             "claims": report.summary.claims,
                             "failing": len(report.failing()), "reports": files})

    def skip(self, skipped: SkippedDraft) -> None:
        self.tally.skip(skipped)  # listed with its reason in summary.json

    def finish(self) -> None:
        from factcheck.report.json import VERSION

        summary = self.tally.summary()
        document = {"version": VERSION, "summary": totals_dict(summary), "drafts": self.entries}
        write_text(self.folder / SUMMARY_FILE,
                   json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        _say(f"wrote {len(self.entries)} drafts' reports to {self.folder} "
             f"({SUMMARY_FILE}): {summary.line(names=False)}")

    def close(self) -> None:
        """Every file is written whole as it is made; nothing stays open."""
