"""Checking on a Dask cluster: the engine behind ``factcheck check --cluster``.

``DaskEngine`` runs the stages the pipeline asks for as Dask tasks, split the
way batch mode splits them on one machine:

- **parse**: one task per draft; the client reads each draft and sends its bytes (any
  draft format: Markdown, HTML, Word).
- **sources**: the distinct URLs of a window that are not on the cluster yet are
  fetched in batches of ``FETCH_BATCH`` (grouped by host, so ``fetch_all``'s
  per-host limit holds within a batch) and extracted by the same task, on the
  worker that downloaded them. Each URL's ``Document`` then stays in worker
  memory as its own future; the client receives only what a report shows (status,
  title, final URL) and the text's length. A URL cited again by a later window
  reuses that future, so each distinct URL is fetched once cluster-wide while
  the engine keeps it (the ``KEEP_SOURCES`` most recently cited; an older one
  cited again is read through the workers' cache, without a download when it
  is fresh there).
- **assess**: claims grouped by the sources they cite, in shards balanced by
  text length (``parallel.plan``); each shard runs ``parallel.assess_shard`` on
  a worker, and Dask moves the documents it needs there.

Reports are built on the client, from sources whose documents are stand-ins
carrying only the title (no reporter reads the text), so the client holds a few
windows of drafts and reports, never the run. Results are identical to a serial
run: the same functions score the same documents.

Faults: Dask reruns the tasks of a worker that dies, recomputing what it held
from the tasks that made it. A scheduler that cannot be reached, that has no
worker, whose workers run another factcheck version, or that goes away in the
middle of a run is a ``ClusterError`` (exit 2); the reports already yielded
stay with the caller. Dask is imported only when an engine is made, so the
default install and ``factcheck --help`` never load it.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from concurrent.futures import CancelledError
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from factcheck import __version__, parallel
from factcheck.config import Config
from factcheck.errors import ClusterError, ConfigError
from factcheck.models import (
    Document,
    Draft,
    Fetched,
    FetchFailed,
    FetchResult,
    VerifierKind,
)

if TYPE_CHECKING:
    from factcheck.match import Scorer

FETCH_BATCH = 16
"""URLs per fetch task: enough for ``fetch_all`` to overlap their latency, few enough that
a window's fetching spreads over several workers."""
WINDOW = 32
"""Drafts handed to the cluster at once (parsed, fetched and matched together)."""
SHARD_CLAIMS = 40
"""Claims per matching task at least (a few hundred milliseconds of work), unless the
window has fewer."""
KEEP_SOURCES = 10_000
"""Most recently cited sources whose documents stay in worker memory for later windows."""
CONNECT_TIMEOUT = 10.0
"""Seconds to reach the scheduler before giving up with one line."""
WORKERS_TIMEOUT = 60.0
"""Seconds to wait for the scheduler's first worker (a new cluster may still be starting)."""
CLOSE_TIMEOUT = 5.0
"""Seconds given to closing the connection (and a local cluster) at the end of a run."""
DEFAULT_PORT = 8786
"""The scheduler's port when the address names none (Dask's own default)."""
_LOCAL = re.compile(r"local:(\d+)")
_ADDRESS = re.compile(r"(tcp|tls|ws|wss|inproc)://[^\s/]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceFacts:
    """What the client learns of one source: the fetch result without its body, the
    extracted text's stand-in (title only) or failure, and the text's length."""

    result: FetchResult
    outcome: Document | FetchFailed | None
    chars: int = 0


@dataclass(slots=True)
class _Known:
    """A source on the cluster: the futures of its batch's facts and of its document."""

    facts: Any
    document: Any
    value: SourceFacts | None = None


def connect(spec: str, *, debug: bool = False) -> DaskEngine:
    """An engine on the scheduler at ``spec`` (``tcp://host:8786``), or on a new local
    cluster of N worker processes (``local:N``)."""
    distributed = _distributed()
    if not debug:
        # Dask logs reconnection attempts and worker restarts on stderr; the run reports
        # what matters in one line, and --debug shows the rest. Dask sets levels on some
        # of its loggers itself, so each is set, not only their parent.
        for name in ["distributed", *logging.root.manager.loggerDict]:
            if name == "distributed" or name.startswith("distributed."):
                logging.getLogger(name).setLevel(logging.CRITICAL)
    local = _LOCAL.fullmatch(spec.strip())
    if local is not None:
        return _local(int(local.group(1)), debug)
    address = spec.strip()
    if _ADDRESS.fullmatch(address) is None:
        raise ConfigError(f"--cluster {spec!r} is not a scheduler address; give "
                          "tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786) or local:N")
    try:
        _probe(address)
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({reason}); start "
                           "it with 'dask scheduler' or check --cluster") from None
    return DaskEngine(client, address)


