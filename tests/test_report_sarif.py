"""SARIF 2.1.0: valid against the schema; every claim that is not supported and every draft
problem is a result at its position, at the level docs/report-format.md gives it."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import jsonschema
import pytest

from factcheck.models import ProblemKind, Verdict
from factcheck.report import OutputFormat, get_reporter
from factcheck.report.sarif import LEVEL, PROBLEM_LEVEL, artifact_uri, mime_type, rule_id
from tests.report_fixtures import DRAFT, passing_report, rich_report
from tests.sarif_schema import sarif_schema_path


def render(report: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(get_reporter(OutputFormat.SARIF).render(report))
    return data


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(sarif_schema_path().read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("make", [rich_report, passing_report])
def test_valid_against_the_sarif_schema(validator: Any, make: Any) -> None:
    errors = [e.message for e in validator.iter_errors(render(make()))]
    assert errors == []


def test_schema_rejects_a_broken_log(validator: Any) -> None:
    log = render(rich_report())
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    del log["runs"][0]["results"][1]["message"]
    assert len(list(validator.iter_errors(log))) >= 2


def test_every_problem_is_a_result_with_its_level() -> None:
    report = rich_report()
    run = render(report)["runs"][0]
    results = run["results"]
    unsupported = [r for r in report.results if r.verdict is not Verdict.SUPPORTED]
    unread = [s for s in report.sources if s.status.value in ("not_found", "timeout")]
    assert len(results) == len(unsupported) + len(report.problems) + len(unread) == 9
    claims = results[: len(unsupported)]
    assert [r["ruleId"] for r in claims] == [rule_id(u.verdict) for u in unsupported]
    levels = {r["properties"]["verdict"]: r["level"] for r in claims}
    assert levels == {
        "partially_supported": "note",
        "not_supported": "error",          # fails the policy
        "source_unavailable": "error",     # left unchecked: fails the draft by default
        "needs_citation": "warning",
        "citation_missing": "error",       # fails the policy
    }
    problems = results[len(unsupported):len(unsupported) + len(report.problems)]
    assert [(r["ruleId"], r["level"]) for r in problems] == [
        ("factcheck/dangling_citation", "warning"), ("factcheck/unused_reference", "note")]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in problems] == [
        p.line for p in report.problems]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule_id(k) for k in (*Verdict, *ProblemKind,
                                                                    "unread_source")]
    sources = results[len(unsupported) + len(report.problems):]
    assert [(r["ruleId"], r["properties"]["source"], r["properties"]["reason"]) for r in sources
            ] == [("factcheck/unread_source", "5", "not_found"),
                  ("factcheck/unread_source", "6", "timeout")]
    assert sources[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 14
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]


def test_levels_follow_the_policy() -> None:
    """A verdict outside --fail-on is no error; one inside it is, whatever its default level."""
    report = replace(rich_report(), fail_on=frozenset({Verdict.SOURCE_UNAVAILABLE}))
    levels = {r["properties"]["verdict"]: r["level"] for r in render(report)["runs"][0]["results"]
              if "verdict" in r["properties"]}
    assert levels["source_unavailable"] == "error"
    assert levels["not_supported"] == LEVEL[Verdict.NOT_SUPPORTED] == "warning"
    assert levels["citation_missing"] == "warning"


def test_every_verdict_and_problem_kind_has_a_level() -> None:
    assert set(LEVEL) == set(Verdict) and set(PROBLEM_LEVEL) == set(ProblemKind)
    assert set(LEVEL.values()) | set(PROBLEM_LEVEL.values()) <= {"none", "note", "warning"}


def test_region_is_the_claims_line_and_column() -> None:
    report = rich_report()
    results = [r for r in render(report)["runs"][0]["results"] if "claim" in r["properties"]]
    claims = [r.claim for r in report.results if r.verdict is not Verdict.SUPPORTED]
    for result, claim in zip(results, claims, strict=True):
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == DRAFT
        assert location["region"]["startLine"] == claim.line
        assert location["region"]["startColumn"] == claim.column
        assert result["properties"]["claim"] == claim.id


def test_message_names_unsupported_words() -> None:
    result = next(r for r in render(rich_report())["runs"][0]["results"]
                  if r["properties"].get("verdict") == "not_supported")
    assert "256,000" in result["message"]["text"] and "single" in result["message"]["text"]


def test_passing_report_has_no_results_and_summary_passes() -> None:
    run = render(passing_report())["runs"][0]
    assert run["results"] == []
    assert run["properties"]["summary"]["passed"] is True


def test_fingerprint_survives_moving_lines() -> None:
    a = render(rich_report())["runs"][0]["results"][1]["partialFingerprints"]
    moved = rich_report()
    results = tuple(replace(r, claim=replace(r.claim, line=r.claim.line + 5))
                    for r in moved.results)
    b = render(replace(moved, results=results))["runs"][0]["results"][1]
    assert b["partialFingerprints"] == a
    assert b["properties"]["claim"] == "C3"
    assert b["locations"][0]["physicalLocation"]["region"]["startLine"] == 9 + 5


@pytest.mark.parametrize(("path", "uri"), [
    ("posts/a b.md", "posts/a%20b.md"),
    ("posts\\win.md", "posts/win.md"),
    ("/abs/draft.md", "file:///abs/draft.md"),
])
def test_artifact_uri(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri


@pytest.mark.parametrize(("path", "mime"), [
    ("a.md", "text/markdown"), ("b.html", "text/html"), ("c.txt", "text/plain"),
    ("d.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
])
def test_artifact_mime_type_follows_the_draft_format(path: str, mime: str) -> None:
    assert mime_type(path) == mime
