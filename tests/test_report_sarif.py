"""SARIF 2.1.0: valid against the schema, one result per failing claim, at its position."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import jsonschema
import pytest

from factcheck.models import Verdict
from factcheck.report import OutputFormat, get_reporter
from factcheck.report.sarif import artifact_uri, rule_id
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


def test_one_result_per_failing_claim_with_rule_per_verdict() -> None:
    report = rich_report()
    run = render(report)["runs"][0]
    results = run["results"]
    failing = report.failing()
    assert len(results) == len(failing) == 2
    assert [r["ruleId"] for r in results] == [rule_id(f.verdict) for f in failing]
    assert {r["ruleId"] for r in results} == {"factcheck/not_supported",
                                              "factcheck/citation_missing"}
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule_id(v) for v in Verdict]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["level"] == "error"


def test_region_is_the_claims_line_and_column() -> None:
    report = rich_report()
    results = render(report)["runs"][0]["results"]
    for result, claim in zip(results, (f.claim for f in report.failing()), strict=True):
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == DRAFT
        assert location["region"]["startLine"] == claim.line
        assert location["region"]["startColumn"] == claim.column
        assert result["properties"]["claim"] == claim.id


def test_message_names_unsupported_words() -> None:
    result = render(rich_report())["runs"][0]["results"][0]  # draft order: C3 comes first
    assert result["properties"]["verdict"] == "not_supported"
    assert "256,000" in result["message"]["text"] and "single" in result["message"]["text"]


def test_passing_report_has_no_results_and_summary_passes() -> None:
    run = render(passing_report())["runs"][0]
    assert run["results"] == []
    assert run["properties"]["summary"]["passed"] is True


def test_fingerprint_survives_moving_lines() -> None:
    a = render(rich_report())["runs"][0]["results"][0]["partialFingerprints"]
    moved = rich_report()
    results = tuple(replace(r, claim=replace(r.claim, line=r.claim.line + 5))
                    for r in moved.results)
    b = render(replace(moved, results=results))["runs"][0]["results"][0]
    assert b["partialFingerprints"] == a
    assert b["locations"][0]["physicalLocation"]["region"]["startLine"] == 9 + 5


@pytest.mark.parametrize(("path", "uri"), [
    ("posts/a b.md", "posts/a%20b.md"),
    ("posts\\win.md", "posts/win.md"),
    ("/abs/draft.md", "file:///abs/draft.md"),
])
def test_artifact_uri(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri
