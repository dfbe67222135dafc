"""``factcheck check`` end to end against the real local HTTP server: CLI, JSON file, exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.server import FixtureServer
from tests.test_cli import run_cli

COPIED = ("Riverside Central Library will open until nine in the evening on weekdays from "
          "March, the city's culture office announced on Thursday.")
WRONG_NUMBER = "The change follows a survey in which 2,400 residents asked for later hours."


def write_draft(tmp_path: Path, server: FixtureServer, placement: str) -> Path:
    article = server.url("/pages/article.html")
    dead = server.url("/status/404")
    cite = {"before": "{s} [{n}].", "after": "{s}.[{n}]", "spaced": "{s}. [{n}]"}[placement]

    def cited(sentence: str, n: int) -> str:
        return cite.format(s=sentence.rstrip("."), n=n)

    text = (
        "# Library hours\n\n"
        f"{cited(COPIED, 1)} {cited(WRONG_NUMBER, 1)}\n\n"
        f"{cited('Two extra librarians will be hired with a state grant.', 2)}\n\n"
        "## References\n\n"
        f"[1] Riverside Gazette — Library extends opening hours — {article}\n"
        f"[2] Archive — {dead}\n"
    )
    path = tmp_path / "draft.md"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("placement", ["before", "after", "spaced"])
def test_check_against_local_server(
    tmp_path: Path, fixture_server: FixtureServer, placement: str
) -> None:
    draft = write_draft(tmp_path, fixture_server, placement)
    out = tmp_path / "report.json"
    proc = run_cli("check", str(draft), "--allow-private", "--cache-dir", str(tmp_path / "c"),
                   "--format", "json", "--output", str(out))
    assert proc.returncode == 1, proc.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    by_text = {c["text"]: c for c in report["claims"]}
    assert by_text[COPIED]["verdict"] == "supported"
    assert by_text[COPIED]["citations"] == ["1"]
    wrong = by_text[WRONG_NUMBER]
    assert wrong["verdict"] == "not_supported"
    assert any("2,400" in s["text"] for s in wrong["unsupported_spans"])
    dead = next(c for c in report["claims"] if c["citations"] == ["2"])
    assert dead["verdict"] == "source_unavailable"
    sources = {s["id"]: s for s in report["sources"]}
    assert sources["1"]["status"] == "ok" and sources["1"]["title"]
    assert sources["2"]["status"] == "error" and sources["2"]["http_status"] == 404


def test_private_address_refused_without_flag(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    draft = write_draft(tmp_path, fixture_server, "before")
    out = tmp_path / "report.json"
    before = fixture_server.count("/pages/article.html")
    proc = run_cli("check", str(draft), "--cache-dir", str(tmp_path / "c"),
                   "-f", "json", "-o", str(out))
    report = json.loads(out.read_text(encoding="utf-8"))
    assert {s["reason"] for s in report["sources"]} == {"blocked"}
    assert {c["verdict"] for c in report["claims"]} == {"source_unavailable"}
    assert report["summary"]["unchecked"] is True
    assert proc.returncode == 1  # nothing could be checked: a misconfigured run must not pass
    assert fixture_server.count("/pages/article.html") == before  # refused before connecting


def test_fetch_then_offline_check_from_snapshot(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    draft = write_draft(tmp_path, fixture_server, "before")
    snap = tmp_path / "snap"
    proc = run_cli("fetch", str(draft), "--snapshot", str(snap), "--allow-private", "--no-cache")
    assert proc.returncode == 1, proc.stderr  # one source is dead
    assert "status/404: not_found" in proc.stderr
    manifest = json.loads((snap / "manifest.json").read_text(encoding="utf-8"))
    assert {s["status"] for s in manifest["sources"]} == {"ok", "not_found"}
    before = fixture_server.count("/pages/article.html")
    out = tmp_path / "r.json"
    run_cli("check", str(draft), "--snapshot", str(snap), "-f", "json", "-o", str(out))
    assert fixture_server.count("/pages/article.html") == before  # no request made
    report = json.loads(out.read_text(encoding="utf-8"))
    by_text = {c["text"]: c["verdict"] for c in report["claims"]}
    assert by_text[COPIED] == "supported" and by_text[WRONG_NUMBER] == "not_supported"