def _probe(address: str) -> None:
    """Open and close a TCP connection to the scheduler: a refused or unroutable address
    fails here at once, where Dask's client would retry until its timeout."""
    import socket

    scheme, _, rest = address.partition("://")
    if scheme == "inproc":
        return
    parts = urlsplit(f"//{rest}")
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise ConfigError(f"--cluster {address}: the port must be a number from 1 to "
                          "65535") from None
    with socket.create_connection((parts.hostname or "", port), timeout=CONNECT_TIMEOUT):
        pass


def _distributed() -> Any:
    """The ``distributed`` module (typed loosely: its API is only partly annotated)."""
    import importlib

    try:
        return importlib.import_module("distributed")
    except ImportError as exc:
        raise ConfigError("--cluster needs Dask: pip install 'factcheck-drafts[cluster]'") from exc


def _local(workers: int, debug: bool) -> DaskEngine:
    distributed = _distributed()
    if not 1 <= workers <= 64:
        raise ConfigError(f"--cluster local:{workers}: give between 1 and 64 workers")
    cluster = distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, silence_logs=logging.WARNING if debug else logging.CRITICAL,
    )
    client = distributed.Client(cluster, set_as_default=False)
    return DaskEngine(client, f"local:{workers}", owned=cluster)


class DaskEngine:
    """The pipeline's stages as tasks on a Dask cluster (see the module docstring)."""

    window: int | None = WINDOW

    def __init__(self, client: Any, address: str, *, owned: Any = None) -> None:
        self.client = client
        self.address = address
        self._owned = owned
        self._known: OrderedDict[tuple[str, Config], _Known] = OrderedDict()
        self._lock = threading.Lock()
        self._here = threading.local()
        try:
            self._check_workers()
        except BaseException:
            self.close()
            raise
        # Enough windows in progress to keep every worker busy while the client waits.
        self.in_flight = max(2, min(16, self.workers))

    @property
    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def _check_workers(self) -> None:
        try:
            self.client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except TimeoutError:
            raise ClusterError(f"the Dask scheduler at {self.address} has no workers after "
                               f"{WORKERS_TIMEOUT:g} s; start some with 'dask worker "
                               f"{self.address}'") from None
        try:
            versions = self.client.run(worker_version)
        except ImportError as exc:
            raise ClusterError(f"the workers of {self.address} cannot import factcheck ({exc});"
                               " install factcheck-drafts[cluster] on every worker") from None
        other = {addr: v for addr, v in versions.items() if v != __version__}
        if other:
            addr, version = sorted(other.items())[0]
            raise ClusterError(f"worker {addr} runs factcheck {version}, this client "
                               f"{__version__}; install the same version on every worker")

    # ------------------------------------------------------------------ the stages

    def parse(self, drafts: Sequence[tuple[str, bytes, Config]]) -> list[Draft]:
        futures = [self.client.submit(parse_task, name, data, config, pure=False)
                   for name, data, config in drafts]
        parsed: list[Draft] = self._gather(futures)
        return parsed

    def prepare(self, work: int) -> None:
        """Nothing to decide: the cluster is already there."""

    def sources(
        self, urls: Sequence[str], config: Config, progress: Any, transport: Any
    ) -> tuple[dict[str, FetchResult], parallel.Extracted]:
        if config.verifier is not VerifierKind.LEXICAL:
            # A model verifier reads the sources' text in this process, where the cluster
            # keeps only stand-ins: it would be judging empty pages.
            raise ConfigError(f"--verifier {config.verifier.value} runs on this machine and "
                              "cannot be combined with --cluster; check without --cluster")
        known = self._register(list(dict.fromkeys(urls)), config)
        missing = {id(k.facts): k.facts for k in known.values() if k.value is None}
        gathered = dict(zip(missing, self._gather(list(missing.values())), strict=True))
        fetched: dict[str, FetchResult] = {}
        extracted: parallel.Extracted = {}
        sizes: dict[str, int] = {}
        for url, entry in known.items():
            if entry.value is None:
                entry.value = gathered[id(entry.facts)][url]
            facts = entry.value
            fetched[url] = facts.result
            sizes[url] = facts.chars
            if facts.outcome is not None:
                extracted[url] = facts.outcome
        # The assess() that follows, in this same thread, finds the documents here.
        self._here.documents = {url: entry.document for url, entry in known.items()}
        self._here.sizes = sizes
        return fetched, extracted

    def _register(self, urls: list[str], config: Config) -> dict[str, _Known]:
        """Each URL's entry, submitting fetch tasks for those the cluster does not have."""
        with self._lock:
            known: dict[str, _Known] = {}
            new = []
            for url in urls:
                entry = self._known.get((url, config))
                if entry is None:
                    new.append(url)
                else:
                    self._known.move_to_end((url, config))
                    known[url] = entry
            for batch in _batches(new):
                made = self.client.submit(fetch_task, batch, config, pure=False)
                facts = self.client.submit(facts_of, made, pure=False)
                for url in batch:
                    document = self.client.submit(document_of, made, url, pure=False)
                    known[url] = self._known[(url, config)] = _Known(facts, document)
            while len(self._known) > KEEP_SOURCES:
                self._known.popitem(last=False)
        return {url: known[url] for url in urls}

    def assess(self, claims: Iterable[tuple[str, parallel.Located]], config: Config) -> Scorer:
        documents: dict[str, Any] = getattr(self._here, "documents", {})
        sizes: dict[str, int] = getattr(self._here, "sizes", {})
        listed = list(claims)
        # Shards big enough that the scheduler's per-task cost stays small beside the
        # matching, and enough of them to spread a window over the workers.
        bins = max(1, min(2 * self.workers, -(-len(listed) // SHARD_CLAIMS)))
        _, shards = parallel.plan(listed, lambda _: sizes, bins)
        futures = [
            self.client.submit(parallel.assess_shard, config,
                               {u: documents[u] for u in parallel.shard_urls(jobs)},
                               [job for _, job in jobs], pure=False)
            for jobs in shards
        ]
        answers: dict[parallel.Key, Any] = {}
        for jobs, assessed in zip(shards, self._gather(futures), strict=True):
            answers.update(zip((k for k, _ in jobs), assessed, strict=True))
        # The documents here are stand-ins: a claim not assessed on the cluster is a bug.
        return parallel.Precomputed(answers, None)

    def _gather(self, futures: list[Any]) -> Any:
        try:
            return self.client.gather(futures)
        except (CancelledError, OSError, TimeoutError) as exc:
            from distributed.comm.core import CommClosedError

            # A closed connection is the scheduler gone, even while the client, not told
            # yet, still reads "running"; another OSError of a running client is a bug.
            lost = isinstance(exc, CancelledError | CommClosedError)
            if self.client.status == "running" and not lost:
                raise
            raise ClusterError(f"lost the Dask scheduler at {self.address} "
                               f"({type(exc).__name__}); the drafts finished before it "
                               "are in the output") from None

    def close(self) -> None:
        import contextlib

        with self._lock:
            self._known.clear()
        with contextlib.suppress(Exception):
            self.client.close(timeout=CLOSE_TIMEOUT)
        if self._owned is not None:
            with contextlib.suppress(Exception):
                self._owned.close(timeout=CLOSE_TIMEOUT)

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _batches(urls: list[str]) -> list[list[str]]:
    """URLs in batches of ``FETCH_BATCH``, each host's URLs next to each other."""
    ordered = [u for _, _, u in sorted((urlsplit(u).netloc.lower(), i, u)
                                       for i, u in enumerate(urls))]
    return [ordered[i:i + FETCH_BATCH] for i in range(0, len(ordered), FETCH_BATCH)]


# --------------------------------------------------------------------------- tasks
# These run on the workers; they are imported there by name, so they stay at module level.


def worker_version() -> str:
    return __version__


def parse_task(name: str, data: bytes, config: Config) -> Draft:
    from factcheck.pipeline import parse

    return parse(name, data, config)


def fetch_task(
    urls: list[str], config: Config
) -> tuple[dict[str, SourceFacts], dict[str, Document]]:
    """Fetch and extract a batch of URLs: the facts for the client, the documents to keep."""
    from factcheck.fetch import fetch_all

    fetched = fetch_all(urls, config)
    extracted = parallel.extract_all(fetched, config, None)
    facts: dict[str, SourceFacts] = {}
    documents: dict[str, Document] = {}
    for url in urls:
        result = fetched[url]
        if not isinstance(result, Fetched):
            facts[url] = SourceFacts(result=result, outcome=None)
            continue
        outcome = extracted[url]
        light = replace(result, body=b"")
        if isinstance(outcome, Document):
            documents[url] = outcome
            facts[url] = SourceFacts(result=light, outcome=_stand_in(outcome),
                                     chars=sum(len(p) for p in outcome.paragraphs))
        else:
            facts[url] = SourceFacts(result=light, outcome=outcome)
    return facts, documents


def _stand_in(document: Document) -> Document:
    """A document with the title and no text: what a report needs to know of a source."""
    return Document(title=document.title, paragraphs=())


def facts_of(made: tuple[dict[str, SourceFacts], dict[str, Document]]) -> dict[str, SourceFacts]:
    return made[0]


def document_of(made: tuple[dict[str, SourceFacts], dict[str, Document]],
                url: str) -> Document | None:
    return made[1].get(url)
