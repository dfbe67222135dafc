"""SARIF 2.1.0 log for code-scanning UIs (GitHub code scanning, IDE viewers).

Every problem the report holds is a result: each claim that is not
``supported`` at its line and column, each draft problem (a dangling or
ambiguous citation, a malformed URL, a missing References list...) at its line,
and each cited source that could not be read (at the first claim citing it,
even when that claim also cites a readable source). Rules are one per verdict,
one per problem kind and one for unread sources, so a UI can group and filter
them. Levels (docs/report-format.md): ``error`` for a claim that makes the
draft fail (``Report.blocking_ids``: it fails the policy, or it was left
unchecked and that fails the draft, as it does by default), else :data:`LEVEL`
by verdict (``warning`` for an unreadable source, a missing citation or a
verdict outside the policy, ``note`` for partial support),
:data:`PROBLEM_LEVEL` by problem kind, and ``warning`` for an unread source. A
``partialFingerprints`` entry built from the claim's text keeps an alert the
same alert when lines move. Output is deterministic (rules in enum order, draft
order, no timestamps); a test validates it against the SARIF schema.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from factcheck import __version__
from factcheck.models import (
    DEFAULT_FAIL_ON,
    ClaimResult,
    Problem,
    ProblemKind,
    Report,
    Source,
    Verdict,
)
from factcheck.report import ReportOptions
from factcheck.report.common import (
    DESCRIPTION,
    LABEL,
    citing,
    explain,
    shorten,
    unread_line,
    unreadable_sources,
)
from factcheck.report.json import summary_dict, verifier_dict

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
UNREAD_SOURCE = "unread_source"
"""The rule of a cited source that could not be read (not a verdict, not a draft problem)."""
RULES: tuple[Verdict | ProblemKind | str, ...] = (*Verdict, *ProblemKind, UNREAD_SOURCE)
FAILS_BY_DEFAULT = DEFAULT_FAIL_ON | {Verdict.SOURCE_UNAVAILABLE}
"""Verdicts whose rule defaults to ``error``: the default policy's, and a claim left
unchecked, which fails the draft by default (``fail_if_any_unchecked``)."""
LEVEL: dict[Verdict, str] = {
    Verdict.SUPPORTED: "none",
    Verdict.PARTIALLY_SUPPORTED: "note",
    Verdict.NOT_SUPPORTED: "warning",
    Verdict.SOURCE_UNAVAILABLE: "warning",
    Verdict.NEEDS_CITATION: "warning",
    Verdict.CITATION_MISSING: "warning",
}
"""Level of a claim's result when it does not fail the policy; a failing one is ``error``."""
PROBLEM_LEVEL: dict[ProblemKind, str] = {
    ProblemKind.DANGLING_CITATION: "warning",
    ProblemKind.AMBIGUOUS_CITATION: "warning",
    ProblemKind.UNUSED_REFERENCE: "note",
    ProblemKind.DUPLICATE_REFERENCE: "warning",
    ProblemKind.DUPLICATE_URL: "note",
    ProblemKind.MALFORMED_URL: "warning",
    ProblemKind.NO_REFERENCES: "warning",
    ProblemKind.EMPTY_DRAFT: "warning",
    ProblemKind.REFERENCE_WITHOUT_URL: "warning",
    ProblemKind.DRAFT_ENCODING: "note",
}
"""Level of each draft problem (problems never fail the policy on their own)."""
PROBLEM_DESCRIPTION: dict[ProblemKind, str] = {
    ProblemKind.DANGLING_CITATION: "A citation names no entry of the References.",
    ProblemKind.AMBIGUOUS_CITATION: "An author-date citation matches several references.",
    ProblemKind.UNUSED_REFERENCE: "A reference is never cited.",
    ProblemKind.DUPLICATE_REFERENCE: "A reference id is defined twice; the first is used.",
    ProblemKind.DUPLICATE_URL: "Two references have the same URL.",
    ProblemKind.MALFORMED_URL: "A reference's URL is not a valid http(s) URL.",
    ProblemKind.NO_REFERENCES: "The draft has no References list.",
    ProblemKind.EMPTY_DRAFT: "The draft has no prose to check.",
    ProblemKind.REFERENCE_WITHOUT_URL: "A reference has no URL, so its claims cannot be checked.",
    ProblemKind.DRAFT_ENCODING: "The draft is not UTF-8; the message names its encoding.",
}
CLAIM_CHARS = 160
"""The claim quoted in a result's message is cut to this many characters."""


