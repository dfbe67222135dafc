"""SARIF 2.1.0 log for code-scanning UIs (GitHub code scanning, IDE viewers).

One result per failing claim (``Report.failing()``), at the claim's line and
column in the draft, with one rule per verdict so a UI can group and filter
them. Claims that do not fail the policy are left out: code-scanning alerts are
things to fix. A ``partialFingerprints`` entry built from the claim's text keeps
an alert the same alert when lines move. Output is deterministic (sorted rules,
draft order, no timestamps); a test validates it against the SARIF schema.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from factcheck import __version__
from factcheck.models import ClaimResult, Report, Source, Verdict
from factcheck.report import ReportOptions
from factcheck.report.common import DESCRIPTION, LABEL, explain, shorten
from factcheck.report.json import summary_dict, verifier_dict

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/factcheck-dev/factcheck"
RULES: tuple[Verdict, ...] = tuple(Verdict)
CLAIM_CHARS = 160
"""The claim quoted in a result's message is cut to this many characters."""


def rule_id(verdict: Verdict) -> str:
    return f"factcheck/{verdict.value}"


def rule(verdict: Verdict) -> dict[str, Any]:
    return {
        "id": rule_id(verdict),
        "name": "".join(word.capitalize() for word in verdict.value.split("_")),
        "shortDescription": {"text": LABEL[verdict].capitalize()},
        "fullDescription": {"text": DESCRIPTION[verdict]},
        "help": {"text": DESCRIPTION[verdict] + " See docs/report-format.md for the verdicts."},
        "defaultConfiguration": {"level": "error"},
    }


def artifact_uri(path: str) -> str:
    """The draft's path as a URI reference: relative stays relative, with '/' separators."""
    if PureWindowsPath(path).drive or PurePath(path).is_absolute():
        posix = PureWindowsPath(path).as_posix() if PureWindowsPath(path).drive else path
        return "file://" + ("" if posix.startswith("/") else "/") + quote(posix)
    return quote(path.replace("\\", "/"))


def fingerprint(result: ClaimResult) -> str:
    text = " ".join(result.claim.text.split())
    return hashlib.sha256(f"{result.verdict.value}:{text}".encode()).hexdigest()[:32]


def result_dict(result: ClaimResult, uri: str) -> dict[str, Any]:
    c = result.claim
    return {
        "ruleId": rule_id(result.verdict),
        "ruleIndex": RULES.index(result.verdict),
        "level": "error",
        "message": {"text": f'{c.id} "{shorten(c.text, CLAIM_CHARS)}": {explain(result)}'},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": {"startLine": c.line, "startColumn": c.column},
            },
        }],
        "partialFingerprints": {"claimText/v1": fingerprint(result)},
        "properties": {"claim": c.id, "verdict": result.verdict.value,
                       "score": None if result.score is None else round(result.score, 4),
                       "citations": list(c.citations)},
    }


def source_read(source: Source) -> dict[str, Any]:
    """Where each source's text came from, so a CI reviewer can tell stale from fresh."""
    return {"id": source.id, "url": source.url, "status": source.status.value,
            "origin": source.origin.value if source.origin is not None else None,
            "fetchedAt": source.fetched_at}


def to_dict(report: Report) -> dict[str, Any]:
    uri = artifact_uri(report.draft)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "factcheck",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [rule(v) for v in RULES],
            }},
            "artifacts": [{"location": {"uri": uri}, "mimeType": "text/markdown"}],
            "columnKind": "unicodeCodePoints",
            "results": [result_dict(r, uri) for r in report.failing()],
            "properties": {"summary": summary_dict(report),
                           "sources": [source_read(s) for s in report.sources],
                           **({"verifier": verifier_dict(report.verifier)}
                              if report.verifier is not None else {})},
        }],
    }


class SarifReporter:
    def render(self, report: Report) -> str:
        return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"


def make_reporter(options: ReportOptions) -> SarifReporter:
    return SarifReporter()
