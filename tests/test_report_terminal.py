"""Terminal report at 80 and 120 columns: verdicts, highlights as styles, badges whole."""

from __future__ import annotations

import re

import pytest

from factcheck.models import Verdict
from factcheck.report import OutputFormat, ReportOptions, get_reporter
from factcheck.report.terminal import (
    BADGE,
    SHARED_STYLE,
    UNSUPPORTED_STYLE,
    claim_text,
    evidence_text,
)
from tests.report_fixtures import passing_report, rich_report

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def render(width: int, **options: bool) -> str:
    return get_reporter(OutputFormat.TERMINAL, ReportOptions(width=width, **options)).render(
        rich_report())


@pytest.mark.parametrize("width", [80, 120])
def test_every_verdict_badge_is_whole_on_one_line(width: int) -> None:
    for text in (render(width), ANSI.sub("", render(width, color=True))):
        for verdict in Verdict:
            padded = f" {BADGE[verdict][0]} "
            # whole, with its padding, once in the header counts and once on the claim's line
            assert sum(line.count(padded) for line in text.splitlines()) >= 2, padded


@pytest.mark.parametrize("width", [80, 120])
def test_no_line_is_wider_than_the_terminal(width: int) -> None:
    assert max(len(line) for line in render(width).splitlines()) <= width
    assert max(len(line) for line in render(width, verbose=True).splitlines()) <= width


@pytest.mark.parametrize("width", [80, 120])
def test_claims_worst_first_with_positions(width: int) -> None:
    text = render(width)
    heads = re.findall(r"^(\d+:\d+)\s+(CITATION MISSING|NOT SUPPORTED|SOURCE UNAVAILABLE|"
                       r"NEEDS CITATION|PARTIALLY SUPPORTED|SUPPORTED)\s+(\S+)", text, re.M)
    assert [(pos, label) for pos, label, _ in heads] == [
        ("18:1", "CITATION MISSING"), ("9:1", "NOT SUPPORTED"), ("14:1", "SOURCE UNAVAILABLE"),
        ("14:53", "NEEDS CITATION"), ("7:148", "PARTIALLY SUPPORTED"), ("7:1", "SUPPORTED")]
    assert [score for _, _, score in heads] == ["—", "0.12", "—", "—", "0.41", "0.87"]
    assert text.lstrip().startswith("FAIL") and "2 failing" in text.splitlines()[0]


def test_unavailable_source_status_and_title_are_shown() -> None:
    text = render(120)
    # Explained once in the list of unread sources, pointed to from the claim.
    assert "[5] not_found  https://openeval.example.org/results/tern-2" in text
    assert "[5] could not be read: not_found (see the sources below)" in text
    assert "Introducing Tern-2 — https://harbor-ai.example.com/blog/introducing-tern-2" in text


def test_highlights_are_styles_on_the_right_words() -> None:
    report = rich_report()
    not_supported = report.results[2]
    text = claim_text(not_supported)
    styled = {text.plain[s.start:s.end] for s in text.spans if str(s.style) == UNSUPPORTED_STYLE}
    assert styled == {"256,000", "single"}
    ev = evidence_text(not_supported.evidence[0], not_supported.claim.text)
    shared = {ev.plain[s.start:s.end] for s in ev.spans if str(s.style) == SHARED_STYLE}
    assert {"context", "window", "tokens"} <= shared
    assert "128,000" not in shared and "The" not in shared


def test_colour_render_marks_unsupported_words_with_ansi() -> None:
    text = render(120, color=True)
    assert ANSI.search(text)
    # the unsupported number is wrapped in its own style sequence, the word before it is not
    assert re.search(r"\x1b\[[0-9;]*m256,000\x1b\[0m", text)
    assert not re.search(r"\x1b\[[0-9;]*mof\x1b\[0m", text)


def test_no_colour_unless_asked() -> None:
    assert not ANSI.search(render(80)) and not ANSI.search(render(80, verbose=True))


def test_verbose_shows_every_evidence_and_score_parts() -> None:
    plain, verbose = render(120), render(120, verbose=True)
    assert "evidence [2] 0.05" not in plain and "evidence [2] 0.05" in verbose
    assert "score parts" not in plain and "overlap=0.30" in verbose


def test_quiet_shows_only_failures_and_summary() -> None:
    text = render(80, quiet=True)
    assert "NOT SUPPORTED" in text and "CITATION MISSING" in text
    assert "Independent testers" not in text and "Harbor AI has released" not in text
    assert "Draft problems" not in text


def test_pass_header() -> None:
    text = get_reporter(OutputFormat.TERMINAL, ReportOptions(width=80)).render(passing_report())
    assert text.lstrip().startswith("PASS")


def test_words_on_a_green_claim_are_a_hint_and_on_a_failing_one_a_finding() -> None:
    from dataclasses import replace

    from tests.report_fixtures import SUPPORTED_TEXT, _span

    report = rich_report()
    green = next(r for r in report.results if r.verdict is Verdict.SUPPORTED)
    hinted = replace(green, unsupported_spans=(_span(SUPPORTED_TEXT, "public API"),))
    report = replace(report, results=tuple(hinted if r is green else r for r in report.results))
    text = get_reporter(OutputFormat.TERMINAL, ReportOptions(width=120)).render(report)
    # The words a frame conflict is about are on the page: "not found" would be untrue.
    assert "words the source may not back: “public API”" in text
    assert "not backed by the source: “256,000”, “single”" in text
