"""``--verifier llm`` end to end: the CLI against a real chat-completions server on 127.0.0.1.

The server (tests/chat_server.py) answers what each test scripts and counts the
requests, so these tests see real HTTP: retries, Retry-After, timeouts, the
call cap, the key, and the judgment cache across two runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from factcheck import cli
from tests.chat_server import ChatServer, answer, raw, slow, status
from tests.server import FixtureServer
from tests.test_cli import ROOT, assert_one_line_error

EVERY_20 = "Boats between Alder Quay and Northgate run every 20 minutes."
NATIONAL = "The ferry line was paid for by the national government."
WRONG_COST = "The service cost 45 million euros."
LATE = "Passengers can cross the harbour late into the night."
DEARER = "Tickets cost more than a bus fare."
TIMETABLE = "Boats will run every 20 minutes from six in the morning until midnight."
TICKETS = "Tickets cost the same as a single bus fare, and monthly bus passes are valid on board."


@pytest.fixture
def chat_server() -> Iterator[ChatServer]:
    server = ChatServer().start()
    yield server
    server.stop()


def write_draft(tmp_path: Path, server: FixtureServer, *claims: str) -> Path:
    body = "\n\n".join(c.rstrip(".") + " [1]." for c in claims)
    text = (f"# Ferry\n\n{body}\n\n## References\n\n"
            f"[1] Alder Coast Courier — {server.url('/pages/ferry.html')}\n")
    path = tmp_path / "draft.md"
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


runner = CliRunner()


def check(
    draft: Path, chat: ChatServer, *extra: str, env: dict[str, str] | None = None,
    cache: Path | None = None,
) -> tuple[Run, dict[str, Any] | None]:
    """``factcheck check --verifier llm`` in this process (spaCy loads once per worker)."""
    out = draft.parent / "report.json"
    out.unlink(missing_ok=True)
    environ = {"NO_COLOR": "1", "FACTCHECK_RETRY_BACKOFF": "0.01",
               "FACTCHECK_LLM_API_KEY": "", **(env or {})}
    cache_args = ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    result = runner.invoke(cli.app, [
        "check", str(draft), "--allow-private", *cache_args, "--verifier", "llm",
        "--llm-url", chat.url, "--llm-model", "judge-1", "-f", "json", "-o", str(out), *extra],
        env=environ)
    report = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    return Run(result.exit_code, result.stdout, result.stderr), report


def assert_error_line(run: Run) -> None:
    """Exit 2 with exactly one error line (progress lines may come before it)."""
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("factcheck: error:")]
    assert len(errors) == 1 and run.stderr.rstrip().endswith(errors[0]), run.stderr


def by_text(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["text"]: c for c in report["claims"]}


def test_model_verdicts_reach_the_report_through_the_cli(
    tmp_path: Path, fixture_server: FixtureServer, chat_server: ChatServer
) -> None:
    chat_server.script("every 20 minutes", answer("supported", TIMETABLE))
    chat_server.script("late into the night", answer("supported", TIMETABLE))
    chat_server.script("national government", answer("not_supported", "", "national government"))
    chat_server.script("more than a bus fare", answer("not_supported", TICKETS, "more than"))
    draft = write_draft(tmp_path, fixture_server, EVERY_20, NATIONAL, WRONG_COST, LATE, DEARER)
    proc, report = check(draft, chat_server)
    assert proc.returncode == 1, proc.stderr
    assert report is not None
    claims = by_text(report)
    assert {t: c["verdict"] for t, c in claims.items()} == {
        EVERY_20: "supported", NATIONAL: "not_supported", WRONG_COST: "not_supported",
        LATE: "supported", DEARER: "not_supported"}
    supported = claims[EVERY_20]["verification"]
    assert supported["verifier"] == "llm" and supported["model"] == "judge-1"
    assert supported["prompt_version"] == "1" and supported["cached"] == 0
    assert supported["verdict"] == "supported" and supported["evidence"] == TIMETABLE
    assert supported["rule"] == "model_supported" and supported["source"] == "1"
    dearer = claims[DEARER]["verification"]
    assert dearer["unsupported"] == "more than" and dearer["rule"] == "model_not_supported"
    # A figure the page states otherwise is decided by the matcher and never sent.
    cost = claims[WRONG_COST]["verification"]
    assert cost["verdict"] == "not_asked" and cost["rule"] == "lexical_contradiction"
    assert chat_server.count_for("45 million") == 0
    assert chat_server.count == 4
    assert report["verifier"]["endpoint"] == chat_server.url + "/chat/completions"
    assert report["verifier"]["calls"] == 4 and report["verifier"]["tokens"] > 0
    assert report["summary"]["unverified"] == 0
    # Said on stderr before any call: how many claims go where.
    assert f"4 claims (4 passages, 0 already judged in the cache) go to the model judge-1 at " \
           f"{chat_server.url}/chat/completions" in proc.stderr
    sent = chat_server.seen[0]
    assert sent.body["model"] == "judge-1" and sent.body["temperature"] == 0
    assert "Ferries" not in sent.passage and "every 20 minutes" in sent.passage


def test_second_run_is_answered_from_the_cache(
    tmp_path: Path, fixture_server: FixtureServer, chat_server: ChatServer
) -> None:
    chat_server.script("every 20 minutes", answer("supported", TIMETABLE))
    draft = write_draft(tmp_path, fixture_server, EVERY_20, NATIONAL)
    first, report1 = check(draft, chat_server, cache=tmp_path / "cache")
    assert report1 is not None and chat_server.count == 2, first.stderr
    second, report2 = check(draft, chat_server, cache=tmp_path / "cache")
    assert report2 is not None
    assert chat_server.count == 2  # nothing asked again
    assert "2 already judged in the cache" in second.stderr
    for claim in report2["claims"]:
        assert claim["verification"]["cached"] == claim["verification"]["passages"] == 1
    assert report2["verifier"]["calls"] == 0 and report2["verifier"]["cached"] == 2
    assert [c["verdict"] for c in report2["claims"]] == [c["verdict"] for c in report1["claims"]]
    # Another model is another cache key: asked again.
    check(draft, chat_server, "--llm-model", "judge-2", cache=tmp_path / "cache")
    assert chat_server.count == 4


def test_invalid_json_is_asked_again_once_then_reported(
    tmp_path: Path, fixture_server: FixtureServer, chat_server: ChatServer
) -> None:
    chat_server.script("every 20 minutes", raw("Sure! The claim is supported."))
    chat_server.script("national government", raw("{verdict: nope"),
                       answer("not_supported", "", "national government"))
    draft = write_draft(tmp_path, fixture_server, EVERY_20, NATIONAL)
    proc, report = check(draft, chat_server)
    assert report is not None, proc.stderr
    claims = by_text(report)
    broken = claims[EVERY_20]
    assert broken["verification"]["verdict"] == "no_answer"
    assert "not valid JSON" in broken["verification"]["problem"]
    assert broken["verification"]["rule"] == "no_model_answer"
    assert broken["verdict"] == broken["verification"]["lexical_verdict"]  # never made green
    assert chat_server.count_for("every 20 minutes") == 2  # asked again exactly once
    # The second request carries the bad answer and says what was wrong.
    retry = [s for s in chat_server.seen if "every 20" in s.claim][1].body["messages"]
    assert retry[2]["role"] == "assistant" and "not valid JSON" in retry[3]["content"]
    recovered = claims[NATIONAL]
    assert recovered["verdict"] == "not_supported"
    assert recovered["verification"]["verdict"] == "not_supported"
    assert report["summary"]["unverified"] == 1


def test_a_quote_not_in_the_passage_is_no_answer(
    tmp_path: Path, fixture_server: FixtureServer, chat_server: ChatServer
) -> None:
    chat_server.script("late into the night",
                       answer("supported", "Boats run all night, every night."))
    draft = write_draft(tmp_path, fixture_server, LATE)
    proc, report = check(draft, chat_server, "-f", "terminal", "-o", "-")
    assert report is not None
    verification = report["claims"][0]["verification"]
    assert verification["verdict"] == "no_answer"
    assert "quoted evidence is not in the passage" in verification["problem"]
    assert chat_server.count == 2
    assert report["claims"][0]["verdict"] == verification["lexical_verdict"]
    # The model answered nothing usable at all: the run does not pass.
    assert report["summary"]["passed"] is False and proc.returncode == 1
    assert "no usable answer" in proc.stdout  # the terminal report says so too


def test_rate_limit_then_answer(
    tmp_path: Path, fixture_server: FixtureServer, chat_server: ChatServer
) -> None:
    chat_server.script("every 20 minutes", status(429, retry_after="1"),
                       answer("supported", TIMETABLE))
    draft = write_draft(tmp_path, fixture_server, EVERY_20)
    proc, report = check(draft, chat_server)
    assert report is not None, proc.stderr
    assert report["claims"][0]["verification"]["verdict"] == "supported"
    assert chat_server.count == 2
    assert report["verifier"]["calls"] == 2  # the retry counts against the cap


def test_timeout_is_a_report_entry(
    tmp_path: Path, fixture_server: FixtureServer, chat_server: ChatServer
) -> None:
    # The timeout leaves a busy machine seconds for the prompt answer, and the slow one
    # is far beyond it.
    chat_server.script("every 20 minutes", slow(60.0, answer("supported", TIMETABLE)))
    chat_server.script("national government", answer("not_supported"))
    draft = write_draft(tmp_path, fixture_server, EVERY_20, NATIONAL)
    proc, report = check(draft, chat_server, env={"FACTCHECK_LLM_TIMEOUT": "2"})
    assert report is not None and "Traceback" not in proc.stderr
    claims = by_text(report)
    late = claims[EVERY_20]["verification"]
    assert late["verdict"] == "no_answer" and "did not answer within 2 s" in late["problem"]
    assert claims[NATIONAL]["verification"]["verdict"] == "not_supported"


def test_call_cap_stops_sending(
    tmp_path: Path, fixture_server: FixtureServer, chat_server: ChatServer
) -> None:
    chat_server.script("every 20 minutes", answer("supported", TIMETABLE))
    chat_server.script("national government", answer("not_supported"))
    draft = write_draft(tmp_path, fixture_server, EVERY_20, NATIONAL)
    proc, report = check(draft, chat_server, "--llm-max-calls", "1",
                         env={"FACTCHECK_LLM_CONCURRENCY": "1"})
    assert report is not None, proc.stderr
    assert chat_server.count == 1
    outcomes = [c["verification"] for c in report["claims"]]
    capped = [v for v in outcomes if v["verdict"] == "no_answer"]
    assert len(capped) == 1 and "cap of 1 requests" in capped[0]["problem"]
    assert report["summary"]["unverified"] == 1 and report["verifier"]["calls"] == 1


def test_token_cap_stops_sending(
    tmp_path: Path, fixture_server: FixtureServer, chat_server: ChatServer
) -> None:
    draft = write_draft(tmp_path, fixture_server, EVERY_20)
    _, report = check(draft, chat_server, "--llm-max-tokens", "50")
    assert report is not None and chat_server.count == 0
    assert "cap of 50 tokens" in report["claims"][0]["verification"]["problem"]


def test_refused_key_is_one_line_exit_2(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    server = ChatServer(key="sekret").start()
    try:
        draft = write_draft(tmp_path, fixture_server, EVERY_20, NATIONAL)
        proc, _ = check(draft, server, env={"FACTCHECK_LLM_CONCURRENCY": "1"})
        assert_error_line(proc)
        assert "FACTCHECK_LLM_API_KEY" in proc.stderr and "401" in proc.stderr
        assert server.count == 1  # the refusal stops every further request
        proc, report = check(draft, server, env={"FACTCHECK_LLM_API_KEY": "sekret"})
        assert report is not None and proc.returncode in (0, 1), proc.stderr
        assert server.seen[-1].headers["authorization"] == "Bearer sekret"
        # A wrong URL (404) cannot get better either: exit 2, not a report of no answers.
        wrong = runner.invoke(cli.app, [
            "check", str(draft), "--allow-private", "--no-cache", "--verifier", "llm",
            "--llm-url", f"http://127.0.0.1:{server.port}/v2", "--llm-model", "judge-1"],
            env={"FACTCHECK_LLM_API_KEY": "sekret", "FACTCHECK_LLM_CONCURRENCY": "1"})
        assert_error_line(Run(wrong.exit_code, wrong.stdout, wrong.stderr))
        assert "404" in wrong.stderr and "--llm-url" in wrong.stderr
    finally:
        server.stop()


def test_missing_key_for_a_remote_endpoint_stops_before_any_work(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    draft = write_draft(tmp_path, fixture_server, EVERY_20)
    before = fixture_server.count("/pages/ferry.html")
    remote = ChatServer()  # never started: only its URL shape matters
    remote_url = "https://models.example.invalid/v1"
    proc = subprocess.run(
        [sys.executable, "-m", "factcheck", "check", str(draft), "--allow-private",
         "--no-cache", "--verifier", "llm", "--llm-url", remote_url, "--llm-model", "m"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")})
    remote.httpd.server_close()
    assert_one_line_error(proc)
    assert "FACTCHECK_LLM_API_KEY" in proc.stderr
    assert fixture_server.count("/pages/ferry.html") == before  # not even the sources


def test_llm_without_url_or_model_is_a_usage_error(tmp_path: Path,
                                                   fixture_server: FixtureServer) -> None:
    draft = write_draft(tmp_path, fixture_server, EVERY_20)
    proc = subprocess.run([sys.executable, "-m", "factcheck", "check", str(draft),
                           "--verifier", "llm"], capture_output=True, text=True, cwd=ROOT,
                          timeout=60)
    assert_one_line_error(proc)
    assert "--llm-url" in proc.stderr


def test_nothing_is_sent_unless_llm_is_asked_for(
    tmp_path: Path, fixture_server: FixtureServer, chat_server: ChatServer
) -> None:
    draft = write_draft(tmp_path, fixture_server, EVERY_20, NATIONAL)
    environ = {"FACTCHECK_LLM_URL": chat_server.url, "FACTCHECK_LLM_MODEL": "judge-1",
                "FACTCHECK_LLM_API_KEY": "k", "NO_COLOR": "1"}
    result = runner.invoke(cli.app, ["check", str(draft), "--allow-private", "--no-cache",
                                     "-f", "json"], env=environ)
    report = json.loads(result.stdout)
    assert chat_server.count == 0
    assert "verifier" not in report and all("verification" not in c for c in report["claims"])
    assert "go to the model" not in result.stderr


def test_a_config_file_beside_the_draft_cannot_choose_the_model(
    tmp_path: Path, fixture_server: FixtureServer, chat_server: ChatServer
) -> None:
    draft = write_draft(tmp_path, fixture_server, EVERY_20)
    (tmp_path / ".factcheck.toml").write_text(
        f'verifier = "llm"\nllm_url = "{chat_server.url}"\nllm_model = "x"\n')
    proc = subprocess.run([sys.executable, "-m", "factcheck", "check", str(draft),
                           "--allow-private", "--no-cache"], capture_output=True, text=True,
                          cwd=ROOT, timeout=60,
                          env={k: v for k, v in os.environ.items()
                               if not k.startswith("FACTCHECK_")})
    assert_one_line_error(proc)
    assert "untrusted" in proc.stderr and chat_server.count == 0


def test_the_caps_hold_for_the_whole_run_across_folders(
    tmp_path: Path, fixture_server: FixtureServer, chat_server: ChatServer
) -> None:
    drafts = []
    for name, policy in (("a", "not_supported"), ("b", "partially_supported")):
        folder = tmp_path / name
        folder.mkdir()
        # Different settings per folder: the drafts are checked as two groups.
        (folder / ".factcheck.toml").write_text(f'fail_on = ["{policy}"]\n')
        drafts.append(write_draft(folder, fixture_server, EVERY_20))
    result = runner.invoke(cli.app, [
        "check", *map(str, drafts), "--allow-private", "--no-cache", "--verifier", "llm",
        "--llm-url", chat_server.url, "--llm-model", "judge-1", "--llm-max-calls", "1",
        "-f", "json"], env={"FACTCHECK_LLM_API_KEY": ""})
    assert chat_server.count == 1, result.stderr
    report = json.loads(result.stdout)
    problems = [c["verification"]["problem"] for d in report["drafts"] for c in d["claims"]]
    assert sum(p is not None and "cap of 1 requests" in p for p in problems) == 1


def test_requests_in_flight_stay_within_the_concurrency_limit(
    tmp_path: Path, fixture_server: FixtureServer, chat_server: ChatServer
) -> None:
    claims = [EVERY_20, NATIONAL, LATE, DEARER,
              "The crossing takes eleven minutes.", "About 3,000 passengers are expected."]
    for claim in claims:
        chat_server.script(claim.rstrip("."), slow(0.3, answer("not_supported")))
    draft = write_draft(tmp_path, fixture_server, *claims)
    _, report = check(draft, chat_server, env={"FACTCHECK_LLM_CONCURRENCY": "2"})
    assert report is not None and chat_server.count == len(claims)
    assert chat_server.max_in_flight == 2  # used, and never more
