"""Progress on stderr, never on stdout (which carries only the report).

The pipeline's stages never print; the CLI injects one of these. All follow the
fetcher's progress protocol, ``start(total)`` then ``advance(url, result)`` once
per source, plus ``draft_done(report)`` from the CLI as each draft's report
arrives and ``close()`` when the check is done. On a terminal a bar shows the
fetching and then a spinner the matching; anywhere else (CI logs) a single
summary line is written once every source is in. A run that fetches window by
window (a stream of many drafts, a cluster) counts drafts instead: a bar on a
terminal, else a line at every tenth of the drafts (one line for a small run).
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any, TextIO

_ORIGIN_WORDS = {"network": "fetched", "revalidated": "revalidated (unchanged)",
                 "cache": "from the cache", "snapshot": "from the snapshot"}


def _status(result: Any) -> str:
    """``fetched``, ``from the cache``... for a source that was read, else its status."""
    status = getattr(result, "status", None)
    if status is not None:
        return str(getattr(status, "value", status))
    origin = getattr(result, "origin", None)
    return _ORIGIN_WORDS.get(str(getattr(origin, "value", origin)), "read")


class SummaryLine:
    """For logs: ``factcheck: 5 sources: 3 fetched, 1 from the cache, 1 not_found``, once."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stderr
        self._total = 0
        self._seen: Counter[str] = Counter()

    def start(self, total: int) -> None:
        self._total = total

    def advance(self, url: str, result: Any) -> None:
        self._seen[_status(result)] += 1
        if sum(self._seen.values()) == self._total:
            parts = ", ".join(f"{n} {status}" for status, n in sorted(self._seen.items()))
            noun = "source" if self._total == 1 else "sources"
            print(f"factcheck: {self._total} {noun}: {parts}", file=self._stream)

    def draft_done(self, report: Any) -> None:
        """Sources are what this one counts."""

    def close(self) -> None:
        """Nothing to tear down: the line is written as soon as fetching ends."""


class RichProgress:
    """For terminals: a transient bar while fetching, then a spinner while matching."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
        )

        self._progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
            MofNCompleteColumn(), TextColumn("{task.fields[last]}"),
            console=Console(stderr=True), transient=True,
        )
        self._task: Any = None

    def start(self, total: int) -> None:
        self._progress.start()
        self._task = self._progress.add_task("fetching sources", total=total, last="")

    def advance(self, url: str, result: Any) -> None:
        self._progress.update(self._task, advance=1, last=url[-50:])
        if self._progress.finished:
            self._progress.update(self._task, description="matching claims", last="")

    def draft_done(self, report: Any) -> None:
        """Sources are what this one counts."""

    def close(self) -> None:
        self._progress.stop()


LOG_EVERY_TENTH = 100
"""Runs of at least this many drafts log a line at every tenth; smaller ones once, at the end."""


class DraftCount:
    """Drafts done out of ``total``: a bar on a terminal, else a line per tenth (logs).

    Fetch events are ignored: in a run that fetches window by window they would
    restart a count of sources for every window.
    """

    def __init__(self, total: int, *, terminal: bool, stream: TextIO | None = None) -> None:
        self._total, self._done, self._terminal = total, 0, terminal
        self._stream = stream or sys.stderr
        self._bar: Any = None
        self._task: Any = None

    def start(self, total: int) -> None:
        """Sources of one window: not what this one counts."""

    def advance(self, url: str, result: Any) -> None:
        """See ``start``."""

    def draft_done(self, report: Any) -> None:
        self._done += 1
        if self._terminal:
            self._tick()
        elif self._done == self._total or (self._total >= LOG_EVERY_TENTH and (
                self._done * 10 // self._total != (self._done - 1) * 10 // self._total)):
            noun = "draft" if self._total == 1 else "drafts"
            print(f"factcheck: {self._done} of {self._total} {noun} checked",
                  file=self._stream)

    def _tick(self) -> None:
        if self._bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._bar = Progress(TextColumn("checking drafts"), BarColumn(),
                                 MofNCompleteColumn(), console=Console(stderr=True),
                                 transient=True)
            self._bar.start()
            self._task = self._bar.add_task("drafts", total=self._total)
        self._bar.update(self._task, completed=self._done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def make_progress(terminal: bool, drafts: int | None = None) -> RichProgress | SummaryLine \
        | DraftCount:
    """Sources fetched, or with ``drafts`` (their number) drafts checked."""
    if drafts is not None:
        return DraftCount(drafts, terminal=terminal)
    return RichProgress() if terminal else SummaryLine()
