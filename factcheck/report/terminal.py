"""Terminal report for editors: the verdict first, then what to fix and why.

Claims are listed worst first, each with its position, a verdict badge, the
score, the claim with its unsupported words highlighted and the best evidence
passage with the words it shares with the claim highlighted. Rendering goes to
a string through rich's recording console so width and colour are explicit and
testable; the CLI decides them from the real terminal and NO_COLOR.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from factcheck.models import ClaimResult, Evidence, Report, Source, Verdict
from factcheck.report import ReportOptions

SEVERITY: dict[Verdict, int] = {
    Verdict.CITATION_MISSING: 0,
    Verdict.NOT_SUPPORTED: 1,
    Verdict.SOURCE_UNAVAILABLE: 2,
    Verdict.NEEDS_CITATION: 3,
    Verdict.PARTIALLY_SUPPORTED: 4,
    Verdict.SUPPORTED: 5,
}

BADGE: dict[Verdict, tuple[str, str]] = {
    Verdict.SUPPORTED: ("SUPPORTED", "bold white on green"),
    Verdict.PARTIALLY_SUPPORTED: ("PARTIAL", "bold black on yellow"),
    Verdict.NOT_SUPPORTED: ("NOT SUPPORTED", "bold white on red"),
    Verdict.SOURCE_UNAVAILABLE: ("UNAVAILABLE", "bold white on magenta"),
    Verdict.NEEDS_CITATION: ("NEEDS CITATION", "bold black on cyan"),
    Verdict.CITATION_MISSING: ("NO REFERENCE", "bold white on red"),
}

UNSUPPORTED_STYLE = "bold red underline"
SHARED_STYLE = "bold green"
_WORD = re.compile(r"[\w$%.,'-]*\w", re.UNICODE)
_STOP = frozenset(
    "a an and are as at be been by for from has have in is it its of on or that the this "
    "to was were which will with said says".split()
)


def worst_first(results: Iterable[ClaimResult]) -> list[ClaimResult]:
    return sorted(results, key=lambda r: (SEVERITY[r.verdict], r.claim.line, r.claim.column))


def badge(verdict: Verdict) -> Text:
    label, style = BADGE[verdict]
    return Text(f" {label} ", style=style)


def claim_text(result: ClaimResult) -> Text:
    text = Text(result.claim.text)
    for span in result.unsupported_spans:
        text.stylize(UNSUPPORTED_STYLE, span.start, span.end)
    return text


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP}


def evidence_text(evidence: Evidence, claim: str) -> Text:
    """The passage with the words it shares with the claim in bold green."""
    shared = _content_words(claim)
    text = Text(evidence.text)
    for m in _WORD.finditer(evidence.text):
        if m.group().lower() in shared:
            text.stylize(SHARED_STYLE, m.start(), m.end())
    return text


class TerminalReporter:
    def __init__(self, options: ReportOptions) -> None:
        self.options = options

    def render(self, report: Report) -> str:
        buffer = io.StringIO()
        console = Console(
            file=buffer,
            width=self.options.width or 100,
            color_system="truecolor" if self.options.color else None,
            no_color=not self.options.color,
            force_terminal=self.options.color,
            highlight=False,
            emoji=False,
        )
        for block in self.blocks(report):
            console.print(block)
        return buffer.getvalue()

    def blocks(self, report: Report) -> Iterable[RenderableType]:
        yield self.header(report)
        sources = {s.id: s for s in report.sources}
        shown = report.failing() if self.options.quiet else report.results
        for result in worst_first(shown):
            yield self.claim_block(result, sources)
        if not self.options.quiet:
            yield from self.source_problems(report.sources)
        yield from self.problems(report)

    def header(self, report: Report) -> RenderableType:
        s = report.summary
        status = Text(" PASS ", "bold white on green") if s.passed else Text(" FAIL ", "bold white on red")
        title = Text.assemble(status, "  ", (report.draft, "bold"), f"  {s.claims} claims")
        table = Table.grid(padding=(0, 2))
        row: list[RenderableType] = []
        for verdict in SEVERITY:
            n = s.count(verdict)
            if n:
                row.append(Text.assemble(badge(verdict), f" {n}"))
        table.add_row(*row) if row else None
        return Group(title, table, Text(""))

    def claim_block(self, result: ClaimResult, sources: dict[str, Source]) -> RenderableType:
        c = result.claim
        score = "  —  " if result.score is None else f"{result.score:.2f}"
        cites = " ".join(f"[{x}]" for x in c.citations)
        head = Text.assemble(
            (f"{c.line}:{c.column}", "bold"), "  ", badge(result.verdict), f"  {score}  ", (cites, "dim")
        )
        body: list[RenderableType] = [claim_text(result)]
        if result.reason:
            body.append(Text(result.reason, style="italic"))
        evidence = result.evidence if self.options.verbose else result.evidence[:1]
        for ev in evidence:
            body.append(self.evidence_block(ev, c.text, sources.get(ev.source)))
        if self.options.verbose and result.parts:
            parts = ", ".join(f"{name}={value:.2f}" for name, value in result.parts)
            body.append(Text(f"score parts: {parts}", style="dim"))
        return Group(head, Padding(Group(*body), (0, 0, 1, 4), expand=False))

    def evidence_block(self, ev: Evidence, claim: str, source: Source | None) -> RenderableType:
        label = Text.assemble(("evidence ", "dim"), (f"[{ev.source}] {ev.score:.2f} ", "dim"))
        lines: list[RenderableType] = [Text.assemble(label, evidence_text(ev, claim))]
        if source is not None:
            origin = " — ".join(x for x in (source.title, source.url) if x)
            lines.append(Text(origin, style="dim"))
        return Group(*lines)

    def source_problems(self, sources: Iterable[Source]) -> Iterable[RenderableType]:
        bad = [s for s in sources if not s.available and s.status.value != "unused"]
        if not bad:
            return
        yield Text("Sources", style="bold underline")
        for s in bad:
            yield Text.assemble(
                (f"[{s.id}] ", "bold"), (s.status.value, "magenta"), f"  {s.url or '(no URL)'}",
                f"  {s.error}" if s.error else "",
            )
        yield Text("")

    def problems(self, report: Report) -> Iterable[RenderableType]:
        if not report.problems:
            return
        yield Text("Draft problems", style="bold underline")
        for p in report.problems:
            where = f"{p.line}" if p.line is not None else "-"
            yield Text.assemble((f"{where:>4} ", "bold"), (p.kind.value, "yellow"), f"  {p.message}")


def make_reporter(options: ReportOptions) -> TerminalReporter:
    return TerminalReporter(options)
