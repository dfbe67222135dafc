"""The gate never passes what was not checked, and every format says so.

A cited claim none of whose sources could be read was not checked: by default it
fails the draft (``fail_if_any_unchecked``), the header counts it, and ``-q`` still
lists the unread sources. Everything goes through the CLI against the real local
server (tests/server.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from factcheck.models import Claim, ClaimResult, Report, Verdict
from tests.server import FixtureServer
from tests.test_trust import PAGE, draft, fc

SUPPORTED = "Each vessel will carry up to 180 passengers and 24 cars"
UNREAD = "The board voted on 11 March 2026 to buy two electric ferries"


def flat(text: str) -> str:
    """Terminal output with its line wrapping undone (a long temporary path wraps)."""
    return " ".join(text.split())


def half_read(folder: Path, server: FixtureServer, dead: str = "/status/404") -> Path:
    """A draft with one claim on a readable page and one on a page that cannot be read."""
    server.pages["gate"] = PAGE.format(n=180)
    return draft(folder, f"# Ferries\n\n{SUPPORTED} [1].\n\n{UNREAD} [2].\n\n## References\n\n"
                 f"1. {server.url('/mutable/gate')}\n2. {server.url(dead)}\n")


def test_one_unchecked_claim_fails_the_draft_and_the_header_counts_it(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    path = half_read(tmp_path, fixture_server)
    base = ("check", str(path), "--allow-private", "--no-cache")
    out = fc(*base, "-f", "json")
    assert out.exit_code == 1, out.output
    report = json.loads(out.stdout)
    verdicts = {c["text"].rstrip("."): c["verdict"] for c in report["claims"]}
    assert verdicts[UNREAD] == "source_unavailable"
    assert verdicts[SUPPORTED] in ("supported", "partially_supported")
    summary = report["summary"]
    assert summary["passed"] is False and summary["unchecked_claims"] == 1
    assert summary["unchecked"] is False  # something was checked
    terminal = fc(*base, columns=400)
    assert terminal.exit_code == 1
    assert "draft.md 2 claims, 0 failing, 1 unchecked" in flat(terminal.stdout)


def test_allow_unchecked_lets_it_pass_but_not_a_draft_with_nothing_checked(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    path = half_read(tmp_path, fixture_server)
    relaxed = fc("check", str(path), "--allow-private", "--no-cache", "--allow-unchecked",
                 columns=400)
    assert relaxed.exit_code == 0, relaxed.output
    # Passing, and still honest about what was not checked.
    assert flat(relaxed.stdout).startswith(f"PASS {path} 2 claims, 0 failing, 1 unchecked")
    dead = draft(tmp_path, f"# Ferries\n\n{UNREAD} [1].\n\n## References\n\n"
                 f"1. {fixture_server.url('/status/404')}\n", name="dead.md")
    nothing = fc("check", str(dead), "--allow-private", "--no-cache", "--allow-unchecked")
    assert nothing.exit_code == 1, nothing.output


def test_quiet_still_lists_each_unread_source_on_one_line(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    path = half_read(tmp_path, fixture_server, dead="/status/500")
    quiet = fc("check", str(path), "--allow-private", "--no-cache", "-q", "--retries", "0")
    assert quiet.exit_code == 1
    lines = [line for line in quiet.stdout.splitlines() if "/status/500" in line]
    assert len(lines) == 1 and "server_error" in lines[0], quiet.stdout
    assert UNREAD not in quiet.stdout  # the claims themselves are not failing ones


def test_a_new_reference_missing_from_the_snapshot_fails_the_draft(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.pages["snapgate"] = PAGE.format(n=180)
    url = fixture_server.url("/mutable/snapgate")
    first = draft(tmp_path, f"# Ferries\n\n{SUPPORTED} [1].\n\n## References\n\n1. {url}\n")
    snap = tmp_path / "snap"
    assert fc("fetch", str(first), "--snapshot", str(snap), "--allow-private",
              "--no-cache").exit_code == 0
    assert fc("check", str(first), "--snapshot", str(snap)).exit_code == 0
    fixture_server.pages["snapgate-new"] = PAGE.format(n=180)
    grown = draft(tmp_path, f"# Ferries\n\n{SUPPORTED} [1].\n\n{UNREAD} [2].\n\n"
                  f"## References\n\n1. {url}\n2. {url}-new\n")
    out = fc("check", str(grown), "--snapshot", str(snap), "-f", "json")
    assert out.exit_code == 1, out.output
    sources = {s["id"]: s["reason"] for s in json.loads(out.stdout)["sources"]}
    assert sources["2"] == "not_in_snapshot"


def _report(**policy: bool) -> Report:
    def result(n: int, verdict: Verdict) -> ClaimResult:
        claim = Claim(id=f"C{n}", text=f"Claim {n}.", line=n, column=1, offset=0,
                      citations=(str(n),))
        return ClaimResult(claim=claim, verdict=verdict, score=None)

    return Report(draft="d.md", results=(result(1, Verdict.SUPPORTED),
                                         result(2, Verdict.SOURCE_UNAVAILABLE)),
                  sources=(), problems=(), **policy)  # type: ignore[arg-type]


def test_the_unchecked_policy_and_its_two_settings() -> None:
    assert _report().summary.passed is False
    assert _report().summary.unchecked_claims == 1
    assert _report(fail_if_any_unchecked=False).summary.passed is True
    assert _report(fail_if_unchecked=False).summary.passed is True


# --------------------------------------------------------------------------- every format


def formats(tmp_path: Path, path: Path, *extra: str) -> tuple[int, dict[str, str]]:
    out = tmp_path / "reports"
    result = fc("check", str(path), "--allow-private", "--no-cache", "--retries", "0",
                "-f", "markdown", "-f", "html", "-f", "github", "-f", "junit", "-f", "sarif",
                "-o", str(out), *extra)
    return result.exit_code, {p.suffix.lstrip(".") if p.suffix != ".txt" else "github":
                              p.read_text(encoding="utf-8") for p in out.iterdir()}


def test_nothing_readable_every_format_says_why_it_failed(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    import re
    import xml.etree.ElementTree as ET

    dead = draft(tmp_path, f"# Ferries\n\n{SUPPORTED} [1].\n\n{UNREAD} [2].\n\n"
                 f"## References\n\n1. {fixture_server.url('/status/404')}\n"
                 f"2. {fixture_server.url('/status/410')}\n")
    code, reports = formats(tmp_path, dead)
    assert code == 1
    assert "claims checked" not in reports["md"] and "nothing checked" in reports["md"]
    html_text = re.sub(r"<[^>]+>", " ", reports["html"])
    assert "claims checked" not in html_text and "nothing checked" in html_text
    errors = [line for line in reports["github"].splitlines() if line.startswith("::error")]
    assert any("title=factcheck%3A not checked" in line for line in errors)
    assert len(errors) == 3  # both claims, and the draft-wide reason
    root = ET.fromstring(reports["xml"])
    assert root.get("failures") == "2"
    assert {f.get("type") for f in root.iter("failure")} == {"source_unavailable"}
    sarif = json.loads(reports["sarif"])["runs"][0]["results"]
    levels = {(r["ruleId"], r["level"]) for r in sarif}
    assert levels == {("factcheck/source_unavailable", "error"),
                      ("factcheck/unread_source", "warning")}


def test_an_unread_source_is_named_even_when_its_claim_cites_a_readable_one(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    import xml.etree.ElementTree as ET

    fixture_server.pages["gate"] = PAGE.format(n=180)
    dead = fixture_server.url("/status/404")
    path = draft(tmp_path, f"# Ferries\n\n{SUPPORTED} [1][2].\n\n## References\n\n"
                 f"1. {fixture_server.url('/mutable/gate')}\n2. {dead}\n")
    code, reports = formats(tmp_path, path)
    assert code == 0  # the claim was checked against [1]
    github = [line for line in reports["github"].splitlines() if dead in line]
    assert len(github) == 1 and github[0].startswith("::warning") and "not_found" in github[0]
    cases = [c for c in ET.fromstring(reports["xml"]).iter("testcase") if dead in c.get("name", "")]
    assert len(cases) == 1 and cases[0].find("skipped") is not None
    unread = [r for r in json.loads(reports["sarif"])["runs"][0]["results"]
              if r["ruleId"] == "factcheck/unread_source"]
    assert [(r["properties"]["url"], r["properties"]["reason"]) for r in unread] == [
        (dead, "not_found")]
    assert dead in reports["md"]


# --------------------------------------------------------------------------- fetch and the cache


def test_fetch_revalidates_a_cached_copy_as_check_does(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.pages["snaprev"] = PAGE.format(n=180)
    path = draft(tmp_path, f"# Ferries\n\nEach vessel will carry up to 200 passengers [1].\n\n"
                 f"## References\n\n1. {fixture_server.url('/mutable/snaprev')}\n")
    cache = str(tmp_path / "cache")
    assert fc("check", str(path), "--allow-private", "--cache-dir", cache).exit_code == 1
    same = fc("fetch", str(path), "--snapshot", str(tmp_path / "same"), "--allow-private",
              "--cache-dir", cache)
    assert "(1 revalidated now)" in same.stderr, same.stderr
    fixture_server.pages["snaprev"] = PAGE.format(n=200)  # edited: the ETag no longer matches
    snap = tmp_path / "snap"
    edited = fc("fetch", str(path), "--snapshot", str(snap), "--allow-private",
                "--cache-dir", cache)
    assert "(1 fetched now)" in edited.stderr, edited.stderr
    assert fc("check", str(path), "--snapshot", str(snap)).exit_code == 0


def test_fetch_says_when_it_saved_a_cached_copy_without_asking(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.pages["snapold"] = PAGE.format(n=180)
    url = fixture_server.url("/mutable/snapold?novalidators=1")
    path = draft(tmp_path, f"# Ferries\n\nEach vessel will carry up to 200 passengers [1].\n\n"
                 f"## References\n\n1. {url}\n")
    cache = str(tmp_path / "cache")
    first = json.loads(fc("check", str(path), "--allow-private", "--cache-dir", cache,
                          "-f", "json").stdout)
    cached_at = first["sources"][0]["fetched_at"]
    fixture_server.pages["snapold"] = PAGE.format(n=200)
    snap = tmp_path / "snap"
    old = fc("fetch", str(path), "--snapshot", str(snap), "--allow-private", "--cache-dir", cache)
    assert old.exit_code == 0
    summary = old.stderr.strip().splitlines()[-1]
    assert "1 from the cache without asking the server" in summary and "--refresh" in summary
    manifest = json.loads((snap / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sources"][0]["fetched_at"] == cached_at  # the copy's own date
    fresh = fc("fetch", str(path), "--snapshot", str(snap), "--allow-private", "--cache-dir",
               cache, "--refresh")
    assert "(1 fetched now)" in fresh.stderr, fresh.stderr
    assert fc("check", str(path), "--snapshot", str(snap)).exit_code == 0


def test_offline_says_when_the_cached_copy_is_of_a_page_found_gone_since(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.pages["gone-later"] = PAGE.format(n=180)
    path = draft(tmp_path, f"# Ferries\n\n{SUPPORTED} [1].\n\n## References\n\n"
                 f"1. {fixture_server.url('/mutable/gone-later')}\n")
    base = ("check", str(path), "--allow-private", "--cache-dir", str(tmp_path / "cache"))

    def source(*extra: str) -> dict:
        return json.loads(fc(*base, "-f", "json", *extra).stdout)["sources"][0]

    assert source()["last_failure"] is None
    del fixture_server.pages["gone-later"]  # the page is removed: 404 from now on
    assert source()["reason"] == "not_found"
    offline = source("--offline")
    assert offline["reason"] == "ok" and offline["origin"] == "cache"
    assert offline["last_failure"] == "not_found" and offline["last_failure_at"]
    assert "server answered not_found when last asked" in flat(fc(*base, "--offline").stdout)
    fixture_server.pages["gone-later"] = PAGE.format(n=180)  # back again
    assert source()["reason"] == "ok"
    assert source("--offline")["last_failure"] is None


def test_a_source_excluded_on_purpose_is_reported_without_failing_the_draft(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    path = half_read(tmp_path, fixture_server, dead="/paywalled/story")
    base = ("check", str(path), "--allow-private", "--no-cache")
    out = fc(*base, "-f", "json", "--exclude", "paywalled")
    report = json.loads(out.stdout)
    assert report["summary"]["unchecked_claims"] == 1  # still counted and shown
    assert [s["reason"] for s in report["sources"] if s["id"] == "2"] == ["excluded"]
    assert out.exit_code == 0, out.output
    # A dead link is not a choice: the same draft without --exclude fails.
    assert fc(*base, "-f", "json").exit_code == 1
