"""JUnit XML parsed back: one test case per claim, failures for failing claims."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from factcheck.report import OutputFormat, get_reporter
from tests.report_fixtures import DRAFT, IGNORED_TEXT, passing_report, rich_report


def parse(report: object) -> ET.Element:
    return ET.fromstring(get_reporter(OutputFormat.JUNIT).render(report))  # type: ignore[arg-type]


def test_one_testcase_per_claim_and_failures_for_failing() -> None:
    report = rich_report()
    root = parse(report)
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert len(cases) == len(report.results) + len(report.ignored)
    failures = [(c.get("name", "").split()[0], c.find("failure")) for c in cases
                if c.find("failure") is not None]
    assert [(cid, f.get("type")) for cid, f in failures if f is not None] == [
        ("C3", "not_supported"), ("C6", "citation_missing")]
    assert suite.get("tests") == str(len(cases)) and suite.get("failures") == "2"
    assert root.get("failures") == "2"


def test_positions_and_skipped_ignored_claim() -> None:
    cases = {c.get("name", "").split()[0]: c for c in parse(rich_report()).iter("testcase")}
    assert cases["C2"].get("line") == "7" and "7:148" in cases["C2"].get("name", "")
    assert cases["C3"].get("classname") == DRAFT
    skipped = cases["C7"].find("skipped")
    assert skipped is not None and "quoted on purpose" in skipped.get("message", "")
    assert IGNORED_TEXT[:20] in cases["C7"].get("name", "")
    out = cases["C4"].find("system-out")
    assert out is not None and "not_found" in (out.text or "")
    assert cases["C1"].find("failure") is None and cases["C1"].find("system-out") is None


def test_failure_carries_the_unsupported_words_and_escapes_markup() -> None:
    cases = {c.get("name", "").split()[0]: c for c in parse(rich_report()).iter("testcase")}
    failure = cases["C3"].find("failure")
    assert failure is not None and "256,000" in failure.get("message", "")
    assert "<output>" in cases["C2"].get("name", "")  # escaped in the file, intact once parsed


def test_passing_report_has_no_failures() -> None:
    root = parse(passing_report())
    assert root.get("failures") == "0" and root.find(".//failure") is None
