"""GitHub Actions workflow commands: inline annotations on the draft in a pull request.

``::error`` for each failing claim (``Report.failing()``), ``::warning`` for
every other claim that is not ``supported``, ``::notice`` for draft problems,
then one summary line. Printed to stdout in a workflow step, GitHub turns them
into annotations at the claim's line and column. Values are escaped as the
runner expects: ``%``, CR and LF in messages; also ``:`` and ``,`` in properties.
"""

from __future__ import annotations

from factcheck.models import ClaimResult, Origin, Report
from factcheck.report import ReportOptions
from factcheck.report.common import (
    LABEL,
    explain,
    needs_attention,
    origin_counts,
    plural,
    printable_copy,
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
    failing, warnings = needs_attention(report)
    out = [annotation("error", report.draft, r) for r in failing]
    out += [annotation("warning", report.draft, r) for r in warnings]
    out += [command("notice", f"{p.kind.value}: {p.message}", file=report.draft, line=p.line,
                    title="factcheck: draft problem") for p in report.problems]
    # Only when some text is an older copy: a run that fetched everything now needs no note.
    if any(s.origin in (Origin.CACHE, Origin.SNAPSHOT) for s in report.sources):
        stale = origin_counts(report)
        out.append(command("notice", stale, file=report.draft, title="factcheck: sources"))
    s = report.summary
    verdict = "PASS" if s.passed else "FAIL"
    counts = f"{plural(s.claims, 'claim')}, {len(failing)} failing"
    out.append(f"factcheck: {verdict} {report.draft}: {counts}, "
               f"{plural(len(warnings), 'warning')}")
    model = verifier_summary(report)
    if model is not None:
        out.append(f"factcheck: {model}")
    return out


class GithubReporter:
    def render(self, report: Report) -> str:
        return "\n".join(lines(printable_copy(report))) + "\n"


def make_reporter(options: ReportOptions) -> GithubReporter:
    return GithubReporter()
