"""The stage order, and nothing else: draft → claims → fetch → extract → match → Report.

This is the only module that knows which stage follows which. It joins the
References list with what fetching made of each URL, gives every claim exactly
one verdict, and hands a finished ``Report`` to whoever asked (the CLI or a
library caller). Slow or impure collaborators (spaCy pipeline, scorer, HTTP
transport, progress display) are injected so tests and batch runs share them.

Several drafts are checked as one batch (``run_many``/``check_drafts``): the
spaCy pipeline is loaded once, every distinct URL is fetched and extracted
once for all of them, and when there is enough work the CPU-bound stages
(extraction, then matching) run on a process pool, one worker per core.
Matching work is sharded by source, so each document is indexed in one
worker only; results are joined back in draft order and are identical to a
serial run (the scorer is deterministic and the shards share nothing).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.config import Config
from factcheck.models import (
    Assessment,
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
    from factcheck.cache import Cache
    from factcheck.claims import CheckWorthiness
    from factcheck.match import Scorer

PARALLEL_MIN_WORK = 800
"""Claims plus sources to extract below which the CPU stages stay in this process.

The pool costs about 35 ms to fork two workers and shut them down, and about
10 % more CPU; ``benchmarks/perf_bench.py --only break-even`` found serial
faster at 500 units and the pool 1.6x faster at 1,000 on a 2-core machine (see
docs/performance.md), so the pool starts in between.
"""
EXTRACT_CHUNK = 8
"""Sources per task sent to an extraction worker (fewer round trips, still balanced)."""
SHARDS_PER_WORKER = 4
"""Matching shards per worker: a worker that finishes early takes the next shard, so
one slow or descheduled worker does not hold up the whole stage."""

Available = list[tuple[str, Document]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Collaborators:
    """What a run may share with other runs: load once, inject everywhere."""

    nlp: Any = None
    scorer: Scorer | None = None
    progress: Any = None
    transport: Any = None
    workers: int | None = None
    """Processes for extraction and matching: None means one per CPU when the work
    pays for the pool (see ``PARALLEL_MIN_WORK``); 1 means always in this process."""


# --------------------------------------------------------------------------- entry points


def run(path: Path, config: Config, tools: Collaborators | None = None) -> Report:
    """Check one draft file end to end."""
    return run_many([(path, config)], tools)[0]


def run_many(
    drafts: Sequence[tuple[Path, Config]], tools: Collaborators | None = None
) -> tuple[Report, ...]:
    """Check several draft files in one process; one ``Report`` per draft, in order.

    Each draft keeps its own ``Config`` (found from its own folder). The drafts
    are all parsed first, with one spaCy pipeline, so that sources can be
    shared between them; any unreadable draft raises before anything is fetched.
    """
    from factcheck.claims import load_nlp
    from factcheck.draft import parse_draft, read_draft

    tools = tools or Collaborators()
    nlp = tools.nlp if tools.nlp is not None else load_nlp()
    parsed = [
        (parse_draft(read_draft(path, config.max_draft_bytes), str(path), nlp=nlp,
                     rules=check_worthiness(config)), config)
        for path, config in drafts
    ]
    return check_drafts(parsed, tools)


def check_worthiness(config: Config) -> CheckWorthiness:
    """The splitter's rules for uncited sentences, as the settings tune them."""
    from factcheck.claims import CheckWorthiness

    return CheckWorthiness(signals=config.check_worthy_signals,
                           extra_patterns=config.check_worthy_patterns)


def check_draft(draft: Draft, config: Config, tools: Collaborators | None = None) -> Report:
    """Fetch the draft's cited sources, judge every claim and build the report."""
    return check_drafts([(draft, config)], tools)[0]


def check_drafts(
    drafts: Sequence[tuple[Draft, Config]], tools: Collaborators | None = None
) -> tuple[Report, ...]:
    """Judge parsed drafts together: drafts with equal settings share fetches and matching."""
    tools = tools or Collaborators()
    groups: dict[Config, list[int]] = {}
    for i, (_, config) in enumerate(drafts):
        groups.setdefault(config, []).append(i)
    reports: dict[int, Report] = {}
    workers = _workers(tools.workers)
    with _pool_for(drafts, tools, workers) as pool:
        for config, indexes in groups.items():
            group = [drafts[i][0] for i in indexes]
            checked = _check_group(group, config, tools, (pool, workers))
            reports.update(zip(indexes, checked, strict=True))
    return tuple(reports[i] for i in range(len(drafts)))


