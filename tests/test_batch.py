"""Batch mode: several drafts in one run, directories of drafts, parallel matching.

Everything runs offline from snapshots: the demo snapshot, and a snapshot of
pages from the benchmark's seeded generator written into a temporary folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmarks.perf_corpus import make_draft, make_page
from factcheck import cli, parallel, pipeline
from factcheck.config import Config
from factcheck.fetch import save_snapshot
from factcheck.models import Fetched, Report, Verdict

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "fixtures" / "demo"
BASE = "https://news.example.org"
runner = CliRunner()

PASSING = """Harbor AI has released Tern-2, its second-generation language model, to developers \
through a public API [1].

## References

[1] Harbor AI Blog — Introducing Tern-2 — https://harbor-ai.example.com/blog/introducing-tern-2
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three generated drafts sharing twelve generated pages, and their snapshot."""
    folder = tmp_path_factory.mktemp("corpus")
    pages = [make_page(1, i) for i in range(12)]
    fetched = {
        BASE + p.path: Fetched(url=BASE + p.path, final_url=BASE + p.path, http_status=200,
                               content_type="text/html; charset=utf-8", body=p.html.encode())
        for p in pages
    }
    save_snapshot(fetched, folder / "snap")
    for seed, (claims, sources) in enumerate([(30, 12), (20, 8), (12, 12)]):
        (folder / f"d{seed}.md").write_text(make_draft(seed + 1, claims, sources, BASE),
                                            encoding="utf-8")
    return folder


def _config(corpus: Path) -> Config:
    return Config(snapshot=corpus / "snap")


def _drafts(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("d*.md"))


def _verdicts(report: Report) -> list[tuple[str, Verdict, float | None]]:
    return [(r.claim.id, r.verdict, r.score) for r in report.results]


def test_batch_results_equal_each_draft_checked_alone(corpus: Path) -> None:
    config = _config(corpus)
    paths = _drafts(corpus)
    together = pipeline.run_many([(p, config) for p in paths],
                                 pipeline.Collaborators(workers=1))
    assert [r.draft for r in together] == [str(p) for p in paths]
    for path, report in zip(paths, together, strict=True):
        alone = pipeline.run(path, config, pipeline.Collaborators(workers=1))
        assert _verdicts(report) == _verdicts(alone)
        assert report == alone
    verdicts = {r.verdict for report in together for r in report.results}
    assert Verdict.SUPPORTED in verdicts and Verdict.NOT_SUPPORTED in verdicts


_REAL_ASSESS = parallel.assess_shard
_PIDS_DIR: dict[str, Path] = {}


def _recording(*args: object) -> object:
    (_PIDS_DIR["dir"] / f"pid-{os.getpid()}").touch()
    return _REAL_ASSESS(*args)  # type: ignore[arg-type]


def test_parallel_matching_equals_serial(corpus: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    config = _config(corpus)
    drafts = [(p, config) for p in _drafts(corpus)]
    serial = pipeline.run_many(drafts, pipeline.Collaborators(workers=1))
    # Workers are forked, so they inherit the wrapper that records which process assessed.
    monkeypatch.setattr(parallel, "assess_shard", _recording)
    monkeypatch.setitem(_PIDS_DIR, "dir", tmp_path)
    pooled = pipeline.run_many(drafts, pipeline.Collaborators(workers=2))
    assert pooled == serial
    pids = {int(p.name.split("-")[1]) for p in tmp_path.glob("pid-*")}
    assert pids and os.getpid() not in pids


def test_shards_keep_claims_of_one_source_together() -> None:
    from factcheck.models import Document

    docs = {u: Document(title=None, paragraphs=(u * 50,)) for u in "abcde"}
    jobs = [((f"claim {i}", ()), (f"claim {i}", refs)) for i, refs in enumerate([
        (("1", "a"),), (("1", "a"),), (("2", "b"), ("3", "c")), (("3", "c"),),
        (("4", "d"),), (("5", "e"),),
    ])]
    shards = parallel._shards(jobs, parallel.text_sizes(docs), 2)  # type: ignore[arg-type]
    assert len(shards) == 2
    where = {url: i for i, shard in enumerate(shards) for _, (_, refs) in shard
             for _, url in refs}
    assert where["b"] == where["c"]
    assert sorted(len(s) for s in shards) == [3, 3]
    assert sum(len(s) for s in shards) == len(jobs)


def _invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli.app, ["check", *args], env={"NO_COLOR": "1"})
    return result.exit_code, result.stdout


def test_directory_finds_markdown_and_text_drafts(tmp_path: Path) -> None:
    for name in ("a.md", "b.markdown", "sub/c.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(PASSING, encoding="utf-8")
    (tmp_path / "notes.rtf").write_text(PASSING, encoding="utf-8")
    (tmp_path / ".drafts").mkdir()
    (tmp_path / ".drafts" / "old.md").write_text(PASSING, encoding="utf-8")
    code, out = _invoke(str(tmp_path), "--snapshot", str(DEMO / "snapshot"), "-f", "json")
    data = json.loads(out)
    names = [Path(d["draft"]).relative_to(tmp_path).as_posix() for d in data["drafts"]]
    assert names == ["a.md", "b.markdown", "sub/c.txt"]
    assert code == 0 and data["summary"]["passed"] is True and data["summary"]["drafts"] == 3
    # The .rtf file is not passed over silently: listed with its reason, never as passed.
    assert [Path(s["path"]).name for s in data["summary"]["skipped"]] == ["notes.rtf"]


def test_failing_draft_among_passing_ones_exits_1(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text(PASSING, encoding="utf-8")
    code, out = _invoke(str(good), str(DEMO / "draft.md"), str(good),
                        "--snapshot", str(DEMO / "snapshot"), "-f", "json")
    assert code == 1
    data = json.loads(out)
    assert [d["summary"]["passed"] for d in data["drafts"]] == [True, False]
    assert data["summary"]["failed_drafts"] == [str(DEMO / "draft.md")]
    assert data["summary"]["passed"] is False
    assert data["summary"]["claims"] == sum(d["summary"]["claims"] for d in data["drafts"])
    code, _ = _invoke(str(good), str(DEMO / "draft.md"), "--snapshot",
                      str(DEMO / "snapshot"), "--warn-only")
    assert code == 0


def test_batch_json_wraps_the_single_draft_report(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text(PASSING, encoding="utf-8")
    snapshot = ("--snapshot", str(DEMO / "snapshot"), "-f", "json")
    _, single = _invoke(str(DEMO / "draft.md"), *snapshot)
    code, batch = _invoke(str(DEMO / "draft.md"), str(good), *snapshot)
    assert code == 1
    data = json.loads(batch)
    assert data["version"] == 1
    assert data["drafts"][0] == json.loads(single)
    assert "drafts" not in json.loads(single)


def test_terminal_shows_each_draft_then_a_combined_line(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text(PASSING, encoding="utf-8")
    code, out = _invoke(str(DEMO / "draft.md"), str(good), "--snapshot", str(DEMO / "snapshot"))
    assert code == 1
    first, second = out.index(str(DEMO / "draft.md")), out.index(str(good))
    last = out.rstrip("\n").splitlines()[-1]
    assert first < second < out.index(last)
    assert last.startswith("FAIL") and "2 drafts" in last


def test_missing_path_among_drafts_is_a_one_line_exit_2(tmp_path: Path) -> None:
    import subprocess
    import sys

    good = tmp_path / "good.md"
    good.write_text(PASSING, encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "factcheck", "check", str(good), str(tmp_path / "nope.md"),
         "--snapshot", str(DEMO / "snapshot")],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 2 and proc.stdout == ""
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "nope.md" in lines[0]


def test_empty_directory_is_a_one_line_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(cli.app, ["check", str(tmp_path), str(tmp_path)])
    assert result.exit_code == 2


def test_every_format_combines_the_drafts(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    good = tmp_path / "good.md"
    good.write_text(PASSING, encoding="utf-8")
    out = tmp_path / "reports"
    args = [str(DEMO / "draft.md"), str(good), "--snapshot", str(DEMO / "snapshot"), "-o", str(out)]
    for fmt in cli.Format:
        args += ["-f", fmt.value]
    code, _ = _invoke(*args)
    assert code == 1
    sarif = json.loads((out / "report.sarif").read_text())
    assert [r["artifacts"][0]["location"]["uri"].endswith(n) for r, n in
            zip(sarif["runs"], ("draft.md", "good.md"), strict=True)] == [True, True]
    junit = ET.fromstring((out / "report.junit.xml").read_text())
    suites = junit.findall("testsuite")
    assert len(suites) == 2
    assert junit.get("tests") == str(sum(int(s.get("tests", "0")) for s in suites))
    html = (out / "report.html").read_text()
    assert html.count('<section class="draft">') == 2 and html.count("<script>") == 1
    for name in ("report.txt", "report.md", "report.github.txt"):
        text = (out / name).read_text()
        assert str(good) in text and "2 drafts" in text.rstrip().splitlines()[-1]
