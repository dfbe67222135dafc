"""What every reporter shares: verdict order and labels, highlights, one-line explanations.

Reporters only render; this module holds the few facts they must all agree on
so that the terminal, the HTML page, the SARIF log and the CI annotations tell
the same story: which verdict is worse, what a verdict is called, which words
of an evidence passage it shares with its claim, and the one-line reason a
claim got its verdict. Pure functions over ``models``; no third-party imports.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar, assert_never

from factcheck.models import (
    ClaimResult,
    FetchStatus,
    ModelVerdict,
    Origin,
    Report,
    Source,
    Span,
    Verdict,
    VerifierKind,
)

SEVERITY: dict[Verdict, int] = {
    Verdict.CITATION_MISSING: 0,
    Verdict.NOT_SUPPORTED: 1,
    Verdict.SOURCE_UNAVAILABLE: 2,
    Verdict.NEEDS_CITATION: 3,
    Verdict.PARTIALLY_SUPPORTED: 4,
    Verdict.SUPPORTED: 5,
}
"""Worst first; every ``Verdict`` member has a rank (a test checks it)."""

LABEL: dict[Verdict, str] = {
    Verdict.SUPPORTED: "supported",
    Verdict.PARTIALLY_SUPPORTED: "partially supported",
    Verdict.NOT_SUPPORTED: "not supported",
    Verdict.SOURCE_UNAVAILABLE: "source unavailable",
    Verdict.NEEDS_CITATION: "needs a citation",
    Verdict.CITATION_MISSING: "citation missing",
}

DESCRIPTION: dict[Verdict, str] = {
    Verdict.SUPPORTED: "The cited sources back the claim.",
    Verdict.PARTIALLY_SUPPORTED: "The cited sources back only part of the claim.",
    Verdict.NOT_SUPPORTED: "No cited source says what the claim says.",
    Verdict.SOURCE_UNAVAILABLE: "No cited source could be read, so the claim was not checked.",
    Verdict.NEEDS_CITATION: "A check-worthy sentence carries no citation.",
    Verdict.CITATION_MISSING: "A citation marker has no entry in the References list.",
}

EVIDENCE_CHARS = 240
"""Evidence quoted in one-line messages is cut to this many characters."""

_WORD = re.compile(r"[\w$%.,'-]*\w", re.UNICODE)
_STOP = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "has", "have", "in",
    "is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "which",
    "will", "with", "said", "says",
))


# C0/C1 controls, plus the code points XML forbids outright (U+FFFE, U+FFFF, lone surrogates).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_T = TypeVar("_T")


def printable(text: str) -> str:
    """Control characters (ESC, BEL...) become U+FFFD, one for one, so offsets still hold.

    Claims and evidence come from untrusted drafts and pages; a terminal, a CI log or
    an XML parser must never receive their control sequences.
    """
    return _CONTROL.sub("\ufffd", text)


def printable_copy(value: _T) -> _T:
    """A deep copy of a frozen record with every string passed through ``printable``."""
    return _clean(value)  # type: ignore[no-any-return]


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value) if _CONTROL.search(value) else value
    if isinstance(value, tuple):
        return tuple(_clean(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _clean(getattr(value, f.name)) for f in dataclasses.fields(value)
                   if f.init}
        return dataclasses.replace(value, **changes)
    return value


def nothing_checked(report: Report) -> str | None:
    """Why nothing in the draft was checked (which fails it by default), or None."""
    s = report.summary
    if s.unchecked:
        return ("Nothing was checked: not one cited source could be read "
                "(see the sources below).")
    if s.uncited:
        sentences = plural(s.count(Verdict.NEEDS_CITATION), "check-worthy sentence")
        return (f"Nothing was checked: the draft cites no source for its {sentences}; "
                "add a References list or inline links (or use --warn-only).")
    return None


def not_checked(report: Report) -> str | None:
    """Why some or all cited claims were not checked (and whether that fails the draft),
    or None when every cited claim was checked."""
    if (why := nothing_checked(report)) is not None:
        return why
    s = report.summary
    if not s.unchecked_claims:
        return None
    one = s.unchecked_claims == 1
    line = (f"{s.unchecked_claims} of {plural(s.claims, 'claim')} {'was' if one else 'were'} "
            f"not checked: none of {'its' if one else 'their'} cited sources could be read "
            "(see the sources below)")
    if any(r.claim.id in report.blocking_ids for r in report.results
           if r.verdict is Verdict.SOURCE_UNAVAILABLE):
        return line + "; this fails the draft (--allow-unchecked lets it pass)."
    return line + "."


def headline(report: Report) -> str:
    """``10 claims, 0 failing, 8 unchecked``: the counts every format's heading gives."""
    s = report.summary
    if nothing_checked(report) is not None:
        return f"{plural(s.claims, 'claim')}, nothing checked"
    line = f"{plural(s.claims, 'claim')}, {len(report.failing())} failing"
    return line + (f", {s.unchecked_claims} unchecked" if s.unchecked_claims else "")


