"""GitHub workflow commands: errors for failing claims, warnings for the rest, escaped."""

from __future__ import annotations

import re

from factcheck.report import OutputFormat, get_reporter
from factcheck.report.github import command, escape_data, escape_property
from tests.report_fixtures import (
    DRAFT,
    NOT_SUPPORTED_TEXT,
    PARTIAL_TEXT,
    passing_report,
    rich_report,
)

LINE = re.compile(r"^::(?P<kind>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def unescape(value: str) -> str:
    for code, ch in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(code, ch)
    return value


def parsed(text: str) -> list[tuple[str, dict[str, str], str]]:
    out = []
    for line in text.splitlines():
        m = LINE.match(line)
        if m:
            props = dict(p.split("=", 1) for p in m["props"].split(","))
            out.append((m["kind"], {k: unescape(v) for k, v in props.items()},
                        unescape(m["message"])))
    return out


def test_errors_for_failing_claims_warnings_for_other_non_supported() -> None:
    commands = parsed(get_reporter(OutputFormat.GITHUB).render(rich_report()))
    kinds = [(kind, props.get("line"), props.get("col")) for kind, props, _ in commands]
    # The two failing claims, the claim left unchecked (it fails the draft by default),
    # then the draft-wide line saying so.
    assert kinds[:4] == [("error", "18", "1"), ("error", "9", "1"), ("error", "14", "1"),
                         ("error", None, None)]
    assert "not checked" in commands[3][2] and "--allow-unchecked" in commands[3][2]
    assert sorted(kinds[4:6]) == [("warning", "14", "53"), ("warning", "7", "148")]
    # Each source that could not be read, at the first claim citing it (when one does).
    assert kinds[6:8] == [("warning", "14", "1"), ("warning", None, None)]
    assert "openeval.example.org" in commands[6][2] and "not_found" in commands[6][2]
    # Two draft problems, then where the sources came from (one is a cached copy).
    assert [k for k, _, _ in commands[8:]] == ["notice", "notice", "notice"]
    assert "from the cache" in commands[-1][2]
    assert all(props["file"] == DRAFT for _, props, _ in commands)


def test_allowed_unchecked_claims_are_warnings() -> None:
    from dataclasses import replace

    report = replace(rich_report(), fail_if_any_unchecked=False)
    commands = parsed(get_reporter(OutputFormat.GITHUB).render(report))
    kinds = {props.get("title"): kind for kind, props, _ in commands}
    assert kinds["factcheck: source unavailable (C4)"] == "warning"
    assert kinds["factcheck: not checked"] == "warning"  # said, but not why the draft fails


def test_each_command_is_one_line_and_round_trips() -> None:
    text = get_reporter(OutputFormat.GITHUB).render(rich_report())
    commands = parsed(text)
    assert len(commands) == len([ln for ln in text.splitlines() if ln.startswith("::")])
    messages = {props["title"]: msg for _, props, msg in commands}
    flat = " ".join(NOT_SUPPORTED_TEXT.split())
    assert messages["factcheck: not supported (C3)"].startswith(flat)
    partial = messages["factcheck: partially supported (C2)"]
    assert partial.startswith(PARTIAL_TEXT) and "100%" in partial


def test_escaping_follows_the_runner_rules() -> None:
    assert escape_data("100% a\r\nb") == "100%25 a%0D%0Ab"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    assert command("error", "x\ny", file="a,b.md", line=3) == "::error file=a%2Cb.md,line=3::x%0Ay"


def test_passing_report_has_no_annotations() -> None:
    text = get_reporter(OutputFormat.GITHUB).render(passing_report())
    assert not [ln for ln in text.splitlines() if ln.startswith("::")]
    assert "PASS" in text
