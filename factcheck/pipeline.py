"""The stage order, and nothing else: draft → claims → fetch → extract → match → Report.

This is the only module that knows which stage follows which. It joins the
References list with what fetching made of each URL, gives every claim exactly
one verdict, and hands a finished ``Report`` to whoever asked (the CLI or a
library caller). Slow or impure collaborators (spaCy pipeline, scorer, HTTP
transport, progress display) are injected so tests and batch runs share them.

Several drafts are checked as one batch (``run_many``/``check_drafts``): the
spaCy pipeline is loaded once and every distinct URL is fetched and extracted
once for all of them. ``stream`` checks any number of drafts a window at a time
and yields each report in order as it is done. Where the stages run (here, on
a process pool when there is enough work, or on a Dask cluster) is the
engine's business: ``parallel.py`` and ``cluster.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from factcheck import parallel
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
    SkippedDraft,
    Source,
    Verdict,
)

if TYPE_CHECKING:
    from factcheck.claims import CheckWorthiness
    from factcheck.errors import DraftError
    from factcheck.match import Scorer
    from factcheck.parallel import Engine
    from factcheck.verify import Verdicts
    from factcheck.verify.base import Verifier

Available = list[tuple[str, Document]]
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Collaborators:
    """What a run may share with other runs: load once, inject everywhere."""

    scorer: Scorer | None = None
    progress: Any = None
    transport: Any = None
    workers: int | None = None
    """Processes for extraction and matching: None means one per CPU when the work
    pays for the pool (see ``parallel.PARALLEL_MIN_WORK``); 1 means always in this process."""
    verifier: Verifier | None = None
    """The model verifier for ``--verifier llm|nli``; None loads the one the config names."""
    notice: Callable[[str], None] | None = None
    """Told, before any model call, how many claims go where."""
    verifiers: Mapping[tuple[Any, ...], Verifier | None] = field(default_factory=dict)
    """Verifiers loaded for this run, by their settings (filled by ``check_drafts``)."""
    engine: Engine | None = None
    """Where the stages run, e.g. ``cluster.DaskEngine``; None means this process and its
    pool (``parallel.LocalEngine`` with ``workers``). The caller closes an engine it gives."""
    lenient: frozenset[Path] = frozenset()
    """Drafts found in a folder rather than named: one that cannot be read, is empty or
    has no prose is skipped (told to ``skipped``, with the reason) instead of stopping the
    run with ``DraftError``, and yields no report."""
    skipped: Callable[[SkippedDraft], None] | None = None
    """Told of each lenient draft that was skipped, as it is found."""


STREAM_WINDOW = 100
"""Drafts checked together when reports are streamed (``stream(..., window=...)``):
sources are shared within a window and through the cache across windows, and memory
holds one window's drafts and reports, however many drafts the run has."""


# --------------------------------------------------------------------------- entry points


def run(path: Path, config: Config, tools: Collaborators | None = None) -> Report:
    """Check one draft file end to end."""
    return run_many([(path, config)], tools)[0]


def run_many(
    drafts: Sequence[tuple[Path, Config]], tools: Collaborators | None = None
) -> tuple[Report, ...]:
    """Check several draft files together; one ``Report`` per draft, in order.

    Each draft keeps its own ``Config`` (found from its own folder). The drafts
    are all parsed first, with one spaCy pipeline, so that sources can be
    shared between them; any unreadable draft raises before anything is fetched.
    """
    return tuple(stream(drafts, tools))