def _check_group(
    drafts: Sequence[Draft],
    config: Config,
    tools: Collaborators,
    pooled: tuple[Executor | None, int],
) -> list[Report]:
    from factcheck.match import default_scorer

    pool, workers = pooled
    urls = [url for draft in drafts for url in _cited_urls(draft)]
    fetched = _fetch(urls, config, tools) if urls else {}
    extracted = _extract_all(fetched, config, pool)
    all_sources = [_sources(draft, fetched, extracted) for draft in drafts]
    scorer = tools.scorer or default_scorer(config)
    if tools.scorer is None:
        scorer = _assess_all(drafts, all_sources, config, (pool, workers), scorer)
    return [
        _report(draft, sources, scorer, config)
        for draft, sources in zip(drafts, all_sources, strict=True)
    ]


def _report(draft: Draft, sources: tuple[Source, ...], scorer: Scorer, config: Config) -> Report:
    by_id = {s.id: s for s in sources}
    active = tuple(c for c in draft.claims if c.ignored is None)
    return Report(
        draft=draft.path,
        results=tuple(judge(claim, by_id, scorer, config) for claim in active),
        sources=sources,
        problems=draft.problems,
        ignored=tuple(c for c in draft.claims if c.ignored is not None),
        fail_on=config.fail_on,
        min_score=config.min_score,
        fail_if_unchecked=config.fail_if_unchecked,
    )


# --------------------------------------------------------------------------- sources


def cited_ids(draft: Draft) -> tuple[str, ...]:
    """Reference ids cited by at least one checked claim, in order of first use."""
    seen: dict[str, None] = {}
    for claim in draft.claims:
        if claim.ignored is None:
            seen.update(dict.fromkeys(claim.citations))
    return tuple(seen)


def _cited_urls(draft: Draft) -> list[str]:
    used = set(cited_ids(draft))
    return [r.url for r in draft.references if r.id in used and r.url]


def gather_sources(draft: Draft, config: Config, tools: Collaborators) -> tuple[Source, ...]:
    """One ``Source`` per reference; only cited references with a URL are fetched."""
    urls = _cited_urls(draft)
    fetched = _fetch(urls, config, tools) if urls else {}
    return _sources(draft, fetched, _extract_all(fetched, config, None))


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
                  final_url=fetched.final_url, archived_url=fetched.archived_url)
    match outcome:
        case Document():
            return Source(status=FetchStatus.OK, title=outcome.title or ref.title,
                          document=outcome, **common)  # type: ignore[arg-type]
        case FetchFailed():
            return Source(status=outcome.status, title=ref.title, error=outcome.message,
                          **common)  # type: ignore[arg-type]


def _extract_all(
    fetched: Mapping[str, FetchResult], config: Config, pool: Executor | None
) -> dict[str, Document | FetchFailed]:
    """Readable text of every fetched URL, once per URL, on the pool when there is one.

    Extraction is cached by body hash next to the fetch cache, so an unchanged
    page is parsed once across runs; a snapshot run touches no cache at all.
    """
    items = [(url, r) for url, r in fetched.items() if isinstance(r, Fetched)]
    cache_dir = _text_cache_dir(config)
    # A body that came from the cache almost always has its text cached too: reading
    # it here is cheaper than shipping the body to a worker and the text back.
    local = [pool is None or (r.from_cache and cache_dir is not None) for _, r in items]
    away = [item for item, stay in zip(items, local, strict=True) if not stay]
    out = {url: _extract_one(r, cache_dir)
           for (url, r), stay in zip(items, local, strict=True) if stay}
    if pool is not None and away:
        outcomes = pool.map(_extract_one, [r for _, r in away], [cache_dir] * len(away),
                            chunksize=EXTRACT_CHUNK)
        out.update(zip((url for url, _ in away), outcomes, strict=True))
    return {url: out[url] for url, _ in items}


