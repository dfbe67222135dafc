"""The package as users get it: the built wheel in a fresh venv, and the GitHub Action's steps.

One fresh virtual environment is made for the module: the wheel is built from
a copy of the sources, installed with its dependencies, and the README's demo
runs from it. Then every step of ``action.yml`` runs as a runner would run it:
``run`` steps verbatim in bash with their ``env`` (expressions filled in from
the inputs, ``GITHUB_OUTPUT`` read back), ``setup-python`` as the fresh venv on
``PATH``, and ``upload-sarif`` as a check that the file it would upload is a
valid SARIF log.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "fixtures" / "demo"
DISTRIBUTION = "factcheck-drafts"
SOURCES = ("pyproject.toml", "README.md", "action.yml", "factcheck")


@pytest.fixture(scope="module")
def action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Path]]:
    """(copy of the sources, the built wheel, a fresh venv with the wheel installed)."""
    work = tmp_path_factory.mktemp("package")
    source = work / "src"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    dist = work / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist),
          str(source)])
    (wheel,) = dist.glob("*.whl")
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)])
    yield source, wheel, venv


def _run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)
    assert proc.returncode == 0, (command, proc.stdout[-2000:], proc.stderr[-2000:])
    return proc


def test_action_is_a_composite_action_with_safe_scripts(action: dict[str, Any]) -> None:
    assert action["runs"]["using"] == "composite"
    assert {"drafts", "args", "sarif-file", "upload-sarif", "fail"} <= set(action["inputs"])
    uses = [s["uses"].split("@")[0] for s in action["runs"]["steps"] if "uses" in s]
    assert uses == ["actions/setup-python", "github/codeql-action/upload-sarif"]
    for step in action["runs"]["steps"]:
        # Inputs reach scripts as environment variables, never pasted into the script text.
        assert "${{" not in step.get("run", ""), step["name"]


def test_extras_name_this_distribution() -> None:
    """An extra that names "factcheck[...]" would install the unrelated project of that name."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == DISTRIBUTION and "urls" not in project
    for extra in project["optional-dependencies"].values():
        for requirement in extra:
            name = re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0]
            assert name != "factcheck", requirement


def test_wheel_metadata(installed: tuple[Path, Path, Path]) -> None:
    _, wheel, venv = installed
    assert wheel.name.startswith("factcheck_drafts-")
    with zipfile.ZipFile(wheel) as archive:
        meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(meta).decode()
    assert f"Name: {DISTRIBUTION}\n" in metadata
    assert "Homepage" not in metadata and "Home-page" not in metadata
    assert (venv / "bin" / "factcheck").is_file()


def test_installed_wheel_runs_the_demo(installed: tuple[Path, Path, Path],
                                       tmp_path: Path) -> None:
    _, _, venv = installed
    env = {**_clean_env(), "NO_COLOR": "1"}
    proc = subprocess.run(
        [str(venv / "bin" / "factcheck"), "check", str(DEMO / "draft.md"), "--snapshot",
         str(DEMO / "snapshot"), "-f", "json"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert proc.returncode == 1, proc.stderr  # the demo holds failing claims
    report = json.loads(proc.stdout)
    verdicts = {c["verdict"] for c in report["claims"]}
    assert {"supported", "not_supported"} <= verdicts
    # The installed package is the one that ran, not the source tree.
    where = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import factcheck; print(factcheck.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert str(venv) in where.stdout


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("FACTCHECK_", "PYTHONPATH", "VIRTUAL_ENV"))}


_EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _evaluate(text: str, context: dict[str, str]) -> str:
    return _EXPR.sub(lambda m: context[m.group(1)], text)


def test_action_steps_check_the_demo(action: dict[str, Any],
                                     installed: tuple[Path, Path, Path],
                                     tmp_path: Path) -> None:
    source, _, venv = installed
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    inputs["drafts"] = "fixtures/demo/draft.md"
    inputs["args"] = "--snapshot fixtures/demo/snapshot"
    workspace = tmp_path / "workspace"
    shutil.copytree(DEMO, workspace / "fixtures" / "demo")
    context = {f"inputs.{k}": v for k, v in inputs.items()}
    context["github.action_path"] = str(source)
    outputs: dict[str, dict[str, str]] = {}
    env = {**_clean_env(), "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
           "NO_COLOR": "1"}
    logs: dict[str, subprocess.CompletedProcess[str]] = {}
    for step in action["runs"]["steps"]:
        uses = step.get("uses", "")
        if uses.startswith("actions/setup-python"):
            continue  # the fresh venv, first on PATH, is the Python it sets up
        if uses.startswith("github/codeql-action/upload-sarif"):
            _check_sarif(workspace / _evaluate(step["with"]["sarif_file"], context))
            continue
        github_output = tmp_path / f"output-{len(logs)}"
        github_output.touch()
        step_env = {k: _evaluate(str(v), context) for k, v in step.get("env", {}).items()}
        proc = subprocess.run(["bash", "-e", "-c", step["run"]], capture_output=True, text=True,
                              cwd=workspace, timeout=600,
                              env={**env, **step_env, "GITHUB_OUTPUT": str(github_output)})
        logs[step["name"]] = proc
        if "id" in step:
            pairs = (line.split("=", 1) for line in github_output.read_text().splitlines())
            outputs[step["id"]] = dict(pairs)
            context.update({f"steps.{step['id']}.outputs.{k}": v
                            for k, v in outputs[step["id"]].items()})
    assert logs["Install factcheck"].returncode == 0, logs["Install factcheck"].stderr
    check = logs["Check drafts"]
    assert check.returncode == 0, check.stderr  # the step records the code, the last one fails
    assert outputs["check"]["exit-code"] == "1"
    assert re.search(r"^::error file=fixtures/demo/draft\.md,line=\d+", check.stdout, re.M)
    assert logs["Fail when a draft fails"].returncode == 1


def _check_sarif(path: Path) -> None:
    log = json.loads(path.read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0" and log["runs"][0]["results"]
    schema = Path(os.environ.get("SARIF_SCHEMA_PATH",
                                 ROOT / ".cache" / "schemas" / "sarif-2.1.0-rtm.5.json"))
    if schema.is_file():
        import jsonschema

        jsonschema.validate(log, json.loads(schema.read_text(encoding="utf-8")))
