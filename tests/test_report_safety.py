"""Untrusted text (drafts, pages) never reaches a terminal, log or parser as control codes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from factcheck.draft import parse_draft
from factcheck.models import Claim, ClaimResult, Evidence, Report, Span, Verdict
from factcheck.report import OutputFormat, ReportOptions, get_reporter
from factcheck.report.claims import render_claims
from factcheck.report.common import printable, printable_copy

HOSTILE = "Acme sold \x1b[2J5 rockets\x07 in \x1b]0;owned\x07 2024."


def hostile_report() -> Report:
    claim = Claim(id="C1", text=HOSTILE, line=1, column=1, offset=0, citations=("1",))
    result = ClaimResult(
        claim=claim, verdict=Verdict.NOT_SUPPORTED, score=0.1,
        evidence=(Evidence(source="1", text="Acme sold \x1b[31m4\x1b[0m rockets.", score=0.1),),
        unsupported_spans=(Span(start=10, end=19, text=HOSTILE[10:19]),),
    )
    return Report(draft="d.md", results=(result,), sources=(), problems=())


def test_printable_keeps_length_and_offsets() -> None:
    assert len(printable(HOSTILE)) == len(HOSTILE)
    assert "\x1b" not in printable(HOSTILE) and "\x07" not in printable(HOSTILE)
    clean = printable_copy(hostile_report())
    span = clean.results[0].unsupported_spans[0]
    assert clean.results[0].claim.text[span.start:span.end] == span.text
    assert clean.summary == hostile_report().summary


def test_terminal_and_github_carry_no_control_codes() -> None:
    for fmt in (OutputFormat.TERMINAL, OutputFormat.GITHUB):
        text = get_reporter(fmt, ReportOptions(width=80)).render(hostile_report())
        assert "\x1b" not in text and "\x07" not in text, fmt


def test_coloured_terminal_has_only_its_own_escapes() -> None:
    text = get_reporter(OutputFormat.TERMINAL, ReportOptions(width=80, color=True)).render(
        hostile_report())
    assert "\x1b]0;" not in text and "\x1b[2J" not in text and "\x07" not in text


def test_junit_with_control_characters_parses() -> None:
    ET.fromstring(get_reporter(OutputFormat.JUNIT).render(hostile_report()))


def test_claims_table_prints_brackets_literally() -> None:
    draft = parse_draft("The mayor [sic] said [/b] it cost 5 dollars [1].\n\n"
                        "## References\n[1] https://example.com/a\n", "d.md")
    text = render_claims(draft, "table", width=120)
    assert "[sic]" in text and "[/b]" in text


def test_junit_with_xml_forbidden_code_points_parses() -> None:
    claim = Claim(id="C1", text="Acme sold \ufffe5 rockets\uffff.", line=1, column=1, offset=0,
                  citations=("1",))
    result = ClaimResult(claim=claim, verdict=Verdict.NOT_SUPPORTED, score=0.1)
    report = Report(draft="d.md", results=(result,), sources=(), problems=())
    ET.fromstring(get_reporter(OutputFormat.JUNIT).render(report))
