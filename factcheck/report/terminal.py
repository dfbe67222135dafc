"""Terminal report for editors: the verdict first, then what to fix and why.

A PASS/FAIL header with the counts per verdict, then the claims worst first,
each with its ``line:column``, a verdict badge, the score, the claim with its
unsupported words highlighted, the reason, the best evidence passage with the
words it shares with the claim highlighted and the source's title and URL (and
status when it could not be read). Badges sit in no-wrap cells so they are never
split, whatever the width. Rendering goes to a string through a rich console so
width and colour are explicit and testable; the CLI decides them from the real
terminal and NO_COLOR. ``quiet`` keeps the header and the failing claims only.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from factcheck.models import ClaimResult, Evidence, ModelVerdict, Report, Source, Verdict
from factcheck.report import ReportOptions
from factcheck.report.common import (
    SEVERITY,
    headline,
    model_summary,
    not_checked,
    origin_counts,
    printable_copy,
    score_text,
    shared_spans,
    source_origin,
    unreadable_sources,
    verifier_summary,
    worst_first,
)

__all__ = ["BADGE", "SEVERITY", "TerminalReporter", "badge", "claim_text", "evidence_text",
           "worst_first"]

BADGE: dict[Verdict, tuple[str, str]] = {
    Verdict.SUPPORTED: ("SUPPORTED", "bold white on green"),
    Verdict.PARTIALLY_SUPPORTED: ("PARTIALLY SUPPORTED", "bold black on yellow"),
    Verdict.NOT_SUPPORTED: ("NOT SUPPORTED", "bold white on red"),
    Verdict.SOURCE_UNAVAILABLE: ("SOURCE UNAVAILABLE", "bold white on magenta"),
    Verdict.NEEDS_CITATION: ("NEEDS CITATION", "bold black on cyan"),
    Verdict.CITATION_MISSING: ("CITATION MISSING", "bold white on red"),
}
"""Each badge is its verdict's JSON name in capitals, so ``--fail-on`` takes what is shown."""
BADGE_WIDTH = max(len(label) for label, _ in BADGE.values()) + 2

UNSUPPORTED_STYLE = "bold red underline"
SHARED_STYLE = "bold green"
INDENT = 4
DEFAULT_WIDTH = 100
POSITION_WIDTH = 7
"""Room for ``line:column`` up to 999:99 so badges line up."""


def badge(verdict: Verdict) -> Text:
    label, style = BADGE[verdict]
    return Text(f" {label} ", style=style, no_wrap=True)


def claim_text(result: ClaimResult) -> Text:
    """The claim with the words no cited source backs in bold red underline."""
    text = Text(result.claim.text)
    for span in result.unsupported_spans:
        text.stylize(UNSUPPORTED_STYLE, span.start, span.end)
    return text


def evidence_text(evidence: Evidence, claim: str) -> Text:
    """The passage with the words it shares with the claim in bold green."""
    text = Text(evidence.text)
    for span in shared_spans(evidence.text, claim):
        text.stylize(SHARED_STYLE, span.start, span.end)
    return text


