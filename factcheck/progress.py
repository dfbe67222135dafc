"""Progress on stderr, never on stdout (which carries only the report).

The pipeline's stages never print; the CLI injects one of these. Both follow the
fetcher's progress protocol, ``start(total)`` then ``advance(url, result)`` once
per source, plus ``close()`` from the CLI when the check is done. On a terminal a
bar shows the fetching and then a spinner the matching; anywhere else (CI logs)
a single summary line is written once every source is in.
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

    def close(self) -> None:
        self._progress.stop()


def make_progress(terminal: bool) -> RichProgress | SummaryLine:
    return RichProgress() if terminal else SummaryLine()
