"""Drafts in other formats, rendered as Markdown that keeps the way back to the original.

An HTML export or a Word file is not parsed by its own claim splitter: its
reader (``draft_html.py``, ``draft_docx.py``) writes the draft's prose,
headings, lists and notes as Markdown, and ``draft.parse_draft`` reads that
like any Markdown draft. What must not be lost is *where* each character came
from, because reports point the editor at the file they have: every run of
rendered text records the line and column (HTML: line and column of the source
file; Word: paragraph number and character) of its first character, and
characters within a run advance the column one by one.

:class:`MarkdownWriter` builds the text and the map together;
:class:`Rendered` answers ``locate(offset) -> (line, column)``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, kw_only=True)
class Rendered:
    """Markdown rendered from another format, and the origin of each of its characters."""

    text: str
    starts: tuple[int, ...]
    """Offsets in ``text`` where a run begins (ascending, the first is 0)."""
    origins: tuple[tuple[int, int], ...]
    """(line, column) in the original of each run's first character."""
    advancing: tuple[bool, ...]
    """Whether the column advances with each character of the run (text) or stays (markup)."""

    def locate(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the original of the rendered character at ``offset``."""
        if not self.starts:
            return 1, 1
        i = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        line, column = self.origins[i]
        return line, column + (offset - self.starts[i] if self.advancing[i] else 0)


@dataclass(slots=True)
class MarkdownWriter:
    """Appends text with its origin; consecutive runs that continue each other are merged."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    starts: list[int] = field(default_factory=list)
    origins: list[tuple[int, int]] = field(default_factory=list)
    advancing: list[bool] = field(default_factory=list)

    def text(self, text: str, line: int, column: int) -> None:
        """Prose copied from the original: column advances with each character."""
        self._add(text, (line, column), advancing=True)

    def markup(self, text: str, line: int, column: int) -> None:
        """Text the renderer adds (``## ``, ``1. ``, ``[3]``): every character at one origin."""
        self._add(text, (line, column), advancing=False)

    def _add(self, text: str, origin: tuple[int, int], *, advancing: bool) -> None:
        if not text:
            return
        if self.starts and self.advancing[-1] and advancing:
            last_line, last_col = self.origins[-1]
            if origin == (last_line, last_col + self.length - self.starts[-1]):
                self.parts.append(text)  # continues the previous run
                self.length += len(text)
                return
        self.starts.append(self.length)
        self.origins.append(origin)
        self.advancing.append(advancing)
        self.parts.append(text)
        self.length += len(text)

    def result(self) -> Rendered:
        return Rendered(text="".join(self.parts), starts=tuple(self.starts),
                        origins=tuple(self.origins), advancing=tuple(self.advancing))
