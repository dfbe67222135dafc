"""HTML report: one self-contained page an editor opens in a browser.

No external assets (inline CSS and a few lines of inline JavaScript), so the
file can be attached to a CI run or mailed. A summary with PASS/FAIL and the
counts, buttons that filter the claims by verdict, then each claim worst first
side by side with its evidence: unsupported words marked in the claim, words
shared with the claim marked in the evidence, the source's title, link and
status. Every piece of text from the draft or a source is HTML-escaped, and
only http(s) URLs become links.
"""

from __future__ import annotations

from html import escape

from factcheck.models import ClaimResult, Evidence, Report, Source, Span, Verdict
from factcheck.report import ReportOptions
from factcheck.report.common import (
    LABEL,
    SEVERITY,
    freshness,
    headline,
    model_summary,
    not_checked,
    score_text,
    segments,
    shared_spans,
    source_problem,
    verifier_summary,
    worst_first,
)

CSS = """
:root { --ok:#1a7f37; --warn:#9a6700; --bad:#cf222e; --muted:#59636e; --line:#d1d9e0; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328;
       background: #f6f8fa; }
header, main { max-width: 1200px; margin: 0 auto; padding: 16px 24px; }
h1 { font-size: 22px; margin: 8px 0; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 24px 0 8px; }
.status { display: inline-block; padding: 2px 10px; border-radius: 6px; color: #fff;
          font-weight: 700; margin-right: 8px; }
.status.pass { background: var(--ok); } .status.fail { background: var(--bad); }
.filters { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
.filters button { border: 1px solid var(--line); background: #fff; border-radius: 16px;
                  padding: 4px 12px; cursor: pointer; font: inherit; }
.filters button[aria-pressed="true"] { background: #1f2328; color: #fff; border-color: #1f2328; }
.claim { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--line);
         border-radius: 8px; margin: 12px 0; padding: 12px 16px; }
.claim.failing { border-left-color: var(--bad); }
.claim.warning { border-left-color: var(--warn); }
.claim.passing { border-left-color: var(--ok); }
.meta { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; color: var(--muted); }
.badge { white-space: nowrap; padding: 1px 8px; border-radius: 10px; font-size: 13px;
         font-weight: 700; color: #fff; }
.v-supported { background: var(--ok); } .v-partially_supported { background: var(--warn); }
.v-not_supported, .v-citation_missing { background: var(--bad); }
.v-source_unavailable { background: #8250df; } .v-needs_citation { background: #0969da; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin-top: 8px; }
@media (max-width: 800px) { .columns { grid-template-columns: 1fr; } }
.columns h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em;
              color: var(--muted); margin: 0 0 4px; }
.text { margin: 0; overflow-wrap: anywhere; }
mark.unsupported { background: #ffebe9; color: var(--bad); font-weight: 700;
                   text-decoration: underline wavy; }
mark.shared { background: #dafbe1; color: inherit; }
.evidence { margin: 0 0 10px; overflow-wrap: anywhere; }
.origin { font-size: 13px; color: var(--muted); overflow-wrap: anywhere; }
.reason { font-style: italic; }
.none { color: var(--muted); font-style: italic; }
table { border-collapse: collapse; background: #fff; width: 100%; }
td, th { border: 1px solid var(--line); padding: 4px 8px; text-align: left;
         overflow-wrap: anywhere; vertical-align: top; }
td:first-child, th:first-child { white-space: nowrap; }
[hidden] { display: none !important; }
"""

SCRIPT = """
document.querySelectorAll('.filters button').forEach(function (button) {
  button.addEventListener('click', function () {
    var want = button.dataset.filter;
    document.querySelectorAll('.filters button').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b === button));
    });
    document.querySelectorAll('article.claim').forEach(function (claim) {
      var show = want === 'all' || claim.dataset.verdict === want ||
                 (want === 'failing' && claim.classList.contains('failing'));
      claim.hidden = !show;
    });
  });
});
// A link to report.html#filter=not_supported opens the page already filtered.
var wanted = /^#filter=([a-z_]+)$/.exec(location.hash);
if (wanted) {
  var button = document.querySelector('.filters button[data-filter="' + wanted[1] + '"]');
  if (button) { button.click(); }
}
"""


def marked(text: str, spans: tuple[Span, ...], css: str) -> str:
    return "".join(f'<mark class="{css}">{escape(piece)}</mark>' if hot else escape(piece)
                   for piece, hot in segments(text, spans))


def link(url: str | None) -> str:
    if not url:
        return '<span class="none">no URL</span>'
    if url.startswith(("http://", "https://")):
        return f'<a href="{escape(url)}" rel="noopener noreferrer">{escape(url)}</a>'
    return escape(url)


def origin(source: Source | None, ref: str) -> str:
    if source is None:
        return f'<div class="origin">[{escape(ref)}] not in the References list</div>'
    title = f"{escape(source.title)} — " if source.title else ""
    status = "" if source.available else f" <strong>({escape(source_problem(source))})</strong>"
    return f'<div class="origin">[{escape(source.id)}] {title}{link(source.url)}{status}</div>'


