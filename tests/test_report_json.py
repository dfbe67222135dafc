"""The JSON v1 contract, rendered from a fixed Report."""

from __future__ import annotations

import json
import re

import pytest

from factcheck.models import (
    Claim,
    ClaimResult,
    Evidence,
    FetchStatus,
    Problem,
    ProblemKind,
    Report,
    Source,
    Span,
    Verdict,
)
from factcheck.report import OutputFormat, ReportOptions, get_reporter
from factcheck.report.json import to_dict


def make_report() -> Report:
    c1 = Claim(id="C1", text="Acme sold 5 rockets in 2024.", line=3, column=1, offset=10,
               citations=("1",))
    c2 = Claim(id="C2", text="Acme employs 300 people.", line=4, column=5, offset=50,
               check_worthy=("number",))
    c3 = Claim(id="C3", text="It was founded in 1990.", line=5, column=1, offset=80,
               citations=("9",))
    return Report(
        draft="d.md",
        results=(
            ClaimResult(claim=c1, verdict=Verdict.NOT_SUPPORTED, score=0.123456,
                        evidence=(Evidence(source="1", text="Acme sold 4 rockets in 2024.",
                                           score=0.2),),
                        unsupported_spans=(Span(start=10, end=11, text="5"),)),
            ClaimResult(claim=c2, verdict=Verdict.NEEDS_CITATION, score=None),
            ClaimResult(claim=c3, verdict=Verdict.CITATION_MISSING, score=None),
        ),
        sources=(
            Source(id="1", url="https://a.example/x", status=FetchStatus.OK, http_status=200,
                   title="X"),
            Source(id="2", url="https://a.example/y", status=FetchStatus.NOT_FOUND,
                   http_status=404, error="HTTP 404"),
            Source(id="3", url=None, status=FetchStatus.NO_URL, error="no URL"),
        ),
        problems=(Problem(kind=ProblemKind.DANGLING_CITATION, line=5, message="[9] dangles"),),
    )


def test_top_level_keys_and_summary() -> None:
    data = to_dict(make_report())
    assert list(data)[:6] == ["version", "draft", "summary", "claims", "sources", "problems"]
    assert data["version"] == 1
    s = data["summary"]
    assert (s["claims"], s["not_supported"], s["needs_citation"], s["supported"]) == (3, 1, 1, 0)
    assert s["passed"] is False


def test_claim_fields() -> None:
    claim = to_dict(make_report())["claims"][0]
    assert claim["id"] == "C1" and claim["line"] == 3 and claim["column"] == 1
    assert claim["citations"] == ["1"]
    assert claim["verdict"] == "not_supported"
    assert claim["score"] == pytest.approx(0.1235)
    assert claim["evidence"] == [{"source": "1", "text": "Acme sold 4 rockets in 2024.",
                                  "score": 0.2}]
    span = claim["unsupported_spans"][0]
    assert claim["text"][span["start"]:span["end"]] == span["text"] == "5"


def test_source_status_is_three_valued_with_precise_reason() -> None:
    sources = to_dict(make_report())["sources"]
    assert [s["status"] for s in sources] == ["ok", "error", "skipped"]
    assert [s["reason"] for s in sources] == ["ok", "not_found", "no_url"]
    assert sources[0]["error"] is None and sources[1]["http_status"] == 404


def test_rendering_is_deterministic_json() -> None:
    reporter = get_reporter(OutputFormat.JSON)
    a, b = reporter.render(make_report()), reporter.render(make_report())
    assert a == b
    assert json.loads(a)["problems"][0] == {"kind": "dangling_citation", "line": 5,
                                            "message": "[9] dangles"}


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_has_a_reporter(fmt: OutputFormat) -> None:
    text = get_reporter(fmt, ReportOptions(width=80)).render(make_report())
    if fmt is OutputFormat.HTML:
        text = re.sub(r"<[^>]+>", "", text)  # the unsupported "5" is wrapped in <mark>
    assert "Acme sold 5 rockets" in text


def test_terminal_lists_worst_first_and_fails() -> None:
    text = get_reporter(OutputFormat.TERMINAL, ReportOptions(width=80)).render(make_report())
    assert "FAIL" in text
    order = [text.index(b) for b in ("CITATION MISSING", "NOT SUPPORTED", "NEEDS CITATION")]
    assert order == sorted(order)
    assert "\x1b[" not in text  # no colour unless asked


def test_terminal_quiet_shows_only_failures() -> None:
    text = get_reporter(OutputFormat.TERMINAL, ReportOptions(width=80, quiet=True)).render(
        make_report())
    assert "Acme sold 5 rockets" in text
    assert "Acme employs 300 people" not in text


def _only_unavailable(**kwargs: object) -> Report:
    claim = Claim(id="C1", text="Acme sold 5 rockets.", line=1, column=1, offset=0,
                  citations=("1",))
    result = ClaimResult(claim=claim, verdict=Verdict.SOURCE_UNAVAILABLE, score=None)
    return Report(draft="d.md", results=(result,), sources=(), problems=(),
                  **kwargs)  # type: ignore[arg-type]


def test_a_draft_with_nothing_checked_fails_unless_allowed() -> None:
    assert _only_unavailable().summary.unchecked is True
    assert _only_unavailable().summary.passed is False
    assert _only_unavailable(fail_if_unchecked=False).summary.passed is True


def test_some_source_readable_is_not_unchecked() -> None:
    report = make_report()
    assert report.summary.unchecked is False


def test_every_status_and_problem_kind_is_documented() -> None:
    from pathlib import Path

    from factcheck.models import ProblemKind

    doc = (Path(__file__).parent.parent / "docs" / "report-format.md").read_text(encoding="utf-8")
    for member in (*FetchStatus, *ProblemKind, *Verdict):
        assert f"`{member.value}`" in doc, member


def test_claims_listing_is_versioned_and_every_key_documented() -> None:
    """``factcheck claims -f json`` carries the report's version; its keys are all in the docs."""
    from pathlib import Path

    from factcheck.draft import parse_draft
    from factcheck.report.claims import claims_dict, render_claims
    from factcheck.report.json import VERSION

    draft = parse_draft("Exports rose 5% [1]. The port moved 2.1 million boxes in 2024.\n\n"
                        "## References\n\n[1] Trade bulletin. https://stats.example/x\n"
                        "[2] Unused. https://stats.example/y\n", "d.md")
    data = json.loads(render_claims(draft, "json"))
    assert data == claims_dict(draft)
    assert list(data)[:2] == ["version", "draft"] and data["version"] == VERSION
    doc = (Path(__file__).parent.parent / "docs" / "report-format.md").read_text(encoding="utf-8")
    section = doc.split("## Claims listing", 1)[1].split("\n## ", 1)[0]
    keys = set(data) | {f"claims[].{k}" for k in data["claims"][0]}
    keys |= {f"references[].{k}" for k in data["references"][0]}
    keys |= {f"problems[].{k}" for k in data["problems"][0]}
    for key in keys:
        name = re.escape(key.rsplit(".", 1)[-1])
        assert re.search(rf"[`.]{name}(?:\[\])?`", section), key
    assert [p["kind"] for p in data["problems"]] == ["unused_reference"]
