"""The data passed between pipeline stages.

Every stage takes and returns these small frozen records, never dicts, so a
stage can be tested alone and results can be hashed and cached. Outcomes that
can go several ways are sum types (``Fetched | FetchFailed``) or enums handled
with ``match``; a problem with one claim or one source is data here, never an
exception. Positions are 1-based line and column throughout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Verdict(StrEnum):
    """What the check concluded about one claim."""

    SUPPORTED = "supported"
    PARTIALLY_SUPPORTED = "partially_supported"
    NOT_SUPPORTED = "not_supported"
    SOURCE_UNAVAILABLE = "source_unavailable"
    NEEDS_CITATION = "needs_citation"
    CITATION_MISSING = "citation_missing"


class FetchStatus(StrEnum):
    """Exactly one status per source, as a link checker would report it."""

    OK = "ok"
    NOT_FOUND = "not_found"
    GONE = "gone"
    FORBIDDEN = "forbidden"
    RATE_LIMITED = "rate_limited"
    SERVER_ERROR = "server_error"
    HTTP_ERROR = "http_error"
    TIMEOUT = "timeout"
    DNS_ERROR = "dns_error"
    TLS_ERROR = "tls_error"
    CONNECTION_ERROR = "connection_error"
    TOO_LARGE = "too_large"
    UNSUPPORTED_TYPE = "unsupported_type"
    BLOCKED = "blocked"
    REDIRECT_LOOP = "redirect_loop"
    INVALID_URL = "invalid_url"
    UNSUPPORTED_SCHEME = "unsupported_scheme"
    """A reference to a ``file:``, ``ftp:``, ``javascript:``, ``data:``... URL: never fetched."""
    NO_URL = "no_url"
    NOT_IN_SNAPSHOT = "not_in_snapshot"
    OFFLINE = "offline"
    EXCLUDED = "excluded"
    EMPTY = "empty"
    ROBOTS_DISALLOWED = "robots_disallowed"
    UNUSED = "unused"
    INTERNAL_ERROR = "internal_error"
    """A bug in factcheck while handling this one source; the other sources are unaffected."""


class Origin(StrEnum):
    """Where a source's text came from in this run, so a report never passes old copies off
    as fresh."""

    NETWORK = "network"
    """Downloaded during this run."""
    REVALIDATED = "revalidated"
    """The cached copy, which the server confirmed unchanged during this run (HTTP 304)."""
    CACHE = "cache"
    """The cached copy, used without asking the server (younger than ``max_age``, or
    ``--offline``); ``fetched_at`` says how old it is."""
    SNAPSHOT = "snapshot"
    """Read from a ``factcheck fetch`` snapshot; ``fetched_at`` is when it was saved."""


class ProblemKind(StrEnum):
    """Defects of the draft itself, reported with a line number."""

    DANGLING_CITATION = "dangling_citation"
    AMBIGUOUS_CITATION = "ambiguous_citation"
    UNUSED_REFERENCE = "unused_reference"
    DUPLICATE_REFERENCE = "duplicate_reference"
    DUPLICATE_URL = "duplicate_url"
    MALFORMED_URL = "malformed_url"
    NO_REFERENCES = "no_references"
    EMPTY_DRAFT = "empty_draft"
    REFERENCE_WITHOUT_URL = "reference_without_url"
    DRAFT_ENCODING = "draft_encoding"
    """Not a defect as such: the draft is not UTF-8, and this says which encoding was used."""


class VerifierKind(StrEnum):
    """Who judges whether the evidence supports a claim (``--verifier``)."""

    LEXICAL = "lexical"
    """The built-in matcher alone: offline, no model (the default)."""
    LLM = "llm"
    """A chat model behind an OpenAI-compatible endpoint gives a second opinion."""
    NLI = "nli"
    """A local entailment model (ONNX) gives a second opinion; nothing leaves the machine."""


class ModelVerdict(StrEnum):
    """What a model verifier said about one claim (the best of its passages)."""

    SUPPORTED = "supported"
    PARTIALLY_SUPPORTED = "partially_supported"
    NOT_SUPPORTED = "not_supported"
    NO_ANSWER = "no_answer"
    """The model gave no usable answer (invalid JSON or a quote not in the passage twice,
    a timeout, an error, the call or token cap); the lexical verdict stands."""
    NOT_ASKED = "not_asked"
    """Not sent: the lexical stage found a contradiction that decides the verdict anyway."""


DEFAULT_FAIL_ON = frozenset({Verdict.NOT_SUPPORTED, Verdict.CITATION_MISSING})
"""The default policy: these verdicts make a draft fail (exit 1)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """Half-open character range ``[start, end)`` into a claim's text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    kind: ProblemKind
    line: int | None
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Reference:
    """One entry of the draft's References list."""

    id: str
    url: str | None
    title: str | None = None
    line: int
    raw: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """A sentence (or clause) of the draft, with the citations that back it.

    ``text`` has the citation markers removed; ``line``/``column`` locate its
    first character in the draft, ``offset`` is the same as a 0-based index
    into the draft text. ``check_worthy`` lists why an uncited sentence needs
    a citation (empty when it does not).
    """

    id: str
    text: str
    line: int
    column: int
    offset: int
    citations: tuple[str, ...] = ()
    check_worthy: tuple[str, ...] = ()
    needs_citation_marker: bool = False
    ignored: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    """A parsed draft: its claims, its references and its defects."""

    path: str
    text: str
    claims: tuple[Claim, ...]
    references: tuple[Reference, ...]
    problems: tuple[Problem, ...] = ()
    encoding: str = "utf-8"
    """The encoding the draft's bytes were read with."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SkippedDraft:
    """A file found in a folder that was not checked, and why (never skipped silently)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    """A source retrieved successfully (from the network, cache or snapshot)."""

    url: str
    final_url: str
    http_status: int | None
    content_type: str
    body: bytes = field(repr=False)
    """Out of the repr: asyncio writes the repr of a finished run's result while it
    restores its signal handler, and the repr of a 5 MB body costs 30 ms."""
    fetched_at: str = ""
    origin: Origin = Origin.NETWORK
    archived_url: str | None = None
    last_failure: str | None = None
    """For a copy read from the cache: the status the page gave when the server was last
    asked and refused it (``not_found``...), so a report never passes off a page found
    gone as a good source; with ``last_failure_at``."""
    last_failure_at: str | None = None

    @property
    def from_cache(self) -> bool:
        """The body was not downloaded in this run (cache, revalidated or snapshot)."""
        return self.origin is not Origin.NETWORK


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchFailed:
    """A source that could not be retrieved, and precisely why."""

    url: str | None
    status: FetchStatus
    message: str
    http_status: int | None = None