def stream(
    drafts: Sequence[tuple[Path, Config]],
    tools: Collaborators | None = None,
    *,
    window: int | None = None,
) -> Iterator[Report]:
    """Reports of ``drafts`` in order, each as soon as it and those before it are done.

    Drafts are checked ``window`` at a time (the engine's own window first, then
    the one given, else all at once), so memory holds a window, not the run.
    Every draft is read before any network work starts, so an unreadable draft
    stops the run (``DraftError``) before anything is fetched.
    """
    tools = _with_verifiers(tools or Collaborators(), {c: None for _, c in drafts})
    with _engine(tools) as engine:
        size = max(1, engine.window or window or len(drafts))
        if engine.in_flight > 1:
            # Enough windows that those in progress together overlap their stages.
            size = min(size, max(1, -(-len(drafts) // (2 * engine.in_flight))))
        chunks = [drafts[i:i + size] for i in range(0, len(drafts), size)]
        if len(chunks) > 1:
            _readable(drafts, tools.lenient)
        yield from _in_order(lambda chunk: _check_files(chunk, tools, engine), chunks,
                             engine.in_flight)


def check_worthiness(config: Config) -> CheckWorthiness:
    """The splitter's rules for uncited sentences, as the settings tune them."""
    from factcheck.claims import CheckWorthiness

    return CheckWorthiness(signals=config.check_worthy_signals,
                           extra_patterns=config.check_worthy_patterns)


def parse(name: str, data: bytes, config: Config) -> Draft:
    """One draft's bytes (any draft format) as claims and references."""
    from factcheck.draft import parse_bytes

    return parse_bytes(data, name, config.max_draft_bytes, rules=check_worthiness(config))


def check_drafts(
    drafts: Sequence[tuple[Draft, Config]], tools: Collaborators | None = None
) -> tuple[Report, ...]:
    """Judge parsed drafts together: drafts with equal settings share fetches and matching."""
    tools = _with_verifiers(tools or Collaborators(), {c: None for _, c in drafts})
    with _engine(tools) as engine:
        return _check(drafts, tools, engine)


def _with_verifiers(tools: Collaborators, configs: Mapping[Config, None]) -> Collaborators:
    """One verifier per run, shared by every group and window of drafts: the call and token
    caps are per run, and a model is loaded once. Loaded before any network work, so a
    missing key, package or model file is exit 2 at once."""
    from factcheck.match.parser import require

    for config in configs:  # the frame stage's pipeline: a missing one is exit 2 at once
        if config.spacy_model and tools.scorer is None:
            require(config.spacy_model)
    if tools.verifier is not None or tools.verifiers:
        return tools
    loaded = {_verifier_settings(c): _load_verifier(c, tools) for c in configs}
    return replace(tools, verifiers=loaded)


@contextmanager
def _engine(tools: Collaborators) -> Iterator[Engine]:
    if tools.engine is not None:
        yield tools.engine
        return
    engine = parallel.LocalEngine(tools.workers)
    try:
        yield engine
    finally:
        engine.close()


def _readable(drafts: Sequence[tuple[Path, Config]], lenient: frozenset[Path]) -> None:
    """Every named draft file exists, is readable and within its size limit (standard
    input is left for its window: it can be read once only; drafts found in folders are
    skipped later if they cannot be read)."""
    from factcheck.draft import STDIN, read_bytes

    for path, config in drafts:
        if str(path) != STDIN and path not in lenient:
            read_bytes(path, config.max_draft_bytes)


def _check_files(
    chunk: Sequence[tuple[Path, Config]], tools: Collaborators, engine: Engine
) -> tuple[Report, ...]:
    from factcheck.draft import read_bytes, unusable
    from factcheck.errors import DraftError

    items: list[tuple[Path, tuple[str, bytes, Config]]] = []
    for path, config in chunk:
        try:
            data, name = read_bytes(path, config.max_draft_bytes)
        except DraftError as exc:
            _skip(path, str(exc), tools, exc)
            continue
        items.append((path, (name, data, config)))
    kept: list[tuple[Draft, Config]] = []
    for (path, (name, _, config)), outcome in zip(items, _parse_each(items, tools, engine),
                                                   strict=True):
        if isinstance(outcome, DraftError):
            _skip(path, str(outcome), tools, outcome)
        elif (reason := unusable(outcome)) is not None:
            _skip(path, reason, tools, DraftError(
                f"draft {name}: {reason}; give a draft with prose and citations"))
        else:
            kept.append((outcome, config))
    return _check(kept, tools, engine)


def _parse_each(
    items: Sequence[tuple[Path, tuple[str, bytes, Config]]], tools: Collaborators,
    engine: Engine,
) -> list[Draft | DraftError]:
    """Each draft parsed, or the error that stopped it: all at once on the engine, and one
    by one only when that fails, to tell which file it was."""
    from factcheck.errors import DraftError

    try:
        return list(engine.parse([item for _, item in items]))
    except DraftError:
        out: list[Draft | DraftError] = []
        for _, item in items:
            try:
                out.append(engine.parse([item])[0])
            except DraftError as exc:
                out.append(exc)
        return out


def _skip(path: Path, reason: str, tools: Collaborators, error: Exception) -> None:
    """A draft that holds nothing to check: a usage error when named, listed when found."""
    if path not in tools.lenient:
        raise error
    if tools.skipped is not None:
        tools.skipped(SkippedDraft(path=str(path), reason=reason))


def _in_order(
    work: Callable[[_T], Sequence[Report]], chunks: Sequence[_T], depth: int
) -> Iterator[Report]:
    """``work`` on each chunk, up to ``depth`` chunks at once in threads; results in order."""
    if depth <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            yield from work(chunk)
        return
    from collections import deque
    from concurrent.futures import Future, ThreadPoolExecutor

    threads = ThreadPoolExecutor(depth, thread_name_prefix="factcheck-window")
    pending: deque[Future[Sequence[Report]]] = deque()
    try:
        for chunk in chunks:
            pending.append(threads.submit(work, chunk))
            if len(pending) >= depth:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        threads.shutdown(wait=False, cancel_futures=True)


def _check(
    drafts: Sequence[tuple[Draft, Config]], tools: Collaborators, engine: Engine
) -> tuple[Report, ...]:
    groups: dict[Config, list[int]] = {}
    for i, (_, config) in enumerate(drafts):
        groups.setdefault(config, []).append(i)
    reports: dict[int, Report] = {}
    engine.prepare(_work(drafts))
    for config, indexes in groups.items():
        group = [drafts[i][0] for i in indexes]
        checked = _check_group(group, config, tools, engine)
        reports.update(zip(indexes, checked, strict=True))
    return tuple(reports[i] for i in range(len(drafts)))


def _check_group(
    drafts: Sequence[Draft], config: Config, tools: Collaborators, engine: Engine
) -> list[Report]:
    # Before any network work: a missing key, package or model file is exit 2 at once.
    verifier = _load_verifier(config, tools)
    urls = [url for draft in drafts for url in cited_urls(draft)]
    fetched, extracted = (engine.sources(urls, config, tools.progress, tools.transport)
                          if urls else ({}, {}))
    all_sources = [_sources(draft, fetched, extracted) for draft in drafts]
    scorer = tools.scorer
    if scorer is None:
        located = (_located(draft, sources) for draft, sources in zip(drafts, all_sources,
                                                                      strict=True))
        scorer = engine.assess((item for items in located for item in items), config)
    verdicts = (_verify(drafts, all_sources, scorer, config, (verifier, tools.notice))
                if verifier is not None else None)
    return [
        _report(draft, sources, scorer, config, verdicts)
        for draft, sources in zip(drafts, all_sources, strict=True)
    ]


def _load_verifier(config: Config, tools: Collaborators) -> Verifier | None:
    """The model verifier ``--verifier`` asks for, or None for the matcher alone."""
    from factcheck.models import VerifierKind

    if config.verifier is VerifierKind.LEXICAL:
        return None
    if tools.verifier is not None:
        return tools.verifier
    loaded = tools.verifiers.get(_verifier_settings(config))
    if loaded is not None:
        return loaded
    from factcheck.verify import load_verifier

    return load_verifier(config, threads=tools.workers)


def _verifier_settings(config: Config) -> tuple[Any, ...]:
    """What makes two groups' verifiers the same one."""
    return tuple(getattr(config, f.name) for f in fields(config)
                 if f.name == "verifier" or f.name.startswith(("llm_", "nli_", "verify_")))


def _verify(
    drafts: Sequence[Draft],
    all_sources: Sequence[tuple[Source, ...]],
    scorer: Scorer,
    config: Config,
    model: tuple[Verifier, Any],
) -> Verdicts:
    """The model's second opinion on every claim the matcher judged."""
    from factcheck.match import LexicalScorer, verdict_for
    from factcheck.verify import Request, open_store, verify

    requests: dict[Any, Request] = {}
    for draft, sources in zip(drafts, all_sources, strict=True):
        by_id = {s.id: s for s in sources}
        for claim in draft.claims:
            available = _available(claim, by_id) if claim.ignored is None else []
            if not available or any(c not in by_id for c in claim.citations):
                continue
            assessment = scorer.assess(claim.text, available)
            key = _claim_key(claim, available)
            requests[key] = Request(key=key, claim=claim.text, sources=tuple(available),
                                    lexical=verdict_for(assessment.score, config),
                                    signals=dict(assessment.parts))
    verifier, notice = model
    return verify(list(requests.values()), config, verifier, LexicalScorer(config),
                  store=open_store(config), notice=notice)


def _claim_key(claim: Claim, available: Available) -> tuple[str, tuple[tuple[str, int], ...]]:
    """A claim and the very documents it is judged against (shared by drafts of a batch)."""
    return claim.text, tuple((cid, id(doc)) for cid, doc in available)


def _report(
    draft: Draft,
    sources: tuple[Source, ...],
    scorer: Scorer,
    config: Config,
    verdicts: Verdicts | None = None,
) -> Report:
    by_id = {s.id: s for s in sources}
    active = tuple(c for c in draft.claims if c.ignored is None)
    return Report(
        draft=draft.path,
        results=tuple(judge(claim, by_id, scorer, config, verdicts) for claim in active),
        sources=sources,
        problems=draft.problems,
        ignored=tuple(c for c in draft.claims if c.ignored is not None),
        fail_on=config.fail_on,
        min_score=config.min_score,
        fail_if_unchecked=config.fail_if_unchecked,
        fail_if_any_unchecked=config.fail_if_any_unchecked,
        fail_if_uncited=config.fail_if_uncited,
        verifier=verdicts.run if verdicts is not None else None,
    )


def _work(drafts: Sequence[tuple[Draft, Config]]) -> int:
    """Claims to match plus sources to extract: what the pool would share out."""
    claims = sum(1 for d, _ in drafts for c in d.claims if c.ignored is None and c.citations)
    urls = {u for d, _ in drafts for u in cited_urls(d)}
    return claims + len(urls)


def _located(
    draft: Draft, sources: Sequence[Source]
) -> list[tuple[str, list[tuple[str, str, Document]]]]:
    """Each checked claim with its readable sources as (reference id, URL, document)."""
    by_id = {s.id: s for s in sources}
    out = []
    for claim in draft.claims:
        available = _available(claim, by_id) if claim.ignored is None else []
        if available:
            out.append((claim.text, [(cid, by_id[cid].url or "", doc) for cid, doc in available]))
    return out


# --------------------------------------------------------------------------- sources


def cited_ids(draft: Draft) -> tuple[str, ...]:
    """Reference ids cited by at least one checked claim, in order of first use."""
    seen: dict[str, None] = {}
    for claim in draft.claims:
        if claim.ignored is None:
            seen.update(dict.fromkeys(claim.citations))
    return tuple(seen)


def cited_urls(draft: Draft) -> list[str]:
    """URLs of the references cited by checked claims, in References order."""
    used = set(cited_ids(draft))
    return [r.url for r in draft.references if r.id in used and r.url]



def _sources(
    draft: Draft,
    fetched: Mapping[str, FetchResult],
    extracted: Mapping[str, Document | FetchFailed],
) -> tuple[Source, ...]:
    used = set(cited_ids(draft))
    return tuple(_source(ref, used, fetched, extracted) for ref in draft.references)


def _fetch(urls: Sequence[str], config: Config, tools: Collaborators) -> dict[str, FetchResult]:
    from factcheck.fetch import fetch_all

    unique = list(dict.fromkeys(urls))
    return fetch_all(unique, config, progress=tools.progress, transport=tools.transport)


def _source(
    ref: Reference,
    used: set[str],
    fetched: Mapping[str, FetchResult],
    extracted: Mapping[str, Document | FetchFailed],
) -> Source:
    if ref.id not in used:
        return Source(id=ref.id, url=ref.url, status=FetchStatus.UNUSED, title=ref.title,
                      error="not cited by any checked claim")
    if ref.url is None:
        return Source(id=ref.id, url=None, status=FetchStatus.NO_URL, title=ref.title,
                      error="the reference has no URL, so it cannot be checked")
    result = fetched[ref.url]
    match result:
        case Fetched():
            return _extracted(ref, result, extracted[ref.url])
        case FetchFailed():
            return Source(id=ref.id, url=ref.url, status=result.status, title=ref.title,
                          http_status=result.http_status, error=result.message)


def _extracted(ref: Reference, fetched: Fetched, outcome: Document | FetchFailed) -> Source:
    common = dict(id=ref.id, url=ref.url, http_status=fetched.http_status,
                  final_url=fetched.final_url, archived_url=fetched.archived_url,
                  origin=fetched.origin, fetched_at=fetched.fetched_at or None,
                  last_failure=fetched.last_failure, last_failure_at=fetched.last_failure_at)
    match outcome:
        case Document():
            return Source(status=FetchStatus.OK, title=outcome.title or ref.title,
                          document=outcome, **common)  # type: ignore[arg-type]
        case FetchFailed():
            return Source(status=outcome.status, title=ref.title, error=outcome.message,
                          **common)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- judging


def judge(
    claim: Claim,
    sources: Mapping[str, Source],
    scorer: Scorer,
    config: Config,
    verdicts: Verdicts | None = None,
) -> ClaimResult:
    """Give one claim exactly one verdict, with its evidence and the reason.

    With ``verdicts`` (a model verifier ran), the lexical verdict of a judged claim
    is combined with the model's judgment (``verify.combine``).
    """
    from factcheck.match import verdict_for
    from factcheck.match.model import explain

    if not claim.citations:
        return ClaimResult(claim=claim, verdict=Verdict.NEEDS_CITATION, score=None,
                           reason=_needs_citation_reason(claim))
    dangling = [c for c in claim.citations if c not in sources]
    usable = [(c, sources[c]) for c in claim.citations if c in sources]
    available = _available(claim, sources)
    assessment = scorer.assess(claim.text, available) if available else None
    reason: str | None
    if dangling:
        verdict, reason = Verdict.CITATION_MISSING, _dangling_reason(dangling)
    elif assessment is None:
        verdict, reason = Verdict.SOURCE_UNAVAILABLE, _unavailable_reason(usable)
    else:
        verdict = verdict_for(assessment.score, config)
        reason = None if verdict is Verdict.SUPPORTED else explain(dict(assessment.parts), config)
    if assessment is None:
        return ClaimResult(claim=claim, verdict=verdict, score=None, reason=reason)
    result = ClaimResult(
        claim=claim,
        verdict=verdict,
        score=assessment.score,
        evidence=assessment.evidence,
        unsupported_spans=assessment.unsupported_spans,
        reason=reason,
        parts=assessment.parts,
    )
    if verdicts is not None and not dangling:
        return verdicts.apply(_claim_key(claim, available), result)
    return result


def _available(claim: Claim, sources: Mapping[str, Source]) -> Available:
    """The cited sources that could be read, as (reference id, document), in citation order."""
    out: Available = []
    for cid in claim.citations:
        source = sources.get(cid)
        if source is not None and source.available and source.document is not None:
            out.append((cid, source.document))
    return out


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


