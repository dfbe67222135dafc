"""``check --format/--output`` for several formats at once, and ``factcheck init``."""

from __future__ import annotations

import json
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck import cli
from factcheck.config import Config, load_config
from factcheck.init import STARTER
from factcheck.models import Report
from tests.report_fixtures import rich_report

runner = CliRunner()


@pytest.fixture(autouse=True)
def fixed_report(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_stream(drafts: list[tuple[Path, Config]], *args: object,
                    **kwargs: object) -> Iterator[Report]:
        for _ in drafts:
            yield rich_report()

    monkeypatch.setattr("factcheck.pipeline.stream", fake_stream)


def check(tmp_path: Path, *args: str) -> tuple[int, str]:
    draft = tmp_path / "draft.md"
    draft.write_text("x\n")
    result = runner.invoke(cli.app, ["check", str(draft), *args])
    return result.exit_code, result.stdout


def test_single_format_to_a_file_as_before(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    code, stdout = check(tmp_path, "-f", "json", "-o", str(out))
    assert code == 1 and stdout == ""
    assert json.loads(out.read_text())["summary"]["passed"] is False


def test_single_format_to_stdout(tmp_path: Path) -> None:
    code, stdout = check(tmp_path, "--format", "github")
    assert code == 1 and stdout.startswith("::error ")


def test_one_output_per_format(tmp_path: Path) -> None:
    sarif, junit = tmp_path / "a.sarif", tmp_path / "j.xml"
    code, _ = check(tmp_path, "-f", "sarif", "-o", str(sarif), "-f", "junit", "-o", str(junit))
    assert code == 1
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    # The demo's two failing claims, and its claim left unchecked (which fails the draft).
    assert ET.fromstring(junit.read_text()).get("failures") == "3"


def test_dash_sends_one_format_to_stdout_and_others_to_files(tmp_path: Path) -> None:
    junit = tmp_path / "j.xml"
    code, stdout = check(tmp_path, "-f", "github", "-o", "-", "-f", "junit", "-o", str(junit))
    assert code == 1 and stdout.startswith("::error ") and junit.is_file()


def test_output_directory_gets_report_per_format(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    code, stdout = check(tmp_path, "-f", "markdown", "-f", "html", "-f", "json", "-o", str(folder))
    assert code == 1 and stdout == ""
    assert sorted(p.name for p in folder.iterdir()) == ["report.html", "report.json", "report.md"]


def test_same_format_to_two_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    check(tmp_path, "-f", "json", "-o", str(a), "-f", "json", "-o", str(b))
    assert a.read_text() == b.read_text() != ""


def test_existing_directory_with_one_format(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    check(tmp_path, "-f", "sarif", "-o", str(folder))
    assert (folder / "report.sarif").is_file()


def test_mismatched_outputs_exit_2_with_one_line(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("x\n")
    result = runner.invoke(cli.app, ["check", str(draft), "-f", "json", "-f", "html"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "--output" in result.stderr


def test_warn_only_still_writes_every_report(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    code, _ = check(tmp_path, "--warn-only", "-f", "junit", "-f", "github", "-o", str(folder))
    assert code == 0 and len(list(folder.iterdir())) == 2


def test_init_writes_a_starter_that_loads_to_the_defaults(tmp_path: Path) -> None:
    result = runner.invoke(cli.app, ["init", str(tmp_path)])
    assert result.exit_code == 0
    written = tmp_path / ".factcheck.toml"
    assert written.read_text() == STARTER
    assert load_config(None, config_file=written, environ={}) == Config()


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "custom.toml"
    target.write_text("timeout = 3\n")
    refused = runner.invoke(cli.app, ["init", str(target)])
    assert refused.exit_code == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert target.read_text() == "timeout = 3\n"
    forced = runner.invoke(cli.app, ["init", str(target), "--force"])
    assert forced.exit_code == 0 and target.read_text() == STARTER


def test_starter_names_every_setting() -> None:
    tomllib.loads(STARTER)
    for f in fields(Config):
        assert f"{f.name} =" in STARTER, f.name


def test_configuration_doc_lists_every_setting() -> None:
    doc = (Path(__file__).parent.parent / "docs" / "configuration.md").read_text()
    for f in fields(Config):
        assert f"| `{f.name}` |" in doc, f.name
        assert f"FACTCHECK_{f.name.upper()}" in doc, f.name
