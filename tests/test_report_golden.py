"""Every format rendered from the fixed fixture report matches its golden file.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 pytest
tests/test_report_golden.py`` and review the diff. The tool version is
normalised so a release does not churn the files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factcheck import __version__
from factcheck.models import Verdict
from factcheck.report import EXTENSIONS, OutputFormat, ReportOptions, get_reporter
from factcheck.report.common import LABEL, SEVERITY
from factcheck.report.markdown import ICON
from factcheck.report.terminal import BADGE
from tests.report_fixtures import rich_report

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

CASES: dict[str, tuple[OutputFormat, ReportOptions]] = {
    **{f"report.{EXTENSIONS[f]}": (f, ReportOptions(width=100))
       for f in OutputFormat if f is not OutputFormat.TERMINAL},
    "terminal-80.txt": (OutputFormat.TERMINAL, ReportOptions(width=80)),
    "terminal-120.txt": (OutputFormat.TERMINAL, ReportOptions(width=120)),
    "terminal-80-verbose.txt": (OutputFormat.TERMINAL, ReportOptions(width=80, verbose=True)),
    "terminal-80-quiet.txt": (OutputFormat.TERMINAL, ReportOptions(width=80, quiet=True)),
}


def normalise(text: str) -> str:
    return text.replace(f'"version": "{__version__}"', '"version": "<version>"')


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_golden_file(name: str) -> None:
    fmt, options = CASES[name]
    text = normalise(get_reporter(fmt, options).render(rich_report()))
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.is_file(), f"missing {path}; run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_rendering_is_deterministic(fmt: OutputFormat) -> None:
    reporter = get_reporter(fmt, ReportOptions(width=80))
    assert reporter.render(rich_report()) == reporter.render(rich_report())


@pytest.mark.parametrize("verdict", list(Verdict))
def test_every_verdict_has_a_rank_label_badge_and_icon(verdict: Verdict) -> None:
    assert verdict in SEVERITY and LABEL[verdict] and BADGE[verdict] and ICON[verdict]


def test_every_format_has_a_file_extension() -> None:
    assert set(EXTENSIONS) == set(OutputFormat)
    assert len(set(EXTENSIONS.values())) == len(EXTENSIONS)