def plural(n: int, word: str) -> str:
    """``1 claim``, ``2 claims``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def worst_first(results: Iterable[ClaimResult]) -> list[ClaimResult]:
    return sorted(results, key=lambda r: (SEVERITY[r.verdict], r.claim.line, r.claim.column))


def content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP}


def shared_spans(passage: str, claim: str) -> tuple[Span, ...]:
    """Spans of ``passage`` whose words also occur in ``claim`` (stop words aside)."""
    shared = content_words(claim)
    return tuple(
        Span(start=m.start(), end=m.end(), text=m.group())
        for m in _WORD.finditer(passage)
        if m.group().lower() in shared
    )


def segments(text: str, spans: Sequence[Span]) -> list[tuple[str, bool]]:
    """``text`` cut into ``(piece, highlighted)`` runs; overlapping spans are merged."""
    marked = [False] * len(text)
    for span in spans:
        for i in range(max(span.start, 0), min(span.end, len(text))):
            marked[i] = True
    out: list[tuple[str, bool]] = []
    for i, ch in enumerate(text):
        if out and out[-1][1] == marked[i]:
            out[-1] = (out[-1][0] + ch, marked[i])
        else:
            out.append((ch, marked[i]))
    return out


def needs_attention(report: Report) -> tuple[list[ClaimResult], list[ClaimResult]]:
    """(blocking, warnings): the claims that make the draft fail (``Report.blocking_ids``:
    failing ones, and unchecked ones when that fails the draft), then the other claims
    that are not ``supported``."""
    blocking = [r for r in report.results if r.claim.id in report.blocking_ids]
    warnings = [r for r in report.results
                if r.claim.id not in report.blocking_ids and r.verdict is not Verdict.SUPPORTED]
    return worst_first(blocking), worst_first(warnings)


def not_checked_fails(report: Report) -> bool:
    """The draft fails because claims were not checked (unchecked or uncited), not only
    because of claims whose verdicts fail the policy."""
    return any(r.claim.id not in report.failing_ids for r in report.results
               if r.claim.id in report.blocking_ids)


def no_model_answer(report: Report) -> str | None:
    """Why a draft with no blocking claim still fails: the model verifier answered nothing."""
    if report.summary.passed or report.blocking_ids:
        return None
    model = verifier_summary(report)
    return ("The draft fails: the model verifier gave no usable answer for any claim"
            + (f" ({model})" if model else "") + ".")


def citing(report: Report, source: Source) -> list[ClaimResult]:
    """The checked claims that cite ``source``, in draft order."""
    return [r for r in report.results if source.id in r.claim.citations]


def unread_line(report: Report, source: Source) -> str:
    """``[5] https://... could not be read: not_found, HTTP 404: ...; cited by C4 (line 14)``."""
    where = ", ".join(f"{r.claim.id} (line {r.claim.line})" for r in citing(report, source))
    return (f"[{source.id}] {source.url or '(no URL)'} could not be read: "
            f"{source_problem(source)}" + (f"; cited by {where}" if where else ""))


def score_text(score: float | None) -> str:
    return "—" if score is None else f"{score:.2f}"