FetchResult = Fetched | FetchFailed


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """Readable text of a source, split into paragraphs (no markup)."""

    title: str | None
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A reference joined with what fetching and extraction made of it."""

    id: str
    url: str | None
    status: FetchStatus
    http_status: int | None = None
    error: str | None = None
    title: str | None = None
    final_url: str | None = None
    archived_url: str | None = None
    document: Document | None = None
    origin: Origin | None = None
    """Where the text came from (None when nothing was read)."""
    fetched_at: str | None = None
    """When the text was downloaded (UTC, ISO 8601), whatever its origin."""
    last_failure: str | None = None
    """A cached copy of a page the server refused when last asked (``not_found``...):
    that status; ``last_failure_at`` says when."""
    last_failure_at: str | None = None

    @property
    def available(self) -> bool:
        return self.status is FetchStatus.OK and self.document is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """The best passage one source offers for one claim."""

    source: str
    text: str
    score: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Assessment:
    """What a scorer says about one claim against its available sources."""

    score: float
    evidence: tuple[Evidence, ...]
    unsupported_spans: tuple[Span, ...] = ()
    parts: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Verification:
    """What a model verifier said about one claim, and how that became the verdict."""

    verifier: VerifierKind
    model: str
    prompt_version: str | None = None
    verdict: ModelVerdict
    support: float | None = None
    """The model's support for its best passage: a probability (nli) or 1 / 0.5 / 0 (llm)."""
    passages: int = 0
    """Passages judged for this claim."""
    cached: int = 0
    """Of those, judgments read from the cache (no call made)."""
    source: str | None = None
    """Reference id of the passage the verdict rests on."""
    evidence: str | None = None
    """The sentence the model quoted (llm), or the passage it rated best (nli)."""
    unsupported: str | None = None
    """The part of the claim the model says the passage does not support (llm)."""
    problem: str | None = None
    """Why there is no usable answer (``NO_ANSWER``) or why none was asked for."""
    lexical_verdict: Verdict
    """The built-in matcher's verdict, before the model's judgment was combined with it."""
    rule: str
    """Which rule of the combination decided the verdict (docs/verifiers.md)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VerifierRun:
    """Where a run's claims went and what that cost, for the report's header."""

    verifier: VerifierKind
    model: str
    endpoint: str
    """The chat-completions URL (llm) or the model directory (nli)."""
    prompt_version: str | None = None
    claims: int = 0
    """Claims the model was asked to judge."""
    calls: int = 0
    """Requests sent to the endpoint (llm; retries included) or batches run (nli)."""
    tokens: int = 0
    """Tokens spent, as the endpoint reported them (llm)."""
    cached: int = 0
    """Passage judgments read from the cache instead."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimResult:
    claim: Claim
    verdict: Verdict
    score: float | None
    evidence: tuple[Evidence, ...] = ()
    unsupported_spans: tuple[Span, ...] = ()
    reason: str | None = None
    parts: tuple[tuple[str, float], ...] = ()
    verification: Verification | None = None
    """Set when a model verifier (``--verifier llm|nli``) judged the claim."""


