"""The command line end to end: real subprocesses, real files, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck import cli

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "fixtures" / "demo"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    env = {k: v for k, v in env.items() if not k.startswith("FACTCHECK_")}
    return subprocess.run(
        [sys.executable, "-m", "factcheck", *args],
        capture_output=True, text=True, cwd=cwd or ROOT, env=env, timeout=120,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], code: int = 2) -> None:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert proc.stdout == ""


@pytest.fixture(scope="module")
def demo_json(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict]:
    out = tmp_path_factory.mktemp("demo") / "report.json"
    proc = run_cli("check", str(DEMO / "draft.md"), "--snapshot", str(DEMO / "snapshot"),
                   "--format", "json", "--output", str(out))
    return proc.returncode, json.loads(out.read_text(encoding="utf-8"))


def test_demo_shows_every_verdict_offline(demo_json: tuple[int, dict]) -> None:
    code, report = demo_json
    assert code == 1
    verdicts = {c["verdict"] for c in report["claims"]}
    assert verdicts == {"supported", "partially_supported", "not_supported",
                        "source_unavailable", "needs_citation", "citation_missing"}
    assert report["summary"]["passed"] is False
    assert report["summary"]["claims"] == len(report["claims"])


def test_demo_claim_positions_point_into_the_draft(demo_json: tuple[int, dict]) -> None:
    lines = (DEMO / "draft.md").read_text(encoding="utf-8").splitlines()
    for claim in demo_json[1]["claims"]:
        line = lines[claim["line"] - 1]
        start = claim["column"] - 1
        assert line[start:start + 12] == claim["text"][:12]


def test_demo_dead_source_is_reported_not_lost(demo_json: tuple[int, dict]) -> None:
    sources = {s["id"]: s for s in demo_json[1]["sources"]}
    assert sources["5"]["status"] == "error" and sources["5"]["http_status"] == 404
    assert all(sources[i]["status"] == "ok" for i in "1234")


def test_demo_wrong_number_is_named(demo_json: tuple[int, dict]) -> None:
    claim = next(c for c in demo_json[1]["claims"] if "256,000" in c["text"])
    assert claim["verdict"] == "not_supported"
    assert any("256,000" in s["text"] for s in claim["unsupported_spans"])


def test_terminal_report_on_demo() -> None:
    proc = run_cli("check", str(DEMO / "draft.md"), "--snapshot", str(DEMO / "snapshot"))
    assert proc.returncode == 1
    assert "FAIL" in proc.stdout and "NOT SUPPORTED" in proc.stdout
    assert "\x1b[" not in proc.stdout


def test_warn_only_exits_zero() -> None:
    proc = run_cli("check", str(DEMO / "draft.md"), "--snapshot", str(DEMO / "snapshot"),
                   "--warn-only", "-q")
    assert proc.returncode == 0


def test_missing_draft_is_a_one_line_error(tmp_path: Path) -> None:
    assert_one_line_error(run_cli("check", str(tmp_path / "nope.md")))


def test_directory_is_a_one_line_error(tmp_path: Path) -> None:
    assert_one_line_error(run_cli("check", str(tmp_path)))


def test_binary_draft_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    assert_one_line_error(run_cli("check", str(path)))


def test_bad_config_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / ".factcheck.toml").write_text("timeout = 'soon'\n")
    draft = tmp_path / "d.md"
    draft.write_text("Acme sold 5 rockets [1].\n\n## References\n[1] https://example.com/a\n")
    assert_one_line_error(run_cli("check", str(draft)))


@pytest.mark.parametrize(("name", "content"), [
    (".factcheck.toml", "# Réglages de la rédaction\ntimeout = 5\n".encode("cp1252")),
    ("pyproject.toml", '[project]\nname = "café"\n[tool.factcheck]\ntimeout = 5\n'
     .encode("latin-1")),
    (".factcheck.toml", "timeout = 5\n".encode("utf-16")),
], ids=["cp1252", "latin-1-pyproject", "utf-16"])
def test_a_config_file_not_in_utf8_is_a_one_line_error(
    tmp_path: Path, name: str, content: bytes
) -> None:
    (tmp_path / name).write_bytes(content)
    draft = tmp_path / "d.md"
    draft.write_text("Acme sold 5 rockets [1].\n\n## References\n[1] https://example.com/a\n")
    proc = run_cli("check", str(draft), "--offline")
    assert_one_line_error(proc)
    assert name in proc.stderr and "UTF-8" in proc.stderr
    explicit = run_cli("check", str(draft), "--offline", "--config", str(tmp_path / name))
    assert_one_line_error(explicit)


def test_a_settings_path_that_is_a_directory_is_a_one_line_error(tmp_path: Path) -> None:
    draft = tmp_path / "d.md"
    draft.write_text("Acme sold 5 rockets [1].\n\n## References\n[1] https://example.com/a\n")
    explicit = run_cli("check", str(draft), "--offline", "--config", str(tmp_path))
    assert_one_line_error(explicit)
    assert "is a directory" in explicit.stderr
    (tmp_path / ".factcheck.toml").mkdir()
    beside = run_cli("check", str(draft), "--offline")
    assert_one_line_error(beside)
    assert ".factcheck.toml is not a settings file" in beside.stderr


@pytest.mark.parametrize("flags", [
    ("--offline", "--refresh"),
    ("--snapshot", str(DEMO / "snapshot"), "--refresh"),
    ("--offline", "--no-cache"),
], ids=["offline-refresh", "snapshot-refresh", "offline-no-cache"])
def test_contradictory_source_flags_are_a_one_line_error(
    tmp_path: Path, flags: tuple[str, ...]
) -> None:
    proc = run_cli("check", str(DEMO / "draft.md"), "--cache-dir", str(tmp_path / "c"), *flags)
    assert_one_line_error(proc)
    assert "contradict" in proc.stderr


def test_bad_flag_exits_2() -> None:
    proc = run_cli("check", "--no-such-flag", "x.md")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_unwritable_output_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    proc = run_cli("check", str(DEMO / "draft.md"), "--snapshot", str(DEMO / "snapshot"),
                   "-f", "json", "-o", str(blocker / "report.json"))
    assert_one_line_error(proc)


def test_internal_error_exits_3_with_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr("factcheck.pipeline.stream", boom)
    result = CliRunner().invoke(cli.app, ["check", str(DEMO / "draft.md")])
    assert result.exit_code == 3
    assert "kaboom" in result.output and "--debug" in result.output
    assert "Traceback" not in result.output


def test_internal_error_with_debug_shows_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr("factcheck.pipeline.stream", boom)
    result = CliRunner().invoke(cli.app, ["check", str(DEMO / "draft.md"), "--debug"])
    assert result.exit_code == 3
    assert "Traceback" in result.output


def test_version() -> None:
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("factcheck ")


def test_claims_command_json() -> None:
    proc = run_cli("claims", str(DEMO / "draft.md"), "--format", "json")
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    cited = [c for c in data["claims"] if c["citations"]]
    assert len(cited) >= 8
    assert any(not c["citations"] and c["check_worthy"] for c in data["claims"])


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--bogus", "x.md"),
        ("check", "x.md", "--format", "nope"),
        ("check", "--timeout", "abc", "x.md"),
        ("nosuch",),
        ("check",),
    ],
)
def test_usage_errors_are_one_line(args: tuple[str, ...]) -> None:
    assert_one_line_error(run_cli(*args))


def test_min_score_out_of_range_is_a_usage_error() -> None:
    proc = run_cli("check", str(DEMO / "draft.md"), "--snapshot", str(DEMO / "snapshot"),
                   "--min-score", "2")
    assert_one_line_error(proc)


def test_output_under_a_file_names_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("")
    proc = run_cli("check", str(DEMO / "draft.md"), "--snapshot", str(DEMO / "snapshot"),
                   "-f", "json", "-o", str(blocker / "sub" / "r.json"))
    assert_one_line_error(proc)
    assert "not a directory" in proc.stderr


@pytest.mark.parametrize(
    "extra",
    [
        ("-q", "-v"),
        ("-f", "json", "-f", "sarif", "-o", "-"),
        ("-f", "json", "-f", "markdown", "-o", "same.json", "-o", "same.json"),
        ("--concurrency", "0"),
        ("--exclude", "([unclosed"),
    ],
)
def test_contradictory_or_bad_options_are_usage_errors(
    tmp_path: Path, extra: tuple[str, ...]
) -> None:
    proc = run_cli("check", str(DEMO / "draft.md"), "--snapshot", str(DEMO / "snapshot"),
                   *extra, cwd=tmp_path)
    assert_one_line_error(proc)


def test_fetch_flags_reach_the_fetcher(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    proc = run_cli("check", str(DEMO / "draft.md"), "--snapshot", str(DEMO / "snapshot"),
                   "--exclude", r"thecircuit\.example", "-f", "json", "-o", str(out))
    assert proc.returncode == 1, proc.stderr
    sources = {s["id"]: s for s in json.loads(out.read_text(encoding="utf-8"))["sources"]}
    assert sources["2"]["reason"] == "excluded" and sources["2"]["status"] == "skipped"
    assert sources["1"]["status"] == "ok"


def test_piped_report_honours_columns(tmp_path: Path) -> None:
    env_columns = {"COLUMNS": "60"}
    proc = subprocess.run(
        [sys.executable, "-m", "factcheck", "check", str(DEMO / "draft.md"),
         "--snapshot", str(DEMO / "snapshot")],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT), **env_columns},
    )
    assert max(len(line) for line in proc.stdout.splitlines()) <= 60


def test_json_report_is_identical_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"r{seed}.json"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "factcheck", "check", str(DEMO / "draft.md"),
             "--snapshot", str(DEMO / "snapshot"), "-f", "json", "-o", str(out)],
            capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_logs_get_one_summary_line_and_no_progress_bar(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    proc = run_cli("check", str(DEMO / "draft.md"), "--snapshot", str(DEMO / "snapshot"),
                   "-f", "json", "-o", str(out))
    lines = proc.stderr.splitlines()
    # A snapshot run says so: nothing was fetched.
    assert [line for line in lines if " sources: " in line] == [
        "factcheck: 5 sources: 4 from the snapshot, 1 not_found"]
    assert "\x1b" not in proc.stderr and "\r" not in proc.stderr


@pytest.mark.parametrize("extra", [("--fail-on", ""), ("--fail-on", ","), ("-j", "100000")])
def test_empty_policy_or_absurd_jobs_are_usage_errors(extra: tuple[str, ...]) -> None:
    proc = run_cli("check", str(DEMO / "draft.md"), "--snapshot", str(DEMO / "snapshot"), *extra)
    assert_one_line_error(proc)
