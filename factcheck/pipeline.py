"""The stage order, and nothing else: draft → claims → fetch → extract → match → Report.

This is the only module that knows which stage follows which. It joins the
References list with what fetching made of each URL, gives every claim exactly
one verdict, and hands a finished ``Report`` to whoever asked (the CLI or a
library caller). Slow or impure collaborators (spaCy pipeline, scorer, HTTP
transport, progress display) are injected so tests and batch runs share them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.config import Config
from factcheck.models import (
    Claim,
    ClaimResult,
    Document,
    Draft,
    Fetched,
    FetchFailed,
    FetchResult,
    FetchStatus,
    Reference,
    Report,
    Source,
    Verdict,
)

if TYPE_CHECKING:
    from factcheck.match import Scorer


@dataclass(frozen=True, slots=True, kw_only=True)
class Collaborators:
    """What a run may share with other runs: load once, inject everywhere."""

    nlp: Any = None
    scorer: Scorer | None = None
    progress: Any = None
    transport: Any = None


def run(path: Path, config: Config, tools: Collaborators | None = None) -> Report:
    """Check one draft file end to end."""
    from factcheck.draft import parse_draft, read_draft

    tools = tools or Collaborators()
    text = read_draft(path, config.max_draft_bytes)
    draft = parse_draft(text, str(path), nlp=tools.nlp)
    return check_draft(draft, config, tools)


def check_draft(draft: Draft, config: Config, tools: Collaborators | None = None) -> Report:
    """Fetch the draft's cited sources, judge every claim and build the report."""
    from factcheck.match import default_scorer

    tools = tools or Collaborators()
    sources = gather_sources(draft, config, tools)
    scorer = tools.scorer or default_scorer(config)
    by_id = {s.id: s for s in sources}
    active = tuple(c for c in draft.claims if c.ignored is None)
    results = tuple(judge(claim, by_id, scorer, config) for claim in active)
    return Report(
        draft=draft.path,
        results=results,
        sources=sources,
        problems=draft.problems,
        ignored=tuple(c for c in draft.claims if c.ignored is not None),
        fail_on=config.fail_on,
        min_score=config.min_score,
        fail_if_unchecked=config.fail_if_unchecked,
    )


def cited_ids(draft: Draft) -> tuple[str, ...]:
    """Reference ids cited by at least one checked claim, in order of first use."""
    seen: dict[str, None] = {}
    for claim in draft.claims:
        if claim.ignored is None:
            seen.update(dict.fromkeys(claim.citations))
    return tuple(seen)


def gather_sources(draft: Draft, config: Config, tools: Collaborators) -> tuple[Source, ...]:
    """One ``Source`` per reference; only cited references with a URL are fetched."""
    used = set(cited_ids(draft))
    urls = [r.url for r in draft.references if r.id in used and r.url]
    fetched = _fetch(urls, config, tools) if urls else {}
    return tuple(_source(ref, used, fetched) for ref in draft.references)


def _fetch(urls: Sequence[str], config: Config, tools: Collaborators) -> dict[str, FetchResult]:
    from factcheck.fetch import fetch_all

    unique = list(dict.fromkeys(urls))
    return fetch_all(unique, config, progress=tools.progress, transport=tools.transport)


def _source(ref: Reference, used: set[str], fetched: Mapping[str, FetchResult]) -> Source:
    if ref.id not in used:
        return Source(id=ref.id, url=ref.url, status=FetchStatus.UNUSED, title=ref.title,
                      error="not cited by any checked claim")
    if ref.url is None:
        return Source(id=ref.id, url=None, status=FetchStatus.NO_URL, title=ref.title,
                      error="the reference has no URL, so it cannot be checked")
    result = fetched[ref.url]
    match result:
        case Fetched():
            return _extracted(ref, result)
        case FetchFailed():
            return Source(id=ref.id, url=ref.url, status=result.status, title=ref.title,
                          http_status=result.http_status, error=result.message)


def _extracted(ref: Reference, fetched: Fetched) -> Source:
    from factcheck.extract import extract

    common = dict(id=ref.id, url=ref.url, http_status=fetched.http_status,
                  final_url=fetched.final_url, archived_url=fetched.archived_url)
    outcome = extract(fetched)
    match outcome:
        case Document():
            return Source(status=FetchStatus.OK, title=outcome.title or ref.title,
                          document=outcome, **common)  # type: ignore[arg-type]
        case FetchFailed():
            return Source(status=outcome.status, title=ref.title, error=outcome.message,
                          **common)  # type: ignore[arg-type]


def judge(claim: Claim, sources: Mapping[str, Source], scorer: Scorer, config: Config) -> ClaimResult:
    """Give one claim exactly one verdict, with its evidence and the reason."""
    from factcheck.match import verdict_for

    if not claim.citations:
        return ClaimResult(claim=claim, verdict=Verdict.NEEDS_CITATION, score=None,
                           reason=_needs_citation_reason(claim))
    dangling = [c for c in claim.citations if c not in sources]
    usable = [(c, sources[c]) for c in claim.citations if c in sources]
    available = [(c, s.document) for c, s in usable if s.available and s.document is not None]
    assessment = scorer.assess(claim.text, available) if available else None
    if dangling:
        verdict, reason = Verdict.CITATION_MISSING, _dangling_reason(dangling)
    elif assessment is None:
        verdict, reason = Verdict.SOURCE_UNAVAILABLE, _unavailable_reason(usable)
    else:
        verdict, reason = verdict_for(assessment.score, config), None
    if assessment is None:
        return ClaimResult(claim=claim, verdict=verdict, score=None, reason=reason)
    return ClaimResult(
        claim=claim,
        verdict=verdict,
        score=assessment.score,
        evidence=assessment.evidence,
        unsupported_spans=assessment.unsupported_spans,
        reason=reason,
        parts=assessment.parts,
    )


def _needs_citation_reason(claim: Claim) -> str:
    if claim.needs_citation_marker:
        return "marked [citation needed] in the draft"
    why = ", ".join(claim.check_worthy) or "check-worthy statement"
    return f"no citation for a check-worthy sentence ({why})"


def _dangling_reason(dangling: Sequence[str]) -> str:
    marks = ", ".join(f"[{c}]" for c in dangling)
    return f"citation {marks} has no entry in the References list"


def _unavailable_reason(usable: Sequence[tuple[str, Source]]) -> str:
    parts = [f"source {cid}: {src.status.value}" + (f" ({src.error})" if src.error else "")
             for cid, src in usable]
    return "; ".join(parts) or "no cited source could be read"
