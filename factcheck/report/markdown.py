"""Markdown report for a pull-request comment (GitHub-flavoured Markdown).

A PASS/FAIL heading, a summary table of verdict counts, then one collapsible
``<details>`` block per claim, worst first: its position and verdict in the
summary line; inside, the claim with its unsupported words in bold, the reason,
and each evidence passage with its source. Everything taken from the draft or a
source is escaped, so a claim can never inject markup into the comment.
"""

from __future__ import annotations

import html
import re

from factcheck.models import ClaimResult, Report, Source, Verdict
from factcheck.report import ReportOptions
from factcheck.report.common import (
    LABEL,
    SEVERITY,
    headline,
    model_summary,
    not_checked,
    origin_counts,
    score_text,
    segments,
    shared_spans,
    shorten,
    source_problem,
    unreadable_sources,
    verifier_summary,
    worst_first,
)

ICON: dict[Verdict, str] = {
    Verdict.SUPPORTED: "✅",
    Verdict.PARTIALLY_SUPPORTED: "🟡",
    Verdict.NOT_SUPPORTED: "❌",
    Verdict.SOURCE_UNAVAILABLE: "🔗",
    Verdict.NEEDS_CITATION: "📎",
    Verdict.CITATION_MISSING: "❓",
}
SUMMARY_CHARS = 90
MAX_CHARS = 60_000
"""GitHub refuses comments over 65,536 characters; the least severe claims are left out first."""
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")
_LEADING = re.compile(r"^([-+=]|\d+[.)])")


def escape(text: str) -> str:
    """Inline Markdown: backslash-escape punctuation, entity-escape ``&``, flatten lines."""
    flat = re.sub(r"\s+", " ", text)
    escaped = _SPECIAL.sub(r"\\\1", flat.replace("&", "&amp;"))
    # "@name" in a quoted claim or passage must not notify a GitHub user or team.
    escaped = escaped.replace("@", "@\u200b")
    # a leading "-", "+", "=" or "1." would start a list or a heading underline
    return _LEADING.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], escaped)


def url_md(url: str | None) -> str:
    """An autolink for http(s) URLs (clickable in the comment), else escaped text."""
    if url and url.startswith(("http://", "https://")):
        return "<" + re.sub(r"[\s<>]", lambda m: f"%{ord(m.group()):02X}", url) + ">"
    return escape(url) if url else "(no URL)"


def source_md(source: Source) -> str:
    """``[id] title — <URL>``, and the status when the source could not be read."""
    parts = [f"\\[{escape(source.id)}\\]"]
    if source.title:
        parts.append(escape(source.title) + " —")
    parts.append(url_md(source.url))
    if not source.available:
        parts.append(f"({escape(source_problem(source))})")
    return " ".join(parts)


def marked(text: str, runs: list[tuple[str, bool]]) -> str:
    """Escaped text with the highlighted runs in bold."""
    return "".join(f"**{escape(piece)}**" if hot else escape(piece) for piece, hot in runs)


def summary_table(report: Report) -> list[str]:
    rows = ["| verdict | claims |", "|---|---:|"]
    for verdict in SEVERITY:
        rows.append(f"| {ICON[verdict]} {LABEL[verdict]} | {report.summary.count(verdict)} |")
    return rows


def claim_block(result: ClaimResult, failing: bool, sources: dict[str, Source]) -> list[str]:
    c = result.claim
    flag = "<b>FAIL</b> · " if failing else ""
    head = (f"{ICON[result.verdict]} {flag}line {c.line}:{c.column} · {LABEL[result.verdict]} · "
            f"score {score_text(result.score)} · {html.escape(shorten(c.text, SUMMARY_CHARS))}")
    body = [f"<details><summary>{head}</summary>", ""]
    body.append("> " + marked(c.text, segments(c.text, result.unsupported_spans)))
    body.append("")
    if result.unsupported_spans:
        words = ", ".join(f"**{escape(s.text)}**" for s in result.unsupported_spans)
        body += [f"Not backed by any cited source: {words}", ""]
    if result.reason:
        body += [f"Why: {escape(result.reason)}", ""]
    model = model_summary(result)
    if model is not None:
        body += [f"Model: {escape(model)}", ""]
    for ev in result.evidence:
        src = sources.get(ev.source)
        origin = source_md(src) if src else f"reference \\[{escape(ev.source)}\\]"
        body.append(f"- score {ev.score:.2f}: "
                    + marked(ev.text, segments(ev.text, shared_spans(ev.text, c.text)))
                    + f" — {origin}")
    if result.evidence:
        body.append("")
    cited = [sources[x] for x in c.citations if x in sources and not sources[x].available]
    for src in cited:
        body += [f"- {source_md(src)}"]
    if cited:
        body.append("")
    body += ["</details>", ""]
    return body


def claim_blocks(report: Report, budget: int) -> list[str]:
    """The claims' blocks, worst first, within ``budget`` characters.

    Supported claims go first when space runs out, then the least severe of the
    rest; a closing line says how many were left out and where to find them.
    """
    sources = {src.id: src for src in report.sources}
    ordered = worst_first(report.results)
    blocks = ["\n".join(claim_block(r, r.claim.id in report.failing_ids, sources))
              for r in ordered]
    if sum(len(b) + 1 for b in blocks) <= budget:
        return blocks
    kept: list[str] = []
    used = 0
    for result, block in zip(ordered, blocks, strict=True):
        if result.verdict is Verdict.SUPPORTED or used + len(block) + 1 > budget:
            break
        kept.append(block)
        used += len(block) + 1
    left = len(blocks) - len(kept)
    kept.append(f"*{left} more claims (the least severe) are not listed, to keep this comment "
                "within GitHub's size limit; the HTML or JSON report lists every claim.*\n")
    return kept


def render(report: Report) -> str:
    status = "✅ PASS" if report.summary.passed else "❌ FAIL"
    head = [f"## factcheck: {status} — `{report.draft.replace('`', '')}`", "",
            f"{headline(report)}. "
            "Words no cited source backs are in **bold** in each claim; "
            "in evidence, bold marks the words it shares with the claim.", ""]
    head += [*summary_table(report), ""]
    if (why := not_checked(report)) is not None:
        head += [f"**{escape(why)}**", ""]
    if freshness_line := origin_counts(report):
        head += [f"*{escape(freshness_line)}.*", ""]
    model = verifier_summary(report)
    if model is not None:
        head += [escape(model[0].upper() + model[1:]) + ".", ""]
    if report.results:
        head += ["### Claims, worst first", ""]
    tail: list[str] = []
    bad = unreadable_sources(report)
    if bad:
        tail += ["### Sources that could not be read", ""]
        tail += [*(f"- {source_md(src)}" for src in bad), ""]
    if report.problems:
        tail += ["### Draft problems", ""]
        tail += [f"- line {p.line if p.line is not None else '-'}: `{p.kind.value}` "
                 f"{escape(p.message)}" for p in report.problems] + [""]
    if report.ignored:
        tail += ["### Ignored claims", ""]
        tail += [f"- line {c.line}:{c.column}: {escape(c.text)} — ignored: "
                 f"{escape(c.ignored or 'no reason given')}" for c in report.ignored] + [""]
    budget = MAX_CHARS - sum(len(x) + 1 for x in head + tail)
    lines = head + claim_blocks(report, budget) + tail
    return "\n".join(lines).rstrip("\n") + "\n"


class MarkdownReporter:
    def render(self, report: Report) -> str:
        return render(report)


def make_reporter(options: ReportOptions) -> MarkdownReporter:
    return MarkdownReporter()
