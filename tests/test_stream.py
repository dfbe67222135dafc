"""Streamed batch output: ``-f jsonl`` and ``--output-dir``, checked a window at a time.

Offline, from a snapshot of generated pages; the cluster engine has its own
module (tests/test_cluster.py).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmarks.perf_corpus import make_draft, make_page
from factcheck import cli, pipeline
from factcheck.config import Config
from factcheck.errors import ConfigError
from factcheck.fetch import save_snapshot
from factcheck.models import Fetched, Report
from factcheck.progress import DraftCount

BASE = "https://news.example.org"
runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five drafts (two in a subfolder) over eight generated pages, and their snapshot."""
    folder = tmp_path_factory.mktemp("stream")
    pages = [make_page(1, i) for i in range(8)]
    save_snapshot({
        BASE + p.path: Fetched(url=BASE + p.path, final_url=BASE + p.path, http_status=200,
                               content_type="text/html; charset=utf-8", body=p.html.encode())
        for p in pages
    }, folder / "snap")
    for k, name in enumerate(["a.md", "b.md", "c.md", "sub/d.md", "sub/e.txt"]):
        path = folder / "drafts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make_draft(30 + k, 8, 4, BASE, first_source=k), encoding="utf-8")
    return folder


def _check(corpus: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(cli.app, ["check", str(corpus / "drafts"), "--snapshot",
                                     str(corpus / "snap"), "--jobs", "1", *args],
                           env={"NO_COLOR": "1"})
    return result.exit_code, result.stdout


def test_windows_give_the_reports_of_one_batch(corpus: Path) -> None:
    config = Config(snapshot=corpus / "snap")
    drafts = [(p, config) for p in sorted((corpus / "drafts").rglob("*.md"))]
    tools = pipeline.Collaborators(workers=1)
    whole = pipeline.run_many(drafts, tools)
    assert tuple(pipeline.stream(drafts, tools, window=2)) == whole
    assert [r.draft for r in whole] == [str(p) for p, _ in drafts]


def test_jsonl_is_each_draft_then_the_totals(corpus: Path) -> None:
    code, combined = _check(corpus, "-f", "json")
    code_lines, lines = _check(corpus, "-f", "jsonl")
    assert code == code_lines == 1
    expected = json.loads(combined)
    records = [json.loads(line) for line in lines.splitlines()]
    assert records[:-1] == expected["drafts"]
    assert records[-1] == {"version": 1, "summary": expected["summary"]}
    assert all("\n" not in line for line in lines.splitlines())


def test_output_dir_writes_each_drafts_reports_and_a_summary(corpus: Path,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout = _check(corpus, "-f", "json", "-f", "sarif", "--output-dir", str(out))
    assert code == 1 and stdout == ""
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    drafts = ["a.md", "b.md", "c.md", "sub/d.md", "sub/e.txt"]
    assert names == sorted([*(f"{d}.json" for d in drafts), *(f"{d}.sarif" for d in drafts),
                            "summary.json"])
    summary = json.loads((out / "summary.json").read_text())
    _, combined = _check(corpus, "-f", "json")
    assert summary["summary"] == json.loads(combined)["summary"]
    assert [e["reports"] for e in summary["drafts"]] == [[f"{d}.json", f"{d}.sarif"]
                                                         for d in drafts]
    # Each file is the draft's own report, as checking that draft alone prints it.
    alone = runner.invoke(cli.app, ["check", str(corpus / "drafts" / "sub" / "d.md"),
                                    "--snapshot", str(corpus / "snap"), "-f", "json"])
    assert (out / "sub" / "d.md.json").read_text() == alone.stdout


_REAL_STREAM = pipeline.stream


def _one_then_fail(drafts: list[tuple[Path, Config]], *args: object,
                   **kwargs: object) -> Iterator[Report]:
    yield from _REAL_STREAM(drafts[:1], pipeline.Collaborators(workers=1))
    raise ConfigError("the run stopped")


def test_a_run_that_stops_keeps_the_finished_drafts_without_totals(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.json").write_text('{"stale": true}')  # from an earlier, complete run
    monkeypatch.setattr("factcheck.pipeline.stream", _one_then_fail)
    code, _ = _check(corpus, "-f", "json", "--output-dir", str(out))
    assert code == 2
    assert (out / "a.md.json").is_file() and not (out / "summary.json").exists()
    code, lines = _check(corpus, "-f", "jsonl")
    assert code == 2
    assert [json.loads(line)["draft"] for line in lines.splitlines()] == [
        str(corpus / "drafts" / "a.md")]


@pytest.mark.parametrize("args", [
    ["--output-dir", "OUT", "-o", "x.json"],
    ["--output-dir", "OUT", "-f", "jsonl"],
    ["--cluster", "local:2", "--jobs", "2"],
    ["--cluster", "not-an-address"],
    ["--cluster", "tcp://127.0.0.1:99999"],
    ["--cluster", "local:0"],
])
def test_contradictory_or_bad_flags_are_usage_errors(corpus: Path, tmp_path: Path,
                                                      args: list[str]) -> None:
    args = [a.replace("OUT", str(tmp_path / "out")) for a in args]
    result = runner.invoke(cli.app, ["check", str(corpus / "drafts"), *args])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


@pytest.mark.parametrize(("total", "lines"), [(5, 1), (250, 10)])
def test_draft_count_logs_tenths_of_big_runs(total: int, lines: int) -> None:
    stream = io.StringIO()
    progress = DraftCount(total, terminal=False, stream=stream)
    for _ in range(total):
        progress.draft_done(None)
    written = stream.getvalue().splitlines()
    assert len(written) == lines and written[-1] == f"factcheck: {total} of {total} drafts checked"