class TerminalReporter:
    def __init__(self, options: ReportOptions) -> None:
        self.options = options

    def render(self, report: Report) -> str:
        report = printable_copy(report)
        buffer = io.StringIO()
        console = Console(
            file=buffer,
            width=self.options.width or DEFAULT_WIDTH,
            color_system="truecolor" if self.options.color else None,
            no_color=not self.options.color,
            force_terminal=self.options.color,
            highlight=False,
            emoji=False,
        )
        for block in self.blocks(report):
            console.print(block)
        text = buffer.getvalue()
        if self.options.color:
            return text
        # rich pads padded blocks to the full width; plain output should not carry that.
        return "\n".join(line.rstrip() for line in text.split("\n"))

    def blocks(self, report: Report) -> Iterable[RenderableType]:
        yield self.header(report)
        sources = {s.id: s for s in report.sources}
        shown = report.failing() if self.options.quiet else report.results
        for result in worst_first(shown):
            yield self.claim_block(result, sources, result.claim.id in report.failing_ids)
        if self.options.quiet:
            # Quiet still says which sources were not read: a claim left unchecked is not
            # listed as failing, yet it may be why the draft failed.
            yield from self.source_problems(unreadable_sources(report), brief=True)
            return
        if freshness := origin_counts(report):
            yield Text(freshness + ".", style="dim")
            yield Text("")
        yield from self.source_problems(unreadable_sources(report))
        yield from self.problems(report)
        yield from self.ignored(report)

    def header(self, report: Report) -> RenderableType:
        s = report.summary
        status = (Text(" PASS ", "bold white on green") if s.passed
                  else Text(" FAIL ", "bold white on red"))
        title = Text.assemble(status, "  ", (report.draft, "bold"), f"  {headline(report)}")
        items = [Text.assemble(badge(v), f" {s.count(v)}") for v in SEVERITY if s.count(v)]
        lines = self.pack(items, gap="   ")
        if (why := not_checked(report)) is not None:
            lines.append(Text(why, style="bold red" if not s.passed else "bold yellow"))
        model = verifier_summary(report)
        if model is not None:
            style = "bold yellow" if s.unverified else "dim"
            lines.append(Text(model[0].upper() + model[1:] + ".", style=style))
        return Group(title, *lines, Text(""))

    def pack(self, items: list[Text], gap: str) -> list[Text]:
        """Lay ``items`` out in lines that fit the width, so no badge is ever split."""
        width = self.options.width or DEFAULT_WIDTH
        lines: list[Text] = []
        for item in items:
            if lines and lines[-1].cell_len + len(gap) + item.cell_len <= width:
                lines[-1].append(gap)
                lines[-1].append_text(item)
            else:
                lines.append(item.copy())
        return lines

    def claim_block(self, result: ClaimResult, sources: dict[str, Source],
                    failing: bool = False) -> RenderableType:
        c = result.claim
        head = Table.grid(padding=(0, 1))
        head.add_column(no_wrap=True, min_width=POSITION_WIDTH)
        head.add_column(no_wrap=True, min_width=BADGE_WIDTH)
        head.add_column(no_wrap=True, justify="right", min_width=4)
        head.add_column(overflow="fold")
        cites = " ".join(f"[{x}]" for x in c.citations) or "no citation"
        position = Text(f"{c.line}:{c.column}", style="bold red" if failing else "bold")
        head.add_row(position, badge(result.verdict), score_text(result.score), Text(cites, "dim"))
        body: list[RenderableType] = [claim_text(result)]
        if result.unsupported_spans:
            # Highlights vanish without colour (CI logs, files): name the words as well. On a
            # supported claim they are a hint worth a glance, not a finding.
            words = ", ".join(f"“{span.text}”" for span in result.unsupported_spans)
            label = ("not backed by the source: " if result.verdict is not Verdict.SUPPORTED
                     else "words the source may not back: ")
            body.append(Text.assemble((label, "dim"), (words, UNSUPPORTED_STYLE)))
        if result.reason and result.verdict is not Verdict.SOURCE_UNAVAILABLE:
            # An unavailable source is explained once, by its own line below.
            body.append(Text(result.reason, style="italic"))
        evidence = result.evidence if self.options.verbose else result.evidence[:1]
        for ev in evidence:
            body.append(self.evidence_block(ev, c.text, sources.get(ev.source)))
        for cid in c.citations:
            src = sources.get(cid)
            if src is not None and not src.available:
                # The why and what to do are said once, under "Sources that could not be read".
                body.append(Text(f"[{cid}] could not be read: {src.status.value} "
                                 f"(see the sources below)", style="magenta"))
        model = model_summary(result)
        if model is not None:
            unanswered = (result.verification is not None
                          and result.verification.verdict is ModelVerdict.NO_ANSWER)
            body.append(Text(model, style="bold yellow" if unanswered else "cyan"))
        if self.options.verbose and result.parts:
            parts = ", ".join(f"{name}={value:.2f}" for name, value in result.parts)
            body.append(Text(f"score parts: {parts}", style="dim"))
        return Group(head, Padding(Group(*body), (0, 0, 1, INDENT)))

    def evidence_block(self, ev: Evidence, claim: str, source: Source | None) -> RenderableType:
        label = Text(f"evidence [{ev.source}] {ev.score:.2f}: ", style="dim")
        lines: list[RenderableType] = [Text.assemble(label, evidence_text(ev, claim))]
        if source is not None:
            lines.append(Padding(Text(source_origin(source), style="dim"), (0, 0, 0, 2)))
        return Group(*lines)

    def source_problems(self, bad: list[Source], brief: bool = False) -> Iterable[RenderableType]:
        """One entry per unread source; ``brief`` (quiet) keeps it to status and URL, one line."""
        if not bad:
            return
        yield Text("Sources that could not be read", style="bold underline")
        for s in bad:
            why = f"  {s.error}" if s.error and not brief else ""
            yield Text.assemble((f"[{s.id}] ", "bold"), (s.status.value, "magenta"),
                                f"  {s.url or '(no URL)'}", why)
        yield Text("")

    def problems(self, report: Report) -> Iterable[RenderableType]:
        if not report.problems:
            return
        yield Text("Draft problems", style="bold underline")
        for p in report.problems:
            where = f"{p.line}" if p.line is not None else "-"
            yield Text.assemble((f"line {where} ", "bold"), (p.kind.value, "yellow"),
                                f"  {p.message}")
        yield Text("")

    def ignored(self, report: Report) -> Iterable[RenderableType]:
        if not report.ignored:
            return
        yield Text("Ignored claims", style="bold underline")
        for c in report.ignored:
            yield Text.assemble((f"{c.line}:{c.column} ", "bold"), c.text,
                                (f"  ignored: {c.ignored or 'no reason given'}", "italic"))


def make_reporter(options: ReportOptions) -> TerminalReporter:
    return TerminalReporter(options)