def rule_id(kind: Verdict | ProblemKind | str) -> str:
    return f"factcheck/{kind if isinstance(kind, str) else kind.value}"


def rule(kind: Verdict | ProblemKind | str) -> dict[str, Any]:
    if isinstance(kind, Verdict):
        short, full = LABEL[kind].capitalize(), DESCRIPTION[kind]
        level = "error" if kind in FAILS_BY_DEFAULT else LEVEL[kind]
        see = "the verdicts"
    elif isinstance(kind, ProblemKind):
        short, full = kind.value.replace("_", " ").capitalize(), PROBLEM_DESCRIPTION[kind]
        level, see = PROBLEM_LEVEL[kind], "draft problems"
    else:
        short = "Source could not be read"
        full = ("A cited source could not be read (dead, blocked, timed out, not in the "
                "snapshot...); the message says why and what to do.")
        level, see = "warning", "source statuses"
    value = kind if isinstance(kind, str) else kind.value
    return {
        "id": rule_id(kind),
        "name": "".join(word.capitalize() for word in value.split("_")),
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": f"{full} See docs/report-format.md for {see}."},
        "defaultConfiguration": {"level": level},
    }


def artifact_uri(path: str) -> str:
    """The draft's path as a URI reference: relative stays relative, with '/' separators."""
    if PureWindowsPath(path).drive or PurePath(path).is_absolute():
        posix = PureWindowsPath(path).as_posix() if PureWindowsPath(path).drive else path
        return "file://" + ("" if posix.startswith("/") else "/") + quote(posix)
    return quote(path.replace("\\", "/"))


_MIME = {".html": "text/html", ".htm": "text/html", ".xhtml": "application/xhtml+xml",
         ".txt": "text/plain", ".text": "text/plain",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def mime_type(path: str) -> str:
    return _MIME.get(PurePath(path).suffix.lower(), "text/markdown")


def fingerprint(result: ClaimResult) -> str:
    text = " ".join(result.claim.text.split())
    return hashlib.sha256(f"{result.verdict.value}:{text}".encode()).hexdigest()[:32]


def result_dict(result: ClaimResult, uri: str, failing: bool = True) -> dict[str, Any]:
    c = result.claim
    return {
        "ruleId": rule_id(result.verdict),
        "ruleIndex": RULES.index(result.verdict),
        "level": "error" if failing else LEVEL[result.verdict],
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


def problem_dict(problem: Problem, uri: str) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if problem.line is not None:
        location["region"] = {"startLine": problem.line}
    digest = hashlib.sha256(f"{problem.kind.value}:{problem.message}".encode()).hexdigest()
    return {
        "ruleId": rule_id(problem.kind),
        "ruleIndex": RULES.index(problem.kind),
        "level": PROBLEM_LEVEL[problem.kind],
        "message": {"text": problem.message},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {"problem/v1": digest[:32]},
        "properties": {"problem": problem.kind.value},
    }


def unread_dict(report: Report, source: Source, uri: str) -> dict[str, Any]:
    """A cited source that could not be read, at the first claim citing it."""
    location: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    first = next(iter(citing(report, source)), None)
    if first is not None:
        location["region"] = {"startLine": first.claim.line, "startColumn": first.claim.column}
    digest = hashlib.sha256(f"{source.url}:{source.status.value}".encode()).hexdigest()
    return {
        "ruleId": rule_id(UNREAD_SOURCE),
        "ruleIndex": RULES.index(UNREAD_SOURCE),
        "level": "warning",
        "message": {"text": unread_line(report, source)},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {"source/v1": digest[:32]},
        "properties": {"source": source.id, "url": source.url, "reason": source.status.value,
                       "httpStatus": source.http_status,
                       "claims": [r.claim.id for r in citing(report, source)]},
    }


def results(report: Report, uri: str) -> list[dict[str, Any]]:
    """Every claim that is not supported, then every draft problem, in draft order, then
    every cited source that could not be read."""
    claims = [result_dict(r, uri, r.claim.id in report.blocking_ids) for r in report.results
              if r.verdict is not Verdict.SUPPORTED]
    return (claims + [problem_dict(p, uri) for p in report.problems]
            + [unread_dict(report, s, uri) for s in unreadable_sources(report)])


def to_dict(report: Report) -> dict[str, Any]:
    uri = artifact_uri(report.draft)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "factcheck",
                "version": __version__,
                "rules": [rule(v) for v in RULES],
            }},
            "artifacts": [{"location": {"uri": uri}, "mimeType": mime_type(report.draft)}],
            "columnKind": "unicodeCodePoints",
            "results": results(report, uri),
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