DELIBERATE = frozenset({FetchStatus.EXCLUDED, FetchStatus.NO_URL})
"""Sources left unread on purpose: their claims are unchecked but do not fail a draft."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary:
    claims: int
    counts: tuple[tuple[Verdict, int], ...]
    passed: bool
    unchecked: bool = False
    """Claims cite sources, yet not one of those sources could be read: nothing was checked."""
    uncited: bool = False
    """The draft has check-worthy sentences and not one citation: nothing could be checked."""
    unverified: int = 0
    """Claims a model verifier was asked about that got no usable answer (their lexical
    verdict stands). When it is every such claim, the draft fails like ``unchecked``."""

    def count(self, verdict: Verdict) -> int:
        return dict(self.counts).get(verdict, 0)

    @property
    def unchecked_claims(self) -> int:
        """Cited claims that were not checked because none of their sources could be read
        (verdict ``source_unavailable``); by default any of them fails the draft."""
        return self.count(Verdict.SOURCE_UNAVAILABLE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """Everything a reporter renders. The summary is computed once, here."""

    draft: str
    results: tuple[ClaimResult, ...]
    sources: tuple[Source, ...]
    problems: tuple[Problem, ...]
    ignored: tuple[Claim, ...] = ()
    fail_on: frozenset[Verdict] = DEFAULT_FAIL_ON
    min_score: float | None = None
    fail_if_unchecked: bool = True
    fail_if_any_unchecked: bool = True
    """With ``fail_if_unchecked``: one cited claim left unchecked is enough to fail the
    draft, not only a draft where nothing could be checked (a claim whose sources were
    all skipped on purpose, ``DELIBERATE``, excepted)."""
    fail_if_uncited: bool = True
    verifier: VerifierRun | None = None
    """Set when a model verifier was used: which one, where the claims went, the cost."""
    summary: Summary = field(init=False)
    _failing: tuple[ClaimResult, ...] = field(init=False, repr=False, compare=False)
    failing_ids: frozenset[str] = field(init=False, repr=False, compare=False)
    """Ids of the failing claims, for constant-time "is this one failing?" in reporters."""
    blocking_ids: frozenset[str] = field(init=False, repr=False, compare=False)
    """Ids of the claims that make the draft fail: the failing ones, plus those the draft
    fails for without their verdict failing the policy (a claim left unchecked, when that
    fails the draft; an uncited sentence of a draft that cites nothing). CI formats report
    these as errors, so they never show a failed draft with nothing failed."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_failing", tuple(r for r in self.results if self._fails(r)))
        object.__setattr__(self, "failing_ids", frozenset(r.claim.id for r in self._failing))
        counts = tuple((v, sum(1 for r in self.results if r.verdict is v)) for v in Verdict)
        unchecked = self._unchecked()
        uncited = self._uncited()
        asked = [r.verification for r in self.results if r.verification is not None
                 and r.verification.verdict is not ModelVerdict.NOT_ASKED]
        unverified = sum(1 for v in asked if v.verdict is ModelVerdict.NO_ANSWER)
        # A model that answered nothing at all: the run did not do what was asked of it.
        no_model = bool(asked) and unverified == len(asked)
        unchecked_fail = self.fail_if_unchecked and (unchecked or self.fail_if_any_unchecked)
        uncited_fail = uncited and self.fail_if_uncited
        # A source skipped on purpose (--exclude, a reference with no URL) is reported,
        # not held against the draft, unless nothing at all could be checked.
        status = {s.id: s.status for s in self.sources}
        deliberate = {r.claim.id for r in self.results if r.claim.citations and all(
            status.get(c) in DELIBERATE for c in r.claim.citations)}
        blocking = frozenset(
            r.claim.id for r in self.results
            if r.claim.id in self.failing_ids
            or (unchecked_fail and r.verdict is Verdict.SOURCE_UNAVAILABLE
                and (unchecked or r.claim.id not in deliberate))
            or (uncited_fail and r.verdict is Verdict.NEEDS_CITATION))
        object.__setattr__(self, "blocking_ids", blocking)
        passed = not blocking and not (no_model and self.fail_if_unchecked)
        object.__setattr__(
            self,
            "summary",
            Summary(claims=len(self.results), counts=counts, passed=passed, unchecked=unchecked,
                    uncited=uncited, unverified=unverified),
        )

    def _uncited(self) -> bool:
        return bool(self.results) and not any(r.claim.citations for r in self.results) and any(
            r.verdict is Verdict.NEEDS_CITATION for r in self.results)

    def _unchecked(self) -> bool:
        cited = [r for r in self.results if r.claim.citations]
        return bool(cited) and all(r.verdict is Verdict.SOURCE_UNAVAILABLE for r in cited)

    def failing(self) -> tuple[ClaimResult, ...]:
        """Results that make the draft fail under the report's policy (computed once)."""
        return self._failing

    def _fails(self, result: ClaimResult) -> bool:
        if result.verdict in self.fail_on:
            return True
        return (
            self.min_score is not None
            and result.score is not None
            and result.score < self.min_score
        )
