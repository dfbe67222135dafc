"""Where the stages run: the ``Engine`` interface, and the engine of one machine.

The pipeline decides what runs in which order; an engine decides where. The
engine of one machine (``LocalEngine``) parses drafts and fetches sources in
this process and shares the CPU-bound stages, extraction then matching, out
over a process pool when the work pays for it: below a measured amount of work
everything runs here. Claims are matched in shards grouped by source
(union-find over the URLs cited together), so each document is indexed in one
worker only; answers come back keyed by claim and sources, so results are
identical to a serial run. ``cluster.py`` is the other engine, on Dask.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from factcheck.config import Config
from factcheck.models import (
    Assessment,
    Document,
    Draft,
    Fetched,
    FetchFailed,
    FetchResult,
    FetchStatus,
)

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


Located = Sequence[tuple[str, str, Document]]
"""A claim's readable sources as (reference id, URL, document)."""
Extracted = dict[str, Document | FetchFailed]


class Engine(Protocol):
    """Runs the stages the pipeline asks for, in this process, on a pool or on a cluster.

    ``window`` is how many drafts a streamed run hands over at once (None: all of
    them); ``in_flight`` how many such windows may be in progress together (the
    pipeline runs each in its own thread when more than one). Results must not
    depend on the engine: every engine's reports equal a serial run's.
    """

    window: int | None
    in_flight: int

    def parse(self, drafts: Sequence[tuple[str, bytes, Config]]) -> list[Draft]:
        """Each (name, bytes, settings) as a parsed ``Draft``, in order."""
        ...

    def prepare(self, work: int) -> None:
        """Told the work of the next check (claims plus sources) before it starts."""
        ...

    def sources(
        self, urls: Sequence[str], config: Config, progress: Any, transport: Any
    ) -> tuple[dict[str, FetchResult], Extracted]:
        """Each distinct URL fetched and its readable text extracted."""
        ...

    def assess(self, claims: Iterable[tuple[str, Located]], config: Config) -> Scorer:
        """Every claim assessed against its sources; a scorer that replays the answers."""
        ...

    def close(self) -> None:
        """Release what the engine holds (a pool, a connection)."""
        ...


class LocalEngine:
    """This process, plus a process pool from the first check whose work pays for one.

    ``workers`` None means one per CPU when the work is worth it
    (``PARALLEL_MIN_WORK``); an explicit count skips that rule; 1 never forks.
    """

    window: int | None = None
    in_flight = 1

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers_for(workers)
        self._forced = workers is not None
        self._stack = ExitStack()
        self._pool: Executor | None = None
        self._decided = False
        self._scorers: dict[Config, Scorer] = {}

    def parse(self, drafts: Sequence[tuple[str, bytes, Config]]) -> list[Draft]:
        from factcheck.pipeline import parse

        return [parse(name, data, config) for name, data, config in drafts]

    def prepare(self, work: int) -> None:
        if not self._decided:
            self._decided = True
            self._pool = self._stack.enter_context(pool_for(work, self.workers,
                                                            forced=self._forced))

    def sources(
        self, urls: Sequence[str], config: Config, progress: Any, transport: Any
    ) -> tuple[dict[str, FetchResult], Extracted]:
        from factcheck.fetch import fetch_all

        fetched = fetch_all(list(dict.fromkeys(urls)), config, progress=progress,
                            transport=transport)
        return fetched, extract_all(fetched, config, self._pool)

    def assess(self, claims: Iterable[tuple[str, Located]], config: Config) -> Scorer:
        from factcheck.match import default_scorer

        # One scorer per setting for the whole run, so windows share its index cache.
        scorer = self._scorers.get(config)
        if scorer is None:
            scorer = self._scorers[config] = default_scorer(config)
        return assess_all(claims, config, (self._pool, self.workers), scorer)

    def close(self) -> None:
        self._stack.close()
        self._pool, self._decided = None, False


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
    from factcheck.cache import derived_cache

    cache = derived_cache(config)
    return cache.root.parent if cache is not None else None


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


Key = tuple[str, tuple[tuple[str, int], ...]]
"""A claim's text and its available sources as (reference id, id of the document)."""
Job = tuple[str, tuple[tuple[str, str], ...]]
"""What a worker needs for one assessment: the claim and (reference id, URL) pairs."""


class Precomputed:
    """A scorer that answers from assessments made elsewhere (a pool, a cluster).

    A claim it was not given falls back to ``scorer``; with none, that is a bug in
    the caller (the documents it holds may be stand-ins), so it raises.
    """

    def __init__(self, answers: dict[Key, Assessment], scorer: Scorer | None) -> None:
        self.answers = answers
        self.scorer = scorer

    def assess(self, claim: str, sources: Sequence[tuple[str, Document]]) -> Assessment:
        found = self.answers.get(_key(claim, sources))
        if found is not None:
            return found
        if self.scorer is None:
            raise LookupError(f"no assessment was made for the claim {claim[:60]!r}")
        return self.scorer.assess(claim, sources)


