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
    failures = [(c.get("name", "").split()[0], c.find("failure")) for c in cases
                if c.find("failure") is not None]
    # C4 was left unchecked: that fails the draft by default, so it is a failure too.
    assert [(cid, f.get("type")) for cid, f in failures if f is not None] == [
        ("C3", "not_supported"), ("C4", "source_unavailable"), ("C6", "citation_missing")]
    unread = len([s for s in report.sources if s.status.value in ("not_found", "timeout")])
    assert len(cases) == (len(report.results) + len(report.ignored) + len(report.problems)
                          + unread)
    assert suite.get("tests") == str(len(cases)) and suite.get("failures") == "3"
    assert root.get("failures") == "3"


def test_positions_and_skipped_ignored_claim() -> None:
    cases = {c.get("name", "").split()[0]: c for c in parse(rich_report()).iter("testcase")}
    assert cases["C2"].get("line") == "7" and "7:148" in cases["C2"].get("name", "")
    assert cases["C3"].get("classname") == DRAFT
    skipped = cases["C7"].find("skipped")
    assert skipped is not None and "quoted on purpose" in skipped.get("message", "")
    assert IGNORED_TEXT[:20] in cases["C7"].get("name", "")
    assert cases["C1"].find("failure") is None and cases["C1"].find("system-out") is None


def test_allowed_unchecked_claims_and_problems_are_skipped_not_passed() -> None:
    from dataclasses import replace

    root = parse(replace(rich_report(), fail_if_any_unchecked=False))
    cases = {c.get("name", "").split()[0]: c for c in root.iter("testcase")}
    for cid, verdict in (("C4", "source_unavailable"), ("C5", "needs_citation")):
        skipped = cases[cid].find("skipped")
        assert skipped is not None and skipped.get("message", "").startswith(verdict)
    assert "not_found" in (cases["C4"].find("skipped").get("message", ""))  # type: ignore[union-attr]
    partial = cases["C2"].find("system-out")
    assert partial is not None and cases["C2"].find("skipped") is None
    problems = [c for c in root.iter("testcase") if c.get("name", "").startswith("problem ")]
    assert [c.get("name") for c in problems] == ["problem line 18: dangling_citation",
                                                  "problem line 24: unused_reference"]
    assert all(c.find("skipped") is not None for c in problems)
    suite = root.find("testsuite")
    # C4, C5, ignored C7, 2 problems, 2 sources that could not be read
    assert suite is not None and suite.get("skipped") == "7"
    sources = [c for c in root.iter("testcase") if c.get("name", "").startswith("source ")]
    assert [c.get("line") for c in sources] == ["14", "1"]  # at the claim citing it


def test_a_verdict_outside_the_policy_is_skipped_inside_it_fails() -> None:
    from dataclasses import replace

    from factcheck.models import Verdict

    report = replace(rich_report(), fail_on=frozenset({Verdict.SOURCE_UNAVAILABLE}))
    cases = {c.get("name", "").split()[0]: c for c in parse(report).iter("testcase")}
    assert cases["C4"].find("failure") is not None
    assert cases["C3"].find("skipped") is not None and cases["C3"].find("failure") is None


def test_failure_carries_the_unsupported_words_and_escapes_markup() -> None:
    cases = {c.get("name", "").split()[0]: c for c in parse(rich_report()).iter("testcase")}
    failure = cases["C3"].find("failure")
    assert failure is not None and "256,000" in failure.get("message", "")
    assert "<output>" in cases["C2"].get("name", "")  # escaped in the file, intact once parsed


def test_passing_report_has_no_failures() -> None:
    root = parse(passing_report())
    assert root.get("failures") == "0" and root.find(".//failure") is None
