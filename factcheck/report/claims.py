"""The ``factcheck claims`` listing: what the splitter found, before any fetching.

``-f json`` is a contract like the check report (docs/report-format.md,
"Claims listing"): it carries the same ``version`` and keeps its keys' meaning
while that version holds.
"""

from __future__ import annotations

import io
import json

from factcheck.models import Draft


def claims_dict(draft: Draft) -> dict[str, object]:
    from factcheck.report.json import VERSION

    return {
        "version": VERSION,
        "draft": draft.path,
        "encoding": draft.encoding,
        "claims": [
            {
                "id": c.id, "text": c.text, "line": c.line, "column": c.column,
                "citations": list(c.citations), "check_worthy": list(c.check_worthy),
                "needs_citation_marker": c.needs_citation_marker, "ignored": c.ignored,
            }
            for c in draft.claims
        ],
        "references": [
            {"id": r.id, "url": r.url, "title": r.title, "line": r.line} for r in draft.references
        ],
        "problems": [{"kind": p.kind.value, "line": p.line, "message": p.message}
                     for p in draft.problems],
    }


def render_claims(draft: Draft, fmt: str, *, color: bool = False, width: int = 100) -> str:
    if fmt == "json":
        return json.dumps(claims_dict(draft), indent=2, ensure_ascii=False) + "\n"
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from factcheck.report.common import printable_copy

    # Draft text is data, never rich markup: "[sic]" must print, "[/b]" must not crash.
    draft = printable_copy(draft)
    table = Table("line", "text", "citations", "check-worthy", title=Text(draft.path),
                  expand=True)
    for c in draft.claims:
        cites = " ".join(f"[{x}]" for x in c.citations) or "—"
        worthy = ", ".join(c.check_worthy) if not c.citations else ""
        table.add_row(f"{c.line}:{c.column}", Text(c.text), Text(cites), worthy)
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=not color, color_system=None if not color
                      else "truecolor", force_terminal=color)
    console.print(table)
    for p in draft.problems:
        where = p.line if p.line is not None else "-"
        console.print(Text(f"line {where}: {p.kind.value}: {p.message}"))
    return buffer.getvalue()