def _key(claim: str, sources: Sequence[tuple[str, Document]]) -> Key:
    return claim, tuple((cid, id(doc)) for cid, doc in sources)


def plan(
    claims: Iterable[tuple[str, Located]], sizes: Callable[[Mapping[str, Document]],
                                                         Mapping[str, int]], bins: int
) -> tuple[dict[str, Document], list[list[tuple[Key, Job]]]]:
    """The documents by URL and the distinct assessments cut into ``bins`` shards.

    ``sizes`` gives each document's length in characters, which the shards are
    balanced by (an engine whose documents are elsewhere knows them from there).
    """
    docs: dict[str, Document] = {}
    keyed: dict[Key, Job] = {}
    for text, located in claims:
        docs.update((url, doc) for _, url, doc in located)
        available = [(cid, doc) for cid, _, doc in located]
        keyed.setdefault(_key(text, available), (text, tuple((c, u) for c, u, _ in located)))
    return docs, _shards(list(keyed.items()), sizes(docs), bins)


def text_sizes(docs: Mapping[str, Document]) -> dict[str, int]:
    return {url: sum(len(p) for p in doc.paragraphs) for url, doc in docs.items()}


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
    docs, shards = plan(claims, text_sizes, workers * SHARDS_PER_WORKER if pool else 1)
    answers: dict[Key, Assessment] = {}
    if pool is None:
        for jobs in shards:
            assessed = _assess(scorer, docs, [job for _, job in jobs])
            answers.update(zip((k for k, _ in jobs), assessed, strict=True))
        return Precomputed(answers, scorer)
    futures = [
        pool.submit(assess_shard, config, {u: docs[u] for u in shard_urls(jobs)},
                    [job for _, job in jobs])
        for jobs in shards
    ]
    for jobs, future in zip(shards, futures, strict=True):
        answers.update(zip((k for k, _ in jobs), future.result(), strict=True))
    return Precomputed(answers, scorer)


def shard_urls(jobs: Sequence[tuple[Key, Job]]) -> set[str]:
    return {url for _, (_, refs) in jobs for _, url in refs}


def _shards(
    jobs: list[tuple[Key, Job]], sizes: Mapping[str, int], bins: int
) -> list[list[tuple[Key, Job]]]:
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
    components: dict[str, list[tuple[Key, Job]]] = {}
    for item in jobs:
        components.setdefault(find(item[1][1][0][1]), []).append(item)
    shards: list[list[tuple[Key, Job]]] = [[] for _ in range(max(1, bins))]
    load = [0.0] * len(shards)
    costed = sorted(((_cost(c, sizes), i, c) for i, c in enumerate(components.values())),
                    key=lambda t: (-t[0], t[1]))
    for cost, _, comp in costed:
        lightest = load.index(min(load))
        # Within a component, claims of the same source follow each other.
        shards[lightest] += sorted(comp, key=lambda item: item[1][1][0][1])
        load[lightest] += cost
    return [s for s in shards if s]


def _cost(component: list[tuple[Key, Job]], sizes: Mapping[str, int]) -> float:
    """Rough seconds x 1000: about 1 ms per KB indexed and 1.3 ms per claim (measured)."""
    chars = sum(sizes[u] for u in shard_urls(component))
    return chars / 1000 + 1.3 * len(component)


_WORKER_SCORERS: dict[Config, Scorer] = {}
"""One scorer per setting in each worker process, so its document index cache is reused."""


def assess_shard(
    config: Config, docs: dict[str, Document], jobs: list[Job]
) -> list[Assessment]:
    """Runs in a worker: the default scorer's assessment of every job of one shard."""
    from factcheck.match import default_scorer

    scorer = _WORKER_SCORERS.get(config)
    if scorer is None:
        scorer = _WORKER_SCORERS[config] = default_scorer(config)
    return _assess(scorer, docs, jobs)


def _assess(scorer: Scorer, docs: Mapping[str, Document], jobs: Sequence[Job]
            ) -> list[Assessment]:  # fmt: skip
    """Every job's assessment, in one call when the scorer takes many at once (the
    built-in one parses their evidence sentences together)."""
    items = [(text, [(cid, docs[url]) for cid, url in refs]) for text, refs in jobs]
    many = getattr(scorer, "assess_many", None)
    if many is not None:
        return list(many(items))
    return [scorer.assess(text, sources) for text, sources in items]


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
