"""A run never looks better than the truth: cache safety and freshness, no silent passes,
inline links, snapshots that add up, draft encodings, messages with a next step.

Everything goes through the CLI against the real local server (tests/server.py);
the CLI runs in this process (typer's runner) so spaCy loads once per worker.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from factcheck import cli
from tests.server import FixtureServer

runner = CliRunner()

PAGE = """<html><head><title>Harbour Board approves ferries</title></head><body><article>
<h1>Harbour Board approves electric ferries</h1>
<p>The Kestrel Bay Harbour Board voted on 11 March 2026 to buy two electric ferries.</p>
<p>Each vessel will carry up to {n} passengers and 24 cars.</p>
</article></body></html>"""


def fc(*args: str, cwd: Path | None = None, columns: int | None = None) -> Result:
    """``factcheck ARGS`` in this process, without the caller's FACTCHECK_* settings;
    ``columns`` widens the terminal, so a line holding a long temporary path is not
    wrapped inside the path."""
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("FACTCHECK_")}
    env["NO_COLOR"] = "1"
    if columns is not None:
        env["COLUMNS"] = str(columns)
    if cwd is not None:
        old = Path.cwd()
        os.chdir(cwd)
    try:
        return runner.invoke(cli.app, list(args), env=env)
    finally:
        if cwd is not None:
            os.chdir(old)


def draft(folder: Path, body: str, name: str = "draft.md") -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def ferry_draft(folder: Path, url: str, passengers: int = 180) -> Path:
    return draft(folder, f"# Ferries\n\nEach ferry will carry {passengers} passengers and 24 "
                 f"cars [1].\n\n## References\n\n1. {url}\n")


def report(result: Result) -> dict:
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


# --------------------------------------------------------------------------- cache


def test_a_private_page_cached_by_an_allow_private_run_is_refused_without_it(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.pages["private"] = PAGE.format(n=180)
    path = ferry_draft(tmp_path, fixture_server.url("/mutable/private"))
    cache = str(tmp_path / "cache")
    trusted = report(fc("check", str(path), "--cache-dir", cache, "--allow-private", "-f", "json"))
    assert trusted["sources"][0]["status"] == "ok"
    requests = fixture_server.count("/mutable/private")
    for extra in ((), ("--offline",)):
        plain = report(fc("check", str(path), "--cache-dir", cache, "-f", "json", *extra))
        source = plain["sources"][0]
        assert source["reason"] == "blocked", extra
        assert "--allow-private" in source["error"]
        assert plain["claims"][0]["verdict"] == "source_unavailable"
    assert fixture_server.count("/mutable/private") == requests  # refused before any socket
    again = report(fc("check", str(path), "--cache-dir", cache, "--allow-private", "-f", "json"))
    assert again["sources"][0]["status"] == "ok"  # the entry is kept for trusted runs


def test_an_edited_page_is_seen_after_refresh_with_its_fetch_time(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.pages["edited"] = PAGE.format(n=180)
    path = ferry_draft(tmp_path, fixture_server.url("/mutable/edited"), passengers=200)
    cache = str(tmp_path / "cache")
    base = ("check", str(path), "--cache-dir", cache, "--allow-private", "-f", "json")
    first = report(fc(*base))
    assert first["claims"][0]["verdict"] == "not_supported"
    assert first["sources"][0]["origin"] == "network"
    fetched_first = first["sources"][0]["fetched_at"]
    assert fetched_first and fetched_first.endswith("Z")
    fixture_server.pages["edited"] = PAGE.format(n=200)
    refreshed = report(fc(*base, "--refresh"))
    assert refreshed["claims"][0]["verdict"] == "supported"
    assert refreshed["sources"][0]["origin"] == "network"
    assert refreshed["sources"][0]["fetched_at"] >= fetched_first
    # --refresh replaced the cached copy: an offline run now reads the edited page.
    offline = report(fc(*base, "--offline"))
    assert offline["claims"][0]["verdict"] == "supported"
    assert offline["sources"][0]["origin"] == "cache"


def test_a_page_with_a_validator_is_revalidated_before_max_age(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.pages["validated"] = PAGE.format(n=180)
    path = ferry_draft(tmp_path, fixture_server.url("/mutable/validated"), passengers=200)
    base = ("check", str(path), "--cache-dir", str(tmp_path / "c"), "--allow-private",
            "-f", "json")
    assert report(fc(*base))["claims"][0]["verdict"] == "not_supported"
    unchanged = report(fc(*base))
    assert unchanged["sources"][0]["origin"] == "revalidated"
    assert fixture_server.headers_for("/mutable/validated")[-1].get("if-none-match")
    fixture_server.pages["validated"] = PAGE.format(n=200)
    edited = report(fc(*base))  # no --refresh: the ETag no longer matches
    assert edited["claims"][0]["verdict"] == "supported"
    assert edited["sources"][0]["origin"] == "network"


def test_no_cache_neither_reads_nor_writes(tmp_path: Path, fixture_server: FixtureServer) -> None:
    fixture_server.pages["nocache"] = PAGE.format(n=180)
    path = ferry_draft(tmp_path, fixture_server.url("/mutable/nocache"))
    cache = tmp_path / "cache"
    fc("check", str(path), "--cache-dir", str(cache), "--allow-private", "--no-cache")
    assert not cache.exists()


# --------------------------------------------------------------------------- no silent passes


def test_empty_no_prose_and_unknown_type_drafts_named_are_usage_errors(tmp_path: Path) -> None:
    cases = {
        "empty.md": "",
        "blank.txt": "\n\n   \n",
        "code.md": "```\nx = [1]\n```\n",
        "page.html": "<html><body><nav><a href='/'>Home</a></nav></body></html>",
        "notes.docx": "not really a Word file",
        "notes.rtf": "{\\rtf1 The ferry carries 180 people.}",
    }
    for name, body in cases.items():
        result = fc("check", str(draft(tmp_path, body, name)))
        assert result.exit_code == 2, (name, result.output)
        assert result.stdout == ""
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("factcheck: error:"), (name, lines)


def test_a_folder_lists_and_counts_skipped_files_and_never_passes_them(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    fixture_server.pages["folder"] = PAGE.format(n=180)
    ferry_draft(posts, fixture_server.url("/mutable/folder"))
    draft(posts, "", "empty.md")
    draft(posts, "{\\rtf1 story}", "story.rtf")
    draft(posts, "binary-ish", "notes.docx")
    args = ("check", str(posts), "--cache-dir", str(tmp_path / "c"), "--allow-private")
    terminal = fc(*args)
    assert terminal.exit_code == 0, terminal.output
    last = terminal.stdout.strip().splitlines()[-1]
    assert "1 drafts checked: 1 passed" in last
    assert "3 files skipped" in last
    for name in ("empty.md", "story.rtf", "notes.docx"):
        assert f"skipped {posts / name}:" in terminal.stdout
    summary = report(fc(*args, "-f", "json"))["summary"]
    assert summary["drafts"] == 1
    reasons = {Path(s["path"]).name: s["reason"] for s in summary["skipped"]}
    assert set(reasons) == {"empty.md", "story.rtf", "notes.docx"}
    assert "empty" in reasons["empty.md"] and ".rtf" in reasons["story.rtf"]


def test_a_folder_of_nothing_checkable_is_a_usage_error(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    draft(posts, "", "empty.md")
    draft(posts, "{\\rtf1 x}", "a.rtf")
    result = fc("check", str(posts))
    assert result.exit_code == 2
    assert "empty.md" in result.stderr or "a.rtf" in result.stderr


def test_a_draft_with_facts_and_no_citation_at_all_fails_by_default(tmp_path: Path) -> None:
    path = draft(tmp_path, "# Ferry\n\nThe ferry carries 180 passengers and cost 14.2 million "
                 "pounds in 2026.\n")
    gate = fc("check", str(path), "--cache-dir", str(tmp_path / "c"), "-f", "json")
    assert gate.exit_code == 1
    data = json.loads(gate.stdout)
    assert data["summary"]["uncited"] is True and data["summary"]["passed"] is False
    assert data["problems"][0]["kind"] == "no_references"
    terminal = fc("check", str(path), "--cache-dir", str(tmp_path / "c"))
    assert "Nothing was checked: the draft cites no source" in terminal.stdout
    assert fc("check", str(path), "--warn-only").exit_code == 0


# --------------------------------------------------------------------------- inline links


def test_a_draft_mixing_bracket_citations_and_inline_links_checks_both(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.pages["inline"] = PAGE.format(n=180)
    fixture_server.pages["bracket"] = PAGE.format(n=180).replace("two electric", "three diesel")
    inline, bracket = fixture_server.url("/mutable/inline"), fixture_server.url("/mutable/bracket")
    path = draft(tmp_path, (
        "# Ferries\n\n"
        f"According to the [Harbour Board]({inline}), each vessel will carry up to 180 "
        "passengers.\n"
        f'The <a href="{inline}">board</a> voted on 11 March 2026 to buy two electric ferries.\n'
        "The board voted on 11 March 2026 to buy two electric ferries [1].\n"
        f"Read the [full notice]({fixture_server.url('/mutable/missing')}).\n\n"
        f"Related: [Timetable]({fixture_server.url('/mutable/timetable')})\n\n"
        f"## References\n\n1. {bracket}\n"))
    data = report(fc("check", str(path), "--cache-dir", str(tmp_path / "c"), "--allow-private",
                     "-f", "json"))
    by_line = {c["line"]: c for c in data["claims"]}
    assert by_line[3]["citations"] == ["L1"] and by_line[3]["verdict"] == "supported"
    assert by_line[4]["citations"] == ["L1"] and by_line[4]["verdict"] == "supported"
    assert by_line[5]["citations"] == ["1"] and by_line[5]["verdict"] == "not_supported"
    assert set(by_line) == {3, 4, 5}  # the "Read the..." and "Related:" links are navigation
    sources = {s["id"]: s for s in data["sources"]}
    assert sources["L1"]["url"] == inline and sources["L1"]["status"] == "ok"
    assert sources["1"]["status"] == "ok"
    assert not [p for p in data["problems"] if p["kind"] == "no_references"]


# --------------------------------------------------------------------------- snapshots


def test_two_fetch_runs_into_one_snapshot_keep_every_url(
    tmp_path: Path, fixture_server: FixtureServer
) -> None:
    fixture_server.pages["snap-a"] = PAGE.format(n=180)
    fixture_server.pages["snap-b"] = PAGE.format(n=180)
    a = ferry_draft(tmp_path, fixture_server.url("/mutable/snap-a"))
    b = draft(tmp_path, f"The [board]({fixture_server.url('/mutable/snap-b')}) voted on 11 "
              "March 2026 to buy two electric ferries.\n", "b.md")
    snap = tmp_path / "snap"
    common = ("--snapshot", str(snap), "--cache-dir", str(tmp_path / "c"), "--allow-private")
    assert fc("fetch", str(a), *common).exit_code == 0
    second = fc("fetch", str(b), *common)
    assert second.exit_code == 0, second.output
    urls = {s["url"] for s in json.loads((snap / "manifest.json").read_text())["sources"]}
    assert urls == {fixture_server.url("/mutable/snap-a"), fixture_server.url("/mutable/snap-b")}
    # A saved source is kept, not fetched again, unless --refresh.
    before = fixture_server.count("/mutable/snap-a")
    assert fc("fetch", str(a), str(b), *common).exit_code == 0
    assert fixture_server.count("/mutable/snap-a") == before
    assert fc("fetch", str(tmp_path), *common, "--refresh").exit_code == 0
    assert fixture_server.count("/mutable/snap-a") == before + 1
    checked = report(fc("check", str(a), str(b), "--snapshot", str(snap), "-f", "json"))
    for one in checked["drafts"]:
        assert [s["origin"] for s in one["sources"]] == ["snapshot"]
        assert one["summary"]["passed"]


def test_a_snapshot_folder_without_manifest_says_how_to_make_one(tmp_path: Path) -> None:
    path = ferry_draft(tmp_path, "https://example.org/a")
    (tmp_path / "snap").mkdir()
    result = fc("check", str(path), "--snapshot", str(tmp_path / "snap"))
    assert result.exit_code == 2
    assert "factcheck fetch" in result.stderr


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(("encoding", "text"), [
    ("latin-1", "Le café de la Gare a servi 180 crèmes brûlées à Noël, selon la mairie [1]."),
    ("cp1252", "The council said the \u201cnew\u201d ferry costs \u20ac14.2 million "
               "\u2013 about 12 % more [1]."),
])
def test_latin1_and_cp1252_drafts_read_correctly_and_say_so(
    tmp_path: Path, encoding: str, text: str
) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes(f"{text}\n\nReferences\n\n1. https://example.org/a\n".encode(encoding))
    listed = fc("claims", str(path), "-f", "json")
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.stdout)
    assert data["claims"][0]["text"] == text.replace(" [1]", "")
    note = [p for p in data["problems"] if p["kind"] == "draft_encoding"]
    assert len(note) == 1 and "cp1252" in note[0]["message"]


# --------------------------------------------------------------------------- messages


def test_fail_on_takes_the_names_the_terminal_shows(tmp_path: Path) -> None:
    path = draft(tmp_path, "The ferry carries 180 people [1].\n\n## References\n\n"
                 "1. https://example.org/a\n")
    snap = tmp_path / "snap"
    snap.mkdir()
    (snap / "manifest.json").write_text('{"version": 1, "sources": []}')
    for spelling in ("partial", "PARTIALLY SUPPORTED", "partially-supported", "unavailable"):
        result = fc("check", str(path), "--snapshot", str(snap), "--fail-on", spelling)
        assert result.exit_code in (0, 1), (spelling, result.output)
    wrong = fc("check", str(path), "--snapshot", str(snap), "--fail-on", "partly")
    assert wrong.exit_code == 2
    assert "partially_supported" in wrong.stderr and "source_unavailable" in wrong.stderr
    shown = fc("check", str(path), "--snapshot", str(snap))
    assert "SOURCE UNAVAILABLE" in shown.stdout


def test_a_blocked_source_is_explained_once_not_per_claim(tmp_path: Path) -> None:
    url = "http://127.0.0.1:9/page"
    path = draft(tmp_path, "# T\n\nThe ferry carries 180 people [1]. It cost 14 million "
                 "pounds [1]. It sails at 9 am [1].\n\n## References\n\n" f"1. {url}\n")
    result = fc("check", str(path), "--cache-dir", str(tmp_path / "c"))
    assert result.stdout.count("use --allow-private") == 1
    assert "3 sources fetched" not in result.stderr


def test_a_missing_references_section_is_the_first_and_only_problem(tmp_path: Path) -> None:
    path = draft(tmp_path, "It costs 14 million pounds [1]. It carries 180 people [2]. "
                 "It starts in 2027 [3].\n")
    data = json.loads(fc("claims", str(path), "-f", "json").stdout)
    assert [p["kind"] for p in data["problems"]] == ["no_references"]
    assert "[1], [2], [3]" in data["problems"][0]["message"]


def test_claims_json_has_a_version_and_the_table_follows_the_width(tmp_path: Path) -> None:
    path = draft(tmp_path, "The ferry carries 180 passengers and 24 cars on every crossing "
                 "of the bay [1].\n\n## References\n\n1. https://example.org/a\n")
    assert json.loads(fc("claims", str(path), "-f", "json").stdout)["version"] == 1
    narrow = runner.invoke(cli.app, ["claims", str(path)], env={"COLUMNS": "60"})
    widest = max(len(line) for line in narrow.stdout.splitlines())
    assert widest <= 60
    broad = runner.invoke(cli.app, ["claims", str(path)], env={"COLUMNS": "160"})
    assert max(len(line) for line in broad.stdout.splitlines()) > 100


def test_a_config_beside_the_draft_cannot_move_the_cache_or_stretch_limits(
    tmp_path: Path,
) -> None:
    path = ferry_draft(tmp_path, "https://example.org/a")
    for setting in ('cache_dir = "../../.."', "timeout = 100000", "retries = 1000",
                    'archive_api = "http://10.0.0.1/"', "allow_private = true"):
        (tmp_path / ".factcheck.toml").write_text(setting + "\n")
        result = fc("check", str(path), "--offline")
        assert result.exit_code == 2, (setting, result.output)
        assert "beside the draft" in result.stderr
    # Tightening is fine: the starter's allow_private = false, a lower timeout.
    (tmp_path / ".factcheck.toml").write_text("allow_private = false\ntimeout = 5\n")
    result = fc("check", str(path), "--offline", "--cache-dir", str(tmp_path / "c"))
    assert result.exit_code == 1, result.output  # offline, uncached: unchecked, not an error
