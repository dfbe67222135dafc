"""JSON report, version 1: the contract other tools read (docs/report-format.md).

Keys are emitted in a fixed order and scores rounded, so the same inputs give
byte-identical output. Keys may be added; existing ones never change meaning.
"""

from __future__ import annotations

import json
from typing import Any

from factcheck.models import (
    Claim,
    ClaimResult,
    FetchStatus,
    Report,
    Source,
    Verdict,
    Verification,
    VerifierRun,
)
from factcheck.report import ReportOptions

VERSION = 1
_SKIPPED = frozenset({FetchStatus.UNUSED, FetchStatus.EXCLUDED, FetchStatus.NO_URL,
                      FetchStatus.UNSUPPORTED_SCHEME})


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def summary_dict(report: Report) -> dict[str, Any]:
    s = report.summary
    return {
        "claims": s.claims,
        "supported": s.count(Verdict.SUPPORTED),
        "partially_supported": s.count(Verdict.PARTIALLY_SUPPORTED),
        "not_supported": s.count(Verdict.NOT_SUPPORTED),
        "source_unavailable": s.count(Verdict.SOURCE_UNAVAILABLE),
        "needs_citation": s.count(Verdict.NEEDS_CITATION),
        "citation_missing": s.count(Verdict.CITATION_MISSING),
        "passed": s.passed,
        "unchecked": s.unchecked,
        "unchecked_claims": s.unchecked_claims,
        "uncited": s.uncited,
        **({"unverified": s.unverified} if report.verifier is not None else {}),
    }


def claim_dict(result: ClaimResult) -> dict[str, Any]:
    c = result.claim
    return {
        "id": c.id,
        "text": c.text,
        "line": c.line,
        "column": c.column,
        "citations": list(c.citations),
        "verdict": result.verdict.value,
        "score": _round(result.score),
        "evidence": [
            {"source": e.source, "text": e.text, "score": _round(e.score)} for e in result.evidence
        ],
        "unsupported_spans": [
            {"start": s.start, "end": s.end, "text": s.text} for s in result.unsupported_spans
        ],
        "reason": result.reason,
        **({"verification": verification_dict(result.verification)}
           if result.verification is not None else {}),
    }


def verification_dict(v: Verification) -> dict[str, Any]:
    """Which model judged the claim, what it said, and which rule made the verdict."""
    return {
        "verifier": v.verifier.value,
        "model": v.model,
        "prompt_version": v.prompt_version,
        "verdict": v.verdict.value,
        "support": _round(v.support),
        "passages": v.passages,
        "cached": v.cached,
        "source": v.source,
        "evidence": v.evidence,
        "unsupported": v.unsupported,
        "problem": v.problem,
        "lexical_verdict": v.lexical_verdict.value,
        "rule": v.rule,
    }


def verifier_dict(run: VerifierRun) -> dict[str, Any]:
    return {
        "verifier": run.verifier.value,
        "model": run.model,
        "endpoint": run.endpoint,
        "prompt_version": run.prompt_version,
        "claims": run.claims,
        "calls": run.calls,
        "tokens": run.tokens,
        "cached": run.cached,
    }


def source_status(source: Source) -> str:
    """The three-valued status of the v1 contract; ``reason`` keeps the precise one."""
    if source.status is FetchStatus.OK:
        return "ok"
    return "skipped" if source.status in _SKIPPED else "error"


def source_dict(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "url": source.url,
        "status": source_status(source),
        "http_status": source.http_status,
        "error": source.error if source.status is not FetchStatus.OK else None,
        "title": source.title,
        "reason": source.status.value,
        "final_url": source.final_url,
        "archived_url": source.archived_url,
        "origin": source.origin.value if source.origin is not None else None,
        "fetched_at": source.fetched_at,
        "last_failure": source.last_failure,
        "last_failure_at": source.last_failure_at,
    }


def ignored_dict(claim: Claim) -> dict[str, Any]:
    return {"id": claim.id, "text": claim.text, "line": claim.line, "column": claim.column,
            "reason": claim.ignored}


def to_dict(report: Report) -> dict[str, Any]:
    return {
        "version": VERSION,
        "draft": report.draft,
        **({"verifier": verifier_dict(report.verifier)} if report.verifier is not None else {}),
        "summary": summary_dict(report),
        "claims": [claim_dict(r) for r in report.results],
        "sources": [source_dict(s) for s in report.sources],
        "problems": [
            {"kind": p.kind.value, "line": p.line, "message": p.message} for p in report.problems
        ],
        "ignored": [ignored_dict(c) for c in report.ignored],
    }


class JsonReporter:
    def render(self, report: Report) -> str:
        return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"


def make_reporter(options: ReportOptions) -> JsonReporter:
    return JsonReporter()