def _text_cache_dir(config: Config) -> Path | None:
    if config.snapshot is not None or not config.use_cache:
        return None
    from factcheck.cache import default_cache_dir

    return config.cache_dir if config.cache_dir is not None else default_cache_dir()


def _extract_one(fetched: Fetched, cache_dir: Path | None) -> Document | FetchFailed:
    """Extract one source; a bug on one odd page becomes that source's status, not a crash."""
    from factcheck.extract import extract

    try:
        return extract(fetched, cache=_open_text_cache(cache_dir))
    except Exception as exc:  # the per-source boundary: the other sources must survive
        return FetchFailed(
            url=fetched.url, status=FetchStatus.INTERNAL_ERROR, http_status=fetched.http_status,
            message=f"reading the page's text failed ({type(exc).__name__}: {exc}); "
                    "the other sources were checked",
        )


def _open_text_cache(cache_dir: Path | None) -> Cache | None:
    if cache_dir is None:
        return None
    from factcheck.cache import Cache

    return Cache(cache_dir)


# --------------------------------------------------------------------------- judging


def judge(
    claim: Claim, sources: Mapping[str, Source], scorer: Scorer, config: Config
) -> ClaimResult:
    """Give one claim exactly one verdict, with its evidence and the reason."""
    from factcheck.match import verdict_for

    if not claim.citations:
        return ClaimResult(claim=claim, verdict=Verdict.NEEDS_CITATION, score=None,
                           reason=_needs_citation_reason(claim))
    dangling = [c for c in claim.citations if c not in sources]
    usable = [(c, sources[c]) for c in claim.citations if c in sources]
    available = _available(claim, sources)
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


# --------------------------------------------------------------------------- parallel matching

_Key = tuple[str, tuple[tuple[str, int], ...]]
"""A claim's text and its available sources as (reference id, id of the document)."""
_Job = tuple[str, tuple[tuple[str, str], ...]]
"""What a worker needs for one assessment: the claim and (reference id, URL) pairs."""


class _Precomputed:
    """A scorer that answers from assessments made on the pool (falls back to ``scorer``)."""

    def __init__(self, answers: dict[_Key, Assessment], scorer: Scorer) -> None:
        self.answers = answers
        self.scorer = scorer

    def assess(self, claim: str, sources: Sequence[tuple[str, Document]]) -> Assessment:
        found = self.answers.get(_key(claim, sources))
        return found if found is not None else self.scorer.assess(claim, sources)


def _key(claim: str, sources: Sequence[tuple[str, Document]]) -> _Key:
    return claim, tuple((cid, id(doc)) for cid, doc in sources)


def _assess_all(
    drafts: Sequence[Draft],
    all_sources: Sequence[tuple[Source, ...]],
    config: Config,
    pooled: tuple[Executor | None, int],
    scorer: Scorer,
) -> Scorer:
    """Assess every claim of the group, source by source; a scorer that replays the answers.

    Claims are assessed grouped by the sources they cite, not in draft order,
    so each document is indexed once even when a draft cites more documents
    than the matcher's index cache holds. With a pool the groups are shared
    out between the workers; without one they run here, with ``scorer``.
    """
    pool, workers = pooled
    docs: dict[str, Document] = {}
    keyed: dict[_Key, _Job] = {}
    for draft, sources in zip(drafts, all_sources, strict=True):
        by_id = {s.id: s for s in sources}
        for claim in draft.claims:
            available = _available(claim, by_id) if claim.ignored is None else []
            refs = tuple((cid, by_id[cid].url or "") for cid, _ in available)
            docs.update((url, doc) for (_, url), (_, doc) in zip(refs, available, strict=True))
            if refs:
                keyed.setdefault(_key(claim.text, available), (claim.text, refs))
    shards = _shards(list(keyed.items()), docs, workers * SHARDS_PER_WORKER if pool else 1)
    answers: dict[_Key, Assessment] = {}
    if pool is None:
        for jobs in shards:
            answers.update((k, _assess(scorer, docs, job)) for k, job in jobs)
        return _Precomputed(answers, scorer)
    futures = [
        pool.submit(_assess_shard, config, {u: docs[u] for u in _shard_urls(jobs)},
                    [job for _, job in jobs])
        for jobs in shards
    ]
    for jobs, future in zip(shards, futures, strict=True):
        answers.update(zip((k for k, _ in jobs), future.result(), strict=True))
    return _Precomputed(answers, scorer)


