"""GitHub Actions workflow commands: inline annotations on the draft in a pull request.

``::error`` for each claim that makes the draft fail (``Report.blocking_ids``: a
failing claim, or one left unchecked when that fails the draft), ``::warning``
for every other claim that is not ``supported``; then one line on claims not
checked (an ``::error`` when that is why the draft fails), a ``::warning`` per
source that could not be read (at the first claim citing it, even when that
claim also cites a readable source), ``::notice`` for draft problems, and one
summary line. Printed to stdout in a workflow step, GitHub turns them into
annotations at the claim's line and column. Values are escaped as the runner
expects: ``%``, CR and LF in messages; also ``:`` and ``,`` in properties.
"""

from __future__ import annotations

from factcheck.models import ClaimResult, Origin, Report, Source
from factcheck.report import ReportOptions
from factcheck.report.common import (
    LABEL,
    citing,
    explain,
    headline,
    needs_attention,
    no_model_answer,
    not_checked,
    not_checked_fails,
    origin_counts,
    plural,
    printable_copy,
    unread_line,
    unreadable_sources,
    verifier_summary,
)


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props: str | int | None) -> str:
    given = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind}{' ' + given if given else ''}::{escape_data(message)}"


def annotation(kind: str, draft: str, result: ClaimResult) -> str:
    c = result.claim
    title = f"factcheck: {LABEL[result.verdict]} ({c.id})"
    message = f"{' '.join(c.text.split())}\n{explain(result)}"
    return command(kind, message, file=draft, line=c.line, col=c.column, title=title)


def lines(report: Report) -> list[str]:
    blocking, warnings = needs_attention(report)
    out = [annotation("error", report.draft, r) for r in blocking]
    if (why := not_checked(report) or no_model_answer(report)) is not None:
        # Said once, draft-wide: a failed run must never end without saying why.
        fails = not report.summary.passed and (not_checked_fails(report)
                                               or not report.blocking_ids)
        kind = "error" if fails else "warning"
        out.append(command(kind, why, file=report.draft, title="factcheck: not checked"))
    out += [annotation("warning", report.draft, r) for r in warnings]
    out += [source_annotation(report, s) for s in unreadable_sources(report)]
    out += [command("notice", f"{p.kind.value}: {p.message}", file=report.draft, line=p.line,
                    title="factcheck: draft problem") for p in report.problems]
    # Only when some text is an older copy: a run that fetched everything now needs no note.
    if any(s.origin in (Origin.CACHE, Origin.SNAPSHOT) for s in report.sources):
        stale = origin_counts(report)
        out.append(command("notice", stale, file=report.draft, title="factcheck: sources"))
    verdict = "PASS" if report.summary.passed else "FAIL"
    out.append(f"factcheck: {verdict} {report.draft}: {headline(report)}, "
               f"{plural(len(warnings), 'warning')}")
    model = verifier_summary(report)
    if model is not None:
        out.append(f"factcheck: {model}")
    return out


def source_annotation(report: Report, source: Source) -> str:
    """A source that could not be read, at the first claim citing it."""
    first = next(iter(citing(report, source)), None)
    where: dict[str, int | None] = {"line": None, "col": None}
    if first is not None:
        where = {"line": first.claim.line, "col": first.claim.column}
    return command("warning", unread_line(report, source), file=report.draft, **where,
                   title=f"factcheck: source [{source.id}] could not be read")


class GithubReporter:
    def render(self, report: Report) -> str:
        return "\n".join(lines(printable_copy(report))) + "\n"


def make_reporter(options: ReportOptions) -> GithubReporter:
    return GithubReporter()
