"""Hand-built reports that every reporter test renders.

``rich_report()`` has one claim of every verdict, evidence from several
sources, unsupported spans, failed and unused sources, draft problems and an
ignored claim; its texts carry the characters each format must escape
(``<``, ``&``, quotes, ``%``, ``:``, ``,`` and a line break). ``passing_report()``
has only supported claims. Positions are 1-based, as in the real pipeline.
"""

from __future__ import annotations

from factcheck.models import (
    Claim,
    ClaimResult,
    Document,
    Evidence,
    FetchStatus,
    Origin,
    Problem,
    ProblemKind,
    Report,
    Source,
    Span,
    Verdict,
)

DRAFT = "posts/tern-2.md"

SUPPORTED_TEXT = "Harbor AI has released Tern-2 to developers through a public API."
PARTIAL_TEXT = 'Pricing starts at $0.40 per million "input" tokens & <output> costs 100% more.'
NOT_SUPPORTED_TEXT = (
    "Tern-2 supports a context window of 256,000 tokens\nand runs on a single data-centre GPU."
)
UNAVAILABLE_TEXT = "Independent testers measured a lower score of 76.9."
NEEDS_CITATION_TEXT = "The company now employs more than 300 people."
CITATION_MISSING_TEXT = "Harbor says the model will come to its chat app in the coming weeks."
IGNORED_TEXT = "Harbor calls Tern-2 the best model of its size."


def _span(text: str, words: str) -> Span:
    start = text.index(words)
    return Span(start=start, end=start + len(words), text=words)


def _doc(title: str) -> Document:
    return Document(title=title, paragraphs=(f"{title}: the full text is not needed here.",))


def _claim(n: int, text: str, line: int, column: int, citations: tuple[str, ...] = (),
           **extra: object) -> Claim:
    return Claim(id=f"C{n}", text=text, line=line, column=column, offset=line * 100 + column,
                 citations=citations, **extra)  # type: ignore[arg-type]


def rich_report() -> Report:
    supported = ClaimResult(
        claim=_claim(1, SUPPORTED_TEXT, 7, 1, ("1",)),
        verdict=Verdict.SUPPORTED, score=0.8732,
        evidence=(Evidence(source="1", text="Today Harbor AI released Tern-2 to developers "
                           "through its public API.", score=0.8732),),
        parts=(("overlap", 0.91), ("numbers", 1.0), ("entities", 0.7)),
    )
    partial = ClaimResult(
        claim=_claim(2, PARTIAL_TEXT, 7, 148, ("2",)),
        verdict=Verdict.PARTIALLY_SUPPORTED, score=0.4123,
        evidence=(Evidence(source="2", text="Input tokens cost $0.40 per million after a "
                           "90-day free period.", score=0.4123),),
        unsupported_spans=(_span(PARTIAL_TEXT, "<output>"), _span(PARTIAL_TEXT, "100%")),
        parts=(("overlap", 0.52), ("numbers", 0.5)),
    )
    not_supported = ClaimResult(
        claim=_claim(3, NOT_SUPPORTED_TEXT, 9, 1, ("1", "2")),
        verdict=Verdict.NOT_SUPPORTED, score=0.1234,
        evidence=(
            Evidence(source="1", text="The model supports a context window of 128,000 "
                     "tokens and needs eight GPUs to serve.", score=0.1234),
            Evidence(source="2", text="Harbor did not say how many GPUs Tern-2 needs.",
                     score=0.05),
        ),
        unsupported_spans=(_span(NOT_SUPPORTED_TEXT, "256,000"),
                           _span(NOT_SUPPORTED_TEXT, "single")),
        parts=(("overlap", 0.3), ("numbers", 0.0)),
    )
    unavailable = ClaimResult(
        claim=_claim(4, UNAVAILABLE_TEXT, 14, 1, ("5",)),
        verdict=Verdict.SOURCE_UNAVAILABLE, score=None,
        reason="source 5: not_found (HTTP 404 Not Found)",
    )
    needs = ClaimResult(
        claim=_claim(5, NEEDS_CITATION_TEXT, 14, 53, check_worthy=("number",)),
        verdict=Verdict.NEEDS_CITATION, score=None,
        reason="no citation for a check-worthy sentence (number)",
    )
    missing = ClaimResult(
        claim=_claim(6, CITATION_MISSING_TEXT, 18, 1, ("9",)),
        verdict=Verdict.CITATION_MISSING, score=None,
        reason="citation [9] has no entry in the References list",
    )
    return Report(
        draft=DRAFT,
        results=(supported, partial, not_supported, unavailable, needs, missing),
        sources=(
            Source(id="1", url="https://harbor-ai.example.com/blog/introducing-tern-2",
                   status=FetchStatus.OK, http_status=200, title="Introducing Tern-2",
                   document=_doc("Introducing Tern-2"), origin=Origin.NETWORK,
                   fetched_at="2026-03-12T09:30:00Z"),
            Source(id="2", url="https://thecircuit.example.org/2026/03/harbor-tern-2-pricing",
                   status=FetchStatus.OK, http_status=200,
                   title="Harbor AI prices Tern-2 to undercut bigger rivals",
                   document=_doc("Harbor AI prices Tern-2"), origin=Origin.CACHE,
                   fetched_at="2026-03-05T17:02:11Z"),
            Source(id="3", url="https://startupledger.example.net/harbor-ai-series-b",
                   status=FetchStatus.UNUSED, title="Harbor AI raises $120M Series B",
                   error="not cited by any checked claim"),
            Source(id="5", url="https://openeval.example.org/results/tern-2",
                   status=FetchStatus.NOT_FOUND, http_status=404, title="Tern-2 evaluation",
                   error="HTTP 404 Not Found"),
            Source(id="6", url="https://slow.example.com/report", status=FetchStatus.TIMEOUT,
                   error="timed out after 10 s; raise --timeout or use --snapshot"),
        ),
        problems=(
            Problem(kind=ProblemKind.DANGLING_CITATION, line=18,
                    message="[9] is cited but has no entry in the References list"),
            Problem(kind=ProblemKind.UNUSED_REFERENCE, line=24,
                    message="reference [3] is never cited"),
        ),
        ignored=(_claim(7, IGNORED_TEXT, 12, 1, ("2",),
                        ignored="the company's own wording, quoted on purpose"),),
    )


def passing_report() -> Report:
    report = rich_report()
    return Report(draft="posts/ok.md", results=report.results[:1], sources=report.sources[:1],
                  problems=())


ALL_TEXTS = (SUPPORTED_TEXT, PARTIAL_TEXT, NOT_SUPPORTED_TEXT, UNAVAILABLE_TEXT,
             NEEDS_CITATION_TEXT, CITATION_MISSING_TEXT)
