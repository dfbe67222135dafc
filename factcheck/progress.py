"""A progress display for terminals, written to stderr, never to stdout.

The pipeline's stages never print; the CLI injects this object when stderr is
a terminal. It follows the fetcher's progress protocol: ``start(total)`` then
``advance(url, result)`` once per source.
"""

from __future__ import annotations

from typing import Any


class RichProgress:
    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._progress = Progress(
            TextColumn("fetching sources"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[last]}"),
            console=Console(stderr=True), transient=True,
        )
        self._task: Any = None

    def start(self, total: int) -> None:
        self._progress.start()
        self._task = self._progress.add_task("fetch", total=total, last="")

    def advance(self, url: str, result: Any) -> None:
        self._progress.update(self._task, advance=1, last=url[-50:])
        if self._progress.finished:
            self._progress.stop()


def make_progress() -> RichProgress:
    return RichProgress()
