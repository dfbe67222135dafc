"""JUnit XML: a test case per claim, per draft problem and per unread source, for CI test
reports (GitLab, Jenkins).

A claim that makes the draft fail (``Report.blocking_ids``: a failing claim, or
one left unchecked when that fails the draft, as it does by default) is a
``<failure>`` whose ``type`` is its verdict, so a failed draft never shows zero
failures. A claim the policy lets through but that was not checked or cannot be
trusted (``source_unavailable`` with ``--allow-unchecked``, ``needs_citation``,
``citation_missing`` or ``not_supported`` outside ``--fail-on``) is
``<skipped>`` with its verdict and reason, so the CI page counts it; a claim
skipped by ``<!-- factcheck: ignore -->`` is ``<skipped>`` with its reason; each
draft problem is a ``<skipped>`` case at its line, and so is each cited source
that could not be read (even when its claims also cite a readable one). A draft
that fails with no claim to blame (the model verifier answered nothing) gets
one failing case saying why. ``partially_supported`` passes and says why in
``<system-out>`` (as does any claim a model verifier judged, whose suite also
names the model in ``<properties>``). The test case name carries the position
so the CI page points at the line. No timestamps, so output is reproducible.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from factcheck.models import Claim, ClaimResult, Problem, Report, Source, Verdict
from factcheck.report import ReportOptions
from factcheck.report.common import (
    citing,
    explain,
    freshness,
    no_model_answer,
    printable_copy,
    shorten,
    unread_line,
    unreadable_sources,
    verifier_summary,
)

NAME_CHARS = 80
SKIPPED = frozenset({Verdict.SOURCE_UNAVAILABLE, Verdict.NEEDS_CITATION,
                     Verdict.CITATION_MISSING, Verdict.NOT_SUPPORTED})
"""Verdicts that are ``<skipped>`` when they do not fail the policy (they fail when they do)."""


def case_name(claim: Claim) -> str:
    return f"{claim.id} line {claim.line}:{claim.column}: {shorten(claim.text, NAME_CHARS)}"


def testcase(report: Report, result: ClaimResult, failing: bool) -> ET.Element:
    case = ET.Element("testcase", name=case_name(result.claim), classname=report.draft,
                      file=report.draft, line=str(result.claim.line))
    if failing:
        failure = ET.SubElement(case, "failure", message=explain(result),
                                type=result.verdict.value)
        failure.text = f"{report.draft}:{result.claim.line}:{result.claim.column}\n" \
                       f"{result.claim.text}\n{explain(result)}"
    elif result.verdict in SKIPPED:
        ET.SubElement(case, "skipped", message=f"{result.verdict.value}: {explain(result)}")
    elif result.verdict is not Verdict.SUPPORTED or result.verification is not None:
        out = ET.SubElement(case, "system-out")
        out.text = explain(result)
    return case


def problem_case(report: Report, problem: Problem) -> ET.Element:
    where = f"line {problem.line}" if problem.line is not None else "draft"
    case = ET.Element("testcase", name=f"problem {where}: {problem.kind.value}",
                      classname=report.draft, file=report.draft, line=str(problem.line or 1))
    ET.SubElement(case, "skipped", message=f"{problem.kind.value}: {problem.message}")
    return case


def ignored_case(report: Report, claim: Claim) -> ET.Element:
    case = ET.Element("testcase", name=case_name(claim), classname=report.draft,
                      file=report.draft, line=str(claim.line))
    ET.SubElement(case, "skipped", message=f"ignored: {claim.ignored or 'no reason given'}")
    return case


def source_case(report: Report, source: Source) -> ET.Element:
    first = next(iter(citing(report, source)), None)
    case = ET.Element("testcase", name=f"source [{source.id}] {source.url or '(no URL)'}",
                      classname=report.draft, file=report.draft,
                      line=str(first.claim.line if first is not None else 1))
    ET.SubElement(case, "skipped", message=unread_line(report, source))
    return case


def draft_case(report: Report, why: str) -> ET.Element:
    case = ET.Element("testcase", name=f"draft {report.draft}", classname=report.draft,
                      file=report.draft, line="1")
    ET.SubElement(case, "failure", message=why, type="draft")
    return case


def to_element(report: Report) -> ET.Element:
    cases = [testcase(report, r, r.claim.id in report.blocking_ids) for r in report.results]
    if (why := no_model_answer(report)) is not None:
        cases.append(draft_case(report, why))
    cases += [ignored_case(report, c) for c in report.ignored]
    cases += [problem_case(report, p) for p in report.problems]
    cases += [source_case(report, s) for s in unreadable_sources(report)]
    skipped = sum(1 for case in cases if case.find("skipped") is not None)
    failures = sum(1 for case in cases if case.find("failure") is not None)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": "0",
              "skipped": str(skipped)}
    root = ET.Element("testsuites", {"name": "factcheck", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": f"factcheck {report.draft}", **counts})
    model = verifier_summary(report)
    read = [s for s in report.sources if s.origin is not None]
    if read or model is not None:
        # Where each source's text came from and when (and which model judged the claims),
        # as suite properties CI pages show.
        props = ET.SubElement(suite, "properties")
        if model is not None:
            ET.SubElement(props, "property", name="verifier", value=model)
        for s in read:
            ET.SubElement(props, "property", name=f"source {s.id} {s.url or ''}".rstrip(),
                          value=freshness(s))
    suite.extend(cases)
    return root


class JunitReporter:
    def render(self, report: Report) -> str:
        root = to_element(printable_copy(report))
        ET.indent(root)
        body = ET.tostring(root, encoding="unicode")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def make_reporter(options: ReportOptions) -> JunitReporter:
    return JunitReporter()
