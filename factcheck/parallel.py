"""Sharing the CPU-bound stages out over a process pool: extraction, then matching.

The pipeline decides what to run; this module decides where. Below a measured
amount of work everything runs in this process. Above it, pages are extracted
on the pool and claims are matched in shards grouped by source (union-find
over the URLs cited together), so each document is indexed in one worker only;
answers come back keyed by claim and sources, so results are identical to a
serial run.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.config import Config
from factcheck.models import Assessment, Document, Fetched, FetchFailed, FetchResult, FetchStatus

if TYPE_CHECKING:
    from factcheck.cache import Cache
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


def extract_all(
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
    limit = config.extract_timeout
    out = {url: _extract_one(r, cache_dir, limit)
           for (url, r), stay in zip(items, local, strict=True) if stay}
    if pool is not None and away:
        outcomes = pool.map(_extract_one, [r for _, r in away], [cache_dir] * len(away),
                            [limit] * len(away), chunksize=EXTRACT_CHUNK)
        out.update(zip((url for url, _ in away), outcomes, strict=True))
    return {url: out[url] for url, _ in items}


def _text_cache_dir(config: Config) -> Path | None:
    if config.snapshot is not None or not config.use_cache:
        return None
    from factcheck.cache import default_cache_dir

    return config.cache_dir if config.cache_dir is not None else default_cache_dir()


def _extract_one(
    fetched: Fetched, cache_dir: Path | None, time_limit: float | None = None
) -> Document | FetchFailed:
    """Extract one source; a bug on one odd page becomes that source's status, not a crash."""
    from factcheck.extract import extract

    try:
        return extract(fetched, cache=_open_text_cache(cache_dir), time_limit=time_limit)
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


Located = Sequence[tuple[str, str, Document]]
"""A claim's readable sources as (reference id, URL, document)."""


def assess_all(
    claims: Iterable[tuple[str, Located]],
    config: Config,
    pooled: tuple[Executor | None, int],
    scorer: Scorer,
) -> Scorer:
    """Assess every claim, source by source; a scorer that replays the answers.

    Claims are assessed grouped by the sources they cite, not in draft order,
    so each document is indexed once even when a draft cites more documents
    than the matcher's index cache holds. With a pool the groups are shared
    out between the workers; without one they run here, with ``scorer``.
    """
    pool, workers = pooled
    docs: dict[str, Document] = {}
    keyed: dict[_Key, _Job] = {}
    for text, located in claims:
        docs.update((url, doc) for _, url, doc in located)
        available = [(cid, doc) for cid, _, doc in located]
        keyed.setdefault(_key(text, available), (text, tuple((c, u) for c, u, _ in located)))
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


def workers_for(requested: int | None) -> int:
    if requested is not None:
        return max(1, requested)
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


@contextmanager
def pool_for(work: int, workers: int, *, forced: bool) -> Iterator[Executor | None]:
    """A process pool when more than one worker is allowed and the work pays for it.

    ``work`` counts claims to match plus sources to extract; ``forced`` (an explicit
    worker count) skips the break-even rule.
    """
    if workers < 2 or (not forced and work < PARALLEL_MIN_WORK):
        yield None
        return
    import gc
    from concurrent.futures import ProcessPoolExecutor

    # Objects alive now are shared with the forked workers; frozen, the workers'
    # garbage collector leaves them alone instead of copying every page it touches.
    gc.freeze()
    try:
        # Never more processes than units of work: "-j 64" on a small draft forks a few.
        with ProcessPoolExecutor(max_workers=min(workers, max(2, work)),
                                 mp_context=_context()) as pool:
            yield pool
    finally:
        gc.unfreeze()


def _context() -> Any:
    """fork where it is the platform's safe default (Linux): workers start in milliseconds
    with the modules already imported. Elsewhere spawn, which re-imports them."""
    import multiprocessing

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)
