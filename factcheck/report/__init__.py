"""Reporters: one module per output format behind one ``Reporter`` protocol.

A reporter only renders: the ``Report`` has already computed its summary and
verdicts, so every format tells the same story. Formats are registered by name
in ``OutputFormat``; a test checks each member has a reporter.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from importlib import import_module
from typing import Protocol

from factcheck.models import Report


class OutputFormat(StrEnum):
    TERMINAL = "terminal"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"
    SARIF = "sarif"
    GITHUB = "github"
    JUNIT = "junit"
    JSONL = "jsonl"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportOptions:
    """How to render: terminal width and colour, detail level."""

    width: int | None = None
    color: bool = False
    verbose: bool = False
    quiet: bool = False


class Reporter(Protocol):
    def render(self, report: Report) -> str: ...


_MODULES: dict[OutputFormat, str] = {
    OutputFormat.TERMINAL: "factcheck.report.terminal",
    OutputFormat.JSON: "factcheck.report.json",
    OutputFormat.MARKDOWN: "factcheck.report.markdown",
    OutputFormat.HTML: "factcheck.report.html",
    OutputFormat.SARIF: "factcheck.report.sarif",
    OutputFormat.GITHUB: "factcheck.report.github",
    OutputFormat.JUNIT: "factcheck.report.junit",
    OutputFormat.JSONL: "factcheck.report.jsonl",
}

EXTENSIONS: dict[OutputFormat, str] = {
    OutputFormat.TERMINAL: "txt",
    OutputFormat.JSON: "json",
    OutputFormat.MARKDOWN: "md",
    OutputFormat.HTML: "html",
    OutputFormat.SARIF: "sarif",
    OutputFormat.GITHUB: "github.txt",
    OutputFormat.JUNIT: "junit.xml",
    OutputFormat.JSONL: "jsonl",
}
"""File name suffix per format when ``--output`` names a directory (``report.<ext>``)."""


def get_reporter(fmt: OutputFormat, options: ReportOptions | None = None) -> Reporter:
    """The reporter for ``fmt``; its module is imported only when asked for."""
    module = import_module(_MODULES[fmt])
    reporter: Reporter = module.make_reporter(options or ReportOptions())
    return reporter
