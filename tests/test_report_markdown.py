"""Markdown PR comment: summary table, one <details> per claim, escaped, words marked."""

from __future__ import annotations

import re

from factcheck.report import OutputFormat, get_reporter
from factcheck.report.markdown import MAX_CHARS, escape
from tests.report_fixtures import passing_report, rich_report


def render(report: object) -> str:
    return get_reporter(OutputFormat.MARKDOWN).render(report)  # type: ignore[arg-type]


def test_summary_table_counts_every_verdict() -> None:
    text = render(rich_report())
    rows = re.findall(r"^\| \S+ (.+?) \| (\d+) \|$", text, re.M)
    assert len(rows) == 6 and all(n == "1" for _, n in rows)
    assert "FAIL" in text.splitlines()[0]
    assert "PASS" in render(passing_report()).splitlines()[0]


def test_one_collapsible_block_per_claim_worst_first() -> None:
    text = render(rich_report())
    summaries = re.findall(r"<details><summary>(.*?)</summary>", text)
    assert len(summaries) == 6 == text.count("</details>")
    assert "line 18:1" in summaries[0] and "line 9:1" in summaries[1]
    assert "<b>FAIL</b>" in summaries[0] and "<b>FAIL</b>" not in summaries[2]


def test_unsupported_words_are_bold_and_markup_is_escaped() -> None:
    text = render(rich_report())
    assert "**256,000**" in text and "**single**" in text
    assert "**\\<output\\>**" in text and "<output>" not in text
    assert "&lt;output&gt;" in text  # inside the HTML <summary>


def test_escape_neutralises_markdown() -> None:
    assert escape("*a* [b](c) <x> & | `d`") == "\\*a\\* \\[b\\](c) \\<x\\> &amp; \\| \\`d\\`"
    assert escape("two\nlines") == "two lines"
    assert escape("- not a list") == "\\- not a list" and escape("1. no") == "1\\. no"


def test_source_urls_are_autolinks() -> None:
    text = render(rich_report())
    assert "<https://openeval.example.org/results/tern-2> (not\\_found" in text


def test_failed_sources_problems_and_ignored_are_listed() -> None:
    text = render(rich_report())
    assert "not\\_found" in text and "timeout" in text
    assert "dangling\\_citation" in text or "`dangling_citation`" in text
    assert "quoted on purpose" in text


def test_long_reports_fit_a_comment_and_keep_the_failures() -> None:
    from dataclasses import replace

    report = rich_report()
    many = tuple(replace(r, claim=replace(r.claim, id=f"C{i}", line=i + 1))
                 for i, r in enumerate(report.results * 150))
    big = replace(report, results=many)
    text = render(big)
    assert len(text) <= MAX_CHARS
    blocks = re.findall(r"<details><summary>(.*?)</summary>", text)
    assert 0 < len(blocks) < len(many)
    assert not any(" · supported · " in b for b in blocks)  # the first left out
    assert "citation missing" in blocks[0]
    assert "not listed" in text and "Draft problems" in text


def test_mentions_do_not_notify() -> None:
    from factcheck.report.markdown import escape

    assert "@octocat" not in escape("Thanks to @octocat for the tip.")
    assert "octocat" in escape("Thanks to @octocat for the tip.")
