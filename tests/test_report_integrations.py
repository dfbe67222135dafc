"""The shipped integrations work as documented: pre-commit hook, CI workflow's SARIF merge."""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from factcheck.report import OutputFormat, get_reporter
from tests.report_fixtures import rich_report
from tests.sarif_schema import sarif_schema_path

ROOT = Path(__file__).parent.parent


def hook() -> dict[str, str]:
    lines = (ROOT / ".pre-commit-hooks.yaml").read_text().splitlines()
    pairs = (re.match(r"^-? *(\w+): (.*)$", ln) for ln in lines if not ln.lstrip().startswith("#"))
    return {m[1]: m[2] for m in pairs if m}


def test_pre_commit_hook_runs_check_on_drafts() -> None:
    h = hook()
    assert h["id"] == "factcheck" and h["entry"] == "factcheck check"
    files = re.compile(h["files"])
    assert all(files.search(p) for p in ("posts/a.md", "b.markdown", "notes/c.txt"))
    assert not any(files.search(p) for p in ("factcheck/cli.py", "a.mdx", "report.html"))


def workflow_python() -> str:
    text = (ROOT / "docs" / "ci.md").read_text()
    m = re.search(r"shell: python\n\s+run: \|\n((?:          .*\n|\n)+)", text)
    assert m, "the workflow's SARIF merge step is missing from docs/ci.md"
    return textwrap.dedent(m[1])


def test_workflow_merges_sarif_logs_into_one_valid_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    sarif = get_reporter(OutputFormat.SARIF)
    (reports / "a.sarif").write_text(sarif.render(rich_report()))
    (reports / "b.sarif").write_text(sarif.render(replace(rich_report(), draft="posts/other.md")))
    monkeypatch.chdir(tmp_path)
    exec(compile(workflow_python(), "docs/ci.md", "exec"), {})
    merged = json.loads((tmp_path / "factcheck.sarif").read_text())
    per_draft = len(json.loads(sarif.render(rich_report()))["runs"][0]["results"])
    assert len(merged["runs"]) == 1 and len(merged["runs"][0]["results"]) == 2 * per_draft
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in merged["runs"][0]["results"]}
    assert uris == {"posts/tern-2.md", "posts/other.md"}
    schema = json.loads(sarif_schema_path().read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    assert list(validator.iter_errors(merged)) == []
