"""Settings precedence: defaults < config file < environment < flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.config import Config, find_config_file, load_config
from factcheck.errors import ConfigError
from factcheck.models import Verdict


def test_defaults_are_valid() -> None:
    config = Config()
    assert config.partial_threshold <= config.supported_threshold
    assert config.fail_on == {Verdict.NOT_SUPPORTED, Verdict.CITATION_MISSING}


def test_precedence(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.factcheck]\ntimeout = 3\nretries = 5\nfail-on = ['needs_citation']\n")
    sub = tmp_path / "posts"
    sub.mkdir()
    draft = sub / "d.md"
    draft.write_text("x")
    config = load_config(draft, {"retries": 1}, environ={"FACTCHECK_TIMEOUT": "7"})
    assert config.timeout == 7.0          # env beats file
    assert config.retries == 1            # flag beats file
    assert config.fail_on == {Verdict.NEEDS_CITATION}  # file beats default


def test_dot_file_wins_over_pyproject_in_same_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.factcheck]\ntimeout = 3\n")
    (tmp_path / ".factcheck.toml").write_text("timeout = 4\n")
    assert find_config_file(tmp_path / "d.md") == tmp_path / ".factcheck.toml"
    assert load_config(tmp_path / "d.md", environ={}).timeout == 4.0


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    found = find_config_file(tmp_path / "d.md")
    assert found is None or found.parent != tmp_path


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("timeout = 'soon'\n", "timeout"),
        ("colour = true\n", "colour"),
        ("fail_on = ['maybe']\n", "fail_on"),
        ("supported_threshold = 0.1\npartial_threshold = 0.9\n", "threshold"),
        ("timeout = [\n", "cannot read"),
    ],
)
def test_bad_settings_raise_config_error(tmp_path: Path, content: str, needle: str) -> None:
    (tmp_path / ".factcheck.toml").write_text(content)
    with pytest.raises(ConfigError, match=needle):
        load_config(tmp_path / "d.md", environ={})


def test_missing_explicit_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(None, config_file=tmp_path / "nope.toml", environ={})


def test_explicit_config_that_is_a_directory_says_so(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a directory, not a settings file"):
        load_config(None, config_file=tmp_path, environ={})


def test_a_directory_named_like_the_settings_file_is_not_skipped(tmp_path: Path) -> None:
    (tmp_path / ".factcheck.toml").mkdir()
    (tmp_path / "sub").mkdir()
    with pytest.raises(ConfigError, match=r"\.factcheck\.toml is not a settings file"):
        load_config(tmp_path / "sub" / "d.md", environ={})


def test_found_config_file_cannot_loosen_safety(tmp_path: Path) -> None:
    (tmp_path / ".factcheck.toml").write_text("allow_private = true\n")
    with pytest.raises(ConfigError, match="allow_private"):
        load_config(tmp_path / "d.md", environ={})
    explicit = load_config(tmp_path / "d.md", config_file=tmp_path / ".factcheck.toml",
                           environ={})
    assert explicit.allow_private is True
    clean = tmp_path / "clean"
    (clean / ".factcheck.toml").parent.mkdir()
    (clean / ".factcheck.toml").write_text("timeout = 5\n")
    assert load_config(clean / "d.md", {"allow_private": True}, environ={}).allow_private
    assert load_config(clean / "d.md", environ={"FACTCHECK_ALLOW_PRIVATE": "1"}).allow_private


def test_found_config_file_may_not_set_private_even_with_env(tmp_path: Path) -> None:
    (tmp_path / ".factcheck.toml").write_text("allow_private = true\n")
    with pytest.raises(ConfigError):
        load_config(tmp_path / "d.md", environ={"FACTCHECK_ALLOW_PRIVATE": "0"})


def test_relative_paths_are_relative_to_the_config_file(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / ".factcheck.toml").write_text('snapshot = "sources"\ncache_dir = "cache"\n')
    monkeypatch.chdir("/")
    # cache_dir takes a trusted file: one named with --config.
    config = load_config(tmp_path / "posts" / "d.md", environ={},
                         config_file=tmp_path / ".factcheck.toml")
    assert config.snapshot == tmp_path / "sources"
    assert config.cache_dir == tmp_path / "cache"
    with pytest.raises(ConfigError, match="cache_dir"):
        load_config(tmp_path / "posts" / "d.md", environ={})


@pytest.mark.parametrize("name", ["timeout", "max_bytes", "retry_backoff", "min_score"])
def test_non_finite_numbers_are_refused(name: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Config().with_overrides(**{name: float("nan")})


def test_check_worthiness_settings_reach_the_splitter(tmp_path: Path) -> None:
    from factcheck.pipeline import Collaborators, run

    (tmp_path / ".factcheck.toml").write_text(
        "check_worthy_signals = ['percentage']\n"
        "check_worthy_patterns = {hedge = '\\breportedly\\b'}\n")
    draft = tmp_path / "d.md"
    draft.write_text("Acme employs 300 people.\n\nSales reportedly doubled.\n\n"
                     "Margins rose 5% in March.\n")
    config = load_config(draft, environ={})
    assert config.check_worthy_patterns == (("hedge", r"\breportedly\b"),)
    report = run(draft, config, Collaborators(workers=1))
    needs = {r.claim.text: r.claim.check_worthy for r in report.results}
    assert needs == {"Sales reportedly doubled.": ("hedge",),
                     "Margins rose 5% in March.": ("percentage",)}


def test_unknown_signal_or_bad_pattern_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="numbers"):
        Config(check_worthy_signals=("numbers",))
    with pytest.raises(ConfigError, match="hedge"):
        Config(check_worthy_patterns=(("hedge", "([unclosed"),))


def test_other_factcheck_variables_are_ignored(tmp_path: Path) -> None:
    config = load_config(tmp_path / "d.md", environ={"FACTCHECK_TOKEN": "s3cret",
                                                      "FACTCHECK_RETRIES": "4"})
    assert config.retries == 4


@pytest.mark.parametrize("content", ["concurrency = 2.7\n", "timeout = true\n",
                                     "retries = false\n"])
def test_numbers_are_not_silently_truncated_or_taken_from_booleans(
    tmp_path: Path, content: str
) -> None:
    (tmp_path / ".factcheck.toml").write_text(content)
    with pytest.raises(ConfigError, match="invalid value"):
        load_config(tmp_path / "d.md", environ={})