def _shard_urls(jobs: Sequence[tuple[_Key, _Job]]) -> set[str]:
    return {url for _, (_, refs) in jobs for _, url in refs}


def _shards(
    jobs: list[tuple[_Key, _Job]], docs: Mapping[str, Document], bins: int
) -> list[list[tuple[_Key, _Job]]]:
    """Jobs split into ``bins`` shards of similar cost; jobs sharing a source stay together.

    Sources cited together form one component (union-find over URLs), so every
    document is indexed in exactly one worker. Components are placed largest
    first on the lightest shard; cost counts indexing (characters) and claims.
    """
    parent: dict[str, str] = {}

    def find(url: str) -> str:
        while parent.setdefault(url, url) != url:
            parent[url] = parent[parent[url]]
            url = parent[url]
        return url

    for _, (_, refs) in jobs:
        first = find(refs[0][1])
        for _, url in refs[1:]:
            parent[find(url)] = first
    components: dict[str, list[tuple[_Key, _Job]]] = {}
    for item in jobs:
        components.setdefault(find(item[1][1][0][1]), []).append(item)
    shards: list[list[tuple[_Key, _Job]]] = [[] for _ in range(max(1, bins))]
    load = [0.0] * len(shards)
    costed = sorted(((_cost(c, docs), i, c) for i, c in enumerate(components.values())),
                    key=lambda t: (-t[0], t[1]))
    for cost, _, comp in costed:
        lightest = load.index(min(load))
        # Within a component, claims of the same source follow each other.
        shards[lightest] += sorted(comp, key=lambda item: item[1][1][0][1])
        load[lightest] += cost
    return [s for s in shards if s]


def _cost(component: list[tuple[_Key, _Job]], docs: Mapping[str, Document]) -> float:
    """Rough seconds x 1000: about 1 ms per KB indexed and 1.3 ms per claim (measured)."""
    chars = sum(sum(len(p) for p in docs[u].paragraphs) for u in _shard_urls(component))
    return chars / 1000 + 1.3 * len(component)


_WORKER_SCORERS: dict[Config, Scorer] = {}
"""One scorer per setting in each worker process, so its document index cache is reused."""


def _assess_shard(
    config: Config, docs: dict[str, Document], jobs: list[_Job]
) -> list[Assessment]:
    """Runs in a worker: the default scorer's assessment of every job of one shard."""
    from factcheck.match import default_scorer

    scorer = _WORKER_SCORERS.get(config)
    if scorer is None:
        scorer = _WORKER_SCORERS[config] = default_scorer(config)
    return [_assess(scorer, docs, job) for job in jobs]


def _assess(scorer: Scorer, docs: Mapping[str, Document], job: _Job) -> Assessment:
    text, refs = job
    return scorer.assess(text, [(cid, docs[url]) for cid, url in refs])


# --------------------------------------------------------------------------- the pool


def _workers(requested: int | None) -> int:
    if requested is not None:
        return max(1, requested)
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


def _work(drafts: Sequence[tuple[Draft, Config]]) -> int:
    """Claims to match plus sources to extract: what the pool would share out."""
    claims = sum(1 for d, _ in drafts for c in d.claims if c.ignored is None and c.citations)
    urls = {u for d, _ in drafts for u in _cited_urls(d)}
    return claims + len(urls)


@contextmanager
def _pool_for(
    drafts: Sequence[tuple[Draft, Config]], tools: Collaborators, workers: int
) -> Iterator[Executor | None]:
    """A process pool when more than one worker is allowed and the work pays for it."""
    if workers < 2 or (tools.workers is None and _work(drafts) < PARALLEL_MIN_WORK):
        yield None
        return
    import gc
    from concurrent.futures import ProcessPoolExecutor

    # Objects alive now are shared with the forked workers; frozen, the workers'
    # garbage collector leaves them alone instead of copying every page it touches.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            yield pool
    finally:
        gc.unfreeze()


def _context() -> Any:
    """fork where it is the platform's safe default (Linux): workers start in milliseconds
    with the modules already imported. Elsewhere spawn, which re-imports them."""
    import multiprocessing

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)