def shorten(text: str, limit: int = EVIDENCE_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def explain(result: ClaimResult) -> str:
    """One line saying why the claim got its verdict, for annotations and test reports."""
    head = LABEL[result.verdict].capitalize()
    if result.score is not None:
        head += f" (score {result.score:.2f})"
    parts = []
    if result.reason:
        parts.append(result.reason)
    if result.unsupported_spans:
        words = ", ".join(f'"{s.text}"' for s in result.unsupported_spans)
        parts.append(f"no cited source backs {words}")
    if result.evidence:
        best = result.evidence[0]
        parts.append(f'best evidence [{best.source}]: "{shorten(best.text)}"')
    model = model_summary(result)
    if model is not None:
        parts.append(model)
    return head + (": " + "; ".join(parts) if parts else "")


MODEL_SAYS: dict[ModelVerdict, str] = {
    ModelVerdict.SUPPORTED: "supported",
    ModelVerdict.PARTIALLY_SUPPORTED: "partially supported",
    ModelVerdict.NOT_SUPPORTED: "not supported",
    ModelVerdict.NO_ANSWER: "no usable answer",
    ModelVerdict.NOT_ASKED: "not asked",
}
"""How a model's judgment reads in a sentence; every ``ModelVerdict`` has one (a test checks)."""


def model_summary(result: ClaimResult) -> str | None:
    """One line on the model's judgment of a claim: who, what, from the cache or not, why."""
    v = result.verification
    if v is None:
        return None
    who = f"{v.verifier.value} {v.model}" + (f" (prompt v{v.prompt_version})"
                                             if v.prompt_version else "")
    if v.verdict is ModelVerdict.NOT_ASKED:
        return f"not sent to the model {who}: {v.problem}"
    if v.verdict is ModelVerdict.NO_ANSWER:
        return f"model {who}: no usable answer: {v.problem}; the lexical verdict stands"
    line = f"model {who} says {MODEL_SAYS[v.verdict]}"
    if v.support is not None and v.verifier is VerifierKind.NLI:
        line += f" ({v.support:.2f})"
    if v.passages:
        line += " from the cache" if v.cached == v.passages else (
            f", {v.cached} of {v.passages} passages from the cache" if v.cached else "")
    if v.evidence and v.verifier is VerifierKind.LLM:
        line += f': "{shorten(v.evidence)}"'
    if v.unsupported:
        line += f'; not backed: "{shorten(v.unsupported)}"'
    if v.lexical_verdict is not result.verdict:
        line += (f"; lexical verdict {LABEL[v.lexical_verdict]}, now {LABEL[result.verdict]} "
                 f"({v.rule})")
    return line


def verifier_summary(report: Report) -> str | None:
    """The report-wide line: which model, where the claims went, what it cost."""
    run = report.verifier
    if run is None:
        return None
    where = run.endpoint if run.verifier is VerifierKind.LLM else f"local model {run.endpoint}"
    line = (f"model verifier {run.verifier.value} {run.model} at {where}: "
            f"{plural(run.claims, 'claim')} judged")
    if run.verifier is VerifierKind.LLM:
        line += f", {plural(run.calls, 'request')}, {run.tokens:,} tokens"
    line += f", {plural(run.cached, 'judgment')} from the cache"
    if report.summary.unverified:
        line += f"; no usable answer for {plural(report.summary.unverified, 'claim')}"
    return line


def source_origin(source: Source) -> str:
    """``title — URL``, plus the status when the source could not be read, or where an
    older copy came from when it was not fetched in this run."""
    origin = " — ".join(x for x in (source.title, source.url) if x) or f"reference [{source.id}]"
    if source.status is FetchStatus.OK:
        if source.origin in (Origin.CACHE, Origin.SNAPSHOT):
            return f"{origin} ({freshness(source)})"
        return origin
    return f"{origin} ({source_problem(source)})"


def when(stamp: str | None) -> str:
    """``2026-03-01T09:30:00Z`` as ``2026-03-01 09:30 UTC`` (as it is when not that form)."""
    if not stamp:
        return "an unknown time"
    match = re.fullmatch(r"(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(?::\d\d(?:\.\d+)?)?Z", stamp)
    return f"{match.group(1)} {match.group(2)} UTC" if match else stamp


def freshness(source: Source) -> str:
    """Where a read source's text came from and when it was downloaded, in words."""
    match source.origin:
        case Origin.NETWORK:
            return f"fetched now ({when(source.fetched_at)})"
        case Origin.REVALIDATED:
            return f"cached copy, unchanged on the server now ({when(source.fetched_at)})"
        case Origin.CACHE:
            return f"cached copy fetched {when(source.fetched_at)}" + refused(source)
        case Origin.SNAPSHOT:
            return f"snapshot copy fetched {when(source.fetched_at)}"
        case None:
            return "—"
        case _:
            assert_never(source.origin)


def refused(source: Source) -> str:
    """``; the server answered not_found when last asked (DATE)`` for a cached copy of a
    page found gone or failing since it was cached; empty otherwise."""
    if source.last_failure is None:
        return ""
    return (f"; the server answered {source.last_failure} when last asked "
            f"({when(source.last_failure_at)})")


def origin_counts(report: Report) -> str:
    """``2 fetched now, 1 from the cache (fetched 2026-03-01 09:30 UTC)``: one line on how
    fresh the read sources are, oldest copy named; empty when none was read."""
    read = [s for s in report.sources if s.available and s.origin is not None]
    if not read:
        return ""
    words = {Origin.NETWORK: "fetched now", Origin.REVALIDATED: "revalidated now",
             Origin.CACHE: "from the cache", Origin.SNAPSHOT: "from the snapshot"}
    parts = []
    for origin, word in words.items():
        copies = [s for s in read if s.origin is origin]
        if not copies:
            continue
        part = f"{len(copies)} {word}"
        if origin in (Origin.CACHE, Origin.SNAPSHOT):
            oldest = min(s.fetched_at or "" for s in copies)
            part += f" (oldest fetched {when(oldest)})"
        parts.append(part)
    line = f"{plural(len(read), 'source')} read: " + ", ".join(parts)
    if gone := [s for s in read if s.last_failure is not None]:
        listed = ", ".join(f"[{s.id}] {s.last_failure}" for s in gone)
        how_many = "1 cached copy" if len(gone) == 1 else f"{len(gone)} cached copies"
        line += f"; {how_many} of a page the server refused when last asked ({listed})"
    return line


def source_problem(source: Source) -> str:
    status = source.status.value
    if source.http_status is not None and f"{source.http_status}" not in (source.error or ""):
        status += f", HTTP {source.http_status}"
    return f"{status}: {source.error}" if source.error else status


def unreadable_sources(report: Report) -> list[Source]:
    """Sources that were cited but could not be read (unused ones are not a problem)."""
    return [s for s in report.sources if not s.available and s.status is not FetchStatus.UNUSED]