def evidence_html(ev: Evidence, claim: str, sources: dict[str, Source]) -> str:
    text = marked(ev.text, shared_spans(ev.text, claim), "shared")
    where = origin(sources.get(ev.source), ev.source)
    return (f'<div class="evidence"><p class="text">{text}</p>'
            f'<div class="origin">score {ev.score:.2f}</div>{where}</div>')


def claim_html(result: ClaimResult, state: str, sources: dict[str, Source]) -> str:
    c = result.claim
    cites = " ".join(f"[{escape(x)}]" for x in c.citations) or "no citation"
    evidence = "".join(evidence_html(ev, c.text, sources) for ev in result.evidence)
    unread = "".join(origin(sources.get(x), x) for x in c.citations
                     if x not in sources or not sources[x].available)
    if not evidence:
        evidence = '<p class="none">No evidence passage.</p>'
    reason = f'<p class="reason">{escape(result.reason)}</p>' if result.reason else ""
    model = model_summary(result)
    if model is not None:
        reason += f'<p class="reason model">{escape(model)}</p>'
    return (
        f'<article class="claim {state}" id="{escape(c.id)}" data-verdict="{result.verdict.value}">'
        f'<div class="meta"><strong>{escape(c.id)} · line {c.line}:{c.column}</strong>'
        f'<span class="badge v-{result.verdict.value}">{escape(LABEL[result.verdict])}</span>'
        f"<span>score {score_text(result.score)}</span><span>{cites}</span></div>"
        f'<div class="columns"><section><h3>Claim</h3>'
        f'<p class="text">{marked(c.text, result.unsupported_spans, "unsupported")}</p>{reason}'
        f"</section><section><h3>Evidence</h3>{evidence}{unread}</section></div></article>"
    )


def filters(report: Report) -> str:
    s = report.summary
    buttons = [f'<button type="button" data-filter="all" aria-pressed="true">all ({s.claims})'
               "</button>",
               f'<button type="button" data-filter="failing" aria-pressed="false">failing '
               f"({len(report.failing())})</button>"]
    buttons += [f'<button type="button" data-filter="{v.value}" aria-pressed="false">'
                f"{escape(LABEL[v])} ({s.count(v)})</button>" for v in SEVERITY if s.count(v)]
    return f'<nav class="filters" aria-label="filter claims by verdict">{"".join(buttons)}</nav>'


def state(report: Report, result: ClaimResult) -> str:
    if result.claim.id in report.failing_ids:
        return "failing"
    return "passing" if result.verdict is Verdict.SUPPORTED else "warning"


def sources_table(report: Report) -> str:
    rows = "".join(
        f"<tr><td>[{escape(s.id)}]</td><td>{escape(s.title or '')}</td><td>{link(s.url)}</td>"
        f"<td>{escape(s.status.value if s.available else source_problem(s))}</td>"
        f"<td>{escape(freshness(s))}</td></tr>"
        for s in report.sources)
    return ("<h2>Sources</h2><table><thead><tr><th>ref</th><th>title</th><th>URL</th>"
            f"<th>status</th><th>read</th></tr></thead><tbody>{rows}</tbody></table>"
            ) if rows else ""


def extras(report: Report) -> str:
    out = ""
    if report.problems:
        items = "".join(f"<li>line {p.line if p.line is not None else '-'}: "
                        f"<code>{escape(p.kind.value)}</code> {escape(p.message)}</li>"
                        for p in report.problems)
        out += f"<h2>Draft problems</h2><ul>{items}</ul>"
    if report.ignored:
        items = "".join(f"<li>line {c.line}:{c.column}: {escape(c.text)} — ignored: "
                        f"<em>{escape(c.ignored or 'no reason given')}</em></li>"
                        for c in report.ignored)
        out += f"<h2>Ignored claims</h2><ul>{items}</ul>"
    return out


def render(report: Report) -> str:
    s = report.summary
    word = "PASS" if s.passed else "FAIL"
    sources = {src.id: src for src in report.sources}
    claims = "".join(claim_html(r, state(report, r), sources) for r in worst_first(report.results))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>factcheck: {word} — {escape(report.draft)}</title><style>{CSS}</style></head>\n"
        f'<body><header><h1><span class="status {word.lower()}">{word}</span>'
        f"{escape(report.draft)}</h1>"
        + (f"<p><strong>{escape(why)}</strong></p>" if (why := not_checked(report)) else "")
        + f"<p>{escape(headline(report))}. "
        '<mark class="unsupported">Marked</mark> words in a claim are backed by no cited source; '
        '<mark class="shared">marked</mark> words in evidence are shared with the claim.</p>'
        f"{_model_line(report)}{filters(report)}</header>\n<main>{claims}{sources_table(report)}{extras(report)}</main>"
        f"\n<script>{SCRIPT}</script></body></html>\n"
    )


def _model_line(report: Report) -> str:
    line = verifier_summary(report)
    return "" if line is None else f'<p class="model">{escape(line[0].upper() + line[1:])}.</p>'


class HtmlReporter:
    def render(self, report: Report) -> str:
        return render(report)


def make_reporter(options: ReportOptions) -> HtmlReporter:
    return HtmlReporter()
